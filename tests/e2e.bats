#!/usr/bin/env bats
# End to end: scripts/gen-sample ops writes days of a contact center's
# operations in the channels' own payload formats, with the ground truth
# (which case each message belongs to, what each case became, the
# figures of the scorecard); the whole pipeline runs on them day by day,
# as cron would, and threading, the cases and the scorecard must be what
# the generator meant.

load helper

TAB=$(printf '\t')

# ingest DAY: each channel's payloads as scs-ingest reads them.
ingest() {
	local d=$1
	[ ! -s "$d/twitter.jsonl" ] ||
	    scs-ingest -f twitter-v2 --brand TelcoraAyuda "$d/twitter.jsonl" || return
	[ ! -s "$d/whatsapp.jsonl" ] ||
	    scs-ingest -f whatsapp "$d/whatsapp.jsonl" || return
	[ ! -s "$d/messenger.jsonl" ] ||
	    scs-ingest -f meta "$d/messenger.jsonl" || return
	[ ! -s "$d/telegram.jsonl" ] ||
	    scs-ingest -f telegram --brand TelcoraAyudaBot "$d/telegram.jsonl" || return
	[ ! -s "$d/email.mbox" ] ||
	    scs-ingest -f email --brand soporte@telcora.example "$d/email.mbox" || return
	[ ! -s "$d/chat.csv" ] ||
	    scs-ingest -f csv --set channel=chat --map id=message_id,thread.id=conversation_id,created_at=sent_at,direction=direction,author.id=visitor_id,author.name=visitor_name,agent=agent,lang=lang,text=text "$d/chat.csv"
}

# feed SPOOL DB: each day, messages then records, through the stages.
feed() {
	local sp=$1 db=$2 d
	scs-case --rules "$RULES" --db "$db" </dev/null || return
	for d in "$sp"/2*/; do
		(
			set -o pipefail
			{
				ingest "$d" || exit
				[ ! -s "$d/records.jsonl" ] || cat "$d/records.jsonl"
			} | scs-classify --rules "$RULES" |
			    scs-influence --rules "$RULES" |
			    scs-route --rules "$RULES" --db "$db" |
			    scs-case --rules "$RULES" --db "$db"
		) || return
	done
}

setup_file() {
	RULES=$(cd "$BATS_TEST_DIRNAME/../rules" && pwd)
	# Five days from a Monday, the campaign on the Wednesday.
	sh "$BATS_TEST_DIRNAME/../scripts/gen-sample" ops 5 11 \
	    "$BATS_FILE_TMPDIR/spool" 30
	feed "$BATS_FILE_TMPDIR/spool" "$BATS_FILE_TMPDIR/cases.db" \
	    > "$BATS_FILE_TMPDIR/out.jsonl" 2> "$BATS_FILE_TMPDIR/err"
	echo $? > "$BATS_FILE_TMPDIR/status"
}

setup() {
	RULES=$(cd "$BATS_TEST_DIRNAME/../rules" && pwd)
	SP=$BATS_FILE_TMPDIR/spool
	DB=$BATS_FILE_TMPDIR/cases.db
	T=$BATS_TEST_TMPDIR
	export SCS_RULES=$RULES
}

# expect KEY: a figure of the truth's "expect" line.
expect() {
	jq -c --arg k "$1" 'select(.type == "expect") | .[$k]' "$SP/truth.jsonl"
}

# The truth's and the database's message -> case, joined by message id:
# id, the generator's case ("-": none), the database's ("-": none).
joined() {
	jq -r 'select(.type == "message") | [.id, (.case // "-")] | @tsv' \
	    "$SP/truth.jsonl" | LC_ALL=C sort > "$T/truth.tsv"
	sqlite3 -separator "$TAB" "$DB" \
	    "SELECT id, coalesce(case_id, '-') FROM messages" |
	    LC_ALL=C sort > "$T/db.tsv"
	LC_ALL=C join -t "$TAB" -a1 -a2 -e MISSING -o 0,1.2,2.2 \
	    "$T/truth.tsv" "$T/db.tsv"
}

