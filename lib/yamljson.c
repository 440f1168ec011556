/* yamljson.c - libyaml events into jansson values */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "diag.h"
#include "yamljson.h"

struct pos {
	json_t	*v;
	int	 line, col;
};

struct anchor {
	char	*name;
	json_t	*v;
};

struct yamldoc {
	char		*file;
	json_t		*root;
	struct pos	*pos;		/* sorted by pointer after loading */
	size_t		 npos, pcap;
	struct anchor	*anchors;
	size_t		 nanchors, acap;
	yaml_parser_t	 parser;
	FILE		*f;
	char		*err;
	size_t		 errlen;
};

static void
note_pos(struct yamldoc *d, json_t *v, const yaml_mark_t *m)
{
	if (d->npos == d->pcap) {
		d->pcap = d->pcap ? d->pcap * 2 : 256;
		d->pos = realloc(d->pos, d->pcap * sizeof(*d->pos));
		if (d->pos == NULL)
			abort();
	}
	d->pos[d->npos].v = v;
	d->pos[d->npos].line = (int)m->line + 1;
	d->pos[d->npos].col = (int)m->column + 1;
	d->npos++;
}

static void
yerr(struct yamldoc *d, const yaml_mark_t *m, const char *msg)
{
	snprintf(d->err, d->errlen, "%s:%zu:%zu: %s", d->file,
	    m->line + 1, m->column + 1, msg);
}

static int
all_digits(const char *s, size_t from)
{
	size_t i;

	for (i = from; s[i] != '\0'; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return i > from;
}

static json_t *
plain_scalar(const char *s)
{
	char *end;
	double d;

	if (*s == '\0' || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
	    strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0)
		return json_null();
	if (strcmp(s, "true") == 0 || strcmp(s, "True") == 0 ||
	    strcmp(s, "TRUE") == 0)
		return json_true();
	if (strcmp(s, "false") == 0 || strcmp(s, "False") == 0 ||
	    strcmp(s, "FALSE") == 0)
		return json_false();
	if (all_digits(s, s[0] == '-' || s[0] == '+')) {
		errno = 0;
		long long v = strtoll(s, &end, 10);
		if (errno == 0 && *end == '\0')
			return json_integer(v);
	}
	/* Decimal floats only: strtod would also take 0x1F, inf and nan. */
	if (strchr("+-.0123456789", s[0]) != NULL &&
	    strpbrk(s, "0123456789") != NULL && strpbrk(s, "xXnN") == NULL) {
		d = strtod(s, &end);
		/* Out of range (1e400): a string, as JSON has no inf. */
		if (*end == '\0' && end != s && isfinite(d))
			return json_real(d);
	}
	return json_string(s);
}

static json_t *parse_node(struct yamldoc *, yaml_event_t *);

/*
 * A reader error (bytes that are not UTF-8) comes with a byte offset and
 * no mark: count lines and characters up to the offset.
 */
static yaml_mark_t
offset_mark(FILE *f, size_t offset)
{
	yaml_mark_t m;
	size_t i;
	int c;

	memset(&m, 0, sizeof(m));
	rewind(f);
	for (i = 0; i < offset && (c = getc(f)) != EOF; i++) {
		if (c == '\n') {
			m.line++;
			m.column = 0;
		} else if ((c & 0xC0) != 0x80)
			m.column++;
	}
	return m;
}

static int
next_event(struct yamldoc *d, yaml_event_t *ev)
{
	yaml_mark_t m;

	if (!yaml_parser_parse(&d->parser, ev)) {
		m = d->parser.error == YAML_READER_ERROR ?
		    offset_mark(d->f, d->parser.problem_offset) :
		    d->parser.problem_mark;
		snprintf(d->err, d->errlen, "%s:%zu:%zu: %s%s%s", d->file,
		    m.line + 1, m.column + 1,
		    d->parser.problem ? d->parser.problem : "syntax error",
		    d->parser.context ? " " : "",
		    d->parser.context ? d->parser.context : "");
		return -1;
	}
	return 0;
}

static void
remember_anchor(struct yamldoc *d, const yaml_char_t *name, json_t *v)
{
	if (name == NULL)
		return;
	if (d->nanchors == d->acap) {
		d->acap = d->acap ? d->acap * 2 : 16;
		d->anchors = realloc(d->anchors, d->acap * sizeof(*d->anchors));
		if (d->anchors == NULL)
			abort();
	}
	d->anchors[d->nanchors].name = strdup((const char *)name);
	d->anchors[d->nanchors].v = json_incref(v);
	d->nanchors++;
}

static json_t *
parse_mapping(struct yamldoc *d, yaml_event_t *start)
{
	json_t *obj = json_object(), *key, *val;
	yaml_event_t ev;

	note_pos(d, obj, &start->start_mark);
	remember_anchor(d, start->data.mapping_start.anchor, obj);
	for (;;) {
		if (next_event(d, &ev) == -1)
			goto fail;
		if (ev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&ev);
			return obj;
		}
		if (ev.type != YAML_SCALAR_EVENT) {
			yerr(d, &ev.start_mark, "a key must be a plain value");
			yaml_event_delete(&ev);
			goto fail;
		}
		if (json_object_get(obj, (char *)ev.data.scalar.value)) {
			char msg[300];

			snprintf(msg, sizeof(msg), "key \"%s\" appears twice",
			    (char *)ev.data.scalar.value);
			yerr(d, &ev.start_mark, msg);
			yaml_event_delete(&ev);
			goto fail;
		}
		key = json_string((char *)ev.data.scalar.value);
		yaml_event_delete(&ev);
		if (key == NULL) {
			snprintf(d->err, d->errlen, "%s: key is not UTF-8",
			    d->file);
			goto fail;
		}
		if (next_event(d, &ev) == -1) {
			json_decref(key);
			goto fail;
		}
		val = parse_node(d, &ev);
		yaml_event_delete(&ev);
		if (val == NULL) {
			json_decref(key);
			goto fail;
		}
		json_object_set_new(obj, json_string_value(key), val);
		json_decref(key);
	}
fail:
	json_decref(obj);
	return NULL;
}

