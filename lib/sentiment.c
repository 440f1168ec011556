/* sentiment.c - lexicon sentiment scoring: the pass over a message's
 * tokens (sentiment_tokens.c makes them; the es/en guess is langguess.c) */

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "sentiment_impl.h"
#include "xalloc.h"

/*
 * Weights.  A word's lexicon score is multiplied by each modifier that
 * reaches it; the sum over the text is squashed into (-1, 1).
 */
#define NEG_POS		-0.75	/* negated positive word: "no es bueno" */
#define NEG_NEG		0.0	/* negated negative word: "no podéis seguir
				 * retrasando" is no praise; it counts as
				 * a negation alone.  The idioms that are
				 * ("not bad", "no está mal") are phrases
				 * in the lexicons. */
#define NEG_SCOPE	3	/* words a negation reaches */
#define NEG_ALONE	-1.0	/* a negation that reaches no scored word:
				 * "my bag did not arrive", "no me llegó" */
#define BOOST_UP	1.5	/* "muy", "really" */
#define BOOST_DOWN	0.5	/* "poco", "slightly" */
#define BOOST_MAX	2.25	/* "muy muy muy" is no stronger than two */
#define BOOST_SCOPE	2	/* words an intensifier waits for its word */
#define EMPHASIS	1.3	/* CAPITALS, elongation */
#define EXCLAIM		0.15	/* per '!' ending the sentence, up to 3 */
#define EXCLAIM_MAX	3
#define BEFORE_BUT	0.5	/* the clause before "but" / "pero" */
#define AFTER_BUT	1.5	/* and the one after */
#define SQUASH		15.0	/* s / sqrt(s * s + SQUASH) */
#define WHY_MAX		4

/* The modifier of a word found as e (or NULL), spelled s[0..len). */
static enum modkind
modifier(const struct lexent *e, const char *s, size_t len)
{
	if (e != NULL && (e->flags & ENT_MOD) != 0)
		return (enum modkind)e->mod;
	return sentiment_nt(s, len) ? MOD_NEG : 0;
}

/* ---- scoring --------------------------------------------------------- */

/* May a phrase run on from token a to the token b after it? */
static int
continues(const struct tok *a, const struct tok *b)
{
	switch (b->kind) {
	case TOK_WORD:
	case TOK_NUMBER:
	case TOK_PUNCT:
	case TOK_EMOJI:
		break;
	default:
		return 0;
	}
	/* Emoticons are written solid: ":)" but not "hora: )". */
	if (a->kind == TOK_PUNCT || b->kind == TOK_PUNCT)
		return a->off + a->len == b->off;
	return 1;
}

/*
 * The longest entry starting at token i: its length in tokens (0 for
 * none) and score.  When pair is not NULL, *pair is what tokens i and
 * i + 1 together are in the lexicon (looked up already by the caller).
 */
static size_t
match(const struct scorer *sc, size_t i, double *score,
    const struct lexent *const *pair)
{
	const struct lexicon	*lx = sc->lx;
	const struct lexent	*e;
	const struct tok	*t = &sc->toks[i];
	size_t			 j, best = 0, len;

	switch (t->kind) {
	case TOK_WORD:
	case TOK_PUNCT:
	case TOK_EMOJI:
		break;
	default:
		return 0;
	}
	for (j = i; j < sc->ntok && j - i < lx->maxphrase; j++) {
		if (j > i && !continues(&sc->toks[j - 1], &sc->toks[j]))
			break;
		len = sc->toks[j].key + sc->toks[j].klen - t->key;
		if (j == i)
			e = t->ent;
		else if (j == i + 1 && pair != NULL)
			e = *pair;
		else
			e = lex_find(lx, sc->keys + t->key, len);
		if (e == NULL)
			break;
		if ((e->flags & ENT_WORD) != 0) {
			best = j - i + 1;
			*score = e->score;
		}
		if ((e->flags & ENT_PREFIX) == 0)
			break;
	}
	return best;
}

