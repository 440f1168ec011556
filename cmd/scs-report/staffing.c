/* staffing.c - `scs-report staffing`: agents needed per hour
 *
 * For the day planned (default tomorrow in the report's zone), each
 * channel's expected contacts per interval are the mean of the same
 * weekday and local time over the last weeks (contacts: cases opened
 * or reopened, the unit handling time is measured in), scaled by the
 * --expect windows a supervisor knows of.  The handling time is the
 * mean work per case of the channel over those weeks.  Real-time
 * channels (service_level: realtime: true) get the smallest staff
 * whose Erlang C service level meets their goal; the others, worked as
 * a backlog, get the workload at the planned occupancy.  Shrinkage
 * turns agents needed into agents to schedule.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "db.h"
#include "diag.h"
#include "erlang.h"
#include "report.h"
#include "staffing.h"
#include "tstamp.h"
#include "xalloc.h"

/* The staffing: section of report.yaml. */
struct ahtdef {
	char	*channel;
	int64_t	 secs;
};

struct staffconf {
	double		 shrinkage;	/* share of paid time not on contacts */
	double		 max_occupancy;	/* Erlang C staff is at most this busy */
	int64_t		 max_asa;	/* and answers within this on average
					 * (0: no such limit) */
	double		 async_occupancy; /* the workload model's occupancy */
	int64_t		 aht_default;	/* when a channel has no work records */
	struct ahtdef	*aht;		/* ... per channel */
	size_t		 naht;
	int		 weeks;		/* past weeks averaged */
	int64_t		 interval;	/* seconds: 900, 1800 or 3600 */
};

/* Measured contacts are counted in quarter hours (every zone's offset
 * is a whole number of them), then in the interval asked. */
#define BUCKET		900
#define MAXSLOTS	(86400 / BUCKET)

/* "15m", "30m", "1h" (or 900, 1800, 3600): seconds, else -1. */
int64_t
interval_secs(json_t *v)
{
	int64_t s = yaml_duration(v);

	return s == 900 || s == 1800 || s == 3600 ? s : -1;
}

#define conf_number(rc, v, what, lo, hi) \
	config_number(rc, v, "staffing", what, lo, hi)
#define conf_duration(rc, v, what) \
	config_duration(rc, v, "staffing", what, 0)

/* staffing: {shrinkage: 0.30, max_occupancy: 0.85, max_asa: 30s,
 * async_occupancy: 0.85, aht_default: 6m, aht: {chat: 4m}, weeks: 4,
 * interval: 1h} */
void
staffing_config(struct repconf *rc, json_t *section)
{
	struct staffconf *sc = xcalloc(1, sizeof(*sc));
	const char *key, *ch;
	json_t *v, *e;

	sc->shrinkage = 0.30;
	sc->max_occupancy = 0.85;
	sc->max_asa = 0;
	sc->async_occupancy = 0.85;
	sc->aht_default = 360;
	sc->weeks = 4;
	sc->interval = 3600;
	rc->staffing = sc;
	if (section == NULL)
		return;
	if (!json_is_object(section))
		config_error(rc, section, "staffing: expected a mapping "
		    "(shrinkage: 0.30, aht_default: 6m, ...)");
	json_object_foreach(section, key, v) {
		if (strcmp(key, "shrinkage") == 0)
			sc->shrinkage = conf_number(rc, v, key, 0, 0.95);
		else if (strcmp(key, "max_occupancy") == 0)
			sc->max_occupancy = conf_number(rc, v, key, 0.05, 1);
		else if (strcmp(key, "max_asa") == 0)
			sc->max_asa = conf_duration(rc, v, key);
		else if (strcmp(key, "async_occupancy") == 0)
			sc->async_occupancy = conf_number(rc, v, key, 0.05, 1);
		else if (strcmp(key, "aht_default") == 0) {
			if ((sc->aht_default = conf_duration(rc, v, key)) == 0)
				config_error(rc, v, "staffing.aht_default: "
				    "expected more than 0s");
		} else if (strcmp(key, "aht") == 0) {
			if (!json_is_object(v))
				config_error(rc, v, "staffing.aht: expected "
				    "channels ({chat: 4m, email: 8m})");
			json_object_foreach(v, ch, e) {
				struct ahtdef *d;

				sc->aht = xrealloc(sc->aht, (sc->naht + 1) *
				    sizeof(*sc->aht));
				d = &sc->aht[sc->naht++];
				d->channel = xstrdup(ch);
				if ((d->secs = conf_duration(rc, e, "aht")) ==
				    0)
					config_error(rc, e, "staffing.aht.%s: "
					    "expected more than 0s", ch);
			}
		} else if (strcmp(key, "weeks") == 0)
			sc->weeks = (int)conf_number(rc, v, key, 1, 52);
		else if (strcmp(key, "interval") == 0) {
			if ((sc->interval = interval_secs(v)) < 0)
				config_error(rc, v, "staffing.interval: "
				    "expected 15m, 30m or 1h");
		} else
			config_error(rc, v, "staffing: unknown key \"%s\" "
			    "(expected shrinkage, max_occupancy, max_asa, "
			    "async_occupancy, aht_default, aht, weeks, "
			    "interval)", key);
	}
	if (json_is_object(section) && (v = json_object_get(section,
	    "weeks")) != NULL && !json_is_integer(v))
		config_error(rc, v, "staffing.weeks: expected a whole number "
		    "of weeks");
}

