#!/usr/bin/env bats
# Streams of thousands of dossiers (issue 18): no temporary file behind standard output,
# memory flat from 1 to 10,000 dossiers, dmn-compare's memory a dossier within what its
# page says, diagnostics in few writes and in order. Figures of memory and of system calls,
# never of time (speed is make bench's, tests/bench/run.sh).

load helper

setup_file() {
	# The stream: 10 dossiers of tests/bench/gendossiers.py (2 complete, 24 KB each, then 8
	# early ones: most questions missing, invalid answers, unknown fields), 1,000 times over
	# with their device names numbered: 10,000 dossiers, 110 MB. Peak RSS from
	# tests/bench/timeone.c, built here (the figures of the program alone).
	local d=$BATS_FILE_TMPDIR
	[[ -n ${DMN_SANITIZED:-} && -z ${DMN_ALL_TESTS:-} ]] && return 0
	cc -O2 -o "$d/timeone" "$BATS_TEST_DIRNAME/bench/timeone.c"
	python3 "$BATS_TEST_DIRNAME/bench/gendossiers.py" 2 "$QUESTIONNAIRE" >"$d/ten.yaml"
	python3 "$BATS_TEST_DIRNAME/bench/gendossiers.py" --findings 8 "$QUESTIONNAIRE" >>"$d/ten.yaml"
	python3 - "$d/ten.yaml" "$d/stream.yaml" "$d/one.yaml" "$d/hundred.yaml" "$d/complete.yaml" <<'EOF'
import re, sys
ten = open(sys.argv[1], encoding="utf-8").read()
assert ten.count("\n  name: ") == 10
docs = ten.split("--- ")[1:]
open(sys.argv[3], "w", encoding="utf-8").write("--- " + docs[0])
def numbered(text, i):
    return re.sub(r"\n  name: ([^\n]*)", lambda m: "\n  name: %s %d" % (m.group(1), i), text)
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for i in range(1000):
        out.write(numbered(ten, i))
        if i == 9:
            out.flush()
            open(sys.argv[4], "w", encoding="utf-8").write(open(sys.argv[2], encoding="utf-8").read())
# the two complete dossiers, 500 times over: 1,000 complete dossiers for dmn-compare
with open(sys.argv[5], "w", encoding="utf-8") as out:
    for i in range(500):
        out.write(numbered("--- " + docs[0] + "--- " + docs[1], i))
EOF
}

# peak_kb OUTFILE CMD...: runs CMD (stdin as given) under timeone; PEAK is its peak RSS in kB
peak_kb() {
	local out=$1
	shift
	"$BATS_FILE_TMPDIR/timeone" -o "$BATS_TEST_TMPDIR/time" "$@" >"$out" 2>"$BATS_TEST_TMPDIR/err" &&
		STATUS=0 || STATUS=$?
	PEAK=$(cut -d' ' -f2 "$BATS_TEST_TMPDIR/time")
}

@test "memory is flat from 1 dossier to 10,000: dmn-validate (TAP, YAML, JSON, -q), dmn-report (Markdown, HTML)" {
	plain_pass_only	# under the sanitizers, RSS would measure theirs
	local d=$BATS_FILE_TMPDIR args one many out=$BATS_TEST_TMPDIR/many.out
	for args in "-f tap" "-f yaml" "-f json" "-q" "report -f markdown" "report -f html"; do
		# shellcheck disable=SC2086
		set -- $args
		if [ "$1" = report ]; then shift; set -- dmn-report "$@"; else set -- dmn-validate "$@"; fi
		# exit 1: findings, never trouble (dmn-report: 0 for the first dossier, whose
		# answers are all valid; 1 for the stream, whose early dossiers' are not)
		peak_kb "$BATS_TEST_TMPDIR/one.out" "$@" "$d/one.yaml"
		[ "$STATUS" -eq "$([ "$1" = dmn-report ] && echo 0 || echo 1)" ] || { echo "$* one: exit $STATUS"; false; }
		one=$PEAK
		peak_kb "$out" "$@" "$d/stream.yaml"
		[ "$STATUS" -eq 1 ] || { echo "$* many: exit $STATUS"; false; }
		many=$PEAK
		if [ "$2" = -f ] && [ "$3" = tap ]; then
			# every one of the 10,000 read and checked: each has questions to answer
			[ "$(tail -n 1 "$out")" = "1..10000" ]
			[ "$(grep -c '^not ok' "$out")" -eq 10000 ]
			[ "$(grep -c '^ok' "$out")" -eq 0 ]
			[ "$(grep -c "^$d/stream.yaml:[0-9]*:1: error: dossier '.*' is incomplete" "$BATS_TEST_TMPDIR/err")" -eq 10000 ]
			[ "$(grep -c "dossier 'OsteoScan 999' is incomplete" "$BATS_TEST_TMPDIR/err")" -eq 2 ]	# complete, early
		fi
		echo "$*: $one kB for 1 dossier, $many kB for 10,000"
		# flat: within 1 MiB (a leak of 100 bytes a dossier would pass it), and the output
		# was all there (10,000 entries are far more than 1 MiB)
		[ "$many" -le $((one + 1024)) ]
		[ "$1 $2" = "dmn-validate -q" ] ||
			[ "$(wc -c <"$out")" -gt $((100 * $(wc -c <"$BATS_TEST_TMPDIR/one.out"))) ]
	done
}

