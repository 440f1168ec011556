/* satisfaction.c - surveys, QA reviews, occupancy and where problems are */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "scorecard.h"

#define C_TIME	NDIMS

/* Survey and QA measures, kept per group. */
enum { S_SURVEYS, S_CSAT, S_CSAT45, S_NPS_PRO, S_NPS_DET, S_RESOLVED,
	S_QA, S_QA_PASS, NS };

static void
survey_add(struct group *g, sqlite3_stmt *st, int col)
{
	g->m[S_SURVEYS].n++;
	if (sqlite3_column_type(st, col) != SQLITE_NULL) {
		int csat = sqlite3_column_int(st, col);

		series_add(&g->m[S_CSAT], csat);
		series_rate(&g->m[S_CSAT45], csat >= 4);
	}
	if (sqlite3_column_type(st, col + 1) != SQLITE_NULL) {
		int nps = sqlite3_column_int(st, col + 1);

		series_rate(&g->m[S_NPS_PRO], nps >= 9);
		series_rate(&g->m[S_NPS_DET], nps <= 6);
	}
}

static void
qa_add(const struct repconf *rc, struct group *g, double score)
{
	series_add(&g->m[S_QA], score);
	series_rate(&g->m[S_QA_PASS], score >= rc->qa_pass);
}

/* NPS: % promoters (9-10) less % detractors (0-6); n/a with no answer. */
static double
nps(const struct group *g)
{
	return series_pct(&g->m[S_NPS_PRO]) - series_pct(&g->m[S_NPS_DET]);
}

static void
survey_cols(struct table *t, int *c0)
{
	*c0 = table_col(t, "surveys", "Surveys", K_COUNT);
	table_col(t, "csat_mean", "CSAT", K_NUM);
	table_col(t, "csat_4_5_pct", "CSAT 4-5", K_PCT);
	table_col(t, "nps", "NPS", K_NUM);
	table_col(t, "response_pct", "Response", K_PCT);
}

static void
survey_cells(struct table *t, size_t row, int c0, const struct group *g)
{
	table_set_num(t, row, c0, (double)g->m[S_SURVEYS].n);
	table_set_num(t, row, c0 + 1, series_mean(&g->m[S_CSAT]));
	table_set_num(t, row, c0 + 2, series_pct(&g->m[S_CSAT45]));
	table_set_num(t, row, c0 + 3, nps(g));
	table_set_num(t, row, c0 + 4, g->m[S_RESOLVED].n > 0 ? 100.0 *
	    (double)g->m[S_SURVEYS].n / (double)g->m[S_RESOLVED].n : NAN);
}

static void
qa_cols(struct table *t, int *c0)
{
	*c0 = table_col(t, "qa_reviews", "QA reviews", K_COUNT);
	table_col(t, "qa_mean", "QA score", K_NUM);
	table_col(t, "qa_compliance_pct", "Compliant", K_PCT);
}

static void
qa_cells(struct table *t, size_t row, int c0, const struct group *g)
{
	table_set_num(t, row, c0, (double)g->m[S_QA].n);
	table_set_num(t, row, c0 + 1, series_mean(&g->m[S_QA]));
	table_set_num(t, row, c0 + 2, series_pct(&g->m[S_QA_PASS]));
}

/*
 * The breakdowns: surveys by agent, queue, channel, product and
 * reason; QA by agent, seniority, team and product.  One small table
 * each, one row per value.
 */
enum { B_AGENT, B_QUEUE, B_CHANNEL, B_PRODUCT, B_REASON, B_TEAM,
	B_SENIORITY, NBREAK };
static const char *const break_names[NBREAK] = {
	"agent", "queue", "channel", "product", "reason", "team", "seniority"
};
static const char *const break_labels[NBREAK] = {
	"Agent", "Queue", "Channel", "Product", "Reason", "Team", "Seniority"
};

/* Years since hire in the bands a team is usually looked at by. */
static const char *
seniority_band(sqlite3_stmt *st, int col)
{
	int y;

	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return "-";
	y = sqlite3_column_int(st, col);
	return y < 1 ? "0 under 1 year" : y < 3 ? "1 1-2 years" : y < 5 ?
	    "2 3-4 years" : "3 5+ years";
}

static struct group *
break_group(struct agg *b, const char *value)
{
	const char *labels[1] = { value };

	return agg_group(b, labels);
}

