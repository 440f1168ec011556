/* record.c - JSON-lines output: compact records and key splicing */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "diag.h"
#include "record.h"

static FILE *out;
static int unbuffered;
static int failed;

/* One growing buffer serves every record, so a record costs one fwrite. */
static struct jbuf ob;

static int
jb_grow(struct jbuf *b, size_t need)
{
	size_t ncap = b->cap ? b->cap : 4096;
	char *np;

	while (ncap < b->len + need)
		ncap *= 2;
	if ((np = realloc(b->p, ncap)) == NULL)
		return -1;
	b->p = np;
	b->cap = ncap;
	return 0;
}

static inline int
jb_add(struct jbuf *b, const char *s, size_t n)
{
	if (b->cap - b->len < n && jb_grow(b, n) == -1)
		return -1;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	return 0;
}

#define ONES	0x0101010101010101ULL
#define HIGHS	0x8080808080808080ULL

/*
 * Nonzero when one of the 8 bytes of x is a quote, a backslash or a
 * control character (bytes from 0x80 never are).  Borrows may mark
 * bytes after the first such one too: the caller looks at bytes then.
 */
static inline uint64_t
escape8(uint64_t x)
{
	uint64_t q = x ^ (ONES * '"'), b = x ^ (ONES * '\\');

	return (((x - ONES * 0x20) & ~x) | ((q - ONES) & ~q) |
	    ((b - ONES) & ~b)) & HIGHS;
}

/* 1 for the bytes a JSON string cannot hold as they are. */
static const unsigned char needs_esc[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
};

/*
 * Our own writer rather than json_dump_callback: it calls back for every
 * token and escapes strings a character at a time, which made it a sixth
 * of scs-ingest's time.  Strings from jansson are valid UTF-8, so only
 * '"', '\\' and control characters need escapes; runs without them are
 * found, and copied, 8 bytes at a time.  (A word escape8 marks holds a
 * byte to escape, so the byte loop after it stops within the word.)
 */


static int
jb_string(struct jbuf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const char *e = s + n;
	char *p;
	uint64_t x;
	unsigned char c;

	/* Worst case every byte becomes \u00XX. */
	if (b->cap - b->len < n * 6 + 2 && jb_grow(b, n * 6 + 2) == -1)
		return -1;
	p = b->p + b->len;
	*p++ = '"';
	for (;;) {
		/* Plain bytes copied as they are scanned, 8 at a time. */
		while (e - s >= 8) {
			memcpy(&x, s, 8);
			if (escape8(x))
				break;
			memcpy(p, &x, 8);
			p += 8;
			s += 8;
		}
		while (s < e && !needs_esc[(unsigned char)*s])
			*p++ = *s++;
		if (s == e)
			break;
		c = (unsigned char)*s++;
		*p++ = '\\';
		switch (c) {
		case '"':  *p++ = '"'; break;
		case '\\': *p++ = '\\'; break;
		case '\n': *p++ = 'n'; break;
		case '\r': *p++ = 'r'; break;
		case '\t': *p++ = 't'; break;
		case '\b': *p++ = 'b'; break;
		case '\f': *p++ = 'f'; break;
		default:
			memcpy(p, "u00", 3);
			p[3] = hex[c >> 4];
			p[4] = hex[c & 15];
			p += 5;
			break;
		}
	}
	*p++ = '"';
	b->len = (size_t)(p - b->p);
	return 0;
}

static int
jb_integer(struct jbuf *b, json_int_t v)
{
	char tmp[24], *t = tmp + sizeof(tmp);
	unsigned long long u = v < 0 ? 0ull - (unsigned long long)v :
	    (unsigned long long)v;

	do
		*--t = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--t = '-';
	return jb_add(b, t, (size_t)(tmp + sizeof(tmp) - t));
}

