#!/usr/bin/env bats
# valgrind.bats: a representative part of the suite under valgrind's memcheck: each program
# on the example dossiers, in its main modes and on its error paths. A leak (definite or
# possible), an invalid read or write, or a use of uninitialised memory makes valgrind
# exit 99 instead of the program's own status (0, 1 or 2), and the test fails.
# Skipped without valgrind, and for the sanitized build (ASan and valgrind do not mix).

load helper

setup() {
	if [[ -n ${DMN_SANITIZED:-} ]]; then
		skip "sanitized build: valgrind cannot run ASan programs"
	fi
	if ! command -v valgrind >/dev/null; then
		skip "valgrind not installed (apt-get install valgrind)"
	fi
	cd "$BATS_TEST_TMPDIR"
	export SOURCE_DATE_EPOCH=1700000000
}

# vg STATUS PROG ARGS...: PROG under memcheck exits with STATUS (its normal one), not 99;
# its standard output goes to $VG_OUT when set
vg() {
	local want=$1
	shift
	local -a memcheck=(timeout 300 valgrind -q --leak-check=full --error-exitcode=99)
	if [[ -n ${VG_OUT:-} ]]; then
		run --separate-stderr bash -c 'out=$1; shift; exec "$@" >"$out"' bash "$VG_OUT" "${memcheck[@]}" "$@"
	else
		run --separate-stderr "${memcheck[@]}" "$@"
	fi
	if [ "$status" -ne "$want" ]; then
		printf 'valgrind %s: status %s, expected %s\n%s\n' "$*" "$status" "$want" "$stderr"
		return 1
	fi
	if [[ $stderr == *"=="[0-9]*"=="* ]]; then
		printf 'valgrind %s: a report\n%s\n' "$*" "$stderr"
		return 1
	fi
}

@test "valgrind: dmn-validate on the examples" {
	# BoneSight has invalid answers, the others are incomplete: findings, exit 1
	vg 1 "$DMN_BUILD/dmn-validate" "$EXAMPLES"/*.yaml
	vg 1 "$DMN_BUILD/dmn-validate" -f junit -o out.xml "$EXAMPLES"/*.yaml
	vg 1 "$DMN_BUILD/dmn-validate" -f tap "$EXAMPLES/fractavision.yaml"
	printf 'kind: policy\nquestionnaire: has-dmn-2023\nquestions: ["1.1"]\n' >policy.yaml
	vg 0 "$DMN_BUILD/dmn-validate" -q -r policy.yaml "$EXAMPLES/osteoscan.yaml"
	vg 0 "$DMN_BUILD/dmn-validate" -Q "$FIXTURES/questionnaire/mini.yaml" --json \
		"$FIXTURES/questionnaire/mini-dossier.yaml"
}

@test "valgrind: dmn-compare on the examples" {
	vg 1 "$DMN_BUILD/dmn-compare" "$EXAMPLES"/*.yaml
	vg 1 "$DMN_BUILD/dmn-compare" -a -d -j -l fr -s 8 -o cmp.json "$EXAMPLES"/*.yaml
	vg 0 "$DMN_BUILD/dmn-compare" "$EXAMPLES/fractavision.yaml" "$EXAMPLES/osteoscan.yaml"
}

@test "valgrind: dmn-report on every kind of document" {
	"$DMN_BUILD/dmn-validate" "$EXAMPLES"/*.yaml >validation.yaml 2>/dev/null || true
	"$DMN_BUILD/dmn-compare" "$EXAMPLES"/*.yaml >comparison.yaml 2>/dev/null || true
	# a dossier with errors: reported, findings, exit 1
	vg 1 "$DMN_BUILD/dmn-report" "$EXAMPLES"/*.yaml
	vg 0 "$DMN_BUILD/dmn-report" -D -l fr validation.yaml comparison.yaml "$QUESTIONNAIRE"
	vg 0 "$DMN_BUILD/dmn-report" -o report.md "$EXAMPLES/osteoscan.yaml"
	# the letter with its furniture and the other kinds as one HTML page (cmark-gfm)
	vg 0 "$DMN_BUILD/dmn-report" -f html --to A --from B --reference C --reply-by 2027-01-15 --attach x.yaml \
		validation.yaml comparison.yaml "$QUESTIONNAIRE"
}

@test "valgrind: dmn-ask in the script and template modes" {
	vg 0 "$DMN_BUILD/dmn-ask" --set 2=oui --set 8.11.1=external --set-status 8.14.1=pending -b DPO \
		"$EXAMPLES/fractavision.yaml"
	cp "$EXAMPLES/osteoscan.yaml" d.yaml
	vg 0 "$DMN_BUILD/dmn-ask" --set 7.3.1=12.5 -o d.yaml d.yaml
	vg 0 "$DMN_BUILD/dmn-ask" --template -l fr
	# the dossier has errors: corrected in place, what remains said (exit 1); a refused value
	cp "$EXAMPLES/bonesight.yaml" b.yaml
	vg 1 "$DMN_BUILD/dmn-ask" --set 4.2.4=oui --set 3.3.date=2024-03-15 --set 5.8.1.status=pending -o b.yaml b.yaml
	vg 2 "$DMN_BUILD/dmn-ask" --set 7.3.1=12k "$EXAMPLES/osteoscan.yaml"
	# a second save of the file written: a device field, a list, a yes/no in the file's words
	vg 1 "$DMN_BUILD/dmn-ask" --set 2=non --set device.udi-di=42 --set 4.1=1,2 -o b.yaml b.yaml
}

@test "valgrind: trouble paths of the four programs" {
	printf 'kind: dossier\nquestionnaire: has-dmn-2023\ndevice:\n  name: T\nanswers: {\n  "1.1": x,\n' >trunc.yaml
	printf 'just a string\n' >scalar.yaml
	printf 'kind: dossier\nquestionnaire: has-dmn-2023\ndevice:\n  name: T\nanswers:\n  "1.1": &a x\n' >anchor.yaml
	local prog
	# a broken document and an output that cannot be made in each program; the reader's
	# other errors and the usage error in one of them (the reader and the option parser
	# are common/yamlread.c's and common/program.c's in all four)
	for prog in dmn-validate dmn-compare dmn-report "dmn-ask --set 2=oui"; do
		# shellcheck disable=SC2086
		set -- $prog
		vg 2 "$DMN_BUILD/$1" "${@:2}" trunc.yaml
		vg 2 "$DMN_BUILD/$1" "${@:2}" -o /nonexistent/dir/out "$EXAMPLES/osteoscan.yaml"
	done
	vg 2 "$DMN_BUILD/dmn-validate" scalar.yaml
	vg 2 "$DMN_BUILD/dmn-validate" anchor.yaml
	vg 2 "$DMN_BUILD/dmn-ask" --no-such-option
	# a good document then a bad one; one device twice; the write error on /dev/full
	{ cat "$EXAMPLES/osteoscan.yaml"; cat trunc.yaml; } >good-bad.yaml
	vg 2 "$DMN_BUILD/dmn-report" good-bad.yaml
	vg 2 "$DMN_BUILD/dmn-compare" "$EXAMPLES/osteoscan.yaml" "$EXAMPLES/osteoscan.yaml"
	VG_OUT=/dev/full vg 2 "$DMN_BUILD/dmn-report" "$EXAMPLES/osteoscan.yaml"
	[ "$stderr" = "dmn-report: error: write error on standard output: No space left on device" ]
	VG_OUT=/dev/full vg 2 "$DMN_BUILD/dmn-ask" --template
}
