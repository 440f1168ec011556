/* fmt_telegram.c - Telegram Bot API: getUpdates responses, Updates and
 * bare Message objects
 *
 * Message ids are unique only within a chat, so a record's id is
 * "telegram:<chat.id>:<message_id>"; an edit adds ":e<edit_date>" so it
 * is not dropped as a repeat of the original.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "diag.h"
#include "ingest.h"
#include "jpath.h"
#include "utf8.h"

/* Update kinds that carry a message, and whether they are edits. */
static const struct {
	const char	*kind;
	int		 edit;
} message_kinds[] = {
	{ "message", 0 }, { "channel_post", 0 }, { "business_message", 0 },
	{ "edited_message", 1 }, { "edited_channel_post", 1 },
	{ "edited_business_message", 1 }, { NULL, 0 }
};

/* Update kinds that are not messages, counted by their name. */
static const char *const skipped_kinds[] = {
	"inline_query", "chosen_inline_result", "poll", "poll_answer",
	"my_chat_member", "chat_member", "chat_join_request",
	"message_reaction", "message_reaction_count", "shipping_query",
	"pre_checkout_query", "purchased_paid_media", "chat_boost",
	"removed_chat_boost", "business_connection",
	"deleted_business_messages", NULL
};

/* Message fields holding what someone said or sent. */
static const char *const content_fields[] = {
	"text", "caption", "photo", "video", "video_note", "animation",
	"audio", "voice", "document", "sticker", "location", "venue",
	"contact", "poll", "dice", "story", "game", "invoice", "paid_media",
	"giveaway", "giveaway_winners", "checklist", NULL
};

/* Service messages: something happened in the chat, nobody said it. */
static const char *const service_fields[] = {
	"new_chat_members", "left_chat_member", "new_chat_title",
	"new_chat_photo", "delete_chat_photo", "group_chat_created",
	"supergroup_chat_created", "channel_chat_created",
	"message_auto_delete_timer_changed", "migrate_to_chat_id",
	"migrate_from_chat_id", "pinned_message", "successful_payment",
	"refunded_payment", "users_shared", "user_shared", "chat_shared",
	"gift", "unique_gift", "connected_website", "write_access_allowed",
	"passport_data", "proximity_alert_triggered", "boost_added",
	"chat_background_set", "checklist_tasks_done",
	"checklist_tasks_added", "direct_message_price_changed",
	"forum_topic_created", "forum_topic_edited", "forum_topic_closed",
	"forum_topic_reopened", "general_forum_topic_hidden",
	"general_forum_topic_unhidden", "giveaway_created",
	"giveaway_completed", "paid_message_price_changed",
	"video_chat_scheduled", "video_chat_started", "video_chat_ended",
	"video_chat_participants_invited", "voice_chat_scheduled",
	"voice_chat_started", "voice_chat_ended",
	"voice_chat_participants_invited", "web_app_data",
	"suggested_post_approved", "suggested_post_approval_failed",
	"suggested_post_declined", "suggested_post_paid",
	"suggested_post_refunded", NULL
};

/* Message fields that describe a message rather than its content. */
static const char *const meta_fields[] = {
	"message_id", "message_thread_id", "direct_messages_topic", "from",
	"sender_chat", "sender_boost_count", "sender_business_bot", "date",
	"business_connection_id", "chat", "forward_origin", "forward_from",
	"forward_from_chat", "forward_from_message_id", "forward_signature",
	"forward_sender_name", "forward_date", "is_topic_message",
	"is_automatic_forward", "reply_to_message", "external_reply",
	"quote", "reply_to_story", "reply_to_checklist_task_id", "via_bot",
	"edit_date", "has_protected_content", "is_from_offline",
	"is_paid_post", "media_group_id", "author_signature",
	"paid_star_count", "entities", "caption_entities",
	"link_preview_options", "suggested_post_info", "effect_id",
	"show_caption_above_media", "has_media_spoiler", "reply_markup",
	NULL
};

/* ---- people ---- */

