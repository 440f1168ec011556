#!/usr/bin/env bats
# scs-influence: the author's influence index, its tier, audience role,
# use and why; bad rules and records; the history from --db.

load helper

setup() {
	T=$(mktemp -d)
	RULES=$(cd "$BATS_TEST_DIRNAME/../rules" && pwd)
}

teardown() {
	rm -rf "$T"
}

# msg AUTHOR_JSON [KEY=JSON...]: an inbound tweet by that author.
msg() {
	local author=$1 extra=
	shift
	for kv in "$@"; do extra="$extra,\"${kv%%=*}\":${kv#*=}"; done
	printf '{"type":"message","id":"twitter:%s","channel":"twitter","direction":"in","created_at":"2026-11-22T10:00:00Z","public":true,"author":%s,"text":"hola"%s}\n' \
	    "${ID:-1}" "$author" "$extra"
}

# inf AUTHOR_JSON [KEY=JSON...]: the influence that message gets.
inf() {
	msg "$@" | scs-influence --rules "$RULES" | jq -c .influence
}

# score AUTHOR_JSON [KEY=JSON...]: its score alone.
score() {
	msg "$@" | scs-influence --rules "$RULES" | jq .influence.score
}

@test "--help, --version, --check on the shipped rules" {
	run scs-influence --help
	[ "$status" -eq 0 ]
	[[ "$output" == *"usage: scs-influence"* ]]
	run scs-influence --version
	[[ "$output" =~ ^scs-influence\ [0-9] ]]
	run scs-influence --check --rules "$RULES"
	[ "$status" -eq 0 ]
	run scs-influence --check --rules "$RULES/influence.yaml"
	[ "$status" -eq 0 ]
	run scs-influence --bogus
	[ "$status" -eq 64 ]
}

@test "influence is spliced into the original bytes; other records and outbound messages pass through" {
	line='{"id":"chat:1","channel":"chat","direction":"in","author":{"id":"chat:u:1","followers":10},"text":"x",  "keep":[1, 2]}'
	ev='{"type":"event","case":1,"op":"resolve"}'
	out='{"id":"chat:2","channel":"chat","direction":"out","author":{"id":"brand","followers":1000000},"text":"y"}'
	run_split scs-influence --rules "$RULES" <<<"$line
$ev
$out"
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | wc -l)" -eq 3 ]
	first=$(printf '%s\n' "$output" | head -1)
	[[ "$first" == "${line%\}},\"influence\":{\"score\":"* ]]
	eq "$(printf '%s\n' "$output" | sed -n 2p)" "$ev"
	eq "$(printf '%s\n' "$output" | sed -n 3p)" "$out"
}

@test "run again: the influence key is replaced in place, not added twice" {
	msg '{"id":"u","followers":5000}' x='"y"' | scs-influence --rules "$RULES" >"$T/once"
	scs-influence --rules "$RULES" "$T/once" >"$T/twice"
	cmp "$T/once" "$T/twice"
	eq "$(jq -c 'keys_unsorted' "$T/twice")" \
	    '["type","id","channel","direction","created_at","public","author","text","x","influence"]'
}

@test "a use rule that sets a field outside influence: the record is written with it" {
	cp -R "$RULES" "$T/ri"
	awk '{ print } /^use:$/ { print "  - id: mark-invoices"
	    print "    when: {text: {any_word: [factura]}}"
	    print "    then: {set: {extra.vip: true}}"
	    print "    continue: true" }' "$RULES/influence.yaml" > "$T/ri/influence.yaml"
	{ msg '{"id":"twitter:u:1"}' | sed 's/"hola"/"mi factura"/'; ID=2 msg '{"id":"twitter:u:2"}'; } |
	    scs-influence --rules "$T/ri" > "$T/out.jsonl"
	eq "$(jq -c '[.extra, (.influence | has("tier"))]' "$T/out.jsonl" | tr '\n' ' ')" \
	    '[{"vip":true},true] [null,true] '
}

@test "the score: followers, verified, activity; why names the top factors" {
	run inf '{"id":"u","followers":12000,"posts":5400,"verified":true,"created_at":"2016-11-22T00:00:00Z"}'
	eq "$(jqf '[.reach, .activity > 0, .tier]')" '[12000,true,"medium"]'
	eq "$(jqf '.why[0:2]')" '["followers:12000 +29","verified +10"]'
	s=$(jqf .score)
	[ "$s" -ge 30 ] && [ "$s" -lt 50 ]
}