static int
jb_real(struct jbuf *b, double d)
{
	char tmp[40];
	int n;
	long long k;
	unsigned long long u;

	/* Scores and confidences have two decimals at most: printed here
	 * without printf.  When k / 100 is exactly the double d, "%.15g"
	 * would print that same decimal (DBL_DIG is 15). */
	if (isfinite(d) && fabs(d) < 1e12 && !(d == 0 && signbit(d)) &&
	    (double)(k = llround(d * 100)) / 100 == d) {
		u = (unsigned long long)(k < 0 ? -k : k);
		n = (int)sizeof(tmp);
		if (u % 100 != 0) {
			if (u % 10 != 0)
				tmp[--n] = (char)('0' + u % 10);
			tmp[--n] = (char)('0' + u / 10 % 10);
		} else
			tmp[--n] = '0';
		tmp[--n] = '.';
		u /= 100;
		do
			tmp[--n] = (char)('0' + u % 10);
		while ((u /= 10) != 0);
		if (k < 0)
			tmp[--n] = '-';
		return jb_add(b, tmp + n, sizeof(tmp) - (size_t)n);
	}
	/* 15 significant digits: every decimal of up to 15 digits (a
	 * coordinate, a score) reads back the same and prints short. */
	n = snprintf(tmp, sizeof(tmp), "%.15g", d);
	if (n < 0 || (size_t)n >= sizeof(tmp) - 2)
		return -1;
	if (strpbrk(tmp, ".eEn") == NULL) {	/* keep it a real: 2.0 */
		tmp[n++] = '.';
		tmp[n++] = '0';
	}
	return jb_add(b, tmp, (size_t)n);
}

static int jb_value(struct jbuf *, json_t *, const struct keyorder *);

static int
in_order(const struct keyorder *order, const char *key)
{
	for (; order->key != NULL; order++)
		if (strcmp(order->key, key) == 0)
			return 1;
	return 0;
}

/* A member's key and its colon: most keys are short and need no
 * escape, and are copied as they are. */
static int
jb_key(struct jbuf *b, const char *key, size_t klen)
{
	char *p;
	size_t i;

	if (klen > 32)
		goto escape;
	for (i = 0; i < klen; i++)
		if (needs_esc[(unsigned char)key[i]])
			goto escape;
	if (b->cap - b->len < klen + 3 && jb_grow(b, klen + 3) == -1)
		return -1;
	p = b->p + b->len;
	p[0] = '"';
	memcpy(p + 1, key, klen);
	p[klen + 1] = '"';
	p[klen + 2] = ':';
	b->len += klen + 3;
	return 0;
escape:
	if (jb_string(b, key, klen) == -1 || jb_add(b, ":", 1) == -1)
		return -1;
	return 0;
}

static int
jb_member(struct jbuf *b, int *first, const char *key, size_t klen,
    json_t *v, const struct keyorder *child)
{
	if (!*first && jb_add(b, ",", 1) == -1)
		return -1;
	*first = 0;
	if (jb_key(b, key, klen) == -1)
		return -1;
	return jb_value(b, v, child);
}

#define ORDER_MAX	32	/* keys an order may list for the fast way */
#define OTAB		64

/*
 * An order's keys, measured once per object written, with a table from
 * a key's first byte, last byte and length to its index: finding where
 * an object's key goes is then one look and one comparison, not a walk
 * of the list.  (Orders may be built on the stack, so nothing is kept
 * from one object to the next.)
 */
struct oidx {
	int		 m;
	size_t		 len[ORDER_MAX];
	signed char	 tab[OTAB];	/* index, -1 none, -2 several */
};

static inline unsigned
ohash(const char *k, size_t n)
{
	return n == 0 ? 0 : ((unsigned char)k[0] * 3u +
	    (unsigned char)k[n - 1] + (unsigned)n * 8u) % OTAB;
}

static void
oidx_init(struct oidx *x, const struct keyorder *order, int m)
{
	unsigned h;
	int i;

	x->m = m;
	memset(x->tab, -1, sizeof(x->tab));
	for (i = 0; i < m; i++) {
		x->len[i] = strlen(order[i].key);
		h = ohash(order[i].key, x->len[i]);
		x->tab[h] = x->tab[h] == -1 ? (signed char)i : -2;
	}
}

/* The index of the key k[0..n) in order, or -1.  A repeated key in the
 * order is found at its first place, as a walk of the list would. */
