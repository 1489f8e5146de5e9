#include "fuzz/pe/FakeSystem.h"

#include <cstdio>
#include <cstdlib>

#include "pe/Mapper.h"
#include "tests/pe/PeBuilder.h"

namespace halcyon::pe::fuzz {

namespace {

/// Where the fake DLLs pretend to be loaded: high in the user half, 256 MiB apart, as system
/// DLLs are on Windows.
constexpr u64 kFakeSystemBase = 0x7FF800000000ull;
constexpr u64 kFakeSystemStride = 0x10000000ull;
/// Every export of a fake DLL points into its .text section.
constexpr u32 kFakeCodeSize = 0x400;

[[noreturn]] void setup_failed(const char* dll, const char* what) {
    std::fprintf(stderr, "FakeSystem: %s: %s\n", dll, what);
    std::abort();
}

/// Mapped images of the fake DLLs; the Images and ExportTables view these buffers.
std::vector<std::vector<u8>>& mapped_storage() {
    static std::vector<std::vector<u8>> storage;
    return storage;
}

} // namespace

const std::vector<FakeDll>& fake_dll_specs() {
    // Modelled on the real chain: kernel32 forwards to kernelbase, kernelbase to ntdll; a few
    // ordinal-only exports, an ordinal forwarder, a forwarder to an API set, and two cycles.
    static std::vector<FakeDll> const specs = {
        {"ntdll.dll",
         1,
         {{"NtClose", 0, ""},
          {"NtCreateFile", 0, ""},
          {"RtlAllocateHeap", 0, ""},
          {"RtlFreeHeap", 0, ""},
          {"RtlGetLastWin32Error", 0, ""},
          {"", 9, ""}}},
        {"kernelbase.dll",
         1,
         {{"CloseHandle", 0, ""},
          {"CreateFileW", 0, ""},
          {"GetLastError", 0, "NTDLL.RtlGetLastWin32Error"},
          {"HeapAlloc", 0, "NTDLL.RtlAllocateHeap"},
          {"HeapFree", 0, "NTDLL.RtlFreeHeap"},
          {"OrdinalOnly", 0, "NTDLL.#9"},
          {"PingPong", 0, "KERNEL32.PingPong"},
          {"Sleep", 0, ""},
          {"", 12, ""}}},
        {"kernel32.dll",
         1,
         {{"CloseHandle", 0, "KERNELBASE.CloseHandle"},
          {"CreateFileW", 0, "api-ms-win-core-file-l1-1-0.CreateFileW"},
          {"ExitProcess", 0, ""},
          {"GetLastError", 0, "KERNELBASE.GetLastError"},
          {"HeapAlloc", 0, "KERNELBASE.HeapAlloc"},
          {"Loop", 0, "KERNEL32.Loop"},
          {"Missing", 0, "NOWHERE.Missing"},
          {"PingPong", 0, "KERNELBASE.PingPong"},
          {"Sleep", 0, "KERNELBASE.Sleep"},
          {"ByOrdinal", 0, "KERNELBASE.#12"},
          {"", 20, ""},
          {"", 21, "KERNELBASE.#12"}}},
        {"ucrtbase.dll",
         1,
         {{"_initterm", 0, ""}, {"exit", 0, ""}, {"free", 0, ""}, {"malloc", 0, ""}, {"printf", 0, ""}}},
        {"user32.dll", 1, {{"MessageBoxA", 0, ""}, {"MessageBoxW", 0, ""}}},
    };
    return specs;
}

std::vector<u8> build_fake_dll(const FakeDll& dll) {
    test::PeBuilder builder;
    builder.characteristics |= file_characteristics::Dll;
    builder.image_base = 0x180000000ull;
    usize const text = builder.add_section(".text", test::kCode, std::vector<u8>(kFakeCodeSize, 0xC3));
    u32 const text_rva = builder.section(text).rva;
    std::vector<test::ExportSpec> exports;
    u32 offset = 0;
    for (FakeExport const& e : dll.exports) {
        std::string const forwarder = e.forwarder;
        exports.push_back({e.name, e.ordinal, forwarder.empty() ? text_rva + offset : 0, forwarder});
        offset += 0x10;
    }
    test::add_export_section(builder, dll.name, dll.ordinal_base, exports);
    return builder.build();
}

const std::vector<LoadedModule>& fake_system_modules() {
    static std::vector<LoadedModule> const modules = [] {
        std::vector<LoadedModule> result;
        auto const& specs = fake_dll_specs();
        mapped_storage().reserve(specs.size());
        for (usize i = 0; i < specs.size(); ++i) {
            std::vector<u8> const file = build_fake_dll(specs[i]);
            auto parsed = Image::parse({file.data(), file.size()});
            if (parsed.is_error())
                setup_failed(specs[i].name, parsed.error().message());
            std::vector<u8>& memory = mapped_storage().emplace_back(MappingPlan(parsed.value()).mapped_size(), 0);
            if (map_into(parsed.value(), {memory.data(), memory.size()}).is_error())
                setup_failed(specs[i].name, "does not map");
            auto mapped = Image::parse_mapped({memory.data(), memory.size()});
            if (mapped.is_error())
                setup_failed(specs[i].name, mapped.error().message());
            auto exports = ExportTable::open(mapped.value());
            if (exports.is_error())
                setup_failed(specs[i].name, exports.error().message());
            result.push_back({specs[i].name, kFakeSystemBase + i * kFakeSystemStride, mapped.value(),
                              exports.release_value()});
        }
        return result;
    }();
    return modules;
}

} // namespace halcyon::pe::fuzz
