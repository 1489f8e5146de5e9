#pragma once

// The kernel's registry: the one key tree under \Registry, its lock, path lookup, the defaults
// every boot provides, and persistence to a hive file on the host (HiveFile.h's format) through
// the HAL's host-file operations.
//
// Persistence: initialize() loads the hive file when one is configured. A missing file means
// "start from the defaults". A file that cannot be read or does not parse is reported on the
// kernel log, renamed to "<file>.corrupt-<n>" (never deleted), and the kernel continues from the
// defaults; when it cannot even be moved aside, this run does not write the file at all, so
// nothing is lost. Writes are atomic: the whole tree goes to a temporary file of this writer's
// own ("<file>.tmp-<n>", created exclusively), is fsync'd and renamed over the file — at
// shutdown and on NtFlushKey, and only when something changed. A hive path that is a directory
// is reported and left alone (the registry stays in memory).
//
// The defaults are re-created at every boot where they are missing (the version keys mirror
// what RtlGetVersion reports, so they must follow the kernel, not a stale file).

#include <core/lib/Spinlock.h>
#include <core/lib/StringView.h>
#include <core/registry/Key.h>

namespace halcyon::registry {

/// Builds the tree: the defaults, merged over the hive file at `hive_path` when it is not empty.
/// Problems with the file are logged, never fatal; only running out of memory fails.
ErrorOr<void> initialize(StringView hive_path);
/// Writes the tree if it changed, then drops it.
void shutdown();

/// Serialises every use of the tree (services hold it for the length of one operation).
Spinlock& lock();
/// The \Registry key. Only valid between initialize and shutdown.
Key& root();
/// The current time as a FILETIME, for last-write times.
u64 now();
/// Records that the tree differs from the file; call after every successful change.
void mark_dirty();
/// Writes the tree to the hive file now if it changed (NtFlushKey). Without a hive file this is
/// a successful no-op, as flushing a volatile hive is on NT.
ErrorOr<void> flush();

/// Resolves `path` (UTF-16, components separated by '\', relative to `base`). The empty path is
/// `base` itself. Missing keys are ObjectNameNotFound; an empty component in the middle is
/// ObjectNameInvalid. Call with lock() held.
ErrorOr<RefPtr<Key>> open_path(Key& base, Span<const u16> path);

struct CreateResult {
    RefPtr<Key> key;
    bool created{false};
};
/// NtCreateKey's rule: every component but the last must exist; the last is opened, or
/// created (volatile or not, with `class_name`, stamped `time`) when missing. Call with lock()
/// held.
ErrorOr<CreateResult> create_path(Key& base, Span<const u16> path, bool is_volatile,
                                  Span<const u16> class_name, u64 time);

/// Creates the default keys and values wherever they are missing (pure: unit tests call it on a
/// tree of their own).
ErrorOr<void> apply_defaults(Key& root, u64 now);

} // namespace halcyon::registry
