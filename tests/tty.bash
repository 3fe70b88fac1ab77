# tty.bash: dmn-ask driven in a real terminal (tmux), for ask.bats and edit.bats. A test's
# setup calls tty_setup, its teardown stop.

# tty_setup NAME: in the test's directory, a tmux socket of its own (NAME-pid-test: never
# another tmux server), no editor, and a fixed date (2024-06-20)
tty_setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	SOCK="$1-$$-${BATS_SUITE_TEST_NUMBER:-$BATS_TEST_NUMBER}"
	SEEN=0
	unset TMUX VISUAL EDITOR
	export SOURCE_DATE_EPOCH=1718841600
}

# the prompt of a question, with nothing typed yet: "> (? help, u unknown, ... q quit)"
BARE_PROMPT='^> \([^)]*\)$'

# stop: end the terminal (and remove its socket, which tmux leaves behind), and a dmn-ask
# that outlived it (by its pid, if that is still dmn-ask)
stop() {
	local pid
	tmux -L "$SOCK" kill-server 2>/dev/null || true
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$SOCK"
	pid=$(cat "$BATS_TEST_TMPDIR/pid" 2>/dev/null) || pid=
	if [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = dmn-ask ]; then
		kill "$pid" 2>/dev/null || true
	fi
	rm -f "$BATS_TEST_TMPDIR/pid"
	SEEN=0
}

# start CMD: run the shell command line CMD (in the test's directory) on a new 200x60
# terminal. The program's pid goes to ./pid (it is exec'd by the script that writes it), its
# stderr to ./err, and "EXIT=status" to ./status when it ends; the pane stays, to be read.
start() {
	printf 'echo $$ >pid\nexec %s 2>err\n' "$1" >run.sh
	printf '%s\n' 'set-window-option -g remain-on-exit on' 'set-option -g history-limit 100000' \
		'set-option -g default-shell /bin/bash' 'set-option -g status off' >tmux.conf
	rm -f pid status
	tmux -u -f tmux.conf -L "$SOCK" new-session -d -s dmn -x 200 -y 60 -c "$BATS_TEST_TMPDIR" \
		"bash run.sh; echo EXIT=\$? >status"
}

# send [TEXT]: type TEXT (literally) and Enter; no TEXT: Enter alone
send() {
	if [ -n "${1-}" ]; then
		tmux -L "$SOCK" send-keys -t dmn -l -- "$1"
	fi
	tmux -L "$SOCK" send-keys -t dmn Enter
}

# key KEY: a tmux key (C-c, C-d)
key() {
	tmux -L "$SOCK" send-keys -t dmn "$1"
}

# screen: the whole terminal, history included, wrapped lines joined, trailing blanks cut
screen() {
	tmux -L "$SOCK" capture-pane -p -J -S - -E - -t dmn | sed 's/[[:space:]]*$//'
}

last_line() {
	screen | grep -v '^$' | tail -n 1
}

# poll TEST [ARGS]: run TEST every 50 ms until it holds; after 60 s (30 times the longest
# wait seen, under the sanitizers on a busy machine) dmn-ask is taken to hang: the test
# fails and shows the screen
poll() {
	local end=$((SECONDS + 60))
	while ((SECONDS < end)); do
		"$@" && return 0
		sleep 0.05
	done
	printf 'timed out waiting for: %s\n--- screen\n%s\n---\n' "$*" "$(screen)" >&2
	return 1
}

has_text() {
	[ "$(screen | grep -cF -- "$1")" -ge "${2:-1}" ]
}

lacks_text() {
	! has_text "$1"
}

# wait_for TEXT [N]: wait until TEXT is on the screen (on N lines at least)
wait_for() {
	poll has_text "$1" "${2:-1}"
}

# waiting_at WORDS N: the last line is the prompt "WORDS:" or "WORDS (hint):" with nothing
# typed yet, and that prompt was shown N times at least
waiting_at() {
	[[ $(last_line) =~ ^"$1"(\ \([^\)]*\))?:$ ]] &&
		[ "$(screen | awk -v p="$1" 'index($0, p) == 1' | wc -l)" -ge "$2" ]
}

# prompt WORDS [N]: wait until dmn-ask waits on the prompt WORDS (its N-th showing)
prompt() {
	poll waiting_at "$1" "${2:-1}"
}

asking() {
	local s n current
	s=$(screen)
	n=$(grep -c '^> (' <<<"$s")
	[ "$n" -gt "$SEEN" ] || return 1
	[[ $(grep -v '^$' <<<"$s" | tail -n 1) =~ $BARE_PROMPT ]] || return 1
	current=$(awk '/^\[[0-9]+\/[0-9]+\] Section /{getline; l=$0} END{print l}' <<<"$s")
	[[ $current == "$1 "* ]] || return 1
	SEEN=$n
}

# at ID: wait until dmn-ask asks question ID with a new prompt (since the last `at`)
at() {
	poll asking "$1"
}

# header ID: the "[n/N] Section S. title" line shown last before question ID
header() {
	screen | awk -v id="$1 " '/^\[[0-9]+\/[0-9]+\] Section /{h=$0} index($0, id) == 1 {l=h} END{print l}'
}

# finish: wait until the program has ended; $code is its exit status. A session on the
# terminal writes nothing on stderr (a sanitizer's report would be there).
finish() {
	poll test -s status
	code=$(sed -n 's/^EXIT=//p' status)
	no_stderr
}

no_stderr() {
	[ ! -s err ] || {
		printf -- '--- stderr of dmn-ask\n%s\n' "$(cat err)" >&2
		return 1
	}
}

# yqa FILTER FILE: yq -c on FILE (compact JSON, keys in their order in the file)
yqa() {
	yq -c "$1" "$2"
}

# same GOT WANT: the two are equal, else both are shown
same() {
	[ "$1" = "$2" ] && return 0
	printf -- '--- want\n%s\n--- got\n%s\n' "$2" "$1" >&2
	return 1
}

# statuses FILE ID...: "ID:status" per question, as dmn-compare --all reads the dossier
statuses() {
	local f=$1 id
	shift
	dmn-compare --all --json "$f" >cmp.json
	for id in "$@"; do
		jq -r --arg id "$id" '.rows[] | select(.heading | not) | .cells[0].answers[] | select(.id == $id) | "\(.id):\(.status)"' cmp.json
	done | paste -sd ' '
}

