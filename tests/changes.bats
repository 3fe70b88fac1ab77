#!/usr/bin/env bats
# changes.bats: dmn-compare --changes, what changed between versions of one dossier: for each
# shipped example, a second version with known changes (made here by exact text edits) gives
# exactly those changes, kinds, states and values; a version that only writes the dossier
# another way gives none; stdin as a version (git show), -L labels, three versions, the exit
# statuses and the exact diagnostics of trouble; the document read back, and rendered by
# dmn-report in English and French. Question wordings come from tests/questionnaire.py (q).

load helper

setup() {
	# a new module's logic: run where the sanitizers watch it (make check's sanitized pass, the
	# shorter one); DMN_ALL_TESTS=1 runs it on the plain build too
	sanitized_pass_only
	cd "$BATS_TEST_TMPDIR"
}

# edit FILE OLD NEW [OLD NEW]...: each OLD (which may span lines) replaced by its NEW; each
# must be in FILE exactly once, so that an edit that no longer applies fails the test
edit() {
	python3 -c '
import sys
path, pairs = sys.argv[1], sys.argv[2:]
s = open(path, encoding="utf-8").read()
for old, new in zip(pairs[::2], pairs[1::2]):
    if s.count(old) != 1:
        sys.exit("%s: %r is there %d times" % (path, old, s.count(old)))
    s = s.replace(old, new)
open(path, "w", encoding="utf-8").write(s)' "$@"
}

# fracta_v2 FILE: FractaVision's next version: a missing answer given (5.4.3), a number changed
# (6.2.6.2), an answer removed with its source (3.5), a pending one answered (7.3.1), one
# answered made unknown (8.3.1), a pending one made unknown (4.5.1), an author changed (3.4),
# and the device's version
fracta_v2() {
	cp "$EXAMPLES/fractavision.yaml" "$1"
	edit "$1" \
		'version: "1.8.0"' 'version: "1.9.0"' \
		$'  "5.4.2": oui\n' $'  "5.4.2": oui\n  "5.4.3": non\n' \
		$'    answer: 60\n' $'    answer: 45\n' \
		$'  "3.5":\n    answer: "Patients de moins de 18 ans, bassin, rachis, crâne ; clichés avec plâtre ou matériel d\'ostéosynthèse."\n    source: "Instructions for use FractaVision 1.8 (traduction française), § 2.4, p. 4"\n    by: vendor\n' '' \
		$'    status: pending\n    comment: "Devis demandé' $'    answer: 85000\n    comment: "Devis demandé' \
		'"8.3.1": "Maintenance corrective incluse ; support en anglais de 8 h à 17 h (heure de Stockholm) les jours ouvrés."' \
		'"8.3.1": {status: unknown}' \
		$'    status: pending\n    comment: "Question posée' $'    status: unknown\n    comment: "Question posée' \
		$'d\'une demi-journée."\n    by: vendor' $'d\'une demi-journée."\n    by: DSI'
}

FRACTA_ANSWERS='[["3.4", "details"], ["3.5", "removed"], ["4.5.1", "status"], ["5.4.3", "added"],
	["6.2.6.2", "changed"], ["7.3.1", "added"], ["8.3.1", "removed"]]'

# bone_v2 FILE: BoneSight's next version: a missing answer given (1.3), a text changed (3.2),
# one removed (3.5), an invalid yes/no mended (4.2.4), one answered made unknown with a comment
# (6.2.1), a missing one made pending (4.4), an author changed (4.2.1), an unknown id added
# (9.8), and the device's version
bone_v2() {
	cp "$EXAMPLES/bonesight.yaml" "$1"
	edit "$1" \
		'version: "3.0.2"' 'version: "3.1.0"' \
		$'  "1.2": [diagnose]\n' $'  "1.2": [diagnose]\n  "1.3": "Environ 30 000 radiographies par an."\n' \
		'"Adultes et enfants de 6 ans et plus."' '"Adultes et enfants de 4 ans et plus."' \
		$'  "3.5": "Patients de moins de 6 ans, rachis, crâne ; clichés avec matériel d\'ostéosynthèse."\n' '' \
		'"4.2.4": peut-être' '"4.2.4": oui' \
		'"6.2.1": "Résultat renvoyé au PACS et liste de travail priorisée pour les radiologues."' \
		'"6.2.1": {status: unknown, comment: "à redemander"}' \
		$'  "4.3": oui\n' $'  "4.3": oui\n  "4.4": {status: pending}\n' \
		'"9.7": "Trois mois."' $'"9.7": "Trois mois."\n  "9.8": "Six mois."' \
		$'    by: vendor\n  "4.2.2"' $'    by: Meditek Labs\n  "4.2.2"'
}

