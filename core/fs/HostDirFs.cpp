#include <core/fs/HostDirFs.h>
#include <core/fs/Path.h>
#include <hal/host_files.h>

namespace halcyon::fs {

namespace host = hal::host_files;

namespace {

ErrorOr<String> join_host_path(StringView directory, StringView name) {
    Vector<char> out;
    TRY(out.ensure_capacity(directory.length() + 1 + name.length()));
    for (char c : directory)
        TRY(out.try_append(c));
    TRY(out.try_append('/'));
    for (char c : name)
        TRY(out.try_append(c));
    return String::from(StringView(out.data(), out.size()));
}

/// Byte-wise ordering, used to pick among host names that differ only in case.
bool bytes_less(StringView a, StringView b) {
    usize n = min(a.length(), b.length());
    for (usize i = 0; i < n; ++i) {
        if (a[i] != b[i])
            return static_cast<u8>(a[i]) < static_cast<u8>(b[i]);
    }
    return a.length() < b.length();
}

FileStat file_stat_from_host(const host::HostStat& info) {
    FileStat stat;
    stat.is_directory = info.is_directory;
    if (info.is_directory)
        stat.attributes |= file_attribute::Directory;
    if (!info.is_directory && !(info.mode & 0222))
        stat.attributes |= file_attribute::ReadOnly;
    // A host file has no archive bit to clear; NTFS sets it on every file that is created or
    // written, so regular files report it (as Wine does).
    if (!info.is_directory)
        stat.attributes |= file_attribute::Archive;
    stat.size = info.is_directory ? 0 : info.size;
    // Report whole 4 KiB clusters, as a freshly formatted NTFS volume would.
    stat.allocation_size = info.is_directory ? 0 : align_up<u64>(info.size, 4096);
    stat.creation_time = filetime_from_unix_ns(info.creation_time_ns);
    stat.last_access_time = filetime_from_unix_ns(info.access_time_ns);
    stat.last_write_time = filetime_from_unix_ns(info.modification_time_ns);
    stat.change_time = filetime_from_unix_ns(info.change_time_ns);
    stat.file_id = info.inode;
    return stat;
}

constexpr bool is_read_only(const host::HostStat& info) { return !info.is_directory && !(info.mode & 0222); }

struct Resolution;
ErrorOr<Resolution> resolve(StringView root, Span<const String> components);
ErrorOr<Resolution> resolve_in(StringView directory, StringView name);

class HostVnode final : public Vnode {
public:
    HostVnode(RefPtr<HostDirectoryFileSystem> fs, String host_path, host::HostHandle handle, bool is_directory,
              bool is_root)
        : m_fs(move(fs)), m_host_path(move(host_path)), m_handle(handle), m_is_directory(is_directory),
          m_is_root(is_root) {}
    ~HostVnode() override {
        if (m_handle >= 0)
            (void)host::close(m_handle);
    }

    bool is_directory() const override { return m_is_directory; }

    ErrorOr<usize> read(u64 offset, Bytes buffer) override {
        TRY(require_file());
        return host::pread(m_handle, buffer, offset);
    }

    ErrorOr<usize> write(u64 offset, ReadonlyBytes data) override {
        TRY(require_file());
        return host::pwrite(m_handle, data, offset);
    }

    ErrorOr<void> set_size(u64 size) override {
        TRY(require_file());
        return host::ftruncate(m_handle, size);
    }

    ErrorOr<FileStat> stat() override {
        host::HostStat info = m_handle >= 0 ? TRY(host::fstat(m_handle)) : TRY(host::stat(m_host_path.view()));
        return file_stat_from_host(info);
    }

    ErrorOr<void> flush() override {
        if (m_handle < 0)
            return {};
        return host::fsync(m_handle);
    }

    ErrorOr<Vector<DirectoryEntry>> list_directory() override;
    ErrorOr<void> rename(FileSystem& target, Span<const String> components, bool replace_existing) override;

