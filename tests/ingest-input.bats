#!/usr/bin/env bats
# scs-ingest: options, file layouts and bad input, whatever the format.
# Canonical records (-f scs) keep these tests independent of any channel.

load helper

setup() {
	T=$(mktemp -d)
	M1='{"id":"chat:1","channel":"chat","direction":"in","public":false,"text":"uno"}'
	M2='{"id":"chat:2","channel":"chat","direction":"in","public":false,"text":"dos"}'
	M3='{"id":"chat:3","channel":"chat","direction":"in","public":false,"text":"tres"}'
}

teardown() {
	rm -rf "$T"
}

@test "--help and --version" {
	run scs-ingest --help
	[ "$status" -eq 0 ]
	[[ "$output" == *"usage: scs-ingest"* ]]
	[[ "$output" == *"twitter-v2"* ]]
	run scs-ingest --version
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^scs-ingest\ [0-9]+\.[0-9]+ ]]
}

@test "usage errors exit 64" {
	run scs-ingest --no-such-option
	[ "$status" -eq 64 ]
	run scs-ingest -f no-such-format /dev/null
	[ "$status" -eq 64 ]
	[[ "$output" == *"unknown format 'no-such-format'"* ]]
	run scs-ingest --max-line 12x /dev/null
	[ "$status" -eq 64 ]
	run scs-ingest -f csv /dev/null
	[ "$status" -eq 64 ]
	[[ "$output" == *"needs a field mapping"* ]]
}

@test "a missing file exits 66 and the other files still come out" {
	printf '%s\n' "$M1" > "$T/a.jsonl"
	run_split scs-ingest -f scs "$T/nope.jsonl" "$T/a.jsonl"
	[ "$status" -eq 66 ]
	[[ "$stderr" == *"nope.jsonl: No such file or directory"* ]]
	eq "$(jqf -r .id)" "chat:1"
}

@test "stdin, - and several files" {
	printf '%s\n' "$M1" > "$T/a.jsonl"
	printf '%s\n' "$M2" | {
		run_split scs-ingest -f scs "$T/a.jsonl" -
		[ "$status" -eq 0 ]
		eq "$(jqf -r .id | tr '\n' ' ')" "chat:1 chat:2 "
	}
}

@test "empty input: a diagnostic, no records, status 0" {
	: > "$T/empty.json"
	run_split scs-ingest "$T/empty.json"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[[ "$stderr" == *"empty.json: empty input, no records"* ]]
	printf '\n  \n' | {
		run_split scs-ingest
		[ "$status" -eq 0 ]
		[ -z "$output" ]
		[[ "$stderr" == *"<stdin>: empty input, no records"* ]]
	}
}

@test "CRLF line ends and a UTF-8 BOM are accepted" {
	printf '\xef\xbb\xbf%s\r\n%s\r\n' "$M1" "$M2" > "$T/crlf.jsonl"
	run_split scs-ingest "$T/crlf.jsonl"
	[ "$status" -eq 0 ]
	eq "$(jqf -r .text | tr '\n' ' ')" "uno dos "
	eq "$(jqf -r .source.format | sort -u)" "scs"
}

@test "a pretty-printed document, an array, and concatenated documents" {
	printf '%s\n' "$M1" | jq . > "$T/pretty.json"
	printf '[%s,\n%s]\n' "$M2" "$M3" | jq . > "$T/array.json"
	{ printf '%s\n' "$M1" | jq .; printf '%s\n' "$M2" | jq .; } > "$T/concat.json"
	run_split scs-ingest --no-dedup "$T/pretty.json" "$T/array.json" "$T/concat.json"
	[ "$status" -eq 0 ]
	eq "$(jqf -r .id | tr '\n' ' ')" "chat:1 chat:2 chat:3 chat:1 chat:2 "
	printf '[%s,%s]\n' "$M1" "$M2" | {
		run_split scs-ingest
		eq "$(jqf -r .id | tr '\n' ' ')" "chat:1 chat:2 "
	}
}

