#!/usr/bin/env python3
"""answer_all.py QUESTIONNAIRE yes|no: an answer line ("ID": value) for every question that
applies, a valid value of its type, for tests/validate.bats and tests/compare.bats.
Branch "yes" answers yes and first options; branch "no" answers no and last options
(so 5.3 and its dependants do not apply, 8.11.1 is external and 8.11.2 applies)."""
import json, sys, yaml
q = yaml.safe_load(open(sys.argv[1]))
branch = sys.argv[2]
qs, parent, order, value = {}, {}, [], {}
def walk(items, up):
    for x in items:
        qs[x["id"]], parent[x["id"]] = x, up
        order.append(x["id"])
        walk(x.get("questions", []), x["id"])
for s in q["sections"]:
    walk(s["questions"], None)
def applies(i):
    while i is not None:
        c = qs[i].get("when")
        if c:
            dep = c["question"]
            if not applies(dep) or dep not in value:
                return False
            v = value[dep]
            if not (set(v) if isinstance(v, list) else {v}) & set(c["in"]):
                return False
        i = parent[i]
    return True
for i in order:
    x = qs[i]
    if x["type"] == "group" or not applies(i):
        continue
    opts = [o["id"] for o in x.get("options", [])]
    pick = (opts[0] if branch == "yes" else opts[-1]) if opts else None
    value[i] = {"text": "see the notice, p. 3", "yesno": branch, "choice": pick,
                "choices": [pick], "number": 12.5, "date": "2023-06-22"}[x["type"]]
    print("%s: %s" % (json.dumps(i), json.dumps(value[i])))
