#pragma once

// How pe-dump reads its input: one file at a time, presented as contiguous read-only bytes,
// at the lowest cost per file the kernel allows. Host code.
//
// pe/ touches only the headers and the tables it walks, so a file is mapped, not read (as
// llvm-readobj does). But each page fault on a fresh mapping is expensive (several
// microseconds in a VM, with fault-around and the later teardown), and every file's first
// fault is on its headers. So the first kPrefixSize bytes are copied with one pread(2) into a
// page that stays mapped for the whole run, and the rest of the file is mapped right behind
// it, inside an address range reserved once at start-up (64 KiB-aligned, like the kernel's
// fault-around windows): pe/ still sees the whole file as one span, and the headers cost a
// copy of 4 KiB instead of a fault.
//
// Paths are opened relative to a descriptor of their directory, kept while consecutive files
// share it, so a batch of files from one directory does not walk the same path again and again.

#include <cstddef>
#include <cstdint>
#include <string>

namespace halcyon::pe_dump {

class FileWindow {
public:
    FileWindow();
    ~FileWindow();
    FileWindow(const FileWindow&) = delete;
    FileWindow& operator=(const FileWindow&) = delete;

    /// Opens `path` and presents its bytes; the previous file's bytes become invalid. On failure
    /// returns false with errno set (EISDIR for anything but a regular file).
    bool open(const char* path);
    /// Drops the current file (also done by open and the destructor).
    void close();

    const uint8_t* data() const { return m_data; }
    size_t size() const { return m_size; }

private:
    static constexpr size_t kPrefixSize = 4096;
    static constexpr unsigned kFilesPerRelease = 64;

    int open_descriptor(const char* path);
    bool map_whole(int fd);
    bool map_behind_prefix(int fd);
    /// Returns everything mapped behind the prefix to the PROT_NONE reservation.
    void release_region();

    /// The reserved range: kPrefixSize bytes of writable memory, then PROT_NONE reservation.
    /// nullptr when the reservation failed; every file is then mapped on its own.
    uint8_t* m_region = nullptr;
    size_t m_region_size = 0;

    const uint8_t* m_data = nullptr;
    size_t m_size = 0;
    /// Bytes mapped behind the prefix inside the region, or of a separate whole-file mapping.
    size_t m_mapped_tail = 0;
    /// How far behind the prefix file mappings (current or left over) may reach.
    size_t m_region_used = 0;
    unsigned m_files_since_release = 0;
    bool m_separate_mapping = false;

    std::string m_directory;
    int m_directory_fd = -1;
};

} // namespace halcyon::pe_dump
