// The object namespace tree and its lookups (Namespace.h).

#include <core/lib/String.h>
#include <core/lib/Vector.h>
#include <core/ob/Namespace.h>

namespace halcyon::ob {

/// A directory of the namespace: named objects (not owned), subdirectories and symbolic links
/// (owned; the tree is built once and never shrinks).
struct NamespaceDirectory {
    struct Entry {
        String name;
        Object* object{nullptr};                 // a named object, or
        NamespaceDirectory* directory{nullptr};  // a subdirectory, or
        String link_target;                      // a symbolic link (absolute path)
        bool is_link{false};
    };
    Vector<Entry> entries;
};

namespace {

NamespaceDirectory* s_root;
usize s_named_objects;

/// Symbolic links may point at links; NT gives up after a fixed number of reparses too.
constexpr u32 kMaxReparse = 32;

ErrorOr<NamespaceDirectory*> add_directory(NamespaceDirectory& parent, StringView name) {
    NamespaceDirectory* child = TRY(try_make<NamespaceDirectory>());
    NamespaceDirectory::Entry entry;
    auto copied = String::from(name);
    if (copied.is_error()) {
        destroy(child);
        return copied.release_error();
    }
    entry.name = copied.release_value();
    entry.directory = child;
    if (auto appended = parent.entries.try_append(move(entry)); appended.is_error()) {
        destroy(child);
        return appended.release_error();
    }
    return child;
}

ErrorOr<void> add_link(NamespaceDirectory& parent, StringView name, StringView target) {
    NamespaceDirectory::Entry entry;
    entry.name = TRY(String::from(name));
    entry.link_target = TRY(String::from(target));
    entry.is_link = true;
    return parent.entries.try_append(move(entry));
}

/// Builds the fixed part of the tree on first use.
ErrorOr<NamespaceDirectory*> root() {
    if (s_root)
        return s_root;
    NamespaceDirectory* tree = TRY(try_make<NamespaceDirectory>());
    // On failure part of the tree stays allocated; the heap is then exhausted anyway.
    NamespaceDirectory* named = TRY(add_directory(*tree, "BaseNamedObjects"));
    TRY(add_link(*named, "Global", "\\BaseNamedObjects"));
    TRY(add_link(*named, "Local", "\\BaseNamedObjects"));
    TRY(add_link(*named, "Session", "\\Sessions"));
    NamespaceDirectory* sessions = TRY(add_directory(*tree, "Sessions"));
    NamespaceDirectory* session = TRY(add_directory(*sessions, "1"));
    TRY(add_link(*session, "BaseNamedObjects", "\\BaseNamedObjects"));
    s_root = tree;
    return s_root;
}

bool names_match(StringView a, StringView b, bool case_insensitive) {
    return case_insensitive ? a.equals_ignoring_case(b) : a == b;
}

/// The entry called `name` in `directory`, or null. Objects match with the caller's case rule;
/// directories and links always ignore case (their NT types are case-insensitive).
NamespaceDirectory::Entry* find(NamespaceDirectory& directory, StringView name, bool case_insensitive) {
    for (auto& entry : directory.entries) {
        bool fold = case_insensitive || !entry.object;
        if (names_match(entry.name.view(), name, fold))
            return &entry;
    }
    return nullptr;
}

/// Where a path leads: the directory that holds (or would hold) its last component, and that
/// component. Links on the way, and a link as the last component, are followed.
struct Resolved {
    NamespaceDirectory* directory;
    StringView leaf;
    /// Storage for the rewritten path after a link was followed.
    String rewritten;
};

ErrorOr<void> resolve(StringView path, bool case_insensitive, Resolved& out) {
    if (path.is_empty() || path[0] != '\\')
        return Error(status::ObjectPathSyntaxBad, "object names must be absolute");
    String current = TRY(String::from(path));
    for (u32 reparse = 0; reparse <= kMaxReparse; ++reparse) {
        StringView rest = current.view().substring(1);
        NamespaceDirectory* directory = TRY(root());
        bool restarted = false;
        for (;;) {
            i64 slash = rest.find('\\');
            StringView component = slash < 0 ? rest : rest.substring(0, static_cast<usize>(slash));
            if (component.is_empty())
                return Error(status::ObjectNameInvalid, "empty component in an object name");
            NamespaceDirectory::Entry* entry = find(*directory, component, case_insensitive);
            if (entry && entry->is_link) {
                // Replace the link's part of the path by its target and start over.
                StringView remainder = slash < 0 ? StringView() : rest.substring(static_cast<usize>(slash));
                usize length = entry->link_target.length() + remainder.length();
                char* joined = static_cast<char*>(kmalloc(length + 1));
                if (!joined)
                    return Error(status::NoMemory, "kernel heap exhausted");
                copy_bytes(joined, entry->link_target.c_str(), entry->link_target.length());
                copy_bytes(joined + entry->link_target.length(), remainder.data(), remainder.length());
                auto next = String::from(StringView(joined, length));
                kfree(joined);
                current = TRY(move(next));
                restarted = true;
                break;
            }
            if (slash < 0) {
                out.directory = directory;
                out.rewritten = move(current);
                // The leaf is the tail of the (moved) string: recompute it there.
                StringView whole = out.rewritten.view();
                out.leaf = whole.substring(whole.length() - component.length());
                return {};
            }
            if (!entry || !entry->directory)
                return Error(status::ObjectPathNotFound, "a directory on the object path does not exist");
            directory = entry->directory;
            rest = rest.substring(static_cast<usize>(slash) + 1);
        }
        if (!restarted)
            break;
    }
    return Error(status::ObjectPathNotFound, "too many symbolic links in an object name");
}

} // namespace

ErrorOr<RefPtr<Object>> open_named(StringView path, ObjectType type, bool case_insensitive) {
    Resolved resolved;
    TRY(resolve(path, case_insensitive, resolved));
    NamespaceDirectory::Entry* entry = find(*resolved.directory, resolved.leaf, case_insensitive);
    if (!entry)
        return Error(status::ObjectNameNotFound, "no object has this name");
    if (!entry->object)
        return Error(status::ObjectTypeMismatch, "the name is a directory");
    if (type != ObjectType::Any && !same_named_type(entry->object->type(), type))
        return Error(status::ObjectTypeMismatch, "the name belongs to an object of another type");
    return RefPtr<Object>(entry->object);
}

ErrorOr<NamedInsert> insert_named(StringView path, RefPtr<Object> object, bool case_insensitive) {
    if (!object || object->is_named())
        return Error(status::InvalidParameter, "only an unnamed object can be given a name");
    Resolved resolved;
    TRY(resolve(path, case_insensitive, resolved));
    if (NamespaceDirectory::Entry* entry = find(*resolved.directory, resolved.leaf, case_insensitive)) {
        if (!entry->object || !same_named_type(entry->object->type(), object->type()))
            return Error(status::ObjectTypeMismatch, "the name belongs to an object of another type");
        return NamedInsert{RefPtr<Object>(entry->object), true};
    }
    NamespaceDirectory::Entry entry;
    entry.name = TRY(String::from(resolved.leaf));
    entry.object = object.get();
    TRY(resolved.directory->entries.try_append(move(entry)));
    object->set_name_directory(resolved.directory);
    ++s_named_objects;
    return NamedInsert{move(object), false};
}

void forget_name(Object& object) {
    NamespaceDirectory* directory = object.name_directory();
    if (!directory)
        return;
    object.set_name_directory(nullptr);
    for (usize i = 0; i < directory->entries.size(); ++i) {
        if (directory->entries.data()[i].object == &object) {
            directory->entries.remove(i);
            --s_named_objects;
            return;
        }
    }
}

usize named_object_count() { return s_named_objects; }

ErrorOr<RefPtr<DirectoryObject>> DirectoryObject::open(StringView path) {
    if (path == "\\") {
        TRY(root());
        return make_object<DirectoryObject>(TRY(String::from(path)));
    }
    Resolved resolved;
    TRY(resolve(path, false, resolved));
    NamespaceDirectory::Entry* entry = find(*resolved.directory, resolved.leaf, false);
    if (!entry)
        return Error(status::ObjectNameNotFound, "no directory has this name");
    if (!entry->directory)
        return Error(status::ObjectTypeMismatch, "the name is not a directory");
    return make_object<DirectoryObject>(move(resolved.rewritten));
}

ErrorOr<String> DirectoryObject::join(StringView relative) const {
    if (!relative.is_empty() && relative[0] == '\\')
        return Error(status::ObjectPathSyntaxBad, "a name relative to a directory must not start with a backslash");
    bool at_root = m_path.length() == 1;
    usize length = m_path.length() + (at_root ? 0 : 1) + relative.length();
    char* joined = static_cast<char*>(kmalloc(length + 1));
    if (!joined)
        return Error(status::NoMemory, "kernel heap exhausted");
    copy_bytes(joined, m_path.c_str(), m_path.length());
    usize at = m_path.length();
    if (!at_root)
        joined[at++] = '\\';
    copy_bytes(joined + at, relative.data(), relative.length());
    auto result = String::from(StringView(joined, length));
    kfree(joined);
    return result;
}

} // namespace halcyon::ob
