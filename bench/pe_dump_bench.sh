#!/usr/bin/env bash
# pe-dump throughput over the tests/pe-diff corpus, beside llvm-readobj over the same files in
# the same run (issue 3, acceptance 4). Prints figures; asserts nothing.
#
#   bench/pe_dump_bench.sh [--build DIR] [--seconds S] [--reps N] [--per-process N]
#
# Whole tool against whole tool, the headline: each command runs over the corpus through xargs,
# N files per process (default 200; with the whole corpus in one process llvm-readobj, which
# loads LLVM's shared libraries at start-up, gains more than pe-dump), output to /dev/null;
# wall-clock and CPU (user + system, the processes and xargs) are the median of N repetitions
# (default 5), the tools taking turns in each:
#   pe-dump --json --imports-exports: pe/ validates the headers, section table and data
#     directories, then walks imports, delay-load imports and exports (every descriptor,
#     thunk, name, ordinal and forwarder bounds-checked) and prints them as JSON;
#   pe-dump --json: the same plus sections, TLS, resources, every unwind-info chain of the
#     exception table, base relocations, load config and debug directory, all validated;
#   llvm-readobj --coff-imports --coff-exports: its COFF headers, imports, delay imports and
#     exports, printed as text.
# pe-dump reads only what it walks (the headers, then the sections holding the tables, checked
# against what pe/ actually read: tools/pe-dump/FileWindow.h); `--map-whole` maps each file
# whole as llvm-readobj does, shown beside it.
# Also one process per file (how tests/pe-diff ran llvm-readobj), and in process
# (build/.../bench/halcyon_bench_pe_dump): pe/ parse and JSON into a discarding buffer with the
# files held in memory (wall-clock), then pe-dump's own loop over the files on disk beside the
# kernel's per-file floor (open, fstat, read the first 4 KiB, close) and beside mapping each
# file whole, in CPU time, which says how much of a whole-process run is parsing and printing and how much is not.
# The corpus is fetched by tests/pe-diff/run_diff.py (apt).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$repo_root/build/hosted-release"
seconds=3
reps=5
per_process=200
while (($#)); do
    case "$1" in
    --build) build=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --reps) reps=$2; shift 2 ;;
    --per-process) per_process=$2; shift 2 ;;
    -h | --help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "pe_dump_bench.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
[[ -d "$build" ]] || { echo "pe_dump_bench.sh: no build at $build (tools/halcyon build first)" >&2; exit 1; }
cmake --build "$build" --target pe-dump halcyon_bench_pe_dump >&2
pe_dump="$build/tools/pe-dump/pe-dump"
bench="$build/bench/halcyon_bench_pe_dump"
readobj=$(command -v llvm-readobj-14 || command -v llvm-readobj)
# timed_xargs splits its commands on spaces.
[[ "$pe_dump$readobj" != *" "* ]] || { echo "pe_dump_bench.sh: paths with spaces are not supported" >&2; exit 1; }

all=$(mktemp)
list=$(mktemp)
failed=$(mktemp)
trap 'rm -f "$all" "$list" "$failed"' EXIT
python3 "$repo_root/tests/pe-diff/run_diff.py" --pe-dump "$pe_dump" --cache "$build/pe-corpus" --list-files >"$all"
(($(wc -l <"$all") > 0)) || { echo "pe_dump_bench.sh: empty corpus (no apt source?)" >&2; exit 1; }

# One llvm-readobj process per file finds the files it cannot read: llvm-readobj abandons the
# rest of its command line at such a file, so they are left out of every measurement below to
# keep the comparison on the same files.
while IFS= read -r file; do
    "$readobj" --coff-imports --coff-exports "$file" >/dev/null 2>&1 || echo "$file" >>"$failed"
done <"$all"
grep -vxFf "$failed" "$all" >"$list" || true
count=$(wc -l <"$list")
bytes=$(xargs -d '\n' stat -c %s <"$list" | awk '{s += $1} END {printf "%d", s}')
mb=$(awk -v b="$bytes" 'BEGIN {printf "%.1f", b / 1e6}')

# Runs each command (one per argument, words split on spaces) over the corpus with xargs, N
# files per process, `reps` rounds, the commands taking turns within each round so that a change
# in the machine's load (it is shared) hits them alike; prints one line per command with the
# medians "wall cpu" in seconds. CPU is user + system time of xargs and every process it ran,
# from getrusage(RUSAGE_CHILDREN) (precise in total; GNU time rounds to 10 ms).
timed_xargs() {
    local per=$1
    shift
    python3 - "$list" "$reps" "$per" "$@" <<'PY'
import resource, statistics, subprocess, sys, time
files, reps, per, commands = sys.argv[1], int(sys.argv[2]), sys.argv[3], [c.split(" ") for c in sys.argv[4:]]
walls, cpus = [[] for _ in commands], [[] for _ in commands]
for _ in range(reps):
    for index, command in enumerate(commands):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        with open(files, "rb") as stdin:
            subprocess.run(["xargs", "-d", "\n", "-n", per] + command, stdin=stdin,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        walls[index].append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus[index].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
for index in range(len(commands)):
    print(f"{statistics.median(walls[index]):.4f} {statistics.median(cpus[index]):.4f}")
PY
}
# "wall cpu" -> "N files/s, M MB/s wall (W s); N files/s, M MB/s CPU (C s)"
rate() {
    awk -v w="$1" -v c="$2" -v n="$count" -v mb="$mb" 'BEGIN {
        printf "%6.0f files/s %6.1f MB/s wall (%.4f s) | %6.0f files/s %6.1f MB/s CPU (%.4f s)", n / w, mb / w, w, n / c, mb / c, c }'
}
output_bytes() { xargs -d '\n' -n "$per_process" "$@" <"$list" 2>/dev/null | wc -c; }

