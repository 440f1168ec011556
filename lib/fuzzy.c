/* fuzzy.c - edit distance for misspelled names */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzzy.h"
#include "utf8.h"

#define SMALL	64		/* code points handled without malloc */
#define FAR	(INT_MAX / 2)	/* a cell outside the band */

int
fuzzy_limit(size_t nchars)
{
	if (nchars <= 4)
		return 0;
	if (nchars <= 7)
		return 1;
	return 2;
}

/* Code points of s[0..len) into out (room for cap); returns the count. */
static size_t
decode_into(const char *s, size_t len, uint32_t *out, size_t cap)
{
	size_t i = 0, n = 0;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			if (n < cap)
				out[n] = (unsigned char)s[i];
			i++;
		} else {
			uint32_t cp;

			i += (size_t)utf8_decode(s + i, len - i, &cp);
			if (n < cap)
				out[n] = cp;
		}
		n++;
	}
	return n;
}

static int
min3(int a, int b, int c)
{
	int m = a < b ? a : b;

	return m < c ? m : c;
}

/*
 * Banded optimal string alignment: only cells with |i - j| <= max can
 * hold a distance within max, so each row computes 2 * max + 1 cells and
 * marks the cell just right of its band FAR for the next row to read.
 * Three rows rotate (the transposition looks two rows back).
 */
static int
osa_banded(const uint32_t *a, size_t n, const uint32_t *b, size_t m,
    int max, int *rows)
{
	int *prev2 = rows, *prev = rows + m + 1, *cur = rows + 2 * (m + 1);
	int *tmp, v, rowmin;
	size_t i, j, lo, hi, k = (size_t)max;

	for (j = 0; j <= m; j++)
		prev[j] = j <= k ? (int)j : FAR;
	for (i = 1; i <= n; i++) {
		lo = i > k ? i - k : 1;
		hi = i + k < m ? i + k : m;
		cur[lo - 1] = lo == 1 ? (int)i : FAR;
		rowmin = cur[lo - 1];
		for (j = lo; j <= hi; j++) {
			v = min3(prev[j] + 1, cur[j - 1] + 1,
			    prev[j - 1] + (a[i - 1] != b[j - 1]));
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < v)
				v = prev2[j - 2] + 1;
			cur[j] = v;
			if (v < rowmin)
				rowmin = v;
		}
		if (hi < m)
			cur[hi + 1] = FAR;
		if (rowmin > max)
			return max + 1;
		tmp = prev2;
		prev2 = prev;
		prev = cur;
		cur = tmp;
	}
	return prev[m] <= max ? prev[m] : max + 1;
}

int
fuzzy_distance(const char *a, size_t alen, const char *b, size_t blen,
    int max)
{
	uint32_t sa[SMALL], sb[SMALL], *ha = NULL, *hb = NULL;
	int srows[3 * (SMALL + 1)], *hrows = NULL, d;
	size_t n, m;

	if (max < 0)
		return 0;	/* max + 1: any distance exceeds it */
	if (alen == blen && memcmp(a, b, alen) == 0)
		return 0;
	n = decode_into(a, alen, sa, SMALL);
	m = decode_into(b, blen, sb, SMALL);
	if ((n > m ? n - m : m - n) > (size_t)max)
		return max + 1;		/* a length edit each */
	if ((size_t)max > n + m)
		max = (int)(n + m);	/* no distance is larger */
	if (n > SMALL || m > SMALL) {
		ha = malloc(n * sizeof(*ha));
		hb = malloc(m * sizeof(*hb));
		hrows = malloc(3 * (m + 1) * sizeof(*hrows));
		if (ha == NULL || hb == NULL || hrows == NULL) {
			d = max + 1;
			goto done;
		}
		decode_into(a, alen, ha, n);
		decode_into(b, blen, hb, m);
		d = osa_banded(ha, n, hb, m, max, hrows);
	} else
		d = osa_banded(sa, n, sb, m, max, srows);
done:
	free(ha);
	free(hb);
	free(hrows);
	return d;
}
