/* config.c - rules/report.yaml, with route.yaml's business hours and
 * agents.yaml's groups beside it
 *
 * An unknown key or a value of the wrong kind is refused with its
 * file:line:column and exit 78, as every rule file is.
 */
#include <libgen.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "diag.h"
#include "report.h"
#include "xalloc.h"

void
config_error(const struct repconf *rc, json_t *v, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ydoc_vfatal(rc->doc, rc->path, v, fmt, ap);
}

/* "section.what: " in front of a refusal, or "what: " alone. */
static void __attribute__((noreturn, format(printf, 5, 6)))
refuse(const struct repconf *rc, json_t *v, const char *section,
    const char *what, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	config_error(rc, v, "%s%s%s: %s", section ? section : "",
	    section ? "." : "", what, msg);
}

double
config_number(const struct repconf *rc, json_t *v, const char *section,
    const char *what, double lo, double hi)
{
	double d;

	if (!json_is_number(v) || (d = json_number_value(v)) < lo || d > hi)
		refuse(rc, v, section, what, "expected a number from %g to %g",
		    lo, hi);
	return d;
}

long
config_integer(const struct repconf *rc, json_t *v, const char *section,
    const char *what, long lo, long hi)
{
	if (!json_is_integer(v) || json_integer_value(v) < lo ||
	    json_integer_value(v) > hi)
		refuse(rc, v, section, what, "expected a whole number from %ld "
		    "to %ld", lo, hi);
	return (long)json_integer_value(v);
}

int64_t
config_duration(const struct repconf *rc, json_t *v, const char *section,
    const char *what, int64_t lo)
{
	int64_t d = yaml_duration(v);

	if (d < lo || d < 0)
		refuse(rc, v, section, what, "expected a duration (20s, 30m, "
		    "1h30m, 2d or seconds)%s", lo > 0 ? " above zero" : "");
	return d;
}

int
config_bool(const struct repconf *rc, json_t *v, const char *section,
    const char *what)
{
	if (!json_is_boolean(v))
		refuse(rc, v, section, what, "expected true or false");
	return json_is_true(v);
}

#define number(rc, v, what, lo, hi)	config_number(rc, v, NULL, what, lo, hi)
#define duration(rc, v, what)		config_duration(rc, v, NULL, what, 0)
#define boolean(rc, v, what)		config_bool(rc, v, NULL, what)

/* service_level: {default: {target: 1h, goal: 80}, whatsapp: {...}} */
static void
service_level(struct repconf *rc, json_t *v)
{
	const char *ch, *key;
	json_t *e, *x;

	if (!json_is_object(v))
		config_error(rc, v, "service_level: expected channels "
		    "(default: {target: 1h, goal: 80})");
	json_object_foreach(v, ch, e) {
		struct sltarget *t;

		if (!json_is_object(e))
			config_error(rc, e, "service_level.%s: expected "
			    "{target: 1h, goal: 80}", ch);
		rc->sl = realloc(rc->sl, (rc->nsl + 1) * sizeof(*rc->sl));
		t = &rc->sl[rc->nsl++];
		t->channel = strcmp(ch, "default") == 0 ? NULL : xstrdup(ch);
		t->target_s = 3600;
		t->goal_pct = 80;
		t->realtime = 0;
		json_object_foreach(e, key, x) {
			if (strcmp(key, "target") == 0)
				t->target_s = duration(rc, x, "target");
			else if (strcmp(key, "goal") == 0)
				t->goal_pct = number(rc, x, "goal", 0, 100);
			else if (strcmp(key, "realtime") == 0)
				t->realtime = boolean(rc, x, "realtime");
			else
				config_error(rc, x, "service_level.%s: unknown "
				    "key \"%s\" (expected target, goal, "
				    "realtime)", ch, key);
		}
	}
}

