/* test_agents.c - unit tests for lib/agents.c */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agents.h"
#include "check.h"
#include "tstamp.h"

static const char *
write_tmp(const char *text)
{
	static char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/tmp/test_agents.%d.yaml", (int)getpid());
	if ((f = fopen(path, "w")) == NULL)
		exit(2);
	fputs(text, f);
	fclose(f);
	return path;
}

static void
test_shipped(void)
{
	char err[512];
	struct agents *as = agents_load("rules/agents.yaml", err, sizeof(err));
	const struct agent *a;
	long i;

	CHECK(as != NULL);
	if (as == NULL) {
		fprintf(stderr, "%s\n", err);
		return;
	}
	CHECK(as->n >= 3);
	CHECK((i = agents_find(as, "lucia")) >= 0);
	a = &as->v[i];
	CHECK_STR(a->group, "retention");
	CHECK(agent_has_skill(a, "cancellation"));
	CHECK(!agent_has_skill(a, "technical"));
	CHECK(agent_speaks(a, "en"));
	CHECK_INT(a->capacity, 4);
	CHECK_INT(agent_years(a, ts_days_from_civil(2026, 1, 31)), 10);
	CHECK_INT(agent_years(a, ts_days_from_civil(2026, 2, 1)), 11);
	CHECK_INT(agents_find(as, "nobody"), -1);
	agents_free(as);
}

static void
test_errors(void)
{
	char err[512];
	const char *p;

	p = write_tmp("agents:\n  - id: a\n    skils: [x]\n");
	CHECK(agents_load(p, err, sizeof(err)) == NULL);
	CHECK(strstr(err, ":3:12: agents: unknown key \"skils\"") != NULL);
	p = write_tmp("agents:\n  - id: a\n  - id: a\n");
	CHECK(agents_load(p, err, sizeof(err)) == NULL);
	CHECK(strstr(err, ":3:9:") != NULL && strstr(err, "twice") != NULL);
	p = write_tmp("agents:\n  - id: a\n    capacity: -1\n");
	CHECK(agents_load(p, err, sizeof(err)) == NULL);
	CHECK(strstr(err, "capacity") != NULL);
	p = write_tmp("agents:\n  - id: a\n    hired: 2020-13-01\n");
	CHECK(agents_load(p, err, sizeof(err)) == NULL);
	CHECK(strstr(err, ":3:12: hired") != NULL);
	p = write_tmp("agents:\n  - name: x\n");
	CHECK(agents_load(p, err, sizeof(err)) == NULL);
	CHECK(strstr(err, "needs an id") != NULL);
	p = write_tmp("agentz: []\n");
	CHECK(agents_load(p, err, sizeof(err)) == NULL);
	p = write_tmp("agents: [{id: a, skills: x, languages: [es]}]\n");
	{
		struct agents *as = agents_load(p, err, sizeof(err));

		CHECK(as != NULL);
		if (as != NULL) {
			CHECK(agent_has_skill(&as->v[0], "x"));
			CHECK_INT(as->v[0].capacity, -1);
			CHECK_INT(agent_years(&as->v[0], 0), -1);
			agents_free(as);
		}
	}
	remove(p);
}

int
main(void)
{
	test_shipped();
	test_errors();
	return CHECK_DONE();
}
