#pragma once

// The user-mode ABI: structure layouts shared by the kernel and the user-mode DLLs. Offsets are
// those of 64-bit Windows 10 ([ms-teb], [ms-peb] as documented by Microsoft's public symbols),
// because real programs read some of them directly (gs:[0x30], gs:[0x58], gs:[0x60], ...).
// Fields Halcyon does not use yet are kept as padding so the used offsets stay exact.
//
// This header is freestanding and included from both sides of the boundary: core/ (kernel) and
// win32/ (PE32+ user mode). It must not include anything but core/lib/Types.h.

#include "core/lib/Types.h"

namespace halcyon::abi {

/// A counted UTF-16 string as user mode passes it (UNICODE_STRING). Length/MaximumLength in bytes.
struct UnicodeString {
    u16 length;
    u16 maximum_length;
    u32 padding;
    u64 buffer; // const char16_t* in the owning process
};
static_assert(sizeof(UnicodeString) == 16);

struct ObjectAttributes {
    u32 length;
    u32 padding0;
    u64 root_directory;  // HANDLE
    u64 object_name;     // UnicodeString*
    u32 attributes;      // OBJ_CASE_INSENSITIVE 0x40, OBJ_INHERIT 0x2
    u32 padding1;
    u64 security_descriptor;
    u64 security_quality_of_service;
};
static_assert(sizeof(ObjectAttributes) == 48);

struct IoStatusBlock {
    u64 status; // NTSTATUS in the low 32 bits (a union with Pointer on Windows)
    u64 information;
};
static_assert(sizeof(IoStatusBlock) == 16);

struct ClientId {
    u64 unique_process;
    u64 unique_thread;
};

/// RTL_USER_PROCESS_PARAMETERS. The kernel builds it (normalized: pointers are absolute).
struct ProcessParameters {
    u32 maximum_length;              // 0x000
    u32 length;                      // 0x004
    u32 flags;                       // 0x008  kParametersNormalized
    u32 debug_flags;                 // 0x00C
    u64 console_handle;              // 0x010
    u32 console_flags;               // 0x018
    u32 padding0;                    // 0x01C
    u64 standard_input;              // 0x020
    u64 standard_output;             // 0x028
    u64 standard_error;              // 0x030
    UnicodeString current_directory; // 0x038  CURDIR.DosPath (with trailing backslash)
    u64 current_directory_handle;    // 0x048  CURDIR.Handle
    UnicodeString dll_path;          // 0x050
    UnicodeString image_path_name;   // 0x060
    UnicodeString command_line;      // 0x070
    u64 environment;                 // 0x080  NUL-separated UTF-16 block ending in an empty string
    u32 starting_x;                  // 0x088
    u32 starting_y;
    u32 count_x;
    u32 count_y;
    u32 count_chars_x;
    u32 count_chars_y;
    u32 fill_attribute;
    u32 window_flags;                // 0x0A4  STARTF_* (GetStartupInfo)
    u32 show_window_flags;           // 0x0A8
    u32 padding1;                    // 0x0AC
    UnicodeString window_title;      // 0x0B0
    UnicodeString desktop_info;      // 0x0C0
    UnicodeString shell_info;        // 0x0D0
    UnicodeString runtime_data;      // 0x0E0
    u8 current_directories[32 * 0x18]; // 0x0F0
    u64 environment_size;            // 0x3F0  bytes
    u64 environment_version;         // 0x3F8
};
static_assert(__builtin_offsetof(ProcessParameters, current_directory) == 0x38);
static_assert(__builtin_offsetof(ProcessParameters, command_line) == 0x70);
static_assert(__builtin_offsetof(ProcessParameters, environment) == 0x80);
static_assert(__builtin_offsetof(ProcessParameters, window_title) == 0xB0);
static_assert(__builtin_offsetof(ProcessParameters, environment_size) == 0x3F0);

constexpr u32 kParametersNormalized = 0x1;

/// PEB_LDR_DATA.
struct LoaderData {
    u32 length;
    u8 initialized;
    u8 padding[3];
    u64 ss_handle;
    u64 in_load_order_module_list[2];           // LIST_ENTRY {Flink, Blink}
    u64 in_memory_order_module_list[2];
    u64 in_initialization_order_module_list[2];
    u64 entry_in_progress;
    u8 shutdown_in_progress;
    u8 padding2[7];
    u64 shutdown_thread_id;
};
static_assert(__builtin_offsetof(LoaderData, in_load_order_module_list) == 0x10);
static_assert(__builtin_offsetof(LoaderData, in_initialization_order_module_list) == 0x30);

/// PEB. Only the fields Halcyon fills are named; the rest is zero.
struct Peb {
    u8 inherited_address_space;    // 0x000
    u8 read_image_file_exec_options;
    u8 being_debugged;             // 0x002
    u8 bit_field;
    u32 padding0;
    u64 mutant;                    // 0x008
    u64 image_base_address;        // 0x010
    u64 ldr;                       // 0x018  LoaderData*
    u64 process_parameters;        // 0x020  ProcessParameters*
    u64 sub_system_data;           // 0x028
    u64 process_heap;              // 0x030
    u64 fast_peb_lock;             // 0x038  RTL_CRITICAL_SECTION*
    u8 unused0[0x78 - 0x40];
    u64 tls_bitmap;                // 0x078
    u32 tls_bitmap_bits[2];        // 0x080
    u8 unused1[0xB8 - 0x88];
    u32 number_of_processors;      // 0x0B8
    u32 nt_global_flag;            // 0x0BC
    u8 unused2[0xE8 - 0xC0];
    u32 number_of_heaps;           // 0x0E8
    u32 maximum_number_of_heaps;   // 0x0EC
    u64 process_heaps;             // 0x0F0
    u8 unused3[0x118 - 0xF8];
    u32 os_major_version;          // 0x118
    u32 os_minor_version;          // 0x11C
    u16 os_build_number;           // 0x120
    u16 os_csd_version;            // 0x122
    u32 os_platform_id;            // 0x124
    u32 image_subsystem;           // 0x128
    u32 image_subsystem_major_version;
    u32 image_subsystem_minor_version;
    u8 unused4[0x7C8 - 0x134];
};
static_assert(__builtin_offsetof(Peb, ldr) == 0x18);
static_assert(__builtin_offsetof(Peb, process_heap) == 0x30);
static_assert(__builtin_offsetof(Peb, number_of_processors) == 0xB8);
static_assert(__builtin_offsetof(Peb, os_major_version) == 0x118);

/// TEB. gs:[0] points here on both backends.
struct Teb {
    u64 exception_list;            // 0x000  NT_TIB
    u64 stack_base;                // 0x008
    u64 stack_limit;               // 0x010
    u64 sub_system_tib;            // 0x018
    u64 fiber_data;                // 0x020
    u64 arbitrary_user_pointer;    // 0x028
    u64 self;                      // 0x030
    u64 environment_pointer;       // 0x038
    ClientId client_id;            // 0x040
    u64 active_rpc_handle;         // 0x050
    u64 thread_local_storage_pointer; // 0x058  array of per-module TLS blocks, indexed by _tls_index
    u64 process_environment_block; // 0x060
    u32 last_error_value;          // 0x068
    u8 unused0[0x1250 - 0x6C];
    u32 last_status_value;         // 0x1250
    u8 unused1[0x1478 - 0x1254];
    u64 deallocation_stack;        // 0x1478  lowest address of the reserved stack
    u64 tls_slots[64];             // 0x1480  TlsGetValue slots 0..63
    u64 tls_links[2];              // 0x1680
    u8 unused2[0x1780 - 0x1690];
    u64 tls_expansion_slots;       // 0x1780  slots 64..1087
    u8 unused3[0x17C8 - 0x1788];
    u64 fls_data;                  // 0x17C8  ntdll's per-thread fiber-local storage (Fls.cpp)
    u8 unused4[0x1838 - 0x17D0];
};
static_assert(__builtin_offsetof(Teb, self) == 0x30);
static_assert(__builtin_offsetof(Teb, thread_local_storage_pointer) == 0x58);
static_assert(__builtin_offsetof(Teb, process_environment_block) == 0x60);
static_assert(__builtin_offsetof(Teb, last_error_value) == 0x68);
static_assert(__builtin_offsetof(Teb, last_status_value) == 0x1250);
static_assert(__builtin_offsetof(Teb, deallocation_stack) == 0x1478);
static_assert(__builtin_offsetof(Teb, tls_slots) == 0x1480);
static_assert(__builtin_offsetof(Teb, tls_expansion_slots) == 0x1780);
static_assert(__builtin_offsetof(Teb, fls_data) == 0x17C8);
static_assert(sizeof(Teb) == 0x1838);

/// KUSER_SHARED_DATA, mapped read-only at kSharedUserDataAddress in every process.
constexpr u64 kSharedUserDataAddress = 0x7FFE0000;
struct KSystemTime {
    u32 low_part;
    i32 high1_time;
    i32 high2_time;
};
struct SharedUserData {
    u32 tick_count_low_deprecated;   // 0x000
    u32 tick_count_multiplier;       // 0x004
    KSystemTime interrupt_time;      // 0x008  100 ns units since boot
    KSystemTime system_time;         // 0x014  100 ns units since 1601 UTC
    KSystemTime time_zone_bias;      // 0x020
    u8 unused0[0x26C - 0x2C];
    u32 nt_major_version;            // 0x26C
    u32 nt_minor_version;            // 0x270
    u8 unused1[0x300 - 0x274];
    i64 qpc_frequency;               // 0x300
    u8 unused2[0x320 - 0x308];
    KSystemTime tick_count;          // 0x320  milliseconds-ish ticks (TickCountMultiplier scaled)
    u8 unused3[0xF00 - 0x32C];
    /// Halcyon's own field: the address ntdll's stubs call to enter the kernel. Bare metal points
    /// it at `syscall; ret` in the gate page; hosted points it at the hosted kernel entry.
    u64 system_call_gate;            // 0xF00
    u8 unused4[0x1000 - 0xF08];
};
static_assert(__builtin_offsetof(SharedUserData, nt_major_version) == 0x26C);
static_assert(__builtin_offsetof(SharedUserData, qpc_frequency) == 0x300);
static_assert(__builtin_offsetof(SharedUserData, tick_count) == 0x320);
static_assert(__builtin_offsetof(SharedUserData, system_call_gate) == 0xF00);
static_assert(sizeof(SharedUserData) == 0x1000);

constexpr u64 kSystemCallGateSlot = kSharedUserDataAddress + 0xF00;

/// Calling convention of the gate (identical on both backends):
///   eax = service number, r10 = arg1, rdx = arg2, r8 = arg3, r9 = arg4,
///   arg5.. at [rsp + kGateStackArgsOffset + 8 * (n - 5)] as seen on entry to the gate,
///   returns NTSTATUS in rax; rcx and r11 are clobbered, as by `syscall`.
/// The ntdll stub is `mov r10, rcx; mov eax, N; call [kSystemCallGateSlot]; ret`, so the gate sees
/// its own return address, the stub's caller's return address and 0x20 bytes of home space.
constexpr u64 kGateStackArgsOffset = 0x30;
constexpr u32 kMaxSystemCallArguments = 16;

/// Initial thread start: the kernel starts every user thread at ntdll!LdrInitializeThunk with
///   rcx = start routine, rdx = its argument, r8 = 1 for the first thread of a process else 0,
///   rsp 16-byte aligned minus 8 (as after a call) with 0x20 bytes of home space above.
/// For the first thread the start routine is the executable's entry point and the argument the PEB.

/// Windows version Halcyon reports (Windows 10 22H2).
constexpr u32 kOsMajorVersion = 10;
constexpr u32 kOsMinorVersion = 0;
constexpr u32 kOsBuildNumber = 19045;

/// The register record of an exception (winnt.h CONTEXT, x64): what the kernel writes for
/// KiUserExceptionDispatcher. Integer registers in the order rax, rcx, rdx, rbx, rsp, rbp, rsi,
/// rdi, r8-r15 (the x86 encoding order unwind codes use too).
struct alignas(16) Context {
    u64 home[6];
    u32 context_flags;
    u32 mxcsr;
    u16 seg_cs, seg_ds, seg_es, seg_fs, seg_gs, seg_ss;
    u32 eflags;
    u64 debug_registers[6];
    u64 gpr[16];
    u64 rip;
    u8 fxsave[512]; // XMM_SAVE_AREA32: x87, MXCSR, xmm0-15
    u8 vector_registers[26 * 16];
    u64 vector_control;
    u64 debug_control, last_branch_to_rip, last_branch_from_rip, last_exception_to_rip, last_exception_from_rip;
};
static_assert(sizeof(Context) == 0x4D0);
static_assert(__builtin_offsetof(Context, gpr) == 0x78);
static_assert(__builtin_offsetof(Context, rip) == 0xF8);
static_assert(__builtin_offsetof(Context, fxsave) == 0x100);

constexpr u32 kContextFull = 0x10000B;        // CONTEXT_CONTROL | CONTEXT_INTEGER | CONTEXT_FLOATING_POINT
constexpr u32 kContextSegments = 0x100004;
/// The selectors a 64-bit Windows user thread runs with.
constexpr u16 kUserCodeSelector = 0x33, kUserDataSelector = 0x2B, kTebSelector = 0x53;

/// EXCEPTION_RECORD (x64).
struct ExceptionRecord {
    u32 code;
    u32 flags;
    u64 nested_record;
    u64 address;
    u32 number_parameters;
    u32 padding;
    u64 information[15];
};
static_assert(sizeof(ExceptionRecord) == 0x98);

/// The frame the kernel builds on the user stack to deliver an exception: ntdll's
/// KiUserExceptionDispatcher is entered with rsp = the frame (16-byte aligned), the faulting
/// thread's Context at rsp and the ExceptionRecord right after it.
constexpr u64 kExceptionFrameRecordOffset = sizeof(Context);
constexpr u64 kExceptionFrameSize = sizeof(Context) + sizeof(ExceptionRecord);

} // namespace halcyon::abi