@test "truncated JSON: the good lines come out, exit 65, the reject names the line" {
	printf '%s\n%s\n{"id":"chat:9","chan\n' "$M1" "$M2" > "$T/trunc.jsonl"
	run_split scs-ingest --rejects "$T/rej.jsonl" "$T/trunc.jsonl"
	[ "$status" -eq 65 ]
	eq "$(jqf -r .id | tr '\n' ' ')" "chat:1 chat:2 "
	[[ "$stderr" == *"trunc.jsonl:3: invalid JSON"* ]]
	eq "$(jq -c '[.type,.line,.input]' "$T/rej.jsonl")" '["reject",3,"{\"id\":\"chat:9\",\"chan"]'
}

@test "a truncated pretty-printed document is rejected at the end of input" {
	printf '%s\n' "$M1" | jq . | head -n 4 > "$T/cut.json"
	run_split scs-ingest -f scs "$T/cut.json"
	[ "$status" -eq 65 ]
	[ -z "$output" ]
	[[ "$stderr" == *"cut.json:1: truncated JSON"* ]]
}

@test "a broken element of a pretty-printed array costs only itself" {
	{ echo '['; printf '%s\n' "$M1" | jq .; echo ','; echo '{"id": "chat:x", "text": "no end'; echo ','; printf '%s\n' "$M2" | jq .; echo ']'; } > "$T/arr.json"
	run_split scs-ingest -f scs --rejects "$T/rej.jsonl" "$T/arr.json"
	[ "$status" -eq 65 ]
	eq "$(jqf -r .id | tr '\n' ' ')" "chat:1 chat:2 "
	eq "$(jq -r .reason "$T/rej.jsonl")" "string not closed at the end of the line (line 10)"
}

@test "a 20 MB line is rejected and the records around it survive" {
	{ printf '%s\n' "$M1"; printf '{"id":"chat:big","channel":"chat","direction":"in","public":false,"text":"'; head -c 20000000 /dev/zero | tr '\0' 'a'; printf '"}\n'; printf '%s\n' "$M2"; } > "$T/big.jsonl"
	run_split scs-ingest --rejects "$T/rej.jsonl" "$T/big.jsonl"
	[ "$status" -eq 65 ]
	eq "$(jqf -r .id | tr '\n' ' ')" "chat:1 chat:2 "
	len=$(sed -n 2p "$T/big.jsonl" | wc -c)
	[[ "$stderr" == *"big.jsonl:2: line of $((len - 1)) bytes is longer than --max-line (16777216)"* ]]
	eq "$(jq -c '[.line, has("input")]' "$T/rej.jsonl")" '[2,false]'
	# a larger limit takes it
	run_split scs-ingest --max-line 32M -f scs "$T/big.jsonl"
	[ "$status" -eq 0 ]
	eq "$(jqf -r .id | tr '\n' ' ')" "chat:1 chat:big chat:2 "
}

@test "an overlong first line is rejected too, and the format still guessed" {
	{ printf '{"id":"chat:big","text":"'; head -c 3000 /dev/zero | tr '\0' 'a'; printf '"}\n%s\n' "$M1"; } > "$T/first.jsonl"
	run_split scs-ingest --max-line 1k "$T/first.jsonl"
	[ "$status" -eq 65 ]
	eq "$(jqf -r .id)" "chat:1"
	[[ "$stderr" == *"first.jsonl:1: line of 3027 bytes is longer than --max-line (1024)"* ]]
	[[ "$stderr" != *"empty input"* ]]
}

