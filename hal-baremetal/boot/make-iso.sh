#!/usr/bin/env bash
# make-iso.sh OUT.iso BOOTX64.EFI BOOT.CFG KERNEL.ELF|- SYSTEM.TAR|- [TRUNCATE_KERNEL_TO_BYTES]
#
# Builds Halcyon's bootable ISO: a FAT image (the El Torito EFI boot image, which is also the
# volume the loader reads its files from) holding
#   /EFI/BOOT/BOOTX64.EFI   the loader
#   /halcyon/boot.cfg       its config
#   /halcyon/kernel.elf     the kernel ("-": none, for the missing-kernel test; a byte count:
#                           truncated to it, for the corrupt-kernel test)
#   /halcyon/system.tar     the system image, C:\ as a ustar archive ("-": none)
# wrapped by xorriso into a hybrid ISO (-isohybrid-gpt-basdat) that boots from CD or USB stick.
set -euo pipefail

out=$1 loader=$2 config=$3 kernel=$4 ramdisk=$5 truncate_to=${6:-}
work="$out.d"
rm -rf "$work"
mkdir -p "$work/root"
esp="$work/root/efiboot.img"

# The FAT image: 8 MiB for the loader and kernel, plus the system image and 1/8 of it for FAT
# overhead (sizes in KiB, as mkfs.vfat -C counts them).
size_kib=8192
if [[ "$ramdisk" != - ]]; then
    ramdisk_kib=$(( ($(stat -c %s "$ramdisk") + 1023) / 1024 ))
    size_kib=$(( size_kib + ramdisk_kib + ramdisk_kib / 8 ))
fi
mkfs.vfat -C -n HALCYON "$esp" "$size_kib" >/dev/null
export MTOOLS_SKIP_CHECK=1
mmd -i "$esp" ::/EFI ::/EFI/BOOT ::/halcyon
mcopy -i "$esp" "$loader" ::/EFI/BOOT/BOOTX64.EFI
mcopy -i "$esp" "$config" ::/halcyon/boot.cfg
if [[ "$kernel" != - ]]; then
    if [[ -n "$truncate_to" ]]; then
        head -c "$truncate_to" "$kernel" >"$work/kernel.elf"
        kernel="$work/kernel.elf"
    fi
    mcopy -i "$esp" "$kernel" ::/halcyon/kernel.elf
fi
if [[ "$ramdisk" != - ]]; then
    mcopy -i "$esp" "$ramdisk" ::/halcyon/system.tar
fi

# xorriso prints a banner on stderr even with -quiet: keep its output for failures only.
if ! xorriso -as mkisofs -quiet -R -J -V HALCYON -o "$out.tmp" \
    -e efiboot.img -no-emul-boot -isohybrid-gpt-basdat "$work/root" >"$work/xorriso.log" 2>&1; then
    cat "$work/xorriso.log" >&2
    exit 1
fi
mv "$out.tmp" "$out"
rm -rf "$work"
