#!/usr/bin/env bats
# hostile-all-programs.bats: every hostile input against each of the four programs
# (dmn-validate, dmn-compare, dmn-report, and dmn-ask in its script mode, --set 2=oui),
# then their output errors (/dev/full, -o into a missing directory, -o left alone on
# trouble, a closed pipe), vendor text and command-line bytes on the terminal, the
# costliest inputs (refused at the documented limits), and the fuzzers' seeds and
# regressions.
# tests/validate-hostile.bats goes deeper into dmn-validate alone.
#
# Every input is generated once per file by setup_file, in $BATS_FILE_TMPDIR; nothing
# large is stored in the repository. For each program and input:
#   - the exit status, decided from each program's man page (EXIT STATUS):
#       trouble (not YAML, a limit of the reader, not a dmn document): 2 for all four;
#       a valid dossier that is incomplete (missing answers): dmn-validate 1 (missing
#       answers are its findings), dmn-compare 0 and dmn-report 0 (missing and pending
#       answers "do not change the status"), dmn-ask 0 (the dossier is written);
#       an empty file: 2 for dmn-validate, dmn-compare ("no dossier") and dmn-report ("no
#       document"), 0 for dmn-ask ("an empty input ... starts a new dossier");
#   - on trouble, exactly one diagnostic line FILE:LINE:COL: error: MESSAGE, the same
#     text as dmn-validate's for the same input (the four share the reader and the
#     check of the document's root), and nothing at all on stdout;
#   - an end (the timeout of bounded catches a hang, never a slow run) and, unless the
#     build is sanitized, at most 200 MiB of address space.

load helper

HEAD='kind: dossier\nquestionnaire: has-dmn-2023\ndevice:\n  name: Test\n'
FULLHEAD='kind: dossier\nquestionnaire: has-dmn-2023\ndevice:\n  name: Test\n  manufacturer: Acme\n  version: "1.0"\nanswers:\n'

# utf16le FILE: FILE (UTF-8) as UTF-16 LE with a byte order mark, on stdout
utf16le() {
	python3 -c 'import sys; sys.stdout.buffer.write(b"\xff\xfe" + open(sys.argv[1], encoding="utf-8").read().encode("utf-16-le"))' "$1"
}

# generate: every hostile input in the current directory; twin/ holds the UTF-8, LF
# versions of utf16.yaml and crlf.yaml, under the same names
generate() {
	mkdir twin
	: >empty.yaml
	printf -- '---\n' >dashes.yaml
	printf "${HEAD}answers:\n  \"1.1\": a\0b\n" >nul.yaml
	printf '\0\0\0\0' >nuls.yaml
	printf "${HEAD}answers:\n  \"1.1\": a\377b\n" >badutf8.yaml
	printf "${FULLHEAD}  \"1.1\": hello\n  \"2\": non\n" >twin/utf16.yaml
	utf16le twin/utf16.yaml >utf16.yaml
	printf 'kind: dossier\nquestionnaire: has-dmn-2023\ndevice:\n  name: Te\033st\n' >twin/esc16.yaml
	utf16le twin/esc16.yaml >utf16-esc.yaml
	rm twin/esc16.yaml
	{
		printf "${HEAD}answers:\n  \"1.1\": "
		head -c 50000000 /dev/zero | tr '\0' a
		printf '\n'
	} >big.yaml
	python3 -c 'import sys; sys.stdout.write("[" * 100000 + "]" * 100000 + "\n")' >deep.yaml
	python3 -c 'import sys; sys.stdout.write("{a: " * 100000 + "x" + "}" * 100000 + "\n")' >deepmap.yaml
	{
		printf "${HEAD}answers:\n"
		printf '  "1.1": &lol0 "lol"\n'
		local i
		for ((i = 1; i <= 9; i++)); do
			printf '  "x%d": &lol%d [*lol%d, *lol%d, *lol%d, *lol%d, *lol%d, *lol%d, *lol%d, *lol%d, *lol%d, *lol%d]\n' \
				"$i" "$i" $((i - 1)) $((i - 1)) $((i - 1)) $((i - 1)) $((i - 1)) $((i - 1)) $((i - 1)) $((i - 1)) $((i - 1)) $((i - 1))
		done
	} >bomb.yaml
	{
		printf "${HEAD}answers:\n"
		for ((i = 0; i < 10000; i++)); do printf '  "1.1": x%d\n' "$i"; done
	} >dup.yaml
	printf 'just a string\n' >scalar.yaml
	printf -- '- kind: dossier\n- questionnaire: has-dmn-2023\n' >seq.yaml
	printf 'device:\n  name: Test\nanswers: {}\n' >nokind.yaml
	printf 'kind: [dossier]\nquestionnaire: has-dmn-2023\n' >kindseq.yaml
	printf "${HEAD}answers: {\n  \"1.1\": x,\n" >trunc.yaml
	printf 'kind: dossier\nquestionnaire: has-dmn-2023\ndevice:\n  name: !!python/object:os.system Test\n' >tag.yaml
	{
		printf "${FULLHEAD}  \"1.1\": "
		head -c 1000000 /dev/zero | tr '\0' x
		printf '\n'
	} >longline.yaml
	printf "${FULLHEAD}  \"1.1\": hello\n  \"4.1\": clinical\n" >twin/crlf.yaml
	sed 's/$/\r/' twin/crlf.yaml >crlf.yaml
	printf "${HEAD}answers:\n  \"1.1\": x\n  \"1.1\": y\n" | sed 's/$/\r/' >crlf-dup.yaml
	printf 'kind: dossier\nquestionnaire: has-dmn-2023\ndevice:\n  name: Te\033[31mst\n' >esc-raw.yaml
	printf "${HEAD}answers:\n  \"1.1\": \"ok\xc2\x9b2J\"\n" >c1-raw.yaml
	printf '%s\n' 'kind: dossier' 'questionnaire: has-dmn-2023' 'device:' \
		'  name: "\e[31mRed\e[0m\a\b\x7f\r\u009b2J"' '  manufacturer: Acme' 'answers:' \
		'  "1.1": "\e]0;pwned\a\e[2J\e[31mx"' '  "1.2": [diagnose]' \
		'  "3.1": {answer: "a\tb", source: "\e]8;;javascript:alert(1)\e\\link\e]8;;\e\\", comment: "\u202e\u0085x"}' \
		>esc.yaml
}

