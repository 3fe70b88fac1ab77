#!/usr/bin/python3
"""sheet_fixtures.py DIR: the spreadsheets tests/sheet.bats reads, made into DIR.

Real writers (openpyxl), a workbook built by hand (zipfile) with what Excel and others
write and openpyxl does not, CSV files as Excel in French saves them, and hostile files:
zip bombs, lying headers, billion laughs, paths out of xl/, broken zips and XML. The big
members are written in streaming (a megabyte at a time) and compressed, so that this takes
about a second and the files stay small; DIR/sizes lists the uncompressed and compressed
sizes of the bombs, from which the tests compute the ratio the reader reports.
Run with Debian's /usr/bin/python3 (openpyxl)."""
import datetime
import os
import random
import struct
import sys
import warnings
import zipfile

import openpyxl

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
DOCREL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKGREL = "http://schemas.openxmlformats.org/package/2006/relationships"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
MB = 1 << 20


def workbook(sheets, pr=""):
    """xl/workbook.xml listing sheets (name, rId, extra attributes)"""
    items = "".join('<sheet name="%s" sheetId="%d" r:id="%s"%s/>\n' % (n, i + 1, rid, extra)
                    for i, (n, rid, extra) in enumerate(sheets))
    return HEAD + '<workbook xmlns="%s" xmlns:r="%s">\n%s<sheets>\n%s</sheets>\n</workbook>\n' % (
        MAIN, DOCREL, pr, items)


def rels(items):
    """xl/_rels/workbook.xml.rels of (rId, type, target)"""
    lines = "".join('<Relationship Id="%s" Type="%s/%s" Target="%s"/>\n' % (rid, DOCREL, t, target)
                    for rid, t, target in items)
    return HEAD + '<Relationships xmlns="%s">\n%s</Relationships>\n' % (PKGREL, lines)


def sheet(rows):
    """a worksheet whose sheetData holds rows (XML text)"""
    return HEAD + '<worksheet xmlns="%s">\n<sheetData>\n%s</sheetData>\n</worksheet>\n' % (MAIN, rows)


ONE_SHEET = {
    "xl/workbook.xml": workbook([("S", "rId1", "")]),
    "xl/_rels/workbook.xml.rels": rels([("rId1", "worksheet", "worksheets/sheet1.xml")]),
}
WITH_SST = dict(ONE_SHEET)
WITH_SST["xl/_rels/workbook.xml.rels"] = rels([("rId1", "worksheet", "worksheets/sheet1.xml"),
                                               ("rId2", "sharedStrings", "sharedStrings.xml")])


def xlsx(path, parts, level=6):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        for name, text in parts.items():
            z.writestr(name, text)


def one_sheet(path, rows, strings=None, sst=None):
    """a workbook of one sheet S, with shared strings when given (XML of the si, or the
    whole part)"""
    parts = dict(ONE_SHEET if strings is None and sst is None else WITH_SST)
    parts["xl/worksheets/sheet1.xml"] = sheet(rows)
    if strings is not None:
        sst = HEAD + '<sst xmlns="%s">\n%s</sst>\n' % (MAIN, strings)
    if sst is not None:
        parts["xl/sharedStrings.xml"] = sst
    xlsx(path, parts)


def streamed(path, parts, name, head, block, count, tail, level=9):
    """parts, then member name: head, count times block, tail, written a block at a time"""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        for n, text in parts.items():
            z.writestr(n, text)
        with z.open(name, "w") as w:
            w.write(head.encode())
            for _ in range(count):
                w.write(block)
            w.write(tail.encode())
        info = z.getinfo(name)
    return info.file_size, info.compress_size


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def patch(path, name, local_fields, central_fields):
    """member name's fields set in its local and central headers: {offset: (format, value)}"""
    with open(path, "rb") as f:
        b = bytearray(f.read())
    with zipfile.ZipFile(path) as z:
        local = z.getinfo(name).header_offset
    for off, (fmt, v) in local_fields.items():
        struct.pack_into(fmt, b, local + off, v)
    p = struct.unpack_from("<I", b, b.rfind(b"PK\x05\x06") + 16)[0]
    while b[p:p + 4] == b"PK\x01\x02":
        nlen, xlen, clen = struct.unpack_from("<HHH", b, p + 28)
        if b[p + 46:p + 46 + nlen] == name.encode():
            for off, (fmt, v) in central_fields.items():
                struct.pack_into(fmt, b, p + off, v)
        p += 46 + nlen + xlen + clen
    write(path, bytes(b))


