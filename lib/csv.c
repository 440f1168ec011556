/* csv.c - streaming CSV records over the bounded line reader */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"

#define CSV_MAXFIELDS	4096
#define P_OPEN		2	/* csv_parse: a quoted field goes on */

struct buf {
	char	*p;
	size_t	 len, cap;
};

/* One physical line, from the replay queue or from the line reader. */
struct line {
	const char	*p;
	size_t		 len;
	long		 no;
	int		 rc;		/* LR_* */
	int		 queued;
};

/*
 * A record that spans lines may fail (quote open at EOF, too long).  Then
 * only its first line is rejected, and the lines it consumed must be read
 * again as records.  So while a multi-line record is read, the lines it
 * takes from lr are copied to queue (each ending in '\n'), and a line that
 * does not fit is held back rather than taken.  On failure qhead rewinds
 * to the line after the first.  The queue only ever holds lines of one
 * record after its first, so it is bounded by max_line.
 */
struct csv_reader {
	struct lreader	*lr;
	char		 sep;
	struct buf	 data;		/* field bytes, each NUL-terminated */
	struct csv_field *fields;
	size_t		 nfields, fcap;
	size_t		 fstart;	/* where the open field began in data */
	struct buf	 queue;
	size_t		 qhead;		/* next unread byte of queue */
	long		 qline;		/* number of the line at qhead */
	int		 saving;	/* a multi-line record is being read */
	struct line	 held;		/* got from lr, not yet taken */
	int		 hasheld;
	struct buf	 first;		/* first line of a multi-line record */
	struct buf	 whole;		/* all its lines, for csv_raw */
	const char	*raw;
	size_t		 rawlen;
	long		 line;		/* first line of the record */
	long		 qopen;		/* line where the open quote began */
	size_t		 reclen;	/* record bytes, lines joined by '\n' */
	char		 err[128];
};

static int
buf_grow(struct buf *b, size_t need)
{
	size_t ncap = b->cap ? b->cap : 256;
	char *np;

	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			return -1;
		ncap *= 2;
	}
	if ((np = realloc(b->p, ncap)) == NULL)
		return -1;
	b->p = np;
	b->cap = ncap;
	return 0;
}

static inline int
buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->cap - b->len < n && buf_grow(b, b->len + n) == -1)
		return -1;
	if (n > 0)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	return 0;
}

/* Out of memory is reported like a read error: it is as fatal. */
static int
csv_nomem(struct csv_reader *r)
{
	r->lr->err = ENOMEM;
	snprintf(r->err, sizeof(r->err), "out of memory");
	return CSV_IOERR;
}

struct csv_reader *
csv_open(struct lreader *lr, char sep)
{
	struct csv_reader *r;

	if (sep == '"' || sep == '\n') {
		errno = EINVAL;
		return NULL;
	}
	if ((r = calloc(1, sizeof(*r))) == NULL)
		return NULL;
	r->lr = lr;
	r->sep = sep;
	return r;
}

void
csv_close(struct csv_reader *r)
{
	if (r == NULL)
		return;
	free(r->data.p);
	free(r->fields);
	free(r->queue.p);
	free(r->first.p);
	free(r->whole.p);
	free(r);
}

/* Close the field begun at fstart. */
static int
csv_endfield(struct csv_reader *r)
{
	struct csv_field *nf;
	size_t ncap;

	if (r->nfields == r->fcap) {
		if (r->fcap == CSV_MAXFIELDS) {
			snprintf(r->err, sizeof(r->err),
			    "more than %d fields", CSV_MAXFIELDS);
			return CSV_ERR;
		}
		ncap = r->fcap ? r->fcap * 2 : 64;
		if (ncap > CSV_MAXFIELDS)
			ncap = CSV_MAXFIELDS;
		if ((nf = realloc(r->fields, ncap * sizeof(*nf))) == NULL)
			return csv_nomem(r);
		r->fields = nf;
		r->fcap = ncap;
	}
	/* Pointers are set when the record is done: data may move. */
	r->fields[r->nfields++].len = r->data.len - r->fstart;
	if (buf_add(&r->data, "", 1) == -1)
		return csv_nomem(r);
	r->fstart = r->data.len;
	return CSV_OK;
}

