#!/usr/bin/env bats
# scs-ingest: Twitter/X API v2 pages, v1.1 tweets, Account Activity webhooks.
# Fixtures: tests/fixtures/twitter-{v2,v1,aa}/ (see the NOTES there).

load helper

setup() {
	T=$(mktemp -d)
	V2=$FIX/twitter-v2
	V1=$FIX/twitter-v1
	AA=$FIX/twitter-aa
}

teardown() {
	rm -rf "$T"
}

# The record with id $1 from $output, compact.
rec() {
	jqf --arg id "$1" 'select(.id == $id)'
}

# ---- twitter-v2 ---------------------------------------------------------

@test "v2 stream: a cut line 8 is rejected, the 7 tweets before it come out" {
	run_split scs-ingest -f twitter-v2 --rejects "$T/rej" \
	    "$V2/twarc2_filtered_stream_with_bad_line.jsonl"
	[ "$status" -eq 65 ]
	eq "$(jqf -s length)" 7
	eq "$(jqf -s '[.[].id] | unique | length')" 7
	[[ "$stderr" == *"twarc2_filtered_stream_with_bad_line.jsonl:8: invalid JSON"* ]]
	eq "$(jq -s length "$T/rej")" 1
	eq "$(jq -c '[.type, .tool, .line]' "$T/rej")" '["reject","scs-ingest",8]'
	[[ "$(jq -r .input "$T/rej")" == '{"data": {"author_id": "1021159080151404544"'* ]]
}

@test "v2 stream: every mapped field of a tweet with a photo and a place" {
	run_split scs-ingest "$V2/twarc2_filtered_stream_with_bad_line.jsonl"
	r=$(rec twitter:1377650090978992134)
	eq "$(jq -c '[.type, .channel, .direction, .public, .created_at, .lang, .source]' <<<"$r")" \
	    '["message","twitter","in",true,"2021-04-01T15:52:31Z","en",{"format":"twitter-v2"}]'
	eq "$(jq -c .author <<<"$r")" \
	    '{"id":"twitter:u:4602771083","handle":"blackheart_265","name":"Endangered Species","followers":881,"following":499,"posts":7374,"verified":false,"bio":"Education Specialist| Passionate about improving access to quality education|","location":"Mzuzu, Malawi","created_at":"2015-12-25T18:50:44Z"}'
	eq "$(jq -r .text <<<"$r")" "Fury https://t.co/YbMgHU5xRX https://t.co/tXgDG9jrKX"
	# It quotes another post (an amplification, for scs-influence).
	eq "$(jq -c .thread <<<"$r")" '{"id":"twitter:1377650090978992134","quote_of":"twitter:1377640162566496258"}'
	eq "$(jq -c .metrics <<<"$r")" '{"likes":0,"replies":0,"reposts":0,"quotes":0}'
	eq "$(jq -c .geo <<<"$r")" '{"place":"Malawi"}'
	eq "$(jq -c .attachments <<<"$r")" \
	    '[{"type":"image","url":"https://pbs.twimg.com/media/Ex5ldKwXEAEnEnI.jpg"}]'
	eq "$(jq -c 'has("to")' <<<"$r")" false
	# Point coordinates are [lon, lat] in GeoJSON.
	eq "$(rec twitter:1377650277642338305 | jq -c .geo)" \
	    '{"lat":34.75192228,"lon":-86.58216981,"place":"Huntsville, AL"}'
	# A reply: thread and in_reply_to from referenced_tweets.
	eq "$(rec twitter:1377650093109743620 | jq -c .thread)" \
	    '{"id":"twitter:1377266697850257410","in_reply_to":"twitter:1377266697850257410"}'
	eq "$(rec twitter:1377650459033280516 | jq -c .author.verified)" true
}

@test "v2: to and direction follow --brand (mentions and the user replied to)" {
	run_split scs-ingest "$V2/twarc2_filtered_stream_with_bad_line.jsonl"
	eq "$(rec twitter:1377650093109743620 | jq -c .to)" null
	run_split scs-ingest --brand PoliceMutual \
	    "$V2/twarc2_filtered_stream_with_bad_line.jsonl"
	eq "$(rec twitter:1377650093109743620 | jq -c .to)" '["PoliceMutual"]'
	run_split scs-ingest --brand @blackheart_265 \
	    "$V2/twarc2_filtered_stream_with_bad_line.jsonl"
	eq "$(jqf -s -c 'group_by(.direction) | map([.[0].direction, length])')" \
	    '[["in",6],["out",1]]'
	eq "$(rec twitter:1377650090978992134 | jq -r .direction)" out
}