@test "gen-sample ops: a seed gives the same bytes, another seed other data; bad arguments are refused; the benchmark formats still work" {
	sh "$BATS_TEST_DIRNAME/../scripts/gen-sample" ops 3 11 "$T/a"
	sh "$BATS_TEST_DIRNAME/../scripts/gen-sample" ops 3 11 "$T/b"
	sh "$BATS_TEST_DIRNAME/../scripts/gen-sample" ops 3 12 "$T/c"
	diff -r "$T/a" "$T/b"
	! diff -rq "$T/a" "$T/c" >/dev/null
	eq "$(cd "$T/a" && LC_ALL=C ls | tr '\n' ' ')" "2026-11-02 2026-11-03 2026-11-04 README truth.jsonl "
	eq "$(cd "$T/a" && LC_ALL=C ls 2*/ | grep -v '^2' | LC_ALL=C sort -u | tr '\n' ' ')" \
	    " chat.csv email.mbox messenger.jsonl records.jsonl telegram.jsonl twitter.jsonl whatsapp.jsonl "
	run sh "$BATS_TEST_DIRNAME/../scripts/gen-sample" ops 3
	[ "$status" -eq 64 ]
	[[ "$output" == *"usage: gen-sample ops DAYS SEED OUTDIR"* ]]
	run sh "$BATS_TEST_DIRNAME/../scripts/gen-sample" ops 3 x "$T/d"
	[ "$status" -eq 64 ]
	run sh "$BATS_TEST_DIRNAME/../scripts/gen-sample" ops 3 1 "$T/d" 40 2026-11
	[ "$status" -eq 64 ]
	for f in twitter-v2 whatsapp meta telegram email; do
		sh "$BATS_TEST_DIRNAME/../scripts/gen-sample" "$f" 1 5 > "$T/$f.in"
		scs-ingest -f "$f" --brand MarcaAyuda "$T/$f.in" > /dev/null
	done
}

@test "scripts/bench --only classify runs that part alone and reports a ratio and peak RSS for each input; a bad part or option is refused" {
	run sh "$BATS_TEST_DIRNAME/../scripts/bench" --only classify,nope 1
	[ "$status" -eq 64 ]
	[[ "$output" == *'unknown part "nope"'* ]]
	run sh "$BATS_TEST_DIRNAME/../scripts/bench" --fast 1
	[ "$status" -eq 64 ]
	[[ "$output" == *"usage: bench"* ]]
	# Only whether it runs and what it prints: speed is never a test.
	SCS_INGEST=$(command -v scs-ingest) SCS_CLASSIFY=$(command -v scs-classify) \
	    run sh "$BATS_TEST_DIRNAME/../scripts/bench" --only classify 1
	[ "$status" -eq 0 ]
	[[ "$output" == *"rules loaded:"* ]]
	[ "$(printf '%s\n' "$output" | grep -c 'MB of messages: jq .* MB/s, scs-classify .* MB/s, ratio [0-9.]*x, peak RSS [0-9.]* MB$')" -eq 2 ]
	[[ "$output" != *"scs-ingest, input"* ]]
	[[ "$output" != *"mbox"* ]]
}

@test "the pipeline takes every day whole: nothing rejected, every generated message stored once" {
	eq "$(cat "$BATS_FILE_TMPDIR/status")" 0
	eq "$(cat "$BATS_FILE_TMPDIR/err")" ""
	joined > "$T/j.tsv"
	eq "$(grep -c MISSING "$T/j.tsv")" 0
	eq "$(sqlite3 "$DB" 'SELECT count(*) FROM messages')" \
	    "$(jq -c 'select(.type == "message")' "$SP/truth.jsonl" | wc -l)"
	eq "$(jq -c 'select(.type == "message")' "$SP/truth.jsonl" | wc -l)" \
	    "$(( $(expect in) + $(expect out) ))"
	# each channel in its own format, the brand's replies told apart
	eq "$(sqlite3 "$DB" "SELECT channel || ':' || sum(direction = 'in') || ':' || sum(direction = 'out') FROM messages GROUP BY channel" | tr '\n' ' ')" \
	    "$(jq -r 'select(.type == "message") | "\(.channel) \(.direction)"' "$SP/truth.jsonl" |
	    sort | awk '{ n[$1 ":" $2]++; c[$1] = 1 } END { for (k in c) print k ":" n[k ":in"] + 0 ":" n[k ":out"] + 0 }' | sort | tr '\n' ' ')"
	eq "$(sqlite3 "$DB" "SELECT count(DISTINCT channel) FROM messages WHERE direction = 'out'")" 6
	# every agent reply joined a case
	eq "$(sqlite3 "$DB" "SELECT count(*) FROM messages WHERE direction = 'out' AND case_id IS NULL")" 0
}

