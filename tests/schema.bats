#!/usr/bin/env bats
# schema.bats: the JSON Schema of a dossier (dmn-ask --schema), made from the questionnaire,
# checked with ajv-cli after reading each YAML file as yaml-language-server reads it (the
# npm package yaml, YAML 1.2): the example dossiers and a corpus of answers dmn-validate
# accepts pass it, and each kind of invalid answer dmn-validate reports is rejected by it
# too, at the same place. The npm tools are in build/npm (make deps-npm); setup_file checks
# every file with one ajv run per questionnaire. What the questionnaire says comes from
# tests/questionnaire.py (q).

load helper

NPM=$ROOT/build/npm/node_modules
AJV=$NPM/.bin/ajv

# The corpus, in $DIR, dossiers of questionnaire $QID: good-NAME.yaml, where dmn-validate
# finds no invalid answer; bad-NAME.yaml and bad-NAME.want: dmn-validate's exit status, a
# part of its message, and the place (a JSON pointer) where ajv must find an error.
case_dossier() {
	dossier "$1" "${@:2}"
	[ "$QID" = has-dmn-2023 ] || sed -i "s/^questionnaire: has-dmn-2023\$/questionnaire: $QID/" "$1"
}

good() {
	case_dossier "$DIR/good-$1.yaml" "${@:2}"
}

# bad NAME STATUS MESSAGE POINTER [ANSWER-LINES...]
bad() {
	case_dossier "$DIR/bad-$1.yaml" "${@:5}"
	printf '%s\n' "$2" "$3" "$4" >"$DIR/bad-$1.want"
}

# bad_file NAME STATUS MESSAGE POINTER: the whole dossier on standard input
bad_file() {
	cat >"$DIR/bad-$1.yaml"
	printf '%s\n' "$2" "$3" "$4" >"$DIR/bad-$1.want"
}

# check_all SCHEMA DIR: every DIR/*.yaml read as JSON, then ajv on all of them at once, in
# strict mode; in DIR, ajv.out as ajv says it, verdicts ("NAME valid" or "NAME invalid") and
# places ("NAME POINTER" for each error: an unknown or a missing field at its own place)
check_all() {
	(
		cd "$2" || exit 2
		NODE_PATH=$NPM node -e '
const fs = require("fs"), YAML = require("yaml");
for (const f of process.argv.slice(1))
	fs.writeFileSync(f.replace(/\.yaml$/, ".json"), JSON.stringify(YAML.parse(fs.readFileSync(f, "utf8"))));
' ./*.yaml || exit 2
		rc=0
		"$AJV" validate --spec=draft7 --strict=true -c ajv-formats --all-errors --errors=line -s "$1" -d './*.json' \
			>ajv.out 2>&1 || rc=$?
		[ $rc -le 1 ] || exit 2
		sed -n 's,^\./\(.*\)\.json \(valid\|invalid\)$,\1 \2,p' ajv.out >verdicts
		awk '$2 == "invalid" { f = substr($1, 3, length($1) - 7); next } f { print "{\"f\": \"" f "\", \"e\": " $0 "}"; f = "" }' \
			ajv.out | jq -r '.f as $f | .e[] | "\($f) " + .instancePath + (if .keyword == "additionalProperties"
				then "/" + .params.additionalProperty elif .keyword == "required"
				then "/" + .params.missingProperty else "" end)' | sort -u >places
	)
}