@test "more followers never lower the score, all else equal" {
	prev=-1
	for f in 0 1 2 5 10 50 99 100 101 1000 9999 10000 123456 1000000 9999999 10000000 10000001 1000000000 1000000000000; do
		s=$(score "{\"id\":\"u\",\"followers\":$f,\"posts\":300,\"created_at\":\"2020-01-01T00:00:00Z\",\"bio\":\"periodista\"}")
		[ "$s" -ge "$prev" ] || { echo "followers $f: $s < $prev"; return 1; }
		[ "$s" -le 100 ]
		prev=$s
	done
	# and with everything else at its top, the score stays within 100
	s=$(score '{"id":"u","followers":1000000000000,"posts":99999999,"created_at":"2026-01-01T00:00:00Z","verified":true,"bio":"periodista, actriz, senadora, influencer"}' \
	    second_level=1e15 metrics='{"likes":1e12,"replies":1e12}' customer='{"segment":"vip"}')
	eq "$s" 100
}

@test "tier boundaries come from the rules: the lowest score of each tier" {
	cat >"$T/influence.yaml" <<-'EOF'
	reach: {points: 0, full: 10}
	activity: {points: 0}
	verified: 30
	flags_max: 100
	flags:
	  twenty: {points: 20, words: [veinte]}
	  ten: {points: 10, words: [diez]}
	  nine: {points: 9, words: [nueve]}
	  one: {points: 1, words: [uno]}
	tiers: {low: 0, medium: 30, high: 50, top: 60}
	EOF
	t() { msg "$1" | scs-influence --rules "$T/influence.yaml" | jq -c '[.influence.score, .influence.tier]'; }
	eq "$(t '{"id":"u","bio":"diez nueve"}')" '[19,"low"]'
	eq "$(t '{"id":"u","verified":true}')" '[30,"medium"]'
	eq "$(t '{"id":"u","bio":"diez nueve","verified":true}')" '[49,"medium"]'
	eq "$(t '{"id":"u","bio":"diez nueve uno","verified":true}')" '[50,"high"]'
	eq "$(t '{"id":"u","bio":"diez nueve uno","name":"diez nueve","verified":true}')" '[50,"high"]'
	eq "$(t '{"id":"u","bio":"diez diez","name":"nueve uno diez","verified":true}')" '[50,"high"]'
	eq "$(t '{"id":"u","bio":"veinte nueve","verified":true}')" '[59,"high"]'
	eq "$(t '{"id":"u","bio":"veinte nueve uno","verified":true}')" '[60,"top"]'
	eq "$(t '{"id":"u","bio":"veinte diez nueve uno","verified":true}')" '[70,"top"]'
}

@test "profile flags in Spanish and English, case- and accent-insensitive, on word boundaries" {
	f() { inf "{\"id\":\"u\",\"followers\":100,$1}" | jq -c .flags; }
	eq "$(f '"bio":"PERIODISTA en Rosario"')" '["journalist"]'
	eq "$(f '"bio":"Freelance journalist & reporter"')" '["journalist"]'
	eq "$(f '"bio":"Músico y compositor"')" '["artist"]'
	eq "$(f '"bio":"Actress. Singer."')" '["artist"]'
	eq "$(f '"bio":"Diputada nacional"')" '["politician"]'
	eq "$(f '"bio":"Senator for Ohio"')" '["politician"]'
	eq "$(f '"bio":"Futbolista profesional"')" '["athlete"]'
	eq "$(f '"bio":"Olympian, tennis player"')" '["athlete"]'
	eq "$(f '"bio":"Creadora de contenido"')" '["influencer"]'
	eq "$(f '"bio":"YouTuber and content creator"')" '["influencer"]'
	eq "$(f '"name":"Cuenta oficial de Diario Sur"')" '["company"]'
	eq "$(f '"bio":"periodista y diputado"')" '["journalist","politician"]'
	# inside another word is not a flag
	eq "$(f '"bio":"periodistas-fan, actorsstudio"')" 'null'
	eq "$(f '"bio":"ingeniero"')" 'null'
	# flags add points, capped at flags_max
	a=$(score '{"id":"u","followers":100}')
	b=$(score '{"id":"u","followers":100,"bio":"periodista"}')
	c=$(score '{"id":"u","followers":100,"bio":"periodista, diputado, actor"}')
	[ "$b" -eq $((a + 12)) ] && [ "$c" -eq $((a + 15)) ]
}

