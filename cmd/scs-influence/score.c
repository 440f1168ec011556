/* score.c - the influence index of a message's author, and why
 *
 * The score is a sum of points, each factor saturating (so no single
 * figure can carry an author to the top, and a hundred more followers
 * matter for a small account and not for a large one):
 *
 *   part(x, full) = min(1, ln(1 + x) / ln(1 + full))     for x >= 0
 *
 *   reach        = P_reach  * part(followers, reach.full)
 *   second level = P_second * part(second_level, second_level.full)
 *   activity     = P_act * ((1 - s) * part(posts per day, ppd.full)
 *                           + s * part(messages seen, seen.full))
 *   engagement   = P_eng * part(likes*wl + replies*wr + reposts*wp
 *                               + quotes*wq, engagement.full)
 *   verified     = P_verified when author.verified is true
 *   flags        = min(flags_max, sum of the flags' points)
 *   segment      = min(segment.max, the customer segment's points)
 *
 *   base  = min(100, sum of the above)
 *   score = round((1 - w) * base + w * external)   when an external
 *           index (0-100) is on the record, else round(base)
 *
 * Every part is non-decreasing in its figure, so more followers (or
 * posts, messages, likes) never lower the score, all else equal.  A
 * figure that is absent, not a number or negative gives no points and
 * is said so in why: a missing follower count is "reach unknown", never
 * a zero.  scs-influence(1) writes the formula out for users.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "influence.h"
#include "jpath.h"
#include "tstamp.h"

#define SET(obj, key, v) \
	json_object_setn_new_nocheck((obj), (key), sizeof(key) - 1, (v))

/* A factor's points and what to say of it. */
struct factor {
	double	points;
	int	always;		/* a note said whatever the points */
	char	why[96];
};

struct factors {
	struct factor	v[32];
	size_t		n;
};

static void __attribute__((format(printf, 4, 5)))
factor(struct factors *fs, double points, int always, const char *fmt, ...)
{
	struct factor *f;
	va_list ap;

	if (fs->n == sizeof(fs->v) / sizeof(fs->v[0]))
		return;
	f = &fs->v[fs->n++];
	f->points = points;
	f->always = always;
	va_start(ap, fmt);
	vsnprintf(f->why, sizeof(f->why), fmt, ap);
	va_end(ap);
}

#define add(fs, points, ...)	factor((fs), (points), 0, __VA_ARGS__)
#define note(fs, ...)		factor((fs), 0, 1, __VA_ARGS__)

/*
 * d as "%.0f" prints it (rounded half to even, "-0" kept), without
 * printf's floating-point machinery for the usual whole counts: a
 * tenth of scs-influence's time went there.
 */
#define WHOLE_MAX	330	/* "%.0f" of DBL_MAX, its sign and NUL */
static const char *
whole(double d, char buf[WHOLE_MAX])
{
	double r = rint(d);
	unsigned long long u;
	char *p = buf + WHOLE_MAX;

	if (!(fabs(r) < 1e15)) {
		snprintf(buf, WHOLE_MAX, "%.0f", d);
		return buf;
	}
	u = (unsigned long long)fabs(r);
	*--p = '\0';
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (signbit(r))
		*--p = '-';
	return p;
}

/* "followers:12000 +37": the factor and its points. */
static json_t *
points_why(const struct factor *f)
{
	char nb[WHOLE_MAX], buf[sizeof(f->why) + WHOLE_MAX + 2];
	const char *p = whole(f->points, nb);
	size_t n = strlen(f->why), k = strlen(p);

	memcpy(buf, f->why, n);
	buf[n] = ' ';
	buf[n + 1] = '+';
	memcpy(buf + n + 2, p, k);
	/* Checked: a why cut short by vsnprintf may end mid-character. */
	return json_stringn(buf, n + 2 + k);
}

static double
part(double x, double full)
{
	double p;

	if (!(x > 0))
		return 0;
	p = log1p(x) / log1p(full);
	return p > 1 ? 1 : p;
}

/*
 * A count on the record: 1 with *out set when it is a number >= 0,
 * 0 when absent, -1 when present but unusable (a string, negative).
 * Reals are taken (some exports write 1200.0); they are truncated.
 */
static int
count(json_t *v, double *out)
{
	double d;

	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_number(v))
		return -1;
	d = json_number_value(v);
	if (!(d >= 0) || isinf(d))
		return -1;
	*out = floor(d);
	return 1;
}

static json_t *
integer(double d)
{
	return json_integer(d > 9e18 ? (json_int_t)9e18 : (json_int_t)d);
}

