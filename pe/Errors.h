#pragma once

// Every way pe/ can reject an input has a name. The table below is the one place that lists
// them: each row is (Name, NTSTATUS, message). A pe/ function fails with error(PeError::Name),
// which yields an ordinary Error (the status plus the row's static message), so callers outside
// pe/ keep using ErrorOr/TRY as everywhere else; tools and tests that want the name back call
// classify(error). The message doubles as the key: each row's message is a distinct string,
// and classify() compares message pointers, so no field has to be added to Error.
//
// Names are stable (pe-dump prints them, the differential test's allow-list refers to them):
// rename one only together with its users.

#include "core/lib/ErrorOr.h"

namespace halcyon::pe {

// clang-format off
#define HALCYON_PE_ERRORS(X)                                                                                     \
    /* Headers ([pecoff] 2, 3) */                                                                                \
    X(NotMz,                           InvalidImageNotMz,  "not a PE file (no MZ header)")                          \
    X(DosHeaderTruncated,              InvalidImageFormat, "DOS header truncated")                                  \
    X(PeSignaturePastEnd,              InvalidImageFormat, "PE signature offset points past end of file")           \
    X(Win16Image,                      InvalidImageWin16,  "16-bit images are not supported")                       \
    X(MissingPeSignature,              InvalidImageFormat, "missing PE signature")                                  \
    X(FileHeaderTruncated,             InvalidImageFormat, "COFF file header truncated")                            \
    X(Pe32NotSupported,                InvalidImageWin64,  "32-bit images are not supported")                       \
    X(UnsupportedMachine,              InvalidImageFormat, "unsupported machine type (only x86_64 images are supported)") \
    X(NotExecutableImage,              InvalidImageFormat, "file is not an executable image (object file?)")        \
    X(OptionalHeaderTooSmall,          InvalidImageFormat, "optional header too small for its format")             \
    X(OptionalHeaderTruncated,         InvalidImageFormat, "optional header truncated")                             \
    X(UnknownOptionalHeaderMagic,      InvalidImageFormat, "unknown optional header magic")                         \
    X(DataDirectoriesPastOptionalHeader, InvalidImageFormat, "data directory table extends past optional header")   \
    X(ClrImageNotSupported,            InvalidImageFormat, ".NET (CLR) images are not supported")                   \
    X(MappedViewTooSmall,              InvalidImageFormat, "mapped view smaller than SizeOfImage")                  \
    X(TooManySections,                 InvalidImageFormat, "too many sections (the limit is 96)")                   \
    X(SectionTablePastEnd,             InvalidImageFormat, "section table extends past end of file")                \
    X(SizeOfHeadersTooSmall,           InvalidImageFormat, "SizeOfHeaders is smaller than the headers and section table") \
    X(SizeOfHeadersTooLarge,           InvalidImageFormat, "SizeOfHeaders is larger than SizeOfImage")              \
    X(HeadersPastEnd,                  InvalidImageFormat, "headers extend past end of file")                       \
    X(EntryPointOutsideImage,          InvalidImageFormat, "entry point outside image")                             \
    X(SectionAlignmentNotPowerOfTwo,   InvalidImageFormat, "section alignment is not a power of two")               \
    X(FileAlignmentNotPowerOfTwo,      InvalidImageFormat, "file alignment is not a power of two")                  \
    X(LowAlignmentMismatch,            InvalidImageFormat, "file alignment must equal section alignment when it is below the page size") \
    X(FileAlignmentOutOfRange,         InvalidImageFormat, "file alignment outside 512 bytes..64 KiB")              \
    X(FileAlignmentAboveSectionAlignment, InvalidImageFormat, "file alignment larger than section alignment")       \
    X(SizeOfImageZero,                 InvalidImageFormat, "SizeOfImage is zero")                                   \
    X(SizeOfImageTooLarge,             InvalidImageFormat, "SizeOfImage is too large")                              \
    X(SizeOfImageMisaligned,           InvalidImageFormat, "SizeOfImage is not a multiple of SectionAlignment")     \
    X(ImageBaseNotPageAligned,         InvalidImageFormat, "image base is not page aligned")                        \
    X(ImageBaseMisaligned,             InvalidImageFormat, "image base is not 64 KiB aligned")                      \
    X(ImageAboveUserLimit,             InvalidImageFormat, "image does not fit below the user address limit at its base") \
    /* Section table ([pecoff] 4) */                                                                             \
    X(SectionMisaligned,               InvalidImageFormat, "section virtual address is not a multiple of SectionAlignment") \
    X(SectionsOverlap,                 InvalidImageFormat, "section virtual ranges overlap, overlap the headers, or are out of order") \
    X(SectionPastSizeOfImage,          InvalidImageFormat, "section extends past SizeOfImage")                      \
    X(SectionRawDataPastEnd,           InvalidImageFormat, "section raw data extends past end of file")             \
    X(SectionRawDataPastSizeOfImage,   InvalidImageFormat, "section raw data extends past SizeOfImage")             \
    X(LowAlignmentSectionOffset,       InvalidImageFormat, "section file offset differs from its RVA in a low-alignment image") \
    X(SectionLongNameMalformed,        InvalidImageFormat, "section long name (\"/N\") is not a decimal string table offset") \
    X(SectionLongNameWithoutStringTable, InvalidImageFormat, "section long name but the image has no COFF string table") \
    X(SectionLongNameOutsideStringTable, InvalidImageFormat, "section long name offset outside the COFF string table") \
    /* Data directories ([pecoff] 3.4.3) */                                                                      \
    X(ExportDirectoryOutsideImage,     InvalidImageFormat, "export directory RVA outside image")                    \
    X(ImportDirectoryOutsideImage,     InvalidImageFormat, "import directory RVA outside image")                    \
    X(ResourceDirectoryOutsideImage,   InvalidImageFormat, "resource directory RVA outside image")                  \
    X(ExceptionDirectoryOutsideImage,  InvalidImageFormat, "exception directory RVA outside image")                 \
    X(CertificateTableOutsideFile,     InvalidImageFormat, "certificate table outside file")                        \
    X(RelocationDirectoryOutsideImage, InvalidImageFormat, "base relocation directory RVA outside image")           \
    X(DebugDirectoryOutsideImage,      InvalidImageFormat, "debug directory RVA outside image")                     \
    X(ArchitectureDirectoryOutsideImage, InvalidImageFormat, "architecture directory RVA outside image")            \
    X(GlobalPointerDirectoryOutsideImage, InvalidImageFormat, "global pointer directory RVA outside image")         \
    X(TlsDirectoryOutsideImage,        InvalidImageFormat, "TLS directory RVA outside image")                       \
    X(LoadConfigDirectoryOutsideImage, InvalidImageFormat, "load config directory RVA outside image")               \
    X(BoundImportDirectoryOutsideImage, InvalidImageFormat, "bound import directory RVA outside image")             \
    X(IatDirectoryOutsideImage,        InvalidImageFormat, "import address table directory RVA outside image")      \
    X(DelayImportDirectoryOutsideImage, InvalidImageFormat, "delay import directory RVA outside image")             \
    X(ClrDirectoryOutsideImage,        InvalidImageFormat, "CLR runtime directory RVA outside image")               \
    X(ReservedDirectoryOutsideImage,   InvalidImageFormat, "reserved directory RVA outside image")                  \
    X(ExportDirectoryPastEnd,          InvalidImageFormat, "export directory extends past end of image")            \
    X(ImportDirectoryPastEnd,          InvalidImageFormat, "import directory extends past end of image")            \
    X(ResourceDirectoryPastEnd,        InvalidImageFormat, "resource directory extends past end of image")          \
    X(ExceptionDirectoryPastEnd,       InvalidImageFormat, "exception directory extends past end of image")         \
    X(CertificateTablePastEnd,         InvalidImageFormat, "certificate table extends past end of file")            \
    X(RelocationDirectoryPastEnd,      InvalidImageFormat, "base relocation directory extends past end of image")   \
    X(DebugDirectoryPastEnd,           InvalidImageFormat, "debug directory extends past end of image")             \
    X(ArchitectureDirectoryPastEnd,    InvalidImageFormat, "architecture directory extends past end of image")      \
    X(GlobalPointerDirectoryPastEnd,   InvalidImageFormat, "global pointer directory extends past end of image")    \
    X(TlsDirectoryPastEnd,             InvalidImageFormat, "TLS directory extends past end of image")               \
    X(LoadConfigDirectoryPastEnd,      InvalidImageFormat, "load config directory extends past end of image")       \
    X(BoundImportDirectoryPastEnd,     InvalidImageFormat, "bound import directory extends past end of image")      \
    X(IatDirectoryPastEnd,             InvalidImageFormat, "import address table directory extends past end of image") \
    X(DelayImportDirectoryPastEnd,     InvalidImageFormat, "delay import directory extends past end of image")      \
    X(ClrDirectoryPastEnd,             InvalidImageFormat, "CLR runtime directory extends past end of image")       \
    X(ReservedDirectoryPastEnd,        InvalidImageFormat, "reserved directory extends past end of image")          \
    /* Reading through RVAs */                                                                                   \
    X(RvaOutsideImage,                 InvalidImageFormat, "RVA outside image")                                     \
    X(RvaNotFileBacked,                InvalidImageFormat, "RVA is not backed by file data")                        \
    X(RvaRangeOutsideImageData,        InvalidImageFormat, "RVA range outside image data")                          \
    X(StringRvaOutsideImageData,       InvalidImageFormat, "string RVA outside image data")                         \
    X(StringTooLong,                   InvalidImageFormat, "string at RVA is too long")                             \
    X(StringNotTerminated,             InvalidImageFormat, "string at RVA is not NUL-terminated within image data") \
    /* Exports ([pecoff] 6.3) */                                                                                 \
    X(ExportForwarderMalformed,        InvalidImageFormat, "export forwarder is not of the form DLL.Function")      \
    X(ExportForwarderOrdinalMalformed, InvalidImageFormat, "export forwarder ordinal is malformed")                 \
    X(ExportForwarderOrdinalOutOfRange, InvalidImageFormat, "export forwarder ordinal is out of range")             \
    X(ExportDirectoryTooSmall,         InvalidImageFormat, "export directory smaller than its header")              \
    X(ExportDirectoryUnreadable,       InvalidImageFormat, "export directory outside image data")                   \
    X(TooManyExportFunctions,          InvalidImageFormat, "export address table has more than 65536 entries")      \
    X(TooManyExportNames,              InvalidImageFormat, "export name table has more than 65536 entries")         \
    X(ExportOrdinalOverflow,           InvalidImageFormat, "export ordinal base plus count overflows")              \
    X(ExportAddressTableUnreadable,    InvalidImageFormat, "export address table outside image data")               \
    X(ExportNameTableUnreadable,       InvalidImageFormat, "export name table outside image data")                  \
    X(ExportOrdinalTableUnreadable,    InvalidImageFormat, "export ordinal table outside image data")               \
    X(ExportDllNameUnreadable,         InvalidImageFormat, "export DLL name outside image data")                    \
    X(ExportOrdinalNotFound,           OrdinalNotFound,    "export ordinal not found")                              \
    X(ExportOrdinalEmptySlot,          OrdinalNotFound,    "export ordinal not found (empty slot)")                 \
    X(ExportForwarderUnreadable,       InvalidImageFormat, "export forwarder string outside image data")            \
    X(ExportForwarderEmpty,            InvalidImageFormat, "export forwarder string is empty")                      \
    X(ExportRvaOutsideImage,           InvalidImageFormat, "export RVA outside image")                              \
    X(ExportNameOrdinalOutOfRange,     InvalidImageFormat, "export name ordinal outside export address table")      \
    X(ExportNameIndexOutOfRange,       InvalidImageFormat, "export name index out of range")                        \
    X(ExportNameUnreadable,            InvalidImageFormat, "export name outside image data")                        \
    X(ExportNameNotFound,              EntrypointNotFound, "export not found by name")                              \
    /* Imports ([pecoff] 6.4) and delay-load imports ([pecoff] 5.8) */                                           \
    X(ImportDllNameUnreadable,         InvalidImageFormat, "import DLL name outside image data")                    \
    X(ImportDllNameEmpty,              InvalidImageFormat, "import DLL name is empty")                              \
    X(TooManyImportDescriptors,        InvalidImageFormat, "too many import descriptors (table not terminated?)")   \
    X(ImportDescriptorsNotTerminated,  InvalidImageFormat, "import descriptor table not terminated within image")   \
    X(ImportDescriptorUnreadable,      InvalidImageFormat, "import descriptor table not terminated within image data") \
    X(TooManyDelayImportDescriptors,   InvalidImageFormat, "too many delay-load descriptors (table not terminated?)") \
    X(DelayImportDescriptorsNotTerminated, InvalidImageFormat, "delay-load descriptor table not terminated within image") \
    X(DelayImportDescriptorUnreadable, InvalidImageFormat, "delay-load descriptor table not terminated within image data") \
    X(DelayImportUsesVas,              InvalidImageFormat, "delay-load descriptor uses VAs instead of RVAs")        \
    X(DelayImportWithoutNameTable,     InvalidImageFormat, "delay-load descriptor has no import name table")        \
    X(DelayImportWithoutAddressTable,  InvalidImageFormat, "delay-load descriptor has no import address table")     \
    X(DelayImportHandleOutsideImage,   InvalidImageFormat, "delay-load module handle slot outside image")           \
    X(ImportLookupTableTooLong,        InvalidImageFormat, "import lookup table not terminated within 65536 entries") \
    X(ImportLookupTableNotTerminated,  InvalidImageFormat, "import lookup table not terminated within image")       \
    X(ImportLookupTableUnreadable,     InvalidImageFormat, "import lookup table not terminated within image data")  \
    X(ImportAddressSlotOutsideImage,   InvalidImageFormat, "import address table slot outside image")               \
    X(ImportOrdinalReservedBits,       InvalidImageFormat, "import by ordinal has reserved bits set")               \
    X(ImportNameRvaReservedBits,       InvalidImageFormat, "import name RVA has reserved bits set")                 \
    X(ImportHintNameUnreadable,        InvalidImageFormat, "import hint/name entry outside image data")             \
    X(ImportNameUnreadable,            InvalidImageFormat, "import name outside image data")                        \
    X(ImportNameEmpty,                 InvalidImageFormat, "import name is empty")                                  \
    X(TooManyImports,                  InvalidImageFormat, "more imported functions than the walk allows (overlapping tables?)") \
    /* Mapping and base relocations ([pecoff] 6.6) */                                                            \
    X(MapDestinationTooSmall,          BufferTooSmall,     "mapping destination is smaller than SizeOfImage")      \
    X(TooManyRelocationBlocks,         InvalidImageFormat, "too many base relocation blocks")                       \
    X(RelocationTableUnreadable,       InvalidImageFormat, "base relocation table outside image data")              \
    X(RelocationBlockTooSmall,         InvalidImageFormat, "base relocation block smaller than its header")         \
    X(RelocationBlockPastDirectory,    InvalidImageFormat, "base relocation block extends past the relocation directory") \
    X(RelocationBlockSizeOdd,          InvalidImageFormat, "base relocation block size is odd")                     \
    X(RelocationPageOutsideImage,      InvalidImageFormat, "base relocation block page outside image")              \
    X(RelocationTypeUnknown,           InvalidImageFormat, "unsupported base relocation type")                      \
    X(RelocationHighAdjIncomplete,     InvalidImageFormat, "HIGHADJ base relocation is missing its second entry")   \
    X(RelocationTargetOutsideImage,    InvalidImageFormat, "base relocation target outside image")                  \
    X(RelocationBaseNotPageAligned,    InvalidParameter,   "new image base is not page aligned")                    \
    X(RelocationBaseAboveUserLimit,    InvalidParameter,   "image does not fit below the user address limit at the new base") \
    X(RelocationsStripped,             ConflictingAddresses, "image has no relocations (stripped) and cannot be loaded at a different base") \
    X(RelocationHeaderOutsideImage,    InvalidImageFormat, "optional header outside mapped image")                  \
    /* TLS ([pecoff] 6.7) */                                                                                     \
    X(TlsCallbacksNotTerminated,       InvalidImageFormat, "TLS callback array not terminated within image")        \
    X(TlsCallbacksUnreadable,          InvalidImageFormat, "TLS callback array not terminated within image data")   \
    X(TlsDirectoryTooSmall,            InvalidImageFormat, "TLS directory smaller than its structure")              \
    X(TlsDirectoryUnreadable,          InvalidImageFormat, "TLS directory outside image data")                      \
    X(TlsTemplateReversed,             InvalidImageFormat, "TLS template end precedes its start")                   \
    X(TlsTemplateOutsideImage,         InvalidImageFormat, "TLS template outside image")                            \
    X(TlsTemplatePastEnd,              InvalidImageFormat, "TLS template extends past end of image")                \
    X(TlsIndexOutsideImage,            InvalidImageFormat, "TLS index slot outside image")                          \
    X(TlsCallbackArrayOutsideImage,    InvalidImageFormat, "TLS callback array outside image")                      \
    X(TooManyTlsCallbacks,             InvalidImageFormat, "too many TLS callbacks (array not terminated?)")        \
    X(TlsCallbackOutsideImage,         InvalidImageFormat, "TLS callback outside image")                            \
    /* Resources ([pecoff] 6.9) */                                                                               \
    X(ResourceDirectoryUnreadable,     InvalidImageFormat, "resource directory table outside resource data")        \
    X(ResourceEntriesUnreadable,       InvalidImageFormat, "resource directory entries outside resource data")      \
    X(ResourceNameUnreadable,          InvalidImageFormat, "resource name string outside resource data")            \
    X(ResourceDataEntryUnreadable,     InvalidImageFormat, "resource data entry outside resource data")             \
    X(ResourceTreeTooDeep,             InvalidImageFormat, "resource tree has a subdirectory below the language level") \
    X(ResourceLeafAboveLanguageLevel,  InvalidImageFormat, "resource tree has a data entry above the language level") \
    X(ResourceTooManyEntries,          InvalidImageFormat, "resource tree has more entries than the walk allows (shared subtrees?)") \
    X(ResourceDataOutsideImage,        InvalidImageFormat, "resource data outside image")                           \
    X(ResourceNotFound,                NotFound,           "resource not found")                                \
    X(ResourceStringNotFound,          NotFound,           "string resource not found")                         \
    X(ResourceStringTableMalformed,    InvalidImageFormat, "string table resource is truncated")                    \
    /* Exception directory ([pecoff] 6.5, x64 unwind data) */                                                    \
    X(ExceptionTableSizeMisaligned,    InvalidImageFormat, "exception directory size is not a multiple of 12")     \
    X(ExceptionTableUnreadable,        InvalidImageFormat, "exception directory outside image data")                \
    X(ExceptionEntryReversed,          InvalidImageFormat, "RUNTIME_FUNCTION ends before it begins")                \
    X(ExceptionEntryOutsideImage,      InvalidImageFormat, "RUNTIME_FUNCTION range outside image")                  \
    X(ExceptionTableNotSorted,         InvalidImageFormat, "RUNTIME_FUNCTION entries are not sorted or overlap")    \
    X(FunctionEntryNotFound,           NotFound,           "no RUNTIME_FUNCTION covers the address")                \
    X(UnwindInfoUnreadable,            InvalidImageFormat, "UNWIND_INFO outside image data")                        \
    X(UnwindInfoVersionUnknown,        InvalidImageFormat, "UNWIND_INFO version is neither 1 nor 2")                \
    X(UnwindInfoChainWithHandler,      InvalidImageFormat, "chained UNWIND_INFO also names an exception handler")   \
    X(UnwindCodesUnreadable,           InvalidImageFormat, "unwind codes extend past image data")                   \
    X(UnwindCodeUnknown,               InvalidImageFormat, "unknown unwind operation code")                         \
    X(UnwindCodeTruncated,             InvalidImageFormat, "unwind operation needs more slots than the array holds") \
    X(UnwindHandlerUnreadable,         InvalidImageFormat, "unwind exception handler RVA outside image data")       \
    X(UnwindHandlerOutsideImage,       InvalidImageFormat, "unwind exception handler outside image")                \
    X(UnwindChainTooDeep,              InvalidImageFormat, "chained unwind info is nested too deeply (a cycle?)")   \
    /* Load config ([pecoff] 6.10) */                                                                            \
    X(LoadConfigUnreadable,            InvalidImageFormat, "load config directory outside image data")              \
    X(LoadConfigSizeTooSmall,          InvalidImageFormat, "load config Size field smaller than the field itself")  \
    X(LoadConfigCookieOutsideImage,    InvalidImageFormat, "load config security cookie outside image")            \
    X(LoadConfigGuardTableOutsideImage, InvalidImageFormat, "load config CFG function table outside image")         \
    /* Debug directory ([pecoff] 6.1) */                                                                         \
    X(DebugDirectorySizeMisaligned,    InvalidImageFormat, "debug directory size is not a multiple of 28")          \
    X(DebugDirectoryUnreadable,        InvalidImageFormat, "debug directory outside image data")                    \
    X(DebugDataOutsideFile,            InvalidImageFormat, "debug data outside file")                               \
    X(CodeViewRecordMalformed,         InvalidImageFormat, "CodeView debug record is truncated or unterminated")
// clang-format on

enum class PeError : u16 {
#define HALCYON_PE_ERROR_ENUM(name, status, message) name,
    HALCYON_PE_ERRORS(HALCYON_PE_ERROR_ENUM)
#undef HALCYON_PE_ERROR_ENUM
        Count,
};

/// The Error for `code`: its NTSTATUS and its static message.
Error error(PeError code);
/// "SectionsOverlap" etc.; "Unknown" for an out-of-range value.
const char* error_name(PeError code);
const char* error_message(PeError code);
/// Which PeError `error` is. False for errors that did not come from pe/ (a callback's own
/// error passed up through a walk, an allocation failure in a tool).
bool classify(const Error& error, PeError& code);

} // namespace halcyon::pe
