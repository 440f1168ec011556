/* fmt_twcs.c - TEMPORARY STUB */
#include "ingest.h"
int twcs_header(struct ingest *ing, struct csv_field *f, size_t n) { return ing_fail(ing, "not implemented yet"); }
int twcs_row(struct ingest *ing, struct csv_field *f, size_t n) { return ing_fail(ing, "not implemented yet"); }
