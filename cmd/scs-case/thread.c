/* thread.c - storing messages, threading them into cases, the state
 * machine, and the other records (events, work, surveys, QA, shifts) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "case.h"
#include "jpath.h"
#include "tstamp.h"

enum {
	S_MSG_CASE,		/* a message's case and that case's owner */
	S_THREAD_CASE,		/* latest case of an owner in a thread */
	S_THREAD_ANY,		/* latest case in a thread */
	S_OPEN_CASES,		/* an owner's open cases, latest first */
	S_RESOLVED_CASES,	/* an owner's cases resolved lately */
	S_ACCOUNT,		/* upsert an account */
	S_ACCOUNT_OWNER,	/* its customer, if linked */
	S_NEW_CASE,
	S_CASE_GET,
	S_CASE_IN,		/* a customer message joins */
	S_CASE_ROUTE,		/* its queue, priority, due time */
	S_CASE_OUT,		/* an agent message joins */
	S_CASE_STATUS,
	S_NEW_MSG,
	S_EVENT,
	S_APPLIED,
	S_WORK, S_SURVEY, S_QA, S_SHIFT,
	S_CASE_EXISTS,
	NSTMT
};

static const char *sql[NSTMT] = {
	[S_MSG_CASE] = "SELECT m.case_id, c.owner FROM messages m "
	    "LEFT JOIN cases c ON c.id = m.case_id WHERE m.id = ?1",
	[S_THREAD_CASE] = "SELECT m.case_id FROM messages m JOIN cases c "
	    "ON c.id = m.case_id WHERE m.thread = ?1 AND c.owner = ?2 "
	    "ORDER BY m.created_at DESC LIMIT 1",
	[S_THREAD_ANY] = "SELECT m.case_id FROM messages m WHERE "
	    "m.thread = ?1 AND m.case_id IS NOT NULL "
	    "ORDER BY m.created_at DESC LIMIT 1",
	/* No ORDER BY: an owner has few cases, and picking the latest in C
	 * spares a sort per message. */
	[S_OPEN_CASES] = "SELECT id, reason, updated_at FROM cases WHERE "
	    "owner = ?1 AND status IN ('open','waiting') AND merged_into IS "
	    "NULL AND updated_at >= ?2",
	[S_RESOLVED_CASES] = "SELECT id, reason, resolved_at FROM cases WHERE "
	    "owner = ?1 AND status = 'resolved' AND merged_into IS NULL AND "
	    "resolved_at >= ?2",
	[S_ACCOUNT] = "INSERT INTO accounts (id, channel, handle, name, "
	    "first_seen, last_seen, followers, messages, negative) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7, ?8) ON CONFLICT (id) DO UPDATE "
	    "SET messages = messages + ?7, negative = negative + ?8, "
	    "handle = coalesce(excluded.handle, handle), "
	    "name = coalesce(excluded.name, name), "
	    "first_seen = min(coalesce(first_seen, excluded.first_seen), "
	    "excluded.first_seen), "
	    "last_seen = max(coalesce(last_seen, excluded.last_seen), "
	    "excluded.last_seen), "
	    "followers = coalesce(excluded.followers, followers) "
	    "RETURNING customer",
	[S_ACCOUNT_OWNER] = "SELECT customer FROM accounts WHERE id = ?1",
	[S_NEW_CASE] = "INSERT INTO cases (status, owner, customer, account, "
	    "identity, channel, reason, subreason, queue, priority, due_at, "
	    "opened_at, updated_at, last_in_at, messages) VALUES ('open', ?1, "
	    "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?11, 1)",
	[S_CASE_GET] = "SELECT status, messages, customer, identity, "
	    "reason FROM cases WHERE id = ?1",
	/* Routing figures are set apart (S_CASE_ROUTE), only when the
	 * record has them: they are in the queue index. */
	[S_CASE_IN] = "UPDATE cases SET messages = messages + 1, "
	    "updated_at = max(updated_at, ?2), "
	    "last_in_at = max(coalesce(last_in_at, ?2), ?2), "
	    "reason = CASE WHEN ?3 IS NOT NULL AND (reason IS NULL OR "
	    "reason = 'other') THEN ?3 ELSE reason END, "
	    "subreason = CASE WHEN ?3 IS NOT NULL AND (reason IS NULL OR "
	    "reason = 'other') THEN ?4 ELSE subreason END WHERE id = ?1 "
	    "RETURNING status, messages, customer, identity",
	[S_CASE_ROUTE] = "UPDATE cases SET queue = coalesce(?2, queue), "
	    "priority = min(coalesce(priority, ?3), coalesce(?3, priority)), "
	    "due_at = coalesce(due_at, ?4) WHERE id = ?1 AND "
	    "(queue IS NOT coalesce(?2, queue) OR priority IS NOT "
	    "min(coalesce(priority, ?3), coalesce(?3, priority)) OR "
	    "due_at IS NOT coalesce(due_at, ?4))",
	[S_CASE_OUT] = "UPDATE cases SET messages = messages + 1, "
	    "updated_at = max(updated_at, ?2), "
	    "replies = replies + ?3, auto_replies = auto_replies + 1 - ?3, "
	    "first_reply_at = CASE WHEN ?3 = 1 AND (first_reply_at IS NULL "
	    "OR first_reply_at > ?2) THEN ?2 ELSE first_reply_at END, "
	    "agent = coalesce(agent, ?4) WHERE id = ?1 "
	    "RETURNING status, messages, customer, identity",
	[S_CASE_STATUS] = "UPDATE cases SET status = ?2, "
	    "outcome = CASE WHEN ?2 = 'resolved' THEN ?3 ELSE NULL END, "
	    "resolved_at = CASE WHEN ?2 = 'resolved' THEN ?4 ELSE NULL END, "
	    "reopens = reopens + ?5, updated_at = max(updated_at, ?4) "
	    "WHERE id = ?1",
	[S_NEW_MSG] = "INSERT INTO messages (id, case_id, channel, direction, "
	    "created_at, author, agent, auto, public, thread, in_reply_to, "
	    "reason, subreason, protocol, polarity, sentiment, filter, "
	    "action, derivation, community, queue, priority, followers, "
	    "influence, place, lang, record, stored_at) VALUES (?1, ?2, ?3, "
	    "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, "
	    "?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28)",
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

struct store {
	sqlite3			*db;
	const struct caseconf	*cc;
	sqlite3_stmt		*st[NSTMT];
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
store_free(struct store *s)
{
	int i;

	if (s == NULL)
		return;
	for (i = 0; i < NSTMT; i++)
		sqlite3_finalize(s->st[i]);
	free(s);
}

/* The statement k, reset and unbound, ready for new values. */
static sqlite3_stmt *
stmt(struct store *s, int k)
{
	sqlite3_reset(s->st[k]);
	sqlite3_clear_bindings(s->st[k]);
	return s->st[k];
}

static void
bind_str(sqlite3_stmt *st, int i, const char *v)
{
	if (v != NULL)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

static void
bind_int(sqlite3_stmt *st, int i, json_t *v)
{
	if (json_is_integer(v))
		sqlite3_bind_int64(st, i, json_integer_value(v));
	else if (json_is_boolean(v))
		sqlite3_bind_int(st, i, json_is_true(v));
}

static void
bind_real(sqlite3_stmt *st, int i, json_t *v)
{
	if (json_is_number(v))
		sqlite3_bind_double(st, i, json_number_value(v));
}

/* Run a statement that returns nothing. */
static void
run(struct store *s, sqlite3_stmt *st)
{
	db_step(s->db, st);
	sqlite3_reset(st);
}

/* The first column of the first row as an integer, or -1. */
static int64_t
first_int(struct store *s, sqlite3_stmt *st)
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
static void
before(const char *at, int64_t secs, char out[TS_BUFSZ])
{
	int64_t ms = 0;

	ts_parse_rfc3339(at, &ms);
	ts_format(ms - secs * 1000, out);
}

static void
event(struct store *s, int64_t id, const char *at, const char *op,
    const char *from, const char *to, const char *agent, const char *msg,
    const char *detail)
{
	sqlite3_stmt *st = stmt(s, S_EVENT);

	sqlite3_bind_int64(st, 1, id);
	bind_str(st, 2, at);
	bind_str(st, 3, op);
	bind_str(st, 4, from);
	bind_str(st, 5, to);
	bind_str(st, 6, agent);
	bind_str(st, 7, msg);
	bind_str(st, 8, detail);
	run(s, st);
}

/* The status of case id (copied into buf), or NULL when there is none. */
static const char *
status_of(struct store *s, int64_t id, char *buf, size_t bufsz)
{
	sqlite3_stmt *st = stmt(s, S_CASE_GET);
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
static void
transition(struct store *s, int64_t id, const char *to, const char *at,
    const char *op, const char *agent, const char *msg, const char *outcome,
    const char *detail)
{
	char from[16];
	sqlite3_stmt *st;
	int reopen;

	if (status_of(s, id, from, sizeof(from)) == NULL)
		return;
	if (strcmp(from, to) == 0 && strcmp(op, "resolve") != 0)
		return;
	reopen = strcmp(from, "resolved") == 0 && strcmp(to, "open") == 0;
	st = stmt(s, S_CASE_STATUS);
	sqlite3_bind_int64(st, 1, id);
	bind_str(st, 2, to);
	bind_str(st, 3, outcome);
	bind_str(st, 4, at);
	sqlite3_bind_int(st, 5, reopen);
	run(s, st);
	event(s, id, at, reopen ? "reopen" : op, from, to, agent, msg,
	    detail != NULL ? detail : outcome);
}

json_t *
case_key(struct store *s, int64_t id, int isnew)
{
	sqlite3_stmt *st = stmt(s, S_CASE_GET);
	json_t *k;

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

/* ---- messages ---------------------------------------------------------- */

/* What threading needs from a message record. */
struct msg {
	const char	*id, *channel, *dir, *at, *author, *thread, *reply;
	const char	*reason, *subreason, *filter, *action, *agent;
	const char	*queue, *due_at, *polarity;
	json_t		*priority;
	int		 in, autom;
	char		 owner[512];
	const char	*customer;	/* NULL: unlinked account */
	char		 custbuf[256];
};

/* Does a case about case_reason take a message about reason?  A message
 * or a case that states no topic ("other", none) goes with any. */
static int
same_topic(const char *case_reason, const char *reason)
{
	if (reason == NULL || strcmp(reason, "other") == 0 ||
	    case_reason == NULL || strcmp(case_reason, "other") == 0)
		return 1;
	return strcmp(case_reason, reason) == 0;
}

/* The latest case of the owner in sql k (open or lately resolved) on the
 * message's topic, or -1. */
static int64_t
owner_case(struct store *s, const struct msg *m, int k, int64_t window)
{
	sqlite3_stmt *st = stmt(s, k);
	char since[TS_BUFSZ], best[TS_BUFSZ] = "";
	const char *at;
	int64_t id = -1, c;
	int cmp;

	before(m->at, window, since);
	bind_str(st, 1, m->owner);
	bind_str(st, 2, since);
	while (db_step(s->db, st) == SQLITE_ROW) {
		if (!same_topic((const char *)sqlite3_column_text(st, 1),
		    m->reason))
			continue;
		c = sqlite3_column_int64(st, 0);
		at = (const char *)sqlite3_column_text(st, 2);
		cmp = id == -1 ? 1 : strcmp(at ? at : "", best);
		if (cmp > 0 || (cmp == 0 && c > id)) {
			id = c;
			snprintf(best, sizeof(best), "%s", at ? at : "");
		}
	}
	sqlite3_reset(st);
	return id;
}

/* The case of message id, when it is the owner's (or, owner NULL, any). */
static int64_t
case_of_message(struct store *s, const char *id, const char *owner)
{
	sqlite3_stmt *st = stmt(s, S_MSG_CASE);
	int64_t c = -1;

	bind_str(st, 1, id);
	if (db_step(s->db, st) == SQLITE_ROW &&
	    sqlite3_column_type(st, 0) != SQLITE_NULL &&
	    (owner == NULL || (sqlite3_column_text(st, 1) != NULL &&
	    strcmp((const char *)sqlite3_column_text(st, 1), owner) == 0)))
		c = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return c;
}

static int64_t
case_of_thread(struct store *s, const char *thread, const char *owner)
{
	sqlite3_stmt *st;

	if (thread == NULL)
		return -1;
	st = stmt(s, owner != NULL ? S_THREAD_CASE : S_THREAD_ANY);
	bind_str(st, 1, thread);
	if (owner != NULL)
		bind_str(st, 2, owner);
	return first_int(s, st);
}

/* Record the author's account; its customer when linked. */
static void
account(struct store *s, json_t *rec, struct msg *m)
{
	sqlite3_stmt *st = stmt(s, S_ACCOUNT);
	const unsigned char *c;

	bind_str(st, 1, m->author);
	bind_str(st, 2, m->channel);
	bind_str(st, 3, jpath_str(rec, "author.handle"));
	bind_str(st, 4, jpath_str(rec, "author.name"));
	bind_str(st, 5, m->at);
	bind_int(st, 6, jpath_get(rec, "author.followers"));
	sqlite3_bind_int(st, 7, m->in);
	sqlite3_bind_int(st, 8, m->in && m->polarity != NULL &&
	    strcmp(m->polarity, "negative") == 0);
	m->customer = NULL;
	if (db_step(s->db, st) == SQLITE_ROW &&
	    (c = sqlite3_column_text(st, 0)) != NULL) {
		snprintf(m->custbuf, sizeof(m->custbuf), "%s", c);
		m->customer = m->custbuf;
	}
	sqlite3_reset(st);
	snprintf(m->owner, sizeof(m->owner), "%s", m->customer != NULL ?
	    m->customer : m->author);
}

static int64_t
new_case(struct store *s, const struct msg *m)
{
	sqlite3_stmt *st = stmt(s, S_NEW_CASE);
	int64_t id;

	bind_str(st, 1, m->owner);
	bind_str(st, 2, m->customer);
	bind_str(st, 3, m->author);
	bind_str(st, 4, m->customer != NULL ? "verified" : "unverified");
	bind_str(st, 5, m->channel);
	bind_str(st, 6, m->reason);
	bind_str(st, 7, m->subreason);
	bind_str(st, 8, m->queue);
	bind_int(st, 9, m->priority);
	bind_str(st, 10, m->due_at);
	bind_str(st, 11, m->at);
	run(s, st);
	id = sqlite3_last_insert_rowid(s->db);
	event(s, id, m->at, "open", NULL, "open", NULL, m->id,
	    m->customer != NULL ? NULL : "identity unverified");
	return id;
}

/* Filtered, discarded and count-only messages are stored, open nothing. */
static int
counted_only(const struct msg *m)
{
	return m->filter != NULL || (m->action != NULL &&
	    (strcmp(m->action, "count_only") == 0 ||
	    strcmp(m->action, "discard") == 0));
}

/* Was case id resolved no longer than window seconds before at? */
static int
resolved_since(struct store *s, int64_t id, const char *at, int64_t window)
{
	sqlite3_stmt *st = db_prepare(s->db, "SELECT resolved_at >= ?2 "
	    "FROM cases WHERE id = ?1");
	char since[TS_BUFSZ];
	int r = 0;

	before(at, window, since);
	sqlite3_bind_int64(st, 1, id);
	bind_str(st, 2, since);
	if (db_step(s->db, st) == SQLITE_ROW)
		r = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return r;
}

/* Thread an inbound message: its case id, *isnew when it opened one. */
static int64_t
thread_in(struct store *s, struct msg *m, int *isnew)
{
	const struct caseconf *cc = s->cc;
	char st[16];
	int64_t id;

	*isnew = 0;
	if ((id = m->reply ? case_of_message(s, m->reply, m->owner) : -1) ==
	    -1)
		id = case_of_thread(s, m->thread, m->owner);
	if (id == -1)
		id = owner_case(s, m, S_OPEN_CASES, cc->thread_window_s);
	if (id == -1)
		id = owner_case(s, m, S_RESOLVED_CASES, cc->reopen_window_s);
	/* A reply long after its case was resolved starts a new one. */
	if (id != -1 && status_of(s, id, st, sizeof(st)) != NULL &&
	    strcmp(st, "resolved") == 0 && !resolved_since(s, id, m->at,
	    cc->reopen_window_s))
		id = -1;
	if (id == -1) {
		*isnew = 1;
		return new_case(s, m);
	}
	/* The customer wrote: the company owes the next move. */
	transition(s, id, "open", m->at, "customer", NULL, m->id, NULL, NULL);
	return id;
}

static int64_t
thread_out(struct store *s, struct msg *m)
{
	int64_t id = -1;

	if (m->reply != NULL)
		id = case_of_message(s, m->reply, NULL);
	if (id == -1)
		id = case_of_thread(s, m->thread, NULL);
	if (id == -1 || m->autom)
		return id;
	/* An agent answered: now it is up to the customer. */
	transition(s, id, "waiting", m->at, "reply", m->agent, m->id, NULL,
	    NULL);
	return id;
}

static const char *
str(json_t *rec, const char *path)
{
	return jpath_str(rec, path);
}

static void
store_row(struct store *s, json_t *rec, const struct msg *m, int64_t id,
    const char *line, size_t len)
{
	sqlite3_stmt *st = stmt(s, S_NEW_MSG);
	char now[32];

	bind_str(st, 1, m->id);
	if (id != -1)
		sqlite3_bind_int64(st, 2, id);
	bind_str(st, 3, m->channel);
	bind_str(st, 4, m->dir);
	bind_str(st, 5, m->at);
	bind_str(st, 6, m->author);
	bind_str(st, 7, m->agent);
	sqlite3_bind_int(st, 8, m->autom);
	bind_int(st, 9, json_object_get(rec, "public"));
	bind_str(st, 10, m->thread);
	bind_str(st, 11, m->reply);
	bind_str(st, 12, m->reason);
	bind_str(st, 13, m->subreason);
	bind_str(st, 14, str(rec, "class.protocol"));
	bind_str(st, 15, str(rec, "class.polarity"));
	bind_real(st, 16, jpath_get(rec, "class.sentiment"));
	bind_str(st, 17, m->filter);
	bind_str(st, 18, m->action);
	bind_int(st, 19, jpath_get(rec, "class.derivation"));
	if (json_is_array(jpath_get(rec, "class.tags"))) {
		size_t i;
		json_t *t;
		int c = 0;

		json_array_foreach(jpath_get(rec, "class.tags"), i, t)
			if (json_is_string(t) && strcmp(json_string_value(t),
			    "community") == 0)
				c = 1;
		sqlite3_bind_int(st, 20, c);
	}
	bind_str(st, 21, m->queue);
	bind_int(st, 22, m->priority);
	bind_int(st, 23, jpath_get(rec, "author.followers"));
	bind_int(st, 24, jpath_get(rec, "influence.score"));
	bind_str(st, 25, str(rec, "geo.place") ? str(rec, "geo.place") :
	    str(rec, "author.location"));
	bind_str(st, 26, str(rec, "lang") ? str(rec, "lang") :
	    str(rec, "class.lang"));
	/* The line as it came, without the case key it is about to get. */
	sqlite3_bind_text(st, 27, line, (int)len, SQLITE_STATIC);
	now_rfc3339(now);
	bind_str(st, 28, now);
	run(s, st);
}

/* The key of a case just opened by m: known without asking. */
static json_t *
new_key(int64_t id, const struct msg *m)
{
	json_t *k = json_object();

	json_object_set_new(k, "id", json_integer(id));
	json_object_set_new(k, "status", json_string("open"));
	json_object_set_new(k, "new", json_true());
	json_object_set_new(k, "messages", json_integer(1));
	if (m->customer != NULL)
		json_object_set_new(k, "customer", json_string(m->customer));
	json_object_set_new(k, "identity", json_string(m->customer != NULL ?
	    "verified" : "unverified"));
	return k;
}

/* Run an update of case id that returns status, messages, customer and
 * identity; the key from them. */
static json_t *
returned_key(struct store *s, sqlite3_stmt *st, int64_t id)
{
	json_t *k = NULL;

	if (db_step(s->db, st) == SQLITE_ROW) {
		k = json_object();
		json_object_set_new(k, "id", json_integer(id));
		json_object_set_new(k, "status", json_string(
		    (const char *)sqlite3_column_text(st, 0)));
		json_object_set_new(k, "new", json_false());
		json_object_set_new(k, "messages",
		    json_integer(sqlite3_column_int64(st, 1)));
		if (sqlite3_column_type(st, 2) != SQLITE_NULL)
			json_object_set_new(k, "customer", json_string(
			    (const char *)sqlite3_column_text(st, 2)));
		json_object_set_new(k, "identity", json_string(
		    (const char *)sqlite3_column_text(st, 3)));
		/* RETURNING: step to the end before the reset. */
		while (db_step(s->db, st) == SQLITE_ROW)
			;
	}
	sqlite3_reset(st);
	return k;
}

json_t *
store_message(struct store *s, json_t *rec, const char *line, size_t len,
    const char **err)
{
	struct msg m;
	sqlite3_stmt *st;
	char at[TS_BUFSZ];
	int64_t id, ms;
	int isnew = 0;
	json_t *key;

	memset(&m, 0, sizeof(m));
	m.id = str(rec, "id");
	m.channel = str(rec, "channel");
	m.dir = str(rec, "direction");
	m.at = str(rec, "created_at");
	m.author = str(rec, "author.id");
	m.thread = str(rec, "thread.id");
	m.reply = str(rec, "thread.in_reply_to");
	m.reason = str(rec, "class.reason");
	m.subreason = str(rec, "class.subreason");
	m.filter = str(rec, "class.filter");
	m.action = str(rec, "class.action");
	m.agent = str(rec, "agent");
	m.queue = str(rec, "route.queue");
	m.due_at = str(rec, "route.due_at");
	m.priority = jpath_get(rec, "route.priority");
	m.polarity = str(rec, "class.polarity");
	m.autom = json_is_true(json_object_get(rec, "auto"));
	if (m.id == NULL)
		return *err = "no \"id\"", NULL;
	if (m.dir == NULL || (strcmp(m.dir, "in") != 0 &&
	    strcmp(m.dir, "out") != 0))
		return *err = "\"direction\" is not \"in\" or \"out\"", NULL;
	m.in = strcmp(m.dir, "in") == 0;
	if (m.at == NULL || ts_parse_rfc3339(m.at, &ms) == -1)
		return *err = "\"created_at\" is not an RFC 3339 time", NULL;
	/* Stored times compare as strings: all in one form. */
	m.at = ts_format(ms, at);
	if (m.in && m.author == NULL)
		return *err = "an inbound message without \"author.id\"", NULL;

	/* Stored already: the same answer as the first time. */
	st = stmt(s, S_MSG_CASE);
	bind_str(st, 1, m.id);
	if (db_step(s->db, st) == SQLITE_ROW) {
		id = sqlite3_column_type(st, 0) == SQLITE_NULL ? -1 :
		    sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		return id == -1 ? NULL : case_key(s, id, 0);
	}
	sqlite3_reset(st);

	if (m.author != NULL)
		account(s, rec, &m);
	if (m.in && counted_only(&m))
		id = -1;
	else if (m.in)
		id = thread_in(s, &m, &isnew);
	else
		id = thread_out(s, &m);
	key = NULL;
	if (id != -1 && isnew)
		key = new_key(id, &m);
	else if (id != -1 && m.in) {
		if (m.queue != NULL || m.priority != NULL || m.due_at != NULL) {
			st = stmt(s, S_CASE_ROUTE);
			sqlite3_bind_int64(st, 1, id);
			bind_str(st, 2, m.queue);
			bind_int(st, 3, m.priority);
			bind_str(st, 4, m.due_at);
			run(s, st);
		}
		st = stmt(s, S_CASE_IN);
		sqlite3_bind_int64(st, 1, id);
		bind_str(st, 2, m.at);
		bind_str(st, 3, m.reason);
		bind_str(st, 4, m.subreason);
		key = returned_key(s, st, id);
	} else if (id != -1) {
		st = stmt(s, S_CASE_OUT);
		sqlite3_bind_int64(st, 1, id);
		bind_str(st, 2, m.at);
		sqlite3_bind_int(st, 3, !m.autom);
		bind_str(st, 4, m.agent);
		key = returned_key(s, st, id);
	}
	store_row(s, rec, &m, id, line, len);
	return key;
}

/* ---- acts on cases ------------------------------------------------------ */

int
case_act(struct store *s, int64_t id, const char *op, json_t *ev,
    const char *at, const char **err)
{
	const char *agent = str(ev, "agent"), *outcome, *note;
	char cur[16], buf[64];
	sqlite3_stmt *st;

	if (status_of(s, id, cur, sizeof(cur)) == NULL)
		return *err = "no such case", -1;
	note = str(ev, "text") ? str(ev, "text") : str(ev, "note");
	if (strcmp(op, "resolve") == 0) {
		outcome = str(ev, "outcome");
		if (outcome == NULL || (strcmp(outcome, "favorable") != 0 &&
		    strcmp(outcome, "unfavorable") != 0))
			return *err = "resolve needs \"outcome\": favorable "
			    "or unfavorable", -1;
		transition(s, id, "resolved", at, "resolve", agent, NULL,
		    outcome, note);
	} else if (strcmp(op, "reopen") == 0)
		transition(s, id, "open", at, "reopen", agent, NULL, NULL,
		    note);
	else if (strcmp(op, "wait") == 0)
		transition(s, id, "waiting", at, "wait", agent, NULL, NULL,
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
		event(s, id, at, "assign", NULL, NULL, agent, NULL, note);
	} else if (strcmp(op, "escalate") == 0) {
		st = db_prepare(s->db, "UPDATE cases SET escalated = 1, "
		    "queue = coalesce(?2, queue), updated_at = "
		    "max(updated_at, ?3) WHERE id = ?1");
		sqlite3_bind_int64(st, 1, id);
		bind_str(st, 2, str(ev, "queue"));
		bind_str(st, 3, at);
		db_step(s->db, st);
		sqlite3_finalize(st);
		event(s, id, at, "escalate", NULL, NULL, agent, NULL,
		    str(ev, "queue") ? str(ev, "queue") : note);
	} else if (strcmp(op, "note") == 0 || strcmp(op, "tag") == 0) {
		if (strcmp(op, "tag") == 0 && str(ev, "tag") != NULL)
			note = str(ev, "tag");
		if (note == NULL)
			return *err = "note needs \"text\", tag needs \"tag\"",
			    -1;
		event(s, id, at, op, NULL, NULL, agent, NULL, note);
	} else if (strcmp(op, "merge") == 0) {
		json_t *into = json_object_get(ev, "into");

		if (!json_is_integer(into) || json_integer_value(into) == id)
			return *err = "merge needs \"into\": another case "
			    "number", -1;
		if (status_of(s, json_integer_value(into), buf,
		    sizeof(buf)) == NULL)
			return *err = "merge: no such case to merge into", -1;
		st = db_prepare(s->db, "UPDATE messages SET case_id = ?2 "
		    "WHERE case_id = ?1");
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, json_integer_value(into));
		db_step(s->db, st);
		sqlite3_finalize(st);
		st = db_prepare(s->db, "UPDATE cases SET messages = messages + "
		    "(SELECT messages FROM cases WHERE id = ?1), updated_at = "
		    "max(updated_at, ?3) WHERE id = ?2");
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, json_integer_value(into));
		bind_str(st, 3, at);
		db_step(s->db, st);
		sqlite3_finalize(st);
		st = db_prepare(s->db, "UPDATE cases SET merged_into = ?2, "
		    "messages = 0 WHERE id = ?1");
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, json_integer_value(into));
		db_step(s->db, st);
		sqlite3_finalize(st);
		snprintf(buf, sizeof(buf), "into %lld",
		    (long long)json_integer_value(into));
		transition(s, id, "resolved", at, "merge", agent, NULL, NULL,
		    buf);
		snprintf(buf, sizeof(buf), "from %lld", (long long)id);
		event(s, json_integer_value(into), at, "merge", NULL, NULL,
		    agent, NULL, buf);
	} else
		return *err = "unknown op (expected assign, resolve, reopen, "
		    "wait, escalate, note, tag, merge)", -1;
	return 0;
}

/* ---- other records ------------------------------------------------------ */

static int64_t
case_field(struct store *s, json_t *rec, const char **err)
{
	json_t *c = json_object_get(rec, "case");
	sqlite3_stmt *st;

	if (!json_is_integer(c))
		return *err = "\"case\" is not a case number", -1;
	st = stmt(s, S_CASE_EXISTS);
	sqlite3_bind_int64(st, 1, json_integer_value(c));
	if (first_int(s, st) != 1)
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
	const char *at = str(rec, "at");
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
	st = stmt(s, S_APPLIED);
	bind_str(st, 1, canon ? canon : "");
	free(canon);
	run(s, st);
	fresh = sqlite3_changes(s->db) > 0;
	(void)line;
	(void)len;
	if (!fresh)
		return 0;
	if (strcmp(type, "event") == 0) {
		if (str(rec, "op") == NULL)
			return *err = "an event without \"op\"", -1;
		return case_act(s, id, str(rec, "op"), rec, at, err);
	}
	if (strcmp(type, "work") == 0) {
		json_t *secs = json_object_get(rec, "seconds");

		if (str(rec, "agent") == NULL || !json_is_integer(secs) ||
		    json_integer_value(secs) < 0)
			return *err = "work needs \"agent\" and \"seconds\" "
			    "(a whole number from 0)", -1;
		st = stmt(s, S_WORK);
		sqlite3_bind_int64(st, 1, id);
		bind_str(st, 2, str(rec, "agent"));
		bind_int(st, 3, secs);
		bind_str(st, 4, at);
		run(s, st);
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
		st = stmt(s, S_SURVEY);
		sqlite3_bind_int64(st, 1, id);
		bind_str(st, 2, at);
		bind_int(st, 3, csat);
		bind_int(st, 4, nps);
		bind_int(st, 5, json_object_get(rec, "resolved"));
		bind_int(st, 6, json_object_get(rec, "professional"));
		bind_str(st, 7, str(rec, "comment"));
		run(s, st);
	} else if (strcmp(type, "qa") == 0) {
		char *items = json_dumps(json_object_get(rec, "items"),
		    JSON_COMPACT | JSON_PRESERVE_ORDER);

		if (!json_is_number(json_object_get(rec, "score"))) {
			free(items);
			return *err = "qa needs a \"score\"", -1;
		}
		st = stmt(s, S_QA);
		sqlite3_bind_int64(st, 1, id);
		bind_str(st, 2, str(rec, "reviewer"));
		bind_real(st, 3, json_object_get(rec, "score"));
		bind_str(st, 4, items);
		bind_str(st, 5, at);
		run(s, st);
		free(items);
	} else {			/* shift */
		if (str(rec, "agent") == NULL ||
		    !valid_time(str(rec, "start")) ||
		    !valid_time(str(rec, "end")) ||
		    strcmp(str(rec, "end"), str(rec, "start")) < 0)
			return *err = "shift needs \"agent\", \"start\" and "
			    "\"end\" (RFC 3339, end after start)", -1;
		st = stmt(s, S_SHIFT);
		bind_str(st, 1, str(rec, "agent"));
		bind_str(st, 2, str(rec, "start"));
		bind_str(st, 3, str(rec, "end"));
		run(s, st);
	}
	return 0;
}
