#pragma once

// The object namespace: the tree of names that named kernel objects (events, mutants,
// semaphores, sections, timers) live under, as NT's object manager keeps it.
//
//   \                           the root directory
//   \BaseNamedObjects           where kernelbase puts Win32 object names
//   \BaseNamedObjects\Global    symbolic link to \BaseNamedObjects
//   \BaseNamedObjects\Local     symbolic link to \BaseNamedObjects
//   \BaseNamedObjects\Session   symbolic link to \Sessions
//   \Sessions\1\BaseNamedObjects symbolic link to \BaseNamedObjects
//
// Halcyon has one session, so "Local\", "Global\" and no prefix name the same directory (as they
// do for a session-0 process on Windows).
//
// Named objects are temporary, as NT's are without OBJ_PERMANENT: the directory entry does not
// hold a reference, and the object's destructor removes its name (Object::~Object calls
// forget_name), so a name lives exactly as long as someone holds the object.
//
// Names of objects compare case-sensitively (Win32 object names are case-sensitive) unless the
// caller passes OBJ_CASE_INSENSITIVE; directory and link names always compare without case.
//
// A handle to a directory (NtOpenDirectoryObject) is a DirectoryObject that records the
// directory's path, so names relative to it (OBJECT_ATTRIBUTES.RootDirectory) resolve as the
// joined path. The tree itself is fixed: there is no NtCreateDirectoryObject.
//
// FIXME: case folding is ASCII only; NtQueryDirectoryObject (listing) is not implemented.
// One CPU and no preemption inside the kernel make lookup-then-insert atomic (see Scheduler.h).

#include <core/lib/ErrorOr.h>
#include <core/lib/RefPtr.h>
#include <core/lib/String.h>
#include <core/lib/StringView.h>
#include <core/ob/Object.h>

namespace halcyon::ob {

/// NT's STATUS_OBJECT_NAME_EXISTS: a create that opened an existing object (a success code).
constexpr NtStatus kStatusObjectNameExists = status::ObjectNameExists;

/// The object named `path` (absolute, e.g. "\BaseNamedObjects\name"), with a new reference.
/// ObjectNameNotFound when the leaf does not exist, ObjectPathNotFound when a directory on the
/// way does not, ObjectPathSyntaxBad for a relative path, ObjectNameInvalid for an empty leaf,
/// ObjectTypeMismatch when the object is not of `type` (Any accepts every type).
ErrorOr<RefPtr<Object>> open_named(StringView path, ObjectType type, bool case_insensitive);

/// What insert_named did.
struct NamedInsert {
    /// The object now behind the name: `object` itself, or the one that already had the name.
    RefPtr<Object> object;
    /// True when the name was already taken by an object of the same type (NT then answers
    /// STATUS_OBJECT_NAME_EXISTS under OBJ_OPENIF, STATUS_OBJECT_NAME_COLLISION otherwise).
    bool existed{false};
};

/// Gives `object` (unnamed so far) the name `path`, or finds the object of the same type that
/// already has it. A name held by an object of another type, a directory or a link is
/// ObjectTypeMismatch; path errors are as for open_named.
ErrorOr<NamedInsert> insert_named(StringView path, RefPtr<Object> object, bool case_insensitive);

/// Removes `object`'s name; called by Object's destructor for a named object.
void forget_name(Object& object);

/// The number of named objects in the whole namespace (for tests and fuzzers).
usize named_object_count();

/// What a directory handle refers to: a directory of the namespace, by its absolute path (links
/// on the way already followed).
class DirectoryObject final : public Object {
public:
    static constexpr ObjectType kType = ObjectType::Directory;
    /// The directory at `path` (absolute; "\\" is the root). ObjectNameNotFound /
    /// ObjectPathNotFound when it does not exist, ObjectTypeMismatch when `path` names an object.
    static ErrorOr<RefPtr<DirectoryObject>> open(StringView path);

    StringView path() const { return m_path.view(); }
    /// `relative` (no leading backslash) as an absolute path below this directory.
    ErrorOr<String> join(StringView relative) const;

    explicit DirectoryObject(String path) : Object(kType), m_path(move(path)) {}

private:
    String m_path;
};

/// Types whose objects may share a name lookup: NT has one Section type, Halcyon two classes.
constexpr bool same_named_type(ObjectType a, ObjectType b) {
    auto fold = [](ObjectType t) { return t == ObjectType::DataSection ? ObjectType::Section : t; };
    return fold(a) == fold(b);
}

} // namespace halcyon::ob
