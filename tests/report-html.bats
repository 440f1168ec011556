#!/usr/bin/env bats
# scs-report --format html: one self-contained page (nothing fetched),
# well formed, every table of the report in it, a chart for each table
# that asks for one, user data escaped; and a real browser (headless
# Chromium) draws it.

load helper

setup() {
	T=$(mktemp -d)
	RULES=$(cd "$BATS_TEST_DIRNAME/../rules" && pwd)
	DB=$T/cases.db
	NOW=2026-11-25T12:00:00Z
}

teardown() {
	rm -rf "$T"
}

# Names from user data that must come out as text, never as markup.
AGENT='<script>alert("agent")</script> & O'"'"'Brien'
PLACE='<script>alert(1)</script>'

# msg ID CHANNEL DIR TIME AUTHOR REASON [JQ...]: a classified message,
# the jq filters applied to it.
msg() {
	local id=$1 ch=$2 dir=$3 at=$4 au=$5 reason=$6 f='.'
	shift 6
	for x in "$@"; do f="$f | $x"; done
	jq -nc --arg id "$id" --arg ch "$ch" --arg dir "$dir" --arg at "$at" \
	    --arg au "$au" --arg reason "$reason" --arg who "${WHO:-}" \
	    --arg place "$PLACE" \
	    '{type:"message", id:$id, channel:$ch, direction:$dir,
	    created_at:$at, public:($ch == "twitter"), author:{id:$au},
	    text:("t " + $id), class:{reason:$reason, filter:null}} | '"$f"
}

# reply ID CHANNEL TIME TO AGENT: an agent's answer to message TO.
reply() {
	WHO=$5 msg "$1" "$2" out "$3" brand other '.agent = $who' \
	    ".thread = {id:\"$4\", in_reply_to:\"$4\"}"
}

# Three days on three channels: messages, answers (one by an agent
# with a hostile name), a message from a hostile place, a resolution
# and surveys.
corpus() {
	msg tw:1 twitter in 2026-11-22T10:00:00Z tw:u:1 complaint
	reply tw:2 twitter 2026-11-22T10:20:00Z tw:1 maria
	msg wa:1 whatsapp in 2026-11-22T11:00:00Z wa:u:2 question \
	    '.geo = {lat:-32.95, lon:-60.66, place:$place}'
	reply wa:2 whatsapp 2026-11-22T11:04:00Z wa:1 juan
	msg em:1 email in 2026-11-22T12:00:00Z em:u:3 request
	msg tw:3 twitter in 2026-11-23T09:30:00Z tw:u:4 question
	msg wa:3 whatsapp in 2026-11-23T13:00:00Z wa:u:5 complaint \
	    '.geo = {place:"Rosario"}'
	msg tw:4 twitter in 2026-11-23T15:00:00Z tw:u:6 praise
	reply em:2 email 2026-11-23T16:00:00Z em:1 juan
	reply tw:5 twitter 2026-11-23T09:45:00Z tw:3 maria
	msg wa:4 whatsapp in 2026-11-24T08:00:00Z wa:u:7 question
	msg tw:6 twitter in 2026-11-24T10:00:00Z tw:u:8 complaint
	msg em:3 email in 2026-11-24T11:00:00Z em:u:9 question
	reply wa:5 whatsapp 2026-11-24T08:30:00Z wa:4 "$AGENT"
	reply tw:7 twitter 2026-11-24T10:02:00Z tw:6 "$AGENT"
	jq -nc '
	    {type:"event", case:1, op:"resolve", outcome:"favorable",
	     agent:"maria", at:"2026-11-22T12:00:00Z"},
	    {type:"event", case:2, op:"resolve", outcome:"favorable",
	     agent:"juan", at:"2026-11-22T12:00:00Z"},
	    {type:"survey", case:1, at:"2026-11-22T13:00:00Z", csat:5,
	     nps:10},
	    {type:"survey", case:2, at:"2026-11-22T13:00:00Z", csat:3,
	     nps:6},
	    {type:"work", case:1, agent:"maria", seconds:240,
	     at:"2026-11-22T12:00:00Z"}'
}

