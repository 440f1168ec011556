/* lexicon.c - sentiment lexicons: the table, its modifiers, loading */

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "lexicon_impl.h"
#include "sentiment.h"
#include "utf8.h"
#include "xalloc.h"

/* ---- modifiers ------------------------------------------------------- */

struct modword {
	const char	*word;		/* folded */
	enum modkind	 kind;
};

/*
 * Words that change the words after them, folded.  lexicon_new puts
 * them into every lexicon, so that one look-up finds a word's score and
 * what it does; a modifier is never scored itself.
 * The Spanish past counterfactual ("si hubierais avisado", "hubiera
 * sido mejor") is a negation: what it wishes for did not happen.
 */
static const struct modword modwords[] = {
	{ "a bit", MOD_DOWN },		{ "a little", MOD_DOWN },
	{ "absolutamente", MOD_UP },	{ "absolutely", MOD_UP },
	{ "aint", MOD_NEG },		{ "algo", MOD_DOWN },
	{ "although", MOD_CONCEDE },	{ "arent", MOD_NEG },
	{ "aun asi", MOD_BUT },		{ "aunque", MOD_CONCEDE },
	{ "bastante", MOD_UP },		{ "but", MOD_BUT },
	{ "cannot", MOD_NEG },		{ "cant", MOD_NEG },
	{ "completamente", MOD_UP },	{ "completely", MOD_UP },
	{ "couldnt", MOD_NEG },		{ "demasiado", MOD_UP },
	{ "didnt", MOD_NEG },		{ "doesnt", MOD_NEG },
	{ "dont", MOD_NEG },		{ "even though", MOD_CONCEDE },
	{ "extremadamente", MOD_UP },	{ "extremely", MOD_UP },
	{ "hadnt", MOD_NEG },		{ "hasnt", MOD_NEG },
	{ "havent", MOD_NEG },		{ "highly", MOD_UP },
	{ "however", MOD_BUT },		{ "isnt", MOD_NEG },
	{ "hubiera", MOD_NEG },	{ "hubierais", MOD_NEG },
	{ "hubieran", MOD_NEG },	{ "hubieras", MOD_NEG },
	{ "hubiese", MOD_NEG },	{ "hubieseis", MOD_NEG },
	{ "hubiesen", MOD_NEG },
	{ "jamas", MOD_NEG },
	{ "kind of", MOD_DOWN },	{ "kinda", MOD_DOWN },
	{ "ligeramente", MOD_DOWN },	{ "medio", MOD_DOWN },
	{ "mucha", MOD_UP },		{ "muchas", MOD_UP },
	{ "muchisimas", MOD_UP },	{ "muchisimo", MOD_UP },
	{ "mucho", MOD_UP },		{ "muy", MOD_UP },
	{ "nada", MOD_NEG },		{ "nadie", MOD_NEG },
	{ "neither", MOD_NEG },		{ "never", MOD_NEG },
	{ "ni", MOD_NEG },		{ "ningun", MOD_NEG },
	{ "ninguna", MOD_NEG },		{ "ninguno", MOD_NEG },
	{ "no", MOD_NEG },		{ "no obstante", MOD_BUT },
	{ "no one", MOD_NEG },		{ "nobody", MOD_NEG },
	{ "none", MOD_NEG },		{ "nor", MOD_NEG },
	{ "not", MOD_NEG },		{ "nothing", MOD_NEG },
	{ "nunca", MOD_NEG },		{ "pero", MOD_BUT },
	{ "poco", MOD_DOWN },		{ "re", MOD_UP },
	{ "really", MOD_UP },		{ "realmente", MOD_UP },
	{ "shouldnt", MOD_NEG },	{ "si bien", MOD_CONCEDE },
	{ "sin", MOD_NEG },		{ "sin embargo", MOD_BUT },
	{ "sino", MOD_BUT },		{ "slightly", MOD_DOWN },
	{ "so", MOD_UP },		{ "somewhat", MOD_DOWN },
	{ "sort of", MOD_DOWN },	{ "sorta", MOD_DOWN },
	{ "such", MOD_UP },		{ "sumamente", MOD_UP },
	{ "super", MOD_UP },		{ "tampoco", MOD_NEG },
	{ "tan", MOD_UP },		{ "too", MOD_UP },
	{ "totally", MOD_UP },		{ "totalmente", MOD_UP },
	{ "tremendamente", MOD_UP },	{ "un tanto", MOD_DOWN },
	{ "very", MOD_UP },		{ "wasnt", MOD_NEG },
	{ "werent", MOD_NEG },		{ "without", MOD_NEG },
	{ "wont", MOD_NEG },		{ "wouldnt", MOD_NEG },
};

