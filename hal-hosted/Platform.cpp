// hal-hosted: console, clock and physical memory of the kernel-as-a-Linux-process.

#include "hal/backend.h"
#include "halcyon_hosted.h"
#include "HostedCpu.h"
#include "core/lib/Memory.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fcntl.h>
#include <poll.h>
#include <linux/falloc.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace halcyon {

void* kmalloc(usize size) { return malloc(size); }
void kfree(void* pointer) { free(pointer); }

} // namespace halcyon

namespace halcyon::hal {

// ---- Console -------------------------------------------------------------------------------

void Console::log(StringView text) {
    usize done = 0;
    while (done < text.length()) {
        ssize_t n = ::write(2, text.data() + done, text.length() - done);
        if (n <= 0) {
            if (n < 0 && errno == EINTR)
                continue;
            return;
        }
        done += static_cast<usize>(n);
    }
}

ErrorOr<usize> Console::write(ConsoleStream stream, ReadonlyBytes bytes) {
    int fd = stream == ConsoleStream::Error ? 2 : 1;
    usize done = 0;
    while (done < bytes.size()) {
        ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EPIPE)
                return Error(status::Unsuccessful, "console output closed (broken pipe)");
            return Error(status::Unsuccessful, "console write failed");
        }
        done += static_cast<usize>(n);
    }
    return done;
}

namespace {

int s_interrupt_pending; // set by the SIGINT handler, taken by the kernel

void on_interrupt_signal(int) {
    if (__atomic_exchange_n(&s_interrupt_pending, 1, __ATOMIC_ACQ_REL)) {
        // The kernel has not taken the previous one: let SIGINT do what it always does.
        signal(SIGINT, SIG_DFL);
        raise(SIGINT);
    }
}

} // namespace

void hosted::install_interrupt_handler() {
    struct sigaction action {};
    action.sa_handler = on_interrupt_signal;
    action.sa_flags = SA_RESTART | SA_ONSTACK;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
}

bool Console::take_interrupt() { return __atomic_exchange_n(&s_interrupt_pending, 0, __ATOMIC_ACQ_REL) != 0; }

ErrorOr<usize> Console::read(Bytes buffer) {
    for (;;) {
        ssize_t n = ::read(0, buffer.data(), buffer.size());
        if (n >= 0)
            return static_cast<usize>(n);
        if (errno != EINTR)
            return Error(status::Unsuccessful, "console read failed");
    }
}

bool Console::input_ready() {
    pollfd fd{0, POLLIN, 0};
    int ready = poll(&fd, 1, 0);
    return ready != 0; // data, end of input, or an error the read will report
}

bool Console::is_terminal(ConsoleStream stream) { return isatty(static_cast<int>(stream)) == 1; }

ConsoleStreamKind Console::stream_kind(ConsoleStream stream) {
    int fd = static_cast<int>(stream);
    if (isatty(fd) == 1)
        return ConsoleStreamKind::Terminal;
    struct stat info;
    if (fstat(fd, &info) < 0)
        return ConsoleStreamKind::CharacterDevice;
    if (S_ISREG(info.st_mode))
        return ConsoleStreamKind::File;
    if (S_ISFIFO(info.st_mode) || S_ISSOCK(info.st_mode))
        return ConsoleStreamKind::Pipe;
    return ConsoleStreamKind::CharacterDevice;
}

// ---- Clock ---------------------------------------------------------------------------------

u64 Clock::monotonic_ns() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<u64>(ts.tv_sec) * 1'000'000'000ull + static_cast<u64>(ts.tv_nsec);
}

u64 Clock::system_time_100ns() {
    // FILETIME counts 100 ns intervals since 1601-01-01; the Unix epoch is 11644473600 s later.
    constexpr u64 kEpochDifference100ns = 116'444'736'000'000'000ull;
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    return kEpochDifference100ns + static_cast<u64>(ts.tv_sec) * 10'000'000ull +
           static_cast<u64>(ts.tv_nsec) / 100;
}

// ---- Physical memory -----------------------------------------------------------------------

u8* PhysMem::s_window;

namespace {
int s_memfd = -1;
u64 s_ram_size;
// Frame 0 and the first MiB stay unused so that a zero physical address is always a bug.
constexpr u64 kRamBase = 1 * MiB;
} // namespace

int hosted_memfd() { return s_memfd; }

ErrorOr<void> hosted_init_physical_memory(u64 ram_size) {
    s_memfd = memfd_create("halcyon-ram", MFD_CLOEXEC);
    if (s_memfd < 0)
        return Error(status::InsufficientResources, "memfd_create failed");
    if (ftruncate(s_memfd, static_cast<off_t>(ram_size)) != 0)
        return Error(status::InsufficientResources, "cannot size the RAM memfd");
    void* window = mmap(nullptr, ram_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_NORESERVE, s_memfd, 0);
    if (window == MAP_FAILED)
        return Error(status::InsufficientResources, "cannot map the RAM window");
    PhysMem::s_window = static_cast<u8*>(window);
    s_ram_size = ram_size;
    return {};
}

void hosted_shutdown_physical_memory() {
    if (PhysMem::s_window)
        munmap(PhysMem::s_window, s_ram_size);
    PhysMem::s_window = nullptr;
    if (s_memfd >= 0)
        close(s_memfd);
    s_memfd = -1;
    s_ram_size = 0;
}

usize PhysMem::range_count() { return 1; }
u64 PhysMem::range_base(usize) { return kRamBase; }
u64 PhysMem::range_size(usize) { return s_ram_size - kRamBase; }

void PhysMem::discard_frame(u64 phys) {
    // Punching a hole returns the page to the host and makes it read back as zeros.
    fallocate(s_memfd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, static_cast<off_t>(phys), 4096);
}

} // namespace halcyon::hal
