#!/usr/bin/env bats
# scs-ingest -f whatsapp: WhatsApp Cloud API webhooks.
#
# The pywa samples are one JSON object per file whose values are whole
# webhook bodies; a webhook dump holds one body per line, so the tests
# feed them through `jq -c '.[]'`.  Many samples share one message id,
# so the tests that look at several of them use --no-dedup.

load helper

setup() {
	T=$(mktemp -d)
	W=$FIX/whatsapp
}

teardown() {
	rm -rf "$T"
}

# The webhook bodies of sample file $1 (pywa-$1.json), one per line; with
# $2, only that case.
bodies() {
	if [ $# -eq 2 ]; then
		jq -c --arg k "$2" '.[$k]' "$W/pywa-$1.json"
	else
		jq -c '.[]' "$W/pywa-$1.json"
	fi
}

# Convert case $2 of sample $1; the record (sorted keys) is in $output.
one() {
	bodies "$1" "$2" > "$T/in.jsonl"
	run_split scs-ingest --stats "$T/in.jsonl"
}

want() {
	printf '%s\n' "$1" | jq -cS .
}

# Every key a customer's text message from the pywa samples has.
BASE='"type":"message","channel":"whatsapp","direction":"in","public":false,
    "author":{"id":"whatsapp:u:972987654321","handle":"972987654321","name":"Test Name"},
    "to":["972123456789"],"source":{"format":"whatsapp"}'

@test "text: every key" {
	one message text
	[ "$status" -eq 0 ]
	eq "$(jqf -cS .)" "$(want "{$BASE,\"id\":\"whatsapp:wamid.xyzxyz\",
	    \"created_at\":\"2023-10-11T16:53:43Z\",\"text\":\"Body Text\"}")"
	eq "$stderr" "scs-ingest: 1 messages"
}

@test "media: image, image with url, video, document, audio, voice, stickers" {
	one message image
	eq "$(jqf -cS .)" "$(want "{$BASE,\"id\":\"whatsapp:wamid.xyzxyz\",
	    \"created_at\":\"2023-10-11T16:56:19Z\",
	    \"attachments\":[{\"type\":\"image\",\"mime\":\"image/jpeg\"}]}")"
	one message media_with_url
	eq "$(jqf -c .attachments)" '[{"type":"image","mime":"image/jpeg","url":"https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=65463453&source=webhook&ext=487r9re&hash=heiwchueowbcew-dnedcw"}]'
	one message video
	eq "$(jqf -c '[.text, .attachments, .created_at]')" '["caption",[{"type":"video","mime":"video/mp4"}],"2023-10-11T17:12:42Z"]'
	one message document
	eq "$(jqf -c '[.text, .attachments]')" '["caption",[{"type":"document","name":"filename.pdf","mime":"application/pdf"}]]'
	one message audio
	eq "$(jqf -c '[.text, .attachments]')" '[null,[{"type":"audio","mime":"audio/ogg; codecs=opus"}]]'
	one message voice
	eq "$(jqf -c .attachments)" '[{"type":"audio","mime":"audio/ogg; codecs=opus"}]'
	one message static_sticker
	eq "$(jqf -c .attachments)" '[{"type":"sticker","mime":"image/webp"}]'
	one message animated_sticker
	eq "$(jqf -c '[.attachments, .created_at]')" '[[{"type":"sticker","mime":"image/webp"}],"2023-10-11T17:03:05Z"]'
}

@test "location: geo, place, text and attachment" {
	one message chosen_location
	eq "$(jqf -c '[.geo.lat == 37.4611978, .geo.lon == -122.2164385, .geo.place, .text, .attachments]')" \
	    '[true,true,"Facebook HQ","Facebook HQ, 1 Hacker Way, Menlo Park, CA 94025",[{"type":"location","url":"https://maps.google.com/?cid=2000000000000000000"}]]'
	one message current_location
	eq "$(jqf -c '[.geo.lat == 12.25089, .geo.lon == 43.90539, (.geo|keys), .text, .attachments]')" \
	    '[true,true,["lat","lon"],null,[{"type":"location"}]]'
}

@test "contacts, order, unsupported: attachments an agent can see" {
	one message contacts
	eq "$(jqf -c .attachments)" '[{"type":"contact","name":"Chandler Bing"},{"type":"contact","name":"Monica"},{"type":"contact","name":"Rachel Green"}]'
	one message order
	eq "$(jqf -c '[.text, .attachments]')" '[null,[{"type":"other"}]]'
	one message unsupported
	eq "$(jqf -cS .)" "$(want "{$BASE,\"id\":\"whatsapp:wamid.xyzxyz\",
	    \"created_at\":\"2023-10-11T17:18:26Z\",\"attachments\":[{\"type\":\"other\"}]}")"
	one message unsupported_with_type
	eq "$(jqf -c .attachments)" '[{"type":"other"}]'
	# interactive with no body (value.errors beside it): still a message
	one message interactive_message_with_err
	eq "$(jqf -c '[.id, .text, .attachments, .thread]')" \
	    '["whatsapp:wamid.wegrchytvwcggt=",null,[{"type":"other"}],{"in_reply_to":"whatsapp:wamid.gvwegfretge=="}]'
}

@test "replies, forwards, referral" {
	one message reply
	eq "$(jqf -c '[.text, .thread]')" '["replied text",{"in_reply_to":"whatsapp:wamid.xyzxyz=="}]'
	one message forwarded
	eq "$(jqf -c '[.text, .thread]')" '["forwarded text",null]'
	one message forwarded_many_times
	eq "$(jqf -r .text)" "text forwarded many times"
	one message referral
	eq "$(jqf -c '[.id, .text, .created_at]')" '["whatsapp:wamid.ID","BODY","2023-10-11T17:23:20Z"]'
}

@test "reactions: a message replying to the reacted one; unreactions skipped" {
	one message reaction
	eq "$(jqf -cS .)" "$(want "{$BASE,\"id\":\"whatsapp:wamid.xyzxyz\",
	    \"created_at\":\"2023-10-11T17:14:16Z\",\"text\":\"😮\",
	    \"thread\":{\"in_reply_to\":\"whatsapp:wamid.yzxyzx=\"}}")"
	one message unreaction_empty
	[ -z "$output" ]
	eq "$stderr" "scs-ingest: 1 skipped unreaction"
	one message unreaction_no_emoji
	[ -z "$output" ]
	eq "$stderr" "scs-ingest: 1 skipped unreaction"
}

@test "buttons and lists: the chosen title is the text" {
	one callback_button button
	eq "$(jqf -c '[.id, .text, .thread.in_reply_to, .created_at]')" \
	    '["whatsapp:wamid.xyzxyz","title","whatsapp:wamid.xyzxyz","2023-10-25T20:45:30Z"]'
	one callback_button quick_reply
	eq "$(jqf -c '[.id, .text, .thread.in_reply_to]')" '["whatsapp:wamid.xsidjw","title","whatsapp:wamid.xyzxyz=="]'
	one callback_button quick_reply_without_context
	eq "$(jqf -c '[.id, .text, .thread]')" '["whatsapp:wamid.xsidjx","title",null]'
	one callback_selection callback
	eq "$(jqf -c '[.id, .text, .attachments]')" '["whatsapp:wamid.zyzxyz","title",null]'
	# a list row's description is the business's wording: left out
	one callback_selection description
	eq "$(jqf -r .text)" "title"
}

@test "the whole message sample: counts" {
	bodies message > "$T/all.jsonl"
	run_split scs-ingest --stats --no-dedup "$T/all.jsonl"
	[ "$status" -eq 0 ]
	eq "$(jqf -r .id | wc -l)" 21
	eq "$stderr" "scs-ingest: 21 messages, 2 skipped unreaction"
	# with de-duplication the shared id comes out once
	run_split scs-ingest --stats "$T/all.jsonl"
	eq "$(jqf -r .id | tr '\n' ' ')" "whatsapp:wamid.xyzxyz whatsapp:wamid.wegrchytvwcggt= whatsapp:wamid.ID "
	eq "$stderr" "scs-ingest: 3 messages, 18 duplicates, 2 skipped unreaction"
}

@test "statuses, revokes and system messages are counted, not emitted" {
	bodies message_status > "$T/s.jsonl"
	bodies deleted_message >> "$T/s.jsonl"
	bodies system >> "$T/s.jsonl"
	run_split scs-ingest --stats "$T/s.jsonl"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	eq "$stderr" "scs-ingest: 2 skipped status sent, 1 skipped status delivered, 2 skipped status read, 1 skipped status played, 1 skipped status failed, 1 skipped revoke, 2 skipped system"
}

@test "an edit is a message of its own pointing at the original" {
	one edited_message image
	eq "$(jqf -cS .)" "$(want '{"type":"message",
	    "id":"whatsapp:wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=",
	    "channel":"whatsapp","direction":"in","created_at":"2025-06-13T22:42:55Z",
	    "public":false,"author":{"id":"whatsapp:u:16505551234","handle":"16505551234"},
	    "to":["15550783881"],"text":"Updated image caption",
	    "thread":{"in_reply_to":"whatsapp:wamid.HBgLMTQxMjU1NTA4MjkVAgASGBQzQUNCNjk5RDUwNUZGMUZEM0VBRAA="},
	    "attachments":[{"type":"image","mime":"image/jpeg","url":"https://media.example.com/updated-image.jpg"}],
	    "source":{"format":"whatsapp"}}')"
}

