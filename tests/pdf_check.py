#!/usr/bin/env python3
"""pdf_check.py PDF SOURCE.md COMPARISON.yaml: a comparison rendered to paper, checked as a
committee would read it. The words come from `pdftotext -bbox` (poppler), never from the
Markdown or HTML that made the PDF:

- every word lies inside its page;
- no table column is narrower than 12 characters: on each line of words at one height, a
  gap wider than two characters starts a cell, at its column's left edge; a character is
  the mean width of a character over the words of the page;
- every word is whole: a word of the PDF is a word of the Markdown the PDF was made from,
  unless it is a piece of a token longer than a 12-character column could hold (an
  address, a DOI), which a browser must cut somewhere to keep it on the page;
- every source, comment and finding of the comparison appears in the PDF's text.

Prints what is wrong, one line each, and exits 1; exits 0 silently when all holds."""
import html
import re
import subprocess
import sys
import unicodedata

import yaml

LONG = 24  # a token longer than this may be cut in a narrow column


def words_of(pdf):
    out = subprocess.run(['pdftotext', '-bbox', pdf, '-'], check=True, capture_output=True, text=True).stdout
    pages = []
    for m in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, re.S):
        w, h = float(m.group(1)), float(m.group(2))
        ws = [(float(a), float(b), float(c), float(d), html.unescape(t))
              for a, b, c, d, t in re.findall(
                  r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">(.*?)</word>',
                  m.group(3))]
        pages.append((w, h, ws))
    return pages


def norm(s):
    s = unicodedata.normalize('NFKC', s)
    return re.sub(r'\s+', ' ', s).strip()


def core(word):
    """a word without the punctuation around it"""
    return word.strip('.,;:!?()[]«»“”"\'*…·—–-/|\\')


def main(pdf, md_path, comparison):
    errors = []
    pages = words_of(pdf)
    md = open(md_path, encoding='utf-8').read()
    # the Markdown's words: markup and escapes out, every token and every piece of one
    plain = md.replace('\\', '')
    tokens = set()
    long_tokens = []
    for t in re.split(r'\s+', plain):
        # a compound breaks at its hyphen or slash: each part is a word too
        for piece in [t] + re.split(r'[*|]+', t) + re.split(r'(?<=[-/])', t):
            c = core(unicodedata.normalize('NFKC', piece))
            if c:
                tokens.add(c)
                if len(c) > LONG:
                    long_tokens.append(c)
    if not pages:
        errors.append('no page')
    for n, (w, h, ws) in enumerate(pages, 1):
        for x0, y0, x1, y1, t in ws:
            if x0 < 0 or y0 < 0 or x1 > w + 0.5 or y1 > h + 0.5:
                errors.append(f'page {n}: "{t}" lies outside the page ({x0:.0f},{y0:.0f})-({x1:.0f},{y1:.0f})')
            c = core(unicodedata.normalize('NFKC', t))
            if c and c not in tokens and not any(c in lt for lt in long_tokens):
                errors.append(f'page {n}: "{t}" is not a whole word of the report')  # "fonctionneme" / "nt"
        chars = sum(len(t) for *_, t in ws)
        width = sum(x1 - x0 for x0, _, x1, _, _ in ws)
        if not chars:
            continue
        char = width / chars
        # the table columns: on a line of words at one height, a gap wider than two
        # characters starts a new cell, whose left edge is its column's
        lines = {}
        for x0, y0, x1, y1, t in ws:
            lines.setdefault(round(y0 * 2) / 2, []).append((x0, x1, t))
        for y, line in sorted(lines.items()):
            cells, end = [], None
            for a, b, t in sorted(line):
                if end is None or a - end > 2 * char:
                    cells.append([a, []])
                cells[-1][1].append(t)
                end = b
            # a list's number or bullet is followed by a tab stop, not a column
            cells = [c for c in cells if not re.fullmatch(r'\d+\.|[•◦▪–-]', ' '.join(c[1]))]
            for (a, _), (b, _) in zip(cells, cells[1:]):
                if b - a < 12 * char:
                    errors.append(f'page {n}: a column of {(b - a) / char:.1f} characters (y={y:.0f}, x={a:.0f})')
                    break
    raw = subprocess.run(['pdftotext', pdf, '-'], check=True, capture_output=True, text=True).stdout
    # the page numbers ("2 / 31") and page breaks between two lines of one note
    text = norm(re.sub(r'(?m)^\s*\d+( / \d+)?\s*$', ' ', raw.replace('\f', '\n')))
    # pdftotext joins "au-" and "delà" of two lines as "audelà": spaces and hyphens aside too
    squeezed = text.replace(' ', '').replace('-', '')
    doc = yaml.safe_load(open(comparison, encoding='utf-8'))
    for row in doc['rows']:
        for cell in row.get('cells') or []:
            for a in cell['answers']:
                for key in ('source', 'comment', 'finding'):
                    s = a.get(key)
                    if s is None:
                        continue
                    s = norm(str(s))
                    # a long token cut at a line's end loses the space there: compare without spaces too
                    if s not in text and s.replace(' ', '').replace('-', '') not in squeezed:
                        errors.append(f'the {key} of {a["id"]} is not in the PDF: "{s[:60]}"')
    for e in errors[:40]:
        print(e)
    if len(errors) > 40:
        print(f'... and {len(errors) - 40} more')
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main(*sys.argv[1:4]))
