/* query.c - reading the database: show, list/queue, history, export,
 * sample */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "case.h"
#include "diag.h"
#include "record.h"

/* A result row as a JSON object, columns by name, NULLs left out. */
static json_t *
row_json(sqlite3_stmt *st)
{
	json_t *o = json_object();
	int i, n = sqlite3_column_count(st);

	for (i = 0; i < n; i++) {
		const char *name = sqlite3_column_name(st, i);

		switch (sqlite3_column_type(st, i)) {
		case SQLITE_INTEGER:
			json_object_set_new(o, name,
			    json_integer(sqlite3_column_int64(st, i)));
			break;
		case SQLITE_FLOAT:
			json_object_set_new(o, name,
			    json_real(sqlite3_column_double(st, i)));
			break;
		case SQLITE_TEXT:
			json_object_set_new(o, name, json_string((const char *)
			    sqlite3_column_text(st, i)));
			break;
		default:
			break;
		}
	}
	return o;
}

/*
 * Print the rows: JSON lines, or an aligned table whose column widths
 * come from the first rows (a terminal reader wants a table, scripts
 * want --json).
 */
static long
print_rows(sqlite3 *db, sqlite3_stmt *st, int asjson)
{
	int i, n = sqlite3_column_count(st), w[32];
	long rows = 0;
	const char *v;
	json_t *o;

	if (n > 32)
		n = 32;
	for (i = 0; i < n; i++)
		w[i] = (int)strlen(sqlite3_column_name(st, i));
	if (!asjson) {
		/* Widths: a fixed guess per column, wide enough to read. */
		for (i = 0; i < n; i++) {
			const char *name = sqlite3_column_name(st, i);

			if (strstr(name, "_at") != NULL || strcmp(name, "at") ==
			    0 || strcmp(name, "due") == 0)
				w[i] = 20;
			else if (strcmp(name, "text") == 0)
				w[i] = 0;
			else if (w[i] < 9)
				w[i] = 9;
		}
		for (i = 0; i < n; i++)
			printf(i + 1 < n ? "%-*s " : "%-*s\n", w[i],
			    sqlite3_column_name(st, i));
	}
	while (db_step(db, st) == SQLITE_ROW) {
		rows++;
		if (asjson) {
			o = row_json(st);
			rec_write(o);
			json_decref(o);
			continue;
		}
		for (i = 0; i < n; i++) {
			v = (const char *)sqlite3_column_text(st, i);
			printf(i + 1 < n ? "%-*s " : "%-*s\n", w[i],
			    v != NULL ? v : "-");
		}
	}
	sqlite3_reset(st);
	return rows;
}

static int64_t
case_id_arg(const char *s)
{
	char *end;
	long long v = strtoll(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < 1)
		diag_fatal(EX_USAGE, "\"%s\": expected a case number", s);
	return v;
}

