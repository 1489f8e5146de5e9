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
// FIXME: no vnode cache: two opens of one file get two Vnodes, so delete-on-close and
// sharing modes cannot see each other's opens yet.

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

    explicit HostDirectoryFileSystem(String root) : m_root(move(root)) {}

protected:
    ErrorOr<OpenResult> open_impl(Span<const String> components, const OpenRequest& request) override;
    ErrorOr<void> remove_impl(Span<const String> components) override;

private:
    /// Host root without a trailing '/'.
    String m_root;
};

} // namespace halcyon::fs
