#include "core/ps/ProcessLauncher.h"

#include "core/abi/UserAbi.h"
#include "core/fs/FileObject.h"
#include "core/fs/Utf.h"
#include "core/ke/Kernel.h"
#include "core/ps/ImageSection.h"
#include "core/ps/Scheduler.h"
#include "pe/Exports.h"

namespace halcyon::ps {

namespace {

constexpr u64 kDefaultStackReserve = 1 * MiB;
constexpr u64 kMaxStackReserve = 256 * MiB;
/// Committed up front at the top of every stack (the rest grows through the guard page).
constexpr u64 kInitialStackCommit = 64 * KiB;
constexpr u32 kTraceLoaderFlag = 0x80000000; // ProcessParameters.flags: ntdll logs loader steps

/// Opens a file from the VFS for reading its whole contents.
ErrorOr<RefPtr<fs::Vnode>> open_for_reading(StringView windows_path) {
    fs::WindowsPath path = TRY(fs::parse_windows_path(windows_path, nullptr));
    fs::OpenRequest request;
    request.desired_access = fs::file_access::FileGenericRead;
    request.share_access = fs::file_share::Read;
    request.disposition = fs::disposition::Open;
    request.options = fs::create_option::NonDirectoryFile;
    fs::OpenResult opened = TRY(kernel::vfs().open(path, request));
    return opened.node;
}

/// A bump allocator for building a block of user memory (the process parameters) in kernel memory,
/// then copying it into the process in one write.
class UserBlockBuilder {
public:
    UserBlockBuilder(u64 user_base, u8* buffer, usize capacity)
        : m_user_base(user_base), m_buffer(buffer), m_capacity(capacity) {}

    ErrorOr<u64> reserve(usize size, usize alignment) {
        usize offset = align_up(m_used, alignment);
        if (offset + size > m_capacity)
            return Error(status::NameTooLong, "process parameters do not fit");
        m_used = offset + size;
        return m_user_base + offset;
    }
    u8* at(u64 user_address) { return m_buffer + (user_address - m_user_base); }

    /// Stores a UTF-16 copy of `utf8` (NUL-terminated) and describes it as a UNICODE_STRING.
    ErrorOr<abi::UnicodeString> add_string(StringView utf8) {
        Vector<u16> wide = TRY(fs::utf8_to_utf16(utf8));
        usize bytes = wide.size() * 2;
        if (bytes > 0xFFFC)
            return Error(status::NameTooLong, "string longer than a UNICODE_STRING can hold");
        u64 address = TRY(reserve(bytes + 2, 8));
        copy_bytes(at(address), wide.data(), bytes);
        abi::UnicodeString result{};
        result.length = static_cast<u16>(bytes);
        result.maximum_length = static_cast<u16>(bytes + 2);
        result.buffer = address;
        return result;
    }

    /// The same for a UTF-16 string as given.
    ErrorOr<abi::UnicodeString> add_string(Span<const u16> wide) {
        usize bytes = wide.size() * 2;
        if (bytes > 0xFFFC)
            return Error(status::NameTooLong, "string longer than a UNICODE_STRING can hold");
        u64 address = TRY(reserve(bytes + 2, 8));
        copy_bytes(at(address), wide.data(), bytes);
        abi::UnicodeString result{};
        result.length = static_cast<u16>(bytes);
        result.maximum_length = static_cast<u16>(bytes + 2);
        result.buffer = address;
        return result;
    }