static void
break_table(struct scorecard *sc, struct agg *b, int kind, int qa)
{
	struct table *t;
	char id[64], title[128];
	size_t i;
	int c0;

	agg_sort(b);
	snprintf(id, sizeof(id), "%s_by_%s", qa ? "qa" : "csat",
	    break_names[kind]);
	snprintf(title, sizeof(title), "%s by %s", qa ? "Quality: QA" :
	    "Satisfaction", break_names[kind]);
	t = table_new(sc->r, id, title);
	table_col(t, break_names[kind], break_labels[kind], K_TEXT);
	if (qa)
		qa_cols(t, &c0);
	else
		survey_cols(t, &c0);
	for (i = 0; i < b->n; i++) {
		struct group *g = &b->g[i];
		size_t row = table_row(t);
		const char *v = g->labels[0];

		/* "0 under 1 year": the digit only keeps the bands in order */
		table_set_text(t, row, 0, kind == B_SENIORITY && v[0] != '-' ?
		    v + 2 : v);
		if (qa)
			qa_cells(t, row, c0, g);
		else
			survey_cells(t, row, c0, g);
	}
	if (!qa && kind == B_AGENT && b->n > 0) {
		t->chart.type = CH_BARS;
		t->chart.x = 0;
		t->chart.y[0] = c0 + 2;
		t->chart.y[1] = c0 + 3;
		t->chart.ny = 2;
		t->chart.title = strdup("CSAT 4-5 (%) and NPS by agent");
	}
}

static const int cols[NBREAK] = { D_AGENT, D_QUEUE, D_CHANNEL, D_PRODUCT,
	D_REASON, -1, -1 };

void
sc_sat_init(struct scorecard *sc)
{
	int k;

	agg_init(&sc->sat, sc_nlabels(sc->q), NS, NULL);
	for (k = 0; k < B_TEAM; k++)
		agg_init(&sc->sat_by[k], 1, NS, NULL);
}

/* A case resolved in the period: what surveys answer to. */
void
sc_sat_resolved_row(struct scorecard *sc, sqlite3_stmt *st, int64_t resolved)
{
	int k;

	group_of(&sc->sat, sc->q, st, resolved)->m[S_RESOLVED].n++;
	for (k = 0; k < B_TEAM; k++)
		break_group(&sc->sat_by[k], sc_text(st, cols[k], "-"))->
		    m[S_RESOLVED].n++;
}

static void
surveys_and_qa(struct scorecard *sc)
{
	const struct query *q = sc->q;
	struct agg *a = &sc->sat, *sb = sc->sat_by, qb[NBREAK];
	sqlite3_stmt *st;
	struct table *t;
	size_t i;
	int k, nl, c0, c1;

	for (k = 0; k < NBREAK; k++)
		agg_init(&qb[k], 1, NS, NULL);
	st = sc_query(sc->db, q, "SELECT " SC_DIMS ", at, csat, nps FROM "
	    "report_surveys WHERE at >= ?1 AND at < ?2");
	while (db_step(sc->db, st) == SQLITE_ROW) {
		const char *labels[NDIMS + 2];
		char pbuf[32];

		sc_labels(q, st, sql_time(st, C_TIME), labels, pbuf,
		    sizeof(pbuf));
		survey_add(agg_group(a, labels), st, C_TIME + 1);
		for (k = 0; k < B_TEAM; k++)
			survey_add(break_group(&sb[k], sc_text(st, cols[k],
			    "-")), st, C_TIME + 1);
		sc_coach_survey(sc, sc_text(st, D_AGENT, NULL),
		    sqlite3_column_type(st, C_TIME + 1) == SQLITE_NULL ? -1 :
		    sqlite3_column_int(st, C_TIME + 1),
		    sqlite3_column_type(st, C_TIME + 2) == SQLITE_NULL ? -1 :
		    sqlite3_column_int(st, C_TIME + 2));
	}
	sc_done(st);
	st = sc_query(sc->db, q, "SELECT " SC_DIMS ", at, score, team, "
	    "seniority_years FROM report_qa WHERE at >= ?1 AND at < ?2 AND "
	    "score IS NOT NULL");
	while (db_step(sc->db, st) == SQLITE_ROW) {
		const char *labels[NDIMS + 2];
		char pbuf[32];
		double score = sqlite3_column_double(st, C_TIME + 1);

		sc_labels(q, st, sql_time(st, C_TIME), labels, pbuf,
		    sizeof(pbuf));
		qa_add(sc->rc, agg_group(a, labels), score);
		qa_add(sc->rc, break_group(&qb[B_AGENT], sc_text(st, D_AGENT,
		    "-")), score);
		qa_add(sc->rc, break_group(&qb[B_PRODUCT], sc_text(st,
		    D_PRODUCT, "-")), score);
		qa_add(sc->rc, break_group(&qb[B_TEAM], sc_text(st,
		    C_TIME + 2, "-")), score);
		qa_add(sc->rc, break_group(&qb[B_SENIORITY], seniority_band(st,
		    C_TIME + 3)), score);
		sc_coach_qa(sc, sc_text(st, D_AGENT, NULL), score);
	}
	sc_done(st);
	agg_sort(a);

	t = table_new(sc->r, "satisfaction", "Satisfaction and quality");
	nl = sc_label_cols(t, q);
	survey_cols(t, &c0);
	qa_cols(t, &c1);
	table_note(t, "CSAT: mean of 1-5 answers and %% answering 4 or 5; "
	    "NPS: %% 9-10 less %% 0-6; response: surveys per case resolved "
	    "in the period; QA compliant: reviews scoring %g or more.",
	    sc->rc->qa_pass);
	for (i = 0; i < a->n; i++) {
		size_t row = sc_row(t, &a->g[i], nl);

		survey_cells(t, row, c0, &a->g[i]);
		qa_cells(t, row, c1, &a->g[i]);
	}
	for (k = 0; k < B_TEAM; k++)
		break_table(sc, &sb[k], k, 0);
	break_table(sc, &qb[B_AGENT], B_AGENT, 1);
	break_table(sc, &qb[B_SENIORITY], B_SENIORITY, 1);
	break_table(sc, &qb[B_TEAM], B_TEAM, 1);
	break_table(sc, &qb[B_PRODUCT], B_PRODUCT, 1);
	agg_free(a);
	for (k = 0; k < B_TEAM; k++)
		agg_free(&sb[k]);
	for (k = 0; k < NBREAK; k++)
		agg_free(&qb[k]);
}

