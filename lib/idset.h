/* idset.h - a bounded set of recently seen ids (de-duplication) */
#ifndef SCS_IDSET_H
#define SCS_IDSET_H

#include <stddef.h>

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

#endif
