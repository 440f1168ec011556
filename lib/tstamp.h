/* tstamp.h - timestamps: parse the channels' formats, print RFC 3339 UTC */
#ifndef SCS_TSTAMP_H
#define SCS_TSTAMP_H

#include <stddef.h>
#include <stdint.h>

/*
 * All times are int64 milliseconds since 1970-01-01T00:00:00Z.  Every
 * parser returns 0 on success and -1 when the whole string is not a valid
 * time in its format (trailing garbage is an error; surrounding
 * whitespace is not).  No parser consults the local time zone.
 */

/* 2026-11-22T10:15:00Z, with optional .fraction and Z or ±hh:mm offset;
 * "t"/"z" and a space instead of T are accepted. */
int	ts_parse_rfc3339(const char *s, int64_t *ms);

/* Twitter v1: "Wed Oct 10 20:19:24 +0000 2018". */
int	ts_parse_twitter(const char *s, int64_t *ms);

/* RFC 5322 date-time: "Tue, 1 Jul 2003 10:52:37 +0200", day name and
 * seconds optional, obsolete zones (GMT, UT, EST, EDT, CST, CDT, MST, MDT,
 * PST, PDT, military letters) accepted, comments "(CET)" ignored, two- and
 * three-digit years per RFC 5322 4.3. */
int	ts_parse_rfc5322(const char *s, int64_t *ms);

/* Decimal Unix time as a string of digits (optionally with a fraction):
 * values below 1e11 are seconds, above are milliseconds. */
int	ts_parse_unix(const char *s, int64_t *ms);

/* Same rule for a number already parsed (JSON integer or real). */
int64_t	ts_from_unix(double v);

/* "2026-11-22 10:15:00" (SQL exports), taken as UTC; seconds optional. */
int	ts_parse_sql(const char *s, int64_t *ms);

/* Try every format above, in a fixed order. */
int	ts_parse_any(const char *s, int64_t *ms);

/* Civil date conversion (proleptic Gregorian, any year 0..9999). */
int64_t	ts_days_from_civil(int y, int m, int d);
void	ts_civil_from_days(int64_t days, int *y, int *m, int *d);

/* Format as "YYYY-MM-DDTHH:MM:SSZ" (milliseconds truncated, so that
 * every stored time compares correctly as a string).  buf must hold
 * TS_BUFSZ bytes.  Returns buf. */
#define TS_BUFSZ 32
char	*ts_format(int64_t ms, char *buf);

#endif
