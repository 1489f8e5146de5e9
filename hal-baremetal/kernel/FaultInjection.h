#pragma once

// debug.inject=KIND on the kernel command line (the loader's boot config `cmdline=`) makes the
// kernel fault on purpose once its IDT is up, so the boot tests can check the panic report:
//   page-fault    a write to an unmapped kernel address          (#PF)
//   divide        an integer division by zero                    (#DE)
//   ud            ud2                                            (#UD)
//   gp            a load from a non-canonical address            (#GP)
//   breakpoint    int3                                           (#BP)
//   double-fault  a #PF whose frame cannot be pushed (RSP points at unmapped memory) -> #DF,
//                 which the IDT delivers on its own IST stack
//   stack-overflow unbounded recursion into the guard page under the boot stack -> #DF
//   thread-stack-overflow  the same on a kernel thread's stack (hal::Cpu, KernelMemory.h)
//   panic         a kernel panic() call
// An unknown KIND is reported and the boot fails (never silently ignored).

namespace halcyon::baremetal {

/// Returns only when the command line asks for no injection.
void inject_requested_fault(const char* command_line);

/// The value of `key` (e.g. "debug.inject=") in the space-separated command line, copied into
/// `out` (NUL-terminated, truncated to out_size - 1); false when the key is absent.
bool command_line_value(const char* command_line, const char* key, char* out, unsigned out_size);

} // namespace halcyon::baremetal
