#!/usr/bin/env bats
# ci-formats.bats: dmn-validate's reports for CI and for people, read by the tools that read
# them: every input gets a verdict (a broken file among good ones), TAP read by prove
# (TAP::Parser) and node's tap-parser, JUnit checked with Jenkins' junit-10.xsd
# (tests/fixtures/junit-10.xsd, from github.com/jenkinsci/xunit-plugin, unchanged), SARIF
# 2.1.0 checked with ajv against the OASIS schema (tests/sarif_check.js), GitHub workflow
# annotations, the summary for people; standard output streamed, directories walked.
# The npm tools are in build/npm (make deps-npm, which make check runs).

load helper

NPM=$ROOT/build/npm/node_modules
SARIF_SCHEMA=$ROOT/build/npm/sarif-2.1.0-rtm.5.json

setup() {
	cd "$BATS_TEST_TMPDIR"
}

# npm_tool PATH: skip, saying why, when make deps-npm could not install it
npm_tool() {
	[ -e "$NPM/$1" ] || skip "$NPM/$1 is missing: make deps-npm installs it from the npm registry"
}

# four inputs, one broken in each way that stops a file being checked, between good ones:
# two examples, a YAML error, a document that is no dossier, a file that does not exist
broken_set() {
	cp "$EXAMPLES/bonesight.yaml" "$EXAMPLES/osteoscan.yaml" .
	printf 'kind: dossier\nquestionnaire: has-dmn-2023\nanswers:\n  "3.1": Détection: nodules\n' >broken.yaml
	printf -- '- a list\n- not a dossier\n' >list.yaml
	SET=(bonesight.yaml broken.yaml list.yaml missing.yaml osteoscan.yaml)
}

@test "one broken file among five: YAML and JSON give every other dossier, and one entry per trouble" {
	broken_set
	run -2 --separate-stderr dmn-validate --json "${SET[@]}"
	json_is '[.dossiers[] | {file, complete, valid, trouble, line, column}]' '[
		{"file": "bonesight.yaml", "complete": false, "valid": false, "trouble": null, "line": 7, "column": null},
		{"file": "broken.yaml", "complete": null, "valid": null, "line": 4, "column": 19,
		 "trouble": "invalid YAML: mapping values are not allowed in this context; a value that contains '"': '"' must be quoted: write it between double quotes, \"like: this\""},
		{"file": "list.yaml", "complete": null, "valid": null, "line": 1, "column": 1,
		 "trouble": "not a dmn document: expected a mapping with '"'kind'"', found a sequence"},
		{"file": "missing.yaml", "complete": null, "valid": null, "line": null, "column": null,
		 "trouble": "cannot open: No such file or directory"},
		{"file": "osteoscan.yaml", "complete": true, "valid": true, "trouble": null, "line": 7, "column": null}]'
	# stderr says the same trouble, in the same words
	grep -Fx "missing.yaml: error: cannot open: No such file or directory" <<<"$stderr"
	# every writer, on the same set (under the sanitizers too: the tests of each format below,
	# with the tools that read them, run in the plain pass)
	for fmt in yaml tap junit sarif github text; do
		run -2 --separate-stderr dmn-validate -f "$fmt" "${SET[@]}"
		case $fmt in
		yaml) same "$(yq -c '[.dossiers[] | has("trouble")]' <<<"$output")" '[false,true,true,true,false]' ;;
		tap) same "${lines[-1]}" "1..5" ;;
		junit) same "${lines[-1]}" "</testsuites>" ;;
		sarif) same "$(jq -c '[.runs[0].results[] | select(.ruleId == "trouble")] | length' <<<"$output")" 3 ;;
		github) same "$(grep -c '^::error .*title=dmn-validate%3A trouble::' <<<"$output")" 3 ;;
		text) same "${lines[-1]}" "2 dossiers: 1 complete and valid, 1 to finish; 3 files not checked" ;;
		esac
	done
	grep -F "broken.yaml:4:19: error: invalid YAML: mapping values" <<<"$stderr"
	# the YAML form: the same entries, read back by another YAML reader
	run -2 --separate-stderr dmn-validate "${SET[@]}"
	same "$(python3 -c 'import sys, yaml; print(" ".join(str(d.get("trouble", d.get("complete"))) [:12] for d in yaml.safe_load(sys.stdin)["dossiers"]))' <<<"$output")" \
		"False invalid YAML not a dmn do cannot open: True"
}

