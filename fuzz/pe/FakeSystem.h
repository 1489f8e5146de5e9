#pragma once

// A tiny fake system for the load-pipeline fuzzer: a few exporting DLLs (ntdll, kernelbase,
// kernel32, ucrtbase, user32) built with the tests' PeBuilder, mapped once into host buffers at
// pretend load addresses, and a resolver that binds an image's imports against them the way
// ntdll's loader does (API-set names, hint then binary search, ordinals, forwarders followed with
// a bounded depth and cycle detection). The image under test joins the set under its own export
// name, so fuzzed export tables and forwarder cycles are exercised too.
//
// The export table below is shared with MakeLoadSeeds.cpp, which writes seed images that import
// from these DLLs, so seeds bind successfully and the fuzzer starts from the deep end.

#include <string>
#include <vector>

#include "pe/Exports.h"
#include "pe/Image.h"

namespace halcyon::pe::fuzz {

struct FakeExport {
    /// Empty: exported by ordinal only.
    const char* name;
    /// Biased ordinal; 0 = the next free one.
    u32 ordinal;
    /// Non-empty: a forwarder ("KERNELBASE.GetLastError", "NTDLL.#3").
    const char* forwarder;
};

struct FakeDll {
    const char* name;
    u32 ordinal_base;
    std::vector<FakeExport> exports;
};

/// What the fake system exports; MakeLoadSeeds imports from it.
const std::vector<FakeDll>& fake_dll_specs();

/// A module the resolver can bind against: mapped at `base`, its exports opened on the mapping.
struct LoadedModule {
    std::string name;
    u64 base{0};
    Image image;
    ExportTable exports;
};

/// The fake system DLLs, built and mapped on first use (they live until exit).
const std::vector<LoadedModule>& fake_system_modules();

/// Builds the file image of one fake DLL (exposed for the seed generator).
std::vector<u8> build_fake_dll(const FakeDll& dll);

} // namespace halcyon::pe::fuzz
