#pragma once

// How pe-dump reads its input: one file at a time, presented as contiguous read-only bytes,
// at the lowest cost per file the kernel allows. Host code.
//
// pe/ reads only the headers and the tables it walks, a few KiB of a file that is often
// megabytes. Mapping the file (as llvm-readobj does) costs a mmap(2) and then a page fault per
// touched 64 KiB window, each several microseconds in a VM (fault-around maps 16 pages, and they
// are torn down again when the next file replaces the mapping); pread(2) of the same few KiB
// into memory that is already mapped costs well under one. So a file can be *staged*: the
// caller load()s the ranges it needs (the headers, then the sections holding the tables, see
// inspect_file) to their file offsets in a staging buffer. The buffer is one anonymous reservation reused from file to file,
// so its pages are faulted in once per process, not once per file.
//
// Bytes that were not loaded hold whatever an earlier file left there (or zeros): the caller
// must only trust what it read from loaded ranges (is_loaded). inspect_file does, by recording
// what pe/ read (pe::ReadRecord). When that is too much, load_all() maps the whole file
// instead (into a second reservation), and then everything is loaded.
//
// Paths are opened relative to a descriptor of their directory, kept while consecutive files
// share it, so a batch of files from one directory does not walk the same path again and again.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace halcyon::pe_dump {

class FileWindow {
public:
    FileWindow();
    ~FileWindow();
    FileWindow(const FileWindow&) = delete;
    FileWindow& operator=(const FileWindow&) = delete;

    /// Opens `path`, loading nothing yet (unless it cannot be staged: then it is mapped whole);
    /// the previous file's bytes become invalid. On failure returns false with errno set
    /// (EISDIR for anything but a regular file).
    bool open(const char* path);
    /// Presents `size` bytes at `bytes` (which must outlive their use) exactly as a file with
    /// those contents, for tests and fuzzers. Before loading the prefix, the staging buffer is
    /// filled with the complement of the bytes, so that reading anything not loaded yet gives
    /// a different answer than the file would.
    bool open_memory(const uint8_t* bytes, size_t size);
    /// Drops the current file (also done by open and the destructor).
    void close();

    /// The file's bytes: [0, size()) is addressable, but only loaded ranges hold the file's.
    const uint8_t* data() const { return m_data; }
    size_t size() const { return m_size; }

    /// True when every byte of [offset, offset + size) ∩ [0, size()) is loaded.
    bool is_loaded(uint64_t offset, uint64_t size) const;
    /// Loads [offset, offset + size) ∩ [0, size()). False with errno set when reading fails.
    bool load(uint64_t offset, uint64_t size);
    /// Makes the whole file present, by mapping it (data() moves). False with errno set.
    bool load_all();
    /// Bytes read into the staging buffer for this file so far.
    size_t staged_bytes() const { return m_staged_bytes; }
    /// False when the file is loaded whole already, or when there is no staging buffer (it
    /// could not be reserved) or the file does not fit it.
    bool can_stage() const { return !m_whole && m_staging && m_size <= kStagingSize; }

    /// The staging buffer's size, and so the largest file that can be staged.
    static constexpr size_t kStagingSize = (size_t{4} << 30) + 4096;

private:
    static constexpr unsigned kMappedFilesPerRelease = 64;
    /// Staging memory dirtied since it was last given back (MADV_DONTNEED) is kept below this,
    /// so a long run over files with tables at scattered offsets does not keep growing.
    static constexpr size_t kStagingReleaseBytes = size_t{64} << 20;

    int open_descriptor(const char* path);
    bool begin(size_t size);
    bool read_into_staging(uint64_t offset, uint64_t size);
    void mark_loaded(uint64_t start, uint64_t end);
    bool map_whole();
    /// Returns the mapping reservation's used part to PROT_NONE.
    void release_window();

    /// Where files are staged: kReservation bytes of anonymous read-write memory, reserved
    /// once. nullptr when that failed (every file is then mapped).
    uint8_t* m_staging = nullptr;
    size_t m_staging_dirty = 0;
    size_t m_staging_high_water = 0;

    /// Where load_all() maps files: a PROT_NONE reservation each mapping replaces part of.
    uint8_t* m_window = nullptr;
    size_t m_window_used = 0;
    unsigned m_mapped_since_release = 0;
    /// A file too large for the reservations gets a mapping of its own.
    void* m_separate_mapping = nullptr;

    int m_fd = -1;
    const uint8_t* m_source = nullptr; // open_memory's bytes
    const uint8_t* m_data = nullptr;
    size_t m_size = 0;
    bool m_whole = false;
    size_t m_staged_bytes = 0;
    /// Loaded ranges of the staging buffer, [start, end), sorted and disjoint (not adjacent).
    std::vector<std::pair<uint64_t, uint64_t>> m_loaded;

    std::string m_directory;
    int m_directory_fd = -1;
};

} // namespace halcyon::pe_dump
