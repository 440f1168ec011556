/* utf8_impl.h - what utf8.c and utf8_tokens.c share: code point ranges */

#ifndef UTF8_IMPL_H
#define UTF8_IMPL_H

#include <stddef.h>
#include <stdint.h>

struct cprange {
	uint32_t	lo, hi;
};

/*
 * The entry of a sorted table of disjoint ranges that holds cp, or NULL.
 * Every table's entries start with a struct cprange.
 */
static inline const void *
find_range(uint32_t cp, const void *table, size_t n, size_t size)
{
	const struct cprange	*r;
	size_t			 lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		r = (const void *)((const char *)table + mid * size);
		if (cp < r->lo)
			hi = mid;
		else if (cp > r->hi)
			lo = mid + 1;
		else
			return r;
	}
	return NULL;
}

#define NELEM(t)	(sizeof(t) / sizeof((t)[0]))
#define FIND(cp, t)	find_range((cp), (t), NELEM(t), sizeof((t)[0]))
#define IN(cp, t)	(FIND(cp, t) != NULL)

#endif
