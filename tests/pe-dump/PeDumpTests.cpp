#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "tests/pe/PeBuilder.h"
#include "tools/pe-dump/FileWindow.h"
#include "tools/pe-dump/Inspect.h"
#include "tools/pe-dump/Output.h"
#include "tools/pe-dump/Print.h"

using namespace halcyon::pe_dump;

namespace {

/// Runs `write` against an Output on a temporary file and returns everything it wrote.
template <typename Write>
std::string capture(Write write) {
    FILE* file = std::tmpfile();
    EXPECT_NE(file, nullptr);
    int const fd = fileno(file);
    {
        Output out(fd);
        write(out);
        EXPECT_TRUE(out.flush());
    }
    std::string text;
    char buffer[65536];
    ssize_t got;
    off_t offset = 0;
    while ((got = ::pread(fd, buffer, sizeof(buffer), offset)) > 0) {
        text.append(buffer, static_cast<size_t>(got));
        offset += got;
    }
    std::fclose(file);
    return text;
}

/// The escaping rule, one byte at a time: what Output::json_string must match.
std::string reference_json(const std::string& text) {
    std::string out = "\"";
    for (unsigned char const c : text) {
        if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
            out += static_cast<char>(c);
        } else if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else {
            char escape[8];
            std::snprintf(escape, sizeof(escape), "\\u%04x", c);
            out += escape;
        }
    }
    return out + "\"";
}

/// A temporary directory removed (with its files) at the end of the test.
class TemporaryDirectory {
public:
    TemporaryDirectory() {
        char pattern[] = "/tmp/pe-dump-tests-XXXXXX";
        m_path = ::mkdtemp(pattern);
    }
    ~TemporaryDirectory() {
        for (std::string const& file : m_files)
            ::unlink(file.c_str());
        ::rmdir(m_path.c_str());
    }
    std::string write(const std::string& name, const std::vector<uint8_t>& bytes) {
        std::string const path = m_path + "/" + name;
        FILE* file = std::fopen(path.c_str(), "wb");
        EXPECT_NE(file, nullptr);
        if (!bytes.empty())
            std::fwrite(bytes.data(), 1, bytes.size(), file);
        std::fclose(file);
        m_files.push_back(path);
        return path;
    }
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
    std::vector<std::string> m_files;
};

std::vector<uint8_t> pattern_bytes(size_t size, unsigned seed) {
    std::vector<uint8_t> bytes(size);
    for (size_t i = 0; i < size; ++i)
        bytes[i] = static_cast<uint8_t>((i * 31 + seed * 7 + (i >> 12)) & 0xFF);
    return bytes;
}

} // namespace

TEST(PeDumpOutput, EscapesJsonStringsExactlyLikeAByteByByteReference) {
    // The escaper works sixteen and eight bytes at a time with overlapping tail blocks; every
    // length around those sizes, with bytes that need escaping at every position, must match.
    std::mt19937 random(12345);
    std::vector<std::string> cases = {"", "a", "\"", "\\", "\x1f", "\x7f", "\x80", "~", " "};
    for (size_t length = 1; length < 48; ++length) {
        for (size_t position = 0; position < length; ++position) {
            for (char const special : {'"', '\\', '\x01', '\x7f', '\xff'}) {
                std::string text(length, 'x');
                text[position] = special;
                cases.push_back(text);
            }
        }
    }
    for (int i = 0; i < 3000; ++i) {
        std::string text(random() % 80, 'a');
        for (char& c : text)
            c = random() % 8 == 0 ? static_cast<char>(random()) : static_cast<char>('a' + random() % 26);
        cases.push_back(text);
    }
    for (std::string const& text : cases) {
        std::string const got = capture([&](Output& out) { out.json_string(text); });
        ASSERT_EQ(got, reference_json(text)) << "input of " << text.size() << " bytes";
    }
}

TEST(PeDumpOutput, EscapesStringsLongerThanTheBufferAndKeepsOrder) {
    std::string text;
    for (int i = 0; i < 40000; ++i)
        text += static_cast<char>(i % 7 == 0 ? '"' : (i % 11 == 0 ? '\x02' : 'a' + i % 26));
    std::string const got = capture([&](Output& out) {
        out.append("before ");
        out.json_string(text);
        out.append(std::string(200000, 'z'));
        out.decimal(42);
    });
    EXPECT_EQ(got, "before " + reference_json(text) + std::string(200000, 'z') + "42");
}

