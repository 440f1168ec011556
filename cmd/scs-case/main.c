/* scs-case - number messages into cases in the case database */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "case.h"
#include "cli.h"
#include "diag.h"
#include "jparse.h"
#include "lineread.h"
#include "record.h"
#include "stats.h"

static const char usage[] =
"usage: scs-case --db FILE [options] [file...]\n"
"       scs-case --db FILE COMMAND [args]\n"
"Thread messages into numbered cases and keep their state and history in\n"
"the SQLite database; each message goes out with `case` added.  Event,\n"
"work, survey, qa and shift records are applied too.\n"
"\n"
"      --db FILE        the case database (default $SCS_DB); created\n"
"      --rules DIR      case.yaml and agents.yaml (default $SCS_RULES,\n"
"                       else the installed rules)\n"
"      --batch N        records per transaction (default 50000)\n"
"      --stats          print counts on stderr at the end\n"
CLI_COMMON_HELP
"\n"
"commands:\n"
"  show ID                      a case and its timeline\n"
"  list|queue [--status S] [--queue Q] [--agent A] [--priority N]\n"
"             [--overdue] [--limit N] [--json]\n"
"  history --customer C | --account A [--json]\n"
"  assign ID AGENT | resolve ID --outcome favorable|unfavorable |\n"
"  reopen ID | wait ID | escalate ID [--queue Q] | note ID TEXT |\n"
"  merge ID INTO                [--agent A] [--at TIME]\n"
"  link ACCOUNT CUSTOMER --consent --how dni|email|otp\n"
"  customers import FILE        CRM export: CSV or JSON lines\n"
"  forget CUSTOMER              erase a customer's personal data\n"
"  tick [--at TIME]             auto-resolve long waits, mark SLA breaches\n"
"  sample [--by agent|channel|queue|reason] [--per N] [--seed S]\n"
"         [--since T] [--until T]\n"
"  export [--since T] [--until T]\n";

enum {
	OPT_DB = 1,
	OPT_RULES,
	OPT_BATCH,
	OPT_STATS
};

static const struct option longopts[] = {
	CLI_COMMON_OPTIONS,
	{ "db",		required_argument,	NULL, OPT_DB },
	{ "rules",	required_argument,	NULL, OPT_RULES },
	{ "batch",	required_argument,	NULL, OPT_BATCH },
	{ "stats",	no_argument,		NULL, OPT_STATS },
	{ NULL, 0, NULL, 0 }
};

/*
 * The filter's state.  Records of a batch are written to a memory
 * stream and go out only after the transaction that stored them has
 * committed: what downstream sees is always in the database.
 */
struct run {
	sqlite3		*db;
	struct store	*store;
	long		 batch, inbatch;
	int		 inside;	/* a batch is open */
	/* The batch's records: kept from batch to batch, so that a large
	 * batch's memory is not given back and faulted in again each time
	 * (open_memstream's was). */
	char		*buf;
	size_t		 buflen, bufcap;
	FILE		*mem;
	sqlite3_stmt	*savepoint, *release, *rollback;
	struct jwant	*want;		/* what of a message is parsed */
};

static ssize_t
mem_write(void *cookie, const char *p, size_t n)
{
	struct run *run = cookie;

	if (run->buflen + n > run->bufcap) {
		while (run->buflen + n > run->bufcap)
			run->bufcap = run->bufcap == 0 ? 1 << 20 :
			    2 * run->bufcap;
		if ((run->buf = realloc(run->buf, run->bufcap)) == NULL)
			diag_fatal(EX_SOFTWARE, "out of memory");
	}
	memcpy(run->buf + run->buflen, p, n);
	run->buflen += n;
	return (ssize_t)n;
}

