#!/usr/bin/env bats
# scs-case: storing, threading, the state machine, the other records,
# the commands, and bad input.

load helper

setup() {
	RULES=$(cd "$BATS_TEST_DIRNAME/../rules" && pwd)
	DB=$BATS_TEST_TMPDIR/cases.db
	export SCS_RULES=$RULES
}

# m ID DIR TIME AUTHOR REASON [EXTRA-JSON]: a classified message.
m() {
	printf '{"type":"message","id":"%s","channel":"twitter","direction":"%s","created_at":"%s","public":true,"author":{"id":"%s"},"text":"t %s","class":{"reason":"%s","filter":null}%s}\n' \
	    "$1" "$2" "$3" "$4" "$1" "$5" "${6:-}"
}

cases() {
	sqlite3 "$DB" "$1"
}

@test "--help, --version, no database" {
	run scs-case --help
	[ "$status" -eq 0 ]
	[[ "$output" == *"usage: scs-case"* ]]
	run scs-case --version
	[[ "$output" =~ ^scs-case\ [0-9] ]]
	run env -u SCS_DB scs-case </dev/null
	[ "$status" -eq 64 ]
	[[ "$output" == *"--db"* ]]
}

@test "a message opens a case; the key is spliced in; a reply and a follow-up join it" {
	run_split scs-case --db "$DB" <<IN
$(m t:1 in 2026-11-22T10:00:00Z tw:u:1 complaint)
$(m t:2 out 2026-11-22T10:05:00Z tw:u:brand complaint ',"agent":"maria","thread":{"id":"t:1","in_reply_to":"t:1"}')
$(m t:3 in 2026-11-22T11:00:00Z tw:u:1 other)
IN
	[ "$status" -eq 0 ]
	eq "$(jqf -c .case)" '{"id":1,"status":"open","new":true,"messages":1,"identity":"unverified"}
{"id":1,"status":"waiting","new":false,"messages":2,"identity":"unverified"}
{"id":1,"status":"open","new":false,"messages":3,"identity":"unverified"}'
	# the original bytes are kept, the key added at the end
	[[ "$(printf '%s\n' "$output" | head -1)" == '{"type":"message","id":"t:1",'*'"class":{"reason":"complaint","filter":null},"case":{'* ]]
	eq "$(cases "select status, replies, first_reply_at, agent from cases")" \
	    "open|1|2026-11-22T10:05:00Z|maria"
	eq "$(cases "select op || ':' || coalesce(from_status,'') || '>' || coalesce(to_status,'') from case_events order by seq" | tr '\n' ' ')" \
	    "open:>open reply:open>waiting customer:waiting>open "
}

@test "threading: another reason, another customer, the window, reopen, too late to reopen" {
	run_split scs-case --db "$DB" <<IN
$(m a:1 in 2026-11-01T10:00:00Z u:1 complaint)
$(m a:2 in 2026-11-01T11:00:00Z u:1 question)
$(m a:3 in 2026-11-01T12:00:00Z u:2 complaint)
$(m a:4 in 2026-11-03T09:00:00Z u:1 complaint)
$(m a:5 in 2026-11-10T09:00:00Z u:1 complaint)
IN
	[ "$status" -eq 0 ]
	# a:4 is within 72 h of a:1's case; a:5 is 7 days after a:4: new
	eq "$(jqf -c .case.id | tr '\n' ' ')" "1 2 3 1 4 "
	printf '%s\n' '{"type":"event","case":4,"op":"resolve","outcome":"favorable","at":"2026-11-10T10:00:00Z"}' |
	    scs-case --db "$DB" >/dev/null
	run_split scs-case --db "$DB" <<IN
$(m a:6 in 2026-11-12T09:00:00Z u:1 complaint)
$(m a:7 in 2026-11-12T09:30:00Z u:1 other)
IN
	eq "$(jqf -c '[.case.id,.case.status,.case.new]' | tr '\n' ' ')" '[4,"open",false] [4,"open",false] '
	eq "$(cases "select reopens from cases where id = 4")" 1
	printf '%s\n' '{"type":"event","case":4,"op":"resolve","outcome":"unfavorable","at":"2026-11-12T10:00:00Z"}' |
	    scs-case --db "$DB" >/dev/null
	run_split scs-case --db "$DB" <<<"$(m a:8 in 2026-11-30T09:00:00Z u:1 complaint)"
	eq "$(jqf -c '[.case.id,.case.new]')" '[5,true]'
	eq "$(cases "select outcome from cases where id = 4")" unfavorable
}

