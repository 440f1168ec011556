#!/usr/bin/env bats
# scs-ingest over the real Twitter/X samples in ../shared/fixtures, which
# may not be copied into this repository (X documentation samples, large
# twarc pages).  Run by `make shared-test` with SCS_SHARED set.

load ../helper

setup() {
	[ -d "${SCS_SHARED:-}/fixtures" ] || skip "no ../shared"
	S=$SCS_SHARED/fixtures
	T=$(mktemp -d)
}

teardown() {
	[ -z "${T:-}" ] || rm -rf "$T"
}

rec() {
	jqf --arg id "$1" 'select(.id == $id)'
}

# Every tweet of the page comes out once, with its author resolved.
check_page() {
	local page=$1
	run_split scs-ingest --stats "$page"
	[ "$status" -eq 0 ]
	eq "$(jqf -r .id | sort)" "$(jq -r '.data[].id' "$page" | sed 's/^/twitter:/' | sort)"
	eq "$(jqf -s length)" 100
	eq "$(jqf -s '[.[] | select(.author.handle == null)] | length')" 0
	# The handle is the username of the author_id in includes.users.
	eq "$(jqf -r '[.id, .author.id, .author.handle] | @tsv' | sort)" \
	    "$(jq -r '. as $p | .data[] | .author_id as $a |
	        ["twitter:" + .id, "twitter:u:" + $a,
	         ($p.includes.users[] | select(.id == $a) | .username)] | @tsv' \
	        "$page" | sort)"
}

@test "brexit page: 100 tweets, all authors, retweets made whole" {
	p=$S/twitter-v2/twarc2_search_recent_brexit.jsonl
	check_page "$p"
	[[ "$stderr" == *"100 messages"* ]]
	eq "$(rec twitter:1440716856763977732 | jq -r .text)" \
	    "$(jq -r '"RT @carolJhedges: " + (.includes.tweets[] | select(.id == "1440713161355583489") | .text)' "$p")"
	eq "$(jqf -s '[.[] | select(.text | endswith("…"))] | length')" 0
	# Users there all have public_metrics, verified and created_at.
	eq "$(jqf -s '[.[] | select(.author.followers == null or .author.verified == null or .author.created_at == null)] | length')" 0
	eq "$(jqf -s '[.[] | select(.lang == "und" or .lang == null)] | length')" 3
}

@test "kpop page: 100 tweets, the suspended-user error counted, the place" {
	p=$S/twitter-v2/twarc2_search_kpop_errors_places.jsonl
	check_page "$p"
	[[ "$stderr" == *"1 skipped api error, 100 messages"* ]]
	eq "$(rec twitter:1440716277845139456 | jq -c .geo)" '{"place":"Soledad, Colombia"}'
	eq "$(jqf -s '[.[] | select(.attachments)] | length')" \
	    "$(jq '[.data[] | select(.attachments.media_keys)] | length' "$p")"
}

@test "X docs DM event samples: MessageCreate, participants skipped" {
	run_split scs-ingest --stats "$S/twitter-v2/docs_dm_event_message_create.json" \
	    "$S/twitter-v2/docs_dm_event_participants_join.json" \
	    "$S/twitter-v2/docs_dm_event_participants_leave.json"
	[ "$status" -eq 0 ]
	eq "$output" '{"type":"message","id":"twitter:1582838499983564806","channel":"twitter","direction":"in","created_at":"2022-10-19T20:58:00Z","public":false,"author":{"id":"twitter:u:944480690"},"text":"Hi everyone.","thread":{"id":"twitter:dm:1578398451921985538"},"source":{"format":"twitter-v2"}}'
	[[ "$stderr" == *"1 messages, 2 skipped dm participants"* ]]
}

@test "v1 original format: 25 tweets, 5 extended, 3 retweets whole" {
	p=$S/twitter-v1/original_format_examples.jsonl
	run_split scs-ingest -b notFromShrek "$p"
	[ "$status" -eq 0 ]
	eq "$(jqf -s length)" 25
	eq "$(jqf -r .id | sort)" "$(jq -r .id_str "$p" | sed 's/^/twitter:/' | sort)"
	eq "$(jqf -r 'select(.text | startswith("RT @")) | .id' | wc -l)" 3
	eq "$(jqf -s '[.[] | select(.text | endswith("…"))] | length')" 0
	eq "$(jqf -s '[.[] | select(.thread.in_reply_to)] | length')" 4
	eq "$(jqf -s '[.[] | select(.geo.place)] | length')" 15
	eq "$(jqf -r '.text' | grep -c '&amp;\|&gt;\|&lt;')" 0
}

@test "AA docs samples: a DM to the subscribed account, the rest skipped" {
	run_split scs-ingest --stats "$S/twitter-aa/docs_direct_message_events.json"
	[ "$status" -eq 0 ]
	eq "$output" '{"type":"message","id":"twitter:954491830116155396","channel":"twitter","direction":"in","created_at":"2018-01-19T23:12:40Z","public":false,"author":{"id":"twitter:u:3001969357","handle":"furiouscamper","name":"Jordan Brinks","followers":22,"following":45,"posts":494,"verified":false,"bio":"Alter Ego - X PE opinions-are-my-own","location":"Boulder, CO","created_at":"2015-01-29T18:27:49Z"},"to":["Harris_0ff"],"text":"Hello World!","thread":{"id":"twitter:dm:3001969357-4337869213"},"source":{"format":"twitter-aa"}}'
	run_split scs-ingest --stats "$S/twitter-aa/docs_direct_message_indicate_typing_events.json" \
	    "$S/twitter-aa/docs_direct_message_mark_read_events.json" \
	    "$S/twitter-aa/docs_tweet_delete_events.json" "$S/twitter-aa/docs_user_event.json"
	[ "$status" -eq 0 ]
	eq "$output" ""
	[[ "$stderr" == *"1 skipped direct_message_indicate_typing_events, 1 skipped direct_message_mark_read_events, 1 skipped tweet_delete_events, 1 skipped user_event"* ]]
	run_split scs-ingest -b Harris_0ff "$S/twitter-aa/tock_direct_message_event_with_options_sent.json"
	eq "$(jqf -c '[.direction, .thread.id, .author.location]')" \
	    '["out","twitter:dm:1090334520887386112-1100452418326806530","Paris, France"]'
}

@test "-f auto picks the right format for every Twitter sample" {
	for d in twitter-v2 twitter-v1 twitter-aa; do
		for f in "$S/$d"/*.json*; do
			run_split scs-ingest --stats "$f"
			[[ "$stderr" != *"cannot tell the format"* ]] || { echo "$f"; false; }
			if [ -n "$output" ]; then
				eq "$(jqf -r .source.format | sort -u)" "$d" || { echo "$f"; false; }
			fi
		done
	done
}
