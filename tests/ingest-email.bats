#!/usr/bin/env bats
# scs-ingest -f email: single messages, mbox, Maildir, and bad mail.
#
# The fixtures in fixtures/email are real test mails of open-source mail
# parsers (README.md there says which and what each one exercises), plus
# project-owned Spanish and KOI8-R mail in fixtures/email/scs.

load helper

setup() {
	T=$(mktemp -d)
	M=$FIX/email/messages
	S=$FIX/email/scs
	X=$FIX/email/mbox
}

teardown() {
	rm -rf "$T"
}

# Convert one fixture; the record is in $output, diagnostics in $stderr.
one() {
	run_split scs-ingest -f email "$@"
}

@test "plain message: every key" {
	one "$M/plain-apple-lf.eml"
	[ "$status" -eq 0 ]
	eq "$(jqf -S .)" "$(jq -cS . <<'EOF'
{"type":"message","id":"email:6B7EC235-5B17-4CA8-B2B8-39290DEB43A3@test.lindsaar.net",
 "channel":"email","direction":"in","created_at":"2008-11-22T04:04:59Z","public":false,
 "author":{"id":"email:test@lindsaar.net","name":"Mikel Lindsaar"},
 "to":["raasdnil@gmail.com"],"text":"Plain email.\n\nHope it works well!",
 "thread":{"id":"email:6B7EC235-5B17-4CA8-B2B8-39290DEB43A3@test.lindsaar.net"},
 "subject":"Testing 123","source":{"format":"email"}}
EOF
)"
	eq "$stderr" ""
}

@test "CRLF and LF copies of a message give the same record" {
	eq "$(scs-ingest -f email "$M/plain-apple-crlf.eml")" \
	    "$(scs-ingest -f email "$M/plain-apple-lf.eml")"
}

@test "format is guessed from the headers, and from a folder" {
	run_split scs-ingest "$M/plain-apple-lf.eml"
	[ "$status" -eq 0 ]
	eq "$(jqf -r .source.format)" email
	mkdir "$T/dir"
	cp "$M/plain-apple-lf.eml" "$M/reply-gmail-on-wrote.eml" "$T/dir"
	run_split scs-ingest "$T/dir"
	[ "$status" -eq 0 ]
	eq "$(jqf -r .subject | tr '\n' ' ')" "Testing 123 Re: Test "
}

@test "thread: root of References and In-Reply-To" {
	one "$M/reply-thunderbird-references-crlf.eml"
	eq "$(jqf .thread)" '{"id":"email:473FF3B8.9020707@xxx.org","in_reply_to":"email:348F04F142D69C21-291E56D292BC@xxxx.net"}'
	eq "$(jqf -r .subject)" "Re: Test reply email"
	eq "$(jqf -r .text)" "Message body"
	one "$M/reply-yahoo-original-message.eml"
	eq "$(jqf .thread)" '{"id":"email:1333374262.7063.15.camel@mg5","in_reply_to":"email:1333374262.7063.15.camel@mg5"}'
}

@test "no Message-ID: a stable id from the headers, and a warning for no Date" {
	one "$M/reply-outlook-from-sent-block.eml"
	[ "$status" -eq 0 ]
	id=$(jqf -r .id)
	[[ $id == email:hash-[0-9a-f]* ]]
	[ "${#id}" -eq 43 ]
	eq "$(jqf -r .thread.id)" "$id"
	eq "$(jqf -r '.created_at // "none"')" none
	[[ $stderr == *"reply-outlook-from-sent-block.eml:1: warning: $id: no Date, created_at left out"* ]]
	one "$M/reply-outlook-from-sent-block.eml"
	eq "$(jqf -r .id)" "$id"
}

