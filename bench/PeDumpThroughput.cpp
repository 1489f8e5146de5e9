// In-process throughput of pe-dump's inspection (pe/ parse + every directory walk + JSON
// rendering) over a list of files, read into memory first so only parsing is timed.
//
//   halcyon_bench_pe_dump [--min-seconds S] FILE...
//
// Prints one line: files, bytes, passes, files/s and MB/s. bench/pe_dump_bench.sh runs it
// beside llvm-readobj over the same corpus.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "tools/pe-dump/Inspect.h"

int main(int argc, char** argv) {
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

    // Two measurements: the parse alone (pe/ + building the report), and parse + JSON text.
    for (bool const with_json : {false, true}) {
        using Clock = std::chrono::steady_clock;
        size_t passes = 0;
        size_t sink = 0;
        auto const start = Clock::now();
        double elapsed = 0;
        do {
            for (size_t i = 0; i < files.size(); ++i) {
                auto const report = halcyon::pe_dump::inspect(files[i].data(), files[i].size());
                sink +=
                    with_json ? halcyon::pe_dump::to_json(names[i], report).size() : report.exports.size();
            }
            ++passes;
            elapsed = std::chrono::duration<double>(Clock::now() - start).count();
        } while (elapsed < min_seconds);
        double const files_per_second = static_cast<double>(files.size() * passes) / elapsed;
        double const mb_per_second = static_cast<double>(bytes) * passes / elapsed / 1e6;
        std::printf("%s: %zu files, %.1f MB, %zu passes in %.2f s: %.0f files/s, %.1f MB/s\n",
                    with_json ? "parse+json" : "parse", files.size(), bytes / 1e6, passes, elapsed,
                    files_per_second, mb_per_second);
        (void)sink;
    }
    return 0;
}