@test "missing fields: no author, no followers (e-mail, WhatsApp) say reach unknown, not zero" {
	run inf '{"id":"whatsapp:u:1"}'
	eq "$(jqf '[has("reach"), .why[0], .tier]')" '[false,"reach unknown","low"]'
	printf '{"id":"email:1","channel":"email","direction":"in","text":"hola"}\n' |
	    scs-influence --rules "$RULES" >"$T/out"
	eq "$(jq -c '[.influence.why[0], .influence.score >= 0]' "$T/out")" '["reach unknown",true]'
	# what is known still counts: a VIP customer's segment
	run inf '{"id":"email:u:2"}' customer='{"segment":"vip"}'
	eq "$(jqf '[.score, .why[0], .why[1]]')" '[21,"reach unknown","segment:vip +20"]'
	# an external index (a CRM's) is blended in
	run inf '{"id":"email:u:3","external_score":80}'
	eq "$(jqf '[.score, .why[1]]')" '[24,"external:80 blended 0.30"]'
}

@test "absurd values: negative, huge, non-numeric followers; bad dates" {
	run inf '{"id":"u","followers":-5}'
	eq "$(jqf '[has("reach"), .why[0]]')" '[false,"reach unknown (followers not a count)"]'
	run inf '{"id":"u","followers":"12k"}'
	eq "$(jqf '.why[0]')" '"reach unknown (followers not a count)"'
	run inf '{"id":"u","followers":1000000000000}'
	eq "$(jqf '[.reach, .score]')" '[1000000000000,51]'
	run inf '{"id":"u","followers":1e300,"posts":-3,"created_at":"not a date"}'
	eq "$(jqf '[.score, .tier]')" '[51,"high"]'
	run inf '{"id":"u","posts":1000,"created_at":"2030-01-01T00:00:00Z"}'
	[ "$status" -eq 0 ]
	run inf '"not an object"'
	eq "$(jqf '.why[0]')" '"reach unknown"'
}

@test "audience: fan, follower, influencer, detractor after repeated negative messages" {
	a() { jq -c '[.influence.audience, .influence.use]'; }
	eq "$(msg '{"id":"u","followers":100}' class='{"polarity":"positive"}' | scs-influence --rules "$RULES" | a)" '["fan",null]'
	eq "$(msg '{"id":"u","followers":100000}' class='{"polarity":"positive"}' | scs-influence --rules "$RULES" | a)" \
	    '["fan",["invite_to_spread"]]'
	eq "$(msg '{"id":"u","followers":100}' | scs-influence --rules "$RULES" | a)" '["follower",null]'
	eq "$(msg '{"id":"u","followers":5000000,"verified":true}' | scs-influence --rules "$RULES" | a)" \
	    '["influencer",["senior_agent","raise_priority","follow_up"]]'
	# one negative message is not a detractor; the second is
	{ ID=1 msg '{"id":"u","followers":100}' class='{"polarity":"negative"}'
	  ID=2 msg '{"id":"v","followers":100}' class='{"polarity":"negative"}'
	  ID=3 msg '{"id":"u","followers":100}' class='{"protocol":"hostile"}'
	} | scs-influence --rules "$RULES" >"$T/out"
	eq "$(jq -c '.influence.audience' "$T/out" | tr '\n' ' ')" '"follower" "follower" "detractor" '
	eq "$(sed -n 3p "$T/out" | jq -c '[.influence.why[0], .influence.use]')" \
	    '["detractor:2 of 2 negative",["follow_up","senior_agent","raise_priority"]]'
}

@test "use: the consequences by tier come from the rules, in the shared rule language" {
	cat >"$T/influence.yaml" <<-'EOF'
	use:
	  - id: vip-queue
	    when: {influence.score: {ge: 40}, channel: twitter}
	    then: {tag: [priority_queue]}
	EOF
	run inf '{"id":"u","followers":10000000}'
	eq "$(msg '{"id":"u","followers":10000000}' | scs-influence --rules "$T/influence.yaml" | jq -c .influence.use)" '["priority_queue"]'
	eq "$(msg '{"id":"u","followers":10}' | scs-influence --rules "$T/influence.yaml" | jq -c .influence.use)" 'null'
}

@test "malformed lines are rejected with file:line, the run goes on, exit 65" {
	{ msg '{"id":"u"}'; echo '{"id":'; echo '[1,2]'; msg '{"id":"v"}'; } >"$T/in.jsonl"
	run_split scs-influence --rules "$RULES" --rejects "$T/rej.jsonl" "$T/in.jsonl"
	[ "$status" -eq 65 ]
	[ "$(printf '%s\n' "$output" | wc -l)" -eq 2 ]
	[[ "$stderr" == *"scs-influence: $T/in.jsonl:2: invalid JSON"* ]]
	[[ "$stderr" == *"$T/in.jsonl:3: not a JSON object"* ]]
	eq "$(jq -c '[.tool, .line, .input]' "$T/rej.jsonl" | tr '\n' ' ')" \
	    '["scs-influence",2,"{\"id\":"] ["scs-influence",3,"[1,2]"] '
	run scs-influence --rules "$RULES" --strict "$T/in.jsonl"
	[ "$status" -eq 65 ]
	run scs-influence --rules "$RULES" "$T/nonexistent"
	[ "$status" -eq 66 ]
}

