/* calendar.c - named business hours from a rule file */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "diag.h"

struct where {
	struct yamldoc	*doc;
	const char	*path;
};

static void __attribute__((noreturn, format(printf, 3, 4)))
bad(const struct where *w, json_t *at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ydoc_vfatal(w->doc, w->path, at, fmt, ap);
}

static const char *
string(const struct where *w, json_t *v, const char *what)
{
	if (!json_is_string(v))
		bad(w, v, "%s: expected a string", what);
	return json_string_value(v);
}

static void
week(const struct where *w, struct bizhours *bh, json_t *x)
{
	const char *days;
	json_t *spans, *e;
	char err[256];
	size_t i;

	if (!json_is_object(x))
		bad(w, x, "week: expected days and hours "
		    "(mon-fri: \"08:00-20:00\")");
	json_object_foreach(x, days, spans) {
		if (json_is_string(spans) &&
		    strcmp(json_string_value(spans), "closed") == 0)
			continue;
		if (json_is_string(spans)) {
			if (bh_add_hours(bh, days, json_string_value(spans),
			    err, sizeof(err)) == -1)
				bad(w, spans, "%s", err);
			continue;
		}
		if (!json_is_array(spans))
			bad(w, spans, "week.%s: expected hours or a list of "
			    "them", days);
		json_array_foreach(spans, i, e)
			if (bh_add_hours(bh, days, string(w, e, "week"), err,
			    sizeof(err)) == -1)
				bad(w, e, "%s", err);
	}
}

static struct bizhours *
calendar(const struct where *w, const char *name, json_t *v)
{
	struct bizhours *bh;
	const char *key;
	json_t *x, *e;
	char err[256];
	size_t i;

	if (!json_is_object(v) || !json_is_string(json_object_get(v, "tz")))
		bad(w, v, "hours.%s: expected tz:, week: and holidays:", name);
	if ((bh = bh_new(json_string_value(json_object_get(v, "tz")), err,
	    sizeof(err))) == NULL)
		bad(w, json_object_get(v, "tz"), "hours.%s: %s", name, err);
	json_object_foreach(v, key, x) {
		if (strcmp(key, "tz") == 0)
			continue;
		if (strcmp(key, "holidays") == 0) {
			if (!json_is_array(x))
				bad(w, x, "holidays: expected a list of dates");
			json_array_foreach(x, i, e)
				if (bh_add_holiday(bh, string(w, e,
				    "holidays"), err, sizeof(err)) == -1)
					bad(w, e, "%s", err);
		} else if (strcmp(key, "week") == 0)
			week(w, bh, x);
		else
			bad(w, x, "hours.%s: unknown key \"%s\" (expected tz, "
			    "week, holidays)", name, key);
	}
	if (!bh_has_hours(bh))
		bad(w, v, "hours.%s: no opening hours in the week", name);
	return bh;
}

void
calendars_load(struct calendars *cs, struct yamldoc *d, const char *path,
    json_t *hours)
{
	struct where w = { d, path };
	const char *name;
	json_t *v;

	if (!json_is_object(hours))
		bad(&w, hours, "hours: expected named business hours");
	json_object_foreach(hours, name, v) {
		cs->v = realloc(cs->v, (cs->n + 1) * sizeof(*cs->v));
		if (cs->v == NULL || (cs->v[cs->n].name = strdup(name)) ==
		    NULL)
			diag_fatal(EX_SOFTWARE, "out of memory");
		cs->v[cs->n].bh = calendar(&w, name, v);
		cs->n++;
	}
}

struct bizhours *
calendars_find(const struct calendars *cs, const char *name)
{
	size_t i;

	for (i = 0; i < cs->n; i++)
		if (strcmp(cs->v[i].name, name) == 0)
			return cs->v[i].bh;
	return NULL;
}

void
calendars_free(struct calendars *cs)
{
	size_t i;

	for (i = 0; i < cs->n; i++) {
		free(cs->v[i].name);
		bh_free(cs->v[i].bh);
	}
	free(cs->v);
	cs->v = NULL;
	cs->n = 0;
}

int64_t
yaml_duration(json_t *v)
{
	const char *s, *p;
	int64_t total = 0, n;
	char *end;

	if (json_is_integer(v))
		return json_integer_value(v) >= 0 ? json_integer_value(v) : -1;
	if (!json_is_string(v) || *(s = json_string_value(v)) == '\0')
		return -1;
	for (p = s; *p != '\0'; p = end + 1) {
		if (*p < '0' || *p > '9')
			return -1;
		n = strtoll(p, &end, 10);
		if (n > 100000000)
			return -1;
		switch (*end) {
		case 's': total += n; break;
		case 'm': total += n * 60; break;
		case 'h': total += n * 3600; break;
		case 'd': total += n * 86400; break;
		default: return -1;
		}
	}
	return total;
}