# osteo_v2 FILE: OsteoScan AI's next version: an unknown answer given (5.8.3), options changed
# (4.1), 5.2 from yes to no (so 5.3 no longer applies, and its answer is a warning), an answer
# removed (6.2.1), one made unknown (8.3.1), one made pending with its answer kept (3.5), and
# the device's version
osteo_v2() {
	cp "$EXAMPLES/osteoscan.yaml" "$1"
	edit "$1" \
		'version: "2.3"' 'version: "2.4"' \
		$'    status: unknown\n    comment: "Inclusion consécutive' $'    answer: oui\n    comment: "Inclusion consécutive' \
		'"4.1": [clinical, organisational]' '"4.1": [organisational, budgetary]' \
		$'  "5.2":\n    answer: oui' $'  "5.2":\n    answer: non' \
		$'  "6.2.1": "Le résultat revient dans le PACS sous forme d\'une série supplémentaire, visible par l\'urgentiste et le radiologue, sans nouvelle application."\n' '' \
		'"8.3.1": "Maintenance corrective et évolutive ; support de 8 h à 20 h les jours ouvrés, astreinte 24 h/24 pour les incidents bloquants ; chaque version est maintenue trois ans."' \
		'"8.3.1": {status: unknown}' \
		$'    date: "2024-02-05"\n\n  # 4.' $'    date: "2024-02-05"\n    status: pending\n\n  # 4.'
}

# relayout IN OUT: the same dossier written another way: answers and keys in reverse order,
# answers as flow mappings, lists in block style, every value quoted (single quotes for the
# ids that had double ones; plain ids stay plain, as 5.10 in BoneSight), yes for oui and oui
# for yes, options by their French label, the options of a choices answer reversed, numbers
# from 1000 on with a space between thousands, text with trailing spaces, the comments
# replaced. Values that are not valid answers stay as written.
relayout() {
	python3 -c '
import json, sys, yaml
import questionnaire as Q

QS = {x["id"]: x for x in Q.answerable(Q.load())}
SWAP = {"yes": "oui", "oui": "yes", "no": "non", "non": "no"}

def quoted(s):
    return json.dumps(s, ensure_ascii=False)

def key(k):
    if k.style is None:
        return k.value
    return quoted(k.value) if k.style == "\x27" else "\x27" + k.value.replace("\x27", "\x27\x27") + "\x27"

def scalar(n, qu):
    s = n.value
    if n.style is None and s in ("", "~", "null", "Null", "NULL"):
        return "null"
    t = qu["type"] if qu else None
    if t == "yesno" and s in SWAP:
        s = SWAP[s]
    elif t in ("choice", "choices"):
        s = next((o["label"]["fr"] for o in qu.get("options", []) if o["id"] == s), s)
    elif t == "number" and s.isdigit() and int(s) >= 1000:
        s = "{:,}".format(int(s)).replace(",", " ")
    elif t == "text":
        s += "  "
    return quoted(s)

def flow(n, qu):
    if isinstance(n, yaml.ScalarNode):
        return scalar(n, qu)
    if isinstance(n, yaml.SequenceNode):
        items = n.value[::-1] if qu and qu["type"] == "choices" else n.value
        return "[" + ", ".join(flow(i, qu) for i in items) + "]"
    return "{" + ", ".join(key(k) + ": " + flow(v, qu if k.value == "answer" else None)
                           for k, v in reversed(n.value)) + "}"

root = yaml.compose(open(sys.argv[1], encoding="utf-8"), Loader=yaml.BaseLoader)
top = {k.value: (k, v) for k, v in root.value}
out = ["--- # the same dossier, written another way"]
k, answers = top["answers"]
out.append(key(k) + ":")
for ak, av in reversed(answers.value):
    qu = QS.get(ak.value)
    out.append("  # " + ak.value)
    if isinstance(av, yaml.SequenceNode):
        out.append("  " + key(ak) + ":")
        items = av.value[::-1] if qu and qu["type"] == "choices" else av.value
        out.extend("    - " + flow(i, qu) for i in items)
    else:
        out.append("  " + key(ak) + ": " + flow(av, qu))
k, dev = top["device"]
out.append(key(k) + ":  # the device")
out.extend("  " + key(dk) + ": " + quoted(dv.value) for dk, dv in reversed(dev.value))
for name in ("edition", "questionnaire", "kind"):
    if name in top:
        k, v = top[name]
        out.append(key(k) + ": " + quoted(v.value))
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(out) + "\n")' "$1" "$2"
}

# answers: the jq filter of a pair's answers as [question, change]
ANSWERS='[.changes[0].answers[] | [.question, .change]]'

# the entry of question ID in the first pair
entry() {
	printf '.changes[0].answers[] | select(.question == "%s")' "$1"
}

# --- the shipped examples, each with a second version ----------------------------------------

