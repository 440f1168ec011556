/* store.h - inside scs-case: the prepared statements and the moves of
 * the state machine that threading and acts share */
#ifndef SCS_CASE_STORE_H
#define SCS_CASE_STORE_H

#include <stdint.h>

#include <jansson.h>
#include <sqlite3.h>

#include "tstamp.h"

enum {
	S_MSG_CASE,		/* a message's case (NULL: counted only) */
	S_THREAD_CASES,		/* the cases of a thread, latest first */
	S_THREAD_ANY,		/* latest case in a thread */
	S_OWNER_CASES,		/* an owner's open or lately resolved cases */
	S_ACCOUNT,		/* upsert an account (accounts.c) */
	S_ACCOUNT_OWNER,	/* its customer, if linked */
	S_LINKED_COUNT,		/* how many accounts are linked */
	S_LINKED,		/* those accounts and their customers */
	S_CASE_GET,
	S_CASE_LOAD,		/* a case's row, for the batch (cases.c) */
	S_CASE_MAX,		/* the largest case id */
	S_CASE_INSERT,		/* a case the batch opened */
	/* A case the batch changed; + 1: with updated_at (the owner
	 * index), + 2: with status, priority and due_at (the queue and
	 * overdue indexes). */
	S_CASE_SAVE, S_CASE_SAVE_OWN, S_CASE_SAVE_IX, S_CASE_SAVE_OWN_IX,
	S_CASE_STATUS,
	S_NEW_MSG,
	S_EVENT,
	S_APPLIED,
	S_WORK, S_SURVEY, S_QA, S_SHIFT,
	S_CASE_EXISTS,
	NSTMT
};

struct accts;
struct bcases;

struct store {
	sqlite3			*db;
	const struct caseconf	*cc;
	sqlite3_stmt		*st[NSTMT];
	struct accts		*accts;		/* the batch's accounts */
	struct bcases		*bc;		/* the batch's cases */
};

/*
 * cases.c: a case as the batch has it.  Strings live until the batch's
 * end (bcases_flush); was_*: as read, to tell which indexes the write
 * must touch.
 */
struct bcase {
	int64_t		 id;
	int		 isnew, dirty, merged, priority_null;
	int64_t		 priority, messages, replies, auto_replies, reopens;
	const char	*status, *outcome, *owner, *customer, *account;
	const char	*identity, *channel, *reason, *subreason, *queue;
	const char	*due_at, *agent, *opened_at, *updated_at, *last_in_at;
	const char	*first_reply_at, *resolved_at, *product, *place;
	const char	*location;
	const char	*was_status, *was_updated, *was_due;
	int64_t		 was_priority;
	int		 was_priority_null;
	struct bcase	*next_owner;	/* the owner's other cases */
};

/* Case id as the batch has it (read on first use), or NULL if none. */
struct bcase *bcase_get(struct store *, int64_t id);
/* Only if the batch has it already. */
struct bcase *bcase_cached(struct store *, int64_t id);
/* A new case of owner, with its id; the caller fills the rest. */
struct bcase *bcase_new(struct store *, const char *owner);
/* The batch's cases of owner, through next_owner. */
struct bcase *bcase_owner_first(struct store *, const char *owner);
/* A message the batch stored, with its case (-1: none); and the case of
 * one, if the batch stored it (1) or not (0). */
void	bmsg_put(struct store *, const char *id, int64_t case_id);
int	bmsg_get(struct store *, const char *id, int64_t *case_id);
/* A copy of v that lasts the batch. */
char	*bcase_str(struct store *, const char *v);
/* Write the batch's cases (before a commit, and before any act that
 * reads or changes cases in the database), and forget them. */
void	bcases_flush(struct store *);
void	bcases_free(struct bcases *);
/* The record key "case" for c. */
json_t	*bcase_key(const struct bcase *c, int isnew);

/*
 * accounts.c: what a message adds to its author's account is summed in
 * memory (accts_add) and written by accts_flush, which must run before
 * each commit (and ends what account_customer knows of the batch).
 */
void	accts_add(struct store *, const char *id, const char *channel,
	    const char *handle, const char *name, const char *at,
	    json_t *followers, int in, int negative);
void	accts_flush(struct store *);
/* The customer account id is linked to (copied into buf), or NULL. */
const char *account_customer(struct store *, const char *id, char *buf,
	    size_t bufsz);
void	accts_free(struct accts *);

/* Statement k, reset and unbound. */
sqlite3_stmt *store_stmt(struct store *, int k);
void	bind_str(sqlite3_stmt *, int i, const char *v);	/* NULL: null */
void	bind_ref(sqlite3_stmt *, int i, const char *v);	/* not copied */
void	bind_int(sqlite3_stmt *, int i, json_t *v);	/* integer, boolean */
void	bind_real(sqlite3_stmt *, int i, json_t *v);
/* Run a statement that returns nothing. */
void	store_run(struct store *, sqlite3_stmt *);
/* The first column of the first row as an integer, or -1. */
int64_t	store_int(struct store *, sqlite3_stmt *);
/* at minus secs, as RFC 3339. */
void	time_before(const char *at, int64_t secs, char out[TS_BUFSZ]);
/* The string at a dotted path of rec, or NULL. */
const char *rec_str(json_t *rec, const char *path);

/* A row of case_events. */
void	case_event(struct store *, int64_t id, const char *at, const char *op,
	    const char *from, const char *to, const char *agent,
	    const char *msg, const char *detail);
/* The status of case id copied into buf, or NULL when there is none. */
const char *case_status(struct store *, int64_t id, char *buf, size_t bufsz);
/* Move case id to status `to`, with its event, unless it is there. */
void	case_transition(struct store *, int64_t id, const char *to,
	    const char *at, const char *op, const char *agent,
	    const char *msg, const char *outcome, const char *detail);

#endif
