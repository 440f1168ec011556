/* ere.h - does a POSIX extended regex match somewhere in a text? */
#ifndef SCS_ERE_H
#define SCS_ERE_H

#include <stddef.h>

/*
 * A rule asks only whether its pattern matches somewhere, never where
 * or what the groups hold.  That question has a one-pass answer: an NFA
 * turned, state set by state set as the texts need them, into a DFA,
 * so each byte of text costs a table lookup, whatever the pattern.
 * glibc's regexec instead tries the pattern from every position, which
 * for "[a-z0-9._%+-]+@" over a tweet full of @mentions is tens of
 * thousands of instructions.
 *
 * Characters are UTF-8: "." and a bracket expression match one whole
 * character, so "a.b" matches "aéb" and "[?¿]" does not match "¡"
 * (glibc in the C locale matches bytes).  ASCII letters match either
 * case when icase is set.  No REG_NEWLINE: "^" and "$" are the ends of
 * the text, and "." matches a newline.
 *
 * ere_compile returns NULL for what it does not do: back-references and
 * GNU escapes (\w, \b, \<), equivalence classes and collating elements
 * ([[=a=]], [[.-.]]), negated brackets that list non-ASCII characters,
 * ranges between non-ASCII characters, and patterns whose automaton
 * would be too large.  The caller then uses regcomp/regexec.  A pattern
 * regcomp refuses is not to be given here: ere_compile may accept it.
 */
struct ere;

struct ere *ere_compile(const char *pattern, int icase);
/* 1 when the pattern matches somewhere in text[0..len), else 0. */
int	ere_match(struct ere *, const char *text, size_t len);
void	ere_free(struct ere *);

#endif
