#!/bin/bash
# run.sh [BUILD-DIR]: the benchmarks of issue 7 (make bench). Times dmn-validate,
# dmn-compare and dmn-report (once it is built) on streams of 1, 1,000 and 10,000 generated
# dossiers, side by side with a baseline that only parses the same bytes with libyaml's
# event parser, then the start-up cost on one dossier, then the issue's targets, PASS or
# MISS.
#
# Benchmarks are not tests: a missed target is reported, and the script still exits 0
# (it exits 2 only when it cannot run at all: no programs, no compiler, no python3-yaml).
#
# Environment:
#   BENCH_REPS=5            timed repetitions per program and size (medians are reported)
#   BENCH_SIZES="1 1000 10000"   stream sizes, in dossiers
#   BENCH_STARTUP_RUNS=200  runs per program for the start-up line (in 5 rounds)
#   BENCH_COMPARE_LIMIT=60  seconds one dmn-compare run on 10,000 dossiers may take; beyond
#                           that it is left out of the table (it is optional there)
#   BENCH_LANG=fr           the --lang of the dmn programs (French, the guide's language)
#   BENCH_TIMER=timeone     measure peak RSS with timeone.c even where GNU time exists
#
# Files: BUILD-DIR/bench/baseline (built with the system cc -O2 -lyaml), timeone, and
# BUILD-DIR/bench/dossiers-N.yaml (tests/bench/gendossiers.py, seeded: the same N gives the
# same bytes; regenerated only when the generator or the questionnaire changes).
#
# Timing: wall clock from bash's $EPOCHREALTIME (microseconds) around each run; peak RSS
# from GNU time (/usr/bin/time -f '%e %M', whose own %e is only to 10 ms), or, without it,
# from tests/bench/timeone.c, built like the baseline. Each program reads the stream on
# its standard input, standard output goes to /dev/null, standard error to
# BUILD-DIR/bench/*.err.
# Within one size, the programs run in turn (baseline, tool, tool, ..., baseline, tool,
# ...), so that the ratios compare runs made under the same load of a shared machine.
set -u
LC_ALL=C
export LC_ALL

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${1:-$top/build}
build=$(cd "$build" 2>/dev/null && pwd) || { echo "run.sh: no build directory '${1:-build}': run make first" >&2; exit 2; }
out=$build/bench
reps=${BENCH_REPS:-5}
sizes=${BENCH_SIZES:-"1 1000 10000"}
startup_runs=${BENCH_STARTUP_RUNS:-200}
compare_limit=${BENCH_COMPARE_LIMIT:-60}
lang=${BENCH_LANG:-fr}
questionnaire=$top/questionnaires/has-dmn-2023.yaml
validate=$build/dmn-validate
compare=$build/dmn-compare
report=$build/dmn-report      # measured only once it is built (see PLACE RESERVED below)

for p in "$validate" "$compare"; do
	[ -x "$p" ] || { echo "run.sh: $p is not built: run make first" >&2; exit 2; }
done
[ -n "${EPOCHREALTIME:-}" ] || { echo "run.sh: bash 5 is needed (\$EPOCHREALTIME)" >&2; exit 2; }
mkdir -p "$out" || exit 2

# --- the baseline: libyaml's event parser and nothing else -------------------------------
baseline=$out/baseline
if [ ! -x "$baseline" ] || [ "$here/baseline.c" -nt "$baseline" ]; then
	cc -O2 -o "$baseline" "$here/baseline.c" -lyaml || { echo "run.sh: cannot build the baseline" >&2; exit 2; }
fi

# --- the streams ---------------------------------------------------------------------------
stream() { # stream N: the path of the stream of N dossiers, generated if needed
	local f=$out/dossiers-$1.yaml
	if [ ! -s "$f" ] || [ "$here/gendossiers.py" -nt "$f" ] || [ "$questionnaire" -nt "$f" ]; then
		if ! python3 "$here/gendossiers.py" "$1" "$questionnaire" >"$f.tmp" || ! mv "$f.tmp" "$f"; then
			rm -f "$f.tmp"
			echo "run.sh: cannot generate $f (python3 and python3-yaml are needed)" >&2
			exit 2
		fi
	fi
	echo "$f"
}

# --- measuring -----------------------------------------------------------------------------
# Peak RSS: GNU time, or timeone.c (a C parent: the peak RSS of a child started from
# python3 would include python's own memory, the kernel counting what the child was
# forked from).
tf=$out/time.out
if [ "${BENCH_TIMER:-}" != timeone ] && [ -x /usr/bin/time ] && /usr/bin/time -f '%e %M' -o /dev/null true 2>/dev/null; then
	TIMECMD=(/usr/bin/time -f '%e %M %U %S' -o "$tf")
	timer="GNU time"
