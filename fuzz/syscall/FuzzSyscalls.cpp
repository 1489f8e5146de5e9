// The system-call fuzzer: each input becomes a short guest program — a sequence of system calls
// with fuzzed service numbers and arguments — run as its own process on a kernel booted once per
// fuzzer process (hal-hosted's embedding API). Arguments are drawn, by kind, from values that hit
// edges: valid and invalid handles (closed, never opened, pseudo-handles, huge), pointers into
// writable, read-only and unmapped user memory, misaligned pointers, pointers into the host
// (kernel) image and beyond the user range, and huge or negative lengths.
//
// After every call (the kernel's system-call observer) it checks that:
//   - the status is one the kernel documents (named in core/lib/NtStatus.cpp, or a wait index);
//   - the process's handle table and reference counts are consistent;
//   - no memory appeared in the process that the service was not asked to map.
// After the process ends it checks that every kernel object and physical frame it used is back.
// Any violation aborts, which libFuzzer reports as a crash.
//
// Two deliberate restrictions keep runs bounded: every wait and delay gets a zero timeout (an
// infinite wait would stall the only thread), and threads are created suspended and never
// resumed (a bare process has no ntdll: a running second thread would restart this program).

#include "GuestCode.h"
#include "core/syscall/SyscallTable.gen.h"
#include "halcyon/Embed.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>
#include <vector>

using halcyon::embed::Kernel;
using namespace halcyon::embed;

