#!/usr/bin/env bats
# French everywhere, English everywhere: every program and every output kind, in one
# language, shows none of the other's messages (tests/i18n_check.py, against po/dmn.pot and
# po/fr.po); the language follows --lang, LANGUAGE, LC_ALL, LC_MESSAGES and LANG.

load helper
load tty

POT="$ROOT/po/dmn.pot"
PO="$ROOT/po/fr.po"

teardown() {
	if [ -n "${SOCK-}" ]; then
		stop
	fi
}

setup() {
	mkdir -p "$BATS_TEST_TMPDIR/in"
	cd "$BATS_TEST_TMPDIR/in"
	cp "$EXAMPLES"/*.yaml .
	# broken in every way a person breaks a dossier
	dossier colon.yaml '"3.1": Détection : nodules'
	dossier tab.yaml "$(printf '"3.1":\tx')"
	dossier star.yaml '"3.1": *important'
	dossier bang.yaml '"3.1": !urgent'
	dossier amp.yaml '"3.1": &ref'
	dossier at.yaml '"3.1": @home'
	dossier values.yaml '"3.3": oui (plus de 50 centres)' '"6.2.5": non communiqué' \
		'"7.3.1": 12,000' '"6.2.5.1": x' '"4.1": [économique]' '"5.3": peut-être' \
		'"3.2": {answer: yes, date: 15/03/2024}' '"9.7": yes' '"3.4": {answer: yes, auteur: x}'
	printf 'kind: dossier\n' >nodevice.yaml
	printf 'kind: validation\n' >wrongkind.yaml
	: >empty.yaml
	cd "$BATS_TEST_TMPDIR"
}

# produce DIR [OPTION]: what every program writes, every output kind, over the examples and
# the broken dossiers, with OPTION (--lang fr) if given; stdout and stderr in DIR/*
produce() {
	local d=$1 p f
	shift
	mkdir -p "$d"
	cd "$BATS_TEST_TMPDIR/in"
	for p in dmn-validate dmn-compare dmn-report dmn-ask; do
		"$p" "$@" --help >"$d/$p.help" 2>&1 || true
		"$p" "$@" --bogus >"$d/$p.usage" 2>&1 || true
		"$p" "$@" missing.yaml >"$d/$p.missing" 2>&1 || true
		"$p" "$@" . >"$d/$p.dir" 2>&1 || true
		"$p" "$@" </dev/null >"$d/$p.empty" 2>&1 || true
	done
	dmn-validate "$@" -l xx >"$d/lang" 2>&1 || true
	for f in *.yaml; do
		dmn-validate "$@" "$f" >"$d/v-$f" 2>&1 || true
		dmn-ask "$@" --set 3.1=x -o "$d/ask-$f" "$f" >"$d/ask-$f.out" 2>&1 || true
	done
	dmn-validate "$@" osteoscan.yaml fractavision.yaml bonesight.yaml values.yaml >"$d/v.yaml" 2>"$d/v.err" || true
	dmn-validate "$@" --json osteoscan.yaml values.yaml >"$d/v.json" 2>&1 || true
	dmn-validate "$@" -f tap osteoscan.yaml values.yaml >"$d/v.tap" 2>&1 || true
	dmn-validate "$@" -f junit osteoscan.yaml values.yaml >"$d/v.xml" 2>&1 || true
	dmn-validate "$@" --for vendor -r annex osteoscan.yaml >"$d/v-annex.yaml" 2>&1 || true
	dmn-compare "$@" osteoscan.yaml fractavision.yaml bonesight.yaml values.yaml >"$d/c.yaml" 2>"$d/c.err" || true
	dmn-compare "$@" -a osteoscan.yaml fractavision.yaml >"$d/c-all.yaml" 2>&1 || true
	dmn-report "$@" "$d/v.yaml" >"$d/r-letter.md" 2>&1 || true
	dmn-report "$@" "$d/c.yaml" >"$d/r-compare.md" 2>&1 || true
	SOURCE_DATE_EPOCH=1733356800 dmn-report "$@" -D osteoscan.yaml values.yaml >"$d/r-dossier.md" 2>&1 || true
	dmn-report "$@" "$QUESTIONNAIRE" >"$d/r-form.md" 2>&1 || true
	dmn-ask "$@" -t >"$d/template.yaml" 2>&1 || true
	for f in '3.3=oui (plus de 50 centres)' '6.2.5=non communiqué' '6.2.5=10 h' '7.3.1=12,000' \
		'5.3=peut-être' '4.1=économique' '3.2.date=15/03/2024' '9.7=yes' '3.1.auteur=x' '3.1=' ; do
		dmn-ask "$@" --set "$f" -o "$d/set.yaml" osteoscan.yaml >>"$d/set.err" 2>&1 || true
	done
	dmn-ask "$@" --set-status 3.1=done -o "$d/set.yaml" osteoscan.yaml >>"$d/set.err" 2>&1 || true
	cd "$BATS_TEST_TMPDIR"
}

# check LANG DIR: none of the other language's messages in DIR
check() {
	run python3 "$BATS_TEST_DIRNAME/i18n_check.py" "$1" "$POT" "$PO" "$2"/* -- "$BATS_TEST_TMPDIR"/in/*.yaml \
		"$QUESTIONNAIRE"
	if [ "$status" != 0 ]; then
		printf '%s\n' "$output" >&3
	fi
	[ "$status" = 0 ]
	[ "$output" = "" ]
}

@test "i18n_check.py finds an English message in French output, and a French one in English output" {
	plain_pass_only
	printf 'x.yaml:1:1: erreur : the dossier has no \x27device\x27\n' >en-in-fr.txt
	run -1 python3 "$BATS_TEST_DIRNAME/i18n_check.py" fr "$POT" "$PO" en-in-fr.txt
	[ "$output" = "en-in-fr.txt: the dossier has no 'device" ]
	python3 - "$PO" >fr-in-en.txt <<-'PY'
	import sys
	sys.path.insert(0, sys.argv[1].rsplit("/po/", 1)[0] + "/tests")
	from i18n_check import entries
	print([s for ids, strs in entries(sys.argv[1]) if ids[0] == "the dossier has no 'device'" for s in strs][0])
	PY
	run -1 python3 "$BATS_TEST_DIRNAME/i18n_check.py" en "$POT" "$PO" fr-in-en.txt
	[ "${#lines[@]}" -ge 1 ]
	# and nothing in either language's own output
	printf 'x.yaml:1:1: error: the dossier has no \x27device\x27\n' >en.txt
	run -0 python3 "$BATS_TEST_DIRNAME/i18n_check.py" en "$POT" "$PO" en.txt
	# whole words: the English "a condition" is not in the French "sa condition", but is
	# found on its own
	printf "1 question ne s'applique pas : sa condition n'est pas remplie.\n" >sa.txt
	run -0 python3 "$BATS_TEST_DIRNAME/i18n_check.py" fr "$POT" "$PO" sa.txt
	printf "x.yaml:1:1: erreur : a condition\n" >a.txt
	run -1 python3 "$BATS_TEST_DIRNAME/i18n_check.py" fr "$POT" "$PO" a.txt
	[ "$output" = "a.txt: a condition" ]
}

@test "--lang fr: no English message in anything the four programs write" {
	plain_pass_only	# words and languages: the same in every build
	produce "$BATS_TEST_TMPDIR/fr" --lang fr
	# it did write: French diagnostics and reports (a broken run would pass the check)
	grep -q 'erreur : ' fr/v.err
	grep -q '^| Critère |' fr/r-compare.md
	check fr fr
}

@test "LANG=fr_FR.UTF-8 (no such locale installed or not): French, with no English message" {
	plain_pass_only
	unset LC_ALL LANGUAGE
	export LANG=fr_FR.UTF-8
	produce "$BATS_TEST_TMPDIR/fr"
	grep -q 'erreur : ' fr/v.err
	check fr fr
}

@test "--lang en, and LANG=C: no French message in anything the four programs write" {
	plain_pass_only
	produce "$BATS_TEST_TMPDIR/en" --lang en
	grep -q 'error: ' en/v.err
	check en en
	export LANG=fr_FR.UTF-8 LC_ALL=C
	produce "$BATS_TEST_TMPDIR/c"
	grep -q 'error: ' c/v.err
	check en c
}

@test "the language: --lang, then LANGUAGE (unless the locale is C), LC_ALL, LC_MESSAGES, LANG" {
	cd in
	unset LC_ALL LANG LANGUAGE LC_MESSAGES
	fr='<stdin>: erreur : '
	en='<stdin>: error: '
	lang_is() {
		run -2 --separate-stderr env "$@" dmn-validate </dev/null
		[ "${stderr:0:${#want}}" = "$want" ]
	}
	want=$fr lang_is LANG=fr_FR.UTF-8
	want=$fr lang_is LC_MESSAGES=fr_FR.UTF-8 LANG=en_US.UTF-8
	want=$en lang_is LC_MESSAGES=en_US.UTF-8 LANG=fr_FR.UTF-8
	want=$fr lang_is LC_ALL=fr_CA.UTF-8 LC_MESSAGES=en_US.UTF-8
	want=$fr lang_is LANGUAGE=fr:en LANG=en_US.UTF-8
	want=$fr lang_is LANGUAGE=de:fr LANG=en_GB.UTF-8
	want=$en lang_is LANGUAGE=en LANG=fr_FR.UTF-8
	want=$en lang_is LANGUAGE=fr LC_ALL=C
	want=$en lang_is LANGUAGE=fr
	run -2 --separate-stderr env LANG=fr_FR.UTF-8 dmn-validate --lang en </dev/null
	[ "$stderr" = "${en}no dossier in the input" ]
	run -2 --separate-stderr env LANG=C dmn-validate --lang fr </dev/null
	[ "$stderr" = "${fr}aucun dossier en entrée" ]
}

# session CMD TEXT BAD REFUSED WHERE YES: dmn-ask (CMD, in the language under test) on a
# terminal over a pending 3.3, an answered 4.1 and 7.3.1 and an invalid 3.2: TEXT for 3.2,
# BAD for 3.3 (refused with REFUSED), ? (help: WHERE), then YES; the terminal and stderr
# end in tty/screen.txt
session() {
	tty_setup i18n
	dossier d.yaml '"3.3": {status: pending}' '"4.1": [clinical, budgetary]' '"7.3.1": 12000.5' \
		'"3.2": {answer: yes, date: 15/03/2024}'
	start "$1 -a -S -n 3.2 -n 3.3 -n 4.1 -n 7.3.1 -o d.yaml d.yaml"
	at 3.2
	send "$2"
	at 3.2
	send ""
	at 3.3
	send "$3"
	wait_for "$4"
	send '?'
	wait_for "$5"
	send "$6"
	at 4.1
	send ""
	at 7.3.1
	send ""
	poll test -s status
	mkdir tty
	screen >tty/screen.txt
	cat err >>tty/screen.txt
	stop
}

@test "dmn-ask --lang fr on a terminal: prompts, statuses, options, numbers and refusals in French" {
	session "dmn-ask --lang fr" Adultes peut-être "Refusé : « peut-être » n'est ni oui ni non." 'Où trouver' oui
	grep -qxF 'Réponse actuelle : [en attente]' tty/screen.txt
	grep -qxF 'Réponse actuelle : clinique, budgétaire' tty/screen.txt
	grep -qxF "$(printf 'Réponse actuelle : 12\xc2\xa0000,5\xc2\xa0EUR')" tty/screen.txt
	grep -qF "À corriger : « 15/03/2024 »" tty/screen.txt
	check fr tty
}

@test "dmn-ask --lang en on a terminal, with a French locale: no French message" {
	session "env -u LC_ALL LANG=fr_FR.UTF-8 dmn-ask --lang en" Adults maybe "Refused: “maybe” is not yes or no." \
		'Where to find this information' yes
	grep -qxF 'Current answer: [pending]' tty/screen.txt
	grep -qxF 'Current answer: clinical, budgetary' tty/screen.txt
	grep -qxF 'Current answer: 12000.5 EUR' tty/screen.txt
	grep -qF "To correct: “15/03/2024”" tty/screen.txt
	check en tty
}

@test "dmn-ask's editor gets LANGUAGE as the person set it, not as dmn-ask sets it for itself" {
	tty_setup i18n
	dossier d.yaml '"2": yes'
	printf '#!/bin/sh\nprintf "LANGUAGE=%%s\\n" "${LANGUAGE-unset}" >"$1"\n' >editor.sh
	chmod +x editor.sh
	cp d.yaml d0.yaml
	for language in unset de:fr; do
		cp d0.yaml d.yaml
		if [ "$language" = unset ]; then
			start "env -u LC_ALL -u LANGUAGE LANG=fr_FR.UTF-8 EDITOR=$BATS_TEST_TMPDIR/editor.sh dmn-ask -S -n 3.1 -o d.yaml d.yaml"
		else
			start "env -u LC_ALL LANGUAGE=$language LANG=en_US.UTF-8 EDITOR=$BATS_TEST_TMPDIR/editor.sh dmn-ask -S -n 3.1 -o d.yaml d.yaml"
		fi
		at 3.1
		has_text "Dans quelle" # French in both cases
		send e
		finish
		[ "$code" = 0 ]
		[ "$(yqa '.answers["3.1"].answer' d.yaml)" = "\"LANGUAGE=$language\"" ]
		stop
	done
}

@test "make po-check fails on a message of the code missing from the catalogue, untranslated or fuzzy" {
	plain_pass_only
	run -0 make -s -C "$ROOT" po-check BUILD="$BATS_TEST_TMPDIR"
	[ "$output" = "po/fr.po: $(LC_ALL=C msgfmt --statistics -o /dev/null "$PO" 2>&1)" ]
	# an entry removed: the message is not in the catalogue
	awk 'BEGIN { RS = ""; ORS = "\n\n" } !/\nmsgid "the dossier has no .device."/' "$PO" >missing.po
	run -2 make -s -C "$ROOT" po-check BUILD="$BATS_TEST_TMPDIR" PO_FR="$BATS_TEST_TMPDIR/missing.po"
	[[ $output == *"$BATS_TEST_TMPDIR/missing.po lacks translations: run make pot, then translate"* ]]
	# untranslated, then fuzzy
	awk 'BEGIN { RS = ""; ORS = "\n\n" } /\nmsgid "the dossier has no .device."/ { sub(/msgstr ".*"$/, "msgstr \"\"") } 1' "$PO" >untranslated.po
	run -2 make -s -C "$ROOT" po-check BUILD="$BATS_TEST_TMPDIR" PO_FR="$BATS_TEST_TMPDIR/untranslated.po"
	[[ $output == *"lacks translations"* ]]
	awk 'BEGIN { RS = ""; ORS = "\n\n" } /\nmsgid "the dossier has no .device."/ { sub(/\nmsgid/, "\n#, fuzzy\nmsgid") } 1' "$PO" >fuzzy.po
	run -2 make -s -C "$ROOT" po-check BUILD="$BATS_TEST_TMPDIR" PO_FR="$BATS_TEST_TMPDIR/fuzzy.po"
	[[ $output == *"lacks translations"* ]]
	# a message of the code that po/dmn.pot lacks
	awk 'BEGIN { RS = ""; ORS = "\n\n" } !/\nmsgid "the dossier has no .device."/' "$POT" >old.pot
	run -2 make -s -C "$ROOT" po-check BUILD="$BATS_TEST_TMPDIR" POT="$BATS_TEST_TMPDIR/old.pot"
	[[ $output == *"$BATS_TEST_TMPDIR/old.pot is not up to date: run make pot"* ]]
}
