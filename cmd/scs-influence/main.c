/* scs-influence - how far a message's author's voice carries, and why
 *
 * For every inbound message: the author's influence index 0-100 from
 * the record's profile figures and, with --db, the author's history in
 * the case database (score.c, past.c), its tier, the author's audience
 * role and what the rules of influence.yaml say to do about it (`use`).
 * The result is the message's `influence` key, spliced into the
 * original line.  Other records pass through unchanged, and so do
 * outbound messages: their author is the brand, whose reach nobody
 * routes on.
 */
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cli.h"
#include "diag.h"
#include "influence.h"
#include "jarena.h"
#include "jparse.h"
#include "jpath.h"
#include "lineread.h"
#include "record.h"
#include "stats.h"

#ifndef SCS_RULESDIR
#define SCS_RULESDIR "/usr/local/share/scs/rules"
#endif

static const char usage[] =
"usage: scs-influence [--rules DIR|FILE] [--db FILE] [options] [file...]\n"
"Add `influence` to each inbound message: the author's influence index\n"
"0-100, tier, audience role, what to do about it, and why.  Other\n"
"records and outbound messages pass through unchanged.\n"
"\n"
"      --rules PATH     influence.yaml, or the folder holding it (default:\n"
"                       $SCS_RULES, else " SCS_RULESDIR ", else the\n"
"                       source tree's rules/ when run from build/bin)\n"
"      --db FILE        read the authors' history from this scs-case\n"
"                       database (read-only)\n"
"      --check          load the rules, report problems, and exit\n"
"      --stats          print counts on stderr at the end (always when\n"
"                       stderr is a terminal)\n"
CLI_COMMON_HELP;

enum { OPT_RULES = 0x2000, OPT_DB, OPT_CHECK, OPT_STATS };

static const struct option longopts[] = {
	CLI_COMMON_OPTIONS,
	{ "rules",	required_argument,	NULL, OPT_RULES },
	{ "db",		required_argument,	NULL, OPT_DB },
	{ "check",	no_argument,		NULL, OPT_CHECK },
	{ "stats",	no_argument,		NULL, OPT_STATS },
	{ NULL, 0, NULL, 0 }
};

/* The order of influence's keys in the output; keys rules add come after. */
static const struct keyorder influence_order[] = {
	{ "score", NULL }, { "tier", NULL }, { "audience", NULL },
	{ "reach", NULL }, { "second_level", NULL }, { "activity", NULL },
	{ "engagement", NULL }, { "flags", NULL }, { "first_seen", NULL },
	{ "use", NULL }, { "why", NULL },
	{ NULL, NULL }
};

struct run {
	struct config	 cfg;
	struct past	*past;
	struct jwant	*want;		/* what of a record is read */
};

/* The parts of a message scs-influence reads itself (score.c, past.c);
 * the rules and the configured paths add theirs. */
static const char *const read_paths[] = {
	"type", "direction", "id", "created_at", "author", "thread",
	"second_level", "metrics", "class.polarity", "class.protocol",
	"class.reason", "influence", NULL
};

/*
 * The parts of a record to parse: the rest (the text above all) only
 * passes through, written from the original line.  A record that has
 * an influence already is parsed whole: its line is rebuilt.
 */
static struct jwant *
wanted_paths(const struct config *cfg)
{
	struct jwant *w;

	/* A rule that sets a field outside influence needs the whole
	 * record, rebuilt, or what it set would be lost. */
	if (rules_sets_outside(cfg->flag_rules, "influence") ||
	    rules_sets_outside(cfg->use_rules, "influence"))
		return NULL;
	w = jwant_new();
	jwant_add_list(w, read_paths);
	jwant_add(w, cfg->segment_path);
	jwant_add(w, cfg->external_path);
	rules_want(cfg->flag_rules, w);
	rules_want(cfg->use_rules, w);
	return w;
}

/* An inbound message: type message (or none), direction not "out". */
static int
wanted(json_t *rec)
{
	json_t *type = json_object_get(rec, "type");
	const char *dir = json_string_value(json_object_get(rec,
	    "direction"));

	if (type != NULL && !(json_is_string(type) &&
	    strcmp(json_string_value(type), "message") == 0))
		return 0;
	return dir == NULL || strcmp(dir, "out") != 0;
}

static void
pass_through(json_t *rec, const char *line, size_t len, const char *what)
{
	stats_count(what);
	if (rec_write_raw(line, len) == -1)
		diag_fatal(EX_IOERR, "write error");
	jarena_decref(rec);
}

/* What this message amplifies, for its targets' second level. */
static void
link_message(struct run *run, json_t *rec, const char *author)
{
	json_t *thread = json_object_get(rec, "thread");
	json_t *followers = jpath_get(rec, "author.followers");
	const char *targets[3];

	targets[0] = json_string_value(json_object_get(thread,
	    "in_reply_to"));
	targets[1] = json_string_value(json_object_get(thread, "quote_of"));
	targets[2] = json_string_value(json_object_get(thread, "repost_of"));
	past_link(run->past, json_string_value(json_object_get(rec, "id")),
	    author, targets, 3, json_is_integer(followers) ?
	    json_integer_value(followers) : 0);
}

