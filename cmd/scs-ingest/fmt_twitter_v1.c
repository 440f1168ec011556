/* fmt_twitter_v1.c - Twitter v1.1 tweets and Account Activity webhooks
 *
 * The v1.1 tweet object (REST, streaming, "original format" exports) is
 * also what the Account Activity API sends in tweet_create_events, so
 * both converters share tw_tweet() below.  The helpers every Twitter
 * converter uses (fmt_twitter.h) live here too.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "diag.h"
#include "fmt_twitter.h"
#include "ingest.h"

/* Snowflake epoch: 2010-11-04T01:42:54.657Z. */
#define TW_EPOCH_MS	1288834974657LL
/*
 * Ids below this are not snowflakes.  The brief said 2^32, but tweet
 * ids were sequential until November 2010 and had reached about 3e10
 * (> 2^32) by then; those would decode to a time seconds after the
 * epoch.  2^38 decodes to 65 s after it, above every sequential id.
 */
#define TW_SNOWFLAKE_MIN	(1ULL << 38)

/* ---- shared with fmt_twitter_v2.c ---- */

int64_t
tw_snowflake_ms(const char *id)
{
	unsigned long long v;
	char *end;

	if (id == NULL || *id < '0' || *id > '9')
		return -1;
	errno = 0;
	v = strtoull(id, &end, 10);
	if (*end != '\0' || errno != 0 || v < TW_SNOWFLAKE_MIN)
		return -1;
	return (int64_t)(v >> 22) + TW_EPOCH_MS;
}

void
tw_set_created(json_t *msg, int have, int64_t ms, const char *id)
{
	if (!have && (ms = tw_snowflake_ms(id)) == -1)
		return;
	set_time(msg, "created_at", ms);
}

void
tw_set_prefixed(json_t *obj, const char *key, const char *prefix,
    const char *id)
{
	char *s;

	if (id == NULL)
		return;
	if (asprintf(&s, "%s%s", prefix, id) == -1)
		diag_fatal(EX_SOFTWARE, "out of memory");
	set_str(obj, key, s);
	free(s);
}

void
tw_set_tweet_text(json_t *msg, const char *text)
{
	char *plain;

	if (text == NULL)
		return;
	plain = html_unescape(text);
	set_str(msg, "text", plain);
	free(plain);
}

void
tw_set_lang(json_t *msg, const char *lang)
{
	if (lang != NULL && strcmp(lang, "und") != 0)
		set_str(msg, "lang", lang);
}

void
tw_add_to(json_t *msg, const char *handle)
{
	json_t *to = json_object_get(msg, "to"), *v;
	size_t i;

	if (handle == NULL || *handle == '\0')
		return;
	if (*handle == '@')
		handle++;
	json_array_foreach(to, i, v)
		if (strcasecmp(json_string_value(v), handle) == 0)
			return;
	push(msg, "to", json_string(handle));
}

void
tw_set_point(json_t *msg, json_t *c)
{
	json_t *lon = json_array_get(c, 0), *lat = json_array_get(c, 1);
	json_t *geo;

	if (json_array_size(c) != 2 || !json_is_number(lon) ||
	    !json_is_number(lat))
		return;
	geo = child(msg, "geo");
	json_object_set_new(geo, "lat", json_real(json_number_value(lat)));
	json_object_set_new(geo, "lon", json_real(json_number_value(lon)));
}

void
tw_drop_self(json_t *msg)
{
	json_t *to = json_object_get(msg, "to");
	const char *self = json_string_value(json_object_get(
	    json_object_get(msg, "author"), "handle"));
	size_t i;

	if (to == NULL || self == NULL)
		return;
	for (i = json_array_size(to); i-- > 0;)
		if (strcasecmp(json_string_value(json_array_get(to, i)),
		    self) == 0)
			json_array_remove(to, i);
	if (json_array_size(to) == 0)
		json_object_del(msg, "to");
}

const char *
tw_media_type(const char *type)
{
	if (type == NULL)
		return "other";
	if (strcmp(type, "photo") == 0)
		return "image";
	if (strcmp(type, "video") == 0 || strcmp(type, "animated_gif") == 0)
		return "video";
	return "other";
}

int
tw_same_id(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/* ---- v1.1 tweet objects ---- */

/* What the tweet is looked at against: --brand and the AA account. */
struct tw_ctx {
	const char	*self_id;	/* for_user_id, or NULL */
};

/* The whole text: extended_tweet.full_text, full_text, else text. */
static const char *
v1_text(struct ingest *ing, json_t *t, const char *prefix)
{
	static const char *const keys[] = {
		"extended_tweet.full_text", "full_text", "text"
	};
	char path[64];
	const char *s;
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", prefix, keys[i]);
		if ((s = opt_str(ing, t, path)) != NULL)
			return s;
	}
	return NULL;
}

