#include "tools/pe-dump/FileWindow.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace halcyon::pe_dump {

namespace {

/// Both the staging buffer and the mapping window: larger than any PE file can meaningfully be
/// (pe/ works with 32-bit offsets); bigger files get a mapping of their own. Reserving address
/// space costs nothing (NORESERVE: only pages that are written take memory).
constexpr size_t kReservation = FileWindow::kStagingSize;

uint8_t* reserve(int protection) {
    void* const region =
        ::mmap(nullptr, kReservation, protection, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    return region == MAP_FAILED ? nullptr : static_cast<uint8_t*>(region);
}

bool read_fully(int fd, uint8_t* buffer, size_t length, uint64_t offset) {
    size_t done = 0;
    while (done < length) {
        ssize_t const got = ::pread(fd, buffer + done, length - done, static_cast<off_t>(offset + done));
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            if (got == 0)
                errno = EIO; // The file shrank after fstat.
            return false;
        }
        done += static_cast<size_t>(got);
    }
    return true;
}

} // namespace

FileWindow::FileWindow() {
    m_staging = reserve(PROT_READ | PROT_WRITE);
    m_window = reserve(PROT_NONE);
    m_loaded.reserve(128);
}

FileWindow::~FileWindow() {
    close();
    if (m_staging)
        ::munmap(m_staging, kReservation);
    if (m_window)
        ::munmap(m_window, kReservation);
    if (m_directory_fd >= 0)
        ::close(m_directory_fd);
}

void FileWindow::close() {
    if (m_separate_mapping)
        ::munmap(m_separate_mapping, m_size);
    m_separate_mapping = nullptr;
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
    m_source = nullptr;
    m_data = nullptr;
    m_size = 0;
    m_whole = false;
    m_staged_bytes = 0;
    m_loaded.clear();
}

void FileWindow::release_window() {
    // Put the reservation back rather than unmapping: a hole in the range could be taken by
    // another mapping (malloc's), which the next MAP_FIXED would then overwrite.
    if (m_window_used)
        ::mmap(m_window, m_window_used, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1,
               0);
    m_window_used = 0;
    m_mapped_since_release = 0;
}

