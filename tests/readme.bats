#!/usr/bin/env bats
# readme.bats: the README works as written. Its commands are read from the README itself
# (so that it cannot drift): the set-up's main command is run in a clean clone of the
# repository, the test command is named, every man page it shows exists, and every
# command of its "Use" section names one of the four programs with options of its --help
# and runs (on copies of the example dossiers) without trouble.

load helper
load options

# section FILE TITLE: the lines of the README section whose heading starts with TITLE
# (a heading is a line underlined with '-' or '='), up to the next heading
section() {
	awk -v title="$2" '
	{ line[NR] = $0 }
	END {
		for (i = 1; i <= NR; i++) {
			heading = i < NR && line[i + 1] ~ /^(-+|=+)$/ && line[i] != ""
			if (heading) { on = index(line[i], title) == 1; i++; continue }
			if (on) print line[i]
		}
	}' "$1"
}

# commands FILE TITLE: the commands (indented lines) of a README section, without their
# indentation and trailing comment
commands() {
	section "$1" "$2" | sed -nE 's/^    +([^ #].*)$/\1/p' | sed -E 's/[[:space:]]+#.*$//; s/[[:space:]]+$//'
}

# simple_commands: for each command line on stdin, its simple commands (split at |, &&,
# ||, ;), one a line, words separated by tabs; the targets of redirections are left out
read -r -d '' SIMPLE <<'EOF' || true
import shlex, sys
for line in sys.stdin:
    lex = shlex.shlex(line, posix=True, punctuation_chars=True)
    lex.whitespace_split = True
    words, skip = [], False
    for t in list(lex) + ["|"]:
        if skip:
            skip = False
        elif t in ("|", "||", "&&", ";", "&"):
            if words:
                print("\t".join(words))
            words = []
        elif t in (">", ">>", "<", "2>"):
            skip = True
        else:
            words.append(t)
EOF

README=$ROOT/README
PROGRAMS="dmn-validate dmn-compare dmn-report dmn-ask"

@test "the README's set-up: make example and make check, targets of the Makefile" {
	run -0 commands "$README" Set-up
	[ "${#lines[@]}" -ge 2 ]
	[ "${lines[0]}" = "make example" ]
	# make check is the test command: named in the set-up, and said to run the tests
	grep -qxF "make check" <<<"$output"
	section "$README" Set-up | grep -E '^    make check +#' | grep -q 'runs every test'
	# every make command of the section (indented, or quoted in its text) is a target
	targets=$( (
		commands "$README" Set-up
		section "$README" Set-up | grep -oE '`make [a-z-]+' | tr -d '`'
	) | sed -nE 's/^make ([a-z-]+).*/\1/p' | sort -u)
	[ "$targets" = "$(printf '%s\n' check deps deps-browser deps-npm deps-office example fuzz install uninstall)" ]
	for t in $targets; do
		grep -qE "^$t:" "$ROOT/Makefile"
	done
}