setup_file() {
	[ -z "${DMN_SANITIZED:-}" ] && [ -x "$AJV" ] || return 0
	local i=0 v
	DIR=$BATS_FILE_TMPDIR/cases QID=has-dmn-2023
	mkdir -p "$DIR"
	cp "$EXAMPLES"/*.yaml "$DIR"
	# the examples also as YAML 1.1 reads them (PyYAML, yq): yes and no as booleans, dates
	python3 -c '
import json, os, sys, yaml
for f in sys.argv[2:]:
	with open(os.path.join(sys.argv[1], "pyyaml-" + os.path.basename(f)[:-5] + ".json"), "w") as out:
		json.dump(yaml.safe_load(open(f)), out, default=str)' "$DIR" "$EXAMPLES"/*.yaml

	# what dmn-validate accepts: yes/no words in any case, options by id or by label in
	# either language (case, accents and first words aside), numbers as people write them
	# with the question's unit, statuses, provenance, empty answers (missing)
	good yesno '"2": Oui' '"3.3": NON' '"4.2.2": vrai' '"4.2.3": FAUX' '"4.2.4": true' '"4.2.5": no' \
		'"4.4": "yes"' '"4.5": "False"'
	good options '"8.11.1": "Interne (« en local »)"' '"5.2": oui' '"5.3": CONTINU' '"4.1": [clinique, Organisational]' \
		'"1.2": diagnose' '"7.2": [subscription]' '"7.4.2": Nationale'
	good options-en '"8.11.1": "EXTERNAL (“remote”)"' '"4.1": [budgétaire, "  other  "]' '"1.2": []'
	for v in '"6.2.5": 10' '"6.2.5": "10 min"' '"6.2.5": "2,5 minutes"' '"6.2.5": 10MIN' '"6.2.5": " 10 mn"' \
		'"6.2.6.2": 3 jours' '"6.2.6.2": 1 Day' '"7.3.1": "12 000 €"' $'"7.3.1": "12\u00a0000,50\u202fEUR"' \
		'"7.3.1": 0,5' '"7.3.1": -3' '"7.3.1": "+3"' '"7.3.1": 12000.50' '"7.3.1": "0,500"' \
		'"7.3.1": 12 000 euros' '"7.3.1": "012"' '"7.3.1": 12 000,500'; do
		good number-$((i++)) "$v"
	done
	good text '"3.1": 12' '"3.2": yes' '"3.5": "  "' '"1.1": ~' '"1.3": "Sur 12 mois : 30 000 examens."'
	good mappings '"3.1": {status: unknown}' \
		'"3.2": {answer: "Adultes.", status: answered, source: IFU p. 6, by: vendor, date: "2024-02-29", comment: ok}' \
		'"7.3.1": {status: pending, answer: "12 000"}' '"3.3": {}' '"3.4": {status: ~, date: ~}' \
		'"3.5": {status: not-applicable, comment: "Sans objet."}' '"4.1": {answer: [other], status: answered}'
	good device
	sed -i -e 's/^questionnaire: has-dmn-2023$/&\nedition: "2023-06-22"/' -e 's/^  version: "1.0"$/  version: "2.10"\n  ce-class: IIa\n  notified-body: GMED\n  udi-di: "03701234567890"\n  contact: x@example.org\n  url: https:\/\/example.org/' \
		"$DIR/good-device.yaml"

	# what dmn-validate reports
	bad yesno-word 1 "'peut-être' is not a yes/no answer to question '4.2.4'" /answers/4.2.4 '"4.2.4": peut-être'
	bad yesno-more 1 'write the explanation as a comment' /answers/3.3 '"3.3": oui (plus de 50 centres)'
	bad yesno-on 1 "'on' is not a yes/no answer" /answers/3.3 '"3.3": "on"'
	bad option 1 "'cloud' is not an option of question '8.11.1'" /answers/8.11.1 '"8.11.1": cloud'
	bad option-in-list 1 "'economic' is not an option of question '4.1'" /answers/4.1 '"4.1": [clinical, economic]'
	bad option-twice 1 "option 'clinical' is listed twice in the answer to '4.1'" /answers/4.1 '"4.1": [clinical, clinical]'
	bad option-list 1 "answer to '8.11.1' must be a single value, not a sequence" /answers/8.11.1 '"8.11.1": [internal]'
	bad option-item-map 1 "answer to '4.1' lists a mapping, not an option id" /answers/4.1 '"4.1": [{clinical: yes}]'
	bad option-item-null 1 "answer to '4.1' lists a null, not an option id" /answers/4.1 '"4.1": [clinical, ~]'
	bad option-item-blank 1 "'' is not an option of question '4.1'" /answers/4.1 '"4.1": [clinical, ""]'
	bad text-list 1 "answer to '3.1' must be a single value, not a sequence" /answers/3.1 '"3.1": [a, b]'
	bad text-empty-list 1 "answer to '3.1' must be a single value, not a sequence" /answers/3.1 '"3.1": []'
	bad number-words 1 "'environ 10 minutes' is not a number (question '6.2.5'" /answers/6.2.5 '"6.2.5": environ 10 minutes'
	bad number-unit 1 "'10 h' is in hours, but question '6.2.5' takes a number in minutes" /answers/6.2.5 '"6.2.5": 10 h'
	bad number-ambiguous 1 "'12,000' could be read two ways" /answers/7.3.1 '"7.3.1": "12,000"'
	bad number-exponent 1 "'1e3' is not a number" /answers/7.3.1 '"7.3.1": "1e3"'
	bad number-status 1 "write {status: unknown}" /answers/7.3.1 '"7.3.1": non communiqué'
	bad number-groups 1 "'12 0005' is not a number" /answers/7.3.1 '"7.3.1": "12 0005"'
	bad number-point 1 "'5.' is not a number" /answers/7.3.1 '"7.3.1": "5."'
	bad number-newline 1 "is not a number" /answers/7.3.1 '"7.3.1": "12\n"'
	bad status 1 "invalid status 'done' of the answer to '5.8.1'" /answers/5.8.1 '"5.8.1": {answer: x, status: done}'
	bad status-list 1 "the status of the answer to '3.1' must be a word, not a sequence" /answers/3.1 '"3.1": {status: [unknown]}'
	bad status-answered 1 "the answer to '3.1' has status answered but no answer" /answers/3.1 '"3.1": {status: answered}'
	bad status-answered-blank 1 "the answer to '3.1' has status answered but no answer" /answers/3.1 \
		'"3.1": {status: answered, answer: " "}'
	bad unknown-id 1 "unknown question id '9.7'" /answers/9.7 '"9.7": "Trois mois."'
	bad group 1 "question '8.11' has no answer of its own" /answers/8.11 '"8.11": internal'
	bad unknown-field 1 "unknown field 'auteur' in the answer to '3.1'" /answers/3.1/auteur '"3.1": {answer: x, auteur: vendor}'
	bad date-dmy 1 "'15/03/2024' is not a date in the form YYYY-MM-DD (the date of an answer): write 2024-03-15" \
		/answers/3.3/date '"3.3": {answer: oui, date: 15/03/2024}'
	bad date-none 1 "'2023-02-29' is not a date" /answers/3.3/date '"3.3": {answer: oui, date: "2023-02-29"}'
	bad date-blank 1 "'' is not a date" /answers/3.3/date '"3.3": {answer: oui, date: ""}'
	bad date-number 1 "'20240212' is not a date" /answers/3.3/date '"3.3": {answer: oui, date: 20240212}'
	bad source-list 1 "'source' of the answer to '3.1' must be a string, not a sequence" /answers/3.1/source \
		'"3.1": {answer: x, source: [a, b]}'
	bad answer-mapping 1 "answer to '3.1' must be a single value, not a mapping" /answers/3.1/answer \
		'"3.1": {answer: {fr: x}}'
	bad answers-list 1 "'answers' must be a mapping of question ids to answers, not a sequence" /answers
	printf '  - "3.1"\n' >>"$DIR/bad-answers-list.yaml"
	bad device-field 1 "unknown field 'colour' in 'device'" /device/colour
	sed -i 's/^  name: Test$/&\n  colour: red/' "$DIR/bad-device-field.yaml"
	bad device-no-name 1 "the device has no 'name'" /device/name
	sed -i '/^  name: Test$/d' "$DIR/bad-device-no-name.yaml"
	bad device-blank-name 1 "the device has no 'name'" /device/name
	sed -i 's/^  name: Test$/  name: "  "/' "$DIR/bad-device-blank-name.yaml"
	bad device-list 1 "'device.version' must be text, not a sequence" /device/version
	sed -i 's/^  version: "1.0"$/  version: [1, 2]/' "$DIR/bad-device-list.yaml"
	bad top-field 1 "unknown field 'vendor' in a dossier" /vendor
	printf 'vendor: Acme\n' >>"$DIR/bad-top-field.yaml"
	bad_file no-device 1 "the dossier has no 'device'" /device <<-'EOF'
		kind: dossier
		questionnaire: has-dmn-2023
		answers:
		  "3.1": x
	EOF
	# not a dossier of this questionnaire: trouble (exit 2) rather than findings
	bad_file edition 2 "the dossier is for edition '2022-01-01' of 'has-dmn-2023', not '2023-06-22'" /edition <<-'EOF'
		kind: dossier
		questionnaire: has-dmn-2023
		edition: "2022-01-01"
		device: {name: T}
	EOF
	bad_file questionnaire 2 "the dossier is for questionnaire 'mini', not 'has-dmn-2023'" /questionnaire <<-'EOF'
		kind: dossier
		questionnaire: mini
		device: {name: T}
	EOF
	bad_file kind 2 "expected a dossier, found kind 'validation'" /kind <<-'EOF'
		kind: validation
		questionnaire: has-dmn-2023
		device: {name: T}
	EOF

	# the template, blank and with a device name
	dmn-ask --template >"$DIR/template-blank.yaml"
	sed 's/^  name: .*/  name: RadiusCheck/' "$DIR/template-blank.yaml" >"$DIR/template-named.yaml"

	# another questionnaire: a date question, a unit of its own (km)
	DIR=$BATS_FILE_TMPDIR/mini QID=mini
	mkdir -p "$DIR"
	sed -e 's/^            type: text$/            type: date/' -e 's/^        unit: EUR$/        unit: km/' \
		"$FIXTURES/questionnaire/mini.yaml" >"$BATS_FILE_TMPDIR/mini.yaml"
	good date '"1": yes' '"1.1": "2024-02-29"' '"2.1": Interne' '"2.2": 12 KM'
	good number '"2.2": 1 200,5km'
	bad date-dmy 1 "'15/03/2024' is not a date in the form YYYY-MM-DD (question '1.1'): write 2024-03-15" /answers/1.1 \
		'"1.1": 15/03/2024'
	bad date-none 1 "'2023-02-29' is not a date (question '1.1' takes YYYY-MM-DD)" /answers/1.1 '"1.1": "2023-02-29"'
	bad unit-other 1 "'12 €' is in EUR, but question '2.2' takes a number in km" /answers/2.2 '"2.2": 12 €'
	bad unit-unknown 1 "'12 kms' is not a number" /answers/2.2 '"2.2": 12 kms'

	local rc=0
	dmn-ask --schema >"$BATS_FILE_TMPDIR/cases.json"
	dmn-ask --schema -Q "$BATS_FILE_TMPDIR/mini.yaml" >"$BATS_FILE_TMPDIR/mini.json"
	{ check_all "$BATS_FILE_TMPDIR/cases.json" "$BATS_FILE_TMPDIR/cases" &&
		check_all "$BATS_FILE_TMPDIR/mini.json" "$BATS_FILE_TMPDIR/mini"; } >"$BATS_FILE_TMPDIR/check.log" 2>&1 || rc=$?
	echo $rc >"$BATS_FILE_TMPDIR/check.rc"
}

