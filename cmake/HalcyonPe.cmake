# Building the PE32+ side (user-mode DLLs and test programs) from the same CMake tree.
#
# The host toolchain builds the kernel; PE32+ images are built by custom commands that call clang
# with --target=x86_64-pc-windows-msvc and lld-link directly. Keeping these as plain commands (not
# a second CMake toolchain) makes every flag visible here and keeps one `cmake --build` for all.
#
# Outputs:
#   ${HALCYON_IMAGE_DIR}/Windows/System32/<dll>.dll   the default system image (C:\ tree)
#   ${HALCYON_PE_LIB_DIR}/<dll>.lib                   import libraries for clang-built programs
#   ${HALCYON_APPS_DIR}/<program>.exe                 test programs

find_program(HALCYON_CLANG NAMES clang-14 clang REQUIRED)
find_program(HALCYON_LLD_LINK NAMES lld-link-14 lld-link REQUIRED)
find_program(HALCYON_DLLTOOL NAMES llvm-dlltool-14 llvm-dlltool REQUIRED)
find_program(HALCYON_MINGW_GCC x86_64-w64-mingw32-gcc)
find_program(HALCYON_MINGW_GXX x86_64-w64-mingw32-g++)
find_package(Python3 REQUIRED COMPONENTS Interpreter)

set(HALCYON_IMAGE_DIR "${CMAKE_BINARY_DIR}/image/C" CACHE INTERNAL "")
set(HALCYON_SYSTEM32_DIR "${HALCYON_IMAGE_DIR}/Windows/System32" CACHE INTERNAL "")
set(HALCYON_PE_LIB_DIR "${CMAKE_BINARY_DIR}/pe-lib" CACHE INTERNAL "")
set(HALCYON_APPS_DIR "${CMAKE_BINARY_DIR}/apps" CACHE INTERNAL "")
set(HALCYON_PE_OBJ_DIR "${CMAKE_BINARY_DIR}/pe-obj" CACHE INTERNAL "")

set(HALCYON_PE_CXXFLAGS
    --target=x86_64-pc-windows-msvc -std=c++20 -O2 -ffreestanding -nostdinc++ -fno-exceptions
    -fno-rtti -fno-stack-protector -fasynchronous-unwind-tables -fms-extensions
    -fno-threadsafe-statics -mno-red-zone -DHALCYON_NO_STDLIB -DHALCYON_USER_MODE
    -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers
    -I${CMAKE_SOURCE_DIR} -I${CMAKE_SOURCE_DIR}/win32/include -I${CMAKE_BINARY_DIR}/gen)
set(HALCYON_PE_CFLAGS
    --target=x86_64-pc-windows-msvc -std=c11 -O2 -ffreestanding -fno-stack-protector
    -fasynchronous-unwind-tables -fms-extensions -DHALCYON_USER_MODE -Wall -Wno-unused-parameter
    -I${CMAKE_SOURCE_DIR} -I${CMAKE_SOURCE_DIR}/win32/include -I${CMAKE_BINARY_DIR}/gen)

# halcyon_pe_compile(<out-var> <target-name> <sources...>) -> list of .obj files
function(halcyon_pe_compile out_var target)
    set(objects)
    foreach(src IN LISTS ARGN)
        get_filename_component(abs "${src}" ABSOLUTE)
        file(RELATIVE_PATH rel "${CMAKE_SOURCE_DIR}" "${abs}")
        if(rel MATCHES "^\\.\\.")
            file(RELATIVE_PATH rel "${CMAKE_BINARY_DIR}" "${abs}")
            set(rel "gen-${rel}")
        endif()
        set(obj "${HALCYON_PE_OBJ_DIR}/${target}/${rel}.obj")
        get_filename_component(ext "${abs}" EXT)
        if(ext STREQUAL ".c")
            set(flags ${HALCYON_PE_CFLAGS})
        elseif(ext STREQUAL ".S" OR ext STREQUAL ".s")
            set(flags --target=x86_64-pc-windows-msvc -I${CMAKE_SOURCE_DIR})
        else()
            set(flags ${HALCYON_PE_CXXFLAGS})
        endif()
        add_custom_command(
            OUTPUT "${obj}"
            COMMAND ${CMAKE_COMMAND} -E make_directory "${HALCYON_PE_OBJ_DIR}/${target}"
            COMMAND ${HALCYON_CLANG} ${flags} -MD -MF "${obj}.d" -c "${abs}" -o "${obj}"
            DEPENDS "${abs}"
            DEPFILE "${obj}.d"
            COMMENT "PE32+ compile ${rel}"
            VERBATIM)
        list(APPEND objects "${obj}")
    endforeach()
    set(${out_var} ${objects} PARENT_SCOPE)
endfunction()

