/* thread.c - storing messages and threading them into cases */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "jpath.h"
#include "store.h"
#include "tstamp.h"

/* ---- messages ---------------------------------------------------------- */

/* What threading needs from a message record. */
struct msg {
	const char	*id, *channel, *dir, *at, *author, *thread, *reply;
	const char	*reason, *subreason, *filter, *action, *agent;
	const char	*queue, *due_at, *polarity;
	const char	*routed;	/* route.agent: scs-route's choice */
	const char	*product, *place, *location;	/* for reports */
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

/*
 * What a message joining a case may change in the columns the queue and
 * overdue indexes hold: read with the case, so that the update names
 * them only when they change.
 */
struct cstate {
	int64_t		 id;
	char		 status[16];
	char		 queue[128];
	int		 queue_null, queue_long;
	int64_t		 priority;
	int		 priority_null;
	int		 due_null;
	char		 resolved[TS_BUFSZ + 16];
};

/* Columns col..col+4 of st: status, queue, priority, due_at,
 * resolved_at. */
static void
cstate_load(struct cstate *c, sqlite3_stmt *st, int col, int64_t id)
{
	const char *v;

	c->id = id;
	v = (const char *)sqlite3_column_text(st, col);
	snprintf(c->status, sizeof(c->status), "%s", v ? v : "");
	v = (const char *)sqlite3_column_text(st, col + 1);
	c->queue_null = v == NULL;
	c->queue_long = v != NULL && strlen(v) >= sizeof(c->queue);
	snprintf(c->queue, sizeof(c->queue), "%s", v ? v : "");
	c->priority_null = sqlite3_column_type(st, col + 2) == SQLITE_NULL;
	c->priority = sqlite3_column_int64(st, col + 2);
	c->due_null = sqlite3_column_type(st, col + 3) == SQLITE_NULL;
	v = (const char *)sqlite3_column_text(st, col + 4);
	snprintf(c->resolved, sizeof(c->resolved), "%s", v ? v : "");
}

/* The state of case id into c; -1 when there is no such case. */
static int64_t
case_state(struct store *s, int64_t id, struct cstate *c)
{
	sqlite3_stmt *st = store_stmt(s, S_CASE_STATE);
	int64_t r = -1;

	sqlite3_bind_int64(st, 1, id);
	if (db_step(s->db, st) == SQLITE_ROW) {
		cstate_load(c, st, 0, id);
		r = id;
	}
	sqlite3_reset(st);
	return r;
}

/* The latest case of the owner on the message's topic: open within the
 * threading window, else resolved within the reopen window; or -1. */
static int64_t
owner_case(struct store *s, const struct msg *m, struct cstate *c)
{
	const struct caseconf *cc = s->cc;
	sqlite3_stmt *st = store_stmt(s, S_OWNER_CASES);
	char since[TS_BUFSZ], rsince[TS_BUFSZ], best[2][TS_BUFSZ + 16];
	struct cstate cand[2];
	const char *at, *status;
	int64_t id[2] = { -1, -1 }, k;
	int cmp, r;

	time_before(m->at, cc->thread_window_s, since);
	time_before(m->at, cc->reopen_window_s, rsince);
	bind_ref(st, 1, m->owner);
	bind_ref(st, 2, strcmp(since, rsince) < 0 ? since : rsince);
	while (db_step(s->db, st) == SQLITE_ROW) {
		status = (const char *)sqlite3_column_text(st, 3);
		r = status != NULL && strcmp(status, "resolved") == 0;
		at = (const char *)sqlite3_column_text(st, 2);
		if (at == NULL || strcmp(at, r ? rsince : since) < 0 ||
		    !same_topic((const char *)sqlite3_column_text(st, 1),
		    m->reason))
			continue;
		k = sqlite3_column_int64(st, 0);
		cmp = id[r] == -1 ? 1 : strcmp(at, best[r]);
		if (cmp > 0 || (cmp == 0 && k > id[r])) {
			id[r] = k;
			snprintf(best[r], sizeof(best[r]), "%s", at);
			cstate_load(&cand[r], st, 3, k);
		}
	}
	sqlite3_reset(st);
	r = id[0] != -1 ? 0 : 1;
	if (id[r] != -1)
		*c = cand[r];
	return id[r];
}

/* The case of message id, when it is the owner's (or, owner NULL, any). */
static int64_t
case_of_message(struct store *s, const char *id, const char *owner,
    struct cstate *c)
{
	sqlite3_stmt *st = store_stmt(s, S_MSG_CASE);
	int64_t r = -1;

