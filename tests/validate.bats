#!/usr/bin/env bats
# validate.bats: dmn-validate's findings with their exact diagnostics, statuses, conditions,
# --require, streams, output formats and exit statuses. The questions expected come from
# tests/questionnaire.py (q), never from a dmn program.

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

# expect_output LINE...: $output is exactly these lines
expect_output() {
	local want
	want=$(printf '%s\n' "$@")
	if [ "$output" != "$want" ]; then
		printf -- '--- expected stdout\n%s\n--- actual stdout\n%s\n' "$want" "$output" >&2
		return 1
	fi
}

usage_first_line='usage: dmn-validate [-jqW] [-f FORMAT] [-r all|annex|FILE] [-F AUDIENCE]'

# --- each finding kind: exact diagnostic, line:col, exit 1 --------------------------------

@test "unknown question id: error at the key, listed in invalid" {
	dossier d.yaml '"2": yes' '"9.7": yes'
	run -1 --separate-stderr dmn-validate --json d.yaml
	expect_stderr \
		"d.yaml:9:3: error: unknown question id '9.7'" \
		"d.yaml:1:1: error: dossier 'Test' is incomplete: $((NQ - 1)) missing, 0 pending"
	json_is '.dossiers[0].invalid' \
		'[{"id":"9.7","line":9,"column":3,"about":"unknown-id","message":"unknown question id '\''9.7'\''"}]'
	json_is '.dossiers[0] | [.valid, .complete, .warnings]' '[false, false, []]'
}

@test "wrong type: yesno 'maybe' is an error naming the accepted values" {
	dossier d.yaml '"5.2": maybe'
	run -1 --separate-stderr dmn-validate --json d.yaml
	expect_stderr \
		"d.yaml:8:10: error: 'maybe' is not a yes/no answer to question '5.2' (expected yes or no; oui, non, true, false, vrai and faux are accepted too)" \
		"d.yaml:1:1: error: dossier 'Test' is incomplete: $((NQ - 1)) missing, 0 pending, 1 invalid"
	json_is '.dossiers[0].invalid' \
		'[{"id":"5.2","line":8,"column":10,"value":"maybe","about":"answer","message":"'\''maybe'\'' is not a yes/no answer to question '\''5.2'\'' (expected yes or no; oui, non, true, false, vrai and faux are accepted too)"}]'
	json_is '.dossiers[0].counts.total | [.answered, .invalid, .missing]' "[0, 1, $((NQ - 1))]"
}

@test "wrong type: number 'abc' is an error naming the unit" {
	dossier d.yaml '"6.2.5": abc'
	run -1 --separate-stderr dmn-validate --json d.yaml
	expect_stderr \
		"d.yaml:8:12: error: 'abc' is not a number (question '6.2.5' takes a number in minutes): if the vendor does not say, write {status: unknown}, or {status: pending} while you wait" \
		"d.yaml:1:1: error: dossier 'Test' is incomplete: $((NQ - 1)) missing, 0 pending, 1 invalid"
	json_is '.dossiers[0].invalid | map([.id, .line, .column, .value])' '[["6.2.5", 8, 12, "abc"]]'
}

@test "wrong type: the date of an answer must be a real YYYY-MM-DD date" {
	dossier d.yaml \
		'"3.1": {answer: x, date: 2023-13-01}' \
		'"3.2": {answer: y, date: 2023-02-29}' \
		'"3.4": {answer: z, date: 2024-02-29}'
	run -1 --separate-stderr dmn-validate --json d.yaml
	expect_stderr \
		"d.yaml:8:28: error: '2023-13-01' is not a date (the date of an answer is YYYY-MM-DD)" \
		"d.yaml:9:28: error: '2023-02-29' is not a date (the date of an answer is YYYY-MM-DD)" \
		"d.yaml:1:1: error: dossier 'Test' is incomplete: $((NQ - 3)) missing, 0 pending, 2 invalid"
	json_is '.dossiers[0].invalid | map([.id, .line, .column, .value])' \
		'[["3.1", 8, 28, "2023-13-01"], ["3.2", 9, 28, "2023-02-29"]]'
	json_is '.dossiers[0] | [.valid, .counts.total.answered, .counts.total.invalid]' '[false, 1, 2]'
}

@test "choice: an option outside the list is an error naming the allowed values" {
	dossier d.yaml '"8.11.1": hosted'
	run -1 --separate-stderr dmn-validate --json d.yaml
	expect_stderr \
		"d.yaml:8:13: error: 'hosted' is not an option of question '8.11.1' (expected internal or external, or their labels)" \
		"d.yaml:1:1: error: dossier 'Test' is incomplete: $((NQ - 1)) missing, 0 pending, 1 invalid"
	json_is '.dossiers[0].invalid | map([.id, .line, .column, .value])' '[["8.11.1", 8, 13, "hosted"]]'
}

@test "choices: an option outside the list is an error at the item, naming the allowed values" {
	dossier d.yaml '"4.1": [clinical, foo]' '"7.2": barter'
	run -1 --separate-stderr dmn-validate --json d.yaml
	expect_stderr \
		"d.yaml:8:21: error: 'foo' is not an option of question '4.1' (expected clinical, organisational, budgetary or other, or their labels)" \
		"d.yaml:9:10: error: 'barter' is not an option of question '7.2' (expected purchase, subscription, pay-per-use or other, or their labels)" \
		"d.yaml:1:1: error: dossier 'Test' is incomplete: $((NQ - 2)) missing, 0 pending, 2 invalid"
	json_is '.dossiers[0].invalid | map([.id, .line, .column, .value])' \
		'[["4.1", 8, 21, "foo"], ["7.2", 9, 10, "barter"]]'
}

@test "choices: an option listed twice is an error at the second one" {
	dossier d.yaml '"7.2": [purchase, subscription, purchase]'
	run -1 --separate-stderr dmn-validate --json d.yaml
	expect_stderr \
		"d.yaml:8:35: error: option 'purchase' is listed twice in the answer to '7.2'" \
		"d.yaml:1:1: error: dossier 'Test' is incomplete: $((NQ - 1)) missing, 0 pending, 1 invalid"
	json_is '.dossiers[0].invalid | map([.id, .line, .column, .value])' '[["7.2", 8, 35, "purchase"]]'
}