@test "FractaVision: each change of its next version, with its kind, states, values and provenance; exit 1" {
	cp "$EXAMPLES/fractavision.yaml" v1.yaml
	fracta_v2 v2.yaml
	run -1 --separate-stderr dmn-compare --changes --json v1.yaml v2.yaml
	expect_stderr
	json_is '[.kind, .questionnaire, .edition, .device]' '["changes", "has-dmn-2023", "2023-06-22", "FractaVision"]'
	json_is '.versions' '[
		{"label": "v1.yaml", "file": "v1.yaml", "line": 6, "name": "FractaVision", "version": "1.8.0"},
		{"label": "v2.yaml", "file": "v2.yaml", "line": 6, "name": "FractaVision", "version": "1.9.0"}]'
	json_is '[.changes[] | [.from, .to, .changed]]' '[["v1.yaml", "v2.yaml", true]]'
	json_is '.changes[0].device' '[{"field": "version", "was": "1.8.0", "now": "1.9.0"}]'
	json_is "$ANSWERS" "$FRACTA_ANSWERS"
	# added: a missing question answered, a pending one answered (its comment kept: no details)
	json_is "$(entry 5.4.3)" '{"question": "5.4.3", "change": "added", "status": {"was": "missing", "now": "answered"},
		"now": "no", "details": []}'
	json_is "$(entry 7.3.1)" '{"question": "7.3.1", "change": "added", "status": {"was": "pending", "now": "answered"},
		"now": 85000, "details": []}'
	# changed: a number, as a number; the status the same, so not written
	json_is "$(entry 6.2.6.2)" '{"question": "6.2.6.2", "change": "changed", "was": 60, "now": 45, "details": []}'
	# removed: the answer and its provenance gone; an answer made unknown
	json_is "$(entry 3.5)" '{"question": "3.5", "change": "removed", "status": {"was": "answered", "now": "missing"},
		"was": "Patients de moins de 18 ans, bassin, rachis, crâne ; clichés avec plâtre ou matériel d'"'"'ostéosynthèse.",
		"details": [{"field": "source", "was": "Instructions for use FractaVision 1.8 (traduction française), § 2.4, p. 4", "now": null},
			{"field": "by", "was": "vendor", "now": null}]}'
	json_is "$(entry 8.3.1)" '{"question": "8.3.1", "change": "removed", "status": {"was": "answered", "now": "unknown"},
		"was": "Maintenance corrective incluse ; support en anglais de 8 h à 17 h (heure de Stockholm) les jours ouvrés.",
		"details": []}'
	# the state alone; the provenance alone (the value the same on both sides)
	json_is "$(entry 4.5.1)" '{"question": "4.5.1", "change": "status", "status": {"was": "pending", "now": "unknown"},
		"details": []}'
	json_is "$(entry 3.4) | [.change, .status, .was == .now, .details]" \
		'["details", null, true, [{"field": "by", "was": "vendor", "now": "DSI"}]]'
	json_is '.changes[0].findings' '{"appeared": [], "gone": []}'
}

@test "BoneSight: an invalid answer mended is changed and its finding gone; an unknown id's finding appears" {
	cp "$EXAMPLES/bonesight.yaml" v1.yaml
	bone_v2 v2.yaml
	# the dossiers' own findings are in the document, not on stderr
	run -1 --separate-stderr dmn-compare -c -j v1.yaml v2.yaml
	expect_stderr
	json_is '.changes[0].device' '[{"field": "version", "was": "3.0.2", "now": "3.1.0"}]'
	json_is "$ANSWERS" '[["1.3", "added"], ["3.2", "changed"], ["3.5", "removed"], ["4.2.1", "details"],
		["4.2.4", "changed"], ["4.4", "status"], ["6.2.1", "removed"]]'
	json_is "$(entry 1.3)" '{"question": "1.3", "change": "added", "status": {"was": "missing", "now": "answered"},
		"now": "Environ 30 000 radiographies par an.", "details": []}'
	json_is "$(entry 3.2)" '{"question": "3.2", "change": "changed", "was": "Adultes et enfants de 6 ans et plus.",
		"now": "Adultes et enfants de 4 ans et plus.", "details": []}'
	# the invalid value as written, the valid one as the comparison writes it
	json_is "$(entry 4.2.4)" '{"question": "4.2.4", "change": "changed", "status": {"was": "invalid", "now": "answered"},
		"was": "peut-être", "now": "yes", "details": []}'
	json_is "$(entry 4.4)" '{"question": "4.4", "change": "status", "status": {"was": "missing", "now": "pending"},
		"details": []}'
	json_is "$(entry 6.2.1)" '{"question": "6.2.1", "change": "removed", "status": {"was": "answered", "now": "unknown"},
		"was": "Résultat renvoyé au PACS et liste de travail priorisée pour les radiologues.",
		"details": [{"field": "comment", "was": null, "now": "à redemander"}]}'
	json_is "$(entry 4.2.1) | .details" '[{"field": "by", "was": "vendor", "now": "Meditek Labs"}]'
	# findings: compared without their places; each with its place in its own version
	new=$(grep -n '^  "9.8": ' v2.yaml | cut -d: -f1) old=$(grep -n '^  "4.2.4": peut-être' v1.yaml | cut -d: -f1)
	[ "$new" -gt 80 ] && [ "$old" -gt 30 ]
	json_is '.changes[0].findings' '{
		"appeared": [{"question": "9.8", "severity": "error", "about": "unknown-id", "value": null,
			"message": "unknown question id '"'9.8'"'", "line": '"$new"', "column": 3}],
		"gone": [{"question": "4.2.4", "severity": "error", "about": "answer", "value": "peut-être",
			"message": "'"'peut-être' is not a yes/no answer to question '4.2.4' (expected yes or no; oui, non, true, false, vrai and faux are accepted too)"'",
			"line": '"$old"', "column": 12}]}'
}

