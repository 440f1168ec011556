#!/usr/bin/env bats
# scs-report: the scorecard, every figure computed by hand from
# tests/fixtures/report/week.jsonl, the edge cases, formats and errors.
#
# The week (report tz UTC, 2026-11-16 to 2026-11-23; queue care keeps
# office hours, Buenos Aires, UTC-3, mon-fri 08-20, sat 09-13):
#   case 1  twitter  opened Sat 11-14 12:00 (before the week), tom replied
#           12:10, resolved Mon 11-16 11:00: resolved in the week, FCR.
#   case 2  twitter complaint Mon 12:00 (09:00 local), auto-reply 12:00:30,
#           maria 12:30 (FRT 30m), customer 13:00, maria 13:10 (ART 10m),
#           resolved 14:00 favorable; work 300 s; survey csat 5 nps 10;
#           QA 90.  Two replies: not FCR.
#   case 3  whatsapp question Tue 10:00 (07:00 local, closed), tom 10:02
#           (FRT 2m, 0 in business hours), resolved 10:30; work 200 s;
#           survey csat 3 nps 6; QA 70.
#   case 4  twitter complaint Wed 15:00, maria 15:20 (FRT 20m), resolved
#           15:30; reopened Thu 09:00 (06:00 local), maria 09:05 (FRT 5m
#           from the reopening), resolved 10:00 unfavorable; work 600 s.
#   case 5  email request Fri 12:00, never answered, due Sat 12:00.
#   a one-word facebook message, filtered.

load helper

setup() {
	RULES=$(cd "$BATS_TEST_DIRNAME/../rules" && pwd)
	DB=$BATS_TEST_TMPDIR/cases.db
	WEEK=$FIX/report/week.jsonl
	export SCS_RULES=$RULES
	unset SCS_DB
}

week() {
	scs-case --db "$DB" "$WEEK" >/dev/null
}

# report ARGS...: the week's scorecard as JSON lines in $output.
report() {
	run_split scs-report --db "$DB" --since 2026-11-16 --until 2026-11-23 \
	    --tz UTC --now 2026-11-23T00:00:00Z --format json "$@"
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
}

# row TABLE [JQ-CONDITION]: the rows of a table, compact.
row() {
	jqf "select(.table == \"$1\")${2:+ | select($2)} | del(.table)"
}

@test "--help, --version, usage errors" {
	run scs-report --help
	[ "$status" -eq 0 ]
	[[ "$output" == *"usage: scs-report"* ]]
	[[ "$output" == *"alerts"* ]]
	run scs-report --version
	[[ "$output" =~ ^scs-report\ [0-9] ]]
	run scs-report
	[ "$status" -eq 64 ]
	[[ "$output" == *"--db"* ]]
	run scs-report --db x --format pdf
	[ "$status" -eq 64 ]
	[[ "$output" == *"pdf"* ]]
	run scs-report --db x --by colour
	[ "$status" -eq 64 ]
	[[ "$output" == *"colour"* ]]
	run scs-report --db x --since yesterday
	[ "$status" -eq 64 ]
	run scs-report --db x --since 2026-11-20 --until 2026-11-10
	[ "$status" -eq 64 ]
	run scs-report --db x --period fortnight
	[ "$status" -eq 64 ]
	run scs-report --db x extra
	[ "$status" -eq 64 ]
}

@test "a missing database is 66; one from before the report views is 78" {
	run scs-report --db "$BATS_TEST_TMPDIR/none.db"
	[ "$status" -eq 66 ]
	sqlite3 "$DB" "CREATE TABLE t (x); PRAGMA user_version = 2"
	run scs-report --db "$DB"
	[ "$status" -eq 78 ]
	[[ "$output" == *"version 2"*"scs-case"* ]]
	sqlite3 "$DB" "PRAGMA user_version = 99"
	run scs-report --db "$DB"
	[ "$status" -eq 78 ]
}