setup() {
	cd "$BATS_TEST_TMPDIR"
	CASES=$BATS_FILE_TMPDIR/cases
}

# with_ajv: skip without the npm tools, or under the sanitizers (the schema is a file, the
# same in every build); fail if setup_file could not run ajv
with_ajv() {
	plain_pass_only
	[ -x "$AJV" ] || skip "$AJV is missing: make deps-npm installs ajv-cli from the npm registry"
	if [ "$(cat "$BATS_FILE_TMPDIR/check.rc")" != 0 ]; then
		cat "$BATS_FILE_TMPDIR/check.log" "$BATS_FILE_TMPDIR"/*/ajv.out >&2
		return 1
	fi
}

# results DIR: what ajv said of each DIR/NAME.yaml: VERDICT[NAME], valid or invalid, and
# WHERE[NAME], the places of its errors, one a line
results() {
	local name what
	declare -gA VERDICT=() WHERE=()
	while read -r name what; do
		VERDICT[$name]=$what
	done <"$BATS_FILE_TMPDIR/$1/verdicts"
	while read -r name what; do
		WHERE[$name]+=$what$'\n'
	done <"$BATS_FILE_TMPDIR/$1/places"
}

@test "dmn-ask --schema: JSON Schema draft-07, one property per question that takes an answer, its id as title" {
	run -0 --separate-stderr dmn-ask --schema
	[ -z "$stderr" ]
	printf '%s\n' "$output" >s.json
	same "$(jq -r '."$schema"' s.json)" "http://json-schema.org/draft-07/schema#"
	same "$(jq -c '[.required, (.properties | keys_unsorted), .additionalProperties]' s.json)" \
		'[["kind","questionnaire","device"],["kind","questionnaire","edition","device","answers"],false]'
	same "$(jq -r '.properties.answers.anyOf[1].properties | keys_unsorted | join(" ")' s.json)" \
		"$(q answerable | paste -sd ' ')"
	same "$(jq -r '.properties.answers.anyOf[1].properties["3.3"] | .title, .description' s.json)" \
		"3.3"$'\n'"$(q text 3.3 en)"$'\n\n'"yes/no"
	same "$(jq -r '.properties.answers.anyOf[1].properties["7.3.1"].description | split("\n")[-1]' s.json)" \
		"number, in EUR"
	same "$(jq -c '[.definitions["option-4.1"].anyOf[] | .const // empty]' s.json)" \
		'["clinical","organisational","budgetary","other"]'
	same "$(jq -c '.definitions.status.enum' s.json)" '["answered","unknown","not-applicable","pending",null]'
	same "$(jq -c '.properties.device.properties | keys_unsorted' s.json)" \
		'["name","manufacturer","version","ce-class","notified-body","udi-di","contact","url"]'
	# -o writes the same bytes; in French, the guide's wording
	run -0 dmn-ask --schema -o s2.json
	cmp s.json s2.json
	run -0 dmn-ask --schema --lang fr
	same "$(jq -r '.properties.answers.anyOf[1].properties["3.3"].description | split("\n")[0]' <<<"$output")" \
		"$(q text 3.3 fr)"
	# the build's copy, which make install installs, is the French one
	cmp "$DMN_BUILD/has-dmn-2023.schema.json" <(printf '%s\n' "$output")
}

@test "dmn-ask --schema takes no FILE, and no option but --lang, --questionnaire, --output and --force; write errors" {
	local args want="dmn-ask: error: --schema writes the schema of every dossier: it takes no FILE and no other option but --lang, --questionnaire, --output and --force"
	for args in "x.yaml" "--template" "--for vendor" "--set 3.1=x" "-a" "-s 3" "-S" "-b me"; do
		# shellcheck disable=SC2086
		run -2 --separate-stderr dmn-ask --schema $args
		same "$stderr" "$want"
		[ -z "$output" ]
	done
	# -o: never over a dossier, unless --force
	dossier d.yaml '"3.1": x'
	run -2 --separate-stderr dmn-ask --schema -o d.yaml
	same "$stderr" "dmn-ask: error: 'd.yaml' already holds a dossier, which the schema would replace: write the schema elsewhere, or --force to replace it"
	run -0 dmn-ask --schema --force -o d.yaml
	jq -e '.properties.answers' d.yaml >/dev/null
	# a write error is trouble, said
	run -2 --separate-stderr bounded sh -c 'exec dmn-ask --schema >/dev/full'
	same "$stderr" "dmn-ask: error: write error on standard output: No space left on device"
}

@test "the template starts with the line that gives editors the installed schema" {
	run -0 --separate-stderr dmn-ask --template
	[[ ${lines[0]} =~ ^\#\ yaml-language-server:\ \$schema=(/.+)/has-dmn-2023\.schema\.json$ ]]
	datadir=${BASH_REMATCH[1]}	# DATADIR, compiled in
	same "${lines[1]}" "--- # Dossier to fill in (dmn-dossier(5))"
	# installed under any prefix: the schema in ../share/dmn from the program, if it is there
	mkdir -p p/bin p/share/dmn
	cp "$DMN_BUILD/dmn-ask" p/bin/
	run -0 --separate-stderr p/bin/dmn-ask --template
	same "${lines[0]}" "# yaml-language-server: \$schema=$datadir/has-dmn-2023.schema.json"
	p/bin/dmn-ask --schema -o p/share/dmn/has-dmn-2023.schema.json
	run -0 --separate-stderr p/bin/dmn-ask --template
	same "${lines[0]}" "# yaml-language-server: \$schema=$(realpath p/share/dmn)/has-dmn-2023.schema.json"
	# -Q: the schema named after that questionnaire's id
	run -0 --separate-stderr p/bin/dmn-ask --template -Q "$FIXTURES/questionnaire/mini.yaml"
	same "${lines[0]}" "# yaml-language-server: \$schema=$datadir/mini.schema.json"
}

@test "ajv compiles the schemas in strict mode, without a warning" {
	with_ajv
	run ! grep -v ' valid$\| invalid$\|^\[' "$BATS_FILE_TMPDIR/cases/ajv.out" "$BATS_FILE_TMPDIR/mini/ajv.out"
}

@test "the examples, read as YAML 1.2 and 1.1: osteoscan and fractavision valid; bonesight rejected where dmn-validate finds errors" {
	with_ajv
	results cases
	same "${VERDICT[osteoscan]} ${VERDICT[fractavision]} ${VERDICT[bonesight]}" "valid valid invalid"
	same "${VERDICT[pyyaml-osteoscan]} ${VERDICT[pyyaml-fractavision]} ${VERDICT[pyyaml-bonesight]}" \
		"valid valid invalid"
	# bonesight's invalid answers, as dmn-validate lists them: the same ids, and 5.1, for
	# its unquoted 5.10, which a YAML reader takes for the number 5.1 (a group: no such
	# answer), where dmn-validate reads the key as written and only warns
	run -1 --separate-stderr dmn-validate --json "$CASES/bonesight.yaml"
	same "$(jq -r '.dossiers[0].invalid[].id' <<<"$output" | sort -u | paste -sd ' ')" "3.1 3.3 4.1 4.2.4 5.8.1 6.2.5 9.7"
	same "$(sed -n 's,^/answers/\([^/]*\).*,\1,p' <<<"${WHERE[bonesight]}" | sort -u | paste -sd ' ')" \
		"3.1 3.3 4.1 4.2.4 5.1 5.8.1 6.2.5 9.7"
}

@test "every answer dmn-validate accepts, the schema accepts" {
	with_ajv
	local dir f name failed=0 n=0 args
	for dir in cases mini; do
		args=()
		[ "$dir" = cases ] || args=(-Q "$BATS_FILE_TMPDIR/$dir.yaml")
		results "$dir"
		for f in "$BATS_FILE_TMPDIR/$dir"/good-*.yaml; do
			name=${f##*/} name=${name%.yaml}
			status=0
			dmn-validate "${args[@]}" --json "$f" >out.json 2>err.txt || status=$?
			if [ "$status" -gt 1 ] || [ "$(jq '.dossiers[0].invalid | length' out.json)" != 0 ]; then
				printf '%s/%s: dmn-validate finds errors:\n%s\n' "$dir" "$name" "$(cat err.txt)" >&2
				failed=1
			fi
			if [ "${VERDICT[$name]}" != valid ]; then
				printf '%s/%s: ajv finds errors at:\n%s\n' "$dir" "$name" "${WHERE[$name]}" >&2
				failed=1
			fi
			n=$((n + 1))
		done
	done
	[ "$n" -ge 25 ]
	return $failed
}

