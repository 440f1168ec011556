/* fmt_whatsapp.c - WhatsApp Cloud API webhooks
 *
 * {"object":"whatsapp_business_account","entry":[{"id":…,"changes":[
 *   {"field":"messages","value":{"metadata":…,"contacts":[…],
 *    "messages":[…]|"statuses":[…]}}]}]}
 * and, for what the business sent from the WhatsApp Business app,
 * field "smb_message_echoes" with value.message_echoes[].
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "diag.h"
#include "ingest.h"
#include "jpath.h"

struct wa {
	struct ingest	*ing;
	size_t		 ei, ci;	/* entry and change index */
	json_t		*contacts;	/* value.contacts[]: names */
	const char	*business;	/* metadata.display_phone_number */
};

/* Counter name for a field we do not know, without letting odd names
 * multiply the counters. */
static void
skip_kind(struct ingest *ing, const char *prefix, const char *key)
{
	char kind[64];
	size_t i, n = key ? strlen(key) : 0;

	for (i = 0; i < n; i++)
		if (!((key[i] >= 'a' && key[i] <= 'z') || key[i] == '_' ||
		    (key[i] >= '0' && key[i] <= '9')))
			break;
	if (n == 0 || i < n || n > 40)
		key = "unknown";
	snprintf(kind, sizeof(kind), "%s%s", prefix, key);
	ing_skip(ing, kind);
}

/* The profile name the webhook gives for wa_id, or NULL. */
static const char *
contact_name(struct wa *w, const char *wa_id)
{
	size_t i;
	json_t *c;

	json_array_foreach(w->contacts, i, c)
		if (streq(jpath_str(c, "wa_id"), wa_id))
			return jpath_str(c, "profile.name");
	return NULL;
}

static void
other(json_t *rec)
{
	push(rec, "attachments", attachment("other", NULL, NULL, NULL));
}

/* ---- content by message type ---- */

/* image, video, audio, document, sticker: a file, perhaps captioned. */
static int
media(struct wa *w, json_t *rec, json_t *m, const char *type)
{
	struct ingest *ing = w->ing;
	const char *name, *mime, *url, *caption;
	json_t *o;

	if ((o = opt_obj(ing, m, type)) == NULL) {
		if (ing_failed(ing))
			return -1;
		push(rec, "attachments", attachment(type, NULL, NULL, NULL));
		return 0;
	}
	name = opt_str(ing, o, "filename");
	mime = opt_str(ing, o, "mime_type");
	url = opt_str(ing, o, "url");
	caption = opt_str(ing, o, "caption");
	if (ing_failed(ing))
		return -1;
	push(rec, "attachments", attachment(type, name, mime, url));
	set_str(rec, "text", caption);
	return 0;
}

static int
location(struct wa *w, json_t *rec, json_t *m)
{
	struct ingest *ing = w->ing;
	json_t *lat, *lon, *geo;
	const char *name, *addr, *url;

	lat = jpath_get(m, "location.latitude");
	lon = jpath_get(m, "location.longitude");
	name = opt_str(ing, m, "location.name");
	addr = opt_str(ing, m, "location.address");
	url = opt_str(ing, m, "location.url");
	if (ing_failed(ing))
		return -1;
	if ((lat != NULL && !json_is_number(lat)) ||
	    (lon != NULL && !json_is_number(lon)))
		return ing_fail(ing, "\"location.latitude\" and "
		    "\"location.longitude\" must be numbers");
	if (lat != NULL && lon != NULL) {
		geo = child(rec, "geo");
		json_object_set_new(geo, "lat",
		    json_real(json_number_value(lat)));
		json_object_set_new(geo, "lon",
		    json_real(json_number_value(lon)));
		set_str(geo, "place", name != NULL ? name : addr);
	}
	if (name != NULL && addr != NULL)
		set_fmt(rec, "text", "%s, %s", name, addr);
	else
		set_str(rec, "text", name != NULL ? name : addr);
	push(rec, "attachments", attachment("location", NULL, NULL, url));
	return 0;
}

/* A shared contact card each: its formatted name. */
static int
contacts(struct wa *w, json_t *rec, json_t *m)
{
	json_t *list, *c;
	size_t i;

	if ((list = opt_arr(w->ing, m, "contacts")) == NULL)
		return ing_failed(w->ing) ? -1 : 0;
	json_array_foreach(list, i, c)
		push(rec, "attachments", attachment("contact",
		    jpath_str(c, "name.formatted_name"), NULL, NULL));
	return 0;
}

