#include <core/fs/Path.h>
#include <core/fs/RamdiskFs.h>
#include <core/fs/Ustar.h>

namespace halcyon::fs {

namespace {

constexpr const char* kReadOnly = "the ramdisk volume is read-only";
/// Seconds between 1601-01-01 (FILETIME) and 1970-01-01 (ustar mtime).
constexpr u64 kUnixEpochSeconds = 11644473600ull;

u64 filetime_from_unix(u64 seconds) {
    // Clamp absurd times instead of overflowing (the field holds up to 2^33 in 11 digits).
    constexpr u64 kMaxSeconds = ~0ull / 10'000'000 - kUnixEpochSeconds;
    if (seconds > kMaxSeconds)
        seconds = kMaxSeconds;
    return (seconds + kUnixEpochSeconds) * 10'000'000;
}

using Node = RamdiskFileSystem::Node;

Node* find_child(Node* directory, StringView name) {
    for (Node* child : directory->children) {
        if (names_equal_ignoring_case(child->name.view(), name))
            return child;
    }
    return nullptr;
}

FileStat stat_of(const Node& node) {
    FileStat stat;
    stat.is_directory = node.is_directory;
    stat.attributes = file_attribute::ReadOnly | (node.is_directory ? file_attribute::Directory : 0);
    stat.size = node.is_directory ? 0 : node.data.size();
    stat.allocation_size = (stat.size + 4095) / 4096 * 4096;
    stat.creation_time = stat.last_access_time = stat.last_write_time = stat.change_time = node.time;
    stat.file_id = node.id;
    return stat;
}

class RamdiskVnode final : public Vnode {
public:
    RamdiskVnode(RefPtr<RamdiskFileSystem> fs, Node* node) : m_fs(move(fs)), m_node(node) {}

    bool is_directory() const override { return m_node->is_directory; }

    ErrorOr<usize> read(u64 offset, Bytes buffer) override {
        if (m_node->is_directory)
            return Error(status::FileIsADirectory, "read of a directory");
        ReadonlyBytes data = m_node->data;
        if (offset >= data.size())
            return usize(0);
        usize count = min(buffer.size(), data.size() - static_cast<usize>(offset));
        copy_bytes(buffer.data(), data.data() + offset, count);
        return count;
    }
    ErrorOr<usize> write(u64, ReadonlyBytes) override { return Error(status::AccessDenied, kReadOnly); }
    ErrorOr<void> set_size(u64) override { return Error(status::AccessDenied, kReadOnly); }
    ErrorOr<FileStat> stat() override { return stat_of(*m_node); }
    ErrorOr<void> flush() override { return {}; }

    ErrorOr<Vector<DirectoryEntry>> list_directory() override {
        if (!m_node->is_directory)
            return Error(status::NotADirectory, "listing a file");
        Vector<DirectoryEntry> entries;
        TRY(entries.ensure_capacity(m_node->children.size() + 2));
        if (m_node->parent) {
            TRY(entries.try_append(DirectoryEntry{TRY(String::from("."_sv)), stat_of(*m_node)}));
            TRY(entries.try_append(DirectoryEntry{TRY(String::from(".."_sv)), stat_of(*m_node->parent)}));
        }
        for (Node* child : m_node->children)
            TRY(entries.try_append(DirectoryEntry{TRY(child->name.clone()), stat_of(*child)}));
        return entries;
    }