/* A retweet's own text is cut at 140; rebuild it from the original. */
static void
v1_set_text(struct ingest *ing, json_t *msg, json_t *t)
{
	const char *orig, *who;
	char *whole;

	if (opt_obj(ing, t, "retweeted_status") != NULL &&
	    (orig = v1_text(ing, t, "retweeted_status.")) != NULL &&
	    (who = opt_str(ing, t, "retweeted_status.user.screen_name"))
	    != NULL) {
		if (asprintf(&whole, "RT @%s: %s", who, orig) == -1)
			diag_fatal(EX_SOFTWARE, "out of memory");
		tw_set_tweet_text(msg, whole);
		free(whole);
		return;
	}
	tw_set_tweet_text(msg, v1_text(ing, t, ""));
}

/*
 * The v1.1 user object, also the shape of AA's users map (which has
 * created_timestamp in ms instead of created_at).
 */
static void
v1_author(struct ingest *ing, json_t *msg, json_t *u, const char *uid)
{
	json_t *author = child(msg, "author"), *v;
	int64_t ms = 0;

	tw_set_prefixed(author, "id", "twitter:u:", uid);
	if (u == NULL)
		return;
	set_str(author, "handle", opt_str(ing, u, "screen_name"));
	set_str(author, "name", opt_str(ing, u, "name"));
	copy_int(ing, author, u, "followers_count", "followers");
	copy_int(ing, author, u, "friends_count", "following");
	copy_int(ing, author, u, "statuses_count", "posts");
	if ((v = json_object_get(u, "verified")) != NULL && json_is_boolean(v))
		set_bool(author, "verified", json_is_true(v));
	set_str(author, "bio", opt_str(ing, u, "description"));
	set_str(author, "location", opt_str(ing, u, "location"));
	if (opt_time(ing, u, "created_at", &ms) == 0 ||
	    opt_time(ing, u, "created_timestamp", &ms) == 0)
		set_time(author, "created_at", ms);
}

/* Mentions of --brand accounts or of the subscribed account go to "to". */
static void
v1_to(struct ingest *ing, json_t *msg, json_t *t, const struct tw_ctx *cx)
{
	json_t *ments, *m;
	const char *sn, *reply;
	size_t i;

	if ((ments = opt_arr(ing, t, "extended_tweet.entities.user_mentions"))
	    == NULL)
		ments = opt_arr(ing, t, "entities.user_mentions");
	json_array_foreach(ments, i, m) {
		sn = json_string_value(json_object_get(m, "screen_name"));
		if (is_brand(ing, sn) || tw_same_id(cx->self_id,
		    json_string_value(json_object_get(m, "id_str"))))
			tw_add_to(msg, sn);
	}
	reply = opt_str(ing, t, "in_reply_to_screen_name");
	if (is_brand(ing, reply) || tw_same_id(cx->self_id,
	    opt_id(ing, t, "in_reply_to_user_id_str")))
		tw_add_to(msg, reply);
}

static void
v1_geo(struct ingest *ing, json_t *msg, json_t *t)
{
	const char *place = opt_str(ing, t, "place.full_name");

	tw_set_point(msg, opt_arr(ing, t, "coordinates.coordinates"));
	if (place != NULL && *place != '\0')
		set_str(child(msg, "geo"), "place", place);
}

/* The best mp4 of a video, else the picture itself. */
static json_t *
v1_media(json_t *m)
{
	json_t *vars = json_object_get(json_object_get(m, "video_info"),
	    "variants"), *v;
	const char *type = json_string_value(json_object_get(m, "type"));
	const char *url = NULL, *mime = NULL, *ct;
	json_int_t best = -1, rate;
	size_t i;

	json_array_foreach(vars, i, v) {
		ct = json_string_value(json_object_get(v, "content_type"));
		rate = json_integer_value(json_object_get(v, "bitrate"));
		if (ct != NULL && strcmp(ct, "video/mp4") == 0 && rate > best) {
			best = rate;
			url = json_string_value(json_object_get(v, "url"));
			mime = ct;
		}
	}
	if (url == NULL && strcmp(tw_media_type(type), "image") == 0)
		url = json_string_value(json_object_get(m, "media_url_https"));
	return attachment(tw_media_type(type), NULL, mime, url);
}

/* extended_entities has every picture; entities only the first. */
static void
v1_attachments(struct ingest *ing, json_t *msg, json_t *obj)
{
	static const char *const paths[] = {
		"extended_tweet.extended_entities.media",
		"extended_entities.media", "extended_tweet.entities.media",
		"entities.media"
	};
	json_t *media = NULL, *m;
	size_t i;

	for (i = 0; media == NULL && i < sizeof(paths) / sizeof(paths[0]);
	    i++)
		media = opt_arr(ing, obj, paths[i]);
	json_array_foreach(media, i, m)
		if (json_is_object(m))
			push(msg, "attachments", v1_media(m));
}

