/* test_utf8.c - unit tests for lib/utf8.c */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "utf8.h"
#include "check.h"

/* utf8_valid over a string literal (which may hold NULs: pass sizeof). */
#define VALID(lit)	utf8_valid((lit), sizeof(lit) - 1)
#define NLIT(lit)	(sizeof(lit) - 1)

static void
test_valid(void)
{
	char	buf[64];

	CHECK_INT(utf8_valid("", 0), 0);
	CHECK_INT(VALID("hola, ¿qué tal? 😀 €10 ñ Ж 中"),
	    NLIT("hola, ¿qué tal? 😀 €10 ñ Ж 中"));
	CHECK_INT(VALID("a\0b"), 3);
	/* Edges of each length class. */
	CHECK_INT(VALID("\x7F\xC2\x80\xDF\xBF\xE0\xA0\x80"), 8);
	CHECK_INT(VALID("\xED\x9F\xBF\xEE\x80\x80\xEF\xBF\xBF"), 9);
	CHECK_INT(VALID("\xF0\x90\x80\x80\xF4\x8F\xBF\xBF"), 8);
	/* Overlongs. */
	CHECK_INT(VALID("\xC0\xAF"), 0);
	CHECK_INT(VALID("abc\xC1\xBF"), 3);
	CHECK_INT(VALID("\xE0\x80\xAF"), 0);
	CHECK_INT(VALID("ab\xE0\x9F\xBF"), 2);
	CHECK_INT(VALID("\xF0\x8F\xBF\xBF"), 0);
	/* Surrogates. */
	CHECK_INT(VALID("ok\xED\xA0\x80"), 2);
	CHECK_INT(VALID("\xED\xBF\xBF"), 0);
	/* Above U+10FFFF, and bytes that never occur. */
	CHECK_INT(VALID("\xF4\x90\x80\x80"), 0);
	CHECK_INT(VALID("x\xF5\x80\x80\x80"), 1);
	CHECK_INT(VALID("ñ\xFF"), 2);
	CHECK_INT(VALID("\xFE"), 0);
	/* Truncated sequences, at the end and in the middle. */
	CHECK_INT(VALID("hola\xC3"), 4);
	CHECK_INT(VALID("x\xE2\x82"), 1);
	CHECK_INT(VALID("\xF0\x9F\x98"), 0);
	CHECK_INT(VALID("\xF0\x9F\x98 z"), 0);
	CHECK_INT(VALID("\xE2\x82z"), 0);
	/* Stray continuation bytes. */
	CHECK_INT(VALID("a\x80z"), 1);
	CHECK_INT(VALID("\xC3\xB1\xB1"), 2);
	/* Offsets past the eight-byte ASCII fast path stay exact. */
	memset(buf, 'a', sizeof(buf));
	CHECK_INT(utf8_valid(buf, sizeof(buf)), sizeof(buf));
	buf[13] = (char)0x80;
	CHECK_INT(utf8_valid(buf, sizeof(buf)), 13);
	buf[13] = 'a';
	buf[40] = (char)0xC3;
	buf[41] = (char)0xB1;
	buf[63] = (char)0xC3;
	CHECK_INT(utf8_valid(buf, sizeof(buf)), 63);
	CHECK_INT(utf8_valid(buf, 63), 63);
	CHECK_INT(utf8_valid(buf, 41), 40);
}