static json_t *
parse_sequence(struct yamldoc *d, yaml_event_t *start)
{
	json_t *arr = json_array(), *val;
	yaml_event_t ev;

	note_pos(d, arr, &start->start_mark);
	remember_anchor(d, start->data.sequence_start.anchor, arr);
	for (;;) {
		if (next_event(d, &ev) == -1)
			goto fail;
		if (ev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&ev);
			return arr;
		}
		val = parse_node(d, &ev);
		yaml_event_delete(&ev);
		if (val == NULL)
			goto fail;
		json_array_append_new(arr, val);
	}
fail:
	json_decref(arr);
	return NULL;
}

static json_t *
parse_node(struct yamldoc *d, yaml_event_t *ev)
{
	json_t *v;
	size_t i;

	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
			v = plain_scalar((char *)ev->data.scalar.value);
		else
			v = json_stringn((char *)ev->data.scalar.value,
			    ev->data.scalar.length);
		if (v == NULL) {
			yerr(d, &ev->start_mark, "value is not valid UTF-8");
			return NULL;
		}
		/* Singletons (null, true) cannot carry a position. */
		if (json_is_string(v) || json_is_number(v))
			note_pos(d, v, &ev->start_mark);
		remember_anchor(d, ev->data.scalar.anchor, v);
		return v;
	case YAML_MAPPING_START_EVENT:
		return parse_mapping(d, ev);
	case YAML_SEQUENCE_START_EVENT:
		return parse_sequence(d, ev);
	case YAML_ALIAS_EVENT:
		for (i = d->nanchors; i-- > 0;)
			if (strcmp(d->anchors[i].name,
			    (char *)ev->data.alias.anchor) == 0)
				return json_deep_copy(d->anchors[i].v);
		yerr(d, &ev->start_mark, "unknown alias");
		return NULL;
	default:
		yerr(d, &ev->start_mark, "unexpected YAML event");
		return NULL;
	}
}

static int
cmp_pos(const void *a, const void *b)
{
	const struct pos *x = a, *y = b;

	return x->v < y->v ? -1 : x->v > y->v;
}

struct yamldoc *
ydoc_load(const char *path, char *err, size_t errlen)
{
	struct yamldoc *d;
	yaml_event_t ev;
	FILE *f;

	if ((f = fopen(path, "rb")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if ((d = calloc(1, sizeof(*d))) == NULL || (d->file =
	    strdup(path)) == NULL)
		abort();
	d->f = f;
	d->err = err;
	d->errlen = errlen;
	err[0] = '\0';
	yaml_parser_initialize(&d->parser);
	yaml_parser_set_input_file(&d->parser, f);
	for (;;) {
		if (next_event(d, &ev) == -1)
			break;
		if (ev.type == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		if (ev.type == YAML_MAPPING_START_EVENT ||
		    ev.type == YAML_SEQUENCE_START_EVENT ||
		    ev.type == YAML_SCALAR_EVENT) {
			d->root = parse_node(d, &ev);
			yaml_event_delete(&ev);
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&d->parser);
	fclose(f);
	if (d->root == NULL) {
		if (err[0] == '\0')
			snprintf(err, errlen, "%s:1:1: empty YAML file", path);
		ydoc_free(d);
		return NULL;
	}
	/* None for a document that is only null: qsort wants no NULL. */
	if (d->npos > 0)
		qsort(d->pos, d->npos, sizeof(*d->pos), cmp_pos);
	return d;
}

json_t *
ydoc_root(struct yamldoc *d)
{
	return d->root;
}

void
ydoc_vfatal(struct yamldoc *d, const char *path, json_t *v, const char *fmt,
    va_list ap)
{
	char msg[512];
	int line = 1, col = 1;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (d != NULL && v != NULL)
		ydoc_where(d, v, &line, &col);
	diag_fatal(EX_CONFIG, "%s:%d:%d: %s", path, line, col, msg);
}

const char *
ydoc_file(struct yamldoc *d)
{
	return d->file;
}

int
ydoc_where(struct yamldoc *d, json_t *v, int *line, int *col)
{
	size_t lo = 0, hi = d->npos, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (d->pos[mid].v < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < d->npos && d->pos[lo].v == v) {
		*line = d->pos[lo].line;
		*col = d->pos[lo].col;
		return 1;
	}
	*line = *col = 0;
	return 0;
}

void
ydoc_free(struct yamldoc *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->nanchors; i++) {
		free(d->anchors[i].name);
		json_decref(d->anchors[i].v);
	}
	free(d->anchors);
	free(d->pos);
	json_decref(d->root);
	free(d->file);
	free(d);
}