else
	if [ ! -x "$out/timeone" ] || [ "$here/timeone.c" -nt "$out/timeone" ]; then
		cc -O2 -o "$out/timeone" "$here/timeone.c" || { echo "run.sh: cannot build timeone" >&2; exit 2; }
	fi
	TIMECMD=("$out/timeone" -o "$tf")
	timer="tests/bench/timeone.c (no /usr/bin/time)"
fi

# run1 INPUT ERRFILE CMD...: runs CMD once, stdin from INPUT; sets WALL (s), RSS (kB),
# CPU (user + system, s) and ST
run1() {
	local in=$1 err=$2 t0 t1
	shift 2
	t0=$EPOCHREALTIME
	"${TIMECMD[@]}" "$@" <"$in" >/dev/null 2>"$err"
	ST=$?
	t1=$EPOCHREALTIME
	# GNU time writes "Command exited with non-zero status N" before the figures
	read -r RSS CPU < <(tail -n 1 "$tf" | awk '{ printf "%s %.6f\n", $2, $3 + $4 }')
	[ -n "$RSS" ] || RSS=0
	[ -n "$CPU" ] || CPU=0
	WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", b - a }')
}

median() { # median of the numbers given as arguments
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "nan"; exit }
		if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# results, by "name N": median wall (s), median peak RSS (kB), median CPU time (s),
# unexpected exit status
declare -A T M C S

# The programs measured: a name, a label, its command (cmd_of: stdin is the stream) and the
# exit statuses that mean it did its job on these streams (dmn-validate and dmn-compare
# exit 1: the generated dossiers have missing and pending answers, as real ones do).
names=(baseline validate-q validate compare report)
declare -A NAMES=([baseline]="baseline (libyaml)" [validate-q]="dmn-validate -q"
	[validate]="dmn-validate (YAML out)" [compare]="dmn-compare (YAML out)"
	[report]="dmn-report (Markdown)")
declare -A OK_STATUS=([baseline]="0" [validate-q]="0 1" [validate]="0 1" [compare]="0 1"
	[report]="0 1")
cmd_of() { # cmd_of NAME: sets CMD to the command line of program NAME
	case $1 in
	true) CMD=("$(type -P true)") ;;
	baseline) CMD=("$baseline") ;;
	validate-q) CMD=("$validate" -q --lang "$lang") ;;
	validate) CMD=("$validate" --lang "$lang") ;;
	compare) CMD=("$compare" --lang "$lang") ;;
	report) CMD=("$report" --lang "$lang") ;;
	esac
}
# ---- dmn-report: PLACE RESERVED (issue 7: dmn-report at least 0.5 of the baseline) -------
# Written before dmn-report existed: whenever $build/dmn-report is built, it is measured
# like the others, rendering the dossier stream as Markdown (one full report per dossier),
# and its target below is checked; otherwise its rows and its target say "not built".
# Its command is in cmd_of, its accepted exit statuses in OK_STATUS.
have_report=0
[ -x "$report" ] && have_report=1
# ------------------------------------------------------------------------------------------

fmt_mb() { awk -v b="$1" 'BEGIN { if (b >= 1e6) printf "%.1f MB", b / 1e6; else printf "%.1f kB", b / 1e3 }'; }

echo "dmn benchmarks (issue 7): $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(uname -srm); $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //') x$(nproc 2>/dev/null); load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
echo "libyaml $(pkg-config --modversion yaml-0.1 2>/dev/null || echo '?'); cc: $(cc --version | head -n 1); dmn: $("$validate" --version 2>/dev/null | head -n 1) ($(git -C "$top" describe --always --dirty 2>/dev/null || echo 'no git'))"
echo "repetitions: $reps (BENCH_REPS), medians; peak RSS from $timer; stdout to /dev/null; dmn programs run with --lang $lang"
echo "ratio = throughput of the program / throughput of the baseline, wall clock, in the same rounds (1.00 = as fast as"
echo "libyaml alone); cpu r. = the same from user+system CPU time, less sensitive to the load of a shared machine (10 ms"
echo "resolution with GNU time: meaningless on one dossier)"
echo

