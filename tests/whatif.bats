#!/usr/bin/env bats
# scripts/scs-whatif: changed rules replayed over the messages stored in a
# case database, without touching it.

load helper

WHATIF=$BATS_TEST_DIRNAME/../scripts/scs-whatif

# One database for the file: the labeled fixture through the whole
# pipeline, as cron runs it (scs-route reads the database scs-case writes).
setup_file() {
	local rules db
	rules=$(cd "$BATS_TEST_DIRNAME/../rules" && pwd)
	db=$BATS_FILE_TMPDIR/cases.db
	scs-case --rules "$rules" --db "$db" </dev/null
	scs-classify --rules "$rules" "$FIX/classify/scs-labeled.jsonl" |
	    scs-influence --rules "$rules" |
	    scs-route --rules "$rules" --db "$db" |
	    scs-case --rules "$rules" --db "$db" >/dev/null
}

setup() {
	RULES=$(cd "$BATS_TEST_DIRNAME/../rules" && pwd)
	DB=$BATS_FILE_TMPDIR/cases.db
	NEW=$BATS_TEST_TMPDIR/rules
	cp -r "$RULES" "$NEW"
	SUM=$(sha256sum < "$DB")
}

# The database file is byte for byte what it was.
untouched() {
	eq "$(sha256sum < "$DB")" "$SUM"
}

# field FIELD: "changed from>to:n ..." of FIELD in the --json output.
field() {
	jqf -r --arg f "$1" '.fields[] | select(.field == $f)
	    | "\(.changed) " + ([.changes[] | "\(.from)>\(.to):\(.messages)"] | join(" "))'
}

@test "--help, --version, usage errors" {
	run "$WHATIF" --help
	[ "$status" -eq 0 ]
	[[ "$output" == *"usage: scs-whatif --rules NEWDIR --db FILE"* ]]
	[[ "$output" == *"--exit-code"* ]]
	run "$WHATIF" --version
	[[ "$output" =~ ^scs-whatif\ [0-9] ]]
	run "$WHATIF" --db "$DB"
	[ "$status" -eq 64 ]
	[[ "$output" == *"--rules NEWDIR is required"* ]]
	run "$WHATIF" --rules "$NEW" --db "$DB" --bogus
	[ "$status" -eq 64 ]
	run "$WHATIF" --rules "$NEW" --db "$DB" extra
	[ "$status" -eq 64 ]
	run "$WHATIF" --rules "$NEW" --db "$DB" --examples x
	[ "$status" -eq 64 ]
	run "$WHATIF" --rules "$NEW" --db "$DB" --tz ../../etc/passwd
	[ "$status" -eq 64 ]
	run "$WHATIF" --rules "$NEW/route.yaml" --db "$DB"
	[ "$status" -eq 64 ]
	untouched
}

@test "unchanged rules: every message replayed, nothing would change" {
	run_split "$WHATIF" --rules "$NEW" --db "$DB" --json --exit-code
	[ "$status" -eq 0 ]
	eq "$(jqf -c '[.messages, .changed, .unchanged, .rejected]')" '[450,0,450,0]'
	eq "$(jqf -c '[.fields[] | .changed] | add')" 0
	eq "$(jqf -c '[.fields[] | .field]')" \
	    '["reason","action","filter","tier","queue","priority","sla_s"]'
	run_split "$WHATIF" --rules "$NEW" --db "$DB"
	[ "$status" -eq 0 ]
	[[ "$output" == *"450 messages replayed from"*"0 would change, 450 would not"* ]]
	[[ "$output" != *"changes ("* ]]
	untouched
}