@test "RFC 2047: Q and B words, split and adjacent words, charsets" {
	one "$M/latin1-q-subject-alt-attachment.eml"
	eq "$(jqf -r .subject)" "Mail avec fichier attaché de 1ko"
	one "$M/latin1-b-subject-usascii-q-from.eml"
	eq "$(jqf -r .subject)" "If you can read this you understand the example."
	eq "$(jqf -c .author)" '{"id":"email:moore@cs.utk.edu","name":"Keith Moore"}'
	eq "$(jqf -c .to)" '["keld@dkuug.dk","pirard@vm1.ulg.ac.be"]'
	one "$M/iso2022jp-body-b-subject.eml"
	eq "$(jqf -r .subject)" "日本語メールテスト (testing Japanese emails)"
	one "$M/utf8-q-from-subject-mixed-words.eml"
	eq "$(jqf -r .author.name)" "sendeär"
	eq "$(jqf -r .subject)" "[PRJ-OTH] asdf  árvíztűrő tükörfúrógép"
	one "$M/windows1252-qp-outlook.eml"
	eq "$(jqf -r .subject)" "Die Hasen und die Frösche (Microsoft Outlook 00)"
}

@test "raw UTF-8 headers (RFC 6532)" {
	one "$M/utf8-raw-headers-no-date.eml"
	eq "$(jqf -c '[.author, .to, .subject, .text]')" \
	    '[{"id":"email:jdöe@mächine.example","name":"Jöhn Doe"},["märy@exämple.net"],"Säying Hello","body"]'
}

@test "charsets: ISO-2022-JP, Windows-1252 QP, KOI8-R, lying us-ascii" {
	one "$M/iso2022jp-body-b-subject.eml"
	eq "$(jqf -r .text)" "$(printf "Let's see if both subject and body works fine...\n\n日本語が\n正常に\n送れているか\nテスト.")"
	one "$M/windows1252-qp-outlook.eml"
	[[ $(jqf -r .text) == "Die Hasen und die Frösche"* ]]
	[[ $(jqf -r .text) == *"mißliche Lage; \"wir leben\""* ]]
	one "$S/koi8r-body-b-words.eml"
	eq "$(jqf -c '[.author.name, .subject, .text]')" '["Петров","Вопрос","Привет, мой заказ не пришел."]'
	one "$M/malformed-usascii-declared-utf8-body.eml"
	[[ $(jqf -r .text) == *"∮ E⋅da = Q,  n → ∞"* ]]
	eq "$stderr" ""
}

@test "a charset that lies falls back to Windows-1252 with a warning" {
	one "$M/utf8-q-from-subject-mixed-words.eml"
	[ "$status" -eq 0 ]
	[[ $(jqf -r .text) == *"Det här är ett flerdelat"* ]]
	[[ $stderr == *"warning: email:14FBD481E1074C79A706F0C071746F3D@acerDator: unknown or wrong charset read as Windows-1252"* ]]
	printf 'From: a@b.c\nContent-Type: text/plain; charset=x-nonsense\n\nCaf\xe9\n' > "$T/m.eml"
	one "$T/m.eml"
	[ "$status" -eq 0 ]
	eq "$(jqf -r .text)" "Café"
	[[ $stderr == *"unknown or wrong charset"* ]]
}

@test "HTML-only mail becomes readable text" {
	one "$M/html-only-non-mime-latin1.eml"
	eq "$(jqf -r .text)" "This is a test mailing"
	one "$M/html-only-related-inline-png.eml"
	eq "$(jqf -c '[.text, .attachments]')" '["Test of HTML section",[{"type":"image","name":"favicon.png","mime":"image/png","size":687}]]'
	printf 'From: a@b.c\nContent-Type: text/html\n\n<html><head><title>t</title><style>p{}</style></head><body><script>x()</script><p>Hola &amp; chau&nbsp;&#241;</p><ul><li>uno</li><li>dos</li></ul><ol><li>a</li></ol><a href="https://x.example/f">la factura</a><br>fin</body></html>\n' > "$T/h.eml"
	one "$T/h.eml"
	eq "$(jqf -r .text)" "$(printf 'Hola & chau ñ\n- uno\n- dos\n1. a\nla factura (https://x.example/f)\nfin')"
}