/* Byte length a code point must encode to. */
static int
want_len(uint32_t cp)
{
	return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

static void
test_roundtrip(void)
{
	char		buf[4];
	uint32_t	cp, got;
	int		n, bad = 0, valid2 = 0;
	unsigned	a, b;

	for (cp = 0; cp <= 0x10FFFF; cp++) {
		if (cp == 0xD800)
			cp = 0xE000;
		n = utf8_encode(cp, buf);
		if (n != want_len(cp) ||
		    utf8_valid(buf, (size_t)n) != (size_t)n ||
		    utf8_decode(buf, (size_t)n, &got) != n || got != cp)
			bad++;
	}
	CHECK_INT(bad, 0);
	/* What cannot be encoded comes out as U+FFFD. */
	CHECK_INT(utf8_encode(0xD800, buf), 3);
	CHECK(memcmp(buf, "\xEF\xBF\xBD", 3) == 0);
	CHECK_INT(utf8_encode(0x110000, buf), 3);
	CHECK(memcmp(buf, "\xEF\xBF\xBD", 3) == 0);
	/* Malformed input decodes to U+FFFD one byte at a time. */
	CHECK_INT(utf8_decode("\xE2\x82", 2, &got), 1);
	CHECK_INT(got, 0xFFFD);
	CHECK_INT(utf8_decode("\xED\xA0\x80", 3, &got), 1);
	CHECK_INT(got, 0xFFFD);
	CHECK_INT(utf8_decode("\xC3\xB1", 1, &got), 1);
	CHECK_INT(got, 0xFFFD);
	CHECK_INT(utf8_decode("\xF0\x9F\x98\xA1", 4, &got), 4);
	CHECK_INT(got, 0x1F621);
	/* Of all two-byte strings, exactly ASCII pairs and U+0080..07FF. */
	for (a = 0; a < 256; a++)
		for (b = 0; b < 256; b++) {
			buf[0] = (char)a;
			buf[1] = (char)b;
			valid2 += utf8_valid(buf, 2) == 2;
		}
	CHECK_INT(valid2, 128 * 128 + (0x800 - 0x80));
}

/* Fold s into a buffer of outsz bytes; returns the text. */
static const char *
fold(const char *s, size_t outsz, size_t *need)
{
	static char	out[256];

	memset(out, 'X', sizeof(out));
	*need = utf8_fold(s, strlen(s), out, outsz);
	return out;
}

static const char *
fold_all(const char *s)
{
	size_t	need;

	return fold(s, 256, &need);
}

static void
test_ncp(void)
{
	CHECK_INT(utf8_ncp("", 0), 0);
	CHECK_INT(utf8_ncp("abc", 3), 3);
	CHECK_INT(utf8_ncp("ñandú", strlen("ñandú")), 5);
	CHECK_INT(utf8_ncp("日本", strlen("日本")), 2);
	CHECK_INT(utf8_ncp("🖕x", strlen("🖕x")), 2);
	/* a cut sequence: its lead byte counts, the rest is not there */
	CHECK_INT(utf8_ncp("añ", 2), 2);
}

static void
test_fold(void)
{
	uint32_t	cp, f[2];
	char		in[4], out[16];
	size_t		need;
	int		n, k, j, grew = 0;

	/* Spanish, Portuguese, French, German, Polish, Czech, ... */
	CHECK_STR(fold_all("ÁRBOL"), "arbol");
	CHECK_STR(fold_all("Niño ÑANDÚ Pingüino"), "nino nandu pinguino");
	CHECK_STR(fold_all("AÇÃO não São Paulo"), "acao nao sao paulo");
	CHECK_STR(fold_all("Œuvre Français déjà"), "oeuvre francais deja");
	CHECK_STR(fold_all("straße STRASSE Größe"), "strasse strasse grosse");
	CHECK_STR(fold_all("Łódź Gdańsk ŻÓŁW"), "lodz gdansk zolw");
	CHECK_STR(fold_all("Řeřicha Šťastný Kőszeg Şişli"),
	    "rericha stastny koszeg sisli");
	CHECK_STR(fold_all("Việt Nam ĐÀ NẴNG Phở"), "viet nam da nang pho");
	CHECK_STR(fold_all("Ærø Þór Øl İstanbul"), "aero thor ol istanbul");
	CHECK_STR(fold_all("col·legi Ǆemal ﬁn ｈｏｌａ"),
	    "col·legi dzemal fin hola");
	/* Combining marks are dropped: NFD folds like NFC. */
	CHECK_STR(fold_all("Jose\xCC\x81"), "jose");
	CHECK_STR(fold_all("n\xCC\x83o\xCC\x88\xCC\x81"), "no");
	/* Typographic apostrophes. */
	CHECK_STR(fold_all("l’été d‘Artagnan donʼt"), "l'ete d'artagnan don't");
	/* Greek and Cyrillic. */
	CHECK_STR(fold_all("ПРИВЕТ Ёлка"), "привет ёлка");
	CHECK_STR(fold_all("ΆΘΗΝΑ ΟΔΟΣ οδός"), "αθηνα οδοσ οδοσ");
	/* Emoji and other scripts pass through. */
	CHECK_STR(fold_all("👩‍💻🇦🇷😡 ❤️ 中文 मराठी"),
	    "👩‍💻🇦🇷😡 ❤️ 中文 मराठी");
	/* A run of bad bytes becomes one U+FFFD. */
	CHECK_STR(fold_all("a\xFF" "b"), "a\xEF\xBF\xBD" "b");
	CHECK_STR(fold_all("\xFF\xFE\xC3"), "\xEF\xBF\xBD");
	CHECK_INT(utf8_fold("\xFF", 1, NULL, 0), 3);
	CHECK_INT(utf8_fold("\xFF" "a\xFF" "a\xFF", 5, NULL, 0), 2 * 5 + 1);

	/* Truncation: like snprintf, and never inside a sequence. */
	CHECK_STR(fold("añb😀", 5, &need), "anb");
	CHECK_INT(need, 7);
	CHECK_STR(fold("añb😀", 7, &need), "anb");
	CHECK_STR(fold("añb😀", 8, &need), "anb😀");
	CHECK_INT(need, 7);
	CHECK_STR(fold("añb😀", 1, &need), "");
	CHECK_INT(need, 7);
	CHECK_INT(utf8_fold("añb", 4, NULL, 0), 3);
	CHECK_STR(fold("ПРИВЕТ", 4, &need), "п");
	CHECK_INT(need, 12);
	CHECK_STR(fold("ß", 2, &need), "s");
	CHECK_INT(need, 2);
	/* Once something did not fit, nothing after it is written. */
	CHECK_STR(fold("😀a", 3, &need), "");
	CHECK_INT(need, 5);
	memset(out, 'X', sizeof(out));
	CHECK_INT(utf8_fold("AB", 2, out, 0), 2);
	CHECK_INT(out[0], 'X');
	/* ASCII, the short way: it fits with its NUL, or it is cut as
	 * any text is; an ASCII start then another byte is folded whole. */
	CHECK_STR(fold("HeLLo", 6, &need), "hello");
	CHECK_INT(need, 5);
	CHECK_STR(fold("HeLLo", 5, &need), "hell");
	CHECK_INT(need, 5);
	CHECK_STR(fold("", 1, &need), "");
	CHECK_INT(need, 0);
	CHECK_STR(fold("ABCDEFÉ", 9, &need), "abcdefe");
	CHECK_STR(fold("ABCDEFÉ", 7, &need), "abcdef");
	CHECK_INT(need, 7);

	/* Single code points. */
	CHECK_INT(utf8_fold_cp(0x301, f), 0);
	CHECK_INT(utf8_fold_cp('Q', f), 1);
	CHECK_INT(f[0], 'q');
	CHECK_INT(utf8_fold_cp(0xDF, f), 2);
	CHECK(f[0] == 's' && f[1] == 's');
	CHECK_INT(utf8_fold_cp(0xFE, f), 2);
	CHECK(f[0] == 't' && f[1] == 'h');
	CHECK_INT(utf8_fold_cp(0x111, f), 1);
	CHECK_INT(f[0], 'd');
	CHECK_INT(utf8_fold_cp(0x1F600, f), 1);
	CHECK_INT(f[0], 0x1F600);
	CHECK_INT(utf8_fold_cp(0x416, f), 1);
	CHECK_INT(f[0], 0x436);

	/* No code point folds to more bytes than it had (the size bound). */
	for (cp = 0; cp <= 0x10FFFF; cp++) {
		if (cp == 0xD800)
			cp = 0xE000;
		n = utf8_encode(cp, in);
		k = utf8_fold_cp(cp, f);
		for (j = 0; j < k; j++)
			n -= utf8_encode(f[j], out);
		grew += n < 0;
	}
	CHECK_INT(grew, 0);
}

static void
test_classes(void)
{
	CHECK(utf8_is_letter('a') && utf8_is_letter('Z'));
	CHECK(utf8_is_letter(0xF1) && utf8_is_letter(0x142));
	CHECK(utf8_is_letter(0x416) && utf8_is_letter(0x3B1));
	CHECK(utf8_is_letter(0x627) && utf8_is_letter(0x4E2D));
	CHECK(utf8_is_letter(0x928) && utf8_is_letter(0xAC00));
	CHECK(!utf8_is_letter('1') && !utf8_is_letter('!'));
	CHECK(!utf8_is_letter(0x966) && !utf8_is_letter(0x1F600));
	CHECK(!utf8_is_letter(0xA0) && !utf8_is_letter(0x301));
	CHECK(utf8_is_emoji(0x1F600) && utf8_is_emoji(0x2764));
	CHECK(utf8_is_emoji(0x1F1E6) && utf8_is_emoji(0x1FAE0));
	CHECK(utf8_is_emoji(0x2B50) && utf8_is_emoji(0x1F004));
	CHECK(!utf8_is_emoji('a') && !utf8_is_emoji(0xA9));
	CHECK(!utf8_is_emoji(0x200D) && !utf8_is_emoji(0xFE0F));
}

/* ---- tokens ---------------------------------------------------------- */

struct want {
	enum tok_kind	 kind;
	const char	*text;
};

#define MAXTOK	64

struct got {
	const char	*text;
	int		 n;
	struct token	 tok[MAXTOK];
	int		 stop_after;	/* return 7 after this many, if > 0 */
};

static int
collect(const struct token *t, void *arg)
{
	struct got	*g = arg;

	if (g->n < MAXTOK)
		g->tok[g->n] = *t;
	g->n++;
	return g->stop_after > 0 && g->n == g->stop_after ? 7 : 0;
}

static const char *
kind_name(enum tok_kind k)
{
	static const char *const names[] = { "WORD", "NUMBER", "HASHTAG",
	    "MENTION", "URL", "EMAIL", "EMOJI", "PUNCT" };

	return (unsigned)k < 8 ? names[k] : "?";
}

static void
expect_tokens(const char *text, const struct want *w, int nw)
{
	struct got	g;
	char		buf[256];
	size_t		k;
	int		i, before = check_failures;

	memset(&g, 0, sizeof(g));
	CHECK_INT(utf8_tokens(text, strlen(text), collect, &g), 0);
	CHECK_INT(g.n, nw);
	for (i = 0; i < nw && i < g.n && i < MAXTOK; i++) {
		CHECK_STR(kind_name(g.tok[i].kind), kind_name(w[i].kind));
		CHECK(g.tok[i].off + g.tok[i].len <= strlen(text));
		snprintf(buf, sizeof(buf), "%.*s", (int)g.tok[i].len,
		    text + g.tok[i].off);
		CHECK_STR(buf, w[i].text);
		/* A token said to be ASCII is. */
		if (g.tok[i].ascii)
			for (k = 0; k < g.tok[i].len; k++)
				CHECK((unsigned char)text[g.tok[i].off + k] <
				    0x80);
	}
	if (check_failures != before)
		fprintf(stderr, "  ... while tokenizing \"%s\"\n", text);
}

/* Runs of ASCII letters and digits are marked ASCII; a word with a
 * letter past ASCII is not. */
static void
test_ascii_flag(void)
{
	struct got	g;
	const char	*text = "hola \xc3\x91" "and\xc3\xba 42 ok!";

	memset(&g, 0, sizeof(g));
	CHECK_INT(utf8_tokens(text, strlen(text), collect, &g), 0);
	CHECK_INT(g.n, 5);
	CHECK_INT(g.tok[0].ascii, 1);	/* hola */
	CHECK_INT(g.tok[1].ascii, 0);	/* Ñandú */
	CHECK_INT(g.tok[2].ascii, 1);	/* 42 */
	CHECK_INT(g.tok[3].ascii, 1);	/* ok */
}

#define EXPECT(text, ...) do { \
	static const struct want w_[] = { __VA_ARGS__ }; \
	expect_tokens((text), w_, (int)(sizeof(w_) / sizeof(w_[0]))); \
} while (0)

