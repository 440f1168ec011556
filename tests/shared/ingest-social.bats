#!/usr/bin/env bats
# scs-ingest over samples in ../shared that may not be copied into the
# repository: the Telegram documentation's updates (no explicit license).
# Run by `make shared-test` when ../shared is there.

load ../helper

setup() {
	[ -n "$SCS_SHARED" ] || skip "SCS_SHARED not set"
	D=$SCS_SHARED/fixtures/telegram
	[ -d "$D" ] || skip "no $D"
}

want() {
	printf '%s\n' "$1" | jq -cS .
}

# The Telegram docs' test user, as every sample has it.
TGUSER='"author":{"id":"telegram:u:1111111","handle":"Testusername","name":"Test Firstname Test Lastname"}'

@test "Telegram docs: a private /start, every key" {
	run_split scs-ingest "$D/tgdocs-message-text.json"
	[ "$status" -eq 0 ]
	eq "$(jqf -cS .)" "$(want "{\"type\":\"message\",\"id\":\"telegram:1111111:1365\",
	    \"channel\":\"telegram\",\"direction\":\"in\",\"created_at\":\"2015-09-07T17:05:32Z\",
	    \"public\":false,$TGUSER,\"text\":\"/start\",\"source\":{\"format\":\"telegram\"}}")"
}

@test "Telegram docs: forwards keep the forwarder as author" {
	run_split scs-ingest --no-dedup "$D/tgdocs-message-forwarded.json" \
	    "$D/tgdocs-message-forwarded-channel.json"
	[ "$status" -eq 0 ]
	eq "$(jqf -c '[.id, .author.id, .text]' | sort -u)" '["telegram:1111111:1365","telegram:u:1111111","/start"]'
}

@test "Telegram docs: reply, entities, edit" {
	run_split scs-ingest "$D/tgdocs-message-reply.json"
	eq "$(jqf -c .thread)" '{"in_reply_to":"telegram:1111112:1334"}'
	run_split scs-ingest "$D/tgdocs-message-entities.json"
	eq "$(jqf -c '[.text, .to]')" '["Bold and italics",null]'
	run_split scs-ingest "$D/tgdocs-edited_message.json"
	eq "$(jqf -c '[.id, .created_at, .text, .thread]')" \
	    '["telegram:1111111:1365:e1441646600","2015-09-07T17:23:20Z","Edited text",{"in_reply_to":"telegram:1111111:1365"}]'
}

@test "Telegram docs: audio, voice, document" {
	run_split scs-ingest "$D/tgdocs-message-audio.json"
	eq "$(jqf -c '[.text, .attachments]')" '[null,[{"type":"audio","mime":"audio/mpeg"}]]'
	run_split scs-ingest "$D/tgdocs-message-voice.json"
	eq "$(jqf -c .attachments)" '[{"type":"audio","mime":"audio/ogg"}]'
	run_split scs-ingest "$D/tgdocs-message-document.json"
	eq "$(jqf -c .attachments)" '[{"type":"document","name":"Testfile.pdf","mime":"application/pdf"}]'
}

@test "Telegram docs: a callback from an inline message; queries skipped" {
	run_split scs-ingest --stats "$D/tgdocs-callback_query.json" \
	    "$D/tgdocs-inline_query.json" "$D/tgdocs-chosen_inline_result.json"
	[ "$status" -eq 0 ]
	eq "$(jqf -cS .)" "$(want "{\"type\":\"message\",\"id\":\"telegram:cb:4382bfdwdsb323b2d9\",
	    \"channel\":\"telegram\",\"direction\":\"in\",\"public\":false,$TGUSER,
	    \"text\":\"Data from button callback\",\"source\":{\"format\":\"telegram\"}}")"
	eq "$stderr" "scs-ingest: 1 messages, 1 skipped inline_query, 1 skipped chosen_inline_result"
}

@test "Telegram docs: -f auto picks telegram for every sample" {
	run_split scs-ingest --no-dedup "$D"/tgdocs-*.json
	[ "$status" -eq 0 ]
	eq "$(jqf -r .source.format | sort -u)" "telegram"
	eq "$(jqf -r .id | wc -l)" 10
}