/* A user: telegram:u:<id>, username, "first last". */
static void
user_author(json_t *rec, json_t *u)
{
	json_t *a = child(rec, "author"), *id = json_object_get(u, "id");
	const char *first = jpath_str(u, "first_name");
	const char *last = jpath_str(u, "last_name");

	if (json_is_integer(id))
		set_fmt(a, "id", "telegram:u:%" JSON_INTEGER_FORMAT,
		    json_integer_value(id));
	else if (json_is_string(id))
		set_fmt(a, "id", "telegram:u:%s", json_string_value(id));
	set_str(a, "handle", jpath_str(u, "username"));
	if (first != NULL && last != NULL && *first != '\0' && *last != '\0')
		set_fmt(a, "name", "%s %s", first, last);
	else
		set_str(a, "name", first != NULL && *first != '\0' ? first :
		    last);
}

/* A chat speaking as itself (a channel, an anonymous group admin). */
static void
chat_author(json_t *rec, json_t *c)
{
	json_t *a = child(rec, "author"), *id = json_object_get(c, "id");

	if (json_is_integer(id))
		set_fmt(a, "id", "telegram:c:%" JSON_INTEGER_FORMAT,
		    json_integer_value(id));
	else if (json_is_string(id))
		set_fmt(a, "id", "telegram:c:%s", json_string_value(id));
	set_str(a, "handle", jpath_str(c, "username"));
	set_str(a, "name", jpath_str(c, "title"));
}

/*
 * The author.  When a message is sent on behalf of a chat, sender_chat
 * says which and `from` holds a placeholder user (GroupAnonymousBot,
 * Telegram's 777000), so sender_chat wins.  A channel post with neither
 * is by the channel itself.
 */
static int
set_author(struct ingest *ing, json_t *rec, json_t *m, int channel)
{
	json_t *sc = opt_obj(ing, m, "sender_chat");
	json_t *from = opt_obj(ing, m, "from");

	if (ing_failed(ing))
		return -1;
	if (sc != NULL)
		chat_author(rec, sc);
	else if (from != NULL)
		user_author(rec, from);
	else if (channel)
		chat_author(rec, json_object_get(m, "chat"));
	if (is_brand(ing, jpath_str(rec, "author.handle")))
		json_object_set_new(rec, "direction", json_string("out"));
	return 0;
}

/* ---- mentions of the brand ---- */

/* Byte offset in s of UTF-16 offset u (entity offsets count UTF-16
 * code units); -1 when past the end. */
static long
u16_offset(const char *s, size_t len, json_int_t u)
{
	size_t i = 0;
	json_int_t n = 0;
	uint32_t cp;

	while (n < u && i < len) {
		i += utf8_decode(s + i, len - i, &cp);
		n += cp >= 0x10000 ? 2 : 1;
	}
	return n == u ? (long)i : -1;
}

/* The --brand spelling of "@name" (n bytes), or NULL. */
static const char *
brand_of(struct ingest *ing, const char *s, size_t n)
{
	size_t i;

	if (n > 0 && *s == '@') {
		s++;
		n--;
	}
	for (i = 0; i < ing->nbrands; i++)
		if (strlen(ing->brands[i]) == n &&
		    strncasecmp(ing->brands[i], s, n) == 0)
			return ing->brands[i];
	return NULL;
}

static void
push_to(json_t *rec, const char *brand)
{
	json_t *to = json_object_get(rec, "to"), *v;
	size_t i;

	json_array_foreach(to, i, v)
		if (streq(json_string_value(v), brand))
			return;
	push(rec, "to", json_string(brand));
}

/* "mention" entities of the text (or caption) naming a --brand. */
static void
mentions(struct ingest *ing, json_t *rec, json_t *m, const char *textkey)
{
	json_t *text = json_object_get(m, textkey), *e;
	json_t *ents = json_object_get(m, streq(textkey, "text") ?
	    "entities" : "caption_entities");
	const char *s = json_string_value(text), *b;
	long from, to;
	size_t i;

	if (ing->nbrands == 0 || s == NULL)
		return;
	json_array_foreach(ents, i, e) {
		json_t *off = json_object_get(e, "offset");
		json_t *len = json_object_get(e, "length");

		if (!streq(jpath_str(e, "type"), "mention") ||
		    !json_is_integer(off) || !json_is_integer(len))
			continue;
		from = u16_offset(s, json_string_length(text),
		    json_integer_value(off));
		to = u16_offset(s, json_string_length(text),
		    json_integer_value(off) + json_integer_value(len));
		if (from >= 0 && to > from &&
		    (b = brand_of(ing, s + from, to - from)) != NULL)
			push_to(rec, b);
	}
}

