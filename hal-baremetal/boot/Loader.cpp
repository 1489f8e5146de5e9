// BOOTX64.EFI: Halcyon's UEFI loader. Reads \halcyon\boot.cfg, the kernel ELF and the system image
// (the ramdisk) from the volume it was loaded from, validates and places the kernel, collects the
// memory map, the GOP framebuffer and the ACPI RSDP, exits boot services and jumps to the kernel with a BootInfo.
// Any failure before ExitBootServices is reported on screen and serial and returns to the
// firmware; nothing here waits for input or loops without a bound.

#include <stddef.h>

#include <efi.h>
#include <efilib.h>

#include <halcyon/BootInfo.h>

#include "BootConfig.h"
#include "Console.h"
#include "ElfImage.h"
#include "PageTables.h"

using namespace halcyon::boot;

namespace {

constexpr const char kLoaderVersion[] = "0.1";
constexpr const char kConfigPath[] = "\\halcyon\\boot.cfg";
constexpr uint64_t kPageSize = 4096;
constexpr int kExitBootServicesAttempts = 4;
/// How long an error stays on screen before we return to the firmware's boot menu.
constexpr UINTN kErrorPauseMicroseconds = 5 * 1000 * 1000;

EFI_SYSTEM_TABLE* g_system_table;
EFI_BOOT_SERVICES* g_boot_services;

EFI_STATUS fail(const char* what, const char* detail, EFI_STATUS status) {
    print("[loader] error: ");
    print(what);
    if (detail) {
        print(": ");
        print(detail);
    }
    print("\n[loader] returning to firmware (status ");
    print_hex(status);
    print(")\n");
    g_boot_services->Stall(kErrorPauseMicroseconds);
    return status;
}

const char* status_text(EFI_STATUS status) {
    switch (status) {
    case EFI_NOT_FOUND:
        return "not found";
    case EFI_OUT_OF_RESOURCES:
        return "out of memory";
    case EFI_DEVICE_ERROR:
        return "device error";
    case EFI_VOLUME_CORRUPTED:
        return "volume corrupted";
    case EFI_ACCESS_DENIED:
        return "access denied";
    case EFI_UNSUPPORTED:
        return "unsupported";
    default:
        return "firmware error";
    }
}

void* allocate_pages(uint64_t bytes) {
    EFI_PHYSICAL_ADDRESS address = 0;
    if (EFI_ERROR(g_boot_services->AllocatePages(AllocateAnyPages, EfiLoaderData,
                                                 (bytes + kPageSize - 1) / kPageSize, &address)))
        return nullptr;
    return reinterpret_cast<void*>(address);
}

struct FileData {
    uint8_t* data = nullptr;
    uint64_t size = 0;
};

EFI_FILE_HANDLE open_boot_volume(EFI_HANDLE image_handle, EFI_STATUS& status) {
    EFI_LOADED_IMAGE* loaded_image = nullptr;
    status = g_boot_services->HandleProtocol(image_handle, &LoadedImageProtocol,
                                             reinterpret_cast<void**>(&loaded_image));
    if (EFI_ERROR(status))
        return nullptr;
    EFI_SIMPLE_FILE_SYSTEM_PROTOCOL* file_system = nullptr;
    status = g_boot_services->HandleProtocol(loaded_image->DeviceHandle, &FileSystemProtocol,
                                             reinterpret_cast<void**>(&file_system));
    if (EFI_ERROR(status))
        return nullptr;
    EFI_FILE_HANDLE root = nullptr;
    status = file_system->OpenVolume(file_system, &root);
    return EFI_ERROR(status) ? nullptr : root;
}

// Reads a whole file (ASCII path) into loader-data pages.
EFI_STATUS read_file(EFI_FILE_HANDLE root, const char* path, FileData& out) {
    CHAR16 wide_path[128];
    size_t i = 0;
    for (; path[i] && i + 1 < sizeof(wide_path) / sizeof(wide_path[0]); ++i)
        wide_path[i] = static_cast<CHAR16>(path[i] == '/' ? '\\' : path[i]);
    wide_path[i] = 0;

    EFI_FILE_HANDLE file = nullptr;
    EFI_STATUS status = root->Open(root, &file, wide_path, EFI_FILE_MODE_READ, 0);
    if (EFI_ERROR(status))
        return status;
    alignas(8) uint8_t info_buffer[sizeof(EFI_FILE_INFO) + 512];
    UINTN info_size = sizeof(info_buffer);
    status = file->GetInfo(file, &GenericFileInfo, &info_size, info_buffer);
    if (!EFI_ERROR(status)) {
        auto* info = reinterpret_cast<EFI_FILE_INFO*>(info_buffer);
        out.size = info->FileSize;
        out.data = static_cast<uint8_t*>(allocate_pages(out.size ? out.size : 1));
        if (!out.data) {
            status = EFI_OUT_OF_RESOURCES;
        } else {
            UINTN read = out.size;
            status = file->Read(file, &read, out.data);
            if (!EFI_ERROR(status) && read != out.size)
                status = EFI_DEVICE_ERROR;
        }
    }
    file->Close(file);
    return status;
}

bool guid_equal(const EFI_GUID& a, const EFI_GUID& b) {
    auto* x = reinterpret_cast<const uint8_t*>(&a);
    auto* y = reinterpret_cast<const uint8_t*>(&b);
    for (size_t i = 0; i < sizeof(EFI_GUID); ++i) {
        if (x[i] != y[i])
            return false;
    }
    return true;
}

uint64_t find_rsdp() {
    EFI_GUID acpi20 = ACPI_20_TABLE_GUID;
    EFI_GUID acpi10 = ACPI_TABLE_GUID;
    uint64_t fallback = 0;
    for (UINTN i = 0; i < g_system_table->NumberOfTableEntries; ++i) {
        auto& entry = g_system_table->ConfigurationTable[i];
        if (guid_equal(entry.VendorGuid, acpi20))
            return reinterpret_cast<uint64_t>(entry.VendorTable);
        if (guid_equal(entry.VendorGuid, acpi10))
            fallback = reinterpret_cast<uint64_t>(entry.VendorTable);
    }
    return fallback;
}

// Keeps the firmware's current GOP mode: OVMF and real firmware pick the panel's native mode.
// FIXME: choose a mode explicitly (native resolution, 32 bpp) when the current one is text-only.
void find_framebuffer(Framebuffer& framebuffer) {
    framebuffer = {};
    EFI_GRAPHICS_OUTPUT_PROTOCOL* gop = nullptr;
    if (EFI_ERROR(g_boot_services->LocateProtocol(&GraphicsOutputProtocol, nullptr,
                                                  reinterpret_cast<void**>(&gop))) ||
        !gop || !gop->Mode || !gop->Mode->Info)
        return;
    auto* info = gop->Mode->Info;
    if (info->PixelFormat != PixelRedGreenBlueReserved8BitPerColor &&
        info->PixelFormat != PixelBlueGreenRedReserved8BitPerColor)
        return;
    framebuffer.physical_address = gop->Mode->FrameBufferBase;
    framebuffer.size = gop->Mode->FrameBufferSize;
    framebuffer.width = info->HorizontalResolution;
    framebuffer.height = info->VerticalResolution;
    framebuffer.pixels_per_scan_line = info->PixelsPerScanLine;
    framebuffer.format = info->PixelFormat == PixelRedGreenBlueReserved8BitPerColor ? 0 : 1;
}

// The end of the highest range in the firmware's memory map (a first, throw-away snapshot).
EFI_STATUS highest_physical_address(uint64_t& highest) {
    UINTN size = 0, key = 0, descriptor_size = 0;
    UINT32 descriptor_version = 0;
    EFI_STATUS status =
        g_boot_services->GetMemoryMap(&size, nullptr, &key, &descriptor_size, &descriptor_version);
    if (status != EFI_BUFFER_TOO_SMALL)
        return status;
    size += 8 * descriptor_size;
    auto* buffer = static_cast<uint8_t*>(allocate_pages(size));
    if (!buffer)
        return EFI_OUT_OF_RESOURCES;
    status = g_boot_services->GetMemoryMap(&size, reinterpret_cast<EFI_MEMORY_DESCRIPTOR*>(buffer), &key,
                                           &descriptor_size, &descriptor_version);
    highest = 0;
    for (UINTN at = 0; !EFI_ERROR(status) && at + descriptor_size <= size; at += descriptor_size) {
        auto* descriptor = reinterpret_cast<EFI_MEMORY_DESCRIPTOR*>(buffer + at);
        uint64_t end = descriptor->PhysicalStart + descriptor->NumberOfPages * kPageSize;
        if (end > highest)
            highest = end;
    }
    g_boot_services->FreePages(reinterpret_cast<EFI_PHYSICAL_ADDRESS>(buffer),
                               (size + 8 * descriptor_size + kPageSize - 1) / kPageSize);
    return status;
}

[[noreturn]] void enter_kernel(uint64_t pml4, uint64_t entry, const BootInfo* boot_info) {
    // Interrupts stay off until the kernel has its own IDT. The loader's code and stack are
    // identity mapped in the new tables, so execution continues after the CR3 write.
    asm volatile("cli\n\t"
                 "mov %0, %%cr3\n\t"
                 "call *%1\n\t"
                 "1: hlt\n\t"
                 "jmp 1b"
                 :
                 : "r"(pml4), "r"(entry), "D"(boot_info)
                 : "memory");
    __builtin_unreachable();
}

} // namespace

