/* admin.c - changing cases and customers from the command line: acts,
 * link, customers import, forget, tick */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "case.h"
#include "csv.h"
#include "diag.h"
#include "jparse.h"
#include "lineread.h"
#include "tstamp.h"

enum { A_AGENT = 1, A_AT, A_OUTCOME, A_QUEUE, A_CONSENT, A_HOW };

static const struct option act_opts[] = {
	{ "agent",	required_argument,	NULL, A_AGENT },
	{ "at",		required_argument,	NULL, A_AT },
	{ "outcome",	required_argument,	NULL, A_OUTCOME },
	{ "queue",	required_argument,	NULL, A_QUEUE },
	{ "consent",	no_argument,		NULL, A_CONSENT },
	{ "how",	required_argument,	NULL, A_HOW },
	{ NULL, 0, NULL, 0 }
};

struct aopts {
	const char	*agent, *outcome, *queue, *how;
	char		 at[TS_BUFSZ];
	int		 consent;
	char		**args;
	int		 nargs;
};

static void
aopts_parse(struct aopts *a, int argc, char **argv, const char *cmd)
{
	int64_t ms;
	int c;

	memset(a, 0, sizeof(*a));
	now_rfc3339(a->at);
	optind = 0;		/* glibc: start afresh */
	while ((c = getopt_long(argc, argv, "", act_opts, NULL)) != -1) {
		switch (c) {
		case A_AGENT: a->agent = optarg; break;
		case A_OUTCOME: a->outcome = optarg; break;
		case A_QUEUE: a->queue = optarg; break;
		case A_HOW: a->how = optarg; break;
		case A_CONSENT: a->consent = 1; break;
		case A_AT:
			if (ts_parse_rfc3339(optarg, &ms) == -1)
				diag_fatal(EX_USAGE, "%s: --at: not an RFC 3339 "
				    "time: %s", cmd, optarg);
			ts_format(ms, a->at);
			break;
		default:
			diag_fatal(EX_USAGE, "%s: bad option (see --help)",
			    cmd);
		}
	}
	a->args = argv + optind;
	a->nargs = argc - optind;
}

static int64_t
case_number(const char *cmd, const char *s)
{
	char *end;
	long long v = strtoll(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < 1)
		diag_fatal(EX_USAGE, "%s: \"%s\" is not a case number", cmd,
		    s);
	return v;
}

/* assign ID AGENT, resolve ID --outcome O, reopen ID, wait ID, escalate
 * ID, note ID TEXT, merge ID INTO: the same acts as event records. */
int
cmd_act(struct store *s, const char *op, int argc, char **argv)
{
	struct aopts a;
	const char *err = NULL;
	json_t *ev = json_object();
	int64_t id;
	int want = 1, rc;

	aopts_parse(&a, argc + 1, argv - 1, op);
	if (strcmp(op, "assign") == 0 || strcmp(op, "note") == 0 ||
	    strcmp(op, "merge") == 0)
		want = 2;
	if (a.nargs != want)
		diag_fatal(EX_USAGE, "%s: expected %s", op, want == 1 ? "ID" :
		    strcmp(op, "assign") == 0 ? "ID AGENT" :
		    strcmp(op, "note") == 0 ? "ID TEXT" : "ID INTO");
	id = case_number(op, a.args[0]);
	if (strcmp(op, "assign") == 0)
		a.agent = a.args[1];
	if (strcmp(op, "note") == 0)
		json_object_set_new(ev, "text", json_string(a.args[1]));
	if (strcmp(op, "merge") == 0)
		json_object_set_new(ev, "into",
		    json_integer(case_number(op, a.args[1])));
	if (a.agent != NULL)
		json_object_set_new(ev, "agent", json_string(a.agent));
	if (a.outcome != NULL)
		json_object_set_new(ev, "outcome", json_string(a.outcome));
	if (a.queue != NULL)
		json_object_set_new(ev, "queue", json_string(a.queue));
	rc = case_act(s, id, op, ev, a.at, &err);
	json_decref(ev);
	if (rc == -1) {
		diag_warn("%s %lld: %s", op, (long long)id, err);
		return EX_DATAERR;
	}
	return 0;
}

