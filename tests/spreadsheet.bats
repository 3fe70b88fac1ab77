#!/usr/bin/env bats
# The spreadsheet round trip: the vendor's form written as XLSX or CSV (dmn-report -f xlsx|csv),
# filled by programs that are not dmn (openpyxl, LibreOffice, a CSV as Excel in French saves
# it), read back into the dossier (dmn-ask --import); and the committee's workbooks.
# openpyxl is Debian's (python3-openpyxl), run by /usr/bin/python3: a python3 first on PATH
# may not have it.

load helper

PY=/usr/bin/python3

setup() {
	cd "$BATS_TEST_TMPDIR"
}

openpyxl_here() {
	$PY -c 'import openpyxl' 2>/dev/null || skip "python3-openpyxl (Debian) is not installed"
}

soffice_here() {
	command -v soffice >/dev/null && [ -e /usr/lib/libreoffice/program/libscfiltlo.so ] || skip "LibreOffice Calc is not installed (make deps-office)"
}

# answers FILE ID...: each answer as PyYAML reads it: ID, answer, status, source, comment
answers() {
	python3 - "$@" <<'EOF'
import sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
for i in sys.argv[2:]:
    a = d["answers"].get(i)
    if not isinstance(a, dict):
        a = {"answer": a}
    v = a.get("answer")
    v = ";".join(v) if isinstance(v, list) else v
    print("\t".join(str(x) if x is not None else "-" for x in (i, v, a.get("status"), a.get("source"), a.get("comment"))))
EOF
}

# changed A B: the ids whose answers differ between two dossiers, and the device fields
changed() {
	python3 - "$1" "$2" <<'EOF'
import sys, yaml
a, b = (yaml.safe_load(open(f)) for f in sys.argv[1:3])
ids = sorted(set(a["answers"]) | set(b["answers"]), key=lambda s: [int(x) for x in s.split(".")])
print(" ".join(i for i in ids if a["answers"].get(i) != b["answers"].get(i)))
print(" ".join(k for k in sorted(set(a["device"]) | set(b["device"])) if a["device"].get(k) != b["device"].get(k)))
EOF
}

# the form of FractaVision (half answered), filled as a vendor would: rows gives "ID ROW"
filled() {
	dmn-report -f xlsx -o form.xlsx "$EXAMPLES/fractavision.yaml"
	$PY "$BATS_TEST_DIRNAME/form_fill.py" fill form.xlsx filled.xlsx >rows
}

row() {
	awk -v id="$1" '$1 == id { print $2 }' rows
}

# what the filled form must give, whatever way it comes back (FILE as diagnostics name it)
expect_filled() {
	local file=$1 sheet=${2-Questions!}
	same "$stderr" "$file:${sheet}F$(row 7.3.1): error: 'beaucoup' is not a number (question '7.3.1' takes a number in EUR): if the vendor does not say, give the status unknown, or pending while you wait
$file:${sheet}D$(row 8.1.1): error: the text of question '8.1.1' was changed: its answer is not read (check it, then write it in a new form)
$file:${sheet}A$(row none): error: a row with an answer but no question number: it is not read"
	run -0 answers out.yaml 4.1 4.2.5 4.3.1 4.3.2 5.4.3 6.2.6.2 7.3.1 7.4 7.4.2 8.1.1
	same "$output" "4.1	clinical;budgetary	-	-	-
4.2.5	non	-	-	Intervalles de confiance demandés au fabricant.
4.3.1	oui	-	-	-
4.3.2	Oui : 3 centres, voir p. 12	-	Rapport 2024, p. 12	à confirmer
5.4.3	-	unknown	-	-
6.2.6.2	45.5	-	-	-
7.3.1	beaucoup	-	-	Devis demandé pour 40 000 examens par an.
7.4	oui	-	-	-
7.4.2	local	-	-	-
8.1.1	-	-	-	-"
}

@test "the vendor's form filled with openpyxl comes back answer by answer, each problem at its cell" {
	openpyxl_here
	filled
	run -1 --separate-stderr dmn-ask --lang en -i filled.xlsx "$EXAMPLES/fractavision.yaml"
	printf '%s\n' "$output" >out.yaml
	expect_filled filled.xlsx
	# nothing else moved; the device's notified body came from its sheet
	run -0 changed "$EXAMPLES/fractavision.yaml" out.yaml
	same "$output" "4.1 4.2.5 4.3.1 4.3.2 5.4.3 6.2.6.2 7.3.1 7.4 7.4.2
notified-body"
	grep -qx '  notified-body: "TÜV SÜD (0123)"' out.yaml
	# the refused number is kept as written, and the dossier's own checks flag it
	run -1 --separate-stderr dmn-validate --json out.yaml
	same "$(jq -c '[.dossiers[0].invalid[] | [.id, .value, .about]]' <<<"$output")" '[["7.3.1","beaucoup","answer"]]'
}

