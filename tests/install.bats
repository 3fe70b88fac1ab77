#!/usr/bin/env bats
# make install and make uninstall: what is installed runs, and nothing is left behind.

load helper

@test "make install puts the program, the man pages and the questionnaire under DESTDIR" {
	dest=$BATS_TEST_TMPDIR/dest
	run -0 make -C "$ROOT" -s install PREFIX=/opt/dmn DESTDIR="$dest"
	run -0 find "$dest" -type f
	[ "$(sort <<<"$output")" = "$dest/opt/dmn/bin/dmn-ask
$dest/opt/dmn/bin/dmn-compare
$dest/opt/dmn/bin/dmn-report
$dest/opt/dmn/bin/dmn-validate
$dest/opt/dmn/share/dmn/has-dmn-2023.yaml
$dest/opt/dmn/share/man/man1/dmn-ask.1
$dest/opt/dmn/share/man/man1/dmn-compare.1
$dest/opt/dmn/share/man/man1/dmn-report.1
$dest/opt/dmn/share/man/man1/dmn-validate.1
$dest/opt/dmn/share/man/man5/dmn-dossier.5
$dest/opt/dmn/share/man/man5/dmn-questionnaire.5
$dest/opt/dmn/share/man/man7/dmn.7" ]
	# the installed program needs no file of the repository: the questionnaire is built in
	cd "$BATS_TEST_TMPDIR"
	cp "$EXAMPLES/osteoscan.yaml" .
	run -0 "$dest/opt/dmn/bin/dmn-validate" -q osteoscan.yaml
	run -0 "$dest/opt/dmn/bin/dmn-validate" -Q "$dest/opt/dmn/share/dmn/has-dmn-2023.yaml" -q osteoscan.yaml
	run -0 --separate-stderr "$dest/opt/dmn/bin/dmn-compare" --json osteoscan.yaml
	[ "$(jq -r '.devices[0].name' <<<"$output")" = "OsteoScan AI" ]
	run -0 make -C "$ROOT" -s uninstall PREFIX=/opt/dmn DESTDIR="$dest"
	run -0 find "$dest" -type f
	[ "$output" = "" ]
}