@test "threading follows arrival; an export out of time order, sorted as scs-case(1) says, threads whole" {
	# a conversation listed newest first, as the TWCS CSV lists it
	{
		m c:4 in 2026-11-01T10:30:00Z u:1 question ',"thread":{"in_reply_to":"c:3"}'
		m c:3 out 2026-11-01T10:20:00Z u:brand other ',"agent":"ana","thread":{"in_reply_to":"c:2"}'
		m c:2 in 2026-11-01T10:10:00Z u:1 complaint ',"thread":{"in_reply_to":"c:1"}'
		m c:1 out 2026-11-01T10:00:00Z u:brand other ',"agent":"ana","thread":{"in_reply_to":"c:0"}'
		m c:0 in 2026-11-01T09:50:00Z u:1 complaint
	} > "$BATS_TEST_TMPDIR/msgs.jsonl"
	scs-case --db "$DB" < "$BATS_TEST_TMPDIR/msgs.jsonl" > /dev/null
	[ "$(cases "select count(*) from cases")" -gt 1 ]
	rm -f "$DB"
	jq -r .created_at "$BATS_TEST_TMPDIR/msgs.jsonl" | paste - "$BATS_TEST_TMPDIR/msgs.jsonl" |
	    sort -s -t "$(printf '\t')" -k1,1 | cut -f2- | scs-case --db "$DB" > /dev/null
	eq "$(cases "select count(*), max(status) from cases")" "1|open"
	eq "$(cases "select count(*) from messages where case_id is null")" 0
}

@test "a reply to another customer's message does not join that customer's case" {
	run_split scs-case --db "$DB" <<IN
$(m b:1 in 2026-11-01T10:00:00Z u:1 question)
$(m b:2 in 2026-11-01T10:10:00Z u:2 question ',"thread":{"id":"b:1","in_reply_to":"b:1"}')
IN
	eq "$(jqf -c .case.id | tr '\n' ' ')" "1 2 "
}

@test "filtered and count-only messages are stored and counted, open no case" {
	run_split scs-case --db "$DB" --stats <<'IN'
{"id":"f:1","channel":"twitter","direction":"in","created_at":"2026-11-01T10:00:00Z","author":{"id":"u:1"},"text":"hola","class":{"reason":"other","filter":"one_word","action":"count_only"}}
{"id":"f:2","channel":"twitter","direction":"in","created_at":"2026-11-01T10:00:00Z","author":{"id":"u:1"},"text":"idiota","class":{"reason":"other","filter":null,"action":"discard"}}
IN
	[ "$status" -eq 0 ]
	eq "$(jqf -c .case | tr '\n' ' ')" "null null "
	eq "$(cases "select count(*), count(case_id), group_concat(filter) from messages")" "2|0|one_word"
	eq "$(cases "select count(*) from cases")" 0
	[[ "$stderr" == *"2 messages counted only"* ]]
}

@test "a customer answering another (tag community_answer) is stored as such; scs-report counts it" {
	{
		m q:1 in 2026-11-22T10:00:00Z u:1 question
		printf '%s\n' '{"type":"message","id":"q:2","channel":"twitter","direction":"in","created_at":"2026-11-22T10:05:00Z","public":true,"author":{"id":"u:2"},"text":"reiniciá el módem","thread":{"in_reply_to":"q:1"},"class":{"reason":"other","filter":null,"action":"count_only","tags":["community_answer"]}}'
	} | scs-case --db "$DB" > /dev/null
	eq "$(cases "select id, coalesce(community, 0) from messages order by id" | tr '\n' ' ')" "q:1|0 q:2|1 "
	eq "$(scs-report --db "$DB" --tz UTC --format json | jq -c 'select(.table == "volume") | [.in, .community]')" '[2,1]'
}

@test "an automatic reply leaves the case open" {
	run_split scs-case --db "$DB" <<IN
$(m c:1 in 2026-11-01T22:00:00Z u:1 question)
$(m c:2 out 2026-11-01T22:00:05Z brand question ',"auto":true,"thread":{"id":"c:1","in_reply_to":"c:1"}')
IN
	eq "$(jqf -c .case.status | tr '\n' ' ')" '"open" "open" '
	eq "$(cases "select replies, auto_replies, coalesce(first_reply_at, '-') from cases")" "0|1|-"
}

