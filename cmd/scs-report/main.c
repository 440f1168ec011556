/* scs-report - the contact-center scorecard, alerts and staffing */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "db.h"
#include "diag.h"
#include "report.h"
#include "tstamp.h"

static const char usage[] =
"usage: scs-report --db FILE [options]\n"
"       scs-report alerts --db FILE [options]\n"
"       scs-report staffing --db FILE [options]\n"
"The scorecard of the case database: traffic, management, quality,\n"
"satisfaction, where problems come from and each agent against target;\n"
"`alerts` says what needs a human now (exit 1 when something fired);\n"
"`staffing` how many agents each hour needs.\n"
"\n"
"      --db FILE        the case database (default $SCS_DB), read only;\n"
"                       again for more shards read as one (scorecard)\n"
"      --rules DIR      report.yaml, with route.yaml and agents.yaml\n"
"                       beside it (default $SCS_RULES, else installed)\n"
"      --since TIME     from this day or RFC 3339 time (inclusive)\n"
"      --until TIME     to this day or time (exclusive; default now)\n"
"      --by DIMS        group by channel,agent,queue,product,reason,place,\n"
"                       location (comma-separated)\n"
"      --period P       also by hour, day, week or month\n"
"      --format F       text (default), markdown, csv, json, html\n"
"  -o, --out FILE       write there instead of standard output\n"
"      --tz ZONE        cut days in this zone (default report.yaml tz:)\n"
"      --now TIME       the report's present (default the clock)\n"
"      --help           show this help and exit\n"
"      --version        show the version and exit\n";

enum {
	OPT_DB = 0x1000,
	OPT_RULES,
	OPT_SINCE,
	OPT_UNTIL,
	OPT_BY,
	OPT_PERIOD,
	OPT_FORMAT,
	OPT_TZ,
	OPT_NOW,
	OPT_HELP,
	OPT_VERSION
};

static const struct option common_options[] = {
	{ "db",		required_argument,	NULL, OPT_DB },
	{ "rules",	required_argument,	NULL, OPT_RULES },
	{ "since",	required_argument,	NULL, OPT_SINCE },
	{ "until",	required_argument,	NULL, OPT_UNTIL },
	{ "by",		required_argument,	NULL, OPT_BY },
	{ "period",	required_argument,	NULL, OPT_PERIOD },
	{ "format",	required_argument,	NULL, OPT_FORMAT },
	{ "out",	required_argument,	NULL, 'o' },
	{ "tz",		required_argument,	NULL, OPT_TZ },
	{ "now",	required_argument,	NULL, OPT_NOW },
	{ "help",	no_argument,		NULL, OPT_HELP },
	{ "version",	no_argument,		NULL, OPT_VERSION },
};
#define NCOMMON	(sizeof(common_options) / sizeof(common_options[0]))

const char *const dim_names[NDIMS] = {
	"channel", "agent", "queue", "product", "reason", "place", "location"
};

static const struct subcmd *const subcmds[] = { &alerts_cmd, &staffing_cmd };

#define MAX_SHARDS	64

struct opts {
	char		*dbs[MAX_SHARDS];
	int		 ndbs;
	const char	*db, *rules, *since, *until, *by, *period, *tz, *now,
			*out;
	const char	*format;
};

static void __attribute__((noreturn))
help(const struct subcmd *sub)
{
	fputs(usage, stdout);
	if (sub != NULL && sub->usage != NULL)
		printf("\n%s options:\n%s", sub->name, sub->usage);
	else {
		size_t i;

		for (i = 0; i < sizeof(subcmds) / sizeof(subcmds[0]); i++)
			if (subcmds[i]->usage != NULL)
				printf("\n%s options:\n%s", subcmds[i]->name,
				    subcmds[i]->usage);
	}
	exit(0);
}

/* A day ("2026-11-01": its midnight in the report's zone) or an
 * RFC 3339 time. */
static int64_t
parse_when(const char *s, struct bizhours *tz, const char *opt)
{
	int64_t ms;
	int y, m, d;
	char end;

	if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &end) == 3 &&
	    strlen(s) == 10 && m >= 1 && m <= 12 && d >= 1 && d <= 31) {
		int64_t local = ts_days_from_civil(y, m, d) * 86400;

		return tz != NULL ? bh_to_utc(tz, local) : local;
	}
	if (ts_parse_rfc3339(s, &ms) == -1)
		diag_fatal(EX_USAGE, "--%s: \"%s\" is not a day "
		    "(2026-11-01) or an RFC 3339 time", opt, s);
	return ms / 1000;
}

