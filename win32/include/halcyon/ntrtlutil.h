#pragma once

// Prototypes of ntdll's smaller run-time library exports: fiber-local storage, time fields,
// integer text, image headers, CRC-32, pointer encoding, processor numbers, path searching,
// stack back-traces, dynamic function tables and debug output. Semantics are Windows'; the
// implementations are in win32/ntdll/ (Fls.cpp, TimeFields.cpp, IntegerText.cpp, ImageHeader.cpp,
// SystemMisc.cpp, SearchPath.cpp, FunctionTables.cpp).

#include "halcyon/ntrtl.h"

#ifdef __cplusplus
extern "C" {
#endif

// --- Fiber-local storage ---------------------------------------------------------------------
typedef void(NTAPI* PFLS_CALLBACK_FUNCTION)(PVOID fls_data);
/// Slots per process, as Windows 10 (FLS_MAXIMUM_AVAILABLE).
#define HALCYON_FLS_MAXIMUM_AVAILABLE 4080u
HALCYON_NTDLL_API NTSTATUS NTAPI RtlFlsAlloc(PFLS_CALLBACK_FUNCTION callback, PULONG index);
HALCYON_NTDLL_API NTSTATUS NTAPI RtlFlsFree(ULONG index);
HALCYON_NTDLL_API NTSTATUS NTAPI RtlFlsGetValue(ULONG index, PVOID* value);
HALCYON_NTDLL_API NTSTATUS NTAPI RtlFlsSetValue(ULONG index, PVOID value);
/// Runs the calling thread's FLS callbacks and frees its FLS data (thread and process exit).
void halcyon_fls_thread_exit(void);

// --- Time fields -----------------------------------------------------------------------------
typedef struct _TIME_FIELDS {
    SHORT Year;
    SHORT Month;
    SHORT Day;
    SHORT Hour;
    SHORT Minute;
    SHORT Second;
    SHORT Milliseconds;
    SHORT Weekday;
} TIME_FIELDS, *PTIME_FIELDS;
HALCYON_NTDLL_API void NTAPI RtlTimeToTimeFields(const LARGE_INTEGER* time, PTIME_FIELDS fields);
HALCYON_NTDLL_API BOOLEAN NTAPI RtlTimeFieldsToTime(PTIME_FIELDS fields, PLARGE_INTEGER time);
HALCYON_NTDLL_API BOOLEAN NTAPI RtlTimeToSecondsSince1970(const LARGE_INTEGER* time, PULONG seconds);
HALCYON_NTDLL_API void NTAPI RtlSecondsSince1970ToTime(ULONG seconds, PLARGE_INTEGER time);
HALCYON_NTDLL_API BOOLEAN NTAPI RtlQueryPerformanceCounter(PLARGE_INTEGER counter);
HALCYON_NTDLL_API BOOLEAN NTAPI RtlQueryPerformanceFrequency(PLARGE_INTEGER frequency);

// --- Integer text ----------------------------------------------------------------------------
HALCYON_NTDLL_API NTSTATUS NTAPI RtlIntegerToChar(ULONG value, ULONG base, ULONG length, PCHAR text);
HALCYON_NTDLL_API NTSTATUS NTAPI RtlIntegerToUnicodeString(ULONG value, ULONG base, PUNICODE_STRING text);
HALCYON_NTDLL_API NTSTATUS NTAPI RtlUnicodeStringToInteger(PCUNICODE_STRING text, ULONG base, PULONG value);
HALCYON_NTDLL_API NTSTATUS NTAPI RtlCharToInteger(const char* text, ULONG base, PULONG value);

// --- Image headers (PE32+) -------------------------------------------------------------------
/// The IMAGE_NT_HEADERS64 of a mapped image, or null when `base` does not hold a valid one.
HALCYON_NTDLL_API PVOID NTAPI RtlImageNtHeader(PVOID base);
HALCYON_NTDLL_API PVOID NTAPI RtlImageDirectoryEntryToData(PVOID base, BOOLEAN mapped_as_image, USHORT directory,
                                                           PULONG size);
HALCYON_NTDLL_API PVOID NTAPI RtlImageRvaToVa(PVOID nt_headers, PVOID base, ULONG rva, PVOID* last_section);

// --- Miscellany ------------------------------------------------------------------------------
HALCYON_NTDLL_API ULONG NTAPI RtlComputeCrc32(ULONG initial, const void* data, ULONG length);
HALCYON_NTDLL_API PVOID NTAPI RtlEncodePointer(PVOID pointer);
HALCYON_NTDLL_API PVOID NTAPI RtlDecodePointer(PVOID pointer);
HALCYON_NTDLL_API PVOID NTAPI RtlEncodeSystemPointer(PVOID pointer);
HALCYON_NTDLL_API PVOID NTAPI RtlDecodeSystemPointer(PVOID pointer);
typedef struct _PROCESSOR_NUMBER {
    USHORT Group;
    UCHAR Number;
    UCHAR Reserved;
} PROCESSOR_NUMBER, *PPROCESSOR_NUMBER;
HALCYON_NTDLL_API ULONG NTAPI RtlGetCurrentProcessorNumber(void);
HALCYON_NTDLL_API void NTAPI RtlGetCurrentProcessorNumberEx(PPROCESSOR_NUMBER number);
HALCYON_NTDLL_API BOOLEAN NTAPI RtlGetNtProductType(PULONG product_type);
HALCYON_NTDLL_API ULONG NTAPI RtlGetNtGlobalFlags(void);
HALCYON_NTDLL_API ULONG __cdecl DbgPrint(const char* format, ...);
HALCYON_NTDLL_API ULONG __cdecl DbgPrintEx(ULONG component, ULONG level, const char* format, ...);
HALCYON_NTDLL_API void NTAPI DbgBreakPoint(void);
HALCYON_NTDLL_API void NTAPI DbgUserBreakPoint(void);

// --- Paths -----------------------------------------------------------------------------------
HALCYON_NTDLL_API ULONG NTAPI RtlDosSearchPath_U(PCWSTR search_path, PCWSTR file_name, PCWSTR extension,
                                                 ULONG buffer_size, PWSTR buffer, PWSTR* file_part);
HALCYON_NTDLL_API BOOLEAN NTAPI RtlDoesFileExists_U(PCWSTR file_name);
HALCYON_NTDLL_API ULONG NTAPI RtlGetLongestNtPathLength(void);

// --- Stack back-traces and dynamic function tables --------------------------------------------
HALCYON_NTDLL_API USHORT NTAPI RtlCaptureStackBackTrace(ULONG frames_to_skip, ULONG frames_to_capture,
                                                        PVOID* back_trace, PULONG back_trace_hash);
typedef PRUNTIME_FUNCTION(NTAPI* PGET_RUNTIME_FUNCTION_CALLBACK)(ULONGLONG control_pc, PVOID context);
HALCYON_NTDLL_API BOOLEAN NTAPI RtlAddFunctionTable(PRUNTIME_FUNCTION table, ULONG count, ULONGLONG base);
HALCYON_NTDLL_API BOOLEAN NTAPI RtlDeleteFunctionTable(PRUNTIME_FUNCTION table);
HALCYON_NTDLL_API BOOLEAN NTAPI RtlInstallFunctionTableCallback(ULONGLONG table_identifier, ULONGLONG base, ULONG length,
                                                                PGET_RUNTIME_FUNCTION_CALLBACK callback,
                                                                PVOID context, PCWSTR out_of_process_dll);
/// The dynamic function table entry covering `control_pc` (RtlLookupFunctionEntry's fallback
/// for code outside every loaded image), or null.
PRUNTIME_FUNCTION halcyon_lookup_dynamic_function(ULONGLONG control_pc, PULONGLONG image_base);

#ifdef __cplusplus
}
#endif
