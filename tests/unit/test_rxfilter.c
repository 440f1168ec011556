/* test_rxfilter.c - unit tests for lib/rxfilter.c */
#include <locale.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "rxfilter.h"

/* 1 pass, 0 cannot match, -1 no filter at all. */
static int
pass(const char *re, const char *text)
{
	struct rxfilter *f = rxfilter_new(re, 1);
	int rc;

	if (f == NULL)
		return -1;
	rc = rxfilter_pass(f, text, strlen(text));
	rxfilter_free(f);
	return rc;
}

static void
test_needs(void)
{
	const char *phone = "(^|[^0-9])[0-9]{2}[.]?[0-9]{3}[.]?[0-9]{3}"
	    "([^0-9]|$)";
	const char *links = "(https?://[^ ]+[ ].*){3,}";
	const char *email = "[a-z0-9._%+-]+@[a-z0-9.-]+[.][a-z]{2,}";
	const char *card = "(^|[^0-9])([0-9][ -]?){13,16}([^0-9]|$)";

	/* Patterns that need nothing the filter knows. */
	CHECK_INT(pass("a|b", "x"), -1);
	CHECK_INT(pass(".*", "x"), -1);
	CHECK_INT(pass("[^0-9]", "x"), -1);
	CHECK_INT(pass("(a|b)c?", "x"), -1);
	CHECK_INT(pass("x*", "y"), -1);
	CHECK_INT(pass("\\w+", "y"), -1);
	CHECK_INT(pass("[[:punct:]]", "y"), -1);
	CHECK_INT(pass("ñ", "y"), -1);
	/* Digits counted. */
	CHECK_INT(pass(phone, "hola, tengo un problema"), 0);
	CHECK_INT(pass(phone, "son 1234567 pesos"), 0);
	CHECK_INT(pass(phone, "dni 12.345.678"), 1);
	CHECK_INT(pass(card, "4111 1111 1111"), 0);
	CHECK_INT(pass(card, "4111 1111 1111 1111"), 1);
	CHECK_INT(pass("[0-9]{3}-[0-9]{4}", "555-123"), 0);
	CHECK_INT(pass("[0-9]{3}-[0-9]{4}", "5551234"), 0);
	CHECK_INT(pass("[0-9]{3}-[0-9]{4}", "555-1234"), 1);
	CHECK_INT(pass("[[:digit:]]{2}", "a1"), 0);
	CHECK_INT(pass("[[:digit:]]{2}", "a12"), 1);
	/* A run of byte values is counted 16 bytes at a time, then the
	 * rest: the count carries across blocks and into the rest. */
	CHECK_INT(pass(card, "4 a 1 b 1 c 1 d 4 e 1 f 1 g 1 h 4 i 1 j 1 k 1 l 4"), 1);
	CHECK_INT(pass(card, "4 a 1 b 1 c 1 d 4 e 1 f 1 g 1 h 4 i 1 j 1 k 1 l x"), 0);
	CHECK_INT(pass(card, "abcdefghijklmnopqrstuvwxyzabcdef4111111111111"), 1);
	CHECK_INT(pass(card, "abcdefghijklmnopqrstuvwxyzabcdef411111111111"), 0);
	CHECK_INT(pass(card, "4111111111111abcdefghijklmnopqrstuvwxyzabcdef"), 1);
	CHECK_INT(pass("[!-#]{3}", "a!b\"c#d"), 1);
	CHECK_INT(pass("[!-#]{3}", "a!b$c#d ,0123456789abcdefghij"), 0);
	/* Literals, whatever the case. */
	CHECK_INT(pass(links, "el servicio no anda"), 0);
	CHECK_INT(pass(links, "HTTP://a http://b https://c d"), 1);
	CHECK_INT(pass(links, "http:/x"), 0);
	CHECK_INT(pass(email, "@marca hola"), 0);
	CHECK_INT(pass(email, "@marca ana.b"), 1);
	CHECK_INT(pass("pedido #?[0-9]{6,}", "PEDIDO 1234567"), 1);
	CHECK_INT(pass("pedido #?[0-9]{6,}", "pedido 12345"), 0);
	CHECK_INT(pass("pedido #?[0-9]{6,}", "pedi 1234567"), 0);
	CHECK_INT(pass("[?¿]", "hola"), 0);
	CHECK_INT(pass("[?¿]", "¿hola"), 1);
	CHECK_INT(pass("[?¿]", "hola?"), 1);
	CHECK_INT(pass("a\\.b", "a.b"), 1);
	CHECK_INT(pass("a\\.b", "ab"), 0);
	CHECK_INT(pass("ab+c", "abbbc"), 1);
	CHECK_INT(pass("ab+c", "bc"), 0);
	CHECK_INT(pass("ab?c", "ac"), 1);
	CHECK_INT(pass("(ab){2}", "ab"), 1);
	CHECK_INT(pass("(a[0-9]){3}", "a1a2"), 0);
	/* Literals found by a byte of no case, or by either case of the
	 * first letter: at either end, overlapping, longer than the text. */
	CHECK_INT(pass("x\\.yz", "aX.YZ"), 1);
	CHECK_INT(pass("x\\.yz", "X.YZ"), 1);
	CHECK_INT(pass("x\\.yz", ".YZx.y"), 0);
	CHECK_INT(pass("x\\.yz", "x.y"), 0);
	CHECK_INT(pass("x\\.yz", ".yz"), 0);
	CHECK_INT(pass("abc", "aabAbABC"), 1);
	CHECK_INT(pass("abc", "AbAbC"), 1);
	CHECK_INT(pass("abc", "aAbBcC"), 0);
	CHECK_INT(pass("abc", "ab"), 0);
	CHECK_INT(pass("http.*://", "HTTP://"), 1);
	CHECK_INT(pass("http.*://", "://htp"), 0);
	CHECK_INT(pass("http.*://", "http:/"), 0);
	/* Case counts when the pattern says so. */
	{
		struct rxfilter *f = rxfilter_new("Baja", 0);

		CHECK(f != NULL);
		CHECK_INT(rxfilter_pass(f, "baja", 4), 0);
		CHECK_INT(rxfilter_pass(f, "la Baja", 7), 1);
		rxfilter_free(f);
	}
	/* Patterns it does not follow, and bad ones, have no filter. */
	CHECK(rxfilter_new("a**", 1) == NULL);
	CHECK(rxfilter_new("a{2", 1) == NULL);
	CHECK(rxfilter_new("(ab", 1) == NULL);
	CHECK(rxfilter_new("ab)", 1) == NULL);
	CHECK(rxfilter_new("[ab", 1) == NULL);
	CHECK(rxfilter_new("ab\\", 1) == NULL);
	CHECK(rxfilter_new("*a", 1) == NULL);
}

