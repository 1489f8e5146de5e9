// hal-hosted: kernel threads as host threads, handed one simulated CPU by a baton (as in LKL).
//
// Each ThreadContext owns a semaphore; switch_context posts the target's and waits on its own, so
// exactly one kernel thread runs at a time. Interrupts are masked in software: a flag per CPU.
//
// The timer is a host thread of its own that never touches kernel state: while the kernel wants
// ticks (start_timer), it sends timer_signal() to whichever host thread holds the CPU. The signal
// handler (UserMode.cpp) calls kernel::on_timer_interrupt on that thread, which may switch
// threads from inside the handler when user code was interrupted.

#include "HostedCpu.h"
#include "hal/backend.h"
#include "halcyon_hosted.h"

#include <csetjmp>
#include <csignal>
#include <cstdlib>
#include <ctime>
#include <pthread.h>
#include <semaphore.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace halcyon::hal {

struct ThreadContext {
    sem_t baton;
    pthread_t host_thread{};
    pid_t host_tid{0};
    bool adopted{false};
    ThreadEntry entry{nullptr};
    void* argument{nullptr};
    /// exit_and_switch jumps back to the trampoline, which hands the CPU to `exit_to` and lets
    /// the host thread end normally (no pthread_exit unwinding through kernel frames).
    jmp_buf exit_jump;
    ThreadContext* exit_to{nullptr};
};

namespace {

bool s_interrupts_enabled = true;
thread_local bool t_holds_cpu;
pid_t s_cpu_holder_tid;          // host tid of the thread holding the CPU (atomic access)
u64 s_timer_period_ns;           // 0 = the kernel wants no ticks (atomic access)
pthread_mutex_t s_timer_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t s_timer_wanted = PTHREAD_COND_INITIALIZER;
bool s_timer_thread_started;
bool s_timer_thread_stop; // under s_timer_lock
pthread_t s_timer_thread;

pid_t host_tid() { return static_cast<pid_t>(syscall(SYS_gettid)); }

/// Called by the thread that has just been handed the CPU.
void acquired_cpu(ThreadContext& context) {
    t_holds_cpu = true;
    __atomic_store_n(&s_cpu_holder_tid, context.host_tid, __ATOMIC_RELEASE);
}

void wait_for_baton(ThreadContext& context) {
    while (sem_wait(&context.baton) != 0) {
    }
    acquired_cpu(context);
}

void hand_over(ThreadContext& to) {
    t_holds_cpu = false;
    sem_post(&to.baton);
}

void* thread_trampoline(void* raw) {
    auto* context = static_cast<ThreadContext*>(raw);
    context->host_tid = host_tid();
    // Created from kernel code that may run in a signal handler: start with nothing blocked.
    sigset_t none;
    sigemptyset(&none);
    pthread_sigmask(SIG_SETMASK, &none, nullptr);
    if (setjmp(context->exit_jump) == 0) {
        wait_for_baton(*context);
        context->entry(context->argument);
        // Entries end through exit_and_switch; returning is a kernel bug.
        abort();
    }
    hand_over(*context->exit_to);
    return nullptr;
}

void* timer_thread(void*) {
    // The timer must never take the timer signal itself.
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, hosted::timer_signal());
    pthread_sigmask(SIG_BLOCK, &mask, nullptr);
    pid_t pid = getpid();
    for (;;) {
        u64 period = __atomic_load_n(&s_timer_period_ns, __ATOMIC_ACQUIRE);
        if (period == 0) {
            pthread_mutex_lock(&s_timer_lock);
            while (__atomic_load_n(&s_timer_period_ns, __ATOMIC_ACQUIRE) == 0 && !s_timer_thread_stop)
                pthread_cond_wait(&s_timer_wanted, &s_timer_lock);
            bool stop = s_timer_thread_stop;
            pthread_mutex_unlock(&s_timer_lock);
            if (stop)
                return nullptr;
            continue;
        }
        timespec ts{static_cast<time_t>(period / 1'000'000'000), static_cast<long>(period % 1'000'000'000)};
        nanosleep(&ts, nullptr);
        if (__atomic_load_n(&s_timer_period_ns, __ATOMIC_ACQUIRE) == 0)
            continue;
        pid_t holder = __atomic_load_n(&s_cpu_holder_tid, __ATOMIC_ACQUIRE);
        if (holder)
            syscall(SYS_tgkill, pid, holder, hosted::timer_signal());
    }
    return nullptr;
}

} // namespace

namespace hosted {

int timer_signal() { return SIGRTMIN + 1; }
bool holds_cpu() { return t_holds_cpu; }

} // namespace hosted

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
    context->host_tid = host_tid();
    context->adopted = true;
    acquired_cpu(*context);
    return context;
}

void Cpu::switch_context(ThreadContext& from, ThreadContext& to) {
    if (&from == &to)
        return;
    hand_over(to);
    wait_for_baton(from);
}

void Cpu::exit_and_switch(ThreadContext& from, ThreadContext& to) {
    from.exit_to = &to;
    longjmp(from.exit_jump, 1);
}

bool Cpu::disable_interrupts() { return __atomic_exchange_n(&s_interrupts_enabled, false, __ATOMIC_ACQ_REL); }

void Cpu::restore_interrupts(bool enabled) { __atomic_store_n(&s_interrupts_enabled, enabled, __ATOMIC_RELEASE); }

void Cpu::wait_for_interrupt() {
    // The idle thread polls: it sleeps for one tick (1 ms), the longest an interrupt would keep
    // it waiting. Work for it only appears through its own polling (deadlines) or threads it
    // switched to, so nothing needs to wake it early.
    timespec ts{0, 1'000'000};
    nanosleep(&ts, nullptr);
}

void Cpu::start_timer(u64 period_ns) {
    u64 previous = __atomic_exchange_n(&s_timer_period_ns, period_ns, __ATOMIC_ACQ_REL);
    if (previous != 0 || period_ns == 0)
        return;
    pthread_mutex_lock(&s_timer_lock);
    if (!s_timer_thread_started) {
        hosted::install_signal_handlers();
        s_timer_thread_stop = false;
        s_timer_thread_started = pthread_create(&s_timer_thread, nullptr, timer_thread, nullptr) == 0;
    }
    pthread_cond_signal(&s_timer_wanted);
    pthread_mutex_unlock(&s_timer_lock);
}

void hosted_stop_timer_thread() {
    __atomic_store_n(&s_timer_period_ns, u64{0}, __ATOMIC_RELEASE);
    pthread_mutex_lock(&s_timer_lock);
    bool started = s_timer_thread_started;
    s_timer_thread_stop = true;
    pthread_cond_signal(&s_timer_wanted);
    pthread_mutex_unlock(&s_timer_lock);
    if (started)
        pthread_join(s_timer_thread, nullptr);
    pthread_mutex_lock(&s_timer_lock);
    s_timer_thread_started = false;
    pthread_mutex_unlock(&s_timer_lock);
}

} // namespace halcyon::hal