@test "a keyword sent to another queue: exact counts, the rules responsible, examples" {
	sed -i 's/then: {set: {route.queue: retention}, why: "kw:baja->retention"}/then: {set: {route.queue: review}, why: "kw:baja->review"}/' \
	    "$NEW/route.yaml"
	grep -q 'kw:baja->review' "$NEW/route.yaml"
	run_split "$WHATIF" --rules "$NEW" --db "$DB" --json --examples 2
	[ "$status" -eq 0 ]
	# every message that was in retention moves to review, which is P1
	eq "$(sqlite3 -readonly "$DB" "SELECT count(*) FROM messages WHERE queue = 'retention'")" 27
	eq "$(jqf -c '[.messages, .changed, .unchanged]')" '[450,27,423]'
	eq "$(field queue)" "27 retention>review:27"
	eq "$(field priority)" "27 2>1:27"
	for f in reason action filter tier sla_s; do
		eq "$(field $f)" "0 "
	done
	# the rules by id: the one that now decides and the one that no longer does
	eq "$(jqf -c '.fields[] | select(.field == "queue") | .changes[0].why')" \
	    '[{"entry":"kw:baja->review","sign":"+","rules":["queue/baja-to-retention"],"messages":27},{"entry":"kw:baja->retention","sign":"-","rules":["queue/baja-to-retention"],"messages":27}]'
	eq "$(jqf -c '.fields[] | select(.field == "priority") | [.changes[0].why[] | .sign + .rules[0]]')" \
	    '["+priority/review-first","-priority/cancellation"]'
	eq "$(jqf -c '.fields[] | select(.field == "queue") | .changes[0].examples | length')" 2
	eq "$(jqf -c '.fields[] | select(.field == "queue") | .changes[0].examples[0] | [.id, .changes]')" \
	    '["facebook:104200000000_900071",{"queue":{"from":"retention","to":"review"},"priority":{"from":2,"to":1}}]'
	[[ "$(jqf -r '.fields[] | select(.field == "queue") | .changes[0].examples[0].text')" == *"me dieron de baja la linea"* ]]
	# the text report says the same
	run_split "$WHATIF" --rules "$NEW" --db "$DB" --examples 1
	[ "$status" -eq 0 ]
	[[ "$output" == *"27 would change, 423 would not"* ]]
	[[ "$output" == *'queue: retention -> review  27  [+baja-to-retention "kw:baja->review" 27, -baja-to-retention "kw:baja->retention" 27]'* ]]
	[[ "$output" == *'priority: 2 -> 1  27  [+review-first "review->P1" 27, -cancellation "retention->P2" 27]'* ]]
	[[ "$output" == *"queue retention -> review: facebook:104200000000_900071 2026-11-20T14:57:30Z"* ]]
	# --exit-code: 1 when something would change
	run "$WHATIF" --rules "$NEW" --db "$DB" --exit-code --examples 0
	[ "$status" -eq 1 ]
	untouched
}

@test "a word marked as spam: filter, action, reason and route change together" {
	sed -i 's/^        viagra\]}/        viagra, factura]}/' \
	    "$NEW/classify.yaml"
	run_split "$WHATIF" --rules "$NEW" --db "$DB" --json --examples 1
	[ "$status" -eq 0 ]
	eq "$(jqf -c '[.messages, .changed]')" '[450,20]'
	eq "$(field filter)" "20 null>spam:18 repeated>spam:2"
	eq "$(field action)" "18 respond_private>count_only:9 respond>count_only:7 review>count_only:2"
	eq "$(field reason)" "19 complaint>other:11 question>other:3 request>other:2 suggestion>other:2 praise>other:1"
	eq "$(field queue)" "18 care>null:18"
	eq "$(field priority)" "18 3>null:9 2>null:6 4>null:3"
	eq "$(field tier)" "0 "
	eq "$(jqf -c '.fields[] | select(.field == "filter") | [.changes[0].why[] | .sign + .rules[0]]')" \
	    '["+filters/spam-bait","-rules/community-answer"]'
	eq "$(jqf -c '.fields[] | select(.field == "action") | [.changes[0].why[] | .sign + .rules[0]]')" \
	    '["+actions/filtered","-actions/private","-actions/public-complaint","-rules/community-answer"]'
	untouched
}

