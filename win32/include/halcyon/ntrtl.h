#pragma once

// Prototypes of ntdll's run-time library (Rtl*) and loader (Ldr*) exports, for the DLLs built on
// top of ntdll (kernelbase, kernel32, the CRTs). The system calls themselves (Nt*/Zw*) are in the
// generated "halcyon/ntsyscalls.gen.h". Semantics are Windows'; where Halcyon differs, the
// implementation says so in its own file under win32/ntdll/.

#include "halcyon/ntdef.h"
#include "halcyon/ntldr.h"
#include "halcyon/ntseh.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32) && !defined(HALCYON_BUILDING_NTDLL)
#define HALCYON_NTDLL_API __declspec(dllimport)
#else
#define HALCYON_NTDLL_API
#endif

// --- Threads and the TEB -------------------------------------------------------------------
HALCYON_NTDLL_API PVOID NTAPI NtCurrentTeb(void);
HALCYON_NTDLL_API PVOID NTAPI RtlGetCurrentPeb(void);
HALCYON_NTDLL_API ULONG NTAPI RtlGetLastWin32Error(void);
HALCYON_NTDLL_API void NTAPI RtlSetLastWin32Error(ULONG error);
HALCYON_NTDLL_API void NTAPI RtlRestoreLastWin32Error(ULONG error);
HALCYON_NTDLL_API NTSTATUS NTAPI RtlGetLastNtStatus(void);
HALCYON_NTDLL_API ULONG NTAPI RtlNtStatusToDosError(NTSTATUS status);
HALCYON_NTDLL_API ULONG NTAPI RtlNtStatusToDosErrorNoTeb(NTSTATUS status);
HALCYON_NTDLL_API void NTAPI RtlSetLastWin32ErrorAndNtStatusFromNtStatus(NTSTATUS status);

// --- Heap ------------------------------------------------------------------------------------
HALCYON_NTDLL_API PVOID NTAPI RtlCreateHeap(ULONG flags, PVOID heap_base, SIZE_T reserve_size,
                                            SIZE_T commit_size, PVOID lock, PVOID parameters);
HALCYON_NTDLL_API PVOID NTAPI RtlDestroyHeap(PVOID heap);
HALCYON_NTDLL_API PVOID NTAPI RtlAllocateHeap(PVOID heap, ULONG flags, SIZE_T size);
HALCYON_NTDLL_API BOOLEAN NTAPI RtlFreeHeap(PVOID heap, ULONG flags, PVOID pointer);
HALCYON_NTDLL_API PVOID NTAPI RtlReAllocateHeap(PVOID heap, ULONG flags, PVOID pointer, SIZE_T size);
HALCYON_NTDLL_API SIZE_T NTAPI RtlSizeHeap(PVOID heap, ULONG flags, const void* pointer);
HALCYON_NTDLL_API BOOLEAN NTAPI RtlValidateHeap(PVOID heap, ULONG flags, const void* pointer);
HALCYON_NTDLL_API ULONG NTAPI RtlGetProcessHeaps(ULONG count, PVOID* heaps);
HALCYON_NTDLL_API BOOLEAN NTAPI RtlLockHeap(PVOID heap);
HALCYON_NTDLL_API BOOLEAN NTAPI RtlUnlockHeap(PVOID heap);

// --- Critical sections -----------------------------------------------------------------------
HALCYON_NTDLL_API NTSTATUS NTAPI RtlInitializeCriticalSection(PRTL_CRITICAL_SECTION section);
HALCYON_NTDLL_API NTSTATUS NTAPI RtlInitializeCriticalSectionAndSpinCount(PRTL_CRITICAL_SECTION section,
                                                                          ULONG spin_count);
HALCYON_NTDLL_API NTSTATUS NTAPI RtlInitializeCriticalSectionEx(PRTL_CRITICAL_SECTION section,
                                                                ULONG spin_count, ULONG flags);
HALCYON_NTDLL_API NTSTATUS NTAPI RtlDeleteCriticalSection(PRTL_CRITICAL_SECTION section);
HALCYON_NTDLL_API NTSTATUS NTAPI RtlEnterCriticalSection(PRTL_CRITICAL_SECTION section);
HALCYON_NTDLL_API NTSTATUS NTAPI RtlLeaveCriticalSection(PRTL_CRITICAL_SECTION section);
HALCYON_NTDLL_API BOOLEAN NTAPI RtlTryEnterCriticalSection(PRTL_CRITICAL_SECTION section);
HALCYON_NTDLL_API ULONG NTAPI RtlSetCriticalSectionSpinCount(PRTL_CRITICAL_SECTION section, ULONG spin_count);
HALCYON_NTDLL_API ULONG NTAPI RtlIsCriticalSectionLocked(PRTL_CRITICAL_SECTION section);
HALCYON_NTDLL_API ULONG NTAPI RtlIsCriticalSectionLockedByThread(PRTL_CRITICAL_SECTION section);

