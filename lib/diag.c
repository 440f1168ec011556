/* diag.c - diagnostics on stderr, the rejects file, the exit status */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "diag.h"
#include "utf8.h"

static const char *tool = "scs";
static FILE *rejects;
static int strict;
static int status;
static unsigned long nrejects;

void
diag_init(const char *name)
{
	const char *slash = strrchr(name, '/');

	tool = slash ? slash + 1 : name;
}

const char *
diag_tool(void)
{
	return tool;
}

static void
vdiag_warn(const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", tool);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
diag_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag_warn(fmt, ap);
	va_end(ap);
}

static void
vdiag_at(const char *file, long line, const char *fmt, va_list ap)
{
	if (line > 0)
		fprintf(stderr, "%s: %s:%ld: ", tool, file, line);
	else
		fprintf(stderr, "%s: %s: ", tool, file);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
diag_at(const char *file, long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag_at(file, line, fmt, ap);
	va_end(ap);
}

void
diag_fatal(int st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag_warn(fmt, ap);
	va_end(ap);
	if (rejects != NULL)
		fclose(rejects);
	exit(st);
}

int
diag_rejects_open(const char *path)
{
	if (rejects != NULL)		/* the last --rejects wins */
		fclose(rejects);
	if ((rejects = fopen(path, "a")) == NULL) {
		diag_warn("%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

void
diag_set_strict(int on)
{
	strict = on;
}

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static char *
base64(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	char *out, *o;
	size_t i;

	if ((o = out = malloc((len + 2) / 3 * 4 + 1)) == NULL)
		return NULL;
	for (i = 0; i + 2 < len; i += 3) {
		*o++ = b64[p[i] >> 2];
		*o++ = b64[(p[i] & 3) << 4 | p[i + 1] >> 4];
		*o++ = b64[(p[i + 1] & 15) << 2 | p[i + 2] >> 6];
		*o++ = b64[p[i + 2] & 63];
	}
	if (i < len) {
		*o++ = b64[p[i] >> 2];
		if (i + 1 < len) {
			*o++ = b64[(p[i] & 3) << 4 | p[i + 1] >> 4];
			*o++ = b64[(p[i + 1] & 15) << 2];
		} else {
			*o++ = b64[(p[i] & 3) << 4];
			*o++ = '=';
		}
		*o++ = '=';
	}
	*o = '\0';
	return out;
}

/*
 * s as a JSON string, each byte that is not UTF-8 made U+FFFD: a file
 * name, or a reason cut inside a character, must not lose its key.
 */
static json_t *
json_text(const char *s)
{
	size_t len = strlen(s), i, o = 0;
	uint32_t cp;
	json_t *v;
	char *buf;

	if (utf8_valid(s, len) == len)
		return json_string(s);
	if ((buf = malloc(3 * len + 1)) == NULL)
		return NULL;
	for (i = 0; i < len; o += (size_t)utf8_encode(cp, buf + o))
		i += (size_t)utf8_decode(s + i, len - i, &cp);
	v = json_stringn(buf, o);
	free(buf);
	return v;
}

static void
write_reject(const char *file, long line, const char *raw, size_t rawlen,
    const char *reason)
{
	json_t *rec;
	char *enc;

	rec = json_object();
	json_object_set_new(rec, "type", json_string("reject"));
	json_object_set_new(rec, "tool", json_text(tool));
	json_object_set_new(rec, "file", json_text(file));
	if (line > 0)
		json_object_set_new(rec, "line", json_integer(line));
	json_object_set_new(rec, "reason", json_text(reason));
	if (raw != NULL) {
		if (utf8_valid(raw, rawlen) == rawlen &&
		    memchr(raw, '\0', rawlen) == NULL)
			json_object_set_new(rec, "input",
			    json_stringn(raw, rawlen));
		else if ((enc = base64(raw, rawlen)) != NULL) {
			json_object_set_new(rec, "input_base64",
			    json_string(enc));
			free(enc);
		}
	}
	if (json_dumpf(rec, rejects, JSON_COMPACT) == -1 ||
	    fputc('\n', rejects) == EOF || fflush(rejects) == EOF) {
		diag_warn("rejects file: %s", strerror(errno));
		diag_status(EX_IOERR);
	}
	json_decref(rec);
}

void
diag_reject(const char *file, long line, const char *raw, size_t rawlen,
    const char *fmt, ...)
{
	char reason[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	diag_at(file, line, "%s", reason);
	nrejects++;
	diag_status(EX_DATAERR);
	if (rejects != NULL)
		write_reject(file, line, raw, rawlen, reason);
	if (strict)
		diag_fatal(EX_DATAERR, "stopped at the first rejected input "
		    "(--strict)");
}

unsigned long
diag_nrejects(void)
{
	return nrejects;
}

void
diag_status(int st)
{
	/* Any failure outranks "some input rejected". */
	if (st == EX_OK || status == st)
		return;
	if (status == EX_OK || status == EX_DATAERR)
		status = st;
}

int
diag_finish(void)
{
	if (rejects != NULL && fclose(rejects) == EOF) {
		diag_warn("rejects file: %s", strerror(errno));
		diag_status(EX_IOERR);
	}
	rejects = NULL;
	return status;
}
