/* sentiment.h - lexicon sentiment and es/en language guess */
#ifndef SCS_SENTIMENT_H
#define SCS_SENTIMENT_H

#include <stddef.h>

#include <jansson.h>

#include "utf8.h"

/*
 * A lexicon maps folded words and phrases to scores from -5 to +5
 * (AFINN's scale).  Files are "word<TAB>score" lines; '#' starts a
 * comment; later files override earlier entries.  Words are folded with
 * utf8_fold, so "malísimo" and "malisimo" are one entry.
 */
struct lexicon;

struct lexicon *lexicon_new(void);
/* Add a file's entries; -1 with "file:line: message" in err. */
int	lexicon_load(struct lexicon *, const char *path, char *err,
	    size_t errlen);
/* Add one entry (folded here). */
void	lexicon_add(struct lexicon *, const char *word, double score);
/* Score of a folded word or phrase, or 0 with *found = 0. */
double	lexicon_get(const struct lexicon *, const char *folded, size_t len,
	    int *found);
/*
 * What a folded word or phrase is in the lexicon: LEX_ENTRY (an entry,
 * its score in *score when score is not NULL), LEX_PREFIX (the first
 * words of a longer phrase), both, or 0 (neither).  To find the longest
 * phrase at a word, add words while LEX_PREFIX says one may follow.
 */
#define LEX_ENTRY	0x1
#define LEX_PREFIX	0x2
int	lexicon_find(const struct lexicon *, const char *folded, size_t len,
	    double *score);
size_t	lexicon_size(const struct lexicon *);
void	lexicon_free(struct lexicon *);

/*
 * Score text in [-1, 1].  Sums the lexicon scores of its words and
 * phrases (longest phrase first), with:
 *   negation    "no", "nunca", "not", "never", "n't"... reach the next
 *               three words: a positive word is flipped and damped ("no
 *               es bueno"); a negation that reaches no scored word, or
 *               only a negative one, scores -1 itself ("my bag did not
 *               arrive", "no podéis seguir retrasando"), unless a lexicon
 *               phrase takes it in ("not bad", "no está mal", "don't
 *               know", "no sé cómo"); a phrase that starts with a
 *               negation of its own agrees with it and is scored as
 *               written ("no estuvo nada mal", "nunca nadie responde");
 *               the Spanish past counterfactual is a negation ("si
 *               me hubierais avisado", "si hubiese sido amable");
 *   intensifiers "muy", "súper", "re", "really", "so"... scale the next
 *               word by 1.5, "poco", "slightly" by 0.5;
 *   elongation  "malísimooo", "sooo": a letter repeated three times or
 *               more counts as the word plus emphasis;
 *   capitals    a word in capitals among lower-case words: emphasis;
 *   "!"         at the end adds emphasis to the sentence;
 *   emoticons and emoji: ":)", ":(", ":'(", "😡", "🙏", "❤️"... from the
 *               lexicon like words;
 *   "but"/"pero" the clause after it weighs more.
 * The sum s is squashed as s / sqrt(s * s + 15).  When why is not NULL the
 * strongest hits are appended as "lex:+word" / "lex:-word" (at most 4).
 */
double	sentiment_score(const struct lexicon *, const char *text, size_t len,
	    json_t *why);

/* The same, over the tokens of text already split by utf8_toklist. */
double	sentiment_score_toks(const struct lexicon *, const char *text,
	    size_t len, const struct toklist *, json_t *why);

/*
 * For callers that fold a text's tokens once and look each distinct word
 * up once (scs-classify keeps a per-run cache of words): what the scorer
 * needs of a folded word in one lexicon, and what the language guess
 * needs of it.  Both depend on the folded word alone.
 */
struct lexent;
struct sentword {
	const struct lexent	*ent;	/* the word in the lexicon, or NULL */
	int			 plain;	/* no letter run, no laugh to redo */
};
void	sentiment_word(const struct lexicon *, const char *folded,
	    size_t len, struct sentword *);

struct langword {
	float	 es, en;	/* stopword weights */
	int	 contraction;	/* I'm, don't: an inner apostrophe */
};
void	lang_word(const char *folded, size_t len, struct langword *);

/*
 * Token i of the toklist, folded with utf8_fold by the caller; sw and lw
 * (either may be NULL) are its sentword in the lexicon scored with and
 * its langword.  The results are those of the _toks functions.
 */
struct tokfold {
	const char		*s;
	size_t			 len;
	const struct sentword	*sw;
	const struct langword	*lw;
};
double	sentiment_score_folded(const struct lexicon *, const char *text,
	    size_t len, const struct toklist *, const struct tokfold *,
	    json_t *why);
const char *lang_guess_folded(const char *text, const struct toklist *,
	    const struct tokfold *);

/* "negative" below -0.05, "positive" above 0.05, else "neutral". */
const char *sentiment_polarity(double score);

/*
 * "es" or "en" from stopwords and characters (ñ, ¿, ¡, accents), or NULL
 * when no word tells (one that does decides: "thanks", "gracias") or
 * the two sides weigh the same.
 */
const char *lang_guess(const char *text, size_t len);
const char *lang_guess_toks(const char *text, const struct toklist *);

#endif