// --- Waiting on addresses, SRW locks, condition variables, run-once ---------------------------
HALCYON_NTDLL_API NTSTATUS NTAPI RtlWaitOnAddress(const volatile void* address, const void* compare, SIZE_T size,
                                                  const LARGE_INTEGER* timeout);
HALCYON_NTDLL_API void NTAPI RtlWakeAddressSingle(const void* address);
HALCYON_NTDLL_API void NTAPI RtlWakeAddressAll(const void* address);
HALCYON_NTDLL_API void NTAPI RtlInitializeSRWLock(PRTL_SRWLOCK lock);
HALCYON_NTDLL_API void NTAPI RtlAcquireSRWLockExclusive(PRTL_SRWLOCK lock);
HALCYON_NTDLL_API void NTAPI RtlAcquireSRWLockShared(PRTL_SRWLOCK lock);
HALCYON_NTDLL_API void NTAPI RtlReleaseSRWLockExclusive(PRTL_SRWLOCK lock);
HALCYON_NTDLL_API void NTAPI RtlReleaseSRWLockShared(PRTL_SRWLOCK lock);
HALCYON_NTDLL_API BOOLEAN NTAPI RtlTryAcquireSRWLockExclusive(PRTL_SRWLOCK lock);
HALCYON_NTDLL_API BOOLEAN NTAPI RtlTryAcquireSRWLockShared(PRTL_SRWLOCK lock);
HALCYON_NTDLL_API void NTAPI RtlInitializeConditionVariable(PRTL_CONDITION_VARIABLE variable);
HALCYON_NTDLL_API void NTAPI RtlWakeConditionVariable(PRTL_CONDITION_VARIABLE variable);
HALCYON_NTDLL_API void NTAPI RtlWakeAllConditionVariable(PRTL_CONDITION_VARIABLE variable);
HALCYON_NTDLL_API NTSTATUS NTAPI RtlSleepConditionVariableSRW(PRTL_CONDITION_VARIABLE variable, PRTL_SRWLOCK lock,
                                                              const LARGE_INTEGER* timeout, ULONG flags);
HALCYON_NTDLL_API NTSTATUS NTAPI RtlSleepConditionVariableCS(PRTL_CONDITION_VARIABLE variable,
                                                             PRTL_CRITICAL_SECTION section,
                                                             const LARGE_INTEGER* timeout);
HALCYON_NTDLL_API void NTAPI RtlRunOnceInitialize(PRTL_RUN_ONCE once);
HALCYON_NTDLL_API NTSTATUS NTAPI RtlRunOnceBeginInitialize(PRTL_RUN_ONCE once, ULONG flags, PVOID* context);
HALCYON_NTDLL_API NTSTATUS NTAPI RtlRunOnceComplete(PRTL_RUN_ONCE once, ULONG flags, PVOID context);
HALCYON_NTDLL_API NTSTATUS NTAPI RtlRunOnceExecuteOnce(PRTL_RUN_ONCE once, PRTL_RUN_ONCE_INIT_FN function,
                                                       PVOID parameter, PVOID* context);

// --- Strings ---------------------------------------------------------------------------------
HALCYON_NTDLL_API void NTAPI RtlInitUnicodeString(PUNICODE_STRING destination, PCWSTR source);
HALCYON_NTDLL_API NTSTATUS NTAPI RtlInitUnicodeStringEx(PUNICODE_STRING destination, PCWSTR source);
HALCYON_NTDLL_API void NTAPI RtlInitAnsiString(PANSI_STRING destination, PCSTR source);
HALCYON_NTDLL_API NTSTATUS NTAPI RtlInitAnsiStringEx(PANSI_STRING destination, PCSTR source);
HALCYON_NTDLL_API void NTAPI RtlInitString(PSTRING destination, PCSTR source);
HALCYON_NTDLL_API void NTAPI RtlFreeUnicodeString(PUNICODE_STRING string);
HALCYON_NTDLL_API void NTAPI RtlFreeAnsiString(PANSI_STRING string);
HALCYON_NTDLL_API BOOLEAN NTAPI RtlCreateUnicodeString(PUNICODE_STRING destination, PCWSTR source);
HALCYON_NTDLL_API BOOLEAN NTAPI RtlCreateUnicodeStringFromAsciiz(PUNICODE_STRING destination, PCSTR source);
HALCYON_NTDLL_API void NTAPI RtlCopyUnicodeString(PUNICODE_STRING destination, PCUNICODE_STRING source);
HALCYON_NTDLL_API NTSTATUS NTAPI RtlAppendUnicodeToString(PUNICODE_STRING destination, PCWSTR source);
HALCYON_NTDLL_API NTSTATUS NTAPI RtlAppendUnicodeStringToString(PUNICODE_STRING destination,
                                                                PCUNICODE_STRING source);
