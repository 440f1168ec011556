/* staffing.h - what staffing.c (the plan) and staffing_args.c (its
 * command line and the report zone's days) share */
#ifndef SCS_STAFFING_H
#define SCS_STAFFING_H

#include <getopt.h>
#include <stdint.h>

#include <jansson.h>

#include "report.h"

struct expect {
	const char	*arg;
	double		 mult;
	int64_t		 from, to;	/* UTC seconds, resolved in run() */
	int		 used;
};

/* The command line's choices. */
struct staffopt {
	const char	 *day;
	int		  weeks;	/* 0: report.yaml's */
	int64_t		  interval;	/* 0: report.yaml's */
	struct expect	 *expect;
	size_t		  nexpect;
	char		**channels;
	size_t		  nchannels;
	double		  arrivals;	/* < 0: measured */
	double		  aht;		/* < 0: measured */
	double		  shrinkage;	/* < 0: report.yaml's */
	int		  hfrom, hto;	/* --hours: local minutes of the day */
};
extern struct staffopt sopt;

extern const struct option staffing_options[];
extern const char staffing_usage[];
int	staffing_option(int c, const char *arg);
void	staffing_options_free(void);

/* "15m", "30m", "1h" (or 900, 1800, 3600): seconds, else -1. */
int64_t	interval_secs(json_t *);

/* Days in the report's zone: day numbers count from 1970-01-01. */
extern const char *const wdays[7];	/* Monday first */
int64_t	floor_div(int64_t a, int64_t b);
long	zone_offset(const struct query *, int64_t t);
int64_t	to_utc(const struct query *, int64_t local);
const char *day_text(int64_t day, char *buf, size_t bufsz);
int	weekday(int64_t day);			/* Monday 0 */
int64_t	parse_day(const char *s);		/* "2026-11-24", else -1 */
/* An --expect window's times for the day planned (exits 64 if bad). */
void	resolve_expect(const struct query *, int64_t day, struct expect *);

#endif
