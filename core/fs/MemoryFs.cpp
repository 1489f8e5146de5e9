#include <core/fs/MemoryFs.h>
#include <core/fs/Path.h>

namespace halcyon::fs {

namespace {

constexpr u64 clusters_for(u64 size) {
    return size / MemoryFileSystem::kClusterSize + (size % MemoryFileSystem::kClusterSize != 0);
}

// The attributes a program may give a new file; the rest are the file system's to set.
constexpr u32 kSettableAttributes =
    file_attribute::ReadOnly | file_attribute::Hidden | file_attribute::System;

} // namespace

class MemoryFileSystem::Node : public RefCounted<Node> {
public:
    Node(MemoryFileSystem& fs, u64 id, bool is_directory) : fs(fs), id(id), is_directory(is_directory) {}
    Node(const Node&) = delete;
    Node& operator=(const Node&) = delete;
    ~Node() {
        // The clusters are the volume's again once nothing can reach the data.
        if (size)
            __atomic_sub_fetch(&fs.m_used, clusters_for(size) * kClusterSize, __ATOMIC_RELAXED);
        if (data)
            kfree(data);
    }

    static void destroy_object(Node* node) { destroy(node); }

    FileStat stat() const {
        FileStat out;
        out.is_directory = is_directory;
        out.attributes = attributes ? attributes : file_attribute::Normal;
        out.size = size;
        out.allocation_size = clusters_for(size) * kClusterSize;
        out.creation_time = creation_time;
        out.last_access_time = last_access_time;
        out.last_write_time = last_write_time;
        out.change_time = change_time;
        out.file_id = id;
        return out;
    }

    /// Index of `child` among the children, or children.size().
    usize index_of(const Node* child) const {
        for (usize i = 0; i < children.size(); ++i) {
            if (children[i].get() == child)
                return i;
        }
        return children.size();
    }

    /// Where a child called `name` goes in listing order.
    usize insertion_point(StringView child_name) const {
        usize at = children.size();
        while (at > 0 && compare_for_listing(child_name, children[at - 1]->name.view()) < 0)
            --at;
        return at;
    }

    Node* find_child(StringView child_name) const {
        for (auto& child : children) {
            if (names_equal_ignoring_case(child->name.view(), child_name))
                return child.get();
        }
        return nullptr;
    }

    /// Grows the data buffer to hold at least `wanted` bytes, keeping the contents.
    ErrorOr<void> reserve(u64 wanted) {
        if (wanted <= data_capacity)
            return {};
        // Grow by half again so appends are amortised, but fall back to the exact size when the
        // heap cannot give the larger block.
        u64 generous = data_capacity + data_capacity / 2;
        u64 sizes[2] = {generous > wanted ? generous : wanted, wanted};
        for (u64 candidate : sizes) {
            if (candidate != static_cast<usize>(candidate))
                continue;
            auto* grown = static_cast<u8*>(kmalloc(static_cast<usize>(candidate)));
            if (!grown)
                continue;
            if (size)
                copy_bytes(grown, data, static_cast<usize>(size));
            if (data)
                kfree(data);
            data = grown;
            data_capacity = candidate;
            return {};
        }
        return Error(status::NoMemory, "the kernel heap cannot hold the file's data");
    }

    MemoryFileSystem& fs;
    const u64 id;
    const bool is_directory;
    String name;
    /// The directory holding this node; null for the root and for a node no longer in the tree.
    Node* parent{nullptr};
    u32 attributes{0};
    u64 creation_time{0};
    u64 last_access_time{0};
    u64 last_write_time{0};
    u64 change_time{0};
    /// Sorted in listing order.
    Vector<RefPtr<Node>> children;
    u8* data{nullptr};
    u64 size{0};
    u64 data_capacity{0};
};

using Node = MemoryFileSystem::Node;

// One open of a node. It keeps the node (and through it the volume) alive while open, even once
// the node has left the tree.
class MemoryVnode final : public Vnode {
public:
    MemoryVnode(RefPtr<MemoryFileSystem> fs, RefPtr<Node> node) : m_fs(move(fs)), m_node(move(node)) {}

