/* cases.c - the cases a batch of messages touches, kept in memory and
 * written once per batch, in id order, before it commits */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "store.h"

/*
 * Why: a case touched by several messages of a batch (an opening and
 * its agent's reply, most often) was written once per message, and
 * each write that changed its status moved its entry in the queue
 * index.  Applying the messages in memory and writing the result once
 * gives the same row: the moves of the state machine are the same, in
 * the same order; only the intermediate rows are never written.  The
 * case_events rows are still written as they happen (their seq is
 * their order).
 *
 * A new case gets the id SQLite would give it (the largest + 1): the
 * batch holds the write lock from its first statement, so no one else
 * adds a case meanwhile.  Messages are written as they come, with the
 * case id; their case row follows at the end of the batch (foreign
 * keys are not checked while the filter runs).
 */

#define ARENA_CHUNK	(1 << 20)

struct chunk {
	struct chunk	*next;
	size_t		 used, size;
	char		 mem[];
};

struct bcases {
	struct bcase	**v;		/* the touched cases */
	size_t		 n, cap;
	struct bcase	**slot;		/* by id; NULL is empty */
	size_t		 nslot;		/* a power of two, > 2 n */
	struct bcase	**oslot;	/* first case of each owner */
	size_t		 noslot, nowners;
	int64_t		 next_id;	/* -1: not read yet */
	struct chunk	*chunks, *cur;	/* strings and cases, per batch */
	/* The batch's messages and their cases (-1: none): a reply to one
	 * of them finds its case without asking the database. */
	struct bmsg {
		const char	*id;
		int64_t		 case_id;
	}		*msg;
	size_t		 nmsg, capmsg;
	uint32_t	*mslot;		/* index + 1 into msg; 0 is empty */
	size_t		 nmslot;
};

static uint64_t
hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static uint64_t
hash_id(int64_t id)
{
	return (uint64_t)id * 0x9e3779b97f4a7c15ULL;
}

static struct bcases *
bcases_of(struct store *s)
{
	if (s->bc == NULL) {
		if ((s->bc = calloc(1, sizeof(*s->bc))) == NULL)
			abort();
		s->bc->next_id = -1;
	}
	return s->bc;
}

/* n bytes from the batch's arena, aligned for any field. */
static void *
arena(struct bcases *b, size_t n)
{
	struct chunk *c = b->cur;
	size_t size;
	void *p;

	n = (n + 15) & ~(size_t)15;
	while (c != NULL && c->used + n > c->size)
		c = c->next;
	if (c == NULL) {
		size = n > ARENA_CHUNK ? n : ARENA_CHUNK;
		if ((c = malloc(sizeof(*c) + size)) == NULL)
			abort();
		c->size = size;
		c->used = 0;
		c->next = b->chunks;
		b->chunks = c;
	}
	b->cur = c;
	p = c->mem + c->used;
	c->used += n;
	return p;
}

char *
bcase_str(struct store *s, const char *v)
{
	size_t n;
	char *d;

	if (v == NULL)
		return NULL;
	n = strlen(v) + 1;
	d = arena(bcases_of(s), n);
	memcpy(d, v, n);
	return d;
}

static void
grow(struct bcase ***slot, size_t *nslot, size_t want)
{
	size_t n = *nslot == 0 ? 1024 : *nslot;

	while (n <= 2 * want)
		n *= 2;
	if (n == *nslot)
		return;
	free(*slot);
	if ((*slot = calloc(n, sizeof(**slot))) == NULL)
		abort();
	*nslot = n;
}

static void
put_id(struct bcases *b, struct bcase *c)
{
	size_t j = hash_id(c->id) & (b->nslot - 1);

	while (b->slot[j] != NULL)
		j = (j + 1) & (b->nslot - 1);
	b->slot[j] = c;
}

