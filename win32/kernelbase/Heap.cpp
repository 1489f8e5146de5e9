// Heaps on ntdll's Rtl heap. kernel32 forwards HeapAlloc/HeapReAlloc/HeapSize straight to ntdll
// as Windows does; the functions here are those whose Win32 contract differs from the Rtl one
// (BOOL vs BOOLEAN results, LastError, option translation).

#include "win32/kernelbase/KernelBase.h"

using namespace halcyon;
using namespace halcyon::kernelbase;

extern "C" {

HANDLE WINAPI GetProcessHeap(void) { return process_heap(); }

HANDLE WINAPI HeapCreate(DWORD options, SIZE_T initial_size, SIZE_T maximum_size) {
    ULONG flags = options & (HEAP_GENERATE_EXCEPTIONS | HEAP_NO_SERIALIZE | HEAP_CREATE_ENABLE_EXECUTE);
    // A maximum of zero means "growable", as documented for HeapCreate.
    if (maximum_size == 0)
        flags |= HEAP_GROWABLE;
    HANDLE heap = RtlCreateHeap(flags, nullptr, maximum_size, initial_size, nullptr, nullptr);
    if (!heap)
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
    return heap;
}

BOOL WINAPI HeapDestroy(HANDLE heap) {
    // RtlDestroyHeap returns NULL on success and the heap itself when it refused.
    if (RtlDestroyHeap(heap)) {
        set_last_error(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    return TRUE;
}

BOOL WINAPI HeapFree(HANDLE heap, DWORD flags, LPVOID memory) {
    // RtlFreeHeap returns a BOOLEAN: widen it instead of forwarding, so callers testing the full
    // BOOL never see stale upper bits.
    if (RtlFreeHeap(heap, flags, memory))
        return TRUE;
    set_last_error(ERROR_INVALID_PARAMETER);
    return FALSE;
}

HLOCAL WINAPI LocalAlloc(UINT flags, SIZE_T bytes) {
    // FIXME: only fixed memory (LMEM_FIXED); movable blocks need handle tables and LocalLock.
    if (flags & ~LMEM_ZEROINIT) {
        set_last_error(ERROR_NOT_SUPPORTED);
        return nullptr;
    }
    void* memory = RtlAllocateHeap(process_heap(), (flags & LMEM_ZEROINIT) ? HEAP_ZERO_MEMORY : 0, bytes);
    if (!memory)
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
    return memory;
}

HLOCAL WINAPI LocalFree(HLOCAL memory) {
    if (!memory || RtlFreeHeap(process_heap(), 0, memory))
        return nullptr;
    set_last_error(ERROR_INVALID_HANDLE);
    return memory;
}

HGLOBAL WINAPI GlobalAlloc(UINT flags, SIZE_T bytes) { return LocalAlloc(flags, bytes); }

HGLOBAL WINAPI GlobalFree(HGLOBAL memory) { return LocalFree(memory); }

} // extern "C"
