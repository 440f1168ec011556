#!/usr/bin/env bats
# scripts/scs-pipeline, the cron entry point: a spool of two formats into
# the database, rejects per stage, a failed stage keeps the batch, a file
# scs-ingest cannot take is set aside, the lock (skip and wait), usage
# errors, and kill -9 at many points with every message stored once.

load helper

setup() {
	T=$(mktemp -d)
	RULES=$(cd "$BATS_TEST_DIRNAME/../rules" && pwd)
	P=$(cd "$BATS_TEST_DIRNAME/../scripts" && pwd)/scs-pipeline
	DB=$T/db/cases.db
	mkdir -p "$T/db" "$T/spool"
	export TMPDIR=$T/tmp
	mkdir -p "$TMPDIR"
}

teardown() {
	exec 8>&- || :
	rm -rf "$T"
}

# pipe [ARG...]: the pipeline on $T/spool into $DB, logging to $T/log.
pipe() {
	"$P" --bin "$SCS_BIN" --rules "$RULES" --db "$DB" --log "$T/log" "$@"
}

# q SQL: one value from the database.
q() {
	sqlite3 "$DB" "$1"
}

# files DIR: how many files are under DIR.
files() {
	if [ -d "$1" ]; then find "$1" -type f | wc -l; else echo 0; fi
}

# wa_spool DIR FILES PER: FILES WhatsApp webhook files of PER messages
# each, one customer per file, in DIR/whatsapp (names with spaces).
wa_spool() {
	local i=0 line
	mkdir -p "$1/whatsapp"
	jq -c --argjson n "$2" --argjson per "$3" '
	    . as $t | range(1; $n + 1) as $f
	    | ("54934155" + ($f + 7000 | tostring)) as $wa
	    | $t | .entry[0].changes[0].value |= (
	        .contacts[0].wa_id = $wa
	        | .messages = [range($per) as $k | .messages[0]
	            | .id = "wamid.P\($f)-\($k)" | .from = $wa
	            | .timestamp = "\(1764000000 + $f * 600 + $k * 30)"
	            | .text.body = "consulta \($k) del cliente \($f)"])' \
	    "$FIX/pipeline/wa-message.json" |
	while IFS= read -r line; do
		i=$((i + 1))
		printf '%s\n' "$line" > "$1/whatsapp/batch $i.json"
	done
}

# The normal spool: two Twitter v2 files and two e-mails, all clean.
two_formats() {
	mkdir -p "$T/spool/twitter-v2" "$T/spool/email"
	cp "$FIX/twitter-v2/twarc2_geo_places.jsonl" \
	    "$FIX/twitter-v2/search_recent_docs_example.json" \
	    "$T/spool/twitter-v2/"
	cp "$FIX/email/messages/plain-apple-lf.eml" \
	    "$T/spool/email/first message.eml"
	cp "$FIX/email/messages/reply-gmail-on-wrote.eml" "$T/spool/email/"
}

@test "pipeline: --help, and usage errors exit 64" {
	run "$P" --help
	[ "$status" -eq 0 ]
	[[ "$output" == *"--spool DIR"* ]]
	run "$P" --spool "$T/spool"
	[ "$status" -eq 64 ]
	[[ "$output" == *"no database"* ]]
	run "$P" --db "$DB"
	[ "$status" -eq 64 ]
	[[ "$output" == *"nothing to do"* ]]
	run "$P" --db "$DB" --spool "$T/spool" --frobnicate
	[ "$status" -eq 64 ]
	[[ "$output" == *"unknown option '--frobnicate'"* ]]
	run "$P" --db "$DB" --spool "$T/spool" --wait soon
	[ "$status" -eq 64 ]
	run "$P" --db "$DB" --spool "$T/spool" -f email
	[ "$status" -eq 64 ]
	run "$P" --db "$DB" -f tweets x.json
	[ "$status" -eq 64 ]
	[[ "$output" == *"unknown format 'tweets'"* ]]
	run "$P" --db "$DB" --spool "$T/spool" x.json
	[ "$status" -eq 64 ]
	run "$P" --db "$DB" --spool
	[ "$status" -eq 64 ]
	[[ "$output" == *"--spool needs an argument"* ]]
	[ ! -e "$DB" ]
}