def real_writers(d):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Questions"
    ws["A1"] = "Identifiant"
    ws["B1"] = "Réponse"
    ws["A2"] = "1.1"
    ws["B2"] = 42
    ws["C2"] = 3.5
    ws["D2"] = True
    ws["E2"] = datetime.date(2024, 3, 15)
    ws["F2"] = -0.25
    ws["G2"] = "<a & b>"
    ws["H2"] = datetime.datetime(2024, 3, 15, 12, 0)
    ws["F23"] = "tab\there\nline"
    hidden = wb.create_sheet("Caché")
    hidden.sheet_state = "hidden"
    hidden["A1"] = "secret"
    wb.create_sheet("Extra")["B2"] = "x"
    wb.save(os.path.join(d, "openpyxl.xlsx"))


def by_hand(d):
    """what openpyxl never writes: shared strings with rich text and phonetic runs, r-less
    cells and rows, rows out of order, a prefixed namespace, 1904 dates, cached formula
    values, an absolute target and a shared strings part at another name"""
    x = 'xmlns:x="%s"' % MAIN
    parts = {
        "xl/workbook.xml": HEAD + '<x:workbook %s xmlns:r="%s">\n<x:workbookPr date1904="1"/>\n<x:sheets>\n'
        '<x:sheet name="Main" sheetId="1" r:id="rId1"/>\n'
        '<x:sheet name="Abs &amp; co" sheetId="2" state="veryHidden" r:id="rId2"/>\n'
        '</x:sheets>\n</x:workbook>\n' % (x, DOCREL),
        "xl/_rels/workbook.xml.rels": rels([("rId1", "worksheet", "worksheets/sheet1.xml"),
                                            ("rId2", "worksheet", "/xl/worksheets/abs.xml"),
                                            ("rId3", "sharedStrings", "strings.xml"),
                                            ("rId4", "image", "../media/outside.png")]),
        "xl/strings.xml": HEAD + '<x:sst %s count="4" uniqueCount="4">\n'
        '<x:si><x:t>plain</x:t></x:si>\n'
        '<x:si><x:r><x:rPr><x:b/></x:rPr><x:t xml:space="preserve">rich </x:t></x:r><x:r><x:t>text</x:t></x:r>'
        '<x:rPh sb="0" eb="1"><x:t>ルビ</x:t></x:rPh><x:phoneticPr fontId="1"/></x:si>\n'
        '<x:si><x:t/></x:si>\n'
        '<x:si><x:t>a &amp; b&#10;c</x:t></x:si>\n'
        '</x:sst>\n' % x,
        "xl/worksheets/sheet1.xml": HEAD + '<x:worksheet %s>\n<x:sheetData>\n'
        '<x:row r="3"><x:c r="A3" t="s"><x:v>0</x:v></x:c></x:row>\n'
        '<x:row r="1">\n'
        '<x:c r="A1" t="s"><x:v>1</x:v></x:c>\n'
        '<x:c t="inlineStr"><x:is><x:t>inline</x:t></x:is></x:c>\n'
        '<x:c t="inlineStr"><x:is><x:r><x:t>run1</x:t></x:r><x:r><x:t>run2</x:t></x:r>'
        '<x:rPh><x:t>no</x:t></x:rPh></x:is></x:c>\n'
        '<x:c r="E1"><x:v>45366</x:v></x:c>\n'
        '<x:c><x:v>-1.5E-3</x:v></x:c>\n'
        '</x:row>\n'
        '<x:row>\n'
        '<x:c t="str"><x:f>A1&amp;"!"</x:f><x:v>rich text!</x:v></x:c>\n'
        '<x:c t="e"><x:f>1/0</x:f><x:v>#DIV/0!</x:v></x:c>\n'
        '<x:c t="b"><x:v>0</x:v></x:c>\n'
        '<x:c t="d"><x:v>2024-03-15T00:00:00</x:v></x:c>\n'
        '<x:c t="s"><x:v>2</x:v></x:c>\n'
        '<x:c s="3"/>\n'
        '<x:c><x:f>NOW()</x:f></x:c>\n'
        '<x:c t="s"><x:v>3</x:v></x:c>\n'
        '<x:c t="inlineStr"><x:is><x:t xml:space="preserve">  spaced  </x:t></x:is></x:c>\n'
        '</x:row>\n'
        '</x:sheetData>\n</x:worksheet>\n' % x,
        "xl/worksheets/abs.xml": sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>hidden</t></is></c></row>\n'),
    }
    xlsx(os.path.join(d, "hand.xlsx"), parts)
    # the longest cell allowed: 32767 characters of two bytes
    one_sheet(os.path.join(d, "longest.xlsx"),
              '<row r="1"><c r="A1" t="inlineStr"><is><t>%s</t></is></c></row>\n' % ("é" * 32767))