@test "-o FILE is written whole when some inputs could not be checked (exit 2), for CI to read" {
	broken_set
	run -2 --separate-stderr dmn-validate -f junit -o report.xml "${SET[@]}"
	[ -z "$output" ]
	[ "$(grep -c '<testsuite ' report.xml)" -eq 5 ]
	tail -n 1 report.xml | grep -Fx '</testsuites>'
	no_temporary .
}

@test "TAP: prove and tap-parser read every verdict, the broken files' too, without a parse error" {
	plain_pass_only	# the writers run under the sanitizers in the first test
	broken_set
	run -2 --separate-stderr dmn-validate -f tap "${SET[@]}"
	printf '%s\n' "$output" >report.tap
	same "$(grep -E '^(not )?ok|^1\.\.|^TAP' report.tap)" "TAP version 13
not ok 1 - bonesight.yaml:7: BoneSight 3.0.2
not ok 2 - broken.yaml
not ok 3 - list.yaml
not ok 4 - missing.yaml
ok 5 - osteoscan.yaml:7: OsteoScan AI 2.3
1..5"
	# prove: four failed test points, and no parse error (YAMLish reads each block)
	run -1 prove --exec cat report.tap
	grep -F 'Failed tests:  1-4' <<<"$output"
	! grep -F 'Parse errors' <<<"$output"
	npm_tool .bin/tap-parser
	# its status is 1, as the TAP has failed test points; any parse error is an "extra" event
	run -1 "$NPM/.bin/tap-parser" -j <report.tap
	json_is '[.[] | select(.[0] == "assert") | .[1] | {id, ok, trouble: .diag.message[0:12], line: .diag.line,
		findings: (.diag.findings // [] | length), missing: (.diag.missing // [] | length)}]' '[
		{"id": 1, "ok": false, "trouble": "111 missing,", "line": 7, "findings": 9, "missing": 111},
		{"id": 2, "ok": false, "trouble": "invalid YAML", "line": 4, "findings": 0, "missing": 0},
		{"id": 3, "ok": false, "trouble": "not a dmn do", "line": 1, "findings": 0, "missing": 0},
		{"id": 4, "ok": false, "trouble": "cannot open:", "line": null, "findings": 0, "missing": 0},
		{"id": 5, "ok": true, "trouble": null, "line": null, "findings": 0, "missing": 0}]'
	json_is '[.[] | select(.[0] == "plan" or .[0] == "version" or .[0] == "extra" or .[0] == "bailout") | .[0]]' \
		'["version", "plan"]'
	# a finding's block, field by field
	json_is '[.[] | select(.[0] == "assert") | .[1].diag.findings // empty | .[0]]' \
		'[{"line": 26, "column": 5, "severity": "error", "message": "unknown field '"'auteur'"' in the answer to '"'3.1'"' (expected answer, status, source, by, date or comment)"}]'
}

@test "JUnit: valid against Jenkins' junit-10.xsd, a suite per verdict with file and time, an error per trouble" {
	plain_pass_only	# the writers run under the sanitizers in the first test
	broken_set
	run -2 --separate-stderr dmn-validate -f junit "${SET[@]}"
	printf '%s\n' "$output" >report.xml
	run -0 xmllint --noout --schema "$FIXTURES/junit-10.xsd" report.xml
	run -0 python3 -c '
import sys, xml.etree.ElementTree as ET
root = ET.parse("report.xml").getroot()
assert root.tag == "testsuites", root.tag
for s in root:
    c = s.find("testcase")
    kind = "error" if c.find("error") is not None else "failure" if c.find("failure") is not None else "pass"
    float(s.get("time")); float(c.get("time"))
    print(s.get("file"), s.get("tests"), s.get("failures"), s.get("errors"), c.get("classname"), kind,
          (c.find(kind).get("message") or "")[:16] if kind != "pass" else "")'
	same "$output" "bonesight.yaml 1 1 0 bonesight.yaml failure 111 missing, 0 p
broken.yaml 1 0 1 broken.yaml error invalid YAML: ma
list.yaml 1 0 1 list.yaml error not a dmn docume
missing.yaml 1 0 1 missing.yaml error cannot open: No 
osteoscan.yaml 1 0 0 osteoscan.yaml pass "
	# the checker fails when it should: a suite without its counts is refused
	sed 's/ tests="1"//' report.xml >bad.xml
	run -3 xmllint --noout --schema "$FIXTURES/junit-10.xsd" bad.xml
}

