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
	/* The record's objects, looked up once (NULL: none). */
	json_t		*cls, *route, *auth, *thr;
};

/* The string at key k of object o, or NULL: as rec_str with the path's
 * first steps taken once per record rather than once per field. */
static const char *
str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

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
 * Cases are read and changed through the batch's copy (cases.c): the
 * database has a case as it was before the batch.
 */

/* The best case so far of owner_case: [0] open or waiting, [1]
 * resolved. */
struct best {
	int64_t		 id[2];
	char		 at[2][TS_BUFSZ + 16];
};

/* Consider a case of the owner: open within the threading window
 * (since), resolved within the reopen window (rsince), on the topic;
 * the latest one, and of two as late the higher id. */
static void
consider(struct best *b, const struct msg *m, const char *since,
    const char *rsince, int64_t id, const char *reason, const char *status,
    const char *resolved_at, const char *updated_at)
{
	int r = status != NULL && strcmp(status, "resolved") == 0, cmp;
	const char *at = r ? resolved_at : updated_at;

	if (at == NULL || strcmp(at, r ? rsince : since) < 0 ||
	    !same_topic(reason, m->reason))
		return;
	cmp = b->id[r] == -1 ? 1 : strcmp(at, b->at[r]);
	if (cmp > 0 || (cmp == 0 && id > b->id[r])) {
		b->id[r] = id;
		snprintf(b->at[r], sizeof(b->at[r]), "%s", at);
	}
}

/* The latest case of the owner on the message's topic: open within the
 * threading window, else resolved within the reopen window; or NULL.
 * The database's rows of the cases the batch has not read, and the
 * batch's own. */
static struct bcase *
owner_case(struct store *s, const struct msg *m)
{
	const struct caseconf *cc = s->cc;
	sqlite3_stmt *st = store_stmt(s, S_OWNER_CASES);
	char since[TS_BUFSZ], rsince[TS_BUFSZ];
	const char *lo;
	struct best b = { { -1, -1 }, { "", "" } };
	struct bcase *c;
	int64_t k;
	int r;

	time_before(m->at, cc->thread_window_s, since);
	time_before(m->at, cc->reopen_window_s, rsince);
	lo = strcmp(since, rsince) < 0 ? since : rsince;
	bind_ref(st, 1, m->owner);
	bind_ref(st, 2, lo);
	while (db_step(s->db, st) == SQLITE_ROW) {
		k = sqlite3_column_int64(st, 0);
		if (bcase_cached(s, k) != NULL)
			continue;
		consider(&b, m, since, rsince, k,
		    (const char *)sqlite3_column_text(st, 1),
		    (const char *)sqlite3_column_text(st, 2),
		    (const char *)sqlite3_column_text(st, 3),
		    (const char *)sqlite3_column_text(st, 4));
	}
	sqlite3_reset(st);
	for (c = bcase_owner_first(s, m->owner); c != NULL; c = c->next_owner)
		if (!c->merged && strcmp(c->updated_at, lo) >= 0)
			consider(&b, m, since, rsince, c->id, c->reason,
			    c->status, c->resolved_at, c->updated_at);
	r = b.id[0] != -1 ? 0 : 1;
	return b.id[r] != -1 ? bcase_get(s, b.id[r]) : NULL;
}

/* The case of message id, when it is the owner's (or, owner NULL, any). */
static struct bcase *
case_of_message(struct store *s, const char *id, const char *owner)
{
	sqlite3_stmt *st = store_stmt(s, S_MSG_CASE);
	struct bcase *c;
	int64_t k = -1;

	if (!bmsg_get(s, id, &k)) {
		bind_ref(st, 1, id);
		if (db_step(s->db, st) == SQLITE_ROW &&
		    sqlite3_column_type(st, 0) != SQLITE_NULL)
			k = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
	}
	if (k == -1 || (c = bcase_get(s, k)) == NULL)
		return NULL;
	return owner == NULL || strcmp(c->owner, owner) == 0 ? c : NULL;
}

