/* coaching.c - each agent's figures against their targets */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scorecard.h"

enum { K_FRT, K_SL, K_RESOLVED, K_FCR, K_AHT, K_CSAT, K_NPS_PRO, K_NPS_DET,
	K_QA, NK };
static const int keep[NK] = { 1, 0, 0, 0, 0, 0, 0, 0, 0 };

void
sc_coach_init(struct scorecard *sc)
{
	agg_init(&sc->coach, 1, NK, keep);
}

void
sc_coach_free(struct scorecard *sc)
{
	agg_free(&sc->coach);
}

static struct group *
agent(struct scorecard *sc, const char *id)
{
	const char *labels[1] = { id };

	return agg_group(&sc->coach, labels);
}

void
sc_coach_opening(struct scorecard *sc, const char *id, double frt_biz,
    int sl_met)
{
	struct group *g;

	if (id == NULL)
		return;
	g = agent(sc, id);
	if (!isnan(frt_biz))
		series_add(&g->m[K_FRT], frt_biz);
	series_rate(&g->m[K_SL], sl_met);
}

void
sc_coach_resolved(struct scorecard *sc, const char *id, int fcr, double aht)
{
	struct group *g;

	if (id == NULL)
		return;
	g = agent(sc, id);
	g->m[K_RESOLVED].n++;
	if (fcr >= 0)
		series_rate(&g->m[K_FCR], fcr);
	if (!isnan(aht))
		series_add(&g->m[K_AHT], aht);
}

void
sc_coach_survey(struct scorecard *sc, const char *id, int csat, int nps)
{
	struct group *g;

	if (id == NULL)
		return;
	g = agent(sc, id);
	if (csat >= 0)
		series_add(&g->m[K_CSAT], csat);
	if (nps >= 0) {
		series_rate(&g->m[K_NPS_PRO], nps >= 9);
		series_rate(&g->m[K_NPS_DET], nps <= 6);
	}
}

void
sc_coach_qa(struct scorecard *sc, const char *id, double score)
{
	if (id != NULL)
		series_add(&agent(sc, id)->m[K_QA], score);
}

static const struct targets *
find(const struct targets *v, size_t n, const char *who)
{
	size_t i;

	if (who == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		if (strcmp(v[i].who, who) == 0)
			return &v[i];
	return NULL;
}

/* The agent's own target, else the team's, else the default. */
static double
target(const struct targets *const *t, size_t off)
{
	int i;

	for (i = 0; i < 3; i++)
		if (t[i] != NULL && !isnan(*(const double *)(const void *)
		    ((const char *)t[i] + off)))
			return *(const double *)(const void *)
			    ((const char *)t[i] + off);
	return NAN;
}

/* Say which figures miss their target, and by how much. */
static void
below(char *buf, size_t bufsz, const char *name, double v, double goal,
    int higher_better, enum colkind kind)
{
	size_t len = strlen(buf);
	char a[32], b[32];

	if (isnan(v) || isnan(goal) || (higher_better ? v >= goal :
	    v <= goal))
		return;
	snprintf(buf + len, bufsz - len, "%s%s %s %s %s", len ? ", " : "",
	    name, value_text(kind, v, a, sizeof(a)), higher_better ? "<" :
	    ">", value_text(kind, goal, b, sizeof(b)));
}

void
sc_coach_table(struct scorecard *sc)
{
	const struct repconf *rc = sc->rc;
	struct table *t;
	size_t i;

	agg_sort(&sc->coach);
	t = table_new(sc->r, "coaching", "Coaching: each agent against "
	    "target");
	table_col(t, "agent", "Agent", K_TEXT);
	table_col(t, "team", "Team", K_TEXT);
	table_col(t, "frt_median_s", "FRT med bh", K_SECS);
	table_col(t, "sl_pct", "SL", K_PCT);
	table_col(t, "resolved", "Resolved", K_COUNT);
	table_col(t, "fcr_pct", "FCR", K_PCT);
	table_col(t, "aht_mean_s", "AHT", K_SECS);
	table_col(t, "csat_mean", "CSAT", K_NUM);
	table_col(t, "nps", "NPS", K_NUM);
	table_col(t, "qa_mean", "QA", K_NUM);
	table_col(t, "below_target", "Below target", K_TEXT);
	table_note(t, "Targets (report.yaml targets:): the agent's own, else "
	    "the team's, else the default.  FRT in business hours.");
	for (i = 0; i < sc->coach.n; i++) {
		struct group *g = &sc->coach.g[i];
		const char *id = g->labels[0], *team = NULL;
		const struct targets *tg[3];
		double frt = series_median(&g->m[K_FRT]);
		double sl = series_pct(&g->m[K_SL]);
		double fcr = series_pct(&g->m[K_FCR]);
		double aht = series_mean(&g->m[K_AHT]);
		double csat = series_mean(&g->m[K_CSAT]);
		double nps = series_pct(&g->m[K_NPS_PRO]) -
		    series_pct(&g->m[K_NPS_DET]);
		double qa = series_mean(&g->m[K_QA]);
		char why[512] = "";
		size_t row;
		long k;

		if (rc->agents_file != NULL && (k = agents_find(
		    rc->agents_file, id)) >= 0)
			team = rc->agents_file->v[k].group;
		tg[0] = find(rc->agent_targets, rc->nagent_targets, id);
		tg[1] = find(rc->team_targets, rc->nteam_targets, team);
		tg[2] = find(rc->team_targets, rc->nteam_targets, "");
		below(why, sizeof(why), "FRT", frt, target(tg,
		    offsetof(struct targets, frt_s)), 0, K_SECS);
		below(why, sizeof(why), "SL", sl, target(tg,
		    offsetof(struct targets, sl_pct)), 1, K_PCT);
		below(why, sizeof(why), "FCR", fcr, target(tg,
		    offsetof(struct targets, fcr_pct)), 1, K_PCT);
		below(why, sizeof(why), "AHT", aht, target(tg,
		    offsetof(struct targets, aht_s)), 0, K_SECS);
		below(why, sizeof(why), "CSAT", csat, target(tg,
		    offsetof(struct targets, csat)), 1, K_NUM);
		below(why, sizeof(why), "NPS", nps, target(tg,
		    offsetof(struct targets, nps)), 1, K_NUM);
		below(why, sizeof(why), "QA", qa, target(tg,
		    offsetof(struct targets, qa_pct)), 1, K_NUM);

		row = table_row(t);
		table_set_text(t, row, 0, id);
		table_set_text(t, row, 1, team);
		table_set_num(t, row, 2, frt);
		table_set_num(t, row, 3, sl);
		table_set_num(t, row, 4, (double)g->m[K_RESOLVED].n);
		table_set_num(t, row, 5, fcr);
		table_set_num(t, row, 6, aht);
		table_set_num(t, row, 7, csat);
		table_set_num(t, row, 8, nps);
		table_set_num(t, row, 9, qa);
		table_set_text(t, row, 10, why[0] ? why : "-");
	}
}
