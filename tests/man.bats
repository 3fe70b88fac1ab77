#!/usr/bin/env bats
# The manual pages: lint-clean, and true to the programs' options.

load helper

@test "every manual page is mandoc -Tlint clean" {
	if ! command -v mandoc >/dev/null; then
		skip "mandoc is not installed (apt-get install mandoc)"
	fi
	cd "$ROOT/man"
	run -0 mandoc -Tlint dmn.7 dmn-validate.1 dmn-dossier.5 dmn-questionnaire.5
	[ "$output" = "" ]
}

@test "dmn-validate.1 documents every option of --help, and no other" {
	run -0 dmn-validate --help
	help=$(grep -oE -- '--[a-z-]+' <<<"$output" | sort -u)
	page=$(grep -E '^\.It Fl' "$ROOT/man/dmn-validate.1" | grep -oE 'Fl -[a-z-]+' | sed 's/Fl -/--/' | sort -u)
	[ "$help" = "$page" ]
	[ "$(wc -l <<<"$help")" -eq 10 ]
}

@test "the manual pages name the exit statuses" {
	for page in dmn.7 dmn-validate.1; do
		grep -q '^\.Sh EXIT STATUS' "$ROOT/man/$page"
	done
}