@test "a form read back unchanged leaves the dossier as it was, byte for byte, from XLSX and from CSV" {
	openpyxl_here
	for f in xlsx csv; do
		dmn-report -f "$f" -o "form.$f" "$EXAMPLES/osteoscan.yaml"
		run -0 --separate-stderr dmn-ask -i "form.$f" "$EXAMPLES/osteoscan.yaml"
		same "$stderr" ""
		printf '%s\n' "$output" >back.yaml
		cmp back.yaml "$EXAMPLES/osteoscan.yaml"
	done
	# a blank form filled makes a new dossier, device and all
	dmn-report -f csv -o blank.csv "$QUESTIONNAIRE"
	sed -i 's/^"device.name";;;"Device name";;;/"device.name";;;"Device name";;"Nouveau";/; s/^"3.1";\(.*\);"Text";;/"3.1";\1;"Text";"Détection : fractures";/' blank.csv
	run -0 --separate-stderr dmn-ask -i blank.csv </dev/null
	printf '%s\n' "$output" >new.yaml
	same "$(python3 -c 'import sys, yaml; d = yaml.safe_load(open(sys.argv[1])); print(d["device"], d["answers"]["3.1"]["answer"])' new.yaml)" \
		"{'name': 'Nouveau'} Détection : fractures"
}

@test "the filled form after LibreOffice (XLSX, and its Questions sheet as CSV) gives the same answers" {
	plain_pass_only
	openpyxl_here
	soffice_here
	filled
	mkdir lo
	timeout 300 soffice --headless --convert-to xlsx --outdir lo filled.xlsx >/dev/null 2>&1
	# LibreOffice's CSV filter: ';' '"' UTF-8, the third sheet (Questions)
	timeout 300 soffice --headless --convert-to 'csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,false,false,false,3' \
		--outdir lo filled.xlsx >/dev/null 2>&1
	run -1 --separate-stderr dmn-ask --lang en -i lo/filled.xlsx "$EXAMPLES/fractavision.yaml"
	printf '%s\n' "$output" >out.yaml
	expect_filled lo/filled.xlsx
	grep -qx '  notified-body: "TÜV SÜD (0123)"' out.yaml
	run -1 --separate-stderr dmn-ask --lang en -i lo/filled-Questions.csv "$EXAMPLES/fractavision.yaml"
	printf '%s\n' "$output" >out.yaml
	expect_filled lo/filled-Questions.csv ""
}

@test "a CSV saved as Excel in French does (; Windows-1252 CRLF, decimal comma) gives the same answers" {
	openpyxl_here
	filled
	$PY "$BATS_TEST_DIRNAME/form_fill.py" excel-csv filled.xlsx excel.csv
	head -c 200 excel.csv | grep -q $'\r$' || head -1 excel.csv | od -c | grep -q '\\r'
	run -1 --separate-stderr dmn-ask --lang en -i excel.csv "$EXAMPLES/fractavision.yaml"
	printf '%s\n' "$output" >out.yaml
	expect_filled excel.csv ""
	cp out.yaml in-order.yaml
	messages=$(sed 's/^excel.csv:[A-I][0-9]*: //' <<<"$stderr")
	# rows in another order (the headings kept first): found by their numbers all the same
	python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="cp1252", newline=""), delimiter=";"))
with open(sys.argv[2], "w", encoding="cp1252", newline="") as f:
    csv.writer(f, delimiter=";", lineterminator="\r\n").writerows(rows[:1] + rows[:0:-1])' excel.csv reversed.csv
	run -1 --separate-stderr dmn-ask --lang en -i reversed.csv "$EXAMPLES/fractavision.yaml"
	printf '%s\n' "$output" >out.yaml
	cmp out.yaml in-order.yaml
	same "$(sed 's/^reversed.csv:[A-I][0-9]*: //' <<<"$stderr" | sort)" "$(sort <<<"$messages")"
}

