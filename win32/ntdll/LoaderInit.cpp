// Running module initialisers and finalisers: DLL_PROCESS_ATTACH in dependency order (a DLL's
// imports are initialised before it, as Windows guarantees), DLL_THREAD_ATTACH/DETACH for other
// threads, DLL_PROCESS_DETACH in reverse initialisation order at exit, and unloading.
// For each module its TLS callbacks run before its DllMain, for every reason (as in Wine).

#include "Loader.h"
#include "halcyon/ntrtlutil.h"

namespace halcyon::ntdll {

namespace {

LoaderModule* executable_module() {
    return find_module_by_base(reinterpret_cast<PVOID>(current_peb()->image_base_address));
}

/// Calls the module's DllMain. Returns its BOOL result (TRUE when it has none).
bool call_entry(LoaderModule* module, ULONG reason, PVOID context) {
    if (module->is_executable || !module->entry.EntryPoint)
        return true;
    if (g_ldr_trace) {
        static const char* const kReasons[] = {"process detach", "process attach", "thread attach",
                                               "thread detach"};
        DiagnosticLine()
            .text("[ldr] DllMain ")
            .wide(base_name(module))
            .text(" ")
            .text(reason < 4 ? kReasons[reason] : "?")
            .emit();
    }
    auto entry = reinterpret_cast<PDLL_INIT_ROUTINE>(module->entry.EntryPoint);
    g_loader_data.EntryInProgress = module->entry.DllBase;
    int result = entry(module->entry.DllBase, reason, context);
    g_loader_data.EntryInProgress = nullptr;
    return result != 0;
}

NTSTATUS visit(LoaderModule* module, bool static_load) {
    if ((module->entry.Flags & LDRP_ENTRY_PROCESSED) || module->init_visiting)
        return STATUS_SUCCESS;
    module->init_visiting = true;
    for (uint32_t i = 0; i < module->dependency_count; ++i) {
        NTSTATUS status = visit(module->dependencies[i], static_load);
        if (!NT_SUCCESS(status)) {
            module->init_visiting = false;
            return status;
        }
    }
    module->init_visiting = false;
    if (module->is_executable)
        return STATUS_SUCCESS; // the executable's TLS callbacks run last, from LdrInitializeThunk
    module->entry.Flags |= LDRP_ENTRY_PROCESSED;
    append_to_initialization_order(module);
    // Windows passes a non-null context for DLLs loaded with the process, null for LoadLibrary.
    PVOID context = static_load ? reinterpret_cast<PVOID>(1) : nullptr;
    call_tls_callbacks(module, DLL_PROCESS_ATTACH);
    bool ok = call_entry(module, DLL_PROCESS_ATTACH, context);
    // Marked even on failure: the failing DLL still receives DLL_PROCESS_DETACH when unloaded.
    module->entry.Flags |= LDRP_PROCESS_ATTACH_CALLED;
    if (!ok) {
        if (g_report_errors || g_ldr_trace) {
            DiagnosticLine line;
            error_line(line)
                .wide(base_name(module))
                .text(" failed to initialize (DllMain returned FALSE)")
                .emit();
        }
        return STATUS_DLL_INIT_FAILED;
    }
    return STATUS_SUCCESS;
}

template <typename Callback>
void for_each_initialized_reverse(Callback callback) {
    LIST_ENTRY* head = &g_loader_data.InInitializationOrderModuleList;
    for (LIST_ENTRY* link = head->Blink; link != head;) {
        LIST_ENTRY* previous = link->Blink;
        callback(
            module_from_entry(CONTAINING_RECORD(link, LDR_DATA_TABLE_ENTRY, InInitializationOrderLinks)));
        link = previous;
    }
}

template <typename Callback>
void for_each_initialized(Callback callback) {
    LIST_ENTRY* head = &g_loader_data.InInitializationOrderModuleList;
    for (LIST_ENTRY* link = head->Flink; link != head; link = link->Flink)
        callback(
            module_from_entry(CONTAINING_RECORD(link, LDR_DATA_TABLE_ENTRY, InInitializationOrderLinks)));
}

} // namespace

NTSTATUS initialize_module_tree(LoaderModule* root, bool static_load) {
    return visit(root, static_load);
}

void release_module(LoaderModule* module) {
    if (module->load_count == kPinnedLoadCount || module->unloading)
        return;
    if (module->load_count > 1) {
        --module->load_count;
        module->entry.ObsoleteLoadCount = static_cast<USHORT>(module->load_count);
        return;
    }
    module->load_count = 0;
    module->unloading = true;
    if (g_ldr_trace)
        DiagnosticLine().text("[ldr] unload ").wide(base_name(module)).emit();
    if (module->entry.Flags & LDRP_PROCESS_ATTACH_CALLED) {
        call_tls_callbacks(module, DLL_PROCESS_DETACH);
        call_entry(module, DLL_PROCESS_DETACH, nullptr);
    }
    unregister_tls(module);
    for (uint32_t i = 0; i < module->dependency_count; ++i)
        release_module(module->dependencies[i]);
    unmap_module(module);
    destroy_module(module);
}

void attach_thread() {
    for_each_initialized([](LoaderModule* module) {
        if (!(module->entry.Flags & LDRP_PROCESS_ATTACH_CALLED))
            return;
        call_tls_callbacks(module, DLL_THREAD_ATTACH);
        if (!(module->entry.Flags & LDRP_DONT_CALL_FOR_THREADS))
            call_entry(module, DLL_THREAD_ATTACH, nullptr);
    });
    if (LoaderModule* exe = executable_module())
        call_tls_callbacks(exe, DLL_THREAD_ATTACH);
}

} // namespace halcyon::ntdll