@test "the README's main command, run in a clean clone: it prints what each example lacks and writes the comparison" {
	# it builds its own programs: run once, in the sanitized pass, which has the time (make
	# check's plain pass is the longer one)
	sanitized_pass_only
	if ! git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1; then
		skip "not a git repository: no clean clone to run the README in"
	fi
	clone=$BATS_TEST_TMPDIR/clone
	run -0 git clone -q "$ROOT" "$clone"
	# the README of the clone, as a newcomer reads it; its main command is the first
	main=$(commands "$clone/README" Set-up | head -1)
	[ "$main" = "make example" ]
	cd "$clone"
	[ ! -e build ]
	# as a newcomer runs it: no make of ours around it, no build of ours on the PATH
	run -0 --separate-stderr env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL PATH="${PATH#"$DMN_BUILD:"}" \
		bash -c "$main"
	# it ends on the summary of the three dossiers, then says where the comparison and its
	# report are, and that the examples' errors are expected
	same "$(tail -n 3 <<<"$output")" "3 dossiers: 1 complete and valid, 2 to finish
The errors above are expected: the example dossiers are made to show what dmn-validate finds.
Annexe 2 comparison of the example devices: build/comparison.yaml, its report build/comparison.html"
	# what each example dossier still lacks, in a screen: the summary for people on stdout,
	# after the build's lines
	[ "$(sed -n '/^questionnaires\/examples\/bonesight.yaml:7: /,$p' <<<"$output" | wc -l)" -eq 14 ]
	grep -Fx "questionnaires/examples/fractavision.yaml:6: FractaVision 1.8.0: incomplete" <<<"$output"
	grep -Fx "  75 questions to answer (69 missing, 6 pending), 0 errors, 0 warnings" <<<"$output"
	grep -Fx "questionnaires/examples/osteoscan.yaml:7: OsteoScan AI 2.3: complete and valid" <<<"$output"
	# and the findings on stderr, once each (the comparison's are in its log)
	[[ $stderr == *"questionnaires/examples/fractavision.yaml:6:1: error: dossier 'FractaVision' is incomplete: 69 missing, 6 pending"* ]]
	[ "$(grep -c "error: unknown question id '9.7'" <<<"$stderr")" -eq 1 ]
	grep -F "<title>" build/comparison.html
	# the comparison of the three example devices
	[ -s build/comparison.yaml ]
	run -0 yq -c '[.kind, [.devices[].name], (.rows | length > 0)]' build/comparison.yaml
	[ "$output" = '["comparison",["BoneSight","FractaVision","OsteoScan AI"],true]' ]
	# the programs were built in the clone, and run
	run -0 build/dmn-validate -q questionnaires/examples/osteoscan.yaml
}

@test "every man -l line of the README names an existing page that make install installs" {
	run -0 grep -oE 'man -l [^ ]+' "$README"
	pages=$(sed 's/^man -l //' <<<"$output")
	[ "$(wc -l <<<"$pages")" -ge 7 ]
	installed=$(sed -nE 's/^MAN[157] = //p' "$ROOT/Makefile" | tr ' ' '\n')
	for p in $pages; do
		[ -f "$ROOT/$p" ]
		grep -qxF "$p" <<<"$installed"
	done
	# and every page of man/ is shown
	for p in "$ROOT"/man/*.[157]; do
		grep -qxF "man/${p##*/}" <<<"$pages"
	done
}

