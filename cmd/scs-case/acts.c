/* acts.c - acts on cases (events and commands) and the other records:
 * work, surveys, QA reviews, shifts */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "store.h"
#include "tstamp.h"

/* ---- acts on cases ------------------------------------------------------ */

/* One step of a merge: sql with ?1 the case, ?2 the one it goes into
 * and ?3 the time (if it uses it). */
static void
merge_step(struct store *s, const char *sql, int64_t id, int64_t into,
    const char *at)
{
	sqlite3_stmt *st = db_prepare(s->db, sql);

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, into);
	if (sqlite3_bind_parameter_count(st) >= 3)
		bind_str(st, 3, at);
	db_step(s->db, st);
	sqlite3_finalize(st);
}

int
case_act(struct store *s, int64_t id, const char *op, json_t *ev,
    const char *at, const char **err)
{
	const char *agent = rec_str(ev, "agent"), *outcome, *note;
	char cur[16], buf[64];
	sqlite3_stmt *st;

	if (case_status(s, id, cur, sizeof(cur)) == NULL)
		return *err = "no such case", -1;
	note = rec_str(ev, "text") ? rec_str(ev, "text") : rec_str(ev, "note");
	if (strcmp(op, "resolve") == 0) {
		outcome = rec_str(ev, "outcome");
		if (outcome == NULL || (strcmp(outcome, "favorable") != 0 &&
		    strcmp(outcome, "unfavorable") != 0))
			return *err = "resolve needs \"outcome\": favorable "
			    "or unfavorable", -1;
		case_transition(s, id, "resolved", at, "resolve", agent, NULL,
		    outcome, note);
	} else if (strcmp(op, "reopen") == 0)
		case_transition(s, id, "open", at, "reopen", agent, NULL, NULL,
		    note);
	else if (strcmp(op, "wait") == 0)
		case_transition(s, id, "waiting", at, "wait", agent, NULL, NULL,
		    note);
	else if (strcmp(op, "assign") == 0) {
		if (agent == NULL)
			return *err = "assign needs \"agent\"", -1;
		st = db_prepare(s->db, "UPDATE cases SET agent = ?2, "
		    "updated_at = max(updated_at, ?3) WHERE id = ?1");
		sqlite3_bind_int64(st, 1, id);
		bind_str(st, 2, agent);
		bind_str(st, 3, at);
		db_step(s->db, st);
		sqlite3_finalize(st);
		case_event(s, id, at, "assign", NULL, NULL, agent, NULL, note);
	} else if (strcmp(op, "escalate") == 0) {
		st = db_prepare(s->db, "UPDATE cases SET escalated = 1, "
		    "queue = coalesce(?2, queue), updated_at = "
		    "max(updated_at, ?3) WHERE id = ?1");
		sqlite3_bind_int64(st, 1, id);
		bind_str(st, 2, rec_str(ev, "queue"));
		bind_str(st, 3, at);
		db_step(s->db, st);
		sqlite3_finalize(st);
		case_event(s, id, at, "escalate", NULL, NULL, agent, NULL,
		    rec_str(ev, "queue") ? rec_str(ev, "queue") : note);
	} else if (strcmp(op, "note") == 0 || strcmp(op, "tag") == 0) {
		if (strcmp(op, "tag") == 0 && rec_str(ev, "tag") != NULL)
			note = rec_str(ev, "tag");
		if (note == NULL)
			return *err = "note needs \"text\", tag needs \"tag\"",
			    -1;
		case_event(s, id, at, op, NULL, NULL, agent, NULL, note);
	} else if (strcmp(op, "merge") == 0) {
		json_t *into = json_object_get(ev, "into");

		if (!json_is_integer(into) || json_integer_value(into) == id)
			return *err = "merge needs \"into\": another case "
			    "number", -1;
		if (case_status(s, json_integer_value(into), buf,
		    sizeof(buf)) == NULL)
			return *err = "merge: no such case to merge into", -1;
		merge_step(s, "UPDATE messages SET case_id = ?2 WHERE "
		    "case_id = ?1", id, json_integer_value(into), at);
		merge_step(s, "UPDATE cases SET messages = messages + (SELECT "
		    "messages FROM cases WHERE id = ?1), updated_at = "
		    "max(updated_at, ?3) WHERE id = ?2", id,
		    json_integer_value(into), at);
		merge_step(s, "UPDATE cases SET merged_into = ?2, messages = 0 "
		    "WHERE id = ?1", id, json_integer_value(into), at);
		snprintf(buf, sizeof(buf), "into %lld",
		    (long long)json_integer_value(into));
		case_transition(s, id, "resolved", at, "merge", agent, NULL, NULL,
		    buf);
		snprintf(buf, sizeof(buf), "from %lld", (long long)id);
		case_event(s, json_integer_value(into), at, "merge", NULL, NULL,
		    agent, NULL, buf);
	} else
		return *err = "unknown op (expected assign, resolve, reopen, "
		    "wait, escalate, note, tag, merge)", -1;
	return 0;
}

/* ---- other records ------------------------------------------------------ */

/* The case a record names: "case", a case number, else "message", the
 * id of a stored message (a CRM knows the message it answered): the
 * case that message is in now. */