@test "the same input twice: the same case numbers, the same database" {
	input=$(
		m d:1 in 2026-11-01T10:00:00Z u:1 complaint
		m d:2 in 2026-11-01T10:00:00Z u:2 question
		echo '{"type":"event","case":1,"op":"resolve","outcome":"favorable","agent":"maria","at":"2026-11-01T12:00:00Z"}'
		echo '{"type":"work","case":1,"agent":"maria","seconds":240,"at":"2026-11-01T12:00:00Z"}'
		echo '{"type":"survey","case":1,"at":"2026-11-01T13:00:00Z","csat":4,"nps":9}'
		echo '{"type":"qa","case":1,"reviewer":"sup1","score":85,"items":{"greeting":true}}'
		echo '{"type":"shift","agent":"maria","start":"2026-11-01T08:00:00Z","end":"2026-11-01T16:00:00Z"}'
		echo '{"type":"event","case":2,"op":"note","text":"llamar","at":"2026-11-01T12:00:00Z"}'
	)
	run_split scs-case --db "$DB" <<<"$input"
	[ "$status" -eq 0 ]
	first=$(jqf -c 'if .type == "message" then .case.id else .type end')
	dump1=$(sqlite3 "$DB" .dump)
	run_split scs-case --db "$DB" <<<"$input"
	[ "$status" -eq 0 ]
	eq "$(jqf -c 'if .type == "message" then .case.id else .type end')" "$first"
	eq "$(sqlite3 "$DB" .dump)" "$dump1"
	eq "$(cases "select count(*) from work") $(cases "select count(*) from surveys") $(cases "select count(*) from qa") $(cases "select count(*) from shifts") $(cases "select count(*) from case_events where op = 'note'")" "1 1 1 1 1"
}

@test "bad records are rejected alone, with file:line, and the rest is stored" {
	f=$BATS_TEST_TMPDIR/in.jsonl
	m e:1 in 2026-11-01T10:00:00Z u:1 question > "$f"
	cat >> "$f" <<'IN'
not json
{"id":"e:2","direction":"sideways","created_at":"2026-11-01T10:00:00Z","author":{"id":"u:1"}}
{"id":"e:3","direction":"in","created_at":"yesterday","author":{"id":"u:1"}}
{"type":"event","case":77,"op":"resolve","outcome":"favorable","at":"2026-11-01T10:00:00Z"}
{"type":"event","case":1,"op":"resolve","outcome":"meh","at":"2026-11-01T10:00:00Z"}
{"type":"survey","case":1,"at":"2026-11-01T10:00:00Z","csat":9}
{"type":"route-plan","x":1}
IN
	m e:4 in 2026-11-01T11:00:00Z u:2 question >> "$f"
	run_split scs-case --db "$DB" --rejects "$BATS_TEST_TMPDIR/rej.jsonl" "$f"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"in.jsonl:2: invalid JSON"* ]]
	[[ "$stderr" == *"in.jsonl:3: \"direction\" is not"* ]]
	[[ "$stderr" == *"in.jsonl:4: \"created_at\" is not an RFC 3339 time"* ]]
	[[ "$stderr" == *"in.jsonl:5: no such case"* ]]
	[[ "$stderr" == *"in.jsonl:6: resolve needs \"outcome\""* ]]
	[[ "$stderr" == *"in.jsonl:7: survey: csat is 1 to 5"* ]]
	eq "$(wc -l < "$BATS_TEST_TMPDIR/rej.jsonl")" 6
	# good records went through, the unknown type passed unchanged
	eq "$(jqf -c '.id // .type' | tr '\n' ' ')" '"e:1" "route-plan" "e:4" '
	eq "$(cases "select status from cases where id = 1")" open
	eq "$(cases "select count(*) from surveys")" 0
}

