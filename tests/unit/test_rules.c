/*
 * test_rules.c - unit tests for the rule language (lib/rules.c,
 * lib/rules_run.c, lib/rules_gate.c, lib/rules_eval.c, lib/rules_terms.c,
 * lib/rules_text.c).
 * Run from the top directory, as make unit does: the rule files are read
 * from tests/fixtures/rules/.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "check.h"
#include "fuzzy.h"
#include "rules.h"
#include "rules_impl.h"
#include "utf8.h"
#include "yamljson.h"

#define FIXTURES	"tests/fixtures/rules/"

static char err[1024];

static void
write_file(char *path, const char *text)
{
	size_t len = strlen(text);
	int fd;

	strcpy(path, "/tmp/test_rules.XXXXXX");
	if ((fd = mkstemp(path)) == -1 ||
	    write(fd, text, len) != (ssize_t)len || close(fd) == -1) {
		perror(path);
		exit(2);
	}
}

/* Rules from YAML text, through a temporary file; NULL prints why. */
static struct ruleset *
load_text(const char *yaml, const char *tag_path)
{
	struct ruleset *rs;
	char path[64];

	write_file(path, yaml);
	rs = rules_load(path, tag_path, err, sizeof(err));
	unlink(path);
	if (rs == NULL)
		fprintf(stderr, "load failed: %s\n", err);
	return rs;
}

/* The error of loading YAML text, without the temporary file's name. */
static const char *
load_error(const char *yaml, const char *tag_path)
{
	static char out[1024];
	struct ruleset *rs;
	char path[64];
	size_t n;

	write_file(path, yaml);
	rs = rules_load(path, tag_path, err, sizeof(err));
	unlink(path);
	if (rs != NULL) {
		rules_free(rs);
		return "(loaded)";
	}
	n = strlen(path);
	snprintf(out, sizeof(out), "%s", strncmp(err, path, n) == 0 ?
	    err + n : err);
	return out;
}

static json_t *
parse(const char *json)
{
	json_error_t jerr;
	json_t *v;

	if ((v = json_loads(json, 0, &jerr)) == NULL) {
		fprintf(stderr, "bad test JSON: %s: %s\n", json, jerr.text);
		exit(2);
	}
	return v;
}

/*
 * Does `when` (YAML, flow style) hold for the record?  -1 when the rule
 * does not load, -2 when rules_apply and rules_match_one disagree.
 */
static int
holds(const char *when, const char *record)
{
	struct ruleset *rs;
	char yaml[4096];
	json_t *rec;
	int res, fired;

	snprintf(yaml, sizeof(yaml), "- id: t\n  when: %s\n  then: "
	    "{why: t}\n", when);
	if ((rs = load_text(yaml, NULL)) == NULL)
		return -1;
	rec = parse(record);
	res = rules_match_one(rs, 0, rec);
	fired = rules_apply(rs, rec, NULL);
	json_decref(rec);
	rules_free(rs);
	return fired == res ? res : -2;
}

static char *
dump(json_t *v)
{
	return json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER);
}

/* "fired record why" after running the rules over the record. */
static const char *
run(const char *yaml, const char *record)
{
	static char out[4096];
	struct ruleset *rs;
	json_t *rec, *why;
	char *r, *w;
	int fired;

	if ((rs = load_text(yaml, "class.tags")) == NULL)
		return "(load failed)";
	rec = parse(record);
	why = json_array();
	fired = rules_apply(rs, rec, why);
	r = dump(rec);
	w = dump(why);
	snprintf(out, sizeof(out), "%d %s %s", fired, r, w);
	free(r);
	free(w);
	json_decref(rec);
	json_decref(why);
	rules_free(rs);
	return out;
}

/* ---- operators ------------------------------------------------------ */

static void
test_eq(void)
{
	CHECK_INT(holds("{channel: twitter}", "{\"channel\":\"twitter\"}"), 1);
	CHECK_INT(holds("{channel: twitter}", "{\"channel\":\"Twitter\"}"), 0);
	CHECK_INT(holds("{channel: twitter}", "{\"channel\":\"email\"}"), 0);
	CHECK_INT(holds("{channel: {eq: sms}}", "{\"channel\":\"sms\"}"), 1);
	CHECK_INT(holds("{n: 5}", "{\"n\":5}"), 1);
	CHECK_INT(holds("{n: 5}", "{\"n\":5.0}"), 1);
	CHECK_INT(holds("{n: 5.5}", "{\"n\":5.5}"), 1);
	CHECK_INT(holds("{n: 5}", "{\"n\":\"5\"}"), 0);
	CHECK_INT(holds("{n: \"5\"}", "{\"n\":5}"), 0);
	CHECK_INT(holds("{public: true}", "{\"public\":true}"), 1);
	CHECK_INT(holds("{public: true}", "{\"public\":false}"), 0);
	CHECK_INT(holds("{public: false}", "{\"public\":false}"), 1);
	CHECK_INT(holds("{public: true}", "{\"public\":1}"), 0);
	CHECK_INT(holds("{author.verified: true}",
	    "{\"author\":{\"verified\":true}}"), 1);
	CHECK_INT(holds("{entry.1.id: b}",
	    "{\"entry\":[{\"id\":\"a\"},{\"id\":\"b\"}]}"), 1);
	CHECK_INT(holds("{entry.0.id: b}",
	    "{\"entry\":[{\"id\":\"a\"},{\"id\":\"b\"}]}"), 0);
}

static void
test_ne_in(void)
{
	CHECK_INT(holds("{channel: {ne: email}}", "{\"channel\":\"sms\"}"), 1);
	CHECK_INT(holds("{channel: {ne: email}}", "{\"channel\":\"email\"}"),
	    0);
	CHECK_INT(holds("{class.reason: {in: [request, complaint]}}",
	    "{\"class\":{\"reason\":\"complaint\"}}"), 1);
	CHECK_INT(holds("{class.reason: {in: [request, complaint]}}",
	    "{\"class\":{\"reason\":\"praise\"}}"), 0);
	CHECK_INT(holds("{n: {in: [1, 2, 3]}}", "{\"n\":2}"), 1);
	CHECK_INT(holds("{n: {in: [1, 2, 3]}}", "{\"n\":4}"), 0);
	/* A string is compared with the strings of a list only, a number
	 * with its numbers; a prefix or a longer string is not equal. */
	CHECK_INT(holds("{n: {in: [1, \"2\", true]}}", "{\"n\":\"2\"}"), 1);
	CHECK_INT(holds("{n: {in: [1, \"2\", true]}}", "{\"n\":2}"), 0);
	CHECK_INT(holds("{n: {in: [1, \"2\", true]}}", "{\"n\":1.0}"), 1);
	CHECK_INT(holds("{n: {in: [1, \"2\", true]}}", "{\"n\":true}"), 1);
	CHECK_INT(holds("{n: {in: [1, 2]}}", "{\"n\":\"1\"}"), 0);
	CHECK_INT(holds("{n: {in: [ab, abc]}}", "{\"n\":\"a\"}"), 0);
	CHECK_INT(holds("{n: {in: [ab, abc]}}", "{\"n\":\"abcd\"}"), 0);
	CHECK_INT(holds("{n: {eq: \"\"}}", "{\"n\":\"\"}"), 1);
	CHECK_INT(holds("{n: {eq: 3}}", "{\"n\":\"3\"}"), 0);
	CHECK_INT(holds("{n: {in: [x, y]}}", "{\"n\":[\"z\",\"y\"]}"), 1);
	CHECK_INT(holds("{class.reason: {not_in: [praise, lead]}}",
	    "{\"class\":{\"reason\":\"complaint\"}}"), 1);
	CHECK_INT(holds("{class.reason: {not_in: [praise, lead]}}",
	    "{\"class\":{\"reason\":\"lead\"}}"), 0);
	/* Both operators at once: both must hold. */
	CHECK_INT(holds("{n: {gt: 1, not_in: [3]}}", "{\"n\":2}"), 1);
	CHECK_INT(holds("{n: {gt: 1, not_in: [3]}}", "{\"n\":3}"), 0);
}

static void
test_numbers(void)
{
	const char *r = "{\"author\":{\"followers\":1000}}";

	CHECK_INT(holds("{author.followers: {gt: 999}}", r), 1);
	CHECK_INT(holds("{author.followers: {gt: 1000}}", r), 0);
	CHECK_INT(holds("{author.followers: {ge: 1000}}", r), 1);
	CHECK_INT(holds("{author.followers: {ge: 1001}}", r), 0);
	CHECK_INT(holds("{author.followers: {lt: 1000}}", r), 0);
	CHECK_INT(holds("{author.followers: {lt: 1000.5}}", r), 1);
	CHECK_INT(holds("{author.followers: {le: 1000}}", r), 1);
	CHECK_INT(holds("{author.followers: {le: 999}}", r), 0);
	CHECK_INT(holds("{author.followers: {ge: 100, lt: 5000}}", r), 1);
	CHECK_INT(holds("{s: {gt: -0.5}}", "{\"s\":-0.25}"), 1);
	CHECK_INT(holds("{s: {gt: -0.5}}", "{\"s\":-0.75}"), 0);
	/* Text is no number, nor is a boolean. */
	CHECK_INT(holds("{n: {gt: 1}}", "{\"n\":\"1000\"}"), 0);
	CHECK_INT(holds("{n: {gt: 0}}", "{\"n\":true}"), 0);
}

static void
test_exists(void)
{
	CHECK_INT(holds("{geo: {exists: true}}", "{\"geo\":{}}"), 1);
	CHECK_INT(holds("{geo: {exists: true}}", "{}"), 0);
	CHECK_INT(holds("{geo: {exists: false}}", "{}"), 1);
	CHECK_INT(holds("{geo: {exists: false}}", "{\"geo\":1}"), 0);
	/* null is no value: absent facts are absent keys. */
	CHECK_INT(holds("{geo: {exists: false}}", "{\"geo\":null}"), 1);
	CHECK_INT(holds("{geo: {exists: true}}", "{\"geo\":null}"), 0);
	/* An empty array is there. */
	CHECK_INT(holds("{to: {exists: true}}", "{\"to\":[]}"), 1);
	CHECK_INT(holds("{geo.lat: {exists: true}}", "{\"geo\":5}"), 0);
}

