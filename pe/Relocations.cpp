#include "pe/Relocations.h"

namespace halcyon::pe {

namespace {

/// Width in bytes of the value a relocation type patches; 0 for types we do not support.
constexpr u32 patch_width(u8 type) {
    switch (type) {
    case relocation_type::High:
    case relocation_type::Low:
    case relocation_type::HighAdj:
        return 2;
    case relocation_type::HighLow:
        return 4;
    case relocation_type::Dir64:
        return 8;
    default:
        return 0;
    }
}

template <typename T>
void add_in_place(u8* where, T delta) {
    T value;
    __builtin_memcpy(&value, where, sizeof(T));
    value = static_cast<T>(value + delta);
    __builtin_memcpy(where, &value, sizeof(T));
}

} // namespace

ErrorOr<void> for_each_relocation(const Image& image,
                                  FunctionRef<ErrorOr<void>(const Relocation&)> callback) {
    DataDirectory const directory = image.data_directory(directory::BaseRelocation);
    if (directory.virtual_address == 0 || directory.size == 0)
        return {};
    // Read the table through bytes_at_rva so it works on a file as well as on a mapped view.
    ReadonlyBytes const table = TRY(
        image.bytes_at_rva(directory.virtual_address, directory.size, PeError::RelocationTableUnreadable));

    u32 offset = 0;
    u32 blocks = 0;
    // A trailing fragment shorter than a block header is tolerated: some linkers pad the
    // directory size up to an alignment boundary.
    while (table.size() - offset >= sizeof(BaseRelocationBlock)) {
        if (++blocks > kMaxRelocationBlocks)
            return error(PeError::TooManyRelocationBlocks);
        BaseRelocationBlock block;
        (void)read_object(table, offset, block);
        if (block.size_of_block == 0 && block.page_rva == 0)
            break; // Zero padding at the end of the table.
        if (block.size_of_block < sizeof(BaseRelocationBlock))
            return error(PeError::RelocationBlockTooSmall);
        if (block.size_of_block > table.size() - offset)
            return error(PeError::RelocationBlockPastDirectory);
        if ((block.size_of_block & 1) != 0)
            return error(PeError::RelocationBlockSizeOdd);
        if (block.page_rva >= image.size_of_image())
            return error(PeError::RelocationPageOutsideImage);

        u32 const entry_count = (block.size_of_block - sizeof(BaseRelocationBlock)) / sizeof(u16);
        u32 const entries_offset = offset + sizeof(BaseRelocationBlock);
        for (u32 i = 0; i < entry_count; ++i) {
            u16 entry = 0;
            (void)read_object(table, entries_offset + i * sizeof(u16), entry);
            u8 const type = static_cast<u8>(entry >> 12);
            if (type == relocation_type::Absolute)
                continue;
            u32 const width = patch_width(type);
            if (width == 0)
                return error(PeError::RelocationTypeUnknown);
            Relocation relocation{type, block.page_rva + (entry & 0x0FFFu), 0};
            if (type == relocation_type::HighAdj) {
                if (++i >= entry_count)
                    return error(PeError::RelocationHighAdjIncomplete);
                (void)read_object(table, entries_offset + i * sizeof(u16), relocation.high_adj_low);
            }
            u64 const target_end = static_cast<u64>(relocation.rva) + width;
            if (target_end > image.size_of_image())
                return error(PeError::RelocationTargetOutsideImage);
            TRY(callback(relocation));
        }
        offset += block.size_of_block;
    }
    return {};
}

ErrorOr<void> apply_relocations(Bytes mapped_image, u64 new_base) {
    Image const image = TRY(Image::parse_mapped(ReadonlyBytes(mapped_image.data(), mapped_image.size())));
    u64 const delta = new_base - image.image_base(); // Modular: moving down wraps, as on Windows.
    if (delta == 0)
        return {};

    if (!is_aligned<u64>(new_base, kPageSize))
        return error(PeError::RelocationBaseNotPageAligned);
    u64 new_end = 0;
    if (!checked_add<u64>(new_base, image.size_of_image(), new_end) || new_end > kUserAddressLimit)
        return error(PeError::RelocationBaseAboveUserLimit);
    if (image.relocations_stripped())
        return error(PeError::RelocationsStripped);

    // Pass 1 validates everything, so a corrupt table leaves the image untouched.
    TRY(for_each_relocation(image, [](const Relocation&) -> ErrorOr<void> { return {}; }));

    u8* const base = mapped_image.data();
    u32 const size = image.size_of_image();
    // Pass 2 patches. Targets are bounds-checked again because a relocation may legitimately
    // (or maliciously) land inside the relocation table itself and change the entries we have
    // not read yet; that can produce a different, but never an out-of-bounds, write.
    auto patch = [&](const Relocation& relocation) -> ErrorOr<void> {
        u32 const width = patch_width(relocation.type);
        if (width == 0 || relocation.rva > size || width > size - relocation.rva)
            return error(PeError::RelocationTargetOutsideImage);
        u8* const where = base + relocation.rva;
        switch (relocation.type) {
        case relocation_type::High:
            add_in_place<u16>(where, static_cast<u16>(delta >> 16));
            break;
        case relocation_type::Low:
            add_in_place<u16>(where, static_cast<u16>(delta));
            break;
        case relocation_type::HighLow:
            add_in_place<u32>(where, static_cast<u32>(delta));
            break;
        case relocation_type::HighAdj: {
            // [pecoff] 6.6.2: the 32-bit value is (patched high half << 16) + the signed low
            // half from the next entry; add the delta, round, and store the new high half.
            u16 high;
            __builtin_memcpy(&high, where, sizeof(high));
            u32 value = (static_cast<u32>(high) << 16) +
                        static_cast<u32>(static_cast<i32>(static_cast<i16>(relocation.high_adj_low)));
            value += static_cast<u32>(delta);
            value += 0x8000;
            high = static_cast<u16>(value >> 16);
            __builtin_memcpy(where, &high, sizeof(high));
            break;
        }
        case relocation_type::Dir64:
            add_in_place<u64>(where, delta);
            break;
        default:
            return error(PeError::RelocationTypeUnknown);
        }
        return {};
    };
    TRY(for_each_relocation(image, patch));

    // Record the new base in the mapped headers: TLS, exception and loader code read it back.
    u32 const field = image.image_base_field_offset();
    if (field > size || sizeof(u64) > size - field)
        return error(PeError::RelocationHeaderOutsideImage);
    __builtin_memcpy(base + field, &new_base, sizeof(new_base));
    return {};
}

} // namespace halcyon::pe