@test "an answer to a group question is an error" {
	dossier d.yaml '"3": x'
	run -1 --separate-stderr dmn-validate --json d.yaml
	expect_stderr \
		"d.yaml:8:8: error: question '3' has no answer of its own: answer its sub-questions" \
		"d.yaml:1:1: error: dossier 'Test' is incomplete: $NQ missing, 0 pending"
	json_is '.dossiers[0].invalid | map([.id, .line, .column, .value])' '[["3", 8, 8, "x"]]'
	json_is '.dossiers[0].valid' 'false'
}

@test "an invalid status is an error naming the statuses" {
	dossier d.yaml '"3.1": {answer: x, status: bogus}'
	run -1 --separate-stderr dmn-validate --json d.yaml
	expect_stderr \
		"d.yaml:8:30: error: invalid status 'bogus' of the answer to '3.1' (expected answered, unknown, not-applicable or pending)" \
		"d.yaml:1:1: error: dossier 'Test' is incomplete: $((NQ - 1)) missing, 0 pending, 1 invalid"
	json_is '.dossiers[0].invalid | map([.id, .line, .column, .value])' '[["3.1", 8, 30, "bogus"]]'
}

@test "status answered without an answer is an error" {
	dossier d.yaml '"3.3": {status: answered}'
	run -1 --separate-stderr dmn-validate --json d.yaml
	expect_stderr \
		"d.yaml:8:19: error: the answer to '3.3' has status answered but no answer" \
		"d.yaml:1:1: error: dossier 'Test' is incomplete: $((NQ - 1)) missing, 0 pending, 1 invalid"
	json_is '.dossiers[0].invalid | map([.id, .line, .column])' '[["3.3", 8, 19]]'
}

@test "an unknown field in an answer mapping is an error naming the fields" {
	dossier d.yaml '"3.2": {answer: x, color: red}'
	run -1 --separate-stderr dmn-validate --json d.yaml
	expect_stderr \
		"d.yaml:8:22: error: unknown field 'color' in the answer to '3.2' (expected answer, status, source, by, date or comment)" \
		"d.yaml:1:1: error: dossier 'Test' is incomplete: $((NQ - 1)) missing, 0 pending, 1 invalid"
	json_is '.dossiers[0].invalid | map([.id, .line, .column])' '[["3.2", 8, 22]]'
	json_is '.dossiers[0] | [.valid, .counts.total.answered, .counts.total.invalid]' '[false, 0, 1]'
}

@test "an unknown top-level field is an error" {
	dossier d.yaml '"2": yes'
	echo 'colour: red' >>d.yaml
	run -1 --separate-stderr dmn-validate --json d.yaml
	expect_stderr \
		"d.yaml:9:1: error: unknown field 'colour' in a dossier (expected kind, questionnaire, edition, device or answers)" \
		"d.yaml:1:1: error: dossier 'Test' is incomplete: $((NQ - 1)) missing, 0 pending"
	json_is '.dossiers[0].invalid | map([.line, .column, .message])' \
		'[[9, 1, "unknown field '\''colour'\'' in a dossier (expected kind, questionnaire, edition, device or answers)"]]'
}

@test "a device without a name is an error" {
	printf 'kind: dossier\nquestionnaire: has-dmn-2023\ndevice:\n  manufacturer: Acme\nanswers:\n  "2": yes\n' >d.yaml
	run -1 --separate-stderr dmn-validate --json d.yaml
	expect_stderr \
		"d.yaml:4:3: error: the device has no 'name'" \
		"d.yaml:1:1: error: dossier '(no name)' is incomplete: $((NQ - 1)) missing, 0 pending"
	json_is '.dossiers[0] | [.device.name, .device.manufacturer, .valid]' '[null, "Acme", false]'
	json_is '.dossiers[0].invalid | map([.line, .column, .message])' \
		'[[4, 3, "the device has no '\''name'\''"]]'
}

@test "a dossier without a device is an error" {
	printf 'kind: dossier\nquestionnaire: has-dmn-2023\nanswers:\n  "2": yes\n' >d.yaml
	run -1 --separate-stderr dmn-validate d.yaml
	expect_stderr \
		"d.yaml:1:1: error: the dossier has no 'device'" \
		"d.yaml:1:1: error: dossier '(no name)' is incomplete: $((NQ - 1)) missing, 0 pending"
}

@test "an unquoted numeric question id is a warning, in warnings, not invalid" {
	dossier d.yaml '5.4: yes' '"5.5": yes'
	run -1 --separate-stderr dmn-validate --json d.yaml
	expect_stderr \
		"d.yaml:8:3: warning: question id '5.4' is not quoted: other YAML tools read it as a number; write \"5.4\"" \
		"d.yaml:1:1: error: dossier 'Test' is incomplete: $((NQ - 2)) missing, 0 pending"
	json_is '.dossiers[0].warnings' \
		'[{"id":"5.4","line":8,"column":3,"about":"unquoted-id","message":"question id '\''5.4'\'' is not quoted: other YAML tools read it as a number; write \"5.4\""}]'
	json_is '.dossiers[0] | [.invalid, .valid, .counts.total.answered]' '[[], true, 2]'
}

@test "a warning alone leaves a complete dossier at exit 0; --strict makes it exit 1" {
	complete_dossier d.yaml yes
	grep -q '^  "5.4": "yes"$' d.yaml
	sed -i 's/^  "5.4":/  5.4:/' d.yaml
	line=$(grep -n '^  5.4:' d.yaml | cut -d: -f1)
	run -0 --separate-stderr dmn-validate --json d.yaml
	expect_stderr "d.yaml:$line:3: warning: question id '5.4' is not quoted: other YAML tools read it as a number; write \"5.4\""
	json_is '.dossiers[0] | [.complete, .valid, (.warnings | length), .invalid]' '[true, true, 1, []]'
	run -1 --separate-stderr dmn-validate --strict --json d.yaml
	expect_stderr "d.yaml:$line:3: error: question id '5.4' is not quoted: other YAML tools read it as a number; write \"5.4\""
	json_is '.dossiers[0] | [.valid, .warnings, (.invalid | map([.id, .line, .column]))]' \
		"[false, [], [[\"5.4\", $line, 3]]]"
}