static void
test_words(void)
{
	const char *baja = "{text: {any_word: baja}}";

	CHECK_INT(holds(baja, "{\"text\":\"quiero la baja ya\"}"), 1);
	CHECK_INT(holds(baja, "{\"text\":\"baja\"}"), 1);
	CHECK_INT(holds(baja, "{\"text\":\"BAJA!!!\"}"), 1);
	CHECK_INT(holds(baja, "{\"text\":\"la BÁJA, por favor\"}"), 1);
	CHECK_INT(holds(baja, "{\"text\":\"(baja)\"}"), 1);
	/* Word boundaries: not inside other words. */
	CHECK_INT(holds(baja, "{\"text\":\"la bajada de precio\"}"), 0);
	CHECK_INT(holds(baja, "{\"text\":\"rebaja\"}"), 0);
	CHECK_INT(holds(baja, "{\"text\":\"bajas\"}"), 0);
	CHECK_INT(holds(baja, "{\"text\":\"\"}"), 0);
	/* A term with accents matches text without, and the reverse. */
	CHECK_INT(holds("{text: {any_word: inútil}}",
	    "{\"text\":\"son unos INUTILES, inutil\"}"), 1);
	CHECK_INT(holds("{text: {any_word: señal}}",
	    "{\"text\":\"no tengo SENAL\"}"), 1);
	/* Tokens are hashed 8 bytes at a time (rules_terms.c): words of
	 * 7, 8, 9 and 16 letters, alone, at the end, in phrases. */
	CHECK_INT(holds("{text: {any_word: abcdefgh}}",
	    "{\"text\":\"x abcdefgh\"}"), 1);
	CHECK_INT(holds("{text: {any_word: abcdefgh}}",
	    "{\"text\":\"abcdefgh y\"}"), 1);
	CHECK_INT(holds("{text: {any_word: abcdefgh}}",
	    "{\"text\":\"abcdefghi abcdefg\"}"), 0);
	CHECK_INT(holds("{text: {any_word: \"abcdefghijklmnop qrs\"}}",
	    "{\"text\":\"1 ABCDEFGHIJKLMNOP, qrs\"}"), 1);
	CHECK_INT(holds("{text: {any_word: \"abcdefghijklmnop qrs\"}}",
	    "{\"text\":\"abcdefghijklmnop qrst\"}"), 0);
	CHECK_INT(holds("{text: {any_word: \"abcdefg hijklmnop\"}}",
	    "{\"text\":\"abcdefg hijklmnop\"}"), 1);
	CHECK_INT(holds("{text: {any_word: \"abcdefg hijklmnop\"}}",
	    "{\"text\":\"abcdefgh ijklmnop\"}"), 0);
	CHECK_INT(holds("{text: {any_word: \"señalización móvil\"}}",
	    "{\"text\":\"la SENALIZACION movil\"}"), 1);
	/* Phrases, in any_word or phrase. */
	CHECK_INT(holds("{text: {any_word: [cancelar, \"dar de baja\"]}}",
	    "{\"text\":\"Quiero DÁR de BAJA la línea\"}"), 1);
	CHECK_INT(holds("{text: {phrase: \"dar de baja\"}}",
	    "{\"text\":\"quiero dar de baja\"}"), 1);
	CHECK_INT(holds("{text: {phrase: \"dar de baja\"}}",
	    "{\"text\":\"quiero dar la baja\"}"), 0);
	CHECK_INT(holds("{text: {phrase: \"dar de baja\"}}",
	    "{\"text\":\"dar, de... baja\"}"), 1);
	CHECK_INT(holds("{text: {phrase: [\"no anda\", \"sin servicio\"]}}",
	    "{\"text\":\"estoy SIN servicio\"}"), 1);
	CHECK_INT(holds("{text: {phrase: \"dar de baja\"}}",
	    "{\"text\":\"dar de bajada\"}"), 0);
	/* all_words: every one, anywhere. */
	CHECK_INT(holds("{text: {all_words: [factura, cobro]}}",
	    "{\"text\":\"un cobro doble en la factura\"}"), 1);
	CHECK_INT(holds("{text: {all_words: [factura, cobro]}}",
	    "{\"text\":\"la factura llegó\"}"), 0);
	CHECK_INT(holds("{text: {all_words: [factura, \"dos veces\"]}}",
	    "{\"text\":\"factura cobrada dos veces\"}"), 1);
	CHECK_INT(holds("{text: {all_words: [baja, baja]}}",
	    "{\"text\":\"baja\"}"), 1);
	/* Numbers, hashtags, mentions and emoji are words. */
	CHECK_INT(holds("{text: {any_word: \"100\"}}",
	    "{\"text\":\"me cobraron 100 pesos\"}"), 1);
	CHECK_INT(holds("{text: {any_word: \"100\"}}",
	    "{\"text\":\"me cobraron 1000 pesos\"}"), 0);
	CHECK_INT(holds("{text: {any_word: \"#MovistarFail\"}}",
	    "{\"text\":\"otra vez #movistarfail\"}"), 1);
	CHECK_INT(holds("{text: {any_word: \"#baja\"}}",
	    "{\"text\":\"quiero la baja\"}"), 0);
	CHECK_INT(holds(baja, "{\"text\":\"#baja\"}"), 0);
	CHECK_INT(holds("{text: {any_word: \"@MarcaAyuda\"}}",
	    "{\"text\":\"@marcaayuda hola\"}"), 1);
	CHECK_INT(holds("{text: {any_word: \"😡\"}}",
	    "{\"text\":\"no anda😡😡\"}"), 1);
	CHECK_INT(holds("{text: {any_word: \"😡\"}}",
	    "{\"text\":\"no anda 😀\"}"), 0);
	CHECK_INT(holds("{text: {any_word: \"❤️\"}}",
	    "{\"text\":\"los amo ❤\"}"), 1);
	CHECK_INT(holds("{text: {any_word: [\"no anda 😡\"]}}",
	    "{\"text\":\"NO ANDA 😡!\"}"), 1);
	/* An apostrophe inside a word does not count, either side. */
	CHECK_INT(holds("{text: {any_word: doesnt}}",
	    "{\"text\":\"it doesn't work\"}"), 1);
	CHECK_INT(holds("{text: {any_word: \"doesn't\"}}",
	    "{\"text\":\"it DOESNT work\"}"), 1);
	CHECK_INT(holds("{text: {any_word: \"don't\"}}",
	    "{\"text\":\"I don’t know\"}"), 1);
	CHECK_INT(holds("{text: {phrase: \"can't log in\"}}",
	    "{\"text\":\"i cant log in!\"}"), 1);
	CHECK_INT(holds("{text: {any_word: \"don't\"}}",
	    "{\"text\":\"don 't\"}"), 0);
	/* Words of other fields, and of a field that is no text. */
	CHECK_INT(holds("{author.bio: {any_word: periodista}}",
	    "{\"author\":{\"bio\":\"Periodista en Rosario\"}}"), 1);
	CHECK_INT(holds(baja, "{\"text\":5}"), 0);
}

static void
test_regex(void)
{
	const char *phone = "{text: {regex: \"[0-9]{4}[- ]?[0-9]{4}\"}}";

	CHECK_INT(holds(phone, "{\"text\":\"llamame al 4555-1234\"}"), 1);
	CHECK_INT(holds(phone, "{\"text\":\"llamame al 4555 12\"}"), 0);
	CHECK_INT(holds("{text: {regex: \"^hola\"}}",
	    "{\"text\":\"HOLA que tal\"}"), 1);
	CHECK_INT(holds("{text: {regex: \"^hola\"}}",
	    "{\"text\":\"bueno, hola\"}"), 0);
	CHECK_INT(holds("{text: {regex: \"pedido #?[0-9]{6,}\"}}",
	    "{\"text\":\"Pedido #1234567 no llegó\"}"), 1);
	CHECK_INT(holds("{text: {regex: \"pedido #?[0-9]{6,}\"}}",
	    "{\"text\":\"Pedido #12345 no llegó\"}"), 0);
	/* On the value as it is: no folding. */
	CHECK_INT(holds("{text: {regex: \"línea\"}}",
	    "{\"text\":\"mi linea\"}"), 0);
	CHECK_INT(holds("{text: {regex: \"línea\"}}",
	    "{\"text\":\"mi línea\"}"), 1);
	CHECK_INT(holds("{n: {regex: \"1\"}}", "{\"n\":1}"), 0);
	CHECK_INT(holds("{to: {regex: \"^ayuda\"}}",
	    "{\"to\":[\"Marca\",\"AyudaMarca\"]}"), 1);
}

static void
test_fuzzy(void)
{
	const char *brand = "{text: {fuzzy: movistar}}";
	const char *tigo = "{text: {fuzzy: tigo}}";

	CHECK_INT(holds(brand, "{\"text\":\"Movistar no anda\"}"), 1);
	CHECK_INT(holds(brand, "{\"text\":\"el movistr no anda\"}"), 1);
	CHECK_INT(holds(brand, "{\"text\":\"MOBISTAR\"}"), 1);
	CHECK_INT(holds(brand, "{\"text\":\"soy de movi star\"}"), 1);
	CHECK_INT(holds(brand, "{\"text\":\"soy de movsitar\"}"), 1);
	CHECK_INT(holds(brand, "{\"text\":\"#Movistr caído\"}"), 1);
	CHECK_INT(holds(brand, "{\"text\":\"@movistar\"}"), 1);
	CHECK_INT(holds(brand, "{\"text\":\"mobistr\"}"), 1);
	/* Ordinary words are too far. */
	CHECK_INT(holds(brand, "{\"text\":\"quiero visitar la tienda\"}"), 0);
	CHECK_INT(holds(brand, "{\"text\":\"me van a mostrar\"}"), 0);
	CHECK_INT(holds(brand, "{\"text\":\"mi vista\"}"), 0);
	CHECK_INT(holds(brand, "{\"text\":\"mobiliario\"}"), 0);
	CHECK_INT(holds(brand, "{\"text\":\"\"}"), 0);
	/* A short term is matched exactly or not at all. */
	CHECK_INT(holds(tigo, "{\"text\":\"tengo tigo\"}"), 1);
	CHECK_INT(holds(tigo, "{\"text\":\"TIGO!\"}"), 1);
	CHECK_INT(holds(tigo, "{\"text\":\"tengo trigo\"}"), 0);
	CHECK_INT(holds(tigo, "{\"text\":\"el tiro\"}"), 0);
	/* Two tokens run together: that is one edit already. */
	CHECK_INT(holds(tigo, "{\"text\":\"ti go\"}"), 0);
	CHECK_INT(holds(brand, "{\"text\":\"mobi star\"}"), 1);
	CHECK_INT(holds(brand, "{\"text\":\"mobi str\"}"), 0);
	/* Five to seven letters: one edit. */
	CHECK_INT(holds("{text: {fuzzy: personal}}",
	    "{\"text\":\"personl\"}"), 1);
	CHECK_INT(holds("{text: {fuzzy: entel}}", "{\"text\":\"entl\"}"), 1);
	CHECK_INT(holds("{text: {fuzzy: entel}}", "{\"text\":\"ente\"}"), 1);
	CHECK_INT(holds("{text: {fuzzy: entel}}", "{\"text\":\"entero\"}"),
	    0);
	/* Several words: as many tokens, joined by a space. */
	CHECK_INT(holds("{text: {fuzzy: \"movistar tv\"}}",
	    "{\"text\":\"el movistr tv anda mal\"}"), 1);
	CHECK_INT(holds("{text: {fuzzy: \"movistar tv\"}}",
	    "{\"text\":\"el movistar anda mal\"}"), 0);
	CHECK_INT(holds("{text: {fuzzy: [claro, \"movistar tv\"]}}",
	    "{\"text\":\"movistartv\"}"), 0);
	CHECK_INT(holds("{text: {fuzzy: [personal, \"movistar tv\"]}}",
	    "{\"text\":\"Movistar  TV\"}"), 1);
	/* Accents fold before the distance. */
	CHECK_INT(holds("{text: {fuzzy: telefónica}}",
	    "{\"text\":\"TELEFONICA\"}"), 1);
	CHECK_INT(holds("{text: {fuzzy: telefonica}}",
	    "{\"text\":\"telefónca\"}"), 1);
}

