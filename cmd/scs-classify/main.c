/* scs-classify - what each message is, and whether an agent should see it
 *
 * For every message: its words, language, sentiment, content and brand
 * mentions (analyze.c), the built-in filters, then the rule lists of
 * classify.yaml in order (filters, reasons, protocols, derivation, rules,
 * actions), each first-match-wins.  The result is the message's `class`
 * key, spliced into the original line; other records pass through.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "classify.h"
#include "cli.h"
#include "diag.h"
#include "jarena.h"
#include "jparse.h"
#include "jpath.h"
#include "lineread.h"
#include "msgtext.h"
#include "record.h"
#include "stats.h"
#include "tstamp.h"

#ifndef SCS_RULESDIR
#define SCS_RULESDIR "/usr/local/share/scs/rules"
#endif

static const char usage[] =
"usage: scs-classify [--rules DIR|FILE] [options] [file...]\n"
"Add `class` to each message record: reason, protocol class, sentiment,\n"
"filters, brand mentions, action, and why.  Other records pass through.\n"
"\n"
"      --rules PATH     classify.yaml, or the folder holding it (default:\n"
"                       $SCS_RULES, else " SCS_RULESDIR ", else the\n"
"                       source tree's rules/ when run from build/bin)\n"
"      --check          load the rules, report problems, and exit\n"
"      --train-model OUT  instead of classifying, train the reason model on\n"
"                       the messages' texts and the labels at --label\n"
"      --label PATH     where training records keep their label\n"
"                       (default extra.label)\n"
"      --min-count N    features seen fewer times are left out (2)\n"
"      --stats          print counts on stderr at the end (always when\n"
"                       stderr is a terminal)\n"
CLI_COMMON_HELP;

enum { OPT_RULES = 0x2000, OPT_CHECK, OPT_STATS, OPT_TRAIN, OPT_LABEL,
	OPT_MIN_COUNT };

static const struct option longopts[] = {
	CLI_COMMON_OPTIONS,
	{ "rules",	required_argument,	NULL, OPT_RULES },
	{ "check",	no_argument,		NULL, OPT_CHECK },
	{ "stats",	no_argument,		NULL, OPT_STATS },
	{ "train-model", required_argument,	NULL, OPT_TRAIN },
	{ "label",	required_argument,	NULL, OPT_LABEL },
	{ "min-count",	required_argument,	NULL, OPT_MIN_COUNT },
	{ NULL, 0, NULL, 0 }
};

/*
 * class's keys, in the order they are written; keys rules add come
 * after.  They are kept in an array while a message is classified
 * (rules_bind), and class is written from it: no hash table is built
 * for them.
 */
enum {
	K_REASON, K_SUBREASON, K_PROTOCOL, K_SENTIMENT, K_POLARITY, K_FILTER,
	K_ACTION, K_BRAND, K_DERIVATION, K_TAGS, K_LANG, K_CONTENT_WORDS,
	K_INSULTS, K_MODEL, K_WHY, NKEYS
};
static const char *const class_keys[NKEYS] = {
	"reason", "subreason", "protocol", "sentiment", "polarity", "filter",
	"action", "brand", "derivation", "tags", "lang", "content_words",
	"insults", "model", "why"
};

/* Words class holds for most messages, made once (struct run). */
enum {
	W_NEGATIVE, W_NEUTRAL, W_POSITIVE, W_ES, W_EN, W_OTHER, W_PUBLIC,
	W_PRIVATE, W_RESPOND, NWORDS
};
static const char *const word_text[NWORDS] = {
	"negative", "neutral", "positive", "es", "en", "other", "public",
	"private", "respond"
};
#define NCOUNTS	64	/* content_words and insults shared below this */

