#!/usr/bin/env bats
# scs-ingest -f meta: Messenger, Instagram and Facebook Page webhooks.

load helper

setup() {
	T=$(mktemp -d)
	M=$FIX/meta
}

teardown() {
	rm -rf "$T"
}

# The record with id $1 from the last output, keys sorted.
rec() {
	jqf -S --arg id "$1" 'select(.id == $id)'
}

# JSON text $1 in rec's form.
want() {
	printf '%s\n' "$1" | jq -cS .
}

# One webhook body with the messaging events $1 (a JSON array).
page_body() {
	printf '{"object":"page","entry":[{"id":"P1","time":1764000000000,"messaging":%s}]}\n' "$1"
}

@test "botman sample: records, skips by kind, and -f auto" {
	run_split scs-ingest --stats --no-dedup "$M/botman-facebook-messenger-events.jsonl"
	[ "$status" -eq 0 ]
	eq "$(jqf -r .source.format | sort -u)" "meta"
	eq "$(jqf -r .id | wc -l)" 6
	eq "$stderr" "scs-ingest: 6 messages, 1 skipped empty, 1 skipped referral, 1 skipped optin, 1 skipped delivery, 1 skipped read, 1 skipped account_linking, 1 skipped checkout_update, 1 skipped unknown foo"
	# Four lines share one mid: without --no-dedup the repeats go.
	run_split scs-ingest --stats "$M/botman-facebook-messenger-events.jsonl"
	[ "$status" -eq 0 ]
	eq "$(jqf -r .text | tr '\n' '|')" "Hi|MY_PAYLOAD|bye, see you tomorrow at 4pm|"
	[[ "$stderr" == "scs-ingest: 3 messages, 3 duplicates, "* ]]
}

@test "botman sample: text, echo, postback and quick reply field by field" {
	run_split scs-ingest --no-dedup "$M/botman-facebook-messenger-events.jsonl"
	[ "$status" -eq 0 ]
	eq "$(jqf -cS 'select(.text == "Hi" and .direction == "in")')" "$(want '{"type":"message",
	    "id":"messenger:mid.1480279487147:4388d3b344","channel":"messenger",
	    "direction":"in","created_at":"2016-11-27T20:44:47Z","public":false,
	    "author":{"id":"messenger:u:1433960459967306"},
	    "to":["111899832631525"],"text":"Hi","source":{"format":"meta"}}')"
	# the echo: sent by the page, so out and no "to"
	eq "$(jqf -cS 'select(.direction == "out")')" "$(want '{"type":"message",
	    "id":"messenger:mid.1480279487147:4388d3b344","channel":"messenger",
	    "direction":"out","created_at":"2016-11-27T20:44:47Z","public":false,
	    "author":{"id":"messenger:u:1433960459967306"},"text":"Hi",
	    "source":{"format":"meta"}}')"
	# a postback without mid or title: named by sender and timestamp
	eq "$(rec messenger:postback:1433960459967306:1480279487147)" "$(want '{
	    "type":"message","id":"messenger:postback:1433960459967306:1480279487147",
	    "channel":"messenger","direction":"in","created_at":"2016-11-27T20:44:47Z",
	    "public":false,"author":{"id":"messenger:u:1433960459967306"},
	    "to":["111899832631525"],"text":"MY_PAYLOAD","source":{"format":"meta"}}')"
	eq "$(jqf -r 'select(.text == "Red") | .direction')" "in"
	eq "$(rec 'messenger:mid.$cAABlxfDuVgpkzP8I5Fem7nAgTm_7' | jq -r .created_at)" "2017-09-19T19:59:55Z"
}

@test "fbmessenger-hs samples: image, text, postback; delivery and optin skipped" {
	run_split scs-ingest --stats "$M"/fbmessenger-hs-*.json
	[ "$status" -eq 0 ]
	eq "$(rec messenger:mid.1458696618141:b4ef9d19ec21086067)" "$(want '{
	    "type":"message","id":"messenger:mid.1458696618141:b4ef9d19ec21086067",
	    "channel":"messenger","direction":"in","created_at":"2016-03-23T01:30:18Z",
	    "public":false,"author":{"id":"messenger:u:USER_ID"},"to":["PAGE_ID"],
	    "attachments":[{"type":"image","url":"IMAGE_URL"}],"source":{"format":"meta"}}')"
	eq "$(rec messenger:mid.1457764197618:41d102a3e1ae206a38 | jq -r '[.text,.created_at]|@tsv')" \
	    "$(printf 'hello, world!\t2016-03-12T06:29:57Z')"
	eq "$(rec messenger:postback:USER_ID:1458692752478 | jq -r .text)" "USER_DEFINED_PAYLOAD"
	eq "$stderr" "scs-ingest: 1 skipped optin, 1 skipped delivery, 3 messages"
}

