/* report.h - what scs-report's parts share */
#ifndef SCS_REPORT_H
#define SCS_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <getopt.h>

#include <jansson.h>
#include <sqlite3.h>

#include "agents.h"
#include "bizhours.h"
#include "calendar.h"

/*
 * A report is a list of tables; every format (text, csv, json,
 * markdown, html) writes the same tables.  A cell is a number of the
 * column's kind, or text, or n/a (nothing to measure: no surveys, a
 * division by zero), which is never shown as 0.
 */
enum colkind {
	K_TEXT,		/* a label: channel, agent, period */
	K_COUNT,	/* a whole number */
	K_NUM,		/* a number, 2 decimals */
	K_PCT,		/* a percentage, 0-100, 1 decimal */
	K_SECS,		/* a duration in seconds; text shows 1h05m */
	K_SIGNED	/* a change in percent points or percent, with sign */
};

struct column {
	char		*key;		/* csv/json name: "frt_median_s" */
	char		*label;		/* text/html heading: "FRT med" */
	enum colkind	 kind;
};

struct cell {
	int	 na;		/* nothing to show: n/a */
	double	 num;
	char	*text;		/* K_TEXT (and text of a n/a, if any) */
};

/*
 * What a chart of a table shows (html): CH_NONE, or the column giving
 * the x axis (a period or a label), the column whose values split the
 * series (-1: none) and the value columns drawn.
 */
enum charttype { CH_NONE, CH_LINES, CH_BARS };

struct chart {
	enum charttype	 type;
	int		 x, series;
	int		 y[8];
	int		 ny;
	char		*title;
};

struct table {
	char		*id;		/* "volume": csv/json "table" value */
	char		*title;
	char		*note;		/* one line under the title, or NULL */
	struct column	*cols;
	size_t		 ncols;
	struct cell	*cells;		/* nrows * ncols, row by row */
	size_t		 nrows, cap;
	struct chart	 chart;
};

struct report {
	char		*title;
	char		 since[32], until[32];	/* RFC 3339 UTC, "" open */
	char		 generated[32];
	char		*tz;		/* the zone periods are cut in */
	struct table   **tables;
	size_t		 ntables;
};

/* table.c: building tables. */
struct table *table_new(struct report *, const char *id, const char *title);
/* Add a column; returns its index. */
int	table_col(struct table *, const char *key, const char *label,
	    enum colkind);
