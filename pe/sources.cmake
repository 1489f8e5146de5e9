# The pe/ library's sources as absolute paths, so every build that compiles pe/ (the host
# library below, ntdll's PE32+ build, the bare-metal kernel) uses the same list.
set(HALCYON_PE_SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/ApiSet.cpp
    ${CMAKE_CURRENT_LIST_DIR}/Debug.cpp
    ${CMAKE_CURRENT_LIST_DIR}/Errors.cpp
    ${CMAKE_CURRENT_LIST_DIR}/Exports.cpp
    ${CMAKE_CURRENT_LIST_DIR}/Image.cpp
    ${CMAKE_CURRENT_LIST_DIR}/Imports.cpp
    ${CMAKE_CURRENT_LIST_DIR}/LoadConfig.cpp
    ${CMAKE_CURRENT_LIST_DIR}/Mapper.cpp
    ${CMAKE_CURRENT_LIST_DIR}/Relocations.cpp
    ${CMAKE_CURRENT_LIST_DIR}/Resources.cpp
    ${CMAKE_CURRENT_LIST_DIR}/Tls.cpp
    ${CMAKE_CURRENT_LIST_DIR}/Unwind.cpp
)
# The repository root, the include directory pe/ code expects ("pe/Image.h", "core/lib/...").
get_filename_component(HALCYON_PE_INCLUDE_DIR "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