static void
parse_by(struct query *q, const char *s)
{
	char *copy = strdup(s), *tok, *save = NULL;
	int i;

	for (tok = strtok_r(copy, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < NDIMS; i++)
			if (strcmp(tok, dim_names[i]) == 0)
				break;
		if (i == NDIMS)
			diag_fatal(EX_USAGE, "--by: unknown \"%s\" (expected "
			    "channel, agent, queue, product, reason, place, "
			    "location)", tok);
		if (q->nby < NDIMS)
			q->by[q->nby++] = (enum dim)i;
	}
	free(copy);
}

/* The label of the period holding local day `days`, hour `hour`. */
static const char *
label_of(enum period p, int64_t days, int hour, char *buf, size_t bufsz)
{
	int y, m, d;

	ts_civil_from_days(days, &y, &m, &d);
	switch (p) {
	case P_NONE:
		snprintf(buf, bufsz, "%s", "");
		break;
	case P_HOUR:
		snprintf(buf, bufsz, "%04d-%02d-%02dT%02d", y, m, d, hour);
		break;
	case P_DAY:
		snprintf(buf, bufsz, "%04d-%02d-%02d", y, m, d);
		break;
	case P_MONTH:
		snprintf(buf, bufsz, "%04d-%02d", y, m);
		break;
	case P_WEEK: {
		/* ISO 8601: the week's Thursday says the year. */
		int wd = (int)(((days + 3) % 7 + 7) % 7);	/* Mon 0 */
		int64_t thu = days - wd + 3, jan1;
		int ty, tm, td;

		ts_civil_from_days(thu, &ty, &tm, &td);
		jan1 = ts_days_from_civil(ty, 1, 1);
		snprintf(buf, bufsz, "%04d-W%02d", ty,
		    (int)((thu - jan1) / 7 + 1));
		break;
	}
	}
	return buf;
}

const char *
period_label(const struct query *q, int64_t t, char *buf, size_t bufsz)
{
	int64_t local = t + (q->tz != NULL ? bh_offset(q->tz, t) : 0);
	int64_t days = local >= 0 ? local / 86400 : -((-local + 86399) /
	    86400);

	return label_of(q->period, days, (int)((local - days * 86400) / 3600),
	    buf, bufsz);
}

const char *
period_before(const struct query *q, const char *label, char *buf,
    size_t bufsz)
{
	int y = 0, m = 1, d = 1, h = 0, w = 1;
	int64_t days;

	switch (q->period) {
	case P_HOUR:
		sscanf(label, "%d-%d-%dT%d", &y, &m, &d, &h);
		days = ts_days_from_civil(y, m, d);
		if (--h < 0) {
			h = 23;
			days--;
		}
		return label_of(P_HOUR, days, h, buf, bufsz);
	case P_DAY:
		sscanf(label, "%d-%d-%d", &y, &m, &d);
		return label_of(P_DAY, ts_days_from_civil(y, m, d) - 1, 0, buf,
		    bufsz);
	case P_WEEK: {
		int64_t jan4;

		sscanf(label, "%d-W%d", &y, &w);
		jan4 = ts_days_from_civil(y, 1, 4);
		/* Monday of week 1, then of week w, then a week back. */
		days = jan4 - ((jan4 + 3) % 7 + 7) % 7 + (w - 1) * 7 - 7;
		return label_of(P_WEEK, days, 0, buf, bufsz);
	}
	case P_MONTH:
		sscanf(label, "%d-%d", &y, &m);
		if (--m < 1) {
			m = 12;
			y--;
		}
		return label_of(P_MONTH, ts_days_from_civil(y, m, 1), 0, buf,
		    bufsz);
	default:
		snprintf(buf, bufsz, "%s", "");
		return buf;
	}
}

static int
two(const unsigned char *p)
{
	return (p[0] - '0') * 10 + (p[1] - '0');
}

/*
 * Times as scs stores them ("2026-11-22T10:15:00Z") are read by hand,
 * with the day of the last date remembered: a report reads millions;
 * anything else goes through the full RFC 3339 parser.
 */
