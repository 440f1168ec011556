/* accounts.c - the authors' accounts: their figures for a batch summed
 * in memory and written once per account, in key order, at commit; the
 * linked ones' customers read once per batch */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "store.h"
#include "tstamp.h"

/*
 * What the messages of the batch add to one account.  Applying the sum
 * once is the same as applying each message in turn: the counts add
 * up, first_seen and last_seen are a minimum and a maximum,
 * max_followers the most ever given, and handle, name and followers the
 * last value given; the channel is the first message's (it is written
 * only when the account is new).
 */
struct acct {
	char		*id, *channel, *handle, *name;
	char		 first[TS_BUFSZ], last[TS_BUFSZ];
	int64_t		 followers, max_followers, messages, negative;
	int		 has_followers;
};

struct accts {
	struct acct	*v;
	size_t		 n, cap;
	uint32_t	*slot;		/* index + 1 into v; 0 is empty */
	size_t		 nslot;		/* a power of two, > 2 n */
	/*
	 * The accounts linked to a customer, read once per batch when
	 * they are few (LINKED_MAX), so that a customer's message needs no
	 * look-up of its own: links are made by `link` in a transaction of
	 * its own, never while a batch holds the database.
	 */
	int		 linked_state;	/* LINKED_UNREAD, _MAP, _ASK */
	char		**lid, **lcust;
	size_t		 nlinked, caplinked;
	uint32_t	*lslot;
	size_t		 nlslot;
};

enum { LINKED_UNREAD, LINKED_MAP, LINKED_ASK };
#define LINKED_MAX	100000

static uint64_t
hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static char *
dup(const char *s)
{
	char *d;

	if (s == NULL)
		return NULL;
	if ((d = strdup(s)) == NULL)
		abort();
	return d;
}

/* Replace *p by a copy of v, unless v is NULL. */
static void
keep_last(char **p, const char *v)
{
	if (v == NULL)
		return;
	free(*p);
	*p = dup(v);
}

static void
rehash(struct accts *a, size_t nslot)
{
	size_t i, j;

	free(a->slot);
	if ((a->slot = calloc(nslot, sizeof(*a->slot))) == NULL)
		abort();
	a->nslot = nslot;
	for (i = 0; i < a->n; i++) {
		j = hash(a->v[i].id) & (nslot - 1);
		while (a->slot[j] != 0)
			j = (j + 1) & (nslot - 1);
		a->slot[j] = (uint32_t)i + 1;
	}
}

/* The batch's entry for account id, made when it has none. */
static struct acct *
entry(struct accts *a, const char *id, int *isnew)
{
	struct acct *e;
	size_t j;

	if (2 * (a->n + 1) >= a->nslot)
		rehash(a, a->nslot == 0 ? 1024 : 2 * a->nslot);
	j = hash(id) & (a->nslot - 1);
	for (; a->slot[j] != 0; j = (j + 1) & (a->nslot - 1))
		if (strcmp(a->v[a->slot[j] - 1].id, id) == 0) {
			*isnew = 0;
			return &a->v[a->slot[j] - 1];
		}
	if (a->n == a->cap) {
		a->cap = a->cap == 0 ? 1024 : 2 * a->cap;
		if ((a->v = realloc(a->v, a->cap * sizeof(*a->v))) == NULL)
			abort();
	}
	e = &a->v[a->n];
	memset(e, 0, sizeof(*e));
	e->id = dup(id);
	a->slot[j] = (uint32_t)++a->n;
	*isnew = 1;
	return e;
}

static struct accts *
accts_of(struct store *s)
{
	if (s->accts == NULL && (s->accts = calloc(1, sizeof(*s->accts))) ==
	    NULL)
		abort();
	return s->accts;
}

static void
linked_forget(struct accts *a)
{
	size_t i;

	for (i = 0; i < a->nlinked; i++) {
		free(a->lid[i]);
		free(a->lcust[i]);
	}
	a->nlinked = 0;
	if (a->lslot != NULL)
		memset(a->lslot, 0, a->nlslot * sizeof(*a->lslot));
	a->linked_state = LINKED_UNREAD;
}

/* Read the linked accounts into the map, or decide to ask per message
 * when there are more than LINKED_MAX. */
static void
linked_read(struct store *s, struct accts *a)
{
	sqlite3_stmt *st;
	const char *id, *cust;
	size_t j, nslot;

	st = store_stmt(s, S_LINKED_COUNT);
	if (store_int(s, st) > LINKED_MAX) {
		a->linked_state = LINKED_ASK;
		return;
	}
	st = store_stmt(s, S_LINKED);
	while (db_step(s->db, st) == SQLITE_ROW) {
		id = (const char *)sqlite3_column_text(st, 0);
		cust = (const char *)sqlite3_column_text(st, 1);
		if (id == NULL || cust == NULL)
			continue;
		if (a->nlinked == a->caplinked) {
			a->caplinked = a->caplinked == 0 ? 64 :
			    2 * a->caplinked;
			if ((a->lid = realloc(a->lid, a->caplinked *
			    sizeof(*a->lid))) == NULL || (a->lcust =
			    realloc(a->lcust, a->caplinked *
			    sizeof(*a->lcust))) == NULL)
				abort();
		}
		a->lid[a->nlinked] = dup(id);
		a->lcust[a->nlinked++] = dup(cust);
	}
	sqlite3_reset(st);
	for (nslot = 64; nslot <= 2 * a->nlinked; nslot *= 2)
		;
	if (nslot != a->nlslot) {
		free(a->lslot);
		a->lslot = NULL;
		a->nlslot = nslot;
	}
	if (a->lslot == NULL && (a->lslot = calloc(a->nlslot,
	    sizeof(*a->lslot))) == NULL)
		abort();
	for (j = 0; j < a->nlinked; j++) {
		size_t k = hash(a->lid[j]) & (a->nlslot - 1);

		while (a->lslot[k] != 0)
			k = (k + 1) & (a->nlslot - 1);
		a->lslot[k] = (uint32_t)j + 1;
	}
	a->linked_state = LINKED_MAP;
}

