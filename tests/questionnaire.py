#!/usr/bin/env python3
"""questionnaire.py: consistency and fidelity checks of a questionnaire file, for
tests/questionnaire.bats. Prints one line per problem; exits 1 if there is any."""
import re
import sys

import yaml

TEXT_KEYS = ("title", "text", "label", "help", "intro", "context", "where", "heading")


def walk(questions, parent, out):
    for k, q in enumerate(questions, 1):
        out.append((q, parent, k))
        walk(q.get("questions", []), q, out)


def split_across_page(p, guide):
    """A paragraph that the page layout cut in two, with footnotes in between."""
    for i in range(20, len(p) - 20):
        if p[i] == " " and p[:i] in guide and p[i + 1:] in guide:
            return True
    return False


def main():
    path, check = sys.argv[1], sys.argv[2]
    doc = yaml.safe_load(open(path, encoding="utf-8"))
    problems = []
    flat = []
    for s in doc["sections"]:
        walk(s["questions"], None, flat)
    ids = [q["id"] for q, _, _ in flat]
    index = {q["id"]: q for q, _, _ in flat}

    if check == "ids":
        seen = set()
        for q, parent, k in flat:
            i = q["id"]
            if not isinstance(i, str) or not re.fullmatch(r"[1-9][0-9]*(\.[1-9][0-9]*)*", i):
                problems.append(f"malformed id {i!r}")
            if i in seen:
                problems.append(f"duplicate id {i}")
            seen.add(i)
            if parent is not None and i != f"{parent['id']}.{k}":
                problems.append(f"sub-question {i} should be {parent['id']}.{k}")
        numbered = [q["id"] for q, p, _ in flat if p is None]
        print(" ".join(numbered))
    elif check == "references":
        order = {i: n for n, i in enumerate(ids)}
        for q, _, _ in flat:
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
        rows = doc["annex"]["rows"]
        for n, r in enumerate(rows, 1):
            if r.get("heading"):
                continue
            if not r.get("questions"):
                problems.append(f"annex row {n} names no question")
            for i in r.get("questions", []):
                if i not in index:
                    problems.append(f"annex row {n} names unknown {i}")
        print(f"{len(rows)} rows, {sum(1 for r in rows if r.get('heading'))} headings")
    elif check == "languages":
        def texts(node, where):
            if isinstance(node, dict):
                for k, v in node.items():
                    if isinstance(v, bool):
                        continue
                    if k in TEXT_KEYS or k == "notes":
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
        print("checked")
    elif check == "french":
        guide = open(sys.argv[3], encoding="utf-8").read()
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
        print("checked")
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
