/* config.c - route.yaml, templates.yaml and agents.yaml
 *
 * Every section is optional but queues; an unknown key, or a value of
 * the wrong kind, is refused with its file:line:column and exit 78, as
 * a typo'd key must never be silently ignored.  Values the rules set
 * (route.queue, route.priority, route.sla_s, route.sla_clock) are
 * checked here too, so that a bad one stops the run at start and not
 * at the message that meets it.
 */
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "diag.h"
#include "route.h"

static struct yamldoc *cur_doc;
static const char *cur_path;

static void __attribute__((noreturn, format(printf, 2, 3)))
conf_error(json_t *at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ydoc_vfatal(cur_doc, cur_path, at, fmt, ap);
}

static char *
xstrdup(const char *s)
{
	char *p;

	if (s == NULL)
		return NULL;
	if ((p = strdup(s)) == NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");
	return p;
}

static const char *
string(json_t *v, const char *what)
{
	if (!json_is_string(v))
		conf_error(v, "%s: expected a string", what);
	return json_string_value(v);
}

/* A string or a list of strings. */
static char **
strings(json_t *v, const char *what, size_t *n)
{
	char **out;
	json_t *e;
	size_t i;

	*n = 0;
	if (json_is_string(v)) {
		out = calloc(1, sizeof(*out));
		out[(*n)++] = xstrdup(json_string_value(v));
		return out;
	}
	if (!json_is_array(v))
		conf_error(v, "%s: expected a list of strings", what);
	out = calloc(json_array_size(v) + 1, sizeof(*out));
	json_array_foreach(v, i, e)
		out[(*n)++] = xstrdup(string(e, what));
	return out;
}

static int64_t
duration(json_t *v, const char *what)
{
	int64_t d = yaml_duration(v);

	if (d < 0)
		conf_error(v, "%s: expected a duration (90s, 30m, 1h30m, 2d "
		    "or seconds)", what);
	return d;
}

static struct bizhours *
calendar(struct config *cfg, json_t *v)
{
	const char *name = string(v, "hours");
	struct bizhours *bh;

	if ((bh = calendars_find(&cfg->cals, name)) != NULL)
		return bh;
	conf_error(v, "no hours named \"%s\" under hours:", name);
}

static void
load_queue(struct config *cfg, const char *name, json_t *v)
{
	struct queue *q;
	const char *key;
	json_t *x;

	if (!json_is_object(v) || json_object_get(v, "primary") == NULL)
		conf_error(v, "queues.%s: expected primary: (the group of "
		    "agents) and optionally secondary:, skills:, hours:, "
		    "senior:", name);
	cfg->queues = realloc(cfg->queues, (cfg->nqueues + 1) *
	    sizeof(*cfg->queues));
	q = &cfg->queues[cfg->nqueues++];
	memset(q, 0, sizeof(*q));
	q->name = xstrdup(name);
	json_object_foreach(v, key, x) {
		if (strcmp(key, "primary") == 0)
			q->groups[0] = xstrdup(string(x, key));
		else if (strcmp(key, "secondary") == 0)
			q->groups[1] = xstrdup(string(x, key));
		else if (strcmp(key, "skills") == 0)
			q->skills = strings(x, key, &q->nskills);
		else if (strcmp(key, "hours") == 0)
			q->hours = calendar(cfg, x);
		else if (strcmp(key, "senior") == 0) {
			if (!json_is_boolean(x))
				conf_error(x, "senior: expected true or false");
			q->senior = json_is_true(x);
		} else
			conf_error(x, "queues.%s: unknown key \"%s\" (expected "
			    "primary, secondary, skills, hours, senior)", name,
			    key);
	}
}

struct queue *
config_queue(const struct config *cfg, const char *name)
{
	size_t i;

	for (i = 0; i < cfg->nqueues; i++)
		if (strcmp(cfg->queues[i].name, name) == 0)
			return &cfg->queues[i];
	return NULL;
}

/* A mapping of channel names to durations or to channels. */
static json_t *
channel_map(json_t *v, const char *what, int durations)
{
	json_t *out = json_object(), *x;
	const char *key;

	if (!json_is_object(v))
		conf_error(v, "%s: expected channel: value pairs", what);
	json_object_foreach(v, key, x) {
		if (durations)
			json_object_set_new(out, key,
			    json_integer(duration(x, what)));
		else
			json_object_set_new(out, key,
			    json_string(string(x, what)));
	}
	return out;
}

/* What a rule sets must make sense: see the top of this file. */
static void
check_sets(struct config *cfg, json_t *list)
{
	json_t *rule, *set, *v;
	const char *path;
	size_t i;

	json_array_foreach(list, i, rule) {
		set = json_object_get(json_object_get(rule, "then"), "set");
		if (!json_is_object(set))
			continue;
		json_object_foreach(set, path, v) {
			if (strcmp(path, "route.queue") == 0 &&
			    !json_is_null(v) && (!json_is_string(v) ||
			    config_queue(cfg, json_string_value(v)) == NULL))
				conf_error(v, "route.queue: not a queue under "
				    "queues:");
			if (strcmp(path, "route.priority") == 0 &&
			    (!json_is_integer(v) || json_integer_value(v) < 1 ||
			    json_integer_value(v) > 5))
				conf_error(v, "route.priority: 1 (highest) to "
				    "5");
			if (strcmp(path, "route.sla_s") == 0)
				duration(v, path);
			if (strcmp(path, "route.sla_clock") == 0 &&
			    (!json_is_string(v) || (strcmp(json_string_value(v),
			    "business") != 0 && strcmp(json_string_value(v),
			    "calendar") != 0)))
				conf_error(v, "route.sla_clock: business or "
				    "calendar");
		}
	}
}

static struct ruleset *
rule_list(struct config *cfg, json_t *v, const char *tag_path)
{
	struct ruleset *rs;
	char err[512];

	if (!json_is_array(v))
		conf_error(v, "expected a list of rules");
	check_sets(cfg, v);
	if ((rs = rules_compile(cur_doc, v, tag_path, err, sizeof(err))) ==
	    NULL)
		diag_fatal(EX_CONFIG, "%s", err);
	return rs;
}

static long
integer(json_t *v, const char *what, long lo, long hi)
{
	if (!json_is_integer(v) || json_integer_value(v) < lo ||
	    json_integer_value(v) > hi)
		conf_error(v, "%s: a whole number from %ld to %ld", what, lo,
		    hi);
	return (long)json_integer_value(v);
}

static void
load_route(struct config *cfg)
{
	json_t *root = ydoc_root(cfg->doc), *v;
	const char *key;

	if (!json_is_object(root))
		conf_error(root, "expected a mapping (queues:, hours:, rules)");
	/* hours before queues, queues before the rules that name them */
	if ((v = json_object_get(root, "hours")) != NULL)
		calendars_load(&cfg->cals, cfg->doc, cur_path, v);
	if (!json_is_object(v = json_object_get(root, "queues")) ||
	    json_object_size(v) == 0)
		conf_error(v ? v : root, "queues: expected the queues by name");
	{
		const char *name;
		json_t *q;

		json_object_foreach(v, name, q)
			load_queue(cfg, name, q);
	}
	cfg->default_queue = xstrdup(cfg->queues[0].name);
	json_object_foreach(root, key, v) {
		if (strcmp(key, "hours") == 0 || strcmp(key, "queues") == 0)
			continue;
		if (strcmp(key, "default_queue") == 0) {
			if (config_queue(cfg, string(v, key)) == NULL)
				conf_error(v, "default_queue: not a queue under "
				    "queues:");
			free(cfg->default_queue);
			cfg->default_queue = xstrdup(json_string_value(v));
		} else if (strcmp(key, "default_priority") == 0)
			cfg->default_priority = integer(v, key, 1, 5);
		else if (strcmp(key, "default_sla") == 0)
			cfg->default_sla = duration(v, key);
		else if (strcmp(key, "sla_clock") == 0) {
			if (strcmp(string(v, key), "business") != 0 &&
			    strcmp(json_string_value(v), "calendar") != 0)
				conf_error(v, "sla_clock: business or calendar");
			cfg->business_clock = strcmp(json_string_value(v),
			    "business") == 0;
		} else if (strcmp(key, "senior_years") == 0)
			cfg->senior_years = (int)integer(v, key, 0, 60);
		else if (strcmp(key, "auto_reply_memory") == 0)
			cfg->reply_memory = (size_t)integer(v, key, 1,
			    10000000);
		else if (strcmp(key, "windows") == 0)
			cfg->windows = channel_map(v, key, 1);
		else if (strcmp(key, "private_channels") == 0)
			cfg->private_channels = channel_map(v, key, 0);
		else if (strcmp(key, "topics") == 0)
			cfg->topics = rule_list(cfg, v, "route.topics");
		else if (strcmp(key, "queue") == 0)
			cfg->queue_rules = rule_list(cfg, v, NULL);
		else if (strcmp(key, "priority") == 0)
			cfg->priority = rule_list(cfg, v, NULL);
		else if (strcmp(key, "sla") == 0)
			cfg->sla = rule_list(cfg, v, NULL);
		else
			conf_error(v, "unknown key \"%s\" (expected queues, "
			    "hours, default_queue, default_priority, "
			    "default_sla, sla_clock, senior_years, "
			    "auto_reply_memory, windows, private_channels, "
			    "topics, queue, priority, sla)", key);
	}
}

static void
load_template(struct config *cfg, json_t *v)
{
	struct template *t;
	const char *key;
	json_t *x;
	size_t i;

	if (!json_is_object(v) || !json_is_string(json_object_get(v, "id")) ||
	    !json_is_string(json_object_get(v, "text")))
		conf_error(v, "templates: each needs id: and text:");
	cfg->tpls = realloc(cfg->tpls, (cfg->ntpls + 1) * sizeof(*cfg->tpls));
	t = &cfg->tpls[cfg->ntpls++];
	memset(t, 0, sizeof(*t));
	json_object_foreach(v, key, x) {
		if (strcmp(key, "reasons") == 0) {
			t->reasons = strings(x, key, &t->nreasons);
			continue;
		}
		string(x, key);
		if (strcmp(key, "id") == 0)
			t->id = xstrdup(json_string_value(x));
		else if (strcmp(key, "text") == 0)
			t->text = xstrdup(json_string_value(x));
		else if (strcmp(key, "lang") == 0)
			t->lang = xstrdup(json_string_value(x));
		else if (strcmp(key, "kb") == 0)
			t->kb = xstrdup(json_string_value(x));
		else if (strcmp(key, "subreason") == 0)
			t->subreason = xstrdup(json_string_value(x));
		else if (strcmp(key, "kind") == 0) {
			if (strcmp(json_string_value(x), "answer") != 0 &&
			    strcmp(json_string_value(x), "auto_reply") != 0)
				conf_error(x, "kind: answer or auto_reply");
			t->kind = xstrdup(json_string_value(x));
		} else if (strcmp(key, "tone") == 0) {
			if (strcmp(json_string_value(x), "cheerful") != 0 &&
			    strcmp(json_string_value(x), "calm") != 0)
				conf_error(x, "tone: cheerful or calm");
			t->tone = xstrdup(json_string_value(x));
		} else
			conf_error(x, "templates: unknown key \"%s\" (expected "
			    "id, kind, lang, tone, reasons, subreason, kb, "
			    "text)", key);
	}
	if (t->kind == NULL)
		t->kind = xstrdup("answer");
	if (t->tone == NULL)
		t->tone = xstrdup("calm");
	for (i = 0; i + 1 < cfg->ntpls; i++)
		if (strcmp(cfg->tpls[i].id, t->id) == 0)
			conf_error(json_object_get(v, "id"), "templates: \"%s\" "
			    "is listed twice", t->id);
}

static void
load_templates(struct config *cfg)
{
	struct yamldoc *doc;
	char err[512];
	const char *key;
	json_t *v, *e;
	size_t i;

	if (access(cfg->tpl_path, F_OK) == -1)
		return;		/* no templates: no auto-reply text */
	if ((doc = ydoc_load(cfg->tpl_path, err, sizeof(err))) == NULL)
		diag_fatal(EX_CONFIG, "%s", err);
	cur_doc = doc;
	cur_path = cfg->tpl_path;
	if (!json_is_object(ydoc_root(doc)))
		conf_error(ydoc_root(doc), "expected templates: and a list");
	json_object_foreach(ydoc_root(doc), key, v) {
		if (strcmp(key, "default_lang") == 0) {
			free(cfg->default_lang);
			cfg->default_lang = xstrdup(string(v, key));
		} else if (strcmp(key, "templates") == 0) {
			if (!json_is_array(v))
				conf_error(v, "templates: expected a list");
			json_array_foreach(v, i, e)
				load_template(cfg, e);
		} else
			conf_error(v, "unknown key \"%s\" (expected "
			    "default_lang, templates)", key);
	}
	ydoc_free(doc);
}

/* Every group a queue names must have agents, when agents are known. */
static void
load_agents(struct config *cfg)
{
	char err[512];
	size_t i, j, g;
	int found;

	if (access(cfg->agents_path, F_OK) == -1)
		return;
	if ((cfg->agents = agents_load(cfg->agents_path, err, sizeof(err))) ==
	    NULL)
		diag_fatal(EX_CONFIG, "%s", err);
	for (i = 0; i < cfg->nqueues; i++)
		for (g = 0; g < 2; g++) {
			if (cfg->queues[i].groups[g] == NULL)
				continue;
			found = 0;
			for (j = 0; j < cfg->agents->n; j++)
				if (cfg->agents->v[j].group != NULL &&
				    strcmp(cfg->agents->v[j].group,
				    cfg->queues[i].groups[g]) == 0)
					found = 1;
			if (!found)
				diag_warn("%s: queue %s: no agent of group %s "
				    "in %s", cfg->path, cfg->queues[i].name,
				    cfg->queues[i].groups[g], cfg->agents_path);
		}
}

void
config_load(struct config *cfg, const char *path)
{
	char err[512], *copy, *dir;

	memset(cfg, 0, sizeof(*cfg));
	cfg->path = xstrdup(path);
	cfg->default_priority = 3;
	cfg->default_sla = 86400;
	cfg->senior_years = 5;
	cfg->reply_memory = 100000;
	cfg->default_lang = xstrdup("es");
	copy = xstrdup(path);
	dir = dirname(copy);
	if (asprintf(&cfg->tpl_path, "%s/templates.yaml", dir) == -1 ||
	    asprintf(&cfg->agents_path, "%s/agents.yaml", dir) == -1)
		diag_fatal(EX_SOFTWARE, "out of memory");
	free(copy);
	if ((cfg->doc = ydoc_load(path, err, sizeof(err))) == NULL)
		diag_fatal(EX_CONFIG, "%s", err);
	cur_doc = cfg->doc;
	cur_path = cfg->path;
	load_route(cfg);
	load_templates(cfg);
	load_agents(cfg);
}

static void
free_strings(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
config_free(struct config *cfg)
{
	size_t i;

	calendars_free(&cfg->cals);
	for (i = 0; i < cfg->nqueues; i++) {
		free(cfg->queues[i].name);
		free(cfg->queues[i].groups[0]);
		free(cfg->queues[i].groups[1]);
		free_strings(cfg->queues[i].skills, cfg->queues[i].nskills);
	}
	free(cfg->queues);
	for (i = 0; i < cfg->ntpls; i++) {
		struct template *t = &cfg->tpls[i];

		free(t->id);
		free(t->kind);
		free(t->lang);
		free(t->tone);
		free(t->text);
		free(t->kb);
		free(t->subreason);
		free_strings(t->reasons, t->nreasons);
	}
	free(cfg->tpls);
	json_decref(cfg->windows);
	json_decref(cfg->private_channels);
	rules_free(cfg->topics);
	rules_free(cfg->queue_rules);
	rules_free(cfg->priority);
	rules_free(cfg->sla);
	agents_free(cfg->agents);
	ydoc_free(cfg->doc);
	free(cfg->default_queue);
	free(cfg->default_lang);
	free(cfg->path);
	free(cfg->tpl_path);
	free(cfg->agents_path);
}
