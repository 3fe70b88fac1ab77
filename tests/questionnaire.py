#!/usr/bin/env python3
"""questionnaire.py: the tests' own reading of a dmn questionnaire, the oracle of the bats
suite. It reads the YAML file with PyYAML and never runs a dmn program, so that what a test
expects does not come from the code under test.

As a module (tests/helper.bash puts tests/ on PYTHONPATH):

    import questionnaire as Q
    doc = Q.load(PATH)            the document, as PyYAML reads it
    Q.walk(doc)                   (question, section, parent, k) for every question, in order;
                                  parent is None at the top of a section, k the place among
                                  its siblings (1, 2...)
    Q.questions(doc)              every question and sub-question (groups too), in order
    Q.answerable(doc)             the questions that take an answer (every type but group)
    Q.find(doc, ID)               one question
    Q.sections(doc), Q.section(doc, ID)
    Q.parents(doc)                {question id: its parent's id, or None}
    Q.audiences(doc)              {question id: its audiences (its own, else its parent's, else
                                  its section's)}
    Q.applies(doc, ID, value)     whether question ID applies, given value(ID) -> the answer
                                  (None: not answered)
    Q.answer_all(doc, BRANCH)     [(id, value)]: an answer to every question that applies
    Q.missing(doc, DOSSIER)       the ids that a dossier (as PyYAML reads it) leaves missing
    Q.rows(doc, "annex"|"all")    the rows of a comparison table
    Q.outline(doc)                the questionnaire flattened (sections, questions with their
                                  section, parent, vendor wording, help and audiences), as
                                  JSON-ready data
    Q.check(doc, WHAT, GUIDE)     (summary, problems) of a consistency check

As a program, for the shell (q in tests/helper.bash), one item a line, or JSON with --json:

    questionnaire.py FILE [--json] WHAT [ARGS...]
      ids                   every question id (groups too), in order
      answerable            the ids of the questions that take an answer
      annex-ids             the ids that an Annexe 2 row names, in the questionnaire's order
      sections              the section ids
      meta                  the questionnaire's id and edition
      text ID LANG          the wording of question ID
      question ID KEY LANG  another text of question ID: where, help, heading
      section SEC KEY LANG  a text of section SEC: title, context, where
      options ID            the option ids of question ID
      label ID OPT LANG     the label of option OPT of question ID
      unit ID / type ID     the unit / the type of question ID
      audience [AUD...]     "ID a,b" per answerable question; with audiences, only the ids
                            of the questions for any of them
      answer-all yes|no     an answer line ("ID": value) per question that applies; "yes"
                            answers yes and first options, "no" answers no and last options
                            (so 5.3 and its dependants do not apply, 8.11.1 is external and
                            8.11.2 applies)
      missing DOSSIER       the ids that DOSSIER leaves missing
      rows annex|all        the rows of dmn-compare's table: [title.fr, title.en, heading,
                            questions, section]
      outline               Q.outline(doc)
      check ids|references|languages|audiences|french GUIDE
                            a consistency check: its summary, then one line per problem;
                            exits 1 if there is any
"""
import json
import os
import re
import sys

import yaml

DEFAULT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "questionnaires",
                       "has-dmn-2023.yaml")
AUDIENCES = ["vendor", "buyer", "dsi", "dpo", "legal"]
TEXT_KEYS = ("title", "text", "label", "help", "intro", "context", "where", "heading")
# texts that are not the guide's wording (the vendor's, a short title, where a quote comes
# from): in French and English too, but not checked against the guide
OWN_KEYS = ("vendor", "short", "from")


# PyYAML's safe loader, with libyaml's scanner when PyYAML has it (ten times faster; what
# is built from the events is PyYAML's own, never a dmn program's)
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(path=DEFAULT):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=LOADER)


def walk(doc):
    def down(items, section, parent):
        for k, x in enumerate(items, 1):
            yield x, section, parent, k
            yield from down(x.get("questions", []), section, x)
    for s in doc["sections"]:
        yield from down(s["questions"], s, None)


def questions(doc):
    return [x for x, _, _, _ in walk(doc)]


def answerable(doc):
    return [x for x in questions(doc) if x["type"] != "group"]


def find(doc, qid):
    for x in questions(doc):
        if x["id"] == qid:
            return x
    raise KeyError("no question %s" % qid)


def sections(doc):
    return doc["sections"]


def section(doc, sid):
    for s in doc["sections"]:
        if s["id"] == sid:
            return s
    raise KeyError("no section %s" % sid)


def parents(doc):
    return {x["id"]: p["id"] if p else None for x, _, p, _ in walk(doc)}


def audiences(doc):
    out = {}
    for x, s, p, _ in walk(doc):
        out[x["id"]] = x.get("audience", out[p["id"]] if p else s.get("audience"))
    return out


def applies(doc, qid, value):
    """Its own and its parents' conditions hold, or name a question not answered; a condition
    on a question that does not apply is false."""
    qs, up = {x["id"]: x for x in questions(doc)}, parents(doc)

    def holds(i):
        while i is not None:
            c = qs[i].get("when")
            if c:
                if not holds(c["question"]):
                    return False
                v = value(c["question"])
                if v is not None and not (set(v) if isinstance(v, list) else {v}) & set(c["in"]):
                    return False
            i = up[i]
        return True
    return holds(qid)


