#include "EmptyVolume.h"

#include "core/fs/NtFileConstants.h"

namespace halcyon::baremetal {

namespace {

constexpr const char* kReadOnly = "the bare-metal C: is an empty read-only volume (the loader passed no system image)";

class RootDirectory final : public fs::Vnode {
public:
    explicit RootDirectory(u64 time) : m_time(time) {}

    bool is_directory() const override { return true; }
    ErrorOr<usize> read(u64, Bytes) override { return Error(status::InvalidDeviceRequest, "read of a directory"); }
    ErrorOr<usize> write(u64, ReadonlyBytes) override { return Error(status::AccessDenied, kReadOnly); }
    ErrorOr<void> set_size(u64) override { return Error(status::AccessDenied, kReadOnly); }
    ErrorOr<fs::FileStat> stat() override {
        fs::FileStat stat;
        stat.attributes = fs::file_attribute::Directory | fs::file_attribute::ReadOnly;
        stat.is_directory = true;
        stat.creation_time = stat.last_access_time = stat.last_write_time = stat.change_time = m_time;
        stat.file_id = 1;
        return stat;
    }
    ErrorOr<void> flush() override { return {}; }
    ErrorOr<Vector<fs::DirectoryEntry>> list_directory() override { return Vector<fs::DirectoryEntry>(); }
    ErrorOr<void> remove() override { return Error(status::CannotDelete, "the root directory cannot be deleted"); }

private:
    u64 m_time;
};

} // namespace

ErrorOr<RefPtr<EmptyVolume>> EmptyVolume::create(u64 creation_time) {
    EmptyVolume* volume = TRY(try_make<EmptyVolume>(creation_time));
    return RefPtr<EmptyVolume>(volume);
}

ErrorOr<fs::OpenResult> EmptyVolume::open_impl(Span<const String> components, const fs::OpenRequest& request) {
    if (components.size() > 1)
        return Error(status::ObjectPathNotFound, "no such directory on the empty volume");
    bool exists = components.is_empty();
    fs::OpenAction action = TRY(fs::decide_open_action(request, exists, exists));
    if (action != fs::OpenAction::OpenExisting || fs::wants_write_access(request.desired_access))
        return Error(status::AccessDenied, kReadOnly);
    RootDirectory* root = TRY(try_make<RootDirectory>(m_creation_time));
    fs::OpenResult result;
    result.node = RefPtr<fs::Vnode>(root);
    result.information = fs::create_info::Opened;
    return result;
}

} // namespace halcyon::baremetal
