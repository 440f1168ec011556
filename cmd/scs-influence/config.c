/* config.c - influence.yaml: weights, flags, segments, tiers, audience, use
 *
 * Every section is optional and has a default (the shipped file writes
 * them all out); an unknown section or key, or a value of the wrong
 * kind or out of range, is refused with its file:line:column and exit
 * 78, as a typo'd key must never be silently ignored.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "diag.h"
#include "influence.h"

static void __attribute__((noreturn, format(printf, 3, 4)))
config_error(struct config *cfg, json_t *at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ydoc_vfatal(cfg->doc, cfg->path, at, fmt, ap);
}

static char *
xstrdup(const char *s)
{
	char *p;

	if ((p = strdup(s)) == NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");
	return p;
}

static void *
xreallocarray(void *p, size_t n, size_t size)
{
	if ((p = realloc(p, (n ? n : 1) * size)) == NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");
	return p;
}

static double
number(struct config *cfg, json_t *v, const char *what, double lo,
    double hi)
{
	double d;

	if (!json_is_number(v))
		config_error(cfg, v, "%s: expected a number", what);
	d = json_number_value(v);
	if (!(d >= lo && d <= hi))
		config_error(cfg, v, "%s: %g is out of range (%g to %g)", what,
		    d, lo, hi);
	return d;
}

static const char *
string(struct config *cfg, json_t *v, const char *what)
{
	if (!json_is_string(v) || json_string_length(v) == 0)
		config_error(cfg, v, "%s: expected a string", what);
	return json_string_value(v);
}

static void
need_mapping(struct config *cfg, json_t *v, const char *what,
    const char *expect)
{
	if (!json_is_object(v))
		config_error(cfg, v, "%s: expected a mapping (%s)", what,
		    expect);
}

/* One numeric key of a section: where it goes and its range. */
struct numkey {
	const char	*key;
	double		*dst;
	double		 lo, hi;
};

/* A section whose keys are all numbers (keys lists them, NULL-ended). */
static void
numbers(struct config *cfg, json_t *v, const char *what,
    const struct numkey *keys, const char *expect)
{
	const struct numkey *k;
	const char *key;
	char name[128];
	json_t *x;

	need_mapping(cfg, v, what, expect);
	json_object_foreach(v, key, x) {
		for (k = keys; k->key != NULL; k++)
			if (strcmp(k->key, key) == 0)
				break;
		if (k->key == NULL)
			config_error(cfg, x, "%s: unknown key \"%s\" (expected "
			    "%s)", what, key, expect);
		snprintf(name, sizeof(name), "%s.%s", what, key);
		*k->dst = number(cfg, x, name, k->lo, k->hi);
	}
}

static void
load_logfactor(struct config *cfg, json_t *v, const char *what,
    struct logfactor *f)
{
	const struct numkey keys[] = {
		{ "points", &f->points, 0, 100 },
		{ "full", &f->full, 1, 1e15 },
		{ NULL, NULL, 0, 0 }
	};

	numbers(cfg, v, what, keys, "points, full");
}

static void
load_second_level(struct config *cfg, json_t *v)
{
	const struct numkey keys[] = {
		{ "points", &cfg->second_level.points, 0, 100 },
		{ "full", &cfg->second_level.full, 1, 1e15 },
		{ "days", &cfg->second_level_days, 1, 36500 },
		{ NULL, NULL, 0, 0 }
	};

	numbers(cfg, v, "second_level", keys, "points, full, days");
}

static void
load_activity(struct config *cfg, json_t *v)
{
	const struct numkey keys[] = {
		{ "points", &cfg->activity_points, 0, 100 },
		{ "posts_per_day", &cfg->posts_per_day.full, 0.01, 1e6 },
		{ "seen", &cfg->seen.full, 1, 1e9 },
		{ "seen_share", &cfg->seen_share, 0, 1 },
		{ NULL, NULL, 0, 0 }
	};

	numbers(cfg, v, "activity", keys, "points, posts_per_day, seen, "
	    "seen_share");
}

