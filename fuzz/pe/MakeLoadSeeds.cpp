// Writes the seed corpus of fuzz_pe_load: small images built with the tests' PeBuilder whose
// imports bind against the fake system of FakeSystem.cpp — successfully through every kind of
// lookup (hint, binary search, ordinal, forwarder chains, API sets, delay loads, self-imports),
// and unsuccessfully in each way the loader can fail (missing DLL, missing export, bad ordinal,
// forwarder cycle, forwarder to a missing DLL). Usage: pe_make_load_seeds <output directory>.
//
// The committed corpus (fuzz/pe/corpus/load) is these seeds plus what fuzzing grew, minimized
// with `tools/halcyon fuzz fuzz_pe_load --merge`.

#include <cstdio>
#include <fstream>
#include <string>

#include "fuzz/pe/FakeSystem.h"
#include "tests/pe/PeBuilder.h"

using namespace halcyon;
using namespace halcyon::pe;
using namespace halcyon::pe::test;

namespace {

std::string g_directory;

void write(const std::string& name, const std::vector<u8>& bytes) {
    std::ofstream out(g_directory + "/" + name, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!out)
        std::fprintf(stderr, "pe_make_load_seeds: cannot write %s\n", name.c_str());
}

/// An executable with code, a data page holding absolute addresses (DIR64 relocations), and
/// the given imports.
PeBuilder executable_importing(const std::vector<ImportDllSpec>& imports) {
    PeBuilder builder;
    usize const text = builder.add_section(".text", kCode, std::vector<u8>(0x40, 0xC3));
    builder.entry_rva = builder.section(text).rva;
    std::vector<u8> data(0x20, 0);
    u32 const data_rva = builder.next_rva();
    write_u64(data, 0, builder.image_base + builder.entry_rva);
    write_u64(data, 8, builder.image_base + data_rva);
    builder.add_section(".data", kReadWriteData, data);
    add_import_section(builder, imports);
    add_relocation_section(builder, relocation_block(data_rva, {relocation_entry(relocation_type::Dir64, 0),
                                                                relocation_entry(relocation_type::Dir64, 8)}));
    return builder;
}

/// A DLL named `name` whose exports include forwarders to itself, importing from itself.
std::vector<u8> self_importing_dll(const std::string& name, const std::vector<ExportSpec>& exports,
                                   const std::vector<ImportSpec>& imports) {
    PeBuilder builder;
    builder.characteristics |= file_characteristics::Dll;
    builder.image_base = 0x180000000ull;
    usize const text = builder.add_section(".text", kCode, std::vector<u8>(0x40, 0xC3));
    u32 const text_rva = builder.section(text).rva;
    std::vector<ExportSpec> resolved = exports;
    for (ExportSpec& e : resolved)
        if (e.forwarder.empty())
            e.rva = text_rva + e.rva;
    add_export_section(builder, name, 1, resolved);
    add_import_section(builder, {{name, imports}});
    return builder.build();
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s <output directory>\n", argv[0]);
        return 2;
    }
    g_directory = argv[1];

