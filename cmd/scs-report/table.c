/* table.c - the tables a report is made of, and how a cell reads */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "report.h"
#include "xalloc.h"

struct table *
table_new(struct report *r, const char *id, const char *title)
{
	struct table *t;

	if ((t = calloc(1, sizeof(*t))) == NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");
	t->id = xstrdup(id);
	t->title = xstrdup(title);
	t->chart.x = t->chart.series = -1;
	r->tables = xrealloc(r->tables, (r->ntables + 1) * sizeof(*r->tables));
	r->tables[r->ntables++] = t;
	return t;
}

int
table_col(struct table *t, const char *key, const char *label,
    enum colkind kind)
{
	/* Columns come before rows. */
	if (t->nrows > 0)
		diag_fatal(EX_SOFTWARE, "%s: column %s after rows", t->id, key);
	t->cols = xrealloc(t->cols, (t->ncols + 1) * sizeof(*t->cols));
	t->cols[t->ncols].key = xstrdup(key);
	t->cols[t->ncols].label = xstrdup(label);
	t->cols[t->ncols].kind = kind;
	return (int)t->ncols++;
}

size_t
table_row(struct table *t)
{
	size_t i;

	if (t->nrows == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->cells = xrealloc(t->cells, t->cap * t->ncols *
		    sizeof(*t->cells));
	}
	for (i = 0; i < t->ncols; i++) {
		t->cells[t->nrows * t->ncols + i].na = 1;
		t->cells[t->nrows * t->ncols + i].num = 0;
		t->cells[t->nrows * t->ncols + i].text = NULL;
	}
	return t->nrows++;
}

struct cell *
table_cell(struct table *t, size_t row, int col)
{
	return &t->cells[row * t->ncols + (size_t)col];
}

void
table_set_text(struct table *t, size_t row, int col, const char *s)
{
	struct cell *c = table_cell(t, row, col);

	free(c->text);
	c->text = s != NULL ? xstrdup(s) : NULL;
	c->na = s == NULL;
}

void
table_set_num(struct table *t, size_t row, int col, double v)
{
	struct cell *c = table_cell(t, row, col);

	c->num = v;
	/* A division by zero or an empty series is n/a, never a number. */
	c->na = isnan(v) || isinf(v);
}

void
table_note(struct table *t, const char *fmt, ...)
{
	va_list ap;

	free(t->note);
	va_start(ap, fmt);
	if (vasprintf(&t->note, fmt, ap) == -1)
		diag_fatal(EX_SOFTWARE, "out of memory");
	va_end(ap);
}

struct table *
report_table(const struct report *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->ntables; i++)
		if (strcmp(r->tables[i]->id, id) == 0)
			return r->tables[i];
	return NULL;
}

static void
table_free(struct table *t)
{
	size_t i;

	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i].text);
	for (i = 0; i < t->ncols; i++) {
		free(t->cols[i].key);
		free(t->cols[i].label);
	}
	free(t->cells);
	free(t->cols);
	free(t->id);
	free(t->title);
	free(t->note);
	free(t->chart.title);
	free(t);
}

void
report_free(struct report *r)
{
	size_t i;

	for (i = 0; i < r->ntables; i++)
		table_free(r->tables[i]);
	free(r->tables);
	free(r->title);
	free(r->tz);
	memset(r, 0, sizeof(*r));
}

/* 3725 -> "1h02m", 95 -> "1m35s", 12.4 -> "12s", 200000 -> "2d07h". */
static void
duration(double secs, char *buf, size_t bufsz)
{
	long s = lround(secs);
	const char *sign = "";

	if (s < 0) {
		sign = "-";
		s = -s;
	}
	if (s < 60)
		snprintf(buf, bufsz, "%s%lds", sign, s);
	else if (s < 3600)
		snprintf(buf, bufsz, "%s%ldm%02lds", sign, s / 60, s % 60);
	else if (s < 86400)
		snprintf(buf, bufsz, "%s%ldh%02ldm", sign, s / 3600,
		    s / 60 % 60);
	else
		snprintf(buf, bufsz, "%s%ldd%02ldh", sign, s / 86400,
		    s / 3600 % 24);
}

const char *
value_text(enum colkind kind, double v, char *buf, size_t bufsz)
{
	switch (kind) {
	case K_TEXT:
		snprintf(buf, bufsz, "%s", "");
		break;
	case K_COUNT:
		snprintf(buf, bufsz, "%.0f", v);
		break;
	case K_NUM:
		snprintf(buf, bufsz, "%.2f", v);
		break;
	case K_PCT:
		snprintf(buf, bufsz, "%.1f%%", v);
		break;
	case K_SIGNED:
		snprintf(buf, bufsz, "%+.1f%%", v);
		break;
	case K_SECS:
		duration(v, buf, bufsz);
		break;
	}
	return buf;
}

const char *
cell_text(const struct table *t, size_t row, int col, char *buf,
    size_t bufsz)
{
	const struct cell *c = &t->cells[row * t->ncols + (size_t)col];

	if (c->na)
		return c->text != NULL ? c->text : "n/a";
	if (t->cols[col].kind == K_TEXT)
		return c->text != NULL ? c->text : "";
	return value_text(t->cols[col].kind, c->num, buf, bufsz);
}