int
cmd_show(sqlite3 *db, int argc, char **argv)
{
	sqlite3_stmt *st;
	int asjson = argc > 1 && strcmp(argv[1], "--json") == 0;
	int64_t id;
	json_t *out, *tl;

	if (argc < 1 || argc > 2 || (argc == 2 && !asjson))
		diag_fatal(EX_USAGE, "usage: show ID [--json]");
	id = case_id_arg(argv[0]);
	st = db_prepare(db, "SELECT * FROM cases WHERE id = ?1");
	sqlite3_bind_int64(st, 1, id);
	if (db_step(db, st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		diag_warn("no case %lld", (long long)id);
		return EX_DATAERR;
	}
	out = row_json(st);
	sqlite3_finalize(st);
	st = db_prepare(db, "SELECT at, kind, what, who, ref, text FROM "
	    "timeline WHERE case_id = ?1 ORDER BY at, kind DESC, ref");
	sqlite3_bind_int64(st, 1, id);
	if (asjson) {
		tl = json_array();
		while (db_step(db, st) == SQLITE_ROW)
			json_array_append_new(tl, row_json(st));
		json_object_set_new(out, "timeline", tl);
		rec_write(out);
	} else {
		const char *k;
		json_t *v;

		json_object_foreach(out, k, v) {
			char *s = json_is_string(v) ? NULL :
			    json_dumps(v, JSON_ENCODE_ANY);

			printf("%-15s %s\n", k, s ? s : json_string_value(v));
			free(s);
		}
		printf("\n");
		print_rows(db, st, 0);
	}
	json_decref(out);
	sqlite3_finalize(st);
	return 0;
}

enum { L_STATUS = 1, L_QUEUE, L_AGENT, L_PRIORITY, L_OVERDUE, L_LIMIT,
	L_JSON, L_AT, L_CUSTOMER, L_ACCOUNT, L_SINCE, L_UNTIL, L_BY, L_PER,
	L_SEED };

static const struct option list_opts[] = {
	{ "status",	required_argument,	NULL, L_STATUS },
	{ "queue",	required_argument,	NULL, L_QUEUE },
	{ "agent",	required_argument,	NULL, L_AGENT },
	{ "priority",	required_argument,	NULL, L_PRIORITY },
	{ "overdue",	no_argument,		NULL, L_OVERDUE },
	{ "limit",	required_argument,	NULL, L_LIMIT },
	{ "json",	no_argument,		NULL, L_JSON },
	{ "at",		required_argument,	NULL, L_AT },
	{ "customer",	required_argument,	NULL, L_CUSTOMER },
	{ "account",	required_argument,	NULL, L_ACCOUNT },
	{ "since",	required_argument,	NULL, L_SINCE },
	{ "until",	required_argument,	NULL, L_UNTIL },
	{ "by",		required_argument,	NULL, L_BY },
	{ "per",	required_argument,	NULL, L_PER },
	{ "seed",	required_argument,	NULL, L_SEED },
	{ NULL, 0, NULL, 0 }
};

/* The options of a subcommand, all optional; argv[0] is the command. */
struct qopts {
	const char	*status, *queue, *agent, *at, *customer, *account;
	const char	*since, *until, *by;
	long		 priority, limit, per, seed;
	int		 overdue, json;
};

static void
qopts_parse(struct qopts *q, int argc, char **argv, const char *cmd)
{
	char *end;
	int c;

	memset(q, 0, sizeof(*q));
	q->limit = -1;
	q->per = 5;
	optind = 0;		/* glibc: start afresh */
	while ((c = getopt_long(argc, argv, "", list_opts, NULL)) != -1) {
		switch (c) {
		case L_STATUS: q->status = optarg; break;
		case L_QUEUE: q->queue = optarg; break;
		case L_AGENT: q->agent = optarg; break;
		case L_AT: q->at = optarg; break;
		case L_CUSTOMER: q->customer = optarg; break;
		case L_ACCOUNT: q->account = optarg; break;
		case L_SINCE: q->since = optarg; break;
		case L_UNTIL: q->until = optarg; break;
		case L_BY: q->by = optarg; break;
		case L_OVERDUE: q->overdue = 1; break;
		case L_JSON: q->json = 1; break;
		case L_PRIORITY:
		case L_LIMIT:
		case L_PER:
		case L_SEED: {
			long v = strtol(optarg, &end, 10);

			if (*end != '\0' || v < 0)
				diag_fatal(EX_USAGE, "%s: bad number \"%s\"",
				    cmd, optarg);
			if (c == L_PRIORITY)
				q->priority = v;
			else if (c == L_LIMIT)
				q->limit = v;
			else if (c == L_PER)
				q->per = v;
			else
				q->seed = v;
			break;
		}
		default:
			diag_fatal(EX_USAGE, "%s: bad option (see --help)",
			    cmd);
		}
	}
	if (optind != argc)
		diag_fatal(EX_USAGE, "%s: unexpected \"%s\"", cmd,
		    argv[optind]);
}

static void
bind_opt(sqlite3_stmt *st, int i, const char *v)
{
	if (v != NULL)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

int
cmd_list(sqlite3 *db, int argc, char **argv, int queue)
{
	struct qopts q;
	sqlite3_stmt *st;
	char now[32];

	/* argv[0] is the first argument: getopt wants a command name. */
	qopts_parse(&q, argc + 1, argv - 1, queue ? "queue" : "list");
	if (q.at == NULL) {
		now_rfc3339(now);
		q.at = now;
	}
	/* Overdue work has its own index: the plain due_at < ?6 lets
	 * SQLite use it. */
	st = db_prepare(db, queue && q.overdue ?
	    "SELECT id, status, priority, due_at, queue, agent, channel, "
	    "reason, customer, messages, updated_at FROM cases INDEXED BY "
	    "cases_due WHERE status IN ('open','waiting') AND merged_into IS "
	    "NULL AND due_at < ?6 AND (?1 IS NULL OR status = ?1) AND "
	    "(?2 IS NULL OR queue = ?2) AND (?3 IS NULL OR agent = ?3) AND "
	    "(?4 IS NULL OR priority = ?4) AND ?5 = 1 ORDER BY status, "
	    "coalesce(priority, 9), due_at, opened_at LIMIT ?7" : queue ?
	    "SELECT id, status, priority, due_at, queue, agent, channel, "
	    "reason, customer, messages, updated_at FROM queue WHERE "
	    "(?1 IS NULL OR status = ?1) AND (?2 IS NULL OR queue = ?2) AND "
	    "(?3 IS NULL OR agent = ?3) AND (?4 IS NULL OR priority = ?4) AND "
	    "?5 = 0 LIMIT ?7" :
	    "SELECT id, status, priority, due_at, queue, agent, channel, "
	    "reason, customer, messages, updated_at FROM cases WHERE "
	    "(?1 IS NULL OR status = ?1) AND (?2 IS NULL OR queue = ?2) AND "
	    "(?3 IS NULL OR agent = ?3) AND (?4 IS NULL OR priority = ?4) AND "
	    "(?5 = 0 OR (due_at < ?6 AND status <> 'resolved')) AND "
	    "merged_into IS NULL ORDER BY id DESC LIMIT ?7");
	bind_opt(st, 1, q.status);
	bind_opt(st, 2, q.queue);
	bind_opt(st, 3, q.agent);
	if (q.priority > 0)
		sqlite3_bind_int64(st, 4, q.priority);
	sqlite3_bind_int(st, 5, q.overdue);
	bind_opt(st, 6, q.at);
	sqlite3_bind_int64(st, 7, q.limit);
	print_rows(db, st, q.json);
	sqlite3_finalize(st);
	return 0;
}

int
cmd_history(sqlite3 *db, int argc, char **argv)
{
	struct qopts q;
	sqlite3_stmt *st;

	qopts_parse(&q, argc + 1, argv - 1, "history");
	if ((q.customer == NULL) == (q.account == NULL))
		diag_fatal(EX_USAGE, "history: give --customer C or "
		    "--account A");
	/* A case's owner is its customer once the account is linked (link
	 * moves the account's cases too), else the account: one index. */
	st = db_prepare(db, "SELECT case_id, status, outcome, channel, reason, "
	    "subreason, opened_at, resolved_at, messages, account FROM "
	    "customer_history WHERE owner = coalesce(?1, (SELECT "
	    "coalesce(customer, id) FROM accounts WHERE id = ?2), ?2) "
	    "ORDER BY opened_at, case_id");
	bind_opt(st, 1, q.customer);
	bind_opt(st, 2, q.account);
	print_rows(db, st, q.json);
	sqlite3_finalize(st);
	return 0;
}

/* The metrics of each case, for reports and CRMs. */
int
cmd_export(sqlite3 *db, int argc, char **argv)
{
	struct qopts q;
	sqlite3_stmt *st;

	qopts_parse(&q, argc + 1, argv - 1, "export");
	st = db_prepare(db, "SELECT c.id, c.status, c.outcome, c.channel, "
	    "c.reason, c.subreason, c.queue, c.priority, c.agent, c.customer, "
	    "c.identity, c.opened_at, c.first_reply_at, c.resolved_at, "
	    "c.due_at, c.messages, c.replies, c.auto_replies, c.reopens, "
	    "c.escalated, c.sla_breached, c.merged_into, "
	    "CAST(strftime('%s', c.first_reply_at) - strftime('%s', "
	    "c.opened_at) AS INTEGER) AS first_response_s, "
	    "CAST(strftime('%s', c.resolved_at) - strftime('%s', c.opened_at) "
	    "AS INTEGER) AS resolution_s, "
	    "(SELECT sum(seconds) FROM work w WHERE w.case_id = c.id) "
	    "AS handle_s, "
	    "(SELECT avg(csat) FROM surveys s WHERE s.case_id = c.id) AS csat, "
	    "(SELECT avg(nps) FROM surveys s WHERE s.case_id = c.id) AS nps, "
	    "(SELECT avg(score) FROM qa WHERE qa.case_id = c.id) AS qa "
	    "FROM cases c WHERE (?1 IS NULL OR c.opened_at >= ?1) AND "
	    "(?2 IS NULL OR c.opened_at < ?2) ORDER BY c.id");
	bind_opt(st, 1, q.since);
	bind_opt(st, 2, q.until);
	print_rows(db, st, 1);
	sqlite3_finalize(st);
	return 0;
}

/*
 * A reproducible sample of resolved cases, per stratum: each case gets a
 * pseudo-random rank from its id and the seed, and the first --per of
 * each stratum are taken.  The stratum is chosen by a bound name in a
 * CASE, never spliced into the SQL; no --by is one stratum.
 */
int
cmd_sample(sqlite3 *db, int argc, char **argv)
{
	static const char *strata[] = { "agent", "channel", "queue", "reason" };
	struct qopts q;
	sqlite3_stmt *st;
	size_t i;

	qopts_parse(&q, argc + 1, argv - 1, "sample");
	for (i = 0; q.by != NULL && i < sizeof(strata) / sizeof(strata[0]);
	    i++)
		if (strcmp(q.by, strata[i]) == 0)
			break;
	if (q.by != NULL && i == sizeof(strata) / sizeof(strata[0]))
		diag_fatal(EX_USAGE, "sample: --by agent, channel, queue or "
		    "reason");
	st = db_prepare(db, "SELECT id, agent, channel, queue, reason, "
	    "resolved_at, outcome FROM (SELECT *, CASE ?5 WHEN 'agent' THEN "
	    "agent WHEN 'channel' THEN channel WHEN 'queue' THEN queue WHEN "
	    "'reason' THEN reason END AS stratum, row_number() OVER "
	    "(PARTITION BY CASE ?5 WHEN 'agent' THEN agent WHEN 'channel' "
	    "THEN channel WHEN 'queue' THEN queue WHEN 'reason' THEN reason "
	    "END ORDER BY (id * 2654435761 + ?1) % 4294967296, id) AS k FROM "
	    "cases WHERE status = 'resolved' AND merged_into IS NULL AND "
	    "(?2 IS NULL OR resolved_at >= ?2) AND (?3 IS NULL OR "
	    "resolved_at < ?3)) WHERE k <= ?4 ORDER BY stratum, k");
	sqlite3_bind_int64(st, 1, q.seed);
	bind_opt(st, 2, q.since);
	bind_opt(st, 3, q.until);
	sqlite3_bind_int64(st, 4, q.per);
	bind_opt(st, 5, q.by);
	print_rows(db, st, q.json);
	sqlite3_finalize(st);
	return 0;
}
