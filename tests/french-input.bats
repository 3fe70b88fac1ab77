#!/usr/bin/env bats
# French input, French output: options by their label in either language, numbers with a
# decimal comma, thousands separators and the question's unit, oui/non/vrai/faux; what is
# refused says what to write instead; numbers, units and dates in French reports.

load helper
load tty

teardown() {
	if [ -n "${SOCK-}" ]; then
		stop
	fi
}

setup() {
	# the suite of this program's logic: the plain build; the sanitizers see the same code in
	# the hostile suites, the fuzzers and the tests of the terminal
	plain_pass_only
	cd "$BATS_TEST_TMPDIR"
	export SOURCE_DATE_EPOCH=1733356800	# 2024-12-05
	dossier base.yaml '"5.2": yes'
}

# stored ID FILE: the value a dossier holds for question ID, as written (plain or long form)
stored() {
	sed -n "/^  \"$1\":/{s/^  \"$1\": *//;/./{p;q};n;s/^    answer: //p;q}" "$2"
}

# accepts ID TYPED STORED: --set ID=TYPED, on t.yaml, writes STORED (set_up makes t.yaml)
accepts() {
	run -0 --separate-stderr dmn-ask --set "$1=$2" -o t.yaml t.yaml
	[ "$stderr" = "" ] || { echo "--set '$1=$2': $stderr" >&2; return 1; }
	[ "$(stored "$1" t.yaml)" = "$3" ] || { echo "--set '$1=$2' stored '$(stored "$1" t.yaml)', not '$3'" >&2; return 1; }
}

# valid FILE: the dossier has no invalid answer (what was stored validates)
valid() {
	run -1 --separate-stderr dmn-validate --json "$1"
	[ "$(jq -c '.dossiers[0].invalid' <<<"$output")" = "[]" ]
}

@test "--set: numbers with a decimal comma, thousands separators and the question's unit are stored plain" {
	cp base.yaml t.yaml
	accepts 6.2.5 '10 min' 10
	accepts 6.2.5 '10 minutes' 10
	accepts 6.2.5 '0,5' 0.5
	accepts 6.2.5 '0,5 mn' 0.5
	accepts 7.3.1 '12 000' 12000
	accepts 7.3.1 '12 000,50' 12000.50
	accepts 7.3.1 '12 000 €' 12000
	accepts 7.3.1 '12000€' 12000
	accepts 7.3.1 '12 000,50 EUR' 12000.50
	accepts 7.3.1 '1 234 567,5 euros' 1234567.5
	accepts 7.3.1 "$(printf '12\xc2\xa0000')" 12000	# no-break space
	accepts 7.3.1 "$(printf '12\xe2\x80\xaf000\xc2\xa0\xe2\x82\xac')" 12000	# narrow no-break space, €
	accepts 7.3.1 '+012' 12
	accepts 7.3.1 '12.5' 12.5
	accepts 6.2.6.2 '3 jours' 3
	accepts 6.2.6.2 '1 day' 1
	valid t.yaml
}

@test "--set: options by id, number on screen, or label in either language, case and accents aside" {
	cp base.yaml t.yaml
	accepts 5.3 continuous continuous
	accepts 5.3 continu continuous
	accepts 5.3 CONTINU continuous
	accepts 5.3 'Incrémental' incremental
	accepts 5.3 incremental incremental
	accepts 5.3 3 continuous
	accepts 8.11.1 interne internal
	accepts 8.11.1 'externe (« à distance »)' external
	accepts 8.11.1 'External' external
	accepts 4.1 'clinique, budgétaire' '[clinical, budgetary]'
	accepts 4.1 'Budgetaire ; clinique' '[clinical, budgetary]'
	accepts 4.1 '1 3' '[clinical, budgetary]'
	accepts 7.2 "paiement à l’utilisation" '[pay-per-use]'
	accepts 3.3 vrai '"yes"'
	accepts 3.3 faux '"no"'
	accepts 3.3 Oui '"yes"'
	accepts 3.3 NON '"no"'
	valid t.yaml
}

