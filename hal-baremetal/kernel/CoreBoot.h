#pragma once

// Phase 3: the bare-metal HAL's own checks (kernel threads, user address spaces and the user
// copies), then the same core kernel the hosted build runs: kernel::initialize (core's frame
// allocator over PhysMem, the registry in memory), the scheduler, the object namespace and the
// VFS with C: mounted from the loader's system image (core/fs/RamdiskFs.h; an empty read-only
// volume without one, EmptyVolume.h), and user mode (bare processes of raw guest code).

#include <halcyon/BootInfo.h>

#include "core/lib/Types.h"

namespace halcyon::baremetal {

/// False (after saying which step failed on serial) on any failure.
bool boot_core(const boot::BootInfo& boot_info);

/// The program the kernel command line names with `run=`: everything after it is the program's
/// command line as it will see it (GetCommandLine), the first token (quoted or not) its image
/// path, e.g. `run=C:\apps\argv.exe "a b" c`. Null when there is none.
const char* boot_program_command_line(const char* kernel_command_line);

/// Launches that program (ntdll, kernel32 ... from C:) with the console as its standard handles
/// and runs the scheduler until its process has exited. Between the serial lines
/// "[run] start: <command line>" and "[run] exited with status 0x<8 hex digits>" (which is
/// preceded by a newline of its own) the serial output is exactly the program's console output,
/// so tools/qemu-boot.py can cut it out. False (after saying why) when it could not be started.
bool run_boot_program(const char* command_line, u32& exit_status);

} // namespace halcyon::baremetal
