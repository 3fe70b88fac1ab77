#!/usr/bin/env python3
"""rewrite_property.py: the property of dmn-ask's minimal rewrite (dmn-ask --set ... -o FILE
FILE), checked on chains of random changes to the example dossiers.

    rewrite_property.py DMN_ASK EXAMPLES_DIR SEED N

For every EXAMPLES_DIR/*.yaml, in a temporary directory, N changes are drawn at random (with a
generator seeded by SEED and the file's name, so each chain is reproducible on its own) and
applied one after the other, each one by its own run of DMN_ASK on the previous result:

    dmn-ask --set ARG -o FILE FILE

and after each run:

  1. the result, read with PyYAML, is the file before plus the change: every part of the
     document (kind, questionnaire, edition, device, answers) is as it was, but the entry
     changed, which is what this file's oracle of --set says (answers are keyed by the text of
     their key, from yaml.compose, so that an unquoted 5.10 stays "5.10");
  2. only the changed entry's lines changed: the file before is A + OLD + B and the file after
     is A + NEW + B, with OLD the lines of that entry in the file before (from its key's line to
     the last line of its value, yaml.compose's marks; none if it was not there) and NEW its
     lines in the file after. So a line diff (difflib's, shown when this fails) can be made of
     those lines alone; difflib itself is not asked where the changes are, as it may slide an
     inserted entry by a line when its last line ("date: ...") is the line before it too;
  3. every comment line (^\\s*#) of the file before that is not on OLD's lines is still there
     (implied by 2, checked on its own for a clearer message);
  4. a new answer lands between the answers to the questions before and after it in the
     questionnaire's order; a new yes/no answer is written oui/non when the file's first yes/no
     answer is, "yes"/"no" otherwise;
  5. the exit status is 0 or 1 (written; 1: errors remain, as in bonesight.yaml).

A few changes are refused on purpose (an unknown id, a group, a value of the wrong type, an
unknown status or device field...): the exit status must then be 2, something said on the
standard error, and the file left byte for byte.

The oracle of --set (what the entry must become; TODAY is the UTC date of SOURCE_DATE_EPOCH):

  ID=VALUE         {answer: VALUE normalised, date: TODAY} + the old comment and any unknown
                   field (source, by, date, status dropped)
  ID.status=S      (or --set-status ID=S) the old entry without source, by, date, status, and
                   without its answer for unknown and not-applicable (kept for pending), plus
                   {status: S, date: TODAY}
  ID.F=TEXT        F in source, by, comment, date: that field set to TEXT, as given (empty:
                   removed); nothing else changes. An entry left empty is no entry.
  device.F=TEXT    that field of the device (empty: removed)

A plain value V is the same as {answer: V}, and the answer of the changed entry is compared
as its question's type reads it (oui, yes and True are one yes/no; 12, 12.0 and 12.00 one
number); every other answer must read back exactly as it was. Prints "ok N changes" and exits 0, or prints the
first failing case (the file before, the --set, the diff, what was expected and what was read)
and exits 1. With REWRITE_KEEP_GOING=1 in the environment, every failing case is printed (the
chain goes on from the file before the failing change).
"""
import datetime
import decimal
import difflib
import glob
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

import yaml

sys.dont_write_bytecode = True  # no __pycache__ in tests/
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import questionnaire as Q  # noqa: E402

FIELDS = ("answer", "status", "source", "by", "date", "comment")
META = ("source", "by", "comment", "date")
STATUSES = ("unknown", "not-applicable", "pending")
DEVICE = ("name", "manufacturer", "version", "ce-class", "notified-body", "udi-di", "contact", "url")
YES = ("yes", "y", "o", "oui", "true")
NO = ("no", "n", "non", "false")
DEFAULT_EPOCH = "1718841600"  # 2024-06-20

