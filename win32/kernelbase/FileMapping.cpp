// File mappings: CreateFileMapping, MapViewOfFile(Ex), UnmapViewOfFile and FlushViewOfFile on the
// kernel's data sections (core/syscall/services/DataSection.h). Views of one mapping share memory;
// views of a file write back to it when flushed or unmapped.
//
// Named mappings go through NamedObjects.cpp. FIXME: FILE_MAP_COPY needs copy-on-write of shared frames.

#include "win32/kernelbase/KernelBase.h"

using namespace halcyon;
using namespace halcyon::kernelbase;

namespace {

constexpr DWORD kSecFlagsMask = 0xFFFFFF00;
constexpr DWORD kFileMapCopy = 0x0001;
constexpr DWORD kFileMapWrite = 0x0002;
constexpr DWORD kFileMapRead = 0x0004;
constexpr DWORD kFileMapExecute = 0x0020;

ACCESS_MASK section_access(DWORD protection) {
    ACCESS_MASK access = STANDARD_RIGHTS_REQUIRED | SECTION_QUERY | SECTION_MAP_READ;
    switch (protection & 0xFF) {
    case PAGE_READWRITE:
        access |= SECTION_MAP_WRITE;
        break;
    case PAGE_EXECUTE_READ:
    case PAGE_EXECUTE_WRITECOPY:
        access |= SECTION_MAP_EXECUTE;
        break;
    case PAGE_EXECUTE_READWRITE:
        access |= SECTION_MAP_WRITE | SECTION_MAP_EXECUTE;
        break;
    default:
        break;
    }
    return access;
}

/// The page protection of a view for FILE_MAP_* access.
DWORD view_protection(DWORD access) {
    // FILE_MAP_COPY is SECTION_QUERY's bit, so FILE_MAP_ALL_ACCESS has it too: it asks for a copy
    // only without FILE_MAP_WRITE.
    bool execute = access & kFileMapExecute;
    if (access & kFileMapWrite)
        return execute ? PAGE_EXECUTE_READWRITE : PAGE_READWRITE;
    if (access & kFileMapCopy)
        return execute ? PAGE_EXECUTE_WRITECOPY : PAGE_WRITECOPY;
    if (access & kFileMapRead)
        return execute ? PAGE_EXECUTE_READ : PAGE_READONLY;
    return execute ? PAGE_EXECUTE : PAGE_NOACCESS;
}

} // namespace

extern "C" {

HANDLE WINAPI CreateFileMappingW(HANDLE file, LPSECURITY_ATTRIBUTES attributes, DWORD protection,
                                 DWORD size_high, DWORD size_low, LPCWSTR name) {
    DWORD section_flags = protection & kSecFlagsMask;
    DWORD page_protection = protection & ~kSecFlagsMask;
    if (!section_flags)
        section_flags = SEC_COMMIT;
    LARGE_INTEGER size;
    size.QuadPart = static_cast<LONGLONG>((static_cast<ULONGLONG>(size_high) << 32) | size_low);
    if (file == INVALID_HANDLE_VALUE) {
        file = nullptr;
        if (!size.QuadPart) {
            set_last_error(ERROR_INVALID_PARAMETER);
            return nullptr;
        }
    }
    NamedObjectAttributes object(name, attributes);
    if (!object.ok())
        return nullptr;
    HANDLE section = nullptr;
    NTSTATUS status = NtCreateSection(&section, section_access(page_protection), object.get(), &size,
                                      page_protection, section_flags, file);
    return finish_named_create(status, section);
}

HANDLE WINAPI CreateFileMappingA(HANDLE file, LPSECURITY_ATTRIBUTES attributes, DWORD protection,
                                 DWORD size_high, DWORD size_low, LPCSTR name) {
    if (!name)
        return CreateFileMappingW(file, attributes, protection, size_high, size_low, nullptr);
    WideString wide(name);
    if (!wide.ok())
        return nullptr;
    return CreateFileMappingW(file, attributes, protection, size_high, size_low, wide.get());
}

LPVOID WINAPI MapViewOfFileEx(HANDLE mapping, DWORD access, DWORD offset_high, DWORD offset_low, SIZE_T bytes,
                              LPVOID base) {
    LARGE_INTEGER offset;
    offset.QuadPart = static_cast<LONGLONG>((static_cast<ULONGLONG>(offset_high) << 32) | offset_low);
    PVOID address = base;
    SIZE_T size = bytes;
    constexpr ULONG kViewShare = 1;
    NTSTATUS status = NtMapViewOfSection(mapping, current_process_handle(), &address, 0, 0, &offset, &size,
                                         kViewShare, 0, view_protection(access));
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return nullptr;
    }
    return address;
}

LPVOID WINAPI MapViewOfFile(HANDLE mapping, DWORD access, DWORD offset_high, DWORD offset_low, SIZE_T bytes) {
    return MapViewOfFileEx(mapping, access, offset_high, offset_low, bytes, nullptr);
}

BOOL WINAPI UnmapViewOfFile(LPCVOID address) {
    return succeeded_or_set_error(NtUnmapViewOfSection(current_process_handle(), const_cast<PVOID>(address)));
}

BOOL WINAPI FlushViewOfFile(LPCVOID address, SIZE_T bytes) {
    PVOID base = const_cast<PVOID>(address);
    SIZE_T size = bytes;
    IO_STATUS_BLOCK io{};
    return succeeded_or_set_error(NtFlushVirtualMemory(current_process_handle(), &base, &size, &io));
}

} // extern "C"