/* ---- the table ------------------------------------------------------ */

static void
lex_grow(struct lexicon *lx)
{
	struct lexent	*old = lx->tab, *e;
	size_t		 oldsize = lx->mask + 1, i;

	lx->mask = oldsize * 2 - 1;
	if ((lx->tab = calloc(oldsize * 2, sizeof(*lx->tab))) == NULL)
		abort();
	free(lx->bloom);
	lx->bloom = bloom_new(lx->mask);
	for (i = 0; i < oldsize; i++) {
		if (old[i].flags == 0)
			continue;
		e = lex_slot(lx, lx->pool + old[i].off, old[i].len,
		    old[i].hash);
		*e = old[i];
		bloom_add(lx->bloom, lx->mask, old[i].hash);
	}
	free(old);
}

/* Insert or update key (already normalized) with flags and score. */
static struct lexent *
lex_put(struct lexicon *lx, const char *key, size_t len, unsigned flags,
    double score)
{
	struct lexent	*e;
	uint32_t	 h = hash_key(key, len);

	e = lex_slot(lx, key, len, h);
	if (e->flags == 0) {
		if ((lx->used + 1) * 2 > lx->mask + 1) {
			lex_grow(lx);
			e = lex_slot(lx, key, len, h);
		}
		if (lx->poolcap - lx->poolused < len) {
			while (lx->poolcap - lx->poolused < len)
				lx->poolcap = lx->poolcap ? lx->poolcap * 2 :
				    4096;
			lx->pool = xrealloc(lx->pool, lx->poolcap);
		}
		memcpy(lx->pool + lx->poolused, key, len);
		e->hash = h;
		e->off = (uint32_t)lx->poolused;
		e->len = (uint16_t)len;
		e->score = 0;
		e->mod = 0;
		lx->poolused += len;
		lx->used++;
		bloom_add(lx->bloom, lx->mask, h);
	}
	if ((flags & ENT_WORD) != 0) {
		if ((e->flags & ENT_WORD) == 0)
			lx->nwords++;
		e->score = (float)score;
	}
	e->flags |= (uint8_t)flags;
	return e;
}

struct lexicon *
lexicon_new(void)
{
	struct lexicon	*lx;
	const char	*w, *sp;
	size_t		 i;

	if ((lx = calloc(1, sizeof(*lx))) == NULL)
		return NULL;
	lx->mask = 256 - 1;
	if ((lx->tab = calloc(lx->mask + 1, sizeof(*lx->tab))) == NULL) {
		free(lx);
		return NULL;
	}
	lx->bloom = bloom_new(lx->mask);
	for (i = 0; i < NELEM(modwords); i++) {
		w = modwords[i].word;
		lex_put(lx, w, strlen(w), ENT_MOD, 0)->mod =
		    (uint8_t)modwords[i].kind;
		if ((sp = strchr(w, ' ')) != NULL)	/* "a bit" */
			lex_put(lx, w, (size_t)(sp - w), ENT_PREFIX, 0);
	}
	return lx;
}

void
lexicon_free(struct lexicon *lx)
{
	if (lx == NULL)
		return;
	free(lx->tab);
	free(lx->pool);
	free(lx->bloom);
	free(lx);
}

size_t
lexicon_size(const struct lexicon *lx)
{
	return lx->nwords;
}