@test "a dossier file may give the same French forms: it validates, and compare writes plain ids and numbers" {
	dossier f.yaml '"5.2": oui' '"5.3": continu' '"4.1": [clinique, Budgétaire]' '"6.2.5": 10 min' \
		'"7.3.1": 12 000,50 €' '"8.11.1": interne' '"3.3": faux' '"3.4": Vrai'
	run -1 --separate-stderr dmn-validate --json f.yaml
	[ "$(jq -c '.dossiers[0].invalid' <<<"$output")" = "[]" ]
	[ "$stderr" = "f.yaml:1:1: error: dossier 'Test' is incomplete: 141 missing, 0 pending" ]
	run -0 --separate-stderr dmn-compare --json -a f.yaml
	[ "$(jq -c '[.rows[] | .cells[0].answers[]? | select(.id == "4.1" or .id == "5.3" or .id == "6.2.5" or
		.id == "7.3.1" or .id == "8.11.1" or .id == "3.3") | [.id, .value]]' <<<"$output")" = \
		'[["3.3","no"],["4.1",["clinical","budgetary"]],["5.3","continuous"],["6.2.5",10],["7.3.1",12000.5],["8.11.1","internal"]]' ]
}

# refuses ID TYPED MESSAGE [--lang fr]: --set ID=TYPED is refused with exactly MESSAGE, and
# nothing is written
refuses() {
	cp base.yaml t.yaml
	run -2 --separate-stderr dmn-ask "${@:4}" --set "$1=$2" -o t.yaml t.yaml
	[ "$stderr" = "$3" ] || { printf -- '--- want\n%s\n--- got\n%s\n' "$3" "$stderr" >&2; return 1; }
	cmp t.yaml base.yaml
}

@test "--set: what is refused says what to write instead" {
	refuses 6.2.5 '10 h' "dmn-ask: error: --set '6.2.5=10 h': '10 h' is in hours, but question '6.2.5' takes a number in minutes: write the number of minutes"
	refuses 7.3.1 'non communiqué' "dmn-ask: error: --set '7.3.1=non communiqué': 'non communiqué' is not a number (question '7.3.1' takes a number in EUR): if the vendor does not say, give the status unknown, or pending while you wait"
	refuses 7.3.1 '12,000' "dmn-ask: error: --set '7.3.1=12,000': '12,000' could be read two ways (question '7.3.1' takes a number in EUR): write 12000 for twelve thousand, 12.5 or 12,5 for a decimal"
	refuses 7.3.1 '12 0000' "dmn-ask: error: --set '7.3.1=12 0000': '12 0000' is not a number (question '7.3.1' takes a number in EUR)"
	refuses 3.3 'oui (plus de 50 centres)' "dmn-ask: error: --set '3.3=oui (plus de 50 centres)': 'oui (plus de 50 centres)' is not a yes/no answer to question '3.3': answer oui, and give \"plus de 50 centres\" as the comment (3.3.comment)"
	refuses 3.2.date 15/03/2024 "dmn-ask: error: --set '3.2.date=15/03/2024': '15/03/2024' is not a date in the form YYYY-MM-DD: write 2024-03-15"
	refuses 5.3 'peut-être' "dmn-ask: error: --set '5.3=peut-être': 'peut-être' is not an option of question '5.3' (expected initial, incremental or continuous, its label or its number)"
	# the same in French
	refuses 6.2.5 '10 h' "dmn-ask: erreur : --set « 6.2.5=10 h » : « 10 h » est en heures, mais la question « 6.2.5 » attend un nombre en minutes : écrivez la valeur en minutes" --lang fr
	refuses 7.3.1 '12,000' "dmn-ask: erreur : --set « 7.3.1=12,000 » : « 12,000 » peut se lire de deux façons (la question « 7.3.1 » attend un nombre en EUR) : écrivez 12000 pour douze mille, 12.5 ou 12,5 pour un nombre décimal" --lang fr
	refuses 3.3 'oui (plus de 50 centres)' "dmn-ask: erreur : --set « 3.3=oui (plus de 50 centres) » : « oui (plus de 50 centres) » n'est pas une réponse oui/non à la question « 3.3 » : répondez oui et donnez « plus de 50 centres » en commentaire (3.3.comment)" --lang fr
	refuses 3.2.date 15/03/2024 "dmn-ask: erreur : --set « 3.2.date=15/03/2024 » : « 15/03/2024 » n'est pas une date de la forme AAAA-MM-JJ : écrivez 2024-03-15" --lang fr
}

