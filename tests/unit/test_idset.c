/* test_idset.c - unit tests for lib/idset.c */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "idset.h"

static int
add(struct idset *set, const char *id)
{
	return idset_add(set, id, strlen(id));
}

static void
test_basic(void)
{
	struct idset *set = idset_new(100);

	CHECK(set != NULL);
	CHECK_INT(add(set, "a"), 1);
	CHECK_INT(add(set, "b"), 1);
	CHECK_INT(add(set, "a"), 0);
	CHECK_INT(add(set, "b"), 0);
	CHECK_INT(add(set, "A"), 1);		/* exact: case counts */
	CHECK_INT(add(set, ""), 1);		/* the empty id is an id */
	CHECK_INT(add(set, ""), 0);

	/* Prefixes of one another are different ids, either way round. */
	CHECK_INT(add(set, "id1"), 1);
	CHECK_INT(add(set, "id10"), 1);
	CHECK_INT(add(set, "id100"), 1);
	CHECK_INT(add(set, "id"), 1);
	CHECK_INT(add(set, "id1"), 0);
	CHECK_INT(add(set, "id10"), 0);
	CHECK_INT(add(set, "id100"), 0);
	CHECK_INT(add(set, "id1000"), 1);
	CHECK_INT(add(set, "d100"), 1);		/* a suffix */

	/* Only len bytes count: the same buffer, different lengths. */
	CHECK_INT(idset_add(set, "xyz", 2), 1);
	CHECK_INT(idset_add(set, "xyz", 3), 1);
	CHECK_INT(idset_add(set, "xy!", 2), 0);	/* "xy" again */
	CHECK_INT(idset_add(set, "xyz", 1), 1);
	CHECK_INT(idset_add(set, "xyz", 3), 0);
	CHECK_INT(idset_add(set, "xyz", 0), 0);	/* "" again */

	/* Bytes, not C strings: NUL inside an id is part of it. */
	CHECK_INT(idset_add(set, "n\0a", 3), 1);
	CHECK_INT(idset_add(set, "n\0a", 3), 0);
	CHECK_INT(idset_add(set, "n\0b", 3), 1);
	CHECK_INT(idset_add(set, "n", 1), 1);
	CHECK_INT(idset_add(set, "n\0", 2), 1);
	CHECK_INT(idset_add(set, "n\0", 2), 0);
	CHECK_INT(idset_add(set, "n\0a", 3), 0);
	CHECK_INT(idset_add(set, "\xff\xfe", 2), 1);
	CHECK_INT(idset_add(set, "\xff\xfe", 2), 0);

	/* Long ids, and ones that differ only in their last byte. */
	{
		char a[5000], b[5000];

		memset(a, 'L', sizeof(a));
		memcpy(b, a, sizeof(b));
		b[sizeof(b) - 1] = 'M';
		CHECK_INT(idset_add(set, a, sizeof(a)), 1);
		CHECK_INT(idset_add(set, b, sizeof(b)), 1);
		CHECK_INT(idset_add(set, a, sizeof(a)), 0);
		CHECK_INT(idset_add(set, b, sizeof(b)), 0);
		CHECK_INT(idset_add(set, a, sizeof(a) - 1), 1);
		CHECK_INT(idset_add(set, b, sizeof(b) - 1), 0);	/* same */
	}
	idset_free(set);
	idset_free(NULL);
}

static void
test_window(void)
{
	struct idset *set = idset_new(4);

	/* Four fit.  The window is shown oldest first. */
	CHECK_INT(add(set, "a"), 1);
	CHECK_INT(add(set, "b"), 1);
	CHECK_INT(add(set, "c"), 1);
	CHECK_INT(add(set, "d"), 1);		/* a b c d */
	CHECK_INT(add(set, "a"), 0);
	CHECK_INT(add(set, "b"), 0);
	CHECK_INT(add(set, "c"), 0);
	CHECK_INT(add(set, "d"), 0);
	/* The fifth pushes out the first, and only it. */
	CHECK_INT(add(set, "e"), 1);		/* b c d e */
	CHECK_INT(add(set, "b"), 0);
	CHECK_INT(add(set, "c"), 0);
	CHECK_INT(add(set, "d"), 0);
	CHECK_INT(add(set, "e"), 0);
	/* A refused id is not refreshed: b stays the oldest. */
	CHECK_INT(add(set, "a"), 1);		/* c d e a */
	CHECK_INT(add(set, "b"), 1);		/* d e a b */
	CHECK_INT(add(set, "e"), 0);
	CHECK_INT(add(set, "a"), 0);
	CHECK_INT(add(set, "b"), 0);
	CHECK_INT(add(set, "c"), 1);		/* e a b c */
	CHECK_INT(add(set, "d"), 1);		/* a b c d */
	CHECK_INT(add(set, "e"), 1);		/* b c d e */
	CHECK_INT(add(set, "a"), 1);		/* c d e a */
	CHECK_INT(add(set, "c"), 0);
	CHECK_INT(add(set, "b"), 1);		/* d e a b */
	CHECK_INT(add(set, "d"), 0);
	idset_free(set);

	/* Window 1, and 0 (taken as 1). */
	set = idset_new(1);
	CHECK_INT(add(set, "x"), 1);
	CHECK_INT(add(set, "x"), 0);
	CHECK_INT(add(set, "y"), 1);
	CHECK_INT(add(set, "y"), 0);
	CHECK_INT(add(set, "x"), 1);
	idset_free(set);
	set = idset_new(0);
	CHECK(set != NULL);
	CHECK_INT(add(set, "x"), 1);
	CHECK_INT(add(set, "x"), 0);
	CHECK_INT(add(set, "y"), 1);
	CHECK_INT(add(set, "x"), 1);
	idset_free(set);
}

