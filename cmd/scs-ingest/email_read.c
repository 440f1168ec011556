/* email_read.c - messages out of a file, an mbox or a Maildir folder
 *
 * Lines come from lineread.h, so "\r\n" and "\n" ends read the same,
 * and a message is gathered up to the size bound (--max-line): past it
 * the rest is skipped to the next message and the record says it was
 * truncated.  Memory is one message's worth, whatever the mbox size.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "diag.h"
#include "ingest.h"
#include "lineread.h"
#include "mime.h"
#include "record.h"

struct reader {
	struct ingest	*ing;
	struct mbuf	 msg;
	size_t		 max;
	long		 line;		/* where the message began */
	char		*fromline;	/* its mbox "From " line */
	int		 open, truncated;
};

static void
flush(struct reader *r)
{
	if (r->open && r->msg.len > 0)
		email_message(r->ing, r->msg.s, r->msg.len, r->line,
		    r->fromline, r->truncated);
	else if (r->open && r->fromline != NULL)
		diag_reject(r->ing->file, r->line, r->fromline,
		    strlen(r->fromline), "empty message after an mbox From "
		    "line");
	mbuf_reset(&r->msg);
	free(r->fromline);
	r->fromline = NULL;
	r->open = r->truncated = 0;
}

static void
add_line(struct reader *r, const char *s, size_t n)
{
	if (r->truncated)
		return;
	if (r->msg.len + n + 1 > r->max) {
		r->truncated = 1;
		return;
	}
	mbuf_add(&r->msg, s, n);
	mbuf_addc(&r->msg, '\n');
}

/*
 * An mbox separator: "From " and then "-" (Netscape, Thunderbird), an
 * address, or a time of day.  Lines in a body that begin with "From "
 * are meant to be escaped (">From "), but mboxo writers and Thunderbird
 * do not always do it, and "From Russia with love" must not split a
 * message.
 */
static int
is_separator(const char *s, size_t n)
{
	size_t i, e;

	if (n < 6 || memcmp(s, "From ", 5) != 0)
		return 0;
	for (e = 5; e < n && s[e] != ' '; e++)
		;
	if ((e == 6 && s[5] == '-') || e == 5 ||
	    memchr(s + 5, '@', e - 5) != NULL)
		return 1;
	for (i = e; i + 4 < n; i++)
		if (s[i] >= '0' && s[i] <= '9' && s[i + 1] == ':' &&
		    s[i + 2] >= '0' && s[i + 2] <= '5' &&
		    s[i + 3] >= '0' && s[i + 3] <= '9')
			return 1;
	return 0;
}

void
email_read(struct ingest *ing, struct lreader *lr)
{
	struct reader r;
	size_t n;
	char *line;
	int rc, mbox = -1;

	memset(&r, 0, sizeof(r));
	r.ing = ing;
	r.max = lr->max_line;
	while ((rc = lr_next(lr, &line, &n)) != LR_EOF) {
		if (rc == LR_TOOLONG) {
			if (r.open)
				r.truncated = 1;
			continue;
		}
		if (rc != LR_LINE) {
			diag_at(lr->name, lr->lineno + 1, "read error: %s",
			    strerror(lr->err));
			diag_status(EX_IOERR);
			break;
		}
		if (mbox == -1) {
			if (n == 0)
				continue;	/* blank lines before it all */
			mbox = n >= 5 && memcmp(line, "From ", 5) == 0;
		}
		if (mbox && is_separator(line, n)) {
			flush(&r);
			r.open = 1;
			r.line = lr->lineno;
			if ((r.fromline = strdup(line)) == NULL)
				diag_fatal(EX_SOFTWARE, "out of memory");
			continue;
		}
		if (!r.open) {
			r.open = 1;
			r.line = lr->lineno;
		}
		if (mbox) {	/* mboxrd: ">From " and ">>From " lose a '>' */
			size_t i = 0;

			while (i < n && line[i] == '>')
				i++;
			if (i > 0 && n - i >= 5 && memcmp(line + i, "From ",
			    5) == 0)
				line++, n--;
		}
		add_line(&r, line, n);
	}
	flush(&r);
	mbuf_free(&r.msg);
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The files of dir (not dot files), sorted; appended to *v. */
static void
list_dir(const char *dir, char ***v, size_t *n, size_t *cap)
{
	struct dirent *de;
	struct stat st;
	DIR *d;
	char *p;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (asprintf(&p, "%s/%s", dir, de->d_name) == -1)
			diag_fatal(EX_SOFTWARE, "out of memory");
		if (stat(p, &st) == -1 || !S_ISREG(st.st_mode)) {
			free(p);
			continue;
		}
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 64;
			if ((*v = realloc(*v, *cap * sizeof(**v))) == NULL)
				diag_fatal(EX_SOFTWARE, "out of memory");
		}
		(*v)[(*n)++] = p;
	}
	closedir(d);
}

