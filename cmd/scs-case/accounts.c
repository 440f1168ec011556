/* accounts.c - the authors' accounts: their figures for a batch summed
 * in memory and written once per account, in key order, at commit */
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
 * up, first_seen and last_seen are a minimum and a maximum, and handle,
 * name and followers keep the last value given; the channel is the
 * first message's (it is written only when the account is new).
 */
struct acct {
	char		*id, *channel, *handle, *name;
	char		 first[TS_BUFSZ], last[TS_BUFSZ];
	int64_t		 followers, messages, negative;
	int		 has_followers;
};

struct accts {
	struct acct	*v;
	size_t		 n, cap;
	uint32_t	*slot;		/* index + 1 into v; 0 is empty */
	size_t		 nslot;		/* a power of two, > 2 n */
};

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

void
accts_add(struct store *s, const char *id, const char *channel,
    const char *handle, const char *name, const char *at, json_t *followers,
    int in, int negative)
{
	struct acct *e;
	int isnew;

	if (s->accts == NULL && (s->accts = calloc(1, sizeof(*s->accts))) ==
	    NULL)
		abort();
	e = entry(s->accts, id, &isnew);
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

/* Write the batch's accounts (in the open transaction) and forget them. */
void
accts_flush(struct store *s)
{
	struct accts *a = s->accts;
	struct acct *e;
	sqlite3_stmt *st;
	size_t i;

	if (a == NULL || a->n == 0)
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
		if (e->has_followers)
			sqlite3_bind_int64(st, 7, e->followers);
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
	free(a);
}
