/* mailtext.c - HTML to text; quoted history and signatures removed
 *
 * The rules follow what mail clients actually write (the attribution
 * and header-block forms of Gmail, Outlook, Apple Mail, Thunderbird,
 * Yahoo in several languages), not any standard: there is none.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mailtext.h"
#include "mime.h"
#include "utf8.h"

/* ---- HTML ---- */

struct entity {
	const char	*name;
	uint32_t	 cp;
};

static const struct entity entities[] = {
	{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
	{ "apos", '\'' }, { "nbsp", ' ' }, { "copy", 0xa9 }, { "reg", 0xae },
	{ "trade", 0x2122 }, { "hellip", 0x2026 }, { "mdash", 0x2014 },
	{ "ndash", 0x2013 }, { "lsquo", 0x2018 }, { "rsquo", 0x2019 },
	{ "ldquo", 0x201c }, { "rdquo", 0x201d }, { "euro", 0x20ac },
	{ "laquo", 0xab }, { "raquo", 0xbb }, { "iexcl", 0xa1 },
	{ "iquest", 0xbf }, { "bull", 0x2022 }, { "middot", 0xb7 },
	{ "aacute", 0xe1 }, { "eacute", 0xe9 }, { "iacute", 0xed },
	{ "oacute", 0xf3 }, { "uacute", 0xfa }, { "ntilde", 0xf1 },
	{ "Aacute", 0xc1 }, { "Eacute", 0xc9 }, { "Iacute", 0xcd },
	{ "Oacute", 0xd3 }, { "Uacute", 0xda }, { "Ntilde", 0xd1 },
	{ "uuml", 0xfc }, { "Uuml", 0xdc }, { "auml", 0xe4 },
	{ "ouml", 0xf6 }, { "Auml", 0xc4 }, { "Ouml", 0xd6 },
	{ "szlig", 0xdf }, { "ccedil", 0xe7 }, { "Ccedil", 0xc7 },
	{ "agrave", 0xe0 }, { "egrave", 0xe8 }, { "ecirc", 0xea },
	{ "ocirc", 0xf4 }, { "acirc", 0xe2 }, { "deg", 0xb0 },
	{ "shy", 0 }, { "zwnj", 0 }, { "zwj", 0 }, { NULL, 0 }
};

struct html {
	struct mbuf	*out;
	int		 nl;		/* line breaks owed before more text */
	int		 space;		/* a space owed before more text */
	int		 quote;		/* blockquote depth */
	int		 pre;
	size_t		 a_start;	/* where the link's text began */
	char		 href[512];
	int		 olnum[16];	/* item number per list depth, 0: ul */
	int		 lists;
};

static void
line_start(struct html *h)
{
	int i;

	for (i = 0; i < h->quote && i < 32; i++)
		mbuf_adds(h->out, "> ");
}

static void
put_text(struct html *h, const char *s, size_t n)
{
	if (h->out->len > 0 && h->nl > 0) {
		while (h->nl-- > 0) {
			mbuf_addc(h->out, '\n');
			line_start(h);
		}
	} else if (h->out->len == 0 && h->quote > 0)
		line_start(h);
	else if (h->space && h->out->len > 0)
		mbuf_addc(h->out, ' ');
	h->nl = h->space = 0;
	mbuf_add(h->out, s, n);
}

static void
block(struct html *h, int lines)
{
	if (h->nl < lines)
		h->nl = lines;
	h->space = 0;
}

/* Decode the entity at s (after '&'); its length, or 0 if none. */
static size_t
entity(const char *s, size_t len, char *enc, size_t *enclen)
{
	char name[16];
	size_t i = 0, j;
	uint32_t cp = 0;

	if (len > 1 && s[0] == '#') {
		int hex = len > 2 && (s[1] == 'x' || s[1] == 'X');

		for (i = hex ? 2 : 1; i < len && i < 10; i++) {
			int c = (unsigned char)s[i], d;

			if (isdigit(c))
				d = c - '0';
			else if (hex && isxdigit(c))
				d = tolower(c) - 'a' + 10;
			else
				break;
			cp = cp * (hex ? 16 : 10) + (uint32_t)d;
		}
		if (i == (size_t)(hex ? 2 : 1))
			return 0;
		if (cp == 0xa0)
			cp = ' ';
		if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000))
			cp = 0xfffd;
		*enclen = (size_t)utf8_encode(cp, enc);
		return i + (i < len && s[i] == ';');
	}
	while (i < len && i < sizeof(name) - 1 && isalnum((unsigned char)s[i]))
		name[i] = s[i], i++;
	name[i] = '\0';
	for (j = 0; entities[j].name != NULL; j++)
		if (strcmp(entities[j].name, name) == 0) {
			*enclen = entities[j].cp ? (size_t)utf8_encode(
			    entities[j].cp, enc) : 0;
			return i + (i < len && s[i] == ';');
		}
	return 0;
}

