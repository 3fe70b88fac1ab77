#!/usr/bin/env bats
# compare.bats: dmn-compare's table: the Annexe 2 rows (or every question), the cells and
# their statuses, conditions, differ, devices and completion, streams, the error cases with
# their exact diagnostics, and the YAML form read back. The rows, labels and units expected
# come from tests/questionnaire.py (q), never from a dmn program.

load helper

setup_file() {
	NQ=$(q answerable | wc -l)
	export NQ
}

setup() {
	# the suite of this program's logic: the plain build; the sanitizers see the same code in
	# the hostile suites, the fuzzers and the tests of the terminal
	plain_pass_only
	cd "$BATS_TEST_TMPDIR"
}

# row ID: a jq filter selecting the row whose first question is ID
row() {
	printf '.rows[] | select(.questions[0] == "%s")' "$1"
}

# named FILE NAME [ANSWER-LINES...]: a dossier of device NAME (manufacturer Acme, version 1.0)
named() {
	local f=$1 n=$2
	shift 2
	dossier "$f" "$@"
	sed -i "s/^  name: Test\$/  name: $n/" "$f"
}

usage_first_line='usage: dmn-compare [-adj] [-s SECTION]... [-l fr|en] [-Q FILE] [-o FILE]'

# --- rows --------------------------------------------------------------------------------

@test "default rows: exactly the 42 Annexe 2 rows of the questionnaire, in order" {
	plain_pass_only	# the same in every build; the sanitizers see these paths in smaller tests
	annex=$(q --json rows annex)
	[ "$(jq length <<<"$annex")" -eq 42 ]
	dossier d.yaml '"2": yes'
	run -0 --separate-stderr dmn-compare --json d.yaml
	expect_stderr
	json_is '[.rows[] | [.title.fr, .heading, .questions]]' "$(jq -c 'map([.[0], .[2], .[3]])' <<<"$annex")"
	json_is '[.rows[] | [.title.fr, .title.en, .heading, .questions, .section]]' "$annex"
	json_is '[.kind, .questionnaire, .edition, .table, ."differ-only"]' \
		"$(jq -c '["comparison"] + . + ["annex", false]' <<<"$(q --json meta)")"
	# a heading has no cells; every criterion row has one cell per device
	json_is '[.rows[] | select(.heading) | [.cells, .differ]] | unique' '[[[], false]]'
	json_is '[.rows[] | select(.heading | not) | .cells | length] | unique' '[1]'
	# the YAML form has the same rows
	run -0 --separate-stderr dmn-compare d.yaml
	printf '%s\n' "$output" >out.yaml
	run -0 python3 -c '
import json, yaml
c = yaml.safe_load(open("out.yaml", encoding="utf-8"))
print(json.dumps([[r["title"]["fr"], r["title"]["en"], r["heading"], r["questions"], r["section"]] for r in c["rows"]], ensure_ascii=False))'
	[ "$output" = "$annex" ]
}

@test "--all: a heading per section, then one row per answerable question, in order" {
	all=$(q --json rows all)
	nsections=$(jq '[.[] | select(.[2])] | length' <<<"$all")
	[ "$nsections" -eq 10 ]
	[ "$(jq length <<<"$all")" -eq $((NQ + nsections)) ]
	dossier d.yaml '"2": yes'
	run -0 --separate-stderr dmn-compare --all --json d.yaml
	expect_stderr
	json_is '.rows | length' "$((NQ + nsections))"
	json_is '[.rows[] | select(.heading)] | length' "$nsections"
	json_is '[.rows[] | [.title.fr, .title.en, .heading, .questions, .section]]' "$all"
	json_is '.table' '"all"'
	json_is '[.rows[] | select(.heading | not) | .questions[0]]' "$(q --json answerable)"
	run -0 --separate-stderr dmn-compare -a --json d.yaml
	json_is '.rows | length' "$((NQ + nsections))"
}

@test "--section 5 --section 8: only those sections' rows, their headings included" {
	annex=$(q --json rows annex)
	dossier d.yaml '"2": yes'
	run -0 --separate-stderr dmn-compare --section 5 --section 8 --json d.yaml
	expect_stderr
	json_is '[.rows[] | [.title.fr, .heading, .questions, .section]]' \
		"$(jq -c 'map(select(.[4] == "5" or .[4] == "8") | [.[0], .[2], .[3], .[4]])' <<<"$annex")"
	json_is '[.rows[] | select(.heading) | .section]' '["5", "8"]'
	json_is '.sections' '["5", "8"]'
	# order of the options does not matter; -s is the short form
	run -0 --separate-stderr dmn-compare -s 8 -s 5 --json d.yaml
	json_is '[.rows[] | .section] | unique' '["5", "8"]'
	json_is '.rows | length' "$(jq 'map(select(.[4] == "5" or .[4] == "8")) | length' <<<"$annex")"
	# with --all: section 9's heading and its questions
	run -0 --separate-stderr dmn-compare --all --section 9 --json d.yaml
	json_is '[.rows[] | [.title.fr, .heading, .questions, .section]]' \
		"$(q --json rows all | jq -c 'map(select(.[4] == "9") | [.[0], .[2], .[3], .[4]])')"
	json_is '[.rows[] | select(.heading | not) | .questions[0]]' \
		'["9", "9.1", "9.2", "9.2.1", "9.2.2", "9.2.3", "9.3", "9.4"]'
}

@test "--section: an unknown section is trouble: exact message, exit 2, nothing on stdout" {
	dossier d.yaml '"2": yes'
	run -2 --separate-stderr dmn-compare --section 11 d.yaml
	[ -z "$output" ]
	ids=$(q --json rows all | jq -r '[.[] | select(.[2]) | .[4]] | join(", ")')
	[ "$ids" = "1, 2, 3, 4, 5, 6, 7, 8, 9, 10" ]
	expect_stderr "dmn-compare: error: unknown section '11' (the sections are $ids)"
	run -2 --separate-stderr dmn-compare --section 5 -s 5.2 d.yaml
	[ -z "$output" ]
	expect_stderr "dmn-compare: error: unknown section '5.2' (the sections are $ids)"
}

# --- cells -------------------------------------------------------------------------------

@test "cells: answered (value, source, by, date, comment), unknown, not-applicable, pending, missing" {
	dossier d.yaml \
		'"3.1": {answer: "for adults", source: "notice p. 2", by: vendor, date: 2024-01-02, comment: checked}' \
		'"3.2": {status: unknown, by: vendor}' \
		'"3.3": {status: not-applicable, comment: "no CE claim"}' \
		'"3.4": {status: pending, by: pharmacist, date: 2024-03-01}' \
		'"4.4": {status: unknown}' \
		'"8.6": {answer: "", status: not-applicable}' \
		'"8.13": {status: pending}' \
		'"8.7": text seven' \
		'"8.8": text eight'
	run -0 --separate-stderr dmn-compare --json d.yaml
	expect_stderr
	json_is "$(row 3.1) | .cells" '[{"status": "partial", "answers": [
		{"id": "3.1", "status": "answered", "value": "for adults", "source": "notice p. 2", "by": "vendor", "date": "2024-01-02", "comment": "checked"},
		{"id": "3.2", "status": "unknown", "by": "vendor"},
		{"id": "3.3", "status": "not-applicable", "comment": "no CE claim"},
		{"id": "3.4", "status": "pending", "by": "pharmacist", "date": "2024-03-01"}]}]'
	# a question absent from the dossier: a cell with status missing, never a blank
	json_is "$(row 3.5) | .cells" '[{"status": "missing", "answers": [{"id": "3.5", "status": "missing"}]}]'
	json_is "$(row 4.4) | .cells" '[{"status": "unknown", "answers": [{"id": "4.4", "status": "unknown"}]}]'
	json_is "$(row 8.6) | .cells" '[{"status": "not-applicable", "answers": [{"id": "8.6", "status": "not-applicable"}]}]'
	json_is "$(row 8.13) | .cells" '[{"status": "pending", "answers": [{"id": "8.13", "status": "pending"}]}]'
	json_is "$(row 8.7) | .cells" '[{"status": "answered", "answers": [
		{"id": "8.7", "status": "answered", "value": "text seven"},
		{"id": "8.8", "status": "answered", "value": "text eight"}]}]'
	# every cell of every criterion row has a status and one answer per question
	json_is '[.rows[] | select(.heading | not) | (.cells[0].answers | map(.id)) == .questions] | unique' '[true]'
	json_is '[.rows[] | select(.heading | not) | .cells[0].answers[] | select(.status == null)] | length' '0'
}