# Awkward texts: what YAML would take for something else unquoted, what needs escaping.
AWKWARD = [
    'He said "no"', "l'avis du radiologue", 'both "double" and \'single\'', "key: value",
    "a: b: c", "ends with a colon:", "x #not a comment", "#leading hash", "- leading dash",
    "-", "--- three dashes", "...", "? question mark", ": colon first", "yes", "no", "Yes",
    "NO", "oui", "non", "true", "False", "on", "off", "y", "n", "8.10", "5.10", "1e3", "012",
    "0x1F", "0o17", "0b101", "1:30", "+3", "-7", ".inf", "-.inf", ".nan", "~", "null", "Null",
    "NULL",
    "2024-01-01", "2001-12-14t21:59:43.10-05:00", "é", "Réponse à vérifier, déjà vue",
    "中文答案", "emoji 😀 here", "back\\slash", "C:\\Users\\dmn", "tab\there", "a  two  spaces",
    "[not, a, list]", "{not: a map}", "*alias", "&anchor", "!tag", "!!str x", "%percent",
    "@at", "`backtick", "|pipe", ">greater", "quote \" inside", "'single at start",
    '"double at start', "trailing colon space: ", "comma, then", "<<", "=", "a = b",
    "url https://example.org/a?b=c#d", "100 %", "0,5 ms", "\u00a0nbsp inside\u00a0x",
    "zero\u200bwidth", "line\u2028separator", "next\u0085line", "bell\u0007",
]
WORDS = ("fracture", "radiologue", "PACS", "DICOM", "données", "hébergeur", "contrat", "version",
         "notice", "p. 3", "§ 2", "sensibilité", "0,91", "HDS", "RGPD", "urgences", "a", "b")


def today():
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", DEFAULT_EPOCH))
    return time.strftime("%Y-%m-%d", time.gmtime(epoch))


class Failure(Exception):
    pass


# libyaml's parser under PyYAML when it is there (Debian's python3-yaml has it): the same
# nodes and marks, ten times faster
COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# --- reading a dossier -------------------------------------------------------------------

def construct(node):
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


class Doc:
    """A dossier as PyYAML reads it, with the nodes of its answers and device fields."""

    def __init__(self, text):
        self.text = text
        root = yaml.compose(text, Loader=COMPOSER)
        if not isinstance(root, yaml.MappingNode):
            raise Failure("the document is not a mapping")
        self.top, self.answers, self.device = {}, {}, {}
        self.answer_nodes, self.device_nodes = [], []
        self.device_node = None
        self.top_nodes = {}
        for k, v in root.value:
            key = k.value
            self.top_nodes[key] = (k, v)
            if key == "answers" and isinstance(v, yaml.MappingNode):
                for ak, av in v.value:
                    if ak.value in self.answers:
                        raise Failure("duplicate answer key %r" % ak.value)
                    self.answers[ak.value] = construct(av)
                    self.answer_nodes.append((ak.value, ak, av))
            elif key == "device" and isinstance(v, yaml.MappingNode):
                self.device_node = (k, v)
                for dk, dv in v.value:
                    self.device[dk.value] = construct(dv)
                    self.device_nodes.append((dk.value, dk, dv))
            else:
                if key in self.top:
                    raise Failure("duplicate key %r" % key)
                self.top[key] = construct(v)

    def line_of(self, index):
        return self.text.count("\n", 0, index)

    def last_index(self, node):
        """The index of the last character of a node's own text (a block scalar's trailing
        line breaks, and what follows a block collection's last item, are not its own)."""
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style and node.value:
            last = node.value[-1]
            if isinstance(node, yaml.MappingNode):
                return max(self.last_index(last[0]), self.last_index(last[1]))
            return self.last_index(last)
        i, start = node.end_mark.index, node.start_mark.index
        while i > start and self.text[i - 1] in " \t\r\n":
            i -= 1
        return max(i - 1, start)

    def span(self, key_node, value_node):
        """[first, last + 1) lines of an entry."""
        first = self.line_of(key_node.start_mark.index)
        last = max(self.line_of(self.last_index(value_node)), self.line_of(self.last_index(key_node)))
        return first, last + 1

    def answer_span(self, qid):
        for key, k, v in self.answer_nodes:
            if key == qid:
                return self.span(k, v)
        return None

    def device_span(self, field):
        for key, k, v in self.device_nodes:
            if key == field:
                return self.span(k, v)
        return None

    def top_span(self, key):
        if key in self.top_nodes:
            return self.span(*self.top_nodes[key])
        return None

    def answer_value_node(self, qid):
        for key, _, v in self.answer_nodes:
            if key == qid:
                if isinstance(v, yaml.MappingNode):
                    for fk, fv in v.value:
                        if fk.value == "answer":
                            return fv
                    return None
                return v
        return None