    usize used() const { return m_used; }

private:
    u64 m_user_base;
    u8* m_buffer;
    usize m_capacity;
    usize m_used{0};
};

ErrorOr<u64> allocate_user(Process& process, u64 size, u32 protection) {
    auto range = TRY(process.address_space().allocate(0, size, mm::MEM_RESERVE | mm::MEM_COMMIT, protection));
    return range.base;
}

ErrorOr<void> map_shared_user_data(Process& process) {
    auto& space = process.address_space();
    TRY(space.allocate(abi::kSharedUserDataAddress, sizeof(abi::SharedUserData), mm::MEM_RESERVE | mm::MEM_COMMIT,
                       mm::PAGE_READWRITE));
    abi::SharedUserData data{};
    data.nt_major_version = abi::kOsMajorVersion;
    data.nt_minor_version = abi::kOsMinorVersion;
    data.qpc_frequency = 10'000'000;
    // FIXME: the kernel does not keep TickCount/InterruptTime/SystemTime current in this page;
    // multiplier 0 tells kernelbase to ask NtQueryPerformanceCounter instead of reading ticks.
    data.tick_count_multiplier = 0;
    data.system_call_gate = hal::UserMode::gate_address();
    TRY(space.write(abi::kSharedUserDataAddress, ReadonlyBytes(reinterpret_cast<const u8*>(&data), sizeof data)));
    TRY(space.protect(abi::kSharedUserDataAddress, sizeof data, mm::PAGE_READONLY));
    return {};
}

ErrorOr<u64> insert_std_handle(Process& process, const RefPtr<ob::Object>& object, u64 inherited_value) {
    if (!object)
        return inherited_value;
    return process.handles().insert(object, fs::file_access::FileGenericRead | fs::file_access::FileGenericWrite);
}

ErrorOr<u64> build_process_parameters(Process& process, const LaunchRequest& request) {
    usize capacity = 256 * KiB + request.environment_block.size() * 2 + request.runtime_data.size() +
                     request.command_line_utf16.size() * 2;
    const usize kCapacity = align_up<usize>(capacity, mm::kPageSize);
    u64 base = TRY(allocate_user(process, kCapacity, mm::PAGE_READWRITE));
    u8* buffer = static_cast<u8*>(kmalloc(kCapacity));
    if (!buffer)
        return Error(status::NoMemory, "no kernel memory for process parameters");
    fill_bytes(buffer, 0, kCapacity);
    struct Free {
        u8* p;
        ~Free() { kfree(p); }
    } free_buffer{buffer};

    UserBlockBuilder block(base, buffer, kCapacity);
    u64 params_address = TRY(block.reserve(sizeof(abi::ProcessParameters), 16));
    abi::ProcessParameters params{};
    params.maximum_length = sizeof params;
    params.length = sizeof params;
    params.flags = abi::kParametersNormalized | (kernel::options().trace ? kTraceLoaderFlag : 0);
    params.standard_input = TRY(insert_std_handle(process, request.standard_input, request.standard_handle_values[0]));
    params.standard_output =
        TRY(insert_std_handle(process, request.standard_output, request.standard_handle_values[1]));
    params.standard_error = TRY(insert_std_handle(process, request.standard_error, request.standard_handle_values[2]));
    params.window_flags = request.window_flags;
    params.show_window_flags = request.show_window_flags;

    // CURDIR.DosPath always ends in a backslash.
    char directory[1024];
    usize length = format_to(directory, sizeof directory, "{}{}", request.current_directory,
                             request.current_directory.ends_with_ignoring_case("\\") ? "" : "\\");
    if (length >= sizeof directory)
        return Error(status::NameTooLong, "current directory path is too long");
    params.current_directory = TRY(block.add_string(StringView(directory, length)));
    // Give the directory string room to grow to MAX_PATH so RtlSetCurrentDirectory_U can reuse it.
    {
        u64 spare = TRY(block.reserve(520, 2));
        (void)spare;
        params.current_directory.maximum_length = static_cast<u16>(params.current_directory.maximum_length + 520);
    }
    char dll_path[1200];
    usize dll_path_length = format_to(dll_path, sizeof dll_path, "{};{}", StringView(directory, length), kSystemDirectory);
    params.dll_path = TRY(block.add_string(StringView(dll_path, min(dll_path_length, sizeof dll_path - 1))));
    params.image_path_name = TRY(block.add_string(request.image_path));
    params.command_line = request.command_line_utf16.size() ? TRY(block.add_string(request.command_line_utf16))
                                                            : TRY(block.add_string(request.command_line));
    params.window_title = request.window_title_utf16.size() ? TRY(block.add_string(request.window_title_utf16))
                                                            : TRY(block.add_string(request.image_path));
    params.desktop_info = TRY(block.add_string(""));
    params.shell_info = TRY(block.add_string(""));
    if (request.runtime_data.size()) {
        if (request.runtime_data.size() > 0xFFFF)
            return Error(status::InvalidParameter, "runtime data larger than a UNICODE_STRING can describe");
        u64 address = TRY(block.reserve(request.runtime_data.size(), 8));
        copy_bytes(block.at(address), request.runtime_data.data(), request.runtime_data.size());
        params.runtime_data.length = static_cast<u16>(request.runtime_data.size());
        params.runtime_data.maximum_length = static_cast<u16>(request.runtime_data.size());
        params.runtime_data.buffer = address;
    }

    if (request.environment_block.size()) {
        // A block from the creating process, already checked to end in an empty string.
        usize bytes = request.environment_block.size() * 2;
        u64 environment = TRY(block.reserve(bytes, 16));
        copy_bytes(block.at(environment), request.environment_block.data(), bytes);
        params.environment = environment;
        params.environment_size = bytes;
        copy_bytes(block.at(params_address), &params, sizeof params);
        TRY(process.address_space().write(base, ReadonlyBytes(buffer, block.used())));
        return params_address;
    }

    // The environment: "NAME=value\0" ... "\0" in UTF-16.
    usize environment_units = 1;
    for (StringView entry : request.environment)
        environment_units += TRY(fs::utf16_length(entry)) + 1;
    u64 environment = TRY(block.reserve(environment_units * 2, 16));
    u16* out = reinterpret_cast<u16*>(block.at(environment));
    for (StringView entry : request.environment) {
        Vector<u16> wide = TRY(fs::utf8_to_utf16(entry));
        copy_bytes(out, wide.data(), wide.size() * 2);
        out += wide.size();
        *out++ = 0;
    }
    *out = 0;
    params.environment = environment;
    params.environment_size = environment_units * 2;

    copy_bytes(block.at(params_address), &params, sizeof params);
    TRY(process.address_space().write(base, ReadonlyBytes(buffer, block.used())));
    return params_address;
}

ErrorOr<u64> build_peb(Process& process, u64 parameters, const pe::Image& image) {
    u64 peb_address = TRY(allocate_user(process, sizeof(abi::Peb), mm::PAGE_READWRITE));
    abi::Peb peb{};
    peb.image_base_address = process.image_base();
    peb.process_parameters = parameters;
    peb.number_of_processors = scheduler::kProcessorCount;
    peb.os_major_version = abi::kOsMajorVersion;
    peb.os_minor_version = abi::kOsMinorVersion;
    peb.os_build_number = static_cast<u16>(abi::kOsBuildNumber);
    peb.os_platform_id = 2; // VER_PLATFORM_WIN32_NT
    peb.image_subsystem = image.subsystem();
    TRY(process.address_space().write(peb_address, ReadonlyBytes(reinterpret_cast<const u8*>(&peb), sizeof peb)));
    return peb_address;
}

ErrorOr<u64> find_export(const ImageSection& section, u64 base, StringView name) {
    pe::ExportTable exports = TRY(pe::ExportTable::open(section.image()));
    pe::ExportTarget target = TRY(exports.find_by_name(name));
    if (target.is_forwarder() || target.rva == 0)
        return Error(status::EntrypointNotFound, "ntdll export is a forwarder");
    return base + target.rva;
}

ErrorOr<RefPtr<ImageSection>> load_image_section(StringView path, StringView name) {
    RefPtr<fs::Vnode> node = TRY(open_for_reading(path));
    return ImageSection::create_from_node(*node, name);
}

/// The stack and TEB of a new thread, and its start registers (LdrInitializeThunk's contract).
ErrorOr<RefPtr<Thread>> build_thread(Process& process, u64 start_routine, u64 argument, bool first_thread,
                                     u64 stack_reserve) {
    auto thread = TRY(ob::make_object<Thread>(RefPtr<Process>(&process), kernel::allocate_id()));

    // The stack, as Windows lays it out: the whole size reserved, the top committed, and a
    // guard page below the committed part; touching the guard page commits more (grow_stack).
    u64 stack_size = stack_reserve ? stack_reserve : process.default_stack_reserve();
    if (stack_size < 64 * KiB)
        stack_size = kDefaultStackReserve;
    if (stack_size > kMaxStackReserve)
        stack_size = kMaxStackReserve;
    stack_size = align_up<u64>(stack_size, 64 * KiB);
    auto& space = process.address_space();
    auto reserved = TRY(space.allocate(0, stack_size, mm::MEM_RESERVE, mm::PAGE_READWRITE));
    u64 stack_low = reserved.base;
    u64 stack_top = stack_low + stack_size;
    u64 committed_low = stack_top - kInitialStackCommit;
    auto committed = space.allocate(committed_low, kInitialStackCommit, mm::MEM_COMMIT, mm::PAGE_READWRITE);
    if (!committed.is_error())
        committed = space.allocate(committed_low - mm::kPageSize, mm::kPageSize, mm::MEM_COMMIT,
                                   mm::PAGE_READWRITE | mm::PAGE_GUARD);
    if (committed.is_error()) {
        (void)space.free(stack_low, 0, mm::MEM_RELEASE);
        return committed.release_error();
    }
    thread->set_stack(stack_top, stack_low);
    thread->set_stack_committed_low(committed_low);

    auto teb_address = allocate_user(process, sizeof(abi::Teb), mm::PAGE_READWRITE);
    if (teb_address.is_error()) {
        (void)process.address_space().free(stack_low, 0, mm::MEM_RELEASE);
        return teb_address.release_error();
    }
    abi::Teb* teb = static_cast<abi::Teb*>(kmalloc(sizeof(abi::Teb)));
    if (!teb)
        return Error(status::NoMemory, "no kernel memory for the TEB");
    fill_bytes(teb, 0, sizeof *teb);
    teb->stack_base = stack_top;
    teb->stack_limit = committed_low;
    teb->deallocation_stack = stack_low;
    teb->self = teb_address.value();
    teb->client_id = {process.pid(), thread->tid()};
    teb->process_environment_block = process.peb_address();
    auto written = process.address_space().write(teb_address.value(),
                                                 ReadonlyBytes(reinterpret_cast<const u8*>(teb), sizeof *teb));
    kfree(teb);
    TRY(move(written));
    thread->set_teb(teb_address.value());

    thread->set_start(hal::UserStart{
        .rip = process.loader_entry(),
        .rsp = stack_top - 0x38, // 16-byte aligned minus 8, with home space above
        .rcx = start_routine,
        .rdx = argument,
        .r8 = first_thread ? 1u : 0u,
        .r9 = 0,
        .gs_base = teb_address.value(),
    });
    return thread;
}

} // namespace

ErrorOr<RefPtr<Thread>> create_user_process(const LaunchRequest& request) {
    StringView image_name = request.image_path;
    if (i64 slash = image_name.find_last('\\'); slash >= 0)
        image_name = image_name.substring(static_cast<usize>(slash) + 1);

    RefPtr<ImageSection> exe = TRY(load_image_section(request.image_path, image_name));
    char ntdll_path[128];
    format_to(ntdll_path, sizeof ntdll_path, "{}\\ntdll.dll", kSystemDirectory);
    auto ntdll_section = load_image_section(ntdll_path, "ntdll.dll");
    if (ntdll_section.is_error())
        return Error(ntdll_section.error().status(), "cannot load C:\\Windows\\System32\\ntdll.dll (system image incomplete?)");
    RefPtr<ImageSection> ntdll = ntdll_section.release_value();

    RefPtr<Process> process = TRY(Process::create(kernel::allocate_id(), image_name));
    fs::WindowsPath cwd = TRY(fs::parse_windows_path(request.current_directory, nullptr));
    process->set_current_directory(move(cwd));
    process->set_parent_pid(request.parent_pid);
    // Inherited handles keep their values, so they go in before anything else takes a slot.
    if (request.inherit_handles_from)
        TRY(request.inherit_handles_from->copy_inheritable_into(process->handles()));

    TRY(map_shared_user_data(*process));
    MappedImage exe_view = TRY(exe->map_into(*process));
    process->set_image_base(exe_view.base);
    kernel::trace("[ps] pid={} mapped {} at {:#x}{}", process->pid(), image_name, exe_view.base,
                  exe_view.relocated ? " (relocated)" : "");
    MappedImage ntdll_view = TRY(ntdll->map_into(*process));
    kernel::trace("[ps] pid={} mapped ntdll.dll at {:#x}", process->pid(), ntdll_view.base);
    u64 loader_entry = TRY(find_export(*ntdll, ntdll_view.base, "LdrInitializeThunk"));

    u64 parameters = TRY(build_process_parameters(*process, request));
    u64 peb = TRY(build_peb(*process, parameters, exe->image()));
    process->set_peb_address(peb);

    process->set_loader_entry(loader_entry);
    if (auto dispatcher = find_export(*ntdll, ntdll_view.base, "KiUserExceptionDispatcher"); !dispatcher.is_error())
        process->set_exception_dispatcher(dispatcher.value());
    else
        kernel::log("halcyon: ntdll.dll has no KiUserExceptionDispatcher; exceptions will end the process");
    // Without it user APCs stay queued (alertable waits then ignore them).
    if (auto dispatcher = find_export(*ntdll, ntdll_view.base, "KiUserApcDispatcher"); !dispatcher.is_error())
        process->set_apc_dispatcher(dispatcher.value());
    process->set_default_stack_reserve(exe->image().stack_reserve());

    auto thread = TRY(build_thread(*process, exe_view.entry_point, peb, true, 0));
    return thread;
}

ErrorOr<RefPtr<Thread>> create_bare_process(const BareProcessRequest& request) {
    if (request.code.size() == 0 || request.data.size() > request.data_size)
        return Error(status::InvalidParameter, "bare process: no code, or data larger than its region");
    RefPtr<Process> process = TRY(Process::create(kernel::allocate_id(), request.name));
    TRY(map_shared_user_data(*process));
    auto& space = process->address_space();
    u64 code_size = align_up<u64>(request.code.size(), mm::kPageSize);
    TRY(space.allocate(request.code_address, code_size, mm::MEM_RESERVE | mm::MEM_COMMIT, mm::PAGE_READWRITE));
    TRY(space.write(request.code_address, request.code));
    TRY(space.protect(request.code_address, code_size, mm::PAGE_EXECUTE_READ));
    TRY(space.allocate(request.data_address, request.data_size, mm::MEM_RESERVE | mm::MEM_COMMIT,
                       mm::PAGE_READWRITE));
    if (request.data.size())
        TRY(space.write(request.data_address, request.data));
    TRY(space.allocate(request.readonly_address, mm::kPageSize, mm::MEM_RESERVE | mm::MEM_COMMIT,
                       mm::PAGE_READONLY));

    u64 peb_address = TRY(allocate_user(*process, sizeof(abi::Peb), mm::PAGE_READWRITE));
    abi::Peb peb{};
    peb.number_of_processors = scheduler::kProcessorCount;
    peb.os_major_version = abi::kOsMajorVersion;
    peb.os_minor_version = abi::kOsMinorVersion;
    peb.os_build_number = static_cast<u16>(abi::kOsBuildNumber);
    peb.os_platform_id = 2;
    TRY(space.write(peb_address, ReadonlyBytes(reinterpret_cast<const u8*>(&peb), sizeof peb)));
    process->set_peb_address(peb_address);
    process->set_loader_entry(request.code_address);
    process->set_default_stack_reserve(256 * KiB);
    return build_thread(*process, 0, 0, true, 0);
}

ErrorOr<RefPtr<Thread>> create_user_thread(Process& process, const UserThreadRequest& request) {
    if (process.is_terminating() || process.is_terminated())
        return Error(status::ProcessIsTerminating, "the process is ending");
    RefPtr<Thread> thread =
        TRY(build_thread(process, request.start_routine, request.argument, false, request.stack_reserve));
    thread->set_suspend_count(request.create_suspended ? 1 : 0);
    TRY(scheduler::start(*thread));
    kernel::trace("[ps] pid={} thread tid={} created at {:#x}", process.pid(), thread->tid(), request.start_routine);
    return thread;
}

NtStatus run_until_exit(Thread& thread) {
    Process& process = thread.process();
    if (auto started = scheduler::start(thread); started.is_error()) {
        kernel::log("halcyon: cannot start the first thread: {}", started.error().message());
        return started.error().status();
    }
    scheduler::run_idle_until([](void* p) { return static_cast<Process*>(p)->is_terminated(); }, &process);
    // The session is over: end what the first process left behind (see ProcessLauncher.h).
    constexpr NtStatus kStatusControlCExit{0xC000013A};
    for (Process& left : live_processes()) {
        kernel::trace("[ps] pid={} outlived the first process; terminating it", left.pid());
        terminate_process(left, kStatusControlCExit);
    }
    scheduler::run_idle_until([](void*) { return live_processes().is_empty(); }, nullptr);
    return process.exit_status();
}

} // namespace halcyon::ps