	bind_ref(st, 1, id);
	if (db_step(s->db, st) == SQLITE_ROW &&
	    sqlite3_column_type(st, 0) != SQLITE_NULL &&
	    sqlite3_column_type(st, 2) != SQLITE_NULL &&
	    (owner == NULL || (sqlite3_column_text(st, 1) != NULL &&
	    strcmp((const char *)sqlite3_column_text(st, 1), owner) == 0))) {
		r = sqlite3_column_int64(st, 0);
		cstate_load(c, st, 2, r);
	}
	sqlite3_reset(st);
	return r;
}

static int64_t
case_of_thread(struct store *s, const char *thread, const char *owner,
    struct cstate *c)
{
	sqlite3_stmt *st;
	int64_t id;

	if (thread == NULL)
		return -1;
	st = store_stmt(s, owner != NULL ? S_THREAD_CASE : S_THREAD_ANY);
	bind_ref(st, 1, thread);
	if (owner != NULL)
		bind_ref(st, 2, owner);
	if ((id = store_int(s, st)) == -1)
		return -1;
	return case_state(s, id, c);
}

/* Count the message on its author's account (written at commit); for a
 * customer's message, the account's customer when it is linked. */
static void
account(struct store *s, json_t *rec, struct msg *m)
{
	accts_add(s, m->author, m->channel, jpath_str(rec, "author.handle"),
	    jpath_str(rec, "author.name"), m->at,
	    jpath_get(rec, "author.followers"), m->in, m->in &&
	    m->polarity != NULL && strcmp(m->polarity, "negative") == 0);
	m->customer = m->in ? account_customer(s, m->author, m->custbuf,
	    sizeof(m->custbuf)) : NULL;
	snprintf(m->owner, sizeof(m->owner), "%s", m->customer != NULL ?
	    m->customer : m->author);
}

static int64_t
new_case(struct store *s, const struct msg *m)
{
	sqlite3_stmt *st = store_stmt(s, S_NEW_CASE);
	int64_t id;

	bind_ref(st, 1, m->owner);
	bind_ref(st, 2, m->customer);
	bind_ref(st, 3, m->author);
	bind_ref(st, 4, m->customer != NULL ? "verified" : "unverified");
	bind_ref(st, 5, m->channel);
	bind_ref(st, 6, m->reason);
	bind_ref(st, 7, m->subreason);
	bind_ref(st, 8, m->queue);
	bind_int(st, 9, m->priority);
	bind_ref(st, 10, m->due_at);
	bind_ref(st, 11, m->at);
	bind_ref(st, 12, m->routed);
	bind_ref(st, 13, m->product);
	bind_ref(st, 14, m->place);
	bind_ref(st, 15, m->in ? m->location : NULL);
	store_run(s, st);
	id = sqlite3_last_insert_rowid(s->db);
	case_event(s, id, m->at, "open", NULL, "open", NULL, m->id,
	    m->customer != NULL ? NULL : "identity unverified");
	/* The agent scs-route chose owns the case from the start (a
	 * joining message leaves the owner as it is). */
	if (m->routed != NULL)
		case_event(s, id, m->at, "assign", NULL, NULL, m->routed,
		    m->id, "route");
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

/* Thread an inbound message: its case id (state in c), *isnew when it
 * opened one. */
static int64_t
thread_in(struct store *s, struct msg *m, struct cstate *c, int *isnew)
{
	char since[TS_BUFSZ];
	int64_t id;

	*isnew = 0;
	if ((id = m->reply ? case_of_message(s, m->reply, m->owner, c) :
	    -1) == -1)
		id = case_of_thread(s, m->thread, m->owner, c);
	if (id == -1)
		id = owner_case(s, m, c);
	/* A reply long after its case was resolved starts a new one. */
	if (id != -1 && strcmp(c->status, "resolved") == 0) {
		time_before(m->at, s->cc->reopen_window_s, since);
		if (strcmp(c->resolved, since) < 0)
			id = -1;
	}
	if (id == -1) {
		*isnew = 1;
		return new_case(s, m);
	}
	return id;
}

static int64_t
thread_out(struct store *s, struct msg *m, struct cstate *c)
{
	int64_t id = -1;

	if (m->reply != NULL)
		id = case_of_message(s, m->reply, NULL, c);
	if (id == -1)
		id = case_of_thread(s, m->thread, NULL, c);
	return id;
}

static void
store_row(struct store *s, json_t *rec, const struct msg *m, int64_t id,
    const char *line, size_t len)
{
	sqlite3_stmt *st = store_stmt(s, S_NEW_MSG);
	char now[32];

	bind_ref(st, 1, m->id);
	if (id != -1)
		sqlite3_bind_int64(st, 2, id);
	bind_ref(st, 3, m->channel);
	bind_ref(st, 4, m->dir);
	bind_ref(st, 5, m->at);
	bind_ref(st, 6, m->author);
	bind_ref(st, 7, m->agent);
	sqlite3_bind_int(st, 8, m->autom);
	bind_int(st, 9, json_object_get(rec, "public"));
	bind_ref(st, 10, m->thread);
	bind_ref(st, 11, m->reply);
	bind_ref(st, 12, m->reason);
	bind_ref(st, 13, m->subreason);
	bind_ref(st, 14, rec_str(rec, "class.protocol"));
	bind_ref(st, 15, rec_str(rec, "class.polarity"));
	bind_real(st, 16, jpath_get(rec, "class.sentiment"));
	bind_ref(st, 17, m->filter);
	bind_ref(st, 18, m->action);
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
	bind_ref(st, 21, m->queue);
	bind_int(st, 22, m->priority);
	bind_int(st, 23, jpath_get(rec, "author.followers"));
	bind_int(st, 24, jpath_get(rec, "influence.score"));
	bind_ref(st, 25, m->place);
	bind_ref(st, 26, rec_str(rec, "lang") ? rec_str(rec, "lang") :
	    rec_str(rec, "class.lang"));
	/* The line as it came, without the case key it is about to get. */
	sqlite3_bind_text(st, 27, line, (int)len, SQLITE_STATIC);
	now_rfc3339(now);
	bind_ref(st, 28, now);
	bind_ref(st, 29, m->product);
	bind_ref(st, 30, m->location);
	store_run(s, st);
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

/* Run an update of case id that returns messages, customer and
 * identity; the key from them and the status. */
static json_t *
returned_key(struct store *s, sqlite3_stmt *st, int64_t id,
    const char *status)
{
	json_t *k = NULL;

	if (db_step(s->db, st) == SQLITE_ROW) {
		k = json_object();
		json_object_set_new(k, "id", json_integer(id));
		json_object_set_new(k, "status", json_string(status));
		json_object_set_new(k, "new", json_false());
		json_object_set_new(k, "messages",
		    json_integer(sqlite3_column_int64(st, 0)));
		if (sqlite3_column_type(st, 1) != SQLITE_NULL)
			json_object_set_new(k, "customer", json_string(
			    (const char *)sqlite3_column_text(st, 1)));
		json_object_set_new(k, "identity", json_string(
		    (const char *)sqlite3_column_text(st, 2)));
		/* RETURNING: step to the end before the reset. */
		while (db_step(s->db, st) == SQLITE_ROW)
			;
	}
	sqlite3_reset(st);
	return k;
}

/* Does the route of m change case c's queue, priority or due time? */
static int
route_changes(const struct msg *m, const struct cstate *c)
{
	json_t *p = m->priority;
	int64_t v;

	if (m->queue != NULL && (c->queue_null || c->queue_long ||
	    strcmp(c->queue, m->queue) != 0))
		return 1;
	if (json_is_integer(p) || json_is_boolean(p)) {
		v = json_is_integer(p) ? json_integer_value(p) : json_is_true(p);
		if (c->priority_null || v < c->priority)
			return 1;
	}
	return m->due_at != NULL && c->due_null;
}

/* A customer message joins case c: back to open, counters, route. */
static json_t *
join_in(struct store *s, const struct msg *m, const struct cstate *c)
{
	int reopen = strcmp(c->status, "resolved") == 0;
	int move = strcmp(c->status, "open") != 0;
	sqlite3_stmt *st;

	if (move || route_changes(m, c)) {
		st = store_stmt(s, S_CASE_IN_IX);
		sqlite3_bind_int(st, 5, reopen);
		bind_ref(st, 6, m->queue);
		bind_int(st, 7, m->priority);
		bind_ref(st, 8, m->due_at);
	} else
		st = store_stmt(s, S_CASE_IN);
	sqlite3_bind_int64(st, 1, c->id);
	bind_ref(st, 2, m->at);
	bind_ref(st, 3, m->reason);
	bind_ref(st, 4, m->subreason);
	bind_ref(st, 9, m->product);
	bind_ref(st, 10, m->place);
	bind_ref(st, 11, m->location);
	/* The customer wrote: the company owes the next move. */
	if (move)
		case_event(s, c->id, m->at, reopen ? "reopen" : "customer",
		    c->status, "open", NULL, m->id, NULL);
	return returned_key(s, st, c->id, "open");
}

/* An agent message joins case c: a human one puts it in waiting. */
static json_t *
join_out(struct store *s, const struct msg *m, const struct cstate *c)
{
	int move = !m->autom && strcmp(c->status, "waiting") != 0;
	sqlite3_stmt *st = store_stmt(s, move ? S_CASE_OUT_IX : S_CASE_OUT);

	sqlite3_bind_int64(st, 1, c->id);
	bind_ref(st, 2, m->at);
	sqlite3_bind_int(st, 3, !m->autom);
	bind_ref(st, 4, m->agent);
	/* An agent answered: now it is up to the customer. */
	if (move)
		case_event(s, c->id, m->at, "reply", c->status, "waiting",
		    m->agent, m->id, NULL);
	return returned_key(s, st, c->id, move ? "waiting" : c->status);
}

json_t *
store_message(struct store *s, json_t *rec, const char *line, size_t len,
    const char **err)
{
	struct cstate c;
	struct msg m;
	sqlite3_stmt *st;
	char at[TS_BUFSZ];
	int64_t id, ms;
	int isnew = 0;
	json_t *key;

	memset(&m, 0, sizeof(m));
	m.id = rec_str(rec, "id");
	m.channel = rec_str(rec, "channel");
	m.dir = rec_str(rec, "direction");
	m.at = rec_str(rec, "created_at");
	m.author = rec_str(rec, "author.id");
	m.thread = rec_str(rec, "thread.id");
	m.reply = rec_str(rec, "thread.in_reply_to");
	m.reason = rec_str(rec, "class.reason");
	m.subreason = rec_str(rec, "class.subreason");
	m.filter = rec_str(rec, "class.filter");
	m.action = rec_str(rec, "class.action");
	m.agent = rec_str(rec, "agent");
	m.queue = rec_str(rec, "route.queue");
	m.due_at = rec_str(rec, "route.due_at");
	m.routed = rec_str(rec, "route.agent");
	m.priority = jpath_get(rec, "route.priority");
	m.polarity = rec_str(rec, "class.polarity");
	if ((m.product = rec_str(rec, "class.product")) == NULL)
		m.product = rec_str(rec, "class.brand.term");
	m.place = rec_str(rec, "geo.place");
	m.location = rec_str(rec, "author.location");
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
	st = store_stmt(s, S_MSG_CASE);
	bind_ref(st, 1, m.id);
	if (db_step(s->db, st) == SQLITE_ROW) {
		id = sqlite3_column_type(st, 0) == SQLITE_NULL ? -1 :
		    sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		return id == -1 ? NULL : case_key(s, id, 0);
	}
	sqlite3_reset(st);

	if (m.author != NULL)
		account(s, rec, &m);
	key = NULL;
	if (m.in && counted_only(&m))
		id = -1;
	else if (m.in) {
		id = thread_in(s, &m, &c, &isnew);
		key = isnew ? new_key(id, &m) : join_in(s, &m, &c);
	} else if ((id = thread_out(s, &m, &c)) != -1)
		key = join_out(s, &m, &c);
	store_row(s, rec, &m, id, line, len);
	return key;
}
