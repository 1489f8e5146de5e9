#!/usr/bin/env bash
# A CPU- and I/O-heavy real program under Halcyon hosted, under Wine, and natively on Linux
# (issue 6, acceptance 4). Prints figures; asserts nothing.
#
#   bench/real_program_bench.sh [--preset P] [--megabytes N] [--runs N]
#
# zlib's minigzip and bzip2, from the Debian source packages tests/real-programs fetches, are
# built twice from the same sources: with mingw-w64 (the .exe Halcyon and Wine run) and with the
# host's clang (the native reference). Each compresses and decompresses an N MB generated file
# (text-like, compressible); the figure is the median wall time of the round trip over the runs,
# from process start to exit, and the round trip must give back the original.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
preset=hosted-release
megabytes=50
runs=3
while (($#)); do
    case "$1" in
    --preset) preset=$2; shift 2 ;;
    --megabytes) megabytes=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    -h | --help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "real_program_bench.sh: unknown option $1" >&2; exit 2 ;;
    esac
done

"$repo_root/tools/halcyon" build --preset "$preset" >&2
build="$repo_root/build/$preset"
halcyon="$build/hal-hosted/halcyon"
image="$build/image/C"
cache="$build/tests/real-programs/cache"
runner="$repo_root/tests/real-programs/real_programs.py"
wine=/usr/lib/wine/wine64
work="$build/bench/real-programs"
mkdir -p "$work"

python3 "$runner" fetch --cache "$cache" >&2 || { echo "real_program_bench.sh: cannot fetch the sources" >&2; exit 1; }

# The Linux builds of the same sources (the native reference).
native_build() { # name, sources...
    local name=$1 tree=$2
    shift 2
    local out="$work/$name-linux"
    if [[ ! -x "$out" ]]; then
        (cd "$tree" && clang -O2 -I. -D_FILE_OFFSET_BITS=64 -DHAVE_UNISTD_H -o "$out" "$@")
    fi
    echo "$out"
}
zlib_tree=$(python3 "$runner" source --cache "$cache" --program minigzip)
bzip2_tree=$(python3 "$runner" source --cache "$cache" --program bzip2)
minigzip_linux=$(native_build minigzip "$zlib_tree" adler32.c compress.c crc32.c deflate.c gzclose.c gzlib.c \
    gzread.c gzwrite.c infback.c inffast.c inflate.c inftrees.c trees.c uncompr.c zutil.c test/minigzip.c)
bzip2_linux=$(native_build bzip2 "$bzip2_tree" blocksort.c huffman.c crctable.c randtable.c compress.c \
    decompress.c bzlib.c bzip2.c)
minigzip_exe=$(python3 "$runner" build --cache "$cache" --program minigzip | tail -n 1)
bzip2_exe=$(python3 "$runner" build --cache "$cache" --program bzip2 | tail -n 1)
cp "$minigzip_exe" "$bzip2_exe" "$work/"

# The input: deterministic text-like data.
input="$work/input.dat"
if [[ ! -f "$input" || $(stat -c %s "$input") -ne $((megabytes * 1024 * 1024)) ]]; then
    python3 - "$input" "$megabytes" <<'PY'
import random, sys
random.seed(6)
words = [''.join(random.choice('abcdefghijklmnopqrstuvwxyz') for _ in range(random.randint(2, 9))) for _ in range(5000)]
size = int(sys.argv[2]) * 1024 * 1024
with open(sys.argv[1], 'w') as f:
    written = 0
    while written < size:
        line = ' '.join(random.choice(words) for _ in range(12)) + f' {random.randint(0, 10**6)}\n'
        line = line[: size - written]
        f.write(line)
        written += len(line)
PY
fi

export WINEPREFIX="$build/bench/wine-prefix" WINEDEBUG=-all
have_wine=0
if [[ -x "$wine" ]]; then
    have_wine=1
    "$wine" cmd /c exit >/dev/null 2>&1 || true # create the prefix outside the timings
fi

# round_trip KIND PROGRAM: compress input.dat to stdout, decompress that to stdout, compare.
round_trip() {
    local kind=$1 program=$2 run
    case "$kind" in
    linux) run=("$work/$program-linux") ;;
    halcyon) run=("$halcyon" --image "$image" "$work/$program.exe") ;;
    wine) run=("$wine" "$work/$program.exe") ;;
    esac
    (cd "$work" && "${run[@]}" -c < input.dat > "round.$kind.z" && "${run[@]}" -d -c < "round.$kind.z" > "round.$kind.out")
    cmp -s "$work/round.$kind.out" "$input" || { echo "real_program_bench.sh: $kind $program round trip differs" >&2; exit 1; }
}

median_seconds() { # kind program
    local times=() i start end
    for ((i = 0; i < runs; ++i)); do
        start=$(date +%s.%N)
        round_trip "$1" "$2"
        end=$(date +%s.%N)
        times+=("$(python3 -c "print($end - $start)")")
    done
    printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p"
}

echo "Real-program benchmark — ${megabytes} MB round trip (compress + decompress through stdin/stdout), median of $runs, preset $preset, $(nproc) CPUs"
for program in minigzip bzip2; do
    linux=$(median_seconds linux "$program")
    hal=$(median_seconds halcyon "$program")
    line=$(printf '  %-9s linux %7.2f s   halcyon %7.2f s (%.2fx linux)' "$program" "$linux" "$hal" "$(python3 -c "print($hal / $linux)")")
    if ((have_wine)); then
        w=$(median_seconds wine "$program")
        line+=$(printf '   wine %7.2f s (%.2fx linux)' "$w" "$(python3 -c "print($w / $linux)")")
    fi
    echo "$line"
done
