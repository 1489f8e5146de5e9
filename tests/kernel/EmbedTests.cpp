// Whole kernels booted and shut down inside the test process, driven by raw guest code.

#include <gtest/gtest.h>

#include "GuestCode.h"
#include "core/syscall/SyscallTable.gen.h"
#include "halcyon/Embed.h"

#include <cstdio>
#include <cstring>
#include <malloc.h>
#include <string>

using halcyon::NtStatus;
using halcyon::embed::Kernel;
using halcyon::test::GuestCode;

namespace {

std::uint32_t service(const char* name) {
    for (halcyon::usize i = 0; i < halcyon::sys::kSyscallTableSize; ++i) {
        const char* candidate = halcyon::sys::kSyscallTable[i].name;
        if (candidate && std::strcmp(candidate, name) == 0)
            return static_cast<std::uint32_t>(i);
    }
    ADD_FAILURE() << "no system service " << name;
    return 0xFFFF;
}

std::unique_ptr<Kernel> boot() {
    std::string error;
    auto kernel = Kernel::boot({.ram_bytes = 64ull << 20}, error);
    EXPECT_TRUE(kernel) << error;
    return kernel;
}

NtStatus run(Kernel& kernel, const GuestCode& code) {
    std::string error;
    NtStatus status = kernel.run_guest_code(code.bytes(), {}, error);
    EXPECT_EQ(error, "");
    return status;
}

/// Records every system call's status (observer context).
struct Recorder {
    std::vector<std::uint32_t> numbers;
    std::vector<NtStatus> results;
    std::vector<std::string> inconsistencies;
    static void observe(const halcyon::kernel::SystemCallRecord& record, void* self) {
        auto& recorder = *static_cast<Recorder*>(self);
        recorder.numbers.push_back(record.number);
        recorder.results.push_back(record.result);
        std::string why;
        if (!Kernel::check_current_process(why))
            recorder.inconsistencies.push_back(why);
    }
};

} // namespace

TEST(EmbeddedKernel, GuestCodeEndsWithTheStatusItPassesToNtTerminateProcess) {
    auto kernel = boot();
    GuestCode code;
    code.terminate_process(service("NtTerminateProcess"), 0x2A);
    EXPECT_EQ(run(*kernel, code).value, 0x2Au);
}

TEST(EmbeddedKernel, BootsAndShutsDownAHundredTimesWithFlatResourceCounts) {
    GuestCode code;
    code.system_call(service("NtYieldExecution"), {}).terminate_process(service("NtTerminateProcess"), 7);
    auto cycle = [&] {
        auto kernel = boot();
        ASSERT_TRUE(kernel);
        EXPECT_EQ(run(*kernel, code).value, 7u);
    };
    cycle(); // the first cycle may allocate once-per-process state (signal stacks, loggers)
    auto before = Kernel::counters();
    std::size_t heap_before = mallinfo2().uordblks;
    for (int i = 0; i < 100; ++i)
        cycle();
    auto after = Kernel::counters();
    std::size_t heap_after = mallinfo2().uordblks;
    EXPECT_EQ(after.live_objects, before.live_objects);
    EXPECT_EQ(after.live_objects, 0u) << "every kernel object is gone after shutdown";
    EXPECT_EQ(after.used_frames, 0u);
    EXPECT_EQ(after.host_threads, before.host_threads);
    EXPECT_LT(heap_after, heap_before + 64 * 1024) << "host heap grew by " << heap_after - heap_before << " bytes";
}

TEST(EmbeddedKernel, AnAutoResetEventSatisfiesOneWaitAndIsFreedWithItsProcess) {
    auto kernel = boot();
    auto baseline = Kernel::counters();
    GuestCode code;
    // NtCreateEvent(&handle in data page, EVENT_ALL_ACCESS, NULL, SynchronizationEvent, TRUE),
    // then a zero-timeout wait on it (satisfied) and a second one (times out), then exit.
    std::uint64_t handle_slot = halcyon::embed::kGuestDataAddress;
    std::uint64_t zero_timeout = halcyon::embed::kGuestDataAddress + 8;
    code.system_call(service("NtCreateEvent"), {handle_slot, 0x1F0003, 0, 1, 1});
    // The handle value is the first one a fresh process gets: 4.
    code.system_call(service("NtWaitForSingleObject"), {4, 0, zero_timeout});
    code.system_call(service("NtWaitForSingleObject"), {4, 0, zero_timeout});
    code.terminate_process(service("NtTerminateProcess"), 0);
    Recorder recorder;
    kernel->set_system_call_observer(&Recorder::observe, &recorder);
    EXPECT_EQ(run(*kernel, code).value, 0u);
    kernel->set_system_call_observer(nullptr, nullptr);
    ASSERT_EQ(recorder.results.size(), 4u);
    EXPECT_EQ(recorder.results[0].value, 0u);
    EXPECT_EQ(recorder.results[1].value, 0u) << "signalled: WAIT_OBJECT_0";
    EXPECT_EQ(recorder.results[2].value, 0x102u) << "auto-reset: the second wait times out";
    EXPECT_TRUE(recorder.inconsistencies.empty()) << recorder.inconsistencies.front();
    EXPECT_EQ(Kernel::counters().live_objects, baseline.live_objects);
}

