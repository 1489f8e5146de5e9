#include "pe/Errors.h"

namespace halcyon::pe {

namespace {

struct ErrorRow {
    const char* name;
    NtStatus status;
    const char* message;
};

// constexpr, so no global constructor runs (ntdll and the kernel have none).
constexpr ErrorRow kErrors[] = {
#define HALCYON_PE_ERROR_ROW(name, status_name, message) {#name, status::status_name, message},
    HALCYON_PE_ERRORS(HALCYON_PE_ERROR_ROW)
#undef HALCYON_PE_ERROR_ROW
};
static_assert(sizeof(kErrors) / sizeof(kErrors[0]) == static_cast<usize>(PeError::Count));

constexpr u32 kErrorCount = static_cast<u32>(PeError::Count);

} // namespace

Error error(PeError code) {
    u32 const index = static_cast<u32>(code);
    if (index >= kErrorCount)
        return Error(status::InvalidImageFormat, "invalid image (unknown pe/ error)");
    return Error(kErrors[index].status, kErrors[index].message);
}

const char* error_name(PeError code) {
    u32 const index = static_cast<u32>(code);
    return index < kErrorCount ? kErrors[index].name : "Unknown";
}

const char* error_message(PeError code) {
    u32 const index = static_cast<u32>(code);
    return index < kErrorCount ? kErrors[index].message : "(unknown pe/ error)";
}

bool classify(const Error& error, PeError& code) {
    if (!error.has_message())
        return false;
    // Compared by address: every row's message is its own string literal (a unit test checks
    // that no two rows share text, so the linker cannot merge two of them into one).
    char const* const message = error.message();
    for (u32 index = 0; index < kErrorCount; ++index) {
        if (kErrors[index].message == message && kErrors[index].status == error.status()) {
            code = static_cast<PeError>(index);
            return true;
        }
    }
    return false;
}

} // namespace halcyon::pe
