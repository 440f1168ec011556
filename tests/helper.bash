# Common set-up for the bats tests: load with `load helper`.
#
# SCS_BIN is the directory holding the tools under test (make sets it to
# the normal or the sanitizer build); fixtures live in tests/fixtures.

: "${SCS_BIN:=$BATS_TEST_DIRNAME/../bin}"
[ -d "$SCS_BIN" ] || SCS_BIN=$BATS_TEST_DIRNAME/../../bin
PATH="$SCS_BIN:$PATH"
FIX=$(cd "$BATS_TEST_DIRNAME" && pwd)/fixtures
[ -d "$FIX" ] || FIX=$(cd "$BATS_TEST_DIRNAME/.." && pwd)/fixtures
export PATH FIX
# Sanitizer builds must fail loudly, not print and carry on.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=99

# jqf FILTER: run jq -c over $output (the last `run`'s stdout).
jqf() {
	printf '%s\n' "$output" | jq -c "$@"
}

# Fail with a readable message unless "$1" equals "$2".
eq() {
	if [ "$1" != "$2" ]; then
		printf 'got:  %s\nwant: %s\n' "$1" "$2" >&2
		return 1
	fi
}

# The stdout of a command with stderr kept apart: run_split CMD...
# sets $output (stdout only), $stderr and $status.
run_split() {
	local errf rc=0
	errf=$(mktemp)
	output=$("$@" 2>"$errf") || rc=$?
	status=$rc
	stderr=$(cat "$errf")
	rm -f "$errf"
}
