#!/usr/bin/env bats
# scs-ingest -f telegram: Bot API getUpdates responses, Updates and bare
# Message objects.

load helper

setup() {
	T=$(mktemp -d)
	G=$FIX/telegram
}

teardown() {
	rm -rf "$T"
}

# The record with id $1 from the last output, keys sorted.
rec() {
	jqf -S --arg id "$1" 'select(.id == $id)'
}

want() {
	printf '%s\n' "$1" | jq -cS .
}

@test "getUpdates, private chat: text, photo, voice, document" {
	run_split scs-ingest --stats "$G/telegrambots-getupdates-private-chat.json"
	[ "$status" -eq 0 ]
	eq "$stderr" "scs-ingest: 6 messages"
	eq "$(rec telegram:12345678:101)" "$(want '{"type":"message",
	    "id":"telegram:12345678:101","channel":"telegram","direction":"in",
	    "created_at":"2020-10-31T19:16:54Z","public":false,
	    "author":{"id":"telegram:u:12345678","handle":"username","name":"FistName LastName"},
	    "text":"/start","source":{"format":"telegram"}}')"
	eq "$(rec telegram:12345678:103 | jq -c '[.text, .attachments]')" '[null,[{"type":"image"}]]'
	eq "$(rec telegram:12345678:104 | jq -c .attachments)" '[{"mime":"audio/ogg","type":"audio"}]'
	eq "$(rec telegram:12345678:106 | jq -c '[.author.name, .attachments, .created_at]')" \
	    '["FirstName",[{"mime":"text/plain","name":"aaa.txt","type":"document"}],"2020-11-01T10:28:00Z"]'
}

@test "getUpdates, supergroup: media, replies, edits; service and live location skipped" {
	run_split scs-ingest --stats "$G/telegrambots-getupdates-group-supergroup.json"
	[ "$status" -eq 0 ]
	eq "$stderr" "scs-ingest: 13 messages, 2 skipped service new_chat_members, 1 skipped service left_chat_member, 1 skipped service migrate_to_chat_id, 1 skipped service migrate_from_chat_id, 28 skipped live location, 1 skipped service proximity_alert_triggered"
	eq "$(rec telegram:-10011869112345:2)" "$(want '{"type":"message",
	    "id":"telegram:-10011869112345:2","channel":"telegram","direction":"in",
	    "created_at":"2020-11-02T01:53:05Z","public":true,
	    "author":{"id":"telegram:u:12345678","handle":"FirstName","name":"FirstName"},
	    "attachments":[{"type":"sticker"}],"source":{"format":"telegram"}}')"
	# a photo in three sizes is one image
	eq "$(rec telegram:-10011869112345:3 | jq -c .attachments)" '[{"type":"image"}]'
	eq "$(rec telegram:-10011869112345:4 | jq -c '[.text, .attachments]')" '["My test poll",[{"type":"other"}]]'
	eq "$(rec telegram:-10011869112345:5 | jq -c .attachments)" '[{"name":"FirstName LASNAME","type":"contact"}]'
	eq "$(rec telegram:-10011869112345:6 | jq -c '[.geo.lat == 0.004822, .geo.lon == -0.004822, (.geo|keys), .attachments]')" \
	    '[true,true,["lat","lon"],[{"type":"location"}]]'
	eq "$(rec telegram:-10011869112345:11:e1604282153)" "$(want '{"type":"message",
	    "id":"telegram:-10011869112345:11:e1604282153","channel":"telegram",
	    "direction":"in","created_at":"2020-11-02T01:55:53Z","public":true,
	    "author":{"id":"telegram:u:12345678","handle":"FirstName","name":"FirstName"},
	    "text":"Hello, modified","thread":{"in_reply_to":"telegram:-10011869112345:11"},
	    "source":{"format":"telegram"}}')"
	eq "$(rec telegram:-10011869112345:12 | jq -c '[.text, .thread]')" \
	    '["And the answer",{"in_reply_to":"telegram:-10011869112345:11"}]'
	# the live location's updates are not messages; the location is
	eq "$(jqf -r .id | grep -c ':[789]:e')" 0
	eq "$(jqf -r .id | grep -c ':[789]$')" 3
}