/* xorshift64*: the same sequence on every run. */
static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t
rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dull;
}

/* One of several spellings, so ids vary in length and share prefixes. */
static size_t
id_text(char *buf, size_t bufsz, unsigned k)
{
	/* Ids up to 16 bytes are kept inside the entry, longer ones apart:
	 * both kinds, and both sides of the limit. */
	switch (k % 6) {
	case 4:
		return (size_t)snprintf(buf, bufsz, "%016u", k);
	case 5:
		return (size_t)snprintf(buf, bufsz, "%017u", k);
	case 0:
		return (size_t)snprintf(buf, bufsz, "%u", k);
	case 1:
		return (size_t)snprintf(buf, bufsz, "user:%u", k);
	case 2:
		return (size_t)snprintf(buf, bufsz, "%u:%040u", k, k);
	default:
		return (size_t)snprintf(buf, bufsz, "t%u", k);
	}
}

/*
 * Against a model: an id is in the window when it was last accepted
 * among the latest `window` accepted ids.  Returns the mismatches.
 */
static long
random_run(size_t window, unsigned range, long ops, long *nrefused)
{
	struct idset *set = idset_new(window);
	long *seq = malloc(range * sizeof(*seq)), naccepted = 0, bad = 0, i;
	char buf[128];
	unsigned k;
	size_t len;
	int want, r;

	if (set == NULL || seq == NULL) {
		perror("random_run");
		exit(2);
	}
	for (k = 0; k < range; k++)
		seq[k] = -1;
	*nrefused = 0;
	for (i = 0; i < ops; i++) {
		k = (unsigned)(rnd() % range);
		len = id_text(buf, sizeof(buf), k);
		want = !(seq[k] >= 0 && naccepted - seq[k] <= (long)window);
		/* A hint changes nothing (and reads only what it may, the
		 * sanitizers and valgrind see). */
		if (i % 3 == 0)
			idset_prefetch(set, buf, len);
		r = idset_add(set, buf, len);
		if (r != want) {
			if (bad++ < 5)
				fprintf(stderr, "window %zu, op %ld: %s gave "
				    "%d, want %d\n", window, i, buf, r, want);
		}
		if (want)
			seq[k] = naccepted++;
		else
			(*nrefused)++;
	}
	idset_free(set);
	free(seq);
	return bad;
}

static void
test_random(void)
{
	long refused;

	/* The case asked for: 200k ids, window 1000, many repeats. */
	CHECK_INT(random_run(1000, 2500, 200000, &refused), 0);
	CHECK(refused > 40000 && refused < 160000);	/* both paths taken */
	/* Tiny tables, where probe chains wrap around. */
	CHECK_INT(random_run(7, 20, 50000, &refused), 0);
	CHECK(refused > 5000);
	CHECK_INT(random_run(8, 9, 20000, &refused), 0);
	CHECK_INT(random_run(1, 3, 5000, &refused), 0);
	/* Almost never a repeat: eviction on every add. */
	CHECK_INT(random_run(512, 4000000, 50000, &refused), 0);
	/* Window larger than the number of distinct ids: nothing leaves. */
	CHECK_INT(random_run(5000, 3000, 30000, &refused), 0);
	CHECK(refused >= 30000 - 3000 && refused < 30000 - 2990);
}

static void
test_values(void)
{
	struct idset *set = idset_new(2);
	int64_t old = -1;

	CHECK_INT(idset_put(set, "a", 1, 100, &old), 1);
	CHECK_INT(old, -1);
	CHECK_INT(idset_put(set, "a", 1, 200, &old), 0);
	CHECK_INT(old, 100);
	CHECK_INT(idset_put(set, "a", 1, 300, NULL), 0);
	CHECK_INT(idset_put(set, "b", 1, 7, &old), 1);
	CHECK_INT(idset_put(set, "a", 1, 400, &old), 0);
	CHECK_INT(old, 300);
	/* "c" pushes out the oldest, "a"; its value goes with it. */
	CHECK_INT(idset_put(set, "c", 1, 9, &old), 1);
	old = -1;
	CHECK_INT(idset_put(set, "a", 1, 1, &old), 1);
	CHECK_INT(old, -1);
	CHECK_INT(idset_put(set, "c", 1, 10, &old), 0);
	CHECK_INT(old, 9);
	CHECK_INT(idset_has(set, "c", 1), 1);
	CHECK_INT(idset_has(set, "zz", 2), 0);
	CHECK_INT(idset_has(set, "zz", 2), 0);	/* asking does not add */
	idset_free(set);
}

int
main(void)
{
	test_values();
	test_basic();
	test_window();
	test_random();
	return CHECK_DONE();
}
