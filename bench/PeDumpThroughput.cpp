// In-process throughput of pe-dump's inspection (pe/ parse + the directory walks, then JSON
// rendering into a buffer that discards its bytes) over a list of files, read into memory
// first so only parsing and formatting are timed.
//
//   halcyon_bench_pe_dump [--min-seconds S] FILE...
//
// Prints one line per measurement: files, bytes, passes, files/s and MB/s, for both scopes
// (every table; imports and exports only) and with and without JSON; then the same work with the
// files opened from disk as pe-dump opens them, beside the kernel's per-file floor, in CPU time.
// bench/pe_dump_bench.sh runs it beside llvm-readobj over the same corpus.

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "tools/pe-dump/FileWindow.h"
#include "tools/pe-dump/Inspect.h"
#include "tools/pe-dump/Output.h"
#include "tools/pe-dump/Print.h"

int main(int argc, char** argv) {
    using namespace halcyon::pe_dump;
    double min_seconds = 3.0;
    std::vector<std::vector<uint8_t>> files;
    std::vector<std::string> names;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--min-seconds") == 0 && i + 1 < argc) {
            min_seconds = std::atof(argv[++i]);
            continue;
        }
        std::ifstream stream(argv[i], std::ios::binary);
        if (!stream) {
            std::fprintf(stderr, "halcyon_bench_pe_dump: cannot read %s\n", argv[i]);
            return 1;
        }
        files.emplace_back(std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>());
        names.push_back(argv[i]);
    }
    if (files.empty()) {
        std::fprintf(stderr, "usage: halcyon_bench_pe_dump [--min-seconds S] FILE...\n");
        return 2;
    }
    size_t bytes = 0;
    for (auto const& file : files)
        bytes += file.size();

    Report report;
    Output discard(-1);
    for (Scope const scope : {Scope::ImportsExports, Scope::Everything}) {
        for (bool const with_json : {false, true}) {
            using Clock = std::chrono::steady_clock;
            size_t passes = 0;
            size_t sink = 0;
            auto const start = Clock::now();
            double elapsed = 0;
            do {
                for (size_t i = 0; i < files.size(); ++i) {
                    inspect(files[i].data(), files[i].size(), scope, report);
                    if (with_json)
                        write_json(discard, names[i], report);
                    sink += report.exports.size();
                }
                ++passes;
                elapsed = std::chrono::duration<double>(Clock::now() - start).count();
            } while (elapsed < min_seconds);
            double const files_per_second = static_cast<double>(files.size() * passes) / elapsed;
            double const mb_per_second = static_cast<double>(bytes) * passes / elapsed / 1e6;
            std::printf("%-16s %-11s %zu files, %.1f MB, %zu passes in %.2f s: %.0f files/s, %.1f MB/s\n",
                        scope == Scope::Everything ? "every table," : "imports-exports,",
                        with_json ? "parse+json:" : "parse:", files.size(), bytes / 1e6, passes, elapsed,
                        files_per_second, mb_per_second);
            (void)sink;
        }
    }

    // Where a whole-process run's time goes: the same loop as pe-dump's (FileWindow and
    // inspect_file, JSON into a discarding buffer) over the files on disk, against FileWindow
    // alone (the kernel's per-file floor: open, stat, read the first 4 KiB, close), and the same
    // loop with every file mapped whole (--map-whole). CPU time (user + system), not wall-clock.
    auto cpu_seconds = [] {
        rusage usage{};
        getrusage(RUSAGE_SELF, &usage);
        return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
               static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    };
    for (int const mode : {0, 1, 2, 3}) {
        FileWindow window;
        size_t passes = 0;
        size_t sink = 0;
        double const start = cpu_seconds();
        double elapsed = 0;
        do {
            for (std::string const& name : names) {
                if (!window.open(name.c_str()))
                    continue;
                if (mode == 0) {
                    sink += window.size() ? window.data()[0] : 0;
                    continue;
                }
                Scope const scope = mode == 2 ? Scope::Everything : Scope::ImportsExports;
                if (mode == 3) {
                    if (!window.load_all())
                        continue;
                    inspect(window.data(), window.size(), scope, report);
                } else if (!inspect_file(window, scope, report)) {
                    continue;
                }
                write_json(discard, name, report);
            }
            ++passes;
            elapsed = cpu_seconds() - start;
        } while (elapsed < min_seconds);
        double const per_pass = elapsed / static_cast<double>(passes);
        std::printf("%-56s %zu passes: %.1f ms CPU per pass, %.0f files/s, %.1f MB/s\n",
                    mode == 0   ? "from disk, open + read 4 KiB + close (floor):"
                    : mode == 1 ? "from disk, imports-exports, parse+json:"
                    : mode == 2 ? "from disk, every table, parse+json:"
                                : "from disk, imports-exports, parse+json, mapped whole:",
                    passes, per_pass * 1e3, static_cast<double>(files.size()) / per_pass,
                    static_cast<double>(bytes) / per_pass / 1e6);
        (void)sink;
    }
    return 0;
}