def answer_all(doc, branch):
    values = {}
    for x in answerable(doc):
        if not applies(doc, x["id"], values.get):
            continue
        opts = [o["id"] for o in x.get("options", [])]
        pick = (opts[0] if branch == "yes" else opts[-1]) if opts else None
        values[x["id"]] = {"text": "see the notice, p. 3", "yesno": branch, "choice": pick,
                           "choices": [pick], "number": 12.5, "date": "2023-06-22"}[x["type"]]
    return list(values.items())


def missing(doc, dossier):
    """Every answerable question that applies and has neither an answer nor a status of
    unknown or not-applicable."""
    answers = {str(k): v for k, v in (dossier.get("answers") or {}).items()}

    def value(i):
        a = answers.get(i)
        if isinstance(a, dict):
            return a.get("answer") if a.get("status", "answered") == "answered" else None
        return a

    def given(i):
        a = answers.get(i)
        if isinstance(a, dict):
            return a.get("status") in ("unknown", "not-applicable") or a.get("answer") is not None
        return a is not None
    return [x["id"] for x in answerable(doc) if applies(doc, x["id"], value) and not given(x["id"])]


def rows(doc, table):
    section_of = {x["id"]: s["id"] for x, s, _, _ in walk(doc)}
    out = []
    if table == "annex":
        for r in doc["annex"]["rows"]:
            ids = r.get("questions", [])
            heading = bool(r.get("heading", False))
            out.append([r["title"]["fr"], r["title"]["en"], heading, ids,
                        r["section"] if heading else section_of[ids[0]]])
    else:
        for s in doc["sections"]:
            out.append([s["title"]["fr"], s["title"]["en"], True, [], s["id"]])
            for x in answerable(doc):
                if section_of[x["id"]] == s["id"]:
                    out.append([x["text"]["fr"], x["text"]["en"], False, [x["id"]], s["id"]])
    return out


def outline(doc):
    aud = audiences(doc)
    return {"id": doc["id"], "edition": str(doc["edition"]), "title": doc["title"],
            "publisher": doc.get("publisher"), "caveats": doc.get("caveats", []),
            "parts": [[p["id"], p["title"]["fr"], p["title"]["en"]] for p in doc["parts"]],
            "sections": [{"id": s["id"], "part": s.get("part"), "title": s["title"],
                          "context": s.get("context"), "where": s.get("where")}
                         for s in doc["sections"]],
            "questions": [{"id": x["id"], "section": s["id"], "parent": p["id"] if p else None,
                           "type": x["type"], "text": x["text"], "heading": x.get("heading"),
                           "where": x.get("where"), "when": x.get("when"),
                           "options": x.get("options", []), "unit": x.get("unit"),
                           "vendor": x.get("vendor"), "help": x.get("help"),
                           "audience": aud[x["id"]]}
                          for x, s, p, _ in walk(doc)],
            "annex": doc["annex"]["rows"]}


def split_across_page(p, guide):
    """A paragraph that the page layout cut in two, with footnotes in between."""
    for i in range(20, len(p) - 20):
        if p[i] == " " and p[:i] in guide and p[i + 1:] in guide:
            return True
    return False


