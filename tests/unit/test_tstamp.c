/* test_tstamp.c - unit tests for lib/tstamp.c */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "tstamp.h"

/*
 * Expected values were worked out apart from the code under test, with
 * date -u -d '...' +%s, and are written in seconds times 1000.
 */

#define BAD	INT64_MIN	/* what parsed() reports for a rejected string */

/* First and last representable instants: 0000-01-01 and 9999-12-31. */
#define MIN_MS	(-62167219200LL * 1000)
#define MAX_MS	(253402300799LL * 1000 + 999)

typedef int parser(const char *, int64_t *);

static int64_t
parsed(parser *fn, const char *s)
{
	int64_t ms = 0;

	return fn(s, &ms) == 0 ? ms : BAD;
}

static const char *
formatted(int64_t ms)
{
	static char buf[TS_BUFSZ];

	return ts_format(ms, buf);
}

static void
test_rfc3339(void)
{
	parser *p = ts_parse_rfc3339;

	CHECK_INT(parsed(p, "2026-11-22T10:15:00Z"), 1795342500LL * 1000);
	CHECK_INT(parsed(p, "2020-06-25T06:14:19.000Z"), 1593065659LL * 1000);
	CHECK_INT(parsed(p, "2018-05-24T09:48:12+00:00"), 1527155292LL * 1000);
	CHECK_INT(parsed(p, "2026-11-22T07:15:00-03:00"), 1795342500LL * 1000);
	CHECK_INT(parsed(p, "2026-11-22t10:15:00z"), 1795342500LL * 1000);
	CHECK_INT(parsed(p, "2026-11-22 10:15:00Z"), 1795342500LL * 1000);
	CHECK_INT(parsed(p, " \t2026-11-22T10:15:00Z\r\n"), 1795342500LL * 1000);
	CHECK_INT(parsed(p, "2026-11-22T10:15:00-00:00"), 1795342500LL * 1000);

	/* Fractions: milliseconds kept, the rest truncated, not rounded. */
	CHECK_INT(parsed(p, "1985-04-12T23:20:50.52Z"), 482196050LL * 1000 + 520);
	CHECK_INT(parsed(p, "2026-11-22T10:15:00.5Z"), 1795342500LL * 1000 + 500);
	CHECK_INT(parsed(p, "2026-11-22T10:15:00.1239Z"),
	    1795342500LL * 1000 + 123);
	CHECK_INT(parsed(p, "2026-11-22T10:15:00.999999999999+00:00"),
	    1795342500LL * 1000 + 999);

	/* Offsets that cross midnight, a month end and a year end. */
	CHECK_INT(parsed(p, "2023-12-31T23:30:00-01:00"), 1704069000LL * 1000);
	CHECK_INT(parsed(p, "2024-01-01T00:30:00+01:00"), 1704065400LL * 1000);
	CHECK_INT(parsed(p, "2021-02-28T23:00:00-02:00"), 1614560400LL * 1000);
	CHECK_INT(parsed(p, "1970-01-01T00:00:00+00:01"), -60LL * 1000);
	CHECK_INT(parsed(p, "2026-11-22T10:15:00+23:59"), 1795256160LL * 1000);
	CHECK_INT(parsed(p, "2026-11-22T10:15:00-23:59"), 1795428840LL * 1000);

	/* A leap second is clamped to :59. */
	CHECK_INT(parsed(p, "2016-12-31T23:59:60Z"), 1483228799LL * 1000);

	/* Range ends; one minute beyond either is refused. */
	CHECK_INT(parsed(p, "0000-01-01T00:00:00Z"), MIN_MS);
	CHECK_INT(parsed(p, "9999-12-31T23:59:59.999Z"), MAX_MS);
	CHECK_INT(parsed(p, "0000-01-01T00:00:00+00:01"), BAD);
	CHECK_INT(parsed(p, "9999-12-31T23:59:59-00:01"), BAD);

	CHECK_INT(parsed(p, "2026-13-01T00:00:00Z"), BAD);
	CHECK_INT(parsed(p, "2026-00-01T00:00:00Z"), BAD);
	CHECK_INT(parsed(p, "2026-11-00T00:00:00Z"), BAD);
	CHECK_INT(parsed(p, "2026-11-31T00:00:00Z"), BAD);
	CHECK_INT(parsed(p, "2026-11-22T10:15:00"), BAD);
	CHECK_INT(parsed(p, "2026-11-22T10:15:00Zx"), BAD);
	CHECK_INT(parsed(p, "2026-11-22T10:15:00Z x"), BAD);
	CHECK_INT(parsed(p, "2026-11-22T24:00:00Z"), BAD);
	CHECK_INT(parsed(p, "2026-11-22T10:60:00Z"), BAD);
	CHECK_INT(parsed(p, "2026-11-22T10:15:61Z"), BAD);
	CHECK_INT(parsed(p, "2026-11-22T10:15Z"), BAD);
	CHECK_INT(parsed(p, "2026-11-22T10:15:00.Z"), BAD);
	CHECK_INT(parsed(p, "2026-11-22T10:15:00+0300"), BAD);
	CHECK_INT(parsed(p, "2026-11-22T10:15:00+24:00"), BAD);
	CHECK_INT(parsed(p, "2026-11-22T10:15:00+05:60"), BAD);
	CHECK_INT(parsed(p, "2026-11-22X10:15:00Z"), BAD);
	CHECK_INT(parsed(p, "2026-11-22  10:15:00Z"), BAD);
	CHECK_INT(parsed(p, "26-11-22T10:15:00Z"), BAD);
	CHECK_INT(parsed(p, "2026-1-22T10:15:00Z"), BAD);
	CHECK_INT(parsed(p, "yesterday"), BAD);
	CHECK_INT(parsed(p, ""), BAD);
	CHECK_INT(parsed(p, "  "), BAD);
}

