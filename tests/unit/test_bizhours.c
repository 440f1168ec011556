/* test_bizhours.c - unit tests for lib/bizhours.c: hours, holidays, DST */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "bizhours.h"
#include "check.h"
#include "tstamp.h"

static int64_t
at(const char *s)
{
	int64_t ms;

	if (ts_parse_rfc3339(s, &ms) == -1) {
		fprintf(stderr, "bad test time %s\n", s);
		return 0;
	}
	return ms / 1000;
}

static const char *
fmt(int64_t t)
{
	static char buf[TS_BUFSZ];

	return ts_format(t * 1000, buf);
}

static struct bizhours *
madrid(void)
{
	char err[256];
	struct bizhours *bh = bh_new("Europe/Madrid", err, sizeof(err));

	CHECK(bh != NULL);
	CHECK_INT(bh_add_hours(bh, "mon-fri", "09:00-18:00", err,
	    sizeof(err)), 0);
	CHECK_INT(bh_add_hours(bh, "sat", "10:00-14:00", err, sizeof(err)), 0);
	CHECK_INT(bh_add_holiday(bh, "2026-12-25", err, sizeof(err)), 0);
	return bh;
}

static void
test_parse_errors(void)
{
	char err[256];
	struct bizhours *bh;

	CHECK(bh_new("Mars/Olympus_Mons", err, sizeof(err)) == NULL);
	CHECK(strstr(err, "unknown time zone") != NULL);
	CHECK(bh_new("../etc/passwd", err, sizeof(err)) == NULL);
	bh = bh_new("UTC", err, sizeof(err));
	CHECK(bh != NULL);
	CHECK(!bh_has_hours(bh));
	CHECK_INT(bh_add_hours(bh, "mon-fry", "09:00-18:00", err,
	    sizeof(err)), -1);
	CHECK_INT(bh_add_hours(bh, "mon", "18:00-09:00", err, sizeof(err)), -1);
	CHECK_INT(bh_add_hours(bh, "mon", "9:00-18:00", err, sizeof(err)), -1);
	CHECK_INT(bh_add_hours(bh, "mon", "09:00-25:00", err, sizeof(err)), -1);
	CHECK_INT(bh_add_hours(bh, "mon", "00:00-24:00", err, sizeof(err)), 0);
	CHECK_INT(bh_add_hours(bh, "sun-mon", "10:00-11:00", err, sizeof(err)),
	    -1);	/* overlaps monday's */
	CHECK(strstr(err, "overlap") != NULL);
	CHECK_INT(bh_add_holiday(bh, "2026-13-01", err, sizeof(err)), -1);
	CHECK_INT(bh_add_holiday(bh, "2026-12-25x", err, sizeof(err)), -1);
	bh_free(bh);
}

static void
test_open_and_next(void)
{
	struct bizhours *bh = madrid();
	int64_t s, e;

	/* Winter, UTC+1: Monday 2026-11-23 09:00 local is 08:00Z. */
	CHECK(!bh_is_open(bh, at("2026-11-23T07:59:59Z")));
	CHECK(bh_is_open(bh, at("2026-11-23T08:00:00Z")));
	CHECK(!bh_is_open(bh, at("2026-11-23T17:00:00Z")));
	CHECK_INT(bh_next(bh, at("2026-11-23T20:00:00Z"), &s, &e), 0);
	CHECK_STR(fmt(s), "2026-11-24T08:00:00Z");
	CHECK_STR(fmt(e), "2026-11-24T17:00:00Z");
	/* Saturday afternoon: Monday. */
	CHECK_INT(bh_next(bh, at("2026-11-28T14:00:00Z"), &s, &e), 0);
	CHECK_STR(fmt(s), "2026-11-30T08:00:00Z");
	/* Christmas is a holiday (a Friday): Saturday 10:00. */
	CHECK_INT(bh_next(bh, at("2026-12-24T18:00:00Z"), &s, &e), 0);
	CHECK_STR(fmt(s), "2026-12-26T09:00:00Z");
	bh_free(bh);
}

