/* ingest.h - what scs-ingest's format converters share */
#ifndef SCS_INGEST_H
#define SCS_INGEST_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "csv.h"

/*
 * A converter turns one payload (a webhook body, an API response page,
 * a CSV row) into zero or more canonical message records and hands each
 * to ing_emit().  Events that are not messages (receipts, typing, likes)
 * are counted with ing_skip().  A broken part of a batch is rejected with
 * ing_reject_part() while the rest goes on; when the whole payload is
 * unusable the converter returns -1 after ing_fail() said why.
 */

struct fieldmap;

struct ingest {
	/* The payload being converted. */
	const char	*file;
	long		 line;		/* where the payload begins */
	const char	*raw;		/* its bytes, for the rejects file */
	size_t		 rawlen;
	const char	*format;	/* source.format of what it emits */
	int		 raw_is_line;	/* raw is exactly the payload, one line */

	/* Options. */
	int		  keep_quoted;	/* email: text_full too */
	char		**brands;	/* --brand, without '@' */
	size_t		  nbrands;
	struct fieldmap	 *map;		/* --map/--set for csv and jsonl */

	/* Why the payload failed (ing_fail), for the reject. */
	char		 why[640];
	/* Path of the part being converted, prefixed to reasons. */
	char		 where[128];
	/* Integer ids printed as strings (req_id), a few at a time. */
	char		 idbuf[8][24];
	unsigned	 idnext;
};

/* Converters. */
typedef int (*json_conv_fn)(struct ingest *, json_t *payload);

struct format {
	const char	*name;
	json_conv_fn	 json;		/* NULL for CSV formats */
	/* CSV formats: the header row once, then each row. */
	int		(*csv_header)(struct ingest *, struct csv_field *,
			    size_t);
	int		(*csv_row)(struct ingest *, struct csv_field *,
			    size_t);
};

const struct format *format_find(const char *name);
/* Guess a JSON format from the first payload; NULL if unknown. */
const struct format *format_sniff_json(json_t *payload);
/* Guess a CSV format from the header row. */
const struct format *format_sniff_csv(struct csv_field *, size_t);

int	conv_twitter_v2(struct ingest *, json_t *);
int	conv_twitter_v1(struct ingest *, json_t *);
int	conv_twitter_aa(struct ingest *, json_t *);
int	conv_meta(struct ingest *, json_t *);
int	conv_whatsapp(struct ingest *, json_t *);
int	conv_telegram(struct ingest *, json_t *);
int	conv_jsonl(struct ingest *, json_t *);
int	conv_scs(struct ingest *, json_t *);
int	twcs_header(struct ingest *, struct csv_field *, size_t);
int	twcs_row(struct ingest *, struct csv_field *, size_t);
int	csvmap_header(struct ingest *, struct csv_field *, size_t);
int	csvmap_row(struct ingest *, struct csv_field *, size_t);
/* E-mail is not JSON: a file (one message or an mbox), stdin ("-") or
 * a Maildir folder, messages bounded to max bytes each (fmt_email.c). */
void	email_ingest(struct ingest *, const char *path, size_t max);
struct lreader;
void	email_read(struct ingest *, struct lreader *);
/* Convert one message s[0..len) that began at line `line` of the input;
 * fromline is its mbox "From " line or NULL; truncated says it was cut
 * at the size bound.  (The fuzz target calls it directly.) */
void	email_message(struct ingest *, const char *s, size_t len, long line,
	    const char *fromline, int truncated);
/* Does this first line begin a message or an mbox? */
int	email_looks_like(const char *line, size_t len);

/* ---- emitting (emit.c) ---- */

/*
 * Hand over a message (stolen).  It must have id, channel, direction and
 * public; ing_emit adds "type", source.format, puts the keys in the
 * canonical order, normalizes text (line breaks, control characters,
 * surrounding space; empty text is dropped) and skips an id already
 * seen in this run.
 */
void	ing_emit(struct ingest *, json_t *msg);
/* Emit a record of another type, or one already canonical, as is
 * (not stolen); with ing_emit_line, its original bytes unchanged. */
void	ing_emit_record(struct ingest *, json_t *rec);
void	ing_emit_line(struct ingest *, const char *id, const char *line,
	    size_t len);
/* Count an event that is not a message, by kind ("delivery", "read"). */
void	ing_skip(struct ingest *, const char *kind);
/* Count an event kind we do not know as prefix + key, without letting
 * odd keys (not lower-case words up to 40 bytes) multiply the counters. */
void	skip_unknown(struct ingest *, const char *prefix, const char *key);
/*
 * An id that must outlive the next few look-ups (req_id prints integer
 * ids into a small ring): copied into buf when it fits, else s itself,
 * which is then a JSON string that stays put.
 */