@test "service messages, poll answers, write_access_allowed: counted only" {
	run_split scs-ingest --stats "$G/telegrambots-getupdates-service-messages.json" \
	    "$G/telegrambots-getupdates-poll_answer.json" \
	    "$G/telegrambots-getupdates-write_access_allowed.json" \
	    "$G/teloxide-update-pinned_message.json"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	eq "$stderr" "scs-ingest: 1 skipped service group_chat_created, 1 skipped service migrate_to_chat_id, 1 skipped service video_chat_started, 1 skipped service video_chat_participants_invited, 1 skipped service video_chat_ended, 1 skipped poll_answer, 1 skipped service write_access_allowed, 1 skipped service pinned_message"
}

@test "an Update carrying every kind: message, channel edit, callback; queries skipped" {
	run_split scs-ingest --stats "$G/telegrambots-Update-all-fields.json"
	[ "$status" -eq 0 ]
	eq "$stderr" "scs-ingest: 3 messages, 1 skipped inline_query, 1 skipped chosen_inline_result"
	eq "$(rec telegram:1111111:1365)" "$(want '{"type":"message",
	    "id":"telegram:1111111:1365","channel":"telegram","direction":"in",
	    "created_at":"2015-09-07T17:05:32Z","public":false,
	    "author":{"id":"telegram:u:1111111","handle":"Testusername","name":"Test Firstname Test Lastname"},
	    "text":"Bold and italics","thread":{"in_reply_to":"telegram:1111112:1334"},
	    "attachments":[{"type":"document","name":"Testfile.pdf","mime":"application/pdf"},
	                   {"type":"audio","mime":"audio/mpeg"},{"type":"audio","mime":"audio/ogg"}],
	    "source":{"format":"telegram"}}')"
	eq "$(rec telegram:-10000000000:1365:e1441646600 | jq -c '[.public, .created_at, .text, .thread]')" \
	    '[true,"2015-09-07T17:23:20Z","Edited text",{"in_reply_to":"telegram:-10000000000:1365"}]'
	# a callback query has no time of its own: no created_at
	eq "$(rec telegram:cb:4382bfdwdsb323b2d9)" "$(want '{"type":"message",
	    "id":"telegram:cb:4382bfdwdsb323b2d9","channel":"telegram","direction":"in",
	    "public":false,
	    "author":{"id":"telegram:u:1111111","handle":"Testusername","name":"Test Firstname Test Lastname"},
	    "text":"Data from button callback","source":{"format":"telegram"}}')"
}

@test "bare Message objects" {
	run_split scs-ingest --stats "$G"/teloxide-Message-*.json
	[ "$status" -eq 0 ]
	eq "$stderr" "scs-ingest: 4 messages"
	# an anonymous admin: the group speaks, not GroupAnonymousBot
	eq "$(rec telegram:-1001160242915:1)" "$(want '{"type":"message",
	    "id":"telegram:-1001160242915:1","channel":"telegram","direction":"in",
	    "created_at":"2021-12-24T15:26:16Z","public":true,
	    "author":{"id":"telegram:c:-1001160242915","name":"a"},"text":"text",
	    "source":{"format":"telegram"}}')"
	eq "$(rec telegram:-1001847508954:5 | jq -c '[.author, .thread]')" \
	    '[{"handle":"wafflelapkin","id":"telegram:u:1253681278","name":"вафель'"'"'"},{"id":"telegram:-1001847508954:4","in_reply_to":"telegram:-1001847508954:4"}]'
	eq "$(rec telegram:250918540:198283 | jq -c '[.public, .author.name, .attachments]')" \
	    '[false,"Андрей Власов",[{"mime":"video/mp4","type":"video"}]]'
	eq "$(rec telegram:27433968:3460 | jq -c '[.text, .attachments, .created_at]')" \
	    '["www.example.com",[{"type":"image"}],"2022-06-19T20:42:29Z"]'
}

