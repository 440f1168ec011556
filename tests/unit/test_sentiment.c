/* test_sentiment.c - unit tests for lib/sentiment.c */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "sentiment.h"
#include "lexicon_impl.h"	/* the filter, to see that it filters */
#include "check.h"

static char	tmpdir[] = "/tmp/scs-sentiment-XXXXXX";

/* Score of a C string. */
static double
S(const struct lexicon *lx, const char *text)
{
	return sentiment_score(lx, text, strlen(text), NULL);
}

/* What sentiment_score gives for a raw sum s. */
static double
squash(double s)
{
	return s / sqrt(s * s + 15);
}

static int
near(double a, double b)
{
	return fabs(a - b) < 1e-9;
}

/* Write text to a file in tmpdir; returns its path (static buffer). */
static const char *
write_file(const char *name, const char *text)
{
	static char	path[256];
	FILE		*f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	if ((f = fopen(path, "w")) == NULL) {
		perror(path);
		exit(1);
	}
	fputs(text, f);
	fclose(f);
	return path;
}

static double
get(const struct lexicon *lx, const char *folded, int *found)
{
	return lexicon_get(lx, folded, strlen(folded), found);
}

static void
test_load(void)
{
	struct lexicon	*lx = lexicon_new();
	const char	*path;
	char		 err[256], want[300];
	int		 found;

	CHECK(lx != NULL);
	path = write_file("a.tsv",
	    "\xEF\xBB\xBF# a comment\n"
	    "bueno\t3\n"
	    "\n"
	    "   # an indented comment\n"
	    "malo\t-3\t# a comment after the score\n"
	    "No me gusta:\t-2\n"
	    "windows\t-1.5\r\n"
	    "con espacios   \t +2\n"
	    "última\t1");
	CHECK_INT(lexicon_load(lx, path, err, sizeof(err)), 0);
	CHECK_INT(lexicon_size(lx), 6);
	CHECK(near(get(lx, "bueno", &found), 3) && found);
	CHECK(near(get(lx, "malo", &found), -3) && found);
	CHECK(near(get(lx, "windows", &found), -1.5) && found);
	CHECK(near(get(lx, "con espacios", &found), 2) && found);
	CHECK(near(get(lx, "ultima", &found), 1) && found);
	/* The sentence mark after the words is no part of the phrase. */
	CHECK(near(get(lx, "no me gusta", &found), -2) && found);
	/* A phrase's first words are no entry of their own. */
	CHECK(get(lx, "no me", &found) == 0 && !found);
	CHECK(get(lx, "nada", &found) == 0 && !found);
	get(lx, "bueno", NULL);		/* found may be NULL */
	/* lexicon_find tells an entry from the start of a longer one. */
	{
		double sc = 0;

		CHECK_INT(lexicon_find(lx, "no", 2, &sc), LEX_PREFIX);
		CHECK_INT(lexicon_find(lx, "no me", 5, NULL), LEX_PREFIX);
		CHECK_INT(lexicon_find(lx, "no me gusta", 11, &sc), LEX_ENTRY);
		CHECK(near(sc, -2));
		CHECK_INT(lexicon_find(lx, "no me gusta nada", 16, NULL), 0);
		CHECK_INT(lexicon_find(lx, "con", 3, NULL), LEX_PREFIX);
		CHECK_INT(lexicon_find(lx, "nada", 4, NULL), 0);
	}
	{
		struct lexicon *two = lexicon_new();
		double sc = 0;

		lexicon_add(two, "por", 0.5);
		lexicon_add(two, "por favor", 1);
		CHECK_INT(lexicon_find(two, "por", 3, &sc),
		    LEX_ENTRY | LEX_PREFIX);
		CHECK(near(sc, 0.5));
		CHECK_INT(lexicon_find(two, "por favor", 9, &sc), LEX_ENTRY);
		CHECK(near(sc, 1));
		lexicon_free(two);
	}

	/* A later file overrides; new words add up. */
	path = write_file("b.tsv", "bueno\t1\nnuevo\t2\n");
	CHECK_INT(lexicon_load(lx, path, err, sizeof(err)), 0);
	CHECK(near(get(lx, "bueno", &found), 1) && found);
	CHECK_INT(lexicon_size(lx), 7);
	/* So does lexicon_add, folded. */
	lexicon_add(lx, "BUENO", 2.5);
	CHECK(near(get(lx, "bueno", &found), 2.5) && found);
	CHECK_INT(lexicon_size(lx), 7);

	/* Bad lines: "file:line: message", and the load fails. */
	path = write_file("c.tsv", "ok\t1\n# fine\nbueno 3\n");
	CHECK_INT(lexicon_load(lx, path, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s:3: ", path);
	CHECK(strncmp(err, want, strlen(want)) == 0);
	CHECK(strstr(err, "tab") != NULL);

	path = write_file("d.tsv", "bien\tmucho\n");
	CHECK_INT(lexicon_load(lx, path, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s:1: bad score", path);
	CHECK(strncmp(err, want, strlen(want)) == 0);

	path = write_file("e.tsv", "\n\nbien\t7\n");
	CHECK_INT(lexicon_load(lx, path, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s:3: score 7 out of range", path);
	CHECK(strncmp(err, want, strlen(want)) == 0);

	path = write_file("f.tsv", "\t2\n");
	CHECK_INT(lexicon_load(lx, path, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s:1: empty word", path);
	CHECK(strncmp(err, want, strlen(want)) == 0);

	path = write_file("g.tsv", "bien\t2 3\n");
	CHECK_INT(lexicon_load(lx, path, err, sizeof(err)), -1);
	CHECK(strstr(err, ":1: bad score") != NULL);

	path = write_file("h.tsv", "x\t1\nbi\xFF" "en\t2\n");
	CHECK_INT(lexicon_load(lx, path, err, sizeof(err)), -1);
	CHECK(strstr(err, ":2: invalid UTF-8") != NULL);

	path = write_file("i.tsv", "bien\tnan\n");
	CHECK_INT(lexicon_load(lx, path, err, sizeof(err)), -1);
	CHECK(strstr(err, ":1: score") != NULL);

	/* A missing file names itself; err may be NULL. */
	snprintf(want, sizeof(want), "%s/none.tsv", tmpdir);
	CHECK_INT(lexicon_load(lx, want, err, sizeof(err)), -1);
	CHECK(strncmp(err, want, strlen(want)) == 0);
	CHECK_INT(lexicon_load(lx, want, NULL, 0), -1);
	lexicon_free(lx);
	lexicon_free(NULL);
}

/* Many entries: the table grows and keeps every one. */
static void
test_table(void)
{
	struct lexicon	*lx = lexicon_new();
	char		 w[32];
	int		 i, found, bad = 0, maybe;

	for (i = 0; i < 20000; i++) {
		snprintf(w, sizeof(w), "w%d", i);
		lexicon_add(lx, w, (i % 11) - 5);
	}
	CHECK_INT(lexicon_size(lx), 20000);
	for (i = 0; i < 20000; i++) {
		snprintf(w, sizeof(w), "w%d", i);
		if (!near(get(lx, w, &found), (i % 11) - 5) || !found)
			bad++;
	}
	CHECK_INT(bad, 0);
	CHECK(get(lx, "w20000", &found) == 0 && !found);
	/* Words it does not have: none found, and the filter in front of
	 * the table turns nearly all of them away without a probe. */
	for (i = 0, bad = 0, maybe = 0; i < 20000; i++) {
		snprintf(w, sizeof(w), "x%d", i);
		get(lx, w, &found);
		bad += found;
		maybe += bloom_may_have(lx->bloom, lx->mask,
		    hash_key(w, strlen(w)));
	}
	CHECK_INT(bad, 0);
	CHECK(maybe < 20000 / 20);
	CHECK(near(S(lx, "w5 w16"), squash(0)));
	CHECK(near(S(lx, "W10"), squash(5)));
	lexicon_free(lx);
}

static void
test_fold(void)
{
	struct lexicon	*lx = lexicon_new();
	int		 found;

	lexicon_add(lx, "malísimo", -4);
	lexicon_add(lx, "Atención Pésima", -3);
	CHECK(near(get(lx, "malisimo", &found), -4) && found);
	CHECK(near(get(lx, "atencion pesima", &found), -3) && found);
	CHECK(near(S(lx, "malísimo"), squash(-4)));
	CHECK(near(S(lx, "malisimo"), squash(-4)));
	CHECK(near(S(lx, "Malísimo"), squash(-4)));
	/* All capitals, nothing else: no emphasis. */
	CHECK(near(S(lx, "MALÍSIMO"), squash(-4)));
	CHECK(near(S(lx, "una atencion PESIMA?"), squash(-3 * 1.3)));
	CHECK(near(S(lx, "atención   pésima"), squash(-3)));
	/* Words are whole: no match inside another word. */
	CHECK(near(S(lx, "malisimos"), 0));
	lexicon_free(lx);
}

static void
test_phrases(void)
{
	struct lexicon	*lx = lexicon_new();
	int		 found;

	lexicon_add(lx, "gusta", 2);
	lexicon_add(lx, "me gusta", 2);
	lexicon_add(lx, "no me gusta", -3);
	lexicon_add(lx, "lost", -2);
	lexicon_add(lx, "luggage", 0);
	lexicon_add(lx, "lost luggage", -4);
	lexicon_add(lx, "a b c d e", 1);
	lexicon_add(lx, "kind of", 0);
	lexicon_add(lx, "kind", 2);

	/* The longest entry wins; its words are not scored again. */
	CHECK(near(S(lx, "no me gusta"), squash(-3)));
	CHECK(near(S(lx, "me gusta"), squash(2)));
	CHECK(near(S(lx, "No me gusta nada"), squash(-3)));
	CHECK(near(S(lx, "they lost luggage"), squash(-4)));
	CHECK(near(S(lx, "lost my luggage"), squash(-2)));
	CHECK(near(S(lx, "a b c d e"), squash(1)));
	CHECK(near(S(lx, "a b c d"), 0));
	/* Punctuation breaks a phrase. */
	CHECK(near(S(lx, "no, me gusta"), squash(2)));
	/* A phrase may also be a modifier: the modifier wins a tie. */
	CHECK(near(S(lx, "kind of"), 0));
	CHECK(near(S(lx, "kind"), squash(2)));
	CHECK(near(get(lx, "no me gusta", &found), -3) && found);
	CHECK(get(lx, "no me", &found) == 0 && !found);
	lexicon_free(lx);
}

static struct lexicon *
small(void)
{
	struct lexicon	*lx = lexicon_new();

	lexicon_add(lx, "good", 3);
	lexicon_add(lx, "bad", -3);
	lexicon_add(lx, "like", 2);
	lexicon_add(lx, "bueno", 3);
	lexicon_add(lx, "buena", 3);
	lexicon_add(lx, "malo", -3);
	lexicon_add(lx, "mal", -2);
	lexicon_add(lx, "lento", -2);
	lexicon_add(lx, "malísimo", -4);
	lexicon_add(lx, "terrible", -3);
	lexicon_add(lx, "amable", 3);
	lexicon_add(lx, "problema", -2);
	return lx;
}

static void
test_negation(void)
{
	struct lexicon	*lx = small();

	/* A negated negative word is no praise: the negation counts
	 * alone (NEG_ALONE); the idioms that praise are phrases. */
	CHECK(near(S(lx, "no es malo"), squash(-1)));
	CHECK(near(S(lx, "no está mal"), squash(-1)));
	CHECK(near(S(lx, "not bad"), squash(-1)));
	lexicon_add(lx, "no está mal", 2);
	lexicon_add(lx, "not bad", 2);
	CHECK(S(lx, "no está mal") > 0);
	CHECK(S(lx, "no está mal") < S(lx, "bueno"));
	CHECK(S(lx, "not bad") > 0);
	CHECK(S(lx, "not good") < 0);
	CHECK(S(lx, "not good") > S(lx, "good") * -1);
	CHECK(S(lx, "I don't like it") < 0);
	CHECK(S(lx, "I don’t like it") < 0);	/* typographic apostrophe */
	CHECK(S(lx, "it isn't good") < 0);
	CHECK(S(lx, "it cannot be good") < 0);
	CHECK(S(lx, "never good") < 0);
	CHECK(S(lx, "nobody was amable") < 0);
	CHECK(S(lx, "nunca fue bueno") < 0);
	CHECK(S(lx, "jamás amable") < 0);
	CHECK(S(lx, "tampoco bueno") < 0);
	CHECK(S(lx, "sin problema") < 0);	/* without the phrase */
	CHECK(S(lx, "ni amable ni bueno") < 0);
	CHECK(S(lx, "no one was good") < 0);
	/* "no ... nada": Spanish negative concord is one negation. */
	CHECK(S(lx, "no es nada bueno") < 0);
	/* A phrase that holds its own negation agrees with the one
	 * before it: scored as written, and the negation is spent. */
	lexicon_add(lx, "nada mal", 2);
	lexicon_add(lx, "nadie responde", -3);
	CHECK(near(S(lx, "no estuvo nada mal"), squash(2)));
	CHECK(near(S(lx, "nunca nadie responde"), squash(-3)));
	CHECK(near(S(lx, "nunca, nadie responde"), squash(-3)));
	/* Three words, no more; a comma ends it. */
	CHECK(S(lx, "not a very good") < 0);
	CHECK(S(lx, "not one of them good") > 0);
	CHECK(S(lx, "no, good") > 0);
	CHECK(near(S(lx, "no. Good"), squash(3)));
	/* The past counterfactual wishes for what did not happen: "si
	 * hubierais sido amables" says they were not. */
	CHECK(S(lx, "si hubierais sido amables") < 0);
	CHECK(S(lx, "si hubiese sido bueno") < 0);
	CHECK(near(S(lx, "si me hubieran avisado antes"), squash(-1)));
	lexicon_free(lx);
}

/*
 * A negation that passes over words without reaching a scored one
 * states a fault by itself: -1 (NEG_ALONE), once per negation.
 */
static void
test_negation_alone(void)
{
	struct lexicon	*lx = small();

	CHECK(near(S(lx, "my bag did not arrive"), squash(-1)));
	CHECK(near(S(lx, "no me llegó el reembolso"), squash(-1)));
	CHECK(near(S(lx, "the refund never came"), squash(-1)));
	CHECK(near(S(lx, "sin señal desde ayer"), squash(-1)));
	/* One per negation: the scope ran out, then a second one. */
	CHECK(near(S(lx, "no me llegó el paquete y no contestan"),
	    squash(-2)));
	/* "no ... nada" is one negation, not two. */
	CHECK(near(S(lx, "no me devolvieron nada"), squash(-1)));
	/* A negation that reaches a scored word only flips it. */
	CHECK(near(S(lx, "not good"), squash(3 * -0.75)));
	CHECK(near(S(lx, "no está mal"), squash(-1)));
	/* A bare "No." answers; it passes over no word. */
	CHECK(near(S(lx, "No."), 0));
	CHECK(near(S(lx, "no, gracias"), 0));
	/* It weighs like a word: "!" and CAPITALS, and "but". */
	CHECK(near(S(lx, "my bag did not arrive!"), squash(-1 * 1.15)));
	CHECK(near(S(lx, "it did NOT arrive"), squash(-1 * 1.3)));
	CHECK(near(S(lx, "it did not arrive but good"),
	    squash(-1 * 0.5 + 3 * 1.5)));
	/* A phrase that holds the negation takes it in ("no sé cómo"). */
	lexicon_add(lx, "don't know", 0);
	lexicon_add(lx, "dont know", 0);	/* both spellings, as in scs-en.tsv */
	lexicon_add(lx, "no sé cómo", 0);
	CHECK(near(S(lx, "I don't know how to get my invoice"), 0));
	CHECK(near(S(lx, "I dont know how to get my invoice"), 0));
	CHECK(near(S(lx, "no sé cómo ver la factura"), 0));
	lexicon_free(lx);
}

static void
test_intensity(void)
{
	struct lexicon	*lx = small();
	double		 plain;

	plain = S(lx, "es bueno");
	CHECK(S(lx, "es muy bueno") > plain);
	CHECK(S(lx, "es súper bueno") > plain);
	CHECK(S(lx, "es super bueno") > plain);
	CHECK(S(lx, "re bueno") > plain);
	CHECK(S(lx, "tan bueno") > plain);
	CHECK(S(lx, "demasiado lento") < S(lx, "lento"));
	CHECK(S(lx, "bastante malo") < S(lx, "malo"));
	CHECK(S(lx, "really good") > S(lx, "good"));
	CHECK(S(lx, "very good") > S(lx, "good"));
	CHECK(S(lx, "so good") > S(lx, "good"));
	CHECK(S(lx, "extremely bad") < S(lx, "bad"));
	CHECK(S(lx, "totally bad") < S(lx, "bad"));
	CHECK(near(S(lx, "muy bueno"), squash(3 * 1.5)));
	/* Two intensifiers, capped; one reaches a word two words on. */
	CHECK(S(lx, "muy muy bueno") > S(lx, "muy bueno"));
	CHECK(near(S(lx, "muy muy muy bueno"), S(lx, "muy muy bueno")));
	CHECK(S(lx, "such a good") > S(lx, "a good"));
	/* Only the next scored word. */
	CHECK(near(S(lx, "muy bueno bueno"), squash(3 * 1.5 + 3)));

	/* Diminishers: weaker, the same sign. */
	CHECK(S(lx, "algo lento") > S(lx, "lento"));
	CHECK(S(lx, "algo lento") < 0);
	CHECK(S(lx, "poco amable") < S(lx, "amable"));
	CHECK(S(lx, "poco amable") > 0);
	CHECK(S(lx, "slightly bad") > S(lx, "bad"));
	CHECK(S(lx, "a bit bad") > S(lx, "bad"));
	CHECK(S(lx, "kinda good") < S(lx, "good"));
	CHECK(near(S(lx, "slightly bad"), squash(-1.5)));
	lexicon_free(lx);
}

static void
test_emphasis(void)
{
	struct lexicon	*lx = small();

	lexicon_add(lx, "goooal", 1);
	lexicon_add(lx, "jaja", 1);
	/* Elongation: looked up shortened, and stronger. */
	CHECK(S(lx, "malísimooo") < S(lx, "malísimo"));
	CHECK(S(lx, "malísimo") < 0);
	CHECK(near(S(lx, "malisimoooooo"), squash(-4 * 1.3)));
	CHECK(S(lx, "goood") > S(lx, "good"));
	CHECK(S(lx, "baaad") < S(lx, "bad"));
	CHECK(S(lx, "sooo good") > S(lx, "so good"));
	CHECK(S(lx, "nooo es bueno") < 0);
	/* An entry spelled long is itself. */
	CHECK(near(S(lx, "goooal"), squash(1)));
	/* Laughter is "jaja" however it is typed. */
	CHECK(near(S(lx, "JAJAJAJAJ"), squash(1)));
	CHECK(near(S(lx, "ajajaja"), squash(1)));
	CHECK(near(S(lx, "hija"), 0));

	/* Capitals among lower case. */
	CHECK(S(lx, "this is TERRIBLE") < S(lx, "this is terrible"));
	CHECK(near(S(lx, "this is TERRIBLE"), squash(-3 * 1.3)));
	CHECK(near(S(lx, "THIS IS TERRIBLE"), S(lx, "this is terrible")));
	CHECK(S(lx, "es MALO") < S(lx, "es malo"));
	CHECK(near(S(lx, "es MAL"), squash(-2 * 1.3)));
	CHECK(near(S(lx, "ok BAD"), squash(-3 * 1.3)));
	CHECK(near(S(lx, "OK bad"), squash(-3)));	/* two letters */
	CHECK(S(lx, "NOT good") < S(lx, "not good"));

	/* "!" at the end of the sentence. */
	CHECK(S(lx, "good!") > S(lx, "good"));
	CHECK(S(lx, "good!!") > S(lx, "good!"));
	CHECK(S(lx, "good!!!") > S(lx, "good!!"));
	CHECK(near(S(lx, "good!!!!!!"), S(lx, "good!!!")));
	CHECK(S(lx, "bad!") < S(lx, "bad"));
	CHECK(S(lx, "¡qué malo!") < S(lx, "qué malo"));
	/* Only its own sentence. */
	CHECK(near(S(lx, "good. fine!"), S(lx, "good")));
	lexicon_free(lx);
}

static void
test_but(void)
{
	struct lexicon	*lx = small();

	CHECK(S(lx, "good but bad") < 0);
	CHECK(S(lx, "bad but good") > 0);
	CHECK(near(S(lx, "good but bad"), squash(3 * 0.5 - 3 * 1.5)));
	CHECK(S(lx, "bueno pero malo") < 0);
	CHECK(S(lx, "malo, pero bueno") > 0);
	CHECK(S(lx, "malo, sin embargo bueno") > 0);
	CHECK(S(lx, "good however bad") < 0);
	CHECK(S(lx, "bueno aunque malo") < 0);
	/* "Aunque X, Y": the conceded clause weighs less. */
	CHECK(S(lx, "Aunque el vuelo fue malo, la atención fue buena") > 0);
	CHECK(S(lx, "Although it was bad, it was good") > 0);
	CHECK(S(lx, "Aunque fue malo") < 0);
	/* Before the last "but", everything weighs less. */
	CHECK(S(lx, "bad but good but bad") < 0);
	/* "but" ends a negation. */
	CHECK(S(lx, "not that but good") > 0);
	lexicon_free(lx);
}

static void
test_symbols(void)
{
	struct lexicon	*lx = lexicon_new();

	lexicon_add(lx, ":)", 2);
	lexicon_add(lx, ":(", -2);
	lexicon_add(lx, ":/", -1);
	lexicon_add(lx, ":'(", -3);
	lexicon_add(lx, ":D", 3);
	lexicon_add(lx, "xD", 2);
	lexicon_add(lx, "<3", 3);
	lexicon_add(lx, "😡", -3);
	lexicon_add(lx, "🤬", -4);
	lexicon_add(lx, "👎", -3);
	lexicon_add(lx, "🙏", 2);
	lexicon_add(lx, "👍", 2);
	lexicon_add(lx, "❤️", 3);
	lexicon_add(lx, "🤦", -2);
	lexicon_add(lx, "fail", -2);

	CHECK(near(S(lx, ":)"), squash(2)));
	CHECK(near(S(lx, "gracias :)"), squash(2)));
	CHECK(near(S(lx, "sigo esperando :("), squash(-2)));
	CHECK(near(S(lx, "hmm :/"), squash(-1)));
	CHECK(near(S(lx, "llorando :'("), squash(-3)));
	CHECK(near(S(lx, ":D"), squash(3)));
	CHECK(near(S(lx, "xD"), squash(2)));
	CHECK(near(S(lx, "XD"), squash(2)));
	CHECK(near(S(lx, "love u <3"), squash(3)));
	/* Emoticons are written solid. */
	CHECK(near(S(lx, "la hora: )"), 0));
	CHECK(near(S(lx, "menos de < 3 horas"), 0));
	CHECK(near(S(lx, "<30 min"), 0));
	/* Emoji, with or without skin tone and variation selector. */
	CHECK(near(S(lx, "😡"), squash(-3)));
	/* "nadie" reaches no scored word: -1 of its own (NEG_ALONE). */
	CHECK(near(S(lx, "nadie responde😡🤬"), squash(-8)));
	CHECK(near(S(lx, "👎🏽"), squash(-3)));
	CHECK(near(S(lx, "gracias 🙏🏻"), squash(2)));
	CHECK(near(S(lx, "❤"), squash(3)));
	CHECK(near(S(lx, "❤️"), squash(3)));
	CHECK(near(S(lx, "🤦‍♀️"), squash(-2)));
	CHECK(near(S(lx, "🤦🏻‍♂️"), squash(-2)));
	CHECK(near(S(lx, "👍👍"), squash(4)));
	/* Negation and intensifiers reach words, not emoji. */
	CHECK(near(S(lx, "no 😡"), squash(-3)));
	CHECK(near(S(lx, "muy 👍"), squash(2)));
	/* Hashtags by their words. */
	CHECK(near(S(lx, "#fail"), squash(-2)));
	CHECK(near(S(lx, "#FAIL"), squash(-2)));
	CHECK(near(S(lx, "#epicfail"), squash(-2)));
	CHECK(near(S(lx, "#fails"), 0));	/* too short to split */
	CHECK(near(S(lx, "#fa"), 0));
	lexicon_free(lx);
}

static void
test_squash(void)
{
	struct lexicon	*lx = small();
	char		*buf;
	size_t		 i, n = 2000;
	double		 s;

	CHECK(near(S(lx, ""), 0));
	CHECK(near(sentiment_score(lx, "bueno", 0, NULL), 0));
	CHECK(near(S(lx, "just looking around here"), 0));
	CHECK(near(S(lx, "@bueno http://bueno.com #x 123"), 0));
	CHECK(near(S(lx, "bueno"), 3 / sqrt(24)));
	/* Only the bytes given count. */
	CHECK(near(sentiment_score(lx, "bueno malo", 5, NULL), squash(3)));
	if ((buf = malloc(n * 8 + 1)) == NULL)
		return;
	buf[0] = '\0';
	for (i = 0; i < n; i++)
		strcat(buf, "MUY buen");
	s = sentiment_score(lx, buf, strlen(buf), NULL);
	CHECK(s >= -1 && s <= 1);
	for (i = 0; i < n; i++)
		memcpy(buf + i * 8, "bueno!! ", 8);
	s = sentiment_score(lx, buf, n * 8, NULL);
	CHECK(s > 0.99 && s < 1);
	for (i = 0; i < n; i++)
		memcpy(buf + i * 8, "MALOOO! ", 8);
	s = sentiment_score(lx, buf, n * 8, NULL);
	CHECK(s < -0.99 && s > -1);
	/* Bytes that are no UTF-8 are skipped over. */
	CHECK(S(lx, "\xFF\xFE bueno \xC3") > 0);
	CHECK(near(S(lx, "\xC3\x28malo"), squash(-3)));
	/* Words run together by a full stop or a hyphen. */
	CHECK(near(S(lx, "late.Terrible"), squash(-3)));
	CHECK(near(S(lx, "ok-terrible"), squash(-3)));
	CHECK(near(S(lx, "no.bueno"), squash(3)));
	free(buf);
	lexicon_free(lx);
}

static void
test_polarity(void)
{
	CHECK_STR(sentiment_polarity(-0.9), "negative");
	CHECK_STR(sentiment_polarity(-0.0501), "negative");
	CHECK_STR(sentiment_polarity(-0.05), "neutral");
	CHECK_STR(sentiment_polarity(0), "neutral");
	CHECK_STR(sentiment_polarity(0.05), "neutral");
	CHECK_STR(sentiment_polarity(0.0501), "positive");
	CHECK_STR(sentiment_polarity(1), "positive");
}

/* The why array as one string: "a,b,c". */
static const char *
why_of(const struct lexicon *lx, const char *text, size_t *n)
{
	static char	 buf[512];
	json_t		*why = json_array();
	size_t		 i;

	buf[0] = '\0';
	sentiment_score(lx, text, strlen(text), why);
	*n = json_array_size(why);
	for (i = 0; i < *n; i++) {
		if (i > 0)
			strcat(buf, ",");
		strcat(buf, json_string_value(json_array_get(why, i)));
	}
	json_decref(why);
	return buf;
}

static void
test_why(void)
{
	struct lexicon	*lx = small();
	json_t		*why;
	size_t		 n;

	lexicon_add(lx, "no me gusta", -3);
	lexicon_add(lx, "excelente", 4);
	lexicon_add(lx, "fail", -2);
	lexicon_add(lx, "😡", -3);
	CHECK_STR(why_of(lx, "Malísimo", &n), "lex:-malisimo");
	CHECK_STR(why_of(lx, "malísimooo", &n), "lex:-malisimo");
	CHECK_STR(why_of(lx, "bueno pero malo", &n), "lex:-malo,lex:+bueno");
	CHECK_STR(why_of(lx, "No me gusta", &n), "lex:-no me gusta");
	CHECK_STR(why_of(lx, "no es bueno", &n), "lex:-bueno");
	CHECK_STR(why_of(lx, "#FAIL 😡", &n), "lex:-😡,lex:-fail");
	/* Each word once, the strongest first, four at most. */
	CHECK_STR(why_of(lx, "bad bad bad", &n), "lex:-bad");
	CHECK_INT(n, 1);
	CHECK_STR(why_of(lx,
	    "good, amable, excelente, lento, malísimo, bad, mal", &n),
	    "lex:+excelente,lex:-malisimo,lex:+good,lex:+amable");
	CHECK_INT(n, 4);
	CHECK_STR(why_of(lx, "just here", &n), "");
	CHECK_INT(n, 0);
	/* A negation alone is explained by its word. */
	CHECK_STR(why_of(lx, "the refund never came", &n), "lex:-never");
	CHECK_INT(n, 1);
	/* Appended after what is there. */
	why = json_array();
	json_array_append_new(why, json_string("kw:baja"));
	sentiment_score(lx, "bueno", 5, why);
	CHECK_INT(json_array_size(why), 2);
	CHECK_STR(json_string_value(json_array_get(why, 0)), "kw:baja");
	CHECK_STR(json_string_value(json_array_get(why, 1)), "lex:+bueno");
	json_decref(why);
	lexicon_free(lx);
}

#define LANG(s)	lang_guess((s), strlen(s))

static void
test_lang(void)
{
	CHECK_STR(LANG("Hola, mi vuelo se retrasó y nadie me atiende"), "es");
	CHECK_STR(LANG("@Iberia llevo dos horas esperando en la cola"), "es");
	CHECK_STR(LANG("¿Dónde está mi maleta?"), "es");
	CHECK_STR(LANG("pesimo servicio de la aerolinea"), "es");
	CHECK_STR(LANG("My flight was delayed and nobody answers the phone"),
	    "en");
	CHECK_STR(LANG("@united thanks for the help, you guys rock"), "en");
	CHECK_STR(LANG("I'm stuck, it's awful"), "en");
	/* Mixed: the language most words are in. */
	CHECK_STR(LANG("Gracias por el upgrade, el servicio fue top, thanks"),
	    "es");
	CHECK_STR(LANG("The flight was great, gracias"), "en");
	CHECK(LANG("the de") == NULL);			/* a tie */
	/* Nothing that tells. */
	CHECK(LANG("") == NULL);
	CHECK(lang_guess("de la", 0) == NULL);
	CHECK(LANG("ok") == NULL);
	CHECK(LANG("no") == NULL);
	CHECK(LANG("no no no") == NULL);
	CHECK(LANG("@Iberia http://t.co/x 😡 #fail") == NULL);
	CHECK(LANG("Iberia Express") == NULL);
	CHECK_STR(LANG("hola gracias"), "es");
	/* One telling word decides; a weak one ("no", "me") does not
	 * outweigh it. */
	CHECK_STR(LANG("hola"), "es");
	CHECK_STR(LANG("thanks!"), "en");
	CHECK_STR(LANG("no thanks"), "en");
	CHECK_STR(LANG("no gracias"), "es");
	CHECK_STR(LANG("@united you're terrible."), "en");
	CHECK_STR(LANG("really? worst ever"), "en");
	CHECK_STR(LANG("pesimo, nunca mas"), "es");
	CHECK_STR(LANG("hi thanks"), "en");
	CHECK_STR(LANG("¡Señor!"), "es");
}

/* The shipped lexicons, when the test runs from the top of the repo. */
static void
test_real(void)
{
	struct lexicon	*en, *es;
	char		 err[512];
	int		 i, rc;
	const char	*files[][2] = {
		{ "rules/lexicons/afinn-en.tsv", "rules/lexicons/scs-en.tsv" },
		{ "rules/lexicons/afinn-es.tsv", "rules/lexicons/scs-es.tsv" },
	};

	if (access(files[0][0], R_OK) != 0) {
		fprintf(stderr, "%s: no rules/lexicons here, skipped\n",
		    __FILE__);
		return;
	}
	en = lexicon_new();
	es = lexicon_new();
	for (i = 0; i < 4; i++) {
		rc = lexicon_load(i < 2 ? en : es, files[i / 2][i % 2], err,
		    sizeof(err));
		CHECK_INT(rc, 0);
		if (rc != 0)
			fprintf(stderr, "%s\n", err);
	}
	CHECK(lexicon_size(en) > 3500);
	CHECK(lexicon_size(es) > 3000);

	CHECK(S(en, "Thanks for the great service!") > 0.05);
	CHECK(S(en, "@united my flight was delayed again and no one answers"
	    " the phone") < -0.05);
	CHECK(S(en, "on hold for 2 hours, still waiting") < -0.05);
	CHECK(S(en, "They lost my luggage :(") < -0.05);
	CHECK(S(en, "crew went above and beyond 👏") > 0.05);
	CHECK(S(en, "not bad at all") > 0.05);
	CHECK(S(en, "Can you help me change my flight?") == 0);
	CHECK(S(en, "#worstairlineever") < -0.05);
	CHECK(S(es, "Excelente atención, me solucionaron todo") > 0.05);
	CHECK(S(es, "Una vergüenza, nadie responde") < -0.05);
	CHECK(S(es, "Pésimo servicio 😡") < -0.05);
	CHECK(S(es, "malisimooo") < -0.05);
	CHECK(S(es, "no está mal") > 0.05);
	CHECK(S(es, "sigo sin respuesta") < -0.05);
	CHECK(S(es, "Gracias por la ayuda, muy amables 🙏") > 0.05);
	CHECK(S(es, "sin señal desde ayer") < -0.05);
	CHECK(S(es, "me cobraron de más en la factura") < -0.05);
	CHECK(S(es, "Vuelo de Madrid a Buenos Aires") == 0);
	CHECK(S(es, "solo quiero saber la hora") == 0);
	lexicon_free(en);
	lexicon_free(es);
}

/*
 * Tokens folded and looked up by the caller (scs-classify's vocabulary)
 * give what the plain calls give, why included.
 */
static void
test_folded(void)
{
	static const char *texts[] = {
		"No es MUY bueno, pero BUENÍSIMO!!! jajaja goood",
		"late.Ridiculous service-fail #worstservice :) 😡👍🏽 🤦‍♀️",
		"I'm not happy, isn't working. ¿Dónde está? sooo bad",
		"", "hola", "ÑANDÚ jejeje hahaha kind of great",
	};
	struct lexicon	*lx = lexicon_new();
	struct toklist	 tl = { NULL, 0, 0 };
	struct tokfold	 f[64];
	struct sentword	 sw[64];
	struct langword	 lw[64];
	char		 buf[1024];
	json_t		*w1, *w2;
	size_t		 i, k, o, n;
	double		 a, b;
	const char	*l1, *l2;

	lexicon_add(lx, "bueno", 3);
	lexicon_add(lx, "good", 3);
	lexicon_add(lx, "bad", -3);
	lexicon_add(lx, "jaja", 2);
	lexicon_add(lx, "happy", 3);
	lexicon_add(lx, "ridiculous", -3);
	lexicon_add(lx, "fail", -2);
	lexicon_add(lx, ":)", 2);
	lexicon_add(lx, "😡", -3);
	lexicon_add(lx, "great", 3);
	lexicon_add(lx, "worst", -3);
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		n = strlen(texts[i]);
		utf8_toklist(&tl, texts[i], n);
		CHECK(tl.n <= 64);
		for (k = o = 0; k < tl.n && k < 64; k++) {
			f[k].s = buf + o;
			f[k].len = utf8_fold(texts[i] + tl.v[k].off,
			    tl.v[k].len, buf + o, sizeof(buf) - o);
			o += f[k].len + 1;
			sentiment_word(lx, f[k].s, f[k].len, &sw[k]);
			lang_word(f[k].s, f[k].len, &lw[k]);
			f[k].sw = k % 3 == 2 ? NULL : &sw[k];
			f[k].lw = k % 4 == 3 ? NULL : &lw[k];
		}
		w1 = json_array();
		w2 = json_array();
		a = sentiment_score_toks(lx, texts[i], n, &tl, w1);
		b = sentiment_score_folded(lx, texts[i], n, &tl, f, w2);
		CHECK(a == b);
		CHECK(json_equal(w1, w2));
		l1 = lang_guess_toks(texts[i], &tl);
		l2 = lang_guess_folded(texts[i], &tl, f);
		CHECK(l1 == l2);
		json_decref(w1);
		json_decref(w2);
	}
	utf8_toklist_free(&tl);
	lexicon_free(lx);
}

int
main(void)
{
	char	path[256];
	char	names[] = "abcdefghi";
	size_t	i;

	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_load();
	test_table();
	test_fold();
	test_phrases();
	test_negation();
	test_negation_alone();
	test_intensity();
	test_emphasis();
	test_but();
	test_symbols();
	test_squash();
	test_polarity();
	test_why();
	test_lang();
	test_real();
	test_folded();
	for (i = 0; names[i] != '\0'; i++) {
		snprintf(path, sizeof(path), "%s/%c.tsv", tmpdir, names[i]);
		unlink(path);
	}
	rmdir(tmpdir);
	return CHECK_DONE();
}
