#pragma once

#include "core/lib/ErrorOr.h"
#include "core/lib/Types.h"
#include "hal/concepts.h"

namespace halcyon::hal {

/// Per-thread state the backend needs to switch between kernel threads. Core embeds one in each
/// Thread and never looks inside.
struct ThreadContext;

using ThreadEntry = void (*)(void* argument);

template <typename T>
concept CpuContract = requires(ThreadContext& from, ThreadContext& to, ThreadEntry entry, void* argument,
                               bool enabled) {
    /// Creates a kernel thread context that will start in entry(argument) the first time it is
    /// switched to. Hosted: a host thread parked on its baton.
    { T::create_thread(entry, argument) } -> SameAs<ErrorOr<ThreadContext*>>;
    /// Frees a context of a thread that has finished (never the current one).
    { T::destroy_thread(&to) } -> SameAs<void>;
    /// Adopts the calling (boot) thread as a kernel thread.
    { T::adopt_current_thread() } -> SameAs<ErrorOr<ThreadContext*>>;
    /// Hands the CPU from `from` (the caller) to `to`; returns when someone switches back.
    { T::switch_context(from, to) } -> SameAs<void>;
    /// Hands the CPU to `to` and ends the calling thread's context for good.
    { T::exit_and_switch(from, to) } -> SameAs<void>;
    /// Virtual interrupt masking: returns the previous state.
    { T::disable_interrupts() } -> SameAs<bool>;
    { T::restore_interrupts(enabled) } -> SameAs<void>;
    /// Idles until any interrupt arrives (with interrupts enabled for the wait).
    { T::wait_for_interrupt() } -> SameAs<void>;
    /// Asks for timer interrupts every `period_ns` (0 stops them).
    { T::start_timer(u64{}) } -> SameAs<void>;
};

} // namespace halcyon::hal