def as_entry(value):
    """An answer as a mapping: a plain value V is {answer: V}; none (or null) is None."""
    if value is None:
        return None
    if isinstance(value, dict):
        return dict(value) if value else None
    return {"answer": value}


# --- the oracle --------------------------------------------------------------------------

class Questions:
    def __init__(self, path):
        self.doc = Q.load(path)
        self.all = Q.questions(self.doc)
        self.order = {x["id"]: n for n, x in enumerate(self.all)}
        self.by_id = {x["id"]: x for x in self.all}
        self.answerable = [x["id"] for x in Q.answerable(self.doc)]
        self.groups = [x["id"] for x in self.all if x["type"] == "group"]

    def options(self, qid):
        return [o["id"] for o in self.by_id[qid].get("options", [])]

    def typ(self, qid):
        return self.by_id[qid]["type"]


def normalise(qs, qid, typed):
    """The value that --set QID=TYPED must give, as this test compares it; None: refused."""
    t = qs.typ(qid)
    s = typed.strip(" \t")
    if not s.strip():
        return None
    opts = qs.options(qid)

    def option(tok):
        if tok in opts:
            return tok
        if tok.isdigit() and tok.isascii() and 1 <= int(tok) <= len(opts):
            return opts[int(tok) - 1]
        return None
    if t == "text":
        return ("text", s)
    if t == "yesno":
        low = s.lower()
        return ("yesno", "yes") if low in YES else ("yesno", "no") if low in NO else None
    if t == "choice":
        o = option(s)
        return ("choice", o) if o else None
    if t == "choices":
        toks = s.replace(",", " ").replace("\t", " ").split()
        got = [option(x) for x in toks]
        if not got or None in got:
            return None
        return ("choices", [o for o in opts if o in got])
    if t == "number":
        if "," in s and "." not in s:
            s = s.replace(",", ".", 1)
        if not re.fullmatch(r"[+-]?[0-9]+(\.[0-9]+)?", s):
            return None
        return ("number", decimal.Decimal(s))
    if t == "date":
        try:
            datetime.date.fromisoformat(s)
        except ValueError:
            return None
        return ("date", s) if len(s) == 10 else None
    raise ValueError("type %s" % t)


def canonical_answer(kind, value):
    """What was read for an answer of this kind, in the form that normalise() gives."""
    if kind == "yesno":
        if value is True or (isinstance(value, str) and value.lower() in ("yes", "oui", "true")):
            return "yes"
        if value is False or (isinstance(value, str) and value.lower() in ("no", "non", "false")):
            return "no"
        return ("not yes/no", value)
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return ("not a number", value)
        return decimal.Decimal(value) if isinstance(value, int) else decimal.Decimal(repr(value))
    if kind == "choices":
        return value if isinstance(value, list) else ("not a list", value)
    return value


class Change:
    """One --set: what it is (kind), its argument, and the entry it changes."""

    def __init__(self, kind, arg, option="--set", qid=None, field=None, value=None, valid=True, why=""):
        self.kind, self.arg, self.option = kind, arg, option
        self.qid, self.field, self.value = qid, field, value
        self.valid, self.why = valid, why

    def argv(self):
        return [self.option, self.arg]

    def __str__(self):
        return "%s %r" % (self.option, self.arg)


