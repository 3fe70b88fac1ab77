#!/usr/bin/env bats
# completion-zsh.bats: the zsh completion function cmd/_dmn: valid zsh that compinit
# registers for the four programs; its option specifications are those of each --help; its
# ids, groups, types and options those of the bash script (which tests/completion.bats
# checks against the questionnaire) and of questionnaires/has-dmn-2023.yaml as
# tests/questionnaire.py reads it; the values it offers; and what an interactive zsh
# (through zpty) completes with it.

load helper
load options

ZDMN=$ROOT/cmd/_dmn

setup() {
	# a zsh script: the same whatever the build of the programs, whose --help alone it reads
	plain_pass_only
	if ! command -v zsh >/dev/null; then
		skip "zsh is not installed (apt-get install zsh)"
	fi
	cd "$BATS_TEST_TMPDIR"
}

# z CODE [ARG...]: CODE run by zsh -f with cmd/_dmn sourced (its functions defined, no
# completion system loaded), ARGs its positional parameters
z() {
	local code=$1
	shift
	zsh -f -c "source ${ZDMN@Q} || exit 2; $code" zsh "$@"
}

# specs PROGRAM [args]: the options that _dmn's specifications for PROGRAM name, sorted, one
# a line; with "args", only those that take an argument (a ':' after their description)
specs() {
	z '_dmn_specs $1; print -rl -- $reply' "$1" |
		sed -nE 's/^(\([^)]*\))?\*?(--?[A-Za-z][A-Za-z-]*)[+=]?\[[^]]*\](:?).*$/\2 \3/p' |
		while read -r o colon; do
			[[ $2 != args || -n $colon ]] && printf '%s\n' "$o"
		done | LC_ALL=C sort
}

@test "cmd/_dmn is valid zsh, and compinit registers it for the four programs" {
	run -0 zsh -n "$ZDMN"
	[ "$(head -n 1 "$ZDMN")" = "#compdef dmn-validate dmn-compare dmn-report dmn-ask" ]
	# (the completion system's own directories only: compinit reads every file of fpath)
	run -0 zsh -f -c 'C=${fpath[(r)*/Completion]}; fpath=("$1" $C $C/Base $C/Unix $C/Zsh)
		autoload -U compinit; compinit -u -D
		for p in dmn-validate dmn-compare dmn-report dmn-ask; do print -r -- "$p $_comps[$p]"; done' \
		zsh "$ROOT/cmd"
	[ "$output" = "$(printf '%s _dmn\n' dmn-validate dmn-compare dmn-report dmn-ask)" ]
	# sourced without compinit, it only defines its functions
	run -0 z 'print -r -- $+functions[_dmn] $+functions[_dmn_specs]'
	[ "$output" = "1 1" ]
}

@test "each program's options in _dmn are those of its --help (all, and those taking an argument)" {
	for p in dmn-validate dmn-compare dmn-report dmn-ask; do
		help=$(help_options "$p")
		[ "$(wc -l <<<"$help")" -ge 12 ]
		same "$(specs "$p")" "$help"
		same "$(specs "$p" args)" "$(help_options "$p" args)"
	done
	# the formats, as each program's "unknown format" message lists them
	for p in dmn-validate dmn-report; do
		formats=$("$p" --format '?' 2>&1 </dev/null | sed -n "s/.*unknown format '?' (expected \(.*\))\$/\1/p" |
			sed 's/, / /g; s/ or / /')
		[ "$(wc -w <<<"$formats")" -ge 4 ]
		run -0 z '_dmn_specs $1; print -rl -- ${(M)reply:#*--format=\[*}' "$p"
		[[ $output == *":format:($formats)" ]]
	done
}

@test "the ids, groups, yes/no questions and options in _dmn are those of the bash script and the questionnaire" {
	# shellcheck source=../cmd/dmn.bash-completion
	source "$ROOT/cmd/dmn.bash-completion"
	words() { tr -s ' \t\n' '\n' | sed '/^$/d'; }
	run -0 z '_dmn_builtin
		print -r -- $_dmn_sections; print -r -- $_dmn_questions; print -r -- $_dmn_groups
		print -r -- $_dmn_yesno
		for k in ${(k)_dmn_choice}; do print -r -- $k=$_dmn_choice[$k]; done | sort -V | paste -sd " "
		for k in ${(k)_dmn_choices}; do print -r -- $k=$_dmn_choices[$k]; done | sort -V | paste -sd " "'
	[ "${lines[0]}" = "$_dmn_sections" ]
	[ "$(words <<<"${lines[1]}")" = "$(words <<<"$_dmn_questions")" ]
	[ "$(words <<<"${lines[2]}")" = "$(words <<<"$_dmn_groups")" ]
	[ "$(words <<<"${lines[3]}")" = "$(words <<<"$_dmn_yesno")" ]
	[ "$(words <<<"${lines[4]}")" = "$(words <<<"$_dmn_choice")" ]
	[ "$(words <<<"${lines[5]}")" = "$(words <<<"$_dmn_choices")" ]
	# what _dmn_read reads from the file is what tests/questionnaire.py reads
	run -0 z '_dmn_read "$1"' "$QUESTIONNAIRE"
	[ "$(grep '^section ' <<<"$output" | cut -d' ' -f2)" = "$(seq 1 10)" ]
	same "$(grep '^question ' <<<"$output" | cut -d' ' -f2-)" "$(types "$QUESTIONNAIRE")"
	# and a questionnaire of one's own
	run -0 z '_dmn_read "$1"' "$FIXTURES/questionnaire/mini.yaml"
	[ "$output" = "$(printf '%s\n' 'section 1' 'section 2' 'question 1 yesno ' 'question 1.1 text ' \
		'question 2.1 choice internal,external' 'question 2.2 number ')" ]
}

