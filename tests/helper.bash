# helper.bash: shared set-up and assertions of the bats suites (the Makefile passes DMN_BUILD).
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
# Its answers depend on the questionnaire alone, unless an argument names a file: those
# are kept for the run (BATS_RUN_TMPDIR), as python3 takes a third of a second to give one.
q() {
	local a key dir=${BATS_RUN_TMPDIR:-$BATS_TEST_TMPDIR}/q
	for a in "$@"; do
		if [ -f "$a" ]; then
			python3 "$BATS_TEST_DIRNAME/questionnaire.py" "$QUESTIONNAIRE" "$@"
			return
		fi
	done
	key=$(printf '%s\n' "$QUESTIONNAIRE" "$@" | cksum | tr ' ' _)
	if [ ! -f "$dir/$key" ]; then
		mkdir -p "$dir"
		python3 "$BATS_TEST_DIRNAME/questionnaire.py" "$QUESTIONNAIRE" "$@" >"$dir/$key.$$" || {
			rm -f "$dir/$key.$$"
			return 1
		}
		mv "$dir/$key.$$" "$dir/$key"
	fi
	cat "$dir/$key"
}

# types FILE: "ID TYPE OPTION,OPTION..." for each question of the questionnaire FILE, as
# tests/questionnaire.py reads it; kept for the run, as q keeps its answers (the completion
# tests of bash and zsh read the same)
types() {
	local f
	f=${BATS_RUN_TMPDIR:-$BATS_TEST_TMPDIR}/types.$(printf '%s\n' "$1" | cksum | tr ' ' _)
	if [ ! -f "$f" ]; then
		python3 -c 'import sys, questionnaire as Q
for q in Q.questions(Q.load(sys.argv[1])):
    print(q["id"], q["type"], ",".join(o["id"] for o in q.get("options", [])))' "$1" >"$f.$$" || return 1
		mv "$f.$$" "$f"
	fi
	cat "$f"
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

# expect_stderr LINE...: $stderr is exactly these lines (none: empty)
expect_stderr() {
	local want
	want=$(printf '%s\n' "$@")
	if [ "$stderr" != "$want" ]; then
		printf -- '--- expected stderr\n%s\n--- actual stderr\n%s\n' "$want" "$stderr" >&2
		return 1
	fi
}

# json_is FILTER JSON: jq FILTER on $output gives JSON (keys compared sorted)
json_is() {
	local got want
	got=$(jq -cS "$1" <<<"$output") || {
		printf 'jq %s failed on stdout:\n%s\n' "$1" "$output" >&2
		return 1
	}
	want=$(jq -cS . <<<"$2") || {
		printf 'bad expected JSON: %s\n' "$2" >&2
		return 1
	}
	if [ "$got" != "$want" ]; then
		printf 'jq %s\n  want: %s\n  got:  %s\n' "$1" "$want" "$got" >&2
		return 1
	fi
}

# bounded [-t SECONDS] CMD...: CMD killed after SECONDS (120 unless told: 30 times the
# slowest use, 4 s under the sanitizers on a busy machine; -t 600 for the costliest inputs),
# so that a hang fails the test and a slow run never does; and, unless the build is sanitized
# (ASan reserves terabytes of virtual memory), within 200 MiB of address space, so that a
# blow-up fails it too. No test measures time: make bench does.
bounded() {
	local seconds=120
	if [ "$1" = -t ]; then
		seconds=$2
		shift 2
	fi
	(
		if [[ -z ${DMN_SANITIZED:-} ]]; then
			ulimit -v 204800 || exit 125
		fi
		exec timeout "$seconds" "$@"
	)
}

# pipe_head HEAD-OPTION CMD...: runs "CMD | head HEAD-OPTION" (-c10, -n3) in the current
# directory, bounded, with the default action of SIGPIPE (even if the caller, a CI runner,
# ignores it); head.txt and err.txt hold what came out of head and CMD's stderr, HEAD_OUT the
# first, PIPE_STATUS CMD's exit status
pipe_head() {
	local -a default_pipe=()
	if env --default-signal=PIPE true 2>/dev/null; then
		default_pipe=(env --default-signal=PIPE)
	fi
	run -0 bounded bash -c 'set +o pipefail
		option=$1
		shift
		"$@" 2>err.txt | head "$option" >head.txt
		echo "${PIPESTATUS[0]}" >status.txt' bash "$1" "${default_pipe[@]}" "${@:2}"
	HEAD_OUT=$(cat head.txt)
	PIPE_STATUS=$(cat status.txt)
}

# no_temporary DIR: no spool file of dmn left in DIR
no_temporary() {
	local left
	left=$(find "$1" -maxdepth 1 -name '.dmn-*')
	if [[ -n $left ]]; then
		echo "temporary files left: $left" >&2
		return 1
	fi
}

# no_controls [FILE]: FILE (standard input if none) is UTF-8 with no control character but
# newline: no other C0, no DEL, no C1, no U+2028 or U+2029 (an ESC would reach the terminal)
no_controls() {
	python3 -c '
import re, sys
name = sys.argv[1]
b = sys.stdin.buffer.read() if name == "-" else open(name, "rb").read()
bad = re.findall(rb"[\x00-\x09\x0b-\x1f\x7f]", b)
bad += re.findall("[\x80-\x9f\u2028\u2029]", b.decode("utf-8"))
if bad:
    print("control characters in %s: %r" % (name, bad[:10]))
    sys.exit(1)' "${1:--}"
}

# same_options PROGRAM COUNT [DIR]: the long options of PROGRAM --help are those of the
# .It Fl lines of its page in DIR (man/, or the French pages' directory), COUNT of them
same_options() {
	run -0 "$1" --help
	help=$(grep -oE -- '--[a-z-]+' <<<"$output" | sort -u)
	page=$(grep -E '^\.It Fl' "${3:-$ROOT/man}/$1.1" | grep -oE 'Fl -[a-z-]+' | sed 's/Fl -/--/' | sort -u)
	[ "$help" = "$page" ]
	[ "$(wc -l <<<"$help")" -eq "$2" ]
}

# same ACTUAL EXPECTED: equal strings, else the difference shown (expected, then actual)
same() {
	[ "$1" = "$2" ] && return 0
	diff <(printf '%s\n' "$2") <(printf '%s\n' "$1") >&2 || true
	return 1
}

# plain_pass_only: a test that checks files (translations, pages) or language choice, the
# same whatever the build: run in the plain pass, skipped under the sanitizers
plain_pass_only() {
	if [ -n "${DMN_SANITIZED:-}" ]; then
		skip "the same in every build: checked by the plain pass"
	fi
}

# sanitized_pass_only: a test of the interactive program in a real terminal (tmux), or of
# hostile input: make check runs it once, under ASan and UBSan, where it checks most, and not
# again on the plain build (DMN_ALL_TESTS=1 runs it there too). With plain_pass_only, this
# splits the suite between the two builds that make check runs at once, one a core, so that
# it ends within its time; a test of neither kind runs on both.
sanitized_pass_only() {
	if [ -z "${DMN_SANITIZED:-}" ] && [ -z "${DMN_ALL_TESTS:-}" ]; then
		skip "run under the sanitizers by make check (DMN_ALL_TESTS=1 runs it on this build too)"
	fi
}

# verdict_of_trouble: dmn-validate's $output (YAML) is a whole validation whose last entry
# is the input that could not be checked, with the trouble and the place that the last line
# of $stderr gives (FILE[:LINE:COL]: error: TROUBLE)
verdict_of_trouble() {
	python3 -c '
import sys, yaml
doc = yaml.safe_load(sys.stdin)
err = sys.argv[1].splitlines()[-1]
assert doc["kind"] == "validation", doc
last = doc["dossiers"][-1]
assert "trouble" in last and "device" not in last, last
place = "".join(":%d" % last[k] for k in ("line", "column") if k in last) + ": error: "
assert place + last["trouble"] in err or not last["trouble"].isprintable(), (place, last, err)' "$stderr" <<<"$output"
}
