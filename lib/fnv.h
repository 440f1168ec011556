/* fnv.h - FNV-1a, 32 bits: the hash of the small tables keyed by words */
#ifndef SCS_FNV_H
#define SCS_FNV_H

#include <stddef.h>
#include <stdint.h>

#define FNV_INIT	2166136261u
#define FNV(h, c)	(((h) ^ (unsigned char)(c)) * 16777619u)

static inline uint32_t
fnv1a(const char *s, size_t len)
{
	uint32_t	h = FNV_INIT;
	size_t		i;

	for (i = 0; i < len; i++)
		h = FNV(h, s[i]);
	return h;
}

#endif
