/* staffing_args.c - `scs-report staffing`: its command line, and days
 * and times in the report's zone */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bizhours.h"
#include "calendar.h"
#include "diag.h"
#include "staffing.h"
#include "tstamp.h"
#include "xalloc.h"

/* ---- the command line ------------------------------------------------ */

enum {
	OPT_DAY = 0x2000,
	OPT_WEEKS,
	OPT_EXPECT,
	OPT_INTERVAL,
	OPT_CHANNEL,
	OPT_ARRIVALS,
	OPT_AHT,
	OPT_SHRINKAGE,
	OPT_HOURS
};

const struct option staffing_options[] = {
	{ "day",	required_argument,	NULL, OPT_DAY },
	{ "weeks",	required_argument,	NULL, OPT_WEEKS },
	{ "expect",	required_argument,	NULL, OPT_EXPECT },
	{ "interval",	required_argument,	NULL, OPT_INTERVAL },
	{ "channel",	required_argument,	NULL, OPT_CHANNEL },
	{ "arrivals",	required_argument,	NULL, OPT_ARRIVALS },
	{ "aht",	required_argument,	NULL, OPT_AHT },
	{ "shrinkage",	required_argument,	NULL, OPT_SHRINKAGE },
	{ "hours",	required_argument,	NULL, OPT_HOURS },
	{ NULL, 0, NULL, 0 }
};

const char staffing_usage[] =
"      --day DATE       the day to plan (default tomorrow; today, tomorrow\n"
"                       or 2026-11-24)\n"
"      --weeks N        average that many past same weekdays (default 4)\n"
"      --expect MULT@FROM/TO\n"
"                       multiply expected contacts in that window (local\n"
"                       08:00, 2026-11-24T08:00, or RFC 3339): a storm\n"
"                       warning, a campaign launch; repeatable\n"
"      --interval I     15m, 30m or 1h (default 1h)\n"
"      --channel C,...  only these channels\n"
"      --arrivals N     what if N contacts came in each interval (needs\n"
"                       --channel), instead of the measured ones\n"
"      --aht S          what if each took S (180, 3m) instead\n"
"      --shrinkage P    share of paid time off contacts (0.30 or 30%)\n"
"      --hours FROM-TO  only the intervals starting in these local hours\n"
"                       (08:00-14:00, or 8-14)\n";



struct staffopt sopt = { NULL, 0, 0, NULL, 0, NULL, 0, -1, -1, -1, 0, 24 * 60 };

/* "8", "08:30", "24:00": minutes of the day, else -1. */
static int
parse_clock(const char *s, size_t len)
{
	int h, m = 0, n = 0;
	char buf[8];

	if (len == 0 || len >= sizeof(buf))
		return -1;
	snprintf(buf, sizeof(buf), "%.*s", (int)len, s);
	if (!(sscanf(buf, "%2d:%2d%n", &h, &m, &n) == 2 && n == (int)len) &&
	    !(sscanf(buf, "%2d%n", &h, &n) == 1 && n == (int)len))
		return -1;
	if (buf[0] < '0' || buf[0] > '9' || h < 0 || m < 0 || m > 59 ||
	    h * 60 + m > 24 * 60)
		return -1;
	return h * 60 + m;
}

/* A whole non-negative decimal number (fractions allowed), all of s. */
static int
parse_num(const char *s, double *d)
{
	char *end;

	if (*s == '\0' || *s == '-' || *s == '+' || *s == ' ')
		return -1;
	*d = strtod(s, &end);
	if (*end != '\0' || isnan(*d) || isinf(*d))
		return -1;
	return 0;
}

/* Seconds: "180", "187.5", "3m", "2m30s". */
static double
parse_secs(const char *s)
{
	json_t *j;
	double d;
	int64_t n;

	if (parse_num(s, &d) == 0)
		return d;
	j = json_string(s);
	n = j != NULL ? yaml_duration(j) : -1;
	json_decref(j);
	return n >= 0 ? (double)n : -1;
}