int
lexicon_find(const struct lexicon *lx, const char *folded, size_t len,
    double *score)
{
	const struct lexent	*e = lex_find(lx, folded, len);
	int			 r = 0;

	if (e == NULL)
		return 0;
	if (e->flags & ENT_WORD) {
		r |= LEX_ENTRY;
		if (score != NULL)
			*score = e->score;
	}
	if (e->flags & ENT_PREFIX)
		r |= LEX_PREFIX;
	return r;
}

double
lexicon_get(const struct lexicon *lx, const char *folded, size_t len,
    int *found)
{
	double	score = 0;
	int	r = lexicon_find(lx, folded, len, &score);

	if (found != NULL)
		*found = (r & LEX_ENTRY) != 0;
	return score;
}

/* ---- normalizing a token --------------------------------------------- */

static int
is_emoji_modifier(uint32_t cp)
{
	return cp == 0xFE0E || cp == 0xFE0F ||
	    (cp >= 0x1F3FB && cp <= 0x1F3FF);	/* skin tones */
}

#define ZWJ	0x200D

/* An emoji folded into out[0..n): without its modifiers. */
size_t
strip_emoji(char *out, size_t n)
{
	uint32_t	cp;
	size_t		i, o;
	int		k;

	for (i = o = 0; i < n; i += (size_t)k) {
		k = utf8_decode(out + i, n - i, &cp);
		if (cp == ZWJ && o > 0)
			break;
		if (!is_emoji_modifier(cp)) {
			memmove(out + o, out + i, (size_t)k);
			o += (size_t)k;
		}
	}
	if (o == 0)		/* nothing but modifiers: keep them */
		return n;
	out[o] = '\0';
	return o;
}

size_t
norm_token(const char *s, size_t len, enum tok_kind kind, char *out)
{
	size_t	n;

	if ((n = utf8_fold(s, len, out, TOKROOM(len))) >= TOKROOM(len))
		n = strlen(out);	/* cannot happen: keep what fits */
	return kind == TOK_EMOJI ? strip_emoji(out, n) : n;
}

/* ---- adding entries -------------------------------------------------- */

struct keybuf {
	const char	*word;
	char		*out;
	size_t		 len;
	size_t		 ntok;
	size_t		 ends[64];	/* key length after each of the first tokens */
	enum tok_kind	 kinds[64];
	int		 trimmable[64];	/* a lone , . ; : ! ? */
};

static int
key_token(const struct token *tk, void *arg)
{
	struct keybuf	*kb = arg;
	char		 c = kb->word[tk->off];

	if (kb->ntok > 0)
		kb->out[kb->len++] = ' ';
	kb->len += norm_token(kb->word + tk->off, tk->len, tk->kind,
	    kb->out + kb->len);
	if (kb->ntok < NELEM(kb->ends)) {
		kb->ends[kb->ntok] = kb->len;
		kb->kinds[kb->ntok] = tk->kind;
		kb->trimmable[kb->ntok] = tk->kind == TOK_PUNCT &&
		    tk->len == 1 && strchr(",.;:!?", c) != NULL;
	}
	kb->ntok++;
	return 0;
}

/*
 * Normalize an entry into kb: folded tokens joined with single spaces.
 * A sentence mark after the words ("No me gusta:", "bien defendido,")
 * is dropped; emoticons like ":)" stay as they are.  Returns the length
 * (0: nothing to match).
 */
static size_t
norm_entry(struct keybuf *kb, const char *word, size_t len)
{
	kb->word = word;
	kb->len = 0;
	kb->ntok = 0;
	if ((kb->out = malloc(4 * len + 2)) == NULL)
		abort();
	utf8_tokens(word, len, key_token, kb);
	while (kb->ntok >= 2 && kb->ntok <= NELEM(kb->ends) &&
	    kb->trimmable[kb->ntok - 1] &&
	    kb->kinds[kb->ntok - 2] == TOK_WORD) {
		kb->ntok--;
		kb->len = kb->ends[kb->ntok - 1];
	}
	return kb->len;
}