@test "pipeline: a missing database folder or spool is a clear error" {
	two_formats
	run "$P" --bin "$SCS_BIN" --spool "$T/spool" --db "$T/nowhere/cases.db"
	[ "$status" -eq 73 ]
	eq "$output" "scs-pipeline: $T/nowhere/cases.db: cannot create the database: no directory $T/nowhere"
	eq "$(files "$T/spool")" 4
	[ ! -e "$T/spool/processing" ]
	run "$P" --bin "$SCS_BIN" --spool "$T/none" --db "$DB"
	[ "$status" -eq 66 ]
	[[ "$output" == *"$T/none: cannot open the spool"* ]]
	run "$P" --bin "$T/nobin" --spool "$T/spool" --db "$DB"
	[ "$status" -eq 78 ]
	: > "$T/afile"
	run "$P" --bin "$SCS_BIN" --spool "$T/spool" --db "$DB" \
	    --rejects "$T/afile/rejects"
	[ "$status" -eq 73 ]
	eq "$output" "scs-pipeline: $T/afile/rejects: cannot create the rejects folder"
	run "$P" --bin "$SCS_BIN" --spool "$T/spool" --db "$DB" \
	    --log "$T/afile/log"
	[ "$status" -eq 73 ]
	eq "$(files "$T/spool")" 4
}

@test "pipeline: a spool of two formats goes into the database and done/, one log line" {
	two_formats
	run pipe --spool "$T/spool"
	[ "$status" -eq 0 ]
	eq "$output" ""
	eq "$(q 'SELECT count(*) FROM messages')" 8
	eq "$(q "SELECT count(*) FROM messages WHERE channel = 'email'")" 2
	eq "$(files "$T/spool/done")" 4
	[ -f "$T/spool/done/email/first message.eml" ]
	[ -f "$T/spool/done/twitter-v2/twarc2_geo_places.jsonl" ]
	eq "$(files "$T/spool/processing")" 0
	eq "$(files "$T/spool/email")" 0
	eq "$(wc -l < "$T/log")" 1
	run cat "$T/log"
	[[ "$output" =~ ^20[0-9-]+T[0-9:]+Z\ scs-pipeline\ status=0\ files=4\ formats=email:2,twitter-v2:2\ ingest=8\ classify=8\ influence=8\ route=8\ case=8\ rejected=0\ committed=4\ kept=0\ failed=0\ seconds=[0-9]+$ ]]
	# Nothing rejected, no rejects file.
	eq "$(files "$T/db/rejects")" 0

	# Nothing new: a short line.  The same files again: nothing changes.
	run pipe --spool "$T/spool"
	[ "$status" -eq 0 ]
	[[ "$(tail -n 1 "$T/log")" == *" status=0 files=0 ingest=0 "*"case=0 rejected=0 committed=0 "* ]]
	two_formats
	run pipe --spool "$T/spool" --delete
	[ "$status" -eq 0 ]
	eq "$(q 'SELECT count(*) FROM messages')" 8
	eq "$(files "$T/spool/done")" 4
	eq "$(files "$T/spool")" 4
	eq "$(wc -l < "$T/log")" 3
}

@test "pipeline: rejects of each stage in their own file, exit 65, the file is done" {
	mkdir -p "$T/spool/scs" "$T/spool/whatsapp"
	cp "$FIX/pipeline/chat.jsonl" "$T/spool/scs/"
	cp "$FIX/whatsapp/own_wa_mixed.json" "$T/spool/whatsapp/"
	run pipe --spool "$T/spool" --rejects "$T/rejects"
	[ "$status" -eq 65 ]
	line=$(cat "$T/log")
	[[ "$line" == *" status=65 files=2 formats=scs:1,whatsapp:1 ingest=6 "* ]]
	[[ "$line" == *" case=5 rejected=ingest:5,case:1 committed=2 kept=0 "* ]]
	stamp=${line%% *}
	eq "$(ls "$T/rejects" | tr '\n' ' ')" "$stamp.case.jsonl $stamp.ingest.jsonl "
	eq "$(wc -l < "$T/rejects/$stamp.ingest.jsonl")" 5
	run jq -r '.tool + " " + .reason' "$T/rejects/$stamp.case.jsonl"
	eq "$output" 'scs-case an inbound message without "author.id"'
	eq "$(q 'SELECT count(*) FROM messages')" 5
	eq "$(files "$T/spool/done")" 2
}