static int
order_index(const struct oidx *x, const struct keyorder *order,
    const char *k, size_t n)
{
	int i = x->tab[ohash(k, n)];

	if (i >= 0)
		return x->len[i] == n && memcmp(order[i].key, k, n) == 0 ?
		    i : -1;
	if (i == -1)
		return -1;
	for (i = 0; i < x->m; i++)
		if (x->len[i] == n && memcmp(order[i].key, k, n) == 0)
			return i;
	return -1;
}

/*
 * The listed keys in their order, then the others in the object's own.
 * The object's keys are walked rather than each listed key looked up:
 * a look-up hashes the key, and most listed keys are short and few.
 */
static int
jb_object(struct jbuf *b, json_t *obj, const struct keyorder *order)
{
	json_t *slot[ORDER_MAX], *v;
	struct oidx x;
	const struct keyorder *o;
	const char *key;
	size_t rest = 0;
	void *it;
	int first = 1, m = 0, i;

	if (jb_add(b, "{", 1) == -1)
		return -1;
	if (order != NULL)
		for (m = 0; order[m].key != NULL; m++)
			if (m == ORDER_MAX)
				goto slow;
	if (m > 0)
		oidx_init(&x, order, m);
	for (i = 0; i < m; i++)
		slot[i] = NULL;
	for (it = json_object_iter(obj); it != NULL;
	    it = json_object_iter_next(obj, it)) {
		key = json_object_iter_key(it);
		if (m > 0 && (i = order_index(&x, order, key,
		    json_object_iter_key_len(it))) >= 0) {
			/* A key appears once in an object: the first
			 * listing of a repeated one takes it. */
			slot[i] = json_object_iter_value(it);
			continue;
		}
		if (m > 0) {
			rest++;
			continue;
		}
		if (jb_member(b, &first, key, json_object_iter_key_len(it),
		    json_object_iter_value(it), NULL) == -1)
			return -1;
	}
	for (i = 0; i < m; i++)
		if (slot[i] != NULL && jb_member(b, &first, order[i].key,
		    x.len[i], slot[i], order[i].child) == -1)
			return -1;
	if (rest > 0)
		for (it = json_object_iter(obj); it != NULL;
		    it = json_object_iter_next(obj, it)) {
			key = json_object_iter_key(it);
			if (order_index(&x, order, key,
			    json_object_iter_key_len(it)) >= 0)
				continue;
			if (jb_member(b, &first, key,
			    json_object_iter_key_len(it),
			    json_object_iter_value(it), NULL) == -1)
				return -1;
		}
	return jb_add(b, "}", 1);
slow:
	/* A long order: each listed key looked up. */
	for (o = order; o->key != NULL; o++) {
		if ((v = json_object_get(obj, o->key)) == NULL)
			continue;
		if (jb_member(b, &first, o->key, strlen(o->key), v,
		    o->child) == -1)
			return -1;
	}
	json_object_foreach(obj, key, v) {
		if (in_order(order, key))
			continue;
		if (jb_member(b, &first, key, strlen(key), v, NULL) == -1)
			return -1;
	}
	return jb_add(b, "}", 1);
}

static int
jb_value(struct jbuf *b, json_t *v, const struct keyorder *order)
{
	size_t i;
	json_t *e;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return jb_object(b, v, order);
	case JSON_ARRAY:
		if (jb_add(b, "[", 1) == -1)
			return -1;
		json_array_foreach(v, i, e)
			if ((i > 0 && jb_add(b, ",", 1) == -1) ||
			    jb_value(b, e, NULL) == -1)
				return -1;
		return jb_add(b, "]", 1);
	case JSON_STRING:
		return jb_string(b, json_string_value(v),
		    json_string_length(v));
	case JSON_INTEGER:
		return jb_integer(b, json_integer_value(v));
	case JSON_REAL:
		return jb_real(b, json_real_value(v));
	case JSON_TRUE:
		return jb_add(b, "true", 4);
	case JSON_FALSE:
		return jb_add(b, "false", 5);
	default:
		return jb_add(b, "null", 4);
	}
}

int
json_to_buf(struct jbuf *b, json_t *v, const struct keyorder *order)
{
	return jb_value(b, v, order);
}