    ErrorOr<void> set_times(const FileTimes& times) override {
        // A host file has an access and a modification time only: its creation time is reported
        // from the modification time and its change time is the host's. Windows lets a program
        // set them; they are accepted here and not stored.
        // FIXME: keep creation times in an extended attribute (user.halcyon.btime) to honour them.
        i64 access = times.last_access_time ? unix_ns_from_filetime(times.last_access_time) : host::kKeepTime;
        i64 write = times.last_write_time ? unix_ns_from_filetime(times.last_write_time) : host::kKeepTime;
        if (access == host::kKeepTime && write == host::kKeepTime)
            return {};
        return host::set_times(m_handle, m_host_path.view(), access, write);
    }

    ErrorOr<void> set_read_only(bool read_only) override {
        if (m_is_directory) {
            // NTFS stores the bit on a directory without effect; the host needs its write bit to
            // create entries, so the attribute is accepted and not stored.
            return {};
        }
        host::HostStat info = m_handle >= 0 ? TRY(host::fstat(m_handle)) : TRY(host::stat(m_host_path.view()));
        u32 mode = read_only ? (info.mode & ~0222u) : (info.mode | 0200u);
        if (mode == info.mode)
            return {};
        return host::set_mode(m_host_path.view(), mode);
    }

    ErrorOr<VolumeSpace> volume_space() override {
        host::HostVolumeSpace space = TRY(host::volume_space(m_host_path.view()));
        // Present the host's blocks as clusters of 512-byte sectors, as NTFS reports 4 KiB
        // clusters of 8 sectors.
        VolumeSpace out;
        u64 block = space.block_size < 512 ? 512 : space.block_size;
        out.bytes_per_sector = 512;
        out.sectors_per_cluster = static_cast<u32>(block / 512);
        out.total_clusters = space.total_blocks * space.block_size / block;
        out.free_clusters = space.free_blocks * space.block_size / block;
        out.available_clusters = space.available_blocks * space.block_size / block;
        return out;
    }

    u32 volume_serial() override {
        // Stable across runs and distinct per host file system: a hash of the host device.
        auto info = identity();
        if (info.is_error())
            return 0;
        u64 device = info.value().volume;
        u32 hash = 2166136261u;
        for (int i = 0; i < 8; ++i) {
            hash ^= static_cast<u8>(device >> (8 * i));
            hash *= 16777619u;
        }
        return hash;
    }

    /// The host's identity of the open file: by handle, so it names the file actually opened
    /// even if the path has changed since it was resolved; directories, which have no handle,
    /// by path.
    ErrorOr<FileIdentity> identity() const {
        host::HostStat info =
            m_handle >= 0 ? TRY(host::fstat(m_handle)) : TRY(host::stat(m_host_path.view()));
        return FileIdentity{info.device, info.inode};
    }

    ErrorOr<void> remove() override {
        if (m_is_root)
            return Error(status::AccessDenied, "the root directory cannot be deleted");
        if (m_is_directory)
            return host::rmdir(m_host_path.view());
        host::HostStat info = TRY(host::stat(m_host_path.view()));
        if (is_read_only(info))
            return Error(status::AccessDenied, "cannot delete a read-only file");
        return host::unlink(m_host_path.view());
    }

private:
    ErrorOr<void> require_file() const {
        if (m_is_directory)
            return Error(status::FileIsADirectory, "data I/O on a directory");
        return {};
    }

