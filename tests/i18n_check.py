#!/usr/bin/env python3
"""i18n_check.py fr|en POT PO OUTPUT... [-- INPUT...]: the other language's words in what the
programs wrote. With fr, the English messages of the catalogue (po/dmn.pot) must not appear in
the OUTPUT files; with en, their French translations (po/fr.po) must not. A message is looked
for by its fixed parts (what lies between its %s): those of two words or more and ten
characters or more, and not the same in both languages; as whole words (the English "a
condition" is not in the French "sa condition"), except where the message glues it to a
%s. Words that the INPUT files hold themselves (a vendor's text quoted in a report) are not
counted. Prints each one found with the file, exits 1 if any."""
import re
import sys

FMT = re.compile(r"%(?:\d+\$)?[-+ #0']*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|z|j|t|L)?[a-zA-Z%]|\n")


def unquote(lines):
    return "".join(eval(l) for l in lines)  # PO strings are C string literals


def entries(path):
    """(msgid, [msgstr...]) of a PO file, with contexts dropped"""
    out, cur, key = [], {}, None
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            if cur.get("msgid"):
                out.append(cur)
            if not line.strip():
                cur, key = {}, None
            continue
        m = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) (".*")$', line)
        if m:
            key = m.group(1)
            cur.setdefault(key, []).append(m.group(2))
        elif line.startswith('"') and key:
            cur[key].append(line)
    if cur.get("msgid"):
        out.append(cur)
    res = []
    for e in out:
        ids = [unquote(e["msgid"])] + ([unquote(e["msgid_plural"])] if "msgid_plural" in e else [])
        strs = [unquote(v) for k, v in e.items() if k.startswith("msgstr")]
        if ids[0]:
            res.append((ids, strs))
    return res


def fragments(text):
    for part in FMT.split(text):
        part = part.strip(" :;,.()[]'\"-—·")
        if len(part) >= 10 and len(part.split()) >= 2:
            yield part


def pattern(text, fragment):
    """fragment as a whole word in an output: no letter or digit glued to it, unless the
    message itself glues it there to a %s (then anything may come, as the %s did)"""
    glued_left = glued_right = False
    for m in FMT.finditer(text):
        if m.group(0) == "\n":
            continue
        glued_left |= text[m.end():].startswith(fragment)
        glued_right |= text[:m.start()].endswith(fragment)
    return (("" if glued_left else r"(?<!\w)") + re.escape(fragment) + ("" if glued_right else r"(?!\w)"))


def main():
    lang, pot, po = sys.argv[1:4]
    rest = sys.argv[4:]
    outputs, inputs = (rest[: rest.index("--")], rest[rest.index("--") + 1:]) if "--" in rest else (rest, [])
    pairs = entries(po)
    english = {f for ids, _ in pairs for i in ids for f in fragments(i)}
    french = {f for _, strs in pairs for s in strs for f in fragments(s)}
    if lang == "fr":
        # every English message of the catalogue, whether fr.po has it or not
        messages = [i for ids, _ in entries(pot) for i in ids]
        wanted = {f for i in messages for f in fragments(i)} - french
    else:
        messages = [s for _, strs in pairs for s in strs]
        wanted = french - english
    given = "".join(open(p, encoding="utf-8", errors="replace").read() for p in inputs)
    wanted = {w for w in wanted if w not in given}
    # each fragment as a whole word, unless one of its messages glues it to a %s
    patterns = {}
    for m in messages:
        for f in fragments(m):
            if f in wanted:
                p = pattern(m, f)
                if f not in patterns or len(p) < len(patterns[f]):
                    patterns[f] = p
    found = 0
    for path in outputs:
        text = open(path, encoding="utf-8", errors="replace").read()
        text = re.sub(r"[ \t\u00a0\u202f]+", " ", text)
        for w in sorted(wanted):
            if w in text and re.search(patterns[w], text):  # the regex only where it may match
                print(f"{path}: {w}")
                found += 1
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