@test "threading: the messages the generator put in one case are in one case, no two of its cases share one, counted-only messages are in none" {
	joined | awk -F '\t' '
	    ($2 == "-") != ($3 == "-") { print "in a case or not:", $0; bad++; next }
	    $2 == "-" { next }
	    ($2 in g) && g[$2] != $3 { print "split:", $0, "and", g[$2]; bad++ }
	    ($3 in c) && c[$3] != $2 { print "merged:", $0, "with", c[$3]; bad++ }
	    { g[$2] = $3; c[$3] = $2 }
	    END { exit bad > 0 }'
	eq "$(sqlite3 "$DB" 'SELECT count(*) FROM cases')" "$(expect cases)"
	eq "$(sqlite3 "$DB" 'SELECT count(*) FROM messages WHERE case_id IS NULL')" \
	    "$(jq -c 'select(.type == "message" and .case == null)' "$SP/truth.jsonl" | wc -l)"
}

@test "each case as the generator left it: messages, replies, reopenings, status and outcome; the records all applied" {
	joined | awk -F '\t' '$2 != "-" { print $2 "\t" $3 }' | sort -u > "$T/map.tsv"
	jq -r 'select(.type == "case") | [.case, .messages, .replies, .reopens,
	    .status, (.outcome // "-")] | @tsv' "$SP/truth.jsonl" |
	    LC_ALL=C sort > "$T/tcases.tsv"
	LC_ALL=C sort "$T/map.tsv" | LC_ALL=C join -t "$TAB" - "$T/tcases.tsv" |
	    cut -f 2- | sort -n > "$T/want.tsv"
	sqlite3 -separator "$TAB" "$DB" "SELECT id, messages, replies, reopens,
	    status, coalesce(outcome, '-') FROM cases ORDER BY id" > "$T/got.tsv"
	diff "$T/want.tsv" "$T/got.tsv"
	eq "$(wc -l < "$T/got.tsv")" "$(expect cases)"
	eq "$(sqlite3 "$DB" 'SELECT sum(reopens) FROM cases')" "$(expect reopens)"
	eq "$(sqlite3 "$DB" "SELECT count(*) FROM cases WHERE status = 'resolved'")" "$(expect resolved)"
	eq "$(sqlite3 "$DB" 'SELECT count(*) FROM surveys')" "$(expect surveys)"
	eq "$(sqlite3 "$DB" 'SELECT count(*) FROM qa')" "$(expect qa_reviews)"
	eq "$(sqlite3 "$DB" 'SELECT count(*) FROM work')" "$(expect work)"
	eq "$(sqlite3 "$DB" 'SELECT count(*) FROM shifts')" "$(expect shifts)"
	# every record, named by message, was applied: one line of applied each
	eq "$(sqlite3 "$DB" 'SELECT count(*) FROM applied')" \
	    "$(cat "$SP"/2*/records.jsonl | wc -l)"
	# the agent the CRM assigned owns the case
	jq -r 'select(.type == "case" and .agent != null) | [.case, .agent] | @tsv' \
	    "$SP/truth.jsonl" | LC_ALL=C sort > "$T/tagent.tsv"
	LC_ALL=C sort "$T/map.tsv" | LC_ALL=C join -t "$TAB" - "$T/tagent.tsv" |
	    cut -f 2- | sort -n > "$T/want.tsv"
	sqlite3 -separator "$TAB" "$DB" "SELECT id, agent FROM cases
	    WHERE id IN ($(cut -f 1 "$T/want.tsv" | paste -sd ,)) ORDER BY id" > "$T/got.tsv"
	diff "$T/want.tsv" "$T/got.tsv"
}

@test "the scorecard shows the figures the generator knows: volume, first response, handling, FCR, backlog, CSAT, NPS, QA, filtered, occupancy" {
	local until
	until=$(jq -r 'select(.type == "expect") | .until' "$SP/truth.jsonl")
	scs-report --db "$DB" --rules "$RULES" --until "$until" --now "$until" \
	    --format json > "$T/report.jsonl"
	# [table, key, truth key] rows: the report's figure must be the
	# truth's (to 0.01: the report rounds to four decimals).
	jq -rn --slurpfile r "$T/report.jsonl" --slurpfile t "$SP/truth.jsonl" '
	    ($t | map(select(.type == "expect"))[0]) as $e
	    | def row($table): $r | map(select(.table == $table))[0];
	    def same($a; $b): if ($a | type) == "number" and ($b | type) == "number"
	        then (($a - $b) | fabs) < 0.01 else $a == $b end;
	    [ ["volume", "in"], ["volume", "out"], ["volume", "auto"],
	      ["volume", "filtered"], ["volume", "community"],
	      ["volume", "derived"], ["volume", "cases"],
	      ["volume", "messages_per_case"], ["response", "openings"],
	      ["response", "answered"], ["response", "frt_mean_s"],
	      ["handling", "resolved"], ["handling", "fcr_pct"],
	      ["handling", "reopen_pct"], ["handling", "escalated_pct"],
	      ["handling", "favorable_pct"], ["handling", "aht_mean_s"],
	      ["backlog", "open"], ["backlog", "waiting"],
	      ["satisfaction", "surveys"], ["satisfaction", "csat_mean"],
	      ["satisfaction", "csat_4_5_pct"], ["satisfaction", "nps"],
	      ["satisfaction", "response_pct"], ["satisfaction", "qa_reviews"],
	      ["satisfaction", "qa_mean"], ["satisfaction", "qa_compliance_pct"] ]
	    | .[] | . as [$table, $k]
	    | (row($table)[$k]) as $got
	    | "\(if same($got; $e[$k]) then "ok" else "WRONG" end) \($table).\($k): report \($got) truth \($e[$k])"' \
	    > "$T/cmp.txt"
	cat "$T/cmp.txt"
	eq "$(grep -c '^ok' "$T/cmp.txt")" 27
	# the figures are not trivial
	[ "$(expect reopens)" -gt 0 ]
	[ "$(expect derived)" -gt 0 ]
	[ "$(expect surveys)" -gt 10 ]
	awk -v v="$(expect fcr_pct)" 'BEGIN { exit !(v > 0 && v < 100) }'
	# filtered messages by kind
	eq "$(jq -c 'select(.table == "filtered") | {(.filter): .messages}' "$T/report.jsonl" | jq -sc 'add')" \
	    "$(expect filtered_by | jq -c 'to_entries | sort_by(.key) | from_entries')"
	# occupancy: each agent's work and shifts
	eq "$(jq -c 'select(.table == "occupancy") | [.agent, .handled_s, .staffed_s]' "$T/report.jsonl" | sort)" \
	    "$(jq -c 'select(.type == "agent") | [.agent, .handled_s, .staffed_s]' "$SP/truth.jsonl" | sort)"
}

@test "feeding the same days again changes nothing" {
	cp "$DB" "$T/again.db"
	sqlite3 "$DB" 'SELECT * FROM cases ORDER BY id' > "$T/before"
	feed "$SP" "$T/again.db" > /dev/null
	sqlite3 "$T/again.db" 'SELECT * FROM cases ORDER BY id' > "$T/after"
	diff "$T/before" "$T/after"
	eq "$(sqlite3 "$T/again.db" 'SELECT (SELECT count(*) FROM messages) || " " || (SELECT count(*) FROM case_events) || " " || (SELECT count(*) FROM surveys) || " " || (SELECT count(*) FROM work)')" \
	    "$(sqlite3 "$DB" 'SELECT (SELECT count(*) FROM messages) || " " || (SELECT count(*) FROM case_events) || " " || (SELECT count(*) FROM surveys) || " " || (SELECT count(*) FROM work)')"
}