/* link ACCOUNT CUSTOMER --consent --how dni|email|otp */
int
cmd_link(struct store *s, int argc, char **argv)
{
	sqlite3 *db = store_db(s);
	struct aopts a;
	sqlite3_stmt *st;

	aopts_parse(&a, argc + 1, argv - 1, "link");
	if (a.nargs != 2)
		diag_fatal(EX_USAGE, "link: expected ACCOUNT CUSTOMER");
	if (!a.consent) {
		diag_warn("link: not linked: the customer's consent must be "
		    "recorded (--consent)");
		return EX_USAGE;
	}
	if (a.how == NULL || (strcmp(a.how, "dni") != 0 &&
	    strcmp(a.how, "email") != 0 && strcmp(a.how, "otp") != 0))
		diag_fatal(EX_USAGE, "link: --how dni, email or otp");
	st = db_prepare(db, "INSERT OR IGNORE INTO customers (id, created_at) "
	    "VALUES (?1, ?2)");
	sqlite3_bind_text(st, 1, a.args[1], -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, a.at, -1, SQLITE_TRANSIENT);
	db_step(db, st);
	sqlite3_finalize(st);
	st = db_prepare(db, "INSERT INTO accounts (id, customer, consent, "
	    "verified_how, linked_at) VALUES (?1, ?2, 1, ?3, ?4) "
	    "ON CONFLICT (id) DO UPDATE SET customer = ?2, consent = 1, "
	    "verified_how = ?3, linked_at = ?4");
	sqlite3_bind_text(st, 1, a.args[0], -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, a.args[1], -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, a.how, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, a.at, -1, SQLITE_TRANSIENT);
	db_step(db, st);
	sqlite3_finalize(st);
	/* Its cases become the customer's: verified, and threaded with the
	 * customer's other accounts from now on. */
	/* The detail names no account: the log is append-only, and an
	 * account id (a phone number) must be erasable by forget. */
	st = db_prepare(db, "INSERT INTO case_events (case_id, at, op, detail) "
	    "SELECT id, ?3, 'link', 'account linked to ' || ?2 || ', "
	    "verified by ' || ?4 FROM cases WHERE account = ?1");
	sqlite3_bind_text(st, 1, a.args[0], -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, a.args[1], -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, a.at, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, a.how, -1, SQLITE_TRANSIENT);
	db_step(db, st);
	sqlite3_finalize(st);
	st = db_prepare(db, "UPDATE cases SET customer = ?2, owner = ?2, "
	    "identity = 'verified' WHERE account = ?1");
	sqlite3_bind_text(st, 1, a.args[0], -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, a.args[1], -1, SQLITE_TRANSIENT);
	db_step(db, st);
	sqlite3_finalize(st);
	return 0;
}

/* ---- customers import --------------------------------------------------- */

static const char *cust_cols[] = { "id", "name", "segment", "email",
    "phone" };

static void
upsert_customer(sqlite3 *db, sqlite3_stmt *st, const char *v[5],
    const char *at)
{
	int i;

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	for (i = 0; i < 5; i++)
		if (v[i] != NULL && *v[i] != '\0')
			sqlite3_bind_text(st, i + 1, v[i], -1,
			    SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, at, -1, SQLITE_TRANSIENT);
	db_step(db, st);
}

