#!/usr/bin/env python3
"""gendossiers.py [--findings] N [QUESTIONNAIRE] [SEED]: a deterministic stream of N
realistic dmn dossiers on stdout, for the benchmarks (tests/bench/run.sh).

Every dossier answers every question of the questionnaire that applies to it (conditions
are honoured: a question whose condition is false gets no answer), with the type the
question wants (text, yes/no, choice, choices, number in its unit, date), French text of
the length vendors and hospital staff really write, a mix of plain values and mappings
(answer/status/source/by/date/comment), some questions missing (absent or left empty) and
some pending, unknown or not applicable. Device names are distinct.

With --findings, the stream is the other kind a CI run meets, dossiers early in their
round trip: most questions are missing (about 70 % of those that apply), some are pending,
about 8 answers per dossier are invalid (a word that is not an option, a number in
another unit, a date that is not one, a status that is not one) and a few fields are
unknown (a question id the guide does not have, a field an answer does not take, an id
written as a number). dmn-validate finds about 150 things in each.

Dossier i depends only on (SEED, i): the stream of N dossiers is a prefix of the stream
of N+1, and the same N gives the same bytes, whatever the Python version (random.Random
seeded with a string, version 2 seeding, is stable).
"""
import random
import sys

import yaml

SECTION_WORDS = {
    "1": ["les urgences", "le service d'imagerie", "la traumatologie", "le bloc opératoire",
          "la consultation de suivi", "le plateau technique"],
    "3": ["la notice d'utilisation", "le certificat CE", "la déclaration de conformité UE",
          "le résumé des caractéristiques", "la fiche produit"],
    "4": ["l'étude multicentrique", "l'étude de lecture assistée", "l'essai randomisé",
          "la cohorte rétrospective", "la méta-analyse", "le registre prospectif"],
    "5": ["l'algorithme", "le modèle", "le réseau de neurones convolutif", "le module de détection",
          "la chaîne de traitement", "le moteur d'analyse"],
    "6": ["les manipulateurs", "les radiologues", "les urgentistes", "l'équipe de nuit",
          "les internes", "les cadres de santé"],
    "7": ["le devis", "la licence annuelle", "le contrat de maintenance", "l'abonnement",
          "la redevance par examen", "le forfait d'installation"],
    "8": ["la passerelle DICOM", "le serveur applicatif", "l'hébergeur certifié HDS",
          "le PACS", "le dossier patient informatisé", "l'annuaire de l'établissement"],
    "9": ["la phase pilote", "l'expérimentation", "la période de test", "l'évaluation sur site"],
    "10": ["le taux de fractures non vues", "le délai de compte rendu", "la satisfaction des équipes",
           "le nombre de rappels de patients", "la durée de passage aux urgences"],
}

