#!/usr/bin/env bats
# validate-hostile.bats: dmn-validate against hostile input and hostile output, in depth:
# exact exit status, the exact diagnostic, nothing half-written, an end (bounded: a timeout
# catches a hang) within 200 MiB unless sanitized. Every input is generated here, in
# $BATS_TEST_TMPDIR; nothing large is stored in the repository.
# tests/hostile-all-programs.bats runs the same kinds of input through all four programs.

load helper

# The start of every dossier below: answers follow on line 5 or 8.
HEAD='kind: dossier\nquestionnaire: has-dmn-2023\ndevice:\n  name: Test\n'
FULLHEAD='kind: dossier\nquestionnaire: has-dmn-2023\ndevice:\n  name: Test\n  manufacturer: Acme\n  version: "1.0"\nanswers:\n'

setup() {
	cd "$BATS_TEST_TMPDIR"
	# a policy that requires only 1.1: a dossier answering it is complete (exit 0, no finding)
	printf 'kind: policy\nquestionnaire: has-dmn-2023\nquestions: ["1.1"]\n' >only-1.1.yaml
}

# is_validation: $output is a whole kind: validation document
is_validation() {
	[ "${lines[0]}" = "---" ]
	[ "${lines[1]}" = "kind: validation" ]
	[[ $output == *$'\n    warnings: '* ]]
}

# --- empty and near-empty input ---------------------------------------------------------

@test "an empty file: no dossier in the input" {
	sanitized_pass_only
	: >empty.yaml
	run -2 --separate-stderr bounded dmn-validate empty.yaml
	[ "$stderr" = "empty.yaml: error: no dossier in the input" ]
	verdict_of_trouble
}

@test "empty standard input: no dossier in the input" {
	sanitized_pass_only
	run -2 --separate-stderr bounded dmn-validate </dev/null
	[ "$stderr" = "<stdin>: error: no dossier in the input" ]
	verdict_of_trouble
}

@test "a file with only a comment: no dossier in the input" {
	sanitized_pass_only
	printf '# nothing yet\n' >comment.yaml
	run -2 --separate-stderr bounded dmn-validate comment.yaml
	[ "$stderr" = "comment.yaml: error: no dossier in the input" ]
	verdict_of_trouble
}

@test "only ---: an empty document, reported where it starts" {
	sanitized_pass_only
	printf -- '---\n' >dash.yaml
	run -2 --separate-stderr bounded dmn-validate dash.yaml
	[ "$stderr" = "dash.yaml:1:1: error: empty document: expected a dmn document with 'kind'" ]
	verdict_of_trouble
}

# --- bytes that are not text ------------------------------------------------------------

@test "a raw NUL byte in a value" {
	sanitized_pass_only
	printf "${HEAD}answers:\n  \"1.1\": a\0b\n" >nul.yaml
	run -2 --separate-stderr bounded dmn-validate nul.yaml
	[ "$stderr" = "nul.yaml:6:11: error: invalid input: control characters are not allowed (U+0000 at offset 82)" ]
	verdict_of_trouble
}

@test "an escaped NUL (\\0) in a double-quoted value" {
	sanitized_pass_only
	printf "${HEAD}answers:\n  \"1.1\": \"a\\\\0b\"\n" >nul.yaml
	run -2 --separate-stderr bounded dmn-validate nul.yaml
	[ "$stderr" = "nul.yaml:6:10: error: NUL character in a string" ]
	verdict_of_trouble
}

@test "invalid UTF-8: a byte that never starts a character" {
	sanitized_pass_only
	printf "${HEAD}answers:\n  \"1.1\": a\377b\n" >bad.yaml
	run -2 --separate-stderr bounded dmn-validate bad.yaml
	[ "$stderr" = "bad.yaml:6:11: error: invalid input: invalid leading UTF-8 octet (byte 0xff at offset 82)" ]
	verdict_of_trouble
}

@test "invalid UTF-8: a sequence cut short inside a line" {
	sanitized_pass_only
	printf "${HEAD}answers:\n  \"1.1\": a\303b\n" >bad.yaml
	run -2 --separate-stderr bounded dmn-validate bad.yaml
	[ "$stderr" = "bad.yaml:6:11: error: invalid input: invalid trailing UTF-8 octet (byte 0x62 at offset 83)" ]
	verdict_of_trouble
}

@test "invalid UTF-8: a sequence cut short by the end of the file" {
	sanitized_pass_only
	printf "${HEAD}answers:\n  \"1.1\": a\342\202" >bad.yaml
	run -2 --separate-stderr bounded dmn-validate bad.yaml
	[ "$stderr" = "bad.yaml:6:11: error: invalid input: incomplete UTF-8 octet sequence (at offset 82)" ]
	verdict_of_trouble
}

@test "invalid UTF-8: an overlong encoding" {
	sanitized_pass_only
	printf "${HEAD}answers:\n  \"1.1\": a\300\257\n" >bad.yaml
	run -2 --separate-stderr bounded dmn-validate bad.yaml
	[ "$stderr" = "bad.yaml:6:11: error: invalid input: invalid length of a UTF-8 sequence (at offset 82)" ]
	verdict_of_trouble
}

@test "invalid UTF-8: an encoded surrogate is not reported as a NUL byte" {
	sanitized_pass_only
	printf "${HEAD}answers:\n  \"1.1\": a\355\240\200\n" >bad.yaml
	run -2 --separate-stderr bounded dmn-validate bad.yaml
	# the place and the kind of error are exact; the value is the code point U+D800, which
	# must not be shown as "byte 0x00" (there is no NUL in this file)
	[[ $stderr == "bad.yaml:6:11: error: invalid input: invalid Unicode character ("*")" ]]
	[[ $stderr != *"byte 0x00"* ]]
	[ "${#stderr_lines[@]}" -eq 1 ]
	verdict_of_trouble
}

# --- other encodings --------------------------------------------------------------------