static void
test_arrays(void)
{
	const char *tags = "{\"class\":{\"tags\":[\"billing\",\"vip\"]}}";

	CHECK_INT(holds("{class.tags: vip}", tags), 1);
	CHECK_INT(holds("{class.tags: spam}", tags), 0);
	CHECK_INT(holds("{class.tags: {in: [spam, vip]}}", tags), 1);
	/* ne and not_in deny every element. */
	CHECK_INT(holds("{class.tags: {ne: vip}}", tags), 0);
	CHECK_INT(holds("{class.tags: {ne: spam}}", tags), 1);
	CHECK_INT(holds("{class.tags: {not_in: [spam, vip]}}", tags), 0);
	CHECK_INT(holds("{class.tags: {not_in: [spam]}}", tags), 1);
	CHECK_INT(holds("{class.tags: {exists: true}}", tags), 1);
	CHECK_INT(holds("{n: {gt: 10}}", "{\"n\":[1, 20]}"), 1);
	CHECK_INT(holds("{n: {gt: 30}}", "{\"n\":[1, 20]}"), 0);
	/* Strings of an array are matched one by one. */
	CHECK_INT(holds("{to: {any_word: marcaayuda}}",
	    "{\"to\":[\"otra\",\"MarcaAyuda\"]}"), 1);
	CHECK_INT(holds("{to: {phrase: \"otra marca\"}}",
	    "{\"to\":[\"otra\",\"marca\"]}"), 0);
	CHECK_INT(holds("{to: {all_words: [otra, marca]}}",
	    "{\"to\":[\"otra\",\"marca\"]}"), 0);
	CHECK_INT(holds("{to: {all_words: [otra, marca]}}",
	    "{\"to\":[\"x\",\"otra marca\"]}"), 1);
	CHECK_INT(holds("{to: {fuzzy: movistar}}",
	    "{\"to\":[1,\"movistr\"]}"), 1);
	CHECK_INT(holds("{to: {fuzzy: movistar}}",
	    "{\"to\":[\"movi\",\"star\"]}"), 0);
}

static void
test_missing(void)
{
	const char *r = "{\"channel\":\"twitter\"}";

	CHECK_INT(holds("{text: hola}", r), 0);
	CHECK_INT(holds("{text: {ne: hola}}", r), 1);
	CHECK_INT(holds("{text: {in: [hola]}}", r), 0);
	CHECK_INT(holds("{text: {not_in: [hola]}}", r), 1);
	CHECK_INT(holds("{n: {lt: 5}}", r), 0);
	CHECK_INT(holds("{n: {le: 5}}", r), 0);
	CHECK_INT(holds("{n: {gt: 5}}", r), 0);
	CHECK_INT(holds("{n: {ge: 5}}", r), 0);
	CHECK_INT(holds("{text: {any_word: hola}}", r), 0);
	CHECK_INT(holds("{text: {all_words: [hola]}}", r), 0);
	CHECK_INT(holds("{text: {phrase: hola}}", r), 0);
	CHECK_INT(holds("{text: {regex: \".*\"}}", r), 0);
	CHECK_INT(holds("{text: {fuzzy: hola}}", r), 0);
	CHECK_INT(holds("{text: {exists: false}}", r), 1);
	CHECK_INT(holds("{text: {exists: true}}", r), 0);
	CHECK_INT(holds("{text.x.y: {ne: 1}}", r), 1);
	CHECK_INT(holds("{channel.x: twitter}", r), 0);
	CHECK_INT(holds("{text: {ne: hola}}", "{\"text\":null}"), 1);
	CHECK_INT(holds("{text: {any_word: hola}}", "[1,2]"), 0);
}

static void
test_combinators(void)
{
	const char *tw = "{\"channel\":\"twitter\",\"n\":3}";
	const char *fb = "{\"channel\":\"facebook\",\"n\":30}";
	const char *either = "{any: [{channel: twitter}, {n: {gt: 10}}]}";
	const char *nested = "{all: [{n: {gt: 1}}, {not: {any: "
	    "[{channel: email}, {channel: sms}]}}]}";

	CHECK_INT(holds(either, tw), 1);
	CHECK_INT(holds(either, fb), 1);
	CHECK_INT(holds(either, "{\"channel\":\"sms\",\"n\":1}"), 0);
	CHECK_INT(holds("{not: {channel: twitter}}", tw), 0);
	CHECK_INT(holds("{not: {channel: twitter}}", fb), 1);
	CHECK_INT(holds("{not: {channel: twitter}}", "{}"), 1);
	CHECK_INT(holds(nested, tw), 1);
	CHECK_INT(holds(nested, "{\"channel\":\"sms\",\"n\":3}"), 0);
	CHECK_INT(holds(nested, "{\"channel\":\"sms\",\"n\":0}"), 0);
	CHECK_INT(holds("{all: [{channel: twitter}, {n: 3}]}", tw), 1);
	CHECK_INT(holds("{all: [{channel: twitter}, {n: 4}]}", tw), 0);
	/* Entries of one mapping all hold; combinators with fields. */
	CHECK_INT(holds("{channel: twitter, n: {lt: 5}}", tw), 1);
	CHECK_INT(holds("{channel: twitter, n: {lt: 2}}", tw), 0);
	CHECK_INT(holds("{channel: facebook, not: {n: {lt: 5}}}", fb), 1);
	CHECK_INT(holds("{not: {not: {channel: twitter}}}", tw), 1);
	CHECK_INT(holds("{any: [{text: {any_word: baja}}, "
	    "{text: {fuzzy: movistar}}], channel: twitter}",
	    "{\"channel\":\"twitter\",\"text\":\"el movistr\"}"), 1);
	CHECK_INT(holds("{not: {text: {any_word: baja}}}",
	    "{\"text\":\"la baja\"}"), 0);
	CHECK_INT(holds("{not: {text: {any_word: baja}}}",
	    "{\"text\":\"la bajada\"}"), 1);
}

/* Long word lists, and a text that holds many of their words. */
static void
test_large(void)
{
	static char yaml[200000], text[20000], rec[21000];
	struct ruleset *rs;
	json_t *r;
	char w[32];
	int i, bad;

	/* Sixty words found in one string: more than a few to sort. */
	strcpy(yaml, "- id: all\n  when: {text: {all_words: [\"w30 w29\"");
	for (i = 0; i < 60; i++) {
		snprintf(w, sizeof(w), ", w%d", i);
		strcat(yaml, w);
	}
	strcat(yaml, "]}}\n  then: {why: all}\n  continue: true\n"
	    "- id: big\n  when: {text: {any_word: [");
	for (i = 0; i < 5000; i++) {
		snprintf(w, sizeof(w), "%sx%dy%s", i ? ", " : "", i * 7919 % 100000,
		    i % 3 ? "" : " z");
		strcat(yaml, w);
	}
	strcat(yaml, "]}}\n  then: {why: big}\n");
	for (i = 59; i >= 0; i--) {
		snprintf(w, sizeof(w), "W%d, ", i);
		strcat(text, w);
	}
	rs = load_text(yaml, NULL);
	CHECK(rs != NULL);
	if (rs == NULL)
		return;
	snprintf(rec, sizeof(rec), "{\"text\":\"%s\"}", text);
	r = parse(rec);
	CHECK_INT(rules_apply(rs, r, NULL), 1);
	json_decref(r);
	/* 4999 * 7919 % 100000 is 87081; 4998 is a multiple of 3. */
	r = parse("{\"text\":\"w0 w59 w30 w29 X87081Y\"}");
	CHECK_INT(rules_apply(rs, r, NULL), 1);
	json_decref(r);
	snprintf(rec, sizeof(rec), "{\"text\":\"%s x87081y\"}", text);
	r = parse(rec);
	CHECK_INT(rules_apply(rs, r, NULL), 2);
	json_decref(r);
	r = parse("{\"text\":\"x79162y z\"}");	/* 4998 * 7919 % 100000 */
	CHECK_INT(rules_match_one(rs, 1, r), 1);
	json_decref(r);
	r = parse("{\"text\":\"x79162y\"}");
	CHECK_INT(rules_match_one(rs, 1, r), 0);
	json_decref(r);
	/* Every word of the list is found after the table has grown (the
	 * term table's filter never turns a key away), and no near one. */
	for (i = 0, bad = 0; i < 5000; i++) {
		snprintf(rec, sizeof(rec), "{\"text\":\"la x%dy%s\"}",
		    i * 7919 % 100000, i % 3 ? "" : " z");
		r = parse(rec);
		bad += rules_match_one(rs, 1, r) != 1;
		json_decref(r);
		snprintf(rec, sizeof(rec), "{\"text\":\"la x%dz\"}",
		    i * 7919 % 100000);
		r = parse(rec);
		bad += rules_match_one(rs, 1, r) != 0;
		json_decref(r);
	}
	CHECK_INT(bad, 0);
	rules_free(rs);
}

/* rules_apply on rec: the why of the rules that fired, into got. */
static void
fired(struct ruleset *rs, json_t *rec, char *got, size_t size)
{
	json_t *why = json_array();
	size_t k;

	rules_apply(rs, rec, why);
	got[0] = '\0';
	for (k = 0; k < json_array_size(why); k++)
		snprintf(got + strlen(got), size - strlen(got), "%s ",
		    json_string_value(json_array_get(why, k)));
	json_decref(why);
}

/* The rules that hold for rec, each checked alone, by ids[rule]. */
static void
holding(struct ruleset *rs, json_t *rec, const char *const *ids, char *want,
    size_t size)
{
	size_t r;

	want[0] = '\0';
	for (r = 0; r < rules_count(rs); r++)
		if (rules_match_one(rs, r, rec))
			snprintf(want + strlen(want), size - strlen(want),
			    "%s ", ids[r]);
}

