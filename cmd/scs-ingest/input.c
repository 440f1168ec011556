/* input.c - split an input file into JSON payloads, with bounded memory
 *
 * A file may hold one payload per line (webhook dumps, twarc), one JSON
 * document pretty-printed over many lines (a saved API response), several
 * such documents one after another, or a JSON array of payloads.  The
 * first line decides: when it is a whole JSON value the file is read as
 * JSON lines, each line on its own, so a broken line costs only itself;
 * otherwise a small scanner finds where each document (or each element
 * of a top-level array) ends, and only that much is held in memory.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "diag.h"
#include "input.h"
#include "jarena.h"
#include "jparse.h"
#include "lineread.h"
#include "utf8.h"

struct docscan {
	struct lreader	*lr;
	payload_fn	 fn;
	void		*arg;
	char		*buf;		/* the value being gathered */
	size_t		 len, cap;
	char		*closers;	/* expected '}' / ']' per depth */
	size_t		 depth, ccap;
	int		 in_value, in_str, esc;
	int		 in_array;	/* inside a top-level array */
	int		 recovering;	/* after an error: wait for a '{' line */
	int		 toobig;	/* value over max_line: scan, not store */
	long		 value_line;
};

static int
is_blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

/* Hand v (and, for an array, each element) to fn. */
static void
deliver(json_t *v, long line, const char *raw, size_t rawlen,
    payload_fn fn, void *arg)
{
	struct payload p;
	size_t i;
	json_t *e;

	p.line = line;
	if (json_is_array(v)) {
		p.raw = NULL;
		p.rawlen = 0;
		p.exact = 0;
		json_array_foreach(v, i, e) {
			p.v = e;
			p.raw = NULL;
			fn(&p, arg);
		}
		return;
	}
	p.v = v;
	p.raw = raw;
	p.rawlen = rawlen;
	p.exact = 1;
	fn(&p, arg);
}

static void
reject_json(const char *file, long line, const char *raw, size_t len,
    const json_error_t *err, int multiline)
{
	size_t bad = utf8_valid(raw, len), col = 1, i;

	/* Say so plainly: jansson only says it cannot decode a byte. */
	if (bad < len) {
		for (i = bad; i > 0 && raw[i - 1] != '\n'; i--)
			col++;
		for (i = 0; i < bad; i++)
			line += raw[i] == '\n';
		diag_reject(file, line, raw, len, "invalid UTF-8 at column "
		    "%zu (byte 0x%02x): the input must be UTF-8", col,
		    (unsigned char)raw[bad]);
		return;
	}
	if (multiline)
		diag_reject(file, line + err->line - 1, raw, len,
		    "invalid JSON at column %d: %s", err->column, err->text);
	else
		diag_reject(file, line, raw, len,
		    "invalid JSON at column %d: %s", err->column, err->text);
}

/* ---- JSON lines ---- */

static void
parse_line(struct lreader *lr, const char *line, size_t len, payload_fn fn,
    void *arg)
{
	json_error_t err;
	json_t *v;

	/* Everything made for this line is released at once (jarena.h). */
	jarena_begin();
	/* Scalars parse too, so that the reason can say what is wrong. */
	if ((v = jparse(line, len, JSON_DECODE_ANY, &err)) == NULL)
		reject_json(lr->name, lr->lineno, line, len, &err, 0);
	else if (!json_is_object(v) && !json_is_array(v))
		diag_reject(lr->name, lr->lineno, line, len,
		    "expected a JSON object or array");
	else
		deliver(v, lr->lineno, line, len, fn, arg);
	json_decref(v);
	jarena_end();
}

/* Report what lr_next said when it was not a line; 0 to go on. */
static int
line_trouble(struct lreader *lr, int r)
{
	if (r == LR_TOOLONG) {
		diag_reject(lr->name, lr->lineno, NULL, 0,
		    "line of %zu bytes is longer than --max-line (%zu)",
		    lr->toolong_len, lr->max_line);
		return 0;
	}
	diag_at(lr->name, lr->lineno + 1, "read error: %s",
	    strerror(lr->err));
	diag_status(EX_IOERR);
	return -1;
}

static void
read_lines(struct lreader *lr, payload_fn fn, void *arg)
{
	size_t len;
	char *line;
	int r;

	while ((r = lr_next(lr, &line, &len)) != LR_EOF) {
		if (r != LR_LINE) {
			if (line_trouble(lr, r) == -1)
				return;
			continue;
		}
		if (!is_blank(line, len))
			parse_line(lr, line, len, fn, arg);
	}
}

/* ---- documents over many lines ---- */

static void
ds_reset(struct docscan *ds, int recover)
{
	ds->len = ds->depth = 0;
	ds->in_value = ds->in_str = ds->esc = ds->toobig = 0;
	if (recover)
		ds->recovering = 1;
}

static int
ds_store(struct docscan *ds, const char *s, size_t n)
{
	if (ds->toobig)
		return 0;
	if (ds->len + n > ds->lr->max_line) {
		diag_reject(ds->lr->name, ds->value_line, NULL, 0,
		    "JSON document longer than --max-line (%zu bytes)",
		    ds->lr->max_line);
		ds->toobig = 1;
		return 0;
	}
	if (ds->len + n + 1 > ds->cap) {
		size_t ncap = ds->cap ? ds->cap : 65536;
		char *nb;

		while (ncap < ds->len + n + 1)
			ncap *= 2;
		if ((nb = realloc(ds->buf, ncap)) == NULL)
			diag_fatal(EX_SOFTWARE, "out of memory");
		ds->buf = nb;
		ds->cap = ncap;
	}
	memcpy(ds->buf + ds->len, s, n);
	ds->len += n;
	return 0;
}

