#!/usr/bin/env bats
# completion.bats: the bash completion script cmd/dmn.bash-completion, sourced and called
# as bash calls it (COMP_WORDS, COMP_CWORD): its option lists are those of each --help, its
# question and section ids, types and options those of questionnaires/has-dmn-2023.yaml
# (read by tests/questionnaire.py, not by the script), and the values and files offered
# after each option. And a short letter means one long option in every program.

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

# formats PROGRAM: the values of its --format, as its "unknown format" message lists them
formats() {
	"$1" --format '?' 2>&1 </dev/null | sed -n "s/.*unknown format '?' (expected \(.*\))\$/\1/p" |
		sed 's/, / /g; s/ or / /' | tr ' ' '\n' | LC_ALL=C sort
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
	# the counts of tests/man.bats: 11, 16, 14 and 19 long options
	[ "$(comp dmn-validate -- | wc -l)" -eq 11 ]
	[ "$(comp dmn-compare -- | wc -l)" -eq 16 ]
	[ "$(comp dmn-report -- | wc -l)" -eq 14 ]
	[ "$(comp dmn-ask -- | wc -l)" -eq 19 ]
}

@test "a short letter means the same long option in every program that has it" {
	local p line letter long
	declare -A seen=()
	for p in dmn-validate dmn-compare dmn-report dmn-ask; do
		while read -r line; do
			letter=${line%% *} long=${line#* }
			if [ -n "${seen[$letter]-}" ] && [ "${seen[$letter]}" != "$long" ]; then
				echo "$letter is ${seen[$letter]} and $long ($p)" >&2
				return 1
			fi
			seen[$letter]=$long
		done < <("$p" --help | sed -nE 's/^  (-[A-Za-z]), (--[a-z-]+).*/\1 \2/p')
	done
	[ "${#seen[@]}" -ge 20 ]
	# the letters that changed after dmn 0.1.0
	[ "${seen[-W]}" = --strict ] && [ "${seen[-n]}" = --question ] && [ "${seen[-D]}" = --date ]
	[ "${seen[-T]}" = --todo ] && [ "${seen[-F]}" = --for ]
	[ "${seen[-q]}" = --quiet ] && [ "${seen[-s]}" = --section ] && [ "${seen[-d]}" = --differ ]
	[ "${seen[-t]}" = --template ]
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
	# dmn-report has no --section, dmn-validate no -s (-W is --strict): files come next
	touch a.yaml
	[ "$(comp dmn-report --section '')" = "a.yaml" ]
	[ "$(comp dmn-validate -W '')" = "a.yaml" ]
	[ "$(comp dmn-validate -s '')" = "a.yaml" ]
}

@test "--question: every question id of the questionnaire, in its order; 8.1<TAB> gives 8.1, 8.1.x and 8.10 to 8.16.x" {
	all=$(q ids)
	[ "$(wc -l <<<"$all")" -eq 165 ]
	# the list shipped in the script is the questionnaire's
	[ "$(tr -s ' \t\n' '\n' <<<"$_dmn_questions" | sed '/^$/d')" = "$all" ]
	[ "$(comp dmn-ask --question '')" = "$all" ]
	[ "$(comp dmn-ask -n '')" = "$all" ]
	run -0 comp dmn-ask --question 8.1
	[ "$output" = "$(grep -E '^8\.1' <<<"$all")" ]
	[ "${lines[0]}" = 8.1 ]
	[ "${lines[1]}" = 8.1.1 ]
	[ "${lines[2]}" = 8.1.2 ]
	[ "${lines[3]}" = 8.1.3 ]
	[ "${lines[4]}" = 8.10 ]
	[ "${lines[-1]}" = 8.16.3 ]
	[ "$(comp dmn-ask -n 4.2.)" = "$(printf '4.2.%s\n' 1 2 3 4 5)" ]
	[ "$(comp dmn-ask -n 11)" = "" ]
	# a group is a question to ask (its sub-questions)
	[ "$(comp dmn-ask -n 8.11)" = "$(printf '%s\n' 8.11 8.11.1 8.11.2 8.11.3)" ]
	# the question ids read from the questionnaire by the script equal tests/questionnaire.py's
	[ "$(_dmn_ids "$QUESTIONNAIRE" questions)" = "$all" ]
	[ "$(_dmn_ids "$QUESTIONNAIRE" sections)" = "$(q sections)" ]
}

@test "--set ID=VALUE: the ids and device fields followed by '='; --set-status ID=: the statuses" {
	# 5.1, a group, is not offered
	[ "$(comp dmn-ask --set 5.1)" = "$(printf '%s=\n' 5.1.1 5.1.2 5.1.3 5.10 5.10.1 5.10.2 5.11 5.11.1 5.11.2 5.11.3 5.11.4)" ]
	[ "$(comp dmn-ask --set dev)" = "$(printf 'device.%s=\n' name manufacturer version ce-class notified-body udi-di contact url)" ]
	[ "$(comp dmn-ask --set-status 9.2)" = "$(printf '%s=\n' 9.2 9.2.1 9.2.2 9.2.3)" ]
	[ "$(comp dmn-ask --set-status dev)" = "" ]
	# bash gives "--set-status 8.1=un" as --set-status, 8.1, =, un
	[ "$(comp dmn-ask --set-status 8.1 = '')" = "$(printf '%s\n' unknown not-applicable pending)" ]
	[ "$(comp dmn-ask --set-status 8.1 = un)" = "unknown" ]
	[ "$(comp dmn-ask --set-status 8.1 = p)" = "pending" ]
	[ "$(comp dmn-ask --set 8.1.status = n)" = "not-applicable" ]
	# the answer to a text question is free text: nothing offered
	[ "$(comp dmn-ask --set 3.1 = '')" = "" ]
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
	all=$(formats dmn-validate)
	[ "$(wc -l <<<"$all")" -ge 4 ]
	[ "$(comp dmn-validate --format '' | LC_ALL=C sort)" = "$all" ]
	[ "$(comp dmn-validate -f j | LC_ALL=C sort)" = "$(grep ^j <<<"$all")" ]
	[ "$(comp dmn-validate --format = t | LC_ALL=C sort)" = "$(grep ^t <<<"$all")" ]
	touch annex-policy.txt
	[ "$(comp dmn-validate --require '' | LC_ALL=C sort)" = "$(sorted all annex annex-policy.txt)" ]
	[ "$(comp dmn-validate -r al)" = "all" ]
	[ "$(comp dmn-report --format '' | LC_ALL=C sort)" = "$(formats dmn-report)" ]
	[ "$(formats dmn-report)" = "$(sorted csv fhir html markdown xlsx)" ]
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
	# a form to import: workbooks, CSV files and FHIR responses (JSON), and directories
	touch form.xlsx form.csv response.json
	[ "$(comp dmn-ask -i '' | LC_ALL=C sort)" = "$(sorted dossiers form.csv form.xlsx response.json)" ]
	rm form.xlsx form.csv response.json
	# no YAML file matches: any file
	[ "$(comp dmn-validate n)" = "notes.txt" ]
	# after --, a word starting with '-' is a file
	[ "$(comp dmn-validate -- -)" = "-odd.yaml" ]
	[ "$(comp dmn-ask --template '')" = "" ]
	[ "$(comp dmn-ask -t -o n)" = "notes.txt" ]
	[ "$(comp dmn-ask -St '')" = "" ]
	[ "$(comp dmn-ask --schema '')" = "" ]
	[ "$(comp dmn-ask -aSt -o n)" = "notes.txt" ]
	# -t is dmn-ask's alone; a letter after one that takes a value is that value
	[ "$(comp dmn-ask -bt '' | LC_ALL=C sort)" = "$(sorted -odd.yaml a.yaml b.yml dossiers)" ]
	[ "$(comp dmn-report -T '' | LC_ALL=C sort)" = "$(sorted -odd.yaml a.yaml b.yml dossiers)" ]
	# a name for --by: nothing offered
	[ "$(comp dmn-ask --by '')" = "" ]
}

@test "--questionnaire FILE on the command line: its sections and question ids are offered" {
	q=$FIXTURES/questionnaire/mini.yaml
	[ "$(comp dmn-ask -Q "$q" -n '')" = "$(printf '%s\n' 1 1.1 2.1 2.2)" ]
	[ "$(comp dmn-ask --questionnaire "$q" --set-status 2)" = "$(printf '%s\n' 2.1= 2.2=)" ]
	[ "$(comp dmn-compare --questionnaire = "$q" --section '')" = "$(printf '%s\n' 1 2)" ]
	[ "$(comp dmn-compare "-Q$q" -s '')" = "$(printf '%s\n' 1 2)" ]
	# its types and options too
	[ "$(_dmn_types "$q")" = "$(printf '%s\n' '1 yesno ' '1.1 text ' '2.1 choice internal,external' '2.2 number ')" ]
	[ "$(comp dmn-ask -Q "$q" --set 2.1 = '')" = "$(printf '%s\n' internal external)" ]
	[ "$(comp dmn-ask "-Q$q" --set 1 = o)" = "oui" ]
	[ "$(comp dmn-ask -Q "$q" --set 5.3 = '')" = "" ]
	[ "$(comp dmn-ask -Q "$q" --set 2.2 = '')" = "" ]
	# a questionnaire that cannot be read: the built-in ids
	[ "$(comp dmn-ask -Q nowhere.yaml -n 10)" = "10" ]
	[ "$(comp dmn-ask -Q nowhere.yaml --set 5.3 = c)" = "continuous" ]
}

@test "the groups, yes/no questions and options shipped in the script are the questionnaire's" {
	all=$(types "$QUESTIONNAIRE")
	[ "$(wc -l <<<"$all")" -eq 165 ]
	# the script reads the same from the file
	[ "$(_dmn_types "$QUESTIONNAIRE")" = "$all" ]
	words() { tr -s ' \t\n' '\n' | sed '/^$/d'; }
	[ "$(words <<<"$_dmn_groups")" = "$(awk '$2 == "group" { print $1 }' <<<"$all")" ]
	[ "$(words <<<"$_dmn_groups" | wc -l)" -eq 15 ]
	[ "$(words <<<"$_dmn_yesno")" = "$(awk '$2 == "yesno" { print $1 }' <<<"$all")" ]
	[ "$(words <<<"$_dmn_choice")" = "$(awk '$2 == "choice" { print $1 "=" $3 }' <<<"$all")" ]
	[ "$(words <<<"$_dmn_choices")" = "$(awk '$2 == "choices" { print $1 "=" $3 }' <<<"$all")" ]
	# the statuses that dmn-ask --set-status takes, as its message lists them
	run -2 --separate-stderr dmn-ask --set-status 3.1=x </dev/null
	[[ $stderr == *"(expected unknown, not-applicable or pending)" ]]
	[ "$_dmn_statuses" = "unknown not-applicable pending" ]
}

@test "--set ID=: yes and no for a yes/no question, the option ids of a choice, never a group" {
	all=$(types "$QUESTIONNAIRE")
	# a choice (5.3): its options, in order
	[ "$(grep '^5\.3 ' <<<"$all")" = "5.3 choice initial,incremental,continuous" ]
	[ "$(comp dmn-ask --set 5.3 = '')" = "$(printf '%s\n' initial incremental continuous)" ]
	[ "$(comp dmn-ask --set 5.3 = in)" = "$(printf '%s\n' initial incremental)" ]
	[ "$(comp dmn-ask --set 8.11.1 = '')" = "$(printf '%s\n' internal external)" ]
	# a multiple choice (4.1): its options; after a comma, the others
	[ "$(grep '^4\.1 ' <<<"$all")" = "4.1 choices clinical,organisational,budgetary,other" ]
	[ "$(comp dmn-ask --set 4.1 = '')" = "$(printf '%s\n' clinical organisational budgetary other)" ]
	[ "$(comp dmn-ask --set 4.1 = clinical,)" = "$(printf 'clinical,%s\n' organisational budgetary other)" ]
	[ "$(comp dmn-ask --set 4.1 = other,clinical,b)" = "other,clinical,budgetary" ]
	# a yes/no question (3.3): yes and no, in French and English, as dmn-ask --set takes them
	[ "$(grep '^3\.3 ' <<<"$all")" = "3.3 yesno " ]
	[ "$(comp dmn-ask --set 3.3 = '')" = "$(printf '%s\n' oui non yes no)" ]
	[ "$(comp dmn-ask --set 3.3 = n)" = "$(printf '%s\n' non no)" ]
	for v in oui non yes no; do
		dmn-ask --set "3.3=$v" </dev/null >/dev/null
	done
	# without '=' in COMP_WORDBREAKS, the whole word is replaced
	COMP_WORDBREAKS=' 	'
	[ "$(comp dmn-ask --set 5.3=i)" = "$(printf '5.3=%s\n' initial incremental)" ]
	[ "$(comp dmn-ask --set=5.3=c)" = "--set=5.3=continuous" ]
	COMP_WORDBREAKS=' 	='
	# no group after --set or --set-status: 8.11 (8.11.1 to 8.11.3 are its questions)
	[ "$(grep '^8\.11 ' <<<"$all")" = "8.11 group " ]
	[ "$(comp dmn-ask --set 8.11)" = "$(printf '%s=\n' 8.11.1 8.11.2 8.11.3)" ]
	[ "$(comp dmn-ask --set-status 8.11)" = "$(printf '%s=\n' 8.11.1 8.11.2 8.11.3)" ]
	# every id offered takes an answer, and every one that does is offered
	answerable=$(awk '$2 != "group" { print $1 "=" }' <<<"$all")
	[ "$(wc -l <<<"$answerable")" -eq 150 ]
	[ "$(comp dmn-ask --set-status '')" = "$answerable" ]
	[ "$(comp dmn-ask --set '' | grep -v '^device\.')" = "$answerable" ]
}