@test "teloxide updates: dice, story, reply in a thread; other kinds skipped" {
	run_split scs-ingest --stats "$G"/teloxide-update-*.json
	[ "$status" -eq 0 ]
	eq "$(rec telegram:-1001276785818:35410 | jq -c '[.text, .attachments, .public]')" '["🎲",[{"type":"other"}],true]'
	eq "$(rec telegram:-1001293752024:134545 | jq -c '[.text, .attachments]')" '[null,[{"type":"other"}]]'
	eq "$(rec telegram:-1001293752024:134546 | jq -c '[.text, .thread]')" \
	    '["/report",{"id":"telegram:-1001293752024:134545","in_reply_to":"telegram:-1001293752024:134545"}]'
	eq "$(rec telegram:218485655:6557 | jq -c '[.text, .author, .public]')" \
	    '["hello there",{"handle":"WaffleLapkin","id":"telegram:u:218485655","name":"Waffle"},false]'
	eq "$(jqf -r .id | wc -l)" 5
	eq "$stderr" "scs-ingest: 5 messages, 2 skipped message_reaction, 1 skipped message_reaction_count, 1 skipped my_chat_member, 1 skipped service pinned_message, 1 skipped unknown new_update_kind"
}

@test "brand: its channel and its replies are out, mentions of it go to \"to\"" {
	run_split scs-ingest -b MarcaAyuda "$G/own_tg_getupdates.json"
	[ "$status" -eq 65 ]
	eq "$(rec telegram:-1001900000001:51)" "$(want '{"type":"message",
	    "id":"telegram:-1001900000001:51","channel":"telegram","direction":"out",
	    "created_at":"2025-11-24T16:06:40Z","public":true,
	    "author":{"id":"telegram:c:-1001900000001","handle":"MarcaAyuda","name":"Marca Ayuda"},
	    "text":"Hoy atendemos hasta las 20 h.","source":{"format":"telegram"}}')"
	# the mention comes after an emoji (offsets count UTF-16 units);
	# @otro_user is not a brand
	eq "$(rec telegram:-1001900000002:301)" "$(want '{"type":"message",
	    "id":"telegram:-1001900000002:301","channel":"telegram","direction":"in",
	    "created_at":"2025-11-24T16:06:50Z","public":true,
	    "author":{"id":"telegram:u:5000000001","handle":"ana_p","name":"Ana Pérez"},
	    "to":["MarcaAyuda"],"text":"😡 @MarcaAyuda mi pedido 123 no llegó, @otro_user",
	    "source":{"format":"telegram"}}')"
	# in a caption, in other letter case: the --brand spelling
	eq "$(rec telegram:-1001900000002:302 | jq -c '[.to, .text, .attachments]')" \
	    '[["MarcaAyuda"],"@marcaayuda así llegó la caja",[{"type":"image"}]]'
	eq "$(rec telegram:-1001900000002:303 | jq -c '[.direction, .to, .thread]')" \
	    '["out",null,{"in_reply_to":"telegram:-1001900000002:301"}]'
	# without --brand: nothing is out, nobody is addressed
	run_split scs-ingest "$G/own_tg_getupdates.json"
	eq "$(jqf -r .direction | sort -u)" "in"
	eq "$(jqf -c 'select(.to)' | wc -l)" 0
}

@test "own getUpdates: callback, venue, edit, newer content, business message" {
	run_split scs-ingest --stats "$G/own_tg_getupdates.json"
	eq "$(rec telegram:cb:4382000000000000001)" "$(want '{"type":"message",
	    "id":"telegram:cb:4382000000000000001","channel":"telegram","direction":"in",
	    "public":false,
	    "author":{"id":"telegram:u:5000000001","handle":"ana_p","name":"Ana Pérez"},
	    "text":"csat:5","thread":{"in_reply_to":"telegram:5000000001:77"},
	    "source":{"format":"telegram"}}')"
	# a venue repeats its location: one attachment, the title as place
	eq "$(rec telegram:-1001900000002:304 | jq -c '[.geo.lat == -32.9468, .geo.lon == -60.6393, .geo.place, .attachments]')" \
	    '[true,true,"Sucursal Centro",[{"type":"location"}]]'
	eq "$(rec telegram:5000000001:78:e1764000470 | jq -c '[.created_at, .text, .public, .thread]')" \
	    '["2025-11-24T16:07:50Z","pedido 4411, no 4410",false,{"in_reply_to":"telegram:5000000001:78"}]'
	eq "$(rec telegram:-1001900000002:306 | jq -c '[.text, .attachments]')" '[null,[{"type":"other"}]]'
	eq "$(rec telegram:5000000001:12 | jq -c '[.text, .author.name, .created_at]')" \
	    '["¿Tienen stock?","Ana Pérez","2025-11-24T16:08:10Z"]'
	eq "$(jqf -r .id | wc -l)" 9
	eq "$(printf '%s\n' "$stderr" | tail -n 1)" "scs-ingest: 9 messages, 1 skipped poll, 1 skipped empty, 3 rejected"
}

