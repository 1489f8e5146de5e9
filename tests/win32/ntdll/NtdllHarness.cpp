// Fake TEB/PEB and system calls for running ntdll's sources on the Linux host.

#include "NtdllHarness.h"

#include <sched.h>
#include <sys/mman.h>

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>

using namespace halcyon;

namespace ntdll_test {

namespace {

abi::Peb g_peb;
abi::ProcessParameters g_parameters;
std::atomic<uint64_t> g_next_thread_id{100};
thread_local std::unique_ptr<abi::Teb> t_teb;

std::mutex g_regions_lock;
std::map<uintptr_t, size_t> g_regions;
std::atomic<int> g_fail_allocations{0};

std::mutex g_io_lock;
std::string g_stderr;
std::vector<std::u16string> g_directories;
std::vector<std::u16string> g_opened;

constexpr uint64_t kStderrHandle = 0x1234;

std::u16string upcase(std::u16string s) {
    for (auto& c : s)
        if (c >= 'a' && c <= 'z')
            c = static_cast<char16_t>(c - 32);
    return s;
}

// The current directory and environment live in static storage, as the kernel's would (outside
// the process heap).
char16_t g_cwd_storage[260];
char16_t g_environment_storage[64];

struct FakeEvent {
    std::mutex lock;
    std::condition_variable changed;
    bool signaled = false;
};

} // namespace

void reset_process() {
    g_peb = {};
    g_parameters = {};
    g_peb.process_parameters = reinterpret_cast<uint64_t>(&g_parameters);
    g_peb.number_of_processors = 2;
    const std::u16string cwd = u"C:\\apps\\";
    std::copy(cwd.begin(), cwd.end(), g_cwd_storage);
    g_cwd_storage[cwd.size()] = 0;
    g_parameters.current_directory.buffer = reinterpret_cast<uint64_t>(g_cwd_storage);
    g_parameters.current_directory.length = static_cast<u16>(cwd.size() * 2);
    g_parameters.current_directory.maximum_length = sizeof(g_cwd_storage);
    const char16_t environment[] = u"PATH=C:\\Windows\0TEMP=C:\\temp\0";
    std::copy(std::begin(environment), std::end(environment), g_environment_storage);
    g_parameters.environment = reinterpret_cast<uint64_t>(g_environment_storage);
    g_parameters.environment_size = sizeof(environment);
    g_parameters.standard_error = kStderrHandle;
    {
        std::lock_guard guard(g_io_lock);
        g_stderr.clear();
        g_opened.clear();
        g_directories = {u"\\??\\C:\\", u"\\??\\C:\\apps", u"\\??\\C:\\Windows",
                         u"\\??\\C:\\Windows\\System32"};
    }
    PVOID heap = RtlCreateHeap(HEAP_GROWABLE, nullptr, 0, 0, nullptr, nullptr);
    g_peb.process_heap = reinterpret_cast<uint64_t>(heap);
}

void set_existing_directories(std::vector<std::u16string> nt_paths) {
    std::lock_guard guard(g_io_lock);
    g_directories = std::move(nt_paths);
}

const std::vector<std::u16string>& opened_paths() {
    return g_opened;
}

std::string captured_stderr() {
    std::lock_guard guard(g_io_lock);
    return g_stderr;
}

size_t live_regions() {
    std::lock_guard guard(g_regions_lock);
    return g_regions.size();
}

void fail_next_allocations(int count) {
    g_fail_allocations = count;
}

abi::ProcessParameters& parameters() {
    return g_parameters;
}

abi::Peb& peb() {
    return g_peb;
}

} // namespace ntdll_test

using namespace ntdll_test;

namespace halcyon::ntdll {

abi::Teb* current_teb() {
    if (!t_teb) {
        // A TEB lives as long as its (host) thread.
        t_teb = std::make_unique<abi::Teb>();
        t_teb->self = reinterpret_cast<uint64_t>(t_teb.get());
        t_teb->client_id.unique_thread = g_next_thread_id++;
    }
    t_teb->process_environment_block = reinterpret_cast<uint64_t>(&g_peb);
    return t_teb.get();
}

} // namespace halcyon::ntdll

