#pragma once

// The static TLS directory of an image ([pecoff] 6.7). Its fields are VAs, relocated with the
// rest of the image; they are reported relative to the image's current ImageBase (which
// apply_relocations keeps in step), so the same code works before and after rebasing.

#include "core/lib/ErrorOr.h"
#include "pe/FunctionRef.h"
#include "pe/Image.h"

namespace halcyon::pe {

/// Far more TLS callbacks than any real image has (mingw's CRT uses two); bounds the walk.
constexpr u32 kMaxTlsCallbacks = 1024;

struct TlsInfo {
    /// The template copied into each thread's TLS block: [raw_data_start_rva, +raw_data_size).
    u32 raw_data_start_rva;
    u32 raw_data_size;
    /// Bytes of zeros that follow the template in each thread's block.
    u32 zero_fill_size;
    /// Where the loader stores the module's TLS index (a u32); 0 when the image has none.
    u32 index_rva;
    /// The null-terminated array of callback VAs, or 0 when there are none.
    u32 callbacks_rva;
    /// Number of callbacks before the terminating null.
    u32 callback_count;
    u32 characteristics;
    /// The directory as stored (VAs; a PE32 directory widened), for code that wants the raw values.
    TlsDirectory64 raw;
};

/// Reads and validates the TLS directory: the template, index and callback array lie inside the
/// image, and every callback VA points into the image. Returns false when there is no directory.
ErrorOr<bool> read_tls(const Image& image, TlsInfo& out);

/// Calls `callback` with the VA of each TLS callback, in order. `tls` comes from read_tls on the
/// same image.
ErrorOr<void> for_each_tls_callback(const Image& image, const TlsInfo& tls,
                                    FunctionRef<ErrorOr<void>(u64 va)> callback);

} // namespace halcyon::pe
