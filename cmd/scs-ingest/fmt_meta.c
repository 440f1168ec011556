/* fmt_meta.c - Meta webhooks: Messenger, Instagram messaging, Page feed
 * and Instagram comments
 *
 * A body is {"object":"page"|"instagram","entry":[…]}.  Each entry holds
 * messaging events (messaging[], and standby[] while another app owns
 * the thread) and field changes (changes[]).  One broken event is
 * rejected on its own; the rest of the batch goes on.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "diag.h"
#include "ingest.h"
#include "jpath.h"

struct meta {
	struct ingest	*ing;
	int		 page;		/* "page", else "instagram" */
	const char	*channel;	/* of messaging events */
	size_t		 ei;		/* index of the entry */
	char		 entry_id[64];	/* page or account, or "" */
	json_t		*entry;
};

/* Messaging event keys that are not messages, counted by their name. */
static const char *const skipped_events[] = {
	"delivery", "read", "optin", "referral", "account_linking",
	"checkout_update", "payment", "pre_checkout", "policy_enforcement",
	"pass_thread_control", "take_thread_control",
	"request_thread_control", "app_roles", "handover", "game_play",
	"messaging_feedback", "response_feedback", "message_seen", NULL
};

/* Keys a messaging event carries besides its one event key. */
static const char *const event_envelope[] = {
	"sender", "recipient", "timestamp", NULL
};

/* ---- messaging events ---- */

/*
 * created_at from obj.path.  A change notification without a time of its
 * own (fallback set) takes the entry's: when Meta saw the change.
 */
static void
event_time(struct meta *m, json_t *obj, const char *path, json_t *rec,
    int fallback)
{
	int64_t ms;
	int r;

	if ((r = opt_time(m->ing, obj, path, &ms)) == 1 && fallback)
		r = opt_time(m->ing, m->entry, "time", &ms);
	if (r == 0)
		set_time(rec, "created_at", ms);
}

/* Emit rec, unless reading what went into it failed. */
static int
finish(struct ingest *ing, json_t *rec)
{
	if (ing_failed(ing)) {
		json_decref(rec);
		return -1;
	}
	ing_emit(ing, rec);
	return 0;
}

/* Author, and the page addressed when the customer wrote. */
static void
set_parties(struct meta *m, json_t *rec, json_t *ev, const char *sender,
    int out)
{
	const char *to;

	set_fmt(child(rec, "author"), "id", "%s:u:%s", m->channel, sender);
	if (out)
		return;
	to = opt_id(m->ing, ev, "recipient.id");
	if (to == NULL && m->entry_id[0] != '\0')
		to = m->entry_id;
	if (to != NULL)
		push(rec, "to", json_string(to));
}

static const char *
attachment_type(const char *type, json_t *a)
{
	if (type == NULL)
		return "other";
	if (strcmp(type, "image") == 0 &&
	    jpath_get(a, "payload.sticker_id") != NULL)
		return "sticker";
	if (strcmp(type, "image") == 0 || strcmp(type, "video") == 0 ||
	    strcmp(type, "audio") == 0 || strcmp(type, "sticker") == 0 ||
	    strcmp(type, "location") == 0)
		return type;
	if (strcmp(type, "file") == 0)
		return "document";
	return "other";	/* fallback, template, share, reel, story… */
}

static void
set_geo(json_t *rec, json_t *coord)
{
	json_t *lat = json_object_get(coord, "lat");
	json_t *lon = json_object_get(coord, "long");
	json_t *geo;

	if (!json_is_number(lat) || !json_is_number(lon))
		return;
	geo = child(rec, "geo");
	json_object_set_new(geo, "lat", json_real(json_number_value(lat)));
	json_object_set_new(geo, "lon", json_real(json_number_value(lon)));
}

static int
has_sticker_attachment(json_t *list)
{
	size_t i;
	json_t *a;

	json_array_foreach(list, i, a)
		if (streq(json_string_value(json_object_get(a, "type")),
		    "sticker"))
			return 1;
	return 0;
}

