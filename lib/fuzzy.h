/* fuzzy.h - edit distance for misspelled names ("movistr", "mobistar") */
#ifndef SCS_FUZZY_H
#define SCS_FUZZY_H

#include <stddef.h>

/*
 * Distance allowed for a term of n characters (code points): 0 up to 4,
 * 1 up to 7, 2 beyond.  Short words are too easily one edit from an
 * ordinary word.
 */
int	fuzzy_limit(size_t nchars);

/*
 * Optimal string alignment distance (Levenshtein plus adjacent
 * transpositions) between a and b, counted in code points of UTF-8
 * text; stops early and returns max + 1 once the distance must exceed
 * max.
 */
int	fuzzy_distance(const char *a, size_t alen, const char *b, size_t blen,
	    int max);

#endif