int
staffing_option(int c, const char *arg)
{
	double d;
	char *copy, *tok, *save = NULL;

	switch (c) {
	case OPT_DAY:
		sopt.day = arg;
		return 1;
	case OPT_WEEKS:
		if (parse_num(arg, &d) == -1 || d != floor(d) || d < 1 ||
		    d > 52)
			diag_fatal(EX_USAGE, "--weeks: \"%s\": expected a "
			    "number of weeks from 1 to 52", arg);
		sopt.weeks = (int)d;
		return 1;
	case OPT_EXPECT:
		sopt.expect = xrealloc(sopt.expect, (sopt.nexpect + 1) *
		    sizeof(*sopt.expect));
		memset(&sopt.expect[sopt.nexpect], 0, sizeof(*sopt.expect));
		sopt.expect[sopt.nexpect++].arg = arg;
		return 1;
	case OPT_INTERVAL: {
		json_t *j = parse_num(arg, &d) == 0 ? json_integer(
		    (json_int_t)d) : json_string(arg);

		sopt.interval = j != NULL ? interval_secs(j) : -1;
		json_decref(j);
		if (sopt.interval < 0)
			diag_fatal(EX_USAGE, "--interval: \"%s\": expected "
			    "15m, 30m or 1h", arg);
		return 1;
	}
	case OPT_CHANNEL:
		copy = xstrdup(arg);
		for (tok = strtok_r(copy, ",", &save); tok != NULL;
		    tok = strtok_r(NULL, ",", &save)) {
			sopt.channels = xrealloc(sopt.channels,
			    (sopt.nchannels + 1) * sizeof(*sopt.channels));
			sopt.channels[sopt.nchannels++] = xstrdup(tok);
		}
		free(copy);
		if (sopt.nchannels == 0)
			diag_fatal(EX_USAGE, "--channel: expected a channel "
			    "name (chat, or chat,whatsapp)");
		return 1;
	case OPT_ARRIVALS:
		if (parse_num(arg, &d) == -1 || d > 1e7)
			diag_fatal(EX_USAGE, "--arrivals: \"%s\": expected a "
			    "number of contacts per interval", arg);
		sopt.arrivals = d;
		return 1;
	case OPT_AHT:
		if ((d = parse_secs(arg)) <= 0 || d > 86400)
			diag_fatal(EX_USAGE, "--aht: \"%s\": expected a "
			    "handling time over 0 (180, 3m, 2m30s)", arg);
		sopt.aht = d;
		return 1;
	case OPT_HOURS: {
		const char *dash = strchr(arg, '-');

		if (dash == NULL || (sopt.hfrom = parse_clock(arg,
		    (size_t)(dash - arg))) < 0 || (sopt.hto = parse_clock(
		    dash + 1, strlen(dash + 1))) < 0 || sopt.hfrom >= sopt.hto)
			diag_fatal(EX_USAGE, "--hours: \"%s\": expected local "
			    "hours FROM-TO (08:00-14:00, or 8-14)", arg);
		return 1;
	}
	case OPT_SHRINKAGE: {
		size_t n = strlen(arg);
		char buf[64];

		if (n > 0 && n < sizeof(buf) && arg[n - 1] == '%') {
			snprintf(buf, sizeof(buf), "%.*s", (int)n - 1, arg);
			if (parse_num(buf, &d) == 0)
				d /= 100;
			else
				d = -1;
		} else if (parse_num(arg, &d) == -1)
			d = -1;
		if (d < 0 || d > 0.95)
			diag_fatal(EX_USAGE, "--shrinkage: \"%s\": expected a "
			    "share from 0 to 0.95 (0.30 or 30%%)", arg);
		sopt.shrinkage = d;
		return 1;
	}
	}
	return 0;
}

void
staffing_options_free(void)
{
	size_t i;

	for (i = 0; i < sopt.nchannels; i++)
		free(sopt.channels[i]);
	free(sopt.channels);
	free(sopt.expect);
	sopt.channels = NULL;
	sopt.expect = NULL;
	sopt.nchannels = sopt.nexpect = 0;
}

/* ---- time in the report's zone --------------------------------------- */