setup_file() {
	IN="$BATS_FILE_TMPDIR/in"
	export IN
	mkdir -p "$IN"
	cd "$IN"
	generate
}

setup() {
	cd "$BATS_TEST_TMPDIR"
	# the programs' spool files go here: none may be left behind
	mkdir spool
	export TMPDIR="$BATS_TEST_TMPDIR/spool"
	export SOURCE_DATE_EPOCH=1700000000
}

# expect INPUT: sets KIND (trouble, valid or empty) and, for trouble, MSG: dmn-validate's
# one diagnostic line for INPUT; for valid, MSG is its incompleteness finding. A MSG
# that starts with "glob:" is a pattern, any other is the exact text.
expect() {
	KIND=trouble
	case $1 in
	empty) KIND=empty ;;
	dashes) MSG="dashes.yaml:1:1: error: empty document: expected a dmn document with 'kind'" ;;
	nul) MSG="nul.yaml:6:11: error: invalid input: control characters are not allowed (U+0000 at offset 82)" ;;
	nuls) MSG="nuls.yaml:1:1: error: invalid input: control characters are not allowed (U+0000 at offset 0)" ;;
	badutf8) MSG="badutf8.yaml:6:11: error: invalid input: invalid leading UTF-8 octet (byte 0xff at offset 82)" ;;
	utf16)
		KIND=valid
		MSG="utf16.yaml:1:1: error: dossier 'Test' is incomplete: 148 missing, 0 pending"
		;;
	# placed by character: "  name: Te" is 10 characters, the ESC the 11th
	utf16-esc) MSG="utf16-esc.yaml:4:11: error: invalid input: control characters are not allowed (U+001B at offset 122)" ;;
	# inside one scalar the reader stops at a byte cap: the column is where it stopped
	big) MSG="glob:big.yaml:6:+([0-9]): error: document larger than the limit of 8 MiB" ;;
	deep) MSG="deep.yaml:1:65: error: nesting deeper than the limit of 64 levels" ;;
	deepmap) MSG="deepmap.yaml:1:257: error: nesting deeper than the limit of 64 levels" ;;
	bomb) MSG="bomb.yaml:6:10: error: YAML anchors are not allowed ('&lol0'); a value that starts with & must be quoted: write it between double quotes" ;;
	dup) MSG="dup.yaml:7:3: error: duplicate key '1.1'" ;;
	scalar) MSG="scalar.yaml:1:1: error: not a dmn document: expected a mapping with 'kind', found a scalar" ;;
	seq) MSG="seq.yaml:1:1: error: not a dmn document: expected a mapping with 'kind', found a sequence" ;;
	nokind) MSG="nokind.yaml:1:1: error: not a dmn document: no 'kind'" ;;
	kindseq) MSG="kindseq.yaml:1:7: error: 'kind' must be a string, not a sequence" ;;
	trunc) MSG="trunc.yaml:7:1: error: invalid YAML: did not find expected node content while parsing a flow node (started at line 7)" ;;
	tag) MSG="tag.yaml:4:9: error: YAML tags are not allowed ('tag:yaml.org,2002:python/object:os.system'); a value that starts with ! must be quoted: write it between double quotes" ;;
	longline)
		KIND=valid
		MSG="longline.yaml:1:1: error: dossier 'Test' is incomplete: 149 missing, 0 pending"
		;;
	crlf)
		KIND=valid
		MSG="crlf.yaml:1:1: error: dossier 'Test' is incomplete: 148 missing, 0 pending"
		;;
	crlf-dup) MSG="crlf-dup.yaml:7:3: error: duplicate key '1.1'" ;;
	esc-raw) MSG="esc-raw.yaml:4:11: error: invalid input: control characters are not allowed (U+001B at offset 60)" ;;
	c1-raw) MSG="c1-raw.yaml:6:13: error: invalid input: control characters are not allowed (U+009B at offset 84)" ;;
	esc)
		KIND=valid
		MSG="esc.yaml:1:1: error: dossier '\\x1b[31mRed\\x1b[0m\\x07\\x08\\x7f\\x0d\\u009b2J' is incomplete: 147 missing, 0 pending"
		;;
	*)
		echo "no expectation for $1" >&2
		return 1
		;;
	esac
}

