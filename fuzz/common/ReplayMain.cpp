// Runs a libFuzzer harness over files without libFuzzer, so normal builds and CI replay the
// corpus: each argument is a file, or a directory whose regular files are all run (in name order,
// so a run is reproducible). When a harness crashes or traps, the input it was running is named
// on stderr before the process dies, so a CTest log says which corpus file to look at.

#include <algorithm>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
// Optional, as in libFuzzer: harnesses that need one-time setup define it.
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int* argc, char*** argv);

namespace {

/// The input being run, for the fatal-signal handler (written before each run, read only there).
char g_current_input[4096];

void name_the_input_and_die(int signal_number) {
    static const char prefix[] = "\nreplay: crashed on input ";
    [[maybe_unused]] auto ignored = write(STDERR_FILENO, prefix, sizeof(prefix) - 1);
    ignored = write(STDERR_FILENO, g_current_input, strnlen(g_current_input, sizeof(g_current_input)));
    ignored = write(STDERR_FILENO, "\n", 1);
    std::signal(signal_number, SIG_DFL);
    std::raise(signal_number);
}

bool run_file(const std::filesystem::path& path) {
    std::ifstream stream(path, std::ios::binary);
    if (!stream) {
        std::fprintf(stderr, "replay: cannot open %s\n", path.c_str());
        return false;
    }
    std::vector<uint8_t> bytes(std::istreambuf_iterator<char>(stream), {});
    std::snprintf(g_current_input, sizeof(g_current_input), "%s", path.c_str());
    LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
    return true;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s <file or directory>...\n", argv[0]);
        return 2;
    }
    for (int signal_number : {SIGABRT, SIGILL, SIGSEGV, SIGBUS, SIGFPE, SIGTRAP})
        std::signal(signal_number, name_the_input_and_die);
    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);

    size_t runs = 0;
    bool ok = true;
    for (int i = 1; i < argc; ++i) {
        std::filesystem::path const path = argv[i];
        std::vector<std::filesystem::path> files;
        if (std::filesystem::is_directory(path)) {
            for (auto const& entry : std::filesystem::directory_iterator(path)) {
                if (entry.is_regular_file())
                    files.push_back(entry.path());
            }
            std::sort(files.begin(), files.end());
        } else {
            files.push_back(path);
        }
        for (auto const& file : files) {
            ok &= run_file(file);
            ++runs;
        }
    }
    std::printf("replayed %zu inputs\n", runs);
    return ok && runs > 0 ? 0 : 1;
}
