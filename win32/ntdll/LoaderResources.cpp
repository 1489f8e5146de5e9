// LdrFindResource_U and LdrAccessResource: resource lookup in a loaded module, over the same
// bounds-checked pe::ResourceTable the kernel and the tools use. kernelbase's FindResource*,
// LoadResource and SizeofResource are built on these, as on Windows.
//
// A resource handle (HRSRC) is a pointer to the leaf's IMAGE_RESOURCE_DATA_ENTRY inside the
// mapped image, which is what Windows hands out too; LdrAccessResource checks that a handle it is
// given lies, aligned, in the module's resource data and describes data inside the image before
// reading through it, so a stale or forged handle fails with STATUS_RESOURCE_DATA_NOT_FOUND
// instead of faulting.

#include "Loader.h"
#include "halcyon/ntres.h"
#include "pe/Resources.h"

namespace halcyon::ntdll {

namespace {

constexpr ULONG kLangNeutral = 0x00;
constexpr ULONG kSublangDefault = 0x01;
constexpr ULONG kSublangNeutral = 0x00;
constexpr ULONG kEnglishUs = 0x0409;
/// Halcyon has one user locale, en-US (FIXME: a per-user locale once there are user profiles).
constexpr ULONG kUserDefaultLanguage = kEnglishUs;

constexpr ULONG make_langid(ULONG primary, ULONG sub) {
    return (sub << 10) | primary;
}
constexpr ULONG primary_langid(ULONG lang) {
    return lang & 0x3FF;
}

/// LDR_IS_DATAFILE / LDR_IS_IMAGEMAPPING handles carry flags in the low bits.
PVOID module_base(PVOID handle) {
    return reinterpret_cast<PVOID>(reinterpret_cast<ULONG_PTR>(handle) & ~static_cast<ULONG_PTR>(3));
}

/// A resource type or name as LDR_RESOURCE_INFO carries it: an id below 64 KiB, else a pointer to a
/// NUL-terminated UTF-16 string.
pe::ResourceKey key_of(ULONG_PTR value) {
    if (value < 0x10000)
        return pe::ResourceKey::from_id(static_cast<u16>(value));
    auto const* name = reinterpret_cast<const WCHAR*>(value);
    size_t const length = wide_length(name);
    return pe::ResourceKey::from_utf16(
        ReadonlyBytes(reinterpret_cast<const u8*>(name), length * sizeof(WCHAR)));
}

/// The resource table of the loaded module at `handle` (possibly empty). A handle that is not a
/// loaded module gives STATUS_RESOURCE_DATA_NOT_FOUND, as Windows reports it. Precondition:
/// loader lock.
NTSTATUS open_table(PVOID handle, LoaderModule*& module, pe::ResourceTable& table) {
    if (!handle)
        return STATUS_INVALID_PARAMETER;
    module = find_module_by_base(module_base(handle));
    if (!module)
        return STATUS_RESOURCE_DATA_NOT_FOUND;
    auto opened = pe::ResourceTable::open(module->image);
    if (opened.is_error())
        return STATUS_RESOURCE_DATA_NOT_FOUND;
    table = opened.release_value();
    return STATUS_SUCCESS;
}

} // namespace

} // namespace halcyon::ntdll

using namespace halcyon;
using namespace halcyon::ntdll;

extern "C" {

NTSTATUS NTAPI LdrFindResource_U(PVOID module_handle, const LDR_RESOURCE_INFO* info, ULONG level,
                                 const IMAGE_RESOURCE_DATA_ENTRY** entry) {
    if (!info || !entry)
        return STATUS_INVALID_PARAMETER;
    *entry = nullptr;
    if (level != 3) {
        // Levels 1 and 2 return directories (LdrFindResourceDirectory_U's job); nothing asks yet.
        constexpr char kMessage[] =
            "halcyon: ntdll!LdrFindResource_U levels other than 3 are not implemented\n";
        write_standard_error(kMessage, sizeof(kMessage) - 1);
        return STATUS_NOT_IMPLEMENTED;
    }
    LoaderLockGuard guard;
    LoaderModule* module = nullptr;
    pe::ResourceTable table;
    NTSTATUS status = open_table(module_handle, module, table);
    if (!NT_SUCCESS(status))
        return status;
    // An image without resources has no types either: find_first_of_languages reports Type.

    // The language fallback of FindResourceEx: the language asked for, its primary language,
    // neutral, the user's default, English, and then whatever the first language is.
    ULONG const language = info->Language & 0xFFFF;
    u32 const candidates[] = {
        language,
        make_langid(primary_langid(language), kSublangNeutral),
        make_langid(kLangNeutral, kSublangNeutral),
        make_langid(kLangNeutral, kSublangDefault),
        kUserDefaultLanguage,
        kEnglishUs,
        make_langid(primary_langid(kEnglishUs), kSublangNeutral),
        pe::kAnyLanguage,
    };
    pe::ResourceMiss miss = pe::ResourceMiss::None;
    auto leaf = table.find_first_of_languages(key_of(info->Type), key_of(info->Name), candidates, miss);
    if (leaf.is_error()) {
        switch (miss) {
        case pe::ResourceMiss::Type:
            return STATUS_RESOURCE_TYPE_NOT_FOUND;
        case pe::ResourceMiss::Name:
            return STATUS_RESOURCE_NAME_NOT_FOUND;
        case pe::ResourceMiss::Language:
            return STATUS_RESOURCE_LANG_NOT_FOUND;
        case pe::ResourceMiss::None:
            break;
        }
        // A malformed tree (the pe/ error says how) is reported as missing data.
        return STATUS_RESOURCE_DATA_NOT_FOUND;
    }
    auto const* base = static_cast<const u8*>(module->entry.DllBase);
    *entry = reinterpret_cast<const IMAGE_RESOURCE_DATA_ENTRY*>(base + table.root_rva() +
                                                                leaf.value().data_entry_offset);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI LdrAccessResource(PVOID module_handle, const IMAGE_RESOURCE_DATA_ENTRY* entry, PVOID* address,
                                 PULONG size) {
    if (!entry)
        return STATUS_INVALID_PARAMETER;
    LoaderLockGuard guard;
    LoaderModule* module = nullptr;
    pe::ResourceTable table;
    NTSTATUS status = open_table(module_handle, module, table);
    if (!NT_SUCCESS(status))
        return status;
    auto const* base = static_cast<const u8*>(module->entry.DllBase);
    auto const entry_address = reinterpret_cast<ULONG_PTR>(entry);
    auto const root_address = reinterpret_cast<ULONG_PTR>(base) + table.root_rva();
    if (entry_address < root_address || entry_address - root_address > 0xFFFFFFFFu)
        return STATUS_RESOURCE_DATA_NOT_FOUND;
    auto const offset = static_cast<u32>(entry_address - root_address);
    auto leaf = table.data_entry_at(offset);
    if (leaf.is_error())
        return STATUS_RESOURCE_DATA_NOT_FOUND;
    // data_entry_at() checked the entry and that its data lies inside the image.
    if (address)
        *address = const_cast<u8*>(base + leaf.value().data_rva);
    if (size)
        *size = leaf.value().size;
    return STATUS_SUCCESS;
}

} // extern "C"
