/* store.c - the statements scs-case runs, prepared once, and the state
 * machine's moves */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "case.h"
#include "jpath.h"
#include "store.h"
#include "tstamp.h"

/* The columns a batch may change in a case it read (cases.c). */
#define CASE_SAVE "UPDATE cases SET messages = ?2, last_in_at = ?3, " \
    "reason = ?4, subreason = ?5, product = ?6, place = ?7, " \
    "location = ?8, replies = ?9, auto_replies = ?10, " \
    "first_reply_at = ?11, agent = ?12, outcome = ?13, " \
    "resolved_at = ?14, reopens = ?15, queue = ?16"
#define CASE_OWN ", updated_at = ?17"
#define CASE_IX ", status = ?18, priority = ?19, due_at = ?20"
static const char *sql[NSTMT] = {
	[S_MSG_CASE] = "SELECT case_id FROM messages WHERE id = ?1",
	/* A thread's messages in cases, latest first: the first whose
	 * case is the owner's is the one (thread.c). */
	[S_THREAD_CASES] = "SELECT m.case_id FROM messages m WHERE "
	    "m.thread = ?1 AND m.case_id IS NOT NULL "
	    "ORDER BY m.created_at DESC",
	[S_THREAD_ANY] = "SELECT m.case_id FROM messages m WHERE "
	    "m.thread = ?1 AND m.case_id IS NOT NULL "
	    "ORDER BY m.created_at DESC LIMIT 1",
	/* The owner's cases touched since ?2, the earlier of the windows'
	 * starts: one range of cases_owner.  Open ones within the threading
	 * window and resolved ones within the reopen window (a case's
	 * updated_at is never before its resolved_at) are told apart in
	 * C. */
	[S_OWNER_CASES] = "SELECT id, reason, status, resolved_at, "
	    "updated_at FROM cases WHERE owner = ?1 AND "
	    "updated_at >= ?2 AND merged_into IS NULL",
	[S_ACCOUNT] = "INSERT INTO accounts (id, channel, handle, name, "
	    "first_seen, last_seen, followers, messages, negative, "
	    "max_followers) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT (id) DO UPDATE "
	    "SET messages = messages + ?8, negative = negative + ?9, "
	    "handle = coalesce(excluded.handle, handle), "
	    "name = coalesce(excluded.name, name), "
	    "first_seen = min(coalesce(first_seen, excluded.first_seen), "
	    "excluded.first_seen), "
	    "last_seen = max(coalesce(last_seen, excluded.last_seen), "
	    "excluded.last_seen), "
	    "followers = coalesce(excluded.followers, followers), "
	    "max_followers = CASE WHEN max_followers IS NULL OR "
	    "excluded.max_followers > max_followers THEN "
	    "coalesce(excluded.max_followers, max_followers) "
	    "ELSE max_followers END",
	[S_ACCOUNT_OWNER] = "SELECT customer FROM accounts WHERE id = ?1",
	/* Both through accounts_customer, past the unlinked (NULL). */
	[S_LINKED_COUNT] = "SELECT count(*) FROM accounts WHERE customer IS "
	    "NOT NULL",
	[S_LINKED] = "SELECT id, customer FROM accounts WHERE customer IS "
	    "NOT NULL",
	[S_CASE_GET] = "SELECT status, messages, customer, identity, "
	    "reason FROM cases WHERE id = ?1",
	[S_CASE_LOAD] = "SELECT status, outcome, owner, customer, account, "
	    "identity, channel, reason, subreason, queue, priority, due_at, "
	    "agent, opened_at, updated_at, last_in_at, first_reply_at, "
	    "resolved_at, messages, replies, auto_replies, reopens, "
	    "merged_into, product, place, location FROM cases WHERE id = ?1",
	[S_CASE_MAX] = "SELECT max(id) FROM cases",
	[S_CASE_INSERT] = "INSERT INTO cases (id, status, outcome, owner, "
	    "customer, account, identity, channel, reason, subreason, queue, "
	    "priority, due_at, agent, opened_at, updated_at, last_in_at, "
	    "first_reply_at, resolved_at, messages, replies, auto_replies, "
	    "reopens, product, place, location) VALUES (?1, ?2, ?3, ?4, ?5, "
	    "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, "
	    "?20, ?21, ?22, ?23, ?24, ?25, ?26)",
	[S_CASE_SAVE] = CASE_SAVE " WHERE id = ?1",
	[S_CASE_SAVE_OWN] = CASE_SAVE CASE_OWN " WHERE id = ?1",
	[S_CASE_SAVE_IX] = CASE_SAVE CASE_IX " WHERE id = ?1",
	[S_CASE_SAVE_OWN_IX] = CASE_SAVE CASE_OWN CASE_IX " WHERE id = ?1",
	[S_CASE_STATUS] = "UPDATE cases SET status = ?2, "
	    "outcome = CASE WHEN ?2 = 'resolved' THEN ?3 ELSE NULL END, "
	    "resolved_at = CASE WHEN ?2 = 'resolved' THEN ?4 ELSE NULL END, "
	    "reopens = reopens + ?5, updated_at = max(updated_at, ?4) "
	    "WHERE id = ?1",
	[S_NEW_MSG] = "INSERT INTO messages (id, case_id, channel, direction, "
	    "created_at, author, agent, auto, public, thread, in_reply_to, "
	    "reason, subreason, protocol, polarity, sentiment, filter, "
	    "action, derivation, community, queue, priority, followers, "
	    "influence, place, lang, record, stored_at, product, location) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
	    "?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, "
	    "?27, ?28, ?29, ?30)",
	[S_EVENT] = "INSERT INTO case_events (case_id, at, op, from_status, "
	    "to_status, agent, message, detail) VALUES (?1, ?2, ?3, ?4, ?5, "
	    "?6, ?7, ?8)",
	[S_APPLIED] = "INSERT OR IGNORE INTO applied (record) VALUES (?1)",
	[S_WORK] = "INSERT OR IGNORE INTO work (case_id, agent, seconds, at) "
	    "VALUES (?1, ?2, ?3, ?4)",
	[S_SURVEY] = "INSERT OR IGNORE INTO surveys (case_id, at, csat, nps, "
	    "resolved, professional, comment) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
	    "?7)",
	[S_QA] = "INSERT OR IGNORE INTO qa (case_id, reviewer, score, items, "
	    "at) VALUES (?1, ?2, ?3, ?4, ?5)",
	[S_SHIFT] = "INSERT OR IGNORE INTO shifts (agent, start, end) VALUES "
	    "(?1, ?2, ?3)",
	[S_CASE_EXISTS] = "SELECT 1 FROM cases WHERE id = ?1",
};



