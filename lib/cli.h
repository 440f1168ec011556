/* cli.h - the options every tool shares (DESIGN.md section 7) */
#ifndef SCS_CLI_H
#define SCS_CLI_H

#include <getopt.h>
#include <stddef.h>

#include "lineread.h"

#define SCS_VERSION "0.1.0"

/* Long-option codes for the shared options, above any short option. */
enum {
	CLI_HELP = 0x1000,
	CLI_VERSION,
	CLI_REJECTS,
	CLI_STRICT,
	CLI_UNBUFFERED,
	CLI_MAX_LINE
};

/* Put these at the head of a tool's long option table. */
#define CLI_COMMON_OPTIONS \
	{ "help",	no_argument,		NULL, CLI_HELP }, \
	{ "version",	no_argument,		NULL, CLI_VERSION }, \
	{ "rejects",	required_argument,	NULL, CLI_REJECTS }, \
	{ "strict",	no_argument,		NULL, CLI_STRICT }, \
	{ "unbuffered",	no_argument,		NULL, CLI_UNBUFFERED }, \
	{ "max-line",	required_argument,	NULL, CLI_MAX_LINE }

/* Text for --help, after a tool's own options. */
#define CLI_COMMON_HELP \
"      --rejects FILE   append rejected input with the reason, as JSON lines\n" \
"      --strict         stop at the first rejected input (exit 65)\n" \
"      --unbuffered     flush the output after every record\n" \
"      --max-line SIZE  longest input line or document (default 16M)\n" \
"      --help           show this help and exit\n" \
"      --version        show the version and exit\n"

struct cli {
	size_t	 max_line;
	int	 unbuffered;
};

/*
 * Handle one shared option; returns 1 when c was one of them, 0
 * otherwise.  usage is the text --help prints.  Exits for --help,
 * --version and bad values (EX_USAGE), or EX_CANTCREAT when the rejects
 * file cannot be opened.
 */
int	cli_common(struct cli *, int c, const char *arg, const char *usage);

/*
 * The end of a run: flush the output (a write error raises the exit
 * status), print the counters on stderr when stats is set (with the
 * rejects counted), and free them.  Returns the exit status earned.
 */
int	cli_finish(int stats);

/*
 * The folder of the rule files when --rules is not given: $SCS_RULES;
 * else the installed folder (SCS_RULESDIR) when it exists; else, for a
 * tool run from its source tree (build/bin or bin), the tree's rules/
 * folder when it holds file; else the installed folder, so that the
 * error names where the rules were expected.  The string is static.
 */
const char *cli_rules_dir(const char *file);

/*
 * The rule file a tool reads: arg (--rules) when it names a .yaml or
 * .yml file, else file inside the folder arg names, or inside
 * cli_rules_dir(file) when arg is NULL.  Allocated.
 */
char	*cli_rules_file(const char *arg, const char *file);

/*
 * Call fn for each line of path ("-": standard input) that is not blank.
 * A file that cannot be opened is reported (status 66), a line longer
 * than max_line rejected with its place, a read error reported (74) and
 * the file left there; the run goes on either way.
 */
typedef void (*cli_line_fn)(struct lreader *, const char *line, size_t len,
	    void *arg);
void	cli_each_line(const char *path, size_t max_line, cli_line_fn fn,
	    void *arg);

/*
 * What cli_each_line does when its input is a pipe with nothing more in
 * it yet, before waiting: by default the records written so far are
 * flushed, so that a filter fed little by little (tail -f, a webhook
 * spool) hands each record on at once, while a busy one still writes
 * in large blocks.  A tool holding records back (scs-case, until it has
 * committed them) sets its own, called only once the input has stayed
 * empty for grace_ms more (a busy upstream that writes in bursts would
 * otherwise cost it a commit per burst); fn NULL restores the default.
 */
void	cli_on_idle(void (*fn)(void *), void *arg, int grace_ms);

/* Parse "16M", "512k", "1048576". Returns 0 or -1. */
int	cli_parse_size(const char *s, size_t *out);

#endif
