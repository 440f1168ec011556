/* mime_addr.c - address lists and message ids (RFC 5322 3.4, 3.6.4) */
#include <string.h>

#include "mime.h"
#include "utf8.h"

static int
is_wsp(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* ---- addresses ---- */

struct addrstate {
	struct mbuf	 phrase, comment, angle, bare;
	int		 in_angle;
};

static void
trim_buf(struct mbuf *b)
{
	size_t a = 0, e = b->len;

	while (a < e && is_wsp((unsigned char)b->s[a]))
		a++;
	while (e > a && is_wsp((unsigned char)b->s[e - 1]))
		e--;
	if (a > 0 && e > a)
		memmove(b->s, b->s + a, e - a);
	b->len = e > a ? e - a : 0;
	if (b->s != NULL)
		b->s[b->len] = '\0';
}

static size_t
emit_mailbox(struct addrstate *st, void (*fn)(const char *, const char *,
    void *), void *arg, unsigned *warn)
{
	struct mbuf name = { 0 }, addr = { 0 };
	size_t i, n = 0;

	trim_buf(&st->phrase);
	trim_buf(&st->comment);
	if (st->angle.len > 0 || st->in_angle) {
		trim_buf(&st->angle);
		mbuf_add(&addr, st->angle.s, st->angle.len);
		mime_decode_words(mbuf_str(&st->phrase), st->phrase.len,
		    &name, warn);
	} else {
		/* addr-spec without brackets: its words, space removed. */
		for (i = 0; i < st->bare.len; i++)
			if (!is_wsp((unsigned char)st->bare.s[i]))
				mbuf_addc(&addr, st->bare.s[i]);
	}
	if (name.len == 0 && st->comment.len > 0)
		mime_decode_words(st->comment.s, st->comment.len, &name, warn);
	trim_buf(&name);
	if (addr.len > 0 && utf8_valid(addr.s, addr.len) != addr.len) {
		mbuf_reset(&st->bare);
		mime_cp1252(addr.s, addr.len, &st->bare);
		*warn |= MIME_W_8BIT;
		mbuf_reset(&addr);
		mbuf_add(&addr, st->bare.s, st->bare.len);
	}
	if (addr.len > 0 && memchr(addr.s, '@', addr.len) != NULL) {
		fn(mbuf_str(&name), mbuf_str(&addr), arg);
		n = 1;
	}
	mbuf_reset(&st->phrase);
	mbuf_reset(&st->comment);
	mbuf_reset(&st->angle);
	mbuf_reset(&st->bare);
	st->in_angle = 0;
	mbuf_free(&name);
	mbuf_free(&addr);
	return n;
}

size_t
mime_addresses(const char *value, void (*fn)(const char *, const char *,
    void *), void *arg, unsigned *warn)
{
	struct addrstate st;
	const char *p = value;
	size_t n = 0;
	int depth;

	memset(&st, 0, sizeof(st));
	while (p != NULL && *p != '\0') {
		char c = *p;

		if (c == '"') {
			for (p++; *p != '\0' && *p != '"'; p++) {
				if (*p == '\\' && p[1] != '\0')
					p++;
				mbuf_addc(st.in_angle ? &st.angle : &st.phrase,
				    *p);
				mbuf_addc(&st.bare, *p);
			}
			if (*p == '"')
				p++;
			continue;
		}
		if (c == '(') {
			for (depth = 1, p++; *p != '\0' && depth > 0; p++) {
				if (*p == '\\' && p[1] != '\0')
					p++;
				else if (*p == '(')
					depth++;
				else if (*p == ')' && --depth == 0)
					continue;
				if (depth > 0)
					mbuf_addc(&st.comment, *p);
			}
			continue;
		}
		if (c == '<' && !st.in_angle) {
			st.in_angle = 1;
			mbuf_reset(&st.angle);
		} else if (c == '>' && st.in_angle)
			st.in_angle = 0, mbuf_addc(&st.angle, ' ');
		else if (st.in_angle)
			mbuf_addc(&st.angle, c);
		else if (c == ',' || c == ';')
			n += emit_mailbox(&st, fn, arg, warn);
		else if (c == ':' && memchr(mbuf_str(&st.bare), '@',
		    st.bare.len) == NULL) {
			/* A group's name, or a route: start afresh. */
			mbuf_reset(&st.phrase);
			mbuf_reset(&st.bare);
			mbuf_reset(&st.comment);
		} else {
			mbuf_addc(&st.phrase, c);
			mbuf_addc(&st.bare, c);
		}
		p++;
	}
	n += emit_mailbox(&st, fn, arg, warn);
	mbuf_free(&st.phrase);
	mbuf_free(&st.comment);
	mbuf_free(&st.angle);
	mbuf_free(&st.bare);
	return n;
}

void
mime_msgids(const char *value, int (*fn)(const char *, size_t, void *),
    void *arg)
{
	const char *p, *e;
	int any = 0;

	if (value == NULL)
		return;
	for (p = value; (p = strchr(p, '<')) != NULL; p = e + 1) {
		if ((e = strchr(p + 1, '>')) == NULL)
			break;
		any = 1;
		if (e > p + 1 && memchr(p + 1, ' ', (size_t)(e - p - 1)) ==
		    NULL && fn(p + 1, (size_t)(e - p - 1), arg))
			return;
	}
	if (any)
		return;
	for (p = value; *p != '\0'; p = e) {
		while (is_wsp((unsigned char)*p) || *p == ',')
			p++;
		for (e = p; *e != '\0' && !is_wsp((unsigned char)*e) &&
		    *e != ','; e++)
			;
		if (e > p && memchr(p, '@', (size_t)(e - p)) != NULL &&
		    fn(p, (size_t)(e - p), arg))
			return;
	}
}