static void
html_text(struct html *h, const char *s, size_t n)
{
	char enc[4];
	size_t i, from = 0, elen, used;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '&' && (used = entity(s + i + 1, n - i - 1, enc,
		    &elen)) > 0) {
			if (i > from)
				put_text(h, s + from, i - from);
			if (elen == 1 && enc[0] == ' ') {
				h->space = 1;
			} else if (elen > 0)
				put_text(h, enc, elen);
			i += used;
			from = i + 1;
			continue;
		}
		if (c == '\n' && h->pre) {
			if (i > from)
				put_text(h, s + from, i - from);
			h->nl++;
			from = i + 1;
		} else if (!h->pre && (c == ' ' || c == '\t' || c == '\n' ||
		    c == '\r')) {
			if (i > from)
				put_text(h, s + from, i - from);
			h->space = 1;
			from = i + 1;
		}
	}
	if (n > from)
		put_text(h, s + from, n - from);
}

/* The value of attribute name in a tag's text, into val. */
static int
attr(const char *tag, size_t n, const char *name, char *val, size_t size)
{
	size_t nl = strlen(name), i, j = 0;

	for (i = 0; i + nl < n; i++) {
		if (strncasecmp(tag + i, name, nl) != 0 || (i > 0 &&
		    !isspace((unsigned char)tag[i - 1])))
			continue;
		i += nl;
		while (i < n && isspace((unsigned char)tag[i]))
			i++;
		if (i >= n || tag[i] != '=')
			continue;
		for (i++; i < n && isspace((unsigned char)tag[i]); i++)
			;
		if (i < n && (tag[i] == '"' || tag[i] == '\'')) {
			char q = tag[i++];

			while (i < n && tag[i] != q && j + 1 < size)
				val[j++] = tag[i++];
		} else
			while (i < n && !isspace((unsigned char)tag[i]) &&
			    tag[i] != '>' && j + 1 < size)
				val[j++] = tag[i++];
		val[j] = '\0';
		return 1;
	}
	return 0;
}

static const char *const block_tags[] = {
	"p", "div", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6",
	"hr", "dt", "dd", "dl", "section", "article", "header", "footer",
	"center", "address", "form", "title", "tbody", "thead", NULL
};
static const char *const skip_tags[] = {
	"script", "style", "head", "title", "xml", "noscript", NULL
};

static int
in_list(const char *const *l, const char *s)
{
	for (; *l != NULL; l++)
		if (strcmp(*l, s) == 0)
			return 1;
	return 0;
}

/* Find "</name" from s on, case-insensitively; its offset or len. */
static size_t
find_close(const char *s, size_t len, const char *name)
{
	size_t nl = strlen(name), i;

	for (i = 0; i + nl + 2 <= len; i++)
		if (s[i] == '<' && s[i + 1] == '/' &&
		    strncasecmp(s + i + 2, name, nl) == 0)
			return i;
	return len;
}