@test "SARIF 2.1.0: valid against the OASIS schema (ajv), a rule per kind of finding, a result per trouble" {
	plain_pass_only	# the writers run under the sanitizers in the first test
	npm_tool ajv-draft-04
	[ -e "$SARIF_SCHEMA" ] || skip "$SARIF_SCHEMA is missing: make deps-npm takes it from the npm registry"
	broken_set
	run -2 --separate-stderr dmn-validate -f sarif "${SET[@]}"
	printf '%s\n' "$output" >report.sarif
	run -0 env NODE_PATH="$NPM" node "$BATS_TEST_DIRNAME/sarif_check.js" "$SARIF_SCHEMA" report.sarif
	same "$output" "report.sarif: valid"
	output=$(cat report.sarif)
	json_is '.runs[0].tool.driver.rules | map(.id)' '["missing", "pending", "invalid-answer", "invalid-date",
		"invalid-status", "unknown-field", "unknown-question", "unquoted-id", "does-not-apply", "invalid-dossier",
		"trouble"]'
	json_is '[.runs[0].results[] | select(.ruleId != "missing") | [.ruleId, .level,
		.locations[0].physicalLocation.artifactLocation.uri, .locations[0].physicalLocation.region.startLine]]' '[
		["unknown-field", "error", "bonesight.yaml", 26], ["invalid-date", "error", "bonesight.yaml", 31],
		["invalid-answer", "error", "bonesight.yaml", 35], ["invalid-answer", "error", "bonesight.yaml", 42],
		["does-not-apply", "warning", "bonesight.yaml", 54], ["invalid-status", "error", "bonesight.yaml", 62],
		["unquoted-id", "warning", "bonesight.yaml", 64], ["invalid-answer", "error", "bonesight.yaml", 69],
		["unknown-question", "error", "bonesight.yaml", 89],
		["trouble", "error", "broken.yaml", 4], ["trouble", "error", "list.yaml", 1],
		["trouble", "error", "missing.yaml", null]]'
	json_is '[.runs[0].results[] | select(.ruleId == "missing")] | length' 111
	json_is '[.runs[0] as $r | $r.results[] | $r.tool.driver.rules[.ruleIndex].id == .ruleId] | all' true
	json_is '.runs[0].invocations' '[{"executionSuccessful": false}]'
	# the checker fails when it should: a result without its message is refused
	jq 'del(.runs[0].results[0].message)' report.sarif >bad.sarif
	run -1 env NODE_PATH="$NPM" node "$BATS_TEST_DIRNAME/sarif_check.js" "$SARIF_SCHEMA" bad.sarif
	grep -F "bad.sarif: /runs/0/results/0 must have required property 'message'" <<<"$output"
}