@test "Messenger attachments: file, location, audio, video, sticker once, fallback" {
	run_split scs-ingest --stats "$M/own_messenger_events.jsonl"
	[ "$status" -eq 0 ]
	eq "$(rec messenger:m_file1)" "$(want '{"type":"message","id":"messenger:m_file1",
	    "channel":"messenger","direction":"in","created_at":"2025-11-24T16:00:00Z",
	    "public":false,"author":{"id":"messenger:u:5012345678901234"},
	    "to":["104729384756123"],
	    "attachments":[{"type":"document","url":"https://cdn.fbsbx.com/v/t59/factura.pdf"}],
	    "source":{"format":"meta"}}')"
	eq "$(rec messenger:m_loc1 | jq -c '[.geo.lat == -32.95, .geo.lon == -60.66, (.geo|keys), .attachments]')" \
	    '[true,true,["lat","lon"],[{"type":"location","url":"https://l.facebook.com/l.php?u=https%3A%2F%2Fwww.bing.com%2Fmaps"}]]'
	eq "$(rec messenger:m_av1 | jq -c '[.attachments[].type]')" '["audio","video"]'
	eq "$(rec messenger:m_av1 | jq -r '.attachments[1].url')" "https://video.xx.fbcdn.net/v/t42/video.mp4"
	eq "$(rec messenger:m_stk1 | jq -c .attachments)" \
	    '[{"type":"sticker","url":"https://scontent.xx.fbcdn.net/v/t39/sticker.png"}]'
	eq "$(rec messenger:m_fb1 | jq -c '[.text, .attachments]')" \
	    '["mirá esto https://example.com/oferta",[{"type":"other","url":"https://example.com/oferta"}]]'
}

@test "Messenger reply, reaction, postback, edit, standby, echo; skips" {
	run_split scs-ingest --stats "$M/own_messenger_events.jsonl"
	[ "$status" -eq 0 ]
	eq "$(rec messenger:m_reply1 | jq -c .thread)" '{"in_reply_to":"messenger:m_file1"}'
	eq "$(rec messenger:reaction:5012345678901234:m_page_answer1:1764000006000)" "$(want '{
	    "type":"message","id":"messenger:reaction:5012345678901234:m_page_answer1:1764000006000",
	    "channel":"messenger","direction":"in","created_at":"2025-11-24T16:00:06Z",
	    "public":false,"author":{"id":"messenger:u:5012345678901234"},
	    "to":["104729384756123"],"text":"😡",
	    "thread":{"in_reply_to":"messenger:m_page_answer1"},"source":{"format":"meta"}}')"
	eq "$(rec messenger:m_pb1 | jq -r .text)" "Hablar con una persona"
	eq "$(rec messenger:m_reply1:e1 | jq -c '[.text, .thread, .created_at]')" \
	    '["sigo esperando, pedido 4411",{"in_reply_to":"messenger:m_reply1"},"2025-11-24T16:00:09Z"]'
	eq "$(rec messenger:m_standby1 | jq -r .text)" "hola?"
	eq "$(rec messenger:m_echo1)" "$(want '{"type":"message","id":"messenger:m_echo1",
	    "channel":"messenger","direction":"out","created_at":"2025-11-24T16:00:11Z",
	    "public":false,"author":{"id":"messenger:u:104729384756123"},
	    "attachments":[{"type":"other"}],"source":{"format":"meta"}}')"
	eq "$(rec messenger:m_batch_b | jq -r .author.id)" "messenger:u:5012345678909999"
	eq "$(jqf -r .id | wc -l)" 13
	eq "$stderr" "scs-ingest: 13 messages, 1 skipped unreaction, 1 skipped pass_thread_control, 1 skipped read"
}

