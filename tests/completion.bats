#!/usr/bin/env bats
# completion.bats: the bash completion script cmd/dmn.bash-completion, sourced and called
# as bash calls it (COMP_WORDS, COMP_CWORD): its option lists are those of each --help, its
# question and section ids those of questionnaires/has-dmn-2023.yaml (read by
# tests/questionnaire.py, not by the script), and the values and files offered after each
# option.

load helper
load options

SCRIPT=$ROOT/cmd/dmn.bash-completion

setup() {
	# a bash script: the same whatever the build of the programs, whose --help alone it reads
	plain_pass_only
	# shellcheck source=../cmd/dmn.bash-completion
	source "$SCRIPT"
	cd "$BATS_TEST_TMPDIR"
}

# comp WORD... CURRENT: the candidates that the script offers for CURRENT, one a line, as
# bash gives the words to it (split at '=' too, as COMP_WORDBREAKS says)
comp() {
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMPREPLY=()
	_dmn
	((${#COMPREPLY[@]} == 0)) || printf '%s\n' "${COMPREPLY[@]}"
}

# sorted WORD...: the words, sorted, one a line
sorted() {
	printf '%s\n' "$@" | LC_ALL=C sort
}

# the script's list of options (or of those that take an argument) for PROGRAM
script_options() {
	local var=_dmn_${2:-opts}_${1#dmn-}
	# shellcheck disable=SC2086 # a list of words
	sorted ${!var}
}

@test "the script is valid bash and registers _dmn for the four programs, and no other" {
	run -0 bash -n "$SCRIPT"
	for p in dmn-validate dmn-compare dmn-report dmn-ask; do
		run -0 complete -p "$p"
		[ "$output" = "complete -F _dmn $p" ]
	done
	[ "$(complete -p | grep -c ' _dmn ')" -eq 4 ]
}

@test "each program's options in the script are those of its --help (all, and those taking an argument)" {
	for p in dmn-validate dmn-compare dmn-report dmn-ask; do
		help=$(help_options "$p")
		[ "$(wc -l <<<"$help")" -ge 12 ]
		[ "$(script_options "$p")" = "$help" ]
		[ "$(script_options "$p" args)" = "$(help_options "$p" args)" ]
		# what is offered: every option after '-', every long one after '--'
		[ "$(comp "$p" - | LC_ALL=C sort)" = "$help" ]
		[ "$(comp "$p" -- | LC_ALL=C sort)" = "$(grep -- '^--' <<<"$help")" ]
	done
	# the counts of tests/man.bats: 11, 9, 14 and 16 long options
	[ "$(comp dmn-validate -- | wc -l)" -eq 11 ]
	[ "$(comp dmn-compare -- | wc -l)" -eq 9 ]
	[ "$(comp dmn-report -- | wc -l)" -eq 14 ]
	[ "$(comp dmn-ask -- | wc -l)" -eq 16 ]
}

@test "an option that takes an argument takes the next word; one that takes none does not" {
	local all args
	for p in dmn-validate dmn-compare dmn-report dmn-ask; do
		all=$(help_options "$p")
		args=$(help_options "$p" args)
		for o in $all; do
			if grep -qx -- "$o" <<<"$args"; then
				# the word after it is its argument: no option offered there
				[ "$(comp "$p" "$o" --)" = "" ]
			else
				[ "$(comp "$p" "$o" --)" = "$(comp "$p" --)" ]
			fi
		done
	done
}

@test "dmn-compare --sec<TAB> gives --section; dmn-ask --set<TAB> gives --set and --set-status" {
	[ "$(comp dmn-compare --sec)" = "--section" ]
	[ "$(comp dmn-ask --set)" = "$(sorted --set --set-status)" ]
	[ "$(comp dmn-validate --form)" = "--format" ]
	[ "$(comp dmn-validate --for | LC_ALL=C sort)" = "$(sorted --for --format)" ]
	# --for: the audiences of the questionnaire
	[ "$(comp dmn-ask --for d | LC_ALL=C sort)" = "$(sorted dpo dsi)" ]
	[ "$(comp dmn-report --d)" = "--date" ]
	[ "$(comp dmn-validate bonesight.yaml --st)" = "--strict" ]
	[ "$(comp dmn-ask -)" != "" ]
}

@test "--section and -s: the sections 1 to 10 of the questionnaire; = forms too" {
	sections=$(q sections)
	[ "$sections" = "$(seq 1 10)" ]
	[ "$(comp dmn-compare --section '')" = "$sections" ]
	[ "$(comp dmn-compare -s '')" = "$sections" ]
	[ "$(comp dmn-compare --differ -s 8 -s '')" = "$sections" ]
	[ "$(comp dmn-ask --section 1)" = "$(sorted 1 10)" ]
	# bash splits --section=1 into --section, =, 1 and replaces only what follows the '='
	[ "$(comp dmn-compare --section = '')" = "$sections" ]
	[ "$(comp dmn-compare --section = 1)" = "$(sorted 1 10)" ]
	# without '=' in COMP_WORDBREAKS, the whole word is replaced
	COMP_WORDBREAKS=' 	'
	[ "$(comp dmn-compare --section=1)" = "$(sorted --section=1 --section=10)" ]
	# dmn-report has no --section; dmn-validate -s is --strict: files come next
	touch a.yaml
	[ "$(comp dmn-report --section '')" = "a.yaml" ]
	[ "$(comp dmn-validate -s '')" = "a.yaml" ]
}

@test "--question: every question id of the questionnaire, in its order; 8.1<TAB> gives 8.1, 8.1.x and 8.10 to 8.16.x" {
	all=$(q ids)
	[ "$(wc -l <<<"$all")" -eq 165 ]
	# the list shipped in the script is the questionnaire's
	[ "$(tr -s ' \t\n' '\n' <<<"$_dmn_questions" | sed '/^$/d')" = "$all" ]
	[ "$(comp dmn-ask --question '')" = "$all" ]
	[ "$(comp dmn-ask -q '')" = "$all" ]
	run -0 comp dmn-ask --question 8.1
	[ "$output" = "$(grep -E '^8\.1' <<<"$all")" ]
	[ "${lines[0]}" = 8.1 ]
	[ "${lines[1]}" = 8.1.1 ]
	[ "${lines[2]}" = 8.1.2 ]
	[ "${lines[3]}" = 8.1.3 ]
	[ "${lines[4]}" = 8.10 ]
	[ "${lines[-1]}" = 8.16.3 ]
	[ "$(comp dmn-ask -q 4.2.)" = "$(printf '4.2.%s\n' 1 2 3 4 5)" ]
	[ "$(comp dmn-ask -q 11)" = "" ]
	# the question ids read from the questionnaire by the script equal tests/questionnaire.py's
	[ "$(_dmn_ids "$QUESTIONNAIRE" questions)" = "$all" ]
	[ "$(_dmn_ids "$QUESTIONNAIRE" sections)" = "$(q sections)" ]
}

@test "--set ID=VALUE: the ids and device fields followed by '='; --set-status ID=: the statuses" {
	[ "$(comp dmn-ask --set 5.1)" = "$(printf '%s=\n' 5.1 5.1.1 5.1.2 5.1.3 5.10 5.10.1 5.10.2 5.11 5.11.1 5.11.2 5.11.3 5.11.4)" ]
	[ "$(comp dmn-ask --set dev)" = "$(printf 'device.%s=\n' name manufacturer version ce-class notified-body udi-di contact url)" ]
	[ "$(comp dmn-ask --set-status 9.2)" = "$(printf '%s=\n' 9.2 9.2.1 9.2.2 9.2.3)" ]
	[ "$(comp dmn-ask --set-status dev)" = "" ]
	# bash gives "--set-status 8.1=un" as --set-status, 8.1, =, un
	[ "$(comp dmn-ask --set-status 8.1 = '')" = "$(printf '%s\n' unknown not-applicable pending)" ]
	[ "$(comp dmn-ask --set-status 8.1 = un)" = "unknown" ]
	[ "$(comp dmn-ask --set-status 8.1 = p)" = "pending" ]
	# a value of --set is free text: nothing offered
	[ "$(comp dmn-ask --set 5.2 = '')" = "" ]
	# the words after a complete --set are options or the dossier again
	[ "$(comp dmn-ask --set 5.2 = no --set-st)" = "--set-status" ]
	COMP_WORDBREAKS=' 	'
	[ "$(comp dmn-ask --set-status 8.1=n)" = "8.1=not-applicable" ]
}

@test "--lang fr|en; dmn-validate --format json junit tap yaml, --require all annex or a file" {
	for p in dmn-validate dmn-compare dmn-report dmn-ask; do
		[ "$(comp "$p" --lang '' | LC_ALL=C sort)" = "$(sorted en fr)" ]
		[ "$(comp "$p" -l f)" = "fr" ]
	done
	[ "$(comp dmn-validate --format '' | LC_ALL=C sort)" = "$(sorted json junit tap yaml)" ]
	[ "$(comp dmn-validate -f j | LC_ALL=C sort)" = "$(sorted json junit)" ]
	[ "$(comp dmn-validate --format = t)" = "tap" ]
	touch annex-policy.txt
	[ "$(comp dmn-validate --require '' | LC_ALL=C sort)" = "$(sorted all annex annex-policy.txt)" ]
	[ "$(comp dmn-validate -r al)" = "all" ]
	[ "$(comp dmn-report --format '' | LC_ALL=C sort)" = "$(sorted csv html markdown xlsx)" ]
	[ "$(comp dmn-report --for d | LC_ALL=C sort)" = "$(sorted dpo dsi)" ]
	[ "$(comp dmn-report --for a)" = "all" ]
	[ -z "$(comp dmn-ask --for a)" ]
}

@test "files elsewhere: YAML files and directories for dossiers and -Q, any file for -o; none after --template" {
	mkdir dossiers
	touch a.yaml b.yml notes.txt ./-odd.yaml
	[ "$(comp dmn-validate '' | LC_ALL=C sort)" = "$(sorted -odd.yaml a.yaml b.yml dossiers)" ]
	[ "$(comp dmn-compare --all a.yaml '' | LC_ALL=C sort)" = "$(sorted -odd.yaml a.yaml b.yml dossiers)" ]
	[ "$(comp dmn-report -Q '' | LC_ALL=C sort)" = "$(sorted -odd.yaml a.yaml b.yml dossiers)" ]
	[ "$(comp dmn-validate d)" = "dossiers" ]
	[ "$(comp dmn-report -o '' | LC_ALL=C sort)" = "$(sorted -odd.yaml a.yaml b.yml dossiers notes.txt)" ]
	[ "$(comp dmn-ask --output n)" = "notes.txt" ]
	# a form to import: workbooks and CSV files, and directories
	touch form.xlsx form.csv
	[ "$(comp dmn-ask -i '' | LC_ALL=C sort)" = "$(sorted dossiers form.csv form.xlsx)" ]
	rm form.xlsx form.csv
	# no YAML file matches: any file
	[ "$(comp dmn-validate n)" = "notes.txt" ]
	# after --, a word starting with '-' is a file
	[ "$(comp dmn-validate -- -)" = "-odd.yaml" ]
	[ "$(comp dmn-ask --template '')" = "" ]
	[ "$(comp dmn-ask -t -o n)" = "notes.txt" ]
	# a name for --by: nothing offered
	[ "$(comp dmn-ask --by '')" = "" ]
}

@test "--questionnaire FILE on the command line: its sections and question ids are offered" {
	q=$FIXTURES/questionnaire/mini.yaml
	[ "$(comp dmn-ask -Q "$q" -q '')" = "$(printf '%s\n' 1 1.1 2.1 2.2)" ]
	[ "$(comp dmn-ask --questionnaire "$q" --set-status 2)" = "$(printf '%s\n' 2.1= 2.2=)" ]
	[ "$(comp dmn-compare --questionnaire = "$q" --section '')" = "$(printf '%s\n' 1 2)" ]
	[ "$(comp dmn-compare "-Q$q" -s '')" = "$(printf '%s\n' 1 2)" ]
	# a questionnaire that cannot be read: the built-in ids
	[ "$(comp dmn-ask -Q nowhere.yaml -q 10)" = "10" ]
}