    // Binds completely: hint and binary search, one- two- and three-hop forwarders, an API-set
    // forwarder, an ordinal forwarder, an ordinal-only import, API-set imports.
    {
        PeBuilder builder = executable_importing(
            {{"KERNEL32.dll",
              {{"ExitProcess", 3}, {"GetLastError", 0}, {"HeapAlloc", 4}, {"CreateFileW", 1}, {"ByOrdinal", 0},
               {"", 0, 20}, {"", 0, 21}, {"Sleep", 0}}},
             {"api-ms-win-crt-runtime-l1-1-0.dll", {{"_initterm", 0}, {"exit", 1}}},
             {"api-ms-win-crt-heap-l1-1-0.dll", {{"malloc", 3}, {"free", 2}}},
             {"ntdll.dll", {{"NtClose", 0}, {"", 0, 9}}}});
        add_tls_section(builder, {1, 2, 3, 4}, 16, {builder.entry_rva});
        write("binds-kernel32-chain", builder.build());
    }
    // Delay-load imports next to ordinary ones.
    {
        PeBuilder builder = executable_importing({{"kernelbase.dll", {{"CloseHandle", 0}, {"", 0, 12}}}});
        add_import_section(builder, {{"USER32.dll", {{"MessageBoxW", 1}, {"MessageBoxA", 0}}}}, true);
        write("binds-delay-user32", builder.build());
    }
    // An old linker's image: no import lookup table, names read from the IAT before binding.
    {
        PeBuilder builder;
        builder.add_section(".text", kCode, std::vector<u8>(0x10, 0xC3));
        add_import_section(builder, {{"kernel32.dll", {{"ExitProcess", 0}, {"GetLastError", 0}}}}, false, false);
        write("binds-no-lookup-table", builder.build());
    }
    // File-aligned (low alignment) image: one region, mapped as it is in the file.
    {
        PeBuilder builder;
        builder.section_alignment = 0x200;
        builder.file_alignment = 0x200;
        builder.add_section(".text", kCode, std::vector<u8>(0x20, 0xC3));
        add_import_section(builder, {{"ucrtbase.dll", {{"printf", 0}}}});
        write("binds-low-alignment", builder.build());
    }
    // Relocations stripped: loads at its preferred base.
    {
        PeBuilder builder;
        builder.characteristics |= file_characteristics::RelocsStripped;
        builder.dll_characteristics &= static_cast<u16>(~dll_characteristics::DynamicBase);
        builder.add_section(".text", kCode, std::vector<u8>(0x10, 0xC3));
        add_import_section(builder, {{"kernel32.dll", {{"Sleep", 0}}}});
        write("binds-relocs-stripped", builder.build());
    }
    // A writable and executable section, asked for.
    {
        PeBuilder builder;
        builder.add_section(".wx", kCode | section_characteristics::MemWrite, std::vector<u8>(0x10, 0xC3));
        add_import_section(builder, {{"kernel32.dll", {{"ExitProcess", 0}}}});
        write("binds-write-execute-section", builder.build());
    }
    // Self-imports through the image's own forwarders.
    write("binds-self-forwarders",
          self_importing_dll("selfload.dll",
                             {{"Alpha", 0, 0, ""}, {"Beta", 0, 0, "selfload.Alpha"}, {"Gamma", 0, 0, "SELFLOAD.#1"},
                              {"Delta", 0, 0, "kernel32.HeapAlloc"}},
                             {{"Beta", 0}, {"Gamma", 1}, {"Delta", 2}, {"", 0, 1}}));

    // Each way binding fails.
    write("fails-self-cycle", self_importing_dll("selfcycle.dll",
                                                 {{"Cycle", 0, 0, "selfcycle.Other"},
                                                  {"Other", 0, 0, "SELFCYCLE.Cycle"}},
                                                 {{"Cycle", 0}}));
    write("fails-missing-dll", executable_importing({{"nosuch.dll", {{"Anything", 0}}}}).build());
    write("fails-missing-export",
          executable_importing({{"kernel32.dll", {{"ExitProcess", 0}, {"NoSuchFunction", 7}}}}).build());
    write("fails-bad-ordinal", executable_importing({{"kernel32.dll", {{"", 0, 999}}}}).build());
    write("fails-forwarder-loop", executable_importing({{"kernel32.dll", {{"Loop", 0}}}}).build());
    write("fails-forwarder-ping-pong", executable_importing({{"kernel32.dll", {{"PingPong", 0}}}}).build());
    write("fails-forwarder-missing-dll", executable_importing({{"kernel32.dll", {{"Missing", 0}}}}).build());

    // The fake system DLLs themselves (loaded, each shadows its namesake) and the tests' sample DLL.
    for (auto const& dll : halcyon::pe::fuzz::fake_dll_specs())
        write(std::string("system-") + dll.name, halcyon::pe::fuzz::build_fake_dll(dll));
    write("sample-dll", build_sample_image());
    return 0;
}
