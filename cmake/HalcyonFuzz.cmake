# Fuzz targets, built two ways from the same harness sources (as SerenityOS's Lagom does):
#
# - HALCYON_FUZZ=ON: a libFuzzer binary `<name>`. The harness is linked with
#   HALCYON_FUZZ_ENGINE (default -fsanitize=fuzzer; OSS-Fuzz passes its $LIB_FUZZING_ENGINE), and
#   the libraries it drives are compiled with -fsanitize=fuzzer-no-link so that coverage feedback
#   reaches into them. Sanitizers come from the preset's flags (the `fuzz` preset: ASan + UBSan).
#   CTest still runs every input of the committed corpus once (libFuzzer's -runs=0).
# - otherwise: a plain program `<name>_replay` (fuzz/common/ReplayMain.cpp supplies main) that
#   CTest runs over the committed corpus, so every normal, sanitizer and coverage build exercises
#   the harness and replays every input a fuzzer ever kept.
#
# Every target is also listed in ${CMAKE_BINARY_DIR}/fuzz/targets.tsv (name, binary, corpus
# directory, options file), which `tools/halcyon fuzz` and fuzz/oss-fuzz/build.sh read, so the
# list of targets lives only in the CMakeLists.txt files.

include_guard(GLOBAL)

set(HALCYON_FUZZ_ENGINE "-fsanitize=fuzzer" CACHE STRING
    "Link flags that supply the fuzzing engine's main (OSS-Fuzz: $LIB_FUZZING_ENGINE)")

set(HALCYON_FUZZ_COMMON_DIR ${CMAKE_SOURCE_DIR}/fuzz/common)

# True when this build should add libFuzzer's coverage instrumentation itself: a libFuzzer build
# whose global flags do not already instrument everything (the `fuzz` preset and OSS-Fuzz's
# libFuzzer builds do; OSS-Fuzz's other engines bring their own instrumentation).
if(HALCYON_FUZZ AND HALCYON_FUZZ_ENGINE STREQUAL "-fsanitize=fuzzer" AND NOT "${CMAKE_CXX_FLAGS}" MATCHES "fuzzer")
    set(HALCYON_FUZZ_ADD_INSTRUMENTATION ON)
else()
    set(HALCYON_FUZZ_ADD_INSTRUMENTATION OFF)
endif()

# Adds -fsanitize=fuzzer-no-link to the libraries a fuzzer drives, when that is this build's job.
function(halcyon_fuzz_instrument)
    if(NOT HALCYON_FUZZ_ADD_INSTRUMENTATION)
        return()
    endif()
    foreach(library IN LISTS ARGN)
        if(TARGET ${library})
            get_target_property(already ${library} HALCYON_FUZZ_INSTRUMENTED)
            if(NOT already)
                target_compile_options(${library} PRIVATE -fsanitize=fuzzer-no-link)
                set_target_properties(${library} PROPERTIES HALCYON_FUZZ_INSTRUMENTED ON)
            endif()
        endif()
    endforeach()
endfunction()

# halcyon_fuzz_target(NAME <name> SOURCES <files...> CORPUS <dir>
#                     [LIBRARIES <targets...>] [INCLUDES <dirs...>] [OPTIONS <file.options>])
#   NAME       fuzz_<area>_<what>; the libFuzzer binary, or <NAME>_replay
#   SOURCES    the harness (defines LLVMFuzzerTestOneInput) and any host-only helpers
#   CORPUS     the committed, minimized corpus (a directory of inputs, at least one file)
#   LIBRARIES  the libraries under test, instrumented for coverage feedback in fuzzing builds
#   OPTIONS    an OSS-Fuzz style .options file ([libfuzzer] key = value) used by tools/halcyon
#              fuzz and copied beside the binary by the OSS-Fuzz build script
function(halcyon_fuzz_target)
    cmake_parse_arguments(FUZZ "" "NAME;CORPUS;OPTIONS" "SOURCES;LIBRARIES;INCLUDES" ${ARGN})
    if(NOT FUZZ_NAME OR NOT FUZZ_SOURCES OR NOT FUZZ_CORPUS)
        message(FATAL_ERROR "halcyon_fuzz_target: NAME, SOURCES and CORPUS are required")
    endif()
    if(HALCYON_FUZZ)
        set(binary ${FUZZ_NAME})
        add_executable(${binary} ${FUZZ_SOURCES})
        separate_arguments(engine UNIX_COMMAND "${HALCYON_FUZZ_ENGINE}")
        target_link_options(${binary} PRIVATE ${engine})
        if(HALCYON_FUZZ_ADD_INSTRUMENTATION)
            target_compile_options(${binary} PRIVATE -fsanitize=fuzzer-no-link)
        endif()
        halcyon_fuzz_instrument(${FUZZ_LIBRARIES})
        # -runs=0: execute the corpus once and exit, as the replay binary does.
        set(test ${binary}_corpus)
        add_test(NAME ${test} COMMAND ${binary} -runs=0 ${FUZZ_CORPUS})
    else()
        set(binary ${FUZZ_NAME}_replay)
        add_executable(${binary} ${FUZZ_SOURCES} ${HALCYON_FUZZ_COMMON_DIR}/ReplayMain.cpp)
        set(test ${binary})
        add_test(NAME ${test} COMMAND ${binary} ${FUZZ_CORPUS})
    endif()
    target_include_directories(${binary} PRIVATE ${CMAKE_SOURCE_DIR} ${FUZZ_INCLUDES})
    target_link_libraries(${binary} PRIVATE ${FUZZ_LIBRARIES})
    # Harnesses are host code built with RTTI while the kernel libraries are -fno-rtti; UBSan's
    # vptr check would need type information those objects do not have.
    target_compile_options(${binary} PRIVATE -fno-sanitize=vptr)
    set_tests_properties(${test} PROPERTIES LABELS fuzz)

    set_property(GLOBAL APPEND PROPERTY HALCYON_FUZZ_MANIFEST
                 "${FUZZ_NAME}\t$<TARGET_FILE:${binary}>\t${FUZZ_CORPUS}\t${FUZZ_OPTIONS}\n")
    set_property(GLOBAL APPEND PROPERTY HALCYON_FUZZ_BINARIES ${binary})
endfunction()

# Writes the manifest and an `all_fuzzers` target; call once, after every halcyon_fuzz_target.
function(halcyon_fuzz_finish)
    get_property(manifest GLOBAL PROPERTY HALCYON_FUZZ_MANIFEST)
    get_property(binaries GLOBAL PROPERTY HALCYON_FUZZ_BINARIES)
    string(REPLACE ";" "" manifest "${manifest}")
    file(GENERATE OUTPUT ${CMAKE_BINARY_DIR}/fuzz/targets.tsv CONTENT "${manifest}")
    add_custom_target(all_fuzzers DEPENDS ${binaries})
endfunction()
