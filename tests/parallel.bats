#!/usr/bin/env bats
# The stateless stages split over cores with GNU parallel, as scs(7)
# "Scaling past one machine" says: the same bytes as one process.

load helper

setup_file() {
	command -v parallel >/dev/null 2>&1 || return 0
	local rules top
	top=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
	rules=$top/rules
	# A few thousand generated WhatsApp messages (seeded), each author
	# made unique: what a stage remembers within a run (repeated texts,
	# one auto-reply per customer and closed period) is per author, so
	# blocks cut anywhere give the same output.
	sh "$top/scripts/gen-sample" whatsapp 2 | scs-ingest -f whatsapp |
	    jq -c '.author.id += "." + (input_line_number | tostring)' \
	    > "$BATS_FILE_TMPDIR/in.jsonl"
	scs-classify --rules "$rules" "$BATS_FILE_TMPDIR/in.jsonl" |
	    scs-influence --rules "$rules" > "$BATS_FILE_TMPDIR/weighed.jsonl"
	# The labeled fixture six times over, each copy under other message
	# and author ids: authors with several messages, repeats, threads,
	# out-of-hours messages of one customer.
	for k in 1 2 3 4 5 6; do
		jq -c --arg k "$k" '.id += "." + $k
		    | if .author.id then .author.id += "." + $k else . end' \
		    "$FIX/classify/scs-labeled.jsonl"
	done > "$BATS_FILE_TMPDIR/labeled.jsonl"
}

setup() {
	command -v parallel >/dev/null 2>&1 ||
	    skip "GNU parallel is not installed (Debian: apt-get install parallel, or scripts/install-deps)"
	RULES=$(cd "$BATS_TEST_DIRNAME/../rules" && pwd)
	IN=$BATS_FILE_TMPDIR/in.jsonl
	T=$BATS_TEST_TMPDIR
	# No citation notice on stderr: the tests read stdout only anyway.
	export PARALLEL_HOME=$T/parallel
	mkdir -p "$PARALLEL_HOME"
	: > "$PARALLEL_HOME/will-cite"
}

# blocks FILE: how many chunks parallel --pipe --block 100k makes of FILE.
blocks() {
	parallel --pipe --block 100k -j2 'wc -l' < "$1" | wc -l
}

@test "the input is a few thousand lines in many blocks" {
	n=$(wc -l < "$IN")
	[ "$n" -ge 3000 ]
	[ "$(jq -r .author.id "$IN" | sort | uniq -d | wc -l)" -eq 0 ]
	[ "$(blocks "$IN")" -ge 10 ]
}

@test "scs-classify through parallel --pipe --keep-order -j2 gives the bytes of one process" {
	scs-classify --rules "$RULES" "$IN" > "$T/one"
	parallel --pipe --keep-order -j2 --block 100k \
	    scs-classify --rules "$RULES" < "$IN" > "$T/split"
	[ "$(wc -l < "$T/one")" -eq "$(wc -l < "$IN")" ]
	cmp "$T/one" "$T/split"
	# and with the default block size (1 MB)
	parallel --pipe --keep-order -j2 scs-classify --rules "$RULES" \
	    < "$IN" > "$T/split1m"
	cmp "$T/one" "$T/split1m"
}

@test "scs-route through parallel --pipe --keep-order -j2 gives the bytes of one process" {
	W=$BATS_FILE_TMPDIR/weighed.jsonl
	scs-route --rules "$RULES" "$W" > "$T/one"
	parallel --pipe --keep-order -j2 --block 100k \
	    scs-route --rules "$RULES" < "$W" > "$T/split"
	cmp "$T/one" "$T/split"
}

@test "the three stages chained, each split: the bytes of the single-process pipeline" {
	scs-classify --rules "$RULES" "$IN" | scs-influence --rules "$RULES" |
	    scs-route --rules "$RULES" > "$T/one"
	parallel --pipe --keep-order -j2 --block 100k scs-classify --rules "$RULES" < "$IN" |
	    parallel --pipe --keep-order -j2 --block 100k scs-influence --rules "$RULES" |
	    parallel --pipe --keep-order -j2 --block 100k scs-route --rules "$RULES" > "$T/split"
	cmp "$T/one" "$T/split"
}

# shard N DIR: the splitter of scs(7): each line to DIR/shardK.jsonl, K a
# hash of its author.id modulo N, in the order the lines came.
shard() {
	LC_ALL=C awk -v n="$1" -v dir="$2" '
	BEGIN { for (i = 1; i < 256; i++) ord[sprintf("%c", i)] = i }
	{
		h = 0
		if (match($0, /"author":\{"id":"[^"]*"/))
			for (i = RSTART + 16; i < RSTART + RLENGTH - 1; i++)
				h = (h * 31 + ord[substr($0, i, 1)]) % 16777213
		print > (dir "/shard" h % n ".jsonl")
	}'
}

@test "split by author (the awk splitter of scs(7)): each author in one shard, in order; the same records" {
	L=$BATS_FILE_TMPDIR/labeled.jsonl
	# authors with more than one message, so the split matters
	[ "$(jq -r '.author.id // empty' "$L" | sort | uniq -d | wc -l)" -ge 50 ]
	mkdir "$T/a" "$T/b"
	shard 3 "$T/a" < "$L"
	shard 3 "$T/b" < "$L"
	for k in 0 1 2; do
		[ -s "$T/a/shard$k.jsonl" ]
		# the same split every run: a customer's shard is for good
		cmp "$T/a/shard$k.jsonl" "$T/b/shard$k.jsonl"
		jq -r '.author.id // empty' "$T/a/shard$k.jsonl" | sort -u
	done | sort | uniq -d > "$T/in-two"
	[ ! -s "$T/in-two" ]
	# order kept within a shard: each shard is a subsequence of the input
	for k in 0 1 2; do
		jq -r .id "$T/a/shard$k.jsonl" > "$T/ids$k"
		jq -r .id "$L" | grep -Fxf "$T/ids$k" | cmp - "$T/ids$k"
	done
	# the whole stateless chain per shard: the records of one process
	scs-classify --rules "$RULES" "$L" | scs-influence --rules "$RULES" |
	    scs-route --rules "$RULES" | sort > "$T/one"
	[ "$(grep -c '"filter":"repeated"' "$T/one")" -ge 6 ]
	for k in 0 1 2; do
		scs-classify --rules "$RULES" "$T/a/shard$k.jsonl" |
		    scs-influence --rules "$RULES" | scs-route --rules "$RULES"
	done | sort > "$T/split"
	cmp "$T/one" "$T/split"
}
