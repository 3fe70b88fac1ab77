#!/usr/bin/env bats
# sheet.bats: the spreadsheet reader (common/sheet.c) alone, through build/sheet-dump, which
# prints every cell as SHEET!REF<TAB>TYPE<TAB>TEXT. First what real writers write (openpyxl,
# LibreOffice, a workbook built by hand with what they never write, CSV as Excel in French
# saves it), then hostile files: each one refused with exit 2 and its exact diagnostic,
# FILE:PART:LINE:COL: error: MESSAGE, nothing on stdout, within 60 s and (unless the build
# is sanitized: ASan reserves terabytes of address space) 400 MB.
# tests/sheet_fixtures.py makes every file once, into $BATS_FILE_TMPDIR (about a second:
# the bombs are compressed as they are written); nothing large is stored here.

load helper

setup_file() {
	/usr/bin/python3 -c 'import openpyxl' 2>/dev/null || return 0
	mkdir -p "$BATS_FILE_TMPDIR/in"
	/usr/bin/python3 "$BATS_TEST_DIRNAME/sheet_fixtures.py" "$BATS_FILE_TMPDIR/in"
}

setup() {
	[ -f "$BATS_FILE_TMPDIR/in/sizes" ] || skip "Debian's python3-openpyxl is not installed (/usr/bin/python3)"
	cd "$BATS_FILE_TMPDIR/in"
}

# capped CMD...: CMD killed after 60 s, and within 400 MB of address space unless sanitized
capped() {
	(
		if [[ -z ${DMN_SANITIZED:-} ]]; then
			ulimit -v 400000 || exit 125
		fi
		exec timeout 60 "$@"
	)
}

# refused FILE WHERE-AND-WHAT: sheet-dump FILE exits 2, prints nothing, and says only
# FILE followed by WHERE-AND-WHAT (":PART:LINE:COL: error: MESSAGE") on stderr
refused() {
	run -2 --separate-stderr capped sheet-dump "$1"
	same "$stderr" "$1$2"
	same "$output" ""
}

# ratio NAME: the expansion the declared sizes of bomb NAME give, as the reader rounds it
ratio() {
	local name size comp
	while read -r name size comp; do
		if [ "$name" = "$1" ]; then
			echo $(((size + comp - 1) / comp))
			return
		fi
	done <sizes
	return 1
}

# --- what real writers write ------------------------------------------------------------

OPENPYXL=$'Questions!A1\ttext\tIdentifiant
Questions!B1\ttext\tRéponse
Questions!A2\ttext\t1.1
Questions!B2\tnumber\t42
Questions!C2\tnumber\t3.5
Questions!D2\tbool\t1
Questions!E2\tnumber\t45366
Questions!F2\tnumber\t-0.25
Questions!G2\ttext\t<a & b>
Questions!H2\tnumber\t45366.5
Questions!F23\ttext\ttab\\there\\nline
# hidden: Caché
Caché!A1\ttext\tsecret
Extra!B2\ttext\tx'

@test "openpyxl: text, numbers, a boolean, dates as serials, a hidden sheet and another" {
	# 2024-03-15 is serial 45366 (noon: .5); openpyxl writes its strings inline
	run -0 capped sheet-dump openpyxl.xlsx
	same "$output" "$OPENPYXL"
	run -0 capped sheet-dump - <openpyxl.xlsx
	same "$output" "$OPENPYXL"
}

@test "LibreOffice: the workbook saved again, and excel.csv read by its CSV filter, give the same cells" {
	command -v soffice >/dev/null || skip "soffice (LibreOffice) is not installed"
	# 5 s of start-up: once, in the plain pass; its output is read under the sanitizers as
	# the fuzzer's seed tests/fuzz/seeds-sheet/libreoffice.xlsx (the last test)
	[ -z "${DMN_SANITIZED:-}" ] || skip "LibreOffice's start-up is paid once, by the plain pass"
	# 59,34,76,1: separator ";", quote '"', UTF-8, from line 1
	run -0 timeout 120 soffice -env:UserInstallation="file://$BATS_TEST_TMPDIR/profile" --headless \
		--infilter=CSV:59,34,76,1 --convert-to xlsx --outdir "$BATS_TEST_TMPDIR" openpyxl.xlsx excel.csv
	# LibreOffice shares its strings (openpyxl writes them inline); the CSV filter is
	# for excel.csv alone
	unzip -p "$BATS_TEST_TMPDIR/openpyxl.xlsx" xl/sharedStrings.xml | grep -q '<si><t[ >]'
	run -0 capped sheet-dump "$BATS_TEST_TMPDIR/openpyxl.xlsx"
	same "$output" "$OPENPYXL"
	# its CSV filter sees numbers where a CSV has text, and names the sheet after the file
	run -0 capped sheet-dump excel.csv
	local want=$output
	run -0 capped sheet-dump "$BATS_TEST_TMPDIR/excel.xlsx"
	same "$(sed 's/^excel!/!/; s/\tnumber\t/\ttext\t/' <<<"$output")" "$want"
}

