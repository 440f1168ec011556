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
 */
struct idset {
	size_t	  window, nring, head;	/* ring of ids, oldest at head */
	char	**ring;
	size_t	  mask;
	uint32_t *slots;		/* ring index + 1; 0 is empty */
	uint64_t *hashes;		/* per ring index */
	size_t	 *lens;			/* per ring index: ids may hold NUL */
	int64_t	 *values;		/* per ring index (idset_put) */
};

static uint64_t
hash_id(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ull;	/* FNV-1a, 64 bit */
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ull;
	return h ^ (h >> 29);
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
	set->hashes = calloc(window, sizeof(*set->hashes));
	set->lens = calloc(window, sizeof(*set->lens));
	set->values = calloc(window, sizeof(*set->values));
	set->slots = calloc(size, sizeof(*set->slots));
	if (set->ring == NULL || set->hashes == NULL || set->lens == NULL ||
	    set->values == NULL ||
	    set->slots == NULL) {
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
		for (i = 0; i < set->window; i++)
			free(set->ring[i]);
	free(set->ring);
	free(set->hashes);
	free(set->lens);
	free(set->values);
	free(set->slots);
	free(set);
}

static void
table_remove(struct idset *set, uint32_t ringidx)
{
	size_t i = set->hashes[ringidx] & set->mask, j, home;

	while (set->slots[i] != ringidx + 1)
		i = (i + 1) & set->mask;
	/* Shift back later entries whose probe chain crossed slot i. */
	for (j = (i + 1) & set->mask; set->slots[j] != 0;
	    j = (j + 1) & set->mask) {
		home = set->hashes[set->slots[j] - 1] & set->mask;
		if (((j - home) & set->mask) >= ((j - i) & set->mask)) {
			set->slots[i] = set->slots[j];
			i = j;
		}
	}
	set->slots[i] = 0;
}

int
idset_has(const struct idset *set, const char *id, size_t len)
{
	uint64_t h = hash_id(id, len);
	size_t i, idx;

	for (i = h & set->mask; set->slots[i] != 0; i = (i + 1) & set->mask) {
		idx = set->slots[i] - 1;
		if (set->hashes[idx] == h && set->lens[idx] == len &&
		    memcmp(set->ring[idx], id, len) == 0)
			return 1;
	}
	return 0;
}

int
idset_add(struct idset *set, const char *id, size_t len)
{
	return idset_put(set, id, len, 0, NULL);
}

int
idset_put(struct idset *set, const char *id, size_t len, int64_t value,
    int64_t *old)
{
	uint64_t h = hash_id(id, len);
	size_t i = h & set->mask, idx;
	char *copy;

	for (; set->slots[i] != 0; i = (i + 1) & set->mask) {
		idx = set->slots[i] - 1;
		if (set->hashes[idx] == h && set->lens[idx] == len &&
		    memcmp(set->ring[idx], id, len) == 0) {
			if (old != NULL)
				*old = set->values[idx];
			set->values[idx] = value;
			return 0;
		}
	}
	if ((copy = malloc(len + 1)) == NULL)
		return 1;	/* cannot remember it: let it through */
	memcpy(copy, id, len);
	copy[len] = '\0';
	if (set->nring == set->window) {
		/* Forget the oldest; its ring slot takes the new id. */
		idx = set->head;
		table_remove(set, (uint32_t)idx);
		free(set->ring[idx]);
		set->head = (set->head + 1) % set->window;
		/* The removal may have moved entries: probe again. */
		for (i = h & set->mask; set->slots[i] != 0;
		    i = (i + 1) & set->mask)
			;
	} else
		idx = (set->head + set->nring++) % set->window;
	set->ring[idx] = copy;
	set->hashes[idx] = h;
	set->lens[idx] = len;
	set->values[idx] = value;
	set->slots[i] = (uint32_t)idx + 1;
	return 1;
}
