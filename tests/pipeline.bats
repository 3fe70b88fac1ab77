#!/usr/bin/env bats
# pipeline.bats: the brief's whole pipeline, end to end, as a purchasing group runs it:
# a blank template for the vendors, filled from a script (--set), checked (what is still
# missing), the letter of questions to send back and the buyer's to-do, three dossiers
# compared (two filled here and a shipped example), the comparison as Markdown, and
# pandoc's DOCX of it for the purchasing committee. Each step's exit status and the key
# part of its output.

load helper

setup() {
	cd "$BATS_TEST_TMPDIR"
}

# expected_missing FILE: the ids that the dossier FILE leaves missing, in the guide's order,
# computed by tests/questionnaire.py (not by dmn): every answerable question that applies
# (its own and its parents' conditions hold, or depend on what is not answered) and has
# neither an answer nor a status of unknown or not-applicable
expected_missing() {
	q missing "$1"
}

# the answers that a vendor's script gives for two devices
BONEVIEW=(--set device.name=BoneView --set "device.manufacturer=Radiant Imaging SAS"
	--set device.version=2.1 --set device.ce-class=IIa
	--set "1.1=Fractures missed at night in the emergency department"
	--set 1.2=diagnose --set 2=yes --set 4.1=clinical,organisational --set 5.2=no
	--set 7.2=subscription --set-status 8.4=unknown)
ORTHOVIEW=(--set device.name=OrthoView --set device.manufacturer=Acme
	--set 1.2=diagnose,predict --set 2=no --set 5.2=yes --set 5.3=continuous --set 7.2=purchase)