static void
html_tag(struct html *h, const char *tag, size_t n, const char *name,
    int closing)
{
	char num[16];

	if (strcmp(name, "br") == 0) {
		h->nl++;
		if (h->nl > 2)
			h->nl = 2;
	} else if (strcmp(name, "blockquote") == 0) {
		block(h, 1);
		if (closing && h->quote > 0)
			h->quote--;
		else if (!closing)
			h->quote++;
	} else if (strcmp(name, "ul") == 0 || strcmp(name, "ol") == 0) {
		block(h, 1);
		if (closing && h->lists > 0)
			h->lists--;
		else if (!closing && h->lists < 16)
			h->olnum[h->lists++] = name[0] == 'o';
	} else if (strcmp(name, "li") == 0 && !closing) {
		block(h, 1);
		if (h->lists > 0 && h->olnum[h->lists - 1] > 0) {
			snprintf(num, sizeof(num), "%d.",
			    h->olnum[h->lists - 1]++);
			put_text(h, num, strlen(num));
		} else
			put_text(h, "-", 1);
		h->space = 1;
	} else if (strcmp(name, "pre") == 0) {
		block(h, 1);
		h->pre = !closing;
	} else if (strcmp(name, "a") == 0) {
		if (!closing) {
			if (!attr(tag, n, "href", h->href, sizeof(h->href)) ||
			    (strncasecmp(h->href, "http", 4) != 0 &&
			    strncasecmp(h->href, "ftp", 3) != 0))
				h->href[0] = '\0';
			h->a_start = h->out->len;
		} else if (h->href[0] != '\0') {
			size_t tl = h->out->len - h->a_start;

			if (h->a_start <= h->out->len && (tl != strlen(h->href)
			    || memcmp(h->out->s + h->a_start, h->href, tl) !=
			    0)) {
				put_text(h, " (", h->out->len > h->a_start ?
				    2 : 1);
				put_text(h, h->href, strlen(h->href));
				put_text(h, ")", 1);
			}
			h->href[0] = '\0';
		}
	} else if (strcmp(name, "td") == 0 || strcmp(name, "th") == 0)
		h->space = 1;
	else if (in_list(block_tags, name))
		block(h, 1);
}

void
mailtext_html(const char *s, size_t len, struct mbuf *out)
{
	struct html h;
	size_t i = 0, t, e, k;
	char name[16];

	memset(&h, 0, sizeof(h));
	h.out = out;
	while (i < len) {
		const char *lt = memchr(s + i, '<', len - i);

		t = lt ? (size_t)(lt - s) : len;
		if (t > i)
			html_text(&h, s + i, t - i);
		if (t >= len)
			break;
		if (len - t >= 4 && memcmp(s + t, "<!--", 4) == 0) {
			const char *end = NULL;

			for (k = t + 4; k + 3 <= len; k++)
				if (memcmp(s + k, "-->", 3) == 0) {
					end = s + k;
					break;
				}
			i = end ? (size_t)(end - s) + 3 : len;
			continue;
		}
		/* The tag: up to '>' outside quotes. */
		{
			char q = 0;

			for (e = t + 1; e < len; e++) {
				if (q) {
					if (s[e] == q)
						q = 0;
				} else if (s[e] == '"' || s[e] == '\'') {
					if (e > t + 1 && s[e - 1] == '=')
						q = s[e];
				} else if (s[e] == '>')
					break;
			}
		}
		{
			int closing = t + 1 < len && s[t + 1] == '/';
			size_t p = t + 1 + (size_t)closing, j = 0;

			while (p < len && j + 1 < sizeof(name) &&
			    (isalnum((unsigned char)s[p]) || s[p] == ':'))
				name[j++] = (char)tolower((unsigned char)s[p++]);
			name[j] = '\0';
			if (j == 0 && !closing && (t + 1 >= len ||
			    (s[t + 1] != '!' && s[t + 1] != '?'))) {
				html_text(&h, "<", 1);	/* a lone '<' */
				i = t + 1;
				continue;
			}
			i = e < len ? e + 1 : len;
			if (!closing && in_list(skip_tags, name)) {
				i += find_close(s + i, len - i, name);
				continue;
			}
			if (j > 0)
				html_tag(&h, s + t, e - t, name, closing);
		}
	}
	if (out->len > 0 && out->s[out->len - 1] != '\n')
		mbuf_addc(out, '\n');
}

