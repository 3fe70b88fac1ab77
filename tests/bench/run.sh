#!/bin/bash
# run.sh [BUILD-DIR]: the benchmarks (make bench; issues 7 and 18). Each dmn program reads
# a stream of generated dossiers on its standard input, side by side with a baseline that
# only parses the same bytes with libyaml's event parser (tests/bench/baseline.c), and the
# targets are judged as ratios of their throughputs, never as lone times.
#
# Two kinds of stream (tests/bench/gendossiers.py, seeded: the same N gives the same bytes):
#   complete  every question answered (a few missing or pending), 24 KB a dossier
#   findings  early dossiers: about 70 % of the questions missing, some pending, about 8
#             invalid answers and a few unknown fields each, 7.7 KB a dossier, about 140
#             findings each (missing questions listed in the output, errors on stderr)
#
# Steady on a shared machine: the figure of a program is its CPU time (user + system, from
# wait4, microseconds), in BENCH_ROUNDS rounds; in each round the programs run in turn,
# BENCH_REPS times each (baseline, programs..., baseline, programs...), and the round's
# figure is the median of its runs; a program's figure is the minimum of its rounds'
# medians. A ratio is given with its spread, the lowest and highest of the rounds' ratios
# (each round's ratio from that round's medians), and a target is PASS only when the whole
# spread clears it.
#
# Benchmarks are not tests: a missed target is reported, and the script still exits 0 (it
# exits 2 only when it cannot run at all: no programs, no compiler, no python3-yaml).
#
# Environment:
#   BENCH_ROUNDS=5              rounds
#   BENCH_REPS=3                runs of each program in a round
#   BENCH_SIZES="1 1000 10000"  stream sizes, in dossiers; targets are judged on the largest
#   BENCH_KINDS="complete findings"
#   BENCH_STARTUP_RUNS=100      runs of each program per round for the start-up ratio
#   BENCH_LANG=fr               the --lang of the dmn programs (French, the guide's language)
#   BENCH_INSTR_DOSSIERS=200    dossiers of each kind run under valgrind's callgrind for the
#                               instructions executed (0: none; skipped without valgrind)
#
# Files: BUILD-DIR/bench/: baseline and timeone (built with the system cc -O2), the streams
# KIND-N.yaml (regenerated only when the generator or the questionnaire changes), *.err (the
# standard error of the last run of each program), times.tsv (every run).
set -u
LC_ALL=C
export LC_ALL

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${1:-$top/build}
build=$(cd "$build" 2>/dev/null && pwd) || { echo "run.sh: no build directory '${1:-build}': run make first" >&2; exit 2; }
out=$build/bench
rounds=${BENCH_ROUNDS:-5}
reps=${BENCH_REPS:-3}
sizes=${BENCH_SIZES:-"1 1000 10000"}
kinds=${BENCH_KINDS:-"complete findings"}
startup_runs=${BENCH_STARTUP_RUNS:-100}
lang=${BENCH_LANG:-fr}
questionnaire=$top/questionnaires/has-dmn-2023.yaml

for p in dmn-validate dmn-report dmn-compare; do
	[ -x "$build/$p" ] || { echo "run.sh: $build/$p is not built: run make first" >&2; exit 2; }
done
mkdir -p "$out" || exit 2

for t in baseline timeone; do
	if [ ! -x "$out/$t" ] || [ "$here/$t.c" -nt "$out/$t" ]; then
		lib=; [ "$t" = baseline ] && lib=-lyaml
		# shellcheck disable=SC2086
		cc -O2 -o "$out/$t" "$here/$t.c" $lib || { echo "run.sh: cannot build $t" >&2; exit 2; }
	fi
done

stream() { # stream KIND N: the path of the stream, generated if needed
	local f=$out/$1-$2.yaml flag=
	[ "$1" = findings ] && flag=--findings
	if [ ! -s "$f" ] || [ "$here/gendossiers.py" -nt "$f" ] || [ "$questionnaire" -nt "$f" ]; then
		# shellcheck disable=SC2086
		if ! python3 "$here/gendossiers.py" $flag "$2" "$questionnaire" >"$f.tmp" || ! mv "$f.tmp" "$f"; then
			rm -f "$f.tmp"
			echo "run.sh: cannot generate $f (python3 and python3-yaml are needed)" >&2
			exit 2
		fi
	fi
	echo "$f"
}

# The programs: a name, a label, a command; the exit statuses that mean it did its job
# (the streams have questions to answer: dmn-validate and dmn-report exit 1).
names=(baseline validate-q validate json report)
declare -A LABEL=([baseline]="baseline (libyaml parse)" [validate-q]="dmn-validate -q"
	[validate]="dmn-validate (YAML out)" [json]="dmn-validate --json"
	[report]="dmn-report (Markdown)" [compare]="dmn-compare (YAML out)")