@test "by hand: shared strings (rich text, no phonetic run), inline, r-less, out of order, x:, 1904, cached values" {
	# an empty shared string, a cell with a style only and a formula with no cached value
	# are no cells; the second sheet has an absolute target, the shared strings another name
	run -0 capped sheet-dump hand.xlsx
	same "$output" $'# date1904
Main!A1\ttext\trich text
Main!B1\ttext\tinline
Main!C1\ttext\trun1run2
Main!E1\tnumber\t45366
Main!F1\tnumber\t-1.5E-3
Main!A2\ttext\trich text!
Main!B2\terror\t#DIV/0!
Main!C2\tbool\t0
Main!D2\ttext\t2024-03-15T00:00:00
Main!H2\ttext\ta & b\\nc
Main!I2\ttext\t  spaced  
Main!A3\ttext\tplain
# hidden: Abs & co
Abs & co!A1\ttext\thidden'
	# the longest cell allowed, 32767 characters (65534 bytes of é), is kept whole
	run -0 capped sheet-dump longest.xlsx
	local text=${output#$'S!A1\ttext\t'}
	[ "${#text}" -eq 65534 ]	# bytes (LC_ALL=C)
	[ -z "${text//é/}" ]
}

@test "CSV as Excel in French saves it: BOM, semicolons, CRLF, quoted ; and line break, doubled quotes" {
	# an empty line is an empty row (row 4); a line break in a cell is LF
	run -0 capped sheet-dump excel.csv
	same "$output" $'!A1\ttext\tId
!B1\ttext\tRéponse
!C1\ttext\tNote
!A2\ttext\t1.1
!B2\ttext\toui; vraiment
!A3\ttext\t1.2
!B3\ttext\tdeux\\nlignes
!C3\ttext\til a dit "non"
!C5\ttext\tfin'
}

@test "CSV in Windows-1252 (é, €, œ), with commas, and Excel's UTF-16 Unicode text with tabs" {
	run -0 capped sheet-dump cp1252.csv
	same "$output" $'!A1\ttext\tNom\n!B1\ttext\tMontant\n!A2\ttext\tœuvre\n!B2\ttext\t12 €\n!A3\ttext\tcafé'
	run -0 capped sheet-dump comma.csv
	same "$output" $'!A1\ttext\tname\n!B1\ttext\tvalue\n!A2\ttext\tx,y\n!B2\ttext\t2\n!A3\ttext\tlast\n!B3\ttext\ttab\\there'
	run -0 capped sheet-dump unicode.txt
	same "$output" $'!A1\ttext\tId\n!B1\ttext\tRéponse\n!A2\ttext\t1.1\n!B2\ttext\toui'
}

@test "date serials: Excel's 1900 system (its 1900-02-29, serial 60, is no day) and the 1904 system" {
	run -0 sheet-dump --serial 1900 1 59 60 61 45366 45366.99 2958465 2958466 0.5 0 -1 nan inf 1e300
	same "$output" "$(printf '%s\n' 1900-01-01 1900-02-28 none 1900-03-01 2024-03-15 2024-03-15 9999-12-31 none \
		none none none none none none)"
	run -0 sheet-dump --serial 1904 0 1 43904 2957003 2957004 -0.5
	same "$output" "$(printf '%s\n' 1904-01-01 1904-01-02 2024-03-15 9999-12-31 none none)"
}

# --- hostile files ----------------------------------------------------------------------

@test "zip bombs: 200 MB of zeros, a shared string of 100 MB, 65 MB, a header that lies about 100 MB" {
	# refused from the sizes the zip declares, before inflating anything
	refused bomb.xlsx ":xl/worksheets/sheet1.xml: error: expands $(ratio bomb) times its compressed size (more than 250): refused as a zip bomb"
	refused bigstring.xlsx ":xl/sharedStrings.xml: error: expands $(ratio bigstring) times its compressed size (more than 250): refused as a zip bomb"
	refused large.xlsx ":xl/worksheets/sheet1.xml: error: more than 64 MiB uncompressed: refused"
	# declared as 1000 bytes: refused from the bytes inflated, 32 KiB at a time, as soon as
	# they are more than 250 times the compressed size
	local comp got
	comp=$(awk '$1 == "liar" { print $3 }' sizes)
	got=$(((250 * comp / 32768 + 1) * 32768))
	refused liar.xlsx ":xl/worksheets/sheet1.xml: error: expands $(((got + comp - 1) / comp)) times its compressed size (more than 250): refused as a zip bomb"
}

@test "2 million cells: refused at the 200,001st (row 201, on line 204)" {
	refused cells.xlsx ":xl/worksheets/sheet1.xml:204:14: error: more than 200000 cells: refused"
}

@test "DOCTYPEs: a billion laughs and an external entity are refused before any entity is declared" {
	local why="refused (a spreadsheet has none; entity expansion and external entities are never read)"
	refused laughs.xlsx ":xl/workbook.xml:2:20: error: a DOCTYPE: $why"
	refused xxe.xlsx ":xl/sharedStrings.xml:2:15: error: a DOCTYPE: $why"
}

@test "targets out of xl/: ../ and an absolute path elsewhere" {
	refused dotdot.xlsx ":xl/_rels/workbook.xml.rels:3:1: error: a sheet target outside xl/: '../evil.xml'"
	refused absolute.xlsx ":xl/_rels/workbook.xml.rels:3:1: error: a sheet target outside xl/: '/docProps/app.xml'"
}

@test "broken zips: cut, noise, corrupted data, encrypted, an unknown method, two members of one name, no workbook" {
	run -0 capped sheet-dump good.xlsx	# what the broken ones are made from
	refused truncated.xlsx ": error: broken or truncated zip: no central directory"
	refused noise.xlsx ": error: broken or truncated zip: no central directory"
	refused corrupt.xlsx ":xl/worksheets/sheet1.xml: error: broken zip: Zlib error: data error"
	refused encrypted.xlsx ":xl/workbook.xml: error: cannot read: No password provided"
	refused method.xlsx ":xl/workbook.xml: error: cannot read: Compression method not supported"
	refused twice.xlsx ": error: two members named 'xl/workbook.xml' in the zip: refused"
	printf 'PK\005\006%018d' 0 | tr 0 '\0' >"$BATS_TEST_TMPDIR/empty.zip"
	cd "$BATS_TEST_TMPDIR"
	refused empty.zip ": error: not a spreadsheet: no xl/workbook.xml in the zip"
}

@test "broken XML, and what a sheet cannot hold: 100 levels, an index out of range, long text, a cell twice or beyond" {
	refused mismatch.xlsx ":xl/worksheets/sheet1.xml:6:3: error: not well-formed XML: mismatched tag"
	refused badutf8.xlsx ":xl/worksheets/sheet1.xml:4:46: error: not valid UTF-8"
	refused nulxml.xlsx ":xl/worksheets/sheet1.xml:4:46: error: not well-formed XML: not well-formed (invalid token)"
	refused deep.xlsx ":xl/worksheets/sheet1.xml:4:202: error: elements nested more than 64 deep: refused"
	refused range.xlsx ":xl/worksheets/sheet1.xml:4:40: error: shared string 5 out of range (2 strings)"
	refused longstring.xlsx ":xl/sharedStrings.xml:4:1: error: a shared string of more than 32767 characters"
	refused duplicate.xlsx ":xl/worksheets/sheet1.xml:6:1: error: cell B1 twice"
	refused beyond.xlsx ":xl/worksheets/sheet1.xml:4:12: error: cell XFE1 beyond the last cell of a sheet (XFD1048576)"
}

@test "broken CSV: a NUL byte, an unterminated quote, a byte neither UTF-8 nor Windows-1252, a long cell, a big file" {
	refused nul.csv ":2:2: error: a NUL byte"
	run -2 --separate-stderr capped sheet-dump - <nul.csv
	same "$stderr" "<stdin>:2:2: error: a NUL byte"
	refused unterminated.csv ":2: error: an unterminated quote"
	refused bad1252.csv ":1:6: error: neither UTF-8 nor Windows-1252: byte 0x81"
	refused longcell.csv ":1: error: a cell of more than 32767 characters"
	truncate -s $((32 * 1024 * 1024 + 1)) "$BATS_TEST_TMPDIR/big.csv"
	cd "$BATS_TEST_TMPDIR"
	refused big.csv ": error: more than 33554432 bytes"
}

@test "the fuzzer's seeds: every one read, with cells" {
	local f
	for f in "$BATS_TEST_DIRNAME"/fuzz/seeds-sheet/*; do
		run -0 capped sheet-dump "$f"
		[[ $output == *$'\t'* ]]
	done
}
