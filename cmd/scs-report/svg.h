/* svg.h - the charts of the HTML report, as inline SVG */
#ifndef SCS_SVG_H
#define SCS_SVG_H

#include <stdio.h>

#include "report.h"

/* Write s escaped for HTML text and attribute values (&<>"'). */
void	html_escape(FILE *, const char *s);

/*
 * 1 when t asks for a chart (t->chart) that names columns it has and
 * has at least one value to draw; 0 when there is nothing to chart.
 */
int	svg_chartable(const struct table *t);

/* Draw t's chart as one <svg> element sized by its viewBox. */
void	svg_chart(const struct table *t, FILE *);

#endif