@test "commands: resolve, reopen, wait, assign, escalate, note, merge; show and queue" {
	scs-case --db "$DB" >/dev/null <<IN
$(m g:1 in 2026-11-01T10:00:00Z u:1 complaint ',"route":{"queue":"care","priority":2,"due_at":"2026-11-01T11:00:00Z"}')
$(m g:2 in 2026-11-01T10:00:00Z u:2 question ',"route":{"queue":"care","priority":1,"due_at":"2026-11-01T12:00:00Z"}')
$(m g:3 in 2026-11-01T10:30:00Z u:3 question)
IN
	run scs-case --db "$DB" assign 1 juan --at 2026-11-01T10:10:00Z
	[ "$status" -eq 0 ]
	run scs-case --db "$DB" resolve 1
	[ "$status" -eq 65 ]
	[[ "$output" == *"outcome"* ]]
	run scs-case --db "$DB" resolve 1 --outcome favorable --agent juan
	[ "$status" -eq 0 ]
	run scs-case --db "$DB" reopen 1
	[ "$status" -eq 0 ]
	run scs-case --db "$DB" wait 1
	run scs-case --db "$DB" escalate 2 --queue retention
	run scs-case --db "$DB" note 2 "cliente VIP"
	run scs-case --db "$DB" merge 3 2
	[ "$status" -eq 0 ]
	run scs-case --db "$DB" resolve 99 --outcome favorable
	[ "$status" -eq 65 ]
	[[ "$output" == *"no such case"* ]]
	eq "$(cases "select id, status, coalesce(agent, ''), escalated, coalesce(queue, ''), messages, coalesce(merged_into, '') from cases order by id" | tr '\n' ' ')" \
	    "1|waiting|juan|0|care|1| 2|open||1|retention|2| 3|resolved||0||0|2 "
	run scs-case --db "$DB" queue --json
	eq "$(jqf -c .id | tr '\n' ' ')" "2 1 "
	run scs-case --db "$DB" queue --overdue --at 2026-11-01T11:30:00Z --json
	eq "$(jqf -c .id | tr '\n' ' ')" "1 "
	run scs-case --db "$DB" show 2
	[ "$status" -eq 0 ]
	[[ "$output" == *"cliente VIP"* ]]
	[[ "$output" == *"escalate"* ]]
	[[ "$output" == *"t g:3"* ]]
	run scs-case --db "$DB" show 2 --json
	eq "$(jqf -c '[.id, (.timeline | length > 4)]')" "[2,true]"
	run scs-case --db "$DB" show 42
	[ "$status" -eq 65 ]
}

@test "link needs consent; linked accounts thread across channels; history" {
	scs-case --db "$DB" >/dev/null <<<"$(m h:1 in 2026-11-01T10:00:00Z tw:u:1 complaint)"
	run scs-case --db "$DB" link tw:u:1 c-1 --how dni
	[ "$status" -eq 64 ]
	[[ "$output" == *"consent"* ]]
	eq "$(cases "select count(*) from accounts where customer is not null")" 0
	run scs-case --db "$DB" link tw:u:1 c-1 --consent --how dni
	[ "$status" -eq 0 ]
	run scs-case --db "$DB" link wa:u:9 c-1 --consent --how otp
	[ "$status" -eq 0 ]
	run_split scs-case --db "$DB" <<<'{"id":"w:1","channel":"whatsapp","direction":"in","created_at":"2026-11-01T12:00:00Z","author":{"id":"wa:u:9"},"text":"sigo sin servicio","class":{"reason":"complaint","filter":null}}'
	eq "$(jqf -c .case)" '{"id":1,"status":"open","new":false,"messages":2,"customer":"c-1","identity":"verified"}'
	run scs-case --db "$DB" history --account wa:u:9 --json
	eq "$(jqf -c .case_id)" 1
	eq "$(cases "select verified_how from accounts where id = 'wa:u:9'")" otp
	# the schema itself refuses a link without consent
	run sqlite3 "$DB" "update accounts set consent = 0 where id = 'wa:u:9'"
	[ "$status" -ne 0 ]
}

@test "customers import: CSV and JSON lines, bad rows rejected with their line" {
	cat > "$BATS_TEST_TMPDIR/crm.csv" <<'IN'
phone,id,name,segment,email,extra
+54 341 555,c-1,Ana Pérez,gold,ana@example.com,x
,c-2,"Bob, Jr.",standard,,
+1 555,,nobody,,,
IN
	run_split scs-case --db "$DB" customers import "$BATS_TEST_TMPDIR/crm.csv"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"crm.csv:4: no id"* ]]
	eq "$(cases "select id, name, segment, coalesce(email,'-'), coalesce(phone,'-') from customers order by id" | tr '\n' ' ')" \
	    "c-1|Ana Pérez|gold|ana@example.com|+54 341 555 c-2|Bob, Jr.|standard|-|- "
	printf '%s\n' '{"id":"c-2","segment":"platinum"}' '{"name":"no id"}' > "$BATS_TEST_TMPDIR/crm.jsonl"
	run_split scs-case --db "$DB" customers import "$BATS_TEST_TMPDIR/crm.jsonl"
	[ "$status" -eq 65 ]
	eq "$(cases "select name, segment from customers where id = 'c-2'")" "Bob, Jr.|platinum"
}

