#!/usr/bin/env bats
# questionnaire.bats: the built-in has-dmn-2023 is consistent and faithful to the guide (as
# tests/questionnaire.py reads it), and --questionnaire FILE is checked as strictly as a dossier.

load helper

MINI="$FIXTURES/questionnaire/mini.yaml"
MINI_DOSSIER="$FIXTURES/questionnaire/mini-dossier.yaml"

# mutate LINE-NUMBER NEW-TEXT: a copy of mini.yaml with one line replaced
mutate() {
	awk -v n="$1" -v t="$2" 'NR == n { print t; next } { print }' "$MINI" >"$BATS_TEST_TMPDIR/q.yaml"
}

@test "the 45 numbered questions carry the guide's numbers, in order" {
	run -0 q check ids
	[ "$output" = "1 2 3 4.1 4.2 4.3 4.4 4.5 5.1 5.2 5.3 5.4 5.5 5.6 5.7 5.8 5.9 5.10 5.11 6.1 6.2 6.3 7.1 7.2 7.3 7.4 7.5 8.1 8.2 8.3 8.4 8.5 8.6 8.7 8.8 8.9 8.10 8.11 8.12 8.13 8.14 8.15 8.16 9 10" ]
}

@test "conditions and annex rows name existing ids; option ids are unique; 42 annex rows" {
	run -0 q check references
	[ "$output" = "42 rows, 7 headings" ]
}

@test "every text of the questionnaire has French and English" {
	run -0 q check languages
	[ "$output" = "checked" ]
}

@test "every French text is the guide's own wording" {
	run -0 q check french "$FIXTURES/has-guide-dmn-2023.txt"
	[ "$output" = "checked" ]
}

@test "the shipped file loads as a questionnaire and is the built-in one" {
	dossier "$BATS_TEST_TMPDIR/d.yaml" '"3.1": "Détection des fractures"'
	run -1 --separate-stderr dmn-validate --json "$BATS_TEST_TMPDIR/d.yaml"
	builtin=$output
	run -1 --separate-stderr dmn-validate --json --questionnaire "$QUESTIONNAIRE" "$BATS_TEST_TMPDIR/d.yaml"
	[ "$output" = "$builtin" ]
	[ "$(jq '.dossiers[0].counts.total | add' <<<"$builtin")" = "$(q answerable | wc -l)" ]
}