/* Start a row (all n/a); returns its index. */
size_t	table_row(struct table *);
struct cell *table_cell(struct table *, size_t row, int col);
void	table_set_text(struct table *, size_t row, int col, const char *);
void	table_set_num(struct table *, size_t row, int col, double);
void	table_note(struct table *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
struct table *report_table(const struct report *, const char *id);
void	report_free(struct report *);
/* A number as the text format shows a cell of that kind. */
const char *value_text(enum colkind, double v, char *buf, size_t bufsz);
/* A cell as the text format shows it ("1h05m", "87.5%", "n/a"). */
const char *cell_text(const struct table *, size_t row, int col,
	    char *buf, size_t bufsz);

/* The formats: each writes the whole report to out. */
void	fmt_text(const struct report *, FILE *out);
void	fmt_markdown(const struct report *, FILE *out);
void	fmt_csv(const struct report *, FILE *out);
void	fmt_json(const struct report *, FILE *out);
void	fmt_html(const struct report *, FILE *out);

/* ---- rules/report.yaml ------------------------------------------------ */

/* A channel's service-level target: goal % answered within target_s. */
struct sltarget {
	char	*channel;		/* NULL: the default */
	int64_t	 target_s;
	double	 goal_pct;
	int	 realtime;		/* Erlang C; else workload (async) */
};

/* Targets for an agent or a team (group); < 0 or NAN: not set. */
struct targets {
	char	*who;			/* agent id, group name, NULL default */
	double	 frt_s, aht_s, csat, fcr_pct, qa_pct, nps, sl_pct;
};

/* Alert thresholds (alerts.c reads its section). */
struct alertconf;
/* Staffing settings (staffing.c reads its section). */
struct staffconf;

struct repconf {
	char		 *path;
	struct yamldoc	 *doc;
	char		 *tz;		/* periods and dates; default UTC */
	int		  pause_waiting; /* waiting on the customer stops
					  * the SLA clock */
	double		  qa_pass;	/* QA score that complies */
	struct sltarget	 *sl;
	size_t		  nsl;
	struct targets	 *agent_targets, *team_targets;
	size_t		  nagent_targets, nteam_targets;
	struct alertconf *alerts;
	struct staffconf *staffing;
	/* route.yaml beside it: each queue's business hours */
	struct calendars  cals;
	char		**queues;	/* queue name -> calendar, parallel */
	struct bizhours **queue_hours;
	size_t		  nqueues;
	struct agents	 *agents_file;	/* agents.yaml (group, hire date) */
};

/* config.c: load report.yaml (and route.yaml, agents.yaml beside it);
 * exits 78 with file:line:column on error. */
void	config_load(struct repconf *, const char *rules_arg);
void	config_free(struct repconf *);
const struct sltarget *config_sl(const struct repconf *, const char *channel);
struct bizhours *config_hours(const struct repconf *, const char *queue);
/* Refuse a bad value at v of the report.yaml being read. */
void	config_error(const struct repconf *, json_t *v, const char *fmt, ...)
	    __attribute__((noreturn, format(printf, 3, 4)));

/* A value of report.yaml checked, else refused with its place and
 * "section.what: expected ..." (section may be NULL); exit 78. */
double	config_number(const struct repconf *, json_t *v, const char *section,
	    const char *what, double lo, double hi);
long	config_integer(const struct repconf *, json_t *v, const char *section,
	    const char *what, long lo, long hi);
/* At least lo seconds. */
int64_t	config_duration(const struct repconf *, json_t *v, const char *section,
	    const char *what, int64_t lo);
int	config_bool(const struct repconf *, json_t *v, const char *section,
	    const char *what);

/* Sections owned by their own files: called by config_load with the
 * section's value (NULL when absent: defaults). */
void	alerts_config(struct repconf *, json_t *section);
void	alerts_config_free(struct repconf *);
void	staffing_config(struct repconf *, json_t *section);
void	staffing_config_free(struct repconf *);

/* ---- the run ---------------------------------------------------------- */

/* Dimensions a report may be grouped by (--by). */
enum dim { D_CHANNEL, D_AGENT, D_QUEUE, D_PRODUCT, D_REASON, D_PLACE,
	D_LOCATION, NDIMS };
extern const char *const dim_names[NDIMS];

enum period { P_NONE, P_HOUR, P_DAY, P_WEEK, P_MONTH };

struct query {
	int64_t		 since, until;	/* seconds; INT64_MIN/MAX: open */
	char		 since_s[32], until_s[32];	/* as stored, for SQL */
	int64_t		 now;		/* the report's "now" (--now) */
	enum dim	 by[NDIMS];
	int		 nby;
	enum period	 period;
	struct bizhours	*tz;		/* the report's zone (offsets only) */
	int		 charts;	/* the format draws charts (html) */
	int		 shards;	/* databases read as one (--db ...) */
};

/* The period label of t in the report's zone: "2026-11-23",
 * "2026-W48", "2026-11", "2026-11-23T14"; "" for P_NONE. */
const char *period_label(const struct query *, int64_t t, char *buf,
	    size_t bufsz);

/* scorecard.c: the scorecard tables into r. */
void	scorecard(sqlite3 *, const struct repconf *, const struct query *,
	    struct report *r);

/*
 * A command other than the scorecard: `scs-report NAME [options]`.
 * main.c parses the shared options (--db, --rules, --since, --until,
 * --by, --period, --format, --out, --now, --tz) together with the
 * command's own (codes from 0x2000 up), handing each of these to
 * option() (returns 1 when it took it), loads the rules, opens the
 * database read-only, then calls run(), which fills r and returns the
 * exit status; main writes r in the --format asked.
 */
struct subcmd {
	const char		*name;
	const char		*usage;		/* its own options, for --help */
	const struct option	*options;	/* ends with a zero entry */
	int	(*option)(int c, const char *arg);
	int	(*run)(sqlite3 *, const struct repconf *,
		    const struct query *, struct report *r);
};

extern const struct subcmd alerts_cmd;	/* alerts.c: 1 when one fired */
extern const struct subcmd staffing_cmd; /* staffing.c */

/* shards.c: read the databases paths[1..n) with paths[0] (open as db)
 * as one: temporary views named like the report views over them all,
 * and report_changes over their case_events.  Exits 66 or 78 when one
 * cannot be read or has another schema version. */
void	shards_attach(sqlite3 *db, char **paths, int n);

/* The label of the period before the one labelled so. */
const char *period_before(const struct query *, const char *label,
	    char *buf, size_t bufsz);

/* time helpers */
int64_t	sql_time(sqlite3_stmt *, int col);	/* RFC 3339 column -> s,
						 * INT64_MIN when NULL */

#endif
