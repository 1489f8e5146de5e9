// hal-hosted: kernel threads as host threads, handed one simulated CPU by a baton (as in LKL).
//
// Each ThreadContext owns a semaphore; switch_context posts the target's and waits on its own, so
// exactly one kernel thread runs at a time. Interrupts are masked in software: a flag per CPU.

#include "hal/backend.h"

#include <ctime>
#include <pthread.h>
#include <semaphore.h>

namespace halcyon::hal {

struct ThreadContext {
    sem_t baton;
    pthread_t host_thread{};
    bool adopted{false};
    ThreadEntry entry{nullptr};
    void* argument{nullptr};
};

namespace {

bool s_interrupts_enabled = true;
u64 s_timer_period_ns;

void* thread_trampoline(void* raw) {
    auto* context = static_cast<ThreadContext*>(raw);
    while (sem_wait(&context->baton) != 0) {
    }
    context->entry(context->argument);
    return nullptr;
}

} // namespace

ErrorOr<ThreadContext*> Cpu::create_thread(ThreadEntry entry, void* argument) {
    auto* context = new (std::nothrow) ThreadContext;
    if (!context)
        return Error(status::NoMemory, "no memory for a thread context");
    sem_init(&context->baton, 0, 0);
    context->entry = entry;
    context->argument = argument;
    if (pthread_create(&context->host_thread, nullptr, thread_trampoline, context) != 0) {
        sem_destroy(&context->baton);
        delete context;
        return Error(status::InsufficientResources, "cannot create a host thread");
    }
    return context;
}

void Cpu::destroy_thread(ThreadContext* context) {
    if (!context->adopted)
        pthread_join(context->host_thread, nullptr);
    sem_destroy(&context->baton);
    delete context;
}

ErrorOr<ThreadContext*> Cpu::adopt_current_thread() {
    auto* context = new (std::nothrow) ThreadContext;
    if (!context)
        return Error(status::NoMemory, "no memory for a thread context");
    sem_init(&context->baton, 0, 0);
    context->host_thread = pthread_self();
    context->adopted = true;
    return context;
}

void Cpu::switch_context(ThreadContext& from, ThreadContext& to) {
    if (&from == &to)
        return;
    sem_post(&to.baton);
    while (sem_wait(&from.baton) != 0) {
    }
}

void Cpu::exit_and_switch(ThreadContext&, ThreadContext& to) {
    sem_post(&to.baton);
    pthread_exit(nullptr);
}

bool Cpu::disable_interrupts() { return __atomic_exchange_n(&s_interrupts_enabled, false, __ATOMIC_ACQ_REL); }

void Cpu::restore_interrupts(bool enabled) { __atomic_store_n(&s_interrupts_enabled, enabled, __ATOMIC_RELEASE); }

void Cpu::wait_for_interrupt() {
    // FIXME: the timer is not a separate host thread yet; idling sleeps for one timer period
    // (1 ms by default), which is when the next tick would have arrived.
    u64 period = s_timer_period_ns ? s_timer_period_ns : 1'000'000;
    timespec ts{static_cast<time_t>(period / 1'000'000'000), static_cast<long>(period % 1'000'000'000)};
    nanosleep(&ts, nullptr);
}

void Cpu::start_timer(u64 period_ns) { s_timer_period_ns = period_ns; }

} // namespace halcyon::hal
