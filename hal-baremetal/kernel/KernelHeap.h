#pragma once

// The kernel heap behind core's kmalloc/kfree (core/lib/Memory.h). Pure code over memory regions
// the caller hands in, so tests/boot unit-tests it on the host.
//
// First fit over an address-ordered free list; every block has a 16-byte header (its size and a
// tag saying free or used); freeing merges with both neighbours when they are adjacent, so a
// free-everything sequence gets back to one block per region. When no block fits, `grow` is asked
// for a region of at least the needed bytes (on bare metal: fresh frames mapped at the end of the
// heap's virtual window, which then merge with the last free block).
//
// Not thread-safe by itself: the kernel calls it with interrupts off (one CPU, no preemption
// yet). FIXME: a lock once there are kernel threads that can be preempted or a second CPU.

#include <stddef.h>
#include <stdint.h>

namespace halcyon::baremetal {

class KernelHeap {
public:
    static constexpr size_t kAlignment = 16;
    static constexpr size_t kHeaderSize = 16;

    struct Region {
        void* base;
        size_t size;
    };
    /// Returns a region of at least `minimum` bytes, or {nullptr, 0}.
    using GrowFunction = Region (*)(void* context, size_t minimum);

    void set_grow(GrowFunction grow, void* context) {
        m_grow = grow;
        m_grow_context = context;
    }

    /// Hands [base, base + size) to the heap (trimmed to the alignment). False when too small.
    bool add_region(void* base, size_t size);

    /// 16-byte aligned memory, or null when the heap is exhausted and cannot grow, or for 0 bytes.
    void* allocate(size_t size);
    /// Returns memory from allocate. A pointer the heap did not hand out, or one freed twice,
    /// is refused and counted (bad_free_count) instead of corrupting the lists.
    void free(void* pointer);

    size_t free_bytes() const { return m_free_bytes; }
    size_t total_bytes() const { return m_total_bytes; }
    size_t free_block_count() const;
    size_t bad_free_count() const { return m_bad_frees; }

private:
    struct Block {
        uint64_t size; ///< Including the header; a multiple of kAlignment.
        uint64_t tag;  ///< kFreeTag or kUsedTag (a guard against wild and double frees).
        Block* next;   ///< Free blocks only: the next free block by address.
    };
    static constexpr uint64_t kFreeTag = 0x4652454548454150ull, kUsedTag = 0x5553454448454150ull;

    void insert_free(Block* block);
    bool grow(size_t minimum);

    Block* m_free{nullptr};
    size_t m_free_bytes{0};
    size_t m_total_bytes{0};
    size_t m_bad_frees{0};
    GrowFunction m_grow{nullptr};
    void* m_grow_context{nullptr};
};

} // namespace halcyon::baremetal
