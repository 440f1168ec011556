/* case.h - what scs-case's parts share */
#ifndef SCS_CASE_H
#define SCS_CASE_H

#include <stdint.h>
#include <stdio.h>

#include <jansson.h>
#include <sqlite3.h>

#include "agents.h"
#include "db.h"

/* rules/case.yaml and rules/agents.yaml, loaded. */
struct caseconf {
	int64_t		 thread_window_s;	/* join an open case within */
	int64_t		 reopen_window_s;	/* reopen a resolved one within */
	int64_t		 auto_resolve_s;	/* tick: waiting longer: resolved */
	struct agents	*agents;		/* NULL: no agents.yaml */
	char		*agents_path;
};

/* config.c */
void	caseconf_load(struct caseconf *, const char *rules_dir);
void	caseconf_free(struct caseconf *);
/* Write the agents into the database (inside a transaction). */
void	agents_store(sqlite3 *, const struct caseconf *);

/* schema.c: bring the database to DB_VERSION. */
void	schema_migrate(sqlite3 *);

/* The database with the statements the filter uses, prepared once. */
struct store;
struct store *store_new(sqlite3 *, const struct caseconf *);
void	store_free(struct store *);
/* Write what the batch has kept in memory; before each commit. */
void	store_flush(struct store *);
/* Write the batch's cases, which acts read and change in the database:
 * before each record other than a message, and outside its savepoint. */
void	store_sync(struct store *);
sqlite3	*store_db(struct store *);

/*
 * thread.c: apply one record inside the open transaction.  Returns the
 * value to add to the record as "case" (a new reference; NULL for
 * records that get none), or sets *err to why the record is refused
 * (and changes nothing).
 */
json_t	*store_message(struct store *, json_t *rec, const char *line,
	    size_t len, const char **err);
int	 store_other(struct store *, json_t *rec, const char *type,
	    const char *line, size_t len, const char **err);

/*
 * An act on a case, from an event record or a subcommand (assign,
 * resolve, reopen, wait, escalate, note, tag, link, merge).  at is
 * RFC 3339.  Returns 0, or -1 with *err set.
 */
int	 case_act(struct store *, int64_t id, const char *op, json_t *ev,
	    const char *at, const char **err);

/* The record key "case" for case id, as it is now. */
json_t	*case_key(struct store *, int64_t id, int isnew);

/* Now, as RFC 3339 UTC (for acts from the command line). */
void	now_rfc3339(char out[32]);

/* query.c and admin.c: the subcommands; argv after the command name. */
int	cmd_show(sqlite3 *, int argc, char **argv);
int	cmd_list(sqlite3 *, int argc, char **argv, int queue);
int	cmd_history(sqlite3 *, int argc, char **argv);
int	cmd_export(sqlite3 *, int argc, char **argv);
int	cmd_sample(sqlite3 *, int argc, char **argv);
int	cmd_act(struct store *, const char *op, int argc, char **argv);
int	cmd_link(struct store *, int argc, char **argv);
int	cmd_import(sqlite3 *, int argc, char **argv);
int	cmd_forget(sqlite3 *, int argc, char **argv);
int	cmd_tick(struct store *, const struct caseconf *, int argc,
	    char **argv);

#endif