/*
 * Copy quoted bytes from *pp up to the closing quote, "" as one quote.
 * Returns 1 if the quote closed (*pp after it), 0 if the line ended in
 * the quotes, -1 if out of memory.
 */
static int
csv_quoted(struct csv_reader *r, const char **pp, const char *end)
{
	const char *p = *pp, *q;

	for (;;) {
		if ((q = memchr(p, '"', (size_t)(end - p))) == NULL) {
			*pp = end;
			return buf_add(&r->data, p, (size_t)(end - p));
		}
		if (q + 1 < end && q[1] == '"') {
			if (buf_add(&r->data, p, (size_t)(q + 1 - p)) == -1)
				return -1;
			p = q + 2;
			continue;
		}
		if (buf_add(&r->data, p, (size_t)(q - p)) == -1)
			return -1;
		*pp = q + 1;
		return 1;
	}
}

/*
 * Parse one physical line into fields, inquote if it continues a quoted
 * field.  Returns CSV_OK at the end of the record, P_OPEN if a quoted
 * field goes on to the next line, or CSV_ERR / CSV_IOERR.
 */
static int
csv_parse(struct csv_reader *r, const char *p, size_t len, int inquote,
    long no)
{
	const char *end = p + len, *q;
	int rc;

	for (;;) {
		if (!inquote && p < end && *p == '"') {
			inquote = 1;
			r->qopen = no;
			p++;
		}
		if (inquote) {
			if ((rc = csv_quoted(r, &p, end)) == -1)
				return csv_nomem(r);
			if (rc == 0)
				return P_OPEN;
			inquote = 0;
		}
		/* Unquoted bytes, or leniently those after a closing quote. */
		if ((q = memchr(p, r->sep, (size_t)(end - p))) == NULL)
			q = end;
		if (buf_add(&r->data, p, (size_t)(q - p)) == -1)
			return csv_nomem(r);
		if ((rc = csv_endfield(r)) != CSV_OK)
			return rc;
		if (q == end)
			return CSV_OK;
		p = q + 1;
	}
}

/* The next physical line: queued, else the held one, else from lr. */
static void
csv_getline(struct csv_reader *r, struct line *l)
{
	const char *nl;
	char *p = NULL;

	if (r->qhead < r->queue.len) {
		l->p = r->queue.p + r->qhead;
		nl = memchr(l->p, '\n', r->queue.len - r->qhead);
		l->len = (size_t)(nl - l->p);
		l->no = r->qline++;
		l->rc = LR_LINE;
		l->queued = 1;
		r->qhead += l->len + 1;
		return;
	}
	if (!r->saving)
		r->qhead = r->queue.len = 0;
	if (!r->hasheld) {
		r->held.len = 0;
		r->held.rc = lr_next(r->lr, &p, &r->held.len);
		r->held.p = p;
		r->held.no = r->lr->lineno;
		r->held.queued = 0;
		r->hasheld = 1;
	}
	*l = r->held;
}

/* The line got last belongs to the record: keep it for a replay. */
static int
csv_take(struct csv_reader *r, const struct line *l)
{
	if (l->queued)
		return 0;
	r->hasheld = 0;
	if (!r->saving)
		return 0;
	if (buf_add(&r->queue, l->p, l->len) == -1 ||
	    buf_add(&r->queue, "\n", 1) == -1)
		return -1;
	r->qhead = r->queue.len;
	r->qline = l->no + 1;
	return 0;
}