static int64_t
case_field(struct store *s, json_t *rec, const char **err)
{
	json_t *c = json_object_get(rec, "case");
	const char *msg = rec_str(rec, "message");
	sqlite3_stmt *st;
	int64_t id;

	if (c == NULL && msg != NULL) {
		st = store_stmt(s, S_MSG_CASE);
		bind_str(st, 1, msg);
		if (db_step(s->db, st) != SQLITE_ROW)
			id = -2;
		else if (sqlite3_column_type(st, 0) == SQLITE_NULL)
			id = -1;
		else
			id = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		if (id == -2)
			return *err = "no such message", -1;
		if (id == -1)
			return *err = "the message is in no case (only "
			    "counted)", -1;
		return id;
	}
	if (!json_is_integer(c))
		return *err = c == NULL ? "no \"case\" (a case number) or "
		    "\"message\" (a message id)" :
		    "\"case\" is not a case number", -1;
	st = store_stmt(s, S_CASE_EXISTS);
	sqlite3_bind_int64(st, 1, json_integer_value(c));
	if (store_int(s, st) != 1)
		return *err = "no such case", -1;
	return json_integer_value(c);
}

static int
valid_time(const char *at)
{
	int64_t ms;

	return at != NULL && ts_parse_rfc3339(at, &ms) == 0;
}

int
store_other(struct store *s, json_t *rec, const char *type,
    const char *line, size_t len, const char **err)
{
	sqlite3_stmt *st;
	const char *at = rec_str(rec, "at");
	char *canon, atbuf[TS_BUFSZ];
	int64_t id = -1, ms;
	int fresh;

	if (strcmp(type, "shift") != 0 && (id = case_field(s, rec, err)) == -1)
		return -1;
	if (strcmp(type, "shift") != 0 && strcmp(type, "qa") != 0 &&
	    !valid_time(at))
		return *err = "\"at\" is not an RFC 3339 time", -1;
	if (at != NULL && ts_parse_rfc3339(at, &ms) == 0)
		at = ts_format(ms, atbuf);
	/* The same record twice is applied once. */
	canon = json_dumps(rec, JSON_COMPACT | JSON_SORT_KEYS);
	st = store_stmt(s, S_APPLIED);
	bind_str(st, 1, canon ? canon : "");
	free(canon);
	store_run(s, st);
	fresh = sqlite3_changes(s->db) > 0;
	(void)line;
	(void)len;
	if (!fresh)
		return 0;
	if (strcmp(type, "event") == 0) {
		if (rec_str(rec, "op") == NULL)
			return *err = "an event without \"op\"", -1;
		return case_act(s, id, rec_str(rec, "op"), rec, at, err);
	}
	if (strcmp(type, "work") == 0) {
		json_t *secs = json_object_get(rec, "seconds");

		if (rec_str(rec, "agent") == NULL || !json_is_integer(secs) ||
		    json_integer_value(secs) < 0)
			return *err = "work needs \"agent\" and \"seconds\" "
			    "(a whole number from 0)", -1;
		st = store_stmt(s, S_WORK);
		sqlite3_bind_int64(st, 1, id);
		bind_str(st, 2, rec_str(rec, "agent"));
		bind_int(st, 3, secs);
		bind_str(st, 4, at);
		store_run(s, st);
	} else if (strcmp(type, "survey") == 0) {
		json_t *csat = json_object_get(rec, "csat"),
		    *nps = json_object_get(rec, "nps");

		if ((csat != NULL && (!json_is_integer(csat) ||
		    json_integer_value(csat) < 1 ||
		    json_integer_value(csat) > 5)) ||
		    (nps != NULL && (!json_is_integer(nps) ||
		    json_integer_value(nps) < 0 ||
		    json_integer_value(nps) > 10)))
			return *err = "survey: csat is 1 to 5, nps 0 to 10", -1;
		st = store_stmt(s, S_SURVEY);
		sqlite3_bind_int64(st, 1, id);
		bind_str(st, 2, at);
		bind_int(st, 3, csat);
		bind_int(st, 4, nps);
		bind_int(st, 5, json_object_get(rec, "resolved"));
		bind_int(st, 6, json_object_get(rec, "professional"));
		bind_str(st, 7, rec_str(rec, "comment"));
		store_run(s, st);
	} else if (strcmp(type, "qa") == 0) {
		char *items = json_dumps(json_object_get(rec, "items"),
		    JSON_COMPACT | JSON_PRESERVE_ORDER);

		if (!json_is_number(json_object_get(rec, "score"))) {
			free(items);
			return *err = "qa needs a \"score\"", -1;
		}
		st = store_stmt(s, S_QA);
		sqlite3_bind_int64(st, 1, id);
		bind_str(st, 2, rec_str(rec, "reviewer"));
		bind_real(st, 3, json_object_get(rec, "score"));
		bind_str(st, 4, items);
		bind_str(st, 5, at);
		store_run(s, st);
		free(items);
	} else {			/* shift */
		if (rec_str(rec, "agent") == NULL ||
		    !valid_time(rec_str(rec, "start")) ||
		    !valid_time(rec_str(rec, "end")) ||
		    strcmp(rec_str(rec, "end"), rec_str(rec, "start")) < 0)
			return *err = "shift needs \"agent\", \"start\" and "
			    "\"end\" (RFC 3339, end after start)", -1;
		st = store_stmt(s, S_SHIFT);
		bind_str(st, 1, rec_str(rec, "agent"));
		bind_str(st, 2, rec_str(rec, "start"));
		bind_str(st, 3, rec_str(rec, "end"));
		store_run(s, st);
	}
	return 0;
}
