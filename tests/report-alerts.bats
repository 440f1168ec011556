#!/usr/bin/env bats
# scs-report alerts: volume spikes by reason, tag, channel and brand term
# against the same hour of past days, negative surges, cases past or near
# their due time, the exit status, and bad alert rules.
#
# The present is Tuesday 2026-11-24T15:00:00Z; the window is the hour
# before it.  The background is seven past days of the same hour:
#
#   day          1   2   3   4   5   6   7     mean   sd
#   complaint    5   7   6   8   4   6   7     6.14   1.35  negative,
#                                                          brand Telcora
#   question    20  22  18  21  19  20  20    20.00   1.15  neutral,
#                                                          tag billing
#
# all on twitter, with a first message at 13:00 on day 7 so that the
# seven past windows count and the eighth does not.

load helper

NOW=2026-11-24T15:00:00Z

setup() {
	RULES=$(cd "$BATS_TEST_DIRNAME/../rules" && pwd)
	DB=$BATS_TEST_TMPDIR/cases.db
	export SCS_RULES=$RULES
}

# The day DAYS days before the present's: 2026-11-23 for 1.
day() {
	date -u -d "2026-11-24 - $1 days" +%F
}

# gen ID DAYS N FRAGMENT [FROM]: N inbound messages DAYS days back, from
# 14:10 on (FROM seconds after 14:00), 3 s apart, each from its own
# author, with the JSON members given ("channel" and "class" at least).
gen() {
	local id=$1 d n=$3 frag=$4 i s
	d=$(day "$2")
	for ((i = 0; i < n; i++)); do
		s=$((${5:-600} + i * 3))
		printf '{"type":"message","id":"%s:%s:%d","direction":"in","created_at":"%sT14:%02d:%02dZ","author":{"id":"u:%s:%s:%d"},"text":"t",%s}\n' \
		    "$id" "$2" "$i" "$d" $((s / 60)) $((s % 60)) "$id" "$2" \
		    "$i" "$frag"
	done
}

COMPLAINT='"channel":"twitter","class":{"reason":"complaint","polarity":"negative","sentiment":-0.6,"filter":null,"brand":{"term":"Telcora","seen":"Telcora","distance":0}}'
QUESTION='"channel":"twitter","class":{"reason":"question","polarity":"neutral","sentiment":0,"filter":null,"tags":["billing"]}'

# The seven past days, and the present hour's usual traffic: 7
# complaints and 21 questions.
background() {
	local c=(5 7 6 8 4 6 7) q=(20 22 18 21 19 20 20) k
	printf '{"type":"message","id":"seed","channel":"email","direction":"in","created_at":"%sT13:00:00Z","author":{"id":"u:seed"},"text":"t","class":{"reason":"other","filter":null}}\n' \
	    "$(day 7)"
	for k in 1 2 3 4 5 6 7; do
		gen c "$k" "${c[k - 1]}" "$COMPLAINT"
		gen q "$k" "${q[k - 1]}" "$QUESTION"
	done
	gen c 0 7 "$COMPLAINT"
	gen q 0 21 "$QUESTION"
}

# load: store stdin in the case database.
load_db() {
	scs-case --db "$DB" >/dev/null
}

alerts() {
	run_split scs-report alerts --db "$DB" --now "$NOW" "$@"
}

# The alerts as JSON lines, without the why.
rows() {
	jqf 'del(.why, .table)'
}

@test "an empty database is calm: exit 0, no rows, and the text says so" {
	load_db </dev/null
	alerts --format json
	[ "$status" -eq 0 ]
	eq "$output" ""
	alerts
	[ "$status" -eq 0 ]
	[[ "$output" == *"scs alerts"* ]]
	[[ "$output" == *"period: 2026-11-24T14:00:00Z to 2026-11-24T15:00:00Z"* ]]
	[[ "${output//$'\n'/ }" == *"Calm: no alert fired."* ]]
}

