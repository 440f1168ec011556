/* scorecard.c - the scorecard's tables, from the report views
 *
 * Every figure is read from the views scs-case keeps in the database
 * (report_messages, report_openings, report_replies, report_cases,
 * report_surveys, report_qa, report_work, report_shifts,
 * report_status_spans: scs-report(1) gives their definitions), one
 * fact per row, and grouped here: SQL has no median, and the business
 * hours of each queue and the pause while a case waits on the customer
 * come from the rule files.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agg.h"
#include "db.h"
#include "diag.h"
#include "report.h"
#include "scorecard.h"
#include "tstamp.h"

/* Every fact query starts with the dimensions, in enum dim's order. */
#define DIMS SC_DIMS
#define C_TIME	NDIMS		/* the time that puts a fact in a period */

/* ---- labels ---------------------------------------------------------- */

static const char *const dim_labels[NDIMS] = {
	"Channel", "Agent", "Queue", "Product", "Reason", "Place", "Location"
};

const char *
sc_text(sqlite3_stmt *st, int col, const char *none)
{
	const unsigned char *s = sqlite3_column_text(st, col);

	return s != NULL && *s != '\0' ? (const char *)s : none;
}

int
sc_labels(const struct query *q, sqlite3_stmt *st, int64_t t,
    const char **out, char *pbuf, size_t pbufsz)
{
	int i, n = 0;

	for (i = 0; i < q->nby; i++)
		out[n++] = sc_text(st, (int)q->by[i], "-");
	if (q->period != P_NONE)
		out[n++] = period_label(q, t, pbuf, pbufsz);
	return n;
}

int
sc_nlabels(const struct query *q)
{
	return q->nby + (q->period != P_NONE);
}

int
sc_label_cols(struct table *t, const struct query *q)
{
	int i;

	for (i = 0; i < q->nby; i++)
		table_col(t, dim_names[q->by[i]], dim_labels[q->by[i]], K_TEXT);
	if (q->period != P_NONE)
		table_col(t, "period", "Period", K_TEXT);
	return sc_nlabels(q);
}

/* A row per group: its labels, or "all" when there are none. */
size_t
sc_row(struct table *t, const struct group *g, int nlabels)
{
	size_t row = table_row(t);
	int j;

	for (j = 0; j < nlabels; j++)
		table_set_text(t, row, j, g->labels[j]);
	return row;
}

static clock_t trace_t0;

void
sc_done(sqlite3_stmt *st)
{
	if (getenv("SCS_REPORT_TRACE") != NULL)
		fprintf(stderr, "scs-report: %.3f s of CPU\n", (double)(clock() -
		    trace_t0) / CLOCKS_PER_SEC);
	sqlite3_finalize(st);
}

sqlite3_stmt *
sc_query(sqlite3 *db, const struct query *q, const char *sql)
{
	char buf[2048];
	sqlite3_stmt *st;
	size_t i;

	/* The SQL is one of this file's constants, never input. */
	if (strlen(sql) >= sizeof(buf))
		diag_fatal(EX_SOFTWARE, "query too long");
	for (i = 0; sql[i] != '\0'; i++)
		buf[i] = sql[i] == '@' ? (q->since == INT64_MIN ? '+' : ' ') :
		    sql[i];
	buf[i] = '\0';
	st = db_prepare(db, buf);
	if (getenv("SCS_REPORT_TRACE") != NULL) {
		fprintf(stderr, "scs-report: query: %s\n", buf);
		trace_t0 = clock();
	}

	if (sqlite3_bind_parameter_count(st) >= 1)
		sqlite3_bind_text(st, 1, q->since_s, -1, SQLITE_STATIC);
	if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_text(st, 2, q->until_s, -1, SQLITE_STATIC);
	return st;
}

/* With no group asked, the whole period is one group. */
struct group *
group_of(struct agg *a, const struct query *q, sqlite3_stmt *st, int64_t t)
{
	const char *labels[NDIMS + 2];
	char pbuf[32];

	sc_labels(q, st, t, labels, pbuf, sizeof(pbuf));
	return agg_group(a, labels);
}

/* ---- the waiting clock ----------------------------------------------- */

/*
 * The spans each case spent resolved, or waiting on the customer when
 * the rules pause the clock then, sorted by case: the company's clock
 * leaves them out (a reopened case's time resolved is nobody's).
 */
struct span {
	int64_t	case_id, start, end;	/* end INT64_MAX: still so */
};