def expected_entry(change, old, stamp):
    """The entry (a mapping, or None for none) that change must leave, from the old one."""
    e = dict(as_entry(old) or {})
    if change.kind == "answer":
        e = {k: v for k, v in e.items() if k not in ("answer", "status", "source", "by", "date")}
        e["answer"] = change.value
        e["date"] = stamp
    elif change.kind == "status":
        e = {k: v for k, v in e.items() if k not in ("status", "source", "by", "date")}
        if change.value != "pending":
            e.pop("answer", None)
        e["status"] = change.value
        e["date"] = stamp
    elif change.kind == "meta":
        if change.value == "":
            e.pop(change.field, None)
        else:
            e[change.field] = change.value
    return e or None


# --- random changes ----------------------------------------------------------------------

def random_text(rng):
    r = rng.random()
    if r < 0.45:
        return rng.choice(AWKWARD)
    if r < 0.52:
        # very long: some 300 characters, spaces (two at times) and accents
        parts = []
        while sum(len(p) + 1 for p in parts) < 300:
            parts.append(rng.choice(WORDS))
        return ("  " if rng.random() < 0.2 else " ").join(parts)
    if r < 0.57:
        # several lines, the line breaks inside
        lines = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4)))
                 for _ in range(rng.randint(2, 4))]
        if rng.random() < 0.3:
            lines.insert(1, "")
        if rng.random() < 0.3:
            lines[-1] = "  " + lines[-1]
        return "\n".join(lines)
    words = [rng.choice(WORDS + tuple(AWKWARD[:30])) for _ in range(rng.randint(1, 6))]
    text = " ".join(words)
    if rng.random() < 0.15:
        text = rng.choice([" ", "  ", "\t"]) + text + rng.choice(["", " ", "\t "])
    return text


def random_value(rng, qs, qid):
    """A VALUE for --set QID=VALUE that dmn-ask must take."""
    t = qs.typ(qid)
    opts = qs.options(qid)
    if t == "text":
        return random_text(rng)
    if t == "yesno":
        w = rng.choice(YES + NO)
        return rng.choice([w, w.upper(), w.capitalize()])
    if t == "choice":
        k = rng.randrange(len(opts))
        return opts[k] if rng.random() < 0.6 else str(k + 1)
    if t == "choices":
        toks = []
        for _ in range(rng.randint(1, 4)):
            k = rng.randrange(len(opts))
            toks.append(opts[k] if rng.random() < 0.6 else str(k + 1))
        return rng.choice([",", ", ", " ", " , "]).join(toks)
    if t == "number":
        whole = str(rng.choice([0, 1, 2, 7, 10, 12, 45, 85000, 36000, 123456789]))
        if rng.random() < 0.4:
            whole += rng.choice([".", ","]) + str(rng.randint(0, 99)).zfill(rng.choice([1, 2]))
        if rng.random() < 0.1:
            whole = "0" + whole  # a leading zero: 012 is the number 12, not octal
        if rng.random() < 0.15:
            whole = rng.choice(["-", "+"]) + whole
        if rng.random() < 0.1:
            whole = " " + whole + " "
        return whole
    if t == "date":
        return (datetime.date(2020, 1, 1) + datetime.timedelta(days=rng.randrange(2000))).isoformat()
    raise ValueError(t)


def random_date(rng):
    return (datetime.date(2019, 1, 1) + datetime.timedelta(days=rng.randrange(2500))).isoformat()