/* ---- the new text of a reply ---- */

struct line {
	const char	*s;
	size_t		 n;
};

static size_t
skip_space(const char *s, size_t n, size_t i)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

static int
is_blank(const struct line *l)
{
	return skip_space(l->s, l->n, 0) == l->n;
}

static int
is_quoted(const struct line *l)
{
	size_t i = skip_space(l->s, l->n, 0);

	return i < l->n && i < 4 && l->s[i] == '>';
}

static int
has_prefix_ci(const char *s, size_t n, const char *p)
{
	size_t pl = strlen(p);

	return n >= pl && strncasecmp(s, p, pl) == 0;
}

static int
has_suffix_ci(const char *s, size_t n, const char *p)
{
	size_t pl = strlen(p);

	return n >= pl && strncasecmp(s + n - pl, p, pl) == 0;
}

/* How attributions end, in the languages customers write in. */
static const char *const attribution_ends[] = {
	"wrote:", "writes:", "escribió:", "escribio:", "a écrit :",
	"a écrit:", "schrieb:", "написал:", "написал(а):", "escreveu:",
	"scrisse:", "skrev:", "schreef:", "napisał:", "kirjoitti:",
	"ha scritto:", NULL
};

/* Lines i.. (up to 3) form an attribution: the count of lines, or 0. */
static int
attribution(const struct line *l, size_t nl, size_t i)
{
	char join[600];
	size_t len = 0, k, a, e, j;

	/* Every attribution has a date or a time in its first line. */
	for (k = 0; k < l[i].n; k++)
		if (isdigit((unsigned char)l[i].s[k]))
			break;
	if (k == l[i].n)
		return 0;
	for (k = 0; k < 3 && i + k < nl; k++) {
		const struct line *x = &l[i + k];

		if (is_blank(x) || len + x->n + 1 >= sizeof(join) ||
		    (k > 0 && is_quoted(x) != is_quoted(&l[i])))
			return 0;
		if (k > 0)
			join[len++] = ' ';
		memcpy(join + len, x->s, x->n);
		len += x->n;
		for (e = len; e > 0 && isspace((unsigned char)join[e - 1]); e--)
			;
		a = 0;
		while (a < e && (join[a] == '-' || join[a] == ' ' ||
		    join[a] == '>' || join[a] == '*'))
			a++;
		for (j = 0; attribution_ends[j] != NULL; j++)
			if (has_suffix_ci(join + a, e - a, attribution_ends[j]))
				return (int)k + 1;
	}
	return 0;
}

static const char *const original_marks[] = {
	"original message", "ursprüngliche nachricht", "mensaje original",
	"message d'origine", "messaggio originale", "mensagem original",
	"oorspronkelijk bericht", "original meddelelse", NULL
};

/* "-----Original Message-----" and its translations. */
static int
original_line(const struct line *l)
{
	size_t i = skip_space(l->s, l->n, 0), j, d = 0;

	while (i < l->n && l->s[i] == '-')
		i++, d++;
	if (d < 2)
		return 0;
	i = skip_space(l->s, l->n, i);
	for (j = 0; original_marks[j] != NULL; j++)
		if (has_prefix_ci(l->s + i, l->n - i, original_marks[j]))
			return 1;
	return 0;
}

static const char *const from_names[] = {
	"from", "de", "von", "van", "da", "od", "от", NULL
};
static const char *const header_names[] = {
	"sent", "date", "to", "cc", "subject", "enviado", "enviado el",
	"fecha", "para", "asunto", "gesendet", "datum", "an", "betreff",
	"envoyé", "envoyé le", "à", "objet", "inviato", "oggetto", "a",
	"verzonden", "aan", "onderwerp", "cc", NULL
};