/*
 * The rules of yaml that fire on each record must be those that hold,
 * each checked alone (on the record as the rules left it: one that
 * needs a tag sees the tags of the rules before it), with gating by
 * words or by value on.
 */
static void
check_gates(const char *yaml, const char *const *ids,
    const char *const *recs, size_t nrecs, int by_value)
{
	struct ruleset *rs;
	json_t *rec;
	size_t i;
	char want[256], got[256];

	if ((rs = load_text(yaml, "class.tags")) == NULL) {
		CHECK(0);
		return;
	}
	CHECK_INT(by_value ? rs->value_gating : rs->word_gating, 1);
	for (i = 0; i < nrecs; i++) {
		rec = parse(recs[i]);
		fired(rs, rec, got, sizeof(got));
		holding(rs, rec, ids, want, sizeof(want));
		CHECK_STR(got, want);
		json_decref(rec);
	}
	rules_free(rs);
}

/*
 * Rules gated by their words are skipped when none of their words is in
 * the text: the rules that fire must be exactly those that hold, each
 * checked alone.
 */
static void
test_gates(void)
{
	static const char *yaml =
	    "- id: g1\n  when: {text: {any_word: [baja, cancelar]}}\n"
	    "  then: {tag: g1}\n  continue: true\n"
	    "- id: g2\n  when: {channel: sms, text: {all_words: [no, anda]}}\n"
	    "  then: {tag: g2}\n  continue: true\n"
	    "- id: g3\n  when: {text: {any_word: [\"dar de baja\"]}}\n"
	    "  then: {tag: g3}\n  continue: true\n"
	    "- id: n1\n  when: {any: [{text: {any_word: hola}}, {channel: sms}]}\n"
	    "  then: {tag: n1}\n  continue: true\n"
	    "- id: n2\n  when: {not: {text: {any_word: baja}}}\n"
	    "  then: {tag: n2}\n  continue: true\n"
	    "- id: n3\n  when: {subject: {any_word: baja}}\n"
	    "  then: {tag: n3}\n  continue: true\n"
	    "- id: g4\n  when: {text: {any_word: [internet]}, "
	    "class.tags: g1}\n  then: {tag: g4}\n  continue: true\n";
	static const char *recs[] = {
	    "{\"text\":\"quiero dar de baja internet\"}",
	    "{\"text\":\"no anda nada\",\"channel\":\"sms\"}",
	    "{\"text\":\"no anda nada\",\"channel\":\"twitter\"}",
	    "{\"text\":\"hola\",\"subject\":\"la baja\"}",
	    "{\"subject\":\"baja\",\"channel\":\"sms\"}",
	    "{\"text\":[\"cancelar\",\"internet\"]}",
	    "{\"text\":\"\"}",
	};
	static const char *const ids[] = {
	    "g1", "g2", "g3", "n1", "n2", "n3", "g4"
	};

	check_gates(yaml, ids, recs, sizeof(recs) / sizeof(recs[0]), 0);
}

/*
 * Rules gated by a value (an "eq" or "in" over strings on one field)
 * are tried only when the field has one of their values; the rules that
 * fire must still be those that hold, in the list's order, for a string,
 * an array (an element of it), a number, null and no value.
 */
static const char *const vg_ids[] = {
	"v1", "u1", "v2", "v3", "v4", "num", "u2", "v5", "w1"
};

static void
test_value_gates(void)
{
	static const char *yaml =
	    "- id: v1\n  when: {label: question}\n"
	    "  then: {set: {x.a: 1}}\n  continue: true\n"
	    "- id: u1\n  when: {channel: sms}\n"
	    "  then: {set: {x.b: 1}}\n  continue: true\n"
	    "- id: v2\n  when: {label: {in: [complaint, question, question]}}\n"
	    "  then: {set: {x.c: 1}}\n  continue: true\n"
	    "- id: v3\n  when: {conf: {ge: 0.5}, label: complaint}\n"
	    "  then: {set: {x.d: 1}}\n  continue: true\n"
	    "- id: v4\n  when: {all: [{label: {in: [\"q\\u00e9\", other]}}]}\n"
	    "  then: {set: {x.e: 1}}\n  continue: true\n"
	    "- id: num\n  when: {label: {in: [7, question]}}\n"
	    "  then: {set: {x.f: 1}}\n  continue: true\n"
	    "- id: u2\n  when: {any: [{label: question}, {channel: sms}]}\n"
	    "  then: {set: {x.g: 1}}\n  continue: true\n"
	    "- id: v5\n  when: {label: other}\n"
	    "  then: {set: {x.h: 1}}\n  continue: true\n"
	    "- id: w1\n  when: {text: {any_word: baja}, label: question}\n"
	    "  then: {set: {x.i: 1}}\n  continue: true\n";
	/* The same, with a rule that sets label: gating off. */
	static const char *touched =
	    "- id: v1\n  when: {label: question}\n"
	    "  then: {set: {label: other}}\n  continue: true\n"
	    "- id: u1\n  when: {channel: sms}\n  then: {set: {x.b: 1}}\n"
	    "  continue: true\n"
	    "- id: v2\n  when: {label: {in: [complaint, question]}}\n"
	    "  then: {set: {x.c: 1}}\n  continue: true\n"
	    "- id: v3\n  when: {label: complaint}\n  then: {set: {x.d: 1}}\n"
	    "  continue: true\n"
	    "- id: v4\n  when: {label: other}\n  then: {set: {x.e: 1}}\n"
	    "  continue: true\n";
	static const char *recs[] = {
	    "{\"label\":\"question\",\"text\":\"la baja\"}",
	    "{\"label\":\"complaint\",\"conf\":0.9,\"channel\":\"sms\"}",
	    "{\"label\":\"complaint\",\"conf\":0.1}",
	    "{\"label\":[\"x\",\"other\",\"complaint\"],\"conf\":1}",
	    "{\"label\":\"q\u00e9\"}",
	    "{\"label\":7}",
	    "{\"label\":null,\"channel\":\"sms\"}",
	    "{\"channel\":\"sms\"}",
	    "{\"label\":\"questio\"}",
	};
	struct ruleset *rs;

	check_gates(yaml, vg_ids, recs, sizeof(recs) / sizeof(recs[0]), 1);
	/* First match wins among gated and ungated rules alike. */
	CHECK_STR(run("- id: a\n  when: {l: x}\n  then: {set: {r: a}}\n"
	    "- id: b\n  when: {n: 1}\n  then: {set: {r: b}}\n"
	    "- id: c\n  when: {l: {in: [x, y]}}\n  then: {set: {r: c}}\n"
	    "- id: d\n  when: {l: y}\n  then: {set: {r: d}}\n",
	    "{\"n\":1,\"l\":\"y\"}"), "1 {\"n\":1,\"l\":\"y\",\"r\":\"b\"} [\"b\"]");
	CHECK_STR(run("- id: a\n  when: {l: x}\n  then: {set: {r: a}}\n"
	    "- id: b\n  when: {n: 1}\n  then: {set: {r: b}}\n"
	    "- id: c\n  when: {l: {in: [x, y]}}\n  then: {set: {r: c}}\n"
	    "- id: d\n  when: {l: y}\n  then: {set: {r: d}}\n",
	    "{\"n\":2,\"l\":\"y\"}"), "1 {\"n\":2,\"l\":\"y\",\"r\":\"c\"} [\"c\"]");
	/* A rule setting the field: the rules after it see the new value. */
	if ((rs = load_text(touched, NULL)) != NULL) {
		CHECK_INT(rs->value_gating, 0);
		rules_free(rs);
	}
	CHECK_STR(run(touched, "{\"label\":\"question\"}"),
	    "2 {\"label\":\"other\",\"x\":{\"e\":1}} [\"v1\",\"v4\"]");
}

/* ---- evaluation and actions ----------------------------------------- */

static const char *order_rules =
    "- id: a\n"
    "  when: {channel: twitter}\n"
    "  then: {set: {x: 1}}\n"
    "  continue: true\n"
    "- id: b\n"
    "  when: {channel: twitter}\n"
    "  then: {set: {y: 2}, why: second}\n"
    "- id: c\n"
    "  when: {channel: twitter}\n"
    "  then: {set: {z: 3}}\n";

static void
test_order(void)
{
	CHECK_STR(run(order_rules, "{\"channel\":\"twitter\"}"),
	    "2 {\"channel\":\"twitter\",\"x\":1,\"y\":2} [\"a\",\"second\"]");
	CHECK_STR(run(order_rules, "{\"channel\":\"sms\"}"),
	    "0 {\"channel\":\"sms\"} []");
	/* First match wins. */
	CHECK_STR(run("- id: a\n  when: {n: 1}\n  then: {set: {r: a}}\n"
	    "- id: b\n  when: {n: 1}\n  then: {set: {r: b}}\n",
	    "{\"n\":1}"), "1 {\"n\":1,\"r\":\"a\"} [\"a\"]");
	/* Later rules see what earlier ones set, words included. */
	CHECK_STR(run("- id: a\n  when: {text: {any_word: hola}}\n"
	    "  then: {set: {text: quiero la baja, class.reason: request}}\n"
	    "  continue: true\n"
	    "- id: b\n  when: {text: {any_word: baja}, "
	    "class.reason: request}\n"
	    "  then: {set: {route.queue: retention}}\n",
	    "{\"text\":\"hola\"}"),
	    "2 {\"text\":\"quiero la baja\",\"class\":{\"reason\":\"request\"},"
	    "\"route\":{\"queue\":\"retention\"}} [\"a\",\"b\"]");
	CHECK_STR(run("- id: a\n  when: {channel: sms}\n"
	    "  then: {tag: sms}\n  continue: true\n"
	    "- id: b\n  when: {class.tags: sms}\n  then: {set: {ok: true}}\n",
	    "{\"channel\":\"sms\"}"),
	    "2 {\"channel\":\"sms\",\"class\":{\"tags\":[\"sms\"]},\"ok\":true}"
	    " [\"a\",\"b\"]");
}

static void
test_set(void)
{
	const char *yaml = "- id: s\n  when: {n: 1}\n  then:\n    set:\n"
	    "      route.queue: retention\n      route.priority: 1\n"
	    "      class.flags: [a, b]\n      class.meta: {k: v, n: 2.5}\n"
	    "      class.filter: null\n";

	CHECK_STR(run(yaml, "{\"n\":1}"), "1 {\"n\":1,\"route\":{\"queue\":"
	    "\"retention\",\"priority\":1},\"class\":{\"flags\":[\"a\",\"b\"],"
	    "\"meta\":{\"k\":\"v\",\"n\":2.5},\"filter\":null}} [\"s\"]");
	/* Replaces what is there, keeps the rest. */
	CHECK_STR(run(yaml, "{\"n\":1,\"route\":{\"queue\":\"care\",\"x\":0},"
	    "\"class\":{\"flags\":[\"z\"]}}"), "1 {\"n\":1,\"route\":{\"queue\":"
	    "\"retention\",\"x\":0,\"priority\":1},\"class\":{\"flags\":[\"a\","
	    "\"b\"],\"meta\":{\"k\":\"v\",\"n\":2.5},\"filter\":null}} [\"s\"]");
	/* A non-object on the way: that set is left out. */
	CHECK_STR(run(yaml, "{\"n\":1,\"route\":\"x\"}"), "1 {\"n\":1,"
	    "\"route\":\"x\",\"class\":{\"flags\":[\"a\",\"b\"],\"meta\":{\"k\":"
	    "\"v\",\"n\":2.5},\"filter\":null}} [\"s\"]");
}