# matches TEXT MSG: TEXT is MSG (see expect)
matches() {
	if [[ $2 == glob:* ]]; then
		[[ $1 == ${2#glob:} ]]
	else
		[ "$1" = "$2" ]
	fi
}

# command_of PROG: the command line of PROG for one input file
command_of() {
	case $1 in
	ask) CMD=(dmn-ask --set 2=oui) ;;
	*) CMD=("dmn-$1") ;;
	esac
}

# unchecked FILE STDERR: dmn-validate's $output is a whole validation whose one entry says
# that FILE was not checked, at the place that STDERR names (FILE:LINE:COL: error: ...)
unchecked() {
	python3 -c '
import sys, yaml
doc = yaml.safe_load(sys.stdin)
file, err = sys.argv[1], sys.argv[2]
(entry,) = doc["dossiers"]
assert doc["kind"] == "validation" and entry["file"] == file and entry["trouble"], entry
place = file + "".join(":%d" % entry[k] for k in ("line", "column") if k in entry) + ": error: "
assert err.startswith(place), (place, err)' "$1" "$2" <<<"$output"
}

# hostile PROG INPUT: PROG on INPUT.yaml, checked against the expectations above
hostile() {
	sanitized_pass_only
	local prog=$1 name=$2 file=$2.yaml
	expect "$name"
	command_of "$prog"
	cd "$IN"
	run --separate-stderr bounded "${CMD[@]}" "$file"
	printf '%s %s: status %s\nstderr: %s\n' "$prog" "$file" "$status" "$stderr"
	[ -z "$(ls -A "$TMPDIR")" ]
	case $KIND in
	trouble)
		[ "$status" -eq 2 ]
		if [ "$prog" = validate ]; then
			# the file's verdict: a whole validation whose one entry is the trouble, at its place
			unchecked "$file" "$stderr"
		else
			[ "$output" = "" ]
		fi
		[ "${#stderr_lines[@]}" -eq 1 ]
		[[ $stderr == "$file:"+([0-9])":"+([0-9])": error: "* ]]
		matches "$stderr" "$MSG"
		if [ "$prog" != validate ]; then
			local mine=$stderr
			run --separate-stderr bounded dmn-validate "$file"
			[ "$status" -eq 2 ]
			[ "$mine" = "$stderr" ]
		fi
		;;
	empty)
		case $prog in
		validate | compare)
			[ "$status" -eq 2 ]
			# no document, so no place in the file to name
			[ "$stderr" = "$file: error: no dossier in the input" ]
			if [ "$prog" = validate ]; then
				unchecked "$file" "$stderr"
			else
				[ "$output" = "" ]
			fi
			;;
		report)
			[ "$status" -eq 2 ]
			[ "$stderr" = "$file: error: no document in the input" ]
			[ "$output" = "" ]
			;;
		ask)
			# a new dossier, with the one answer set
			[ "$status" -eq 0 ]
			[ "$stderr" = "" ]
			[ "${lines[0]}" = "---" ] && [ "${lines[1]}" = "kind: dossier" ]
			[[ $output == *$'\n  "2":\n    answer: "yes"\n'* ]]
			;;
		esac
		;;
	valid)
		case $prog in
		validate)
			[ "$status" -eq 1 ]
			matches "$stderr" "$MSG"
			[ "${lines[0]}" = "---" ] && [ "${lines[1]}" = "kind: validation" ]
			;;
		compare)
			[ "$status" -eq 0 ]
			[ "$stderr" = "" ]
			[ "${lines[0]}" = "---" ] && [ "${lines[1]}" = "kind: comparison" ]
			;;
		report)
			[ "$status" -eq 0 ]
			[ "$stderr" = "" ]
			[[ ${lines[0]} == "# "* ]]
			;;
		ask)
			# the file as it was, the answer set spliced in (oui where the file says non)
			[ "$status" -eq 0 ]
			[ "$stderr" = "" ]
			[ "${lines[0]%$'\r'}" = "kind: dossier" ]
			[[ $output == *$'\n  "2":'?($'\r')$'\n    answer: '@(oui|'"yes"')?($'\r')$'\n'* ]]
			;;
		esac
		# dmn-ask keeps the file's line endings (CR LF), the other programs write LF
		local out=$output
		if [ "$prog" = ask ] && [ "$name" = crlf ]; then
			[ "$(grep -c $'\r$' <<<"$output")" -eq "${#lines[@]}" ]
			out=${output//$'\r'/}
		fi
		no_controls <<<"$out"
		no_controls <<<"$stderr"
		# the UTF-16 and CRLF inputs give what their UTF-8, LF twins give, byte for byte
		if [ -e "twin/$file" ]; then
			local err=$stderr st=$status
			cd twin
			run --separate-stderr bounded "${CMD[@]}" "$file"
			[ "$status" -eq "$st" ]
			[ "$output" = "$out" ]
			[ "$stderr" = "$err" ]
		fi
		;;
	esac
}

# --- the matrix: 24 inputs x 4 programs --------------------------------------------------

@test "dmn-validate: an empty file" { hostile validate empty; }
@test "dmn-compare: an empty file" { hostile compare empty; }
@test "dmn-report: an empty file" { hostile report empty; }
@test "dmn-ask: an empty file" { hostile ask empty; }

@test "dmn-validate: only ---" { hostile validate dashes; }
@test "dmn-compare: only ---" { hostile compare dashes; }
@test "dmn-report: only ---" { hostile report dashes; }
@test "dmn-ask: only ---" { hostile ask dashes; }

@test "dmn-validate: a NUL byte in a value" { hostile validate nul; }
@test "dmn-compare: a NUL byte in a value" { hostile compare nul; }
@test "dmn-report: a NUL byte in a value" { hostile report nul; }
@test "dmn-ask: a NUL byte in a value" { hostile ask nul; }

@test "dmn-validate: nothing but NUL bytes" { hostile validate nuls; }
@test "dmn-compare: nothing but NUL bytes" { hostile compare nuls; }
@test "dmn-report: nothing but NUL bytes" { hostile report nuls; }
@test "dmn-ask: nothing but NUL bytes" { hostile ask nuls; }

@test "dmn-validate: invalid UTF-8" { hostile validate badutf8; }
@test "dmn-compare: invalid UTF-8" { hostile compare badutf8; }
@test "dmn-report: invalid UTF-8" { hostile report badutf8; }
@test "dmn-ask: invalid UTF-8" { hostile ask badutf8; }

@test "dmn-validate: UTF-16 with a BOM, read like UTF-8" { hostile validate utf16; }
@test "dmn-compare: UTF-16 with a BOM, read like UTF-8" { hostile compare utf16; }
@test "dmn-report: UTF-16 with a BOM, read like UTF-8" { hostile report utf16; }
@test "dmn-ask: UTF-16 with a BOM, read like UTF-8" { hostile ask utf16; }

