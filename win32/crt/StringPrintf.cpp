// String printf contracts (see StringPrintf.h).

#include "win32/crt/StringPrintf.h"

namespace crt {

namespace {
constexpr int kEINVAL = 22;
constexpr int kERANGE = 34;
} // namespace

template <typename CharT>
int print_to_buffer(BufferContract contract, CharT* buffer, size_t count, const CharT* format, va_list args,
                    const PrintfOptions& options, int& errno_out) {
    errno_out = 0;
    if (!format || (!buffer && count != 0 && contract != BufferContract::Unbounded)) {
        errno_out = kEINVAL;
        return -1;
    }
    if (contract == BufferContract::Unbounded) {
        if (!buffer) {
            errno_out = kEINVAL;
            return -1;
        }
        int length = format_to_buffer(buffer, ~size_t(0) / 2 / sizeof(CharT), format, args, options, errno_out);
        if (length >= 0)
            buffer[length] = 0;
        return length;
    }
    int length = format_to_buffer(buffer, count, format, args, options, errno_out);
    if (length < 0) {
        if (buffer && count > 0)
            buffer[0] = 0;
        return length;
    }
    size_t produced = static_cast<size_t>(length);
    switch (contract) {
    case BufferContract::Legacy:
        if (produced < count) {
            buffer[produced] = 0;
            return length;
        }
        return produced == count ? length : -1;
    case BufferContract::Standard:
        if (count > 0)
            buffer[produced < count ? produced : count - 1] = 0;
        return length;
    case BufferContract::UcrtDefault:
        if (!buffer)
            return length;
        if (produced < count) {
            buffer[produced] = 0;
            return length;
        }
        if (count > 0)
            buffer[count - 1] = 0;
        return -2;
    default:
        return length;
    }
}

template <typename CharT>
int print_to_buffer_secure(CharT* buffer, size_t size, size_t max_count, const CharT* format, va_list args,
                           const PrintfOptions& options, int& errno_out) {
    errno_out = 0;
    if (!format || !buffer || size == 0) {
        errno_out = kEINVAL;
        return -1;
    }
    bool truncate = max_count == ~size_t(0);
    size_t limit = truncate ? size - 1 : min(max_count, size - 1);
    int length = format_to_buffer(buffer, limit, format, args, options, errno_out);
    if (length < 0) {
        buffer[0] = 0;
        return -1;
    }
    size_t produced = static_cast<size_t>(length);
    if (produced <= limit) {
        buffer[produced] = 0;
        return length;
    }
    if (truncate) {
        buffer[limit] = 0;
        return -1;
    }
    if (max_count < size && produced > max_count) {
        // _snprintf_s with an explicit count smaller than the buffer: truncation is allowed.
        buffer[max_count] = 0;
        return -1;
    }
    buffer[0] = 0;
    errno_out = kERANGE;
    return -1;
}

template int print_to_buffer<char>(BufferContract, char*, size_t, const char*, va_list, const PrintfOptions&, int&);
template int print_to_buffer<WideChar>(BufferContract, WideChar*, size_t, const WideChar*, va_list,
                                       const PrintfOptions&, int&);
template int print_to_buffer_secure<char>(char*, size_t, size_t, const char*, va_list, const PrintfOptions&, int&);
template int print_to_buffer_secure<WideChar>(WideChar*, size_t, size_t, const WideChar*, va_list,
                                              const PrintfOptions&, int&);

} // namespace crt
