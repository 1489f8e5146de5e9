// Process and thread start-up: the kernel starts every user thread at LdrInitializeThunk.
//
// Contract (core/abi/UserAbi.h): rcx = start routine, rdx = its argument, r8 = 1 for the first
// thread of a process and 0 otherwise; rsp is aligned as after a call, with home space. The
// kernel has already mapped the executable and ntdll, and filled the PEB (ImageBaseAddress,
// ProcessParameters, OS version, NumberOfProcessors), the TEB and KUSER_SHARED_DATA.
//
// First thread: create the process heap, build PEB->Ldr with entries for the executable and
// ntdll, bind the executable's imports (loading DLLs recursively), give the thread its static
// TLS, run TLS callbacks and DllMain(DLL_PROCESS_ATTACH) for each DLL in dependency order, then
// the executable's TLS callbacks, and call the entry point. If it returns, the process exits
// with its return value (RtlExitUserProcess, which runs DLL_PROCESS_DETACH).
// Other threads: give the thread its TLS, send DLL_THREAD_ATTACH, call start(argument), exit
// the thread with the result.
//
// Any failure prints one line to standard error and terminates the process with the status.

#include "Loader.h"

extern "C" char __ImageBase; // provided by lld-link: ntdll's own image base

namespace halcyon::ntdll {

namespace {

const WCHAR kNtdllPath[] = HALCYON_WTEXT("C:\\Windows\\System32\\ntdll.dll");

[[noreturn]] void fail(NTSTATUS status, const char* what) {
    if (what) {
        DiagnosticLine line;
        error_line(line).text(what).text(" (status ").hex(static_cast<ULONG>(status)).text(")").emit();
    }
    NtTerminateProcess(NtCurrentProcess(), status);
    for (;;)
        NtTerminateProcess(NtCurrentProcess(), status);
}

/// SizeOfImage straight from the headers of an image the kernel mapped ([pecoff] 3, 3.4).
size_t mapped_image_size(const void* base) {
    auto* bytes = static_cast<const unsigned char*>(base);
    uint32_t nt_offset;
    __builtin_memcpy(&nt_offset, bytes + 0x3C, sizeof(nt_offset));
    uint32_t size;
    // Signature (4) + FileHeader (20) + OptionalHeader.SizeOfImage at offset 56.
    __builtin_memcpy(&size, bytes + nt_offset + 4 + 20 + 56, sizeof(size));
    return size;
}

void initialize_process() {
    abi::Peb* peb = current_peb();
    abi::ProcessParameters* parameters = process_parameters();
    g_ldr_trace = parameters && (parameters->flags & kTraceLoaderFlag);
    g_report_errors = true;

    initialize_exceptions();
    PVOID heap = RtlCreateHeap(HEAP_GROWABLE, nullptr, 0, 0, nullptr, nullptr);
    if (!heap)
        fail(STATUS_NO_MEMORY, "cannot create the process heap");
    peb->process_heap = reinterpret_cast<uint64_t>(heap);
    peb->ldr = reinterpret_cast<uint64_t>(&g_loader_data);

    LoaderLockGuard guard;
    // The executable first (load order: exe, ntdll, then DLLs as they are loaded).
    auto* exe_base = reinterpret_cast<PVOID>(peb->image_base_address);
    PCWSTR exe_path = reinterpret_cast<PCWSTR>(parameters->image_path_name.buffer);
    size_t exe_path_length = parameters->image_path_name.length / sizeof(WCHAR);
    LoaderModule* exe = nullptr;
    NTSTATUS status = create_module(exe_base, mapped_image_size(exe_base), exe_path, exe_path_length, &exe);
    if (!NT_SUCCESS(status))
        fail(status, "the executable's headers are invalid");
    exe->load_count = kPinnedLoadCount;
    exe->entry.ObsoleteLoadCount = 0xFFFF;
    exe->is_executable = true;

    LoaderModule* ntdll = nullptr;
    status = create_module(&__ImageBase, mapped_image_size(&__ImageBase), kNtdllPath,
                           sizeof(kNtdllPath) / sizeof(WCHAR) - 1, &ntdll);
    if (!NT_SUCCESS(status))
        fail(status, "ntdll's own headers are invalid");
    ntdll->load_count = kPinnedLoadCount;
    ntdll->entry.ObsoleteLoadCount = 0xFFFF;
    ntdll->imports_bound = true;
    // ntdll has no DllMain; it is always first in initialisation order, as on Windows.
    ntdll->entry.Flags |= LDRP_ENTRY_PROCESSED | LDRP_PROCESS_ATTACH_CALLED;
    append_to_initialization_order(ntdll);
    if (g_ldr_trace) {
        DiagnosticLine()
            .text("[ldr] exe ")
            .wide(base_name(exe))
            .text(" at ")
            .hex(reinterpret_cast<uint64_t>(exe_base))
            .emit();
        DiagnosticLine().text("[ldr] ntdll.dll at ").hex(reinterpret_cast<uint64_t>(&__ImageBase)).emit();
    }

    status = register_tls(exe);
    if (!NT_SUCCESS(status))
        fail(status, "the executable's TLS directory is invalid");
    // Messages for these failures were printed where they happened.
    status = bind_imports(exe, nullptr);
    if (!NT_SUCCESS(status))
        fail(status, nullptr);
    // Everything loaded with the process stays for its lifetime.
    LIST_ENTRY* head = &g_loader_data.InLoadOrderModuleList;
    for (LIST_ENTRY* link = head->Flink; link != head; link = link->Flink) {
        auto* module = module_from_entry(CONTAINING_RECORD(link, LDR_DATA_TABLE_ENTRY, InLoadOrderLinks));
        module->load_count = kPinnedLoadCount;
        module->entry.ObsoleteLoadCount = 0xFFFF;
    }
    status = allocate_thread_tls();
    if (!NT_SUCCESS(status))
        fail(status, "cannot allocate thread-local storage");
    status = initialize_module_tree(exe, true);
    if (!NT_SUCCESS(status))
        fail(status, nullptr);
    call_tls_callbacks(exe, DLL_PROCESS_ATTACH);
    g_loader_data.Initialized = TRUE;
    g_report_errors = false;
}

void initialize_thread() {
    LoaderLockGuard guard;
    NTSTATUS status = allocate_thread_tls();
    if (!NT_SUCCESS(status)) {
        // Without its TLS the thread cannot run any code that uses __declspec(thread).
        NtTerminateThread(NtCurrentThread(), status);
    }
    attach_thread();
}

} // namespace

} // namespace halcyon::ntdll

using namespace halcyon::ntdll;

extern "C" [[noreturn]] void NTAPI LdrInitializeThunk(PVOID start_routine, PVOID argument,
                                                      ULONG_PTR first_thread) {
    if (first_thread) {
        initialize_process();
        if (g_ldr_trace)
            DiagnosticLine().text("[ldr] start ").hex(reinterpret_cast<uint64_t>(start_routine)).emit();
        // mingw's and MSVC's mainCRTStartup take no arguments; passing the PEB (as Windows'
        // BaseProcessStart does) is harmless for them.
        auto entry = reinterpret_cast<int(NTAPI*)(PVOID)>(start_routine);
        int result = entry(argument);
        RtlExitUserProcess(result);
    }
    initialize_thread();
    auto routine = reinterpret_cast<ULONG(NTAPI*)(PVOID)>(start_routine);
    ULONG result = routine(argument);
    RtlExitUserThread(static_cast<NTSTATUS>(result));
}
