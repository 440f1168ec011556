/* mime.h - the pieces of an Internet message: headers, words, bodies */
#ifndef SCS_MIME_H
#define SCS_MIME_H

#include <stddef.h>
#include <stdint.h>

/*
 * Everything here works on bytes in memory and never fails on bad
 * input: what cannot be read is skipped or kept as it is, and the
 * caller learns about it through the MIME_W_* bits it passes in.
 * Out of memory is fatal (diag_fatal), as everywhere in scs.
 */

/* A growing byte buffer; s is NUL-terminated whenever len > 0. */
struct mbuf {
	char	*s;
	size_t	 len, cap;
};

void	mbuf_add(struct mbuf *, const void *, size_t);
void	mbuf_adds(struct mbuf *, const char *);
void	mbuf_addc(struct mbuf *, char);
void	mbuf_reset(struct mbuf *);	/* len = 0, memory kept */
void	mbuf_free(struct mbuf *);
/* The contents as a C string ("" when empty). */
const char *mbuf_str(const struct mbuf *);

/* Warnings: bits or'ed into an unsigned the caller owns. */
#define MIME_W_CHARSET	0x01	/* unknown or lying charset: read as cp1252 */
#define MIME_W_8BIT	0x02	/* raw 8-bit bytes that are not UTF-8 in a header */
#define MIME_W_BASE64	0x04	/* bad characters or length in base64 */
#define MIME_W_WORD	0x08	/* an encoded word that could not be decoded */

/* ---- header fields ---- */

struct mime_field {
	char	*name;		/* as written */
	char	*value;		/* unfolded, surrounding space trimmed */
};

struct mime_headers {
	struct mime_field *v;
	size_t		 n, cap;
};

/*
 * Parse the header block at s[0..len) (lines end in "\n" or "\r\n";
 * folded lines are joined).  It ends at the first empty line, which is
 * consumed, or at a line that is neither a field nor a continuation.
 * Returns the offset of the body.  At most max_fields fields are kept.
 */
size_t	mime_headers_parse(const char *s, size_t len,
	    struct mime_headers *, size_t max_fields);
void	mime_headers_free(struct mime_headers *);
/* The first (or, with mime_header_nth, the n-th) field of that name,
 * case-insensitively; NULL if absent. */
const char *mime_header(const struct mime_headers *, const char *name);
const char *mime_header_nth(const struct mime_headers *, const char *name,
	    size_t nth);

/*
 * An unstructured header value (Subject, a display name) as UTF-8: RFC
 * 2047 encoded words decoded (Q and B, any charset iconv knows, adjacent
 * words joined without the space between them, a character split over
 * two words put back together), raw UTF-8 kept, other 8-bit bytes read
 * as Windows-1252 (MIME_W_8BIT).  Appended to out.
 */
void	mime_decode_words(const char *s, size_t len, struct mbuf *out,
	    unsigned *warn);

/* "Text/HTML; charset=x" -> "text/html" in type (lower case); an empty
 * or unreadable value gives deflt. */
void	mime_content_type(const char *value, const char *deflt, char *type,
	    size_t size);

/*
 * Parameter name of a Content-Type or Content-Disposition value, as
 * UTF-8: quoted strings, RFC 2231 continuations (name*0, name*1*) and
 * charset'lang'%XX values, and RFC 2047 words that mailers put in
 * quoted names.  Returns 1 and appends to out when present, else 0.
 */
int	mime_param(const char *value, const char *name, struct mbuf *out,
	    unsigned *warn);

/*
 * Each mailbox of an address list (From, To, Cc): fn(name, addr, arg)
 * with the display name decoded (or the comment of the old
 * "addr (Name)" form; "" when none) and the address as written, without
 * angle brackets ("" for a group or an unreadable entry, which are
 * skipped).  Returns the number of mailboxes.
 */
size_t	mime_addresses(const char *value,
	    void (*fn)(const char *name, const char *addr, void *), void *arg,
	    unsigned *warn);

/*
 * Message ids in a Message-ID, In-Reply-To or References value, without
 * angle brackets, in order: fn(id, len, arg) until it returns non-zero.
 * An id without brackets (broken mailers) counts when it holds an '@'.
 */
void	mime_msgids(const char *value,
	    int (*fn)(const char *id, size_t len, void *), void *arg);

/* ---- bodies ---- */

/* Quoted-printable (soft line breaks, =XX, lenient about bad escapes). */
void	mime_qp_decode(const char *s, size_t len, struct mbuf *out);
/* Base64, skipping space and line breaks; other bad characters are
 * skipped with MIME_W_BASE64.  out NULL only counts.  Returns the
 * number of decoded bytes. */
size_t	mime_b64_decode(const char *s, size_t len, struct mbuf *out,
	    unsigned *warn);

/*
 * s[0..len) in charset (NULL or "" when none was declared) to UTF-8,
 * appended to out.  ASCII, UTF-8 and undeclared text that is valid UTF-8
 * is taken as UTF-8; ISO-8859-1 is read as its superset Windows-1252
 * (as browsers do); any other charset goes through iconv(3).  An unknown
 * charset, or bytes that are not valid in the declared one, fall back to
 * UTF-8 when valid, else to Windows-1252, with MIME_W_CHARSET.
 */
void	mime_to_utf8(const char *charset, const char *s, size_t len,
	    struct mbuf *out, unsigned *warn);

/* Windows-1252 to UTF-8 (the fallback above), appended to out. */
void	mime_cp1252(const char *s, size_t len, struct mbuf *out);

/*
 * Is the line s[0..len) a boundary line of boundary b: "--b" then
 * optional space; 2 for the closing "--b--", 1 for a part delimiter,
 * 0 for neither.
 */
int	mime_is_boundary(const char *s, size_t len, const char *b,
	    size_t blen);

/* A 128-bit FNV-1a digest of s as 32 hex digits (buf of 33 bytes). */
char	*mime_digest_hex(const char *s, size_t len, char *buf);

#endif