/* ---- attachments ---- */

static void
file(json_t *rec, const char *type, json_t *o, int named)
{
	push(rec, "attachments", attachment(type, named ?
	    jpath_str(o, "file_name") : NULL, jpath_str(o, "mime_type"),
	    NULL));
}

static void
place(json_t *rec, json_t *loc, const char *title)
{
	json_t *lat = json_object_get(loc, "latitude");
	json_t *lon = json_object_get(loc, "longitude");
	json_t *geo;

	push(rec, "attachments", attachment("location", NULL, NULL, NULL));
	if (!json_is_number(lat) || !json_is_number(lon))
		return;
	geo = child(rec, "geo");
	json_object_set_new(geo, "lat", json_real(json_number_value(lat)));
	json_object_set_new(geo, "lon", json_real(json_number_value(lon)));
	set_str(geo, "place", title);
}

static void
contact(json_t *rec, json_t *c)
{
	const char *first = jpath_str(c, "first_name");
	const char *last = jpath_str(c, "last_name");
	json_t *a = attachment("contact", NULL, NULL, NULL);

	if (first != NULL && last != NULL && *last != '\0')
		set_fmt(a, "name", "%s %s", first, last);
	else
		set_str(a, "name", first);
	push(rec, "attachments", a);
}

static void
attachments(json_t *rec, json_t *m)
{
	static const char *const others[] = {
		"story", "game", "invoice", "paid_media", "giveaway",
		"giveaway_winners", "checklist", NULL
	};
	json_t *v;
	size_t i;

	/* A photo comes in several sizes: one image. */
	if (json_is_array(json_object_get(m, "photo")))
		push(rec, "attachments", attachment("image", NULL, NULL,
		    NULL));
	/* An animation comes with a copy of itself as a document. */
	if (json_is_object(v = json_object_get(m, "animation")))
		file(rec, "video", v, 1);
	else if (json_is_object(v = json_object_get(m, "document")))
		file(rec, "document", v, 1);
	if (json_is_object(v = json_object_get(m, "video")))
		file(rec, "video", v, 1);
	if (json_is_object(v = json_object_get(m, "video_note")))
		file(rec, "video", v, 0);
	if (json_is_object(v = json_object_get(m, "audio")))
		file(rec, "audio", v, 1);
	if (json_is_object(v = json_object_get(m, "voice")))
		file(rec, "audio", v, 0);
	if (json_is_object(json_object_get(m, "sticker")))
		push(rec, "attachments", attachment("sticker", NULL, NULL,
		    NULL));
	/* A venue comes with its location repeated beside it. */
	if (json_is_object(v = json_object_get(m, "venue")))
		place(rec, json_object_get(v, "location"),
		    jpath_str(v, "title"));
	else if (json_is_object(v = json_object_get(m, "location")))
		place(rec, v, NULL);
	if (json_is_object(v = json_object_get(m, "contact")))
		contact(rec, v);
	if (json_object_get(m, "poll") != NULL ||
	    json_object_get(m, "dice") != NULL)
		push(rec, "attachments", attachment("other", NULL, NULL,
		    NULL));
	for (i = 0; others[i] != NULL; i++)
		if (json_object_get(m, others[i]) != NULL)
			push(rec, "attachments", attachment("other", NULL,
			    NULL, NULL));
}

/* ---- messages ---- */

/*
 * Which kind of message m is: 1 content, 0 service or empty (counted
 * here), -1 something newer than this code (kept, as "other").
 */
static int
classify(struct ingest *ing, json_t *m)
{
	const char *key, *unknown = NULL;
	char kind[96];
	json_t *v;
	size_t i;

	for (i = 0; content_fields[i] != NULL; i++)
		if (json_object_get(m, content_fields[i]) != NULL)
			return 1;
	json_object_foreach(m, key, v) {
		if (in_list(service_fields, key)) {
			snprintf(kind, sizeof(kind), "service %s", key);
			ing_skip(ing, kind);
			return 0;
		}
		if (unknown == NULL && !in_list(meta_fields, key))
			unknown = key;
	}
	if (unknown != NULL)
		return -1;
	ing_skip(ing, "empty");
	return 0;
}