@test "Instagram: messages, story mention, comments with threads, direction" {
	run_split scs-ingest --stats "$M/own_instagram.jsonl"
	[ "$status" -eq 0 ]
	eq "$(jqf -r .id | wc -l)" 6
	eq "$stderr" "scs-ingest: 6 messages, 1 skipped deleted, 1 skipped mentions, 1 skipped read"
	eq "$(jqf -cS 'select(.text == "Hola, mi pedido no llegó") | del(.id)')" "$(want '{
	    "type":"message","channel":"instagram","direction":"in",
	    "created_at":"2025-11-24T16:01:40Z","public":false,
	    "author":{"id":"instagram:u:6700000000000002"},"to":["17841400000000001"],
	    "text":"Hola, mi pedido no llegó",
	    "thread":{"in_reply_to":"instagram:aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAwMDAwMDAwMDAxOjMwMDA"},
	    "source":{"format":"meta"}}')"
	eq "$(rec instagram:aWdfZAG1faXRlbTpzdG9yeW1lbnRpb24x | jq -c .attachments)" \
	    '[{"type":"other","url":"https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=17900000000000001&signature=abc"}]'
	eq "$(rec instagram:18100000000000001)" "$(want '{"type":"message",
	    "id":"instagram:18100000000000001","channel":"instagram","direction":"in",
	    "created_at":"2025-11-24T16:03:20Z","public":true,
	    "author":{"id":"instagram:u:6700000000000002","handle":"ana.p"},
	    "to":["17841400000000001"],
	    "text":"¿Tienen envíos a Rosario?",
	    "thread":{"id":"instagram:18000000000000001","in_reply_to":"instagram:18000000000000001"},
	    "source":{"format":"meta"}}')"
	# the account's own answer: out, and a reply to the comment
	eq "$(rec instagram:18100000000000002 | jq -c '[.direction, .author, .thread, .created_at]')" \
	    '["out",{"handle":"marca","id":"instagram:u:17841400000000001"},{"id":"instagram:18000000000000001","in_reply_to":"instagram:18100000000000001"},"2025-11-24T16:04:20Z"]'
	eq "$(rec instagram:18100000000000003 | jq -c '[.public, .text, .thread.id, .to]')" \
	    '[true,"no se escucha","instagram:18000000000000009",["17841400000000001"]]'
	# a messaging event sent as a change, its timestamp in seconds
	eq "$(rec instagram:aWdfZAG1faXRlbTpjaGFuZ2VzMQ)" "$(want '{"type":"message",
	    "id":"instagram:aWdfZAG1faXRlbTpjaGFuZ2VzMQ","channel":"instagram",
	    "direction":"in","created_at":"2025-11-24T16:08:19Z","public":false,
	    "author":{"id":"instagram:u:6700000000000002"},"to":["17841400000000001"],
	    "text":"¿hay alguien?","source":{"format":"meta"}}')"
}

@test "Instagram: a --brand handle is direction out" {
	run_split scs-ingest -b juan_r "$M/own_instagram.jsonl"
	[ "$status" -eq 0 ]
	eq "$(rec instagram:18100000000000003 | jq -r .direction)" "out"
	eq "$(rec instagram:18100000000000001 | jq -r .direction)" "in"
}

