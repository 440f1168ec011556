/* emit.c - canonical message records: building, checking, writing */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "diag.h"
#include "idset.h"
#include "ingest.h"
#include "jpath.h"
#include "record.h"
#include "stats.h"
#include "tstamp.h"
#include "utf8.h"

/* DESIGN.md section 3 order; keys not listed follow in their own order. */
static const struct keyorder author_order[] = {
	{ "id", NULL }, { "handle", NULL }, { "name", NULL },
	{ "followers", NULL }, { "following", NULL }, { "posts", NULL },
	{ "verified", NULL }, { "bio", NULL }, { "location", NULL },
	{ "created_at", NULL }, { NULL, NULL }
};
static const struct keyorder thread_order[] = {
	{ "id", NULL }, { "in_reply_to", NULL }, { "quote_of", NULL },
	{ "repost_of", NULL }, { NULL, NULL }
};
static const struct keyorder geo_order[] = {
	{ "lat", NULL }, { "lon", NULL }, { "place", NULL }, { NULL, NULL }
};
static const struct keyorder msg_order[] = {
	{ "type", NULL }, { "id", NULL }, { "channel", NULL },
	{ "direction", NULL }, { "created_at", NULL }, { "public", NULL },
	{ "author", author_order }, { "to", NULL }, { "text", NULL },
	{ "lang", NULL }, { "thread", thread_order }, { "subject", NULL },
	{ "geo", geo_order }, { "attachments", NULL }, { "metrics", NULL },
	{ "agent", NULL },
	{ "auto", NULL }, { "source", NULL }, { NULL, NULL }
};

static const char *const channels[] = {
	"twitter", "facebook", "instagram", "messenger", "whatsapp",
	"email", "chat", "webform", "sms", "youtube", "linkedin",
	"telegram", NULL
};

struct idset *ing_seen;		/* set up by main */

int
channel_known(const char *c)
{
	size_t i;

	for (i = 0; channels[i] != NULL; i++)
		if (strcmp(channels[i], c) == 0)
			return 1;
	return 0;
}

/*
 * jansson's own UTF-8 check goes a character at a time through a
 * function call each: it was a tenth of the time on tweets.  utf8_valid
 * takes the same strings (no overlongs, surrogates or values above
 * U+10FFFF) and skips ASCII eight bytes at a time.
 */
static json_t *
text_value(const char *s, size_t n)
{
	return utf8_valid(s, n) == n ? json_stringn_nocheck(s, n) : NULL;
}

/* json_object_set_new, with the key checked as above. */
static int
put(json_t *obj, const char *key, json_t *v)
{
	size_t k = strlen(key);

	if (utf8_valid(key, k) != k) {
		json_decref(v);
		return -1;
	}
	return json_object_setn_new_nocheck(obj, key, k, v);
}

/*
 * Line breaks to "\n", other control characters dropped (tabs kept),
 * space trimmed at both ends.  Returns NULL when nothing is left.
 */
static json_t *
normalize_text(const char *s, size_t len)
{
	char *buf = malloc(len + 1), *o = buf;
	size_t i;
	json_t *v;

	if (buf == NULL)
		return NULL;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\r') {
			*o++ = '\n';
			if (i + 1 < len && s[i + 1] == '\n')
				i++;
		} else if (c < 0x20 && c != '\n' && c != '\t')
			continue;
		else if (c == 0x7f)
			continue;
		else
			*o++ = (char)c;
	}
	while (o > buf && (o[-1] == ' ' || o[-1] == '\n' || o[-1] == '\t'))
		o--;
	*o = '\0';
	for (o = buf; *o == ' ' || *o == '\n' || *o == '\t'; o++)
		;
	v = *o ? text_value(o, strlen(o)) : NULL;
	free(buf);
	return v;
}

static void
emit_out(json_t *rec, const struct keyorder *order)
{
	const char *type = json_string_value(json_object_get(rec, "type"));

	if (rec_write_ordered(rec, order) == -1)
		diag_fatal(EX_IOERR, "write error on standard output");
	stats_count(type == NULL || strcmp(type, "message") == 0 ?
	    "messages" : "other records");
}

