#!/usr/bin/env python3
"""Write the reference documents that pandoc takes with --reference-doc to make dmn's
reports into DOCX files fit to hand over: A4, landscape for the comparison (the Annexe 2
table), portrait for letters, to-dos and dossier reports; tables with borders and a header
row repeated on every page; page numbers in the footer.

    python3 cmd/pandoc/mkreference.py DEFAULT.docx OUTDIR

DEFAULT.docx is pandoc's own (pandoc -o DEFAULT.docx --print-default-data-file
reference.docx); the two files written are cmd/pandoc/comparison.docx and cmd/pandoc/portrait.docx,
kept in git so that neither the build nor the user needs this script."""
import re
import sys
import zipfile

A4 = (11906, 16838)  # twentieths of a point
FOOTER = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
          '<w:p><w:pPr><w:jc w:val="center"/></w:pPr>'
          '<w:r><w:rPr><w:sz w:val="16"/></w:rPr><w:fldChar w:fldCharType="begin"/></w:r>'
          '<w:r><w:rPr><w:sz w:val="16"/></w:rPr><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
          '<w:r><w:rPr><w:sz w:val="16"/></w:rPr><w:fldChar w:fldCharType="separate"/></w:r>'
          '<w:r><w:rPr><w:sz w:val="16"/></w:rPr><w:t>1</w:t></w:r>'
          '<w:r><w:rPr><w:sz w:val="16"/></w:rPr><w:fldChar w:fldCharType="end"/></w:r>'
          '<w:r><w:rPr><w:sz w:val="16"/></w:rPr><w:t xml:space="preserve"> / </w:t></w:r>'
          '<w:r><w:rPr><w:sz w:val="16"/></w:rPr><w:fldChar w:fldCharType="begin"/></w:r>'
          '<w:r><w:rPr><w:sz w:val="16"/></w:rPr><w:instrText xml:space="preserve"> NUMPAGES </w:instrText></w:r>'
          '<w:r><w:rPr><w:sz w:val="16"/></w:rPr><w:fldChar w:fldCharType="separate"/></w:r>'
          '<w:r><w:rPr><w:sz w:val="16"/></w:rPr><w:t>1</w:t></w:r>'
          '<w:r><w:rPr><w:sz w:val="16"/></w:rPr><w:fldChar w:fldCharType="end"/></w:r>'
          '</w:p></w:ftr>\n')
BORDERS = ''.join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="777777"/>'
                  for side in ('top', 'left', 'bottom', 'right', 'insideH', 'insideV'))


def make(default, out, landscape, cell_pt):
    w, h = (A4[1], A4[0]) if landscape else A4
    orient = ' w:orient="landscape"' if landscape else ''
    margin = 851 if landscape else 1021  # 15 mm, 18 mm
    sect = (f'<w:sectPr xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<w:footerReference w:type="default" r:id="rIdDmnFooter"/>'
            f'<w:pgSz w:w="{w}" w:h="{h}"{orient}/>'
            f'<w:pgMar w:top="{margin}" w:right="{margin}" w:bottom="{margin}" w:left="{margin}" '
            f'w:header="454" w:footer="454" w:gutter="0"/></w:sectPr>')
    with zipfile.ZipFile(default) as zin, zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == 'word/document.xml':
                data = re.sub(rb'<w:sectPr\s*/>|<w:sectPr>.*?</w:sectPr>', sect.encode(), data, flags=re.S)
            elif item.filename == 'word/styles.xml':
                s = data.decode()
                # the table style: borders, a header row repeated on every page
                s = s.replace('<w:tblInd w:w="0" w:type="dxa" />',
                              f'<w:tblInd w:w="0" w:type="dxa" /><w:tblBorders>{BORDERS}</w:tblBorders>', 1)
                # text in table cells (pandoc's Compact style): smaller
                s = re.sub(r'(<w:style w:type="paragraph" w:customStyle="1" w:styleId="Compact">.*?)(</w:style>)',
                           lambda m: m.group(1).replace('</w:pPr>', f'</w:pPr><w:rPr><w:sz w:val="{2 * cell_pt}"/>'
                                                        f'<w:szCs w:val="{2 * cell_pt}"/></w:rPr>', 1) + m.group(2),
                           s, count=1, flags=re.S)
                data = s.encode()
            elif item.filename == 'word/_rels/document.xml.rels':
                data = data.replace(b'</Relationships>',
                                    b'<Relationship Id="rIdDmnFooter" Type="http://schemas.openxmlformats.org/'
                                    b'officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>')
            elif item.filename == '[Content_Types].xml':
                data = data.replace(b'</Types>', b'<Override PartName="/word/footer1.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/></Types>')
            zout.writestr(item, data)
        zout.writestr('word/footer1.xml', FOOTER)


if __name__ == '__main__':
    default, outdir = sys.argv[1], sys.argv[2]
    make(default, f'{outdir}/comparison.docx', True, 8)
    make(default, f'{outdir}/portrait.docx', False, 9)
