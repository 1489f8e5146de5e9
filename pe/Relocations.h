#pragma once

// Base relocation ([pecoff] 6.6): when an image is mapped somewhere other than its preferred
// ImageBase, every absolute address the linker baked into it is adjusted by the difference.

#include "core/lib/ErrorOr.h"
#include "core/lib/Span.h"
#include "pe/FunctionRef.h"
#include "pe/Image.h"

namespace halcyon::pe {

/// Upper bound on relocation blocks walked, far above any real image (one block per 4 KiB page
/// of a 2 GiB image is 512 Ki blocks); it only guarantees termination on hostile input.
constexpr u32 kMaxRelocationBlocks = 0x80000;

struct Relocation {
    /// relocation_type::*.
    u8 type;
    /// The RVA of the value to patch.
    u32 rva;
    /// For HighAdj only: the low 16 bits carried in the following entry.
    u16 high_adj_low;
};

/// Walks every relocation in `image` (file or mapped) without changing anything, checking each
/// block and entry: block bounds, known types, targets inside the image. Absolute (padding)
/// entries are skipped.
ErrorOr<void> for_each_relocation(const Image& image, FunctionRef<ErrorOr<void>(const Relocation&)> callback);

/// Rebases a mapped image (laid out at its RVAs, SizeOfImage bytes) to `new_base`: patches every
/// relocation target and rewrites OptionalHeader.ImageBase in the mapped headers. A no-op when
/// the image is already at `new_base`. The whole table is validated before the first write, so
/// an image with a corrupt table is left untouched (only a table that relocates its own entries
/// can still fail half-way, and then without writing out of bounds). Fails with status::ConflictingAddresses
/// when the image has had its relocations stripped and must move.
ErrorOr<void> apply_relocations(Bytes mapped_image, u64 new_base);

} // namespace halcyon::pe
