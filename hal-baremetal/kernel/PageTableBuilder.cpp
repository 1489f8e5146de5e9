#include "PageTableBuilder.h"

namespace halcyon::baremetal {

const char* map_error_message(MapError error) {
    switch (error) {
    case MapError::None: return "no error";
    case MapError::Misaligned: return "address or size not aligned to the page size";
    case MapError::NotCanonical: return "virtual address is not canonical";
    case MapError::AlreadyMapped: return "the range overlaps an existing mapping";
    case MapError::OutOfMemory: return "no frame left for a page table";
    case MapError::BadFlags: return "flags outside the leaf flags";
    }
    return "unknown error";
}

namespace {

unsigned index_at(uint64_t virt, int level) { return static_cast<unsigned>((virt >> (12 + 9 * level)) & 511); }

} // namespace

uint64_t* PageTableBuilder::table(uint64_t physical) const {
    return reinterpret_cast<uint64_t*>(m_memory.to_virt(m_memory.context, physical));
}

bool PageTableBuilder::create() {
    uint64_t frame = m_memory.allocate_frame(m_memory.context);
    if (!frame || (frame & (4096 - 1)))
        return false;
    __builtin_memset(table(frame), 0, 4096);
    m_root = frame;
    m_table_frames = 1;
    return true;
}

uint64_t* PageTableBuilder::next_level(uint64_t* entry, uint64_t flags, MapError& error) {
    if (*entry & pte::Present) {
        if (*entry & pte::Large) {
            error = MapError::AlreadyMapped;
            return nullptr;
        }
        // A user leaf below needs User on every level above it.
        if (flags & pte::User)
            *entry |= pte::User;
        return table(*entry & pte::AddressMask);
    }
    uint64_t frame = m_memory.allocate_frame(m_memory.context);
    if (!frame || (frame & (4096 - 1))) {
        error = MapError::OutOfMemory;
        return nullptr;
    }
    __builtin_memset(table(frame), 0, 4096);
    ++m_table_frames;
    *entry = frame | pte::Present | pte::Writable | (flags & pte::User);
    return table(frame);
}

MapError PageTableBuilder::map(uint64_t virt, uint64_t phys, uint64_t size, PageSize page_size, uint64_t flags) {
    uint64_t step = static_cast<uint64_t>(page_size);
    if ((virt | phys | size) & (step - 1))
        return MapError::Misaligned;
    if (flags & ~pte::LeafFlags)
        return MapError::BadFlags;
    if (!m_root)
        return MapError::OutOfMemory;
    if (size == 0)
        return MapError::None;
    uint64_t last = virt + (size - 1);
    if (last < virt || !is_canonical(virt) || !is_canonical(last) || (virt >> 47) != (last >> 47))
        return MapError::NotCanonical;
    if (phys + (size - 1) < phys || ((phys + size - 1) & ~pte::AddressMask & ~(step - 1)))
        return MapError::Misaligned;

    int leaf_level = page_size == PageSize::Large ? 1 : 0;
    for (uint64_t offset = 0; offset < size; offset += step) {
        uint64_t address = virt + offset;
        uint64_t* current = table(m_root);
        MapError error = MapError::None;
        for (int level = 3; level > leaf_level; --level) {
            current = next_level(&current[index_at(address, level)], flags, error);
            if (!current)
                return error;
        }
        uint64_t& entry = current[index_at(address, leaf_level)];
        if (entry & pte::Present)
            return MapError::AlreadyMapped;
        entry = (phys + offset) | flags | pte::Present | (leaf_level ? pte::Large : 0);
    }
    return MapError::None;
}

bool PageTableBuilder::ensure_top_level(uint64_t virt) {
    if (!m_root || !is_canonical(virt))
        return false;
    MapError error = MapError::None;
    return next_level(&table(m_root)[index_at(virt, 3)], 0, error) != nullptr;
}

bool PageTableBuilder::unmap_small(uint64_t virt) {
    if (!m_root || !is_canonical(virt))
        return false;
    uint64_t* current = table(m_root);
    for (int level = 3; level > 0; --level) {
        uint64_t entry = current[index_at(virt, level)];
        if (!(entry & pte::Present) || (entry & pte::Large))
            return false;
        current = table(entry & pte::AddressMask);
    }
    uint64_t& leaf = current[index_at(virt, 0)];
    if (!(leaf & pte::Present))
        return false;
    leaf = 0;
    return true;
}

bool PageTableBuilder::translate(uint64_t virt, Translation& out) const {
    if (!m_root || !is_canonical(virt))
        return false;
    uint64_t allowed = pte::Writable | pte::User, denied = 0;
    const uint64_t* current = table(m_root);
    for (int level = 3; level >= 0; --level) {
        uint64_t entry = current[index_at(virt, level)];
        if (!(entry & pte::Present))
            return false;
        allowed &= entry;
        denied |= entry & pte::NoExecute;
        bool leaf = level == 0 || (level == 1 && (entry & pte::Large));
        if (leaf) {
            uint64_t page = level == 1 ? static_cast<uint64_t>(PageSize::Large) : 4096;
            out.physical = (entry & pte::AddressMask & ~(page - 1)) + (virt & (page - 1));
            out.flags = (entry & (pte::LeafFlags & ~(pte::Writable | pte::User | pte::NoExecute))) | allowed | denied |
                        pte::Present;
            out.page_size = level == 1 ? PageSize::Large : PageSize::Small;
            return true;
        }
        current = table(entry & pte::AddressMask);
    }
    return false;
}

} // namespace halcyon::baremetal
