"""form_fill.py: the vendor's side of the spreadsheet round trip, with openpyxl (Debian's
python3-openpyxl, run by /usr/bin/python3), never with dmn.

  form_fill.py fill FORM OUT         fill FORM (dmn-report -f xlsx) as a vendor would; prints
                                     "ID ROW" for each row touched, for the test's expected cells
  form_fill.py facts FILE            what a workbook holds, one fact a line (sheets, hidden sheets,
                                     frozen panes, print set-up, protection, validations by cell)
  form_fill.py cells FILE SHEET      every cell of a sheet: REF<TAB>VALUE, and REF#comment<TAB>TEXT
  form_fill.py excel-csv FORM OUT    the Questions sheet as Excel in French saves a CSV: ';',
                                     Windows-1252, CRLF, decimal comma, dates as DD/MM/YYYY
"""
import csv
import datetime
import io
import sys

import openpyxl


def rows_by_id(ws):
    return {str(r[0].value): r[0].row for r in ws.iter_rows(min_row=2) if r[0].value is not None}


def list_values(wb, ws, ref):
    """the values a cell's drop-down offers: its validation's words, or its range read on its sheet"""
    for dv in ws.data_validations.dataValidation:
        if ref in dv.sqref and dv.type == "list":
            if dv.formula1.startswith('"'):                 # the words themselves
                return dv.formula1.strip('"').split(",")
            sheet, rng = dv.formula1.split("!")
            cells = wb[sheet.strip("'")][rng.replace("$", "")]
            return [c[0].value for c in cells]
    raise SystemExit("no drop-down on " + ref)


def fill(path, out):
    wb = openpyxl.load_workbook(path)
    ws = wb["Questions"]
    row = rows_by_id(ws)
    touched = {}

    def answer(qid, value=None, status=None, source=None, comment=None):
        r = row[qid]
        touched[qid] = r
        if value is not None:
            ws.cell(r, 6, value)
        if status is not None:
            ws.cell(r, 7, status)
        if source is not None:
            ws.cell(r, 8, source)
        if comment is not None:
            ws.cell(r, 9, comment)

    yes, no = list_values(wb, ws, "F%d" % row["4.3.1"])
    statuses = list_values(wb, ws, "G%d" % row["4.3.1"])
    answer("4.3.1", yes)                                    # from the drop-down
    answer("7.4", yes)                                      # makes 7.4.2 apply
    answer("7.4.2", list_values(wb, ws, "F%d" % row["7.4.2"])[1])
    answer("7.3.1", "beaucoup", status="")                  # not a number
    answer("5.4.3", status=statuses[1])                     # unknown
    answer("4.3.2", "Oui : 3 centres, voir p. 12", source="Rapport 2024, p. 12", comment="à confirmer")
    answer("6.2.6.2", 45.5)                                 # a number replacing 60
    answer("4.2.5", no, status="")                          # was pending
    answer("4.1", "clinique ; budgétaire")                  # several options
    answer("8.1.1", yes)
    ws.cell(row["8.1.1"], 4, "Une question réécrite par le fabricant ?")  # edited: not trusted
    ws.row_dimensions[row["4.3.2"]].hidden = True           # a hidden row is read all the same
    last = ws.max_row + 2
    ws.cell(last, 6, "une réponse sans numéro")
    touched["none"] = last
    device = wb["Dispositif"] if "Dispositif" in wb.sheetnames else wb["Device"]
    device["C6"] = "TÜV SÜD (0123)"                         # notified body
    wb.create_sheet("Notes du fabricant")["A1"] = "une feuille de plus"
    wb.save(out)
    for qid, r in touched.items():
        print(qid, r)


def facts(path):
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        name = ws.title
        print("sheet", name, ws.sheet_state)
        if ws.freeze_panes:
            print(name, "freeze", ws.freeze_panes)
        ps = ws.page_setup
        print(name, "print", ps.paperSize, ps.orientation, ps.fitToWidth, ps.fitToHeight,
              ws.sheet_properties.pageSetUpPr.fitToPage if ws.sheet_properties.pageSetUpPr else None)
        if ws.print_title_rows:
            print(name, "repeat", ws.print_title_rows)
        print(name, "protected", bool(ws.protection.sheet))
        for dv in ws.data_validations.dataValidation:
            for rng in dv.sqref.ranges:
                print(name, "validation", rng.coord, dv.type, dv.operator, dv.formula1, dv.formula2)
        if ws.max_row > 1:
            print(name, "locked A2", ws["A2"].protection.locked, "F2", ws["F2"].protection.locked)


def cells(path, sheet):
    ws = openpyxl.load_workbook(path)[sheet]
    for r in ws.iter_rows():
        for c in r:
            if c.value is not None:
                v = c.value
                if isinstance(v, datetime.datetime):
                    v = v.date().isoformat()
                print("%s\t%s" % (c.coordinate, str(v).replace("\n", "\\n")))
            if c.comment is not None:
                print("%s#comment\t%s" % (c.coordinate, c.comment.text.replace("\n", "\\n")))


def excel_csv(path, out):
    """as Excel in French writes "CSV (séparateur : point-virgule)": the values shown"""
    ws = openpyxl.load_workbook(path)["Questions"]
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    for r in ws.iter_rows(values_only=True):
        row = []
        for v in r:
            if v is None:
                row.append("")
            elif isinstance(v, float):
                row.append(repr(v).replace(".", ","))
            elif isinstance(v, datetime.datetime):
                row.append(v.strftime("%d/%m/%Y"))
            else:
                row.append(str(v))
        w.writerow(row)
    with open(out, "wb") as f:
        f.write(buf.getvalue().encode("cp1252"))


if __name__ == "__main__":
    {"fill": fill, "facts": facts, "cells": cells, "excel-csv": excel_csv}[sys.argv[1]](*sys.argv[2:])
