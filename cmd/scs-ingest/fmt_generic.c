/* fmt_generic.c - web chat, contact form and SMS exports: csv and jsonl
 * with a field mapping given on the command line or in a YAML file */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "diag.h"
#include "ingest.h"
#include "jpath.h"
#include "tstamp.h"
#include "yamljson.h"

/* What a mapped value becomes. */
enum kind { K_STR, K_ID, K_UID, K_TID, K_TIME, K_BOOL, K_INT, K_NUM,
	K_DIR, K_CHANNEL, K_LIST, K_INBOUND };

static const struct target {
	const char	*name;
	enum kind	 kind;
} targets[] = {
	{ "id", K_ID }, { "channel", K_CHANNEL }, { "direction", K_DIR },
	{ "inbound", K_INBOUND }, { "created_at", K_TIME },
	{ "public", K_BOOL }, { "text", K_STR }, { "lang", K_STR },
	{ "subject", K_STR }, { "agent", K_STR }, { "auto", K_BOOL },
	{ "to", K_LIST },
	{ "author.id", K_UID }, { "author.handle", K_STR },
	{ "author.name", K_STR }, { "author.followers", K_INT },
	{ "author.following", K_INT }, { "author.posts", K_INT },
	{ "author.verified", K_BOOL }, { "author.bio", K_STR },
	{ "author.location", K_STR }, { "author.created_at", K_TIME },
	{ "thread.id", K_TID }, { "thread.in_reply_to", K_TID },
	{ "geo.lat", K_NUM }, { "geo.lon", K_NUM }, { "geo.place", K_STR },
	{ NULL, K_STR }
};

/* extra.NAME carries any other column along, as a string under "extra". */
static const struct target extra_target = { "extra.", K_STR };

struct mapping {
	const struct target *t;
	const char	*path;		/* where it goes: t->name or extra.X */
	char		*source;	/* column name or dotted path */
	long		 col;		/* CSV column, -1 if none */
};

struct fieldmap {
	struct mapping	*m;
	size_t		 n;
	char		**extra_names;	/* full paths of extra.* targets */
	size_t		 nextra;
	struct mapping	*set;		/* constants: source is the value */
	size_t		 nset;
	int		 has_id;
};

static const struct target *
target_find(const char *name)
{
	const struct target *t;

	for (t = targets; t->name != NULL; t++)
		if (strcmp(t->name, name) == 0)
			return t;
	return NULL;
}

static void
bad_target(const char *name)
{
	const struct target *t;

	fprintf(stderr, "%s: unknown field '%s'; known fields:", diag_tool(),
	    name);
	for (t = targets; t->name != NULL; t++)
		fprintf(stderr, " %s", t->name);
	fputs(" extra.NAME\n", stderr);
}

