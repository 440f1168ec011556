/* alerts.c - `scs-report alerts`: what needs a human now
 *
 * Four kinds of alert, each a row of the "alerts" table that says why it
 * fired:
 *
 *   spike       the inbound messages of one reason, tag, channel, brand
 *               term or queue in the last window (default 1h, ending at
 *               --now) against the same window at the same local time of
 *               day on each of the past days (baseline.step 1d,
 *               baseline.samples 14): their mean and spread.  It fires
 *               at max(min_count, ratio x mean, mean + z x spread), the
 *               spread never taken below sqrt(mean) (counting noise) nor
 *               below 1, so a quiet baseline cannot make noise a spike.
 *               Past windows that start before the first stored message
 *               are not used; with fewer than baseline.min_samples left,
 *               spikes are not checked (a new database has no usual yet).
 *   negative    the share of negative inbound messages in the window
 *               (crisis early warning): at least negative.min_messages
 *               messages, a share of negative.share or more, and
 *               negative.rise over the share of the baseline windows.
 *   sla_breach  unanswered open or waiting cases past their due time,
 *   sla_soon    and those due within sla.breach_soon: a row per queue
 *               with the count and the first sla.max_cases ids.
 *
 * run() returns 1 when a row fired, 0 when calm, so cron can mail it.
 * Every query is prepared with bound RFC 3339 times and reads only the
 * window and the baseline windows through the messages_time index, and
 * the overdue cases through cases_due.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "db.h"
#include "diag.h"
#include "report.h"
#include "tstamp.h"

/* What spikes are counted by. */
enum watch { W_REASON, W_TAG, W_CHANNEL, W_BRAND, W_QUEUE, NWATCH };

static const char *const watch_names[NWATCH] = {
	"reason", "tag", "channel", "brand", "queue"
};

/* The count of inbound messages per value in [?1, ?2); ?3 = 1 counts
 * filtered ones too.  Fixed texts, chosen by the dimension. */
#define INBOUND	"m.created_at >= ?1 AND m.created_at < ?2 AND " \
		"m.direction = 'in' AND (?3 OR m.filter IS NULL)"
static const char *const watch_sql[NWATCH] = {
	[W_REASON] = "SELECT m.reason, count(*) FROM messages m WHERE "
	    INBOUND " AND m.reason IS NOT NULL GROUP BY 1 ORDER BY 1",
	/* A message counts once under each of its tags, whether the
	 * classifier (class.tags) or the router (route.topics) gave it. */
	[W_TAG] = "SELECT v, count(*) FROM ("
	    "SELECT m.id, t.value AS v FROM messages m, "
	    "json_each(m.record, '$.class.tags') t WHERE " INBOUND
	    " AND t.type = 'text' UNION "
	    "SELECT m.id, t.value FROM messages m, "
	    "json_each(m.record, '$.route.topics') t WHERE " INBOUND
	    " AND t.type = 'text') GROUP BY 1 ORDER BY 1",
	[W_CHANNEL] = "SELECT m.channel, count(*) FROM messages m WHERE "
	    INBOUND " AND m.channel IS NOT NULL GROUP BY 1 ORDER BY 1",
	/* The brand or product term found, however it was spelled. */
	[W_BRAND] = "SELECT m.product, count(*) FROM messages m WHERE "
	    INBOUND " AND m.product IS NOT NULL GROUP BY 1 ORDER BY 1",
	[W_QUEUE] = "SELECT m.queue, count(*) FROM messages m WHERE "
	    INBOUND " AND m.queue IS NOT NULL GROUP BY 1 ORDER BY 1",
};

static const char negative_sql[] =
    "SELECT count(*), coalesce(sum(m.polarity = 'negative'), 0) "
    "FROM messages m WHERE " INBOUND;

/* Unanswered cases due by ?2 (now + breach_soon), past due first (due
 * at or before ?1, now), then by queue and due time.  Through the
 * overdue index (those due by then), not the queue's (all open ones),
 * which the planner would take for its status. */
