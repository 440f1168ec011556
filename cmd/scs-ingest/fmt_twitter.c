/* fmt_twitter.c - TEMPORARY STUB, being written */
#include "ingest.h"
int
conv_twitter_v2(struct ingest *ing, json_t *p)
{
	return ing_fail(ing, "not implemented yet");
}
int
conv_twitter_v1(struct ingest *ing, json_t *p)
{
	return ing_fail(ing, "not implemented yet");
}
int
conv_twitter_aa(struct ingest *ing, json_t *p)
{
	return ing_fail(ing, "not implemented yet");
}