SENTENCES = [
    "Selon {w}, le dispositif est destiné à l'aide à la détection des fractures sur les radiographies standard de l'adulte et de l'enfant de plus de {age} ans.",
    "Le fabricant indique que {w} a été évalué sur {n} examens issus de {c} centres européens, dont {fr} en France.",
    "Réponse partielle : {w} ne couvre ni le rachis ni le crâne, et les clichés avec matériel d'ostéosynthèse sont exclus.",
    "Sensibilité {se} et spécificité {sp} sur l'échantillon de validation externe ; AUC {auc} avec un intervalle de confiance à 95 % publié.",
    "Les images DICOM sont transmises automatiquement par {w} ; aucune saisie manuelle n'est nécessaire pour le manipulateur.",
    "Formation initiale d'une demi-journée pour {w}, puis une session annuelle de rappel incluse dans le contrat.",
    "La mise à jour du modèle est soumise à une nouvelle évaluation de conformité ; les notes de version sont publiées sur le portail client.",
    "Le résultat est renvoyé au PACS sous la forme d'une série supplémentaire annotée, avec une liste de travail priorisée pour {w}.",
    "Aucune donnée patient ne quitte l'établissement : {w} fonctionne sur un serveur local installé dans la salle informatique.",
    "Les données sont pseudonymisées avant envoi vers {w} ; la clé de correspondance reste dans l'établissement.",
    "Le délai d'analyse annoncé est inférieur à {m} minutes par examen, y compris pendant les pics d'activité du lundi matin.",
    "Le coût comprend la licence, l'installation et {w} ; la maintenance évolutive est facturée à part à partir de la deuxième année.",
    "Le fabricant ne dispose pas d'évaluation de l'impact environnemental ; une estimation de la consommation électrique du serveur a été demandée.",
    "À vérifier lors de la démonstration prévue le {d} avec {w} et la direction des systèmes d'information.",
    "Le contrat prévoit une astreinte du support en français de 8 h à 20 h les jours ouvrés, et un correctif sous {j} jours pour les anomalies bloquantes.",
    "Le DPO a été consulté ; l'analyse d'impact relative à la protection des données est en cours de rédaction avec {w}.",
    "Les patients sont informés par une affiche en salle d'attente et une mention dans le livret d'accueil, conformément à l'article L. 4001-3 du code de la santé publique.",
    "Le mode dégradé est documenté : en cas de panne, les images restent lisibles dans le PACS et {w} reprend les examens en attente au redémarrage.",
    "Deux sites français utilisent déjà {w} depuis {mo} mois ; un retour d'expérience a été organisé avec le chef de service de l'un d'eux.",
    "La population de validation est comparable à la nôtre pour l'âge et le sexe, mais comporte moins de patients âgés de plus de 80 ans.",
    "Les performances par sous-groupe (âge, région anatomique, constructeur de la modalité) sont présentées en annexe de la publication.",
    "L'appropriation par les utilisateurs a été mesurée par un questionnaire de satisfaction auprès de {n2} radiologues et urgentistes.",
    "Le temps médical gagné est estimé à {m} minutes par vacation, à confirmer pendant {w}.",
    "Objectif : réduire de moitié les fractures non vues signalées en revue de morbi-mortalité sur {w}.",
    "Hébergement chez un prestataire certifié HDS, serveurs en Union européenne ; sauvegardes chiffrées sur un second site.",
    "Chiffrement TLS 1.3 des flux et chiffrement au repos AES-256 ; journalisation des accès conservée un an.",
    "Le marquage CE a été obtenu en classe {ce} selon le règlement (UE) 2017/745, organisme notifié {on}.",
    "Aucun signalement de matériovigilance n'est connu à ce jour ; le rapport périodique actualisé de sécurité a été demandé.",
    "L'interopérabilité repose sur les standards DICOM SR et HL7 FHIR ; une connexion au dossier patient informatisé est prévue en seconde phase.",
    "Le fabricant s'engage à ne pas réutiliser les données de l'établissement pour entraîner ses modèles sans convention spécifique.",
    "La responsabilité en cas d'erreur de l'algorithme est précisée à l'article {art} du projet de contrat, relu par la direction des affaires juridiques.",
    "Critères de succès : moins de {pct} % de faux négatifs sur la période pilote et adhésion d'au moins trois quarts des utilisateurs.",
]

BY = ["vendor", "vendor", "vendor", "DSI", "DPO", "pharmacien", "radiologue", "urgentiste",
      "ingénieur biomédical", "direction des achats", "juriste", "cadre de santé"]

NOTIFIED = ["BSI Group The Netherlands B.V.", "TÜV SÜD Product Service GmbH", "GMED",
            "DEKRA Certification B.V.", "Kiwa Dare B.V.", "IMQ Istituto Italiano del Marchio di Qualità"]

PREFIXES = ["Osteo", "Fracta", "Bone", "Radio", "Lumi", "Medi", "Scan", "Vision", "Neuro", "Pulmo",
            "Retino", "Cardio", "Derma", "Onco", "Dose", "Nodu", "Mammo", "Thora", "Arthro", "Spino",
            "Echo", "Pixel", "Quanta", "Clari", "Hélio", "Axo", "Veri", "Insi", "Orbi", "Sono"]
SUFFIXES = ["Scan", "Sight", "Vision", "Lens", "Detect", "Check", "Find", "Assist", "Read", "Guard",
            "Mind", "View", "Track", "Flow", "Care", "Logic", "Mark", "Point", "Scope", "Sense",
            "Insight", "Radar", "Lynx", "Nova", "Pilot", "Screen", "Metric", "Trace", "Watch", "Graph"]
COMPANIES = ["Meditek Labs GmbH", "Nordlys Medical AB", "Imagerie Avancée SAS", "Radiant AI B.V.",
             "Santé Numérique Lyon SAS", "Helvetic Imaging AG", "Iberia Diagnostics S.L.",
             "Vistula MedTech sp. z o.o.", "Quantimed S.r.l.", "Atlantique Santé Logiciels SA",
             "Baltic Radiology OÜ", "Danubia Health Solutions Kft."]
