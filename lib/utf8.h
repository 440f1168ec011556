/* utf8.h - UTF-8 validation, folding and tokenizing for Latin-script text */
#ifndef SCS_UTF8_H
#define SCS_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Validate s[0..len).  Returns len when it is well-formed UTF-8 (no
 * overlongs, no surrogates, nothing above U+10FFFF), else the byte offset
 * of the first bad sequence.
 */
size_t	utf8_valid(const char *s, size_t len);

/*
 * Decode one code point at s (at most len bytes).  Returns the number of
 * bytes used (1..4) and stores the code point in *cp; on a malformed
 * sequence returns 1 and stores U+FFFD.  len must be > 0.
 */
int	utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Encode cp into out (room for 4 bytes); returns the byte count. */
int	utf8_encode(uint32_t cp, char *out);

/* Code points in s[0..len): the bytes that start a character. */
size_t	utf8_ncp(const char *s, size_t len);

/*
 * Fold s[0..len) for matching: lower case, accents removed (precomposed
 * Latin letters and combining marks U+0300..U+036F both), ß -> ss,
 * æ -> ae, œ -> oe, ø -> o, ł -> l, đ -> d, þ -> th, and typographic
 * apostrophes to '.  Other scripts are lower-cased where simple and kept.
 * A run of invalid bytes becomes one U+FFFD.  Writes a NUL-terminated result into out
 * (at most outsz bytes including the NUL) and returns the length it
 * needed, like snprintf; the result is never longer than 2 * len + 1.
 */
size_t	utf8_fold(const char *s, size_t len, char *out, size_t outsz);

/* Fold one code point to zero, one or two base code points; returns count. */
int	utf8_fold_cp(uint32_t cp, uint32_t out[2]);

/* Classes of tokens. */
enum tok_kind {
	TOK_WORD,	/* letters/digits, inner ' - . kept: "don't", "e-mail" */
	TOK_NUMBER,	/* digits with inner . , : / (prices, times, dates) */
	TOK_HASHTAG,	/* #tag, the '#' kept */
	TOK_MENTION,	/* @handle, the '@' kept */
	TOK_URL,	/* http(s)://… or www.… up to whitespace */
	TOK_EMAIL,	/* local@domain.tld */
	TOK_EMOJI,	/* one emoji with its modifiers, ZWJ sequence, flags */
	TOK_PUNCT	/* any other single non-space symbol */
};

struct token {
	enum tok_kind	 kind;
	unsigned char	 ascii;	/* 1: every byte is ASCII; 0: not known */
	size_t		 off;	/* byte offset in the text */
	size_t		 len;	/* byte length */
};

/*
 * Tokenize text: call fn for each token, in order, until it returns
 * non-zero (that value is returned).  Whitespace separates tokens and is
 * never a token.  Emoji, hashtags, @mentions, URLs and e-mail addresses
 * come out whole.  Returns 0 when all tokens were seen.
 */
int	utf8_tokens(const char *text, size_t len,
	    int (*fn)(const struct token *, void *), void *arg);

/*
 * All the tokens of a text, in order, for callers that read them more
 * than once (scs-classify splits a message once for every analysis).
 * The list grows as needed and is reused from text to text.
 */
struct toklist {
	struct token	*v;
	size_t		 n, cap;
};

void	utf8_toklist(struct toklist *, const char *text, size_t len);
void	utf8_toklist_free(struct toklist *);

/* Is cp a letter (any script) / an emoji-presentation symbol? */
int	utf8_is_letter(uint32_t cp);
int	utf8_is_emoji(uint32_t cp);

#endif