@test "smb_message_echoes: out, no to, no name; revoke skipped; edit" {
	bodies outgoing_message > "$T/o.jsonl"
	run_split scs-ingest --stats "$T/o.jsonl"
	[ "$status" -eq 0 ]
	eq "$(jqf -cS 'select(.text == "Test message")')" "$(want '{"type":"message",
	    "id":"whatsapp:<WHATSAPP_MESSAGE_ID>","channel":"whatsapp","direction":"out",
	    "created_at":"2023-10-11T16:53:43Z","public":false,
	    "author":{"id":"whatsapp:u:<BUSINESS_DISPLAY_PHONE_NUMBER>","handle":"<BUSINESS_DISPLAY_PHONE_NUMBER>"},
	    "text":"Test message","source":{"format":"whatsapp"}}')"
	eq "$(jqf -c 'select(.id == "whatsapp:wamid.yyyyyy") | [.direction, .text, .thread, .to]')" \
	    '["out","Text was edited",{"in_reply_to":"whatsapp:wamid.zzzzzz"},null]'
	eq "$stderr" "scs-ingest: 2 messages, 1 skipped revoke"
}

@test "-f auto picks whatsapp for every sample" {
	for f in "$W"/pywa-*.json; do jq -c '.[]' "$f"; done > "$T/all.jsonl"
	run_split scs-ingest --no-dedup "$T/all.jsonl" "$W/own_wa_mixed.json"
	eq "$(jqf -r .source.format | sort -u)" "whatsapp"
	[[ "$stderr" != *"cannot tell the format"* ]]
}

