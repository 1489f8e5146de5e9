#pragma once

// A directory of the host exposed as a Halcyon file system (hosted backend only; see
// hal/host_files.h). Windows names are case-insensitive and host names usually are not, so each
// component is looked up by its exact name first and, failing that, by scanning the parent
// directory for a case-insensitive match (ASCII and Latin-1 folding; when several host names
// match, the byte-wise smallest wins so the choice is stable). New files and directories take the
// name exactly as given.
//
// Permissions map to attributes: a host file with no write bit is FILE_ATTRIBUTE_READONLY, and
// opening it for writing, or deleting it, is AccessDenied whatever the host user may do.
//
// Each open gets its own Vnode, holding a host handle opened for that open's access. What the
// opens of one file share (share access and a pending delete) lives in one OpenFileTable for all
// host-directory mounts, keyed by the host's identity of the file (st_dev, st_ino): every path
// spelling, case variant, hard link or symbolic link that reaches a file finds the same entry,
// and a file replaced under its name by the host is a different file.
//
// FIXME: a directory is used by path, without a host handle to pin its inode: if an open directory
// is removed behind Halcyon's back and the host reuses its inode number for a new file, the two
// would share an entry until the directory's opens close.

#include <core/fs/FileSystem.h>
#include <core/lib/String.h>
#include <core/lib/StringView.h>

namespace halcyon::fs {

class HostDirectoryFileSystem final : public FileSystem {
public:
    /// Mounts the host directory `host_root`; ObjectPathNotFound if it is missing or a file.
    static ErrorOr<RefPtr<HostDirectoryFileSystem>> create(StringView host_root);

    const char* name() const override { return "hostdir"; }
    StringView host_root() const { return m_root.view(); }
    /// The open files of every host-directory mount (for tests and diagnostics).
    static const OpenFileTable& open_files();

    explicit HostDirectoryFileSystem(String root) : m_root(move(root)) {}

protected:
    ErrorOr<OpenResult> open_impl(Span<const String> components, const OpenRequest& request) override;

private:
    /// Host root without a trailing '/'.
    String m_root;
};

} // namespace halcyon::fs