struct run {
	struct config	 cfg;
	struct words	 words;
	struct vocab	*vocab;
	struct idset	*seen_texts;	/* author + text, for "repeated" */
	struct model	*training;	/* --train-model */
	const char	*label_path;
	struct jwant	*want;		/* what of a record is read; NULL:
					 * all, and the record is rebuilt */
	json_t		*cls[NKEYS];	/* this message's class (rules_bind) */
	struct jparts	*parts;		/* class_keys, for json_parts_to_buf */
	struct jbuf	 out;		/* its JSON text */
	/*
	 * Values of class that many messages have, made before the first
	 * record and shared by all (jarena.h: values made outside a
	 * record may be used and dropped inside one), with their JSON
	 * text.  Nothing changes a value once made: rules replace class's
	 * keys, never edit them.  known[k]: the one class's key k was
	 * last set to, written as its text if the key still holds it.
	 */
	struct jconst	 sentiments[201];	/* -1.00 to 1.00 */
	struct jconst	 counts[NCOUNTS];
	struct jconst	 words_c[NWORDS];
	const struct jconst *known[NKEYS];
};

/* The record's parts scs-classify reads itself; the rules add theirs. */
static const char *const read_paths[] = {
	"type", "text", "subject", "direction", "lang", "public", "author.id",
	"created_at", "thread.id", "thread.in_reply_to", "class", NULL
};

/*
 * The parts of a record to parse: the rest only passes through, and is
 * written from the original line.  (A record that has a class already
 * is parsed whole: its line is rebuilt.)  NULL, all of every record,
 * when a rule sets a field outside class: then every line is rebuilt,
 * or what the rule set would be lost.
 */
static struct jwant *
wanted(const struct config *cfg)
{
	struct ruleset *const sets[] = { cfg->filters, cfg->reasons,
	    cfg->protocols, cfg->derivation, cfg->rules, cfg->actions };
	struct jwant *w;
	size_t i;

	for (i = 0; i < sizeof(sets) / sizeof(sets[0]); i++)
		if (rules_sets_outside(sets[i], "class"))
			return NULL;
	w = jwant_new();
	jwant_add_list(w, read_paths);
	for (i = 0; i < sizeof(sets) / sizeof(sets[0]); i++)
		rules_want(sets[i], w);
	return w;
}

/* The rule lists read and set class's keys in run->cls. */
static void
bind_class(struct run *run)
{
	struct config *cfg = &run->cfg;
	struct ruleset *const sets[] = { cfg->filters, cfg->reasons,
	    cfg->protocols, cfg->derivation, cfg->rules, cfg->actions };
	char err[512];
	size_t i;

	for (i = 0; i < sizeof(sets) / sizeof(sets[0]); i++)
		if (sets[i] != NULL && rules_bind(sets[i], "class",
		    class_keys, NKEYS, run->cls, err, sizeof(err)) == -1)
			diag_fatal(EX_CONFIG, "%s", err);
}

/* Set class's key k to v (stolen). */
#define SET(run, k, v) do {						\
	json_decref((run)->cls[(k)]);					\
	(run)->cls[(k)] = (v);						\
} while (0)

/* A string known to be valid UTF-8. */
static json_t *
str(const char *s)
{
	return json_stringn_nocheck(s, strlen(s));
}

/*
 * A 128-bit digest of the author and the message's words, remembered
 * for "repeated" instead of the words themselves: 16 bytes an entry
 * (kept inside idset's entry, no allocation) whatever the text's
 * length, so the window of 100k messages stays a few megabytes.  Two
 * independent 64-bit lanes; each piece is absorbed with its length, so
 * ("ab","c") and ("a","bc") differ.
 */
struct digest {
	uint64_t	a, b;
};

static inline void
absorb_word(struct digest *d, uint64_t w)
{
	d->a = (d->a ^ w) * 0x9e3779b97f4a7c15ull;
	d->a ^= d->a >> 31;
	d->b = (d->b + w) * 0xc2b2ae3d27d4eb4full;
	d->b ^= d->b >> 29;
}