/* The state of the left-to-right pass. */
struct pass {
	int		 neg;		/* words of negation scope left */
	int		 neg_emph;	/* the negation was emphatic */
	int		 neg_open;	/* it has reached no scored word yet */
	int		 neg_words;	/* words it has passed over */
	size_t		 neg_tok;	/* where it is */
	int		 alone;		/* it closed alone: a hit to add */
	size_t		 alone_tok, alone_seg;
	int		 alone_emph;
	double		 boost;		/* pending intensifier */
	int		 boost_left;	/* words it waits */
	int		 boost_emph;
	size_t		 seg;		/* "but" markers seen */
	int		 concede;	/* "aunque" clause open */
	int		 sent_start;	/* no word yet in this sentence */
	size_t		 sent_hit;	/* first hit of this sentence */
	int		 bangs;		/* '!' ending this sentence */
	int		 in_end;	/* inside .!? at a sentence's end */
	int		 mixed;		/* the text has lower case words */
};

/*
 * The negation's scope closes.  When it passed over words without
 * reaching a scored one, it says something is not as it should be by
 * itself ("the refund never came", "no me devuelven el dinero"); a bare
 * "No." is an answer, not a complaint, and says nothing.  The hit is
 * added by run() before the next token (add_alone).
 */
static void
close_neg(struct pass *p)
{
	if (p->neg_open && p->neg_words > 0) {
		p->alone = 1;
		p->alone_tok = p->neg_tok;
		p->alone_seg = p->seg;
		p->alone_emph = p->neg_emph;
	}
	p->neg_open = 0;
}

static void
clear_scopes(struct pass *p)
{
	close_neg(p);
	p->neg = 0;
	p->boost = 1;
	p->boost_left = 0;
}

/* Words consumed: scopes run down. */
static void
spend(struct pass *p, size_t nwords)
{
	if (p->neg > 0)
		p->neg_words += (int)nwords;
	p->neg = (size_t)p->neg > nwords ? p->neg - (int)nwords : 0;
	if (p->neg == 0)
		close_neg(p);
	if ((size_t)p->boost_left > nwords)
		p->boost_left -= (int)nwords;
	else {
		p->boost_left = 0;
		p->boost = 1;
	}
}

static int
emphatic(const struct pass *p, const struct tok *t)
{
	return (t->flags & T_ELONG) != 0 ||
	    ((t->flags & T_CAPS) != 0 && p->mixed);
}

static void
add_hit(struct scorer *sc, struct pass *p, size_t i, size_t n, int tag,
    double v)
{
	struct hit	*h;
	size_t		 j, words = 0;
	int		 emph = 0;

	for (j = i; j < i + n; j++) {
		words += sc->toks[j].kind == TOK_WORD;
		emph |= emphatic(p, &sc->toks[j]);
	}
	/* Modifiers reach words, not hashtags, emoji or emoticons. */
	if (sc->toks[i].kind == TOK_WORD) {
		if (p->neg > 0 && n > 1 &&
		    modifier(sc->toks[i].ent, sc->keys + sc->toks[i].key,
		    sc->toks[i].klen) == MOD_NEG)
			/* A phrase that holds its own negation is in
			 * concord with the one before it, as Spanish
			 * says: "no estuvo nada mal", "nunca nadie
			 * responde" mean what the phrase says. */
			p->neg_open = 0;
		else if (p->neg > 0) {
			v *= v > 0 ? NEG_POS : NEG_NEG;
			emph |= p->neg_emph;
			if (v != 0)
				p->neg_open = 0;
		}
		if (p->boost_left > 0) {
			v *= p->boost;
			emph |= p->boost_emph;
			p->boost = 1;
			p->boost_left = 0;
		}
	}
	if (emph)
		v *= EMPHASIS;
	spend(p, words);
	if (v == 0)
		return;
	if (sc->nhit == sc->hcap) {
		sc->hcap = sc->hcap ? sc->hcap * 2 : 16;
		sc->hits = xrealloc(sc->hits, sc->hcap * sizeof(*sc->hits));
	}
	h = &sc->hits[sc->nhit++];
	h->tok = i;
	h->ntok = n;
	h->tag = tag;
	h->v = v;
	h->seg = p->seg;
}