/* message.attachments[] (and a bare sticker_id) to attachments. */
static int
message_attachments(struct meta *m, json_t *rec, json_t *msg)
{
	json_t *list, *a;
	const char *type, *url;
	int sticker;
	size_t i;

	if ((list = opt_arr(m->ing, msg, "attachments")) == NULL)
		return ing_failed(m->ing) ? -1 : 0;
	/* While Meta moves stickers to their own type, a sticker comes
	 * twice: as "sticker" and as an "image" with a sticker_id. */
	sticker = has_sticker_attachment(list);
	json_array_foreach(list, i, a) {
		if (!json_is_object(a))
			return ing_fail(m->ing, "\"message.attachments[%zu]\" "
			    "is not an object", i);
		type = attachment_type(json_string_value(json_object_get(a,
		    "type")), a);
		if (sticker && strcmp(type, "sticker") == 0 &&
		    !streq(json_string_value(json_object_get(a, "type")),
		    "sticker"))
			continue;
		if ((url = jpath_str(a, "payload.url")) == NULL &&
		    (url = jpath_str(a, "url")) == NULL)
			url = jpath_str(a, "URL");
		push(rec, "attachments", attachment(type, NULL, NULL, url));
		if (strcmp(type, "location") == 0)
			set_geo(rec, jpath_get(a, "payload.coordinates"));
	}
	return 0;
}

static int
ev_message(struct meta *m, json_t *ev)
{
	struct ingest *ing = m->ing;
	const char *mid, *sender, *text, *reply;
	char who[32];
	json_t *msg, *rec;
	int echo;

	msg = req_obj(ing, ev, "message");
	mid = req_str(ing, ev, "message.mid");
	sender = keep(who, sizeof(who), req_id(ing, ev, "sender.id"));
	text = opt_str(ing, ev, "message.text");
	reply = opt_str(ing, ev, "message.reply_to.mid");
	if (ing_failed(ing))
		return -1;
	if (json_is_true(json_object_get(msg, "is_deleted"))) {
		ing_skip(ing, "deleted");
		return 0;
	}
	echo = json_is_true(json_object_get(msg, "is_echo"));
	rec = msg_new(m->channel, mid, echo, 0);
	set_parties(m, rec, ev, sender, echo);
	set_str(rec, "text", text);
	if (reply != NULL)
		set_fmt(child(rec, "thread"), "in_reply_to", "%s:%s",
		    m->channel, reply);
	if (json_object_get(msg, "sticker_id") != NULL &&
	    json_object_get(msg, "attachments") == NULL)
		push(rec, "attachments", attachment("sticker", NULL, NULL,
		    NULL));
	else if (json_is_true(json_object_get(msg, "is_unsupported")))
		push(rec, "attachments", attachment("other", NULL, NULL,
		    NULL));
	event_time(m, ev, "timestamp", rec, 0);
	message_attachments(m, rec, msg);
	return finish(ing, rec);
}

/* A button the customer pressed: a message, named by its mid or, when
 * there is none, by who pressed it and when (stable on redelivery). */
static int
ev_postback(struct meta *m, json_t *ev)
{
	struct ingest *ing = m->ing;
	const char *sender, *title, *payload, *mid, *ts;
	char who[32] = "";
	json_t *rec;

	req_obj(ing, ev, "postback");
	sender = keep(who, sizeof(who), req_id(ing, ev, "sender.id"));
	title = opt_str(ing, ev, "postback.title");
	payload = opt_str(ing, ev, "postback.payload");
	mid = opt_str(ing, ev, "postback.mid");
	if ((ts = opt_id(ing, ev, "timestamp")) == NULL && mid == NULL &&
	    !ing_failed(ing))
		return ing_fail(ing, "a postback with neither \"postback.mid\""
		    " nor \"timestamp\" has no stable id");
	if (ing_failed(ing))
		return -1;
	if (mid != NULL)
		rec = msg_new(m->channel, mid, 0, 0);
	else
		rec = msg_newf(m->channel, 0, 0, "postback:%s:%s", sender, ts);
	set_parties(m, rec, ev, sender, 0);
	set_str(rec, "text", title != NULL && *title != '\0' ? title :
	    payload);
	event_time(m, ev, "timestamp", rec, 0);
	return finish(ing, rec);
}