@test "dmn-validate: UTF-16 with a BOM and an ESC, placed by character" { hostile validate utf16-esc; }
@test "dmn-compare: UTF-16 with a BOM and an ESC, placed by character" { hostile compare utf16-esc; }
@test "dmn-report: UTF-16 with a BOM and an ESC, placed by character" { hostile report utf16-esc; }
@test "dmn-ask: UTF-16 with a BOM and an ESC, placed by character" { hostile ask utf16-esc; }

@test "dmn-validate: a 50 MB scalar" { hostile validate big; }
@test "dmn-compare: a 50 MB scalar" { hostile compare big; }
@test "dmn-report: a 50 MB scalar" { hostile report big; }
@test "dmn-ask: a 50 MB scalar" { hostile ask big; }

@test "dmn-validate: 100,000 nested [" { hostile validate deep; }
@test "dmn-compare: 100,000 nested [" { hostile compare deep; }
@test "dmn-report: 100,000 nested [" { hostile report deep; }
@test "dmn-ask: 100,000 nested [" { hostile ask deep; }

@test "dmn-validate: 100,000 nested {a:" { hostile validate deepmap; }
@test "dmn-compare: 100,000 nested {a:" { hostile compare deepmap; }
@test "dmn-report: 100,000 nested {a:" { hostile report deepmap; }
@test "dmn-ask: 100,000 nested {a:" { hostile ask deepmap; }

@test "dmn-validate: an alias bomb" { hostile validate bomb; }
@test "dmn-compare: an alias bomb" { hostile compare bomb; }
@test "dmn-report: an alias bomb" { hostile report bomb; }
@test "dmn-ask: an alias bomb" { hostile ask bomb; }

@test "dmn-validate: 10,000 duplicate keys" { hostile validate dup; }
@test "dmn-compare: 10,000 duplicate keys" { hostile compare dup; }
@test "dmn-report: 10,000 duplicate keys" { hostile report dup; }
@test "dmn-ask: 10,000 duplicate keys" { hostile ask dup; }

@test "dmn-validate: a scalar root" { hostile validate scalar; }
@test "dmn-compare: a scalar root" { hostile compare scalar; }
@test "dmn-report: a scalar root" { hostile report scalar; }
@test "dmn-ask: a scalar root" { hostile ask scalar; }

@test "dmn-validate: a sequence root" { hostile validate seq; }
@test "dmn-compare: a sequence root" { hostile compare seq; }
@test "dmn-report: a sequence root" { hostile report seq; }
@test "dmn-ask: a sequence root" { hostile ask seq; }

@test "dmn-validate: a mapping without kind" { hostile validate nokind; }
@test "dmn-compare: a mapping without kind" { hostile compare nokind; }
@test "dmn-report: a mapping without kind" { hostile report nokind; }
@test "dmn-ask: a mapping without kind" { hostile ask nokind; }

@test "dmn-validate: kind is a sequence" { hostile validate kindseq; }
@test "dmn-compare: kind is a sequence" { hostile compare kindseq; }
@test "dmn-report: kind is a sequence" { hostile report kindseq; }
@test "dmn-ask: kind is a sequence" { hostile ask kindseq; }

@test "dmn-validate: a truncated document" { hostile validate trunc; }
@test "dmn-compare: a truncated document" { hostile compare trunc; }
@test "dmn-report: a truncated document" { hostile report trunc; }
@test "dmn-ask: a truncated document" { hostile ask trunc; }

@test "dmn-validate: a !!python/object tag" { hostile validate tag; }
@test "dmn-compare: a !!python/object tag" { hostile compare tag; }
@test "dmn-report: a !!python/object tag" { hostile report tag; }
@test "dmn-ask: a !!python/object tag" { hostile ask tag; }

@test "dmn-validate: a 1 MB line" { hostile validate longline; }
@test "dmn-compare: a 1 MB line" { hostile compare longline; }
@test "dmn-report: a 1 MB line" { hostile report longline; }
@test "dmn-ask: a 1 MB line" { hostile ask longline; }

@test "dmn-validate: CRLF line endings" { hostile validate crlf; }
@test "dmn-compare: CRLF line endings" { hostile compare crlf; }
@test "dmn-report: CRLF line endings" { hostile report crlf; }
@test "dmn-ask: CRLF line endings" { hostile ask crlf; }

@test "dmn-validate: CRLF line endings and a duplicate key" { hostile validate crlf-dup; }
@test "dmn-compare: CRLF line endings and a duplicate key" { hostile compare crlf-dup; }
@test "dmn-report: CRLF line endings and a duplicate key" { hostile report crlf-dup; }
@test "dmn-ask: CRLF line endings and a duplicate key" { hostile ask crlf-dup; }

@test "dmn-validate: a raw ESC in a value" { hostile validate esc-raw; }
@test "dmn-compare: a raw ESC in a value" { hostile compare esc-raw; }
@test "dmn-report: a raw ESC in a value" { hostile report esc-raw; }
@test "dmn-ask: a raw ESC in a value" { hostile ask esc-raw; }

@test "dmn-validate: a raw C1 control (CSI) in a value" { hostile validate c1-raw; }
@test "dmn-compare: a raw C1 control (CSI) in a value" { hostile compare c1-raw; }
@test "dmn-report: a raw C1 control (CSI) in a value" { hostile report c1-raw; }
@test "dmn-ask: a raw C1 control (CSI) in a value" { hostile ask c1-raw; }

@test "dmn-validate: escaped control characters and terminal escapes in values" { hostile validate esc; }
@test "dmn-compare: escaped control characters and terminal escapes in values" { hostile compare esc; }
@test "dmn-report: escaped control characters and terminal escapes in values" { hostile report esc; }
@test "dmn-ask: escaped control characters and terminal escapes in values" { hostile ask esc; }

# --- output errors of dmn-compare, dmn-report and dmn-ask --------------------------------

# good FILE: a dossier with no error finding (dmn-compare, dmn-report, dmn-ask: exit 0)
good() {
	printf "${FULLHEAD}  \"1.1\": hello\n" >"$1"
}

