/* vocab.c - what every analysis needs of a word, looked up once per run
 *
 * A message's words are mostly words seen before.  Each would otherwise
 * be probed in five tables or more (both sentiment lexicons, word kinds,
 * stopwords, the model, every brand); the answers depend on the folded
 * word alone, so they are kept in one direct-mapped cache keyed by it
 * and computed from the tables on a miss.  Words too long for a slot
 * are left to the tables (vw NULL).
 */
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "diag.h"
#include "fnv.h"

#define VOCAB_SLOTS	4096	/* 136 bytes each: about half a MB, in L2 */

struct vocab {
	const struct config	*cfg;
	struct vword		*slot;
};

struct vocab *
vocab_new(const struct config *cfg)
{
	struct vocab *vc;

	if ((vc = calloc(1, sizeof(*vc))) == NULL ||
	    (vc->slot = calloc(VOCAB_SLOTS, sizeof(*vc->slot))) == NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");
	vc->cfg = cfg;
	return vc;
}

void
vocab_free(struct vocab *vc)
{
	if (vc == NULL)
		return;
	free(vc->slot);
	free(vc);
}

static uint32_t
hash(const char *s, size_t len)
{
	uint32_t h = fnv1a(s, len);

	return h ^ (h >> 16);
}

static void
fill(const struct config *cfg, struct vword *v, const char *s, size_t len,
    uint32_t h)
{
	int found = 0;

	memset(v, 0, sizeof(*v));
	v->hash = h;
	v->len = (uint8_t)len;
	memcpy(v->key, s, len);
	if (cfg->word_kinds != NULL)
		v->kinds = (uint8_t)lexicon_get(cfg->word_kinds, s, len,
		    &found);
	v->row = cfg->model != NULL ? (int32_t)model_row(cfg->model, s,
	    len) : -1;
	v->letters = letter_bits(s, len);
	letter_hist(s, len, v->hist);
	if (cfg->brand_ignore != NULL) {
		lexicon_get(cfg->brand_ignore, s, len, &found);
		v->brand_ignored = found != 0;
	}
	brand_single(cfg, s, len, v->letters, v);
	lang_word(s, len, &v->lw);
	sentiment_word(cfg->lex_es, s, len, &v->sw[0]);
	sentiment_word(cfg->lex_en, s, len, &v->sw[1]);
}

static const struct vword *
lookup(struct vocab *vc, const char *s, size_t len)
{
	struct vword *v;
	uint32_t h;

	if (len == 0 || len >= VWORD_KEY)
		return NULL;
	h = hash(s, len);
	v = &vc->slot[h & (VOCAB_SLOTS - 1)];
	if (v->len != len || v->hash != h || memcmp(v->key, s, len) != 0)
		fill(vc->cfg, v, s, len, h);
	return v;
}

static int
is_word(const struct word *x)
{
	return x->kind == TOK_WORD || x->kind == TOK_NUMBER;
}

void
words_lookup(struct vocab *vc, struct words *w)
{
	const struct vword *v;
	struct word *x;
	size_t i, skip;

	if (w->n > w->cap_vv) {
		free(w->vv);
		w->cap_vv = w->n + 16;
		if ((w->vv = malloc(w->cap_vv * sizeof(*w->vv))) == NULL)
			diag_fatal(EX_SOFTWARE, "out of memory");
	}
	for (i = 0; i < w->n; i++) {
		x = &w->v[i];
		x->vw = NULL;
		if (is_word(x))
			skip = 0;
		else if (x->kind == TOK_MENTION || x->kind == TOK_HASHTAG)
			skip = 1;	/* the name, for find_brand */
		else
			continue;
		if ((v = lookup(vc, w->buf + x->off + skip, x->len - skip)) ==
		    NULL)
			continue;
		w->vv[i] = *v;
		x->vw = &w->vv[i];
		if (is_word(x))
			w->tf[x->tok].lw = &x->vw->lw;
	}
}