int64_t
floor_div(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

long
zone_offset(const struct query *q, int64_t t)
{
	return q->tz != NULL ? bh_offset(q->tz, t) : 0;
}

int64_t
to_utc(const struct query *q, int64_t local)
{
	return q->tz != NULL ? bh_to_utc(q->tz, local) : local;
}

const char *const wdays[7] = {
	"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
	"Sunday"
};

/* Day number (days since 1970-01-01) to "2026-11-24". */
const char *
day_text(int64_t day, char *buf, size_t bufsz)
{
	int y, m, d;

	ts_civil_from_days(day, &y, &m, &d);
	snprintf(buf, bufsz, "%04d-%02d-%02d", y, m, d);
	return buf;
}

int
weekday(int64_t day)
{
	return (int)(((day + 3) % 7 + 7) % 7);		/* Monday 0 */
}

/* "2026-11-24" as a day number, or -1. */
int64_t
parse_day(const char *s)
{
	int y, m, d;
	char end;

	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &end)
	    != 3 || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	return ts_days_from_civil(y, m, d);
}

/*
 * A time of an --expect window: "08:00" or "8" (on the day planned,
 * "24:00" its end), "2026-11-24" (its midnight), "2026-11-24T08:00[:00]" (local)
 * or RFC 3339 with its zone.  0, or -1 when it is none of them.
 */
static int
parse_at(const struct query *q, int64_t day, const char *s, int64_t *t)
{
	int y, m, d, hh, mm, ss = 0, n = 0;
	int64_t ms;
	size_t len = strlen(s);

	if (strchr(s, '-') == NULL && (n = parse_clock(s, len)) >= 0) {
		*t = to_utc(q, day * 86400 + n * 60);
		return 0;
	}
	if (len == 10 && (*t = parse_day(s)) >= 0) {
		*t = to_utc(q, *t * 86400);
		return 0;
	}
	if ((len == 16 || len == 19) && sscanf(s, "%4d-%2d-%2dT%2d:%2d%n",
	    &y, &m, &d, &hh, &mm, &n) == 5 && n == 16 && (len == 16 ||
	    (sscanf(s + 16, ":%2d%n", &ss, &n) == 1 && n == 3))) {
		if (m < 1 || m > 12 || d < 1 || d > 31 || hh < 0 || hh > 23 ||
		    mm < 0 || mm > 59 || ss < 0 || ss > 59)
			return -1;
		*t = to_utc(q, ts_days_from_civil(y, m, d) * 86400 +
		    hh * 3600 + mm * 60 + ss);
		return 0;
	}
	if (ts_parse_rfc3339(s, &ms) == 0) {
		*t = floor_div(ms, 1000);
		return 0;
	}
	return -1;
}

static void __attribute__((noreturn))
bad_expect(const char *arg, const char *why)
{
	diag_fatal(EX_USAGE, "--expect: \"%s\": %s (expected MULT@FROM/TO, as "
	    "1.8@2026-11-24T08:00/2026-11-24T14:00 or 1.8@08:00/14:00 on the "
	    "day planned, local times)", arg, why);
}

void
resolve_expect(const struct query *q, int64_t day, struct expect *e)
{
	const char *at = strchr(e->arg, '@'), *slash;
	char mult[64], from[64], to[64];

	if (at == NULL || (slash = strchr(at + 1, '/')) == NULL)
		bad_expect(e->arg, "no @ or /");
	if ((size_t)(at - e->arg) >= sizeof(mult) ||
	    (size_t)(slash - at - 1) >= sizeof(from) ||
	    strlen(slash + 1) >= sizeof(to))
		bad_expect(e->arg, "too long");
	snprintf(mult, sizeof(mult), "%.*s", (int)(at - e->arg), e->arg);
	snprintf(from, sizeof(from), "%.*s", (int)(slash - at - 1), at + 1);
	snprintf(to, sizeof(to), "%s", slash + 1);
	if (parse_num(mult, &e->mult) == -1 || e->mult > 1000)
		bad_expect(e->arg, "the multiplier is not a number from 0 to "
		    "1000");
	if (parse_at(q, day, from, &e->from) == -1)
		bad_expect(e->arg, "FROM is not a time");
	if (parse_at(q, day, to, &e->to) == -1)
		bad_expect(e->arg, "TO is not a time");
	if (e->from >= e->to)
		bad_expect(e->arg, "FROM must come before TO");
}
