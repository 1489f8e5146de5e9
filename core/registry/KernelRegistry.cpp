// The kernel-wide registry (Registry.h): the tree's lifetime, its lock, and the hive file on the
// host, reached only through the HAL's host-file operations (hal/host_files.h).
//
// FIXME: bare metal has no host files; there the registry will persist through the VFS once a
// disk driver exists, and until then it boots with an empty hive path (in memory only).

#include "core/ke/Kernel.h"
#include "core/registry/HiveFile.h"
#include "core/registry/Registry.h"
#include "hal/host_files.h"

namespace halcyon::registry {

namespace {

/// Hive files beyond this are refused as corrupt rather than read into the kernel heap.
constexpr u64 kMaxHiveFileBytes = 256ull * 1024 * 1024;

Spinlock s_lock;
RefPtr<Key> s_root;
/// The host path of the hive file, or empty when nothing is persisted.
String s_hive_path;
bool s_dirty;
/// False when the file on the host must not be overwritten this run (it could not be read or
/// moved aside).
bool s_may_write;

ErrorOr<String> with_suffix(StringView path, StringView suffix) {
    char buffer[4096];
    if (path.length() + suffix.length() >= sizeof buffer)
        return Error(status::NameTooLong, "the registry file's path is too long");
    copy_bytes(buffer, path.data(), path.length());
    copy_bytes(buffer + path.length(), suffix.data(), suffix.length());
    return String::from(StringView(buffer, path.length() + suffix.length()));
}

ErrorOr<Vector<u8>> read_file(StringView path) {
    namespace hf = hal::host_files;
    hf::HostHandle handle = TRY(hf::open(path, hf::open_flag::Read, 0));
    auto close_on_exit = [&]() { (void)hf::close(handle); };
    auto info = hf::fstat(handle);
    if (info.is_error()) {
        close_on_exit();
        return info.release_error();
    }
    if (info.value().is_directory) {
        close_on_exit();
        return Error(status::FileIsADirectory, "the registry file is a directory");
    }
    if (info.value().size > kMaxHiveFileBytes) {
        close_on_exit();
        return Error(status::RegistryCorrupt, "the registry file is larger than 256 MiB");
    }
    Vector<u8> bytes;
    usize size = static_cast<usize>(info.value().size);
    if (auto grown = bytes.ensure_capacity(size); grown.is_error()) {
        close_on_exit();
        return grown.release_error();
    }
    for (usize i = 0; i < size; ++i)
        (void)bytes.try_append(0); // capacity is reserved: cannot fail
    usize done = 0;
    while (done < size) {
        auto got = hf::pread(handle, Bytes(bytes.data() + done, size - done), done);
        if (got.is_error()) {
            close_on_exit();
            return got.release_error();
        }
        if (got.value() == 0)
            break;
        done += got.value();
    }
    close_on_exit();
    if (done != size)
        return Error(status::RegistryCorrupt, "the registry file shrank while it was read");
    return bytes;
}

/// Renames a bad hive file to "<file>.corrupt-<n>" with the first free n. Returns the new name.
ErrorOr<String> move_aside(StringView path) {
    for (u32 n = 1; n < 1000; ++n) {
        char suffix[24];
        usize length = format_to(suffix, sizeof suffix, ".corrupt-{}", n);
        String target = TRY(with_suffix(path, StringView(suffix, length)));
        auto renamed = hal::host_files::rename(path, target.view(), false);
        if (!renamed.is_error())
            return target;
        if (renamed.error().status() != status::ObjectNameCollision)
            return renamed.release_error();
    }
    return Error(status::ObjectNameCollision, "a thousand moved-aside registry files already exist");
}

/// Loads the hive file into a tree; null when the file is missing (a first boot).
ErrorOr<RefPtr<Key>> load(StringView path) {
    auto bytes = read_file(path);
    if (bytes.is_error()) {
        if (bytes.error().status() == status::ObjectNameNotFound)
            return RefPtr<Key>();
        return bytes.release_error();
    }
    return parse_hive(bytes.value().span());
}

ErrorOr<void> write_file(StringView path, Span<const u8> bytes) {
    namespace hf = hal::host_files;
    // Each writer gets a temporary file of its own (created exclusively), so two kernels flushing
    // the same registry file at once never write into one temporary file; the last rename wins.
    String temporary;
    hf::HostHandle handle = -1;
    u64 seed = hal::Clock::monotonic_ns() ^ hal::Clock::system_time_100ns();
    for (u32 attempt = 0; handle < 0; ++attempt) {
        if (attempt == 100)
            return Error(status::ObjectNameCollision, "no free temporary name beside the registry file");
        char suffix[32];
        usize length = format_to(suffix, sizeof suffix, ".tmp-{}", (seed + attempt) % 1000000000);
        temporary = TRY(with_suffix(path, StringView(suffix, length)));
        auto opened = hf::open(temporary.view(),
                               hf::open_flag::Write | hf::open_flag::Create | hf::open_flag::Exclusive, 0644);
        if (opened.is_error() && opened.error().status() != status::ObjectNameCollision)
            return opened.release_error();
        if (!opened.is_error())
            handle = opened.value();
    }
    auto written = hf::pwrite(handle, ReadonlyBytes(bytes.data(), bytes.size()), 0);
    ErrorOr<void> synced = written.is_error() ? ErrorOr<void>(written.release_error()) : hf::fsync(handle);
    auto closed = hf::close(handle);
    if (synced.is_error() || closed.is_error()) {
        (void)hf::unlink(temporary.view());
        return synced.is_error() ? synced : closed;
    }
    // FIXME: the directory is not fsync'd after the rename, so a host crash right then can
    // still lose the rename (never the old file's contents).
    return hf::rename(temporary.view(), path, true);
}

} // namespace

Spinlock& lock() {
    return s_lock;
}
Key& root() {
    return *s_root;
}
u64 now() {
    return hal::Clock::system_time_100ns();
}
void mark_dirty() {
    s_dirty = true;
}

ErrorOr<void> initialize(StringView hive_path) {
    s_dirty = false;
    s_may_write = !hive_path.is_empty();
    s_hive_path = TRY(String::from(hive_path));
    RefPtr<Key> tree;
    if (!hive_path.is_empty()) {
        auto loaded = load(hive_path);
        if (loaded.is_error() && loaded.error().status() == status::NoMemory)
            return loaded.release_error();
        if (loaded.is_error() && loaded.error().status() == status::FileIsADirectory) {
            s_may_write = false;
            kernel::log("[registry] {} is a directory; the registry stays in memory for this run", hive_path);
        } else if (loaded.is_error()) {
            const char* why = loaded.error().message();
            auto moved = move_aside(hive_path);
            if (moved.is_error()) {
                s_may_write = false;
                kernel::log(
                    "[registry] {} cannot be used ({}) and cannot be moved aside ({}); starting from the "
                    "defaults and leaving the file untouched",
                    hive_path, why, moved.error().status());
            } else {
                kernel::log("[registry] {} cannot be used ({}); moved it to {}; starting from the defaults",
                            hive_path, why, moved.value().view());
            }
        } else {
            tree = loaded.release_value();
        }
    }
    if (!tree)
        tree = TRY(Key::create(Span<const u16>(), false, now()));
    TRY(apply_defaults(*tree, now()));
    s_root = move(tree);
    return {};
}

ErrorOr<void> flush() {
    LockGuard guard(s_lock);
    if (!s_root || !s_dirty || !s_may_write)
        return {};
    Vector<u8> bytes = TRY(serialize_hive(*s_root));
    auto written = write_file(s_hive_path.view(), bytes.span());
    if (written.is_error()) {
        kernel::log("[registry] cannot write {}: {} ({})", s_hive_path.view(), written.error().message(),
                    written.error().status());
        return written;
    }
    s_dirty = false;
    return {};
}

void shutdown() {
    (void)flush();
    LockGuard guard(s_lock);
    s_root = nullptr;
    s_hive_path = String();
    s_dirty = false;
}

} // namespace halcyon::registry
