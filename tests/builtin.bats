#!/usr/bin/env bats
# The built-in questionnaire (C data written by mkquestionnaire at build time) is the
# shipped file as the loader reads it, field by field (builtin-check, tests/unit/), and
# the build tool that writes it stays out of the library.

load helper

# changed COMMAND...: the shipped questionnaire through COMMAND (sed, awk) into q.yaml
changed() {
	"$@" "$QUESTIONNAIRE" >"$BATS_TEST_TMPDIR/q.yaml"
	! cmp -s "$QUESTIONNAIRE" "$BATS_TEST_TMPDIR/q.yaml"
}

@test "the built-in questionnaire equals the shipped file, field by field" {
	cd "$ROOT"
	run -0 --separate-stderr builtin-check
	[ "$output" = "builtin-check: questionnaires/has-dmn-2023.yaml and the built-in questionnaire are equal: 3 parts, 10 sections, 165 questions, 19 options, 17 conditions, 42 annex rows, 512 index slots (5944 fields, 1178 texts)" ]
	[ "$stderr" = "" ]
}

@test "builtin-check names the first field that differs: a help text changed" {
	changed sed 's/overall view of the available offer/overall view of what is on offer/'
	run -1 --separate-stderr builtin-check "$BATS_TEST_TMPDIR/q.yaml"
	[ "$output" = "" ]
	[ "$stderr" = 'builtin-check: questions[4].help.en differs: loaded "... you an overall view of what is on offer.", built in "... you an overall view of the available offer."' ]
}

@test "builtin-check: a text taken away is null against the built-in text" {
	# the help of question 2 (questions[4]), French and English
	changed awk '/^    - id: "2"$/ { q = 1 } q && /^      help:$/ { skip = 3; q = 0 } skip { skip--; next } { print }'
	run -1 --separate-stderr builtin-check "$BATS_TEST_TMPDIR/q.yaml"
	[ "$stderr" = "builtin-check: questions[4].help.fr differs: loaded null, built in \"La réalisation d'une cartographie des différen...\"" ]
}

@test "builtin-check compares option labels and the places kept for diagnostics" {
	changed sed 's/"diagnostiquer une maladie"/"diagnostiquer"/'
	run -1 --separate-stderr builtin-check "$BATS_TEST_TMPDIR/q.yaml"
	[ "$stderr" = 'builtin-check: questions[2].options[0].label.fr differs: loaded "diagnostiquer", built in "diagnostiquer une maladie"' ]
	changed sed '1i # one line more: every question one line lower'
	run -1 --separate-stderr builtin-check "$BATS_TEST_TMPDIR/q.yaml"
	[ "$stderr" = "builtin-check: questions[0].line differs: loaded 70, built in 69" ]
}

@test "builtin-check: a file that is not a questionnaire is trouble, exit 2" {
	run -2 --separate-stderr builtin-check "$BATS_TEST_TMPDIR/none.yaml"
	[ "$stderr" = "$BATS_TEST_TMPDIR/none.yaml: error: cannot open: No such file or directory" ]
	run -2 --separate-stderr builtin-check a.yaml b.yaml
	[ "$stderr" = "usage: builtin-check [FILE]" ]
}

@test "libdmn.a holds the library only: no mkquestionnaire, no main" {
	run -0 ar t "$DMN_BUILD/libdmn.a"
	[[ "$output" == *builtin.o* ]]
	[[ "$output" != *mkquestionnaire* ]]
	run -0 nm -g --defined-only "$DMN_BUILD/libdmn.a"
	! grep -qw main <<<"$output"
}

@test "builtin-check compares the vendor wordings, the short titles and the guide's passages" {
	# the first vendor wording: that of the group 3 (questions[5])
	changed awk '!done && /^ *vendor:$/ { print; getline; sub(/ \?"$/, ", selon vous ?\""); done = 1 } { print }'
	run -1 --separate-stderr builtin-check "$BATS_TEST_TMPDIR/q.yaml"
	[ "$stderr" = 'builtin-check: questions[5].vendor.fr differs: loaded "...itif médical numérique, selon vous ?", built in "...itif médical numérique ?"' ]
	changed sed 's/"Supervision ou contrôle humain du DMN"/"Supervision humaine"/'
	run -1 --separate-stderr builtin-check "$BATS_TEST_TMPDIR/q.yaml"
	# the ninth row of the Annexe 2 table: 4.5
	[ "$stderr" = 'builtin-check: rows[8].short.fr differs: loaded "Supervision humaine", built in "Supervision ou contrôle humain du DMN"' ]
	changed sed 's/^    fr: "Centre hospitalier"$/    fr: "Centre hospitalier universitaire"/'
	run -1 --separate-stderr builtin-check "$BATS_TEST_TMPDIR/q.yaml"
	[ "$stderr" = 'builtin-check: abbreviations[1].meaning.fr differs: loaded "Centre hospitalier universitaire", built in "Centre hospitalier"' ]
}
