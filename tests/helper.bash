# helper.bash: shared set-up for the bats suites (the Makefile passes DMN_BUILD).
bats_require_minimum_version 1.5.0

ROOT="$(cd "$BATS_TEST_DIRNAME/.." && pwd)"
: "${DMN_BUILD:=$ROOT/build}"
PATH="$DMN_BUILD:$PATH"
EXAMPLES="$ROOT/questionnaires/examples"
QUESTIONNAIRE="$ROOT/questionnaires/has-dmn-2023.yaml"
FIXTURES="$BATS_TEST_DIRNAME/fixtures"
export PATH LC_ALL=C
unset LANG LC_MESSAGES

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