@test "v2 docs example: replies, to without self, mp4 media keys, und dropped" {
	run_split scs-ingest -b snowman "$V2/search_recent_docs_example.json"
	[ "$status" -eq 0 ]
	eq "$(jqf -s length)" 4
	r=$(rec twitter:1276035977375477760)
	eq "$(jq -c '[.direction, .to, .thread, .attachments, .created_at]' <<<"$r")" \
	    '["in",["snowman"],{"in_reply_to":"twitter:1275653067283759104"},[{"type":"video"}],"2020-06-25T06:14:19Z"]'
	eq "$(jq -c .author <<<"$r")" \
	    '{"id":"twitter:u:63046977","handle":"happycamper","name":"Emily Waligoske 🏕","bio":"Part-time fiddler, wanderer, yogi, scubadiver #savegamehenge Full time explorer, festvarian, music lover, nerd, @TwitterBoulder - Opinions are my own. she/her","created_at":"2009-08-05T05:46:48Z"}'
	# snowman replying in his own thread addresses nobody.
	eq "$(rec twitter:1275882613572583424 | jq -c '[.direction, .to]')" '["out",null]'
	eq "$(rec twitter:1275763727908798470 | jq -c '[.lang, .to]')" '[null,["snowman"]]'
	# A place that is not in includes leaves geo out.
	eq "$(jqf -s '[.[] | select(.geo)] | length')" 0
}

@test "v2: includes.places, reply to a mentioned user, verified_type" {
	run_split scs-ingest -b j2bryson "$V2/twarc2_geo_places.jsonl"
	eq "$(jqf -s length)" 2
	eq "$(rec twitter:1249702384659554308 | jq -c '[.geo, .lang, .author.handle, .author.location]')" \
	    '[{"lat":88.01785747,"lon":42.77810097},"pl","kamanonickname",null]'
	eq "$(rec twitter:1501963039859363843 | jq -c '[.geo, .to, .thread]')" \
	    '[{"place":"Berlin, Germany"},["j2bryson"],{"id":"twitter:1501958949863661574","in_reply_to":"twitter:1501958949863661574"}]'
	run_split scs-ingest "$V2/twarc2_verified_type.jsonl"
	eq "$(jqf -c '.author | [.handle, .verified, .followers, .following, .posts, .location]')" \
	    '["TwitterDev",true,556601,1961,4053,"127.0.0.1"]'
	run_split scs-ingest "$V2/twarc2_reply_quote_edited.jsonl"
	eq "$(jqf -c '[.thread, .author.bio, .to, .text]')" \
	    '[{"id":"twitter:1576994789110992896","in_reply_to":"twitter:1576994789110992896","quote_of":"twitter:1576994746135764992"},null,null,"@wongmjane Test \nhttps://t.co/rBFwqjVr6B"]'
	eq "$(jqf -c .metrics)" '{"likes":1,"replies":1,"reposts":0,"quotes":0}'
	# A retweet names what it reposts.
	run_split scs-ingest "$V2/twarc2_retweet_mentions.jsonl"
	eq "$(jqf -c 'select(.id == "twitter:1589681856941002753") | .thread')" \
	    '{"id":"twitter:1589681856941002753","repost_of":"twitter:1589671906718134272"}'
}

@test "v2: a retweet keeps the text the API gives when the original is not included" {
	run_split scs-ingest "$V2/twarc2_retweet_mentions.jsonl"
	[[ "$(jqf -r .text)" == "RT @S3NT1N3L17: Looking for gaming mutuals"* ]]
	eq "$(jqf -c '[.author.handle, .created_at, .thread.id]')" \
	    '["BaldManGamer","2022-11-07T18:11:04Z","twitter:1589681856941002753"]'
}

