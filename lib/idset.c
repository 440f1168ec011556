/* idset.c - exact de-duplication over a sliding window of ids */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "idset.h"

/*
 * Open addressing over a power-of-two table at most half full, with a
 * ring of the ids in arrival order: when the ring is full the oldest id
 * is removed from the table (backward-shift deletion keeps probing
 * correct without tombstones).
 *
 * A slot holds its entry's ring index and the low 32 bits of its hash,
 * so a probe compares hashes, and a deletion finds each entry's home,
 * without leaving the table: with 100k ids the table and the ring are
 * megabytes, and every look elsewhere is a cache miss.  An entry's
 * fields sit together, for the same reason.
 */
#define INLINE_MAX	16	/* ids this short live in the entry */

struct entry {
	union {
		char	*p;		/* len > INLINE_MAX */
		char	 in[INLINE_MAX];
	}	 id;
	size_t	 len;		/* ids may hold NUL */
	uint64_t hash;
	int64_t	 value;		/* idset_put */
};

struct idset {
	size_t		 window, nring, head;	/* ring, oldest at head */
	struct entry	*ring;
	size_t		 mask;
	uint64_t	*slots;		/* hash << 32 | ring index + 1; 0: empty */
};

#define SLOT_IDX(s)	((uint32_t)(s) - 1)
#define SLOT_TAG(s)	((uint32_t)((s) >> 32))

static inline uint64_t
mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	return h ^ (h >> 33);
}

/* 8 bytes at a time, then a final mix (the table uses the low bits). */
static uint64_t
hash_id(const char *s, size_t len)
{
	uint64_t h = 0x9e3779b97f4a7c15ull ^ len, w;

	while (len >= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0x9e3779b97f4a7c15ull;
		h ^= h >> 29;
		s += 8;
		len -= 8;
	}
	if (len > 0) {
		w = 0;
		memcpy(&w, s, len);
		h = (h ^ w) * 0x9e3779b97f4a7c15ull;
	}
	return mix(h);
}

static inline const char *
id_of(const struct entry *e)
{
	return e->len > INLINE_MAX ? e->id.p : e->id.in;
}

static inline void
forget_id(struct entry *e)
{
	if (e->len > INLINE_MAX)
		free(e->id.p);
}

/* The home slot of the entry a slot holds. */
static inline size_t
home_of(const struct idset *set, uint64_t slot)
{
	if (set->mask <= UINT32_MAX)
		return SLOT_TAG(slot) & set->mask;
	return set->ring[SLOT_IDX(slot)].hash & set->mask;
}

struct idset *
idset_new(size_t window)
{
	struct idset *set;
	size_t size = 16;

	if (window == 0)
		window = 1;
	while (size < window * 2)
		size *= 2;
	if ((set = calloc(1, sizeof(*set))) == NULL)
		return NULL;
	set->window = window;
	set->mask = size - 1;
	set->ring = calloc(window, sizeof(*set->ring));
	set->slots = calloc(size, sizeof(*set->slots));
	if (set->ring == NULL || set->slots == NULL) {
		idset_free(set);
		return NULL;
	}
	return set;
}

void
idset_free(struct idset *set)
{
	size_t i;

	if (set == NULL)
		return;
	if (set->ring != NULL)
		for (i = 0; i < set->nring; i++)
			forget_id(&set->ring[(set->head + i) % set->window]);
	free(set->ring);
	free(set->slots);
	free(set);
}

static void
table_remove(struct idset *set, uint32_t ringidx)
{
	size_t i = set->ring[ringidx].hash & set->mask, j, home;

	while (SLOT_IDX(set->slots[i]) != ringidx)
		i = (i + 1) & set->mask;
	/* Shift back later entries whose probe chain crossed slot i. */
	for (j = (i + 1) & set->mask; set->slots[j] != 0;
	    j = (j + 1) & set->mask) {
		home = home_of(set, set->slots[j]);
		if (((j - home) & set->mask) >= ((j - i) & set->mask)) {
			set->slots[i] = set->slots[j];
			i = j;
		}
	}
	set->slots[i] = 0;
}

/* The entry holding id, or NULL; *at is where the probe stopped. */
static inline struct entry *
find(const struct idset *set, const char *id, size_t len, uint64_t h,
    size_t *at)
{
	size_t i;
	uint64_t s;
	uint32_t tag = (uint32_t)h;
	struct entry *e;

	for (i = h & set->mask; (s = set->slots[i]) != 0;
	    i = (i + 1) & set->mask) {
		if (SLOT_TAG(s) != tag)
			continue;
		e = &set->ring[SLOT_IDX(s)];
		if (e->hash == h && e->len == len &&
		    memcmp(id_of(e), id, len) == 0)
			return e;
	}
	*at = i;
	return NULL;
}

int
idset_has(const struct idset *set, const char *id, size_t len)
{
	size_t at;

	return find(set, id, len, hash_id(id, len), &at) != NULL;
}

int
idset_add(struct idset *set, const char *id, size_t len)
{
	return idset_put(set, id, len, 0, NULL);
}

void
idset_prefetch(const struct idset *set, const char *id, size_t len)
{
	const struct entry *oldest = &set->ring[set->head];

	__builtin_prefetch(&set->slots[hash_id(id, len) & set->mask], 1);
	if (set->nring == set->window) {
		__builtin_prefetch(oldest, 1);
		/* Its hash is read now: that line is near, being next. */
		__builtin_prefetch(&set->slots[oldest->hash & set->mask], 1);
	}
}

int
idset_put(struct idset *set, const char *id, size_t len, int64_t value,
    int64_t *old)
{
	uint64_t h = hash_id(id, len);
	size_t i, idx;
	struct entry *e;
	char *copy = NULL;

	if ((e = find(set, id, len, h, &i)) != NULL) {
		if (old != NULL)
			*old = e->value;
		e->value = value;
		return 0;
	}
	if (len > INLINE_MAX) {
		if ((copy = malloc(len)) == NULL)
			return 1;	/* cannot remember it: let it through */
		memcpy(copy, id, len);
	}
	if (set->nring == set->window) {
		/* Forget the oldest; its ring slot takes the new id. */
		idx = set->head;
		table_remove(set, (uint32_t)idx);
		forget_id(&set->ring[idx]);
		set->head = (set->head + 1) % set->window;
		/* The removal may have moved entries: probe again. */
		for (i = h & set->mask; set->slots[i] != 0;
		    i = (i + 1) & set->mask)
			;
	} else
		idx = (set->head + set->nring++) % set->window;
	e = &set->ring[idx];
	if (len > INLINE_MAX)
		e->id.p = copy;
	else
		memcpy(e->id.in, id, len);
	e->hash = h;
	e->len = len;
	e->value = value;
	set->slots[i] = (uint64_t)(uint32_t)h << 32 | ((uint64_t)idx + 1);
	return 1;
}
