#include "pe/Image.h"

namespace halcyon::pe {

namespace {

constexpr bool is_power_of_two(u32 value) {
    return value != 0 && (value & (value - 1)) == 0;
}

Error format_error(const char* message) {
    return Error(status::InvalidImageFormat, message);
}

// Per-directory messages, so a launch failure says which table is broken. Indexed by
// directory::*; constexpr so no global constructor runs.
constexpr const char* kDirectoryOutsideImage[directory::Count] = {
    "export directory RVA outside image",
    "import directory RVA outside image",
    "resource directory RVA outside image",
    "exception directory RVA outside image",
    "certificate table outside file",
    "base relocation directory RVA outside image",
    "debug directory RVA outside image",
    "architecture directory RVA outside image",
    "global pointer directory RVA outside image",
    "TLS directory RVA outside image",
    "load config directory RVA outside image",
    "bound import directory RVA outside image",
    "import address table directory RVA outside image",
    "delay import directory RVA outside image",
    "CLR runtime directory RVA outside image",
    "reserved directory RVA outside image",
};

constexpr const char* kDirectoryPastEnd[directory::Count] = {
    "export directory extends past end of image",
    "import directory extends past end of image",
    "resource directory extends past end of image",
    "exception directory extends past end of image",
    "certificate table extends past end of file",
    "base relocation directory extends past end of image",
    "debug directory extends past end of image",
    "architecture directory extends past end of image",
    "global pointer directory extends past end of image",
    "TLS directory extends past end of image",
    "load config directory extends past end of image",
    "bound import directory extends past end of image",
    "import address table directory extends past end of image",
    "delay import directory extends past end of image",
    "CLR runtime directory extends past end of image",
    "reserved directory extends past end of image",
};

} // namespace

ErrorOr<Image> Image::parse(ReadonlyBytes file) {
    return parse_impl(file, false);
}

ErrorOr<Image> Image::parse_mapped(ReadonlyBytes mapped) {
    return parse_impl(mapped, true);
}

ErrorOr<Image> Image::parse_impl(ReadonlyBytes data, bool mapped) {
    Image image;
    image.m_is_mapped = mapped;

    // [pecoff] 2: the MS-DOS stub starts with "MZ" and holds the signature offset at 0x3c.
    u16 dos_magic = 0;
    if (!read_object(data, 0, dos_magic) || dos_magic != kDosMagic)
        return Error(status::InvalidImageNotMz, "not a PE file (no MZ header)");
    DosHeader dos;
    if (!read_object(data, 0, dos))
        return format_error("DOS header truncated");

    u32 const nt_offset = dos.new_header_offset;
    u32 signature = 0;
    if (!read_object(data, nt_offset, signature))
        return format_error("PE signature offset points past end of file");
    if ((signature & 0xFFFF) == kNeSignature)
        return Error(status::InvalidImageWin16, "16-bit images are not supported");
    if (signature != kPeSignature)
        return format_error("missing PE signature");
    image.m_nt_headers_offset = nt_offset;

    u64 const file_header_offset = static_cast<u64>(nt_offset) + sizeof(u32);
    if (!read_object(data, file_header_offset, image.m_file_header))
        return format_error("COFF file header truncated");
    FileHeader const& file_header = image.m_file_header;

    // Recognise 32-bit images by either field before anything else, so the user is told the
    // real reason rather than a complaint about header sizes that differ between PE32 and PE32+.
    u64 const optional_offset = file_header_offset + sizeof(FileHeader);
    u16 optional_magic = 0;
    bool const have_magic = file_header.size_of_optional_header >= sizeof(u16) &&
                            read_object(data, optional_offset, optional_magic);
    if (file_header.machine == machine::I386 || (have_magic && optional_magic == kOptionalHeaderMagicPe32))
        return Error(status::InvalidImageWin64, "32-bit images are not supported");
    if (file_header.machine != machine::Amd64)
        return format_error("unsupported machine type (only x86_64 images are supported)");
    if ((file_header.characteristics & file_characteristics::ExecutableImage) == 0)
        return format_error("file is not an executable image (object file?)");

    u32 const optional_size = file_header.size_of_optional_header;
    if (optional_size < kOptionalHeader64FixedSize)
        return format_error("optional header too small for PE32+");
    if (!data.contains_range(optional_offset, optional_size))
        return format_error("optional header truncated");
    if (optional_magic != kOptionalHeaderMagicPe32Plus)
        return format_error("unknown optional header magic");
    __builtin_memcpy(&image.m_optional_header, data.data() + optional_offset,
                     min<u32>(optional_size, sizeof(OptionalHeader64)));
    OptionalHeader64& optional = image.m_optional_header;

    // [pecoff] 3.4.3: NumberOfRvaAndSizes entries follow the fixed part, and must fit in the
    // optional header as sized by the file header. Entries beyond 16 have no meaning; entries the
    // image does not declare are cleared so data_directory() need not know the count.
    u32 const declared_directories = optional.number_of_rva_and_sizes;
    if (declared_directories > (optional_size - kOptionalHeader64FixedSize) / sizeof(DataDirectory))
        return format_error("data directory table extends past optional header");
    for (u32 i = min<u32>(declared_directories, directory::Count); i < directory::Count; ++i)
        optional.data_directories[i] = {0, 0};

    // Refuse managed images early and by name: mapping them would "succeed" and then fail in a
    // confusing way, since the entry point is a stub that calls into mscoree.dll.
    if (optional.data_directories[directory::ClrRuntime].virtual_address != 0)
        return Error(status::InvalidImageFormat, ".NET (CLR) images are not supported");

    TRY(image.validate_alignment_and_size());

    // In a mapped view, RVAs are offsets, so the view must hold the whole image; clamp it so
    // that nothing derived from this Image reads past SizeOfImage.
    if (mapped) {
        if (data.size() < optional.size_of_image)
            return format_error("mapped view smaller than SizeOfImage");
        data = data.slice(0, optional.size_of_image);
    }
    image.m_data = data;

    // [pecoff] 4: the section table immediately follows the optional header.
    if (file_header.number_of_sections > kMaxSections)
        return format_error("too many sections (the limit is 96)");
    u64 const section_table_offset = optional_offset + optional_size;
    u64 const section_table_size = static_cast<u64>(file_header.number_of_sections) * sizeof(SectionHeader);
    if (!data.contains_range(section_table_offset, section_table_size))
        return format_error("section table extends past end of file");
    if (optional.size_of_headers < section_table_offset + section_table_size)
        return format_error("SizeOfHeaders is smaller than the headers and section table");
    if (optional.size_of_headers > optional.size_of_image)
        return format_error("SizeOfHeaders is larger than SizeOfImage");
    if (!mapped && optional.size_of_headers > data.size())
        return format_error("headers extend past end of file");
    image.m_sections = SectionTable(data.slice(section_table_offset, section_table_size),
                                    file_header.number_of_sections);

    TRY(image.validate_sections());
    TRY(image.validate_data_directories());

    if (optional.address_of_entry_point >= optional.size_of_image)
        return format_error("entry point outside image");

    return image;
}

ErrorOr<void> Image::validate_alignment_and_size() const {
    OptionalHeader64 const& optional = m_optional_header;
    u32 const section_alignment = optional.section_alignment;
    u32 const file_alignment = optional.file_alignment;

    // [pecoff] 3.4.2 SectionAlignment / FileAlignment.
    if (!is_power_of_two(section_alignment))
        return format_error("section alignment is not a power of two");
    if (!is_power_of_two(file_alignment))
        return format_error("file alignment is not a power of two");
    if (section_alignment < kPageSize) {
        if (file_alignment != section_alignment)
            return format_error("file alignment must equal section alignment when it is below the page size");
    } else {
        if (file_alignment < 0x200 || file_alignment > 0x10000)
            return format_error("file alignment outside 512 bytes..64 KiB");
        if (file_alignment > section_alignment)
            return format_error("file alignment larger than section alignment");
    }

    if (optional.size_of_image == 0)
        return format_error("SizeOfImage is zero");
    if (optional.size_of_image > kMaxSizeOfImage)
        return format_error("SizeOfImage is too large");
    if (!is_aligned(optional.size_of_image, section_alignment))
        return format_error("SizeOfImage is not a multiple of SectionAlignment");

    // [pecoff] 3.4.2 ImageBase: "a multiple of 64 K". A mapped view may have been relocated by
    // our own kernel to any page boundary, so only page alignment is required there.
    u64 const base_alignment = m_is_mapped ? kPageSize : 0x10000;
    if (!is_aligned<u64>(optional.image_base, base_alignment))
        return format_error(m_is_mapped ? "image base is not page aligned" : "image base is not 64 KiB aligned");
    u64 image_end = 0;
    if (!checked_add<u64>(optional.image_base, optional.size_of_image, image_end) || image_end > kUserAddressLimit)
        return format_error("image does not fit below the user address limit at its base");
    return {};
}

ErrorOr<void> Image::validate_sections() const {
    OptionalHeader64 const& optional = m_optional_header;
    u64 const section_alignment = optional.section_alignment;
    // Sections follow the headers, in ascending and non-overlapping virtual order ([pecoff] 4:
    // "section table entries ... must be sorted in ascending order and adjacent").
    u64 previous_end = align_up<u64>(optional.size_of_headers, section_alignment);
    for (SectionHeader const section : m_sections) {
        u64 const start = section.virtual_address;
        if (!is_aligned<u64>(start, section_alignment))
            return format_error("section virtual address is not a multiple of SectionAlignment");
        if (start < previous_end)
            return format_error("section virtual ranges overlap, overlap the headers, or are out of order");
        u64 const end = start + align_up<u64>(section.effective_virtual_size(), section_alignment);
        if (end > optional.size_of_image)
            return format_error("section extends past SizeOfImage");
        previous_end = end;

        if (m_is_mapped)
            continue;
        u32 const raw_size = section.mapped_raw_size();
        if (raw_size == 0)
            continue;
        if (!m_data.contains_range(section.pointer_to_raw_data, raw_size))
            return format_error("section raw data extends past end of file");
        if (is_low_alignment() && section.pointer_to_raw_data != section.virtual_address)
            return format_error("section file offset differs from its RVA in a low-alignment image");
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
                return format_error(kDirectoryPastEnd[index]);
            continue;
        }
        if (entry.virtual_address >= size_of_image())
            return format_error(kDirectoryOutsideImage[index]);
        if (entry.size > size_of_image() - entry.virtual_address)
            return format_error(kDirectoryPastEnd[index]);
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
        offset = rva;
        available = static_cast<u32>(m_data.size() - rva);
        return true;
    }
    // The headers are file-backed one-to-one; parse() checked SizeOfHeaders <= file size.
    if (rva < size_of_headers()) {
        offset = rva;
        available = size_of_headers() - rva;
        return true;
    }
    for (SectionHeader const section : m_sections) {
        u32 const raw_size = section.mapped_raw_size();
        if (rva >= section.virtual_address && rva - section.virtual_address < raw_size) {
            u32 const delta = rva - section.virtual_address;
            offset = section.pointer_to_raw_data + delta;
            available = raw_size - delta;
            return true;
        }
    }
    return false;
}

ErrorOr<u32> Image::rva_to_file_offset(u32 rva) const {
    u32 offset = 0;
    u32 available = 0;
    if (locate_rva(rva, offset, available))
        return offset;
    if (rva >= size_of_image())
        return format_error("RVA outside image");
    return format_error("RVA is not backed by file data");
}

ErrorOr<ReadonlyBytes> Image::bytes_at_rva(u32 rva, u32 size, const char* error_message) const {
    u32 offset = 0;
    u32 available = 0;
    if (!locate_rva(rva, offset, available) || size > available)
        return format_error(error_message);
    return m_data.slice(offset, size);
}

ErrorOr<StringView> Image::string_at_rva(u32 rva, const char* error_message, u32 max_length) const {
    u32 offset = 0;
    u32 available = 0;
    if (!locate_rva(rva, offset, available))
        return format_error(error_message);
    u32 const limit = min(available, max_length);
    auto const* characters = reinterpret_cast<const char*>(m_data.data() + offset);
    for (u32 length = 0; length < limit; ++length) {
        if (characters[length] == '\0')
            return StringView(characters, length);
    }
    return format_error(available > max_length ? "string at RVA is too long" : "string at RVA is not NUL-terminated within image data");
}

} // namespace halcyon::pe
