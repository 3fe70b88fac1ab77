"""fhir_check.py QUESTIONNAIRE.yaml FHIR.json LANG AUDIENCES [REQUIRED-IDS-FILE]

Checks a FHIR R4 Questionnaire written by dmn-ask --fhir against the questionnaire as
tests/questionnaire.py reads it (PyYAML, never a dmn program): every question that the
audiences answer (a comma list, or "all"), with the questions their conditions name and
the groups above them, is an item whose linkId is its id, under its parent question or its
section's group, with the guide's text in LANG and the other language in the translation
extension, its type, its options (the ids as codes, the labels as display), its unit, its
condition as enableWhen, and required exactly when REQUIRED-IDS-FILE lists it (none when
not given). Prints "ok: N questions" or each problem, and exits 1 on any."""
import json
import sys

import questionnaire as Q

TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
UNIT = "http://hl7.org/fhir/StructureDefinition/questionnaire-unit"
TYPES = {"text": "text", "yesno": "boolean", "choice": "choice", "choices": "choice",
         "number": "decimal", "date": "date", "group": "group"}
UNITS = {"minutes": "min", "days": "d", "EUR": "EUR"}


DEVICE_FIELDS = ["name", "manufacturer", "version", "ce-class", "notified-body", "udi-di", "contact", "url"]


def translation(obj, key):
    for ext in obj.get("_" + key, {}).get("extension", []):
        if ext.get("url") == TRANSLATION:
            parts = {e["url"]: e for e in ext["extension"]}
            return parts["lang"]["valueCode"], parts["content"]["valueString"]
    return None


def main(argv):
    doc = Q.load(argv[1])
    with open(argv[2], encoding="utf-8") as f:
        res = json.load(f)
    lang, other = argv[3], "en" if argv[3] == "fr" else "fr"
    wanted = set(Q.AUDIENCES) if argv[4] == "all" else set(argv[4].split(","))
    required = set()
    if len(argv) > 5:
        with open(argv[5], encoding="utf-8") as f:
            required = set(f.read().split())
    problems = []

    def problem(msg):
        problems.append(msg)

    if res.get("resourceType") != "Questionnaire" or res.get("status") != "active":
        problem("not an active Questionnaire")
    if res.get("language") != lang:
        problem("language %r, not %r" % (res.get("language"), lang))
    if res.get("version") != doc["edition"] or res.get("id") != doc["id"]:
        problem("id or version is not the questionnaire's")

    # the questions expected: the audiences', then what their conditions name, then groups
    aud = Q.audiences(doc)
    parent = Q.parents(doc)
    byid = {x["id"]: x for x in Q.questions(doc)}
    section_of = {x["id"]: s["id"] for x, s, _, _ in Q.walk(doc)}
    keep = {x["id"] for x in Q.answerable(doc) if set(aud[x["id"]] or Q.AUDIENCES) & wanted}
    while True:
        more = set()
        for qid in keep:
            when = byid[qid].get("when")
            if when and when["question"] not in keep:
                more.add(when["question"])
            p = parent[qid]
            while p:
                if p not in keep:
                    more.add(p)
                p = parent[p]
        if not more:
            break
        keep |= more

    # the items written, each with the linkId of the item it is under
    items, under = {}, {}

    def down(children, up):
        for it in children:
            lid = it.get("linkId")
            if lid in items:
                problem("linkId %s twice" % lid)
            items[lid] = it
            under[lid] = up
            down(it.get("item", []), lid)
            if "item" in it and not it["item"]:
                problem("%s: an empty item list" % lid)
    down(res.get("item", []), None)

    # the device first: a group of its fields, the name required
    device = res.get("item", [{}])[0]
    fields = [(it.get("linkId"), it.get("type"), bool(it.get("required"))) for it in device.get("item", [])]
    want = [("device." + k, "url" if k == "url" else "string", k == "name") for k in DEVICE_FIELDS]
    if device.get("linkId") != "device" or device.get("type") != "group" or fields != want:
        problem("device group %r" % fields)
    written = {lid for lid, it in items.items()
               if not lid.startswith(("section-", "device")) and it.get("type") != "display"}
    for qid in sorted(keep - written):
        problem("question %s is missing" % qid)
    for qid in sorted(written - keep):
        problem("item %s is not expected" % qid)

    for qid in sorted(keep & written):
        x, it = byid[qid], items[qid]
        if it.get("text") != x["text"][lang]:
            problem("%s: text %r" % (qid, it.get("text")))
        if translation(it, "text") != (other, x["text"][other]):
            problem("%s: translation %r" % (qid, translation(it, "text")))
        if it.get("type") != TYPES[x["type"]]:
            problem("%s: type %s for %s" % (qid, it.get("type"), x["type"]))
        expected_under = parent[qid] or "section-" + section_of[qid]
        if under[qid] != expected_under:
            problem("%s: under %s, not %s" % (qid, under[qid], expected_under))
        if bool(it.get("repeats")) != (x["type"] == "choices"):
            problem("%s: repeats %r" % (qid, it.get("repeats")))
        if bool(it.get("required")) != (qid in required):
            problem("%s: required %r" % (qid, it.get("required")))
        opts = [(o["valueCoding"]["code"], o["valueCoding"].get("display"),
                 translation(o["valueCoding"], "display")) for o in it.get("answerOption", [])]
        want = [(o["id"], o["label"][lang], (other, o["label"][other])) for o in x.get("options", [])]
        if opts != want:
            problem("%s: options %r" % (qid, opts))
        units = [e["valueCoding"] for e in it.get("extension", []) if e.get("url") == UNIT]
        if x["type"] == "number":
            if len(units) != 1 or units[0].get("code") != UNITS.get(x.get("unit")):
                problem("%s: unit %r" % (qid, units))
        elif units:
            problem("%s: a unit on a %s" % (qid, x["type"]))
        when = x.get("when")
        ew = it.get("enableWhen", [])
        if when:
            dep = byid[when["question"]]
            want_ew = [{"question": dep["id"], "operator": "=",
                        **({"answerBoolean": v == "yes"} if dep["type"] == "yesno" else {"answerCoding": {"code": v}})}
                       for v in when["in"]]
            if ew != want_ew:
                problem("%s: enableWhen %r" % (qid, ew))
            if (it.get("enableBehavior") == "any") != (len(when["in"]) > 1):
                problem("%s: enableBehavior %r" % (qid, it.get("enableBehavior")))
        elif ew:
            problem("%s: enableWhen without a condition" % qid)

    for p in problems:
        print(p)
    if not problems:
        print("ok: %d questions" % len(keep & written))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
