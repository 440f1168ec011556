/* management.c - complaints and their change, reasons, filtered */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "scorecard.h"
#include "tstamp.h"

#define C_TIME	NDIMS

/*
 * Complaints: cases opened about a complaint, against the period
 * before.  With --period, each period against the one before it; else
 * the whole range against as long a range just before it (n/a when the
 * range has no start).
 */
int64_t
sc_complaints_init(struct scorecard *sc)
{
	const struct query *q = sc->q;

	agg_init(&sc->compl, sc_nlabels(q), 2, NULL);
	sc->compl_since = q->since;
	if (q->period == P_NONE && q->since != INT64_MIN)
		sc->compl_since = q->since - (q->until - q->since);
	return sc->compl_since;
}

/* A case opened in the period or the range before it. */
void
sc_complaints_row(struct scorecard *sc, sqlite3_stmt *st, int64_t opened)
{
	const char *labels[NDIMS + 2];
	char pbuf[32];

	if (strcmp(sc_text(st, D_REASON, ""), "complaint") != 0)
		return;
	sc_labels(sc->q, st, opened, labels, pbuf, sizeof(pbuf));
	agg_group(&sc->compl, labels)->m[opened >= sc->q->since ? 0 : 1].n++;
}

static void
complaints(struct scorecard *sc)
{
	const struct query *q = sc->q;
	struct agg *a = &sc->compl;
	struct table *t;
	size_t i;
	int nl, c0, has_prev = q->since != INT64_MIN;

	agg_sort(a);

	t = table_new(sc->r, "complaints", "Management: complaints and "
	    "their change");
	nl = sc_label_cols(t, q);
	c0 = table_col(t, "complaints", "Complaints", K_COUNT);
	table_col(t, "before", "Before", K_COUNT);
	table_col(t, "change_pct", "Change", K_SIGNED);
	table_note(t, "Cases opened about a complaint; before: %s.",
	    q->period != P_NONE ? "the period before" : has_prev ?
	    "as long a range just before --since" : "n/a without --since");
	for (i = 0; i < a->n; i++) {
		struct group *g = &a->g[i];
		double now = (double)g->m[0].n, before = NAN;
		size_t row;

		if (q->period != P_NONE) {
			/* The same group in the previous period. */
			const char *labels[NDIMS + 2];
			char pbuf[32];
			struct group *p;
			int j;

			for (j = 0; j < nl; j++)
				labels[j] = g->labels[j];
			labels[nl - 1] = period_before(q, g->labels[nl - 1],
			    pbuf, sizeof(pbuf));
			p = agg_find(a, labels);
			before = p != NULL ? (double)p->m[0].n : 0;
		} else if (has_prev)
			before = (double)g->m[1].n;
		row = sc_row(t, g, nl);
		table_set_num(t, row, c0, now);
		table_set_num(t, row, c0 + 1, before);
		table_set_num(t, row, c0 + 2, before > 0 ?
		    100.0 * (now - before) / before : NAN);
	}
	agg_free(a);
}

/* Cases opened by reason and subreason, and their share of the group. */
void
sc_reasons_init(struct scorecard *sc)
{
	int nl = sc_nlabels(sc->q);

	agg_init(&sc->reas, nl + 2, 1, NULL);
	agg_init(&sc->reas_tot, nl, 1, NULL);
}

void
sc_reasons_row(struct scorecard *sc, sqlite3_stmt *st, int64_t opened)
{
	const char *labels[NDIMS + 4];
	char pbuf[32];
	int nl = sc_labels(sc->q, st, opened, labels, pbuf, sizeof(pbuf));

	agg_group(&sc->reas_tot, labels)->m[0].n++;
	labels[nl] = sc_text(st, D_REASON, "-");
	labels[nl + 1] = sc_text(st, CC_SUBREASON, "-");
	agg_group(&sc->reas, labels)->m[0].n++;
}

static void
reasons(struct scorecard *sc)
{
	const struct query *q = sc->q;
	struct agg *a = &sc->reas, *tot = &sc->reas_tot;
	struct table *t;
	size_t i;
	int nl = sc_nlabels(q), c0;

	agg_sort(a);
	t = table_new(sc->r, "reasons", "Management: reasons for contact");
	sc_label_cols(t, q);
	table_col(t, "reason", "Reason", K_TEXT);
	table_col(t, "subreason", "Subreason", K_TEXT);
	c0 = table_col(t, "cases", "Cases", K_COUNT);
	table_col(t, "share_pct", "Share", K_PCT);
	table_note(t, "Cases opened in the period by the reason they were "
	    "classified with.");
	for (i = 0; i < a->n; i++) {
		struct group *g = &a->g[i], *all = agg_find(tot,
		    (const char *const *)g->labels);
		size_t row = sc_row(t, g, nl + 2);

		table_set_num(t, row, c0, (double)g->m[0].n);
		table_set_num(t, row, c0 + 1, all != NULL && all->m[0].n > 0 ?
		    100.0 * (double)g->m[0].n / (double)all->m[0].n : NAN);
	}
	if (nl == 0 && a->n > 0) {
		t->chart.type = CH_BARS;
		t->chart.x = 0;
		t->chart.y[0] = c0;
		t->chart.ny = 1;
		t->chart.title = strdup("Cases by reason");
	}
	agg_free(a);
	agg_free(tot);
}

/* Inbound messages counted but never put before an agent, by kind:
 * fed by the messages pass (sc_filtered_row). */
void
sc_filtered_init(struct scorecard *sc)
{
	int nl = sc_nlabels(sc->q);

	agg_init(&sc->filt, nl + 1, 1, NULL);
	agg_init(&sc->filt_tot, nl, 1, NULL);
}

void
sc_filtered_row(struct scorecard *sc, sqlite3_stmt *st, const char **labels,
    int nl, const char *filter)
{
	agg_group(&sc->filt_tot, labels)->m[0].n++;
	if (filter == NULL)
		return;
	labels[nl] = filter;
	agg_group(&sc->filt, labels)->m[0].n++;
}

static void
filtered(struct scorecard *sc)
{
	const struct query *q = sc->q;
	struct agg *a = &sc->filt, *tot = &sc->filt_tot;
	struct table *t;
	size_t i;
	int nl = sc_nlabels(q), c0;

	agg_sort(a);
	t = table_new(sc->r, "filtered", "Management: filtered messages by "
	    "kind");
	sc_label_cols(t, q);
	table_col(t, "filter", "Filter", K_TEXT);
	c0 = table_col(t, "messages", "Messages", K_COUNT);
	table_col(t, "share_pct", "Of inbound", K_PCT);
	table_note(t, "Stored and counted, never put before an agent: "
	    "one-word, repeated, campaign replies, spam, automatic replies, "
	    "reposts.");
	for (i = 0; i < a->n; i++) {
		struct group *g = &a->g[i], *all = agg_find(tot,
		    (const char *const *)g->labels);
		size_t row = sc_row(t, g, nl + 1);

		table_set_num(t, row, c0, (double)g->m[0].n);
		table_set_num(t, row, c0 + 1, all != NULL && all->m[0].n > 0 ?
		    100.0 * (double)g->m[0].n / (double)all->m[0].n : NAN);
	}
	agg_free(a);
	agg_free(tot);
}

void
sc_management(struct scorecard *sc)
{
	complaints(sc);
	reasons(sc);
}

void
sc_filtered(struct scorecard *sc)
{
	filtered(sc);
}
