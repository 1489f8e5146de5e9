// Per-thread CRT state through one TLS slot (see ThreadData.h).

#include "win32/crt/ThreadData.h"
#include "win32/crt/Os.h"

namespace crt {

namespace {
constexpr uint32_t kNoSlot = 0xffffffffu;
uint32_t g_slot = kNoSlot;
// Used before initialization and when a thread's block cannot be allocated: errno must always
// have somewhere to go.
ThreadData g_fallback = {};
} // namespace

void initialize_thread_data() {
    if (g_slot == kNoSlot)
        g_slot = os::tls_alloc();
    g_fallback.rand_state = 1;
}

ThreadData& thread_data() {
    if (g_slot == kNoSlot)
        return g_fallback;
    auto* data = static_cast<ThreadData*>(os::tls_get(g_slot));
    if (data)
        return *data;
    data = static_cast<ThreadData*>(os::heap_alloc(sizeof(ThreadData), true));
    if (!data)
        return g_fallback;
    data->rand_state = 1; // rand() without srand() behaves as after srand(1)
    os::tls_set(g_slot, data);
    return *data;
}

void free_thread_data() {
    if (g_slot == kNoSlot)
        return;
    auto* data = static_cast<ThreadData*>(os::tls_get(g_slot));
    if (!data)
        return;
    os::tls_set(g_slot, nullptr);
    os::heap_free(data);
}

} // namespace crt

#include "win32/crt/StringShared.h"

namespace crt {
char*& strtok_context() { return thread_data().strtok_next; }
WideChar*& wcstok_context() { return thread_data().wcstok_next; }
} // namespace crt
