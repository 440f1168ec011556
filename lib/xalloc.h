/* xalloc.h - allocation that does not come back empty */
#ifndef SCS_XALLOC_H
#define SCS_XALLOC_H

#include <stddef.h>

/*
 * As malloc, calloc, realloc and strdup, but out of memory ends the
 * program (diag_fatal, exit 70): a tool half-way through a record has
 * nothing sensible to go on with.  xstrdup(NULL) is NULL.
 */
void	*xmalloc(size_t);
void	*xcalloc(size_t n, size_t size);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t n, size_t size);	/* checks n * size */
char	*xstrdup(const char *);

#endif
