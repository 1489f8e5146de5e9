// Environment blocks: "NAME=VALUE\0...NAME=VALUE\0\0" in UTF-16, the process's own one hanging
// off ProcessParameters->environment. Names compare case-insensitively; a leading '=' is part of
// the name ("=C:=C:\dir", the per-drive directories cmd.exe keeps). Like Windows, a new
// variable is inserted in (case-insensitive) sorted position, and every change builds a new
// block, so a pointer obtained earlier (GetEnvironmentStrings) stays valid, if stale.
//
// Locking: the process block is read and replaced under the PEB lock.

#include "Ntdll.h"

using namespace halcyon;
using namespace halcyon::ntdll;

namespace {

/// True when the process environment block was allocated by us (and may be freed), false
/// while it is still the one the kernel built.
bool g_environment_owned = false;

struct Entry {
    PCWSTR start;  // first character of "NAME=VALUE"
    size_t length; // characters, without the terminator
    size_t name_length;
};

/// Walks the block; `callback(entry)` returns true to stop. Returns the pointer to the final
/// terminator (the empty string that ends the block).
template <typename Callback>
PCWSTR walk(PCWSTR block, Callback callback) {
    PCWSTR p = block;
    while (*p) {
        size_t length = wide_length(p);
        // The name ends at the first '=' after its first character.
        size_t name_length = 1;
        while (name_length < length && p[name_length] != '=')
            ++name_length;
        Entry entry{p, length, name_length};
        if (callback(entry))
            return p;
        p += length + 1;
    }
    return p;
}

size_t block_size_chars(PCWSTR block) {
    PCWSTR end = walk(block, [](const Entry&) { return false; });
    return static_cast<size_t>(end - block) + 1;
}

int compare_names(PCWSTR a, size_t a_length, PCWSTR b, size_t b_length) {
    size_t n = a_length < b_length ? a_length : b_length;
    for (size_t i = 0; i < n; ++i) {
        WCHAR x = RtlUpcaseUnicodeChar(a[i]);
        WCHAR y = RtlUpcaseUnicodeChar(b[i]);
        if (x != y)
            return x < y ? -1 : 1;
    }
    return a_length == b_length ? 0 : (a_length < b_length ? -1 : 1);
}

bool find(PCWSTR block, PCWSTR name, size_t name_length, Entry& found) {
    bool hit = false;
    walk(block, [&](const Entry& entry) {
        if (entry.name_length == name_length &&
            compare_names(entry.start, name_length, name, name_length) == 0) {
            found = entry;
            hit = true;
            return true;
        }
        return false;
    });
    return hit;
}

PWSTR process_environment_locked() {
    abi::ProcessParameters* parameters = process_parameters();
    return parameters ? reinterpret_cast<PWSTR>(parameters->environment) : nullptr;
}

void install_process_environment_locked(PWSTR block, size_t chars) {
    abi::ProcessParameters* parameters = process_parameters();
    PWSTR old = reinterpret_cast<PWSTR>(parameters->environment);
    parameters->environment = reinterpret_cast<uint64_t>(block);
    parameters->environment_size = chars * sizeof(WCHAR);
    ++parameters->environment_version;
    if (old && old != block && g_environment_owned)
        RtlFreeHeap(process_heap(), 0, old);
    g_environment_owned = true;
}

/// Builds a copy of `block` with `name` set to `value` (or removed when value is null).
NTSTATUS rebuild(PCWSTR block, PCWSTR name, size_t name_length, PCWSTR value, size_t value_length,
                 PWSTR& result, size_t& result_chars) {
    size_t old_chars = block ? block_size_chars(block) : 1;
    Entry existing{};
    bool exists = block && find(block, name, name_length, existing);
    size_t new_entry = value ? name_length + 1 + value_length + 1 : 0;
    size_t chars = old_chars - (exists ? existing.length + 1 : 0) + new_entry;
    PWSTR out = allocate_wide(chars);
    if (!out)
        return STATUS_NO_MEMORY;
    size_t o = 0;
    // An existing variable is replaced where it stands (or dropped); only a new one is inserted
    // in sorted position. Blocks need not be sorted, so the two must never both happen.
    bool inserted = !value || exists;
    auto emit_new = [&] {
        __builtin_memcpy(out + o, name, name_length * sizeof(WCHAR));
        o += name_length;
        out[o++] = '=';
        __builtin_memcpy(out + o, value, value_length * sizeof(WCHAR));
        o += value_length;
        out[o++] = 0;
        inserted = true;
    };
    if (block) {
        walk(block, [&](const Entry& entry) {
            if (exists && entry.start == existing.start) {
                if (value) {
                    inserted = false;
                    emit_new(); // replace in place, keeping the order
                }
                return false;
            }
            if (!inserted && compare_names(entry.start, entry.name_length, name, name_length) > 0)
                emit_new();
            __builtin_memcpy(out + o, entry.start, (entry.length + 1) * sizeof(WCHAR));
            o += entry.length + 1;
            return false;
        });
    }
    if (!inserted)
        emit_new();
    out[o++] = 0;
    result = out;
    result_chars = o;
    return STATUS_SUCCESS;
}

bool valid_name(PCUNICODE_STRING name) {
    if (!name || !name->Buffer || name->Length == 0)
        return false;
    for (size_t i = 1; i < name->Length / sizeof(WCHAR); ++i)
        if (name->Buffer[i] == '=' || name->Buffer[i] == 0)
            return false;
    return name->Buffer[0] != 0;
}

} // namespace

