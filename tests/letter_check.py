#!/usr/bin/env python3
"""letter_check.py QUESTIONNAIRE VALIDATION.json LETTER.md TODO.md LANG DOSSIER-FILE: the
letter to the vendor and the buyer's to-do of one dossier, checked against the validation
(what is missing, for whom, with which comment and value) and the questionnaire (parents,
the guide's advice), both read here with PyYAML and json, never through dmn:

- the letter asks every missing or pending vendor question and no other one, each once;
  what else it lists is a parent of one of them, shown above it, never alone;
- no sub-question comes without its parent: the parent's item comes first, less indented;
- it holds none of the guide's advice to the buyer: no help text, no "where to find"
  hint, none of the advisory sentences listed below, and not the dossier's file name;
- every comment and partial answer of a vendor question is there;
- the to-do lists every other missing question exactly once, with its comment.

Prints what is wrong and exits 1; exits 0 silently when all holds."""
import json
import re
import sys

import yaml

# sentences of the guide that advise the buyer (in the guide's French, and the file's English)
ADVICE = {
    'fr': ["Vous prendrez en compte", "vous permettra de mettre fin au contrat",
           "Favoriser les durées de contrats courts", "L'industriel doit vous apporter",
           "Connaissez-vous le type d'apprentissage automatique", "nous vous conseillons",
           "vous pourrez vous interroger"],
    'en': ["You will take into account", "will allow you to end the contract",
           "Favouring short contract terms", "The manufacturer must provide you",
           "Do you know the type of machine learning", "we advise you",
           "you may consider some or all"],
}


def main(qfile, vfile, letter_file, todo_file, lang, dossier_file):
    q = yaml.safe_load(open(qfile, encoding='utf-8'))
    v = json.load(open(vfile, encoding='utf-8'))
    letter = open(letter_file, encoding='utf-8').read()
    todo = open(todo_file, encoding='utf-8').read()
    errors = []
    parent, texts = {}, []

    def walk(qs, up):
        for x in qs:
            parent[x['id']] = up
            for key in ('help', 'where'):
                if x.get(key):
                    texts.append(x[key][lang])
            walk(x.get('questions', []), x['id'])
    for s in q['sections']:
        if s.get('where'):
            texts.append(s['where'][lang])
        walk(s['questions'], None)
    sole = {s['id'] for s in q['sections']}  # a question that is its section: its heading says it

    def items(md, context=False):
        """(id, indent, line number) of every question asked, "- **3.1** words", or with
        context, of every parent shown above one, "- 7.3 *words*" """
        pattern = r'^( *)- ([0-9.]+) \*' if context else r'^( *)- \*\*([0-9.]+)\*\*'
        return [(m.group(2), len(m.group(1)), n) for n, line in enumerate(md.split('\n'))
                for m in [re.match(pattern, line)] if m]

    (d,) = v['dossiers']
    missing = {m['id']: m for m in d['missing']}
    vendor = {i for i, m in missing.items() if 'vendor' in m['audience']}
    others = set(missing) - vendor
    got = items(letter)
    ids = [i for i, _, _ in got]
    for i in vendor:
        if ids.count(i) != 1:
            errors.append(f'letter: the vendor question {i} is there {ids.count(i)} times')
    for i in others:
        if i in ids:
            errors.append(f'letter: {i} is not a vendor question ({missing[i]["audience"]})')
    context = items(letter, True)
    where = {i: (ind, n) for i, ind, n in got + context}
    for i, ind, n in context:
        if i in missing:
            errors.append(f'letter: {i} is shown as a parent, yet asked')
        elif not any(parent_chain(parent, j, i) for j in vendor):
            errors.append(f'letter: {i} is shown, yet the parent of no question asked')
    for i, ind, n in got:
        if i not in missing and not any(parent_chain(parent, j, i) for j in vendor):
            errors.append(f'letter: {i} is listed, yet neither asked nor the parent of a question asked')
        p = parent.get(i)
        if p and p not in sole:
            if p not in where:
                errors.append(f'letter: {i} comes without its parent {p}')
            elif not (where[p][1] < n and where[p][0] < ind):
                errors.append(f'letter: {i} is not under its parent {p}')
    for t in texts:
        if t[:60] in letter:
            errors.append(f'letter: the guide\'s advice to the buyer is there: "{t[:60]}"')
    for a in ADVICE[lang]:
        if a in letter:
            errors.append(f'letter: an advisory sentence of the guide is there: "{a}"')
    if dossier_file in letter:
        errors.append('letter: the dossier\'s file name is there')
    for i in vendor:
        m = missing[i]
        if m.get('comment') and m['comment'] not in letter:
            errors.append(f'letter: the comment on {i} is missing')
        for val in ([m['value']] if isinstance(m.get('value'), str) else m.get('value') or []):
            if val not in letter:
                errors.append(f'letter: the answer given to {i}, "{val}", is missing')
    tids = [i for i, _, _ in items(todo)]
    for i in others:
        if tids.count(i) != 1:
            errors.append(f'to-do: {i} is there {tids.count(i)} times')
        if missing[i].get('comment') and missing[i]['comment'] not in todo:
            errors.append(f'to-do: the comment on {i} is missing')
    for i in vendor:
        if i in tids:
            errors.append(f'to-do: the vendor question {i} is there too')
    for e in errors:
        print(e)
    return 1 if errors else 0


def parent_chain(parent, qid, ancestor):
    """ancestor is a parent, grandparent... of qid"""
    p = parent.get(qid)
    while p:
        if p == ancestor:
            return True
        p = parent.get(p)
    return False


if __name__ == '__main__':
    sys.exit(main(*sys.argv[1:7]))
