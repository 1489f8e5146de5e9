// The loader's kernel ELF validation: any file must be accepted or refused with an ElfError,
// never read outside the buffer; an accepted one must copy into `span` bytes without overflow.

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "ElfImage.h"

using namespace halcyon::boot;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    ElfLayout layout{};
    if (validate_kernel_elf(data, size, layout) != ElfError::None)
        return 0;
    if (layout.span == 0 || layout.span > kMaxKernelSpan || layout.entry < layout.virtual_base ||
        layout.entry - layout.virtual_base >= layout.span)
        abort();
    // Copy small images for real so the sanitizers see every write stays in the destination.
    if (layout.span <= (4u << 20)) {
        auto* destination = static_cast<uint8_t*>(malloc(layout.span));
        copy_kernel_segments(data, layout, destination);
        free(destination);
    }
    return 0;
}