@test "the usual traffic is calm: exit 0, no rows, seven past days used" {
	background | load_db
	alerts --format json
	[ "$status" -eq 0 ]
	eq "$output" ""
	alerts
	[ "$status" -eq 0 ]
	[[ "${output//$'\n'/ }" == *"The last 1h against the same time of day on past days (7 of 14 with data). Calm: no alert fired."* ]]
}

@test "a spike in one reason: exit 1 with the count, the usual and the threshold; the negative share rises with it" {
	{ background; gen x 0 23 '"channel":"twitter","class":{"reason":"complaint","polarity":"negative","filter":null}'; } | load_db
	alerts --format json
	[ "$status" -eq 1 ]
	# 30 complaints vs 6.14 +- 1.35: fires at max(10, 2 x 6.14,
	# 6.14 + 3 x sqrt(6.14)) = 13.58 -> 14
	eq "$(rows)" '{"kind":"spike","dimension":"reason","value":"complaint","count":30,"baseline":6.1429,"threshold":14,"cases":null}
{"kind":"negative","dimension":"sentiment","value":"negative","count":30,"baseline":11.9836,"threshold":21,"cases":null}'
	eq "$(jqf -r 'select(.kind == "spike") | .why')" \
	    'reason complaint: 30 messages in the last 1h vs 6.1 ± 1.3 usual (same time of day, 7 past days): fires at 14 (at least 10, 2.0× usual and z ≥ 3; here z = 9.6)'
	# 30 of 51 negative; usual 43 of 183 = 23.5%, + 15 points = 38.5%,
	# under 40%: fires at 51 x 40% = 20.4 -> 21
	eq "$(jqf -r 'select(.kind == "negative") | .why')" \
	    '30 of 51 inbound messages negative (58.8%) in the last 1h vs 23.5% usual (same time of day, 7 past days): fires at 21 (a share of at least 40.0% and 15.0 points over the usual, with 20 messages or more)'
	# the text format shows the same, for a cron e-mail
	alerts
	[ "$status" -eq 1 ]
	printf '%s\n' "$output" | grep -Eq '^spike +reason +complaint +30 +6\.14 +14 +- +reason complaint: 30 messages'
	printf '%s\n' "$output" | grep -Eq '^negative +sentiment +negative +30 +11\.98 +21 +- +30 of 51'
	printf '%s\n' "$output" | grep -Eq '^kind +by +value +count +usual +fires at +cases +why$'
}

@test "spike: false and negative: false turn them off; --watch asks for spikes again; --help" {
	{ background; gen x 0 23 '"channel":"twitter","class":{"reason":"complaint","polarity":"negative","filter":null}'; } | load_db
	mkdir -p "$BATS_TEST_TMPDIR/r"
	printf 'alerts:\n  spike: false\n  negative: false\n  sla: false\n' > "$BATS_TEST_TMPDIR/r/report.yaml"
	alerts --format json --rules "$BATS_TEST_TMPDIR/r"
	[ "$status" -eq 0 ]
	eq "$output" ""
	alerts --format json --rules "$BATS_TEST_TMPDIR/r" --watch channel,reason
	[ "$status" -eq 1 ]
	eq "$(jqf -c '[.kind, .dimension, .value, .count]')" '["spike","reason","complaint",30]'
	run scs-report alerts --help
	[ "$status" -eq 0 ]
	[[ "$output" == *"alerts options:"*"--window DUR"*"--watch DIMS"* ]]
}