static void
test_leap_years(void)
{
	CHECK_INT(parsed(ts_parse_rfc3339, "2024-02-29T12:00:00Z"),
	    (1709164800LL + 12 * 3600) * 1000);
	CHECK_INT(parsed(ts_parse_rfc3339, "2023-02-29T12:00:00Z"), BAD);
	CHECK_INT(parsed(ts_parse_rfc3339, "2000-02-29T00:00:00Z"),
	    951782400LL * 1000);
	CHECK_INT(parsed(ts_parse_rfc3339, "1900-02-29T00:00:00Z"), BAD);
	CHECK_INT(parsed(ts_parse_sql, "2024-02-29"), 1709164800LL * 1000);
	CHECK_INT(parsed(ts_parse_sql, "2023-02-29"), BAD);
	CHECK_INT(parsed(ts_parse_sql, "2000-02-29"), 951782400LL * 1000);
	CHECK_INT(parsed(ts_parse_sql, "1900-02-29"), BAD);
	CHECK_INT(parsed(ts_parse_sql, "1900-02-28"),
	    (-2203891200LL - 86400) * 1000);
	CHECK_INT(parsed(ts_parse_sql, "1600-02-29"), -11670998400LL * 1000);
	CHECK_INT(parsed(ts_parse_sql, "2023-04-31"), BAD);
	CHECK_INT(parsed(ts_parse_sql, "2023-04-30"),
	    (1682899200LL - 86400) * 1000);
}

static void
test_sql(void)
{
	parser *p = ts_parse_sql;

	CHECK_INT(parsed(p, "2026-11-22 10:15:00"), 1795342500LL * 1000);
	CHECK_INT(parsed(p, "2026-11-22 10:15"), 1795342500LL * 1000);
	CHECK_INT(parsed(p, "2026-11-22"), 1795305600LL * 1000);
	CHECK_INT(parsed(p, " 2026-11-22 \n"), 1795305600LL * 1000);
	CHECK_INT(parsed(p, "2026-11-22 10:15:00.250"),
	    1795342500LL * 1000 + 250);
	CHECK_INT(parsed(p, "2026-11-22T10:15:00"), BAD);
	CHECK_INT(parsed(p, "2026-11-22 10"), BAD);
	CHECK_INT(parsed(p, "2026-11-22 25:00"), BAD);
	CHECK_INT(parsed(p, "2026-11-22 10:15:00Z"), BAD);
	CHECK_INT(parsed(p, "2026-11-22 10:15:00 x"), BAD);
	CHECK_INT(parsed(p, "2026-11-22x"), BAD);
	CHECK_INT(parsed(p, ""), BAD);
}

