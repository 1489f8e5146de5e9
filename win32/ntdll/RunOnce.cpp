// One-time initialisation (RTL_RUN_ONCE, kernel32's INIT_ONCE): one pointer-sized word.
//
//   0                    not initialised
//   kInProgress          a thread is initialising (synchronous mode)
//   context | kDone      initialised; the context's low RTL_RUN_ONCE_CTX_RESERVED_BITS are zero
//
// Threads that find an initialisation in progress sleep on the word until it completes or fails.
//
// FIXME: RTL_RUN_ONCE_ASYNC (several threads initialising concurrently, the first completion
// winning) is refused with STATUS_INVALID_PARAMETER.

#include "Ntdll.h"

using namespace halcyon;
using namespace halcyon::ntdll;

namespace {

constexpr uintptr_t kInProgress = 1;
constexpr uintptr_t kDone = 2;
constexpr uintptr_t kStateMask = 3;

volatile uintptr_t* word(PRTL_RUN_ONCE once) {
    return reinterpret_cast<volatile uintptr_t*>(&once->Ptr);
}

} // namespace

extern "C" {

void NTAPI RtlRunOnceInitialize(PRTL_RUN_ONCE once) {
    once->Ptr = nullptr;
}

NTSTATUS NTAPI RtlRunOnceBeginInitialize(PRTL_RUN_ONCE once, ULONG flags, PVOID* context) {
    if (flags & ~(RTL_RUN_ONCE_CHECK_ONLY | RTL_RUN_ONCE_ASYNC))
        return STATUS_INVALID_PARAMETER;
    if (flags & RTL_RUN_ONCE_ASYNC)
        return STATUS_INVALID_PARAMETER; // see FIXME above
    volatile uintptr_t* w = word(once);
    for (;;) {
        uintptr_t value = __atomic_load_n(w, __ATOMIC_ACQUIRE);
        if ((value & kStateMask) == kDone) {
            if (context)
                *context = reinterpret_cast<PVOID>(value & ~kStateMask);
            return STATUS_SUCCESS;
        }
        if (flags & RTL_RUN_ONCE_CHECK_ONLY)
            return STATUS_UNSUCCESSFUL;
        if (value == 0) {
            if (__atomic_compare_exchange_n(w, &value, kInProgress, false, __ATOMIC_ACQUIRE,
                                            __ATOMIC_RELAXED))
                return STATUS_PENDING;
            continue;
        }
        RtlWaitOnAddress(w, &value, sizeof value, nullptr);
    }
}

NTSTATUS NTAPI RtlRunOnceComplete(PRTL_RUN_ONCE once, ULONG flags, PVOID context) {
    if (flags & ~(RTL_RUN_ONCE_ASYNC | RTL_RUN_ONCE_INIT_FAILED))
        return STATUS_INVALID_PARAMETER;
    if (flags & RTL_RUN_ONCE_ASYNC)
        return STATUS_INVALID_PARAMETER; // see FIXME above
    uintptr_t bits = reinterpret_cast<uintptr_t>(context);
    if (bits & kStateMask)
        return STATUS_INVALID_PARAMETER;
    if ((flags & RTL_RUN_ONCE_INIT_FAILED) && context)
        return STATUS_INVALID_PARAMETER;
    volatile uintptr_t* w = word(once);
    uintptr_t expected = kInProgress;
    uintptr_t next = (flags & RTL_RUN_ONCE_INIT_FAILED) ? 0 : (bits | kDone);
    if (!__atomic_compare_exchange_n(w, &expected, next, false, __ATOMIC_RELEASE, __ATOMIC_RELAXED))
        return STATUS_UNSUCCESSFUL;
    RtlWakeAddressAll(const_cast<uintptr_t*>(w));
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlRunOnceExecuteOnce(PRTL_RUN_ONCE once, PRTL_RUN_ONCE_INIT_FN function, PVOID parameter,
                                     PVOID* context) {
    NTSTATUS status = RtlRunOnceBeginInitialize(once, 0, context);
    if (status != STATUS_PENDING)
        return status;
    PVOID result = nullptr;
    if (!function(once, parameter, &result)) {
        RtlRunOnceComplete(once, RTL_RUN_ONCE_INIT_FAILED, nullptr);
        return STATUS_UNSUCCESSFUL;
    }
    status = RtlRunOnceComplete(once, 0, result);
    if (NT_SUCCESS(status) && context)
        *context = result;
    return status;
}

} // extern "C"
