/* sentiment_impl.h - what sentiment.c and sentiment_tokens.c share: the
 * scorer and its tokens */
#ifndef SCS_SENTIMENT_IMPL_H
#define SCS_SENTIMENT_IMPL_H

#include <stddef.h>
#include <string.h>

#include "lexicon_impl.h"
#include "sentiment.h"
#include "utf8.h"

#define T_CAPS		0x1	/* written in capitals */
#define T_ELONG		0x2	/* "malisimooo", "sooo" */
#define T_LOWER		0x4	/* has a lower-case letter */

struct tok {
	enum tok_kind	 kind;
	size_t		 off, len;	/* in the text */
	size_t		 key, klen;	/* normalized, in the key buffer */
	unsigned	 flags;
	const struct lexent *ent;	/* the key in the lexicon, or NULL */
};

struct hit {
	size_t		 tok, ntok;
	int		 tag;		/* a hashtag: its key less the '#' */
	double		 v;
	size_t		 seg;		/* "but" clauses before it */
};

struct scorer {
	const struct lexicon	*lx;
	const char		*text;
	struct tok		*toks;
	size_t			 ntok, tcap;
	char			*keys;	/* each key followed by one space */
	size_t			 kused, kcap;
	char			*scratch;
	struct hit		*hits;
	size_t			 nhit, hcap;
};

/*
 * Append the tokens tl of sc->text to the scorer's, each with its key
 * (folded, letter runs cut, a laugh as "jaja") and its lexicon entry.
 * f, when not NULL, holds the tokens folded and looked up by the caller,
 * one for each of tl.
 */
void	scorer_tokens(struct scorer *, const struct toklist *tl,
	    const struct tokfold *f);

/* don't, isn't, can't, won't, ain't ... : a negation by its ending, as
 * one token. */
static inline int
sentiment_nt(const char *s, size_t len)
{
	return len > 3 && memcmp(s + len - 3, "n't", 3) == 0 &&
	    memchr(s, ' ', len) == NULL;
}

#endif
