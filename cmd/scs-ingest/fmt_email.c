/* fmt_email.c - e-mail: one message (in memory) to one record
 *
 * The MIME tree is walked in place, to a bounded depth and number of
 * parts; bodies are decoded only for the text parts, attachments are
 * only measured.  Whatever cannot be read becomes a warning on stderr,
 * never the loss of the message (email_read.c brings the messages).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "diag.h"
#include "ingest.h"
#include "jarena.h"
#include "lineread.h"
#include "mailtext.h"
#include "mime.h"
#include "tstamp.h"
#include "utf8.h"

#define MAX_DEPTH	32	/* multipart nesting */
#define MAX_PARTS	1000	/* parts walked in one message */
#define MAX_FIELDS	500	/* header fields kept per part */
#define MAX_ID		400	/* longer Message-IDs are hashed */

/* What the walk of one message found. */
struct mail {
	struct ingest	*ing;
	unsigned	 warn;		/* MIME_W_* */
	int		 deep, many, noboundary, unclosed, truncated;
	int		 report;	/* multipart/report: a bounce */
	int		 nparts;
	struct mbuf	 plain, html;
	int		 have_plain, have_html, flowed, delsp;
	/* The text of a forwarded message (message/rfc822), used when the
	 * outer message has none of its own. */
	int		 in_forward;
	struct mbuf	 fplain, fhtml;
	int		 have_fplain, have_fhtml;
	json_t		*atts;
	struct mbuf	 tmp, tmp2;
};

static void walk(struct mail *, const char *, size_t,
    const struct mime_headers *, int depth);

/* ---- the MIME tree ---- */

/* Decode a leaf's body (transfer encoding only) into out. */
static void
decode_body(struct mail *m, const struct mime_headers *h, const char *s,
    size_t len, struct mbuf *out)
{
	char cte[32];

	{
		const char *v = mime_header(h, "Content-Transfer-Encoding");
		size_t i = 0;

		while (v != NULL && (*v == ' ' || *v == '\t'))
			v++;
		while (v != NULL && *v != '\0' && *v != ' ' && *v != ';' &&
		    i + 1 < sizeof(cte))
			cte[i++] = (char)tolower((unsigned char)*v++);
		cte[i] = '\0';
	}
	if (strcmp(cte, "base64") == 0)
		mime_b64_decode(s, len, out, &m->warn);
	else if (strcmp(cte, "quoted-printable") == 0)
		mime_qp_decode(s, len, out);
	else
		mbuf_add(out, s, len);
}

static size_t
decoded_size(struct mail *m, const struct mime_headers *h, const char *s,
    size_t len)
{
	const char *v = mime_header(h, "Content-Transfer-Encoding");
	unsigned w = 0;
	size_t n;

	while (v != NULL && (*v == ' ' || *v == '\t'))
		v++;
	if (v != NULL && strncasecmp(v, "base64", 6) == 0) {
		n = mime_b64_decode(s, len, NULL, &w);
		m->warn |= w;
		return n;
	}
	if (v != NULL && strncasecmp(v, "quoted-printable", 16) == 0) {
		mbuf_reset(&m->tmp2);
		mime_qp_decode(s, len, &m->tmp2);
		return m->tmp2.len;
	}
	return len;
}

static const char *
att_kind(const char *type)
{
	if (strncmp(type, "image/", 6) == 0)
		return "image";
	if (strncmp(type, "video/", 6) == 0)
		return "video";
	if (strncmp(type, "audio/", 6) == 0)
		return "audio";
	if (strncmp(type, "message/", 8) == 0)
		return "message";
	return "file";
}

static void
add_attachment(struct mail *m, const char *type, const char *name,
    size_t size)
{
	json_t *a = json_object();

	json_object_set_new(a, "type", json_string(att_kind(type)));
	if (name != NULL && *name != '\0')
		json_object_set_new(a, "name", json_string(name));
	json_object_set_new(a, "mime", json_string(type));
	json_object_set_new(a, "size", json_integer((json_int_t)size));
	if (m->atts == NULL)
		m->atts = json_array();
	json_array_append_new(m->atts, a);
}