void
ing_emit(struct ingest *ing, json_t *msg)
{
	json_t *text, *author, *src;
	const char *id;

	id = json_string_value(json_object_get(msg, "id"));
	if (id == NULL || json_object_get(msg, "channel") == NULL ||
	    json_object_get(msg, "direction") == NULL ||
	    json_object_get(msg, "public") == NULL) {
		diag_at(ing->file, ing->line, "internal: a %s message lacks "
		    "id, channel, direction or public", ing->format);
		diag_status(EX_SOFTWARE);
		json_decref(msg);
		return;
	}
	if (ing_seen != NULL && !idset_add(ing_seen, id, strlen(id))) {
		stats_count("duplicates");
		json_decref(msg);
		return;
	}
	put(msg, "type", json_string("message"));
	if ((text = json_object_get(msg, "text")) != NULL) {
		json_t *norm = json_is_string(text) ? normalize_text(
		    json_string_value(text), json_string_length(text)) : NULL;

		if (norm != NULL)
			json_object_set_new(msg, "text", norm);
		else
			json_object_del(msg, "text");
	}
	if ((author = json_object_get(msg, "author")) != NULL &&
	    json_object_size(author) == 0)
		json_object_del(msg, "author");
	if ((src = json_object_get(msg, "source")) == NULL)
		src = child(msg, "source");
	if (json_object_get(src, "format") == NULL)
		json_object_set_new(src, "format", json_string(ing->format));
	emit_out(msg, msg_order);
	json_decref(msg);
}

void
ing_emit_record(struct ingest *ing, json_t *rec)
{
	const char *id = json_string_value(json_object_get(rec, "id"));

	if (id != NULL && ing_seen != NULL &&
	    !idset_add(ing_seen, id, strlen(id))) {
		stats_count("duplicates");
		return;
	}
	emit_out(rec, NULL);
}

void
ing_emit_line(struct ingest *ing, const char *id, const char *line,
    size_t len)
{
	if (id != NULL && ing_seen != NULL &&
	    !idset_add(ing_seen, id, strlen(id))) {
		stats_count("duplicates");
		return;
	}
	if (rec_write_raw(line, len) == -1)
		diag_fatal(EX_IOERR, "write error on standard output");
	stats_count(id != NULL ? "messages" : "other records");
}

void
ing_skip(struct ingest *ing, const char *kind)
{
	char key[96];

	snprintf(key, sizeof(key), "skipped %s", kind);
	stats_count(key);
}

void
skip_unknown(struct ingest *ing, const char *prefix, const char *key)
{
	char kind[64];
	size_t i, n = strlen(key);

	for (i = 0; i < n; i++)
		if (!((key[i] >= 'a' && key[i] <= 'z') || key[i] == '_' ||
		    (key[i] >= '0' && key[i] <= '9')))
			break;
	if (n == 0 || i < n || n > 40)
		key = "?";
	snprintf(kind, sizeof(kind), "%s%s", prefix, key);
	ing_skip(ing, kind);
}

const char *
keep(char *buf, size_t size, const char *s)
{
	size_t n;

	if (s == NULL || (n = strlen(s)) >= size)
		return s;
	memcpy(buf, s, n + 1);
	return buf;
}

void
ing_where(struct ingest *ing, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ing->where, sizeof(ing->where), fmt, ap);
	va_end(ap);
	ing->why[0] = '\0';
}

static void
vset_why(struct ingest *ing, const char *fmt, va_list ap)
{
	char msg[384];

	if (ing->why[0] != '\0')
		return;		/* the first problem is the one to fix */
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (ing->where[0] != '\0')
		snprintf(ing->why, sizeof(ing->why), "%s: %s", ing->where,
		    msg);
	else
		snprintf(ing->why, sizeof(ing->why), "%s", msg);
}

int
ing_fail(struct ingest *ing, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vset_why(ing, fmt, ap);
	va_end(ap);
	return -1;
}

int
ing_failed(const struct ingest *ing)
{
	return ing->why[0] != '\0';
}

void
ing_reject_part(struct ingest *ing, json_t *part, const char *fmt, ...)
{
	char reason[512];
	char *raw = NULL;
	va_list ap;
	size_t rawlen = 0;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	if (part != NULL)
		raw = json_text(part, &rawlen);
	diag_reject(ing->file, ing->line, raw, rawlen, "%s", reason);
	free(raw);
	ing->why[0] = '\0';
}

char *
json_text(json_t *v, size_t *len)
{
	struct jbuf b = { NULL, 0, 0 };

	if (json_to_buf(&b, v, NULL) == -1) {
		free(b.p);
		*len = 0;
		return NULL;
	}
	*len = b.len;
	return b.p;
}

/* ---- building ---- */