# halcyon_pe_import_lib(<dll>) generates <dll>.def (from win32/<dll>/<dll>.spec) and the import
# library. Import libraries depend only on the spec, so DLLs that import each other never cycle.
function(halcyon_pe_import_lib dll spec kind)
    set(def "${CMAKE_BINARY_DIR}/gen/win32/${dll}.def")
    set(stubs "${CMAKE_BINARY_DIR}/gen/win32/${dll}_stubs.cpp")
    add_custom_command(
        OUTPUT "${def}" "${stubs}"
        COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tools/gen_exports.py "${spec}" --dll ${dll}
                --kind ${kind} --def "${def}" --stubs "${stubs}"
        DEPENDS "${spec}" ${CMAKE_SOURCE_DIR}/tools/gen_exports.py
        COMMENT "Generating ${dll}.def and stubs from ${dll}.spec"
        VERBATIM)
    add_custom_command(
        OUTPUT "${HALCYON_PE_LIB_DIR}/${dll}.lib"
        COMMAND ${CMAKE_COMMAND} -E make_directory "${HALCYON_PE_LIB_DIR}"
        COMMAND ${HALCYON_DLLTOOL} -m i386:x86-64 -d "${def}" -l "${HALCYON_PE_LIB_DIR}/${dll}.lib"
        DEPENDS "${def}"
        COMMENT "Import library ${dll}.lib"
        VERBATIM)
    add_custom_target(pe_implib_${dll} DEPENDS "${HALCYON_PE_LIB_DIR}/${dll}.lib")
endfunction()

# halcyon_pe_dll(NAME <dll> SPEC <file> KIND nt|win32 SOURCES ... [IMPORTS dll...] [ENTRY sym])
function(halcyon_pe_dll)
    cmake_parse_arguments(ARG "" "NAME;SPEC;KIND;ENTRY;BASE" "SOURCES;IMPORTS" ${ARGN})
    if(NOT ARG_KIND)
        set(ARG_KIND win32)
    endif()
    halcyon_pe_import_lib(${ARG_NAME} "${ARG_SPEC}" ${ARG_KIND})
    set(stubs "${CMAKE_BINARY_DIR}/gen/win32/${ARG_NAME}_stubs.cpp")
    halcyon_pe_compile(objects ${ARG_NAME} ${ARG_SOURCES} ${HALCYON_PE_RT_SOURCES} "${stubs}")
    set(libs)
    set(lib_targets)
    foreach(imp IN LISTS ARG_IMPORTS)
        list(APPEND libs "${HALCYON_PE_LIB_DIR}/${imp}.lib")
        list(APPEND lib_targets pe_implib_${imp})
    endforeach()
    if(ARG_ENTRY)
        set(entry "/entry:${ARG_ENTRY}")
    else()
        set(entry "/noentry")
    endif()
    set(base)
    if(ARG_BASE)
        set(base "/base:${ARG_BASE}")
    endif()
    set(dll "${HALCYON_SYSTEM32_DIR}/${ARG_NAME}.dll")
    add_custom_command(
        OUTPUT "${dll}"
        COMMAND ${CMAKE_COMMAND} -E make_directory "${HALCYON_SYSTEM32_DIR}"
        COMMAND ${HALCYON_LLD_LINK} /nologo /dll /machine:x64 /nodefaultlib ${entry} ${base}
                /def:${CMAKE_BINARY_DIR}/gen/win32/${ARG_NAME}.def /out:${dll}
                /implib:${HALCYON_PE_OBJ_DIR}/${ARG_NAME}/unused.lib
                ${objects} ${libs}
        DEPENDS ${objects} ${libs} "${CMAKE_BINARY_DIR}/gen/win32/${ARG_NAME}.def"
        COMMENT "PE32+ link ${ARG_NAME}.dll"
        VERBATIM)
    add_custom_target(pe_${ARG_NAME} ALL DEPENDS "${dll}")
    # Every DLL may include the generated system-call prototypes.
    if(TARGET ntdll_syscall_gen)
        add_dependencies(pe_${ARG_NAME} ntdll_syscall_gen)
    endif()
    foreach(lib_target IN LISTS lib_targets)
        if(TARGET ${lib_target})
            add_dependencies(pe_${ARG_NAME} ${lib_target})
        endif()
    endforeach()
    set_property(GLOBAL APPEND PROPERTY HALCYON_PE_TARGETS pe_${ARG_NAME})
endfunction()