int FileWindow::open_descriptor(const char* path) {
    const char* const slash = std::strrchr(path, '/');
    // A bare name (relative to the working directory) or a path ending in '/' is opened as is.
    if (!slash || slash[1] == '\0')
        return ::open(path, O_RDONLY | O_CLOEXEC);
    size_t const directory_length = slash == path ? 1 : static_cast<size_t>(slash - path);
    if (m_directory_fd < 0 || m_directory.size() != directory_length ||
        std::memcmp(m_directory.data(), path, directory_length) != 0) {
        if (m_directory_fd >= 0)
            ::close(m_directory_fd);
        m_directory.assign(path, directory_length);
        m_directory_fd = ::open(m_directory.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (m_directory_fd < 0) {
            // Let the full path produce the error (or, for an odd path, succeed after all).
            m_directory.clear();
            return ::open(path, O_RDONLY | O_CLOEXEC);
        }
    }
    return ::openat(m_directory_fd, slash + 1, O_RDONLY | O_CLOEXEC);
}

bool FileWindow::open(const char* path) {
    close();
    int const fd = open_descriptor(path);
    if (fd < 0)
        return false;
    m_fd = fd;
    struct stat info {};
    if (::fstat(fd, &info) != 0) {
        int const saved = errno;
        close();
        errno = saved;
        return false;
    }
    if (!S_ISREG(info.st_mode)) {
        close();
        errno = EISDIR;
        return false;
    }
    return begin(static_cast<size_t>(info.st_size));
}

bool FileWindow::open_memory(const uint8_t* bytes, size_t size) {
    close();
    m_source = bytes;
    if (m_staging && size <= kReservation) {
        for (size_t i = 0; i < size; ++i)
            m_staging[i] = static_cast<uint8_t>(~bytes[i]);
        m_staging_dirty += size;
        m_staging_high_water = std::max(m_staging_high_water, size);
    }
    return begin(size);
}

bool FileWindow::begin(size_t size) {
    m_size = size;
    if (size == 0) {
        m_data = reinterpret_cast<const uint8_t*>("");
        m_whole = true;
        return true;
    }
    if (!can_stage()) {
        // Nothing to stage into: the file is mapped (or, from memory, shown) whole at once.
        if (load_all())
            return true;
        int const saved = errno;
        close();
        errno = saved;
        return false;
    }
    if (m_staging_dirty > kStagingReleaseBytes) {
        // Give the pages back; the next files fault in the ones they use again.
        ::madvise(m_staging, m_staging_high_water, MADV_DONTNEED);
        m_staging_dirty = 0;
        m_staging_high_water = 0;
    }
    m_data = m_staging;
    return true;
}

bool FileWindow::is_loaded(uint64_t offset, uint64_t size) const {
    if (m_whole)
        return true;
    uint64_t const start = std::min<uint64_t>(offset, m_size);
    uint64_t const end = size > m_size - start ? m_size : start + size;
    if (start == end)
        return true;
    // The first range ending after `start` is the only one that can hold it.
    auto const it = std::upper_bound(m_loaded.begin(), m_loaded.end(), start,
                                     [](uint64_t value, const auto& range) { return value < range.second; });
    return it != m_loaded.end() && it->first <= start && end <= it->second;
}

bool FileWindow::load(uint64_t offset, uint64_t size) {
    if (m_whole)
        return true;
    uint64_t const start = std::min<uint64_t>(offset, m_size);
    uint64_t const end = size > m_size - start ? m_size : start + size;
    // Read only the gaps between what is already there.
    uint64_t position = start;
    for (auto const& range : m_loaded) {
        if (range.second <= position)
            continue;
        if (range.first >= end)
            break;
        if (range.first > position && !read_into_staging(position, range.first - position))
            return false;
        position = std::max(position, range.second);
    }
    if (position < end && !read_into_staging(position, end - position))
        return false;
    if (start < end)
        mark_loaded(start, end);
    return true;
}

bool FileWindow::read_into_staging(uint64_t offset, uint64_t size) {
    if (m_source)
        std::memcpy(m_staging + offset, m_source + offset, size);
    else if (!read_fully(m_fd, m_staging + offset, size, offset))
        return false;
    m_staged_bytes += size;
    m_staging_dirty += size;
    m_staging_high_water = std::max<size_t>(m_staging_high_water, offset + size);
    return true;
}

void FileWindow::mark_loaded(uint64_t start, uint64_t end) {
    // Merge [start, end) with every range it overlaps or touches, keeping the list sorted.
    auto first = std::lower_bound(m_loaded.begin(), m_loaded.end(), start,
                                  [](const auto& range, uint64_t value) { return range.second < value; });
    auto last = first;
    while (last != m_loaded.end() && last->first <= end) {
        start = std::min(start, last->first);
        end = std::max(end, last->second);
        ++last;
    }
    first = m_loaded.erase(first, last);
    m_loaded.insert(first, {start, end});
}

bool FileWindow::load_all() {
    if (m_whole)
        return true;
    if (m_source) {
        m_data = m_source;
    } else if (!map_whole()) {
        return false;
    }
    m_whole = true;
    return true;
}

bool FileWindow::map_whole() {
    if (m_window && m_size <= kReservation) {
        // Each file's mapping simply replaces the previous one (MAP_FIXED unmaps what it
        // covers). What a larger earlier file left mapped past this one's end is never read
        // (pe/ is bounded by size()), and is dropped every kMappedFilesPerRelease files so that
        // such remnants, and the files they keep referenced, stay few.
        if (++m_mapped_since_release > kMappedFilesPerRelease)
            release_window();
        void* const mapping = ::mmap(m_window, m_size, PROT_READ, MAP_PRIVATE | MAP_FIXED, m_fd, 0);
        m_window_used = std::max(m_window_used, m_size);
        if (mapping == MAP_FAILED) {
            // A failed MAP_FIXED may have unmapped part of the range: restore the reservation.
            int const saved = errno;
            release_window();
            errno = saved;
            return false;
        }
        m_data = m_window;
        return true;
    }
    void* const mapping = ::mmap(nullptr, m_size, PROT_READ, MAP_PRIVATE, m_fd, 0);
    if (mapping == MAP_FAILED)
        return false;
    m_separate_mapping = mapping;
    m_data = static_cast<const uint8_t*>(mapping);
    return true;
}

} // namespace halcyon::pe_dump