static void
test_dst(void)
{
	struct bizhours *bh = madrid();
	int64_t s, e;

	/* Clocks go forward on Sunday 2026-03-29 (01:00Z): Friday opens
	 * at 08:00Z, Monday at 07:00Z. */
	CHECK_INT(bh_next(bh, at("2026-03-27T07:00:00Z"), &s, &e), 0);
	CHECK_STR(fmt(s), "2026-03-27T08:00:00Z");
	CHECK_INT(bh_next(bh, at("2026-03-28T13:00:00Z"), &s, &e), 0);
	CHECK_STR(fmt(s), "2026-03-30T07:00:00Z");
	CHECK_INT(bh_offset(bh, at("2026-03-29T00:59:59Z")), 3600);
	CHECK_INT(bh_offset(bh, at("2026-03-29T01:00:00Z")), 7200);
	/* 02:30 that day does not exist: the later reading, 01:30Z. */
	CHECK_STR(fmt(bh_to_utc(bh, at("2026-03-29T02:30:00Z"))),
	    "2026-03-29T01:30:00Z");
	/* 02:30 on 2026-10-25 happens twice: the first, 00:30Z. */
	CHECK_STR(fmt(bh_to_utc(bh, at("2026-10-25T02:30:00Z"))),
	    "2026-10-25T00:30:00Z");
	/* Four open hours from Friday 16:00 CET (15:00Z): two on Friday,
	 * two on Saturday after the change?  No: Saturday is before it;
	 * Saturday 10:00-12:00 CET = 09:00-11:00Z. */
	CHECK_STR(fmt(bh_add(bh, at("2026-03-27T15:00:00Z"), 4 * 3600)),
	    "2026-03-28T11:00:00Z");
	/* Eight open hours from Saturday 13:00 CET: one on Saturday, seven
	 * on Monday in CEST: 09:00 + 7h = 16:00 CEST = 14:00Z. */
	CHECK_STR(fmt(bh_add(bh, at("2026-03-28T12:00:00Z"), 8 * 3600)),
	    "2026-03-30T14:00:00Z");
	/* Closed since Saturday 14:00 CET = 13:00Z. */
	CHECK_STR(fmt(bh_prev_close(bh, at("2026-03-29T12:00:00Z"))),
	    "2026-03-28T13:00:00Z");
	bh_free(bh);
}

static void
test_southern_zone(void)
{
	char err[256];
	struct bizhours *bh = bh_new("America/Argentina/Buenos_Aires", err,
	    sizeof(err));
	int64_t s, e;

	CHECK(bh != NULL);
	CHECK_INT(bh_add_hours(bh, "mon-fri", "08:00-20:00", err,
	    sizeof(err)), 0);
	/* UTC-3: Monday 2026-11-23 02:00Z is Sunday 23:00 local. */
	CHECK_INT(bh_next(bh, at("2026-11-23T02:00:00Z"), &s, &e), 0);
	CHECK_STR(fmt(s), "2026-11-23T11:00:00Z");
	CHECK_STR(fmt(e), "2026-11-23T23:00:00Z");
	/* Open past UTC midnight (20:00 local is 23:00Z). */
	CHECK(bh_is_open(bh, at("2026-11-23T22:59:00Z")));
	CHECK(!bh_is_open(bh, at("2026-11-23T23:00:00Z")));
	bh_free(bh);
}

/* Business seconds between two instants: nights, weekends, holidays
 * and DST days counted as the clock on the wall says. */
static void
test_between(void)
{
	char err[256];
	struct bizhours *bh = madrid(), *always, *nights;

	/* Friday 17:00 to Monday 10:00 (CET): 1 h + Sat 4 h + 1 h */
	CHECK_INT(bh_between(bh, at("2026-11-20T16:00:00Z"),
	    at("2026-11-23T09:00:00Z")), 6 * 3600);
	/* inside one span; reversed; empty */
	CHECK_INT(bh_between(bh, at("2026-11-23T09:00:00Z"),
	    at("2026-11-23T09:30:00Z")), 1800);
	CHECK_INT(bh_between(bh, at("2026-11-23T10:00:00Z"),
	    at("2026-11-23T09:00:00Z")), 0);
	/* Christmas (a Friday) is closed all day */
	CHECK_INT(bh_between(bh, at("2026-12-24T16:00:00Z"),
	    at("2026-12-26T00:00:00Z")), 3600);
	bh_free(bh);

	always = bh_new("Europe/Madrid", err, sizeof(err));
	CHECK_INT(bh_add_hours(always, "mon-sun", "00:00-24:00", err,
	    sizeof(err)), 0);
	/* the spring-forward Sunday has 23 hours, the fall-back one 25 */
	CHECK_INT(bh_between(always, at("2026-03-28T23:00:00Z"),
	    at("2026-03-29T22:00:00Z")), 23 * 3600);
	CHECK_INT(bh_between(always, at("2026-10-24T22:00:00Z"),
	    at("2026-10-25T23:00:00Z")), 25 * 3600);
	/* a whole week open: every second */
	CHECK_INT(bh_between(always, at("2026-11-16T10:17:03Z"),
	    at("2026-11-23T10:17:03Z")), 7 * 86400);
	bh_free(always);

	/* a night shift across midnight: 22:00 to 02:00 local is 4 h */
	nights = bh_new("Europe/Madrid", err, sizeof(err));
	CHECK_INT(bh_add_hours(nights, "mon-sun", "20:00-24:00", err,
	    sizeof(err)), 0);
	CHECK_INT(bh_add_hours(nights, "mon-sun", "00:00-08:00", err,
	    sizeof(err)), 0);
	CHECK_INT(bh_between(nights, at("2026-11-20T21:00:00Z"),
	    at("2026-11-21T01:00:00Z")), 4 * 3600);
	/* the fall-back night, 20:00 CEST to 08:00 CET: 13 h on the wall */
	CHECK_INT(bh_between(nights, at("2026-10-24T18:00:00Z"),
	    at("2026-10-25T07:00:00Z")), 13 * 3600);
	bh_free(nights);
}

int
main(void)
{
	test_parse_errors();
	test_open_and_next();
	test_dst();
	test_southern_zone();
	test_between();
	return CHECK_DONE();
}
