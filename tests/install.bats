#!/usr/bin/env bats
# make install: the tools, their man pages and the rules they need.

load helper

setup() {
	T=$(mktemp -d)
	TOP=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
}

teardown() {
	rm -rf "$T"
}

@test "make install DESTDIR=... puts tools, man pages and complete rules in place" {
	run make -s -C "$TOP" install PREFIX=/usr/local DESTDIR="$T"
	[ "$status" -eq 0 ]
	for f in bin/scs-ingest bin/scs-classify bin/scs-case \
	    share/man/man1/scs-case.1 share/scs/rules/case.yaml \
	    share/scs/rules/agents.yaml share/man/man1/scs-ingest.1 \
	    share/man/man1/scs-classify.1 share/man/man5/scs-rules.5 \
	    share/man/man7/scs.7 share/scs/rules/classify.yaml \
	    share/scs/rules/model-reason.tsv share/scs/rules/NOTES \
	    share/scs/rules/LICENSE-CDLA-Sharing-1.0.txt \
	    share/scs/rules/lexicons/afinn-en.tsv share/scs/rules/lexicons/NOTES; do
		[ -f "$T/usr/local/$f" ] || { echo "missing $f"; false; }
	done
	# the installed rules are complete: they load and classify
	run "$T/usr/local/bin/scs-classify" --check --rules "$T/usr/local/share/scs/rules"
	[ "$status" -eq 0 ]
	out=$(echo '{"id":"chat:1","channel":"chat","direction":"in","public":false,"text":"quiero dar de baja"}' |
	    "$T/usr/local/bin/scs-classify" --rules "$T/usr/local/share/scs/rules")
	eq "$(printf '%s' "$out" | jq -r .class.subreason)" cancellation
	run make -s -C "$TOP" uninstall PREFIX=/usr/local DESTDIR="$T"
	[ "$status" -eq 0 ]
	[ ! -e "$T/usr/local/bin/scs-classify" ]
	[ ! -e "$T/usr/local/share/scs" ]
}
