#pragma once

// On-disk structures of the PE32+ format, with Halcyon names. References are to the Microsoft
// "PE Format" specification ([pecoff], learn.microsoft.com/windows/win32/debug/pe-format) by
// section number. Every structure here is read by copying bytes into a local object (never by
// casting a pointer into the file), so neither alignment nor the lifetime of the input matters.

#include "core/lib/StringView.h"
#include "core/lib/Types.h"

namespace halcyon::pe {

// ----------------------------------------------------------------------------------------------
// MS-DOS stub header. [pecoff] 2 "MS-DOS Stub (Image Only)"; only the magic and e_lfanew matter.
// ----------------------------------------------------------------------------------------------

constexpr u16 kDosMagic = 0x5A4D; // "MZ"

struct DosHeader {
    u16 magic;
    u16 bytes_on_last_page;
    u16 pages_in_file;
    u16 relocations;
    u16 header_paragraphs;
    u16 min_extra_paragraphs;
    u16 max_extra_paragraphs;
    u16 initial_ss;
    u16 initial_sp;
    u16 checksum;
    u16 initial_ip;
    u16 initial_cs;
    u16 relocation_table_offset;
    u16 overlay_number;
    u16 reserved1[4];
    u16 oem_id;
    u16 oem_info;
    u16 reserved2[10];
    /// File offset of the PE signature ([pecoff] 2, "at location 0x3c").
    u32 new_header_offset;
};
static_assert(sizeof(DosHeader) == 64);

// ----------------------------------------------------------------------------------------------
// Signature and COFF file header. [pecoff] 3.2 "Signature (Image Only)", 3.3 "COFF File Header".
// ----------------------------------------------------------------------------------------------

constexpr u32 kPeSignature = 0x00004550; // "PE\0\0"
/// "NE": a 16-bit Windows executable behind the MZ stub; recognised only to refuse it by name.
constexpr u16 kNeSignature = 0x454E;

/// [pecoff] 3.3.1 "Machine Types".
namespace machine {
constexpr u16 Unknown = 0x0000;
constexpr u16 I386 = 0x014C;
constexpr u16 Amd64 = 0x8664;
constexpr u16 ArmNt = 0x01C4;
constexpr u16 Ebc = 0x0EBC;
constexpr u16 Arm64 = 0xAA64;
} // namespace machine

/// [pecoff] 3.3.2 "Characteristics".
namespace file_characteristics {
constexpr u16 RelocsStripped = 0x0001;
constexpr u16 ExecutableImage = 0x0002;
constexpr u16 LargeAddressAware = 0x0020;
constexpr u16 Machine32Bit = 0x0100;
constexpr u16 DebugStripped = 0x0200;
constexpr u16 System = 0x1000;
constexpr u16 Dll = 0x2000;
} // namespace file_characteristics

struct FileHeader {
    u16 machine;
    u16 number_of_sections;
    u32 time_date_stamp;
    u32 pointer_to_symbol_table;
    u32 number_of_symbols;
    u16 size_of_optional_header;
    u16 characteristics;
};
static_assert(sizeof(FileHeader) == 20);

// ----------------------------------------------------------------------------------------------
// Optional header (PE32+). [pecoff] 3.4 "Optional Header (Image Only)".
// ----------------------------------------------------------------------------------------------

constexpr u16 kOptionalHeaderMagicPe32 = 0x010B;
constexpr u16 kOptionalHeaderMagicPe32Plus = 0x020B;

/// [pecoff] 3.4 "Optional Header (Image Only)", PE32 form: BaseOfData follows BaseOfCode and the
/// address-sized fields (ImageBase, stack and heap sizes) are 32-bit. Parsing widens it into an
/// OptionalHeader64 so the rest of pe/ has one header type.
struct OptionalHeader32 {
    u16 magic;
    u8 major_linker_version;
    u8 minor_linker_version;
    u32 size_of_code;
    u32 size_of_initialized_data;
    u32 size_of_uninitialized_data;
    u32 address_of_entry_point;
    u32 base_of_code;
    u32 base_of_data;
    u32 image_base;
    u32 section_alignment;
    u32 file_alignment;
    u16 major_operating_system_version;
    u16 minor_operating_system_version;
    u16 major_image_version;
    u16 minor_image_version;
    u16 major_subsystem_version;
    u16 minor_subsystem_version;
    u32 win32_version_value;
    u32 size_of_image;
    u32 size_of_headers;
    u32 checksum;
    u16 subsystem;
    u16 dll_characteristics;
    u32 size_of_stack_reserve;
    u32 size_of_stack_commit;
    u32 size_of_heap_reserve;
    u32 size_of_heap_commit;
    u32 loader_flags;
    u32 number_of_rva_and_sizes;
};
static_assert(sizeof(OptionalHeader32) == 96);
constexpr u32 kOptionalHeader32FixedSize = 96;

/// [pecoff] 3.4.2 "Windows Subsystem".
namespace subsystem {
constexpr u16 Unknown = 0;
constexpr u16 Native = 1;
constexpr u16 WindowsGui = 2;
constexpr u16 WindowsCui = 3;
constexpr u16 EfiApplication = 10;
} // namespace subsystem

/// [pecoff] 3.4.2 "DLL Characteristics".
namespace dll_characteristics {
constexpr u16 HighEntropyVa = 0x0020;
constexpr u16 DynamicBase = 0x0040;
constexpr u16 ForceIntegrity = 0x0080;
constexpr u16 NxCompat = 0x0100;
constexpr u16 NoIsolation = 0x0200;
constexpr u16 NoSeh = 0x0400;
constexpr u16 NoBind = 0x0800;
constexpr u16 AppContainer = 0x1000;
constexpr u16 WdmDriver = 0x2000;
constexpr u16 GuardCf = 0x4000;
constexpr u16 TerminalServerAware = 0x8000;
} // namespace dll_characteristics

/// [pecoff] 3.4.3 "Optional Header Data Directories".
struct DataDirectory {
    u32 virtual_address;
    u32 size;
};
static_assert(sizeof(DataDirectory) == 8);

/// Indices into the data directory table ([pecoff] 3.4.3).
namespace directory {
constexpr u32 Export = 0;
constexpr u32 Import = 1;
constexpr u32 Resource = 2;
constexpr u32 Exception = 3;
/// The only directory whose "virtual_address" is a file offset, not an RVA ([pecoff] 5.7).
constexpr u32 Security = 4;
constexpr u32 BaseRelocation = 5;
constexpr u32 Debug = 6;
constexpr u32 Architecture = 7;
constexpr u32 GlobalPointer = 8;
constexpr u32 Tls = 9;
constexpr u32 LoadConfig = 10;
constexpr u32 BoundImport = 11;
constexpr u32 ImportAddressTable = 12;
constexpr u32 DelayImport = 13;
/// The CLR runtime header; present only in .NET images ([pecoff] 6.10).
constexpr u32 ClrRuntime = 14;
constexpr u32 Reserved = 15;
constexpr u32 Count = 16;
} // namespace directory

struct OptionalHeader64 {
    u16 magic;
    u8 major_linker_version;
    u8 minor_linker_version;
    u32 size_of_code;
    u32 size_of_initialized_data;
    u32 size_of_uninitialized_data;
    u32 address_of_entry_point;
    u32 base_of_code;
    u64 image_base;
    u32 section_alignment;
    u32 file_alignment;
    u16 major_operating_system_version;
    u16 minor_operating_system_version;
    u16 major_image_version;
    u16 minor_image_version;
    u16 major_subsystem_version;
    u16 minor_subsystem_version;
    u32 win32_version_value;
    u32 size_of_image;
    u32 size_of_headers;
    u32 checksum;
    u16 subsystem;
    u16 dll_characteristics;
    u64 size_of_stack_reserve;
    u64 size_of_stack_commit;
    u64 size_of_heap_reserve;
    u64 size_of_heap_commit;
    u32 loader_flags;
    u32 number_of_rva_and_sizes;
    DataDirectory data_directories[directory::Count];
};
static_assert(sizeof(OptionalHeader64) == 240);
/// The fixed part of the PE32+ optional header, before the data directories ([pecoff] 3.4).
constexpr u32 kOptionalHeader64FixedSize = 112;
/// Offset of ImageBase inside the optional header; relocation rewrites it in the mapped headers.
constexpr u32 kOptionalHeaderImageBaseOffset = 24;

// ----------------------------------------------------------------------------------------------
// Section table. [pecoff] 4 "Section Table (Section Headers)".
// ----------------------------------------------------------------------------------------------

/// [pecoff] 4.1 "Section Flags".
namespace section_characteristics {
constexpr u32 ContainsCode = 0x00000020;
constexpr u32 ContainsInitializedData = 0x00000040;
constexpr u32 ContainsUninitializedData = 0x00000080;
constexpr u32 MemDiscardable = 0x02000000;
constexpr u32 MemNotCached = 0x04000000;
constexpr u32 MemNotPaged = 0x08000000;
constexpr u32 MemShared = 0x10000000;
constexpr u32 MemExecute = 0x20000000;
constexpr u32 MemRead = 0x40000000;
constexpr u32 MemWrite = 0x80000000;
} // namespace section_characteristics

struct SectionHeader {
    char name[8];
    u32 virtual_size;
    u32 virtual_address;
    u32 size_of_raw_data;
    u32 pointer_to_raw_data;
    u32 pointer_to_relocations;
    u32 pointer_to_line_numbers;
    u16 number_of_relocations;
    u16 number_of_line_numbers;
    u32 characteristics;

