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
#   items    [depth, text, heading] of every li in document order: depth 0 for a top-level
#            item, 1 for an item of a list inside an item...; its own text, without that of
#            its sub-lists; the text of the last heading before it ("" if none)
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
        self.open, self.inline, self.items, self.li, self.heading = [], [], [], [], ""
    def handle_starttag(self, tag, attrs):
        self.tags.append(tag + (" href=" + (dict(attrs).get("href") or "") if tag == "a" else ""))
        if tag == "li":
            self.li.append(len(self.items))
            self.items.append([len(self.li) - 1, "", self.heading])
        if tag in CONTAINERS:
            self.open.append([tag, "", ""])
        elif tag in ("em", "strong"):
            self.inline.append([tag, ""])
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
    def handle_endtag(self, tag):
        if tag == "li" and self.li:
            i = self.li.pop()
            self.items[i][1] = norm(self.items[i][1])
        if tag in CONTAINERS and self.open and self.open[-1][0] == tag:
            t, text, strong = self.open.pop()
            self.blocks.append([t, norm(text)])
            if t[0] == "h":
                self.heading = norm(text)
            if t in ("th", "td") and self.tables and self.tables[-1]:
                self.tables[-1][-1].append({"text": norm(text), "th": t == "th",
                                            "bold": norm(text) != "" and norm(strong) == norm(text)})
        elif tag in ("em", "strong") and self.inline and self.inline[-1][0] == tag:
            t, text = self.inline.pop()
            (self.em if t == "em" else self.strong).append(norm(text))
    def handle_data(self, data):
        self.text.append(data)
        if self.li:
            self.items[self.li[-1]][1] += data
        for c in self.open:
            c[1] += data
            if any(i[0] == "strong" for i in self.inline):
                c[2] += data
        for i in self.inline:
            i[1] += data