/*
 * s[0..len) into d, its last bytes zero-padded to a word.  Bytes up to
 * end may be read: the padding is then a mask, not a byte-by-byte copy
 * (on a little-endian machine, where the mask keeps the first bytes).
 * Inline, so that d stays in registers across a text's words.
 */
static inline void
absorb(struct digest *d, const char *s, size_t len, const char *end)
{
	uint64_t w;

	absorb_word(d, len);
	for (; len >= 8; s += 8, len -= 8) {
		memcpy(&w, s, 8);
		absorb_word(d, w);
	}
	if (len == 0)
		return;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (end - s >= 8) {
		memcpy(&w, s, 8);
		absorb_word(d, w & (~0ull >> (64 - 8 * len)));
		return;
	}
#endif
	w = 0;
	memcpy(&w, s, len);
	absorb_word(d, w);
}

static uint64_t
finish(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	return h ^ (h >> 33);
}

/*
 * The key "repeated" remembers: a digest of the author and the words,
 * 0 when there is no author or no word.  Taken early, so that the
 * window's lines it will touch are fetched while the text is analyzed.
 */
static int
repeat_key(struct run *run, json_t *rec, uint64_t key[2])
{
	const char *author = jpath_str(rec, "author.id");
	struct words *w = &run->words;
	struct digest d = { 0x243f6a8885a308d3ull, 0x13198a2e03707344ull };
	size_t i;

	if (author == NULL || w->n == 0)
		return 0;
	/* The author's id ends the record's string: nothing past it is
	 * read (end = start), unlike the words' buffer below. */
	absorb(&d, author, strlen(author), author);
	for (i = 0; i < w->n; i++)
		absorb(&d, w->buf + w->v[i].off, w->v[i].len,
		    w->buf + w->len);
	key[0] = finish(d.a);
	key[1] = finish(d.b);
	idset_prefetch(run->seen_texts, (const char *)key, 2 * sizeof(*key));
	return 1;
}

/* "repeated": the same author wrote the same words not long ago. */
static int
repeated(struct run *run, json_t *rec, const uint64_t key[2])
{
	const char *when = json_string_value(json_object_get(rec,
	    "created_at"));
	int64_t ms = 0, before;

	if (when != NULL)
		ts_parse_rfc3339(when, &ms);
	if (idset_put(run->seen_texts, (const char *)key, 2 * sizeof(*key),
	    ms, &before))
		return 0;
	return when == NULL || ms - before <= run->cfg.repeat_ms;
}

static void
shared(struct jconst *c, json_t *v)
{
	if (jconst_init(c, v) == -1)
		diag_fatal(EX_SOFTWARE, "out of memory");
}

static void
make_shared(struct run *run)
{
	size_t i;

	for (i = 0; i < 201; i++)
		shared(&run->sentiments[i], json_real(((double)i - 100) / 100));
	for (i = 0; i < NCOUNTS; i++)
		shared(&run->counts[i], json_integer((json_int_t)i));
	for (i = 0; i < NWORDS; i++)
		shared(&run->words_c[i], str(word_text[i]));
}

static void
free_shared(struct run *run)
{
	size_t i;

	for (i = 0; i < 201; i++)
		jconst_free(&run->sentiments[i]);
	for (i = 0; i < NCOUNTS; i++)
		jconst_free(&run->counts[i]);
	for (i = 0; i < NWORDS; i++)
		jconst_free(&run->words_c[i]);
}

/* Set class's key k to the shared value c. */
static void
set_known(struct run *run, int k, const struct jconst *c)
{
	SET(run, k, json_incref(c->v));
	run->known[k] = c;
}

static void
set_word(struct run *run, int k, int w)
{
	set_known(run, k, &run->words_c[w]);
}

/* The score to two decimals (a -0.0 stays one, made on the spot). */
static void
set_sentiment(struct run *run, double v)
{
	double k = round(v * 100);

	if (k >= -100 && k <= 100 && !(k == 0 && signbit(k)))
		set_known(run, K_SENTIMENT, &run->sentiments[(int)k + 100]);
	else
		SET(run, K_SENTIMENT, json_real(k / 100));
}