void
staffing_config_free(struct repconf *rc)
{
	struct staffconf *sc = rc->staffing;
	size_t i;

	if (sc == NULL)
		return;
	for (i = 0; i < sc->naht; i++)
		free(sc->aht[i].channel);
	free(sc->aht);
	free(sc);
	rc->staffing = NULL;
}

/* ---- the plan -------------------------------------------------------- */

struct chan {
	char	*name;
	double	 counted[MAXSLOTS];	/* contacts over the weeks averaged */
	double	 work_s;		/* work records over the weeks */
	int64_t	 work_cases;
	double	 aht;
	const char *aht_from;		/* measured, from report.yaml, given */
};

struct plan {
	struct chan	*ch;
	size_t		 nch;
};

static struct chan *
chan_get(struct plan *p, const char *name, int add)
{
	size_t i;

	for (i = 0; i < p->nch; i++)
		if (strcmp(p->ch[i].name, name) == 0)
			return &p->ch[i];
	if (!add)
		return NULL;
	p->ch = xrealloc(p->ch, (p->nch + 1) * sizeof(*p->ch));
	memset(&p->ch[p->nch], 0, sizeof(*p->ch));
	p->ch[p->nch].name = xstrdup(name);
	return &p->ch[p->nch++];
}

static int
chan_cmp(const void *a, const void *b)
{
	return strcmp(((const struct chan *)a)->name,
	    ((const struct chan *)b)->name);
}

static int
wanted(const char *name)
{
	size_t i;

	if (sopt.nchannels == 0)
		return 1;
	for (i = 0; i < sopt.nchannels; i++)
		if (strcmp(sopt.channels[i], name) == 0)
			return 1;
	return 0;
}

static void
bind_time(sqlite3_stmt *st, int col, int64_t t)
{
	char buf[TS_BUFSZ];

	ts_format(t * 1000, buf);
	sqlite3_bind_text(st, col, buf, -1, SQLITE_TRANSIENT);
}

/* A growing line of text: the notes. */
struct text {
	char	*s;
	size_t	 len;
};