printf '%-8s %-10s %-24s %9s %7s %10s %6s %6s %5s\n' dossiers bytes program "wall (s)" "MB/s" "peak RSS" ratio "cpu r." exit
printf '%-8s %-10s %-24s %9s %7s %10s %6s %6s %5s\n' -------- ---------- ------------------------ --------- ------- ---------- ------ ------ -----
for n in $sizes; do
	f=$(stream "$n") || exit 2
	bytes=$(wc -c <"$f")
	cat "$f" >/dev/null          # in the page cache before the first timed run
	run=(baseline validate-q validate)
	skipped_compare=
	if [ "$n" -le 1000 ]; then
		run+=(compare)
	elif [ "$n" -gt 2000 ]; then
		# dmn-compare keeps every dossier it compares, and compares at most 2000
		skipped_compare="not run: dmn-compare compares at most 2000 dossiers"
	else
		# optional on large streams: one trial run, kept in the table only if it is quick
		timeout "$compare_limit" "$compare" --lang "$lang" <"$f" >/dev/null 2>"$out/compare-$n.err"
		if [ "$?" = 124 ]; then
			skipped_compare="not run: one run took more than $compare_limit s (BENCH_COMPARE_LIMIT)"
		else
			run+=(compare)
		fi
	fi
	[ "$have_report" = 1 ] && run+=(report)
	declare -A W=() R=() U=() X=()
	for ((rep = 0; rep < reps; rep++)); do
		for name in "${run[@]}"; do
			cmd_of "$name"
			run1 "$f" "$out/$name-$n.err" "${CMD[@]}"
			W[$name]="${W[$name]:-} $WALL"
			R[$name]="${R[$name]:-} $RSS"
			U[$name]="${U[$name]:-} $CPU"
			case " ${OK_STATUS[$name]} " in
			*" $ST "*) ;;
			*) X[$name]=$ST ;;
			esac
		done
	done
	for name in "${run[@]}"; do
		# shellcheck disable=SC2086
		T[$name $n]=$(median ${W[$name]})
		# shellcheck disable=SC2086
		M[$name $n]=$(median ${R[$name]})
		# shellcheck disable=SC2086
		C[$name $n]=$(median ${U[$name]})
		S[$name $n]=${X[$name]:-ok}
	done
	unset W R U X
	first=1
	for name in "${names[@]}"; do
		label=$n; size=$(fmt_mb "$bytes")
		[ "$first" = 1 ] || { label=; size=; }
		first=0
		if [ -z "${T[$name $n]:-}" ]; then
			case $name in
			compare) why=${skipped_compare:-not run} ;;
			report) why="not built (place reserved in tests/bench/run.sh)" ;;
			*) why="not run" ;;
			esac
			printf '%-8s %-10s %-24s %s\n' "$label" "$size" "${NAMES[$name]}" "$why"
			continue
		fi
		awk -v lab="$label" -v size="$size" -v prog="${NAMES[$name]}" -v t="${T[$name $n]}" \
		    -v tb="${T[baseline $n]}" -v rss="${M[$name $n]}" -v b="$bytes" -v st="${S[$name $n]}" \
		    -v c="${C[$name $n]}" -v cb="${C[baseline $n]}" \
		    -v isbase="$([ "$name" = baseline ] && echo 1 || echo 0)" 'BEGIN {
			mbs = t > 0 ? b / t / 1e6 : 0
			ratio = isbase ? "1.00" : (t > 0 ? sprintf("%.2f", tb / t) : "-")
			cratio = isbase ? "1.00" : (c > 0 && cb > 0 ? sprintf("%.2f", cb / c) : "-")
			printf "%-8s %-10s %-24s %9.4f %7.1f %7.1f MB %6s %6s %5s\n", lab, size, prog, t, mbs, rss / 1024, ratio, cratio, st
		}'
	done
done
echo "(exit: ok = every run exited as expected; a number = an unexpected exit status, see $out/*.err)"

# --- start-up --------------------------------------------------------------------------------
echo
one=$(stream 1) || exit 2
rounds=5
per=$(( (startup_runs + rounds - 1) / rounds ))
declare -A SU
su_names=(true baseline validate-q validate)
declare -A SU_LABEL=([true]="$(type -P true) (fork+exec only)" [baseline]="baseline (libyaml)" [validate-q]="dmn-validate -q" [validate]="dmn-validate (YAML out)")
declare -A SU_SAMPLES=()
for ((r = 0; r < rounds; r++)); do
	for name in "${su_names[@]}"; do
		cmd_of "$name"
		t0=$EPOCHREALTIME
		for ((i = 0; i < per; i++)); do
			"${CMD[@]}" <"$one" >/dev/null 2>&1
		done
		t1=$EPOCHREALTIME
		SU_SAMPLES[$name]="${SU_SAMPLES[$name]:-} $(awk -v a="$t0" -v b="$t1" -v n="$per" 'BEGIN { printf "%.6f", (b - a) / n * 1000 }')"
	done