/* The hit of a negation that closed alone (close_neg). */
static void
add_alone(struct scorer *sc, struct pass *p)
{
	struct hit	*h;

	p->alone = 0;
	if (sc->nhit == sc->hcap) {
		sc->hcap = sc->hcap ? sc->hcap * 2 : 16;
		sc->hits = xrealloc(sc->hits, sc->hcap * sizeof(*sc->hits));
	}
	h = &sc->hits[sc->nhit++];
	h->tok = p->alone_tok;
	h->ntok = 1;
	h->tag = 0;
	h->v = NEG_ALONE * (p->alone_emph ? EMPHASIS : 1);
	h->seg = p->alone_seg;
}

/* A sentence ended: its '!' weigh on its hits. */
static void
end_sentence(struct scorer *sc, struct pass *p)
{
	size_t	i;
	double	f;

	if (p->concede) {
		p->seg++;
		p->concede = 0;
	}
	if (p->bangs > 0) {
		f = 1 + EXCLAIM * (p->bangs < EXCLAIM_MAX ? p->bangs :
		    EXCLAIM_MAX);
		for (i = p->sent_hit; i < sc->nhit; i++)
			sc->hits[i].v *= f;
	}
	p->sent_hit = sc->nhit;
	p->bangs = 0;
	p->in_end = 0;
	p->sent_start = 1;
}

static void
modify(const struct scorer *sc, struct pass *p, const struct tok *t,
    enum modkind m)
{
	switch (m) {
	case MOD_NEG:
		/* "no ... nunca", "no ... nada": one negation, not two. */
		p->neg_emph = (p->neg > 0 && p->neg_emph) || emphatic(p, t);
		if (p->neg == 0) {
			p->neg_open = 1;
			p->neg_words = 0;
			p->neg_tok = (size_t)(t - sc->toks);
		}
		p->neg = NEG_SCOPE;
		break;
	case MOD_UP:
	case MOD_DOWN:
		p->boost *= m == MOD_UP ? BOOST_UP : BOOST_DOWN;
		if (p->boost > BOOST_MAX)
			p->boost = BOOST_MAX;
		p->boost_emph = (p->boost_left > 0 && p->boost_emph) ||
		    emphatic(p, t);
		p->boost_left = BOOST_SCOPE;
		break;
	case MOD_CONCEDE:
		if (p->sent_start) {
			p->concede = 1;
			clear_scopes(p);
			break;
		}
		/* FALLTHROUGH */
	case MOD_BUT:
		clear_scopes(p);
		p->seg++;
		p->concede = 0;
		break;
	}
}

/* The punctuation token t as one code point, or 0. */
static uint32_t
punct_cp(const struct scorer *sc, const struct tok *t)
{
	uint32_t	cp;

	if (t->kind != TOK_PUNCT ||
	    (size_t)utf8_decode(sc->text + t->off, t->len, &cp) != t->len)
		return 0;
	return cp;
}

/* Does t end a sentence: . ! ? … */
static int
is_end(const struct scorer *sc, const struct tok *t)
{
	uint32_t	cp = punct_cp(sc, t);

	return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026;
}

static void
punct(struct scorer *sc, struct pass *p, const struct tok *t)
{
	switch (punct_cp(sc, t)) {
	case '!':
		p->bangs++;
		/* FALLTHROUGH */
	case '.':
	case '?':
	case 0x2026:		/* … */
		p->in_end = 1;
		clear_scopes(p);
		break;
	case ',':
		if (p->concede) {
			p->seg++;
			p->concede = 0;
		}
		/* FALLTHROUGH */
	case ';':
	case ':':
	case 0xA1:		/* ¡ */
	case 0xBF:		/* ¿ */
		clear_scopes(p);
		break;
	}
}

/*
 * A hashtag by its words: the whole ("#fail"), else the longest entry
 * of four letters or more that starts or ends it, leaving three or
 * more ("#worstservice", "#unitedfail").
 */
