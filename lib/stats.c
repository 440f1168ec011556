/* stats.c - named counters, few enough that a list is fastest */
#include <stdlib.h>
#include <string.h>

#include "stats.h"

struct counter {
	char		*name;
	unsigned long	 n;
};

static struct counter *counters;
static size_t ncounters, cap;
static struct counter *last;	/* the same counter comes again and again */

static struct counter *
find(const char *name)
{
	size_t i;

	if (last != NULL && strcmp(last->name, name) == 0)
		return last;
	for (i = 0; i < ncounters; i++)
		if (strcmp(counters[i].name, name) == 0)
			return last = &counters[i];
	if (ncounters == cap) {
		size_t ncap = cap ? cap * 2 : 16;
		struct counter *nc = realloc(counters, ncap * sizeof(*nc));

		if (nc == NULL)
			return NULL;
		counters = nc;
		cap = ncap;
	}
	if ((counters[ncounters].name = strdup(name)) == NULL)
		return NULL;
	counters[ncounters].n = 0;
	return last = &counters[ncounters++];
}

void
stats_add(const char *name, unsigned long n)
{
	struct counter *c = find(name);

	if (c != NULL)
		c->n += n;
}

void
stats_count(const char *name)
{
	stats_add(name, 1);
}

unsigned long
stats_get(const char *name)
{
	size_t i;

	for (i = 0; i < ncounters; i++)
		if (strcmp(counters[i].name, name) == 0)
			return counters[i].n;
	return 0;
}

void
stats_print(FILE *f, const char *tool)
{
	size_t i;

	fprintf(f, "%s: ", tool);
	if (ncounters == 0)
		fputs("nothing read", f);
	for (i = 0; i < ncounters; i++)
		fprintf(f, "%s%lu %s", i ? ", " : "", counters[i].n,
		    counters[i].name);
	fputc('\n', f);
}

void
stats_free(void)
{
	size_t i;

	for (i = 0; i < ncounters; i++)
		free(counters[i].name);
	free(counters);
	counters = NULL;
	last = NULL;
	ncounters = cap = 0;
}