@test "OsteoScan AI: a condition made false turns an answer skipped, with its warning; options as a set changed" {
	cp "$EXAMPLES/osteoscan.yaml" v1.yaml
	osteo_v2 v2.yaml
	run -1 --separate-stderr dmn-compare -c -j v1.yaml v2.yaml
	expect_stderr
	json_is '[.device, .changes[0].device]' '["OsteoScan AI", [{"field": "version", "was": "2.3", "now": "2.4"}]]'
	json_is "$ANSWERS" '[["3.5", "status"], ["4.1", "changed"], ["5.2", "changed"], ["5.3", "status"],
		["5.8.3", "added"], ["6.2.1", "removed"], ["8.3.1", "removed"]]'
	json_is "$(entry 4.1)" '{"question": "4.1", "change": "changed", "was": ["clinical", "organisational"],
		"now": ["organisational", "budgetary"], "details": []}'
	json_is "$(entry 5.2) | [.was, .now, .status]" '["yes", "no", null]'
	# 5.3 still answered, but 5.2 no longer says yes: it does not apply
	json_is "$(entry 5.3)" '{"question": "5.3", "change": "status", "status": {"was": "answered", "now": "skipped"},
		"was": "initial", "now": "initial", "details": []}'
	json_is "$(entry 5.8.3)" '{"question": "5.8.3", "change": "added", "status": {"was": "unknown", "now": "answered"},
		"now": "yes", "details": []}'
	# pending with the answer kept: the state alone changed
	json_is "$(entry 3.5) | [.change, .status, .was == .now, .now[0:29]]" \
		'["status", {"was": "answered", "now": "pending"}, true, "Enfants de moins de 2 ans, cr"]'
	json_is "$(entry 6.2.1) | .status" '{"was": "answered", "now": "missing"}'
	json_is "$(entry 8.3.1) | .status" '{"was": "answered", "now": "unknown"}'
	json_is '.changes[0].findings | [.appeared[] | [.question, .severity, .about, .message]]' \
		'[["5.3", "warning", "does-not-apply", "question '"'5.3' does not apply (it depends on the answer to '5.2'), yet it is answered"'"]]'
	json_is '.changes[0].findings.gone' '[]'
}

@test "a version that only writes the dossier another way changes nothing: exit 0, changed false" {
	for e in bonesight fractavision osteoscan; do
		relayout "$EXAMPLES/$e.yaml" "$e-layout.yaml"
		# it is another file: no line of answers in common, and what it was made to show
		[ -z "$(comm -12 <(grep '^  "' "$EXAMPLES/$e.yaml" | sort) <(grep '^  "' "$e-layout.yaml" | sort))" ]
		run -0 --separate-stderr dmn-compare -c -j "$EXAMPLES/$e.yaml" "$e-layout.yaml"
		expect_stderr
		json_is '.changes[0] | [.changed, .device, .answers, .findings]' '[false, [], [], {"appeared": [], "gone": []}]'
		# and back
		run -0 --separate-stderr dmn-compare -c "$e-layout.yaml" "$EXAMPLES/$e.yaml"
		expect_stderr
	done
	grep -qxF "  '7.3.1': {by: \"vendor\", source: \"Offre commerciale Meditek Labs du 2024-03-01\", answer: \"85 000\"}" \
		bonesight-layout.yaml
	grep -qxF "  '4.2.2': \"yes\"" bonesight-layout.yaml
	grep -qF '5.10: "Rapport annuel' bonesight-layout.yaml
	[ "$(grep -A2 -F "'4.1':" osteoscan-layout.yaml)" = "$(printf '%s\n' "  '4.1':" '    - "organisationnel"' '    - "clinique"')" ]
	grep -qF "'7.2':" fractavision-layout.yaml
	grep -qxF '    - "paiement à l'"'"'utilisation"' fractavision-layout.yaml
	# the same changes, whichever way the older version is written (its text as written: with
	# the blanks after it)
	fracta_v2 v2.yaml
	local same='.changes[0] | [.device, .findings, (.answers[] | [.question, .change, .status, .details,
		(.was | tostring | rtrimstr("  ")), (.now | tostring | rtrimstr("  "))])]'
	run -1 --separate-stderr dmn-compare -c -j "$EXAMPLES/fractavision.yaml" v2.yaml
	want=$(jq -c "$same" <<<"$output")
	run -1 --separate-stderr dmn-compare -c -j fractavision-layout.yaml v2.yaml
	json_is "$same" "$want"
	json_is "$(entry 3.5) | .was" '"Patients de moins de 18 ans, bassin, rachis, crâne ; clichés avec plâtre ou matériel d'"'"'ostéosynthèse.  "'
	json_is "$ANSWERS" "$FRACTA_ANSWERS"
}