@test "forget erases personal data and keeps the counts" {
	scs-case --db "$DB" >/dev/null <<'IN'
{"id":"p:1","channel":"whatsapp","direction":"in","created_at":"2026-11-01T10:00:00Z","author":{"id":"wa:u:5493411301229","name":"Ana Pérez","handle":"5493411301229","location":"Calle Falsa 123"},"geo":{"place":"Barrio Norte"},"text":"mi DNI es 30111222","class":{"reason":"complaint","filter":null}}
IN
	scs-case --db "$DB" link wa:u:5493411301229 c-7 --consent --how otp
	run scs-case --db "$DB" forget c-7
	[ "$status" -eq 0 ]
	run sqlite3 "$DB" .dump
	[[ "$output" != *"30111222"* ]]
	[[ "$output" != *"5493411301229"* ]]
	[[ "$output" != *"Ana Pérez"* ]]
	[[ "$output" != *"Calle Falsa"* ]]
	[[ "$output" != *"Barrio Norte"* ]]
	eq "$(cases "select count(*), max(reason) from messages")" "1|complaint"
	eq "$(cases "select count(*) from cases where customer = 'c-7'")" 1
	run scs-case --db "$DB" forget c-404
	[ "$status" -eq 65 ]
}

@test "tick resolves long waits and marks SLA breaches" {
	scs-case --db "$DB" >/dev/null <<IN
$(m k:1 in 2026-11-01T10:00:00Z u:1 question ',"route":{"due_at":"2026-11-01T11:00:00Z"}')
$(m k:2 out 2026-11-01T10:30:00Z brand question ',"agent":"maria","thread":{"id":"k:1","in_reply_to":"k:1"}')
$(m k:3 in 2026-11-05T10:00:00Z u:2 question ',"route":{"due_at":"2026-11-05T11:00:00Z"}')
IN
	run scs-case --db "$DB" tick --at 2026-11-09T12:00:00Z
	[ "$status" -eq 0 ]
	eq "$(printf '%s' "$output" | jq -c '[.auto_resolved, .sla_breached]')" "[1,1]"
	eq "$(cases "select id, status, sla_breached from cases order by id" | tr '\n' ' ')" "1|resolved|0 2|open|1 "
	run scs-case --db "$DB" tick --at 2026-11-09T12:00:00Z
	eq "$(printf '%s' "$output" | jq -c '[.auto_resolved, .sla_breached]')" "[0,0]"
}

@test "sample is stratified and reproducible; export has the figures" {
	for i in 1 2 3 4 5 6; do
		m s:$i in 2026-11-0${i}T10:00:00Z u:$i question
		if [ $((i % 2)) -eq 0 ]; then a=maria; else a=juan; fi
		echo "{\"type\":\"event\",\"case\":$i,\"op\":\"assign\",\"agent\":\"$a\",\"at\":\"2026-11-0${i}T10:01:00Z\"}"
		echo "{\"type\":\"event\",\"case\":$i,\"op\":\"resolve\",\"outcome\":\"favorable\",\"at\":\"2026-11-0${i}T11:00:00Z\"}"
	done | scs-case --db "$DB" >/dev/null
	run scs-case --db "$DB" sample --by agent --per 2 --seed 7 --json
	[ "$status" -eq 0 ]
	a=$output
	eq "$(jqf -r .agent | sort | uniq -c | awk '{print $1 $2}' | tr '\n' ' ')" "2juan 2maria "
	run scs-case --db "$DB" sample --by agent --per 2 --seed 7 --json
	eq "$output" "$a"
	run scs-case --db "$DB" sample --by colour
	[ "$status" -eq 64 ]
	run scs-case --db "$DB" export
	eq "$(jqf -c 'select(.id == 1) | [.resolution_s, .status]')" '[3600,"resolved"]'
}

