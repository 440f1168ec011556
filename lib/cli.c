/* cli.c - the options every tool shares */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "diag.h"
#include "record.h"
#include "stats.h"

int
cli_parse_size(const char *s, size_t *out)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 10);
	/* Bounded before the shift too, which could wrap it into range. */
	if (errno != 0 || end == s || *s == '-' || v > (1ull << 31))
		return -1;
	switch (*end) {
	case 'k': case 'K':
		v <<= 10, end++;
		break;
	case 'm': case 'M':
		v <<= 20, end++;
		break;
	case 'g': case 'G':
		v <<= 30, end++;
		break;
	}
	if (*end != '\0' || v == 0 || v > (1ull << 31))
		return -1;
	*out = (size_t)v;
	return 0;
}

int
cli_common(struct cli *cli, int c, const char *arg, const char *usage)
{
	switch (c) {
	case CLI_HELP:
		fputs(usage, stdout);
		exit(EX_OK);
	case CLI_VERSION:
		printf("%s %s\n", diag_tool(), SCS_VERSION);
		exit(EX_OK);
	case CLI_REJECTS:
		if (diag_rejects_open(arg) == -1)
			exit(EX_CANTCREAT);
		return 1;
	case CLI_STRICT:
		diag_set_strict(1);
		return 1;
	case CLI_UNBUFFERED:
		cli->unbuffered = 1;
		rec_unbuffered(1);
		return 1;
	case CLI_MAX_LINE:
		if (cli_parse_size(arg, &cli->max_line) == -1)
			diag_fatal(EX_USAGE, "--max-line: bad size '%s' "
			    "(a number, optionally k, M or G, up to 2G)", arg);
		return 1;
	}
	return 0;
}

int
cli_finish(int stats)
{
	diag_status(rec_close());
	if (stats) {
		if (diag_nrejects() > 0)
			stats_add("rejected", diag_nrejects());
		stats_print(stderr, diag_tool());
	}
	stats_free();
	return diag_finish();
}