// gnu-efi's crt0 calls efi_main with the SysV convention (TOOLCHAIN-NOTES): not EFIAPI here.
extern "C" EFI_STATUS efi_main(EFI_HANDLE image_handle, EFI_SYSTEM_TABLE* system_table) {
    uint32_t tsc_low, tsc_high;
    asm volatile("rdtsc" : "=a"(tsc_low), "=d"(tsc_high));
    uint64_t loader_start_tsc = (static_cast<uint64_t>(tsc_high) << 32) | tsc_low;
    g_system_table = system_table;
    g_boot_services = system_table->BootServices;
    console_init(system_table);
    print("\n[loader] Halcyon UEFI loader ");
    print(kLoaderVersion);
    print(" (firmware: ");
    print_wide(system_table->FirmwareVendor);
    print(")\n");
    // Disable the firmware's 5-minute watchdog: loading never waits on it, and a reset mid-way
    // would hide the error we are about to print.
    g_boot_services->SetWatchdogTimer(0, 0, 0, nullptr);

    EFI_STATUS status;
    EFI_FILE_HANDLE root = open_boot_volume(image_handle, status);
    if (!root)
        return fail("cannot open the boot volume", status_text(status), status);

    BootConfig config;
    FileData config_file;
    status = read_file(root, kConfigPath, config_file);
    if (status == EFI_NOT_FOUND) {
        print("[loader] no \\halcyon\\boot.cfg: using the defaults\n");
    } else if (EFI_ERROR(status)) {
        return fail("cannot read \\halcyon\\boot.cfg", status_text(status), status);
    } else {
        size_t line = 0;
        auto error = parse_boot_config(reinterpret_cast<const char*>(config_file.data), config_file.size,
                                       config, line);
        if (error != BootConfigError::None) {
            print("[loader] \\halcyon\\boot.cfg line ");
            print_decimal(line);
            print(":\n");
            return fail("bad config", boot_config_error_message(error), EFI_LOAD_ERROR);
        }
    }
    print("[loader] kernel ");
    print(config.kernel_path);
    print(" cmdline \"");
    print(config.command_line);
    print("\"\n");

    FileData kernel_file;
    status = read_file(root, config.kernel_path, kernel_file);
    if (EFI_ERROR(status)) {
        print("[loader] cannot read the kernel ");
        print(config.kernel_path);
        print("\n");
        return fail("kernel not loaded", status_text(status), status);
    }
    // The system image is optional: without one the kernel mounts an empty C:.
    FileData ramdisk_file;
    status = read_file(root, config.ramdisk_path, ramdisk_file);
    if (status == EFI_NOT_FOUND) {
        print("[loader] no system image ");
        print(config.ramdisk_path);
        print("\n");
        ramdisk_file = {};
    } else if (EFI_ERROR(status)) {
        print("[loader] cannot read the system image ");
        print(config.ramdisk_path);
        print("\n");
        return fail("system image not loaded", status_text(status), status);
    } else {
        print("[loader] system image ");
        print(config.ramdisk_path);
        print(": ");
        print_decimal(ramdisk_file.size);
        print(" bytes at ");
        print_hex(reinterpret_cast<uint64_t>(ramdisk_file.data));
        print("\n");
    }
    root->Close(root);

    ElfLayout layout{};
    auto elf_error = validate_kernel_elf(kernel_file.data, kernel_file.size, layout);
    if (elf_error != ElfError::None) {
        print("[loader] the kernel ");
        print(config.kernel_path);
        print(" (");
        print_decimal(kernel_file.size);
        print(" bytes) is invalid\n");
        return fail("kernel is corrupt", elf_error_message(elf_error), EFI_LOAD_ERROR);
    }
    auto* kernel_memory = static_cast<uint8_t*>(allocate_pages(layout.span));
    if (!kernel_memory)
        return fail("cannot place the kernel", status_text(EFI_OUT_OF_RESOURCES), EFI_OUT_OF_RESOURCES);
    copy_kernel_segments(kernel_file.data, layout, kernel_memory);
    print("[loader] kernel: ");
    print_decimal(layout.load_segment_count);
    print(" segments, ");
    print_hex(layout.virtual_base);
    print(" -> phys ");
    print_hex(reinterpret_cast<uint64_t>(kernel_memory));
    print(", entry ");
    print_hex(layout.entry);
    print("\n");

    auto* boot_info = static_cast<BootInfo*>(allocate_pages(sizeof(BootInfo)));
    if (!boot_info)
        return fail("cannot allocate the boot info", nullptr, EFI_OUT_OF_RESOURCES);
    *boot_info = {};
    boot_info->magic = kBootInfoMagic;
    boot_info->version = kBootInfoVersion;
    boot_info->size = sizeof(BootInfo);
    boot_info->loader_start_tsc = loader_start_tsc;
    boot_info->ramdisk_physical = reinterpret_cast<uint64_t>(ramdisk_file.data);
    boot_info->ramdisk_size = ramdisk_file.size;
    boot_info->direct_map_base = kDirectMapBase;
    boot_info->rsdp_physical = find_rsdp();
    boot_info->kernel = {reinterpret_cast<uint64_t>(kernel_memory), layout.virtual_base, layout.span};
    for (size_t i = 0; i < sizeof(config.command_line); ++i)
        boot_info->command_line[i] = config.command_line[i];
    find_framebuffer(boot_info->framebuffer);
    print("[loader] rsdp ");
    print_hex(boot_info->rsdp_physical);
    print(", framebuffer ");
    print_decimal(boot_info->framebuffer.width);
    print("x");
    print_decimal(boot_info->framebuffer.height);
    print(" at ");
    print_hex(boot_info->framebuffer.physical_address);
    print("\n");

    uint64_t highest = 0;
    status = highest_physical_address(highest);
    if (EFI_ERROR(status))
        return fail("cannot read the memory map", status_text(status), status);
    uint64_t pml4 = build_page_tables(g_boot_services, highest, layout.virtual_base,
                                      reinterpret_cast<uint64_t>(kernel_memory), layout.span);
    if (!pml4)
        return fail("cannot build page tables", status_text(EFI_OUT_OF_RESOURCES), EFI_OUT_OF_RESOURCES);

    // The final memory map. Its buffer is allocated first (with room for the descriptors that
    // allocation itself adds); between GetMemoryMap and ExitBootServices nothing allocates. If the
    // key went stale anyway (a firmware event allocated), fetch the map again and retry.
    UINTN map_size = 0, map_key = 0, descriptor_size = 0;
    UINT32 descriptor_version = 0;
    status =
        g_boot_services->GetMemoryMap(&map_size, nullptr, &map_key, &descriptor_size, &descriptor_version);
    if (status != EFI_BUFFER_TOO_SMALL)
        return fail("cannot size the memory map", status_text(status), status);
    UINTN map_capacity = map_size + 16 * descriptor_size;
    auto* map = static_cast<EFI_MEMORY_DESCRIPTOR*>(allocate_pages(map_capacity));
    if (!map)
        return fail("cannot allocate the memory map", nullptr, EFI_OUT_OF_RESOURCES);
    print("[loader] exiting boot services\n");
    console_detach_firmware();
    for (int attempt = 1;; ++attempt) {
        map_size = map_capacity;
        status =
            g_boot_services->GetMemoryMap(&map_size, map, &map_key, &descriptor_size, &descriptor_version);
        if (!EFI_ERROR(status) && attempt == 1 && config.debug_stale_map_key) {
            // Test hook: any allocation after GetMemoryMap changes the map and stales the key.
            EFI_PHYSICAL_ADDRESS page = 0;
            g_boot_services->AllocatePages(AllocateAnyPages, EfiLoaderData, 1, &page);
        }
        if (!EFI_ERROR(status))
            status = g_boot_services->ExitBootServices(image_handle, map_key);
        if (!EFI_ERROR(status))
            break;
        // Only port I/O from here on: after a failed ExitBootServices the firmware may have
        // shut part of itself down, and only the memory-allocation services stay usable.
        print("[loader] ExitBootServices attempt ");
        print_decimal(attempt);
        print(" failed (status ");
        print_hex(status);
        print(status == EFI_INVALID_PARAMETER ? ", stale map key); fetching the map again\n" : ")\n");
        if (attempt == kExitBootServicesAttempts) {
            // Boot services may be half gone after a failed ExitBootServices: serial only, and
            // no Stall (it is a boot service). Halt rather than return into a broken firmware.
            print("[loader] error: ExitBootServices failed every time; halting\n");
            for (;;)
                asm volatile("cli; hlt");
        }
    }
    boot_info->memory_map = {reinterpret_cast<uint64_t>(map), map_size, descriptor_size, descriptor_version,
                             0};
    print("[loader] boot services exited; entering the kernel\n");
    enter_kernel(pml4, layout.entry,
                 reinterpret_cast<const BootInfo*>(kDirectMapBase + reinterpret_cast<uint64_t>(boot_info)));
}