static void
load_engagement(struct config *cfg, json_t *v)
{
	const struct numkey weights[] = {
		{ "likes", &cfg->eng_likes, 0, 1000 },
		{ "replies", &cfg->eng_replies, 0, 1000 },
		{ "reposts", &cfg->eng_reposts, 0, 1000 },
		{ "quotes", &cfg->eng_quotes, 0, 1000 },
		{ NULL, NULL, 0, 0 }
	};
	const char *key;
	json_t *x;

	need_mapping(cfg, v, "engagement", "points, full, weights");
	json_object_foreach(v, key, x) {
		if (strcmp(key, "points") == 0)
			cfg->engagement.points = number(cfg, x,
			    "engagement.points", 0, 100);
		else if (strcmp(key, "full") == 0)
			cfg->engagement.full = number(cfg, x,
			    "engagement.full", 1, 1e15);
		else if (strcmp(key, "weights") == 0)
			numbers(cfg, x, "engagement.weights", weights,
			    "likes, replies, reposts, quotes");
		else
			config_error(cfg, x, "engagement: unknown key \"%s\" "
			    "(expected points, full, weights)", key);
	}
}

/* A string or a list of strings, as a list (a new reference). */
static json_t *
string_list(struct config *cfg, json_t *v, const char *what)
{
	json_t *e, *one;
	size_t i;

	if (json_is_string(v)) {
		one = json_array();
		json_array_append(one, v);
		return one;
	}
	if (!json_is_array(v) || json_array_size(v) == 0)
		config_error(cfg, v, "%s: expected a word or a list of words",
		    what);
	json_array_foreach(v, i, e)
		string(cfg, e, what);
	return json_incref(v);
}

/*
 * The flags become a rule list in the shared rule language, so that
 * their words are matched as any_word matches them everywhere (folded,
 * on word boundaries, phrases too) and the bio is walked once for all:
 *   - id: NAME
 *     when: {any: [{author.bio: {any_word: WORDS}},
 *                  {author.name: {any_word: WORDS}}]}
 *     then: {tag: NAME}
 *     continue: true
 * WORDS is the file's own node, so a bad word points into the file.
 */
static json_t *
flag_rule(const char *name, json_t *words)
{
	json_t *any = json_array();

	json_array_append_new(any, json_pack("{s:{s:O}}", "author.bio",
	    "any_word", words));
	json_array_append_new(any, json_pack("{s:{s:O}}", "author.name",
	    "any_word", words));
	return json_pack("{s:s, s:{s:o}, s:{s:s}, s:b}", "id", name, "when",
	    "any", any, "then", "tag", name, "continue", 1);
}

static void
load_flags(struct config *cfg, json_t *v)
{
	const char *name, *key;
	json_t *f, *x, *words, *rules = json_array();
	char what[128], err[1024];
	struct flag *fl;

	need_mapping(cfg, v, "flags", "NAME: {points: N, words: [...]}");
	json_object_foreach(v, name, f) {
		snprintf(what, sizeof(what), "flags.%s", name);
		need_mapping(cfg, f, what, "points, words");
		cfg->flags = xreallocarray(cfg->flags, cfg->nflags + 1,
		    sizeof(*cfg->flags));
		fl = &cfg->flags[cfg->nflags++];
		fl->name = xstrdup(name);
		fl->points = 0;
		words = NULL;
		json_object_foreach(f, key, x) {
			if (strcmp(key, "points") == 0)
				fl->points = number(cfg, x, what, 0, 100);
			else if (strcmp(key, "words") == 0)
				words = string_list(cfg, x, what);
			else
				config_error(cfg, x, "%s: unknown key \"%s\" "
				    "(expected points, words)", what, key);
		}
		if (words == NULL)
			config_error(cfg, f, "%s: needs words", what);
		json_array_append_new(rules, flag_rule(name, words));
		json_decref(words);
	}
	rules_free(cfg->flag_rules);
	cfg->flag_rules = rules_compile(cfg->doc, rules, "influence.flags",
	    err, sizeof(err));
	json_decref(rules);
	if (cfg->flag_rules == NULL && strncmp(err, cfg->path,
	    strlen(cfg->path)) == 0)
		diag_fatal(EX_CONFIG, "%s", err);
	if (cfg->flag_rules == NULL)
		config_error(cfg, v, "flags: %s", err);
}