const char *keep(char *buf, size_t size, const char *s);
/* Reject one part of the payload (serialized into the rejects file). */
void	ing_reject_part(struct ingest *, json_t *part, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* v as compact JSON text in malloc'd memory (json_dumps would use
 * jansson's allocator, which may be the arena); NULL on failure. */
char	*json_text(json_t *v, size_t *len);
/* Say why the whole payload fails; returns -1 for the converter. */
int	ing_fail(struct ingest *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Set the path prefix of later reasons ("entry[0].messaging[2]") and
 * forget an earlier reason. */
void	ing_where(struct ingest *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* Is c one of DESIGN.md's channel names? */
int	channel_known(const char *c);
/* Ids seen in this run (set up by main; NULL disables de-duplication). */
extern struct idset *ing_seen;

/* ---- building messages (emit.c) ---- */

/* {"id":"<channel>:<native>","channel":…,"direction":…,"public":…} */
json_t	*msg_new(const char *channel, const char *native_id, int outbound,
	    int public);
/* msg_new with a printf-formatted native id. */
json_t	*msg_newf(const char *channel, int outbound, int public,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* obj.key = the formatted string. */
void	 set_fmt(json_t *obj, const char *key, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* Is s in the NULL-terminated list? Are a and b both set and equal? */
int	 in_list(const char *const *list, const char *s);
int	 streq(const char *a, const char *b);
/* Set key to a copy of s when s is non-NULL and not empty. */
void	 set_str(json_t *obj, const char *key, const char *s);
void	 set_strn(json_t *obj, const char *key, const char *s, size_t n);
void	 set_int(json_t *obj, const char *key, json_int_t v);
void	 set_bool(json_t *obj, const char *key, int v);
/* created_at (or another key) as RFC 3339 UTC. */
void	 set_time(json_t *obj, const char *key, int64_t ms);
/* Parse s with ts_parse_any and set it; -1 (nothing set) if unparsable. */
int	 set_time_str(json_t *obj, const char *key, const char *s);
/* Child object key of obj, created when absent. */
json_t	*child(json_t *obj, const char *key);
/* Append to array key of obj, created when absent (v stolen). */
void	 push(json_t *obj, const char *key, json_t *v);
/* Attachment {"type":…,"name":…,"mime":…,"url":…} (NULLs left out). */
json_t	*attachment(const char *type, const char *name, const char *mime,
	    const char *url);
/* Is handle (with or without '@') one of the --brand accounts? */
int	 is_brand(const struct ingest *, const char *handle);
/* Decode &amp; &lt; &gt; &quot; &#39; &#NN; as Twitter escapes text. */
char	*html_unescape(const char *s);

/* ---- reading payload fields (emit.c) ---- */

/*
 * req_* want the field present with the right type; otherwise they set
 * the reason ("entry[0]: \"sender.id\" missing", "... is a number,
 * expected a string") and return NULL.  opt_* return NULL when the field
 * is absent or null, and also complain (returning NULL) when it is there
 * with the wrong type.  Paths are dotted (jpath.h).  An id may be a
 * string or an integer (printed in decimal into the ingest's scratch);
 * a non-integral number as an id is an error (precision lost).
 */
const char *req_str(struct ingest *, json_t *obj, const char *path);
json_t	*req_obj(struct ingest *, json_t *obj, const char *path);
json_t	*req_arr(struct ingest *, json_t *obj, const char *path);
const char *req_id(struct ingest *, json_t *obj, const char *path);
const char *opt_str(struct ingest *, json_t *obj, const char *path);
json_t	*opt_obj(struct ingest *, json_t *obj, const char *path);
json_t	*opt_arr(struct ingest *, json_t *obj, const char *path);
const char *opt_id(struct ingest *, json_t *obj, const char *path);
/* Integer field (also a numeric string); 0 when absent, -1 if bad. */
int	 opt_int(struct ingest *, json_t *obj, const char *path,
	    json_int_t *out);
/* dst.to = the integer at src.from, when there is one. */
void	 copy_int(struct ingest *, json_t *dst, json_t *src, const char *from,
	    const char *to);
/* Unix time (seconds or ms, number or numeric string) or RFC 3339;
 * 0 when found, 1 when absent, -1 when malformed. */
int	 opt_time(struct ingest *, json_t *obj, const char *path,
	    int64_t *ms);
/* True when req_/opt_ recorded a problem since ing_where() or start. */
int	 ing_failed(const struct ingest *);

/* ---- options for the generic formats (fieldmap.c) ---- */

/* Add "text=body,author.id=from" or a YAML file's pairs to *map (made
 * when NULL); -1 after a message.  fieldmap_set adds a constant. */
int	 fieldmap_parse(struct fieldmap **map, const char *spec);
int	 fieldmap_set(struct fieldmap **map, const char *assign);
void	 fieldmap_free(struct fieldmap *);

#endif