static void
one_target(struct repconf *rc, json_t *v, struct targets *t, const char *who)
{
	const char *key;
	json_t *x;

	t->who = xstrdup(who);
	t->frt_s = t->aht_s = t->csat = t->fcr_pct = t->qa_pct = t->nps =
	    t->sl_pct = NAN;
	if (!json_is_object(v))
		config_error(rc, v, "targets: expected {frt: 1h, aht: 10m, "
		    "csat: 4.2, fcr: 70, qa: 85, nps: 30, sl: 80}");
	json_object_foreach(v, key, x) {
		if (strcmp(key, "frt") == 0)
			t->frt_s = (double)duration(rc, x, "frt");
		else if (strcmp(key, "aht") == 0)
			t->aht_s = (double)duration(rc, x, "aht");
		else if (strcmp(key, "csat") == 0)
			t->csat = number(rc, x, "csat", 1, 5);
		else if (strcmp(key, "fcr") == 0)
			t->fcr_pct = number(rc, x, "fcr", 0, 100);
		else if (strcmp(key, "qa") == 0)
			t->qa_pct = number(rc, x, "qa", 0, 100);
		else if (strcmp(key, "nps") == 0)
			t->nps = number(rc, x, "nps", -100, 100);
		else if (strcmp(key, "sl") == 0)
			t->sl_pct = number(rc, x, "sl", 0, 100);
		else
			config_error(rc, x, "targets: unknown key \"%s\" "
			    "(expected frt, aht, csat, fcr, qa, nps, sl)", key);
	}
}

static void
target_list(struct repconf *rc, json_t *v, const char *what,
    struct targets **out, size_t *n)
{
	const char *who;
	json_t *e;

	if (!json_is_object(v))
		config_error(rc, v, "targets.%s: expected targets by name",
		    what);
	json_object_foreach(v, who, e) {
		*out = realloc(*out, (*n + 1) * sizeof(**out));
		one_target(rc, e, &(*out)[(*n)++], who);
	}
}

/* targets: {default: {...}, teams: {care: {...}}, agents: {maria: {...}}}
 * The default is team_targets[0] with who "". */
static void
targets(struct repconf *rc, json_t *v)
{
	const char *key;
	json_t *x;

	if (!json_is_object(v))
		config_error(rc, v, "targets: expected default:, teams: and "
		    "agents:");
	json_object_foreach(v, key, x) {
		if (strcmp(key, "default") == 0) {
			rc->team_targets = realloc(rc->team_targets,
			    (rc->nteam_targets + 1) *
			    sizeof(*rc->team_targets));
			one_target(rc, x, &rc->team_targets[
			    rc->nteam_targets++], "");
		} else if (strcmp(key, "teams") == 0)
			target_list(rc, x, "teams", &rc->team_targets,
			    &rc->nteam_targets);
		else if (strcmp(key, "agents") == 0)
			target_list(rc, x, "agents", &rc->agent_targets,
			    &rc->nagent_targets);
		else
			config_error(rc, x, "targets: unknown key \"%s\" "
			    "(expected default, teams, agents)", key);
	}
}

/* route.yaml beside report.yaml: its hours: and each queue's hours:
 * (scs-route checks the rest of it). */
static void
route_hours(struct repconf *rc, const char *dir)
{
	struct yamldoc *d;
	json_t *root, *queues, *q, *h;
	const char *name;
	char *path, err[512];

	if (asprintf(&path, "%s/route.yaml", dir) == -1)
		diag_fatal(EX_SOFTWARE, "out of memory");
	if (access(path, F_OK) == -1) {
		free(path);
		return;
	}
	if ((d = ydoc_load(path, err, sizeof(err))) == NULL)
		diag_fatal(EX_CONFIG, "%s", err);
	root = ydoc_root(d);
	if (json_is_object(root) && (h = json_object_get(root, "hours")) !=
	    NULL)
		calendars_load(&rc->cals, d, path, h);
	queues = json_is_object(root) ? json_object_get(root, "queues") :
	    NULL;
	if (json_is_object(queues)) {
		json_object_foreach(queues, name, q) {
			struct bizhours *bh;

			h = json_is_object(q) ? json_object_get(q, "hours") :
			    NULL;
			if (!json_is_string(h))
				continue;
			if ((bh = calendars_find(&rc->cals,
			    json_string_value(h))) == NULL) {
				int line, col;

				ydoc_where(d, h, &line, &col);
				diag_fatal(EX_CONFIG, "%s:%d:%d: no hours "
				    "named \"%s\" under hours:", path, line,
				    col, json_string_value(h));
			}
			rc->queues = realloc(rc->queues, (rc->nqueues + 1) *
			    sizeof(*rc->queues));
			rc->queue_hours = realloc(rc->queue_hours,
			    (rc->nqueues + 1) * sizeof(*rc->queue_hours));
			rc->queues[rc->nqueues] = xstrdup(name);
			rc->queue_hours[rc->nqueues++] = bh;
		}
	}
	ydoc_free(d);
	free(path);
}

