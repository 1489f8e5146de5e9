// Handles: CloseHandle, DuplicateHandle, handle flags and the standard handles.

#include "win32/kernelbase/KernelBase.h"
#include "win32/kernelbase/NtInformation.h"

using namespace halcyon;
using namespace halcyon::kernelbase;

namespace {

u64* std_handle_slot(DWORD which) {
    abi::ProcessParameters* parameters = process_parameters();
    switch (which) {
    case STD_INPUT_HANDLE:
        return &parameters->standard_input;
    case STD_OUTPUT_HANDLE:
        return &parameters->standard_output;
    case STD_ERROR_HANDLE:
        return &parameters->standard_error;
    default:
        return nullptr;
    }
}

} // namespace

namespace halcyon::kernelbase {

HANDLE translate_std_handle(HANDLE handle) {
    auto value = reinterpret_cast<ULONG_PTR>(handle);
    // Windows accepts the STD_*_HANDLE constants (as 32-bit values sign-extended) where a handle
    // is expected and substitutes the process's standard handle.
    if (value >= static_cast<ULONG_PTR>(-12) && value <= static_cast<ULONG_PTR>(-10))
        return reinterpret_cast<HANDLE>(*std_handle_slot(static_cast<DWORD>(value)));
    return handle;
}

void write_diagnostic(const char* text) {
    HANDLE error = reinterpret_cast<HANDLE>(process_parameters()->standard_error);
    if (!error)
        return;
    IO_STATUS_BLOCK io{};
    NtWriteFile(error, nullptr, nullptr, nullptr, &io, const_cast<char*>(text),
                static_cast<ULONG>(ansi_length(text)), nullptr, nullptr);
}

} // namespace halcyon::kernelbase

extern "C" {

BOOL WINAPI CloseHandle(HANDLE object) {
    return succeeded_or_set_error(NtClose(translate_std_handle(object)));
}

BOOL WINAPI DuplicateHandle(HANDLE source_process, HANDLE source, HANDLE target_process,
                            LPHANDLE target, DWORD desired_access, BOOL inherit, DWORD options) {
    return succeeded_or_set_error(NtDuplicateObject(source_process, translate_std_handle(source),
                                                    target_process, target, desired_access,
                                                    inherit ? OBJ_INHERIT : 0, options));
}

BOOL WINAPI GetHandleInformation(HANDLE object, LPDWORD flags) {
    nt::ObjectHandleFlagInformation info{};
    NTSTATUS status = NtQueryObject(translate_std_handle(object), nt::kObjectHandleFlagInformation, &info,
                                    sizeof(info), nullptr);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return FALSE;
    }
    if (flags)
        *flags = (info.inherit ? HANDLE_FLAG_INHERIT : 0) | (info.protect_from_close ? HANDLE_FLAG_PROTECT_FROM_CLOSE : 0);
    return TRUE;
}

BOOL WINAPI SetHandleInformation(HANDLE object, DWORD mask, DWORD flags) {
    object = translate_std_handle(object);
    nt::ObjectHandleFlagInformation info{};
    NTSTATUS status = NtQueryObject(object, nt::kObjectHandleFlagInformation, &info, sizeof(info), nullptr);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return FALSE;
    }
    if (mask & HANDLE_FLAG_INHERIT)
        info.inherit = (flags & HANDLE_FLAG_INHERIT) != 0;
    if (mask & HANDLE_FLAG_PROTECT_FROM_CLOSE)
        info.protect_from_close = (flags & HANDLE_FLAG_PROTECT_FROM_CLOSE) != 0;
    return succeeded_or_set_error(
        NtSetInformationObject(object, nt::kObjectHandleFlagInformation, &info, sizeof(info)));
}

HANDLE WINAPI GetStdHandle(DWORD which) {
    u64* slot = std_handle_slot(which);
    if (!slot) {
        set_last_error(ERROR_INVALID_HANDLE);
        return INVALID_HANDLE_VALUE;
    }
    // A process without the handle gets NULL and no error, as on Windows.
    return reinterpret_cast<HANDLE>(*slot);
}

BOOL WINAPI SetStdHandle(DWORD which, HANDLE handle) {
    u64* slot = std_handle_slot(which);
    if (!slot) {
        set_last_error(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    *slot = reinterpret_cast<u64>(handle);
    return TRUE;
}

} // extern "C"