@test "volume: in, out, auto, filtered, derived, cases, messages per case" {
	week
	report
	# 7 customer messages (one filtered), 5 human replies, 1 auto-reply,
	# 1 reply sending to another channel; 4 cases opened in the week
	# (case 1 opened before), 12 messages / 4 cases.
	eq "$(row volume)" '{"in":7,"out":5,"auto":1,"filtered":1,"community":0,"derived":1,"cases":4,"messages_per_case":3}'
}

@test "first response: from each opening and reopening, auto-replies never count; SL against each channel's target" {
	week
	report
	# FRT of the openings answered: 1800 (case 2, not the auto-reply at
	# 30 s), 120, 1200, 300 (case 4 from its reopening, not from 15:00
	# the day before): mean 855, median (300+1200)/2, p90 the 4th of 4.
	# SL: all four within target (twitter 1h, whatsapp 5m); case 5 is
	# 36 h unanswered against e-mail's 24h: 4 of 5.
	# ART: each wait of the customer to the next human reply: 1800, 600,
	# 120, 1200, 300 (case 5 has none yet): mean 804.
	eq "$(row response)" '{"openings":5,"answered":4,"frt_mean_s":855,"frt_median_s":750,"frt_p90_s":1800,"sl_pct":80,"art_mean_s":804,"art_median_s":600,"art_p90_s":1800}'
}

@test "every time also in the queue's business hours" {
	week
	report
	# case 3 came at 07:00 local and was answered at 07:02, before the
	# office opened: 0; the reopening of case 4 likewise.  FRT 1800, 0,
	# 1200, 0: mean 750, median 600.  Case 5 waited Fri 09:00 to Sun
	# 21:00 local: 11 h Friday + 4 h Saturday = 15 h open, within 24h.
	# ART 1800, 600, 0, 1200, 0: mean 720.
	eq "$(row response_business)" '{"openings":5,"answered":4,"frt_mean_s":750,"frt_median_s":600,"frt_p90_s":1800,"sl_pct":100,"art_mean_s":720,"art_median_s":600,"art_p90_s":1800}'
}

@test "handling: FCR, reopen rate, AHT, resolution less waiting; a case opened before the period counts where it was resolved" {
	week
	report
	# Resolved in the week: cases 1-4.  FCR: case 1 (one reply) and
	# case 3 (one reply) of 4 = 50 %; case 4 reopened: 25 %; favorable
	# 3 of 4.  AHT: 300, 200, 600 (case 1 has no work) = 366.67.
	# Resolution less waiting and time resolved: case 1 47 h - 46h50m
	# waiting = 600; case 2 7200 - 1800 - 3000 = 2400; case 3 1800 -
	# 1680 = 120; case 4 68400 - 600 - 63000 (resolved overnight) -
	# 3300 = 1500: median (600+1500)/2 = 1050, p90 2400.  In business
	# hours: 600, 2400, 0, 1200 (28800 open Wed - 600 - 27000): 900.
	eq "$(row handling)" '{"resolved":4,"fcr_pct":50,"reopen_pct":25,"escalated_pct":0,"favorable_pct":75,"aht_mean_s":366.6667,"aht_median_s":300,"aht_p90_s":600,"resolution_median_s":1050,"resolution_p90_s":2400,"resolution_business_median_s":900}'
}

@test "backlog, complaints against the week before, reasons, filtered" {
	week
	report
	# case 5: open, past its due time, 60 h old at the end.
	eq "$(row backlog)" '{"open":1,"waiting":0,"overdue":1,"oldest_s":216000}'
	# complaints opened: cases 2 and 4 this week, case 1 the week before.
	eq "$(row complaints)" '{"complaints":2,"before":1,"change_pct":100}'
	eq "$(row reasons | jq -sc .)" '[{"reason":"complaint","subreason":"-","cases":2,"share_pct":50},{"reason":"question","subreason":"-","cases":1,"share_pct":25},{"reason":"request","subreason":"cancellation","cases":1,"share_pct":25}]'
	eq "$(row filtered)" '{"filter":"one_word","messages":1,"share_pct":14.2857}'
}