static int
ev_reaction(struct meta *m, json_t *ev)
{
	struct ingest *ing = m->ing;
	const char *sender, *mid, *action, *emoji, *name, *ts;
	char who[32] = "";
	json_t *rec;

	req_obj(ing, ev, "reaction");
	action = opt_str(ing, ev, "reaction.action");
	if (streq(action, "unreact")) {
		ing_skip(ing, "unreaction");
		return 0;
	}
	sender = keep(who, sizeof(who), req_id(ing, ev, "sender.id"));
	mid = req_str(ing, ev, "reaction.mid");
	emoji = opt_str(ing, ev, "reaction.emoji");
	name = opt_str(ing, ev, "reaction.reaction");
	ts = opt_id(ing, ev, "timestamp");
	if (ing_failed(ing))
		return -1;
	rec = msg_newf(m->channel, 0, 0, "reaction:%s:%s%s%s", sender, mid,
	    ts ? ":" : "", ts ? ts : "");
	set_parties(m, rec, ev, sender, 0);
	set_str(rec, "text", emoji != NULL && *emoji != '\0' ? emoji : name);
	set_fmt(child(rec, "thread"), "in_reply_to", "%s:%s", m->channel,
	    mid);
	event_time(m, ev, "timestamp", rec, 0);
	return finish(ing, rec);
}

/* An edited message keeps its mid: name the edit apart, so it is not
 * dropped as a repeat, and point it at the original. */
static int
ev_edit(struct meta *m, json_t *ev)
{
	struct ingest *ing = m->ing;
	const char *sender, *mid, *text, *n;
	char who[32] = "";
	json_t *rec;
	int out;

	req_obj(ing, ev, "message_edit");
	sender = keep(who, sizeof(who), req_id(ing, ev, "sender.id"));
	mid = req_str(ing, ev, "message_edit.mid");
	text = opt_str(ing, ev, "message_edit.text");
	if ((n = opt_id(ing, ev, "message_edit.num_edit")) == NULL)
		n = opt_id(ing, ev, "timestamp");
	if (ing_failed(ing))
		return -1;
	out = strcmp(sender, m->entry_id) == 0;
	rec = msg_newf(m->channel, out, 0, "%s:e%s", mid, n ? n : "");
	set_parties(m, rec, ev, sender, out);
	set_str(rec, "text", text);
	set_fmt(child(rec, "thread"), "in_reply_to", "%s:%s", m->channel,
	    mid);
	event_time(m, ev, "timestamp", rec, 0);
	return finish(ing, rec);
}

/* The key that says what a messaging event is, or NULL if none. */
static const char *
event_key(json_t *ev)
{
	const char *key;
	json_t *v;

	json_object_foreach(ev, key, v)
		if (!in_list(event_envelope, key))
			return key;
	return NULL;
}

static int
do_event(struct meta *m, json_t *ev)
{
	const char *key;

	if (json_object_get(ev, "message") != NULL)
		return ev_message(m, ev);
	if (json_object_get(ev, "postback") != NULL)
		return ev_postback(m, ev);
	if (json_object_get(ev, "reaction") != NULL)
		return ev_reaction(m, ev);
	if (json_object_get(ev, "message_edit") != NULL)
		return ev_edit(m, ev);
	if ((key = event_key(ev)) == NULL)
		ing_skip(m->ing, "empty");
	else if (in_list(skipped_events, key))
		ing_skip(m->ing, key);
	else
		skip_unknown(m->ing, "unknown ", key);
	return 0;
}

static void
do_events(struct meta *m, const char *list, json_t *events)
{
	size_t i;
	json_t *ev;

	json_array_foreach(events, i, ev) {
		ing_where(m->ing, "entry[%zu].%s[%zu]", m->ei, list, i);
		if (!json_is_object(ev))
			ing_fail(m->ing, "not an object");
		else if (do_event(m, ev) == 0)
			continue;
		ing_reject_part(m->ing, ev, "%s", m->ing->why);
	}
}

/* ---- changes: Page feed, Instagram comments ---- */

/* The id of a change edited later: the same id plus when it changed. */
static json_t *
change_msg(struct meta *m, const char *channel, const char *id, int edit,
    int out, json_t *v, const char *timekey)
{
	const char *t;

	if (!edit)
		return msg_new(channel, id, out, 1);
	if ((t = opt_id(m->ing, v, timekey)) == NULL)
		t = opt_id(m->ing, m->entry, "time");
	return msg_newf(channel, out, 1, "%s:e%s", id, t ? t : "");
}