/* A status change, as case_events has it. */
struct change {
	int64_t	case_id, seq, at;
	char	status;		/* 'o'pen, 'w'aiting, 'r'esolved */
};

static int
change_cmp(const void *x, const void *y)
{
	const struct change *a = x, *b = y;

	if (a->case_id != b->case_id)
		return a->case_id < b->case_id ? -1 : 1;
	return (a->seq > b->seq) - (a->seq < b->seq);
}

/*
 * The spans between a case's status changes (report_status_spans),
 * built here from one sweep of case_events: the view's window over
 * every event costs several times more.
 */
static void
spans_load(sqlite3 *db, struct spans *sp, int waiting, int shards)
{
	sqlite3_stmt *st = db_prepare(db, shards > 1 ?
	    "SELECT case_id, seq, at, to_status FROM report_changes "
	    "WHERE to_status IS NOT NULL" :
	    "SELECT case_id, seq, at, to_status FROM case_events "
	    "WHERE to_status IS NOT NULL");
	struct change *v = NULL;
	size_t n = 0, cap = 0, i;

	while (db_step(db, st) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			if ((v = realloc(v, cap * sizeof(*v))) == NULL)
				diag_fatal(EX_SOFTWARE, "out of memory");
		}
		v[n].case_id = sqlite3_column_int64(st, 0);
		v[n].seq = sqlite3_column_int64(st, 1);
		v[n].at = sql_time(st, 2);
		v[n].status = sc_text(st, 3, "?")[0];
		if (v[n].at != INT64_MIN)
			n++;
	}
	sc_done(st);
	if (n > 1)
		qsort(v, n, sizeof(*v), change_cmp);
	cap = 0;
	for (i = 0; i < n; i++) {
		struct span *x;

		if (v[i].status != 'r' && (v[i].status != 'w' || !waiting))
			continue;
		if (sp->n == cap) {
			cap = cap ? cap * 2 : 1024;
			if ((sp->v = realloc(sp->v, cap * sizeof(*sp->v))) ==
			    NULL)
				diag_fatal(EX_SOFTWARE, "out of memory");
		}
		x = &sp->v[sp->n++];
		x->case_id = v[i].case_id;
		x->start = v[i].at;
		x->end = i + 1 < n && v[i + 1].case_id == v[i].case_id ?
		    v[i + 1].at : INT64_MAX;
	}
	free(v);
}

/* Seconds of [t0, t1) the case spent in those spans: wall-clock, and
 * open hours of bh (NULL: always open) into *biz. */
static int64_t
waiting_in(const struct spans *sp, int64_t case_id, int64_t t0, int64_t t1,
    struct bizhours *bh, int64_t *biz)
{
	size_t lo = 0, hi = sp->n, mid;
	int64_t wall = 0, s, e;

	*biz = 0;
	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (sp->v[mid].case_id < case_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < sp->n && sp->v[lo].case_id == case_id; lo++) {
		s = sp->v[lo].start > t0 ? sp->v[lo].start : t0;
		e = sp->v[lo].end < t1 ? sp->v[lo].end : t1;
		if (e <= s)
			continue;
		wall += e - s;
		*biz += bh != NULL ? bh_between(bh, s, e) : e - s;
	}
	return wall;
}

/* The company's clock from t0 to t1 on a case: wall-clock and business
 * hours, without the time it waited on the customer when the rules say
 * so. */
struct elapsed
clock_between(const struct scorecard *sc, int64_t case_id, const char *queue,
    int64_t t0, int64_t t1)
{
	struct bizhours *bh = config_hours(sc->rc, queue);
	struct elapsed c;
	int64_t wbiz;

	if (t1 < t0)
		t1 = t0;
	c.wall = t1 - t0;
	c.biz = bh != NULL ? bh_between(bh, t0, t1) : c.wall;
	c.wall -= waiting_in(&sc->spans, case_id, t0, t1, bh, &wbiz);
	c.biz -= wbiz;
	return c;
}

/* ---- volume ------------------------------------------------------------ */

enum { V_IN, V_OUT, V_AUTO, V_FILTERED, V_COMMUNITY, V_DERIVED, V_CASES,
	V_MPC, NV };

/*
 * One read of the period's messages feeds every table made of them:
 * volume, filtered, where, and the trend of customer messages by
 * channel (trend, when asked, into sc->trend).
 */
