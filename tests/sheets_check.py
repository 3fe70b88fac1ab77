"""sheets_check.py: the committee's workbooks (dmn-report -f xlsx) checked against the documents
they render, read with PyYAML and openpyxl (Debian's, run by /usr/bin/python3), never with dmn.

  sheets_check.py comparison QUESTIONNAIRE C.yaml C.xlsx LANG
  sheets_check.py validation QUESTIONNAIRE V.json V.xlsx
  sheets_check.py todo QUESTIONNAIRE V.json T.xlsx

Prints one line per problem and exits 1 if any; prints what was checked otherwise.
"""
import json
import sys

import openpyxl
import yaml

import questionnaire as Q

problems = []


def expect(cond, what):
    if not cond:
        problems.append(what)


def print_setup(ws, freeze):
    ps = ws.page_setup
    expect(ws.freeze_panes == freeze, "%s: frozen at %s, not %s" % (ws.title, ws.freeze_panes, freeze))
    expect(str(ps.paperSize) == "9", "%s: paper %s, not A4 (9)" % (ws.title, ps.paperSize))
    expect(ps.orientation == "landscape", "%s: %s, not landscape" % (ws.title, ps.orientation))
    # fitToWidth absent is 1 (ECMA-376 18.3.1.64), fitToHeight 0: as many pages as it takes
    expect(ws.sheet_properties.pageSetUpPr.fitToPage and str(ps.fitToWidth or 1) == "1"
           and str(ps.fitToHeight) == "0", "%s: not fit to one page wide" % ws.title)
    expect(ws.print_title_rows in ("1:1", "$1:$1"), "%s: the first row is not repeated on each page" % ws.title)


def comparison(qpath, cpath, xpath, lang):
    c = yaml.safe_load(open(cpath))
    ws = openpyxl.load_workbook(xpath).worksheets[0]
    names = [d["name"] for d in c["devices"]]
    head = [ws.cell(1, k + 2).value for k in range(len(names))]
    expect(head == names, "device columns %s, not %s" % (head, names))
    titles = {}
    for r in ws.iter_rows(min_row=2):
        if r[0].value:
            titles[str(r[0].value).removeprefix("≠ ")] = r[0].row
    rows = [r for r in c["rows"] if not r.get("heading")]
    notes = 0
    for row in rows:
        title = row["title"][lang]
        expect(title in titles, "no row titled %r" % title)
        if title not in titles:
            continue
        line = titles[title]
        for k, cell in enumerate(row["cells"]):
            xl = ws.cell(line, k + 2)
            note = xl.comment.text if xl.comment else ""
            for a in cell["answers"]:
                for key in ("source", "comment"):
                    if a.get(key):
                        notes += 1
                        expect(str(a[key]) in note, "%s, %s: %s %r not in the cell's note"
                               % (names[k], title, key, a[key]))
            expect(xl.value, "%s, %s: an empty cell" % (names[k], title))
            expect(xl.alignment.wrap_text, "%s, %s: text not wrapped" % (names[k], title))
    # columns that fit: the criterion's wide, each device's between 16 and 45 characters
    from openpyxl.utils import get_column_letter
    expect(ws.column_dimensions["A"].width >= 40, "the criterion column is narrow")
    for k in range(len(names)):
        width = ws.column_dimensions[get_column_letter(k + 2)].width
        expect(16 <= width <= 46, "%s: a column %s wide" % (names[k], width))
    print_setup(ws, "B2")
    return "%d rows, %d devices, %d sources and comments in notes" % (len(rows), len(names), notes)


def validation(qpath, vpath, xpath):
    v = json.load(open(vpath))
    wb = openpyxl.load_workbook(xpath)
    summary, questions = wb.worksheets[0], wb.worksheets[1]
    last = summary.max_row
    while summary.cell(last, 1).value is None or not str(summary.cell(last, 2).value or "").startswith("=SUM"):
        last -= 1
    listed = {}
    for r in questions.iter_rows(min_row=2, values_only=True):
        listed[r[0]] = listed.get(r[0], 0) + 1
    for k, d in enumerate(v["dossiers"]):
        name = d["device"]["name"]
        want = len(d.get("missing", [])) + len(d.get("invalid", []))
        got = sum(summary.cell(r, k + 2).value for r in range(2, last))
        expect(summary.cell(1, k + 2).value == name, "summary column %d is %r, not %r"
               % (k + 2, summary.cell(1, k + 2).value, name))
        expect(got == want, "%s: the summary counts %d, the validation %d" % (name, got, want))
        expect(listed.get(name, 0) == len(d.get("missing", [])) + len(d.get("invalid", [])),
               "%s: %d rows on the sheet Questions" % (name, listed.get(name, 0)))
    print_setup(summary, "B2")
    print_setup(questions, "B2")
    return "%d devices" % len(v["dossiers"])


def todo(qpath, vpath, xpath):
    v = json.load(open(vpath))
    aud = Q.audiences(Q.load(qpath))
    ws = openpyxl.load_workbook(xpath).worksheets[0]
    got = sorted((r[0], str(r[3])) for r in ws.iter_rows(min_row=2, values_only=True) if r[0])
    want = sorted((d["device"]["name"], m["id"]) for d in v["dossiers"] for m in d.get("missing", [])
                  if "vendor" not in aud[m["id"]])
    expect(got == want, "to-do rows %s, not %s" % (got[:5], want[:5]))
    print_setup(ws, "B2")
    return "%d questions" % len(want)


if __name__ == "__main__":
    what = {"comparison": comparison, "validation": validation, "todo": todo}[sys.argv[1]](*sys.argv[2:])
    for p in problems:
        print(p)
    if problems:
        sys.exit(1)
    print("ok:", what)
