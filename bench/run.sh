#!/usr/bin/env bash
# Benchmark jxzp against a plain openpyxl pipeline and the decode floor, on one generated inbox.
#
#   bench/run.sh N [--scaling] [--no-reference] [--repeat K]
#
# Generates N workbooks (bench/gen, from samples/ and batch/testdata/fixtures/) under
# $BENCH_DIR (default /tmp/jxzp-bench), then runs, one after another on the same inbox:
# the decode floor (bench/floor), `jxzp score` with every core, `jxzp score --workers 1` when
# --scaling is given, and bench/reference.py (openpyxl) unless --no-reference. It prints
# throughput, CPU per workbook (user + system, from /usr/bin/time), peak RSS and the ratios.
#
# The floor and jxzp run K times (default 3), the configurations taking turns, and each figure
# is the median of its K runs: on a shared virtual machine one run's wall time moves by 10-20 %
# with the neighbours' load, and the 2-workers / 1-worker ratio of a single pair with it. Every
# pair's ratio is printed too. The openpyxl reference runs once (minutes at 10,000 workbooks).
set -euo pipefail

usage="usage: bench/run.sh N [--scaling] [--no-reference] [--repeat K]"
n=${1:?$usage}
shift
scaling=0 reference=1 repeat=3
while [ $# -gt 0 ]; do
	case $1 in
	--scaling) scaling=1 ;;
	--no-reference) reference=0 ;;
	--repeat)
		repeat=${2:?$usage}
		shift
		;;
	*) echo "unknown option $1" >&2; exit 2 ;;
	esac
	shift
done
case $repeat in '' | *[!0-9]* | 0) echo "--repeat takes a count of runs, 1 or more" >&2; exit 2 ;; esac

repo=$(cd "$(dirname "$0")/.." && pwd)
dir=${BENCH_DIR:-/tmp/jxzp-bench}
py=${PYTHON:-/usr/bin/python3} # needs openpyxl
mkdir -p "$dir"
cd "$repo"
go build -o "$dir/jxzp" .
go build -o "$dir/floor" ./bench/floor
inbox=$dir/inbox-$n
if [ ! -d "$inbox" ]; then
	go run ./bench/gen -n "$n" -o "$inbox" >/dev/null
fi
files=$(find "$inbox" -name '*.xlsx' | wc -l)

# measure NAME CMD...: runs CMD under /usr/bin/time and appends its wall time, CPU time (user +
# system) and peak RSS (KiB) to $dir/NAME.runs, one line a run; the last run's output stays in
# $dir/NAME.out and NAME.err.
measure() {
	local name=$1
	shift
	local t="$dir/$name.time"
	/usr/bin/time -f "%e %U %S %M" -o "$t" "$@" >"$dir/$name.out" 2>"$dir/$name.err"
	read -r wall user sys rss <"$t"
	echo "$wall $(echo "$user + $sys" | bc -l) $rss" >>"$dir/$name.runs"
}

# median NAME: sets NAME_wall, NAME_cpu and NAME_rss to the medians of NAME's runs, each figure
# on its own (the lower middle one of an even count).
median() {
	local name=$1 col
	local -a f=(wall cpu rss)
	for col in 1 2 3; do
		printf -v "${name}_${f[col - 1]}" %s "$(cut -d' ' -f$col "$dir/$name.runs" | sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}')"
	done
}

# Each measured run writes into a folder of its own under $dir/runs that did not exist before,
# and the bench never deletes one: on an ext4 without a journal (this machine's) the inode
# allocator skips every inode freed in the last 60 s, and in the last 6 minutes once a new
# inode dirties its inode table block (fs/ext4/ialloc.c, RECENTCY_MIN and RECENTCY_DIRTY),
# reading the inode table for each one; deleting the previous run's 20,000 copies before a run
# billed seconds of that system time to the run that came next, not to the work it measures.
# Delete $dir/runs yourself when done, some minutes before measuring again.
runs="$dir/runs/$(date +%Y%m%d-%H%M%S)-$n"
mkdir -p "$runs"
load=$(cut -d" " -f1-3 /proc/loadavg)
rm -f "$dir"/{floor,jxzp,jxzp1,ref}.runs
pairs=""
for k in $(seq "$repeat"); do
	measure floor "$dir/floor" "$inbox"
	JXZP_PHASES=1 measure jxzp "$dir/jxzp" score "$inbox" -o "$runs/out$k"
	if [ $scaling = 1 ]; then
		measure jxzp1 "$dir/jxzp" score "$inbox" -o "$runs/out1-$k" --workers 1
		pairs="$pairs $(tail -1 "$dir/jxzp1.runs" | cut -d' ' -f1)/$(tail -1 "$dir/jxzp.runs" | cut -d' ' -f1)"
	fi
done
median floor
median jxzp
[ $scaling = 1 ] && median jxzp1
if [ $reference = 1 ]; then
	mkdir -p "$runs/ref"
	measure ref "$py" bench/reference.py "$inbox" "$runs/ref"
	median ref
fi

ms() { echo "scale=2; 1000 * $1 / $files" | bc -l; }
tput() { echo "scale=1; $files / $1" | bc -l; }
mib() { echo "$1 / 1024" | bc; }
phase() { awk -v p="$1" '$1 == "phase" && $2 == p { print $3 }' "$dir/jxzp.err"; }

echo "jxzp benchmark: $files workbooks, $(nproc) cores, $(go version | cut -d' ' -f3), $(uname -sm), load average before: $load"
echo "floor and jxzp: median of $repeat runs each, taking turns$([ $reference = 1 ] && echo "; openpyxl: 1 run")"
printf '%-24s %10s %12s %14s %10s\n' run wall_s "workbooks/s" "cpu_ms/workbook" rss_MiB
row() { printf '%-24s %10s %12s %14s %10s\n' "$1" "$2" "$(tput "$2")" "$(ms "$3")" "$(mib "$4")"; }
row "decode floor" "$floor_wall" "$floor_cpu" "$floor_rss"
row "jxzp score ($(nproc) workers)" "$jxzp_wall" "$jxzp_cpu" "$jxzp_rss"
[ $scaling = 1 ] && row "jxzp score (1 worker)" "$jxzp1_wall" "$jxzp1_cpu" "$jxzp1_rss"
[ $reference = 1 ] && row "openpyxl reference" "$ref_wall" "$ref_cpu" "$ref_rss"
echo "jxzp phases (s, last run): walk $(phase walk), read+score $(phase read), annotate $(phase annotate), summary $(phase summary), results.json $(phase results)"
echo "jxzp cpu / decode floor cpu: $(echo "scale=2; $jxzp_cpu / $floor_cpu" | bc -l)x"
if [ $reference = 1 ]; then
	echo "jxzp throughput / openpyxl: $(echo "scale=2; $ref_wall / $jxzp_wall" | bc -l)x  (cpu per workbook: $(echo "scale=2; $ref_cpu / $jxzp_cpu" | bc -l)x)"
fi
if [ $scaling = 1 ]; then
	each=""
	for p in $pairs; do each="$each $(echo "scale=2; $p" | bc -l)x"; done
	echo "jxzp throughput $(nproc) workers / 1 worker: $(echo "scale=2; $jxzp1_wall / $jxzp_wall" | bc -l)x  (each pair:$each)"
fi
echo "outputs kept in $runs (delete $dir/runs when done, some minutes before measuring again)"