@test "each kind of invalid answer dmn-validate reports, the schema rejects, at the same place" {
	with_ajv
	local dir f name want failed=0 n=0 args
	for dir in cases mini; do
		args=()
		[ "$dir" = cases ] || args=(-Q "$BATS_FILE_TMPDIR/$dir.yaml")
		results "$dir"
		for f in "$BATS_FILE_TMPDIR/$dir"/bad-*.yaml; do
			name=${f##*/} name=${name%.yaml}
			mapfile -t want <"${f%.yaml}.want"
			status=0
			stderr=$(dmn-validate "${args[@]}" "$f" 2>&1 >/dev/null) || status=$?
			if [ "$status" != "${want[0]}" ] || [[ $stderr != *"${want[1]}"* ]]; then
				printf '%s/%s: dmn-validate exits %s, expected %s with "%s":\n%s\n' "$dir" "$name" "$status" \
					"${want[0]}" "${want[1]}" "$stderr" >&2
				failed=1
			fi
			if [ "${VERDICT[$name]}" != invalid ]; then
				printf '%s/%s: ajv says %s\n' "$dir" "$name" "${VERDICT[$name]}" >&2
				failed=1
			elif [[ $'\n'${WHERE[$name]} != *$'\n'"${want[2]}"$'\n'* ]]; then
				printf '%s/%s: ajv finds no error at %s, but at:\n%s\n' "$dir" "$name" "${want[2]}" \
					"${WHERE[$name]}" >&2
				failed=1
			fi
			n=$((n + 1))
		done
	done
	[ "$n" -ge 45 ]
	return $failed
}

@test "the template: valid once the device has a name, as dmn-validate says" {
	with_ajv
	results cases
	same "${VERDICT[template-blank]}" invalid
	same "${WHERE[template-blank]}" /device/name$'\n'
	same "${VERDICT[template-named]}" valid
}