HALCYON_NTDLL_API LONG NTAPI RtlCompareUnicodeString(PCUNICODE_STRING a, PCUNICODE_STRING b,
                                                     BOOLEAN case_insensitive);
HALCYON_NTDLL_API BOOLEAN NTAPI RtlEqualUnicodeString(PCUNICODE_STRING a, PCUNICODE_STRING b,
                                                      BOOLEAN case_insensitive);
HALCYON_NTDLL_API BOOLEAN NTAPI RtlPrefixUnicodeString(PCUNICODE_STRING prefix, PCUNICODE_STRING string,
                                                       BOOLEAN case_insensitive);
HALCYON_NTDLL_API WCHAR NTAPI RtlUpcaseUnicodeChar(WCHAR c);
HALCYON_NTDLL_API WCHAR NTAPI RtlDowncaseUnicodeChar(WCHAR c);
HALCYON_NTDLL_API NTSTATUS NTAPI RtlUpcaseUnicodeString(PUNICODE_STRING destination, PCUNICODE_STRING source,
                                                        BOOLEAN allocate);
HALCYON_NTDLL_API NTSTATUS NTAPI RtlDowncaseUnicodeString(PUNICODE_STRING destination,
                                                          PCUNICODE_STRING source, BOOLEAN allocate);

// Code pages. "MultiByte" is the ANSI code page (1252), "Oem" the OEM code page (437).
HALCYON_NTDLL_API NTSTATUS NTAPI RtlAnsiStringToUnicodeString(PUNICODE_STRING destination,
                                                              PCANSI_STRING source, BOOLEAN allocate);
HALCYON_NTDLL_API NTSTATUS NTAPI RtlUnicodeStringToAnsiString(PANSI_STRING destination,
                                                              PCUNICODE_STRING source, BOOLEAN allocate);
HALCYON_NTDLL_API NTSTATUS NTAPI RtlOemStringToUnicodeString(PUNICODE_STRING destination, PCOEM_STRING source,
                                                             BOOLEAN allocate);
HALCYON_NTDLL_API NTSTATUS NTAPI RtlUnicodeStringToOemString(POEM_STRING destination, PCUNICODE_STRING source,
                                                             BOOLEAN allocate);
HALCYON_NTDLL_API ULONG NTAPI RtlAnsiStringToUnicodeSize(PCANSI_STRING source);
HALCYON_NTDLL_API ULONG NTAPI RtlUnicodeStringToAnsiSize(PCUNICODE_STRING source);
HALCYON_NTDLL_API NTSTATUS NTAPI RtlMultiByteToUnicodeN(PWSTR unicode, ULONG max_bytes_in_unicode,
                                                        PULONG bytes_in_unicode, const CHAR* multi_byte,
                                                        ULONG bytes_in_multi_byte);
HALCYON_NTDLL_API NTSTATUS NTAPI RtlMultiByteToUnicodeSize(PULONG bytes_in_unicode, const CHAR* multi_byte,
                                                           ULONG bytes_in_multi_byte);
HALCYON_NTDLL_API NTSTATUS NTAPI RtlUnicodeToMultiByteN(PCHAR multi_byte, ULONG max_bytes_in_multi_byte,
                                                        PULONG bytes_in_multi_byte, PCWSTR unicode,
                                                        ULONG bytes_in_unicode);
HALCYON_NTDLL_API NTSTATUS NTAPI RtlUnicodeToMultiByteSize(PULONG bytes_in_multi_byte, PCWSTR unicode,
                                                           ULONG bytes_in_unicode);
HALCYON_NTDLL_API NTSTATUS NTAPI RtlOemToUnicodeN(PWSTR unicode, ULONG max_bytes_in_unicode,
                                                  PULONG bytes_in_unicode, const CHAR* oem,
                                                  ULONG bytes_in_oem);