static void
test_twitter(void)
{
	parser *p = ts_parse_twitter;

	CHECK_INT(parsed(p, "Wed Oct 10 20:19:24 +0000 2018"),
	    1539202764LL * 1000);
	CHECK_INT(parsed(p, "Tue Oct 31 22:10:47 +0000 2017"),
	    1509487847LL * 1000);
	CHECK_INT(parsed(p, "wed OCT 10 20:19:24 +0000 2018"),
	    1539202764LL * 1000);
	/* The day of the week is not checked against the date. */
	CHECK_INT(parsed(p, "Sun Oct 10 20:19:24 +0000 2018"),
	    1539202764LL * 1000);
	CHECK_INT(parsed(p, "Wed Oct 10 22:19:24 +0200 2018"),
	    1539202764LL * 1000);
	CHECK_INT(parsed(p, "Wed Oct 10 19:19:24 -0100 2018"),
	    1539202764LL * 1000);
	CHECK_INT(parsed(p, " Wed Oct 10 20:19:24 +0000 2018\n"),
	    1539202764LL * 1000);
	CHECK_INT(parsed(p, "Wex Oct 10 20:19:24 +0000 2018"), BAD);
	CHECK_INT(parsed(p, "Wednesday Oct 10 20:19:24 +0000 2018"), BAD);
	CHECK_INT(parsed(p, "Wed Oct 32 20:19:24 +0000 2018"), BAD);
	CHECK_INT(parsed(p, "Wed Oct 10 20:19:24 +0000 2018 x"), BAD);
	CHECK_INT(parsed(p, "Wed Oct 10 20:19:24 2018"), BAD);
	CHECK_INT(parsed(p, "Wed Oct 10 20:19:24 +00:00 2018"), BAD);
	CHECK_INT(parsed(p, "WedOct 10 20:19:24 +0000 2018"), BAD);
	CHECK_INT(parsed(p, ""), BAD);
}