@test "Facebook feed: comments, the page's reply, an edit, posts; skips" {
	run_split scs-ingest --stats "$M/own_facebook_feed.jsonl"
	[ "$status" -eq 0 ]
	eq "$(rec facebook:900000000000001_700000000000001)" "$(want '{"type":"message",
	    "id":"facebook:900000000000001_700000000000001","channel":"facebook",
	    "direction":"in","created_at":"2025-11-24T16:04:55Z","public":true,
	    "author":{"id":"facebook:u:5012345678901234","name":"Ana Pérez"},
	    "to":["104729384756123"],
	    "text":"El producto llegó roto",
	    "thread":{"id":"facebook:104729384756123_900000000000001",
	              "in_reply_to":"facebook:104729384756123_900000000000001"},
	    "attachments":[{"type":"image","url":"https://scontent.xx.fbcdn.net/v/t1.0-9/comment-photo.jpg"}],
	    "source":{"format":"meta"}}')"
	eq "$(rec facebook:900000000000001_700000000000002 | jq -c '[.direction, .author, .thread.in_reply_to]')" \
	    '["out",{"id":"facebook:u:104729384756123","name":"Marca"},"facebook:900000000000001_700000000000001"]'
	# an edit keeps the comment's id with the time of the edit
	eq "$(rec facebook:900000000000001_700000000000001:e1764000500 | jq -c '[.text, .created_at, .thread.in_reply_to]')" \
	    '["El producto llegó roto, pedido 4411","2025-11-24T16:08:20Z","facebook:104729384756123_900000000000001"]'
	eq "$(rec facebook:104729384756123_900000000000002)" "$(want '{"type":"message",
	    "id":"facebook:104729384756123_900000000000002","channel":"facebook",
	    "direction":"in","created_at":"2025-11-24T16:10:00Z","public":true,
	    "author":{"id":"facebook:u:5012345678907777","name":"Juan R"},
	    "to":["104729384756123"],
	    "text":"¿Abren el feriado?",
	    "thread":{"id":"facebook:104729384756123_900000000000002"},
	    "source":{"format":"meta"}}')"
	eq "$(rec facebook:104729384756123_900000000000003 | jq -c '[.direction, .attachments]')" \
	    '["out",[{"type":"image","url":"https://scontent.xx.fbcdn.net/v/t1.0-9/promo.jpg"}]]'
	eq "$(jqf -r .id | wc -l)" 5
	eq "$(printf '%s\n' "$stderr" | grep -o 'skipped [a-z ]*' | tr '\n' '|')" \
	    "skipped feed reaction add|skipped feed comment remove|skipped ratings|"
}