@test "a tag spike: class.tags and route.topics, a message counted once" {
	{
		background
		gen t 0 12 '"channel":"twitter","class":{"reason":"question","polarity":"neutral","filter":null,"tags":["outage"]}'
		gen r 0 3 '"channel":"twitter","class":{"reason":"question","polarity":"neutral","filter":null},"route":{"topics":["outage"]}'
		gen b 0 2 '"channel":"twitter","class":{"reason":"question","polarity":"neutral","filter":null,"tags":["outage"]},"route":{"topics":["outage","billing"]}'
	} | load_db
	alerts --format json
	[ "$status" -eq 1 ]
	# 17 outage (never seen before: fires at min_count); billing 21 + 2,
	# questions 38 < 2 x 20 stay calm
	eq "$(rows)" '{"kind":"spike","dimension":"tag","value":"outage","count":17,"baseline":0,"threshold":10,"cases":null}'
	eq "$(jqf -r .why)" 'tag outage: 17 messages in the last 1h vs 0.0 ± 0.0 usual (same time of day, 7 past days): fires at 10 (at least 10, 2.0× usual and z ≥ 3; here z = 17.0)'
}

@test "a channel spike" {
	{ background; gen w 0 12 '"channel":"whatsapp","class":{"reason":"question","polarity":"neutral","filter":null}'; } | load_db
	alerts --format json
	[ "$status" -eq 1 ]
	eq "$(rows)" '{"kind":"spike","dimension":"channel","value":"whatsapp","count":12,"baseline":0,"threshold":10,"cases":null}'
	# --watch leaves channels out: calm
	alerts --format json --watch reason,tag,brand
	[ "$status" -eq 0 ]
	eq "$output" ""
}

@test "a brand-term spike: misspellings count under their term" {
	{
		background
		gen m 0 10 '"channel":"twitter","class":{"reason":"question","polarity":"neutral","filter":null,"brand":{"term":"Telcora","seen":"Telkora","distance":1}}'
		gen n 0 3 '"channel":"twitter","class":{"reason":"question","polarity":"neutral","filter":null,"brand":{"term":"Telcora","seen":"telcor","distance":1}}'
	} | load_db
	alerts --format json
	[ "$status" -eq 1 ]
	# 7 + 13 = 20 vs 6.14: fires at 14
	eq "$(rows)" '{"kind":"spike","dimension":"brand","value":"Telcora","count":20,"baseline":6.1429,"threshold":14,"cases":null}'
	[[ "$(jqf -r .why)" == "brand Telcora: 20 messages in the last 1h vs 6.1 ± 1.3 usual"* ]]
}

@test "a negative surge against the usual share" {
	{ background; gen n 0 8 '"channel":"twitter","class":{"reason":"question","polarity":"negative","filter":null,"tags":["billing"]}'; } | load_db
	alerts --format json
	[ "$status" -eq 1 ]
	# 15 of 36 negative = 41.7%; fires at 36 x 40% = 14.4 -> 15
	eq "$(rows)" '{"kind":"negative","dimension":"sentiment","value":"negative","count":15,"baseline":8.459,"threshold":15,"cases":null}'
	eq "$(jqf -r .why)" '15 of 36 inbound messages negative (41.7%) in the last 1h vs 23.5% usual (same time of day, 7 past days): fires at 15 (a share of at least 40.0% and 15.0 points over the usual, with 20 messages or more)'
}

@test "a usual share of 35% negative needs 50% to fire" {
	# each day: 7 negative, 13 neutral; now 9 of 20 (45%): calm
	{
		for k in 1 2 3; do
			gen a "$k" 7 "$COMPLAINT"
			gen b "$k" 13 "$QUESTION"
		done
		gen a 0 9 "$COMPLAINT"
		gen b 0 11 "$QUESTION"
	} | load_db
	alerts --format json
	[ "$status" -eq 0 ]
	eq "$output" ""
	# one more negative: 10 of 21 = 47.6% < 50%
	gen z 0 1 "$COMPLAINT" | load_db
	alerts --format json
	[ "$status" -eq 0 ]
	# two more: 12 of 23 = 52.2%, fires at 23 x 50% = 11.5 -> 12
	gen y 0 2 "$COMPLAINT" | load_db
	alerts --format json
	[ "$status" -eq 1 ]
	eq "$(rows)" '{"kind":"negative","dimension":"sentiment","value":"negative","count":12,"baseline":8.05,"threshold":12,"cases":null}'
}

