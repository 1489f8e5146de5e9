// Resources: FindResource(Ex)(A/W), LoadResource, LockResource, SizeofResource, FreeResource on
// top of ntdll's LdrFindResource_U / LdrAccessResource, and EnumResourceTypes/Names/Languages
// walking the module's tree with pe::ResourceTable (the same bounds-checked parser the loader
// uses, so a hostile resource directory fails the call instead of faulting).
//
// Names and types are MAKEINTRESOURCE ids, "#123" strings (which mean id 123) or names compared
// case-insensitively. A module handle of NULL means the executable.

#include "core/lib/Span.h"
#include "halcyon/winres.h"
#include "pe/Image.h"
#include "pe/Resources.h"
#include "win32/kernelbase/KernelBase.h"
#include "win32/kernelbase/ResourceNames.h"

using namespace halcyon;
using namespace halcyon::kernelbase;

namespace halcyon::kernelbase {

HMODULE module_or_executable(HMODULE module) {
    return module ? module : reinterpret_cast<HMODULE>(peb()->image_base_address);
}

ULONG_PTR ResourceNameW::parse(LPCWSTR name) {
    if (IS_INTRESOURCE(name))
        return reinterpret_cast<ULONG_PTR>(name);
    if (name[0] == L'#') {
        // "#123" is id 123; digits only, and the value must fit in a WORD.
        ULONG value = 0;
        size_t i = 1;
        for (; name[i] >= L'0' && name[i] <= L'9'; ++i) {
            value = value * 10 + static_cast<ULONG>(name[i] - L'0');
            if (value > 0xFFFF)
                break;
        }
        if (i > 1 && name[i] == 0 && value <= 0xFFFF)
            return value;
    }
    return reinterpret_cast<ULONG_PTR>(name);
}

ResourceNameA::ResourceNameA(LPCSTR name) {
    if (IS_INTRESOURCE(name)) {
        m_value = reinterpret_cast<ULONG_PTR>(name);
        return;
    }
    int const count = MultiByteToWideChar(CP_ACP, 0, name, -1, nullptr, 0);
    if (count <= 0 || !m_wide.allocate(static_cast<size_t>(count))) {
        m_ok = false;
        return;
    }
    MultiByteToWideChar(CP_ACP, 0, name, -1, m_wide.get(), count);
    m_value = ResourceNameW::parse(m_wide.get());
}

HRSRC find_resource(HMODULE module, ULONG_PTR type, ULONG_PTR name, WORD language) {
    LDR_RESOURCE_INFO info{type, name, language};
    const IMAGE_RESOURCE_DATA_ENTRY* entry = nullptr;
    NTSTATUS status = LdrFindResource_U(module_or_executable(module), &info, 3, &entry);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return nullptr;
    }
    return const_cast<IMAGE_RESOURCE_DATA_ENTRY*>(entry);
}

bool access_resource(HMODULE module, HRSRC resource, PVOID* address, ULONG* size) {
    if (!resource) {
        set_last_error(ERROR_INVALID_HANDLE);
        return false;
    }
    NTSTATUS status = LdrAccessResource(
        module_or_executable(module), static_cast<const IMAGE_RESOURCE_DATA_ENTRY*>(resource), address, size);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return false;
    }
    return true;
}

} // namespace halcyon::kernelbase

namespace {

/// The parsed resource table of a loaded module, or an empty optional-like state with LastError.
struct ModuleResources {
    pe::ResourceTable table;
    const u8* base = nullptr;
    bool ok = false;

