/* tstamp.c - timestamps: parse the channels' formats, print RFC 3339 UTC */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tstamp.h"

#define MS_PER_SEC	1000LL
#define MS_PER_DAY	86400000LL

/*
 * Representable range, 0000-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z,
 * so that ts_format always prints a fixed-width, sortable string.  The
 * day numbers are ts_days_from_civil(0, 1, 1) and (10000, 1, 1).
 */
#define TS_MIN	(-719528LL * MS_PER_DAY)
#define TS_MAX	(2932897LL * MS_PER_DAY - 1)

/* Unix values below this are seconds, from it on milliseconds. */
#define UNIX_MS_FROM	100000000000LL

/* A time as read from the text, before validation. */
struct civil {
	int	year, mon, day;
	int	hour, min, sec, msec;
	int	offmin;		/* minutes east of UTC */
};

/* Three letters each, in order: the position gives the number. */
static const char month_names[] = "janfebmaraprmayjunjulaugsepoctnovdec";
static const char day_names[] = "montuewedthufrisatsun";

/* RFC 5322 4.3 obsolete zones, plus "utc" which broken mailers send. */
static const struct {
	const char	*name;
	int		 offmin;
} zone_names[] = {
	{ "ut", 0 }, { "utc", 0 }, { "gmt", 0 },
	{ "est", -300 }, { "edt", -240 }, { "cst", -360 }, { "cdt", -300 },
	{ "mst", -420 }, { "mdt", -360 }, { "pst", -480 }, { "pdt", -420 },
};

/* Division rounding toward the past, also for times before 1970. */
static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if (a % b != 0 && (a < 0) != (b < 0))
		q--;
	return q;
}

/*
 * Count in eras of 400 years (146097 days each), with years that start
 * on March 1 so that the leap day, if any, is the last day of the year.
 */