static void
load_segment(struct config *cfg, json_t *v)
{
	const char *key, *name;
	json_t *x, *p;

	need_mapping(cfg, v, "segment", "path, max, points");
	json_object_foreach(v, key, x) {
		if (strcmp(key, "path") == 0) {
			free(cfg->segment_path);
			cfg->segment_path = xstrdup(string(cfg, x,
			    "segment.path"));
		} else if (strcmp(key, "max") == 0)
			cfg->segments_max = number(cfg, x, "segment.max", 0,
			    100);
		else if (strcmp(key, "points") == 0) {
			need_mapping(cfg, x, "segment.points",
			    "SEGMENT: points");
			json_object_foreach(x, name, p) {
				cfg->segments = xreallocarray(cfg->segments,
				    cfg->nsegments + 1, sizeof(*cfg->segments));
				cfg->segments[cfg->nsegments].points = number(
				    cfg, p, "segment.points", 0, 100);
				cfg->segments[cfg->nsegments++].name =
				    xstrdup(name);
			}
		} else
			config_error(cfg, x, "segment: unknown key \"%s\" "
			    "(expected path, max, points)", key);
	}
}

static void
load_external(struct config *cfg, json_t *v)
{
	const char *key;
	json_t *x;

	need_mapping(cfg, v, "external", "path, weight");
	json_object_foreach(v, key, x) {
		if (strcmp(key, "path") == 0) {
			free(cfg->external_path);
			cfg->external_path = xstrdup(string(cfg, x,
			    "external.path"));
		} else if (strcmp(key, "weight") == 0)
			cfg->external_weight = number(cfg, x,
			    "external.weight", 0, 1);
		else
			config_error(cfg, x, "external: unknown key \"%s\" "
			    "(expected path, weight)", key);
	}
}

static int
tier_cmp(const void *a, const void *b)
{
	const struct tier *x = a, *y = b;

	return (x->from > y->from) - (x->from < y->from);
}

static void
free_tiers(struct config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->ntiers; i++)
		free(cfg->tiers[i].name);
	free(cfg->tiers);
	cfg->tiers = NULL;
	cfg->ntiers = 0;
}

static void
load_tiers(struct config *cfg, json_t *v)
{
	const char *name;
	json_t *x;
	size_t i;

	need_mapping(cfg, v, "tiers", "NAME: lowest score");
	free_tiers(cfg);
	json_object_foreach(v, name, x) {
		cfg->tiers = xreallocarray(cfg->tiers, cfg->ntiers + 1,
		    sizeof(*cfg->tiers));
		cfg->tiers[cfg->ntiers].from = number(cfg, x, "tiers", 0,
		    100);
		cfg->tiers[cfg->ntiers++].name = xstrdup(name);
	}
	qsort(cfg->tiers, cfg->ntiers, sizeof(*cfg->tiers), tier_cmp);
	if (cfg->ntiers == 0 || cfg->tiers[0].from != 0)
		config_error(cfg, v, "tiers: the lowest tier must start at 0");
	for (i = 1; i < cfg->ntiers; i++)
		if (cfg->tiers[i].from == cfg->tiers[i - 1].from)
			config_error(cfg, v, "tiers: %s and %s start at the "
			    "same score", cfg->tiers[i - 1].name,
			    cfg->tiers[i].name);
}