CE_CLASSES = ["I", "IIa", "IIa", "IIb", "IIb", "III"]


def section_word(rng, qid):
    sec = qid.split(".")[0]
    return rng.choice(SECTION_WORDS.get(sec, SECTION_WORDS["5"]))


def date(rng):
    return "2024-%02d-%02d" % (rng.randint(1, 12), rng.randint(1, 28))


def sentence(rng, qid, dev):
    s = rng.choice(SENTENCES)
    return s.format(
        w=section_word(rng, qid), age=rng.choice([2, 6, 12, 18]),
        n=rng.randint(8, 60) * 100, c=rng.randint(2, 14), fr=rng.randint(0, 4),
        se="0,%02d" % rng.randint(80, 97), sp="0,%02d" % rng.randint(78, 96),
        auc="0,%02d" % rng.randint(85, 98), m=rng.randint(1, 15), d=date(rng),
        j=rng.randint(2, 10), mo=rng.randint(6, 36), n2=rng.randint(6, 40), ce=dev["ce"],
        on=rng.choice(NOTIFIED), art=rng.randint(4, 19), pct=rng.randint(2, 10))


def text_answer(rng, qid, dev):
    k = rng.choices([1, 2, 3, 4], weights=[55, 30, 12, 3])[0]
    return " ".join(sentence(rng, qid, dev) for _ in range(k))


