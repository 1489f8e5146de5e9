// Heap stress: a deterministic sequence of malloc/realloc/free over many live blocks, each filled
// with a pattern derived from its slot and checked before it is resized or freed. Then the Win32
// heap API on a private heap. Prints counts and a checksum of the data seen, never addresses.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

enum { kSlots = 512, kSteps = 40000 };

static uint32_t s_state = 12345;

static uint32_t next_random(void)
{
    // xorshift32: the same sequence on every system.
    s_state ^= s_state << 13;
    s_state ^= s_state >> 17;
    s_state ^= s_state << 5;
    return s_state;
}

static size_t random_size(void)
{
    uint32_t r = next_random();
    switch (r % 8) {
    case 0: return r % 8;                 // tiny, including 0
    case 1: return 4096 + r % 70000;      // large
    case 2: return (r & 0x300) ? 1 + r % 512 : 100000 + r % 400000; // sometimes very large
    default: return 1 + r % 512;          // small
    }
}

struct Block {
    unsigned char* data;
    size_t size;
    unsigned char seed;
};

static struct Block s_blocks[kSlots];
static uint64_t s_checksum;
static unsigned long s_errors;

static void fill(struct Block* block, size_t from)
{
    for (size_t i = from; i < block->size; ++i)
        block->data[i] = (unsigned char)(block->seed + i * 7);
}

static void check(const struct Block* block, size_t length)
{
    for (size_t i = 0; i < length; ++i) {
        unsigned char expected = (unsigned char)(block->seed + i * 7);
        if (block->data[i] != expected) {
            ++s_errors;
            return;
        }
        s_checksum = s_checksum * 31 + block->data[i];
    }
}

static void crt_heap_stress(void)
{
    unsigned long mallocs = 0, reallocs = 0, frees = 0, failures = 0;
    for (int step = 0; step < kSteps; ++step) {
        uint32_t slot = next_random() % kSlots;
        struct Block* block = &s_blocks[slot];
        uint32_t action = next_random() % 3;
        if (!block->data) {
            block->size = random_size();
            block->seed = (unsigned char)next_random();
            block->data = malloc(block->size);
            if (!block->data && block->size) {
                ++failures;
                continue;
            }
            if (!block->data) {
                // malloc(0) returns a unique pointer on Windows, never NULL.
                ++failures;
                continue;
            }
            fill(block, 0);
            ++mallocs;
        } else if (action == 0) {
            check(block, block->size);
            free(block->data);
            block->data = NULL;
            ++frees;
        } else {
            size_t new_size = random_size();
            if (new_size == 0)
                new_size = 1; // realloc(p, 0) frees on Windows; keep the block.
            unsigned char* data = realloc(block->data, new_size);
            if (!data) {
                ++failures;
                continue;
            }
            block->data = data;
            size_t kept = new_size < block->size ? new_size : block->size;
            check(block, kept);
            size_t old_size = block->size;
            block->size = new_size;
            if (new_size > old_size)
                fill(block, old_size);
            ++reallocs;
        }
    }
    for (int slot = 0; slot < kSlots; ++slot) {
        if (s_blocks[slot].data) {
            check(&s_blocks[slot], s_blocks[slot].size);
            free(s_blocks[slot].data);
            ++frees;
        }
    }
    printf("crt heap: %lu mallocs, %lu reallocs, %lu frees, %lu failures, %lu errors\n", mallocs,
        reallocs, frees, failures, s_errors);
    printf("crt heap checksum: %016llx\n", (unsigned long long)s_checksum);

    // calloc zeroes, and a freed-then-reused block does not leak into calloc's result.
    unsigned char* dirty = malloc(1000);
    memset(dirty, 0xAB, 1000);
    free(dirty);
    unsigned char* zeroed = calloc(250, 4);
    int nonzero = 0;
    for (int i = 0; i < 1000; ++i)
        nonzero += zeroed[i] != 0;
    printf("calloc(250, 4): %d non-zero bytes\n", nonzero);
    free(zeroed);
}

static void win32_heap(void)
{
    HANDLE heap = HeapCreate(0, 0, 0);
    printf("HeapCreate: %s\n", heap ? "ok" : "failed");
    if (!heap)
        return;
    unsigned char* block = HeapAlloc(heap, HEAP_ZERO_MEMORY, 100);
    int nonzero = 0;
    for (int i = 0; i < 100; ++i)
        nonzero += block[i] != 0;
    printf("HeapAlloc(HEAP_ZERO_MEMORY, 100): %d non-zero bytes, HeapSize = %llu\n", nonzero,
        (unsigned long long)HeapSize(heap, 0, block));
    for (int i = 0; i < 100; ++i)
        block[i] = (unsigned char)i;
    block = HeapReAlloc(heap, HEAP_ZERO_MEMORY, block, 300000);
    int intact = 1;
    for (int i = 0; i < 100; ++i)
        intact &= block[i] == (unsigned char)i;
    nonzero = 0;
    for (int i = 100; i < 300000; ++i)
        nonzero += block[i] != 0;
    printf("HeapReAlloc(300000): contents %s, %d non-zero bytes in the new part, HeapSize = %llu\n",
        intact ? "kept" : "LOST", nonzero, (unsigned long long)HeapSize(heap, 0, block));
    block = HeapReAlloc(heap, 0, block, 10);
    intact = 1;
    for (int i = 0; i < 10; ++i)
        intact &= block[i] == (unsigned char)i;
    printf("HeapReAlloc(10): contents %s, HeapSize = %llu\n", intact ? "kept" : "LOST",
        (unsigned long long)HeapSize(heap, 0, block));
    printf("HeapFree: %d\n", HeapFree(heap, 0, block));

    // Many blocks on the private heap, freed in a different order.
    void* blocks[1000];
    int allocated = 0;
    for (int i = 0; i < 1000; ++i)
        allocated += (blocks[i] = HeapAlloc(heap, 0, 16 + (i % 97) * 13)) != NULL;
    int freed = 0;
    for (int i = 0; i < 1000; i += 2)
        freed += HeapFree(heap, 0, blocks[i]) != 0;
    for (int i = 1; i < 1000; i += 2)
        freed += HeapFree(heap, 0, blocks[i]) != 0;
    printf("private heap: %d allocated, %d freed\n", allocated, freed);
    printf("HeapDestroy: %d\n", HeapDestroy(heap));

    void* process_block = HeapAlloc(GetProcessHeap(), 0, 64);
    unsigned long long process_block_size = HeapSize(GetProcessHeap(), 0, process_block);
    printf("GetProcessHeap alloc: %s, HeapSize = %llu, HeapFree = %d\n",
        process_block ? "ok" : "failed", process_block_size, HeapFree(GetProcessHeap(), 0, process_block));
}

int main(void)
{
    crt_heap_stress();
    win32_heap();
    return s_errors ? 1 : 0;
}