@test "attachments: type, name (RFC 2231 and raw 8-bit), size; none stored" {
	one "$M/mixed-alt-related-inline-image-attachment.eml"
	eq "$(jqf -c '[.text, .attachments]')" '["Search for hähä",[{"type":"image","name":"kigaaldcbanejcbi.png","mime":"image/png","size":242},{"type":"image","name":"attach2.png","mime":"image/png","size":158}]]'
	one "$M/malformed-8bit-header-filename.eml"
	eq "$(jqf -c .attachments)" '[{"type":"file","name":"管理.doc","mime":"application/msword","size":7}]'
	one "$M/base64-root-image-no-text.eml"
	eq "$(jqf -c '[.text, .attachments]')" '[null,[{"type":"image","name":"screenshot.png","mime":"image/png","size":425}]]'
	one "$M/multipart-signed-pgp.eml"
	eq "$(jqf -c .attachments)" '[{"type":"file","name":"signature.asc","mime":"application/pgp-signature","size":190}]'
	printf 'From: a@b.c\nContent-Type: multipart/mixed; boundary=b\n\n--b\n\nhola\n--b\nContent-Type: application/pdf\nContent-Disposition: attachment;\n filename*0*=utf-8%s%%C3%%B1and;\n filename*1=u.pdf\nContent-Transfer-Encoding: base64\n\nQUJD\n--b--\n' "''" > "$T/a.eml"
	one "$T/a.eml"
	eq "$(jqf -c .attachments)" '[{"type":"file","name":"ñandu.pdf","mime":"application/pdf","size":3}]'
}

@test "forwarded messages are noted, and read when there is no other text" {
	one "$M/forward-html-message-rfc822.eml"
	eq "$(jqf -c '[.subject, .text, .attachments]')" '["Fwd: Test 5","An RFC 822 forward with a HTML body",[{"type":"message","name":"Test 5","mime":"message/rfc822","size":2135}]]'
	one "$M/forward-message-rfc822-crlf.eml"
	eq "$(jqf -c '[.text, .attachments]')" '["This is the first part.",[{"type":"message","name":"ForwardedMessage.eml","mime":"message/rfc822","size":3712},{"type":"file","name":"broken.pdf","mime":"application/pdf","size":1026}]]'
}

@test "visible text: quotes, attributions, Outlook blocks, signatures" {
	for f in reply-gmail-on-wrote reply-outlook-from-sent-block \
	    reply-aol-original-message reply-yahoo-original-message \
	    reply-hotmail-quoted-headers reply-android-base64-utf8-russian \
	    reply-sparrow-sig-nested-quotes reply-thunderbird-bottom-post \
	    reply-apple-mail-quoted-attribution; do
		one "$M/$f.eml"
		eq "$(jqf -r .text)" "Hello"
	done
	one "$M/reply-mailinglist-qp-utf8-signature.eml"
	eq "$(jqf -c '[.text, .author]')" '["+1 from me.",{"id":"email:tyra3l@gmail.com","name":"Ferenc Kovacs"}]'
	one "$M/usenet-quoted-epilogue-base64-ps.eml"
	eq "$(jqf -r .text)" 'Don'"'"'t you mean: "NeXTstep, NeXTSTEP, NEXTSTEP..."?'
	one "$M/spanish-sig-windows1252-no-headers.eml"
	eq "$(jqf -r .text)" "Best"
}