static void
test_tags_why(void)
{
	const char *yaml = "- id: t1\n  when: {n: 1}\n"
	    "  then: {tag: [cancellation, retention], why: \"kw:baja\"}\n"
	    "  continue: true\n"
	    "- id: t2\n  when: {n: 1}\n  then: {tag: retention}\n"
	    "  continue: true\n"
	    "- id: t3\n  when: {n: 2}\n  then: {tag: never}\n";

	CHECK_STR(run(yaml, "{\"n\":1}"), "2 {\"n\":1,\"class\":{\"tags\":"
	    "[\"cancellation\",\"retention\"]}} [\"kw:baja\",\"t2\"]");
	CHECK_STR(run(yaml, "{\"n\":1,\"class\":{\"tags\":[\"retention\","
	    "\"vip\"]}}"), "2 {\"n\":1,\"class\":{\"tags\":[\"retention\","
	    "\"vip\",\"cancellation\"]}} [\"kw:baja\",\"t2\"]");
	/* A tag field that is no array is left alone. */
	CHECK_STR(run(yaml, "{\"n\":1,\"class\":{\"tags\":\"x\"}}"),
	    "2 {\"n\":1,\"class\":{\"tags\":\"x\"}} [\"kw:baja\",\"t2\"]");
	CHECK_STR(run(yaml, "{\"n\":1,\"class\":{\"tags\":null}}"),
	    "2 {\"n\":1,\"class\":{\"tags\":[\"cancellation\",\"retention\"]}}"
	    " [\"kw:baja\",\"t2\"]");
}

/*
 * rules_bind: class's reason, tags and model kept in an array; the rules
 * read and set them there, a key of their own stays in the record.
 */
static void
test_bind(void)
{
	static const char *const keys[] = { "reason", "tags", "model" };
	json_t *vals[3] = { NULL, NULL, NULL }, *rec, *why;
	struct ruleset *rs;
	char *s;
	size_t i;

	rs = load_text("- id: a\n  when: {class.reason: {exists: false}}\n"
	    "  then: {set: {class.reason: complaint, class.team: x}, tag: t}\n"
	    "  continue: true\n"
	    "- id: b\n  when: {class.reason: complaint, class.tags: t,\n"
	    "    class.model.label: praise, class.team: x}\n"
	    "  then: {set: {class.reason: praise, class.model: {label: y}},"
	    " tag: [u, t]}\n  continue: true\n"
	    "- id: c\n  when: {class.reason: praise, class.model.label: y}\n"
	    "  then: {set: {class.reason: null}}\n", "class.tags");
	CHECK(rs != NULL);
	if (rs == NULL)
		return;
	CHECK_INT(rules_bind(rs, "class", keys, 3, vals, err, sizeof(err)),
	    0);
	rec = json_pack("{s:i}", "n", 1);
	vals[2] = json_pack("{s:s}", "label", "praise");
	why = json_array();
	CHECK_INT(rules_apply(rs, rec, why), 3);
	/* The record holds only the key of the rules' own. */
	s = json_dumps(rec, JSON_COMPACT);
	CHECK_STR(s, "{\"n\":1,\"class\":{\"team\":\"x\"}}");
	free(s);
	CHECK(json_is_null(vals[0]));
	s = json_dumps(vals[1], JSON_COMPACT);
	CHECK_STR(s, "[\"t\",\"u\"]");
	free(s);
	CHECK_STR(json_string_value(json_object_get(vals[2], "label")), "y");
	for (i = 0; i < 3; i++)
		json_decref(vals[i]);
	json_decref(rec);
	json_decref(why);
	rules_free(rs);

	/* What needs class in the record is refused, with where. */
	rs = load_text("- id: whole\n  when: {n: 1}\n"
	    "  then: {set: {class: {reason: x}}}\n", "class.tags");
	CHECK(rs != NULL && rules_bind(rs, "class", keys, 3, vals, err,
	    sizeof(err)) == -1);
	CHECK(strstr(err, ":3:23: rule \"whole\" sets \"class\" whole") !=
	    NULL);
	rules_free(rs);
	rs = load_text("- id: inside\n  when: {n: 1}\n"
	    "  then: {set: {class.model.label: x}}\n", "class.tags");
	CHECK(rs != NULL && rules_bind(rs, "class", keys, 3, vals, err,
	    sizeof(err)) == -1);
	CHECK(strstr(err, "rule \"inside\" sets \"class.model.label\": a "
	    "part of \"class.model\" is not set alone") != NULL);
	rules_free(rs);
	rs = load_text("- id: reads\n  when: {any: [{class: {exists: true}}]}"
	    "\n  then: {set: {class.reason: x}}\n", "class.tags");
	CHECK(rs != NULL && rules_bind(rs, "class", keys, 3, vals, err,
	    sizeof(err)) == -1);
	CHECK(strstr(err, ":1:7: rule \"reads\" reads \"class\" whole") !=
	    NULL);
	rules_free(rs);
	/* rules_sets_outside: any set but obj's own keys. */
	rs = load_text("- id: a\n  when: {n: 1}\n  then: {set: {class.x: 1}, "
	    "tag: t}\n", "class.tags");
	CHECK_INT(rules_sets_outside(rs, "class"), 0);
	CHECK_INT(rules_sets_outside(rs, "clas"), 1);
	CHECK_INT(rules_sets_outside(NULL, "class"), 0);
	rules_free(rs);
	rs = load_text("- id: a\n  when: {n: 1}\n  then: {set: {class.x: 1, "
	    "classy: 2}}\n", NULL);
	CHECK_INT(rules_sets_outside(rs, "class"), 1);
	rules_free(rs);
	/* A key that only starts like a bound one is the record's. */
	rs = load_text("- id: k\n  when: {n: 1}\n"
	    "  then: {set: {class.reasons.x: 1, classy: 2}}\n", "class.tags");
	CHECK(rs != NULL && rules_bind(rs, "class", keys, 3, vals, err,
	    sizeof(err)) == 0);
	rec = json_pack("{s:i}", "n", 1);
	CHECK_INT(rs ? rules_apply(rs, rec, NULL) : 0, 1);
	s = json_dumps(rec, JSON_COMPACT);
	CHECK_STR(s, "{\"n\":1,\"class\":{\"reasons\":{\"x\":1}},"
	    "\"classy\":2}");
	free(s);
	json_decref(rec);
	rules_free(rs);
}

/* The sample file, and a file with its rules under rules:. */
static void
test_files(void)
{
	struct ruleset *rs;
	json_t *rec, *why;
	char *s;

	rs = rules_load(FIXTURES "good.yaml", "class.tags", err, sizeof(err));
	CHECK(rs != NULL);
	if (rs == NULL) {
		fprintf(stderr, "%s\n", err);
		return;
	}
	CHECK_INT(rules_count(rs), 5);
	rec = parse("{\"text\":\"Quiero dar de BAJA mi movistr, idiotas no, "
	    "IDIOTA\",\"class\":{\"reason\":\"request\"}}");
	why = json_array();
	CHECK_INT(rules_match_one(rs, 0, rec), 1);
	CHECK_INT(rules_match_one(rs, 3, rec), 0);
	CHECK_INT(rules_match_one(rs, 99, rec), 0);
	CHECK_INT(rules_apply(rs, rec, why), 1);
	s = dump(rec);
	CHECK_STR(s, "{\"text\":\"Quiero dar de BAJA mi movistr, idiotas no, "
	    "IDIOTA\",\"class\":{\"reason\":\"request\",\"tags\":"
	    "[\"cancellation\"]},\"route\":{\"queue\":\"retention\"}}");
	free(s);
	json_decref(rec);
	json_array_clear(why);
	rec = parse("{\"text\":\"IDIOTA, el mobistar tv no anda, pedido nro. "
	    "12345678\",\"channel\":\"twitter\"}");
	CHECK_INT(rules_apply(rs, rec, why), 3);
	s = dump(rec);
	CHECK_STR(s, "{\"text\":\"IDIOTA, el mobistar tv no anda, pedido nro. "
	    "12345678\",\"channel\":\"twitter\",\"class\":{\"protocol\":"
	    "\"hostile\",\"tags\":[\"insult\",\"brand\"],\"has_order\":true}}");
	free(s);
	s = dump(why);
	CHECK_STR(s, "[\"hostile\",\"brand-misspelled\",\"order number\"]");
	free(s);
	json_decref(rec);
	json_array_clear(why);
	rec = parse("{\"text\":\"llamame al +54 9 341 5551234\","
	    "\"channel\":\"sms\"}");
	CHECK_INT(rules_apply(rs, rec, why), 1);
	s = dump(why);
	CHECK_STR(s, "[\"phone-number\"]");
	free(s);
	json_decref(rec);
	json_decref(why);
	rules_free(rs);

	rs = rules_load(FIXTURES "mapping.yaml", NULL, err, sizeof(err));
	CHECK(rs != NULL);
	if (rs != NULL) {
		CHECK_INT(rules_count(rs), 1);
		rules_free(rs);
	}
	rs = load_text("[]\n", NULL);
	CHECK(rs != NULL);
	if (rs != NULL) {
		CHECK_INT(rules_count(rs), 0);
		rec = parse("{}");
		CHECK_INT(rules_apply(rs, rec, NULL), 0);
		json_decref(rec);
		rules_free(rs);
	}
}

/* rules_compile over a list inside a document the caller loaded. */
static void
test_compile(void)
{
	struct yamldoc *doc;
	struct ruleset *rs;
	char path[64];

	write_file(path, "settings: {a: 1}\nfilters:\n  - id: f\n"
	    "    when: {text: {any_word: hola}}\n    then: {why: saludo}\n"
	    "reasons:\n  - id: r\n    when: {text: {any_wrd: x}}\n"
	    "    then: {why: x}\n");
	doc = ydoc_load(path, err, sizeof(err));
	unlink(path);
	CHECK(doc != NULL);
	if (doc == NULL)
		return;
	rs = rules_compile(doc, json_object_get(ydoc_root(doc), "filters"),
	    NULL, err, sizeof(err));
	CHECK(rs != NULL);
	CHECK_INT(rs ? rules_count(rs) : 0, 1);
	rules_free(rs);
	rs = rules_compile(doc, json_object_get(ydoc_root(doc), "reasons"),
	    NULL, err, sizeof(err));
	CHECK(rs == NULL);
	CHECK(strncmp(err, path, strlen(path)) == 0);
	CHECK_STR(err + strlen(path), ":8:28: unknown operator \"any_wrd\" "
	    "in rule \"r\" (expected eq, ne, in, not_in, lt, le, gt, ge, "
	    "any_word, all_words, phrase, regex, fuzzy, exists)");
	rs = rules_compile(doc, json_object_get(ydoc_root(doc), "settings"),
	    NULL, err, sizeof(err));
	CHECK(rs == NULL);
	CHECK_STR(err + strlen(path), ":1:11: expected a list of rules");
	ydoc_free(doc);
}

