// `halcyon`: the Halcyon kernel as a Linux process, running one Windows program.
//
//   halcyon [--image DIR] [--registry FILE] [--trace] [--display none] PROGRAM.exe [ARGS...]
//
// The system image DIR is mounted as C: (C:\Windows\System32 holds the DLLs); the directory that
// holds PROGRAM.exe is mounted as D: and is the program's current directory. The process exit code
// is the program's exit code (Linux keeps its low 8 bits).

#include "halcyon/Embed.h"

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

extern char** environ;

using namespace halcyon;

namespace {

constexpr u64 kRamSize = 2 * GiB; // sparse: only committed pages use host memory

void usage(FILE* out) {
    fprintf(out,
            "usage: halcyon [options] PROGRAM.exe [ARGS...]\n"
            "\n"
            "Runs a Windows x64 console program on the Halcyon kernel hosted in this process.\n"
            "\n"
            "options:\n"
            "  --image DIR       system image to mount as C: (default: the image next to this binary)\n"
            "  --registry FILE   the registry's hive file, loaded at start and saved at exit (default:\n"
            "                    registry.hreg beside the system image directory, e.g. image/registry.hreg\n"
            "                    for image/C); \"\" keeps the registry in memory only. A corrupt file is\n"
            "                    reported, renamed to FILE.corrupt-N and replaced by the defaults\n"
            "  --trace           log system calls and loader steps to stderr\n"
            "  --display none    no display (the only mode until the compositor lands)\n"
            "  -h, --help        show this help\n"
            "\n"
            "PROGRAM.exe's directory is mounted as D: and is its current directory.\n"
            "The exit code is the program's exit code (low 8 bits, as Linux reports it).\n");
}

[[noreturn]] void fail(const std::string& message) {
    fprintf(stderr, "halcyon: %s\n", message.c_str());
    exit(1);
}

std::string default_image_dir() {
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0)
        return "image/C";
    self[n] = 0;
    std::string path(self);
    path = path.substr(0, path.rfind('/'));       // .../build/<preset>/hal-hosted
    path = path.substr(0, path.rfind('/'));       // .../build/<preset>
    return path + "/image/C";
}

/// The registry lives beside the system image directory: the image is the machine's installed
/// system, the registry its state, so a fresh build tree (`tools/halcyon clean`) is a fresh
/// machine, each preset has its own, and nothing is written outside the build tree. It sits
/// beside C:, not inside it, so guest programs cannot open the hive as a file.
std::string default_registry_file(std::string image_dir) {
    while (image_dir.size() > 1 && image_dir.back() == '/')
        image_dir.pop_back();
    auto slash = image_dir.rfind('/');
    std::string parent = slash == std::string::npos ? "." : slash == 0 ? "/" : image_dir.substr(0, slash);
    return parent + "/registry.hreg";
}

/// Quotes one argument so that the Microsoft C runtime's parser gives it back unchanged.
std::string quote_argument(const std::string& argument) {
    if (!argument.empty() && argument.find_first_of(" \t\n\v\"") == std::string::npos)
        return argument;
    std::string quoted = "\"";
    size_t backslashes = 0;
    for (char c : argument) {
        if (c == '\\') {
            ++backslashes;
            continue;
        }
        if (c == '"')
            quoted.append(backslashes * 2 + 1, '\\');
        else
            quoted.append(backslashes, '\\');
        backslashes = 0;
        quoted += c;
    }
    quoted.append(backslashes * 2, '\\');
    quoted += '"';
    return quoted;
}

/// The host environment minus variables that only make sense on Linux, plus the Windows basics.
std::vector<std::string> guest_environment() {
    std::vector<std::string> result;
    auto skipped = [](const std::string& entry) {
        for (const char* name : {"PATH=", "TEMP=", "TMP=", "SystemRoot=", "windir=", "COMSPEC=", "PATHEXT="})
            if (entry.compare(0, strlen(name), name) == 0)
                return true;
        return entry.find('=') == std::string::npos || entry[0] == '=';
    };
    for (char** e = environ; e && *e; ++e)
        if (!skipped(*e))
            result.emplace_back(*e);
    result.emplace_back("PATH=C:\\Windows\\System32;C:\\Windows");
    result.emplace_back("SystemRoot=C:\\Windows");
    result.emplace_back("windir=C:\\Windows");
    result.emplace_back("COMSPEC=C:\\Windows\\System32\\cmd.exe");
    result.emplace_back("PATHEXT=.COM;.EXE;.BAT;.CMD");
    result.emplace_back("TEMP=D:\\");
    result.emplace_back("TMP=D:\\");
    return result;
}

} // namespace

int main(int argc, char** argv) {
    std::string image_dir;
    std::string registry_file;
    bool registry_given = false;
    bool options_trace = false;
    int index = 1;
    for (; index < argc; ++index) {
        std::string arg = argv[index];
        if (arg == "--") {
            ++index;
            break;
        }
        if (arg == "-h" || arg == "--help") {
            usage(stdout);
            return 0;
        }
        if (arg == "--trace") {
            options_trace = true;
        } else if (arg == "--image") {
            if (++index >= argc)
                fail("--image needs a directory");
            image_dir = argv[index];
        } else if (arg == "--registry") {
            if (++index >= argc)
                fail("--registry needs a file (\"\" for none)");
            registry_file = argv[index];
            registry_given = true;
        } else if (arg == "--display") {
            if (++index >= argc)
                fail("--display needs a value (none)");
            if (std::string(argv[index]) != "none")
                fail(std::string("--display ") + argv[index] + ": only 'none' exists until the compositor lands");
        } else if (arg.size() > 1 && arg[0] == '-') {
            fprintf(stderr, "halcyon: unknown option %s\n\n", arg.c_str());
            usage(stderr);
            return 2;
        } else {
            break;
        }
    }
    if (index >= argc) {
        usage(stderr);
        return 2;
    }
    std::string program = argv[index];
    if (image_dir.empty())
        image_dir = default_image_dir();
    if (!registry_given)
        registry_file = default_registry_file(image_dir);

    char resolved[PATH_MAX];
    if (!realpath(program.c_str(), resolved))
        fail(program + ": " + strerror(errno));
    struct stat st {};
    if (stat(resolved, &st) != 0 || !S_ISREG(st.st_mode))
        fail(program + ": not a regular file");
    std::string host_path = resolved;
    std::string host_dir = host_path.substr(0, host_path.rfind('/'));
    if (host_dir.empty())
        host_dir = "/";
    std::string file_name = host_path.substr(host_path.rfind('/') + 1);
    struct stat image_st {};
    if (stat((image_dir + "/Windows/System32/ntdll.dll").c_str(), &image_st) != 0)
        fail("system image " + image_dir + " has no Windows\\System32\\ntdll.dll (build it first)");

    std::string error;
    auto kernel = embed::Kernel::boot({.system_image = image_dir,
                                       .drives = {{'D', host_dir}},
                                       .trace = options_trace,
                                       .registry_file = registry_file,
                                       .ram_bytes = kRamSize},
                                      error);
    if (!kernel)
        fail(error);

    std::string image_path = "D:\\" + file_name;
    std::string command_line = quote_argument(image_path);
    for (int i = index + 1; i < argc; ++i)
        command_line += " " + quote_argument(argv[i]);
    NtStatus exit_status = kernel->run({.image_path = image_path,
                                        .command_line = command_line,
                                        .current_directory = "D:\\",
                                        .environment = guest_environment()},
                                       error);
    if (!error.empty())
        fail(program + ": " + error);
    kernel.reset();
    fflush(stdout);
    return static_cast<int>(exit_status.value);
}
