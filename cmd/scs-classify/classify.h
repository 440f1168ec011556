/* classify.h - what scs-classify's parts share */
#ifndef SCS_CLASSIFY_H
#define SCS_CLASSIFY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "idset.h"
#include "rules.h"
#include "sentiment.h"
#include "utf8.h"
#include "yamljson.h"

/* A brand or product name to find, even misspelled. */
struct brand {
	char		*term;		/* as written in the rules */
	char		*folded;	/* folded, words joined by one space */
	size_t		 len;		/* of folded */
	size_t		 nwords;
	int		 limit;		/* edit distance allowed */
	uint32_t	 letters;	/* a-z it uses, as bits */
	unsigned char	 hist[27];	/* count of each a-z, then others */
};

struct model;

#define WK_INSULT	0x1	/* an insult */
#define WK_INSULT_START	0x2	/* the first word of an insulting phrase */
#define WK_EMPTY	0x4	/* a word that says nothing ("hola") */
#define WK_EMPTY_START	0x8	/* the first word of such a phrase */

/* classify.yaml, compiled. */
struct config {
	char		*path;
	struct yamldoc	*doc;
	struct lexicon	*lex_es, *lex_en;
	const char	*default_lang;
	double		 negative, positive;	/* polarity thresholds */
	struct brand	*brands;
	size_t		 nbrands;
	size_t		 brand_maxlen;	/* longest folded name plus its limit */
	/* The lengths a candidate of one or two words can have to be
	 * within reach of a name of as many words: [nwords][0] shortest,
	 * [nwords][1] longest. */
	size_t		 brand_span[3][2];
	struct lexicon	*brand_ignore;	/* words never taken for a brand */
	struct lexicon	*empty_words;	/* no content: greetings, "ayuda" */
	struct lexicon	*insults;
	struct lexicon	*one_word;	/* a whole message of these is filtered */
	/* First words of the lists' phrases, so single words need one
	 * look-up. */
	struct lexicon	*empty_starts, *insult_starts, *one_word_starts;
	/* Every word of the empty and insult lists with what it is (WK_*
	 * bits as its score): content words, most of any text, then take
	 * one look-up. */
	struct lexicon	*word_kinds;
	struct lexicon	*promo_tags;	/* campaign hashtags, folded */
	struct idset	*promo_threads;	/* campaign post ids */
	int64_t		 repeat_ms;	/* same author, same text, within */
	size_t		 repeat_remember;
	struct ruleset	*filters, *reasons, *protocols, *derivation, *rules,
			*actions;
	struct model	*model;		/* class.model, for the reason rules */
};

/* The letters a-z in s, as bits (for a quick "cannot be close" test). */
uint32_t letter_bits(const char *s, size_t n);
/* How many of each letter a-z s has, then how many other characters. */
void	letter_hist(const char *s, size_t n, unsigned char hist[27]);

/* Load and check the file (exits 78 with file:line:column on error). */
void	config_load(struct config *, const char *path);
void	config_free(struct config *);

/* The folded tokens of one text. */
struct word {
	size_t		 off, len;	/* in words.buf */
	enum tok_kind	 kind;
};
struct words {
	struct toklist	 toks;		/* the text's tokens, as split */
	char		*buf;
	size_t		 len, cap;
	struct word	*v;
	size_t		 n, cap_v;
};

/* Split text once: its tokens, and their folded forms (no punctuation). */
void	words_split(struct words *, const char *text, size_t len);
void	words_free(struct words *);

/* Features written into class before the rules run (analyze.c). */
struct analysis {
	const char	*lang;
	double		 sentiment;
	int		 content_words;
	int		 insults;
};

void	analyze_text(const struct config *, const struct words *,
	    const char *text, size_t len, const char *lang,
	    struct analysis *, json_t *why);
/* {"term":…,"seen":…,"distance":…} of the closest brand, or NULL. */
json_t	*find_brand(const struct config *, const struct words *);
/* "one_word", "promo" or NULL. */
const char *builtin_filter(const struct config *, const struct words *,
	    json_t *rec);

/* model.c: naive Bayes over words and word pairs. */
struct model *model_load(const char *path, char *err, size_t errlen);
void	model_free(struct model *);
/* {"label":…,"confidence":…}; its strongest words go to why. */
json_t	*model_predict(const struct model *, const struct words *,
	    json_t *why);
struct model *model_train_new(void);
int	model_train_add(struct model *, const struct words *,
	    const char *label);
int	model_train_write(struct model *, FILE *, int min_count);

#endif