@test "satisfaction and QA: CSAT, NPS, response rate, compliance, by agent, seniority, team" {
	week
	report
	# surveys 5 and 3: mean 4, one of two 4-5; NPS one promoter (10) and
	# one detractor (6): 0; 2 surveys for 4 resolved cases.  QA 90 and
	# 70: mean 80, one of two at 80 or more.
	eq "$(row satisfaction)" '{"surveys":2,"csat_mean":4,"csat_4_5_pct":50,"nps":0,"response_pct":50,"qa_reviews":2,"qa_mean":80,"qa_compliance_pct":50}'
	eq "$(row csat_by_agent | jq -sc .)" '[{"agent":"maria","surveys":1,"csat_mean":5,"csat_4_5_pct":100,"nps":100,"response_pct":50},{"agent":"tom","surveys":1,"csat_mean":3,"csat_4_5_pct":0,"nps":-100,"response_pct":50}]'
	# twitter resolved cases 1, 2 and 4; one survey.
	eq "$(row csat_by_channel '.channel == "twitter"' | jq -c .response_pct)" 33.3333
	# maria hired 2017, tom 2024 (agents.yaml)
	eq "$(row qa_by_seniority | jq -sc 'map([.seniority, .qa_mean])')" '[["1-2 years",70],["5+ years",90]]'
	eq "$(row qa_by_team | jq -c '[.team, .qa_reviews]')" '["care",2]'
}

@test "occupancy, where problems come from, coaching against targets" {
	week
	report
	# maria: 300 + 600 s of work in an 8 h shift; tom has no shift: n/a.
	eq "$(row occupancy | jq -sc .)" '[{"agent":"maria","handled_s":900,"staffed_s":28800,"occupancy_pct":3.125},{"agent":"tom","handled_s":200,"staffed_s":null,"occupancy_pct":null}]'
	eq "$(row where_location | jq -sc 'map([.location, .messages, .complaints, .negative_pct, .top_reason])')" '[["Córdoba",2,2,100,"complaint"],["Rosario",2,2,50,"complaint"],["Mendoza",1,0,0,"question"]]'
	# maria: FCR 0 of 2 against 70 %; tom: CSAT 3 < 4.2, NPS -100 < 30,
	# QA 70 < 85 (report.yaml defaults; maria's own CSAT target 4.5 met)
	eq "$(row coaching '.agent == "maria"' | jq -c '[.frt_median_s, .sl_pct, .fcr_pct, .below_target]')" '[1200,100,0,"FCR 0.0% < 70.0%"]'
	eq "$(row coaching '.agent == "tom"' | jq -r .below_target)" 'CSAT 3.00 < 4.20, NPS -100.00 < 30.00, QA 70.00 < 85.00'
}

@test "--by channel and --period day: groups and periods" {
	week
	report --by channel --period day
	eq "$(row volume '.channel == "twitter"' | jq -sc 'map([.period, .in, .out, .auto])')" '[["2026-11-16",2,2,1],["2026-11-18",1,1,0],["2026-11-19",1,1,0]]'
	eq "$(row response '.channel == "whatsapp"' | jq -c '[.period, .frt_mean_s, .sl_pct]')" '["2026-11-17",120,100]'
	# the e-mail opening: unanswered past target
	eq "$(row response '.channel == "email"' | jq -c '[.answered, .frt_mean_s, .sl_pct]')" '[0,null,0]'
	# the trend for charts: customer messages by day and channel
	eq "$(row trend | jq -sc 'map([.period, .channel, .in])')" '[["2026-11-16","twitter",2],["2026-11-17","whatsapp",1],["2026-11-18","twitter",1],["2026-11-19","twitter",1],["2026-11-20","email",1],["2026-11-21","facebook",1]]'
	# complaints: each day against the day before (none: no change to
	# speak of)
	eq "$(row complaints '.channel == "twitter"' | jq -sc 'map([.period, .complaints, .before, .change_pct])')" '[["2026-11-16",1,0,null],["2026-11-18",1,0,null]]'
}