@test "SARIF: a file name becomes a URI reference; standard input has no location" {
	plain_pass_only	# the writers run under the sanitizers in the first test
	mkdir 'with space#1'
	cp "$EXAMPLES/osteoscan.yaml" 'with space#1/é.yaml'
	printf 'kind: dossier\nquestionnaire: has-dmn-2023\ndevice: {name: X}\nanswers: {"9.9": 1}\n' >x.yaml
	run -1 --separate-stderr dmn-validate -f sarif 'with space#1/é.yaml' "$PWD/x.yaml"
	json_is '[.runs[0].results[] | .locations[0].physicalLocation.artifactLocation.uri] | unique' \
		"[\"file://${PWD// /%20}/x.yaml\"]"
	cp x.yaml 'with space#1/é.yaml'
	run -1 --separate-stderr dmn-validate -f sarif 'with space#1/é.yaml'
	json_is '[.runs[0].results[].locations[0].physicalLocation.artifactLocation.uri] | unique' \
		'["with%20space%231/%C3%A9.yaml"]'
	run -1 --separate-stderr dmn-validate -f sarif - <x.yaml
	json_is '[.runs[0].results[] | has("locations")] | unique' '[false]'
}

@test "GitHub annotations: one workflow command per finding, per incomplete dossier and per trouble, escaped" {
	plain_pass_only	# the writers run under the sanitizers in the first test
	broken_set
	run -2 --separate-stderr dmn-validate -f github "${SET[@]}"
	# each command's properties, and the first 16 bytes of its message
	same "$(sed -E 's/^(::[a-z]+ [^:]*::.{0,16}).*/\1/' <<<"$output")" "::error file=bonesight.yaml,line=26,col=5,title=dmn-validate%3A unknown-field::unknown field 'a
::error file=bonesight.yaml,line=31,col=11,title=dmn-validate%3A invalid-date::'15/03/2024' is 
::error file=bonesight.yaml,line=35,col=21,title=dmn-validate%3A invalid-answer::'economic' is no
::error file=bonesight.yaml,line=42,col=12,title=dmn-validate%3A invalid-answer::'peut-être' is 
::warning file=bonesight.yaml,line=54,col=3,title=dmn-validate%3A does-not-apply::question '5.3' d
::error file=bonesight.yaml,line=62,col=13,title=dmn-validate%3A invalid-status::invalid status '
::warning file=bonesight.yaml,line=64,col=3,title=dmn-validate%3A unquoted-id::question id '5.1
::error file=bonesight.yaml,line=69,col=12,title=dmn-validate%3A invalid-answer::'environ 10 minu
::error file=bonesight.yaml,line=89,col=3,title=dmn-validate%3A unknown-question::unknown question
::error file=bonesight.yaml,line=7,col=1,title=dmn-validate%3A missing::dossier 'BoneSig
::error file=broken.yaml,line=4,col=19,title=dmn-validate%3A trouble::invalid YAML: ma
::error file=list.yaml,line=1,col=1,title=dmn-validate%3A trouble::not a dmn docume
::error file=missing.yaml,title=dmn-validate%3A trouble::cannot open: No "
	# the missing ids on a second line of the message (%0A), as the runner shows them
	grep -F "::dossier 'BoneSight' is incomplete: 111 missing, 0 pending, 7 errors, 2 warnings%0A1.3, 3.4, 4.2.5," <<<"$output"
	# a comma and a colon in a file name, a percent sign in a message
	dossier 'a,b:c.yaml' '"7.3.1": "100%"'
	run -1 --separate-stderr dmn-validate -f github 'a,b:c.yaml'
	grep -F "::error file=a%2Cb%3Ac.yaml,line=8,col=12,title=dmn-validate%3A invalid-answer::'100%25' is in %25, but question '7.3.1' takes a number in EUR" <<<"$output"
}