void
config_load(struct repconf *rc, const char *rules_arg)
{
	json_t *root, *v, *alerts = NULL, *staffing = NULL;
	const char *key;
	char err[512], *copy, *dir;

	memset(rc, 0, sizeof(*rc));
	rc->pause_waiting = 1;
	rc->qa_pass = 80;
	rc->path = cli_rules_file(rules_arg, "report.yaml");
	if ((rc->doc = ydoc_load(rc->path, err, sizeof(err))) == NULL)
		diag_fatal(EX_CONFIG, "%s", err);
	root = ydoc_root(rc->doc);
	if (!json_is_object(root))
		config_error(rc, root, "expected a mapping (service_level:, "
		    "targets:, alerts:, staffing:)");
	json_object_foreach(root, key, v) {
		if (strcmp(key, "tz") == 0) {
			char e[256];
			struct bizhours *bh;

			if (!json_is_string(v) || (bh = bh_new(
			    json_string_value(v), e, sizeof(e))) == NULL)
				config_error(rc, v, "tz: expected a time zone "
				    "name (America/Argentina/Buenos_Aires)");
			bh_free(bh);
			rc->tz = xstrdup(json_string_value(v));
		} else if (strcmp(key, "pause_waiting") == 0)
			rc->pause_waiting = boolean(rc, v, "pause_waiting");
		else if (strcmp(key, "qa_pass") == 0)
			rc->qa_pass = number(rc, v, "qa_pass", 0, 100);
		else if (strcmp(key, "service_level") == 0)
			service_level(rc, v);
		else if (strcmp(key, "targets") == 0)
			targets(rc, v);
		else if (strcmp(key, "alerts") == 0)
			alerts = v;
		else if (strcmp(key, "staffing") == 0)
			staffing = v;
		else
			config_error(rc, v, "unknown key \"%s\" (expected tz, "
			    "pause_waiting, qa_pass, service_level, targets, "
			    "alerts, staffing)", key);
	}
	alerts_config(rc, alerts);
	staffing_config(rc, staffing);

	if ((copy = strdup(rc->path)) == NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");
	dir = dirname(copy);
	route_hours(rc, dir);
	{
		char *apath;

		if (asprintf(&apath, "%s/agents.yaml", dir) == -1)
			diag_fatal(EX_SOFTWARE, "out of memory");
		if (access(apath, F_OK) == 0 && (rc->agents_file = agents_load(
		    apath, err, sizeof(err))) == NULL)
			diag_fatal(EX_CONFIG, "%s", err);
		free(apath);
	}
	free(copy);
}

const struct sltarget *
config_sl(const struct repconf *rc, const char *channel)
{
	static const struct sltarget fallback = { NULL, 3600, 80, 0 };
	const struct sltarget *def = &fallback;
	size_t i;

	for (i = 0; i < rc->nsl; i++) {
		if (rc->sl[i].channel == NULL)
			def = &rc->sl[i];
		else if (channel != NULL && strcmp(rc->sl[i].channel,
		    channel) == 0)
			return &rc->sl[i];
	}
	return def;
}

struct bizhours *
config_hours(const struct repconf *rc, const char *queue)
{
	size_t i;

	if (queue == NULL)
		return NULL;
	for (i = 0; i < rc->nqueues; i++)
		if (strcmp(rc->queues[i], queue) == 0)
			return rc->queue_hours[i];
	return NULL;
}

static void
free_targets(struct targets *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(t[i].who);
	free(t);
}

void
config_free(struct repconf *rc)
{
	size_t i;

	alerts_config_free(rc);
	staffing_config_free(rc);
	for (i = 0; i < rc->nsl; i++)
		free(rc->sl[i].channel);
	free(rc->sl);
	free_targets(rc->agent_targets, rc->nagent_targets);
	free_targets(rc->team_targets, rc->nteam_targets);
	for (i = 0; i < rc->nqueues; i++)
		free(rc->queues[i]);
	free(rc->queues);
	free(rc->queue_hours);
	calendars_free(&rc->cals);
	agents_free(rc->agents_file);
	ydoc_free(rc->doc);
	free(rc->tz);
	free(rc->path);
}
