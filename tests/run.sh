#!/bin/sh
# run.sh BUILD-DIR [sanitized]: the bats suite against one build of the programs; prints
# the TAP stream, then one line "N passed, N failed, N skipped" for CI; exits 1 on failure.
build=$1
dir=$(cd "$(dirname "$0")" && pwd)
log=$(mktemp) || exit 2
if [ "$2" = sanitized ]; then
	# a sanitizer finding exits 86 or 87, never 1 or 2: a test expecting findings fails
	DMN_SANITIZED=1
	ASAN_OPTIONS=detect_leaks=1:exitcode=86
	# a library's own leak, suppressed by name, its report unprinted (tests/lsan.supp)
	LSAN_OPTIONS=exitcode=86:suppressions=$dir/lsan.supp:print_suppressions=0
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=87
	export DMN_SANITIZED ASAN_OPTIONS LSAN_OPTIONS UBSAN_OPTIONS
fi
DMN_BUILD=$build
export DMN_BUILD
{ bats --timing "$dir"; echo $? >"$log.rc"; } | tee "$log"
rc=$(cat "$log.rc")
passed=$(grep -c '^ok .*' "$log" | head -1)
skipped=$(grep -c '^ok .* # skip' "$log")
failed=$(grep -c '^not ok' "$log")
rm -f "$log" "$log.rc"
echo "$build: $((passed - skipped)) passed, $failed failed, $skipped skipped"
[ "$rc" = 0 ] && [ "$failed" = 0 ]
