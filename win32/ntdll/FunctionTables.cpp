// Dynamic function tables (RtlAddFunctionTable, RtlInstallFunctionTableCallback,
// RtlDeleteFunctionTable): unwind information for code outside every image, such as a JIT's,
// which RtlLookupFunctionEntry (Unwind.cpp) consults when no loaded module covers an address,
// so exceptions and back-traces can unwind through that code. And RtlCaptureStackBackTrace,
// which walks the caller's stack with the same unwinder.

#include "Ntdll.h"
#include "halcyon/ntrtlutil.h"

namespace halcyon::ntdll {

namespace {

/// One registered table: either `count` RUNTIME_FUNCTIONs relative to `base`, or a callback
/// that produces the entry for any address in [`begin`, `end`).
struct DynamicTable {
    DynamicTable* next;
    PRUNTIME_FUNCTION table; // the caller's table, or its identifier for a callback table
    ULONG count;
    ULONGLONG base;
    ULONGLONG begin;
    ULONGLONG end;
    PGET_RUNTIME_FUNCTION_CALLBACK callback;
    PVOID context;
};

RTL_SRWLOCK g_tables_lock;
DynamicTable* g_tables;

/// Callback tables are named by an identifier whose two low bits are set ([ms] RtlInstall...).
constexpr ULONGLONG kCallbackIdentifierTag = 3;

bool insert(const DynamicTable& entry) {
    auto* node = static_cast<DynamicTable*>(RtlAllocateHeap(process_heap(), 0, sizeof(DynamicTable)));
    if (!node)
        return false;
    *node = entry;
    RtlAcquireSRWLockExclusive(&g_tables_lock);
    node->next = g_tables;
    g_tables = node;
    RtlReleaseSRWLockExclusive(&g_tables_lock);
    return true;
}

bool frame_in_stack(ULONGLONG frame) {
    abi::Teb* teb = current_teb();
    return (frame & 7) == 0 && frame >= teb->stack_limit && frame <= teb->stack_base;
}

} // namespace

} // namespace halcyon::ntdll

using namespace halcyon::ntdll;

extern "C" {

BOOLEAN NTAPI RtlAddFunctionTable(PRUNTIME_FUNCTION table, ULONG count, ULONGLONG base) {
    if (!table || !count)
        return FALSE;
    // The range the table covers: the lowest start to the highest end (entries need not be sorted).
    ULONG low = table[0].BeginAddress, high = table[0].EndAddress;
    for (ULONG i = 1; i < count; ++i) {
        if (table[i].BeginAddress < low)
            low = table[i].BeginAddress;
        if (table[i].EndAddress > high)
            high = table[i].EndAddress;
    }
    return insert({nullptr, table, count, base, base + low, base + high, nullptr, nullptr});
}

BOOLEAN NTAPI RtlInstallFunctionTableCallback(ULONGLONG table_identifier, ULONGLONG base, ULONG length,
                                              PGET_RUNTIME_FUNCTION_CALLBACK callback, PVOID context,
                                              PCWSTR out_of_process_dll) {
    (void)out_of_process_dll; // only debuggers load it, to unwind this process from outside
    if ((table_identifier & kCallbackIdentifierTag) != kCallbackIdentifierTag || !callback || !length)
        return FALSE;
    return insert({nullptr, reinterpret_cast<PRUNTIME_FUNCTION>(table_identifier), 0, base, base, base + length,
                   callback, context});
}

BOOLEAN NTAPI RtlDeleteFunctionTable(PRUNTIME_FUNCTION table) {
    RtlAcquireSRWLockExclusive(&g_tables_lock);
    DynamicTable* found = nullptr;
    for (DynamicTable** link = &g_tables; *link; link = &(*link)->next) {
        if ((*link)->table == table) {
            found = *link;
            *link = found->next;
            break;
        }
    }
    RtlReleaseSRWLockExclusive(&g_tables_lock);
    if (!found)
        return FALSE;
    RtlFreeHeap(process_heap(), 0, found);
    return TRUE;
}

PRUNTIME_FUNCTION halcyon_lookup_dynamic_function(ULONGLONG control_pc, PULONGLONG image_base) {
    PRUNTIME_FUNCTION result = nullptr;
    PGET_RUNTIME_FUNCTION_CALLBACK callback = nullptr;
    PVOID context = nullptr;
    RtlAcquireSRWLockShared(&g_tables_lock);
    for (DynamicTable* entry = g_tables; entry; entry = entry->next) {
        if (control_pc < entry->begin || control_pc >= entry->end)
            continue;
        *image_base = entry->base;
        if (entry->callback) {
            callback = entry->callback;
            context = entry->context;
            break;
        }
        auto rva = static_cast<ULONG>(control_pc - entry->base);
        for (ULONG i = 0; i < entry->count; ++i) {
            if (rva >= entry->table[i].BeginAddress && rva < entry->table[i].EndAddress) {
                result = &entry->table[i];
                break;
            }
        }
        if (result)
            break;
    }
    RtlReleaseSRWLockShared(&g_tables_lock);
    // The callback runs without the lock: it may itself add or delete tables.
    if (callback)
        result = callback(control_pc, context);
    // An odd UnwindData points at the primary entry this one shares its unwind data with.
    if (result && (result->UnwindData & 1))
        result = reinterpret_cast<PRUNTIME_FUNCTION>(*image_base + (result->UnwindData & ~1u));
    return result;
}

USHORT NTAPI RtlCaptureStackBackTrace(ULONG frames_to_skip, ULONG frames_to_capture, PVOID* back_trace,
                                      PULONG back_trace_hash) {
    alignas(16) CONTEXT context;
    RtlCaptureContext(&context);
    ULONG hash = 0;
    USHORT captured = 0;
    // Frame 0 is this function's caller: one unwind step leaves this function's own frame.
    for (ULONG depth = 0; captured < frames_to_capture && depth < 0x10000; ++depth) {
        ULONGLONG base = 0;
        PRUNTIME_FUNCTION function = RtlLookupFunctionEntry(context.Rip, &base, nullptr);
        if (function) {
            PVOID data;
            ULONGLONG frame;
            RtlVirtualUnwind(UNW_FLAG_NHANDLER, base, context.Rip, function, &context, &data, &frame, nullptr);
        } else {
            // A leaf: nothing pushed, the return address at rsp.
            if (!frame_in_stack(context.Rsp))
                break;
            context.Rip = *reinterpret_cast<ULONGLONG*>(context.Rsp);
            context.Rsp += 8;
        }
        if (!context.Rip || !frame_in_stack(context.Rsp))
            break;
        if (depth < frames_to_skip)
            continue;
        back_trace[captured++] = reinterpret_cast<PVOID>(context.Rip);
        hash += static_cast<ULONG>(context.Rip);
    }
    if (back_trace_hash)
        *back_trace_hash = hash;
    return captured;
}

} // extern "C"