    /// Gives an open made before its node was known (MemoryFileSystem::open_impl) its node.
    void attach(RefPtr<Node> node) { m_node = move(node); }

    bool is_directory() const override { return m_node->is_directory; }

    ErrorOr<usize> read(u64 offset, Bytes buffer) override {
        LockGuard guard(m_fs->m_lock);
        if (m_node->is_directory)
            return Error(status::FileIsADirectory, "read of a directory");
        if (offset >= m_node->size)
            return usize(0);
        usize count = static_cast<usize>(min<u64>(buffer.size(), m_node->size - offset));
        copy_bytes(buffer.data(), m_node->data + offset, count);
        return count;
    }

    ErrorOr<usize> write(u64 offset, ReadonlyBytes data) override {
        LockGuard guard(m_fs->m_lock);
        if (m_node->is_directory)
            return Error(status::FileIsADirectory, "write to a directory");
        if (data.size() == 0)
            return usize(0);
        if (offset > m_fs->m_capacity || data.size() > m_fs->m_capacity - offset)
            return Error(status::DiskFull, "the write would go past the volume's capacity");
        u64 end = offset + data.size();
        TRY(resize_locked(end > m_node->size ? end : m_node->size));
        copy_bytes(m_node->data + offset, data.data(), data.size());
        touch_locked();
        return data.size();
    }

    ErrorOr<void> set_size(u64 new_size) override {
        LockGuard guard(m_fs->m_lock);
        if (m_node->is_directory)
            return Error(status::FileIsADirectory, "setting the size of a directory");
        if (new_size > m_fs->m_capacity)
            return Error(status::DiskFull, "the size is past the volume's capacity");
        TRY(resize_locked(new_size));
        touch_locked();
        return {};
    }

    ErrorOr<FileStat> stat() override {
        LockGuard guard(m_fs->m_lock);
        return m_node->stat();
    }

    // Memory is the stable storage here.
    ErrorOr<void> flush() override { return {}; }

    ErrorOr<Vector<DirectoryEntry>> list_directory() override {
        LockGuard guard(m_fs->m_lock);
        if (!m_node->is_directory)
            return Error(status::NotADirectory, "listing a file");
        Vector<DirectoryEntry> entries;
        TRY(entries.ensure_capacity(m_node->children.size() + 2));
        if (m_node.get() != m_fs->m_root.get()) {
            // A directory removed while open lists its (empty) self as its parent too.
            const Node& parent = m_node->parent ? *m_node->parent : *m_node;
            TRY(entries.try_append(DirectoryEntry{TRY(String::from("."_sv)), m_node->stat()}));
            TRY(entries.try_append(DirectoryEntry{TRY(String::from(".."_sv)), parent.stat()}));
        }
        for (auto& child : m_node->children)
            TRY(entries.try_append(DirectoryEntry{TRY(child->name.clone()), child->stat()}));
        return entries;
    }

    ErrorOr<void> remove() override {
        LockGuard guard(m_fs->m_lock);
        if (m_node.get() == m_fs->m_root.get())
            return Error(status::AccessDenied, "the root directory cannot be deleted");
        Node* parent = m_node->parent;
        // Already gone: replaced by a rename while this open kept it.
        if (!parent)
            return {};
        if (m_node->is_directory && !m_node->children.is_empty())
            return Error(status::DirectoryNotEmpty, "directory is not empty");
        if (!m_node->is_directory && (m_node->attributes & file_attribute::ReadOnly))
            return Error(status::AccessDenied, "cannot delete a read-only file");
        unlink_locked(*m_node);
        parent->last_write_time = parent->change_time = m_fs->now();
        return {};
    }

    ErrorOr<void> rename(FileSystem& target, Span<const String> components, bool replace_existing) override;

    u32 volume_serial() override { return m_fs->volume_serial(); }

    ErrorOr<void> set_times(const FileTimes& times) override {
        LockGuard guard(m_fs->m_lock);
        if (times.creation_time)
            m_node->creation_time = times.creation_time;
        if (times.last_access_time)
            m_node->last_access_time = times.last_access_time;
        if (times.last_write_time)
            m_node->last_write_time = times.last_write_time;
        m_node->change_time = times.change_time ? times.change_time : m_fs->now();
        return {};
    }

