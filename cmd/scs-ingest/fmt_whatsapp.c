/* fmt_whatsapp.c - TEMPORARY STUB, being written */
#include "ingest.h"
int
conv_whatsapp(struct ingest *ing, json_t *p)
{
	return ing_fail(ing, "not implemented yet");
}
