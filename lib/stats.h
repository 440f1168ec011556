/* stats.h - named counters for a tool's end-of-run summary */
#ifndef SCS_STATS_H
#define SCS_STATS_H

#include <stdio.h>

/* Add one to the counter name (created at zero, kept in first-use order). */
void	stats_count(const char *name);
void	stats_add(const char *name, unsigned long n);
unsigned long stats_get(const char *name);
/* "tool: 12 messages, 3 duplicates, 1 skipped read" on f. */
void	stats_print(FILE *f, const char *tool);
void	stats_free(void);

#endif