static void
reach(struct config *cfg, json_t *author, const struct history *h,
    json_t *inf, struct factors *fs)
{
	double followers = 0, p;
	char nb[WHOLE_MAX];
	int k = count(json_object_get(author, "followers"), &followers);

	if (k <= 0 && h->max_followers >= 0) {
		followers = (double)h->max_followers;
		p = cfg->reach.points * part(followers, cfg->reach.full);
		SET(inf, "reach", integer(followers));
		add(fs, p, "followers:%s (seen before)", whole(followers, nb));
		return;
	}
	if (k <= 0) {
		/* Said first, whatever the other factors weigh. */
		note(fs, k == 0 ? "reach unknown" :
		    "reach unknown (followers not a count)");
		return;
	}
	p = cfg->reach.points * part(followers, cfg->reach.full);
	SET(inf, "reach", integer(followers));
	add(fs, p, "followers:%s", whole(followers, nb));
}

static void
second_level(struct config *cfg, json_t *rec, json_t *author,
    const struct history *h, json_t *inf, struct factors *fs)
{
	double s = -1, x;
	char nb[WHOLE_MAX];

	if (count(json_object_get(rec, "second_level"), &x) == 1)
		s = x;
	if (count(json_object_get(author, "second_level"), &x) == 1 && x > s)
		s = x;
	if (h->second_level > s)
		s = (double)h->second_level;
	if (s < 0)
		return;
	SET(inf, "second_level", integer(s));
	add(fs, cfg->second_level.points * part(s, cfg->second_level.full),
	    "second_level:%s", whole(s, nb));
}

/* Posts per day since the account was made, as of the message's time
 * (not the clock's: the same input always scores the same). */
static int
posts_per_day(json_t *rec, json_t *author, double *ppd)
{
	const char *made = json_string_value(json_object_get(author,
	    "created_at"));
	const char *now = json_string_value(json_object_get(rec,
	    "created_at"));
	int64_t t0, t1;
	double posts, days;

	if (count(json_object_get(author, "posts"), &posts) != 1 ||
	    made == NULL || now == NULL || ts_parse_rfc3339(made, &t0) ||
	    ts_parse_rfc3339(now, &t1))
		return 0;
	days = (double)(t1 - t0) / 86400000.0;
	if (days < 1)
		days = 1;
	*ppd = posts / days;
	return 1;
}

static void
activity(struct config *cfg, json_t *rec, json_t *author,
    const struct history *h, json_t *inf, struct factors *fs)
{
	double ppd = 0, a, seen = (double)h->messages;
	char nb[WHOLE_MAX];
	int have = posts_per_day(rec, author, &ppd);

	a = cfg->seen_share * part(seen, cfg->seen.full);
	if (have)
		a += (1 - cfg->seen_share) * part(ppd, cfg->posts_per_day.full);
	SET(inf, "activity", json_real(round(a * 100) / 100));
	if (have)
		add(fs, cfg->activity_points * a, "activity:%.1f/day, %s "
		    "seen", ppd, whole(seen, nb));
	else
		add(fs, cfg->activity_points * a, "activity:%s seen",
		    whole(seen, nb));
}

static void
engagement(struct config *cfg, json_t *rec, json_t *inf,
    struct factors *fs)
{
	json_t *m = json_object_get(rec, "metrics");
	double e = 0, x;
	char nb[WHOLE_MAX];
	int have = 0;

	if (!json_is_object(m))
		return;
	if (count(json_object_get(m, "likes"), &x) == 1)
		e += x * cfg->eng_likes, have = 1;
	if (count(json_object_get(m, "replies"), &x) == 1)
		e += x * cfg->eng_replies, have = 1;
	if (count(json_object_get(m, "reposts"), &x) == 1)
		e += x * cfg->eng_reposts, have = 1;
	if (count(json_object_get(m, "quotes"), &x) == 1)
		e += x * cfg->eng_quotes, have = 1;
	if (!have)
		return;
	SET(inf, "engagement", integer(e));
	add(fs, cfg->engagement.points * part(e, cfg->engagement.full),
	    "engagement:%s", whole(e, nb));
}

/* The flag rules tag influence.flags; the points of those found. */
static void
flags(struct config *cfg, json_t *rec, json_t *inf, struct factors *fs)
{
	json_t *list, *e;
	struct flag *f;
	double sum = 0, p;
	size_t i;

	if (cfg->flag_rules == NULL)
		return;
	rules_apply(cfg->flag_rules, rec, NULL);
	if ((list = json_object_get(inf, "flags")) == NULL)
		return;
	json_array_foreach(list, i, e) {
		if ((f = config_flag(cfg, json_string_value(e))) == NULL)
			continue;
		p = f->points;
		if (sum + p > cfg->flags_max)
			p = cfg->flags_max - sum;
		sum += p;
		add(fs, p, "flag:%s", f->name);
	}
}

