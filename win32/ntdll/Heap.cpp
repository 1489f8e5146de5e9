// The Rtl heap (RtlCreateHeap, RtlAllocateHeap, ...), on top of NtAllocateVirtualMemory.
//
// Layout. A heap is a list of segments (committed VM regions) from which small and medium blocks
// are carved, plus a list of large blocks that each own a VM region. The Heap object itself lives
// at the start of the first segment, so a heap handle is a pointer into the heap, as on Windows.
//
// Blocks. Every block is preceded by a 16-byte BlockHeader, so user pointers are 16-byte aligned
// (segments and large regions are page-aligned and every block footprint is a multiple of 16).
// Requests up to kMediumLimit are rounded to one of kClassCount size classes (16-byte steps up to
// 1 KiB, then four steps per power of two up to 128 KiB); a freed block goes on its class's free
// list and is reused by the next request of that class. Blocks are never split or coalesced:
// segregated fits keeps each operation O(1) and bounds internal fragmentation to 25% above 1 KiB.
// Larger requests get their own region, returned to the kernel when freed.
//
// Locking. Each heap has a critical section, skipped when the heap or the call has
// HEAP_NO_SERIALIZE. Every public function validates the block header it is given (state and a
// check word bound to the heap and the address) and fails rather than corrupting the heap.

#include "Ntdll.h"
#include "core/lib/Spinlock.h"

using namespace halcyon;
using namespace halcyon::ntdll;