static void
leaf(struct mail *m, const char *s, size_t len, const struct mime_headers *h,
    const char *type, int depth)
{
	const char *ct = mime_header(h, "Content-Type");
	const char *cd = mime_header(h, "Content-Disposition");
	struct mbuf name = { 0 }, cs = { 0 }, *plain, *html;
	char disp[32];
	int is_text, attached, *have_plain, *have_html;

	if (!mime_param(cd, "filename", &name, &m->warn))
		mime_param(ct, "name", &name, &m->warn);
	disp[0] = '\0';
	if (cd != NULL)
		sscanf(cd, " %31[A-Za-z-]", disp);
	/* Enriched text is read as HTML: its tags are dropped. */
	if (strcmp(type, "text/enriched") == 0 ||
	    strcmp(type, "text/richtext") == 0)
		type = "text/html";
	is_text = strcmp(type, "text/plain") == 0 ||
	    strcmp(type, "text/html") == 0;
	attached = strcasecmp(disp, "attachment") == 0 || name.len > 0;
	if (!is_text || attached) {
		if (strcmp(type, "message/rfc822") == 0) {
			struct mime_headers ih = { 0 };
			const char *subj;
			size_t body;

			body = mime_headers_parse(s, len, &ih, MAX_FIELDS);
			if (name.len == 0 &&
			    (subj = mime_header(&ih, "Subject")) != NULL)
				mime_decode_words(subj, strlen(subj), &name,
				    &m->warn);
			add_attachment(m, type, mbuf_str(&name),
			    decoded_size(m, h, s, len));
			/* Then what the forwarded message holds. */
			if (depth < MAX_DEPTH && ih.n > 0) {
				m->in_forward++;
				walk(m, s + body, len - body, &ih, depth + 1);
				m->in_forward--;
			} else if (depth >= MAX_DEPTH)
				m->deep = 1;
			mime_headers_free(&ih);
			goto out;
		}
		add_attachment(m, type, mbuf_str(&name),
		    decoded_size(m, h, s, len));
		goto out;
	}
	plain = m->in_forward ? &m->fplain : &m->plain;
	html = m->in_forward ? &m->fhtml : &m->html;
	have_plain = m->in_forward ? &m->have_fplain : &m->have_plain;
	have_html = m->in_forward ? &m->have_fhtml : &m->have_html;
	if (type[5] == 'p' ? *have_plain : *have_html)
		goto out;	/* a second text part: a footer, not the body */
	mbuf_reset(&m->tmp);
	decode_body(m, h, s, len, &m->tmp);
	mime_param(ct, "charset", &cs, &m->warn);
	if (type[5] == 'p') {
		struct mbuf fmt = { 0 };

		mime_to_utf8(mbuf_str(&cs), mbuf_str(&m->tmp), m->tmp.len,
		    plain, &m->warn);
		*have_plain = 1;
		if (mime_param(ct, "format", &fmt, &m->warn) &&
		    strcasecmp(mbuf_str(&fmt), "flowed") == 0) {
			m->flowed = 1;
			mbuf_reset(&fmt);
			m->delsp = mime_param(ct, "delsp", &fmt, &m->warn) &&
			    strcasecmp(mbuf_str(&fmt), "yes") == 0;
		}
		mbuf_free(&fmt);
	} else {
		mime_to_utf8(mbuf_str(&cs), mbuf_str(&m->tmp), m->tmp.len,
		    html, &m->warn);
		*have_html = 1;
	}
out:
	mbuf_free(&name);
	mbuf_free(&cs);
}

/* Next line of s[*off..len): its start and length without "\n". */
static int
next_line(const char *s, size_t len, size_t *off, const char **line,
    size_t *n)
{
	const char *nl;

	if (*off >= len)
		return 0;
	*line = s + *off;
	nl = memchr(*line, '\n', len - *off);
	*n = nl ? (size_t)(nl - *line) : len - *off;
	*off += *n + (nl != NULL);
	if (*n > 0 && (*line)[*n - 1] == '\r')
		(*n)--;
	return 1;
}

static void
part(struct mail *m, const char *s, size_t len, int depth)
{
	struct mime_headers h = { 0 };
	size_t body;

	if (++m->nparts > MAX_PARTS) {
		m->many = 1;
		return;
	}
	body = mime_headers_parse(s, len, &h, MAX_FIELDS);
	walk(m, s + body, len - body, &h, depth);
	mime_headers_free(&h);
}