def csv_files(d):
    def put(name, data):
        write(os.path.join(d, name), data)
    put("excel.csv", "\ufeffId;Réponse;Note\r\n1.1;\"oui; vraiment\";\r\n1.2;\"deux\r\nlignes\";"
        "\"il a dit \"\"non\"\"\"\r\n\r\n;;fin\r\n".encode())
    put("cp1252.csv", "Nom;Montant\r\nœuvre;12 €\r\ncafé;\"\"\r\n".encode("cp1252"))
    put("comma.csv", b'name,value\n"x,y",2\nlast,"tab\there"')
    put("unicode.txt", "Id\tRéponse\r\n1.1\toui\r\n".encode("utf-16"))
    put("nul.csv", b"a;b\nc\0d;e\n")
    put("unterminated.csv", b"a;b\n\"c;d\ne\n")
    put("bad1252.csv", b"caf\xe9;\x81\n")
    put("longcell.csv", b"a;" + b"x" * 40000 + b"\n")


SHEET_HEAD = sheet("")[:-len("</sheetData>\n</worksheet>\n")]
SHEET_TAIL = "</sheetData>\n</worksheet>\n"


def bombs(p):
    sizes = []
    # 200 MB of zeros deflated into 200 KB
    sizes.append(("bomb",) + streamed(p("bomb.xlsx"), ONE_SHEET, "xl/worksheets/sheet1.xml", "", bytes(MB),
                                      200, ""))
    # 100 MB of a well-formed sheet, declared as 1000 bytes in both headers
    sizes.append(("liar",) + streamed(p("liar.xlsx"), ONE_SHEET, "xl/worksheets/sheet1.xml", SHEET_HEAD,
                                      b" " * MB, 100, SHEET_TAIL))
    patch(p("liar.xlsx"), "xl/worksheets/sheet1.xml", {22: ("<I", 1000)}, {24: ("<I", 1000)})
    # a shared string of 100 MB
    parts = dict(WITH_SST)
    parts["xl/worksheets/sheet1.xml"] = sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>\n')
    sizes.append(("bigstring",) + streamed(p("bigstring.xlsx"), parts, "xl/sharedStrings.xml",
                                           HEAD + '<sst xmlns="%s">\n<si><t>' % MAIN, b"a" * MB, 100,
                                           "</t></si>\n</sst>\n"))
    # 65 MB that compress only 60 times or so (a random 16 KB again and again)
    block = random.Random(3).randbytes(16384) * 64
    streamed(p("large.xlsx"), ONE_SHEET, "xl/worksheets/sheet1.xml", "", block, 65, "", level=1)
    with open(p("sizes"), "w") as f:
        for s in sizes:
            f.write("%s %d %d\n" % s)
    # 2 million cells: 2000 rows of 1000 cells (with no r: each follows the one before),
    # 30 MB of XML compressed 50 times (each row repeats the one before it)
    rnd = random.Random(2)
    row = "".join("<c><v>%d</v></c>" % rnd.randint(0, 1) for _ in range(1000))
    with zipfile.ZipFile(p("cells.xlsx"), "w", zipfile.ZIP_DEFLATED) as z:
        for n, text in ONE_SHEET.items():
            z.writestr(n, text)
        with z.open("xl/worksheets/sheet1.xml", "w") as w:
            w.write(SHEET_HEAD.encode())
            for r in range(1, 2001):
                w.write(('<row r="%d">%s</row>\n' % (r, row)).encode())
            w.write(SHEET_TAIL.encode())


