#!/usr/bin/env python3
"""audience.py QUESTIONNAIRE [AUDIENCE]: every answerable question id with its audiences
(its own, else its parent's, else its section's), one per line "ID a,b"; with AUDIENCE,
only the ids of that audience. Exits 1 if a question has none or an unknown one."""
import sys

import yaml

NAMES = ["vendor", "buyer", "dsi", "dpo", "legal"]


def main():
    q = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
    want = sys.argv[2] if len(sys.argv) > 2 else None
    bad = 0

    def walk(items, inherited):
        nonlocal bad
        for x in items:
            aud = x.get("audience", inherited)
            if not aud or any(a not in NAMES for a in aud):
                print("bad audience:", x["id"], aud)
                bad = 1
            if x["type"] != "group" and (want is None or want in aud):
                print(x["id"] if want else "%s %s" % (x["id"], ",".join(sorted(aud))))
            walk(x.get("questions", []), aud)

    for s in q["sections"]:
        walk(s["questions"], s.get("audience"))
    return bad


if __name__ == "__main__":
    sys.exit(main())
