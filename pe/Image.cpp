#include "pe/Image.h"

namespace halcyon::pe {

namespace {

constexpr bool is_power_of_two(u32 value) {
    return value != 0 && (value & (value - 1)) == 0;
}

// Per-directory errors, so a launch failure says which table is broken. Indexed by directory::*.
constexpr PeError kDirectoryOutsideImage[directory::Count] = {
    PeError::ExportDirectoryOutsideImage,        PeError::ImportDirectoryOutsideImage,
    PeError::ResourceDirectoryOutsideImage,      PeError::ExceptionDirectoryOutsideImage,
    PeError::CertificateTableOutsideFile,        PeError::RelocationDirectoryOutsideImage,
    PeError::DebugDirectoryOutsideImage,         PeError::ArchitectureDirectoryOutsideImage,
    PeError::GlobalPointerDirectoryOutsideImage, PeError::TlsDirectoryOutsideImage,
    PeError::LoadConfigDirectoryOutsideImage,    PeError::BoundImportDirectoryOutsideImage,
    PeError::IatDirectoryOutsideImage,           PeError::DelayImportDirectoryOutsideImage,
    PeError::ClrDirectoryOutsideImage,           PeError::ReservedDirectoryOutsideImage,
};

constexpr PeError kDirectoryPastEnd[directory::Count] = {
    PeError::ExportDirectoryPastEnd,        PeError::ImportDirectoryPastEnd,
    PeError::ResourceDirectoryPastEnd,      PeError::ExceptionDirectoryPastEnd,
    PeError::CertificateTablePastEnd,       PeError::RelocationDirectoryPastEnd,
    PeError::DebugDirectoryPastEnd,         PeError::ArchitectureDirectoryPastEnd,
    PeError::GlobalPointerDirectoryPastEnd, PeError::TlsDirectoryPastEnd,
    PeError::LoadConfigDirectoryPastEnd,    PeError::BoundImportDirectoryPastEnd,
    PeError::IatDirectoryPastEnd,           PeError::DelayImportDirectoryPastEnd,
    PeError::ClrDirectoryPastEnd,           PeError::ReservedDirectoryPastEnd,
};

/// Widens a PE32 optional header into the PE32+ layout. Field by field: the two differ in
/// BaseOfData (dropped) and in the width of ImageBase and the stack and heap sizes.
OptionalHeader64 widen(const OptionalHeader32& narrow) {
    OptionalHeader64 wide{};
    wide.magic = narrow.magic;
    wide.major_linker_version = narrow.major_linker_version;
    wide.minor_linker_version = narrow.minor_linker_version;
    wide.size_of_code = narrow.size_of_code;
    wide.size_of_initialized_data = narrow.size_of_initialized_data;
    wide.size_of_uninitialized_data = narrow.size_of_uninitialized_data;
    wide.address_of_entry_point = narrow.address_of_entry_point;
    wide.base_of_code = narrow.base_of_code;
    wide.image_base = narrow.image_base;
    wide.section_alignment = narrow.section_alignment;
    wide.file_alignment = narrow.file_alignment;
    wide.major_operating_system_version = narrow.major_operating_system_version;
    wide.minor_operating_system_version = narrow.minor_operating_system_version;
    wide.major_image_version = narrow.major_image_version;
    wide.minor_image_version = narrow.minor_image_version;
    wide.major_subsystem_version = narrow.major_subsystem_version;
    wide.minor_subsystem_version = narrow.minor_subsystem_version;
    wide.win32_version_value = narrow.win32_version_value;
    wide.size_of_image = narrow.size_of_image;
    wide.size_of_headers = narrow.size_of_headers;
    wide.checksum = narrow.checksum;
    wide.subsystem = narrow.subsystem;
    wide.dll_characteristics = narrow.dll_characteristics;
    wide.size_of_stack_reserve = narrow.size_of_stack_reserve;
    wide.size_of_stack_commit = narrow.size_of_stack_commit;
    wide.size_of_heap_reserve = narrow.size_of_heap_reserve;
    wide.size_of_heap_commit = narrow.size_of_heap_commit;
    wide.loader_flags = narrow.loader_flags;
    wide.number_of_rva_and_sizes = narrow.number_of_rva_and_sizes;
    return wide;
}

} // namespace

ErrorOr<Image> Image::parse(ReadonlyBytes file) {
    return parse_impl(file, false, Purpose::Load);
}

ErrorOr<Image> Image::parse_for_inspection(ReadonlyBytes file) {
    return parse_impl(file, false, Purpose::Inspect);
}

ErrorOr<Image> Image::parse_for_inspection(ReadonlyBytes file, ReadRecord& record) {
    return parse_impl(file, false, Purpose::Inspect, &record);
}

ErrorOr<Image> Image::parse_mapped(ReadonlyBytes mapped) {
    return parse_impl(mapped, true, Purpose::Load);
}

ErrorOr<void> Image::read_optional_header(ReadonlyBytes data, u64 offset, u32 size, Purpose purpose) {
    // Recognise 32-bit images by either field before anything else, so the loader tells the
    // user the real reason rather than complaining about header sizes that differ between
    // PE32 and PE32+.
    u16 magic = 0;
    bool const have_magic = size >= sizeof(u16) && read_object(data, offset, magic);
    if (purpose == Purpose::Load) {
        if (m_file_header.machine == machine::I386 || (have_magic && magic == kOptionalHeaderMagicPe32))
            return error(PeError::Pe32NotSupported);
        if (m_file_header.machine != machine::Amd64)
            return error(PeError::UnsupportedMachine);
    }
    if ((m_file_header.characteristics & file_characteristics::ExecutableImage) == 0)
        return error(PeError::NotExecutableImage);
    if (!have_magic)
        return error(size < sizeof(u16) ? PeError::OptionalHeaderTooSmall : PeError::OptionalHeaderTruncated);

    u32 fixed_size = 0;
    if (magic == kOptionalHeaderMagicPe32Plus) {
        m_format = ImageFormat::Pe32Plus;
        fixed_size = kOptionalHeader64FixedSize;
    } else if (magic == kOptionalHeaderMagicPe32) {
        m_format = ImageFormat::Pe32;
        fixed_size = kOptionalHeader32FixedSize;
    } else {
        return error(PeError::UnknownOptionalHeaderMagic);
    }
    if (size < fixed_size)
        return error(PeError::OptionalHeaderTooSmall);
    if (!data.contains_range(offset, size))
        return error(PeError::OptionalHeaderTruncated);

    // [pecoff] 3.4.3: NumberOfRvaAndSizes entries follow the fixed part, and must fit in the
    // optional header as sized by the file header. Entries beyond 16 have no meaning; entries the
    // image does not declare stay cleared so data_directory() need not know the count.
    m_optional_header = {};
    if (m_format == ImageFormat::Pe32Plus) {
        __builtin_memcpy(&m_optional_header, data.data() + offset, fixed_size);
    } else {
        OptionalHeader32 narrow;
        __builtin_memcpy(&narrow, data.data() + offset, fixed_size);
        m_optional_header = widen(narrow);
    }
    u32 const declared = m_optional_header.number_of_rva_and_sizes;
    if (declared > (size - fixed_size) / sizeof(DataDirectory))
        return error(PeError::DataDirectoriesPastOptionalHeader);
    __builtin_memcpy(&m_optional_header.data_directories, data.data() + offset + fixed_size,
                     min<u32>(declared, directory::Count) * sizeof(DataDirectory));
    return {};
}

ErrorOr<Image> Image::parse_impl(ReadonlyBytes data, bool mapped, Purpose purpose, ReadRecord* record) {
    Image image;
    image.m_is_mapped = mapped;
    image.m_purpose = purpose;
    image.m_record = record;
    // Every header read below is noted first (see ReadRecord), clamped to the file: a read
    // past its end fails without touching anything.
    auto const reads_up_to = [&](u64 end) {
        if (record)
            record->note_prefix(min<u64>(end, data.size()));
    };
    reads_up_to(sizeof(DosHeader));

    // [pecoff] 2: the MS-DOS stub starts with "MZ" and holds the signature offset at 0x3c.
    u16 dos_magic = 0;
    if (!read_object(data, 0, dos_magic) || dos_magic != kDosMagic)
        return error(PeError::NotMz);
    DosHeader dos;
    if (!read_object(data, 0, dos))
        return error(PeError::DosHeaderTruncated);

    u32 const nt_offset = dos.new_header_offset;
    u32 signature = 0;
    reads_up_to(static_cast<u64>(nt_offset) + sizeof(signature));
    if (!read_object(data, nt_offset, signature))
        return error(PeError::PeSignaturePastEnd);
    if ((signature & 0xFFFF) == kNeSignature)
        return error(PeError::Win16Image);
    if (signature != kPeSignature)
        return error(PeError::MissingPeSignature);
    image.m_nt_headers_offset = nt_offset;

    u64 const file_header_offset = static_cast<u64>(nt_offset) + sizeof(u32);
    reads_up_to(file_header_offset + sizeof(FileHeader));
    if (!read_object(data, file_header_offset, image.m_file_header))
        return error(PeError::FileHeaderTruncated);
    FileHeader const& file_header = image.m_file_header;

    u64 const optional_offset = file_header_offset + sizeof(FileHeader);
    reads_up_to(optional_offset + file_header.size_of_optional_header);
    TRY(image.read_optional_header(data, optional_offset, file_header.size_of_optional_header, purpose));
    u32 const optional_size = file_header.size_of_optional_header;
    OptionalHeader64 const& optional = image.m_optional_header;

    // Refuse managed images early and by name: mapping them would "succeed" and then fail in a
    // confusing way, since the entry point is a stub that calls into mscoree.dll.
    if (purpose == Purpose::Load && image.is_clr())
        return error(PeError::ClrImageNotSupported);

    TRY(image.validate_alignment_and_size());

    // In a mapped view, RVAs are offsets, so the view must hold the whole image; clamp it so
    // that nothing derived from this Image reads past SizeOfImage.
    if (mapped) {
        if (data.size() < optional.size_of_image)
            return error(PeError::MappedViewTooSmall);
        data = data.slice(0, optional.size_of_image);
    }
    image.m_data = data;

    // [pecoff] 4: the section table immediately follows the optional header.
    if (file_header.number_of_sections > kMaxSections)
        return error(PeError::TooManySections);
    u64 const section_table_offset = optional_offset + optional_size;
    u64 const section_table_size = static_cast<u64>(file_header.number_of_sections) * sizeof(SectionHeader);
    if (!data.contains_range(section_table_offset, section_table_size))
        return error(PeError::SectionTablePastEnd);
    if (optional.size_of_headers < section_table_offset + section_table_size)
        return error(PeError::SizeOfHeadersTooSmall);
    if (optional.size_of_headers > optional.size_of_image)
        return error(PeError::SizeOfHeadersTooLarge);
    if (!mapped && optional.size_of_headers > data.size())
        return error(PeError::HeadersPastEnd);
    reads_up_to(section_table_offset + section_table_size);
    image.m_sections =
        SectionTable(data.slice(section_table_offset, section_table_size), file_header.number_of_sections);

    TRY(image.validate_sections());
    TRY(image.validate_data_directories());

    if (optional.address_of_entry_point >= optional.size_of_image)
        return error(PeError::EntryPointOutsideImage);

    return image;
}

ErrorOr<void> Image::validate_alignment_and_size() const {
    OptionalHeader64 const& optional = m_optional_header;
    u32 const section_alignment = optional.section_alignment;
    u32 const file_alignment = optional.file_alignment;

    // [pecoff] 3.4.2 SectionAlignment / FileAlignment.
    if (!is_power_of_two(section_alignment))
        return error(PeError::SectionAlignmentNotPowerOfTwo);
    if (!is_power_of_two(file_alignment))
        return error(PeError::FileAlignmentNotPowerOfTwo);
    if (section_alignment < kPageSize) {
        if (file_alignment != section_alignment)
            return error(PeError::LowAlignmentMismatch);
    } else {
        if (file_alignment < 0x200 || file_alignment > 0x10000)
            return error(PeError::FileAlignmentOutOfRange);
        if (file_alignment > section_alignment)
            return error(PeError::FileAlignmentAboveSectionAlignment);
    }

    if (optional.size_of_image == 0)
        return error(PeError::SizeOfImageZero);
    if (optional.size_of_image > kMaxSizeOfImage)
        return error(PeError::SizeOfImageTooLarge);
    // [pecoff] 3.4.2 requires it, and the loader insists; UEFI firmware does not, and EFI
    // applications built by objcopy (systemd-boot) leave it unaligned, so inspection accepts
    // them: sections are then checked against SizeOfImage rounded up.
    if (!is_aligned(optional.size_of_image, section_alignment) && m_purpose == Purpose::Load)
        return error(PeError::SizeOfImageMisaligned);

    // [pecoff] 3.4.2 ImageBase: "a multiple of 64 K". A mapped view may have been relocated by
    // our own kernel to any page boundary, so only page alignment is required there.
    u64 const base_alignment = m_is_mapped ? kPageSize : 0x10000;
    if (!is_aligned<u64>(optional.image_base, base_alignment))
        return error(m_is_mapped ? PeError::ImageBaseNotPageAligned : PeError::ImageBaseMisaligned);
    u64 image_end = 0;
    if (!checked_add<u64>(optional.image_base, optional.size_of_image, image_end) ||
        image_end > kUserAddressLimit)
        return error(PeError::ImageAboveUserLimit);
    return {};
}

ErrorOr<void> Image::validate_sections() const {
    OptionalHeader64 const& optional = m_optional_header;
    // The loader holds sections to [pecoff] 4: SectionAlignment-aligned, ascending, and not
    // overlapping each other or the headers once rounded up to SectionAlignment. Inspection
    // only requires ascending, disjoint byte ranges: objcopy-built EFI applications
    // (systemd-boot) place small sections at 0x40-byte steps inside a 512-byte alignment, which
    // UEFI firmware loads section by section.
    bool const strict = m_purpose == Purpose::Load;
    u64 const rounding = strict ? optional.section_alignment : 1;
    u64 const image_end = align_up<u64>(optional.size_of_image, optional.section_alignment);
    u64 previous_end = align_up<u64>(optional.size_of_headers, rounding);
    for (SectionHeader const section : m_sections) {
        u64 const start = section.virtual_address;
        if (strict && !is_aligned<u64>(start, optional.section_alignment))
            return error(PeError::SectionMisaligned);
        if (start < previous_end)
            return error(PeError::SectionsOverlap);
        u64 const end = start + align_up<u64>(section.effective_virtual_size(), rounding);
        if (end > image_end)
            return error(PeError::SectionPastSizeOfImage);
        previous_end = end;

        if (m_is_mapped)
            continue;
        u32 const raw_size = section.mapped_raw_size();
        if (raw_size == 0)
            continue;
        if (!m_data.contains_range(section.pointer_to_raw_data, raw_size))
            return error(PeError::SectionRawDataPastEnd);
        // The loader maps a low-alignment file as one region, so file offsets must equal RVAs;
        // firmware copies section by section and does not care.
        if (strict && is_low_alignment() && section.pointer_to_raw_data != section.virtual_address)
            return error(PeError::LowAlignmentSectionOffset);
    }
    return {};
}

ErrorOr<void> Image::validate_data_directories() const {
    for (u32 index = 0; index < directory::Count; ++index) {
        DataDirectory const entry = m_optional_header.data_directories[index];
        if (entry.virtual_address == 0)
            continue;
        if (index == directory::Security) {
            // The certificate table is addressed by file offset and is never mapped.
            if (!m_is_mapped && !m_data.contains_range(entry.virtual_address, entry.size))
                return error(kDirectoryPastEnd[index]);
            continue;
        }
        if (entry.virtual_address >= size_of_image())
            return error(kDirectoryOutsideImage[index]);
        if (entry.size > size_of_image() - entry.virtual_address)
            return error(kDirectoryPastEnd[index]);
    }
    return {};
}

DataDirectory Image::data_directory(u32 index) const {
    if (index >= directory::Count)
        return {0, 0};
    DataDirectory const entry = m_optional_header.data_directories[index];
    if (entry.virtual_address == 0)
        return {0, 0};
    return entry;
}

i32 Image::section_index_for_rva(u32 rva) const {
    for (u32 i = 0; i < m_sections.count(); ++i) {
        SectionHeader const section = m_sections[i];
        u64 const end = static_cast<u64>(section.virtual_address) +
                        align_up<u64>(section.effective_virtual_size(), section_alignment());
        if (rva >= section.virtual_address && rva < end)
            return static_cast<i32>(i);
    }
    return -1;
}

bool Image::locate_rva(u32 rva, u32& offset, u32& available) const {
    if (m_is_mapped) {
        if (rva >= m_data.size())
            return false;
        if (m_record)
            m_record->note_whole_file();
        offset = rva;
        available = static_cast<u32>(m_data.size() - rva);
        return true;
    }
    // The headers are file-backed one-to-one; parse() checked SizeOfHeaders <= file size.
    if (rva < size_of_headers()) {
        if (m_record)
            m_record->note_prefix(size_of_headers());
        offset = rva;
        available = size_of_headers() - rva;
        return true;
    }
    // Consecutive reads usually land in the same section (a name table and its names, a lookup
    // table and its hint/name entries), so the section that served the last read is tried
    // first. The hint is only a hint: it is checked like any other candidate, and relaxed
    // atomics keep concurrent readers of one Image free of data races.
    u32 const hint = __atomic_load_n(&m_last_section, __ATOMIC_RELAXED);
    if (hint < m_sections.count()) {
        SectionHeader const section = m_sections[hint];
        if (rva >= section.virtual_address && rva - section.virtual_address < section.mapped_raw_size()) {
            u32 const delta = rva - section.virtual_address;
            offset = section.pointer_to_raw_data + delta;
            available = section.mapped_raw_size() - delta;
            if (m_record)
                m_record->note_section(hint, section.pointer_to_raw_data, section.mapped_raw_size());
            return true;
        }
    }
    // validate_sections() established that the sections' virtual ranges ascend and do not
    // overlap, and a section's file-backed part lies inside its virtual range, so only the last
    // section starting at or below `rva` can back it: a binary search finds it. Real images
    // have twenty sections and more (mingw's .debug_*), and every name and table entry read
    // goes through here.
    u32 low = 0;
    u32 high = m_sections.count();
    while (low < high) {
        u32 const middle = low + (high - low) / 2;
        if (m_sections.virtual_address(middle) <= rva)
            low = middle + 1;
        else
            high = middle;
    }
    if (low == 0)
        return false;
    SectionHeader const section = m_sections[low - 1];
    u32 const raw_size = section.mapped_raw_size();
    if (rva - section.virtual_address >= raw_size)
        return false;
    u32 const delta = rva - section.virtual_address;
    offset = section.pointer_to_raw_data + delta;
    available = raw_size - delta;
    if (m_record)
        m_record->note_section(low - 1, section.pointer_to_raw_data, raw_size);
    __atomic_store_n(&m_last_section, low - 1, __ATOMIC_RELAXED);
    return true;
}

ErrorOr<u32> Image::rva_to_file_offset(u32 rva) const {
    u32 offset = 0;
    u32 available = 0;
    if (locate_rva(rva, offset, available))
        return offset;
    if (rva >= size_of_image())
        return error(PeError::RvaOutsideImage);
    return error(PeError::RvaNotFileBacked);
}

ErrorOr<ReadonlyBytes> Image::bytes_at_rva(u32 rva, u32 size, PeError failure) const {
    u32 offset = 0;
    u32 available = 0;
    if (!locate_rva(rva, offset, available) || size > available)
        return error(failure);
    return m_data.slice(offset, size);
}

ErrorOr<ReadonlyBytes> Image::bytes_from_rva(u32 rva, PeError failure) const {
    u32 offset = 0;
    u32 available = 0;
    if (!locate_rva(rva, offset, available) || available == 0)
        return error(failure);
    return m_data.slice(offset, available);
}

bool Image::file_bytes(u64 offset, u64 size, ReadonlyBytes& out) const {
    if (!m_data.contains_range(offset, size))
        return false;
    if (m_record)
        m_record->note_range(offset, size);
    out = m_data.slice(offset, size);
    return true;
}

bool Image::va_to_rva(u64 va, u32& rva) const {
    if (va < image_base() || va - image_base() >= size_of_image())
        return false;
    rva = static_cast<u32>(va - image_base());
    return true;
}

ErrorOr<StringView> Image::section_name(u32 index) const {
    StringView const short_name = m_sections.short_name(index);
    if (short_name.length() < 2 || short_name[0] != '/')
        return short_name;
    // [pecoff] 4 "Name": "/" followed by an ASCII decimal offset into the string table.
    u32 offset = 0;
    for (usize i = 1; i < short_name.length(); ++i) {
        char const c = short_name[i];
        if (c < '0' || c > '9')
            return error(PeError::SectionLongNameMalformed);
        offset = offset * 10 + static_cast<u32>(c - '0'); // At most 7 digits: no overflow.
    }
    if (m_is_mapped || m_file_header.pointer_to_symbol_table == 0)
        return error(PeError::SectionLongNameWithoutStringTable);
    u64 const table_offset = static_cast<u64>(m_file_header.pointer_to_symbol_table) +
                             static_cast<u64>(m_file_header.number_of_symbols) * kCoffSymbolSize;
    u32 table_size = 0;
    if (m_record)
        m_record->note_range(table_offset, sizeof(table_size));
    if (!read_object(m_data, table_offset, table_size))
        return error(PeError::SectionLongNameWithoutStringTable);
    // The size counts its own four bytes; a table that claims to run past the file is clamped.
    u64 const table_end = min<u64>(table_offset + table_size, m_data.size());
    if (m_record && table_end > table_offset)
        m_record->note_range(table_offset, table_end - table_offset);
    if (offset < sizeof(u32) || table_offset + offset >= table_end)
        return error(PeError::SectionLongNameOutsideStringTable);
    auto const* characters = reinterpret_cast<const char*>(m_data.data() + table_offset + offset);
    usize const limit = min<u64>(table_end - (table_offset + offset), kMaxStringLength);
    for (usize length = 0; length < limit; ++length) {
        if (characters[length] == '\0')
            return StringView(characters, length);
    }
    return error(PeError::SectionLongNameOutsideStringTable);
}

ErrorOr<StringView> Image::string_at_rva(u32 rva, PeError failure, u32 max_length) const {
    u32 offset = 0;
    u32 available = 0;
    if (!locate_rva(rva, offset, available))
        return error(failure);
    u32 const limit = min(available, max_length);
    auto const* characters = reinterpret_cast<const char*>(m_data.data() + offset);
    // Eight bytes at a time while the whole word lies below `limit` (never past it: the bytes may
    // end at the end of a mapping). (w - 0x01..01) & ~w & 0x80..80 is nonzero exactly when w
    // holds a zero byte, and its lowest set bit marks the first one (x86_64 is little-endian).
    u32 length = 0;
    for (; limit - length >= sizeof(u64); length += sizeof(u64)) {
        u64 word;
        __builtin_memcpy(&word, characters + length, sizeof(word));
        u64 const zero_bytes = (word - 0x0101010101010101ull) & ~word & 0x8080808080808080ull;
        if (zero_bytes != 0)
            return StringView(characters, length + static_cast<u32>(__builtin_ctzll(zero_bytes)) / 8);
    }
    for (; length < limit; ++length) {
        if (characters[length] == '\0')
            return StringView(characters, length);
    }
    return error(available > max_length ? PeError::StringTooLong : PeError::StringNotTerminated);
}

} // namespace halcyon::pe