static void
test_rfc5322(void)
{
	parser *p = ts_parse_rfc5322;
	const int64_t t = 1057049557LL * 1000;	/* 2003-07-01T08:52:37Z */
	const int64_t noon = 1057056720LL * 1000;	/* ...T10:52:00Z */

	CHECK_INT(parsed(p, "Tue, 1 Jul 2003 10:52:37 +0200"), t);
	CHECK_INT(parsed(p, "1 Jul 2003 10:52:37 +0200"), t);
	CHECK_INT(parsed(p, "Tue, 01 Jul 2003 10:52:37 +0200"), t);
	CHECK_INT(parsed(p, "tue, 1 jul 2003 10:52:37 +0200"), t);
	CHECK_INT(parsed(p, "Tue , 1 Jul 2003 10:52:37 +0200"), t);
	CHECK_INT(parsed(p, "Tue,1 Jul 2003 10:52:37 +0200"), t);
	CHECK_INT(parsed(p, "Tue, 1 Jul 2003 10:52 +0200"), t - 37000);
	CHECK_INT(parsed(p, "Tue, 1 Jul 03 10:52:37 +0200"), t);
	CHECK_INT(parsed(p, "Tue, 1 Jul 103 10:52:37 +0200"), t);
	CHECK_INT(parsed(p, "Fri, 1 Jul 49 10:52:37 +0200"),
	    2508742357LL * 1000);
	CHECK_INT(parsed(p, "Sat, 1 Jul 50 10:52:37 +0200"),
	    -615481643LL * 1000);
	CHECK_INT(parsed(p, "Fri, 1 Jan 99 00:00:00 GMT"), 915148800LL * 1000);
	CHECK_INT(parsed(p, "Tue, 1 Jul 2003 10:52:37 +0100 (CET)"), t + 3600000);
	CHECK_INT(parsed(p, "Tue, 1 Jul 2003 08:52:37 GMT (UTC)"), t);
	CHECK_INT(parsed(p, "Tue, 1 Jul 2003 08:52:37 (UTC)"), t);
	CHECK_INT(parsed(p, "Tue, 1 Jul 2003 08:52:37 +0000 (a (nested\\)) one)"),
	    t);
	CHECK_INT(parsed(p, "Tue,\r\n  1\tJul 2003\r\n\t10:52:37\r\n +0200\r\n"),
	    t);
	CHECK_INT(parsed(p, " (sent) Tue, 1 Jul 2003 10:52:37 +0200"), t);

	/* Obsolete zones. */
	CHECK_INT(parsed(p, "Tue, 1 Jul 2003 10:52:00 UT"), noon);
	CHECK_INT(parsed(p, "Tue, 1 Jul 2003 10:52:00 gmt"), noon);
	CHECK_INT(parsed(p, "Tue, 1 Jul 2003 10:52:00 UTC"), noon);
	CHECK_INT(parsed(p, "Tue, 1 Jul 2003 05:52:00 EST"), noon);
	CHECK_INT(parsed(p, "Tue, 1 Jul 2003 06:52:00 EDT"), noon);
	CHECK_INT(parsed(p, "Tue, 1 Jul 2003 04:52:00 CST"), noon);
	CHECK_INT(parsed(p, "Tue, 1 Jul 2003 05:52:00 CDT"), noon);
	CHECK_INT(parsed(p, "Tue, 1 Jul 2003 03:52:00 MST"), noon);
	CHECK_INT(parsed(p, "Tue, 1 Jul 2003 04:52:00 MDT"), noon);
	CHECK_INT(parsed(p, "Tue, 1 Jul 2003 02:52:00 PST"), noon);
	CHECK_INT(parsed(p, "Tue, 1 Jul 2003 03:52:00 PDT"), noon);
	CHECK_INT(parsed(p, "Tue, 1 Jul 2003 10:52:00 Z"), noon);
	CHECK_INT(parsed(p, "Tue, 1 Jul 2003 10:52:00 A"), noon);
	CHECK_INT(parsed(p, "Tue, 1 Jul 2003 10:52:00 y"), noon);
	CHECK_INT(parsed(p, "Tue, 1 Jul 2003 10:52:00"), noon);
	CHECK_INT(parsed(p, "Tue, 1 Jul 2003 10:52:00 -0000"), noon);

	CHECK_INT(parsed(p, "Tue, 1 Jul 2003 10:52:00 J"), BAD);
	CHECK_INT(parsed(p, "Tue, 1 Jul 2003 10:52:00 CET"), BAD);
	CHECK_INT(parsed(p, "Tue, 1 Jul 2003 10:52:00 EESTX"), BAD);
	CHECK_INT(parsed(p, "Tue, 1 Jul 2003 10:52:00 +0200 x"), BAD);
	CHECK_INT(parsed(p, "Tue, 1 Jul 2003 10:52:00 +2400"), BAD);
	CHECK_INT(parsed(p, "Tue, 1 Jul 2003 10:52:00 +020"), BAD);
	CHECK_INT(parsed(p, "Tue, 1 Jul 2003 10:52:00 +0200 (CET"), BAD);
	CHECK_INT(parsed(p, "Tue 1 Jul 2003 10:52:00 +0200"), BAD);
	CHECK_INT(parsed(p, "Tuesday, 1 Jul 2003 10:52:00 +0200"), BAD);
	CHECK_INT(parsed(p, "Tue, 1 July 2003 10:52:00 +0200"), BAD);
	CHECK_INT(parsed(p, "Tue, 32 Jul 2003 10:52:00 +0200"), BAD);
	CHECK_INT(parsed(p, "Tue, 1Jul 2003 10:52:00 +0200"), BAD);
	CHECK_INT(parsed(p, "Tue, 1 Jul 20031 10:52:00 +0200"), BAD);
	CHECK_INT(parsed(p, "Tue, 1 Jul 2 10:52:00 +0200"), BAD);
	CHECK_INT(parsed(p, "Tue, 1 Jul 2003 10:52:0 +0200"), BAD);
	CHECK_INT(parsed(p, "Sun, 29 Feb 2023 10:52:00 +0000"), BAD);
	CHECK_INT(parsed(p, "yesterday"), BAD);
	CHECK_INT(parsed(p, ""), BAD);
}