/*
 * Occupancy: time handling cases (work records) over time staffed
 * (shifts, cut to the period), by agent.
 */
static void
occupancy(struct scorecard *sc)
{
	struct query q = *sc->q;
	struct agg a;
	sqlite3_stmt *st;
	struct table *t;
	size_t i;
	int nl, c0;

	q.nby = 1;
	q.by[0] = D_AGENT;
	agg_init(&a, sc_nlabels(&q), 2, NULL);
	st = sc_query(sc->db, &q, "SELECT NULL, agent, NULL, NULL, NULL, "
	    "NULL, NULL, at, seconds FROM report_work "
	    "WHERE at >= ?1 AND at < ?2");
	while (db_step(sc->db, st) == SQLITE_ROW) {
		const char *labels[3];
		char pbuf[32];

		sc_labels(&q, st, sql_time(st, C_TIME), labels, pbuf,
		    sizeof(pbuf));
		series_add(&agg_group(&a, labels)->m[0],
		    sqlite3_column_double(st, C_TIME + 1));
	}
	sc_done(st);
	st = sc_query(sc->db, &q, "SELECT NULL, agent, NULL, NULL, NULL, "
	    "NULL, NULL, start, end FROM report_shifts "
	    "WHERE end > ?1 AND start < ?2");
	while (db_step(sc->db, st) == SQLITE_ROW) {
		const char *labels[3];
		char pbuf[32];
		int64_t s = sql_time(st, C_TIME), e = sql_time(st, C_TIME + 1);

		/* Only the part of the shift inside the period. */
		if (q.since != INT64_MIN && s < q.since)
			s = q.since;
		if (e > q.until)
			e = q.until;
		if (e <= s)
			continue;
		sc_labels(&q, st, s, labels, pbuf, sizeof(pbuf));
		series_add(&agg_group(&a, labels)->m[1], (double)(e - s));
	}
	sc_done(st);
	agg_sort(&a);
	t = table_new(sc->r, "occupancy", "Traffic: occupancy");
	nl = sc_label_cols(t, &q);
	c0 = table_col(t, "handled_s", "Handled", K_SECS);
	table_col(t, "staffed_s", "Staffed", K_SECS);
	table_col(t, "occupancy_pct", "Occupancy", K_PCT);
	table_note(t, "Handling time (work records) over staffed time "
	    "(shifts, cut to the period).");
	for (i = 0; i < a.n; i++) {
		struct group *g = &a.g[i];
		size_t row = sc_row(t, g, nl);

		table_set_num(t, row, c0, g->m[0].sum);
		table_set_num(t, row, c0 + 1, g->m[1].n > 0 ? g->m[1].sum :
		    NAN);
		table_set_num(t, row, c0 + 2, g->m[1].sum > 0 ? 100.0 *
		    g->m[0].sum / g->m[1].sum : NAN);
	}
	agg_free(&a);
}

/* Where problems are: by the author's stated location, and by the
 * place the message was sent from. */
enum { W_IN, W_COMPLAINT, W_NEGATIVE, NW };

#define WHERE_ROWS	25	/* places shown: those with most complaints */

static int
by_complaints(const void *x, const void *y)
{
	const struct group *a = *(const struct group *const *)x;
	const struct group *b = *(const struct group *const *)y;

	if (a->m[W_COMPLAINT].hits != b->m[W_COMPLAINT].hits)
		return a->m[W_COMPLAINT].hits < b->m[W_COMPLAINT].hits ? 1 : -1;
	if (a->m[W_IN].n != b->m[W_IN].n)
		return a->m[W_IN].n < b->m[W_IN].n ? 1 : -1;
	return strcmp(a->labels[0], b->labels[0]);
}