@test "the values after --set ID= and --set-status ID=, and the ids: never a group" {
	run -0 z '_dmn_builtin
		for a in "--set 5.3" "--set 4.1" "--set 3.3" "--set 3.1" "--set-status 3.1" "--set 3.1.status" \
			"--set-status 5.3"; do
			_dmn_values ${=a}; print -r -- "$a: $reply"
		done'
	[ "$output" = "--set 5.3: initial incremental continuous
--set 4.1: clinical organisational budgetary other
--set 3.3: oui non yes no
--set 3.1: 
--set-status 3.1: unknown not-applicable pending
--set 3.1.status: unknown not-applicable pending
--set-status 5.3: unknown not-applicable pending" ]
	# the ids: every question but the groups (8.11...), and for --set the device fields
	run -0 z '_dmn_builtin; _dmn_settable --set-status; print -rl -- $reply'
	[ "$output" = "$(types "$QUESTIONNAIRE" | awk '$2 != "group" { print $1 }')" ]
	! grep -qx 8.11 <<<"$output"
	run -0 z '_dmn_builtin; _dmn_settable --set; print -rl -- $reply'
	[ "$(grep -c '^device\.' <<<"$output")" -eq 8 ]
	# -Q FILE: its own
	run -0 z '_dmn_load "$1"; _dmn_values --set 2.1; print -r -- $reply; _dmn_values --set 1; print -r -- $reply
		_dmn_settable --set-status; print -r -- $reply; print -r -- $_dmn_sections' "$FIXTURES/questionnaire/mini.yaml"
	[ "$output" = "internal external
oui non yes no
1 1.1 2.1 2.2
1 2" ]
	# one that cannot be read: the built-in lists
	run -0 z '_dmn_load nowhere.yaml; print -r -- $#_dmn_questions'
	[ "$output" = 165 ]
}

# complete LINE...: each LINE typed in an interactive zsh (zpty) whose compinit found
# cmd/_dmn, then TAB; the matches added, sorted and separated by spaces, one line per LINE
complete() {
	cat >init.zsh <<'EOF'
PS1='> '
C=${fpath[(r)*/Completion]}
fpath=("$DMN_ROOT/cmd" $C $C/Base $C/Unix $C/Zsh)
autoload -U compinit
compinit -u -D
unsetopt beep
typeset -gi __n=0
# each completion's matches in out.N, then out.N.done
__complete() {
	(( __n++ ))
	: >| out.$__n
	_main_complete
	: >| out.$__n.done
}
zle -C __complete complete-word __complete
bindkey '^I' __complete
compadd() {
	if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then
		builtin compadd "$@"
		return
	fi
	local -a __hits __suf
	builtin compadd -A __hits "$@"
	zparseopts -E S:=__suf
	(( $#__hits )) && print -rl -- ${^__hits}${__suf[2]} >> out.$__n
	builtin compadd "$@"
}
EOF
	cat >drive.zsh <<'EOF'
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z 'source init.zsh'
n=0
for line in "$@"; do
	(( n++ ))
	zpty -w -n z "$line"$'\t'
	for i in {1..250}; do
		[[ -e out.$n.done ]] && break
		zpty -r -t z junk 2>/dev/null
		sleep 0.02
	done
	[[ -e out.$n.done ]] || { print -u2 "no completion for: $line"; zpty -d z; exit 1; }
	zpty -w -n z $'\C-a\C-k'
done
zpty -d z
EOF
	DMN_ROOT=$ROOT timeout 30 zsh -f drive.zsh "$@" || return 1
	local i
	for ((i = 1; i <= $#; i++)); do
		LC_ALL=C sort "out.$i" | paste -sd ' '
	done
}

@test "an interactive zsh completes with _dmn: option values, --set values, no group, the options" {
	touch a.yaml notes.txt
	run -0 complete 'dmn-ask --set 5.3=' 'dmn-ask --set 8.1' 'dmn-ask --set-status=3.1=' 'dmn-ask --set 3.3=n' \
		'dmn-report -' 'dmn-compare -s 1' 'dmn-validate '
	[ "${lines[0]}" = "continuous incremental initial" ]
	# 8.1 and its sub-questions, 8.11's and the others: not 8.10, 8.11, 8.15, 8.16 (groups)
	[ "${lines[1]}" = "$(printf '%s=\n' 8.1 8.1.1 8.1.2 8.1.3 8.10.{1..7} 8.11.{1..3} 8.12 8.12.{1..5} 8.13 \
		8.14 8.14.{1,2} 8.15.{1..3} 8.16.{1..3} | LC_ALL=C sort | paste -sd ' ')" ]
	[ "${lines[2]}" = "not-applicable pending unknown" ]
	[ "${lines[3]}" = "no non" ]
	[ "${lines[4]}" = "$(help_options dmn-report | paste -sd ' ')" ]
	[ "${lines[5]}" = "1 10" ]
	# the dossiers: YAML files (and directories)
	[[ " ${lines[6]} " == *" a.yaml "* ]]
	[[ " ${lines[6]} " != *" notes.txt "* ]]
}