struct jparts {
	const char *const *keys;
	size_t		 n;
	struct jbuf	 text;		/* each key's "key": */
	size_t		*end;		/* where each ends in text */
};

struct jparts *
jparts_new(const char *const *keys, size_t n)
{
	struct jparts *jp;
	size_t i;

	if ((jp = calloc(1, sizeof(*jp))) == NULL ||
	    (jp->end = calloc(n + 1, sizeof(*jp->end))) == NULL)
		return NULL;
	jp->keys = keys;
	jp->n = n;
	for (i = 0; i < n; i++) {
		if (jb_key(&jp->text, keys[i], strlen(keys[i])) == -1) {
			jparts_free(jp);
			return NULL;
		}
		jp->end[i + 1] = jp->text.len;
	}
	return jp;
}

void
jparts_free(struct jparts *jp)
{
	if (jp == NULL)
		return;
	free(jp->text.p);
	free(jp->end);
	free(jp);
}

int
jconst_init(struct jconst *c, json_t *v)
{
	struct jbuf b = { NULL, 0, 0 };

	c->v = v;
	c->text = NULL;
	c->len = 0;
	/* With a NUL after it, for those who print it; in a block of its
	 * size, not the writer's first 4 kB (a tool may keep thousands). */
	if (v == NULL || jb_value(&b, v, NULL) == -1 ||
	    jb_add(&b, "", 1) == -1 || (c->text = malloc(b.len)) == NULL) {
		free(b.p);
		return -1;
	}
	memcpy(c->text, b.p, b.len);
	c->len = b.len - 1;
	free(b.p);
	return 0;
}

void
jconst_free(struct jconst *c)
{
	json_decref(c->v);
	free(c->text);
	c->v = NULL;
	c->text = NULL;
}

int
json_parts_to_buf(struct jbuf *b, const struct jparts *jp,
    json_t *const *vals, const struct jconst *const *known, json_t *extra)
{
	const struct jconst *c;
	const char *k;
	json_t *v;
	size_t i;
	int first = 1;

	if (jb_add(b, "{", 1) == -1)
		return -1;
	for (i = 0; i < jp->n; i++) {
		if (vals[i] == NULL)
			continue;
		if ((!first && jb_add(b, ",", 1) == -1) ||
		    jb_add(b, jp->text.p + jp->end[i],
		    jp->end[i + 1] - jp->end[i]) == -1)
			return -1;
		if (known != NULL && (c = known[i]) != NULL && c->v == vals[i]) {
			if (jb_add(b, c->text, c->len) == -1)
				return -1;
		} else if (jb_value(b, vals[i], NULL) == -1)
			return -1;
		first = 0;
	}
	if (json_is_object(extra))
		json_object_foreach(extra, k, v) {
			for (i = 0; i < jp->n && strcmp(jp->keys[i], k) != 0;
			    i++)
				;
			if (i == jp->n && jb_member(b, &first, k, strlen(k),
			    v, NULL) == -1)
				return -1;
		}
	return jb_add(b, "}", 1);
}

void
rec_out_init(FILE *f)
{
	static char iobuf[1 << 16];

	out = f;
	setvbuf(out, iobuf, _IOFBF, sizeof(iobuf));
}

FILE *
rec_out_switch(FILE *f)
{
	FILE *was = out;

	out = f;
	return was;
}

void
rec_unbuffered(int on)
{
	unbuffered = on;
}

void
rec_flush(void)
{
	if (!failed && out != NULL && fflush(out) == EOF)
		failed = errno ? errno : EIO;
}

static int
flush_obuf(void)
{
	if (failed)
		return -1;
	if (fwrite(ob.p, 1, ob.len, out) != ob.len ||
	    (unbuffered && fflush(out) == EOF)) {
		failed = errno ? errno : EIO;
		return -1;
	}
	return 0;
}

int
rec_write_ordered(json_t *obj, const struct keyorder *order)
{
	ob.len = 0;
	if (jb_value(&ob, obj, order) == -1 || jb_add(&ob, "\n", 1) == -1) {
		failed = ENOMEM;
		return -1;
	}
	return flush_obuf();
}