@test "--since and --until: the period's messages only; days in --tz" {
	run_split "$WHATIF" --rules "$NEW" --db "$DB" --json \
	    --since 2026-11-20T15:00:00Z --until 2026-11-20T18:00:00Z
	[ "$status" -eq 0 ]
	eq "$(sqlite3 -readonly "$DB" "SELECT count(*) FROM messages WHERE created_at >= '2026-11-20T15:00:00Z' AND created_at < '2026-11-20T18:00:00Z'")" 72
	eq "$(jqf -c '[.since, .until, .messages, .changed]')" \
	    '["2026-11-20T15:00:00Z","2026-11-20T18:00:00Z",72,0]'
	# an offset, a day in a zone
	run_split "$WHATIF" --rules "$NEW" --db "$DB" --json \
	    --since 2026-11-20T12:00:00-03:00 --until 2026-11-21 --tz America/Argentina/Buenos_Aires
	[ "$status" -eq 0 ]
	eq "$(jqf -c '[.since, .until]')" '["2026-11-20T15:00:00Z","2026-11-21T03:00:00Z"]'
	# nothing in the period
	run_split "$WHATIF" --rules "$NEW" --db "$DB" --json --since 2027-01-01
	[ "$status" -eq 0 ]
	eq "$(jqf -c '[.messages, .changed]')" '[0,0]'
	untouched
}

@test "a bad --since or --until is a usage error (64), never SQL" {
	for t in yesterday 2026-13-01 2026-02-30 2026-11-20T25:00:00Z 20261120 \
	    "2026-11-20 10:00" "2026-11-20T10:00:00" "" \
	    "2026-11-20' OR 1=1 --" "2026-11-20'; DROP TABLE messages; --" \
	    "$(printf '2026-11-20\n2026-11-21')"; do
		run "$WHATIF" --rules "$NEW" --db "$DB" --since "$t"
		[ "$status" -eq 64 ] || { echo "--since '$t': $status"; false; }
		[[ "$output" == *"--since: not a day or an RFC 3339 time"* ]]
	done
	run "$WHATIF" --rules "$NEW" --db "$DB" --until 2026-11-32
	[ "$status" -eq 64 ]
	run "$WHATIF" --rules "$NEW" --db "$DB" --since
	[ "$status" -eq 64 ]
	untouched
	eq "$(sqlite3 -readonly "$DB" "SELECT count(*) FROM messages")" 450
}

@test "a missing or foreign database is 66; refused rules are 78" {
	run "$WHATIF" --rules "$NEW" --db "$BATS_TEST_TMPDIR/none.db"
	[ "$status" -eq 66 ]
	[[ "$output" == *"none.db: no such readable database"* ]]
	[ ! -e "$BATS_TEST_TMPDIR/none.db" ]
	run "$WHATIF" --rules "$NEW" --db "$FIX/classify/scs-labeled.jsonl"
	[ "$status" -eq 66 ]
	[[ "$output" == *"not an scs-case database"* ]]
	sqlite3 "$BATS_TEST_TMPDIR/other.db" "CREATE TABLE t (x)"
	run "$WHATIF" --rules "$NEW" --db "$BATS_TEST_TMPDIR/other.db"
	[ "$status" -eq 66 ]
	echo 'bogus_key: 1' >> "$NEW/route.yaml"
	run "$WHATIF" --rules "$NEW" --db "$DB"
	[ "$status" -eq 78 ]
	[[ "$output" == *"route.yaml:"*"bogus_key"* ]]
	untouched
}

@test "a stored record a stage refuses is counted as rejected, exit 65" {
	cp "$DB" "$BATS_TEST_TMPDIR/copy.db"
	DB=$BATS_TEST_TMPDIR/copy.db
	sqlite3 "$DB" "INSERT INTO messages (id, direction, record, stored_at) VALUES ('chat:x', 'in', '{\"type\":\"message\",\"id\":\"chat:x\",\"channel\":\"chat\",\"direction\":\"in\",\"created_at\":\"yesterday\",\"text\":\"hola\"}', '2026-11-22T00:00:00Z')"
	# and a line that is not JSON at all (a damaged row): the query goes on
	sqlite3 "$DB" "INSERT INTO messages (id, direction, record, stored_at) VALUES ('chat:y', 'in', '{\"id\":\"chat:y\",', '2026-11-22T00:00:00Z')"
	SUM=$(sha256sum < "$DB")
	run_split "$WHATIF" --rules "$NEW" --db "$DB" --json
	[ "$status" -eq 65 ]
	eq "$(jqf -c '[.messages, .changed, .rejected]')" '[450,0,2]'
	[[ "$stderr" == *"created_at"* ]]
	untouched
}