#define W(s)	{ TOK_WORD, (s) }
#define N(s)	{ TOK_NUMBER, (s) }
#define H(s)	{ TOK_HASHTAG, (s) }
#define M(s)	{ TOK_MENTION, (s) }
#define U(s)	{ TOK_URL, (s) }
#define E(s)	{ TOK_EMAIL, (s) }
#define J(s)	{ TOK_EMOJI, (s) }
#define P(s)	{ TOK_PUNCT, (s) }

static void
test_tokens_social(void)
{
	EXPECT("@MarcaAyuda no me funciona el #internet 😡😡 desde ayer!!! "
	    "https://t.co/x1 ¿me ayudan?",
	    M("@MarcaAyuda"), W("no"), W("me"), W("funciona"), W("el"),
	    H("#internet"), J("😡"), J("😡"), W("desde"), W("ayer"),
	    P("!"), P("!"), P("!"), U("https://t.co/x1"), P("¿"), W("me"),
	    W("ayudan"), P("?"));
	EXPECT("mi hija 👩‍💻 está en 🇦🇷 y te mando 👍🏽❤️…",
	    W("mi"), W("hija"), J("👩‍💻"), W("está"), W("en"), J("🇦🇷"),
	    W("y"), W("te"), W("mando"), J("👍🏽"), J("❤️"), P("…"));
	EXPECT("🏳️‍🌈 🧑🏽‍🤝‍🧑🏻 1️⃣ #️⃣ ©️ © 🇪🇸🇲🇽 🏴󠁧󠁢󠁳󠁣󠁴󠁿",
	    J("🏳️‍🌈"), J("🧑🏽‍🤝‍🧑🏻"), J("1️⃣"), J("#️⃣"), J("©️"), P("©"),
	    J("🇪🇸"), J("🇲🇽"), J("🏴󠁧󠁢󠁳󠁣󠁴󠁿"));
	EXPECT("I don't like the e-mail from soporte@empresa.com.ar, it "
	    "costs $1.500,50 at 10:30 on 22/11.",
	    W("I"), W("don't"), W("like"), W("the"), W("e-mail"), W("from"),
	    E("soporte@empresa.com.ar"), P(","), W("it"), W("costs"), P("$"),
	    N("1.500,50"), W("at"), N("10:30"), W("on"), N("22/11"), P("."));
	EXPECT("¡Hola! l’été, p.ej. EE.UU. col·legi covid-19 10-15 50%",
	    P("¡"), W("Hola"), P("!"), W("l’été"), P(","), W("p.ej"), P("."),
	    W("EE.UU"), P("."), W("col·legi"), W("covid-19"), N("10"), P("-"),
	    N("15"), N("50"), P("%"));
	EXPECT("escribí a juan.perez+promo@gmail.com o @juan.perez. gracias",
	    W("escribí"), W("a"), E("juan.perez+promo@gmail.com"), W("o"),
	    M("@juan.perez"), P("."), W("gracias"));
	EXPECT("mirá (www.ejemplo.com/a_(b)), y HTTP://x.co/p?q=1. listo",
	    W("mirá"), P("("), U("www.ejemplo.com/a_(b)"), P(")"), P(","),
	    W("y"), U("HTTP://x.co/p?q=1"), P("."), W("listo"));
	EXPECT("\"https://ej.com/x\" http:// www",
	    P("\""), U("https://ej.com/x"), P("\""), W("http"), P(":"),
	    P("/"), P("/"), W("www"));
	EXPECT("#Niño2024_ok! # no @ hola #1 @.x",
	    H("#Niño2024_ok"), P("!"), P("#"), W("no"), P("@"), W("hola"),
	    H("#1"), P("@"), P("."), W("x"));
	/* Not addresses: one label, a one-letter or numeric last label. */
	EXPECT("a@b x@y.c juan@localhost u@h.c0m info@mi-empresa.com",
	    W("a"), M("@b"), W("x"), M("@y.c"), W("juan"), M("@localhost"),
	    W("u"), M("@h.c0m"), E("info@mi-empresa.com"));
	EXPECT("<https://x.com/a> 🇦x",
	    P("<"), U("https://x.com/a"), P(">"), J("🇦"), W("x"));
}

