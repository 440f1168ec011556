#!/usr/bin/env bats
# scs-ingest -f twcs over the real TWCS heads in ../shared/fixtures/twcs
# (CC BY-NC-SA 4.0: not copied here).  Run by `make shared-test`.

load ../helper

setup() {
	[ -d "${SCS_SHARED:-}/fixtures" ] || skip "no ../shared"
	S=$SCS_SHARED/fixtures/twcs
}

rec() {
	jqf --arg id "$1" 'select(.id == $id)'
}

@test "pandas head: 2,998 tweets, the CR CR row of tweet 3399 stays whole" {
	run_split scs-ingest --stats "$S/twcs_pandas_export_head.csv"
	[ "$status" -eq 0 ]
	eq "$(jqf -s length)" 2998
	[[ "$stderr" == *"2998 messages"* ]]
	eq "$(jqf -s -c 'group_by(.direction) | map([.[0].direction, length])')" \
	    '[["in",1645],["out",1353]]'
	eq "$(rec twitter:3399 | jq -c '[.text, .author, .to, .created_at]')" \
	    '["@AskPayPal \n\nI just love the start of email 😁 https://t.co/8u1Pf5rJoN",{"id":"twitter:u:116510"},["AskPayPal"],"2017-10-31T18:13:06Z"]'
	# The rows on either side are intact.
	eq "$(rec twitter:3398 | jq -c '[.agent, .thread.in_reply_to]')" '["AskPayPal","twitter:3399"]'
	eq "$(rec twitter:3400 | jq -c '[.agent, .thread.in_reply_to]')" '["AskPlayStation","twitter:3402"]'
}

@test "pandas head: 3.0 ids, quoted comma lists, quoted newlines, entities" {
	run_split scs-ingest "$S/twcs_pandas_export_head.csv"
	eq "$(rec twitter:1)" '{"type":"message","id":"twitter:1","channel":"twitter","direction":"out","created_at":"2017-10-31T22:10:47Z","public":true,"author":{"id":"twitter:u:sprintcare","handle":"sprintcare"},"text":"@115712 I understand. I would like to assist you. We would need to get you into a private secured link to further assist.","thread":{"in_reply_to":"twitter:3"},"agent":"sprintcare","source":{"format":"twcs"}}'
	eq "$(rec twitter:8 | jq -c '[.direction, .to, .thread]')" '["in",["sprintcare"],null]'
	eq "$(jqf -s '[.[].author.handle | select(.)] | unique | length')" 61
	eq "$(jqf -s '[.[] | select(.text | contains("\n"))] | length')" 107
	eq "$(jqf -s '[.[] | select(.text | test("&(amp|gt|lt);"))] | length')" 0
	eq "$(jqf -s '[.[] | select(.direction == "out" and .agent != .author.handle)] | length')" 0
}

@test "spreadsheet head: CRLF, TRUE/FALSE, 121 tweets" {
	run_split scs-ingest --stats "$S/twcs_excel_resaved_head.csv"
	[ "$status" -eq 0 ]
	eq "$(jqf -s length)" 121
	eq "$(jqf -s -c 'group_by(.direction) | map([.[0].direction, length])')" \
	    '[["in",66],["out",55]]'
	eq "$(rec twitter:2 | jq -c '[.direction, .to, .thread.in_reply_to, .text]')" \
	    '["in",["sprintcare"],"twitter:1","@sprintcare and how do you propose we do that"]'
	eq "$(jqf -r .text | grep -c $'\r')" 0
}
