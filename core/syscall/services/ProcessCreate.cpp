// NtCreateUserProcess: a process created by another one (CreateProcess).
//
// The caller (kernelbase) passes RTL_USER_PROCESS_PARAMETERS in its own address space, normalized
// or not, and a PS_ATTRIBUTE_LIST naming the image (PS_ATTRIBUTE_IMAGE_NAME, an NT path) and
// asking for the new thread's CLIENT_ID. The kernel copies what it needs into a LaunchRequest and
// lets ps::create_user_process build the new process: the parameters are rebuilt (normalized) in
// the child, as NT copies them. Handle inheritance and the standard handles follow Windows:
//
// - PROCESS_CREATE_FLAGS_INHERIT_HANDLES copies every inheritable handle under the same value.
// - A standard handle value in the parameters is used as is when it was inherited. Otherwise,
//   with PS_ATTRIBUTE_STD_HANDLE_INFO asking for duplication (what CreateProcess asks for when
//   STARTF_USESTDHANDLES is absent), the object is duplicated into the child under a new value;
//   without it the value is passed through unchanged, valid or not, as on Windows.
//
// FIXME: PS_ATTRIBUTE_HANDLE_LIST (inherit only the listed handles) is accepted but every
// inheritable handle is inherited; PS_ATTRIBUTE_PARENT_PROCESS is ignored.

#include "core/fs/Utf.h"
#include "core/ps/ProcessLauncher.h"
#include "core/ps/Scheduler.h"
#include "core/syscall/Services.h"