@test "a dossier file: what is refused says what to write instead, at its place" {
	dossier f.yaml '"3.3": oui (plus de 50 centres)' '"6.2.5": non communiqué' '"7.3.1": 12 k€' \
		'"3.2": {answer: yes, date: 15/03/2024}' '"6.2.6.2": 2 mois'
	run -1 --separate-stderr dmn-validate -q f.yaml
	run -1 --separate-stderr dmn-validate f.yaml
	expect_stderr \
		"f.yaml:8:10: error: 'oui (plus de 50 centres)' is not a yes/no answer to question '3.3': write the explanation as a comment, {answer: oui, comment: \"plus de 50 centres\"}" \
		"f.yaml:9:12: error: 'non communiqué' is not a number (question '6.2.5' takes a number in minutes): if the vendor does not say, write {status: unknown}, or {status: pending} while you wait" \
		"f.yaml:10:12: error: '12 k€' is not a number (question '7.3.1' takes a number in EUR)" \
		"f.yaml:11:30: error: '15/03/2024' is not a date in the form YYYY-MM-DD (the date of an answer): write 2024-03-15" \
		"f.yaml:12:14: error: '2 mois' is in months, but question '6.2.6.2' takes a number in days: write the number of days" \
		"f.yaml:1:1: error: dossier 'Test' is incomplete: 145 missing, 0 pending, 5 invalid"
}

@test "a value YAML reads as syntax gets a hint to quote it, not libyaml's bare message" {
	dossier colon.yaml '"3.1": Détection : nodules'
	run -2 --separate-stderr dmn-validate colon.yaml
	[ "$stderr" = "colon.yaml:8:20: error: invalid YAML: mapping values are not allowed in this context; a value that contains ': ' must be quoted: write it between double quotes, \"like: this\"" ]
	dossier at.yaml '"3.1": @home'
	run -2 --separate-stderr dmn-validate at.yaml
	[ "$stderr" = "at.yaml:8:10: error: invalid YAML: found character that cannot start any token while scanning for the next token (started at line 8); a value that starts with @, \`, %, | or a tab must be quoted: write it between double quotes" ]
	dossier star.yaml '"3.1": *important'
	run -2 --separate-stderr dmn-validate star.yaml
	[ "$stderr" = "star.yaml:8:10: error: YAML aliases are not allowed ('*important'); a value that starts with * must be quoted: write it between double quotes" ]
}

