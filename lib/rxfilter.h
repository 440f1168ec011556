/* rxfilter.h - cheap necessary conditions for a POSIX extended regex */
#ifndef SCS_RXFILTER_H
#define SCS_RXFILTER_H

#include <stddef.h>

/*
 * glibc's regexec costs microseconds a call on an unanchored pattern
 * like "(^|[^0-9])[0-9]{2}[.]?[0-9]{3}" even when the text holds no
 * digit.  A filter reads from the pattern what any match needs: literal
 * strings ("://" in "https?://") and counts of bytes from a set (8
 * digits above).  Text that lacks one cannot match, and the regex is not
 * run.  Parts of the pattern the filter does not understand need
 * nothing, so a filter may let through text that does not match, never
 * the reverse.
 */
struct rxfilter;

/* The filter for pattern re (as given to regcomp with REG_EXTENDED, and
 * REG_ICASE when icase); NULL when the pattern needs nothing known. */
struct rxfilter *rxfilter_new(const char *re, int icase);
/* 0 when text cannot match the pattern; 1 when it may. */
int	rxfilter_pass(const struct rxfilter *, const char *text, size_t len);
void	rxfilter_free(struct rxfilter *);

#endif
