#pragma once

// A writable file system held entirely in kernel memory: the bare-metal D:, where programs create,
// write, rename and delete files (TEMP points into it). Backend-neutral (no HAL calls; the clock
// is passed in), so the hosted unit tests and the fuzzer exercise the same code the kernel runs.
//
// Files and directories are a tree of reference-counted nodes. An open holds a reference to its
// node, so a file removed from its directory (a delete at the last close, a rename that replaced
// it) frees its data only when nothing uses it any more. Names are matched case-insensitively and
// stored as given, like any Windows volume. Node ids are never reused, so they identify a file in
// the OpenFileTable for as long as it is open, which gives share access and pending deletes the
// same rules as on the other volumes.
//
// The volume has a capacity in bytes: file data is charged in whole 4 KiB clusters, and a write
// or extension that would go past it fails with DiskFull and changes nothing. Every allocation
// goes through kmalloc; one that fails is NoMemory (the caller sees STATUS_NO_MEMORY) with the
// tree unchanged.

#include <core/fs/FileSystem.h>
#include <core/fs/OpenFileTable.h>
#include <core/lib/Spinlock.h>
#include <core/lib/Vector.h>

namespace halcyon::fs {

class MemoryFileSystem final : public FileSystem {
public:
    /// The FILETIME clock that stamps creations and writes.
    using Clock = u64 (*)();

    static constexpr u64 kClusterSize = 4096;

    class Node;

    /// A volume of `capacity_bytes` (rounded down to whole clusters) whose
    /// FileFsVolumeInformation serial is `volume_serial`.
    static ErrorOr<RefPtr<MemoryFileSystem>> create(u64 capacity_bytes, u32 volume_serial, Clock clock);
    ~MemoryFileSystem() override;

    const char* name() const override { return "memory"; }
    u32 volume_serial() const { return m_volume_serial; }
    u64 capacity_bytes() const { return m_capacity; }
    /// Bytes charged for file data (whole clusters).
    u64 used_bytes() const;
    const OpenFileTable& open_files() const { return m_open_files; }

    MemoryFileSystem(u64 capacity_bytes, u32 volume_serial, Clock clock);

protected:
    ErrorOr<OpenResult> open_impl(Span<const String> components, const OpenRequest& request) override;

private:
    friend class MemoryVnode;
    friend class Node;

    /// Where a component list leads: the directory holding the last component (null for the
    /// root) and the node itself (null when the last component does not exist).
    struct Lookup {
        Node* parent{nullptr};
        Node* node{nullptr};
    };
    /// m_lock is held.
    ErrorOr<Lookup> lookup(Span<const String> components);
    /// Charges (positive) or refunds the clusters between two file sizes; DiskFull when the
    /// volume cannot hold the new size. m_lock is held.
    ErrorOr<void> charge(u64 old_size, u64 new_size);
    u64 now() const { return m_clock ? m_clock() : 0; }

    u64 m_capacity;
    u32 m_volume_serial;
    Clock m_clock;
    /// Guards the tree, every node's fields and data, and m_used. Never held while a ShareClaim
    /// is released, since a release may remove a file through a node, which takes it again.
    mutable Spinlock m_lock;
    RefPtr<Node> m_root;
    /// Updated atomically: a node that leaves the tree refunds its clusters when freed, which
    /// may happen outside m_lock.
    u64 m_used{0};
    u64 m_next_id{1};
    OpenFileTable m_open_files;
};

} // namespace halcyon::fs
