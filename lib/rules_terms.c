/* rules_terms.c - the word terms of a rule set, found by token
 *
 * A term and a text are both normalized to " tok tok " (rules_text.c):
 * a term occurs where the text has it between two spaces.  So instead
 * of an automaton stepping through a large table at every byte, the
 * text is walked from each space: the bytes up to the next space are
 * hashed and looked up, and the walk goes on to the next space only
 * while what it has is the start of a longer term.  The table is small
 * (a few thousand slots) and the hash grows with the walk.
 *
 * One table serves every rule set of the process: scs-classify's lists
 * all look for words in the same text, so the text is walked once and
 * each rule set maps the terms found to its own ids (rules_run.c).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bloom.h"
#include "fnv.h"
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
	/* Most tokens start no term: two in three of a WhatsApp
	 * sample's (bloom.h). */
	uint64_t	*bloom;
	char		*pool;
	size_t		 poolused, poolcap;
	uint32_t	 nterms;	/* ids are 0..nterms-1 */
	size_t		 users;
	/* The last text walked and the distinct ids found in it. */
	struct buf	 last;
	int		 have_last;
	uint32_t	*found;
	size_t		 nfound, fcap;
	uint32_t	*stamp, stampgen;	/* per id: found in this text */
	size_t		 stampcap;
};

static struct termtab *shared;


static inline struct tslot *
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

/* The process's table, created by its first user. */
struct termtab *
termtab_get(void)
{
	struct termtab *tt = shared;

	if (tt == NULL) {
		if ((tt = calloc(1, sizeof(*tt))) == NULL ||
		    (tt->slot = calloc(64, sizeof(*tt->slot))) == NULL)
			abort();
		tt->mask = 63;
		tt->bloom = bloom_new(tt->mask);
		shared = tt;
	}
	tt->users++;
	return tt;
}

/* Freed with its last user. */
void
termtab_release(struct termtab *tt)
{
	if (tt == NULL || --tt->users > 0)
		return;
	free(tt->slot);
	free(tt->bloom);
	free(tt->pool);
	free(tt->last.p);
	free(tt->found);
	free(tt->stamp);
	free(tt);
	shared = NULL;
}

static void
grow(struct termtab *tt)
{
	struct tslot *old = tt->slot, *e;
	size_t n = tt->mask + 1, i;

	free(tt->bloom);
	if ((tt->slot = calloc(2 * n, sizeof(*tt->slot))) == NULL)
		abort();
	tt->mask = 2 * n - 1;
	tt->bloom = bloom_new(tt->mask);
	for (i = 0; i < n; i++) {
		if (old[i].flags == 0)
			continue;
		e = slot_of(tt, tt->pool + old[i].off, old[i].len,
		    old[i].hash);
		*e = old[i];
		bloom_add(tt->bloom, tt->mask, old[i].hash);
	}
	free(old);
}

static struct tslot *
put(struct termtab *tt, const char *key, size_t len, unsigned flags)
{
	struct tslot *e;
	uint32_t h = fnv1a(key, len);

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
		bloom_add(tt->bloom, tt->mask, h);
	}
	if ((flags & T_TERM) && !(e->flags & T_TERM))
		e->id = tt->nterms++;
	e->flags |= (uint16_t)flags;
	return e;
}

/* pat is " tok tok ", as text_normalize gives it.  Its id, the same
 * for the same pattern. */
uint32_t
termtab_add(struct termtab *tt, const char *pat, size_t len)
{
	uint32_t id;
	size_t i;

	if (len < 2 || pat[0] != ' ' || pat[len - 1] != ' ')
		abort();	/* not normalized */
	pat++;
	len -= 2;
	id = put(tt, pat, len, T_TERM)->id;
	for (i = 0; i < len; i++)
		if (pat[i] == ' ')
			put(tt, pat, i, T_PREFIX);
	tt->have_last = 0;	/* the text may hold the new term */
	return id;
}

size_t
termtab_count(const struct termtab *tt)
{
	return tt->nterms;
}

/* Note id as found, once per text. */
static void
found(struct termtab *tt, uint32_t id)
{
	if (tt->stamp[id] == tt->stampgen)
		return;
	tt->stamp[id] = tt->stampgen;
	GROW(tt->found, tt->fcap, tt->nfound + 1);
	tt->found[tt->nfound++] = id;
}

/* Every term that occurs in text (" tok tok "). */
static void
scan(struct termtab *tt, const char *text, size_t len)
{
	const struct tslot *e;
	const char *sp, *end = text + len;
	const char *p, *q, *next;
	uint32_t h;

	/* From each space; the next is where the first token ends. */
	for (p = memchr(text, ' ', len); p != NULL && p + 1 < end; p = next) {
		h = FNV_INIT;
		next = NULL;
		for (q = p + 1; q < end; q = sp + 1) {
			/* The next token, hashed on from what came before. */
			for (sp = q; sp < end && *sp != ' '; sp++)
				h = FNV(h, *sp);
			if (next == NULL)
				next = sp;
			if (sp == end ||
			    !bloom_may_have(tt->bloom, tt->mask, h))
				break;	/* no space after it; no such key */
			e = slot_of(tt, p + 1, (size_t)(sp - p - 1), h);
			if (e->flags == 0)
				break;
			if (e->flags & T_TERM)
				found(tt, e->id);
			if (!(e->flags & T_PREFIX))
				break;
			h = FNV(h, ' ');
		}
	}
}

/*
 * The ids of the terms that occur in text (" tok tok "), each once, in
 * no particular order; valid until the next call or termtab_add.  The
 * last text's answer is kept: each rule set asks for the same text.
 */
const uint32_t *
termtab_find(struct termtab *tt, const char *text, size_t len, size_t *n)
{
	if (tt->have_last && tt->last.len == len &&
	    memcmp(tt->last.p, text, len) == 0) {
		*n = tt->nfound;
		return tt->found;
	}
	if (tt->stampcap < tt->nterms) {
		free(tt->stamp);
		if ((tt->stamp = calloc(tt->nterms, sizeof(*tt->stamp))) ==
		    NULL)
			abort();
		tt->stampcap = tt->nterms;
		tt->stampgen = 0;
	}
	if (++tt->stampgen == 0) {
		memset(tt->stamp, 0, tt->stampcap * sizeof(*tt->stamp));
		tt->stampgen = 1;
	}
	tt->nfound = 0;
	scan(tt, text, len);
	GROW(tt->last.p, tt->last.cap, len + 1);
	memcpy(tt->last.p, text, len);
	tt->last.len = len;
	tt->have_last = 1;
	*n = tt->nfound;
	return tt->found;
}
