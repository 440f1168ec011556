/* sentiment_tokens.c - a message's tokens as the sentiment scorer reads
 * them: folded keys, letter runs cut, laughs, words split at a missing
 * space, each looked up in the lexicon */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sentiment_impl.h"
#include "xalloc.h"

/*
 * Copy s[0..len) to out with every run of three or more of the same
 * ASCII letter cut to keep letters ("malisimooo" -> "malisimo" or
 * "malisimoo").  Returns the new length; *changed tells whether any
 * run was cut.
 */
static size_t
collapse(const char *s, size_t len, size_t keep, char *out, int *changed)
{
	size_t	i = 0, j, o = 0;
	char	c;

	*changed = 0;
	while (i < len) {
		c = s[i];
		for (j = i + 1; j < len && s[j] == c; j++)
			;
		if (j - i >= 3 && ((c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z'))) {
			memset(out + o, c, keep);
			o += keep;
			*changed = 1;
		} else {
			memmove(out + o, s + i, j - i);
			o += j - i;
		}
		i = j;
	}
	return o;
}

/* Is cp an upper / lower case letter, as far as es and en need? */
static int
is_upper(uint32_t cp)
{
	return (cp >= 'A' && cp <= 'Z') ||
	    (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7);
}

static int
is_lower(uint32_t cp)
{
	return (cp >= 'a' && cp <= 'z') ||
	    (cp >= 0xDF && cp <= 0xFF && cp != 0xF7);
}

/* One lower case letter settles it: most words stop at their first or
 * second byte. */
static unsigned
case_flags(const char *s, size_t len)
{
	uint32_t	cp;
	size_t		i, upper = 0;
	unsigned char	c;
	int		n;

	for (i = 0; i < len; i += (size_t)n) {
		if ((c = (unsigned char)s[i]) < 0x80) {
			if (c >= 'a' && c <= 'z')
				return T_LOWER;
			upper += c >= 'A' && c <= 'Z';
			n = 1;
			continue;
		}
		n = utf8_decode(s + i, len - i, &cp);
		if (is_lower(cp))
			return T_LOWER;
		upper += is_upper(cp);
	}
	return upper >= 3 ? T_CAPS : 0;
}

/* A run of three of one byte: unstretch has work to do. */
static int
has_run(const char *key, size_t len)
{
	size_t	i;

	for (i = 2; i < len; i++)
		if (key[i] == key[i - 1] && key[i] == key[i - 2])
			return 1;
	return 0;
}

static int
known(const struct lexicon *lx, const char *s, size_t len)
{
	return lex_find(lx, s, len) != NULL || sentiment_nt(s, len);
}

/*
 * A word with a letter run of three or more: look it up with the runs
 * cut to two letters ("goood" -> "good"), else cut to one ("sooo" ->
 * "so").  The key is rewritten in place.
 */
static void
unstretch(struct scorer *sc, struct tok *t)
{
	char	*key = sc->keys + t->key;
	size_t	 n;
	int	 changed;

	/* Most words have no run of three: nothing to do. */
	if (!has_run(key, t->klen))
		return;
	n = collapse(key, t->klen, 2, sc->scratch, &changed);
	if (!changed || known(sc->lx, key, t->klen))
		return;		/* "loool" may be an entry of its own */
	t->flags |= T_ELONG;
	if (!known(sc->lx, sc->scratch, n))
		n = collapse(key, t->klen, 1, sc->scratch, &changed);
	memcpy(key, sc->scratch, n);
	t->klen = n;
}

/*
 * Laughter: "jajajaja", "JAJJAJ", "ajajaj", "hahahah", "jejeje" are only
 * a, e, i and one of j or h, with that consonant before a vowel twice or
 * more ("hija" is no laugh).  Returns the offset of the first syllable,
 * or -1.
 */
static int
laugh(const char *s, size_t len)
{
	size_t	i, syl = 0;
	int	first = -1;
	char	cons = 0;

	if (len < 4)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] == 'j' || s[i] == 'h') {
			if (cons != 0 && s[i] != cons)
				return -1;
			cons = s[i];
			if (i + 1 < len && memchr("aei", s[i + 1], 3) != NULL) {
				if (first == -1)
					first = (int)i;
				syl++;
			}
		} else if (memchr("aei", s[i], 3) == NULL)
			return -1;
	}
	return syl >= 2 ? first : -1;
}

