#include "tools/pe-dump/FileWindow.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace halcyon::pe_dump {

namespace {

/// Larger than any PE file can meaningfully be (pe/ works with 32-bit offsets); bigger files
/// get a mapping of their own. Reserving address space costs nothing (PROT_NONE, NORESERVE).
constexpr size_t kReservation = (size_t{4} << 30) + 4096;
constexpr size_t kAlignment = size_t{2} << 20;

bool read_fully(int fd, uint8_t* buffer, size_t length) {
    size_t done = 0;
    while (done < length) {
        ssize_t const got = ::pread(fd, buffer + done, length - done, static_cast<off_t>(done));
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
    // The kernel maps a faulting page together with its neighbours in the same aligned 64 KiB
    // window ("fault-around"). Aligning the range keeps those windows on the same 64 KiB
    // boundaries in memory as in the file, so tables that share a window in the file (the
    // export and import directories often do) come in with one fault rather than two.
    void* const reserved = ::mmap(nullptr, kReservation + kAlignment, PROT_NONE,
                                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (reserved == MAP_FAILED)
        return;
    auto const start = reinterpret_cast<uintptr_t>(reserved);
    uintptr_t const aligned = (start + kAlignment - 1) & ~(uintptr_t{kAlignment} - 1);
    if (aligned > start)
        ::munmap(reserved, aligned - start);
    if (uintptr_t const excess = kAlignment - (aligned - start))
        ::munmap(reinterpret_cast<void*>(aligned + kReservation), excess);
    auto* const region = reinterpret_cast<uint8_t*>(aligned);
    if (::mprotect(region, kPrefixSize, PROT_READ | PROT_WRITE) != 0) {
        ::munmap(region, kReservation);
        return;
    }
    m_region = region;
    m_region_size = kReservation;
}

FileWindow::~FileWindow() {
    close();
    if (m_region)
        release_region();
    if (m_region)
        ::munmap(m_region, m_region_size);
    if (m_directory_fd >= 0)
        ::close(m_directory_fd);
}

void FileWindow::close() {
    if (m_separate_mapping)
        ::munmap(const_cast<uint8_t*>(m_data), m_mapped_tail);
    m_separate_mapping = false;
    m_mapped_tail = 0;
    m_data = nullptr;
    m_size = 0;
}

void FileWindow::release_region() {
    // Put the reservation back rather than unmapping: a hole in the range could be taken by
    // another mapping (malloc's), which the next MAP_FIXED would then overwrite.
    if (m_region_used)
        ::mmap(m_region + kPrefixSize, m_region_used, PROT_NONE,
               MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
    m_region_used = 0;
    m_files_since_release = 0;
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
    struct stat info {};
    bool ok = ::fstat(fd, &info) == 0;
    if (ok && !S_ISREG(info.st_mode)) {
        errno = EISDIR;
        ok = false;
    }
    if (ok) {
        m_size = static_cast<size_t>(info.st_size);
        if (m_size == 0)
            m_data = reinterpret_cast<const uint8_t*>("");
        else if (m_region && m_size <= m_region_size)
            ok = map_behind_prefix(fd);
        else
            ok = map_whole(fd);
    }
    int const saved = errno;
    ::close(fd);
    errno = saved;
    if (!ok) {
        close();
        errno = saved;
    }
    return ok;
}

bool FileWindow::map_whole(int fd) {
    void* const mapping = ::mmap(nullptr, m_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (mapping == MAP_FAILED)
        return false;
    m_data = static_cast<const uint8_t*>(mapping);
    m_mapped_tail = m_size;
    m_separate_mapping = true;
    return true;
}

bool FileWindow::map_behind_prefix(int fd) {
    // Each file's mapping simply replaces the previous one (MAP_FIXED unmaps what it covers),
    // which saves a system call per file. What a larger earlier file left mapped past the
    // current one's end is never read (pe/ is bounded by size()), and is dropped every
    // kFilesPerRelease files so that such remnants, and the files they keep referenced, stay few.
    if (++m_files_since_release > kFilesPerRelease)
        release_region();
    size_t const prefix = m_size < kPrefixSize ? m_size : kPrefixSize;
    if (!read_fully(fd, m_region, prefix))
        return false;
    if (m_size > kPrefixSize) {
        size_t const tail = m_size - kPrefixSize;
        void* const mapping = ::mmap(m_region + kPrefixSize, tail, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd,
                                     static_cast<off_t>(kPrefixSize));
        if (mapping == MAP_FAILED) {
            // A failed MAP_FIXED may have unmapped part of the range: restore the reservation.
            if (tail > m_region_used)
                m_region_used = tail;
            int const saved = errno;
            release_region();
            errno = saved;
            return false;
        }
        m_mapped_tail = tail;
        if (tail > m_region_used)
            m_region_used = tail;
    }
    m_data = m_region;
    return true;
}

} // namespace halcyon::pe_dump