def check(doc, what, guide=None):
    """A consistency check of the questionnaire: (a summary line, [problems])."""
    problems = []
    flat = list(walk(doc))
    index = {q["id"]: q for q, _, _, _ in flat}
    if what == "ids":
        seen = set()
        for q, _, parent, k in flat:
            i = q["id"]
            if not isinstance(i, str) or not re.fullmatch(r"[1-9][0-9]*(\.[1-9][0-9]*)*", i):
                problems.append(f"malformed id {i!r}")
            if i in seen:
                problems.append(f"duplicate id {i}")
            seen.add(i)
            if parent is not None and i != f"{parent['id']}.{k}":
                problems.append(f"sub-question {i} should be {parent['id']}.{k}")
        return " ".join(q["id"] for q, _, p, _ in flat if p is None), problems
    if what == "references":
        order = {q["id"]: n for n, (q, _, _, _) in enumerate(flat)}
        for q, _, _, _ in flat:
            w = q.get("when")
            if w:
                dep = index.get(w["question"])
                if dep is None:
                    problems.append(f"{q['id']}: condition names unknown {w['question']}")
                    continue
                if order[dep["id"]] >= order[q["id"]]:
                    problems.append(f"{q['id']}: condition names a later question")
                allowed = {"yes", "no"} if dep["type"] == "yesno" else {o["id"] for o in dep.get("options", [])}
                for v in w["in"]:
                    if v not in allowed:
                        problems.append(f"{q['id']}: condition value {v} not of {dep['id']}")
            opts = [o["id"] for o in q.get("options", [])]
            if len(opts) != len(set(opts)):
                problems.append(f"{q['id']}: duplicate option id")
        annex = doc["annex"]["rows"]
        for n, r in enumerate(annex, 1):
            if r.get("heading"):
                continue
            if not r.get("questions"):
                problems.append(f"annex row {n} names no question")
            for i in r.get("questions", []):
                if i not in index:
                    problems.append(f"annex row {n} names unknown {i}")
        return f"{len(annex)} rows, {sum(1 for r in annex if r.get('heading'))} headings", problems
    if what == "audiences":
        for i, aud in audiences(doc).items():
            if not aud or any(a not in AUDIENCES for a in aud):
                problems.append(f"bad audience: {i} {aud}")
        return "checked", problems
    if what == "languages":
        def texts(node, where):
            if isinstance(node, dict):
                for k, v in node.items():
                    if isinstance(v, bool):
                        continue
                    if k in TEXT_KEYS or k in OWN_KEYS or k == "notes":
                        items = v if k == "notes" else [v]
                        for t in items:
                            if not (isinstance(t, dict) and set(t) == {"fr", "en"}
                                    and all(isinstance(t[l], str) and t[l].strip() for l in ("fr", "en"))):
                                problems.append(f"{where}.{k}: not a text with fr and en")
                    else:
                        texts(v, f"{where}.{k}")
            elif isinstance(node, list):
                for n, v in enumerate(node):
                    texts(v, f"{where}[{n}]")
        texts(doc, "")
        return "checked", problems
    if what == "french":
        guide = re.sub(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]", "", guide)
        guide = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", guide)
        guide = guide.replace("*", "").replace("\\(", "(").replace("\\)", ")")
        guide = guide.replace("1^{er}", "1er")
        guide = re.sub(r"\s+", " ", guide)

        def pieces(key, s):
            if key == "heading":
                return s.split(" — ")
            out = []
            for para in s.split("\n\n"):
                for line in para.split("\n"):
                    line = re.sub(r"^- ", "", line.strip())
                    if line:
                        out.append(line)
            return out

        def fr(node, where):
            if isinstance(node, dict):
                for k, v in node.items():
                    if isinstance(v, bool):
                        continue
                    items = v if k == "notes" else [v] if k in TEXT_KEYS else None
                    if items is None:
                        fr(v, f"{where}.{k}")
                        continue
                    for t in items:
                        for p in pieces(k, t["fr"]):
                            p = re.sub(r"\s+", " ", p)
                            if p not in guide and p + " ?" not in guide and not split_across_page(p, guide):
                                problems.append(f"{where}.{k}: not in the guide: {p[:70]}")
            elif isinstance(node, list):
                for n, v in enumerate(node):
                    fr(v, f"{where}[{n}]")
        fr(doc["sections"], "sections")
        fr(doc["annex"]["rows"], "annex.rows")
        return "checked", problems
    raise ValueError("unknown check %s" % what)


def lookup(doc, what, args):
    """The value that the command line WHAT ARGS asks for."""
    if what == "ids":
        return [x["id"] for x in questions(doc)]
    if what == "answerable":
        return [x["id"] for x in answerable(doc)]
    if what == "annex-ids":
        named = {i for r in doc["annex"]["rows"] for i in r.get("questions", [])}
        return [x["id"] for x in questions(doc) if x["id"] in named]
    if what == "sections":
        return [s["id"] for s in doc["sections"]]
    if what == "meta":
        return [doc["id"], doc["edition"]]
    if what == "text":
        return find(doc, args[0])["text"][args[1]]
    if what == "question":
        return find(doc, args[0])[args[1]][args[2]]
    if what == "section":
        return section(doc, args[0])[args[1]][args[2]]
    if what == "options":
        return [o["id"] for o in find(doc, args[0])["options"]]
    if what == "label":
        return [o["label"][args[2]] for o in find(doc, args[0])["options"] if o["id"] == args[1]][0]
    if what in ("unit", "type"):
        return find(doc, args[0])[what]
    if what == "audience":
        aud = audiences(doc)
        if not args:
            return ["%s %s" % (x["id"], ",".join(sorted(aud[x["id"]]))) for x in answerable(doc)]
        return [x["id"] for x in answerable(doc) if set(aud[x["id"]] or []) & set(args)]
    if what == "answer-all":
        return ["%s: %s" % (json.dumps(i), json.dumps(v)) for i, v in answer_all(doc, args[0])]
    if what == "missing":
        with open(args[0], encoding="utf-8") as f:
            return missing(doc, yaml.load(f, Loader=LOADER))
    if what == "rows":
        return rows(doc, args[0])
    if what == "outline":
        return outline(doc)
    raise ValueError("unknown question to the questionnaire: %s" % what)


def main(argv):
    path, args = argv[1], argv[2:]
    as_json = args[:1] == ["--json"]
    if as_json:
        args = args[1:]
    doc = load(path)
    if args[0] == "check":
        guide = None
        if args[1] == "french":
            with open(args[2], encoding="utf-8") as f:
                guide = f.read()
        summary, problems = check(doc, args[1], guide)
        print(summary)
        for p in problems:
            print(p)
        return 1 if problems else 0
    value = lookup(doc, args[0], args[1:])
    if as_json:
        print(json.dumps(value, ensure_ascii=False))
    elif isinstance(value, list):
        for v in value:
            print(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False))
    else:
        print(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