int64_t
sql_time(sqlite3_stmt *st, int col)
{
	static unsigned char last[10];
	static int64_t last_days = INT64_MIN;
	const unsigned char *s = sqlite3_column_text(st, col);
	int64_t ms;
	int i;

	if (s == NULL)
		return INT64_MIN;
	if (sqlite3_column_bytes(st, col) == 20 && s[4] == '-' &&
	    s[7] == '-' && s[10] == 'T' && s[13] == ':' && s[16] == ':' &&
	    s[19] == 'Z') {
		for (i = 0; i < 19; i++)
			if (i != 4 && i != 7 && i != 10 && i != 13 &&
			    i != 16 && (s[i] < '0' || s[i] > '9'))
				break;
		if (i == 19 && two(s + 11) < 24 && two(s + 14) < 60 &&
		    two(s + 17) < 61 && two(s + 5) >= 1 && two(s + 5) <= 12 &&
		    two(s + 8) >= 1 && two(s + 8) <= 31) {
			if (last_days == INT64_MIN || memcmp(last, s, 10) != 0) {
				memcpy(last, s, 10);
				last_days = ts_days_from_civil(two(s) * 100 +
				    two(s + 2), two(s + 5), two(s + 8));
			}
			return last_days * 86400 + two(s + 11) * 3600 +
			    two(s + 14) * 60 + two(s + 17);
		}
	}
	if (ts_parse_rfc3339((const char *)s, &ms) == -1)
		return INT64_MIN;
	return ms / 1000;
}

static void
write_report(const struct report *r, const char *format, FILE *out)
{
	if (strcmp(format, "text") == 0)
		fmt_text(r, out);
	else if (strcmp(format, "markdown") == 0)
		fmt_markdown(r, out);
	else if (strcmp(format, "csv") == 0)
		fmt_csv(r, out);
	else if (strcmp(format, "json") == 0)
		fmt_json(r, out);
	else
		fmt_html(r, out);
}