@test "an answer to a question whose condition is false: warning, and an error with --strict" {
	complete_dossier d.yaml no
	grep -q '^  "5.2": "no"$' d.yaml
	run -1 grep -q '"5.3"' d.yaml
	echo '  "5.3": initial' >>d.yaml
	line=$(wc -l <d.yaml)
	msg="question '5.3' does not apply (it depends on the answer to '5.2'), yet it is answered"
	run -0 --separate-stderr dmn-validate --json d.yaml
	expect_stderr "d.yaml:$line:3: warning: $msg"
	json_is '.dossiers[0] | [.complete, .valid, .invalid]' '[true, true, []]'
	json_is '.dossiers[0].warnings' "[{\"id\":\"5.3\",\"line\":$line,\"column\":3,\"about\":\"does-not-apply\",\"message\":\"$msg\"}]"
	run -1 --separate-stderr dmn-validate --strict --json d.yaml
	expect_stderr "d.yaml:$line:3: error: $msg"
	json_is '.dossiers[0] | [.complete, .valid, .warnings]' '[true, false, []]'
	json_is '.dossiers[0].invalid' "[{\"id\":\"5.3\",\"line\":$line,\"column\":3,\"about\":\"does-not-apply\",\"message\":\"$msg\"}]"
	run -1 --separate-stderr dmn-validate -W -q d.yaml
	[ -z "$output" ]
	[ -z "$stderr" ]
	# not a real answer (unknown, pending): nothing is out of place
	sed -i '$d' d.yaml
	echo '  "5.3": {status: unknown}' >>d.yaml
	run -0 --separate-stderr dmn-validate --strict --json d.yaml
	expect_stderr
	json_is '.dossiers[0] | [.complete, .valid, .warnings, .invalid]' '[true, true, [], []]'
}

@test "an answer under a false inherited condition names the condition's question" {
	dossier d.yaml '"9": no' '"9.2.1": x'
	run -1 --separate-stderr dmn-validate --json d.yaml
	expect_stderr \
		"d.yaml:9:3: warning: question '9.2.1' does not apply (it depends on the answer to '9'), yet it is answered" \
		"d.yaml:1:1: error: dossier 'Test' is incomplete: $((NQ - 8)) missing, 0 pending"
	json_is '.dossiers[0].warnings | map([.id, .line, .column])' '[["9.2.1", 9, 3]]'
}

@test "accepted spellings: oui/non/true/false in any case, a single id for choices, decimals" {
	dossier d.yaml '"2": Oui' '"3.3": NON' '"4.2.2": true' '"4.2.3": False' '"4.1": clinical' \
		'"6.2.5": 15' '"6.2.6.2": 2.5' '"7.3.1": 12000' '"7.2": [purchase, pay-per-use]'
	run -1 --separate-stderr dmn-validate --json d.yaml
	expect_stderr "d.yaml:1:1: error: dossier 'Test' is incomplete: $((NQ - 9)) missing, 0 pending"
	json_is '.dossiers[0] | [.valid, .invalid, .warnings, .counts.total.answered]' '[true, [], [], 9]'
}

# --- statuses ----------------------------------------------------------------------------

@test "missing vs unknown vs not-applicable vs pending: counts and the missing list" {
	dossier d.yaml \
		'"1.1": {status: unknown}' \
		'"1.3": {answer: "", status: not-applicable, by: vendor}' \
		'"2": {answer: yes, status: pending}' \
		'"3.1":' \
		'"3.2": {answer: , source: "notice p. 2"}' \
		'"3.3": {answer: no, status: unknown}' \
		'"3.4": "   "' \
		'"3.5": {answer: "none", status: answered, source: notice, by: vendor, date: 2023-09-14, comment: ok}' \
		'"4.1": []'
	run -1 --separate-stderr dmn-validate --json d.yaml
	expect_stderr "d.yaml:1:1: error: dossier 'Test' is incomplete: $((NQ - 5)) missing, 1 pending"
	json_is '.dossiers[0].counts.total' \
		"{\"answered\":1,\"unknown\":2,\"not-applicable\":1,\"pending\":1,\"missing\":$((NQ - 5)),\"invalid\":0,\"skipped\":0}"
	json_is '.dossiers[0].counts.sections[:3]' '[
		{"section":"1","answered":0,"unknown":1,"not-applicable":1,"pending":0,"missing":1,"invalid":0,"skipped":0},
		{"section":"2","answered":0,"unknown":0,"not-applicable":0,"pending":1,"missing":0,"invalid":0,"skipped":0},
		{"section":"3","answered":1,"unknown":1,"not-applicable":0,"pending":0,"missing":3,"invalid":0,"skipped":0}]'
	# unknown (1.1, 3.3), not-applicable (1.3) and answered (3.5) are not listed; pending is
	json_is '.dossiers[0].missing[:7] | map([.id, .section, .status])' \
		'[["1.2","1","missing"],["2","2","pending"],["3.1","3","missing"],["3.2","3","missing"],["3.4","3","missing"],["4.1","4","missing"],["4.2.1","4","missing"]]'
	json_is '.dossiers[0].missing | length' "$((NQ - 4))"
	json_is '.dossiers[0] | [.complete, .valid]' '[false, true]'
}

@test "an empty or blank value is missing, whatever the question's type" {
	dossier d.yaml '"2": ""' '"4.1": " "' '"6.2.5": ""' '"8.11.1": "  "' '"3.1": {answer: ""}' '"3.2": ~' '"4.5.1": null'
	run -1 --separate-stderr dmn-validate --json d.yaml
	expect_stderr "d.yaml:1:1: error: dossier 'Test' is incomplete: $NQ missing, 0 pending"
	json_is '.dossiers[0] | [.valid, .invalid, .counts.total.missing]' "[true, [], $NQ]"
	json_is '[.dossiers[0].missing[] | select(.id == ("2", "4.1", "6.2.5", "8.11.1", "3.1", "3.2", "4.5.1")) | .status] | unique' '["missing"]'
	json_is '[.dossiers[0].missing[] | select(.id == ("2", "4.1", "6.2.5", "8.11.1", "3.1", "3.2", "4.5.1"))] | length' '7'
}

