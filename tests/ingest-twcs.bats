#!/usr/bin/env bats
# scs-ingest -f twcs: "Customer Support on Twitter" CSV exports.
# Fixtures: tests/fixtures/twcs/ (written for these tests, see NOTES).

load helper

setup() {
	T=$(mktemp -d)
	TW=$FIX/twcs
}

teardown() {
	rm -rf "$T"
}

rec() {
	jqf --arg id "$1" 'select(.id == $id)'
}

@test "twcs pandas export: index column, False/True, 3.0 ids, every field" {
	run_split scs-ingest --stats "$TW/own_twcs_pandas.csv"
	[ "$status" -eq 0 ]
	eq "$(jqf -s length)" 5
	[[ "$stderr" == *"5 messages"* ]]
	eq "$(rec twitter:10)" '{"type":"message","id":"twitter:10","channel":"twitter","direction":"out","created_at":"2017-10-31T22:10:47Z","public":true,"author":{"id":"twitter:u:AcmeSupport","handle":"AcmeSupport"},"text":"@900001 Sorry to hear that & thanks for waiting. Can you DM us?","thread":{"in_reply_to":"twitter:12"},"agent":"AcmeSupport","source":{"format":"twcs"}}'
	r=$(rec twitter:11)
	eq "$(jq -c '[.direction, .public, .created_at, .author, .to, .thread, .agent]' <<<"$r")" \
	    '["in",true,"2017-10-31T22:15:00Z",{"id":"twitter:u:900001"},["AcmeSupport"],{"in_reply_to":"twitter:10"},null]'
	# Quoted, with commas and a line break; &gt; unescaped.
	eq "$(jq -r .text <<<"$r")" "@AcmeSupport my order, again,
is late >:( @900002 agrees"
	eq "$(rec twitter:13 | jq -r .text)" '@900001 Fixed, "really" 👍 -AB'
}

@test "twcs: to holds the named handles without --brand, only brands with it" {
	run_split scs-ingest "$TW/own_twcs_pandas.csv"
	eq "$(rec twitter:12 | jq -c '[.to, .thread]')" '[["AcmeSupport","Other_Co"],null]'
	run_split scs-ingest --brand acmesupport "$TW/own_twcs_pandas.csv"
	eq "$(rec twitter:12 | jq -c .to)" '["AcmeSupport"]'
	# Outbound rows address nobody; the mention of a number is a customer.
	eq "$(jqf -s -c '[.[] | select(.direction == "out") | .to]')" '[null,null]'
}

@test "twcs: a bare CR CR inside an unquoted field stays in one record" {
	run_split scs-ingest "$TW/own_twcs_pandas.csv"
	eq "$(rec twitter:14 | jq -c '[.text, .to, .thread.in_reply_to]')" \
	    '["@AcmeSupport \n\nstill nothing @acmesupport",["AcmeSupport"],"twitter:11"]'
}

@test "twcs spreadsheet: BOM, CRLF, TRUE/FALSE, true, 0, integer ids" {
	run_split scs-ingest "$TW/own_twcs_spreadsheet.csv"
	[ "$status" -eq 0 ]
	eq "$(jqf -c '[.id, .direction, .agent, .thread.in_reply_to]' | tr '\n' ' ')" \
	    '["twitter:1","out","OtherCo","twitter:2"] ["twitter:2","in",null,null] ["twitter:3","in",null,null] ["twitter:4","out","OtherCo","twitter:3"] '
	eq "$(rec twitter:2 | jq -r .text)" "@OtherCo line one
line two"
	eq "$(rec twitter:3 | jq -c .to)" '["OtherCo","AcmeSupport"]'
}

@test "twcs: bad rows are rejected naming the column, good rows go on" {
	run_split scs-ingest --rejects "$T/rej" "$TW/own_twcs_bad.csv"
	[ "$status" -eq 65 ]
	eq "$(jqf -r .id | tr '\n' ' ')" "twitter:1 twitter:8 "
	eq "$(jq -r '"\(.line) \(.reason)"' "$T/rej")" '3 5 fields, the header has 7
4 tweet_id is empty
5 created_at: not a date: "31/10/2017 22:10"
6 inbound: not True or False: "yes"
7 in_response_to_tweet_id: not a tweet id: "abc"
8 author_id is empty'
	eq "$(jq -r 'select(.line == 6) | .input' "$T/rej")" \
	    '5,900001,yes,Tue Oct 31 22:10:47 +0000 2017,inbound is not a boolean,,'
}

@test "twcs: a header without the needed columns is refused" {
	run_split scs-ingest -f twcs "$TW/own_twcs_noheader.csv"
	[ "$status" -eq 65 ]
	eq "$output" ""
	[[ "$stderr" == *"own_twcs_noheader.csv:1: header: no column inbound, created_at"* ]]
}

@test "twcs: -f auto picks twcs from the header" {
	run_split scs-ingest "$TW/own_twcs_pandas.csv" "$TW/own_twcs_spreadsheet.csv"
	eq "$(jqf -r .source.format | sort -u)" twcs
}