/* The case of the thread's latest message in one of the owner's (or,
 * owner NULL, in any). */
static struct bcase *
case_of_thread(struct store *s, const char *thread, const char *owner)
{
	sqlite3_stmt *st;
	struct bcase *c = NULL;
	int64_t k;

	if (thread == NULL)
		return NULL;
	if (owner == NULL) {
		st = store_stmt(s, S_THREAD_ANY);
		bind_ref(st, 1, thread);
		return (k = store_int(s, st)) == -1 ? NULL : bcase_get(s, k);
	}
	st = store_stmt(s, S_THREAD_CASES);
	bind_ref(st, 1, thread);
	while (db_step(s->db, st) == SQLITE_ROW) {
		k = sqlite3_column_int64(st, 0);
		if ((c = bcase_get(s, k)) != NULL &&
		    strcmp(c->owner, owner) == 0)
			break;
		c = NULL;
	}
	sqlite3_reset(st);
	return c;
}

/* Count the message on its author's account (written at commit); for a
 * customer's message, the account's customer when it is linked. */
static void
account(struct store *s, json_t *rec, struct msg *m)
{
	accts_add(s, m->author, m->channel, str(m->auth, "handle"),
	    str(m->auth, "name"), m->at,
	    json_object_get(m->auth, "followers"), m->in, m->in &&
	    m->polarity != NULL && strcmp(m->polarity, "negative") == 0);
	m->customer = m->in ? account_customer(s, m->author, m->custbuf,
	    sizeof(m->custbuf)) : NULL;
	snprintf(m->owner, sizeof(m->owner), "%s", m->customer != NULL ?
	    m->customer : m->author);
}

/* An integer or boolean priority as *v; 0 when there is none. */
static int
priority_of(json_t *p, int64_t *v)
{
	if (json_is_integer(p))
		*v = json_integer_value(p);
	else if (json_is_boolean(p))
		*v = json_is_true(p);
	else
		return 0;
	return 1;
}

static struct bcase *
new_case(struct store *s, const struct msg *m)
{
	struct bcase *c = bcase_new(s, m->owner);

	c->status = "open";
	c->customer = bcase_str(s, m->customer);
	c->account = bcase_str(s, m->author);
	c->identity = m->customer != NULL ? "verified" : "unverified";
	c->channel = bcase_str(s, m->channel);
	c->reason = bcase_str(s, m->reason);
	c->subreason = bcase_str(s, m->subreason);
	c->queue = bcase_str(s, m->queue);
	c->priority_null = !priority_of(m->priority, &c->priority);
	c->due_at = bcase_str(s, m->due_at);
	c->opened_at = c->updated_at = c->last_in_at = bcase_str(s, m->at);
	c->messages = 1;
	c->agent = bcase_str(s, m->routed);
	c->product = bcase_str(s, m->product);
	c->place = bcase_str(s, m->place);
	c->location = bcase_str(s, m->in ? m->location : NULL);
	case_event(s, c->id, m->at, "open", NULL, "open", NULL, m->id,
	    m->customer != NULL ? NULL : "identity unverified");
	/* The agent scs-route chose owns the case from the start (a
	 * joining message leaves the owner as it is). */
	if (m->routed != NULL)
		case_event(s, c->id, m->at, "assign", NULL, NULL, m->routed,
		    m->id, "route");
	return c;
}

/* Filtered, discarded and count-only messages are stored, open nothing. */
static int
counted_only(const struct msg *m)
{
	return m->filter != NULL || (m->action != NULL &&
	    (strcmp(m->action, "count_only") == 0 ||
	    strcmp(m->action, "discard") == 0));
}

