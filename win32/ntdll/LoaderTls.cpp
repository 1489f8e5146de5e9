// Static TLS (__declspec(thread), mingw's TLS callbacks): each module with a TLS directory gets
// an index, written to its _tls_index; each thread gets an array (TEB+0x58,
// ThreadLocalStoragePointer) with one block per index, a copy of the module's template followed
// by zeros. Compiled code reaches a variable as gs:[0x58][_tls_index] + offset.
//
// The array carries a hidden header slot before element 0 holding its element count, so a
// thread's array can be extended when a DLL with TLS is loaded at run time.

#include "Loader.h"

namespace halcyon::ntdll {

namespace {

LoaderModule** g_tls_modules = nullptr; // indexed by TLS index; null once a module unloads
uint32_t g_tls_count = 0;
uint32_t g_tls_capacity = 0;

void** thread_array() {
    return reinterpret_cast<void**>(current_teb()->thread_local_storage_pointer);
}

uint32_t array_count(void** array) {
    return array ? static_cast<uint32_t>(reinterpret_cast<uintptr_t>(array[-1])) : 0;
}

/// Alignment requested in IMAGE_TLS_DIRECTORY.Characteristics bits 20..23 (IMAGE_SCN_ALIGN_*).
size_t block_alignment(const pe::TlsInfo& tls) {
    uint32_t code = (tls.characteristics >> 20) & 0xF;
    size_t alignment = code ? size_t(1) << (code - 1) : 16;
    return alignment < 16 ? 16 : alignment;
}

/// Allocates a block aligned to `alignment`; the heap pointer is kept in the word before it.
void* allocate_block(const LoaderModule* module) {
    const pe::TlsInfo& tls = module->tls;
    size_t alignment = block_alignment(tls);
    size_t size = static_cast<size_t>(tls.raw_data_size) + tls.zero_fill_size;
    char* raw = static_cast<char*>(RtlAllocateHeap(process_heap(), 0, size + alignment + sizeof(void*)));
    if (!raw)
        return nullptr;
    auto aligned = (reinterpret_cast<uintptr_t>(raw) + sizeof(void*) + alignment - 1) & ~(alignment - 1);
    auto* block = reinterpret_cast<char*>(aligned);
    reinterpret_cast<void**>(block)[-1] = raw;
    __builtin_memcpy(block, static_cast<char*>(module->entry.DllBase) + tls.raw_data_start_rva,
                     tls.raw_data_size);
    __builtin_memset(block + tls.raw_data_size, 0, tls.zero_fill_size);
    return block;
}

void free_block(void* block) {
    if (block)
        RtlFreeHeap(process_heap(), 0, reinterpret_cast<void**>(block)[-1]);
}

} // namespace

NTSTATUS register_tls(LoaderModule* module) {
    auto found = pe::read_tls(module->image, module->tls);
    if (found.is_error())
        return STATUS_INVALID_IMAGE_FORMAT;
    if (!found.value())
        return STATUS_SUCCESS;
    if (g_tls_count == g_tls_capacity) {
        uint32_t capacity = g_tls_capacity ? g_tls_capacity * 2 : 8;
        auto* grown =
            static_cast<LoaderModule**>(RtlAllocateHeap(process_heap(), 0, capacity * sizeof(LoaderModule*)));
        if (!grown)
            return STATUS_NO_MEMORY;
        if (g_tls_modules) {
            __builtin_memcpy(grown, g_tls_modules, g_tls_count * sizeof(LoaderModule*));
            RtlFreeHeap(process_heap(), 0, g_tls_modules);
        }
        g_tls_modules = grown;
        g_tls_capacity = capacity;
    }
    uint32_t index = g_tls_count++;
    g_tls_modules[index] = module;
    module->has_tls = true;
    module->entry.TlsIndex = static_cast<USHORT>(index);
    if (module->tls.index_rva) {
        auto* slot =
            reinterpret_cast<uint32_t*>(static_cast<char*>(module->entry.DllBase) + module->tls.index_rva);
        WritableRange writable(slot, sizeof(uint32_t));
        *slot = index;
    }
    if (g_ldr_trace) {
        DiagnosticLine()
            .text("[ldr] tls ")
            .wide(base_name(module))
            .text(" index ")
            .decimal(index)
            .text(" size ")
            .decimal(module->tls.raw_data_size + module->tls.zero_fill_size)
            .emit();
    }
    return STATUS_SUCCESS;
}

void unregister_tls(LoaderModule* module) {
    if (!module->has_tls)
        return;
    uint32_t index = module->entry.TlsIndex;
    if (index < g_tls_count)
        g_tls_modules[index] = nullptr;
    void** array = thread_array();
    if (index < array_count(array)) {
        free_block(array[index]);
        array[index] = nullptr;
    }
    // FIXME: other threads keep their block for this index until they exit.
    module->has_tls = false;
}

NTSTATUS allocate_thread_tls() {
    void** old_array = thread_array();
    uint32_t have = array_count(old_array);
    if (have >= g_tls_count)
        return STATUS_SUCCESS;
    auto* storage = static_cast<void**>(
        RtlAllocateHeap(process_heap(), HEAP_ZERO_MEMORY, (g_tls_count + 1) * sizeof(void*)));
    if (!storage)
        return STATUS_NO_MEMORY;
    void** array = storage + 1;
    array[-1] = reinterpret_cast<void*>(static_cast<uintptr_t>(g_tls_count));
    for (uint32_t i = 0; i < have; ++i)
        array[i] = old_array[i];
    for (uint32_t i = have; i < g_tls_count; ++i) {
        if (!g_tls_modules[i])
            continue;
        array[i] = allocate_block(g_tls_modules[i]);
        if (!array[i]) {
            for (uint32_t j = have; j < i; ++j)
                free_block(array[j]);
            RtlFreeHeap(process_heap(), 0, storage);
            return STATUS_NO_MEMORY;
        }
    }
    current_teb()->thread_local_storage_pointer = reinterpret_cast<uint64_t>(array);
    if (old_array)
        RtlFreeHeap(process_heap(), 0, old_array - 1);
    return STATUS_SUCCESS;
}

void free_thread_tls() {
    void** array = thread_array();
    if (!array)
        return;
    current_teb()->thread_local_storage_pointer = 0;
    uint32_t count = array_count(array);
    for (uint32_t i = 0; i < count; ++i)
        free_block(array[i]);
    RtlFreeHeap(process_heap(), 0, array - 1);
}

void call_tls_callbacks(LoaderModule* module, ULONG reason) {
    if (!module->has_tls || !module->tls.callback_count)
        return;
    PVOID base = module->entry.DllBase;
    (void)pe::for_each_tls_callback(module->image, module->tls, [&](u64 va) -> ErrorOr<void> {
        if (g_ldr_trace)
            DiagnosticLine()
                .text("[ldr] tls callback ")
                .wide(base_name(module))
                .text(" ")
                .hex(va)
                .text(" reason ")
                .decimal(reason)
                .emit();
        reinterpret_cast<PIMAGE_TLS_CALLBACK>(va)(base, reason, nullptr);
        return {};
    });
}

} // namespace halcyon::ntdll