def dq(s):
    """A YAML double-quoted scalar."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def folded(text, indent):
    """A folded block scalar (>-), wrapped at about 88 columns."""
    pad = " " * indent
    lines, cur = [], ""
    for word in text.split(" "):
        if cur and len(cur) + 1 + len(word) > 88 - indent:
            lines.append(cur)
            cur = word
        else:
            cur = word if not cur else cur + " " + word
    lines.append(cur)
    return ">-\n" + "\n".join(pad + l for l in lines)


def text_scalar(rng, text, indent):
    if len(text) > 160 and rng.random() < 0.4:
        return folded(text, indent)
    return dq(text)


def source(rng, dev):
    r = rng.random()
    if r < 0.35:
        return "Notice d'utilisation %s %s, § %d.%d, p. %d" % (
            dev["name"], dev["version"], rng.randint(1, 9), rng.randint(1, 9), rng.randint(2, 60))
    if r < 0.55:
        return "%s et al., %d, doi:10.5555/%s.%d.%03d" % (
            rng.choice(["Becker J", "Lindqvist E", "Martin C", "Rossi G", "Dubois A", "Nowak K"]),
            rng.randint(2019, 2024), dev["slug"], rng.randint(2019, 2024), rng.randint(1, 999))
    if r < 0.65:
        return "clinicaltrials.gov NCT0%07d" % rng.randint(1000000, 6999999)
    if r < 0.85:
        return "Courriel du fabricant du %s" % date(rng)
    return "Offre commerciale %s du %s" % (dev["manufacturer"].split()[0], date(rng))


def value(rng, q, dev, qid):
    """(yaml text of a plain value, value for conditions) for question q."""
    t = q["type"]
    if t == "text":
        return ("TEXT", text_answer(rng, qid, dev)), None
    if t == "yesno":
        yes = rng.random() < q.get("_pyes", 0.7)
        word = rng.choice(["oui", "oui", "yes", "Oui"] if yes else ["non", "non", "no", "Non"])
        return word, ["yes" if yes else "no"]
    if t == "choice":
        opt = rng.choice(q["_opts"])
        return opt, [opt]
    if t == "choices":
        k = rng.choices([1, 2, 3], weights=[55, 35, 10])[0]
        opts = rng.sample(q["_opts"], min(k, len(q["_opts"])))
        opts.sort(key=q["_opts"].index)
        if rng.random() < 0.8:
            return "[" + ", ".join(opts) + "]", opts
        return ("LIST", opts), opts
    if t == "number":
        unit = q.get("unit", "")
        if unit == "EUR":
            n = rng.randint(20, 2500) * 100
            return (str(n) if rng.random() < 0.8 else "%d.50" % n), None
        if unit == "minutes":
            return (str(rng.randint(1, 30)) if rng.random() < 0.7 else "%d.5" % rng.randint(0, 9)), None
        if unit == "days":
            return str(rng.randint(1, 120)), None
        return str(rng.randint(1, 1000)), None
    if t == "date":
        return dq(date(rng)), None
    raise SystemExit("gendossiers: unknown question type %r" % t)


def plain(rng, v, indent):
    """v as the text after 'key:' (with its leading space or newline)."""
    if isinstance(v, tuple) and v[0] == "TEXT":
        return " " + text_scalar(rng, v[1], indent + 2)
    if isinstance(v, tuple) and v[0] == "LIST":
        return "".join("\n%s- %s" % (" " * (indent + 2), o) for o in v[1])
    return " " + v


INVALID = {
    "yesno": ["peut-être", "en cours", "oui et non"],
    "choice": ["autre", "à préciser", "voir la notice"],
    "choices": ["[autre, à préciser]", "[voir annexe]"],
    "number": ["12 heures", "environ trente", "beaucoup", "3 semaines"],
    "date": ['"prochainement"', '"2024-02-30"', '"31/13/2024"', '"fin 2024"'],
}


def invalid_lines(rng, q, dev, out, key):
    """An answer dmn-validate refuses: its value, its status or one of its fields."""
    t = q["type"]
    r = rng.random()
    if t in INVALID and r < 0.7:
        out.append(key + " " + dq(rng.choice(INVALID[t])) if t == "yesno" else key + " " + rng.choice(INVALID[t]))
    elif r < 0.85:
        out.append(key)
        out.append("    status: %s" % rng.choice(["en attente", "fait", "answred", "todo"]))
        out.append("    comment: %s" % dq(sentence(rng, q["id"], dev)))
    else:
        out.append(key)
        out.append("    answer: %s" % dq(sentence(rng, q["id"], dev)))
        out.append("    %s: %s" % (rng.choice(["remarque", "auteur", "réf", "note"]), dq(sentence(rng, q["id"], dev))))
        out.append("    date: %s" % rng.choice(['"hier"', '"2024-13-01"', '"lundi"']))


def answer_lines(rng, q, dev, out, state):
    qid = q["id"]
    key = '  %s:' % dq(qid)
    r = rng.random()
    if state["_findings"]:
        # an early dossier: most questions missing, some pending, some invalid
        if r < 0.70:
            return None
        if r < 0.78:
            out.append(key)
            out.append("    status: pending")
            return None
        if r < 0.83:
            invalid_lines(rng, q, dev, out, key)
            return None
        r = (r - 0.83) / 0.17 * 0.88 + 0.12   # the rest answered as in a complete dossier
    if r < 0.06:                                    # missing: absent, or left empty
        k = rng.random()
        if k < 0.6:
            return None
        out.append(key + ("" if k < 0.8 else " ~" if k < 0.9 else ' ""'))
        return None
    if r < 0.10:                                    # pending, sometimes with a draft
        out.append(key)
        out.append("    status: pending")
        out.append("    comment: %s" % dq(rng.choice([
            "Question posée au fabricant, relance prévue.",
            "Réponse attendue après la réunion avec la DSI.",
            "Document demandé au fabricant le %s." % date(rng),
            "En attente de l'avis du DPO."])))
        out.append("    by: %s" % rng.choice(BY[3:]))
        out.append("    date: %s" % dq(date(rng)))
        return None
    if r < 0.12:                                    # unknown / not-applicable
        out.append(key)
        out.append("    status: %s" % rng.choice(["unknown", "not-applicable"]))
        out.append("    comment: %s" % dq(sentence(rng, qid, dev)))
        out.append("    by: %s" % rng.choice(BY))
        if rng.random() < 0.5:
            out.append("    date: %s" % dq(date(rng)))
        return None
    v, cond = value(rng, q, dev, qid)
    if r < 0.62:                                    # plain value
        out.append(key + plain(rng, v, 2))
    else:                                           # mapping form
        out.append(key)
        out.append("    answer:" + plain(rng, v, 4))
        if rng.random() < 0.6:
            out.append("    source: %s" % dq(source(rng, dev)))
        if rng.random() < 0.8:
            out.append("    by: %s" % rng.choice(BY))
        if rng.random() < 0.5:
            out.append("    date: %s" % dq(date(rng)))
        if rng.random() < 0.3:
            out.append("    comment: " + text_scalar(rng, sentence(rng, qid, dev), 6))
    return cond


def applies(q, parent_applies, state):
    if not parent_applies:
        return False
    w = q.get("when")
    if not w:
        return True
    got = state.get(w["question"])
    if got is None:
        # no real answer (missing, pending, unknown, n/a): the question is asked,
        # unless the question named does not apply itself
        return w["question"] not in state["_skipped"]
    return any(v in w["in"] for v in got)


def walk(rng, qs, dev, out, state, parent_applies):
    for q in qs:
        ok = applies(q, parent_applies, state)
        if not ok:
            state["_skipped"].add(q["id"])
        elif q["type"] != "group":
            cond = answer_lines(rng, q, dev, out, state)
            if cond is not None:
                state[q["id"]] = cond
        walk(rng, q.get("questions", []), dev, out, state, ok)


def device(rng, i):
    p, s = len(PREFIXES), len(SUFFIXES)
    name = PREFIXES[i % p] + SUFFIXES[(i // p) % s]
    gen = i // (p * s)
    if gen:
        name += " G%d" % (gen + 1)
    return {
        "name": name,
        "slug": name.lower().replace(" ", "-").replace("é", "e"),
        "manufacturer": rng.choice(COMPANIES),
        "version": "%d.%d.%d" % (rng.randint(1, 5), rng.randint(0, 12), rng.randint(0, 20)),
        "ce": rng.choice(CE_CLASSES),
    }


def unknown_fields(rng, dev, out):
    """Fields the guide does not have: a question id, an id written as a number."""
    for n in rng.sample(range(11, 15), rng.randint(1, 3)):
        out.append('  "%d.%d": %s' % (n, rng.randint(1, 9), dq(sentence(rng, "5", dev))))
    if rng.random() < 0.5:
        out.append("  8.10: %s" % dq(sentence(rng, "8", dev)))   # read as 8.1 by other tools
    if rng.random() < 0.5:
        out.append("  %s: %s" % (rng.choice(["remarques", "notes", "contact-commercial"]), dq(sentence(rng, "7", dev))))


def dossier(q, seed, i, out, findings=False):
    rng = random.Random("dmn-bench:%s:%s%d" % (seed, "findings:" if findings else "", i))
    dev = device(rng, i)
    out.append("--- # dossier %d, généré par tests/bench/gendossiers.py (données fictives)" % (i + 1))
    out.append("kind: dossier")
    out.append("questionnaire: %s" % q["id"])
    if rng.random() < 0.5:
        out.append("edition: %s" % dq(str(q["edition"])))
    out.append("device:")
    out.append("  name: %s" % dev["name"])
    out.append("  manufacturer: %s" % dev["manufacturer"])
    out.append("  version: %s" % dq(dev["version"]))
    out.append("  ce-class: %s" % dev["ce"])
    if dev["ce"] != "I":
        out.append("  notified-body: %s" % dq(rng.choice(NOTIFIED)))
    if rng.random() < 0.5:
        out.append("  udi-di: %s" % dq("0%013d" % rng.randint(10**11, 10**13 - 1)))
    if rng.random() < 0.7:
        out.append("  contact: %s" % dq("affaires-reglementaires@%s.example" % dev["slug"]))
    if rng.random() < 0.5:
        out.append("  url: %s" % dq("https://www.%s.example/produit" % dev["slug"]))
    out.append("answers:")
    state = {"_skipped": set(), "_findings": findings}
    for sec in q["sections"]:
        out.append("")
        out.append("  # %s. %s" % (sec["id"], sec["title"]["fr"]))
        walk(rng, sec["questions"], dev, out, state, True)
    if findings:
        unknown_fields(rng, dev, out)


def prepare(qs):
    for q in qs:
        q["_opts"] = [o["id"] for o in q.get("options", [])]
        prepare(q.get("questions", []))


def main():
    args = sys.argv[1:]
    findings = bool(args) and args[0] == "--findings"
    if findings:
        args = args[1:]
    if not args:
        sys.exit("usage: gendossiers.py [--findings] N [QUESTIONNAIRE] [SEED]")
    n = int(args[0])
    path = args[1] if len(args) > 1 else "questionnaires/has-dmn-2023.yaml"
    seed = args[2] if len(args) > 2 else "1"
    with open(path, encoding="utf-8") as f:
        q = yaml.safe_load(f)
    for sec in q["sections"]:
        prepare(sec["questions"])
    w = sys.stdout.buffer
    try:
        for i in range(n):
            out = []
            dossier(q, seed, i, out, findings)
            w.write(("\n".join(out) + "\n").encode("utf-8"))
        w.flush()
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(1)


if __name__ == "__main__":
    main()