json_t *
msg_new(const char *channel, const char *native_id, int outbound, int public)
{
	size_t clen = strlen(channel), nlen = strlen(native_id);
	json_t *m = json_object();
	char buf[256], *id = buf;

	if (clen + nlen + 2 > sizeof(buf) &&
	    (id = malloc(clen + nlen + 2)) == NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");
	memcpy(id, channel, clen);
	id[clen] = ':';
	memcpy(id + clen + 1, native_id, nlen + 1);
	put(m, "id", text_value(id, strlen(id)));
	if (id != buf)
		free(id);
	put(m, "channel", text_value(channel, clen));
	put(m, "direction", json_string(outbound ? "out" : "in"));
	put(m, "public", json_boolean(public));
	return m;
}

void
set_str(json_t *obj, const char *key, const char *s)
{
	if (s != NULL && *s != '\0')
		put(obj, key, text_value(s, strlen(s)));
}

void
set_strn(json_t *obj, const char *key, const char *s, size_t n)
{
	if (s != NULL && n > 0)
		put(obj, key, text_value(s, n));
}

void
set_int(json_t *obj, const char *key, json_int_t v)
{
	put(obj, key, json_integer(v));
}

void
set_bool(json_t *obj, const char *key, int v)
{
	put(obj, key, json_boolean(v));
}

void
set_time(json_t *obj, const char *key, int64_t ms)
{
	char buf[TS_BUFSZ];

	put(obj, key, json_string(ts_format(ms, buf)));
}

int
set_time_str(json_t *obj, const char *key, const char *s)
{
	int64_t ms;

	if (s == NULL || ts_parse_any(s, &ms) == -1)
		return -1;
	set_time(obj, key, ms);
	return 0;
}

json_t *
child(json_t *obj, const char *key)
{
	json_t *c = json_object_get(obj, key);

	if (c == NULL) {
		c = json_object();
		json_object_set_new(obj, key, c);
	}
	return c;
}

void
push(json_t *obj, const char *key, json_t *v)
{
	json_t *a = json_object_get(obj, key);

	if (a == NULL) {
		a = json_array();
		json_object_set_new(obj, key, a);
	}
	json_array_append_new(a, v);
}

json_t *
attachment(const char *type, const char *name, const char *mime,
    const char *url)
{
	json_t *a = json_object();

	set_str(a, "type", type);
	set_str(a, "name", name);
	set_str(a, "mime", mime);
	set_str(a, "url", url);
	return a;
}

int
is_brand(const struct ingest *ing, const char *handle)
{
	size_t i;

	if (handle == NULL)
		return 0;
	if (*handle == '@')
		handle++;
	for (i = 0; i < ing->nbrands; i++)
		if (strcasecmp(ing->brands[i], handle) == 0)
			return 1;
	return 0;
}

char *
html_unescape(const char *s)
{
	static const struct { const char *ent; char c; } ents[] = {
		{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' },
		{ "&quot;", '"' }, { "&#39;", '\'' }, { "&apos;", '\'' },
	};
	char *out = malloc(strlen(s) + 1), *o = out;
	size_t i, n;

	if (out == NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");
	while (*s != '\0') {
		if (*s == '&') {
			for (i = 0; i < sizeof(ents) / sizeof(ents[0]); i++) {
				n = strlen(ents[i].ent);
				if (strncmp(s, ents[i].ent, n) == 0)
					break;
			}
			if (i < sizeof(ents) / sizeof(ents[0])) {
				*o++ = ents[i].c;
				s += n;
				continue;
			}
		}
		*o++ = *s++;
	}
	*o = '\0';
	return out;
}

int
in_list(const char *const *list, const char *s)
{
	size_t i;

	for (i = 0; list[i] != NULL; i++)
		if (strcmp(list[i], s) == 0)
			return 1;
	return 0;
}

int
streq(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

void
set_fmt(json_t *obj, const char *key, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) == -1)
		diag_fatal(EX_SOFTWARE, "out of memory");
	va_end(ap);
	put(obj, key, text_value(s, strlen(s)));
	free(s);
}

json_t *
msg_newf(const char *channel, int outbound, int public, const char *fmt, ...)
{
	va_list ap;
	json_t *m;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) == -1)
		diag_fatal(EX_SOFTWARE, "out of memory");
	va_end(ap);
	m = msg_new(channel, s, outbound, public);
	free(s);
	return m;
}

