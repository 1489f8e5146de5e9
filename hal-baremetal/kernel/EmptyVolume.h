#pragma once

// The bare-metal C: when the boot volume has no system image (the loader passed no ramdisk): a
// read-only volume holding only an empty root directory. Opening the root works (and lists
// nothing); opening anything else is ObjectNameNotFound / ObjectPathNotFound as on any volume;
// creating or writing is AccessDenied. With a system image, C: is core/fs/RamdiskFs.h instead.

#include "core/fs/FileSystem.h"

namespace halcyon::baremetal {

class EmptyVolume final : public fs::FileSystem {
public:
    static ErrorOr<RefPtr<EmptyVolume>> create(u64 creation_time);
    const char* name() const override { return "empty"; }
    u64 creation_time() const { return m_creation_time; }

    explicit EmptyVolume(u64 creation_time) : m_creation_time(creation_time) {}

protected:
    ErrorOr<fs::OpenResult> open_impl(Span<const String> components, const fs::OpenRequest& request) override;

private:
    u64 m_creation_time;
};

} // namespace halcyon::baremetal