/* ---- errors --------------------------------------------------------- */

/* The error loading a fixture, or "(loaded)". */
static const char *
fixture_error(const char *name, const char *tag_path)
{
	struct ruleset *rs;
	char path[256];

	snprintf(path, sizeof(path), FIXTURES "%s", name);
	if ((rs = rules_load(path, tag_path, err, sizeof(err))) != NULL) {
		rules_free(rs);
		return "(loaded)";
	}
	return err;
}

#define CHECK_ERROR(name, msg) \
	CHECK_STR(fixture_error(name, NULL), FIXTURES name ":" msg)

static void
test_error_files(void)
{
	CHECK_ERROR("bad-unknown-key.yaml", "3:5: unknown key \"whne\" in "
	    "rule \"baja\" (expected id, when, then, continue, description)");
	CHECK_ERROR("bad-unknown-op.yaml", "3:22: unknown operator "
	    "\"any_wrod\" in rule \"baja\" (expected eq, ne, in, not_in, lt, "
	    "le, gt, ge, any_word, all_words, phrase, regex, fuzzy, exists)");
	CHECK_ERROR("bad-then-key.yaml", "4:11: unknown key \"sett\" in the "
	    "\"then\" of rule \"baja\" (expected set, tag, why)");
	CHECK_ERROR("bad-op-in-when.yaml", "3:15: unknown key \"any_word\" "
	    "in the conditions of rule \"baja\" (expected a field path, any, "
	    "all or not; operators go under a field, as in text: "
	    "{any_word: baja})");
	CHECK_ERROR("bad-type-number.yaml", "3:28: \"gt\" in rule \"vip\" "
	    "takes a number");
	CHECK_ERROR("bad-type-in.yaml", "4:11: \"in\" in rule \"reasons\" "
	    "takes a list of strings, numbers or booleans");
	CHECK_ERROR("bad-type-bool.yaml", "3:20: \"exists\" in rule "
	    "\"no-text\" takes true or false");
	/* true has no position: the operators' mapping gives it. */
	CHECK_ERROR("bad-type-nopos.yaml", "4:7: \"gt\" in rule \"weird\" "
	    "takes a number");
	CHECK_ERROR("bad-regex.yaml", "3:19: bad regex \"pedido (#[0-9]+\" "
	    "in rule \"order\": Unmatched ( or \\(");
	CHECK_ERROR("bad-dup-id.yaml", "5:7: duplicate id \"baja\" (first on "
	    "line 1)");
	CHECK_ERROR("bad-no-id.yaml", "4:3: rule #2 has no id");
	CHECK_ERROR("bad-no-when.yaml", "1:3: rule \"lost\" has no \"when\"");
	CHECK_ERROR("bad-no-then.yaml", "1:3: rule \"idle\" has no \"then\"");
	CHECK_ERROR("bad-empty-when.yaml", "2:9: the \"when\" of rule "
	    "\"always\" is empty");
	CHECK_ERROR("bad-tag.yaml", "4:10: \"tag\" in rule \"tagger\": this "
	    "file's rules cannot tag (expected set or why)");
	CHECK_STR(fixture_error("bad-tag.yaml", "class.tags"), "(loaded)");
	CHECK_ERROR("bad-not-list.yaml", "1:1: no \"rules\" in this mapping "
	    "(expected a list of rules, or rules: and the list)");
	CHECK_ERROR("bad-rules-not-list.yaml", "2:3: expected a list of "
	    "rules");
	CHECK_ERROR("bad-rule-scalar.yaml", "4:3: rule #2 is not a mapping "
	    "(expected id, when, then, continue, description)");
	CHECK_ERROR("bad-any.yaml", "3:10: \"any\" in rule \"either\" takes a "
	    "list of conditions");
	CHECK_ERROR("bad-no-words.yaml", "3:29: \"!!!\" in rule \"shout\" has "
	    "no word to match");
	CHECK_ERROR("bad-null.yaml", "3:5: \"eq\" in rule \"no-filter\" "
	    "compares with null: test a missing field with exists: false");
	CHECK_ERROR("bad-path.yaml", "4:25: bad field path \"route..queue\" "
	    "in \"set\" of rule \"deep\"");
	CHECK_ERROR("bad-continue.yaml", "4:13: \"continue\" in rule "
	    "\"go-on\" takes true or false");
	CHECK_ERROR("bad-list-cond.yaml", "3:14: the condition on \"channel\" "
	    "in rule \"social\" is a list: write {in: [...]} for one of "
	    "several values, {any_word: [...]} for words");
	CHECK_ERROR("bad-yaml.yaml", "3:7: did not find expected ',' or '}' "
	    "while parsing a flow mapping");
	CHECK_STR(fixture_error("no-such-file.yaml", NULL),
	    FIXTURES "no-such-file.yaml: No such file or directory");
}

/* Smaller mistakes, written inline. */
static void
test_errors(void)
{
	const char *head = "- id: x\n  then: {why: x}\n  when:\n";
	char yaml[1024], deep[512];
	int i;

#define WHEN_ERROR(cond, msg) do { \
	snprintf(yaml, sizeof(yaml), "%s    %s\n", head, cond); \
	CHECK_STR(load_error(yaml, NULL), msg); \
} while (0)
	WHEN_ERROR("text: {}", ":4:11: no operator for \"text\" in rule \"x\" "
	    "(expected eq, ne, in, not_in, lt, le, gt, ge, any_word, "
	    "all_words, phrase, regex, fuzzy, exists)");
	WHEN_ERROR("text: {any_word: []}", ":4:22: \"any_word\" in rule \"x\" "
	    "takes a string or a list of strings");
	WHEN_ERROR("text: {all_words: [a, 1]}", ":4:23: \"all_words\" in rule "
	    "\"x\" takes a string or a list of strings");
	WHEN_ERROR("text: {phrase: {a: b}}", ":4:20: \"phrase\" in rule \"x\" "
	    "takes a string or a list of strings");
	WHEN_ERROR("text: {fuzzy: 5}", ":4:19: \"fuzzy\" in rule \"x\" takes a "
	    "string or a list of strings");
	WHEN_ERROR("text: {fuzzy: [movistar, \"??\"]}", ":4:30: \"??\" in rule "
	    "\"x\" has no word to match");
	WHEN_ERROR("text: {regex: [a]}", ":4:19: \"regex\" in rule \"x\" takes "
	    "a string");
	WHEN_ERROR("n: {in: [1, [2]]}", ":4:17: \"in\" in rule \"x\" takes a "
	    "list of strings, numbers or booleans");
	WHEN_ERROR("n: {not_in: []}", ":4:17: \"not_in\" in rule \"x\" takes a "
	    "list of strings, numbers or booleans");
	WHEN_ERROR("n: {in: [1, null]}", ":4:8: \"in\" in rule \"x\" takes a "
	    "list of strings, numbers or booleans");
	WHEN_ERROR("n: {eq: [1]}", ":4:13: \"eq\" in rule \"x\" takes a string, "
	    "number or boolean");
	WHEN_ERROR("n: {ne: ~}", ":4:8: \"ne\" in rule \"x\" compares with null: "
	    "test a missing field with exists: false");
	WHEN_ERROR("n: {le: \"5\"}", ":4:13: \"le\" in rule \"x\" takes a number");
	WHEN_ERROR("n: {exists: 1}", ":4:17: \"exists\" in rule \"x\" takes true "
	    "or false");
	WHEN_ERROR("not: [a]", ":4:10: the \"not\" of rule \"x\" must be a "
	    "mapping of fields to conditions");
	WHEN_ERROR("all: [{a: 1}, {}]", ":4:19: an \"all\" entry of rule \"x\" "
	    "is empty");
	WHEN_ERROR("any: []", ":4:10: \"any\" in rule \"x\" takes a list of "
	    "conditions");
	WHEN_ERROR("a..b: 1", ":4:11: bad field path \"a..b\" in rule \"x\"");
	WHEN_ERROR(".a: 1", ":4:9: bad field path \".a\" in rule \"x\"");
	WHEN_ERROR("or: [{a: 1}]", ":4:9: unknown key \"or\" in the conditions "
	    "of rule \"x\" (expected a field path, any, all or not; operators "
	    "go under a field, as in text: {any_word: baja})");
	/* Nesting has a limit. */
	strcpy(deep, "not: ");
	for (i = 0; i < 39; i++)
		strcat(deep, "{not: ");
	strcat(deep, "{a: 1}");
	for (i = 0; i < 39; i++)
		strcat(deep, "}");
	WHEN_ERROR(deep, ":4:196: conditions nested too deep in rule \"x\"");
#undef WHEN_ERROR
	CHECK_STR(load_error("- id: x\n  when: [a]\n  then: {why: x}\n", NULL),
	    ":2:9: the \"when\" of rule \"x\" must be a mapping of fields to "
	    "conditions");
	CHECK_STR(load_error("- id: 5\n  when: {a: 1}\n  then: {why: x}\n",
	    NULL), ":1:7: the id of rule #1 must be a non-empty string");
	CHECK_STR(load_error("- id: \"\"\n  when: {a: 1}\n  then: {why: x}\n",
	    NULL), ":1:7: the id of rule #1 must be a non-empty string");
	CHECK_STR(load_error("- id: x\n  when: {a: 1}\n  then: {}\n", NULL),
	    ":3:9: the \"then\" of rule \"x\" needs set, tag or why");
	CHECK_STR(load_error("- id: x\n  when: {a: 1}\n  then: why\n", NULL),
	    ":3:9: the \"then\" of rule \"x\" needs set, tag or why");
	CHECK_STR(load_error("- id: x\n  when: {a: 1}\n  then: {why: [a]}\n",
	    NULL), ":3:15: \"why\" in rule \"x\" takes a string");
	CHECK_STR(load_error("- id: x\n  when: {a: 1}\n  then: {set: [a]}\n",
	    NULL), ":3:15: \"set\" in rule \"x\" takes a mapping of fields to "
	    "values");
	CHECK_STR(load_error("- id: x\n  when: {a: 1}\n  then: {tag: [a, 2]}\n",
	    "class.tags"), ":3:15: \"tag\" in rule \"x\" takes a string or a "
	    "list of strings");
	CHECK_STR(load_error("- id: x\n  when: {a: 1}\n  then: {tag: \"\"}\n",
	    "class.tags"), ":3:15: empty tag in rule \"x\"");
	CHECK_STR(load_error("- id: x\n  when: {a: 1}\n  then: {why: x}\n"
	    "  description: [a]\n", NULL), ":4:16: \"description\" in rule "
	    "\"x\" takes a string");
	CHECK_STR(load_error("- id: x\n  when: {a: 1}\n  then: {why: x}\n"
	    "  continue: false\n  description: fine\n", NULL), "(loaded)");
	CHECK_STR(load_error("hola\n", NULL), ":1:1: expected a list of rules");
}