static void
messages_pass(struct scorecard *sc, struct agg *vol)
{
	const struct query *q = sc->q;
	sqlite3_stmt *st;

	sc_filtered_init(sc);
	sc_where_init(sc);
	st = sc_query(sc->db, q, "SELECT " DIMS ", at, direction, auto, "
	    "filter, community, derivation, polarity FROM report_messages "
	    "WHERE @at >= ?1 AND @at < ?2");
	while (db_step(sc->db, st) == SQLITE_ROW) {
		const char *labels[NDIMS + 3];
		char pbuf[32];
		int64_t t = sql_time(st, C_TIME);
		int nl = sc_labels(q, st, t, labels, pbuf, sizeof(pbuf));
		struct group *g = agg_group(vol, labels);
		const char *filter = sc_text(st, C_TIME + 3, NULL);
		int in = strcmp(sc_text(st, C_TIME + 1, ""), "in") == 0;

		if (!in) {
			if (sqlite3_column_int(st, C_TIME + 2))
				g->m[V_AUTO].n++;
			else
				g->m[V_OUT].n++;
			if (sqlite3_column_int(st, C_TIME + 5))
				g->m[V_DERIVED].n++;
			continue;
		}
		g->m[V_IN].n++;
		if (filter != NULL)
			g->m[V_FILTERED].n++;
		if (sqlite3_column_int(st, C_TIME + 4))
			g->m[V_COMMUNITY].n++;
		sc_filtered_row(sc, st, labels, nl, filter);
		if (filter == NULL)
			sc_where_row(sc, st, strcmp(sc_text(st, C_TIME + 6,
			    ""), "negative") == 0);
		if (sc->want_trend) {
			const char *tl[2];
			char tbuf[32];

			tl[0] = period_label(&sc->trend_q, t, tbuf,
			    sizeof(tbuf));
			tl[1] = sc_text(st, D_CHANNEL, "-");
			agg_group(&sc->trend, tl)->m[0].n++;
		}
	}
	sc_done(st);
}

/* A case opened in the period, from the cases pass. */
void
sc_volume_case(struct scorecard *sc, sqlite3_stmt *st, int64_t opened)
{
	struct group *g = group_of(&sc->vol, sc->q, st, opened);

	g->m[V_CASES].n++;
	series_add(&g->m[V_MPC], sqlite3_column_double(st, CC_MESSAGES));
}

static void
volume(struct scorecard *sc)
{
	const struct query *q = sc->q;
	struct agg *a = &sc->vol;
	struct table *t;
	size_t i;
	int nl, c0;

	agg_sort(a);
	t = table_new(sc->r, "volume", "Traffic: volume");
	nl = sc_label_cols(t, q);
	c0 = table_col(t, "in", "In", K_COUNT);
	table_col(t, "out", "Out", K_COUNT);
	table_col(t, "auto", "Auto", K_COUNT);
	table_col(t, "filtered", "Filtered", K_COUNT);
	table_col(t, "community", "Community", K_COUNT);
	table_col(t, "derived", "Derived", K_COUNT);
	table_col(t, "cases", "Cases", K_COUNT);
	table_col(t, "messages_per_case", "Msgs/case", K_NUM);
	table_note(t, "In: customer messages; Out: human agent replies; "
	    "Auto: automatic replies; Derived: replies sending the customer "
	    "to another channel; Cases: opened in the period.");
	for (i = 0; i < a->n; i++) {
		struct group *g = &a->g[i];
		size_t row = sc_row(t, g, nl);
		int k;

		for (k = V_IN; k <= V_CASES; k++)
			table_set_num(t, row, c0 + k, (double)g->m[k].n);
		table_set_num(t, row, c0 + V_MPC, series_mean(&g->m[V_MPC]));
	}
	if (nl > 0 && (q->nby > 0 || q->period != P_NONE)) {
		t->chart.type = CH_BARS;
		t->chart.x = 0;
		t->chart.y[0] = c0 + V_IN;
		t->chart.y[1] = c0 + V_OUT;
		t->chart.ny = 2;
		t->chart.title = strdup("Messages in and out");
	}
	agg_free(a);
}

/* Customer messages per period and channel: the trend chart. */
static void
trend_init(struct scorecard *sc)
{
	sc->trend_q = *sc->q;
	if (sc->trend_q.period == P_NONE)
		sc->trend_q.period = P_DAY;
	sc->want_trend = sc->q->period != P_NONE || sc->q->charts;
	agg_init(&sc->trend, 2, 1, NULL);
}