/* Build the message of a v1.1 tweet; NULL after ing_fail. */
static json_t *
tw_tweet(struct ingest *ing, json_t *t, const struct tw_ctx *cx)
{
	const char *id, *uid, *reply;
	json_t *msg, *user;
	int64_t ms = 0;
	int have, out;

	if (!json_is_object(t)) {
		ing_fail(ing, "a tweet must be a JSON object");
		return NULL;
	}
	if ((id = req_str(ing, t, "id_str")) == NULL ||
	    (user = req_obj(ing, t, "user")) == NULL ||
	    (uid = req_id(ing, t, "user.id_str")) == NULL)
		return NULL;
	if ((have = opt_time(ing, t, "created_at", &ms)) == 1)
		have = opt_time(ing, t, "timestamp_ms", &ms);
	if (have == -1)
		return NULL;
	out = is_brand(ing, opt_str(ing, t, "user.screen_name")) ||
	    tw_same_id(cx->self_id, uid);
	msg = msg_new("twitter", id, out, 1);
	tw_set_created(msg, have == 0, ms, id);
	v1_author(ing, msg, user, uid);
	v1_to(ing, msg, t, cx);
	tw_drop_self(msg);
	v1_set_text(ing, msg, t);
	tw_set_lang(msg, opt_str(ing, t, "lang"));
	if ((reply = opt_id(ing, t, "in_reply_to_status_id_str")) != NULL)
		tw_set_prefixed(child(msg, "thread"), "in_reply_to", "twitter:",
		    reply);
	/* Who amplifies whom (scs-influence's second level). */
	if ((reply = opt_id(ing, t, "quoted_status_id_str")) != NULL)
		tw_set_prefixed(child(msg, "thread"), "quote_of", "twitter:",
		    reply);
	if ((reply = opt_id(ing, t, "retweeted_status.id_str")) != NULL)
		tw_set_prefixed(child(msg, "thread"), "repost_of", "twitter:",
		    reply);
	v1_geo(ing, msg, t);
	v1_attachments(ing, msg, t);
	if (ing_failed(ing)) {
		json_decref(msg);
		return NULL;
	}
	return msg;
}

/* v1 streaming control messages: not tweets, counted by kind. */
static const char *const v1_notices[] = {
	"delete", "limit", "scrub_geo", "status_withheld", "user_withheld",
	"disconnect", "warning", "friends", "friends_str", "event",
	"direct_message", "control", NULL
};

static int
v1_one(struct ingest *ing, json_t *t)
{
	const struct tw_ctx none = { NULL };
	json_t *msg;
	size_t i;

	if (json_is_object(t) && json_object_get(t, "id_str") == NULL)
		for (i = 0; v1_notices[i] != NULL; i++)
			if (json_object_get(t, v1_notices[i]) != NULL) {
				ing_skip(ing, v1_notices[i]);
				return 0;
			}
	if ((msg = tw_tweet(ing, t, &none)) == NULL)
		return -1;
	ing_emit(ing, msg);
	return 0;
}

/*
 * One v1.1 tweet per payload (arrays are split by the input layer), or
 * a search/tweets response whose "statuses" hold the tweets.
 */
int
conv_twitter_v1(struct ingest *ing, json_t *p)
{
	json_t *statuses, *t;
	size_t i;

	if (!json_is_object(p) || (statuses = json_object_get(p,
	    "statuses")) == NULL || !json_is_array(statuses))
		return v1_one(ing, p);
	json_array_foreach(statuses, i, t) {
		ing_where(ing, "statuses[%zu]", i);
		if (v1_one(ing, t) == -1)
			ing_reject_part(ing, t, "%s", ing->why);
	}
	return 0;
}

/* ---- Account Activity ---- */

/* Ids are decimal strings without leading zeros: compare as numbers. */
static int
id_cmp(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la != lb)
		return la < lb ? -1 : 1;
	return strcmp(a, b);
}

/* The v2 dm_conversation_id of a one-to-one chat: "<lower>-<higher>". */
static void
aa_dm_thread(json_t *msg, const char *a, const char *b)
{
	const char *lo;
	char *pair;

	if (a == NULL || b == NULL)
		return;
	lo = id_cmp(a, b) < 0 ? a : b;
	if (asprintf(&pair, "%s-%s", lo, lo == a ? b : a) == -1)
		diag_fatal(EX_SOFTWARE, "out of memory");
	tw_set_prefixed(child(msg, "thread"), "id", "twitter:dm:", pair);
	free(pair);
}

static json_t *
aa_user(json_t *users, const char *id)
{
	json_t *u = id != NULL ? json_object_get(users, id) : NULL;

	return json_is_object(u) ? u : NULL;
}