@test "pipeline: a stage that fails keeps the batch in processing; the next run takes it" {
	two_formats
	cp -r "$RULES" "$T/rules"
	printf 'bogus_key: 1\n' >> "$T/rules/route.yaml"
	run "$P" --bin "$SCS_BIN" --rules "$T/rules" --db "$DB" --log "$T/log" \
	    --spool "$T/spool"
	[ "$status" -eq 78 ]
	[[ "$output" == *'unknown key "bogus_key"'* ]]
	[[ "$output" == *"4 files kept in $T/spool/processing for the next run"* ]]
	[[ "$(cat "$T/log")" == *" status=78 files=4 "*" ingest=8 classify=8 influence=8 rejected=0 committed=0 kept=4 failed=0 seconds="*" stage=route error=\""*"bogus_key"* ]]
	eq "$(q 'SELECT count(*) FROM messages')" 0
	eq "$(files "$T/spool/processing")" 4
	run pipe --spool "$T/spool"
	[ "$status" -eq 0 ]
	[[ "$(tail -n 1 "$T/log")" == *" status=0 files=4 formats=email:2,twitter-v2:2 recovered=4 ingest=8 "* ]]
	eq "$(q 'SELECT count(*) FROM messages')" 8
	eq "$(files "$T/spool/done")" 4
	eq "$(files "$T/spool/processing")" 0
}

@test "pipeline: a stage dying mid-stream is the failure named, not the stages cut off before it" {
	mkdir -p "$T/bin"
	for t in ingest classify influence case; do
		ln -s "$SCS_BIN/scs-$t" "$T/bin/"
	done
	# scs-route that takes one line and dies: scs-influence, still
	# writing (more than a pipe holds), finds its pipe closed.
	cat > "$T/bin/scs-route" <<-EOF
	#!/bin/sh
	head -n 1 >/dev/null
	echo "scs-route: internal error: boom" >&2
	exit 70
	EOF
	chmod +x "$T/bin/scs-route"
	wa_spool "$T/spool" 20 50
	run "$P" --bin "$T/bin" --rules "$RULES" --db "$DB" --log "$T/log" \
	    --spool "$T/spool"
	[ "$status" -eq 70 ]
	[[ "$output" == *"boom"* ]]
	[[ "$output" != *"scs-influence"* ]]
	[[ "$(cat "$T/log")" == *" status=70 files=20 "*" ingest=1000 classify=1000 influence=1000 rejected=0 committed=0 kept=20 "*" stage=route error=\"scs-route: internal error: boom\""* ]]
	eq "$(files "$T/spool/processing")" 20
	run pipe --spool "$T/spool"
	[ "$status" -eq 0 ]
	[[ "$(tail -n 1 "$T/log")" == *" recovered=20 ingest=1000 "*" case=1000 "* ]]
	eq "$(q 'SELECT count(*) FROM messages')" 1000
	eq "$(files "$T/spool/done")" 20
}