@test "v2: note_tweet, entities unescaped, snowflake time, media by key, flattened tweets" {
	run_split scs-ingest --stats -b MarcaAyuda "$V2/own_tweets.jsonl"
	[ "$status" -eq 0 ]
	eq "$(jqf -s length)" 3
	[[ "$stderr" == *"3 messages, 2 skipped api error"* ]]
	r=$(rec twitter:1620000000000000010)
	eq "$(jq -r .text <<<"$r")" "@OtraMarca <3 this is the whole long post & it goes on"
	# No created_at: (id >> 22) + 1288834974657 ms.
	eq "$(jq -r .created_at <<<"$r")" "2023-01-30T10:04:32Z"
	eq "$(jq -c '[.lang, .to, .author.verified]' <<<"$r")" '[null,["MarcaAyuda"],false]'
	eq "$(jq -c .geo <<<"$r")" '{"lat":-32.95,"lon":-60.66,"place":"Rosario, Argentina"}'
	eq "$(jq -c .attachments <<<"$r")" \
	    '[{"type":"image","url":"https://pbs.twimg.com/media/own1.jpg"},{"type":"video"},{"type":"video"},{"type":"other"}]'
	eq "$(jq -c .thread <<<"$r")" \
	    '{"id":"twitter:1619999999999999999","in_reply_to":"twitter:1619999999999999999"}'
	# The retweet text is rebuilt whole from includes.tweets.
	eq "$(rec twitter:1620000000000000020 | jq -r .text)" \
	    "RT @MarcaAyuda: Hoy cortamos el servicio de 2 a 4 por mantenimiento & volvemos enseguida, perdonen las molestias. Toda la info en nuestra web y por DM para consultas puntuales."
	eq "$(rec twitter:1620000000000000030 | jq -c .author)" \
	    '{"id":"twitter:u:333","handle":"flat_user","name":"Flat","followers":10,"following":20,"posts":30}'
	run_split scs-ingest -b MarcaAyuda -b otramarca "$V2/own_tweets.jsonl"
	eq "$(rec twitter:1620000000000000010 | jq -c .to)" '["OtraMarca","MarcaAyuda"]'
}

@test "v2: a tweet without id is rejected, the others and the api errors are counted" {
	run_split scs-ingest --stats --rejects "$T/rej" -b MarcaAyuda \
	    "$V2/own_page_missing_id.json"
	[ "$status" -eq 65 ]
	eq "$(jqf -r .id | tr '\n' ' ')" "twitter:1600000000000000001 twitter:1600000000000000003 "
	[[ "$stderr" == *'own_page_missing_id.json:1: data[1]: "id" missing'* ]]
	[[ "$stderr" == *"1 skipped api error, 2 messages, 1 rejected"* ]]
	eq "$(jq -c '[.line, .reason, (.input | fromjson | .text)]' "$T/rej")" \
	    '[1,"data[1]: \"id\" missing","this one lost its id"]'
	r=$(rec twitter:1600000000000000001)
	eq "$(jq -c '[.direction, .to, .text, .thread]' <<<"$r")" \
	    '["in",["MarcaAyuda"],"@MarcaAyuda mi pedido no llega & nadie responde",{"id":"twitter:1600000000000000001"}]'
	eq "$(jq -c .author <<<"$r")" \
	    '{"id":"twitter:u:111","handle":"ana_p","name":"Ana P.","followers":1200,"following":300,"posts":5400,"verified":false,"bio":"Periodista","location":"Rosario, AR","created_at":"2011-03-02T00:00:00Z"}'
	# verified_type "business" means verified; an empty bio is left out.
	eq "$(rec twitter:1600000000000000003 | jq -c '[.direction, .author.verified, .author.bio, .to]')" \
	    '["out",true,null,null]'
}

@test "v2: pages without data, a stream line without id, a bad date" {
	run_split scs-ingest -f twitter-v2 --rejects "$T/rej" "$V2/own_not_v2.json"
	[ "$status" -eq 65 ]
	eq "$output" ""
	eq "$(jq -r .reason "$T/rej" | tr '\n' '|')" \
	    'no "data", no "errors" and no tweet ("id" with "text") in this payload|data: "id" missing|data[0]: "created_at" is not a time: yesterday|'
	eq "$(jq -r .line "$T/rej" | tr '\n' ' ')" "1 2 3 "
}

