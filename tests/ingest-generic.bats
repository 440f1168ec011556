#!/usr/bin/env bats
# scs-ingest -f csv, -f jsonl (with a field mapping) and -f scs.

load helper

setup() {
	T=$(mktemp -d)
	G=$FIX/generic
	SMSMAP=id=msg_id,author.id=from,to=to,created_at=received,text=body,direction=direction
}

teardown() {
	rm -rf "$T"
}

@test "csv: an SMS gateway export, field by field" {
	run_split scs-ingest -f csv --map "$SMSMAP" --set channel=sms "$G/sms-gateway.csv"
	[ "$status" -eq 0 ]
	eq "$(jqf -s length)" 3
	eq "$(jqf -s '.[0]')" '{"type":"message","id":"sms:a1","channel":"sms","direction":"in","created_at":"2026-11-22T10:15:00Z","public":false,"author":{"id":"sms:u:+5493415550101"},"to":["MarcaAyuda"],"text":"Hola, me cobraron dos veces la factura","source":{"format":"csv"}}'
	# Unix seconds, and a quoted line break kept as \n
	eq "$(jqf -s -c '.[1] | [.created_at, .text]')" '["2025-11-22T10:16:00Z","Sigo esperando.\nNadie responde"]'
	# SQL-style time taken as UTC; direction from the column
	eq "$(jqf -s -c '.[2] | [.created_at, .direction, .to]')" '["2026-11-22T10:20:00Z","out",["+5493415550101"]]'
}

@test "csv: auto-detected from the content when --map is given" {
	run_split scs-ingest --map "$SMSMAP" --set channel=sms "$G/sms-gateway.csv"
	[ "$status" -eq 0 ]
	eq "$(jqf -r .id | tr '\n' ' ')" "sms:a1 sms:a2 sms:a3 "
}

@test "csv: without --map a plain CSV is refused with the reason" {
	run_split scs-ingest "$G/sms-gateway.csv"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"sms-gateway.csv:1: header: a CSV that is not TWCS needs a field mapping"* ]]
}

@test "csv: a mapped column that is not there is named" {
	run_split scs-ingest -f csv --map text=cuerpo --set channel=sms "$G/sms-gateway.csv"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *'--map text=cuerpo: no column \"cuerpo\"'* ]] || [[ "$stderr" == *'no column "cuerpo"'* ]]
}

@test "csv: unterminated quote, bad time, wrong field count: rejected, the rest survive" {
	printf 'msg_id,from,received,body\n1,+54,2026-11-22T10:00:00Z,"ok uno"\n2,+54,2026-11-22T10:01:00Z,"sin cerrar\n3,+54,ayer,mala fecha\n4,+54,2026-11-22T10:03:00Z\n5,+54,2026-11-22T10:04:00Z,ok cinco\n' > "$T/bad.csv"
	run_split scs-ingest -f csv --map id=msg_id,author.id=from,created_at=received,text=body --set channel=sms --rejects "$T/rej.jsonl" "$T/bad.csv"
	[ "$status" -eq 65 ]
	eq "$(jqf -r .id | tr '\n' ' ')" "sms:1 sms:5 "
	[[ "$stderr" == *"bad.csv:3: unterminated quoted field"* ]]
	[[ "$stderr" == *'bad.csv:4: created_at: not a time: "ayer"'* ]]
	eq "$(jqf -r 'select(.id=="sms:5").text')" "ok cinco"
	[[ "$stderr" == *"bad.csv:5: 3 fields where the header has 4"* ]]
	eq "$(jq -c .line "$T/rej.jsonl" | tr '\n' ' ')" "3 4 5 "
	eq "$(jq -r 'select(.line==3).input' "$T/rej.jsonl")" '2,+54,2026-11-22T10:01:00Z,"sin cerrar'
}

@test "csv: semicolons, a BOM and CRLF from a spreadsheet" {
	printf '\xef\xbb\xbfid;texto;hora\r\n7;"hola; buen día";2026-11-22 09:00\r\n' > "$T/excel.csv"
	run_split scs-ingest --sep ';' -f csv --map id=id,text=texto,created_at=hora --set channel=webform "$T/excel.csv"
	[ "$status" -eq 0 ]
	eq "$(jqf -c '[.id,.text,.created_at,.public]')" '["webform:7","hola; buen día","2026-11-22T09:00:00Z",false]'
}

@test "csv: no id column gives a stable content hash id, so re-runs match" {
	run_split scs-ingest -f csv --map text=body,author.id=from --set channel=sms "$G/sms-gateway.csv"
	first=$(jqf -r .id | tr '\n' ' ')
	[[ "$first" =~ ^sms:h[0-9a-f]{16}\ sms:h[0-9a-f]{16}\ sms:h[0-9a-f]{16}\ $ ]]
	run_split scs-ingest -f csv --map text=body,author.id=from --set channel=sms "$G/sms-gateway.csv"
	eq "$(jqf -r .id | tr '\n' ' ')" "$first"
}