/* "From:", "*From:*", "De :" at the line start (its name in the list). */
static int
header_line(const struct line *l, const char *const *names)
{
	char name[32];
	size_t i = skip_space(l->s, l->n, 0), j = 0;

	if (i < l->n && l->s[i] == '*')
		i++;
	while (i < l->n && l->s[i] != ':' && l->s[i] != '*' && j + 1 <
	    sizeof(name))
		name[j++] = (char)tolower((unsigned char)l->s[i++]);
	while (j > 0 && name[j - 1] == ' ')
		j--;
	name[j] = '\0';
	if (i < l->n && l->s[i] == '*')
		i++;
	if (i >= l->n || l->s[i] != ':')
		return 0;
	return in_list(names, name);
}

/* An Outlook header block: From: then two more header lines. */
static int
outlook_block(const struct line *l, size_t nl, size_t i)
{
	size_t k, hits = 0;

	if (!header_line(&l[i], from_names))
		return 0;
	for (k = i + 1; k < nl && k <= i + 5; k++) {
		if (is_blank(&l[k]))
			continue;
		if (!header_line(&l[k], header_names))
			break;
		hits++;
	}
	return hits >= 2;
}

static const char *const mobile_marks[] = {
	"sent from my ", "enviado desde mi ", "sent with sparrow",
	"sent from mail for windows", "get outlook for ", "envoyé de mon ",
	"sent from yahoo mail", "enviado desde yahoo", "enviado do meu ",
	"sent from samsung", "sent from outlook", "enviado desde outlook",
	"sent via ", "von meinem ", NULL
};

static int
mobile_line(const struct line *l)
{
	size_t i = skip_space(l->s, l->n, 0), j;

	for (j = 0; mobile_marks[j] != NULL; j++)
		if (has_prefix_ci(l->s + i, l->n - i, mobile_marks[j]))
			return 1;
	return 0;
}

static int
sig_dashes(const struct line *l)
{
	return (l->n == 2 || l->n == 3) && l->s[0] == '-' && l->s[1] == '-' &&
	    (l->n == 2 || l->s[2] == ' ');
}

/* A rule of underscores, as mailing lists put before their footer. */
static int
underscore_rule(const struct line *l)
{
	size_t i;

	if (l->n < 20)
		return 0;
	for (i = 0; i < l->n; i++)
		if (l->s[i] != '_')
			return 0;
	return 1;
}

static const char *const signoffs[] = {
	"thanks", "thank you", "thanks again", "many thanks", "thx",
	"regards", "best regards", "kind regards", "warm regards", "best",
	"cheers", "saludos", "un saludo", "saludos cordiales", "atentamente",
	"gracias", "muchas gracias", "cordialmente", "cordialement",
	"mit freundlichen grüßen", "viele grüße", "grüße", "abrazos",
	"besos", "sincerely", "yours", NULL
};

static int
signoff_line(const struct line *l)
{
	char w[40];
	size_t i = skip_space(l->s, l->n, 0), e = l->n, j;

	while (e > i && (l->s[e - 1] == ',' || l->s[e - 1] == '.' ||
	    l->s[e - 1] == '!' || l->s[e - 1] == ' '))
		e--;
	if (e - i == 0 || e - i >= sizeof(w))
		return 0;
	for (j = 0; i + j < e; j++)
		w[j] = (char)tolower((unsigned char)l->s[i + j]);
	w[j] = '\0';
	return in_list(signoffs, w);
}

/* One to three capitalized words, as a signature's name line. */
static int
name_line(const struct line *l)
{
	size_t i = skip_space(l->s, l->n, 0), words = 0;

	if (l->n - i > 30)
		return 0;
	while (i < l->n) {
		unsigned char c = (unsigned char)l->s[i];

		if (!(isupper(c) || c >= 0x80 || c == '-'))
			return 0;
		words++;
		while (i < l->n && l->s[i] != ' ') {
			c = (unsigned char)l->s[i++];
			if (c == '.' || c == '!' || c == '?' || c == ':' ||
			    c == ',' || c == ';' || isdigit(c) || c == '@' ||
			    c == '(' || c == '"')
				return 0;
		}
		i = skip_space(l->s, l->n, i);
	}
	return words >= 1 && words <= 3;
}

