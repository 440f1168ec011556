#!/usr/bin/env bats
# scs-report staffing: the textbook Erlang C case, measured contacts and
# handling time from a database, --expect windows, shrinkage and the
# staffing: section of report.yaml, bad options and an empty database.

load helper

# The day planned is Tuesday 2026-11-24 in Buenos Aires (UTC-3); the
# four Tuesdays before it are the history.
NOW=2026-11-23T12:00:00Z

setup() {
	RULES=$(cd "$BATS_TEST_DIRNAME/../rules" && pwd)
	DB=$BATS_TEST_TMPDIR/cases.db
	export SCS_RULES=$RULES
	scs-case --db "$DB" </dev/null
}

# msg ID CHANNEL DIR TIME: a message from a customer of its own.
msg() {
	printf '{"type":"message","id":"%s","channel":"%s","direction":"%s","created_at":"%s","public":false,"author":{"id":"u:%s"},"text":"necesito ayuda","class":{"reason":"question","filter":null}}\n' \
	    "$1" "$2" "$3" "$4" "$1"
}

# The history: on the Tuesdays 2026-10-27, 11-03, 11-10 and 11-17,
# 20, 30, 40 and 50 chats between 10:00 and 11:00 local (13 UTC) and
# 20 e-mails between 09:00 and 10:00 (12 UTC); then what must not
# count: a filtered message, an agent's reply, a chat on a Monday.  Two
# chat cases have work records: 200 s and 100 + 300 s, so 300 s a case.
history() {
	local day n i
	{
		n=20
		for day in 2026-10-27 2026-11-03 2026-11-10 2026-11-17; do
			for ((i = 0; i < n; i++)); do
				msg "c$day-$i" chat in "${day}T13:$(printf %02d $i):00Z"
			done
			for ((i = 0; i < 20; i++)); do
				msg "e$day-$i" email in "${day}T12:$(printf %02d $i):30Z"
			done
			n=$((n + 10))
		done
		echo '{"id":"f:1","channel":"chat","direction":"in","created_at":"2026-11-17T13:30:00Z","author":{"id":"u:f"},"text":"hola","class":{"reason":"other","filter":"one_word","action":"count_only"}}'
		echo '{"id":"o:1","channel":"chat","direction":"out","created_at":"2026-11-17T13:31:00Z","author":{"id":"brand"},"agent":"maria","text":"hola","thread":{"id":"c2026-11-17-0","in_reply_to":"c2026-11-17-0"},"class":{"reason":"question","filter":null}}'
		msg monday chat in 2026-11-16T13:00:00Z
		echo '{"type":"work","case":1,"agent":"maria","seconds":200,"at":"2026-10-27T14:00:00Z"}'
		echo '{"type":"work","case":2,"agent":"maria","seconds":100,"at":"2026-10-27T14:00:00Z"}'
		echo '{"type":"work","case":2,"agent":"pedro","seconds":300,"at":"2026-10-27T15:00:00Z"}'
	} | scs-case --db "$DB" >/dev/null
}

staffing() {
	run_split scs-report staffing --db "$DB" --now "$NOW" "$@"
}

# row TABLE TIME [CHANNEL]: one row of the JSON output, compact.
row() {
	jqf -c "select(.table == \"$1\" and .time == \"$2\"${3:+ and .channel == \"$3\"})"
}

@test "the textbook case: 100 contacts in 30 minutes, AHT 180 s, 80 % in 20 s: 14 agents, 20 scheduled" {
	staffing --channel chat --interval 30m --arrivals 100 --aht 180 \
	    --hours 10:00-10:30 --format json
	[ "$status" -eq 0 ]
	eq "$(jqf -s length)" 2
	eq "$(row staffing 10:00 chat | jq -c '[.arrivals, .aht_s, .model, .erlangs, .agents, (.sl_pct * 10 | round), (.sl_one_less_pct * 10 | round), (.asa_s * 10 | round), (.occupancy_pct * 10 | round), .scheduled]')" \
	    '[100,180,"erlang_c",10,14,888,796,78,714,20]'
	eq "$(row staffing_total 10:00 | jq -c '[.arrivals, .agents, .scheduled]')" '[100,14,20]'
	# the text format says it the way a supervisor reads it
	staffing --channel chat --interval 30m --arrivals 100 --aht 3m \
	    --hours 10-10:30
	[ "$status" -eq 0 ]
	[[ "$output" == *"Staffing for Tuesday 2026-11-24"* ]]
	[[ "$output" == *"Contacts given: 100 per 30m"* ]]
	[[ "$(grep '^chat' <<<"$output")" =~ ^chat\ +10:00\ +100.00\ +3m00s\ +erlang_c\ +10.00\ +14\ +88.8%\ +79.6%\ +8s\ +71.4%\ +20$ ]]
	# no shrinkage: 14 scheduled; a stricter goal through report.yaml
	staffing --channel chat --interval 30m --arrivals 100 --aht 180 \
	    --hours 10-10:30 --shrinkage 0 --format csv
	[[ "$output" == *"staffing,chat,10:00,100,180,erlang_c,10,14,"*",14"* ]]
}

