/* test_ere.c - unit tests for lib/ere.c, against glibc's regexec */
#include <regex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "ere.h"

/* 1 match, 0 none, -1 not compiled. */
static int
m(const char *re, const char *text)
{
	struct ere *e = ere_compile(re, 1);
	int rc;

	if (e == NULL)
		return -1;
	rc = ere_match(e, text, strlen(text));
	ere_free(e);
	return rc;
}

static void
test_table(void)
{
	/* plain */
	CHECK_INT(m("abc", "xxabcxx"), 1);
	CHECK_INT(m("abc", "xxabxcx"), 0);
	CHECK_INT(m("ABC", "xabcx"), 1);	/* icase */
	CHECK_INT(m("a|b", "xxb"), 1);
	CHECK_INT(m("a|b", "xxc"), 0);
	CHECK_INT(m("", "anything"), 1);
	CHECK_INT(m("", ""), 1);
	CHECK_INT(m("x*", ""), 1);
	/* anchors */
	CHECK_INT(m("^ab", "abc"), 1);
	CHECK_INT(m("^ab", "cab"), 0);
	CHECK_INT(m("ab$", "cab"), 1);
	CHECK_INT(m("ab$", "abc"), 0);
	CHECK_INT(m("^$", ""), 1);
	CHECK_INT(m("^$", "a"), 0);
	CHECK_INT(m("$^", ""), 1);
	CHECK_INT(m("$^", "a"), 0);
	CHECK_INT(m("(^|[^0-9])[0-9]{3}([^0-9]|$)", "123"), 1);
	CHECK_INT(m("(^|[^0-9])[0-9]{3}([^0-9]|$)", "a1234"), 0);
	CHECK_INT(m("(^|[^0-9])[0-9]{3}([^0-9]|$)", "a1234 567"), 1);
	CHECK_INT(m("a^b", "a^b"), 0);
	CHECK_INT(m("a\\^b", "a^b"), 1);
	/* counts */
	CHECK_INT(m("a{3}", "aa"), 0);
	CHECK_INT(m("a{3}", "baaab"), 1);
	CHECK_INT(m("^a{2,3}$", "aaaa"), 0);
	CHECK_INT(m("^a{2,3}$", "aaa"), 1);
	CHECK_INT(m("^a{2,}$", "aaaaaaa"), 1);
	CHECK_INT(m("^(ab){0,2}c", "ababc"), 1);
	CHECK_INT(m("^(ab){0,2}c", "abababc"), 0);
	/* brackets */
	CHECK_INT(m("[]x]", "a]"), 1);
	CHECK_INT(m("[^]x]", "]]x"), 0);
	CHECK_INT(m("[a-]", "-"), 1);
	CHECK_INT(m("[%+-]", "a-b"), 1);
	CHECK_INT(m("[[:digit:]]+", "abc"), 0);
	CHECK_INT(m("[[:digit:]]+", "ab7"), 1);
	CHECK_INT(m("[[:upper:]]", "abc"), 1);	/* icase: any letter */
	CHECK_INT(m("[A-C]", "xbx"), 1);
	CHECK_INT(m("[^a-z]", "abc"), 0);
	CHECK_INT(m("[^a-z]", "ABC"), 0);	/* icase */
	CHECK_INT(m("[^a-z]", "ab1"), 1);
	/* UTF-8: whole characters */
	CHECK_INT(m("a.b", "aéb"), 1);
	CHECK_INT(m("a..b", "aéb"), 0);
	CHECK_INT(m("a[^0-9]b", "aéb"), 1);
	CHECK_INT(m("[?¿]", "¡hola!"), 0);
	CHECK_INT(m("[?¿]", "¿qué?"), 1);
	CHECK_INT(m("[¿]", "hola?"), 0);
	CHECK_INT(m("[ñ]", "año"), 1);
	CHECK_INT(m("ñ+", "añño"), 1);
	CHECK_INT(m("^.$", "€"), 1);
	CHECK_INT(m("^.$", "😀"), 1);
	CHECK_INT(m("^..$", "😀"), 0);
	CHECK_INT(m("pedido #?[0-9]{6,}", "Mi PEDIDO #1234567 no llegó"), 1);
	/* escapes */
	CHECK_INT(m("a\\.b", "axb"), 0);
	CHECK_INT(m("a\\.b", "a.b"), 1);
	CHECK_INT(m("\\(x\\)", "(x)"), 1);
	/* what is left to regexec */
	CHECK_INT(m("\\w+", "x"), -1);
	CHECK_INT(m("(a)\\1", "aa"), -1);
	CHECK_INT(m("[[=a=]]", "a"), -1);
	CHECK_INT(m("[^é]", "a"), -1);
	CHECK_INT(m("[á-é]", "a"), -1);
	CHECK_INT(m("a{1000}", "a"), -1);
	CHECK_INT(m("((a{255}){255}){255}", "a"), -1);
}