static void
set_count(struct run *run, int k, int n)
{
	if (n >= 0 && n < NCOUNTS)
		set_known(run, k, &run->counts[n]);
	else
		SET(run, k, json_integer(n));
}

static void
set_lang(struct run *run, const char *lang)
{
	if (strcmp(lang, "es") == 0)
		set_word(run, K_LANG, W_ES);
	else if (strcmp(lang, "en") == 0)
		set_word(run, K_LANG, W_EN);
	else
		SET(run, K_LANG, str(lang));
}

/* key: the message's repeat_key, or NULL when it has none. */
static void
set_filter(struct run *run, json_t *rec, json_t *why, const uint64_t *key)
{
	const char *f = builtin_filter(&run->cfg, &run->words, rec);

	if (run->cfg.filters != NULL)
		rules_apply(run->cfg.filters, rec, why);
	if (json_is_string(run->cls[K_FILTER]))
		return;
	if (f == NULL && key != NULL && repeated(run, rec, key))
		f = "repeated";
	if (f != NULL) {
		SET(run, K_FILTER, str(f));
		json_array_append_new(why, why_cat("filter:", f, NULL));
	} else
		SET(run, K_FILTER, json_null());
}

static void
apply(struct ruleset *rs, json_t *rec, json_t *why)
{
	if (rs != NULL)
		rules_apply(rs, rec, why);
}

/*
 * Fill run->cls for the message.  textv: rec's "text" (a string, or
 * NULL when it has none), with the subject first when subject says so.
 */
static void
classify(struct run *run, json_t *rec, json_t *textv, int subject)
{
	struct config *cfg = &run->cfg;
	const char *text = json_string_value(textv);
	const char *dir = json_string_value(json_object_get(rec,
	    "direction"));
	const char *lang = json_string_value(json_object_get(rec, "lang"));
	int inbound = dir == NULL || strcmp(dir, "out") != 0;
	size_t len = text ? json_string_length(textv) : 0;
	struct analysis a;
	json_t *why = json_array(), *brand;
	const struct jconst *known;
	uint64_t key[2];
	int keyed = 0;

	/* Ours, and the slot's: a rule that sets class.why drops only
	 * the slot's. */
	SET(run, K_WHY, json_incref(why));
	if (subject)
		json_array_append_new(why, str("text:subject+body"));
	words_split(&run->words, text ? text : "", len);
	words_lookup(run->vocab, &run->words);
	if (inbound)
		keyed = repeat_key(run, rec, key);
	analyze_text(cfg, &run->words, text ? text : "", len, lang, &a, why);
	set_sentiment(run, a.sentiment);
	set_word(run, K_POLARITY, a.sentiment < cfg->negative ? W_NEGATIVE :
	    a.sentiment > cfg->positive ? W_POSITIVE : W_NEUTRAL);
	set_lang(run, a.lang);
	set_count(run, K_CONTENT_WORDS, a.content_words);
	set_count(run, K_INSULTS, a.insults);
	if ((brand = find_brand(cfg, &run->words)) != NULL) {
		/* Naming the company states no problem. */
		if (a.content_words > 0)
			set_count(run, K_CONTENT_WORDS, a.content_words - 1);
		json_array_append_new(why, json_sprintf("brand:%s~%s",
		    json_string_value(json_object_get(brand, "seen")),
		    json_string_value(json_object_get(brand, "term"))));
		SET(run, K_BRAND, brand);
	}
	if (inbound) {
		set_filter(run, rec, why, keyed ? key : NULL);
		if (cfg->model != NULL) {
			SET(run, K_MODEL, model_predict(cfg->model,
			    &run->words, why, &known));
			run->known[K_MODEL] = known;
		}
		apply(cfg->reasons, rec, why);
		if (run->cls[K_REASON] == NULL)
			set_word(run, K_REASON, W_OTHER);
		apply(cfg->protocols, rec, why);
		if (run->cls[K_PROTOCOL] == NULL)
			set_word(run, K_PROTOCOL,
			    json_is_true(json_object_get(rec, "public")) ?
			    W_PUBLIC : W_PRIVATE);
	} else {
		SET(run, K_DERIVATION, json_false());
		apply(cfg->derivation, rec, why);
	}
	apply(cfg->rules, rec, why);
	if (inbound) {
		apply(cfg->actions, rec, why);
		if (run->cls[K_ACTION] == NULL)
			set_word(run, K_ACTION, W_RESPOND);
	}
	/* A rule may have set why: ours is the one written. */
	SET(run, K_WHY, why);
}

