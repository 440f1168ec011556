/* format.c - a report as text, markdown, CSV or JSON lines */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "report.h"

/* Columns on a terminal: UTF-8 characters, not bytes ("Córdoba"). */
static size_t
width(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

static void
pad(FILE *out, size_t n)
{
	while (n-- > 0)
		putc(' ', out);
}

static void
header(const struct report *r, FILE *out, const char *lead)
{
	fprintf(out, "%s%s\n", lead, r->title != NULL ? r->title :
	    "scs scorecard");
	fprintf(out, "%speriod: %s to %s (%s), generated %s\n", *lead ?
	    "" : "", r->since[0] ? r->since : "the beginning",
	    r->until[0] ? r->until : "now", r->tz != NULL ? r->tz : "UTC",
	    r->generated);
}

/* A note folded at words to fit an e-mail's 76 columns. */
static void
wrap(FILE *out, const char *s)
{
	size_t col = 0, n;
	const char *w;

	while (*s != '\0') {
		while (*s == ' ')
			s++;
		for (w = s; *s != '\0' && *s != ' '; s++)
			;
		if ((n = (size_t)(s - w)) == 0)
			break;
		if (col > 0 && col + 1 + n > 76) {
			putc('\n', out);
			col = 0;
		} else if (col > 0) {
			putc(' ', out);
			col++;
		}
		fwrite(w, 1, n, out);
		col += n;
	}
	putc('\n', out);
}

/* An aligned table per section, for a terminal and a cron e-mail. */
void
fmt_text(const struct report *r, FILE *out)
{
	char buf[128];
	size_t i, row, *w;
	int c;

	header(r, out, "");
	for (i = 0; i < r->ntables; i++) {
		const struct table *t = r->tables[i];

		fprintf(out, "\n%s\n", t->title);
		for (c = 0; c < (int)width(t->title); c++)
			putc('=', out);
		putc('\n', out);
		if (t->note != NULL)
			wrap(out, t->note);
		if (t->nrows == 0) {
			fprintf(out, "(no data)\n");
			continue;
		}
		w = calloc(t->ncols, sizeof(*w));
		for (c = 0; c < (int)t->ncols; c++) {
			w[c] = width(t->cols[c].label);
			for (row = 0; row < t->nrows; row++) {
				size_t n = width(cell_text(t, row, c, buf,
				    sizeof(buf)));
				if (n > w[c])
					w[c] = n;
			}
		}
		for (c = 0; c < (int)t->ncols; c++) {
			const char *l = t->cols[c].label;

			if (c > 0)
				fputs("  ", out);
			if (t->cols[c].kind == K_TEXT) {
				fputs(l, out);
				if (c + 1 < (int)t->ncols)
					pad(out, w[c] - width(l));
			} else {
				pad(out, w[c] - width(l));
				fputs(l, out);
			}
		}
		putc('\n', out);
		for (row = 0; row < t->nrows; row++) {
			for (c = 0; c < (int)t->ncols; c++) {
				const char *s = cell_text(t, row, c, buf,
				    sizeof(buf));

				if (c > 0)
					fputs("  ", out);
				if (t->cols[c].kind == K_TEXT) {
					fputs(s, out);
					if (c + 1 < (int)t->ncols)
						pad(out, w[c] - width(s));
				} else {
					pad(out, w[c] - width(s));
					fputs(s, out);
				}
			}
			putc('\n', out);
		}
		free(w);
	}
}

static void
md_escape(FILE *out, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '|' || *s == '\\')
			putc('\\', out);
		putc(*s == '\n' ? ' ' : *s, out);
	}
}