@test "text, the summary for people: per dossier its verdict, what is missing per section and audience" {
	plain_pass_only	# the writers run under the sanitizers in the first test
	broken_set
	run -2 --separate-stderr dmn-validate -f text "${SET[@]}"
	same "$output" "bonesight.yaml:7: BoneSight 3.0.2: incomplete and invalid
  111 questions to answer (111 missing, 0 pending), 7 errors, 2 warnings
  by section: 1: 1, 3: 1, 4: 6, 5: 20, 6: 16, 7: 15, 8: 45, 9: 6, 10: 1
  by audience: vendor: 85, buyer: 59, IT: 30, DPO: 19, legal: 10
  to answer: 1.3 3.4 4.2.5 4.3.2 4.4 4.5.1 4.5.2 4.5.3 5.1.2 5.4.1 5.4.2 (+100)
broken.yaml:4:19: not checked: invalid YAML: mapping values are not allowed in this context; a value that contains ': ' must be quoted: write it between double quotes, \"like: this\"
list.yaml:1:1: not checked: not a dmn document: expected a mapping with 'kind', found a sequence
missing.yaml: not checked: cannot open: No such file or directory
osteoscan.yaml:7: OsteoScan AI 2.3: complete and valid
2 dossiers: 1 complete and valid, 1 to finish; 3 files not checked"
	# the counts are those of the validation document
	run -1 --separate-stderr dmn-validate --json bonesight.yaml
	same "$(jq -r '.dossiers[0].counts.sections | map(select(.missing + .pending > 0) | "\(.section): \(.missing + .pending)") | join(", ")' <<<"$output")" \
		"1: 1, 3: 1, 4: 6, 5: 20, 6: 16, 7: 15, 8: 45, 9: 6, 10: 1"
	same "$(jq '[.dossiers[0].missing[] | select(.audience | index("dpo"))] | length' <<<"$output")" 19
	# in French
	run -1 --separate-stderr dmn-validate -f text --lang fr bonesight.yaml
	same "$output" "bonesight.yaml:7: BoneSight 3.0.2 : incomplet et invalide
  111 questions sans réponse (111 réponses manquantes, 0 en attente), 7 erreurs, 2 avertissements
  par section : 1 : 1, 3 : 1, 4 : 6, 5 : 20, 6 : 16, 7 : 15, 8 : 45, 9 : 6, 10 : 1
  par destinataire : industriel : 85, établissement : 59, DSI : 30, DPO : 19, juridique : 10
  sans réponse : 1.3 3.4 4.2.5 4.3.2 4.4 4.5.1 4.5.2 4.5.3 5.1.2 5.4.1 5.4.2 (+100)"
	run -2 --separate-stderr dmn-validate -f text --lang fr missing.yaml osteoscan.yaml
	same "$output" "missing.yaml: non vérifié : ouverture impossible : Aucun fichier ou répertoire de ce type
osteoscan.yaml:7: OsteoScan AI 2.3 : complet et valide
1 dossier : 1 complet et valide, 0 à compléter ; 1 fichier non vérifié"
}

@test "the summary is the default when standard output is a terminal; YAML otherwise, and with -o" {
	plain_pass_only	# the writers run under the sanitizers in the first test
	cp "$EXAMPLES/fractavision.yaml" .
	run -0 script -qec "dmn-validate fractavision.yaml 2>/dev/null; echo rc=\$?" /dev/null
	same "$(tr -d '\r' <<<"$output")" "fractavision.yaml:6: FractaVision 1.8.0: incomplete
  75 questions to answer (69 missing, 6 pending), 0 errors, 0 warnings
  by section: 4: 2, 5: 4, 6: 11, 7: 14, 8: 35, 9: 8, 10: 1
  by audience: vendor: 50, buyer: 48, IT: 19, DPO: 17, legal: 10
  to answer: 4.2.5 4.5.1 5.4.3 5.8.3 5.10 5.11.4 6.1.2 6.2.1.2 6.2.2 6.2.3 (+65)
rc=1"
	run -0 script -qec "dmn-validate -o out.yaml fractavision.yaml 2>/dev/null; echo rc=\$?" /dev/null
	same "$(tr -d '\r' <<<"$output")" "rc=1"
	same "$(head -n 2 out.yaml)" $'---\nkind: validation'
	run -1 --separate-stderr dmn-validate fractavision.yaml
	same "$(head -n 2 <<<"$output")" $'---\nkind: validation'
}