p = Structure()
p.feed(sys.stdin.read())
p.close()
print(json.dumps({"tags": p.tags, "blocks": p.blocks, "tables": p.tables, "em": p.em, "items": p.items,
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
	# the suite of this program's logic: the plain build; the sanitizers see the same code in
	# the hostile suites, the fuzzers and the tests of the terminal
	plain_pass_only
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
	plain_pass_only	# a document checked word by word: the same in every build (the sanitizers run
	# these programs on these files in other tests)
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
assert head == ["Section", "Answered", "Unknown or not applicable", "Pending", "Missing or invalid"], head
# five columns: answered; unknown + not applicable; pending; missing + invalid
def cols(c):
    return [str(c["answered"]), str(c["unknown"] + c["not-applicable"]), str(c["pending"]),
            str(c["missing"] + c["invalid"])]
sections, counts = Q["sections"], val["counts"]
assert len(t) == 1 + len(sections) + 1, len(t)
assert all(len(r) == 5 for r in t), [len(r) for r in t]
for s, row, c in zip(sections, t[1:], counts["sections"]):
    assert c["section"] == s["id"]
    label, full = row[0]["text"], "%s. %s" % (s["id"], s["title"]["en"])
    assert label == full or (label.endswith("…") and full.startswith(label[:-1])), (label, full)
    assert [r["text"] for r in row[1:]] == cols(c), (s["id"], row, c)
total = t[-1]
assert total[0]["text"] == "Total" and all(c["bold"] for c in total), total
assert [r["text"] for r in total[1:]] == cols(counts["total"]), (total, counts["total"])
# the questions not asked (their condition not met) in a sentence under the table
skipped = counts["total"]["skipped"]
said = [b[1] for b in h["blocks"] if b[0] == "p" and ("do not apply" in b[1] or "does not apply" in b[1])]
if skipped > 1:
    assert said == ["%d questions do not apply: their condition is not met." % skipped], said
elif skipped == 1:
    assert said == ["1 question does not apply: its condition is not met."], said
else:
    assert said == [], said
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

# What the letter (expected(VAL, False)) or the to-do (expected(VAL, True)) of one validated
# dossier VAL (dmn-validate --json's dossier) must hold, from the validation and the
# questionnaire's outline Q: (flow, items), flow the [tag, text] of its section headings (and
# in the to-do its audience headings and "where to find" paragraphs) in order, items the
# [depth, text, heading] of its list items as STRUCTPY gives them. The letter: the vendor's
# questions, in the vendor's words, under the short titles of the sections (Annexe 2), each
# sub-question under its parents; the to-do: the others, grouped by their first audience
# inside (establishment, DSI, DPO, legal), in the guide's words, with the guide's hints and
# help, and the other audiences they are for.
read -r -d '' LETTERPY <<'EOF2' || true
INSIDE = [("buyer", "The establishment and its health professionals"), ("dsi", "IT department (DSI)"),
          ("dpo", "DPO and RSSI"), ("legal", "Legal department and insurer")]
def n(s):
    return " ".join(s.split())
qs = {q["id"]: q for q in Q["questions"]}
secs = {s["id"]: s for s in Q["sections"]}
order = [q["id"] for q in Q["questions"]]
short = {r["section"]: r["short"]["en"] for r in Q["annex"] if r.get("heading")}
def sole(q):
    """a question that is its section (1, 2, 3, 9, 10): the heading says it"""
    return q["parent"] is None and q["id"] == q["section"]
def ancestors(qid):
    out, p = [], qs[qid]["parent"]
    while p:
        out.insert(0, p)
        p = qs[p]["parent"]
    return out
def depth(qid):
    """a sole question's sub-questions are at the top, as is the sole question itself"""
    a = ancestors(qid)
    return max(0, len(a) - sole(qs[a[0]] if a else qs[qid]))
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
def owner(audience):
    return next(a for a, _ in INSIDE if a in audience)
def words(q, todo):
    return n((q["text"] if todo or not q["vendor"] else q["vendor"])["en"])
def held(q, v):
    """the answer held by a question still to answer, as the reader reads it"""
    def one(x):
        if q["type"] == "yesno":
            return {"oui": "Yes", "yes": "Yes", "non": "No", "no": "No"}[x]
        labels = {o["id"]: o["label"]["en"] for o in q["options"]}
        return labels.get(x, x)
    return " ; ".join(one(x) for x in v) if isinstance(v, list) else one(v)
def expected(val, todo):
    flow, items = [], []
    for aud, name in (INSIDE if todo else [(None, None)]):
        mine = [m for m in val["missing"] if ("vendor" in m["audience"]) != todo
                and (not todo or owner(m["audience"]) == aud)]
        if not mine:
            continue
        if todo:
            flow.append(["h2", name])
        shown, section, last = set(), None, None
        for m in mine:
            q = qs[m["id"]]
            if q["section"] != section:
                section, last = q["section"], None
                s = secs[section]
                heading = "%s. %s" % (section, s["title"]["en"] if todo else short.get(section, s["title"]["en"]))
                flow.append(["h3" if todo else "h2", heading])
            if todo:
                h = hint(q["id"])
                if h and h != last:
                    flow.append(["p", "Where to find this information: " + n(h["en"])])
                    last = h
            # a sub-question never comes alone: its parents not yet shown, above it
            for p in ancestors(q["id"]):
                if p not in shown and not sole(qs[p]):
                    items.append([depth(p), "%s %s" % (p, words(qs[p], todo)), heading])
                    shown.add(p)
            shown.add(q["id"])
            li = "%s %s" % (q["id"], words(q, todo))
            if m["status"] == "pending":
                li += " (pending)"
            if "value" in m:
                li += " Answer given%s: %s" % (", to confirm" if m["status"] == "pending" else "", held(q, m["value"]))
            if "comment" in m:
                li += " Comment: " + n(m["comment"])
            if todo:
                if q["help"]:
                    li += " The guide: " + n(q["help"]["en"])
                li += "".join(" Also for: " + other for a, other in INSIDE if a != aud and a in m["audience"])
            items.append([depth(q["id"]), li, heading])
    return flow, items
def same(got, want):
    assert got == want, next(((i, g, w) for i, (g, w) in enumerate(zip(got, want)) if g != w), (len(got), len(want)))
EOF2

# letter_and_todo EXAMPLE: the validation of the example dossier (val.json, val.yaml), its
# letter (v.md, v.json) and its to-do (t.md, t.json), each without a message on stderr
letter_and_todo() {
	run -1 --separate-stderr dmn-validate --json "$EXAMPLES/$1.yaml"
	printf '%s\n' "$output" >val.json
	dmn-validate "$EXAMPLES/$1.yaml" >val.yaml 2>/dev/null || true
	run -0 --separate-stderr dmn-report val.yaml
	expect_stderr
	printf '%s\n' "$output" >v.md
	html v.md
	run -0 --separate-stderr dmn-report --todo val.yaml
	expect_stderr
	printf '%s\n' "$output" >t.md
	html t.md
}

@test "validation: the letter asks the vendor's missing and pending questions by section in the vendor's words; --todo lists the others with where to find them" {
	letter_and_todo fractavision
	check "$LETTERPY"'
val, h, t = load(sys.argv[1])["dossiers"][0], load(sys.argv[2]), load(sys.argv[3])
dev = val["device"]
device = "%s — %s, version %s" % (dev["name"], dev["manufacturer"], dev["version"])
vendor = [m for m in val["missing"] if "vendor" in m["audience"]]
others = [m for m in val["missing"] if "vendor" not in m["audience"]]
assert len(vendor) > 20 and len(others) > 20, (len(vendor), len(others))
assert {m["status"] for m in vendor} == {"missing", "pending"}
# the letter: a letter, the vendor questions only, no advice to the buyer, no file name
blocks = h["blocks"]
assert blocks[:3] == [["h1", "Questions about " + device], ["p", "Dear Sir or Madam,"],
    ["p", "As part of our assessment of %s with the guide “%s”, %s, we would be grateful if you could answer the questions below, citing the source of each answer." % (dev["name"], Q["title"]["en"], Q["publisher"]["en"])]], blocks[:3]
flow, items = expected(val, False)
same([b for b in blocks if b[0] in ("h2", "h3")], flow + [["h2", "How to answer"]])
same(h["items"], items)
assert blocks[-2:] == [["p", "Please give each question'"'"'s number with your answer."], ["p", "Yours faithfully,"]], blocks[-2:]
assert all(m["id"] in h["strong"] for m in vendor), h["strong"]
for w in ("Where to find", "The guide:", "Also for:", "fractavision.yaml", "Answers to correct", "to-do"):
    assert w not in h["text"], w
# the to-do: the other questions, each once, with the guide'"'"'s hints and help
blocks = t["blocks"]
assert blocks[:3] == [["h1", "To-do for the establishment — " + device],
    ["p", "Dossier: %s. Questionnaire: %s (%s)." % (val["file"], Q["title"]["en"], Q["id"])],
    ["p", "Internal: the questions of the guide that the vendor does not answer."]], blocks[:3]
flow, items = expected(val, True)
same([b for b in blocks if b[0] in ("h2", "h3") or b[1].startswith("Where to find")], flow)
same(t["items"], items)
listed = [i[1].split(" ")[0] for i in t["items"]]
assert all(listed.count(m["id"]) == 1 for m in others), listed
# a vendor question is there only as the parent of another (6.2.6 above 6.2.6.1), not asked
context = {p for m in others for p in ancestors(m["id"])}
assert [m["id"] for m in vendor if m["id"] in listed] == ["6.2.6"], listed
assert all(m["id"] in context for m in vendor if m["id"] in listed)
assert "Dear Sir or Madam" not in t["text"] and "Yours faithfully" not in t["text"]
' val.json v.json t.json
	# the sections of fractavision with something missing for the vendor, in order, by
	# their short titles
	run -0 jq -c '[.blocks[] | select(.[0] == "h2") | .[1]]' v.json
	[ "$output" = '["4. Evidence of the DMN'"'"'s value","5. Operating principles of the DMN","6. Organisational and environmental consequences","7. Costs and economic consequences","8. IT, legal and regulatory resources needed","9. Need for a pilot phase","How to answer"]' ]
	# and in the to-do, those with something missing for the establishment
	run -0 jq -c '[.blocks[] | select(.[0] == "h2" or .[0] == "h3") | .[1] | split(".")[0]]' t.json
	[ "$output" = '["The establishment and its health professionals","6","7","8","9","10"]' ]
}

@test "validation: a question's own 'where to find' hint is given with the questions it covers, in the to-do" {
	# 8.1 and 8.7 have their own hint in the guide (DSI, DPO, RSSI...); fractavision leaves
	# 8.1.1 (under 8.1) and 8.7 unanswered. The hints are the buyer's: the to-do gives 8.7's
	# just before 8.7 (for the establishment), then section 8's again before 8.13 (a new group
	# of the guide); the letter to the vendor (8.1.1 is the vendor's) gives none
	dmn-validate "$EXAMPLES/fractavision.yaml" >val.yaml 2>/dev/null || true
	run -0 --separate-stderr dmn-report --todo val.yaml
	printf '%s\n' "$output" >t.md
	html t.md
	run -0 --separate-stderr dmn-report val.yaml
	printf '%s\n' "$output" >v.md
	html v.md
	check '
t, v = load(sys.argv[1]), load(sys.argv[2])
qs = {q["id"]: q for q in Q["questions"]}
hint = lambda where: "Where to find this information: " + " ".join(where["en"].split())
blocks = t["blocks"]
i = blocks.index(["p", hint(qs["8.7"]["where"])])
assert blocks[i + 1][0] == "li" and blocks[i + 1][1].startswith("8.7 "), blocks[i + 1]
i = blocks.index(["p", hint(Q["sections"][7]["where"])], i)
assert blocks[i + 1][0] == "li" and blocks[i + 1][1].startswith("8.13 "), blocks[i + 1]
assert hint(qs["8.1"]["where"]) not in [b[1] for b in blocks]
assert any(i[1].startswith("8.1.1 ") for i in v["items"])
text = " ".join(v["text"].split())
for where in (qs["8.1"]["where"], qs["8.7"]["where"], Q["sections"][7]["where"]):
    assert " ".join(where["en"].split()) not in text, where
' t.json v.json
}

@test "validation: the invalid answers, the vendor's in the letter in their words, the others in the to-do with line and column (bonesight)" {
	letter_and_todo bonesight
	# the JSON form of the validation gives the same letter and the same to-do
	run -0 --separate-stderr dmn-report val.json
	[ "$output" = "$(cat v.md)" ]
	run -0 --separate-stderr dmn-report --todo val.json
	[ "$output" = "$(cat t.md)" ]
	check '
val, h, t = load(sys.argv[1])["dossiers"][0], load(sys.argv[2]), load(sys.argv[3])
qs = {q["id"]: q for q in Q["questions"]}
n = lambda s: " ".join(s.split())
assert len(val["invalid"]) == 7, val["invalid"]
assert len(val["missing"]) == 111
vendor = lambda inv: inv["id"] not in qs or "vendor" in qs[inv["id"]]["audience"]
def corrections(d):
    blocks = d["blocks"]
    i = blocks.index(["h2", "Answers to correct"])
    end = next((j for j in range(i + 1, len(blocks)) if blocks[j][0][0] == "h"), len(blocks))
    return i, [b[1] for b in blocks[i + 1:end] if b[0] == "li"]
# the letter: the answers of the vendor questions (and of an id the guide does not have),
# in the vendor'"'"'s words, with what is wrong; no line or column, no file
i, items = corrections(h)
assert h["blocks"][i + 1] == ["p", "These answers cannot be used as they were written:"], h["blocks"][i + 1]
mine = [inv for inv in val["invalid"] if vendor(inv)]
assert [inv["id"] for inv in mine] == ["3.1", "4.1", "4.2.4", "5.8.1", "6.2.5", "9.7"], mine
assert len(items) == len(mine), items
for inv, li in zip(mine, items):
    words = n(qs[inv["id"]]["vendor"]["en"]) + " " if inv["id"] in qs else ""
    assert li == "%s %s%s" % (inv["id"], words, inv["message"]), (inv, li)
assert "line " not in " ".join(items) and "bonesight.yaml" not in h["text"]
# and the missing questions of the vendor before them
assert len([x for x in h["items"][:h["items"].index([0, items[0], "Answers to correct"])] if x[1].split(" ")[0] in {m["id"] for m in val["missing"]}]) == len([m for m in val["missing"] if "vendor" in m["audience"]])
# the to-do: the answers of the other questions, with their place in the dossier
i, items = corrections(t)
mine = [inv for inv in val["invalid"] if not vendor(inv)]
assert [inv["id"] for inv in mine] == ["3.3"], mine
assert len(items) == len(mine), items
for inv, li in zip(mine, items):
    want = "%s %s line %d, column %d: %s" % (inv["id"], n(qs[inv["id"]]["text"]["en"]), inv["line"], inv["column"], inv["message"])
    assert li == want, (li, want)
' val.json v.json t.json
}

@test "validation: an invalid value is quoted tightly, as each language quotes" {
	dmn-validate "$EXAMPLES/bonesight.yaml" >val.yaml 2>/dev/null || true
	dmn-report val.yaml >en.md
	dmn-report -l fr val.yaml >fr.md
	html en.md
	# the letter says what is wrong in the reader's language, whatever dmn-validate's
	grep -qxF -- "  'environ 10 minutes' is not a number (question '6.2.5' takes a number in minutes)" en.md
	run -0 jq -r '.blocks[] | select(.[0] == "li" and (.[1] | startswith("6.2.5 "))) | .[1]' en.json
	[[ $output == *"DMN? 'environ 10 minutes' is not a number"* ]]
	grep -qxF -- "  « environ 10 minutes » n'est pas un nombre (la question « 6.2.5 » attend un nombre en minutes)" fr.md
	# the to-do, with the place of the value
	dmn-report -T val.yaml >en.md
	dmn-report -T -l fr val.yaml >fr.md
	grep -qxF -- "  line 31, column 11: '15/03/2024' is not a date in the form YYYY-MM-DD (the date of an answer): write 2024-03-15" en.md
	grep -qxF -- "  ligne 31, colonne 11 : « 15/03/2024 » n'est pas une date de la forme AAAA-MM-JJ (la date d'une réponse) : écrivez 2024-03-15" fr.md
}

@test "validation: a complete dossier gets a letter saying nothing is missing" {
	dmn-validate "$EXAMPLES/osteoscan.yaml" >val.yaml
	run -0 --separate-stderr dmn-report val.yaml
	expect_stderr
	printf '%s\n' "$output" >v.md
	html v.md
	run -0 jq -c '.blocks[0], [.blocks[] | select(.[0] == "li" or .[0] == "h2")], ([.blocks[] | select(.[1] == "Every question of the guide addressed to you has been answered: thank you.")] | length), .blocks[-1]' v.json
	[ "${lines[0]}" = '["h1","Questions about OsteoScan AI — Radiance Imaging SAS, version 2.3"]' ]
	[ "${lines[1]}" = '[]' ]
	[ "${lines[2]}" = 1 ]
	[ "${lines[3]}" = '["p","Yours faithfully,"]' ]
	# and a to-do saying nothing is left to do
	run -0 --separate-stderr dmn-report --todo val.yaml
	expect_stderr
	printf '%s\n' "$output" >t.md
	html t.md
	run -0 jq -c '.blocks[0], [.blocks[] | select(.[0] == "li" or .[0] == "h2")], ([.blocks[] | select(.[1] == "Nothing is left to do for the establishment.")] | length)' t.json
	[ "${lines[0]}" = '["h1","To-do for the establishment — OsteoScan AI — Radiance Imaging SAS, version 2.3"]' ]
	[ "${lines[1]}" = '[]' ]
	[ "${lines[2]}" = 1 ]
}

# --- comparison ---------------------------------------------------------------------------

# What a comparison report must show, from the comparison (dmn-compare --json) and the
# questionnaire: python3 -c "$CMPPY" CMP.json REPORT.json REPORT.md (REPORT.json: STRUCTPY's).
# The title, the questionnaire, the guide's caveats quoted; the devices compared in a table;
# then a table per section of Annexe 2 (its heading row: "## N. short title"), a column per
# device, a row per criterion ("≠ " when the devices differ), every row whole; the rows that
# no device answered (every answer missing, with nothing said) left out and named below.
read -r -d '' CMPPY <<'EOF2' || true
n = lambda s: " ".join(s.split())
c, h, md = load(sys.argv[1]), load(sys.argv[2]), open(sys.argv[3], encoding="utf-8").read().split("\n")
devices = [d["name"] for d in c["devices"]]
nd = len(devices)
blocks = h["blocks"]
assert blocks[0] == ["h1", "Multi-criteria analysis table"], blocks[0]
assert blocks[1] == ["p", "Questionnaire: %s (%s, edition %s)." % (Q["title"]["en"], Q["id"], Q["edition"])], blocks[1]
assert len(Q["caveats"]) == 2 and h["tags"].count("blockquote") == 2
for cv in Q["caveats"]:
    i = blocks.index(["p", n(cv["text"]["en"])])
    assert blocks[i + 1] == ["p", "— %s, %s, %s" % (Q["publisher"]["en"], Q["title"]["en"], cv["from"]["en"])], blocks[i + 1]
# the devices compared, with what is known (answered, unknown, not applicable) of what is asked
t = h["tables"][0]
assert [x["text"] for x in t[0]] == ["Device", "Manufacturer", "Version", "CE class", "Notified body", "Completion"], t[0]
assert len(t) == 1 + nd, len(t)
for d, row in zip(c["devices"], t[1:]):
    k = d["completion"]["total"]
    known = k["answered"] + k["unknown"] + k["not-applicable"]
    asked = known + k["pending"] + k["missing"] + k["invalid"]
    want = [d["name"], d["manufacturer"], d["version"], d["ce-class"], d.get("notified-body") or "—",
            "%d / %d (%d %%)" % (known, asked, known * 100 // asked)]
    assert [x["text"] for x in row] == want, (row, want)
    assert row[0]["bold"] and not any(x["bold"] for x in row[1:]), row
# a table per section
sections = []
for r in c["rows"]:
    if r["heading"]:
        sections.append((r, []))
    else:
        sections[-1][1].append(r)
assert len(sections) == 7 and sum(len(rows) for _, rows in sections) == 35
h2 = [b[1] for b in blocks if b[0] == "h2"]
assert h2 == ["Devices compared"] + ["%s. %s" % (r["section"], r["short"]["en"]) for r, _ in sections], h2
def unanswered(r):
    return all(a["status"] == "missing" and not any(k in a for k in ("value", "comment", "source"))
               for cell in r["cells"] for a in cell["answers"])
tables, ndiffer, nunanswered = h["tables"][1:], 0, 0
for head, rows in sections:
    shown = [r for r in rows if not unanswered(r)]
    nunanswered += len(rows) - len(shown)
    # the rows no device answered, on one line under the section's table
    i = blocks.index(["h2", "%s. %s" % (head["section"], head["short"]["en"])])
    end = next((j for j in range(i + 1, len(blocks)) if blocks[j][0] == "h2"), len(blocks))
    said = [b[1] for b in blocks[i + 1:end] if b[1].startswith("No device has answered:")]
    if len(shown) < len(rows):
        assert said == ["No device has answered: %s." % " ; ".join(r["short"]["en"] for r in rows if unanswered(r))], said
    else:
        assert said == [], said
    if not shown:
        continue
    t, tables = tables[0], tables[1:]
    assert [x["text"] for x in t[0]] == ["Criterion"] + devices and all(x["th"] for x in t[0]), t[0]
    assert len(t) == 1 + len(shown), (head["section"], len(t), len(shown))
    assert all(len(tr) == 1 + nd for tr in t), [len(tr) for tr in t]
    for r, tr in zip(shown, t[1:]):
        want = ("≠ " if r["differ"] else "") + r["short"]["en"]
        assert tr[0]["text"] == want and not tr[0]["bold"], (tr[0], want)
        assert all(x["text"] != "" for x in tr[1:]), tr
        ndiffer += r["differ"]
assert tables == [], len(tables)
# the header's dashes give the columns' widths: 24 for the criterion, 96 / devices (12 at least)
width = max(12, 96 // nd)
sep = "| " + "-" * 24 + " |" + (" " + "-" * width + " |") * nd
heads = [i for i, line in enumerate(md) if line.startswith("| Criterion |")]
assert heads and all(md[i + 1] == sep for i in heads), (sep, [md[i + 1] for i in heads])
assert "Completion" not in [tr[0]["text"] for t in h["tables"][1:] for tr in t]
print(ndiffer, nunanswered)
EOF2

@test "comparison: the devices compared, then a table per section of Annexe 2: a column per device, ≠ where they differ, rows no device answered named below" {
	plain_pass_only	# a document checked word by word: the same in every build (the sanitizers run
	# these programs on these files in other tests)
	local files=("$EXAMPLES/bonesight.yaml" "$EXAMPLES/fractavision.yaml" "$EXAMPLES/osteoscan.yaml")
	run -1 --separate-stderr dmn-compare --json "${files[@]}"
	printf '%s\n' "$output" >cmp.json
	dmn-compare "${files[@]}" >cmp.yaml 2>/dev/null || true
	run -0 --separate-stderr dmn-report cmp.yaml
	expect_stderr
	printf '%s\n' "$output" >c.md
	html c.md
	# 42 rows of Annexe 2, 7 of them headings; OsteoScan AI answered everything: no row left out
	run -0 check '
c = load(sys.argv[1])
assert len(Q["annex"]) == 42 and len(c["rows"]) == 42
assert sum(r["heading"] for r in c["rows"]) == 7
assert [d["name"] for d in c["devices"]] == ["BoneSight", "FractaVision", "OsteoScan AI"]
print(sum(r["differ"] for r in c["rows"]))' cmp.json
	(( output > 10 && output < 35 ))
	run -0 check "$CMPPY" cmp.json c.json c.md
	[ "${output#* }" = 0 ]
	run -0 jq -r '.tables[0][3][5].text' c.json
	[ "$output" = "149 / 149 (100 %)" ]
	# the JSON form of the comparison gives the same report
	run -0 --separate-stderr dmn-report cmp.json
	[ "$output" = "$(cat c.md)" ]
	# two devices that left the same rows unanswered: those rows named under their section
	dmn-compare --json "${files[@]:0:2}" >cmp2.json 2>/dev/null || true
	dmn-report cmp2.json >c2.md
	html c2.md
	run -0 check "$CMPPY" cmp2.json c2.json c2.md
	[ "${output#* }" = 7 ]
	grep -qx '\*No device has answered:\* Possible funding method(s) ; Expected economic assumptions after purchase\.' c2.md
	# five devices with their notified bodies (the columns a fifth of 96 dashes each)
	dmn-compare --json "$FIXTURES"/devices/*.yaml >cmp5.json
	dmn-report cmp5.json >c5.md
	html c5.md
	run -0 check "$CMPPY" cmp5.json c5.json c5.md
	run -0 jq -r '.tables[0][1] | map(.text) | join("|")' c5.json
	[ "$output" = "Fracturia|Orsolina Imaging S.r.l.|1.5|IIa|Vigilmed Certificazioni, organisme notifié 9688|139 / 139 (100 %)" ]
	grep -qx '| ------------------------ | ------------------- | ------------------- | ------------------- | ------------------- | ------------------- |' c5.md
}

@test "comparison: a long cell cut, continued in note N; a cell with sources, comments or problems gets \\[N\\]; the notes under each section's table" {
	files=("$EXAMPLES/bonesight.yaml" "$EXAMPLES/fractavision.yaml" "$EXAMPLES/osteoscan.yaml")
	dmn-compare --json "${files[@]}" >cmp.json 2>/dev/null || true
	dmn-report cmp.json >c.md
	html c.md
	check '
import re, yaml
c, h = load(sys.argv[1]), load(sys.argv[2])
n = lambda s: " ".join(s.split())
devices = [d["name"] for d in c["devices"]]
blocks = h["blocks"]
# the notes of each section: after its table, under "Notes", before the next section
notes, tables, sections = {}, h["tables"][1:], []
for r in c["rows"]:
    if r["heading"]:
        sections.append([])
    else:
        sections[-1].append(r)
heads = [i for i, b in enumerate(blocks) if b[0] == "h2"][1:] + [len(blocks)]
for a, b in zip(heads, heads[1:]):
    under = blocks[a:b]
    if ["p", "Notes"] in under:
        notes[a] = [x[1] for x in under[under.index(["p", "Notes"]) + 1:] if x[0] == "li"]
    else:
        notes[a] = []
assert "Notes" in h["strong"]
# what a note says of each answer of its cell: where it comes from, who, when, a comment, a problem
LABELS = (("source", "Source:"), ("by", "By:"), ("date", "Date:"), ("comment", "Comment:"), ("finding", "Problem:"))
def said(cell):
    lines = []
    for a in cell["answers"]:
        parts = ["%s %s" % (label, n(a[k])) for k, label in LABELS if a.get(k)]
        if parts:
            lines.append(("%s: " % a["id"] if len(cell["answers"]) > 1 else "") + " · ".join(parts))
    return " ".join(lines)
refs, allnotes, ncut, nsaid = [], [], 0, 0
for (a, rows), t in zip(zip(heads, sections), tables):
    mine = notes[a]
    first = len(allnotes) + 1
    allnotes += mine
    for r, tr in zip(rows, t[1:]):
        crit = r["short"]["en"]
        for dev, cell, td in zip(devices, r["cells"], tr[1:]):
            text, lines = td["text"], said(cell)
            m = re.fullmatch(r"(.*…) \(continued in note (\d+)\)", text)
            if m:
                shown, k = m.group(1), int(m.group(2))
                assert len(shown) <= 101, shown
                note = allnotes[k - 1]
                head = "%s, %s — Full text: " % (dev, crit)
                assert note.startswith(head) and note.endswith((" " + lines) if lines else ""), (note, head, lines)
                full = note[len(head):len(note) - (len(lines) + 1 if lines else 0)]
                assert full.startswith(shown[:-1].rstrip(" ,;")) and len(full) > 100, (shown, full)
                ncut += 1
            else:
                m = re.fullmatch(r"(.*) \[(\d+)\]", text)
                assert len(m.group(1) if m else text) <= 100, text
                if not m:
                    assert not lines, (dev, crit, text, lines)
                    continue
                k = int(m.group(2))
                assert lines and allnotes[k - 1] == "%s, %s — %s" % (dev, crit, lines), (allnotes[k - 1], lines)
                nsaid += 1
            assert first <= k <= len(allnotes), (k, first, len(allnotes))
            refs.append(k)
# numbered 1, 2, 3... through the report in the order of the tables, one note per reference
assert refs == list(range(1, len(allnotes) + 1)), (refs, len(allnotes))
assert ncut > 20 and nsaid > 10, (ncut, nsaid)
# OsteoScan AI 3.5: its whole answer in its note, then where it comes from
o = yaml.safe_load(open(sys.argv[3], encoding="utf-8"))["answers"]["3.5"]
row = next(tr for t in tables for tr in t if tr[0]["text"].endswith("Situations where the DMN must not be used"))
k = int(re.fullmatch(r".* \(continued in note (\d+)\)", row[3]["text"]).group(1))
want = "OsteoScan AI, Situations where the DMN must not be used — Full text: %s Source: %s · By: %s · Date: %s" % (
    n(o["answer"]), o["source"], o["by"], o["date"])
assert allnotes[k - 1] == want, (allnotes[k - 1], want)
# the statuses of answers with no value grouped, or alone when they are every answer
cells = {(tr[0]["text"].lstrip("≠ "), dev): td["text"] for t in tables for tr in t[1:] for dev, td in zip(devices, tr[1:])}
assert cells[("Use of the DMN by other organisations", "BoneSight")] == "4.3: Yes · 4.3.1: No · missing: 4.3.2"
assert cells[("Use of the DMN by other organisations", "FractaVision")] == "4.3: No · not applicable: 4.3.1, 4.3.2 [10]"
assert cells[("Human oversight or control of the DMN", "BoneSight")] == "4.5: Yes · missing: 4.5.1, 4.5.2, 4.5.3"
assert cells[("Evaluation of the tool by other bodies", "BoneSight")] == "missing"
' cmp.json c.json "$EXAMPLES/osteoscan.yaml"
	# in the Markdown the reference is escaped, so that it is no link reference; a cut cell says so
	grep -q ' \\\[6\\\] |' c.md
	grep -q '… \*(continued in note 1)\* |' c.md
	grep -qx '1\. \*\*BoneSight\*\*, Intended purpose of CE marking vs planned use — Full text: .*\\' c.md
	grep -qx '\*\*Notes\*\*' c.md
}

# --- questionnaire -------------------------------------------------------------------------

@test "questionnaire: a blank form with the guide's opening, the parts, every section (title, context, hint) and question, options as ☐, the appendices" {
	run -0 --separate-stderr dmn-report "$QUESTIONNAIRE"
	expect_stderr
	printf '%s\n' "$output" >q.md
	html q.md
	check '
import re, yaml
h, doc = load(sys.argv[1]), yaml.safe_load(open(sys.argv[2], encoding="utf-8"))
blocks = h["blocks"]
n = lambda s: " ".join(s.split())
text = n(h["text"])
assert blocks[0] == ["h1", Q["title"]["en"]], blocks[0]
assert blocks[1] == ["p", "%s — edition %s (%s)" % (Q["publisher"]["en"], Q["edition"], Q["id"])], blocks[1]
# the guide opening (level 2), the parts as level-1 headings, each before its sections, the
# appendices and the abbreviations after them
h12 = [b for b in blocks if b[0] in ("h1", "h2")][1:]
want, part = [["h2", p["title"]["en"]] for p in doc["preface"]], None
assert [w[1] for w in want] == ["Background", "How to use this guide"], want
parts = {p[0]: p[2] for p in Q["parts"]}
for s in Q["sections"]:
    if s["part"] != part:
        want.append(["h1", parts[s["part"]]])
        part = s["part"]
    want.append(["h2", "%s. %s" % (s["id"], s["title"]["en"])])
want += [["h1", "Appendices"]] + [["h2", a["title"]["en"]] for a in doc["appendices"]]
want += [["h2", "Abbreviations and acronyms"]]
assert h12 == want, (h12, want)
assert [w[1] for w in want if w[0] == "h1"] == ["Preamble", "Guide to choosing", "Before integration", "Appendices"]
# the passages of the guide (the opening, a part intro, the appendices): every line, its
# list items as list items
passages = [p["text"]["en"] for p in doc["preface"]] + [p["intro"]["en"] for p in doc["parts"] if p.get("intro")]
passages += [a["text"]["en"] for a in doc["appendices"]]
assert len(passages) == 4, len(passages)
listed = []
for p in passages:
    for line in p.split("\n"):
        m = re.match(r"(- |[0-9]+\. )(.*)", line)
        if m:
            listed.append(n(m.group(2)))
        if line.strip():
            assert n(m.group(2) if m else line) in text, line
assert [b[1] for b in blocks if b[0] == "li" and not b[1].startswith("☐ ")] == listed
# the abbreviations in a table of their own, the only table
assert len(h["tables"]) == 1, len(h["tables"])
t = h["tables"][0]
assert [[c["text"] for c in r] for r in t] == [["Abbreviation", "Meaning"]] + [[a["abbr"], a["en"]] for a in doc["abbreviations"]], t
assert len(t) == 11
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
items = [b[1] for b in blocks if b[0] == "li" and b[1].startswith("☐ ")]
opts = [q for q in Q["questions"] if q["type"] in ("choice", "choices")]
want = ["☐ " + n(o["label"]["en"]) for q in opts for o in q["options"]]
assert items == want, (items, want)
assert len(opts) >= 5
assert sum(1 for b in blocks if b == ["p", "☐ Yes ☐ No"]) == nyes, nyes
# a condition says when the question is asked
assert "Only if the answer to question 5.2 is yes." in text
' q.json "$QUESTIONNAIRE"
	# 45 numbered questions in all (guide numbers), every one in the form
	run -0 jq '[.questions[] | select(.parent == null)] | length' "$Q"
	[ "$output" = 45 ]
}

# --- hostile vendor text -------------------------------------------------------------------

@test "hostile vendor text in a dossier stays text: no markup, no broken table, no control byte" {
	plain_pass_only	# what the text becomes: the same in every build; the sanitizers meet hostile
	# text in fuzz_report and the hostile-input suites
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
# the completion table: header, 10 sections, total; 5 columns
t = h["tables"]
assert len(t) == 1 and len(t[0]) == 12 and all(len(r) == 5 for r in t[0]), [len(r) for r in t[0]]
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

@test "hostile vendor text in a comparison of two devices: the tables keep their rows and columns" {
	plain_pass_only	# what the text becomes: the same in every build; the sanitizers meet hostile
	# text in fuzz_report and the hostile-input suites
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
for bad in ("script", "b", "img", "code", "pre", "del", "s", "div", "hr", "h3", "h4", "h5", "h6"):
    assert bad not in h["tags"], bad
# the only quotes: the guide'"'"'s two caveats
assert h["tags"].count("blockquote") == 2, h["tags"].count("blockquote")
assert not [t for t in h["tags"] if t.split(" ")[0] == "a"]
for bad in ("<script", "<b>", "<img", "<a href", "<code", "<pre", "<del"):
    assert bad not in html, bad
# the devices table, then a table per section with an answered row: every row whole
devices, tables = h["tables"][0], h["tables"][1:]
assert len(devices) == 3 and all(len(r) == 6 for r in devices), [len(r) for r in devices]
assert [r[0]["text"] for r in devices[1:]] == [A, B], devices
assert devices[1][1]["text"] == "<b>bold</b> [click](javascript:alert(1)) _x_ [2J", devices[1][1]
assert [r[2]["text"] for r in devices[1:]] == ["1. list"] * 2 and [r[3]["text"] for r in devices[1:]] == ["# heading"] * 2
assert len(tables) == 4 and all(len(r) == 3 for t in tables for r in t), [len(r) for t in tables for r in t]
assert all([x["text"] for x in t[0]] == ["Criterion", A, B] for t in tables), [t[0] for t in tables]
# the program own emphasis only, the same as the twin'"'"'s: the guide'"'"'s title under the quotes,
# the key to the tables, "continued in note n", "No device has answered:"
assert h["em"] == twin["em"], (h["em"], twin["em"])
assert {re.sub(r"[0-9]+", "n", e) for e in h["em"]} == {Q["title"]["en"], "(continued in note n)", "No device has answered:",
    "≠: the devices'"'"' answers to this criterion differ, compared on the whole answers (not on the text shown). [n]: note n, under the section'"'"'s table, gives the sources and comments of the cell."}, set(h["em"])
# bold: the device names (in the devices table and in the notes) and "Notes"
tA, tB = twin["strong"][:2]
assert h["strong"][:2] == [A, B] and len(h["strong"]) == len(twin["strong"]), h["strong"]
assert all(a == b or (a, b) in ((A, tA), (B, tB)) for a, b in zip(h["strong"], twin["strong"])), h["strong"]
assert set(h["strong"]) == {A, B, "Notes"}, set(h["strong"])
heads = [b[1] for b in h["blocks"] if b[0][0] == "h"]
assert heads[:2] == ["Multi-criteria analysis table", "Devices compared"] and len(heads) == 2 + 7, heads
# 3.5 (its own row): ALL cut in the cell, whole in its note, for each device
notes = [i[1] for i in h["items"]]
row = next(r for t in tables for r in t if r[0]["text"] == "Situations where the DMN must not be used")
for dev, cell in zip((A, B), row[1:]):
    m = re.fullmatch(r"(.*…) \(continued in note (\d+)\)", cell["text"])
    assert m, cell
    assert ALL.startswith(m.group(1)[:-1].rstrip()), (m.group(1), ALL)
    note = dev + ", Situations where the DMN must not be used — Full text: " + ALL
    assert notes[int(m.group(2)) - 1] == note, (notes[int(m.group(2)) - 1], note)
row = next(r for t in tables for r in t if r[0]["text"] == "Intended purpose of CE marking vs planned use")
assert row[1]["text"] == "3.1: - list · 3.2: 1. list · 3.4: > quote · missing: 3.3", row[1]
' want.json c.json tc.json c.html
}

@test "hostile vendor text in a validation letter and to-do stays text" {
	plain_pass_only	# what the text becomes: the same in every build; the sanitizers meet hostile
	# text in fuzz_report and the hostile-input suites
	hostile_dossier h.yaml hostile A invalid
	hostile_dossier twin.yaml twin A invalid
	run -1 --separate-stderr dmn-validate h.yaml
	printf '%s\n' "$output" >val.yaml
	run -1 --separate-stderr dmn-validate twin.yaml
	printf '%s\n' "$output" >tval.yaml
	local todo
	for todo in "" --todo; do
		run -0 --separate-stderr dmn-report $todo val.yaml
		expect_stderr
		printf '%s\n' "$output" >v.md
		run -0 --separate-stderr dmn-report $todo tval.yaml
		printf '%s\n' "$output" >tv.md
		html v.md
		html tv.md
		no_controls v.md
		check '
h, twin = load(sys.argv[1]), load(sys.argv[2])
html = open(sys.argv[3], encoding="utf-8").read()
todo = sys.argv[4] == "--todo"
assert h["tags"] == twin["tags"], next(((i, a, b) for i, (a, b) in enumerate(zip(h["tags"], twin["tags"])) if a != b), (len(h["tags"]), len(twin["tags"])))
for bad in ("<script", "<b>", "<img", "<a href", "<code", "<pre", "<del", "<blockquote", "<table"):
    assert bad not in html, bad
# the device name in the title, as text
assert h["blocks"][0][1].startswith(("To-do for the establishment — " if todo else "Questions about ") + "Evil|Name <script>alert(1)</script> *emph* _u_ second line[31m \\ back — "), h["blocks"][0]
# bold: the question numbers; only the unknown id (in the letter) differs from the twin
assert h["em"] == twin["em"] and len(h["strong"]) == len(twin["strong"])
assert [a for a, b in zip(h["strong"], twin["strong"]) if a != b] == ([] if todo else ["<script>"]), h["strong"]
if todo:
    assert ["h2", "Answers to correct"] not in h["blocks"]
    sys.exit(0)
i = h["blocks"].index(["h2", "Answers to correct"])
items = [b[1] for b in h["blocks"][i + 1:h["blocks"].index(["h2", "How to answer"])] if b[0] == "li"]
assert len(items) == 3, items
assert items[2] == "<script> unknown question id '"'"'<script>'"'"'", items[2]
assert "a|b | c \\ d \\| e <script>alert(1)</script> <b>bold</b> [click](javascript:alert(1))" in items[0], items[0]
assert "<b>12</b>" in items[1], items[1]
# a pending answer, held: as written, its lines joined, its markup as text
assert "4.5.1 " in h["strong"] or "4.5.1" in h["strong"]
li = next(x[1] for x in h["items"] if x[1].startswith("4.5.1 "))
assert li.endswith("(pending) Answer given, to confirm: *emphasis* indented after a blank line"), li
' v.json tv.json v.html "$todo"
	done
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
	[ "$output" = "Questions about Scan # — Acme ##, version 2 #" ]
	run -0 --separate-stderr dmn-report --todo val.yaml
	printf '%s\n' "$output" >t.md
	html t.md
	run -0 jq -r '.blocks[0][1]' t.json
	[ "$output" = "To-do for the establishment — Scan # — Acme ##, version 2 #" ]
}

@test "hostile vendor text read by pandoc (gfm, and its default Markdown as in the brief)" {
	plain_pass_only	# what pandoc reads: the same in every build
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
    # the devices, then the four sections with an answer (3, 4, 5, 8), a header and their rows
    assert len(t[0]) == 3 and all(len(r) == 6 for r in t[0]), [len(r) for r in t[0]]
    assert [len(x) for x in t[1:]] == [3, 3, 2, 3], [len(x) for x in t]
    assert all(len(r) == 3 for x in t[1:] for r in x), [len(r) for x in t for r in x]
else:
    assert len(t) == 1 and len(t[0]) == 12 and all(len(r) == 5 for r in t[0]), [len(r) for r in t[0]]
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
	# the to-do too
	dmn-report --todo val.yaml >one.md
	dmn-report --todo val.yaml >two.md
	cmp one.md two.md
	grep -q '^# To-do for the establishment — ' one.md
	run ! grep -q 'Report date' one.md
	# also in French, and for the other dossiers
	for f in "$EXAMPLES"/*.yaml; do
		dmn-report -l fr "$f" >one.md 2>/dev/null || true
		dmn-report -l fr "$f" >two.md 2>/dev/null || true
		cmp one.md two.md
	done
}

@test "--date: the date of SOURCE_DATE_EPOCH, in every kind and both languages" {
	plain_pass_only	# words and languages: the same in every build
	dmn-validate "$EXAMPLES/bonesight.yaml" >val.yaml 2>/dev/null || true
	dmn-compare "$EXAMPLES"/*.yaml >cmp.yaml 2>/dev/null || true
	local f todo en fr
	for f in "$EXAMPLES/osteoscan.yaml" val.yaml "--todo val.yaml" cmp.yaml "$QUESTIONNAIRE"; do
		# the letter is dated as a letter is, in its heading; every other document says
		# "Report date"
		if [ "$f" = val.yaml ]; then
			en='**Date:** 1970-01-02  ' fr='**Date :** 2 janvier 1970  '
		else
			en='Report date: 1970-01-02' fr='Date du rapport : 2 janvier 1970'
		fi
		todo=
		if [ "${f%% *}" = --todo ]; then
			todo=--todo f=${f#--todo }
		fi
		SOURCE_DATE_EPOCH=86400 dmn-report $todo --date "$f" >d.md
		[ "$(grep -c '1970' d.md)" = 1 ]
		grep -qxF -- "$en" d.md
		SOURCE_DATE_EPOCH=86400 dmn-report $todo -D --lang fr "$f" >d.md
		[ "$(grep -c '1970' d.md)" = 1 ]
		grep -qxF -- "$fr" d.md
		# the date line is the only difference
		dmn-report $todo "$f" >plain.md
		SOURCE_DATE_EPOCH=86400 dmn-report $todo --date "$f" >d.md
		diff plain.md d.md | grep '^[<>] *[^<> ]' >delta.txt || true
		[ "$(cat delta.txt)" = "> $en" ]
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
	grep -qx '## Complétude' "$1" || grep -q '^| Critère |' "$1" || grep -q '^# Questions sur ' "$1" ||
		grep -q "^# À faire pour l'établissement — " "$1" || grep -qx '# Préambule' "$1"
	! grep -q 'Completion\|Criterion\|Questions about\|To-do\|Where to find\|Preamble\|Answered\|Dear Sir\|Yours faithfully' "$1"
}
in_english() {
	grep -qx '## Completion' "$1" || grep -q '^| Criterion |' "$1" || grep -q '^# Questions about ' "$1" ||
		grep -q '^# To-do for the establishment — ' "$1" || grep -qx '# Preamble' "$1"
	! grep -q 'Complétude\|Critère\|Questions sur\|À faire\|Où trouver\|Préambule\|Répondues\|Madame, Monsieur' "$1"
}

@test "--lang fr and --lang en, both ways, for every kind; LC_ALL=fr_FR.UTF-8 alone gives French" {
	plain_pass_only	# words and languages: the same in every build
	dmn-validate "$EXAMPLES/fractavision.yaml" >val.yaml 2>/dev/null || true
	dmn-compare "$EXAMPLES"/*.yaml >cmp.yaml 2>/dev/null || true
	local f todo
	for f in "$EXAMPLES/osteoscan.yaml" val.yaml "--todo val.yaml" cmp.yaml "$QUESTIONNAIRE"; do
		todo=()
		if [ "${f%% *}" = --todo ]; then
			todo=(--todo) f=${f#--todo }
		fi
		LC_ALL=C dmn-report "${todo[@]}" --lang fr "$f" >fr.md
		in_french fr.md
		LC_ALL=fr_FR.UTF-8 dmn-report "${todo[@]}" --lang en "$f" >en.md
		in_english en.md
		LC_ALL=fr_FR.UTF-8 dmn-report "${todo[@]}" "$f" >locale-fr.md
		cmp fr.md locale-fr.md
		LC_ALL=C dmn-report "${todo[@]}" "$f" >locale-c.md
		cmp en.md locale-c.md
		LC_ALL=fr_FR.UTF-8 dmn-report "${todo[@]}" -l fr "$f" >short.md
		cmp fr.md short.md
		env -u LC_ALL LANG=fr_FR.UTF-8 dmn-report "${todo[@]}" "$f" >lang.md
		cmp fr.md lang.md
		# LC_ALL wins over LANG
		LC_ALL=C LANG=fr_FR.UTF-8 dmn-report "${todo[@]}" "$f" >both.md
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
assert [c["text"] for c in fr["tables"][0][0]] == ["Section", "Répondues", "Inconnues ou sans objet", "En attente", "Manquantes ou invalides"], fr["tables"][0][0]
assert [c["text"] for c in en["tables"][0][0]] == ["Section", "Answered", "Unknown or not applicable", "Pending", "Missing or invalid"], en["tables"][0][0]
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
	# (the criteria by their short French titles, the rows of 7.2 and of 5.2)
	local c72 c52
	c72=$(jq -r '.annex[] | select(.questions == ["7.2"]) | .short.fr' "$Q")
	c52=$(jq -r '.annex[] | select(.questions == ["5.2"]) | .short.fr' "$Q")
	[ "$c72" = "Mode(s) de contractualisation" ] && [ "$c52" = "Apprentissage automatique ou non" ]
	run -0 jq -r --arg c "≠ $c72" '.tables[1:][][] | select(.[0].text == $c) | .[2].text' cfr.json
	[ "$output" = "$(jq -r '.questions[] | select(.id == "7.2") | .options[] | select(.id == "pay-per-use") | .label.fr' "$Q")" ]
	# (each with its note: where the answer comes from)
	run -0 jq -r --arg c "≠ $c52" '.tables[1:][][] | select(.[0].text == $c) | [.[1].text, .[2].text] | join(",")' cfr.json
	[[ $output =~ ^Oui\ \[[0-9]+\],Non\ \[[0-9]+\]$ ]]
	[ "$(grep -c '^| Critère | OsteoScan AI | FractaVision |$' cfr.md)" = 7 ]
	grep -qx '| Dispositif | Fabricant | Version | Classe CE | Organisme notifié | Complétude |' cfr.md
	grep -qx '## Dispositifs comparés' cfr.md
}

@test "--lang with an unknown language is a usage error" {
	run -2 --separate-stderr dmn-report --lang de "$EXAMPLES/osteoscan.yaml"
	[ -z "$output" ]
	[ "${stderr_lines[0]}" = "dmn-report: error: unknown language 'de' (expected fr or en)" ]
	[ "${stderr_lines[1]}" = "usage: dmn-report [-DT] [-f markdown|html] [-l fr|en] [-Q FILE] [-o FILE]" ]
	[ "${stderr_lines[2]}" = "                  [--to TEXT] [--from TEXT] [--reference TEXT] [--reply-by DATE]" ]
	[ "${stderr_lines[3]}" = "                  [--attach NAME] [FILE ...]" ]
}

@test "-D is --date, -T --todo, -F --for; -d and -t, their letters in dmn 0.1.0, are unknown options" {
	dmn-validate "$EXAMPLES/fractavision.yaml" >val.yaml 2>/dev/null || true
	SOURCE_DATE_EPOCH=86400 dmn-report --date --todo val.yaml >long.md
	SOURCE_DATE_EPOCH=86400 dmn-report -D -T val.yaml >short.md
	cmp long.md short.md
	SOURCE_DATE_EPOCH=86400 dmn-report -DT val.yaml >short.md
	cmp long.md short.md
	! cmp -s long.md <(dmn-report val.yaml)
	dmn-report -f csv --for dsi -o long.csv "$QUESTIONNAIRE"
	dmn-report -f csv -F dsi -o short.csv "$QUESTIONNAIRE"
	cmp long.csv short.csv
	run -0 dmn-report --help
	help=$output
	for o in -d -t; do
		run -2 --separate-stderr dmn-report "$o" val.yaml
		[ -z "$output" ]
		[ "$stderr" = "dmn-report: error: unknown option '$o'"$'\n'"$help" ]
	done
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
	[ "${lines[0]}" = '["FractaVision — Nordlys Medical AB, version 1.8.0","Questions about FractaVision — Nordlys Medical AB, version 1.8.0"]' ]
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
	[ "${lines[1]}" = '["OsteoScan AI — Radiance Imaging SAS, version 2.3","Questions about FractaVision — Nordlys Medical AB, version 1.8.0","Multi-criteria analysis table"]' ]
}

# --- errors --------------------------------------------------------------------------------

@test "an unknown kind is trouble: exact message, exit 2, nothing of it on stdout" {
	run -2 --separate-stderr dmn-report <<<'kind: invoice'
	expect_stderr "<stdin>:1:7: error: unknown kind 'invoice' (expected dossier, validation, comparison, changes or questionnaire)"
	[ -z "$output" ]
	# after a good document: stdout, which streams, holds that document's report whole, and
	# nothing of the one with trouble (not even the rule between them); -o gets nothing
	{ cat "$EXAMPLES/osteoscan.yaml"; printf -- '---\nkind: invoice\n'; } >two.yaml
	run -0 dmn-report "$EXAMPLES/osteoscan.yaml"
	one=$output
	run -2 --separate-stderr dmn-report two.yaml
	same "$output" "$one"
	[[ $stderr =~ ^two\.yaml:[0-9]+:7:\ error:\ unknown\ kind\ \'invoice\' ]]
	run -2 --separate-stderr dmn-report -o out.md two.yaml
	[ ! -e out.md ]
	# the HTML page: closed after the whole documents; none at all when every one has trouble
	run -2 --separate-stderr dmn-report -f html two.yaml
	[ "$(grep -c '<section class=' <<<"$output")" -eq 1 ]
	[ "${lines[-1]}" = "</html>" ]
	run -2 --separate-stderr dmn-report -f html <<<'kind: invoice'
	[ -z "$output" ]
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
