#pragma once

// Per-thread CRT state (errno, _doserrno, strtok's position, rand's seed, gmtime's result
// buffer...), as the Microsoft CRT keeps it per thread. Allocated on first use through a TLS slot.

#include "win32/crt/CrtTypes.h"
#include "win32/crt/TimeTypes.h"

namespace crt {

struct ThreadData {
    int error_number;
    uint32_t dos_error;
    char* strtok_next;
    WideChar* wcstok_next;
    uint32_t rand_state;
    Tm tm_buffer;
    char asctime_buffer[32];
    char strerror_buffer[96];
    /// _ecvt/_fcvt's result (_CVTBUFSIZE characters), shared by both as in the Microsoft CRT.
    char cvt_buffer[352];
    /// The _beginthread/_beginthreadex start block of a thread the CRT started (Threads.cpp).
    void* thread_start;
};

/// The calling thread's data; never null (falls back to a static block if allocation fails).
ThreadData& thread_data();

/// Initializes the TLS slot; called once from DllMain before any other CRT function runs.
void initialize_thread_data();

/// Frees the calling thread's data (thread exit: DLL_THREAD_DETACH, _endthread/_endthreadex).
/// The next thread_data() call of the same thread allocates a fresh block.
void free_thread_data();

} // namespace crt
