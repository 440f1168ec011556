/* bloom.h - a Bloom filter in front of an open-addressing hash table
 *
 * Most keys a hot table is asked for are not in it, and a table of
 * thousands of slots is larger than the L1 cache: each of those probes
 * is a cache miss.  A filter of 8 bits a slot (1/16 of a 16-byte slot's
 * table) takes the key's 32-bit hash and answers "surely absent" for
 * nearly all of them (two bits a key, a few percent of false "maybe"),
 * never for a key that was added.  Sized by the table's mask (slots - 1,
 * a power of two); rebuilt when the table grows.
 */
#ifndef SCS_BLOOM_H
#define SCS_BLOOM_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/* The filter for a table of mask + 1 slots, empty; out of memory aborts
 * (as the tables' own growth does). */
static inline uint64_t *
bloom_new(size_t mask)
{
	uint64_t	*b;

	if ((b = calloc((mask + 1) / 8, sizeof(*b))) == NULL)
		abort();
	return b;
}

/* The two bits of hash h: the table's index with 3 bits more, and one
 * from the hash multiplied. */
static inline size_t
bloom_bit(size_t mask, uint32_t h, int second)
{
	uint32_t	g;

	if (!second)
		return (size_t)h & (mask * 8 + 7);
	g = h * 0x9e3779b1u;
	return (size_t)(g ^ (g >> 15)) & (mask * 8 + 7);
}

static inline void
bloom_add(uint64_t *b, size_t mask, uint32_t h)
{
	size_t	x = bloom_bit(mask, h, 0), y = bloom_bit(mask, h, 1);

	b[x >> 6] |= 1ull << (x & 63);
	b[y >> 6] |= 1ull << (y & 63);
}

/* 0: no key of hash h was added. */
static inline int
bloom_may_have(const uint64_t *b, size_t mask, uint32_t h)
{
	size_t	x = bloom_bit(mask, h, 0), y = bloom_bit(mask, h, 1);

	return (b[x >> 6] >> (x & 63) & 1) && (b[y >> 6] >> (y & 63) & 1);
}

#endif
