#!/usr/bin/env bats
# browser.bats: the vendor's form in a browser, as make form-kit ships it (questionnaires/
# form.html, LHC-Forms beside it, the vendor's FHIR Questionnaire), opened from file:// in
# headless Chromium and filled as a vendor would by tests/lforms_fill.js (puppeteer-core): the
# conditions show and hide questions, the page's button saves a QuestionnaireResponse with
# every answer as typed, dmn-ask -i reads it back into a dossier, and the page opens it again
# to continue; a date question; files that are not a Questionnaire. Skipped without Debian's
# chromium or make deps-browser's npm packages.

load helper

NPM_BROWSER=$ROOT/build/npm-browser/node_modules

setup() {
	# seconds in a browser, and a new reader (dmn-ask -i of a QuestionnaireResponse): run where
	# the sanitizers watch it (make check's sanitized pass, the shorter one); DMN_ALL_TESTS=1
	# runs it on the plain build too
	sanitized_pass_only
	if [ ! -x /usr/bin/chromium ] || ! command -v node >/dev/null; then
		skip "no /usr/bin/chromium or no node (make deps-browser installs chromium, as root)"
	fi
	if [ ! -d "$NPM_BROWSER/lforms" ] || [ ! -d "$NPM_BROWSER/puppeteer-core" ]; then
		skip "LHC-Forms and puppeteer-core are not in build/npm-browser (make deps-browser)"
	fi
	cd "$BATS_TEST_TMPDIR"
	# the kit, made here by make form-kit with this build's programs, never rebuilt (-o): a
	# test writes nothing into the source tree or the build
	run -0 env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$ROOT" -o "$DMN_BUILD/dmn-ask" \
		-o "$DMN_BUILD/locale/fr/LC_MESSAGES/dmn.mo" form-kit BUILD="$DMN_BUILD" FORM_KIT="$BATS_TEST_TMPDIR/kit"
	[ -f kit/form.html ] && [ -f kit/lforms/webcomponent/lhc-forms.js ] && [ -f kit/lforms/fhir/R4/lformsFHIR.min.js ]
	[ "$(jq -r '[.resourceType, .language, .item[0].linkId] | join(" ")' kit/questionnaire.json)" = "Questionnaire fr device" ]
}

# browser STEP...: the kit's form.html in headless Chromium, used by the steps of
# tests/lforms_fill.js, one an argument; a hang fails the test (never a slow run)
browser() {
	printf '%s\n' "$@" | NODE_PATH=$NPM_BROWSER timeout 120 node "$BATS_TEST_DIRNAME/lforms_fill.js" kit/form.html
}

# answers FILE: each answered item of the QuestionnaireResponse FILE, in order, one a line:
# its linkId, then each answer as TYPE=VALUE (valueCoding by its code)
answers() {
	jq -r '.. | objects | select(has("linkId") and has("answer")) | .linkId + " " + ([.answer[] | to_entries[] |
		select(.key | startswith("value")) | .key + "=" + (if .key == "valueCoding" then .value.code
		else .value | tostring end)] | join(" "))' "$1"
}

# answer ID [FILE]: the answer to question ID in the dossier FILE (dossier.yaml), as Debian's
# yq reads it: a plain answer or its answer field, a list of options joined by commas
answer() {
	yq -r --arg id "$1" '.answers[$id] | if type == "object" then .answer else . end |
		if type == "array" then join(",") else . end' "${2:-dossier.yaml}"
}