extern "C" {

NTSTATUS NTAPI NtAllocateVirtualMemory(HANDLE process, PVOID* base, ULONG_PTR zero_bits, PSIZE_T size,
                                       ULONG allocation_type, ULONG protect) {
    if (g_fail_allocations > 0) {
        --g_fail_allocations;
        return STATUS_NO_MEMORY;
    }
    if (process != NtCurrentProcess() || *base || !(allocation_type & MEM_COMMIT) ||
        protect != PAGE_READWRITE)
        return STATUS_INVALID_PARAMETER;
    size_t length = (*size + 0xFFF) & ~size_t(0xFFF);
    void* memory = mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED)
        return STATUS_NO_MEMORY;
    std::lock_guard guard(g_regions_lock);
    g_regions[reinterpret_cast<uintptr_t>(memory)] = length;
    *base = memory;
    *size = length;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI NtFreeVirtualMemory(HANDLE process, PVOID* base, PSIZE_T size, ULONG free_type) {
    std::lock_guard guard(g_regions_lock);
    auto it = g_regions.find(reinterpret_cast<uintptr_t>(*base));
    if (it == g_regions.end() || free_type != MEM_RELEASE || *size != 0)
        return STATUS_MEMORY_NOT_ALLOCATED;
    munmap(*base, it->second);
    *size = it->second;
    g_regions.erase(it);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI NtCreateEvent(PHANDLE handle, ACCESS_MASK access, POBJECT_ATTRIBUTES attributes, ULONG type,
                             BOOLEAN initial_state) {
    auto* event = new FakeEvent;
    event->signaled = initial_state;
    *handle = event;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI NtSetEvent(HANDLE handle, PLONG previous) {
    auto* event = static_cast<FakeEvent*>(handle);
    std::lock_guard guard(event->lock);
    event->signaled = true;
    event->changed.notify_one();
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI NtWaitForSingleObject(HANDLE handle, BOOLEAN alertable, PLARGE_INTEGER timeout) {
    // Only auto-reset events are waited on by the code under test.
    auto* event = static_cast<FakeEvent*>(handle);
    std::unique_lock guard(event->lock);
    event->changed.wait(guard, [&] { return event->signaled; });
    event->signaled = false;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI NtClose(HANDLE handle) {
    // Events are the only objects the code under test closes besides directory handles, which
    // are small integers here.
    if (reinterpret_cast<uintptr_t>(handle) > 0x10000)
        delete static_cast<FakeEvent*>(handle);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI NtYieldExecution(void) {
    sched_yield();
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI NtOpenFile(PHANDLE handle, ACCESS_MASK access, POBJECT_ATTRIBUTES attributes,
                          PIO_STATUS_BLOCK io, ULONG share, ULONG options) {
    std::u16string path = to_u16(*attributes->ObjectName);
    std::lock_guard guard(g_io_lock);
    g_opened.push_back(path);
    std::u16string key = upcase(path);
    if (key.size() > 7 && key.back() == u'\\')
        key.pop_back();
    for (const auto& directory : g_directories) {
        if (upcase(directory) == key) {
            static uintptr_t next = 0x100;
            *handle = reinterpret_cast<HANDLE>(next += 4);
            return STATUS_SUCCESS;
        }
    }
    return STATUS_OBJECT_NAME_NOT_FOUND;
}

NTSTATUS NTAPI NtWriteFile(HANDLE file, HANDLE event, PVOID apc, PVOID apc_context, PIO_STATUS_BLOCK io,
                           PVOID buffer, ULONG length, PLARGE_INTEGER offset, PULONG key) {
    if (reinterpret_cast<uint64_t>(file) != 0x1234)
        return STATUS_INVALID_HANDLE;
    std::lock_guard guard(g_io_lock);
    g_stderr.append(static_cast<const char*>(buffer), length);
    io->Status = STATUS_SUCCESS;
    io->Information = length;
    return STATUS_SUCCESS;
}

} // extern "C"
