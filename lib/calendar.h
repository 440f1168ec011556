/* calendar.h - named business hours from a rule file (route.yaml hours:) */
#ifndef SCS_CALENDAR_H
#define SCS_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "bizhours.h"
#include "yamljson.h"

/*
 *   hours:
 *     office:
 *       tz: America/Argentina/Buenos_Aires
 *       week: {mon-fri: "08:00-20:00", sat: "09:00-13:00", sun: closed}
 *       holidays: ["2026-12-25"]
 *
 * A week day may also take a list of spans.  Read by scs-route (SLA
 * deadlines) and scs-report (times in business hours), so that both
 * count the same hours.
 */
struct calendar {
	char		*name;
	struct bizhours	*bh;
};

struct calendars {
	struct calendar	*v;
	size_t		 n;
};

/* Read the hours: mapping of d (file path); a bad entry exits 78 with
 * its file:line:column. */
void	calendars_load(struct calendars *, struct yamldoc *d, const char *path,
	    json_t *hours);
/* The calendar named, or NULL. */
struct bizhours *calendars_find(const struct calendars *, const char *name);
void	calendars_free(struct calendars *);

/* "90s", "30m", "1h30m", "2d" or a whole number of seconds; -1 when
 * v is none of them. */
int64_t	yaml_duration(json_t *v);

#endif