@test "a vendor fills the guide's questions in the browser: saved as a QuestionnaireResponse, read back into a dossier, opened again to continue" {
	text='Aide au diagnostic : fractures #1, adultes et enfants de plus de 2 ans'
	update='Mises à jour trimestrielles, après validation clinique'
	shot=$DMN_BUILD/artefacts/lforms-form.png
	mkdir -p "${shot%/*}"
	# the answers as typed; the questions that a condition shows, absent before it is met and
	# there after: 5.3 when 5.2 is yes, 5.10.2 when 5.3 is continuous (an option), 8.4.1 (a
	# sub-question, kept within its parent's answer) when 8.4 is yes
	run -0 browser "open questionnaire kit/questionnaire.json" \
		"fill device.name OsselIA" \
		"fill device.manufacturer Société Radiologie Numérique SAS" \
		"fill 3.1 $text" \
		"fill 4.1 clinical,budgetary" \
		"fill 4.3 no" \
		"absent 5.3" "absent 5.10.2" \
		"fill 5.2 yes" \
		"present 5.3" "absent 5.10.2" \
		"fill 5.3 continuous" \
		"present 5.10.2" \
		"fill 6.2.5 2.5" \
		"absent 8.4.1" \
		"fill 8.4 yes" \
		"present 8.4.1" \
		"fill 8.4.1 $update" \
		"screenshot $shot" \
		"save out"
	[ "${lines[-1]}" = "saved: response.json" ]
	echo "# screenshot: $shot" >&3
	[ -s "$shot" ]
	[ "$(head -c 4 "$shot" | tail -c 3)" = PNG ]
	# the QuestionnaireResponse that the button saved: every answer as typed, nothing else
	r=out/response.json
	[ "$(jq -r '[.resourceType, .status] | join(" ")' "$r")" = "QuestionnaireResponse completed" ]
	[ "$(jq -r '.questionnaire | split("|")[0]' "$r")" = "$(jq -r .url kit/questionnaire.json)" ]
	same "$(answers "$r")" "device.name valueString=OsselIA
device.manufacturer valueString=Société Radiologie Numérique SAS
3.1 valueString=$text
4.1 valueCoding=clinical valueCoding=budgetary
4.3 valueBoolean=false
5.2 valueBoolean=true
5.3 valueCoding=continuous
6.2.5 valueDecimal=2.5
8.4 valueBoolean=true
8.4.1 valueString=$update"
	# as LHC-Forms saves a question's sub-questions: within its answer
	[ "$(jq -r '.. | objects | select(.linkId? == "8.4") | .answer[0].item[0].linkId' "$r")" = 8.4.1 ]

	# read back into a dossier: the vendor's answers only, so dmn-validate finds the rest missing
	run -0 --separate-stderr dmn-ask -i "$r" </dev/null
	printf '%s\n' "$output" >dossier.yaml
	[ "$(yq -r .kind dossier.yaml)" = dossier ]
	[ "$(yq -r .device.name dossier.yaml)" = OsselIA ]
	[ "$(yq -r .device.manufacturer dossier.yaml)" = "Société Radiologie Numérique SAS" ]
	[ "$(answer 3.1)" = "$text" ]
	[ "$(answer 4.1)" = clinical,budgetary ]
	[[ $(answer 4.3) =~ ^(false|no|non)$ ]]
	[[ $(answer 5.2) =~ ^(true|yes|oui)$ ]]
	[ "$(answer 5.3)" = continuous ]
	[ "$(answer 6.2.5)" = 2.5 ]
	[[ $(answer 8.4) =~ ^(true|yes|oui)$ ]]
	[ "$(answer 8.4.1)" = "$update" ]
	[ "$(yq '.answers | length' dossier.yaml)" -eq 8 ]
	run -1 --separate-stderr dmn-validate --json dossier.yaml
	[ "$(jq -c '.dossiers[0] | [.valid, .complete, .counts.total.answered, .counts.total.invalid]' <<<"$output")" = \
		'[true,false,8,0]' ]

	# continued: the page opened with the Questionnaire and the response shows every answer
	# (options by their labels), and saves the same answers again
	run -0 browser "open questionnaire kit/questionnaire.json" \
		"open response $r" \
		"message" \
		"show device.name" "show device.manufacturer" "show 3.1" "show 4.1" "show 4.3" \
		"show 5.2" "show 5.3" "show 6.2.5" "show 8.4" "show 8.4.1" \
		"present 5.10.2" \
		"save again"
	label() {
		jq -r --arg id "$1" --arg code "$2" '.. | objects | select(.linkId? == $id) | .answerOption[] |
			.valueCoding | select(.code == $code) | .display' kit/questionnaire.json
	}
	same "$(sed -n '3,15p' <<<"$output")" "Questionnaire ouvert, avec les réponses de « response.json ».
Questionnaire opened, with the answers of 'response.json'.
device.name: OsselIA
device.manufacturer: Société Radiologie Numérique SAS
3.1: $text
4.1: $(label 4.1 clinical),$(label 4.1 budgetary)
4.3: no
5.2: yes
5.3: $(label 5.3 continuous)
6.2.5: 2.5
8.4: yes
8.4.1: $update
ok: present 5.10.2"
	same "$(answers again/response.json)" "$(answers "$r")"
}

