#!/usr/bin/env bats
# report.bats: dmn-report's Markdown: each kind (dossier, validation, comparison,
# questionnaire) rendered from the examples and read back through a real
# CommonMark+GFM parser (cmark-gfm, then python3's html.parser); hostile vendor text that
# must stay text; same bytes on every run; dates; --lang; streams; errors and write errors.

load helper

# HTML (from cmark-gfm) on stdin to its structure, as JSON:
#   tags     every start tag in order (an <a> with its href)
#   blocks   [tag, text] of every h1-h6, p, li, th, td, in document order (white space collapsed)
#   tables   per table, per row, per cell: {text, bold (all of it in <strong>), th}
#   em, strong  the text of every <em> and <strong>
#   text     all the text
read -r -d '' STRUCTPY <<'EOF' || true
import json, sys
from html.parser import HTMLParser
CONTAINERS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "th", "td"}
def norm(s):
    return " ".join(s.split())
class Structure(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.blocks, self.tables, self.em, self.strong, self.text = [], [], [], [], [], []
        self.open, self.inline = [], []
    def handle_starttag(self, tag, attrs):
        self.tags.append(tag + (" href=" + (dict(attrs).get("href") or "") if tag == "a" else ""))
        if tag in CONTAINERS:
            self.open.append([tag, "", ""])
        elif tag in ("em", "strong"):
            self.inline.append([tag, ""])
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
    def handle_endtag(self, tag):
        if tag in CONTAINERS and self.open and self.open[-1][0] == tag:
            t, text, strong = self.open.pop()
            self.blocks.append([t, norm(text)])
            if t in ("th", "td") and self.tables and self.tables[-1]:
                self.tables[-1][-1].append({"text": norm(text), "th": t == "th",
                                            "bold": norm(text) != "" and norm(strong) == norm(text)})
        elif tag in ("em", "strong") and self.inline and self.inline[-1][0] == tag:
            t, text = self.inline.pop()
            (self.em if t == "em" else self.strong).append(norm(text))
    def handle_data(self, data):
        self.text.append(data)
        for c in self.open:
            c[1] += data
            if any(i[0] == "strong" for i in self.inline):
                c[2] += data
        for i in self.inline:
            i[1] += data
p = Structure()
p.feed(sys.stdin.read())
p.close()
print(json.dumps({"tags": p.tags, "blocks": p.blocks, "tables": p.tables, "em": p.em,
                  "strong": p.strong, "text": "".join(p.text)}, ensure_ascii=False))
EOF

# A dossier full of hostile vendor text: python3 -c "$HOSTILEPY" MODE NAME [invalid]
# MODE hostile: the text as written; MODE twin: every non-space character replaced by x, so
# the twin has the same lines, words and lengths and gives the report's own structure;
# MODE clean: JSON [ALL, name A, name B, [BLOCK's lines]] as a reader must see them.
# NAME A or B (two devices of different names); "invalid" adds invalid answers.
read -r -d '' HOSTILEPY <<'EOF' || true
import json, re, sys
mode, name = sys.argv[1], sys.argv[2]
invalid = len(sys.argv) > 3
def clean(s):
    """what a reader must see: controls dropped, line breaks and white space runs as one space"""
    out = []
    for ch in s:
        o = ord(ch)
        if ch in "\n\r\t \x85\u2028\u2029":
            out.append(" ")
        elif o < 0x20 or o == 0x7f or 0x80 <= o <= 0x9f:
            continue
        else:
            out.append(ch)
    return " ".join("".join(out).split())
E = "\x1b"
# every inline hazard on one line, with C0 and C1 controls and a terminal escape
ALL = ("a|b | c \\ d \\| e <script>alert(1)</script> <b>bold</b> [click](javascript:alert(1)) "
       "![img](x) *emphasis* _x_ `code` ~~strike~~ &amp; &#60;script&#62; " + E + "[31mred" + E + "[0m "
       "\x01\x07\x08\x0b\x0c\x7f\x80\x9b2J\x9f end \\")
# every block hazard at the start of a line
BLOCK = "\n".join(["# heading", "- list", "1. list", "> quote", "    indented", "+ plus", "===", "---",
                   "* * *", "| a | b |", "| --- | --- |", "<div>block</div>", "```", "fence", "```",
                   "1) list", "~~~", "last line \\"])
NAMES = {"A": "Evil|Name <script>alert(1)</script> *emph* _u_\nsecond line" + E + "[31m \\ back",
         "B": "Another|Evil <b>bold</b> `code`\r\n# heading " + E + "]0;title\x07 ~~s~~"}
if mode == "clean":
    print(json.dumps([clean(ALL), clean(NAMES["A"]), clean(NAMES["B"]), [clean(l) for l in BLOCK.split("\n")]],
                     ensure_ascii=False))
    sys.exit(0)
def t(s):
    return re.sub(r"\S", "x", s) if mode == "twin" else s
def j(s):
    return json.dumps(t(s))
print("kind: dossier\nquestionnaire: has-dmn-2023\ndevice:")
print("  name: " + j(NAMES[name]))
print("  manufacturer: " + j("<b>bold</b> [click](javascript:alert(1)) _x_ " + E + "[2J"))
print("  version: " + j("1. list"))
print("  ce-class: " + j("# heading"))
print("answers:")
answers = [
    ("1.1", {"answer": BLOCK, "source": "[click](javascript:alert(1)) ![img](x) <img src=x onerror=alert(1)>",
             "by": "*emphasis* _x_ __strong__ **strong**", "comment": ALL + "\x85\u2028\u2029 after"}),
    ("1.3", ALL), ("3.1", "- list"), ("3.2", "1. list"), ("3.4", "> quote"), ("3.5", ALL),
    ("4.2.1", {"status": "unknown", "answer": "# heading\n<script>alert(1)</script>"}),
    ("4.5.1", {"status": "pending", "answer": "*emphasis*\n\n    indented after a blank line"}),
    ("5.10", BLOCK), ("8.7", "# heading"), ("8.8", "`code`"), ("8.13", "    indented"),
    ("10", "> quote\n- list\n<script>alert(1)</script>"),
]
if invalid:
    answers += [("5.2", ALL), ("6.2.5", "<b>12</b>"), ("<script>", "x")]
for qid, a in answers:
    if isinstance(a, dict):
        v = "{" + ", ".join("%s: %s" % (k, j(x) if k != "status" else x) for k, x in a.items()) + "}"
    else:
        v = j(a)
    print("  %s: %s" % (json.dumps(t(qid) if qid.startswith("<") else qid), v))
EOF

# the questionnaire as tests/questionnaire.py reads it (Q.outline), once for the file:
# {id, edition, title, parts [[id, title.fr, title.en]], sections [{id, part, title, context,
# where}], questions [{id, section, parent, type, text, heading, where, when, options, unit}]
# in order, annex [rows]}
setup_file() {
	q --json outline >"$BATS_FILE_TMPDIR/q.json"
}

setup() {
	cd "$BATS_TEST_TMPDIR"
	Q=$BATS_FILE_TMPDIR/q.json
}

# html FILE.md: FILE.html (cmark-gfm, GitHub tables) and FILE.json (its structure). --unsafe
# so that raw HTML or a javascript: link that got through shows as such instead of being
# masked by cmark-gfm's own filter; strikethrough so that ~~ would show as <del>.
html() {
	command -v cmark-gfm >/dev/null || skip "cmark-gfm is not installed (apt-get install cmark-gfm)"
	cmark-gfm --unsafe -e table -e strikethrough "$1" >"${1%.md}.html"
	python3 -c "$STRUCTPY" <"${1%.md}.html" >"${1%.md}.json"
}

# check SCRIPT ARGS...: a python3 check that prints what is wrong and exits 1 when it fails;
# the script sees json, sys, Q (the questionnaire's outline, above) and load(FILE) (JSON).
check() {
	local script=$1
	shift
	python3 -c "import json, sys
Q = json.load(open('$Q', encoding='utf-8'))
def load(f):
    return json.load(open(f, encoding='utf-8'))
$script" "$@"
}

# hostile_dossier FILE MODE NAME [invalid]: the hostile dossier (or its twin) in FILE
hostile_dossier() {
	python3 -c "$HOSTILEPY" "$2" "$3" ${4:+"$4"} >"$1"
}

# --- dossier ------------------------------------------------------------------------------

@test "dossier: the title, then a completion table per section with dmn-validate's counts" {
	local ex vstatus rstatus
	for ex in osteoscan fractavision bonesight; do
		# dmn-validate: 1 when incomplete or invalid; dmn-report: 1 only for invalid answers
		case $ex in
		osteoscan) vstatus=0 rstatus=0 ;;
		fractavision) vstatus=1 rstatus=0 ;;
		bonesight) vstatus=1 rstatus=1 ;;
		esac
		run -$vstatus --separate-stderr dmn-validate --json "$EXAMPLES/$ex.yaml"
		printf '%s\n' "$output" >$ex.val.json
		run -$rstatus --separate-stderr dmn-report "$EXAMPLES/$ex.yaml"
		printf '%s\n' "$output" >$ex.md
		html $ex.md
		check '
