/* test_msgtext.c - unit tests for lib/msgtext.c */
#include <jansson.h>
#include <string.h>

#include "check.h"
#include "msgtext.h"

static void
test_reply_subject(void)
{
	static const char *const replies[] = {
		"Re: hola", "RE: hola", "re:hola", "  Re: hola", "RE[2]: hola",
		"Re(12): x", "Fwd: factura", "FW: factura", "RV: Baja",
		"TR : Baja", "AW: Rechnung", "WG: Rechnung", "Enc: boleta",
		"RES: boleta", "R: fattura", "Rif: fattura", "SV: faktura",
		"Antw: factuur", "ODP: faktura", NULL
	};
	static const char *const subjects[] = {
		"Reclamo: me cobraron dos veces", "Baja del servicio",
		"Consulta", "Re", "Re hola", "RE[: x", "RE[2 x", "Re[x]: y",
		"Urgente: sin servicio", ": nada", "", "Fwdd: x", "ré: x",
		NULL
	};
	size_t i;

	for (i = 0; replies[i] != NULL; i++)
		if (!msgtext_reply_subject(replies[i])) {
			CHECK_STR(replies[i], "a reply");
		} else
			CHECK(1);
	for (i = 0; subjects[i] != NULL; i++)
		if (msgtext_reply_subject(subjects[i])) {
			CHECK_STR(subjects[i], "not a reply");
		} else
			CHECK(1);
}

/* The text while reading rec, and after, for a message given as JSON. */
static void
joined(const char *json, const char *during, const char *after)
{
	json_error_t err;
	json_t *rec = json_loads(json, 0, &err);
	struct msgtext mt;
	int r;

	if (rec == NULL) {
		CHECK_STR(err.text, "valid JSON");
		return;
	}
	r = msgtext_begin(rec, &mt);
	CHECK_INT(r, during != NULL);
	CHECK_INT(mt.joined, r);
	if (during != NULL)
		CHECK_STR(json_string_value(json_object_get(rec, "text")),
		    during);
	msgtext_end(rec, &mt);
	if (after != NULL)
		CHECK_STR(json_string_value(json_object_get(rec, "text")),
		    after);
	else
		CHECK(json_object_get(rec, "text") == NULL);
	json_decref(rec);
}

static void
test_begin_end(void)
{
	joined("{\"subject\":\"Baja del servicio\",\"text\":\"adjunto\"}",
	    "Baja del servicio.\nadjunto", "adjunto");
	/* A subject that ends a sentence already, spaces trimmed. */
	joined("{\"subject\":\"¿Cuándo vuelve? \\n\",\"text\":\"x\"}",
	    "¿Cuándo vuelve?\nx", "x");
	joined("{\"subject\":\"Baja\",\"direction\":\"in\"}", "Baja.\n",
	    NULL);
	joined("{\"subject\":\"Baja\",\"text\":\"\"}", "Baja.\n", "");
	/* Read as it is: a reply's, an agent's, none, a blank one, not a
	 * string. */
	joined("{\"subject\":\"RE: Baja\",\"text\":\"gracias\"}", NULL,
	    "gracias");
	joined("{\"subject\":\"Baja\",\"direction\":\"out\",\"text\":\"y\"}",
	    NULL, "y");
	joined("{\"text\":\"z\"}", NULL, "z");
	joined("{\"subject\":\" \\t\",\"text\":\"z\"}", NULL, "z");
	joined("{\"subject\":5,\"text\":\"z\"}", NULL, "z");
}

/* A text that is not a string is left for the stage to refuse. */
static void
test_text_not_string(void)
{
	json_t *rec = json_loads("{\"subject\":\"Baja\",\"text\":7}", 0,
	    NULL);
	struct msgtext mt;

	CHECK_INT(msgtext_begin(rec, &mt), 0);
	msgtext_end(rec, &mt);
	CHECK_INT(json_integer_value(json_object_get(rec, "text")), 7);
	json_decref(rec);
}

int
main(void)
{
	test_reply_subject();
	test_begin_end();
	test_text_not_string();
	return CHECK_DONE();
}
