// RTL_USER_PROCESS_PARAMETERS for a new process: RtlCreateProcessParameters(Ex),
// RtlDestroyProcessParameters, RtlNormalizeProcessParams and RtlDeNormalizeProcessParams.
//
// The block is one heap allocation: the structure, then every string (NUL-terminated), then a
// copy of the environment. Normalized, the string pointers are addresses; denormalized, they are
// offsets from the start of the block (what RtlCreateProcessParameters returns, and what
// NtCreateUserProcess also accepts). Arguments left NULL take the calling process's values
// (DLL path, current directory, environment) or are empty, as on Windows; a NULL command line is
// the image path.

#include "Ntdll.h"

using namespace halcyon;
using namespace halcyon::ntdll;

namespace {

constexpr ULONG kNormalized = abi::kParametersNormalized; // RTL_USER_PROCESS_PARAMETERS_NORMALIZED

size_t align8(size_t n) { return (n + 7) & ~size_t{7}; }

size_t environment_chars(PCWSTR block) {
    if (!block)
        return 0;
    PCWSTR p = block;
    while (*p)
        p += wide_length(p) + 1;
    return static_cast<size_t>(p - block) + 1;
}

UNICODE_STRING view_of(const abi::UnicodeString& s) {
    UNICODE_STRING result;
    result.Length = s.length;
    result.MaximumLength = s.maximum_length;
    result.Buffer = reinterpret_cast<PWSTR>(s.buffer);
    return result;
}

/// Copies strings into the block being built, NUL-terminated and 8-byte aligned.
struct BlockWriter {
    uint8_t* base;
    size_t used;

    abi::UnicodeString add(const UNICODE_STRING* source, size_t extra_bytes = 0) {
        abi::UnicodeString out{};
        size_t length = source ? source->Length : 0;
        uint8_t* at = base + used;
        if (length)
            RtlCopyMemory(at, source->Buffer, length);
        at[length] = 0;
        at[length + 1] = 0;
        out.length = static_cast<uint16_t>(length);
        out.maximum_length = static_cast<uint16_t>(length + sizeof(WCHAR) + extra_bytes);
        out.buffer = reinterpret_cast<uint64_t>(at);
        used += align8(length + sizeof(WCHAR) + extra_bytes);
        return out;
    }
};

void shift_strings(abi::ProcessParameters* params, int64_t delta) {
    abi::UnicodeString* strings[] = {&params->current_directory, &params->dll_path,     &params->image_path_name,
                                     &params->command_line,      &params->window_title, &params->desktop_info,
                                     &params->shell_info,        &params->runtime_data};
    for (abi::UnicodeString* s : strings)
        if (s->buffer)
            s->buffer = static_cast<uint64_t>(static_cast<int64_t>(s->buffer) + delta);
    if (params->environment)
        params->environment = static_cast<uint64_t>(static_cast<int64_t>(params->environment) + delta);
}

} // namespace