static void
feed_media(json_t *rec, const char *item, json_t *v)
{
	const char *link = json_string_value(json_object_get(v, "link"));
	json_t *photos = json_object_get(v, "photos"), *p;
	size_t i;

	json_array_foreach(photos, i, p)
		if (json_is_string(p))
			push(rec, "attachments", attachment("image", NULL,
			    NULL, json_string_value(p)));
	if (json_is_string(json_object_get(v, "photo")))
		push(rec, "attachments", attachment("image", NULL, NULL,
		    json_string_value(json_object_get(v, "photo"))));
	else if (strcmp(item, "photo") == 0 && link != NULL &&
	    json_array_size(photos) == 0)
		push(rec, "attachments", attachment("image", NULL, NULL,
		    link));
	if (json_is_string(json_object_get(v, "video")))
		push(rec, "attachments", attachment("video", NULL, NULL,
		    json_string_value(json_object_get(v, "video"))));
	else if (strcmp(item, "video") == 0 && link != NULL)
		push(rec, "attachments", attachment("video", NULL, NULL,
		    link));
	if (strcmp(item, "share") == 0 && link != NULL)
		push(rec, "attachments", attachment("other", NULL, NULL,
		    link));
}

/* A comment (item comment) or a post (status, photo, video, share). */
static int
feed_item(struct meta *m, json_t *v, const char *item, int edit)
{
	struct ingest *ing = m->ing;
	int comment = strcmp(item, "comment") == 0, out;
	const char *id, *post, *parent = NULL, *from, *name, *text;
	char idb[32], postb[32], parentb[32], fromb[32];
	json_t *rec;

	id = keep(idb, sizeof(idb), req_id(ing, v, comment ? "comment_id" :
	    "post_id"));
	post = keep(postb, sizeof(postb), opt_id(ing, v, "post_id"));
	if (comment)
		parent = keep(parentb, sizeof(parentb), opt_id(ing, v,
		    "parent_id"));
	if ((from = opt_id(ing, v, "from.id")) == NULL)
		from = opt_id(ing, v, "sender_id");	/* older payloads */
	from = keep(fromb, sizeof(fromb), from);
	if ((name = opt_str(ing, v, "from.name")) == NULL)
		name = opt_str(ing, v, "sender_name");
	text = opt_str(ing, v, "message");
	if (ing_failed(ing))
		return -1;
	out = from != NULL && strcmp(from, m->entry_id) == 0;
	rec = change_msg(m, "facebook", id, edit, out, v, "created_time");
	/* A post on the page, or a comment on one of its posts, is written
	 * to the page; a reply to another comment may not be. */
	if (!out && (parent == NULL || (post != NULL && strcmp(parent,
	    post) == 0)))
		push(rec, "to", json_string(m->entry_id));
	if (from != NULL)
		set_fmt(child(rec, "author"), "id", "facebook:u:%s", from);
	set_str(child(rec, "author"), "name", name);
	set_str(rec, "text", text);
	if (post != NULL)
		set_fmt(child(rec, "thread"), "id", "facebook:%s", post);
	if (parent != NULL)
		set_fmt(child(rec, "thread"), "in_reply_to", "facebook:%s",
		    parent);
	else if (!comment && edit)
		set_fmt(child(rec, "thread"), "in_reply_to", "facebook:%s",
		    id);
	feed_media(rec, item, v);
	event_time(m, v, "created_time", rec, 1);
	return finish(ing, rec);
}

static int
do_feed(struct meta *m, json_t *v)
{
	static const char *const posts[] = {
		"comment", "post", "status", "photo", "video", "share", NULL
	};
	const char *item, *verb;
	char kind[96];

	item = req_str(m->ing, v, "item");
	verb = req_str(m->ing, v, "verb");
	if (ing_failed(m->ing))
		return -1;
	if (in_list(posts, item) && (strcmp(verb, "add") == 0 ||
	    strcmp(verb, "edited") == 0 || strcmp(verb, "edit") == 0))
		return feed_item(m, v, item, strcmp(verb, "add") != 0);
	snprintf(kind, sizeof(kind), "feed %.30s %.30s", item, verb);
	ing_skip(m->ing, kind);
	return 0;
}

