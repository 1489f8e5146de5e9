#include "core/mm/Protection.h"

namespace halcyon::mm {

static bool is_single_bit(u32 value) {
    return value != 0 && (value & (value - 1)) == 0;
}

ErrorOr<void> validate_protection(u32 protection, RegionType type) {
    u32 access = protection & kPageAccessMask;
    u32 modifiers = protection & ~kPageAccessMask;
    if (!is_single_bit(access))
        return Error(status::InvalidPageProtection, "protection needs exactly one PAGE_* access value");
    if (modifiers & ~kPageModifierMask)
        return Error(status::InvalidPageProtection, "unknown protection modifier bits");
    if (modifiers && !is_single_bit(modifiers))
        return Error(status::InvalidPageProtection,
                     "PAGE_GUARD, PAGE_NOCACHE, PAGE_WRITECOMBINE are exclusive");
    if (modifiers && access == PAGE_NOACCESS)
        return Error(status::InvalidPageProtection, "PAGE_NOACCESS takes no modifier");
    if (type == RegionType::Private && is_copy_on_write(access))
        return Error(status::InvalidPageProtection, "copy-on-write protection on private memory");
    return {};
}

bool protection_allows(u32 protection, AccessKind access) {
    switch (protection & kPageAccessMask) {
    case PAGE_READONLY:
        return access == AccessKind::Read;
    case PAGE_READWRITE:
    case PAGE_WRITECOPY:
        return access != AccessKind::Execute;
    case PAGE_EXECUTE:
    case PAGE_EXECUTE_READ:
        return access != AccessKind::Write;
    case PAGE_EXECUTE_READWRITE:
    case PAGE_EXECUTE_WRITECOPY:
        return true;
    default:
        return false; // PAGE_NOACCESS and anything unvalidated.
    }
}

bool is_copy_on_write(u32 protection) {
    u32 access = protection & kPageAccessMask;
    return access == PAGE_WRITECOPY || access == PAGE_EXECUTE_WRITECOPY;
}

u32 protection_after_copy(u32 protection) {
    u32 modifiers = protection & ~kPageAccessMask;
    switch (protection & kPageAccessMask) {
    case PAGE_WRITECOPY:
        return PAGE_READWRITE | modifiers;
    case PAGE_EXECUTE_WRITECOPY:
        return PAGE_EXECUTE_READWRITE | modifiers;
    default:
        return protection;
    }
}

} // namespace halcyon::mm