/// A guest data page holding OBJECT_ATTRIBUTES (at 0x40) that name the registry key `path`
/// (its UNICODE_STRING at 0x100, the text at 0x200); the handle slot is at 0.
static std::vector<std::uint8_t> key_attributes_page(const std::u16string& path) {
    std::vector<std::uint8_t> page(0x400, 0);
    auto put = [&](std::size_t offset, auto value) { std::memcpy(&page[offset], &value, sizeof(value)); };
    std::uint64_t const base = halcyon::embed::kGuestDataAddress;
    put(0x40, std::uint32_t{48});              // Length
    put(0x50, base + 0x100);                    // ObjectName
    put(0x58, std::uint32_t{0x40});            // OBJ_CASE_INSENSITIVE
    auto const bytes = static_cast<std::uint16_t>(path.size() * 2);
    put(0x100, bytes);                          // Length
    put(0x102, static_cast<std::uint16_t>(bytes + 2)); // MaximumLength
    put(0x108, base + 0x200);                   // Buffer
    std::memcpy(&page[0x200], path.data(), bytes);
    return page;
}

TEST(EmbeddedKernel, ResettingAnInMemoryRegistryDropsWhatProgramsWrote) {
    auto kernel = boot();
    auto page = key_attributes_page(u"\\Registry\\Machine\\Software\\EmbedResetTest");
    std::uint64_t const handle_slot = halcyon::embed::kGuestDataAddress;
    std::uint64_t const attributes = halcyon::embed::kGuestDataAddress + 0x40;
    auto run_with = [&](const GuestCode& code) {
        Recorder recorder;
        kernel->set_system_call_observer(&Recorder::observe, &recorder);
        std::string error;
        kernel->run_guest_code(code.bytes(), page, error);
        kernel->set_system_call_observer(nullptr, nullptr);
        EXPECT_EQ(error, "");
        return recorder.results.empty() ? NtStatus{0xFFFFFFFF} : recorder.results.front();
    };
    GuestCode create;
    create.system_call(service("NtCreateKey"), {handle_slot, 0xF003F, attributes, 0, 0, 0, 0});
    create.terminate_process(service("NtTerminateProcess"), 0);
    GuestCode open;
    open.system_call(service("NtOpenKey"), {handle_slot, 0x20019, attributes});
    open.terminate_process(service("NtTerminateProcess"), 0);

    EXPECT_EQ(run_with(create).value, 0u);
    EXPECT_EQ(run_with(open).value, 0u) << "the key outlives the process that made it";
    std::string error;
    ASSERT_TRUE(kernel->reset_registry(error)) << error;
    EXPECT_EQ(run_with(open).value, 0xC0000034u) << "STATUS_OBJECT_NAME_NOT_FOUND after the reset";
    page = key_attributes_page(u"\\Registry\\Machine\\Software\\Microsoft\\Windows NT\\CurrentVersion");
    EXPECT_EQ(run_with(open).value, 0u) << "the defaults are back";
}

TEST(EmbeddedKernel, AFileBackedRegistryIsNotReset) {
    std::string error;
    std::string const hive = testing::TempDir() + "embed-reset-refused.hreg";
    auto kernel = Kernel::boot({.registry_file = hive, .ram_bytes = 64ull << 20}, error);
    ASSERT_TRUE(kernel) << error;
    EXPECT_FALSE(kernel->reset_registry(error));
    EXPECT_NE(error.find("persists in a file"), std::string::npos) << error;
    kernel.reset();
    std::remove(hive.c_str());
}

