/* scorecard.c - the scorecard's tables from the report views */
#include "report.h"

void
scorecard(sqlite3 *db, const struct repconf *rc, const struct query *q,
    struct report *r)
{
}