@test "--by agent,queue groups by both" {
	week
	report --by agent,queue
	eq "$(row handling | jq -sc 'map([.agent, .queue, .resolved, .fcr_pct])')" '[["maria","care",2,0],["tom","care",2,100]]'
}

@test "periods are cut in the report's zone" {
	week
	run_split scs-report --db "$DB" --tz Asia/Tokyo --period day --format json --now 2026-11-23T00:00:00Z
	# 2026-11-18T15:00Z is 00:00 on the 19th in Tokyo
	eq "$(row trend '.channel == "twitter"' | jq -sc 'map([.period, .in])')" '[["2026-11-14",1],["2026-11-16",2],["2026-11-19",2]]'
}

@test "no data: every table empty, n/a never 0, exit 0" {
	scs-case --db "$DB" </dev/null
	report
	[ -z "$output" ]
	run scs-report --db "$DB" --tz UTC --now 2026-11-23T00:00:00Z
	[ "$status" -eq 0 ]
	[[ "$output" == *"(no data)"* ]]
	if grep -qwi "nan\|inf" <<<"$output"; then false; fi
}

@test "one case, no surveys: n/a, not 0" {
	printf '%s\n' \
	    '{"id":"t:1","channel":"twitter","direction":"in","created_at":"2026-11-16T12:00:00Z","author":{"id":"u"},"class":{"reason":"question"},"route":{"queue":"care"}}' \
	    '{"id":"t:2","channel":"twitter","direction":"out","created_at":"2026-11-16T12:10:00Z","author":{"id":"b"},"agent":"maria","thread":{"in_reply_to":"t:1"}}' \
	    | scs-case --db "$DB" >/dev/null
	report
	eq "$(row response | jq -c '[.frt_mean_s, .frt_median_s, .frt_p90_s, .sl_pct]')" '[600,600,600,100]'
	eq "$(row satisfaction)" ''
	eq "$(row handling)" ''
	run scs-report --db "$DB" --since 2026-11-16 --until 2026-11-23 --tz UTC --by agent
	[ "$status" -eq 0 ]
	# the coaching row of maria: no survey, no resolution: n/a
	[[ "$output" == *"maria"*"n/a"* ]]
}

@test "waiting on the customer stops the SLA clock unless the rules say not" {
	printf '%s\n' \
	    '{"id":"t:1","channel":"twitter","direction":"in","created_at":"2026-11-16T12:00:00Z","author":{"id":"u"},"class":{"reason":"question"},"route":{"queue":"care"}}' \
	    '{"type":"event","case":1,"op":"wait","agent":"maria","at":"2026-11-16T12:05:00Z"}' \
	    '{"id":"t:2","channel":"twitter","direction":"in","created_at":"2026-11-16T13:35:00Z","author":{"id":"u"},"class":{"reason":"question"},"thread":{"in_reply_to":"t:1"}}' \
	    '{"id":"t:3","channel":"twitter","direction":"out","created_at":"2026-11-16T13:45:00Z","author":{"id":"b"},"agent":"maria","thread":{"in_reply_to":"t:2"}}' \
	    | scs-case --db "$DB" >/dev/null
	# 1h45m to the first reply, 1h30m of it waiting on the customer
	# (asked by phone, say): 15 minutes on the clock, within twitter's 1h.
	report
	eq "$(row response | jq -c '[.frt_mean_s, .sl_pct]')" '[900,100]'
	cp -r "$RULES" "$BATS_TEST_TMPDIR/rules"
	sed -i 's/^pause_waiting: true/pause_waiting: false/' "$BATS_TEST_TMPDIR/rules/report.yaml"
	report --rules "$BATS_TEST_TMPDIR/rules"
	eq "$(row response | jq -c '[.frt_mean_s, .sl_pct]')" '[6300,0]'
}