@test "pipeline: a file scs-ingest cannot take is set aside in failed/, the rest goes on" {
	mkdir -p "$T/bin"
	for t in classify influence route case; do
		ln -s "$SCS_BIN/scs-$t" "$T/bin/"
	done
	cat > "$T/bin/scs-ingest" <<-EOF
	#!/bin/sh
	for a; do case \$a in *poison*) echo "scs-ingest: \$a: Permission denied" >&2; exit 66 ;; esac; done
	exec "$SCS_BIN/scs-ingest" "\$@"
	EOF
	chmod +x "$T/bin/scs-ingest"
	wa_spool "$T/spool" 3 2
	mv "$T/spool/whatsapp/batch 2.json" "$T/spool/whatsapp/poison 2.json"
	run "$P" --bin "$T/bin" --rules "$RULES" --db "$DB" --log "$T/log" \
	    --spool "$T/spool"
	[ "$status" -eq 66 ]
	[[ "$output" == *"poison 2.json: set aside in $T/spool/failed/whatsapp"* ]]
	[ -f "$T/spool/failed/whatsapp/poison 2.json" ]
	eq "$(files "$T/spool/done")" 2
	eq "$(q 'SELECT count(*) FROM messages')" 4
	[[ "$(cat "$T/log")" == *" status=66 files=3 "*" case=4 "*" committed=2 kept=0 failed=1 "*" stage=ingest error=\""*"Permission denied\"" ]]
}

@test "pipeline: files named with -f go in and stay where they are" {
	run "$P" --bin "$SCS_BIN" --rules "$RULES" --db "$DB" -f whatsapp \
	    "$FIX/pipeline/wa-message.json"
	[ "$status" -eq 0 ]
	[[ "$output" == *" scs-pipeline status=0 files=1 ingest=1 "*" case=1 rejected=0 seconds="* ]]
	eq "$(q 'SELECT id FROM messages')" whatsapp:wamid.PIPE0001
	[ -f "$FIX/pipeline/wa-message.json" ]
	# A file that cannot be opened: the others go in, exit 66.
	cp "$FIX/whatsapp/own_wa_mixed.json" "$T/more.json"
	run "$P" --bin "$SCS_BIN" --rules "$RULES" --db "$DB" --log "$T/log" \
	    "$T/none.json" "$T/more.json"
	[ "$status" -eq 66 ]
	[[ "$output" == *"$T/none.json: No such file or directory"* ]]
	[[ "$(cat "$T/log")" == *" status=66 files=2 ingest=4 "*" case=4 rejected=ingest:4 seconds="*" stage=ingest error="* ]]
	eq "$(q 'SELECT count(*) FROM messages')" 5
}

@test "pipeline: --max-files leaves the rest for the next run" {
	wa_spool "$T/spool" 5 1
	run pipe --spool "$T/spool" --max-files 2
	[ "$status" -eq 0 ]
	[[ "$(cat "$T/log")" == *" files=2 "*" committed=2 kept=0 failed=0 deferred=3 "* ]]
	eq "$(files "$T/spool/whatsapp")" 3
	eq "$(q 'SELECT count(*) FROM messages')" 2
}

@test "pipeline: the lock: --skip logs and exits 0, --wait times out with 75 or waits its turn" {
	wa_spool "$T/spool" 2 1
	LOCK=$T/db/cases.db.pipeline.lock
	nl=$'\n'
	: >> "$LOCK"
	exec 8>> "$LOCK"
	flock -n 8
	run pipe --spool "$T/spool"
	[ "$status" -eq 0 ]
	[[ "$(cat "$T/log")" =~ ^[^\ ]+\ scs-pipeline\ status=0\ skipped=locked\ seconds=[0-9]+$ ]]
	eq "$(files "$T/spool/whatsapp")" 2
	run pipe --spool "$T/spool" --wait 1
	[ "$status" -eq 75 ]
	[[ "$(tail -n 1 "$T/log")" == *" status=75 skipped=lock-timeout seconds="*" error=\"another run held $LOCK for 1s\"" ]]
	eq "$(files "$T/spool/whatsapp")" 2
	[ ! -e "$DB" ]
	exec 8>&-

	# A run holding the lock for a second: the next waits, then runs.
	flock "$LOCK" sh -c "sleep 1; echo holder >> '$T/order'" &
	for i in $(seq 1 100); do
		flock -n "$LOCK" true || break
		sleep 0.01
	done
	run pipe --spool "$T/spool" --wait 20 --lock "$LOCK"
	[ "$status" -eq 0 ]
	echo pipeline >> "$T/order"
	wait
	eq "$(cat "$T/order")" "holder${nl}pipeline"
	[[ "$(tail -n 1 "$T/log")" == *" status=0 files=2 "* ]]
	eq "$(q 'SELECT count(*) FROM messages')" 2
}