val, h = load(sys.argv[1])["dossiers"][0], load(sys.argv[2])
dev = val["device"]
title = "%s — %s, version %s" % (dev["name"], dev["manufacturer"], dev["version"])
assert h["blocks"][0] == ["h1", title], (h["blocks"][0], title)
intro = h["blocks"][1][1]
assert "CE class: %s" % dev["ce-class"] in intro, intro
qline = "Questionnaire: %s (%s, edition %s)" % (Q["title"]["en"], Q["id"], Q["edition"])
assert qline in intro, (intro, qline)
assert ["h2", "Completion"] in h["blocks"]
assert len(h["tables"]) == 1, len(h["tables"])
t = h["tables"][0]
head = [c["text"] for c in t[0]]
assert head == ["Section", "Answered", "Unknown", "Not applicable", "Pending", "Missing", "Invalid", "Not asked"], head
keys = ["answered", "unknown", "not-applicable", "pending", "missing", "invalid", "skipped"]
sections, counts = Q["sections"], val["counts"]
assert len(t) == 1 + len(sections) + 1, len(t)
assert all(len(r) == 8 for r in t), [len(r) for r in t]
for s, row, c in zip(sections, t[1:], counts["sections"]):
    assert c["section"] == s["id"]
    label, full = row[0]["text"], "%s. %s" % (s["id"], s["title"]["en"])
    assert label == full or (label.endswith("…") and full.startswith(label[:-1])), (label, full)
    assert [r["text"] for r in row[1:]] == [str(c[k]) for k in keys], (s["id"], row, c)
total = t[-1]
assert total[0]["text"] == "Total" and all(c["bold"] for c in total), total
assert [r["text"] for r in total[1:]] == [str(counts["total"][k]) for k in keys], (total, counts["total"])
' $ex.val.json $ex.json
	done
}

@test "dossier: every section heading in order, every question with its number and wording" {
	run -0 --separate-stderr dmn-report "$EXAMPLES/osteoscan.yaml"
	expect_stderr
	printf '%s\n' "$output" >o.md
	html o.md
	check '
h = load(sys.argv[1])
heads = [b for b in h["blocks"] if b[0] in ("h1", "h2", "h3", "h4", "h5", "h6")]
# the sections, in order, as level-2 headings after the completion table
h2 = [b[1] for b in heads if b[0] == "h2"]
want = ["Completion"] + ["%s. %s" % (s["id"], s["title"]["en"]) for s in Q["sections"]]
assert h2 == want, (h2, want)
# then every heading in the order of the guide: section, sub-headings, question number and wording
want = []
for s in Q["sections"]:
    want.append("%s. %s" % (s["id"], s["title"]["en"]))
    for q in Q["questions"]:
        if q["section"] != s["id"]:
            continue
        if q["heading"]:
            want.append(" ".join(q["heading"]["en"].split()))
        if q["id"] != s["id"]:
            want.append(" ".join(("%s %s" % (q["id"], q["text"]["en"])).split()))
got = [b[1] for b in heads[2:]]
assert got == want, next(((i, g, w) for i, (g, w) in enumerate(zip(got, want)) if g != w), (len(got), len(want)))
'  o.json
}

@test "dossier: missing and pending answers flagged, conditions false shown as not applicable with the question they depend on" {
	run -1 --separate-stderr dmn-validate --json "$EXAMPLES/fractavision.yaml"
	printf '%s\n' "$output" >val.json
	run -0 --separate-stderr dmn-report "$EXAMPLES/fractavision.yaml"
	expect_stderr
	printf '%s\n' "$output" >f.md
	html f.md
	check '
val, h = load(sys.argv[1])["dossiers"][0], load(sys.argv[2])
blocks = h["blocks"]
def after(qid):
    """the blocks under the heading of question qid, up to the next heading"""
    for i, b in enumerate(blocks):
        if b[0][0] == "h" and (b[1].startswith(qid + " ") or b[1].startswith(qid + ". ")):
            out = []
            for c in blocks[i + 1:]:
                if c[0][0] == "h":
                    break
                out.append(c[1])
            return out
    raise AssertionError("no heading for " + qid)
MISSING, PENDING = "⚠ MISSING: no answer", "⚠ PENDING: asked, answer awaited"
kinds = {m["status"] for m in val["missing"]}
assert kinds == {"missing", "pending"}, kinds
for m in val["missing"]:
    flag = MISSING if m["status"] == "missing" else PENDING
    assert after(m["id"])[:1] == [flag], (m, after(m["id"]))
# the flags stand out: in bold, one per missing or pending answer, no more
strong = h["strong"]
assert strong.count(MISSING) == val["counts"]["total"]["missing"], strong.count(MISSING)
assert strong.count(PENDING) == val["counts"]["total"]["pending"], strong.count(PENDING)
# 5.2 is no: 5.3 does not apply, because of 5.2; 5.10.2 depends on 5.3; 4.3 is no
assert after("5.2")[0] == "No", after("5.2")
na = "Not applicable: this question depends on the answer to question %s."
assert after("5.3") == [na % "5.2"], after("5.3")
assert after("5.10.2") == [na % "5.3"], after("5.10.2")
assert after("4.3.1") == [na % "4.3"] and after("4.3.2") == [na % "4.3"]
assert (na % "5.2") in h["em"]
nas = [t for t in h["em"] if t.startswith("Not applicable")]
assert len(nas) == val["counts"]["total"]["skipped"] == 4, nas
' val.json f.json
}

@test "dossier: answers with their source, who answered, date and comment" {
	run -0 --separate-stderr dmn-report "$EXAMPLES/fractavision.yaml"
	printf '%s\n' "$output" >f.md
	html f.md
	check '
import yaml
d, h = yaml.safe_load(open(sys.argv[1], encoding="utf-8")), load(sys.argv[2])
blocks = h["blocks"]
def after(qid):
    for i, b in enumerate(blocks):
        if b[0][0] == "h" and b[1].startswith(qid + " "):
            out = []
            for c in blocks[i + 1:]:
                if c[0][0] == "h":
                    break
                out.append(c[1])
            return " | ".join(out)
    raise AssertionError("no heading for " + qid)
n = 0
for qid, a in d["answers"].items():
    if not isinstance(a, dict):
        continue
    text = after(qid)
    for k, label in (("source", "Source:"), ("by", "By:"), ("comment", "Comment:"), ("date", "Date:")):
        if k in a:
            want = label + " " + " ".join(str(a[k]).split())
            assert want in text, (qid, want, text)
            n += 1
    if a.get("status", "answered") == "answered" and isinstance(a["answer"], str) and a["answer"] not in ("oui", "non"):
        assert " ".join(a["answer"].split()) in text, (qid, a["answer"], text)
assert n > 20, n
assert d["answers"]["1.3"] in after("1.3")
' "$EXAMPLES/fractavision.yaml" f.json
	# question 2 (a section of one question) answered "oui": Yes, under the section heading
	run -0 check '
h = load("f.json")
i = h["blocks"].index(["h2", "2. " + Q["sections"][1]["title"]["en"]])
print(h["blocks"][i + 1][1])'
	[ "$output" = "Yes" ]
}

