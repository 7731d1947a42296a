#!/bin/sh
# Runs jxzp on a hostile inbox (bench/hostilegen: six 1,000 × 1,000 formula sheets, 100,000 rows
# written <x:row>, a package inflating to 16 GB, the samples, two forms with a 5,000-row data
# sheet) at the default --workers under GNU time, and prints the peak RSS, the elapsed time and
# the status of every file. The batch must finish with peak RSS under 1 GB.
#
#   sh bench/hostile.sh [work-folder]     (GNU time: apt-get install -y time)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d)}
if [ ! -x /usr/bin/time ]; then
	echo "需要 GNU time：apt-get install -y time" >&2
	exit 2
fi
rm -rf "$work/inbox" "$work/out"
mkdir -p "$work"
(cd "$root" && go build -o "$work/jxzp" . && go run ./bench/hostilegen -o "$work/inbox" -samples samples)
echo "inbox: $(find "$work/inbox" -type f | wc -l) files, $(du -sh "$work/inbox" | cut -f1) on disk; workers: $(nproc) (default)"

status=0
/usr/bin/time -v "$work/jxzp" score "$work/inbox" -o "$work/out" >"$work/stdout" 2>"$work/time" || status=$?
echo "jxzp exit status: $status (1 = some files not processed, as expected)"
grep -E "Maximum resident set size|Elapsed \(wall clock\)" "$work/time" | sed 's/^[[:space:]]*//'
kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time")
echo "peak RSS: $((kb / 1024)) MB"

python3 - "$work/out/results.json" <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
for f in doc["files"]:
    print(f'  {f["status"]:9} {f.get("code") or "":4} {f["path"]}  {f.get("reason") or ""}')
EOF

if [ "$kb" -ge $((1024 * 1024)) ]; then
	echo "FAIL: peak RSS $((kb / 1024)) MB is not under 1 GB" >&2
	exit 1
fi