/* ---- many rules against a naive evaluation -------------------------- */

#define NRULES		300
#define NRECORDS	600

static const char *const vocab[] = {
	"baja", "bajada", "alta", "factura", "cobro", "internet", "lento",
	"sin", "servicio", "dar", "de", "la", "cancelar", "quiero", "hola",
	"gracias", "router", "linea", "movistar", "movistr", "mobistar",
	"movi", "star", "tv", "reclamo", "deuda", "pago", "tarjeta",
	"idiota", "ladrones", "portabilidad", "claro", "caro", "senal",
	"wifi", "fibra", "tecnico", "visita", "visitar", "mostrar",
};
#define NVOCAB	(sizeof(vocab) / sizeof(vocab[0]))

static const char *const fuzzy_terms[] = {
	"movistar", "internet", "factura", "portabilidad", "claro", "tecnico"
};
static const char *const channels[] = { "twitter", "facebook", "email", "sms" };
static const char *const reasons[] = {
	"request", "complaint", "question", "praise"
};

enum gkind {
	G_ANY_WORD, G_ALL_WORDS, G_FUZZY, G_CHANNEL, G_REASON, G_FOLLOWERS,
	G_NOT_WORD, G_EXISTS, G_NE_CHANNEL, G_NKINDS
};

struct gcond {
	enum gkind	 kind;
	char		 terms[3][40];	/* words; a term may be two words */
	int		 nterms;
	int		 arg;		/* index, number or flag */
};

struct grule {
	struct gcond	 c[3];
	int		 nc, any, cont, queue, tag;
};

struct grec {
	char		 text[2][200];	/* as written */
	char		 norm[2][200];	/* " word word " */
	int		 ntext;		/* 0: no text; 2: an array */
	int		 channel, reason, followers;	/* -1: absent */
};

static int
pick(int n)
{
	return rand() % n;
}

static void
random_term(char *out, size_t size)
{
	if (pick(4) == 0)
		snprintf(out, size, "%s %s", vocab[pick(NVOCAB)],
		    vocab[pick(NVOCAB)]);
	else
		snprintf(out, size, "%s", vocab[pick(NVOCAB)]);
}

static void
random_cond(struct gcond *g)
{
	int i;

	memset(g, 0, sizeof(*g));
	g->kind = (enum gkind)pick(G_NKINDS);
	switch (g->kind) {
	case G_ANY_WORD:
	case G_ALL_WORDS:
		g->nterms = 1 + pick(3);
		for (i = 0; i < g->nterms; i++)
			random_term(g->terms[i], sizeof(g->terms[i]));
		break;
	case G_NOT_WORD:
		g->nterms = 1;
		random_term(g->terms[0], sizeof(g->terms[0]));
		break;
	case G_FUZZY:
		g->nterms = 1 + pick(2);
		for (i = 0; i < g->nterms; i++)
			snprintf(g->terms[i], sizeof(g->terms[i]), "%s",
			    fuzzy_terms[pick(6)]);
		break;
	case G_CHANNEL:
	case G_NE_CHANNEL:
		g->arg = pick(4);
		break;
	case G_REASON:
		g->arg = pick(4);
		break;
	case G_FOLLOWERS:
		g->arg = pick(5000);
		break;
	case G_EXISTS:
		g->arg = pick(2);
		break;
	default:
		break;
	}
}

static void
append(char *buf, size_t size, const char *s)
{
	size_t n = strlen(buf);

	snprintf(buf + n, size - n, "%s", s);
}

static void
term_list(char *buf, size_t size, const struct gcond *g)
{
	int i;

	append(buf, size, "[");
	for (i = 0; i < g->nterms; i++) {
		append(buf, size, i ? ", \"" : "\"");
		append(buf, size, g->terms[i]);
		append(buf, size, "\"");
	}
	append(buf, size, "]");
}

static void
cond_yaml(char *buf, size_t size, const struct gcond *g)
{
	char tmp[64];

	switch (g->kind) {
	case G_ANY_WORD:
		append(buf, size, "{text: {any_word: ");
		break;
	case G_ALL_WORDS:
		append(buf, size, "{text: {all_words: ");
		break;
	case G_FUZZY:
		append(buf, size, "{text: {fuzzy: ");
		break;
	case G_NOT_WORD:
		append(buf, size, "{not: {text: {any_word: ");
		break;
	case G_CHANNEL:
		snprintf(tmp, sizeof(tmp), "{channel: %s}", channels[g->arg]);
		append(buf, size, tmp);
		return;
	case G_NE_CHANNEL:
		snprintf(tmp, sizeof(tmp), "{channel: {ne: %s}}",
		    channels[g->arg]);
		append(buf, size, tmp);
		return;
	case G_REASON:
		snprintf(tmp, sizeof(tmp), "{class.reason: {in: [%s, %s]}}",
		    reasons[g->arg], reasons[(g->arg + 1) % 4]);
		append(buf, size, tmp);
		return;
	case G_FOLLOWERS:
		snprintf(tmp, sizeof(tmp), "{author.followers: {gt: %d}}",
		    g->arg);
		append(buf, size, tmp);
		return;
	case G_EXISTS:
		append(buf, size, g->arg ? "{text: {exists: true}}" :
		    "{text: {exists: false}}");
		return;
	default:
		return;
	}
	term_list(buf, size, g);
	append(buf, size, g->kind == G_NOT_WORD ? "}}}" : "}}");
}

static void
rule_yaml(char *buf, size_t size, const struct grule *r, int no)
{
	char tmp[128];
	int i;

	snprintf(tmp, sizeof(tmp), "- id: r%d\n  when: {%s: [", no,
	    r->any ? "any" : "all");
	append(buf, size, tmp);
	for (i = 0; i < r->nc; i++) {
		if (i > 0)
			append(buf, size, ", ");
		cond_yaml(buf, size, &r->c[i]);
	}
	snprintf(tmp, sizeof(tmp), "]}\n  then: {set: {route.queue: q%d}, "
	    "tag: t%d}\n  continue: %s\n", r->queue, r->tag,
	    r->cont ? "true" : "false");
	append(buf, size, tmp);
}

/* Words of vocab, capitals and punctuation here and there. */
static void
random_text(char *text, char *norm, size_t size)
{
	static const char *const punct[] = { "", "", "", ",", "!", "?", "." };
	int n = 1 + pick(12), i;
	char word[40];
	size_t j;

	text[0] = '\0';
	snprintf(norm, size, " ");
	for (i = 0; i < n; i++) {
		snprintf(word, sizeof(word), "%s", vocab[pick(NVOCAB)]);
		append(norm, size, word);
		append(norm, size, " ");
		if (pick(5) == 0)
			for (j = 0; word[j] != '\0'; j++)
				word[j] = (char)(word[j] - 'a' + 'A');
		else if (pick(5) == 0)
			word[0] = (char)(word[0] - 'a' + 'A');
		if (i > 0)
			append(text, size, " ");
		append(text, size, word);
		append(text, size, punct[pick(7)]);
	}
}

static json_t *
random_record(struct grec *g)
{
	json_t *rec = json_object(), *arr;
	int i;

	memset(g, 0, sizeof(*g));
	g->ntext = pick(10) == 0 ? 0 : pick(8) == 0 ? 2 : 1;
	for (i = 0; i < (g->ntext ? g->ntext : 0); i++)
		random_text(g->text[i], g->norm[i], sizeof(g->text[i]));
	if (g->ntext == 1)
		json_object_set_new(rec, "text", json_string(g->text[0]));
	else if (g->ntext == 2) {
		arr = json_array();
		json_array_append_new(arr, json_string(g->text[0]));
		json_array_append_new(arr, json_string(g->text[1]));
		json_object_set_new(rec, "text", arr);
	}
	g->channel = pick(5) - 1;
	if (g->channel >= 0)
		json_object_set_new(rec, "channel",
		    json_string(channels[g->channel]));
	g->reason = pick(5) - 1;
	if (g->reason >= 0)
		json_object_set_new(rec, "class", json_pack("{ss}", "reason",
		    reasons[g->reason]));
	g->followers = pick(6) == 0 ? -1 : pick(6000);
	if (g->followers >= 0)
		json_object_set_new(rec, "author", json_pack("{si}",
		    "followers", g->followers));
	return rec;
}

/* ---- normalized text against utf8_fold and utf8_tokens ------------ */

static void
random_text_from(char *out, size_t size, const char *const *pieces,
    size_t npieces)
{
	int n = pick(40), i;

	out[0] = '\0';
	for (i = 0; i < n; i++)
		append(out, size, pieces[pick((int)npieces)]);
}

struct refout {
	char		*out;
	size_t		 size;
	const char	*text;
};

static int
ref_token(const struct token *t, void *arg)
{
	struct refout *r = arg;
	char tok[256];
	size_t i, n = 0;

	if (t->kind == TOK_PUNCT)
		return 0;
	for (i = 0; i < t->len && n + 1 < sizeof(tok); i++) {
		if (t->kind == TOK_EMOJI && i + 3 <= t->len && memcmp(r->text + t->off + i,
		    "\xEF\xB8", 2) == 0 && (r->text[t->off + i + 2] == '\x8E' ||
		    r->text[t->off + i + 2] == '\x8F')) {
			i += 2;
			continue;
		}
		/* Words lose their apostrophes, ' and ’. */
		if (t->kind == TOK_WORD && r->text[t->off + i] == '\'')
			continue;
		if (t->kind == TOK_WORD && i + 3 <= t->len &&
		    memcmp(r->text + t->off + i, "’", 3) == 0) {
			i += 2;
			continue;
		}
		tok[n++] = r->text[t->off + i];
	}
	tok[n] = '\0';
	append(r->out, r->size, tok);
	append(r->out, r->size, " ");
	return 0;
}

/* Normalized the slow and obvious way: the whole text, at once. */
static void
ref_normalize(const char *s, char *out, size_t size)
{
	char folded[4096];
	struct refout r = { out, size, folded };

	utf8_fold(s, strlen(s), folded, sizeof(folded));
	snprintf(out, size, " ");
	utf8_tokens(folded, strlen(folded), ref_token, &r);
}