def entities_and_targets(p):
    # entities that expand a billion times (10 of a, 10 of those...), one read from a file
    laughs = "".join('<!ENTITY %s "%s">\n' % (chr(98 + i), ("&%s;" % chr(97 + i)) * 10) for i in range(9))
    laughs = '<!DOCTYPE workbook [\n<!ENTITY a "ha">\n%s]>\n' % laughs
    xlsx(p("laughs.xlsx"), dict(ONE_SHEET, **{"xl/workbook.xml": HEAD + laughs +
                                              workbook([("&j;", "rId1", "")])[len(HEAD):]}))
    one_sheet(p("xxe.xlsx"), '<row r="1"><c r="A1" t="s"><v>0</v></c></row>\n',
              sst=HEAD + '<!DOCTYPE sst [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
              '<sst xmlns="%s"><si><t>&x;</t></si></sst>\n' % MAIN)
    # targets out of xl/, to members that are there
    for name, target in (("dotdot", "../evil.xml"), ("absolute", "/docProps/app.xml")):
        xlsx(p(name + ".xlsx"), {"xl/workbook.xml": ONE_SHEET["xl/workbook.xml"],
                                 "xl/_rels/workbook.xml.rels": rels([("rId1", "worksheet", target)]),
                                 "docProps/app.xml": sheet(""), "evil.xml": sheet("")})


def broken_zips(p):
    """cut in half, noise after a signature, a corrupted member, an encrypted one, an
    unknown compression method, two members of one name: all made from good.xlsx"""
    one_sheet(p("good.xlsx"), '<row r="1"><c r="A1" t="inlineStr"><is><t>%s</t></is></c></row>\n'
              % " ".join(str(i) for i in range(3000)))
    with open(p("good.xlsx"), "rb") as f:
        good = f.read()
    write(p("truncated.xlsx"), good[:len(good) // 2])
    write(p("noise.xlsx"), b"PK\x03\x04" + random.Random(1).randbytes(3000))
    with zipfile.ZipFile(p("good.xlsx")) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    middle = info.header_offset + 30 + len(info.filename) + len(info.extra) + info.compress_size // 2
    flipped = bytes(b ^ 0x55 for b in good[middle:middle + 64])
    write(p("corrupt.xlsx"), good[:middle] + flipped + good[middle + 64:])
    write(p("encrypted.xlsx"), good)
    patch(p("encrypted.xlsx"), "xl/workbook.xml", {6: ("<H", 1)}, {8: ("<H", 1)})
    write(p("method.xlsx"), good)
    patch(p("method.xlsx"), "xl/workbook.xml", {8: ("<H", 6)}, {10: ("<H", 6)})
    with zipfile.ZipFile(p("twice.xlsx"), "w") as z, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Duplicate name"
        for n, text in ONE_SHEET.items():
            z.writestr(n, text)
        z.writestr("xl/workbook.xml", workbook([("T", "rId1", "")]))


def broken_xml(p):
    one_sheet(p("mismatch.xlsx"), '<row r="1">\n<c r="A1"><v>1</v>\n</row>\n')
    for name, byte in (("badutf8", b"\xe9"), ("nulxml", b"\0")):
        rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>caf@</t></is></c></row>\n'
        parts = dict(ONE_SHEET)
        parts["xl/worksheets/sheet1.xml"] = sheet(rows).encode().replace(b"@", byte)
        xlsx(p(name + ".xlsx"), parts)
    one_sheet(p("deep.xlsx"), '<row r="1"><c r="A1">' + "<x>" * 100 + "</x>" * 100 + '</c></row>\n')
    one_sheet(p("range.xlsx"), '<row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1" t="s"><v>5</v></c></row>\n',
              "<si><t>zero</t></si>\n<si><t>one</t></si>\n")
    one_sheet(p("longstring.xlsx"), '<row r="1"><c r="A1" t="s"><v>0</v></c></row>\n',
              "<si><t>ok</t></si>\n<si><t>%s</t></si>\n" % ("é" * 32768))
    one_sheet(p("duplicate.xlsx"), '<row r="1"><c r="B1"><v>1</v></c></row>\n'
              '<row r="2"><c r="A2"><v>2</v></c>\n<c r="B1"><v>3</v></c></row>\n')
    one_sheet(p("beyond.xlsx"), '<row r="1"><c r="XFE1"><v>1</v></c></row>\n')


def main():
    d = sys.argv[1]

    def p(name):
        return os.path.join(d, name)
    real_writers(d)
    by_hand(d)
    csv_files(d)
    bombs(p)
    entities_and_targets(p)
    broken_zips(p)
    broken_xml(p)


if __name__ == "__main__":
    main()