@test "a dossier whose only gap is a pending answer is incomplete" {
	complete_dossier d.yaml yes
	sed -i 's/^  "10": .*/  "10": {answer: "later", status: pending}/' d.yaml
	run -1 --separate-stderr dmn-validate --json d.yaml
	expect_stderr "d.yaml:1:1: error: dossier 'Test' is incomplete: 0 missing, 1 pending"
	json_is '.dossiers[0] | [.complete, .valid, .counts.total.pending, (.missing | map([.id, .section, .status]))]' \
		'[false, true, 1, [["10", "10", "pending"]]]'
}

# --- conditions --------------------------------------------------------------------------

@test "5.3 does not apply when 5.2 is no (nor 5.10.2, which depends on 5.3)" {
	dossier d.yaml '"5.2": no'
	run -1 --separate-stderr dmn-validate --json d.yaml
	expect_stderr "d.yaml:1:1: error: dossier 'Test' is incomplete: $((NQ - 3)) missing, 0 pending"
	json_is '[.dossiers[0].missing[].id | select(. == "5.3" or . == "5.10.2")]' '[]'
	json_is '.dossiers[0].counts.total | [.answered, .skipped, .missing]' "[1, 2, $((NQ - 3))]"
	json_is '.dossiers[0].counts.sections[] | select(.section == "5") | .skipped' '2'
}

@test "5.3 is required when 5.2 is yes (oui too) and when 5.2 is unanswered" {
	for v in yes oui; do
		dossier d.yaml "\"5.2\": $v"
		run -1 --separate-stderr dmn-validate --json d.yaml
		json_is '[.dossiers[0].missing[].id | select(. == "5.3" or . == "5.10.2")]' '["5.3", "5.10.2"]'
		json_is '.dossiers[0].counts.total | [.answered, .skipped, .missing]' "[1, 0, $((NQ - 1))]"
	done
	dossier d.yaml '"2": yes'
	run -1 --separate-stderr dmn-validate --json d.yaml
	json_is '[.dossiers[0].missing[].id | select(. == "5.3" or . == "5.10.2")]' '["5.3", "5.10.2"]'
	# an unknown 5.2 is not a real answer: 5.3 still applies
	dossier d.yaml '"5.2": {answer: no, status: unknown}'
	run -1 --separate-stderr dmn-validate --json d.yaml
	json_is '[.dossiers[0].missing[].id | select(. == "5.3")]' '["5.3"]'
}

@test "5.10.2 applies only when 5.3 is continuous" {
	dossier d.yaml '"5.2": yes' '"5.3": initial'
	run -1 --separate-stderr dmn-validate --json d.yaml
	json_is '[.dossiers[0].missing[].id | select(startswith("5.10"))]' '["5.10", "5.10.1"]'
	dossier d.yaml '"5.2": yes' '"5.3": continuous'
	run -1 --separate-stderr dmn-validate --json d.yaml
	json_is '[.dossiers[0].missing[].id | select(startswith("5.10"))]' '["5.10", "5.10.1", "5.10.2"]'
}

@test "8.11.2 (HDS) applies only when 8.11.1 is external" {
	dossier d.yaml '"8.11.1": internal'
	run -1 --separate-stderr dmn-validate --json d.yaml
	json_is '[.dossiers[0].missing[].id | select(startswith("8.11"))]' '["8.11.3"]'
	json_is '.dossiers[0].counts.total.skipped' '1'
	dossier d.yaml '"8.11.1": external'
	run -1 --separate-stderr dmn-validate --json d.yaml
	json_is '[.dossiers[0].missing[].id | select(startswith("8.11"))]' '["8.11.2", "8.11.3"]'
	json_is '.dossiers[0].counts.total.skipped' '0'
	dossier d.yaml '"2": yes'
	run -1 --separate-stderr dmn-validate --json d.yaml
	json_is '[.dossiers[0].missing[].id | select(startswith("8.11"))]' '["8.11.1", "8.11.2", "8.11.3"]'
}

@test "sub-questions inherit their parent's condition (9.2.x under 9)" {
	dossier d.yaml '"9": no'
	run -1 --separate-stderr dmn-validate --json d.yaml
	json_is '[.dossiers[0].missing[].id | select(startswith("9"))]' '[]'
	json_is '.dossiers[0].counts.sections[] | select(.section == "9") | [.answered, .skipped, .missing]' \
		'[1, 7, 0]'
	dossier d.yaml '"9": yes'
	run -1 --separate-stderr dmn-validate --json d.yaml
	json_is '[.dossiers[0].missing[].id | select(startswith("9"))]' \
		'["9.1", "9.2", "9.2.1", "9.2.2", "9.2.3", "9.3", "9.4"]'
}

# --- --require -------------------------------------------------------------------------

@test "--require annex: only the Annexe 2 questions are required" {
	dossier d.yaml '"5.2": yes'
	annex=$(q --json annex-ids)
	[ "$(jq length <<<"$annex")" -gt 100 ]
	run -1 --separate-stderr dmn-validate --require annex --json d.yaml
	json_is '.require' '"annex"'
	json_is '[.dossiers[0].missing[].id]' "$(jq -c 'map(select(. != "5.2"))' <<<"$annex")"
	# 5.3 and the preamble are in no annex row
	json_is '[.dossiers[0].missing[].id | select(. == "5.3" or . == "1.1" or . == "10")]' '[]'
	n=$(jq 'length - 1' <<<"$annex")
	json_is '.dossiers[0].counts.total | [.answered, .missing]' "[1, $n]"
	expect_stderr "d.yaml:1:1: error: dossier 'Test' is incomplete: $n missing, 0 pending"
	run -1 --separate-stderr dmn-validate -r annex --json d.yaml
	json_is '.require' '"annex"'
}

