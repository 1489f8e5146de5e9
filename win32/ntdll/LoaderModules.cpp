// Module records and the three PEB lists (load order, memory order, initialisation order).

#include "Loader.h"

namespace halcyon::ntdll {

RTL_CRITICAL_SECTION g_loader_lock = {nullptr, -1, 0, nullptr, nullptr, 0};

PEB_LDR_DATA g_loader_data = {
    sizeof(PEB_LDR_DATA),
    FALSE,
    nullptr,
    {&g_loader_data.InLoadOrderModuleList, &g_loader_data.InLoadOrderModuleList},
    {&g_loader_data.InMemoryOrderModuleList, &g_loader_data.InMemoryOrderModuleList},
    {&g_loader_data.InInitializationOrderModuleList, &g_loader_data.InInitializationOrderModuleList},
    nullptr,
    FALSE,
    nullptr,
};

bool g_ldr_trace = false;
bool g_report_errors = false;

namespace {

void insert_tail(LIST_ENTRY* head, LIST_ENTRY* entry) {
    entry->Flink = head;
    entry->Blink = head->Blink;
    head->Blink->Flink = entry;
    head->Blink = entry;
}

void unlink(LIST_ENTRY* entry) {
    if (!entry->Flink)
        return;
    entry->Blink->Flink = entry->Flink;
    entry->Flink->Blink = entry->Blink;
    entry->Flink = entry->Blink = nullptr;
}

template <typename Predicate>
LoaderModule* find_in_load_order(Predicate predicate) {
    LIST_ENTRY* head = &g_loader_data.InLoadOrderModuleList;
    for (LIST_ENTRY* link = head->Flink; link != head; link = link->Flink) {
        auto* module = module_from_entry(CONTAINING_RECORD(link, LDR_DATA_TABLE_ENTRY, InLoadOrderLinks));
        if (predicate(module))
            return module;
    }
    return nullptr;
}

} // namespace

NTSTATUS create_module(PVOID base, size_t view_size, PCWSTR full_name, size_t full_name_length,
                       LoaderModule** out) {
    auto image_or_error = pe::Image::parse_mapped(ReadonlyBytes(static_cast<const u8*>(base), view_size));
    if (image_or_error.is_error())
        return STATUS_INVALID_IMAGE_FORMAT;
    void* memory = RtlAllocateHeap(process_heap(), HEAP_ZERO_MEMORY, sizeof(LoaderModule));
    if (!memory)
        return STATUS_NO_MEMORY;
    auto* module = new (memory) LoaderModule();
    module->image = image_or_error.release_value();
    if (module->image.machine() != pe::machine::Amd64) {
        module->~LoaderModule();
        RtlFreeHeap(process_heap(), 0, memory);
        return STATUS_INVALID_IMAGE_FORMAT;
    }
    auto exports = pe::ExportTable::open(module->image);
    if (exports.is_error()) {
        module->~LoaderModule();
        RtlFreeHeap(process_heap(), 0, memory);
        return STATUS_INVALID_IMAGE_FORMAT;
    }
    module->exports = exports.release_value();

    module->name_storage = allocate_wide(full_name_length + 1);
    if (!module->name_storage) {
        module->~LoaderModule();
        RtlFreeHeap(process_heap(), 0, memory);
        return STATUS_NO_MEMORY;
    }
    __builtin_memcpy(module->name_storage, full_name, full_name_length * sizeof(WCHAR));
    module->name_storage[full_name_length] = 0;
    size_t base_start = full_name_length;
    while (base_start && full_name[base_start - 1] != '\\' && full_name[base_start - 1] != '/')
        --base_start;

    LDR_DATA_TABLE_ENTRY& entry = module->entry;
    entry.DllBase = base;
    entry.SizeOfImage = module->image.size_of_image();
    entry.EntryPoint =
        module->image.entry_rva() ? static_cast<char*>(base) + module->image.entry_rva() : nullptr;
    entry.FullDllName.Buffer = module->name_storage;
    entry.FullDllName.Length = static_cast<USHORT>(full_name_length * sizeof(WCHAR));
    entry.FullDllName.MaximumLength = static_cast<USHORT>((full_name_length + 1) * sizeof(WCHAR));
    entry.BaseDllName.Buffer = module->name_storage + base_start;
    entry.BaseDllName.Length = static_cast<USHORT>((full_name_length - base_start) * sizeof(WCHAR));
    entry.BaseDllName.MaximumLength =
        static_cast<USHORT>((full_name_length - base_start + 1) * sizeof(WCHAR));
    entry.Flags = module->image.is_dll() ? LDRP_IMAGE_DLL : 0;
    if (reinterpret_cast<uint64_t>(base) != module->image.image_base())
        entry.Flags |= LDRP_IMAGE_NOT_AT_BASE;
    entry.TlsIndex = 0xFFFF;
    entry.TimeDateStamp = module->image.file_header().time_date_stamp;
    entry.OriginalBase = module->image.image_base();
    entry.HashLinks.Flink = entry.HashLinks.Blink = &entry.HashLinks;
    entry.ReferenceCount = 1;
    module->is_executable = !module->image.is_dll();

    insert_tail(&g_loader_data.InLoadOrderModuleList, &entry.InLoadOrderLinks);
    insert_tail(&g_loader_data.InMemoryOrderModuleList, &entry.InMemoryOrderLinks);
    *out = module;
    return STATUS_SUCCESS;
}

void destroy_module(LoaderModule* module) {
    unlink(&module->entry.InLoadOrderLinks);
    unlink(&module->entry.InMemoryOrderLinks);
    unlink(&module->entry.InInitializationOrderLinks);
    if (module->dependencies)
        RtlFreeHeap(process_heap(), 0, module->dependencies);
    if (module->name_storage)
        RtlFreeHeap(process_heap(), 0, module->name_storage);
    module->~LoaderModule();
    RtlFreeHeap(process_heap(), 0, module);
}

void append_to_initialization_order(LoaderModule* module) {
    insert_tail(&g_loader_data.InInitializationOrderModuleList, &module->entry.InInitializationOrderLinks);
}

LoaderModule* find_module_by_base_name(PCWSTR name, size_t length) {
    return find_in_load_order([&](LoaderModule* module) {
        const UNICODE_STRING& base = base_name(module);
        return wide_equal_ignoring_case(base.Buffer, base.Length / sizeof(WCHAR), name, length);
    });
}

LoaderModule* find_module_by_full_name(PCWSTR path, size_t length) {
    return find_in_load_order([&](LoaderModule* module) {
        const UNICODE_STRING& full = module->entry.FullDllName;
        return wide_equal_ignoring_case(full.Buffer, full.Length / sizeof(WCHAR), path, length);
    });
}

LoaderModule* find_module_by_base(PVOID base) {
    return find_in_load_order([&](LoaderModule* module) { return module->entry.DllBase == base; });
}

LoaderModule* find_module_containing(const void* address) {
    auto a = reinterpret_cast<uintptr_t>(address);
    return find_in_load_order([&](LoaderModule* module) {
        auto start = reinterpret_cast<uintptr_t>(module->entry.DllBase);
        return a >= start && a - start < module->entry.SizeOfImage;
    });
}

void add_reference(LoaderModule* module) {
    if (module->load_count != kPinnedLoadCount)
        ++module->load_count;
    if (module->entry.ObsoleteLoadCount != 0xFFFF)
        module->entry.ObsoleteLoadCount =
            static_cast<USHORT>(module->load_count > 0xFFFE ? 0xFFFE : module->load_count);
}

NTSTATUS add_dependency(LoaderModule* module, LoaderModule* dependency) {
    if (module == dependency)
        return STATUS_SUCCESS;
    for (uint32_t i = 0; i < module->dependency_count; ++i)
        if (module->dependencies[i] == dependency)
            return STATUS_SUCCESS;
    if (module->dependency_count == module->dependency_capacity) {
        uint32_t capacity = module->dependency_capacity ? module->dependency_capacity * 2 : 8;
        auto* grown =
            static_cast<LoaderModule**>(RtlAllocateHeap(process_heap(), 0, capacity * sizeof(LoaderModule*)));
        if (!grown)
            return STATUS_NO_MEMORY;
        if (module->dependencies) {
            __builtin_memcpy(grown, module->dependencies, module->dependency_count * sizeof(LoaderModule*));
            RtlFreeHeap(process_heap(), 0, module->dependencies);
        }
        module->dependencies = grown;
        module->dependency_capacity = capacity;
    }
    module->dependencies[module->dependency_count++] = dependency;
    add_reference(dependency);
    return STATUS_SUCCESS;
}

DiagnosticLine& error_line(DiagnosticLine& line) {
    return line.text("halcyon: ");
}

} // namespace halcyon::ntdll

extern "C" NTSTATUS NTAPI LdrFindEntryForAddress(const void* address, PLDR_DATA_TABLE_ENTRY* entry) {
    using namespace halcyon::ntdll;
    LoaderLockGuard guard;
    LoaderModule* module = find_module_containing(address);
    if (!module)
        return STATUS_NO_MORE_ENTRIES;
    *entry = &module->entry;
    return STATUS_SUCCESS;
}

extern "C" PVOID NTAPI RtlPcToFileHeader(PVOID pc, PVOID* base_of_image) {
    PLDR_DATA_TABLE_ENTRY entry = nullptr;
    PVOID base = nullptr;
    if (NT_SUCCESS(LdrFindEntryForAddress(pc, &entry)))
        base = entry->DllBase;
    *base_of_image = base;
    return base;
}
