/* diag.h - diagnostics, rejects and exit status shared by every tool */
#ifndef SCS_DIAG_H
#define SCS_DIAG_H

#include <stddef.h>

/* sysexits(3) values, as DESIGN.md section 7 fixes them. */
#define EX_OK		0
#define EX_USAGE	64
#define EX_DATAERR	65
#define EX_NOINPUT	66
#define EX_SOFTWARE	70
#define EX_CANTCREAT	73
#define EX_IOERR	74
#define EX_TEMPFAIL	75
#define EX_CONFIG	78

/* Set once in main: the name every message starts with. */
void	diag_init(const char *tool);
const char *diag_tool(void);

/* "tool: msg" on stderr. */
void	diag_warn(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));
/* "tool: file:line: msg" on stderr (line 0 leaves out the line). */
void	diag_at(const char *file, long line, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* diag_warn, then exit(status). */
void	diag_fatal(int status, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3), noreturn));

/*
 * Rejected input.  diag_reject() reports "tool: file:line: reason" on
 * stderr and, when a rejects file is open, appends one JSON record:
 *
 *   {"type":"reject","tool":"scs-ingest","file":"x.json","line":8,
 *    "reason":"...","input":"<the rejected bytes, verbatim>"}
 *
 * ("input_base64" instead of "input" when the bytes are not UTF-8, so
 * they stay byte-exact).  It raises the exit status to EX_DATAERR, and
 * with --strict exits at once.  raw may be NULL.
 */
int	diag_rejects_open(const char *path);	/* 0, or -1 with a message */
void	diag_set_strict(int on);
void	diag_reject(const char *file, long line, const char *raw,
	    size_t rawlen, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));
unsigned long diag_nrejects(void);

/* Raise the exit status (never lowers it, except that 0 is lowest). */
void	diag_status(int status);
/* Close the rejects file and return the exit status the run earned. */
int	diag_finish(void);

#endif
