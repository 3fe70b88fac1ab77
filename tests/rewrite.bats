#!/usr/bin/env bats
# rewrite.bats: dmn-ask --set ... -o FILE FILE rewrites the dossier minimally: the file's bytes
# are kept and only the changed entry is spliced in (comments, folded answers, flow lists,
# quoting, oui/non kept; a new answer where its question falls in the questionnaire's order).
# The property on random changes is tests/rewrite_property.py (PyYAML, never a dmn program, is
# its reader); the other tests show it on single changes, with their exact diff.

load helper

setup() {
	# the suite of this program's logic: the plain build; the sanitizers see the same code in
	# the hostile suites, the fuzzers and the tests of the terminal
	plain_pass_only
	cd "$BATS_TEST_TMPDIR"
	export SOURCE_DATE_EPOCH=1718841600 # 2024-06-20
}

# pyread FILE EXPR: EXPR (Python, on d = the document as PyYAML reads it) printed; if PyYAML
# cannot read FILE, "PyYAML fails: " and the first line of its message
pyread() {
	python3 -c 'import sys, yaml
try:
    d = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
except yaml.YAMLError as e:
    print("PyYAML fails: " + str(e).splitlines()[0])
    sys.exit()
print(eval(sys.argv[2]))' "$1" "$2"
}

# same GOT WANT: GOT is WANT, or both are shown
same() {
	[ "$1" = "$2" ] || {
		printf -- '--- expected\n%s\n--- got\n%s\n' "$2" "$1" >&2
		return 1
	}
}

@test "the property: 100 random --set in a chain on each example dossier (seed 13), each one minimal" {
	# each result is read back as the file before plus the change, differs from it only on
	# the lines of the changed entry, and keeps every other comment; refused changes (exit 2)
	# leave the file byte for byte. On failure: the case, its diff and the file before.
	# the sanitized pass runs the first 10 of each chain: it looks for memory errors, the
	# plain pass for the property
	local n=100
	[ -z "${DMN_SANITIZED:-}" ] || n=10
	run bounded -t 300 python3 "$BATS_TEST_DIRNAME/rewrite_property.py" "$DMN_BUILD/dmn-ask" "$EXAMPLES" 13 "$n"
	if [ "$status" -ne 0 ] || [ "$output" != "ok $((3 * n)) changes" ]; then
		printf '%s\n' "$output" >&2
		return 1
	fi
}