@test "the form as CSV is what Excel in French reads: BOM, ';', CRLF, a decimal comma" {
	run -0 dmn-ask --set 6.2.5=12.5 "$EXAMPLES/fractavision.yaml"
	printf '%s\n' "$output" >d.yaml
	dmn-report -f csv --lang fr -o form.csv d.yaml
	same "$(head -c 3 form.csv | od -An -tx1 | tr -d ' ')" "efbbbf"
	same "$(head -1 form.csv | tail -c +4)" $'"N°";"Section";"Contexte";"Question";"Réponse attendue";"Réponse";"Statut";"Source";"Commentaire"\r'
	same "$(sed -n 2p form.csv)" $'"device.name";;;"Nom du dispositif";;"FractaVision";;;\r'
	grep -q '^"6.2.5";.*;"12,5";' form.csv
	! grep -qv $'\r$' form.csv
	# and back: the same number
	run -0 dmn-ask -i form.csv d.yaml
	printf '%s\n' "$output" >back.yaml
	cmp back.yaml d.yaml
}

@test "the form's workbook: drop-downs, number checks, locked questions, frozen panes, print set-up" {
	plain_pass_only	# the workbook's structure: the same in every build
	openpyxl_here
	dmn-report -f xlsx --lang fr -o form.xlsx "$EXAMPLES/fractavision.yaml"
	$PY - form.xlsx >rows <<'EOF'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Questions"]
for r in ws.iter_rows(min_row=2):
    print(r[0].value, r[0].row)
EOF
	run -0 $PY "$BATS_TEST_DIRNAME/form_fill.py" facts form.xlsx
	printf '%s\n' "$output" >facts
	grep -qx 'sheet Instructions visible' facts
	grep -qx 'sheet Dispositif visible' facts
	grep -qx 'sheet Questions visible' facts
	grep -qx 'sheet Listes hidden' facts
	grep -qx 'Questions freeze B2' facts
	grep -qx 'Questions print 9 landscape None 0 True' facts
	grep -qx 'Questions protected True' facts
	grep -qx 'Questions locked A2 True F2 False' facts
	grep -qx "Questions validation F$(row 4.3.1) list None \"oui,non\" None" facts
	grep -qx "Questions validation G$(row 4.3.1) list None \"répondu,inconnu,sans objet,en attente\" None" facts
	grep -qx "Questions validation F$(row 6.2.5) decimal None -1000000000000000 1000000000000000" facts
	grep -qx "Questions validation F$(row 7.4.2) list None \"nationale,locale\" None" facts
	# labels with commas cannot make a list of words: their range on the sheet Listes
	grep -qx "Questions validation F$(row 5.3) list None Listes!\$C\$1:\$C\$3 None" facts
	# the lists offer the words of the form's language
	run -0 $PY "$BATS_TEST_DIRNAME/form_fill.py" cells form.xlsx Listes
	same "$(grep -E '^[AB][0-9]' <<<"$output")" "A1	oui
B1	répondu
A2	non
B2	inconnu
B3	sans objet
B4	en attente"
	# answers already given are there, and a question with a condition says so
	run -0 $PY "$BATS_TEST_DIRNAME/form_fill.py" cells form.xlsx Questions
	same "$(grep -E "^(E$(row 7.4.2)|F$(row 6.2.5)|F$(row 8.11.1))	" <<<"$output")" "F$(row 6.2.5)	1
E$(row 7.4.2)	Un choix parmi : nationale ; locale\\nSeulement si la réponse à 7.4 est oui
F$(row 8.11.1)	externe (« à distance »)"
}

@test "every example's form, bonesight's errors and all: each status cell offers the four statuses" {
	# the statuses' list was given to libxlsxwriter from an array out of scope (a crash on
	# bonesight's form in the optimised build)
	openpyxl_here
	for x in osteoscan fractavision bonesight; do
		run dmn-report -f xlsx --lang fr -o "$x.xlsx" "$EXAMPLES/$x.yaml"
		[ "$status" -le 1 ]
		$PY - "$x.xlsx" >lists <<'EOF'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Questions"]
for dv in ws.data_validations.dataValidation:
    if any(r.min_col == 7 for r in dv.sqref.ranges):
        print(dv.formula1)
EOF
		[ "$(sort -u lists)" = '"répondu,inconnu,sans objet,en attente"' ]
	done
}

@test "--for: the form holds the questions of that audience that take an answer, in order" {
	for who in vendor dsi; do
		dmn-report -f csv --for "$who" -o "$who.csv" "$QUESTIONNAIRE"
		# the ids of its rows, the device's left aside, as Python's csv module reads them
		run -0 python3 -c 'import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig"), delimiter=";"))[1:]
print(" ".join(r[0] for r in rows if not r[0].startswith("device.")))' "$who.csv"
		got=$output
		run -0 python3 -c 'import sys, questionnaire as Q
d = Q.load(sys.argv[1]); aud = Q.audiences(d)
print(" ".join(q["id"] for q in Q.answerable(d) if sys.argv[2] in aud[q["id"]]))' "$QUESTIONNAIRE" "$who"
		same "$got" "$output"
		[ "$(wc -w <<<"$got")" -gt 10 ]
	done
}