@test "business hours: a night across midnight and the DST change lose no minute" {
	cp -r "$RULES" "$BATS_TEST_TMPDIR/rules"
	R=$BATS_TEST_TMPDIR/rules
	# a queue open at night in Madrid, 20:00 to 08:00
	sed -i 's/^hours:$/hours:\n  nights:\n    tz: Europe\/Madrid\n    week: {mon-sun: ["20:00-24:00", "00:00-08:00"]}/' "$R/route.yaml"
	sed -i 's/^queues:$/queues:\n  night: {primary: care, hours: nights}/' "$R/route.yaml"
	printf '%s\n' \
	    '{"id":"t:1","channel":"email","direction":"in","created_at":"2026-10-24T18:00:00Z","author":{"id":"u"},"class":{"reason":"question"},"route":{"queue":"night"}}' \
	    '{"id":"t:2","channel":"email","direction":"out","created_at":"2026-10-25T07:00:00Z","author":{"id":"b"},"agent":"maria","thread":{"in_reply_to":"t:1"}}' \
	    '{"id":"t:3","channel":"email","direction":"in","created_at":"2026-11-20T21:00:00Z","author":{"id":"v"},"class":{"reason":"question"},"route":{"queue":"night"}}' \
	    '{"id":"t:4","channel":"email","direction":"out","created_at":"2026-11-21T01:00:00Z","author":{"id":"b"},"agent":"maria","thread":{"in_reply_to":"t:3"}}' \
	    | scs-case --db "$DB" --rules "$R" >/dev/null
	# 20:00 CEST to 08:00 CET is 13 h on the wall, all open; 22:00 to
	# 02:00 across midnight is 4 h.
	run_split scs-report --db "$DB" --rules "$R" --tz UTC --now 2026-11-23T00:00:00Z --format json --by queue
	[ "$status" -eq 0 ]
	eq "$(row response_business | jq -c '[.frt_mean_s, .frt_p90_s]')" '[30600,46800]'
	eq "$(row response | jq -c '[.frt_mean_s, .frt_p90_s]')" '[30600,46800]'
}

@test "formats: csv, markdown, text, json carry the same figures" {
	week
	run scs-report --db "$DB" --since 2026-11-16 --until 2026-11-23 --tz UTC --format csv
	[ "$status" -eq 0 ]
	[[ "$output" == *"table,in,out,auto,filtered,community,derived,cases,messages_per_case"* ]]
	[[ "$output" == *"volume,7,5,1,1,0,1,4,3"* ]]
	# n/a is an empty field
	[[ "$output" == *"occupancy,tom,200,,"* ]]
	run scs-report --db "$DB" --since 2026-11-16 --until 2026-11-23 --tz UTC --format markdown
	[[ "$output" == *"## Traffic: volume"* ]]
	[[ "$output" == *"| 7 | 5 | 1 |"* ]]
	run scs-report --db "$DB" --since 2026-11-16 --until 2026-11-23 --tz UTC
	[[ "$output" == *"14m15s"* ]]
	[[ "$output" == *"80.0%"* ]]
	run scs-report --db "$DB" --since 2026-11-16 --until 2026-11-23 --tz UTC -o "$BATS_TEST_TMPDIR/r.txt"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	grep -q "Traffic: volume" "$BATS_TEST_TMPDIR/r.txt"
	run scs-report --db "$DB" -o /nonexistent/dir/r.txt
	[ "$status" -eq 73 ]
}

@test "the views give sqlite3 users the same first responses" {
	week
	eq "$(sqlite3 "$DB" "SELECT group_concat(frt_s, ',') FROM (SELECT frt_s FROM report_openings WHERE opened_at >= '2026-11-16' ORDER BY opened_at)")" '1800,120,1200,300'
	eq "$(sqlite3 "$DB" "SELECT group_concat(reply_s, ',') FROM (SELECT reply_s FROM report_replies WHERE at >= '2026-11-16' AND reply_s IS NOT NULL ORDER BY at)")" '1800,600,120,1200,300'
	eq "$(sqlite3 "$DB" "SELECT sum(fcr), count(fcr) FROM report_cases WHERE resolved_at >= '2026-11-16'")" '2|4'
}