static void
test_tokens_edges(void)
{
	struct got	g;
	char		*big;
	size_t		i, n = 200000;

	/* Every kind of space separates; none is a token. */
	EXPECT("a\xC2\xA0" "b\xE3\x80\x80" "c\xE2\x80\x83" "d\t\r\n\f\v" "e"
	    "\xE2\x80\x80" "f\xE2\x80\xAF" "g\xE2\x80\x8B" "h",
	    W("a"), W("b"), W("c"), W("d"), W("e"), W("f"), W("g"), W("h"));
	memset(&g, 0, sizeof(g));
	CHECK_INT(utf8_tokens(" \t\xC2\xA0 ", 5, collect, &g), 0);
	CHECK_INT(g.n, 0);
	CHECK_INT(utf8_tokens("", 0, collect, &g), 0);
	CHECK_INT(g.n, 0);
	/* Combining marks stay in the word (NFD text). */
	EXPECT("Jose\xCC\x81 n\xCC\x83 \xCC\x81",
	    W("Jose\xCC\x81"), W("n\xCC\x83"), P("\xCC\x81"));
	/* Other scripts. */
	EXPECT("Привет, мир! 你好 مرحبا नमस्ते ١٢٣",
	    W("Привет"), P(","), W("мир"), P("!"), W("你好"), W("مرحبا"),
	    W("नमस्ते"), N("١٢٣"));
	/* A bad byte is a one-byte token of its own. */
	EXPECT("ok\xFF!", W("ok"), P("\xFF"), P("!"));
	EXPECT("v1.2 3.5GB 90's 1.500, 24/7 x1,5", W("v1.2"), W("3.5GB"),
	    W("90's"), N("1.500"), P(","), N("24/7"), W("x1"), P(","), N("5"));
	/* The callback can stop the walk; its value comes back. */
	memset(&g, 0, sizeof(g));
	g.stop_after = 2;
	CHECK_INT(utf8_tokens("uno dos tres", 12, collect, &g), 7);
	CHECK_INT(g.n, 2);
	/* Tokens lie within the given length, not up to a NUL. */
	EXPECT("ab", W("ab"));
	memset(&g, 0, sizeof(g));
	CHECK_INT(utf8_tokens("abc def", 2, collect, &g), 0);
	CHECK_INT(g.n, 1);
	CHECK_INT(g.tok[0].len, 2);
	/* Many failed address starts in a row stay linear: "a+a+a+...". */
	if ((big = malloc(n)) == NULL)
		abort();
	for (i = 0; i < n; i++)
		big[i] = i % 2 ? '+' : 'a';
	/* (No clock here: a quadratic scan would make this run for hours.) */
	memset(&g, 0, sizeof(g));
	CHECK_INT(utf8_tokens(big, n, collect, &g), 0);
	CHECK_INT(g.n, n);
	free(big);
}

int
main(void)
{
	test_valid();
	test_roundtrip();
	test_ncp();
	test_fold();
	test_classes();
	test_tokens_social();
	test_tokens_edges();
	test_ascii_flag();
	return CHECK_DONE();
}
