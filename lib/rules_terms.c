/* rules_terms.c - the word terms of a rule set, found by token
 *
 * A term and a text are both normalized to " tok tok " (rules_text.c):
 * a term occurs where the text has it between two spaces.  So instead
 * of an automaton stepping through a large table at every byte, the
 * text is walked from each space: the bytes up to the next space are
 * hashed and looked up, and the walk goes on to the next space only
 * while what it has is the start of a longer term.  The table is small
 * (a few thousand slots) and the hash grows with the walk.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rules_impl.h"

#define T_TERM		0x1	/* a term ends here: id is valid */
#define T_PREFIX	0x2	/* a longer term goes on after a space */

struct tslot {
	uint32_t	hash;
	uint32_t	off;		/* key in pool; 0 len: empty */
	uint32_t	len;
	uint16_t	flags;
	uint32_t	id;
};

struct termtab {
	struct tslot	*slot;
	size_t		 mask, used;
	char		*pool;
	size_t		 poolused, poolcap;
};

#define FNV_INIT	2166136261u
#define FNV(h, c)	(((h) ^ (unsigned char)(c)) * 16777619u)

static uint32_t
hash_of(const char *s, size_t len)
{
	uint32_t h = FNV_INIT;
	size_t i;

	for (i = 0; i < len; i++)
		h = FNV(h, s[i]);
	return h;
}

static struct tslot *
slot_of(const struct termtab *tt, const char *key, size_t len, uint32_t h)
{
	struct tslot *e;
	size_t i = h & tt->mask;

	for (;; i = (i + 1) & tt->mask) {
		e = &tt->slot[i];
		if (e->flags == 0)
			return e;
		if (e->hash == h && e->len == len &&
		    memcmp(tt->pool + e->off, key, len) == 0)
			return e;
	}
}

struct termtab *
termtab_new(void)
{
	struct termtab *tt;

	if ((tt = calloc(1, sizeof(*tt))) == NULL ||
	    (tt->slot = calloc(64, sizeof(*tt->slot))) == NULL)
		abort();
	tt->mask = 63;
	return tt;
}

void
termtab_free(struct termtab *tt)
{
	if (tt == NULL)
		return;
	free(tt->slot);
	free(tt->pool);
	free(tt);
}

static void
grow(struct termtab *tt)
{
	struct tslot *old = tt->slot, *e;
	size_t n = tt->mask + 1, i;

	if ((tt->slot = calloc(2 * n, sizeof(*tt->slot))) == NULL)
		abort();
	tt->mask = 2 * n - 1;
	for (i = 0; i < n; i++) {
		if (old[i].flags == 0)
			continue;
		e = slot_of(tt, tt->pool + old[i].off, old[i].len,
		    old[i].hash);
		*e = old[i];
	}
	free(old);
}

static void
put(struct termtab *tt, const char *key, size_t len, unsigned flags,
    uint32_t id)
{
	struct tslot *e;
	uint32_t h = hash_of(key, len);

	e = slot_of(tt, key, len, h);
	if (e->flags == 0) {
		if ((tt->used + 1) * 2 > tt->mask + 1) {
			grow(tt);
			e = slot_of(tt, key, len, h);
		}
		GROW(tt->pool, tt->poolcap, tt->poolused + len);
		memcpy(tt->pool + tt->poolused, key, len);
		e->hash = h;
		e->off = (uint32_t)tt->poolused;
		e->len = (uint32_t)len;
		tt->poolused += len;
		tt->used++;
	}
	if (flags & T_TERM)
		e->id = id;
	e->flags |= (uint16_t)flags;
}

/* pat is " tok tok ", as text_normalize gives it. */
void
termtab_add(struct termtab *tt, const char *pat, size_t len, uint32_t id)
{
	size_t i;

	if (len < 2 || pat[0] != ' ' || pat[len - 1] != ' ')
		abort();	/* not normalized */
	pat++;
	len -= 2;
	put(tt, pat, len, T_TERM, id);
	for (i = 0; i < len; i++)
		if (pat[i] == ' ')
			put(tt, pat, i, T_PREFIX, 0);
}

/*
 * Call fn for each term in text (" tok tok "), as ac_scan would: every
 * occurrence, though not in the same order.
 */
void
termtab_scan(const struct termtab *tt, const char *text, size_t len,
    int (*fn)(uint32_t, size_t, void *), void *arg)
{
	const struct tslot *e;
	const char *sp, *end = text + len;
	const char *p, *q;
	uint32_t h;

	for (p = memchr(text, ' ', len); p != NULL && p + 1 < end;
	    p = memchr(p + 1, ' ', (size_t)(end - p - 1))) {
		h = FNV_INIT;
		for (q = p + 1; q < end; q = sp + 1) {
			/* The next token, hashed on from what came before. */
			for (sp = q; sp < end && *sp != ' '; sp++)
				h = FNV(h, *sp);
			if (sp == end)
				break;	/* no space after it */
			e = slot_of(tt, p + 1, (size_t)(sp - p - 1), h);
			if (e->flags == 0)
				break;
			if (e->flags & T_TERM)
				fn(e->id, (size_t)(sp - text + 1), arg);
			if (!(e->flags & T_PREFIX))
				break;
			h = FNV(h, ' ');
		}
	}
}