@test "v2 DM events: direction, to, thread, text not unescaped, participants skipped" {
	run_split scs-ingest --stats -b MarcaAyuda "$V2/own_dm_events.json"
	[ "$status" -eq 0 ]
	[[ "$stderr" == *"3 messages, 2 skipped dm participants"* ]]
	eq "$(jqf -s length)" 3
	r=$(rec twitter:1700000000000000001)
	eq "$(jq -c '[.direction, .public, .created_at, .to, .thread, .text]' <<<"$r")" \
	    '["in",false,"2023-09-08T12:00:00Z",["MarcaAyuda"],{"id":"twitter:dm:111-999"},"Hola, la factura <vino> doble & encima dice &amp;"]'
	eq "$(jq -c '[.author, .attachments]' <<<"$r")" \
	    '[{"id":"twitter:u:111","handle":"ana_p","name":"Ana P."},[{"type":"image","url":"https://pbs.twimg.com/dm_own.jpg"}]]'
	eq "$(rec twitter:1700000000000000002 | jq -c '[.direction, .to, .author.handle]')" \
	    '["out",null,"MarcaAyuda"]'
	# No sender: no author; no created_at: the snowflake.
	eq "$(rec twitter:1700000000000000005 | jq -c '[.author, .created_at, .thread.id]')" \
	    '[null,"2023-09-08T04:15:59Z","twitter:dm:1699999999999999999"]'
}

@test "v2 DM events: real responses, a bare event object" {
	run_split scs-ingest "$V2/dm_events_by_participant.json"
	eq "$output" '{"type":"message","id":"twitter:1585321444547837956","channel":"twitter","direction":"in","created_at":"2022-10-26T17:24:21Z","public":false,"author":{"id":"twitter:u:906948460078698496"},"text":"Another photo https://t.co/J5KotyeIyd","thread":{"id":"twitter:dm:1585094756761149440"},"source":{"format":"twitter-v2"}}'
	run_split scs-ingest "$V2/dm_events_conversation_tweepy_cassette.json"
	eq "$(jqf -c '[.id, .created_at, .text, .author, .public]' | tr '\n' ' ')" \
	    '["twitter:1585800613752881156","2022-10-28T01:08:23Z","Testing 2",null,false] ["twitter:1585800613253812228","2022-10-28T01:08:23Z","Testing 1",null,false] '
	run_split scs-ingest "$V2/own_dm_event_single.json"
	eq "$(jqf -c '[.id, .author.id, .thread.id, .created_at]')" \
	    '["twitter:1700000000000000010","twitter:u:111","twitter:dm:1699999999999999999","2023-09-08T13:00:00Z"]'
}

# ---- twitter-v1 ---------------------------------------------------------

@test "v1: every mapped field of a geotagged tweet with a GIF" {
	run_split scs-ingest "$V1/original_format_examples_subset.jsonl"
	[ "$status" -eq 0 ]
	eq "$(jqf -s length)" 7
	eq "$(jqf -s '[.[].source.format] | unique')" '["twitter-v1"]'
	r=$(rec twitter:887453193294282752)
	eq "$(jq -c '[.direction, .public, .created_at, .lang, .text]' <<<"$r")" \
	    '["in",true,"2017-07-18T23:25:04Z","en","N) A Tweet with explicit geo coordinates https://t.co/XkcFAgHhsj"]'
	eq "$(jq -c .author <<<"$r")" \
	    '{"id":"twitter:u:815279070241955840","handle":"RobotPrincessFi","name":"jk no","followers":1,"following":2,"posts":68,"verified":false,"bio":"Niche millennial content aggregator | Just messing with Twitter bots | github: https://github.com/fionapigott/fiona-bot","created_at":"2016-12-31T19:30:52Z"}'
	eq "$(jq -c .geo <<<"$r")" '{"lat":40.01736548,"lon":-105.27786886,"place":"Boulder, CO"}'
	eq "$(jq -c .attachments <<<"$r")" \
	    '[{"type":"video","mime":"video/mp4","url":"https://video.twimg.com/tweet_video/DFDd9j0U0AEtlvd.mp4"}]'
	eq "$(rec twitter:867833721579122688 | jq -c '[.attachments[].type, .attachments[1].url]')" \
	    '["image","image","https://pbs.twimg.com/media/DAsqKNDXsAAgcYI.jpg"]'
}