@test "a hospital's own questionnaire is used with --questionnaire" {
	run -0 --separate-stderr dmn-validate --json -Q "$MINI" "$MINI_DOSSIER"
	[ "$(jq -c '.questionnaire, .edition, .dossiers[0].complete, .dossiers[0].counts.total.skipped' <<<"$output")" = '"mini"
"2024-01-01"
true
1' ]
	[ "$stderr" = "" ]
}

@test "a dossier of another questionnaire is trouble" {
	run -2 --separate-stderr dmn-validate "$MINI_DOSSIER"
	[ "$stderr" = "$MINI_DOSSIER:2:16: error: the dossier is for questionnaire 'mini', not 'has-dmn-2023' (see --questionnaire)" ]
	# its verdict, in the output, says the same
	same "$(yq -c '[.dossiers[] | [.line, .column, .trouble]]' <<<"$output")" \
		'[[2,16,"the dossier is for questionnaire '"'mini'"', not '"'has-dmn-2023'"' (see --questionnaire)"]]'
}

@test "questionnaire: a duplicate question id" {
	mutate 34 '      - id: "2.1"'
	run -2 --separate-stderr dmn-validate -Q "$BATS_TEST_TMPDIR/q.yaml" "$MINI_DOSSIER"
	[ "$stderr" = "$BATS_TEST_TMPDIR/q.yaml:34:9: error: duplicate question id '2.1'
$BATS_TEST_TMPDIR/q.yaml:34:13: error: question id '2.1' should be '2.2' (its place in the guide)
$BATS_TEST_TMPDIR/q.yaml:45:26: error: annex row 2 names unknown question '2.2'" ]
	[ "$output" = "" ]
}

@test "questionnaire: a condition naming an unknown question" {
	mutate 21 '            when: {question: "7", in: ["yes"]}'
	run -2 --separate-stderr dmn-validate -Q "$BATS_TEST_TMPDIR/q.yaml" "$MINI_DOSSIER"
	[ "$stderr" = "$BATS_TEST_TMPDIR/q.yaml:21:30: error: condition of question '1.1' names unknown question '7'" ]
}

@test "questionnaire: a condition value that the question does not have" {
	mutate 21 '            when: {question: "1", in: ["maybe"]}'
	run -2 --separate-stderr dmn-validate -Q "$BATS_TEST_TMPDIR/q.yaml" "$MINI_DOSSIER"
	[ "$stderr" = "$BATS_TEST_TMPDIR/q.yaml:21:40: error: condition of question '1.1': 'maybe' is not a value of question '1'" ]
}

@test "questionnaire: an annex row naming an unknown question" {
	mutate 45 '      questions: ["2.1", "2.9"]'
	run -2 --separate-stderr dmn-validate -Q "$BATS_TEST_TMPDIR/q.yaml" "$MINI_DOSSIER"
	[ "$stderr" = "$BATS_TEST_TMPDIR/q.yaml:45:26: error: annex row 2 names unknown question '2.9'" ]
}

@test "questionnaire: an annex criterion row naming no question" {
	mutate 45 '      questions: []'
	run -2 --separate-stderr dmn-validate -Q "$BATS_TEST_TMPDIR/q.yaml" "$MINI_DOSSIER"
	[ "$stderr" = "$BATS_TEST_TMPDIR/q.yaml:45:18: error: annex row 2 names no question" ]
}

@test "questionnaire: a duplicate option id" {
	mutate 32 '          - id: internal'
	run -2 --separate-stderr dmn-validate -Q "$BATS_TEST_TMPDIR/q.yaml" "$MINI_DOSSIER"
	[ "$stderr" = "$BATS_TEST_TMPDIR/q.yaml:32:17: error: duplicate option id 'internal' in question '2.1'" ]
}

@test "questionnaire: a text without its English" {
	mutate 16 '        text: {fr: "Avez-vous un besoin ?"}'
	run -2 --separate-stderr dmn-validate -Q "$BATS_TEST_TMPDIR/q.yaml" "$MINI_DOSSIER"
	[ "$stderr" = "$BATS_TEST_TMPDIR/q.yaml:16:15: error: a text has no 'en'" ]
}

@test "questionnaire: an unknown type" {
	mutate 15 '        type: boolean'
	run -2 --separate-stderr dmn-validate -Q "$BATS_TEST_TMPDIR/q.yaml" "$MINI_DOSSIER"
	[ "$stderr" = "$BATS_TEST_TMPDIR/q.yaml:15:15: error: unknown type 'boolean' of question '1' (expected group, text, yesno, choice, choices, number or date)
$BATS_TEST_TMPDIR/q.yaml:21:30: error: condition of question '1.1' names question '1' of type text (expected yesno, choice or choices)" ]
}

@test "questionnaire: an unknown field and a missing one" {
	mutate 15 '        kind: yesno'
	run -2 --separate-stderr dmn-validate -Q "$BATS_TEST_TMPDIR/q.yaml" "$MINI_DOSSIER"
	[ "${stderr_lines[0]}" = "$BATS_TEST_TMPDIR/q.yaml:14:9: error: a question has no 'type'" ]
	[ "${stderr_lines[1]}" = "$BATS_TEST_TMPDIR/q.yaml:15:9: error: unknown field 'kind' in a question (expected id, text, type, unit, options, help, notes, heading, where, intro, when, questions, audience or vendor)" ]
}

@test "questionnaire: a sub-question out of place" {
	mutate 18 '          - id: "1.2"'
	run -2 --separate-stderr dmn-validate -Q "$BATS_TEST_TMPDIR/q.yaml" "$MINI_DOSSIER"
	[ "$stderr" = "$BATS_TEST_TMPDIR/q.yaml:18:17: error: question id '1.2' should be '1.1' (its place in the guide)" ]
}

@test "questionnaire: not a questionnaire, not YAML, no file" {
	run -2 --separate-stderr dmn-validate -Q "$MINI_DOSSIER" "$MINI_DOSSIER"
	[ "$stderr" = "$MINI_DOSSIER:1:7: error: not a questionnaire (kind: dossier)" ]
	printf 'kind: questionnaire\nid: [\n' >"$BATS_TEST_TMPDIR/bad.yaml"
	run -2 --separate-stderr dmn-validate -Q "$BATS_TEST_TMPDIR/bad.yaml" "$MINI_DOSSIER"
	[ "$stderr" = "$BATS_TEST_TMPDIR/bad.yaml:3:1: error: invalid YAML: did not find expected node content while parsing a flow node (started at line 3)" ]
	run -2 --separate-stderr dmn-validate -Q "$BATS_TEST_TMPDIR/none.yaml" "$MINI_DOSSIER"
	[ "$stderr" = "$BATS_TEST_TMPDIR/none.yaml: error: cannot open: No such file or directory" ]
}
