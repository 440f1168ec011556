/*
 * svg.c - a report table's chart as inline SVG: one line per series
 * over the x values (periods), or grouped horizontal bars per row.
 * Shapes carry classes the page's CSS styles; coordinates are whole
 * units of the viewBox, printed as integers, so no locale can change
 * them and the page scales the drawing to its width.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "report.h"
#include "svg.h"
#include "xalloc.h"

/* Okabe and Ito's palette: apart for every common color blindness. */
static const char *const palette[] = {
	"#0072b2", "#e69f00", "#009e73", "#d55e00", "#cc79a7", "#56b4e9",
	"#000000", "#b8a900"
};
#define NPALETTE	(sizeof(palette) / sizeof(palette[0]))

#define W	760	/* viewBox width; heights follow the content */
#define CHARW	7.2	/* a character's width, about, at 12px */
#define PLOTH	220	/* height of a line chart's plot */
#define MAXROWS	60	/* bars drawn at most; the table has them all */
#define MAXLBL	28	/* characters of a label in a chart */

#define P(v)	lround(v)

struct labels {
	char	**v;
	size_t	  n;
};

struct scale {
	enum colkind	 kind;
	double		 lo, hi, step;	/* the domain and its tick step */
	double		 p0, p1;	/* where lo and hi are drawn */
};

void
html_escape(FILE *out, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		case '\'':
			fputs("&#39;", out);
			break;
		default:
			/* Control characters are not allowed in HTML. */
			if (((unsigned char)*s < 0x20 && *s != '\n' &&
			    *s != '\t') || *s == 0x7f)
				putc(' ', out);
			else
				putc(*s, out);
		}
	}
}