/* A direct_message_events element of type message_create. */
static json_t *
aa_dm(struct ingest *ing, json_t *e, json_t *users, const struct tw_ctx *cx)
{
	const char *id, *from, *to, *name;
	json_t *msg, *sender, *att;
	int64_t ms = 0;
	int have, out;

	if ((id = req_id(ing, e, "id")) == NULL ||
	    (from = req_id(ing, e, "message_create.sender_id")) == NULL)
		return NULL;
	to = opt_id(ing, e, "message_create.target.recipient_id");
	if ((have = opt_time(ing, e, "created_timestamp", &ms)) == -1)
		return NULL;
	sender = aa_user(users, from);
	name = json_string_value(json_object_get(sender, "screen_name"));
	out = tw_same_id(cx->self_id, from) || is_brand(ing, name);
	msg = msg_new("twitter", id, out, 0);
	tw_set_created(msg, have == 0, ms, id);
	v1_author(ing, msg, sender, from);
	name = json_string_value(json_object_get(aa_user(users, to),
	    "screen_name"));
	if (!out && (tw_same_id(cx->self_id, to) || is_brand(ing, name)))
		tw_add_to(msg, name);
	/* DM text is not HTML-escaped, unlike tweets. */
	set_str(msg, "text", opt_str(ing, e,
	    "message_create.message_data.text"));
	aa_dm_thread(msg, from, to);
	if ((att = opt_obj(ing, e,
	    "message_create.message_data.attachment.media")) != NULL)
		push(msg, "attachments", v1_media(att));
	if (ing_failed(ing)) {
		json_decref(msg);
		return NULL;
	}
	return msg;
}

static void
aa_dm_events(struct ingest *ing, json_t *events, json_t *users,
    const struct tw_ctx *cx)
{
	const char *type;
	json_t *e, *msg;
	size_t i;
	char kind[80];

	json_array_foreach(events, i, e) {
		ing_where(ing, "direct_message_events[%zu]", i);
		type = json_string_value(json_object_get(e, "type"));
		if (type != NULL && strcmp(type, "message_create") != 0) {
			snprintf(kind, sizeof(kind), "direct_message %s", type);
			ing_skip(ing, kind);
			continue;
		}
		if (!json_is_object(e))
			ing_fail(ing, "an event must be a JSON object");
		else if (type == NULL)
			ing_fail(ing, "\"type\" missing");
		if (ing_failed(ing) || (msg = aa_dm(ing, e, users, cx)) == NULL)
			ing_reject_part(ing, e, "%s", ing->why);
		else
			ing_emit(ing, msg);
	}
}

static void
aa_tweets(struct ingest *ing, json_t *events, const struct tw_ctx *cx)
{
	json_t *t, *msg;
	size_t i;

	json_array_foreach(events, i, t) {
		ing_where(ing, "tweet_create_events[%zu]", i);
		if ((msg = tw_tweet(ing, t, cx)) == NULL)
			ing_reject_part(ing, t, "%s", ing->why);
		else
			ing_emit(ing, msg);
	}
}

/* Does key end in "_events"? */
static int
is_events_key(const char *key)
{
	size_t n = strlen(key);

	return n > 7 && strcmp(key + n - 7, "_events") == 0;
}

/*
 * A webhook body: for_user_id (the subscribed account) and one or more
 * *_events arrays.  Only tweet_create_events and message_create DMs are
 * messages; likes, follows, blocks, typing, reads, deletes are counted.
 */
int
conv_twitter_aa(struct ingest *ing, json_t *p)
{
	struct tw_ctx cx = { NULL };
	json_t *users, *v;
	const char *key;
	size_t i, found = 0;

	if (!json_is_object(p))
		return ing_fail(ing, "an Account Activity payload must be a "
		    "JSON object");
	cx.self_id = opt_id(ing, p, "for_user_id");
	users = opt_obj(ing, p, "users");
	if (ing_failed(ing))
		return -1;
	json_object_foreach(p, key, v) {
		if (strcmp(key, "user_event") == 0) {
			ing_skip(ing, key);
			found++;
			continue;
		}
		if (!is_events_key(key))
			continue;
		found++;
		if (!json_is_array(v))
			return ing_fail(ing, "\"%s\" is not an array", key);
		if (strcmp(key, "tweet_create_events") == 0)
			aa_tweets(ing, v, &cx);
		else if (strcmp(key, "direct_message_events") == 0)
			aa_dm_events(ing, v, users, &cx);
		else
			for (i = 0; i < json_array_size(v); i++)
				ing_skip(ing, key);
	}
	if (found == 0)
		return ing_fail(ing, "no \"*_events\" array or \"user_event\"");
	return 0;
}