HALCYON_NTDLL_API NTSTATUS NTAPI RtlUnicodeToOemN(PCHAR oem, ULONG max_bytes_in_oem, PULONG bytes_in_oem,
                                                  PCWSTR unicode, ULONG bytes_in_unicode);
/// Returns STATUS_SOME_NOT_MAPPED (success) when invalid sequences were replaced by U+FFFD.
HALCYON_NTDLL_API NTSTATUS NTAPI RtlUTF8ToUnicodeN(PWSTR unicode, ULONG max_bytes_in_unicode,
                                                   PULONG bytes_in_unicode, const CHAR* utf8,
                                                   ULONG bytes_in_utf8);
HALCYON_NTDLL_API NTSTATUS NTAPI RtlUnicodeToUTF8N(PCHAR utf8, ULONG max_bytes_in_utf8, PULONG bytes_in_utf8,
                                                   PCWSTR unicode, ULONG bytes_in_unicode);
/// The current ANSI and OEM code pages (1252 and 437), as GetACP/GetOEMCP report them.
HALCYON_NTDLL_API void NTAPI RtlGetDefaultCodePage(USHORT* ansi_code_page, USHORT* oem_code_page);

// --- Memory ----------------------------------------------------------------------------------
HALCYON_NTDLL_API SIZE_T NTAPI RtlCompareMemory(const void* a, const void* b, SIZE_T length);
HALCYON_NTDLL_API void NTAPI RtlZeroMemory(void* destination, SIZE_T length);
HALCYON_NTDLL_API void NTAPI RtlFillMemory(void* destination, SIZE_T length, UCHAR fill);
HALCYON_NTDLL_API void NTAPI RtlMoveMemory(void* destination, const void* source, SIZE_T length);
HALCYON_NTDLL_API void NTAPI RtlCopyMemory(void* destination, const void* source, SIZE_T length);

// --- Paths -----------------------------------------------------------------------------------
typedef enum _RTL_PATH_TYPE {
    RtlPathTypeUnknown,
    RtlPathTypeUncAbsolute,
    RtlPathTypeDriveAbsolute,
    RtlPathTypeDriveRelative,
    RtlPathTypeRooted,
    RtlPathTypeRelative,
    RtlPathTypeLocalDevice,
    RtlPathTypeRootLocalDevice
} RTL_PATH_TYPE;

typedef struct _RTL_RELATIVE_NAME_U {
    UNICODE_STRING RelativeName;
    HANDLE ContainingDirectory;
    PVOID CurDirRef;
} RTL_RELATIVE_NAME_U, *PRTL_RELATIVE_NAME_U;

HALCYON_NTDLL_API RTL_PATH_TYPE NTAPI RtlDetermineDosPathNameType_U(PCWSTR path);
HALCYON_NTDLL_API ULONG NTAPI RtlIsDosDeviceName_U(PCWSTR path);
/// Returns the length in bytes without the terminator, or the required size in bytes including
/// it when `buffer_size` (bytes) is too small, or 0 on error.
HALCYON_NTDLL_API ULONG NTAPI RtlGetFullPathName_U(PCWSTR file_name, ULONG buffer_size, PWSTR buffer,
                                                   PWSTR* file_part);
/// `nt_name->Buffer` is allocated from the process heap; free it with RtlFreeUnicodeString.
HALCYON_NTDLL_API BOOLEAN NTAPI RtlDosPathNameToNtPathName_U(PCWSTR dos_name, PUNICODE_STRING nt_name,
                                                             PWSTR* file_part,
                                                             PRTL_RELATIVE_NAME_U relative_name);
HALCYON_NTDLL_API NTSTATUS NTAPI RtlDosPathNameToNtPathName_U_WithStatus(PCWSTR dos_name,
                                                                         PUNICODE_STRING nt_name,
                                                                         PWSTR* file_part,
                                                                         PRTL_RELATIVE_NAME_U relative_name);
HALCYON_NTDLL_API void NTAPI RtlReleaseRelativeName(PRTL_RELATIVE_NAME_U relative_name);
HALCYON_NTDLL_API ULONG NTAPI RtlGetCurrentDirectory_U(ULONG buffer_size, PWSTR buffer);
HALCYON_NTDLL_API NTSTATUS NTAPI RtlSetCurrentDirectory_U(PCUNICODE_STRING path);
HALCYON_NTDLL_API void NTAPI RtlAcquirePebLock(void);
HALCYON_NTDLL_API void NTAPI RtlReleasePebLock(void);