void
copy_int(struct ingest *ing, json_t *dst, json_t *src, const char *from,
    const char *to)
{
	json_int_t n;

	if (opt_int(ing, src, from, &n) == 1)
		set_int(dst, to, n);
}

/* ---- reading fields ---- */

static const char *
type_name(json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:	return "an object";
	case JSON_ARRAY:	return "an array";
	case JSON_STRING:	return "a string";
	case JSON_INTEGER:
	case JSON_REAL:		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:	return "a boolean";
	default:		return "null";
	}
}

/* The field, or NULL: absent (complain if required) or null. */
static json_t *
field(struct ingest *ing, json_t *obj, const char *path, int required)
{
	json_t *v = jpath_get(obj, path);

	if (v == NULL || json_is_null(v)) {
		if (required)
			ing_fail(ing, "\"%s\" missing", path);
		return NULL;
	}
	return v;
}

static json_t *
typed(struct ingest *ing, json_t *obj, const char *path, int required,
    json_type want, const char *wantname)
{
	json_t *v = field(ing, obj, path, required);

	if (v != NULL && json_typeof(v) != want) {
		ing_fail(ing, "\"%s\" is %s, expected %s", path, type_name(v),
		    wantname);
		return NULL;
	}
	return v;
}

const char *
req_str(struct ingest *ing, json_t *obj, const char *path)
{
	return json_string_value(typed(ing, obj, path, 1, JSON_STRING,
	    "a string"));
}

const char *
opt_str(struct ingest *ing, json_t *obj, const char *path)
{
	return json_string_value(typed(ing, obj, path, 0, JSON_STRING,
	    "a string"));
}

json_t *
req_obj(struct ingest *ing, json_t *obj, const char *path)
{
	return typed(ing, obj, path, 1, JSON_OBJECT, "an object");
}

json_t *
opt_obj(struct ingest *ing, json_t *obj, const char *path)
{
	return typed(ing, obj, path, 0, JSON_OBJECT, "an object");
}

json_t *
req_arr(struct ingest *ing, json_t *obj, const char *path)
{
	return typed(ing, obj, path, 1, JSON_ARRAY, "an array");
}

json_t *
opt_arr(struct ingest *ing, json_t *obj, const char *path)
{
	return typed(ing, obj, path, 0, JSON_ARRAY, "an array");
}

static const char *
id_of(struct ingest *ing, json_t *obj, const char *path, int required)
{
	json_t *v = field(ing, obj, path, required);
	char *buf;

	if (v == NULL)
		return NULL;
	if (json_is_string(v)) {
		if (json_string_length(v) == 0) {
			ing_fail(ing, "\"%s\" is empty", path);
			return NULL;
		}
		return json_string_value(v);
	}
	if (json_is_integer(v)) {
		buf = ing->idbuf[ing->idnext++ % 8];
		snprintf(buf, sizeof(ing->idbuf[0]), "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		return buf;
	}
	ing_fail(ing, "\"%s\" is %s, expected a string or an integer id",
	    path, type_name(v));
	return NULL;
}

const char *
req_id(struct ingest *ing, json_t *obj, const char *path)
{
	return id_of(ing, obj, path, 1);
}

const char *
opt_id(struct ingest *ing, json_t *obj, const char *path)
{
	return id_of(ing, obj, path, 0);
}

int
opt_int(struct ingest *ing, json_t *obj, const char *path, json_int_t *out)
{
	json_t *v = field(ing, obj, path, 0);
	char *end;

	if (v == NULL)
		return 0;
	if (json_is_integer(v)) {
		*out = json_integer_value(v);
		return 1;
	}
	if (json_is_string(v) && json_string_length(v) > 0) {
		*out = strtoll(json_string_value(v), &end, 10);
		if (*end == '\0')
			return 1;
	}
	ing_fail(ing, "\"%s\" is %s, expected an integer", path, type_name(v));
	return -1;
}

int
opt_time(struct ingest *ing, json_t *obj, const char *path, int64_t *ms)
{
	json_t *v = field(ing, obj, path, 0);

	if (v == NULL)
		return 1;
	if (json_is_number(v)) {
		*ms = ts_from_unix(json_number_value(v));
		return 0;
	}
	if (json_is_string(v) && ts_parse_any(json_string_value(v), ms) == 0)
		return 0;
	ing_fail(ing, "\"%s\" is not a time: %s", path, json_is_string(v) ?
	    json_string_value(v) : type_name(v));
	return -1;
}