@test "measured: the mean of the same weekday, openings only, work per case, Erlang C and workload" {
	history
	staffing --format json
	[ "$status" -eq 0 ]
	# chat: (20+30+40+50)/4 = 35 an hour, 300 s each: 2.92 Erlangs,
	# 5 agents give 81.2 % in 20 s; 5 / 0.7 = 7.1, so 8 scheduled
	eq "$(row staffing 10:00 chat | jq -c '[.arrivals, .aht_s, .model, .agents, (.sl_pct * 10 | round), (.asa_s | round), .scheduled]')" \
	    '[35,300,"erlang_c",5,812,31,8]'
	# e-mail: 20 an hour, no work records: aht_default 6m, 2 hours of
	# work at 85 %: 2.35, so 3 agents, 5 scheduled; no SL or ASA
	eq "$(row staffing 09:00 email | jq -c '[.arrivals, .aht_s, .model, .agents, .sl_pct, .asa_s, (.occupancy_pct | round), .scheduled]')" \
	    '[20,360,"workload",3,null,null,67,5]'
	# other hours: nothing expected, nobody needed, nothing to measure
	eq "$(row staffing 15:00 chat | jq -c '[.arrivals, .agents, .sl_pct, .occupancy_pct, .scheduled]')" \
	    '[0,0,null,null,0]'
	eq "$(row staffing_total 10:00 | jq -c '[.arrivals, .agents, .scheduled]')" '[35,5,8]'
	eq "$(row staffing_total 09:00 | jq -c '[.arrivals, .agents, .scheduled]')" '[20,3,5]'
	# 24 hours for each channel, and 24 totals
	eq "$(jqf -s '[.[] | select(.table == "staffing")] | length')" 48
	eq "$(jqf -s '[.[] | select(.table == "staffing_total")] | length')" 24
	# the note says where it comes from
	staffing --channel chat --hours 10-11
	# (the text folds notes at 76 columns)
	[[ "${output//$'\n'/ }" == *"mean of 4 Tuesdays from 2026-10-27 to 2026-11-17"* ]]
	[[ "${output//$'\n'/ }" == *"AHT per case: chat measured"* ]]
	[[ "${output//$'\n'/ }" == *"(chat 80% in 20s)"* ]]
}

@test "--weeks: fewer weeks, and weeks before the first message are no history" {
	history
	# (40+50)/2; the work records are older than those two weeks, so
	# the handling time is report.yaml's aht: for chat, 4m
	staffing --weeks 2 --channel chat --hours 10-11 --format json
	[ "$status" -eq 0 ]
	eq "$(row staffing 10:00 chat | jq -c '[.arrivals, .aht_s, .agents]')" '[45,240,5]'
	staffing --weeks 6 --channel chat --hours 10-11
	[ "$status" -eq 0 ]
	[[ "$output" == *"mean of 4 Tuesdays"*"(2 of the 6 weeks asked are before the first message)"* ]]
	[[ "$(grep '^chat' <<<"$output")" == "chat     10:00     35.00"* ]]
	# --until ends the history: the last Tuesday is not over by then
	staffing --until 2026-11-17T15:00:00Z --channel chat --hours 10-11 --format json
	eq "$(row staffing 10:00 chat | jq -c .arrivals)" 30
	# planning a Monday: one chat on 11-16, none on 11-09 and 11-02,
	# and 10-26 is before the history starts: 1/3 a Monday
	staffing --day 2026-11-23 --now 2026-11-22T12:00:00Z --channel chat --hours 10-11 --format json
	eq "$(row staffing 10:00 chat | jq -c '[.arrivals, .agents]')" '[0.3333,1]'
}

