// pe-dump: prints what Halcyon's PE parser (pe/) sees in each file.
//
//   pe-dump [--json] [--imports-exports] [--map-whole] FILE...
//
// Text by default; with --json, one JSON object per file, one per line. A file that is not a
// valid image still gets its object, with "error" set to the pe/ error name, and the tool goes on
// with the next file. --imports-exports walks (and validates) only the headers, imports,
// delay-load imports and exports, the tables `llvm-readobj --coff-imports --coff-exports` reads.
// Exit status: 0 when every file could be read (valid or not), 1 when some file could not be
// read (its object has "error": "Unreadable"), 2 for a usage error.
//
// On a corpus of files the kernel's work per file (open, map, page faults) and the output, not
// the parsing, are what cost: files are presented by FileWindow and, for --imports-exports, read
// piecemeal by inspect_file (the headers, then only the sections the walk reads; the full walk
// and --map-whole map each file whole, which gives the same output), all output goes
// through one buffer written with large write(2)s, and one Report is reused from file to file,
// so the loop allocates nothing in the steady state.

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "tools/pe-dump/FileWindow.h"
#include "tools/pe-dump/Inspect.h"
#include "tools/pe-dump/Print.h"

namespace {

int usage(FILE* stream) {
    std::fputs("usage: pe-dump [--json] [--imports-exports] [--map-whole] FILE...\n"
               "Prints the headers, sections, imports, delay-load imports, exports, TLS callbacks,\n"
               "resources, exception, load-config and debug data that Halcyon's PE parser sees.\n"
               "  --json             one JSON object per file, one per line\n"
               "  --imports-exports  walk and print only the headers, imports, delay-load imports\n"
               "                     and exports (what llvm-readobj --coff-imports --coff-exports reads)\n"
               "  --map-whole        map each file whole instead of reading only the parts walked\n"
               "                     (same output; for comparison and benchmarks)\n"
               "Exit status: 0 all files read (even if invalid: see \"error\"), 1 a file could not\n"
               "be read, 2 usage error.\n",
               stream);
    return stream == stdout ? 0 : 2;
}

/// Fills `report` for the file at `path`; false with errno set when it cannot be read.
bool read_and_inspect(halcyon::pe_dump::FileWindow& file, const char* path, halcyon::pe_dump::Scope scope,
                      bool map_whole, halcyon::pe_dump::Report& report) {
    if (!file.open(path))
        return false;
    if (!map_whole)
        return inspect_file(file, scope, report);
    if (!file.load_all())
        return false;
    inspect(file.data(), file.size(), scope, report);
    return true;
}

} // namespace

int main(int argc, char** argv) {
    using namespace halcyon::pe_dump;
    bool json = false;
    bool map_whole = false;
    Scope scope = Scope::Everything;
    std::vector<const char*> files;
    bool options_done = false;
    for (int i = 1; i < argc; ++i) {
        if (!options_done && std::strcmp(argv[i], "--json") == 0)
            json = true;
        else if (!options_done && std::strcmp(argv[i], "--imports-exports") == 0)
            scope = Scope::ImportsExports;
        else if (!options_done && std::strcmp(argv[i], "--map-whole") == 0)
            map_whole = true;
        else if (!options_done && (std::strcmp(argv[i], "-h") == 0 || std::strcmp(argv[i], "--help") == 0))
            return usage(stdout);
        else if (!options_done && std::strcmp(argv[i], "--") == 0)
            options_done = true;
        else if (!options_done && argv[i][0] == '-' && argv[i][1] != '\0')
            return std::fprintf(stderr, "pe-dump: unknown option %s\n", argv[i]), usage(stderr);
        else
            files.push_back(argv[i]);
    }
    if (files.empty())
        return usage(stderr);

    int status = 0;
    Output out(STDOUT_FILENO);
    Report report;
    FileWindow file;
    for (const char* path : files) {
        if (!read_and_inspect(file, path, scope, map_whole, report)) {
            int const saved = errno;
            // Keep the order of stdout and stderr lines when both go to the same place.
            out.flush();
            std::fprintf(stderr, "pe-dump: cannot read %s: %s\n", path, std::strerror(saved));
            report.clear();
            report.scope = scope;
            report.error = "Unreadable";
            report.error_message = "the file could not be read";
            status = 1;
        }
        // The report's names point into the file's bytes: print before the next file replaces them.
        if (json)
            write_json(out, path, report);
        else
            write_text(out, path, report);
    }
    if (!out.flush()) {
        std::fprintf(stderr, "pe-dump: writing the output failed: %s\n", std::strerror(errno));
        return 1;
    }
    return status;
}
