/* shards.c - several shard databases read as one
 *
 * A deployment past one machine keeps one case database per shard of
 * customers (scs(7)).  Each is attached read-only to the first, and
 * temporary views named like the report views put the shards' rows
 * together, so the scorecard's queries read them unchanged.  Case ids
 * repeat across shards: each shard's are moved past the others' (shard
 * k adds k << 40), which only the report's own matching by case sees.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "diag.h"
#include "report.h"

/* The views a scorecard reads, and the table of status changes. */
static const char *const views[] = {
	"report_messages", "report_openings", "report_replies",
	"report_cases", "report_surveys", "report_qa", "report_work",
	"report_shifts",
};

struct sql {
	char	*s;
	size_t	 len, cap;
};

static void
add(struct sql *q, const char *s)
{
	size_t n = strlen(s);

	if (q->len + n + 1 > q->cap) {
		q->cap = (q->len + n + 1) * 2;
		if ((q->s = realloc(q->s, q->cap)) == NULL)
			diag_fatal(EX_SOFTWARE, "out of memory");
	}
	memcpy(q->s + q->len, s, n + 1);
	q->len += n;
}

/* An identifier of our own schema, quoted all the same. */
static void
ident(struct sql *q, const char *s)
{
	if (strchr(s, '"') != NULL)
		diag_fatal(EX_SOFTWARE, "unexpected column name %s", s);
	add(q, "\"");
	add(q, s);
	add(q, "\"");
}

/* The columns of view v, from the first database. */
static char **
columns(sqlite3 *db, const char *v, size_t *n)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT name FROM "
	    "pragma_table_info(?1, 'main')");
	char **cols = NULL;

	*n = 0;
	sqlite3_bind_text(st, 1, v, -1, SQLITE_STATIC);
	while (db_step(db, st) == SQLITE_ROW) {
		if ((cols = realloc(cols, (*n + 1) * sizeof(*cols))) == NULL ||
		    (cols[*n] = strdup((const char *)sqlite3_column_text(st,
		    0))) == NULL)
			diag_fatal(EX_SOFTWARE, "out of memory");
		(*n)++;
	}
	sqlite3_finalize(st);
	return cols;
}

/* The schema name of shard k: main, s1, s2... */
static void
schema(char *buf, size_t bufsz, int k)
{
	if (k == 0)
		snprintf(buf, bufsz, "main");
	else
		snprintf(buf, bufsz, "s%d", k);
}

static void
union_view(sqlite3 *db, const char *name, char **cols, size_t ncols,
    int nshards, const char *from)
{
	struct sql q = { 0 };
	char sch[16], num[32];
	size_t i;
	int k;

	add(&q, "CREATE TEMP VIEW ");
	ident(&q, name);
	add(&q, " AS ");
	for (k = 0; k < nshards; k++) {
		add(&q, k ? " UNION ALL SELECT " : "SELECT ");
		for (i = 0; i < ncols; i++) {
			if (i)
				add(&q, ", ");
			ident(&q, cols[i]);
			if (strcmp(cols[i], "case_id") == 0 && k > 0) {
				snprintf(num, sizeof(num), " + %lld AS ",
				    (long long)k << 40);
				add(&q, num);
				ident(&q, cols[i]);
			}
		}
		schema(sch, sizeof(sch), k);
		add(&q, " FROM ");
		add(&q, sch);
		add(&q, ".");
		ident(&q, from);
	}
	db_exec(db, q.s);
	free(q.s);
}

void
shards_attach(sqlite3 *db, char **paths, int n)
{
	static char *change_cols[] = { "case_id", "seq", "at", "to_status" };
	sqlite3_stmt *st;
	char sch[16];
	size_t i, ncols;
	int k;

	for (k = 1; k < n; k++) {
		int v;

		schema(sch, sizeof(sch), k);
		/* The path is a bound value; the schema name is ours. */
		{
			char sql[64];

			snprintf(sql, sizeof(sql), "ATTACH DATABASE ?1 AS %s",
			    sch);
			st = db_prepare(db, sql);
		}
		sqlite3_bind_text(st, 1, paths[k], -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			diag_fatal(EX_NOINPUT, "%s: %s", paths[k],
			    sqlite3_errmsg(db));
		sqlite3_finalize(st);
		{
			char sql[64];

			snprintf(sql, sizeof(sql), "PRAGMA %s.user_version", sch);
			st = db_prepare(db, sql);
		}
		v = db_step(db, st) == SQLITE_ROW ? sqlite3_column_int(st, 0) :
		    0;
		sqlite3_finalize(st);
		if (v != DB_VERSION)
			diag_fatal(EX_CONFIG, "%s: schema version %d, not %d: "
			    "%s", paths[k], v, DB_VERSION, v < DB_VERSION ?
			    "run scs-case on it once to bring it up to date" :
			    "written by a newer scs");
	}
	for (i = 0; i < sizeof(views) / sizeof(views[0]); i++) {
		char **cols = columns(db, views[i], &ncols);

		union_view(db, views[i], cols, ncols, n, views[i]);
		while (ncols > 0)
			free(cols[--ncols]);
		free(cols);
	}
	union_view(db, "report_changes", change_cols, 4, n, "case_events");
}