declare -A TARGET=([validate-q]=0.90 [validate]=0.80 [json]=0.80 [report]=0.60)
cmd_of() {
	case $1 in
	baseline) CMD=("$out/baseline") ;;
	validate-q) CMD=("$build/dmn-validate" -q --lang "$lang") ;;
	validate) CMD=("$build/dmn-validate" --lang "$lang") ;;
	json) CMD=("$build/dmn-validate" --json --lang "$lang") ;;
	report) CMD=("$build/dmn-report" --lang "$lang") ;;
	compare) CMD=("$build/dmn-compare" --lang "$lang") ;;
	esac
}

# run1 NAME INPUT [RUNS]: sets CPU (s, user + system), WALL (s), RSS (kB) and ST
tf=$out/time.out
run1() {
	cmd_of "$1"
	"$out/timeone" -o "$tf" -n "${3:-1}" -i "$2" "${CMD[@]}" >/dev/null 2>"$out/$1.err"
	ST=$?
	read -r WALL RSS CPU < <(awk '{ printf "%s %s %.6f\n", $1, $2, $3 + $4 }' "$tf")
}

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
minimum() { printf '%s\n' "$@" | sort -g | head -n 1; }
maximum() { printf '%s\n' "$@" | sort -g | tail -n 1; }
fmt_bytes() { awk -v b="$1" 'BEGIN { if (b >= 1e6) printf "%.1f MB", b / 1e6; else printf "%.1f kB", b / 1e3 }'; }

echo "dmn benchmarks (issues 7 and 18): $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(uname -srm); $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //') x$(nproc 2>/dev/null); load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
echo "libyaml $(pkg-config --modversion yaml-0.1 2>/dev/null || echo '?'); cc: $(cc --version | head -n 1); dmn: $("$build/dmn-validate" --version 2>/dev/null | head -n 1) ($(git -C "$top" describe --always --dirty 2>/dev/null || echo 'no git'))"
echo "CPU time (user + system); $rounds rounds of $reps runs each, interleaved; a figure is the minimum of the rounds' medians;"
echo "ratio = the baseline's CPU time / the program's (1.00: as fast as parsing with libyaml alone), [lowest-highest"
echo "of the rounds' ratios]; stdout to /dev/null; the dmn programs run with --lang $lang"
echo

