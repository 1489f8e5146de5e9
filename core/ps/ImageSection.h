#pragma once

// An image section (NtCreateSection with SEC_IMAGE): a validated PE32+ file held in kernel memory,
// ready to be mapped into any process. Mapping lays the image out with pe/'s mapping plan, applies
// base relocations when the preferred base is taken, and gives every section its protection.

#include "core/fs/Vnode.h"
#include "core/lib/String.h"
#include "core/lib/Vector.h"
#include "core/ob/Object.h"
#include "core/ps/Process.h"
#include "pe/Image.h"

namespace halcyon::ps {

/// STATUS_IMAGE_NOT_AT_BASE: the view was mapped, but not at the image's preferred base.
constexpr NtStatus kImageNotAtBase{0x40000003};

struct MappedImage {
    u64 base;
    u64 size;
    u64 entry_point; ///< absolute address, 0 if the image has none
    bool relocated;
};

class ImageSection final : public ob::Object {
public:
    static constexpr ob::ObjectType kType = ob::ObjectType::Section;

    /// Validates `file` (the whole file's bytes) as a PE32+ image this system can run. Errors are
    /// specific: not MZ, truncated, 32-bit, wrong machine, .NET, ... `name` is for messages.
    static ErrorOr<RefPtr<ImageSection>> create(Vector<u8> file, StringView name);
    /// Reads the whole of `node` (at most 512 MiB) and validates it as create() does.
    static ErrorOr<RefPtr<ImageSection>> create_from_node(fs::Vnode& node, StringView name);

    /// Maps a view into `process`: at `requested_base` if non-zero, else at the preferred base if
    /// free, else wherever it fits (relocating). The view is a MEM_IMAGE allocation.
    ErrorOr<MappedImage> map_into(Process& process, u64 requested_base = 0) const;

    const pe::Image& image() const { return m_image; }
    StringView name() const { return m_name.view(); }

    ImageSection(Vector<u8> file, pe::Image image, String name)
        : Object(kType), m_file(move(file)), m_image(image), m_name(move(name)) {}

private:
    Vector<u8> m_file; // m_image points into this buffer
    pe::Image m_image;
    String m_name;
};

} // namespace halcyon::ps