@test "visible text: Spanish attribution and Outlook De:/Enviado el: block" {
	one "$S/spanish-el-escribio-latin1-qp.eml"
	eq "$(jqf -c '[.author, .subject, .thread]')" '[{"id":"email:ana.perez@example.com.ar","name":"Ana Pérez"},"Re: Factura de octubre: ¿por qué me cobran dos veces?",{"id":"email:ana-1@example.com.ar","in_reply_to":"email:soporte-1@marca.example"}]'
	eq "$(jqf -r .text)" "$(printf 'Hola,\n\nsigo sin respuesta y me volvieron a cobrar el abono. Quiero la baja del servicio si no lo solucionan hoy.')"
	one "$S/spanish-outlook-de-enviado-cp1252.eml"
	eq "$(jqf -c '[.author.name, .subject, .text]')" '["Pérez, Juan","RE: Mi pedido no llegó","El pedido sigue sin llegar y nadie me contesta. “Urgente”: necesito la factura."]'
}

@test "--keep-quoted adds the whole body as text_full" {
	one --keep-quoted "$M/reply-gmail-on-wrote.eml"
	eq "$(jqf -r .text)" "Hello"
	eq "$(jqf -r .text_full)" "$(printf 'Hello\n\nOn Mon, Apr 2, 2012 at 6:26 PM, Megan One <xxx@gmail.com> wrote:\n\n> Hi')"
	one "$M/reply-gmail-on-wrote.eml"
	eq "$(jqf -r '.text_full // "none"')" none
}

@test "reply-parsing score on the fixtures is at least 90 %" {
	run "$BATS_TEST_DIRNAME/../scripts/eval-email" "$FIX/email"
	echo "$output" | tail -1 >&3
	[ "$status" -eq 0 ]
}

@test "auto-replies and bounces are auto: true" {
	one "$S/auto-submitted-reply.eml"
	eq "$(jqf .auto)" true
	one "$S/bounce-multipart-report.eml"
	eq "$(jqf -c '[.auto, .author.id, .attachments[0].mime]')" '[true,"email:mailer-daemon@mx.example","message/delivery-status"]'
	printf 'From: a@b.c\nPrecedence: bulk\n\nx\n' > "$T/p.eml"
	one "$T/p.eml"
	eq "$(jqf .auto)" true
	one "$M/plain-apple-lf.eml"
	eq "$(jqf '.auto // "none"')" '"none"'
}

@test "mbox: separators, >From unescaping, unescaped From in a body, BOM" {
	one "$X/gmail-takeout.mbox"
	[ "$status" -eq 0 ]
	eq "$(jqf -r .subject | tr '\n' ' ')" "Message 1 Message 2 Message 3 Message 4 "
	eq "$(jqf -c 'select(.attachments) | .attachments | length')" 1
	one "$X/unescaped-from-in-body.mbox"
	eq "$(printf '%s\n' "$output" | wc -l)" 2
	[[ $(jqf -r 'select(.subject | startswith("Another")) | .text') == *"From Russia with love"*"Year: 1963"* ]]
	one "$X/jwz-netscape-content-length.mbox"
	[ "$status" -eq 0 ]
	eq "$(printf '%s\n' "$output" | wc -l)" 29
	printf 'From a@b.c Thu Nov 19 10:00:00 2026\nFrom: a@b.c\nSubject: one\n\n>From here\n>>From there\nFrom nowhere\n\nFrom b@b.c Thu Nov 19 10:01:00 2026\nFrom: b@b.c\n\ntwo\n' > "$T/rd.mbox"
	one --keep-quoted "$T/rd.mbox"
	eq "$(jqf -c '[.text_full // .text, .created_at]')" "$(printf '%s\n%s' '["From here\n>From there\nFrom nowhere","2026-11-19T10:00:00Z"]' '["two","2026-11-19T10:01:00Z"]')"
	[[ $stderr == *"rd.mbox:1: warning: "*"no Date, time taken from the mbox From line"* ]]
}

