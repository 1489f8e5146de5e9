#pragma once

// The user-mode loader's internal interface. The loader is organised like Wine's:
//   LoaderModules.cpp  module records and the PEB lists
//   LoaderMap.cpp      finding a DLL on disk and mapping it (NtCreateSection(SEC_IMAGE))
//   LoaderImports.cpp  binding imports, resolving exports and forwarders
//   LoaderTls.cpp      static TLS (_tls_index, per-thread blocks)
//   LoaderInit.cpp     DllMain / TLS callbacks in dependency order, thread attach/detach, shutdown
//   LoaderApi.cpp      LdrLoadDll & co. for kernelbase
//   LdrInitializeThunk.cpp  process and thread start-up
//
// Locking: every function below whose comment says "Precondition: loader lock" must be called
// with g_loader_lock held (LoaderLockGuard). The lock is recursive, so DllMain may call
// LoadLibrary. Nothing here is used before LdrInitializeThunk has created the process heap.

#include "Ntdll.h"
#include "pe/Exports.h"
#include "pe/Image.h"
#include "pe/Tls.h"

namespace halcyon::ntdll {

/// Reference count of modules that are never unloaded (everything loaded at process start-up).
constexpr uint32_t kPinnedLoadCount = 0xFFFFFFFF;

/// The loader's record of one mapped image. The public LDR_DATA_TABLE_ENTRY comes first so the
/// PEB lists (which link LDR_DATA_TABLE_ENTRYs) and LdrFindEntryForAddress hand out pointers
/// programs can read with the Windows layout.
struct LoaderModule {
    LDR_DATA_TABLE_ENTRY entry;
    pe::Image image;
    pe::ExportTable exports;
    /// Modules this one imports from (or forwards into); each holds one reference from us.
    LoaderModule** dependencies;
    uint32_t dependency_count;
    uint32_t dependency_capacity;
    /// LdrLoadDll/LdrAddRefDll references plus one per dependent module; kPinnedLoadCount if pinned.
    uint32_t load_count;
    bool is_executable;
    bool imports_bound;
    /// Set while the module's initialisers are being ordered (cycle detection).
    bool init_visiting;
    /// Set once unloading has begun, so dependency cycles do not unload a module twice.
    bool unloading;
    bool has_tls;
    pe::TlsInfo tls;
    /// Storage for FullDllName (BaseDllName points into it).
    PWSTR name_storage;
};

extern RTL_CRITICAL_SECTION g_loader_lock;
extern PEB_LDR_DATA g_loader_data;
/// Set when ProcessParameters->flags has kTraceLoaderFlag (`halcyon run --trace`).
extern bool g_ldr_trace;
/// True during process start-up: failures print the documented one-line message to stderr.
extern bool g_report_errors;
constexpr ULONG kTraceLoaderFlag = 0x80000000;

class LoaderLockGuard {
public:
    LoaderLockGuard() { RtlEnterCriticalSection(&g_loader_lock); }
    ~LoaderLockGuard() { RtlLeaveCriticalSection(&g_loader_lock); }
    LoaderLockGuard(const LoaderLockGuard&) = delete;
    LoaderLockGuard& operator=(const LoaderLockGuard&) = delete;
};

/// Makes [address, address + size) writable for the lifetime of the object and then restores the
/// previous protection (for the IAT, which lives in a read-only section, and _tls_index).
class WritableRange {
public:
    WritableRange(void* address, size_t size) : m_address(address), m_size(size) {
        PVOID base = m_address;
        SIZE_T region = m_size;
        m_changed =
            NT_SUCCESS(NtProtectVirtualMemory(NtCurrentProcess(), &base, &region, PAGE_READWRITE, &m_old));
    }
    ~WritableRange() {
        if (!m_changed)
            return;
        PVOID base = m_address;
        SIZE_T region = m_size;
        ULONG ignored;
        (void)NtProtectVirtualMemory(NtCurrentProcess(), &base, &region, m_old, &ignored);
    }
    WritableRange(const WritableRange&) = delete;
    WritableRange& operator=(const WritableRange&) = delete;

private:
    void* m_address;
    size_t m_size;
    ULONG m_old{0};
    bool m_changed{false};
};

// --- LoaderModules.cpp -----------------------------------------------------------------------

/// Creates the record for an image mapped at `base` and links it at the end of the load-order and
/// memory-order lists. `full_name` is a Win32 path. Precondition: loader lock.
NTSTATUS create_module(PVOID base, size_t view_size, PCWSTR full_name, size_t full_name_length,
                       LoaderModule** out);
/// Unlinks a module from all lists and frees its record (not its mapping). Precondition: loader lock.
void destroy_module(LoaderModule* module);
/// The loaded module whose base name (case-insensitive) is `name`. Precondition: loader lock.
LoaderModule* find_module_by_base_name(PCWSTR name, size_t length);
/// The loaded module whose full path (case-insensitive) is `path`. Precondition: loader lock.
LoaderModule* find_module_by_full_name(PCWSTR path, size_t length);
/// The loaded module mapped at exactly `base`. Precondition: loader lock.
LoaderModule* find_module_by_base(PVOID base);
/// The loaded module whose image contains `address`. Precondition: loader lock.
LoaderModule* find_module_containing(const void* address);
/// Records that `module` uses `dependency` (taking a reference the first time).
/// Precondition: loader lock.
NTSTATUS add_dependency(LoaderModule* module, LoaderModule* dependency);
/// Takes a reference (no-op for pinned modules). Precondition: loader lock.
void add_reference(LoaderModule* module);
/// Links the module at the end of the initialisation-order list. Precondition: loader lock.
void append_to_initialization_order(LoaderModule* module);
inline LoaderModule* module_from_entry(PLDR_DATA_TABLE_ENTRY entry) {
    return reinterpret_cast<LoaderModule*>(entry);
}
/// The module's base name as a NUL-terminated pointer into its full name.
inline const UNICODE_STRING& base_name(const LoaderModule* module) {
    return module->entry.BaseDllName;
}

// --- LoaderMap.cpp ---------------------------------------------------------------------------

/// Loads (or finds) the DLL called `name` (an import name, a forwarder target or a LoadLibrary
/// argument): resolves API-set names, appends ".dll" when there is no extension, searches the
/// executable's directory then System32 (or `search_path` when given), maps it, binds its
/// imports recursively and sets up its static TLS. The new module has load_count 0; callers add
/// the reference they need. `importer` is only used in messages. Precondition: loader lock.
NTSTATUS load_dll(PCWSTR name, size_t length, PCWSTR search_path, const LoaderModule* importer,
                  LoaderModule** out);
/// Finds an already-loaded DLL by the name load_dll would look for. Precondition: loader lock.
NTSTATUS find_dll(PCWSTR name, size_t length, LoaderModule** out);
/// The same for a narrow (import-table) name.
NTSTATUS load_dll_ascii(StringView name, PCWSTR search_path, const LoaderModule* importer,
                        LoaderModule** out);
/// Unmaps a module's view. Precondition: loader lock; the module is unlinked.
void unmap_module(LoaderModule* module);

// --- LoaderImports.cpp -----------------------------------------------------------------------

/// Binds every import of `module` (loading what it needs). Precondition: loader lock.
NTSTATUS bind_imports(LoaderModule* module, PCWSTR search_path);
/// Resolves an export of `module` by name (with `hint`) or by ordinal, following forwarders
/// (which may load DLLs). `importer` is for messages only. Precondition: loader lock.
NTSTATUS resolve_export(LoaderModule* module, bool by_ordinal, uint32_t ordinal, StringView name,
                        uint32_t hint, const LoaderModule* importer, void** address);

// --- LoaderTls.cpp ---------------------------------------------------------------------------

/// Reads the module's TLS directory and assigns it a TLS index. Precondition: loader lock.
NTSTATUS register_tls(LoaderModule* module);
/// Gives the current thread a TLS block for every registered module that it lacks.
/// Precondition: loader lock.
NTSTATUS allocate_thread_tls();
/// Frees the current thread's TLS blocks and array. Precondition: loader lock.
void free_thread_tls();
/// Forgets an unloading module's TLS index and frees the current thread's block for it.
/// Precondition: loader lock.
void unregister_tls(LoaderModule* module);
/// Calls the module's TLS callbacks with `reason`.
void call_tls_callbacks(LoaderModule* module, ULONG reason);

// --- LoaderInit.cpp --------------------------------------------------------------------------

/// Runs DLL_PROCESS_ATTACH (TLS callbacks, then DllMain) for `root` and everything it depends
/// on that has not been initialised, dependencies first. Precondition: loader lock.
NTSTATUS initialize_module_tree(LoaderModule* root, bool static_load);
/// Drops one reference; at zero runs DLL_PROCESS_DETACH, releases dependencies, unmaps.
/// Precondition: loader lock.
void release_module(LoaderModule* module);
/// DLL_THREAD_ATTACH for every initialised DLL, then the executable's TLS callbacks.
/// Precondition: loader lock.
void attach_thread();

// --- Messages --------------------------------------------------------------------------------

/// Prints `halcyon: <text>` when g_report_errors or g_ldr_trace is set.
DiagnosticLine& error_line(DiagnosticLine& line);
/// Sets up exception dispatch (the vectored-handler lock); first thing in a new process.
void initialize_exceptions();

} // namespace halcyon::ntdll
