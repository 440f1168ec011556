/* alerts.c - `scs-report alerts`: what needs a human now
 * (to be written: see issue 8; this is the interface only) */
#include "diag.h"
#include "report.h"

void
alerts_config(struct repconf *rc, json_t *section)
{
	if (section != NULL && !json_is_object(section))
		config_error(rc, section, "alerts: expected a mapping");
}

void
alerts_config_free(struct repconf *rc)
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
	diag_fatal(EX_SOFTWARE, "alerts: not built yet");
}

const struct subcmd alerts_cmd = { "alerts", NULL, options, option, run };