@test "v1: extended_tweet text and media, retweets made whole, replies, to" {
	run_split scs-ingest -b notFromShrek -b gnip "$V1/original_format_examples_subset.jsonl"
	eq "$(rec twitter:867479301360205824 | jq -r .text)" \
	    "$(sed -n 4p "$V1/original_format_examples_subset.jsonl" | jq -r .extended_tweet.full_text)"
	[[ "$(rec twitter:867479301360205824 | jq -r .text)" == *"Magic! https://t.co/5PU0FLFRYz" ]]
	r=$(rec twitter:867473446648676352)
	[[ "$(jq -r .text <<<"$r")" == *"🐇🐈 https://t.co/eAQvI8SV57" ]]
	eq "$(jq -c '[.to, .thread, .attachments]' <<<"$r")" \
	    '[["notFromShrek"],{"in_reply_to":"twitter:863566329168711681"},[{"type":"video","mime":"video/mp4","url":"https://video.twimg.com/tweet_video/DAnifgeWAAAHTea.mp4"}]]'
	eq "$(rec twitter:867478524235366400 | jq -r .text)" \
	    "RT @notFromShrek: Since I feel like I shouldn't be someone who is condescending on the internet without offering a little help: https://t.co/bN4xcn4l2n"
	eq "$(rec twitter:867471067178090496 | jq -c .to)" '["notFromShrek","Gnip"]'
	eq "$(rec twitter:867837275152842752 | jq -c '[.to, .thread.in_reply_to]')" \
	    '[["notFromShrek"],"twitter:861645830863822848"]'
	run_split scs-ingest -b RobotPrincessFi "$V1/original_format_examples_subset.jsonl"
	eq "$(jqf -s '[.[].direction] | unique')" '["out"]'
	eq "$(jqf -s '[.[] | select(.to)] | length')" 0
}

@test "v1: a REST statuses/show body with a verified user" {
	run_split scs-ingest "$V1/statuses_show_tweepy_cassette.json"
	eq "$(jqf -c '[.id, .created_at, .author.handle, .author.verified, .author.followers, .author.created_at]')" \
	    '["twitter:266367358078169089","2012-11-08T02:31:41Z","Twitter",true,56335782,"2007-02-20T14:35:54Z"]'
	eq "$(jqf -r .text)" 'RT @TwitterEng: Bolstering our infrastructure. "As  usage patterns change, Twitter can remain resilient." http://t.co/uML86B6s'
}

@test "v1: a tweet without user is a reject naming user" {
	run_split scs-ingest --rejects "$T/rej" "$V1/broken_original_format_missing_user.json"
	[ "$status" -eq 65 ]
	eq "$output" ""
	[[ "$stderr" == *'broken_original_format_missing_user.json:1: "user" missing'* ]]
	eq "$(jq -r .reason "$T/rej")" '"user" missing'
	run_split scs-ingest -f twitter-v1 "$V1/broken_original_format_missing_user.json"
	[ "$status" -eq 65 ]
}

@test "v1: arrays, entities unescaped, timestamp_ms, snowflake, id_str required" {
	run_split scs-ingest --rejects "$T/rej" -b MarcaAyuda "$V1/own_v1_array.json"
	[ "$status" -eq 65 ]
	eq "$(jqf -s length)" 2
	r=$(rec twitter:1124316737317548033)
	eq "$(jq -c '[.text, .created_at, .lang, .to, .thread, .direction]' <<<"$r")" \
	    '["@MarcaAyuda the app says \"error\" & quits <again> https://t.co/x","2019-05-03T14:16:13Z",null,["MarcaAyuda"],{"in_reply_to":"twitter:1124316000000000000"},"in"]'
	eq "$(jq -c '[.geo, .attachments]' <<<"$r")" \
	    '[{"lat":-32.95,"lon":-60.66,"place":"Rosario, Argentina"},[{"type":"video","mime":"video/mp4","url":"https://video.twimg.com/own_2176.mp4"}]]'
	eq "$(jq -c '.author | [.verified, .created_at]' <<<"$r")" '[true,"2011-03-02T00:00:00Z"]'
	eq "$(rec twitter:1124316737317548034 | jq -c '[.created_at, .direction, .lang]')" \
	    '["2019-05-03T14:16:13Z","out","es"]'
	eq "$(jq -r .reason "$T/rej")" '"id_str" missing'
}

