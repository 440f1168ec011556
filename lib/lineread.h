/* lineread.h - read lines with a bounded length (JSON lines, CSV) */
#ifndef SCS_LINEREAD_H
#define SCS_LINEREAD_H

#include <stddef.h>

#define LR_DEFAULT_MAX	(16u << 20)	/* 16 MiB, --max-line */

/*
 * A line reader over a file descriptor.  It holds at most max_line bytes
 * of one line in memory; a longer line is skipped to its end and
 * reported as LR_TOOLONG, and reading goes on with the next line.
 */
struct lreader {
	const char	*name;		/* for diagnostics: path or "<stdin>" */
	int		 fd;
	int		 eof;
	int		 err;		/* errno of a failed read, else 0 */
	long		 lineno;	/* number of the line last returned */
	size_t		 max_line;
	char		*buf;
	size_t		 cap, start, end;
	int		 bom_checked;
	size_t		 toolong_len;	/* length of the line skipped */
	size_t		 last_start;	/* for lr_unread */
	size_t		 last_term;
	char		 last_termc;
	int		 can_unread;
	/* Called before a read that would wait for more input (a pipe or a
	 * terminal with nothing in it yet), so that a filter can hand on
	 * what it holds instead of sitting on it; NULL: nothing to do. */
	void		(*idle)(void *);
	void		*idle_arg;
	int		 idle_grace_ms;	/* wait this long for more input
					 * before calling idle */
	int		 may_wait;	/* not a regular file */
};

enum {
	LR_EOF = 0,
	LR_LINE = 1,
	LR_TOOLONG = 2,		/* line over max_line: skipped, see toolong_len */
	LR_ERROR = -1		/* read error: see err */
};

/* Open path ("-" or NULL for stdin).  Returns 0, or -1 with errno set. */
int	lr_open(struct lreader *, const char *path, size_t max_line);
void	lr_close(struct lreader *);

/*
 * Next line, without its "\n" or "\r\n"; a UTF-8 BOM at the start of the
 * input is dropped; the last line need not end in "\n".  *line stays
 * valid until the next call and is NUL-terminated at (*line)[*len].
 */
int	lr_next(struct lreader *, char **line, size_t *len);

/*
 * Give back the line just returned by lr_next (LR_LINE only), so that
 * the next lr_next returns it again.  Lets a caller peek at the first
 * line to decide how to read the rest.
 */
void	lr_unread(struct lreader *);

#endif
