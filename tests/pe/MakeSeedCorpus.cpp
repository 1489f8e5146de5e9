// Writes the fuzz/pe seed corpus: small synthetic images built with PeBuilder, each exercising
// one area of the parser. Usage: pe_make_seed_corpus <output directory>.

#include <cstdio>
#include <fstream>
#include <string>

#include "tests/pe/PeBuilder.h"

using namespace halcyon;
using namespace halcyon::pe;
using namespace halcyon::pe::test;

namespace {

void write(const std::string& directory, const char* name, const std::vector<u8>& bytes) {
    std::ofstream out(directory + "/" + name, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s <output directory>\n", argv[0]);
        return 2;
    }
    std::string const out = argv[1];

    write(out, "sample-dll", build_sample_image());

    {
        PeBuilder builder;
        builder.add_section(".text", kCode, std::vector<u8>(0x10, 0xC3));
        write(out, "minimal-exe", builder.build());
    }
    {
        PeBuilder builder;
        builder.section_alignment = 0x200;
        builder.file_alignment = 0x200;
        builder.add_section(".text", kCode, std::vector<u8>(0x20, 0xC3));
        builder.add_section(".data", kReadWriteData, std::vector<u8>(0x10, 1));
        write(out, "low-alignment", builder.build());
    }
    {
        PeBuilder builder;
        std::vector<u8> data(0x40, 0);
        write_u64(data, 0, builder.image_base + 0x1000);
        write_u32(data, 8, 0x40001000);
        builder.add_section(".data", kReadWriteData, data);
        add_relocation_section(builder, relocation_block(0x1000, {relocation_entry(relocation_type::Dir64, 0),
                                                                  relocation_entry(relocation_type::HighLow, 8),
                                                                  relocation_entry(relocation_type::High, 12),
                                                                  relocation_entry(relocation_type::Low, 14),
                                                                  relocation_entry(relocation_type::HighAdj, 16),
                                                                  0x8001}));
        write(out, "relocations", builder.build());
    }
    {
        PeBuilder builder;
        add_import_section(builder, {{"KERNEL32.dll", {{"ExitProcess", 1}, {"", 0, 9}}}}, false, false);
        add_import_section(builder, {{"USER32.dll", {{"MessageBoxW", 0}}}, {"GDI32.dll", {{"", 0, 3}}}}, true);
        write(out, "imports-no-lookup-table", builder.build());
    }
    {
        PeBuilder builder;
        builder.add_section(".text", kCode, std::vector<u8>(0x100, 0xC3));
        add_export_section(builder, "exports.dll", 5,
                           {{"a", 0, 0x1000, ""}, {"b", 0, 0, "kernel32.#1"}, {"", 9, 0x1010, ""}, {"c", 0, 0, "x.y"}});
        write(out, "exports-forwarders", builder.build());
    }
    {
        PeBuilder builder;
        builder.add_section(".text", kCode, std::vector<u8>(0x40, 0xC3));
        add_tls_section(builder, {1, 2, 3}, 8, {0x1000, 0x1008, 0x1010});
        write(out, "tls-callbacks", builder.build());
    }
    return 0;
}
