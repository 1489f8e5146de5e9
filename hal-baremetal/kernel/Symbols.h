#pragma once

// The kernel's own symbol table, for backtraces. It is generated at build time: the kernel is
// linked once without it, `llvm-nm -n -S -C` lists that ELF's text symbols, gen-symbols.py turns
// them into a sorted table (.ksymtab, .ksymtab.str) and the kernel is linked again with it. The
// table sits after .rodata, so linking it in moves no code; the build re-runs llvm-nm on the
// final ELF and fails if any text symbol moved (gen-symbols.py --verify).

#include <stddef.h>
#include <stdint.h>

namespace halcyon::baremetal {

struct KernelSymbol {
    uint64_t address;
    uint64_t size; ///< 0 when the symbol table had no size (assembly labels).
    const char* name;
};

struct SymbolMatch {
    const char* name;
    uint64_t offset;
};

/// The function containing `address`, or false when it is outside every known function.
bool symbolize(uint64_t address, SymbolMatch& match);
size_t kernel_symbol_count();

} // namespace halcyon::baremetal