@test "UTF-16 LE with a BOM is read like UTF-8" {
	sanitized_pass_only
	mkdir u8 u16
	printf "${FULLHEAD}  \"1.1\": hello\n  \"4.1\": bogus\n" >u8/dossier.yaml
	python3 -c 'import sys; sys.stdout.buffer.write(b"\xff\xfe" + open(sys.argv[1], encoding="utf-8").read().encode("utf-16-le"))' \
		u8/dossier.yaml >u16/dossier.yaml
	cd u8
	run -1 --separate-stderr bounded dmn-validate dossier.yaml
	local out8=$output err8=$stderr
	cd ../u16
	run -1 --separate-stderr bounded dmn-validate dossier.yaml
	[ "$stderr" = "dossier.yaml:9:10: error: 'bogus' is not an option of question '4.1' (expected clinical, organisational, budgetary or other, or their labels)
dossier.yaml:1:1: error: dossier 'Test' is incomplete: 148 missing, 0 pending, 1 invalid" ]
	[ "$stderr" = "$err8" ]
	is_validation
	[ "$output" = "$out8" ]
}

@test "UTF-16 BE with a BOM is read like UTF-8" {
	sanitized_pass_only
	printf "${FULLHEAD}  \"1.1\": hello\n" >u8.yaml
	python3 -c 'import sys; sys.stdout.buffer.write(b"\xfe\xff" + open(sys.argv[1], encoding="utf-8").read().encode("utf-16-be"))' \
		u8.yaml >be.yaml
	run -1 --separate-stderr bounded dmn-validate be.yaml
	[ "$stderr" = "be.yaml:1:1: error: dossier 'Test' is incomplete: 149 missing, 0 pending" ]
	is_validation
}

@test "UTF-16: an encoding error is placed by character, not by byte" {
	sanitized_pass_only
	# "  name: Te" is 10 characters: the ESC is character 11 of line 4 (bytes 20-21 of it)
	python3 -c 'import sys; sys.stdout.buffer.write(b"\xff\xfe" + "kind: dossier\nquestionnaire: has-dmn-2023\ndevice:\n  name: Te\x1bst\n".encode("utf-16-le"))' >esc16.yaml
	run -2 --separate-stderr bounded dmn-validate esc16.yaml
	[ "$stderr" = "esc16.yaml:4:11: error: invalid input: control characters are not allowed (U+001B at offset 122)" ]
	verdict_of_trouble
}

# --- size and depth ---------------------------------------------------------------------

@test "a 50 MB scalar: refused where it crosses the document size limit" {
	sanitized_pass_only
	{
		printf "${HEAD}answers:\n  \"1.1\": "
		head -c 50000000 /dev/zero | tr '\0' a
		printf '\n'
	} >big.yaml
	run -2 --separate-stderr bounded dmn-validate big.yaml
	# inside one scalar the reader stops at a byte cap (memory stays bounded);
	# the column is where it stopped, so only the line is fixed
	[[ $stderr == "big.yaml:6:"+([0-9])": error: document larger than the limit of 8 MiB" ]]
	col=${stderr#big.yaml:6:}
	col=${col%%:*}
	# 4 bytes a character at most, plus 1 MiB, plus a read-ahead of libyaml
	[ "$col" -gt 8388537 ] && [ "$col" -le $((4 * 8388608 + 1048576 + 65536)) ]
	verdict_of_trouble
}

@test "a document of exactly 8 MiB is accepted" {
	sanitized_pass_only
	python3 -c '
import sys
head = b"kind: dossier\nquestionnaire: has-dmn-2023\ndevice:\n  name: Test\nanswers:\n  \"1.1\": "
sys.stdout.buffer.write(head + b"a" * ((8 << 20) - len(head) - 1) + b"\n")' >limit.yaml
	[ "$(wc -c <limit.yaml)" -eq 8388608 ]
	run -0 --separate-stderr bounded dmn-validate -r only-1.1.yaml limit.yaml
	[ "$stderr" = "" ]
	is_validation
}

@test "a document of 8 MiB and one byte is refused" {
	sanitized_pass_only
	python3 -c '
import sys
head = b"kind: dossier\nquestionnaire: has-dmn-2023\ndevice:\n  name: Test\nanswers:\n  \"1.1\": "
sys.stdout.buffer.write(head + b"a" * ((8 << 20) - len(head)) + b"\n")' >over.yaml
	[ "$(wc -c <over.yaml)" -eq 8388609 ]
	run -2 --separate-stderr bounded dmn-validate -r only-1.1.yaml over.yaml
	# the scalar ends at 8 MiB exactly; the newline after it is the character too many,
	# so the end of the answers mapping, at the start of line 7, is what crosses the limit
	[ "$stderr" = "over.yaml:7:1: error: document larger than the limit of 8 MiB" ]
	verdict_of_trouble
}

@test "the size limit is per document: three 7 MiB documents in one stream" {
	sanitized_pass_only
	python3 -c '
import sys
doc = b"kind: dossier\nquestionnaire: has-dmn-2023\ndevice:\n  name: Test\nanswers:\n  \"1.1\": " + b"a" * (7 << 20) + b"\n"
sys.stdout.buffer.write(doc + b"---\n" + doc + b"---\n" + doc)' >three.yaml
	run -0 --separate-stderr bounded dmn-validate -r only-1.1.yaml three.yaml
	[ "$stderr" = "" ]
	is_validation
}

@test "100,000 nested [" {
	sanitized_pass_only
	python3 -c 'import sys; sys.stdout.write("[" * 100000 + "]" * 100000 + "\n")' >deep.yaml
	run -2 --separate-stderr bounded dmn-validate deep.yaml
	[ "$stderr" = "deep.yaml:1:65: error: nesting deeper than the limit of 64 levels" ]
	verdict_of_trouble
}

@test "100,000 nested [ never closed" {
	sanitized_pass_only
	head -c 100000 /dev/zero | tr '\0' '[' >deep.yaml
	run -2 --separate-stderr bounded dmn-validate deep.yaml
	[ "$stderr" = "deep.yaml:1:65: error: nesting deeper than the limit of 64 levels" ]
	verdict_of_trouble
}

@test "100,000 nested flow mappings" {
	sanitized_pass_only
	python3 -c 'import sys; sys.stdout.write("{a: " * 100000 + "x" + "}" * 100000 + "\n")' >deep.yaml
	run -2 --separate-stderr bounded dmn-validate deep.yaml
	[ "$stderr" = "deep.yaml:1:257: error: nesting deeper than the limit of 64 levels" ]
	verdict_of_trouble
}

@test "100,000 nested block mappings (5 GB of indentation, streamed)" {
	sanitized_pass_only
	# too big for a file: generated on the fly, and the reader must stop at its limit
	run -2 --separate-stderr bounded bash -c 'python3 -c "
import signal, sys
signal.signal(signal.SIGPIPE, signal.SIG_DFL)
for i in range(100000):
    sys.stdout.write(\" \" * i + \"k:\n\")
" 2>/dev/null | dmn-validate'
	[ "$stderr" = "<stdin>:65:65: error: nesting deeper than the limit of 64 levels" ]
	verdict_of_trouble
}

@test "100,000 nested block sequences on one line" {
	sanitized_pass_only
	python3 -c 'import sys; sys.stdout.write("- " * 100000 + "x\n")' >deep.yaml
	run -2 --separate-stderr bounded dmn-validate deep.yaml
	[ "$stderr" = "deep.yaml:1:129: error: nesting deeper than the limit of 64 levels" ]
	verdict_of_trouble
}

@test "nesting: 64 levels are read, 65 are refused" {
	sanitized_pass_only
	# the root mapping is level 1, answers level 2, then the [ of the answer
	printf "${HEAD}answers:\n  \"1.1\": %s%s\n" "$(printf '[%.0s' {1..62})" "$(printf ']%.0s' {1..62})" >d64.yaml
	run -1 --separate-stderr bounded dmn-validate -r only-1.1.yaml d64.yaml
	[ "$stderr" = "d64.yaml:6:10: error: answer to '1.1' must be a single value, not a sequence
d64.yaml:1:1: error: dossier 'Test' is incomplete: 0 missing, 0 pending, 1 invalid" ]
	is_validation
	printf "${HEAD}answers:\n  \"1.1\": %s%s\n" "$(printf '[%.0s' {1..63})" "$(printf ']%.0s' {1..63})" >d65.yaml
	run -2 --separate-stderr bounded dmn-validate -r only-1.1.yaml d65.yaml
	[ "$stderr" = "d65.yaml:6:72: error: nesting deeper than the limit of 64 levels" ]
	verdict_of_trouble
}

@test "a 1 MB single-line text answer is accepted" {
	sanitized_pass_only
	{
		printf "${FULLHEAD}  \"1.1\": "
		head -c 1000000 /dev/zero | tr '\0' x
		printf '\n'
	} >long.yaml
	run -1 --separate-stderr bounded dmn-validate long.yaml
	[ "$stderr" = "long.yaml:1:1: error: dossier 'Test' is incomplete: 149 missing, 0 pending" ]
	is_validation
	run -1 --separate-stderr bounded dmn-validate --json long.yaml
	[ "$(jq -c '.dossiers[0].counts.total | [.answered, .missing, .invalid]' <<<"$output")" = "[1,149,0]" ]
}

# --- aliases, duplicates, keys ----------------------------------------------------------

@test "an alias bomb (billion laughs)" {
	sanitized_pass_only
	cat >bomb.yaml <<-'EOF'
	kind: dossier
	questionnaire: has-dmn-2023
	device:
	  name: Test
	answers:
	  "1.1": &lol0 "lol"
	  "1.2": &lol1 [*lol0, *lol0, *lol0, *lol0, *lol0, *lol0, *lol0, *lol0, *lol0, *lol0]
	  "1.3": &lol2 [*lol1, *lol1, *lol1, *lol1, *lol1, *lol1, *lol1, *lol1, *lol1, *lol1]
	  "2": &lol3 [*lol2, *lol2, *lol2, *lol2, *lol2, *lol2, *lol2, *lol2, *lol2, *lol2]
	  "3.1": &lol4 [*lol3, *lol3, *lol3, *lol3, *lol3, *lol3, *lol3, *lol3, *lol3, *lol3]
	  "3.2": &lol5 [*lol4, *lol4, *lol4, *lol4, *lol4, *lol4, *lol4, *lol4, *lol4, *lol4]
	  "3.3": &lol6 [*lol5, *lol5, *lol5, *lol5, *lol5, *lol5, *lol5, *lol5, *lol5, *lol5]
	  "3.4": &lol7 [*lol6, *lol6, *lol6, *lol6, *lol6, *lol6, *lol6, *lol6, *lol6, *lol6]
	  "3.5": &lol8 [*lol7, *lol7, *lol7, *lol7, *lol7, *lol7, *lol7, *lol7, *lol7, *lol7]
	  "4.1": &lol9 [*lol8, *lol8, *lol8, *lol8, *lol8, *lol8, *lol8, *lol8, *lol8, *lol8]
	  "10": [*lol9, *lol9, *lol9, *lol9, *lol9, *lol9, *lol9, *lol9, *lol9, *lol9]
	EOF
	run -2 --separate-stderr bounded dmn-validate bomb.yaml
	[ "$stderr" = "bomb.yaml:6:10: error: YAML anchors are not allowed ('&lol0'); a value that starts with & must be quoted: write it between double quotes" ]
	verdict_of_trouble
}

@test "an alias with no anchor" {
	sanitized_pass_only
	printf "${HEAD}answers:\n  \"1.1\": *lol9\n" >alias.yaml
	run -2 --separate-stderr bounded dmn-validate alias.yaml
	[ "$stderr" = "alias.yaml:6:10: error: YAML aliases are not allowed ('*lol9'); a value that starts with * must be quoted: write it between double quotes" ]
	verdict_of_trouble
}

@test "10,000 copies of one key under answers" {
	plain_pass_only	# the same in every build; the sanitizers see these paths in smaller tests
	{
		printf "${HEAD}answers:\n"
		for ((i = 0; i < 10000; i++)); do printf '  "1.1": x%d\n' "$i"; done
	} >dup.yaml
	run -2 --separate-stderr bounded dmn-validate dup.yaml
	[ "$stderr" = "dup.yaml:7:3: error: duplicate key '1.1'" ]
	verdict_of_trouble
}

@test "10,000 keys under answers and one duplicate at the end" {
	plain_pass_only	# the same in every build; the sanitizers see these paths in smaller tests
	{
		printf "${HEAD}answers:\n"
		for ((i = 0; i < 10000; i++)); do printf '  "k%d": x\n' "$i"; done
		printf '  "k5": y\n'
	} >dup.yaml
	run -2 --separate-stderr bounded dmn-validate dup.yaml
	[ "$stderr" = "dup.yaml:10006:3: error: duplicate key 'k5'" ]
	verdict_of_trouble
}

@test "a complex (mapping) key" {
	sanitized_pass_only
	printf "${HEAD}answers:\n  ? {a: 1}\n  : x\n" >complex.yaml
	run -2 --separate-stderr bounded dmn-validate complex.yaml
	[ "$stderr" = "complex.yaml:6:5: error: a mapping cannot be a mapping key" ]
	verdict_of_trouble
}

@test "a flow mapping as a key" {
	sanitized_pass_only
	printf "${HEAD}answers:\n  {a: 1}: x\n" >complex.yaml
	run -2 --separate-stderr bounded dmn-validate complex.yaml
	[ "$stderr" = "complex.yaml:6:3: error: a mapping cannot be a mapping key" ]
	verdict_of_trouble
}

@test "a sequence as a key" {
	sanitized_pass_only
	printf "${HEAD}answers:\n  ? [a, b]\n  : x\n" >complex.yaml
	run -2 --separate-stderr bounded dmn-validate complex.yaml
	[ "$stderr" = "complex.yaml:6:5: error: a sequence cannot be a mapping key" ]
	verdict_of_trouble
}

# --- not a dmn document -----------------------------------------------------------------

@test "a scalar root" {
	sanitized_pass_only
	printf 'just a string\n' >scalar.yaml
	run -2 --separate-stderr bounded dmn-validate scalar.yaml
	[ "$stderr" = "scalar.yaml:1:1: error: not a dmn document: expected a mapping with 'kind', found a scalar" ]
	verdict_of_trouble
}

@test "a sequence root" {
	sanitized_pass_only
	printf -- '- kind: dossier\n- questionnaire: has-dmn-2023\n' >seq.yaml
	run -2 --separate-stderr bounded dmn-validate seq.yaml
	[ "$stderr" = "seq.yaml:1:1: error: not a dmn document: expected a mapping with 'kind', found a sequence" ]
	verdict_of_trouble
}

# --- truncated YAML ---------------------------------------------------------------------

@test "a truncated document: answers: { never closed" {
	sanitized_pass_only
	printf "${HEAD}answers: {\n  \"1.1\": x,\n" >trunc.yaml
	run -2 --separate-stderr bounded dmn-validate trunc.yaml
	[ "$stderr" = "trunc.yaml:7:1: error: invalid YAML: did not find expected node content while parsing a flow node (started at line 7)" ]
	verdict_of_trouble
}

@test "a truncated document with no final newline is placed at the end of the input" {
	sanitized_pass_only
	# 5 lines, the last one "answers: {" with no newline: libyaml (and so PyYAML and
	# editors that follow it) put the end of the input at the start of line 6
	printf "${HEAD}answers: {" >trunc.yaml
	run -2 --separate-stderr bounded dmn-validate trunc.yaml
	[ "$stderr" = "trunc.yaml:6:1: error: invalid YAML: did not find expected node content while parsing a flow node (started at line 6)" ]
	verdict_of_trouble
}

@test "an unterminated quoted string" {
	sanitized_pass_only
	printf "${HEAD}answers:\n  \"1.1\": \"abc\n" >quote.yaml
	run -2 --separate-stderr bounded dmn-validate quote.yaml
	[ "$stderr" = "quote.yaml:7:1: error: invalid YAML: found unexpected end of stream while scanning a quoted scalar (started at line 6)" ]
	verdict_of_trouble
}

# --- tags -------------------------------------------------------------------------------

@test "a !!python/object:os.system tag" {
	sanitized_pass_only
	printf 'kind: dossier\nquestionnaire: has-dmn-2023\ndevice:\n  name: !!python/object:os.system Test\n' >tag.yaml
	run -2 --separate-stderr bounded dmn-validate tag.yaml
	[ "$stderr" = "tag.yaml:4:9: error: YAML tags are not allowed ('tag:yaml.org,2002:python/object:os.system'); a value that starts with ! must be quoted: write it between double quotes" ]
	verdict_of_trouble
}

@test "a !!python/object/apply tag on the root" {
	sanitized_pass_only
	printf '!!python/object/apply:os.system ["echo pwned"]\n' >tag.yaml
	run -2 --separate-stderr bounded dmn-validate tag.yaml
	[ "$stderr" = "tag.yaml:1:1: error: YAML tags are not allowed ('tag:yaml.org,2002:python/object/apply:os.system'); a value that starts with ! must be quoted: write it between double quotes" ]
	verdict_of_trouble
}

@test "a local !foo tag" {
	sanitized_pass_only
	printf "${HEAD}answers: !foo\n  \"1.1\": x\n" >tag.yaml
	run -2 --separate-stderr bounded dmn-validate tag.yaml
	[ "$stderr" = "tag.yaml:5:10: error: YAML tags are not allowed ('!foo'); a value that starts with ! must be quoted: write it between double quotes" ]
	verdict_of_trouble
}

# --- line endings -----------------------------------------------------------------------

@test "CRLF line endings: the line numbers are still right" {
	sanitized_pass_only
	printf "${FULLHEAD}  \"1.1\": hello\n  \"4.1\": bogus\n  \"2\": maybe\n" | sed 's/$/\r/' >crlf.yaml
	run -1 --separate-stderr bounded dmn-validate crlf.yaml
	[ "$stderr" = "crlf.yaml:9:10: error: 'bogus' is not an option of question '4.1' (expected clinical, organisational, budgetary or other, or their labels)
crlf.yaml:10:8: error: 'maybe' is not a yes/no answer to question '2' (expected yes or no; oui, non, true, false, vrai and faux are accepted too)
crlf.yaml:1:1: error: dossier 'Test' is incomplete: 147 missing, 0 pending, 2 invalid" ]
	is_validation
	[ "$(grep -c $'\r' <<<"$output")" -eq 0 ]
}

@test "CRLF line endings: a duplicate key and an encoding error are placed right" {
	sanitized_pass_only
	printf "${HEAD}answers:\n  \"1.1\": x\n  \"1.1\": y\n" | sed 's/$/\r/' >crlf.yaml
	run -2 --separate-stderr bounded dmn-validate crlf.yaml
	[ "$stderr" = "crlf.yaml:7:3: error: duplicate key '1.1'" ]
	verdict_of_trouble
	printf "${HEAD}answers:\n  \"1.1\": x\377\n" | sed 's/$/\r/' >crlf.yaml
	run -2 --separate-stderr bounded dmn-validate crlf.yaml
	[ "$stderr" = "crlf.yaml:6:11: error: invalid input: invalid leading UTF-8 octet (byte 0xff at offset 87)" ]
	verdict_of_trouble
}

@test "CR line endings: an invalid answer is placed right" {
	sanitized_pass_only
	printf "${HEAD}answers:\n  \"2\": maybe\n" | tr '\n' '\r' >cr.yaml
	run -1 --separate-stderr bounded dmn-validate cr.yaml
	[ "$stderr" = "cr.yaml:6:8: error: 'maybe' is not a yes/no answer to question '2' (expected yes or no; oui, non, true, false, vrai and faux are accepted too)
cr.yaml:1:1: error: dossier 'Test' is incomplete: 149 missing, 0 pending, 1 invalid" ]
	is_validation
}

@test "CR line endings: an encoding error is placed right" {
	sanitized_pass_only
	printf "${HEAD}answers:\n  \"1.1\": x\377\n" | tr '\n' '\r' >cr.yaml
	run -2 --separate-stderr bounded dmn-validate cr.yaml
	[ "$stderr" = "cr.yaml:6:11: error: invalid input: invalid leading UTF-8 octet (byte 0xff at offset 82)" ]
	verdict_of_trouble
}

# --- vendor text on the terminal --------------------------------------------------------

@test "a raw ESC in the device name is refused, not echoed" {
	sanitized_pass_only
	printf 'kind: dossier\nquestionnaire: has-dmn-2023\ndevice:\n  name: Te\033[31mst\n' >esc.yaml
	run -2 --separate-stderr bounded dmn-validate esc.yaml
	[ "$stderr" = "esc.yaml:4:11: error: invalid input: control characters are not allowed (U+001B at offset 60)" ]
	[[ $stderr != *$'\e'* ]]
	verdict_of_trouble
}

@test "escapes and control characters in the device name are shown escaped" {
	sanitized_pass_only
	printf '%s\n' 'kind: dossier' 'questionnaire: has-dmn-2023' 'device:' \
		'  name: "\e[31mRed\e[0m\a\b\x7f\r\u009b2J"' 'answers:' '  "1.1": x' >esc.yaml
	run -1 --separate-stderr bounded dmn-validate esc.yaml
	[ "$stderr" = "esc.yaml:1:1: error: dossier '\\x1b[31mRed\\x1b[0m\\x07\\x08\\x7f\\x0d\\u009b2J' is incomplete: 149 missing, 0 pending" ]
	[[ $stderr != *$'\e'* ]]
	[[ $stderr != *$'\r'* ]]
	[[ $stderr != *$'\xc2\x9b'* ]]
	is_validation
	[[ $output != *$'\e'* ]]
}

@test "escapes in an invalid answer value and in an unknown id are shown escaped" {
	sanitized_pass_only
	printf '%s\n' 'kind: dossier' 'questionnaire: has-dmn-2023' 'device:' '  name: Test' 'answers:' \
		'  "2": "\e]0;pwned\a\e[31myes"' '  "4.1": "\r\e[2Kclinical"' '  "\e[2J": x' >esc.yaml
	run -1 --separate-stderr bounded dmn-validate esc.yaml
	[ "$stderr" = "esc.yaml:6:8: error: '\\x1b]0;pwned\\x07\\x1b[31myes' is not a yes/no answer to question '2' (expected yes or no; oui, non, true, false, vrai and faux are accepted too)
esc.yaml:7:10: error: '\\x0d\\x1b[2Kclinical' is not an option of question '4.1' (expected clinical, organisational, budgetary or other, or their labels)
esc.yaml:8:3: error: unknown question id '\\x1b[2J'
esc.yaml:1:1: error: dossier 'Test' is incomplete: 148 missing, 0 pending, 2 invalid" ]
	[[ $stderr != *$'\e'* ]]
	is_validation
	[[ $output != *$'\e'* ]]
}

@test "escapes and a newline in the file name are shown escaped" {
	sanitized_pass_only
	local name=$'evil\e[31m\nname.yaml'
	printf 'just a string\n' >"$name"
	run -2 --separate-stderr bounded dmn-validate "$name"
	[ "$stderr" = "evil\\x1b[31m\\x0aname.yaml:1:1: error: not a dmn document: expected a mapping with 'kind', found a scalar" ]
	[[ $stderr != *$'\e'* ]]
	verdict_of_trouble
}

# --- a stream that goes bad -------------------------------------------------------------

# good_then FILE TEXT: a complete dossier (under only-1.1.yaml), then a second document TEXT
good_then() {
	{
		printf "${FULLHEAD}  \"1.1\": hello\n---\n"
		printf '%b' "$2"
	} >"$1"
}

@test "a bad document after a good one: the good one's verdict, then the trouble's, the report whole" {
	sanitized_pass_only
	good_then two.yaml 'kind: dossier\nquestionnaire: has-dmn-2023\ndevice:\n  name: Bad\nanswers: [\n'
	local fmt msg="invalid YAML: did not find expected node content while parsing a flow node (started at line 15)"
	for fmt in yaml json tap junit; do
		run -2 --separate-stderr bounded dmn-validate -f "$fmt" -r only-1.1.yaml two.yaml
		[ "$stderr" = "two.yaml:15:1: error: $msg" ]
		case $fmt in
		yaml) verdict_of_trouble ;;
		json) json_is '[.dossiers[] | [.complete, .line, .trouble]]' "[[true, 1, null], [null, 15, \"$msg\"]]" ;;
		tap) same "$(grep -E '^(not )?ok|^1\.\.' <<<"$output")" $'ok 1 - two.yaml:1: Test 1.0\nnot ok 2 - two.yaml\n1..2' ;;
		junit) [ "$(grep -c '<testsuite ' <<<"$output")" -eq 2 ] && [ "${lines[-1]}" = "</testsuites>" ] &&
			grep -F "<error type=\"trouble\" message=\"$msg\">" <<<"$output" ;;
		esac
	done
}

@test "a duplicate key in the second document: the good one's verdict, then the trouble's" {
	sanitized_pass_only
	good_then two.yaml 'kind: dossier\nquestionnaire: has-dmn-2023\ndevice:\n  name: Bad\nanswers:\n  "1.1": x\n  "1.1": y\n'
	run -2 --separate-stderr bounded dmn-validate -r only-1.1.yaml two.yaml
	[ "$stderr" = "two.yaml:16:3: error: duplicate key '1.1'" ]
	verdict_of_trouble
}

@test "a scalar as the second document: the good one's verdict, then the trouble's" {
	sanitized_pass_only
	good_then two.yaml 'just a string\n'
	run -2 --separate-stderr bounded dmn-validate -r only-1.1.yaml two.yaml
	[ "$stderr" = "two.yaml:10:1: error: not a dmn document: expected a mapping with 'kind', found a scalar" ]
	verdict_of_trouble
}

@test "a bad file after a good one: the good one's verdict, then the trouble's" {
	sanitized_pass_only
	printf "${FULLHEAD}  \"1.1\": hello\n" >good.yaml
	printf 'answers: {\n' >bad.yaml
	run -2 --separate-stderr bounded dmn-validate -r only-1.1.yaml good.yaml bad.yaml
	[ "$stderr" = "bad.yaml:2:1: error: invalid YAML: did not find expected node content while parsing a flow node (started at line 2)" ]
	verdict_of_trouble
}

# --- output: write errors ---------------------------------------------------------------

@test "standard output on /dev/full: a write error, in every format" {
	sanitized_pass_only
	printf "${FULLHEAD}  \"1.1\": hello\n" >good.yaml
	local fmt
	for fmt in yaml json tap junit; do
		run -2 --separate-stderr bounded sh -c 'exec dmn-validate "$@" >/dev/full' sh \
			-f "$fmt" -r only-1.1.yaml good.yaml
		[ "$stderr" = "dmn-validate: error: write error on standard output: No space left on device" ]
	done
}

@test "standard output on /dev/full with findings: the write error wins" {
	sanitized_pass_only
	printf "${FULLHEAD}  \"1.1\": hello\n" >good.yaml
	run -2 --separate-stderr bounded sh -c 'exec dmn-validate "$@" >/dev/full' sh good.yaml
	[ "$stderr" = "good.yaml:1:1: error: dossier 'Test' is incomplete: 149 missing, 0 pending
dmn-validate: error: write error on standard output: No space left on device" ]
}

@test "--help and --version on /dev/full: a write error" {
	sanitized_pass_only
	run -2 --separate-stderr bounded sh -c 'exec dmn-validate --help >/dev/full'
	[ "$stderr" = "dmn-validate: error: write error on standard output: No space left on device" ]
	run -2 --separate-stderr bounded sh -c 'exec dmn-validate --version >/dev/full'
	[ "$stderr" = "dmn-validate: error: write error on standard output: No space left on device" ]
}

@test "a closed pipe ends quietly" {
	sanitized_pass_only
	printf "${FULLHEAD}  \"1.1\": hello\n" >good.yaml
	local i
	for ((i = 0; i < 100; i++)); do
		printf -- '---\n'
		cat good.yaml
	done >stream.yaml
	pipe_head -c10 dmn-validate -r only-1.1.yaml stream.yaml
	[ "$(cat head.txt)" = $'---\nkind: ' ]
	[ ! -s err.txt ]
	# the program ended by SIGPIPE (141) or, had it written everything first, with 0
	[[ $PIPE_STATUS == @(0|141) ]]
}

# --- output: -o FILE --------------------------------------------------------------------

@test "-o into a directory that does not exist" {
	sanitized_pass_only
	printf "${FULLHEAD}  \"1.1\": hello\n" >good.yaml
	run -2 --separate-stderr bounded dmn-validate -r only-1.1.yaml -o "$BATS_TEST_TMPDIR/no/such/dir/out.yaml" good.yaml
	[ "$stderr" = "dmn-validate: error: cannot create a temporary file beside '$BATS_TEST_TMPDIR/no/such/dir/out.yaml': No such file or directory" ]
	[ "$output" = "" ]
	[ ! -e no ]
}

@test "-o into /proc" {
	sanitized_pass_only
	printf "${FULLHEAD}  \"1.1\": hello\n" >good.yaml
	local before
	before=$(cat /proc/version)
	run -2 --separate-stderr bounded dmn-validate -r only-1.1.yaml -o /proc/version good.yaml
	[[ $stderr == "dmn-validate: error: cannot create a temporary file beside '/proc/version': "* ]]
	[ "${#stderr_lines[@]}" -eq 1 ]
	[ "$output" = "" ]
	[ "$(cat /proc/version)" = "$before" ]
}

@test "-o into a read-only directory" {
	sanitized_pass_only
	if [ "$(id -u)" = 0 ]; then
		skip "root ignores directory permissions"
	fi
	printf "${FULLHEAD}  \"1.1\": hello\n" >good.yaml
	mkdir ro
	chmod 555 ro
	run -2 --separate-stderr bounded dmn-validate -r only-1.1.yaml -o ro/out.yaml good.yaml
	[ "$stderr" = "dmn-validate: error: cannot create a temporary file beside 'ro/out.yaml': Permission denied" ]
	[ "$output" = "" ]
	[ -z "$(ls -A ro)" ]
}

@test "-o FILE: trouble with an input replaces FILE with the whole report; trouble before, never; no temporary file" {
	sanitized_pass_only
	mkdir out
	printf 'precious\n' >out/result.yaml
	local sum
	sum=$(cksum <out/result.yaml)
	good_then two.yaml 'answers: [\n'
	run -2 --separate-stderr bounded dmn-validate -r only-1.1.yaml -o out/result.yaml two.yaml
	[ "$stderr" = "two.yaml:11:1: error: invalid YAML: did not find expected node content while parsing a flow node (started at line 11)" ]
	[ "$output" = "" ]
	output=$(cat out/result.yaml)
	verdict_of_trouble
	no_temporary out
	{
		printf "${HEAD}answers:\n  \"1.1\": "
		head -c 50000000 /dev/zero | tr '\0' a
	} >big.yaml
	run -2 --separate-stderr bounded dmn-validate -r only-1.1.yaml -o out/result.yaml big.yaml
	[[ $stderr == "big.yaml:6:"*": error: document larger than the limit of 8 MiB" ]]
	output=$(cat out/result.yaml)
	verdict_of_trouble
	no_temporary out
	# trouble before any input is read (a policy that is none): FILE is left as it was
	printf 'precious\n' >out/result.yaml
	run -2 --separate-stderr bounded dmn-validate -r two.yaml -o out/result.yaml big.yaml
	[ "$(cksum <out/result.yaml)" = "$sum" ]
	no_temporary out
}

@test "-o FILE: a write error leaves FILE as it was and no temporary file" {
	sanitized_pass_only
	mkdir out
	printf 'precious\n' >out/result.yaml
	local sum
	sum=$(cksum <out/result.yaml)
	printf "${FULLHEAD}  \"1.1\": hello\n" >good.yaml
	# the validation document is 2 KiB; a file size limit of 1 KiB makes its write fail (EFBIG)
	run -2 --separate-stderr bounded bash -c "trap '' XFSZ; ulimit -f 1; exec dmn-validate -r only-1.1.yaml -o out/result.yaml good.yaml"
	[ "$stderr" = "dmn-validate: error: write error on 'out/result.yaml': File too large" ]
	[ "$output" = "" ]
	[ "$(cksum <out/result.yaml)" = "$sum" ]
	no_temporary out
}

@test "-o FILE: success writes what stdout would get and leaves no temporary file" {
	sanitized_pass_only
	mkdir out
	printf "${FULLHEAD}  \"1.1\": hello\n" >good.yaml
	run -0 --separate-stderr bounded dmn-validate -r only-1.1.yaml good.yaml
	local expected=$output
	run -0 --separate-stderr bounded dmn-validate -r only-1.1.yaml -o out/result.yaml good.yaml
	[ "$stderr" = "" ]
	[ "$output" = "" ]
	[ "$(cat out/result.yaml)" = "$expected" ]
	no_temporary out
	# with findings too (exit 1 is not trouble: the result is written)
	run -1 --separate-stderr bounded dmn-validate -o out/result2.yaml good.yaml
	[ "$output" = "" ]
	[ -s out/result2.yaml ]
	no_temporary out
}

@test "-o FILE: a new file gets the usual permissions (umask), not 0600" {
	sanitized_pass_only
	printf "${FULLHEAD}  \"1.1\": hello\n" >good.yaml
	umask 022
	run -0 --separate-stderr bounded dmn-validate -r only-1.1.yaml -o new.yaml good.yaml
	[ "$(stat -c %a new.yaml)" = 644 ]
	umask 002
	run -0 --separate-stderr bounded dmn-validate -r only-1.1.yaml -o new2.yaml good.yaml
	[ "$(stat -c %a new2.yaml)" = 664 ]
}

@test "-o FILE: a replaced file keeps its permissions" {
	sanitized_pass_only
	printf "${FULLHEAD}  \"1.1\": hello\n" >good.yaml
	printf 'old\n' >result.yaml
	chmod 640 result.yaml
	run -0 --separate-stderr bounded dmn-validate -r only-1.1.yaml -o result.yaml good.yaml
	[ "$(stat -c %a result.yaml)" = 640 ]
	[ "$(head -n 2 result.yaml)" = $'---\nkind: validation' ]
}

@test "-o FIFO: the output goes into the pipe, the pipe stays a pipe" {
	sanitized_pass_only
	printf "${FULLHEAD}  \"1.1\": hello\n" >good.yaml
	mkfifo pipe
	timeout 120 cat pipe >got.txt 2>/dev/null 3>&- &
	local reader=$!
	run --separate-stderr bounded dmn-validate -r only-1.1.yaml -o pipe good.yaml
	local kind
	kind=$(stat -c %F pipe)
	if [ "$kind" != fifo ]; then
		# the reader still waits on the old pipe
		kill "$reader" 2>/dev/null || true
	fi
	wait "$reader" || true
	[ "$kind" = fifo ]
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$(head -n 2 got.txt)" = $'---\nkind: validation' ]
	no_temporary .
}

@test "-o DEVICE: a character device is written to, never replaced" {
	sanitized_pass_only
	if [ "$(id -u)" != 0 ]; then
		skip "mknod needs root"
	fi
	# a private copy of /dev/null: if it were replaced, /dev/null itself would be safe
	mknod null c 1 3
	printf "${FULLHEAD}  \"1.1\": hello\n" >good.yaml
	run -0 --separate-stderr bounded dmn-validate -r only-1.1.yaml -o null good.yaml
	[ "$stderr" = "" ]
	[ -c null ]
	no_temporary .
}

# --- files the run reads, closed streams, costly inputs -----------------------------------

@test "-o naming an input, the policy or the questionnaire is refused before anything is written" {
	sanitized_pass_only
	printf "${FULLHEAD}  \"1.1\": hello\n" >d.yaml
	sum=$(cksum <d.yaml)
	run -2 --separate-stderr bounded dmn-validate -o d.yaml d.yaml
	[ "$stderr" = "dmn-validate: error: the output 'd.yaml' is also an input of this run: write it elsewhere" ]
	[ "$(cksum <d.yaml)" = "$sum" ]
	run -2 --separate-stderr bounded dmn-validate -r only-1.1.yaml -o only-1.1.yaml d.yaml
	[ "$stderr" = "dmn-validate: error: the output 'only-1.1.yaml' is also an input of this run: write it elsewhere" ]
	ln d.yaml hard.yaml
	run -2 --separate-stderr bounded dmn-compare -o hard.yaml d.yaml
	[ "$stderr" = "dmn-compare: error: the output 'hard.yaml' is also an input of this run: write it elsewhere" ]
	[ "$(cksum <d.yaml)" = "$sum" ]
}

@test "-o naming standard input's file or the questionnaire is refused by every program" {
	sanitized_pass_only
	printf "${FULLHEAD}  \"1.1\": hello\n" >d.yaml
	cp "$QUESTIONNAIRE" q.yaml
	sum=$(cksum <d.yaml) qsum=$(cksum <q.yaml)
	run -2 --separate-stderr bounded dmn-validate -o d.yaml <d.yaml
	[ "$stderr" = "dmn-validate: error: the output 'd.yaml' is also an input of this run: write it elsewhere" ]
	run -2 --separate-stderr bounded dmn-report -o d.yaml - <d.yaml
	[ "$stderr" = "dmn-report: error: the output 'd.yaml' is also an input of this run: write it elsewhere" ]
	run -2 --separate-stderr bounded dmn-compare -o d.yaml <d.yaml
	[ "$stderr" = "dmn-compare: error: the output 'd.yaml' is also an input of this run: write it elsewhere" ]
	[ "$(cksum <d.yaml)" = "$sum" ]
	# -Q without -r: the questionnaire is checked even when no policy is given
	run -2 --separate-stderr bounded dmn-validate -Q q.yaml -o q.yaml d.yaml
	[ "$stderr" = "dmn-validate: error: the output 'q.yaml' is also an input of this run: write it elsewhere" ]
	run -2 --separate-stderr bounded dmn-ask -Q q.yaml -t -o q.yaml
	[ "$stderr" = "dmn-ask: error: the output 'q.yaml' is also an input of this run: write it elsewhere" ]
	[ "$(cksum <q.yaml)" = "$qsum" ]
	# dmn-ask continues a dossier in place: its own input is not refused
	run -0 --separate-stderr bounded dmn-ask --set 1.1=bonjour -o d.yaml <d.yaml
	[ "$(yq -r '.answers["1.1"].answer' d.yaml)" = "bonjour" ]
}

@test "a closed standard output is trouble, said before any work, in every program that writes there" {
	sanitized_pass_only
	printf "${FULLHEAD}  \"1.1\": hello\n" >d.yaml
	for prog in dmn-validate dmn-compare dmn-report; do
		run -2 --separate-stderr bounded bash -c "exec $prog d.yaml >&-"
		[ "$stderr" = "$prog: error: cannot write: standard output is closed" ]
	done
	run -2 --separate-stderr bounded bash -c 'exec dmn-ask --set 1.1=x d.yaml >&-'
	[ "$stderr" = "dmn-ask: error: cannot write: standard output is closed" ]
	# -q writes nothing there: the exit status only, as without the closed stream
	run -0 --separate-stderr bounded bash -c 'exec dmn-validate -q -r only-1.1.yaml d.yaml >&-'
	[ "$stderr" = "" ]
}

@test "-o through a symbolic link replaces the file it names and keeps the link" {
	sanitized_pass_only
	printf "${FULLHEAD}  \"1.1\": hello\n" >d.yaml
	mkdir real
	printf 'old\n' >real/target.yaml
	ln -s real/target.yaml link.yaml
	run -0 --separate-stderr bounded dmn-validate -r only-1.1.yaml -o link.yaml d.yaml
	[ -L link.yaml ]
	[ "$(sed -n 2p real/target.yaml)" = "kind: validation" ]
	no_temporary real
	no_temporary .
}

@test "-o naming a directory is refused before the work" {
	sanitized_pass_only
	printf "${FULLHEAD}  \"1.1\": hello\n" >d.yaml
	mkdir outdir
	run -2 --separate-stderr bounded dmn-validate -o outdir d.yaml
	[ "$stderr" = "dmn-validate: error: cannot write 'outdir': Is a directory" ]
}

@test "a closed stderr does not send diagnostics into the output; a closed stdin is an error" {
	sanitized_pass_only
	printf "${FULLHEAD}  \"9.7\": x\n" >d.yaml
	run -1 bounded bash -c 'exec dmn-validate --json d.yaml 2>&-'
	jq -e '.dossiers[0].invalid[0].id == "9.7"' <<<"$output"
	run -2 --separate-stderr bounded bash -c 'exec dmn-validate <&-'
	[ "$stderr" = "<stdin>: error: cannot read: standard input is closed" ]
	verdict_of_trouble
}

@test "a read error names its cause and no made-up place" {
	sanitized_pass_only
	run -2 --separate-stderr bounded bash -c 'exec dmn-validate <.'
	[ "$stderr" = "<stdin>: error: read error: Is a directory" ]
}

@test "a chain of conditions through 40 sections is followed to its end" {
	sanitized_pass_only
	# 40 sections, each a chain of 8 nested yes/no questions, each section's first
	# question depending on the deepest question of the section before
	python3 - <<'PY'
lines = ['kind: questionnaire', 'id: chain', 'edition: "1"', 'title: {fr: t, en: t}', 'sections:']
prev = None
for s in range(1, 41):
    lines += [f'  - id: "{s}"', '    part: p', '    title: {fr: t, en: t}', '    questions:']
    ids = [f'{s}.1']
    for d in range(2, 9):
        ids.append(ids[-1] + '.1')
    for depth, qid in enumerate(ids):
        pad = '    ' + '    ' * depth
        lines.append(f'{pad}  - id: "{qid}"')
        lines.append(f'{pad}    type: yesno')
        lines.append(f'{pad}    text: {{fr: q, en: q}}')
        if depth == 0 and prev:
            lines.append(f'{pad}    when: {{question: "{prev}", in: ["yes"]}}')
        if depth < 7:
            lines.append(f'{pad}    questions:')
    prev = ids[-1]
open('chain.yaml', 'w').write('\n'.join(lines) + '\n')
open('chain-dossier.yaml', 'w').write('kind: dossier\nquestionnaire: chain\ndevice: {name: x}\nanswers:\n  "1.1": yes\n')
PY
	# every condition hangs on the whole chain before it: the count is right and the run ends
	# (bounded; how fast is for make bench)
	run -1 --separate-stderr bounded dmn-validate --json -Q chain.yaml chain-dossier.yaml
	[ "$(jq '.dossiers[0].counts.total.missing' <<<"$output")" -eq 319 ]
}

@test "80,000 findings are all reported, sorted by their place" {
	plain_pass_only	# the same in every build; the sanitizers see these paths in smaller tests
	python3 -c '
n = 40000
out = ["kind: dossier", "questionnaire: has-dmn-2023", "device: {name: x}", "answers:"]
out += ["  \"99.%d\": x" % i for i in range(n)]
out += ["extra%d: x" % i for i in range(n)]
open("many.yaml", "w").write("\n".join(out) + "\n")'
	run -1 --separate-stderr bounded dmn-validate -q many.yaml
	[ "$output" = "" ]
	[ "$stderr" = "" ]
	run -1 --separate-stderr bounded dmn-validate many.yaml
	[ "${#stderr_lines[@]}" -eq 80001 ]
	[ "${stderr_lines[0]}" = "many.yaml:5:3: error: unknown question id '99.0'" ]
	[ "${stderr_lines[40000]}" = "many.yaml:40005:1: error: unknown field 'extra0' in a dossier (expected kind, questionnaire, edition, device or answers)" ]
	[ "${stderr_lines[80000]}" = "many.yaml:1:1: error: dossier 'x' is incomplete: 150 missing, 0 pending" ]
	# the findings in the order of their lines in the file
	printf '%s\n' "${stderr_lines[@]:0:80000}" | cut -d: -f2 | sort -c -n
}

@test "U+FFFE and U+FFFF in vendor text come out escaped: YAML and XML stay readable" {
	sanitized_pass_only
	printf "kind: dossier\nquestionnaire: has-dmn-2023\ndevice: {name: \"A\\\\uFFFEB\\\\uFFFF\"}\n" >d.yaml
	run -1 --separate-stderr bounded dmn-validate d.yaml
	printf '%s\n' "$output" >out.yaml
	run -0 python3 -c 'import yaml; print(repr(yaml.safe_load(open("out.yaml"))["dossiers"][0]["device"]["name"]))'
	[ "$output" = "'A\ufffeB\uffff'" ]
	run -1 --separate-stderr bounded dmn-validate -f junit d.yaml
	printf '%s\n' "$output" >out.xml
	python3 -c 'import xml.etree.ElementTree as E; E.parse("out.xml")'
}

@test "a questionnaire file holds one document" {
	sanitized_pass_only
	cat "$ROOT/tests/fixtures/questionnaire/mini.yaml" >q.yaml
	printf -- '---\nkind: questionnaire\n' >>q.yaml
	run -2 --separate-stderr bounded dmn-validate -Q q.yaml "$ROOT/tests/fixtures/questionnaire/mini-dossier.yaml"
	[ "$stderr" = "q.yaml:47:1: error: a questionnaire file holds one document" ]
}