# at ID DAY HOUR N: N neutral complaints on DAY from HOUR:10Z, 3 s apart.
at() {
	local i
	for ((i = 0; i < $4; i++)); do
		printf '{"type":"message","id":"%s:%d","channel":"twitter","direction":"in","created_at":"%sT%s:%02d:%02dZ","author":{"id":"u:%s:%d"},"text":"t","class":{"reason":"complaint","polarity":"neutral","filter":null}}\n' \
		    "$1" "$i" "$2" "$3" $((10 + i * 3 / 60)) $((i * 3 % 60)) \
		    "$1" "$i"
	done
}

@test "the baseline is the same local time of day, across a change of the clocks" {
	# Madrid leaves summer time on 2026-10-25: 15:00 local is 14:00Z
	# on the 27th, 13:00Z on the 24th and before
	{
		printf '%s\n' '{"type":"message","id":"seed","channel":"email","direction":"in","created_at":"2026-10-22T00:00:00Z","author":{"id":"u:seed"},"text":"t","class":{"reason":"other","filter":null}}'
		at d1 2026-10-26 13 10
		at d2 2026-10-25 13 10
		at d3 2026-10-24 12 10
		at d4 2026-10-23 12 10
		at d0 2026-10-27 13 25
	} | load_db
	mkdir -p "$BATS_TEST_TMPDIR/r"
	printf 'alerts:\n  baseline: {samples: 4}\n  spike: {by: [reason]}\n' > "$BATS_TEST_TMPDIR/r/report.yaml"
	run_split scs-report alerts --db "$DB" --rules "$BATS_TEST_TMPDIR/r" \
	    --now 2026-10-27T14:00:00Z --tz Europe/Madrid --format json
	[ "$status" -eq 1 ]
	# 10 every day: fires at max(10, 2 x 10, 10 + 3 x sqrt(10)) = 20
	eq "$(rows)" '{"kind":"spike","dimension":"reason","value":"complaint","count":25,"baseline":10,"threshold":20,"cases":null}'
	# in UTC the same hour missed the days before the change:
	# 10 10 0 0, 5 +- 5.77, fires at 5 + 3 x 5.77 = 22.3 -> 23
	run_split scs-report alerts --db "$DB" --rules "$BATS_TEST_TMPDIR/r" \
	    --now 2026-10-27T14:00:00Z --tz UTC --format json
	[ "$status" -eq 1 ]
	eq "$(rows)" '{"kind":"spike","dimension":"reason","value":"complaint","count":25,"baseline":5,"threshold":23,"cases":null}'
	[[ "$(jqf -r .why)" == *"vs 5.0 ± 5.8 usual (same time of day, 4 past days): fires at 23"* ]]
}

# sla ID AUTHOR AT DUE QUEUE: an inbound message routed with a due time.
sla() {
	printf '{"type":"message","id":"%s","channel":"twitter","direction":"in","created_at":"2026-11-24T%sZ","author":{"id":"%s"},"text":"t","class":{"reason":"request","filter":null},"route":{"queue":"%s","due_at":"2026-11-24T%sZ"}}\n' \
	    "$1" "$3" "$2" "$5" "$4"
}

case_of() {
	sqlite3 "$DB" "select case_id from messages where id = '$1'"
}

