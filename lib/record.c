/* record.c - JSON-lines output: compact records and key splicing */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "diag.h"
#include "record.h"

static FILE *out;
static int unbuffered;
static int failed;

/* One growing buffer serves every record, so a record costs one fwrite. */
static char *obuf;
static size_t olen, ocap;

static int
obuf_append(const char *s, size_t n, void *unused)
{
	if (olen + n > ocap) {
		size_t ncap = ocap ? ocap : 4096;
		char *nb;

		while (ncap < olen + n)
			ncap *= 2;
		if ((nb = realloc(obuf, ncap)) == NULL)
			return -1;
		obuf = nb;
		ocap = ncap;
	}
	memcpy(obuf + olen, s, n);
	olen += n;
	return 0;
}

void
rec_out_init(FILE *f)
{
	static char iobuf[1 << 16];

	out = f;
	setvbuf(out, iobuf, _IOFBF, sizeof(iobuf));
}

void
rec_unbuffered(int on)
{
	unbuffered = on;
}

static int
flush_obuf(void)
{
	if (failed)
		return -1;
	if (fwrite(obuf, 1, olen, out) != olen ||
	    (unbuffered && fflush(out) == EOF)) {
		failed = errno ? errno : EIO;
		return -1;
	}
	return 0;
}

static int
dump_into_obuf(json_t *v)
{
	/* Any value: rec_splice writes strings and numbers too. */
	return json_dump_callback(v, obuf_append, NULL,
	    JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
}

int
rec_write(json_t *obj)
{
	olen = 0;
	if (dump_into_obuf(obj) == -1 || obuf_append("\n", 1, NULL) == -1) {
		failed = ENOMEM;
		return -1;
	}
	return flush_obuf();
}

int
rec_write_raw(const char *line, size_t len)
{
	olen = 0;
	if (obuf_append(line, len, NULL) == -1 ||
	    obuf_append("\n", 1, NULL) == -1) {
		failed = ENOMEM;
		return -1;
	}
	return flush_obuf();
}

int
rec_splice(const char *line, size_t len, json_t *obj, const char *key,
    json_t *value)
{
	size_t end = len;
	json_t *k;
	int empty, r;

	if (json_object_get(obj, key) != NULL) {
		json_object_set(obj, key, value);
		return rec_write(obj);
	}
	/* The parsed line is an object, so its last non-space byte is '}'. */
	while (end > 0 && line[end - 1] != '}')
		end--;
	if (end == 0)
		return rec_write(obj);
	end--;
	empty = json_object_size(obj) == 0;
	olen = 0;
	/* The key escaped as JSON; the brace and what follows it kept. */
	k = json_string(key);
	r = k == NULL || obuf_append(line, end, NULL) == -1 ||
	    (!empty && obuf_append(",", 1, NULL) == -1) ||
	    dump_into_obuf(k) == -1 || obuf_append(":", 1, NULL) == -1 ||
	    dump_into_obuf(value) == -1 ||
	    obuf_append(line + end, len - end, NULL) == -1 ||
	    obuf_append("\n", 1, NULL) == -1;
	json_decref(k);
	if (r) {
		failed = ENOMEM;
		return -1;
	}
	return flush_obuf();
}

int
rec_close(void)
{
	if (out != NULL && fflush(out) == EOF && !failed)
		failed = errno ? errno : EIO;
	free(obuf);
	obuf = NULL;
	olen = ocap = 0;
	if (failed) {
		diag_warn("write error: %s", strerror(failed));
		return EX_IOERR;
	}
	return 0;
}