static void
test_unix(void)
{
	parser *p = ts_parse_unix;

	CHECK_INT(parsed(p, "1697043223"), 1697043223LL * 1000);
	CHECK_INT(parsed(p, "1548711582440"), 1548711582440LL);
	CHECK_INT(parsed(p, "1432228155593"), 1432228155593LL);
	CHECK_INT(parsed(p, "1697043223.5"), 1697043223LL * 1000 + 500);
	CHECK_INT(parsed(p, "1697043223.123999"), 1697043223LL * 1000 + 123);
	CHECK_INT(parsed(p, "1548711582440.9"), 1548711582440LL);
	CHECK_INT(parsed(p, " 0 \n"), 0);
	CHECK_INT(parsed(p, "99999999999"), 99999999999LL * 1000);
	CHECK_INT(parsed(p, "100000000000"), 100000000000LL);
	CHECK_INT(parsed(p, "000000000000000001697043223"), 1697043223LL * 1000);
	CHECK_INT(parsed(p, "253402300799999"), MAX_MS);
	CHECK_INT(parsed(p, "253402300800000"), BAD);
	CHECK_INT(parsed(p, "99999999999999999999999999"), BAD);
	CHECK_INT(parsed(p, "-1"), BAD);
	CHECK_INT(parsed(p, "+1"), BAD);
	CHECK_INT(parsed(p, "12a"), BAD);
	CHECK_INT(parsed(p, "1e9"), BAD);
	CHECK_INT(parsed(p, "1."), BAD);
	CHECK_INT(parsed(p, ".5"), BAD);
	CHECK_INT(parsed(p, "1 2"), BAD);
	CHECK_INT(parsed(p, ""), BAD);

	CHECK_INT(ts_from_unix(1697043223.0), 1697043223LL * 1000);
	CHECK_INT(ts_from_unix(1697043223.123), 1697043223LL * 1000 + 123);
	CHECK_INT(ts_from_unix(1.001), 1001);
	CHECK_INT(ts_from_unix(1548711582440.0), 1548711582440LL);
	CHECK_INT(ts_from_unix(1432228155593.0), 1432228155593LL);
	CHECK_INT(ts_from_unix(99999999999.0), 99999999999LL * 1000);
	CHECK_INT(ts_from_unix(100000000000.0), 100000000000LL);
	CHECK_INT(ts_from_unix(0.0), 0);
	CHECK_INT(ts_from_unix(-1.5), -1500);
	CHECK_INT(ts_from_unix(1e300), MAX_MS);
	CHECK_INT(ts_from_unix(-1e300), MIN_MS);
	CHECK_INT(ts_from_unix(NAN), 0);
}

static void
test_any(void)
{
	parser *p = ts_parse_any;

	CHECK_INT(parsed(p, "2026-11-22T07:15:00-03:00"), 1795342500LL * 1000);
	CHECK_INT(parsed(p, "2026-11-22 10:15:00Z"), 1795342500LL * 1000);
	CHECK_INT(parsed(p, "2026-11-22 10:15"), 1795342500LL * 1000);
	CHECK_INT(parsed(p, "2026-11-22"), 1795305600LL * 1000);
	CHECK_INT(parsed(p, "Wed Oct 10 20:19:24 +0000 2018"),
	    1539202764LL * 1000);
	CHECK_INT(parsed(p, "Tue, 1 Jul 2003 10:52:37 +0200"),
	    1057049557LL * 1000);
	CHECK_INT(parsed(p, "1697043223"), 1697043223LL * 1000);
	CHECK_INT(parsed(p, "1548711582440"), 1548711582440LL);
	CHECK_INT(parsed(p, "2026-11-22T10:15:00"), BAD);
	CHECK_INT(parsed(p, "2026-13-01T00:00:00Z"), BAD);
	CHECK_INT(parsed(p, "2026-11-22T10:15:00Zx"), BAD);
	CHECK_INT(parsed(p, "yesterday"), BAD);
	CHECK_INT(parsed(p, ""), BAD);
}