TEST(EmbeddedKernel, APipeReportsBrokenWithoutWritersAndClosingWithoutReaders) {
    auto kernel = boot();
    auto baseline = Kernel::counters();
    GuestCode code;
    std::uint64_t data = halcyon::embed::kGuestDataAddress;
    std::uint64_t io_status = data + 16, buffer = data + 64, peek = data + 128;
    // Pipe 1: read end 4, write end 8. Write 5 bytes, peek, read them, close the writer, read again.
    code.system_call(service("NtCreateAnonymousPipe"), {data, data + 8, 0, 0});
    code.system_call(service("NtWriteFile"), {8, 0, 0, 0, io_status, buffer, 5, 0, 0});
    code.system_call(service("NtFsControlFile"), {4, 0, 0, 0, io_status, 0x11400C, 0, 0, peek, 32});
    code.system_call(service("NtReadFile"), {4, 0, 0, 0, io_status, buffer, 16, 0, 0});
    code.system_call(service("NtClose"), {8});
    code.system_call(service("NtReadFile"), {4, 0, 0, 0, io_status, buffer, 16, 0, 0});
    // Pipe 2 (read end 8, the slot just freed; write end 12): close the reader, then write.
    code.system_call(service("NtCreateAnonymousPipe"), {data, data + 8, 0, 0});
    code.system_call(service("NtClose"), {8});
    code.system_call(service("NtWriteFile"), {12, 0, 0, 0, io_status, buffer, 1, 0, 0});
    code.terminate_process(service("NtTerminateProcess"), 0);
    Recorder recorder;
    kernel->set_system_call_observer(&Recorder::observe, &recorder);
    EXPECT_EQ(run(*kernel, code).value, 0u);
    kernel->set_system_call_observer(nullptr, nullptr);
    ASSERT_EQ(recorder.results.size(), 10u);
    for (int i : {0, 1, 2, 3, 4, 6, 7})
        EXPECT_EQ(recorder.results[i].value, 0u) << "call " << i;
    EXPECT_EQ(recorder.results[5].value, 0xC000014Bu) << "STATUS_PIPE_BROKEN: no data and no writer";
    EXPECT_EQ(recorder.results[8].value, 0xC00000B1u) << "STATUS_PIPE_CLOSING: no reader";
    EXPECT_TRUE(recorder.inconsistencies.empty()) << recorder.inconsistencies.front();
    EXPECT_EQ(Kernel::counters().live_objects, baseline.live_objects);
}

TEST(EmbeddedKernel, BadPointersAndHandlesAreErrorsNotCrashes) {
    auto kernel = boot();
    GuestCode code;
    std::uint64_t host_address = reinterpret_cast<std::uint64_t>(&service); // the kernel's own code
    code.system_call(service("NtClose"), {0x1234});                                       // no such handle
    code.system_call(service("NtCreateEvent"), {host_address, 0x1F0003, 0, 0, 0});         // kernel pointer
    code.system_call(service("NtCreateEvent"), {halcyon::embed::kGuestReadOnlyAddress, 0x1F0003, 0, 0, 0});
    code.system_call(service("NtCreateEvent"), {0x7fff'0000'0000, 0x1F0003, 0, 0, 0});   // beyond user space
    code.system_call(service("NtQuerySystemTime"), {halcyon::embed::kGuestDataAddress + 3}); // misaligned is fine
    code.system_call(0x7FFF, {});                                                          // no such service
    code.terminate_process(service("NtTerminateProcess"), 0);
    Recorder recorder;
    kernel->set_system_call_observer(&Recorder::observe, &recorder);
    EXPECT_EQ(run(*kernel, code).value, 0u);
    kernel->set_system_call_observer(nullptr, nullptr);
    ASSERT_EQ(recorder.results.size(), 7u);
    EXPECT_EQ(recorder.results[0].value, 0xC0000008u); // STATUS_INVALID_HANDLE
    EXPECT_EQ(recorder.results[1].value, 0xC0000005u); // STATUS_ACCESS_VIOLATION
    EXPECT_EQ(recorder.results[2].value, 0xC0000005u);
    EXPECT_EQ(recorder.results[3].value, 0xC0000005u);
    EXPECT_EQ(recorder.results[4].value, 0u);
    EXPECT_EQ(recorder.results[5].value, 0xC000001Cu); // STATUS_INVALID_SYSTEM_SERVICE
    EXPECT_EQ(Kernel::counters().live_objects, 0u) << "the failed creations left no object behind";
}

TEST(EmbeddedKernel, AGuestFaultEndsOnlyThatProcess) {
    auto kernel = boot();
    GuestCode faulting;
    faulting.write_to(0x10);
    EXPECT_EQ(run(*kernel, faulting).value, 0xC0000005u);
    GuestCode illegal;
    illegal.ud2();
    EXPECT_EQ(run(*kernel, illegal).value, 0xC000001Du);
    GuestCode fine;
    fine.terminate_process(service("NtTerminateProcess"), 3);
    EXPECT_EQ(run(*kernel, fine).value, 3u) << "the kernel still runs processes";
}

#ifdef HALCYON_TEST_SYSTEM_IMAGE
TEST(EmbeddedKernel, RunsAWindowsProgramTwiceInOneProcess) {
    for (int round = 0; round < 2; ++round) {
        std::string error;
        auto kernel = Kernel::boot({.system_image = HALCYON_TEST_SYSTEM_IMAGE,
                                    .drives = {{'D', HALCYON_TEST_APPS_DIR}},
                                    .ram_bytes = 256ull << 20},
                                   error);
        ASSERT_TRUE(kernel) << error;
        NtStatus status = kernel->run({.image_path = "D:\\exitcode.exe", .command_line = "exitcode.exe 42"}, error);
        EXPECT_EQ(error, "");
        EXPECT_EQ(status.value, 42u);
    }
    EXPECT_EQ(Kernel::counters().live_objects, 0u);
}
#endif