namespace {

constexpr uint32_t kHeapSignature = 0x48434C48; // "HLCH"
constexpr size_t kGranule = 16;
constexpr size_t kSmallLimit = 1024;
constexpr size_t kMediumLimit = 128 * 1024;
constexpr unsigned kSmallClassCount = kSmallLimit / kGranule; // 64
constexpr unsigned kClassCount = kSmallClassCount + 7 * 4;    // + 4 per power of two, 1 KiB..128 KiB
constexpr uint16_t kLargeClass = 0xFFFF;
constexpr uint16_t kStateBusy = 0xB5B5;
constexpr uint16_t kStateFree = 0xF4EE;
constexpr size_t kPageSize = 4096;
constexpr size_t kInitialSegmentSize = 256 * 1024;
constexpr size_t kMaxSegmentSize = 8 * 1024 * 1024;
/// Requests beyond this can never be satisfied; rejecting them early avoids overflow below.
constexpr size_t kMaxRequest = size_t(1) << 46;
constexpr unsigned kMaxProcessHeaps = 128;

struct BlockHeader {
    uint64_t size;        // the size the caller asked for (RtlSizeHeap)
    uint16_t class_index; // kLargeClass for a block with its own region
    uint16_t state;       // kStateBusy or kStateFree
    uint32_t check;       // check_word(heap, header)
};
static_assert(sizeof(BlockHeader) == kGranule);

struct FreeBlock {
    FreeBlock* next;
};

struct Segment {
    Segment* next;
    size_t size;  // bytes in the region, including this header
    char* first;  // first block
    char* cursor; // blocks are carved upwards from here
};
static_assert(sizeof(Segment) % kGranule == 0);

/// Precedes the BlockHeader of a large block, at the start of its region.
struct LargeBlock {
    LargeBlock* next;
    LargeBlock* previous;
    size_t region_size;
    uint64_t reserved;
};
static_assert(sizeof(LargeBlock) % kGranule == 0);

struct Heap {
    uint32_t signature;
    ULONG flags;
    RTL_CRITICAL_SECTION lock;
    FreeBlock* free_lists[kClassCount];
    Segment* segments;        // most recent first; the last one holds this Heap
    LargeBlock* large_blocks; // doubly linked
    size_t committed_bytes;   // segments and large regions together
    size_t limit;             // 0: growable; else a non-growable heap's maximum size
    size_t next_segment_size;
};

struct ProcessHeapTable {
    Spinlock lock;
    ULONG count;
    PVOID heaps[kMaxProcessHeaps];
};
ProcessHeapTable g_process_heaps;

uint32_t check_word(const Heap* heap, const BlockHeader* header) {
    auto h = reinterpret_cast<uintptr_t>(heap);
    auto b = reinterpret_cast<uintptr_t>(header);
    return static_cast<uint32_t>((b >> 4) ^ h ^ (h >> 32) ^ 0x5A17C0DEu);
}

unsigned class_for_size(size_t size) {
    if (size == 0)
        size = 1;
    if (size <= kSmallLimit)
        return static_cast<unsigned>((size + kGranule - 1) / kGranule - 1);
    // size in (2^p, 2^(p+1)], split into four steps of 2^(p-2).
    unsigned p = 63 - static_cast<unsigned>(__builtin_clzll(size - 1));
    size_t base = size_t(1) << p;
    size_t step = base >> 2;
    unsigned sub = static_cast<unsigned>((size - base + step - 1) / step - 1);
    return kSmallClassCount + (p - 10) * 4 + sub;
}

size_t class_size(unsigned index) {
    if (index < kSmallClassCount)
        return (index + 1) * kGranule;
    unsigned p = 10 + (index - kSmallClassCount) / 4;
    unsigned sub = (index - kSmallClassCount) % 4;
    size_t base = size_t(1) << p;
    return base + (sub + 1) * (base >> 2);
}

void* allocate_region(size_t& size) {
    PVOID base = nullptr;
    SIZE_T region = size;
    NTSTATUS status = NtAllocateVirtualMemory(NtCurrentProcess(), &base, 0, &region, MEM_RESERVE | MEM_COMMIT,
                                              PAGE_READWRITE);
    if (!NT_SUCCESS(status))
        return nullptr;
    size = region;
    return base;
}

void free_region(void* base) {
    PVOID address = base;
    SIZE_T size = 0;
    (void)NtFreeVirtualMemory(NtCurrentProcess(), &address, &size, MEM_RELEASE);
}

bool serialize(const Heap* heap, ULONG flags) {
    return !((heap->flags | flags) & HEAP_NO_SERIALIZE);
}

class HeapLock {
public:
    HeapLock(Heap* heap, ULONG flags) : m_heap(serialize(heap, flags) ? heap : nullptr) {
        if (m_heap)
            RtlEnterCriticalSection(&m_heap->lock);
    }
    ~HeapLock() {
        if (m_heap)
            RtlLeaveCriticalSection(&m_heap->lock);
    }
    HeapLock(const HeapLock&) = delete;
    HeapLock& operator=(const HeapLock&) = delete;

private:
    Heap* m_heap;
};

Heap* heap_from_handle(PVOID handle) {
    auto* heap = static_cast<Heap*>(handle);
    if (!heap || (reinterpret_cast<uintptr_t>(heap) & (kGranule - 1)) || heap->signature != kHeapSignature)
        return nullptr;
    return heap;
}

/// The header of a busy block of `heap`, or null when `pointer` is not one.
BlockHeader* busy_header(Heap* heap, const void* pointer) {
    if (!pointer || (reinterpret_cast<uintptr_t>(pointer) & (kGranule - 1)))
        return nullptr;
    auto* header = reinterpret_cast<BlockHeader*>(const_cast<char*>(static_cast<const char*>(pointer))) - 1;
    if (header->state != kStateBusy || header->check != check_word(heap, header))
        return nullptr;
    if (header->class_index != kLargeClass && header->class_index >= kClassCount)
        return nullptr;
    return header;
}

void* finish_block(Heap* heap, BlockHeader* header, unsigned class_index, size_t size, ULONG flags) {
    header->size = size;
    header->class_index = static_cast<uint16_t>(class_index);
    header->state = kStateBusy;
    header->check = check_word(heap, header);
    void* user = header + 1;
    if (flags & HEAP_ZERO_MEMORY)
        __builtin_memset(user, 0, size);
    return user;
}

/// Precondition: the heap lock is held (or the heap is unserialized).
bool grow(Heap* heap, size_t footprint) {
    size_t wanted = heap->next_segment_size;
    while (wanted < footprint + sizeof(Segment))
        wanted *= 2;
    if (heap->limit && heap->committed_bytes + wanted > heap->limit) {
        // A non-growable heap may still use what remains of its quota.
        if (heap->committed_bytes + footprint + sizeof(Segment) > heap->limit)
            return false;
        wanted = align_up(footprint + sizeof(Segment), kPageSize);
    }
    size_t size = wanted;
    auto* segment = static_cast<Segment*>(allocate_region(size));
    if (!segment)
        return false;
    segment->size = size;
    segment->first = reinterpret_cast<char*>(segment + 1);
    segment->cursor = segment->first;
    segment->next = heap->segments;
    heap->segments = segment;
    heap->committed_bytes += size;
    if (heap->next_segment_size < kMaxSegmentSize)
        heap->next_segment_size *= 2;
    return true;
}

/// Precondition: the heap lock is held (or the heap is unserialized).
void* allocate_small(Heap* heap, size_t size, ULONG flags) {
    unsigned index = class_for_size(size);
    if (FreeBlock* block = heap->free_lists[index]) {
        heap->free_lists[index] = block->next;
        return finish_block(heap, reinterpret_cast<BlockHeader*>(block) - 1, index, size, flags);
    }
    size_t footprint = sizeof(BlockHeader) + class_size(index);
    Segment* segment = heap->segments;
    if (reinterpret_cast<char*>(segment) + segment->size - segment->cursor <
        static_cast<ptrdiff_t>(footprint)) {
        if (!grow(heap, footprint))
            return nullptr;
        segment = heap->segments;
    }
    auto* header = reinterpret_cast<BlockHeader*>(segment->cursor);
    segment->cursor += footprint;
    // Fresh VM is zero already; only the header needs writing.
    return finish_block(heap, header, index, size, flags & ~static_cast<ULONG>(HEAP_ZERO_MEMORY));
}

/// Precondition: the heap lock is held (or the heap is unserialized).
void* allocate_large(Heap* heap, size_t size, ULONG flags) {
    size_t region = align_up(sizeof(LargeBlock) + sizeof(BlockHeader) + size, kPageSize);
    if (heap->limit && heap->committed_bytes + region > heap->limit)
        return nullptr;
    auto* large = static_cast<LargeBlock*>(allocate_region(region));
    if (!large)
        return nullptr;
    large->region_size = region;
    large->previous = nullptr;
    large->next = heap->large_blocks;
    if (large->next)
        large->next->previous = large;
    heap->large_blocks = large;
    heap->committed_bytes += region;
    auto* header = reinterpret_cast<BlockHeader*>(large + 1);
    return finish_block(heap, header, kLargeClass, size, flags & ~static_cast<ULONG>(HEAP_ZERO_MEMORY));
}

void* allocate_locked(Heap* heap, size_t size, ULONG flags) {
    if (size > kMaxRequest)
        return nullptr;
    if (size <= kMediumLimit)
        return allocate_small(heap, size, flags);
    return allocate_large(heap, size, flags);
}

void free_locked(Heap* heap, BlockHeader* header) {
    if (header->class_index == kLargeClass) {
        auto* large = reinterpret_cast<LargeBlock*>(header) - 1;
        if (large->previous)
            large->previous->next = large->next;
        else
            heap->large_blocks = large->next;
        if (large->next)
            large->next->previous = large->previous;
        heap->committed_bytes -= large->region_size;
        header->state = kStateFree;
        free_region(large);
        return;
    }
    header->state = kStateFree;
    auto* block = reinterpret_cast<FreeBlock*>(header + 1);
    block->next = heap->free_lists[header->class_index];
    heap->free_lists[header->class_index] = block;
}

size_t capacity_of(const BlockHeader* header) {
    if (header->class_index == kLargeClass) {
        auto* large = reinterpret_cast<const LargeBlock*>(header) - 1;
        return large->region_size - sizeof(LargeBlock) - sizeof(BlockHeader);
    }
    return class_size(header->class_index);
}

bool register_heap(PVOID heap) {
    LockGuard guard(g_process_heaps.lock);
    if (g_process_heaps.count >= kMaxProcessHeaps)
        return false;
    g_process_heaps.heaps[g_process_heaps.count++] = heap;
    abi::Peb* peb = current_peb();
    if (peb) {
        peb->process_heaps = reinterpret_cast<uint64_t>(g_process_heaps.heaps);
        peb->number_of_heaps = g_process_heaps.count;
        peb->maximum_number_of_heaps = kMaxProcessHeaps;
    }
    return true;
}

void unregister_heap(PVOID heap) {
    LockGuard guard(g_process_heaps.lock);
    for (ULONG i = 0; i < g_process_heaps.count; ++i) {
        if (g_process_heaps.heaps[i] != heap)
            continue;
        for (ULONG j = i + 1; j < g_process_heaps.count; ++j)
            g_process_heaps.heaps[j - 1] = g_process_heaps.heaps[j];
        --g_process_heaps.count;
        break;
    }
    if (abi::Peb* peb = current_peb())
        peb->number_of_heaps = g_process_heaps.count;
}

/// Walks every block of every segment and every large block. Precondition: lock held.
bool validate_all(Heap* heap) {
    for (Segment* segment = heap->segments; segment; segment = segment->next) {
        char* end = reinterpret_cast<char*>(segment) + segment->size;
        if (segment->cursor < segment->first || segment->cursor > end)
            return false;
        for (char* p = segment->first; p < segment->cursor;) {
            auto* header = reinterpret_cast<BlockHeader*>(p);
            if (header->class_index >= kClassCount || header->check != check_word(heap, header))
                return false;
            if (header->state != kStateBusy && header->state != kStateFree)
                return false;
            p += sizeof(BlockHeader) + class_size(header->class_index);
        }
    }
    for (unsigned index = 0; index < kClassCount; ++index) {
        for (FreeBlock* block = heap->free_lists[index]; block; block = block->next) {
            auto* header = reinterpret_cast<BlockHeader*>(block) - 1;
            if (header->state != kStateFree || header->class_index != index ||
                header->check != check_word(heap, header))
                return false;
        }
    }
    for (LargeBlock* large = heap->large_blocks; large; large = large->next) {
        auto* header = reinterpret_cast<BlockHeader*>(large + 1);
        if (header->state != kStateBusy || header->class_index != kLargeClass ||
            header->check != check_word(heap, header))
            return false;
        if (large->next && large->next->previous != large)
            return false;
    }
    return true;
}

} // namespace