static void
ds_push(struct docscan *ds, char closer)
{
	if (ds->depth == ds->ccap) {
		ds->ccap = ds->ccap ? ds->ccap * 2 : 64;
		if ((ds->closers = realloc(ds->closers, ds->ccap)) == NULL)
			diag_fatal(EX_SOFTWARE, "out of memory");
	}
	ds->closers[ds->depth++] = closer;
}

static void
ds_complete(struct docscan *ds)
{
	json_error_t err;
	json_t *v;

	if (!ds->toobig) {
		jarena_begin();
		if ((v = json_loadb(ds->buf, ds->len, 0, &err)) == NULL)
			reject_json(ds->lr->name, ds->value_line, ds->buf,
			    ds->len, &err, 1);
		else {
			deliver(v, ds->value_line, ds->buf, ds->len, ds->fn,
			    ds->arg);
			json_decref(v);
		}
		jarena_end();
	}
	ds_reset(ds, 0);
}

static void
ds_error(struct docscan *ds, const char *what)
{
	if (!ds->toobig)
		diag_reject(ds->lr->name, ds->in_value ? ds->value_line :
		    ds->lr->lineno, ds->in_value ? ds->buf : NULL,
		    ds->in_value ? ds->len : 0, "%s (line %ld)", what,
		    ds->lr->lineno);
	ds_reset(ds, 1);
}

/* Between values: skip space and the top-level array's punctuation. */
static size_t
ds_between(struct docscan *ds, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case ' ': case '\t': case '\r':
			continue;
		case '[':
			if (!ds->in_array) {
				ds->in_array = 1;
				continue;
			}
			/* FALLTHROUGH */
		case '{':
			ds->in_value = 1;
			ds->value_line = ds->lr->lineno;
			return i;
		case ',':
			if (ds->in_array)
				continue;
			break;
		case ']':
			if (ds->in_array) {
				ds->in_array = 0;
				continue;
			}
			break;
		}
		ds_error(ds, "expected a JSON object or array");
		return n;
	}
	return n;
}

static void
ds_line(struct docscan *ds, const char *s, size_t n)
{
	size_t i = 0, from;
	char c;

	if (ds->recovering) {
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i == n || (s[i] != '{' && s[i] != '['))
			return;
		ds->recovering = 0;
	}
	while (i < n) {
		if (!ds->in_value) {
			i += ds_between(ds, s + i, n - i);
			if (!ds->in_value)
				return;
		}
		for (from = i; i < n; i++) {
			c = s[i];
			if (ds->in_str) {
				if (ds->esc)
					ds->esc = 0;
				else if (c == '\\')
					ds->esc = 1;
				else if (c == '"')
					ds->in_str = 0;
			} else if (c == '"')
				ds->in_str = 1;
			else if (c == '{')
				ds_push(ds, '}');
			else if (c == '[')
				ds_push(ds, ']');
			else if (c == '}' || c == ']') {
				if (ds->depth == 0 ||
				    ds->closers[--ds->depth] != c) {
					ds_store(ds, s + from, i + 1 - from);
					ds_error(ds, "mismatched bracket");
					return;
				}
				if (ds->depth == 0)
					break;
			}
		}
		if (i < n) {	/* the value ended at s[i] */
			ds_store(ds, s + from, i + 1 - from);
			ds_complete(ds);
			i++;
			continue;
		}
		ds_store(ds, s + from, n - from);
	}
	if (ds->in_value) {
		if (ds->in_str) {
			ds_error(ds, "string not closed at the end of the line");
			return;
		}
		ds_store(ds, "\n", 1);
	}
}

static void
read_documents(struct lreader *lr, payload_fn fn, void *arg)
{
	struct docscan ds;
	size_t len;
	char *line;
	int r;

	memset(&ds, 0, sizeof(ds));
	ds.lr = lr;
	ds.fn = fn;
	ds.arg = arg;
	while ((r = lr_next(lr, &line, &len)) != LR_EOF) {
		if (r != LR_LINE) {
			if (line_trouble(lr, r) == -1)
				break;
			ds_reset(&ds, 1);
			continue;
		}
		ds_line(&ds, line, len);
	}
	if (ds.in_value && !ds.toobig)
		diag_reject(lr->name, ds.value_line, ds.buf, ds.len,
		    "truncated JSON: the document is not closed at the end "
		    "of the input");
	free(ds.buf);
	free(ds.closers);
}

/* Does this line leave a JSON value open (outside a string)? */
static int
opens_document(const char *s, size_t n)
{
	int depth = 0, in_str = 0, esc = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (in_str) {
			if (esc)
				esc = 0;
			else if (s[i] == '\\')
				esc = 1;
			else if (s[i] == '"')
				in_str = 0;
		} else if (s[i] == '"')
			in_str = 1;
		else if (s[i] == '{' || s[i] == '[')
			depth++;
		else if (s[i] == '}' || s[i] == ']')
			depth--;
	}
	return depth > 0 && !in_str;
}

void
read_json(struct lreader *lr, payload_fn fn, void *arg)
{
	json_error_t err;
	size_t len;
	char *line;
	json_t *v;
	int r;

	/* The first line that is not blank decides the layout. */
	while ((r = lr_next(lr, &line, &len)) != LR_EOF) {
		if (r != LR_LINE) {
			if (line_trouble(lr, r) == -1)
				return;
			continue;
		}
		if (is_blank(line, len))
			continue;
		if ((v = jparse(line, len, 0, &err)) != NULL) {
			json_decref(v);
			lr_unread(lr);
			read_lines(lr, fn, arg);
			return;
		}
		lr_unread(lr);
		if (opens_document(line, len))
			read_documents(lr, fn, arg);
		else
			read_lines(lr, fn, arg);
		return;
	}
}