TEST(PeDumpOutput, FormatsDecimalAndHexNumbersAtEveryDigitCount) {
    std::vector<uint64_t> values = {
        0, 1, 9, 10, 11, 99, 100, 4294967295ull, 4294967296ull, 18446744073709551615ull};
    for (uint64_t power = 10; power <= 1000000000000000000ull; power *= 10) {
        values.push_back(power - 1);
        values.push_back(power);
        values.push_back(power + 1);
    }
    for (uint64_t const value : values) {
        char expected[64];
        std::snprintf(expected, sizeof(expected), "%llu 0x%llx %08llx",
                      static_cast<unsigned long long>(value), static_cast<unsigned long long>(value),
                      static_cast<unsigned long long>(value & 0xFFFFFFFF));
        std::string const got = capture([&](Output& out) {
            out.decimal(value);
            out.append(' ');
            out.hex(value);
            out.append(' ');
            out.hex_fixed(value & 0xFFFFFFFF, 8);
        });
        EXPECT_EQ(got, expected);
    }
}

TEST(PeDumpOutput, DiscardingOutputCountsBytes) {
    Output out(-1);
    out.append("abc");
    out.decimal(12345);
    out.json_string("q\"");
    EXPECT_TRUE(out.flush());
    EXPECT_EQ(out.total(), 3u + 5u + 5u);
}

TEST(PeDumpFileWindow, PresentsExactlyTheFileBytesWhateverTheSizeAndOrder) {
    // Mapped whole: sizes around a page, larger files, then smaller ones again (whose mapping
    // replaces only part of the previous one), for more files than the window releases its
    // range after.
    TemporaryDirectory directory;
    std::vector<size_t> const sizes = {0, 1, 4095, 4096, 4097, 100000, 8191, 3, 250000, 5000, 4096, 70000};
    std::vector<std::string> paths;
    for (size_t i = 0; i < sizes.size(); ++i)
        paths.push_back(
            directory.write("file" + std::to_string(i), pattern_bytes(sizes[i], static_cast<unsigned>(i))));
    FileWindow window;
    for (int round = 0; round < 8; ++round) {
        for (size_t i = 0; i < paths.size(); ++i) {
            ASSERT_TRUE(window.open(paths[i].c_str())) << paths[i];
            ASSERT_TRUE(window.load_all()) << paths[i];
            ASSERT_FALSE(window.can_stage());
            ASSERT_EQ(window.size(), sizes[i]);
            std::vector<uint8_t> const expected = pattern_bytes(sizes[i], static_cast<unsigned>(i));
            ASSERT_TRUE(sizes[i] == 0 || std::memcmp(window.data(), expected.data(), sizes[i]) == 0)
                << paths[i];
        }
    }
}

TEST(PeDumpFileWindow, ReportsDirectoriesAndMissingFilesWithErrno) {
    TemporaryDirectory directory;
    FileWindow window;
    errno = 0;
    EXPECT_FALSE(window.open(directory.path().c_str()));
    EXPECT_EQ(errno, EISDIR);
    errno = 0;
    EXPECT_FALSE(window.open((directory.path() + "/missing").c_str()));
    EXPECT_EQ(errno, ENOENT);
    errno = 0;
    EXPECT_FALSE(window.open("/nonexistent-directory-for-pe-dump/file"));
    EXPECT_EQ(errno, ENOENT);
    // A file in the same directory still opens after the failures.
    std::string const path = directory.write("present", pattern_bytes(5000, 1));
    ASSERT_TRUE(window.open(path.c_str()));
    EXPECT_EQ(window.size(), 5000u);
}

TEST(PeDumpFileWindow, OpensPathsWithoutADirectoryRelativeToTheWorkingDirectory) {
    TemporaryDirectory directory;
    directory.write("plain", pattern_bytes(6000, 2));
    char previous[4096];
    ASSERT_NE(::getcwd(previous, sizeof(previous)), nullptr);
    ASSERT_EQ(::chdir(directory.path().c_str()), 0);
    FileWindow window;
    bool const opened = window.open("plain") && window.load(0, 6000);
    size_t const size = window.size();
    bool const same = opened && std::memcmp(window.data(), pattern_bytes(6000, 2).data(), 6000) == 0;
    ASSERT_EQ(::chdir(previous), 0);
    EXPECT_TRUE(opened);
    EXPECT_EQ(size, 6000u);
    EXPECT_TRUE(same);
}

