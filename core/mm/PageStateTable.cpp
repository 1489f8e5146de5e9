#include "core/mm/PageStateTable.h"

#include "core/lib/Memory.h"

namespace halcyon::mm {

PageStateTable::~PageStateTable() {
    for (auto& slot : m_chunks)
        kfree(slot.chunk);
}

usize PageStateTable::lower_bound(u64 chunk_index) const {
    usize low = 0;
    usize high = m_chunks.size();
    while (low < high) {
        usize middle = low + (high - low) / 2;
        if (m_chunks[middle].chunk_index < chunk_index)
            low = middle + 1;
        else
            high = middle;
    }
    return low;
}

PageStateTable::Chunk* PageStateTable::find_chunk(u64 chunk_index) const {
    usize at = lower_bound(chunk_index);
    if (at < m_chunks.size() && m_chunks[at].chunk_index == chunk_index)
        return m_chunks[at].chunk;
    return nullptr;
}

PageState PageStateTable::get(u64 index) const {
    Chunk* chunk = find_chunk(index / kPagesPerChunk);
    if (!chunk)
        return {};
    return PageState::from_raw(chunk->entries[index % kPagesPerChunk]);
}

ErrorOr<void> PageStateTable::reserve_storage(u64 first, u64 count) {
    if (count == 0)
        return {};
    u64 first_chunk = first / kPagesPerChunk;
    u64 last_chunk = (first + count - 1) / kPagesPerChunk;
    for (u64 index = first_chunk; index <= last_chunk; ++index) {
        usize at = lower_bound(index);
        if (at < m_chunks.size() && m_chunks[at].chunk_index == index)
            continue;
        auto* chunk = static_cast<Chunk*>(kmalloc(sizeof(Chunk)));
        if (!chunk)
            return Error(status::NoMemory, "kernel heap exhausted (page state)");
        fill_bytes(chunk, 0, sizeof(Chunk));
        auto inserted = m_chunks.try_insert(at, Slot{index, chunk});
        if (inserted.is_error()) {
            kfree(chunk);
            return inserted;
        }
    }
    return {};
}

void PageStateTable::set(u64 index, PageState state) {
    Chunk* chunk = find_chunk(index / kPagesPerChunk);
    if (!chunk)
        return; // Only legal for uncommitted states: they are what "absent" already means.
    u64& entry = chunk->entries[index % kPagesPerChunk];
    bool was_committed = PageState::from_raw(entry).is_committed();
    if (was_committed != state.is_committed()) {
        if (state.is_committed()) {
            ++chunk->committed;
            ++m_committed;
        } else {
            --chunk->committed;
            --m_committed;
        }
    }
    entry = state.raw();
}

void PageStateTable::prune() {
    usize kept = 0;
    for (usize i = 0; i < m_chunks.size(); ++i) {
        if (m_chunks[i].chunk->committed == 0) {
            kfree(m_chunks[i].chunk);
            continue;
        }
        m_chunks[kept++] = m_chunks[i];
    }
    while (m_chunks.size() > kept)
        (void)m_chunks.take_last();
}

u64 PageStateTable::run_length(u64 first, u64 limit) const {
    if (first >= limit)
        return 0;
    u64 wanted = get(first).attributes();
    u64 index = first;
    // Walk the sorted directory alongside the pages so a long uncommitted stretch costs one step
    // per present chunk, not one lookup per absent one.
    usize slot = lower_bound(first / kPagesPerChunk);
    while (index < limit) {
        if (slot == m_chunks.size() || m_chunks[slot].chunk_index > index / kPagesPerChunk) {
            if (wanted != 0)
                break; // A committed run ends where storage ends.
            index = slot == m_chunks.size()
                        ? limit
                        : max(index, min(limit, m_chunks[slot].chunk_index * kPagesPerChunk));
            continue;
        }
        const Chunk* chunk = m_chunks[slot].chunk;
        u64 chunk_end = min(limit, (m_chunks[slot].chunk_index + 1) * kPagesPerChunk);
        for (; index < chunk_end; ++index) {
            if ((chunk->entries[index % kPagesPerChunk] & PageState::kAttributeMask) != wanted)
                return index - first;
        }
        ++slot;
    }
    return index - first;
}

} // namespace halcyon::mm
