/* staffing.c - `scs-report staffing`: agents needed per hour
 * (to be written: see issue 8; this is the interface only) */
#include "diag.h"
#include "report.h"

void
staffing_config(struct repconf *rc, json_t *section)
{
	if (section != NULL && !json_is_object(section))
		config_error(rc, section, "staffing: expected a mapping");
}

void
staffing_config_free(struct repconf *rc)
{
}

static const struct option options[] = {
	{ NULL, 0, NULL, 0 }
};

static int
option(int c, const char *arg)
{
	return 0;
}

static int
run(sqlite3 *db, const struct repconf *rc, const struct query *q,
    struct report *r)
{
	diag_fatal(EX_SOFTWARE, "staffing: not built yet");
}

const struct subcmd staffing_cmd = { "staffing", NULL, options, option, run };