static void
append(char *buf, size_t size, const char *s)
{
	size_t n = strlen(buf);

	snprintf(buf + n, size - n, "%s", s);
}

static void
random_pattern(char *re, size_t size, int depth)
{
	static const char *const atoms[] = {
		"a", "b", "c", "A", "B", ".", "@", "-", "ñ", "\\.", "\\w",
		"\\b", "[0-9]", "[ab]", "[^a]", "[.]", "[a-c]", "[A]",
		"[[:digit:]]", "[[:alpha:]]", "[ñ]", "[?¿]", "[]a]", "[a-]",
		"^", "$", "0", "1", "?",
	};
	static const char *const quants[] = {
		"", "", "", "", "*", "+", "?", "{2}", "{1,3}", "{0,2}", "{2,}",
	};
	int n = 1 + rand() % 5, i, k;

	for (i = 0; i < n; i++) {
		k = rand() % 32;
		if (k >= 29 && depth < 2) {
			append(re, size, "(");
			random_pattern(re, size, depth + 1);
			if (rand() % 3 == 0) {
				append(re, size, "|");
				random_pattern(re, size, depth + 1);
			}
			append(re, size, ")");
		} else
			append(re, size, atoms[k % 29 == 28 ? 0 : k % 28]);
		append(re, size, quants[rand() % 11]);
	}
}

/*
 * Whenever regexec finds a match, the filter lets the text through: in
 * the C locale the tools run in, and in a UTF-8 one, where a bracket or
 * a class holds characters rather than bytes.
 */
static void
test_random(unsigned seed)
{
	static const char *const chars[] = {
		"a", "A", "b", "B", "c", "0", "1", "2", ".", "@", "-", " ",
		"ñ", "Ñ", "?", "¿", "x", "é", "É",
	};
	char re[512], text[128];
	regex_t rx;
	struct rxfilter *f;
	int i, j, icase, matched = 0, rejected = 0, bad = 0, n;

	srand(seed);
	for (i = 0; i < 3000; i++) {
		re[0] = '\0';
		random_pattern(re, sizeof(re), 0);
		icase = rand() % 2;
		if (regcomp(&rx, re, REG_EXTENDED | REG_NOSUB |
		    (icase ? REG_ICASE : 0)) != 0)
			continue;
		f = rxfilter_new(re, icase);
		for (j = 0; j < 50; j++) {
			text[0] = '\0';
			for (n = rand() % 20; n > 0; n--)
				append(text, sizeof(text), chars[rand() % 19]);
			if (regexec(&rx, text, 0, NULL, 0) == 0) {
				matched++;
				if (f != NULL && !rxfilter_pass(f, text,
				    strlen(text)) && bad++ < 3)
					fprintf(stderr, "filter refused a "
					    "match: /%s/ \"%s\"\n", re, text);
			} else if (f != NULL && !rxfilter_pass(f, text,
			    strlen(text)))
				rejected++;
		}
		rxfilter_free(f);
		regfree(&rx);
	}
	CHECK_INT(bad, 0);
	/* Neither side was vacuous. */
	CHECK(matched > 10000);
	CHECK(rejected > 10000);
}

int
main(void)
{
	test_needs();
	test_random(99);
	if (setlocale(LC_ALL, "C.UTF-8") != NULL)
		test_random(100);
	else
		fprintf(stderr, "test_rxfilter: no C.UTF-8 locale, skipped\n");
	return CHECK_DONE();
}