@test "dmn-compare: under 30 KB of memory a complete dossier, as dmn-compare(1) says (1,000 of them)" {
	plain_pass_only
	local d=$BATS_FILE_TMPDIR one many
	[ "$(grep -c '^kind: dossier' "$d/complete.yaml")" -eq 1000 ]
	peak_kb "$BATS_TEST_TMPDIR/one.out" dmn-compare "$d/one.yaml"
	[ "$STATUS" -le 1 ]
	one=$PEAK
	peak_kb "$BATS_TEST_TMPDIR/many.out" dmn-compare --json "$d/complete.yaml"
	[ "$STATUS" -le 1 ] || { cat "$BATS_TEST_TMPDIR/err"; false; }
	many=$PEAK
	echo "dmn-compare: $one kB for 1 dossier, $many kB for 1,000: $(( (many - one) / 999 )) kB a dossier"
	[ "$(jq '.devices | length' "$BATS_TEST_TMPDIR/many.out")" -eq 1000 ]
	[ $(( (many - one) * 1024 / 999 )) -le $((30 * 1000)) ]
	grep -q 'about 25 KB for a complete dossier, under 30 KB' "$ROOT/man/dmn-compare.1"
}

# no_file_made CMD...: CMD run under strace, with its standard input and output as given;
# fails if it creates a file (O_CREAT, O_TMPFILE) or an anonymous one (memfd_create)
no_file_made() {
	strace -f -qq -e trace=open,openat,creat,memfd_create -o "$BATS_TEST_TMPDIR/trace" "$@"
	local st=$?
	if grep -E 'O_CREAT|O_TMPFILE|creat\(|memfd_create' "$BATS_TEST_TMPDIR/trace"; then
		echo "$*: a file was made"
		return 1
	fi
	return "$st"
}

@test "standard output is written as it goes: no program makes a temporary file for it" {
	command -v strace >/dev/null || skip "strace is not installed (make deps installs it)"
	plain_pass_only
	local d=$BATS_FILE_TMPDIR st f
	# 100 dossiers (the stream's first), read from standard input
	for f in yaml json tap junit sarif github text; do
		no_file_made dmn-validate -f "$f" <"$d/hundred.yaml" >"$BATS_TEST_TMPDIR/out" && st=0 || st=$?
		[ "$st" -eq 1 ] || { echo "dmn-validate -f $f: exit $st"; false; }
		[ -s "$BATS_TEST_TMPDIR/out" ]
	done
	for f in markdown html; do
		no_file_made dmn-report -f "$f" <"$d/hundred.yaml" >"$BATS_TEST_TMPDIR/out" && st=0 || st=$?
		[ "$st" -eq 1 ] || { echo "dmn-report -f $f: exit $st"; false; }
		[ -s "$BATS_TEST_TMPDIR/out" ]
	done
	dmn-validate "$d/hundred.yaml" >"$BATS_TEST_TMPDIR/validation.yaml" 2>/dev/null || true
	no_file_made dmn-report <"$BATS_TEST_TMPDIR/validation.yaml" >"$BATS_TEST_TMPDIR/out" || [ $? -eq 1 ]
	[ -s "$BATS_TEST_TMPDIR/out" ]
	no_file_made dmn-compare <"$d/hundred.yaml" >"$BATS_TEST_TMPDIR/out" || [ $? -eq 1 ]
	[ -s "$BATS_TEST_TMPDIR/out" ]
	no_file_made dmn-compare --json <"$d/hundred.yaml" >"$BATS_TEST_TMPDIR/out" || [ $? -eq 1 ]
	[ -s "$BATS_TEST_TMPDIR/out" ]
	no_file_made dmn-ask -t >"$BATS_TEST_TMPDIR/out"
	[ -s "$BATS_TEST_TMPDIR/out" ]
	no_file_made dmn-ask --schema >"$BATS_TEST_TMPDIR/out"
	[ -s "$BATS_TEST_TMPDIR/out" ]
	no_file_made dmn-ask --set 1.1=Test <"$d/one.yaml" >"$BATS_TEST_TMPDIR/out" || [ $? -eq 1 ]
	[ -s "$BATS_TEST_TMPDIR/out" ]
	# the checker can fail: a spreadsheet is a zip, which libxlsxwriter builds in files
	no_file_made dmn-report -f xlsx "$d/one.yaml" >"$BATS_TEST_TMPDIR/form.xlsx" && st=0 || st=$?
	[ "$st" -ne 0 ]
	grep -q 'dmn-xlsx-.*O_CREAT' "$BATS_TEST_TMPDIR/trace"
}

