// Path lookup and the defaults: the parts of Registry.h that need no kernel (unit tests use them
// on trees of their own).

#include "core/abi/RegistryAbi.h"
#include "core/abi/UserAbi.h"
#include "core/registry/Registry.h"

namespace halcyon::registry {

namespace {

/// Splits off the first component of `rest`: returns it and advances `rest` past the separator.
Span<const u16> next_component(Span<const u16>& rest) {
    usize length = 0;
    while (length < rest.size() && rest[length] != '\\')
        ++length;
    Span<const u16> component = rest.slice(0, length);
    rest = length < rest.size() ? rest.slice(length + 1) : Span<const u16>();
    return component;
}

/// Walks every component but the last; `last` receives the final component (possibly empty when
/// the path is empty or ends with a single backslash, which NT accepts).
ErrorOr<RefPtr<Key>> walk_to_parent(Key& base, Span<const u16> path, Span<const u16>& last) {
    if (base.is_deleted())
        return Error(status::KeyDeleted, "the key was deleted");
    RefPtr<Key> key(&base);
    Span<const u16> rest = path;
    for (;;) {
        Span<const u16> component = next_component(rest);
        if (rest.is_empty()) {
            last = component;
            return key;
        }
        if (component.is_empty())
            return Error(status::ObjectNameInvalid, "a registry path has an empty component");
        if (component.size() > kMaxKeyNameCharacters)
            return Error(status::InvalidParameter, "a registry key name is longer than 256 characters");
        Key* child = key->find_subkey(component);
        if (!child)
            return Error(status::ObjectNameNotFound, "a registry key on the path does not exist");
        key = RefPtr<Key>(child);
    }
}

} // namespace

ErrorOr<RefPtr<Key>> open_path(Key& base, Span<const u16> path) {
    Span<const u16> last;
    RefPtr<Key> parent = TRY(walk_to_parent(base, path, last));
    if (last.is_empty())
        return parent;
    if (last.size() > kMaxKeyNameCharacters)
        return Error(status::InvalidParameter, "a registry key name is longer than 256 characters");
    Key* child = parent->find_subkey(last);
    if (!child)
        return Error(status::ObjectNameNotFound, "no such registry key");
    return RefPtr<Key>(child);
}

ErrorOr<CreateResult> create_path(Key& base, Span<const u16> path, bool is_volatile,
                                  Span<const u16> class_name, u64 time) {
    Span<const u16> last;
    RefPtr<Key> parent = TRY(walk_to_parent(base, path, last));
    if (last.is_empty())
        return CreateResult{parent, false};
    if (Key* existing = parent->find_subkey(last))
        return CreateResult{RefPtr<Key>(existing), false};
    RefPtr<Key> key = TRY(Key::create(last, is_volatile, time));
    TRY(key->set_class_name(class_name));
    TRY(parent->add_subkey(key));
    parent->set_last_write_time(time);
    return CreateResult{move(key), true};
}

namespace {

/// Builds defaults from ASCII text: paths relative to a key, values of three kinds.
class DefaultsBuilder {
public:
    explicit DefaultsBuilder(u64 now) : m_now(now) {}

    ErrorOr<RefPtr<Key>> key(Key& base, const char* path) {
        Name name = TRY(ascii_name(path));
        Span<const u16> rest = name.span();
        RefPtr<Key> key(&base);
        while (!rest.is_empty()) {
            Span<const u16> component = next_component(rest);
            Key* child = key->find_subkey(component);
            if (!child) {
                RefPtr<Key> fresh = TRY(Key::create(component, false, m_now));
                TRY(key->add_subkey(fresh));
                child = fresh.get();
            }
            key = RefPtr<Key>(child);
        }
        return key;
    }

    ErrorOr<void> string(Key& key, const char* name, const char* text, u32 type = value_type::Sz) {
        Name value_name = TRY(ascii_name(name));
        if (key.find_value(value_name.span()))
            return {};
        Vector<u8> data;
        for (const char* c = text;; ++c) {
            TRY(data.try_append(static_cast<u8>(*c)));
            TRY(data.try_append(0));
            if (!*c)
                break;
        }
        return key.set_value(value_name.span(), type, data.span(), m_now);
    }