TEST(PeDumpInspect, ImportsExportsScopeReportsTheSameTablesAsEverything) {
    std::vector<uint8_t> const image = halcyon::pe::test::build_sample_image();
    Report everything;
    inspect(image.data(), image.size(), Scope::Everything, everything);
    Report narrow;
    inspect(image.data(), image.size(), Scope::ImportsExports, narrow);
    ASSERT_TRUE(everything.headers_valid);
    ASSERT_TRUE(narrow.headers_valid);
    EXPECT_FALSE(everything.has_error()) << everything.error;
    EXPECT_FALSE(narrow.has_error()) << narrow.error;
    ASSERT_FALSE(everything.imports.empty());
    ASSERT_FALSE(everything.delay_imports.empty());
    ASSERT_FALSE(everything.exports.empty());
    auto same_modules = [&](const std::vector<ImportedModule>& a, const std::vector<ImportedModule>& b) {
        if (a.size() != b.size())
            return false;
        for (size_t i = 0; i < a.size(); ++i) {
            if (a[i].dll != b[i].dll || a[i].function_count != b[i].function_count)
                return false;
            for (uint32_t f = 0; f < a[i].function_count; ++f) {
                ImportedFunctionInfo const& x = everything.imported_functions[a[i].first_function + f];
                ImportedFunctionInfo const& y = narrow.imported_functions[b[i].first_function + f];
                if (x.name != y.name || x.by_ordinal != y.by_ordinal || x.ordinal != y.ordinal)
                    return false;
            }
        }
        return true;
    };
    EXPECT_TRUE(same_modules(everything.imports, narrow.imports));
    EXPECT_TRUE(same_modules(everything.delay_imports, narrow.delay_imports));
    ASSERT_EQ(everything.exports.size(), narrow.exports.size());
    for (size_t i = 0; i < everything.exports.size(); ++i) {
        EXPECT_EQ(everything.exports[i].ordinal, narrow.exports[i].ordinal);
        EXPECT_EQ(everything.exports[i].name, narrow.exports[i].name);
        EXPECT_EQ(everything.exports[i].has_name(), narrow.exports[i].has_name());
        EXPECT_EQ(everything.exports[i].forwarder, narrow.exports[i].forwarder);
        EXPECT_EQ(everything.exports[i].rva, narrow.exports[i].rva);
    }
    // The narrow scope leaves the other tables alone.
    EXPECT_TRUE(narrow.sections.empty());
    EXPECT_EQ(narrow.tls_callbacks, 0u);
    EXPECT_GT(everything.tls_callbacks, 0u);

    // Its JSON has exactly the imports-and-exports keys, and the same values for them.
    std::string const wide_json = capture([&](Output& out) { write_json(out, "x", everything); });
    std::string const narrow_json = capture([&](Output& out) { write_json(out, "x", narrow); });
    auto field = [](const std::string& json, const std::string& key, const std::string& next) {
        size_t const start = json.find("\"" + key + "\":");
        size_t const end = json.find(",\"" + next + "\":", start);
        return start == std::string::npos || end == std::string::npos ? std::string("?")
                                                                      : json.substr(start, end - start);
    };
    EXPECT_EQ(field(narrow_json, "imports", "delay_imports"), field(wide_json, "imports", "delay_imports"));
    EXPECT_EQ(field(narrow_json, "delay_imports", "exports"), field(wide_json, "delay_imports", "exports"));
    EXPECT_EQ(field(narrow_json, "exports", "error"), field(wide_json, "exports", "tls_callbacks"));
    EXPECT_EQ(narrow_json.find("\"sections\""), std::string::npos);
    EXPECT_EQ(narrow_json.rfind("{\"file\":\"x\",\"format\":\"PE32+\",\"machine\":\"AMD64\",\"imports\":", 0),
              0u);
}

TEST(PeDumpInspect, ReusedReportForgetsThePreviousFile) {
    std::vector<uint8_t> const image = halcyon::pe::test::build_sample_image();
    Report report;
    inspect(image.data(), image.size(), Scope::Everything, report);
    ASSERT_FALSE(report.exports.empty());
    std::vector<uint8_t> const garbage(100, 0x41);
    inspect(garbage.data(), garbage.size(), Scope::Everything, report);
    EXPECT_FALSE(report.headers_valid);
    EXPECT_TRUE(report.exports.empty());
    EXPECT_TRUE(report.imports.empty());
    EXPECT_TRUE(report.sections.empty());
    EXPECT_EQ(report.error, "NotMz");
    std::string const json = capture([&](Output& out) { write_json(out, "g", report); });
    EXPECT_EQ(json,
              "{\"file\":\"g\",\"format\":null,\"machine\":null,\"subsystem\":null,\"characteristics\":null,"
              "\"dll_characteristics\":null,\"image_base\":null,\"entry_rva\":null,\"sections\":null,"
              "\"imports\":null,\"delay_imports\":null,\"exports\":null,\"tls_callbacks\":null,"
              "\"resources\":null,\"error\":\"NotMz\"}\n");
    inspect(image.data(), image.size(), Scope::ImportsExports, report);
    EXPECT_TRUE(report.headers_valid);
    EXPECT_FALSE(report.has_error());
}

