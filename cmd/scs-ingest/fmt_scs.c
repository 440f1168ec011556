/* fmt_scs.c - canonical records re-ingested: checked, then passed on
 *
 * Stored or hand-written records go through the same checks a converter's
 * output meets.  A record that is already canonical is written back byte
 * for byte; one that needs a fix (a local-time created_at, no
 * source.format) is rebuilt.
 */
#include <string.h>

#include <jansson.h>

#include "diag.h"
#include "ingest.h"
#include "record.h"
#include "tstamp.h"

static int
check_time(struct ingest *ing, json_t *obj, const char *key, int *changed)
{
	json_t *v = json_object_get(obj, key);
	char buf[TS_BUFSZ];
	int64_t ms;

	if (v == NULL)
		return 0;
	if (!json_is_string(v) ||
	    ts_parse_rfc3339(json_string_value(v), &ms) == -1)
		return ing_fail(ing, "\"%s\" is not an RFC 3339 time", key);
	ts_format(ms, buf);
	if (strcmp(buf, json_string_value(v)) != 0) {
		json_object_set_new(obj, key, json_string(buf));
		*changed = 1;
	}
	return 0;
}

static int
check_type(struct ingest *ing, json_t *obj, const char *key,
    json_type want, const char *wantname)
{
	json_t *v = json_object_get(obj, key);

	if (v != NULL && json_typeof(v) != want &&
	    !(want == JSON_TRUE && json_is_boolean(v)) &&
	    !(want == JSON_REAL && json_is_number(v)))
		return ing_fail(ing, "\"%s\" must be %s", key, wantname);
	return 0;
}

static int
check_strings(struct ingest *ing, json_t *obj, const char *key)
{
	json_t *arr = json_object_get(obj, key), *v;
	size_t i;

	if (arr == NULL)
		return 0;
	if (!json_is_array(arr))
		return ing_fail(ing, "\"%s\" must be an array of strings",
		    key);
	json_array_foreach(arr, i, v)
		if (!json_is_string(v))
			return ing_fail(ing, "\"%s[%zu]\" must be a string",
			    key, i);
	return 0;
}

static int
check_message(struct ingest *ing, json_t *m, int *changed)
{
	const char *id, *channel, *dir;
	json_t *author, *v;
	size_t n;

	if ((id = req_str(ing, m, "id")) == NULL ||
	    (channel = req_str(ing, m, "channel")) == NULL ||
	    (dir = req_str(ing, m, "direction")) == NULL)
		return -1;
	if (!channel_known(channel))
		return ing_fail(ing, "\"channel\": unknown channel \"%s\"",
		    channel);
	n = strlen(channel);
	if (strncmp(id, channel, n) != 0 || id[n] != ':' || id[n + 1] == 0)
		return ing_fail(ing, "\"id\" must be \"%s:<native id>\"",
		    channel);
	if (strcmp(dir, "in") != 0 && strcmp(dir, "out") != 0)
		return ing_fail(ing, "\"direction\" must be in or out");
	if ((v = json_object_get(m, "public")) == NULL)
		return ing_fail(ing, "\"public\" missing");
	if (check_type(ing, m, "public", JSON_TRUE, "true or false") == -1 ||
	    check_type(ing, m, "auto", JSON_TRUE, "true or false") == -1 ||
	    check_type(ing, m, "text", JSON_STRING, "a string") == -1 ||
	    check_type(ing, m, "lang", JSON_STRING, "a string") == -1 ||
	    check_type(ing, m, "subject", JSON_STRING, "a string") == -1 ||
	    check_type(ing, m, "agent", JSON_STRING, "a string") == -1 ||
	    check_type(ing, m, "thread", JSON_OBJECT, "an object") == -1 ||
	    check_type(ing, m, "geo", JSON_OBJECT, "an object") == -1 ||
	    check_type(ing, m, "source", JSON_OBJECT, "an object") == -1 ||
	    check_type(ing, m, "attachments", JSON_ARRAY, "an array") == -1 ||
	    check_strings(ing, m, "to") == -1 ||
	    check_time(ing, m, "created_at", changed) == -1)
		return -1;
	if ((author = json_object_get(m, "author")) != NULL) {
		if (!json_is_object(author))
			return ing_fail(ing, "\"author\" must be an object");
		ing_where(ing, "author");
		if (check_type(ing, author, "id", JSON_STRING,
		    "a string") == -1 ||
		    check_type(ing, author, "handle", JSON_STRING,
		    "a string") == -1 ||
		    check_type(ing, author, "followers", JSON_INTEGER,
		    "an integer") == -1 ||
		    check_type(ing, author, "verified", JSON_TRUE,
		    "true or false") == -1 ||
		    check_time(ing, author, "created_at", changed) == -1)
			return -1;
		ing_where(ing, "%s", "");
	}
	return 0;
}

int
conv_scs(struct ingest *ing, json_t *p)
{
	const char *type;
	json_t *src, *copy;
	int changed = 0;

	if (!json_is_object(p))
		return ing_fail(ing, "expected a JSON object");
	type = json_string_value(json_object_get(p, "type"));
	if (json_object_get(p, "type") != NULL && type == NULL)
		return ing_fail(ing, "\"type\" must be a string");
	if (type != NULL && strcmp(type, "message") != 0) {
		/* Events, surveys and the like are scs-case's to check. */
		if (ing->raw_is_line)
			ing_emit_line(ing, NULL, ing->raw, ing->rawlen);
		else
			ing_emit_record(ing, p);
		return 0;
	}
	copy = json_deep_copy(p);
	if (check_message(ing, copy, &changed) == -1) {
		json_decref(copy);
		return -1;
	}
	src = json_object_get(copy, "source");
	if (src == NULL || json_object_get(src, "format") == NULL) {
		json_object_set_new(child(copy, "source"), "format",
		    json_string("scs"));
		changed = 1;
	}
	if (!changed && ing->raw_is_line)
		ing_emit_line(ing, json_string_value(json_object_get(copy,
		    "id")), ing->raw, ing->rawlen);
	else
		ing_emit_record(ing, copy);
	json_decref(copy);
	return 0;
}