@test "a bad report.yaml is refused with file:line:column and 78" {
	cp -r "$RULES" "$BATS_TEST_TMPDIR/rules"
	week
	printf 'service_level:\n  twitter: {target: soon}\n' >"$BATS_TEST_TMPDIR/rules/report.yaml"
	run scs-report --db "$DB" --rules "$BATS_TEST_TMPDIR/rules"
	[ "$status" -eq 78 ]
	[[ "$output" == *"report.yaml:2:"*"duration"* ]]
	printf 'targets:\n  default: {speed: 3}\n' >"$BATS_TEST_TMPDIR/rules/report.yaml"
	run scs-report --db "$DB" --rules "$BATS_TEST_TMPDIR/rules"
	[ "$status" -eq 78 ]
	[[ "$output" == *"report.yaml:2:"*"speed"* ]]
	printf 'colour: blue\n' >"$BATS_TEST_TMPDIR/rules/report.yaml"
	run scs-report --db "$DB" --rules "$BATS_TEST_TMPDIR/rules"
	[ "$status" -eq 78 ]
	[[ "$output" == *"report.yaml:1:"*"colour"* ]]
}

@test "read-only: the report changes nothing in the database" {
	week
	before=$(sqlite3 "$DB" "SELECT count(*), total(messages) FROM cases")
	sum=$(sha256sum "$DB" | cut -d' ' -f1)
	scs-report --db "$DB" >/dev/null
	eq "$(sha256sum "$DB" | cut -d' ' -f1)" "$sum"
	eq "$(sqlite3 "$DB" "SELECT count(*), total(messages) FROM cases")" "$before"
}

@test "shards: several databases read as one give the scorecard of one holding everything" {
	# the week split by customer: cases 1-3 in one shard, 4-5 and the
	# filtered message in the other (its case numbers start again at 1)
	week
	scs-case --db "$BATS_TEST_TMPDIR/a.db" "$FIX/report/week-shard-a.jsonl" >/dev/null
	scs-case --db "$BATS_TEST_TMPDIR/b.db" "$FIX/report/week-shard-b.jsonl" >/dev/null
	for args in "" "--by channel,agent --period day"; do
		scs-report --db "$DB" --tz UTC --now 2026-11-23T00:00:00Z --format json $args >"$BATS_TEST_TMPDIR/one"
		scs-report --db "$BATS_TEST_TMPDIR/a.db" --db "$BATS_TEST_TMPDIR/b.db" --tz UTC --now 2026-11-23T00:00:00Z --format json $args >"$BATS_TEST_TMPDIR/two"
		cmp "$BATS_TEST_TMPDIR/one" "$BATS_TEST_TMPDIR/two"
	done
	# and not by chance: one shard alone is not the whole
	scs-report --db "$BATS_TEST_TMPDIR/a.db" --tz UTC --now 2026-11-23T00:00:00Z --format json >"$BATS_TEST_TMPDIR/a"
	run cmp -s "$BATS_TEST_TMPDIR/one" "$BATS_TEST_TMPDIR/a"
	[ "$status" -eq 1 ]
	# a shard that is not a case database, or of another version
	sqlite3 "$BATS_TEST_TMPDIR/old.db" "CREATE TABLE t (x); PRAGMA user_version = 2"
	run scs-report --db "$DB" --db "$BATS_TEST_TMPDIR/old.db"
	[ "$status" -eq 78 ]
	[[ "$output" == *"old.db"*"version 2"* ]]
	run scs-report --db "$DB" --db "$BATS_TEST_TMPDIR/none/x.db"
	[ "$status" -eq 66 ]
	run scs-report alerts --db "$DB" --db "$BATS_TEST_TMPDIR/a.db"
	[ "$status" -eq 64 ]
}