@test "v1: search responses and stream notices" {
	run_split scs-ingest --stats "$V1/own_v1_search.json"
	[ "$status" -eq 65 ]
	eq "$(jqf -c '[.id, .text]')" '["twitter:1124316737317548040","full_text wins over text"]'
	[[ "$stderr" == *'statuses[1]: "user" missing'* ]]
	run_split scs-ingest --stats "$V1/own_v1_stream.jsonl"
	[ "$status" -eq 65 ]
	eq "$(jqf -r .id)" "twitter:1124316737317548050"
	[[ "$stderr" == *"1 messages, 1 skipped delete, 1 skipped limit, 1 rejected"* ]]
	[[ "$stderr" == *'own_v1_stream.jsonl:4: "created_at" is not a time: Not a date'* ]]
}

# ---- twitter-aa ---------------------------------------------------------

@test "aa: numeric ids lost precision, id_str is used" {
	run_split scs-ingest "$AA/tock_incoming_tweet_with_mention_reply.json" \
	    "$AA/tock_incoming_tweet_with_mention.json"
	eq "$(jqf -r .id | tr '\n' ' ')" "twitter:1124250964289044480 twitter:1124287614780047362 "
	[[ "$output" != *1124250964289044500* ]]
}

@test "aa: a reply to the subscribed account addresses it, without --brand" {
	run_split scs-ingest "$AA/tock_incoming_tweet_with_mention_reply.json"
	[ "$status" -eq 0 ]
	eq "$output" '{"type":"message","id":"twitter:1124250964289044480","channel":"twitter","direction":"in","created_at":"2019-05-03T09:54:52Z","public":true,"author":{"id":"twitter:u:14235326","handle":"bagou","name":"LE BESCOND Erwan","followers":89,"following":123,"posts":239,"verified":false,"created_at":"2008-03-27T14:01:13Z"},"to":["Delphes99"],"text":"@Delphes99 alors?","lang":"fr","source":{"format":"twitter-aa"}}'
	run_split scs-ingest "$AA/tock_incoming_tweet_with_mention.json"
	eq "$(jqf -c '[.to, .direction, .text, .thread]')" '[["Delphes99"],"in","Hello @Delphes99 alors ?",null]'
}

@test "aa: the subscribed account's own tweet is out" {
	run_split scs-ingest "$AA/tock_incoming_tweet_sent.json"
	eq "$(jqf -c '[.direction, .to, .author.handle, .author.bio, .author.location, .created_at]')" \
	    '["out",null,"Delphes99","Software developer-crafter @ArollaFr / player-gamer / AFOL / collector...","Paris, France","2019-05-03T14:16:13Z"]'
	run_split scs-ingest -b chabott4 "$AA/tock_incoming_tweet_sent.json"
	eq "$(jqf -c .to)" '["chabott4"]'
}

@test "aa: direct messages in and out" {
	run_split scs-ingest "$AA/tock_direct_message_event_received.json"
	eq "$output" '{"type":"message","id":"twitter:1090001495532191748","channel":"twitter","direction":"in","created_at":"2019-01-28T21:39:42Z","public":false,"author":{"id":"twitter:u:707685546848550916","handle":"virginie_buchin","name":"Virginie","followers":7,"following":26,"posts":3,"verified":false,"created_at":"2016-03-09T21:52:37Z"},"to":["bagou"],"text":"Plouf","thread":{"id":"twitter:dm:14235326-707685546848550916"},"source":{"format":"twitter-aa"}}'
	run_split scs-ingest "$AA/tock_direct_message_event_sent.json"
	eq "$(jqf -c '[.id, .direction, .public, .to, .author.handle, .thread.id, .text]')" \
	    '["twitter:1090238550052880394","out",false,null,"bagou","twitter:dm:14235326-707685546848550916","Test #test @virginie_buchin https://t.co/N3w1YJ9hVr"]'
}

@test "aa: typing and read events are counted, not emitted" {
	run_split scs-ingest --stats "$AA/tock_direct_message_indicate_typing_event.json" \
	    "$AA/tock_read_event.json"
	[ "$status" -eq 0 ]
	eq "$output" ""
	[[ "$stderr" == *"1 skipped direct_message_indicate_typing_events, 1 skipped direct_message_mark_read_events"* ]]
}

