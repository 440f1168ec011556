/* test_acmatch.c - unit tests for lib/acmatch.c */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "acmatch.h"
#include "check.h"

struct hit {
	uint32_t	id;
	size_t		end;
};

struct hits {
	struct hit	v[4096];
	size_t		n;
	size_t		stop_after;	/* 0: never stop */
};

static int
record(uint32_t id, size_t end, void *arg)
{
	struct hits *h = arg;

	if (h->n < sizeof(h->v) / sizeof(h->v[0])) {
		h->v[h->n].id = id;
		h->v[h->n].end = end;
	}
	h->n++;
	return h->stop_after != 0 && h->n == h->stop_after ? 7 : 0;
}

/* The classic example: he, she, his, hers over "ushers". */
static void
test_basic(void)
{
	struct acbuild *b = ac_build_new();
	struct acmatch *ac;
	struct hits h;

	memset(&h, 0, sizeof(h));
	CHECK_INT(ac_add(b, "he", 2), 0);
	CHECK_INT(ac_add(b, "she", 3), 1);
	CHECK_INT(ac_add(b, "his", 3), 2);
	CHECK_INT(ac_add(b, "hers", 4), 3);
	CHECK_INT(ac_add(b, "he", 2), 0);	/* the same pattern again */
	CHECK_INT(ac_add(b, "", 0), -1);
	CHECK_INT(ac_build_count(b), 4);
	ac = ac_compile(b);
	CHECK(ac != NULL);
	CHECK_INT(ac_count(ac), 4);
	CHECK_INT(ac_states(ac), 10);
	CHECK_INT(ac_scan(ac, "ushers", 6, record, &h), 0);
	CHECK_INT(h.n, 3);
	/* she and he end together: the longer first. */
	CHECK_INT(h.v[0].id, 1);
	CHECK_INT(h.v[0].end, 4);
	CHECK_INT(h.v[1].id, 0);
	CHECK_INT(h.v[1].end, 4);
	CHECK_INT(h.v[2].id, 3);
	CHECK_INT(h.v[2].end, 6);
	/* A non-zero return stops the scan and comes back. */
	memset(&h, 0, sizeof(h));
	h.stop_after = 2;
	CHECK_INT(ac_scan(ac, "ushers his", 10, record, &h), 7);
	CHECK_INT(h.n, 2);
	memset(&h, 0, sizeof(h));
	CHECK_INT(ac_scan(ac, "", 0, record, &h), 0);
	CHECK_INT(h.n, 0);
	ac_free(ac);
}

static void
test_empty(void)
{
	struct acmatch *ac = ac_compile(ac_build_new());
	struct hits h;

	memset(&h, 0, sizeof(h));
	CHECK(ac != NULL);
	CHECK_INT(ac_count(ac), 0);
	CHECK_INT(ac_scan(ac, "anything", 8, record, &h), 0);
	CHECK_INT(h.n, 0);
	ac_free(ac);
}

/* Space-delimited words, as rules use them; bytes of UTF-8 too. */
static void
test_words(void)
{
	struct acbuild *b = ac_build_new();
	struct acmatch *ac;
	struct hits h;
	const char *text = " quiero dar de baja el servicio de baja ";

	memset(&h, 0, sizeof(h));
	ac_add(b, " baja ", 6);
	ac_add(b, " dar de baja ", 13);
	ac_add(b, " bajada ", 8);
	ac_add(b, " señal ", strlen(" señal "));
	ac = ac_compile(b);
	ac_scan(ac, text, strlen(text), record, &h);
	CHECK_INT(h.n, 3);
	CHECK_INT(h.v[0].id, 1);
	CHECK_INT(h.v[1].id, 0);
	CHECK_INT(h.v[1].end, h.v[0].end);
	CHECK_INT(h.v[2].id, 0);
	CHECK_INT(h.v[2].end, strlen(text));
	memset(&h, 0, sizeof(h));
	ac_scan(ac, " sin señal ", strlen(" sin señal "), record, &h);
	CHECK_INT(h.n, 1);
	CHECK_INT(h.v[0].id, 3);
	ac_free(ac);
}

static int
cmp_hit(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;

	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Random patterns and texts over a small alphabet (so that patterns
 * overlap a lot), with bytes in no pattern, against memcmp at each end. */
static void
test_random(void)
{
	static const char alphabet[] = "abca\xC3\xA9\x00\xFF";
	char pats[40][8], text[300];
	size_t plen[40], npat, tlen, i, j, e;
	long ids[40];
	struct acbuild *b;
	struct acmatch *ac;
	static struct hits got, want;
	size_t total = 0;
	int round, bad = 0;

	srand(11);
	for (round = 0; round < 500; round++) {
		b = ac_build_new();
		npat = 1 + (size_t)rand() % 40;
		for (i = 0; i < npat; i++) {
			plen[i] = 1 + (size_t)rand() % 6;
			for (j = 0; j < plen[i]; j++)
				pats[i][j] = alphabet[rand() % 6];
			ids[i] = ac_add(b, pats[i], plen[i]);
		}
		tlen = (size_t)rand() % 300;
		for (j = 0; j < tlen; j++)
			text[j] = alphabet[rand() % 8];
		ac = ac_compile(b);
		got.n = want.n = 0;
		ac_scan(ac, text, tlen, record, &got);
		/* Naive: each distinct pattern (by id) at each end. */
		for (e = 1; e <= tlen; e++)
			for (i = 0; i < npat; i++) {
				for (j = 0; j < i && ids[j] != ids[i]; j++)
					;
				if (j == i && plen[i] <= e && memcmp(text + e -
				    plen[i], pats[i], plen[i]) == 0)
					record((uint32_t)ids[i], e, &want);
			}
		total += want.n;
		qsort(got.v, got.n, sizeof(got.v[0]), cmp_hit);
		qsort(want.v, want.n, sizeof(want.v[0]), cmp_hit);
		if (got.n != want.n)
			bad++;
		else
			for (j = 0; j < got.n; j++)
				if (got.v[j].id != want.v[j].id ||
				    got.v[j].end != want.v[j].end) {
					bad++;
					break;
				}
		ac_free(ac);
	}
	CHECK_INT(bad, 0);
	CHECK(total > 10000);	/* the comparison was not vacuous */
}

int
main(void)
{
	test_basic();
	test_empty();
	test_words();
	test_random();
	return CHECK_DONE();
}
