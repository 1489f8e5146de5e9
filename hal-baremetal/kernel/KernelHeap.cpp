#include "KernelHeap.h"

namespace halcyon::baremetal {

namespace {

constexpr size_t kMinimumBlock = 32; // header + room for the free-list link

uint64_t align_up(uint64_t value, uint64_t alignment) { return (value + alignment - 1) & ~(alignment - 1); }

} // namespace

bool KernelHeap::add_region(void* base, size_t size) {
    uint64_t start = align_up(reinterpret_cast<uint64_t>(base), kAlignment);
    uint64_t end = (reinterpret_cast<uint64_t>(base) + size) & ~(kAlignment - 1);
    if (end < start || end - start < kMinimumBlock)
        return false;
    auto* block = reinterpret_cast<Block*>(start);
    block->size = end - start;
    block->tag = kFreeTag;
    m_total_bytes += block->size;
    m_free_bytes += block->size;
    insert_free(block);
    return true;
}

void KernelHeap::insert_free(Block* block) {
    Block* previous = nullptr;
    Block* current = m_free;
    while (current && current < block) {
        previous = current;
        current = current->next;
    }
    block->next = current;
    if (previous)
        previous->next = block;
    else
        m_free = block;
    // Merge with the following block, then with the preceding one, when they touch.
    if (current && reinterpret_cast<uint8_t*>(block) + block->size == reinterpret_cast<uint8_t*>(current)) {
        block->size += current->size;
        block->next = current->next;
        current->tag = 0;
    }
    if (previous && reinterpret_cast<uint8_t*>(previous) + previous->size == reinterpret_cast<uint8_t*>(block)) {
        previous->size += block->size;
        previous->next = block->next;
        block->tag = 0;
    }
}

bool KernelHeap::grow(size_t minimum) {
    if (!m_grow)
        return false;
    Region region = m_grow(m_grow_context, minimum);
    return region.base && add_region(region.base, region.size);
}

void* KernelHeap::allocate(size_t size) {
    if (size == 0 || size > (1ull << 40))
        return nullptr;
    uint64_t needed = align_up(size + kHeaderSize, kAlignment);
    if (needed < kMinimumBlock)
        needed = kMinimumBlock;
    for (int attempt = 0; attempt < 2; ++attempt) {
        Block* previous = nullptr;
        for (Block* block = m_free; block; previous = block, block = block->next) {
            if (block->size < needed)
                continue;
            Block* rest = block->next;
            if (block->size - needed >= kMinimumBlock) {
                auto* tail = reinterpret_cast<Block*>(reinterpret_cast<uint8_t*>(block) + needed);
                tail->size = block->size - needed;
                tail->tag = kFreeTag;
                tail->next = block->next;
                rest = tail;
                block->size = needed;
            }
            if (previous)
                previous->next = rest;
            else
                m_free = rest;
            block->tag = kUsedTag;
            m_free_bytes -= block->size;
            return reinterpret_cast<uint8_t*>(block) + kHeaderSize;
        }
        // The region the grow callback returns may merge with the last free block, so asking
        // for `needed` bytes is always enough.
        if (attempt == 0 && !grow(needed))
            return nullptr;
    }
    return nullptr;
}

void KernelHeap::free(void* pointer) {
    if (!pointer)
        return;
    auto address = reinterpret_cast<uint64_t>(pointer);
    if (address % kAlignment) {
        ++m_bad_frees;
        return;
    }
    auto* block = reinterpret_cast<Block*>(address - kHeaderSize);
    if (block->tag != kUsedTag) {
        ++m_bad_frees;
        return;
    }
    block->tag = kFreeTag;
    m_free_bytes += block->size;
    insert_free(block);
}

size_t KernelHeap::free_block_count() const {
    size_t count = 0;
    for (Block* block = m_free; block; block = block->next)
        ++count;
    return count;
}

} // namespace halcyon::baremetal