struct store *
store_new(sqlite3 *db, const struct caseconf *cc)
{
	struct store *s;
	int i;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		abort();
	s->db = db;
	s->cc = cc;
	for (i = 0; i < NSTMT; i++)
		s->st[i] = db_prepare(db, sql[i]);
	return s;
}

sqlite3 *
store_db(struct store *s)
{
	return s->db;
}

void
store_flush(struct store *s)
{
	bcases_flush(s);
	accts_flush(s);
}

void
store_sync(struct store *s)
{
	bcases_flush(s);
}

void
store_free(struct store *s)
{
	int i;

	if (s == NULL)
		return;
	for (i = 0; i < NSTMT; i++)
		sqlite3_finalize(s->st[i]);
	accts_free(s->accts);
	bcases_free(s->bc);
	free(s);
}

/* The statement k, reset and unbound, ready for new values. */
sqlite3_stmt *
store_stmt(struct store *s, int k)
{
	sqlite3_reset(s->st[k]);
	sqlite3_clear_bindings(s->st[k]);
	return s->st[k];
}

void
bind_str(sqlite3_stmt *st, int i, const char *v)
{
	if (v != NULL)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

/* Bound by reference, not copied: v must outlive the statement's next
 * step (which store_stmt's unbinding before each use makes its last). */
void
bind_ref(sqlite3_stmt *st, int i, const char *v)
{
	if (v != NULL)
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

void
bind_int(sqlite3_stmt *st, int i, json_t *v)
{
	if (json_is_integer(v))
		sqlite3_bind_int64(st, i, json_integer_value(v));
	else if (json_is_boolean(v))
		sqlite3_bind_int(st, i, json_is_true(v));
}

void
bind_real(sqlite3_stmt *st, int i, json_t *v)
{
	if (json_is_number(v))
		sqlite3_bind_double(st, i, json_number_value(v));
}

/* Run a statement that returns nothing. */
void
store_run(struct store *s, sqlite3_stmt *st)
{
	db_step(s->db, st);
	sqlite3_reset(st);
}

/* The first column of the first row as an integer, or -1. */
int64_t
store_int(struct store *s, sqlite3_stmt *st)
{
	int64_t v = -1;

	if (db_step(s->db, st) == SQLITE_ROW &&
	    sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return v;
}

void
now_rfc3339(char out[32])
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts_format((int64_t)ts.tv_sec * 1000, out);
}

/* at minus secs, as RFC 3339. */
void
time_before(const char *at, int64_t secs, char out[TS_BUFSZ])
{
	int64_t ms = 0;

	ts_parse_rfc3339(at, &ms);
	ts_format(ms - secs * 1000, out);
}

void
case_event(struct store *s, int64_t id, const char *at, const char *op,
    const char *from, const char *to, const char *agent, const char *msg,
    const char *detail)
{
	sqlite3_stmt *st = store_stmt(s, S_EVENT);

	sqlite3_bind_int64(st, 1, id);
	bind_str(st, 2, at);
	bind_str(st, 3, op);
	bind_str(st, 4, from);
	bind_str(st, 5, to);
	bind_str(st, 6, agent);
	bind_str(st, 7, msg);
	bind_str(st, 8, detail);
	store_run(s, st);
}

/* The status of case id (copied into buf), or NULL when there is none. */
const char *
case_status(struct store *s, int64_t id, char *buf, size_t bufsz)
{
	sqlite3_stmt *st = store_stmt(s, S_CASE_GET);
	const char *r = NULL;

	sqlite3_bind_int64(st, 1, id);
	if (db_step(s->db, st) == SQLITE_ROW) {
		snprintf(buf, bufsz, "%s", sqlite3_column_text(st, 0));
		r = buf;
	}
	sqlite3_reset(st);
	return r;
}

/* Move case id to status `to` (with an event), if it is not there. */
void
case_transition(struct store *s, int64_t id, const char *to, const char *at,
    const char *op, const char *agent, const char *msg, const char *outcome,
    const char *detail)
{
	char from[16];
	sqlite3_stmt *st;
	int reopen;

	if (case_status(s, id, from, sizeof(from)) == NULL)
		return;
	if (strcmp(from, to) == 0 && strcmp(op, "resolve") != 0)
		return;
	reopen = strcmp(from, "resolved") == 0 && strcmp(to, "open") == 0;
	st = store_stmt(s, S_CASE_STATUS);
	sqlite3_bind_int64(st, 1, id);
	bind_str(st, 2, to);
	bind_str(st, 3, outcome);
	bind_str(st, 4, at);
	sqlite3_bind_int(st, 5, reopen);
	store_run(s, st);
	case_event(s, id, at, reopen ? "reopen" : op, from, to, agent, msg,
	    detail != NULL ? detail : outcome);
}

json_t *
case_key(struct store *s, int64_t id, int isnew)
{
	sqlite3_stmt *st;
	struct bcase *c;
	json_t *k;

	if ((c = bcase_cached(s, id)) != NULL)
		return bcase_key(c, isnew);
	st = store_stmt(s, S_CASE_GET);

	sqlite3_bind_int64(st, 1, id);
	if (db_step(s->db, st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return NULL;
	}
	k = json_object();
	json_object_set_new(k, "id", json_integer(id));
	json_object_set_new(k, "status",
	    json_string((const char *)sqlite3_column_text(st, 0)));
	json_object_set_new(k, "new", json_boolean(isnew));
	json_object_set_new(k, "messages",
	    json_integer(sqlite3_column_int64(st, 1)));
	if (sqlite3_column_type(st, 2) != SQLITE_NULL)
		json_object_set_new(k, "customer", json_string(
		    (const char *)sqlite3_column_text(st, 2)));
	json_object_set_new(k, "identity",
	    json_string((const char *)sqlite3_column_text(st, 3)));
	sqlite3_reset(st);
	return k;
}

/* The record key "case" for c as the batch has it. */
json_t *
bcase_key(const struct bcase *c, int isnew)
{
	json_t *k = json_object();

	json_object_set_new(k, "id", json_integer(c->id));
	json_object_set_new(k, "status", json_string(c->status));
	json_object_set_new(k, "new", json_boolean(isnew));
	json_object_set_new(k, "messages", json_integer(c->messages));
	if (c->customer != NULL)
		json_object_set_new(k, "customer", json_string(c->customer));
	json_object_set_new(k, "identity", json_string(c->identity));
	return k;
}

const char *
rec_str(json_t *rec, const char *path)
{
	return jpath_str(rec, path);
}