@test "stdout on /dev/full: exit 2 and a write error, for compare, report and ask" {
	sanitized_pass_only
	good d.yaml
	local prog
	for prog in compare report ask; do
		command_of "$prog"
		run --separate-stderr bounded sh -c 'exec "$@" >/dev/full' sh "${CMD[@]}" d.yaml
		echo "$prog: $status $stderr"
		[ "$status" -eq 2 ]
		[ "$stderr" = "dmn-$prog: error: write error on standard output: No space left on device" ]
		run --separate-stderr bounded sh -c 'exec "$@" --help >/dev/full' sh "dmn-$prog"
		[ "$status" -eq 2 ]
		[ "$stderr" = "dmn-$prog: error: write error on standard output: No space left on device" ]
		run --separate-stderr bounded sh -c 'exec "$@" --version >/dev/full' sh "dmn-$prog"
		[ "$status" -eq 2 ]
		[ "$stderr" = "dmn-$prog: error: write error on standard output: No space left on device" ]
	done
	# and dmn-ask's template
	run --separate-stderr bounded sh -c 'exec dmn-ask --template >/dev/full'
	[ "$status" -eq 2 ]
	[ "$stderr" = "dmn-ask: error: write error on standard output: No space left on device" ]
}

@test "-o into a directory that does not exist, for compare, report and ask" {
	sanitized_pass_only
	good d.yaml
	local prog out=$BATS_TEST_TMPDIR/no/such/dir/out.yaml
	for prog in compare report ask; do
		command_of "$prog"
		run --separate-stderr bounded "${CMD[@]}" -o "$out" d.yaml
		echo "$prog: $status $stderr"
		[ "$status" -eq 2 ]
		[ "$stderr" = "dmn-$prog: error: cannot create a temporary file beside '$out': No such file or directory" ]
		[ "$output" = "" ]
		[ ! -e no ]
	done
}

@test "-o FILE: trouble leaves FILE as it was and no temporary file (compare, report)" {
	sanitized_pass_only
	mkdir out
	printf 'precious\n' >out/result
	local sum prog input
	sum=$(cksum <out/result)
	good d.yaml
	# a good dossier, then a truncated one; a good one, then one that is not a dossier;
	# a 50 MB scalar (the one of the matrix)
	{ cat d.yaml; printf -- '---\n'; printf "${HEAD}answers: {\n"; } >trunc.yaml
	{ cat d.yaml; printf -- '---\njust a string\n'; } >scalar.yaml
	ln -s "$IN/big.yaml" big.yaml
	for prog in compare report; do
		for input in trunc scalar big; do
			run --separate-stderr bounded "dmn-$prog" -o out/result "$input.yaml"
			echo "$prog $input: $status $stderr"
			[ "$status" -eq 2 ]
			[ "${#stderr_lines[@]}" -eq 1 ]
			[[ $stderr == "$input.yaml:"+([0-9])":"+([0-9])": error: "* ]]
			[ "$output" = "" ]
			[ "$(cksum <out/result)" = "$sum" ]
			no_temporary out
			[ -z "$(ls -A "$TMPDIR")" ]
		done
	done
	# and two dossiers of one device: trouble for dmn-compare only
	{ cat d.yaml; printf -- '---\n'; cat d.yaml; } >twice.yaml
	run --separate-stderr bounded dmn-compare -o out/result twice.yaml
	[ "$status" -eq 2 ]
	[ "$(cksum <out/result)" = "$sum" ]
	no_temporary out
}

@test "-o FILE: trouble leaves FILE as it was and no temporary file (ask)" {
	sanitized_pass_only
	mkdir out
	printf 'precious\n' >out/result
	local sum
	sum=$(cksum <out/result)
	good d.yaml
	printf "${HEAD}answers: {\n" >trunc.yaml
	printf 'kind: dossier\nquestionnaire: another\n' >invalid.yaml
	{ cat d.yaml; printf -- '---\n'; cat d.yaml; } >two.yaml
	# input that is not YAML; a dossier of another questionnaire; two documents; a refused --set
	run --separate-stderr bounded dmn-ask --set 2=oui -o out/result trunc.yaml
	[ "$status" -eq 2 ]
	[ "$stderr" = "trunc.yaml:6:1: error: invalid YAML: did not find expected node content while parsing a flow node (started at line 6)" ]
	[ "$(cksum <out/result)" = "$sum" ]
	no_temporary out
	run --separate-stderr bounded dmn-ask --set 2=oui -o out/result invalid.yaml
	[ "$status" -eq 2 ]
	[ "$(cksum <out/result)" = "$sum" ]
	no_temporary out
	run --separate-stderr bounded dmn-ask --set 2=oui -o out/result two.yaml
	[ "$status" -eq 2 ]
	[ "$stderr" = "two.yaml:$(($(wc -l <d.yaml) + 2)):1: error: dmn-ask fills one dossier at a time: this is a second document" ]
	[ "$(cksum <out/result)" = "$sum" ]
	no_temporary out
	run --separate-stderr bounded dmn-ask --set 2=maybe -o out/result d.yaml
	[ "$status" -eq 2 ]
	[ "$stderr" = "dmn-ask: error: --set '2=maybe': 'maybe' is not a yes/no answer to question '2' (expected yes or no; oui, non, true, false, vrai and faux are accepted too)" ]
	[ "$(cksum <out/result)" = "$sum" ]
	no_temporary out
	# -o naming the input itself (allowed for dmn-ask): a refused --set leaves it whole
	cp d.yaml out/d.yaml
	sum=$(cksum <out/d.yaml)
	run --separate-stderr bounded dmn-ask --set 2=oui --set 2=maybe -o out/d.yaml out/d.yaml
	[ "$status" -eq 2 ]
	[ "$(cksum <out/d.yaml)" = "$sum" ]
	no_temporary out
	[ -z "$(ls -A "$TMPDIR")" ]
}