static const char sla_sql[] =
    "SELECT id, coalesce(queue, ''), due_at, due_at > ?1 FROM cases "
    "INDEXED BY cases_due "
    "WHERE due_at IS NOT NULL AND status IN ('open', 'waiting') AND "
    "merged_into IS NULL AND due_at <= ?2 AND opened_at <= ?1 AND "
    "(first_reply_at IS NULL OR first_reply_at > ?1) "
    "ORDER BY due_at > ?1, coalesce(queue, ''), due_at, id";

struct alertconf {
	int64_t		 window_s;
	int64_t		 step_s;	/* between baseline windows */
	long		 samples, min_samples;
	int		 filtered;	/* count filtered messages too */
	int		 spike_on;
	enum watch	 by[NWATCH];
	int		 nby;
	long		 min_count;
	double		 ratio, z;
	int		 negative_on;
	double		 neg_share, neg_rise;
	long		 neg_min;
	int		 sla_on;
	int64_t		 soon_s;
	long		 max_cases;
};

/* --window and --watch, applied over the rules in run(). */
static int64_t	 opt_window = -1;
static struct {
	enum watch	 by[NWATCH];
	int		 nby, set;
} opt_watch;

/* ---- rules/report.yaml alerts: ---------------------------------------- */

#define cnumber(rc, v, what, lo, hi) \
	config_number(rc, v, "alerts", what, lo, hi)
#define cinteger(rc, v, what, lo, hi) \
	config_integer(rc, v, "alerts", what, lo, hi)
#define cduration(rc, v, what, lo) \
	config_duration(rc, v, "alerts", what, lo)
#define cboolean(rc, v, what) \
	config_bool(rc, v, "alerts", what)

/* A section is a mapping, or false to turn its alerts off. */
static int
csection(struct repconf *rc, json_t *v, const char *what, const char *keys)
{
	if (json_is_false(v))
		return 0;
	if (!json_is_object(v))
		config_error(rc, v, "alerts.%s: expected a mapping (%s) or "
		    "false", what, keys);
	return 1;
}

static int
watch_of(const char *s)
{
	int i;

	for (i = 0; i < NWATCH; i++)
		if (strcmp(s, watch_names[i]) == 0)
			return i;
	return -1;
}

static void
spike_by(struct repconf *rc, struct alertconf *a, json_t *v)
{
	size_t i;
	json_t *e;
	int w, j;

	if (!json_is_array(v))
		config_error(rc, v, "alerts.spike.by: expected a list of "
		    "reason, tag, channel, brand, queue");
	a->nby = 0;
	json_array_foreach(v, i, e) {
		if (!json_is_string(e) || (w = watch_of(json_string_value(e)))
		    == -1)
			config_error(rc, e, "alerts.spike.by: expected reason, "
			    "tag, channel, brand or queue");
		for (j = 0; j < a->nby; j++)
			if (a->by[j] == (enum watch)w)
				config_error(rc, e, "alerts.spike.by: \"%s\" "
				    "twice", watch_names[w]);
		a->by[a->nby++] = (enum watch)w;
	}
}