int
cmd_import(sqlite3 *db, int argc, char **argv)
{
	struct lreader lr;
	struct csv_reader *cr;
	struct csv_field *f;
	sqlite3_stmt *st;
	const char *v[5], *raw;
	char *line, at[32];
	size_t len, nf, i, k;
	int map[16], r, csv;
	long n = 0;
	json_error_t jerr;
	json_t *o;

	if (argc != 1)
		diag_fatal(EX_USAGE, "customers import: expected FILE");
	if (lr_open(&lr, argv[0], LR_DEFAULT_MAX) == -1)
		diag_fatal(EX_NOINPUT, "%s: %s", argv[0], strerror(errno));
	now_rfc3339(at);
	db_exec(db, "BEGIN IMMEDIATE");
	st = db_prepare(db, "INSERT INTO customers (id, name, segment, email, "
	    "phone, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
	    "ON CONFLICT (id) DO UPDATE SET name = coalesce(?2, name), "
	    "segment = coalesce(?3, segment), email = coalesce(?4, email), "
	    "phone = coalesce(?5, phone)");
	/* JSON lines start with '{'; anything else is CSV with a header. */
	r = lr_next(&lr, &line, &len);
	csv = r == LR_LINE && (len == 0 || line[0] != '{');
	if (r == LR_LINE)
		lr_unread(&lr);
	if (!csv) {
		while ((r = lr_next(&lr, &line, &len)) == LR_LINE) {
			if (len == 0)
				continue;
			if ((o = jparse(line, len, 0, &jerr)) == NULL ||
			    !json_is_string(json_object_get(o, "id"))) {
				diag_reject(lr.name, lr.lineno, line, len,
				    o == NULL ? "invalid JSON" :
				    "no \"id\" string");
				json_decref(o);
				continue;
			}
			for (k = 0; k < 5; k++) {
				json_t *x = json_object_get(o, cust_cols[k]);

				v[k] = json_is_string(x) ?
				    json_string_value(x) : NULL;
			}
			upsert_customer(db, st, v, at);
			json_decref(o);
			n++;
		}
	} else {
		cr = csv_open(&lr, ',');
		for (i = 0; i < 16; i++)
			map[i] = -1;
		if ((r = csv_next(cr, &f, &nf)) == CSV_OK)
			for (i = 0; i < nf && i < 16; i++)
				for (k = 0; k < 5; k++)
					if (strcasecmp(f[i].s, cust_cols[k]) ==
					    0)
						map[i] = (int)k;
		if (r != CSV_OK || map[0] == -1) {
			int has_id = 0;

			for (i = 0; i < 16; i++)
				has_id |= map[i] == 0;
			if (!has_id)
				diag_fatal(EX_DATAERR, "%s: the header must "
				    "name the columns, \"id\" among them "
				    "(id,name,segment,email,phone)", argv[0]);
		}
		while ((r = csv_next(cr, &f, &nf)) != CSV_EOF) {
			if (r == CSV_IOERR)
				break;
			csv_raw(cr, &raw, &len);
			if (r == CSV_ERR) {
				diag_reject(lr.name, csv_line(cr), raw, len,
				    "%s", csv_error(cr));
				continue;
			}
			memset(v, 0, sizeof(v));
			for (i = 0; i < nf && i < 16; i++)
				if (map[i] >= 0)
					v[map[i]] = f[i].s;
			if (v[0] == NULL || *v[0] == '\0') {
				diag_reject(lr.name, csv_line(cr), raw, len,
				    "no id");
				continue;
			}
			upsert_customer(db, st, v, at);
			n++;
		}
		csv_close(cr);
	}
	sqlite3_finalize(st);
	db_exec(db, "COMMIT");
	lr_close(&lr);
	fprintf(stderr, "%s: %ld customers imported\n", diag_tool(), n);
	return diag_finish();
}

/* ---- forget -------------------------------------------------------------- */

/*
 * Right to be forgotten: the customer's name, e-mail and phone, its
 * accounts' handles and names, and the text and personal fields of
 * their messages are erased; account ids (a phone number on WhatsApp)
 * become pseudonyms.  Cases, classes, times and counts stay, so reports
 * keep their numbers.
 */
int
cmd_forget(sqlite3 *db, int argc, char **argv)
{
	static const char *steps[] = {
		"UPDATE customers SET name = NULL, email = NULL, phone = NULL, "
		"forgotten_at = ?2 WHERE id = ?1",
		"CREATE TEMP TABLE IF NOT EXISTS forgetting (id TEXT PRIMARY "
		"KEY, alias TEXT)",
		"DELETE FROM forgetting",
		"INSERT INTO forgetting SELECT id, 'forgotten:' || ?1 || ':' || "
		"row_number() OVER (ORDER BY id) FROM accounts WHERE "
		"customer = ?1",
		"UPDATE messages SET author = (SELECT alias FROM forgetting f "
		"WHERE f.id = messages.author), place = NULL, location = NULL, "
		"record = "
		"json_set(json_remove(record, '$.text', '$.subject', "
		"'$.author.name', '$.author.handle', '$.author.bio', "
		"'$.author.location', '$.geo', '$.attachments', '$.to'), "
		"'$.author.id', (SELECT alias FROM forgetting f WHERE f.id = "
		"messages.author)) WHERE author IN (SELECT id FROM forgetting)",
		"UPDATE cases SET account = (SELECT alias FROM forgetting f "
		"WHERE f.id = cases.account), place = NULL, location = NULL "
		"WHERE account IN (SELECT id FROM forgetting)",
		"UPDATE accounts SET id = (SELECT alias FROM forgetting f WHERE "
		"f.id = accounts.id), handle = NULL, name = NULL WHERE id IN "
		"(SELECT id FROM forgetting)",
		"INSERT INTO case_events (case_id, at, op, detail) SELECT id, "
		"?2, 'forget', 'personal data erased' FROM cases WHERE "
		"customer = ?1",
	};
	sqlite3_stmt *st;
	char at[32];
	size_t i;
	int found;

	if (argc != 1)
		diag_fatal(EX_USAGE, "forget: expected CUSTOMER");
	now_rfc3339(at);
	db_exec(db, "BEGIN IMMEDIATE");
	st = db_prepare(db, "SELECT 1 FROM customers WHERE id = ?1");
	sqlite3_bind_text(st, 1, argv[0], -1, SQLITE_TRANSIENT);
	found = db_step(db, st) == SQLITE_ROW;
	sqlite3_finalize(st);
	if (!found) {
		db_exec(db, "ROLLBACK");
		diag_warn("forget: no customer \"%s\"", argv[0]);
		return EX_DATAERR;
	}
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		st = db_prepare(db, steps[i]);
		if (sqlite3_bind_parameter_count(st) >= 1)
			sqlite3_bind_text(st, 1, argv[0], -1,
			    SQLITE_TRANSIENT);
		if (sqlite3_bind_parameter_count(st) >= 2)
			sqlite3_bind_text(st, 2, at, -1, SQLITE_TRANSIENT);
		db_step(db, st);
		sqlite3_finalize(st);
	}
	db_exec(db, "COMMIT");
	return 0;
}

