#!/usr/bin/env bats
# The manual pages: lint-clean, and true to the programs' options.

load helper

@test "every manual page is mandoc -Tlint clean" {
	if ! command -v mandoc >/dev/null; then
		skip "mandoc is not installed (apt-get install mandoc)"
	fi
	cd "$ROOT/man"
	run -0 mandoc -Tlint dmn.7 dmn-validate.1 dmn-compare.1 dmn-report.1 dmn-ask.1 dmn-dossier.5 dmn-questionnaire.5
	[ "$output" = "" ]
}

@test "dmn-validate.1 documents every option of --help, and no other" {
	same_options dmn-validate 11
}

@test "dmn-compare.1 documents every option of --help, and no other" {
	same_options dmn-compare 16
}

@test "dmn-report.1 documents every option of --help, and no other" {
	same_options dmn-report 14
}

@test "dmn-ask.1 documents every option of --help, and no other" {
	same_options dmn-ask 19
}

@test "the manual pages name the exit statuses" {
	for page in dmn.7 dmn-validate.1; do
		grep -q '^\.Sh EXIT STATUS' "$ROOT/man/$page"
	done
}
