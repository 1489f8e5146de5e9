#pragma once

// Which bytes of a file an Image read, for callers that bring a file into memory piecemeal.
//
// pe-dump reads only the parts of a file a walk needs (the headers, then the sections holding
// the tables) instead of mapping it whole; bytes it has not read yet hold whatever was in its
// buffer before. It gives the parse a ReadRecord, runs the walk, and then checks that every range
// the record names had been read beforehand; if not, it reads those ranges and walks again. The
// result therefore never depends on a byte that was not read from the file.
//
// Every path from an Image to its file's bytes notes what it hands out:
//   - the parse itself notes the leading bytes it looked at (DOS header, NT headers, optional
//     header, section table), even when it fails, as `prefix_end`; the ends of its reads are
//     also kept in order, since where each header is depends on the one before: a caller that
//     loads only up to the first one it lacks does not load what a garbage offset asked for;
//   - an RVA below SizeOfHeaders hands out [0, SizeOfHeaders), also noted as `prefix_end`;
//   - an RVA in a section hands out (part of) that section's raw data: the whole raw range is
//     noted, once per section;
//   - data addressed by file offset (debug data, the COFF string table) is noted as an extra
//     range; Image::bytes(), which exposes everything, sets `whole_file`.
// A range is noted before it is read, so a walk that stops at an error has still noted what it
// looked at. Not synchronized: one record follows one walk on one thread.

#include "core/lib/Types.h"
#include "pe/Format.h"

namespace halcyon::pe {

struct FileRange {
    u64 offset;
    u64 size;
};

class ReadRecord {
public:
    /// Extra (file-offset addressed) ranges kept before the record gives up and notes the whole
    /// file instead.
    static constexpr u32 kMaxExtraRanges = 16;
    static constexpr u32 kMaxPrefixSteps = 8;

    void clear() {
        m_prefix_end = 0;
        m_prefix_step_count = 0;
        m_whole_file = false;
        for (u32& word : m_section_bits)
            word = 0;
        m_section_count = 0;
        m_extra_count = 0;
    }

    /// The file's first bytes [0, prefix_end()) were read.
    u64 prefix_end() const { return m_prefix_end; }
    /// The first kMaxPrefixSteps reads of the prefix, as the ends of [0, end), in the order they
    /// were made (later ones are only counted in prefix_end()).
    u32 prefix_step_count() const { return m_prefix_step_count; }
    u64 prefix_step(u32 index) const { return m_prefix_steps[index]; }
    /// Something was handed the whole file: only a fully loaded file satisfies the record.
    bool whole_file() const { return m_whole_file; }
    /// Every other range read: sections' raw data and file-offset addressed data, in the order
    /// they were first read. Ranges may overlap each other and the prefix.
    u32 range_count() const { return m_section_count + m_extra_count; }
    FileRange range(u32 index) const {
        return index < m_section_count ? m_sections[index] : m_extra[index - m_section_count];
    }

    void note_prefix(u64 end) {
        if (end > m_prefix_end)
            m_prefix_end = end;
        if (m_prefix_step_count < kMaxPrefixSteps)
            m_prefix_steps[m_prefix_step_count++] = end;
    }
    void note_section(u32 index, u64 offset, u64 size) {
        u32 const bit = 1u << (index % 32);
        u32& word = m_section_bits[index / 32];
        if (word & bit)
            return;
        word |= bit;
        m_sections[m_section_count++] = {offset, size};
    }
    void note_range(u64 offset, u64 size) {
        for (u32 i = 0; i < m_extra_count; ++i) {
            if (m_extra[i].offset == offset && m_extra[i].size == size)
                return;
        }
        if (m_extra_count == kMaxExtraRanges) {
            m_whole_file = true;
            return;
        }
        m_extra[m_extra_count++] = {offset, size};
    }
    void note_whole_file() { m_whole_file = true; }

private:
    u64 m_prefix_end{0};
    u32 m_prefix_step_count{0};
    u64 m_prefix_steps[kMaxPrefixSteps]{};
    bool m_whole_file{false};
    u32 m_section_bits[(kMaxSections + 31) / 32]{};
    u32 m_section_count{0};
    u32 m_extra_count{0};
    FileRange m_sections[kMaxSections]{};
    FileRange m_extra[kMaxExtraRanges]{};
};

} // namespace halcyon::pe
