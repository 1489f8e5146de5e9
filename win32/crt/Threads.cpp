// Threads started through the C runtime: _beginthread/_beginthreadex and _endthread/_endthreadex.
//
// As in the Microsoft CRT, the new thread runs a CRT trampoline that sets up the thread's CRT
// data (ThreadData) before calling the user's routine and frees it when the routine returns or
// the thread calls _endthread(ex). A _beginthreadex thread keeps its handle for the caller to wait
// on and close, and its exit code is the routine's return value (or _endthreadex's argument).
// A _beginthread thread closes its own handle when it ends, which is why Microsoft documents that
// waiting on the handle _beginthread returned is unreliable: it may already be closed (or reused).

#include "win32/crt/Errno.h"
#include "win32/crt/Os.h"
#include "win32/crt/ThreadData.h"

CRT_EXPORT void _invalid_parameter_noinfo();

namespace crt {

namespace {

constexpr uint32_t kErrorNotEnoughMemory = 8, kErrorInvalidParameter = 87;

/// What the trampoline needs; allocated by the starting thread, freed by the started one.
struct StartBlock {
    void (*plain_routine)(void*);       // _beginthread: void __cdecl routine(void*)
    uint32_t (*ex_routine)(void*);      // _beginthreadex: unsigned __stdcall routine(void*)
    void* argument;
    os::Handle own_handle;              // _beginthread: the handle the thread closes at exit
};

/// Ends the calling thread after releasing its CRT state (and, for _beginthread threads, closing
/// the thread's own handle).
[[noreturn]] void end_thread(uint32_t code) {
    ThreadData& data = thread_data();
    auto* block = static_cast<StartBlock*>(data.thread_start);
    if (block) {
        if (block->own_handle)
            os::close(block->own_handle);
        os::heap_free(block);
    }
    free_thread_data();
    os::exit_thread(code);
}

uint32_t trampoline(void* parameter) {
    auto* block = static_cast<StartBlock*>(parameter);
    thread_data().thread_start = block;
    if (block->plain_routine) {
        block->plain_routine(block->argument);
        end_thread(0);
    }
    end_thread(block->ex_routine(block->argument));
}

/// errno for a failed CreateThread, as the CRT maps it: out of resources is EAGAIN, a bad stack
/// size EINVAL, anything else through _dosmaperr.
void set_errno_for_thread_failure(uint32_t error) {
    if (error == kErrorNotEnoughMemory || error == 0)
        set_errno(kEAGAIN);
    else if (error == kErrorInvalidParameter)
        set_errno(kEINVAL);
    else
        set_errno_from_win32(error);
    thread_data().dos_error = error;
}

} // namespace

} // namespace crt

using namespace crt;

CRT_EXPORT uintptr_t _beginthreadex(void* security, unsigned stack_size, uint32_t (*routine)(void*), void* argument,
                                    unsigned flags, unsigned* thread_id) {
    if (!routine) {
        _invalid_parameter_noinfo();
        set_errno(kEINVAL);
        return 0;
    }
    // FIXME: `security` (a SECURITY_ATTRIBUTES for the thread handle's inheritance) is not passed
    // on: crt::os::create_thread always makes a non-inheritable handle.
    (void)security;
    auto* block = static_cast<StartBlock*>(os::heap_alloc(sizeof(StartBlock), true));
    if (!block) {
        set_errno(kEAGAIN);
        return 0;
    }
    block->ex_routine = routine;
    block->argument = argument;
    constexpr unsigned kCreateSuspended = 4;
    uint32_t id = 0;
    os::Handle thread = os::create_thread(stack_size, trampoline, block, (flags & kCreateSuspended) != 0, &id);
    if (!thread) {
        set_errno_for_thread_failure(os::last_error());
        os::heap_free(block);
        return 0;
    }
    if (thread_id)
        *thread_id = id;
    return reinterpret_cast<uintptr_t>(thread);
}

CRT_EXPORT uintptr_t _beginthread(void (*routine)(void*), unsigned stack_size, void* argument) {
    if (!routine) {
        _invalid_parameter_noinfo();
        set_errno(kEINVAL);
        return static_cast<uintptr_t>(-1);
    }
    auto* block = static_cast<StartBlock*>(os::heap_alloc(sizeof(StartBlock), true));
    if (!block) {
        set_errno(kEAGAIN);
        return static_cast<uintptr_t>(-1);
    }
    block->plain_routine = routine;
    block->argument = argument;
    // Started suspended so the handle is in the block before the thread can end and close it.
    os::Handle thread = os::create_thread(stack_size, trampoline, block, true, nullptr);
    if (!thread) {
        set_errno_for_thread_failure(os::last_error());
        os::heap_free(block);
        return static_cast<uintptr_t>(-1);
    }
    block->own_handle = thread;
    if (!os::resume_thread(thread)) {
        uint32_t error = os::last_error();
        os::close(thread);
        os::heap_free(block);
        set_errno_for_thread_failure(error);
        return static_cast<uintptr_t>(-1);
    }
    return reinterpret_cast<uintptr_t>(thread);
}

CRT_EXPORT [[noreturn]] void _endthreadex(unsigned code) { end_thread(code); }
CRT_EXPORT [[noreturn]] void _endthread() { end_thread(0); }