static void
trend(struct scorecard *sc)
{
	struct agg *a = &sc->trend;
	struct table *t;
	size_t i;

	if (sc->want_trend) {
		agg_sort(a);
		t = table_new(sc->r, "trend", "Traffic: customer messages "
		    "over time by channel");
		table_col(t, "period", "Period", K_TEXT);
		table_col(t, "channel", "Channel", K_TEXT);
		table_col(t, "in", "In", K_COUNT);
		for (i = 0; i < a->n; i++) {
			size_t row = sc_row(t, &a->g[i], 2);

			table_set_num(t, row, 2, (double)a->g[i].m[0].n);
		}
		t->chart.type = CH_LINES;
		t->chart.x = 0;
		t->chart.series = 1;
		t->chart.y[0] = 2;
		t->chart.ny = 1;
		t->chart.title = strdup("Customer messages by channel");
	}
	agg_free(a);
}

/* ---- response: first response, service level, reply time ------------ */

enum { R_OPEN, R_ANSWERED, R_FRT, R_SL, R_ART,
	R_FRT_B, R_SL_B, R_ART_B, NR };
static const int r_keep[NR] = { 0, 0, 1, 0, 1, 1, 0, 1 };

/* Adds the opening to g; the company's clock in c. */
static void
opening(struct scorecard *sc, struct group *g, sqlite3_stmt *st)
{
	int64_t opened = sql_time(st, C_TIME), reply = sql_time(st, C_TIME + 1);
	int64_t closed = sql_time(st, C_TIME + 2);
	int64_t case_id = sqlite3_column_int64(st, C_TIME + 3);
	const char *queue = sc_text(st, D_QUEUE, NULL);
	const struct sltarget *sl = config_sl(sc->rc, sc_text(st, D_CHANNEL,
	    NULL));
	struct elapsed c;

	const char *agent = sc_text(st, D_AGENT, NULL);

	g->m[R_OPEN].n++;
	if (reply != INT64_MIN) {
		c = clock_between(sc, case_id, queue, opened, reply);
		g->m[R_ANSWERED].n++;
		series_add(&g->m[R_FRT], (double)c.wall);
		series_add(&g->m[R_FRT_B], (double)c.biz);
		series_rate(&g->m[R_SL], c.wall <= sl->target_s);
		series_rate(&g->m[R_SL_B], c.biz <= sl->target_s);
		sc_coach_opening(sc, agent, (double)c.biz,
		    c.biz <= sl->target_s);
		return;
	}
	/* Closed without a reply: nothing was owed.  Still unanswered: a
	 * miss once past the target, else not decided yet. */
	if (closed != INT64_MIN)
		return;
	c = clock_between(sc, case_id, queue, opened, sc->q->until);
	if (c.wall > sl->target_s)
		series_rate(&g->m[R_SL], 0);
	if (c.biz > sl->target_s) {
		series_rate(&g->m[R_SL_B], 0);
		sc_coach_opening(sc, agent, NAN, 0);
	}
}

static void
reply(struct scorecard *sc, struct group *g, sqlite3_stmt *st)
{
	int64_t at = sql_time(st, C_TIME), rep = sql_time(st, C_TIME + 1);
	struct bizhours *bh = config_hours(sc->rc, sc_text(st, D_QUEUE,
	    NULL));

	if (rep == INT64_MIN)
		return;
	series_add(&g->m[R_ART], (double)(rep - at));
	series_add(&g->m[R_ART_B], (double)(bh != NULL ? bh_between(bh, at,
	    rep) : rep - at));
}