@test "| head -c 10 ends quietly: compare, report and ask" {
	sanitized_pass_only
	local i
	# outputs far larger than a pipe's buffer: 40 devices compared on every question,
	# the reports of 40 dossiers, a dossier with a 1 MB answer
	for ((i = 0; i < 40; i++)); do
		printf -- '---\nkind: dossier\nquestionnaire: has-dmn-2023\ndevice:\n  name: Device %d\nanswers:\n  "1.1": hello\n' "$i"
	done >stream.yaml
	{
		printf "${FULLHEAD}  \"1.1\": "
		head -c 1000000 /dev/zero | tr '\0' x
		printf '\n'
	} >long.yaml
	pipe_head -c10 dmn-compare -a stream.yaml
	[ "$HEAD_OUT" = $'---\nkind: ' ]
	[ ! -s err.txt ]
	[[ $PIPE_STATUS == @(0|141) ]]
	pipe_head -c10 dmn-report stream.yaml
	[ "$HEAD_OUT" = "# Device 0" ]
	[ ! -s err.txt ]
	[[ $PIPE_STATUS == @(0|141) ]]
	# dmn-ask writes the file it read, changed in place
	pipe_head -c10 dmn-ask --set 2=oui long.yaml
	[ "$HEAD_OUT" = 'kind: doss' ]
	[ ! -s err.txt ]
	[[ $PIPE_STATUS == @(0|141) ]]
}

@test "a closed pipe with SIGPIPE ignored: exit 2 and a write error, for all four" {
	sanitized_pass_only
	local i prog
	for ((i = 0; i < 40; i++)); do
		printf -- '---\nkind: dossier\nquestionnaire: has-dmn-2023\ndevice:\n  name: Device %d\nanswers:\n  "1.1": hello\n' "$i"
	done >stream.yaml
	{
		printf "${FULLHEAD}  \"1.1\": "
		head -c 1000000 /dev/zero | tr '\0' x
		printf '\n'
	} >long.yaml
	for prog in "dmn-validate -f json stream.yaml" "dmn-compare -a stream.yaml" "dmn-report stream.yaml" \
		"dmn-ask --set 2=oui long.yaml"; do
		run -0 bounded bash -c "set +o pipefail; trap '' PIPE
			$prog 2>err.txt | head -c 10 >/dev/null
			echo \"\${PIPESTATUS[0]}\" >status.txt"
		echo "$prog: $(cat status.txt) $(tail -n 1 err.txt)"
		[ "$(cat status.txt)" = 2 ]
		[ "$(tail -n 1 err.txt)" = "${prog%% *}: error: write error on standard output: Broken pipe" ]
	done
}

# --- vendor text and command-line bytes on the terminal ----------------------------------

