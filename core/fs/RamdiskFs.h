#pragma once

// A read-only file system over a ustar archive in memory (core/fs/Ustar.h): the bare-metal C:,
// built from the system image the loader passes as an initial ramdisk. Backend-neutral (no HAL
// calls), so the hosted tests exercise it too.
//
// The archive is parsed once, into a tree of nodes whose file data point into the archive's
// bytes: those must outlive the file system (the kernel never frees the ramdisk). Directories
// the archive implies (a file "a/b/c" with no entry for "a/b") are created; names are matched
// case-insensitively like any Windows volume, and an archive holding two entries that differ
// only in case, a name Windows could not spell, or a file where a directory is also named, is
// refused as InvalidImageFormat.
//
// Everything is read-only: files and directories carry FILE_ATTRIBUTE_READONLY; creating,
// overwriting, opening for write, deleting or changing anything is AccessDenied (a delete-on-close
// open is CannotDelete, as for any read-only file). Share access between opens is enforced as
// on any volume (one OpenFileTable per ramdisk).

#include <core/fs/FileSystem.h>
#include <core/fs/OpenFileTable.h>
#include <core/lib/Span.h>
#include <core/lib/Vector.h>

namespace halcyon::fs {

class RamdiskFileSystem final : public FileSystem {
public:
    struct Node {
        String name; ///< As stored (case preserved); empty for the root.
        bool is_directory{false};
        ReadonlyBytes data;
        u64 time{0}; ///< FILETIME.
        u64 id{0};   ///< 1-based, stable: the FileInternalInformation index.
        Node* parent{nullptr};
        Vector<Node*> children; ///< Sorted for listing (case-folded) once the archive is read.
    };

    /// Parses `archive`; `volume_serial` is what FileFsVolumeInformation reports and
    /// `default_time` (FILETIME) is given to directories the archive only implies.
    static ErrorOr<RefPtr<RamdiskFileSystem>> create(ReadonlyBytes archive, u32 volume_serial, u64 default_time);
    ~RamdiskFileSystem() override;

    const char* name() const override { return "ramdisk"; }
    u32 volume_serial() const { return m_volume_serial; }
    usize file_count() const { return m_file_count; }
    usize directory_count() const { return m_nodes.size() - m_file_count; }
    u64 data_bytes() const { return m_data_bytes; }
    const OpenFileTable& open_files() const { return m_open_files; }

    RamdiskFileSystem(u32 volume_serial, u64 default_time);

protected:
    ErrorOr<OpenResult> open_impl(Span<const String> components, const OpenRequest& request) override;

private:
    ErrorOr<void> add_entry(StringView path, bool is_directory, ReadonlyBytes data, u64 time);
    ErrorOr<Node*> make_node(Node* parent, StringView name, bool is_directory, u64 time);

    u32 m_volume_serial;
    u64 m_default_time;
    Node* m_root{nullptr};
    /// Every node, in creation order (node ids index it); the file system owns them.
    Vector<Node*> m_nodes;
    usize m_file_count{0};
    u64 m_data_bytes{0};
    OpenFileTable m_open_files;
};

} // namespace halcyon::fs