@test "a date question: a date validation, a date cell or 15/03/2024 read as 2024-03-15" {
	openpyxl_here
	sed 's/^        text: {fr: "Coût ?", en: "Cost?"}$/&\n      - id: "2.3"\n        type: date\n        text: {fr: "Date ?", en: "Date?"}/' \
		"$FIXTURES/questionnaire/mini.yaml" >dated.yaml
	grep -q 'type: date' dated.yaml
	dmn-report -Q dated.yaml -f xlsx -o form.xlsx "$FIXTURES/questionnaire/mini-dossier.yaml"
	run -0 $PY - form.xlsx <<'EOF'
import datetime, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Questions"]
for r in ws.iter_rows(min_row=2):
    if r[0].value == "2.3":
        r[5].value = datetime.datetime(2024, 3, 15)
        for dv in ws.data_validations.dataValidation:
            if r[5].coordinate in dv.sqref:
                print(dv.type, dv.operator, dv.formula1, dv.formula2)
wb.save("filled.xlsx")
EOF
	# a date from 1900-01-01 to 9999-12-31, as serials ("between", the default, is not written)
	same "$output" "date None 1 2958465"
	run -0 --separate-stderr dmn-ask -Q dated.yaml -i filled.xlsx "$FIXTURES/questionnaire/mini-dossier.yaml"
	printf '%s\n' "$output" >out.yaml
	run -0 answers out.yaml 2.3
	same "$output" "2.3	2024-03-15	-	-	-"
	dmn-report -Q dated.yaml -f csv -o form.csv "$FIXTURES/questionnaire/mini-dossier.yaml"
	sed -i 's|^"2.3";\(.*\);"A date (YYYY-MM-DD)";;|"2.3";\1;"A date (YYYY-MM-DD)";"15/03/2024";|' form.csv
	run -0 --separate-stderr dmn-ask -Q dated.yaml -i form.csv "$FIXTURES/questionnaire/mini-dossier.yaml"
	printf '%s\n' "$output" >out.yaml
	run -0 answers out.yaml 2.3
	same "$output" "2.3	2024-03-15	-	-	-"
}

