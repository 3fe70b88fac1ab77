#!/usr/bin/env bats
# The French manual pages (man/po4a.cfg, man/fr.mk): translated whole, lint-clean, true to
# the programs' options and to the English pages' sections, and shown by man(1) in French.

load helper

PAGES="dmn.7 dmn-validate.1 dmn-compare.1 dmn-report.1 dmn-ask.1 dmn-dossier.5 dmn-questionnaire.5"
FR=$DMN_BUILD/man/fr

# The French name of each usual section (those of Debian's French manual pages), the same
# in every page; any other section is translated too, unless its name is the same word in
# French.
declare -gA SH_FR=([NAME]=NOM [SYNOPSIS]=SYNOPSIS [DESCRIPTION]=DESCRIPTION [OPTIONS]=OPTIONS
	[ENVIRONMENT]=ENVIRONNEMENT [FILES]=FICHIERS ["EXIT STATUS"]="CODE DE RETOUR"
	[EXAMPLES]=EXEMPLES [DIAGNOSTICS]=DIAGNOSTICS ["SEE ALSO"]="VOIR AUSSI"
	[STANDARDS]=NORMES [CAVEATS]=AVERTISSEMENTS)
SAME_IN_FRENCH=" CONDITIONS CONVENTIONS DOCUMENTS QUESTIONS SECTIONS TYPES "

# One po4a run for the file: the pages of the build under test, made (when they are not up
# to date) by the Makefile's own rule; a test that needs them fails with make's message.
setup_file() {
	if command -v po4a >/dev/null; then
		local rc=0
		make -C "$ROOT" -s man-fr BUILD="$DMN_BUILD" >"$BATS_FILE_TMPDIR/make.log" 2>&1 || rc=$?
		echo $rc >"$BATS_FILE_TMPDIR/make.rc"
	fi
}

# built: skips without po4a; fails, showing why, if make man-fr failed
built() {
	if [ ! -f "$BATS_FILE_TMPDIR/make.rc" ]; then
		skip "po4a is not installed (apt-get install po4a)"
	fi
	if [ "$(cat "$BATS_FILE_TMPDIR/make.rc")" != 0 ]; then
		cat "$BATS_FILE_TMPDIR/make.log" >&2
		return 1
	fi
}

# sections FILE: the names of its .Sh headers, one a line
sections() {
	sed -n 's/^\.Sh //p' "$1" | tr -d '"'
}

