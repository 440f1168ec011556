/* config.c - classify.yaml: lexicons, word lists, brands, rule lists
 *
 * Every section is optional; an unknown one, or a value of the wrong
 * kind, is refused with its file:line:column and exit 78, as a typo'd
 * key must never be silently ignored.
 */
#include <errno.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "classify.h"
#include "diag.h"
#include "fuzzy.h"

static const char *const sections[] = {
	"lexicons", "default_lang", "polarity", "brands", "words",
	"one_word", "repeated", "promo", "filters", "reasons", "protocols",
	"derivation", "rules", "actions", "model", NULL
};

static void __attribute__((noreturn, format(printf, 3, 4)))
config_error(struct config *cfg, json_t *at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ydoc_vfatal(cfg->doc, cfg->path, at, fmt, ap);
}

static int
known_section(const char *key)
{
	size_t i;

	for (i = 0; sections[i] != NULL; i++)
		if (strcmp(sections[i], key) == 0)
			return 1;
	return 0;
}

/* A string or a list of strings, as a list (borrowed items). */
static json_t *
string_list(struct config *cfg, json_t *v, const char *what)
{
	json_t *e;
	size_t i;

	if (json_is_string(v)) {
		json_t *one = json_array();

		json_array_append(one, v);
		return one;
	}
	if (!json_is_array(v))
		config_error(cfg, v, "%s: expected a word or a list of words",
		    what);
	json_array_foreach(v, i, e)
		if (!json_is_string(e))
			config_error(cfg, e ? e : v, "%s: item %zu is not a "
			    "word", what, i + 1);
	return json_incref(v);
}

/* Mark folded word with bit in cfg->word_kinds. */
static void
mark_word(struct config *cfg, const char *folded, size_t len, int bit)
{
	int found, kinds;

	if (cfg->word_kinds == NULL)
		cfg->word_kinds = lexicon_new();
	kinds = (int)lexicon_get(cfg->word_kinds, folded, len, &found);
	lexicon_add(cfg->word_kinds, folded, (double)(kinds | bit));
}

/* The words of a list; with phrases set, its phrases' lengths are
 * checked and the longest kept (max_phrase), and, when bit is not 0,
 * its single words are marked with bit and the first words of its
 * phrases with bit << 1 in word_kinds. */
static struct lexicon *
word_set_phrases(struct config *cfg, struct lexicon *set, json_t *v,
    const char *what, int phrases, int bit)
{
	json_t *list = string_list(cfg, v, what), *e;
	char folded[512], *sp, *p;
	size_t i, n;

	if (set == NULL)
		set = lexicon_new();
	json_array_foreach(list, i, e) {
		lexicon_add(set, json_string_value(e), 1);
		if (!phrases)
			continue;
		utf8_fold(json_string_value(e), json_string_length(e), folded,
		    sizeof(folded));
		/* Phrases are looked for as long as the longest listed
		 * ("la concha de tu madre"). */
		for (n = 1, p = folded; (p = strchr(p, ' ')) != NULL; p++)
			n++;
		if (n > MAX_PHRASE)
			config_error(cfg, e, "%s: \"%s\" has more than %d "
			    "words", what, json_string_value(e), MAX_PHRASE);
		if (n > cfg->max_phrase)
			cfg->max_phrase = n;
		if ((sp = strchr(folded, ' ')) == NULL) {
			if (bit != 0)
				mark_word(cfg, folded, strlen(folded), bit);
			continue;
		}
		*sp = '\0';
		if (bit != 0)
			mark_word(cfg, folded, strlen(folded), bit << 1);
	}
	json_decref(list);
	return set;
}

static struct lexicon *
word_set(struct config *cfg, struct lexicon *set, json_t *v, const char *what)
{
	return word_set_phrases(cfg, set, v, what, 0, 0);
}

/* Lexicon file names are relative to classify.yaml's folder. */
static struct lexicon *
load_lexicons(struct config *cfg, json_t *files, const char *what)
{
	struct lexicon *lx = lexicon_new();
	json_t *list = string_list(cfg, files, what), *e;
	char *dir, *copy, path[4096], err[512];
	size_t i;

	copy = strdup(cfg->path);
	dir = dirname(copy);
	json_array_foreach(list, i, e) {
		const char *f = json_string_value(e);

		if (f[0] == '/')
			snprintf(path, sizeof(path), "%s", f);
		else
			snprintf(path, sizeof(path), "%s/%s", dir, f);
		if (lexicon_load(lx, path, err, sizeof(err)) == -1)
			config_error(cfg, e, "%s: %s", what, err);
	}
	free(copy);
	json_decref(list);
	return lx;
}