@test "--require FILE: a policy of sections and questions" {
	printf 'kind: policy\nquestionnaire: has-dmn-2023\nsections: ["3"]\nquestions: ["5.2"]\n' >policy.yaml
	dossier d.yaml '"3.1": a' '"3.2": b' '"3.3": no' '"3.4": c' '"3.5": d' '"5.2": no'
	run -0 --separate-stderr dmn-validate --require policy.yaml --json d.yaml
	expect_stderr
	json_is '.require' '"policy.yaml"'
	json_is '.dossiers[0] | [.complete, .valid, .missing, .invalid]' '[true, true, [], []]'
	json_is '.dossiers[0].counts.total' \
		'{"answered":6,"unknown":0,"not-applicable":0,"pending":0,"missing":0,"invalid":0,"skipped":0}'
	# the policy is not "nothing required": drop 3.5 and it is missing
	dossier d.yaml '"3.1": a' '"3.2": b' '"3.3": no' '"3.4": c' '"5.2": no'
	run -1 --separate-stderr dmn-validate -r policy.yaml --json d.yaml
	expect_stderr "d.yaml:1:1: error: dossier 'Test' is incomplete: 1 missing, 0 pending"
	json_is '.dossiers[0] | [.complete, (.missing | map(.id))]' '[false, ["3.5"]]'
}

@test "--require FILE: unknown ids and sections in a policy are trouble at file:line:col" {
	dossier d.yaml '"5.2": no'
	printf 'kind: policy\nsections: ["3"]\nquestions: ["5.2", "9.9"]\n' >policy.yaml
	run -2 --separate-stderr dmn-validate --require policy.yaml d.yaml
	expect_stderr "policy.yaml:3:20: error: unknown question id '9.9'"
	[ -z "$output" ]
	printf 'kind: policy\nsections: ["3", "11"]\n' >policy.yaml
	run -2 --separate-stderr dmn-validate -r policy.yaml d.yaml
	expect_stderr "policy.yaml:2:17: error: unknown section '11'"
	[ -z "$output" ]
	run -2 --separate-stderr dmn-validate -r no-such-policy.yaml d.yaml
	expect_stderr "no-such-policy.yaml: error: cannot open: No such file or directory"
}

@test "--require FILE: a policy naming a group requires its sub-questions, conditions kept" {
	printf 'kind: policy\nquestions: ["8.11"]\n' >policy.yaml
	dossier d.yaml '"8.11.1": internal'
	run -1 --separate-stderr dmn-validate -r policy.yaml --json d.yaml
	expect_stderr "d.yaml:1:1: error: dossier 'Test' is incomplete: 1 missing, 0 pending"
	json_is '.dossiers[0] | [(.missing | map(.id)), .counts.total.answered, .counts.total.skipped]' \
		'[["8.11.3"], 1, 1]'
	dossier d.yaml '"8.11.1": external' '"8.11.3": x'
	run -1 --separate-stderr dmn-validate -r policy.yaml --json d.yaml
	json_is '.dossiers[0].missing | map(.id)' '["8.11.2"]'
	dossier d.yaml '"8.11.1": internal' '"8.11.3": x'
	run -0 --separate-stderr dmn-validate -r policy.yaml --json d.yaml
	expect_stderr
	json_is '.dossiers[0].complete' 'true'
}

# --- a complete dossier ------------------------------------------------------------------

@test "a complete dossier exits 0: every question is answerable (yes branch)" {
	complete_dossier d.yaml yes
	n=$(wc -l <d.yaml.answers)
	run -0 --separate-stderr dmn-validate --json d.yaml
	expect_stderr
	json_is '.dossiers[0] | [.complete, .valid, .missing, .invalid, .warnings]' '[true, true, [], [], []]'
	json_is '.dossiers[0].counts.total' \
		"{\"answered\":$n,\"unknown\":0,\"not-applicable\":0,\"pending\":0,\"missing\":0,\"invalid\":0,\"skipped\":$((NQ - n))}"
	run -0 --separate-stderr dmn-validate -q d.yaml
	[ -z "$output" ]
	[ -z "$stderr" ]
}

@test "a complete dossier exits 0: every question is answerable (no branch)" {
	complete_dossier d.yaml no
	n=$(wc -l <d.yaml.answers)
	grep -q '^  "8.11.2":' d.yaml
	run -0 --separate-stderr dmn-validate --json d.yaml
	expect_stderr
	json_is '.dossiers[0] | [.complete, .valid, .missing, .invalid, .warnings]' '[true, true, [], [], []]'
	json_is '.dossiers[0].counts.total | [.answered, .skipped]' "[$n, $((NQ - n))]"
	# one answer removed: exit 1, and that question is the one missing
	sed -i '/^  "8.11.2":/d' d.yaml
	run -1 --separate-stderr dmn-validate --json d.yaml
	json_is '.dossiers[0].missing | map(.id)' '["8.11.2"]'
}

# --- streams and several files -----------------------------------------------------------

@test "a multi-document stream on stdin: one entry per dossier, in order" {
	dossier a.yaml '"2": yes'
	printf -- '---\nkind: dossier\nquestionnaire: has-dmn-2023\ndevice:\n  name: Second\nanswers:\n  "2": no\n  "9.9": x\n' >b.yaml
	run -1 --separate-stderr bash -c 'cat a.yaml b.yaml | dmn-validate --json'
	json_is '.dossiers | map([.file, .line, .device.name])' '[["<stdin>", 1, "Test"], ["<stdin>", 10, "Second"]]'
	expect_stderr \
		"<stdin>:1:1: error: dossier 'Test' is incomplete: $((NQ - 1)) missing, 0 pending" \
		"<stdin>:16:3: error: unknown question id '9.9'" \
		"<stdin>:10:1: error: dossier 'Second' is incomplete: $((NQ - 1)) missing, 0 pending"
	json_is '.dossiers | map(.invalid | map([.id, .line]))' '[[], [["9.9", 16]]]'
}

@test "several files and -: one entry per dossier, file is the path or <stdin>" {
	complete_dossier full.yaml yes
	dossier a.yaml '"2": yes'
	printf -- '---\nkind: dossier\nquestionnaire: has-dmn-2023\ndevice:\n  name: Second\nanswers:\n  "2": no\n' >b.yaml
	run -1 --separate-stderr bash -c 'dmn-validate --json full.yaml b.yaml - a.yaml <a.yaml'
	json_is '.dossiers | map([.file, .line, .device.name, .complete])' \
		'[["full.yaml", 1, "Test", true], ["b.yaml", 2, "Second", false], ["<stdin>", 1, "Test", false], ["a.yaml", 1, "Test", false]]'
	expect_stderr \
		"b.yaml:2:1: error: dossier 'Second' is incomplete: $((NQ - 1)) missing, 0 pending" \
		"<stdin>:1:1: error: dossier 'Test' is incomplete: $((NQ - 1)) missing, 0 pending" \
		"a.yaml:1:1: error: dossier 'Test' is incomplete: $((NQ - 1)) missing, 0 pending"
	# all complete: exit 0
	run -0 --separate-stderr dmn-validate --json full.yaml full.yaml
	json_is '.dossiers | map(.complete)' '[true, true]'
}

