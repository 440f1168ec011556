/* fmt_twitter_v2.c - Twitter/X API v2: response pages, tweets, DM events
 *
 * A payload is a response page ({data, includes, errors, meta}, one per
 * line in twarc2 output; data is one tweet in the filtered stream), a
 * bare tweet (also twarc2's "flattened" tweets, whose expansions are
 * inlined), or DM events (a page of them or one event object).  Users,
 * places, media and referenced tweets are looked up in includes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "diag.h"
#include "fmt_twitter.h"
#include "ingest.h"
#include "jpath.h"

/* The expansions of one page (arrays, or NULL). */
struct v2_inc {
	json_t	*users, *tweets, *places, *media;
};

/* The object of arr whose key is the string val. */
static json_t *
find_by(json_t *arr, const char *key, const char *val)
{
	json_t *o;
	size_t i;

	if (val == NULL)
		return NULL;
	json_array_foreach(arr, i, o)
		if (tw_same_id(json_string_value(json_object_get(o, key)), val))
			return o;
	return NULL;
}

static const char *
str_of(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/* The user object of a tweet's author: includes, else twarc's inline. */
static json_t *
v2_user(struct ingest *ing, const struct v2_inc *inc, json_t *t,
    const char *uid, const char *inline_key)
{
	json_t *u = find_by(inc->users, "id", uid);

	if (u == NULL && inline_key != NULL)
		u = opt_obj(ing, t, inline_key);
	return u;
}

/* verified, or since 2023 verified_type ("blue", "business", "none"). */
static void
v2_verified(json_t *author, json_t *u)
{
	json_t *v = json_object_get(u, "verified");
	const char *type = str_of(u, "verified_type");

	if (json_is_boolean(v))
		set_bool(author, "verified", json_is_true(v));
	else if (type != NULL)
		set_bool(author, "verified", strcmp(type, "none") != 0);
}

static void
v2_author(struct ingest *ing, json_t *msg, const char *uid, json_t *u)
{
	json_t *author = child(msg, "author");
	int64_t ms = 0;

	tw_set_prefixed(author, "id", "twitter:u:", uid);
	if (u == NULL)
		return;
	set_str(author, "handle", opt_str(ing, u, "username"));
	set_str(author, "name", opt_str(ing, u, "name"));
	copy_int(ing, author, u, "public_metrics.followers_count",
	    "followers");
	copy_int(ing, author, u, "public_metrics.following_count",
	    "following");
	copy_int(ing, author, u, "public_metrics.tweet_count", "posts");
	v2_verified(author, u);
	set_str(author, "bio", opt_str(ing, u, "description"));
	set_str(author, "location", opt_str(ing, u, "location"));
	if (opt_time(ing, u, "created_at", &ms) == 0)
		set_time(author, "created_at", ms);
}

/* The id of the tweet referenced as type ("replied_to", "retweeted"). */
static const char *
v2_ref(json_t *t, const char *type)
{
	json_t *r;
	size_t i;

	json_array_foreach(json_object_get(t, "referenced_tweets"), i, r) {
		const char *rt = str_of(r, "type");

		if (rt != NULL && strcmp(rt, type) == 0)
			return str_of(r, "id");
	}
	return NULL;
}

/* note_tweet holds the whole text of a long post; text is cut. */
static const char *
v2_full_text(struct ingest *ing, json_t *t)
{
	const char *s = opt_str(ing, t, "note_tweet.text");

	return s != NULL ? s : opt_str(ing, t, "text");
}

/* A retweet's text is cut at 140: rebuild it from the original. */
static void
v2_text(struct ingest *ing, json_t *msg, json_t *t, const struct v2_inc *inc)
{
	json_t *orig = find_by(inc->tweets, "id", v2_ref(t, "retweeted"));
	const char *who, *text;
	char *whole;

	if (orig != NULL && (text = v2_full_text(ing, orig)) != NULL &&
	    (who = str_of(find_by(inc->users, "id", str_of(orig,
	    "author_id")), "username")) != NULL) {
		if (asprintf(&whole, "RT @%s: %s", who, text) == -1)
			diag_fatal(EX_SOFTWARE, "out of memory");
		tw_set_tweet_text(msg, whole);
		free(whole);
		return;
	}
	tw_set_tweet_text(msg, v2_full_text(ing, t));
}

/* Mentioned brands, and the brand replied to. */
static void
v2_to(struct ingest *ing, json_t *msg, json_t *t, const struct v2_inc *inc)
{
	json_t *ments, *m;
	const char *reply, *name;
	size_t i;

	if ((ments = opt_arr(ing, t, "note_tweet.entities.mentions")) == NULL)
		ments = opt_arr(ing, t, "entities.mentions");
	json_array_foreach(ments, i, m)
		if (is_brand(ing, str_of(m, "username")))
			tw_add_to(msg, str_of(m, "username"));
	if ((reply = opt_id(ing, t, "in_reply_to_user_id")) == NULL)
		return;
	name = str_of(v2_user(ing, inc, t, reply, "in_reply_to_user"),
	    "username");
	if (name == NULL)		/* the mention carries the id too */
		name = str_of(find_by(ments, "id", reply), "username");
	if (is_brand(ing, name))
		tw_add_to(msg, name);
}

/* The conversation, and the post this one replies to, quotes or
 * reposts: who amplifies whom, for scs-influence's second level. */
static void
v2_thread(struct ingest *ing, json_t *msg, json_t *t)
{
	const char *conv = opt_id(ing, t, "conversation_id");
	const char *reply = v2_ref(t, "replied_to");
	const char *quote = v2_ref(t, "quoted");
	const char *repost = v2_ref(t, "retweeted");

	if (conv != NULL)
		tw_set_prefixed(child(msg, "thread"), "id", "twitter:", conv);
	if (reply != NULL)
		tw_set_prefixed(child(msg, "thread"), "in_reply_to", "twitter:",
		    reply);
	if (quote != NULL)
		tw_set_prefixed(child(msg, "thread"), "quote_of", "twitter:",
		    quote);
	if (repost != NULL)
		tw_set_prefixed(child(msg, "thread"), "repost_of", "twitter:",
		    repost);
}

/* The post's own public counts, for engagement. */
static void
v2_metrics(struct ingest *ing, json_t *msg, json_t *t)
{
	json_t *m = json_object();

	copy_int(ing, m, t, "public_metrics.like_count", "likes");
	copy_int(ing, m, t, "public_metrics.reply_count", "replies");
	copy_int(ing, m, t, "public_metrics.retweet_count", "reposts");
	copy_int(ing, m, t, "public_metrics.quote_count", "quotes");
	if (json_object_size(m) > 0)
		json_object_set_new(msg, "metrics", m);
	else
		json_decref(m);
}

/* geo.coordinates is GeoJSON ([lon, lat]); the place is in includes. */
static void
v2_geo(struct ingest *ing, json_t *msg, json_t *t, const struct v2_inc *inc)
{
	json_t *place = find_by(inc->places, "id",
	    opt_str(ing, t, "geo.place_id"));
	const char *name;

	tw_set_point(msg, opt_arr(ing, t, "geo.coordinates.coordinates"));
	name = str_of(place, "full_name");
	if (name == NULL)		/* twarc2 flatten merges the place */
		name = str_of(json_object_get(t, "geo"), "full_name");
	if (name != NULL && *name != '\0')
		set_str(child(msg, "geo"), "place", name);
}

/* Media key prefixes, for media that were not expanded. */
static const char *
key_type(const char *key)
{
	if (strncmp(key, "3_", 2) == 0)
		return "photo";
	if (strncmp(key, "7_", 2) == 0 || strncmp(key, "13_", 3) == 0)
		return "video";
	if (strncmp(key, "16_", 3) == 0)
		return "animated_gif";
	return NULL;
}

static int
is_mp4(json_t *v)
{
	const char *ct = str_of(v, "content_type");

	return ct != NULL && strcmp(ct, "video/mp4") == 0 &&
	    str_of(v, "url") != NULL;
}

/* A photo's url, or a video's best mp4 variant (media.fields=variants). */
static json_t *
v2_media(const char *key, json_t *m)
{
	const char *type = m != NULL ? str_of(m, "type") : key_type(key);
	json_t *v, *best = NULL;
	size_t i;

	json_array_foreach(json_object_get(m, "variants"), i, v)
		if (is_mp4(v) && (best == NULL ||
		    json_integer_value(json_object_get(v, "bit_rate")) >
		    json_integer_value(json_object_get(best, "bit_rate"))))
			best = v;
	if (str_of(m, "url") == NULL && best != NULL)
		return attachment(tw_media_type(type), NULL, "video/mp4",
		    str_of(best, "url"));
	return attachment(tw_media_type(type), NULL, NULL, str_of(m, "url"));
}

static void
v2_attachments(struct ingest *ing, json_t *msg, json_t *t,
    const struct v2_inc *inc)
{
	json_t *keys = opt_arr(ing, t, "attachments.media_keys"), *k, *m;
	json_t *flat = opt_arr(ing, t, "attachments.media");
	const char *key;
	size_t i;

	json_array_foreach(keys, i, k) {
		if ((key = json_string_value(k)) == NULL)
			continue;
		if ((m = find_by(inc->media, "media_key", key)) == NULL)
			m = find_by(flat, "media_key", key);
		push(msg, "attachments", v2_media(key, m));
	}
}

/* A tweet object; NULL after ing_fail. */
static json_t *
v2_tweet(struct ingest *ing, json_t *t, const struct v2_inc *inc)
{
	const char *id, *uid;
	json_t *msg, *user;
	int64_t ms = 0;
	int have;

	if ((id = req_id(ing, t, "id")) == NULL)
		return NULL;
	if ((have = opt_time(ing, t, "created_at", &ms)) == -1)
		return NULL;
	uid = opt_id(ing, t, "author_id");
	user = v2_user(ing, inc, t, uid, "author");
	msg = msg_new("twitter", id, is_brand(ing, str_of(user, "username")),
	    1);
	tw_set_created(msg, have == 0, ms, id);
	if (uid != NULL)
		v2_author(ing, msg, uid, user);
	v2_to(ing, msg, t, inc);
	tw_drop_self(msg);
	v2_text(ing, msg, t, inc);
	tw_set_lang(msg, opt_str(ing, t, "lang"));
	v2_thread(ing, msg, t);
	v2_metrics(ing, msg, t);
	v2_geo(ing, msg, t, inc);
	v2_attachments(ing, msg, t, inc);
	if (ing_failed(ing)) {
		json_decref(msg);
		return NULL;
	}
	return msg;
}

/* In a one-to-one chat ("<id>-<id>") the other participant. */
static const char *
dm_peer(const char *conv, const char *sender, char *buf, size_t bufsz)
{
	const char *dash;

	if (conv == NULL || sender == NULL ||
	    (dash = strchr(conv, '-')) == NULL)
		return NULL;
	if (strcmp(dash + 1, sender) == 0) {
		snprintf(buf, bufsz, "%.*s", (int)(dash - conv), conv);
		return buf;
	}
	if ((size_t)(dash - conv) == strlen(sender) &&
	    strncmp(conv, sender, strlen(sender)) == 0)
		return dash + 1;
	return NULL;
}

/* A MessageCreate event; NULL after ing_fail. */
static json_t *
v2_dm(struct ingest *ing, json_t *e, const struct v2_inc *inc)
{
	const char *id, *from, *conv, *peer, *to;
	json_t *msg, *user;
	int64_t ms = 0;
	int have, out;
	char buf[32];

	if ((id = req_id(ing, e, "id")) == NULL ||
	    (have = opt_time(ing, e, "created_at", &ms)) == -1)
		return NULL;
	from = opt_id(ing, e, "sender_id");
	user = find_by(inc->users, "id", from);
	out = is_brand(ing, str_of(user, "username"));
	msg = msg_new("twitter", id, out, 0);
	tw_set_created(msg, have == 0, ms, id);
	if (from != NULL)
		v2_author(ing, msg, from, user);
	conv = opt_id(ing, e, "dm_conversation_id");
	peer = dm_peer(conv, from, buf, sizeof(buf));
	/* The brand a customer writes to, in a one-to-one chat. */
	to = str_of(find_by(inc->users, "id", peer), "username");
	if (!out && is_brand(ing, to))
		tw_add_to(msg, to);
	/* DM text is not HTML-escaped, unlike tweets. */
	set_str(msg, "text", opt_str(ing, e, "text"));
	if (conv != NULL)
		tw_set_prefixed(child(msg, "thread"), "id", "twitter:dm:",
		    conv);
	v2_attachments(ing, msg, e, inc);
	if (ing_failed(ing)) {
		json_decref(msg);
		return NULL;
	}
	return msg;
}

/* One element of data: a tweet or a DM event.  -1 after ing_fail. */
static int
v2_item(struct ingest *ing, json_t *o, const struct v2_inc *inc)
{
	const char *type;
	char kind[80];
	json_t *msg;

	if (!json_is_object(o))
		return ing_fail(ing, "not a JSON object");
	if (json_object_get(o, "event_type") == NULL)
		msg = v2_tweet(ing, o, inc);
	else if ((type = req_str(ing, o, "event_type")) == NULL)
		return -1;
	else if (strcmp(type, "MessageCreate") == 0)
		msg = v2_dm(ing, o, inc);
	else {
		/* Participants joining or leaving a group chat, ... */
		if (strncmp(type, "Participants", 12) == 0)
			ing_skip(ing, "dm participants");
		else {
			snprintf(kind, sizeof(kind), "dm %s", type);
			ing_skip(ing, kind);
		}
		return 0;
	}
	if (msg == NULL)
		return -1;
	ing_emit(ing, msg);
	return 0;
}

static int
v2_includes(struct ingest *ing, json_t *p, struct v2_inc *inc)
{
	inc->users = opt_arr(ing, p, "includes.users");
	inc->tweets = opt_arr(ing, p, "includes.tweets");
	inc->places = opt_arr(ing, p, "includes.places");
	inc->media = opt_arr(ing, p, "includes.media");
	return ing_failed(ing) ? -1 : 0;
}

/* A bare tweet or DM event rather than a response page? */
static int
is_item(json_t *p)
{
	return json_object_get(p, "event_type") != NULL ||
	    (json_object_get(p, "id") != NULL &&
	    (json_object_get(p, "text") != NULL ||
	    json_object_get(p, "author_id") != NULL ||
	    json_object_get(p, "note_tweet") != NULL));
}

static int
empty_page(json_t *p)
{
	json_t *n = jpath_get(p, "meta.result_count");

	return json_is_integer(n) && json_integer_value(n) == 0;
}

int
conv_twitter_v2(struct ingest *ing, json_t *p)
{
	struct v2_inc inc;
	json_t *data, *errors, *o;
	size_t i;

	if (!json_is_object(p))
		return ing_fail(ing, "a v2 payload must be a JSON object");
	if (v2_includes(ing, p, &inc) == -1)
		return -1;
	if ((errors = opt_arr(ing, p, "errors")) == NULL && ing_failed(ing))
		return -1;
	/* Objects the API could not return (deleted, suspended...). */
	for (i = 0; i < json_array_size(errors); i++)
		ing_skip(ing, "api error");
	data = json_object_get(p, "data");
	if (json_is_array(data)) {
		json_array_foreach(data, i, o) {
			ing_where(ing, "data[%zu]", i);
			if (v2_item(ing, o, &inc) == -1)
				ing_reject_part(ing, o, "%s", ing->why);
		}
		return 0;
	}
	if (json_is_object(data)) {
		ing_where(ing, "data");
		return v2_item(ing, data, &inc);
	}
	if (data != NULL && !json_is_null(data))
		return ing_fail(ing, "\"data\" is neither an array nor an "
		    "object");
	if (is_item(p))
		return v2_item(ing, p, &inc);
	if (errors != NULL || empty_page(p))
		return 0;
	return ing_fail(ing, "no \"data\", no \"errors\" and no tweet "
	    "(\"id\" with \"text\") in this payload");
}
