/* scs-ingest - channel payloads in, canonical message records out */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <jansson.h>

#include "cli.h"
#include "csv.h"
#include "diag.h"
#include "idset.h"
#include "ingest.h"
#include "input.h"
#include "jarena.h"
#include "lineread.h"
#include "record.h"
#include "stats.h"

#define DEDUP_WINDOW	(1u << 18)

static const char usage[] =
"usage: scs-ingest [-f FORMAT] [--brand NAME]... [--map SPEC] [--set K=V]\n"
"                  [options] [file...]\n"
"Turn channel exports and webhook dumps into canonical message records\n"
"(JSON lines on stdout).  With no file, or -, read standard input.\n"
"\n"
"  -f, --format FORMAT  auto (default: guessed per file), twitter-v2,\n"
"                       twitter-v1, twitter-aa, twcs, meta, whatsapp,\n"
"                       telegram, csv, jsonl, scs, email (a message,\n"
"                       an mbox or a Maildir folder)\n"
"  -b, --brand NAME     a brand account (repeatable): mentions of it go\n"
"                       to \"to\", its own posts are direction out\n"
"  -m, --map SPEC       csv/jsonl field mapping: text=body,author.id=from\n"
"                       or a YAML file with map: and set: sections\n"
"      --set KEY=VALUE  csv/jsonl constant, e.g. --set channel=sms\n"
"      --sep CHAR       CSV separator (default ,; \\t for tab)\n"
"      --keep-quoted    email: the whole body too, as text_full\n"
"      --dedup-window N remember the last N ids to drop repeats (262144)\n"
"      --no-dedup       keep repeated ids\n"
"      --stats          print counts on stderr at the end (always when\n"
"                       stderr is a terminal)\n"
CLI_COMMON_HELP;

enum {
	OPT_SET = 0x2000, OPT_SEP, OPT_DEDUP_WINDOW, OPT_NO_DEDUP, OPT_STATS,
	OPT_KEEP_QUOTED
};

static const struct option longopts[] = {
	CLI_COMMON_OPTIONS,
	{ "format",	required_argument,	NULL, 'f' },
	{ "brand",	required_argument,	NULL, 'b' },
	{ "map",	required_argument,	NULL, 'm' },
	{ "set",	required_argument,	NULL, OPT_SET },
	{ "sep",	required_argument,	NULL, OPT_SEP },
	{ "dedup-window", required_argument,	NULL, OPT_DEDUP_WINDOW },
	{ "no-dedup",	no_argument,		NULL, OPT_NO_DEDUP },
	{ "stats",	no_argument,		NULL, OPT_STATS },
	{ "keep-quoted", no_argument,		NULL, OPT_KEEP_QUOTED },
	{ NULL, 0, NULL, 0 }
};

struct run {
	struct ingest		 ing;
	const struct format	*forced;	/* -f, or NULL for auto */
	const struct format	*fmt;		/* of the current file */
	char			 sep;
};

/* One JSON payload: pick the format if not yet known, then convert. */
static void
on_payload(struct payload *p, void *arg)
{
	struct run *run = arg;
	struct ingest *ing = &run->ing;

	ing->line = p->line;
	ing->raw = p->raw;
	ing->rawlen = p->rawlen;
	ing->raw_is_line = p->exact && p->raw != NULL &&
	    memchr(p->raw, '\n', p->rawlen) == NULL;
	ing->why[0] = ing->where[0] = '\0';
	if (run->fmt == NULL) {
		run->fmt = format_sniff_json(p->v);
		if (run->fmt == NULL || run->fmt->json == NULL) {
			run->fmt = NULL;
			diag_reject(ing->file, ing->line, p->raw, p->rawlen,
			    "cannot tell the format of this payload; "
			    "name it with -f");
			return;
		}
		ing->format = run->fmt->name;
	}
	if (run->fmt->json(ing, p->v) == -1) {
		char *raw = NULL;
		size_t rawlen = 0;

		if (p->raw == NULL)
			raw = json_text(p->v, &rawlen);
		diag_reject(ing->file, ing->line, raw ? raw : p->raw,
		    raw ? rawlen : p->rawlen, "%s",
		    ing->why[0] ? ing->why : "payload not usable");
		free(raw);
	}
}