@test "escapes in an invalid answer and an unknown id are shown escaped by all four" {
	sanitized_pass_only
	printf '%s\n' 'kind: dossier' 'questionnaire: has-dmn-2023' 'device:' '  name: "T\e[2Jx"' 'answers:' \
		'  "2": "\e]0;pwned\a\e[31myes\u009b"' '  "\e[2J": x' >esc.yaml
	local invalid="esc.yaml:6:8: error: '\\x1b]0;pwned\\x07\\x1b[31myes\\u009b' is not a yes/no answer to question '2' (expected yes or no; oui, non, true, false, vrai and faux are accepted too)"
	local unknown="esc.yaml:7:3: error: unknown question id '\\x1b[2J'"
	run -1 --separate-stderr bounded dmn-validate esc.yaml
	[ "$stderr" = "$invalid
$unknown
esc.yaml:1:1: error: dossier 'T\\x1b[2Jx' is incomplete: 149 missing, 0 pending, 1 invalid" ]
	# error findings: exit 1, the comparison and the report written all the same
	run -1 --separate-stderr bounded dmn-compare esc.yaml
	[ "$stderr" = "$invalid
$unknown" ]
	no_controls <<<"$output"
	run -1 --separate-stderr bounded dmn-report esc.yaml
	[ "$stderr" = "$invalid
$unknown" ]
	no_controls <<<"$output"
	# dmn-ask corrects a dossier with errors: what the --set leaves wrong is said, exit 1
	run -1 --separate-stderr bounded dmn-ask --set 1.1=x esc.yaml
	[ "$stderr" = "$invalid
$unknown" ]
	no_controls <<<"$output"
	run -1 --separate-stderr bounded dmn-ask --set 2=oui esc.yaml
	[ "$stderr" = "$unknown" ]
}

@test "a file name with a raw 8-bit CSI byte (0x9b) is shown escaped by all four" {
	sanitized_pass_only
	# 0x9b alone is not UTF-8: a terminal in an 8-bit mode takes it for CSI, as ESC [
	local name=$'f\x9b2J.yaml' prog
	printf 'just a string\n' >"$name"
	for prog in validate compare report ask; do
		command_of "$prog"
		run -2 --separate-stderr bounded "${CMD[@]}" "$name"
		printf '%s: %q\n' "$prog" "$stderr"
		[[ $stderr == 'f\x9b2J.yaml:1:1: error: not a dmn document: '* ]]
		[[ $stderr != *$'\x9b'* ]]
		[ "${#stderr_lines[@]}" -eq 1 ]
	done
}

@test "dmn-ask --set with a value that is not UTF-8 is refused, shown escaped" {
	sanitized_pass_only
	good d.yaml
	local set
	# each would write a dossier that no program can read back
	for set in $'1.1=a\xffb' $'device.name=X\xc3' $'1.1=\x9b2J'; do
		run --separate-stderr bounded dmn-ask --set "$set" d.yaml
		printf -- '--set %q: status %s, stderr: %q\n' "$set" "$status" "$stderr"
		[ "$status" -eq 2 ]
		[ "$output" = "" ]
		[ "${#stderr_lines[@]}" -eq 1 ]
		[[ $stderr == "dmn-ask: error: --set '"* ]]
		[[ $stderr != *[$'\x80'-$'\xff']* ]]
	done
	# and --set-status echoes its argument escaped
	run -2 --separate-stderr bounded dmn-ask --set-status $'1.1=\x9b2J' d.yaml
	[ "$stderr" = "dmn-ask: error: --set-status '1.1=\\x9b2J': unknown status '\\x9b2J' (expected unknown, not-applicable or pending)" ]
}

# --- the costliest inputs: refused at the documented limits, within 200 MiB -------------

# at_limit MESSAGE CMD...: CMD (bounded: a timeout for a hang only, 200 MiB of address space
# unless sanitized) refuses its input at one of the limits of its man page: exit 2, nothing
# on stdout, the one diagnostic MESSAGE on stderr, never a bare "out of memory"
at_limit() {
	local want=$1
	shift
	run --separate-stderr bounded -t 600 "$@"
	printf '%s: status %s\nstderr: %s\n' "$*" "$status" "${stderr:0:300}"
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	[ "$stderr" = "$want" ]
}

@test "an 8 MiB document of 4 million one-letter items: refused at 200000 values within 200 MiB, by all four" {
	sanitized_pass_only
	# under the document size limit, yet each item is a node: memory must not grow 40-fold
	python3 -c '
import sys
head = "kind: dossier\nquestionnaire: has-dmn-2023\ndevice:\n  name: Test\nanswers:\n  \"1.2\": ["
sys.stdout.write(head + "a," * ((8 * 1024 * 1024 - len(head) - 3) // 2) + "]\n")' >wide.yaml
	local limit="wide.yaml:6:399985: error: more than 200000 values in one document"
	at_limit "$limit" dmn-validate -q wide.yaml
	at_limit "$limit" dmn-compare wide.yaml
	at_limit "$limit" dmn-report wide.yaml
	at_limit "$limit" dmn-ask --set 2=oui wide.yaml
}

@test "an 8 MiB document of 770,000 unknown fields: refused at 200000 values within 200 MiB, by all four" {
	sanitized_pass_only
	# each would be an error finding, sorted and printed: the value limit comes first
	python3 -c '
import sys
head = "kind: dossier\nquestionnaire: has-dmn-2023\ndevice:\n  name: Test\nanswers:\n  \"1.1\": x\n"
out, size, i = [head], len(head), 0
while True:
    line = "k%d: 1\n" % i
    if size + len(line) > 8 * 1024 * 1024:
        break
    out.append(line)
    size += len(line)
    i += 1
sys.stdout.write("".join(out))' >keys.yaml
	local limit="keys.yaml:100000:9: error: more than 200000 values in one document"
	at_limit "$limit" dmn-validate -q keys.yaml
	at_limit "$limit" dmn-compare keys.yaml
	at_limit "$limit" dmn-report keys.yaml
	at_limit "$limit" dmn-ask --set 2=oui keys.yaml
}

@test "dmn-compare holds at most 256 MiB of dossiers, not a number of them: 40 dossiers of 7 MB answers, those past the limit refused once, within 600 MiB" {
	plain_pass_only	# a bound on memory: under the sanitizers it would measure theirs
	# each dossier one 7,000,000-byte answer (under the 8 MiB document limit), kept with a
	# few KB of the rest of its column: 38 fit in 256 MiB (38 x 7.0 MB = 266.0 MB = 253.7
	# MiB) and 39 do not (260.4 MiB), whatever their number
	python3 -c '
import sys
big = "x" * 7000000
for i in range(40):
    sys.stdout.write("---\nkind: dossier\nquestionnaire: has-dmn-2023\ndevice: {name: D%d}\nanswers: {\"1.1\": %s}\n" % (i, big))' >big.yaml
	run --separate-stderr bash -c 'ulimit -v 614400 && exec timeout 600 "$@"' - dmn-compare -s 1 big.yaml
	printf 'status %s\nstderr: %s\n' "$status" "${stderr:0:300}"
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	# said once, at the first dossier refused, with the number compared so far
	[ "$stderr" = "big.yaml:192:1: error: more dossiers than dmn-compare holds in memory (256 MiB, 38 dossiers so far): compare fewer at a time" ]
	# the same 38 alone are compared whole (5 lines each)
	head -n 190 big.yaml >most.yaml
	run -0 --separate-stderr bash -c 'ulimit -v 614400 && exec timeout 600 "$@"' - dmn-compare -s 1 --json most.yaml
	[ "$stderr" = "" ]
	[ "$(jq -c '[(.devices | length), .devices[0].name, .devices[37].name]' <<<"$output")" = '[38,"D0","D37"]' ]
}

@test "dmn-compare --changes keeps at most 256 MiB of changes: versions whose 7 MB answer changes each time, those past the limit refused once, within 600 MiB" {
	plain_pass_only	# a bound on memory: under the sanitizers it would measure theirs
	# one device, its 7,000,000-byte answer to 1.1 written with x, then y, then x...: each
	# pair keeps what it was and what it is now, 14 MB; 19 pairs fit in 256 MiB (19 x 14.0
	# MB = 266.0 MB = 253.7 MiB), the 20th does not (280.0 MB = 267.0 MiB): said at the 21st
	# version, with nothing written
	python3 -c '
import sys
for i in range(24):
    sys.stdout.write("---\nkind: dossier\nquestionnaire: has-dmn-2023\ndevice: {name: D}\nanswers: {\"1.1\": %s}\n" % ("xy"[i % 2] * 7000000))' >versions.yaml
	run --separate-stderr bash -c 'ulimit -v 614400 && exec timeout 600 "$@"' - dmn-compare -c -o all.out versions.yaml
	printf 'status %s\nstderr: %s\n' "$status" "${stderr:0:300}"
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	[ ! -e all.out ]	# nothing written
	[ "$stderr" = "versions.yaml:102:1: error: more changes than dmn-compare holds in memory (256 MiB, 21 versions so far): compare fewer versions at a time" ]
	# the first 20 versions alone (5 lines each) give their 19 pairs whole (266 MB: to a file,
	# counted with grep, never held in a shell variable)
	head -n 100 versions.yaml >most.yaml
	run -1 --separate-stderr bash -c 'ulimit -v 614400 && exec timeout 600 "$@"' - dmn-compare -c -o most.out most.yaml
	[ "$stderr" = "" ]
	[ "$(grep -c '^  - from: ' most.out)" = 19 ]
	[ "$(grep -c '^        change: ' most.out)" = 19 ]
	[ "$(grep -c '^        change: changed$' most.out)" = 19 ]
}

# --- the fuzzers' seeds and the inputs of crashes they found ----------------------------

# Every input that made a fuzz harness crash is kept, small, in tests/fuzz/regressions/
# (with a test below saying what it was): each of the four programs must end normally on
# it. The seed corpora go through the same checks.
@test "fuzz seeds and regressions: every program ends with 0, 1 or 2 and well-formed diagnostics" {
	local f prog line n=0 files
	shopt -s nullglob
	# each file once in make check: the seeds of the three readers under the sanitizers, the
	# dossiers of fuzz-rewrite (which runs them under ASan itself) in the plain pass
	if [ -n "${DMN_SANITIZED:-}" ]; then
		files=("$ROOT"/tests/fuzz/seeds/* "$ROOT"/tests/fuzz/seeds-compare/* "$ROOT"/tests/fuzz/seeds-report/* \
			"$ROOT"/tests/fuzz/regressions/*)
	else
		files=("$ROOT"/tests/fuzz/seeds-rewrite/* "$ROOT"/tests/fuzz/regressions/*)
	fi
	for f in "${files[@]}"; do
		# a corpus of one reader's goes through the programs that use it; the YAML reader's
		# and the regressions through all four
		case $f in
		*/seeds-compare/*) progs=(compare) ;;
		*/seeds-report/*) progs=(report) ;;
		*) progs=(validate compare report ask) ;;
		esac
		for prog in "${progs[@]}"; do
			command_of "$prog"
			run --separate-stderr bounded "${CMD[@]}" "$f"
			n=$((n + 1))
			if [[ $status != [012] ]]; then
				echo "$prog $f: status $status: $stderr"
				return 1
			fi
			# trouble: nothing on stdout, but dmn-validate's verdict on the file
			if [ "$status" -eq 2 ] && [ -n "$output" ] && [ "$prog" != validate ]; then
				echo "$prog $f: trouble, yet something on stdout"
				return 1
			fi
			if [ "$status" -eq 2 ] && [ "$prog" = validate ] && ! grep -q '^    trouble: ' <<<"$output"; then
				echo "$prog $f: trouble, yet no entry that says it on stdout"
				return 1
			fi
			for line in "${stderr_lines[@]}"; do
				if [[ $line != "$f"?(:+([0-9]):+([0-9]))": "@(error|warning)": "?* &&
					$line != "dmn-$prog: error: "?* ]]; then
					echo "$prog $f: a diagnostic not in the form FILE:LINE:COL: error: ...: $line"
					return 1
				fi
			done
		done
	done
	[ "$n" -ge 40 ]
	# the workbook reader's seeds, as forms to import, under the sanitizers
	files=()
	# (the forms: every seed is read by sheet.bats under the sanitizers already), and the
	# FHIR responses' seeds of fuzz_fhir (each problem at its FILE:/JSON/pointer)
	[ -z "${DMN_SANITIZED:-}" ] || files=("$ROOT"/tests/fuzz/seeds-sheet/form.* "$ROOT"/tests/fuzz/seeds-fhir/*)
	for f in "${files[@]}"; do
		run --separate-stderr bounded dmn-ask -i "$f" </dev/null
		if [[ $status != [012] ]]; then
			echo "dmn-ask -i $f: status $status: $stderr"
			return 1
		fi
		for line in "${stderr_lines[@]}"; do
			if [[ $line != "$f"?(:*)": "@(error|warning)": "?* && $line != "dmn-ask: error: "?* ]]; then
				echo "dmn-ask -i $f: a diagnostic not in the form FILE[:PLACE]: error: ...: $line"
				return 1
			fi
		done
	done
}

# nothing_but_trouble FILE: $output is empty, or for dmn-validate the one entry of FILE's trouble
nothing_but_trouble() {
	if [ "$prog" = validate ]; then
		unchecked "$1" "$stderr"
	else
		[ "$output" = "" ]
	fi
}

# Found by fuzz_yamlread, fuzz_report and fuzz_compare: an empty flow collection closed
# before the reader had stacked any node made it memcpy from a null pointer (UBSan:
# "null pointer passed as argument 2", yamlread.c, exit 87 under make check).
@test "regression: a document that is only {} or [] (or starts with an empty one)" {
	sanitized_pass_only
	local prog
	cp "$ROOT/tests/fuzz/regressions/empty-flow-mapping.yaml" map.yaml
	cp "$ROOT/tests/fuzz/regressions/empty-flow-sequence.yaml" seq.yaml
	printf '[[], x]\n' >nested.yaml
	for prog in validate compare report ask; do
		command_of "$prog"
		run -2 --separate-stderr bounded "${CMD[@]}" map.yaml
		[ "$stderr" = "map.yaml:1:1: error: not a dmn document: no 'kind'" ]
		nothing_but_trouble map.yaml
		run -2 --separate-stderr bounded "${CMD[@]}" seq.yaml
		[ "$stderr" = "seq.yaml:2:1: error: not a dmn document: expected a mapping with 'kind', found a sequence" ]
		nothing_but_trouble seq.yaml
		run -2 --separate-stderr bounded "${CMD[@]}" nested.yaml
		[ "$stderr" = "nested.yaml:1:1: error: not a dmn document: expected a mapping with 'kind', found a sequence" ]
		nothing_but_trouble nested.yaml
	done
}