static void
response_table(struct scorecard *sc, struct agg *a, int business)
{
	const struct query *q = sc->q;
	struct table *t;
	size_t i;
	int nl, c0, frt = business ? R_FRT_B : R_FRT;
	int slc = business ? R_SL_B : R_SL, art = business ? R_ART_B : R_ART;

	t = business ?
	    table_new(sc->r, "response_business", "Traffic: response in "
	    "business hours") :
	    table_new(sc->r, "response", "Traffic: first response, service "
	    "level and reply time");
	nl = sc_label_cols(t, q);
	c0 = table_col(t, "openings", "Opened", K_COUNT);
	table_col(t, "answered", "Answered", K_COUNT);
	table_col(t, "frt_mean_s", "FRT mean", K_SECS);
	table_col(t, "frt_median_s", "FRT med", K_SECS);
	table_col(t, "frt_p90_s", "FRT p90", K_SECS);
	table_col(t, "sl_pct", "SL", K_PCT);
	table_col(t, "art_mean_s", "ART mean", K_SECS);
	table_col(t, "art_median_s", "ART med", K_SECS);
	table_col(t, "art_p90_s", "ART p90", K_SECS);
	if (business)
		table_note(t, "The same clocks counting only the open hours "
		    "of each case's queue (route.yaml hours:; a queue without "
		    "hours is always open).");
	else
		table_note(t, "FRT: from each opening or reopening of a case "
		    "to the first human reply%s; SL: %% of openings first "
		    "answered within the channel's target (report.yaml), "
		    "unanswered ones past it count as missed; ART: from when a "
		    "case came back to the company (opened, reopened, or the "
		    "customer wrote while it waited) to the agent reply that "
		    "handed it back.",
		    sc->rc->pause_waiting ? ", less time waiting on the "
		    "customer" : "");
	for (i = 0; i < a->n; i++) {
		struct group *g = &a->g[i];
		size_t row = sc_row(t, g, nl);

		table_set_num(t, row, c0, (double)g->m[R_OPEN].n);
		table_set_num(t, row, c0 + 1, (double)g->m[R_ANSWERED].n);
		table_set_num(t, row, c0 + 2, series_mean(&g->m[frt]));
		table_set_num(t, row, c0 + 3, series_median(&g->m[frt]));
		table_set_num(t, row, c0 + 4, series_quantile(&g->m[frt],
		    0.9));
		table_set_num(t, row, c0 + 5, series_pct(&g->m[slc]));
		table_set_num(t, row, c0 + 6, series_mean(&g->m[art]));
		table_set_num(t, row, c0 + 7, series_median(&g->m[art]));
		table_set_num(t, row, c0 + 8, series_quantile(&g->m[art],
		    0.9));
	}
	if (!business && nl > 0) {
		t->chart.type = CH_BARS;
		t->chart.x = 0;
		t->chart.y[0] = c0 + 5;
		t->chart.ny = 1;
		t->chart.title = strdup("Service level attained (%)");
	}
}

static void
response(struct scorecard *sc)
{
	const struct query *q = sc->q;
	struct agg a;
	sqlite3_stmt *st;

	agg_init(&a, sc_nlabels(q), NR, r_keep);
	st = sc_query(sc->db, q, "SELECT " DIMS ", opened_at, "
	    "first_reply_at, closed_at, case_id FROM report_openings "
	    "WHERE @opened_at >= ?1 AND @opened_at < ?2");
	while (db_step(sc->db, st) == SQLITE_ROW) {
		opening(sc, group_of(&a, q, st, sql_time(st, C_TIME)), st);
	}
	sc_done(st);
	st = sc_query(sc->db, q, "SELECT " DIMS ", at, reply_at FROM "
	    "report_replies WHERE at >= ?1 AND at < ?2");
	while (db_step(sc->db, st) == SQLITE_ROW)
		reply(sc, group_of(&a, q, st, sql_time(st, C_TIME)), st);
	sc_done(st);
	agg_sort(&a);
	response_table(sc, &a, 0);
	response_table(sc, &a, 1);
	agg_free(&a);
}

/* ---- the whole scorecard ---------------------------------------------- */

void
scorecard(sqlite3 *db, const struct repconf *rc, const struct query *q,
    struct report *r)
{
	struct scorecard sc;

	memset(&sc, 0, sizeof(sc));
	sc.db = db;
	sc.rc = rc;
	sc.q = q;
	sc.r = r;
	if (r->title == NULL)
		r->title = strdup("scs scorecard");
	spans_load(db, &sc.spans, rc->pause_waiting, q->shards);
	sc_coach_init(&sc);
	trend_init(&sc);
	agg_init(&sc.vol, sc_nlabels(q), NV, NULL);
	messages_pass(&sc, &sc.vol);
	sc_cases_pass(&sc);
	volume(&sc);
	trend(&sc);
	response(&sc);
	sc_handling(&sc);
	sc_backlog(&sc);
	sc_management(&sc);
	sc_filtered(&sc);
	sc_satisfaction(&sc);
	sc_where(&sc);
	sc_coach_table(&sc);
	sc_coach_free(&sc);
	free(sc.spans.v);
}