@test "getUpdates with bad updates among good ones: each rejected alone" {
	run_split scs-ingest --rejects "$T/rej.jsonl" "$G/own_tg_getupdates.json"
	[ "$status" -eq 65 ]
	eq "$(jq -r .reason "$T/rej.jsonl")" "$(cat <<-'EOF'
	result[6].message: "chat.id" missing
	result[7]: not an object
	result[13].message: "message_id" is a boolean, expected a string or an integer id
	EOF
	)"
	eq "$(jq -r '.input' "$T/rej.jsonl" | jq -c '.update_id? // .')" "$(printf '900000007\n42\n900000014')"
	[[ "$stderr" == *'own_tg_getupdates.json:1: result[6].message: "chat.id" missing'* ]]
}

@test "ok:false is rejected with Telegram's description" {
	run_split scs-ingest -f telegram --rejects "$T/rej.jsonl" "$G/own_tg_getupdates_error.json"
	[ "$status" -eq 65 ]
	[ -z "$output" ]
	eq "$(jq -r .reason "$T/rej.jsonl")" \
	    "getUpdates failed (409): Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
	# -f auto knows it without a result
	run_split scs-ingest "$G/own_tg_getupdates_error.json"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *'own_tg_getupdates_error.json:1: getUpdates failed (409): Conflict'* ]]
	run_split scs-ingest -f telegram <<< '{"ok":false}'
	[[ "$stderr" == *'getUpdates failed: "ok" is not true'* ]]
	run_split scs-ingest -f telegram <<< '{"ok":true,"result":{}}'
	[[ "$stderr" == *'"result" is an object, expected an array'* ]]
}

@test "a broken single Update or Message is rejected whole" {
	run_split scs-ingest -f telegram <<-'EOF'
	{"update_id":1,"message":{"message_id":5,"chat":{"type":"private"},"date":1764000000,"text":"x"}}
	{"update_id":2,"edited_message":{"message_id":5,"chat":{"id":9,"type":"private"},"date":1764000000,"text":"no edit_date"}}
	{"message_id":"7","chat":{"id":9},"date":"mañana","text":"bad date"}
	{"update_id":4,"message":"hola"}
	{"update_id":5,"message":{"message_id":5,"chat":{"id":9,"type":"private"},"date":1764000000,"text":12}}
	{"hello":"world"}
	EOF
	[ "$status" -eq 65 ]
	[ -z "$output" ]
	[[ "$stderr" == *':1: message: "chat.id" missing'* ]]
	[[ "$stderr" == *':2: edited_message: "edit_date" missing'* ]]
	[[ "$stderr" == *':3: "date" is not a time: mañana'* ]]
	[[ "$stderr" == *':4: message: not an object'* ]]
	[[ "$stderr" == *':5: message: "text" is a number, expected a string'* ]]
	[[ "$stderr" == *':6: not a Telegram getUpdates response, Update or Message'* ]]
}

@test "a chat without a type: negative ids are groups and channels" {
	run_split scs-ingest -f telegram <<-'EOF'
	{"message_id":7,"chat":{"id":-100123},"date":1764000000,"text":"grupo"}
	{"message_id":8,"chat":{"id":4455},"date":1764000000,"text":"privado"}
	EOF
	[ "$status" -eq 0 ]
	eq "$(jqf -c '[.id, .public, .author]' | tr '\n' ' ')" '["telegram:-100123:7",true,null] ["telegram:4455:8",false,null] '
}

@test "-f auto picks telegram for every sample" {
	run_split scs-ingest --no-dedup "$G"/telegrambots-*.json "$G"/teloxide-*.json "$G/own_tg_getupdates.json"
	eq "$(jqf -r .source.format | sort -u)" "telegram"
	[[ "$stderr" != *"cannot tell the format"* ]]
}