@test "jsonl: nested fields through a YAML mapping file" {
	run_split scs-ingest -f jsonl --map "$G/webform-map.yaml" "$G/webform.jsonl"
	[ "$status" -eq 0 ]
	eq "$(jqf -s '.[0]')" '{"type":"message","id":"webform:9001","channel":"webform","direction":"in","created_at":"2026-11-21T21:02:11Z","public":false,"author":{"id":"webform:u:ana@example.com","name":"Ana Pérez"},"text":"Quiero dar de baja mi línea.","subject":"Baja del servicio","source":{"format":"jsonl"}}'
	eq "$(jqf -s -r '.[1].text')" "¿Tienen fibra en Funes?"
}

@test "jsonl: a mistyped field is rejected naming it" {
	echo '{"n":{"x":1},"t":"hola"}' > "$T/x.jsonl"
	run_split scs-ingest -f jsonl --map id=n,text=t --set channel=chat "$T/x.jsonl"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *'"n" is an object, expected a plain value'* ]]
}

@test "mapping errors: unknown field, bad file, unknown channel" {
	run scs-ingest -f jsonl --map txet=body /dev/null
	[ "$status" -eq 64 ]
	[[ "$output" == *"unknown field 'txet'"* ]]
	printf 'map:\n  text: body\n  text: other\n' > "$T/dup.yaml"
	run scs-ingest -f jsonl --map "$T/dup.yaml" /dev/null
	[ "$status" -eq 64 ]
	[[ "$output" == *"dup.yaml:3:3: key \"text\" appears twice"* ]]
	printf 'mapa:\n  text: body\n' > "$T/typo.yaml"
	run scs-ingest -f jsonl --map "$T/typo.yaml" /dev/null
	[ "$status" -eq 64 ]
	[[ "$output" == *'typo.yaml:2:3: "mapa": expected a map: or set:'* ]]
	echo '{"t":"hola"}' > "$T/y.jsonl"
	run scs-ingest -f jsonl --map text=t --set channel=fax "$T/y.jsonl"
	[ "$status" -eq 65 ]
	[[ "$output" == *'unknown channel "fax"'* ]]
}

@test "scs: canonical records pass through; a fixed-up time is rebuilt" {
	run_split scs-ingest "$G/canonical.jsonl"
	[ "$status" -eq 0 ]
	# untouched records come out byte for byte
	eq "$(printf '%s\n' "$output" | sed -n 1,3p)" "$(sed -n 1,3p "$G/canonical.jsonl")"
	# a -03:00 time becomes UTC and source.format is added
	eq "$(printf '%s\n' "$output" | sed -n 4p | jq -c '[.created_at,.source]')" '["2026-11-22T10:15:00Z",{"format":"scs"}]'
}

@test "scs: a record breaking the contract is rejected with the field" {
	printf '%s\n' \
	    '{"id":"chat:1","channel":"chat","direction":"sideways","public":false}' \
	    '{"id":"sms:1","channel":"chat","direction":"in","public":false}' \
	    '{"id":"chat:2","channel":"chat","direction":"in","public":"no"}' \
	    '{"id":"chat:3","channel":"chat","direction":"in","public":false,"created_at":"22/11/2026"}' \
	    '{"id":"chat:4","channel":"chat","direction":"in","public":false,"author":{"id":7}}' \
	    '{"id":"chat:5","channel":"chat","direction":"in","public":false,"to":"MarcaAyuda"}' \
	    '{"id":"chat:6","channel":"chat","direction":"in","public":false}' > "$T/bad.jsonl"
	run_split scs-ingest -f scs "$T/bad.jsonl"
	[ "$status" -eq 65 ]
	eq "$(jqf -r .id)" "chat:6"
	[[ "$stderr" == *':1: "direction" must be in or out'* ]]
	[[ "$stderr" == *':2: "id" must be "chat:<native id>"'* ]]
	[[ "$stderr" == *':3: "public" must be true or false'* ]]
	[[ "$stderr" == *':4: "created_at" is not an RFC 3339 time'* ]]
	[[ "$stderr" == *':5: author: "id" must be a string'* ]]
	[[ "$stderr" == *':6: "to" must be an array of strings'* ]]
}

@test "extra.NAME carries other columns along" {
	run_split scs-ingest -f csv --map "$SMSMAP,extra.gateway_dir=direction" --set channel=sms --set extra.batch=7 "$G/sms-gateway.csv"
	[ "$status" -eq 0 ]
	eq "$(jqf -s -c '[.[] | .extra]')" '[{"batch":"7","gateway_dir":"inbound"},{"batch":"7","gateway_dir":"inbound"},{"batch":"7","gateway_dir":"outbound"}]'
	run scs-ingest -f csv --map extra.a.b=x --set channel=sms /dev/null
	[ "$status" -eq 64 ]
}