@test "typed on the terminal: French forms accepted and stored plain; a refusal says what to write" {
	tty_setup french
	dossier d.yaml '"5.2": yes'
	start "dmn-ask -S -n 6.2.5 -n 7.3.1 -n 5.3 -o d.yaml d.yaml"
	at 5.3
	send continu
	at 6.2.5
	send '10 h'
	wait_for "Refused: “10 h” is not a number (in minutes)."
	wait_for "'10 h' is in hours, but question '6.2.5' takes a number in minutes: write the number of minutes"
	send '0,5 min'
	at 7.3.1
	send 'non communiqué'
	wait_for "'non communiqué' is not a number (question '7.3.1' takes a number in EUR): if the vendor does not say, give the status unknown, or pending while you wait"
	send '12 000,50 €'
	finish
	[ "$code" = 0 ]
	[ "$(stored 5.3 d.yaml)" = continuous ]
	[ "$(stored 6.2.5 d.yaml)" = 0.5 ]
	[ "$(stored 7.3.1 d.yaml)" = 12000.50 ]
	stop
	# the same in French
	dossier d.yaml '"5.2": yes'
	start "dmn-ask --lang fr -S -n 6.2.5 -o d.yaml d.yaml"
	at 6.2.5
	send '10 h'
	wait_for "Refusé : « 10 h » n'est pas un nombre (en minutes)."
	wait_for "« 10 h » est en heures, mais la question « 6.2.5 » attend un nombre en minutes : écrivez la valeur en minutes"
	send '10 min'
	finish
	[ "$(stored 6.2.5 d.yaml)" = 10 ]
}

@test "reports: French numbers, units in the singular or plural, dates in words; English keeps its own" {
	dossier o.yaml '"6.2.5": 0.5' '"7.3.1": 12000.5' '"6.2.6.2": 1' '"3.2": {answer: Adultes, date: 2024-03-01}'
	dossier p.yaml '"6.2.5": 2' '"7.3.1": 950' '"6.2.6.2": 3' '"3.2": {answer: Adultes, date: 2024-03-15}'
	nb=$(printf '\xc2\xa0')
	run -0 --separate-stderr dmn-report --lang fr -D o.yaml
	grep -qxF "Date du rapport : 5 décembre 2024" <<<"$output"
	grep -qxF "*Date :* 1er mars 2024" <<<"$output"
	grep -qxF "> 0,5${nb}minute" <<<"$output"
	grep -qxF "> 1${nb}jour" <<<"$output"
	grep -qxF "> 12${nb}000,5${nb}EUR" <<<"$output"
	run -0 --separate-stderr dmn-report --lang fr -D p.yaml
	grep -qxF "*Date :* 15 mars 2024" <<<"$output"
	grep -qxF "> 2${nb}minutes" <<<"$output"
	grep -qxF "> 3${nb}jours" <<<"$output"
	grep -qxF "> 950${nb}EUR" <<<"$output"
	run -0 --separate-stderr dmn-report --lang en -D o.yaml
	grep -qxF "Report date: 2024-12-05" <<<"$output"
	grep -qxF "*Date:* 2024-03-01" <<<"$output"
	grep -qxF "> 0\\.5 minutes" <<<"$output"
	grep -qxF "> 1 day" <<<"$output"
	grep -qxF "> 12000\\.5 EUR" <<<"$output"
	run -0 --separate-stderr dmn-report --lang en p.yaml
	grep -qxF "> 2 minutes" <<<"$output"
	grep -qxF "> 3 days" <<<"$output"
}

@test "counts in the singular or plural: 1 réponse manquante, 2 réponses manquantes" {
	complete_dossier c.yaml yes
	grep -v '^  "10":' c.yaml >one.yaml
	grep -v '^  "10":\|^  "9.4":' c.yaml >two.yaml
	run -1 --separate-stderr dmn-validate --lang fr -q one.yaml
	run -1 --separate-stderr dmn-validate --lang fr one.yaml two.yaml
	grep -qxF "one.yaml:1:1: erreur : dossier « Test » incomplet : 1 réponse manquante, 0 en attente" <<<"$stderr"
	grep -qxF "two.yaml:1:1: erreur : dossier « Test » incomplet : 2 réponses manquantes, 0 en attente" <<<"$stderr"
	run -1 --separate-stderr dmn-validate --lang en one.yaml two.yaml
	grep -qxF "one.yaml:1:1: error: dossier 'Test' is incomplete: 1 missing, 0 pending" <<<"$stderr"
	run -1 --separate-stderr dmn-validate --lang fr -f tap one.yaml
	grep -qxF '  message: "1 réponse manquante, 0 en attente, 0 erreur, 0 avertissement"' <<<"$output"
}