static void
load_lexicon_section(struct config *cfg, json_t *v)
{
	const char *lang;
	json_t *files;

	if (!json_is_object(v))
		config_error(cfg, v, "lexicons: expected es: and en: lists "
		    "of files");
	json_object_foreach(v, lang, files) {
		if (strcmp(lang, "es") == 0)
			cfg->lex_es = load_lexicons(cfg, files, "lexicons.es");
		else if (strcmp(lang, "en") == 0)
			cfg->lex_en = load_lexicons(cfg, files, "lexicons.en");
		else
			config_error(cfg, files, "lexicons: unknown language "
			    "\"%s\" (expected es or en)", lang);
	}
}

static double
number(struct config *cfg, json_t *v, const char *what)
{
	if (!json_is_number(v))
		config_error(cfg, v, "%s: expected a number", what);
	return json_number_value(v);
}

static void
load_polarity(struct config *cfg, json_t *v)
{
	const char *key;
	json_t *x;

	if (!json_is_object(v))
		config_error(cfg, v, "polarity: expected negative: and "
		    "positive: thresholds");
	json_object_foreach(v, key, x) {
		if (strcmp(key, "negative") == 0)
			cfg->negative = number(cfg, x, "polarity.negative");
		else if (strcmp(key, "positive") == 0)
			cfg->positive = number(cfg, x, "polarity.positive");
		else
			config_error(cfg, x, "polarity: unknown key \"%s\" "
			    "(expected negative, positive)", key);
	}
	if (cfg->negative > cfg->positive)
		config_error(cfg, v, "polarity: negative must not be above "
		    "positive");
}

uint32_t
letter_bits(const char *s, size_t n)
{
	uint32_t bits = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] >= 'a' && s[i] <= 'z')
			bits |= 1u << (s[i] - 'a');
	return bits;
}

void
letter_hist(const char *s, size_t n, unsigned char hist[HIST_LEN])
{
	size_t i;
	unsigned char c;

	memset(hist, 0, HIST_LEN);
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c >= 'a' && c <= 'z')
			hist[c - 'a']++;
		else if ((c & 0xC0) != 0x80)	/* one per character */
			hist[26]++;
	}
}

/*
 * Where a name is looked for: its list (BL_*); the longest name; the
 * lengths of the pairs of words worth joining.
 */
static void
index_brand(struct config *cfg, const struct brand *b, size_t ix)
{
	size_t n = b->len;

	/* Names of three words and more are found run together only. */
	if (b->runon || b->nwords <= 2) {
		int l = b->runon ? BL_RUNON : b->nwords == 1 ? BL_ONE : BL_TWO;

		cfg->brand_list[l] = realloc(cfg->brand_list[l],
		    (cfg->brand_nlist[l] + 1) * sizeof(*cfg->brand_list[l]));
		if (cfg->brand_list[l] == NULL)
			diag_fatal(EX_SOFTWARE, "out of memory");
		cfg->brand_list[l][cfg->brand_nlist[l]++] = (uint32_t)ix;
	}
	if (n + (size_t)b->limit > cfg->brand_maxlen)
		cfg->brand_maxlen = n + (size_t)b->limit;
	/* The spans say which pairs of words to join: never to make a name
	 * run together (analyze.c's form_cost). */
	if (b->nwords <= 2 && !b->runon) {
		size_t *span = cfg->brand_span[b->nwords];
		size_t lo = n > (size_t)b->limit ? n - (size_t)b->limit : 0;

		if (span[1] == 0 || lo < span[0])
			span[0] = lo;
		if (n + (size_t)b->limit > span[1])
			span[1] = n + (size_t)b->limit;
	}
}

/* One entry of cfg->brands for the folded name s[0..n), which is a name
 * of several words run together when runon. */