@test "-f auto picks meta for every sample" {
	run_split scs-ingest "$M"/*.json "$M"/*.jsonl
	eq "$(jqf -r .source.format | sort -u)" "meta"
	[[ "$stderr" != *"cannot tell the format"* ]]
}

@test "a batch of ten with one broken: nine out, exit 65, the one in --rejects" {
	run_split scs-ingest --rejects "$T/rej.jsonl" "$M/own_messenger_batch10.json"
	[ "$status" -eq 65 ]
	eq "$(jqf -r .id | tr '\n' ' ')" "messenger:m_b10_0 messenger:m_b10_1 messenger:m_b10_2 messenger:m_b10_3 messenger:m_b10_4 messenger:m_b10_5 messenger:m_b10_7 messenger:m_b10_8 messenger:m_b10_9 "
	[[ "$stderr" == *'own_messenger_batch10.json:1: entry[0].messaging[6]: "sender.id" is a boolean'* ]]
	eq "$(wc -l < "$T/rej.jsonl")" 1
	eq "$(jq -r '[.type, .tool, .line] | @tsv' "$T/rej.jsonl")" "$(printf 'reject\tscs-ingest\t1')"
	eq "$(jq -r .reason "$T/rej.jsonl")" \
	    'entry[0].messaging[6]: "sender.id" is a boolean, expected a string or an integer id'
	eq "$(jq -r .input "$T/rej.jsonl" | jq -c '[.message.mid, .sender.id]')" '["m_b10_6",true]'
}

@test "bad bodies are rejected whole, with the reason" {
	run_split scs-ingest -f meta <<-'EOF'
	{"object":"user","entry":[]}
	{"object":"page"}
	{"object":"page","entry":{}}
	{"object":7,"entry":[]}
	EOF
	[ "$status" -eq 65 ]
	[ -z "$output" ]
	[[ "$stderr" == *':1: "object" is "user", expected "page" or "instagram"'* ]]
	[[ "$stderr" == *':2: "entry" missing'* ]]
	[[ "$stderr" == *':3: "entry" is an object, expected an array'* ]]
	[[ "$stderr" == *':4: "object" is a number, expected a string'* ]]
}

@test "bad events are rejected alone, the reason names the field" {
	page_body '[{"sender":{"id":"U1"},"recipient":{"id":"P1"},"timestamp":1764000000000,"message":{"text":"no mid"}},
	    {"sender":{"id":"U1"},"recipient":{"id":"P1"},"timestamp":"ayer","message":{"mid":"m_badtime","text":"x"}},
	    {"recipient":{"id":"P1"},"timestamp":1764000000000,"message":{"mid":"m_nosender","text":"x"}},
	    {"sender":{"id":"U1"},"recipient":{"id":"P1"},"timestamp":1764000000000,"message":{"mid":"m_att","attachments":[7]}},
	    {"sender":{"id":"U1"},"recipient":{"id":"P1"},"timestamp":1764000000000,"message":{"mid":42}},
	    {"sender":{"id":"U1"},"recipient":{"id":"P1"},"postback":{"payload":"P"}},
	    "not an event",
	    {"sender":{"id":"U1"},"recipient":{"id":[1]},"timestamp":1764000000000,"postback":{"title":"t","mid":"pb_x"}},
	    {"sender":{"id":1234},"recipient":{"id":"P1"},"timestamp":1764000000000,"message":{"mid":"m_ok","text":"ok"}}]' |
	    tr -d '\n\t' > "$T/bad.json"
	echo >> "$T/bad.json"
	run_split scs-ingest --rejects "$T/rej.jsonl" "$T/bad.json"
	[ "$status" -eq 65 ]
	eq "$(jqf -c '[.id, .author.id]')" '["messenger:m_ok","messenger:u:1234"]'
	eq "$(jq -r .reason "$T/rej.jsonl")" "$(cat <<-'EOF'
	entry[0].messaging[0]: "message.mid" missing
	entry[0].messaging[1]: "timestamp" is not a time: ayer
	entry[0].messaging[2]: "sender.id" missing
	entry[0].messaging[3]: "message.attachments[0]" is not an object
	entry[0].messaging[4]: "message.mid" is a number, expected a string
	entry[0].messaging[5]: a postback with neither "postback.mid" nor "timestamp" has no stable id
	entry[0].messaging[6]: not an object
	entry[0].messaging[7]: "recipient.id" is an array, expected a string or an integer id
	EOF
	)"
}

@test "an entry whose messaging is not an array is rejected, the next entry goes on" {
	printf '%s\n' '{"object":"page","entry":[{"id":"P1","messaging":{"sender":{"id":"U1"}}},{"id":"P1","messaging":[{"sender":{"id":"U1"},"recipient":{"id":"P1"},"timestamp":1764000000000,"message":{"mid":"m_ok2","text":"ok"}}]},7]}' > "$T/e.json"
	run_split scs-ingest --rejects "$T/rej.jsonl" "$T/e.json"
	[ "$status" -eq 65 ]
	eq "$(jqf -r .id)" "messenger:m_ok2"
	eq "$(jq -r .reason "$T/rej.jsonl" | tr '\n' '|')" \
	    'entry[0]: "messaging" is an object, expected an array|entry[2]: not an object|'
}

@test "feed and Instagram changes with bad fields are rejected alone" {
	cat > "$T/c.jsonl" <<-'EOF'
	{"object":"page","entry":[{"id":"P1","time":1764000000,"changes":[{"field":"feed","value":{"item":"comment","verb":"add","post_id":"P1_1","message":"sin id"}},{"field":"feed","value":{"item":"comment","verb":"add","comment_id":"1_2","post_id":"P1_1","parent_id":"P1_1","message":"ok","from":{"id":"U9","name":"U"}}}]}]}
	{"object":"instagram","entry":[{"id":"IG1","time":1764000000,"changes":[{"field":"comments","value":{"id":{"x":1},"text":"bad id"}},{"field":"comments","value":{"id":"c2","text":"sin media ni from"}},{"field":"comments"}]}]}
	EOF
	run_split scs-ingest --rejects "$T/rej.jsonl" "$T/c.jsonl"
	[ "$status" -eq 65 ]
	eq "$(jqf -c '[.id, .created_at]' | tr '\n' ' ')" '["facebook:1_2","2025-11-24T16:00:00Z"] ["instagram:c2","2025-11-24T16:00:00Z"] '
	# no media, no parent: no thread; no from: no author
	eq "$(rec instagram:c2 | jq -c '[.thread, .author, .direction]')" '[null,null,"in"]'
	eq "$(jq -r .reason "$T/rej.jsonl" | tr '\n' '|')" \
	    'entry[0].changes[0]: "comment_id" missing|entry[0].changes[0]: "id" is an object, expected a string or an integer id|entry[0].changes[2]: "value" missing|'
}
