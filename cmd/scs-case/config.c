/* config.c - rules/case.yaml (windows) and rules/agents.yaml (agents) */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "case.h"
#include "diag.h"
#include "yamljson.h"

static struct yamldoc *cur_doc;

static void
conf_error(json_t *at, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	int line = 0, col = 0;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (at != NULL && ydoc_where(cur_doc, at, &line, &col))
		diag_fatal(EX_CONFIG, "%s:%d:%d: %s", ydoc_file(cur_doc), line,
		    col, msg);
	diag_fatal(EX_CONFIG, "%s: %s", ydoc_file(cur_doc), msg);
}

/* A number of hours or days from 0 up, as seconds. */
static int64_t
duration(json_t *v, const char *key, int64_t unit)
{
	double d;

	if (!json_is_number(v) || (d = json_number_value(v)) < 0 ||
	    d > 3650.0 * 86400 / (double)unit)
		conf_error(v, "%s: expected a number from 0", key);
	return (int64_t)(d * (double)unit);
}

static struct yamldoc *
load(const char *dir, const char *name, char **pathp)
{
	struct yamldoc *doc;
	char err[1024], *path;

	if (asprintf(&path, "%s/%s", dir, name) == -1)
		diag_fatal(EX_SOFTWARE, "out of memory");
	if (access(path, F_OK) == -1 && errno == ENOENT) {
		free(path);
		return NULL;		/* the defaults, then */
	}
	if ((doc = ydoc_load(path, err, sizeof(err))) == NULL)
		diag_fatal(EX_CONFIG, "%s", err);
	if (!json_is_object(ydoc_root(doc))) {
		cur_doc = doc;
		conf_error(ydoc_root(doc), "expected a mapping");
	}
	if (pathp != NULL)
		*pathp = path;
	else
		free(path);
	return doc;
}

static void
load_case(struct caseconf *cc, const char *dir)
{
	struct yamldoc *doc = load(dir, "case.yaml", NULL);
	const char *key, *k2;
	json_t *v, *x;

	if (doc == NULL)
		return;
	cur_doc = doc;
	json_object_foreach(ydoc_root(doc), key, v) {
		if (strcmp(key, "threading") == 0 && json_is_object(v)) {
			json_object_foreach(v, k2, x) {
				if (strcmp(k2, "window_hours") == 0)
					cc->thread_window_s = duration(x,
					    "threading.window_hours", 3600);
				else if (strcmp(k2, "reopen_hours") == 0)
					cc->reopen_window_s = duration(x,
					    "threading.reopen_hours", 3600);
				else
					conf_error(x, "threading: unknown key "
					    "\"%s\" (expected window_hours, "
					    "reopen_hours)", k2);
			}
		} else if (strcmp(key, "waiting") == 0 && json_is_object(v)) {
			json_object_foreach(v, k2, x) {
				if (strcmp(k2, "auto_resolve_days") == 0)
					cc->auto_resolve_s = duration(x,
					    "waiting.auto_resolve_days", 86400);
				else
					conf_error(x, "waiting: unknown key "
					    "\"%s\" (expected "
					    "auto_resolve_days)", k2);
			}
		} else
			conf_error(v, "unknown key \"%s\" (expected threading: "
			    "or waiting: with their settings)", key);
	}
	ydoc_free(doc);
}

static void
check_strings(json_t *list, const char *what)
{
	size_t i;
	json_t *e;

	if (!json_is_array(list))
		conf_error(list, "%s: expected a list", what);
	json_array_foreach(list, i, e)
		if (!json_is_string(e))
			conf_error(e, "%s: expected strings", what);
}

static void
load_agents(struct caseconf *cc, const char *dir)
{
	struct yamldoc *doc = load(dir, "agents.yaml", &cc->agents_path);
	const char *key;
	json_t *list, *a, *v, *id;
	size_t i, j;

	if (doc == NULL)
		return;
	cur_doc = doc;
	json_object_foreach(ydoc_root(doc), key, v)
		if (strcmp(key, "agents") != 0)
			conf_error(v, "unknown key \"%s\" (expected agents:)",
			    key);
	list = json_object_get(ydoc_root(doc), "agents");
	if (!json_is_array(list))
		conf_error(list, "agents: expected a list of agents");
	json_array_foreach(list, i, a) {
		if (!json_is_object(a) || !json_is_string(id =
		    json_object_get(a, "id")))
			conf_error(a, "agents: each needs an id");
		json_object_foreach(a, key, v) {
			if (strcmp(key, "skills") == 0 ||
			    strcmp(key, "languages") == 0)
				check_strings(v, key);
			else if (strcmp(key, "capacity") == 0) {
				if (!json_is_integer(v) ||
				    json_integer_value(v) < 0)
					conf_error(v, "capacity: a whole "
					    "number from 0");
			} else if (strcmp(key, "id") != 0 &&
			    strcmp(key, "name") != 0 &&
			    strcmp(key, "group") != 0 &&
			    strcmp(key, "hired") != 0)
				conf_error(v, "agents: unknown key \"%s\" "
				    "(expected id, name, group, skills, "
				    "languages, capacity, hired)", key);
			else if (!json_is_string(v))
				conf_error(v, "%s: expected a string", key);
		}
		for (j = 0; j < i; j++)
			if (json_equal(json_object_get(json_array_get(list,
			    j), "id"), id))
				conf_error(id, "agents: \"%s\" is listed twice",
				    json_string_value(id));
	}
	cc->agents = json_deep_copy(list);
	ydoc_free(doc);
}

void
caseconf_load(struct caseconf *cc, const char *dir)
{
	memset(cc, 0, sizeof(*cc));
	cc->thread_window_s = 72 * 3600;
	cc->reopen_window_s = 7 * 86400;
	cc->auto_resolve_s = 7 * 86400;
	load_case(cc, dir);
	load_agents(cc, dir);
}

void
caseconf_free(struct caseconf *cc)
{
	json_decref(cc->agents);
	free(cc->agents_path);
}

static void
bind_text(sqlite3_stmt *st, int i, json_t *v)
{
	if (json_is_string(v))
		sqlite3_bind_text(st, i, json_string_value(v), -1,
		    SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

static void
bind_json(sqlite3_stmt *st, int i, json_t *v)
{
	char *s;

	if (v == NULL) {
		sqlite3_bind_null(st, i);
		return;
	}
	s = json_dumps(v, JSON_COMPACT);
	sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	free(s);
}

void
agents_store(sqlite3 *db, const struct caseconf *cc)
{
	sqlite3_stmt *st;
	json_t *a;
	size_t i;

	if (cc->agents == NULL)
		return;
	st = db_prepare(db, "INSERT INTO agents (id, name, grp, skills, "
	    "languages, capacity, hired) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
	    "ON CONFLICT (id) DO UPDATE SET name = ?2, grp = ?3, skills = ?4, "
	    "languages = ?5, capacity = ?6, hired = ?7");
	json_array_foreach(cc->agents, i, a) {
		bind_text(st, 1, json_object_get(a, "id"));
		bind_text(st, 2, json_object_get(a, "name"));
		bind_text(st, 3, json_object_get(a, "group"));
		bind_json(st, 4, json_object_get(a, "skills"));
		bind_json(st, 5, json_object_get(a, "languages"));
		if (json_is_integer(json_object_get(a, "capacity")))
			sqlite3_bind_int64(st, 6, json_integer_value(
			    json_object_get(a, "capacity")));
		else
			sqlite3_bind_null(st, 6);
		bind_text(st, 7, json_object_get(a, "hired"));
		db_step(db, st);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
}
