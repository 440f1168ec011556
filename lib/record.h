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
/* Flush the output stream now (the input is idle, say). */
void	rec_flush(void);
/* Send records to f from now on (its buffering untouched); returns the
 * stream they went to. */
FILE	*rec_out_switch(FILE *f);

/* Serialize obj compactly (UTF-8, key order kept) plus "\n". */
int	rec_write(json_t *obj);

/*
 * A key order for rec_write_ordered: the keys listed come first, in this
 * order, then the others in their own order.  child, when not NULL, is
 * the order inside that key's object.  The list ends with a NULL key.
 */
struct keyorder {
	const char		*key;
	const struct keyorder	*child;
};
int	rec_write_ordered(json_t *obj, const struct keyorder *order);

/* Append v's compact JSON text to buf (used by rec_*; exposed for tests
 * and for tools that build a line themselves).  Returns 0 or -1. */
struct jbuf {
	char	*p;
	size_t	 len, cap;
};
int	json_to_buf(struct jbuf *buf, json_t *v, const struct keyorder *order);

/*
 * A value made once and never changed, with its JSON text (text[len]
 * is a NUL), written once: for the values a tool gives many records.
 * jconst_init takes the reference to v; -1 when out of memory (or v is
 * NULL).
 */
struct jconst {
	json_t	*v;
	char	*text;
	size_t	 len;
};
int	jconst_init(struct jconst *, json_t *v);
void	jconst_free(struct jconst *);

/*
 * An object made of parts: keys[i] with the value vals[i] for each
 * vals[i] not NULL, in that order, then extra's members (extra may be
 * NULL) but those with one of keys.  The keys are escaped once, by
 * jparts_new (keys must outlive it).  known, when not NULL, may give a
 * part's value with its text: known[i] is used when it is not NULL and
 * known[i]->v is vals[i].
 */
struct jparts;
struct jparts *jparts_new(const char *const *keys, size_t n);
void	jparts_free(struct jparts *);
int	json_parts_to_buf(struct jbuf *buf, const struct jparts *,
	    json_t *const *vals, const struct jconst *const *known,
	    json_t *extra);

/* Write line[0..len) plus "\n" unchanged. */
int	rec_write_raw(const char *line, size_t len);

/*
 * Write the record whose original bytes are line[0..len) and whose parsed
 * form is obj, with top-level key set to value.  When obj has no such key
 * the output is the original bytes with ,"key":value spliced in before
 * the closing brace, so nothing the stage did not change is
 * re-serialized; when the key is present, the record is rebuilt from
 * obj with value in the key's place.  So when the key is absent obj may
 * hold only the parts its program read (jparse_want); when present, obj
 * must be the whole record.  Neither obj nor value is changed.
 */
int	rec_splice(const char *line, size_t len, json_t *obj,
	    const char *key, json_t *value);
/* The same, with value's keys in order (see rec_write_ordered). */
int	rec_splice_ordered(const char *line, size_t len, json_t *obj,
	    const char *key, json_t *value, const struct keyorder *order);

/*
 * As rec_splice, with the value of key given as its JSON text
 * text[0..tlen) (a program that writes the value itself).
 */
int	rec_splice_text(const char *line, size_t len, json_t *obj,
	    const char *key, const char *text, size_t tlen);

/* Flush; returns 0 or EX_IOERR after reporting the error. */
int	rec_close(void);

#endif