    ErrorOr<void> remove() override { return Error(status::AccessDenied, kReadOnly); }
    ErrorOr<void> rename(FileSystem&, Span<const String>, bool) override {
        return Error(status::AccessDenied, kReadOnly);
    }
    u32 volume_serial() override { return m_fs->volume_serial(); }
    ErrorOr<void> set_times(const FileTimes&) override { return Error(status::AccessDenied, kReadOnly); }
    ErrorOr<void> set_read_only(bool) override { return Error(status::AccessDenied, kReadOnly); }
    ErrorOr<VolumeSpace> volume_space() override {
        VolumeSpace space;
        u64 cluster = u64(space.bytes_per_sector) * space.sectors_per_cluster;
        space.total_clusters = (m_fs->data_bytes() + cluster - 1) / cluster;
        space.free_clusters = space.available_clusters = 0;
        return space;
    }

private:
    RefPtr<RamdiskFileSystem> m_fs;
    Node* m_node;
};

} // namespace

RamdiskFileSystem::RamdiskFileSystem(u32 volume_serial, u64 default_time)
    : m_volume_serial(volume_serial), m_default_time(default_time) {}

RamdiskFileSystem::~RamdiskFileSystem() {
    for (Node* node : m_nodes)
        destroy(node);
}

ErrorOr<Node*> RamdiskFileSystem::make_node(Node* parent, StringView name, bool is_directory, u64 time) {
    String owned = TRY(String::from(name));
    TRY(m_nodes.ensure_capacity(m_nodes.size() + 1));
    if (parent)
        TRY(parent->children.ensure_capacity(parent->children.size() + 1));
    Node* node = TRY(try_make<Node>());
    node->name = move(owned);
    node->is_directory = is_directory;
    node->time = time;
    node->parent = parent;
    node->id = m_nodes.size() + 1;
    TRY(m_nodes.try_append(node));
    if (parent) {
        // Keep children in listing order as they arrive (insertion into a sorted vector).
        usize at = parent->children.size();
        while (at > 0 && compare_for_listing(name, parent->children[at - 1]->name.view()) < 0)
            --at;
        TRY(parent->children.try_insert(at, node));
    }
    return node;
}

ErrorOr<void> RamdiskFileSystem::add_entry(StringView path, bool is_directory, ReadonlyBytes data, u64 time) {
    // Walk (creating implied directories) to the parent, then add or update the last component.
    Node* directory = m_root;
    Error failure(status::Success);
    StringView last;
    usize components = 0;
    ustar::for_each_component(path, [&](StringView) {
        ++components;
        return true;
    });
    usize index = 0;
    bool ok = ustar::for_each_component(path, [&](StringView component) {
        if (validate_component(component).is_error()) {
            failure = Error(status::InvalidImageFormat, "an archive entry has a name Windows cannot spell");
            return false;
        }
        if (++index == components) {
            last = component;
            return true;
        }
        Node* child = find_child(directory, component);
        if (child && !child->is_directory) {
            failure = Error(status::InvalidImageFormat, "an archive entry lies below a file");
            return false;
        }
        if (!child) {
            auto made = make_node(directory, component, true, m_default_time);
            if (made.is_error()) {
                failure = made.release_error();
                return false;
            }
            child = made.value();
        }
        directory = child;
        return true;
    });
    if (!ok)
        return failure;
    Node* existing = find_child(directory, last);
    if (existing) {
        // A directory may be named again (its own entry after a file inside it implied it).
        if (existing->is_directory && is_directory) {
            existing->time = time;
            return {};
        }
        return Error(status::InvalidImageFormat, "the archive names a file twice (or in two cases)");
    }
    Node* node = TRY(make_node(directory, last, is_directory, time));
    if (!is_directory) {
        node->data = data;
        ++m_file_count;
        m_data_bytes += data.size();
    }
    return {};
}

ErrorOr<RefPtr<RamdiskFileSystem>> RamdiskFileSystem::create(ReadonlyBytes archive, u32 volume_serial,
                                                             u64 default_time) {
    RamdiskFileSystem* raw = TRY(try_make<RamdiskFileSystem>(volume_serial, default_time));
    RefPtr<RamdiskFileSystem> fs(raw);
    fs->m_root = TRY(fs->make_node(nullptr, ""_sv, true, default_time));
    ustar::Reader reader(archive);
    ustar::Entry entry;
    while (TRY(reader.next(entry))) {
        TRY(fs->add_entry(entry.path(), entry.type == ustar::EntryType::Directory, entry.data,
                          filetime_from_unix(entry.modification_time)));
    }
    return fs;
}

ErrorOr<OpenResult> RamdiskFileSystem::open_impl(Span<const String> components, const OpenRequest& request) {
    Node* node = m_root;
    for (usize i = 0; i < components.size(); ++i) {
        if (!node->is_directory)
            return Error(status::ObjectPathNotFound, "a path component is a file");
        Node* child = find_child(node, components[i].view());
        if (!child) {
            if (i + 1 < components.size())
                return Error(status::ObjectPathNotFound, "no such directory on the ramdisk");
            node = nullptr;
            break;
        }
        node = child;
    }
    OpenAction action = TRY(decide_open_action(request, node != nullptr, node && node->is_directory));
    if (action != OpenAction::OpenExisting || wants_write_access(request.desired_access))
        return Error(status::AccessDenied, kReadOnly);
    if (request.options & create_option::DeleteOnClose)
        return Error(status::CannotDelete, "a read-only file cannot be deleted on close");
    u32 access = map_generic_file_access(request.desired_access);
    ShareClaim claim = TRY(m_open_files.claim(FileIdentity{m_volume_serial, node->id}, access, request.share_access));
    RamdiskVnode* vnode = TRY(try_make<RamdiskVnode>(RefPtr<RamdiskFileSystem>(this), node));
    OpenResult result;
    result.node = RefPtr<Vnode>(vnode);
    result.information = create_info::Opened;
    result.claim = move(claim);
    return result;
}

} // namespace halcyon::fs
