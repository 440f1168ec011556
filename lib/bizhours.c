/* bizhours.c - business hours in a named time zone, with holidays */
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bizhours.h"
#include "tstamp.h"

#define MAX_SPANS	4		/* per weekday */
#define OFF_CACHE	64		/* offsets remembered, per calendar */
#define OFF_BUCKET	900		/* zones change offset on quarter hours */
#define DAY_CACHE	4096		/* whole UTC days of one offset */
#define SEARCH_DAYS	550

struct span {
	int	from, to;		/* minutes after local midnight */
};

struct bizhours {
	char		*tz;
	struct span	 week[7][MAX_SPANS];	/* 0 is Sunday */
	int		 nspans[7];
	int64_t		*holidays;		/* local days since 1970 */
	size_t		 nholidays;
	int64_t		 cache_key[OFF_CACHE];
	long		 cache_off[OFF_CACHE];
	/* Most days have one offset all day: known per day, reports over
	 * months of times hit it; a day with a change (LONG_MIN) goes to
	 * the quarter-hour cache. */
	int64_t		 day_key[DAY_CACHE];
	long		 day_off[DAY_CACHE];
};

static const char *const day_names[7] = {
	"sun", "mon", "tue", "wed", "thu", "fri", "sat"
};

/* The zone localtime_r uses now: switched only when another is wanted,
 * as tzset reads the zone's file. */
static char current_tz[256];

static int
zone_exists(const char *tz)
{
	const char *dir = getenv("TZDIR");
	char path[1024];

	if (tz[0] == '\0' || tz[0] == '/' || strstr(tz, "..") != NULL)
		return 0;
	if (strcmp(tz, "UTC") == 0)
		return 1;
	snprintf(path, sizeof(path), "%s/%s", dir ? dir :
	    "/usr/share/zoneinfo", tz);
	return access(path, R_OK) == 0;
}

