/* bizhours.h - business hours in a named time zone, with holidays */
#ifndef SCS_BIZHOURS_H
#define SCS_BIZHOURS_H

#include <stddef.h>
#include <stdint.h>

/*
 * A week of opening hours in local time ("mon-fri 08:00-20:00") in an
 * IANA zone ("America/Argentina/Buenos_Aires"), and holidays (local
 * dates, closed all day).  Local times come from the system's tz
 * database (TZ, tzset, localtime_r), so offsets change at the zone's
 * own DST transitions; an opening time that does not exist on the day
 * the clocks go forward is taken as the moment they jump, and one that
 * happens twice when they go back as its first occurrence.
 *
 * Times are seconds since the epoch (UTC).  The process's TZ is
 * switched to each calendar's zone as needed: nothing else in a tool
 * may depend on local time.
 */
struct bizhours;

/* NULL with a message in err when the zone is not in the tz database. */
struct bizhours *bh_new(const char *tz, char *err, size_t errlen);
void	bh_free(struct bizhours *);
const char *bh_tz(const struct bizhours *);

/*
 * Add opening hours: days is "mon", "mon-fri", "sat-sun" (English
 * three-letter names, ranges may wrap: "fri-mon") and spans is
 * "08:00-20:00" ("24:00" may end a span).  Returns 0, or -1 with err.
 */
int	bh_add_hours(struct bizhours *, const char *days, const char *spans,
	    char *err, size_t errlen);
/* A holiday, "2026-12-25".  Returns 0, or -1 with err. */
int	bh_add_holiday(struct bizhours *, const char *date, char *err,
	    size_t errlen);
/* Is any hour open in a week? */
int	bh_has_hours(const struct bizhours *);

/* The zone's offset from UTC at t, in seconds. */
long	bh_offset(struct bizhours *, int64_t t);
/* The UTC time at which the local clock shows local (see above). */
int64_t	bh_to_utc(struct bizhours *, int64_t local);

/*
 * The opening interval that holds t, or else the next one: *start
 * (<= t when open now) and *end.  Returns 0, or -1 when none opens
 * within a year and a half.
 */
int	bh_next(struct bizhours *, int64_t t, int64_t *start, int64_t *end);
/* 1 when open at t. */
int	bh_is_open(struct bizhours *, int64_t t);
/* t plus secs of open time; -1 when it never opens. */
int64_t	bh_add(struct bizhours *, int64_t t, int64_t secs);
/* Open seconds in [t0, t1): what a clock that runs only in business
 * hours shows between them (0 when t1 <= t0). */
int64_t	bh_between(struct bizhours *, int64_t t0, int64_t t1);
/* When the latest closing at or before t was (t - 8 days if none). */
int64_t	bh_prev_close(struct bizhours *, int64_t t);

#endif