static int
tag_score(const struct scorer *sc, const struct tok *t, double *score)
{
	const struct lexent	*e;
	const char		*body = sc->keys + t->key + 1;
	size_t			 blen = t->klen - 1, k;

	if ((e = lex_find(sc->lx, body, blen)) != NULL &&
	    (e->flags & ENT_WORD) != 0) {
		*score = e->score;
		return 1;
	}
	for (k = blen >= 7 ? blen - 3 : 0; k >= 4; k--) {
		if (((e = lex_find(sc->lx, body, k)) != NULL &&
		    (e->flags & ENT_WORD) != 0 && e->score != 0) ||
		    ((e = lex_find(sc->lx, body + blen - k, k)) != NULL &&
		    (e->flags & ENT_WORD) != 0 && e->score != 0)) {
			*score = e->score;
			return 1;
		}
	}
	return 0;
}

static void
run(struct scorer *sc, struct pass *p)
{
	const struct tok	*t;
	const struct lexent	*e, *const *pair;
	size_t			 i, n;
	double			 v = 0;
	enum modkind		 m;

	for (i = 0; i < sc->ntok; i += n) {
		t = &sc->toks[i];
		n = 1;
		if (p->alone)
			add_alone(sc, p);
		if (p->in_end && !is_end(sc, t))
			end_sentence(sc, p);
		/* Longest first; a modifier wins a tie ("kind of").  The
		 * pair looked up for a modifier is match's first step too. */
		m = 0;
		pair = NULL;
		if (t->kind == TOK_WORD && i + 1 < sc->ntok &&
		    sc->toks[i + 1].kind == TOK_WORD && t->ent != NULL &&
		    (t->ent->flags & ENT_PREFIX) != 0) {
			e = lex_find(sc->lx, sc->keys + t->key,
			    sc->toks[i + 1].key + sc->toks[i + 1].klen - t->key);
			if (e != NULL && (e->flags & ENT_MOD) != 0)
				m = (enum modkind)e->mod;
			pair = &e;
		}
		n = match(sc, i, &v, pair);
		if (m != 0 && n <= 2) {
			modify(sc, p, t, m);
			p->sent_start = 0;
			n = 2;
			continue;
		}
		if (n >= 2) {
			add_hit(sc, p, i, n, 0, v);
			p->sent_start = 0;
			continue;
		}
		if (t->kind == TOK_WORD &&
		    (m = modifier(t->ent, sc->keys + t->key, t->klen)) != 0) {
			modify(sc, p, t, m);
			p->sent_start = 0;
			n = 1;
			continue;
		}
		if (n == 1) {
			add_hit(sc, p, i, 1, 0, v);
			p->sent_start = t->kind == TOK_WORD ? 0 : p->sent_start;
			continue;
		}
		n = 1;
		switch (t->kind) {
		case TOK_HASHTAG:
			if (tag_score(sc, t, &v))
				add_hit(sc, p, i, 1, 1, v);
			break;
		case TOK_PUNCT:
			punct(sc, p, t);
			break;
		case TOK_WORD:
			spend(p, 1);
			p->sent_start = 0;
			break;
		default:
			break;
		}
	}
	close_neg(p);
	if (p->alone)
		add_alone(sc, p);
	end_sentence(sc, p);
}

static int
hitcmp(const void *a, const void *b)
{
	const struct hit	*x = a, *y = b;
	double			 ax = fabs(x->v), ay = fabs(y->v);

	if (ax != ay)
		return ax > ay ? -1 : 1;
	return x->tok < y->tok ? -1 : x->tok > y->tok;
}

/* Strongest first (hitcmp, which orders hits of equal weight by token):
 * a text has few hits, so an insertion sort. */
static void
sort_hits(struct hit *v, size_t n)
{
	struct hit	t;
	size_t		i, j;

	if (n > 32) {
		qsort(v, n, sizeof(*v), hitcmp);
		return;
	}
	for (i = 1; i < n; i++) {
		t = v[i];
		for (j = i; j > 0 && hitcmp(&v[j - 1], &t) > 0; j--)
			v[j] = v[j - 1];
		v[j] = t;
	}
}