@test "directories: their *.yaml and *.yml files, walked in byte order, hidden ones and links to directories skipped" {
	mkdir -p d/sub d/.git d/B
	cp "$EXAMPLES/osteoscan.yaml" d/b.yaml
	cp "$EXAMPLES/osteoscan.yaml" d/a.yml
	cp "$EXAMPLES/osteoscan.yaml" d/sub/c.yaml
	cp "$EXAMPLES/fractavision.yaml" d/B/z.yaml
	cp "$EXAMPLES/osteoscan.yaml" d/.git/x.yaml
	cp "$EXAMPLES/osteoscan.yaml" d/.hidden.yaml
	cp "$EXAMPLES/osteoscan.yaml" d/notes.txt
	ln -s .. d/loop
	ln -s b.yaml d/link.yaml
	run -1 --separate-stderr dmn-validate --json d/ "$EXAMPLES/osteoscan.yaml"
	json_is '[.dossiers[].file]' "[\"d/B/z.yaml\", \"d/a.yml\", \"d/b.yaml\", \"d/link.yaml\", \"d/sub/c.yaml\",
		\"$EXAMPLES/osteoscan.yaml\"]"
	# an empty directory has no dossier: trouble, as an empty stdin is
	mkdir empty
	run -2 --separate-stderr dmn-validate empty
	expect_stderr "empty: error: no dossier in the input"
	# the other programs walk them too
	run -0 --separate-stderr dmn-compare --json d/sub d/B
	json_is '[.devices[].file]' '["d/sub/c.yaml", "d/B/z.yaml"]'
}

@test "standard output streams: the first verdict reaches the pipe while the input is still open" {
	# (fds 5 and 6: bats writes its report on 3)
	mkfifo in out
	dmn-validate -f tap <in >out 2>err.txt &
	pid=$!
	exec 5>in 6<out
	cat "$EXAMPLES/osteoscan.yaml" >&5
	echo ... >&5
	# (... ends the document: the next one may start with its own ---)
	# the first verdict is read before the second dossier is even written: a program that
	# waited for the end of its input would never write it, and the read would time out
	read -r -t 60 line <&6
	same "$line" "TAP version 13"
	read -r -t 60 line <&6
	same "$line" "ok 1 - <stdin>:7: OsteoScan AI 2.3"
	cat "$EXAMPLES/fractavision.yaml" >&5
	exec 5>&-
	rest=$(timeout 60 cat <&6)
	exec 6<&-
	run -1 wait "$pid"
	grep -Fx "not ok 2 - <stdin>:489: FractaVision 1.8.0" <<<"$rest"
	[ "$(tail -n 1 <<<"$rest")" = "1..2" ]
}

@test "a 300 MB stream: bounded memory, no temporary file (TMPDIR does not exist), every verdict written" {
	plain_pass_only
	# the example starts with its own ---
	for i in $(seq 50); do cat "$EXAMPLES/osteoscan.yaml"; done >chunk.yaml
	size=$(stat -c %s chunk.yaml)
	n=$((300000000 / size + 1))
	# 300 MB read from a pipe within 200 MiB of address space; the TAP is counted, not kept
	run -0 bounded -t 600 bash -c 'for i in $(seq "$1"); do cat chunk.yaml; done |
		TMPDIR=/nonexistent/tmp dmn-validate -f tap 2>&1 | grep -c "^ok "' bash "$n"
	[ "$output" -eq $((n * 50)) ]
	[ $((n * size)) -ge 300000000 ]
}

@test "dmn-report: a validation with inputs not checked writes the others' letters, and warns of each (exit 1)" {
	broken_set
	run -2 --separate-stderr dmn-validate -o v.yaml "${SET[@]}"
	run -1 --separate-stderr dmn-report v.yaml
	same "$(grep '^# ' <<<"$output")" "# Questions about BoneSight — Meditek Labs GmbH, version 3.0.2
# Questions about OsteoScan AI — Radiance Imaging SAS, version 2.3"
	expect_stderr "broken.yaml:4:19: warning: not checked by dmn-validate, so not in this report: invalid YAML: mapping values are not allowed in this context; a value that contains ': ' must be quoted: write it between double quotes, \"like: this\"" \
		"list.yaml:1:1: warning: not checked by dmn-validate, so not in this report: not a dmn document: expected a mapping with 'kind', found a sequence" \
		"missing.yaml: warning: not checked by dmn-validate, so not in this report: cannot open: No such file or directory"
}
