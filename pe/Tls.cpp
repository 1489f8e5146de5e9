#include "pe/Tls.h"

namespace halcyon::pe {

namespace {

ErrorOr<u64> callback_at(const Image& image, u32 callbacks_rva, u32 index) {
    u64 const slot = static_cast<u64>(callbacks_rva) + static_cast<u64>(index) * image.pointer_size();
    if (slot > 0xFFFFFFFFull)
        return error(PeError::TlsCallbacksNotTerminated);
    if (image.is_pe32_plus())
        return image.object_at_rva<u64>(static_cast<u32>(slot), PeError::TlsCallbacksUnreadable);
    return static_cast<u64>(
        TRY(image.object_at_rva<u32>(static_cast<u32>(slot), PeError::TlsCallbacksUnreadable)));
}

/// The directory in its PE32+ shape, whichever format the image has.
ErrorOr<TlsDirectory64> read_directory(const Image& image, DataDirectory directory) {
    if (image.is_pe32_plus()) {
        if (directory.size < sizeof(TlsDirectory64))
            return error(PeError::TlsDirectoryTooSmall);
        return image.object_at_rva<TlsDirectory64>(directory.virtual_address,
                                                   PeError::TlsDirectoryUnreadable);
    }
    if (directory.size < sizeof(TlsDirectory32))
        return error(PeError::TlsDirectoryTooSmall);
    auto const narrow =
        TRY(image.object_at_rva<TlsDirectory32>(directory.virtual_address, PeError::TlsDirectoryUnreadable));
    return TlsDirectory64{narrow.start_address_of_raw_data, narrow.end_address_of_raw_data,
                          narrow.address_of_index,          narrow.address_of_callbacks,
                          narrow.size_of_zero_fill,         narrow.characteristics};
}

} // namespace

ErrorOr<bool> read_tls(const Image& image, TlsInfo& out) {
    DataDirectory const directory = image.data_directory(directory::Tls);
    if (directory.virtual_address == 0)
        return false;
    TlsDirectory64 const raw = TRY(read_directory(image, directory));

    TlsInfo info{};
    info.raw = raw;
    info.characteristics = raw.characteristics;
    info.zero_fill_size = raw.size_of_zero_fill;

    // An empty template (start == end) is legal: all TLS data may be zero-fill.
    if (raw.start_address_of_raw_data != 0 || raw.end_address_of_raw_data != 0) {
        if (raw.end_address_of_raw_data < raw.start_address_of_raw_data)
            return error(PeError::TlsTemplateReversed);
        u32 start = 0;
        if (!image.va_to_rva(raw.start_address_of_raw_data, start))
            return error(PeError::TlsTemplateOutsideImage);
        u64 const size = raw.end_address_of_raw_data - raw.start_address_of_raw_data;
        if (size > image.size_of_image() - start)
            return error(PeError::TlsTemplatePastEnd);
        info.raw_data_start_rva = start;
        info.raw_data_size = static_cast<u32>(size);
    }
    if (raw.address_of_index != 0) {
        if (!image.va_to_rva(raw.address_of_index, info.index_rva) ||
            image.size_of_image() - info.index_rva < sizeof(u32))
            return error(PeError::TlsIndexOutsideImage);
    }
    if (raw.address_of_callbacks != 0) {
        if (!image.va_to_rva(raw.address_of_callbacks, info.callbacks_rva))
            return error(PeError::TlsCallbackArrayOutsideImage);
        for (u32 index = 0;; ++index) {
            if (index >= kMaxTlsCallbacks)
                return error(PeError::TooManyTlsCallbacks);
            u64 const callback = TRY(callback_at(image, info.callbacks_rva, index));
            if (callback == 0)
                break;
            u32 ignored = 0;
            if (!image.va_to_rva(callback, ignored))
                return error(PeError::TlsCallbackOutsideImage);
            info.callback_count = index + 1;
        }
    }
    out = info;
    return true;
}

ErrorOr<void> for_each_tls_callback(const Image& image, const TlsInfo& tls,
                                    FunctionRef<ErrorOr<void>(u64 va)> callback) {
    for (u32 index = 0; index < tls.callback_count; ++index) {
        u64 const va = TRY(callback_at(image, tls.callbacks_rva, index));
        TRY(callback(va));
    }
    return {};
}

} // namespace halcyon::pe