static void __attribute__((format(printf, 2, 3)))
text_add(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	t->s = xrealloc(t->s, t->len + (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(t->s + t->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	t->len += (size_t)n;
}

static const char *
secs_text(double secs, char *buf, size_t bufsz)
{
	long s = lround(secs);

	if (s < 60 || s % 60 != 0)
		snprintf(buf, bufsz, s < 60 ? "%lds" : "%ldm%02lds", s < 60 ?
		    s : s / 60, s % 60);
	else
		snprintf(buf, bufsz, "%ldm", s / 60);
	return buf;
}

static int
run(sqlite3 *db, const struct repconf *rc, const struct query *q,
    struct report *r)
{
	const struct staffconf *sc = rc->staffing;
	struct plan p = { NULL, 0 };
	struct table *t, *tot;
	struct text note = { NULL, 0 }, totnote = { NULL, 0 };
	sqlite3_stmt *st;
	int64_t day, day_start, day_end, wday[52], first = INT64_MAX,
	    iv, oldest;
	int weeks, nweeks = 0, nhist = 0, nslots, k, i, c_ch, c_time, c_arr,
	    c_aht, c_model, c_erl, c_agents, c_sl, c_asa, c_occ, c_sched,
	    c_less, t_time, t_arr, t_erl, t_agents, t_sched, rowof[MAXSLOTS];
	double shrink, factor[MAXSLOTS];
	char b1[32], b2[32];
	size_t x, e;

	weeks = sopt.weeks > 0 ? sopt.weeks : sc->weeks;
	iv = sopt.interval > 0 ? sopt.interval : sc->interval;
	shrink = sopt.shrinkage >= 0 ? sopt.shrinkage : sc->shrinkage;
	nslots = (int)(86400 / iv);
	if (sopt.arrivals >= 0 && sopt.nchannels == 0)
		diag_fatal(EX_USAGE, "--arrivals: give --channel too: whose "
		    "service level to plan for (--channel chat)");

	/* The day planned, as local midnights. */
	if (sopt.day == NULL || strcmp(sopt.day, "tomorrow") == 0 ||
	    strcmp(sopt.day, "today") == 0) {
		int64_t now = q->now;

		day = floor_div(now + zone_offset(q, now), 86400);
		if (sopt.day == NULL || strcmp(sopt.day, "tomorrow") == 0)
			day++;
	} else if ((day = parse_day(sopt.day)) < 0)
		diag_fatal(EX_USAGE, "--day: \"%s\": expected a day "
		    "(2026-11-24), today or tomorrow", sopt.day);
	day_start = to_utc(q, day * 86400);
	day_end = to_utc(q, (day + 1) * 86400);
	for (x = 0; x < sopt.nexpect; x++)
		resolve_expect(q, day, &sopt.expect[x]);

	/* The same weekday of past weeks, wholly inside --since/--until
	 * (by default: over before now). */
	for (k = 1; k <= 520 && nweeks < weeks; k++) {
		int64_t d = day - 7 * k, ws = to_utc(q, d * 86400),
		    we = to_utc(q, (d + 1) * 86400);

		if (q->since != INT64_MIN && ws < q->since)
			break;
		if (we <= q->until)
			wday[nweeks++] = d;
	}
	/* Weeks before the database's first message are no history. */
	st = db_prepare(db, "SELECT min(created_at) FROM messages");
	if (db_step(db, st) == SQLITE_ROW && sqlite3_column_type(st, 0) !=
	    SQLITE_NULL)
		first = sql_time(st, 0);	/* INT64_MIN: cannot tell */
	sqlite3_finalize(st);
	for (k = 0; k < nweeks; k++)
		if (to_utc(q, (wday[k] + 1) * 86400) > first)
			nhist++;
	oldest = nweeks > 0 ? to_utc(q, wday[nweeks - 1] * 86400) : day_start;

	/* Contacts: openings (new cases and reopenings), in quarter hours,
	 * put in the local time slot of the day they fell on. */
	if (nweeks > 0 && sopt.arrivals < 0) {
		st = db_prepare(db, "SELECT channel, unixepoch(opened_at) / "
		    "?3, count(*) FROM report_openings WHERE opened_at >= ?1 "
		    "AND opened_at < ?2 AND channel IS NOT NULL GROUP BY 1, 2");
		bind_time(st, 1, oldest);
		bind_time(st, 2, to_utc(q, (wday[0] + 1) * 86400));
		sqlite3_bind_int(st, 3, BUCKET);
		while (db_step(db, st) == SQLITE_ROW) {
			const char *name = (const char *)
			    sqlite3_column_text(st, 0);
			int64_t b = sqlite3_column_int64(st, 1) * BUCKET;
			int64_t local = b + zone_offset(q, b);
			int64_t d = floor_div(local, 86400);

			if (!wanted(name))
				continue;
			for (k = 0; k < nweeks; k++)
				if (wday[k] == d)
					break;
			if (k == nweeks)
				continue;
			chan_get(&p, name, 1)->counted[(local - d * 86400) /
			    iv] += sqlite3_column_int(st, 2);
		}
		sqlite3_finalize(st);
	}
	/* The channels asked for are there even with nothing measured. */
	for (x = 0; x < sopt.nchannels; x++)
		chan_get(&p, sopt.channels[x], 1);
	if (p.nch > 1)
		qsort(p.ch, p.nch, sizeof(*p.ch), chan_cmp);

	/* Handling time: work per case, from the oldest week to now. */
	st = db_prepare(db, "SELECT channel, sum(seconds), "
	    "count(DISTINCT case_id) FROM report_work WHERE at >= ?1 AND "
	    "at < ?2 AND channel IS NOT NULL GROUP BY channel");
	bind_time(st, 1, oldest);
	bind_time(st, 2, q->until);
	while (db_step(db, st) == SQLITE_ROW) {
		struct chan *ch = chan_get(&p, (const char *)
		    sqlite3_column_text(st, 0), 0);

		if (ch != NULL) {
			ch->work_s = sqlite3_column_double(st, 1);
			ch->work_cases = sqlite3_column_int64(st, 2);
		}
	}
	sqlite3_finalize(st);
	for (x = 0; x < p.nch; x++) {
		struct chan *ch = &p.ch[x];

		if (sopt.aht > 0) {
			ch->aht = sopt.aht;
			ch->aht_from = "given (--aht)";
			continue;
		}
		if (ch->work_cases > 0 && ch->work_s > 0) {
			ch->aht = ch->work_s / (double)ch->work_cases;
			ch->aht_from = "measured";
			continue;
		}
		ch->aht = (double)sc->aht_default;
		ch->aht_from = "from report.yaml";
		for (e = 0; e < sc->naht; e++)
			if (strcmp(sc->aht[e].channel, ch->name) == 0)
				ch->aht = (double)sc->aht[e].secs;
	}

	/* What the --expect windows do to each slot: their share of it. */
	for (i = 0; i < nslots; i++) {
		int64_t s = to_utc(q, day * 86400 + (int64_t)i * iv),
		    en = to_utc(q, day * 86400 + (int64_t)(i + 1) * iv);

		factor[i] = 1;
		for (x = 0; x < sopt.nexpect; x++) {
			struct expect *ex = &sopt.expect[x];
			int64_t lo = ex->from > s ? ex->from : s,
			    hi = ex->to < en ? ex->to : en;

			if (hi > lo && en > s) {
				factor[i] *= 1 + (ex->mult - 1) *
				    (double)(hi - lo) / (double)(en - s);
				ex->used = 1;
			}
		}
	}
	for (x = 0; x < sopt.nexpect; x++)
		if (!sopt.expect[x].used)
			diag_warn("--expect %s: not on the day planned (%s): "
			    "no effect", sopt.expect[x].arg, day_text(day, b1,
			    sizeof(b1)));

	/* The report. */
	if (asprintf(&r->title, "Staffing for %s %s", wdays[weekday(day)],
	    day_text(day, b1, sizeof(b1))) == -1)
		diag_fatal(EX_SOFTWARE, "out of memory");
	ts_format(day_start * 1000, r->since);
	ts_format(day_end * 1000, r->until);

	t = table_new(r, "staffing", "Agents needed by channel");
	c_ch = table_col(t, "channel", "Channel", K_TEXT);
	c_time = table_col(t, "time", "Time", K_TEXT);
	c_arr = table_col(t, "arrivals", "Contacts", K_NUM);
	c_aht = table_col(t, "aht_s", "AHT", K_SECS);
	c_model = table_col(t, "model", "Model", K_TEXT);
	c_erl = table_col(t, "erlangs", "Erlangs", K_NUM);
	c_agents = table_col(t, "agents", "Agents", K_COUNT);
	c_sl = table_col(t, "sl_pct", "SL", K_PCT);
	c_less = table_col(t, "sl_one_less_pct", "SL-1", K_PCT);
	c_asa = table_col(t, "asa_s", "ASA", K_SECS);
	c_occ = table_col(t, "occupancy_pct", "Occupancy", K_PCT);
	c_sched = table_col(t, "scheduled", "Scheduled", K_COUNT);
	t->chart.type = CH_LINES;
	t->chart.x = c_time;
	t->chart.series = c_ch;
	t->chart.y[0] = c_agents;
	t->chart.ny = 1;
	t->chart.title = xstrdup("Agents needed");

	tot = table_new(r, "staffing_total", "Agents needed, all channels");
	t_time = table_col(tot, "time", "Time", K_TEXT);
	t_arr = table_col(tot, "arrivals", "Contacts", K_NUM);
	t_erl = table_col(tot, "erlangs", "Erlangs", K_NUM);
	t_agents = table_col(tot, "agents", "Agents", K_COUNT);
	t_sched = table_col(tot, "scheduled", "Scheduled", K_COUNT);
	tot->chart.type = CH_BARS;
	tot->chart.x = t_time;
	tot->chart.y[0] = t_sched;
	tot->chart.y[1] = t_agents;
	tot->chart.ny = 2;
	tot->chart.title = xstrdup("Agents to schedule");
	for (i = 0; i < nslots; i++) {
		int min = (int)(i * iv / 60);

		rowof[i] = -1;
		if (min < sopt.hfrom || min >= sopt.hto)
			continue;
		rowof[i] = (int)table_row(tot);
		snprintf(b1, sizeof(b1), "%02d:%02d", min / 60, min % 60);
		table_set_text(tot, (size_t)rowof[i], t_time, b1);
		table_set_num(tot, (size_t)rowof[i], t_arr, 0);
		table_set_num(tot, (size_t)rowof[i], t_erl, 0);
		table_set_num(tot, (size_t)rowof[i], t_agents, 0);
		table_set_num(tot, (size_t)rowof[i], t_sched, 0);
	}

	for (x = 0; x < p.nch; x++) {
		struct chan *ch = &p.ch[x];
		const struct sltarget *sl = config_sl(rc, ch->name);
		struct erlang_goal g;

		g.sl = sl->goal_pct / 100;
		g.target_s = (double)sl->target_s;
		g.max_asa_s = (double)sc->max_asa;
		g.max_occ = sc->max_occupancy;
		for (i = 0; i < nslots; i++) {
			size_t row, trow;
			const char *when;
			double arr, a;
			int n, s;

			if (rowof[i] < 0)
				continue;
			trow = (size_t)rowof[i];
			when = table_cell(tot, trow, t_time)->text;
			row = table_row(t);
			if (sopt.arrivals >= 0)
				arr = sopt.arrivals;
			else
				arr = nhist > 0 ? ch->counted[i] / nhist : 0;
			arr *= factor[i];
			a = erlang_traffic(arr, (double)iv, ch->aht);
			table_set_text(t, row, c_ch, ch->name);
			table_set_text(t, row, c_time, when);
			table_set_num(t, row, c_arr, arr);
			table_set_num(t, row, c_aht, ch->aht);
			table_set_text(t, row, c_model, sl->realtime ?
			    "erlang_c" : "workload");
			table_set_num(t, row, c_erl, a);
			if (sl->realtime)
				n = erlang_agents(a, ch->aht, &g);
			else
				n = workload_agents(arr, ch->aht, (double)iv,
				    sc->async_occupancy);
			if (n < 0) {
				diag_warn("%s %s: no staff meets the goal "
				    "(%.1f Erlangs)", ch->name, when, a);
				table_cell(tot, trow, t_agents)->na = 1;
				table_cell(tot, trow, t_sched)->na = 1;
				continue;
			}
			s = erlang_scheduled(n, shrink);
			table_set_num(t, row, c_agents, n);
			table_set_num(t, row, c_sched, s);
			table_cell(tot, trow, t_arr)->num += arr;
			table_cell(tot, trow, t_erl)->num += a;
			table_cell(tot, trow, t_agents)->num += n;
			table_cell(tot, trow, t_sched)->num += s;
			if (n == 0)
				continue;	/* SL, ASA, occupancy: n/a */
			table_set_num(t, row, c_occ, 100 *
			    erlang_occupancy(n, a));
			if (!sl->realtime)
				continue;
			table_set_num(t, row, c_sl, 100 * erlang_sl(n, a,
			    ch->aht, (double)sl->target_s));
			table_set_num(t, row, c_less, 100 * erlang_sl(n - 1,
			    a, ch->aht, (double)sl->target_s));
			table_set_num(t, row, c_asa, erlang_asa(n, a,
			    ch->aht));
		}
	}

	/* Where the numbers come from. */
	if (sopt.arrivals >= 0)
		text_add(&note, "Contacts given: %g per %s", sopt.arrivals,
		    secs_text((double)iv, b1, sizeof(b1)));
	else if (nhist == 0)
		text_add(&note, "No history: nothing in the database on the "
		    "%d %s%s before", weeks, wdays[weekday(day)],
		    weeks == 1 ? "" : "s");
	else {
		text_add(&note, "Contacts (cases opened or reopened): mean of "
		    "%d %s%s from %s to %s", nhist, wdays[weekday(day)],
		    nhist == 1 ? "" : "s", day_text(wday[nhist - 1], b1,
		    sizeof(b1)), day_text(wday[0], b2, sizeof(b2)));
		if (nhist < weeks)
			text_add(&note, " (%d of the %d weeks asked are before "
			    "the first message)", weeks - nhist, weeks);
	}
	for (x = 0; x < sopt.nexpect; x++)
		if (sopt.expect[x].used)
			text_add(&note, "; x%g %s", sopt.expect[x].mult,
			    sopt.expect[x].arg);
	if (p.nch > 0)
		text_add(&note, "; AHT per case");
	for (x = 0; x < p.nch; x++)
		text_add(&note, "%s %s %s", x > 0 ? "," : ":", p.ch[x].name,
		    p.ch[x].aht_from);
	text_add(&note, "; real-time channels by Erlang C to their service "
	    "level");
	for (x = 0, k = 0; x < p.nch; x++) {
		const struct sltarget *sl = config_sl(rc, p.ch[x].name);

		if (sl->realtime)
			text_add(&note, "%s%s %g%% in %s", k++ > 0 ? ", " :
			    " (", p.ch[x].name, sl->goal_pct, secs_text(
			    (double)sl->target_s, b1, sizeof(b1)));
	}
	text_add(&note, "%s", k > 0 ? ")" : "");
	text_add(&note, " at most %g%% occupied", sc->max_occupancy * 100);
	if (sc->max_asa > 0)
		text_add(&note, " and ASA %s", secs_text((double)sc->max_asa,
		    b1, sizeof(b1)));
	text_add(&note, ", the others by workload at %g%% occupancy; "
	    "scheduled = agents / (1 - %g%% shrinkage)",
	    sc->async_occupancy * 100, shrink * 100);
	table_note(t, "%s", note.s);
	text_add(&totnote, "Each channel staffed on its own (agents not "
	    "shared); shrinkage %g%%", shrink * 100);
	table_note(tot, "%s", totnote.s);

	free(note.s);
	free(totnote.s);
	for (x = 0; x < p.nch; x++)
		free(p.ch[x].name);
	free(p.ch);
	staffing_options_free();
	return 0;
}

const struct subcmd staffing_cmd = { "staffing", staffing_usage,
	staffing_options, staffing_option, run };