    ErrorOr<void> set_read_only(bool read_only) override {
        LockGuard guard(m_fs->m_lock);
        // NTFS keeps the bit on a directory too (where it only refuses deletion).
        if (read_only)
            m_node->attributes |= file_attribute::ReadOnly;
        else
            m_node->attributes &= ~file_attribute::ReadOnly;
        m_node->change_time = m_fs->now();
        return {};
    }

    ErrorOr<VolumeSpace> volume_space() override {
        VolumeSpace space;
        space.bytes_per_sector = 512;
        space.sectors_per_cluster = static_cast<u32>(MemoryFileSystem::kClusterSize / 512);
        space.total_clusters = m_fs->m_capacity / MemoryFileSystem::kClusterSize;
        u64 used_clusters = m_fs->used_bytes() / MemoryFileSystem::kClusterSize;
        space.free_clusters = space.total_clusters > used_clusters ? space.total_clusters - used_clusters : 0;
        space.available_clusters = space.free_clusters;
        return space;
    }

    static void unlink_locked(Node& node) {
        Node* parent = node.parent;
        usize index = parent->index_of(&node);
        node.parent = nullptr;
        // The open that removes a node holds a reference, so dropping the tree's one here never
        // frees it under the lock's caller's feet; a node nobody has open is freed now.
        parent->children.remove(index);
    }

private:
    // Changes the file's size, charging or refunding clusters; nothing changes on failure.
    ErrorOr<void> resize_locked(u64 new_size) {
        Node& node = *m_node;
        if (new_size == node.size)
            return {};
        TRY(m_fs->charge(node.size, new_size));
        if (new_size > node.size) {
            if (auto reserved = node.reserve(new_size); reserved.is_error()) {
                (void)m_fs->charge(new_size, node.size);
                return reserved.release_error();
            }
            fill_bytes(node.data + node.size, 0, static_cast<usize>(new_size - node.size));
        } else if (new_size == 0) {
            kfree(node.data);
            node.data = nullptr;
            node.data_capacity = 0;
        } else if (new_size < node.data_capacity / 4) {
            // Give most of a much larger buffer back to the heap; if the smaller block cannot be
            // had, the file keeps the larger one, which is still correct.
            if (auto* smaller = static_cast<u8*>(kmalloc(static_cast<usize>(new_size)))) {
                copy_bytes(smaller, node.data, static_cast<usize>(new_size));
                kfree(node.data);
                node.data = smaller;
                node.data_capacity = new_size;
            }
        }
        node.size = new_size;
        return {};
    }

    void touch_locked() {
        u64 now = m_fs->now();
        m_node->last_write_time = m_node->change_time = now;
        m_node->attributes |= file_attribute::Archive;
    }