static void
load_audience(struct config *cfg, json_t *v)
{
	const struct numkey detractor[] = {
		{ "negative", &cfg->detractor_min, 1, 1e9 },
		{ "share", &cfg->detractor_share, 0, 1 },
		{ NULL, NULL, 0, 0 }
	};
	const char *key;
	json_t *x, *list, *e;
	size_t i;

	need_mapping(cfg, v, "audience", "influencer, detractor");
	json_object_foreach(v, key, x) {
		if (strcmp(key, "influencer") == 0) {
			list = string_list(cfg, x, "audience.influencer");
			json_array_foreach(list, i, e) {
				if (config_tier_known(cfg, json_string_value(e))
				    == 0)
					config_error(cfg, e, "audience."
					    "influencer: no tier \"%s\"",
					    json_string_value(e));
				cfg->influencer_tiers = xreallocarray(
				    cfg->influencer_tiers,
				    cfg->ninfluencer_tiers + 1, sizeof(char *));
				cfg->influencer_tiers[cfg->ninfluencer_tiers++]
				    = xstrdup(json_string_value(e));
			}
			json_decref(list);
		} else if (strcmp(key, "detractor") == 0)
			numbers(cfg, x, "audience.detractor", detractor,
			    "negative, share");
		else
			config_error(cfg, x, "audience: unknown key \"%s\" "
			    "(expected influencer, detractor)", key);
	}
}

static void
load_use(struct config *cfg, json_t *v)
{
	char err[1024];

	if ((cfg->use_rules = rules_compile(cfg->doc, v, "influence.use",
	    err, sizeof(err))) == NULL)
		diag_fatal(EX_CONFIG, "%s", err);
}

static void
load_section(struct config *cfg, const char *key, json_t *v)
{
	double d;

	if (strcmp(key, "reach") == 0)
		load_logfactor(cfg, v, key, &cfg->reach);
	else if (strcmp(key, "second_level") == 0)
		load_second_level(cfg, v);
	else if (strcmp(key, "activity") == 0)
		load_activity(cfg, v);
	else if (strcmp(key, "engagement") == 0)
		load_engagement(cfg, v);
	else if (strcmp(key, "verified") == 0)
		cfg->verified_points = number(cfg, v, key, 0, 100);
	else if (strcmp(key, "flags_max") == 0)
		cfg->flags_max = number(cfg, v, key, 0, 100);
	else if (strcmp(key, "flags") == 0)
		load_flags(cfg, v);
	else if (strcmp(key, "segment") == 0)
		load_segment(cfg, v);
	else if (strcmp(key, "external") == 0)
		load_external(cfg, v);
	else if (strcmp(key, "tiers") == 0)
		load_tiers(cfg, v);
	else if (strcmp(key, "why") == 0)
		cfg->why_max = (int)number(cfg, v, key, 0, 20);
	else if (strcmp(key, "remember") == 0) {
		d = number(cfg, v, key, 1, 1e8);
		cfg->remember = (size_t)d;
	} else
		config_error(cfg, v, "unknown section \"%s\"", key);
}

/* Defaults: the shipped influence.yaml's values, so that a short file
 * changes only what it names. */
static void
config_defaults(struct config *cfg)
{
	cfg->reach = (struct logfactor){ 50, 1e7 };
	cfg->second_level = (struct logfactor){ 10, 1e8 };
	cfg->second_level_days = 90;
	cfg->engagement = (struct logfactor){ 10, 1e4 };
	cfg->activity_points = 10;
	cfg->posts_per_day = (struct logfactor){ 1, 50 };
	cfg->seen = (struct logfactor){ 1, 20 };
	cfg->seen_share = 0.3;
	cfg->eng_likes = 1;
	cfg->eng_replies = 2;
	cfg->eng_reposts = 3;
	cfg->eng_quotes = 3;
	cfg->verified_points = 10;
	cfg->flags_max = 15;
	cfg->segment_path = xstrdup("customer.segment");
	cfg->segments_max = 20;
	cfg->external_path = xstrdup("author.external_score");
	cfg->external_weight = 0.3;
	cfg->detractor_min = 2;
	cfg->detractor_share = 0.5;
	cfg->why_max = 4;
	cfg->remember = 100000;
}