@test "layout is not change, as data: oui and yes, labels, options in any order, 1 200, blanks; every state change is" {
	dossier v1.yaml '"4.1": [clinical, budgetary]' '"4.2.4": {status: pending, comment: asked}' '"4.2.5": yes' \
		'"5.6": {status: unknown}' '"6.2.5": {answer: "1 200", source: notice}' '"7.1.3": {status: pending, answer: partiel}' \
		'"7.3.6": "Aucun. "' '"8.6": oui' '"9.1": "Tester."' '"5.3": initial'
	dossier v2.yaml '"9.1": "Tester la liste."' '"8.6": "yes"' '"8.14.2": {status: pending}' '"7.3.6": "  Aucun."' \
		'"7.1.3": {answer: "partiel, complété", status: pending}' '"6.2.5": {source: "notice p. 4", answer: 1200}' \
		'"5.6": {status: not-applicable}' '"4.2.5": {status: unknown}' '"4.2.4": {answer: oui, comment: asked}' \
		'"4.1": ["budgétaire", clinical]' '"5.3": {answer: "initial, avec un algorithme conçu par apprentissage puis figé après le déploiement du DMN"}'
	run -1 --separate-stderr dmn-compare -c -j v1.yaml v2.yaml
	expect_stderr
	json_is '.changes[0].answers' '[
		{"question": "4.2.4", "change": "added", "status": {"was": "pending", "now": "answered"}, "now": "yes", "details": []},
		{"question": "4.2.5", "change": "removed", "status": {"was": "answered", "now": "unknown"}, "was": "yes", "details": []},
		{"question": "5.6", "change": "status", "status": {"was": "unknown", "now": "not-applicable"}, "details": []},
		{"question": "6.2.5", "change": "details", "was": 1200, "now": 1200,
			"details": [{"field": "source", "was": "notice", "now": "notice p. 4"}]},
		{"question": "7.1.3", "change": "changed", "was": "partiel", "now": "partiel, complété", "details": []},
		{"question": "8.14.2", "change": "status", "status": {"was": "missing", "now": "pending"}, "details": []},
		{"question": "9.1", "change": "changed", "was": "Tester.", "now": "Tester la liste.", "details": []}]'
	# 5.3 answered without 5.2: a warning in both, the same
	json_is '.changes[0] | [.device, .findings]' '[[], {"appeared": [], "gone": []}]'
}

@test "the YAML document reads back as the JSON one (quoted yes and no, numbers, nulls)" {
	cp "$EXAMPLES/fractavision.yaml" v1.yaml
	fracta_v2 v2.yaml
	run -1 --separate-stderr dmn-compare -c -j v1.yaml v2.yaml
	printf '%s\n' "$output" >out.json
	run -1 --separate-stderr dmn-compare -c v1.yaml v2.yaml
	expect_stderr
	[ "${lines[0]}" = "---" ]
	grep -qx '        now: "no"' <<<"$output"
	printf '%s\n' "$output" >out.yaml
	run -0 python3 -c '
import json, sys, yaml
a = yaml.safe_load(open("out.yaml", encoding="utf-8"))
b = json.load(open("out.json", encoding="utf-8"))
sys.exit(0 if a == b else "differ")'
}

# --- versions, labels, stdin -------------------------------------------------------------------

@test "three versions: two pairs, each with its own changes; a stream of versions is labelled FILE:LINE" {
	cp "$EXAMPLES/fractavision.yaml" v1.yaml
	fracta_v2 v2.yaml
	cp v2.yaml v3.yaml
	edit v3.yaml '"8.3.1": {status: unknown}' '"8.3.1": "Maintenance corrective incluse."'
	run -1 --separate-stderr dmn-compare -c -j v1.yaml v2.yaml v3.yaml
	expect_stderr
	json_is '[.versions[].label]' '["v1.yaml", "v2.yaml", "v3.yaml"]'
	json_is '[.changes[] | [.from, .to, .changed]]' '[["v1.yaml", "v2.yaml", true], ["v2.yaml", "v3.yaml", true]]'
	json_is "$ANSWERS" "$FRACTA_ANSWERS"
	json_is '.changes[1].answers' '[{"question": "8.3.1", "change": "added", "status": {"was": "unknown", "now": "answered"},
		"now": "Maintenance corrective incluse.", "details": []}]'
	json_is '.changes[1].device' '[]'
	# the same versions as one stream on stdin (each after ---): one file, so FILE:LINE
	run -1 --separate-stderr bash -c 'for f in v1.yaml v2.yaml v3.yaml; do cat "$f"; done | dmn-compare -c -j'
	expect_stderr
	n1=$(wc -l <v1.yaml) n2=$(wc -l <v2.yaml)
	json_is '[.versions[] | [.label, .file, .line]]' \
		"[[\"<stdin>:6\", \"<stdin>\", 6], [\"<stdin>:$((n1 + 6))\", \"<stdin>\", $((n1 + 6))], [\"<stdin>:$((n1 + n2 + 6))\", \"<stdin>\", $((n1 + n2 + 6))]]"
	json_is "$ANSWERS" "$FRACTA_ANSWERS"
	json_is '[.changes[1].answers[].question]' '["8.3.1"]'
	# nothing changed from one version to the next: exit 0
	run -0 --separate-stderr dmn-compare -c -j v1.yaml v1.yaml v1.yaml
	json_is '[.changes[] | [.from, .to, .changed, .answers]]' '[["v1.yaml:6", "v1.yaml:6", false, []], ["v1.yaml:6", "v1.yaml:6", false, []]]'
}