void
fmt_markdown(const struct report *r, FILE *out)
{
	char buf[128];
	size_t i, row;
	int c;

	header(r, out, "# ");
	for (i = 0; i < r->ntables; i++) {
		const struct table *t = r->tables[i];

		fprintf(out, "\n## %s\n\n", t->title);
		if (t->note != NULL)
			fprintf(out, "%s\n\n", t->note);
		if (t->nrows == 0) {
			fprintf(out, "(no data)\n");
			continue;
		}
		for (c = 0; c < (int)t->ncols; c++) {
			fputs("| ", out);
			md_escape(out, t->cols[c].label);
			putc(' ', out);
		}
		fputs("|\n", out);
		for (c = 0; c < (int)t->ncols; c++)
			fputs(t->cols[c].kind == K_TEXT ? "|---" : "|---:",
			    out);
		fputs("|\n", out);
		for (row = 0; row < t->nrows; row++) {
			for (c = 0; c < (int)t->ncols; c++) {
				fputs("| ", out);
				md_escape(out, cell_text(t, row, c, buf,
				    sizeof(buf)));
				putc(' ', out);
			}
			fputs("|\n", out);
		}
	}
}

/* A number as CSV and JSON carry it: whole when it is, else enough
 * digits to compute with. */
static void
raw_number(const struct table *t, int c, double v, char *buf, size_t bufsz)
{
	if (t->cols[c].kind == K_COUNT || (v == floor(v) && fabs(v) < 1e15))
		snprintf(buf, bufsz, "%.0f", v);
	else
		snprintf(buf, bufsz, "%.4f", v);
}

static void
csv_field(FILE *out, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, out);
		return;
	}
	putc('"', out);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			putc('"', out);
		putc(*s, out);
	}
	putc('"', out);
}

/*
 * Every table as a header row and its rows, each starting with the
 * table's id, tables apart by a blank line.  Numbers are raw (seconds,
 * percent 0-100); n/a is an empty field.
 */
void
fmt_csv(const struct report *r, FILE *out)
{
	char buf[64];
	size_t i, row;
	int c;

	for (i = 0; i < r->ntables; i++) {
		const struct table *t = r->tables[i];

		if (i > 0)
			putc('\n', out);
		fputs("table", out);
		for (c = 0; c < (int)t->ncols; c++) {
			putc(',', out);
			csv_field(out, t->cols[c].key);
		}
		fputs("\r\n", out);
		for (row = 0; row < t->nrows; row++) {
			csv_field(out, t->id);
			for (c = 0; c < (int)t->ncols; c++) {
				const struct cell *x = &t->cells[row *
				    t->ncols + (size_t)c];

				putc(',', out);
				if (x->na)
					continue;
				if (t->cols[c].kind == K_TEXT)
					csv_field(out, x->text ? x->text : "");
				else {
					raw_number(t, c, x->num, buf,
					    sizeof(buf));
					fputs(buf, out);
				}
			}
			fputs("\r\n", out);
		}
	}
}

/* One JSON object per row, with "table" first; n/a is null. */
void
fmt_json(const struct report *r, FILE *out)
{
	size_t i, row;
	int c;

	for (i = 0; i < r->ntables; i++) {
		const struct table *t = r->tables[i];

		for (row = 0; row < t->nrows; row++) {
			json_t *o = json_object();
			char *s;

			json_object_set_new(o, "table", json_string(t->id));
			for (c = 0; c < (int)t->ncols; c++) {
				const struct cell *x = &t->cells[row *
				    t->ncols + (size_t)c];
				json_t *v;

				if (x->na)
					v = json_null();
				else if (t->cols[c].kind == K_TEXT)
					v = json_string(x->text ? x->text :
					    "");
				else if (t->cols[c].kind == K_COUNT ||
				    (x->num == floor(x->num) &&
				    fabs(x->num) < 1e15))
					v = json_integer((json_int_t)x->num);
				else
					v = json_real(round(x->num * 1e4) /
					    1e4);
				json_object_set_new(o, t->cols[c].key, v);
			}
			s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER |
			    JSON_REAL_PRECISION(12));
			fprintf(out, "%s\n", s);
			free(s);
			json_decref(o);
		}
	}
}
