/* cli.c - the options every tool shares */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "diag.h"
#include "record.h"
#include "stats.h"

#ifndef SCS_RULESDIR
#define SCS_RULESDIR "/usr/local/share/scs/rules"
#endif

/* Does dir/file exist? */
static int
has_file(const char *dir, const char *file)
{
	char path[PATH_MAX];

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, file) >=
	    sizeof(path))
		return 0;
	return access(path, R_OK) == 0;
}

const char *
cli_rules_dir(const char *file)
{
	static char dir[PATH_MAX];
	const char *env = getenv("SCS_RULES");
	char *slash;
	ssize_t n;
	int up;

	if (env != NULL && *env != '\0')
		return env;
	if (has_file(SCS_RULESDIR, file))
		return SCS_RULESDIR;
	/* /proc/self/exe is the real binary, links resolved: the tree's
	 * build/bin/tool, so rules/ is two folders up (one for bin/). */
	if ((n = readlink("/proc/self/exe", dir, sizeof(dir) - 1)) > 0) {
		dir[n] = '\0';
		for (up = 0; up < 3; up++) {
			if ((slash = strrchr(dir, '/')) == NULL)
				break;
			*slash = '\0';
			if (up > 0 && strlen(dir) + 7 < sizeof(dir)) {
				strcat(dir, "/rules");
				if (has_file(dir, file))
					return dir;
				dir[strlen(dir) - 6] = '\0';
			}
		}
	}
	return SCS_RULESDIR;
}

static void (*idle_fn)(void *);
static void *idle_arg;

static void
flush_records(void *arg)
{
	rec_flush();
}

static int idle_grace_ms;

void
cli_on_idle(void (*fn)(void *), void *arg, int grace_ms)
{
	idle_fn = fn;
	idle_arg = arg;
	idle_grace_ms = grace_ms;
}

void
cli_each_line(const char *path, size_t max_line, cli_line_fn fn, void *arg)
{
	struct lreader lr;
	size_t len, i;
	char *line;
	int r;

	if (lr_open(&lr, path, max_line) == -1) {
		diag_warn("%s: %s", path, strerror(errno));
		diag_status(EX_NOINPUT);
		return;
	}
	lr.idle = idle_fn != NULL ? idle_fn : flush_records;
	lr.idle_arg = idle_fn != NULL ? idle_arg : NULL;
	lr.idle_grace_ms = idle_fn != NULL ? idle_grace_ms : 0;
	while ((r = lr_next(&lr, &line, &len)) != LR_EOF) {
		if (r == LR_TOOLONG) {
			diag_reject(lr.name, lr.lineno, NULL, 0, "line of %zu "
			    "bytes is longer than --max-line (%zu)",
			    lr.toolong_len, lr.max_line);
			continue;
		}
		if (r == LR_ERROR) {
			diag_at(lr.name, lr.lineno + 1, "read error: %s",
			    strerror(lr.err));
			diag_status(EX_IOERR);
			break;
		}
		for (i = 0; i < len && (line[i] == ' ' || line[i] == '\t'); i++)
			;
		if (i < len)
			fn(&lr, line, len, arg);
	}
	lr_close(&lr);
}

char *
cli_rules_file(const char *arg, const char *file)
{
	const char *base = arg != NULL ? arg : cli_rules_dir(file);
	size_t n = strlen(base);
	char *path;

	if ((n > 5 && strcmp(base + n - 5, ".yaml") == 0) ||
	    (n > 4 && strcmp(base + n - 4, ".yml") == 0))
		path = strdup(base);
	else if (asprintf(&path, "%s/%s", base, file) == -1)
		path = NULL;
	if (path == NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");
	return path;
}

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