# --- output formats ----------------------------------------------------------------------

@test "the YAML output reads back (PyYAML) as the same values as --json" {
	cat >d.yaml <<'EOF'
kind: dossier
questionnaire: has-dmn-2023
device:
  name: "yes"
  manufacturer: "null"
  version: "8.10"
  ce-class: "1e3"
answers:
  "9.7": "on"
  "5.2": "~"
  "4.1": ["off", "#x: y"]
  "6.2.5": "a\tb\u2028c: d"
  "3.1": {answer: x, status: "- a"}
  "3.2": "Scanné «X» — ok"
  5.4: yes
  "5.2.": 'x'
EOF
	run -1 --separate-stderr dmn-validate d.yaml
	printf '%s\n' "$output" >out.yaml
	run -1 --separate-stderr dmn-validate --json d.yaml
	printf '%s\n' "$output" >out.json
	run -0 python3 -c '
import json, sys, yaml
y = yaml.safe_load(open("out.yaml", encoding="utf-8"))
j = json.load(open("out.json", encoding="utf-8"))
a, b = json.dumps(y, sort_keys=True), json.dumps(j, sort_keys=True)
if a != b:
    sys.exit("yaml: %s\njson: %s" % (a, b))
d = j["dossiers"][0]
assert d["device"] == {"name": "yes", "manufacturer": "null", "version": "8.10", "ce-class": "1e3"}, d["device"]
assert [f.get("value") for f in d["invalid"]][:5] == [None, "~", "off", "a\tb\u2028c: d", "- a"], d["invalid"]
print(j["kind"], j["questionnaire"], j["edition"], j["require"], len(j["dossiers"]))
'
	expect_output 'validation has-dmn-2023 2023-06-22 all 1'
	# yq reads the YAML form as the same values as jq reads the JSON form
	[ "$(yq -S -c . out.yaml)" = "$(jq -S -c . out.json)" ]
	# and dmn's own reader reads it back as a dmn document
	run -2 --separate-stderr dmn-validate out.yaml
	[ "$stderr" = "out.yaml:2:7: error: expected a dossier, found kind 'validation'" ]
}

@test "--format tap: ok / not ok lines, the plan, a YAML block for failures" {
	complete_dossier full.yaml yes
	dossier a.yaml '"2": yes' '"9.9": x'
	run -1 --separate-stderr dmn-validate --format tap full.yaml a.yaml
	mapfile -t top < <(grep -v '^ ' <<<"$output")
	[ "${#top[@]}" -eq 4 ]
	[ "${top[0]}" = "TAP version 13" ]
	[ "${top[1]}" = "ok 1 - full.yaml:1: Test 1.0" ]
	[ "${top[2]}" = "not ok 2 - a.yaml:1: Test 1.0" ]
	[ "${top[3]}" = "1..2" ]
	# the YAML block of test 2
	sed -n '/^  ---$/,/^  \.\.\.$/p' <<<"$output" | sed '1d;$d' >block.yaml
	run -0 python3 -c '
import sys, yaml
b = yaml.safe_load(open("block.yaml"))
print(b["message"]); print(len(b["missing"]), b["missing"][0]); print(b["findings"])'
	expect_output \
		"$((NQ - 1)) missing, 0 pending, 1 error, 0 warnings" \
		"$((NQ - 1)) 1.1" \
		"[{'line': 9, 'column': 3, 'severity': 'error', 'message': \"unknown question id '9.9'\"}]"
	run -0 --separate-stderr dmn-validate -f tap full.yaml
	expect_output "TAP version 13" "ok 1 - full.yaml:1: Test 1.0" "1..1"
	expect_stderr
}

@test "--format tap: findings in the YAML block is a list, empty when there are none" {
	dossier a.yaml '"2": yes'
	run -1 --separate-stderr dmn-validate --format tap a.yaml
	sed -n '/^  ---$/,/^  \.\.\.$/p' <<<"$output" | sed '1d;$d' >block.yaml
	run -0 python3 -c '
import yaml
b = yaml.safe_load(open("block.yaml"))
print(repr(b["findings"]), type(b["missing"]).__name__)'
	expect_output "[] list"
}

@test "--format junit: one testcase per dossier, tests and failures counted" {
	complete_dossier full.yaml yes
	dossier a.yaml '"2": yes'
	dossier b.yaml '"2": yes' '"5.2": maybe'
	run -1 --separate-stderr dmn-validate --format junit full.yaml a.yaml b.yaml
	printf '%s\n' "$output" >out.xml
	run -0 python3 -c '
import xml.etree.ElementTree as ET
root = ET.parse("out.xml").getroot()
print(root.tag, len(root.findall("testsuite")))
for s in root.findall("testsuite"):
    print(s.tag, s.get("file"), s.get("tests"), s.get("failures"), s.get("errors"))
cases = root.iter("testcase")
for c in cases:
    f = c.find("failure")
    print(c.get("name"), "|", "%s | %s" % (f.get("type"), f.get("message")) if f is not None else "ok")
f = root.findall(".//testcase")[2].find("failure")
print(any(l.startswith("b.yaml:9:10: error: '"'"'maybe'"'"' is not a yes/no answer") for l in f.text.splitlines()))
print(any(l.startswith("3.1 missing: For what purpose") for l in f.text.splitlines()))
'
	expect_output \
		"testsuites 3" \
		"testsuite full.yaml 1 0 0" \
		"testsuite a.yaml 1 1 0" \
		"testsuite b.yaml 1 1 0" \
		"full.yaml:1: Test 1.0 | ok" \
		"a.yaml:1: Test 1.0 | incomplete | $((NQ - 1)) missing, 0 pending, 0 errors, 0 warnings" \
		"b.yaml:1: Test 1.0 | invalid | $((NQ - 2)) missing, 0 pending, 1 error, 0 warnings" \
		"True" \
		"True"
}