extern "C" {

NTSTATUS NTAPI RtlCreateProcessParametersEx(PRTL_USER_PROCESS_PARAMETERS* result, PCUNICODE_STRING image_path,
                                            PCUNICODE_STRING dll_path, PCUNICODE_STRING current_directory,
                                            PCUNICODE_STRING command_line, PVOID environment,
                                            PCUNICODE_STRING window_title, PCUNICODE_STRING desktop_info,
                                            PCUNICODE_STRING shell_info, PCUNICODE_STRING runtime_data, ULONG flags) {
    if (!result || !image_path)
        return STATUS_INVALID_PARAMETER;
    *result = nullptr;
    abi::ProcessParameters* parent = process_parameters();

    RtlAcquirePebLock();
    UNICODE_STRING parent_dll_path = view_of(parent->dll_path);
    UNICODE_STRING parent_directory = view_of(parent->current_directory);
    if (!dll_path)
        dll_path = &parent_dll_path;
    if (!current_directory)
        current_directory = &parent_directory;
    if (!command_line)
        command_line = image_path;
    PCWSTR env = environment ? static_cast<PCWSTR>(environment) : reinterpret_cast<PCWSTR>(parent->environment);
    size_t env_chars = environment_chars(env);

    // CURDIR.DosPath ends in a backslash and has room to grow to MAX_PATH.
    bool add_separator = current_directory->Length == 0 ||
                         current_directory->Buffer[current_directory->Length / sizeof(WCHAR) - 1] != L'\\';
    size_t directory_bytes = current_directory->Length + (add_separator ? sizeof(WCHAR) : 0);
    size_t directory_room = directory_bytes < 260 * sizeof(WCHAR) ? 260 * sizeof(WCHAR) - directory_bytes : 0;

    auto string_size = [](PCUNICODE_STRING s) { return align8((s ? s->Length : 0) + sizeof(WCHAR)); };
    size_t size = align8(sizeof(abi::ProcessParameters)) + align8(directory_bytes + sizeof(WCHAR) + directory_room) +
                  string_size(dll_path) + string_size(image_path) + string_size(command_line) +
                  string_size(window_title) + string_size(desktop_info) + string_size(shell_info) +
                  align8(runtime_data ? runtime_data->MaximumLength : 0) + align8(env_chars * sizeof(WCHAR));
    if (size > 0xFFFFFFFFu) {
        RtlReleasePebLock();
        return STATUS_INVALID_PARAMETER;
    }
    auto* block = static_cast<uint8_t*>(RtlAllocateHeap(process_heap(), HEAP_ZERO_MEMORY, size));
    if (!block) {
        RtlReleasePebLock();
        return STATUS_NO_MEMORY;
    }
    auto* params = reinterpret_cast<abi::ProcessParameters*>(block);
    params->maximum_length = static_cast<ULONG>(size);
    params->length = static_cast<ULONG>(size);
    params->flags = kNormalized;
    BlockWriter writer{block, align8(sizeof(abi::ProcessParameters))};

    // The directory with its trailing backslash.
    {
        uint8_t* at = block + writer.used;
        RtlCopyMemory(at, current_directory->Buffer, current_directory->Length);
        PWSTR text = reinterpret_cast<PWSTR>(at);
        size_t chars = current_directory->Length / sizeof(WCHAR);
        if (add_separator)
            text[chars++] = L'\\';
        text[chars] = 0;
        params->current_directory.length = static_cast<uint16_t>(chars * sizeof(WCHAR));
        params->current_directory.maximum_length =
            static_cast<uint16_t>(chars * sizeof(WCHAR) + sizeof(WCHAR) + directory_room);
        params->current_directory.buffer = reinterpret_cast<uint64_t>(at);
        writer.used += align8(directory_bytes + sizeof(WCHAR) + directory_room);
    }
    params->dll_path = writer.add(dll_path);
    params->image_path_name = writer.add(image_path);
    params->command_line = writer.add(command_line);
    params->window_title = writer.add(window_title);
    params->desktop_info = writer.add(desktop_info);
    params->shell_info = writer.add(shell_info);
    if (runtime_data && runtime_data->MaximumLength && runtime_data->Buffer) {
        uint8_t* at = block + writer.used;
        RtlCopyMemory(at, runtime_data->Buffer, runtime_data->MaximumLength);
        params->runtime_data.length = runtime_data->Length;
        params->runtime_data.maximum_length = runtime_data->MaximumLength;
        params->runtime_data.buffer = reinterpret_cast<uint64_t>(at);
        writer.used += align8(runtime_data->MaximumLength);
    }
    if (env_chars) {
        uint8_t* at = block + writer.used;
        RtlCopyMemory(at, env, env_chars * sizeof(WCHAR));
        params->environment = reinterpret_cast<uint64_t>(at);
        params->environment_size = env_chars * sizeof(WCHAR);
        writer.used += align8(env_chars * sizeof(WCHAR));
    }
    RtlReleasePebLock();

    if (!(flags & kNormalized))
        RtlDeNormalizeProcessParams(reinterpret_cast<PRTL_USER_PROCESS_PARAMETERS>(params));
    *result = reinterpret_cast<PRTL_USER_PROCESS_PARAMETERS>(params);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlCreateProcessParameters(PRTL_USER_PROCESS_PARAMETERS* result, PCUNICODE_STRING image_path,
                                          PCUNICODE_STRING dll_path, PCUNICODE_STRING current_directory,
                                          PCUNICODE_STRING command_line, PVOID environment,
                                          PCUNICODE_STRING window_title, PCUNICODE_STRING desktop_info,
                                          PCUNICODE_STRING shell_info, PCUNICODE_STRING runtime_data) {
    return RtlCreateProcessParametersEx(result, image_path, dll_path, current_directory, command_line, environment,
                                        window_title, desktop_info, shell_info, runtime_data, 0);
}

NTSTATUS NTAPI RtlDestroyProcessParameters(PRTL_USER_PROCESS_PARAMETERS params) {
    if (params)
        RtlFreeHeap(process_heap(), 0, params);
    return STATUS_SUCCESS;
}

PRTL_USER_PROCESS_PARAMETERS NTAPI RtlNormalizeProcessParams(PRTL_USER_PROCESS_PARAMETERS raw) {
    auto* params = reinterpret_cast<abi::ProcessParameters*>(raw);
    if (params && !(params->flags & kNormalized)) {
        shift_strings(params, static_cast<int64_t>(reinterpret_cast<uint64_t>(params)));
        params->flags |= kNormalized;
    }
    return raw;
}

PRTL_USER_PROCESS_PARAMETERS NTAPI RtlDeNormalizeProcessParams(PRTL_USER_PROCESS_PARAMETERS raw) {
    auto* params = reinterpret_cast<abi::ProcessParameters*>(raw);
    if (params && (params->flags & kNormalized)) {
        shift_strings(params, -static_cast<int64_t>(reinterpret_cast<uint64_t>(params)));
        params->flags &= ~kNormalized;
    }
    return raw;
}

} // extern "C"
