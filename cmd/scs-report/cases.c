/* cases.c - one read of the cases a period needs, and the tables of
 * resolutions (handling) and of the backlog */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "scorecard.h"
#include "tstamp.h"

/*
 * The cases opened in the period (or in the range before it, for the
 * complaints' change), resolved in it, or still open at its end: one
 * sweep, each case handed to every table it belongs to.
 */
void
sc_cases_pass(struct scorecard *sc)
{
	const struct query *q = sc->q;
	sqlite3_stmt *st;
	char from[32];
	int64_t compl_since = sc_complaints_init(sc);

	sc_handling_init(sc);
	sc_backlog_init(sc);
	sc_reasons_init(sc);
	sc_sat_init(sc);
	st = sc_query(sc->db, q, "SELECT " SC_DIMS ", opened_at, "
	    "resolved_at, status, due_at, messages, subreason, fcr, reopens, "
	    "escalated, CASE WHEN @resolved_at >= ?1 AND @resolved_at < ?2 "
	    "THEN handle_s END, case_id, outcome FROM report_cases "
	    "WHERE (@opened_at >= ?3 AND @opened_at < ?2) "
	    "OR (@resolved_at >= ?1 AND @resolved_at < ?2) "
	    "OR (opened_at < ?2 AND (resolved_at IS NULL OR "
	    "resolved_at >= ?2))");
	if (compl_since != INT64_MIN)
		ts_format(compl_since * 1000, from);
	else
		snprintf(from, sizeof(from), "0000");
	sqlite3_bind_text(st, 3, from, -1, SQLITE_TRANSIENT);
	while (db_step(sc->db, st) == SQLITE_ROW) {
		int64_t opened = sql_time(st, CC_OPENED);
		int64_t resolved = sql_time(st, CC_RESOLVED);
		int in_period = (q->since == INT64_MIN || opened >= q->since) &&
		    opened < q->until;

		if (in_period) {
			sc_volume_case(sc, st, opened);
			sc_reasons_row(sc, st, opened);
		}
		if ((compl_since == INT64_MIN || opened >= compl_since) &&
		    opened < q->until)
			sc_complaints_row(sc, st, opened);
		if (resolved != INT64_MIN && (q->since == INT64_MIN ||
		    resolved >= q->since) && resolved < q->until) {
			sc_handling_row(sc, st, opened, resolved);
			sc_sat_resolved_row(sc, st, resolved);
		}
		if (opened < q->until && (resolved == INT64_MIN ||
		    resolved >= q->until))
			sc_backlog_row(sc, st, opened);
	}
	sc_done(st);
}

/* ---- handling: resolved cases ---------------------------------------- */

enum { H_RESOLVED, H_FCR, H_REOPENED, H_ESCALATED, H_AHT, H_RES, H_RES_B,
	H_FAV, NH };
static const int h_keep[NH] = { 0, 0, 0, 0, 1, 1, 1, 0 };

void
sc_handling_init(struct scorecard *sc)
{
	agg_init(&sc->hand, sc_nlabels(sc->q), NH, h_keep);
}

void
sc_handling_row(struct scorecard *sc, sqlite3_stmt *st, int64_t opened,
    int64_t resolved)
{
	struct group *g = group_of(&sc->hand, sc->q, st, resolved);
	struct elapsed c = clock_between(sc, sqlite3_column_int64(st,
	    CC_CASE), sc_text(st, D_QUEUE, NULL), opened, resolved);
	int has_fcr = sqlite3_column_type(st, CC_FCR) != SQLITE_NULL;
	int has_aht = sqlite3_column_type(st, CC_HANDLE) != SQLITE_NULL;

	g->m[H_RESOLVED].n++;
	if (has_fcr)
		series_rate(&g->m[H_FCR], sqlite3_column_int(st, CC_FCR));
	series_rate(&g->m[H_REOPENED], sqlite3_column_int(st, CC_REOPENS) > 0);
	series_rate(&g->m[H_ESCALATED], sqlite3_column_int(st,
	    CC_ESCALATED) > 0);
	if (has_aht)
		series_add(&g->m[H_AHT], sqlite3_column_double(st, CC_HANDLE));
	series_add(&g->m[H_RES], (double)c.wall);
	series_add(&g->m[H_RES_B], (double)c.biz);
	if (sqlite3_column_type(st, CC_OUTCOME) != SQLITE_NULL)
		series_rate(&g->m[H_FAV], strcmp(sc_text(st, CC_OUTCOME, ""),
		    "favorable") == 0);
	sc_coach_resolved(sc, sc_text(st, D_AGENT, NULL), has_fcr ?
	    sqlite3_column_int(st, CC_FCR) : -1, has_aht ?
	    sqlite3_column_double(st, CC_HANDLE) : NAN);
}