extern "C" {

NTSTATUS NTAPI RtlQueryEnvironmentVariable_U(PWSTR environment, PCUNICODE_STRING name,
                                             PUNICODE_STRING value) {
    if (!name || !value)
        return STATUS_INVALID_PARAMETER;
    bool process = !environment;
    if (process) {
        RtlAcquirePebLock();
        environment = process_environment_locked();
    }
    NTSTATUS status = STATUS_VARIABLE_NOT_FOUND;
    Entry entry{};
    if (environment && name->Length && find(environment, name->Buffer, name->Length / sizeof(WCHAR), entry)) {
        size_t value_length = entry.length - entry.name_length - 1;
        size_t bytes = value_length * sizeof(WCHAR);
        value->Length = static_cast<USHORT>(bytes);
        if (bytes + sizeof(WCHAR) > value->MaximumLength) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            __builtin_memcpy(value->Buffer, entry.start + entry.name_length + 1, bytes);
            value->Buffer[value_length] = 0;
            status = STATUS_SUCCESS;
        }
    }
    if (process)
        RtlReleasePebLock();
    return status;
}

NTSTATUS NTAPI RtlSetEnvironmentVariable(PWSTR* environment, PCUNICODE_STRING name, PCUNICODE_STRING value) {
    if (!valid_name(name))
        return STATUS_INVALID_PARAMETER;
    size_t name_length = name->Length / sizeof(WCHAR);
    PCWSTR value_buffer = value ? (value->Buffer ? value->Buffer : HALCYON_WTEXT("")) : nullptr;
    size_t value_length = value ? value->Length / sizeof(WCHAR) : 0;
    PWSTR rebuilt = nullptr;
    size_t chars = 0;
    if (environment) {
        NTSTATUS status =
            rebuild(*environment, name->Buffer, name_length, value_buffer, value_length, rebuilt, chars);
        if (!NT_SUCCESS(status))
            return status;
        // Caller-owned blocks come from RtlCreateEnvironment, i.e. from the process heap.
        // RtlFreeHeap validates the block, so a foreign pointer is left alone.
        if (*environment)
            RtlFreeHeap(process_heap(), 0, *environment);
        *environment = rebuilt;
        return STATUS_SUCCESS;
    }
    RtlAcquirePebLock();
    NTSTATUS status = rebuild(process_environment_locked(), name->Buffer, name_length, value_buffer,
                              value_length, rebuilt, chars);
    if (NT_SUCCESS(status))
        install_process_environment_locked(rebuilt, chars);
    RtlReleasePebLock();
    return status;
}

