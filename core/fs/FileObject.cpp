#include <core/fs/FileObject.h>

namespace halcyon::fs {

ErrorOr<RefPtr<FileObject>> FileObject::create(RefPtr<Vnode> node, const OpenRequest& request,
                                               ShareClaim claim) {
    if (!node)
        return Error(status::InvalidParameter, "a file object needs a node");
    return ob::make_object<FileObject>(move(node), map_generic_file_access(request.desired_access),
                                       request.share_access, request.options, move(claim));
}

FileObject::FileObject(RefPtr<Vnode> node, u32 granted_access, u32 share_access, u32 options,
                       ShareClaim claim)
    : Object(kType), m_node(move(node)), m_granted_access(granted_access), m_share_access(share_access),
      m_options(options), m_claim(move(claim)) {}

FileObject::~FileObject() {
    // NT applies FILE_DELETE_ON_CLOSE at cleanup, so until now other opens saw no pending delete.
    if ((m_options & create_option::DeleteOnClose) && m_node)
        m_claim.set_delete_pending(m_node);
    (void)m_claim.release();
}

ErrorOr<usize> FileObject::read(Bytes buffer, u64 offset) {
    if (!(m_granted_access & file_access::ReadData))
        return Error(status::AccessDenied, "handle lacks FILE_READ_DATA");
    if (offset == kUseFilePointerPosition || offset == kWriteToEndOfFile) {
        if (!is_synchronous() || offset == kWriteToEndOfFile)
            return Error(status::InvalidParameter, "asynchronous I/O needs a byte offset");
        offset = position();
    }
    TRY(m_claim.check_io(offset, buffer.size(), false));
    usize count = TRY(m_node->read(offset, buffer));
    if (count == 0 && buffer.size() != 0)
        return Error(status::EndOfFile, "read at or past the end of the file");
    if (is_synchronous())
        set_position(offset + count);
    return count;
}

ErrorOr<usize> FileObject::write(ReadonlyBytes data, u64 offset) {
    bool can_write = m_granted_access & file_access::WriteData;
    bool can_append = m_granted_access & file_access::AppendData;
    if (!can_write && !can_append)
        return Error(status::AccessDenied, "handle lacks FILE_WRITE_DATA");
    if (offset == kUseFilePointerPosition) {
        if (!is_synchronous())
            return Error(status::InvalidParameter, "asynchronous I/O needs a byte offset");
        offset = position();
    }
    // Append-only handles always write at the end, whatever offset they pass.
    if (offset == kWriteToEndOfFile || !can_write)
        offset = TRY(m_node->size());
    u64 end;
    if (!checked_add<u64>(offset, data.size(), end))
        return Error(status::InvalidParameter, "write would pass the largest file offset");
    TRY(m_claim.check_io(offset, data.size(), true));
    usize count = TRY(m_node->write(offset, data));
    if (is_synchronous())
        set_position(offset + count);
    return count;
}

ErrorOr<void> FileObject::lock_range(u64 offset, u64 length, bool exclusive) {
    if (!(m_granted_access & (file_access::ReadData | file_access::WriteData)))
        return Error(status::AccessDenied, "locking needs read or write access");
    return m_claim.lock_range(offset, length, exclusive);
}

ErrorOr<void> FileObject::set_size(u64 size) {
    if (!(m_granted_access & file_access::WriteData))
        return Error(status::AccessDenied, "handle lacks FILE_WRITE_DATA");
    return m_node->set_size(size);
}

ErrorOr<void> FileObject::flush() {
    if (!(m_granted_access & (file_access::WriteData | file_access::AppendData)))
        return Error(status::AccessDenied, "handle lacks write access");
    return m_node->flush();
}

ErrorOr<void> FileObject::set_delete_on_close(bool delete_on_close) {
    if (!(m_granted_access & file_access::Delete))
        return Error(status::AccessDenied, "handle lacks DELETE access");
    if (!delete_on_close) {
        m_claim.set_delete_pending(nullptr);
        return {};
    }
    TRY(m_node->check_deletable());
    m_claim.set_delete_pending(m_node);
    return {};
}

ErrorOr<const DirectoryEntry*> FileObject::current_directory_entry(bool restart_scan) {
    if (!m_node->is_directory())
        return Error(status::NotADirectory, "enumerating a file");
    if (!(m_granted_access & file_access::ListDirectory))
        return Error(status::AccessDenied, "handle lacks FILE_LIST_DIRECTORY");
    if (restart_scan || !m_has_directory_snapshot) {
        m_directory_snapshot = TRY(m_node->list_directory());
        m_directory_cursor = 0;
        m_has_directory_snapshot = true;
    }
    if (m_directory_cursor >= m_directory_snapshot.size())
        return Error(status::NoMoreFiles, "end of directory");
    return &m_directory_snapshot[m_directory_cursor];
}

} // namespace halcyon::fs
