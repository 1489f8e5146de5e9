#pragma once

// Per-allocation page state, stored sparsely. Windows programs reserve far more than they commit
// (a thread stack reserves 1 MiB and commits a few pages; the .NET GC and CFG reserve gigabytes),
// so nothing here is sized by the reservation: storage exists only for chunks of 64 pages that
// hold at least one committed page. An uncommitted (reserved) page has no entry at all and reads
// back as PageState{}. Worst case that is one 520-byte chunk per committed page; the common case
// is 8 bytes per committed page plus a directory slot per 64.

#include "core/lib/ErrorOr.h"
#include "core/lib/Vector.h"
#include "core/mm/PageState.h"

namespace halcyon::mm {

class PageStateTable {
public:
    static constexpr u64 kPagesPerChunk = 64;

    PageStateTable() = default;
    PageStateTable(const PageStateTable&) = delete;
    PageStateTable& operator=(const PageStateTable&) = delete;
    PageStateTable(PageStateTable&&) = default;
    PageStateTable& operator=(PageStateTable&&) = default;
    ~PageStateTable();

    /// The state of page `index`; PageState{} (not committed) when nothing is stored.
    PageState get(u64 index) const;

    /// Makes storage exist for pages [first, first+count) so that set() on them cannot fail.
    /// Chunks created here and never filled are reclaimed by prune().
    ErrorOr<void> reserve_storage(u64 first, u64 count);

    /// Stores `state` for page `index`. Storing a committed state requires reserve_storage() for
    /// that page first; storing an uncommitted state where there is no storage is a no-op.
    void set(u64 index, PageState state);

    /// Frees every chunk that holds no committed page.
    void prune();

    /// Number of pages, starting at `first` and stopping before `limit`, whose attributes
    /// (committed bit and protection) equal those of page `first`. Skips absent chunks wholesale.
    u64 run_length(u64 first, u64 limit) const;

    /// Calls `callback(index, state)` for each committed page in [first, first+count), in order,
    /// visiting only chunks that exist, so the cost follows committed pages, not the range. The
    /// callback may set() pages but must not reserve storage or prune.
    template <typename Callback>
    void for_each_committed(u64 first, u64 count, Callback callback) const {
        if (count == 0)
            return;
        u64 end = first + count;
        for (usize slot = lower_bound(first / kPagesPerChunk); slot < m_chunks.size(); ++slot) {
            u64 chunk_first = m_chunks[slot].chunk_index * kPagesPerChunk;
            if (chunk_first >= end)
                break;
            const Chunk* chunk = m_chunks[slot].chunk;
            u64 to = min(end, chunk_first + kPagesPerChunk);
            for (u64 index = max(first, chunk_first); index < to; ++index) {
                PageState state = PageState::from_raw(chunk->entries[index % kPagesPerChunk]);
                if (state.is_committed())
                    callback(index, state);
            }
        }
    }

    /// Committed pages in [first, first+count).
    u64 count_committed(u64 first, u64 count) const {
        u64 total = 0;
        for_each_committed(first, count, [&](u64, PageState) { ++total; });
        return total;
    }

    u64 committed_count() const { return m_committed; }
    usize chunk_count() const { return m_chunks.size(); }

private:
    struct Chunk {
        u64 entries[kPagesPerChunk];
        u32 committed;
    };
    struct Slot {
        u64 chunk_index;
        Chunk* chunk;
    };

    /// Index into m_chunks of the first slot whose chunk_index >= `chunk_index`.
    usize lower_bound(u64 chunk_index) const;
    Chunk* find_chunk(u64 chunk_index) const;

    /// Sorted by chunk_index, no duplicates.
    Vector<Slot> m_chunks;
    u64 m_committed{0};
};

} // namespace halcyon::mm
