/* fmt_twitter.h - what the Twitter/X converters (v2, v1.1, AA) share */
#ifndef SCS_FMT_TWITTER_H
#define SCS_FMT_TWITTER_H

#include <stdint.h>

#include <jansson.h>

#include "ingest.h"

/* Time of a snowflake id in ms, or -1 when id is not a snowflake. */
int64_t	 tw_snowflake_ms(const char *id);
/* created_at from the parsed time, else from the snowflake id. */
void	 tw_set_created(json_t *msg, int have, int64_t ms, const char *id);
/* obj.key = prefix + id ("twitter:u:" + "123"), when id is not NULL. */
void	 tw_set_prefixed(json_t *obj, const char *key, const char *prefix,
	    const char *id);
/* Text as tweets carry it: HTML entities decoded. */
void	 tw_set_tweet_text(json_t *msg, const char *text);
/* lang, unless it is "und" (undetermined). */
void	 tw_set_lang(json_t *msg, const char *lang);
/* Append handle (without '@') to "to" unless it is there already. */
void	 tw_add_to(json_t *msg, const char *handle);
/* geo.lat and geo.lon from a GeoJSON point's [lon, lat]. */
void	 tw_set_point(json_t *msg, json_t *lonlat);
/* Take the author's own handle out of "to" (a thread continued). */
void	 tw_drop_self(json_t *msg);
/* photo -> image, video and animated_gif -> video, else other. */
const char *tw_media_type(const char *type);
/* Is a the same decimal id as b (either may be NULL)? */
int	 tw_same_id(const char *a, const char *b);

#endif
