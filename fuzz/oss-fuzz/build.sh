#!/bin/bash -eu
# Builds every Halcyon fuzz target the way OSS-Fuzz and ClusterFuzzLite expect: with the compiler
# and flags they pass ($CC $CXX $CFLAGS $CXXFLAGS), the engine they link ($LIB_FUZZING_ENGINE),
# and each target, its .options file and its seed corpus (<target>_seed_corpus.zip) in $OUT.
#
# The list of targets is the one CMake registers (cmake/HalcyonFuzz.cmake writes
# fuzz/targets.tsv in the build directory), so a new halcyon_fuzz_target() is picked up here
# without editing this script. Only the fuzz targets are built: no unit tests, no PE32+ code.
#
# Locally:  CC=clang CXX=clang++ LIB_FUZZING_ENGINE=-fsanitize=fuzzer \
#           CFLAGS="-fsanitize=address,fuzzer-no-link" CXXFLAGS="-fsanitize=address,fuzzer-no-link" \
#           OUT=/tmp/out fuzz/oss-fuzz/build.sh

SOURCE_DIR=${HALCYON_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
BUILD_DIR=${HALCYON_FUZZ_BUILD_DIR:-${WORK:-/tmp}/halcyon-oss-fuzz-build}
: "${CC:=clang}" "${CXX:=clang++}" "${CFLAGS:=}" "${CXXFLAGS:=}"
: "${LIB_FUZZING_ENGINE:=-fsanitize=fuzzer}" "${OUT:?set OUT to the output directory}"
mkdir -p "$OUT"

generator=()
command -v ninja >/dev/null && generator=(-G Ninja)

# The top-level project also describes the PE32+ side (system DLLs built with lld-link and
# llvm-dlltool). None of it is built here, so when those tools are absent (the OSS-Fuzz image has
# no MSVC-target linker) the configure step gets placeholders instead of failing.
pe_tools=()
command -v lld-link >/dev/null || command -v lld-link-14 >/dev/null || pe_tools+=(-DHALCYON_LLD_LINK=/bin/false)
command -v llvm-dlltool >/dev/null || command -v llvm-dlltool-14 >/dev/null ||
    pe_tools+=(-DHALCYON_DLLTOOL=/bin/false)

# No CMAKE_BUILD_TYPE: the optimisation and debug flags are OSS-Fuzz's (they are in $CFLAGS).
cmake -S "$SOURCE_DIR" -B "$BUILD_DIR" "${generator[@]}" "${pe_tools[@]}" \
    -DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX" -DCMAKE_ASM_COMPILER="$CC" \
    -DCMAKE_C_FLAGS="$CFLAGS" -DCMAKE_CXX_FLAGS="$CXXFLAGS" \
    -DHALCYON_FUZZ=ON -DHALCYON_BUILD_TESTS=OFF -DHALCYON_FUZZ_ENGINE="$LIB_FUZZING_ENGINE"
cmake --build "$BUILD_DIR" --target all_fuzzers -j "$(nproc)"

count=0
while IFS=$'\t' read -r name binary corpus options; do
    [[ -n "$name" ]] || continue
    cp "$binary" "$OUT/$name"
    if [[ -n "$options" && -f "$options" ]]; then
        cp "$options" "$OUT/$name.options"
    fi
    rm -f "$OUT/${name}_seed_corpus.zip"
    if [[ -d "$corpus" ]] && [[ -n "$(ls -A "$corpus")" ]]; then
        (cd "$corpus" && zip -q -r -j "$OUT/${name}_seed_corpus.zip" .)
    fi
    count=$((count + 1))
    echo "built $OUT/$name"
done <"$BUILD_DIR/fuzz/targets.tsv"
((count > 0)) || { echo "no fuzz targets were registered" >&2; exit 1; }