@test "a broken message is rejected alone; other fields skipped" {
	run_split scs-ingest --stats --rejects "$T/rej.jsonl" "$W/own_wa_mixed.json"
	[ "$status" -eq 65 ]
	eq "$(jqf -r .id | tr '\n' ' ')" "whatsapp:wamid.OWN01 whatsapp:wamid.OWN06 whatsapp:wamid.OWN07 whatsapp:wamid.OWN02 "
	eq "$(jqf -cS 'select(.id == "whatsapp:wamid.OWN01")')" "$(want '{"type":"message",
	    "id":"whatsapp:wamid.OWN01","channel":"whatsapp","direction":"in",
	    "created_at":"2025-11-24T16:00:01Z","public":false,
	    "author":{"id":"whatsapp:u:5493415551234","handle":"5493415551234","name":"Ana Pérez"},
	    "to":["5493415550000"],"text":"mensaje 1","source":{"format":"whatsapp"}}')"
	# a type newer than the converter, a flow answer: kept, marked other
	eq "$(jqf -c 'select(.id == "whatsapp:wamid.OWN06") | [.text, .attachments]')" '[null,[{"type":"other"}]]'
	eq "$(jqf -c 'select(.id == "whatsapp:wamid.OWN07") | [.text, .attachments]')" '["Sent",[{"type":"other"}]]'
	eq "$(jq -r .reason "$T/rej.jsonl")" "$(cat <<-'EOF'
	entry[0].changes[0].value.messages[1]: "from" missing
	entry[0].changes[0].value.messages[2]: "id" is a boolean, expected a string or an integer id
	entry[0].changes[0].value.messages[6]: "timestamp" is not a time: yesterday
	entry[0].changes[3]: "value" is a string, expected an object
	EOF
	)"
	eq "$(jq -r 'select(.reason | test("from")) | .input' "$T/rej.jsonl" | jq -r .id)" "wamid.OWN03"
	eq "$(printf '%s\n' "$stderr" | tail -n 1)" "scs-ingest: 4 messages, 1 skipped request_welcome, 1 skipped account_update, 1 skipped status delivered, 1 skipped status unknown, 4 rejected"
}

@test "bad bodies are rejected whole" {
	run_split scs-ingest -f whatsapp <<-'EOF'
	{"object":"page","entry":[]}
	{"object":"whatsapp_business_account"}
	{"object":"whatsapp_business_account","entry":[{"changes":{}}]}
	EOF
	[ "$status" -eq 65 ]
	[ -z "$output" ]
	[[ "$stderr" == *':1: "object" is "page", expected "whatsapp_business_account"'* ]]
	[[ "$stderr" == *':2: "entry" missing'* ]]
	[[ "$stderr" == *':3: entry[0]: "changes" is an object, expected an array'* ]]
}
