/* fmt_html.c - the report as one self-contained HTML page with charts
 * (to be written: see issue 8; for now the text tables in a page) */
#include "report.h"

void
fmt_html(const struct report *r, FILE *out)
{
	fputs("<!doctype html>\n<meta charset=\"utf-8\">\n<pre>\n", out);
	fmt_text(r, out);
	fputs("</pre>\n", out);
}
