#!/usr/bin/env bats
# scs-route: queues, priority, SLA, business hours, auto-replies, private
# channels, templates, agents from the case database; bad rules, records
# and databases.

load helper

setup() {
	T=$(mktemp -d)
	RULES=$(cd "$BATS_TEST_DIRNAME/../rules" && pwd)
	DB=$T/cases.db
}

teardown() {
	rm -rf "$T"
}

# m PATH=JQ...: an inbound chat message, open hours (Tuesday 12:00 in
# Buenos Aires), with the paths given set to the jq values.
m() {
	local f='.'
	for kv in "$@"; do f="$f | .${kv%%=*} = (${kv#*=})"; done
	jq -nc "{type:\"message\",id:\"chat:1\",channel:\"chat\",direction:\"in\",
	    created_at:\"2026-11-24T15:00:00Z\",public:false,
	    author:{id:\"chat:u:1\"},text:\"hola\",lang:\"es\",
	    class:{reason:\"question\",protocol:\"private\",sentiment:0,
	    polarity:\"neutral\",filter:null,action:\"respond\"}} | $f"
}

# r PATH=JQ...: the route scs-route gives that message.
r() {
	m "$@" | scs-route --rules "$RULES" | jq -c .route
}

# A rules folder with route.yaml from stdin, and the shipped templates.
rules_dir() {
	mkdir -p "$T/r"
	cat > "$T/r/route.yaml"
	cp "$RULES/templates.yaml" "$T/r/"
}

@test "--help, --version, --check on the shipped rules" {
	run scs-route --help
	[ "$status" -eq 0 ]
	[[ "$output" == *"usage: scs-route"* ]]
	run scs-route --version
	[[ "$output" =~ ^scs-route\ [0-9] ]]
	run scs-route --check --rules "$RULES"
	[ "$status" -eq 0 ]
	run scs-route --check --rules "$RULES/route.yaml"
	[ "$status" -eq 0 ]
	run scs-route --bogus
	[ "$status" -eq 64 ]
}

@test "route is spliced into the original bytes; outbound and other records pass through; a re-run replaces it" {
	line=$(m)
	out='{"type":"message","id":"chat:2","channel":"chat","direction":"out","text":"hola","agent":"maria"}'
	ev='{"type":"event","case":1,"op":"resolve"}'
	run_split scs-route --rules "$RULES" <<<"$line
$out
$ev"
	[ "$status" -eq 0 ]
	first=$(printf '%s\n' "$output" | sed -n 1p)
	[[ "$first" == "${line%\}},\"route\":{\"queue\":"* ]]
	eq "$(printf '%s\n' "$output" | sed -n 2p)" "$out"
	eq "$(printf '%s\n' "$output" | sed -n 3p)" "$ev"
	printf '%s\n' "$first" > "$T/once"
	scs-route --rules "$RULES" "$T/once" > "$T/twice"
	cmp "$T/once" "$T/twice"
}

@test "a rule that sets a field outside route: the record is written with it" {
	cp -R "$RULES" "$T/rr"
	awk '{ print } /^queue:$/ { print "  - id: flag-invoices"
	    print "    when: {text: {any_word: [factura]}}"
	    print "    then: {set: {extra.flag: 1}}"
	    print "    continue: true" }' "$RULES/route.yaml" > "$T/rr/route.yaml"
	{ m 'text="mi factura"'; m 'id="chat:2"' 'text="hola"' 'n=1.5'; } |
	    scs-route --rules "$T/rr" > "$T/out.jsonl"
	eq "$(jq -c '[.extra, .route.queue, (.route.why | index("flag-invoices") != null)]' "$T/out.jsonl" | tr '\n' ' ')" \
	    '[{"flag":1},"care",true] [null,"care",false] '
	eq "$(sed -n 2p "$T/out.jsonl" | jq .n)" 1.5
	# without such a rule, lines are written as they came, route added
	m 'text="mi factura"' 'n=1.50' | sed 's/1\.5/1.50/' > "$T/one.jsonl"
	scs-route --rules "$RULES" "$T/one.jsonl" | grep -q '"n":1.50'
}

@test "queue: baja goes to retention, with its answer template" {
	run r 'text="Quiero dar de baja la línea"' 'class.reason="request"' 'class.subreason="cancellation"'
	eq "$(jqf '[.queue,.priority,.template,.kb,.topics]')" '["retention",2,"retention_es","kb/baja-del-servicio",["cancellation"]]'
	[[ "$(jqf -r '.why|join(" ")')" == *"kw:baja->retention"*"retention->P2"* ]]
	# the keyword alone, without the classifier's subreason
	eq "$(r 'text="me doy de baja ya"' | jq -r .queue)" retention
}

@test "queue: technical problems to technical, promotions to the agency, several topics to care, else the default" {
	eq "$(r 'text="no tengo internet desde ayer"' | jq -c '[.queue,.why[0:2]]')" '["technical",["kw:technical","topic:technical->technical"]]'
	eq "$(r 'text="cómo participo del sorteo?"' | jq -r .queue)" agency
	eq "$(r 'text="can I still get that deal without a costume?"' | jq -r .queue)" agency
	# dealing with something is no deal
	eq "$(r 'text="I spent an hour trying to deal with your call center"' | jq -c '[.queue,.topics]')" '["care",null]'
	eq "$(r 'text="el modem no anda y la factura vino doble"' | jq -c '[.queue,.topics,(.why|index("topics:several->care") != null)]')" '["care",["technical","billing"],true]'
	eq "$(r 'text="quiero saber mi saldo"' | jq -r .queue)" care
	eq "$(r 'text="buen día"' | jq -c '[.queue,.why[0]]')" '["care","default:queue care"]'
}

@test "the rules read an e-mail's subject with its text, not a reply's; the text is written as it came" {
	eq "$(r 'channel="email"' 'subject="Sin internet desde el lunes"' 'text="Nombre: Pablo"' | jq -c '[.queue,.topics]')" '["technical",["technical"]]'
	eq "$(r 'channel="email"' 'subject="RE: Sin internet desde el lunes"' 'text="Nombre: Pablo"' | jq -c '[.queue,.topics]')" '["care",null]'
	out=$(m 'channel="email"' 'subject="Sin internet"' 'text="hola"' | scs-route --rules "$RULES")
	eq "$(echo "$out" | jq -c '[.text, .subject, .route.queue]')" '["hola","Sin internet","technical"]'
	# a record routed before is rebuilt whole, with its text as it came
	out=$(echo "$out" | scs-route --rules "$RULES")
	eq "$(echo "$out" | jq -c '[.text, .route.queue]')" '["hola","technical"]'
	out=$(m 'channel="email"' 'subject="Sin internet"' | jq -c 'del(.text)' | scs-route --rules "$RULES")
	eq "$(echo "$out" | jq -c '[has("text"), .route.queue]')" '[false,"technical"]'
}

@test "hostile messages from influential authors go to review by senior agents, P1" {
	run r 'text="son unos inútiles"' 'class.protocol="hostile"' 'class.reason="complaint"' 'influence={"score":80,"tier":"high"}'
	eq "$(jqf -c '[.queue,.priority,.why[0]]')" '["review",1,"hostile+influential->review"]'
	# hostile but not influential: an angry complaint, not review
	eq "$(r 'text="son unos inútiles"' 'class.protocol="hostile"' 'class.reason="complaint"' | jq -c '[.queue,.priority]')" '["care",2]'
}

@test "priority: influence, complaint, live channel, feedback, empty, default" {
	eq "$(r 'influence={"tier":"high"}' | jq .priority)" 1
	eq "$(r 'class.reason="complaint"' 'channel="email"' | jq .priority)" 3
	eq "$(r 'class.reason="complaint"' 'class.sentiment=-0.7' 'channel="email"' | jq .priority)" 2
	eq "$(r 'class.reason="other"' 'channel="whatsapp"' | jq -c '[.priority,.why[1]]')" '[3,"live channel->P3"]'
	eq "$(r 'class.reason="praise"' 'channel="twitter"' | jq .priority)" 4
	eq "$(r 'class.reason="other"' 'class.protocol="empty"' 'channel="email"' | jq .priority)" 5
	eq "$(r 'class.reason="other"' 'channel="email"' | jq -c '[.priority,(.why|index("default:P3") != null)]')" '[3,true]'
}

@test "SLA by channel and priority: chat minutes, social 1 h, e-mail 24 h, faster when urgent" {
	eq "$(r | jq -c '[.sla_s,.due_at]')" '[300,"2026-11-24T15:05:00Z"]'
	eq "$(r 'influence={"tier":"high"}' | jq .sla_s)" 120
	eq "$(r 'channel="twitter"' 'public=true' | jq -c '[.sla_s,.due_at]')" '[3600,"2026-11-24T16:00:00Z"]'
	eq "$(r 'channel="twitter"' 'public=true' 'influence={"tier":"high"}' | jq .sla_s)" 1800
	# e-mail: 24 business hours from Tuesday 12:00 (12 a day on weekdays)
	eq "$(r 'channel="email"' | jq -c '[.sla_s,.sla_clock,.due_at]')" '[86400,"business","2026-11-26T15:00:00Z"]'
}

@test "SLA in business hours across the close, or in calendar time" {
	# Friday 19:30 local, 1 h: half an hour on Friday, half on Saturday
	eq "$(r 'channel="twitter"' 'created_at="2026-11-27T22:30:00Z"' | jq -r .due_at)" 2026-11-28T12:30:00Z
	sed 's/^sla_clock: business$/sla_clock: calendar/' "$RULES/route.yaml" | rules_dir
	eq "$(m 'channel="twitter"' 'created_at="2026-11-27T22:30:00Z"' | scs-route --rules "$T/r" 2>/dev/null | jq -c '[.route.due_at,.route.sla_clock]')" '["2026-11-27T23:30:00Z",null]'
}

@test "WhatsApp: the deadline never passes the 24 h window" {
	# Saturday 14:00 local, closed until Monday 08:00: capped at 24 h
	run r 'channel="whatsapp"' 'created_at="2026-11-28T17:00:00Z"'
	eq "$(jqf -r .due_at)" 2026-11-29T17:00:00Z
	[[ "$(jqf -r '.why|join(" ")')" == *"window:whatsapp"* ]]
}

@test "business hours: open, closed at night, Saturday afternoon, a holiday" {
	run r
	eq "$(jqf -c '[.opens_at,.auto_reply]')" '[null,null]'
	# Monday 23:00 local
	run r 'created_at="2026-11-24T02:00:00Z"'
	eq "$(jqf -c '[.opens_at,.auto_reply.template,.auto_reply.opens_at]')" '["2026-11-24T11:00:00Z","out_of_hours_es","2026-11-24T11:00:00Z"]'
	[[ "$(jqf -r .auto_reply.text)" == *"mañana a las 08:00"* ]]
	# Saturday 14:00 local: Monday
	[[ "$(r 'created_at="2026-11-28T17:00:00Z"' | jq -r .auto_reply.text)" == *"el lunes 30/11 a las 08:00"* ]]
	# Thursday 24 December 20:30 local: Christmas is a holiday, Saturday
	run r 'created_at="2026-12-24T23:30:00Z"'
	eq "$(jqf -r .opens_at)" 2026-12-26T12:00:00Z
	[[ "$(jqf -r .auto_reply.text)" == *"el sábado 26/12 a las 09:00"* ]]
	# the technical queue keeps longer hours: open at 21:00 local
	eq "$(r 'text="no anda internet"' 'created_at="2026-11-25T00:00:00Z"' | jq -c '[.queue,.opens_at]')" '["technical",null]'
}

@test "time zones and DST: Madrid, the week clocks go forward and back" {
	rules_dir <<'YAML'
sla_clock: business
default_sla: 2h
hours:
  madrid: {tz: Europe/Madrid, week: {mon-fri: "09:00-18:00"}}
queues:
  care: {primary: care, hours: madrid}
YAML
	# Friday 17:30 CET: half an hour, then Monday 09:00 CEST + 1.5 h
	eq "$(m 'created_at="2026-03-27T16:30:00Z"' | scs-route --rules "$T/r" 2>/dev/null | jq -r .route.due_at)" 2026-03-30T08:30:00Z
	# Saturday: Monday 09:00 CEST is 07:00Z
	m 'created_at="2026-03-28T12:00:00Z"' 'lang="en"' | scs-route --rules "$T/r" > "$T/out" 2>/dev/null
	eq "$(jq -c '[.route.opens_at,.route.due_at]' "$T/out")" '["2026-03-30T07:00:00Z","2026-03-30T09:00:00Z"]'
	[[ "$(jq -r .route.auto_reply.text "$T/out")" == *"on Monday, Mar 30 at 09:00"* ]]
	# Friday 18:30 CEST before the clocks go back: Monday 09:00 CET = 08:00Z
	eq "$(m 'created_at="2026-10-23T16:30:00Z"' | scs-route --rules "$T/r" 2>/dev/null | jq -r .route.opens_at)" 2026-10-26T08:00:00Z
	# a zone the tz database does not know
	rules_dir <<'YAML'
hours:
  x: {tz: Europe/Atlantis, week: {mon-fri: "09:00-18:00"}}
queues:
  care: {primary: care, hours: x}
YAML
	run scs-route --check --rules "$T/r"
	[ "$status" -eq 78 ]
	[[ "$output" == *"$T/r/route.yaml:2:11: hours.x: unknown time zone"* ]]
}

@test "auto-reply: the message's language, calm for angry or hostile messages, never cheerful" {
	eq "$(r 'created_at="2026-11-24T02:00:00Z"' 'lang="en"' | jq -r .auto_reply.template)" out_of_hours_en
	eq "$(r 'created_at="2026-11-24T02:00:00Z"' 'class.protocol="hostile"' | jq -r .auto_reply.template)" out_of_hours_calm_es
	eq "$(r 'created_at="2026-11-24T02:00:00Z"' 'class.reason="complaint"' 'lang="en"' | jq -r .auto_reply.template)" out_of_hours_calm_en
	eq "$(r 'created_at="2026-11-24T02:00:00Z"' 'class.polarity="negative"' | jq -r .auto_reply.template)" out_of_hours_calm_es
	[[ "$(r 'created_at="2026-11-24T02:00:00Z"' 'class.sentiment=-0.3' | jq -r .auto_reply.text)" != *"¡"* ]]
	# a language without templates: the default one
	eq "$(r 'created_at="2026-11-24T02:00:00Z"' 'lang="pt"' | jq -r .auto_reply.template)" out_of_hours_es
}

@test "auto-reply: at most one per customer per closed period" {
	{ m 'created_at="2026-11-24T02:00:00Z"'
	  m 'created_at="2026-11-24T03:00:00Z"'
	  m 'created_at="2026-11-24T03:10:00Z"' 'author.id="chat:u:2"'
	  m 'created_at="2026-11-25T02:00:00Z"'; } | scs-route --rules "$RULES" > "$T/out"
	eq "$(jq -c '.route.auto_reply.template' "$T/out" | tr '\n' ' ')" '"out_of_hours_es" null "out_of_hours_es" "out_of_hours_es" '
	eq "$(sed -n 2p "$T/out" | jq -r '.route.why[-1]')" "auto_reply:already sent this period"
}

@test "names: a real name greets, a username never does" {
	eq "$(r 'created_at="2026-11-24T02:00:00Z"' 'author.name="Ana Pérez"' | jq -r .auto_reply.text | cut -d' ' -f1-2)" "¡Hola Ana!"
	eq "$(r 'created_at="2026-11-24T02:00:00Z"' 'author.name="xX_Dark_Xx"' | jq -r .auto_reply.text | cut -d' ' -f1)" "¡Hola!"
	eq "$(r 'created_at="2026-11-24T02:00:00Z"' 'author.name="La Bestia 99"' | jq -r .auto_reply.text | cut -d' ' -f1)" "¡Hola!"
	eq "$(r 'created_at="2026-11-24T02:00:00Z"' 'author.name="ana_p"' 'author.handle="ana_p"' | jq -r .auto_reply.text | cut -d' ' -f1)" "¡Hola!"
	eq "$(r 'created_at="2026-11-24T02:00:00Z"' 'author.name="Batman"' | jq -r .auto_reply.text | cut -d' ' -f1)" "¡Hola!"
}

@test "private channel: Twitter to DM, Facebook to Messenger, Instagram to IG DM, else e-mail; none when private" {
	eq "$(r 'channel="twitter"' 'public=true' | jq -r .private_channel)" twitter_dm
	eq "$(r 'channel="facebook"' 'public=true' | jq -r .private_channel)" messenger
	eq "$(r 'channel="instagram"' 'public=true' | jq -r .private_channel)" instagram_dm
	eq "$(r 'channel="youtube"' 'public=true' | jq -r .private_channel)" email
	eq "$(r 'channel="twitter"' 'public=false' | jq -r .private_channel)" null
}

@test "template suggestion by reason and language" {
	eq "$(r 'class.reason="complaint"' | jq -c '[.template,.kb]')" '["complaint_es","kb/reclamos"]'
	eq "$(r 'class.reason="complaint"' 'lang="en"' | jq -r .template)" complaint_en
	eq "$(r 'class.reason="praise"' 'lang="en"' | jq -c '[.template,.kb]')" '["praise_en",null]'
	eq "$(r 'class.reason="other"' | jq -r .template)" null
	# no lang: the classifier's, else the default
	eq "$(r 'class.reason="question"' 'lang=null' 'class.lang="en"' | jq -r .template)" question_en
}

@test "filtered, discarded and count-only messages get no queue" {
	eq "$(r 'class.filter="one_word"' 'class.action="count_only"' | jq -c .)" '{"queue":null,"count_only":true,"why":["filter:one_word->count only"]}'
	eq "$(r 'class.action="discard"' 'class.protocol="hostile_empty"' | jq -c .)" '{"queue":null,"count_only":true,"why":["action:discard->count only"]}'
	eq "$(r 'class.action="count_only"' | jq -c .why)" '["action:count_only->count only"]'
}

@test "missing fields: no class, no created_at, no channel, no author" {
	run_split scs-route --rules "$RULES" <<<'{"id":"x:1","text":"me doy de baja"}'
	[ "$status" -eq 0 ]
	eq "$(jqf -c '.route | [.queue,.priority,.sla_s,.due_at,(.why|index("no created_at: no due_at") != null)]')" '["retention",2,86400,null,true]'
	run_split scs-route --rules "$RULES" <<<'{"type":"message"}'
	[ "$status" -eq 0 ]
	eq "$(jqf -c '.route.queue')" '"care"'
}

@test "bad rules: file:line:column and exit 78" {
	rules_dir <<'YAML'
queues:
  care: {primary: care, hours: [
YAML
	run scs-route --check --rules "$T/r"
	[ "$status" -eq 78 ]
	[[ "$output" == *"$T/r/route.yaml:"[0-9]*:[0-9]*": "* ]]
	rules_dir <<'YAML'
queues:
  care: {primary: care, skils: [general]}
YAML
	run scs-route --check --rules "$T/r"
	[ "$status" -eq 78 ]
	[[ "$output" == *"route.yaml:2:32: queues.care: unknown key \"skils\""* ]]
	rules_dir <<'YAML'
queues:
  care: {primary: care}
queue:
  - id: x
    when: {text: {any_word: [a]}}
    then: {set: {route.queue: nowhere}}
YAML
	run scs-route --check --rules "$T/r"
	[ "$status" -eq 78 ]
	[[ "$output" == *"route.yaml:6:31: route.queue: not a queue"* ]]
	rules_dir <<'YAML'
queues:
  care: {primary: care}
priority:
  - id: x
    when: {text: {any_wrd: [a]}}
    then: {set: {route.priority: 1}}
YAML
	run scs-route --check --rules "$T/r"
	[ "$status" -eq 78 ]
	[[ "$output" == *"route.yaml:5:"* ]]
	rules_dir <<'YAML'
queues:
  care: {primary: care}
priority:
  - id: x
    when: {text: {any_word: [a]}}
    then: {set: {route.priority: 9}}
YAML
	run scs-route --check --rules "$T/r"
	[ "$status" -eq 78 ]
	[[ "$output" == *"route.yaml:6:34: route.priority: 1 (highest) to 5"* ]]
	rules_dir <<'YAML'
queues:
  care: {primary: care, hours: office}
hours:
  office: {tz: UTC, week: {mon-fri: "09:00-18:00"}, holidays: [2026-02-30x]}
YAML
	run scs-route --check --rules "$T/r"
	[ "$status" -eq 78 ]
	[[ "$output" == *"route.yaml:4:64: bad holiday"* ]]
	printf 'queues: {care: {primary: care}}\n' | rules_dir
	printf 'templates:\n  - id: a\n    text: x\n    tone: jolly\n' > "$T/r/templates.yaml"
	run scs-route --check --rules "$T/r"
	[ "$status" -eq 78 ]
	[[ "$output" == *"templates.yaml:4:11: tone: cheerful or calm"* ]]
	printf 'agents:\n  - id: a\n    capacity: lots\n' > "$T/r/agents.yaml"
	rm "$T/r/templates.yaml"
	run scs-route --check --rules "$T/r"
	[ "$status" -eq 78 ]
	[[ "$output" == *"agents.yaml:3:15: capacity"* ]]
	run scs-route --check --rules "$T/nowhere"
	[ "$status" -eq 78 ]
}

@test "bad records: file:line on stderr, --rejects, exit 65, the rest routed" {
	{ m; echo '{bad json'; m 'created_at="yesterday"'; echo '[1,2]'; m; } > "$T/in.jsonl"
	run_split scs-route --rules "$RULES" --rejects "$T/rej.jsonl" "$T/in.jsonl"
	[ "$status" -eq 65 ]
	eq "$(printf '%s\n' "$output" | wc -l)" 2
	[[ "$stderr" == *"in.jsonl:2: invalid JSON"* ]]
	[[ "$stderr" == *"in.jsonl:3: \"created_at\" is not an RFC 3339 time"* ]]
	[[ "$stderr" == *"in.jsonl:4: not a JSON object"* ]]
	eq "$(jq -c '[.tool,.line]' "$T/rej.jsonl" | tr '\n' ' ')" '["scs-route",2] ["scs-route",3] ["scs-route",4] '
	run_split scs-route --strict --rules "$RULES" "$T/in.jsonl"
	[ "$status" -eq 65 ]
	eq "$(printf '%s\n' "$output" | wc -l)" 1
}

# A case database made by scs-case, with a VIP customer whose last case
# was maria's.
make_db() {
	scs-case --rules "$RULES" --db "$DB" </dev/null
	sqlite3 "$DB" <<'SQL'
INSERT INTO customers (id, name, segment, created_at) VALUES ('c-1', 'Carla Ruiz', 'vip', '2026-01-01T00:00:00Z');
INSERT INTO accounts (id, channel, customer, consent) VALUES ('twitter:u:9', 'twitter', 'c-1', 1);
INSERT INTO cases (id, status, owner, customer, account, identity, opened_at, updated_at, agent)
  VALUES (1, 'resolved', 'c-1', 'c-1', 'twitter:u:9', 'verified', '2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z', 'maria');
SQL
}

@test "--db: segment, sticky agent while on shift and under capacity" {
	make_db
	m 'author.id="twitter:u:9"' 'channel="twitter"' > "$T/vip"
	run_split scs-route --rules "$RULES" --db "$DB" "$T/vip"
	[ "$status" -eq 0 ]
	eq "$(jqf -c '.route | [.segment,.priority,.agent,.group,.team]')" '["vip",1,"maria","primary","care"]'
	[[ "$(jqf -r '.route.why|join(" ")')" == *"segment:high value->P1"*"sticky:maria (load 0/6)"* ]]
	# shifts recorded: maria is off, so the queue's agents (Spanish: none
	# but maria in care) - no agent; in English, tom
	sqlite3 "$DB" "INSERT INTO shifts VALUES ('tom', '2026-11-24T11:00:00Z', '2026-11-24T19:00:00Z')"
	run_split scs-route --rules "$RULES" --db "$DB" "$T/vip"
	eq "$(jqf -c '.route.agent')" null
	[[ "$(jqf -r '.route.why|join(" ")')" == *"sticky:maria not free"*"agent:none free in care"* ]]
	m 'author.id="twitter:u:9"' 'lang="en"' | scs-route --rules "$RULES" --db "$DB" > "$T/out"
	eq "$(jq -r .route.agent "$T/out")" tom
	# a verified customer's name greets, out of hours
	m 'author.id="twitter:u:9"' 'created_at="2026-11-24T02:00:00Z"' | scs-route --rules "$RULES" --db "$DB" > "$T/out"
	[[ "$(jq -r .route.auto_reply.text "$T/out")" == "¡Hola Carla!"* ]]
}

@test "--db: spare capacity, the secondary group, ties round-robin" {
	make_db
	for i in 2 3 4 5; do
		sqlite3 "$DB" "INSERT INTO cases (id, status, owner, account, identity, opened_at, updated_at, agent) VALUES ($i, 'open', 'o$i', 'o$i', 'unverified', '2026-11-20T00:00:00Z', '2026-11-20T00:00:00Z', 'lucia')"
	done
	# lucia (retention) has 4 open cases of 4: the secondary group, care
	m 'text="quiero la baja"' 'author.id="x:u:1"' | scs-route --rules "$RULES" --db "$DB" > "$T/out"
	eq "$(jq -c '.route | [.queue,.group,.team,.agent]' "$T/out")" '["retention","secondary","care","maria"]'
	# English care messages: maria and tom take turns
	for i in 1 2 3 4; do m 'lang="en"' "author.id=\"x:u:$i\""; done | scs-route --rules "$RULES" --db "$DB" > "$T/out"
	eq "$(jq -r .route.agent "$T/out" | tr '\n' ' ')" 'maria tom maria tom '
}

@test "--db: an auto-reply already recorded this period is not sent again" {
	make_db
	sqlite3 "$DB" "INSERT INTO messages (id, case_id, direction, created_at, record, stored_at) VALUES ('twitter:5', 1, 'in', '2026-11-24T01:00:00Z', '{\"route\":{\"auto_reply\":{\"template\":\"out_of_hours_es\"}}}', '2026-11-24T01:00:00Z'); UPDATE cases SET updated_at = '2026-11-24T01:00:00Z' WHERE id = 1"
	m 'author.id="twitter:u:9"' 'created_at="2026-11-24T02:00:00Z"' | scs-route --rules "$RULES" --db "$DB" > "$T/out"
	eq "$(jq -c '[.route.auto_reply, .route.why[-2]]' "$T/out")" '[null,"auto_reply:already sent this period (db)"]'
	# the next night is another period
	m 'author.id="twitter:u:9"' 'created_at="2026-11-25T02:00:00Z"' | scs-route --rules "$RULES" --db "$DB" > "$T/out"
	eq "$(jq -r '.route.auto_reply.template' "$T/out")" out_of_hours_es
}

@test "--db: missing (66), not a case database or newer (78), locked (75)" {
	run scs-route --rules "$RULES" --db "$T/none.db" </dev/null
	[ "$status" -eq 66 ]
	[[ "$output" == *"none.db: cannot open the database: no such file (create it first: scs-case --db $T/none.db < /dev/null)"* ]]
	sqlite3 "$T/empty.db" "CREATE TABLE t (x)"
	run scs-route --rules "$RULES" --db "$T/empty.db" </dev/null
	[ "$status" -eq 78 ]
	[[ "$output" == *"not a case database"* ]]
	make_db
	v=$(sqlite3 "$DB" "PRAGMA user_version")
	sqlite3 "$DB" "PRAGMA user_version = 99"
	run scs-route --rules "$RULES" --db "$DB" </dev/null
	[ "$status" -eq 78 ]
	[[ "$output" == *"newer"* ]]
	sqlite3 "$DB" "PRAGMA user_version = $v; PRAGMA journal_mode = delete" >/dev/null
	# another process holds an exclusive lock past the 10 s timeout
	sqlite3 "$DB" "BEGIN EXCLUSIVE; SELECT 1;" ".shell sleep 13" "COMMIT;" >/dev/null 3>&- &
	sleep 1
	run_split scs-route --rules "$RULES" --db "$DB" <<<"$(m)"
	wait
	[ "$status" -eq 75 ]
	[[ "$stderr" == *"busy"* ]]
}

@test "--db: a customer's later messages in the run stay with the agent given, without counting twice" {
	make_db
	for i in 1 2 3; do m 'lang="en"' 'author.id="x:u:7"' "id=\"chat:$i\""; done | scs-route --rules "$RULES" --db "$DB" > "$T/out"
	eq "$(jq -r .route.agent "$T/out" | tr '\n' ' ')" 'maria maria maria '
	eq "$(jq -r '.route.why[-1]' "$T/out" | tr '\n' '|')" 'agent:maria (load 0/6)|sticky:maria (this run)|sticky:maria (this run)|'
	# the next customer goes to the least loaded: tom
	{ m 'lang="en"' 'author.id="x:u:7"'; m 'lang="en"' 'author.id="x:u:8"'; } | scs-route --rules "$RULES" --db "$DB" > "$T/out"
	eq "$(jq -r .route.agent "$T/out" | tr '\n' ' ')" 'maria tom '
}

@test "--db: review goes to senior agents only" {
	make_db
	for i in 2 3 4 5; do
		sqlite3 "$DB" "INSERT INTO cases (id, status, owner, account, identity, opened_at, updated_at, agent) VALUES ($i, 'open', 'o$i', 'o$i', 'unverified', '2026-11-20T00:00:00Z', '2026-11-20T00:00:00Z', 'lucia')"
	done
	sqlite3 "$DB" "INSERT INTO cases (id, status, owner, account, identity, opened_at, updated_at, agent) VALUES (6, 'open', 'o6', 'o6', 'unverified', '2026-11-20T00:00:00Z', '2026-11-20T00:00:00Z', 'maria')"
	# lucia (retention, senior) is full; in care, tom has less load but
	# was hired in 2024: maria (2017)
	m 'lang="en"' 'author.id="x:u:1"' 'class.protocol="hostile"' 'influence={"tier":"high"}' | scs-route --rules "$RULES" --db "$DB" > "$T/out"
	eq "$(jq -c '.route | [.queue,.priority,.group,.agent]' "$T/out")" '["review",1,"secondary","maria"]'
	# not review: the least loaded, tom
	m 'lang="en"' 'author.id="x:u:2"' | scs-route --rules "$RULES" --db "$DB" > "$T/out"
	eq "$(jq -r .route.agent "$T/out")" tom
}

@test "the suggested answer comes with its text, the customer's first name only when it is a real name" {
	mkdir -p "$T/r"
	cp "$RULES/route.yaml" "$RULES/agents.yaml" "$T/r/" 2>/dev/null || cp "$RULES/route.yaml" "$T/r/"
	cat > "$T/r/templates.yaml" <<'YAML'
default_lang: es
templates:
  - id: q_es
    kind: answer
    lang: es
    reasons: [question]
    text: "Hola{name}, te cuento cómo es."
YAML
	m 'author.name="Ana Pérez"' 'author.handle="ana_p"' | scs-route --rules "$T/r" > "$T/out"
	eq "$(jq -c '.route | [.template, .template_text]' "$T/out")" '["q_es","Hola Ana, te cuento cómo es."]'
	# a name that is the username is no name
	m 'author.name="ana_p"' 'author.handle="ana_p"' | scs-route --rules "$T/r" > "$T/out"
	eq "$(jq -r '.route.template_text' "$T/out")" "Hola, te cuento cómo es."
}