@test "-L names the versions in order; without it, the file, or <stdin>" {
	cp "$EXAMPLES/fractavision.yaml" v1.yaml
	fracta_v2 v2.yaml
	run -1 --separate-stderr dmn-compare -c -L "12 février" --label "aujourd'hui" -j v1.yaml v2.yaml
	expect_stderr
	json_is '[.versions[] | [.label, .file]]' '[["12 février", "v1.yaml"], ["aujourd'"'"'hui", "v2.yaml"]]'
	json_is '.changes[0] | [.from, .to]' '["12 février", "aujourd'"'"'hui"]'
	# one label for two versions: the second keeps its file's name
	run -1 --separate-stderr dmn-compare -c -L old -j v1.yaml v2.yaml
	json_is '.changes[0] | [.from, .to]' '["old", "v2.yaml"]'
	# stdin is one version, named as diagnostics name it
	run -1 --separate-stderr bash -c 'dmn-compare -c -j - v2.yaml <v1.yaml'
	expect_stderr
	json_is '[.versions[] | [.label, .file]]' '[["<stdin>", "<stdin>"], ["v2.yaml", "v2.yaml"]]'
	# YAML: a label is quoted as any string that needs it
	run -1 --separate-stderr dmn-compare -c -L yes -L "8.10" v1.yaml v2.yaml
	grep -qx '  - from: "yes"' <<<"$output"
	grep -qx '    to: "8.10"' <<<"$output"
}

@test "a git repository: git show HEAD~1:x.yaml | dmn-compare -c - x.yaml gives the vendor's changes" {
	command -v git >/dev/null || skip "git is not installed"
	git init -q repo
	cd repo
	cp "$EXAMPLES/fractavision.yaml" x.yaml
	git add x.yaml
	git -c user.name=Test -c user.email=test@example.org commit -q -m "first version"
	fracta_v2 x.yaml
	git -c user.name=Test -c user.email=test@example.org commit -q -a -m "the vendor's answers"
	run -1 --separate-stderr bash -c 'git show HEAD~1:x.yaml | dmn-compare -c -j - x.yaml'
	expect_stderr
	json_is '.changes[0] | [.from, .to, .changed]' '["<stdin>", "x.yaml", true]'
	json_is "$ANSWERS" "$FRACTA_ANSWERS"
	json_is "$(entry 7.3.1) | [.status, .now]" '[{"was": "pending", "now": "answered"}, 85000]'
	run -1 --separate-stderr bash -c 'git show HEAD~1:x.yaml | dmn-compare -c -L "12 février" -L "aujourd'"'"'hui" - x.yaml'
	expect_stderr
	grep -qx '  - from: "12 février"' <<<"$output"
	# the file as committed: nothing changed since
	run -0 --separate-stderr bash -c 'git show HEAD:x.yaml | dmn-compare -c - x.yaml'
	expect_stderr
	grep -qx '    changed: false' <<<"$output"
}

@test "a new device name is a change of the device field, nothing else; a version without one is compared" {
	dossier v1.yaml '"9.1": "Tester."'
	cp v1.yaml v2.yaml
	edit v2.yaml '  name: Test' '  name: Test Pro'
	run -1 --separate-stderr dmn-compare -c -j v1.yaml v2.yaml
	expect_stderr
	json_is '[.device, [.versions[].name], .changes[0].device, .changes[0].answers, .changes[0].findings]' \
		'["Test Pro", ["Test", "Test Pro"], [{"field": "name", "was": "Test", "now": "Test Pro"}], [], {"appeared": [], "gone": []}]'
	# no name: its finding appears, and the name goes
	edit v2.yaml $'  name: Test Pro\n' ''
	run -1 --separate-stderr dmn-compare -c -j v1.yaml v2.yaml
	expect_stderr
	json_is '[.device, .changes[0].device, [.changes[0].findings.appeared[] | [.message, .line]]]' \
		'[null, [{"field": "name", "was": "Test", "now": null}], [["the device has no '"'name'"'", 4]]]'
}

# --- exit status and trouble -----------------------------------------------------------------

@test "findings are in the document, not on stderr: a dossier with errors, unchanged, exits 0" {
	cp "$EXAMPLES/bonesight.yaml" v1.yaml
	run -1 --separate-stderr dmn-compare v1.yaml
	[ -n "$stderr" ]
	run -0 --separate-stderr dmn-compare -c v1.yaml v1.yaml
	expect_stderr
	grep -qx '    changed: false' <<<"$output"
	run -0 --separate-stderr dmn-compare -c -o out.yaml v1.yaml v1.yaml
	expect_stderr
	[ -z "$output" ]
	grep -qx 'kind: changes' out.yaml
}