static void
test_normalize(void)
{
	static const char *const pieces[] = {
		"a", "b", "Z", "H", "w", "1", "0", ".", ",", ":", "/", "-",
		"'", "_", "#", "@", "+", "(", ")", "!", "?", "http://",
		"www.", "com", " ", "  ", "\t", "É", "ñ", "ß", "Ł", "œ",
		"😡", "❤️", "❤", "👍🏽", "1️⃣", "\xC2\xA0", "\xFF", "\xE2\x80",
		"ʼ", "’", "中", "ﬁ", "Ж", "́", "ana@b.com", "#Baja",
		"@Marca", "dár", "BAJA", "🇦🇷", "\xE2\x80\x8B",
	};
	struct ruleset *rs = load_text("[]\n", NULL);
	struct buf got = { NULL, 0, 0 };
	char text[1024], want[4096];
	int i, bad = 0;

	if (rs == NULL) {
		CHECK(rs != NULL);
		return;
	}
	for (i = 0; i < 20000; i++) {
		random_text_from(text, sizeof(text), pieces,
		    sizeof(pieces) / sizeof(pieces[0]));
		ref_normalize(text, want, sizeof(want));
		got.len = 0;
		text_normalize(rs, text, strlen(text), &got);
		if ((got.len != strlen(want) || memcmp(got.p, want,
		    got.len) != 0) && bad++ < 3)
			fprintf(stderr, "normalized differ: \"%s\":\n"
			    "  want \"%s\"\n  got  \"%.*s\"\n", text, want,
			    (int)got.len, got.p);
	}
	CHECK_INT(bad, 0);
	got.len = 0;
	text_normalize(rs, "Quiero DÁR de baja, YA!!! 😡",
	    strlen("Quiero DÁR de baja, YA!!! 😡"), &got);
	CHECK_INT(got.len, strlen(" quiero dar de baja ya 😡 "));
	CHECK(got.len > 0 && memcmp(got.p, " quiero dar de baja ya 😡 ",
	    got.len) == 0);
	free(got.p);
	rules_free(rs);
}

/*
 * text_normalize takes chunks of ASCII letters and digits, of other
 * ASCII, and with bytes >= 0x80 each its own way: texts of every ASCII
 * byte, and ASCII words with now and then a piece that is not, against
 * the obvious way.
 */
static void
test_normalize_ascii(void)
{
	static const char *const pieces[] = {
		"Baja", "de", "la", "LINEA", "x", "42", " ", " ", " ", "  ",
		"\t", ",", ".", "!", "#tag", "@Marca", "http://a.b/c", "a.b",
		"don't", "e-mail", "n0", "_", "\x7F", "\x01", "É", "ñ",
		"\xC2\xA0", "😡", "\xFF", "ﬁ",
	};
	struct ruleset *rs = load_text("[]\n", NULL);
	struct buf got = { NULL, 0, 0 };
	char text[1024], want[4096];
	int i, j, n, bad = 0;

	if (rs == NULL) {
		CHECK(rs != NULL);
		return;
	}
	for (i = 0; i < 40000; i++) {
		if (i % 2 == 0) {
			n = pick(60);
			for (j = 0; j < n; j++)
				text[j] = (char)(1 + pick(127));
			text[n] = '\0';
		} else
			random_text_from(text, sizeof(text), pieces,
			    sizeof(pieces) / sizeof(pieces[0]));
		ref_normalize(text, want, sizeof(want));
		got.len = 0;
		text_normalize(rs, text, strlen(text), &got);
		if ((got.len != strlen(want) || memcmp(got.p, want,
		    got.len) != 0) && bad++ < 3)
			fprintf(stderr, "normalized differ: \"%s\":\n"
			    "  want \"%s\"\n  got  \"%.*s\"\n", text, want,
			    (int)got.len, got.p);
	}
	CHECK_INT(bad, 0);
	free(got.p);
	rules_free(rs);
}

static int
naive_has(const char *norm, const char *term)
{
	char pat[64];

	snprintf(pat, sizeof(pat), " %s ", term);
	return strstr(norm, pat) != NULL;
}

/* A token, or two run together, within the term's distance. */
static int
naive_fuzzy(const char *norm, const char *term)
{
	char toks[16][40], both[80];
	int n = 0, i, lim = fuzzy_limit(strlen(term));
	const char *p = norm + 1, *sp;

	while ((sp = strchr(p, ' ')) != NULL && n < 16) {
		snprintf(toks[n++], sizeof(toks[0]), "%.*s", (int)(sp - p), p);
		p = sp + 1;
	}
	for (i = 0; i < n; i++) {
		if (fuzzy_distance(toks[i], strlen(toks[i]), term,
		    strlen(term), lim) <= lim)
			return 1;
		snprintf(both, sizeof(both), "%s%s", toks[i],
		    i + 1 < n ? toks[i + 1] : "");
		/* Running two together counts as an edit. */
		if (i + 1 < n && lim > 0 && fuzzy_distance(both, strlen(both),
		    term, strlen(term), lim - 1) <= lim - 1)
			return 1;
	}
	return 0;
}

/* Does the condition hold for one string of the text? */
static int
naive_text(const struct gcond *g, const char *norm)
{
	int i, all = 1, any = 0;

	for (i = 0; i < g->nterms; i++) {
		int hit = g->kind == G_FUZZY ? naive_fuzzy(norm, g->terms[i]) :
		    naive_has(norm, g->terms[i]);

		any |= hit;
		all &= hit;
	}
	return g->kind == G_ALL_WORDS ? all : any;
}

static int
naive_cond(const struct gcond *g, const struct grec *r)
{
	int i;

	switch (g->kind) {
	case G_ANY_WORD:
	case G_ALL_WORDS:
	case G_FUZZY:
		for (i = 0; i < r->ntext; i++)
			if (naive_text(g, r->norm[i]))
				return 1;
		return 0;
	case G_NOT_WORD:
		for (i = 0; i < r->ntext; i++)
			if (naive_text(g, r->norm[i]))
				return 0;
		return 1;
	case G_CHANNEL:
		return r->channel == g->arg;
	case G_NE_CHANNEL:
		return r->channel != g->arg;
	case G_REASON:
		return r->reason == g->arg || r->reason == (g->arg + 1) % 4;
	case G_FOLLOWERS:
		return r->followers > g->arg;
	case G_EXISTS:
		return (r->ntext > 0) == g->arg;
	default:
		return 0;
	}
}

static int
naive_rule(const struct grule *g, const struct grec *r)
{
	int i, hold;

	for (i = 0; i < g->nc; i++) {
		hold = naive_cond(&g->c[i], r);
		if (g->any && hold)
			return 1;
		if (!g->any && !hold)
			return 0;
	}
	return !g->any;
}

/* What the rules should do to r: "why queue tags". */
static void
naive_apply(const struct grule *rules, const struct grec *r, char *out,
    size_t size)
{
	char why[4096] = "[", tags[512] = "", tmp[64];
	int i, j, queue = -1, seen[8] = { 0 }, fired = 0;

	for (i = 0; i < NRULES; i++) {
		if (!naive_rule(&rules[i], r))
			continue;
		snprintf(tmp, sizeof(tmp), "%s\"r%d\"", fired++ ? "," : "", i);
		append(why, sizeof(why), tmp);
		queue = rules[i].queue;
		j = rules[i].tag;
		if (!seen[j]) {
			seen[j] = 1;
			snprintf(tmp, sizeof(tmp), "%st%d", tags[0] ? "," : "",
			    j);
			append(tags, sizeof(tags), tmp);
		}
		if (!rules[i].cont)
			break;
	}
	append(why, sizeof(why), "]");
	snprintf(out, size, "%d %s q%d %s", fired, why, queue, tags);
}

static void
actual_apply(struct ruleset *rs, json_t *rec, char *out, size_t size)
{
	json_t *why = json_array(), *tags;
	const char *q;
	char list[512] = "", *w;
	int fired;
	size_t i;

	fired = rules_apply(rs, rec, why);
	q = json_string_value(json_object_get(json_object_get(rec, "route"),
	    "queue"));
	tags = json_object_get(json_object_get(rec, "class"), "tags");
	for (i = 0; i < json_array_size(tags); i++) {
		if (i > 0)
			append(list, sizeof(list), ",");
		append(list, sizeof(list),
		    json_string_value(json_array_get(tags, i)));
	}
	w = dump(why);
	snprintf(out, size, "%d %s %s %s", fired, w, q ? q : "q-1", list);
	free(w);
	json_decref(why);
}

static void
test_many_rules(void)
{
	static struct grule rules[NRULES];
	static char yaml[NRULES * 400];
	char want[8192], got[8192];
	struct ruleset *rs;
	struct grec g;
	json_t *rec;
	int i, j, bad = 0, fired = 0;

	srand(2026);
	yaml[0] = '\0';
	for (i = 0; i < NRULES; i++) {
		rules[i].nc = 1 + pick(3);
		rules[i].any = pick(4) == 0;
		rules[i].cont = pick(3) != 0;
		rules[i].queue = i;
		rules[i].tag = pick(8);
		for (j = 0; j < rules[i].nc; j++)
			random_cond(&rules[i].c[j]);
		rule_yaml(yaml, sizeof(yaml), &rules[i], i);
	}
	CHECK(strlen(yaml) + 1 < sizeof(yaml));
	if ((rs = load_text(yaml, "class.tags")) == NULL) {
		CHECK(rs != NULL);
		return;
	}
	CHECK_INT(rules_count(rs), NRULES);
	for (i = 0; i < NRECORDS; i++) {
		rec = random_record(&g);
		naive_apply(rules, &g, want, sizeof(want));
		actual_apply(rs, rec, got, sizeof(got));
		fired += atoi(got);
		if (strcmp(want, got) != 0 && bad++ < 3)
			fprintf(stderr, "record %d (%s | %s):\n  want %s\n"
			    "  got  %s\n", i, g.text[0], g.text[1], want, got);
		json_decref(rec);
	}
	CHECK_INT(bad, 0);
	CHECK(fired > NRECORDS);	/* the comparison was not vacuous */
	rules_free(rs);
}

int
main(void)
{
	test_eq();
	test_ne_in();
	test_numbers();
	test_exists();
	test_words();
	test_regex();
	test_fuzzy();
	test_arrays();
	test_missing();
	test_combinators();
	test_large();
	test_gates();
	test_value_gates();
	test_order();
	test_set();
	test_tags_why();
	test_bind();
	test_files();
	test_compile();
	test_error_files();
	test_errors();
	test_normalize();
	test_normalize_ascii();
	test_many_rules();
	return CHECK_DONE();
}
