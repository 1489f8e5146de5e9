// Exception dispatch and unwinding for x64 ([ms-x64] "x64 exception handling"):
//
// - An exception, raised in software (RtlRaiseException) or by the CPU (the kernel sends the
//   thread to KiUserExceptionDispatcher with its CONTEXT), goes first to the vectored handlers,
//   then to the language handlers of the frames on the stack, innermost first, found through
//   each function's unwind information (Unwind.cpp).
// - A handler that takes the exception unwinds to its frame with RtlUnwindEx: the handlers of the
//   frames in between run again with EXCEPTION_UNWINDING (destructors, __finally), and execution
//   continues at the target with RtlRestoreContext.
// - Nobody takes it: the unhandled-exception filter (kernelbase's UnhandledExceptionFilter,
//   registered through RtlSetUnhandledExceptionFilter) decides, and the process ends with the
//   exception code, as on Windows where the thread's start frame has that filter as handler.
//
// __C_specific_handler (the language handler of C __try/__except/__finally) lives here as well.

#include "Loader.h"
#include "halcyon/ntseh.h"


namespace halcyon::ntdll {

namespace {

constexpr NTSTATUS kStatusNoncontinuableException = static_cast<NTSTATUS>(0xC0000025);
constexpr NTSTATUS kStatusInvalidDisposition = static_cast<NTSTATUS>(0xC0000026);
constexpr NTSTATUS kStatusUnwind = static_cast<NTSTATUS>(0xC0000027);
constexpr NTSTATUS kStatusBadStack = static_cast<NTSTATUS>(0xC0000028);
constexpr NTSTATUS kStatusInvalidUnwindTarget = static_cast<NTSTATUS>(0xC0000029);
constexpr LONG kExceptionContinueExecution = -1;
constexpr LONG kExceptionExecuteHandler = 1;

// ---- Vectored handlers -------------------------------------------------------------------

struct VectoredHandler {
    LIST_ENTRY links;
    PVECTORED_EXCEPTION_HANDLER handler; // encoded would be safer; plain for now
    ULONG references;
};

LIST_ENTRY g_vectored_handlers = {&g_vectored_handlers, &g_vectored_handlers};
RTL_CRITICAL_SECTION g_vectored_lock_storage; // initialised by initialize_exceptions
PRTL_UNHANDLED_EXCEPTION_FILTER g_unhandled_filter;

RTL_CRITICAL_SECTION& vectored_lock() { return g_vectored_lock_storage; }

bool call_vectored_handlers(PEXCEPTION_RECORD record, PCONTEXT context) {
    if (g_vectored_handlers.Flink == &g_vectored_handlers)
        return false;
    EXCEPTION_POINTERS pointers{record, context};
    RtlEnterCriticalSection(&vectored_lock());
    bool handled = false;
    for (LIST_ENTRY* link = g_vectored_handlers.Flink; link != &g_vectored_handlers; link = link->Flink) {
        auto* entry = CONTAINING_RECORD(link, VectoredHandler, links);
        ++entry->references;
        RtlLeaveCriticalSection(&vectored_lock());
        LONG verdict = entry->handler(&pointers);
        RtlEnterCriticalSection(&vectored_lock());
        --entry->references;
        if (verdict == kExceptionContinueExecution) {
            handled = true;
            break;
        }
    }
    RtlLeaveCriticalSection(&vectored_lock());
    return handled;
}

// ---- Frames ------------------------------------------------------------------------------

bool frame_in_stack(ULONGLONG frame) {
    abi::Teb* teb = current_teb();
    return (frame & 7) == 0 && frame >= teb->stack_limit && frame <= teb->stack_base;
}

[[noreturn]] void raise_status(NTSTATUS status, PEXCEPTION_RECORD nested);

/// A function without unwind information is a leaf: nothing pushed, the return address at rsp.
void unwind_leaf(CONTEXT& context) {
    context.Rip = *reinterpret_cast<ULONGLONG*>(context.Rsp);
    context.Rsp += 8;
}

/// Unwinds `context` by one frame without calling handlers. False at the end of the stack.
bool unwind_one(CONTEXT& context) {
    ULONGLONG base = 0;
    PRUNTIME_FUNCTION function = RtlLookupFunctionEntry(context.Rip, &base, nullptr);
    if (function) {
        PVOID data;
        ULONGLONG frame;
        RtlVirtualUnwind(UNW_FLAG_NHANDLER, base, context.Rip, function, &context, &data, &frame, nullptr);
    } else {
        unwind_leaf(context);
    }
    return context.Rip != 0 && frame_in_stack(context.Rsp);
}

/// Walks the frames from `original`, calling each language handler (UNW_FLAG_EHANDLER). True
/// when one chose to continue execution (with `original`, which it may have changed).
bool dispatch_to_frames(PEXCEPTION_RECORD record, PCONTEXT original) {
    alignas(16) CONTEXT context = *original;
    for (int depth = 0; depth < 100000; ++depth) {
        ULONGLONG control_pc = context.Rip;
        ULONGLONG base = 0;
        PRUNTIME_FUNCTION function = RtlLookupFunctionEntry(control_pc, &base, nullptr);
        if (!function) {
            if (!frame_in_stack(context.Rsp))
                return false;
            unwind_leaf(context);
            if (context.Rip == 0)
                return false;
            continue;
        }
        PVOID handler_data = nullptr;
        ULONGLONG establisher = 0;
        PEXCEPTION_ROUTINE handler = RtlVirtualUnwind(UNW_FLAG_EHANDLER, base, control_pc, function, &context,
                                                      &handler_data, &establisher, nullptr);
        if (!frame_in_stack(establisher)) {
            record->ExceptionFlags |= EXCEPTION_STACK_INVALID;
            return false;
        }
        if (handler) {
            DISPATCHER_CONTEXT dispatch{};
            dispatch.ControlPc = control_pc;
            dispatch.ImageBase = base;
            dispatch.FunctionEntry = function;
            dispatch.EstablisherFrame = establisher;
            dispatch.ContextRecord = original;
            dispatch.LanguageHandler = handler;
            dispatch.HandlerData = handler_data;
            EXCEPTION_DISPOSITION disposition =
                handler(record, reinterpret_cast<PVOID>(establisher), original, &dispatch);
            record->ExceptionFlags &= ~EXCEPTION_NESTED_CALL;
            switch (disposition) {
            case ExceptionContinueExecution:
                if (record->ExceptionFlags & EXCEPTION_NONCONTINUABLE)
                    raise_status(kStatusNoncontinuableException, record);
                return true;
            case ExceptionContinueSearch:
                break;
            case ExceptionNestedException:
                record->ExceptionFlags |= EXCEPTION_NESTED_CALL;
                break;
            default:
                raise_status(kStatusInvalidDisposition, record);
            }
        }
        if (context.Rip == 0 || !frame_in_stack(context.Rsp))
            return false;
    }
    return false;
}

/// The end of the road for an exception nobody handled: the unhandled-exception filter, then
/// the process ends with the exception code.
[[noreturn]] void unhandled(PEXCEPTION_RECORD record, PCONTEXT context) {
    EXCEPTION_POINTERS pointers{record, context};
    PRTL_UNHANDLED_EXCEPTION_FILTER filter = __atomic_load_n(&g_unhandled_filter, __ATOMIC_ACQUIRE);
    if (filter && filter(&pointers) == kExceptionContinueExecution)
        RtlRestoreContext(context, nullptr);
    if (!filter) {
        DiagnosticLine line;
        error_line(line)
            .text("unhandled exception ")
            .hex(record->ExceptionCode)
            .text(" at ")
            .hex(reinterpret_cast<uint64_t>(record->ExceptionAddress))
            .emit();
    }
    NtTerminateProcess(NtCurrentProcess(), static_cast<NTSTATUS>(record->ExceptionCode));
    for (;;)
        NtTerminateProcess(NtCurrentProcess(), static_cast<NTSTATUS>(record->ExceptionCode));
}

/// Dispatches and, when a handler says so, continues with the (possibly changed) context.
[[noreturn]] void dispatch_or_end(PEXCEPTION_RECORD record, PCONTEXT context) {
    if (RtlDispatchException(record, context))
        RtlRestoreContext(context, nullptr);
    unhandled(record, context);
}

[[noreturn]] void raise_status(NTSTATUS status, PEXCEPTION_RECORD nested) {
    EXCEPTION_RECORD record{};
    record.ExceptionCode = static_cast<ULONG>(status);
    record.ExceptionFlags = EXCEPTION_NONCONTINUABLE;
    record.ExceptionRecord = nested;
    RtlRaiseException(&record);
    for (;;)
        NtTerminateProcess(NtCurrentProcess(), status);
}

} // namespace

void initialize_exceptions() { RtlInitializeCriticalSection(&g_vectored_lock_storage); }

} // namespace halcyon::ntdll