# writes_to FD TRACE: how many write(2) calls strace saw on file descriptor FD
writes_to() {
	grep -c "^[0-9]* *write($1," "$2" || true
}

@test "diagnostics: one write per document from a pipe, per 16 KB from a file; in order with standard output under 2>&1" {
	command -v strace >/dev/null || skip "strace is not installed (make deps installs it)"
	plain_pass_only
	local d=$BATS_FILE_TMPDIR lines n
	# from a file: 100 dossiers, about 1,200 diagnostics, in writes of 16 KB
	strace -f -qq -e trace=write -o "$BATS_TEST_TMPDIR/file.trace" dmn-validate "$d/hundred.yaml" \
		>/dev/null 2>"$BATS_TEST_TMPDIR/err" || [ $? -eq 1 ]
	lines=$(wc -l <"$BATS_TEST_TMPDIR/err")
	n=$(writes_to 2 "$BATS_TEST_TMPDIR/file.trace")
	echo "from a file: $lines lines of diagnostics in $n writes"
	[ "$lines" -gt 1000 ]
	[ "$n" -le $(( $(wc -c <"$BATS_TEST_TMPDIR/err") / 16384 + 2 )) ]
	# from a pipe: each document's diagnostics in one write, at most one per document
	cat "$d/hundred.yaml" | strace -f -qq -e trace=write -o "$BATS_TEST_TMPDIR/pipe.trace" dmn-validate \
		>/dev/null 2>"$BATS_TEST_TMPDIR/err2" || [ $? -eq 1 ]
	cmp "$BATS_TEST_TMPDIR/err" <(sed "s|^<stdin>:|$d/hundred.yaml:|" "$BATS_TEST_TMPDIR/err2")
	n=$(writes_to 2 "$BATS_TEST_TMPDIR/pipe.trace")
	echo "from a pipe: $n writes for 100 dossiers"
	[ "$n" -ge 100 ] && [ "$n" -le 101 ]	# every dossier here has diagnostics
	# 2>&1: the document's start first, then each dossier's diagnostics before its entry
	dmn-validate "$EXAMPLES"/*.yaml >"$BATS_TEST_TMPDIR/both" 2>&1 || [ $? -eq 1 ]
	[ "$(head -n 1 "$BATS_TEST_TMPDIR/both")" = "---" ]
	run -0 awk '/: error: dossier .* is incomplete/ { printf "diag %s\n", substr($1, 1, index($1, ":") - 1) }
		/^  - file: / { gsub(/"/, "", $3); printf "entry %s\n", $3 }' "$BATS_TEST_TMPDIR/both"
	# (osteoscan.yaml is complete and valid: no diagnostic)
	[ "$output" = "diag $EXAMPLES/bonesight.yaml
entry $EXAMPLES/bonesight.yaml
diag $EXAMPLES/fractavision.yaml
entry $EXAMPLES/fractavision.yaml
entry $EXAMPLES/osteoscan.yaml" ]
}