extern "C" {

PVOID NTAPI RtlCreateHeap(ULONG flags, PVOID heap_base, SIZE_T reserve_size, SIZE_T commit_size, PVOID lock,
                          PVOID parameters) {
    // FIXME: caller-supplied memory (heap_base) and external locks are not supported; Windows
    // uses them only for special heaps (e.g. CSRSS's shared heap), never for ordinary programs.
    if (heap_base || lock)
        return nullptr;
    size_t size = kInitialSegmentSize;
    if (commit_size > size)
        size = align_up(static_cast<size_t>(commit_size), kPageSize);
    size_t limit = 0;
    if (!(flags & HEAP_GROWABLE) && reserve_size) {
        // A fixed-size heap (HeapCreate with a maximum): everything must fit in reserve_size.
        limit = align_up(static_cast<size_t>(reserve_size), kPageSize);
        if (size > limit)
            size = limit;
    }
    size_t first_size = align_up(size, kPageSize);
    auto* segment = static_cast<Segment*>(allocate_region(first_size));
    if (!segment)
        return nullptr;
    auto* heap = reinterpret_cast<Heap*>(segment + 1);
    __builtin_memset(heap, 0, sizeof(Heap));
    heap->signature = kHeapSignature;
    heap->flags = flags;
    heap->segments = segment;
    heap->committed_bytes = first_size;
    heap->limit = limit;
    heap->next_segment_size = first_size * 2 > kMaxSegmentSize ? kMaxSegmentSize : first_size * 2;
    segment->next = nullptr;
    segment->size = first_size;
    segment->first = reinterpret_cast<char*>(align_up(reinterpret_cast<uintptr_t>(heap + 1), kGranule));
    segment->cursor = segment->first;
    RtlInitializeCriticalSectionAndSpinCount(&heap->lock, 4000);
    if (!register_heap(heap)) {
        RtlDeleteCriticalSection(&heap->lock);
        free_region(segment);
        return nullptr;
    }
    return heap;
}

PVOID NTAPI RtlDestroyHeap(PVOID handle) {
    Heap* heap = heap_from_handle(handle);
    if (!heap || handle == process_heap())
        return handle; // Windows returns the handle on failure; the process heap is permanent.
    unregister_heap(heap);
    for (LargeBlock* large = heap->large_blocks; large;) {
        LargeBlock* next = large->next;
        free_region(large);
        large = next;
    }
    RtlDeleteCriticalSection(&heap->lock);
    heap->signature = 0;
    // The Heap object lives in the oldest segment, which is last in the list: free it last.
    for (Segment* segment = heap->segments; segment;) {
        Segment* next = segment->next;
        free_region(segment);
        segment = next;
    }
    return nullptr;
}

PVOID NTAPI RtlAllocateHeap(PVOID handle, ULONG flags, SIZE_T size) {
    Heap* heap = heap_from_handle(handle);
    if (!heap)
        return nullptr;
    // FIXME: HEAP_GENERATE_EXCEPTIONS should raise STATUS_NO_MEMORY once ntdll can raise
    // exceptions; until then failure is always a null return.
    HeapLock guard(heap, flags);
    return allocate_locked(heap, size, flags | (heap->flags & HEAP_ZERO_MEMORY));
}

BOOLEAN NTAPI RtlFreeHeap(PVOID handle, ULONG flags, PVOID pointer) {
    if (!pointer)
        return TRUE; // freeing null succeeds, as on Windows
    Heap* heap = heap_from_handle(handle);
    if (!heap)
        return FALSE;
    HeapLock guard(heap, flags);
    BlockHeader* header = busy_header(heap, pointer);
    if (!header)
        return FALSE; // double free, foreign pointer or corruption: refuse rather than corrupt
    free_locked(heap, header);
    return TRUE;
}

PVOID NTAPI RtlReAllocateHeap(PVOID handle, ULONG flags, PVOID pointer, SIZE_T size) {
    Heap* heap = heap_from_handle(handle);
    if (!heap || !pointer || size > kMaxRequest)
        return nullptr;
    flags |= heap->flags & HEAP_ZERO_MEMORY;
    HeapLock guard(heap, flags);
    BlockHeader* header = busy_header(heap, pointer);
    if (!header)
        return nullptr;
    size_t old_size = header->size;
    bool fits = size <= capacity_of(header);
    // Stay in place when the block fits and would not waste most of itself; a large shrink
    // moves to a smaller class unless the caller forbids moving.
    bool keep =
        fits && (header->class_index == kLargeClass
                     ? (size > kMediumLimit || (flags & HEAP_REALLOC_IN_PLACE_ONLY))
                     : (class_for_size(size) == header->class_index || (flags & HEAP_REALLOC_IN_PLACE_ONLY)));
    if (keep) {
        if (size > old_size && (flags & HEAP_ZERO_MEMORY))
            __builtin_memset(static_cast<char*>(pointer) + old_size, 0, size - old_size);
        header->size = size;
        return pointer;
    }
    if (flags & HEAP_REALLOC_IN_PLACE_ONLY)
        return nullptr;
    void* moved = allocate_locked(heap, size, flags & ~static_cast<ULONG>(HEAP_ZERO_MEMORY));
    if (!moved)
        return nullptr;
    size_t keep_bytes = old_size < size ? old_size : size;
    __builtin_memcpy(moved, pointer, keep_bytes);
    if (size > old_size && (flags & HEAP_ZERO_MEMORY))
        __builtin_memset(static_cast<char*>(moved) + old_size, 0, size - old_size);
    free_locked(heap, header);
    return moved;
}

SIZE_T NTAPI RtlSizeHeap(PVOID handle, ULONG flags, const void* pointer) {
    Heap* heap = heap_from_handle(handle);
    if (!heap)
        return ~SIZE_T(0);
    HeapLock guard(heap, flags);
    BlockHeader* header = busy_header(heap, pointer);
    return header ? header->size : ~SIZE_T(0);
}

BOOLEAN NTAPI RtlValidateHeap(PVOID handle, ULONG flags, const void* pointer) {
    Heap* heap = heap_from_handle(handle);
    if (!heap)
        return FALSE;
    HeapLock guard(heap, flags);
    if (pointer)
        return busy_header(heap, pointer) != nullptr;
    return validate_all(heap);
}

ULONG NTAPI RtlGetProcessHeaps(ULONG count, PVOID* heaps) {
    LockGuard guard(g_process_heaps.lock);
    for (ULONG i = 0; i < count && i < g_process_heaps.count; ++i)
        heaps[i] = g_process_heaps.heaps[i];
    return g_process_heaps.count;
}

BOOLEAN NTAPI RtlLockHeap(PVOID handle) {
    Heap* heap = heap_from_handle(handle);
    if (!heap)
        return FALSE;
    RtlEnterCriticalSection(&heap->lock);
    return TRUE;
}

BOOLEAN NTAPI RtlUnlockHeap(PVOID handle) {
    Heap* heap = heap_from_handle(handle);
    if (!heap)
        return FALSE;
    RtlLeaveCriticalSection(&heap->lock);
    return TRUE;
}

} // extern "C"