using namespace halcyon::ntdll;

extern "C" {

void NTAPI LdrShutdownThread(void) {
    // FLS callbacks first and outside the loader lock: they may call into DLLs that are about
    // to get DLL_THREAD_DETACH.
    halcyon_fls_thread_exit();
    LoaderLockGuard guard;
    if (!g_loader_data.ShutdownInProgress) {
        if (LoaderModule* exe = executable_module())
            call_tls_callbacks(exe, DLL_THREAD_DETACH);
        for_each_initialized_reverse([](LoaderModule* module) {
            if (!(module->entry.Flags & LDRP_PROCESS_ATTACH_CALLED))
                return;
            call_tls_callbacks(module, DLL_THREAD_DETACH);
            if (!(module->entry.Flags & LDRP_DONT_CALL_FOR_THREADS))
                call_entry(module, DLL_THREAD_DETACH, nullptr);
        });
    }
    free_thread_tls();
}

void NTAPI LdrShutdownProcess(void) {
    halcyon_fls_thread_exit(); // the exiting thread's FLS callbacks, before DLL_PROCESS_DETACH
    LoaderLockGuard guard;
    if (g_loader_data.ShutdownInProgress)
        return; // a DllMain called ExitProcess during detach: do not run the detach chain twice
    g_loader_data.ShutdownInProgress = TRUE;
    g_loader_data.ShutdownThreadId = current_thread_id();
    if (LoaderModule* exe = executable_module())
        call_tls_callbacks(exe, DLL_PROCESS_DETACH);
    // Context non-null: the process is terminating (DllMain must not free what other DLLs use).
    for_each_initialized_reverse([](LoaderModule* module) {
        if (!(module->entry.Flags & LDRP_PROCESS_ATTACH_CALLED))
            return;
        call_tls_callbacks(module, DLL_PROCESS_DETACH);
        call_entry(module, DLL_PROCESS_DETACH, reinterpret_cast<PVOID>(1));
    });
}

void NTAPI RtlExitUserProcess(NTSTATUS status) {
    // FIXME: Windows first terminates the process's other threads (NtTerminateProcess(NULL, ...))
    // so none of them holds the loader lock or runs during DLL_PROCESS_DETACH.
    LdrShutdownProcess();
    NtTerminateProcess(NtCurrentProcess(), status);
    for (;;)
        NtTerminateProcess(NtCurrentProcess(), status);
}

void NTAPI RtlExitUserThread(NTSTATUS status) {
    // As on Windows 10: when the last thread exits, the process exits with its status, and
    // DLLs get DLL_PROCESS_DETACH rather than DLL_THREAD_DETACH.
    constexpr ULONG kThreadAmILastThread = 12;
    ULONG last = 0;
    if (NT_SUCCESS(NtQueryInformationThread(NtCurrentThread(), kThreadAmILastThread, &last, sizeof(last),
                                            nullptr)) &&
        last)
        RtlExitUserProcess(status);
    LdrShutdownThread();
    NtTerminateThread(NtCurrentThread(), status);
    for (;;)
        NtTerminateThread(NtCurrentThread(), status);
}

} // extern "C"