@test "every command of the README's Use section names a program with options that its --help lists" {
	plain_pass_only
	run -0 commands "$README" Use
	[ "${#lines[@]}" -ge 8 ]
	# each names a program, or converts with pandoc or weasyprint what an earlier command wrote
	written=
	for line in "${lines[@]}"; do
		if [[ $line =~ ^pandoc\ .*\ ([^ ]+\.md)\  ]] || [[ $line =~ ^weasyprint\ ([^ ]+\.html)\  ]]; then
			[[ $written == *" ${BASH_REMATCH[1]} "* ]] || { echo "no command writes it: $line"; false; }
		else
			[[ " $line " =~ [[:space:]](dmn-validate|dmn-compare|dmn-report|dmn-ask)[[:space:]] ]] ||
				{ echo "names no program: $line"; false; }
		fi
		[[ ! $line =~ \>\ *([^ ]+)$ ]] || written+=" ${BASH_REMATCH[1]} "
	done
	# and the dmn-ask examples further down: every indented dmn command of the README
	all=$(sed -nE 's/^    +([^ #].*)$/\1/p' "$README" | sed -E 's/[[:space:]]+#.*$//' |
		grep -E '(^|[ |])dmn-(validate|compare|report|ask)( |$)')
	run -0 python3 -c "$SIMPLE" <<<"$all"
	n=0
	while IFS=$'\t' read -r -a words; do
		prog=${words[0]}
		case " $PROGRAMS " in *" $prog "*) ;; *) continue ;; esac
		n=$((n + 1))
		opts=$(help_options "$prog")
		args=$(help_options "$prog" args)
		for ((i = 1; i < ${#words[@]}; i++)); do
			w=${words[i]}
			case $w in
			--) break ;;
			--*=*)
				grep -qxF -- "${w%%=*}" <<<"$args" || { echo "$prog: ${w%%=*} takes no argument"; false; } ;;
			--*)
				grep -qxF -- "$w" <<<"$opts" || { echo "$prog: no option $w"; false; }
				if grep -qxF -- "$w" <<<"$args"; then
					i=$((i + 1))
					[[ -n ${words[i]:-} && ${words[i]} != -?* ]] || { echo "$prog: $w lacks its argument"; false; }
				fi ;;
			-?*)
				for ((k = 1; k < ${#w}; k++)); do
					o=-${w:k:1}
					grep -qxF -- "$o" <<<"$opts" || { echo "$prog: no option $o"; false; }
					if grep -qxF -- "$o" <<<"$args"; then
						if ((k + 1 == ${#w})); then
							i=$((i + 1))
							[[ -n ${words[i]:-} && ${words[i]} != -?* ]] || { echo "$prog: $o lacks its argument"; false; }
						fi
						break
					fi
				done ;;
			esac
		done
	done <<<"$output"
	[ "$n" -ge 12 ]
}

@test "the commands of the Use section run on copies of the examples: never trouble (exit 2)" {
	if [ -n "${DMN_SANITIZED:-}" ]; then
		skip "the README's commands are run once, in the plain run of the suite"
	fi
	# the files that the commands name: the three example devices as a, b and c, and in
	# dossiers/; boneview.yaml and dossier.yaml two more devices, half answered
	fix=$BATS_TEST_TMPDIR/files
	mkdir -p "$fix/dossiers"
	cp "$EXAMPLES"/*.yaml "$fix/dossiers"
	cp "$EXAMPLES/bonesight.yaml" "$fix/a.yaml"
	cp "$EXAMPLES/fractavision.yaml" "$fix/b.yaml"
	cp "$EXAMPLES/osteoscan.yaml" "$fix/c.yaml"
	dmn-ask --set device.name=BoneView --set device.manufacturer=Acme --set 5.2=no </dev/null >"$fix/boneview.yaml"
	dmn-ask --set device.name=Other --set 8.4=yes </dev/null >"$fix/dossier.yaml"
	(cd "$fix" && dmn-compare a.yaml b.yaml c.yaml | dmn-report >comparatif.md) || [ $? -le 1 ]
	[ -s "$fix/comparatif.md" ]
	# the documents' commands run from a checkout: its examples and cmd/pandoc/, and what the
	# command before each one writes
	mkdir -p "$fix/questionnaires"
	cp -r "$EXAMPLES" "$fix/questionnaires/"
	mkdir -p "$fix/cmd"
	cp -r "$ROOT/cmd/pandoc" "$fix/cmd/"
	(cd "$fix" && dmn-validate --json "$EXAMPLES/fractavision.yaml" >v.json 2>/dev/null) || [ $? -le 1 ]
	(cd "$fix" && dmn-compare --json "$EXAMPLES"/*.yaml >comparison.json 2>/dev/null) || [ $? -le 1 ]
	(cd "$fix" && dmn-report v.json >letter.md && dmn-report -f html comparison.json >comparatif.html)
	(cd "$fix" && dmn-report -f xlsx -o answers.xlsx "$EXAMPLES/fractavision.yaml")	# a form sent back
	(cd "$fix" && dmn-report -f fhir -o fractavision.json "$EXAMPLES/fractavision.yaml")	# a response sent back
	[ -s "$fix/v.json" ] && [ -s "$fix/comparison.json" ] && [ -s "$fix/letter.md" ] && [ -s "$fix/comparatif.html" ]
	run -0 commands "$README" Use
	i=0
	for line in "${lines[@]}"; do
		i=$((i + 1))
		if [[ $line == pandoc* || $line == weasyprint* ]] && ! command -v "${line%% *}" >/dev/null; then
			echo "# ${line%% *} is not installed: '$line' not run" >&3
			continue
		fi
		rm -rf "$BATS_TEST_TMPDIR/run"
		cp -r "$fix" "$BATS_TEST_TMPDIR/run"
		cd "$BATS_TEST_TMPDIR/run"
		run bash -o pipefail -c "$line"
		[ "$status" -le 1 ] || { echo "exit $status: $line"; echo "$output"; false; }
		# what it writes to a file is there
		if [[ $line =~ \>\ *([^ ]+)$ ]]; then
			[ -s "${BASH_REMATCH[1]}" ] || { echo "nothing written: $line"; false; }
		fi
		case $line in
		"dmn-validate boneview.yaml")
			# "what is still missing? (exit 1 if so)"
			[ "$status" -eq 1 ]
			[[ $output == *"kind: validation"* ]] ;;
		*"> report.xml"*)
			grep -q '<testsuites' report.xml ;;
		*"> comparison.yaml"*)
			[ "$(yq -r .kind comparison.yaml)" = comparison ] ;;
		*"> questions.md"* | *"> comparatif.md"*)
			grep -q '^#' "${line##*> }" ;;
		*"> letter.md")
			[ "$(head -c 16 letter.md)" = "# Questions abou" ]
			grep -qx '\*\*To:\*\* Nordlys Medical AB  ' letter.md ;;
		*"> todo.md")
			[[ "$(head -n 1 todo.md)" == "# To-do for the establishment — FractaVision"* ]] ;;
		"dmn-report -f fhir"*)
			[ "$(jq -r '[.resourceType, .language, .item[0].item[0].answer[0].valueString] | join(" ")' fractavision.json)" = \
				"QuestionnaireResponse fr FractaVision" ] ;;
		"dmn-ask -i fractavision.json"*)
			# the response of the same dossier: nothing changes
			run -0 dmn-compare --changes questionnaires/examples/fractavision.yaml fractavision.yaml ;;
		*"> comparatif.html")
			[ "$(head -n 1 comparatif.html)" = "<!DOCTYPE html>" ] ;;
		weasyprint*)
			[[ "$(pdfinfo comparatif.pdf)" == *"(A4)"* ]] ;;
		pandoc*)
			unzip -l "${line##* }" | grep -q word/document.xml ;;
		esac
		cd "$BATS_TEST_TMPDIR"
	done
	[ "$i" -ge 8 ]
}

@test "the commands of the Rounds and decisions section run: a vendor's rounds in git, the committee's decision" {
	plain_pass_only
	run -0 commands "$README" "Rounds and decisions"
	[ "${#lines[@]}" -eq 3 ]
	cmds=("${lines[@]}")
	# a repository where boneview.yaml had a round before this one (its version changed)
	cd "$BATS_TEST_TMPDIR"
	git init -q rounds && cd rounds
	sed 's/name: FractaVision/name: BoneView/' "$EXAMPLES/fractavision.yaml" >boneview.yaml
	git add boneview.yaml
	git -c user.name=t -c user.email=t@example.org commit -qm "round 1"
	cp boneview.yaml boneview-v1.yaml
	sed -i 's/version: "1.8.0"/version: "1.9.0"/' boneview.yaml
	git -c user.name=t -c user.email=t@example.org commit -qam "round 2"
	cp "$EXAMPLES/bonesight.yaml" a.yaml
	cp "$EXAMPLES/fractavision.yaml" b.yaml
	cp "$EXAMPLES/osteoscan.yaml" c.yaml
	cp "$FIXTURES"/decision/ratings.yaml "$FIXTURES"/decision/weights.yaml .
	run -1 bash -o pipefail -c "${cmds[0]}"	# dmn-compare's status: something changed
	[ "$(head -1 changes.md)" = "# BoneView: changes from boneview-v1.yaml to boneview.yaml" ]
	grep -Fx '| Version | 1.8.0 | 1.9.0 |' changes.md
	run -1 --separate-stderr bash -c "${cmds[1]}"	# dmn-compare's: something changed
	[ "$(yq -r '.changes[0].from + " -> " + .changes[0].to' <<<"$output")" = "round 1 -> boneview.yaml" ]
	[ "$(yq -c '.changes[0].device' <<<"$output")" = '[{"field":"version","was":"1.8.0","now":"1.9.0"}]' ]
	run -1 bash -o pipefail -c "${cmds[2]}"	# dmn-compare's: BoneSight has errors
	grep -Fx "## The committee's weighted decision" decision.md
	grep -q '^| 1 | \*\*BoneSight\*\* | 3.2 | ' decision.md
}
