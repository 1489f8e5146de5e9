#include <core/fs/OpenRequest.h>

namespace halcyon::fs {

ErrorOr<void> validate_open_request(const OpenRequest& request) {
    if (request.disposition > disposition::Maximum)
        return Error(status::InvalidParameter, "unknown create disposition");
    bool directory = request.options & create_option::DirectoryFile;
    if (directory && (request.options & create_option::NonDirectoryFile))
        return Error(status::InvalidParameter, "FILE_DIRECTORY_FILE with FILE_NON_DIRECTORY_FILE");
    if (directory && request.disposition != disposition::Create && request.disposition != disposition::Open &&
        request.disposition != disposition::OpenIf)
        return Error(status::InvalidParameter, "a directory can only be created or opened");
    if ((request.options & create_option::DeleteOnClose) &&
        !(map_generic_file_access(request.desired_access) & file_access::Delete))
        return Error(status::InvalidParameter, "FILE_DELETE_ON_CLOSE needs DELETE access");
    return {};
}

ErrorOr<OpenAction> decide_open_action(const OpenRequest& request, bool exists, bool is_directory) {
    u32 disposition = request.disposition;
    if (!exists) {
        if (disposition == disposition::Open || disposition == disposition::Overwrite)
            return Error(status::ObjectNameNotFound, "file does not exist");
        return OpenAction::CreateNew;
    }
    if (disposition == disposition::Create)
        return Error(status::ObjectNameCollision, "file already exists");
    if (is_directory) {
        if (request.options & create_option::NonDirectoryFile)
            return Error(status::FileIsADirectory, "target is a directory");
        // Overwriting or superseding a directory is refused; Win32 sees ERROR_ACCESS_DENIED.
        if (disposition != disposition::Open && disposition != disposition::OpenIf)
            return Error(status::FileIsADirectory, "a directory cannot be overwritten");
        return OpenAction::OpenExisting;
    }
    if (request.options & create_option::DirectoryFile)
        return Error(status::NotADirectory, "target is not a directory");
    switch (disposition) {
    case disposition::Supersede:
        return OpenAction::SupersedeExisting;
    case disposition::Overwrite:
    case disposition::OverwriteIf:
        return OpenAction::OverwriteExisting;
    default:
        return OpenAction::OpenExisting;
    }
}

} // namespace halcyon::fs