static int
is_message(json_t *rec)
{
	json_t *type = json_object_get(rec, "type");

	return type == NULL || (json_is_string(type) &&
	    strcmp(json_string_value(type), "message") == 0);
}

/* --train-model: count this message's words under its label. */
static void
train_on(struct run *run, struct lreader *lr, json_t *rec, const char *line,
    size_t len)
{
	json_t *text = json_object_get(rec, "text");
	const char *label = jpath_str(rec, run->label_path);

	if (label == NULL || text == NULL) {
		diag_reject(lr->name, lr->lineno, line, len, "training needs "
		    "\"text\" and a label at \"%s\"", run->label_path);
		return;
	}
	words_split(&run->words, json_string_value(text),
	    json_string_length(text));
	if (model_train_add(run->training, &run->words, label) == -1)
		diag_fatal(EX_DATAERR, "too many labels (\"%s\")", label);
	stats_count("trained on");
}

static void
classify_line(struct run *run, struct lreader *lr, const char *line,
    size_t len)
{
	json_error_t err;
	json_t *rec, *text, *had, *extra;
	struct msgtext mt;
	size_t i;

	if ((rec = jparse_want(line, len, run->want, &err)) == NULL) {
		diag_reject(lr->name, lr->lineno, line, len,
		    "invalid JSON at column %d: %s", err.column, err.text);
		return;
	}
	if (run->want != NULL && json_object_get(rec, "class") != NULL) {
		json_decref(rec);
		rec = jparse(line, len, 0, &err);
	}
	if (!is_message(rec)) {
		stats_count("other records");
		if (rec_write_raw(line, len) == -1)
			diag_fatal(EX_IOERR, "write error");
		json_decref(rec);
		return;
	}
	text = json_object_get(rec, "text");
	if (text != NULL && !json_is_string(text)) {
		diag_reject(lr->name, lr->lineno, line, len,
		    "\"text\" is not a string");
		json_decref(rec);
		return;
	}
	if (run->training != NULL) {
		train_on(run, lr, rec, line, len);
		json_decref(rec);
		return;
	}
	/* The subject is read with the text (msgtext.h); the text as it
	 * came is put back before the record is written. */
	if (msgtext_begin(rec, &mt))
		text = json_object_get(rec, "text");
	/* While the rules run, rec's "class" holds only the keys they add
	 * besides run->cls's; an old class is put back after, for
	 * rec_splice_text to write the new one in its place. */
	had = json_incref(json_object_get(rec, "class"));
	/* Emptied in its place; added when a rule may set another field,
	 * so that rec_splice_text rebuilds the line. */
	if (had != NULL || run->want == NULL)
		json_object_set_new(rec, "class", json_object());
	classify(run, rec, text, mt.joined);
	extra = json_incref(json_object_get(rec, "class"));
	if (had != NULL)
		json_object_set(rec, "class", had);
	else if (extra != NULL && run->want != NULL)
		json_object_del(rec, "class");
	json_decref(had);
	msgtext_end(rec, &mt);
	run->out.len = 0;
	if (json_parts_to_buf(&run->out, run->parts, run->cls, run->known,
	    extra) ==
	    -1 || rec_splice_text(line, len, rec, "class", run->out.p,
	    run->out.len) == -1)
		diag_fatal(EX_IOERR, "write error");
	stats_count("messages");
	stats_count(json_is_string(run->cls[K_FILTER]) ? "filtered" :
	    "for agents");
	/* Each holds one reference: the rules' values theirs, the rest
	 * made for this record. */
	for (i = 0; i < NKEYS; i++) {
		jarena_decref(run->cls[i]);
		run->cls[i] = NULL;
	}
	jarena_decref(extra);
	jarena_discard(rec);
}