@test "every PO file of the manual pages is translated whole, and alike where they share an entry" {
	plain_pass_only
	local page po pos=()
	for page in $PAGES; do
		po=$ROOT/man/po/${page%.*}.fr.po
		pos+=("$po")
		run -0 env LC_ALL=C msgfmt --check --statistics -o /dev/null "$po"
		if ! [[ ${lines[-1]} =~ ^[0-9]+\ translated\ messages?\.$ ]]; then
			echo "$po: ${lines[-1]}" >&2
			return 1
		fi
	done
	# and no other PO file, of a page that would not be built
	[ "$(find "$ROOT/man/po" -name '*.po' | wc -l)" -eq ${#pos[@]} ]
	# po4a (split mode) drops an entry that two PO files translate differently: msgcat
	# marks it fuzzy
	run -0 bash -c 'msgcat --no-wrap "$@" | msgattrib --only-fuzzy --no-obsolete --no-wrap' - "${pos[@]}"
	if grep -q '^msgid "[^"]' <<<"$output"; then
		sed -n '/^#: /,/^$/p' <<<"$output" >&2
		return 1
	fi
}

@test "make man-fr writes every French page into the build directory" {
	plain_pass_only
	built
	for page in $PAGES; do
		[ -s "$FR/$page" ]
		[ "$FR/$page" -nt "$ROOT/man/$page" ]
		[ "$FR/$page" -nt "$ROOT/man/po/${page%.*}.fr.po" ]
	done
	# and nothing into the source tree
	[ ! -e "$ROOT/man/fr" ]
}

@test "make man-fr fails on a PO file not translated whole, and writes no page of it" {
	plain_pass_only
	built
	# a copy of man/, in which the last entry of dmn.fr.po loses its translation
	mkdir "$BATS_TEST_TMPDIR/src"
	cp -r "$ROOT/man" "$BATS_TEST_TMPDIR/src/"
	cd "$BATS_TEST_TMPDIR/src"
	make() { command make -f "$ROOT/Makefile" "$@"; }
	cp man/po/dmn.fr.po dmn.fr.po
	python3 -c '
p = "man/po/dmn.fr.po"
s = open(p, encoding="utf-8").read()
open(p, "w", encoding="utf-8").write(s[:s.rindex("\nmsgstr ")] + "\nmsgstr \"\"\n")'
	run ! make -s man-fr BUILD=b
	[[ $output == *"man/po/dmn.fr.po: "*" 1 untranslated message."* ]]
	[ ! -e b/man/fr/dmn.7 ]
	# a fuzzy one
	cp dmn.fr.po man/po/dmn.fr.po
	sed -i '0,/^msgid "DMN 7"/s//#, fuzzy\n&/' man/po/dmn.fr.po
	run ! make -s man-fr BUILD=b
	[[ $output == *"man/po/dmn.fr.po: "*" 1 fuzzy translation"* ]]
	[ ! -e b/man/fr/dmn.7 ]
	# an English page changed since its translation: po4a keeps less than 100%
	cp dmn.fr.po man/po/dmn.fr.po
	printf '.Pp\nA paragraph not yet translated.\n' >>man/dmn.7
	run ! make -s man-fr BUILD=b
	[[ $output == *"po4a did not write b/man/fr/dmn.7"* ]]
	[ ! -e b/man/fr/dmn.7 ]
	[ -z "$(ls b/man/fr)" ]
}

@test "every French page is mandoc -Tlint clean, but for mandoc's English section names" {
	plain_pass_only
	if ! command -v mandoc >/dev/null; then
		skip "mandoc is not installed (apt-get install mandoc)"
	fi
	built
	cd "$FR"
	# mandoc knows the standard sections by their English names only, and takes a last
	# argument ending in a character beyond ASCII (\[u00C9]) for a closing bracket
	run mandoc -Tlint $PAGES
	local line left=()
	for line in "${lines[@]}"; do
		case $line in
		*': WARNING: first section is not "NAME": Sh '*) continue ;;
		*': WARNING: description line outside NAME section: Nd') continue ;;
		*': STYLE: possible typo in section name: Sh '*' instead of '*)
			local fr=${line##*: Sh } en
			en=${fr##* instead of }
			fr=${fr% instead of *}
			[ "${SH_FR[$en]-}" = "$fr" ] && continue ;;
		*': STYLE: trailing delimiter: '*'\[u'[0-9A-F][0-9A-F][0-9A-F][0-9A-F]']') continue ;;
		esac
		left+=("$line")
	done
	if [ ${#left[@]} -ne 0 ]; then
		printf '%s\n' "${left[@]}" >&2
		return 1
	fi
}

@test "the French dmn-validate.1 documents every option of --help, and no other" {
	built
	same_options dmn-validate 11 "$FR"
}

@test "the French dmn-compare.1 documents every option of --help, and no other" {
	built
	same_options dmn-compare 16 "$FR"
}

@test "the French dmn-report.1 documents every option of --help, and no other" {
	built
	same_options dmn-report 14 "$FR"
}

@test "the French dmn-ask.1 documents every option of --help, and no other" {
	built
	same_options dmn-ask 19 "$FR"
}

@test "every French page has the English page's sections, with French names, and a French NAME line" {
	plain_pass_only
	built
	local page i en fr
	for page in $PAGES; do
		mapfile -t en < <(sections "$ROOT/man/$page")
		mapfile -t fr < <(sections "$FR/$page")
		if [ ${#en[@]} -ne ${#fr[@]} ]; then
			echo "$page: ${#fr[@]} sections, not ${#en[@]}" >&2
			return 1
		fi
		for i in "${!en[@]}"; do
			if [ -n "${SH_FR[${en[$i]}]-}" ]; then
				[ "${fr[$i]}" = "${SH_FR[${en[$i]}]}" ] && continue
			elif [ "${fr[$i]}" != "${en[$i]}" ] || [[ $SAME_IN_FRENCH == *" ${en[$i]} "* ]]; then
				continue
			fi
			echo "$page: section '${en[$i]}' is '${fr[$i]}' in French" >&2
			return 1
		done
		[ "$(sed -n 's/^\.Nd //p' "$FR/$page")" != "$(sed -n 's/^\.Nd //p' "$ROOT/man/$page")" ]
	done
}

# sx_check PAGE: every .Sx NAME of PAGE, followed within two lines by .Xr OTHER N, names a
# section of OTHER; any other names a section of PAGE, or of the page that an .Xr cites
# within the three lines before ("see LIMITS there")
sx_check() {
	awk -v dir="$(dirname "$1")" -v page="$1" '
	function secs(f,   l, s) {
		s = "|"
		while ((getline l < f) > 0)
			if (l ~ /^\.S[hs] /) { sub(/^\.S[hs] /, "", l); gsub(/"/, "", l); s = s l "|" }
		close(f)
		return s
	}
	function xr(l,   w) { split(l, w, " "); return dir "/" w[2] "." w[3] }
	{ line[NR] = $0 }
	END {
		own = secs(page)
		for (i = 1; i <= NR; i++) {
			if (line[i] !~ /^\.Sx /) continue
			t = line[i]; sub(/^\.Sx /, "", t); sub(/ [.,;:)]( .*)?$/, "", t); gsub(/"/, "", t)
			after = before = ""
			for (j = i + 1; j <= i + 2 && j <= NR; j++) if (line[j] ~ /^\.Xr /) { after = xr(line[j]); break }
			for (j = i - 1; j >= i - 3 && j >= 1; j--) if (line[j] ~ /^\.Xr /) { before = xr(line[j]); break }
			if (after != "") ok = index(secs(after), "|" t "|")
			else ok = index(own, "|" t "|") || (before != "" && index(secs(before), "|" t "|"))
			if (!ok) print page ":" i ": .Sx " t ": no such section in " (after != "" ? after : page)
		}
	}' "$1"
}

@test "every .Sx of a French page names a section of that page, or of the page it cites" {
	plain_pass_only
	built
	local page
	for page in $PAGES; do
		run -0 sx_check "$FR/$page"
		[ "$output" = "" ]
	done
	# the same check passes on the English pages
	for page in $PAGES; do
		run -0 sx_check "$ROOT/man/$page"
		[ "$output" = "" ]
	done
}

# example PAGE: the first display of its EXAMPLES (EXEMPLES) section, as text
example() {
	awk '/^\.Sh (EXAMPLES|EXEMPLES)$/ { f = 1 } f && /^\.Bd/ { c = 1; next } c && /^\.Ed/ { exit } c' "$1" |
		sed 's/\\e/\\/g; s/\\&//g; s/\\(dq/"/g'
}

@test "the examples of the French dmn-dossier(5) and dmn-questionnaire(5) read as the English ones" {
	built
	cd "$BATS_TEST_TMPDIR"
	example "$ROOT/man/dmn-dossier.5" >en.yaml
	example "$FR/dmn-dossier.5" >fr.yaml
	! cmp -s en.yaml fr.yaml
	run -1 --separate-stderr dmn-validate --json en.yaml
	en=$(jq -cS '.dossiers[0] | {counts, valid, complete, invalid, warnings}' <<<"$output")
	run -1 --separate-stderr dmn-validate --json fr.yaml
	json_is '.dossiers[0] | {counts, valid, complete, invalid, warnings}' "$en"
	# the questionnaire, left as it is, still loads
	example "$FR/dmn-questionnaire.5" >chu.yaml
	printf 'kind: dossier\nquestionnaire: chu-imagerie-ia\ndevice: {name: x}\n' >d.yaml
	run -1 --separate-stderr dmn-validate -Q chu.yaml --json d.yaml
	json_is '.dossiers[0].counts.total.missing' 3
}

# is_french: $output is dmn-ask(1) in French as man shows it (uses $nd, $french): the
# header, NOM and the French NAME line, and the French page's sections (bats leaves the
# empty lines out of $lines)
is_french() {
	[[ ${lines[0]} == DMN-ASK\(1\)*DMN-ASK\(1\) ]]
	[ "${lines[1]}" = NOM ]
	[[ ${lines[2]} == "     dmn-ask — ${nd%% *} "* ]]
	[ "$(grep -v -e '^ ' -e '^$' <<<"$output" | sed '1d;$d')" = "$french" ]
}

@test "make install puts the French pages under MANDIR/fr, where man finds them for a French reader" {
	plain_pass_only	# words and languages: the same in every build
	if ! command -v man >/dev/null; then
		skip "man-db is not installed (apt-get install man-db)"
	fi
	built
	local prefix=$BATS_TEST_TMPDIR/prefix page
	run -0 make -C "$ROOT" -s install PREFIX="$prefix" BUILD="$DMN_BUILD"
	# (the pages name the files of the installation: /usr/local, the default, became $prefix)
	for page in $PAGES; do
		cmp <(sed "s|/usr/local|$prefix|g" "$FR/$page") "$prefix/share/man/fr/man${page##*.}/$page"
	done
	unset LC_ALL LANG LANGUAGE LC_MESSAGES
	export MANPATH=$prefix/share/man MANWIDTH=80
	# the French page (man -L fr hyphenates it as French, man -l does not: not compared to
	# man -l): its header, NOM and the French NAME line, and the French sections
	local nd french
	nd=$(sed -n 's/^\.Nd //p' "$FR/dmn-ask.1")
	french=$(sections "$FR/dmn-ask.1")
	run -0 --separate-stderr env LANG=C.UTF-8 man -L fr -P cat dmn-ask
	is_french
	# asked for with LANGUAGE, or LANG if its locale exists (C.utf8 may be the only one: man
	# cannot set fr_FR.UTF-8 without it, and shows the English page)
	run -0 --separate-stderr env LANG=C.UTF-8 LANGUAGE=fr man -P cat dmn-ask
	is_french
	if locale -a 2>/dev/null | grep -qiE '^fr_FR\.utf-?8$'; then
		run -0 --separate-stderr env LANG=fr_FR.UTF-8 man -P cat dmn-ask
		is_french
	fi
	# in English otherwise (the English page, naming the files under $prefix)
	sed "s|/usr/local|$prefix|g" "$ROOT/man/dmn-ask.1" >"$BATS_TEST_TMPDIR/dmn-ask.1"
	run -0 --separate-stderr env LANG=C.UTF-8 man -l "$BATS_TEST_TMPDIR/dmn-ask.1"
	local english=$output
	[ "${lines[1]}" = NAME ]
	[[ ${lines[2]} == "     dmn-ask — $(sed -n 's/^\.Nd //p' "$ROOT/man/dmn-ask.1" | cut -d' ' -f1) "* ]]
	run -0 --separate-stderr env LANG=C.UTF-8 man -P cat dmn-ask
	[ "$output" = "$english" ]
	run -0 --separate-stderr env LANG=C man -P cat dmn-ask
	[[ $output == *NAME* ]]
	[[ $output != *NOM* ]]
	run -0 make -C "$ROOT" -s uninstall PREFIX="$prefix" BUILD="$DMN_BUILD"
	run -0 find "$prefix/share/man" -type f
	[ "$output" = "" ]
}