@test "--expect multiplies the contacts in its window, for the part of an interval it covers" {
	history
	staffing --channel chat --hours 10-12 --expect 2@10:00/11:00 --format json
	[ "$status" -eq 0 ]
	eq "$(row staffing 10:00 chat | jq -c '[.arrivals, .agents, (.sl_pct * 10 | round), .scheduled]')" \
	    '[70,9,861,13]'
	# half of the hour at 2x: 1.5x
	staffing --channel chat --hours 10-11 --expect 2@2026-11-24T10:30/2026-11-24T14:00 --format json
	eq "$(row staffing 10:00 chat | jq -c '[.arrivals, .agents]')" '[52.5,7]'
	# RFC 3339 with its zone, and two windows multiply
	staffing --channel chat --hours 10-11 --expect 2@2026-11-24T13:00:00Z/2026-11-24T14:00:00Z \
	    --expect 0.5@2026-11-24/2026-11-25 --format json
	eq "$(row staffing 10:00 chat | jq -c .arrivals)" 35
	# the what-if contacts are scaled too
	staffing --channel chat --interval 30m --arrivals 50 --aht 180 --hours 10-10:30 \
	    --expect 2@10:00/10:30 --format json
	eq "$(row staffing 10:00 chat | jq -c '[.arrivals, .agents, .scheduled]')" '[100,14,20]'
	# a window on another day does nothing, and says so
	staffing --channel chat --hours 10-11 --expect 3@2026-12-01T10:00/2026-12-01T11:00
	[ "$status" -eq 0 ]
	[[ "$stderr" == *"not on the day planned (2026-11-24): no effect"* ]]
	staffing --channel chat --hours 10-11 --expect 2@10:00/11:00
	[[ "$output" == *"x2 2@10:00/11:00"* ]]
}

@test "staffing: in report.yaml: shrinkage, occupancy, handling time by channel" {
	history
	cp -r "$RULES" "$BATS_TEST_TMPDIR/rules"
	Y=$BATS_TEST_TMPDIR/rules/report.yaml
	sed -i 's/^  shrinkage: 0.30/  shrinkage: 0.20/; s/^  async_occupancy: 0.85/  async_occupancy: 1/; s/^  aht: {chat: 4m, whatsapp: 5m}/  aht: {email: 9m}/' "$Y"
	grep -q '^  shrinkage: 0.20' "$Y"
	staffing --rules "$BATS_TEST_TMPDIR/rules" --format json
	[ "$status" -eq 0 ]
	# chat: 5 / 0.8 = 6.25: 7 scheduled
	eq "$(row staffing 10:00 chat | jq -c '[.agents, .scheduled]')" '[5,7]'
	# e-mail: 20 x 9 minutes = 3 hours of work at 100 %: 3 agents, 4
	eq "$(row staffing 09:00 email | jq -c '[.aht_s, .agents, (.occupancy_pct | round), .scheduled]')" \
	    '[540,3,100,4]'
	# --shrinkage wins over report.yaml
	staffing --rules "$BATS_TEST_TMPDIR/rules" --shrinkage 30% --format json
	eq "$(row staffing 10:00 chat | jq -c .scheduled)" 8
	# a cap on occupancy binds: 2.92 Erlangs at most 50 % busy: 6
	sed -i 's/^  max_occupancy: 0.85/  max_occupancy: 0.5/' "$Y"
	staffing --rules "$BATS_TEST_TMPDIR/rules" --channel chat --hours 10-11 --format json
	eq "$(row staffing 10:00 chat | jq -c .agents)" 6
	# and a cap on the mean wait: ASA 31 s with 5, at most 10 s
	sed -i 's/^  max_occupancy: 0.5/  max_occupancy: 0.85\n  max_asa: 10s/' "$Y"
	staffing --rules "$BATS_TEST_TMPDIR/rules" --channel chat --hours 10-11 --format json
	eq "$(row staffing 10:00 chat | jq -c '[.agents, (.asa_s <= 10)]')" '[6,true]'
}