void
sc_handling(struct scorecard *sc)
{
	const struct query *q = sc->q;
	struct agg *a = &sc->hand;
	struct table *t;
	size_t i;
	int nl, c0;

	agg_sort(a);
	t = table_new(sc->r, "handling", "Management: resolution, FCR and "
	    "handling time");
	nl = sc_label_cols(t, q);
	c0 = table_col(t, "resolved", "Resolved", K_COUNT);
	table_col(t, "fcr_pct", "FCR", K_PCT);
	table_col(t, "reopen_pct", "Reopened", K_PCT);
	table_col(t, "escalated_pct", "Escalated", K_PCT);
	table_col(t, "favorable_pct", "Favorable", K_PCT);
	table_col(t, "aht_mean_s", "AHT mean", K_SECS);
	table_col(t, "aht_median_s", "AHT med", K_SECS);
	table_col(t, "aht_p90_s", "AHT p90", K_SECS);
	table_col(t, "resolution_median_s", "Resol med", K_SECS);
	table_col(t, "resolution_p90_s", "Resol p90", K_SECS);
	table_col(t, "resolution_business_median_s", "Resol med bh", K_SECS);
	table_note(t, "Cases resolved in the period.  FCR: %% of those "
	    "resolved with one agent reply and never reopened (cases "
	    "resolved with no reply are left out); AHT: work recorded on "
	    "the case; resolution: opening to resolution%s.",
	    sc->rc->pause_waiting ? ", less time waiting on the customer" :
	    "");
	for (i = 0; i < a->n; i++) {
		struct group *g = &a->g[i];
		size_t row = sc_row(t, g, nl);

		table_set_num(t, row, c0, (double)g->m[H_RESOLVED].n);
		table_set_num(t, row, c0 + 1, series_pct(&g->m[H_FCR]));
		table_set_num(t, row, c0 + 2, series_pct(&g->m[H_REOPENED]));
		table_set_num(t, row, c0 + 3, series_pct(&g->m[H_ESCALATED]));
		table_set_num(t, row, c0 + 4, series_pct(&g->m[H_FAV]));
		table_set_num(t, row, c0 + 5, series_mean(&g->m[H_AHT]));
		table_set_num(t, row, c0 + 6, series_median(&g->m[H_AHT]));
		table_set_num(t, row, c0 + 7, series_quantile(&g->m[H_AHT],
		    0.9));
		table_set_num(t, row, c0 + 8, series_median(&g->m[H_RES]));
		table_set_num(t, row, c0 + 9, series_quantile(&g->m[H_RES],
		    0.9));
		table_set_num(t, row, c0 + 10, series_median(&g->m[H_RES_B]));
	}
	agg_free(a);
}

/* ---- backlog: what is still open at the end ---------------------------- */

enum { B_OPEN, B_WAITING, B_OVERDUE, B_AGE, NB };

void
sc_backlog_init(struct scorecard *sc)
{
	sc->back_q = *sc->q;
	sc->back_q.period = P_NONE;
	agg_init(&sc->back, sc_nlabels(&sc->back_q), NB, NULL);
}

void
sc_backlog_row(struct scorecard *sc, sqlite3_stmt *st, int64_t opened)
{
	struct group *g = group_of(&sc->back, &sc->back_q, st, 0);
	int64_t due = sql_time(st, CC_DUE);
	double age = (double)(sc->q->until - opened);

	if (strcmp(sc_text(st, CC_STATUS, ""), "waiting") == 0)
		g->m[B_WAITING].n++;
	else
		g->m[B_OPEN].n++;
	if (due != INT64_MIN && due < sc->q->until)
		g->m[B_OVERDUE].n++;
	if (age > g->m[B_AGE].sum)
		g->m[B_AGE].sum = age;
}

void
sc_backlog(struct scorecard *sc)
{
	struct agg *a = &sc->back;
	struct table *t;
	size_t i;
	int nl, c0;

	agg_sort(a);
	t = table_new(sc->r, "backlog", "Traffic: backlog at the end of the "
	    "period");
	nl = sc_label_cols(t, &sc->back_q);
	c0 = table_col(t, "open", "Open", K_COUNT);
	table_col(t, "waiting", "Waiting", K_COUNT);
	table_col(t, "overdue", "Overdue", K_COUNT);
	table_col(t, "oldest_s", "Oldest", K_SECS);
	table_note(t, "Cases opened before the end and not resolved by it; "
	    "overdue: past the due time scs-route gave them.");
	for (i = 0; i < a->n; i++) {
		size_t row = sc_row(t, &a->g[i], nl);

		table_set_num(t, row, c0, (double)a->g[i].m[B_OPEN].n);
		table_set_num(t, row, c0 + 1, (double)a->g[i].m[B_WAITING].n);
		table_set_num(t, row, c0 + 2, (double)a->g[i].m[B_OVERDUE].n);
		table_set_num(t, row, c0 + 3, a->g[i].m[B_AGE].sum);
	}
	agg_free(a);
}