static void
where_table(struct scorecard *sc, struct agg *a, struct agg *top,
    const char *id, const char *key, const char *label)
{
	struct group **order;
	struct table *t;
	size_t i, j, n;
	int c0;

	agg_sort(a);
	agg_sort(top);
	/* The most common reason of each place: top holds (place, reason)
	 * pairs in the same order as a, so one walk finds them all; kept
	 * in the place's spare sum. */
	for (i = j = 0; i < a->n; i++) {
		struct group *g = &a->g[i];

		g->m[W_IN].sum = -1;
		for (; j < top->n && strcmp(top->g[j].labels[0],
		    g->labels[0]) < 0; j++)
			;
		for (; j < top->n && strcmp(top->g[j].labels[0],
		    g->labels[0]) == 0; j++)
			if (g->m[W_IN].sum < 0 || top->g[j].m[0].n >
			    top->g[(size_t)g->m[W_IN].sum].m[0].n)
				g->m[W_IN].sum = (double)j;
	}
	if ((order = calloc(a->n + 1, sizeof(*order))) == NULL)
		abort();
	for (i = 0; i < a->n; i++)
		order[i] = &a->g[i];
	qsort(order, a->n, sizeof(*order), by_complaints);
	n = a->n < WHERE_ROWS ? a->n : WHERE_ROWS;

	t = table_new(sc->r, id, strcmp(key, "location") == 0 ?
	    "Where: by the author's location" :
	    "Where: by the place messages came from");
	table_col(t, key, label, K_TEXT);
	c0 = table_col(t, "messages", "Messages", K_COUNT);
	table_col(t, "complaints", "Complaints", K_COUNT);
	table_col(t, "complaint_pct", "Complaint", K_PCT);
	table_col(t, "negative_pct", "Negative", K_PCT);
	table_col(t, "top_reason", "Top reason", K_TEXT);
	if (a->n > n)
		table_note(t, "The %zu with most complaints of %zu.", n, a->n);
	for (i = 0; i < n; i++) {
		struct group *g = order[i];
		size_t row = table_row(t);

		table_set_text(t, row, 0, g->labels[0]);
		table_set_num(t, row, c0, (double)g->m[W_IN].n);
		table_set_num(t, row, c0 + 1, g->m[W_COMPLAINT].hits);
		table_set_num(t, row, c0 + 2, series_pct(&g->m[W_COMPLAINT]));
		table_set_num(t, row, c0 + 3, series_pct(&g->m[W_NEGATIVE]));
		if (g->m[W_IN].sum >= 0)
			table_set_text(t, row, c0 + 4,
			    top->g[(size_t)g->m[W_IN].sum].labels[1]);
	}
	free(order);
}

void
sc_where_init(struct scorecard *sc)
{
	agg_init(&sc->loc, 1, NW, NULL);
	agg_init(&sc->place, 1, NW, NULL);
	agg_init(&sc->loc_top, 2, 1, NULL);
	agg_init(&sc->place_top, 2, 1, NULL);
}

/* An inbound message not filtered, from the messages pass. */
void
sc_where_row(struct scorecard *sc, sqlite3_stmt *st, int negative)
{
	const char *reason = sc_text(st, D_REASON, "-");
	int complaint = strcmp(reason, "complaint") == 0;
	const char *v[2];
	struct group *g;
	int k;

	for (k = 0; k < 2; k++) {
		if ((v[0] = sc_text(st, k == 0 ? D_LOCATION : D_PLACE,
		    NULL)) == NULL)
			continue;
		v[1] = reason;
		g = agg_group(k == 0 ? &sc->loc : &sc->place, v);
		g->m[W_IN].n++;
		series_rate(&g->m[W_COMPLAINT], complaint);
		series_rate(&g->m[W_NEGATIVE], negative);
		agg_group(k == 0 ? &sc->loc_top : &sc->place_top, v)->m[0].n++;
	}
}

static void
where(struct scorecard *sc)
{
	where_table(sc, &sc->loc, &sc->loc_top, "where_location", "location",
	    "Location");
	where_table(sc, &sc->place, &sc->place_top, "where_place", "place",
	    "Place");
	agg_free(&sc->loc);
	agg_free(&sc->place);
	agg_free(&sc->loc_top);
	agg_free(&sc->place_top);
}

void
sc_satisfaction(struct scorecard *sc)
{
	surveys_and_qa(sc);
	occupancy(sc);
}

void
sc_where(struct scorecard *sc)
{
	where(sc);
}