NTSTATUS NTAPI RtlCreateEnvironment(BOOLEAN clone_current, PWSTR* environment) {
    if (!environment)
        return STATUS_INVALID_PARAMETER;
    if (!clone_current) {
        PWSTR block = allocate_wide(2);
        if (!block)
            return STATUS_NO_MEMORY;
        block[0] = block[1] = 0;
        *environment = block;
        return STATUS_SUCCESS;
    }
    RtlAcquirePebLock();
    PWSTR current = process_environment_locked();
    size_t chars = current ? block_size_chars(current) : 1;
    PWSTR block = allocate_wide(chars < 2 ? 2 : chars);
    if (block) {
        if (current)
            __builtin_memcpy(block, current, chars * sizeof(WCHAR));
        else
            block[0] = block[1] = 0;
    }
    RtlReleasePebLock();
    if (!block)
        return STATUS_NO_MEMORY;
    *environment = block;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlDestroyEnvironment(PWSTR environment) {
    return RtlFreeHeap(process_heap(), 0, environment) ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
}

NTSTATUS NTAPI RtlSetCurrentEnvironment(PWSTR environment, PWSTR* previous) {
    RtlAcquirePebLock();
    abi::ProcessParameters* parameters = process_parameters();
    PWSTR old = process_environment_locked();
    bool old_owned = g_environment_owned;
    parameters->environment = reinterpret_cast<uint64_t>(environment);
    parameters->environment_size = environment ? block_size_chars(environment) * sizeof(WCHAR) : 0;
    ++parameters->environment_version;
    g_environment_owned = true; // the new block came from RtlCreateEnvironment
    RtlReleasePebLock();
    if (previous)
        *previous = old;
    else if (old && old_owned)
        RtlFreeHeap(process_heap(), 0, old);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlExpandEnvironmentStrings_U(PCWSTR environment, PCUNICODE_STRING source,
                                             PUNICODE_STRING destination, PULONG length) {
    size_t source_length = source->Length / sizeof(WCHAR);
    size_t capacity = destination ? destination->MaximumLength / sizeof(WCHAR) : 0;
    size_t out = 0;
    auto put = [&](PCWSTR s, size_t n) {
        for (size_t i = 0; i < n; ++i, ++out)
            if (out < capacity)
                destination->Buffer[out] = s[i];
    };
    bool process = !environment;
    if (process) {
        RtlAcquirePebLock();
        environment = process_environment_locked();
    }
    PCWSTR s = source->Buffer;
    size_t i = 0;
    while (i < source_length) {
        if (s[i] == '%') {
            size_t end = i + 1;
            while (end < source_length && s[end] != '%')
                ++end;
            Entry entry{};
            if (end < source_length && end > i + 1 && environment &&
                find(environment, s + i + 1, end - i - 1, entry)) {
                put(entry.start + entry.name_length + 1, entry.length - entry.name_length - 1);
                i = end + 1;
                continue;
            }
            // Not a known variable: the text stays as written, including the '%'.
            size_t literal_end = end < source_length ? end : source_length;
            put(s + i, literal_end - i);
            i = literal_end;
            continue;
        }
        put(s + i, 1);
        ++i;
    }
    if (process)
        RtlReleasePebLock();
    WCHAR terminator = 0;
    put(&terminator, 1);
    if (length)
        *length = static_cast<ULONG>(out * sizeof(WCHAR));
    if (out > capacity)
        return STATUS_BUFFER_TOO_SMALL;
    if (out * sizeof(WCHAR) > 0xFFFF)
        return STATUS_BUFFER_TOO_SMALL;
    destination->Length = static_cast<USHORT>((out - 1) * sizeof(WCHAR));
    return STATUS_SUCCESS;
}

} // extern "C"