TEST(PeDumpFileWindow, MapsFilesLargerThanItsReservedRangeOnTheirOwn) {
    // A sparse file beyond the 4 GiB range (no PE file is that large, but pe-dump must still
    // present it and let pe/ reject it), between two ordinary files.
    TemporaryDirectory directory;
    std::string const small = directory.write("small", pattern_bytes(9000, 3));
    std::string const huge = directory.write("huge", {});
    size_t const huge_size = (size_t{4} << 30) + 3 * 4096 + 17;
    ASSERT_EQ(::truncate(huge.c_str(), static_cast<off_t>(huge_size)), 0);
    FileWindow window;
    ASSERT_TRUE(window.open(small.c_str()));
    ASSERT_TRUE(window.open(huge.c_str()));
    ASSERT_EQ(window.size(), huge_size);
    EXPECT_FALSE(window.can_stage()); // Too large to stage: mapped whole by open().
    EXPECT_EQ(window.data()[0], 0);
    EXPECT_EQ(window.data()[huge_size - 1], 0);
    Report report;
    inspect(window.data(), window.size(), Scope::ImportsExports, report);
    EXPECT_EQ(report.error, "NotMz");
    ASSERT_TRUE(window.open(small.c_str()));
    ASSERT_TRUE(window.load_all());
    EXPECT_EQ(std::memcmp(window.data(), pattern_bytes(9000, 3).data(), 9000), 0);
}

TEST(PeDumpFileWindow, StagingLoadsRangesAtTheirOffsetsAndReadsOnlyTheGaps) {
    TemporaryDirectory directory;
    std::vector<uint8_t> const bytes = pattern_bytes(300000, 5);
    std::string const path = directory.write("staged", bytes);
    FileWindow window;
    for (int round = 0; round < 3; ++round) { // The buffer is reused: earlier rounds left bytes.
        ASSERT_TRUE(window.open(path.c_str()));
        ASSERT_TRUE(window.can_stage());
        EXPECT_EQ(window.staged_bytes(), 0u);
        EXPECT_FALSE(window.is_loaded(0, 1));
        EXPECT_TRUE(window.is_loaded(100, 0)); // Empty ranges are always there.
        ASSERT_TRUE(window.load(5000, 1000));
        ASSERT_TRUE(window.load(7000, 1000));
        EXPECT_EQ(window.staged_bytes(), 2000u);
        EXPECT_TRUE(window.is_loaded(5000, 1000));
        EXPECT_TRUE(window.is_loaded(5500, 100));
        EXPECT_FALSE(window.is_loaded(5500, 1000)); // Runs into the gap [6000, 7000).
        // A range spanning both and the gap between reads only the gap, then counts as one.
        ASSERT_TRUE(window.load(4000, 5000));
        EXPECT_EQ(window.staged_bytes(), 2000u + 1000u + 1000u + 1000u);
        EXPECT_TRUE(window.is_loaded(4000, 5000));
        EXPECT_EQ(std::memcmp(window.data() + 4000, bytes.data() + 4000, 5000), 0);
        // Ranges are clamped to the file.
        ASSERT_TRUE(window.load(299000, 5000));
        EXPECT_TRUE(window.is_loaded(299000, 1u << 30));
        EXPECT_EQ(std::memcmp(window.data() + 299000, bytes.data() + 299000, 1000), 0);
        EXPECT_FALSE(window.is_loaded(0, bytes.size()));
        ASSERT_TRUE(window.load_all());
        EXPECT_TRUE(window.is_loaded(0, bytes.size()));
        EXPECT_EQ(std::memcmp(window.data(), bytes.data(), bytes.size()), 0);
    }
    // From memory, what is not loaded yet differs from the file in every byte.
    ASSERT_TRUE(window.open_memory(bytes.data(), bytes.size()));
    ASSERT_TRUE(window.load(1000, 10));
    EXPECT_EQ(window.data()[1005], bytes[1005]);
    EXPECT_NE(window.data()[1010], bytes[1010]);
    EXPECT_NE(window.data()[999], bytes[999]);
}