@test "invalid UTF-8 is rejected byte-exact in the rejects file" {
	printf '%s\n{"id":"chat:5","channel":"chat","direction":"in","public":false,"text":"ca\xf1a"}\n%s\n' "$M1" "$M2" > "$T/latin1.jsonl"
	run_split scs-ingest --rejects "$T/rej.jsonl" "$T/latin1.jsonl"
	[ "$status" -eq 65 ]
	eq "$(jqf -r .id | tr '\n' ' ')" "chat:1 chat:2 "
	[[ "$stderr" == *"latin1.jsonl:2: invalid UTF-8 at column 75 (byte 0xf1)"* ]]
	jq -r .input_base64 "$T/rej.jsonl" | base64 -d > "$T/back"
	sed -n 2p "$T/latin1.jsonl" | head -c -1 | cmp - "$T/back"
}

@test "valid JSON that is not an object or array is rejected" {
	printf '"just a string"\n%s\n42\n' "$M1" | {
		run_split scs-ingest -f scs
		[ "$status" -eq 65 ]
		eq "$(jqf -r .id)" "chat:1"
		[[ "$stderr" == *"<stdin>:1: expected a JSON object or array"* ]]
		[[ "$stderr" == *"<stdin>:3: expected a JSON object or array"* ]]
	}
}

@test "--strict stops at the first rejected input, keeping what came before" {
	printf '%s\n{bad\n%s\n' "$M1" "$M2" > "$T/s.jsonl"
	run_split scs-ingest --strict "$T/s.jsonl"
	[ "$status" -eq 65 ]
	eq "$(jqf -r .id)" "chat:1"
	[[ "$stderr" == *"--strict"* ]]
}

@test "repeated ids are dropped and counted; --no-dedup keeps them" {
	printf '%s\n%s\n%s\n%s\n' "$M1" "$M2" "$M1" "$M1" > "$T/d.jsonl"
	run_split scs-ingest --stats "$T/d.jsonl"
	[ "$status" -eq 0 ]
	eq "$(jqf -r .id | tr '\n' ' ')" "chat:1 chat:2 "
	[[ "$stderr" == *"2 messages, 2 duplicates"* ]]
	run_split scs-ingest --no-dedup "$T/d.jsonl"
	eq "$(printf '%s\n' "$output" | wc -l)" 4
}

@test "the de-duplication window is bounded and exact" {
	printf '%s\n%s\n%s\n%s\n' "$M1" "$M2" "$M3" "$M1" > "$T/w.jsonl"
	run_split scs-ingest --dedup-window 2 "$T/w.jsonl"
	eq "$(jqf -r .id | tr '\n' ' ')" "chat:1 chat:2 chat:3 chat:1 "
	run_split scs-ingest --dedup-window 3 "$T/w.jsonl"
	eq "$(jqf -r .id | tr '\n' ' ')" "chat:1 chat:2 chat:3 "
}

@test "a payload of unknown shape asks for -f" {
	echo '{"hello":"world"}' | {
		run_split scs-ingest --rejects "$T/r.jsonl"
		[ "$status" -eq 65 ]
		[[ "$stderr" == *"cannot tell the format"* ]]
	}
	eq "$(jq -r .input "$T/r.jsonl")" '{"hello":"world"}'
}

@test "write errors exit 74" {
	printf '%s\n' "$M1" > "$T/a.jsonl"
	run scs-ingest "$T/a.jsonl"
	[ "$status" -eq 0 ]
	run bash -c 'scs-ingest "$1" > /dev/full' _ "$T/a.jsonl"
	[ "$status" -eq 74 ]
	[[ "$output" == *"write error"* ]]
}

@test "a rejects file that cannot be created exits 73" {
	run scs-ingest --rejects /nonexistent/dir/r.jsonl /dev/null
	[ "$status" -eq 73 ]
}

@test "--unbuffered writes each record as it is made" {
	coproc SI { scs-ingest --unbuffered -f scs; }
	printf '%s\n' "$M1" >&"${SI[1]}"
	read -r -t 5 line <&"${SI[0]}"
	eq "$(printf '%s' "$line" | jq -r .id)" "chat:1"
	exec {SI[1]}>&-
	wait
}