    explicit ModuleResources(HMODULE module) {
        PLDR_DATA_TABLE_ENTRY entry = nullptr;
        if (!NT_SUCCESS(LdrFindEntryForAddress(module_or_executable(module), &entry)) || !entry) {
            set_last_error(ERROR_RESOURCE_DATA_NOT_FOUND);
            return;
        }
        auto image = pe::Image::parse_mapped(
            ReadonlyBytes(static_cast<const u8*>(entry->DllBase), entry->SizeOfImage));
        if (image.is_error()) {
            set_last_error(ERROR_RESOURCE_DATA_NOT_FOUND);
            return;
        }
        auto opened = pe::ResourceTable::open(image.value());
        if (opened.is_error()) {
            set_last_error(ERROR_RESOURCE_DATA_NOT_FOUND);
            return;
        }
        table = opened.release_value();
        base = static_cast<const u8*>(entry->DllBase);
        ok = true;
    }
};

/// A resource name as the enumeration callbacks receive it: MAKEINTRESOURCE for an id, else a
/// NUL-terminated copy (the tree's strings are counted, not terminated).
class CallbackName {
public:
    explicit CallbackName(const pe::ResourceName& name) {
        if (name.is_id) {
            m_wide = reinterpret_cast<WCHAR*>(static_cast<ULONG_PTR>(name.id));
            return;
        }
        m_owned = static_cast<WCHAR*>(heap_alloc((name.length() + 1) * sizeof(WCHAR)));
        if (!m_owned)
            return;
        for (u32 i = 0; i < name.length(); ++i)
            m_owned[i] = name.unit(i);
        m_owned[name.length()] = 0;
        m_wide = m_owned;
    }
    ~CallbackName() {
        heap_free(m_owned);
        heap_free(m_ansi);
    }
    CallbackName(const CallbackName&) = delete;
    CallbackName& operator=(const CallbackName&) = delete;

    bool ok() const { return m_wide != nullptr; }
    LPWSTR wide() const { return m_wide; }
    LPSTR ansi() {
        if (!m_owned)
            return reinterpret_cast<LPSTR>(m_wide);
        if (!m_ansi) {
            int const bytes = WideCharToMultiByte(CP_ACP, 0, m_owned, -1, nullptr, 0, nullptr, nullptr);
            m_ansi = static_cast<char*>(heap_alloc(bytes > 0 ? static_cast<size_t>(bytes) : 1));
            if (m_ansi) {
                m_ansi[0] = 0;
                WideCharToMultiByte(CP_ACP, 0, m_owned, -1, m_ansi, bytes, nullptr, nullptr);
            }
        }
        return m_ansi;
    }

private:
    LPWSTR m_wide = nullptr;
    WCHAR* m_owned = nullptr;
    char* m_ansi = nullptr;
};

bool same_name(const pe::ResourceName& a, const pe::ResourceName& b) {
    if (a.is_id != b.is_id)
        return false;
    if (a.is_id)
        return a.id == b.id;
    return a.utf16.data() == b.utf16.data() && a.utf16.size() == b.utf16.size();
}

pe::ResourceKey key_of(ULONG_PTR value) {
    if (value < 0x10000)
        return pe::ResourceKey::from_id(static_cast<u16>(value));
    auto const* name = reinterpret_cast<const WCHAR*>(value);
    return pe::ResourceKey::from_utf16(
        ReadonlyBytes(reinterpret_cast<const u8*>(name), wide_length(name) * sizeof(WCHAR)));
}

/// Which level an enumeration lists, and the levels above it it is restricted to.
struct EnumQuery {
    int level; // 0 types, 1 names, 2 languages
    ULONG_PTR type;
    ULONG_PTR name;
};

/// Calls `visit` once for each distinct entry at the query's level (leaves come in table order,
/// so equal entries are adjacent). `visit` returns false to stop. Returns FALSE with LastError
/// when nothing matched at a restricting level or the tree is malformed.
template <typename Visit>
BOOL enumerate(HMODULE module, const EnumQuery& query, Visit&& visit) {
    ModuleResources resources(module);
    if (!resources.ok)
        return FALSE;
    pe::ResourceKey const type_key = key_of(query.type);
    pe::ResourceKey const name_key = key_of(query.name);
    bool type_seen = false, name_seen = false, stopped = false, have_previous = false;
    pe::ResourceLeaf previous{};
    auto walked = resources.table.for_each_leaf([&](const pe::ResourceLeaf& leaf) -> ErrorOr<void> {
        if (stopped)
            return {};
        if (query.level >= 1) {
            if (!type_key.matches(leaf.type))
                return {};
            type_seen = true;
        }
        if (query.level >= 2) {
            if (!name_key.matches(leaf.name))
                return {};
            name_seen = true;
        }
        bool const repeat =
            have_previous && (query.level == 0   ? same_name(previous.type, leaf.type)
                              : query.level == 1 ? same_name(previous.name, leaf.name)
                                                 : same_name(previous.language, leaf.language));
        previous = leaf;
        have_previous = true;
        if (!repeat && !visit(leaf))
            stopped = true;
        return {};
    });
    if (walked.is_error()) {
        set_last_error(ERROR_RESOURCE_DATA_NOT_FOUND);
        return FALSE;
    }
    if (query.level >= 1 && !type_seen) {
        set_last_error(ERROR_RESOURCE_TYPE_NOT_FOUND);
        return FALSE;
    }
    if (query.level >= 2 && !name_seen) {
        set_last_error(ERROR_RESOURCE_NAME_NOT_FOUND);
        return FALSE;
    }
    return stopped ? FALSE : TRUE;
}

} // namespace