    /// Keeps the mount alive while the node is open; renames stay within it.
    RefPtr<HostDirectoryFileSystem> m_fs;
    String m_host_path;
    /// -1 for directories, which are used by path.
    host::HostHandle m_handle;
    bool m_is_directory;
    bool m_is_root;
};

struct ListContext {
    Vector<String>* names{nullptr};
    Error error{status::Success};
};

bool collect_name(void* context, StringView name) {
    auto* list = static_cast<ListContext*>(context);
    // Names Windows could not spell (':' or '\' in them, malformed UTF-8, ...) are hidden.
    if (validate_component(name).is_error())
        return true;
    auto copy = String::from(name);
    if (copy.is_error() || list->names->try_append(copy.release_value()).is_error()) {
        list->error = Error(status::NoMemory, "directory listing exhausted the kernel heap");
        return false;
    }
    return true;
}

ErrorOr<Vector<DirectoryEntry>> HostVnode::list_directory() {
    if (!m_is_directory)
        return Error(status::NotADirectory, "listing a file");
    Vector<String> names;
    ListContext context;
    context.names = &names;
    TRY(host::read_directory(m_host_path.view(), collect_name, &context));
    if (context.error.status() != status::Success)
        return context.error;

    Vector<DirectoryEntry> entries;
    TRY(entries.ensure_capacity(names.size() + 2));
    if (!m_is_root) {
        FileStat self = TRY(stat());
        String dot = TRY(String::from("."_sv));
        String dot_dot = TRY(String::from(".."_sv));
        TRY(entries.try_append(DirectoryEntry{move(dot), self}));
        // The parent's metadata would need another lookup; NTFS reports it, we report ours.
        // FIXME: stat the parent directory for "..".
        TRY(entries.try_append(DirectoryEntry{move(dot_dot), self}));
    }
    usize first_sorted = entries.size();
    for (auto& name : names) {
        String path = TRY(join_host_path(m_host_path.view(), name.view()));
        auto info = host::stat(path.view());
        // An entry that vanished or is a dangling link since readdir is skipped.
        if (info.is_error())
            continue;
        TRY(entries.try_append(DirectoryEntry{move(name), file_stat_from_host(info.value())}));
    }
    // Insertion sort: directories are small, and this keeps the code obvious.
    // FIXME: switch to an O(n log n) sort if listings of large directories show up in profiles.
    for (usize i = first_sorted + 1; i < entries.size(); ++i) {
        for (usize j = i; j > first_sorted && compare_for_listing(entries[j].name.view(), entries[j - 1].name.view()) < 0;
             --j)
            swap(entries[j], entries[j - 1]);
    }
    return entries;
}

struct MatchContext {
    StringView wanted;
    String best;
    bool found{false};
    Error error{status::Success};
};

bool match_name(void* context, StringView name) {
    auto* match = static_cast<MatchContext*>(context);
    if (!names_equal_ignoring_case(name, match->wanted))
        return true;
    if (match->found && !bytes_less(name, match->best.view()))
        return true;
    auto copy = String::from(name);
    if (copy.is_error()) {
        match->error = copy.release_error();
        return false;
    }
    match->best = copy.release_value();
    match->found = true;
    return true;
}

// Where a component list leads on the host.
struct Resolution {
    /// The host path of the target: the existing file when `exists`, else where to create it.
    String host_path;
    bool exists{false};
    host::HostStat info;
};

// Resolves `name` inside the host directory `directory`: exact name first, then a
// case-insensitive scan. Sets `exists` false (and the as-given path) when there is no match.
ErrorOr<Resolution> resolve_in(StringView directory, StringView name) {
    Resolution result;
    result.host_path = TRY(join_host_path(directory, name));
    auto exact = host::stat(result.host_path.view());
    if (!exact.is_error()) {
        result.exists = true;
        result.info = exact.value();
        return result;
    }
    if (exact.error().status() != status::ObjectNameNotFound)
        return exact.release_error();

    MatchContext match;
    match.wanted = name;
    TRY(host::read_directory(directory, match_name, &match));
    if (match.error.status() != status::Success)
        return match.error;
    if (!match.found)
        return result;
    String candidate = TRY(join_host_path(directory, match.best.view()));
    auto info = host::stat(candidate.view());
    if (info.is_error()) {
        // Raced with a removal: treat as absent.
        if (info.error().status() == status::ObjectNameNotFound)
            return result;
        return info.release_error();
    }
    result.host_path = move(candidate);
    result.exists = true;
    result.info = info.value();
    return result;
}

ErrorOr<Resolution> resolve(StringView root, Span<const String> components) {
    Resolution current;
    current.host_path = TRY(String::from(root));
    current.info = TRY(host::stat(root));
    current.exists = true;
    for (usize i = 0; i < components.size(); ++i) {
        // Components come from a parsed WindowsPath; check anyway, since a '/' or ".." here
        // would walk out of the mounted directory.
        TRY(validate_component(components[i].view()));
        bool is_last = i + 1 == components.size();
        Resolution next = TRY(resolve_in(current.host_path.view(), components[i].view()));
        if (!is_last && (!next.exists || !next.info.is_directory))
            return Error(status::ObjectPathNotFound, "a directory on the path does not exist");
        current = move(next);
    }
    return current;
}

ErrorOr<void> HostVnode::rename(FileSystem& target, Span<const String> components, bool replace_existing) {
    if (&target != static_cast<FileSystem*>(m_fs.get()))
        return Error(status::NotSameDevice, "rename to another file system");
    if (m_is_root)
        return Error(status::AccessDenied, "the root directory cannot be renamed");
    if (components.is_empty())
        return Error(status::ObjectNameInvalid, "rename to a root directory");
    Resolution parent = TRY(resolve(m_fs->host_root(), components.slice(0, components.size() - 1)));
    if (!parent.exists || !parent.info.is_directory)
        return Error(status::ObjectPathNotFound, "the target directory does not exist");
    StringView last = components[components.size() - 1].view();
    TRY(validate_component(last));
    Resolution destination = TRY(resolve_in(parent.host_path.view(), last));
    String new_path;
    if (destination.exists) {
        FileIdentity self = TRY(identity());
        bool same_file = destination.info.device == self.volume && destination.info.inode == self.file;
        if (same_file) {
            // Another spelling of this file's own name: take the case as given.
            new_path = TRY(join_host_path(parent.host_path.view(), last));
            replace_existing = true;
        } else if (!replace_existing) {
            return Error(status::ObjectNameCollision, "the target exists");
        } else if (destination.info.is_directory) {
            return Error(status::AccessDenied, "a directory cannot be replaced");
        } else {
            // FIXME: NT refuses (AccessDenied) to replace a file that is open; check the open table.
            new_path = move(destination.host_path);
        }
    } else {
        new_path = move(destination.host_path);
    }
    if (new_path.view() == m_host_path.view())
        return {};
    TRY(host::rename(m_host_path.view(), new_path.view(), replace_existing));
    // FIXME: nodes open below a renamed directory keep their old host paths (files keep working
    // through their host handles; directories, used by path, do not).
    m_host_path = move(new_path);
    return {};
}

u32 host_open_flags_for(u32 access) {
    u32 flags = host::open_flag::Read;
    if (wants_write_access(access))
        flags |= host::open_flag::Write;
    return flags;
}

// Every host-directory mount shares one table: the host's (st_dev, st_ino) names a file whatever
// mount, path spelling, case, hard link or symbolic link reaches it, so drives mounted over
// overlapping host directories still see each other's opens.
OpenFileTable s_host_open_files;

// Wraps a host handle (-1 for a directory) in a node, closing the handle if that fails.
ErrorOr<RefPtr<HostVnode>> make_node(HostDirectoryFileSystem& fs, String host_path, host::HostHandle handle,
                                     bool is_directory, bool is_root) {
    auto node = try_make<HostVnode>(RefPtr<HostDirectoryFileSystem>(&fs), move(host_path), handle, is_directory,
                                    is_root);
    if (node.is_error()) {
        if (handle >= 0)
            (void)host::close(handle);
        return node.release_error();
    }
    return RefPtr<HostVnode>(node.value());
}

// Opens an existing file or directory. The share check comes before anything is truncated, so an
// overwrite refused for sharing loses no data.
ErrorOr<OpenResult> open_existing(HostDirectoryFileSystem& fs, Resolution target, const OpenRequest& request,
                                  OpenAction action, bool is_root) {
    u32 access = map_generic_file_access(request.desired_access);
    bool replaces_data = action == OpenAction::OverwriteExisting || action == OpenAction::SupersedeExisting;
    bool directory = target.info.is_directory;
    host::HostHandle handle = -1;
    if (!directory) {
        u32 flags = host_open_flags_for(access) | (replaces_data ? host::open_flag::Write : 0);
        handle = TRY(host::open(target.host_path.view(), flags, 0));
    }
    RefPtr<HostVnode> node = TRY(make_node(fs, move(target.host_path), handle, directory, is_root));
    FileIdentity identity = TRY(node->identity());
    ShareClaim claim =
        TRY(s_host_open_files.claim(identity, access | implied_share_access(action), request.share_access));
    if (replaces_data) {
        // FIXME: supersede should also replace the attributes and streams; truncating is all a
        // host directory can express.
        TRY(node->set_size(0));
        claim.narrow_access(access);
    }
    return OpenResult{move(node), create_info_for(action), move(claim)};
}

// Creates a file or directory that did not exist, then claims it. Only a concurrent create of the
// same name can have opened it in between; if that open refuses sharing, this one fails and the
// file is left to it.
ErrorOr<OpenResult> create_new(HostDirectoryFileSystem& fs, Resolution target, const OpenRequest& request) {
    u32 access = map_generic_file_access(request.desired_access);
    bool directory = request.options & create_option::DirectoryFile;
    host::HostHandle handle = -1;
    if (directory) {
        TRY(host::mkdir(target.host_path.view(), 0777));
    } else {
        u32 mode = (request.file_attributes & file_attribute::ReadOnly) ? 0444 : 0666;
        u32 flags = host_open_flags_for(access) | host::open_flag::Create | host::open_flag::Exclusive;
        handle = TRY(host::open(target.host_path.view(), flags, mode));
    }
    RefPtr<HostVnode> node = TRY(make_node(fs, move(target.host_path), handle, directory, false));
    FileIdentity identity = TRY(node->identity());
    ShareClaim claim = TRY(s_host_open_files.claim(identity, access, request.share_access));
    return OpenResult{move(node), create_info::Created, move(claim)};
}

} // namespace

ErrorOr<RefPtr<HostDirectoryFileSystem>> HostDirectoryFileSystem::create(StringView host_root) {
    // Strip trailing slashes so joined paths have exactly one separator (but keep "/" itself).
    usize length = host_root.length();
    while (length > 1 && host_root[length - 1] == '/')
        --length;
    StringView root = host_root.substring(0, length);
    if (root.is_empty())
        return Error(status::ObjectPathNotFound, "empty host root");
    auto info = host::stat(root);
    if (info.is_error() || !info.value().is_directory)
        return Error(status::ObjectPathNotFound, "host root is not a directory");
    String owned = TRY(String::from(root));
    HostDirectoryFileSystem* fs = TRY(try_make<HostDirectoryFileSystem>(move(owned)));
    return RefPtr<HostDirectoryFileSystem>(fs);
}

const OpenFileTable& HostDirectoryFileSystem::open_files() {
    return s_host_open_files;
}

ErrorOr<OpenResult> HostDirectoryFileSystem::open_impl(Span<const String> components, const OpenRequest& request) {
    Resolution target = TRY(resolve(m_root.view(), components));
    OpenAction action = TRY(decide_open_action(request, target.exists, target.exists && target.info.is_directory));
    if (action == OpenAction::CreateNew)
        return create_new(*this, move(target), request);

    bool wants_write = wants_write_access(request.desired_access) || action == OpenAction::OverwriteExisting ||
                       action == OpenAction::SupersedeExisting;
    if (wants_write && is_read_only(target.info))
        return Error(status::AccessDenied, "file is read-only");
    return open_existing(*this, move(target), request, action, components.is_empty());
}

} // namespace halcyon::fs