echo "pe-dump throughput: $count PE files, $bytes bytes ($mb MB), $(wc -l <"$failed") more that llvm-readobj cannot read left out; $(nproc) CPUs, median of $reps runs"
echo "(MB/s counts whole files; pe-dump reads the headers and the sections holding the tables it walks,"
echo " llvm-readobj maps each file and touches the pages it reads)"
echo "what each side does, per file:"
echo "  pe-dump --json --imports-exports: validates DOS/NT/optional headers, section table and data"
echo "    directories; walks imports, delay-load imports, exports (every descriptor, thunk, hint/name,"
echo "    name, ordinal, forwarder bounds-checked) and prints them as JSON (static binary, $(basename "$pe_dump"))"
echo "  pe-dump --json: the same, plus sections (long names), TLS, resources, every unwind-info chain,"
echo "    base relocations, load config, debug directory, all validated"
echo "  $(basename "$readobj") --coff-imports --coff-exports: parses the COFF headers and prints imports,"
echo "    delay imports and exports as text ($(readlink -f "$readobj"), dynamically linked as packaged)"
echo "output bytes: pe-dump --json --imports-exports $(output_bytes "$pe_dump" --json --imports-exports)," \
    "pe-dump --json $(output_bytes "$pe_dump" --json), llvm-readobj $(output_bytes "$readobj" --coff-imports --coff-exports)"
echo
echo "(a) in process (one pass = every file once):"
"$bench" --min-seconds "$seconds" $(cat "$list") 2>&1 | sed 's/^/    /'
echo
per_label=$((per_process < count ? per_process : count))
echo "(b) whole process, $per_label files per process (xargs), output to /dev/null:"
{
    read -r ie_w ie_c
    read -r iem_w iem_c
    read -r all_w all_c
    read -r ro_w ro_c
} < <(timed_xargs "$per_process" "$pe_dump --json --imports-exports" "$pe_dump --json --imports-exports --map-whole" \
    "$pe_dump --json" "$readobj --coff-imports --coff-exports")
echo "    pe-dump --json --imports-exports        $(rate "$ie_w" "$ie_c")"
echo "      the same with --map-whole             $(rate "$iem_w" "$iem_c")"
echo "    pe-dump --json (every table)             $(rate "$all_w" "$all_c")"
echo "    llvm-readobj --coff-imports --coff-exports $(rate "$ro_w" "$ro_c")"
echo
echo "(c) whole process, 1 file per process:"
{
    read -r ie1_w ie1_c
    read -r ro1_w ro1_c
} < <(timed_xargs 1 "$pe_dump --json --imports-exports" "$readobj --coff-imports --coff-exports")
echo "    pe-dump --json --imports-exports        $(rate "$ie1_w" "$ie1_c")"
echo "    llvm-readobj --coff-imports --coff-exports $(rate "$ro1_w" "$ro1_c")"
echo
awk -v per="$per_label" -v iew="$ie_w" -v iec="$ie_c" -v iemw="$iem_w" -v iemc="$iem_c" -v aw="$all_w" -v ac="$all_c" -v rw="$ro_w" -v rc="$ro_c" \
    -v ie1w="$ie1_w" -v ie1c="$ie1_c" -v r1w="$ro1_w" -v r1c="$ro1_c" 'BEGIN {
    printf "ratios (llvm-readobj time / pe-dump time, same files, same run):\n"
    printf "    headline, %d files/process, pe-dump --imports-exports: %.1fx wall, %.1fx CPU\n", per, rw / iew, rc / iec
    printf "    %d files/process, pe-dump --imports-exports --map-whole: %.1fx wall, %.1fx CPU\n", per, rw / iemw, rc / iemc
    printf "    %d files/process, pe-dump walking every table:         %.1fx wall, %.1fx CPU\n", per, rw / aw, rc / ac
    printf "    1 file/process, pe-dump --imports-exports:              %.1fx wall, %.1fx CPU\n", r1w / ie1w, r1c / ie1c
    cpu_met = (rc / iec >= 10) ? "met" : "NOT met"
    wall_met = (rw / iew >= 10) ? "met" : "NOT met"
    printf "target (issue 3, headline): >= 10x -- CPU %s, wall %s\n", cpu_met, wall_met }'