@test "bad rules are refused with file:line:column, exit 78" {
	bad() {
		printf '%s\n' "$@" >"$T/influence.yaml"
		run scs-influence --check --rules "$T/influence.yaml"
		[ "$status" -eq 78 ]
	}
	bad 'reach: {points: 45, ful: 10}'
	[[ "$output" == *"$T/influence.yaml:1:26: reach: unknown key \"ful\""* ]]
	bad 'verified: 10' 'tiers: {low: 5, high: 50}'
	[[ "$output" == *"influence.yaml:2:8: tiers: the lowest tier must start at 0"* ]]
	bad 'flags:' '  journalist:' '    points: 500' '    words: [x]'
	[[ "$output" == *"influence.yaml:3:13: flags.journalist: 500 is out of range"* ]]
	bad 'flags:' '  journalist: {points: 5, words: [x, 3]}'
	[[ "$output" == *"influence.yaml:2:38: flags.journalist: expected a string"* ]]
	bad 'reachh: {points: 1}'
	[[ "$output" == *"influence.yaml:1:9: unknown section \"reachh\""* ]]
	bad 'use:' '  - id: x' '    when: {influence.tier: {any_wrod: [a]}}' '    then: {tag: y}'
	[[ "$output" == *"influence.yaml:3:"*"any_wrod"* ]]
	bad 'audience: {influencer: [gold]}'
	[[ "$output" == *"influence.yaml:1:25: audience.influencer: no tier \"gold\""* ]]
	bad 'tiers: {low: 0'
	[[ "$output" == *"influence.yaml:"* ]]
	run scs-influence --check --rules "$T/missing.yaml"
	[ "$status" -eq 78 ]
}

@test "--db: the author's history accumulates across two runs" {
	DB=$T/cases.db
	# run 1: the journalist complains; two others reply to her
	{ ID=1 msg '{"id":"twitter:u:ana","followers":12000,"bio":"Periodista"}' \
	      class='{"polarity":"negative","reason":"complaint"}' thread='{"id":"twitter:1"}'
	  ID=2 msg '{"id":"twitter:u:bob","followers":250000}' thread='{"id":"twitter:1","in_reply_to":"twitter:1"}'
	  ID=3 msg '{"id":"twitter:u:cid","followers":40000}' thread='{"id":"twitter:1","in_reply_to":"twitter:1"}'
	} >"$T/run1.jsonl"
	scs-influence --rules "$RULES" "$T/run1.jsonl" | scs-case --rules "$RULES" --db "$DB" >/dev/null
	eq "$(sqlite3 "$DB" "SELECT author, messages, negative, second_level FROM author_history WHERE author = 'twitter:u:ana'")" \
	    'twitter:u:ana|1|1|290000'
	# run 2: she writes again, negative: without the database a single
	# negative message; with it, her second, and the reach of her
	# amplifiers
	ID=4 msg '{"id":"twitter:u:ana","followers":12000,"bio":"Periodista"}' \
	    class='{"polarity":"negative","reason":"complaint"}' >"$T/run2.jsonl"
	run scs-influence --rules "$RULES" "$T/run2.jsonl"
	eq "$(jqf -c '[.influence.audience, .influence.second_level]')" '["follower",null]'
	without=$(jqf .influence.score)
	run scs-influence --rules "$RULES" --db "$DB" "$T/run2.jsonl"
	eq "$(jqf -c '[.influence.audience, .influence.second_level, .influence.first_seen]')" \
	    '["detractor",290000,"2026-11-22T10:00:00Z"]'
	eq "$(jqf -c '.influence.why[0:2]')" '["detractor:2 of 2 negative","followers:12000 +29"]'
	# the same run again after scs-case stored it: not counted twice
	scs-influence --rules "$RULES" --db "$DB" "$T/run2.jsonl" | scs-case --rules "$RULES" --db "$DB" >/dev/null
	run scs-influence --rules "$RULES" --db "$DB" "$T/run2.jsonl"
	eq "$(jqf -c '.influence.why[0]')" '"detractor:2 of 2 negative"'
	[ "$(jqf .influence.score)" -gt "$without" ]
}

