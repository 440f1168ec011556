/*
 * fmt_html.c - the report as one self-contained HTML page: a contents
 * list, then every table with its note and, when the table asks for
 * one, an inline SVG chart (svg.c).  Nothing is fetched: the style is
 * inline, there are no scripts, fonts, images or links out, so the
 * file can be mailed, archived and opened in any browser, and printed.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "report.h"
#include "svg.h"

static const char style[] =
":root{color-scheme:light}\n"
"body{margin:0 auto;max-width:1080px;padding:1.5rem 1.5rem 3rem;"
"font:15px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,"
"\"Helvetica Neue\",Arial,\"DejaVu Sans\",sans-serif;"
"color:#1f2328;background:#fff}\n"
"h1{font-size:1.6rem;margin:0 0 .2rem}\n"
"h2{font-size:1.2rem;margin:2.2rem 0 .3rem;padding-top:.6rem;"
"border-top:1px solid #d0d7de}\n"
"a{color:#0550ae}\n"
".period{color:#57606a;margin:0 0 1rem}\n"
"nav{background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;"
"padding:.6rem 1rem}\n"
"nav h2{font-size:1rem;margin:0;padding:0;border:0}\n"
"nav ol{margin:.3rem 0 0;padding-left:1.4rem;columns:2 16rem}\n"
".note{color:#57606a;margin:.2rem 0 .6rem}\n"
".nodata{color:#8c959f;font-style:italic}\n"
".scroll{overflow-x:auto}\n"
"table{border-collapse:collapse;margin:.4rem 0;"
"font-variant-numeric:tabular-nums}\n"
"th,td{padding:.25rem .7rem;border-bottom:1px solid #e4e8ec;"
"text-align:left;vertical-align:top}\n"
"thead th{border-bottom:2px solid #8c959f;font-weight:600;"
"white-space:nowrap}\n"
"tbody tr:nth-child(even){background:#f6f8fa}\n"
"td.num,th.num{text-align:right;white-space:nowrap}\n"
"td.na{color:#8c959f;font-style:italic}\n"
"figure{margin:.6rem 0 1rem;max-width:820px}\n"
"figcaption{font-weight:600;color:#424a53;margin-bottom:.2rem}\n"
"figure svg{display:block;width:100%;height:auto}\n"
"svg text{font-family:inherit;font-size:12px;fill:#424a53}\n"
"svg text.cap{font-weight:600}\n"
"svg text.val{font-size:11px;fill:#1f2328}\n"
"svg text.na{font-size:11px;font-style:italic;fill:#8c959f}\n"
"svg .grid{stroke:#e4e8ec;stroke-width:1}\n"
"svg .axis{stroke:#8c959f;stroke-width:1}\n"
"svg .band{fill:#f6f8fa}\n"
"svg .line{fill:none;stroke-width:2.5;stroke-linejoin:round;"
"stroke-linecap:round}\n"
"footer{margin-top:3rem;color:#8c959f;font-size:.85rem}\n"
"@media print{\n"
"body{max-width:none;padding:0;font-size:10pt}\n"
"nav{display:none}\n"
"a{color:inherit;text-decoration:none}\n"
"h2{break-after:avoid}\n"
"figure,tr{break-inside:avoid}\n"
"tbody tr:nth-child(even),svg .band{background:none;fill:none}\n"
".scroll{overflow:visible}\n"
"}\n";

static void
period(const struct report *r, FILE *out)
{
	fputs("from ", out);
	html_escape(out, r->since[0] ? r->since : "the beginning");
	fputs(" to ", out);
	html_escape(out, r->until[0] ? r->until : "now");
}

static void
table(const struct table *t, FILE *out)
{
	char buf[128];
	size_t row;
	int c;

	fputs("<div class=\"scroll\"><table>\n<thead><tr>", out);
	for (c = 0; c < (int)t->ncols; c++) {
		fprintf(out, "<th scope=\"col\"%s>", t->cols[c].kind ==
		    K_TEXT ? "" : " class=\"num\"");
		html_escape(out, t->cols[c].label);
		fputs("</th>", out);
	}
	fputs("</tr></thead>\n<tbody>\n", out);
	for (row = 0; row < t->nrows; row++) {
		fputs("<tr>", out);
		for (c = 0; c < (int)t->ncols; c++) {
			const struct cell *x = &t->cells[row * t->ncols +
			    (size_t)c];

			if (x->na)
				fputs(t->cols[c].kind == K_TEXT ?
				    "<td class=\"na\">" :
				    "<td class=\"num na\">", out);
			else
				fputs(t->cols[c].kind == K_TEXT ? "<td>" :
				    "<td class=\"num\">", out);
			html_escape(out, cell_text(t, row, c, buf,
			    sizeof(buf)));
			fputs("</td>", out);
		}
		fputs("</tr>\n", out);
	}
	fputs("</tbody>\n</table></div>\n", out);
}

static void
section(const struct table *t, FILE *out)
{
	fputs("<section id=\"", out);
	html_escape(out, t->id);
	fputs("\"", out);
	if (t->chart.type != CH_NONE)
		fprintf(out, " data-chart=\"%s\"", t->chart.type == CH_LINES ?
		    "lines" : "bars");
	fputs(">\n<h2>", out);
	html_escape(out, t->title);
	fputs("</h2>\n", out);
	if (t->note != NULL) {
		fputs("<p class=\"note\">", out);
		html_escape(out, t->note);
		fputs("</p>\n", out);
	}
	if (t->nrows == 0) {
		fputs("<p class=\"nodata\">no data</p>\n</section>\n", out);
		return;
	}
	if (svg_chartable(t)) {
		fputs("<figure>\n", out);
		if (t->chart.title != NULL) {
			fputs("<figcaption>", out);
			html_escape(out, t->chart.title);
			fputs("</figcaption>\n", out);
		}
		svg_chart(t, out);
		fputs("</figure>\n", out);
	} else if (t->chart.type != CH_NONE)
		fputs("<p class=\"nodata\">no data to chart: every value "
		    "is n/a</p>\n", out);
	table(t, out);
	fputs("</section>\n", out);
}

void
fmt_html(const struct report *r, FILE *out)
{
	const char *title = r->title != NULL ? r->title : "scs scorecard";
	size_t i;

	fputs("<!doctype html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\"/>\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\"/>\n"
	    "<meta name=\"generator\" content=\"scs-report " SCS_VERSION
	    "\"/>\n<title>", out);
	html_escape(out, title);
	fputs(", ", out);
	period(r, out);
	fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n"
	    "<header>\n<h1>", style);
	html_escape(out, title);
	fputs("</h1>\n<p class=\"period\">", out);
	period(r, out);
	fputs(" (", out);
	html_escape(out, r->tz != NULL ? r->tz : "UTC");
	fputs("), generated ", out);
	html_escape(out, r->generated);
	fputs("</p>\n</header>\n", out);

	if (r->ntables > 0) {
		fputs("<nav id=\"scs-contents\">\n<h2>Contents</h2>\n<ol>\n",
		    out);
		for (i = 0; i < r->ntables; i++) {
			fputs("<li><a href=\"#", out);
			html_escape(out, r->tables[i]->id);
			fputs("\">", out);
			html_escape(out, r->tables[i]->title);
			fputs("</a></li>\n", out);
		}
		fputs("</ol>\n</nav>\n", out);
	}
	fputs("<main>\n", out);
	if (r->ntables == 0)
		fputs("<p class=\"nodata\">no data</p>\n", out);
	for (i = 0; i < r->ntables; i++)
		section(r->tables[i], out);
	fputs("</main>\n<footer>scs-report " SCS_VERSION "</footer>\n"
	    "</body>\n</html>\n", out);
}