namespace {

/// The sample DLL with a large code section before its tables, so that a staged inspection
/// has much to leave out.
std::vector<uint8_t> sample_with_large_code() {
    using namespace halcyon::pe::test;
    PeBuilder builder;
    builder.characteristics |= halcyon::pe::file_characteristics::Dll;
    size_t const text = builder.add_section(".text", kCode, std::vector<uint8_t>(400000, 0xC3));
    uint32_t const text_rva = builder.section(text).rva;
    builder.entry_rva = text_rva;
    add_import_section(builder, {{"KERNEL32.dll", {{"GetLastError", 3}, {"", 0, 17}}}});
    add_import_section(builder, {{"USER32.dll", {{"MessageBoxA", 0}}}}, true);
    add_export_section(builder, "big.dll", 1,
                       {{"Alpha", 0, text_rva, ""}, {"Forwarded", 0, 0, "NTDLL.RtlAllocateHeap"}, {"", 9, text_rva + 8, ""}});
    return builder.build();
}

/// A DLL whose export table alone is larger than kMaxStagedBytes.
std::vector<uint8_t> dll_with_huge_export_table() {
    using namespace halcyon::pe::test;
    PeBuilder builder;
    builder.characteristics |= halcyon::pe::file_characteristics::Dll;
    size_t const text = builder.add_section(".text", kCode, std::vector<uint8_t>(0x100, 0xC3));
    builder.entry_rva = builder.section(text).rva;
    std::vector<ExportSpec> exports;
    for (int i = 0; i < 12000; ++i) {
        char name[40];
        std::snprintf(name, sizeof(name), "ExportedFunctionNumber%06d", i);
        exports.push_back({name, 0, builder.entry_rva, ""});
    }
    add_export_section(builder, "huge.dll", 1, exports);
    return builder.build();
}

} // namespace

TEST(PeDumpInspect, StagedInspectionReportsWhatTheWholeFileGives) {
    TemporaryDirectory directory;
    std::vector<std::vector<uint8_t>> const files = {halcyon::pe::test::build_sample_image(),
                                                     sample_with_large_code(), dll_with_huge_export_table(),
                                                     pattern_bytes(20000, 9)};
    FileWindow window;
    for (size_t i = 0; i < files.size(); ++i) {
        std::vector<uint8_t> const& bytes = files[i];
        std::string const path = directory.write("file" + std::to_string(i), bytes);
        Report whole;
        inspect(bytes.data(), bytes.size(), Scope::ImportsExports, whole);
        for (StagingOptions const options : {StagingOptions{}, StagingOptions{64, false}}) {
            for (bool const from_memory : {false, true}) {
                SCOPED_TRACE("file " + std::to_string(i) + ", first read " + std::to_string(options.first_read) +
                             (from_memory ? ", from memory" : ", from disk"));
                ASSERT_TRUE(from_memory ? window.open_memory(bytes.data(), bytes.size()) : window.open(path.c_str()));
                Report staged;
                ASSERT_TRUE(inspect_file(window, Scope::ImportsExports, staged, options));
                EXPECT_TRUE(same_findings(whole, staged));
                if (i == 1) {
                    // The headers and the import and export sections, not the code.
                    EXPECT_TRUE(window.can_stage());
                    EXPECT_LT(window.staged_bytes(), 16384u);
                    EXPECT_EQ(staged.exports.size(), 3u);
                    EXPECT_EQ(staged.delay_imports.size(), 1u);
                }
                if (i == 2) {
                    // Past kMaxStagedBytes the file is mapped whole instead.
                    EXPECT_FALSE(window.can_stage());
                    EXPECT_EQ(staged.exports.size(), 12000u);
                }
            }
        }
    }
}

TEST(PeDumpInspect, EveryTableScopeMapsTheFileWhole) {
    std::vector<uint8_t> const bytes = sample_with_large_code();
    FileWindow window;
    ASSERT_TRUE(window.open_memory(bytes.data(), bytes.size()));
    Report whole;
    inspect(bytes.data(), bytes.size(), Scope::Everything, whole);
    Report report;
    ASSERT_TRUE(inspect_file(window, Scope::Everything, report));
    EXPECT_FALSE(window.can_stage());
    EXPECT_TRUE(same_findings(whole, report));
    EXPECT_FALSE(report.sections.empty());
}