struct bizhours *
bh_new(const char *tz, char *err, size_t errlen)
{
	struct bizhours *bh;
	size_t i;

	if (strlen(tz) >= sizeof(current_tz) || !zone_exists(tz)) {
		snprintf(err, errlen, "unknown time zone \"%s\" (expected an "
		    "IANA name such as America/Argentina/Buenos_Aires)", tz);
		return NULL;
	}
	if ((bh = calloc(1, sizeof(*bh))) == NULL ||
	    (bh->tz = strdup(tz)) == NULL) {
		free(bh);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	for (i = 0; i < OFF_CACHE; i++)
		bh->cache_key[i] = INT64_MIN;
	for (i = 0; i < DAY_CACHE; i++)
		bh->day_key[i] = INT64_MIN;
	return bh;
}

void
bh_free(struct bizhours *bh)
{
	if (bh == NULL)
		return;
	free(bh->tz);
	free(bh->holidays);
	free(bh);
}

const char *
bh_tz(const struct bizhours *bh)
{
	return bh->tz;
}

static int
day_index(const char *s, size_t n)
{
	int i;

	if (n != 3)
		return -1;
	for (i = 0; i < 7; i++)
		if (strncmp(s, day_names[i], 3) == 0)
			return i;
	return -1;
}

/* "08:00" as minutes; 24:00 only when end is set. */
static int
clock_minutes(const char *s, int end)
{
	int h, m, n = 0;

	if (sscanf(s, "%2d:%2d%n", &h, &m, &n) != 2 || n != 5 || m < 0 ||
	    m > 59 || h < 0 || h > 24 || (h == 24 && (m != 0 || !end)))
		return -1;
	return h * 60 + m;
}

static int
add_span(struct bizhours *bh, int day, int from, int to, char *err,
    size_t errlen)
{
	struct span *sp = bh->week[day];
	int n = bh->nspans[day], i;

	if (n == MAX_SPANS) {
		snprintf(err, errlen, "more than %d spans on %s", MAX_SPANS,
		    day_names[day]);
		return -1;
	}
	for (i = 0; i < n; i++)
		if (from < sp[i].to && sp[i].from < to) {
			snprintf(err, errlen, "spans overlap on %s",
			    day_names[day]);
			return -1;
		}
	/* Kept in order of time. */
	for (i = n; i > 0 && sp[i - 1].from > from; i--)
		sp[i] = sp[i - 1];
	sp[i].from = from;
	sp[i].to = to;
	bh->nspans[day]++;
	return 0;
}

int
bh_add_hours(struct bizhours *bh, const char *days, const char *spans,
    char *err, size_t errlen)
{
	const char *dash = strchr(days, '-');
	int first, last, from, to, d;

	first = day_index(days, dash ? (size_t)(dash - days) : strlen(days));
	last = dash ? day_index(dash + 1, strlen(dash + 1)) : first;
	if (first < 0 || last < 0) {
		snprintf(err, errlen, "bad days \"%s\" (expected mon, "
		    "mon-fri, sat-sun...)", days);
		return -1;
	}
	if (strlen(spans) != 11 || spans[5] != '-' ||
	    (from = clock_minutes(spans, 0)) < 0 ||
	    (to = clock_minutes(spans + 6, 1)) < 0 || to <= from) {
		snprintf(err, errlen, "bad hours \"%s\" (expected HH:MM-HH:MM,"
		    " the end after the start)", spans);
		return -1;
	}
	for (d = first;; d = (d + 1) % 7) {
		if (add_span(bh, d, from, to, err, errlen) == -1)
			return -1;
		if (d == last)
			break;
	}
	return 0;
}

int
bh_add_holiday(struct bizhours *bh, const char *date, char *err,
    size_t errlen)
{
	int y, m, d, n = 0;
	int64_t *v;

	if (sscanf(date, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 ||
	    n != 10 || date[n] != '\0' || m < 1 || m > 12 || d < 1 ||
	    d > 31) {
		snprintf(err, errlen, "bad holiday \"%s\" (expected "
		    "YYYY-MM-DD)", date);
		return -1;
	}
	if ((v = realloc(bh->holidays, (bh->nholidays + 1) *
	    sizeof(*v))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	bh->holidays = v;
	v[bh->nholidays++] = ts_days_from_civil(y, m, d);
	return 0;
}

int
bh_has_hours(const struct bizhours *bh)
{
	int d;

	for (d = 0; d < 7; d++)
		if (bh->nspans[d] > 0)
			return 1;
	return 0;
}

static int
is_holiday(const struct bizhours *bh, int64_t day)
{
	size_t i;

	for (i = 0; i < bh->nholidays; i++)
		if (bh->holidays[i] == day)
			return 1;
	return 0;
}

static int64_t
floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

static long
zone_offset(struct bizhours *bh, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (strcmp(current_tz, bh->tz) != 0) {
		snprintf(current_tz, sizeof(current_tz), "%s", bh->tz);
		setenv("TZ", bh->tz, 1);
		tzset();
	}
	if (localtime_r(&tt, &tm) == NULL)
		return 0;
	return tm.tm_gmtoff;
}

long
bh_offset(struct bizhours *bh, int64_t t)
{
	int64_t day = floor_div(t, 86400);
	size_t dslot = (size_t)(day & (DAY_CACHE - 1));
	int64_t key;
	size_t slot;
	long off;

	if (bh->day_key[dslot] != day) {
		/* Same at both ends: no change inside (zones change at
		 * most twice a year, never there and back in a day). */
		off = zone_offset(bh, day * 86400);
		bh->day_key[dslot] = day;
		bh->day_off[dslot] = zone_offset(bh, day * 86400 + 86399) ==
		    off ? off : LONG_MIN;
	}
	if (bh->day_off[dslot] != LONG_MIN)
		return bh->day_off[dslot];
	key = floor_div(t, OFF_BUCKET);
	slot = (size_t)(key & (OFF_CACHE - 1));
	if (bh->cache_key[slot] == key)
		return bh->cache_off[slot];
	off = zone_offset(bh, t);
	bh->cache_key[slot] = key;
	bh->cache_off[slot] = off;
	return off;
}

/*
 * The offsets half a day before and after local are those on either
 * side of a transition near it (zones are within 14 hours of UTC, and
 * two transitions are never that close).
 */
int64_t
bh_to_utc(struct bizhours *bh, int64_t local)
{
	long early = bh_offset(bh, local - 50400);
	long late = bh_offset(bh, local + 50400);
	int64_t ue = local - early, ul = local - late;
	int ok_e = bh_offset(bh, ue) == early;
	int ok_l = bh_offset(bh, ul) == late;

	if (ok_e && ok_l)
		return ue < ul ? ue : ul;	/* twice: the first */
	if (ok_e)
		return ue;
	if (ok_l)
		return ul;
	/* In the gap of a jump forward: the later reading. */
	return ue > ul ? ue : ul;
}

int
bh_next(struct bizhours *bh, int64_t t, int64_t *start, int64_t *end)
{
	int64_t local = t + bh_offset(bh, t), day, d, s, e;
	int wd, i;

	day = floor_div(local, 86400);
	/* From the day before: a span of yesterday may still be open. */
	for (d = day - 1; d <= day + SEARCH_DAYS; d++) {
		if (is_holiday(bh, d))
			continue;
		wd = (int)(((d + 4) % 7 + 7) % 7);
		for (i = 0; i < bh->nspans[wd]; i++) {
			e = bh_to_utc(bh, d * 86400 + bh->week[wd][i].to * 60);
			if (e <= t)
				continue;
			s = bh_to_utc(bh, d * 86400 +
			    bh->week[wd][i].from * 60);
			*start = s;
			*end = e;
			return 0;
		}
	}
	return -1;
}

int
bh_is_open(struct bizhours *bh, int64_t t)
{
	int64_t s, e;

	return bh_next(bh, t, &s, &e) == 0 && s <= t;
}

int64_t
bh_add(struct bizhours *bh, int64_t t, int64_t secs)
{
	int64_t s, e;
	int guard;

	for (guard = 0; guard < 4000; guard++) {
		if (bh_next(bh, t, &s, &e) == -1)
			return -1;
		if (s < t)
			s = t;
		if (secs <= e - s)
			return s + secs;
		secs -= e - s;
		t = e;
	}
	return -1;
}

int64_t
bh_between(struct bizhours *bh, int64_t t0, int64_t t1)
{
	int64_t s, e, open = 0;

	/* Day by day: a span that ends at 24:00 and one that starts at
	 * 00:00 next day are two intervals, and both count in full. */
	while (t0 < t1) {
		if (bh_next(bh, t0, &s, &e) == -1 || s >= t1)
			break;
		if (s < t0)
			s = t0;
		if (e > t1)
			e = t1;
		open += e - s;
		t0 = e;
	}
	return open;
}

int64_t
bh_prev_close(struct bizhours *bh, int64_t t)
{
	int64_t local = t + bh_offset(bh, t), day, d, e;
	int wd, i;

	day = floor_div(local, 86400);
	for (d = day + 1; d >= day - 8; d--) {
		if (is_holiday(bh, d))
			continue;
		wd = (int)(((d + 4) % 7 + 7) % 7);
		for (i = bh->nspans[wd] - 1; i >= 0; i--) {
			e = bh_to_utc(bh, d * 86400 + bh->week[wd][i].to * 60);
			if (e <= t)
				return e;
		}
	}
	return t - 8 * 86400;
}
