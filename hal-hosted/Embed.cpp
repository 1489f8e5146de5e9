// The embedding API (include/halcyon/Embed.h): boot, run, observe and shut down a hosted kernel.

#include "halcyon/Embed.h"

#include "core/fs/FileObject.h"
#include "core/fs/HostDirFs.h"
#include "core/io/ConsoleNode.h"
#include "core/ke/Kernel.h"
#include "core/ps/ProcessLauncher.h"
#include "core/registry/Registry.h"
#include "halcyon_hosted.h"

#include <algorithm>
#include <dirent.h>

namespace halcyon::embed {

namespace {

bool s_kernel_up;
/// Whether the booted kernel's registry lives in memory only (reset_registry may rebuild it).
bool s_registry_in_memory;

std::string message_of(const Error& error) {
    char status_text[96];
    format_to(status_text, sizeof status_text, "{}", error.status());
    std::string message = error.has_message() ? std::string(error.message()) : std::string("failed");
    return message + " [" + status_text + "]";
}

ErrorOr<RefPtr<ob::Object>> console_handle(hal::ConsoleStream stream) {
    RefPtr<fs::Vnode> node = TRY(io::ConsoleNode::node_for(stream));
    fs::OpenRequest request;
    request.desired_access = fs::file_access::FileGenericRead | fs::file_access::FileGenericWrite;
    request.share_access = fs::file_share::Read | fs::file_share::Write;
    request.options = fs::create_option::SynchronousIoNonalert;
    RefPtr<fs::FileObject> file = TRY(fs::FileObject::create(move(node), request));
    return RefPtr<ob::Object>(move(file));
}

ErrorOr<void> mount(char drive, const std::string& host_dir) {
    auto fs = TRY(fs::HostDirectoryFileSystem::create(StringView(host_dir.c_str())));
    return kernel::vfs().mount(drive, move(fs));
}

/// Windows keeps environment blocks sorted by upper-cased name; programs rely on it.
void sort_environment(std::vector<std::string>& environment) {
    auto name_of = [](const std::string& entry) {
        std::string name = entry.substr(0, entry.find('=', 1));
        for (char& c : name)
            c = static_cast<char>(toupper(static_cast<unsigned char>(c)));
        return name;
    };
    std::stable_sort(environment.begin(), environment.end(),
                     [&](const std::string& a, const std::string& b) { return name_of(a) < name_of(b); });
}

std::string quote_if_needed(const std::string& path) {
    return path.find_first_of(" \t") == std::string::npos ? path : "\"" + path + "\"";
}

} // namespace

std::unique_ptr<Kernel> Kernel::boot(const BootOptions& options, std::string& error) {
    if (s_kernel_up) {
        error = "a kernel is already running in this process";
        return nullptr;
    }
    if (auto ram = hal::hosted_init_physical_memory(options.ram_bytes); ram.is_error()) {
        error = "cannot create physical memory: " + message_of(ram.error());
        return nullptr;
    }
    kernel::Options kernel_options;
    kernel_options.trace = options.trace;
    kernel_options.registry_path = StringView(options.registry_file.c_str(), options.registry_file.size());
    s_registry_in_memory = options.registry_file.empty();
    if (auto init = kernel::initialize(kernel_options); init.is_error()) {
        error = "kernel initialization failed: " + message_of(init.error());
        kernel::shutdown();
        hal::hosted_shutdown_physical_memory();
        return nullptr;
    }
    s_kernel_up = true;
    std::unique_ptr<Kernel> kernel(new Kernel);
    std::vector<std::pair<char, std::string>> drives = options.drives;
    if (!options.system_image.empty())
        drives.insert(drives.begin(), {'C', options.system_image});
    for (auto& [letter, host_dir] : drives) {
        if (auto mounted = mount(letter, host_dir); mounted.is_error()) {
            error = std::string("cannot mount ") + letter + ": (" + host_dir + "): " + message_of(mounted.error());
            return nullptr; // the destructor shuts the half-booted kernel down
        }
    }
    return kernel;
}

Kernel::~Kernel() {
    kernel::set_system_call_observer(nullptr, nullptr);
    u64 leaked = kernel::shutdown();
    if (leaked)
        kernel::log("halcyon: shutdown: {} physical frames were still allocated", leaked);
    hal::hosted_stop_timer_thread();
    hal::hosted_shutdown_physical_memory();
    s_kernel_up = false;
}

NtStatus Kernel::run(const ProgramOptions& program, std::string& error) {
    std::string directory = program.current_directory;
    if (directory.empty()) {
        auto slash = program.image_path.rfind('\\');
        directory = slash == std::string::npos ? "C:\\" : program.image_path.substr(0, slash + 1);
    }
    std::string command_line = program.command_line.empty() ? quote_if_needed(program.image_path) : program.command_line;
    std::vector<std::string> environment = program.environment;
    sort_environment(environment);
    std::vector<StringView> environment_views;
    for (auto& entry : environment)
        environment_views.emplace_back(entry.c_str(), entry.size());

    ps::LaunchRequest request;
    request.image_path = StringView(program.image_path.c_str(), program.image_path.size());
    request.command_line = StringView(command_line.c_str(), command_line.size());
    request.current_directory = StringView(directory.c_str(), directory.size());
    request.environment = Span<const StringView>(environment_views.data(), environment_views.size());
    for (auto [slot, stream] : {std::pair{&request.standard_input, hal::ConsoleStream::Input},
                                std::pair{&request.standard_output, hal::ConsoleStream::Output},
                                std::pair{&request.standard_error, hal::ConsoleStream::Error}}) {
        auto handle = console_handle(stream);
        if (handle.is_error()) {
            error = "cannot open the console: " + message_of(handle.error());
            return handle.error().status();
        }
        *slot = handle.release_value();
    }
    auto thread = ps::create_user_process(request);
    if (thread.is_error()) {
        error = message_of(thread.error());
        return thread.error().status();
    }
    return ps::run_until_exit(*thread.value());
}

NtStatus Kernel::run_guest_code(std::span<const std::uint8_t> code, std::span<const std::uint8_t> data,
                                std::string& error) {
    ps::BareProcessRequest request{
        .name = "guest-code",
        .code = ReadonlyBytes(code.data(), code.size()),
        .code_address = kGuestCodeAddress,
        .data = ReadonlyBytes(data.data(), data.size()),
        .data_address = kGuestDataAddress,
        .data_size = kGuestDataSize,
        .readonly_address = kGuestReadOnlyAddress,
    };
    auto thread = ps::create_bare_process(request);
    if (thread.is_error()) {
        error = message_of(thread.error());
        return thread.error().status();
    }
    return ps::run_until_exit(*thread.value());
}

void Kernel::set_system_call_observer(kernel::SystemCallObserver observer, void* context) {
    kernel::set_system_call_observer(observer, context);
}

bool Kernel::check_current_process(std::string& why) {
    ps::Thread* thread = ps::Thread::current();
    if (!thread) {
        why = "no current thread";
        return false;
    }
    if (auto checked = thread->process().handles().check_consistency(); checked.is_error()) {
        why = std::string(checked.error().message());
        return false;
    }
    return true;
}

std::vector<std::pair<std::uint64_t, std::uint64_t>> Kernel::current_process_regions() {
    std::vector<std::pair<std::uint64_t, std::uint64_t>> regions;
    ps::Thread* thread = ps::Thread::current();
    if (!thread)
        return regions;
    auto& space = thread->process().address_space();
    for (u64 va = hal::Mmu::user_lowest(); va < hal::Mmu::user_highest();) {
        auto info = space.query(va);
        if (info.is_error() || info.value().region_size == 0)
            break;
        if (info.value().state != mm::MEM_FREE)
            regions.emplace_back(info.value().base_address, info.value().region_size);
        va = info.value().base_address + info.value().region_size;
    }
    return regions;
}

bool Kernel::reset_registry(std::string& error) {
    if (!s_registry_in_memory) {
        error = "the registry persists in a file; only an in-memory registry is reset";
        return false;
    }
    registry::shutdown();
    if (auto fresh = registry::initialize({}); fresh.is_error()) {
        error = "cannot rebuild the registry: " + message_of(fresh.error());
        return false;
    }
    return true;
}

Counters Kernel::counters() {
    Counters counters{};
    counters.live_objects = ob::Object::live_count();
    counters.used_frames = s_kernel_up ? kernel::frames().total_frames() - kernel::frames().free_frames() : 0;
    if (DIR* tasks = opendir("/proc/self/task")) {
        while (dirent* entry = readdir(tasks))
            counters.host_threads += entry->d_name[0] != '.';
        closedir(tasks);
    }
    return counters;
}

} // namespace halcyon::embed
