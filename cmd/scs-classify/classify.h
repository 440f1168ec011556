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
#include "record.h"
#include "yamljson.h"

/* Letter counts: each of a-z, then the other characters; the rest is
 * 0, so that two counts are compared 16 bytes at a time. */
#define HIST_LEN	32

/* A brand or product name to find, even misspelled. */
struct brand {
	char		*term;		/* as written in the rules */
	char		*folded;	/* folded, words joined by one space */
	size_t		 len;		/* of folded */
	size_t		 nwords;
	size_t		 namewords;	/* of the name as written */
	int		 runon;		/* a name of namewords words run
					 * together: "aireuropa" */
	int		 short_part;	/* runon: a word of the name has
					 * fewer than three characters */
	int		 limit;		/* edit distance allowed */
	uint32_t	 letters;	/* a-z it uses, as bits */
	unsigned char	 hist[HIST_LEN];	/* letter_hist */
};

struct model;

enum { BL_ONE, BL_TWO, BL_RUNON };

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
	/* Which brands a candidate is compared with: the names of one
	 * word, of two words, and the names run together (BL_*). */
	uint32_t	*brand_list[3];
	size_t		 brand_nlist[3];
	struct lexicon	*brand_ignore;	/* words never taken for a brand */
	struct lexicon	*empty_words;	/* no content: greetings, "ayuda" */
	struct lexicon	*insults;
	struct lexicon	*one_word;	/* a whole message of these is filtered */
	/* First words of the lists' phrases, so single words need one
	 * look-up. */
	size_t		 max_phrase;	/* words in their longest phrase */
#define MAX_PHRASE	8		/* a longer one is an error */
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
void	letter_hist(const char *s, size_t n, unsigned char hist[HIST_LEN]);

/* Load and check the file (exits 78 with file:line:column on error). */
void	config_load(struct config *, const char *path);
void	config_free(struct config *);

/*
 * What the analyses need of one folded word, found once per run: one
 * probe of the vocabulary cache (vocab.c) instead of one per table.
 * Every field depends on the key alone.
 */
#define VWORD_KEY	32
struct vword {
	uint32_t	 hash;
	uint8_t		 len;		/* of key; 0: an empty slot */
	uint8_t		 kinds;		/* WK_* bits in word_kinds */
	uint8_t		 brand_ignored;	/* in brands.ignore */
	int8_t		 brand_d;	/* distance to the closest brand, -1 */
	uint32_t	 brand;		/* its index in config.brands */
	int8_t		 brand_td;	/* the same for the key as a @mention */
	uint32_t	 brand_t;	/* or #hashtag */
	uint32_t	 letters;	/* letter_bits */
	int32_t		 row;		/* model row, or -1 */
	struct langword	 lw;
	struct sentword	 sw[2];		/* in lex_es, lex_en */
	char		 key[VWORD_KEY];
	unsigned char	 hist[HIST_LEN];	/* letter_hist */
};

/* The folded tokens of one text. */
struct word {
	size_t		 off, len;	/* in words.buf */
	enum tok_kind	 kind;
	size_t		 tok;		/* index in words.toks */
	const struct vword *vw;		/* for words, mentions, hashtags (less
					 * the # or @); NULL when too long */
};
struct words {
	struct toklist	 toks;		/* the text's tokens, as split */
	struct tokfold	*tf;		/* each token folded */
	size_t		 cap_tf;
	char		*buf;
	size_t		 len, cap;
	struct word	*v;
	size_t		 n, cap_v;
	struct vword	*vv;		/* copies: a cache slot may be reused
					 * by a later word of the text */
	size_t		 cap_vv;
};

/* Split text once: its tokens, and their folded forms (no punctuation). */
void	words_split(struct words *, const char *text, size_t len);
void	words_free(struct words *);

/* vocab.c: a direct-mapped cache of struct vword, per run. */
struct vocab;
struct vocab *vocab_new(const struct config *);
void	vocab_free(struct vocab *);
/* Set each word's vw (and its tf's lw). */
void	words_lookup(struct vocab *, struct words *);
/* The closest brand to a single folded word, as vword keeps it. */
void	brand_single(const struct config *, const char *s, size_t len,
	    uint32_t bits, struct vword *);

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

/* The strings joined (up to a NULL) as a JSON string, or NULL when they
 * are not UTF-8: json_sprintf("%s%s", ...) without its printf. */
json_t	*why_cat(const char *first, ...);

/* model.c: naive Bayes over words and word pairs. */
struct model *model_load(const char *path, char *err, size_t errlen);
void	model_free(struct model *);
/* {"label":…,"confidence":…}; its strongest words go to why.  *known:
 * the answer with its text (record.h), or NULL for one made apart. */
json_t	*model_predict(const struct model *, const struct words *,
	    json_t *why, const struct jconst **known);
/* The row of a feature, or -1. */
long	model_row(const struct model *, const char *f, size_t len);
struct model *model_train_new(void);
int	model_train_add(struct model *, const struct words *,
	    const char *label);
int	model_train_write(struct model *, FILE *, int min_count);

#endif
