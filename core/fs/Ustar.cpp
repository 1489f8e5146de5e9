#include <core/fs/Ustar.h>

namespace halcyon::fs::ustar {

namespace {

// Header field offsets and sizes (POSIX.1-2017, pax, "ustar Interchange Format").
constexpr usize kNameOffset = 0, kNameSize = 100;
constexpr usize kModeOffset = 100, kModeSize = 8;
constexpr usize kSizeOffset = 124, kSizeSize = 12;
constexpr usize kMtimeOffset = 136, kMtimeSize = 12;
constexpr usize kChecksumOffset = 148, kChecksumSize = 8;
constexpr usize kTypeOffset = 156;
constexpr usize kMagicOffset = 257;
constexpr usize kPrefixOffset = 345, kPrefixSize = 155;

Error corrupt(const char* what) {
    return Error(status::InvalidImageFormat, what);
}

bool all_zero(const u8* block) {
    for (usize i = 0; i < kBlockSize; ++i) {
        if (block[i])
            return false;
    }
    return true;
}

// An octal field: optional leading spaces, octal digits, then NUL or space padding to the end.
// A field with no digits is 0 (old writers leave some fields blank). Base-256 numbers (the high
// bit of the first byte set, a GNU extension) are refused.
bool parse_octal(const u8* field, usize size, u64& value) {
    value = 0;
    usize i = 0;
    while (i < size && field[i] == ' ')
        ++i;
    for (; i < size && field[i] >= '0' && field[i] <= '7'; ++i) {
        if (value >> 61)
            return false;
        value = value * 8 + (field[i] - '0');
    }
    for (; i < size; ++i) {
        if (field[i] != 0 && field[i] != ' ')
            return false;
    }
    return true;
}

usize field_length(const u8* field, usize size) {
    usize length = 0;
    while (length < size && field[length])
        ++length;
    return length;
}

bool checksum_matches(const u8* block) {
    u64 stored = 0;
    if (!parse_octal(block + kChecksumOffset, kChecksumSize, stored))
        return false;
    // The checksum is the unsigned byte sum of the header with its own field read as spaces.
    u64 sum = 0;
    for (usize i = 0; i < kBlockSize; ++i)
        sum += (i >= kChecksumOffset && i < kChecksumOffset + kChecksumSize) ? u8(' ') : block[i];
    return sum == stored;
}

bool has_ustar_magic(const u8* block) {
    const u8* magic = block + kMagicOffset;
    static constexpr u8 kPosix[8] = {'u', 's', 't', 'a', 'r', 0, '0', '0'};
    static constexpr u8 kGnu[8] = {'u', 's', 't', 'a', 'r', ' ', ' ', 0};
    bool posix = true, gnu = true;
    for (usize i = 0; i < 8; ++i) {
        posix = posix && magic[i] == kPosix[i];
        gnu = gnu && magic[i] == kGnu[i];
    }
    return posix || gnu;
}

// Builds prefix + '/' + name into `entry`, drops a leading "./" and a trailing '/', and checks
// that every component is a plain name.
ErrorOr<void> assemble_path(const u8* block, Entry& entry) {
    const u8* prefix = block + kPrefixOffset;
    const u8* name = block + kNameOffset;
    usize prefix_length = field_length(prefix, kPrefixSize);
    usize name_length = field_length(name, kNameSize);
    usize length = 0;
    for (usize i = 0; i < prefix_length; ++i)
        entry.path_buffer[length++] = static_cast<char>(prefix[i]);
    if (prefix_length)
        entry.path_buffer[length++] = '/';
    for (usize i = 0; i < name_length; ++i)
        entry.path_buffer[length++] = static_cast<char>(name[i]);
    entry.path_buffer[length] = 0;

    char* path = entry.path_buffer;
    usize start = 0;
    while (length - start >= 2 && path[start] == '.' && path[start + 1] == '/')
        start += 2;
    while (length > start && path[length - 1] == '/')
        --length;
    for (usize i = start; i < length; ++i)
        path[i - start] = path[i];
    length -= start;
    path[length] = 0;
    entry.path_length = length;
    if (length == 0)
        return corrupt("an entry has an empty path");
    if (path[0] == '/')
        return corrupt("an entry has an absolute path");
    bool valid = for_each_component(entry.path(), [](StringView component) {
        return !component.is_empty() && component != "."_sv && component != ".."_sv;
    });
    if (!valid)
        return corrupt("an entry's path has an empty, '.' or '..' component");
    return {};
}

} // namespace

ErrorOr<bool> Reader::next(Entry& entry) {
    if (m_failed)
        return corrupt("the archive was already found to be malformed");
    if (m_ended)
        return false;
    entry = Entry{};
    if (!m_archive.contains_range(m_offset, kBlockSize)) {
        m_failed = true;
        return corrupt("the archive ends without an end-of-archive block");
    }
    const u8* block = m_archive.data() + m_offset;
    if (all_zero(block)) {
        m_ended = true;
        return false;
    }
    m_failed = true; // until this header proves valid
    if (!checksum_matches(block))
        return corrupt("a header's checksum does not match");
    if (!has_ustar_magic(block))
        return corrupt("a header lacks the ustar magic");
    u64 size = 0, mode = 0, mtime = 0;
    if (!parse_octal(block + kSizeOffset, kSizeSize, size) || !parse_octal(block + kModeOffset, kModeSize, mode) ||
        !parse_octal(block + kMtimeOffset, kMtimeSize, mtime))
        return corrupt("a header has a malformed numeric field");
    switch (block[kTypeOffset]) {
    case '0':
    case 0:
        entry.type = EntryType::File;
        break;
    case '5':
        entry.type = EntryType::Directory;
        break;
    default:
        return corrupt("an entry is neither a regular file nor a directory (links and extension headers are not supported)");
    }
    TRY(assemble_path(block, entry));
    if (entry.type == EntryType::Directory && size != 0)
        return corrupt("a directory entry has data");
    usize data_offset = m_offset + kBlockSize;
    u64 padded = (size + kBlockSize - 1) / kBlockSize * kBlockSize;
    if (size > m_archive.size() || !m_archive.contains_range(data_offset, static_cast<usize>(padded)))
        return corrupt("an entry's data runs past the end of the archive");
    entry.data = m_archive.slice(data_offset, static_cast<usize>(size));
    entry.mode = static_cast<u32>(mode & 07777);
    entry.modification_time = mtime;
    m_offset = data_offset + static_cast<usize>(padded);
    m_failed = false;
    return true;
}

} // namespace halcyon::fs::ustar