// --- Environment -----------------------------------------------------------------------------
/// `environment` null means the process environment.
HALCYON_NTDLL_API NTSTATUS NTAPI RtlQueryEnvironmentVariable_U(PWSTR environment, PCUNICODE_STRING name,
                                                               PUNICODE_STRING value);
/// `environment` null means the process environment; `value` null deletes the variable.
HALCYON_NTDLL_API NTSTATUS NTAPI RtlSetEnvironmentVariable(PWSTR* environment, PCUNICODE_STRING name,
                                                           PCUNICODE_STRING value);
HALCYON_NTDLL_API NTSTATUS NTAPI RtlCreateEnvironment(BOOLEAN clone_current, PWSTR* environment);
HALCYON_NTDLL_API NTSTATUS NTAPI RtlDestroyEnvironment(PWSTR environment);
HALCYON_NTDLL_API NTSTATUS NTAPI RtlSetCurrentEnvironment(PWSTR environment, PWSTR* previous);
/// Replaces each %NAME% in `source` by the variable's value (unknown names stay as written).
/// `length` receives the bytes needed including the terminator.
HALCYON_NTDLL_API NTSTATUS NTAPI RtlExpandEnvironmentStrings_U(PCWSTR environment, PCUNICODE_STRING source,
                                                               PUNICODE_STRING destination, PULONG length);

// --- Process parameters (ProcessParameters.cpp) ------------------------------------------------
/// RTL_USER_PROCESS_PARAMETERS; its layout is halcyon::abi::ProcessParameters (core/abi/UserAbi.h).
typedef struct _RTL_USER_PROCESS_PARAMETERS* PRTL_USER_PROCESS_PARAMETERS;
#define RTL_USER_PROC_PARAMS_NORMALIZED 0x00000001
HALCYON_NTDLL_API NTSTATUS NTAPI RtlCreateProcessParametersEx(
    PRTL_USER_PROCESS_PARAMETERS* result, PCUNICODE_STRING image_path, PCUNICODE_STRING dll_path,
    PCUNICODE_STRING current_directory, PCUNICODE_STRING command_line, PVOID environment,
    PCUNICODE_STRING window_title, PCUNICODE_STRING desktop_info, PCUNICODE_STRING shell_info,
    PCUNICODE_STRING runtime_data, ULONG flags);
HALCYON_NTDLL_API NTSTATUS NTAPI RtlCreateProcessParameters(
    PRTL_USER_PROCESS_PARAMETERS* result, PCUNICODE_STRING image_path, PCUNICODE_STRING dll_path,
    PCUNICODE_STRING current_directory, PCUNICODE_STRING command_line, PVOID environment,
    PCUNICODE_STRING window_title, PCUNICODE_STRING desktop_info, PCUNICODE_STRING shell_info,
    PCUNICODE_STRING runtime_data);
HALCYON_NTDLL_API NTSTATUS NTAPI RtlDestroyProcessParameters(PRTL_USER_PROCESS_PARAMETERS params);
HALCYON_NTDLL_API PRTL_USER_PROCESS_PARAMETERS NTAPI RtlNormalizeProcessParams(PRTL_USER_PROCESS_PARAMETERS params);
HALCYON_NTDLL_API PRTL_USER_PROCESS_PARAMETERS NTAPI RtlDeNormalizeProcessParams(PRTL_USER_PROCESS_PARAMETERS params);

// --- Version ---------------------------------------------------------------------------------
HALCYON_NTDLL_API NTSTATUS NTAPI RtlGetVersion(PRTL_OSVERSIONINFOW info);
HALCYON_NTDLL_API void NTAPI RtlGetNtVersionNumbers(PULONG major, PULONG minor, PULONG build);

// --- Misc ------------------------------------------------------------------------------------
HALCYON_NTDLL_API ULONG NTAPI RtlRandom(PULONG seed);
HALCYON_NTDLL_API ULONG NTAPI RtlRandomEx(PULONG seed);
HALCYON_NTDLL_API PVOID NTAPI RtlPcToFileHeader(PVOID pc, PVOID* base_of_image);
/// Writes "halcyon: <dll>!<function> is not implemented" to the process's standard error.
HALCYON_NTDLL_API void HalcyonLogUnimplemented(const char* dll, const char* function);