def invalid_change(rng, qs):
    """A --set that dmn-ask must refuse."""
    yesno = [i for i in qs.answerable if qs.typ(i) == "yesno"]
    choice = [i for i in qs.answerable if qs.typ(i) == "choice"]
    choices = [i for i in qs.answerable if qs.typ(i) == "choices"]
    number = [i for i in qs.answerable if qs.typ(i) == "number"]
    text = [i for i in qs.answerable if qs.typ(i) == "text"]
    cases = [
        ("--set", "9.7=Trois mois.", "an unknown question id"),
        ("--set", "11=x", "an unknown question id"),
        ("--set", "%s=x" % rng.choice(qs.groups), "a group"),
        ("--set-status", "%s=unknown" % rng.choice(qs.groups), "a group"),
        ("--set", "%s=maybe" % rng.choice(yesno), "not yes or no"),
        ("--set", "%s=on" % rng.choice(yesno), "not yes or no"),
        ("--set", "%s=9" % rng.choice(choice), "not an option"),
        ("--set", "%s=1,nope" % rng.choice(choices), "not an option"),
        ("--set", "%s=12k" % rng.choice(number), "not a number"),
        ("--set", "%s=1e3" % rng.choice(number), "not a number"),
        ("--set", "%s=" % rng.choice(text), "an empty answer"),
        ("--set", "%s=  \t " % rng.choice(text), "an empty answer"),
        ("--set", "%s.status=done" % rng.choice(qs.answerable), "an unknown status"),
        ("--set", "%s.status=answered" % rng.choice(qs.answerable), "a status that --set does not give"),
        ("--set-status", "%s=" % rng.choice(qs.answerable), "an empty status"),
        ("--set", "%s.date=2023-02-29" % rng.choice(qs.answerable), "a date that does not exist"),
        ("--set", "%s.date=15/03/2024" % rng.choice(qs.answerable), "not a date"),
        ("--set", "device.colour=red", "an unknown device field"),
        ("--set", "device.name=", "a device without a name"),
        ("--set", rng.choice(qs.answerable), "no ="),
    ]
    opt, arg, why = rng.choice(cases)
    return Change("invalid", arg, option=opt, valid=False, why=why)


def valid_value(qs, qid, value):
    t, opts = qs.typ(qid), qs.options(qid)
    if value is None:
        return True
    if t == "yesno":
        return isinstance(value, bool) or (isinstance(value, str) and value.lower() in
                                           ("yes", "no", "oui", "non", "true", "false"))
    if t == "choice":
        return value in opts
    if t == "choices":
        items = value if isinstance(value, list) else [value]
        return all(isinstance(x, str) and x in opts for x in items) and len(set(items)) == len(items)
    if t == "number":
        return (isinstance(value, (int, float)) and not isinstance(value, bool)) or (
            isinstance(value, str) and re.fullmatch(r"[+-]?[0-9]+(\.[0-9]+)?", value) is not None)
    return isinstance(value, str)


def odd(qs, qid, entry):
    """An answer with an error, that dmn-ask must keep as it is but for what a --set changes:
    an invalid value, an unknown field, an invalid status or date (as in bonesight.yaml)."""
    if not isinstance(entry, dict):
        return not valid_value(qs, qid, entry)
    if not valid_value(qs, qid, entry.get("answer")):
        return True
    if set(entry) - set(FIELDS):
        return True
    if "status" in entry and entry["status"] not in STATUSES + ("answered",):
        return True
    if "date" in entry:
        try:
            datetime.date.fromisoformat(entry["date"])
        except (TypeError, ValueError):
            return True
    return False