namespace halcyon::sys {

namespace {

constexpr u32 kProcessCreateFlagsInheritHandles = 0x4; // PROCESS_CREATE_FLAGS_INHERIT_HANDLES
constexpr u32 kThreadCreateFlagsCreateSuspended = 0x1; // THREAD_CREATE_FLAGS_CREATE_SUSPENDED
constexpr u32 kMaximumAllowed = 0x02000000;
constexpr u32 kProcessAllAccess = 0x001FFFFF;
constexpr u32 kThreadAllAccess = 0x001FFFFF;

// PS_ATTRIBUTE numbers: the attribute index | PS_ATTRIBUTE_THREAD 0x10000 | PS_ATTRIBUTE_INPUT
// 0x20000 | PS_ATTRIBUTE_ADDITIVE 0x40000.
constexpr u64 kPsAttributeParentProcess = 0x60000;
constexpr u64 kPsAttributeClientId = 0x10003;
constexpr u64 kPsAttributeImageName = 0x20005;
constexpr u64 kPsAttributeStdHandleInfo = 0x2000A;
constexpr u64 kPsAttributeHandleList = 0x2000D;
constexpr usize kMaxAttributes = 32;

struct PsAttribute {
    u64 attribute;
    u64 size;
    u64 value; // ULONG_PTR Value or PVOID ValuePtr
    u64 return_length;
};
static_assert(sizeof(PsAttribute) == 32);

/// PS_STD_HANDLE_INFO.Flags: StdHandleState in bits 0-1.
enum class StdHandleState : u32 { NeverDuplicate = 0, RequestDuplicate = 1, AlwaysDuplicate = 2 };

// PS_CREATE_INFO: { SIZE_T Size; PS_CREATE_STATE State; union { ... } } — 0x58 bytes on x64.
constexpr u32 kPsCreateFailOnFileOpen = 2;
constexpr u32 kPsCreateFailExeFormat = 4;
constexpr u32 kPsCreateSuccess = 6;
constexpr usize kPsCreateInfoSize = 0x58;

constexpr usize kMaxEnvironmentUnits = 8 * MiB / 2;
constexpr usize kMaxRuntimeData = 0xFFFF;

ErrorOr<void> append_zeros(Vector<u16>& vector, usize count) {
    TRY(vector.ensure_capacity(vector.size() + count));
    for (usize i = 0; i < count; ++i)
        TRY(vector.try_append(0));
    return {};
}

/// The UTF-16 text of a UNICODE_STRING from the caller's parameters; `base` is added to the
/// buffer pointer of a denormalized block (offsets, not addresses).
ErrorOr<Vector<u16>> read_wide(const abi::UnicodeString& string, u64 base) {
    Vector<u16> text;
    if (string.length & 1)
        return Error(status::InvalidParameter, "odd UNICODE_STRING length in the process parameters");
    if (string.length == 0 || string.buffer == 0)
        return text;
    TRY(append_zeros(text, string.length / 2));
    TRY(user::copy_from(text.data(), string.buffer + base, string.length));
    return text;
}

/// The environment block at `address`: `size_bytes` when the caller said (EnvironmentSize),
/// otherwise up to the empty string that ends it. The result always ends in "\0\0".
ErrorOr<Vector<u16>> read_environment(u64 address, u64 size_bytes) {
    Vector<u16> block;
    if (size_bytes) {
        if (size_bytes / 2 > kMaxEnvironmentUnits)
            return Error(status::InvalidParameter, "environment block too large");
        TRY(append_zeros(block, size_bytes / 2));
        TRY(user::copy_from(block.data(), address, block.size() * 2));
    } else {
        // Read page by page so a block that ends just before unmapped memory is still read.
        u16 previous = 1;
        bool ended = false;
        u64 at = address;
        while (!ended) {
            if (block.size() > kMaxEnvironmentUnits)
                return Error(status::InvalidParameter, "environment block has no end");
            u16 chunk[512];
            usize bytes = min<u64>(sizeof chunk, mm::kPageSize - (at % mm::kPageSize));
            bytes &= ~usize{1};
            if (bytes == 0)
                bytes = 2;
            TRY(user::copy_from(chunk, at, bytes));
            for (usize i = 0; i < bytes / 2 && !ended; ++i) {
                TRY(block.try_append(chunk[i]));
                // The first unit may itself be the terminator of an empty block.
                ended = chunk[i] == 0 && (previous == 0 || block.size() == 1);
                previous = chunk[i];
            }
            at += bytes;
        }
    }
    // Cut at the first empty string and make sure two terminators end it.
    usize end = 0;
    while (end < block.size()) {
        usize start = end;
        while (end < block.size() && block.data()[end] != 0)
            ++end;
        if (end == start)
            break; // the empty string
        ++end;
    }
    Vector<u16> result;
    TRY(result.ensure_capacity(end + 2));
    for (usize i = 0; i < end && i < block.size(); ++i)
        TRY(result.try_append(block.data()[i]));
    while (result.size() < 2 || result.data()[result.size() - 1] != 0 || result.data()[result.size() - 2] != 0)
        TRY(result.try_append(0));
    return result;
}

/// "\??\C:\dir\app.exe" -> "C:\dir\app.exe" (the form LaunchRequest takes).
StringView dos_path_of(StringView nt_path) {
    if (nt_path.starts_with("\\??\\"))
        return nt_path.substring(4);
    return nt_path;
}

u32 granted(u32 desired, u32 all) { return desired == 0 || (desired & kMaximumAllowed) ? all : desired; }

/// The handle value the child should see for one standard handle.
struct StdHandleChoice {
    RefPtr<ob::Object> object; // duplicate this object into the child
    u64 value{0};              // or pass this value through
};

ErrorOr<StdHandleChoice> choose_std_handle(SyscallContext& context, u64 value, bool inherit, StdHandleState state) {
    StdHandleChoice choice{nullptr, value};
    if (value == 0 || value == ob::kCurrentProcessHandle || value == ob::kCurrentThreadHandle)
        return choice;
    auto info = context.process.handles().query(value);
    if (info.is_error())
        return choice; // not a handle of ours: passed through, as Windows does
    bool inherited = inherit && (info.value().attributes & ob::handle_attribute::Inherit);
    if (state == StdHandleState::AlwaysDuplicate || (state == StdHandleState::RequestDuplicate && !inherited))
        choice.object = info.value().object;
    return choice;
}

} // namespace

NtStatus NtCreateUserProcess(SyscallContext& context, UserPtr<u64> ProcessHandle, UserPtr<u64> ThreadHandle,
                             u32 ProcessDesiredAccess, u32 ThreadDesiredAccess,
                             UserPtr<abi::ObjectAttributes> ProcessObjectAttributes,
                             UserPtr<abi::ObjectAttributes> ThreadObjectAttributes, u32 ProcessFlags, u32 ThreadFlags,
                             UserPtr<void> ProcessParameters, UserPtr<void> CreateInfo, UserPtr<void> AttributeList) {
    u32 create_state = 0;
    NtStatus result = to_status([&]() -> ErrorOr<void> {
        TRY(reject_named_object(ProcessObjectAttributes, "processes"));
        TRY(reject_named_object(ThreadObjectAttributes, "threads"));
        if (ProcessHandle.is_null() || ThreadHandle.is_null() || ProcessParameters.is_null())
            return Error(status::InvalidParameter, "NtCreateUserProcess needs handle outputs and parameters");
        if (ProcessFlags & ~kProcessCreateFlagsInheritHandles)
            kernel::trace("[sys]   NtCreateUserProcess: process flags {:#x} ignored", ProcessFlags);
        if (ThreadFlags & ~kThreadCreateFlagsCreateSuspended)
            kernel::trace("[sys]   NtCreateUserProcess: thread flags {:#x} ignored", ThreadFlags);

        // The attribute list.
        String image_path;
        UserPtr<abi::ClientId> client_id_out{0};
        StdHandleState std_state = StdHandleState::NeverDuplicate;
        if (!AttributeList.is_null()) {
            u64 total_length = TRY(user::read(AttributeList.cast<u64>()));
            if (total_length < sizeof(u64) || (total_length - sizeof(u64)) % sizeof(PsAttribute) != 0)
                return Error(status::InvalidParameter, "malformed PS_ATTRIBUTE_LIST");
            usize count = (total_length - sizeof(u64)) / sizeof(PsAttribute);
            if (count > kMaxAttributes)
                return Error(status::InvalidParameter, "too many process attributes");
            for (usize i = 0; i < count; ++i) {
                PsAttribute attribute =
                    TRY(user::read(UserPtr<PsAttribute>{AttributeList.address + sizeof(u64) + i * sizeof(PsAttribute)}));
                switch (attribute.attribute) {
                case kPsAttributeImageName: {
                    if ((attribute.size & 1) || attribute.size == 0 || attribute.size > 0xFFFE)
                        return Error(status::InvalidParameter, "bad PS_ATTRIBUTE_IMAGE_NAME size");
                    Vector<u16> name;
                    TRY(append_zeros(name, attribute.size / 2));
                    TRY(user::copy_from(name.data(), attribute.value, attribute.size));
                    // A terminator counted in Size is not part of the name.
                    usize units = name.size();
                    while (units && name.data()[units - 1] == 0)
                        --units;
                    image_path = TRY(fs::utf16_to_utf8(Span<const u16>(name.data(), units)));
                    break;
                }
                case kPsAttributeClientId:
                    if (attribute.size < sizeof(abi::ClientId))
                        return Error(status::InvalidParameter, "PS_ATTRIBUTE_CLIENT_ID too small");
                    client_id_out = UserPtr<abi::ClientId>{attribute.value};
                    break;
                case kPsAttributeStdHandleInfo: {
                    if (attribute.size < sizeof(u32) * 2)
                        return Error(status::InvalidParameter, "PS_ATTRIBUTE_STD_HANDLE_INFO too small");
                    u32 flags = TRY(user::read(UserPtr<u32>{attribute.value}));
                    std_state = static_cast<StdHandleState>(flags & 3);
                    break;
                }
                case kPsAttributeHandleList:
                case kPsAttributeParentProcess:
                    kernel::trace("[sys]   NtCreateUserProcess: attribute {:#x} ignored", attribute.attribute);
                    break;
                default:
                    kernel::trace("[sys]   NtCreateUserProcess: unknown attribute {:#x} ignored", attribute.attribute);
                    break;
                }
            }
        }

        // The process parameters, as the caller laid them out.
        abi::ProcessParameters params{};
        u32 header[2];
        TRY(user::copy_from(header, ProcessParameters.address, sizeof header));
        usize length = min<usize>(header[1] ? header[1] : header[0], sizeof params);
        if (length < __builtin_offsetof(abi::ProcessParameters, runtime_data))
            return Error(status::InvalidParameter, "RTL_USER_PROCESS_PARAMETERS too short");
        TRY(user::copy_from(&params, ProcessParameters.address, length));
        u64 base = (params.flags & abi::kParametersNormalized) ? 0 : ProcessParameters.address;

        Vector<u16> image_name_from_params = TRY(read_wide(params.image_path_name, base));
        if (image_path.is_empty()) {
            // Windows requires PS_ATTRIBUTE_IMAGE_NAME; take ImagePathName when it is missing.
            image_path = TRY(fs::utf16_to_utf8(Span<const u16>(image_name_from_params.data(), image_name_from_params.size())));
        }
        if (image_path.is_empty())
            return Error(status::InvalidParameter, "no image name");
        Vector<u16> command_line = TRY(read_wide(params.command_line, base));
        Vector<u16> window_title = TRY(read_wide(params.window_title, base));
        Vector<u16> directory_wide = TRY(read_wide(params.current_directory, base));
        String directory = TRY(fs::utf16_to_utf8(Span<const u16>(directory_wide.data(), directory_wide.size())));
        if (directory.is_empty())
            return Error(status::InvalidParameter, "no current directory in the process parameters");
        Vector<u16> environment;
        if (params.environment) {
            u64 size = length >= sizeof params ? params.environment_size : 0;
            environment = TRY(read_environment(params.environment + base, size));
        }
        // RuntimeData is bytes (the CRT's inherited files); its size is MaximumLength.
        Vector<u8> runtime_data;
        if (length > __builtin_offsetof(abi::ProcessParameters, runtime_data) && params.runtime_data.buffer &&
            params.runtime_data.maximum_length) {
            usize size = min<usize>(params.runtime_data.maximum_length, kMaxRuntimeData);
            TRY(runtime_data.ensure_capacity(size));
            for (usize i = 0; i < size; ++i)
                TRY(runtime_data.try_append(0));
            TRY(user::copy_from(runtime_data.data(), params.runtime_data.buffer + base, size));
        }

        bool inherit = ProcessFlags & kProcessCreateFlagsInheritHandles;
        StdHandleChoice std_handles[3] = {
            TRY(choose_std_handle(context, params.standard_input, inherit, std_state)),
            TRY(choose_std_handle(context, params.standard_output, inherit, std_state)),
            TRY(choose_std_handle(context, params.standard_error, inherit, std_state)),
        };

        StringView dos_image = dos_path_of(image_path.view());
        ps::LaunchRequest request;
        request.image_path = dos_image;
        request.command_line = dos_image;
        request.command_line_utf16 = Span<const u16>(command_line.data(), command_line.size());
        request.current_directory = directory.view();
        request.environment_block = Span<const u16>(environment.data(), environment.size());
        request.window_title_utf16 = Span<const u16>(window_title.data(), window_title.size());
        request.runtime_data = ReadonlyBytes(runtime_data.data(), runtime_data.size());
        request.window_flags = params.window_flags;
        request.show_window_flags = params.show_window_flags;
        request.inherit_handles_from = inherit ? &context.process.handles() : nullptr;
        request.standard_input = std_handles[0].object;
        request.standard_output = std_handles[1].object;
        request.standard_error = std_handles[2].object;
        for (usize i = 0; i < 3; ++i)
            request.standard_handle_values[i] = std_handles[i].value;
        request.parent_pid = context.process.pid();

        auto created = ps::create_user_process(request);
        if (created.is_error()) {
            NtStatus failure = created.error().status();
            create_state = failure == status::ObjectNameNotFound || failure == status::ObjectPathNotFound
                               ? kPsCreateFailOnFileOpen
                               : kPsCreateFailExeFormat;
            kernel::trace("[ps] cannot create a process for {}: {}", dos_image, created.error().message());
            return created.release_error();
        }
        RefPtr<ps::Thread> thread = created.release_value();
        RefPtr<ps::Process> process(&thread->process());
        thread->set_suspend_count(ThreadFlags & kThreadCreateFlagsCreateSuspended ? 1 : 0);

        // Publish both handles before the thread exists for the scheduler: if either cannot be
        // written, the process is dropped without ever running.
        TRY(publish_handle(context, process, granted(ProcessDesiredAccess, kProcessAllAccess), ProcessHandle));
        auto thread_published = publish_handle(context, thread, granted(ThreadDesiredAccess, kThreadAllAccess), ThreadHandle);
        if (thread_published.is_error()) {
            (void)context.process.handles().close(TRY(user::read(ProcessHandle)));
            return thread_published.release_error();
        }
        TRY(ps::scheduler::start(*thread));
        kernel::trace("[ps] pid={} created pid={} ({}), tid={}{}", context.process.pid(), process->pid(), dos_image,
                      thread->tid(), thread->suspend_count() ? " suspended" : "");
        if (!client_id_out.is_null())
            (void)user::write(client_id_out, abi::ClientId{process->pid(), thread->tid()});
        create_state = kPsCreateSuccess;
        if (!CreateInfo.is_null()) {
            u64 size = 0;
            if (!user::copy_from(&size, CreateInfo.address, sizeof size).is_error() && size >= kPsCreateInfoSize) {
                // SuccessState: OutputFlags, FileHandle, SectionHandle, UserProcessParametersNative,
                // UserProcessParametersWow64, CurrentParameterFlags, PebAddressNative, ...
                u64 peb_address = process->peb_address();
                (void)user::copy_to(CreateInfo.address + 0x38, &peb_address, sizeof peb_address);
            }
        }
        return {};
    }());
    if (!CreateInfo.is_null() && create_state) {
        u64 size = 0;
        if (!user::copy_from(&size, CreateInfo.address, sizeof size).is_error() && size >= 16)
            (void)user::copy_to(CreateInfo.address + 8, &create_state, sizeof create_state);
    }
    return result;
}

} // namespace halcyon::sys