@test "condition false: not-applicable with 'because' naming the question it depends on" {
	dossier d.yaml '"5.2": no' '"8.11.1": internal' '"8.11.3": encrypted' '"4.3": no' '"9": no'
	run -0 --separate-stderr dmn-compare --json d.yaml
	expect_stderr
	json_is "$(row 8.11.1) | .cells" "[{\"status\": \"partial\", \"answers\": [
		{\"id\": \"8.11.1\", \"status\": \"answered\", \"value\": \"internal\", \"label\": $(q --json label 8.11.1 internal en)},
		{\"id\": \"8.11.2\", \"status\": \"not-applicable\", \"because\": \"8.11.1\"},
		{\"id\": \"8.11.3\", \"status\": \"answered\", \"value\": \"encrypted\"}]}]"
	json_is "$(row 4.3) | .cells" '[{"status": "partial", "answers": [
		{"id": "4.3", "status": "answered", "value": "no"},
		{"id": "4.3.1", "status": "not-applicable", "because": "4.3"},
		{"id": "4.3.2", "status": "not-applicable", "because": "4.3"}]}]'
	# 9.2.1 inherits the condition of its parent 9.2, which depends on 9
	json_is "$(row 9.1) | .cells" '[{"status": "not-applicable", "answers": [
		{"id": "9.1", "status": "not-applicable", "because": "9"},
		{"id": "9.2", "status": "not-applicable", "because": "9"},
		{"id": "9.2.1", "status": "not-applicable", "because": "9"},
		{"id": "9.2.2", "status": "not-applicable", "because": "9"},
		{"id": "9.2.3", "status": "not-applicable", "because": "9"}]}]'
	# 5.10.2 depends on 5.3, which does not apply
	json_is "$(row 5.10) | .cells[0].answers" '[
		{"id": "5.10", "status": "missing"},
		{"id": "5.10.1", "status": "missing"},
		{"id": "5.10.2", "status": "not-applicable", "because": "5.3"}]'
	# 5.3 (in no Annexe 2 row): with --all
	run -0 --separate-stderr dmn-compare --all --json d.yaml
	json_is "$(row 5.3) | .cells" '[{"status": "not-applicable", "answers": [{"id": "5.3", "status": "not-applicable", "because": "5.2"}]}]'
	# when 5.2 is yes, 5.3 applies and is missing
	dossier y.yaml '"5.2": yes'
	run -0 --separate-stderr dmn-compare --all --json y.yaml
	json_is "$(row 5.3) | .cells" '[{"status": "missing", "answers": [{"id": "5.3", "status": "missing"}]}]'
}

@test "condition false yet answered: a warning, and the cell is not-applicable without the value" {
	dossier d.yaml '"5.2": no' '"5.3": initial'
	run -0 --separate-stderr dmn-compare --all --json d.yaml
	expect_stderr "d.yaml:9:3: warning: question '5.3' does not apply (it depends on the answer to '5.2'), yet it is answered"
	json_is "$(row 5.3) | .cells" '[{"status": "not-applicable", "answers": [{"id": "5.3", "status": "not-applicable", "because": "5.2"}]}]'
}