def random_change(rng, qs, doc):
    r = rng.random()
    answered = [k for k in doc.answers if k in qs.by_id and qs.typ(k) != "group"]
    strange = [k for k in answered if odd(qs, k, doc.answers[k])]
    if r < 0.05:
        return invalid_change(rng, qs)
    if r < 0.85:
        pick = rng.random()
        if strange and pick < (0.4 if r >= 0.65 else 0.15):
            qid = rng.choice(strange)
        elif answered and pick < 0.6:
            qid = rng.choice(answered)
        else:
            qid = rng.choice(qs.answerable)
        if r < 0.5:
            typed = random_value(rng, qs, qid)
            norm = normalise(qs, qid, typed)
            assert norm is not None, (qid, typed)
            return Change("answer", "%s=%s" % (qid, typed), qid=qid, value=norm[1])
        if r < 0.65:
            st = rng.choice(STATUSES)
            if rng.random() < 0.5:
                return Change("status", "%s=%s" % (qid, st), option="--set-status", qid=qid, value=st)
            return Change("status", "%s.status=%s" % (qid, st), qid=qid, value=st)
        field = rng.choice(META)
        if rng.random() < 0.2:
            value = ""
        elif field == "date":
            value = random_date(rng)
        else:
            value = random_text(rng)
            if not value.strip(" \t\n"):
                value = "x"
        return Change("meta", "%s.%s=%s" % (qid, field, value), qid=qid, field=field, value=value)
    field = rng.choice(DEVICE)
    value = "" if field != "name" and rng.random() < 0.2 else random_text(rng).strip(" \t")
    if field == "name" and not value.strip():
        value = "Nom"
    return Change("device", "device.%s=%s" % (field, value), field=field, value=value)


# --- the checks --------------------------------------------------------------------------

def first_yesno_style(qs, doc):
    """'fr' if the file's first yes/no answer is written oui/non, 'en' otherwise."""
    for key, _, _ in doc.answer_nodes:
        if key in qs.by_id and qs.typ(key) == "yesno":
            v = doc.answer_value_node(key)
            words = ("yes", "no", "oui", "non", "true", "false")
            if isinstance(v, yaml.ScalarNode) and v.value.lower() in words:
                return "fr" if v.value.lower() in ("oui", "non") else "en"
    return "en"


def check_lines(before, after, old_span, new_span):
    """2 and 3: the file before is A + OLD + B, the file after A + MID + B, with NEW (the
    entry's lines after) in MID, and nothing else in MID than comment or blank lines of OLD (a
    comment inside the entry, kept, that no longer falls inside it). Returns the problems."""
    problems = []
    # a final line break added is not a change of the last line
    a_text = before.text if before.text.endswith("\n") else before.text + "\n"
    b_text = after.text if after.text.endswith("\n") or not after.text else after.text + "\n"
    a_lines, b_lines = a_text.split("\n"), b_text.split("\n")
    if old_span is None and new_span is None:
        if before.text != after.text:
            problems.append("the entry is in neither file, yet the file changed")
        return problems
    if old_span is None:
        old_span = (new_span[0], new_span[0])
    if new_span is None:
        new_span = (old_span[0], old_span[0])
    (a0, a1), (b0, b1) = old_span, new_span
    a_part = a_lines[a0:a1]
    if a0 != b0 or a_lines[:a0] != b_lines[:b0]:
        problems.append("the lines before the entry changed (entry at lines %d-%d before, %d-%d after)"
                        % (a0 + 1, a1, b0 + 1, b1))
    tail = len(a_lines) - a1
    m1 = len(b_lines) - tail
    if m1 < b1 or a_lines[a1:] != b_lines[m1:]:
        problems.append("the lines after the entry changed (entry at lines %d-%d before, %d-%d after)"
                        % (a0 + 1, a1, b0 + 1, b1))
    else:
        for n in range(b1, m1):
            line = b_lines[n]
            if (line.strip() == "" or line.lstrip().startswith("#")) and line in a_part:
                a_part.remove(line)
            else:
                problems.append("line %d after, out of the entry (lines %d-%d), is new: %s"
                                % (n + 1, b0 + 1, b1, line))
    kept = b_lines[:]
    for n, line in enumerate(a_lines):
        if line.lstrip().startswith("#") and not (a0 <= n < a1):
            if line in kept:
                kept.remove(line)
            else:
                problems.append("comment line %d lost: %s" % (n + 1, line))
    return problems