# --- -q and -o ---------------------------------------------------------------------------

@test "-q: no stdout, no findings on stderr, same exit status" {
	dossier a.yaml '"2": yes'
	run -1 --separate-stderr dmn-validate -q a.yaml
	[ -z "$output" ]
	[ -z "$stderr" ]
	dossier b.yaml '"5.2": maybe' '5.4: yes' '"9.9": x'
	run -1 --separate-stderr dmn-validate --quiet --json b.yaml
	[ -z "$output" ]
	[ -z "$stderr" ]
	complete_dossier full.yaml yes
	run -0 --separate-stderr dmn-validate -q full.yaml
	[ -z "$output" ]
	[ -z "$stderr" ]
	printf 'a: [\n' >bad.yaml
	run -2 --separate-stderr dmn-validate -q full.yaml bad.yaml
	[ -z "$output" ]
	# -q with -o: the file is still written
	run -1 --separate-stderr dmn-validate -q --json -o out.json a.yaml
	[ -z "$output" ]
	[ -z "$stderr" ]
	[ "$(jq -r '.dossiers[0].file' out.json)" = a.yaml ]
}

@test "-o FILE: the file holds what stdout would, stdout stays empty" {
	dossier a.yaml '"2": yes'
	run -1 --separate-stderr dmn-validate --json a.yaml
	printf '%s\n' "$output" >want.json
	run -1 --separate-stderr dmn-validate --json -o out.json a.yaml
	[ -z "$output" ]
	expect_stderr "a.yaml:1:1: error: dossier 'Test' is incomplete: $((NQ - 1)) missing, 0 pending"
	cmp want.json out.json
	echo old >out.yaml
	run -1 --separate-stderr dmn-validate --output out.yaml a.yaml
	[ -z "$output" ]
	[ "$(head -2 out.yaml)" = $'---\nkind: validation' ]
	[ -z "$(find . -name '.dmn-*')" ]
}

@test "-o FILE: trouble with an input writes the file whole, that input's entry saying why; trouble before, nothing" {
	dossier a.yaml '"2": yes'
	printf 'a: [\n' >bad.yaml
	run -2 --separate-stderr dmn-validate -o out.yaml a.yaml bad.yaml
	[ -z "$output" ]
	expect_stderr \
		"a.yaml:1:1: error: dossier 'Test' is incomplete: $((NQ - 1)) missing, 0 pending" \
		"bad.yaml:2:1: error: invalid YAML: did not find expected node content while parsing a flow node (started at line 2)"
	same "$(yq -c '[.dossiers[] | [.file, .complete, .line, .column, .trouble]]' out.yaml)" \
		'[["a.yaml",false,1,null,null],["bad.yaml",null,2,1,"invalid YAML: did not find expected node content while parsing a flow node (started at line 2)"]]'
	# trouble before any input is read (a policy file that is none): the file is left as it was
	echo old >out.yaml
	run -2 --separate-stderr dmn-validate -r bad.yaml -o out.yaml a.yaml
	[ "$(cat out.yaml)" = old ]
	[ -z "$(find . -name '.dmn-*')" ]
}

# --- language ----------------------------------------------------------------------------

@test "--lang and the locale choose the language of the missing questions" {
	plain_pass_only	# words and languages: the same in every build
	fr=$(q text 3.1 fr)
	en=$(q text 3.1 en)
	[ -n "$fr" ]
	[ -n "$en" ]
	[ "$fr" != "$en" ]
	q='.dossiers[0].missing[] | select(.id == "3.1") | .question'
	dossier a.yaml '"2": yes'
	run -1 --separate-stderr dmn-validate --lang fr --json a.yaml
	json_is "$q" "$(jq -n --arg s "$fr" '$s')"
	run -1 --separate-stderr dmn-validate -l en --json a.yaml
	json_is "$q" "$(jq -n --arg s "$en" '$s')"
	run -1 --separate-stderr dmn-validate --json a.yaml
	json_is "$q" "$(jq -n --arg s "$en" '$s')"
	run -1 --separate-stderr env LC_ALL=fr_FR.UTF-8 dmn-validate --json a.yaml
	json_is "$q" "$(jq -n --arg s "$fr" '$s')"
	run -1 --separate-stderr env -u LC_ALL LANG=fr_FR.UTF-8 dmn-validate --json a.yaml
	json_is "$q" "$(jq -n --arg s "$fr" '$s')"
	run -1 --separate-stderr env LC_ALL=fr_FR.UTF-8 dmn-validate --lang en --json a.yaml
	json_is "$q" "$(jq -n --arg s "$en" '$s')"
	# the YAML form carries the same text
	run -1 --separate-stderr dmn-validate --lang fr a.yaml
	printf '%s\n' "$output" >out.yaml
	run -0 python3 -c '
import yaml
d = yaml.safe_load(open("out.yaml", encoding="utf-8"))["dossiers"][0]
print([m["question"] for m in d["missing"] if m["id"] == "3.1"][0])'
	expect_output "$fr"
}

# --- trouble: exit 2 ---------------------------------------------------------------------

# trouble_only ENTRIES: $output is a whole validation whose dossiers are only inputs not
# checked, as [file, line, column, trouble] (JSON)
trouble_only() {
	same "$(yq -c '[.kind, [.dossiers[] | [.file, .line, .column, .trouble]]]' <<<"$output")" "[\"validation\",$1]"
}

@test "empty input is trouble: no dossier in the input" {
	run -2 --separate-stderr dmn-validate </dev/null
	expect_stderr "<stdin>: error: no dossier in the input"
	trouble_only '[["<stdin>",null,null,"no dossier in the input"]]'
	printf '# only a comment\n' >empty.yaml
	run -2 --separate-stderr dmn-validate empty.yaml
	expect_stderr "empty.yaml: error: no dossier in the input"
	trouble_only '[["empty.yaml",null,null,"no dossier in the input"]]'
	# several inputs, none with a dossier: said once, with no file to name
	run -2 --separate-stderr dmn-validate empty.yaml </dev/null - empty.yaml
	expect_stderr "dmn-validate: error: no dossier in the input"
	trouble_only '[]'
}