make_db() {
	corpus | scs-case --rules "$RULES" --db "$DB" >/dev/null
}

# absent GREP-ARGS...: fails, showing them, when grep finds lines.
absent() {
	if grep -n "$@" >&2; then
		return 1
	fi
}

report() {
	scs-report --db "$DB" --rules "$RULES" --period day --now "$NOW" "$@"
}

# The ids of the tables the report has rows in.
table_ids() {
	report --format json "$@" | jq -r .table | sort -u
}

# section ID: the HTML of the report's section for table ID.
section() {
	awk -v id="$1" '
	    /^<section id="/ { on = index($0, "<section id=\"" id "\"") == 1 }
	    on { print }
	    /^<\/section>/ { on = 0 }' "$T/r.html"
}

@test "the page is one self-contained, well-formed HTML5 document" {
	make_db
	run_split report --format html -o "$T/r.html"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	eq "$(head -1 "$T/r.html")" '<!doctype html>'
	grep -q '<meta charset="utf-8"/>' "$T/r.html"
	grep -q '^<title>.*from .* to now</title>$' \
	    "$T/r.html"
	grep -q '<style>' "$T/r.html"
	grep -q '@media print' "$T/r.html"
	eq "$(tail -1 "$T/r.html")" '</html>'
	# nothing to fetch, nothing to run
	absent -Ei 'https?://|<script|src=|<link|@import|url\(|<iframe|<object|<img' \
	    "$T/r.html"
	# well formed: as XML (it is written so) and to an HTML parser
	if command -v xmllint >/dev/null; then
		sed 1d "$T/r.html" | xmllint --noout -
		# libxml2 knows HTML 4: its only complaint may be new tags
		run xmllint --html --noout "$T/r.html"
		errs=$(printf '%s\n' "$output" | grep 'error' |
		    grep -v 'Tag [a-z]* invalid' || true)
		eq "$errs" ""
	else
		[ "$(grep -c '<section id=' "$T/r.html")" -eq \
		    "$(grep -c '^</section>' "$T/r.html")" ]
	fi
}

@test "every table is in the contents and has its section; charted tables have a chart" {
	make_db
	report --format html -o "$T/r.html"
	ids=$(table_ids)
	for id in $ids; do
		grep -q "<li><a href=\"#$id\">" "$T/r.html"
		grep -q "^<section id=\"$id\"" "$T/r.html"
		section "$id" | grep -q '<table>'
	done
	# A table that asks for a chart has one, or says why not; no
	# other table has one.
	for id in $(grep -o '^<section id="[^"]*"' "$T/r.html" | cut -d'"' -f2)
	do
		s=$(section "$id")
		if [[ "$s" == *" data-chart="* ]]; then
			[[ "$s" == *"<svg viewBox=\"0 0 "* ||
			    "$s" == *'<p class="nodata">'* ]]
		else
			[[ "$s" != *"<svg"* ]]
		fi
	done
	[ -n "$ids" ] || skip "the scorecard has no tables yet (cmd/scs-report/scorecard.c): only the page was checked"
	# The scorecard's charts, each drawn: volume over time by channel,
	# service level, CSAT/NPS by agent (by day); reasons (not grouped).
	for id in trend response csat_by_agent; do
		section "$id" | grep -q '<svg viewBox="0 0 760 '
	done
	# a line per channel, a legend entry each
	eq "$(section trend | grep -c '<path class="line"')" 3
	eq "$(section trend | grep -o 'class="key">[a-z]*<' | tr '\n' ' ')" \
	    'class="key">email< class="key">twitter< class="key">whatsapp< '
	# numbers right-aligned, n/a muted, never 0
	grep -q '<td class="num">' "$T/r.html"
	grep -q '<td class="num na">n/a</td>' "$T/r.html"
	scs-report --db "$DB" --rules "$RULES" --now "$NOW" --format html \
	    -o "$T/r.html"
	section reasons | grep -q '<svg viewBox="0 0 760 '
}