/* f, when not NULL, is the token folded by the caller. */
static void
push_token(struct scorer *sc, enum tok_kind kind, size_t off, size_t len,
    const struct tokfold *f)
{
	struct tok	*t;
	char		*key, c, v;
	int		 l;

	if (sc->ntok == sc->tcap) {
		sc->tcap = sc->tcap ? sc->tcap * 2 : 64;
		sc->toks = xrealloc(sc->toks, sc->tcap * sizeof(*sc->toks));
	}
	t = &sc->toks[sc->ntok++];
	t->kind = kind;
	t->off = off;
	t->len = len;
	t->key = sc->kused;
	t->flags = 0;
	/* kcap is 4 * len + 1: TOKROOM(toklen) for each, its NUL
	 * overwritten by the space. */
	if (f != NULL) {
		memcpy(sc->keys + sc->kused, f->s, f->len);
		t->klen = kind == TOK_EMOJI ? strip_emoji(sc->keys + sc->kused,
		    f->len) : f->len;
	} else
		t->klen = norm_token(sc->text + off, len, kind,
		    sc->keys + sc->kused);
	if (f != NULL && f->sw != NULL && (kind != TOK_WORD || f->sw->plain)) {
		/* Looked up by the caller, and nothing to rewrite. */
		if (kind == TOK_WORD)
			t->flags = case_flags(sc->text + off, len);
		t->ent = f->sw->ent;
		sc->kused += t->klen;
		sc->keys[sc->kused++] = ' ';
		return;
	}
	if (kind == TOK_WORD) {
		t->flags = case_flags(sc->text + off, len);
		unstretch(sc, t);
		/* Any laugh is looked up as its syllable twice: "jaja". */
		key = sc->keys + t->key;
		if ((l = laugh(key, t->klen)) >= 0 &&
		    !known(sc->lx, key, t->klen)) {
			c = key[l];
			v = key[l + 1];
			key[0] = key[2] = c;
			key[1] = key[3] = v;
			t->klen = 4;
		}
	}
	t->ent = lex_find(sc->lx, sc->keys + t->key, t->klen);
	sc->kused += t->klen;
	sc->keys[sc->kused++] = ' ';
}

static int
has_letter(const char *s, size_t len)
{
	uint32_t	cp;
	size_t		i;
	int		n;

	for (i = 0; i < len; i += (size_t)n) {
		n = utf8_decode(s + i, len - i, &cp);
		if (utf8_is_letter(cp))
			return 1;
	}
	return 0;
}

/* The first '.' or '-' in s[0..len), or NULL. */
static const char *
joiner(const char *s, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++)
		if (s[i] == '.' || s[i] == '-')
			return s + i;
	return NULL;
}

/*
 * Words run together by a full stop without its space ("late.Ridiculous")
 * or a hyphen ("delayed-no", "ORD-seriously") come out of utf8_tokens as
 * one word: unless the lexicon knows the whole ("well-being"), it is
 * split into its words again, with the full stops between them.
 */
static void
add_token(struct scorer *sc, const struct token *tk, const struct tokfold *f)
{
	const struct lexent *e;
	const char	*s = sc->text + tk->off, *j;
	size_t		 off = 0, n;
	char		*key;

	if (tk->kind != TOK_WORD || (j = joiner(s, tk->len)) == NULL) {
		push_token(sc, tk->kind, tk->off, tk->len, f);
		return;
	}
	if (f != NULL)
		e = f->sw != NULL ? f->sw->ent : lex_find(sc->lx, f->s, f->len);
	else {
		key = sc->keys + sc->kused;
		n = norm_token(s, tk->len, tk->kind, key);
		e = lex_find(sc->lx, key, n);
	}
	if (e != NULL) {
		push_token(sc, tk->kind, tk->off, tk->len, f);
		return;
	}
	for (;;) {
		n = (size_t)(j - (s + off));
		if (n > 0)
			push_token(sc, has_letter(s + off, n) ? TOK_WORD :
			    TOK_NUMBER, tk->off + off, n, NULL);
		if (off + n == tk->len)
			break;
		if (*j == '.')
			push_token(sc, TOK_PUNCT, tk->off + off + n, 1, NULL);
		off += n + 1;
		if ((j = joiner(s + off, tk->len - off)) == NULL)
			j = s + tk->len;
	}
}

void
scorer_tokens(struct scorer *sc, const struct toklist *tl,
    const struct tokfold *f)
{
	size_t	i;

	for (i = 0; i < tl->n; i++)
		add_token(sc, &tl->v[i], f != NULL ? &f[i] : NULL);
}

void
sentiment_word(const struct lexicon *lx, const char *folded, size_t len,
    struct sentword *sw)
{
	sw->ent = lex_find(lx, folded, len);
	/* As push_token: a letter run or an unknown laugh is rewritten. */
	sw->plain = !has_run(folded, len) && (laugh(folded, len) < 0 ||
	    sw->ent != NULL || sentiment_nt(folded, len));
}