/*
 * The customer chose a reply button or a list row: the text is what the
 * chosen option said (its title).  A list row's description is the
 * business's own wording, so it is left out.  A flow's answer (nfm_reply)
 * is its body; anything else is an attachment of type other.
 */
static int
interactive(struct wa *w, json_t *rec, json_t *m)
{
	struct ingest *ing = w->ing;
	const char *sub, *text = NULL;

	sub = opt_str(ing, m, "interactive.type");
	if (streq(sub, "button_reply"))
		text = opt_str(ing, m, "interactive.button_reply.title");
	else if (streq(sub, "list_reply"))
		text = opt_str(ing, m, "interactive.list_reply.title");
	else if (streq(sub, "nfm_reply"))
		text = opt_str(ing, m, "interactive.nfm_reply.body");
	if (ing_failed(ing))
		return -1;
	set_str(rec, "text", text);
	if (text == NULL || *text == '\0' || streq(sub, "nfm_reply"))
		other(rec);
	return 0;
}

static int
content(struct wa *w, json_t *rec, json_t *m, const char *type)
{
	struct ingest *ing = w->ing;
	const char *s;

	if (streq(type, "text"))
		s = opt_str(ing, m, "text.body");
	else if (streq(type, "image") || streq(type, "video") ||
	    streq(type, "audio") || streq(type, "document") ||
	    streq(type, "sticker"))
		return media(w, rec, m, type);
	else if (streq(type, "location"))
		return location(w, rec, m);
	else if (streq(type, "contacts"))
		return contacts(w, rec, m);
	else if (streq(type, "interactive"))
		return interactive(w, rec, m);
	else if (streq(type, "button"))
		s = opt_str(ing, m, "button.text");
	else if (streq(type, "reaction"))
		s = opt_str(ing, m, "reaction.emoji");
	else if (streq(type, "order")) {
		s = opt_str(ing, m, "order.text");
		other(rec);
	} else {
		/* unsupported, or a type newer than this code: the
		 * customer sent something an agent must see */
		other(rec);
		return 0;
	}
	if (ing_failed(ing))
		return -1;
	set_str(rec, "text", s);
	return 0;
}

/* ---- one message ---- */

/* Types that are not something the customer said. */
static int
skipped(struct wa *w, json_t *m, const char *type)
{
	const char *emoji;

	if (streq(type, "revoke") || streq(type, "system") ||
	    streq(type, "request_welcome")) {
		ing_skip(w->ing, type);
		return 1;
	}
	if (streq(type, "reaction")) {
		emoji = jpath_str(m, "reaction.emoji");
		if (emoji == NULL || *emoji == '\0') {
			ing_skip(w->ing, "unreaction");
			return 1;
		}
	}
	return 0;
}

/*
 * An edit is a message of its own (its own id) whose content is in
 * edit.message; it points at the message it replaces.
 */
static int
edit(struct wa *w, json_t *rec, json_t *m)
{
	struct ingest *ing = w->ing;
	const char *orig, *type;
	json_t *inner;

	inner = req_obj(ing, m, "edit.message");
	orig = opt_str(ing, m, "edit.original_message_id");
	type = opt_str(ing, m, "edit.message.type");
	if (ing_failed(ing))
		return -1;
	if (orig != NULL)
		set_fmt(child(rec, "thread"), "in_reply_to", "whatsapp:%s",
		    orig);
	return content(w, rec, inner, type);
}