static uint64_t rng = 88172645463325252ull;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* A random pattern over a small alphabet, into buf. */
static void
gen_re(char *buf, size_t cap, int depth)
{
	static const char *atoms[] = { "a", "b", "A", ".", "[ab]", "[^a]",
	    "[0-9]", "1", " ", "-", "[a-c-]", "^", "$", "\\.", "[[:alpha:]]" };
	size_t len = strlen(buf);
	int i, n = 1 + (int)rnd(3);
	char sub[256];

	for (i = 0; i < n && len + 40 < cap; i++) {
		if (depth < 2 && rnd(4) == 0) {
			sub[0] = '\0';
			gen_re(sub, sizeof(sub) - 40, depth + 1);
			if (rnd(3) == 0) {
				strcat(sub, "|");
				gen_re(sub, sizeof(sub) - 40, depth + 1);
			}
			len += (size_t)snprintf(buf + len, cap - len, "(%s)",
			    sub);
		} else
			len += (size_t)snprintf(buf + len, cap - len, "%s",
			    atoms[rnd(sizeof(atoms) / sizeof(atoms[0]))]);
		switch (rnd(8)) {
		case 0: strcat(buf, "*"); break;
		case 1: strcat(buf, "+"); break;
		case 2: strcat(buf, "?"); break;
		case 3: len = strlen(buf); snprintf(buf + len, cap - len,
		    "{%u,%u}", rnd(2), 2 + rnd(2)); break;
		case 4: len = strlen(buf); snprintf(buf + len, cap - len,
		    "{%u}", 1 + rnd(2)); break;
		default: break;
		}
		len = strlen(buf);
	}
}

static void
gen_text(char *buf, size_t n)
{
	static const char alpha[] = "aabAB1. -x9";
	size_t i;

	for (i = 0; i < n; i++)
		buf[i] = alpha[rnd(sizeof(alpha) - 1)];
	buf[n] = '\0';
}

/* On ASCII text, the same answers as regexec in the C locale. */
static void
test_against_glibc(void)
{
	char re[512], text[64];
	regex_t rx;
	struct ere *e;
	int i, k, compiled = 0, bad = 0, want, got;

	for (i = 0; i < 3000; i++) {
		re[0] = '\0';
		gen_re(re, sizeof(re), 0);
		if (regcomp(&rx, re, REG_EXTENDED | REG_ICASE | REG_NOSUB))
			continue;
		if ((e = ere_compile(re, 1)) == NULL) {
			regfree(&rx);
			continue;
		}
		compiled++;
		for (k = 0; k < 40; k++) {
			gen_text(text, rnd(12));
			want = regexec(&rx, text, 0, NULL, 0) == 0;
			got = ere_match(e, text, strlen(text));
			if (want != got && bad++ < 10)
				fprintf(stderr, "/%s/ on \"%s\": %d, regexec "
				    "%d\n", re, text, got, want);
		}
		ere_free(e);
		regfree(&rx);
	}
	CHECK_INT(bad, 0);
	CHECK(compiled > 2000);
}

/* More DFA states than it keeps: it starts afresh, and stays right. */
static void
test_many_states(void)
{
	const char *re = "(a|b)*a(a|b){11}c";
	char text[4096];
	regex_t rx;
	struct ere *e = ere_compile(re, 0);
	int k, bad = 0;
	size_t i, n;

	CHECK(e != NULL);
	if (e == NULL || regcomp(&rx, re, REG_EXTENDED | REG_NOSUB))
		return;
	for (k = 0; k < 30; k++) {
		n = 1000 + rnd(3000);
		for (i = 0; i < n; i++)
			text[i] = "abc"[rnd(k % 2 ? 2 : 3)];
		text[n] = '\0';
		if ((regexec(&rx, text, 0, NULL, 0) == 0) !=
		    ere_match(e, text, n))
			bad++;
	}
	CHECK_INT(bad, 0);
	regfree(&rx);
	ere_free(e);
}

int
main(void)
{
	test_table();
	test_against_glibc();
	test_many_states();
	return CHECK_DONE();
}