namespace {

constexpr std::size_t kMaxCalls = 24;
constexpr std::uint64_t kZeroTimeout = kGuestDataAddress + 0x8000; // 8 zero bytes, never written by setup

std::uint32_t service(const char* name) {
    for (halcyon::usize i = 0; i < halcyon::sys::kSyscallTableSize; ++i)
        if (halcyon::sys::kSyscallTable[i].name && std::strcmp(halcyon::sys::kSyscallTable[i].name, name) == 0)
            return static_cast<std::uint32_t>(i);
    fprintf(stderr, "fuzz_syscalls: no service %s\n", name);
    abort();
}

struct Services {
    std::uint32_t terminate_process = service("NtTerminateProcess");
    std::uint32_t wait_single = service("NtWaitForSingleObject");
    std::uint32_t wait_multiple = service("NtWaitForMultipleObjects");
    std::uint32_t delay = service("NtDelayExecution");
    std::uint32_t create_thread = service("NtCreateThreadEx");
    std::uint32_t resume_thread = service("NtResumeThread");
    std::uint32_t allocate = service("NtAllocateVirtualMemory");
    std::uint32_t map_view = service("NtMapViewOfSection");
    std::uint32_t register_ctrl_routine = service("NtRegisterConsoleCtrlRoutine");
    std::uint32_t terminate_thread = service("NtTerminateThread");
};

Kernel* g_kernel;
Services* g_services;
std::string g_scratch_dir;
/// Services reached with a known number (for the report HALCYON_FUZZ_SERVICES=1 prints at exit).
bool g_reached[0x200];

void report_services() {
    std::size_t count = 0;
    for (halcyon::usize i = 0; i < halcyon::sys::kSyscallTableSize; ++i) {
        if (halcyon::sys::kSyscallTable[i].name && g_reached[i]) {
            fprintf(stderr, "fuzz_syscalls: reached %s\n", halcyon::sys::kSyscallTable[i].name);
            ++count;
        }
    }
    std::size_t total = 0;
    for (halcyon::usize i = 0; i < halcyon::sys::kSyscallTableSize; ++i)
        total += halcyon::sys::kSyscallTable[i].name != nullptr;
    fprintf(stderr, "fuzz_syscalls: %zu of %zu services reached\n", count, total);
}

bool documented(halcyon::NtStatus status) {
    std::uint32_t value = status.value;
    if (value < 64 || (value >= 0x80 && value < 0x80 + 64)) // STATUS_WAIT_n, STATUS_ABANDONED_WAIT_n
        return true;
    return std::strcmp(status.name(), "STATUS_?") != 0;
}

bool may_map(std::uint32_t number) {
    return number == g_services->allocate || number == g_services->map_view || number == g_services->create_thread;
}

struct Observation {
    std::vector<std::pair<std::uint64_t, std::uint64_t>> regions;
    bool have_regions = false;
    std::size_t calls = 0;
};

[[noreturn]] void finding(const char* what, std::uint32_t number, const std::string& detail) {
    const char* name = number < halcyon::sys::kSyscallTableSize && halcyon::sys::kSyscallTable[number].name
                           ? halcyon::sys::kSyscallTable[number].name
                           : "?";
    fprintf(stderr, "fuzz_syscalls: FINDING after %s (%#x): %s %s\n", name, number, what, detail.c_str());
    abort();
}

void observe(const halcyon::kernel::SystemCallRecord& record, void* raw) {
    auto& observation = *static_cast<Observation*>(raw);
    ++observation.calls;
    if (record.number < sizeof g_reached)
        g_reached[record.number] = true;
    if (!documented(record.result)) {
        char text[32];
        snprintf(text, sizeof text, "%#x", record.result.value);
        finding("undocumented status", record.number, text);
    }
    std::string why;
    if (!Kernel::check_current_process(why))
        finding("inconsistent process state:", record.number, why);
    auto regions = Kernel::current_process_regions();
    if (observation.have_regions && !may_map(record.number)) {
        for (auto& region : regions) {
            if (std::find(observation.regions.begin(), observation.regions.end(), region) == observation.regions.end()) {
                char text[64];
                snprintf(text, sizeof text, "%#llx+%#llx", static_cast<unsigned long long>(region.first),
                         static_cast<unsigned long long>(region.second));
                finding("memory appeared:", record.number, text);
            }
        }
    }
    observation.regions = std::move(regions);
    observation.have_regions = true;
}

/// An argument value, by the kinds of trouble it can cause.
std::uint64_t pick_argument(FuzzedDataProvider& data) {
    static const std::uint64_t kHostAddress = reinterpret_cast<std::uint64_t>(&pick_argument);
    switch (data.ConsumeIntegralInRange<int>(0, 15)) {
    case 0: return 0;
    case 1: return data.ConsumeIntegralInRange<std::uint64_t>(1, 16) * 4; // plausible handles
    case 2: return ~0ull;                                                  // NtCurrentProcess
    case 3: return ~1ull;                                                  // NtCurrentThread
    case 4: return kGuestDataAddress + data.ConsumeIntegralInRange<std::uint64_t>(0, 0x7FF) * 8; // writable
    case 5: return kGuestDataAddress + data.ConsumeIntegralInRange<std::uint64_t>(0, kGuestDataSize); // maybe misaligned
    case 6: return kGuestDataAddress + kGuestDataSize - data.ConsumeIntegralInRange<std::uint64_t>(0, 16); // edge
    case 7: return kGuestReadOnlyAddress + data.ConsumeIntegralInRange<std::uint64_t>(0, 0x1000);
    case 8: return 0x3000'0000 + data.ConsumeIntegralInRange<std::uint64_t>(0, 0x10000); // unmapped
    case 9: return kHostAddress;                                            // the kernel's own memory
    case 10: return 0xFFFF'8000'0000'0000ull + data.ConsumeIntegral<std::uint16_t>();
    case 11: return 0x7FFE'0000 + data.ConsumeIntegralInRange<std::uint64_t>(0, 0xFFF); // SharedUserData
    case 12: return data.ConsumeIntegralInRange<std::uint64_t>(0, 0x1'0000);            // small numbers/sizes
    case 13: return 0x7FFF'FFFF + data.ConsumeIntegralInRange<std::uint64_t>(0, 2);      // LONG edges
    case 14: return static_cast<std::uint64_t>(-data.ConsumeIntegralInRange<std::int64_t>(1, 0x10000));
    default: return data.ConsumeIntegral<std::uint64_t>();
    }
}

/// The data page's initial contents: an OBJECT_ATTRIBUTES naming C:\fuzz.txt, its
/// UNICODE_STRING and buffer, one naming a registry key, and zeros (timeouts, handle slots,
/// buffers).
std::vector<std::uint8_t> initial_data() {
    std::vector<std::uint8_t> bytes(0x1000);
    auto put64 = [&](std::size_t offset, std::uint64_t value) { std::memcpy(&bytes[offset], &value, 8); };
    auto put32 = [&](std::size_t offset, std::uint32_t value) { std::memcpy(&bytes[offset], &value, 4); };
    const char16_t name[] = u"\\??\\C:\\fuzz.txt";
    std::size_t name_bytes = sizeof(name) - 2;
    std::memcpy(&bytes[0x200], name, sizeof(name));
    // UNICODE_STRING at 0x100: Length, MaximumLength, Buffer.
    bytes[0x100] = static_cast<std::uint8_t>(name_bytes);
    bytes[0x102] = static_cast<std::uint8_t>(name_bytes + 2);
    put64(0x108, kGuestDataAddress + 0x200);
    // OBJECT_ATTRIBUTES at 0x40: Length 48, RootDirectory 0, ObjectName, Attributes OBJ_CASE_INSENSITIVE.
    put32(0x40, 48);
    put64(0x50, kGuestDataAddress + 0x100);
    put32(0x58, 0x40);
    // A second OBJECT_ATTRIBUTES at 0x80 naming a registry key (\Registry\Machine\Software, the
    // UNICODE_STRING at 0x120, the text at 0x300), so the registry services get past the lookup.
    // The harness resets the registry to its defaults before every input, so keys and values
    // made by one input never reach the next (a finding replays alone, and memory stays flat).
    const char16_t key_name[] = u"\\Registry\\Machine\\Software";
    std::size_t key_bytes = sizeof(key_name) - 2;
    std::memcpy(&bytes[0x300], key_name, sizeof(key_name));
    bytes[0x120] = static_cast<std::uint8_t>(key_bytes);
    bytes[0x122] = static_cast<std::uint8_t>(key_bytes + 2);
    put64(0x128, kGuestDataAddress + 0x300);
    put32(0x80, 48);
    put64(0x90, kGuestDataAddress + 0x120);
    put32(0x98, 0x40);
    // A third OBJECT_ATTRIBUTES at 0xC0 naming \BaseNamedObjects\fuzz (the UNICODE_STRING at
    // 0x140, the text at 0x400) with OBJ_OPENIF, for the named-object services (create, open,
    // name collisions between types).
    const char16_t object_name[] = u"\\BaseNamedObjects\\fuzz";
    std::size_t object_bytes = sizeof(object_name) - 2;
    std::memcpy(&bytes[0x400], object_name, sizeof(object_name));
    bytes[0x140] = static_cast<std::uint8_t>(object_bytes);
    bytes[0x142] = static_cast<std::uint8_t>(object_bytes + 2);
    put64(0x148, kGuestDataAddress + 0x400);
    put32(0xC0, 48);
    put64(0xD0, kGuestDataAddress + 0x140);
    put32(0xD8, 0x80);
    return bytes;
}

void boot_once() {
    if (g_kernel)
        return;
    char scratch[] = "/tmp/halcyon-fuzz-syscalls-XXXXXX";
    if (!mkdtemp(scratch)) {
        perror("fuzz_syscalls: mkdtemp");
        abort();
    }
    g_scratch_dir = scratch;
    std::string error;
    static std::unique_ptr<Kernel> kernel =
        Kernel::boot({.drives = {{'C', g_scratch_dir}}, .ram_bytes = 256ull << 20}, error);
    if (!kernel) {
        fprintf(stderr, "fuzz_syscalls: boot failed: %s\n", error.c_str());
        abort();
    }
    g_kernel = kernel.get();
    static Services services;
    g_services = &services;
    if (getenv("HALCYON_FUZZ_SERVICES"))
        atexit(report_services);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
    boot_once();
    FuzzedDataProvider data(bytes, size);
    halcyon::test::GuestCode code;
    std::size_t calls = data.ConsumeIntegralInRange<std::size_t>(1, kMaxCalls);
    for (std::size_t i = 0; i < calls && data.remaining_bytes() > 0; ++i) {
        std::uint32_t number;
        if (data.ConsumeIntegralInRange<int>(0, 15) == 0) {
            number = data.ConsumeIntegralInRange<std::uint32_t>(0, 0x200); // holes and beyond the table
        } else {
            do
                number = data.ConsumeIntegralInRange<std::uint32_t>(
                    0, static_cast<std::uint32_t>(halcyon::sys::kSyscallTableSize - 1));
            while (!halcyon::sys::kSyscallTable[number].name && data.remaining_bytes() > 0);
        }
        // A running thread at a fuzzed address would execute garbage: threads stay suspended,
        // and console control events take the default action (no routine is registered).
        if (number == g_services->resume_thread || number == g_services->register_ctrl_routine)
            continue;
        std::uint32_t count = number < halcyon::sys::kSyscallTableSize ? halcyon::sys::kSyscallTable[number].argument_count
                                                                        : data.ConsumeIntegralInRange<std::uint32_t>(0, 12);
        std::vector<std::uint64_t> arguments;
        for (std::uint32_t a = 0; a < count; ++a)
            arguments.push_back(pick_argument(data));
        // The guest thread ending itself while a suspended thread lives would leave the process
        // running forever (as it would on Windows), and the input would time out.
        if (number == g_services->terminate_thread && count == 2 && (arguments[0] == 0 || arguments[0] == ~1ull))
            continue;
        if (number == g_services->wait_single && count == 3)
            arguments[2] = kZeroTimeout;
        if (number == g_services->wait_multiple && count == 5)
            arguments[4] = kZeroTimeout;
        if (number == g_services->delay && count == 2)
            arguments[1] = kZeroTimeout;
        if (number == g_services->create_thread && count == 11)
            arguments[6] |= 1; // THREAD_CREATE_FLAGS_CREATE_SUSPENDED
        code.system_call(number, arguments);
    }
    code.terminate_process(g_services->terminate_process, 0);

    std::string error;
    if (!g_kernel->reset_registry(error)) {
        fprintf(stderr, "fuzz_syscalls: %s\n", error.c_str());
        abort();
    }
    auto before = Kernel::counters();
    Observation observation;
    g_kernel->set_system_call_observer(&observe, &observation);
    std::vector<std::uint8_t> initial = initial_data();
    g_kernel->run_guest_code(code.bytes(), initial, error);
    g_kernel->set_system_call_observer(nullptr, nullptr);
    if (!error.empty()) {
        fprintf(stderr, "fuzz_syscalls: cannot start the guest: %s\n", error.c_str());
        abort();
    }
    auto after = Kernel::counters();
    if (after.live_objects != before.live_objects || after.used_frames != before.used_frames) {
        fprintf(stderr, "fuzz_syscalls: FINDING: teardown left %zd objects and %lld frames behind\n",
                static_cast<std::ptrdiff_t>(after.live_objects - before.live_objects),
                static_cast<long long>(after.used_frames - before.used_frames));
        abort();
    }
    return 0;
}
