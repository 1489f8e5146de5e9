// libFuzzer harness for version.dll's VS_VERSIONINFO walker (win32/version/VersionInfo.cpp). The
// input is the block; the queries programs make most are run against it.
//
// Invariant: a value found lies inside the block.

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <string>

#include "win32/version/VersionInfo.h"

using namespace halcyon::win32;

namespace {

void check(bool condition, const char* what) {
    if (!condition) {
        fprintf(stderr, "FuzzVersionInfo invariant failed: %s\n", what);
        abort();
    }
}

void query(const uint8_t* data, size_t size, const char* path) {
    std::u16string wide(path, path + std::char_traits<char>::length(path));
    VersionValue value{};
    if (!query_version_value(data, size, reinterpret_cast<const uint16_t*>(wide.data()), wide.size(), value))
        return;
    check(value.data >= data && value.data + value.size <= data + size, "value inside the block");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    check(version_block_length(data, size) <= size, "root inside the block");
    query(data, size, "\\");
    query(data, size, "\\VarFileInfo\\Translation");
    query(data, size, "\\StringFileInfo\\040904b0\\ProductName");
    query(data, size, "\\StringFileInfo\\040904b0\\FileDescription");
    query(data, size, "\\\\StringFileInfo\\\\");
    return 0;
}