static void
multipart(struct mail *m, const char *s, size_t len, const char *b,
    int depth)
{
	size_t off = 0, blen = strlen(b), start = 0, at;
	const char *line;
	size_t n;
	int in_part = 0, r, closed = 0;

	for (;;) {
		at = off;
		if (!next_line(s, len, &off, &line, &n))
			break;
		if ((r = mime_is_boundary(line, n, b, blen)) == 0)
			continue;
		if (in_part) {
			/* The line break before a boundary belongs to it. */
			size_t end = at;

			if (end > start && s[end - 1] == '\n')
				end--;
			if (end > start && s[end - 1] == '\r')
				end--;
			part(m, s + start, end > start ? end - start : 0,
			    depth + 1);
		}
		if (r == 2) {
			closed = 1;
			break;		/* the rest is the epilogue */
		}
		in_part = 1;
		start = off;
	}
	if (!closed) {
		if (in_part)
			part(m, s + start, len - start, depth + 1);
		m->unclosed = 1;
	}
}

static void
walk(struct mail *m, const char *s, size_t len, const struct mime_headers *h,
    int depth)
{
	const char *ct = mime_header(h, "Content-Type");
	char type[96];

	mime_content_type(ct, "text/plain", type, sizeof(type));
	if (strncmp(type, "multipart/", 10) == 0) {
		struct mbuf b = { 0 };

		if (strcmp(type, "multipart/report") == 0)
			m->report = 1;
		if (depth >= MAX_DEPTH)
			m->deep = 1;
		else if (!mime_param(ct, "boundary", &b, &m->warn) ||
		    b.len == 0) {
			struct mime_headers th = { 0 };

			/* No boundary: the body is all there is; read it
			 * as text. */
			m->noboundary = 1;
			leaf(m, s, len, &th, "text/plain", depth);
		} else
			multipart(m, s, len, b.s, depth);
		mbuf_free(&b);
		return;
	}
	leaf(m, s, len, h, type, depth);
}

/* ---- the record ---- */

struct idfind {
	char	*first, *last;
};

