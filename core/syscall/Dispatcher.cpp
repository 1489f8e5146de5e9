// The system-call dispatcher and the user-fault entry: the two ways user mode enters the kernel.

#include "core/abi/UserAbi.h"
#include "core/ke/Entry.h"
#include "core/ke/Kernel.h"
#include "core/ps/Apc.h"
#include "core/ps/Scheduler.h"
#include "core/ps/Thread.h"
#include "core/syscall/Observer.h"
#include "core/syscall/SyscallTable.gen.h"
#include "core/syscall/UserAccess.h"

namespace halcyon::kernel {

namespace {

SystemCallObserver s_observer;
void* s_observer_context;
// FIXME: one CPU; with SMP this becomes per-CPU state.
u64 s_system_call_redirect;

/// The stack pointer a system call returns to user mode with (the stub's, after its call of
/// the gate returned), from the address of its fifth argument.
constexpr u64 kStubRspFromStackArgs = abi::kGateStackArgsOffset - 8;

void notify_observer(u32 number, const u64* arguments, u32 count, NtStatus result) {
    if (s_observer)
        s_observer(SystemCallRecord{number, arguments, count, result}, s_observer_context);
}

/// The way back to user mode: a thread asked to end ends here, where no service frame holds
/// references any more; otherwise a pending timer tick may hand the CPU to another thread.
void leave_kernel(ps::Thread& thread) {
    if (thread.termination_requested())
        ps::exit_current_thread(thread.requested_exit_status());
    ps::scheduler::preemption_point();
    if (thread.termination_requested())
        ps::exit_current_thread(thread.requested_exit_status());
}

} // namespace

void set_system_call_observer(SystemCallObserver observer, void* context) {
    s_observer = observer;
    s_observer_context = context;
}

u64 on_system_call(u32 number, u64 arg1, u64 arg2, u64 arg3, u64 arg4, u64 stack_args) {
    ps::Thread* thread = ps::Thread::current();
    if (!thread)
        return status::InvalidSystemService.value;
    if (number >= sys::kSyscallTableSize || !sys::kSyscallTable[number].thunk) {
        log("[sys] pid={} unknown system service {:#x}", thread->process().pid(), number);
        notify_observer(number, nullptr, 0, status::InvalidSystemService);
        leave_kernel(*thread);
        return status::InvalidSystemService.value;
    }
    const sys::SyscallDescriptor& service = sys::kSyscallTable[number];
    u64 arguments[abi::kMaxSystemCallArguments] = {arg1, arg2, arg3, arg4};
    if (service.argument_count > 4) {
        auto copied = user::copy_from(&arguments[4], stack_args, (service.argument_count - 4) * sizeof(u64));
        if (copied.is_error()) {
            notify_observer(number, arguments, 4, status::AccessViolation);
            leave_kernel(*thread);
            return status::AccessViolation.value;
        }
    }
    SyscallContext context{thread->process(), *thread};
    NtStatus result = service.thunk(context, arguments);
    if (options().trace) {
        char line[400];
        FormatBuffer out(line, sizeof line);
        char head[96];
        format_to(head, sizeof head, "[sys] {}(", service.name);
        out.append(head);
        for (u32 i = 0; i < service.argument_count; ++i) {
            if (i)
                out.append(", ");
            out.append("0x");
            out.append_unsigned(arguments[i], 16, 0, ' ', false);
        }
        out.append(") = ");
        out.append(result.name());
        out.append('\n');
        hal::Console::log(out.view());
    }
    notify_observer(number, arguments, service.argument_count, result);
    leave_kernel(*thread);
    s_system_call_redirect = ps::prepare_user_apc_delivery(*thread, stack_args - kStubRspFromStackArgs);
    return result.value;
}

u64 take_system_call_redirect() { return exchange(s_system_call_redirect, u64{0}); }

namespace {

constexpr u32 kStatusStackOverflow = 0xC00000FD;

/// Builds the exception frame on the user stack and points `context` at the guest's
/// dispatcher. False when the process has none or the stack cannot take the frame (stack
/// overflow): then the exception ends the process.
bool deliver(ps::Thread& thread, const abi::ExceptionRecord& record, hal::UserContext& context) {
    u64 dispatcher = thread.process().exception_dispatcher();
    if (!dispatcher)
        return false;
    abi::Context frame_context{};
    frame_context.context_flags = abi::kContextFull | abi::kContextSegments;
    for (int i = 0; i < 16; ++i)
        frame_context.gpr[i] = context.gpr[i];
    frame_context.rip = context.rip;
    frame_context.eflags = static_cast<u32>(context.rflags);
    copy_bytes(frame_context.fxsave, context.fxsave, sizeof frame_context.fxsave);
    u32 mxcsr;
    copy_bytes(&mxcsr, context.fxsave + 24, sizeof mxcsr); // FXSAVE keeps MXCSR at byte 24
    frame_context.mxcsr = mxcsr;
    frame_context.seg_cs = abi::kUserCodeSelector;
    frame_context.seg_ds = frame_context.seg_es = frame_context.seg_ss = frame_context.seg_gs =
        abi::kUserDataSelector;
    frame_context.seg_fs = abi::kTebSelector;

    u64 user_rsp = context.gpr[hal::kGprRsp];
    if (user_rsp < abi::kExceptionFrameSize + 64)
        return false;
    u64 frame = align_down<u64>(user_rsp - abi::kExceptionFrameSize, 16);
    // The frame may reach below the committed stack: commit it, using the last page if need be
    // (that is where a stack overflow is raised).
    (void)ps::grow_stack(thread, frame, true);
    if (user::copy_to(frame, &frame_context, sizeof frame_context).is_error() ||
        user::copy_to(frame + abi::kExceptionFrameRecordOffset, &record, sizeof record).is_error()) {
        trace("[ps] tid={} cannot write an exception frame at {:#x}", thread.tid(), frame);
        return false;
    }
    trace("[ps] tid={} exception {:#x} at {:#x} delivered", thread.tid(), record.code, record.address);
    context.rip = dispatcher;
    context.gpr[hal::kGprRsp] = frame;
    return true;
}

} // namespace

FaultOutcome on_user_fault(u64 address, hal::FaultAccess access, hal::UserContext& context) {
    ps::Thread* thread = ps::Thread::current();
    if (!thread)
        return FaultOutcome::Terminate;
    u64 rip = context.rip;
    mm::AccessKind kind = access == hal::FaultAccess::Write     ? mm::AccessKind::Write
                          : access == hal::FaultAccess::Execute ? mm::AccessKind::Execute
                                                                : mm::AccessKind::Read;
    mm::FaultResult result = thread->process().address_space().handle_fault(address, kind);
    trace("[mm] fault va={:#x} rip={:#x} pid={} -> {}", address, rip, thread->process().pid(),
          result.is_resolved() ? "resolved" : "access violation");
    abi::ExceptionRecord record{};
    if (result.is_resolved() && result.reason == mm::FaultReason::GuardPage) {
        // The stack's guard page: grow the stack and retry; at the end of the reservation the
        // thread gets STATUS_STACK_OVERFLOW. Any other guard page raises
        // STATUS_GUARD_PAGE_VIOLATION once (the guard is gone after the first touch).
        bool in_stack = address >= thread->stack_limit() && address < thread->stack_base();
        if (in_stack && ps::grow_stack(*thread, address, false))
            return FaultOutcome::Retry;
        record.code = in_stack ? kStatusStackOverflow : status::GuardPageViolation.value;
    } else if (result.is_resolved()) {
        return FaultOutcome::Retry;
    } else {
        record.code = status::AccessViolation.value;
    }
    thread->set_last_fault({address, rip, access, record.code});
    record.address = rip;
    record.number_parameters = 2;
    record.information[0] = static_cast<u64>(access); // 0 read, 1 write, 8 execute
    record.information[1] = address;
    return deliver(*thread, record, context) ? FaultOutcome::Deliver : FaultOutcome::Terminate;
}

FaultOutcome deliver_user_exception(u32 ntstatus, hal::UserContext& context) {
    ps::Thread* thread = ps::Thread::current();
    if (!thread)
        return FaultOutcome::Terminate;
    abi::ExceptionRecord record{};
    record.code = ntstatus;
    record.address = context.rip;
    if (ntstatus == status::Breakpoint.value) {
        // Windows reports int3 at the instruction itself, with one parameter (BREAKPOINT_BREAK).
        record.number_parameters = 1;
    }
    return deliver(*thread, record, context) ? FaultOutcome::Deliver : FaultOutcome::Terminate;
}

void terminate_after_fault() {
    ps::Thread* thread = ps::Thread::current();
    const auto& fault = thread->last_fault();
    const char* verb = fault.access == hal::FaultAccess::Write     ? "writing"
                       : fault.access == hal::FaultAccess::Execute ? "executing"
                                                                   : "reading";
    NtStatus code{fault.code};
    // The exception could not be delivered (no ntdll, or no stack left for the frame).
    log("halcyon: {}: unhandled exception {:#x} ({}) {} address {:#x} at rip {:#x}", thread->process().image_name(),
        code.value, code == status::AccessViolation ? "access violation" : code.name(), verb, fault.address,
        fault.rip);
    // An unhandled exception ends the whole process, as on Windows.
    ps::terminate_process(thread->process(), code);
    ps::exit_current_thread(code);
}

void on_user_exception(u32 ntstatus, u64 rip) {
    ps::Thread* thread = ps::Thread::current();
    NtStatus status{ntstatus};
    log("halcyon: {}: unhandled exception {:#x} ({}) at rip {:#x}", thread->process().image_name(), ntstatus,
        status.name(), rip);
    ps::terminate_process(thread->process(), status);
    ps::exit_current_thread(status);
}

void on_timer_interrupt(bool interrupted_user) {
    ps::scheduler::on_tick(interrupted_user);
    if (!interrupted_user)
        return;
    // Resumed after preemption: a thread killed meanwhile must not run user code again.
    ps::Thread* thread = ps::Thread::current();
    if (thread && thread->termination_requested())
        ps::exit_current_thread(thread->requested_exit_status());
}

} // namespace halcyon::kernel