static int
ig_comment(struct meta *m, json_t *v)
{
	struct ingest *ing = m->ing;
	const char *id, *from, *user, *text, *media, *parent;
	json_t *rec;
	int out;

	/* Five ids at most: the ring of printed ids holds them all. */
	id = req_id(ing, v, "id");
	from = opt_id(ing, v, "from.id");
	user = opt_str(ing, v, "from.username");
	text = opt_str(ing, v, "text");
	media = opt_id(ing, v, "media.id");
	parent = opt_id(ing, v, "parent_id");
	if (ing_failed(ing))
		return -1;
	out = (from != NULL && strcmp(from, m->entry_id) == 0) ||
	    is_brand(ing, user);
	rec = msg_new("instagram", id, out, 1);
	/* A comment on the account's media is written to it; a reply to
	 * another comment may not be. */
	if (!out && parent == NULL)
		push(rec, "to", json_string(m->entry_id));
	if (from != NULL)
		set_fmt(child(rec, "author"), "id", "instagram:u:%s", from);
	set_str(child(rec, "author"), "handle", user);
	set_str(rec, "text", text);
	if (media != NULL)
		set_fmt(child(rec, "thread"), "id", "instagram:%s", media);
	if (parent != NULL || media != NULL)
		set_fmt(child(rec, "thread"), "in_reply_to", "instagram:%s",
		    parent != NULL ? parent : media);
	event_time(m, v, "timestamp", rec, 1);
	return finish(ing, rec);
}

static int
do_change(struct meta *m, json_t *ch)
{
	const char *field;
	json_t *v;

	field = req_str(m->ing, ch, "field");
	v = req_obj(m->ing, ch, "value");
	if (ing_failed(m->ing))
		return -1;
	/* Messaging fields sent as changes (the app dashboard's test
	 * button, Instagram Login apps): the value is the event. */
	if (strncmp(field, "messag", 6) == 0 || strcmp(field, "standby") == 0)
		return do_event(m, v);
	if (m->page && strcmp(field, "feed") == 0)
		return do_feed(m, v);
	if (!m->page && (strcmp(field, "comments") == 0 ||
	    strcmp(field, "live_comments") == 0))
		return ig_comment(m, v);
	skip_unknown(m->ing, "", field);
	return 0;
}

static void
do_changes(struct meta *m, json_t *changes)
{
	size_t i;
	json_t *ch;

	json_array_foreach(changes, i, ch) {
		ing_where(m->ing, "entry[%zu].changes[%zu]", m->ei, i);
		if (!json_is_object(ch))
			ing_fail(m->ing, "not an object");
		else if (do_change(m, ch) == 0)
			continue;
		ing_reject_part(m->ing, ch, "%s", m->ing->why);
	}
}

/* ---- the body ---- */

static void
do_entry(struct meta *m, json_t *entry)
{
	struct ingest *ing = m->ing;
	json_t *messaging, *standby, *changes;
	const char *id;

	ing_where(ing, "entry[%zu]", m->ei);
	if (!json_is_object(entry)) {
		ing_reject_part(ing, entry, "entry[%zu]: not an object",
		    m->ei);
		return;
	}
	id = opt_id(ing, entry, "id");
	snprintf(m->entry_id, sizeof(m->entry_id), "%s", id ? id : "");
	m->entry = entry;
	messaging = opt_arr(ing, entry, "messaging");
	standby = opt_arr(ing, entry, "standby");
	changes = opt_arr(ing, entry, "changes");
	if (ing_failed(ing)) {
		ing_reject_part(ing, entry, "%s", ing->why);
		return;
	}
	if (messaging == NULL && standby == NULL && changes == NULL)
		ing_skip(ing, "empty");
	do_events(m, "messaging", messaging);
	do_events(m, "standby", standby);
	do_changes(m, changes);
}

int
conv_meta(struct ingest *ing, json_t *p)
{
	struct meta m;
	const char *object;
	json_t *entries, *entry;

	memset(&m, 0, sizeof(m));
	m.ing = ing;
	if ((object = req_str(ing, p, "object")) == NULL)
		return -1;
	if (strcmp(object, "page") == 0) {
		m.page = 1;
		m.channel = "messenger";
	} else if (strcmp(object, "instagram") == 0)
		m.channel = "instagram";
	else
		return ing_fail(ing, "\"object\" is \"%s\", expected \"page\" "
		    "or \"instagram\"", object);
	if ((entries = req_arr(ing, p, "entry")) == NULL)
		return -1;
	json_array_foreach(entries, m.ei, entry)
		do_entry(&m, entry);
	return 0;
}