static int
add_entry(struct lexicon *lx, const char *word, size_t len, double score)
{
	struct keybuf	kb;
	size_t		i, n;

	if ((n = norm_entry(&kb, word, len)) == 0 || n > UINT16_MAX) {
		free(kb.out);
		return -1;
	}
	lex_put(lx, kb.out, n, ENT_WORD, score);
	for (i = 0; i + 1 < kb.ntok && i < NELEM(kb.ends); i++)
		lex_put(lx, kb.out, kb.ends[i], ENT_PREFIX, 0);
	if (kb.ntok > lx->maxphrase)
		lx->maxphrase = kb.ntok;
	free(kb.out);
	return 0;
}

void
lexicon_add(struct lexicon *lx, const char *word, double score)
{
	add_entry(lx, word, strlen(word), score);
}

static void
seterr(char *err, size_t errlen, const char *fmt, const char *a,
    const char *b)
{
	if (err != NULL && errlen > 0)
		snprintf(err, errlen, fmt, a, b);
}

/*
 * One line of a lexicon file: "word<TAB>score", optionally followed by
 * blanks and a '#' comment.  Returns -1 with a message in msg.
 */
static int
parse_line(struct lexicon *lx, char *line, size_t len, char *msg,
    size_t msglen)
{
	char	*tab, *end, *p;
	size_t	 wlen;
	double	 score;

	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		line[--len] = '\0';
	for (p = line; *p == ' ' || *p == '\t'; p++)
		;
	if (*p == '\0' || *p == '#')
		return 0;
	if (strlen(line) != len) {
		snprintf(msg, msglen, "NUL byte in line");
		return -1;
	}
	if (utf8_valid(line, len) != len) {
		snprintf(msg, msglen, "invalid UTF-8");
		return -1;
	}
	if ((tab = strchr(line, '\t')) == NULL) {
		snprintf(msg, msglen, "no tab between word and score");
		return -1;
	}
	for (wlen = (size_t)(tab - line); wlen > 0 && line[wlen - 1] == ' ';
	    wlen--)
		;
	if (wlen == 0) {
		snprintf(msg, msglen, "empty word before the tab");
		return -1;
	}
	for (p = tab + 1; *p == ' ' || *p == '\t'; p++)
		;
	errno = 0;
	score = strtod(p, &end);
	if (end == p || errno != 0) {
		snprintf(msg, msglen, "bad score \"%.40s\" (want -5 to 5)", p);
		return -1;
	}
	while (*end == ' ' || *end == '\t')
		end++;
	if (*end != '\0' && *end != '#') {
		snprintf(msg, msglen, "bad score \"%.40s\" (want -5 to 5)", p);
		return -1;
	}
	if (!isfinite(score) || score < -5 || score > 5) {
		snprintf(msg, msglen, "score %g out of range -5 to 5", score);
		return -1;
	}
	if (add_entry(lx, line, wlen, score) == -1) {
		snprintf(msg, msglen, "\"%.*s\" has nothing to match",
		    (int)(wlen > 40 ? 40 : wlen), line);
		return -1;
	}
	return 0;
}

/*
 * Entries before a bad line stay added: the caller is expected to
 * refuse to start (exit 78) rather than go on with half a file.
 */
int
lexicon_load(struct lexicon *lx, const char *path, char *err, size_t errlen)
{
	FILE	*f;
	char	*line = NULL, msg[160];
	size_t	 cap = 0;
	ssize_t	 n;
	long	 lineno = 0;
	int	 rc = 0;

	if ((f = fopen(path, "r")) == NULL) {
		seterr(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while ((n = getline(&line, &cap, f)) != -1) {
		lineno++;
		/* A byte order mark from an editor is no part of the word. */
		if (lineno == 1 && n >= 3 && memcmp(line, "\xEF\xBB\xBF",
		    3) == 0) {
			memmove(line, line + 3, (size_t)n - 2);
			n -= 3;
		}
		if (parse_line(lx, line, (size_t)n, msg, sizeof(msg)) == -1) {
			if (err != NULL && errlen > 0)
				snprintf(err, errlen, "%s:%ld: %s", path,
				    lineno, msg);
			rc = -1;
			break;
		}
	}
	if (rc == 0 && ferror(f)) {
		seterr(err, errlen, "%s: %s", path, strerror(errno));
		rc = -1;
	}
	free(line);
	fclose(f);
	return rc;
}