@test "dossier: an invalid answer is flagged, the report still written, exit 1" {
	dossier d.yaml '"5.2": maybe' '"3.1": fine'
	run -1 --separate-stderr dmn-report d.yaml
	expect_stderr "d.yaml:8:10: error: 'maybe' is not a yes/no answer to question '5.2' (expected yes or no; oui, non, true, false, vrai and faux are accepted too)"
	printf '%s\n' "$output" >d.md
	html d.md
	run -0 jq -r '.blocks[0][1], ([.blocks[] | select(.[0] == "h2") | select(.[1] | test("^[0-9]+\\. "))] | length), ([.strong[] | select(startswith("⚠ INVALID ANSWER"))] | length)' d.json
	[ "${lines[0]}" = "Test — Acme, version 1.0" ]
	[ "${lines[1]}" = 10 ]
	[ "${lines[2]}" = 1 ]
	grep -q '^> fine$' d.md
}

@test "dossier: an invalid answer shows what the vendor wrote" {
	# the report is the dossier by section "with its answer": the value that is wrong is what
	# the reader must see to have it corrected
	dossier d.yaml '"5.2": maybe' '"6.2.5": "about ten minutes"'
	run -1 --separate-stderr dmn-report d.yaml
	printf '%s\n' "$output" >d.md
	html d.md
	check '
h = load(sys.argv[1])
b = h["blocks"]
for qid, value in (("5.2", "maybe"), ("6.2.5", "about ten minutes")):
    i = next(i for i, x in enumerate(b) if x[0][0] == "h" and x[1].startswith(qid + " "))
    under = []
    for x in b[i + 1:]:
        if x[0][0] == "h":
            break
        under.append(x[1])
    assert any(value in u for u in under), (qid, under)
' d.json
}

# --- validation ---------------------------------------------------------------------------

@test "validation: the letter lists the missing and pending questions by section, with their wording and where to find them" {
	run -1 --separate-stderr dmn-validate --json "$EXAMPLES/fractavision.yaml"
	printf '%s\n' "$output" >val.json
	dmn-validate "$EXAMPLES/fractavision.yaml" >val.yaml 2>/dev/null || true
	run -0 --separate-stderr dmn-report val.yaml
	expect_stderr
	printf '%s\n' "$output" >v.md
	html v.md
	check '
val, h = load(sys.argv[1])["dossiers"][0], load(sys.argv[2])
blocks = h["blocks"]
dev = val["device"]
assert blocks[0] == ["h1", "Questions to complete — %s — %s, version %s" % (dev["name"], dev["manufacturer"], dev["version"])], blocks[0]
qs = {q["id"]: q for q in Q["questions"]}
secs = {s["id"]: s for s in Q["sections"]}
order = [q["id"] for q in Q["questions"]]
def hint(qid):
    # the hint of a sub-heading (section 8) covers the questions after it, else the section hint
    sec = qs[qid]["section"]
    for i in range(order.index(qid), -1, -1):
        other = qs[order[i]]
        if other["section"] != sec:
            break
        if other["where"]:
            return other["where"]
        # a heading that opens a new group (two stacked headings) has no hint of its own
        if other.get("heading") and " — " in other["heading"]["fr"]:
            break
    return secs[sec]["where"]
want = []
last = None
for m in val["missing"]:
    if "vendor" not in m["audience"]:
        continue
    q = qs[m["id"]]
    s = secs[q["section"]]
    head = ["h2", "%s. %s" % (s["id"], s["title"]["en"])]
    if head not in want:
        want.append(head)
        last = None
    h = hint(q["id"])
    if h and h != last:
        want.append(["p", "Where to find this information: " + " ".join(h["en"].split())])
        last = h
    li = "%s %s" % (q["id"], " ".join(q["text"]["en"].split()))
    if m["status"] == "pending":
        li += " (pending)"
    want.append(["li", li])
# the letter is what the vendor answers; the rest is the internal to-do after it
end = blocks.index(["h2", "Internal to-do"])
got = [b for b in blocks[:end] if b[0] in ("h2", "li") or b[1].startswith("Where to find")]
assert got == want, next(((i, g, w) for i, (g, w) in enumerate(zip(got, want)) if g != w), (len(got), len(want)))
assert len([w for w in want if w[0] == "li"]) == len([m for m in val["missing"] if "vendor" in m["audience"]])
assert "Answers to correct" not in [b[1] for b in blocks]
# every other missing question is in the to-do, under each of its audiences
todo = {b[1].split(" ")[0] for b in blocks[end:] if b[0] == "li"}
assert todo == {m["id"] for m in val["missing"] if "vendor" not in m["audience"]}, todo
' val.json v.json
	# the sections of fractavision with something missing for the vendor, in order
	run -0 jq -c '[.blocks[] | select(.[0] == "h2") | .[1] | split(".")[0]]' v.json
	[ "$output" = '["4","5","6","7","8","9","Internal to-do"]' ]
}

@test "validation: a question's own 'where to find' hint is given with the questions it covers" {
	# 8.1 and 8.7 have their own hint in the guide (DSI, DPO, RSSI...); fractavision leaves
	# 8.1.1 (under 8.1) and 8.7 unanswered: the letter must tell the vendor where to look
	dmn-validate "$EXAMPLES/fractavision.yaml" >val.yaml 2>/dev/null || true
	run -0 --separate-stderr dmn-report val.yaml
	printf '%s\n' "$output" >v.md
	html v.md
	check '
h = load(sys.argv[1])
text = " ".join(h["text"].split())
qs = {q["id"]: q for q in Q["questions"]}
for qid in ("8.1", "8.7"):
    hint = " ".join(qs[qid]["where"]["en"].split())
    assert hint in text, (qid, hint)
' v.json
}

@test "validation: the invalid answers with line, column, value and message (bonesight)" {
	run -1 --separate-stderr dmn-validate --json "$EXAMPLES/bonesight.yaml"
	printf '%s\n' "$output" >val.json
	dmn-validate "$EXAMPLES/bonesight.yaml" >val.yaml 2>/dev/null || true
	run -0 --separate-stderr dmn-report val.yaml
	expect_stderr
	printf '%s\n' "$output" >v.md
	html v.md
	check '
val, h = load(sys.argv[1])["dossiers"][0], load(sys.argv[2])
blocks = h["blocks"]
i = blocks.index(["h2", "Answers to correct"])
end = blocks.index(["h2", "Internal to-do"]) if ["h2", "Internal to-do"] in blocks else len(blocks)
items = [b[1] for b in blocks[i + 1:end] if b[0] == "li"]
assert len(val["invalid"]) == 7 and len(items) == 7, (val["invalid"], items)
qs = {q["id"]: q for q in Q["questions"]}
for inv, li in zip(val["invalid"], items):
    assert li.startswith(inv["id"] + " "), (inv, li)
    if inv["id"] in qs:
        assert " ".join(qs[inv["id"]]["text"]["en"].split()) in li, (inv, li)
    assert "line %d, column %d" % (inv["line"], inv["column"]) in li, (inv, li)
    if "value" in inv:
        assert inv["value"] in li.split(" line %d, column %d" % (inv["line"], inv["column"]))[1], (inv, li)
    assert li.endswith(" " + inv["message"]), (inv, li)
# and the missing questions of the vendor before them
assert len([b for b in blocks[:i] if b[0] == "li"]) == len([m for m in val["missing"] if "vendor" in m["audience"]])
assert len(val["missing"]) == 111
' val.json v.json
	# the JSON form of the validation gives the same letter
	run -0 --separate-stderr dmn-report val.json
	[ "$output" = "$(cat v.md)" ]
}

@test "validation: an invalid value is quoted tightly, as each language quotes" {
	dmn-validate "$EXAMPLES/bonesight.yaml" >val.yaml 2>/dev/null || true
	dmn-report val.yaml >en.md
	dmn-report -l fr val.yaml >fr.md
	html en.md
	grep -qF -- '— line 31, column 11 — value “15/03/2024”' en.md
	run -0 jq -r '.blocks[] | select(.[0] == "li" and (.[1] | startswith("3.3 "))) | .[1]' en.json
	[[ $output == *"— value “15/03/2024”"* ]]
	grep -qF -- '— ligne 31, colonne 11 — valeur « 15/03/2024 »' fr.md
}

