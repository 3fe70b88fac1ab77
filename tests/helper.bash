# helper.bash: shared set-up of the bats suites (the Makefile passes DMN_BUILD).
bats_require_minimum_version 1.5.0

ROOT="$(cd "$BATS_TEST_DIRNAME/.." && pwd)"
: "${DMN_BUILD:=$ROOT/build}"
PATH="$DMN_BUILD:$PATH"
EXAMPLES="$ROOT/questionnaires/examples"
QUESTIONNAIRE="$ROOT/questionnaires/has-dmn-2023.yaml"
FIXTURES="$BATS_TEST_DIRNAME/fixtures"
export PATH LC_ALL=C
unset LANG LC_MESSAGES
# every python3 of a test can import tests/questionnaire.py, and writes no bytecode there
PYTHONPATH="$BATS_TEST_DIRNAME${PYTHONPATH:+:$PYTHONPATH}"
export PYTHONPATH PYTHONDONTWRITEBYTECODE=1

# dossier FILE [ANSWER-LINES...]: a dossier of device "Test" with the given answer lines
dossier() {
	local f=$1
	shift
	{
		printf 'kind: dossier\nquestionnaire: has-dmn-2023\ndevice:\n  name: Test\n  manufacturer: Acme\n  version: "1.0"\nanswers:\n'
		local line
		for line in "$@"; do
			printf '  %s\n' "$line"
		done
	} >"$f"
}

# q [--json] WHAT [ARGS...]: the questionnaire as tests/questionnaire.py reads it (PyYAML,
# never a dmn program), one item a line or JSON; what WHAT can be is listed in that file
q() {
	python3 "$BATS_TEST_DIRNAME/questionnaire.py" "$QUESTIONNAIRE" "$@"
}

# complete_dossier FILE yes|no [NAME]: a dossier of device NAME (Test) answering every question
# that applies (q answer-all: "yes" answers yes and first options, "no" no and last options)
complete_dossier() {
	local lines
	q answer-all "$2" >"$1.answers"
	mapfile -t lines <"$1.answers"
	[ "${#lines[@]}" -gt 100 ]
	dossier "$1" "${lines[@]}"
	if [ -n "${3-}" ]; then
		sed -i "s/^  name: Test\$/  name: $3/" "$1"
	fi
}