    // Declared first so the node (whose destructor refunds the volume) goes first.
    RefPtr<MemoryFileSystem> m_fs;
    RefPtr<Node> m_node;
};

ErrorOr<void> MemoryVnode::rename(FileSystem& target, Span<const String> components, bool replace_existing) {
    if (&target != static_cast<FileSystem*>(m_fs.get()))
        return Error(status::NotSameDevice, "rename to another file system");
    if (components.is_empty())
        return Error(status::ObjectNameInvalid, "rename to a root directory");
    StringView last = components[components.size() - 1].view();
    TRY(validate_component(last));
    String new_name = TRY(String::from(last));

    LockGuard guard(m_fs->m_lock);
    Node& node = *m_node;
    if (&node == m_fs->m_root.get())
        return Error(status::AccessDenied, "the root directory cannot be renamed");
    if (!node.parent)
        return Error(status::ObjectNameNotFound, "the file is no longer in any directory");
    MemoryFileSystem::Lookup found = TRY(m_fs->lookup(components));
    Node* new_parent = found.parent;
    Node* destination = found.node;
    // A directory cannot move below itself.
    for (Node* up = new_parent; up; up = up->parent) {
        if (up == &node)
            return Error(status::InvalidParameter, "a directory cannot be moved into itself");
    }
    if (destination && destination != &node) {
        if (!replace_existing)
            return Error(status::ObjectNameCollision, "the target exists");
        if (destination->is_directory)
            return Error(status::AccessDenied, "a directory cannot be replaced");
        if (destination->attributes & file_attribute::ReadOnly)
            return Error(status::AccessDenied, "a read-only file cannot be replaced");
        // NT refuses to replace a file that is open: an open that does not share delete access
        // with this probe, or any open of data, makes the claim fail.
        auto probe = m_fs->m_open_files.claim(FileIdentity{m_fs->m_volume_serial, destination->id},
                                              file_access::Delete, 0);
        if (probe.is_error() && probe.error().status() == status::NoMemory)
            return probe.release_error();
        if (probe.is_error())
            return Error(status::AccessDenied, "the file to be replaced is open");
        // The probe was the only claim and the file is not marked, so releasing it removes
        // nothing (and so never re-enters this lock).
        (void)probe.value().release();
    }
    TRY(new_parent->children.ensure_capacity(new_parent->children.size() + 1));

    // Nothing below can fail.
    // FIXME: NT refuses to rename a directory while a file below it is open; this allows it
    // (the open files keep working, under the new path).
    if (destination && destination != &node)
        unlink_locked(*destination);
    RefPtr<Node> keep(&node);
    Node* old_parent = node.parent;
    old_parent->children.remove(old_parent->index_of(&node));
    node.name = move(new_name);
    node.parent = new_parent;
    // Cannot fail: the capacity was reserved above.
    (void)new_parent->children.try_insert(new_parent->insertion_point(node.name.view()), move(keep));
    u64 now = m_fs->now();
    node.change_time = now;
    old_parent->last_write_time = old_parent->change_time = now;
    new_parent->last_write_time = new_parent->change_time = now;
    return {};
}

MemoryFileSystem::MemoryFileSystem(u64 capacity_bytes, u32 volume_serial, Clock clock)
    : m_capacity(capacity_bytes / kClusterSize * kClusterSize), m_volume_serial(volume_serial),
      m_clock(clock) {}

MemoryFileSystem::~MemoryFileSystem() {
    // Tear the tree down leaf by leaf rather than by recursive destructors, which a deep tree
    // would turn into a deep kernel stack.
    while (m_root && !m_root->children.is_empty()) {
        Node* directory = m_root.get();
        while (!directory->children.last()->children.is_empty())
            directory = directory->children.last().get();
        directory->children.last()->parent = nullptr;
        (void)directory->children.take_last();
    }
    m_root = nullptr;
}

ErrorOr<RefPtr<MemoryFileSystem>> MemoryFileSystem::create(u64 capacity_bytes, u32 volume_serial,
                                                           Clock clock) {
    MemoryFileSystem* raw = TRY(try_make<MemoryFileSystem>(capacity_bytes, volume_serial, clock));
    RefPtr<MemoryFileSystem> fs(raw);
    Node* root = TRY(try_make<Node>(*fs, fs->m_next_id++, true));
    fs->m_root = RefPtr<Node>(root);
    root->attributes = file_attribute::Directory;
    root->creation_time = root->last_access_time = root->last_write_time = root->change_time = fs->now();
    return fs;
}

u64 MemoryFileSystem::used_bytes() const {
    return __atomic_load_n(&m_used, __ATOMIC_RELAXED);
}

ErrorOr<void> MemoryFileSystem::charge(u64 old_size, u64 new_size) {
    u64 old_bytes = clusters_for(old_size) * kClusterSize;
    u64 new_bytes = clusters_for(new_size) * kClusterSize;
    if (new_bytes <= old_bytes) {
        __atomic_sub_fetch(&m_used, old_bytes - new_bytes, __ATOMIC_RELAXED);
        return {};
    }
    u64 more = new_bytes - old_bytes;
    u64 used = __atomic_load_n(&m_used, __ATOMIC_RELAXED);
    do {
        if (more > m_capacity || used > m_capacity - more)
            return Error(status::DiskFull, "the volume is full");
    } while (
        !__atomic_compare_exchange_n(&m_used, &used, used + more, true, __ATOMIC_RELAXED, __ATOMIC_RELAXED));
    return {};
}

ErrorOr<MemoryFileSystem::Lookup> MemoryFileSystem::lookup(Span<const String> components) {
    Lookup result;
    result.node = m_root.get();
    for (usize i = 0; i < components.size(); ++i) {
        Node* directory = result.node;
        if (!directory || !directory->is_directory)
            return Error(status::ObjectPathNotFound, "a directory on the path does not exist");
        result.parent = directory;
        result.node = directory->find_child(components[i].view());
    }
    return result;
}

ErrorOr<OpenResult> MemoryFileSystem::open_impl(Span<const String> components, const OpenRequest& request) {
    for (auto& component : components)
        TRY(validate_component(component.view()));
    u32 access = map_generic_file_access(request.desired_access);
    // Allocated first, so that no allocation fails once a file has been created or truncated.
    MemoryVnode* vnode = TRY(try_make<MemoryVnode>(RefPtr<MemoryFileSystem>(this), RefPtr<Node>()));
    RefPtr<Vnode> vnode_ref(vnode);
    // Declared before the lock is taken so that, on a failure after the claim, the claim is
    // released after the lock is (a release may remove a file, which takes the lock).
    ShareClaim claim;
    RefPtr<Node> opened;
    u32 information = create_info::Opened;
    {
        LockGuard guard(m_lock);
        Lookup found = TRY(lookup(components));
        Node* existing = found.node;
        OpenAction action =
            TRY(decide_open_action(request, existing != nullptr, existing && existing->is_directory));
        if (action == OpenAction::CreateNew) {
            bool directory = request.options & create_option::DirectoryFile;
            String name = TRY(String::from(components[components.size() - 1].view()));
            Node* raw = TRY(try_make<Node>(*this, m_next_id, directory));
            RefPtr<Node> node(raw);
            ++m_next_id;
            node->name = move(name);
            node->attributes =
                directory ? file_attribute::Directory
                          : (request.file_attributes & kSettableAttributes) | file_attribute::Archive;
            node->creation_time = node->last_access_time = node->last_write_time = node->change_time = now();
            Node* parent = found.parent;
            TRY(parent->children.ensure_capacity(parent->children.size() + 1));
            claim = TRY(
                m_open_files.claim(FileIdentity{m_volume_serial, node->id}, access, request.share_access));
            node->parent = parent;
            // Cannot fail: the capacity was reserved above.
            (void)parent->children.try_insert(parent->insertion_point(node->name.view()), node);
            parent->last_write_time = parent->change_time = node->creation_time;
            opened = move(node);
            information = create_info::Created;
        } else {
            bool replaces_data =
                action == OpenAction::OverwriteExisting || action == OpenAction::SupersedeExisting;
            bool read_only = existing->attributes & file_attribute::ReadOnly;
            if (read_only && !existing->is_directory && (wants_write_access(access) || replaces_data))
                return Error(status::AccessDenied, "file is read-only");
            if (read_only && (request.options & create_option::DeleteOnClose))
                return Error(status::CannotDelete, "a read-only file cannot be deleted on close");
            claim = TRY(m_open_files.claim(FileIdentity{m_volume_serial, existing->id},
                                           access | implied_share_access(action), request.share_access));
            if (replaces_data) {
                TRY(charge(existing->size, 0));
                if (existing->data)
                    kfree(existing->data);
                existing->data = nullptr;
                existing->data_capacity = 0;
                existing->size = 0;
                // An overwrite replaces the attributes with those asked for, as NT does.
                existing->attributes =
                    (request.file_attributes & kSettableAttributes) | file_attribute::Archive;
                existing->last_write_time = existing->change_time = now();
                claim.narrow_access(access);
            }
            opened = RefPtr<Node>(existing);
            information = create_info_for(action);
        }
    }
    vnode->attach(move(opened));
    OpenResult result;
    result.node = move(vnode_ref);
    result.information = information;
    result.claim = move(claim);
    return result;
}

} // namespace halcyon::fs