/*
 * "lex:+word" for the strongest hits, each word once, folded.  The sign
 * is that of the word's share in the score: "no es bueno" gives
 * "lex:-bueno".
 */
static void
explain(struct scorer *sc, json_t *why)
{
	struct seen {
		const char	*key;
		size_t		 len;
		int		 pos;
	}		 seen[WHY_MAX];
	struct hit	*h;
	const char	*key;
	char		 small[64], *s;
	size_t		 i, j, nseen = 0, len;
	int		 pos;

	sort_hits(sc->hits, sc->nhit);
	for (i = 0; i < sc->nhit && nseen < WHY_MAX; i++) {
		h = &sc->hits[i];
		key = sc->keys + sc->toks[h->tok].key + h->tag;
		len = sc->toks[h->tok + h->ntok - 1].key +
		    sc->toks[h->tok + h->ntok - 1].klen -
		    sc->toks[h->tok].key - (size_t)h->tag;
		pos = h->v > 0;
		for (j = 0; j < nseen; j++)
			if (seen[j].pos == pos && seen[j].len == len &&
			    memcmp(seen[j].key, key, len) == 0)
				break;
		if (j < nseen)
			continue;
		seen[nseen].key = key;
		seen[nseen].len = len;
		seen[nseen++].pos = pos;
		s = len + 5 <= sizeof(small) ? small : xmalloc(len + 5);
		memcpy(s, pos ? "lex:+" : "lex:-", 5);
		memcpy(s + 5, key, len);
		/* Checked: a key is folded text, but a bad one must not
		 * reach the output. */
		json_array_append_new(why, json_stringn(s, len + 5));
		if (s != small)
			free(s);
	}
}

double
sentiment_score(const struct lexicon *lx, const char *text, size_t len,
    json_t *why)
{
	struct toklist	tl = { NULL, 0, 0 };
	double		s;

	utf8_toklist(&tl, text, len);
	s = sentiment_score_toks(lx, text, len, &tl, why);
	utf8_toklist_free(&tl);
	return s;
}

/*
 * The scorer's buffers outlive a call: a message is scored without a
 * malloc once they have grown to fit.
 */
static struct scorer keep_sc;

double
sentiment_score_toks(const struct lexicon *lx, const char *text, size_t len,
    const struct toklist *tl, json_t *why)
{
	return sentiment_score_folded(lx, text, len, tl, NULL, why);
}

double
sentiment_score_folded(const struct lexicon *lx, const char *text,
    size_t len, const struct toklist *tl, const struct tokfold *f,
    json_t *why)
{
	struct scorer	*sc = &keep_sc;
	struct pass	 p;
	size_t		 i, nseg;
	double		 s = 0;

	memset(&p, 0, sizeof(p));
	if (len == 0)
		return 0;
	sc->lx = lx;
	sc->text = text;
	sc->ntok = sc->kused = sc->nhit = 0;
	if (sc->kcap < 4 * len + 1) {
		sc->kcap = 4 * len + 1;
		free(sc->keys);
		free(sc->scratch);
		if ((sc->keys = malloc(sc->kcap)) == NULL ||
		    (sc->scratch = malloc(TOKROOM(len))) == NULL)
			abort();
	}
	scorer_tokens(sc, tl, f);

	for (i = 0; i < sc->ntok; i++)
		if ((sc->toks[i].flags & T_LOWER) != 0)
			p.mixed = 1;
	clear_scopes(&p);
	p.sent_start = 1;
	run(sc, &p);

	/* "X pero Y": X weighs less, Y more. */
	nseg = p.seg;
	for (i = 0; i < sc->nhit; i++) {
		if (nseg > 0)
			sc->hits[i].v *= sc->hits[i].seg == nseg ? AFTER_BUT :
			    BEFORE_BUT;
		s += sc->hits[i].v;
	}
	if (why != NULL && sc->nhit > 0)
		explain(sc, why);
	return s / sqrt(s * s + SQUASH);
}

const char *
sentiment_polarity(double score)
{
	if (score < -0.05)
		return "negative";
	if (score > 0.05)
		return "positive";
	return "neutral";
}