/* Thread an inbound message: its case, *isnew when it opened one. */
static struct bcase *
thread_in(struct store *s, struct msg *m, int *isnew)
{
	char since[TS_BUFSZ];
	struct bcase *c = NULL;

	*isnew = 0;
	if (m->reply != NULL)
		c = case_of_message(s, m->reply, m->owner);
	if (c == NULL)
		c = case_of_thread(s, m->thread, m->owner);
	if (c == NULL)
		c = owner_case(s, m);
	/* A reply long after its case was resolved starts a new one. */
	if (c != NULL && strcmp(c->status, "resolved") == 0) {
		time_before(m->at, s->cc->reopen_window_s, since);
		if (strcmp(c->resolved_at ? c->resolved_at : "", since) < 0)
			c = NULL;
	}
	if (c == NULL) {
		*isnew = 1;
		return new_case(s, m);
	}
	return c;
}

static struct bcase *
thread_out(struct store *s, struct msg *m)
{
	struct bcase *c = NULL;

	if (m->reply != NULL)
		c = case_of_message(s, m->reply, NULL);
	if (c == NULL)
		c = case_of_thread(s, m->thread, NULL);
	return c;
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
	bind_ref(st, 14, str(m->cls, "protocol"));
	bind_ref(st, 15, str(m->cls, "polarity"));
	bind_real(st, 16, json_object_get(m->cls, "sentiment"));
	bind_ref(st, 17, m->filter);
	bind_ref(st, 18, m->action);
	bind_int(st, 19, json_object_get(m->cls, "derivation"));
	if (json_is_array(json_object_get(m->cls, "tags"))) {
		size_t i;
		json_t *t;
		int c = 0;

		/* community_answer is the tag scs-classify's rules give a
		 * customer answering another (scs-classify(1)). */
		json_array_foreach(json_object_get(m->cls, "tags"), i, t)
			if (json_is_string(t) && (strcmp(json_string_value(t),
			    "community_answer") == 0 ||
			    strcmp(json_string_value(t), "community") == 0))
				c = 1;
		sqlite3_bind_int(st, 20, c);
	}
	bind_ref(st, 21, m->queue);
	bind_int(st, 22, m->priority);
	bind_int(st, 23, json_object_get(m->auth, "followers"));
	bind_int(st, 24, jpath_get(rec, "influence.score"));
	bind_ref(st, 25, m->place);
	bind_ref(st, 26, str(rec, "lang") ? str(rec, "lang") :
	    str(m->cls, "lang"));
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

/* a, later than b (NULL) or not; times compare as strings. */
static int
later(const char *a, const char *b)
{
	return b == NULL || strcmp(a, b) > 0;
}

/* Does the route of m change case c's queue, priority or due time? */
static int
route_changes(const struct msg *m, const struct bcase *c)
{
	int64_t v;

	if (m->queue != NULL && (c->queue == NULL ||
	    strcmp(c->queue, m->queue) != 0))
		return 1;
	if (priority_of(m->priority, &v) && (c->priority_null ||
	    v < c->priority))
		return 1;
	return m->due_at != NULL && c->due_at == NULL;
}

/* A customer message joins case c: back to open, counters, route.  What
 * an UPDATE of the row did, in memory (cases.c writes it). */
static json_t *
join_in(struct store *s, const struct msg *m, struct bcase *c)
{
	int reopen = strcmp(c->status, "resolved") == 0;
	int move = strcmp(c->status, "open") != 0;
	const char *at = NULL;
	int64_t v;

	/* The customer wrote: the company owes the next move. */
	if (move)
		case_event(s, c->id, m->at, reopen ? "reopen" : "customer",
		    c->status, "open", NULL, m->id, NULL);
	if (move || route_changes(m, c)) {
		c->status = "open";
		c->outcome = NULL;
		c->resolved_at = NULL;
		c->reopens += reopen;
		if (m->queue != NULL)
			c->queue = bcase_str(s, m->queue);
		/* the more urgent priority, the first due time */
		if (priority_of(m->priority, &v) && (c->priority_null ||
		    v < c->priority)) {
			c->priority = v;
			c->priority_null = 0;
		}
		if (c->due_at == NULL)
			c->due_at = bcase_str(s, m->due_at);
	}
	c->messages++;
	if (later(m->at, c->updated_at))
		c->updated_at = at = bcase_str(s, m->at);
	if (later(m->at, c->last_in_at))
		c->last_in_at = at != NULL ? at : bcase_str(s, m->at);
	if (m->reason != NULL && (c->reason == NULL ||
	    strcmp(c->reason, "other") == 0)) {
		c->reason = bcase_str(s, m->reason);
		c->subreason = bcase_str(s, m->subreason);
	}
	if (c->product == NULL)
		c->product = bcase_str(s, m->product);
	if (c->place == NULL)
		c->place = bcase_str(s, m->place);
	if (c->location == NULL)
		c->location = bcase_str(s, m->location);
	c->dirty = 1;
	return bcase_key(c, 0);
}

/* An agent message joins case c: a human one puts it in waiting. */
static json_t *
join_out(struct store *s, const struct msg *m, struct bcase *c)
{
	int move = !m->autom && strcmp(c->status, "waiting") != 0;
	const char *at = NULL;

	/* An agent answered: now it is up to the customer. */
	if (move) {
		case_event(s, c->id, m->at, "reply", c->status, "waiting",
		    m->agent, m->id, NULL);
		c->status = "waiting";
		c->outcome = NULL;
		c->resolved_at = NULL;
	}
	c->messages++;
	if (later(m->at, c->updated_at))
		c->updated_at = at = bcase_str(s, m->at);
	if (m->autom)
		c->auto_replies++;
	else {
		c->replies++;
		if (c->first_reply_at == NULL ||
		    strcmp(c->first_reply_at, m->at) > 0)
			c->first_reply_at = at != NULL ? at :
			    bcase_str(s, m->at);
	}
	if (c->agent == NULL)
		c->agent = bcase_str(s, m->agent);
	c->dirty = 1;
	return bcase_key(c, 0);
}

json_t *
store_message(struct store *s, json_t *rec, const char *line, size_t len,
    const char **err)
{
	struct bcase *c;
	struct msg m;
	sqlite3_stmt *st;
	char at[TS_BUFSZ];
	int64_t id, ms;
	int isnew = 0;
	json_t *key;

	memset(&m, 0, sizeof(m));
	m.cls = json_object_get(rec, "class");
	m.route = json_object_get(rec, "route");
	m.auth = json_object_get(rec, "author");
	m.thr = json_object_get(rec, "thread");
	m.id = str(rec, "id");
	m.channel = str(rec, "channel");
	m.dir = str(rec, "direction");
	m.at = str(rec, "created_at");
	m.author = str(m.auth, "id");
	m.thread = str(m.thr, "id");
	m.reply = str(m.thr, "in_reply_to");
	m.reason = str(m.cls, "reason");
	m.subreason = str(m.cls, "subreason");
	m.filter = str(m.cls, "filter");
	m.action = str(m.cls, "action");
	m.agent = str(rec, "agent");
	m.queue = str(m.route, "queue");
	m.due_at = str(m.route, "due_at");
	m.routed = str(m.route, "agent");
	m.priority = json_object_get(m.route, "priority");
	m.polarity = str(m.cls, "polarity");
	if ((m.product = str(m.cls, "product")) == NULL)
		m.product = rec_str(rec, "class.brand.term");
	m.place = rec_str(rec, "geo.place");
	m.location = str(m.auth, "location");
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
		c = thread_in(s, &m, &isnew);
		id = c->id;
		key = isnew ? new_key(id, &m) : join_in(s, &m, c);
	} else if ((c = thread_out(s, &m)) != NULL) {
		id = c->id;
		key = join_out(s, &m, c);
	} else
		id = -1;
	store_row(s, rec, &m, id, line, len);
	bmsg_put(s, m.id, id);
	return key;
}
