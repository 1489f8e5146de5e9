#pragma once

// A validated, read-only view of a PE32+ image, either as the file on disk or as an image that
// is already mapped into memory (where an RVA is simply an offset from the start of the view).
// Parsing checks every header field that a later step relies on, so the accessors below never
// need to re-check the headers; only data reached through RVAs (imports, exports, ...) is
// checked again at the point of use, through bytes_at_rva / string_at_rva.
//
// An Image does not own its bytes: the caller keeps the file or mapping alive while the Image
// (and anything derived from it, such as string views into it) is in use.

#include "core/lib/ErrorOr.h"
#include "core/lib/Span.h"
#include "core/lib/StringView.h"
#include "pe/Errors.h"
#include "pe/Format.h"
#include "pe/ReadRecord.h"

namespace halcyon::pe {

/// The page size a mapping plan rounds to. x86_64 images are laid out for 4 KiB pages.
constexpr u32 kPageSize = 0x1000;
/// Upper bound on SizeOfImage we accept; the largest real images are a few hundred MiB.
constexpr u32 kMaxSizeOfImage = 0x80000000;
/// Images must lie in the lower half of the canonical x86_64 address space (user space).
constexpr u64 kUserAddressLimit = 0x0000800000000000ull;
/// Default bound for string_at_rva: longer import/export names are treated as corrupt.
constexpr u32 kMaxStringLength = 4096;

/// Copies a T out of `bytes` at `offset`. Returns false, leaving `out` untouched, when the
/// object does not fit. Copying (rather than casting) keeps unaligned input well-defined.
template <typename T>
[[nodiscard]] inline bool read_object(ReadonlyBytes bytes, u64 offset, T& out) {
    if (offset > bytes.size() || sizeof(T) > bytes.size() - offset)
        return false;
    __builtin_memcpy(&out, bytes.data() + offset, sizeof(T));
    return true;
}

/// The section table of a parsed image. Entries are copied out on access.
class SectionTable {
public:
    constexpr SectionTable() = default;
    constexpr SectionTable(ReadonlyBytes raw, u32 count) : m_raw(raw), m_count(count) {}

    constexpr u32 count() const { return m_count; }
    constexpr bool is_empty() const { return m_count == 0; }
    /// Precondition: index < count() (the table was bounds-checked when the image was parsed).
    SectionHeader operator[](u32 index) const {
        SectionHeader header;
        __builtin_memcpy(&header, m_raw.data() + static_cast<usize>(index) * sizeof(SectionHeader),
                         sizeof(SectionHeader));
        return header;
    }
    /// Section `index`'s VirtualAddress, read without copying the whole header.
    /// Precondition: index < count().
    u32 virtual_address(u32 index) const {
        u32 value;
        __builtin_memcpy(&value,
                         m_raw.data() + static_cast<usize>(index) * sizeof(SectionHeader) +
                             __builtin_offsetof(SectionHeader, virtual_address),
                         sizeof(value));
        return value;
    }
    /// Section `index`'s eight-byte name without its NUL padding, as a view into the section
    /// table itself, so that it stays valid as long as the image's bytes do (a view of a copied
    /// SectionHeader would die with the copy). "/N" long names are not resolved here.
    /// Precondition: index < count().
    StringView short_name(u32 index) const {
        auto const* name =
            reinterpret_cast<const char*>(m_raw.data() + static_cast<usize>(index) * sizeof(SectionHeader));
        usize length = 0;
        while (length < sizeof(SectionHeader::name) && name[length] != '\0')
            ++length;
        return {name, length};
    }

    class Iterator {
    public:
        constexpr Iterator(const SectionTable* table, u32 index) : m_table(table), m_index(index) {}
        SectionHeader operator*() const { return (*m_table)[m_index]; }
        constexpr Iterator& operator++() {
            ++m_index;
            return *this;
        }
        constexpr bool operator!=(const Iterator& other) const { return m_index != other.m_index; }

