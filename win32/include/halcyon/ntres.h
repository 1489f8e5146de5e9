#pragma once

// The loader's resource interface (LdrFindResource_U / LdrAccessResource) with Windows' layouts:
// what kernelbase's FindResource*, LoadResource and SizeofResource are built on.

#include "halcyon/ntdef.h"
#include "halcyon/ntrtl.h"

#ifndef STATUS_RESOURCE_LANG_NOT_FOUND
#define STATUS_RESOURCE_LANG_NOT_FOUND ((NTSTATUS)0xC0000204L)
#endif

#ifdef __cplusplus
extern "C" {
#endif

/// What LdrFindResource_U looks for. Type and Name are ids (below 0x10000) or pointers to
/// NUL-terminated UTF-16 names; Language is a LANGID (0 = neutral, which starts the fallback).
typedef struct _LDR_RESOURCE_INFO {
    ULONG_PTR Type;
    ULONG_PTR Name;
    ULONG Language;
} LDR_RESOURCE_INFO, *PLDR_RESOURCE_INFO;

/// A leaf of the resource tree ([pecoff] 6.9.4). An HRSRC points at one of these.
typedef struct _IMAGE_RESOURCE_DATA_ENTRY {
    ULONG OffsetToData; // an RVA
    ULONG Size;
    ULONG CodePage;
    ULONG Reserved;
} IMAGE_RESOURCE_DATA_ENTRY, *PIMAGE_RESOURCE_DATA_ENTRY;

/// `level` 3 finds a data entry (the only level implemented).
HALCYON_NTDLL_API NTSTATUS NTAPI LdrFindResource_U(PVOID module, const LDR_RESOURCE_INFO* info, ULONG level,
                                                   const IMAGE_RESOURCE_DATA_ENTRY** entry);
HALCYON_NTDLL_API NTSTATUS NTAPI LdrAccessResource(PVOID module, const IMAGE_RESOURCE_DATA_ENTRY* entry,
                                                   PVOID* address, PULONG size);

#ifdef __cplusplus
}
#endif