def check_change(qs, change, before, after, stamp):
    """1, 2, 3 and 4 for one valid change; a list of problems (empty: it holds)."""
    problems = []
    # 1: the document is the one before plus the change
    if before.top != after.top:
        problems.append("the document's other fields changed: %r -> %r" % (before.top, after.top))
    want_device = dict(before.device)
    if change.kind == "device":
        if change.value == "":
            want_device.pop(change.field, None)
        else:
            want_device[change.field] = change.value
    if want_device != after.device:
        problems.append("device: expected %r, read %r" % (want_device, after.device))
    changed = change.qid if change.kind in ("answer", "status", "meta") else None
    others_before = {k: v for k, v in before.answers.items() if k != changed}
    others_after = {k: v for k, v in after.answers.items() if k != changed}
    if others_before != others_after:
        for k in sorted(set(others_before) | set(others_after), key=lambda i: qs.order.get(i, 1e9)):
            if others_before.get(k, "<none>") != others_after.get(k, "<none>"):
                problems.append("answer %s, not changed: was %r, read %r"
                                % (k, others_before.get(k, "<none>"), others_after.get(k, "<none>")))
    if changed:
        want = expected_entry(change, before.answers.get(changed), stamp)
        got = as_entry(after.answers.get(changed))
        kind = qs.typ(changed)
        got_cmp = dict(got) if got else got
        if got_cmp and "answer" in got_cmp:
            got_cmp["answer"] = canonical_answer(kind, got_cmp["answer"])
        if want and "answer" in want and change.kind != "answer":
            want["answer"] = canonical_answer(kind, want["answer"])
        if want != got_cmp:
            problems.append("answer %s: expected %r, read %r" % (changed, want, got))
        if kind == "yesno" and change.kind == "answer" and not problems:
            node = after.answer_value_node(changed)
            style = first_yesno_style(qs, before)
            if style == "fr" and node.value not in ("oui", "non"):
                problems.append("answer %s: written %r in a file that writes oui/non" % (changed, node.value))
            if style == "en" and (node.value not in ("yes", "no") or node.style not in ('"', "'")):
                problems.append("answer %s: written %r (style %r), not \"yes\"/\"no\" quoted"
                                % (changed, node.value, node.style))
        if changed not in before.answers and changed in after.answers:
            keys = [k for k, _, _ in after.answer_nodes]
            at = keys.index(changed)
            prev = [k for k in keys[:at] if k in qs.order]
            nxt = [k for k in keys[at + 1:] if k in qs.order]
            if prev and qs.order[prev[-1]] > qs.order[changed]:
                problems.append("new answer %s placed after %s" % (changed, prev[-1]))
            if nxt and qs.order[nxt[0]] < qs.order[changed]:
                problems.append("new answer %s placed before %s" % (changed, nxt[0]))
    # 2, 3: the lines
    if change.kind == "device":
        old_span, new_span = before.device_span(change.field), after.device_span(change.field)
        if before.device_node and before.device_node[1].flow_style:
            # device: {name: X}: the whole device's lines are the change
            old_span, new_span = before.top_span("device"), after.top_span("device")
    else:
        old_span, new_span = before.answer_span(changed), after.answer_span(changed)
        if not before.answer_nodes and new_span:
            # no answer before (answers: {}, or no answers at all): the answers key is changed too
            old_span = before.top_span("answers")
            new_span = after.top_span("answers")
    problems += check_lines(before, after, old_span, new_span)
    return problems


# --- running -----------------------------------------------------------------------------

def numbered(text):
    return "".join("%4d | %s\n" % (n, line) for n, line in enumerate(text.split("\n"), 1))