@test "pipeline: killed with -9 at many points, every spool message is stored exactly once" {
	wa_spool "$T/spool" 40 5
	cp -r "$T/spool" "$T/clean"
	# Kills after fixed sleeps from 0 to 115 ms (a run of 6 files takes
	# some 120 ms, more with sanitizers or a busy machine), in a
	# scrambled but fixed order, until 12 have landed on a running
	# pipeline or the spool is done: how many land depends on the
	# machine's speed, what is checked below does not.
	kills=0
	attempts=0
	while [ "$kills" -lt 12 ] && [ "$attempts" -lt 96 ] &&
	    { [ "$(files "$T/spool/whatsapp")" -gt 0 ] ||
	    [ "$(files "$T/spool/processing")" -gt 0 ]; }; do
		set -- 65 10 95 40 0 115 55 25 85 5 70 105 30 50 110 15 80 \
		    35 100 60 20 90 45 75
		shift $((attempts % 24))
		ms=$1
		attempts=$((attempts + 1))
		setsid "$P" --bin "$SCS_BIN" --rules "$RULES" --db "$DB" \
		    --log "$T/log" --spool "$T/spool" --max-files 6 \
		    2>/dev/null &
		pid=$!
		sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
		if kill -9 -- "-$pid" 2>/dev/null; then kills=$((kills + 1)); fi
		wait "$pid" || :
	done
	echo "kills: $kills of $attempts"
	[ "$kills" -ge 3 ]
	# Then run until the spool is empty.
	for i in $(seq 1 20); do
		pipe --spool "$T/spool" --max-files 6 || [ $? -eq 65 ]
		[ "$(files "$T/spool/whatsapp")" -gt 0 ] ||
		    [ "$(files "$T/spool/processing")" -gt 0 ] || break
	done
	eq "$(files "$T/spool/whatsapp")" 0
	eq "$(files "$T/spool/processing")" 0
	eq "$(files "$T/spool/done")" 40
	# The work folders the killed runs left are gone.
	eq "$(ls "$TMPDIR")" ""
	# Some killed run left files in processing for a later one to take.
	grep -q ' recovered=' "$T/log"
	# Every message once: 200 rows, 200 ids, the ids expected.
	eq "$(q 'SELECT count(*), count(DISTINCT id) FROM messages')" "200|200"
	q 'SELECT id FROM messages ORDER BY id' > "$T/got"
	for f in $(seq 1 40); do for k in 0 1 2 3 4; do
		echo "whatsapp:wamid.P$f-$k"
	done; done | sort > "$T/want"
	diff "$T/want" "$T/got"
	# And threaded as one uninterrupted run threads them: the same cases
	# (as groups of messages) and the same case history.
	groups='SELECT group_concat(id) FROM
	    (SELECT id, case_id FROM messages ORDER BY id) GROUP BY case_id
	    ORDER BY 1'
	q "$groups" > "$T/groups.killed"
	q 'SELECT count(*) FROM cases' > "$T/n.killed"
	q 'SELECT op, count(*) FROM case_events GROUP BY op' >> "$T/n.killed"
	DB=$T/db/clean.db
	pipe --spool "$T/clean" --max-files 6 --lock "$T/clean.lock"
	while [ "$(files "$T/clean/whatsapp")" -gt 0 ]; do
		pipe --spool "$T/clean" --max-files 6 --lock "$T/clean.lock"
	done
	q "$groups" > "$T/groups.clean"
	q 'SELECT count(*) FROM cases' > "$T/n.clean"
	q 'SELECT op, count(*) FROM case_events GROUP BY op' >> "$T/n.clean"
	diff "$T/groups.clean" "$T/groups.killed"
	diff "$T/n.clean" "$T/n.killed"
}