@test "mbox of 500 messages, from stdin too" {
	for i in $(seq 1 500); do
		printf 'From c%d@example.com Mon Nov 23 10:00:00 2026\nFrom: Cliente %d <c%d@example.com>\nTo: soporte@marca.example\nSubject: pedido %d\nDate: Mon, 23 Nov 2026 10:%02d:00 +0000\nMessage-ID: <m%d@example.com>\n\nHola, mi pedido %d no llegó.\n\n' \
		    "$i" "$i" "$i" "$i" $((i % 60)) "$i" "$i"
	done > "$T/500.mbox"
	run_split scs-ingest --stats -f email "$T/500.mbox"
	[ "$status" -eq 0 ]
	eq "$(printf '%s\n' "$output" | wc -l)" 500
	eq "$(printf '%s\n' "$output" | sed -n 250p | jq -c '[.id, .author.id, .text]')" '["email:m250@example.com","email:c250@example.com","Hola, mi pedido 250 no llegó."]'
	eq "$stderr" "scs-ingest: 500 messages"
	run_split scs-ingest -f email - < "$T/500.mbox"
	eq "$(printf '%s\n' "$output" | wc -l)" 500
}

@test "Maildir: new/ and cur/, tmp/ ignored" {
	mkdir -p "$T/md/new" "$T/md/cur" "$T/md/tmp"
	cp "$M/plain-apple-lf.eml" "$T/md/new/1.host"
	cp "$M/reply-gmail-on-wrote.eml" "$T/md/cur/2.host:2,S"
	cp "$M/reply-aol-original-message.eml" "$T/md/tmp/3.host"
	one "$T/md"
	[ "$status" -eq 0 ]
	eq "$(jqf -r .subject | tr '\n' ' ')" "Testing 123 Re: Test "
	mkdir "$T/empty"
	one "$T/empty"
	[[ $stderr == *"no messages in this folder"* ]]
}

# ---- bad mail: a record with what could be read and a warning, or a
# ---- reject with a reason; never a crash or a hang.

@test "bad mail: missing final boundary, no boundary, empty multipart" {
	one "$M/malformed-missing-final-boundary.eml"
	[ "$status" -eq 0 ]
	eq "$(jqf -c '[.text, .attachments[0].name]')" '["A text section","foo_9E5D72.zip"]'
	[[ $stderr == *"closing MIME boundary missing"* ]]
	one "$M/malformed-multipart-no-boundary.eml"
	eq "$(jqf -c '[.text, .auto]')" "[\"I'm  multipart message without boundary\",true]"
	[[ $stderr == *"multipart without a boundary read as text"* ]]
	one "$M/malformed-empty-multipart.eml"
	eq "$(jqf -r .text)" "This part should be on the same level as the multipart/alternative and not a child."
	one "$M/malformed-8bit-empty-rfc822-dup-boundary.eml"
	[ "$status" -eq 0 ]
	eq "$(jqf -c '.attachments')" '[{"type":"message","mime":"message/rfc822","size":0}]'
	one "$X/boundary-torture.mbox"
	[ "$status" -eq 0 ]
	eq "$(printf '%s\n' "$output" | wc -l)" 3
}

@test "bad mail: bad base64, bad encoded word, 8-bit header bytes" {
	one "$M/malformed-bad-base64.eml"
	[ "$status" -eq 0 ]
	eq "$(jqf -c '.attachments[0].size')" 7
	[[ $stderr == *"bad base64 skipped"* ]]
	one "$M/malformed-bad-encoded-word.eml"
	[ "$status" -eq 0 ]
	eq "$(jqf -r .subject)" "TEST"
	printf 'From: Jos\xe9 <jose@example.com>\nSubject: Pap\xe1\n\nx\n' > "$T/8.eml"
	one "$T/8.eml"
	eq "$(jqf -c '[.author.name, .subject]')" '["José","Papá"]'
	[[ $stderr == *"8-bit bytes in a header read as Windows-1252"* ]]
}