@test "a bad staffing: key or value is refused with file:line:column, exit 78" {
	cp -r "$RULES" "$BATS_TEST_TMPDIR/rules"
	Y=$BATS_TEST_TMPDIR/rules/report.yaml
	line=$(grep -n '^  weeks: 4' "$Y" | cut -d: -f1)
	sed -i 's/^  weeks: 4/  wekks: 4/' "$Y"
	staffing --rules "$BATS_TEST_TMPDIR/rules" --channel chat --arrivals 1
	[ "$status" -eq 78 ]
	[[ "$stderr" == *"report.yaml:$line:"*"staffing: unknown key \"wekks\""* ]]
	sed -i 's/^  wekks: 4/  weeks: 4/; s/^  shrinkage: 0.30/  shrinkage: 1.5/' "$Y"
	staffing --rules "$BATS_TEST_TMPDIR/rules" --channel chat --arrivals 1
	[ "$status" -eq 78 ]
	[[ "$stderr" == *"report.yaml:"*":"*"staffing.shrinkage: expected a number from 0 to 0.95"* ]]
	sed -i 's/^  shrinkage: 1.5/  shrinkage: 0.3/; s/^  aht_default: 6m/  aht_default: soon/' "$Y"
	staffing --rules "$BATS_TEST_TMPDIR/rules" --channel chat --arrivals 1
	[ "$status" -eq 78 ]
	[[ "$stderr" == *"staffing.aht_default: expected a duration"* ]]
	sed -i 's/^  aht_default: soon/  aht_default: 6m/; s/^  interval: 1h/  interval: 45m/' "$Y"
	staffing --rules "$BATS_TEST_TMPDIR/rules" --channel chat --arrivals 1
	[ "$status" -eq 78 ]
	[[ "$stderr" == *"staffing.interval: expected 15m, 30m or 1h"* ]]
}

@test "bad options: exit 64 with what was expected" {
	for bad in x 1.8 1.8@10:00 1.8@10:00-11:00 abc@10:00/11:00 -1@10:00/11:00 \
	    2@11:00/10:00 2@25:00/26:00 2@2026-11-24T08:00/tomorrow 2@2026-13-01/2026-13-02; do
		staffing --channel chat --expect "$bad"
		[ "$status" -eq 64 ]
		[[ "$stderr" == *"--expect: \"$bad\""*"expected MULT@FROM/TO"* ]]
	done
	staffing --expect 2@11:00/10:00
	[[ "$stderr" == *"FROM must come before TO"* ]]
	staffing --arrivals 100
	[ "$status" -eq 64 ]
	[[ "$stderr" == *"--arrivals: give --channel too"* ]]
	for o in "--weeks 0" "--weeks 2.5" "--interval 45m" "--arrivals -3" "--aht 0" \
	    "--aht soon" "--shrinkage 1" "--shrinkage 120%" "--day 2026-02-30x" \
	    "--day nextweek" "--hours 14-8" "--hours 8"; do
		staffing $o
		[ "$status" -eq 64 ]
		[[ "$stderr" == *"${o%% *}: "* ]]
	done
}

@test "an empty database: zero agents and n/a, not a crash, in every format" {
	for f in text markdown csv json; do
		staffing --format $f
		[ "$status" -eq 0 ]
	done
	staffing --format json
	eq "$(jqf -s '[.[] | select(.table == "staffing")] | length')" 0
	eq "$(jqf -s '[.[] | select(.table == "staffing_total")] | length')" 24
	eq "$(row staffing_total 10:00 | jq -c '[.arrivals, .agents, .scheduled]')" '[0,0,0]'
	staffing
	[[ "$output" == *"No history: nothing in the database on the 4 Tuesdays before"* ]]
	# a channel asked for is shown, with nothing to staff
	staffing --channel whatsapp --hours 10-11 --format json
	eq "$(row staffing 10:00 whatsapp | jq -c '[.arrivals, .aht_s, .model, .agents, .sl_pct, .asa_s, .scheduled]')" \
	    '[0,300,"erlang_c",0,null,null,0]'
	# the default day is tomorrow in the report's zone: at 23:30 in
	# Buenos Aires (02:30 UTC) that is two UTC days on
	run_split scs-report staffing --db "$DB" --now 2026-11-24T02:30:00Z
	[[ "$output" == *"Staffing for Tuesday 2026-11-24"* ]]
}
