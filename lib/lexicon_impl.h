/*
 * lexicon_impl.h - the lexicon's table, shared by lexicon.c (building
 * and loading it) and sentiment.c (scoring with it).  Not an interface:
 * only those two files include it, and their unit test.
 */
#ifndef SCS_LEXICON_IMPL_H
#define SCS_LEXICON_IMPL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "bloom.h"
#include "sentiment.h"
#include "utf8.h"

#define NELEM(t)	(sizeof(t) / sizeof((t)[0]))

enum modkind {
	MOD_NEG = 1,	/* flips and damps the next NEG_SCOPE words */
	MOD_UP,		/* intensifier */
	MOD_DOWN,	/* diminisher */
	MOD_BUT,	/* what follows weighs more */
	MOD_CONCEDE	/* "aunque": at a sentence start, its clause weighs less */
};

/* ---- the lexicon: open addressing over folded keys ------------------ */

#define ENT_WORD	0x1	/* an entry with a score */
#define ENT_PREFIX	0x2	/* the first tokens of a longer phrase */
#define ENT_MOD		0x4	/* a modifier (mod) */

/* 16 bytes: the tables are probed at random, once or more per word,
 * and a small slot keeps more of them in the cache.  Scores are halves
 * and small integers (and row numbers), exact in a float. */
struct lexent {
	uint32_t	hash;
	uint32_t	off;		/* key in the pool */
	uint16_t	len;
	uint8_t		flags;		/* 0: empty slot */
	uint8_t		mod;		/* enum modkind */
	float		score;
};

/*
 * Keys are folded tokens joined with single spaces ("no me gusta",
 * ": )").  Every proper prefix of a phrase is in the table too, flagged
 * ENT_PREFIX, so matching stops as soon as no entry can follow.  The
 * modifiers are in it as well, so that one look-up per word finds both.
 */
struct lexicon {
	struct lexent	*tab;
	size_t		 mask;		/* size - 1, a power of two */
	size_t		 used;		/* slots taken (entries and prefixes) */
	size_t		 nwords;	/* entries with a score */
	char		*pool;
	size_t		 poolused, poolcap;
	size_t		 maxphrase;	/* tokens in the longest entry */
	/* Most words looked up are in no lexicon (bloom.h). */
	uint64_t	*bloom;
};

static inline uint32_t
hash_key(const char *s, size_t len)
{
	uint64_t	h = 0xcbf29ce484222325ull;	/* FNV-1a, 64 bit */
	size_t		i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ull;
	return (uint32_t)(h ^ (h >> 29));
}

/* The slot holding key, or the empty slot where it would go. */
static inline struct lexent *
lex_slot(const struct lexicon *lx, const char *key, size_t len, uint32_t h)
{
	struct lexent	*e;
	size_t		 i = (size_t)h & lx->mask;

	for (;; i = (i + 1) & lx->mask) {
		e = &lx->tab[i];
		if (e->flags == 0)
			return e;
		if (e->hash == h && e->len == len &&
		    memcmp(lx->pool + e->off, key, len) == 0)
			return e;
	}
}

static inline const struct lexent *
lex_find(const struct lexicon *lx, const char *key, size_t len)
{
	const struct lexent	*e;
	uint32_t		 h = hash_key(key, len);

	if (!bloom_may_have(lx->bloom, lx->mask, h))
		return NULL;
	e = lex_slot(lx, key, len, h);
	return e->flags == 0 ? NULL : e;
}

#define TOKROOM(len)	(2 * (len) + 2)

/*
 * Fold token s[0..len) into out, which has room for TOKROOM(len) bytes
 * (a stray byte becomes a three-byte U+FFFD, and the NUL).  An emoji
 * loses its variation selector, skin tone and whatever a zero width
 * joiner adds, so that "❤️" and "❤", "👍🏽" and "👍", "🤦‍♀️" and "🤦"
 * are one entry.  Returns the length.
 */
size_t	norm_token(const char *s, size_t len, enum tok_kind kind, char *out);
/* The emoji out[0..n), already folded, without its modifiers, in place. */
size_t	strip_emoji(char *out, size_t n);

#endif