/* The slot of owner's first case (NULL in it when it has none). */
static struct bcase **
owner_slot(struct bcases *b, const char *owner)
{
	size_t j = hash_str(owner) & (b->noslot - 1);

	while (b->oslot[j] != NULL && strcmp(b->oslot[j]->owner, owner) != 0)
		j = (j + 1) & (b->noslot - 1);
	return &b->oslot[j];
}

/* Keep c, found by id and by owner. */
static void
add(struct bcases *b, struct bcase *c)
{
	struct bcase **o;
	size_t i;

	if (2 * (b->n + 1) >= b->nslot) {
		grow(&b->slot, &b->nslot, b->n + 1);
		for (i = 0; i < b->n; i++)
			put_id(b, b->v[i]);
	}
	if (2 * (b->nowners + 1) >= b->noslot) {
		grow(&b->oslot, &b->noslot, b->nowners + 1);
		b->nowners = 0;
		for (i = 0; i < b->n; i++) {
			o = owner_slot(b, b->v[i]->owner);
			if (*o == NULL)
				b->nowners++;
			b->v[i]->next_owner = *o;
			*o = b->v[i];
		}
	}
	if (b->n == b->cap) {
		b->cap = b->cap == 0 ? 1024 : 2 * b->cap;
		if ((b->v = realloc(b->v, b->cap * sizeof(*b->v))) == NULL)
			abort();
	}
	b->v[b->n++] = c;
	put_id(b, c);
	o = owner_slot(b, c->owner);
	if (*o == NULL)
		b->nowners++;
	c->next_owner = *o;
	*o = c;
}

struct bcase *
bcase_cached(struct store *s, int64_t id)
{
	struct bcases *b = s->bc;
	size_t j;

	if (b == NULL || b->n == 0)
		return NULL;
	for (j = hash_id(id) & (b->nslot - 1); b->slot[j] != NULL;
	    j = (j + 1) & (b->nslot - 1))
		if (b->slot[j]->id == id)
			return b->slot[j];
	return NULL;
}

struct bcase *
bcase_owner_first(struct store *s, const char *owner)
{
	struct bcases *b = s->bc;

	if (b == NULL || b->n == 0)
		return NULL;
	return *owner_slot(b, owner);
}

static void
mslot_put(struct bcases *b, size_t i)
{
	size_t j = hash_str(b->msg[i].id) & (b->nmslot - 1);

	while (b->mslot[j] != 0)
		j = (j + 1) & (b->nmslot - 1);
	b->mslot[j] = (uint32_t)i + 1;
}

void
bmsg_put(struct store *s, const char *id, int64_t case_id)
{
	struct bcases *b = bcases_of(s);
	size_t i;

	if (2 * (b->nmsg + 1) >= b->nmslot) {
		free(b->mslot);
		b->nmslot = b->nmslot == 0 ? 1024 : 2 * b->nmslot;
		if ((b->mslot = calloc(b->nmslot, sizeof(*b->mslot))) == NULL)
			abort();
		for (i = 0; i < b->nmsg; i++)
			mslot_put(b, i);
	}
	if (b->nmsg == b->capmsg) {
		b->capmsg = b->capmsg == 0 ? 1024 : 2 * b->capmsg;
		if ((b->msg = realloc(b->msg, b->capmsg * sizeof(*b->msg))) ==
		    NULL)
			abort();
	}
	b->msg[b->nmsg].id = bcase_str(s, id);
	b->msg[b->nmsg].case_id = case_id;
	mslot_put(b, b->nmsg++);
}

int
bmsg_get(struct store *s, const char *id, int64_t *case_id)
{
	struct bcases *b = s->bc;
	size_t j;

	if (b == NULL || b->nmsg == 0)
		return 0;
	for (j = hash_str(id) & (b->nmslot - 1); b->mslot[j] != 0;
	    j = (j + 1) & (b->nmslot - 1))
		if (strcmp(b->msg[b->mslot[j] - 1].id, id) == 0) {
			*case_id = b->msg[b->mslot[j] - 1].case_id;
			return 1;
		}
	return 0;
}

