/* record.h - writing JSON-lines records */
#ifndef SCS_RECORD_H
#define SCS_RECORD_H

#include <stddef.h>
#include <stdio.h>
#include <jansson.h>

/*
 * Output goes to a stdio stream, fully buffered unless rec_unbuffered()
 * asked for a flush after every record.  Write errors are sticky and
 * make rec_close() return EX_IOERR.
 */
void	rec_out_init(FILE *out);
void	rec_unbuffered(int on);

/* Serialize obj compactly (UTF-8, key order kept) plus "\n". */
int	rec_write(json_t *obj);

/* Write line[0..len) plus "\n" unchanged. */
int	rec_write_raw(const char *line, size_t len);

/*
 * Write the record whose original bytes are line[0..len) and whose parsed
 * form is obj, with top-level key set to value.  When obj has no such key
 * the output is the original bytes with ,"key":value spliced in before
 * the closing brace, so nothing the stage did not change is
 * re-serialized; when the key is present, obj is updated and rebuilt.
 * value is not consumed.
 */
int	rec_splice(const char *line, size_t len, json_t *obj,
	    const char *key, json_t *value);

/* Flush; returns 0 or EX_IOERR after reporting the error. */
int	rec_close(void);

#endif
