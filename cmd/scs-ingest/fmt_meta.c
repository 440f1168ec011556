/* fmt_meta.c - TEMPORARY STUB, being written */
#include "ingest.h"
int
conv_meta(struct ingest *ing, json_t *p)
{
	return ing_fail(ing, "not implemented yet");
}