const char *
account_customer(struct store *s, const char *id, char *buf, size_t bufsz)
{
	struct accts *a = accts_of(s);
	sqlite3_stmt *st;
	const unsigned char *c;
	const char *r = NULL;
	size_t k;

	if (a->linked_state == LINKED_UNREAD)
		linked_read(s, a);
	if (a->linked_state == LINKED_MAP) {
		for (k = hash(id) & (a->nlslot - 1); a->lslot[k] != 0;
		    k = (k + 1) & (a->nlslot - 1))
			if (strcmp(a->lid[a->lslot[k] - 1], id) == 0) {
				snprintf(buf, bufsz, "%s",
				    a->lcust[a->lslot[k] - 1]);
				return buf;
			}
		return NULL;
	}
	st = store_stmt(s, S_ACCOUNT_OWNER);
	bind_ref(st, 1, id);
	if (db_step(s->db, st) == SQLITE_ROW &&
	    (c = sqlite3_column_text(st, 0)) != NULL) {
		snprintf(buf, bufsz, "%s", c);
		r = buf;
	}
	sqlite3_reset(st);
	return r;
}

void
accts_add(struct store *s, const char *id, const char *channel,
    const char *handle, const char *name, const char *at, json_t *followers,
    int in, int negative)
{
	struct acct *e;
	int isnew;

	e = entry(accts_of(s), id, &isnew);
	if (isnew) {
		e->channel = dup(channel);
		snprintf(e->first, sizeof(e->first), "%s", at);
		snprintf(e->last, sizeof(e->last), "%s", at);
	} else {
		if (strcmp(at, e->first) < 0)
			snprintf(e->first, sizeof(e->first), "%s", at);
		if (strcmp(at, e->last) > 0)
			snprintf(e->last, sizeof(e->last), "%s", at);
	}
	keep_last(&e->handle, handle);
	keep_last(&e->name, name);
	if (json_is_integer(followers) || json_is_boolean(followers)) {
		e->followers = json_is_integer(followers) ?
		    json_integer_value(followers) : json_is_true(followers);
		if (!e->has_followers || e->followers > e->max_followers)
			e->max_followers = e->followers;
		e->has_followers = 1;
	}
	e->messages += in;
	e->negative += negative;
}

static int
by_id(const void *x, const void *y)
{
	return strcmp(((const struct acct *)x)->id,
	    ((const struct acct *)y)->id);
}

/* Write the batch's accounts (in the open transaction) and forget them
 * and the linked ones, which the next batch reads again. */
void
accts_flush(struct store *s)
{
	struct accts *a = s->accts;
	struct acct *e;
	sqlite3_stmt *st;
	size_t i;

	if (a == NULL)
		return;
	linked_forget(a);
	if (a->n == 0)
		return;
	/* In key order: each B-tree page is changed once, in a row. */
	qsort(a->v, a->n, sizeof(*a->v), by_id);
	for (i = 0; i < a->n; i++) {
		e = &a->v[i];
		st = store_stmt(s, S_ACCOUNT);
		bind_ref(st, 1, e->id);
		bind_ref(st, 2, e->channel);
		bind_ref(st, 3, e->handle);
		bind_ref(st, 4, e->name);
		bind_ref(st, 5, e->first);
		bind_ref(st, 6, e->last);
		if (e->has_followers) {
			sqlite3_bind_int64(st, 7, e->followers);
			sqlite3_bind_int64(st, 10, e->max_followers);
		}
		sqlite3_bind_int64(st, 8, e->messages);
		sqlite3_bind_int64(st, 9, e->negative);
		store_run(s, st);
		free(e->id);
		free(e->channel);
		free(e->handle);
		free(e->name);
	}
	a->n = 0;
	memset(a->slot, 0, a->nslot * sizeof(*a->slot));
}

void
accts_free(struct accts *a)
{
	size_t i;

	if (a == NULL)
		return;
	for (i = 0; i < a->n; i++) {
		free(a->v[i].id);
		free(a->v[i].channel);
		free(a->v[i].handle);
		free(a->v[i].name);
	}
	free(a->v);
	free(a->slot);
	linked_forget(a);
	free(a->lid);
	free(a->lcust);
	free(a->lslot);
	free(a);
}