    private:
        const SectionTable* m_table;
        u32 m_index;
    };
    constexpr Iterator begin() const { return {this, 0}; }
    constexpr Iterator end() const { return {this, m_count}; }

private:
    ReadonlyBytes m_raw;
    u32 m_count{0};
};

/// Which optional header the image has. PE32 images are parsed only for inspection.
enum class ImageFormat : u8 {
    Pe32,
    Pe32Plus,
};

class Image {
public:
    /// Parses and validates a PE32+ x86_64 file as read from disk, for loading: PE32 images
    /// (PeError::Pe32NotSupported), other machines and .NET images are refused by name.
    static ErrorOr<Image> parse(ReadonlyBytes file);
    /// Parses a file for tools (pe-dump, fuzzers, tests): the same validation of every offset
    /// and size, but PE32 headers, any machine type and .NET images are accepted. Directory
    /// walkers handle both formats; the mapper and relocator are for PE32+ only.
    static ErrorOr<Image> parse_for_inspection(ReadonlyBytes file);
    /// The same, noting in `record` every range of `file` that the parse and then this Image
    /// (and every Image copied from it) reads; see ReadRecord. The record must outlive them.
    static ErrorOr<Image> parse_for_inspection(ReadonlyBytes file, ReadRecord& record);
    /// Parses an image already laid out in memory at its RVAs (by Mapper::map_into or by the
    /// kernel). The view must cover at least SizeOfImage bytes; a longer view is clamped to
    /// SizeOfImage so that nothing past the image is ever read.
    static ErrorOr<Image> parse_mapped(ReadonlyBytes mapped);

    Image() = default;

    /// True for a mapped view (RVA == offset), false for a file.
    bool is_mapped() const { return m_is_mapped; }
    /// The whole file, or the mapped view clamped to SizeOfImage. (A recorded read notes the
    /// whole file: prefer the narrower accessors.)
    ReadonlyBytes bytes() const {
        if (m_record)
            m_record->note_whole_file();
        return m_data;
    }
    /// The `size` bytes at file offset `offset` (for the few things addressed by file offset,
    /// such as debug data); false when they are not all inside the file. Not for mapped views.
    bool file_bytes(u64 offset, u64 size, ReadonlyBytes& out) const;

    const FileHeader& file_header() const { return m_file_header; }
    /// The optional header; for a PE32 image, widened into the PE32+ layout (BaseOfData dropped).
    const OptionalHeader64& optional_header() const { return m_optional_header; }
    /// File offset (and RVA) of the "PE\0\0" signature.
    u32 nt_headers_offset() const { return m_nt_headers_offset; }
    /// Offset of OptionalHeader.ImageBase in the headers (PE32+); relocation rewrites it.
    u32 image_base_field_offset() const {
        return m_nt_headers_offset + 4 + sizeof(FileHeader) + kOptionalHeaderImageBaseOffset;
    }

    ImageFormat format() const { return m_format; }
    bool is_pe32_plus() const { return m_format == ImageFormat::Pe32Plus; }
    /// Bytes in a VA-sized field (import thunks, TLS and load config addresses): 8 or 4.
    u32 pointer_size() const { return is_pe32_plus() ? 8 : 4; }
    /// True when the CLR runtime directory is present: a .NET image (only parse_for_inspection
    /// accepts those).
    bool is_clr() const {
        return m_optional_header.data_directories[directory::ClrRuntime].virtual_address != 0;
    }

    u16 machine() const { return m_file_header.machine; }
    u16 characteristics() const { return m_file_header.characteristics; }
    u64 image_base() const { return m_optional_header.image_base; }
    u32 entry_rva() const { return m_optional_header.address_of_entry_point; }
    u32 size_of_image() const { return m_optional_header.size_of_image; }
    u32 size_of_headers() const { return m_optional_header.size_of_headers; }
    u32 section_alignment() const { return m_optional_header.section_alignment; }
    u32 file_alignment() const { return m_optional_header.file_alignment; }
    u16 subsystem() const { return m_optional_header.subsystem; }
    u16 dll_characteristics() const { return m_optional_header.dll_characteristics; }
    u64 stack_reserve() const { return m_optional_header.size_of_stack_reserve; }
    u64 stack_commit() const { return m_optional_header.size_of_stack_commit; }