    ErrorOr<void> dword(Key& key, const char* name, u32 number) {
        Name value_name = TRY(ascii_name(name));
        if (key.find_value(value_name.span()))
            return {};
        u8 data[4] = {static_cast<u8>(number), static_cast<u8>(number >> 8), static_cast<u8>(number >> 16),
                      static_cast<u8>(number >> 24)};
        return key.set_value(value_name.span(), value_type::Dword, Span<const u8>(data, 4), m_now);
    }

private:
    u64 m_now;
};

/// Decimal text of a small number, for the version strings.
void decimal(u32 number, char* out) {
    char digits[12];
    usize count = 0;
    do {
        digits[count++] = static_cast<char>('0' + number % 10);
        number /= 10;
    } while (number);
    for (usize i = 0; i < count; ++i)
        out[i] = digits[count - 1 - i];
    out[count] = 0;
}

} // namespace

ErrorOr<void> apply_defaults(Key& root, u64 now) {
    DefaultsBuilder build(now);
    RefPtr<Key> machine = TRY(build.key(root, "MACHINE"));
    RefPtr<Key> users = TRY(build.key(root, "USER"));

    // HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion: what programs read to learn the OS
    // version. The numbers are RtlGetVersion's (core/abi/UserAbi.h); "6.3" is what Windows 8.1
    // and later keep in CurrentVersion for compatibility.
    RefPtr<Key> software = TRY(build.key(*machine, "SOFTWARE"));
    TRY(build.key(*software, "Classes"));
    RefPtr<Key> nt = TRY(build.key(*software, "Microsoft\\Windows NT\\CurrentVersion"));
    char build_number[12];
    decimal(abi::kOsBuildNumber, build_number);
    TRY(build.string(*nt, "ProductName", "Windows 10 Pro"));
    TRY(build.string(*nt, "EditionID", "Professional"));
    TRY(build.string(*nt, "InstallationType", "Client"));
    TRY(build.string(*nt, "CurrentVersion", "6.3"));
    TRY(build.string(*nt, "CurrentBuild", build_number));
    TRY(build.string(*nt, "CurrentBuildNumber", build_number));
    TRY(build.dword(*nt, "CurrentMajorVersionNumber", abi::kOsMajorVersion));
    TRY(build.dword(*nt, "CurrentMinorVersionNumber", abi::kOsMinorVersion));
    TRY(build.string(*nt, "CurrentType", "Multiprocessor Free"));
    TRY(build.string(*nt, "SystemRoot", "C:\\Windows"));
    TRY(build.string(*nt, "PathName", "C:\\Windows"));
    TRY(build.string(*nt, "RegisteredOwner", "Halcyon"));
    TRY(build.string(*nt, "RegisteredOrganization", ""));
    RefPtr<Key> windows = TRY(build.key(*software, "Microsoft\\Windows\\CurrentVersion"));
    TRY(build.string(*windows, "ProgramFilesDir", "C:\\Program Files"));
    TRY(build.string(*windows, "CommonFilesDir", "C:\\Program Files\\Common Files"));
    TRY(build.string(*windows, "SystemRoot", "C:\\Windows"));

    // The code pages GetACP / GetOEMCP report (win32/kernelbase/CodePageConvert.h); the registry
    // conformance test checks the two agree.
    RefPtr<Key> code_page = TRY(build.key(*machine, "SYSTEM\\CurrentControlSet\\Control\\Nls\\CodePage"));
    TRY(build.string(*code_page, "ACP", "1252"));
    TRY(build.string(*code_page, "OEMCP", "437"));
    TRY(build.string(*code_page, "MACCP", "10000"));
    // FIXME: on Windows CurrentControlSet is a symbolic link to ControlSet001; Halcyon has no
    // registry links yet, so it is an ordinary key.
    // HKEY_CURRENT_CONFIG.
    TRY(build.key(*machine, "SYSTEM\\CurrentControlSet\\Hardware Profiles\\Current"));
    // The computer's name (GetComputerName*, win32/kernelbase/ComputerName.cpp): ComputerName
    // is the configured one, which takes effect at the next boot; ActiveComputerName the one in
    // use now. Both start as "HALCYON".
    RefPtr<Key> configured_name =
        TRY(build.key(*machine, "SYSTEM\\CurrentControlSet\\Control\\ComputerName\\ComputerName"));
    TRY(build.string(*configured_name, "ComputerName", "HALCYON"));
    RefPtr<Key> active_name =
        TRY(build.key(*machine, "SYSTEM\\CurrentControlSet\\Control\\ComputerName\\ActiveComputerName"));
    TRY(build.string(*active_name, "ComputerName", "HALCYON"));

    TRY(build.key(*users, ".DEFAULT\\Software"));
    RefPtr<Key> user = TRY(build.key(*users, abi::registry::kCurrentUserSid));
    TRY(build.key(*user, "Software\\Classes"));
    TRY(build.key(*user, "Environment"));
    TRY(build.key(*user, "Console"));
    // Halcyon has one account, and this is the one place its name is defined: where Windows
    // keeps the logged-on user's name for the session. GetUserName reads it (ComputerName.cpp).
    // FIXME: on Windows this key is volatile (never saved); Halcyon's registry has no volatile
    // keys yet, so it is kept in the hive like any other.
    RefPtr<Key> session = TRY(build.key(*user, "Volatile Environment"));
    TRY(build.string(*session, "USERNAME", "User"));
    return {};
}

} // namespace halcyon::registry
