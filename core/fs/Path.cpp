#include <core/fs/Path.h>
#include <core/fs/Utf.h>

namespace halcyon::fs {

namespace {

constexpr bool is_separator(char c) { return c == '\\' || c == '/'; }
constexpr bool is_ascii_letter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

// The forms a name can take once its prefix has been classified.
enum class Form : u8 {
    // '\' and '/' separate; '.', '..', repeated separators and trailing dots are processed.
    Normalised,
    // Only '\' separates and every component is taken as written (\\?\ and \??\).
    Verbatim,
};

ErrorOr<void> append_component(Vector<String>& components, StringView component) {
    String copy = TRY(String::from(component));
    TRY(components.try_append(move(copy)));
    return {};
}

ErrorOr<Vector<String>> clone_components(const Vector<String>& components) {
    Vector<String> copy;
    TRY(copy.ensure_capacity(components.size()));
    for (auto& component : components)
        TRY(append_component(copy, component.view()));
    return copy;
}

StringView trim_trailing(StringView text, bool dots_too) {
    usize length = text.length();
    while (length > 0 && (text[length - 1] == ' ' || (dots_too && text[length - 1] == '.')))
        --length;
    return text.substring(0, length);
}

// Walks `rest` segment by segment and appends the normalised components to `path`.
ErrorOr<void> append_normalised(WindowsPath& path, StringView rest) {
    usize start = 0;
    while (start <= rest.length()) {
        usize end = start;
        while (end < rest.length() && !is_separator(rest[end]))
            ++end;
        StringView segment = rest.substring(start, end - start);
        bool followed_by_separator = end < rest.length();
        start = end + 1;

        if (segment.is_empty() || segment == "."_sv)
            continue;
        if (segment == ".."_sv) {
            // ".." at the root stays at the root, as GetFullPathName does.
            if (!path.components.is_empty())
                path.components.take_last();
            continue;
        }
        if (followed_by_separator) {
            // An inner component loses a single trailing period: "a.\b" is "a\b", "a..\b" stays.
            if (segment[segment.length() - 1] == '.' &&
                (segment.length() < 2 || segment[segment.length() - 2] != '.'))
                segment = segment.substring(0, segment.length() - 1);
        } else {
            DosDevice device = dos_device_for_component(segment);
            if (device != DosDevice::None) {
                path.device = device;
                TRY(append_component(path.components, trim_trailing(segment, true)));
                return {};
            }
            // The final component loses every trailing period and space.
            segment = trim_trailing(segment, true);
            if (segment.is_empty())
                continue;
        }
        TRY(validate_component(segment));
        TRY(append_component(path.components, segment));
    }
    return {};
}

// Verbatim components: only '\' separates, and nothing is rewritten.
ErrorOr<void> append_verbatim(WindowsPath& path, StringView rest) {
    usize start = 0;
    while (start < rest.length()) {
        usize end = start;
        while (end < rest.length() && rest[end] != '\\')
            ++end;
        StringView segment = rest.substring(start, end - start);
        // A single trailing separator names the same directory ("\??\C:\dir\").
        if (segment.is_empty() && end == rest.length())
            break;
        if (segment == "."_sv || segment == ".."_sv)
            return Error(status::ObjectNameInvalid, "'.' and '..' are not names in a verbatim path");
        TRY(validate_component(segment));
        TRY(append_component(path.components, segment));
        start = end + 1;
    }
    return {};
}

// The upper-case drive letter of a name that starts with "X:".
ErrorOr<char> parse_drive_letter(StringView rest) {
    if (rest.length() < 2 || rest[1] != ':')
        return Error(status::ObjectPathSyntaxBad, "expected a drive letter");
    if (!is_ascii_letter(rest[0]))
        return Error(status::ObjectNameInvalid, "a drive letter must be A-Z");
    return ascii_to_upper(rest[0]);
}

// The part after \??\, \\?\, \DosDevices\ or \GLOBAL??\ (verbatim) or after \\.\ (normalised).
ErrorOr<WindowsPath> parse_device_namespace(StringView rest, Form form) {
    WindowsPath path;
    if (rest.starts_with_ignoring_case("UNC\\"_sv) || rest.equals_ignoring_case("UNC"_sv))
        return Error(status::NotSupported, "UNC paths are not supported");

    static constexpr struct {
        StringView name;
        DosDevice device;
    } kDeviceNames[] = {
        {"CON"_sv, DosDevice::Console},
        {"CONIN$"_sv, DosDevice::ConsoleInput},
        {"CONOUT$"_sv, DosDevice::ConsoleOutput},
        {"NUL"_sv, DosDevice::Null},
    };
    for (auto& entry : kDeviceNames) {
        if (rest.equals_ignoring_case(entry.name)) {
            path.device = entry.device;
            TRY(append_component(path.components, rest));
            return path;
        }
    }

    if (rest.length() >= 2 && rest[1] == ':') {
        path.drive = TRY(parse_drive_letter(rest));
        bool has_separator = rest.length() >= 3 && (rest[2] == '\\' || (form == Form::Normalised && rest[2] == '/'));
        if (!has_separator)
            return Error(status::NotSupported, "opening a volume device is not supported");
        StringView below_root = rest.substring(3);
        if (form == Form::Verbatim)
            TRY(append_verbatim(path, below_root));
        else
            TRY(append_normalised(path, below_root));
        return path;
    }
    return Error(status::NotSupported, "device path is not supported");
}

bool is_whole_name_console_device(StringView name, DosDevice& device) {
    StringView trimmed = trim_trailing(name, false);
    if (trimmed.equals_ignoring_case("CONIN$"_sv)) {
        device = DosDevice::ConsoleInput;
        return true;
    }
    if (trimmed.equals_ignoring_case("CONOUT$"_sv)) {
        device = DosDevice::ConsoleOutput;
        return true;
    }
    return false;
}

ErrorOr<usize> rendered_length(const WindowsPath& path) {
    usize length = 3; // "C:\"
    for (auto& component : path.components)
        length += TRY(utf16_length(component.view())) + 1;
    return length;
}

ErrorOr<WindowsPath> parse_validated(StringView name, const WindowsPath* current_directory) {
    // Verbatim prefixes first: they are exact strings, and "\??\" is not a rooted path.
    if (name.starts_with("\\??\\"_sv) || name.starts_with("\\\\?\\"_sv))
        return parse_device_namespace(name.substring(4), Form::Verbatim);
    if (name.starts_with_ignoring_case("\\DosDevices\\"_sv))
        return parse_device_namespace(name.substring(12), Form::Verbatim);
    if (name.starts_with_ignoring_case("\\GLOBAL??\\"_sv))
        return parse_device_namespace(name.substring(10), Form::Verbatim);

    if (name.length() >= 2 && is_separator(name[0]) && is_separator(name[1])) {
        // "\\.\x" and "\\?\x" spelt with any separators are the local device namespace.
        if (name.length() >= 3 && (name[2] == '.' || name[2] == '?') &&
            (name.length() == 3 || is_separator(name[3])))
            return parse_device_namespace(name.substring(4), Form::Normalised);
        return Error(status::NotSupported, "UNC paths are not supported");
    }

    WindowsPath path;
    DosDevice console_device;
    if (is_whole_name_console_device(name, console_device)) {
        path.device = console_device;
        TRY(append_component(path.components, trim_trailing(name, false)));
        return path;
    }

    StringView rest;
    if (name.length() >= 2 && name[1] == ':') {
        path.drive = TRY(parse_drive_letter(name));
        if (name.length() >= 3 && is_separator(name[2])) {
            rest = name.substring(3);
        } else {
            // Drive-relative: from the current directory when it is on that drive, else from
            // that drive's root.
            // FIXME: Windows keeps a current directory per drive (the "=C:" environment
            // variables); we only know the process's one.
            if (current_directory && current_directory->drive == path.drive)
                path.components = TRY(clone_components(current_directory->components));
            rest = name.substring(2);
        }
    } else if (is_separator(name[0])) {
        if (!current_directory)
            return Error(status::ObjectPathSyntaxBad, "a rooted path needs a current drive");
        path.drive = current_directory->drive;
        rest = name.substring(1);
    } else {
        if (!current_directory)
            return Error(status::ObjectPathSyntaxBad, "a relative path needs a current directory");
        path.drive = current_directory->drive;
        path.components = TRY(clone_components(current_directory->components));
        rest = name;
    }
    TRY(append_normalised(path, rest));
    return path;
}

} // namespace

ErrorOr<WindowsPath> WindowsPath::clone() const {
    WindowsPath copy;
    copy.drive = drive;
    copy.device = device;
    copy.components = TRY(clone_components(components));
    return copy;
}

ErrorOr<String> WindowsPath::to_string() const {
    Vector<char> out;
    if (device != DosDevice::None) {
        const char* name = "CON";
        switch (device) {
        case DosDevice::ConsoleInput:
            name = "CONIN$";
            break;
        case DosDevice::ConsoleOutput:
            name = "CONOUT$";
            break;
        case DosDevice::Null:
            name = "NUL";
            break;
        case DosDevice::Unsupported:
            name = components.is_empty() ? "?" : components[components.size() - 1].c_str();
            break;
        default:
            break;
        }
        for (char c : "\\\\.\\"_sv)
            TRY(out.try_append(c));
        for (char c : StringView(name))
            TRY(out.try_append(c));
        return String::from(StringView(out.data(), out.size()));
    }
    TRY(out.try_append(drive ? drive : '?'));
    TRY(out.try_append(':'));
    TRY(out.try_append('\\'));
    for (usize i = 0; i < components.size(); ++i) {
        if (i > 0)
            TRY(out.try_append('\\'));
        for (char c : components[i].view())
            TRY(out.try_append(c));
    }
    return String::from(StringView(out.data(), out.size()));
}

ErrorOr<WindowsPath> parse_windows_path(StringView name, const WindowsPath* current_directory) {
    if (name.is_empty())
        return Error(status::ObjectNameInvalid, "empty path");
    usize length = TRY(utf16_length(name));
    if (length > kMaxPathLength)
        return Error(status::NameTooLong, "path is longer than 32767 UTF-16 units");
    WindowsPath path = TRY(parse_validated(name, current_directory));
    // Joining with the current directory can exceed the limit even when the name did not.
    if (path.device == DosDevice::None && TRY(rendered_length(path)) > kMaxPathLength)
        return Error(status::NameTooLong, "full path is longer than 32767 UTF-16 units");
    return path;
}

ErrorOr<WindowsPath> parse_windows_path(Span<const u16> name, const WindowsPath* current_directory) {
    if (name.size() > kMaxPathLength)
        return Error(status::NameTooLong, "path is longer than 32767 UTF-16 units");
    String utf8 = TRY(utf16_to_utf8(name, Utf16Policy::Strict));
    return parse_windows_path(utf8.view(), current_directory);
}

bool names_equal_ignoring_case(StringView a, StringView b) {
    usize i = 0;
    usize j = 0;
    while (i < a.length() && j < b.length()) {
        u32 ca;
        u32 cb;
        bool a_ok = decode_utf8(a, i, ca);
        bool b_ok = decode_utf8(b, j, cb);
        if (!a_ok || !b_ok) {
            // Malformed bytes only match the very same bytes.
            if (a_ok != b_ok || a[i - 1] != b[j - 1])
                return false;
            continue;
        }
        if (fold_case(ca) != fold_case(cb))
            return false;
    }
    return i == a.length() && j == b.length();
}

ErrorOr<void> validate_component(StringView component) {
    if (component.is_empty())
        return Error(status::ObjectNameInvalid, "empty path component");
    if (component == "."_sv || component == ".."_sv)
        return Error(status::ObjectNameInvalid, "'.' and '..' are not file names");
    for (char c : component) {
        u8 byte = static_cast<u8>(c);
        if (byte < 0x20)
            return Error(status::ObjectNameInvalid, "control character in path component");
        switch (c) {
        case '<':
        case '>':
        case ':':
        case '"':
        case '|':
        case '?':
        case '*':
        case '/':
        case '\\':
            return Error(status::ObjectNameInvalid, "invalid character in path component");
        default:
            break;
        }
    }
    if (TRY(utf16_length(component)) > kMaxComponentLength)
        return Error(status::ObjectNameInvalid, "path component is longer than 255 UTF-16 units");
    return {};
}

DosDevice dos_device_for_component(StringView component) {
    usize base_length = 0;
    while (base_length < component.length() && component[base_length] != '.' && component[base_length] != ':')
        ++base_length;
    StringView base = trim_trailing(component.substring(0, base_length), false);
    if (base.equals_ignoring_case("CON"_sv))
        return DosDevice::Console;
    if (base.equals_ignoring_case("NUL"_sv))
        return DosDevice::Null;
    if (base.equals_ignoring_case("PRN"_sv) || base.equals_ignoring_case("AUX"_sv))
        return DosDevice::Unsupported;
    if (base.length() == 4 && (base.starts_with_ignoring_case("COM"_sv) || base.starts_with_ignoring_case("LPT"_sv)) &&
        base[3] >= '1' && base[3] <= '9')
        return DosDevice::Unsupported;
    return DosDevice::None;
}

int compare_for_listing(StringView a, StringView b) {
    usize n = min(a.length(), b.length());
    for (usize i = 0; i < n; ++i) {
        char x = ascii_to_lower(a[i]);
        char y = ascii_to_lower(b[i]);
        if (x != y)
            return static_cast<u8>(x) < static_cast<u8>(y) ? -1 : 1;
    }
    if (a.length() != b.length())
        return a.length() < b.length() ? -1 : 1;
    return 0;
}

} // namespace halcyon::fs