    bool is_dll() const { return (characteristics() & file_characteristics::Dll) != 0; }
    bool relocations_stripped() const {
        return (characteristics() & file_characteristics::RelocsStripped) != 0;
    }
    /// A "low alignment" image has SectionAlignment below the page size; its file layout equals
    /// its memory layout and it is mapped as a single region ([pecoff] 3.4.2 SectionAlignment).
    bool is_low_alignment() const { return section_alignment() < kPageSize; }

    SectionTable sections() const { return m_sections; }
    /// The name of section `index` (precondition: index < sections().count()). A "/N" name is
    /// resolved through the COFF string table at offset N, as mingw's ld writes for names
    /// longer than eight bytes ([pecoff] 4 "Name"); an unresolvable one is a named error.
    ErrorOr<StringView> section_name(u32 index) const;

    /// The directory entry, or {0, 0} when the image does not declare it. Entries with a zero
    /// RVA count as absent. Entries that are present were checked to lie inside the image
    /// (the security directory: inside the file).
    DataDirectory data_directory(u32 index) const;
    bool has_data_directory(u32 index) const { return data_directory(index).virtual_address != 0; }

    /// Where the byte at `rva` lives in the file (identity for a mapped view). Fails for RVAs
    /// outside the image and for RVAs in zero-filled memory that no file data backs.
    ErrorOr<u32> rva_to_file_offset(u32 rva) const;
    /// The `size` bytes at `rva`, all backed by one contiguous region of the underlying bytes
    /// (the headers or one section's raw data). `failure` names what was being read.
    ErrorOr<ReadonlyBytes> bytes_at_rva(u32 rva, u32 size,
                                        PeError failure = PeError::RvaRangeOutsideImageData) const;
    /// Every byte backed from `rva` to the end of its region (at least one byte), for tables
    /// whose extent is discovered while reading them.
    ErrorOr<ReadonlyBytes> bytes_from_rva(u32 rva, PeError failure) const;
    /// The NUL-terminated string at `rva`, without its terminator. The terminator must occur
    /// within `max_length` bytes and within the same backing region; `failure` is returned when
    /// `rva` is not backed at all, StringTooLong / StringNotTerminated otherwise.
    ErrorOr<StringView> string_at_rva(u32 rva, PeError failure = PeError::StringRvaOutsideImageData,
                                      u32 max_length = kMaxStringLength) const;
    /// Reads a T at `rva`; see bytes_at_rva.
    template <typename T>
    ErrorOr<T> object_at_rva(u32 rva, PeError failure) const {
        auto bytes = TRY(bytes_at_rva(rva, sizeof(T), failure));
        T object;
        __builtin_memcpy(&object, bytes.data(), sizeof(T));
        return object;
    }

    /// Index of the section whose virtual range contains `rva`, or -1 (headers, gaps, outside).
    i32 section_index_for_rva(u32 rva) const;

    /// Converts a VA of this image at its current ImageBase to an RVA; false outside
    /// [ImageBase, ImageBase + SizeOfImage).
    bool va_to_rva(u64 va, u32& rva) const;

private:
    enum class Purpose : u8 {
        Load,
        Inspect,
    };
    static ErrorOr<Image> parse_impl(ReadonlyBytes data, bool mapped, Purpose purpose,
                                     ReadRecord* record = nullptr);
    ErrorOr<void> read_optional_header(ReadonlyBytes data, u64 offset, u32 size, Purpose purpose);
    ErrorOr<void> validate_alignment_and_size() const;
    ErrorOr<void> validate_sections() const;
    ErrorOr<void> validate_data_directories() const;
    /// The backing region [rva, end) that contains `rva`, as an offset into m_data and the
    /// number of bytes available from there.
    bool locate_rva(u32 rva, u32& offset, u32& available) const;

    ReadonlyBytes m_data;
    bool m_is_mapped{false};
    Purpose m_purpose{Purpose::Load};
    ImageFormat m_format{ImageFormat::Pe32Plus};
    u32 m_nt_headers_offset{0};
    FileHeader m_file_header{};
    OptionalHeader64 m_optional_header{};
    SectionTable m_sections;
    /// The section that backed the last successful locate_rva (a hint, checked before use).
    mutable u32 m_last_section{0};
    /// Where reads are noted, when a caller asked (parse_for_inspection with a record).
    ReadRecord* m_record{nullptr};
};

} // namespace halcyon::pe
