// The registry services: keys as handle-bearing objects over the tree in core/registry.
//
// Every service copies its user input into kernel memory first, works on the tree under the
// registry lock, and copies results out after releasing it, so a fault on a user pointer never
// happens while the lock is held.
//
// The information classes follow NT exactly on sizes: a buffer shorter than the fixed part of
// the structure is STATUS_BUFFER_TOO_SMALL (nothing written but *ResultLength); a buffer that
// holds the fixed part but not the whole is filled as far as it goes and answered with
// STATUS_BUFFER_OVERFLOW; *ResultLength is always the size the whole answer needs.

#include "core/registry/Registry.h"
#include "core/abi/RegistryAbi.h"
#include "core/registry/KeyObject.h"
#include "core/syscall/Services.h"

namespace halcyon::sys {

namespace {

namespace reg = halcyon::abi::registry;
using registry::Key;
using registry::KeyObject;

// Access rights of key objects (winnt.h).
constexpr u32 kKeyQueryValue = 0x0001;
constexpr u32 kKeySetValue = 0x0002;
constexpr u32 kKeyEnumerateSubKeys = 0x0008;
constexpr u32 kDelete = 0x00010000;
constexpr u32 kKeyRead = 0x00020019;
constexpr u32 kKeyWrite = 0x00020006;
constexpr u32 kKeyAllAccess = 0x000F003F;
constexpr u32 kKeyWow64Mask = 0x00000300;
constexpr u32 kGenericRead = 0x80000000, kGenericWrite = 0x40000000, kGenericExecute = 0x20000000,
              kGenericAll = 0x10000000, kMaximumAllowed = 0x02000000;
constexpr u32 kObjInherit = 0x2;

// NtCreateKey options (wdm.h).
constexpr u32 kRegOptionCreateLink = 0x2;
constexpr u32 kRegOptionBackupRestore = 0x4;
constexpr u32 kRegOptionOpenLink = 0x8;

/// Maps generic rights to key rights. FIXME: keys have no security descriptors yet, so every
/// request is granted; only the handle's granted access limits what it may do.
u32 granted_key_access(u32 desired) {
    u32 granted = desired & ~(kGenericRead | kGenericWrite | kGenericExecute | kGenericAll | kMaximumAllowed |
                              kKeyWow64Mask);
    if (desired & (kGenericRead | kGenericExecute))
        granted |= kKeyRead;
    if (desired & kGenericWrite)
        granted |= kKeyWrite;
    if (desired & (kGenericAll | kMaximumAllowed))
        granted |= kKeyAllAccess;
    return granted;
}

/// Reads a UNICODE_STRING's characters as UTF-16 (names stay UTF-16 in the registry).
ErrorOr<registry::Name> read_utf16(UserPtr<abi::UnicodeString> pointer) {
    abi::UnicodeString string = TRY(user::read(pointer));
    if ((string.length & 1) || string.length > string.maximum_length)
        return Error(status::InvalidParameter, "a UNICODE_STRING's Length is odd or above MaximumLength");
    registry::Name name;
    usize characters = string.length / 2;
    TRY(name.ensure_capacity(characters));
    for (usize i = 0; i < characters; ++i)
        TRY(name.try_append(0));
    if (characters)
        TRY(user::copy_from(name.data(), string.buffer, characters * 2));
    return name;
}

ErrorOr<RefPtr<KeyObject>> key_from_handle(SyscallContext& context, RawHandle handle, u32 access) {
    return context.process.handles().lookup_as<KeyObject>(handle.value, access);
}

/// What OBJECT_ATTRIBUTES names: a key to start from and the path below it.
struct KeyName {
    RefPtr<Key> base;
    registry::Name path;
    u32 handle_attributes{0};
};

ErrorOr<KeyName> read_key_name(SyscallContext& context, UserPtr<abi::ObjectAttributes> pointer) {
    if (pointer.is_null())
        return Error(status::AccessViolation, "null OBJECT_ATTRIBUTES");
    abi::ObjectAttributes attributes = TRY(user::read(pointer));
    if (attributes.length != sizeof(abi::ObjectAttributes))
        return Error(status::InvalidParameter, "OBJECT_ATTRIBUTES.Length is wrong");
    KeyName result;
    result.handle_attributes = attributes.attributes & kObjInherit;
    if (attributes.object_name != 0)
        result.path = TRY(read_utf16(UserPtr<abi::UnicodeString>{attributes.object_name}));
    if (attributes.root_directory != 0) {
        auto root = TRY(key_from_handle(context, RawHandle{attributes.root_directory}, 0));
        if (!result.path.is_empty() && result.path[0] == '\\')
            return Error(status::ObjectPathSyntaxBad, "a name relative to a key starts with a backslash");
        result.base = RefPtr<Key>(&root->key());
        return result;
    }
    // An absolute name must be \Registry or lie below it: the object namespace has no other
    // registry roots.
    static constexpr char kPrefix[] = "\\REGISTRY";
    constexpr usize kPrefixLength = sizeof kPrefix - 1;
    if (result.path.is_empty() || result.path[0] != '\\')
        return Error(status::ObjectPathSyntaxBad, "an absolute object name must start with a backslash");
    bool under_registry = result.path.size() >= kPrefixLength &&
                          (result.path.size() == kPrefixLength || result.path[kPrefixLength] == '\\');
    for (usize i = 0; under_registry && i < kPrefixLength; ++i)
        under_registry = registry::upcase(result.path[i]) == static_cast<u16>(kPrefix[i]);
    if (!under_registry)
        return Error(status::ObjectNameNotFound, "only \\Registry names registry keys");
    usize skip = result.path.size() == kPrefixLength ? kPrefixLength : kPrefixLength + 1;
    registry::Name rest = TRY(registry::make_name(result.path.span().slice(skip)));
    result.path = move(rest);
    result.base = RefPtr<Key>(&registry::root());
    return result;
}

/// Appends little-endian fields and UTF-16 names to an answer being built in kernel memory.
class Answer {
public:
    ErrorOr<void> u32le(u32 value) {
        for (int i = 0; i < 4; ++i)
            TRY(m_bytes.try_append(static_cast<u8>(value >> (8 * i))));
        return {};
    }
    ErrorOr<void> u64le(u64 value) {
        TRY(u32le(static_cast<u32>(value)));
        return u32le(static_cast<u32>(value >> 32));
    }
    ErrorOr<void> utf16(Span<const u16> text) {
        for (u16 c : text) {
            TRY(m_bytes.try_append(static_cast<u8>(c)));
            TRY(m_bytes.try_append(static_cast<u8>(c >> 8)));
        }
        return {};
    }
    ErrorOr<void> bytes(Span<const u8> data) {
        TRY(m_bytes.ensure_capacity(m_bytes.size() + data.size()));
        for (u8 b : data)
            TRY(m_bytes.try_append(b));
        return {};
    }
    usize size() const { return m_bytes.size(); }
    Span<const u8> span() const { return m_bytes.span(); }

private:
    Vector<u8> m_bytes;
};

/// Delivers an answer with NT's size rules (see the top of this file).
NtStatus deliver(const Answer& answer, u32 fixed_size, UserPtr<void> buffer, u32 length,
                 UserPtr<u32> result_length) {
    if (answer.size() > 0xFFFFFFFFu)
        return status::InsufficientResources;
    u32 needed = static_cast<u32>(answer.size());
    if (user::write(result_length, needed).is_error())
        return status::AccessViolation;
    if (length < fixed_size)
        return status::BufferTooSmall;
    u32 count = length < needed ? length : needed;
    if (count && user::copy_to(buffer.address, answer.span().data(), count).is_error())
        return status::AccessViolation;
    return length < needed ? status::BufferOverflow : status::Success;
}

u32 fixed_size_of_key_class(u32 information_class) {
    switch (information_class) {
    case reg::kKeyBasicInformation:
        return reg::kKeyBasicFixed;
    case reg::kKeyNodeInformation:
        return reg::kKeyNodeFixed;
    case reg::kKeyFullInformation:
        return reg::kKeyFullFixed;
    case reg::kKeyNameInformation:
        return reg::kKeyNameFixed;
    }
    return 0;
}

u32 fixed_size_of_value_class(u32 information_class) {
    switch (information_class) {
    case reg::kKeyValueBasicInformation:
        return reg::kValueBasicFixed;
    case reg::kKeyValueFullInformation:
        return reg::kValueFullFixed;
    case reg::kKeyValuePartialInformation:
        return reg::kValuePartialFixed;
    }
    return 0;
}

u32 bytes_of(Span<const u16> text) {
    return static_cast<u32>(text.size() * 2);
}

/// The key's full object name, \REGISTRY\... (KeyNameInformation).
ErrorOr<registry::Name> full_name(const Key& key) {
    Vector<const Key*> chain;
    for (const Key* k = &key; k && k->parent(); k = k->parent())
        TRY(chain.try_append(k));
    registry::Name name = TRY(registry::ascii_name("\\REGISTRY"));
    for (usize i = chain.size(); i-- > 0;) {
        TRY(name.try_append('\\'));
        for (u16 c : chain[i]->name())
            TRY(name.try_append(c));
    }
    return name;
}

/// Builds one of the key information classes for `key`. Call with the registry lock held.
ErrorOr<void> describe_key(const Key& key, u32 information_class, Answer& out) {
    u32 name_bytes = bytes_of(key.name());
    u32 class_bytes = bytes_of(key.class_name());
    switch (information_class) {
    case reg::kKeyBasicInformation:
        TRY(out.u64le(key.last_write_time()));
        TRY(out.u32le(0)); // TitleIndex
        TRY(out.u32le(name_bytes));
        return out.utf16(key.name());
    case reg::kKeyNodeInformation:
        TRY(out.u64le(key.last_write_time()));
        TRY(out.u32le(0));
        TRY(out.u32le(class_bytes ? reg::kKeyNodeFixed + name_bytes : 0xFFFFFFFFu));
        TRY(out.u32le(class_bytes));
        TRY(out.u32le(name_bytes));
        TRY(out.utf16(key.name()));
        return out.utf16(key.class_name());
    case reg::kKeyFullInformation:
        TRY(out.u64le(key.last_write_time()));
        TRY(out.u32le(0));
        TRY(out.u32le(class_bytes ? reg::kKeyFullFixed : 0xFFFFFFFFu));
        TRY(out.u32le(class_bytes));
        TRY(out.u32le(static_cast<u32>(key.subkey_count())));
        TRY(out.u32le(key.max_subkey_name_bytes()));
        TRY(out.u32le(key.max_subkey_class_bytes()));
        TRY(out.u32le(static_cast<u32>(key.value_count())));
        TRY(out.u32le(key.max_value_name_bytes()));
        TRY(out.u32le(key.max_value_data_bytes()));
        return out.utf16(key.class_name());
    case reg::kKeyNameInformation: {
        registry::Name name = TRY(full_name(key));
        TRY(out.u32le(bytes_of(name.span())));
        return out.utf16(name.span());
    }
    }
    return Error(status::InvalidParameter, "unknown KEY_INFORMATION_CLASS");
}

/// Builds one of the value information classes. Call with the registry lock held.
ErrorOr<void> describe_value(const registry::Value& value, u32 information_class, Answer& out) {
    u32 name_bytes = bytes_of(value.name.span());
    u32 data_bytes = static_cast<u32>(value.data.size());
    switch (information_class) {
    case reg::kKeyValueBasicInformation:
        TRY(out.u32le(0));
        TRY(out.u32le(value.type));
        TRY(out.u32le(name_bytes));
        return out.utf16(value.name.span());
    case reg::kKeyValueFullInformation:
        TRY(out.u32le(0));
        TRY(out.u32le(value.type));
        TRY(out.u32le(reg::kValueFullFixed + name_bytes));
        TRY(out.u32le(data_bytes));
        TRY(out.u32le(name_bytes));
        TRY(out.utf16(value.name.span()));
        return out.bytes(value.data.span());
    case reg::kKeyValuePartialInformation:
        TRY(out.u32le(0));
        TRY(out.u32le(value.type));
        TRY(out.u32le(data_bytes));
        return out.bytes(value.data.span());
    }
    return Error(status::InvalidParameter, "unknown KEY_VALUE_INFORMATION_CLASS");
}

NtStatus open_or_create(SyscallContext& context, UserPtr<u64> key_handle, u32 desired_access,
                        UserPtr<abi::ObjectAttributes> object_attributes, bool create,
                        UserPtr<abi::UnicodeString> class_name, u32 create_options,
                        UserPtr<u32> disposition) {
    return to_status([&]() -> ErrorOr<void> {
        if (key_handle.is_null())
            return Error(status::AccessViolation, "null KeyHandle");
        KeyName name = TRY(read_key_name(context, object_attributes));
        registry::Name class_text;
        if (create && !class_name.is_null())
            class_text = TRY(read_utf16(class_name));
        bool is_volatile = create && (create_options & reg::kRegOptionVolatile);
        RefPtr<Key> key;
        bool created = false;
        {
            LockGuard guard(registry::lock());
            if (create) {
                auto result = TRY(registry::create_path(*name.base, name.path.span(), is_volatile,
                                                        class_text.span(), registry::now()));
                key = move(result.key);
                created = result.created;
                if (created && !key->is_volatile())
                    registry::mark_dirty();
            } else {
                key = TRY(registry::open_path(*name.base, name.path.span()));
            }
        }
        auto object = TRY(ob::make_object<KeyObject>(move(key)));
        TRY(publish_handle(context, object, granted_key_access(desired_access), key_handle,
                           name.handle_attributes));
        if (create && !disposition.is_null()) {
            u32 value = created ? reg::kRegCreatedNewKey : reg::kRegOpenedExistingKey;
            TRY(user::write(disposition, value));
        }
        return {};
    }());
}

} // namespace

NtStatus NtCreateKey(SyscallContext& context, UserPtr<u64> KeyHandle, u32 DesiredAccess,
                     UserPtr<abi::ObjectAttributes> ObjectAttributes, u32, UserPtr<abi::UnicodeString> Class,
                     u32 CreateOptions, UserPtr<u32> Disposition) {
    constexpr u32 kKnown =
        reg::kRegOptionVolatile | kRegOptionCreateLink | kRegOptionBackupRestore | kRegOptionOpenLink;
    if (CreateOptions & ~kKnown)
        return status::InvalidParameter;
    if (CreateOptions & kRegOptionCreateLink) {
        kernel::log(
            "halcyon: NtCreateKey: REG_OPTION_CREATE_LINK (registry symbolic links) is not implemented");
        return status::NotImplemented;
    }
    return open_or_create(context, KeyHandle, DesiredAccess, ObjectAttributes, true, Class, CreateOptions,
                          Disposition);
}

NtStatus NtOpenKey(SyscallContext& context, UserPtr<u64> KeyHandle, u32 DesiredAccess,
                   UserPtr<abi::ObjectAttributes> ObjectAttributes) {
    return open_or_create(context, KeyHandle, DesiredAccess, ObjectAttributes, false, {}, 0, {});
}

NtStatus NtOpenKeyEx(SyscallContext& context, UserPtr<u64> KeyHandle, u32 DesiredAccess,
                     UserPtr<abi::ObjectAttributes> ObjectAttributes, u32 OpenOptions) {
    if (OpenOptions & ~(kRegOptionBackupRestore | kRegOptionOpenLink))
        return status::InvalidParameter;
    return open_or_create(context, KeyHandle, DesiredAccess, ObjectAttributes, false, {}, 0, {});
}

NtStatus NtDeleteKey(SyscallContext& context, RawHandle KeyHandle) {
    return to_status([&]() -> ErrorOr<void> {
        auto object = TRY(key_from_handle(context, KeyHandle, kDelete));
        LockGuard guard(registry::lock());
        bool was_volatile = object->key().is_volatile();
        TRY(object->key().remove(registry::now()));
        if (!was_volatile)
            registry::mark_dirty();
        return {};
    }());
}

NtStatus NtDeleteValueKey(SyscallContext& context, RawHandle KeyHandle,
                          UserPtr<abi::UnicodeString> ValueName) {
    return to_status([&]() -> ErrorOr<void> {
        auto object = TRY(key_from_handle(context, KeyHandle, kKeySetValue));
        registry::Name name = TRY(read_utf16(ValueName));
        LockGuard guard(registry::lock());
        TRY(object->key().delete_value(name.span(), registry::now()));
        if (!object->key().is_volatile())
            registry::mark_dirty();
        return {};
    }());
}

NtStatus NtSetValueKey(SyscallContext& context, RawHandle KeyHandle, UserPtr<abi::UnicodeString> ValueName,
                       u32, u32 Type, UserPtr<void> Data, u32 DataSize) {
    return to_status([&]() -> ErrorOr<void> {
        auto object = TRY(key_from_handle(context, KeyHandle, kKeySetValue));
        registry::Name name = TRY(read_utf16(ValueName));
        if (name.size() > registry::kMaxValueNameCharacters)
            return Error(status::InvalidParameter, "a registry value name is longer than 16383 characters");
        if (DataSize > registry::kMaxValueDataBytes)
            return Error(status::InsufficientResources, "registry value data is larger than Halcyon allows");
        Vector<u8> data;
        TRY(data.ensure_capacity(DataSize));
        for (u32 i = 0; i < DataSize; ++i)
            TRY(data.try_append(0));
        if (DataSize)
            TRY(user::copy_from(data.data(), Data.address, DataSize));
        LockGuard guard(registry::lock());
        TRY(object->key().set_value(name.span(), Type, data.span(), registry::now()));
        if (!object->key().is_volatile())
            registry::mark_dirty();
        return {};
    }());
}

NtStatus NtQueryKey(SyscallContext& context, RawHandle KeyHandle, u32 KeyInformationClass,
                    UserPtr<void> KeyInformation, u32 Length, UserPtr<u32> ResultLength) {
    u32 fixed = fixed_size_of_key_class(KeyInformationClass);
    if (!fixed)
        return status::InvalidParameter;
    u32 access = KeyInformationClass == reg::kKeyNameInformation ? 0 : kKeyQueryValue;
    auto object = key_from_handle(context, KeyHandle, access);
    if (object.is_error())
        return object.error().status();
    Answer answer;
    {
        LockGuard guard(registry::lock());
        const Key& key = object.value()->key();
        if (key.is_deleted())
            return status::KeyDeleted;
        if (auto built = describe_key(key, KeyInformationClass, answer); built.is_error())
            return built.error().status();
    }
    return deliver(answer, fixed, KeyInformation, Length, ResultLength);
}

NtStatus NtEnumerateKey(SyscallContext& context, RawHandle KeyHandle, u32 Index, u32 KeyInformationClass,
                        UserPtr<void> KeyInformation, u32 Length, UserPtr<u32> ResultLength) {
    u32 fixed = fixed_size_of_key_class(KeyInformationClass);
    if (!fixed || KeyInformationClass == reg::kKeyNameInformation)
        return status::InvalidParameter;
    auto object = key_from_handle(context, KeyHandle, kKeyEnumerateSubKeys);
    if (object.is_error())
        return object.error().status();
    Answer answer;
    {
        LockGuard guard(registry::lock());
        const Key& key = object.value()->key();
        if (key.is_deleted())
            return status::KeyDeleted;
        if (Index >= key.subkey_count())
            return status::NoMoreEntries;
        if (auto built = describe_key(key.subkey_at(Index), KeyInformationClass, answer); built.is_error())
            return built.error().status();
    }
    return deliver(answer, fixed, KeyInformation, Length, ResultLength);
}

NtStatus NtQueryValueKey(SyscallContext& context, RawHandle KeyHandle, UserPtr<abi::UnicodeString> ValueName,
                         u32 KeyValueInformationClass, UserPtr<void> KeyValueInformation, u32 Length,
                         UserPtr<u32> ResultLength) {
    u32 fixed = fixed_size_of_value_class(KeyValueInformationClass);
    if (!fixed)
        return status::InvalidParameter;
    auto object = key_from_handle(context, KeyHandle, kKeyQueryValue);
    if (object.is_error())
        return object.error().status();
    auto name = read_utf16(ValueName);
    if (name.is_error())
        return name.error().status();
    Answer answer;
    {
        LockGuard guard(registry::lock());
        const Key& key = object.value()->key();
        if (key.is_deleted())
            return status::KeyDeleted;
        const registry::Value* value = key.find_value(name.value().span());
        if (!value)
            return status::ObjectNameNotFound;
        if (auto built = describe_value(*value, KeyValueInformationClass, answer); built.is_error())
            return built.error().status();
    }
    return deliver(answer, fixed, KeyValueInformation, Length, ResultLength);
}

NtStatus NtEnumerateValueKey(SyscallContext& context, RawHandle KeyHandle, u32 Index,
                             u32 KeyValueInformationClass, UserPtr<void> KeyValueInformation, u32 Length,
                             UserPtr<u32> ResultLength) {
    u32 fixed = fixed_size_of_value_class(KeyValueInformationClass);
    if (!fixed)
        return status::InvalidParameter;
    auto object = key_from_handle(context, KeyHandle, kKeyQueryValue);
    if (object.is_error())
        return object.error().status();
    Answer answer;
    {
        LockGuard guard(registry::lock());
        const Key& key = object.value()->key();
        if (key.is_deleted())
            return status::KeyDeleted;
        if (Index >= key.value_count())
            return status::NoMoreEntries;
        if (auto built = describe_value(key.value_at(Index), KeyValueInformationClass, answer);
            built.is_error())
            return built.error().status();
    }
    return deliver(answer, fixed, KeyValueInformation, Length, ResultLength);
}

NtStatus NtFlushKey(SyscallContext& context, RawHandle KeyHandle) {
    return to_status([&]() -> ErrorOr<void> {
        auto object = TRY(key_from_handle(context, KeyHandle, 0));
        if (object->key().is_deleted())
            return Error(status::KeyDeleted, "the key was deleted");
        return registry::flush();
    }());
}

} // namespace halcyon::sys
