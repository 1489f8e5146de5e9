// libFuzzer harness for pe-dump's staged reading (tools/pe-dump: FileWindow + inspect_file):
// the input is a PE file. pe-dump reads only the parts of a file that pe/ reads, trusting
// pe::ReadRecord to name every byte a walk looked at; this checks that the report it gets that
// way is the one the whole file gives. The staging buffer is filled with the complement of the
// input before each run (FileWindow::open_memory), so a byte read without having been loaded
// differs from the file's and changes the report. Each input is staged twice: as pe-dump does
// it, and with only its first 64 bytes loaded and no sections preloaded, so that everything
// the walk reads must be found through the record. A difference traps, so the fuzzer reports it
// like a crash.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <initializer_list>

#include "tools/pe-dump/FileWindow.h"
#include "tools/pe-dump/Inspect.h"

using namespace halcyon::pe_dump;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // Kept across inputs, as pe-dump keeps them across files.
    static FileWindow window;
    static Report whole;
    static Report staged;
    inspect(data, size, Scope::ImportsExports, whole);
    for (StagingOptions const& options : {StagingOptions{}, StagingOptions{64, false}}) {
        if (!window.open_memory(data, size) || !inspect_file(window, Scope::ImportsExports, staged, options))
            __builtin_trap(); // Memory cannot fail to read.
        if (!same_findings(whole, staged)) {
            std::fprintf(stderr, "staged report differs (first read %zu): error %.*s vs %.*s, %zu vs %zu exports\n",
                         options.first_read, static_cast<int>(whole.error.size()), whole.error.data(),
                         static_cast<int>(staged.error.size()), staged.error.data(), whole.exports.size(),
                         staged.exports.size());
            __builtin_trap();
        }
    }
    return 0;
}
