/* idset.h - a bounded set of recently seen ids (de-duplication) */
#ifndef SCS_IDSET_H
#define SCS_IDSET_H

#include <stddef.h>
#include <stdint.h>

/*
 * Remembers the last `window` distinct ids exactly (full strings, so no
 * false duplicates); the oldest is forgotten when a new one arrives and
 * the window is full.  Memory is O(window), whatever the input size.
 */
struct idset;

struct idset *idset_new(size_t window);
void	idset_free(struct idset *);

/* 1 if id was new (and is now remembered), 0 if it is in the window. */
int	idset_add(struct idset *, const char *id, size_t len);

/* Is id in the window?  (Changes nothing.) */
int	idset_has(const struct idset *, const char *id, size_t len);

/*
 * The same, with a value kept for each id (a time, say): when id is in
 * the window, *old (if not NULL) gets its value, which is then replaced
 * by value, and 0 is returned; a new id is remembered with value.
 */
int	idset_put(struct idset *, const char *id, size_t len, int64_t value,
	    int64_t *old);

/*
 * A hint: idset_put(id) comes later.  A large window is megabytes, and
 * a put touches it at random (the id's slot, and when the window is
 * full, the oldest id's): those lines are asked for now, so that the
 * work done meanwhile hides the wait.  Changes nothing.
 */
void	idset_prefetch(const struct idset *, const char *id, size_t len);

#endif