using namespace halcyon::ntdll;

extern "C" {

BOOLEAN NTAPI RtlDispatchException(PEXCEPTION_RECORD record, PCONTEXT context) {
    if (call_vectored_handlers(record, context))
        return TRUE;
    return dispatch_to_frames(record, context) ? TRUE : FALSE;
}

/// Called by KiUserExceptionDispatcher (Context.S) on the frame the kernel built.
[[noreturn]] void halcyon_dispatch_user_exception(PEXCEPTION_RECORD record, PCONTEXT context) {
    dispatch_or_end(record, context);
}

void NTAPI RtlRaiseException(PEXCEPTION_RECORD record) {
    alignas(16) CONTEXT context;
    RtlCaptureContext(&context);
    // Report the exception at our caller, with our caller's registers: unwind this frame.
    unwind_one(context);
    record->ExceptionAddress = reinterpret_cast<PVOID>(context.Rip);
    if (RtlDispatchException(record, &context)) {
        // A handler continues execution: with a context it may have changed; unchanged, that
        // returns from this call.
        RtlRestoreContext(&context, nullptr);
    }
    unhandled(record, &context);
}

__attribute__((noreturn)) void NTAPI RtlRaiseStatus(NTSTATUS status) {
    EXCEPTION_RECORD record{};
    record.ExceptionCode = static_cast<ULONG>(status);
    record.ExceptionFlags = EXCEPTION_NONCONTINUABLE;
    RtlRaiseException(&record);
    for (;;)
        NtTerminateProcess(NtCurrentProcess(), status);
}

void NTAPI RtlUnwindEx(PVOID target_frame, PVOID target_ip, PEXCEPTION_RECORD record, PVOID return_value,
                       PCONTEXT original_context, PUNWIND_HISTORY_TABLE history) {
    (void)original_context;
    (void)history;
    alignas(16) CONTEXT context;
    RtlCaptureContext(&context);
    EXCEPTION_RECORD local{};
    if (!record) {
        local.ExceptionCode = static_cast<ULONG>(kStatusUnwind);
        local.ExceptionAddress = reinterpret_cast<PVOID>(context.Rip);
        record = &local;
    }
    record->ExceptionFlags |= EXCEPTION_UNWINDING;
    if (!target_frame)
        record->ExceptionFlags |= EXCEPTION_EXIT_UNWIND;
    auto target = reinterpret_cast<ULONGLONG>(target_frame);

    for (int depth = 0; depth < 100000; ++depth) {
        ULONGLONG control_pc = context.Rip;
        ULONGLONG base = 0;
        PRUNTIME_FUNCTION function = RtlLookupFunctionEntry(control_pc, &base, nullptr);
        alignas(16) CONTEXT caller = context;
        ULONGLONG establisher = caller.Rsp;
        PEXCEPTION_ROUTINE handler = nullptr;
        PVOID handler_data = nullptr;
        if (function) {
            handler = RtlVirtualUnwind(UNW_FLAG_UHANDLER, base, control_pc, function, &caller, &handler_data,
                                       &establisher, nullptr);
        } else {
            unwind_leaf(caller);
        }
        if (!frame_in_stack(establisher) || (target && establisher > target))
            raise_status(target && establisher > target ? kStatusInvalidUnwindTarget : kStatusBadStack, record);
        if (handler) {
            if (establisher == target)
                record->ExceptionFlags |= EXCEPTION_TARGET_UNWIND;
            DISPATCHER_CONTEXT dispatch{};
            dispatch.ControlPc = control_pc;
            dispatch.ImageBase = base;
            dispatch.FunctionEntry = function;
            dispatch.EstablisherFrame = establisher;
            dispatch.TargetIp = reinterpret_cast<ULONGLONG>(target_ip);
            dispatch.ContextRecord = &context;
            dispatch.LanguageHandler = handler;
            dispatch.HandlerData = handler_data;
            dispatch.HistoryTable = history;
            EXCEPTION_DISPOSITION disposition =
                handler(record, reinterpret_cast<PVOID>(establisher), &context, &dispatch);
            record->ExceptionFlags &= ~(EXCEPTION_TARGET_UNWIND | EXCEPTION_COLLIDED_UNWIND);
            // FIXME: ExceptionCollidedUnwind (an unwind started inside a termination handler)
            // should resume the earlier unwind from the dispatcher context it left.
            if (disposition != ExceptionContinueSearch && disposition != ExceptionCollidedUnwind)
                raise_status(kStatusInvalidDisposition, record);
        }
        if (establisher == target)
            break;
        context = caller;
        if (context.Rip == 0) {
            if (target)
                raise_status(kStatusInvalidUnwindTarget, record);
            NtTerminateProcess(NtCurrentProcess(), static_cast<NTSTATUS>(record->ExceptionCode));
        }
    }
    context.Rax = reinterpret_cast<ULONGLONG>(return_value);
    context.Rip = reinterpret_cast<ULONGLONG>(target_ip);
    RtlRestoreContext(&context, record);
}

void NTAPI RtlUnwind(PVOID target_frame, PVOID target_ip, PEXCEPTION_RECORD record, PVOID return_value) {
    alignas(16) CONTEXT context;
    RtlUnwindEx(target_frame, target_ip, record, return_value, &context, nullptr);
}

PVOID NTAPI RtlAddVectoredExceptionHandler(ULONG first, PVECTORED_EXCEPTION_HANDLER handler) {
    auto* entry = static_cast<VectoredHandler*>(RtlAllocateHeap(process_heap(), 0, sizeof(VectoredHandler)));
    if (!entry)
        return nullptr;
    entry->handler = handler;
    entry->references = 0;
    RtlEnterCriticalSection(&vectored_lock());
    LIST_ENTRY* head = &g_vectored_handlers;
    if (first) {
        entry->links.Flink = head->Flink;
        entry->links.Blink = head;
        head->Flink->Blink = &entry->links;
        head->Flink = &entry->links;
    } else {
        entry->links.Blink = head->Blink;
        entry->links.Flink = head;
        head->Blink->Flink = &entry->links;
        head->Blink = &entry->links;
    }
    RtlLeaveCriticalSection(&vectored_lock());
    return entry;
}

ULONG NTAPI RtlRemoveVectoredExceptionHandler(PVOID cookie) {
    RtlEnterCriticalSection(&vectored_lock());
    bool found = false;
    for (LIST_ENTRY* link = g_vectored_handlers.Flink; link != &g_vectored_handlers; link = link->Flink) {
        if (link == &static_cast<VectoredHandler*>(cookie)->links) {
            found = true;
            break;
        }
    }
    if (found) {
        auto* entry = static_cast<VectoredHandler*>(cookie);
        entry->links.Blink->Flink = entry->links.Flink;
        entry->links.Flink->Blink = entry->links.Blink;
        // FIXME: a handler running on another thread right now (references > 0) is freed under
        // it; Windows waits for it.
    }
    RtlLeaveCriticalSection(&vectored_lock());
    if (found)
        RtlFreeHeap(process_heap(), 0, cookie);
    return found ? 1 : 0;
}

void NTAPI RtlSetUnhandledExceptionFilter(PRTL_UNHANDLED_EXCEPTION_FILTER filter) {
    __atomic_store_n(&g_unhandled_filter, filter, __ATOMIC_RELEASE);
}

/// The language handler of functions with __try blocks. The scope table lists, per guarded
/// range, either a filter and the __except block's address (JumpTarget), or a __finally block
/// (JumpTarget 0). HandlerAddress 1 is the constant filter EXCEPTION_EXECUTE_HANDLER.
EXCEPTION_DISPOSITION __C_specific_handler(PEXCEPTION_RECORD record, PVOID establisher_frame, PCONTEXT context,
                                           PDISPATCHER_CONTEXT dispatch) {
    auto* scopes = static_cast<const SCOPE_TABLE_AMD64*>(dispatch->HandlerData);
    ULONGLONG base = dispatch->ImageBase;
    auto pc = static_cast<ULONG>(dispatch->ControlPc - base);
    if (!(record->ExceptionFlags & EXCEPTION_UNWIND)) {
        EXCEPTION_POINTERS pointers{record, context};
        for (ULONG i = dispatch->ScopeIndex; i < scopes->Count; ++i) {
            const auto& scope = scopes->ScopeRecord[i];
            if (pc < scope.BeginAddress || pc >= scope.EndAddress || scope.JumpTarget == 0)
                continue;
            LONG verdict = kExceptionExecuteHandler;
            if (scope.HandlerAddress != 1) {
                auto filter = reinterpret_cast<LONG (*)(PEXCEPTION_POINTERS, PVOID)>(base + scope.HandlerAddress);
                verdict = filter(&pointers, establisher_frame);
            }
            if (verdict < 0)
                return ExceptionContinueExecution;
            if (verdict > 0) {
                // Run the __finally blocks and destructors in between, then the __except block.
                RtlUnwindEx(establisher_frame, reinterpret_cast<PVOID>(base + scope.JumpTarget), record,
                            reinterpret_cast<PVOID>(static_cast<ULONG_PTR>(record->ExceptionCode)),
                            dispatch->ContextRecord, dispatch->HistoryTable);
            }
        }
        return ExceptionContinueSearch;
    }
    // Unwinding: run the __finally blocks of scopes that contain pc, innermost first; at the
    // target frame, stop at the scope of the __except block the unwind is heading for.
    auto target = static_cast<ULONG>(dispatch->TargetIp - base);
    for (ULONG i = dispatch->ScopeIndex; i < scopes->Count; ++i) {
        const auto& scope = scopes->ScopeRecord[i];
        if (pc < scope.BeginAddress || pc >= scope.EndAddress)
            continue;
        if ((record->ExceptionFlags & EXCEPTION_TARGET_UNWIND) && scope.JumpTarget == target)
            break;
        if (scope.JumpTarget != 0)
            continue;
        dispatch->ScopeIndex = i + 1;
        auto finally_block = reinterpret_cast<void (*)(BOOLEAN, PVOID)>(base + scope.HandlerAddress);
        finally_block(TRUE, establisher_frame);
    }
    return ExceptionContinueSearch;
}

} // extern "C"
