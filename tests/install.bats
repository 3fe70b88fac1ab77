#!/usr/bin/env bats
# make install and make uninstall: what is installed runs, and nothing is left behind.

load helper

@test "make install puts the programs, the man pages, the questionnaire and its schema, the pandoc defaults and the bash and zsh completion under DESTDIR" {
	plain_pass_only	# it installs build/, whichever pass runs it
	dest=$BATS_TEST_TMPDIR/dest
	run -0 make -C "$ROOT" -s install PREFIX=/opt/dmn DESTDIR="$dest"
	run -0 find "$dest" -type f
	[ "$(sort <<<"$output")" = "$dest/opt/dmn/bin/dmn-ask
$dest/opt/dmn/bin/dmn-compare
$dest/opt/dmn/bin/dmn-report
$dest/opt/dmn/bin/dmn-validate
$dest/opt/dmn/share/bash-completion/completions/dmn-validate
$dest/opt/dmn/share/dmn/comparison.docx
$dest/opt/dmn/share/dmn/comparison.yaml
$dest/opt/dmn/share/dmn/form.html
$dest/opt/dmn/share/dmn/has-dmn-2023.schema.json
$dest/opt/dmn/share/dmn/has-dmn-2023.yaml
$dest/opt/dmn/share/dmn/portrait.docx
$dest/opt/dmn/share/dmn/portrait.yaml
$dest/opt/dmn/share/locale/fr/LC_MESSAGES/dmn.mo
$dest/opt/dmn/share/man/fr/man1/dmn-ask.1
$dest/opt/dmn/share/man/fr/man1/dmn-compare.1
$dest/opt/dmn/share/man/fr/man1/dmn-report.1
$dest/opt/dmn/share/man/fr/man1/dmn-validate.1
$dest/opt/dmn/share/man/fr/man5/dmn-dossier.5
$dest/opt/dmn/share/man/fr/man5/dmn-questionnaire.5
$dest/opt/dmn/share/man/fr/man7/dmn.7
$dest/opt/dmn/share/man/man1/dmn-ask.1
$dest/opt/dmn/share/man/man1/dmn-compare.1
$dest/opt/dmn/share/man/man1/dmn-report.1
$dest/opt/dmn/share/man/man1/dmn-validate.1
$dest/opt/dmn/share/man/man5/dmn-dossier.5
$dest/opt/dmn/share/man/man5/dmn-questionnaire.5
$dest/opt/dmn/share/man/man7/dmn.7
$dest/opt/dmn/share/zsh/vendor-completions/_dmn" ]
	# bash completion: one script, found by bash-completion under each program's name
	comp=$dest/opt/dmn/share/bash-completion/completions
	cmp "$comp/dmn-validate" "$ROOT/cmd/dmn.bash-completion"
	run -0 find "$dest" -type l
	[ "$(sort <<<"$output")" = "$comp/dmn-ask
$comp/dmn-compare
$comp/dmn-report" ]
	for p in dmn-compare dmn-report dmn-ask; do
		[ "$(readlink "$comp/$p")" = dmn-validate ]
		run -0 bash -c 'source "$1" && complete -p "$2"' - "$comp/$p" "$p"
		[ "$output" = "complete -F _dmn $p" ]
	done
	# zsh completion: one function, which compinit finds in that directory of zsh's fpath
	cmp "$dest/opt/dmn/share/zsh/vendor-completions/_dmn" "$ROOT/cmd/_dmn"
	# the installed program needs no file of the repository: the questionnaire is built in
	cd "$BATS_TEST_TMPDIR"
	cp "$EXAMPLES/osteoscan.yaml" .
	run -0 "$dest/opt/dmn/bin/dmn-validate" -q osteoscan.yaml
	run -0 "$dest/opt/dmn/bin/dmn-validate" -Q "$dest/opt/dmn/share/dmn/has-dmn-2023.yaml" -q osteoscan.yaml
	run -0 --separate-stderr "$dest/opt/dmn/bin/dmn-compare" --json osteoscan.yaml
	[ "$(jq -r '.devices[0].name' <<<"$output")" = "OsteoScan AI" ]
	# the installed pandoc defaults find their reference documents beside them
	for f in comparison portrait; do
		cmp "$dest/opt/dmn/share/dmn/$f.docx" "$ROOT/cmd/pandoc/$f.docx"
		cmp "$dest/opt/dmn/share/dmn/$f.yaml" "$ROOT/cmd/pandoc/$f.yaml"
	done
	if command -v pandoc >/dev/null; then
		"$dest/opt/dmn/bin/dmn-compare" osteoscan.yaml | "$dest/opt/dmn/bin/dmn-report" >c.md
		run -0 pandoc -d "$dest/opt/dmn/share/dmn/comparison.yaml" c.md -o c.docx
		unzip -l c.docx | grep -q word/document.xml
	fi
	# the vendor's form page, as it is (make form-kit adds LHC-Forms beside it)
	cmp "$dest/opt/dmn/share/dmn/form.html" "$ROOT/questionnaires/form.html"
	# the template names the schema installed beside the questionnaire, under the prefix
	cmp "$dest/opt/dmn/share/dmn/has-dmn-2023.schema.json" "$DMN_BUILD/has-dmn-2023.schema.json"
	run -0 --separate-stderr "$dest/opt/dmn/bin/dmn-ask" --template
	[ "${lines[0]}" = "# yaml-language-server: \$schema=$(realpath "$dest/opt/dmn/share/dmn")/has-dmn-2023.schema.json" ]
	# the installed programs find their French catalogue under the prefix they are in
	run -2 --separate-stderr "$dest/opt/dmn/bin/dmn-validate" --lang fr </dev/null
	[ "$stderr" = "<stdin>: erreur : $(LANGUAGE=fr TEXTDOMAINDIR="$dest/opt/dmn/share/locale" LC_ALL=C.UTF-8 gettext -d dmn "no dossier in the input")" ]
	[ "$stderr" != "<stdin>: erreur : no dossier in the input" ]
	# every installed page reads with man -l, and says what it is in its NAME line
	for page in "$dest"/opt/dmn/share/man/man*/*; do
		name=$(basename "$page")
		run -0 --separate-stderr env MANWIDTH=80 man -l "$page"
		[[ ${lines[0],,} == *"${name%.*}("* ]]
		[ "$stderr" = "" ]
	done
	run -0 make -C "$ROOT" -s uninstall PREFIX=/opt/dmn DESTDIR="$dest"
	run -0 find "$dest" ! -type d
	[ "$output" = "" ]
}

@test "make install PREFIX=/opt/dmn: the manual pages name the files under /opt/dmn, never /usr/local" {
	plain_pass_only	# it installs build/, whichever pass runs it
	dest=$BATS_TEST_TMPDIR/dest
	run -0 make -C "$ROOT" -s install PREFIX=/opt/dmn DESTDIR="$dest"
	man=$dest/opt/dmn/share/man
	# the pages in the source name the default PREFIX, /usr/local; installed, this one
	grep -q '^\.It Pa /usr/local/share/dmn/has-dmn-2023\.yaml$' "$ROOT/man/dmn-report.1"
	[ "$(find "$man" -type f | wc -l)" -eq 14 ]
	run -1 grep -rl /usr/local "$man"
	for page in man1/dmn-ask.1 man1/dmn-compare.1 man1/dmn-report.1 man7/dmn.7 fr/man1/dmn-report.1 fr/man7/dmn.7; do
		grep -q '^\.It Pa /opt/dmn/share/dmn/has-dmn-2023\.yaml$' "$man/$page"
		grep -q '^\.It Pa /opt/dmn/share/locale/fr/LC_MESSAGES/dmn\.mo$' "$man/$page"
	done
	grep -qx 'pandoc -d /opt/dmn/share/dmn/comparison.yaml comparatif.md -o comparatif.docx' "$man/man7/dmn.7"
	grep -qx '\.It Pa /opt/dmn/share/man/fr/' "$man/man7/dmn.7"
	# and nothing else changed
	diff <(sed 's|/usr/local|/opt/dmn|g' "$ROOT/man/dmn.7") "$man/man7/dmn.7"
	diff <(sed 's|/usr/local|/opt/dmn|g' "$DMN_BUILD/man/fr/dmn-report.1") "$man/fr/man1/dmn-report.1"
	# directories of their own: each named where it is
	run -0 make -C "$ROOT" -s install PREFIX=/opt/dmn DATADIR=/srv/dmn MANDIR=/opt/man LOCALEDIR=/usr/share/locale \
		DESTDIR="$BATS_TEST_TMPDIR/dest2"
	page=$BATS_TEST_TMPDIR/dest2/opt/man/man7/dmn.7
	grep -q '^\.It Pa /srv/dmn/has-dmn-2023\.yaml$' "$page"
	grep -q '^\.It Pa /usr/share/locale/fr/LC_MESSAGES/dmn\.mo$' "$page"
	grep -qx '\.It Pa /opt/man/fr/' "$page"
	run -0 make -C "$ROOT" -s uninstall PREFIX=/opt/dmn DESTDIR="$dest"
	run -0 find "$dest" ! -type d
	[ "$output" = "" ]
}
