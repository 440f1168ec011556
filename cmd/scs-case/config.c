/* config.c - rules/case.yaml (windows) and rules/agents.yaml (agents) */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "case.h"
#include "diag.h"
#include "tstamp.h"
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

/* rules/agents.yaml, read by lib/agents as scs-route reads it. */
static void
load_agents(struct caseconf *cc, const char *dir)
{
	char err[1024], *path;

	if (asprintf(&path, "%s/agents.yaml", dir) == -1)
		diag_fatal(EX_SOFTWARE, "out of memory");
	if (access(path, F_OK) == -1 && errno == ENOENT) {
		free(path);
		return;
	}
	if ((cc->agents = agents_load(path, err, sizeof(err))) == NULL)
		diag_fatal(EX_CONFIG, "%s", err);
	cc->agents_path = path;
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
	agents_free(cc->agents);
	free(cc->agents_path);
}

/* A list of strings as a JSON array, for the agents table. */
static void
bind_list(sqlite3_stmt *st, int i, char **v, size_t n)
{
	json_t *arr = json_array();
	char *s;
	size_t k;

	for (k = 0; k < n; k++)
		json_array_append_new(arr, json_string(v[k]));
	s = json_dumps(arr, JSON_COMPACT);
	sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	free(s);
	json_decref(arr);
}

void
agents_store(sqlite3 *db, const struct caseconf *cc)
{
	const struct agent *a;
	sqlite3_stmt *st;
	char hired[16];
	size_t i;
	int y, m, d;

	if (cc->agents == NULL)
		return;
	st = db_prepare(db, "INSERT INTO agents (id, name, grp, skills, "
	    "languages, capacity, hired) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
	    "ON CONFLICT (id) DO UPDATE SET name = ?2, grp = ?3, skills = ?4, "
	    "languages = ?5, capacity = ?6, hired = ?7");
	for (i = 0; i < cc->agents->n; i++) {
		a = &cc->agents->v[i];
		sqlite3_bind_text(st, 1, a->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, a->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, a->group, -1, SQLITE_STATIC);
		if (a->nskills > 0)
			bind_list(st, 4, a->skills, a->nskills);
		else
			sqlite3_bind_null(st, 4);
		if (a->nlanguages > 0)
			bind_list(st, 5, a->languages, a->nlanguages);
		else
			sqlite3_bind_null(st, 5);
		if (a->capacity >= 0)
			sqlite3_bind_int64(st, 6, a->capacity);
		else
			sqlite3_bind_null(st, 6);
		if (a->hired_day != INT64_MIN) {
			ts_civil_from_days(a->hired_day, &y, &m, &d);
			snprintf(hired, sizeof(hired), "%04d-%02d-%02d", y, m,
			    d);
			sqlite3_bind_text(st, 7, hired, -1, SQLITE_TRANSIENT);
		} else
			sqlite3_bind_null(st, 7);
		db_step(db, st);
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
	sqlite3_finalize(st);
}