@test "a date question (the guide has none) typed as the form shows it, saved and read back; files that are not a Questionnaire" {
	# the small questionnaire of the tests, with a date question (tests/spreadsheet.bats)
	sed 's/^        text: {fr: "Coût ?", en: "Cost?"}$/&\n      - id: "2.3"\n        type: date\n        text: {fr: "Date ?", en: "Date?"}/' \
		"$FIXTURES/questionnaire/mini.yaml" >dated.yaml
	grep -q 'type: date' dated.yaml
	dmn-ask --fhir -Q dated.yaml --lang fr -o dated.json
	echo 'kind: dossier' >dossier.json
	dmn-ask --schema -o schema.json
	run -0 browser "open questionnaire dossier.json" "message" \
		"open questionnaire schema.json" "message" \
		"open questionnaire dated.json" \
		"fill device.name Mini" \
		"absent 1.1" "fill 1 yes" "present 1.1" "fill 1.1 Un besoin" \
		"fill 2.1 external" "fill 2.2 1200" "fill 2.3 03/15/2024" \
		"show 2.3" \
		"save out"
	same "$(sed -n '2,3p;5,6p' <<<"$output")" "« dossier.json » n'est pas un fichier JSON.
'dossier.json' is not a JSON file.
« schema.json » n'est pas un questionnaire FHIR (sans resourceType, attendu : Questionnaire).
'schema.json' is not a FHIR Questionnaire (no resourceType, expected: Questionnaire)."
	[ "${lines[-2]}" = "2.3: 03/15/2024" ]
	[ "${lines[-1]}" = "saved: response.json" ]
	same "$(answers out/response.json)" "device.name valueString=Mini
1 valueBoolean=true
1.1 valueString=Un besoin
2.1 valueCoding=external
2.2 valueDecimal=1200
2.3 valueDate=2024-03-15"
	# read back, with the same questionnaire: the dossier is complete
	run -0 --separate-stderr dmn-ask -Q dated.yaml -i out/response.json </dev/null
	printf '%s\n' "$output" >dossier.yaml
	[ "$(yq -r .questionnaire dossier.yaml)" = mini ]
	[ "$(yq -r .device.name dossier.yaml)" = Mini ]
	[ "$(answer 2.3)" = 2024-03-15 ]
	[ "$(answer 1.1)" = "Un besoin" ]
	[ "$(answer 2.1)" = external ]
	[ "$(answer 2.2)" = 1200 ]
	run -0 dmn-validate -Q dated.yaml -q dossier.yaml
}

@test "a half-answered dossier opened in the form (dmn-report -f fhir), the vendor goes on, and only what they changed comes back" {
	export SOURCE_DATE_EPOCH=1735689600	# 2025-01-01: the date of an answer read back
	dmn-report -f fhir -l fr -o fv.json "$EXAMPLES/fractavision.yaml"
	# the dossier's answers shown in the form, as dmn wrote them (options by their labels);
	# the vendor answers 5.2 yes (it was no), which shows 5.3, and answers it
	run -0 browser "open questionnaire kit/questionnaire.json" "open response fv.json" \
		"show device.name" "show 3.2" "show 5.2" "absent 5.3" \
		"fill 5.2 yes" "present 5.3" "fill 5.3 initial" "save again"
	same "$(sed -n '3,5p' <<<"$output")" "device.name: FractaVision
3.2: $(yq -r '.answers["3.2"].answer' "$EXAMPLES/fractavision.yaml")
5.2: no"
	[ "${lines[-1]}" = "saved: response.json" ]
	# the form tool's response (no dmn extension) onto the dossier: its other answers are the
	# dossier's own and change nothing, not even a date; 5.2 and 5.3 are the vendor's now
	run -0 dmn-ask -i again/response.json -b vendor -o f2.yaml "$EXAMPLES/fractavision.yaml"
	run -1 dmn-compare --changes -j "$EXAMPLES/fractavision.yaml" f2.yaml
	[ "$(jq -c '[.changes[0].answers[] | [.question, .change, .now]]' <<<"$output")" = '[["5.2","changed","yes"],["5.3","added","initial"]]' ]
	[ "$(yq -c '.answers["5.3"]' f2.yaml)" = '{"answer":"initial","by":"vendor","date":"2025-01-01"}' ]
}