static const char *
col(struct store *s, sqlite3_stmt *st, int i)
{
	return bcase_str(s, (const char *)sqlite3_column_text(st, i));
}

/* The columns S_CASE_LOAD reads, in its order. */
struct bcase *
bcase_get(struct store *s, int64_t id)
{
	struct bcase *c;
	sqlite3_stmt *st;

	if ((c = bcase_cached(s, id)) != NULL)
		return c;
	st = store_stmt(s, S_CASE_LOAD);
	sqlite3_bind_int64(st, 1, id);
	if (db_step(s->db, st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return NULL;
	}
	c = arena(bcases_of(s), sizeof(*c));
	memset(c, 0, sizeof(*c));
	c->id = id;
	c->status = col(s, st, 0);
	c->outcome = col(s, st, 1);
	c->owner = col(s, st, 2);
	c->customer = col(s, st, 3);
	c->account = col(s, st, 4);
	c->identity = col(s, st, 5);
	c->channel = col(s, st, 6);
	c->reason = col(s, st, 7);
	c->subreason = col(s, st, 8);
	c->queue = col(s, st, 9);
	c->priority_null = sqlite3_column_type(st, 10) == SQLITE_NULL;
	c->priority = sqlite3_column_int64(st, 10);
	c->due_at = col(s, st, 11);
	c->agent = col(s, st, 12);
	c->opened_at = col(s, st, 13);
	c->updated_at = col(s, st, 14);
	c->last_in_at = col(s, st, 15);
	c->first_reply_at = col(s, st, 16);
	c->resolved_at = col(s, st, 17);
	c->messages = sqlite3_column_int64(st, 18);
	c->replies = sqlite3_column_int64(st, 19);
	c->auto_replies = sqlite3_column_int64(st, 20);
	c->reopens = sqlite3_column_int64(st, 21);
	c->merged = sqlite3_column_type(st, 22) != SQLITE_NULL;
	c->product = col(s, st, 23);
	c->place = col(s, st, 24);
	c->location = col(s, st, 25);
	sqlite3_reset(st);
	if (c->owner == NULL)		/* NOT NULL in the schema */
		c->owner = bcase_str(s, "");
	c->was_status = c->status;
	c->was_updated = c->updated_at;
	c->was_due = c->due_at;
	c->was_priority = c->priority;
	c->was_priority_null = c->priority_null;
	add(s->bc, c);
	return c;
}

struct bcase *
bcase_new(struct store *s, const char *owner)
{
	struct bcases *b = bcases_of(s);
	struct bcase *c;
	sqlite3_stmt *st;

	if (b->next_id == -1) {
		st = store_stmt(s, S_CASE_MAX);
		b->next_id = store_int(s, st);
		/* max() of no rows is NULL: the first case is 1 */
		b->next_id = b->next_id < 1 ? 1 : b->next_id + 1;
	}
	c = arena(b, sizeof(*c));
	memset(c, 0, sizeof(*c));
	c->id = b->next_id++;
	c->isnew = 1;
	c->owner = bcase_str(s, owner);
	add(b, c);
	return c;
}

static int
by_id(const void *x, const void *y)
{
	int64_t a = (*(struct bcase *const *)x)->id;
	int64_t b = (*(struct bcase *const *)y)->id;

	return a < b ? -1 : a > b;
}

static int
differ(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a != b;
	return strcmp(a, b) != 0;
}

static void
write_new(struct store *s, const struct bcase *c)
{
	sqlite3_stmt *st = store_stmt(s, S_CASE_INSERT);

	sqlite3_bind_int64(st, 1, c->id);
	bind_ref(st, 2, c->status);
	bind_ref(st, 3, c->outcome);
	bind_ref(st, 4, c->owner);
	bind_ref(st, 5, c->customer);
	bind_ref(st, 6, c->account);
	bind_ref(st, 7, c->identity);
	bind_ref(st, 8, c->channel);
	bind_ref(st, 9, c->reason);
	bind_ref(st, 10, c->subreason);
	bind_ref(st, 11, c->queue);
	if (!c->priority_null)
		sqlite3_bind_int64(st, 12, c->priority);
	bind_ref(st, 13, c->due_at);
	bind_ref(st, 14, c->agent);
	bind_ref(st, 15, c->opened_at);
	bind_ref(st, 16, c->updated_at);
	bind_ref(st, 17, c->last_in_at);
	bind_ref(st, 18, c->first_reply_at);
	bind_ref(st, 19, c->resolved_at);
	sqlite3_bind_int64(st, 20, c->messages);
	sqlite3_bind_int64(st, 21, c->replies);
	sqlite3_bind_int64(st, 22, c->auto_replies);
	sqlite3_bind_int64(st, 23, c->reopens);
	bind_ref(st, 24, c->product);
	bind_ref(st, 25, c->place);
	bind_ref(st, 26, c->location);
	store_run(s, st);
}

/* An UPDATE names the columns of an index only when they changed: SQLite
 * rewrites the entries of every index whose columns it names. */
static void
write_old(struct store *s, const struct bcase *c)
{
	int own = differ(c->updated_at, c->was_updated);
	int ix = differ(c->status, c->was_status) ||
	    differ(c->due_at, c->was_due) ||
	    c->priority_null != c->was_priority_null ||
	    (!c->priority_null && c->priority != c->was_priority);
	sqlite3_stmt *st = store_stmt(s, S_CASE_SAVE + own + 2 * ix);

	sqlite3_bind_int64(st, 1, c->id);
	sqlite3_bind_int64(st, 2, c->messages);
	bind_ref(st, 3, c->last_in_at);
	bind_ref(st, 4, c->reason);
	bind_ref(st, 5, c->subreason);
	bind_ref(st, 6, c->product);
	bind_ref(st, 7, c->place);
	bind_ref(st, 8, c->location);
	sqlite3_bind_int64(st, 9, c->replies);
	sqlite3_bind_int64(st, 10, c->auto_replies);
	bind_ref(st, 11, c->first_reply_at);
	bind_ref(st, 12, c->agent);
	bind_ref(st, 13, c->outcome);
	bind_ref(st, 14, c->resolved_at);
	sqlite3_bind_int64(st, 15, c->reopens);
	bind_ref(st, 16, c->queue);
	if (own)
		bind_ref(st, 17, c->updated_at);
	if (ix) {
		bind_ref(st, 18, c->status);
		if (!c->priority_null)
			sqlite3_bind_int64(st, 19, c->priority);
		bind_ref(st, 20, c->due_at);
	}
	store_run(s, st);
}

/* Write the batch's changed cases, in id order, and forget them all. */
void
bcases_flush(struct store *s)
{
	struct bcases *b = s->bc;
	struct chunk *c;
	size_t i;

	if (b == NULL)
		return;
	if (b->n > 0) {
		qsort(b->v, b->n, sizeof(*b->v), by_id);
		for (i = 0; i < b->n; i++)
			if (b->v[i]->isnew)
				write_new(s, b->v[i]);
			else if (b->v[i]->dirty)
				write_old(s, b->v[i]);
		memset(b->slot, 0, b->nslot * sizeof(*b->slot));
		memset(b->oslot, 0, b->noslot * sizeof(*b->oslot));
	}
	if (b->nmsg > 0)
		memset(b->mslot, 0, b->nmslot * sizeof(*b->mslot));
	b->nmsg = 0;
	b->n = 0;
	b->nowners = 0;
	b->next_id = -1;
	for (c = b->chunks; c != NULL; c = c->next)
		c->used = 0;
	b->cur = b->chunks;
}

void
bcases_free(struct bcases *b)
{
	struct chunk *c, *next;

	if (b == NULL)
		return;
	for (c = b->chunks; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	free(b->v);
	free(b->slot);
	free(b->oslot);
	free(b->msg);
	free(b->mslot);
	free(b);
}
