#include <core/fs/FileSystem.h>

namespace halcyon::fs {

ErrorOr<void> FileSystem::remove(Span<const String> components) {
    if (components.is_empty())
        return Error(status::AccessDenied, "the root directory cannot be deleted");
    // What DeleteFileW does through NtOpenFile and FileDispositionInformation.
    OpenRequest request;
    request.desired_access = file_access::Delete;
    request.share_access = file_share::Read | file_share::Write | file_share::Delete;
    request.disposition = disposition::Open;
    OpenResult opened = TRY(open(components, request));
    TRY(opened.node->check_deletable());
    opened.claim.set_delete_pending(opened.node);
    return opened.claim.release();
}

} // namespace halcyon::fs