@test "a kind: validation document is trouble: expected a dossier" {
	printf 'kind: validation\n' >v.yaml
	run -2 --separate-stderr dmn-validate v.yaml
	expect_stderr "v.yaml:1:7: error: expected a dossier, found kind 'validation'"
	trouble_only '[["v.yaml",1,7,"expected a dossier, found kind '"'validation'"'"]]'
	# dmn-validate's own output fed back in
	dossier a.yaml '"2": yes'
	run -2 --separate-stderr bash -c 'dmn-validate a.yaml 2>/dev/null | dmn-validate'
	expect_stderr "<stdin>:2:7: error: expected a dossier, found kind 'validation'"
}

@test "a dossier for another questionnaire is trouble" {
	printf 'kind: dossier\nquestionnaire: other-2024\ndevice:\n  name: X\n' >o.yaml
	run -2 --separate-stderr dmn-validate o.yaml
	expect_stderr "o.yaml:2:16: error: the dossier is for questionnaire 'other-2024', not 'has-dmn-2023' (see --questionnaire)"
	trouble_only '[["o.yaml",2,16,"the dossier is for questionnaire '"'other-2024'"', not '"'has-dmn-2023'"' (see --questionnaire)"]]'
}

@test "a YAML syntax error is trouble with line:col" {
	printf 'kind: dossier\nquestionnaire: has-dmn-2023\ndevice:\n  name: X\nanswers:\n  "2": yes\n   "3.1": no\n' >s.yaml
	run -2 --separate-stderr dmn-validate s.yaml
	expect_stderr "s.yaml:7:9: error: invalid YAML: mapping values are not allowed in this context; a value that contains ': ' must be quoted: write it between double quotes, \"like: this\""
	same "$(yq -c '[.dossiers[] | [.file, .line, .column]]' <<<"$output")" '[["s.yaml",7,9]]'
	# after a good document in the same stream: that one is still checked, the run is trouble
	dossier a.yaml '"2": yes'
	run -2 --separate-stderr bash -c '{ cat a.yaml; printf -- "---\nkind: [\n"; } | dmn-validate'
	expect_stderr \
		"<stdin>:1:1: error: dossier 'Test' is incomplete: $((NQ - 1)) missing, 0 pending" \
		"<stdin>:11:1: error: invalid YAML: did not find expected node content while parsing a flow node (started at line 11)"
	same "$(yq -c '[.dossiers[] | [.file, .line, .complete, .trouble]]' <<<"$output")" \
		'[["<stdin>",1,false,null],["<stdin>",11,null,"invalid YAML: did not find expected node content while parsing a flow node (started at line 11)"]]'
}

@test "a duplicate answer key is trouble at the second key" {
	dossier d.yaml '"2": yes' '"3.1": a' '"2": no'
	run -2 --separate-stderr dmn-validate d.yaml
	expect_stderr "d.yaml:10:3: error: duplicate key '2'"
	trouble_only '[["d.yaml",10,3,"duplicate key '"'2'"'"]]'
}

# --- usage -------------------------------------------------------------------------------

@test "an unknown option is a usage error: message, then usage on stderr, exit 2" {
	run -0 dmn-validate --help
	help=$output
	run -2 --separate-stderr dmn-validate --bogus a.yaml
	[ -z "$output" ]
	[ "$stderr" = "dmn-validate: error: unknown option '--bogus'"$'\n'"$help" ]
	run -2 --separate-stderr dmn-validate -x
	[ "$stderr" = "dmn-validate: error: unknown option '-x'"$'\n'"$help" ]
	# -s, --strict's letter in dmn 0.1.0, is gone: -W now
	run -2 --separate-stderr dmn-validate -s a.yaml
	[ "$stderr" = "dmn-validate: error: unknown option '-s'"$'\n'"$help" ]
	grep -q -- '^  -W, --strict ' <<<"$help"
	run -2 --separate-stderr dmn-validate --format
	[ "$stderr" = "dmn-validate: error: option '--format' needs a value"$'\n'"$help" ]
}

@test "a bad --format is a usage error: message, then usage on stderr, exit 2" {
	run -0 dmn-validate --help
	help=$output
	run -2 --separate-stderr dmn-validate --format xml a.yaml
	[ -z "$output" ]
	[ "${stderr_lines[0]}" = "dmn-validate: error: unknown format 'xml' (expected yaml, json, tap, junit, sarif, github or text)" ]
	[ "$stderr" = "dmn-validate: error: unknown format 'xml' (expected yaml, json, tap, junit, sarif, github or text)"$'\n'"$help" ]
}

@test "a bad --lang is a usage error: message, then usage on stderr, exit 2" {
	run -0 dmn-validate --help
	help=$output
	run -2 --separate-stderr dmn-validate --lang de a.yaml
	[ -z "$output" ]
	[ "${stderr_lines[0]}" = "dmn-validate: error: unknown language 'de' (expected fr or en)" ]
	[ "$stderr" = "dmn-validate: error: unknown language 'de' (expected fr or en)"$'\n'"$help" ]
}

@test "--help: usage on stdout, exit 0" {
	run -0 --separate-stderr dmn-validate --help
	expect_stderr
	[ "${lines[0]}" = "$usage_first_line" ]
	for o in --format --json --require --strict --quiet --lang --questionnaire --output --help --version; do
		grep -q -e "$o" <<<"$output"
	done
	grep -q '^Exit status: 0 .*, 1 .*, 2 ' <<<"$output"
	help=$output
	run -0 --separate-stderr dmn-validate -h
	[ "$output" = "$help" ]
}

@test "--version: name and version on stdout, exit 0" {
	run -0 --separate-stderr dmn-validate --version
	expect_stderr
	[[ ${lines[0]} =~ ^dmn-validate\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
	# and the questionnaire it carries, as tests/questionnaire.py reads the file
	same "${lines[1]}" "built-in questionnaire: $(q meta | tr '\n' ' ' | sed -E 's/^([^ ]+) ([^ ]+) $/\1, edition \2/')"
	[ "${#lines[@]}" -eq 2 ]
	v=$output
	run -0 dmn-validate -V
	[ "$output" = "$v" ]
}