declare -A RATIO LO HI RSSOF
printf '%-9s %-8s %-9s %-26s %9s %7s %6s %-13s %10s %4s\n' stream dossiers bytes program "cpu (s)" "MB/s" ratio "[spread]" "peak RSS" exit
printf '%-9s %-8s %-9s %-26s %9s %7s %6s %-13s %10s %4s\n' --------- -------- --------- -------------------------- --------- ------- ------ ------------- ---------- ----
: >"$out/times.tsv"
for kind in $kinds; do
	for n in $sizes; do
		f=$(stream "$kind" "$n") || exit 2
		bytes=$(wc -c <"$f")
		cat "$f" >/dev/null	# in the page cache before the first run
		declare -A MEDS=() RS=() BAD=()
		for ((r = 0; r < rounds; r++)); do
			declare -A RUNS=()
			for ((k = 0; k < reps; k++)); do
				for name in "${names[@]}"; do
					run1 "$name" "$f"
					RUNS[$name]="${RUNS[$name]:-} $CPU"
					[ "${RSS:-0}" -gt "${RS[$name]:-0}" ] && RS[$name]=$RSS
					case "$name:$ST" in baseline:0 | *:0 | [!b]*:1) ;; *) BAD[$name]=$ST ;; esac
					printf '%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\n' "$kind" "$n" "$name" "$r" "$CPU" "$WALL" "$RSS" "$ST" >>"$out/times.tsv"
				done
			done
			for name in "${names[@]}"; do
				# shellcheck disable=SC2086
				MEDS[$name]="${MEDS[$name]:-} $(median ${RUNS[$name]})"
			done
			unset RUNS
		done
		# shellcheck disable=SC2086
		base=$(minimum ${MEDS[baseline]})
		first=1
		for name in "${names[@]}"; do
			# shellcheck disable=SC2086
			fig=$(minimum ${MEDS[$name]})
			# the rounds' ratios, each from the round's own medians
			read -r -a bm <<<"${MEDS[baseline]}"
			read -r -a pm <<<"${MEDS[$name]}"
			rr=()
			for ((r = 0; r < ${#pm[@]}; r++)); do
				rr+=("$(awk -v a="${bm[$r]}" -v b="${pm[$r]}" 'BEGIN { printf "%.4f", (b > 0 ? a / b : 0) }')")
			done
			ratio=$(awk -v a="$base" -v b="$fig" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
			lo=$(minimum "${rr[@]}")
			hi=$(maximum "${rr[@]}")
			RATIO[$kind $n $name]=$ratio; LO[$kind $n $name]=$lo; HI[$kind $n $name]=$hi
			RSSOF[$kind $n $name]=${RS[$name]}
			if [ "$first" = 1 ]; then lk=$kind; ln=$n; lb=$(fmt_bytes "$bytes"); first=0; else lk=; ln=; lb=; fi
			awk -v k="$lk" -v n="$ln" -v b="$lb" -v p="${LABEL[$name]}" -v t="$fig" -v bytes="$bytes" \
			    -v ratio="$ratio" -v lo="$lo" -v hi="$hi" -v rss="${RS[$name]}" -v st="${BAD[$name]:-ok}" 'BEGIN {
				mbs = t > 0 ? bytes / t / 1e6 : 0
				printf "%-9s %-8s %-9s %-26s %9.4f %7.1f %6s %-13s %7.1f MB %4s\n", k, n, b, p, t,
				       mbs, ratio, sprintf("[%.2f-%.2f]", lo, hi), rss / 1024, st }'
		done
		unset MEDS RS BAD
	done
done
echo "(exit: ok = every run exited as expected; a number = an unexpected exit status, see $out/*.err)"

# --- dmn-compare: its time against dmn-validate's, its memory per dossier ----------------
largest=0
for n in $sizes; do [ "$n" -gt "$largest" ] && largest=$n; done
cmp_n=1000
case " $sizes " in *" 1000 "*) ;; *) cmp_n=$largest ;; esac
echo
declare -A CMP
if [ "$cmp_n" -gt 1 ]; then
	f=$(stream complete "$cmp_n") || exit 2
	one=$(stream complete 1) || exit 2
	cm=() vm=()
	for ((r = 0; r < rounds; r++)); do
		run1 compare "$f"; cm+=("$CPU"); cst=$ST; crss=$RSS
		run1 validate "$f"; vm+=("$CPU")
	done
	run1 compare "$one"; crss1=$RSS
	CMP[x]=$(awk -v c="$(minimum "${cm[@]}")" -v v="$(minimum "${vm[@]}")" 'BEGIN { printf "%.2f", c / v }')
	CMP[per]=$(awk -v a="$crss" -v b="$crss1" -v n="$cmp_n" 'BEGIN { printf "%.1f", (a - b) / (n - 1) }')
	echo "dmn-compare on $cmp_n complete dossiers: $(minimum "${cm[@]}") s CPU, ${CMP[x]}x dmn-validate's (YAML out); peak RSS $(awk -v a="$crss" 'BEGIN { printf "%.1f", a / 1024 }') MB ($(awk -v a="$crss1" 'BEGIN { printf "%.1f", a / 1024 }') MB for 1), ${CMP[per]} kB a dossier; exit $cst"
fi

# --- start-up: one dossier, dmn-validate against the baseline, both started by timeone, ---
# --- the CPU time of BENCH_STARTUP_RUNS runs (exec, loading, reading, writing) -----------
one=$(stream complete 1) || exit 2
su=()
for ((r = 0; r < rounds; r++)); do
	run1 baseline "$one" "$startup_runs"; b=$CPU
	run1 validate "$one" "$startup_runs"; v=$CPU
	run1 validate-q "$one" "$startup_runs"; q=$CPU
	su+=("$(awk -v b="$b" -v v="$v" 'BEGIN { printf "%.4f", v / b }')")
	SUB="$b"; SUV="$v"; SUQ="$q"
done
su_med=$(median "${su[@]}"); su_lo=$(minimum "${su[@]}"); su_hi=$(maximum "${su[@]}")
echo "start-up, one dossier ($(fmt_bytes "$(wc -c <"$one")")), $startup_runs runs a round: dmn-validate $(awk -v t="$SUV" -v n="$startup_runs" 'BEGIN { printf "%.2f", t / n * 1000 }') ms, -q $(awk -v t="$SUQ" -v n="$startup_runs" 'BEGIN { printf "%.2f", t / n * 1000 }') ms, baseline $(awk -v t="$SUB" -v n="$startup_runs" 'BEGIN { printf "%.2f", t / n * 1000 }') ms (CPU a run, last round); dmn-validate / baseline: $(printf '%.2f' "$su_med") [$(printf '%.2f' "$su_lo")-$(printf '%.2f' "$su_hi")]"

# --- instructions: the same count on a busy machine as on a quiet one -----------------------
# CPU time on a shared machine moves by a tenth from run to run; the instructions executed
# (valgrind's callgrind, BENCH_INSTR_DOSSIERS of each kind) do not, and say whether a change
# made the programs do less. They are not the targets, which are judged on CPU time: an
# instruction that waits on memory counts as one like any other (and callgrind counts each
# byte of a string instruction, rep movs or rep stos, as one).
instr_n=${BENCH_INSTR_DOSSIERS:-200}
if [ "$instr_n" -gt 0 ] && command -v valgrind >/dev/null 2>&1; then
	echo
	echo "instructions executed (valgrind --tool=callgrind), $instr_n dossiers of each kind, in millions, and the ratio"
	echo "baseline / program (1.00: no more than parsing with libyaml alone):"
	printf '%-9s %9s %16s %16s %16s %16s\n' stream baseline "dmn-validate -q" "YAML out" "--json" "dmn-report"
	for kind in $kinds; do
		f=$(stream "$kind" "$instr_n") || exit 2
		base_ir=
		printf '%-9s' "$kind"
		for name in "${names[@]}"; do
			cmd_of "$name"
			valgrind --tool=callgrind --callgrind-out-file=/dev/null "${CMD[@]}" <"$f" >/dev/null 2>"$out/callgrind.err"
			ir=$(sed -n 's/^==[0-9]*== Collected : \([0-9]*\)$/\1/p' "$out/callgrind.err")
			[ "$name" = baseline ] && base_ir=$ir
			if [ -z "$ir" ] || [ -z "$base_ir" ]; then
				printf ' %16s' "?"
			elif [ "$name" = baseline ]; then
				printf ' %8.0fM' "$(awk -v i="$ir" 'BEGIN { print i / 1e6 }')"
			else
				printf ' %16s' "$(awk -v i="$ir" -v b="$base_ir" 'BEGIN { printf "%.0fM %.2f", i / 1e6, b / i }')"
			fi
		done
		echo
	done
	echo "(the same counts on a busy machine as on a quiet one: they say whether a change made a program do less;"
	echo "the targets are judged on CPU time, where an instruction that waits on memory costs more)"
fi

# --- targets --------------------------------------------------------------------------------
echo
echo "targets (issue 18), on $largest dossiers; PASS only when the whole spread clears the target:"
verdict() { if [ "$1" = 1 ]; then printf '  PASS  %s\n' "$2"; else printf '  MISS  %s\n' "$2"; fi; }
for kind in $kinds; do
	for name in validate-q validate json report; do
		k="$kind $largest $name"
		[ -n "${RATIO[$k]:-}" ] || continue
		verdict "$(awk -v lo="${LO[$k]}" -v t="${TARGET[$name]}" 'BEGIN { print (lo >= t) ? 1 : 0 }')" \
			"$(printf '%-26s %-9s %s [%.2f-%.2f] of the baseline; target >= %s' "${LABEL[$name]}" "$kind" "${RATIO[$k]}" "${LO[$k]}" "${HI[$k]}" "${TARGET[$name]}")"
	done
done
for name in validate-q validate json report; do
	for kind in $kinds; do
		a=${RSSOF[$kind 1 $name]:-}; b=${RSSOF[$kind $largest $name]:-}
		[ -n "$a" ] && [ -n "$b" ] && [ "$largest" -gt 1 ] || continue
		d=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%+.1f", (b / a - 1) * 100 }')
		verdict "$(awk -v d="$d" 'BEGIN { print (d <= 20 && d >= -20) ? 1 : 0 }')" \
			"$(printf '%-26s %-9s peak RSS %.1f MB for 1 dossier, %.1f MB for %d (%s %%); target within +-20 %%' "${LABEL[$name]}" "$kind" "$(awk -v a="$a" 'BEGIN { print a / 1024 }')" "$(awk -v a="$b" 'BEGIN { print a / 1024 }')" "$largest" "$d")"
	done
done
if [ -n "${CMP[x]:-}" ]; then
	verdict "$(awk -v x="${CMP[x]}" 'BEGIN { print (x <= 3) ? 1 : 0 }')" "dmn-compare on $cmp_n dossiers: ${CMP[x]}x the CPU time of dmn-validate (YAML out); target <= 3x"
	verdict "$(awk -v x="${CMP[per]}" 'BEGIN { print (x <= 30000 / 1024) ? 1 : 0 }')" "dmn-compare: ${CMP[per]} kB of peak RSS a complete dossier; target <= 30 KB"
fi
verdict "$(awk -v hi="$su_hi" 'BEGIN { print (hi <= 1.5) ? 1 : 0 }')" "start-up: dmn-validate on one dossier $(printf '%.2f [%.2f-%.2f]' "$su_med" "$su_lo" "$su_hi")x the baseline's CPU time, both started by timeone; target <= 1.5x"
echo
echo "reproduce: make bench (streams, baseline and every run's figures in $out)"
exit 0