@test "pipeline: a csv folder takes its field mapping from its .map.yaml" {
	mkdir -p "$T/spool/csv"
	cp "$FIX/generic/sms-gateway.csv" "$T/spool/csv/"
	cat > "$T/spool/csv/.map.yaml" <<-EOF
	map:
	  id: msg_id
	  author.id: from
	  to: to
	  created_at: received
	  text: body
	  direction: direction
	set:
	  channel: sms
	EOF
	run pipe --spool "$T/spool"
	[ "$status" -eq 0 ]
	n=$(scs-ingest -f csv --map "$T/spool/csv/.map.yaml" \
	    "$T/spool/done/csv/sms-gateway.csv" | wc -l)
	[ "$n" -gt 0 ]
	eq "$(q "SELECT count(*) FROM messages WHERE channel = 'sms'")" "$n"
	[ -f "$T/spool/csv/.map.yaml" ]
}

@test "pipeline: killed right after scs-case committed, the next run replays the batch and stores nothing twice" {
	mkdir -p "$T/bin"
	for t in ingest classify influence route; do
		ln -s "$SCS_BIN/scs-$t" "$T/bin/"
	done
	# scs-case that, once the batch is committed, kills its whole group.
	cat > "$T/bin/scs-case" <<-EOF
	#!/bin/sh
	"$SCS_BIN/scs-case" "\$@"; rc=\$?
	case " \$* " in *" --stats "*) kill -9 0 ;; esac
	exit \$rc
	EOF
	chmod +x "$T/bin/scs-case"
	wa_spool "$T/spool" 4 3
	setsid "$P" --bin "$T/bin" --rules "$RULES" --db "$DB" --log "$T/log" \
	    --spool "$T/spool" 2>/dev/null &
	wait $! || :
	eq "$(q 'SELECT count(*) FROM messages')" 12
	eq "$(files "$T/spool/processing")" 4
	eq "$(files "$T/spool/done")" 0
	[ ! -s "$T/log" ]
	events=$(q 'SELECT count(*) FROM case_events')
	cases=$(q 'SELECT count(*) FROM cases')
	run pipe --spool "$T/spool"
	[ "$status" -eq 0 ]
	[[ "$(cat "$T/log")" == *" status=0 files=4 formats=whatsapp:4 recovered=4 ingest=12 "*" case=12 rejected=0 committed=4 kept=0 "* ]]
	eq "$(q 'SELECT count(*) FROM messages')" 12
	eq "$(q 'SELECT count(*) FROM case_events')" "$events"
	eq "$(q 'SELECT count(*) FROM cases')" "$cases"
	eq "$(files "$T/spool/done")" 4
	eq "$(files "$T/spool/processing")" 0
}

@test "pipeline: scs-ingest failing on a whole format keeps its files, the other format goes on" {
	mkdir -p "$T/bin"
	for t in classify influence route case; do
		ln -s "$SCS_BIN/scs-$t" "$T/bin/"
	done
	cat > "$T/bin/scs-ingest" <<-EOF
	#!/bin/sh
	case " \$* " in *" -f email "*) echo "scs-ingest: write error: No space left on device" >&2; exit 74 ;; esac
	exec "$SCS_BIN/scs-ingest" "\$@"
	EOF
	chmod +x "$T/bin/scs-ingest"
	two_formats
	run "$P" --bin "$T/bin" --rules "$RULES" --db "$DB" --log "$T/log" \
	    --spool "$T/spool"
	[ "$status" -eq 74 ]
	[[ "$output" == *"2 files kept in $T/spool/processing for the next run"* ]]
	[[ "$(cat "$T/log")" == *" status=74 files=4 formats=email:2,twitter-v2:2 ingest=6 "*" case=6 rejected=0 committed=2 kept=2 failed=0 "*" stage=ingest error=\"scs-ingest: write error: No space left on device\"" ]]
	eq "$(files "$T/spool/processing/email")" 2
	eq "$(files "$T/spool/done")" 2
	eq "$(files "$T/spool/failed")" 0
	run pipe --spool "$T/spool"
	[ "$status" -eq 0 ]
	eq "$(q 'SELECT count(*) FROM messages')" 8
	eq "$(files "$T/spool/done")" 4
}
