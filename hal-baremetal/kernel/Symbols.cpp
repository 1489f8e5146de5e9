#include "Symbols.h"

// Bounds of the generated table, from kernel.ld (empty in the first link).
extern "C" const halcyon::baremetal::KernelSymbol __ksymtab_start[], __ksymtab_end[];
extern "C" const char __text_start[], __text_end[];

namespace halcyon::baremetal {

size_t kernel_symbol_count() { return static_cast<size_t>(__ksymtab_end - __ksymtab_start); }

bool symbolize(uint64_t address, SymbolMatch& match) {
    if (address < reinterpret_cast<uint64_t>(__text_start) || address >= reinterpret_cast<uint64_t>(__text_end))
        return false;
    size_t count = kernel_symbol_count();
    // The last symbol at or below `address` (the table is sorted by address).
    size_t low = 0, high = count;
    while (low < high) {
        size_t middle = low + (high - low) / 2;
        if (__ksymtab_start[middle].address <= address)
            low = middle + 1;
        else
            high = middle;
    }
    if (low == 0)
        return false;
    const KernelSymbol& symbol = __ksymtab_start[low - 1];
    uint64_t offset = address - symbol.address;
    // A sized symbol must contain the address; an unsized one (an assembly label) gets a
    // generous 64 KiB so a stub is still named but a wild pointer into the data is not.
    uint64_t limit = symbol.size ? symbol.size : 0x10000;
    if (offset >= limit)
        return false;
    match = {symbol.name, offset};
    return true;
}

} // namespace halcyon::baremetal