int64_t
ts_days_from_civil(int y, int m, int d)
{
	int64_t year, era, yoe, doy;

	year = (int64_t)y - (m <= 2);
	era = floor_div(year, 400);
	yoe = year - era * 400;				/* 0..399 */
	doy = (153 * ((m + 9) % 12) + 2) / 5 + (int64_t)d - 1;	/* 0..365 */
	/* 719468 days lead from 0000-03-01 to 1970-01-01. */
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

void
ts_civil_from_days(int64_t days, int *y, int *m, int *d)
{
	int64_t shifted, era, doe, yoe, doy, mar;

	shifted = days + 719468;
	era = floor_div(shifted, 146097);
	doe = shifted - era * 146097;			/* 0..146096 */
	/* Take out the leap days (each 4th year, not 100th, yes 400th). */
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mar = (5 * doy + 2) / 153;			/* March = 0 */
	*d = (int)(doy - (153 * mar + 2) / 5 + 1);
	*m = (int)(mar < 10 ? mar + 3 : mar - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int
days_in_month(int y, int m)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : mdays[m - 1];
}

/* Check every field, then fold the civil time into milliseconds. */
static int
civil_to_ms(const struct civil *c, int64_t *ms)
{
	int64_t t;
	int sec = c->sec;

	if (c->year < 0 || c->year > 9999 || c->mon < 1 || c->mon > 12 ||
	    c->day < 1 || c->day > days_in_month(c->year, c->mon) ||
	    c->hour < 0 || c->hour > 23 || c->min < 0 || c->min > 59 ||
	    sec < 0 || sec > 60 || c->msec < 0 || c->msec > 999 ||
	    c->offmin < -(23 * 60 + 59) || c->offmin > 23 * 60 + 59)
		return -1;
	if (sec == 60)		/* leap second: Unix time has no room for it */
		sec = 59;
	t = ts_days_from_civil(c->year, c->mon, c->day) * MS_PER_DAY;
	t += ((c->hour * 60LL + c->min - c->offmin) * 60 + sec) * MS_PER_SEC;
	t += c->msec;
	if (t < TS_MIN || t > TS_MAX)
		return -1;
	*ms = t;
	return 0;
}

/*
 * Cursor helpers.  Each takes the cursor by reference, moves it past what
 * it read and returns -1 if the text there does not fit; after a failure
 * the whole parse fails, so where the cursor stopped does not matter.
 */

/* Returns how many whitespace characters were skipped. */
static int
skip_space(const char **pp)
{
	const char *start = *pp;

	while (isspace((unsigned char)**pp))
		(*pp)++;
	return (int)(*pp - start);
}

/* Nothing but whitespace may follow a complete time. */
static int
rest_is_blank(const char *p)
{
	skip_space(&p);
	return *p == '\0';
}

/* Between minn and maxn decimal digits; returns how many were read. */
static int
read_digits(const char **pp, int minn, int maxn, int *val)
{
	const char *p = *pp;
	int n = 0, v = 0;

	while (n < maxn && isdigit((unsigned char)*p)) {
		v = v * 10 + (*p++ - '0');
		n++;
	}
	if (n < minn)
		return -1;
	*pp = p;
	*val = v;
	return n;
}

static int
expect(const char **pp, char c)
{
	if (**pp != c)
		return -1;
	(*pp)++;
	return 0;
}

/* One of the three-letter names, any case; *num is its 1-based position. */
static int
read_name(const char **pp, const char *names, int *num)
{
	const char *p = *pp;
	int i, k;

	for (i = 0; names[i * 3] != '\0'; i++) {
		for (k = 0; k < 3; k++)
			if (tolower((unsigned char)p[k]) != names[i * 3 + k])
				break;
		if (k == 3 && !isalpha((unsigned char)p[3])) {
			*pp = p + 3;
			*num = i + 1;
			return 0;
		}
	}
	return -1;
}

/* "hh:mm" then ":ss", which is optional unless need_sec is set. */
static int
read_clock(const char **pp, struct civil *c, int need_sec)
{
	if (read_digits(pp, 2, 2, &c->hour) < 0 || expect(pp, ':') < 0 ||
	    read_digits(pp, 2, 2, &c->min) < 0)
		return -1;
	if (**pp != ':')
		return need_sec ? -1 : 0;
	(*pp)++;
	return read_digits(pp, 2, 2, &c->sec) < 0 ? -1 : 0;
}

/* Optional ".digits": keep milliseconds, drop the rest. */
static int
read_fraction(const char **pp, int *msec)
{
	int n;

	*msec = 0;
	if (**pp != '.')
		return 0;
	(*pp)++;
	if (!isdigit((unsigned char)**pp))
		return -1;
	for (n = 0; isdigit((unsigned char)**pp); n++, (*pp)++)
		if (n < 3)
			*msec = *msec * 10 + (**pp - '0');
	for (; n < 3; n++)
		*msec *= 10;
	return 0;
}

/* "+hh:mm" (with_colon) or "+hhmm"; civil_to_ms checks the bounds. */
static int
read_offset(const char **pp, int with_colon, int *offmin)
{
	int sign, hh, mm;

	if (**pp != '+' && **pp != '-')
		return -1;
	sign = *(*pp)++ == '-' ? -1 : 1;
	if (read_digits(pp, 2, 2, &hh) < 0 ||
	    (with_colon && expect(pp, ':') < 0) ||
	    read_digits(pp, 2, 2, &mm) < 0 || mm > 59)
		return -1;
	*offmin = sign * (hh * 60 + mm);
	return 0;
}

/* "YYYY-MM-DD", shared by RFC 3339 and SQL. */
static int
read_iso_date(const char **pp, struct civil *c)
{
	if (read_digits(pp, 4, 4, &c->year) < 0 || expect(pp, '-') < 0 ||
	    read_digits(pp, 2, 2, &c->mon) < 0 || expect(pp, '-') < 0 ||
	    read_digits(pp, 2, 2, &c->day) < 0)
		return -1;
	return 0;
}

int
ts_parse_rfc3339(const char *s, int64_t *ms)
{
	struct civil c = { 0 };
	const char *p = s;

	skip_space(&p);
	if (read_iso_date(&p, &c) < 0 || (*p != 'T' && *p != 't' && *p != ' '))
		return -1;
	p++;
	if (read_clock(&p, &c, 1) < 0 || read_fraction(&p, &c.msec) < 0)
		return -1;
	if (*p == 'Z' || *p == 'z')
		p++;
	else if (read_offset(&p, 1, &c.offmin) < 0)
		return -1;
	if (!rest_is_blank(p))
		return -1;
	return civil_to_ms(&c, ms);
}

int
ts_parse_sql(const char *s, int64_t *ms)
{
	struct civil c = { 0 };
	const char *p = s;

	skip_space(&p);
	if (read_iso_date(&p, &c) < 0)
		return -1;
	if (rest_is_blank(p))		/* the date alone means midnight */
		return civil_to_ms(&c, ms);
	if (expect(&p, ' ') < 0 || read_clock(&p, &c, 0) < 0 ||
	    read_fraction(&p, &c.msec) < 0 || !rest_is_blank(p))
		return -1;
	return civil_to_ms(&c, ms);
}

int
ts_parse_twitter(const char *s, int64_t *ms)
{
	struct civil c = { 0 };
	const char *p = s;
	int wday;

	skip_space(&p);
	if (read_name(&p, day_names, &wday) < 0 || skip_space(&p) == 0 ||
	    read_name(&p, month_names, &c.mon) < 0 || skip_space(&p) == 0 ||
	    read_digits(&p, 1, 2, &c.day) < 0 || skip_space(&p) == 0 ||
	    read_clock(&p, &c, 1) < 0 || skip_space(&p) == 0 ||
	    read_offset(&p, 0, &c.offmin) < 0 || skip_space(&p) == 0 ||
	    read_digits(&p, 4, 4, &c.year) < 0 || !rest_is_blank(p))
		return -1;
	return civil_to_ms(&c, ms);
}

/*
 * RFC 5322 CFWS: folding whitespace and comments, which nest and may
 * quote with a backslash.  Returns how many characters were skipped, or
 * -1 for an unterminated comment.
 */
static int
skip_cfws(const char **pp)
{
	const char *p = *pp;
	int depth = 0, n;

	for (; *p != '\0'; p++) {
		if (*p == '(')
			depth++;
		else if (*p == ')' && depth > 0)
			depth--;
		else if (*p == '\\' && depth > 0 && p[1] != '\0')
			p++;
		else if (depth == 0 && !isspace((unsigned char)*p))
			break;
	}
	if (depth > 0)
		return -1;
	n = (int)(p - *pp);
	*pp = p;
	return n;
}

/* Years per RFC 5322 4.3: 2 digits are 1950-2049, 3 digits add 1900. */
static int
read_mail_year(const char **pp, int *year)
{
	int n = read_digits(pp, 2, 4, year);

	if (n == 2)
		*year += *year < 50 ? 2000 : 1900;
	else if (n == 3)
		*year += 1900;
	return n < 0 ? -1 : 0;
}

/* Numeric, named or military zone; military means "unknown", so UTC. */
static int
read_mail_zone(const char **pp, int *offmin)
{
	char name[4];
	size_t i, len = 0;

	if (**pp == '+' || **pp == '-')
		return read_offset(pp, 0, offmin);
	while (len < sizeof(name) && isalpha((unsigned char)(*pp)[len])) {
		name[len] = (char)tolower((unsigned char)(*pp)[len]);
		len++;
	}
	if (len == 0 || len == sizeof(name))
		return -1;
	name[len] = '\0';
	*pp += len;
	*offmin = 0;
	if (len == 1)
		return name[0] == 'j' ? -1 : 0;
	for (i = 0; i < sizeof(zone_names) / sizeof(zone_names[0]); i++)
		if (strcmp(name, zone_names[i].name) == 0) {
			*offmin = zone_names[i].offmin;
			return 0;
		}
	return -1;
}

int
ts_parse_rfc5322(const char *s, int64_t *ms)
{
	struct civil c = { 0 };
	const char *p = s;
	int wday;

	if (skip_cfws(&p) < 0)
		return -1;
	if (isalpha((unsigned char)*p) &&		/* optional "Day," */
	    (read_name(&p, day_names, &wday) < 0 || skip_cfws(&p) < 0 ||
	    expect(&p, ',') < 0 || skip_cfws(&p) < 0))
		return -1;
	if (read_digits(&p, 1, 2, &c.day) < 0 || skip_cfws(&p) <= 0 ||
	    read_name(&p, month_names, &c.mon) < 0 || skip_cfws(&p) <= 0 ||
	    read_mail_year(&p, &c.year) < 0 || skip_cfws(&p) <= 0 ||
	    read_clock(&p, &c, 0) < 0 || skip_cfws(&p) < 0)
		return -1;
	/* A missing zone is taken as UTC: broken mailers omit it. */
	if (*p != '\0' && (read_mail_zone(&p, &c.offmin) < 0 ||
	    skip_cfws(&p) < 0 || *p != '\0'))
		return -1;
	return civil_to_ms(&c, ms);
}

int
ts_parse_unix(const char *s, int64_t *ms)
{
	const char *p = s;
	int64_t n = 0;
	int frac;

	skip_space(&p);
	if (!isdigit((unsigned char)*p))
		return -1;
	for (; isdigit((unsigned char)*p); p++) {
		n = n * 10 + (*p - '0');
		if (n > TS_MAX)		/* also keeps n * 10 from overflowing */
			return -1;
	}
	if (read_fraction(&p, &frac) < 0 || !rest_is_blank(p))
		return -1;
	/* Seconds below 1e11 stay below TS_MAX in milliseconds. */
	if (n < UNIX_MS_FROM)
		n = n * MS_PER_SEC + frac;
	*ms = n;
	return 0;
}

/*
 * Most decimal fractions are inexact in a double (1.123 is 1.12299...),
 * so round to whole microseconds before truncating to milliseconds, as
 * ts_parse_unix does with the same text.  With no way to report an
 * error, NaN gives 0 and everything else is clamped to the range.
 */
int64_t
ts_from_unix(double v)
{
	double us;
	int64_t whole;

	if (v != v)
		return 0;
	us = v < (double)UNIX_MS_FROM ? v * 1e6 : v * 1e3;
	if (us <= (double)TS_MIN * 1e3)
		return TS_MIN;
	if (us >= (double)TS_MAX * 1e3)
		return TS_MAX;
	whole = (int64_t)(us < 0 ? us - 0.5 : us + 0.5);
	return floor_div(whole, 1000);
}

int
ts_parse_any(const char *s, int64_t *ms)
{
	if (ts_parse_rfc3339(s, ms) == 0 || ts_parse_sql(s, ms) == 0 ||
	    ts_parse_twitter(s, ms) == 0 || ts_parse_rfc5322(s, ms) == 0 ||
	    ts_parse_unix(s, ms) == 0)
		return 0;
	return -1;
}

/* Out-of-range times are clamped, keeping the output fixed-width. */
static void
put2(char *p, int v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
}

char *
ts_format(int64_t ms, char *buf)
{
	int64_t days, secs;
	int y, m, d, sod;

	if (ms < TS_MIN)
		ms = TS_MIN;
	if (ms > TS_MAX)
		ms = TS_MAX;
	secs = floor_div(ms, MS_PER_SEC);
	days = floor_div(secs, 86400);
	sod = (int)(secs - days * 86400);
	ts_civil_from_days(days, &y, &m, &d);
	/* By hand: every record gets a time or two, and snprintf's
	 * format parsing showed in profiles. */
	memcpy(buf, "0000-00-00T00:00:00Z", 21);
	put2(buf, y / 100);
	put2(buf + 2, y % 100);
	put2(buf + 5, m);
	put2(buf + 8, d);
	put2(buf + 11, sod / 3600);
	put2(buf + 14, sod / 60 % 60);
	put2(buf + 17, sod % 60);
	return buf;
}