@test "bad mail: truncated message, not mail at all" {
	head -c 1000 "$M/mixed-alt-related-inline-image-attachment.eml" > "$T/t.eml"
	one "$T/t.eml"
	[ "$status" -eq 0 ]
	eq "$(jqf -r .author.id)" "email:test@example.com"
	[[ $stderr == *"closing MIME boundary missing"* ]]
	printf 'hello, this is not mail\n' > "$T/n.eml"
	one --rejects "$T/rej" "$T/n.eml"
	[ "$status" -eq 65 ]
	[[ $stderr == *"n.eml:1: not an e-mail message: no header fields"* ]]
	eq "$(jq -r .input "$T/rej")" "hello, this is not mail"
	: > "$T/e.eml"
	one "$T/e.eml"
	[ "$status" -eq 0 ]
	eq "$output" ""
}

@test "bad mail: a 50 MB attachment is cut at --max-line with a warning" {
	{ printf 'From: a@b.c\nMessage-ID: <big@b.c>\nContent-Type: multipart/mixed; boundary=b\n\n--b\n\nsee attached\n--b\nContent-Type: application/zip; name=big.zip\nContent-Transfer-Encoding: base64\n\n'
	  head -c 37500000 /dev/zero | base64 -w 76
	  printf '\n--b--\n'
	  printf 'From x Mon Nov 23 10:00:00 2026\n'; } > "$T/big.eml"
	one --max-line 4M "$T/big.eml"
	[ "$status" -eq 0 ]
	eq "$(jqf -c '[.text, .attachments[0].name]')" '["see attached","big.zip"]'
	[ "$(jqf .attachments[0].size)" -lt 4194304 ]
	[[ $stderr == *"message over --max-line: truncated"* ]]
}

@test "bad mail: 10,000 nested parts are bounded" {
	awk 'BEGIN { print "From: a@b.c\nMessage-ID: <deep@b.c>";
	    for (i = 0; i < 10000; i++)
		printf "Content-Type: multipart/mixed; boundary=b%d\n\n--b%d\n", i, i;
	    print "\ndeep text" }' > "$T/deep.eml"
	one "$T/deep.eml"
	[ "$status" -eq 0 ]
	[[ $stderr == *"MIME nesting deeper than 32"* ]]
	awk 'BEGIN { print "From: a@b.c\nContent-Type: multipart/mixed; boundary=b\n";
	    for (i = 0; i < 10000; i++) printf "--b\n\npart %d\n", i;
	    print "--b--" }' > "$T/wide.eml"
	one "$T/wide.eml"
	[ "$status" -eq 0 ]
	eq "$(jqf -r .text)" "part 0"
	[[ $stderr == *"more than 1000 MIME parts"* ]]
}

@test "fuzz regressions: every input found by scripts/fuzz-email" {
	for f in "$BATS_TEST_DIRNAME"/fuzz/regress/*; do
		[ -f "$f" ] || continue
		run_split scs-ingest -f email --keep-quoted "$f"
		if [ "$status" -ne 0 ] && [ "$status" -ne 65 ]; then
			echo "$f: exit $status: $stderr"
			return 1
		fi
	done
}

@test "bad mail: pathological headers take linear time" {
	awk 'BEGIN { printf "From: a@b.c\nSubject: ";
	    for (i = 0; i < 200000; i++) printf "=?a?q?x";
	    printf "\n"; for (i = 0; i < 50000; i++) print "not a field";
	    print "X-Late: field\n\nbody" }' > "$T/slow.eml"
	run_split timeout 60 scs-ingest -f email "$T/slow.eml"
	[ "$status" -eq 0 ]
	eq "$(jqf -r .text)" body
}

@test "--brand: mail from a brand address is direction out" {
	one --brand Soporte@Marca.example "$S/auto-submitted-reply.eml"
	eq "$(jqf -r .direction)" out
	one --brand soporte@marca.example "$S/koi8r-body-b-words.eml"
	eq "$(jqf -r .direction)" in
}

@test "-f email reads standard input, and a NUL in a text part is dropped" {
	run_split sh -c "printf 'From: a@b.c\n\nuno\0dos\n' | scs-ingest -f email"
	[ "$status" -eq 0 ]
	eq "$(jqf -r .text)" unodos
}