/* Characters, not bytes, of UTF-8 text. */
static size_t
nchars(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* s cut to max characters, the last an ellipsis, when longer. */
static const char *
fit(const char *s, size_t max, char *buf, size_t bufsz)
{
	size_t i, n = 0;

	if (max < 2 || nchars(s) <= max)
		return s;
	for (i = 0; s[i] != '\0'; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80 && n++ == max - 1)
			break;
	if (i + 4 > bufsz) {
		i = bufsz - 4;
		while (i > 0 && ((unsigned char)s[i] & 0xc0) == 0x80)
			i--;
	}
	memcpy(buf, s, i);
	memcpy(buf + i, "\xe2\x80\xa6", 4);
	return buf;
}

static size_t
labels_find(const struct labels *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return i;
	return (size_t)-1;
}

static size_t
labels_add(struct labels *l, const char *s)
{
	size_t i;

	if ((i = labels_find(l, s)) != (size_t)-1)
		return i;
	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	if ((l->v[l->n] = strdup(s)) == NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");
	return l->n++;
}

static void
labels_free(struct labels *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "2026-11-23", "2026-W48", "2026-11-23T14": sorts as time does. */
static int
is_period(const char *s)
{
	int i;

	for (i = 0; i < 4; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return strspn(s, "0123456789-WT:") == strlen(s);
}

static const struct cell *
cellp(const struct table *t, size_t row, int col)
{
	return &t->cells[row * t->ncols + (size_t)col];
}

/* v with d (0-6) decimals by integer arithmetic: no locale's point. */
static void
fixed(double v, int d, char *buf, size_t bufsz)
{
	long long f = 1, n;
	const char *sign;
	int i;

	for (i = 0; i < d; i++)
		f *= 10;
	n = llround(v * (double)f);
	sign = n < 0 ? "-" : "";

	if (n < 0)
		n = -n;
	if (d == 0)
		snprintf(buf, bufsz, "%s%lld", sign, n);
	else
		snprintf(buf, bufsz, "%s%lld.%0*lld", sign, n / f, d, n % f);
}

/* Decimals that show every multiple of step (up to 6). */
static int
decimals(double step)
{
	double f = 1;
	int d;

	for (d = 0; d < 6; d++, f *= 10)
		if (fabs(step * f - round(step * f)) < 1e-6 * f)
			break;
	return d;
}

/* 5400 -> "1h30m", 900 -> "15m", 86400 -> "1d". */
static void
duration(double v, char *buf, size_t bufsz)
{
	long s = lround(fabs(v));
	const char *sign = v < 0 ? "-" : "";

	if (s == 0)
		snprintf(buf, bufsz, "0");
	else if (s < 60)
		snprintf(buf, bufsz, "%s%lds", sign, s);
	else if (s < 3600)
		snprintf(buf, bufsz, s % 60 ? "%s%ldm%02lds" : "%s%ldm",
		    sign, s / 60, s % 60);
	else if (s < 86400)
		snprintf(buf, bufsz, s % 3600 ? "%s%ldh%02ldm" : "%s%ldh",
		    sign, s / 3600, s / 60 % 60);
	else
		snprintf(buf, bufsz, s % 86400 ? "%s%ldd%02ldh" : "%s%ldd",
		    sign, s / 86400, s / 3600 % 24);
}

/*
 * A domain from 0 (or the lowest value below it) to the highest value
 * or past it, cut in about 5 round steps: a duration's steps are
 * minutes and hours, a percentage's domain is 0-100.
 */
static void
scale_fit(struct scale *s, enum colkind kind, double min, double max)
{
	static const double secs[] = { 1, 2, 5, 10, 15, 30, 60, 120, 300,
	    600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400 };
	static const double mult[] = { 1, 2, 2.5, 5, 10 };
	double raw, unit = 1, mag;
	size_t i;

	s->kind = kind;
	s->lo = min < 0 ? min : 0;
	s->hi = max > 0 ? max : 0;
	if (kind == K_PCT && s->lo >= 0 && s->hi <= 100) {
		s->hi = 100;
		s->step = 20;
		return;
	}
	if (s->hi - s->lo < 1e-9)
		s->hi = s->lo + (kind == K_SECS ? 60 : 1);
	raw = (s->hi - s->lo) / 5;
	if (kind == K_SECS && raw <= 86400) {
		for (i = 0; secs[i] < raw; i++)
			continue;
		s->step = secs[i];
	} else {
		if (kind == K_SECS)
			unit = 86400;
		raw /= unit;
		mag = pow(10, floor(log10(raw)));
		for (i = 0; i < 4; i++) {
			if (mult[i] == 2.5 && kind == K_COUNT && mag < 10)
				continue;
			if (mult[i] * mag >= raw - 1e-12)
				break;
		}
		s->step = mult[i] * mag * unit;
		if (kind == K_COUNT && s->step < 1)
			s->step = 1;
	}
	s->lo = floor(s->lo / s->step + 1e-9) * s->step;
	s->hi = ceil(s->hi / s->step - 1e-9) * s->step;
}

static double
px(const struct scale *s, double v)
{
	return s->p0 + (v - s->lo) / (s->hi - s->lo) * (s->p1 - s->p0);
}

static int
nticks(const struct scale *s)
{
	return (int)lround((s->hi - s->lo) / s->step) + 1;
}

static double
tick(const struct scale *s, int i)
{
	return s->lo + i * s->step;
}

static void
tick_label(const struct scale *s, double v, char *buf, size_t bufsz)
{
	double big = fabs(s->lo) > s->hi ? fabs(s->lo) : s->hi;
	char n[32];

	switch (s->kind) {
	case K_SECS:
		duration(v, buf, bufsz);
		return;
	case K_PCT:
		fixed(v, decimals(s->step), n, sizeof(n));
		snprintf(buf, bufsz, "%s%%", n);
		return;
	case K_SIGNED:
		fixed(v, decimals(s->step), n, sizeof(n));
		snprintf(buf, bufsz, "%s%s%%", v > 0 ? "+" : "", n);
		return;
	default:
		break;
	}
	if (v == 0)
		snprintf(buf, bufsz, "0");
	else if (big >= 1e7) {
		fixed(v / 1e6, decimals(s->step / 1e6), n, sizeof(n));
		snprintf(buf, bufsz, "%sM", n);
	} else if (big >= 1e4) {
		fixed(v / 1e3, decimals(s->step / 1e3), n, sizeof(n));
		snprintf(buf, bufsz, "%sk", n);
	} else
		fixed(v, decimals(s->step), buf, bufsz);
}

/* Widest tick label, in viewBox units. */
static double
ticks_width(const struct scale *s)
{
	char buf[32];
	double w = 0;
	int i;

	for (i = 0; i < nticks(s); i++) {
		tick_label(s, tick(s, i), buf, sizeof(buf));
		if (nchars(buf) * CHARW > w)
			w = nchars(buf) * CHARW;
	}
	return w;
}

static const char *
color(size_t i)
{
	return palette[i % NPALETTE];
}

/* Past the palette, lines tell themselves apart by dashes. */
static const char *
dashes(size_t i)
{
	if (i < NPALETTE)
		return "";
	return i < 2 * NPALETTE ? " stroke-dasharray=\"7 4\"" :
	    " stroke-dasharray=\"2 3\"";
}

/* A text element at x, y: class cls (or none), anchored start, middle
 * or end; full, when given, is its tooltip. */
static void
text(FILE *out, double x, double y, const char *anchor, const char *cls,
    const char *s, const char *full)
{
	fprintf(out, "<text x=\"%ld\" y=\"%ld\"", P(x), P(y));
	if (anchor != NULL)
		fprintf(out, " text-anchor=\"%s\"", anchor);
	if (cls != NULL)
		fprintf(out, " class=\"%s\"", cls);
	putc('>', out);
	if (full != NULL && strcmp(full, s) != 0) {
		fputs("<title>", out);
		html_escape(out, full);
		fputs("</title>", out);
	}
	html_escape(out, s);
	fputs("</text>\n", out);
}

/*
 * The legend: a swatch (a line for lines, a box for bars) and a label
 * per item, in rows from y that wrap at the width.  Draws when out is
 * not NULL; returns the height used.
 */
static int
legend(FILE *out, char *const *labels, size_t n, int asline, double y)
{
	char buf[128];
	double x = 8, w;
	size_t i;
	int rows = 1;

	for (i = 0; i < n; i++) {
		const char *l = fit(labels[i], MAXLBL, buf, sizeof(buf));

		w = 26 + nchars(l) * CHARW + 18;
		if (x + w > W - 8 && x > 8) {
			x = 8;
			rows++;
		}
		if (out != NULL) {
			double ly = y + (rows - 1) * 20;

			if (asline)
				fprintf(out, "<line x1=\"%ld\" y1=\"%ld\" "
				    "x2=\"%ld\" y2=\"%ld\" stroke=\"%s\" "
				    "stroke-width=\"3\"%s/>\n", P(x), P(ly + 6),
				    P(x + 20), P(ly + 6), color(i), dashes(i));
			else
				fprintf(out, "<rect x=\"%ld\" y=\"%ld\" "
				    "width=\"14\" height=\"12\" fill=\"%s\"/>\n",
				    P(x + 3), P(ly), color(i));
			text(out, x + 26, ly + 11, NULL, "key", l, labels[i]);
		}
		x += w;
	}
	return rows * 20;
}

/* Whether the chart draws its k-th y column. */
static int
drawn(const struct table *t, int k)
{
	const struct chart *ch = &t->chart;

	if (ch->type == CH_BARS)
		return 1;
	if (ch->series >= 0)
		return k == 0;
	return t->cols[ch->y[k]].kind == t->cols[ch->y[0]].kind;
}

int
svg_chartable(const struct table *t)
{
	const struct chart *ch = &t->chart;
	size_t row;
	int k, nc = (int)t->ncols;

	if (ch->type == CH_NONE || t->nrows == 0)
		return 0;
	if (ch->x < 0 || ch->x >= nc || ch->series < -1 ||
	    ch->series >= nc || ch->ny < 1 || ch->ny > 4)
		return 0;
	for (k = 0; k < ch->ny; k++)
		if (ch->y[k] < 0 || ch->y[k] >= nc ||
		    t->cols[ch->y[k]].kind == K_TEXT)
			return 0;
	for (row = 0; row < t->nrows; row++)
		for (k = 0; k < ch->ny; k++)
			if (drawn(t, k) && !cellp(t, row, ch->y[k])->na)
				return 1;
	return 0;
}

static const char *
chart_title(const struct table *t)
{
	return t->chart.title != NULL ? t->chart.title : t->title;
}

static void
svg_open(const struct table *t, FILE *out, double h)
{
	fprintf(out, "<svg viewBox=\"0 0 %d %ld\" role=\"img\" "
	    "aria-label=\"", W, P(h));
	html_escape(out, chart_title(t));
	fputs("\"><title>", out);
	html_escape(out, chart_title(t));
	fputs("</title>\n", out);
}

/*
 * Lines: x is the x column's distinct values (periods sort as time,
 * other labels keep the table's order); a line per distinct value of
 * the series column, drawing the first y column, or without one a line
 * per y column of the first one's kind.  An n/a value breaks the line,
 * and so does a missing row, unless the values are counts: no row then
 * counts nothing, 0.  A lone point shows as a dot.
 */
#define AT_NONE	(-1)	/* what the line has at an x: no row */
#define AT_NA	(-2)	/* a row, its value n/a */
#define AT_ZERO	(-3)	/* no row, which counts 0 */
#define HAS(a)	((a) >= 0 || (a) == AT_ZERO)

static double
value(const struct table *t, long a, int col)
{
	return a >= 0 ? cellp(t, (size_t)a, col)->num : 0;
}

static void
lines(const struct table *t, FILE *out)
{
	const struct chart *ch = &t->chart;
	struct labels xs = { NULL, 0 }, ss = { NULL, 0 };
	struct scale sc;
	char buf[128], lbl[128], cut[128];
	double min = INFINITY, max = -INFINITY, l, r, top, bot, x, y, lh, xw,
	    slots;
	const char *s;
	long *at;
	int ycol[4], every, i, sorted = 1;
	size_t row, si, xi, nx, ns;

	for (row = 0; row < t->nrows; row++) {
		labels_add(&xs, cell_text(t, row, ch->x, buf, sizeof(buf)));
		sorted = sorted && is_period(xs.v[xs.n - 1]);
	}
	if (sorted)
		qsort(xs.v, xs.n, sizeof(*xs.v), cmp_str);
	if (ch->series >= 0)
		for (row = 0; row < t->nrows; row++)
			labels_add(&ss, cell_text(t, row, ch->series, buf,
			    sizeof(buf)));
	else
		for (i = 0; i < ch->ny; i++)
			if (drawn(t, i))
				ycol[labels_add(&ss, t->cols[ch->y[i]].label)] =
				    ch->y[i];
	nx = xs.n;
	ns = ss.n;

	/* The row drawn at each series and x, or AT_*. */
	at = xreallocarray(NULL, nx * ns, sizeof(*at));
	for (i = 0; i < (int)(nx * ns); i++)
		at[i] = AT_NONE;
	for (row = 0; row < t->nrows; row++) {
		xi = labels_find(&xs, cell_text(t, row, ch->x, buf,
		    sizeof(buf)));
		for (si = 0; si < ns; si++) {
			int col = ch->series >= 0 ? ch->y[0] : ycol[si];
			const struct cell *c = cellp(t, row, col);

			if (ch->series >= 0 && si != labels_find(&ss,
			    cell_text(t, row, ch->series, buf, sizeof(buf))))
				continue;
			if (at[si * nx + xi] != AT_NONE)
				continue;
			if (c->na) {
				at[si * nx + xi] = AT_NA;
				continue;
			}
			at[si * nx + xi] = (long)row;
			if (c->num < min)
				min = c->num;
			if (c->num > max)
				max = c->num;
		}
	}
	if (t->cols[ch->y[0]].kind == K_COUNT)
		for (i = 0; i < (int)(nx * ns); i++)
			if (at[i] == AT_NONE)
				at[i] = AT_ZERO;
	scale_fit(&sc, t->cols[ch->y[0]].kind, min, max);

	/* The widest x label, half of it past the first and last x. */
	for (xi = 0, xw = 0; xi < nx; xi++) {
		s = fit(xs.v[xi], MAXLBL, cut, sizeof(cut));
		if (nchars(s) * CHARW > xw)
			xw = nchars(s) * CHARW;
	}
	lh = legend(NULL, ss.v, ns, 1, 8);
	top = 8 + lh + 22;
	bot = top + PLOTH;
	l = ticks_width(&sc) + 16;
	if (l < xw / 2 - 6)
		l = xw / 2 - 6;
	r = W - (xw / 2 > 12 ? xw / 2 : 12) + 6;
	sc.p0 = bot;
	sc.p1 = top;

	svg_open(t, out, bot + 40);
	legend(out, ss.v, ns, 1, 8);
	if (ch->series >= 0)
		text(out, l, top - 10, NULL, "cap", t->cols[ch->y[0]].label,
		    NULL);
	for (i = 0; i < nticks(&sc); i++) {
		y = px(&sc, tick(&sc, i));
		fprintf(out, "<line class=\"%s\" x1=\"%ld\" y1=\"%ld\" "
		    "x2=\"%ld\" y2=\"%ld\"/>\n", tick(&sc, i) == 0 ||
		    i == 0 ? "axis" : "grid", P(l), P(y), P(r), P(y));
		tick_label(&sc, tick(&sc, i), buf, sizeof(buf));
		text(out, l - 6, y + 4, "end", NULL, buf, NULL);
	}

	/* x labels, as many as fit side by side. */
	slots = floor((r - l) / (xw + 14) + 1e-9);
	every = slots < 1 ? (int)nx : (int)ceil(nx / slots);
	if (every < 1)
		every = 1;
#define XPOS(xi) (nx == 1 ? (l + r) / 2 : \
	l + 10 + (double)(xi) * (r - l - 20) / (double)(nx - 1))
	for (xi = 0; xi < nx; xi += (size_t)every) {
		x = XPOS(xi);
		fprintf(out, "<line class=\"axis\" x1=\"%ld\" y1=\"%ld\" "
		    "x2=\"%ld\" y2=\"%ld\"/>\n", P(x), P(bot), P(x),
		    P(bot + 4));
		text(out, x, bot + 18, "middle", NULL, fit(xs.v[xi], MAXLBL,
		    cut, sizeof(cut)), xs.v[xi]);
	}

	for (si = 0; si < ns; si++) {
		long *a = at + si * nx;
		int col = ch->series >= 0 ? ch->y[0] : ycol[si], pen = 0,
		    any = 0, moves = 0;

		for (xi = 0; xi < nx; xi++)
			any = any || a[xi] >= 0;
		if (!any)
			continue;
		fprintf(out, "<g><path class=\"line\" stroke=\"%s\"%s d=\"",
		    color(si), dashes(si));
		for (xi = 0; xi < nx; xi++) {
			if (!HAS(a[xi])) {
				pen = 0;
				continue;
			}
			fprintf(out, "%s%ld %ld", pen ? " L" : moves++ ?
			    " M" : "M", P(XPOS(xi)),
			    P(px(&sc, value(t, a[xi], col))));
			pen = 1;
		}
		fputs("\"/>\n", out);
		/* Dots where they can be seen apart, and on lone points. */
		for (xi = 0; xi < nx; xi++) {
			int lone;

			if (!HAS(a[xi]))
				continue;
			lone = (xi == 0 || !HAS(a[xi - 1])) &&
			    (xi + 1 == nx || !HAS(a[xi + 1]));
			if (nx > 60 && !lone)
				continue;
			fprintf(out, "<circle cx=\"%ld\" cy=\"%ld\" r=\"%d\" "
			    "fill=\"%s\"><title>", P(XPOS(xi)),
			    P(px(&sc, value(t, a[xi], col))),
			    lone ? 4 : 3, color(si));
			snprintf(lbl, sizeof(lbl), "%s, %s: %s", ss.v[si],
			    xs.v[xi], a[xi] >= 0 ? cell_text(t, (size_t)a[xi],
			    col, buf, sizeof(buf)) : "0");
			html_escape(out, lbl);
			fputs("</title></circle>\n", out);
		}
		fputs("</g>\n", out);
	}
#undef XPOS
#undef HAS
	fputs("</svg>\n", out);
	free(at);
	labels_free(&xs);
	labels_free(&ss);
}

/* Bars: the y columns of one kind share a panel and its axis. */
struct panel {
	int		 k[4];		/* indices into chart.y */
	int		 n;
	struct scale	 sc;
	double		 x0, x1;
};

/*
 * Bars: a band per row (the x column's label), in it a horizontal bar
 * per y column.  Consecutive y columns of one kind (percentages,
 * durations, counts) are grouped on one axis; a column of another kind
 * gets a panel of its own beside it, with its own axis, so that CSAT
 * (1-5) and NPS (-100 to 100) are not drawn to one scale.
 */
static void
bars(const struct table *t, FILE *out)
{
	const struct chart *ch = &t->chart;
	struct panel pn[4];
	char buf[128], cut[128], lbl[256], *keys[4];
	double labelw = 0, pw, lh, top, bt, bh, band, h, x, y, z;
	size_t row, nrows = t->nrows < MAXROWS ? t->nrows : MAXROWS;
	int np = 0, p, j, k, kmax = 1, i;

	for (k = 0; k < ch->ny; k++) {
		enum colkind kind = t->cols[ch->y[k]].kind;

		if (np > 0 && kind != K_NUM && kind ==
		    t->cols[ch->y[pn[np - 1].k[0]]].kind) {
			pn[np - 1].k[pn[np - 1].n++] = k;
			if (pn[np - 1].n > kmax)
				kmax = pn[np - 1].n;
		} else {
			pn[np].k[0] = k;
			pn[np++].n = 1;
		}
		keys[k] = t->cols[ch->y[k]].label;
	}
	for (p = 0; p < np; p++) {
		double min = INFINITY, max = -INFINITY;

		for (j = 0; j < pn[p].n; j++)
			for (row = 0; row < nrows; row++) {
				const struct cell *c = cellp(t, row,
				    ch->y[pn[p].k[j]]);

				if (c->na)
					continue;
				if (c->num < min)
					min = c->num;
				if (c->num > max)
					max = c->num;
			}
		scale_fit(&pn[p].sc, t->cols[ch->y[pn[p].k[0]]].kind, min,
		    max);
	}
	for (row = 0; row < nrows; row++) {
		const char *s = fit(cell_text(t, row, ch->x, buf,
		    sizeof(buf)), MAXLBL, cut, sizeof(cut));

		if (nchars(s) * CHARW + 16 > labelw)
			labelw = nchars(s) * CHARW + 16;
	}
	if (labelw < 48)
		labelw = 48;
	pw = (W - 8 - labelw - (np - 1) * 28) / np;
	for (p = 0; p < np; p++) {
		struct scale *s = &pn[p].sc;

		pn[p].x0 = labelw + p * (pw + 28);
		pn[p].x1 = pn[p].x0 + pw;
		/* Room for the value at a bar's end. */
		s->p0 = pn[p].x0 + (s->lo < 0 ? 44 : 0);
		s->p1 = pn[p].x1 - 48;
	}

	lh = ch->ny > 1 && kmax > 1 ? legend(NULL, keys, (size_t)ch->ny, 0,
	    8) : 0;
	top = 8 + lh + 18;		/* the panels' titles */
	bt = top + 10;			/* the first band */
	bh = kmax > 1 ? 14 : 18;
	band = kmax * bh + 10;
	h = bt + nrows * band + 30 + (nrows < t->nrows ? 18 : 0);

	svg_open(t, out, h);
	if (lh > 0)
		legend(out, keys, (size_t)ch->ny, 0, 8);
	for (row = 0; row < nrows; row += 2)
		fprintf(out, "<rect class=\"band\" x=\"0\" y=\"%ld\" "
		    "width=\"%d\" height=\"%ld\"/>\n", P(bt + row * band), W,
		    P(band));
	for (row = 0; row < nrows; row++) {
		const char *s = cell_text(t, row, ch->x, buf, sizeof(buf));

		text(out, labelw - 8, bt + row * band + band / 2 + 4, "end",
		    NULL, fit(s, MAXLBL, cut, sizeof(cut)), s);
	}
	for (p = 0; p < np; p++) {
		struct scale *s = &pn[p].sc;
		size_t n = 0;

		/* The title: the column, or the columns of the group. */
		lbl[0] = '\0';
		for (j = 0; j < pn[p].n; j++) {
			n = strlen(lbl);
			snprintf(lbl + n, sizeof(lbl) - n, "%s%s", j ? ", " :
			    "", keys[pn[p].k[j]]);
		}
		text(out, pn[p].x0, top, NULL, "cap", fit(lbl,
		    (size_t)(pw / CHARW), cut, sizeof(cut)), lbl);
		for (i = 0; i < nticks(s); i++) {
			x = px(s, tick(s, i));
			fprintf(out, "<line class=\"%s\" x1=\"%ld\" y1=\"%ld\" "
			    "x2=\"%ld\" y2=\"%ld\"/>\n", tick(s, i) == 0 ?
			    "axis" : "grid", P(x), P(bt - 4), P(x),
			    P(bt + nrows * band));
			tick_label(s, tick(s, i), buf, sizeof(buf));
			text(out, x, bt + nrows * band + 16, "middle", NULL,
			    buf, NULL);
		}
		z = px(s, 0);
		for (row = 0; row < nrows; row++)
			for (j = 0; j < pn[p].n; j++) {
				int col = ch->y[pn[p].k[j]];
				const struct cell *c = cellp(t, row, col);
				double v = c->num, w;

				y = bt + row * band + 5 + j * bh;
				if (c->na) {
					text(out, z + 4, y + bh - 6, NULL, "na",
					    "n/a", NULL);
					continue;
				}
				w = fabs(px(s, v) - z);
				if (w < 1 && v != 0)
					w = 1;
				fprintf(out, "<rect x=\"%ld\" y=\"%ld\" "
				    "width=\"%ld\" height=\"%ld\" fill=\"%s\">"
				    "<title>", P(v < 0 ? z - w : z), P(y),
				    P(w), P(bh - 3), color((size_t)pn[p].k[j]));
				snprintf(lbl, sizeof(lbl), "%s, %s: %s",
				    cell_text(t, row, ch->x, cut, sizeof(cut)),
				    keys[pn[p].k[j]], cell_text(t, row, col,
				    buf, sizeof(buf)));
				html_escape(out, lbl);
				fputs("</title></rect>\n", out);
				text(out, v < 0 ? z - w - 4 : z + w + 4,
				    y + bh - 6, v < 0 ? "end" : NULL, "val",
				    cell_text(t, row, col, buf, sizeof(buf)),
				    NULL);
			}
	}
	if (nrows < t->nrows) {
		snprintf(lbl, sizeof(lbl), "the first %zu rows of %zu; the "
		    "table below has them all", nrows, t->nrows);
		text(out, labelw, h - 8, NULL, "na", lbl, NULL);
	}
	fputs("</svg>\n", out);
}

void
svg_chart(const struct table *t, FILE *out)
{
	if (t->chart.type == CH_LINES)
		lines(t, out);
	else
		bars(t, out);
}
