#!/usr/bin/env bats
# audience.bats: who answers what: every question has an audience (tests/questionnaire.py
# reads them from the questionnaire); templates, checks and letters per audience.

load helper

setup() {
	# the suite of this program's logic: the plain build; the sanitizers see the same code in
	# the hostile suites, the fuzzers and the tests of the terminal
	plain_pass_only
	cd "$BATS_TEST_TMPDIR"
}

@test "every question has one or more audiences, all of them known" {
	run -0 q check audiences
	[ "$output" = checked ]
	run -0 q audience
	[ "$(wc -l <<<"$output")" -eq 150 ]
	# the guide's own hints: the vendor's notice for section 3, the DSI for 8.1, the
	# hospital's own insurance for 8.14 (never the vendor), the buyer's own need for 1.1
	grep -qx '3.1 vendor' <<<"$output"
	grep -qx '8.1.1 dsi,vendor' <<<"$output"
	grep -qx '8.14.1 buyer,legal' <<<"$output"
	grep -qx '1.1 buyer' <<<"$output"
}

@test "an unknown audience in a questionnaire is refused with its place" {
	awk 'NR == 12 { print; print "    audience: [vendor, nurse]"; next } { print }' \
		"$FIXTURES/questionnaire/mini.yaml" >q.yaml
	run -2 --separate-stderr dmn-validate -Q q.yaml "$FIXTURES/questionnaire/mini-dossier.yaml"
	[ "$stderr" = "q.yaml:13:24: error: unknown audience 'nurse' (expected vendor, buyer, dsi, dpo or legal)" ]
}

@test "dmn-ask --template --for vendor: only the vendor's questions, the others left out" {
	run -0 --separate-stderr dmn-ask --template --for vendor
	printf '%s\n' "$output" >vendor.yaml
	[ "$(yq -r '.answers | keys_unsorted[]' vendor.yaml)" = "$(q audience vendor)" ]
	# the hospital's own insurance is not asked of the vendor, not even as a blank
	run ! grep -q '"8.14' vendor.yaml
	run ! grep -q '8.14 ' vendor.yaml
	run -0 --separate-stderr dmn-ask --template --for dsi,dpo
	printf '%s\n' "$output" >it.yaml
	# the questions of either, once each, in the questionnaire's order
	[ "$(yq -r '.answers | keys_unsorted[]' it.yaml)" = "$(q audience dsi dpo)" ]
}