static int
take_id(const char *id, size_t len, void *arg)
{
	struct idfind *f = arg;
	char *c = malloc(len + 1);

	if (c == NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");
	memcpy(c, id, len);
	c[len] = '\0';
	if (f->first == NULL)
		f->first = c;
	else {
		free(f->last);
		f->last = c;
	}
	return 0;
}

/* "email:<id>": an id too long or not UTF-8 is hashed. */
static char *
mail_id(const char *id, char *buf, size_t size)
{
	char hex[33];

	if (strlen(id) <= MAX_ID && utf8_valid(id, strlen(id)) == strlen(id))
		snprintf(buf, size, "email:%s", id);
	else
		snprintf(buf, size, "email:hash-%s",
		    mime_digest_hex(id, strlen(id), hex));
	return buf;
}

static void
lower(char *s)
{
	for (; *s != '\0'; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

struct addrs {
	json_t	*author;
	json_t	*to;
};

static void
on_from(const char *name, const char *addr, void *arg)
{
	struct addrs *a = arg;
	char *l;

	if (a->author != NULL)
		return;
	a->author = json_object();
	if ((l = malloc(strlen(addr) + 7)) == NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");
	sprintf(l, "email:%s", addr);
	lower(l);
	json_object_set_new(a->author, "id", json_string(l));
	free(l);
	if (*name != '\0')
		json_object_set_new(a->author, "name", json_string(name));
}

static void
on_to(const char *name, const char *addr, void *arg)
{
	struct addrs *a = arg;
	char *l = strdup(addr);

	if (l == NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");
	lower(l);
	if (a->to == NULL)
		a->to = json_array();
	json_array_append_new(a->to, json_string(l));
	free(l);
}

/* format=flowed (RFC 3676): soft breaks joined, space-stuffing undone. */
static void
unflow(struct mbuf *t, int delsp)
{
	struct mbuf o = { 0 };
	size_t off = 0, n;
	const char *line;

	while (next_line(t->s, t->len, &off, &line, &n)) {
		int sig = n == 3 && memcmp(line, "-- ", 3) == 0;

		if (n > 0 && line[0] == ' ')
			line++, n--;
		if (!sig && n > 0 && line[n - 1] == ' ' && line[0] != '>') {
			mbuf_add(&o, line, delsp ? n - 1 : n);
			continue;
		}
		mbuf_add(&o, line, n);
		mbuf_addc(&o, '\n');
	}
	mbuf_free(t);
	*t = o;
}

/* NBSP to space: mail clients pad with it and rules want words.  NUL
 * bytes (a binary part sent as text) are dropped, or the text would end
 * at the first. */
static void
nbsp(struct mbuf *t)
{
	size_t i, j = 0;

	for (i = 0; i < t->len; i++) {
		if (t->s[i] == '\0')
			continue;
		if ((unsigned char)t->s[i] == 0xc2 && i + 1 < t->len &&
		    (unsigned char)t->s[i + 1] == 0xa0) {
			t->s[j++] = ' ';
			i++;
		} else
			t->s[j++] = t->s[i];
	}
	t->len = j;
	if (t->s != NULL)
		t->s[j] = '\0';
}

static const char *const auto_subjects[] = {
	"auto:", "autoreply:", "automatic reply:", "out of office",
	"respuesta automática", "fuera de la oficina", "réponse automatique",
	"abwesenheitsnotiz", "undeliverable:", "delivery status notification",
	"mail delivery failed", "returned mail:", NULL
};

static int
is_auto(const struct mime_headers *h, const char *subject, json_t *author,
    int report)
{
	const char *v;
	size_t i;

	if (report)
		return 1;
	if ((v = mime_header(h, "Auto-Submitted")) != NULL &&
	    strncasecmp(v, "no", 2) != 0)
		return 1;
	if (mime_header(h, "X-Autoreply") != NULL ||
	    mime_header(h, "X-Autorespond") != NULL ||
	    mime_header(h, "X-Autogenerated") != NULL)
		return 1;
	if ((v = mime_header(h, "Precedence")) != NULL &&
	    (strncasecmp(v, "bulk", 4) == 0 || strncasecmp(v, "junk", 4) == 0
	    || strncasecmp(v, "list", 4) == 0 ||
	    strncasecmp(v, "auto_reply", 10) == 0))
		return 1;
	if (author != NULL && (v = json_string_value(json_object_get(author,
	    "id"))) != NULL && (strncmp(v, "email:mailer-daemon@", 20) == 0 ||
	    strncmp(v, "email:postmaster@", 17) == 0))
		return 1;
	for (i = 0; subject != NULL && auto_subjects[i] != NULL; i++)
		if (strncasecmp(subject, auto_subjects[i],
		    strlen(auto_subjects[i])) == 0)
			return 1;
	return 0;
}

/* "23 Aug 2002 2:32:53 -0400": a one-digit hour, which RFC 5322 does
 * not allow but old mailers wrote. */
static int
one_digit_hour(const char *d, int64_t *ms)
{
	char buf[128];
	size_t i, n = strlen(d);

	if (n + 2 > sizeof(buf))
		return -1;
	for (i = 1; i + 2 < n; i++)
		if (d[i - 1] == ' ' && d[i] >= '0' && d[i] <= '9' &&
		    d[i + 1] == ':') {
			snprintf(buf, sizeof(buf), "%.*s0%s", (int)i, d, d + i);
			return ts_parse_rfc5322(buf, ms);
		}
	return -1;
}

/* created_at: Date, else the mbox From line, else the last Received. */
static int
mail_time(const struct mime_headers *h, const char *fromline, int64_t *ms,
    struct mbuf *why)
{
	const char *d = mime_header(h, "Date"), *r, *semi;
	char wd[8], mon[8], buf[64];
	int day, hh, mm, ss, year;
	size_t i;

	if (d != NULL && (ts_parse_rfc5322(d, ms) == 0 ||
	    ts_parse_any(d, ms) == 0 || one_digit_hour(d, ms) == 0))
		return 0;
	if (d != NULL) {
		mbuf_adds(why, "unreadable Date, ");
	} else
		mbuf_adds(why, "no Date, ");
	if (fromline != NULL && (fromline = strchr(fromline + 5, ' ')) != NULL
	    && sscanf(fromline, " %7s %7s %d %d:%d:%d %d", wd, mon, &day, &hh,
	    &mm, &ss, &year) == 7) {
		snprintf(buf, sizeof(buf), "%d %.3s %d %02d:%02d:%02d +0000",
		    day, mon, year, hh, mm, ss);
		if (ts_parse_rfc5322(buf, ms) == 0) {
			mbuf_adds(why, "time taken from the mbox From line");
			return 0;
		}
	}
	for (i = 0; (r = mime_header_nth(h, "Received", i)) != NULL; i++)
		;
	if (i > 0 && (r = mime_header_nth(h, "Received", i - 1)) != NULL &&
	    (semi = strrchr(r, ';')) != NULL && ts_parse_rfc5322(semi + 1,
	    ms) == 0) {
		mbuf_adds(why, "time taken from Received");
		return 0;
	}
	mbuf_adds(why, "created_at left out");
	return -1;
}

static void
warn_list(struct mail *m, struct mbuf *w)
{
	static const struct {
		unsigned	 bit;
		const char	*what;
	} bits[] = {
		{ MIME_W_CHARSET, "unknown or wrong charset read as "
		    "Windows-1252" },
		{ MIME_W_8BIT, "8-bit bytes in a header read as Windows-1252" },
		{ MIME_W_BASE64, "bad base64 skipped" },
		{ MIME_W_WORD, "broken encoded word" },
		{ 0, NULL }
	};
	size_t i;

#define ADD(c, s) do { if (c) { if (w->len) mbuf_adds(w, "; "); \
	mbuf_adds(w, s); } } while (0)
	for (i = 0; bits[i].what != NULL; i++)
		ADD(m->warn & bits[i].bit, bits[i].what);
	ADD(m->truncated, "message over --max-line: truncated, the rest "
	    "not read");
	ADD(m->deep, "MIME nesting deeper than 32: inner parts skipped");
	ADD(m->many, "more than 1000 MIME parts: the rest skipped");
	ADD(m->noboundary, "multipart without a boundary read as text");
	ADD(m->unclosed, "closing MIME boundary missing");
#undef ADD
}

void
email_message(struct ingest *ing, const char *s, size_t len, long line,
    const char *fromline, int truncated)
{
	struct mime_headers h = { 0 };
	struct mail m;
	struct addrs a = { NULL, NULL };
	struct idfind refs = { NULL, NULL }, irt = { NULL, NULL },
	    own = { NULL, NULL };
	struct mbuf subj = { 0 }, full = { 0 }, vis = { 0 }, w = { 0 },
	    dw = { 0 };
	char idbuf[MAX_ID + 64], hex[33];
	const char *v;
	size_t body;
	int64_t ms;
	json_t *msg, *thread;
	int timed;

	memset(&m, 0, sizeof(m));
	m.ing = ing;
	m.truncated = truncated;
	ing->line = line;
	ing->raw = s;
	ing->rawlen = len;
	body = mime_headers_parse(s, len, &h, MAX_FIELDS);
	if (h.n == 0) {
		diag_reject(ing->file, line, s, len, "not an e-mail message: "
		    "no header fields");
		goto done;
	}
	jarena_begin();
	walk(&m, s + body, len - body, &h, 0);

	mime_msgids(mime_header(&h, "Message-ID"), take_id, &own);
	if (own.first != NULL)
		mail_id(own.first, idbuf, sizeof(idbuf));
	else		/* the same headers give the same id on every run */
		snprintf(idbuf, sizeof(idbuf), "email:hash-%s",
		    mime_digest_hex(s, body, hex));
	msg = msg_new("email", idbuf + 6, 0, 0);
	timed = mail_time(&h, fromline, &ms, &dw) == 0;
	if (timed)
		set_time(msg, "created_at", ms);
	if ((v = mime_header(&h, "From")) != NULL)
		mime_addresses(v, on_from, &a, &m.warn);
	if (a.author == NULL && (v = mime_header(&h, "Sender")) != NULL)
		mime_addresses(v, on_from, &a, &m.warn);
	if (a.author != NULL) {
		/* Mail sent from a --brand address is the brand's own. */
		v = json_string_value(json_object_get(a.author, "id"));
		if (is_brand(ing, v + 6))
			json_object_set_new(msg, "direction",
			    json_string("out"));
		json_object_set_new(msg, "author", a.author);
	}
	if ((v = mime_header(&h, "To")) != NULL)
		mime_addresses(v, on_to, &a, &m.warn);
	if ((v = mime_header(&h, "Cc")) != NULL)
		mime_addresses(v, on_to, &a, &m.warn);
	if (a.to != NULL)
		json_object_set_new(msg, "to", a.to);

	/* The text: plain, else the HTML made readable; a forward's when
	 * the message has none of its own. */
	if (!m.have_plain && !m.have_html) {
		m.plain = m.fplain;
		m.html = m.fhtml;
		m.have_plain = m.have_fplain;
		m.have_html = m.have_fhtml;
		memset(&m.fplain, 0, sizeof(m.fplain));
		memset(&m.fhtml, 0, sizeof(m.fhtml));
	}
	if (m.have_plain) {
		if (m.flowed)
			unflow(&m.plain, m.delsp);
		mbuf_add(&full, m.plain.s, m.plain.len);
	}
	if (utf8_valid(full.s, full.len) == full.len) {
		size_t i;

		for (i = 0; i < full.len && (full.s[i] == ' ' ||
		    full.s[i] == '\n' || full.s[i] == '\r' ||
		    full.s[i] == '\t'); i++)
			;
		if (i == full.len && m.have_html) {
			mbuf_reset(&full);
			mailtext_html(mbuf_str(&m.html), m.html.len, &full);
		}
	}
	nbsp(&full);
	while (full.len > 0 && (full.s[full.len - 1] == '\n' ||
	    full.s[full.len - 1] == ' ' || full.s[full.len - 1] == '\t' ||
	    full.s[full.len - 1] == '\r'))
		full.s[--full.len] = '\0';
	mailtext_visible(mbuf_str(&full), full.len, &vis);
	if (vis.len > 0)
		json_object_set_new(msg, "text", json_string(vis.s));
	else if (full.len > 0)	/* all quoted: keep it rather than nothing */
		json_object_set_new(msg, "text", json_string(full.s));
	if (ing->keep_quoted && full.len > 0)
		json_object_set_new(msg, "text_full", json_string(full.s));

	thread = json_object();
	mime_msgids(mime_header(&h, "References"), take_id, &refs);
	mime_msgids(mime_header(&h, "In-Reply-To"), take_id, &irt);
	if (refs.first != NULL)
		json_object_set_new(thread, "id", json_string(mail_id(
		    refs.first, idbuf, sizeof(idbuf))));
	else if (irt.first != NULL)
		json_object_set_new(thread, "id", json_string(mail_id(
		    irt.first, idbuf, sizeof(idbuf))));
	else
		json_object_set(thread, "id", json_object_get(msg, "id"));
	if (irt.first != NULL || refs.first != NULL)
		json_object_set_new(thread, "in_reply_to", json_string(mail_id(
		    irt.first ? irt.first : refs.last ? refs.last : refs.first,
		    idbuf, sizeof(idbuf))));
	json_object_set_new(msg, "thread", thread);

	if ((v = mime_header(&h, "Subject")) != NULL) {
		mime_decode_words(v, strlen(v), &subj, &m.warn);
		if (subj.len > 0)
			json_object_set_new(msg, "subject",
			    json_string(subj.s));
	}
	if (m.atts != NULL)
		json_object_set_new(msg, "attachments", m.atts);
	if (is_auto(&h, subj.s, a.author, m.report))
		json_object_set_new(msg, "auto", json_true());

	warn_list(&m, &w);
	if (dw.len > 0) {
		if (w.len > 0)
			mbuf_adds(&w, "; ");
		mbuf_add(&w, dw.s, dw.len);
	}
	if (w.len > 0)
		diag_at(ing->file, line, "warning: %s: %s",
		    json_string_value(json_object_get(msg, "id")), w.s);
	ing_emit(ing, msg);
	jarena_end();
done:
	free(refs.first);
	free(refs.last);
	free(irt.first);
	free(irt.last);
	free(own.first);
	free(own.last);
	mime_headers_free(&h);
	mbuf_free(&m.plain);
	mbuf_free(&m.html);
	mbuf_free(&m.fplain);
	mbuf_free(&m.fhtml);
	mbuf_free(&m.tmp);
	mbuf_free(&m.tmp2);
	mbuf_free(&subj);
	mbuf_free(&full);
	mbuf_free(&vis);
	mbuf_free(&w);
	mbuf_free(&dw);
}
