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
size_t	lexicon_size(const struct lexicon *);
void	lexicon_free(struct lexicon *);

/*
 * Score text in [-1, 1].  Sums the lexicon scores of its words and
 * phrases (longest phrase first), with:
 *   negation    "no", "nunca", "not", "never", "n't"... flip and damp the
 *               next three words ("no está mal" is mildly positive);
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

/* "negative" below -0.05, "positive" above 0.05, else "neutral". */
const char *sentiment_polarity(double score);

/*
 * "es" or "en" from stopwords and characters (ñ, ¿, ¡, accents), or NULL
 * when the text says too little (fewer than two telling words).
 */
const char *lang_guess(const char *text, size_t len);
const char *lang_guess_toks(const char *text, const struct toklist *);

#endif
