/* acmatch.h - Aho-Corasick: find many byte patterns in one pass */
#ifndef SCS_ACMATCH_H
#define SCS_ACMATCH_H

#include <stddef.h>
#include <stdint.h>

/*
 * Patterns are added to a builder, which gives each distinct pattern an
 * id (0, 1, 2... in order of first addition; adding a pattern again
 * gives its id back).  ac_compile turns the builder into a matcher: a
 * deterministic automaton over classes of bytes (the bytes that occur
 * in some pattern, plus one class for all others), so scanning costs
 * one table lookup per byte of text, whatever the number of patterns.
 */
struct acbuild;
struct acmatch;

struct acbuild *ac_build_new(void);
/* Id of the pattern pat[0..len), len > 0; -1 when out of memory. */
long	ac_add(struct acbuild *, const char *pat, size_t len);
size_t	ac_build_count(const struct acbuild *);
void	ac_build_free(struct acbuild *);

/* The matcher for every pattern added; frees b.  NULL when out of memory
 * or too large (more than 2^31 table entries). */
struct acmatch *ac_compile(struct acbuild *b);
size_t	ac_count(const struct acmatch *);	/* patterns */
size_t	ac_states(const struct acmatch *);
void	ac_free(struct acmatch *);

/*
 * Call fn(id, end, arg) for every occurrence of every pattern in
 * text[0..len), end being the offset just past it: in order of end, and
 * for one end the longest pattern first.  Stops when fn returns non-zero
 * and returns that; 0 when the text was scanned to its end.
 */
int	ac_scan(const struct acmatch *, const char *text, size_t len,
	    int (*fn)(uint32_t id, size_t end, void *), void *arg);

#endif
