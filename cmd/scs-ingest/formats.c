/* formats.c - the format table and -f auto's guesses */
#include <string.h>

#include <jansson.h>

#include "ingest.h"

static const struct format formats[] = {
	{ "twitter-v2",	conv_twitter_v2, NULL, NULL },
	{ "twitter-v1",	conv_twitter_v1, NULL, NULL },
	{ "twitter-aa",	conv_twitter_aa, NULL, NULL },
	{ "twcs",	NULL, twcs_header, twcs_row },
	{ "meta",	conv_meta, NULL, NULL },
	{ "whatsapp",	conv_whatsapp, NULL, NULL },
	{ "telegram",	conv_telegram, NULL, NULL },
	{ "csv",	NULL, csvmap_header, csvmap_row },
	{ "jsonl",	conv_jsonl, NULL, NULL },
	{ "scs",	conv_scs, NULL, NULL },
	{ "email",	NULL, NULL, NULL },	/* not JSON: fmt_email.c */
	{ NULL, NULL, NULL, NULL }
};

const struct format *
format_find(const char *name)
{
	const struct format *f;

	for (f = formats; f->name != NULL; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

static int
has(json_t *o, const char *key)
{
	return json_object_get(o, key) != NULL;
}

/* Twitter v1.1 tweet: id_str plus a user or v1 text fields. */
static int
looks_v1_tweet(json_t *o)
{
	return has(o, "id_str") && (has(o, "user") || has(o, "full_text") ||
	    has(o, "in_reply_to_status_id_str") || has(o, "extended_tweet"));
}

const struct format *
format_sniff_json(json_t *p)
{
	const char *object, *type;
	const char *key;
	json_t *v;

	if (!json_is_object(p))
		return NULL;
	object = json_string_value(json_object_get(p, "object"));
	if (object != NULL && strcmp(object, "whatsapp_business_account") == 0)
		return format_find("whatsapp");
	if (object != NULL && (strcmp(object, "page") == 0 ||
	    strcmp(object, "instagram") == 0))
		return format_find("meta");
	/* A failed getUpdates is {"ok":false,"description":…}, no result. */
	if (has(p, "update_id") || (has(p, "ok") && (has(p, "result") ||
	    has(p, "description"))) ||
	    (has(p, "message_id") && has(p, "chat")))
		return format_find("telegram");
	if (has(p, "for_user_id") || has(p, "user_event"))
		return format_find("twitter-aa");
	json_object_foreach(p, key, v) {
		size_t n = strlen(key);

		if (n > 7 && strcmp(key + n - 7, "_events") == 0 &&
		    json_is_array(v))
			return format_find("twitter-aa");
	}
	/* A canonical message; "type" is optional (DESIGN.md section 3). */
	type = json_string_value(json_object_get(p, "type"));
	if (has(p, "id") && has(p, "channel") && has(p, "direction"))
		return format_find("scs");
	if (type != NULL && (strcmp(type, "event") == 0 ||
	    strcmp(type, "work") == 0 || strcmp(type, "survey") == 0 ||
	    strcmp(type, "qa") == 0 || strcmp(type, "shift") == 0))
		return format_find("scs");
	if (looks_v1_tweet(p) || (json_is_array(json_object_get(p,
	    "statuses")) && has(p, "search_metadata")))
		return format_find("twitter-v1");
	if (has(p, "__twarc") || has(p, "includes") || has(p, "event_type") ||
	    (has(p, "data") && (has(p, "meta") || has(p, "errors") ||
	    has(p, "matching_rules") || json_is_array(json_object_get(p,
	    "data")) || json_is_object(json_object_get(p, "data")))) ||
	    (has(p, "author_id") && has(p, "text")))
		return format_find("twitter-v2");
	return NULL;
}

const struct format *
format_sniff_csv(struct csv_field *f, size_t n)
{
	int tweet_id = 0, inbound = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (strcmp(f[i].s, "tweet_id") == 0)
			tweet_id = 1;
		if (strcmp(f[i].s, "inbound") == 0)
			inbound = 1;
	}
	if (tweet_id && inbound)
		return format_find("twcs");
	return format_find("csv");
}