@test "a database from a newer scs is refused; a locked one gives 75" {
	scs-case --db "$DB" queue >/dev/null
	sqlite3 "$DB" "PRAGMA user_version = 99"
	run scs-case --db "$DB" queue
	[ "$status" -eq 78 ]
	[[ "$output" == *"newer"* ]]
	sqlite3 "$DB" "PRAGMA user_version = 1"
	# another writer holds the lock longer than the 10 s timeout
	sqlite3 "$DB" "BEGIN IMMEDIATE; SELECT 1;" ".shell sleep 13" "COMMIT;" >/dev/null 3>&- &
	sleep 1
	run_split scs-case --db "$DB" <<<"$(m l:1 in 2026-11-01T10:00:00Z u:1 question)"
	wait
	[ "$status" -eq 75 ]
	[[ "$stderr" == *"busy"* ]]
	eq "$(cases "select count(*) from messages")" 0
}

@test "bad rule files: file:line:column and 78" {
	mkdir -p "$BATS_TEST_TMPDIR/r"
	printf 'threading:\n  window_hours: 72\n  widow: 3\n' > "$BATS_TEST_TMPDIR/r/case.yaml"
	run scs-case --db "$DB" --rules "$BATS_TEST_TMPDIR/r" queue
	[ "$status" -eq 78 ]
	[[ "$output" == *"case.yaml:3:10: threading: unknown key \"widow\""* ]]
	rm "$BATS_TEST_TMPDIR/r/case.yaml"
	printf 'agents:\n  - id: a\n    capacity: lots\n' > "$BATS_TEST_TMPDIR/r/agents.yaml"
	run scs-case --db "$DB" --rules "$BATS_TEST_TMPDIR/r" queue
	[ "$status" -eq 78 ]
	[[ "$output" == *"agents.yaml:3:15: capacity"* ]]
}

@test "a pipe fed slowly: each record is committed and handed on before scs-case waits for more" {
	mkfifo "$BATS_TEST_TMPDIR/in"
	scs-case --db "$DB" < "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/out" &
	pid=$!
	exec 5> "$BATS_TEST_TMPDIR/in"
	m q:1 in 2026-11-01T10:00:00Z u:1 question >&5
	# Not a timing test: wait (up to a minute) for the record while the
	# writer still holds the pipe open; it is in the database by then.
	for i in $(seq 600); do [ -s "$BATS_TEST_TMPDIR/out" ] && break; sleep 0.1; done
	eq "$(jq -c .case.id "$BATS_TEST_TMPDIR/out")" 1
	eq "$(cases "select count(*) from messages")" 1
	m q:2 in 2026-11-01T10:05:00Z u:1 question >&5
	exec 5>&-
	wait "$pid"
	eq "$(jq -c .case.id "$BATS_TEST_TMPDIR/out" | tr '\n' ' ')" "1 1 "
}

@test "kill -9 mid-batch and rerun, two writers at once: every message once, cases consistent" {
	run sh "$BATS_TEST_DIRNAME/../scripts/case-torture" 3 2000
	[ "$status" -eq 0 ]
	[[ "$output" == *"all consistent"* ]]
}

@test "accounts keep the last follower count and the most ever seen, within a batch and across batches" {
	f() {	# ID TIME FOLLOWERS
		printf '{"type":"message","id":"%s","channel":"twitter","direction":"in","created_at":"%s","public":true,"author":{"id":"tw:u:9","followers":%s},"text":"t","class":{"reason":"complaint","filter":null}}\n' "$1" "$2" "$3"
	}
	{ f f:1 2026-11-22T10:00:00Z 500; f f:2 2026-11-22T10:01:00Z 900; f f:3 2026-11-22T10:02:00Z 300; } |
	    scs-case --db "$DB" > /dev/null
	eq "$(cases "select followers, max_followers from accounts where id = 'tw:u:9'")" "300|900"
	f f:4 2026-11-22T10:03:00Z 700 | scs-case --db "$DB" --batch 1 > /dev/null
	eq "$(cases "select followers, max_followers from author_history where author = 'tw:u:9'")" "700|900"
	f f:5 2026-11-22T10:04:00Z 1200 | scs-case --db "$DB" > /dev/null
	printf '{"type":"message","id":"f:6","channel":"twitter","direction":"in","created_at":"2026-11-22T10:05:00Z","public":true,"author":{"id":"tw:u:9"},"text":"t","class":{"reason":"complaint","filter":null}}\n' |
	    scs-case --db "$DB" > /dev/null
	eq "$(cases "select followers, max_followers, messages from accounts where id = 'tw:u:9'")" "1200|1200|6"
}