@test "--db: amplifiers count for second_level.days (90) back from the newest stored message" {
	DB=$T/cases.db
	{ ID=1 msg '{"id":"twitter:u:ana","followers":12000}' thread='{"id":"twitter:1"}'
	  ID=2 msg '{"id":"twitter:u:bob","followers":250000}' thread='{"id":"twitter:1","in_reply_to":"twitter:1"}'
	  ID=3 msg '{"id":"twitter:u:cid","followers":40000}' thread='{"id":"twitter:1","in_reply_to":"twitter:1"}'
	} | scs-influence --rules "$RULES" | scs-case --rules "$RULES" --db "$DB" >/dev/null
	ID=4 msg '{"id":"twitter:u:ana","followers":12000}' >"$T/again.jsonl"
	run scs-influence --rules "$RULES" --db "$DB" "$T/again.jsonl"
	eq "$(jqf .influence.second_level)" 290000
	# 100 days later someone else writes: the replies to her are older
	# than the window now, and the start of a run reads no further back
	ID=5 msg '{"id":"twitter:u:dan","followers":10}' created_at='"2027-03-02T10:00:00Z"' |
	    scs-influence --rules "$RULES" | scs-case --rules "$RULES" --db "$DB" >/dev/null
	run scs-influence --rules "$RULES" --db "$DB" "$T/again.jsonl"
	eq "$(jqf .influence.second_level)" null
	# a year's look back in the rules counts them again
	mkdir "$T/rules" && cp "$RULES"/*.yaml "$T/rules/"
	sed -i 's/^  days: 90$/  days: 365/' "$T/rules/influence.yaml"
	grep -q '^  days: 365$' "$T/rules/influence.yaml"
	run scs-influence --rules "$T/rules" --db "$DB" "$T/again.jsonl"
	eq "$(jqf .influence.second_level)" 290000
	# and the setting is checked
	sed -i 's/^  days: 365$/  days: 0/' "$T/rules/influence.yaml"
	run scs-influence --check --rules "$T/rules"
	[ "$status" -eq 78 ]
	[[ "$output" == *"second_level.days"* ]]
}

@test "--db: absent, not a database, too old or too new are refused with their status" {
	run scs-influence --rules "$RULES" --db "$T/none.db" </dev/null
	[ "$status" -eq 66 ]
	[[ "$output" == *"$T/none.db"* ]]
	echo 'not a database at all, just some text that is long enough' >"$T/text.db"
	run scs-influence --rules "$RULES" --db "$T/text.db" </dev/null
	[ "$status" -eq 78 ]
	sqlite3 "$T/old.db" "CREATE TABLE accounts (id TEXT); PRAGMA user_version = 1"
	run scs-influence --rules "$RULES" --db "$T/old.db" </dev/null
	[ "$status" -eq 78 ]
	[[ "$output" == *"no author_history view"* ]]
	scs-case --rules "$RULES" --db "$T/new.db" </dev/null
	sqlite3 "$T/new.db" "PRAGMA user_version = 99"
	run scs-influence --rules "$RULES" --db "$T/new.db" </dev/null
	[ "$status" -eq 78 ]
	[[ "$output" == *"newer"* ]]
}

@test "amplifiers in the data: replies and quotes raise the author's later messages' second level, once per amplifier" {
	{ ID=1 msg '{"id":"ana","followers":100}' thread='{"id":"twitter:1"}'
	  ID=2 msg '{"id":"bob","followers":250000}' thread='{"id":"twitter:1","in_reply_to":"twitter:1"}'
	  ID=3 msg '{"id":"bob","followers":250000}' thread='{"id":"twitter:1","in_reply_to":"twitter:1"}'
	  ID=4 msg '{"id":"cid","followers":40000}' thread='{"id":"twitter:4","quote_of":"twitter:1"}'
	  ID=5 msg '{"id":"ana","followers":100}' thread='{"id":"twitter:1","in_reply_to":"twitter:1"}'
	  ID=6 msg '{"id":"dan","followers":-7}' thread='{"id":"twitter:6","repost_of":"twitter:5"}'
	  ID=7 msg '{"id":"ana","followers":100}'
	} | scs-influence --rules "$RULES" >"$T/out"
	eq "$(jq -c .influence.second_level "$T/out" | tr '\n' ' ')" 'null null null null 290000 null 290000 '
	eq "$(sed -n 7p "$T/out" | jq -c '.influence.why | map(select(startswith("second")))')" '["second_level:290000 +7"]'
}
