#!/usr/bin/env bats
# The shipped example dossiers: one complete, one half answered, one with errors of
# several kinds, each error on the line that its « ERREUR » comment marks.

load helper

@test "osteoscan.yaml is complete and valid" {
	run -0 --separate-stderr dmn-validate --json "$EXAMPLES/osteoscan.yaml"
	[ "$stderr" = "" ]
	[ "$(jq -c '.dossiers[0] | [.complete, .valid, .counts.total.answered, .counts.total.skipped]' <<<"$output")" = '[true,true,143,1]' ]
}

@test "fractavision.yaml is half answered: missing and pending only" {
	run -1 --separate-stderr dmn-validate --json "$EXAMPLES/fractavision.yaml"
	[ "$stderr" = "$EXAMPLES/fractavision.yaml:6:1: error: dossier 'FractaVision' is incomplete: 69 missing, 6 pending" ]
	[ "$(jq -c '.dossiers[0] | [.valid, (.invalid | length), (.warnings | length), ([.missing[] | select(.status == "pending")] | length)]' <<<"$output")" = '[true,0,0,6]' ]
}

@test "bonesight.yaml: every deliberate error is found on its line" {
	f=$EXAMPLES/bonesight.yaml
	run -1 --separate-stderr dmn-validate "$f"
	[ "$stderr" = "$f:26:5: error: unknown field 'auteur' in the answer to '3.1' (expected answer, status, source, by, date or comment)
$f:31:11: error: '15/03/2024' is not a date in the form YYYY-MM-DD (the date of an answer): write 2024-03-15
$f:35:21: error: 'economic' is not an option of question '4.1' (expected clinical, organisational, budgetary or other, or their labels)
$f:42:12: error: 'peut-être' is not a yes/no answer to question '4.2.4' (expected yes or no; oui, non, true, false, vrai and faux are accepted too)
$f:54:3: warning: question '5.3' does not apply (it depends on the answer to '5.2'), yet it is answered
$f:62:13: error: invalid status 'done' of the answer to '5.8.1' (expected answered, unknown, not-applicable or pending)
$f:64:3: warning: question id '5.10' is not quoted: other YAML tools read it as a number; write \"5.10\"
$f:69:12: error: 'environ 10 minutes' is not a number (question '6.2.5' takes a number in minutes)
$f:89:3: error: unknown question id '9.7'
$f:7:1: error: dossier 'BoneSight' is incomplete: 111 missing, 0 pending, 6 invalid" ]
	# each diagnostic sits on a line that the file marks as a deliberate error
	for line in 26 31 35 42 54 62 64 69 89; do
		sed -n "${line}p" "$f" | grep -q '# ERREUR'
	done
}

@test "the README's main command: the examples checked, then compared" {
	# findings (exit 1) are the expected result of the example, so make succeeds
	run -0 --separate-stderr make -C "$ROOT" -s example
	# the summary of each example, then where the comparison and its report are
	same "$(grep -E '^questionnaires/examples/[a-z]+.yaml:[0-9]+: ' <<<"$output")" \
		"questionnaires/examples/bonesight.yaml:7: BoneSight 3.0.2: incomplete and invalid
questionnaires/examples/fractavision.yaml:6: FractaVision 1.8.0: incomplete
questionnaires/examples/osteoscan.yaml:7: OsteoScan AI 2.3: complete and valid"
	[ "${lines[-1]}" = "Annexe 2 comparison of the example devices: build/comparison.yaml, its report build/comparison.html" ]
	[[ $stderr == *"questionnaires/examples/fractavision.yaml:6:1: error: dossier 'FractaVision' is incomplete: 69 missing, 6 pending"* ]]
	run -0 yq -c '[.kind, [.devices[].name], (.rows | length)]' "$ROOT/build/comparison.yaml"
	[ "$output" = '["comparison",["BoneSight","FractaVision","OsteoScan AI"],42]' ]
}