@test "the agent scs-route chose owns a new case, with an assign event; a joining message leaves the owner" {
	run_split scs-case --db "$DB" <<IN
$(m r:1 in 2026-11-22T10:00:00Z u:7 complaint ',"route":{"queue":"care","priority":2,"agent":"maria"}')
$(m r:2 in 2026-11-22T10:10:00Z u:7 complaint ',"route":{"queue":"care","priority":2,"agent":"juan"}')
IN
	[ "$status" -eq 0 ]
	eq "$(cases "select id, agent, messages from cases")" "1|maria|2"
	eq "$(cases "select op || ':' || coalesce(agent, '') || ':' || coalesce(detail, '') from case_events where op = 'assign'")" "assign:maria:route"
}

@test "event, work, survey and qa records may name a message instead of a case" {
	f=$BATS_TEST_TMPDIR/in.jsonl
	{
		m n:1 in 2026-11-01T10:00:00Z u:1 complaint
		m n:2 out 2026-11-01T10:05:00Z u:brand complaint ',"agent":"maria","thread":{"in_reply_to":"n:1"}'
		m n:3 in 2026-11-01T10:06:00Z u:2 question
		m n:4 in 2026-11-01T10:07:00Z u:3 other ',"class":{"reason":"other","filter":"one_word"}'
		cat <<'IN'
{"type":"event","message":"n:2","op":"resolve","outcome":"favorable","agent":"maria","at":"2026-11-01T10:10:00Z"}
{"type":"work","message":"n:1","agent":"maria","seconds":240,"at":"2026-11-01T10:05:00Z"}
{"type":"survey","message":"n:2","at":"2026-11-01T11:00:00Z","csat":5,"nps":10}
{"type":"qa","message":"n:3","reviewer":"sup1","score":80}
{"type":"event","case":2,"message":"n:1","op":"note","text":"case wins","at":"2026-11-01T10:11:00Z"}
{"type":"event","message":"n:9","op":"resolve","outcome":"favorable","at":"2026-11-01T10:12:00Z"}
{"type":"survey","message":"n:4","at":"2026-11-01T11:00:00Z","csat":1}
{"type":"work","agent":"maria","seconds":60,"at":"2026-11-01T10:05:00Z"}
{"type":"event","message":7,"op":"reopen","at":"2026-11-01T10:13:00Z"}
IN
	} > "$f"
	run_split scs-case --db "$DB" --rejects "$BATS_TEST_TMPDIR/rej.jsonl" "$f"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"in.jsonl:10: no such message"* ]]
	[[ "$stderr" == *"in.jsonl:11: the message is in no case"* ]]
	[[ "$stderr" == *"in.jsonl:12: no \"case\" (a case number) or \"message\""* ]]
	[[ "$stderr" == *"in.jsonl:13: no \"case\" (a case number) or \"message\""* ]]
	eq "$(wc -l < "$BATS_TEST_TMPDIR/rej.jsonl")" 4
	eq "$(cases "select id, status, outcome from cases order by id" | tr '\n' ' ')" \
	    "1|resolved|favorable 2|open| "
	eq "$(cases "select case_id, seconds from work")" "1|240"
	eq "$(cases "select case_id, csat, nps from surveys")" "1|5|10"
	eq "$(cases "select case_id, score from qa")" "2|80.0"
	eq "$(cases "select case_id, detail from case_events where op = 'note'")" "2|case wins"
	# a merged case's message names the case it went into
	scs-case --db "$DB" merge 2 1 >/dev/null
	printf '%s\n' '{"type":"event","message":"n:3","op":"note","text":"after merge","at":"2026-11-01T12:00:00Z"}' |
	    scs-case --db "$DB" >/dev/null
	eq "$(cases "select case_id from case_events where detail = 'after merge'")" 1
}

