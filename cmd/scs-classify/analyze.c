/* analyze.c - what the text says before any rule looks at it: its words,
 * language, sentiment, content, insults, brand mentions and the built-in
 * filters */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "classify.h"
#include "diag.h"
#include "fuzzy.h"
#include "jpath.h"

json_t *
why_cat(const char *first, ...)
{
	char small[256], *buf = small;
	const char *s;
	size_t len = 0, n;
	va_list ap, again;
	json_t *v;

	va_start(ap, first);
	va_copy(again, ap);
	for (s = first; s != NULL; s = va_arg(ap, const char *))
		len += strlen(s);
	va_end(ap);
	if (len >= sizeof(small) && (buf = malloc(len)) == NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");
	len = 0;
	for (s = first; s != NULL; s = va_arg(again, const char *)) {
		n = strlen(s);
		memcpy(buf + len, s, n);
		len += n;
	}
	va_end(again);
	v = json_stringn(buf, len);
	if (buf != small)
		free(buf);
	return v;
}

struct split {
	struct words	*w;
	const char	*text;
};

static void
grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t ncap = *cap ? *cap : 64;

	if (need <= *cap)
		return;
	while (ncap < need)
		ncap *= 2;
	if ((*p = realloc(*p, ncap * size)) == NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");
	*cap = ncap;
}

/* Token i folded, for every analysis; punctuation is no word. */
static void
add_token(size_t i, struct split *sp)
{
	const struct token *t = &sp->w->toks.v[i];
	struct words *w = sp->w;
	struct tokfold *f = &w->tf[i];

	const unsigned char *in = (const unsigned char *)sp->text + t->off;
	char *out = w->buf + w->len;
	size_t k;

	f->s = out;
	/* An ASCII token (most) is lowered here, as utf8_fold would. */
	if (t->ascii && t->len < w->cap - w->len) {
		for (k = 0; k < t->len; k++)
			out[k] = (char)(in[k] >= 'A' && in[k] <= 'Z' ?
			    in[k] + 32 : in[k]);
		out[k] = '\0';
		f->len = t->len;
	} else
		f->len = utf8_fold(sp->text + t->off, t->len, out,
		    w->cap - w->len);
	f->sw = NULL;
	f->lw = NULL;
	w->len += f->len + 1;	/* keep its NUL */
	if (t->kind == TOK_PUNCT)
		return;
	grow((void **)&w->v, &w->cap_v, w->n + 1, sizeof(*w->v));
	w->v[w->n].off = (size_t)(f->s - w->buf);
	w->v[w->n].len = f->len;
	w->v[w->n].kind = t->kind;
	w->v[w->n].tok = i;
	w->v[w->n].vw = NULL;
	w->n++;
}

void
words_split(struct words *w, const char *text, size_t len)
{
	struct split sp = { w, text };
	size_t i;

	w->len = w->n = 0;
	utf8_toklist(&w->toks, text, len);
	/* Folding at most doubles the bytes (utf8.h), plus a NUL each:
	 * grown once, so the folded tokens stay put. */
	grow((void **)&w->buf, &w->cap, 2 * len + 2 * w->toks.n + 1, 1);
	grow((void **)&w->tf, &w->cap_tf, w->toks.n + 1, sizeof(*w->tf));
	for (i = 0; i < w->toks.n; i++)
		add_token(i, &sp);
}

void
words_free(struct words *w)
{
	utf8_toklist_free(&w->toks);
	free(w->tf);
	free(w->buf);
	free(w->v);
	free(w->vv);
	memset(w, 0, sizeof(*w));
}

static int
is_word(const struct word *x)
{
	return x->kind == TOK_WORD || x->kind == TOK_NUMBER;
}

/* Words i..i+n-1 joined by spaces into buf; 0 if they are not all words. */
static size_t
join(const struct words *w, size_t i, size_t n, char *buf, size_t bufsz)
{
	size_t k, len = 0;

	if (i + n > w->n)
		return 0;
	for (k = 0; k < n; k++) {
		const struct word *x = &w->v[i + k];

		if (!is_word(x) || len + x->len + 1 >= bufsz)
			return 0;
		if (k > 0)
			buf[len++] = ' ';
		memcpy(buf + len, w->buf + x->off, x->len);
		len += x->len;
	}
	buf[len] = '\0';
	return len;
}

/*
 * Length in words of the longest phrase of set starting at word i: the
 * words after it are added while what they make is the start of a
 * longer phrase (most words need one look-up).
 */
static size_t
phrase_at(const struct lexicon *set, const struct words *w, size_t i)
{
	char buf[512];
	size_t k, len, best = 0;
	int r;

	if (set == NULL || !is_word(&w->v[i]))
		return 0;
	len = w->v[i].len;
	r = lexicon_find(set, w->buf + w->v[i].off, len, NULL);
	if (r & LEX_ENTRY)
		best = 1;
	if (!(r & LEX_PREFIX) || len >= sizeof(buf))
		return best;
	memcpy(buf, w->buf + w->v[i].off, len);
	for (k = i + 1; (r & LEX_PREFIX) && k < w->n && is_word(&w->v[k]);
	    k++) {
		if (len + 1 + w->v[k].len >= sizeof(buf))
			break;
		buf[len++] = ' ';
		memcpy(buf + len, w->buf + w->v[k].off, w->v[k].len);
		len += w->v[k].len;
		r = lexicon_find(set, buf, len, NULL);
		if (r & LEX_ENTRY)
			best = k - i + 1;
	}
	return best;
}

/*
 * Words of set at word i (0 for none), knowing its kinds: the phrases
 * are looked for only when the word begins one.
 */
static size_t
words_of(const struct lexicon *set, const struct words *w, size_t i,
    int kinds, int bit)
{
	if (kinds & (bit << 1))
		return phrase_at(set, w, i);
	return (kinds & bit) ? 1 : 0;
}

/* Is token i an emoji of the insult list (🖕)? */
static int
insult_emoji(const struct config *cfg, const struct words *w, size_t i)
{
	int found = 0;

	if (cfg->insults != NULL)
		lexicon_get(cfg->insults, w->buf + w->v[i].off, w->v[i].len,
		    &found);
	return found;
}

void
analyze_text(const struct config *cfg, const struct words *w,
    const char *text, size_t len, const char *lang, struct analysis *a,
    json_t *why)
{
	const struct lexicon *lx;
	size_t i, n;
	int kinds, found, en;

	a->lang = lang != NULL ? lang : lang_guess_folded(text, &w->toks,
	    w->tf);
	if (a->lang == NULL)
		a->lang = cfg->default_lang;
	en = strcmp(a->lang, "en") == 0;
	lx = en ? cfg->lex_en : cfg->lex_es;
	for (i = 0; i < w->n; i++)
		if (is_word(&w->v[i]) && w->v[i].vw != NULL)
			w->tf[w->v[i].tok].sw = &w->v[i].vw->sw[en];
	a->sentiment = sentiment_score_folded(lx, text, len, &w->toks, w->tf,
	    why);
	a->content_words = a->insults = 0;
	for (i = 0; i < w->n; i += n) {
		n = 1;
		if (w->v[i].kind == TOK_EMOJI && insult_emoji(cfg, w, i))
			a->insults++;
		if (!is_word(&w->v[i]))
			continue;
		kinds = 0;
		if (w->v[i].vw != NULL)
			kinds = w->v[i].vw->kinds;
		else if (cfg->word_kinds != NULL)
			kinds = (int)lexicon_get(cfg->word_kinds,
			    w->buf + w->v[i].off, w->v[i].len, &found);
		if (kinds == 0) {
			a->content_words++;
			continue;
		}
		if ((n = words_of(cfg->insults, w, i, kinds, WK_INSULT)) > 0)
			a->insults++;
		else if ((n = words_of(cfg->empty_words, w, i, kinds,
		    WK_EMPTY)) == 0) {
			n = 1;
			a->content_words++;
		}
	}
}

/* How a candidate is written: plain words, two words glued together
 * ("tel cora" as "telcora"), or a @mention or #hashtag's name. */
enum brand_form {
	FORM_WORD, FORM_GLUED, FORM_GLUED_SHORT, FORM_TAGGED,
	FORM_TAGGED_RUNON	/* tagged, against names run together only */
};

/* The closest brand so far. */
struct brand_hit {
	const struct brand	*brand;
	int			 distance;
	char			 seen[256];
};

/*
 * Could c be within b's limit, counting letters?  An edit changes the
 * counts by two at most (a substitution), so half the sum of the
 * differences of the counts is a lower bound of the distance, and
 * cheap: (diff + 1) / 2 <= limit is diff <= 2 * limit.  Written so that
 * the compiler sums the 32 differences a vector at a time (psadbw).
 */
static int
near_hist(const struct brand *b, const unsigned char h[HIST_LEN])
{
	unsigned diff = 0;
	int k, d;

	for (k = 0; k < HIST_LEN; k++) {
		d = (int)h[k] - (int)b->hist[k];
		diff += (unsigned)(d < 0 ? -d : d);
	}
	return diff <= 2 * (unsigned)b->limit;
}

/* Has x more than n bits set?  (No popcount instruction is assumed:
 * the library's costs more than the few bits a limit allows.) */
static int
more_bits(uint32_t x, int n)
{
	for (; n >= 0; n--) {
		if (x == 0)
			return 0;
		x &= x - 1;
	}
	return 1;
}

/*
 * What the form of a candidate costs against a name.  A name split in
 * two or run together is a common misspelling ("movi star", "tel
 * kora", "aireuropa") and costs nothing while each side of the space
 * has three characters or more; a side shorter than that is how
 * ordinary short words sit side by side, so there the space is an
 * edit: "de la" is one letter from "delta", two from Delta.  A
 * @mention or #hashtag cannot hold a space: a name run together there
 * is the name.  (Which names a form is compared with at all is
 * try_brand's choice of lists.)
 */
static int
form_cost(enum brand_form form, const struct brand *b)
{
	switch (form) {
	case FORM_GLUED_SHORT:
		return 1;
	case FORM_WORD:
		return b->runon ? b->short_part : 0;
	default:
		return 0;
	}
}

/* A candidate c (folded, nwords words, letters a-z as the bits cbits,
 * its letter counts hist when the caller has them, else NULL; written
 * as form) against every brand; shown is what the customer wrote. */
static void
try_brand(const struct config *cfg, const char *c, size_t clen,
    size_t nwords, enum brand_form form, uint32_t cbits,
    const unsigned char *hist, const char *shown, struct brand_hit *hit,
    int ignore)
{
	unsigned char h[HIST_LEN];
	size_t i, blen, k, n = 0, nl;
	int d, cost, found, lists[2];
	const struct brand *b;

	/* The names c may be, list by list: two words glued are never
	 * compared with a name run together (that is the two-word name,
	 * tried as such). */
	if (nwords == 2)
		lists[n++] = BL_TWO;
	else if (nwords == 1) {
		if (form != FORM_TAGGED_RUNON)
			lists[n++] = BL_ONE;
		if (form != FORM_GLUED && form != FORM_GLUED_SHORT)
			lists[n++] = BL_RUNON;
	}
	for (nl = 0; nl < n; nl++)
	for (i = 0; i < cfg->brand_nlist[lists[nl]]; i++) {
		b = &cfg->brands[cfg->brand_list[lists[nl]][i]];

		blen = b->len;
		if (clen + (size_t)b->limit < blen ||
		    blen + (size_t)b->limit < clen)
			continue;
		if ((cost = form_cost(form, b)) > b->limit)
			continue;
		/* Each letter the name lacks costs an edit: most words
		 * fail here, before the distance is computed. */
		if (more_bits(cbits & ~b->letters, b->limit))
			continue;
		if (hist == NULL) {
			letter_hist(c, clen, h);
			hist = h;
		}
		if (!near_hist(b, hist))
			continue;
		d = fuzzy_distance(c, clen, b->folded, blen, b->limit - cost);
		if (d > b->limit - cost)
			continue;
		d += cost;
		/* Closest wins; on a tie the longer name ("Telcora
		 * Fibra" over "Telcora") says more. */
		if (!(d < hit->distance || (d == hit->distance &&
		    b->namewords > hit->brand->namewords)))
			continue;
		/* Checked last: nearly every word fails before this. */
		if (d > 0 && ignore && cfg->brand_ignore != NULL) {
			lexicon_get(cfg->brand_ignore, c, clen, &found);
			if (found)
				return;
		}
		hit->distance = d;
		hit->brand = b;
		k = strlen(shown);
		if (k >= sizeof(hit->seen))
			k = sizeof(hit->seen) - 1;
		memcpy(hit->seen, shown, k);
		hit->seen[k] = '\0';
	}
}

/*
 * A single word's closest brand, for the vocabulary: what try_brand
 * finds from no hit, brands.ignore aside (a word it holds is left to
 * try_brand).  From any hit, try_brand then takes it when it is closer:
 * among names of one word only the distance decides.
 */
void
brand_single(const struct config *cfg, const char *s, size_t len,
    uint32_t bits, struct vword *v)
{
	struct brand_hit hit, tag;

	/* Not "= { ... }" nor "tag = hit": each would copy or clear
	 * seen's 256 bytes, for every new word of a run. */
	hit.brand = tag.brand = NULL;
	hit.distance = tag.distance = 1000;
	hit.seen[0] = tag.seen[0] = '\0';
	try_brand(cfg, s, len, 1, FORM_WORD, bits, v->hist, "", &hit, 0);
	v->brand_d = -1;
	if (hit.brand != NULL) {
		v->brand_d = (int8_t)hit.distance;
		v->brand = (uint32_t)(hit.brand - cfg->brands);
	}
	/* As a @mention: the same names at the same cost, except the
	 * ones run together, which cost nothing there.  A closest name
	 * run together is closer still. */
	if (hit.brand != NULL && !hit.brand->runon) {
		tag.brand = hit.brand;
		tag.distance = hit.distance;
	}
	try_brand(cfg, s, len, 1, FORM_TAGGED_RUNON, bits, v->hist, "", &tag,
	    0);
	v->brand_td = -1;
	if (tag.brand != NULL) {
		v->brand_td = (int8_t)tag.distance;
		v->brand_t = (uint32_t)(tag.brand - cfg->brands);
	}
}

/* Try word x (as its name c[0..clen), written as form) as a brand of
 * one word. */
static void
try_single(const struct config *cfg, const struct word *x, const char *c,
    size_t clen, enum brand_form form, uint32_t bits, const char *shown,
    struct brand_hit *hit)
{
	const struct vword *v = x->vw;
	int d;
	size_t k;

	if (v == NULL || v->brand_ignored) {
		try_brand(cfg, c, clen, 1, form, bits,
		    v != NULL ? v->hist : NULL, shown, hit, 1);
		return;
	}
	d = form == FORM_TAGGED ? v->brand_td : v->brand_d;
	if (d < 0 || d >= hit->distance)
		return;
	hit->distance = d;
	hit->brand = &cfg->brands[form == FORM_TAGGED ? v->brand_t : v->brand];
	k = strlen(shown);
	if (k >= sizeof(hit->seen))
		k = sizeof(hit->seen) - 1;
	memcpy(hit->seen, shown, k);
	hit->seen[k] = '\0';
}

/* The letters of word x. */
static uint32_t
bits_of(const struct words *w, const struct word *x)
{
	return x->vw != NULL ? x->vw->letters :
	    letter_bits(w->buf + x->off, x->len);
}

/* Could a candidate of len bytes be a name of nwords words? */
static int
in_span(const struct config *cfg, size_t nwords, size_t len)
{
	return len >= cfg->brand_span[nwords][0] &&
	    len <= cfg->brand_span[nwords][1];
}

/*
 * The letter counts of the words of a text, two at a time: a pair's
 * counts are its words' added up (with one more "other" for the space
 * between them), as letter_hist would count the pair joined.
 */
struct pair_hist {
	unsigned char	 h[2][HIST_LEN];
	size_t		 at[2];		/* the word each holds, or SIZE_MAX */
};

static const unsigned char *
word_hist(struct pair_hist *ph, const struct words *w, size_t i)
{
	unsigned char *h = ph->h[i & 1];

	if (w->v[i].vw != NULL)
		return w->v[i].vw->hist;	/* the vocabulary's */
	if (ph->at[i & 1] != i) {
		letter_hist(w->buf + w->v[i].off, w->v[i].len, h);
		ph->at[i & 1] = i;
	}
	return h;
}

/* Could a candidate with the letter counts h be a name of list l?
 * try_brand's histogram test, made before the pair is joined. */
static int
hist_fits(const struct config *cfg, int l, const unsigned char h[HIST_LEN])
{
	size_t i;

	for (i = 0; i < cfg->brand_nlist[l]; i++)
		if (near_hist(&cfg->brands[cfg->brand_list[l][i]], h))
			return 1;
	return 0;
}

json_t *
find_brand(const struct config *cfg, const struct words *w)
{
	struct brand_hit hit;
	struct pair_hist ph = { .at = { SIZE_MAX, SIZE_MAX } };
	char pair[256], glued[256];
	unsigned char glued_h[HIST_LEN], pair_h[HIST_LEN];
	const unsigned char *hx, *hy;
	size_t i, len, k, maxlen = cfg->brand_maxlen;
	uint32_t bits, next = 0;
	int two, glue;
	json_t *b;

	/* Not "= { ... }": that would clear seen's 256 bytes each time. */
	hit.brand = NULL;
	hit.distance = 1000;
	hit.seen[0] = '\0';
	if (cfg->nbrands > 0 && w->n > 0)
		next = bits_of(w, &w->v[0]);
	for (i = 0; i < w->n && cfg->nbrands > 0; i++) {
		const struct word *x = &w->v[i];
		const char *s = w->buf + x->off;

		bits = next;
		if (i + 1 < w->n)
			next = bits_of(w, &w->v[i + 1]);
		/* @telcora and #telcora name it too. */
		if (x->kind == TOK_MENTION || x->kind == TOK_HASHTAG) {
			if (x->len - 1 <= maxlen)
				try_single(cfg, x, s + 1, x->len - 1,
				    FORM_TAGGED, bits, s, &hit);
			continue;
		}
		if (!is_word(x) || x->len > maxlen)
			continue;
		/* Two words are tried together only when they are short
		 * enough to be a name, and their letter counts near a
		 * name's (try_brand's first test, made on the words'
		 * counts): few pairs pass, and only those are joined. */
		len = i + 1 < w->n ? x->len + 1 + w->v[i + 1].len : 0;
		two = len > 0 && in_span(cfg, 2, len);
		glue = len > 0 && in_span(cfg, 1, len - 1);
		if ((two || glue) && is_word(&w->v[i + 1])) {
			hx = word_hist(&ph, w, i);
			hy = word_hist(&ph, w, i + 1);
			for (k = 0; k < HIST_LEN; k++)
				glued_h[k] = pair_h[k] =
				    (unsigned char)(hx[k] + hy[k]);
			pair_h[26]++;	/* the space */
			glue = glue && hist_fits(cfg, BL_ONE, glued_h);
			two = two && hist_fits(cfg, BL_TWO, pair_h);
		}
		if ((two || glue) &&
		    (len = join(w, i, 2, pair, sizeof(pair))) > 0) {
			if (two)
				try_brand(cfg, pair, len, 2, FORM_WORD,
				    bits | next, pair_h, pair, &hit, 1);
			/* "tel cora": two words run together. */
			if (glue) {
				for (k = 0; pair[k] != ' '; k++)
					glued[k] = pair[k];
				memcpy(glued + k, pair + k + 1, len - k);
				try_brand(cfg, glued, len - 1, 1,
				    utf8_ncp(pair, k) < 3 ||
				    utf8_ncp(pair + k + 1, len - k - 1) < 3 ?
				    FORM_GLUED_SHORT : FORM_GLUED,
				    bits | next, glued_h, pair, &hit, 1);
			}
		}
		try_single(cfg, x, s, x->len, FORM_WORD, bits, s, &hit);
	}
	if (hit.brand == NULL)
		return NULL;
	b = json_object();
	json_object_setn_new_nocheck(b, "term", 4,
	    json_string(hit.brand->term));
	json_object_setn_new_nocheck(b, "seen", 4, json_string(hit.seen));
	json_object_setn_new_nocheck(b, "distance", 8,
	    json_integer(hit.distance));
	return b;
}

/* Only words of the one_word list (up to a short phrase) and emoji, none
 * of them an insult: "🖕" alone is hostile_empty, not a word to count. */
static int
one_word(const struct config *cfg, const struct words *w)
{
	size_t i, first = w->n, nwords = 0, emoji = 0, n;

	for (i = 0; i < w->n; i++) {
		if (w->v[i].kind == TOK_EMOJI) {
			if (insult_emoji(cfg, w, i))
				return 0;
			emoji++;
		}
		else if (w->v[i].kind == TOK_MENTION)
			continue;
		else {
			if (first == w->n)
				first = i;
			if (++nwords > cfg->max_phrase)
				return 0;
		}
	}
	if (nwords == 0)
		return emoji > 0;
	/* The words must be consecutive and form one listed entry. */
	n = phrase_at(cfg->one_word, w, first);
	return n == nwords;
}

/* Does the text hold a question mark (? or ¿)? */
static int
asks(json_t *rec)
{
	json_t *t = json_object_get(rec, "text");
	const char *s = json_string_value(t);
	size_t len = json_string_length(t);

	return s != NULL && (memchr(s, '?', len) != NULL ||
	    memmem(s, len, "\xC2\xBF", 2) != NULL);	/* ¿ */
}

const char *
builtin_filter(const struct config *cfg, const struct words *w, json_t *rec)
{
	const char *t;
	size_t i;
	int found;

	if (cfg->promo_threads != NULL) {
		t = jpath_str(rec, "thread.in_reply_to");
		if (t != NULL && idset_has(cfg->promo_threads, t, strlen(t)))
			return "promo";
		t = jpath_str(rec, "thread.id");
		if (t != NULL && idset_has(cfg->promo_threads, t, strlen(t)))
			return "promo";
	}
	if (cfg->promo_tags != NULL)
		for (i = 0; i < w->n; i++) {
			if (w->v[i].kind != TOK_HASHTAG)
				continue;
			lexicon_get(cfg->promo_tags, w->buf + w->v[i].off,
			    w->v[i].len, &found);
			if (found)
				return "promo";
		}
	/* "hola?", "hello??" ask for someone: empty, not a word to count. */
	if (cfg->one_word != NULL && one_word(cfg, w) && !asks(rec))
		return "one_word";
	return NULL;
}
