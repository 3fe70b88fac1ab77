#!/usr/bin/env bats
# audience.bats: who answers what: every question has an audience (tests/questionnaire.py
# reads them from the questionnaire); templates, checks and letters per audience.

load helper

setup() {
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

@test "the letter: the vendor's questions, then an internal to-do by audience" {
	dossier d.yaml '"2": oui'
	dmn-validate d.yaml >v.yaml 2>/dev/null || true
	run -0 --separate-stderr dmn-report v.yaml
	letter=$(sed -n '/^## Internal to-do/q;p' <<<"$output")
	todo=$(sed -n '/^## Internal to-do/,$p' <<<"$output")
	[ "$(sed -nE 's/^- \*\*([0-9.]+)\*\* .*/\1/p' <<<"$letter")" = "$(q audience vendor | grep -vx 2)" ]
	# 8.14 (the hospital's own insurance) is for the legal department, not the vendor
	[[ $todo == *'### Legal department and insurer'* ]]
	grep -q '^- \*\*8\.14\*\* ' <<<"$todo"
	[ -z "$(grep '^- \*\*8\.14\*\* ' <<<"$letter")" ]
	[ "$(grep -c '^### ' <<<"$todo")" -eq 4 ]
}