done
echo "start-up: one dossier ($(fmt_mb "$(wc -c <"$one")")), $((per * rounds)) runs each in $rounds rounds of $per from a bash loop; median of the rounds' mean times"
for name in "${su_names[@]}"; do
	# shellcheck disable=SC2086
	SU[$name]=$(median ${SU_SAMPLES[$name]})
	awk -v l="${SU_LABEL[$name]}" -v t="${SU[$name]}" -v z="${SU[true]}" 'BEGIN {
		printf "  %-32s %7.3f ms   (%+.3f ms over true)\n", l, t, t - z }'
done

# --- targets -----------------------------------------------------------------------------------
echo
echo "targets (issue 7):"
verdict() { # verdict OK-EXPR TEXT: awk decides
	local ok=$1
	shift
	if [ "$ok" = 1 ]; then printf '  PASS  %s\n' "$*"; else printf '  MISS  %s\n' "$*"; fi
}
na() { printf '  n/a   %s\n' "$*"; }
have() { [ -n "${T[$1]:-}" ]; }

for v in validate-q validate; do
	if have "$v 10000"; then
		r=$(awk -v a="${T[baseline 10000]}" -v b="${T[$v 10000]}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "-" }')
		rc=$(awk -v a="${C[baseline 10000]}" -v b="${C[$v 10000]}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "-" }')
		verdict "$(awk -v r="$r" 'BEGIN { print (r >= 0.8) ? 1 : 0 }')" \
			"${NAMES[$v]} on 10,000 dossiers: $r of the baseline's throughput (CPU time: $rc); target >= 0.80"
	else
		na "${NAMES[$v]} on 10,000 dossiers >= 0.80 of the baseline: 10000 not in BENCH_SIZES"
	fi
done
if [ "$have_report" = 1 ] && have "report 10000"; then
	r=$(awk -v a="${T[baseline 10000]}" -v b="${T[report 10000]}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "-" }')
	rc=$(awk -v a="${C[baseline 10000]}" -v b="${C[report 10000]}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "-" }')
	verdict "$(awk -v r="$r" 'BEGIN { print (r >= 0.5) ? 1 : 0 }')" \
		"dmn-report on 10,000 dossiers: $r of the baseline's throughput (CPU time: $rc); target >= 0.50"
else
	na "dmn-report on 10,000 dossiers >= 0.50 of the baseline: dmn-report not built"
fi
if have "compare 1000" && have "validate 1000"; then
	x=$(awk -v c="${T[compare 1000]}" -v v="${T[validate 1000]}" 'BEGIN { printf "%.2f", c / v }')
	xq=$(awk -v c="${T[compare 1000]}" -v v="${T[validate-q 1000]}" 'BEGIN { printf "%.2f", c / v }')
	verdict "$(awk -v x="$x" 'BEGIN { print (x <= 3) ? 1 : 0 }')" \
		"dmn-compare on 1,000 dossiers: ${x}x the time of dmn-validate (YAML out) on them (${xq}x -q); target <= 3x"
else
	na "dmn-compare on 1,000 dossiers within 3x dmn-validate: 1000 not in BENCH_SIZES"
fi
for v in validate validate-q; do
	if have "$v 1" && have "$v 10000"; then
		d=$(awk -v a="${M[$v 1]}" -v b="${M[$v 10000]}" 'BEGIN { printf "%+.1f", (b / a - 1) * 100 }')
		verdict "$(awk -v d="$d" 'BEGIN { print (d <= 20 && d >= -20) ? 1 : 0 }')" \
			"${NAMES[$v]} peak RSS: $(awk -v a="${M[$v 1]}" 'BEGIN { printf "%.1f", a / 1024 }') MB for 1 dossier, $(awk -v a="${M[$v 10000]}" 'BEGIN { printf "%.1f", a / 1024 }') MB for 10,000 ($d %); target within +-20 %"
	else
		na "${NAMES[$v]} peak RSS flat from 1 to 10,000 dossiers: both sizes needed in BENCH_SIZES"
	fi
done
verdict "$(awk -v t="${SU[validate]}" 'BEGIN { print (t < 3) ? 1 : 0 }')" \
	"start-up: dmn-validate (YAML out) on one dossier $(awk -v t="${SU[validate]}" 'BEGIN { printf "%.2f", t }') ms wall (-q $(awk -v t="${SU[validate-q]}" 'BEGIN { printf "%.2f", t }') ms; /bin/true $(awk -v t="${SU[true]}" 'BEGIN { printf "%.2f", t }') ms, baseline $(awk -v t="${SU[baseline]}" 'BEGIN { printf "%.2f", t }') ms); target < 3 ms"
echo
echo "reproduce: make bench [BENCH_REPS=$reps] (streams and baseline cached in $out)"
exit 0