namespace halcyon::kernelbase {

HRSRC find_resource_in_language(HMODULE module, ULONG_PTR type, ULONG_PTR name, WORD language) {
    ModuleResources resources(module);
    if (!resources.ok)
        return nullptr;
    u32 const only[] = {language};
    pe::ResourceMiss miss = pe::ResourceMiss::None;
    auto leaf = resources.table.find_first_of_languages(key_of(type), key_of(name), only, miss);
    if (leaf.is_error()) {
        set_last_error(miss == pe::ResourceMiss::Type       ? ERROR_RESOURCE_TYPE_NOT_FOUND
                       : miss == pe::ResourceMiss::Name     ? ERROR_RESOURCE_NAME_NOT_FOUND
                       : miss == pe::ResourceMiss::Language ? ERROR_RESOURCE_LANG_NOT_FOUND
                                                            : ERROR_RESOURCE_DATA_NOT_FOUND);
        return nullptr;
    }
    return const_cast<u8*>(resources.base + resources.table.root_rva() + leaf.value().data_entry_offset);
}

} // namespace halcyon::kernelbase

extern "C" {

HRSRC WINAPI FindResourceExW(HMODULE module, LPCWSTR type, LPCWSTR name, WORD language) {
    if (!type || !name) {
        set_last_error(!type ? ERROR_RESOURCE_TYPE_NOT_FOUND : ERROR_RESOURCE_NAME_NOT_FOUND);
        return nullptr;
    }
    return find_resource(module, ResourceNameW::parse(type), ResourceNameW::parse(name), language);
}

HRSRC WINAPI FindResourceW(HMODULE module, LPCWSTR name, LPCWSTR type) {
    return FindResourceExW(module, type, name, MAKELANGID(LANG_NEUTRAL, SUBLANG_NEUTRAL));
}

HRSRC WINAPI FindResourceExA(HMODULE module, LPCSTR type, LPCSTR name, WORD language) {
    if (!type || !name) {
        set_last_error(!type ? ERROR_RESOURCE_TYPE_NOT_FOUND : ERROR_RESOURCE_NAME_NOT_FOUND);
        return nullptr;
    }
    ResourceNameA wide_type(type), wide_name(name);
    if (!wide_type.ok() || !wide_name.ok()) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return nullptr;
    }
    return find_resource(module, wide_type.value(), wide_name.value(), language);
}

HRSRC WINAPI FindResourceA(HMODULE module, LPCSTR name, LPCSTR type) {
    return FindResourceExA(module, type, name, MAKELANGID(LANG_NEUTRAL, SUBLANG_NEUTRAL));
}

HGLOBAL WINAPI LoadResource(HMODULE module, HRSRC resource) {
    PVOID address = nullptr;
    if (!access_resource(module, resource, &address, nullptr))
        return nullptr;
    return address;
}

LPVOID WINAPI LockResource(HGLOBAL data) {
    // Resources are mapped with the image; the "global handle" is already the address.
    return data;
}