void
alerts_config(struct repconf *rc, json_t *section)
{
	struct alertconf *a;
	json_t *v, *x, *window = NULL, *minsamples = NULL;
	const char *key, *k;

	if ((a = calloc(1, sizeof(*a))) == NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");
	rc->alerts = a;
	a->window_s = 3600;
	a->step_s = 86400;
	a->samples = 14;
	a->min_samples = 3;
	a->spike_on = 1;
	a->by[0] = W_REASON;
	a->by[1] = W_TAG;
	a->by[2] = W_CHANNEL;
	a->by[3] = W_BRAND;
	a->nby = 4;
	a->min_count = 10;
	a->ratio = 2.0;
	a->z = 3.0;
	a->negative_on = 1;
	a->neg_share = 0.4;
	a->neg_rise = 0.15;
	a->neg_min = 20;
	a->sla_on = 1;
	a->soon_s = 15 * 60;
	a->max_cases = 10;
	if (section == NULL)
		return;
	if (!json_is_object(section))
		config_error(rc, section, "alerts: expected a mapping (window:, "
		    "baseline:, filtered:, spike:, negative:, sla:)");
	json_object_foreach(section, key, v) {
		if (strcmp(key, "window") == 0) {
			a->window_s = cduration(rc, v, "window", 60);
			window = v;
		} else if (strcmp(key, "filtered") == 0)
			a->filtered = cboolean(rc, v, "filtered");
		else if (strcmp(key, "baseline") == 0) {
			if (!json_is_object(v))
				config_error(rc, v, "alerts.baseline: expected "
				    "a mapping (step:, samples:, "
				    "min_samples:)");
			json_object_foreach(v, k, x) {
				if (strcmp(k, "step") == 0)
					a->step_s = cduration(rc, x,
					    "baseline.step", 60);
				else if (strcmp(k, "samples") == 0)
					a->samples = cinteger(rc, x,
					    "baseline.samples", 1, 366);
				else if (strcmp(k, "min_samples") == 0) {
					a->min_samples = cinteger(rc, x,
					    "baseline.min_samples", 1, 366);
					minsamples = x;
				} else
					config_error(rc, x, "alerts.baseline: "
					    "unknown key \"%s\" (expected step, "
					    "samples, min_samples)", k);
			}
		} else if (strcmp(key, "spike") == 0) {
			if (!(a->spike_on = csection(rc, v, "spike", "by:, "
			    "min_count:, ratio:, z:")))
				continue;
			json_object_foreach(v, k, x) {
				if (strcmp(k, "by") == 0)
					spike_by(rc, a, x);
				else if (strcmp(k, "min_count") == 0)
					a->min_count = cinteger(rc, x,
					    "spike.min_count", 1, 100000000);
				else if (strcmp(k, "ratio") == 0)
					a->ratio = cnumber(rc, x,
					    "spike.ratio", 1, 1000);
				else if (strcmp(k, "z") == 0)
					a->z = cnumber(rc, x, "spike.z", 0,
					    100);
				else
					config_error(rc, x, "alerts.spike: "
					    "unknown key \"%s\" (expected by, "
					    "min_count, ratio, z)", k);
			}
		} else if (strcmp(key, "negative") == 0) {
			if (!(a->negative_on = csection(rc, v, "negative",
			    "share:, rise:, min_messages:")))
				continue;
			json_object_foreach(v, k, x) {
				if (strcmp(k, "share") == 0)
					a->neg_share = cnumber(rc, x,
					    "negative.share", 0, 1);
				else if (strcmp(k, "rise") == 0)
					a->neg_rise = cnumber(rc, x,
					    "negative.rise", 0, 1);
				else if (strcmp(k, "min_messages") == 0)
					a->neg_min = cinteger(rc, x,
					    "negative.min_messages", 1,
					    100000000);
				else
					config_error(rc, x, "alerts.negative: "
					    "unknown key \"%s\" (expected share, "
					    "rise, min_messages)", k);
			}
		} else if (strcmp(key, "sla") == 0) {
			if (!(a->sla_on = csection(rc, v, "sla", "breach_soon:, "
			    "max_cases:")))
				continue;
			json_object_foreach(v, k, x) {
				if (strcmp(k, "breach_soon") == 0)
					a->soon_s = cduration(rc, x,
					    "sla.breach_soon", 0);
				else if (strcmp(k, "max_cases") == 0)
					a->max_cases = cinteger(rc, x,
					    "sla.max_cases", 1, 1000);
				else
					config_error(rc, x, "alerts.sla: "
					    "unknown key \"%s\" (expected "
					    "breach_soon, max_cases)", k);
			}
		} else
			config_error(rc, v, "alerts: unknown key \"%s\" "
			    "(expected window, baseline, filtered, spike, "
			    "negative, sla)", key);
	}
	/* Baseline windows must not overlap each other or the window. */
	if (a->window_s > a->step_s)
		config_error(rc, window != NULL ? window : section, "alerts: "
		    "window: longer than baseline.step");
	if (a->min_samples > a->samples)
		config_error(rc, minsamples, "alerts: baseline.min_samples: "
		    "more than baseline.samples (%ld)", a->samples);
}

void
alerts_config_free(struct repconf *rc)
{
	free(rc->alerts);
	rc->alerts = NULL;
}

/* ---- options ---------------------------------------------------------- */

enum { OPT_WINDOW = 0x2000, OPT_WATCH };

static const struct option options[] = {
	{ "window",	required_argument,	NULL, OPT_WINDOW },
	{ "watch",	required_argument,	NULL, OPT_WATCH },
	{ NULL, 0, NULL, 0 }
};

static const char usage[] =
"      --window DUR     the recent window, ending at --now (default\n"
"                       report.yaml alerts.window, 1h)\n"
"      --watch DIMS     spikes by reason,tag,channel,brand,queue\n"
"                       (comma-separated; default alerts.spike.by)\n";

static int
option(int c, const char *arg)
{
	char *copy, *tok, *save = NULL;
	json_t *v;
	int w, j;

	switch (c) {
	case OPT_WINDOW:
		v = json_string(arg);
		opt_window = yaml_duration(v);
		json_decref(v);
		if (opt_window < 60)
			diag_fatal(EX_USAGE, "--window: \"%s\" is not a "
			    "duration of a minute or more (30m, 1h, 1h30m)",
			    arg);
		return 1;
	case OPT_WATCH:
		if ((copy = strdup(arg)) == NULL)
			diag_fatal(EX_SOFTWARE, "out of memory");
		opt_watch.nby = 0;
		opt_watch.set = 1;
		for (tok = strtok_r(copy, ",", &save); tok != NULL;
		    tok = strtok_r(NULL, ",", &save)) {
			if ((w = watch_of(tok)) == -1)
				diag_fatal(EX_USAGE, "--watch: unknown \"%s\" "
				    "(expected reason, tag, channel, brand, "
				    "queue)", tok);
			for (j = 0; j < opt_watch.nby; j++)
				if (opt_watch.by[j] == (enum watch)w)
					break;
			if (j == opt_watch.nby)
				opt_watch.by[opt_watch.nby++] = (enum watch)w;
		}
		free(copy);
		return 1;
	}
	return 0;
}

/* ---- the run ---------------------------------------------------------- */

/* A past window [start, end) like the recent one. */
struct sample {
	char	 start[TS_BUFSZ], end[TS_BUFSZ];
};

/* A value seen in the recent window, and its counts in the past ones. */
struct val {
	char	*name;
	long	 count;
	double	 sum, sumsq;
};

struct run {
	sqlite3			*db;
	const struct alertconf	*a;
	struct table		*t;
	int			 ckind, cdim, cval, ccount, cbase, cthr,
				 ccases, cwhy;
	char			 wstart[TS_BUFSZ], wend[TS_BUFSZ];
	struct sample		*samples;
	long			 nsamples;	/* usable: after the data began */
	char			 wlabel[32];	/* "1h" */
	char			 blabel[96];	/* "the same time of day on ..." */
};

/* 3600 -> "1h", 5400 -> "1h30m", 90061 -> "1d1h1m1s". */
static char *
span(int64_t s, char *buf, size_t bufsz)
{
	static const struct { int64_t n; char u; } units[] = {
		{ 86400, 'd' }, { 3600, 'h' }, { 60, 'm' }, { 1, 's' }
	};
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (s >= units[i].n && len < bufsz) {
			len += (size_t)snprintf(buf + len, bufsz - len,
			    "%lld%c", (long long)(s / units[i].n), units[i].u);
			s %= units[i].n;
		}
	if (buf[0] == '\0')
		snprintf(buf, bufsz, "0s");
	return buf;
}

/* How late or how soon, to the minute: "4m", "2h10m", "3d04h". */
static char *
lateness(int64_t s, char *buf, size_t bufsz)
{
	if (s < 60)
		snprintf(buf, bufsz, "%llds", (long long)s);
	else if (s < 3600)
		snprintf(buf, bufsz, "%lldm", (long long)(s / 60));
	else if (s < 86400)
		snprintf(buf, bufsz, "%lldh%02lldm", (long long)(s / 3600),
		    (long long)(s / 60 % 60));
	else
		snprintf(buf, bufsz, "%lldd%02lldh", (long long)(s / 86400),
		    (long long)(s / 3600 % 24));
	return buf;
}

/* A cell with nothing to show: "-" in text, null in JSON, empty in CSV. */
static void
set_none(struct table *t, size_t row, int col)
{
	struct cell *c = table_cell(t, row, col);

	free(c->text);
	if ((c->text = strdup("-")) == NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");
	c->na = 1;
}

static size_t
alert_row(struct run *x, const char *kind, const char *dim, const char *val,
    double count, double base, double thr, const char *cases,
    const char *why)
{
	size_t row = table_row(x->t);

	table_set_text(x->t, row, x->ckind, kind);
	table_set_text(x->t, row, x->cdim, dim);
	table_set_text(x->t, row, x->cval, val);
	table_set_num(x->t, row, x->ccount, count);
	if (isnan(base))
		set_none(x->t, row, x->cbase);
	else
		table_set_num(x->t, row, x->cbase, base);
	if (isnan(thr))
		set_none(x->t, row, x->cthr);
	else
		table_set_num(x->t, row, x->cthr, thr);
	if (cases == NULL)
		set_none(x->t, row, x->ccases);
	else
		table_set_text(x->t, row, x->ccases, cases);
	table_set_text(x->t, row, x->cwhy, why);
	return row;
}

static void
bind_range(sqlite3_stmt *st, const char *start, const char *end,
    int filtered)
{
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, start, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, end, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, filtered);
}

static int
valcmp(const void *k, const void *e)
{
	return strcmp((const char *)k, ((const struct val *)e)->name);
}

/* The smallest whole count at or above x (x from products of decimals:
 * 2.0 x 5 must stay 10). */
static double
count_ceil(double x)
{
	return ceil(x - 1e-9);
}

/* Spikes of one dimension. */
static void
spikes(struct run *x, enum watch w)
{
	const struct alertconf *a = x->a;
	sqlite3_stmt *st = db_prepare(x->db, watch_sql[w]);
	struct val *vals = NULL, *v;
	size_t nvals = 0, cap = 0, i;
	long k;

	/* The recent window: its values come sorted (ORDER BY, binary). */
	bind_range(st, x->wstart, x->wend, a->filtered);
	while (db_step(x->db, st) == SQLITE_ROW) {
		const char *s = (const char *)sqlite3_column_text(st, 0);

		if (s == NULL)
			continue;
		if (nvals == cap) {
			cap = cap ? cap * 2 : 32;
			if ((vals = realloc(vals, cap * sizeof(*vals))) ==
			    NULL)
				diag_fatal(EX_SOFTWARE, "out of memory");
		}
		v = &vals[nvals++];
		if ((v->name = strdup(s)) == NULL)
			diag_fatal(EX_SOFTWARE, "out of memory");
		v->count = (long)sqlite3_column_int64(st, 1);
		v->sum = v->sumsq = 0;
	}
	/* The past windows: only the values seen now matter. */
	for (k = 0; k < x->nsamples && nvals > 0; k++) {
		bind_range(st, x->samples[k].start, x->samples[k].end,
		    a->filtered);
		while (db_step(x->db, st) == SQLITE_ROW) {
			const char *s = (const char *)sqlite3_column_text(st,
			    0);
			double n = (double)sqlite3_column_int64(st, 1);

			if (s == NULL || (v = bsearch(s, vals, nvals,
			    sizeof(*vals), valcmp)) == NULL)
				continue;
			v->sum += n;
			v->sumsq += n * n;
		}
	}
	sqlite3_finalize(st);

	for (i = 0; i < nvals; i++) {
		double n = (double)x->nsamples, mean, sd, spread, thr, z;
		char why[1024];

		v = &vals[i];
		mean = v->sum / n;
		sd = n > 1 ? sqrt(fmax(0, (v->sumsq - n * mean * mean) /
		    (n - 1))) : 0;
		spread = fmax(sd, fmax(sqrt(mean), 1.0));
		thr = count_ceil(fmax((double)a->min_count, fmax(a->ratio *
		    mean, mean + a->z * spread)));
		z = ((double)v->count - mean) / spread;
		if ((double)v->count < thr)
			continue;
		snprintf(why, sizeof(why), "%s %s: %ld messages in the last "
		    "%s vs %.1f ± %.1f usual (%s): fires at %.0f (at least "
		    "%ld, %.1f× usual and z ≥ %g; here z = %.1f)",
		    watch_names[w], v->name, v->count, x->wlabel, mean, sd,
		    x->blabel, thr, a->min_count, a->ratio, a->z, z);
		alert_row(x, "spike", watch_names[w], v->name,
		    (double)v->count, mean, thr, NULL, why);
	}
	for (i = 0; i < nvals; i++)
		free(vals[i].name);
	free(vals);
}

/* The share of negative messages in the window against the past. */
static void
negative(struct run *x)
{
	const struct alertconf *a = x->a;
	sqlite3_stmt *st = db_prepare(x->db, negative_sql);
	double total, neg, btotal = 0, bneg = 0, bshare, share, thr;
	char why[1024], usual[160], rule[128];
	long k;

	bind_range(st, x->wstart, x->wend, a->filtered);
	db_step(x->db, st);
	total = (double)sqlite3_column_int64(st, 0);
	neg = (double)sqlite3_column_int64(st, 1);
	for (k = 0; k < x->nsamples; k++) {
		bind_range(st, x->samples[k].start, x->samples[k].end,
		    a->filtered);
		db_step(x->db, st);
		btotal += (double)sqlite3_column_int64(st, 0);
		bneg += (double)sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (total < (double)a->neg_min || total == 0)
		return;
	share = neg / total;
	/* With no past messages, only the share itself is asked. */
	bshare = btotal > 0 ? bneg / btotal : NAN;
	thr = count_ceil(total * (isnan(bshare) ? a->neg_share :
	    fmax(a->neg_share, bshare + a->neg_rise)));
	if (neg < thr)
		return;
	if (isnan(bshare)) {
		snprintf(usual, sizeof(usual), "no usual share yet");
		snprintf(rule, sizeof(rule), "a share of at least %.1f%%",
		    100 * a->neg_share);
	} else {
		snprintf(usual, sizeof(usual), "%.1f%% usual (%s)",
		    100 * bshare, x->blabel);
		snprintf(rule, sizeof(rule), "a share of at least %.1f%% and "
		    "%.1f points over the usual", 100 * a->neg_share,
		    100 * a->neg_rise);
	}
	snprintf(why, sizeof(why), "%.0f of %.0f inbound messages negative "
	    "(%.1f%%) in the last %s vs %s: fires at %.0f (%s, with %ld "
	    "messages or more)", neg, total, 100 * share, x->wlabel, usual,
	    thr, rule, a->neg_min);
	alert_row(x, "negative", "sentiment", "negative", neg,
	    isnan(bshare) ? NAN : bshare * total, thr, NULL, why);
}

/* One SLA row: the cases of a queue past due or due soon. */
struct slagroup {
	char	 queue[256];
	int	 soon;
	long	 n, shown;		/* cases, ids in ids */
	int64_t	 first_due;
	int64_t	 first_id;
	char	 ids[1024];
	size_t	 idlen;
};

static void
sla_flush(struct run *x, struct slagroup *g, int64_t now)
{
	char why[1024], cases[1100], when[32], soon[32];
	const char *q = g->queue[0] != '\0' ? g->queue : "(none)";

	if (g->n == 0)
		return;
	if (g->n > g->shown)
		snprintf(cases, sizeof(cases), "%s (+%ld more)", g->ids,
		    g->n - g->shown);
	else
		snprintf(cases, sizeof(cases), "%s", g->ids);
	if (!g->soon)
		snprintf(why, sizeof(why), "%ld unanswered case%s in queue %s "
		    "past %s due time, the oldest %s overdue (case %lld)",
		    g->n, g->n == 1 ? "" : "s", q, g->n == 1 ? "its" : "their",
		    g->first_due == INT64_MIN ? "?" : lateness(now -
		    g->first_due, when, sizeof(when)), (long long)g->first_id);
	else
		snprintf(why, sizeof(why), "%ld unanswered case%s in queue %s "
		    "due within %s, the first in %s (case %lld)", g->n,
		    g->n == 1 ? "" : "s", q, span(x->a->soon_s, soon,
		    sizeof(soon)), g->first_due == INT64_MIN ? "?" :
		    lateness(g->first_due - now, when, sizeof(when)),
		    (long long)g->first_id);
	alert_row(x, g->soon ? "sla_soon" : "sla_breach", "queue", q,
	    (double)g->n, NAN, NAN, cases, why);
	g->n = 0;
}

static void
sla(struct run *x, int64_t now)
{
	sqlite3_stmt *st = db_prepare(x->db, sla_sql);
	char nows[TS_BUFSZ], soons[TS_BUFSZ];
	struct slagroup g;

	memset(&g, 0, sizeof(g));
	ts_format(now * 1000, nows);
	ts_format((now + x->a->soon_s) * 1000, soons);
	sqlite3_bind_text(st, 1, nows, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, soons, -1, SQLITE_TRANSIENT);
	while (db_step(x->db, st) == SQLITE_ROW) {
		const char *q = (const char *)sqlite3_column_text(st, 1);
		int64_t id = sqlite3_column_int64(st, 0);
		int soon = sqlite3_column_int(st, 3);

		if (q == NULL)
			q = "";
		if (g.n > 0 && (soon != g.soon || strncmp(q, g.queue,
		    sizeof(g.queue) - 1) != 0))
			sla_flush(x, &g, now);
		if (g.n == 0) {
			snprintf(g.queue, sizeof(g.queue), "%s", q);
			g.soon = soon;
			g.first_due = sql_time(st, 2);
			g.first_id = id;
			g.ids[0] = '\0';
			g.idlen = 0;
			g.shown = 0;
		}
		/* The first max_cases ids, as many as the line holds. */
		if (g.shown == g.n && g.shown < x->a->max_cases &&
		    g.idlen < sizeof(g.ids) - 24) {
			g.idlen += (size_t)snprintf(g.ids + g.idlen,
			    sizeof(g.ids) - g.idlen, "%s%lld", g.n > 0 ?
			    " " : "", (long long)id);
			g.shown++;
		}
		g.n++;
	}
	sla_flush(x, &g, now);
	sqlite3_finalize(st);
}

/* The end of past window k (1-based): the same local time k steps
 * back; in whole days, across a change of the clocks too. */
static int64_t
sample_end(const struct query *q, int64_t step, long k)
{
	if (q->tz != NULL && step % 86400 == 0)
		return bh_to_utc(q->tz, q->now + bh_offset(q->tz, q->now) -
		    (int64_t)k * step);
	return q->now - (int64_t)k * step;
}

static int
run(sqlite3 *db, const struct repconf *rc, const struct query *q,
    struct report *r)
{
	struct alertconf a = *rc->alerts;
	struct run x;
	sqlite3_stmt *st;
	int64_t first = INT64_MIN, end;
	char stepb[32], note[512];
	long k;
	int i, spikes_checked;
	size_t len;

	if (opt_window > 0) {
		if (opt_window > a.step_s)
			diag_fatal(EX_USAGE, "--window: longer than the "
			    "baseline step (%lld s)", (long long)a.step_s);
		a.window_s = opt_window;
	}
	if (opt_watch.set) {
		memcpy(a.by, opt_watch.by, sizeof(a.by));
		a.nby = opt_watch.nby;
		a.spike_on = 1;
	}

	memset(&x, 0, sizeof(x));
	x.db = db;
	x.a = &a;
	free(r->title);
	if ((r->title = strdup("scs alerts")) == NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");
	x.t = table_new(r, "alerts", "Alerts");
	x.ckind = table_col(x.t, "kind", "kind", K_TEXT);
	x.cdim = table_col(x.t, "dimension", "by", K_TEXT);
	x.cval = table_col(x.t, "value", "value", K_TEXT);
	x.ccount = table_col(x.t, "count", "count", K_COUNT);
	x.cbase = table_col(x.t, "baseline", "usual", K_NUM);
	x.cthr = table_col(x.t, "threshold", "fires at", K_COUNT);
	x.ccases = table_col(x.t, "cases", "cases", K_TEXT);
	x.cwhy = table_col(x.t, "why", "why", K_TEXT);

	ts_format((q->now - a.window_s) * 1000, x.wstart);
	ts_format(q->now * 1000, x.wend);
	snprintf(r->since, sizeof(r->since), "%s", x.wstart);
	snprintf(r->until, sizeof(r->until), "%s", x.wend);
	span(a.window_s, x.wlabel, sizeof(x.wlabel));

	/* Past windows that start before the first stored message would
	 * count as quiet ones: only those after it make the usual. */
	st = db_prepare(db, "SELECT min(created_at) FROM messages");
	if (db_step(db, st) == SQLITE_ROW)
		first = sql_time(st, 0);
	sqlite3_finalize(st);
	if ((x.samples = calloc((size_t)a.samples, sizeof(*x.samples))) ==
	    NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");
	for (k = 1; k <= a.samples && first != INT64_MIN; k++) {
		end = sample_end(q, a.step_s, k);
		if (end - a.window_s < first)
			break;
		ts_format((end - a.window_s) * 1000,
		    x.samples[x.nsamples].start);
		ts_format(end * 1000, x.samples[x.nsamples].end);
		x.nsamples++;
	}
	if (a.step_s == 86400)
		snprintf(x.blabel, sizeof(x.blabel), "same time of day, %ld "
		    "past day%s", x.nsamples, x.nsamples == 1 ? "" : "s");
	else if (a.step_s == 7 * 86400)
		snprintf(x.blabel, sizeof(x.blabel), "same time and weekday, "
		    "%ld past week%s", x.nsamples, x.nsamples == 1 ? "" : "s");
	else
		snprintf(x.blabel, sizeof(x.blabel), "%ld past window%s every "
		    "%s", x.nsamples, x.nsamples == 1 ? "" : "s",
		    span(a.step_s, stepb, sizeof(stepb)));

	spikes_checked = a.spike_on && a.nby > 0 && x.nsamples >=
	    a.min_samples;
	if (spikes_checked)
		for (i = 0; i < a.nby; i++)
			spikes(&x, a.by[i]);
	if (a.negative_on)
		negative(&x);
	if (a.sla_on)
		sla(&x, q->now);

	len = (size_t)snprintf(note, sizeof(note), "The last %s against the "
	    "%s (%ld of %ld with data).", x.wlabel, a.step_s == 86400 ?
	    "same time of day on past days" : a.step_s == 7 * 86400 ?
	    "same time and weekday of past weeks" : "same window every step",
	    x.nsamples, a.samples);
	if (a.spike_on && a.nby > 0 && !spikes_checked && len < sizeof(note))
		len += (size_t)snprintf(note + len, sizeof(note) - len,
		    " Spikes not checked: %ld past window%s with data, %ld "
		    "needed.", x.nsamples, x.nsamples == 1 ? "" : "s",
		    a.min_samples);
	if (x.t->nrows == 0 && len < sizeof(note))
		snprintf(note + len, sizeof(note) - len, " Calm: no alert "
		    "fired.");
	table_note(x.t, "%s", note);
	free(x.samples);
	return x.t->nrows > 0;
}

const struct subcmd alerts_cmd = { "alerts", usage, options, option, run };