@test "one batch or many: the same case keys and the same database (the batch's cases are kept in memory)" {
	input=$(
		m b:1 in 2026-11-01T10:00:00Z u:1 other ',"route":{"queue":"care","priority":3}'
		m b:2 out 2026-11-01T10:05:00Z brand other ',"agent":"maria","thread":{"id":"b:1","in_reply_to":"b:1"}'
		m b:3 in 2026-11-01T10:10:00Z u:1 complaint ',"class":{"reason":"complaint","subreason":"outage","product":"fibra"},"route":{"queue":"tech","priority":1,"due_at":"2026-11-01T12:00:00Z"}'
		m b:4 out 2026-11-01T10:12:00Z brand complaint ',"agent":"pedro","auto":true,"thread":{"id":"b:1","in_reply_to":"b:3"}'
		m b:5 in 2026-11-01T10:20:00Z u:2 question ',"thread":{"id":"t:9"}'
		m b:6 in 2026-11-01T10:21:00Z u:2 question ',"thread":{"id":"t:9"}'
		m b:1 in 2026-11-01T10:00:00Z u:1 other
		echo '{"type":"event","case":1,"op":"resolve","outcome":"favorable","agent":"maria","at":"2026-11-01T11:00:00Z"}'
		m b:7 in 2026-11-01T11:30:00Z u:1 complaint ',"thread":{"id":"b:1","in_reply_to":"b:2"}'
		m b:8 in 2026-11-01T09:00:00Z u:1 complaint
		m b:9 out 2026-11-01T11:40:00Z brand complaint ',"agent":"maria","thread":{"id":"b:1","in_reply_to":"b:7"}'
		echo '{"type":"event","case":2,"op":"merge","into":1,"at":"2026-11-01T11:45:00Z"}'
		m b:10 in 2026-11-01T11:50:00Z u:2 question ',"thread":{"id":"t:9"}'
		m b:11 in 2026-11-01T12:00:00Z u:3 praise ',"class":{"reason":"praise","filter":"one_word"}'
		m b:12 in 2026-11-20T12:00:00Z u:1 complaint ',"thread":{"id":"b:1","in_reply_to":"b:9"}'
		m b:13 out 2026-11-20T12:05:00Z brand complaint ',"agent":"ana","thread":{"id":"b:1","in_reply_to":"b:12"}'
		m b:6 in 2026-11-01T10:21:00Z u:2 question
	)
	for b in 1 3 1000; do
		run_split scs-case --db "$BATS_TEST_TMPDIR/b$b.db" --batch "$b" <<<"$input"
		[ "$status" -eq 0 ]
		printf '%s\n' "$output" > "$BATS_TEST_TMPDIR/out$b"
		sqlite3 "$BATS_TEST_TMPDIR/b$b.db" "UPDATE messages SET stored_at = ''"
		sqlite3 "$BATS_TEST_TMPDIR/b$b.db" .dump > "$BATS_TEST_TMPDIR/dump$b"
	done
	cmp "$BATS_TEST_TMPDIR/out1" "$BATS_TEST_TMPDIR/out3"
	cmp "$BATS_TEST_TMPDIR/out1" "$BATS_TEST_TMPDIR/out1000"
	cmp "$BATS_TEST_TMPDIR/dump1" "$BATS_TEST_TMPDIR/dump3"
	cmp "$BATS_TEST_TMPDIR/dump1" "$BATS_TEST_TMPDIR/dump1000"
	output=$(cat "$BATS_TEST_TMPDIR/out1000")
	DB=$BATS_TEST_TMPDIR/b1000.db
	eq "$(jqf -c 'select(.type == "message") | [.id, .case.id, .case.status, .case.messages]' | tr '\n' ' ')" \
	    '["b:1",1,"open",1] ["b:2",1,"waiting",2] ["b:3",1,"open",3] ["b:4",1,"open",4] ["b:5",2,"open",1] ["b:6",2,"open",2] ["b:1",1,"open",4] ["b:7",1,"open",5] ["b:8",1,"open",6] ["b:9",1,"waiting",7] ["b:10",3,"open",1] ["b:11",null,null,null] ["b:12",1,"open",10] ["b:13",1,"waiting",11] ["b:6",1,"waiting",11] '
	eq "$(cases "select id, status, reason, subreason, queue, priority, due_at, agent, replies, auto_replies, reopens, first_reply_at, product from cases order by id" | tr '\n' ' ')" \
	    "1|waiting|complaint|outage|tech|1|2026-11-01T12:00:00Z|maria|3|1|1|2026-11-01T10:05:00Z|fibra 2|resolved|question||||||0|0|0|| 3|open|question||||||0|0|0|| "
}