@test "cases past their due time and about to breach, by queue" {
	{
		background
		sla s:1 u:s1 13:50:00 14:30:00 care	# 30m overdue
		sla s:2 u:s2 13:55:00 14:45:00 care	# 15m overdue
		sla s:3 u:s3 14:20:00 15:10:00 care	# due in 10m
		sla s:4 u:s4 14:40:00 16:00:00 care	# later
		sla s:5 u:s5 12:00:00 13:30:00 retention	# answered
		printf '%s\n' '{"type":"message","id":"s:5r","channel":"twitter","direction":"out","created_at":"2026-11-24T12:20:00Z","author":{"id":"brand"},"agent":"maria","text":"r","thread":{"id":"s:5","in_reply_to":"s:5"}}'
		sla s:6 u:s6 12:00:00 12:30:00 retention	# 2h30m overdue
		sla s:7 u:s7 15:30:00 15:05:00 care	# after the present
	} | load_db
	c1=$(case_of s:1) c2=$(case_of s:2) c3=$(case_of s:3) c6=$(case_of s:6)
	alerts --format json
	[ "$status" -eq 1 ]
	eq "$(rows)" "{\"kind\":\"sla_breach\",\"dimension\":\"queue\",\"value\":\"care\",\"count\":2,\"baseline\":null,\"threshold\":null,\"cases\":\"$c1 $c2\"}
{\"kind\":\"sla_breach\",\"dimension\":\"queue\",\"value\":\"retention\",\"count\":1,\"baseline\":null,\"threshold\":null,\"cases\":\"$c6\"}
{\"kind\":\"sla_soon\",\"dimension\":\"queue\",\"value\":\"care\",\"count\":1,\"baseline\":null,\"threshold\":null,\"cases\":\"$c3\"}"
	eq "$(jqf -r .why)" "2 unanswered cases in queue care past their due time, the oldest 30m overdue (case $c1)
1 unanswered case in queue retention past its due time, the oldest 2h30m overdue (case $c6)
1 unanswered case in queue care due within 15m, the first in 10m (case $c3)"
	# max_cases bounds the ids; breach_soon 0 leaves the soon ones out
	mkdir -p "$BATS_TEST_TMPDIR/r"
	printf 'alerts:\n  sla: {breach_soon: 0, max_cases: 1}\n' > "$BATS_TEST_TMPDIR/r/report.yaml"
	alerts --format json --rules "$BATS_TEST_TMPDIR/r"
	[ "$status" -eq 1 ]
	eq "$(jqf -r .cases)" "$c1 (+1 more)
$c6"
}

@test "small counts never fire: 9 new leads are calm, the tenth fires" {
	{ background; gen l 0 9 '"channel":"twitter","class":{"reason":"lead","polarity":"positive","filter":null}'; } | load_db
	alerts --format json
	[ "$status" -eq 0 ]
	eq "$output" ""
	gen l2 0 1 '"channel":"twitter","class":{"reason":"lead","polarity":"positive","filter":null}' | load_db
	alerts --format json
	[ "$status" -eq 1 ]
	eq "$(rows)" '{"kind":"spike","dimension":"reason","value":"lead","count":10,"baseline":0,"threshold":10,"cases":null}'
}

@test "filtered messages are not counted unless filtered: true" {
	{ background; gen f 0 12 '"channel":"twitter","class":{"reason":"other","polarity":"neutral","filter":"spam"}'; } | load_db
	alerts --format json
	[ "$status" -eq 0 ]
	mkdir -p "$BATS_TEST_TMPDIR/r"
	printf 'alerts:\n  filtered: true\n  spike: {by: [reason]}\n' > "$BATS_TEST_TMPDIR/r/report.yaml"
	alerts --format json --rules "$BATS_TEST_TMPDIR/r"
	[ "$status" -eq 1 ]
	eq "$(rows)" '{"kind":"spike","dimension":"reason","value":"other","count":12,"baseline":0,"threshold":10,"cases":null}'
}

@test "a negative window below min_messages is calm; a new database has no usual for spikes" {
	gen n 0 19 "$COMPLAINT" | load_db
	alerts --format json
	[ "$status" -eq 0 ]
	eq "$output" ""
	alerts
	[[ "${output//$'\n'/ }" == *"(0 of 14 with data). Spikes not checked: 0 past windows with data, 3 needed. Calm: no alert fired."* ]]
	# the twentieth: 20 of 20, no usual share yet
	gen m 0 1 "$COMPLAINT" | load_db
	alerts --format json
	[ "$status" -eq 1 ]
	eq "$(rows)" '{"kind":"negative","dimension":"sentiment","value":"negative","count":20,"baseline":null,"threshold":8,"cases":null}'
	eq "$(jqf -r .why)" '20 of 20 inbound messages negative (100.0%) in the last 1h vs no usual share yet: fires at 8 (a share of at least 40.0%, with 20 messages or more)'
}

@test "--window: the last 30m against the same 30m of past days" {
	# 12 WhatsApp messages from 14:45:00 to 14:45:33
	{ background; gen w 0 12 '"channel":"whatsapp","class":{"reason":"question","polarity":"neutral","filter":null}' 2700; } | load_db
	# (the hour holds 33 questions: calm; the half hour 12, none usual)
	alerts --format json
	[ "$status" -eq 1 ]
	eq "$(rows)" '{"kind":"spike","dimension":"channel","value":"whatsapp","count":12,"baseline":0,"threshold":10,"cases":null}'
	alerts --format json --window 30m
	[ "$status" -eq 1 ]
	eq "$(rows)" '{"kind":"spike","dimension":"reason","value":"question","count":12,"baseline":0,"threshold":10,"cases":null}
{"kind":"spike","dimension":"channel","value":"whatsapp","count":12,"baseline":0,"threshold":10,"cases":null}'
	[[ "$(jqf -r 'select(.value == "whatsapp") | .why')" == "channel whatsapp: 12 messages in the last 30m vs 0.0 ± 0.0 usual"* ]]
	alerts --window 30m
	[[ "$output" == *"period: 2026-11-24T14:30:00Z to 2026-11-24T15:00:00Z"* ]]
	# the last 5 minutes hold none of them
	alerts --format json --window 5m
	[ "$status" -eq 0 ]
	eq "$output" ""
	run scs-report alerts --db "$DB" --window 2d
	[ "$status" -eq 64 ]
	run scs-report alerts --db "$DB" --window soon
	[ "$status" -eq 64 ]
	run scs-report alerts --db "$DB" --watch reason,colour
	[ "$status" -eq 64 ]
	[[ "$output" == *'--watch: unknown "colour"'* ]]
}

@test "bad alerts rules: file:line:column and exit 78" {
	load_db </dev/null
	R=$BATS_TEST_TMPDIR/r
	mkdir -p "$R"
	printf 'alerts:\n  window: 1h\n  spike:\n    ratio: 2\n    bogus: 1\n' > "$R/report.yaml"
	run scs-report alerts --db "$DB" --rules "$R"
	[ "$status" -eq 78 ]
	[[ "$output" == *"$R/report.yaml:5:12: alerts.spike: unknown key \"bogus\""* ]]
	printf 'alerts:\n  windw: 1h\n' > "$R/report.yaml"
	run scs-report alerts --db "$DB" --rules "$R"
	[ "$status" -eq 78 ]
	[[ "$output" == *"report.yaml:2:10: alerts: unknown key \"windw\""* ]]
	printf 'alerts:\n  spike:\n    by: [reason, colour]\n' > "$R/report.yaml"
	run scs-report alerts --db "$DB" --rules "$R"
	[ "$status" -eq 78 ]
	[[ "$output" == *"report.yaml:3:18: alerts.spike.by: expected reason, tag, channel, brand or queue"* ]]
	printf 'alerts:\n  window: 2d\n' > "$R/report.yaml"
	run scs-report alerts --db "$DB" --rules "$R"
	[ "$status" -eq 78 ]
	[[ "$output" == *"report.yaml:2:11: alerts: window: longer than baseline.step"* ]]
	printf 'alerts:\n  negative: {share: 40}\n' > "$R/report.yaml"
	run scs-report alerts --db "$DB" --rules "$R"
	[ "$status" -eq 78 ]
	[[ "$output" == *"report.yaml:2:21: alerts.negative.share: expected a number from 0 to 1"* ]]
	# the shipped alerts: section loads
	run scs-report alerts --db "$DB" --rules "$RULES" --now "$NOW"
	[ "$status" -eq 0 ]
}