@test "trouble: exact message, exit 2, nothing written; a usage error shows the usage" {
	cp "$EXAMPLES/fractavision.yaml" v1.yaml
	fracta_v2 v2.yaml
	run -2 --separate-stderr dmn-compare -c v1.yaml
	[ -z "$output" ]
	expect_stderr "dmn-compare: error: --changes compares versions of one dossier: it needs two at least, and the input has one"
	run -2 --separate-stderr dmn-compare -c -L a -L b -L c v1.yaml v2.yaml
	[ -z "$output" ]
	expect_stderr "dmn-compare: error: 3 labels (-L) for 2 versions: give one label per version at most"
	run -2 --separate-stderr dmn-compare -c nope.yaml v1.yaml v2.yaml
	[ -z "$output" ]
	expect_stderr "nope.yaml: error: cannot open: No such file or directory"
	printf 'kind: validation\n' >val.yaml
	run -2 --separate-stderr dmn-compare -c v1.yaml val.yaml v2.yaml
	[ -z "$output" ]
	expect_stderr "val.yaml:1:7: error: expected a dossier, found kind 'validation'"
	run -2 --separate-stderr dmn-compare -c </dev/null
	[ -z "$output" ]
	expect_stderr "<stdin>: error: no dossier in the input"
	# -o: a run with trouble leaves the file as it was; one that cannot be written is trouble
	echo before >out.yaml
	run -2 --separate-stderr dmn-compare -c -o out.yaml v1.yaml
	[ "$(cat out.yaml)" = before ]
	run -2 --separate-stderr dmn-compare -c -o nodir/out.yaml v1.yaml v2.yaml
	expect_stderr "dmn-compare: error: cannot create a temporary file beside 'nodir/out.yaml': No such file or directory"
	run -1 --separate-stderr dmn-compare -c -o out.yaml v1.yaml v2.yaml
	[ -z "$output" ]
	grep -qx 'kind: changes' out.yaml
	# options that do not go with --changes, or --label without it: usage errors
	local usage_line='usage: dmn-compare [-adj] [-s SECTION]... [-l fr|en] [-Q FILE] [-o FILE]'
	for o in --all "--section 5" --differ "--ratings r.yaml --weights w.yaml"; do
		# shellcheck disable=SC2086 # the option and its value
		run -2 --separate-stderr dmn-compare -c $o v1.yaml v2.yaml
		[ -z "$output" ]
		[ "${stderr_lines[0]}" = "dmn-compare: error: ${o%% *} does not go with --changes, which reports every change of every question" ]
		[ "${stderr_lines[1]}" = "$usage_line" ]
	done
	run -2 --separate-stderr dmn-compare -L old v1.yaml v2.yaml
	[ -z "$output" ]
	[ "${stderr_lines[0]}" = "dmn-compare: error: --label names the versions compared by --changes: give --changes too" ]
	[ "${stderr_lines[1]}" = "$usage_line" ]
	run -2 --separate-stderr dmn-compare -c -L
	[ "${stderr_lines[0]}" = "dmn-compare: error: option '-L' needs a value" ]
}

@test "--help names -c and -L, and their exit statuses" {
	run -0 dmn-compare --help
	grep -qx '       dmn-compare -c \[-j\] \[-L LABEL\]... \[-l fr|en\] \[-Q FILE\] \[-o FILE\] \[FILE ...\]' <<<"$output"
	grep -q '^  -c, --changes  ' <<<"$output"
	grep -q '^  -L, --label LABEL  ' <<<"$output"
	grep -qx 'fields), 2 trouble; with -c: 0 no change, 1 changes, 2 trouble.' <<<"$output"
}

# --- dmn-report ------------------------------------------------------------------------------

# the versions of the rendering tests: each kind of change once
report_versions() {
	dossier v1.yaml '"4.2.4": {status: pending, comment: asked}' '"4.2.5": yes' '"5.6": {status: unknown}' \
		'"6.2.5": {answer: 10, source: notice}' '"9.1": "Tester."' '"9.2": "| <b>*x*</b>"'
	dossier v2.yaml '"4.2.4": {answer: oui, comment: asked}' '"4.2.5": {status: unknown}' '"5.6": {status: not-applicable}' \
		'"6.2.5": {answer: 10, source: "notice p. 4"}' '"9.1": "Tester la liste."' '"9.9": x'
	edit v2.yaml 'version: "1.0"' 'version: "1.1"'
}