static struct brand *
brand_entry(struct config *cfg, const char *term, const char *s, size_t n,
    int runon)
{
	struct brand *b;
	const char *sp;

	cfg->brands = realloc(cfg->brands,
	    (cfg->nbrands + 1) * sizeof(*cfg->brands));
	if (cfg->brands == NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");
	b = &cfg->brands[cfg->nbrands++];
	memset(b, 0, sizeof(*b));
	if ((b->term = strdup(term)) == NULL ||
	    (b->folded = strndup(s, n)) == NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");
	b->nwords = 1;
	for (sp = s; (sp = memchr(sp, ' ', n - (size_t)(sp - s))) != NULL; sp++)
		b->nwords++;
	b->namewords = b->nwords;
	b->runon = runon;
	b->limit = fuzzy_limit(utf8_ncp(s, n));
	b->letters = letter_bits(b->folded, n);
	letter_hist(b->folded, n, b->hist);
	b->len = n;
	index_brand(cfg, b, cfg->nbrands - 1);
	return b;
}

/*
 * A name of several words is also looked for run together, as one
 * word: "@AirEuropa", "#USAirways" are how it is written where a space
 * cannot be (analyze.c's form_cost says what the missing space costs
 * elsewhere).
 */
static void
add_brand(struct config *cfg, json_t *at, const char *term)
{
	struct brand *b;
	char folded[512], runon[512];
	size_t n, i, j, k = 0, nwords;
	int short_part = 0;

	n = utf8_fold(term, strlen(term), folded, sizeof(folded));
	if (n == 0 || n >= sizeof(folded))
		config_error(cfg, at, "brands: bad name \"%s\"", term);
	nwords = brand_entry(cfg, term, folded, n, 0)->nwords;
	if (nwords == 1)
		return;
	/* the words of the name, one after the other */
	for (i = 0; i < n; i = j + 1) {
		for (j = i; j < n && folded[j] != ' '; j++)
			;
		short_part |= utf8_ncp(folded + i, j - i) < 3;
		memcpy(runon + k, folded + i, j - i);
		k += j - i;
	}
	b = brand_entry(cfg, term, runon, k, 1);
	b->short_part = short_part;
	b->namewords = nwords;
}

static void
load_brands(struct config *cfg, json_t *v)
{
	const char *key;
	json_t *b, *x, *list, *e;
	size_t i, j;

	if (!json_is_array(v))
		config_error(cfg, v, "brands: expected a list of {term: NAME, "
		    "products: [...], ignore: [...]}");
	json_array_foreach(v, i, b) {
		if (json_is_string(b)) {
			add_brand(cfg, b, json_string_value(b));
			continue;
		}
		if (!json_is_object(b) || !json_is_string(json_object_get(b,
		    "term")))
			config_error(cfg, b, "brands: item %zu needs term: "
			    "NAME", i + 1);
		json_object_foreach(b, key, x) {
			if (strcmp(key, "term") == 0)
				add_brand(cfg, x, json_string_value(x));
			else if (strcmp(key, "products") == 0) {
				list = string_list(cfg, x, "brands.products");
				json_array_foreach(list, j, e)
					add_brand(cfg, e,
					    json_string_value(e));
				json_decref(list);
			} else if (strcmp(key, "ignore") == 0)
				cfg->brand_ignore = word_set(cfg,
				    cfg->brand_ignore, x, "brands.ignore");
			else
				config_error(cfg, x, "brands: unknown key "
				    "\"%s\" (expected term, products, ignore)",
				    key);
		}
	}
}

static void
load_words(struct config *cfg, json_t *v)
{
	const char *key;
	json_t *x;

	if (!json_is_object(v))
		config_error(cfg, v, "words: expected empty: and insult: "
		    "lists");
	json_object_foreach(v, key, x) {
		if (strcmp(key, "empty") == 0)
			cfg->empty_words = word_set_phrases(cfg,
			    cfg->empty_words, x, "words.empty", 1, WK_EMPTY);
		else if (strcmp(key, "insult") == 0)
			cfg->insults = word_set_phrases(cfg, cfg->insults, x,
			    "words.insult", 1, WK_INSULT);
		else
			config_error(cfg, x, "words: unknown key \"%s\" "
			    "(expected empty, insult)", key);
	}
}

static void
load_repeated(struct config *cfg, json_t *v)
{
	const char *key;
	json_t *x;
	double d;

	if (!json_is_object(v))
		config_error(cfg, v, "repeated: expected seconds: and "
		    "remember:");
	json_object_foreach(v, key, x) {
		d = number(cfg, x, key);
		if (d < 0 || d > 1e9)
			config_error(cfg, x, "repeated.%s: out of range", key);
		if (strcmp(key, "seconds") == 0)
			cfg->repeat_ms = (int64_t)(d * 1000);
		else if (strcmp(key, "remember") == 0)
			cfg->repeat_remember = (size_t)d;
		else
			config_error(cfg, x, "repeated: unknown key \"%s\" "
			    "(expected seconds, remember)", key);
	}
}

static void
load_promo(struct config *cfg, json_t *v)
{
	const char *key;
	json_t *x, *list, *e;
	size_t i;

	if (!json_is_object(v))
		config_error(cfg, v, "promo: expected hashtags: and threads:");
	json_object_foreach(v, key, x) {
		if (strcmp(key, "hashtags") == 0)
			cfg->promo_tags = word_set(cfg, cfg->promo_tags, x,
			    "promo.hashtags");
		else if (strcmp(key, "threads") == 0) {
			list = string_list(cfg, x, "promo.threads");
			if (cfg->promo_threads == NULL)
				cfg->promo_threads = idset_new(
				    json_array_size(list) + 1);
			json_array_foreach(list, i, e)
				idset_add(cfg->promo_threads,
				    json_string_value(e),
				    json_string_length(e));
			json_decref(list);
		} else
			config_error(cfg, x, "promo: unknown key \"%s\" "
			    "(expected hashtags, threads)", key);
	}
}

static struct ruleset *
load_rules(struct config *cfg, json_t *v)
{
	struct ruleset *rs;
	char err[1024];

	if ((rs = rules_compile(cfg->doc, v, "class.tags", err,
	    sizeof(err))) == NULL)
		diag_fatal(EX_CONFIG, "%s", err);
	return rs;
}

/* model: FILE, relative to classify.yaml's folder. */
static void
load_model(struct config *cfg, json_t *v)
{
	char *copy, path[4096], err[512];
	const char *f = json_string_value(v);

	if (f == NULL)
		config_error(cfg, v, "model: expected the model file's name");
	copy = strdup(cfg->path);
	if (f[0] == '/')
		snprintf(path, sizeof(path), "%s", f);
	else
		snprintf(path, sizeof(path), "%s/%s", dirname(copy), f);
	free(copy);
	if ((cfg->model = model_load(path, err, sizeof(err))) == NULL)
		config_error(cfg, v, "model: %s", err);
}

static void
load_section(struct config *cfg, const char *key, json_t *v)
{
	if (strcmp(key, "lexicons") == 0)
		load_lexicon_section(cfg, v);
	else if (strcmp(key, "default_lang") == 0) {
		const char *l = json_string_value(v);

		if (l == NULL || (strcmp(l, "es") != 0 && strcmp(l, "en")))
			config_error(cfg, v, "default_lang: es or en");
		cfg->default_lang = strcmp(l, "es") == 0 ? "es" : "en";
	} else if (strcmp(key, "polarity") == 0)
		load_polarity(cfg, v);
	else if (strcmp(key, "brands") == 0)
		load_brands(cfg, v);
	else if (strcmp(key, "words") == 0)
		load_words(cfg, v);
	else if (strcmp(key, "one_word") == 0)
		cfg->one_word = word_set_phrases(cfg, cfg->one_word, v,
		    "one_word", 1, 0);
	else if (strcmp(key, "repeated") == 0)
		load_repeated(cfg, v);
	else if (strcmp(key, "promo") == 0)
		load_promo(cfg, v);
	else if (strcmp(key, "filters") == 0)
		cfg->filters = load_rules(cfg, v);
	else if (strcmp(key, "reasons") == 0)
		cfg->reasons = load_rules(cfg, v);
	else if (strcmp(key, "protocols") == 0)
		cfg->protocols = load_rules(cfg, v);
	else if (strcmp(key, "derivation") == 0)
		cfg->derivation = load_rules(cfg, v);
	else if (strcmp(key, "rules") == 0)
		cfg->rules = load_rules(cfg, v);
	else if (strcmp(key, "actions") == 0)
		cfg->actions = load_rules(cfg, v);
	else if (strcmp(key, "model") == 0)
		load_model(cfg, v);
}

void
config_load(struct config *cfg, const char *path)
{
	char err[1024];
	const char *key;
	json_t *root, *v;

	memset(cfg, 0, sizeof(*cfg));
	cfg->path = strdup(path);
	cfg->default_lang = "es";
	cfg->negative = -0.05;
	cfg->positive = 0.05;
	cfg->repeat_ms = 86400 * 1000;
	cfg->repeat_remember = 100000;
	if ((cfg->doc = ydoc_load(path, err, sizeof(err))) == NULL)
		diag_fatal(EX_CONFIG, "%s", err);
	root = ydoc_root(cfg->doc);
	if (!json_is_object(root))
		config_error(cfg, root, "expected sections such as lexicons:, "
		    "brands:, reasons:");
	json_object_foreach(root, key, v) {
		if (!known_section(key))
			config_error(cfg, v, "unknown section \"%s\"", key);
		load_section(cfg, key, v);
	}
	if (cfg->lex_es == NULL)
		cfg->lex_es = lexicon_new();
	if (cfg->lex_en == NULL)
		cfg->lex_en = lexicon_new();
}

void
config_free(struct config *cfg)
{
	size_t i;

	lexicon_free(cfg->lex_es);
	lexicon_free(cfg->lex_en);
	for (i = 0; i < cfg->nbrands; i++) {
		free(cfg->brands[i].term);
		free(cfg->brands[i].folded);
	}
	free(cfg->brands);
	for (i = 0; i < 3; i++)
		free(cfg->brand_list[i]);
	lexicon_free(cfg->brand_ignore);
	lexicon_free(cfg->empty_words);
	lexicon_free(cfg->insults);
	lexicon_free(cfg->one_word);
	lexicon_free(cfg->word_kinds);
	lexicon_free(cfg->promo_tags);
	idset_free(cfg->promo_threads);
	rules_free(cfg->filters);
	rules_free(cfg->reasons);
	rules_free(cfg->protocols);
	rules_free(cfg->derivation);
	rules_free(cfg->rules);
	rules_free(cfg->actions);
	model_free(cfg->model);
	ydoc_free(cfg->doc);
	free(cfg->path);
}
