#include "pe/Tls.h"

namespace halcyon::pe {

namespace {

Error format_error(const char* message) {
    return Error(status::InvalidImageFormat, message);
}

/// Converts a VA to an RVA of the image at its current base; false when outside [base, base+size).
bool va_to_rva(const Image& image, u64 va, u32& rva) {
    if (va < image.image_base() || va - image.image_base() >= image.size_of_image())
        return false;
    rva = static_cast<u32>(va - image.image_base());
    return true;
}

ErrorOr<u64> callback_at(const Image& image, u32 callbacks_rva, u32 index) {
    u64 const slot = static_cast<u64>(callbacks_rva) + static_cast<u64>(index) * sizeof(u64);
    if (slot > 0xFFFFFFFFull)
        return format_error("TLS callback array not terminated within image");
    return image.object_at_rva<u64>(static_cast<u32>(slot), "TLS callback array not terminated within image data");
}

} // namespace

ErrorOr<bool> read_tls(const Image& image, TlsInfo& out) {
    DataDirectory const directory = image.data_directory(directory::Tls);
    if (directory.virtual_address == 0)
        return false;
    if (directory.size < sizeof(TlsDirectory64))
        return format_error("TLS directory smaller than its structure");
    TlsDirectory64 const raw =
        TRY(image.object_at_rva<TlsDirectory64>(directory.virtual_address, "TLS directory outside image data"));

    TlsInfo info{};
    info.raw = raw;
    info.characteristics = raw.characteristics;
    info.zero_fill_size = raw.size_of_zero_fill;

    // An empty template (start == end) is legal: all TLS data may be zero-fill.
    if (raw.start_address_of_raw_data != 0 || raw.end_address_of_raw_data != 0) {
        if (raw.end_address_of_raw_data < raw.start_address_of_raw_data)
            return format_error("TLS template end precedes its start");
        u32 start = 0;
        if (!va_to_rva(image, raw.start_address_of_raw_data, start))
            return format_error("TLS template outside image");
        u64 const size = raw.end_address_of_raw_data - raw.start_address_of_raw_data;
        if (size > image.size_of_image() - start)
            return format_error("TLS template extends past end of image");
        info.raw_data_start_rva = start;
        info.raw_data_size = static_cast<u32>(size);
    }
    if (raw.address_of_index != 0) {
        if (!va_to_rva(image, raw.address_of_index, info.index_rva) ||
            image.size_of_image() - info.index_rva < sizeof(u32))
            return format_error("TLS index slot outside image");
    }
    if (raw.address_of_callbacks != 0) {
        if (!va_to_rva(image, raw.address_of_callbacks, info.callbacks_rva))
            return format_error("TLS callback array outside image");
        for (u32 index = 0;; ++index) {
            if (index >= kMaxTlsCallbacks)
                return format_error("too many TLS callbacks (array not terminated?)");
            u64 const callback = TRY(callback_at(image, info.callbacks_rva, index));
            if (callback == 0)
                break;
            u32 ignored = 0;
            if (!va_to_rva(image, callback, ignored))
                return format_error("TLS callback outside image");
            info.callback_count = index + 1;
        }
    }
    out = info;
    return true;
}

ErrorOr<void> for_each_tls_callback(const Image& image, const TlsInfo& tls, FunctionRef<ErrorOr<void>(u64 va)> callback) {
    for (u32 index = 0; index < tls.callback_count; ++index) {
        u64 const va = TRY(callback_at(image, tls.callbacks_rva, index));
        TRY(callback(va));
    }
    return {};
}

} // namespace halcyon::pe