@test "agent names and places from user data come out escaped" {
	make_db
	run report --format html -o "$T/r.html" --by agent,place
	[ "$status" -eq 0 ]
	absent '<script' "$T/r.html"
	absent -F "$AGENT" "$T/r.html"
	absent -F "$PLACE" "$T/r.html"
	json=$(report --format json --by agent,place)
	[ -n "$json" ] || skip "the scorecard has no tables yet (cmd/scs-report/scorecard.c)"
	if printf '%s\n' "$json" | grep -qF 'alert(\"agent\")'; then
		grep -qF '&lt;script&gt;alert(&quot;agent&quot;)&lt;/script&gt; &amp; O&#39;Brien' \
		    "$T/r.html"
	fi
	if printf '%s\n' "$json" | grep -qF 'alert(1)'; then
		grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' "$T/r.html"
	fi
	printf '%s\n' "$json" | grep -qF 'alert('
}

@test "an empty database: a valid page that says there is no data" {
	scs-case --rules "$RULES" --db "$DB" </dev/null >/dev/null
	run_split report --format html -o "$T/r.html"
	[ "$status" -eq 0 ]
	grep -q 'no data' "$T/r.html"
	absent '<svg' "$T/r.html"
	if command -v xmllint >/dev/null; then
		sed 1d "$T/r.html" | xmllint --noout -
	fi
}

@test "headless Chromium draws the page: a screenshot that is not blank" {
	command -v chromium >/dev/null ||
	    skip "chromium is not installed (scripts/install-deps installs it)"
	make_db
	report --format html -o "$T/r.html"
	run timeout 60 chromium --headless --no-sandbox --disable-gpu \
	    --disable-dev-shm-usage --disable-background-networking \
	    --no-first-run --hide-scrollbars --user-data-dir="$T/chromium" \
	    --window-size=1280,2000 --screenshot="$T/shot.png" \
	    "file://$T/r.html"
	if [ "$status" -ne 0 ] || [ ! -s "$T/shot.png" ]; then
		printf 'chromium: exit %s\n%s\n' "$status" "$output" >&2
		false
	fi
	# A PNG of the window's size (1280 = 0x500, 2000 = 0x7d0 in its
	# header), with more in it than a blank page, which Chromium
	# writes in about 12 kB.
	eq "$(od -An -tx1 -N8 "$T/shot.png" | tr -d ' \n')" 89504e470d0a1a0a
	eq "$(od -An -tx1 -j12 -N12 "$T/shot.png" | tr -d ' \n')" \
	    4948445200000500000007d0
	size=$(wc -c <"$T/shot.png")
	[ "$size" -gt 20000 ]
	# Where python3 is: the rows, once inflated, are not all alike.
	if command -v python3 >/dev/null; then
		run python3 -c '
import sys, zlib
d = open(sys.argv[1], "rb").read()
pos, idat = 8, b""
while pos < len(d):
    n, kind = int.from_bytes(d[pos:pos + 4], "big"), d[pos + 4:pos + 8]
    if kind == b"IDAT":
        idat += d[pos + 8:pos + 8 + n]
    pos += 12 + n
print(len(set(zlib.decompress(idat))))' "$T/shot.png"
		[ "$status" -eq 0 ]
		[ "$output" -gt 32 ]
	fi
	# For humans: the picture (and the page) beside the build.
	cp "$T/shot.png" "$BATS_TEST_TMPDIR/report-screenshot.png"
	# The build tree's, even when SCS_BIN is the checkout's bin/ of links.
	out=$(dirname "$(dirname "$(readlink -f "$SCS_BIN/scs-report")")")
	if cp "$T/shot.png" "$out/report-screenshot.png" 2>/dev/null; then
		cp "$T/r.html" "$out/report.html"
		echo "# screenshot: $out/report-screenshot.png (page: $out/report.html)" >&3
	else
		echo "# screenshot: $BATS_TEST_TMPDIR/report-screenshot.png" >&3
	fi
}