@test "the brief's pipeline: template, --set, validate, the letter and the to-do, compare three, report, DOCX" {
	plain_pass_only	# the programs together and pandoc; each program runs under the sanitizers elsewhere
	# 1. the blank template sent to each vendor: every question as a comment, nothing answered
	run -0 --separate-stderr dmn-ask --template
	[ "$stderr" = "" ]
	printf '%s\n' "$output" >blank.yaml
	[ "$(yq -r .kind blank.yaml)" = dossier ]
	[ "$(yq -c '[.answers[] | select(. != null)]' blank.yaml)" = '[]' ]
	[ "$(yq '.answers | length' blank.yaml)" -eq 150 ]
	grep -qxF '  # 8.10.1 [text] What data does the DMN use (identifying data, pseudonymised data) and who has access to them?' blank.yaml
	grep -qxF '  "8.10.1":' blank.yaml

	# 2. filled from a script: the device and a handful of answers, the template as input
	run -0 dmn-ask -b vendor "${BONEVIEW[@]}" -o boneview.yaml blank.yaml
	run -0 dmn-ask "${ORTHOVIEW[@]}" -o orthoview.yaml blank.yaml
	run -0 yq -c '[.device, .answers["1.2"].answer, .answers["4.1"].answer, .answers["5.2"].answer, .answers["8.4"].status, .answers["2"].by]' boneview.yaml
	[ "$output" = '[{"name":"BoneView","manufacturer":"Radiant Imaging SAS","version":"2.1","ce-class":"IIa"},["diagnose"],["clinical","organisational"],"no","unknown","vendor"]' ]
	[ "$(yq -r .device.name orthoview.yaml)" = OrthoView ]

	# 3. what is still missing: exit 1, the missing list, one line on stderr
	expected=$(expected_missing boneview.yaml)
	[ "$(wc -l <<<"$expected")" -eq 141 ]
	run -1 --separate-stderr dmn-validate boneview.yaml
	# the template's comments are kept: the dossier's mapping starts on line 6
	[ "$stderr" = "boneview.yaml:6:1: error: dossier 'BoneView' is incomplete: 141 missing, 0 pending" ]
	printf '%s\n' "$output" >validation.yaml
	[ "$(yq -c '.dossiers[0] | [.device.name, .complete, .valid, .counts.total.answered, .counts.total.unknown, .counts.total.missing]' validation.yaml)" = '["BoneView",false,true,6,1,141]' ]
	[ "$(yq -r '.dossiers[0].missing[].id' validation.yaml)" = "$expected" ]
	# what was set is not missing; 5.3 does not apply once 5.2 is no; 8.4.x do after unknown
	[ -z "$(grep -xE '1\.1|1\.2|2|4\.1|5\.2|5\.3|7\.2|8\.4' <<<"$expected")" ]
	grep -qx 8.4.1 <<<"$expected"

	# 4. the letter to the vendor: every missing question for the vendor, in the vendor's
	# wording, by section; the others in the buyer's to-do (--todo)
	# (dmn-validate's findings: exit 1; dmn-report renders them: exit 0)
	run -0 --separate-stderr bash -c 'dmn-validate --lang fr boneview.yaml | dmn-report --lang fr >questions.md; echo "${PIPESTATUS[*]}"'
	[ "$output" = "1 0" ]
	# the template's comments are kept: the dossier's mapping starts on line 5
	[ "$stderr" = "boneview.yaml:6:1: erreur : dossier « BoneView » incomplet : 141 réponses manquantes, 0 en attente" ]
	run -0 --separate-stderr bash -c 'dmn-validate --lang fr boneview.yaml | dmn-report --lang fr --todo >todo.md; echo "${PIPESTATUS[*]}"'
	[ "$output" = "1 0" ]
	run -0 head -1 questions.md
	[ "$output" = "# Questions sur BoneView — Radiant Imaging SAS, version 2.1" ]
	run -0 head -1 todo.md
	[ "$output" = "# À faire pour l'établissement — BoneView — Radiant Imaging SAS, version 2.1" ]
	# the letter asks the vendor's missing questions, each once, in order; the to-do the
	# others, each once (a sub-question's parent, shown above it, is not asked)
	vendor=$(yq -r '.dossiers[0].missing[] | select(.audience | index("vendor")) | .id' validation.yaml)
	[ "$(sed -nE 's/^ *- \*\*([0-9.]+)\*\* .*/\1/p' questions.md)" = "$vendor" ]
	[ "$(sed -nE 's/^ *- \*\*([0-9.]+)\*\* .*/\1/p' todo.md | sort)" = \
	  "$(yq -r '.dossiers[0].missing[] | select(.audience | index("vendor") | not) | .id' validation.yaml | sort)" ]
	grep -qxF -- "- **3.1** Dans quelle(s) finalité(s) (appelée(s) aussi indication(s) ou destination(s)) votre DMN a-t-il obtenu le marquage CE ?" questions.md
	grep -qxF "## 3. Finalité du DMN et utilisation prévue" questions.md
	grep -qxF -- "- **1.3** Quels sont les caractéristiques des populations de patients et les contextes d'utilisation concernés par votre besoin ?" todo.md
	grep -qxF "### 3. Est-ce que la finalité du dispositif médical numérique correspond à l'utilisation que vous prévoyez ?" todo.md

	# 5. three dossiers compared: two filled here and a shipped example; no findings
	cp "$EXAMPLES/osteoscan.yaml" .
	run -0 --separate-stderr dmn-compare -o comparison.yaml boneview.yaml orthoview.yaml osteoscan.yaml
	[ "$stderr" = "" ]
	run -0 yq -c '[.kind, .table, [.devices[] | [.name, .completion.total.answered, .completion.total.missing]]]' comparison.yaml
	[ "$output" = '["comparison","annex",[["BoneView",6,141],["OrthoView",5,145],["OsteoScan AI",143,0]]]' ]
	# the machine-learning row: the three answers, and marked as differing
	run -0 yq -c '.rows[] | select(.questions == ["5.2"]) | [.differ, [.cells[] | .answers[0].value]]' comparison.yaml
	[ "$output" = '[true,["no","yes","yes"]]' ]

	# 6. the comparison as Markdown: the Annexe 2 tables (one per section of the guide
	# compared, 3 to 9), one column per device, the notes' references escaped
	run -0 --separate-stderr dmn-report --lang fr -o comparatif.md comparison.yaml
	[ "$stderr" = "" ]
	[ "$(grep -cxF '| Critère | BoneView | OrthoView | OsteoScan AI |' comparatif.md)" = 7 ]
	grep -qE '^\| ≠ Apprentissage automatique ou non \| Non \\\[[0-9]+\\\] \| Oui \\\[[0-9]+\\\] \| Oui \\\[[0-9]+\\\] \|$' comparatif.md
	grep -qE "^\\| Impact attendu de l'usage du DMN \\| clinique ; organisationnel \\\\\\[[0-9]+\\\\\\] \\| manquant \\| clinique ; organisationnel \\|\$" comparatif.md
	# the same bytes from stdin, through a pipe, as the brief writes it
	run -0 bash -o pipefail -c 'dmn-compare boneview.yaml orthoview.yaml osteoscan.yaml | dmn-report --lang fr | cmp - comparatif.md'

	# 7. pandoc's DOCX for the purchasing committee: a zip holding word/document.xml, with
	# the devices' names in a table
	if ! command -v pandoc >/dev/null; then
		skip "pandoc is not installed (apt-get install pandoc): the DOCX step is not run; every step before it passed"
	fi
	run -0 pandoc -f gfm comparatif.md -o comparatif.docx
	run -0 unzip -l comparatif.docx
	[[ $output == *" word/document.xml"* ]]
	run -0 unzip -p comparatif.docx word/document.xml
	[[ $output == *"<w:tbl>"* ]]
	[[ $output == *BoneView* && $output == *OrthoView* && $output == *"OsteoScan AI"* ]]
}

@test "a template filled with --set device.name: no error about the missing name" {
	dmn-ask --template >blank.yaml
	# the name is given by --set: nothing to say, and the dossier written has it
	run -0 --separate-stderr dmn-ask --set device.name=BoneView --set 2=yes -o boneview.yaml blank.yaml
	[ "$stderr" = "" ]
	[ "$(yq -r .device.name boneview.yaml)" = BoneView ]
	run -0 --separate-stderr dmn-ask --set device.name=BoneView --set 2=yes <blank.yaml
	[ "$stderr" = "" ]
}