/*
 * A shared live location is edited every few seconds while it moves, and
 * once more when it stops: those edits say nothing new to an agent.
 */
static int
live_location(json_t *m)
{
	return json_object_get(m, "location") != NULL &&
	    json_object_get(m, "venue") == NULL &&
	    json_object_get(m, "text") == NULL &&
	    json_object_get(m, "caption") == NULL;
}

static void
set_thread(json_t *rec, json_t *m, const char *chat, const char *orig)
{
	json_t *r = json_object_get(m, "reply_to_message");
	json_t *tid = json_object_get(m, "message_thread_id");
	json_t *rid = json_object_get(r, "message_id");
	json_t *rchat = jpath_get(r, "chat.id");

	if (json_is_integer(rid) && json_is_integer(rchat))
		set_fmt(child(rec, "thread"), "in_reply_to",
		    "telegram:%" JSON_INTEGER_FORMAT ":%" JSON_INTEGER_FORMAT,
		    json_integer_value(rchat), json_integer_value(rid));
	else if (json_is_integer(rid))
		set_fmt(child(rec, "thread"), "in_reply_to",
		    "telegram:%s:%" JSON_INTEGER_FORMAT, chat,
		    json_integer_value(rid));
	else if (orig != NULL)	/* an edit belongs with the original */
		set_fmt(child(rec, "thread"), "in_reply_to",
		    "telegram:%s:%s", chat, orig);
	if (json_is_integer(tid))
		set_fmt(child(rec, "thread"), "id",
		    "telegram:%s:%" JSON_INTEGER_FORMAT, chat,
		    json_integer_value(tid));
}

/* Text, or the caption of media; a poll's question or a die's emoji
 * when nothing was typed. */
static int
set_text(struct ingest *ing, json_t *rec, json_t *m)
{
	const char *text = opt_str(ing, m, "text");
	const char *caption = opt_str(ing, m, "caption");
	const char *question = opt_str(ing, m, "poll.question");
	const char *emoji = opt_str(ing, m, "dice.emoji");

	if (ing_failed(ing))
		return -1;
	if (text != NULL)
		mentions(ing, rec, m, "text");
	else if (caption != NULL)
		mentions(ing, rec, m, "caption");
	if (text == NULL)
		text = caption;
	if (text == NULL)
		text = question != NULL ? question : emoji;
	set_str(rec, "text", text);
	return 0;
}

static int
message(struct ingest *ing, json_t *m, const char *kind, int edit)
{
	const char *chat, *mid, *type, *edited = NULL;
	char chatb[32], midb[32], editb[32];
	json_t *rec;
	int64_t ms;
	int what, t, channel;

	chat = keep(chatb, sizeof(chatb), req_id(ing, m, "chat.id"));
	mid = keep(midb, sizeof(midb), req_id(ing, m, "message_id"));
	type = opt_str(ing, m, "chat.type");
	if (edit)
		edited = keep(editb, sizeof(editb), req_id(ing, m,
		    "edit_date"));
	t = opt_time(ing, m, edit ? "edit_date" : "date", &ms);
	if (ing_failed(ing))
		return -1;
	if ((what = classify(ing, m)) == 0)
		return 0;
	if (edit && live_location(m)) {
		ing_skip(ing, "live location");
		return 0;
	}
	channel = streq(type, "channel") || strstr(kind, "channel") != NULL;
	/* No type: groups and channels are the negative chat ids. */
	rec = msg_newf("telegram", 0, type != NULL ? strcmp(type, "private") != 0 :
	    *chat == '-', edit ? "%s:%s:e%s" : "%s:%s", chat, mid, edited);
	if (t == 0)
		set_time(rec, "created_at", ms);
	if (set_author(ing, rec, m, channel) == -1 ||
	    set_text(ing, rec, m) == -1) {
		json_decref(rec);
		return -1;
	}
	set_thread(rec, m, chat, edit ? mid : NULL);
	attachments(rec, m);
	if (what == -1)
		push(rec, "attachments", attachment("other", NULL, NULL,
		    NULL));
	ing_emit(ing, rec);
	return 0;
}