int
rec_write(json_t *obj)
{
	return rec_write_ordered(obj, NULL);
}

int
rec_write_raw(const char *line, size_t len)
{
	ob.len = 0;
	if (jb_add(&ob, line, len) == -1 || jb_add(&ob, "\n", 1) == -1) {
		failed = ENOMEM;
		return -1;
	}
	return flush_obuf();
}

/*
 * Where the text of a new last member goes in line: before its closing
 * brace, at *end; *empty when the object has no member ('{' comes before
 * that '}': obj may hold only the parts its program read).  0 when the
 * line has no closing brace (a parsed line is an object: it has one).
 */
static int
last_brace(const char *line, size_t len, size_t *end, int *empty)
{
	size_t e = len, k;

	while (e > 0 && line[e - 1] != '}')
		e--;
	if (e == 0)
		return 0;
	e--;
	for (k = e; k > 0 && (line[k - 1] == ' ' || line[k - 1] == '\t' ||
	    line[k - 1] == '\n' || line[k - 1] == '\r'); k--)
		;
	*empty = k > 0 && line[k - 1] == '{';
	*end = e;
	return 1;
}

int
rec_splice(const char *line, size_t len, json_t *obj, const char *key,
    json_t *value)
{
	return rec_splice_ordered(line, len, obj, key, value, NULL);
}

/* The value of a splice, written before the line: rec_splice_text
 * then takes it as text. */
static struct jbuf vb;

int
rec_splice_ordered(const char *line, size_t len, json_t *obj,
    const char *key, json_t *value, const struct keyorder *order)
{
	vb.len = 0;
	if (jb_value(&vb, value, order) == -1) {
		failed = ENOMEM;
		return -1;
	}
	return rec_splice_text(line, len, obj, key, vb.p, vb.len);
}

int
rec_splice_text(const char *line, size_t len, json_t *obj, const char *key,
    const char *text, size_t tlen)
{
	const char *k;
	json_t *v;
	size_t end;
	int first = 1, empty;

	ob.len = 0;
	if (json_object_get(obj, key) != NULL || !last_brace(line, len, &end,
	    &empty)) {
		/* The key was there (obj is the whole record): rebuilt,
		 * the text in the key's place. */
		if (jb_add(&ob, "{", 1) == -1)
			goto nomem;
		json_object_foreach(obj, k, v) {
			if (strcmp(k, key) != 0) {
				if (jb_member(&ob, &first, k, strlen(k), v,
				    NULL) == -1)
					goto nomem;
				continue;
			}
			if ((!first && jb_add(&ob, ",", 1) == -1) ||
			    jb_key(&ob, k, strlen(k)) == -1 ||
			    jb_add(&ob, text, tlen) == -1)
				goto nomem;
			first = 0;
		}
		if (json_object_get(obj, key) == NULL &&
		    ((!first && jb_add(&ob, ",", 1) == -1) ||
		    jb_key(&ob, key, strlen(key)) == -1 ||
		    jb_add(&ob, text, tlen) == -1))
			goto nomem;
		if (jb_add(&ob, "}\n", 2) == -1)
			goto nomem;
		return flush_obuf();
	}
	/* The key escaped as JSON; the brace and what follows it kept. */
	if (jb_add(&ob, line, end) == -1 ||
	    (!empty && jb_add(&ob, ",", 1) == -1) ||
	    jb_key(&ob, key, strlen(key)) == -1 ||
	    jb_add(&ob, text, tlen) == -1 ||
	    jb_add(&ob, line + end, len - end) == -1 ||
	    jb_add(&ob, "\n", 1) == -1)
		goto nomem;
	return flush_obuf();
nomem:
	failed = ENOMEM;
	return -1;
}

int
rec_close(void)
{
	if (out != NULL && fflush(out) == EOF && !failed)
		failed = errno ? errno : EIO;
	free(ob.p);
	ob.p = NULL;
	ob.len = ob.cap = 0;
	free(vb.p);
	vb.p = NULL;
	vb.len = vb.cap = 0;
	if (failed) {
		diag_warn("write error: %s", strerror(failed));
		return EX_IOERR;
	}
	return 0;
}