static void
influence_line(struct run *run, struct lreader *lr, const char *line,
    size_t len)
{
	struct history h;
	json_error_t err;
	json_t *rec, *had, *inf;
	const char *author;

	if ((rec = jparse_want(line, len, run->want, &err)) == NULL) {
		diag_reject(lr->name, lr->lineno, line, len,
		    "invalid JSON at column %d: %s", err.column, err.text);
		return;
	}
	if (json_object_get(rec, "influence") != NULL) {
		jarena_decref(rec);
		rec = jparse(line, len, 0, &err);
	}
	if (!json_is_object(rec)) {
		diag_reject(lr->name, lr->lineno, line, len,
		    "not a JSON object");
		jarena_decref(rec);
		return;
	}
	if (!wanted(rec)) {
		pass_through(rec, line, len, json_object_get(rec, "type") ?
		    "other records" : "outbound");
		return;
	}
	author = jpath_str(rec, "author.id");
	link_message(run, rec, author);
	past_note(run->past, author, json_string_value(json_object_get(rec,
	    "id")), message_negative(rec), &h);
	/* The flag and use rules write into rec's influence: give them a
	 * fresh one, then put back what was there so that rec_splice keeps
	 * its place or splices a new key into the original bytes. */
	had = json_incref(json_object_get(rec, "influence"));
	json_object_set_new(rec, "influence", json_object());
	inf = influence_score(&run->cfg, rec,
	    json_object_get(rec, "influence"), &h);
	/* Kept when a rule may have set another field: rec_splice_ordered
	 * then rebuilds the line from rec. */
	if (had != NULL)
		json_object_set(rec, "influence", had);
	else if (run->want != NULL)
		json_object_del(rec, "influence");
	json_decref(had);
	if (!json_is_object(inf)) {	/* a use rule replaced it */
		jarena_decref(inf);
		inf = json_object();
	}
	if (rec_splice_ordered(line, len, rec, "influence", inf,
	    influence_order) == -1)
		diag_fatal(EX_IOERR, "write error");
	stats_count("messages");
	stats_count(json_string_value(json_object_get(inf, "tier")));
	/* Every value in them was made for this record (the rules set
	 * copies of their values): nothing to walk. */
	jarena_discard(inf);
	jarena_discard(rec);
}

/*
 * Output is written by hand once OUT_FLUSH bytes are pending, the
 * database's read transaction ended first (past_release): the write
 * may wait for the stages downstream, scs-case among them, and the
 * snapshot must not be held meanwhile.
 * Below stdio's own 64 KiB buffer (rec_out_init), so that stdio does
 * not write (and wait) by itself, and below a pipe's 64 KiB, so that a
 * write fits in one.
 */
#define OUT_FLUSH	(48u << 10)

static void
influence_one(struct lreader *lr, const char *line, size_t len, void *arg)
{
	struct run *run = arg;

	jarena_begin();
	influence_line(run, lr, line, len);
	jarena_end();
	if (__fpending(stdout) >= OUT_FLUSH) {
		past_release(run->past);
		rec_flush();
	}
}

/* The input is empty for now: the same before waiting for it. */
static void
influence_idle(void *arg)
{
	struct run *run = arg;

	past_release(run->past);
	rec_flush();
}

int
main(int argc, char **argv)
{
	struct cli cli = { LR_DEFAULT_MAX, 0 };
	struct run run;
	char *path;
	const char *rules_arg = NULL, *db = NULL;
	int c, i, check = 0, stats = isatty(2), status;

	diag_init(argv[0]);
	rec_out_init(stdout);
	memset(&run, 0, sizeof(run));
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (cli_common(&cli, c, optarg, usage))
			continue;
		switch (c) {
		case OPT_RULES:
			rules_arg = optarg;
			break;
		case OPT_DB:
			db = optarg;
			break;
		case OPT_CHECK:
			check = 1;
			break;
		case OPT_STATS:
			stats = 1;
			break;
		default:
			fputs(usage, stderr);
			exit(EX_USAGE);
		}
	}
	path = cli_rules_file(rules_arg, "influence.yaml");
	config_load(&run.cfg, path);
	free(path);
	run.past = past_open(db, run.cfg.remember, run.cfg.second_level_days);
	if (check) {
		past_close(run.past);
		config_free(&run.cfg);
		return 0;
	}
	run.want = wanted_paths(&run.cfg);
	/* After the rules: they keep jansson values beyond any record. */
	jarena_init();
	cli_on_idle(influence_idle, &run, 0);
	if (optind == argc)
		cli_each_line("-", cli.max_line, influence_one, &run);
	for (i = optind; i < argc; i++)
		cli_each_line(argv[i], cli.max_line, influence_one, &run);
	past_release(run.past);
	status = cli_finish(stats);
	jarena_free_all();
	past_close(run.past);
	jwant_free(run.want);
	config_free(&run.cfg);
	return status;
}
