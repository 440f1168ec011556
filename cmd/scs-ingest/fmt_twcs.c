/* fmt_twcs.c - "Customer Support on Twitter" (Kaggle twcs.csv) rows
 *
 * Columns: tweet_id, author_id, inbound, created_at, text,
 * response_tweet_id, in_response_to_tweet_id, found by name (a pandas
 * export adds an unnamed index column first).  Customers are anonymized
 * to numeric author_ids; companies keep their handles.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "diag.h"
#include "ingest.h"
#include "tstamp.h"

enum { C_ID, C_AUTHOR, C_INBOUND, C_CREATED, C_TEXT, C_REPLY, NCOLS };

static const struct {
	const char	*name;
	int		 required;
} cols[NCOLS] = {
	{ "tweet_id", 1 }, { "author_id", 1 }, { "inbound", 1 },
	{ "created_at", 1 }, { "text", 1 }, { "in_response_to_tweet_id", 0 }
};

#define NO_COL	SIZE_MAX

/* Where the columns are in the current file (one file at a time). */
static size_t	col[NCOLS];
static size_t	nheader;

/* Does the header name s (spaces around it ignored) equal name? */
static int
is_name(const char *s, const char *name)
{
	size_t n = strlen(name);

	while (*s == ' ')
		s++;
	if (strncasecmp(s, name, n) != 0)
		return 0;
	for (s += n; *s == ' '; s++)
		;
	return *s == '\0';
}

int
twcs_header(struct ingest *ing, struct csv_field *f, size_t n)
{
	char missing[256] = "";
	size_t i, c;

	for (c = 0; c < NCOLS; c++) {
		col[c] = NO_COL;
		for (i = 0; i < n && col[c] == NO_COL; i++)
			if (is_name(f[i].s, cols[c].name))
				col[c] = i;
		if (col[c] == NO_COL && cols[c].required)
			snprintf(missing + strlen(missing), sizeof(missing) -
			    strlen(missing), "%s%s", missing[0] ? ", " : "",
			    cols[c].name);
	}
	nheader = n;
	if (missing[0] != '\0')
		return ing_fail(ing, "no column %s (twcs needs tweet_id, "
		    "author_id, inbound, created_at, text)", missing);
	return 0;
}

static const char *
field(struct csv_field *f, int c)
{
	return col[c] == NO_COL ? NULL : f[col[c]].s;
}

/*
 * A tweet id as digits.  pandas writes an id column that has empty
 * cells as floats ("3.0"), so a ".0" tail is dropped.  Returns 0 with
 * buf empty for an empty cell, -1 after ing_fail.
 */
static int
twcs_id(struct ingest *ing, struct csv_field *f, int c, char *buf,
    size_t bufsz)
{
	const char *s = field(f, c), *p;
	size_t n;

	buf[0] = '\0';
	if (s == NULL)
		return 0;
	while (*s == ' ')
		s++;
	for (p = s; isdigit((unsigned char)*p); p++)
		;
	n = (size_t)(p - s);
	if (*p == '.')
		for (p++; *p == '0'; p++)
			;
	while (*p == ' ')
		p++;
	if (*p != '\0' || (n == 0 && *s != '\0') || n >= bufsz)
		return ing_fail(ing, "%s: not a tweet id: \"%s\"",
		    cols[c].name, field(f, c));
	memcpy(buf, s, n);
	buf[n] = '\0';
	return 0;
}

/* True/False from pandas, TRUE/FALSE from spreadsheets, 1/0. */
static int
twcs_bool(const char *s)
{
	static const char *const yes[] = { "true", "1", NULL };
	static const char *const no[] = { "false", "0", NULL };
	size_t i;

	for (i = 0; yes[i] != NULL; i++)
		if (strcasecmp(s, yes[i]) == 0)
			return 1;
	for (i = 0; no[i] != NULL; i++)
		if (strcasecmp(s, no[i]) == 0)
			return 0;
	return -1;
}

static int
all_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

static int
handle_char(int c)
{
	return isalnum(c) || c == '_';
}

/*
 * The accounts an inbound tweet addresses: its @mentions that are
 * --brand accounts.  Without --brand, the mentions that are not all
 * digits: TWCS anonymized every customer to a number, so a named
 * handle is a company's.
 */
static void
twcs_to(struct ingest *ing, json_t *msg, const char *text)
{
	const char *p, *q;
	char handle[64];
	json_t *to, *v;
	size_t i, n;
	int seen;

	for (p = text; (p = strchr(p, '@')) != NULL; p = q) {
		for (q = p + 1; handle_char((unsigned char)*q); q++)
			;
		n = (size_t)(q - p - 1);
		if (n == 0 || n >= sizeof(handle) || (p > text &&
		    handle_char((unsigned char)p[-1])))
			continue;	/* not a mention: a@b, a lone @ */
		memcpy(handle, p + 1, n);
		handle[n] = '\0';
		if (ing->nbrands > 0 ? !is_brand(ing, handle) :
		    all_digits(handle))
			continue;
		seen = 0;
		to = json_object_get(msg, "to");
		json_array_foreach(to, i, v)
			seen |= strcasecmp(json_string_value(v), handle) == 0;
		if (!seen)
			push(msg, "to", json_string(handle));
	}
}

static void
twcs_author(json_t *msg, const char *author)
{
	json_t *a = child(msg, "author");
	char *id;

	if (asprintf(&id, "twitter:u:%s", author) == -1)
		diag_fatal(EX_SOFTWARE, "out of memory");
	set_str(a, "id", id);
	free(id);
	if (!all_digits(author))
		set_str(a, "handle", author);
}

static void
twcs_message(struct ingest *ing, struct csv_field *f, const char *id,
    int inbound, int64_t ms, const char *reply)
{
	const char *author = field(f, C_AUTHOR);
	json_t *msg = msg_new("twitter", id, !inbound, 1);
	char *text, *ref;

	set_time(msg, "created_at", ms);
	twcs_author(msg, author);
	text = html_unescape(field(f, C_TEXT));
	if (inbound)
		twcs_to(ing, msg, text);
	set_str(msg, "text", text);
	free(text);
	if (reply[0] != '\0') {
		if (asprintf(&ref, "twitter:%s", reply) == -1)
			diag_fatal(EX_SOFTWARE, "out of memory");
		set_str(child(msg, "thread"), "in_reply_to", ref);
		free(ref);
	}
	if (!inbound)
		set_str(msg, "agent", author);
	ing_emit(ing, msg);
}

int
twcs_row(struct ingest *ing, struct csv_field *f, size_t n)
{
	char id[32], reply[32];
	const char *s;
	int64_t ms;
	int inbound;

	if (n != nheader)
		return ing_fail(ing, "%zu fields, the header has %zu", n,
		    nheader);
	if (twcs_id(ing, f, C_ID, id, sizeof(id)) == -1 ||
	    twcs_id(ing, f, C_REPLY, reply, sizeof(reply)) == -1)
		return -1;
	if (id[0] == '\0')
		return ing_fail(ing, "tweet_id is empty");
	if (*field(f, C_AUTHOR) == '\0')
		return ing_fail(ing, "author_id is empty");
	if ((inbound = twcs_bool(s = field(f, C_INBOUND))) == -1)
		return ing_fail(ing, "inbound: not True or False: \"%s\"", s);
	if (ts_parse_any(s = field(f, C_CREATED), &ms) == -1)
		return ing_fail(ing, "created_at: not a date: \"%s\"", s);
	twcs_message(ing, f, id, inbound, ms, reply);
	return 0;
}