static void
test_format(void)
{
	char buf[TS_BUFSZ];

	CHECK(ts_format(0, buf) == buf);
	CHECK_STR(buf, "1970-01-01T00:00:00Z");
	CHECK_STR(formatted(1795342500LL * 1000 + 999), "2026-11-22T10:15:00Z");
	CHECK_STR(formatted(-1), "1969-12-31T23:59:59Z");
	CHECK_STR(formatted(-1000), "1969-12-31T23:59:59Z");
	CHECK_STR(formatted(-1001), "1969-12-31T23:59:58Z");
	CHECK_STR(formatted(951782400LL * 1000), "2000-02-29T00:00:00Z");
	CHECK_STR(formatted(1704069000LL * 1000), "2024-01-01T00:30:00Z");
	CHECK_STR(formatted(-2203891200LL * 1000), "1900-03-01T00:00:00Z");
	CHECK_STR(formatted(MIN_MS), "0000-01-01T00:00:00Z");
	CHECK_STR(formatted(MAX_MS), "9999-12-31T23:59:59Z");
	/* Beyond the range the ends are printed, still fixed-width. */
	CHECK_STR(formatted(INT64_MIN), "0000-01-01T00:00:00Z");
	CHECK_STR(formatted(INT64_MAX), "9999-12-31T23:59:59Z");
}

/* Step through the whole range; the result must parse back to itself. */
static void
test_round_trip(void)
{
	char buf[TS_BUFSZ], prev[TS_BUFSZ] = "";
	int64_t ms, back, whole;
	int bad = 0, unordered = 0;

	for (ms = MIN_MS; ms <= MAX_MS; ms += 4 * 7919LL * 104729 + 37) {
		ts_format(ms, buf);
		whole = ms - (ms % 1000 + 1000) % 1000;
		if (ts_parse_rfc3339(buf, &back) != 0 || back != whole ||
		    ts_parse_any(buf, &back) != 0 || back != whole ||
		    strlen(buf) != 20)
			bad++;
		if (strcmp(prev, buf) >= 0)
			unordered++;
		memcpy(prev, buf, sizeof(buf));
	}
	CHECK_INT(bad, 0);
	CHECK_INT(unordered, 0);
}

static void
test_civil(void)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };
	int64_t day;
	int y = 0, m = 1, d = 1, gy, gm, gd, len, bad = 0;

	CHECK_INT(ts_days_from_civil(1970, 1, 1), 0);
	CHECK_INT(ts_days_from_civil(1969, 12, 31), -1);
	CHECK_INT(ts_days_from_civil(2000, 3, 1), 951868800LL / 86400);
	CHECK_INT(ts_days_from_civil(1600, 2, 29), -11670998400LL / 86400);
	CHECK_INT(ts_days_from_civil(0, 1, 1), -62167219200LL / 86400);
	CHECK_INT(ts_days_from_civil(9999, 12, 31), 253402214400LL / 86400);
	ts_civil_from_days(-1, &gy, &gm, &gd);
	CHECK(gy == 1969 && gm == 12 && gd == 31);
	ts_civil_from_days(19782, &gy, &gm, &gd);	/* 1709164800 / 86400 */
	CHECK(gy == 2024 && gm == 2 && gd == 29);

	/*
	 * Walk every day of years 0 to 9999, advancing the date by hand with
	 * the Gregorian rule, and compare both directions.
	 */
	for (day = ts_days_from_civil(0, 1, 1); y <= 9999; day++) {
		ts_civil_from_days(day, &gy, &gm, &gd);
		if (gy != y || gm != m || gd != d ||
		    ts_days_from_civil(y, m, d) != day)
			bad++;
		len = mdays[m - 1] + (m == 2 && y % 4 == 0 &&
		    (y % 100 != 0 || y % 400 == 0));
		if (++d > len) {
			d = 1;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
	}
	CHECK_INT(bad, 0);
	CHECK_INT(day, 253402300800LL / 86400);	/* 10000-01-01 */
}

int
main(void)
{
	test_rfc3339();
	test_leap_years();
	test_sql();
	test_twitter();
	test_rfc5322();
	test_unix();
	test_any();
	test_format();
	test_round_trip();
	test_civil();
	return CHECK_DONE();
}