# halcyon_mingw_exe(NAME <prog> SOURCES ... [FLAGS ...] [CXX]) — a test program built exactly as a
# Windows developer would with mingw-w64 (default msvcrt CRT). With CXX it is C++ built by g++ and
# dynamically linked against the toolchain's own libstdc++-6.dll and libgcc_s_seh-1.dll (from
# Debian's mingw-w64 runtime, never committed), which are copied beside the program as an
# installer would ship them. Skipped when the compiler (or the runtime DLLs) are missing.
function(halcyon_mingw_exe)
    cmake_parse_arguments(ARG "CXX" "NAME" "SOURCES;FLAGS" ${ARGN})
    set(compiler ${HALCYON_MINGW_GCC})
    if(ARG_CXX)
        set(compiler ${HALCYON_MINGW_GXX})
    endif()
    if(NOT compiler)
        return()
    endif()
    set(srcs)
    foreach(src IN LISTS ARG_SOURCES)
        get_filename_component(abs "${src}" ABSOLUTE)
        list(APPEND srcs "${abs}")
    endforeach()
    set(runtime)
    set(copy_runtime)
    if(ARG_CXX)
        foreach(dll libstdc++-6.dll libgcc_s_seh-1.dll)
            execute_process(COMMAND ${compiler} -print-file-name=${dll}
                            OUTPUT_VARIABLE path OUTPUT_STRIP_TRAILING_WHITESPACE)
            if(NOT IS_ABSOLUTE "${path}" OR NOT EXISTS "${path}")
                message(STATUS "apps: ${dll} not found beside mingw-w64 g++; ${ARG_NAME} is not built")
                return()
            endif()
            list(APPEND runtime "${path}")
        endforeach()
        set(copy_runtime COMMAND ${CMAKE_COMMAND} -E copy_if_different ${runtime} "${HALCYON_APPS_DIR}")
    endif()
    set(exe "${HALCYON_APPS_DIR}/${ARG_NAME}.exe")
    add_custom_command(
        OUTPUT "${exe}"
        COMMAND ${CMAKE_COMMAND} -E make_directory "${HALCYON_APPS_DIR}"
        COMMAND ${compiler} -O2 -Wall ${ARG_FLAGS} -o "${exe}" ${srcs}
        ${copy_runtime}
        DEPENDS ${srcs} ${runtime}
        COMMENT "mingw-w64 ${ARG_NAME}.exe"
        VERBATIM)
    add_custom_target(app_${ARG_NAME} ALL DEPENDS "${exe}")
    set_property(GLOBAL APPEND PROPERTY HALCYON_PE_TARGETS app_${ARG_NAME})
endfunction()

# halcyon_clang_exe(NAME <prog> SOURCES ... IMPORTS dll...) — a console program built with clang
# against Halcyon's own import libraries, its C headers (win32/include/crt) and its small static
# start-up object (win32/crt0, HALCYON_CRT0_OBJECTS).
function(halcyon_clang_exe)
    cmake_parse_arguments(ARG "" "NAME;ENTRY" "SOURCES;IMPORTS" ${ARGN})
    # halcyon_pe_compile reads HALCYON_PE_CFLAGS from this scope: programs get our CRT's headers as
    # their <stdio.h>, <stdlib.h>, ...
    list(APPEND HALCYON_PE_CFLAGS -I${CMAKE_SOURCE_DIR}/win32/include/crt)
    halcyon_pe_compile(objects app_${ARG_NAME} ${ARG_SOURCES})
    # A custom command's output has a build rule only in the directory of a target that lists it,
    # so the start-up objects from win32/ are usable here only through a target there (pe_crt0).
    # Without one, compile the start-up sources privately for this program.
    set(crt0_objects)
    set(crt0_target)
    if(TARGET pe_crt0 AND HALCYON_CRT0_OBJECTS)
        set(crt0_objects ${HALCYON_CRT0_OBJECTS})
        set(crt0_target pe_crt0)
    else()
        file(GLOB crt0_sources CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/win32/crt0/*.c
             ${CMAKE_SOURCE_DIR}/win32/crt0/*.cpp ${CMAKE_SOURCE_DIR}/win32/crt0/*.S)
        halcyon_pe_compile(crt0_objects app_${ARG_NAME}_crt0 ${crt0_sources})
    endif()
    set(libs)
    set(lib_targets)
    foreach(imp IN LISTS ARG_IMPORTS)
        list(APPEND libs "${HALCYON_PE_LIB_DIR}/${imp}.lib")
        list(APPEND lib_targets pe_implib_${imp})
    endforeach()
    if(NOT ARG_ENTRY)
        set(ARG_ENTRY mainCRTStartup)
    endif()
    set(exe "${HALCYON_APPS_DIR}/${ARG_NAME}.exe")
    add_custom_command(
        OUTPUT "${exe}"
        COMMAND ${CMAKE_COMMAND} -E make_directory "${HALCYON_APPS_DIR}"
        COMMAND ${HALCYON_LLD_LINK} /nologo /machine:x64 /nodefaultlib /subsystem:console
                /entry:${ARG_ENTRY} /out:${exe} ${objects} ${crt0_objects} ${libs}
        DEPENDS ${objects} ${crt0_objects} ${libs}
        COMMENT "PE32+ link ${ARG_NAME}.exe"
        VERBATIM)
    add_custom_target(app_${ARG_NAME} ALL DEPENDS "${exe}")
    add_dependencies(app_${ARG_NAME} ${lib_targets} ${crt0_target})
    set_property(GLOBAL APPEND PROPERTY HALCYON_PE_TARGETS app_${ARG_NAME})
endfunction()