int
main(int argc, char **argv)
{
	const struct subcmd *sub = NULL;
	struct option *longopts;
	struct opts o = { .format = "text" };
	struct repconf rc;
	struct report r;
	struct query q;
	sqlite3 *db;
	FILE *out = stdout;
	size_t i, n = 0;
	char err[256];
	int c, status;

	diag_init("scs-report");
	if (argc > 1)
		for (i = 0; i < sizeof(subcmds) / sizeof(subcmds[0]); i++)
			if (strcmp(argv[1], subcmds[i]->name) == 0) {
				sub = subcmds[i];
				argc--, argv++;
			}
	/* The shared options and the command's own, in one table. */
	if (sub != NULL)
		while (sub->options[n].name != NULL)
			n++;
	if ((longopts = calloc(NCOMMON + n + 1, sizeof(*longopts))) == NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");
	memcpy(longopts, common_options, sizeof(common_options));
	if (n > 0)
		memcpy(longopts + NCOMMON, sub->options, n * sizeof(*longopts));

	while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_DB:
			if (o.ndbs < MAX_SHARDS)
				o.dbs[o.ndbs++] = optarg;
			else
				diag_fatal(EX_USAGE, "--db: at most %d databases",
				    MAX_SHARDS);
			o.db = o.dbs[0];
			break;
		case OPT_RULES: o.rules = optarg; break;
		case OPT_SINCE: o.since = optarg; break;
		case OPT_UNTIL: o.until = optarg; break;
		case OPT_BY: o.by = optarg; break;
		case OPT_PERIOD: o.period = optarg; break;
		case OPT_FORMAT: o.format = optarg; break;
		case 'o': o.out = optarg; break;
		case OPT_TZ: o.tz = optarg; break;
		case OPT_NOW: o.now = optarg; break;
		case OPT_HELP: help(sub);
		case OPT_VERSION:
			printf("scs-report %s\n", SCS_VERSION);
			exit(0);
		default:
			if (sub != NULL && c >= 0x2000 && sub->option(c,
			    optarg))
				break;
			fputs(usage, stderr);
			exit(EX_USAGE);
		}
	}
	free(longopts);
	if (optind < argc)
		diag_fatal(EX_USAGE, "unexpected \"%s\" (commands: alerts, "
		    "staffing)", argv[optind]);
	if (o.ndbs > 1 && sub != NULL)
		diag_fatal(EX_USAGE, "%s: one --db only (several are for the "
		    "scorecard)", sub->name);
	if (o.db == NULL && (o.db = getenv("SCS_DB")) == NULL)
		diag_fatal(EX_USAGE, "no database: give --db FILE or set "
		    "SCS_DB");
	if (strcmp(o.format, "text") != 0 && strcmp(o.format, "markdown")
	    != 0 && strcmp(o.format, "csv") != 0 && strcmp(o.format, "json")
	    != 0 && strcmp(o.format, "html") != 0)
		diag_fatal(EX_USAGE, "--format: unknown \"%s\" (expected text, "
		    "markdown, csv, json, html)", o.format);

	config_load(&rc, o.rules);
	memset(&q, 0, sizeof(q));
	memset(&r, 0, sizeof(r));
	if (o.tz == NULL)
		o.tz = rc.tz;
	if (o.tz != NULL && (q.tz = bh_new(o.tz, err, sizeof(err))) == NULL)
		diag_fatal(EX_USAGE, "--tz: %s", err);
	q.now = o.now != NULL ? parse_when(o.now, q.tz, "now") :
	    (int64_t)time(NULL);
	q.since = o.since != NULL ? parse_when(o.since, q.tz, "since") :
	    INT64_MIN;
	q.until = o.until != NULL ? parse_when(o.until, q.tz, "until") :
	    q.now + 1;
	if (q.since != INT64_MIN && q.since >= q.until)
		diag_fatal(EX_USAGE, "--since must come before --until");
	/* Stored times are RFC 3339 UTC strings and compare as such. */
	if (q.since != INT64_MIN)
		ts_format(q.since * 1000, q.since_s);
	else
		snprintf(q.since_s, sizeof(q.since_s), "0000");
	ts_format(q.until * 1000, q.until_s);
	if (o.by != NULL)
		parse_by(&q, o.by);
	if (o.period == NULL)
		q.period = P_NONE;
	else if (strcmp(o.period, "hour") == 0)
		q.period = P_HOUR;
	else if (strcmp(o.period, "day") == 0)
		q.period = P_DAY;
	else if (strcmp(o.period, "week") == 0)
		q.period = P_WEEK;
	else if (strcmp(o.period, "month") == 0)
		q.period = P_MONTH;
	else
		diag_fatal(EX_USAGE, "--period: unknown \"%s\" (expected hour, "
		    "day, week, month)", o.period);

	db = db_open(o.db, 1);
	if (db_version(db) < DB_VERSION) {
		int v = db_version(db);

		db_close(db);
		bh_free(q.tz);
		config_free(&rc);
		diag_fatal(EX_CONFIG, "%s: schema version %d is older than %d, "
		    "which has the report views: run scs-case --db %s on it "
		    "once (with no input) to bring it up to date", o.db,
		    v, DB_VERSION, o.db);
	}

	if (o.ndbs > 1) {
		shards_attach(db, o.dbs, o.ndbs);
		q.shards = o.ndbs;
	}
	/* A report sweeps the database: read the first 256 MB mapped, not
	 * copied page by page (that copy was a sixth of the time), and keep
	 * more of it cached. */
	db_exec(db, "PRAGMA mmap_size = 268435456");
	db_exec(db, "PRAGMA cache_size = -65536");
	snprintf(r.since, sizeof(r.since), "%s", o.since != NULL ?
	    q.since_s : "");
	snprintf(r.until, sizeof(r.until), "%s", o.until != NULL ?
	    q.until_s : "");
	ts_format(q.now * 1000, r.generated);
	r.tz = strdup(o.tz != NULL ? o.tz : "UTC");
	if (sub != NULL)
		status = sub->run(db, &rc, &q, &r);
	else {
		scorecard(db, &rc, &q, &r);
		status = 0;
	}

	db_close(db);
	bh_free(q.tz);
	config_free(&rc);
	if (o.out != NULL && (out = fopen(o.out, "w")) == NULL) {
		report_free(&r);
		diag_fatal(EX_CANTCREAT, "%s: %s", o.out, strerror(errno));
	}
	write_report(&r, o.format, out);
	report_free(&r);
	if (fflush(out) == EOF || ferror(out) || (out != stdout &&
	    fclose(out) == EOF))
		diag_fatal(EX_IOERR, "%s: write error: %s", o.out != NULL ?
		    o.out : "stdout", strerror(errno));
	return status;
}