@test "validation: a complete dossier gets a letter saying nothing is missing" {
	dmn-validate "$EXAMPLES/osteoscan.yaml" >val.yaml
	run -0 --separate-stderr dmn-report val.yaml
	expect_stderr
	printf '%s\n' "$output" >v.md
	html v.md
	run -0 jq -c '.blocks[0], [.blocks[] | select(.[0] == "li" or .[0] == "h2")], ([.blocks[] | select(.[1] == "No question is left unanswered.")] | length)' v.json
	[ "${lines[0]}" = '["h1","Questions to complete — OsteoScan AI — Radiance Imaging SAS, version 2.3"]' ]
	[ "${lines[1]}" = '[]' ]
	[ "${lines[2]}" = 1 ]
}

# --- comparison ---------------------------------------------------------------------------

@test "comparison: the Annexe 2 table: header, completion, 42 rows, a column per device, bold headings, ≠ where differ" {
	files=("$EXAMPLES/bonesight.yaml" "$EXAMPLES/fractavision.yaml" "$EXAMPLES/osteoscan.yaml")
	run -1 --separate-stderr dmn-compare --json "${files[@]}"
	printf '%s\n' "$output" >cmp.json
	dmn-compare "${files[@]}" >cmp.yaml 2>/dev/null || true
	run -0 --separate-stderr dmn-report cmp.yaml
	expect_stderr
	printf '%s\n' "$output" >c.md
	html c.md
	check '
c, h = load(sys.argv[1]), load(sys.argv[2])
assert len(Q["annex"]) == 42 and len(c["rows"]) == 42
assert len(h["tables"]) == 1, len(h["tables"])
t = h["tables"][0]
devices = [d["name"] for d in c["devices"]]
assert devices == ["BoneSight", "FractaVision", "OsteoScan AI"]
assert len(t) == 1 + 1 + 42, len(t)
assert all(len(r) == 1 + len(devices) for r in t), [len(r) for r in t]
assert [x["text"] for x in t[0]] == ["Criterion"] + devices and all(x["th"] for x in t[0])
# completion: what is known (answered, unknown, not applicable) of what is asked
assert t[1][0]["text"] == "Completion", t[1][0]
for d, cell in zip(c["devices"], t[1][1:]):
    n = d["completion"]["total"]
    known = n["answered"] + n["unknown"] + n["not-applicable"]
    asked = known + n["pending"] + n["missing"] + n["invalid"]
    assert cell["text"] == "%d / %d (%d %%)" % (known, asked, known * 100 // asked), (cell, n)
assert t[1][3]["text"] == "149 / 149 (100 %)"
ndiffer = 0
for row, tr in zip(c["rows"], t[2:]):
    first = tr[0]
    if row["heading"]:
        assert first["bold"] and first["text"] == "%s. %s" % (row["section"], row["title"]["en"]), first
        assert all(x["text"] == "" for x in tr[1:]), tr
    else:
        want = ("≠ " if row["differ"] else "") + row["title"]["en"]
        assert first["text"] == want and not first["bold"], (first, want)
        assert all(x["text"] != "" for x in tr[1:]), tr
        ndiffer += row["differ"]
assert 10 < ndiffer < 42, ndiffer
assert sum(r["heading"] for r in c["rows"]) == 7
' cmp.json c.json
	# the JSON form of the comparison gives the same report
	run -0 --separate-stderr dmn-report cmp.json
	[ "$output" = "$(cat c.md)" ]
	# the devices listed above the table with manufacturer, version and file
	run -0 jq -r '.blocks[] | select(.[0] == "li") | .[1]' c.json
	[ "${lines[0]}" = "BoneSight — Meditek Labs GmbH, version 3.0.2 ($EXAMPLES/bonesight.yaml)" ]
	[ "${lines[2]}" = "OsteoScan AI — Radiance Imaging SAS, version 2.3 ($EXAMPLES/osteoscan.yaml)" ]
}

@test "comparison: long answers shortened in the cell with \\[N\\], the full text in note N" {
	files=("$EXAMPLES/bonesight.yaml" "$EXAMPLES/fractavision.yaml" "$EXAMPLES/osteoscan.yaml")
	dmn-compare "${files[@]}" >cmp.yaml 2>/dev/null || true
	run -0 --separate-stderr dmn-report cmp.yaml
	printf '%s\n' "$output" >c.md
	html c.md
	check '
import re, yaml
h = load(sys.argv[1])
t = h["tables"][0]
devices = [x["text"] for x in t[0][1:]]
blocks = h["blocks"]
notes = [b[1] for b in blocks[blocks.index(["h2", "Notes"]) + 1:] if b[0] == "li"]
refs = []
for tr in t[2:]:
    for dev, cell in zip(devices, tr[1:]):
        m = re.fullmatch(r"(.*) \[(\d+)\]", cell["text"])
        if not m:
            assert len(cell["text"]) <= 80, cell
            continue
        shown, n = m.group(1), int(m.group(2))
        refs.append(n)
        assert shown.endswith("…") and len(shown) <= 81, shown
        note = notes[n - 1]
        assert note.startswith(dev + " — "), (n, dev, note)
        full = note[len(dev) + 3:]
        assert full.startswith(shown[:-1].rstrip(" ,;")) and len(full) > 80, (shown, full)
# numbered 1, 2, 3... in the order of the table, one note per reference
assert refs == list(range(1, len(notes) + 1)), (refs, len(notes))
assert len(notes) > 40, len(notes)
# OsteoScan AI 3.5: its whole answer in its note
o = yaml.safe_load(open(sys.argv[2], encoding="utf-8"))["answers"]["3.5"]
o = " ".join((o["answer"] if isinstance(o, dict) else o).split())
row = next(tr for tr in t if tr[0]["text"].endswith("In which situations must the DMN not be used?"))
n = int(re.fullmatch(r".* \[(\d+)\]", row[3]["text"]).group(1))
assert notes[n - 1] == "OsteoScan AI — " + o, (notes[n - 1], o)
' c.json "$EXAMPLES/osteoscan.yaml"
	# in the Markdown the reference is escaped, so that it is no link reference
	grep -q ' \\\[1\\\] |' c.md
	grep -qx '1\. \*\*BoneSight\*\* — .*' c.md
}

# --- questionnaire -------------------------------------------------------------------------

@test "questionnaire: a blank form with the parts, every section (title, context, hint) and question, options as ☐" {
	run -0 --separate-stderr dmn-report "$QUESTIONNAIRE"
	expect_stderr
	printf '%s\n' "$output" >q.md
	html q.md
	check '
h = load(sys.argv[1])
blocks = h["blocks"]
n = lambda s: " ".join(s.split())
text = n(h["text"])
assert blocks[0] == ["h1", Q["title"]["en"]], blocks[0]
# the parts as level-1 headings, each before its sections
h12 = [b for b in blocks if b[0] in ("h1", "h2")][1:]
want, part = [], None
parts = {p[0]: p[2] for p in Q["parts"]}
for s in Q["sections"]:
    if s["part"] != part:
        want.append(["h1", parts[s["part"]]])
        part = s["part"]
    want.append(["h2", "%s. %s" % (s["id"], s["title"]["en"])])
assert h12 == want, (h12, want)
assert [w[1] for w in want if w[0] == "h1"] == ["Preamble", "Decision-support guide", "Before integration"]
for s in Q["sections"]:
    for k in ("context", "where"):
        if s[k]:
            assert n(s[k]["en"]) in text, (s["id"], k)
heads = [b[1] for b in blocks if b[0][0] == "h"]
secids = {s["id"] for s in Q["sections"]}
nyes = 0
for q in Q["questions"]:
    if q["id"] in secids:
        assert any(x.startswith(q["id"] + ". ") for x in heads), q["id"]
    else:
        assert n("%s %s" % (q["id"], q["text"]["en"])) in heads, q["id"]
    if q["where"]:
        assert n(q["where"]["en"]) in text, q["id"]
    nyes += q["type"] == "yesno"
# options as ☐ items, in order, each choice question with its own list
items = [b[1] for b in blocks if b[0] == "li"]
opts = [q for q in Q["questions"] if q["type"] in ("choice", "choices")]
want = ["☐ " + n(o["label"]["en"]) for q in opts for o in q["options"]]
assert items == want, (items, want)
assert len(opts) >= 5
assert sum(1 for b in blocks if b == ["p", "☐ Yes ☐ No"]) == nyes, nyes
# a condition says when the question is asked
assert "Only if the answer to question 5.2 is yes." in text
' q.json
	# 45 numbered questions in all (guide numbers), every one in the form
	run -0 jq '[.questions[] | select(.parent == null)] | length' "$Q"
	[ "$output" = 45 ]
}

# --- hostile vendor text -------------------------------------------------------------------

@test "hostile vendor text in a dossier stays text: no markup, no broken table, no control byte" {
	hostile_dossier h.yaml hostile A
	hostile_dossier twin.yaml twin A
	run -0 --separate-stderr dmn-report h.yaml
	expect_stderr
	printf '%s\n' "$output" >h.md
	run -0 --separate-stderr dmn-report twin.yaml
	printf '%s\n' "$output" >twin.md
	html h.md
	html twin.md
	no_controls h.md
	check '
import re
h, twin = load(sys.argv[1]), load(sys.argv[2])
tags = h["tags"]
# the same elements as the twin, whose text is only x: nothing the vendor wrote made markup
assert tags == twin["tags"], next(((i, a, b) for i, (a, b) in enumerate(zip(tags, twin["tags"])) if a != b), (len(tags), len(twin["tags"])))
for bad in ("script", "b", "img", "code", "pre", "del", "s", "div", "hr", "ul", "ol", "li", "h6"):
    assert bad not in tags, bad
assert not [t for t in tags if t.startswith("a ") or t == "a"], [t for t in tags if t.startswith("a")]
html = open(sys.argv[3], encoding="utf-8").read()
assert "<script" not in html and "<b>" not in html and "<img" not in html and "<a href" not in html
assert "<code" not in html and "<pre" not in html
# only the program own emphasis: labels and flags, the same as for the twin
assert h["em"] == twin["em"] and h["strong"] == twin["strong"], (h["em"], h["strong"])
assert set(h["em"]) == {"Source:", "By:", "Comment:"}, set(h["em"])
# headings: the program own, no more (the twin has the same), none from "# heading"
heads = [b for b in h["blocks"] if b[0][0] == "h"]
assert len(heads) == len([b for b in twin["blocks"] if b[0][0] == "h"])
assert not [b for b in heads[1:] if "heading" in b[1]], [b for b in heads if "heading" in b[1]]
assert h["tags"].count("blockquote") == twin["tags"].count("blockquote")
# the completion table: header, 10 sections, total; 8 columns
t = h["tables"]
assert len(t) == 1 and len(t[0]) == 12 and all(len(r) == 8 for r in t[0]), [len(r) for r in t[0]]
# the words are there, as text
text = h["text"]
for w in ("<script>alert(1)</script>", "<b>bold</b>", "[click](javascript:alert(1))", "![img](x)",
          "*emphasis*", "_x_", "`code`", "~~strike~~", "&amp;", "&#60;script&#62;", "# heading", "- list",
          "1. list", "> quote", "a|b | c \\ d \\| e", "* * *", "| a | b |", "<div>block</div>", "```",
          "__strong__ **strong**", "[31mred", "<img src=x onerror=alert(1)>", "1) list", "last line \\"):
    assert w in text, w
assert heads[0][1].startswith("Evil|Name <script>alert(1)</script> *emph* _u_ second line[31m \\ back — <b>bold</b> [click](javascript:alert(1)) _x_ [2J, version 1. list"), heads[0]
' h.json twin.json h.html
}

@test "hostile vendor text: a block answer keeps its lines as text and every piece of it" {
	hostile_dossier h.yaml hostile A
	run -0 --separate-stderr dmn-report h.yaml
	printf '%s\n' "$output" >h.md
	html h.md
	python3 -c "$HOSTILEPY" clean A >want.json
	check '
want, h = load(sys.argv[1]), load(sys.argv[2])
blocks = h["blocks"]
def under(qid):
    i = next(i for i, b in enumerate(blocks) if b[0][0] == "h" and b[1].startswith(qid + " "))
    out = []
    for b in blocks[i + 1:]:
        if b[0][0] == "h":
            break
        out.append(b[1])
    return out
# 1.3: the one-line answer, every piece kept, controls dropped
assert under("1.3") == [want[0]], (under("1.3"), want[0])
# 1.1 and 5.10: the block answer, its lines kept as one quoted paragraph
assert under("5.10") == [" ".join(want[3])], (under("5.10"), want[3])
assert under("1.1")[0] == " ".join(want[3]), under("1.1")
# 3.1 to 3.5, 8.7, 8.8, 8.13: each a line start hazard, shown as written
assert under("3.1") == ["- list"] and under("3.2") == ["1. list"] and under("3.4") == ["> quote"]
assert under("3.5") == [want[0]] and under("8.7") == ["# heading"] and under("8.8") == ["`code`"]
assert under("8.13") == ["indented"], under("8.13")
' want.json h.json
}

@test "hostile vendor text in a comparison of two devices: the table keeps its rows and columns" {
	hostile_dossier a.yaml hostile A
	hostile_dossier b.yaml hostile B
	hostile_dossier ta.yaml twin A
	hostile_dossier tb.yaml twin B
	run -0 --separate-stderr dmn-compare a.yaml b.yaml
	printf '%s\n' "$output" >cmp.yaml
	run -0 --separate-stderr dmn-compare ta.yaml tb.yaml
	printf '%s\n' "$output" >tcmp.yaml
	run -0 --separate-stderr dmn-report cmp.yaml
	expect_stderr
	printf '%s\n' "$output" >c.md
	run -0 --separate-stderr dmn-report tcmp.yaml
	printf '%s\n' "$output" >tc.md
	html c.md
	html tc.md
	no_controls c.md
	python3 -c "$HOSTILEPY" clean A >want.json
	check '
import re
want, h, twin = load(sys.argv[1]), load(sys.argv[2]), load(sys.argv[3])
html = open(sys.argv[4], encoding="utf-8").read()
ALL, A, B = want[:3]
assert h["tags"] == twin["tags"], next(((i, a, b) for i, (a, b) in enumerate(zip(h["tags"], twin["tags"])) if a != b), (len(h["tags"]), len(twin["tags"])))
for bad in ("script", "b", "img", "code", "pre", "del", "s", "div", "hr", "blockquote", "h3", "h4", "h5", "h6"):
    assert bad not in h["tags"], bad
assert not [t for t in h["tags"] if t.split(" ")[0] == "a"]
for bad in ("<script", "<b>", "<img", "<a href", "<code", "<pre", "<del"):
    assert bad not in html, bad
assert len(h["tables"]) == 1
t = h["tables"][0]
assert len(t) == 1 + 1 + 42 and all(len(r) == 3 for r in t), (len(t), [len(r) for r in t])
assert [x["text"] for x in t[0]] == ["Criterion", A, B], [x["text"] for x in t[0]]
# the program own emphasis only: Completion, the device names in the list, the section rows
assert h["em"] == ["Completion"], h["em"]
# (the device names in bold above the table and in the notes, the section rows)
tA, tB = twin["strong"][:2]
assert h["strong"][:2] == [A, B] and len(h["strong"]) == len(twin["strong"]), h["strong"]
assert all(a == b or (a, b) in ((A, tA), (B, tB)) for a, b in zip(h["strong"], twin["strong"])), h["strong"]
assert [b[1] for b in h["blocks"] if b[0][0] == "h"] == ["Multi-criteria analysis table", "Notes"]
# 3.5 (its own row): ALL shortened in the cell, whole in its note, for each device
notes = [b[1] for b in h["blocks"][h["blocks"].index(["h2", "Notes"]) + 1:] if b[0] == "li"]
row = next(r for r in t if r[0]["text"] == "In which situations must the DMN not be used?")
for dev, cell in zip((A, B), row[1:]):
    m = re.fullmatch(r"(.*…) \[(\d+)\]", cell["text"])
    assert m, cell
    assert ALL.startswith(m.group(1)[:-1].rstrip()), (m.group(1), ALL)
    assert notes[int(m.group(2)) - 1] == dev + " — " + ALL, (notes[int(m.group(2)) - 1], dev + " — " + ALL)
row = next(r for r in t if r[0]["text"].startswith("Does the intended purpose covered by the CE marking"))
assert row[1]["text"] == "3.1: - list · 3.2: 1. list · 3.3: missing · 3.4: > quote", row[1]
' want.json c.json tc.json c.html
}

@test "hostile vendor text in a validation letter stays text" {
	hostile_dossier h.yaml hostile A invalid
	hostile_dossier twin.yaml twin A invalid
	run -1 --separate-stderr dmn-validate h.yaml
	printf '%s\n' "$output" >val.yaml
	run -1 --separate-stderr dmn-validate twin.yaml
	printf '%s\n' "$output" >tval.yaml
	run -0 --separate-stderr dmn-report val.yaml
	expect_stderr
	printf '%s\n' "$output" >v.md
	run -0 --separate-stderr dmn-report tval.yaml
	printf '%s\n' "$output" >tv.md
	html v.md
	html tv.md
	no_controls v.md
	check '
h, twin = load(sys.argv[1]), load(sys.argv[2])
html = open(sys.argv[3], encoding="utf-8").read()
assert h["tags"] == twin["tags"], next(((i, a, b) for i, (a, b) in enumerate(zip(h["tags"], twin["tags"])) if a != b), (len(h["tags"]), len(twin["tags"])))
for bad in ("<script", "<b>", "<img", "<a href", "<code", "<pre", "<del", "<blockquote", "<table"):
    assert bad not in html, bad
# bold: the question numbers; only the unknown id differs from the twin
assert h["em"] == twin["em"] and len(h["strong"]) == len(twin["strong"])
assert [a for a, b in zip(h["strong"], twin["strong"]) if a != b] == ["<script>"], h["strong"]
i = h["blocks"].index(["h2", "Answers to correct"])
end = h["blocks"].index(["h2", "Internal to-do"]) if ["h2", "Internal to-do"] in h["blocks"] else len(h["blocks"])
items = [b[1] for b in h["blocks"][i + 1:end] if b[0] == "li"]
assert len(items) == 3, items
assert items[2].startswith("<script> — line"), items[2]
assert "a|b | c \\ d \\| e <script>alert(1)</script> <b>bold</b> [click](javascript:alert(1))" in items[0], items[0]
assert "<b>12</b>" in items[1], items[1]
' v.json tv.json v.html
}

@test "hostile vendor text: a '#' ending a device name or version is kept in the heading" {
	# an ATX heading drops a closing sequence of #: "version 2 #" must not lose its #
	printf '%s\n' 'kind: dossier' 'questionnaire: has-dmn-2023' 'device:' '  name: "Scan #"' \
		'  manufacturer: "Acme ##"' '  version: "2 #"' 'answers:' '  "1.1": x' >d.yaml
	run -0 --separate-stderr dmn-report d.yaml
	printf '%s\n' "$output" >d.md
	html d.md
	run -0 jq -r '.blocks[0][1]' d.json
	[ "$output" = "Scan # — Acme ##, version 2 #" ]
	dmn-validate d.yaml >val.yaml 2>/dev/null || true
	run -0 --separate-stderr dmn-report val.yaml
	printf '%s\n' "$output" >v.md
	html v.md
	run -0 jq -r '.blocks[0][1]' v.json
	[ "$output" = "Questions to complete — Scan # — Acme ##, version 2 #" ]
}

@test "hostile vendor text read by pandoc (gfm, and its default Markdown as in the brief)" {
	command -v pandoc >/dev/null || skip "pandoc is not installed (apt-get install pandoc)"
	hostile_dossier a.yaml hostile A
	hostile_dossier b.yaml hostile B
	dmn-compare a.yaml b.yaml >cmp.yaml
	dmn-report cmp.yaml >c.md
	dmn-report a.yaml >d.md
	local from f
	for from in gfm markdown; do
		for f in c d; do
			pandoc -f $from -t html $f.md >$f.$from.html
			python3 -c "$STRUCTPY" <$f.$from.html >$f.$from.json
			check '
h, html = load(sys.argv[1]), open(sys.argv[2], encoding="utf-8").read()
for bad in ("<script", "<b>", "<img", "<a ", "<code", "<pre", "<del", "<sup", "<sub", "<math", "class=\"math"):
    assert bad not in html, (sys.argv[2], bad)
t = h["tables"]
if sys.argv[3] == "c":
    assert len(t) == 1 and len(t[0]) == 44 and all(len(r) == 3 for r in t[0]), [len(r) for r in t[0]]
else:
    assert len(t) == 1 and len(t[0]) == 12 and all(len(r) == 8 for r in t[0]), [len(r) for r in t[0]]
for w in ("<script>alert(1)</script>", "[click](javascript:alert(1))", "*emphasis*", "~~strike~~", "`code`"):
    assert w in h["text"], (sys.argv[2], w)
' $f.$from.json $f.$from.html $f
		done
	done
}

# --- same input, same bytes ---------------------------------------------------------------

@test "same input, same bytes: two runs of each kind are identical, with no date" {
	dmn-validate "$EXAMPLES/bonesight.yaml" >val.yaml 2>/dev/null || true
	dmn-compare "$EXAMPLES"/*.yaml >cmp.yaml 2>/dev/null || true
	local f today
	today=$(date -u +%F)
	for f in "$EXAMPLES/osteoscan.yaml" val.yaml cmp.yaml "$QUESTIONNAIRE"; do
		dmn-report "$f" >one.md
		dmn-report "$f" >two.md
		cmp one.md two.md
		[ -s one.md ]
		run ! grep -q 'Report date' one.md
		run ! grep -qF "$today" one.md
		run ! grep -qF "$(date +%F)" one.md
	done
	# also in French, and for the other dossiers
	for f in "$EXAMPLES"/*.yaml; do
		dmn-report -l fr "$f" >one.md 2>/dev/null || true
		dmn-report -l fr "$f" >two.md 2>/dev/null || true
		cmp one.md two.md
	done
}

@test "--date: the date of SOURCE_DATE_EPOCH, in every kind and both languages" {
	dmn-validate "$EXAMPLES/bonesight.yaml" >val.yaml 2>/dev/null || true
	dmn-compare "$EXAMPLES"/*.yaml >cmp.yaml 2>/dev/null || true
	local f
	for f in "$EXAMPLES/osteoscan.yaml" val.yaml cmp.yaml "$QUESTIONNAIRE"; do
		SOURCE_DATE_EPOCH=86400 dmn-report --date "$f" >d.md
		[ "$(grep -c 'Report date' d.md)" = 1 ]
		grep -qx 'Report date: 1970-01-02' d.md
		SOURCE_DATE_EPOCH=86400 dmn-report -d --lang fr "$f" >d.md
		grep -qx 'Date du rapport : 2 janvier 1970' d.md
		# the date line is the only difference
		dmn-report "$f" >plain.md
		SOURCE_DATE_EPOCH=86400 dmn-report --date "$f" >d.md
		diff plain.md d.md | grep '^[<>] *[^<> ]' >delta.txt || true
		[ "$(cat delta.txt)" = "> Report date: 1970-01-02" ]
	done
	# a date twice is the same bytes
	SOURCE_DATE_EPOCH=86400 dmn-report --date cmp.yaml >one.md
	SOURCE_DATE_EPOCH=86400 dmn-report --date cmp.yaml >two.md
	cmp one.md two.md
}

@test "--date without SOURCE_DATE_EPOCH: today's date (UTC)" {
	local before after
	before=$(date -u +%F)
	run -0 --separate-stderr env -u SOURCE_DATE_EPOCH dmn-report --date "$EXAMPLES/osteoscan.yaml"
	after=$(date -u +%F)
	expect_stderr
	grep -qx "Report date: \($before\|$after\)" <<<"$output"
}

@test "SOURCE_DATE_EPOCH alone adds no date: only --date asks for one" {
	# reproducible-build environments export SOURCE_DATE_EPOCH for everything they run; the
	# usage says --date prints the date "(SOURCE_DATE_EPOCH if set)"
	dmn-report "$EXAMPLES/osteoscan.yaml" >plain.md
	SOURCE_DATE_EPOCH=86400 dmn-report "$EXAMPLES/osteoscan.yaml" >epoch.md
	cmp plain.md epoch.md
	# nor is a bad value trouble when no date is asked for
	run -0 --separate-stderr env SOURCE_DATE_EPOCH=yesterday dmn-report "$EXAMPLES/osteoscan.yaml"
	expect_stderr
}

@test "--date with a SOURCE_DATE_EPOCH that is not a number is trouble" {
	run -2 --separate-stderr env SOURCE_DATE_EPOCH=yesterday dmn-report --date "$EXAMPLES/osteoscan.yaml"
	expect_stderr "dmn-report: error: SOURCE_DATE_EPOCH is not a number of seconds: 'yesterday'"
	[ -z "$output" ]
}

# --- languages -----------------------------------------------------------------------------

# in_french FILE / in_english FILE: the labels of each kind in that language
in_french() {
	grep -qx '## Complétude' "$1" || grep -q '^| Critère |' "$1" || grep -q '^# Questions à compléter' "$1" ||
		grep -qx '# Préambule' "$1"
	! grep -q 'Completion\|Criterion\|Questions to complete\|Where to find\|Preamble\|Answered' "$1"
}
in_english() {
	grep -qx '## Completion' "$1" || grep -q '^| Criterion |' "$1" || grep -q '^# Questions to complete' "$1" ||
		grep -qx '# Preamble' "$1"
	! grep -q 'Complétude\|Critère\|Questions à compléter\|Où trouver\|Préambule\|Répondues' "$1"
}

@test "--lang fr and --lang en, both ways, for every kind; LC_ALL=fr_FR.UTF-8 alone gives French" {
	dmn-validate "$EXAMPLES/fractavision.yaml" >val.yaml 2>/dev/null || true
	dmn-compare "$EXAMPLES"/*.yaml >cmp.yaml 2>/dev/null || true
	local f
	for f in "$EXAMPLES/osteoscan.yaml" val.yaml cmp.yaml "$QUESTIONNAIRE"; do
		LC_ALL=C dmn-report --lang fr "$f" >fr.md
		in_french fr.md
		LC_ALL=fr_FR.UTF-8 dmn-report --lang en "$f" >en.md
		in_english en.md
		LC_ALL=fr_FR.UTF-8 dmn-report "$f" >locale-fr.md
		cmp fr.md locale-fr.md
		LC_ALL=C dmn-report "$f" >locale-c.md
		cmp en.md locale-c.md
		LC_ALL=fr_FR.UTF-8 dmn-report -l fr "$f" >short.md
		cmp fr.md short.md
		env -u LC_ALL LANG=fr_FR.UTF-8 dmn-report "$f" >lang.md
		cmp fr.md lang.md
		# LC_ALL wins over LANG
		LC_ALL=C LANG=fr_FR.UTF-8 dmn-report "$f" >both.md
		cmp en.md both.md
	done
}

@test "--lang: headings, labels, answers and the guide's texts change language" {
	dmn-report --lang fr "$EXAMPLES/osteoscan.yaml" >fr.md
	dmn-report --lang en "$EXAMPLES/osteoscan.yaml" >en.md
	html fr.md
	html en.md
	check '
fr, en = load(sys.argv[1]), load(sys.argv[2])
assert ["h2", "Complétude"] in fr["blocks"] and ["h2", "Completion"] in en["blocks"]
assert [c["text"] for c in fr["tables"][0][0]] == ["Section", "Répondues", "Inconnues", "Sans objet", "En attente", "Manquantes", "Invalides", "Non posées"], fr["tables"][0][0]
s2 = Q["sections"][1]
for h, lang, yes in ((fr, "fr", "Oui"), (en, "en", "Yes")):
    i = h["blocks"].index(["h2", "2. " + s2["title"][lang]])
    assert h["blocks"][i + 1] == ["p", yes], h["blocks"][i + 1]
    for s in Q["sections"]:
        assert ["h2", "%s. %s" % (s["id"], s["title"][lang])] in h["blocks"], (lang, s["id"])
# 1.2 (choices): the option labels in the report language
q12 = next(q for q in Q["questions"] if q["id"] == "1.2")
for h, lang in ((fr, "fr"), (en, "en")):
    i = next(i for i, b in enumerate(h["blocks"]) if b[1].startswith("1.2 "))
    assert h["blocks"][i][1] == " ".join(("1.2 " + q12["text"][lang]).split())
    labels = {o["label"][lang] for o in q12["options"]}
    assert any(l in h["blocks"][i + 1][1] for l in labels), h["blocks"][i + 1]
assert "Total" in [c["text"] for c in fr["tables"][0][-1]]
' fr.json en.json
	grep -q '^\*Source :\* ' fr.md
	grep -q '^\*Source:\* ' en.md
	grep -qx '\*\*⚠ MANQUANTE : pas de réponse\*\*' <(dmn-report -l fr "$EXAMPLES/fractavision.yaml")
	grep -qx '\*\*⚠ EN ATTENTE : question posée, réponse attendue\*\*' <(dmn-report -l fr "$EXAMPLES/fractavision.yaml")
	# the comparison: option labels from the questionnaire in the report's language, whatever
	# the language dmn-compare ran in; yes/no as Oui/Non
	LC_ALL=C dmn-compare "$EXAMPLES/osteoscan.yaml" "$EXAMPLES/fractavision.yaml" >cmp.yaml
	dmn-report -l fr cmp.yaml >cfr.md
	html cfr.md
	run -0 jq -r '.tables[0][] | select(.[0].text | startswith("≠ Quel(s) est/sont le(s) mode(s) de contractualisation")) | .[2].text' cfr.json
	[ "$output" = "$(jq -r '.questions[] | select(.id == "7.2") | .options[] | select(.id == "pay-per-use") | .label.fr' "$Q")" ]
	run -0 jq -r '.tables[0][] | select(.[0].text == "≠ La fonctionnalité principale du DMN repose-t-elle ou non sur de l’apprentissage automatique ?" or (.[0].text | test("apprentissage"))) | [.[1].text, .[2].text] | join(",")' cfr.json
	[ "$output" = "Oui,Non" ]
	grep -q '^| Critère | OsteoScan AI | FractaVision |$' cfr.md
	grep -q '^| \*Complétude\* |' cfr.md
}

@test "--lang with an unknown language is a usage error" {
	run -2 --separate-stderr dmn-report --lang de "$EXAMPLES/osteoscan.yaml"
	[ -z "$output" ]
	[ "${stderr_lines[0]}" = "dmn-report: error: unknown language 'de' (expected fr or en)" ]
	[ "${stderr_lines[1]}" = "usage: dmn-report [-d] [-l fr|en] [-Q FILE] [-o FILE] [FILE ...]" ]
}

# --- streams -------------------------------------------------------------------------------

@test "several documents in one stream: a dossier, then a validation, after a thematic break" {
	dmn-report "$EXAMPLES/fractavision.yaml" >dossier.md
	dmn-validate "$EXAMPLES/fractavision.yaml" >val.yaml 2>/dev/null || true
	dmn-report val.yaml >letter.md
	cat "$EXAMPLES/fractavision.yaml" val.yaml | dmn-report >both.md
	# the dossier's report, a thematic break, the letter
	python3 - dossier.md letter.md both.md <<'EOF'
import re, sys
a, b, both = (open(f, encoding="utf-8").read() for f in sys.argv[1:])
assert both.startswith(a) and both.endswith(b), "not the two reports one after the other"
sep = both[len(a):len(both) - len(b)]
assert re.fullmatch(r"\n*(\* \* \*|\*\*\*|---|___)\n\n+", sep), repr(sep)
EOF
	html both.md
	run -0 jq -c '[.blocks[] | select(.[0] == "h1") | .[1]], ([.tags[] | select(. == "hr")] | length)' both.json
	[ "${lines[0]}" = '["FractaVision — Nordlys Medical AB, version 1.8.0","Questions to complete — FractaVision — Nordlys Medical AB, version 1.8.0"]' ]
	[ "${lines[1]}" = 1 ]
	# the same from two file arguments, and with - for stdin
	dmn-report "$EXAMPLES/fractavision.yaml" val.yaml >files.md
	cmp both.md files.md
	dmn-report "$EXAMPLES/fractavision.yaml" - <val.yaml >dash.md
	cmp both.md dash.md
	# four kinds in one stream: three breaks, four titles
	dmn-compare "$EXAMPLES/osteoscan.yaml" >cmp.yaml
	{ cat "$EXAMPLES/osteoscan.yaml" val.yaml cmp.yaml; printf -- '---\n'; cat "$QUESTIONNAIRE"; } | dmn-report >four.md
	html four.md
	run -0 jq -c '([.tags[] | select(. == "hr")] | length), [.blocks[] | select(.[0] == "h1") | .[1]][0:3]' four.json
	[ "${lines[0]}" = 3 ]
	[ "${lines[1]}" = '["OsteoScan AI — Radiance Imaging SAS, version 2.3","Questions to complete — FractaVision — Nordlys Medical AB, version 1.8.0","Multi-criteria analysis table"]' ]
}

# --- errors --------------------------------------------------------------------------------

@test "an unknown kind is trouble: exact message, exit 2, nothing on stdout" {
	run -2 --separate-stderr dmn-report <<<'kind: invoice'
	expect_stderr "<stdin>:1:7: error: unknown kind 'invoice' (expected dossier, validation, comparison or questionnaire)"
	[ -z "$output" ]
	# after a good document: still nothing on stdout
	{ cat "$EXAMPLES/osteoscan.yaml"; printf -- '---\nkind: invoice\n'; } >two.yaml
	run -2 --separate-stderr dmn-report two.yaml
	[ -z "$output" ]
	[[ $stderr =~ ^two\.yaml:[0-9]+:7:\ error:\ unknown\ kind\ \'invoice\' ]]
}

@test "a document without kind is trouble" {
	printf 'name: x\nanswers: {}\n' >nokind.yaml
	run -2 --separate-stderr dmn-report nokind.yaml
	[ "${#stderr_lines[@]}" = 1 ]
	[[ $stderr == "nokind.yaml:1:1: error: not a dmn document: no 'kind'"* ]]
	[ -z "$output" ]
	printf 'just a string\n' >scalar.yaml
	run -2 --separate-stderr dmn-report scalar.yaml
	[ "${#stderr_lines[@]}" = 1 ]
	[[ $stderr == "scalar.yaml:1:1: error: not a dmn document"*"'kind'"* ]]
	[ -z "$output" ]
	printf -- '---\n' >blank.yaml
	run -2 --separate-stderr dmn-report blank.yaml
	expect_stderr "blank.yaml:1:1: error: empty document: expected a dmn document with 'kind'"
	[ -z "$output" ]
}

@test "a validation or comparison of the wrong shape is trouble, with line:col" {
	printf 'kind: validation\nquestionnaire: has-dmn-2023\ndossiers: 3\n' >v.yaml
	run -2 --separate-stderr dmn-report v.yaml
	expect_stderr "v.yaml:3:11: error: not a valid validation document: 'dossiers' must be a list, not a scalar"
	[ -z "$output" ]
	printf 'kind: validation\nquestionnaire: has-dmn-2023\ndossiers:\n  - device: {name: X}\n    invalid: []\n' >v2.yaml
	run -2 --separate-stderr dmn-report v2.yaml
	expect_stderr "v2.yaml:4:5: error: not a valid validation document: 'missing' is missing"
	[ -z "$output" ]
	printf 'kind: comparison\nquestionnaire: has-dmn-2023\ndevices: 3\nrows: []\n' >c.yaml
	run -2 --separate-stderr dmn-report c.yaml
	expect_stderr "c.yaml:3:10: error: not a valid comparison document: 'devices' must be a list, not a scalar"
	[ -z "$output" ]
	printf 'kind: comparison\nquestionnaire: has-dmn-2023\nedition: "2023-06-22"\ndevices:\n  - {name: A, completion: {total: {answered: 1}}}\nrows:\n  - title: {fr: a, en: a}\n    cells: []\n' >c2.yaml
	run -2 --separate-stderr dmn-report c2.yaml
	expect_stderr "c2.yaml:8:12: error: not a valid comparison document: a row has 0 cells for 1 device"
	[ -z "$output" ]
	# a validation of another questionnaire
	printf 'kind: validation\nquestionnaire: other\ndossiers: []\n' >v3.yaml
	run -2 --separate-stderr dmn-report v3.yaml
	expect_stderr "v3.yaml:2:16: error: the validation is for questionnaire 'other', not 'has-dmn-2023' (see --questionnaire)"
	[ -z "$output" ]
}

@test "empty input is trouble: no document in the input" {
	run -2 --separate-stderr dmn-report </dev/null
	expect_stderr "<stdin>: error: no document in the input"
	[ -z "$output" ]
	: >empty.yaml
	run -2 --separate-stderr dmn-report empty.yaml
	expect_stderr "empty.yaml: error: no document in the input"
	[ -z "$output" ]
}

# --- output --------------------------------------------------------------------------------

@test "dmn-report | head -n 3 ends quietly" {
	local i
	# the examples start with ---: they concatenate into a stream
	for ((i = 0; i < 20; i++)); do
		cat "$EXAMPLES/osteoscan.yaml"
	done >stream.yaml
	pipe_head -n3 dmn-report stream.yaml
	dmn-report "$EXAMPLES/osteoscan.yaml" | sed -n 1,3p >want.txt
	cmp want.txt head.txt
	[ "$(wc -l <head.txt)" = 3 ]
	[ ! -s err.txt ]
	[[ $PIPE_STATUS == @(0|141) ]]
}

@test "standard output on /dev/full: a write error, exit 2" {
	run -2 --separate-stderr sh -c 'exec dmn-report "$1" >/dev/full' sh "$EXAMPLES/osteoscan.yaml"
	expect_stderr "dmn-report: error: write error on standard output: No space left on device"
	run -2 --separate-stderr sh -c 'exec dmn-report "$1" >/dev/full' sh "$QUESTIONNAIRE"
	expect_stderr "dmn-report: error: write error on standard output: No space left on device"
}

@test "-o FILE holds what stdout would; stdout stays empty; trouble leaves no file" {
	dmn-compare "$EXAMPLES/osteoscan.yaml" "$EXAMPLES/fractavision.yaml" >cmp.yaml
	local f
	for f in "$EXAMPLES/fractavision.yaml" cmp.yaml "$QUESTIONNAIRE"; do
		dmn-report "$f" >want.md
		rm -f out.md
		run -0 --separate-stderr dmn-report -o out.md "$f"
		expect_stderr
		[ -z "$output" ]
		cmp want.md out.md
		run -0 --separate-stderr dmn-report --output out.md "$f"
		cmp want.md out.md
	done
	# exit 1 (a dossier with invalid answers): the report is still written
	dmn-report "$EXAMPLES/bonesight.yaml" >want.md 2>/dev/null || true
	run -1 --separate-stderr dmn-report -o out.md "$EXAMPLES/bonesight.yaml"
	[ -z "$output" ]
	cmp want.md out.md
	# trouble: no file
	printf 'kind: invoice\n' >bad.yaml
	run -2 --separate-stderr dmn-report -o new.md "$EXAMPLES/osteoscan.yaml" bad.yaml
	[ ! -e new.md ]
	[ -z "$(find . -name '.dmn-*')" ]
}
