#!/usr/bin/env bash
# pe-dump throughput over the tests/pe-diff corpus, beside llvm-readobj over the same files in
# the same run (issue 3, acceptance 4). Prints figures; asserts nothing.
#
#   bench/pe_dump_bench.sh [--build DIR] [--seconds S]
#
# (a) in process: pe/ parse + every directory walk + JSON for each file, files held in memory
#     (build/.../bench/halcyon_bench_pe_dump);
# (b) whole process: `pe-dump --json` over the corpus, 200 files per process;
# (c) whole process: `llvm-readobj --coff-imports --coff-exports` over the same files, 200 per
#     process, and one process per file (how the differential test runs it).
# Ratios are against (c, batched). The corpus is fetched by tests/pe-diff/run_diff.py (apt).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$repo_root/build/hosted-release"
seconds=3
while (($#)); do
    case "$1" in
    --build) build=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    -h | --help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "pe_dump_bench.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
[[ -d "$build" ]] || { echo "pe_dump_bench.sh: no build at $build (tools/halcyon build first)" >&2; exit 1; }
cmake --build "$build" --target pe-dump halcyon_bench_pe_dump >&2
pe_dump="$build/tools/pe-dump/pe-dump"
bench="$build/bench/halcyon_bench_pe_dump"
readobj=$(command -v llvm-readobj-14 || command -v llvm-readobj)

all=$(mktemp)
list=$(mktemp)
failed=$(mktemp)
trap 'rm -f "$all" "$list" "$failed"' EXIT
python3 "$repo_root/tests/pe-diff/run_diff.py" --pe-dump "$pe_dump" --cache "$build/pe-corpus" --list-files >"$all"
(($(wc -l <"$all") > 0)) || { echo "pe_dump_bench.sh: empty corpus (no apt source?)" >&2; exit 1; }

# One llvm-readobj process per file (how tests/pe-diff runs it), which also finds the files it
# cannot read: llvm-readobj abandons the rest of its command line at such a file, so they are
# left out of every measurement below to keep the comparison on the same files.
while IFS= read -r file; do
    "$readobj" --coff-imports --coff-exports "$file" >/dev/null 2>&1 || echo "$file" >>"$failed"
done <"$all"
grep -vxFf "$failed" "$all" >"$list" || true
count=$(wc -l <"$list")
mb=$(xargs -d '\n' stat -c %s <"$list" | awk '{s += $1} END {printf "%.1f", s / 1e6}')

# Runs "$@" over the corpus with xargs (N files per process); prints elapsed seconds.
timed_xargs() {
    local per=$1
    shift
    local start end
    start=$(date +%s.%N)
    xargs -d '\n' -n "$per" "$@" <"$list" >/dev/null 2>&1 || true
    end=$(date +%s.%N)
    echo "$end - $start" | bc -l
}
rate() { # seconds [files] -> "N files/s, M MB/s"
    awk -v s="$1" -v n="${2:-$count}" -v mb="$mb" 'BEGIN {printf "%.0f files/s, %.1f MB/s (%.2f s)", n / s, mb / s, s}'
}

echo "pe-dump throughput — $count PE files ($(wc -l <"$failed") more that llvm-readobj cannot read left out), $mb MB, $(nproc) CPUs"
echo "(MB/s counts whole files; both tools map them and read only headers and tables)"
in_process=$("$bench" --min-seconds "$seconds" $(cat "$list") 2>&1)
echo "$in_process" | sed 's/^/  (a) in process, /'
in_process=$(echo "$in_process" | grep '^parse:')
dump_s=$(timed_xargs 200 "$pe_dump" --json)
echo "  (b) pe-dump --json, 200 files/process:  $(rate "$dump_s")"
dump1_s=$(timed_xargs 1 "$pe_dump" --json)
echo "      pe-dump --json, 1 file/process:     $(rate "$dump1_s")"
readobj_s=$(timed_xargs 200 "$readobj" --coff-imports --coff-exports)
echo "  (c) llvm-readobj, 200 files/process:    $(rate "$readobj_s")"
readobj1_s=$(timed_xargs 1 "$readobj" --coff-imports --coff-exports)
echo "      llvm-readobj, 1 file/process:       $(rate "$readobj1_s")"
in_rate=$(echo "$in_process" | sed -E 's/.*: ([0-9.]+) files\/s.*/\1/')
awk -v a="$in_rate" -v b="$dump_s" -v b1="$dump1_s" -v c="$readobj_s" -v c1="$readobj1_s" -v n="$count" 'BEGIN {
    printf "  in-process pe/ vs llvm-readobj processes: %.1fx (vs 200 files/process), %.1fx (vs 1 file/process)\n", a / (n / c), a / (n / c1)
    printf "  whole process vs whole process:           %.1fx (200 files/process each), %.1fx (1 file/process each)\n", c / b, c1 / b1 }'
