/* lineread.c - bounded line reading over read(2) */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lineread.h"

#define LR_CHUNK	(256u << 10)
#define LR_PIPE_SIZE	(1 << 20)

/*
 * stdin is told apart by this address, so lr_close never reads name: the
 * caller's path may be gone by then, or be a file called "<stdin>".
 */
static const char stdin_name[] = "<stdin>";

int
lr_open(struct lreader *lr, const char *path, size_t max_line)
{
	struct stat st;

	memset(lr, 0, sizeof(*lr));
	lr->max_line = max_line ? max_line : LR_DEFAULT_MAX;
	if (path == NULL || strcmp(path, "-") == 0) {
		lr->name = stdin_name;
		lr->fd = 0;
	} else {
		lr->name = path;
		if ((lr->fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
			return -1;
	}
	lr->may_wait = fstat(lr->fd, &st) == -1 || !S_ISREG(st.st_mode);
	/* A pipe holds 64 KiB by default: some 30 records, so five stages
	 * on two cores take turns every few dozen records.  At 1 MiB (the
	 * most Linux gives without privilege) a chain of them spends a
	 * tenth less CPU (200k messages, 24 s against 27, a third of the
	 * context switches).  Where it is refused, 64 KiB works too. */
	if (lr->may_wait && S_ISFIFO(st.st_mode))
		(void)fcntl(lr->fd, F_SETPIPE_SZ, LR_PIPE_SIZE);
	lr->cap = LR_CHUNK;
	if ((lr->buf = malloc(lr->cap + 1)) == NULL) {
		if (lr->name != stdin_name)
			close(lr->fd);
		return -1;
	}
	return 0;
}

void
lr_close(struct lreader *lr)
{
	/* A file may get descriptor 0 when stdin was closed. */
	if (lr->fd >= 0 && lr->name != stdin_name)
		close(lr->fd);
	lr->fd = -1;
	free(lr->buf);
	lr->buf = NULL;
}

/* Read more input after what is buffered; 1 if bytes came, 0 at EOF. */
static int
lr_fill(struct lreader *lr)
{
	ssize_t n;

	if (lr->eof)
		return 0;
	if (lr->start > 0 && (lr->end == lr->cap || lr->start > lr->cap / 2)) {
		memmove(lr->buf, lr->buf + lr->start, lr->end - lr->start);
		lr->end -= lr->start;
		lr->start = 0;
	}
	if (lr->end == lr->cap) {
		/* Grow for a long line, never past max_line plus one chunk. */
		size_t ncap = lr->cap * 2;
		char *nbuf;

		if (ncap > lr->max_line + LR_CHUNK)
			ncap = lr->max_line + LR_CHUNK;
		if (ncap <= lr->cap)
			return -2;	/* caller handles the overlong line */
		if ((nbuf = realloc(lr->buf, ncap + 1)) == NULL) {
			lr->err = ENOMEM;
			return -1;
		}
		lr->buf = nbuf;
		lr->cap = ncap;
	}
	if (lr->idle != NULL && lr->may_wait) {
		struct pollfd pfd = { lr->fd, POLLIN, 0 };

		if (poll(&pfd, 1, 0) == 0 && (lr->idle_grace_ms <= 0 ||
		    poll(&pfd, 1, lr->idle_grace_ms) == 0))
			lr->idle(lr->idle_arg);
	}
	do
		n = read(lr->fd, lr->buf + lr->end, lr->cap - lr->end);
	while (n == -1 && errno == EINTR);
	if (n == -1) {
		lr->err = errno;
		return -1;
	}
	if (n == 0) {
		lr->eof = 1;
		return 0;
	}
	lr->end += (size_t)n;
	/* Only at the start of the input, not after a short first line. */
	if (!lr->bom_checked && (lr->lineno > 0 || lr->end >= 3)) {
		lr->bom_checked = 1;
		if (lr->lineno == 0 &&
		    memcmp(lr->buf + lr->start, "\xEF\xBB\xBF", 3) == 0)
			lr->start += 3;
	}
	return 1;
}

/*
 * Drop the rest of an overlong line, counting its bytes.  The caller has
 * counted what is buffered; prev is its last byte.  A CR before the LF
 * (or at EOF) is not counted, as lr_next would not count it.
 */
static int
lr_skip_line(struct lreader *lr, char prev)
{
	char *nl;
	size_t n;
	int r;

	lr->start = lr->end = 0;
	for (;;) {
		nl = memchr(lr->buf + lr->start, '\n', lr->end - lr->start);
		if (nl != NULL) {
			n = (size_t)(nl - (lr->buf + lr->start));
			lr->toolong_len += n;
			if ((n > 0 ? nl[-1] : prev) == '\r')
				lr->toolong_len--;
			lr->start = (size_t)(nl - lr->buf) + 1;
			return LR_TOOLONG;
		}
		if (lr->end > lr->start)
			prev = lr->buf[lr->end - 1];
		lr->toolong_len += lr->end - lr->start;
		lr->start = lr->end = 0;
		if ((r = lr_fill(lr)) == -1)
			return LR_ERROR;
		if (r == 0) {
			if (prev == '\r')
				lr->toolong_len--;
			return LR_TOOLONG;
		}
	}
}

int
lr_next(struct lreader *lr, char **line, size_t *len)
{
	size_t scanned = 0, n;
	char *p, *nl;
	int bom, r;

	lr->can_unread = 0;
	for (;;) {
		p = lr->buf + lr->start;
		n = lr->end - lr->start;
		nl = memchr(p + scanned, '\n', n - scanned);
		if (nl != NULL) {
			n = (size_t)(nl - p);
			lr->start += n + 1;
			break;
		}
		scanned = n;
		/* One more byte may be the CR of a CRLF still to come. */
		if (n > lr->max_line + 1) {
			lr->lineno++;
			lr->toolong_len = n;
			return lr_skip_line(lr, p[n - 1]);
		}
		bom = lr->bom_checked;
		r = lr_fill(lr);
		if (bom != lr->bom_checked)
			scanned = 0;	/* a dropped BOM shifted start */
		if (r == -1)
			return LR_ERROR;
		if (r == -2) {
			lr->lineno++;
			lr->toolong_len = n;
			return lr_skip_line(lr, lr->buf[lr->end - 1]);
		}
		if (r == 0) {
			if (n == 0)
				return LR_EOF;
			/* lr_fill may have moved or reallocated buf. */
			p = lr->buf + lr->start;
			lr->start = lr->end;
			break;
		}
	}
	lr->lineno++;
	if (n > 0 && p[n - 1] == '\r')
		n--;
	if (n > lr->max_line) {
		lr->toolong_len = n;
		return LR_TOOLONG;
	}
	lr->last_start = (size_t)(p - lr->buf);
	lr->last_term = lr->last_start + n;
	lr->last_termc = p[n];
	lr->can_unread = 1;
	p[n] = '\0';		/* buf has one spare byte past cap */
	*line = p;
	*len = n;
	return LR_LINE;
}

void
lr_unread(struct lreader *lr)
{
	if (!lr->can_unread)
		return;
	lr->buf[lr->last_term] = lr->last_termc;
	lr->start = lr->last_start;
	lr->lineno--;
	lr->can_unread = 0;
}