static void
begin(struct run *run)
{
	static const cookie_io_functions_t io = { NULL, mem_write, NULL,
	    NULL };

	db_exec(run->db, "BEGIN IMMEDIATE");
	if (run->mem == NULL && (run->mem = fopencookie(run, "w", io)) ==
	    NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");
	rec_out_switch(run->mem);
	run->inside = 1;
	run->inbatch = 0;
}

static void
commit(struct run *run)
{
	if (!run->inside)
		return;
	store_flush(run->store);
	db_exec(run->db, "COMMIT");
	rec_out_switch(stdout);
	run->inside = 0;
	if (fflush(run->mem) == EOF)
		diag_fatal(EX_SOFTWARE, "out of memory");
	if (run->buflen > 0 && fwrite(run->buf, 1, run->buflen, stdout) !=
	    run->buflen)
		diag_fatal(EX_IOERR, "write error: %s", strerror(errno));
	run->buflen = 0;
}

/*
 * The input is a pipe that has stayed empty for IDLE_COMMIT_MS
 * (cli_on_idle): commit what the batch holds and hand its records on
 * before waiting, so that a slow live feed is not held back until a
 * large batch fills.  The grace keeps a busy pipeline, whose upstream
 * writes in bursts with short gaps between them, from paying a commit
 * (a disk sync) per burst: it still commits in full batches.
 */
#define IDLE_COMMIT_MS	200

static void
commit_when_idle(void *arg)
{
	commit(arg);
	rec_flush();
}

static const char *
type_of(json_t *rec)
{
	json_t *t = json_object_get(rec, "type");

	return t == NULL ? "message" : json_string_value(t);
}

/*
 * What scs-case reads of a message (thread.c, accounts): the rest (the
 * text, class.why, the route's auto-reply, most of a routed record's
 * bytes) is checked but not built, and stored as the line came.  Other
 * records, and a message that has a case already (its line is rebuilt),
 * are parsed whole.
 */
static const char *const message_paths[] = {
	"type", "id", "channel", "direction", "created_at", "public", "auto",
	"agent", "lang", "case", "author", "thread", "geo.place",
	"class.reason", "class.subreason", "class.protocol", "class.polarity",
	"class.sentiment", "class.filter", "class.action", "class.derivation",
	"class.tags", "class.product", "class.brand.term", "class.lang",
	"route.queue", "route.due_at", "route.agent", "route.priority",
	"influence.score", NULL
};

static json_t *
parse(const struct jwant *want, const char *line, size_t len,
    json_error_t *jerr)
{
	json_t *rec = jparse_want(line, len, want, jerr), *type;

	if (rec == NULL)
		return NULL;
	type = json_object_get(rec, "type");
	if (json_object_get(rec, "case") != NULL || (type != NULL &&
	    (!json_is_string(type) ||
	    strcmp(json_string_value(type), "message") != 0))) {
		json_decref(rec);
		rec = jparse(line, len, 0, jerr);
	}
	return rec;
}

static void
one(struct run *run, struct lreader *lr, const char *line, size_t len)
{
	json_error_t jerr;
	json_t *rec, *key;
	const char *type, *err = NULL;
	int saved;

	if ((rec = parse(run->want, line, len, &jerr)) == NULL) {
		diag_reject(lr->name, lr->lineno, line, len,
		    "invalid JSON at column %d: %s", jerr.column, jerr.text);
		return;
	}
	if (!json_is_object(rec) || (type = type_of(rec)) == NULL) {
		diag_reject(lr->name, lr->lineno, line, len,
		    "\"type\" is not a string");
		json_decref(rec);
		return;
	}
	/*
	 * Each record alone: a refused one leaves no trace.  A message is
	 * checked whole before its first write (store_message), so only
	 * the other records need a savepoint to undo.
	 */
	if ((saved = strcmp(type, "message") != 0)) {
		store_sync(run->store);
		db_step(run->db, run->savepoint);
		sqlite3_reset(run->savepoint);
	}
	if (!saved) {
		key = store_message(run->store, rec, line, len, &err);
		if (err == NULL) {
			stats_count(key != NULL ? "messages in cases" :
			    "messages counted only");
			if (rec_splice(line, len, rec, "case",
			    key != NULL ? key : json_null()) == -1)
				diag_fatal(EX_IOERR, "write error");
			json_decref(key);
		}
	} else if (strcmp(type, "event") == 0 || strcmp(type, "work") == 0 ||
	    strcmp(type, "survey") == 0 || strcmp(type, "qa") == 0 ||
	    strcmp(type, "shift") == 0) {
		if (store_other(run->store, rec, type, line, len, &err) == 0) {
			stats_count(type);
			if (rec_write_raw(line, len) == -1)
				diag_fatal(EX_IOERR, "write error");
		}
	} else {
		stats_count("other records");
		if (rec_write_raw(line, len) == -1)
			diag_fatal(EX_IOERR, "write error");
	}
	if (err != NULL && saved) {
		db_step(run->db, run->rollback);
		sqlite3_reset(run->rollback);
	}
	if (err != NULL)
		diag_reject(lr->name, lr->lineno, line, len, "%s", err);
	if (saved) {
		db_step(run->db, run->release);
		sqlite3_reset(run->release);
	}
	json_decref(rec);
}

static void
filter_one(struct lreader *lr, const char *line, size_t len, void *arg)
{
	struct run *run = arg;

	if (!run->inside)
		begin(run);
	one(run, lr, line, len);
	if (++run->inbatch >= run->batch)
		commit(run);
}

static int
command(struct run *run, const struct caseconf *cc, int argc, char **argv)
{
	const char *c = argv[0];
	int rc;

	if (strcmp(c, "show") == 0)
		return cmd_show(run->db, argc - 1, argv + 1);
	if (strcmp(c, "list") == 0 || strcmp(c, "queue") == 0)
		return cmd_list(run->db, argc - 1, argv + 1,
		    strcmp(c, "queue") == 0);
	if (strcmp(c, "history") == 0)
		return cmd_history(run->db, argc - 1, argv + 1);
	if (strcmp(c, "export") == 0)
		return cmd_export(run->db, argc - 1, argv + 1);
	if (strcmp(c, "sample") == 0)
		return cmd_sample(run->db, argc - 1, argv + 1);
	if (strcmp(c, "customers") == 0) {
		if (argc < 2 || strcmp(argv[1], "import") != 0)
			diag_fatal(EX_USAGE, "customers: expected import FILE");
		return cmd_import(run->db, argc - 2, argv + 2);
	}
	if (strcmp(c, "forget") == 0)
		return cmd_forget(run->db, argc - 1, argv + 1);
	db_exec(run->db, "BEGIN IMMEDIATE");
	if (strcmp(c, "link") == 0)
		rc = cmd_link(run->store, argc - 1, argv + 1);
	else if (strcmp(c, "tick") == 0)
		rc = cmd_tick(run->store, cc, argc - 1, argv + 1);
	else
		rc = cmd_act(run->store, c, argc - 1, argv + 1);
	db_exec(run->db, rc == 0 ? "COMMIT" : "ROLLBACK");
	return rc;
}

static const char *commands[] = {
	"show", "list", "queue", "history", "export", "sample", "customers",
	"forget", "link", "tick", "assign", "resolve", "reopen", "wait",
	"escalate", "note", "merge", NULL
};

static int
is_command(const char *s)
{
	int i;

	for (i = 0; commands[i] != NULL; i++)
		if (strcmp(s, commands[i]) == 0)
			return 1;
	return 0;
}

int
main(int argc, char **argv)
{
	struct cli cli = { LR_DEFAULT_MAX, 0 };
	struct caseconf cc;
	struct run run;
	const char *dbpath = getenv("SCS_DB"), *rules = NULL;
	char *end;
	int c, i, stats = isatty(2), status;

	diag_init(argv[0]);
	rec_out_init(stdout);
	memset(&run, 0, sizeof(run));
	run.batch = 50000;
	/* Options stop at the command: its own options follow it. */
	while ((c = getopt_long(argc, argv, "+", longopts, NULL)) != -1) {
		if (cli_common(&cli, c, optarg, usage))
			continue;
		switch (c) {
		case OPT_DB:
			dbpath = optarg;
			break;
		case OPT_RULES:
			rules = optarg;
			break;
		case OPT_BATCH:
			run.batch = strtol(optarg, &end, 10);
			if (*end != '\0' || run.batch < 1 ||
			    run.batch > 1000000)
				diag_fatal(EX_USAGE, "--batch: a number from 1 "
				    "to 1000000");
			break;
		case OPT_STATS:
			stats = 1;
			break;
		default:
			fputs(usage, stderr);
			exit(EX_USAGE);
		}
	}
	if (dbpath == NULL || *dbpath == '\0')
		diag_fatal(EX_USAGE, "no database: give --db FILE (or set "
		    "SCS_DB)");
	caseconf_load(&cc, rules != NULL ? rules : cli_rules_dir("case.yaml"));
	run.db = db_open(dbpath, 0);
	schema_migrate(run.db);
	db_exec(run.db, "BEGIN IMMEDIATE");
	agents_store(run.db, &cc);
	db_exec(run.db, "COMMIT");
	run.store = store_new(run.db, &cc);
	run.savepoint = db_prepare(run.db, "SAVEPOINT rec");
	run.release = db_prepare(run.db, "RELEASE rec");
	run.rollback = db_prepare(run.db, "ROLLBACK TO rec");
	if (optind < argc && is_command(argv[optind])) {
		status = command(&run, &cc, argc - optind, argv + optind);
		sqlite3_finalize(run.savepoint);
		sqlite3_finalize(run.release);
		sqlite3_finalize(run.rollback);
		store_free(run.store);
		db_close(run.db);
		caseconf_free(&cc);
		if (fflush(stdout) == EOF)
			return EX_IOERR;
		return status;
	}
	/* The filter writes only case numbers it has just read or made in
	 * the same transaction: the schema's foreign keys need no check
	 * (two lookups per message) while it runs. */
	db_exec(run.db, "PRAGMA foreign_keys=OFF");
	cli_on_idle(commit_when_idle, &run, IDLE_COMMIT_MS);
	run.want = jwant_new();
	jwant_add_list(run.want, message_paths);
	if (optind == argc)
		cli_each_line("-", cli.max_line, filter_one, &run);
	for (i = optind; i < argc; i++)
		cli_each_line(argv[i], cli.max_line, filter_one, &run);
	commit(&run);
	jwant_free(run.want);
	if (run.mem != NULL)
		fclose(run.mem);
	free(run.buf);
	status = cli_finish(stats);
	sqlite3_finalize(run.savepoint);
	sqlite3_finalize(run.release);
	sqlite3_finalize(run.rollback);
	store_free(run.store);
	db_close(run.db);
	caseconf_free(&cc);
	return status;
}