static void
read_csv(struct run *run, struct lreader *lr)
{
	struct ingest *ing = &run->ing;
	struct csv_reader *csv;
	struct csv_field *f;
	size_t n;
	int r, header = 1;

	if ((csv = csv_open(lr, run->sep)) == NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");
	while ((r = csv_next(csv, &f, &n)) != CSV_EOF) {
		ing->line = csv_line(csv);
		csv_raw(csv, &ing->raw, &ing->rawlen);
		ing->raw_is_line = 0;
		ing->why[0] = ing->where[0] = '\0';
		if (r == CSV_IOERR) {
			diag_at(lr->name, lr->lineno, "read error: %s",
			    strerror(lr->err));
			diag_status(EX_IOERR);
			break;
		}
		if (r == CSV_ERR) {
			diag_reject(ing->file, ing->line, ing->raw,
			    ing->rawlen, "%s", csv_error(csv));
			continue;
		}
		if (header) {
			header = 0;
			if (run->fmt == NULL)
				run->fmt = format_sniff_csv(f, n);
			ing->format = run->fmt->name;
			if (run->fmt->csv_header(ing, f, n) == -1) {
				diag_reject(ing->file, ing->line, ing->raw,
				    ing->rawlen, "header: %s", ing->why);
				break;
			}
			continue;
		}
		jarena_begin();
		if (run->fmt->csv_row(ing, f, n) == -1)
			diag_reject(ing->file, ing->line, ing->raw,
			    ing->rawlen, "%s", ing->why);
		jarena_end();
	}
	csv_close(csv);
}

/*
 * First byte that is not space (the line is given back to the reader),
 * 0 for an empty input, -1 after a read error.  An overlong line before
 * it is rejected here, as the readers would.
 */
static int
first_byte(struct lreader *lr)
{
	size_t len, i;
	char *line;
	int r;

	while ((r = lr_next(lr, &line, &len)) != LR_EOF) {
		if (r == LR_TOOLONG) {
			diag_reject(lr->name, lr->lineno, NULL, 0,
			    "line of %zu bytes is longer than --max-line (%zu)",
			    lr->toolong_len, lr->max_line);
			continue;
		}
		if (r != LR_LINE) {
			diag_at(lr->name, lr->lineno + 1, "read error: %s",
			    strerror(lr->err));
			diag_status(EX_IOERR);
			return -1;
		}
		for (i = 0; i < len; i++)
			if (line[i] != ' ' && line[i] != '\t') {
				lr_unread(lr);
				return (unsigned char)line[i];
			}
	}
	return 0;
}

/* The input is a pipe with nothing more in it yet: hand on what was
 * written before waiting (cli_on_idle in lib/cli.h). */
static void
flush_when_idle(void *arg)
{
	rec_flush();
}

/* Does the input start like a mail message or an mbox? */
static int
looks_like_mail(struct lreader *lr)
{
	size_t len;
	char *line;
	int r;

	if ((r = lr_next(lr, &line, &len)) != LR_LINE)
		return 0;
	lr_unread(lr);
	return email_looks_like(line, len);
}

static void
ingest_file(struct run *run, const char *path, size_t max_line)
{
	struct lreader lr;
	unsigned long nrejects;
	struct stat st;
	int c;

	if (run->forced != NULL ? strcmp(run->forced->name, "email") == 0 :
	    strcmp(path, "-") != 0 && stat(path, &st) == 0 &&
	    S_ISDIR(st.st_mode)) {
		email_ingest(&run->ing, path, max_line);
		return;
	}
	if (lr_open(&lr, path, max_line) == -1) {
		diag_warn("%s: %s", path, strerror(errno));
		diag_status(EX_NOINPUT);
		return;
	}
	lr.idle = flush_when_idle;
	run->ing.file = lr.name;
	run->fmt = run->forced;
	if (run->fmt != NULL)
		run->ing.format = run->fmt->name;
	nrejects = diag_nrejects();
	if ((c = first_byte(&lr)) == 0 && diag_nrejects() == nrejects)
		diag_at(lr.name, 0, "empty input, no records");
	else if (c <= 0)
		;	/* blank, or only overlong lines, or a read error */
	else if (run->fmt == NULL && c != '{' && c != '[' &&
	    looks_like_mail(&lr)) {
		run->ing.format = "email";
		email_read(&run->ing, &lr);
	}
	else if (run->fmt != NULL ? run->fmt->json == NULL :
	    c != '{' && c != '[')
		read_csv(run, &lr);
	else
		read_json(&lr, on_payload, run);
	lr_close(&lr);
}

static void __attribute__((noreturn))
usage_exit(struct run *run)
{
	fieldmap_free(run->ing.map);
	free(run->ing.brands);
	exit(EX_USAGE);
}

int
main(int argc, char **argv)
{
	struct run run;
	struct cli cli = { LR_DEFAULT_MAX, 0 };
	size_t window = DEDUP_WINDOW;
	int c, i, stats = isatty(2), status;

	diag_init(argv[0]);
	jarena_init();
	rec_out_init(stdout);
	memset(&run, 0, sizeof(run));
	run.sep = ',';
	while ((c = getopt_long(argc, argv, "f:b:m:", longopts, NULL)) != -1) {
		if (cli_common(&cli, c, optarg, usage))
			continue;
		switch (c) {
		case 'f':
			if (strcmp(optarg, "auto") == 0)
				run.forced = NULL;
			else if ((run.forced = format_find(optarg)) == NULL)
				diag_fatal(EX_USAGE, "unknown format '%s' "
				    "(see --help)", optarg);
			break;
		case 'b':
			run.ing.brands = realloc(run.ing.brands,
			    (run.ing.nbrands + 1) * sizeof(char *));
			if (run.ing.brands == NULL)
				diag_fatal(EX_SOFTWARE, "out of memory");
			run.ing.brands[run.ing.nbrands++] =
			    optarg + (optarg[0] == '@');
			break;
		case 'm':
			if (fieldmap_parse(&run.ing.map, optarg) == -1)
				usage_exit(&run);
			break;
		case OPT_SET:
			if (fieldmap_set(&run.ing.map, optarg) == -1)
				usage_exit(&run);
			break;
		case OPT_SEP:
			if (strcmp(optarg, "\\t") == 0 ||
			    strcmp(optarg, "tab") == 0)
				run.sep = '\t';
			else if (strlen(optarg) == 1 && optarg[0] != '"')
				run.sep = optarg[0];
			else
				diag_fatal(EX_USAGE, "--sep: one character, "
				    "not '%s'", optarg);
			break;
		case OPT_DEDUP_WINDOW: {
			char *end;
			unsigned long v = strtoul(optarg, &end, 10);

			if (*end != '\0' || v == 0 || v > (1ul << 26))
				diag_fatal(EX_USAGE, "--dedup-window: a "
				    "number from 1 to %lu", 1ul << 26);
			window = v;
			break;
		}
		case OPT_NO_DEDUP:
			window = 0;
			break;
		case OPT_STATS:
			stats = 1;
			break;
		case OPT_KEEP_QUOTED:
			run.ing.keep_quoted = 1;
			break;
		default:
			fputs(usage, stderr);
			exit(EX_USAGE);
		}
	}
	if (run.forced != NULL && (strcmp(run.forced->name, "csv") == 0 ||
	    strcmp(run.forced->name, "jsonl") == 0) && run.ing.map == NULL)
		diag_fatal(EX_USAGE, "-f %s needs a field mapping: --map "
		    "text=COLUMN,... and --set channel=NAME", run.forced->name);
	if (window > 0 && (ing_seen = idset_new(window)) == NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");

	if (optind == argc)
		ingest_file(&run, "-", cli.max_line);
	for (i = optind; i < argc; i++)
		ingest_file(&run, argv[i], cli.max_line);

	status = cli_finish(stats);
	jarena_free_all();
	idset_free(ing_seen);
	fieldmap_free(run.ing.map);
	free(run.ing.brands);
	return status;
}