DWORD WINAPI SizeofResource(HMODULE module, HRSRC resource) {
    ULONG size = 0;
    if (!access_resource(module, resource, nullptr, &size))
        return 0;
    return size;
}

BOOL WINAPI FreeResource(HGLOBAL data) {
    // Nothing to free: the data lives in the image until the module is unloaded. Windows returns
    // FALSE here too.
    (void)data;
    return FALSE;
}

BOOL WINAPI EnumResourceTypesW(HMODULE module, ENUMRESTYPEPROCW callback, LONG_PTR param) {
    if (!callback) {
        set_last_error(ERROR_NOACCESS);
        return FALSE;
    }
    return enumerate(module, {0, 0, 0}, [&](const pe::ResourceLeaf& leaf) {
        CallbackName type(leaf.type);
        return type.ok() && callback(module, type.wide(), param);
    });
}

BOOL WINAPI EnumResourceTypesA(HMODULE module, ENUMRESTYPEPROCA callback, LONG_PTR param) {
    if (!callback) {
        set_last_error(ERROR_NOACCESS);
        return FALSE;
    }
    return enumerate(module, {0, 0, 0}, [&](const pe::ResourceLeaf& leaf) {
        CallbackName type(leaf.type);
        return type.ok() && callback(module, type.ansi(), param);
    });
}

BOOL WINAPI EnumResourceNamesW(HMODULE module, LPCWSTR type, ENUMRESNAMEPROCW callback, LONG_PTR param) {
    if (!callback || !type) {
        set_last_error(!type ? ERROR_RESOURCE_TYPE_NOT_FOUND : ERROR_NOACCESS);
        return FALSE;
    }
    return enumerate(module, {1, ResourceNameW::parse(type), 0}, [&](const pe::ResourceLeaf& leaf) {
        CallbackName name(leaf.name);
        return name.ok() && callback(module, type, name.wide(), param);
    });
}

BOOL WINAPI EnumResourceNamesA(HMODULE module, LPCSTR type, ENUMRESNAMEPROCA callback, LONG_PTR param) {
    if (!callback || !type) {
        set_last_error(!type ? ERROR_RESOURCE_TYPE_NOT_FOUND : ERROR_NOACCESS);
        return FALSE;
    }
    ResourceNameA wide_type(type);
    if (!wide_type.ok()) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    return enumerate(module, {1, wide_type.value(), 0}, [&](const pe::ResourceLeaf& leaf) {
        CallbackName name(leaf.name);
        return name.ok() && callback(module, type, name.ansi(), param);
    });
}

BOOL WINAPI EnumResourceLanguagesW(HMODULE module, LPCWSTR type, LPCWSTR name, ENUMRESLANGPROCW callback,
                                   LONG_PTR param) {
    if (!callback || !type || !name) {
        set_last_error(!type ? ERROR_RESOURCE_TYPE_NOT_FOUND
                             : (!name ? ERROR_RESOURCE_NAME_NOT_FOUND : ERROR_NOACCESS));
        return FALSE;
    }
    return enumerate(
        module, {2, ResourceNameW::parse(type), ResourceNameW::parse(name)},
        [&](const pe::ResourceLeaf& leaf) { return callback(module, type, name, leaf.language.id, param); });
}

BOOL WINAPI EnumResourceLanguagesA(HMODULE module, LPCSTR type, LPCSTR name, ENUMRESLANGPROCA callback,
                                   LONG_PTR param) {
    if (!callback || !type || !name) {
        set_last_error(!type ? ERROR_RESOURCE_TYPE_NOT_FOUND
                             : (!name ? ERROR_RESOURCE_NAME_NOT_FOUND : ERROR_NOACCESS));
        return FALSE;
    }
    ResourceNameA wide_type(type), wide_name(name);
    if (!wide_type.ok() || !wide_name.ok()) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    return enumerate(module, {2, wide_type.value(), wide_name.value()}, [&](const pe::ResourceLeaf& leaf) {
        return callback(module, type, name, leaf.language.id, param);
    });
}

} // extern "C"