/* A button pressed under a message: what it carried is the text. */
static int
callback(struct ingest *ing, json_t *cq)
{
	const char *id, *data, *chat, *mid;
	char idb[32], chatb[32];
	json_t *rec, *from;

	id = keep(idb, sizeof(idb), req_id(ing, cq, "id"));
	from = opt_obj(ing, cq, "from");
	if ((data = opt_str(ing, cq, "data")) == NULL)
		data = opt_str(ing, cq, "game_short_name");
	chat = keep(chatb, sizeof(chatb), opt_id(ing, cq, "message.chat.id"));
	mid = opt_id(ing, cq, "message.message_id");
	if (ing_failed(ing))
		return -1;
	rec = msg_newf("telegram", 0, 0, "cb:%s", id);
	if (from != NULL)
		user_author(rec, from);
	set_str(rec, "text", data);
	if (chat != NULL && mid != NULL)
		set_fmt(child(rec, "thread"), "in_reply_to",
		    "telegram:%s:%s", chat, mid);
	ing_emit(ing, rec);
	return 0;
}

/* Every kind in an Update (there is one, but the format allows more). */
static int
update(struct ingest *ing, json_t *u, const char *where)
{
	const char *kind;
	json_t *v;
	size_t i, n = 0;

	json_object_foreach(u, kind, v) {
		if (strcmp(kind, "update_id") == 0)
			continue;
		n++;
		ing_where(ing, "%s%s%s", where, *where ? "." : "", kind);
		for (i = 0; message_kinds[i].kind != NULL; i++)
			if (strcmp(message_kinds[i].kind, kind) == 0)
				break;
		if (message_kinds[i].kind != NULL) {
			if (!json_is_object(v))
				return ing_fail(ing, "not an object");
			if (message(ing, v, kind, message_kinds[i].edit) == -1)
				return -1;
		} else if (strcmp(kind, "callback_query") == 0) {
			if (!json_is_object(v))
				return ing_fail(ing, "not an object");
			if (callback(ing, v) == -1)
				return -1;
		} else if (in_list(skipped_kinds, kind))
			ing_skip(ing, kind);
		else
			skip_unknown(ing, "unknown ", kind);
	}
	if (n == 0)
		ing_skip(ing, "empty");
	return 0;
}

/* {"ok":true,"result":[Update…]}: a bad update is rejected alone. */
static int
get_updates(struct ingest *ing, json_t *p)
{
	json_t *result, *u, *code;
	const char *desc;
	char where[32];
	size_t i;

	if (!json_is_true(json_object_get(p, "ok"))) {
		desc = jpath_str(p, "description");
		code = json_object_get(p, "error_code");
		if (json_is_integer(code))
			return ing_fail(ing, "getUpdates failed (%"
			    JSON_INTEGER_FORMAT "): %s",
			    json_integer_value(code), desc ? desc : "");
		return ing_fail(ing, "getUpdates failed: %s", desc ? desc :
		    "\"ok\" is not true");
	}
	if ((result = req_arr(ing, p, "result")) == NULL)
		return -1;
	json_array_foreach(result, i, u) {
		snprintf(where, sizeof(where), "result[%zu]", i);
		ing_where(ing, "%s", where);
		if (!json_is_object(u))
			ing_fail(ing, "not an object");
		else if (update(ing, u, where) == 0)
			continue;
		ing_reject_part(ing, u, "%s", ing->why);
	}
	return 0;
}

int
conv_telegram(struct ingest *ing, json_t *p)
{
	if (json_object_get(p, "update_id") != NULL)
		return update(ing, p, "");
	if (json_object_get(p, "ok") != NULL)
		return get_updates(ing, p);
	if (json_object_get(p, "message_id") != NULL &&
	    json_object_get(p, "chat") != NULL)
		return message(ing, p, "message", 0);
	return ing_fail(ing, "not a Telegram getUpdates response, Update or "
	    "Message (no \"update_id\", \"ok\" or \"message_id\")");
}