def report(name, step, change, before_text, after_text, rc, stderr, problems):
    out = ["FAIL: %s, change %d: dmn-ask %s -o FILE FILE" % (name, step, change)]
    if change.valid and change.kind != "invalid":
        out.append("  (%s of %s%s: %r)" % (change.kind, change.qid or "device",
                                          "." + change.field if change.field else "", change.value))
    else:
        out.append("  (refused on purpose: %s)" % change.why)
    out.append("exit status %s" % rc)
    if stderr.strip():
        out.append("--- stderr\n" + stderr.rstrip("\n"))
    out.append("--- problems")
    out += ["  " + p for p in problems]
    out.append("--- diff")
    out += [line.rstrip("\n") for line in difflib.unified_diff(
        before_text.split("\n"), after_text.split("\n"), "before", "after", lineterm="", n=2)]
    out.append("--- the file before")
    out.append(numbered(before_text).rstrip("\n"))
    print("\n".join(out), flush=True)


def run_chain(dmn_ask, qs, path, seed, n, env, keep_going):
    name = os.path.basename(path)
    rng = random.Random("%s:%s" % (seed, name))
    stamp = today()
    failures = 0
    with tempfile.TemporaryDirectory(prefix="dmn-rewrite-") as tmp:
        work = os.path.join(tmp, name)
        shutil.copyfile(path, work)
        with open(work, "rb") as f:
            raw_before = f.read()
        before_text = raw_before.decode("utf-8")
        before = Doc(before_text)
        for step in range(1, n + 1):
            change = random_change(rng, qs, before)
            p = subprocess.run([dmn_ask] + change.argv() + ["-o", work, work], stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, timeout=60)
            stderr = p.stderr.decode("utf-8", "replace")
            with open(work, "rb") as f:
                raw_after = f.read()
            after_text = raw_after.decode("utf-8", "replace")
            problems, after = [], None
            if p.stdout:
                problems.append("something on the standard output: %r" % p.stdout[:200])
            if not change.valid:
                if p.returncode != 2:
                    problems.append("refused change (%s): exit status %d, not 2" % (change.why, p.returncode))
                if raw_after != raw_before:
                    problems.append("refused change (%s): the file changed" % change.why)
                if not stderr.strip():
                    problems.append("refused change (%s): nothing said on the standard error" % change.why)
            elif p.returncode not in (0, 1):
                problems.append("exit status %d (expected 0 or 1)" % p.returncode)
            else:
                try:
                    after = Doc(raw_after.decode("utf-8"))
                except (yaml.YAMLError, Failure, UnicodeDecodeError) as e:
                    problems.append("the result cannot be read: %s" % e)
                else:
                    problems += check_change(qs, change, before, after, stamp)
            if problems:
                failures += 1
                report(name, step, change, before_text, after_text, p.returncode, stderr, problems)
                if not keep_going:
                    return failures
                with open(work, "wb") as f:
                    f.write(raw_before)
            elif after is not None:
                raw_before, before_text, before = raw_after, after_text, after
    return failures


def main(argv):
    if len(argv) != 5:
        print("usage: rewrite_property.py DMN_ASK EXAMPLES_DIR SEED N", file=sys.stderr)
        return 2
    dmn_ask, examples, seed, n = os.path.abspath(argv[1]), argv[2], argv[3], int(argv[4])
    qpath = os.path.join(examples, "..", "has-dmn-2023.yaml")
    if not os.path.exists(qpath):
        qpath = Q.DEFAULT
    qs = Questions(qpath)
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_") and k not in ("LANG", "LANGUAGE")}
    env["LC_ALL"] = "C"
    env.setdefault("SOURCE_DATE_EPOCH", DEFAULT_EPOCH)
    os.environ["SOURCE_DATE_EPOCH"] = env["SOURCE_DATE_EPOCH"]
    keep_going = os.environ.get("REWRITE_KEEP_GOING") == "1"
    files = sorted(glob.glob(os.path.join(examples, "*.yaml")))
    if not files:
        print("no example dossier in %s" % examples)
        return 1
    failures = 0
    for path in files:
        failures += run_chain(dmn_ask, qs, path, seed, n, env, keep_going)
        if failures and not keep_going:
            return 1
    if failures:
        print("%d failing changes" % failures)
        return 1
    print("ok %d changes" % (n * len(files)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