@test "invalid answers: status invalid with the finding, diagnostics on stderr, exit 1, others compared" {
	dossier bad.yaml '"3.1": a' '"3.2": {answer: b, status: bogus}' '"5.2": maybe'
	named good.yaml Good '"3.1": a' '"5.2": no'
	run -1 --separate-stderr dmn-compare --json bad.yaml good.yaml
	m1="invalid status 'bogus' of the answer to '3.2' (expected answered, unknown, not-applicable or pending)"
	m2="'maybe' is not a yes/no answer to question '5.2' (expected yes or no; oui, non, true, false, vrai and faux are accepted too)"
	expect_stderr "bad.yaml:9:30: error: $m1" "bad.yaml:10:10: error: $m2"
	json_is '.devices | map(.name)' '["Test", "Good"]'
	json_is "$(row 5.2) | .cells" "[
		{\"status\": \"invalid\", \"answers\": [{\"id\": \"5.2\", \"status\": \"invalid\", \"value\": \"maybe\", \"finding\": \"$m2\"}]},
		{\"status\": \"answered\", \"answers\": [{\"id\": \"5.2\", \"status\": \"answered\", \"value\": \"no\"}]}]"
	json_is "$(row 3.1) | .cells[0]" "{\"status\": \"invalid\", \"answers\": [
		{\"id\": \"3.1\", \"status\": \"answered\", \"value\": \"a\"},
		{\"id\": \"3.2\", \"status\": \"invalid\", \"value\": \"b\", \"finding\": \"$m1\"},
		{\"id\": \"3.3\", \"status\": \"missing\"},
		{\"id\": \"3.4\", \"status\": \"missing\"}]}"
	json_is '.devices | map(.completion.total.invalid)' '[2, 0]'
	# the YAML form too: written, exit 1
	run -1 --separate-stderr dmn-compare bad.yaml good.yaml
	[ "${lines[1]}" = "kind: comparison" ]
}

@test "an invalid answer to a question whose condition is false is shown invalid, not not-applicable" {
	dossier d.yaml '"5.2": no' '"5.3": bogus'
	run -1 --separate-stderr dmn-compare --all --json d.yaml
	m="'bogus' is not an option of question '5.3' (expected initial, incremental or continuous, or their labels)"
	expect_stderr "d.yaml:9:10: error: $m"
	json_is "$(row 5.3) | .cells" "[{\"status\": \"invalid\", \"answers\": [{\"id\": \"5.3\", \"status\": \"invalid\", \"value\": \"bogus\", \"finding\": \"$m\"}]}]"
}

@test "an invalid answer's value is carried into its cell, lists included" {
	dossier d.yaml '"4.1": [clinical, economic]' '"7.2": barter'
	run -1 --separate-stderr dmn-compare --json d.yaml
	expect_stderr \
		"d.yaml:8:21: error: 'economic' is not an option of question '4.1' (expected clinical, organisational, budgetary or other, or their labels)" \
		"d.yaml:9:10: error: 'barter' is not an option of question '7.2' (expected purchase, subscription, pay-per-use or other, or their labels)"
	json_is "$(row 7.2) | .cells[0].answers[0] | [.status, .value]" '["invalid", "barter"]'
	json_is "$(row 4.1) | .cells[0].answers[0] | [.status, .value]" '["invalid", ["clinical", "economic"]]'
}

@test "cell status: the answers' one status, partial when they mix, invalid wins" {
	named a.yaml A '"3.1": a' '"3.2": b' '"3.3": yes' '"3.4": d'
	named b.yaml B '"3.1": {status: unknown}' '"3.2": {status: unknown}' '"3.3": {status: unknown}' '"3.4": {status: unknown}'
	named c.yaml C '"3.1": a'
	named d.yaml D '"3.1": a' '"3.2": {answer: b, status: bogus}'
	named e.yaml E '"3.1": {answer: a, status: bogus}' '"3.2": b' '"3.3": yes' '"3.4": d'
	named f.yaml F '"3.1": a' '"3.2": {status: unknown}' '"3.4": {answer: d, status: bogus}'
	named g.yaml G '"3.1": {status: not-applicable}' '"3.2": {status: not-applicable}' '"3.3": {status: not-applicable}' '"3.4": {status: not-applicable}'
	named h.yaml H '"3.1": {status: pending}' '"3.2": {status: pending}' '"3.3": {status: pending}' '"3.4": {status: pending}'
	named i.yaml I '"3.1": {status: pending}' '"3.2": {status: unknown}'
	named j.yaml J
	run -1 --separate-stderr dmn-compare --json a.yaml b.yaml c.yaml d.yaml e.yaml f.yaml g.yaml h.yaml i.yaml j.yaml
	json_is "$(row 3.1) | .cells | map(.status)" \
		'["answered", "unknown", "partial", "invalid", "invalid", "invalid", "not-applicable", "pending", "partial", "missing"]'
	json_is "$(row 3.1) | .cells | map(.answers | map(.status))" '[
		["answered", "answered", "answered", "answered"],
		["unknown", "unknown", "unknown", "unknown"],
		["answered", "missing", "missing", "missing"],
		["answered", "invalid", "missing", "missing"],
		["invalid", "answered", "answered", "answered"],
		["answered", "unknown", "missing", "invalid"],
		["not-applicable", "not-applicable", "not-applicable", "not-applicable"],
		["pending", "pending", "pending", "pending"],
		["pending", "unknown", "missing", "missing"],
		["missing", "missing", "missing", "missing"]]'
	# a question whose condition is false counts as not-applicable: 9.x all n/a is one status
	named k.yaml K '"9": no'
	named l.yaml L '"9": yes' '"9.1": {status: not-applicable}' '"9.2": {status: not-applicable}' \
		'"9.2.1": {status: not-applicable}' '"9.2.2": {status: not-applicable}' '"9.2.3": {status: not-applicable}'
	run -0 --separate-stderr dmn-compare --json k.yaml l.yaml
	json_is "$(row 9.1) | .cells | map(.status)" '["not-applicable", "not-applicable"]'
}

# --- values --------------------------------------------------------------------------------

@test "number values are JSON numbers, with their unit" {
	plain_pass_only	# the same in every build; the sanitizers see these paths in smaller tests
	[ "$(q unit 6.2.5)" = minutes ]
	[ "$(q unit 6.2.6.2)" = days ]
	[ "$(q unit 7.3.1)" = EUR ]
	dossier d.yaml '"6.2.5": 12' '"6.2.6.2": "007.50"' '"7.3.1": 36000'
	run -0 --separate-stderr dmn-compare --json d.yaml
	expect_stderr
	json_is "[($(row 6.2.1)), ($(row 7.3.1)) | .cells[0].answers[] | select(.status == \"answered\") | [.id, .value, (.value | type), .unit]]" \
		'[["6.2.5", 12, "number", "minutes"], ["6.2.6.2", 7.5, "number", "days"], ["7.3.1", 36000, "number", "EUR"]]'
	# the YAML form: numbers too, not strings
	run -0 --separate-stderr dmn-compare d.yaml
	printf '%s\n' "$output" >out.yaml
	run -0 python3 -c '
import yaml
c = yaml.safe_load(open("out.yaml", encoding="utf-8"))
for r in c["rows"]:
    for a in (r["cells"][0]["answers"] if r["cells"] else []):
        if "value" in a:
            print(a["id"], repr(a["value"]), a["unit"])'
	[ "$output" = $'6.2.5 12 minutes\n6.2.6.2 7.5 days\n7.3.1 36000 EUR' ]
}

@test "choice values carry their option label in the --lang language (fr, en, locale)" {
	plain_pass_only
	dossier d.yaml '"8.11.1": external' '"7.2": [purchase, pay-per-use]' '"8.6": oui'
	for lang in fr en; do
		run -0 --separate-stderr dmn-compare --lang "$lang" --json d.yaml
		expect_stderr
		json_is "$(row 8.11.1) | .cells[0].answers[0]" \
			"{\"id\": \"8.11.1\", \"status\": \"answered\", \"value\": \"external\", \"label\": $(q --json label 8.11.1 external "$lang")}"
		json_is "$(row 7.2) | .cells[0].answers[0]" \
			"{\"id\": \"7.2\", \"status\": \"answered\", \"value\": [\"purchase\", \"pay-per-use\"], \"label\": [$(q --json label 7.2 purchase "$lang"), $(q --json label 7.2 pay-per-use "$lang")]}"
		# yes/no: the value is normalised, no label
		json_is "$(row 8.6) | .cells[0].answers[0]" '{"id": "8.6", "status": "answered", "value": "yes"}'
	done
	run -0 --separate-stderr dmn-compare -l fr --json d.yaml
	json_is "$(row 8.11.1) | .cells[0].answers[0].label" "$(q --json label 8.11.1 external fr)"
	run -0 --separate-stderr dmn-compare --json d.yaml
	json_is "$(row 8.11.1) | .cells[0].answers[0].label" "$(q --json label 8.11.1 external en)"
	run -0 --separate-stderr env LC_ALL=fr_FR.UTF-8 dmn-compare --json d.yaml
	json_is "$(row 8.11.1) | .cells[0].answers[0].label" "$(q --json label 8.11.1 external fr)"
	run -0 --separate-stderr env LC_ALL=fr_FR.UTF-8 dmn-compare --lang en --json d.yaml
	json_is "$(row 8.11.1) | .cells[0].answers[0].label" "$(q --json label 8.11.1 external en)"
	# a single id for a choices question is a one-item list
	dossier s.yaml '"7.2": subscription'
	run -0 --separate-stderr dmn-compare --lang fr --json s.yaml
	json_is "$(row 7.2) | .cells[0].answers[0] | [.value, .label]" "[[\"subscription\"], [$(q --json label 7.2 subscription fr)]]"
}

# --- differ ------------------------------------------------------------------------------

# differ_of ID A B: the differ flag of the row holding ID when device A answers with line A and
# device B with line B (an empty line: no answer)
differ_of() {
	local a=() b=()
	[ -n "$2" ] && a=("\"$1\": $2")
	[ -n "$3" ] && b=("\"$1\": $3")
	named a.yaml A "${a[@]}"
	named b.yaml B "${b[@]}"
	dmn-compare --all --json a.yaml b.yaml 2>/dev/null | jq -c "$(row "$1") | .differ"
}

# differ_is ID A B WANT
differ_is() {
	local got
	got=$(differ_of "$1" "$2" "$3")
	if [ "$got" != "$4" ]; then
		printf 'differ of %s: %s vs %s: want %s, got %s\n' "$1" "$2" "$3" "$4" "$got" >&2
		return 1
	fi
}

@test "differ: yes/no, choice and number answers compared by value" {
	plain_pass_only	# the same in every build; the sanitizers see these paths in smaller tests
	differ_is 8.6 yes no true
	differ_is 8.6 yes yes false
	differ_is 8.6 yes oui false
	differ_is 8.6 no NON false
	differ_is 8.11.1 internal external true
	differ_is 8.11.1 external external false
	differ_is 6.2.5 12 '"12.0"' false
	differ_is 6.2.5 12 12.0 false
	differ_is 6.2.5 12 012 false
	differ_is 6.2.5 12 13 true
	differ_is 7.2 '[purchase, subscription]' '[subscription, purchase]' false
	differ_is 7.2 '[purchase]' 'purchase' false
	differ_is 7.2 '[purchase]' '[purchase, subscription]' true
	differ_is 7.2 '[purchase, subscription]' '[purchase]' true
	differ_is 7.2 '[purchase]' '[subscription]' true
}

@test "differ: text compared after trimming" {
	differ_is 8.13 '" abc "' 'abc' false
	differ_is 8.13 '"abc\n"' '"  abc"' false
	differ_is 8.13 'abc' 'abd' true
	differ_is 8.13 'abc' 'ABC' true
	differ_is 8.13 '"a b"' '"a  b"' true
}

@test "differ: answered vs missing, pending or invalid do not differ; vs unknown or not-applicable do" {
	differ_is 8.6 yes '' false
	differ_is 8.6 '' '' false
	differ_is 8.6 yes '{status: pending}' false
	differ_is 8.6 yes maybe false
	differ_is 8.6 yes '{status: unknown}' true
	differ_is 8.6 yes '{status: not-applicable}' true
	differ_is 8.6 '{status: unknown}' '{status: unknown}' false
	differ_is 8.6 '{status: unknown}' '{status: not-applicable}' true
	# a row differs when one of its questions does
	named a.yaml A '"8.11.1": external' '"8.11.3": AES'
	named b.yaml B '"8.11.1": external' '"8.11.3": none'
	run -0 --separate-stderr dmn-compare --json a.yaml b.yaml
	json_is "$(row 8.11.1) | .differ" 'true'
	json_is '[.rows[] | select(.differ) | .questions[0]]' '["8.11.1"]'
	# answered vs not applicable because of a condition differs too
	named a.yaml A '"5.2": yes' '"5.3": initial'
	named b.yaml B '"5.2": yes'
	named c.yaml C '"5.2": no'
	run -0 --separate-stderr dmn-compare --all --json a.yaml b.yaml
	json_is "$(row 5.3) | .differ" 'false'
	run -0 --separate-stderr dmn-compare --all --json a.yaml c.yaml
	json_is "$(row 5.3) | .differ" 'true'
	# one device: nothing differs
	run -0 --separate-stderr dmn-compare --json a.yaml
	json_is '[.rows[] | select(.differ)]' '[]'
}

@test "--differ: only the rows that differ, headings only above a kept row" {
	plain_pass_only	# the same in every build; the sanitizers see these paths in smaller tests
	annex=$(q --json rows annex)
	complete_dossier a.yaml yes A
	complete_dossier b.yaml yes B
	grep -q '^  "8.6": "yes"$' b.yaml
	sed -i 's/^  "8.6": "yes"$/  "8.6": "no"/' b.yaml
	[ "$(diff a.yaml b.yaml | grep -c '^[<>]')" -eq 4 ]
	run -0 --separate-stderr dmn-compare --json a.yaml b.yaml
	expect_stderr
	json_is '[.rows[] | select(.differ) | .questions]' '[["8.6"]]'
	json_is '."differ-only"' 'false'
	run -0 --separate-stderr dmn-compare --differ --json a.yaml b.yaml
	expect_stderr
	json_is '."differ-only"' 'true'
	json_is '[.rows[] | [.title.fr, .heading, .questions]]' \
		"$(jq -c 'map(select((.[2] and .[4] == "8") or .[3] == ["8.6"]) | [.[0], .[2], .[3]])' <<<"$annex")"
	json_is '[.rows[] | [.heading, .differ, .questions]]' '[[true, false, []], [false, true, ["8.6"]]]'
	json_is "$(row 8.6) | .cells | map(.answers[0].value)" '["yes", "no"]'
	# a second difference, in section 5 (5.4.1 is in the 5.4 row)
	sed -i 's/^  "5.4.1": "yes"$/  "5.4.1": "no"/' b.yaml
	run -0 --separate-stderr dmn-compare -d --json a.yaml b.yaml
	json_is '[.rows[] | [.heading, .section, .questions[0]]]' \
		'[[true, "5", null], [false, "5", "5.4"], [true, "8", null], [false, "8", "8.6"]]'
	# with --section: the other section's row and heading are gone
	run -0 --separate-stderr dmn-compare --differ --section 8 --json a.yaml b.yaml
	json_is '[.rows[] | [.heading, .section, .questions[0]]]' '[[true, "8", null], [false, "8", "8.6"]]'
	run -0 --separate-stderr dmn-compare --differ --section 3 --json a.yaml b.yaml
	json_is '.rows' '[]'
	# with --all: the question rows
	run -0 --separate-stderr dmn-compare --all --differ --json a.yaml b.yaml
	json_is '[.rows[] | [.heading, .section, .questions[0]]]' \
		'[[true, "5", null], [false, "5", "5.4.1"], [true, "8", null], [false, "8", "8.6"]]'
	# identical dossiers: no row at all
	complete_dossier b.yaml yes B
	run -0 --separate-stderr dmn-compare --differ --json a.yaml b.yaml
	json_is '.rows' '[]'
}

# --- devices, completion, inputs ------------------------------------------------------------

@test "devices in input order: name, manufacturer, version, file, line" {
	named a.yaml Alpha '"2": yes'
	{ printf '# vendor B\n# second comment\n'; cat a.yaml; } >b.yaml
	sed -i 's/^  name: Alpha$/  name: Beta/; s/^  manufacturer: Acme$/  manufacturer: Beta Corp/; s/^  version: "1.0"$/  version: "2.1"\n  ce-class: IIa/' b.yaml
	named c.yaml Gamma
	sed -i '/^  version:/d' c.yaml
	run -0 --separate-stderr dmn-compare --json c.yaml a.yaml b.yaml
	expect_stderr
	json_is '.devices | map([.name, .manufacturer, .version, ."ce-class", .file, .line])' \
		'[["Gamma", "Acme", null, null, "c.yaml", 1], ["Alpha", "Acme", "1.0", null, "a.yaml", 1], ["Beta", "Beta Corp", "2.1", "IIa", "b.yaml", 3]]'
	json_is "$(row 3.1) | .cells | length" '3'
	run -0 --separate-stderr dmn-compare --json b.yaml a.yaml c.yaml
	json_is '.devices | map(.name)' '["Beta", "Alpha", "Gamma"]'
}

@test "completion per device equals dmn-validate's counts for the same dossiers" {
	named a.yaml A '"2": yes' '"5.2": no' '"3.1": {status: unknown}' '"3.2": {status: pending}' \
		'"3.3": {status: not-applicable}' '"9": no' '"6.2.5": abc'
	files=("$EXAMPLES/osteoscan.yaml" "$EXAMPLES/fractavision.yaml" "$EXAMPLES/bonesight.yaml" a.yaml)
	run -1 --separate-stderr dmn-validate --json "${files[@]}"
	counts=$(jq -c '[.dossiers[].counts]' <<<"$output")
	[ "$(jq length <<<"$counts")" -eq 4 ]
	run -1 --separate-stderr dmn-compare --json "${files[@]}"
	json_is '[.devices[].completion]' "$counts"
	# the counts say something: a complete dossier, one with pending answers, one with invalid ones
	json_is '[.devices[].completion.total | [.missing == 0, .pending > 0, .invalid > 0]]' \
		'[[true, false, false], [false, true, false], [false, false, true], [false, true, true]]'
	json_is '.devices[3].completion.total' \
		"{\"answered\": 3, \"unknown\": 1, \"not-applicable\": 1, \"pending\": 1, \"missing\": $((NQ - 16)), \"invalid\": 1, \"skipped\": 9}"
	json_is '.devices[0].completion.sections | map(.section)' '["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]'
	# with --all, --section, --differ: the same completion
	run -1 --separate-stderr dmn-compare --all --section 9 --differ --json "${files[@]}"
	json_is '[.devices[].completion]' "$counts"
}

@test "inputs: several files, a multi-document stream on stdin, files and - mixed" {
	for n in A B C; do
		case $n in A) v=yes ;; B) v=no ;; C) v='{status: unknown}' ;; esac
		named "$n.yaml" "$n" "\"5.2\": $v"
		{ echo ---; cat "$n.yaml"; } >"$n.doc"
	done
	want='[["answered", "yes"], ["answered", "no"], ["unknown", null]]'
	cells="$(row 5.2) | .cells | map([.status, .answers[0].value])"
	run -0 --separate-stderr dmn-compare --json A.yaml B.yaml C.yaml
	expect_stderr
	json_is '.devices | map([.name, .file, .line])' '[["A", "A.yaml", 1], ["B", "B.yaml", 1], ["C", "C.yaml", 1]]'
	json_is "$cells" "$want"
	yaml=$(wc -l <A.doc)
	run -0 --separate-stderr bash -c 'cat A.doc B.doc C.doc | dmn-compare --json'
	expect_stderr
	json_is '.devices | map([.name, .file, .line])' \
		"[[\"A\", \"<stdin>\", 2], [\"B\", \"<stdin>\", $((yaml + 2))], [\"C\", \"<stdin>\", $((2 * yaml + 2))]]"
	json_is "$cells" "$want"
	run -0 --separate-stderr bash -c 'cat A.doc B.doc C.doc | dmn-compare --json -'
	json_is '.devices | map(.name)' '["A", "B", "C"]'
	run -0 --separate-stderr bash -c 'dmn-compare --json A.yaml - C.yaml <B.yaml'
	expect_stderr
	json_is '.devices | map([.name, .file, .line])' '[["A", "A.yaml", 1], ["B", "<stdin>", 1], ["C", "C.yaml", 1]]'
	json_is "$cells" "$want"
	run -0 --separate-stderr bash -c 'cat B.doc C.doc | dmn-compare --json - A.yaml'
	json_is '.devices | map([.name, .file])' '[["B", "<stdin>"], ["C", "<stdin>"], ["A", "A.yaml"]]'
	# files without '---' joined by cat are one document: trouble, with a hint
	run -2 --separate-stderr bash -c 'cat A.yaml B.yaml | dmn-compare'
	[ -z "$output" ]
	n=$(wc -l <A.yaml)
	expect_stderr "<stdin>:$((n + 1)):1: error: duplicate key 'kind' (two documents joined without '---'? start each document with '---')"
}

@test "one dossier gives a one-column table" {
	named a.yaml A '"8.6": yes'
	run -0 --separate-stderr dmn-compare --json a.yaml
	expect_stderr
	json_is '.devices | length' '1'
	json_is '[.rows[] | select(.heading | not) | .cells | length] | unique' '[1]'
	json_is '.rows | length' '42'
	json_is "$(row 8.6) | .cells" '[{"status": "answered", "answers": [{"id": "8.6", "status": "answered", "value": "yes"}]}]'
	run -0 --separate-stderr dmn-compare --json <a.yaml
	json_is '.devices | map([.name, .file])' '[["A", "<stdin>"]]'
}

@test "--questionnaire FILE: its id, edition and Annexe 2 rows; a dossier of the built-in one is trouble" {
	mini=$FIXTURES/questionnaire/mini.yaml
	sed 's/^device: {name: Mini}$/device: {name: Other}/; s/^  "2.2": 1200$/  "2.2": 1200.0/; s/^  "2.1": external$/  "2.1": internal/' \
		"$FIXTURES/questionnaire/mini-dossier.yaml" >other.yaml
	grep -q 'name: Other' other.yaml
	run -0 --separate-stderr dmn-compare -Q "$mini" --json "$FIXTURES/questionnaire/mini-dossier.yaml" other.yaml
	expect_stderr
	json_is '[.questionnaire, .edition, (.devices | map(.name))]' '["mini", "2024-01-01", ["Mini", "Other"]]'
	json_is '[.rows[] | [.title.en, .heading, .questions, .differ]]' \
		'[["The device", true, [], false], ["Hosting and cost", false, ["2.1", "2.2"], true]]'
	json_is '.rows[1].cells | map(.answers | map([.id, .value, .label, .unit]))' \
		'[[["2.1", "external", "external", null], ["2.2", 1200, null, "EUR"]], [["2.1", "internal", "internal", null], ["2.2", 1200.0, null, "EUR"]]]'
	dossier d.yaml '"2": yes'
	run -2 --separate-stderr dmn-compare --questionnaire "$mini" d.yaml
	[ -z "$output" ]
	expect_stderr "d.yaml:2:16: error: the dossier is for questionnaire 'has-dmn-2023', not 'mini' (see --questionnaire)"
}

# --- trouble: exit 2, FILE:LINE:COL, nothing on stdout --------------------------------------

@test "two dossiers with the same device name and version are trouble" {
	named a.yaml Same '"2": yes'
	named b.yaml Same '"2": no'
	run -2 --separate-stderr dmn-compare a.yaml b.yaml
	[ -z "$output" ]
	expect_stderr "b.yaml:4:9: error: device 'Same' version '1.0' is already in the comparison (a.yaml:1)"
	# the same file twice, or in one stream
	run -2 --separate-stderr dmn-compare --json a.yaml a.yaml
	[ -z "$output" ]
	expect_stderr "a.yaml:4:9: error: device 'Same' version '1.0' is already in the comparison (a.yaml:1)"
	run -2 --separate-stderr bash -c '{ echo ---; cat a.yaml; echo ---; cat b.yaml; } | dmn-compare'
	[ -z "$output" ]
	expect_stderr "<stdin>:14:9: error: device 'Same' version '1.0' is already in the comparison (<stdin>:2)"
	# same name, another version: two devices
	sed 's/^  version: "1.0"$/  version: "1.1"/' b.yaml >c.yaml
	run -0 --separate-stderr dmn-compare --json a.yaml c.yaml
	json_is '.devices | map([.name, .version])' '[["Same", "1.0"], ["Same", "1.1"]]'
}

@test "two dossiers with the same device name and no version are trouble" {
	named a.yaml Same '"2": yes'
	sed -i '/^  version:/d' a.yaml
	cp a.yaml b.yaml
	run -2 --separate-stderr dmn-compare a.yaml b.yaml
	[ -z "$output" ]
	expect_stderr "b.yaml:4:9: error: device 'Same' is already in the comparison (a.yaml:1)"
	# with a version on one only, they are two devices
	named c.yaml Same '"2": yes'
	run -0 --separate-stderr dmn-compare --json a.yaml c.yaml
	json_is '.devices | map([.name, .version])' '[["Same", null], ["Same", "1.0"]]'
}

@test "a dossier of another questionnaire or edition is trouble" {
	dossier a.yaml '"2": yes'
	run -2 --separate-stderr dmn-compare a.yaml "$FIXTURES/questionnaire/mini-dossier.yaml"
	[ -z "$output" ]
	expect_stderr "$FIXTURES/questionnaire/mini-dossier.yaml:2:16: error: the dossier is for questionnaire 'mini', not 'has-dmn-2023' (see --questionnaire)"
	sed 's/^questionnaire: has-dmn-2023$/questionnaire: has-dmn-2023\nedition: "2020-01-01"/' a.yaml >e.yaml
	sed -i 's/^  name: Test$/  name: Old/' e.yaml
	run -2 --separate-stderr dmn-compare a.yaml e.yaml
	[ -z "$output" ]
	expect_stderr "e.yaml:3:10: error: the dossier is for edition '2020-01-01' of 'has-dmn-2023', not '2023-06-22'"
	# the questionnaire's own edition is fine
	sed -i 's/"2020-01-01"/"2023-06-22"/' e.yaml
	run -0 --separate-stderr dmn-compare --json a.yaml e.yaml
	json_is '.devices | map(.name)' '["Test", "Old"]'
}

@test "a document that is not a dossier is trouble" {
	dossier a.yaml '"2": yes'
	printf 'kind: validation\n' >v.yaml
	run -2 --separate-stderr dmn-compare a.yaml v.yaml
	[ -z "$output" ]
	expect_stderr "v.yaml:1:7: error: expected a dossier, found kind 'validation'"
	# dmn-validate's output fed in
	run -2 --separate-stderr bash -c 'dmn-validate a.yaml 2>/dev/null | dmn-compare'
	[ -z "$output" ]
	expect_stderr "<stdin>:2:7: error: expected a dossier, found kind 'validation'"
	# dmn-compare's own output fed back in
	run -2 --separate-stderr bash -c 'dmn-compare a.yaml | dmn-compare'
	[ -z "$output" ]
	expect_stderr "<stdin>:2:7: error: expected a dossier, found kind 'comparison'"
	run -2 --separate-stderr bash -c 'echo hello | dmn-compare a.yaml -'
	[ -z "$output" ]
	expect_stderr "<stdin>:1:1: error: not a dmn document: expected a mapping with 'kind', found a scalar"
}

@test "no input is trouble: no dossier in the input" {
	run -2 --separate-stderr dmn-compare </dev/null
	[ -z "$output" ]
	expect_stderr "<stdin>: error: no dossier in the input"
	run -2 --separate-stderr dmn-compare - </dev/null
	expect_stderr "<stdin>: error: no dossier in the input"
	printf '# only a comment\n' >empty.yaml
	run -2 --separate-stderr dmn-compare empty.yaml
	[ -z "$output" ]
	expect_stderr "empty.yaml: error: no dossier in the input"
	run -2 --separate-stderr dmn-compare empty.yaml empty.yaml
	expect_stderr "dmn-compare: error: no dossier in the input"
	run -2 --separate-stderr dmn-compare nosuch.yaml
	[ -z "$output" ]
	expect_stderr "nosuch.yaml: error: cannot open: No such file or directory"
}

@test "a dossier without a device name is trouble" {
	dossier a.yaml '"2": yes'
	printf 'kind: dossier\nquestionnaire: has-dmn-2023\ndevice:\n  manufacturer: Acme\nanswers:\n  "2": yes\n' >nn.yaml
	run -2 --separate-stderr dmn-compare a.yaml nn.yaml
	[ -z "$output" ]
	expect_stderr "nn.yaml:4:3: error: a dossier without a device name cannot be compared"
	printf 'kind: dossier\nquestionnaire: has-dmn-2023\nanswers:\n  "2": yes\n' >nd.yaml
	run -2 --separate-stderr dmn-compare nd.yaml a.yaml
	[ -z "$output" ]
	expect_stderr "nd.yaml:1:1: error: a dossier without a device name cannot be compared"
	# a blank name is no name
	printf 'kind: dossier\nquestionnaire: has-dmn-2023\ndevice:\n  name: "  "\n' >nb.yaml
	run -2 --separate-stderr dmn-compare a.yaml nb.yaml
	[ -z "$output" ]
	expect_stderr "nb.yaml:4:9: error: a dossier without a device name cannot be compared"
}

@test "a YAML syntax error is trouble with line:col, even after good dossiers" {
	dossier a.yaml '"2": yes'
	printf 'kind: dossier\nquestionnaire: has-dmn-2023\ndevice:\n  name: X\nanswers:\n  "2": yes\n   "3.1": no\n' >s.yaml
	run -2 --separate-stderr dmn-compare a.yaml s.yaml
	[ -z "$output" ]
	expect_stderr "s.yaml:7:9: error: invalid YAML: mapping values are not allowed in this context; a value that contains ': ' must be quoted: write it between double quotes, \"like: this\""
	run -2 --separate-stderr bash -c '{ cat a.yaml; printf -- "---\nkind: [\n"; } | dmn-compare --json'
	[ -z "$output" ]
	expect_stderr "<stdin>:11:1: error: invalid YAML: did not find expected node content while parsing a flow node (started at line 11)"
	# trouble wins over findings: still nothing on stdout
	named b.yaml B '"5.2": maybe'
	run -2 --separate-stderr dmn-compare b.yaml s.yaml
	[ -z "$output" ]
	expect_stderr \
		"b.yaml:8:10: error: 'maybe' is not a yes/no answer to question '5.2' (expected yes or no; oui, non, true, false, vrai and faux are accepted too)" \
		"s.yaml:7:9: error: invalid YAML: mapping values are not allowed in this context; a value that contains ': ' must be quoted: write it between double quotes, \"like: this\""
}

# --- output --------------------------------------------------------------------------------

@test "the YAML output reads back (PyYAML, yq) as the same values as --json" {
	plain_pass_only	# what other readers make of the bytes: the same in every build
	cat >t.yaml <<'EOF'
kind: dossier
questionnaire: has-dmn-2023
device:
  name: "yes"
  manufacturer: "null"
  version: "8.10"
  ce-class: "1e3"
answers:
  "3.1": "on"
  "3.2": {answer: "~", source: "12:30", by: "0o17", date: 2024-01-02, comment: "- a"}
  "3.4": "2024-01-02"
  "3.5": "a\tb\u2028c: d #x"
  "4.2.1": "!tag &a *b |c >d"
  "5.1.1": "'quoted' \"dq\""
  "6.2.1": "-.inf"
  "6.2.3": ".NaN"
  "6.2.6": "1_000"
  "6.2.7": "Yes"
  "7.2": [purchase]
  "6.2.5": 0012.50
  "8.13": "Scanné «X» — ok"
  "5.2": maybe
EOF
	files=(t.yaml "$EXAMPLES/osteoscan.yaml" "$EXAMPLES/fractavision.yaml" "$EXAMPLES/bonesight.yaml")
	for opts in "" "--all" "--lang fr --differ"; do
		run -1 --separate-stderr dmn-compare $opts "${files[@]}"
		printf '%s\n' "$output" >out.yaml
		run -1 --separate-stderr dmn-compare $opts --json "${files[@]}"
		printf '%s\n' "$output" >out.json
		run -0 python3 -c '
import json, sys, yaml
y = yaml.safe_load(open("out.yaml", encoding="utf-8"))
j = json.load(open("out.json", encoding="utf-8"))
a, b = json.dumps(y, sort_keys=True), json.dumps(j, sort_keys=True)
if a != b:
    sys.exit("yaml: %s\njson: %s" % (a[:2000], b[:2000]))
print(j["kind"], len(j["devices"]), j["devices"][0]["name"], j["devices"][0]["version"])'
		[ "$output" = "comparison 4 yes 8.10" ]
		[ "$(yq -S -c . out.yaml)" = "$(jq -S -c . out.json)" ]
	done
	# the tricky values, as PyYAML reads them
	run -1 --separate-stderr dmn-compare --all t.yaml
	printf '%s\n' "$output" >out.yaml
	run -0 python3 -c '
import yaml
c = yaml.safe_load(open("out.yaml", encoding="utf-8"))
d = c["devices"][0]
print(d["name"], d["manufacturer"], d["version"], d["ce-class"], sep="|")
for r in c["rows"]:
    for a in (r["cells"][0]["answers"] if r["cells"] else []):
        if a["id"] in ("3.1", "3.2", "3.4", "3.5", "6.2.5", "6.2.7"):
            print(a["id"], repr(a.get("value")), repr(a.get("source")), repr(a.get("by")), repr(a.get("date")), repr(a.get("comment")))'
	[ "${lines[0]}" = "yes|null|8.10|1e3" ]
	[ "${lines[1]}" = "3.1 'on' None None None None" ]
	[ "${lines[2]}" = "3.2 '~' '12:30' '0o17' '2024-01-02' '- a'" ]
	[ "${lines[3]}" = "3.4 '2024-01-02' None None None None" ]
	[ "${lines[4]}" = "3.5 'a\\tb\\u2028c: d #x' None None None None" ]
	[ "${lines[5]}" = "6.2.5 12.5 None None None None" ]
	[ "${lines[6]}" = "6.2.7 'Yes' None None None None" ]
}

@test "-o FILE: the file holds what stdout would, stdout stays empty; trouble writes nothing" {
	named a.yaml A '"2": yes'
	named b.yaml B '"5.2": maybe'
	run -1 --separate-stderr dmn-compare --json a.yaml b.yaml
	printf '%s\n' "$output" >want.json
	run -1 --separate-stderr dmn-compare --json -o out.json a.yaml b.yaml
	[ -z "$output" ]
	expect_stderr "b.yaml:8:10: error: 'maybe' is not a yes/no answer to question '5.2' (expected yes or no; oui, non, true, false, vrai and faux are accepted too)"
	cmp want.json out.json
	run -0 --separate-stderr dmn-compare a.yaml
	printf '%s\n' "$output" >want.yaml
	echo old >out.yaml
	run -0 --separate-stderr dmn-compare --output out.yaml a.yaml
	[ -z "$output" ]
	expect_stderr
	cmp want.yaml out.yaml
	[ -z "$(find . -name '.dmn-*')" ]
	# trouble: the file is neither created nor replaced
	named c.yaml A '"2": no'
	run -2 --separate-stderr dmn-compare -o new.yaml a.yaml c.yaml
	[ ! -e new.yaml ]
	run -2 --separate-stderr dmn-compare -o out.yaml a.yaml c.yaml
	cmp want.yaml out.yaml
	[ -z "$(find . -name '.dmn-*')" ]
}

# --- usage -------------------------------------------------------------------------------

@test "--help: usage on stdout, exit 0" {
	run -0 --separate-stderr dmn-compare --help
	expect_stderr
	[ "${lines[0]}" = "$usage_first_line" ]
	for o in --all --section --differ --json --lang --questionnaire --output --help --version; do
		grep -q -e "$o" <<<"$output"
	done
	tr '\n' ' ' <<<"$output" | grep -q 'Exit status: 0 .*, 1 .*, 2 trouble'
	help=$output
	run -0 --separate-stderr dmn-compare -h
	[ "$output" = "$help" ]
	run -0 --separate-stderr dmn-compare --version
	[[ ${lines[0]} =~ ^dmn-compare\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
	same "${lines[1]}" "built-in questionnaire: $(q meta | tr '\n' ' ' | sed -E 's/^([^ ]+) ([^ ]+) $/\1, edition \2/')"
}

@test "an unknown option is a usage error: message, then usage on stderr, exit 2" {
	run -0 dmn-compare --help
	help=$output
	dossier a.yaml '"2": yes'
	run -2 --separate-stderr dmn-compare --bogus a.yaml
	[ -z "$output" ]
	[ "$stderr" = "dmn-compare: error: unknown option '--bogus'"$'\n'"$help" ]
	run -2 --separate-stderr dmn-compare -x a.yaml
	[ -z "$output" ]
	[ "$stderr" = "dmn-compare: error: unknown option '-x'"$'\n'"$help" ]
	# an option it does not have, with a value: unknown, not "takes no value"
	run -2 --separate-stderr dmn-compare --format=json a.yaml
	[ "$stderr" = "dmn-compare: error: unknown option '--format'"$'\n'"$help" ]
	run -2 --separate-stderr dmn-compare --all=yes a.yaml
	[ "$stderr" = "dmn-compare: error: option '--all' takes no value"$'\n'"$help" ]
	run -2 --separate-stderr dmn-compare a.yaml --section
	[ -z "$output" ]
	[ "$stderr" = "dmn-compare: error: option '--section' needs a value"$'\n'"$help" ]
	run -2 --separate-stderr dmn-compare --lang de a.yaml
	[ -z "$output" ]
	[ "$stderr" = "dmn-compare: error: unknown language 'de' (expected fr or en)"$'\n'"$help" ]
}

# --- the three example dossiers, cell by cell ----------------------------------------------

@test "the three examples: devices, diagnostics and a handful of rows checked cell by cell" {
	plain_pass_only	# a document checked word by word: the same in every build (the sanitizers run
	# these programs on these files in other tests)
	cd "$EXAMPLES"
	run -1 --separate-stderr dmn-compare --lang fr --json osteoscan.yaml fractavision.yaml bonesight.yaml
	# BoneSight's deliberate errors (each marked ERREUR on its line), in French as --lang says;
	# FractaVision and OsteoScan have none
	expect_stderr \
		"bonesight.yaml:26:5: erreur : champ « auteur » inconnu dans la réponse à « 3.1 » (champs attendus : answer, status, source, by, date ou comment)" \
		"bonesight.yaml:31:11: erreur : « 15/03/2024 » n'est pas une date de la forme AAAA-MM-JJ (la date d'une réponse) : écrivez 2024-03-15" \
		"bonesight.yaml:35:21: erreur : « economic » n'est pas une option de la question « 4.1 » (attendu : clinical, organisational, budgetary ou other, ou leurs libellés)" \
		"bonesight.yaml:42:12: erreur : « peut-être » n'est pas une réponse oui/non à la question « 4.2.4 » (attendu : yes ou no ; oui, non, true, false, vrai et faux sont aussi acceptés)" \
		"bonesight.yaml:54:3: avertissement : la question « 5.3 » ne s'applique pas (elle dépend de la réponse à « 5.2 »), pourtant elle a une réponse" \
		"bonesight.yaml:62:13: erreur : statut « done » invalide pour la réponse à « 5.8.1 » (attendu : answered, unknown, not-applicable ou pending)" \
		"bonesight.yaml:64:3: avertissement : l'identifiant de question « 5.10 » n'est pas entre guillemets : d'autres outils YAML le lisent comme un nombre ; écrivez \"5.10\"" \
		"bonesight.yaml:69:12: erreur : « environ 10 minutes » n'est pas un nombre (la question « 6.2.5 » attend un nombre en minutes)" \
		"bonesight.yaml:89:3: erreur : identifiant de question inconnu : « 9.7 »"
	json_is '.devices | map([.name, .manufacturer, .version, ."ce-class", .file, .line])' '[
		["OsteoScan AI", "Radiance Imaging SAS", "2.3", "IIa", "osteoscan.yaml", 7],
		["FractaVision", "Nordlys Medical AB", "1.8.0", "IIa", "fractavision.yaml", 6],
		["BoneSight", "Meditek Labs GmbH", "3.0.2", "IIb", "bonesight.yaml", 7]]'
	json_is '.rows | length' '42'

	# 5.2 (machine learning?): OsteoScan yes, FractaVision no, BoneSight no
	json_is "$(row 5.2) | .title.fr" "\"La fonctionnalité principale du DMN se base-t-elle ou non sur de l'apprentissage automatique ?\""
	json_is "$(row 5.2) | [.differ, .cells]" "$(cat <<'EOF'
[true, [
 {"status": "answered", "answers": [{"id": "5.2", "status": "answered", "value": "yes",
   "source": "Notice d'utilisation OsteoScan AI v2.3, § 2.3, p. 7", "by": "vendor"}]},
 {"status": "answered", "answers": [{"id": "5.2", "status": "answered", "value": "no",
   "source": "Courriel du fabricant du 2024-02-27", "by": "vendor",
   "comment": "Le fabricant déclare une détection par traitement d'image déterministe (contours, modèles morphométriques), l'apprentissage automatique ne servant qu'au contrôle de qualité des images. À confirmer lors de la démonstration."}]},
 {"status": "answered", "answers": [{"id": "5.2", "status": "answered", "value": "no", "by": "vendor",
   "comment": "Réponse du fabricant, incohérente avec sa réponse à 5.3 : à vérifier."}]}]]
EOF
)"

	# 7.2 (contracting model): subscription, pay-per-use, purchase, with the French labels
	json_is "$(row 7.2) | .title.fr" '"Quel(s) est/sont le(s) mode(s) de contractualisation du DMN ?"'
	json_is "$(row 7.2) | [.differ, (.cells | map([.status, (.answers | map([.id, .status, .value, .label]))]))]" \
		"[true, [
		[\"answered\", [[\"7.2\", \"answered\", [\"subscription\"], [$(q --json label 7.2 subscription fr)]]]],
		[\"answered\", [[\"7.2\", \"answered\", [\"pay-per-use\"], [$(q --json label 7.2 pay-per-use fr)]]]],
		[\"answered\", [[\"7.2\", \"answered\", [\"purchase\"], [$(q --json label 7.2 purchase fr)]]]]]]"

	# 8.11 (hosting): OsteoScan and FractaVision external with their HDS answers; BoneSight
	# internal, so 8.11.2 does not apply, because of 8.11.1
	json_is "$(row 8.11.1) | .questions" '["8.11.1", "8.11.2", "8.11.3"]'
	json_is "$(row 8.11.1) | [.differ, (.cells | map([.status, (.answers | map([.id, .status, .value, .because, .source]))]))]" "$(cat <<'EOF'
[true, [
 ["answered", [["8.11.1", "answered", "external", null, null],
   ["8.11.2", "answered", "Oui : hébergeur certifié HDS pour les six activités ; serveurs en France.", null, "Certificat HDS de l'hébergeur (copie jointe à l'offre)"],
   ["8.11.3", "answered", "Chiffrement AES-256 au repos, TLS 1.3 pour les flux entre la passerelle et l'hébergeur.", null, null]]],
 ["answered", [["8.11.1", "answered", "external", null, null],
   ["8.11.2", "answered", "Hébergeur certifié HDS, serveurs en Union européenne (Irlande).", null, null],
   ["8.11.3", "answered", "Chiffrement au repos et TLS pour les flux (versions non précisées).", null, null]]],
 ["partial", [["8.11.1", "answered", "internal", null, null],
   ["8.11.2", "not-applicable", null, "8.11.1", null],
   ["8.11.3", "answered", "Chiffrement des disques du serveur local ; flux DICOM non chiffrés dans le réseau de l'établissement.", null, null]]]]]
EOF
)"
	json_is "$(row 8.11.1) | .cells | map(.answers[0].label)" \
		"[$(q --json label 8.11.1 external fr), $(q --json label 8.11.1 external fr), $(q --json label 8.11.1 internal fr)]"

	# 4.2 (evidence): BoneSight's 4.2.4 "peut-être" is invalid; FractaVision's 4.2.5 is pending
	json_is "$(row 4.2.1) | .cells | map([.status, (.answers | map([.id, .status, .value]))])" "$(cat <<'EOF'
[["answered", [["4.2.1", "answered", "Validation rétrospective multicentrique de performance autonome (4 centres, 2 600 examens) ; étude de lecture multi-lecteurs multi-cas (24 lecteurs, 480 examens) ; étude prospective en cours aux urgences (NCT09876543, fin des inclusions prévue en 2025)."],
   ["4.2.2", "answered", "yes"], ["4.2.3", "answered", "yes"], ["4.2.4", "answered", "yes"], ["4.2.5", "answered", "yes"]]],
 ["partial", [["4.2.1", "answered", "Une étude rétrospective monocentrique de performance autonome (1 150 examens)."],
   ["4.2.2", "answered", "yes"], ["4.2.3", "answered", "no"], ["4.2.4", "answered", "yes"], ["4.2.5", "pending", null]]],
 ["invalid", [["4.2.1", "answered", "Deux études rétrospectives multicentriques et une étude de lecture assistée (18 lecteurs)."],
   ["4.2.2", "answered", "yes"], ["4.2.3", "answered", "yes"], ["4.2.4", "invalid", "peut-être"], ["4.2.5", "missing", null]]]]
EOF
)"
	json_is "$(row 4.2.1) | .cells[2].answers[3].finding" \
		"\"« peut-être » n'est pas une réponse oui/non à la question « 4.2.4 » (attendu : yes ou no ; oui, non, true, false, vrai et faux sont aussi acceptés)\""
	json_is "$(row 4.2.1) | .cells[1].answers[4] | [.by, .date]" '["pharmacien", "2024-03-01"]'

	# 3.1–3.4: BoneSight's 3.1 has an unknown field and 3.3 a bad date: the answers stay, invalid
	json_is "$(row 3.1) | .cells[2]" "$(cat <<'EOF'
{"status": "invalid", "answers": [
 {"id": "3.1", "status": "invalid", "value": "Détection et priorisation des fractures et luxations sur les radiographies standard de l'adulte et de l'enfant.",
  "source": "Gebrauchsanweisung BoneSight 3.0 (traduction française), p. 6",
  "finding": "champ « auteur » inconnu dans la réponse à « 3.1 » (champs attendus : answer, status, source, by, date ou comment)"},
 {"id": "3.2", "status": "answered", "value": "Adultes et enfants de 6 ans et plus."},
 {"id": "3.3", "status": "invalid", "value": "oui", "by": "radiologue", "date": "15/03/2024",
  "finding": "« 15/03/2024 » n'est pas une date de la forme AAAA-MM-JJ (la date d'une réponse) : écrivez 2024-03-15"},
 {"id": "3.4", "status": "missing"}]}
EOF
)"
	json_is "$(row 3.1) | .cells | map(.status)" '["answered", "answered", "invalid"]'
	json_is "$(row 3.1) | .cells[1].answers[2] | [.value, .by, .date, .comment]" \
		'["no", "radiologue", "2024-02-20", "Correspondance partielle : ni le bassin, ni le rachis, ni les enfants ne sont couverts."]'

	# 4.4 (evaluated by others?): no, no, missing: they do not differ
	json_is "$(row 4.4) | [.differ, (.cells | map([.status, .answers[0].value]))]" \
		'[false, [["answered", "no"], ["answered", "no"], ["missing", null]]]'

	# 5.10: BoneSight's unquoted 5.10 is read; 5.10.2 never applies (5.3 initial, or 5.2 no)
	json_is "$(row 5.10) | .cells | map(.answers | map([.id, .status, .because]))" '[
		[["5.10", "answered", null], ["5.10.1", "answered", null], ["5.10.2", "not-applicable", "5.3"]],
		[["5.10", "pending", null], ["5.10.1", "answered", null], ["5.10.2", "not-applicable", "5.3"]],
		[["5.10", "answered", null], ["5.10.1", "missing", null], ["5.10.2", "not-applicable", "5.3"]]]'
	json_is "$(row 5.10) | .cells[2].answers[0].value" '"Rapport annuel de surveillance après commercialisation."'

	# 6.2 (organisation): numbers with their unit; BoneSight's "environ 10 minutes" is invalid
	json_is "[$(row 6.2.1) | .cells[] | .answers[] | select(.id == \"6.2.5\" or .id == \"6.2.6.2\") | [.id, .status, .value, .unit]]" '[
		["6.2.5", "answered", 1, "minutes"], ["6.2.6.2", "answered", 45, "days"],
		["6.2.5", "answered", 1, "minutes"], ["6.2.6.2", "answered", 60, "days"],
		["6.2.5", "invalid", "environ 10 minutes", null], ["6.2.6.2", "answered", 30, "days"]]'

	# completion: OsteoScan complete, FractaVision with pending answers, BoneSight with invalid ones
	json_is '.devices | map(.completion.total | [.missing, .pending, .invalid])' \
		"$(dmn-validate --json osteoscan.yaml fractavision.yaml bonesight.yaml 2>/dev/null | jq -c '.dossiers | map(.counts.total | [.missing, .pending, .invalid])')"
	json_is '.devices | map(.completion.total | [.missing == 0, .pending, .invalid])' \
		'[[true, 0, 0], [false, 6, 0], [false, 0, 6]]'
}

@test "the shipped examples concatenate into one stream: cat a b c | dmn-compare" {
	run -1 --separate-stderr bash -c "cat '$EXAMPLES/osteoscan.yaml' '$EXAMPLES/fractavision.yaml' '$EXAMPLES/bonesight.yaml' | dmn-compare --json"
	[ "$(jq -c '[.devices[] | [.name, .file]]' <<<"$output")" = '[["OsteoScan AI","<stdin>"],["FractaVision","<stdin>"],["BoneSight","<stdin>"]]' ]
}

@test "what the vendor wrote is kept beside unknown, pending and invalid statuses" {
	dossier d.yaml '"3.2": {answer: "à confirmer", status: pending}' '"4.1": [clinical, economic]' \
		'"3.1": {answer: "   ", status: unknown}'
	run -1 --separate-stderr dmn-compare --json d.yaml
	[ "$(jq -c '[.rows[] | select(.heading | not) | .cells[0].answers[] | select(.id == "3.2" or .id == "4.1" or .id == "3.1") | [.id, .status, .value]]' <<<"$output")" = '[["3.1","unknown",null],["3.2","pending","à confirmer"],["4.1","invalid",["clinical","economic"]]]' ]
}