    /// The name without its NUL padding. Long names ("/123", object files only) are not resolved.
    constexpr StringView name_view() const {
        usize length = 0;
        while (length < sizeof(name) && name[length] != '\0')
            ++length;
        return {name, length};
    }
    /// The size the section occupies in memory. A zero VirtualSize means "use SizeOfRawData", as
    /// the Windows loader does for old linkers that left it unset.
    constexpr u32 effective_virtual_size() const { return virtual_size ? virtual_size : size_of_raw_data; }
    /// How many bytes of file data back the section in memory: raw data beyond the virtual size
    /// is file-alignment padding and is not mapped.
    constexpr u32 mapped_raw_size() const { return min(size_of_raw_data, effective_virtual_size()); }
};
static_assert(sizeof(SectionHeader) == 40);

/// [pecoff] 4: "the Windows loader limits the number of sections to 96".
constexpr u32 kMaxSections = 96;

/// [pecoff] 5.4 "COFF Symbol Table": the COFF string table follows NumberOfSymbols records of
/// this size; it begins with its own 4-byte size. mingw's ld keeps long section names there
/// ("/4" means offset 4) even in images, for its DWARF sections.
constexpr u32 kCoffSymbolSize = 18;

// ----------------------------------------------------------------------------------------------
// Export directory. [pecoff] 6.3 "The .edata Section (Image Only)".
// ----------------------------------------------------------------------------------------------

struct ExportDirectory {
    u32 characteristics;
    u32 time_date_stamp;
    u16 major_version;
    u16 minor_version;
    u32 name_rva;
    /// The ordinal of export address table entry 0 ([pecoff] 6.3.1 "Ordinal Base").
    u32 ordinal_base;
    u32 number_of_functions;
    u32 number_of_names;
    u32 address_of_functions;
    u32 address_of_names;
    u32 address_of_name_ordinals;
};
static_assert(sizeof(ExportDirectory) == 40);

// ----------------------------------------------------------------------------------------------
// Import directory. [pecoff] 6.4 "The .idata Section".
// ----------------------------------------------------------------------------------------------

struct ImportDescriptor {
    /// RVA of the import lookup table (a.k.a. OriginalFirstThunk); 0 in some old images.
    u32 import_lookup_table_rva;
    u32 time_date_stamp;
    u32 forwarder_chain;
    u32 name_rva;
    /// RVA of the import address table (a.k.a. FirstThunk), the slots the loader writes.
    u32 import_address_table_rva;
};
static_assert(sizeof(ImportDescriptor) == 20);

/// [pecoff] 6.4.2: bit 63 of a PE32+ lookup entry selects import by ordinal.
constexpr u64 kImportByOrdinalFlag64 = 0x8000000000000000ull;
/// By ordinal, bits 15..0 are the ordinal and bits 62..16 must be zero.
constexpr u64 kImportOrdinalReservedMask64 = 0x7FFFFFFFFFFF0000ull;
/// By name, bits 30..0 are the hint/name RVA and bits 62..31 must be zero.
constexpr u64 kImportNameRvaMask64 = 0x7FFFFFFFull;
/// PE32 lookup entries are 32-bit: bit 31 selects import by ordinal, bits 30..16 must be zero.
constexpr u32 kImportByOrdinalFlag32 = 0x80000000u;
constexpr u32 kImportOrdinalReservedMask32 = 0x7FFF0000u;

// ----------------------------------------------------------------------------------------------
// Delay-load import directory. [pecoff] 5.8 "Delay-Load Import Tables (Image Only)".
// ----------------------------------------------------------------------------------------------

struct DelayLoadDescriptor {
    /// Bit 0 set: the fields below are RVAs. Clear: they are VAs (pre-VC7, unsupported).
    u32 attributes;
    u32 name_rva;
    u32 module_handle_rva;
    u32 import_address_table_rva;
    u32 import_name_table_rva;
    u32 bound_import_address_table_rva;
    u32 unload_information_table_rva;
    u32 time_date_stamp;
};
static_assert(sizeof(DelayLoadDescriptor) == 32);
constexpr u32 kDelayLoadAttributeRvaBased = 0x1;

// ----------------------------------------------------------------------------------------------
// Base relocations. [pecoff] 6.6 "The .reloc Section (Image Only)".
// ----------------------------------------------------------------------------------------------

struct BaseRelocationBlock {
    u32 page_rva;
    /// Total size of the block including this 8-byte header.
    u32 size_of_block;
};
static_assert(sizeof(BaseRelocationBlock) == 8);

/// [pecoff] 6.6.2 "Base Relocation Types" (top 4 bits of each 16-bit entry).
namespace relocation_type {
constexpr u8 Absolute = 0;
constexpr u8 High = 1;
constexpr u8 Low = 2;
constexpr u8 HighLow = 3;
/// Occupies two entries: the second holds the low 16 bits of the 32-bit value.
constexpr u8 HighAdj = 4;
constexpr u8 Dir64 = 10;
} // namespace relocation_type

// ----------------------------------------------------------------------------------------------
// Thread-local storage. [pecoff] 6.7 "The .tls Section".
// ----------------------------------------------------------------------------------------------

/// All address fields are VAs (relocated like any other pointer), not RVAs.
struct TlsDirectory64 {
    u64 start_address_of_raw_data;
    u64 end_address_of_raw_data;
    u64 address_of_index;
    u64 address_of_callbacks;
    u32 size_of_zero_fill;
    u32 characteristics;
};
static_assert(sizeof(TlsDirectory64) == 40);

/// The PE32 form: the same fields as 32-bit VAs.
struct TlsDirectory32 {
    u32 start_address_of_raw_data;
    u32 end_address_of_raw_data;
    u32 address_of_index;
    u32 address_of_callbacks;
    u32 size_of_zero_fill;
    u32 characteristics;
};
static_assert(sizeof(TlsDirectory32) == 24);

// ----------------------------------------------------------------------------------------------
// Resources. [pecoff] 6.9 "The .rsrc Section".
// ----------------------------------------------------------------------------------------------

struct ResourceDirectoryTable {
    u32 characteristics;
    u32 time_date_stamp;
    u16 major_version;
    u16 minor_version;
    /// Entries named by string come first, then those named by integer id ([pecoff] 6.9.1).
    u16 number_of_name_entries;
    u16 number_of_id_entries;
};
static_assert(sizeof(ResourceDirectoryTable) == 16);

struct ResourceDirectoryEntry {
    /// High bit set: bits 30..0 are the offset (from the start of the resource data) of a
    /// length-prefixed UTF-16 name. Clear: the low 16 bits are an integer id.
    u32 name_or_id;
    /// High bit set: bits 30..0 are the offset of a subdirectory table. Clear: the offset of a
    /// ResourceDataEntry ([pecoff] 6.9.2).
    u32 offset_to_data;
};
static_assert(sizeof(ResourceDirectoryEntry) == 8);
constexpr u32 kResourceHighBit = 0x80000000u;

struct ResourceDataEntry {
    /// Unlike the offsets inside the tree, this is an RVA ([pecoff] 6.9.4).
    u32 data_rva;
    u32 size;
    u32 code_page;
    u32 reserved;
};
static_assert(sizeof(ResourceDataEntry) == 16);

/// Predefined resource types (winuser.h RT_*), by integer id.
namespace resource_type {
constexpr u16 Cursor = 1;
constexpr u16 Bitmap = 2;
constexpr u16 Icon = 3;
constexpr u16 Menu = 4;
constexpr u16 Dialog = 5;
constexpr u16 String = 6;
constexpr u16 RcData = 10;
constexpr u16 GroupIcon = 14;
constexpr u16 Version = 16;
constexpr u16 Manifest = 24;
} // namespace resource_type

// ----------------------------------------------------------------------------------------------
// Exception directory (x64). [pecoff] 6.5 ".pdata"; the UNWIND_INFO layout is from Microsoft's
// "x64 exception handling" ([x64eh]) page.
// ----------------------------------------------------------------------------------------------

struct RuntimeFunction {
    u32 begin_rva;
    /// One past the last byte of the function (or fragment).
    u32 end_rva;
    u32 unwind_info_rva;
};
static_assert(sizeof(RuntimeFunction) == 12);

/// [x64eh] "struct UNWIND_INFO": the fixed 4-byte header that precedes the unwind code array.
struct UnwindInfoHeader {
    /// Bits 2..0: version (1, or 2 for images with epilog codes); bits 7..3: UNW_FLAG_*.
    u8 version_and_flags;
    u8 size_of_prolog;
    /// Number of 16-bit slots in the code array (not the number of operations).
    u8 count_of_codes;
    /// Bits 3..0: frame register; bits 7..4: frame offset / 16.
    u8 frame_register_and_offset;
};
static_assert(sizeof(UnwindInfoHeader) == 4);

namespace unwind_flags {
constexpr u8 ExceptionHandler = 0x1;
constexpr u8 TerminationHandler = 0x2;
/// The code array is followed by a RUNTIME_FUNCTION naming the primary unwind info.
constexpr u8 ChainInfo = 0x4;
} // namespace unwind_flags

/// [x64eh] "Unwind operation code".
namespace unwind_op {
constexpr u8 PushNonvolatile = 0;
constexpr u8 AllocLarge = 1;
constexpr u8 AllocSmall = 2;
constexpr u8 SetFramePointer = 3;
constexpr u8 SaveNonvolatile = 4;
constexpr u8 SaveNonvolatileFar = 5;
/// Version 2 only: describes an epilog (undocumented beyond its size of two slots).
constexpr u8 Epilog = 6;
/// Reserved ("UWOP_SPARE_CODE"); occupies three slots where it appears.
constexpr u8 SpareCode = 7;
constexpr u8 SaveXmm128 = 8;
constexpr u8 SaveXmm128Far = 9;
constexpr u8 PushMachineFrame = 10;
} // namespace unwind_op

// ----------------------------------------------------------------------------------------------
// Debug directory. [pecoff] 6.1 "The .debug Section".
// ----------------------------------------------------------------------------------------------

struct DebugDirectoryEntry {
    u32 characteristics;
    u32 time_date_stamp;
    u16 major_version;
    u16 minor_version;
    u32 type;
    u32 size_of_data;
    /// The data's RVA when it is mapped, else 0.
    u32 address_of_raw_data;
    /// The data's file offset.
    u32 pointer_to_raw_data;
};
static_assert(sizeof(DebugDirectoryEntry) == 28);

/// [pecoff] 6.1.2 "Debug Type".
namespace debug_type {
constexpr u32 Unknown = 0;
constexpr u32 Coff = 1;
constexpr u32 CodeView = 2;
constexpr u32 Fpo = 3;
constexpr u32 Misc = 4;
constexpr u32 Repro = 16;
constexpr u32 ExDllCharacteristics = 20;
} // namespace debug_type

/// The "RSDS" CodeView record (PDB 7.0) that a CodeView entry usually holds.
constexpr u32 kCodeViewRsdsSignature = 0x53445352; // "RSDS"

// ----------------------------------------------------------------------------------------------
// Load configuration. [pecoff] 6.10 "The Load Configuration Structure (Image Only)". Only the
// fields Halcyon reads are named; the structure has grown with every Windows release, and its
// first field says how much of it an image has.
// ----------------------------------------------------------------------------------------------

namespace load_config_offset64 {
constexpr u32 SecurityCookie = 88;
constexpr u32 GuardCfCheckFunctionPointer = 112;
constexpr u32 GuardCfFunctionTable = 128;
constexpr u32 GuardCfFunctionCount = 136;
constexpr u32 GuardFlags = 144;
} // namespace load_config_offset64

namespace load_config_offset32 {
constexpr u32 SecurityCookie = 60;
constexpr u32 SeHandlerTable = 64;
constexpr u32 SeHandlerCount = 68;
constexpr u32 GuardCfCheckFunctionPointer = 72;
constexpr u32 GuardCfFunctionTable = 80;
constexpr u32 GuardCfFunctionCount = 84;
constexpr u32 GuardFlags = 88;
} // namespace load_config_offset32

/// [pecoff] 6.10 "Load Configuration Layout": GuardFlags bits.
namespace guard_flags {
constexpr u32 CfInstrumented = 0x00000100;
constexpr u32 CfFunctionTablePresent = 0x00000400;
/// Bits 31..28: extra bytes of metadata after each 4-byte RVA in the CFG function table.
constexpr u32 CfFunctionTableSizeMask = 0xF0000000;
constexpr u32 CfFunctionTableSizeShift = 28;
} // namespace guard_flags

// ----------------------------------------------------------------------------------------------
// CLR runtime header ([pecoff] 6.10 "The .cormeta Section" / ECMA-335 II.25.3.3). Only used to
// say "this is a .NET image": Halcyon does not run managed code.
// ----------------------------------------------------------------------------------------------

struct ClrHeader {
    u32 size;
    u16 major_runtime_version;
    u16 minor_runtime_version;
    DataDirectory metadata;
    u32 flags;
    u32 entry_point_token;
};

} // namespace halcyon::pe
