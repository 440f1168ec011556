/* csv.h - streaming CSV records (RFC 4180 and what spreadsheets write) */
#ifndef SCS_CSV_H
#define SCS_CSV_H

#include <stddef.h>
#include "lineread.h"

/*
 * Records are read through a line reader, so memory is bounded by its
 * maximum line length (a quoted field may span lines; the whole record
 * is bounded by the same limit).  Accepted: quoted fields with "" for a
 * quote, commas and newlines inside quotes, CRLF or LF records, a bare CR
 * inside a field (kept as data), a UTF-8 BOM before the header, a
 * configurable separator.
 *
 * Errors do not stop the reader: an unterminated quote is reported with
 * the line where the record began, that one physical line is the rejected
 * record, and reading resumes on the line after it (so the records after
 * a stray quote are not swallowed).
 */

struct csv_field {
	const char	*s;	/* NUL-terminated, quotes removed */
	size_t		 len;
};

struct csv_reader;

struct csv_reader *csv_open(struct lreader *lr, char sep);
void	csv_close(struct csv_reader *);

enum {
	CSV_EOF = 0,
	CSV_OK = 1,
	CSV_ERR = -1,		/* bad record: see csv_error(); call again */
	CSV_IOERR = -2		/* the line reader failed: see lr */
};

/*
 * Read the next record.  On CSV_OK, *fields points at *nfields fields,
 * valid until the next call.  Blank lines are skipped.  csv_raw() gives
 * the record's bytes (its lines joined by "\n") so that a caller can
 * reject it; on CSV_ERR it gives the rejected input, the record's first
 * line, and csv_line() the line where it began.  The raw bytes are not
 * always NUL-terminated: use the length.
 */
int	csv_next(struct csv_reader *, struct csv_field **fields, size_t *nfields);

long	csv_line(const struct csv_reader *);	/* first line of the record */
const char *csv_error(const struct csv_reader *);
void	csv_raw(const struct csv_reader *, const char **raw, size_t *len);

#endif
