/* test_fuzzy.c - unit tests for lib/fuzzy.c */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fuzzy.h"
#include "utf8.h"

#define D(a, b, max)	fuzzy_distance((a), strlen(a), (b), strlen(b), (max))

static void
test_limit(void)
{
	size_t n;

	for (n = 0; n <= 4; n++)
		CHECK_INT(fuzzy_limit(n), 0);
	for (n = 5; n <= 7; n++)
		CHECK_INT(fuzzy_limit(n), 1);
	CHECK_INT(fuzzy_limit(8), 2);
	CHECK_INT(fuzzy_limit(30), 2);
}

static void
test_distance(void)
{
	CHECK_INT(D("", "", 3), 0);
	CHECK_INT(D("abc", "", 3), 3);
	CHECK_INT(D("", "abc", 5), 3);
	CHECK_INT(D("movistar", "movistar", 2), 0);
	CHECK_INT(D("movistar", "movistr", 2), 1);
	CHECK_INT(D("movistar", "mobistar", 2), 1);
	CHECK_INT(D("movistar", "movsitar", 2), 1);	/* transposition */
	CHECK_INT(D("movistar", "moviestar", 2), 1);
	CHECK_INT(D("movistar", "visitar", 5), 3);
	CHECK_INT(D("movistar", "mostrar", 5), 3);
	CHECK_INT(D("kitten", "sitting", 5), 3);
	CHECK_INT(D("ab", "ba", 2), 1);
	/* Optimal string alignment, not Damerau: no edit of a swapped pair. */
	CHECK_INT(D("ca", "abc", 5), 3);
	/* Code points, not bytes. */
	CHECK_INT(D("canción", "cancion", 2), 1);
	CHECK_INT(D("ñandú", "nandu", 3), 2);
	CHECK_INT(D("😀x", "x", 2), 1);
	CHECK_INT(D("añb", "anb", 0), 1);
	/* Early exit gives max + 1. */
	CHECK_INT(D("kitten", "sitting", 2), 3);
	CHECK_INT(D("abcdefgh", "zzzzzzzz", 1), 2);
	CHECK_INT(D("a", "abcdef", 2), 3);
	CHECK_INT(D("movistar", "movistar", 0), 0);
	CHECK_INT(D("movistar", "movistr", 0), 1);
	CHECK_INT(D("x", "y", -1), 0);
	/* Huge max is fine. */
	CHECK_INT(D("abc", "xyz", 1000000), 3);
}

/* Longer than the stack buffers. */
static void
test_long(void)
{
	char a[301], b[301];

	memset(a, 'a', 300);
	a[300] = '\0';
	memcpy(b, a, sizeof(a));
	b[10] = 'x';
	b[200] = 'y';
	CHECK_INT(D(a, b, 2), 2);
	CHECK_INT(D(a, b, 1), 2);
	CHECK_INT(D(a, b, 5), 2);
	b[299] = '\0';
	CHECK_INT(D(a, b, 3), 3);
	CHECK_INT(D(a, "aaa", 2), 3);
}

/* Full-table OSA over code points, with no band and no early exit. */
static int
naive_osa(const char *as, const char *bs)
{
	uint32_t a[32], b[32];
	int d[33][33], v;
	size_t n = 0, m = 0, i, j, k;

	for (k = 0; as[k] != '\0'; n++)
		k += (size_t)utf8_decode(as + k, strlen(as + k), &a[n]);
	for (k = 0; bs[k] != '\0'; m++)
		k += (size_t)utf8_decode(bs + k, strlen(bs + k), &b[m]);
	for (i = 0; i <= n; i++)
		d[i][0] = (int)i;
	for (j = 0; j <= m; j++)
		d[0][j] = (int)j;
	for (i = 1; i <= n; i++)
		for (j = 1; j <= m; j++) {
			v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	return d[n][m];
}

static void
random_word(char *out, size_t maxcp)
{
	static const char *const alphabet[] = { "a", "b", "c", "ñ", "é" };
	size_t n = (size_t)rand() % (maxcp + 1), i;

	out[0] = '\0';
	for (i = 0; i < n; i++)
		strcat(out, alphabet[rand() % 5]);
}

static void
test_random(void)
{
	char a[64], b[64];
	int i, max, want, got, bad = 0;

	srand(7);
	for (i = 0; i < 20000; i++) {
		random_word(a, 9);
		random_word(b, 9);
		max = rand() % 5;
		want = naive_osa(a, b);
		if (want > max)
			want = max + 1;
		got = D(a, b, max);
		if (got != want && bad++ < 5)
			fprintf(stderr, "\"%s\" \"%s\" max %d: %d, want %d\n",
			    a, b, max, got, want);
	}
	CHECK_INT(bad, 0);
}

int
main(void)
{
	test_limit();
	test_distance();
	test_long();
	test_random();
	return CHECK_DONE();
}