/* The record goes on past its first line l: start queueing lines. */
static int
csv_startsave(struct csv_reader *r, const struct line *l)
{
	r->first.len = 0;
	if (buf_add(&r->first, l->p, l->len) == -1 ||
	    buf_add(&r->first, "", 1) == -1)
		return -1;
	r->raw = r->first.p;
	/* Drop queued lines up to and including the first. */
	if (r->qhead > 0) {
		memmove(r->queue.p, r->queue.p + r->qhead,
		    r->queue.len - r->qhead);
		r->queue.len -= r->qhead;
		r->qhead = 0;
	}
	r->saving = 1;
	return 0;
}

/* Read the record whose first (non-blank) line is l. */
static int
csv_record(struct csv_reader *r, const struct line *first)
{
	struct line l;
	size_t max = r->lr->max_line;
	int rc;

	r->data.len = r->fstart = r->nfields = 0;
	r->raw = first->p;
	r->rawlen = r->reclen = first->len;
	rc = csv_parse(r, first->p, first->len, 0, first->no);
	if (rc != P_OPEN)
		return rc;
	if (csv_startsave(r, first) == -1)
		return csv_nomem(r);
	r->whole.len = 0;
	if (buf_add(&r->whole, first->p, first->len) == -1)
		return csv_nomem(r);
	for (;;) {
		csv_getline(r, &l);
		if (l.rc == LR_ERROR) {
			rc = CSV_IOERR;
			break;
		}
		if (l.rc == LR_EOF) {
			snprintf(r->err, sizeof(r->err),
			    "unterminated quoted field (opened at line %ld)",
			    r->qopen);
			rc = CSV_ERR;
			break;
		}
		if (l.rc == LR_TOOLONG || l.len >= max - r->reclen) {
			snprintf(r->err, sizeof(r->err), "record longer than "
			    "%zu bytes (quoted field opened at line %ld)",
			    max, r->qopen);
			rc = CSV_ERR;
			break;
		}
		r->reclen += 1 + l.len;
		if (buf_add(&r->whole, "\n", 1) == -1 ||
		    buf_add(&r->whole, l.p, l.len) == -1 ||
		    csv_take(r, &l) == -1 || buf_add(&r->data, "\n", 1) == -1) {
			rc = csv_nomem(r);
			break;
		}
		if ((rc = csv_parse(r, l.p, l.len, 1, l.no)) != P_OPEN)
			break;
	}
	r->saving = 0;
	if (rc == CSV_ERR) {
		r->qhead = 0;
		r->qline = r->line + 1;
	} else if (rc == CSV_OK) {
		/* A good record's raw bytes are all its lines (for rejects
		 * made later by the caller); a bad one's, its first line. */
		r->raw = r->whole.p;
		r->rawlen = r->whole.len;
	}
	return rc;
}

int
csv_next(struct csv_reader *r, struct csv_field **fields, size_t *nfields)
{
	struct line l;
	size_t i, off;
	int rc;

	r->err[0] = '\0';
	r->raw = NULL;
	r->rawlen = 0;
	do {
		csv_getline(r, &l);
		if (l.rc == LR_EOF)
			return CSV_EOF;
		if (l.rc == LR_ERROR)
			return CSV_IOERR;
		r->line = l.no;
		csv_take(r, &l);	/* not saving: cannot fail */
		if (l.rc == LR_TOOLONG) {
			snprintf(r->err, sizeof(r->err),
			    "line longer than %zu bytes", r->lr->max_line);
			return CSV_ERR;
		}
	} while (l.len == 0);
	if ((rc = csv_record(r, &l)) != CSV_OK)
		return rc;
	for (i = 0, off = 0; i < r->nfields; i++) {
		r->fields[i].s = r->data.p + off;
		off += r->fields[i].len + 1;
	}
	*fields = r->fields;
	*nfields = r->nfields;
	return CSV_OK;
}

long
csv_line(const struct csv_reader *r)
{
	return r->line;
}

const char *
csv_error(const struct csv_reader *r)
{
	return r->err;
}

void
csv_raw(const struct csv_reader *r, const char **raw, size_t *len)
{
	*raw = r->raw;
	*len = r->rawlen;
}
