/* agents.c - rules/agents.yaml: the agents, their group, skills, capacity */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "agents.h"
#include "tstamp.h"
#include "yamljson.h"

struct loader {
	struct yamldoc	*doc;
	char		*err;
	size_t		 errlen;
};

static int __attribute__((format(printf, 3, 4)))
fail(struct loader *ld, json_t *at, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	int line = 1, col = 1;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (at != NULL)
		ydoc_where(ld->doc, at, &line, &col);
	snprintf(ld->err, ld->errlen, "%s:%d:%d: %s", ydoc_file(ld->doc),
	    line, col, msg);
	return -1;
}

static int
string_list(struct loader *ld, json_t *v, const char *what, char ***out,
    size_t *n)
{
	json_t *e;
	size_t i;

	if (json_is_string(v)) {
		*out = calloc(1, sizeof(**out));
		(*out)[0] = strdup(json_string_value(v));
		*n = 1;
		return 0;
	}
	if (!json_is_array(v))
		return fail(ld, v, "%s: expected a list of strings", what);
	*out = calloc(json_array_size(v) + 1, sizeof(**out));
	json_array_foreach(v, i, e) {
		if (!json_is_string(e))
			return fail(ld, e, "%s: expected strings", what);
		(*out)[(*n)++] = strdup(json_string_value(e));
	}
	return 0;
}

static int
parse_date(const char *s, int64_t *day)
{
	int y, m, d, n = 0;

	if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 ||
	    s[n] != '\0' || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	*day = ts_days_from_civil(y, m, d);
	return 0;
}

static int
load_agent(struct loader *ld, json_t *a, struct agent *ag)
{
	const char *key;
	json_t *v;

	ag->capacity = -1;
	ag->hired_day = INT64_MIN;
	if (!json_is_object(a) || !json_is_string(json_object_get(a, "id")))
		return fail(ld, a, "agents: each needs an id");
	json_object_foreach(a, key, v) {
		if (strcmp(key, "skills") == 0) {
			if (string_list(ld, v, key, &ag->skills,
			    &ag->nskills) == -1)
				return -1;
		} else if (strcmp(key, "languages") == 0) {
			if (string_list(ld, v, key, &ag->languages,
			    &ag->nlanguages) == -1)
				return -1;
		} else if (strcmp(key, "capacity") == 0) {
			if (!json_is_integer(v) || json_integer_value(v) < 0)
				return fail(ld, v, "capacity: a whole number "
				    "from 0");
			ag->capacity = (long)json_integer_value(v);
		} else if (strcmp(key, "id") != 0 && strcmp(key, "name") != 0 &&
		    strcmp(key, "group") != 0 && strcmp(key, "hired") != 0)
			return fail(ld, v, "agents: unknown key \"%s\" (expected "
			    "id, name, group, skills, languages, capacity, "
			    "hired)", key);
		else if (!json_is_string(v))
			return fail(ld, v, "%s: expected a string", key);
		else if (strcmp(key, "id") == 0)
			ag->id = strdup(json_string_value(v));
		else if (strcmp(key, "name") == 0)
			ag->name = strdup(json_string_value(v));
		else if (strcmp(key, "group") == 0)
			ag->group = strdup(json_string_value(v));
		else if (parse_date(json_string_value(v), &ag->hired_day) == -1)
			return fail(ld, v, "hired: expected a date, "
			    "YYYY-MM-DD");
	}
	return 0;
}

struct agents *
agents_load(const char *path, char *err, size_t errlen)
{
	struct loader ld = { NULL, err, errlen };
	struct agents *as;
	const char *key;
	json_t *root, *list, *v;
	size_t i;

	if ((ld.doc = ydoc_load(path, err, errlen)) == NULL)
		return NULL;
	if ((as = calloc(1, sizeof(*as))) == NULL) {
		snprintf(err, errlen, "out of memory");
		ydoc_free(ld.doc);
		return NULL;
	}
	root = ydoc_root(ld.doc);
	if (!json_is_object(root)) {
		fail(&ld, root, "expected agents: and a list of agents");
		goto bad;
	}
	json_object_foreach(root, key, v)
		if (strcmp(key, "agents") != 0) {
			fail(&ld, v, "unknown key \"%s\" (expected agents:)",
			    key);
			goto bad;
		}
	list = json_object_get(root, "agents");
	if (!json_is_array(list)) {
		fail(&ld, list ? list : root, "agents: expected a list of "
		    "agents");
		goto bad;
	}
	as->v = calloc(json_array_size(list) + 1, sizeof(*as->v));
	json_array_foreach(list, i, v) {
		as->n++;
		if (load_agent(&ld, v, &as->v[i]) == -1)
			goto bad;
		if (agents_find(as, as->v[i].id) != (long)i) {
			fail(&ld, json_object_get(v, "id"), "agents: \"%s\" is "
			    "listed twice", as->v[i].id);
			goto bad;
		}
	}
	ydoc_free(ld.doc);
	return as;
bad:
	ydoc_free(ld.doc);
	agents_free(as);
	return NULL;
}

static void
free_list(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
agents_free(struct agents *as)
{
	size_t i;

	if (as == NULL)
		return;
	for (i = 0; i < as->n; i++) {
		free(as->v[i].id);
		free(as->v[i].name);
		free(as->v[i].group);
		free_list(as->v[i].skills, as->v[i].nskills);
		free_list(as->v[i].languages, as->v[i].nlanguages);
	}
	free(as->v);
	free(as);
}

long
agents_find(const struct agents *as, const char *id)
{
	size_t i;

	for (i = 0; i < as->n; i++)
		if (as->v[i].id != NULL && strcmp(as->v[i].id, id) == 0)
			return (long)i;
	return -1;
}

static int
listed(char **v, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return 1;
	return 0;
}

int
agent_has_skill(const struct agent *a, const char *skill)
{
	return listed(a->skills, a->nskills, skill);
}

int
agent_speaks(const struct agent *a, const char *lang)
{
	return listed(a->languages, a->nlanguages, lang);
}

int
agent_years(const struct agent *a, int64_t day)
{
	int y1, m1, d1, y2, m2, d2, years;

	if (a->hired_day == INT64_MIN || day < a->hired_day)
		return -1;
	ts_civil_from_days(a->hired_day, &y1, &m1, &d1);
	ts_civil_from_days(day, &y2, &m2, &d2);
	years = y2 - y1;
	if (m2 < m1 || (m2 == m1 && d2 < d1))
		years--;
	return years;
}