@test "aa: a broken tweet event is rejected, the others go on" {
	run_split scs-ingest --rejects "$T/rej" "$AA/own_aa_tweets.json"
	[ "$status" -eq 65 ]
	eq "$(jqf -r .id | tr '\n' ' ')" "twitter:1698620000000000001 twitter:1698620000000000003 "
	eq "$(jq -r .reason "$T/rej")" 'tweet_create_events[1]: "user" missing'
	eq "$(jq -r '.input | fromjson | .id_str' "$T/rej")" 1698620000000000002
	# Mentioning for_user_id by id puts its screen_name in to.
	eq "$(rec twitter:1698620000000000001 | jq -c '[.direction, .to, .text, .created_at]')" \
	    '["in",["MarcaAyuda"],"hola @MarcaAyuda y @otra_cuenta, sigo sin servicio >:(","2023-09-04T08:00:00Z"]'
	eq "$(rec twitter:1698620000000000003 | jq -c '[.direction, .to, .thread]')" \
	    '["out",null,{"in_reply_to":"twitter:1698620000000000001"}]'
	run_split scs-ingest -b otra_cuenta "$AA/own_aa_tweets.json"
	eq "$(rec twitter:1698620000000000001 | jq -c .to)" '["MarcaAyuda","otra_cuenta"]'
}

@test "aa: DMs with users map, attachment, a broken event rejected" {
	run_split scs-ingest --rejects "$T/rej" "$AA/own_aa_dms.json"
	[ "$status" -eq 65 ]
	eq "$(jqf -s length)" 2
	r=$(rec twitter:1698630000000000001)
	eq "$(jq -c '[.direction, .public, .created_at, .to, .text, .thread, .attachments]' <<<"$r")" \
	    '["in",false,"2023-09-04T08:43:20Z",["MarcaAyuda"],"mi factura <duplicada> & sin &amp; explicación",{"id":"twitter:dm:111-999"},[{"type":"image","url":"https://ton.twitter.com/1.1/ton/data/dm/own.jpg"}]]'
	eq "$(jq -c .author <<<"$r")" \
	    '{"id":"twitter:u:111","handle":"ana_p","name":"Ana P.","followers":1200,"following":300,"posts":5400,"verified":false,"bio":"Periodista","location":"Rosario, AR","created_at":"2011-03-02T00:00:00Z"}'
	eq "$(rec twitter:1698630000000000003 | jq -c '[.direction, .to, .author.verified, .author.created_at]')" \
	    '["out",null,true,"2010-01-01T00:00:00Z"]'
	eq "$(jq -r .reason "$T/rej")" 'direct_message_events[1]: "message_create.sender_id" missing'
}

@test "aa: likes, follows, blocks, mutes, deletes, user_event are skipped per element" {
	run_split scs-ingest --stats "$AA/own_aa_other_events.jsonl"
	[ "$status" -eq 65 ]
	eq "$output" ""
	[[ "$stderr" == *"2 skipped favorite_events, 1 skipped follow_events, 1 skipped block_events, 1 skipped mute_events, 1 skipped tweet_delete_events, 1 skipped user_event, 1 skipped direct_message_indicate_typing_events, 1 skipped direct_message_mark_read_events, 1 rejected"* ]]
	[[ "$stderr" == *'own_aa_other_events.jsonl:8: no "*_events" array or "user_event"'* ]]
}

# ---- -f auto --------------------------------------------------------------

@test "-f auto tells the three Twitter formats apart" {
	for f in "$V2"/*.json* ; do
		case $f in *own_not_v2*) continue ;; esac
		run_split scs-ingest --no-dedup "$f"
		eq "$(jqf -r .source.format | sort -u)" twitter-v2 || { echo "$f"; false; }
	done
	for f in "$V1"/original* "$V1"/statuses* "$V1"/own*; do
		run_split scs-ingest "$f"
		eq "$(jqf -r .source.format | sort -u)" twitter-v1 || { echo "$f"; false; }
	done
	for f in "$AA"/tock_incoming* "$AA"/tock_direct_message_event* "$AA"/own_aa_[dt]*; do
		run_split scs-ingest "$f"
		eq "$(jqf -r .source.format | sort -u)" twitter-aa || { echo "$f"; false; }
	done
}

@test "v1: quotes and retweets name the post they amplify" {
	run_split scs-ingest -f twitter-v1 "$V1/original_format_examples_subset.jsonl"
	eq "$(jqf -c 'select(.id == "twitter:867837275152842752") | .thread')" \
	    '{"in_reply_to":"twitter:861645830863822848","quote_of":"twitter:867479301360205824"}'
	eq "$(jqf -c 'select(.thread.repost_of) | .thread.repost_of' | head -1 | grep -c '^"twitter:[0-9]*"$')" 1
}