/* ---- tick ------------------------------------------------------------------ */

/* Cron housekeeping: cases waiting on the customer longer than
 * waiting.auto_resolve_days are resolved; unanswered cases past their
 * due time are marked as SLA breaches. */
int
cmd_tick(struct store *s, const struct caseconf *cc, int argc, char **argv)
{
	sqlite3 *db = store_db(s);
	struct aopts a;
	sqlite3_stmt *st, *ids;
	char since[TS_BUFSZ], detail[64];
	const char *err;
	int64_t ms;
	long resolved = 0, breached = 0;
	json_t *ev;

	aopts_parse(&a, argc + 1, argv - 1, "tick");
	if (a.nargs != 0)
		diag_fatal(EX_USAGE, "tick: unexpected \"%s\"", a.args[0]);
	ts_parse_rfc3339(a.at, &ms);
	ts_format(ms - cc->auto_resolve_s * 1000, since);
	snprintf(detail, sizeof(detail), "no answer from the customer in %lld "
	    "days", (long long)(cc->auto_resolve_s / 86400));
	ev = json_pack("{s:s,s:s}", "outcome", "favorable", "note", detail);
	ids = db_prepare(db, "SELECT id FROM cases WHERE status = 'waiting' "
	    "AND merged_into IS NULL AND updated_at < ?1");
	sqlite3_bind_text(ids, 1, since, -1, SQLITE_TRANSIENT);
	while (db_step(db, ids) == SQLITE_ROW) {
		if (case_act(s, sqlite3_column_int64(ids, 0), "resolve", ev,
		    a.at, &err) == 0)
			resolved++;
	}
	sqlite3_finalize(ids);
	json_decref(ev);
	st = db_prepare(db, "INSERT INTO case_events (case_id, at, op, detail) "
	    "SELECT id, ?1, 'sla_breach', 'due ' || due_at FROM cases WHERE "
	    "sla_breached = 0 AND due_at IS NOT NULL AND due_at < ?1 AND "
	    "(first_reply_at IS NULL OR first_reply_at > due_at) AND "
	    "(status <> 'resolved' OR first_reply_at > due_at)");
	sqlite3_bind_text(st, 1, a.at, -1, SQLITE_TRANSIENT);
	db_step(db, st);
	breached = sqlite3_changes(db);
	sqlite3_finalize(st);
	st = db_prepare(db, "UPDATE cases SET sla_breached = 1 WHERE "
	    "sla_breached = 0 AND due_at IS NOT NULL AND due_at < ?1 AND "
	    "(first_reply_at IS NULL OR first_reply_at > due_at) AND "
	    "(status <> 'resolved' OR first_reply_at > due_at)");
	sqlite3_bind_text(st, 1, a.at, -1, SQLITE_TRANSIENT);
	db_step(db, st);
	sqlite3_finalize(st);
	printf("{\"type\":\"tick\",\"at\":\"%s\",\"auto_resolved\":%ld,"
	    "\"sla_breached\":%ld}\n", a.at, resolved, breached);
	return 0;
}
