/* test_stats.c - unit tests for lib/stats.c */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "stats.h"

/* What stats_print writes, in a static buffer. */
static const char *
printed(const char *tool)
{
	static char out[8192];
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	if ((f = open_memstream(&buf, &len)) == NULL) {
		perror("open_memstream");
		exit(2);
	}
	stats_print(f, tool);
	fclose(f);
	snprintf(out, sizeof(out), "%s", buf);
	free(buf);
	return out;
}

static void
test_basic(void)
{
	/* Nothing counted yet. */
	CHECK_STR(printed("scs-ingest"), "scs-ingest: nothing read\n");
	CHECK_INT(stats_get("messages"), 0);
	CHECK_STR(printed("scs-ingest"), "scs-ingest: nothing read\n");

	/* First use fixes the order; the same name adds up. */
	stats_count("messages");
	stats_count("messages");
	stats_add("duplicates", 2);
	stats_count("messages");
	stats_count("skipped read");
	stats_add("duplicates", 1);
	stats_count("messages");
	CHECK_INT(stats_get("messages"), 4);
	CHECK_INT(stats_get("duplicates"), 3);
	CHECK_INT(stats_get("skipped read"), 1);
	CHECK_INT(stats_get("skipped"), 0);		/* a prefix */
	CHECK_INT(stats_get("Messages"), 0);
	CHECK_STR(printed("scs-ingest"),
	    "scs-ingest: 4 messages, 3 duplicates, 1 skipped read\n");
	/* Looking a name up does not create it. */
	CHECK_STR(printed("t"),
	    "t: 4 messages, 3 duplicates, 1 skipped read\n");

	/* Adding zero creates a counter that shows 0. */
	stats_add("errors", 0);
	CHECK_INT(stats_get("errors"), 0);
	CHECK_STR(printed("t"),
	    "t: 4 messages, 3 duplicates, 1 skipped read, 0 errors\n");

	/* Large counts. */
	stats_add("big", ULONG_MAX - 1);
	stats_count("big");
	CHECK(stats_get("big") == ULONG_MAX);

	/* Free, then use again from nothing. */
	stats_free();
	CHECK_INT(stats_get("messages"), 0);
	CHECK_STR(printed("t"), "t: nothing read\n");
	stats_free();				/* twice is harmless */
	stats_count("skipped read");
	stats_count("messages");
	stats_count("skipped read");
	CHECK_STR(printed("t"), "t: 2 skipped read, 1 messages\n");
	CHECK_INT(stats_get("duplicates"), 0);
	stats_free();
}

/* Many counters, so the table grows under the cached last counter. */
static void
test_many(void)
{
	unsigned long want[50];
	char name[16], line[2048];
	size_t len;
	int i, round, ok;

	memset(want, 0, sizeof(want));
	for (round = 0; round < 7; round++)
		for (i = 0; i < 50; i++) {
			if ((i * 7 + round) % 3 == 0 && round == 0)
				continue;	/* some first seen later */
			snprintf(name, sizeof(name), "c%d", i);
			stats_add(name, (unsigned long)(i + round));
			stats_count(name);
			want[i] += (unsigned long)(i + round) + 1;
		}
	ok = 1;
	for (i = 0; i < 50; i++) {
		snprintf(name, sizeof(name), "c%d", i);
		if (stats_get(name) != want[i])
			ok = 0;
	}
	CHECK(ok);

	/* Printed in first-use order: round 0's names, then the rest. */
	len = (size_t)snprintf(line, sizeof(line), "x: ");
	for (round = 0; round < 2; round++)
		for (i = 0; i < 50; i++)
			if ((((i * 7) % 3 == 0) ? 1 : 0) == round)
				len += (size_t)snprintf(line + len,
				    sizeof(line) - len, "%s%lu c%d",
				    len > 3 ? ", " : "", want[i], i);
	snprintf(line + len, sizeof(line) - len, "\n");
	CHECK_STR(printed("x"), line);
	stats_free();
}

int
main(void)
{
	test_basic();
	test_many();
	return CHECK_DONE();
}