// --- Exceptions (Exception.cpp, Unwind.cpp, Context.S) ------------------------------------------
HALCYON_NTDLL_API void NTAPI RtlCaptureContext(PCONTEXT context);
HALCYON_NTDLL_API __attribute__((noreturn)) void NTAPI RtlRestoreContext(PCONTEXT context, PEXCEPTION_RECORD record);
HALCYON_NTDLL_API void NTAPI RtlRaiseException(PEXCEPTION_RECORD record);
HALCYON_NTDLL_API __attribute__((noreturn)) void NTAPI RtlRaiseStatus(NTSTATUS status);
HALCYON_NTDLL_API BOOLEAN NTAPI RtlDispatchException(PEXCEPTION_RECORD record, PCONTEXT context);
HALCYON_NTDLL_API void NTAPI RtlUnwindEx(PVOID target_frame, PVOID target_ip, PEXCEPTION_RECORD record,
                                         PVOID return_value, PCONTEXT context, PUNWIND_HISTORY_TABLE history);
HALCYON_NTDLL_API void NTAPI RtlUnwind(PVOID target_frame, PVOID target_ip, PEXCEPTION_RECORD record,
                                       PVOID return_value);
HALCYON_NTDLL_API PRUNTIME_FUNCTION NTAPI RtlLookupFunctionEntry(ULONGLONG control_pc, PULONGLONG image_base,
                                                                PUNWIND_HISTORY_TABLE history);
HALCYON_NTDLL_API PEXCEPTION_ROUTINE NTAPI RtlVirtualUnwind(ULONG handler_type, ULONGLONG image_base,
                                                            ULONGLONG control_pc, PRUNTIME_FUNCTION function,
                                                            PCONTEXT context, PVOID* handler_data,
                                                            PULONGLONG establisher_frame,
                                                            PKNONVOLATILE_CONTEXT_POINTERS pointers);
HALCYON_NTDLL_API PVOID NTAPI RtlAddVectoredExceptionHandler(ULONG first, PVECTORED_EXCEPTION_HANDLER handler);
HALCYON_NTDLL_API ULONG NTAPI RtlRemoveVectoredExceptionHandler(PVOID cookie);
HALCYON_NTDLL_API void NTAPI RtlSetUnhandledExceptionFilter(PRTL_UNHANDLED_EXCEPTION_FILTER filter);

// --- Loader ----------------------------------------------------------------------------------
HALCYON_NTDLL_API NTSTATUS NTAPI LdrLoadDll(PCWSTR search_path, PULONG dll_characteristics,
                                            PCUNICODE_STRING dll_name, PVOID* base_address);
HALCYON_NTDLL_API NTSTATUS NTAPI LdrUnloadDll(PVOID base_address);
HALCYON_NTDLL_API NTSTATUS NTAPI LdrGetDllHandle(PCWSTR search_path, PULONG dll_characteristics,
                                                 PCUNICODE_STRING dll_name, PVOID* base_address);
HALCYON_NTDLL_API NTSTATUS NTAPI LdrGetDllHandleEx(ULONG flags, PCWSTR search_path,
                                                   PULONG dll_characteristics, PCUNICODE_STRING dll_name,
                                                   PVOID* base_address);
HALCYON_NTDLL_API NTSTATUS NTAPI LdrAddRefDll(ULONG flags, PVOID base_address);
/// `name` null means by ordinal.
HALCYON_NTDLL_API NTSTATUS NTAPI LdrGetProcedureAddress(PVOID base_address, PCANSI_STRING name, ULONG ordinal,
                                                        PVOID* address);
HALCYON_NTDLL_API NTSTATUS NTAPI LdrFindEntryForAddress(const void* address, PLDR_DATA_TABLE_ENTRY* entry);
HALCYON_NTDLL_API NTSTATUS NTAPI LdrDisableThreadCalloutsForDll(PVOID base_address);
HALCYON_NTDLL_API NTSTATUS NTAPI LdrLockLoaderLock(ULONG flags, PULONG disposition, PULONG_PTR cookie);
HALCYON_NTDLL_API NTSTATUS NTAPI LdrUnlockLoaderLock(ULONG flags, ULONG_PTR cookie);
HALCYON_NTDLL_API void NTAPI LdrShutdownProcess(void);
HALCYON_NTDLL_API void NTAPI LdrShutdownThread(void);
__attribute__((noreturn)) HALCYON_NTDLL_API void NTAPI RtlExitUserProcess(NTSTATUS status);
__attribute__((noreturn)) HALCYON_NTDLL_API void NTAPI RtlExitUserThread(NTSTATUS status);

#ifdef __cplusplus
}
#endif