static void
default_tiers(struct config *cfg)
{
	static const struct { const char *name; double from; } t[] = {
		{ "low", 0 }, { "medium", 30 }, { "high", 50 }, { "top", 60 }
	};
	size_t i;

	cfg->tiers = xreallocarray(NULL, 4, sizeof(*cfg->tiers));
	for (i = 0; i < 4; i++) {
		cfg->tiers[i].name = xstrdup(t[i].name);
		cfg->tiers[i].from = t[i].from;
	}
	cfg->ntiers = 4;
}

int
config_tier_known(const struct config *cfg, const char *name)
{
	size_t i;

	for (i = 0; i < cfg->ntiers; i++)
		if (strcmp(cfg->tiers[i].name, name) == 0)
			return 1;
	return 0;
}

void
config_load(struct config *cfg, const char *path)
{
	char err[1024];
	const char *key;
	json_t *root, *v;

	memset(cfg, 0, sizeof(*cfg));
	cfg->path = xstrdup(path);
	config_defaults(cfg);
	if ((cfg->doc = ydoc_load(path, err, sizeof(err))) == NULL)
		diag_fatal(EX_CONFIG, "%s", err);
	root = ydoc_root(cfg->doc);
	if (!json_is_object(root))
		config_error(cfg, root, "expected sections such as reach:, "
		    "flags:, tiers:, use:");
	/* Tiers first: audience and use name them. */
	if ((v = json_object_get(root, "tiers")) != NULL)
		load_tiers(cfg, v);
	else
		default_tiers(cfg);
	json_object_foreach(root, key, v) {
		if (strcmp(key, "tiers") == 0)
			continue;
		if (strcmp(key, "audience") == 0)
			load_audience(cfg, v);
		else if (strcmp(key, "use") == 0)
			load_use(cfg, v);
		else
			load_section(cfg, key, v);
	}
	if (cfg->ninfluencer_tiers == 0 && cfg->ntiers > 1) {
		/* The tiers above the middle. */
		size_t i;

		for (i = (cfg->ntiers + 1) / 2; i < cfg->ntiers; i++) {
			cfg->influencer_tiers = xreallocarray(
			    cfg->influencer_tiers, cfg->ninfluencer_tiers + 1,
			    sizeof(char *));
			cfg->influencer_tiers[cfg->ninfluencer_tiers++] =
			    xstrdup(cfg->tiers[i].name);
		}
	}
}

struct flag *
config_flag(struct config *cfg, const char *name)
{
	size_t i;

	for (i = 0; i < cfg->nflags; i++)
		if (strcmp(cfg->flags[i].name, name) == 0)
			return &cfg->flags[i];
	return NULL;
}

const char *
config_tier(const struct config *cfg, double score)
{
	size_t i = cfg->ntiers;

	while (i > 1 && score < cfg->tiers[i - 1].from)
		i--;
	return cfg->tiers[i - 1].name;
}

void
config_free(struct config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->nflags; i++)
		free(cfg->flags[i].name);
	free(cfg->flags);
	for (i = 0; i < cfg->nsegments; i++)
		free(cfg->segments[i].name);
	free(cfg->segments);
	for (i = 0; i < cfg->ninfluencer_tiers; i++)
		free(cfg->influencer_tiers[i]);
	free(cfg->influencer_tiers);
	free_tiers(cfg);
	rules_free(cfg->flag_rules);
	rules_free(cfg->use_rules);
	free(cfg->segment_path);
	free(cfg->external_path);
	ydoc_free(cfg->doc);
	free(cfg->path);
}