static int
rule_line(const struct line *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->s[i] != '-' && l->s[i] != '_' && l->s[i] != ' ' &&
		    l->s[i] != '=' && l->s[i] != '\t')
			return 0;
	return 1;
}

/* The line before i that is not blank is a "Forwarded message" mark. */
static int
after_forward_mark(const struct line *l, size_t i)
{
	while (i > 0 && is_blank(&l[i - 1]))
		i--;
	if (i == 0)
		return 0;
	i--;
	return memmem(l[i].s, l[i].n, "orwarded", 8) != NULL ||
	    memmem(l[i].s, l[i].n, "reenviado", 9) != NULL ||
	    memmem(l[i].s, l[i].n, "eitergeleitet", 13) != NULL;
}

void
mailtext_visible(const char *text, size_t len, struct mbuf *out)
{
	struct line *l;
	char *keep;
	size_t nl = 0, cap = 64, i, end, k, first, last;
	const char *p = text, *e = text + len;
	int blanks;

	if ((l = malloc(cap * sizeof(*l))) == NULL)
		abort();
	while (p < e) {
		const char *q = memchr(p, '\n', (size_t)(e - p));
		size_t n = q ? (size_t)(q - p) : (size_t)(e - p);

		if (nl == cap) {
			cap *= 2;
			if ((l = realloc(l, cap * sizeof(*l))) == NULL)
				abort();
		}
		l[nl].s = p;
		l[nl].n = n > 0 && p[n - 1] == '\r' ? n - 1 : n;
		nl++;
		p = q ? q + 1 : e;
	}
	if ((keep = malloc(nl + 1)) == NULL)
		abort();
	memset(keep, 1, nl + 1);
	end = nl;
	for (i = 0; i < nl; i++) {
		if (original_line(&l[i]) || sig_dashes(&l[i]) ||
		    mobile_line(&l[i]) || (outlook_block(l, nl, i) &&
		    !after_forward_mark(l, i)) ||
		    (underscore_rule(&l[i]) && nl - i < 10)) {
			end = i;
			break;
		}
		if ((k = (size_t)attribution(l, nl, i)) > 0) {
			size_t j = i + k;

			while (j < nl && is_blank(&l[j]))
				j++;
			if (j < nl && !is_quoted(&l[j])) {
				end = i;
				break;
			}
			memset(keep + i, 0, k);
			i += k - 1;
			continue;
		}
		if (is_quoted(&l[i]))
			keep[i] = 0;
	}
	/* Drop trailing blank and rule lines, then a sign-off block. */
	while (end > 0 && (!keep[end - 1] || is_blank(&l[end - 1]) ||
	    rule_line(&l[end - 1])))
		end--;
	for (i = end; i > 0 && end - i < 5; i--) {
		if (!keep[i - 1])
			break;
		if (signoff_line(&l[i - 1]) && i < end) {
			for (k = i; k < end; k++)
				if (l[k].n > 60)
					break;
			if (k == end) {
				end = i - 1;
				while (end > 0 && (!keep[end - 1] ||
				    is_blank(&l[end - 1])))
					end--;
			}
			break;
		}
	}
	/* A name alone after the last paragraph signs it. */
	if (end > 2 && keep[end - 1] && name_line(&l[end - 1]) &&
	    is_blank(&l[end - 2])) {
		for (k = end - 2; k > 0 && (is_blank(&l[k]) || !keep[k]); k--)
			;
		if (k > 0 || (keep[0] && !is_blank(&l[0]))) {
			end = k + 1;
		}
	}
	/* Out: kept lines, blank runs collapsed to one. */
	first = 0;
	while (first < end && (!keep[first] || is_blank(&l[first])))
		first++;
	last = out->len;
	blanks = 0;
	for (i = first; i < end; i++) {
		if (!keep[i])
			continue;
		if (is_blank(&l[i])) {
			blanks = 1;
			continue;
		}
		if (out->len > last)
			mbuf_adds(out, blanks ? "\n\n" : "\n");
		blanks = 0;
		mbuf_add(out, l[i].s, l[i].n);
	}
	free(keep);
	free(l);
}