static int
message(struct wa *w, json_t *m, int out)
{
	struct ingest *ing = w->ing;
	const char *id, *from, *type, *reply, *reacted;
	json_t *rec, *author;
	int64_t ms;
	int t;

	if (!json_is_object(m))
		return ing_fail(ing, "not an object");
	id = req_id(ing, m, "id");
	from = req_id(ing, m, "from");
	type = opt_str(ing, m, "type");
	reply = opt_str(ing, m, "context.id");
	reacted = streq(type, "reaction") ? opt_str(ing, m,
	    "reaction.message_id") : NULL;
	t = opt_time(ing, m, "timestamp", &ms);
	if (ing_failed(ing))
		return -1;
	if (skipped(w, m, type))
		return 0;
	rec = msg_new("whatsapp", id, out, 0);
	if (t == 0)
		set_time(rec, "created_at", ms);
	author = child(rec, "author");
	set_fmt(author, "id", "whatsapp:u:%s", from);
	set_str(author, "handle", from);
	if (!out) {
		set_str(author, "name", contact_name(w, from));
		if (w->business != NULL)
			push(rec, "to", json_string(w->business));
	}
	if (reply != NULL)
		set_fmt(child(rec, "thread"), "in_reply_to", "whatsapp:%s",
		    reply);
	if (reacted != NULL)
		set_fmt(child(rec, "thread"), "in_reply_to", "whatsapp:%s",
		    reacted);
	if ((streq(type, "edit") ? edit(w, rec, m) :
	    content(w, rec, m, type)) == -1) {
		json_decref(rec);
		return -1;
	}
	ing_emit(ing, rec);
	return 0;
}

static void
messages(struct wa *w, const char *list, json_t *arr, int out)
{
	size_t i;
	json_t *m;

	json_array_foreach(arr, i, m) {
		ing_where(w->ing, "entry[%zu].changes[%zu].value.%s[%zu]",
		    w->ei, w->ci, list, i);
		if (message(w, m, out) == -1)
			ing_reject_part(w->ing, m, "%s", w->ing->why);
	}
}

/* Delivery receipts: counted by status (sent, delivered, read…). */
static void
statuses(struct wa *w, json_t *arr)
{
	size_t i;
	json_t *s;

	json_array_foreach(arr, i, s)
		skip_kind(w->ing, "status ",
		    json_string_value(json_object_get(s, "status")));
}

/* ---- the body ---- */

static int
change(struct wa *w, json_t *ch)
{
	struct ingest *ing = w->ing;
	json_t *v, *msgs, *echoes, *stats;
	const char *field;

	field = req_str(ing, ch, "field");
	v = req_obj(ing, ch, "value");
	if (ing_failed(ing))
		return -1;
	if (strcmp(field, "messages") != 0 &&
	    strcmp(field, "smb_message_echoes") != 0) {
		skip_kind(ing, "", field);
		return 0;
	}
	w->contacts = opt_arr(ing, v, "contacts");
	w->business = opt_str(ing, v, "metadata.display_phone_number");
	msgs = opt_arr(ing, v, "messages");
	echoes = opt_arr(ing, v, "message_echoes");
	stats = opt_arr(ing, v, "statuses");
	if (ing_failed(ing))
		return -1;
	if (msgs == NULL && echoes == NULL && stats == NULL)
		ing_skip(ing, "empty");
	messages(w, "messages", msgs, 0);
	messages(w, "message_echoes", echoes, 1);
	statuses(w, stats);
	return 0;
}

static void
entry(struct wa *w, json_t *e)
{
	struct ingest *ing = w->ing;
	json_t *changes = NULL, *ch;

	ing_where(ing, "entry[%zu]", w->ei);
	if (!json_is_object(e))
		ing_fail(ing, "not an object");
	else if ((changes = opt_arr(ing, e, "changes")) == NULL &&
	    !ing_failed(ing))
		ing_skip(ing, "empty");
	if (ing_failed(ing)) {
		ing_reject_part(ing, e, "%s", ing->why);
		return;
	}
	json_array_foreach(changes, w->ci, ch) {
		ing_where(ing, "entry[%zu].changes[%zu]", w->ei, w->ci);
		if (!json_is_object(ch))
			ing_fail(ing, "not an object");
		else if (change(w, ch) == 0)
			continue;
		ing_reject_part(ing, ch, "%s", ing->why);
	}
}

int
conv_whatsapp(struct ingest *ing, json_t *p)
{
	struct wa w;
	const char *object;
	json_t *entries, *e;

	memset(&w, 0, sizeof(w));
	w.ing = ing;
	if ((object = req_str(ing, p, "object")) == NULL)
		return -1;
	if (strcmp(object, "whatsapp_business_account") != 0)
		return ing_fail(ing, "\"object\" is \"%s\", expected "
		    "\"whatsapp_business_account\"", object);
	if ((entries = req_arr(ing, p, "entry")) == NULL)
		return -1;
	json_array_foreach(entries, w.ei, e)
		entry(&w, e);
	return 0;
}