@test "the committee's workbooks hold the comparison, the validation and the to-do, ready to print" {
	openpyxl_here
	dmn-compare -o c.yaml "$FIXTURES"/devices/*.yaml
	dmn-report -f xlsx --lang fr -o c.xlsx c.yaml
	run -0 $PY "$BATS_TEST_DIRNAME/sheets_check.py" comparison "$QUESTIONNAIRE" c.yaml c.xlsx fr
	same "${lines[0]}" "ok: 35 rows, 5 devices, $(python3 -c '
import sys, yaml
c = yaml.safe_load(open(sys.argv[1]))
print(sum(1 for r in c["rows"] if not r.get("heading") for cell in r["cells"] for a in cell["answers"] for k in ("source", "comment") if a.get(k)))' c.yaml) sources and comments in notes"
	run -1 dmn-validate --json -o v.json "$EXAMPLES"/*.yaml "$FIXTURES/devices/ossalis.yaml"
	dmn-report -f xlsx -o v.xlsx v.json
	run -0 $PY "$BATS_TEST_DIRNAME/sheets_check.py" validation "$QUESTIONNAIRE" v.json v.xlsx
	same "$output" "ok: 4 devices"
	dmn-report -f xlsx --todo -o t.xlsx v.json
	run -0 $PY "$BATS_TEST_DIRNAME/sheets_check.py" todo "$QUESTIONNAIRE" v.json t.xlsx
	[[ "$output" = "ok: "*" questions" ]]
}

@test "LibreOffice opens every workbook dmn writes and prints it on A4 pages" {
	plain_pass_only
	openpyxl_here
	soffice_here
	dmn-compare -o c.yaml "$EXAMPLES"/*.yaml 2>/dev/null || true
	dmn-validate --json -o v.json "$EXAMPLES"/*.yaml 2>/dev/null || true
	dmn-report -f xlsx --lang fr -o comparison.xlsx c.yaml
	dmn-report -f xlsx --lang fr -o validation.xlsx v.json
	dmn-report -f xlsx --lang fr --todo -o todo.xlsx v.json
	dmn-report -f xlsx --lang fr -o form.xlsx "$EXAMPLES/fractavision.yaml"
	timeout 300 soffice --headless --convert-to pdf comparison.xlsx validation.xlsx todo.xlsx form.xlsx >/dev/null 2>&1
	for f in comparison validation todo form; do
		run -0 pdfinfo "$f.pdf"
		[[ "$output" = *"Page size:"*"(A4)"* ]]
	done
	[[ "$(pdfinfo comparison.pdf)" = *"841.89 x 595.3"* ]]	# landscape
	pdftotext comparison.pdf - | grep -q 'FractaVision'
	pdftotext form.pdf - | grep -q 'Dans quelle(s) finalité(s)'
	mkdir -p "$DMN_BUILD/artefacts"
	for f in comparison validation todo form; do
		pdftoppm -r 60 -png -f 1 -l 1 -singlefile "$f.pdf" "$DMN_BUILD/artefacts/xlsx-$f"
	done
}

@test "spreadsheets: one document a workbook, CSV for the form only, --for with a sheet, nothing for a terminal" {
	dmn-compare -o c.yaml "$EXAMPLES"/*.yaml 2>/dev/null || true
	run -2 dmn-report -f csv c.yaml
	same "$output" "c.yaml:2:7: error: this document (kind: comparison) cannot be written as CSV: only the form (a dossier or a questionnaire) can; use -f xlsx"
	run -2 dmn-report -f xlsx -o two.xlsx "$EXAMPLES/fractavision.yaml" "$EXAMPLES/osteoscan.yaml"
	same "$output" "$EXAMPLES/osteoscan.yaml: error: a spreadsheet holds one document, and the input has more: give one document per run"
	[ ! -e two.xlsx ]
	run -2 dmn-report --for dsi c.yaml
	same "$output" "dmn-report: error: --for chooses the questions of a form: give -f xlsx, -f csv or -f fhir"
	run -2 dmn-report -f ods c.yaml
	same "${lines[0]}" "dmn-report: error: unknown format 'ods' (expected markdown, html, xlsx, csv or fhir)"
}

@test "dmn-ask --import refuses what is not a form of its questionnaire, and never writes over the form" {
	dmn-compare -o c.yaml "$EXAMPLES"/*.yaml 2>/dev/null || true
	dmn-report -f xlsx -o c.xlsx c.yaml
	run -2 dmn-ask -i c.xlsx "$EXAMPLES/osteoscan.yaml"
	same "$output" "c.xlsx: error: no sheet named Questions: not a form written by dmn-report -f xlsx"
	dmn-report -Q "$FIXTURES/questionnaire/mini.yaml" -f xlsx -o mini.xlsx "$FIXTURES/questionnaire/mini-dossier.yaml"
	run -2 dmn-ask -i mini.xlsx "$EXAMPLES/osteoscan.yaml"
	same "$output" "mini.xlsx:Device!C10: error: a form of questionnaire 'mini', not 'has-dmn-2023': not read"
	run -2 dmn-ask -i - </dev/null
	same "$output" "dmn-ask: error: --import - reads the form from stdin: give the dossier as a FILE"
	cp mini.xlsx keep.xlsx
	run -2 dmn-ask -Q "$FIXTURES/questionnaire/mini.yaml" -i mini.xlsx -o mini.xlsx "$FIXTURES/questionnaire/mini-dossier.yaml"
	same "$output" "dmn-ask: error: the output 'mini.xlsx' is also an input of this run: write it elsewhere"
	cmp mini.xlsx keep.xlsx
	run -2 dmn-ask -i "$EXAMPLES/osteoscan.yaml" "$EXAMPLES/osteoscan.yaml"
	same "$output" "$EXAMPLES/osteoscan.yaml:A1: error: not a form written by dmn-report -f xlsx or csv: its first row does not begin with the column No."
}

@test "the same document gives the same workbook, byte for byte; SOURCE_DATE_EPOCH dates it" {
	plain_pass_only
	dmn-report -f xlsx -o a.xlsx "$EXAMPLES/osteoscan.yaml"
	sleep 1
	dmn-report -f xlsx -o b.xlsx "$EXAMPLES/osteoscan.yaml"
	cmp a.xlsx b.xlsx
	SOURCE_DATE_EPOCH=1700000000 dmn-report -f xlsx -o c.xlsx "$EXAMPLES/osteoscan.yaml"
	unzip -p c.xlsx docProps/core.xml | grep -q '<dcterms:created xsi:type="dcterms:W3CDTF">2023-11-14T22:13:20Z</dcterms:created>'
}