static void
classify_one(struct lreader *lr, const char *line, size_t len, void *arg)
{
	jarena_begin();
	classify_line(arg, lr, line, len);
	jarena_end();
}

int
main(int argc, char **argv)
{
	struct cli cli = { LR_DEFAULT_MAX, 0 };
	struct run run;
	char *path = NULL, *end;
	const char *rules_arg = NULL, *train_out = NULL;
	int c, i, check = 0, stats = isatty(2), status, min_count = 2;
	FILE *out;

	diag_init(argv[0]);
	rec_out_init(stdout);
	memset(&run, 0, sizeof(run));
	run.label_path = "extra.label";
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (cli_common(&cli, c, optarg, usage))
			continue;
		switch (c) {
		case OPT_RULES:
			rules_arg = optarg;
			break;
		case OPT_CHECK:
			check = 1;
			break;
		case OPT_STATS:
			stats = 1;
			break;
		case OPT_TRAIN:
			train_out = optarg;
			break;
		case OPT_LABEL:
			run.label_path = optarg;
			break;
		case OPT_MIN_COUNT:
			min_count = (int)strtol(optarg, &end, 10);
			if (*end != '\0' || min_count < 1)
				diag_fatal(EX_USAGE, "--min-count: a number "
				    "from 1");
			break;
		default:
			fputs(usage, stderr);
			exit(EX_USAGE);
		}
	}
	/* Training needs only the words, not the rules it will serve. */
	if (train_out == NULL) {
		path = cli_rules_file(rules_arg, "classify.yaml");
		config_load(&run.cfg, path);
		free(path);
	} else
		run.cfg.repeat_remember = 1;
	if (train_out == NULL)
		bind_class(&run);
	if (check) {
		config_free(&run.cfg);
		return 0;
	}
	/* After the rules: they keep jansson values beyond any record. */
	jarena_init();
	if ((run.seen_texts = idset_new(run.cfg.repeat_remember + 1)) == NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");
	if (train_out != NULL)
		run.training = model_train_new();
	else {
		run.vocab = vocab_new(&run.cfg);
		run.want = wanted(&run.cfg);
		make_shared(&run);
		if ((run.parts = jparts_new(class_keys, NKEYS)) == NULL)
			diag_fatal(EX_SOFTWARE, "out of memory");
	}
	if (optind == argc)
		cli_each_line("-", cli.max_line, classify_one, &run);
	for (i = optind; i < argc; i++)
		cli_each_line(argv[i], cli.max_line, classify_one, &run);
	if (run.training != NULL) {
		if ((out = fopen(train_out, "w")) == NULL)
			diag_fatal(EX_CANTCREAT, "%s: %s", train_out,
			    strerror(errno));
		if (model_train_write(run.training, out, min_count) == -1 ||
		    fclose(out) == EOF)
			diag_fatal(EX_IOERR, "%s: write error", train_out);
		model_free(run.training);
	}
	status = cli_finish(stats);
	jarena_free_all();
	idset_free(run.seen_texts);
	words_free(&run.words);
	free(run.out.p);
	jparts_free(run.parts);
	if (run.vocab != NULL)
		free_shared(&run);
	vocab_free(run.vocab);
	jwant_free(run.want);
	if (train_out == NULL)
		config_free(&run.cfg);
	return status;
}
