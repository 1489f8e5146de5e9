// Thread-local storage slots: TlsAlloc/TlsFree/TlsGetValue/TlsSetValue. Slots live in the TEB
// (TlsSlots at 0x1480); which are allocated is a 64-bit bitmap in the PEB (TlsBitmapBits at 0x80),
// updated with atomic operations so no lock is needed.
// FIXME: the 1024 expansion slots (TEB TlsExpansionSlots) are not supported: TlsAlloc fails with
// ERROR_NO_MORE_ITEMS after 64 slots (TLS_MINIMUM_AVAILABLE).

#include "win32/kernelbase/KernelBase.h"
#include "win32/kernelbase/NtInformation.h"

using namespace halcyon;
using namespace halcyon::kernelbase;

namespace {

constexpr DWORD kSlotCount = TLS_MINIMUM_AVAILABLE;

halcyon::u32* bitmap_word(DWORD index) { return &peb()->tls_bitmap_bits[index / 32]; }

} // namespace

extern "C" {

DWORD WINAPI TlsAlloc(void) {
    for (DWORD index = 0; index < kSlotCount; ++index) {
        halcyon::u32* word = bitmap_word(index);
        halcyon::u32 bit = 1u << (index % 32);
        halcyon::u32 old = __atomic_fetch_or(word, bit, __ATOMIC_ACQ_REL);
        if (old & bit)
            continue;
        // A recycled slot must read as NULL; TlsFree cleared it in every thread.
        teb()->tls_slots[index] = 0;
        return index;
    }
    set_last_error(ERROR_NO_MORE_ITEMS);
    return TLS_OUT_OF_INDEXES;
}

BOOL WINAPI TlsFree(DWORD index) {
    if (index >= kSlotCount) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    halcyon::u32 bit = 1u << (index % 32);
    if (!(__atomic_load_n(bitmap_word(index), __ATOMIC_ACQUIRE) & bit)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    // Windows clears the slot in every thread (NtSetInformationThread ThreadZeroTlsCell) before
    // releasing the index. If the kernel cannot, at least this thread's copy is cleared.
    ULONG cell = index;
    NtSetInformationThread(current_thread_handle(), halcyon::kernelbase::nt::kThreadZeroTlsCell, &cell, sizeof(cell));
    teb()->tls_slots[index] = 0;
    __atomic_fetch_and(bitmap_word(index), ~bit, __ATOMIC_ACQ_REL);
    return TRUE;
}

LPVOID WINAPI TlsGetValue(DWORD index) {
    if (index >= kSlotCount) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return nullptr;
    }
    // Callers tell a stored NULL from failure by LastError, so success clears it.
    set_last_error(ERROR_SUCCESS);
    return reinterpret_cast<LPVOID>(teb()->tls_slots[index]);
}

BOOL WINAPI TlsSetValue(DWORD index, LPVOID value) {
    if (index >= kSlotCount) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    teb()->tls_slots[index] = reinterpret_cast<halcyon::u64>(value);
    return TRUE;
}

} // extern "C"