static int
fieldmap_add(struct fieldmap **fmp, int constant, const char *target,
    size_t tlen, const char *source)
{
	const struct target *t;
	struct mapping **arr;
	struct fieldmap *fm;
	size_t *n;
	char name[64];

	if (*fmp == NULL && (*fmp = calloc(1, sizeof(**fmp))) == NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");
	fm = *fmp;
	if (tlen >= sizeof(name) || tlen == 0) {
		diag_warn("bad field name in mapping");
		return -1;
	}
	memcpy(name, target, tlen);
	name[tlen] = '\0';
	if (strncmp(name, "extra.", 6) == 0 && name[6] != '\0' &&
	    strchr(name + 6, '.') == NULL) {
		t = &extra_target;
		fm->extra_names = realloc(fm->extra_names,
		    (fm->nextra + 1) * sizeof(char *));
		if (fm->extra_names == NULL)
			diag_fatal(EX_SOFTWARE, "out of memory");
		fm->extra_names[fm->nextra++] = strdup(name);
	} else if ((t = target_find(name)) == NULL) {
		bad_target(name);
		return -1;
	}
	if (!constant && *source == '\0') {
		diag_warn("--map %s= names no source field", name);
		return -1;
	}
	arr = constant ? &fm->set : &fm->m;
	n = constant ? &fm->nset : &fm->n;
	if ((*arr = realloc(*arr, (*n + 1) * sizeof(**arr))) == NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");
	(*arr)[*n].t = t;
	(*arr)[*n].path = t == &extra_target ?
	    fm->extra_names[fm->nextra - 1] : t->name;
	(*arr)[*n].source = strdup(source);
	(*arr)[*n].col = -1;
	(*n)++;
	if (t->kind == K_ID && !constant)
		fm->has_id = 1;
	return 0;
}

/* Pairs from one YAML section ("map" or "set") of a mapping file. */
static int
fieldmap_yaml_section(struct fieldmap **fmp, struct yamldoc *doc,
    json_t *section, int constant)
{
	const char *key;
	json_t *v;
	char buf[64];
	int line, col;

	json_object_foreach(section, key, v) {
		const char *s = json_string_value(v);

		if (json_is_boolean(v))
			s = json_is_true(v) ? "true" : "false";
		else if (json_is_number(v)) {
			snprintf(buf, sizeof(buf), "%g", json_number_value(v));
			s = buf;
		}
		if (s == NULL) {
			ydoc_where(doc, v, &line, &col);
			diag_warn("%s:%d:%d: %s: expected a plain value",
			    ydoc_file(doc), line, col, key);
			return -1;
		}
		if (fieldmap_add(fmp, constant, key, strlen(key), s) == -1)
			return -1;
	}
	return 0;
}

static int
fieldmap_file(struct fieldmap **fmp, const char *path)
{
	struct yamldoc *doc;
	json_t *root, *v;
	const char *key;
	char err[512];

	if ((doc = ydoc_load(path, err, sizeof(err))) == NULL) {
		diag_warn("%s", err);
		return -1;
	}
	root = ydoc_root(doc);
	if (!json_is_object(root)) {
		diag_warn("%s:1:1: expected sections map: and set:", path);
		goto fail;
	}
	json_object_foreach(root, key, v) {
		int constant = strcmp(key, "set") == 0, line, col;

		if ((!constant && strcmp(key, "map") != 0) ||
		    !json_is_object(v)) {
			ydoc_where(doc, v, &line, &col);
			diag_warn("%s:%d:%d: \"%s\": expected a map: or set: "
			    "section of field: value pairs", path, line, col,
			    key);
			goto fail;
		}
		if (fieldmap_yaml_section(fmp, doc, v, constant) == -1)
			goto fail;
	}
	ydoc_free(doc);
	return 0;
fail:
	ydoc_free(doc);
	return -1;
}

int
fieldmap_parse(struct fieldmap **fmp, const char *spec)
{
	const char *p = spec, *eq, *comma;
	char *source;

	int r;

	if (strchr(spec, '=') == NULL)
		return fieldmap_file(fmp, spec);
	while (*p != '\0') {
		comma = strchr(p, ',');
		if (comma == NULL)
			comma = p + strlen(p);
		eq = memchr(p, '=', (size_t)(comma - p));
		if (eq == NULL) {
			diag_warn("--map: '%.*s' is not FIELD=SOURCE",
			    (int)(comma - p), p);
			return -1;
		}
		source = strndup(eq + 1, (size_t)(comma - eq - 1));
		r = fieldmap_add(fmp, 0, p, (size_t)(eq - p), source);
		free(source);
		if (r == -1)
			return -1;
		p = *comma ? comma + 1 : comma;
	}
	return 0;
}

int
fieldmap_set(struct fieldmap **fmp, const char *assign)
{
	const char *eq = strchr(assign, '=');

	if (eq == NULL) {
		diag_warn("--set: '%s' is not FIELD=VALUE", assign);
		return -1;
	}
	return fieldmap_add(fmp, 1, assign, (size_t)(eq - assign), eq + 1);
}

void
fieldmap_free(struct fieldmap *fm)
{
	size_t i;

	if (fm == NULL)
		return;
	for (i = 0; i < fm->n; i++)
		free(fm->m[i].source);
	for (i = 0; i < fm->nset; i++)
		free(fm->set[i].source);
	for (i = 0; i < fm->nextra; i++)
		free(fm->extra_names[i]);
	free(fm->extra_names);
	free(fm->m);
	free(fm->set);
	free(fm);
}

/* ---- building a message from mapped values ---- */

static int
parse_bool(const char *s, int *out)
{
	static const char *const yes[] = { "true", "1", "yes", "y", "si",
	    "sí", "t", NULL };
	static const char *const no[] = { "false", "0", "no", "n", "f",
	    NULL };
	size_t i;

	for (i = 0; yes[i] != NULL; i++)
		if (strcasecmp(s, yes[i]) == 0)
			return *out = 1, 0;
	for (i = 0; no[i] != NULL; i++)
		if (strcasecmp(s, no[i]) == 0)
			return *out = 0, 0;
	return -1;
}

/* A prefixed id: "sms:123"; a value already carrying the prefix stays. */
static json_t *
prefixed(const char *channel, const char *mid, const char *v)
{
	char *s;
	json_t *j;
	size_t n = strlen(channel);

	if (strncmp(v, channel, n) == 0 && v[n] == ':')
		return json_string(v);
	if (asprintf(&s, "%s:%s%s", channel, mid, v) == -1)
		diag_fatal(EX_SOFTWARE, "out of memory");
	j = json_string(s);
	free(s);
	return j;
}

static int
default_public(const char *channel)
{
	static const char *const pub[] = { "twitter", "facebook",
	    "instagram", "youtube", "linkedin", NULL };
	size_t i;

	for (i = 0; pub[i] != NULL; i++)
		if (strcmp(pub[i], channel) == 0)
			return 1;
	return 0;
}

/* Put one mapped value into msg; -1 (reason set) when it is malformed. */
static int
put(struct ingest *ing, json_t *msg, const struct mapping *mp, const char *v,
    const char *channel)
{
	const struct target *t = mp->t;
	json_t *val = NULL;
	char tbuf[TS_BUFSZ];
	int64_t ms;
	int b;
	char *end;
	long long n;
	double d;

	if (v == NULL || *v == '\0')
		return 0;
	switch (t->kind) {
	case K_STR:
		val = json_string(v);
		break;
	case K_ID:
		val = prefixed(channel, "", v);
		break;
	case K_UID:
		val = prefixed(channel, "u:", v);
		break;
	case K_TID:
		val = prefixed(channel, "", v);
		break;
	case K_CHANNEL:
		return 0;	/* read before everything else */
	case K_TIME:
		if (ts_parse_any(v, &ms) == -1)
			return ing_fail(ing, "%s: not a time: \"%s\"",
			    t->name, v);
		val = json_string(ts_format(ms, tbuf));
		break;
	case K_BOOL:
		if (parse_bool(v, &b) == -1)
			return ing_fail(ing, "%s: not true or false: \"%s\"",
			    t->name, v);
		val = json_boolean(b);
		break;
	case K_INT:
		n = strtoll(v, &end, 10);
		if (*end != '\0' || n < 0)
			return ing_fail(ing, "%s: not a count: \"%s\"",
			    t->name, v);
		val = json_integer(n);
		break;
	case K_NUM:
		d = strtod(v, &end);
		if (*end != '\0')
			return ing_fail(ing, "%s: not a number: \"%s\"",
			    t->name, v);
		val = json_real(d);
		break;
	case K_DIR:
		if (strcasecmp(v, "in") == 0 || strcasecmp(v, "inbound") == 0)
			val = json_string("in");
		else if (strcasecmp(v, "out") == 0 ||
		    strcasecmp(v, "outbound") == 0)
			val = json_string("out");
		else
			return ing_fail(ing, "direction: not in or out: "
			    "\"%s\"", v);
		break;
	case K_INBOUND:
		if (parse_bool(v, &b) == -1)
			return ing_fail(ing, "inbound: not true or false: "
			    "\"%s\"", v);
		json_object_set_new(msg, "direction",
		    json_string(b ? "in" : "out"));
		return 0;
	case K_LIST: {
		const char *p = v, *q;

		val = json_array();
		while (*p != '\0') {
			while (*p == ',' || *p == ' ' || *p == '@')
				p++;
			for (q = p; *q != '\0' && *q != ',' && *q != ' '; q++)
				;
			if (q > p)
				json_array_append_new(val,
				    json_stringn(p, (size_t)(q - p)));
			p = q;
		}
		break;
	}
	}
	if (val == NULL)
		return ing_fail(ing, "%s: not valid UTF-8", t->name);
	if (jpath_set_new(msg, mp->path, val) == -1)
		return ing_fail(ing, "%s: cannot set", mp->path);
	return 0;
}

/* FNV-1a over the values: a stable id for records that have none. */
static uint64_t
fnv(uint64_t h, const char *s)
{
	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
	return (h ^ 0xff) * 0x100000001b3ull;
}

typedef const char *(*getter_fn)(struct ingest *, void *src,
    const struct mapping *);

static int
build(struct ingest *ing, void *src, getter_fn get)
{
	struct fieldmap *fm = ing->map;
	const char *channel = NULL, *v;
	uint64_t h = 0xcbf29ce484222325ull;
	json_t *msg;
	size_t i;
	char idbuf[24];

	for (i = 0; i < fm->nset; i++)
		if (fm->set[i].t->kind == K_CHANNEL)
			channel = fm->set[i].source;
	for (i = 0; i < fm->n; i++)
		if (fm->m[i].t->kind == K_CHANNEL &&
		    (v = get(ing, src, &fm->m[i])) != NULL && *v != '\0')
			channel = v;
	if (channel == NULL)
		return ing_fail(ing, "no channel: give --set channel=NAME or "
		    "--map channel=FIELD");
	if (!channel_known(channel))
		return ing_fail(ing, "channel: unknown channel \"%s\"",
		    channel);
	msg = json_object();
	json_object_set_new(msg, "channel", json_string(channel));
	json_object_set_new(msg, "direction", json_string("in"));
	json_object_set_new(msg, "public",
	    json_boolean(default_public(channel)));
	for (i = 0; i < fm->nset; i++)
		if (put(ing, msg, &fm->set[i], fm->set[i].source,
		    channel) == -1)
			goto fail;
	for (i = 0; i < fm->n; i++) {
		v = get(ing, src, &fm->m[i]);
		if (ing_failed(ing))
			goto fail;
		if (v != NULL)
			h = fnv(h, v);
		if (put(ing, msg, &fm->m[i], v, channel) == -1)
			goto fail;
	}
	if (json_object_get(msg, "id") == NULL) {
		snprintf(idbuf, sizeof(idbuf), "h%016llx",
		    (unsigned long long)h);
		json_object_set_new(msg, "id", prefixed(channel, "", idbuf));
	}
	ing_emit(ing, msg);
	return 0;
fail:
	json_decref(msg);
	return -1;
}

/* ---- csv ---- */

struct csvrow {
	struct csv_field	*f;
	size_t			 n;
};

static const char *
csv_get(struct ingest *ing, void *src, const struct mapping *m)
{
	struct csvrow *row = src;

	if (m->col < 0 || (size_t)m->col >= row->n)
		return NULL;
	return row->f[m->col].s;
}

static size_t ncolumns;

int
csvmap_header(struct ingest *ing, struct csv_field *f, size_t n)
{
	struct fieldmap *fm = ing->map;
	size_t i, j;

	if (fm == NULL)
		return ing_fail(ing, "a CSV that is not TWCS needs a field "
		    "mapping: --map text=COLUMN,... --set channel=NAME");
	ncolumns = n;
	for (i = 0; i < fm->n; i++) {
		fm->m[i].col = -1;
		for (j = 0; j < n; j++)
			if (strcmp(f[j].s, fm->m[i].source) == 0)
				fm->m[i].col = (long)j;
		if (fm->m[i].col < 0)
			return ing_fail(ing, "--map %s=%s: no column \"%s\"",
			    fm->m[i].t->name, fm->m[i].source,
			    fm->m[i].source);
	}
	return 0;
}

int
csvmap_row(struct ingest *ing, struct csv_field *f, size_t n)
{
	struct csvrow row = { f, n };

	if (n != ncolumns)
		return ing_fail(ing, "%zu fields where the header has %zu",
		    n, ncolumns);
	return build(ing, &row, csv_get);
}

/* ---- jsonl ---- */

static const char *
json_get(struct ingest *ing, void *src, const struct mapping *m)
{
	json_t *v = jpath_get(src, m->source);
	char *buf;

	if (v == NULL || json_is_null(v))
		return NULL;
	if (json_is_string(v))
		return json_string_value(v);
	buf = ing->idbuf[ing->idnext++ % 8];
	if (json_is_integer(v))
		snprintf(buf, sizeof(ing->idbuf[0]), "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
	else if (json_is_real(v))
		snprintf(buf, sizeof(ing->idbuf[0]), "%.15g",
		    json_real_value(v));
	else if (json_is_boolean(v))
		return json_is_true(v) ? "true" : "false";
	else {
		ing_fail(ing, "\"%s\" is %s, expected a plain value",
		    m->source, json_is_array(v) ? "an array" : "an object");
		return NULL;
	}
	return buf;
}

int
conv_jsonl(struct ingest *ing, json_t *p)
{
	if (ing->map == NULL)
		return ing_fail(ing, "-f jsonl needs a field mapping: --map "
		    "text=FIELD,... --set channel=NAME");
	if (!json_is_object(p))
		return ing_fail(ing, "expected a JSON object");
	return build(ing, p, json_get);
}
