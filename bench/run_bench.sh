#!/usr/bin/env bash
# Halcyon benchmarks (issue 2, acceptance 5). Prints figures; asserts nothing about them.
#
#   bench/run_bench.sh [--preset P] [--runs N] [--iterations N]
#
# (a) `halcyon hello.exe` wall time from process start to exit: median over N runs (fork+exec of
#     build/P/hal-hosted/halcyon --image build/P/image/C build/P/apps/hello.exe, output discarded).
# (b) The round trip of a trivial guest system call: apps/syscall_bench.exe calls ntdll's
#     NtYieldExecution in a loop under halcyon, beside Linux's syscall(SYS_getpid) measured by a
#     host program in the same run.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
preset=hosted-release
runs=50
iterations=1000000
while (($#)); do
    case "$1" in
    --preset) preset=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --iterations) iterations=$2; shift 2 ;;
    -h | --help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run_bench.sh: unknown option $1" >&2; exit 2 ;;
    esac
done

"$repo_root/tools/halcyon" build --preset "$preset" >&2
build="$repo_root/build/$preset"
halcyon="$build/hal-hosted/halcyon"
host_bench="$build/bench/halcyon_bench_host"
image="$build/image/C"
[[ -x "$host_bench" ]] || { echo "run_bench.sh: $host_bench was not built" >&2; exit 1; }

echo "Halcyon benchmarks — preset $preset, $(nproc) CPUs, $(uname -r)"
echo
echo "(a) halcyon hello.exe, process start to exit:"
"$host_bench" spawn "$runs" "$halcyon" --image "$image" "$build/apps/hello.exe" |
    sed 's/^/    halcyon hello.exe: /' || echo "    halcyon hello.exe: FAILED"
"$host_bench" spawn "$runs" /bin/true | sed 's/^/    (reference: \/bin\/true: /; s/$/)/'
echo
echo "(b) trivial system call round trip:"
"$halcyon" --image "$image" "$build/apps/syscall_bench.exe" "$iterations" |
    tr -d '\r' | sed 's/^/    guest /' || echo "    guest NtYieldExecution: FAILED"
"$host_bench" getpid "$iterations" | sed 's/^/    /'
