// pe-dump: prints what Halcyon's PE parser (pe/) sees in each file.
//
//   pe-dump [--json] FILE...
//
// Text by default; with --json, one JSON object per file, one per line. A file that is not a
// valid image still gets its object, with "error" set to the pe/ error name, and the tool goes on
// with the next file. Exit status: 0 when every file could be read (valid or not), 1 when some
// file could not be read (its object has "error": "Unreadable"), 2 for a usage error.

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "tools/pe-dump/Inspect.h"

namespace {

int usage(FILE* stream) {
    std::fputs("usage: pe-dump [--json] FILE...\n"
               "Prints the headers, sections, imports, delay-load imports, exports, TLS callbacks,\n"
               "resources, exception, load-config and debug data that Halcyon's PE parser sees.\n"
               "  --json   one JSON object per file, one per line\n"
               "Exit status: 0 all files read (even if invalid: see \"error\"), 1 a file could not\n"
               "be read, 2 usage error.\n",
               stream);
    return stream == stdout ? 0 : 2;
}

/// A read-only mapping of a whole file: the parser touches only the headers and tables, so
/// mapping (as llvm-readobj does) avoids reading hundreds of megabytes of code and debug info.
class MappedFile {
public:
    bool open(const char* path) {
        int const fd = ::open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            return false;
        struct stat info {};
        bool ok = fstat(fd, &info) == 0 && S_ISREG(info.st_mode);
        if (ok && info.st_size > 0) {
            void* const mapping =
                mmap(nullptr, static_cast<size_t>(info.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
            ok = mapping != MAP_FAILED;
            if (ok) {
                m_data = static_cast<const uint8_t*>(mapping);
                m_size = static_cast<size_t>(info.st_size);
            }
        } else if (ok) {
            m_data = reinterpret_cast<const uint8_t*>("");
        } else {
            errno = EISDIR;
        }
        int const saved = errno;
        ::close(fd);
        errno = saved;
        return ok;
    }
    ~MappedFile() {
        if (m_size)
            munmap(const_cast<uint8_t*>(m_data), m_size);
    }
    const uint8_t* data() const { return m_data; }
    size_t size() const { return m_size; }

private:
    const uint8_t* m_data = nullptr;
    size_t m_size = 0;
};

} // namespace

int main(int argc, char** argv) {
    bool json = false;
    std::vector<const char*> files;
    bool options_done = false;
    for (int i = 1; i < argc; ++i) {
        if (!options_done && std::strcmp(argv[i], "--json") == 0)
            json = true;
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
    std::string out;
    for (const char* path : files) {
        halcyon::pe_dump::Report report;
        MappedFile file;
        if (!file.open(path)) {
            std::fprintf(stderr, "pe-dump: cannot read %s: %s\n", path, std::strerror(errno));
            report.error = "Unreadable";
            report.error_message = "the file could not be read";
            status = 1;
        } else {
            report = halcyon::pe_dump::inspect(file.data(), file.size());
        }
        out = json ? halcyon::pe_dump::to_json(path, report) + "\n" : halcyon::pe_dump::to_text(path, report);
        std::fwrite(out.data(), 1, out.size(), stdout);
    }
    return status;
}