static void
segment(struct config *cfg, json_t *rec, const struct history *h,
    struct factors *fs)
{
	const char *seg = jpath_str(rec, cfg->segment_path);
	size_t i;
	double p;

	if (seg == NULL)
		seg = h->segment;
	if (seg == NULL)
		return;
	for (i = 0; i < cfg->nsegments; i++)
		if (strcmp(cfg->segments[i].name, seg) == 0) {
			p = cfg->segments[i].points;
			add(fs, p > cfg->segments_max ? cfg->segments_max : p,
			    "segment:%s", seg);
			return;
		}
}

int
message_negative(json_t *rec)
{
	json_t *cls = json_object_get(rec, "class");
	const char *pol = json_string_value(json_object_get(cls, "polarity"));
	const char *proto = json_string_value(json_object_get(cls,
	    "protocol"));

	return (pol != NULL && strcmp(pol, "negative") == 0) ||
	    (proto != NULL && strncmp(proto, "hostile", 7) == 0);
}

static const char *
audience(struct config *cfg, json_t *rec, const char *tier,
    const struct history *h, struct factors *fs)
{
	json_t *cls = json_object_get(rec, "class");
	const char *pol = json_string_value(json_object_get(cls, "polarity"));
	const char *reason = json_string_value(json_object_get(cls,
	    "reason"));
	size_t i;

	if (h->messages > 0 && (double)h->negative >= cfg->detractor_min &&
	    (double)h->negative >= cfg->detractor_share *
	    (double)h->messages) {
		note(fs, "detractor:%lld of %lld negative",
		    (long long)h->negative, (long long)h->messages);
		return "detractor";
	}
	for (i = 0; i < cfg->ninfluencer_tiers; i++)
		if (strcmp(cfg->influencer_tiers[i], tier) == 0)
			return "influencer";
	if ((pol != NULL && strcmp(pol, "positive") == 0) ||
	    (reason != NULL && strcmp(reason, "praise") == 0))
		return "fan";
	return "follower";
}

static int
by_points(const void *a, const void *b)
{
	const struct factor *x = a, *y = b;

	if (x->always != y->always)
		return y->always - x->always;
	return (x->points < y->points) - (x->points > y->points);
}

/* The top factors, largest first: "followers:12000 +26". */
static json_t *
why_list(struct config *cfg, struct factors *fs)
{
	json_t *why = json_array();
	size_t i;
	int n = 0;

	qsort(fs->v, fs->n, sizeof(fs->v[0]), by_points);
	for (i = 0; i < fs->n; i++) {
		struct factor *f = &fs->v[i];

		if (f->always)
			json_array_append_new(why, json_string(f->why));
		else if (n < cfg->why_max && f->points >= 0.5) {
			json_array_append_new(why, points_why(f));
			n++;
		}
	}
	return why;
}

json_t *
influence_score(struct config *cfg, json_t *rec, json_t *inf,
    const struct history *h)
{
	json_t *author = json_object_get(rec, "author"), *ext;
	struct factors fs;
	double base = 0, e, score;
	const char *tier;
	size_t i;

	fs.n = 0;
	if (!json_is_object(author))
		author = NULL;
	reach(cfg, author, h, inf, &fs);
	second_level(cfg, rec, author, h, inf, &fs);
	activity(cfg, rec, author, h, inf, &fs);
	engagement(cfg, rec, inf, &fs);
	if (json_is_true(json_object_get(author, "verified")))
		add(&fs, cfg->verified_points, "verified");
	flags(cfg, rec, inf, &fs);
	segment(cfg, rec, h, &fs);
	for (i = 0; i < fs.n; i++)
		base += fs.v[i].points;
	score = base > 100 ? 100 : base;
	ext = jpath_get(rec, cfg->external_path);
	if (json_is_number(ext) && cfg->external_weight > 0) {
		e = json_number_value(ext);
		e = e < 0 ? 0 : e > 100 ? 100 : e;
		score = (1 - cfg->external_weight) * score +
		    cfg->external_weight * e;
		note(&fs, "external:%.0f blended %.2f", e,
		    cfg->external_weight);
	}
	score = round(score);
	tier = config_tier(cfg, score);
	SET(inf, "score", json_integer((json_int_t)score));
	SET(inf, "tier", json_string(tier));
	SET(inf, "audience", json_string(audience(cfg, rec, tier, h, &fs)));
	if (h->from_db && h->first_seen[0] != '\0')
		SET(inf, "first_seen", json_string(h->first_seen));
	SET(inf, "why", why_list(cfg, &fs));
	if (cfg->use_rules != NULL)
		rules_apply(cfg->use_rules, rec, NULL);
	return json_incref(json_object_get(rec, "influence"));
}