@test "dmn-report: a changes document as Markdown, every section exact, vendor text escaped" {
	report_versions
	run -1 --separate-stderr dmn-compare -c -L "12 février" -L "aujourd'hui" v1.yaml v2.yaml
	printf '%s\n' "$output" >changes.yaml
	run -0 --separate-stderr dmn-report changes.yaml
	expect_stderr
	same "$output" "$(cat <<EOF
# Test: changes from 12 février to aujourd'hui

Questionnaire: Guide to choosing digital medical devices for professional use (has-dmn-2023, edition 2023-06-22)

*From:* 12 février — v1.yaml, version 1.0  
*To:* aujourd'hui — v2.yaml, version 1.1  

## Answers received since 12 février

| Question | Was | Now |
| -------------------- | -------------- | -------------- |
| **4.2.4** $(q text 4.2.4 en) | pending | Yes |

## Answers changed

| Question | Was | Now |
| -------------------- | -------------- | -------------- |
| **9.1** $(q text 9.1 en) | Tester. | Tester la liste. |

## Answers removed

| Question | Was | Now |
| -------------------- | -------------- | -------------- |
| **4.2.5** $(q text 4.2.5 en) | Yes | unknown |
| **9.2** $(q text 9.2 en) | \\| \\<b\\>\\*x\\*\\</b\\> | missing |

## Status changes

| Question | Was | Now |
| -------------------- | -------------- | -------------- |
| **5.6** $(q text 5.6 en) | unknown | not applicable |

## Sources and comments changed

| Question | Field | Was | Now |
| -------------------- | -------- | -------------- | -------------- |
| **6.2.5** $(q text 6.2.5 en) | Source | notice | notice p. 4 |

## Device

| Field | Was | Now |
| ---------------- | ---------------- | ---------------- |
| Version | 1.0 | 1.1 |

## Findings that appeared

- **9.9** unknown question id '9.9' *(line 13)*
EOF
)"
	# nothing changed: said so
	run -0 --separate-stderr bash -c 'dmn-compare -c v1.yaml v1.yaml | dmn-report'
	expect_stderr
	[ "${lines[-1]}" = "No change." ]
	[ "$(grep -c '^## ' <<<"$output")" -eq 0 ]
	# as HTML: a portrait section of its own kind
	run -0 --separate-stderr dmn-report -f html changes.yaml
	expect_stderr
	grep -q '^<section class="changes">$' <<<"$output"
	grep -qF '<h2>Answers received since 12 février</h2>' <<<"$output"
}

@test "dmn-report --lang fr: the headings and the answers in French" {
	report_versions
	run -1 --separate-stderr dmn-compare -c -j v1.yaml v2.yaml
	printf '%s\n' "$output" >changes.json
	run -0 --separate-stderr dmn-report --lang fr changes.json
	expect_stderr
	grep -qxF "| **4.2.4** $(q text 4.2.4 fr) | en attente | Oui |" <<<"$output"
	grep -qxF "| **5.6** $(q text 5.6 fr) | inconnu | sans objet |" <<<"$output"
	grep -qxF -- "- **9.9** identifiant de question inconnu : « 9.9 » *(ligne 13)*" <<<"$output"
	grep -qx '## Réponses reçues depuis v1.yaml' <<<"$output"
}

@test "dmn-report: three versions, two pairs, each under its own title after a break" {
	cp "$EXAMPLES/fractavision.yaml" v1.yaml
	fracta_v2 v2.yaml
	cp v2.yaml v3.yaml
	run -0 --separate-stderr bash -c 'dmn-compare -c v1.yaml v2.yaml v3.yaml | dmn-report'
	expect_stderr
	same "$(grep -E '^(# |\* \* \*|No change)' <<<"$output")" "# FractaVision: changes from v1.yaml to v2.yaml
* * *
# FractaVision: changes from v2.yaml to v3.yaml
No change."
	grep -q '^| \*\*7\.3\.1\*\* [^|]*… | pending | 85000 EUR |$' <<<"$output"
}

@test "dmn-report refuses a changes document as a spreadsheet; a broken one is trouble with its place" {
	report_versions
	run -1 --separate-stderr dmn-compare -c v1.yaml v2.yaml
	printf '%s\n' "$output" >changes.yaml
	for f in xlsx csv; do
		run -2 --separate-stderr dmn-report -f "$f" -o out.$f changes.yaml
		[ -z "$output" ]
		expect_stderr "changes.yaml:2:7: error: a changes document cannot be written as a spreadsheet: use -f markdown or -f html"
		[ ! -e out.$f ]
	done
	# an unknown change, a missing field, another questionnaire
	line=$(grep -n '^        change: added$' changes.yaml | cut -d: -f1)
	[ "$(wc -l <<<"$line")" -eq 1 ]
	sed 's/^        change: added$/        change: moved/' changes.yaml >moved.yaml
	run -2 --separate-stderr dmn-report moved.yaml
	[ -z "$output" ]
	expect_stderr "moved.yaml:$line:17: error: not a valid changes document: unknown change 'moved' (expected added, changed, removed, status or details)"
	grep -v '^versions:' changes.yaml | sed '/^  - label:/,/^changes:/{/^changes:/!d}' >noversions.yaml
	run -2 --separate-stderr dmn-report noversions.yaml
	expect_stderr "noversions.yaml:2:1: error: not a valid changes document: 'versions' is missing"
	sed 's/^questionnaire: has-dmn-2023/questionnaire: other/' changes.yaml >other.yaml
	run -2 --separate-stderr dmn-report other.yaml
	expect_stderr "other.yaml:3:16: error: the changes are for questionnaire 'other' (edition '2023-06-22'), not 'has-dmn-2023' (edition '2023-06-22'); see --questionnaire"
}