@test "round trip: vendor template, filled with --set, valid for the vendor, not yet whole" {
	dmn-ask --template --for vendor >blank.yaml
	# the vendor answers every question of theirs (yes/no, an option, a number or text)
	args=(--set device.name=FractaScan --set device.manufacturer=Acme)
	while read -r id type; do
		case $type in
		yesno) args+=(--set "$id=oui") ;;
		choice | choices) args+=(--set "$id=1") ;;
		number) args+=(--set "$id=10") ;;
		*) args+=(--set "$id=Réponse du fabricant") ;;
		esac
	done < <(python3 -c '
import sys, questionnaire as Q
doc = Q.load(sys.argv[1])
audience = Q.audiences(doc)
for x in Q.answerable(doc):
    if "vendor" in audience[x["id"]]:
        print(x["id"], x["type"])' "$QUESTIONNAIRE")
	run -0 --separate-stderr dmn-ask "${args[@]}" -o filled.yaml blank.yaml
	[ "$stderr" = "" ]
	run -0 --separate-stderr dmn-validate --for vendor --json filled.yaml
	[ "$(jq -c '.for, .dossiers[0].complete, .dossiers[0].counts.total.missing' <<<"$output")" = '["vendor"]
true
0' ]
	# the hospital's part is still open
	run -1 --separate-stderr dmn-validate --json filled.yaml
	[ "$(jq '[.dossiers[0].missing[] | select(.audience | index("vendor"))] | length' <<<"$output")" -eq 0 ]
	[ "$(jq '.dossiers[0].counts.total.missing' <<<"$output")" -gt 0 ]
}

@test "dmn-validate --for: each missing question says its audience; a bad audience is usage" {
	dossier d.yaml '"2": oui'
	run -1 --separate-stderr dmn-validate --for legal --json d.yaml
	[ "$(jq -r '[.dossiers[0].missing[].id] | join(" ")' <<<"$output")" = "$(q audience legal | tr '\n' ' ' | sed 's/ $//')" ]
	[ "$(jq -c '[.dossiers[0].missing[].audience | index("legal") != null] | unique' <<<"$output")" = '[true]' ]
	run -2 --separate-stderr dmn-validate --for nurse d.yaml
	[ "${stderr_lines[0]}" = "dmn-validate: error: unknown audience in 'nurse' (expected vendor, buyer, dsi, dpo or legal)" ]
}

@test "the letter: the vendor's questions; the to-do (--todo): the others, each once, by audience" {
	dossier d.yaml '"2": oui'
	dmn-validate d.yaml >v.yaml 2>/dev/null || true
	run -0 --separate-stderr dmn-report v.yaml
	letter=$output
	run -0 --separate-stderr dmn-report --todo v.yaml
	todo=$output
	# the questions asked (their number in bold; a parent above them, for context, is not)
	asked() { sed -nE 's/^ *- \*\*([0-9.]+)\*\* .*/\1/p'; }
	[ "$(asked <<<"$letter")" = "$(q audience vendor | grep -vx 2)" ]
	[ "$(asked <<<"$todo" | sort)" = "$(q audience | grep -v '[ ,]vendor' | cut -d' ' -f1 | grep -vx 2 | sort)" ]
	# 8.14 (the hospital's own insurance) is for the establishment and its legal department,
	# not the vendor: once in the to-do, under the first of its audiences, the other named
	grep -qxF -- '- **8.14** Does your insurance contract specifically cover cases of DMN use (in particular those involving machine learning)?\' <<<"$todo"
	grep -A1 -F -- '- **8.14** ' <<<"$todo" | grep -qxF '  *Also for:* Legal department and insurer'
	[ -z "$(grep -F -- '**8.14**' <<<"$letter")" ]
	# every question of the built-in guide that is not the vendor's is also the establishment's
	[ "$(grep '^## ' <<<"$todo")" = "## The establishment and its health professionals" ]
	# a questionnaire with questions that are not the establishment's (2.1 the DSI's and the
	# DPO's, 2.2 the legal department's): a group per first audience in the guide's order
	# (establishment, DSI, DPO, legal), the others named
	awk '{ print }
		/en: "Do you have a need\?"/ { print "        audience: [vendor]" }
		/in: \["yes"\]/ { print "            audience: [legal, buyer]" }
		/en: "Hosting\?"/ { print "        audience: [dpo, dsi]" }
		/en: "Cost\?"/ { print "        audience: [legal]" }' "$FIXTURES/questionnaire/mini.yaml" >q.yaml
	[ "$(grep -c 'audience:' q.yaml)" = 4 ]
	printf 'kind: dossier\nquestionnaire: mini\ndevice: {name: Mini}\nanswers: {}\n' >m.yaml
	dmn-validate -Q q.yaml m.yaml >mv.yaml 2>/dev/null || true
	run -0 --separate-stderr dmn-report -Q q.yaml --todo mv.yaml
	[ "$(grep -E '^(##|###|-|  \*)' <<<"$output")" = "## The establishment and its health professionals
### 1. The need
- **1.1** Which one?\\
  *Also for:* Legal department and insurer
## IT department (DSI)
### 2. The device
- **2.1** Hosting?\\
  *Also for:* DPO and RSSI
## Legal department and insurer
### 2. The device
- **2.2** Cost?" ]
	run -0 --separate-stderr dmn-report -Q q.yaml mv.yaml
	[ "$(asked <<<"$output")" = 1 ]
}
