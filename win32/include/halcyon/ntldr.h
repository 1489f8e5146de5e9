#pragma once

// The loader's public data structures in their Windows x64 layout. Programs walk
// PEB->Ldr->InLoadOrderModuleList themselves (CRTs, protectors, GetModuleHandle replacements), so
// the offsets of the documented fields are ABI. PEB_LDR_DATA is core/abi/UserAbi.h's LoaderData;
// this header gives the same layout with Windows names for user-mode code.

#include "halcyon/ntdef.h"

typedef struct _PEB_LDR_DATA {
    ULONG Length;
    BOOLEAN Initialized;
    HANDLE SsHandle;
    LIST_ENTRY InLoadOrderModuleList;
    LIST_ENTRY InMemoryOrderModuleList;
    LIST_ENTRY InInitializationOrderModuleList;
    PVOID EntryInProgress;
    BOOLEAN ShutdownInProgress;
    HANDLE ShutdownThreadId;
} PEB_LDR_DATA, *PPEB_LDR_DATA;
HALCYON_STATIC_ASSERT(offsetof(PEB_LDR_DATA, InLoadOrderModuleList) == 0x10, "PEB_LDR_DATA is ABI");
HALCYON_STATIC_ASSERT(offsetof(PEB_LDR_DATA, InInitializationOrderModuleList) == 0x30, "PEB_LDR_DATA is ABI");
HALCYON_STATIC_ASSERT(sizeof(PEB_LDR_DATA) == 0x58, "PEB_LDR_DATA is ABI");

/// LDR_DATA_TABLE_ENTRY flags Halcyon sets (values from Windows' public symbols).
#define LDRP_IMAGE_DLL 0x00000004
#define LDRP_LOAD_IN_PROGRESS 0x00001000
#define LDRP_ENTRY_PROCESSED 0x00004000
#define LDRP_DONT_CALL_FOR_THREADS 0x00040000
#define LDRP_PROCESS_ATTACH_CALLED 0x00080000
#define LDRP_IMAGE_NOT_AT_BASE 0x00200000

typedef struct _LDR_DATA_TABLE_ENTRY {
    LIST_ENTRY InLoadOrderLinks;           // 0x00
    LIST_ENTRY InMemoryOrderLinks;         // 0x10
    LIST_ENTRY InInitializationOrderLinks; // 0x20
    PVOID DllBase;                         // 0x30
    PVOID EntryPoint;                      // 0x38
    ULONG SizeOfImage;                     // 0x40
    UNICODE_STRING FullDllName;            // 0x48
    UNICODE_STRING BaseDllName;            // 0x58
    ULONG Flags;                           // 0x68
    USHORT ObsoleteLoadCount;              // 0x6C  0xFFFF for modules that are never unloaded
    USHORT TlsIndex;                       // 0x6E  0xFFFF when the module has no static TLS
    LIST_ENTRY HashLinks;                  // 0x70
    ULONG TimeDateStamp;                   // 0x80
    ULONG Padding0;
    PVOID EntryPointActivationContext; // 0x88
    PVOID Lock;                        // 0x90
    PVOID DdagNode;                    // 0x98
    LIST_ENTRY NodeModuleLink;         // 0xA0
    PVOID LoadContext;                 // 0xB0
    PVOID ParentDllBase;               // 0xB8
    PVOID SwitchBackContext;           // 0xC0
    PVOID BaseAddressIndexNode[3];     // 0xC8  RTL_BALANCED_NODE
    PVOID MappingInfoIndexNode[3];     // 0xE0  RTL_BALANCED_NODE
    ULONG_PTR OriginalBase;            // 0xF8
    LARGE_INTEGER LoadTime;            // 0x100
    ULONG BaseNameHashValue;           // 0x108
    ULONG LoadReason;                  // 0x10C
    ULONG ImplicitPathOptions;         // 0x110
    ULONG ReferenceCount;              // 0x114
} LDR_DATA_TABLE_ENTRY, *PLDR_DATA_TABLE_ENTRY;
HALCYON_STATIC_ASSERT(offsetof(LDR_DATA_TABLE_ENTRY, DllBase) == 0x30, "LDR_DATA_TABLE_ENTRY is ABI");
HALCYON_STATIC_ASSERT(offsetof(LDR_DATA_TABLE_ENTRY, FullDllName) == 0x48, "LDR_DATA_TABLE_ENTRY is ABI");
HALCYON_STATIC_ASSERT(offsetof(LDR_DATA_TABLE_ENTRY, BaseDllName) == 0x58, "LDR_DATA_TABLE_ENTRY is ABI");
HALCYON_STATIC_ASSERT(offsetof(LDR_DATA_TABLE_ENTRY, Flags) == 0x68, "LDR_DATA_TABLE_ENTRY is ABI");
HALCYON_STATIC_ASSERT(offsetof(LDR_DATA_TABLE_ENTRY, ObsoleteLoadCount) == 0x6C,
                      "LDR_DATA_TABLE_ENTRY is ABI");
HALCYON_STATIC_ASSERT(offsetof(LDR_DATA_TABLE_ENTRY, TlsIndex) == 0x6E, "LDR_DATA_TABLE_ENTRY is ABI");
HALCYON_STATIC_ASSERT(offsetof(LDR_DATA_TABLE_ENTRY, HashLinks) == 0x70, "LDR_DATA_TABLE_ENTRY is ABI");
HALCYON_STATIC_ASSERT(offsetof(LDR_DATA_TABLE_ENTRY, TimeDateStamp) == 0x80, "LDR_DATA_TABLE_ENTRY is ABI");
HALCYON_STATIC_ASSERT(offsetof(LDR_DATA_TABLE_ENTRY, OriginalBase) == 0xF8, "LDR_DATA_TABLE_ENTRY is ABI");
HALCYON_STATIC_ASSERT(offsetof(LDR_DATA_TABLE_ENTRY, ReferenceCount) == 0x114, "LDR_DATA_TABLE_ENTRY is ABI");

/// LdrGetDllHandleEx flags.
#define LDR_GET_DLL_HANDLE_EX_UNCHANGED_REFCOUNT 0x00000001
#define LDR_GET_DLL_HANDLE_EX_PIN 0x00000002

/// LdrAddRefDll flags.
#define LDR_ADDREF_DLL_PIN 0x00000001

typedef int(NTAPI* PDLL_INIT_ROUTINE)(PVOID dll_handle, ULONG reason, PVOID context);
typedef void(NTAPI* PIMAGE_TLS_CALLBACK)(PVOID dll_handle, ULONG reason, PVOID reserved);