@test "a --set on one answer changes its lines only: comments and folded answers around it stay byte for byte" {
	cp "$EXAMPLES/osteoscan.yaml" o.yaml
	run -0 --separate-stderr dmn-ask --set 2=non -o o.yaml o.yaml
	[ "$stderr" = "" ]
	run -1 diff "$EXAMPLES/osteoscan.yaml" o.yaml
	[ "$output" = '34,36c34,35
<     answer: oui
<     by: pharmacien
<     date: "2024-01-15"
---
>     answer: non
>     date: "2024-06-20"' ]
	# the entry: its comment kept, the answer in the file's words (oui/non)
	[ "$(sed -n '33,36p' o.yaml)" = '  "2":
    answer: non
    date: "2024-06-20"
    comment: "Trois DMN comparés : OsteoScan AI, FractaVision, BoneSight."' ]
	# every comment line, and the folded answer just before (1.3), as they were
	[ "$(grep -c '^ *#' o.yaml)" = "$(grep -c '^ *#' "$EXAMPLES/osteoscan.yaml")" ]
	[ "$(sed -n '/^  "1.3": >-$/,/^$/p' o.yaml)" = "$(sed -n '/^  "1.3": >-$/,/^$/p' "$EXAMPLES/osteoscan.yaml")" ]
}

@test "a new answer lands right after the entry of the question before it, in the questionnaire's order" {
	# 4.3.1 comes after 4.3 (answered) and before 4.4 (answered) in has-dmn-2023
	[ "$(q ids | grep -A1 -x '4.3' | tail -n 1)" = 4.3.1 ]
	[ "$(q ids | grep -A1 -x '4.3.2' | tail -n 1)" = 4.4 ]
	cp "$EXAMPLES/fractavision.yaml" f.yaml
	run -0 --separate-stderr dmn-ask --set 4.3.1=yes -o f.yaml f.yaml
	run -1 diff "$EXAMPLES/fractavision.yaml" f.yaml
	[ "$output" = '70a71,73
>   "4.3.1":
>     answer: oui
>     date: "2024-06-20"' ]
	[ "$(sed -n '67,74p' f.yaml)" = '  "4.3":
    answer: non
    comment: "Aucun établissement français utilisateur ; deux sites en Suède."
    by: vendor
  "4.3.1":
    answer: oui
    date: "2024-06-20"
  "4.4": non' ]
}

@test "yes/no in the file's words: oui/non in a French dossier, \"yes\"/\"no\" quoted in an English one" {
	cp "$EXAMPLES/bonesight.yaml" b.yaml
	run -1 --separate-stderr dmn-ask --set 2=N -o b.yaml b.yaml
	run -1 diff "$EXAMPLES/bonesight.yaml" b.yaml
	[ "$output" = '20c20,22
<   "2": oui
---
>   "2":
>     answer: non
>     date: "2024-06-20"' ]
	dossier e.yaml '"2": "yes"' '"3.1": "For adults"'
	cp e.yaml before.yaml
	run -0 --separate-stderr dmn-ask --set 3.3=oui -o e.yaml e.yaml
	run -1 diff before.yaml e.yaml
	[ "$output" = '9a10,12
>   "3.3":
>     answer: "yes"
>     date: "2024-06-20"' ]
	[ "$(pyread e.yaml 'd["answers"]["3.3"]["answer"]')" = yes ]
}

@test "a flow list stays a flow list when its answer changes" {
	cp "$EXAMPLES/fractavision.yaml" f.yaml
	run -0 --separate-stderr dmn-ask --set 1.2=3,diagnose,1 -o f.yaml f.yaml
	run -1 diff "$EXAMPLES/fractavision.yaml" f.yaml
	[ "$output" = '21c21,23
<   "1.2": [diagnose]
---
>   "1.2":
>     answer: [diagnose, score-or-dose]
>     date: "2024-06-20"' ]
}

# --- cases that the property once found wrong, kept as regressions ------------------------

@test "an answer that has an error keeps what a --set does not change: its status, its value when pending" {
	# the answer has an error (an unknown field, an invalid value or date): ID.source, ID.by,
	# ID.comment and ID.date set that field only, the status stays (bonesight.yaml's 3.1 and
	# 5.8.1); --set-status ID=pending keeps the value, as for any other answer
	dossier d.yaml '"3.1":' '  status: unknown' '  auteur: vendor' '"4.2.4":' '  answer: peut-être' '  status: pending' \
		'"5.1.1":' '  answer: images' '  auteur: vendor'
	local bad=
	cp d.yaml before.yaml
	run -1 --separate-stderr dmn-ask --set 3.1.source=notice -o d.yaml d.yaml
	same "$(pyread d.yaml 'sorted(d["answers"]["3.1"].items())')" "[('auteur', 'vendor'), ('source', 'notice'), ('status', 'unknown')]" || bad=1
	# one line added, none removed
	run -1 diff before.yaml d.yaml
	same "$(grep -c '^[<>]' <<<"$output") $(grep -c '^>' <<<"$output")" "1 1" || bad=1
	run -1 --separate-stderr dmn-ask --set 4.2.4.comment=seen -o d.yaml d.yaml
	same "$(pyread d.yaml 'sorted(d["answers"]["4.2.4"].items())')" "[('answer', 'peut-être'), ('comment', 'seen'), ('status', 'pending')]" || bad=1
	run -1 --separate-stderr dmn-ask --set-status 5.1.1=pending -o d.yaml d.yaml
	same "$(pyread d.yaml 'sorted(d["answers"]["5.1.1"].items())')" "[('answer', 'images'), ('auteur', 'vendor'), ('date', '2024-06-20'), ('status', 'pending')]" || bad=1
	[ -z "$bad" ]
}

@test "a value spliced into a plain scalar is quoted when YAML 1.1 would read it as something else" {
	# manufacturer: Acme is plain; <<, = , 0x1F and 0b101 written plain are a merge key, a
	# value key, 31 and 5 for PyYAML (safe_load fails on the first two)
	local v got bad=
	for v in '<<' '=' 0x1F 0b101; do
		dossier d.yaml
		run -0 --separate-stderr dmn-ask --set "device.manufacturer=$v" -o d.yaml d.yaml
		got=$(pyread d.yaml 'repr(d["device"]["manufacturer"])')
		if [ "$got" != "'$v'" ]; then
			bad+="device.manufacturer=$v: $(grep manufacturer: d.yaml) read as $got"$'\n'
		fi
	done
	[ -z "$bad" ] || {
		printf '%s' "$bad" >&2
		return 1
	}
}

@test "a number typed with a leading zero reads back as that number: --set 6.2.5=012 is 12, not octal" {
	dossier d.yaml '"6.2.5": 3'
	run -0 --separate-stderr dmn-ask --set 6.2.5=012 -o d.yaml d.yaml
	# written "answer: 012", PyYAML (YAML 1.1) reads the octal 10
	same "$(pyread d.yaml 'repr(d["answers"]["6.2.5"]["answer"])')" 12
}

@test "a device written as a flow mapping: a --set of a device field changes the device's lines only" {
	printf '%s\n' 'kind: dossier' 'questionnaire: has-dmn-2023' 'device: {name: Test}' 'answers:' \
		'  "6.2.4":' '    answer: non' '  "6.2.5": +3' >d.yaml
	cp d.yaml before.yaml
	# nothing to remove: the file as it was
	run -0 --separate-stderr dmn-ask --set device.url= -o d.yaml d.yaml
	same "$(cat d.yaml)" "$(cat before.yaml)"
	run -0 --separate-stderr dmn-ask --set device.contact=x -o d.yaml d.yaml
	same "$(pyread d.yaml 'sorted(d["device"].items())')" "[('contact', 'x'), ('name', 'Test')]"
	# the rest as it was (no "---" added, not "6.2.4": non, not +3 made the string "+3")
	same "$(head -n 2 d.yaml; sed -n '/^answers:$/,$p' d.yaml)" "$(head -n 2 before.yaml; sed -n '/^answers:$/,$p' before.yaml)"
}