/* A pipe with nothing more in it yet: hand on what was written. */
static void
flush_when_idle(void *arg)
{
	rec_flush();
}

static void
read_file(struct ingest *ing, const char *path, size_t max)
{
	struct lreader lr;

	if (lr_open(&lr, path, max) == -1) {
		diag_warn("%s: %s", path, strerror(errno));
		diag_status(EX_NOINPUT);
		return;
	}
	lr.idle = flush_when_idle;
	ing->file = lr.name;
	email_read(ing, &lr);
	lr_close(&lr);
}

/* A Maildir: new/ then cur/ (tmp/ is mail still being delivered); a
 * plain folder of .eml files is read the same way. */
static void
read_maildir(struct ingest *ing, const char *path, size_t max)
{
	char **files = NULL, *sub;
	size_t n = 0, cap = 0, i, before;
	const char *subs[] = { "new", "cur" };

	for (i = 0; i < 2; i++) {
		if (asprintf(&sub, "%s/%s", path, subs[i]) == -1)
			diag_fatal(EX_SOFTWARE, "out of memory");
		before = n;
		list_dir(sub, &files, &n, &cap);
		if (n > before)
			qsort(files + before, n - before, sizeof(*files),
			    name_cmp);
		free(sub);
	}
	if (n == 0) {
		list_dir(path, &files, &n, &cap);
		if (n > 0)
			qsort(files, n, sizeof(*files), name_cmp);
	}
	if (n == 0)
		diag_at(path, 0, "no messages in this folder");
	for (i = 0; i < n; i++) {
		read_file(ing, files[i], max);
		free(files[i]);
	}
	free(files);
}

void
email_ingest(struct ingest *ing, const char *path, size_t max)
{
	struct stat st;

	ing->format = "email";
	if (strcmp(path, "-") != 0 && stat(path, &st) == 0 &&
	    S_ISDIR(st.st_mode))
		read_maildir(ing, path, max);
	else
		read_file(ing, path, max);
}

int
email_looks_like(const char *line, size_t n)
{
	static const char *const fields[] = {
		"Return-Path:", "Received:", "From:", "Message-ID:", "Date:",
		"Delivered-To:", "MIME-Version:", "Subject:", "To:",
		"X-", "Content-Type:", "DKIM-Signature:", NULL
	};
	size_t i;

	if (is_separator(line, n))
		return 1;
	/* A field name, then ':'. */
	for (i = 0; i < n && ((line[i] >= 'A' && line[i] <= 'Z') ||
	    (line[i] >= 'a' && line[i] <= 'z') ||
	    (line[i] >= '0' && line[i] <= '9') || line[i] == '-'); i++)
		;
	if (i == 0 || i == n || line[i] != ':')
		return 0;
	for (i = 0; fields[i] != NULL; i++)
		if (n >= strlen(fields[i]) && strncasecmp(line, fields[i],
		    strlen(fields[i])) == 0)
			return 1;
	return 0;
}
