#pragma once

// Windows path names, parsed and normalised the way RtlGetFullPathName_U and
// RtlDosPathNameToNtPathName_U do for the forms Halcyon supports. References: "Path
// normalization in .NET" / "DOS to NT: A Path's Journey" (J. Kuhne), [ms-fscc] 2.1.5 (names).
//
// Accepted forms (separators may be '\' or '/' except in the verbatim forms):
//   C:\a\b          drive-absolute
//   C:a             drive-relative: relative to the current directory when it is on C:, else to
//                   C:'s root
//   \a              rooted: on the current directory's drive
//   a\b             relative to the current directory
//   \\.\C:\a        local device namespace: normalised like C:\a
//   \\.\CON         DOS devices by their device path
//   \\?\C:\a        verbatim (Win32 long path prefix): no '/' translation, no '.'/'..' or
//                   trailing-dot processing; '.' and '..' components are then invalid names
//   \??\C:\a        NT path, as ntdll hands to NtCreateFile: verbatim too; so are
//                   \DosDevices\C:\a and \GLOBAL??\C:\a
// Refused:
//   \\server\share  UNC, and \??\UNC\...: NotSupported
//   other device paths (\\.\PhysicalDrive0): NotSupported
//
// Normalisation: repeated separators collapse; '.' is dropped; '..' removes the previous
// component and stays at the root; a component followed by a separator loses one trailing '.'
// ("a.\b" is "a\b", "a..\b" stays), the final component loses all trailing '.' and ' '
// ("a. . " is "a"), which is why "dir \" keeps its space. Components may not contain
// < > : " | ? * or control characters, nor exceed 255 UTF-16 units (ObjectNameInvalid). The
// whole name may not exceed 32767 UTF-16 units (NameTooLong).
//
// DOS device names are recognised as Windows 10 does: CON, NUL, PRN, AUX, COM1-9 and LPT1-9 as
// the final component of a drive, rooted or relative path, ignoring an extension and trailing
// spaces ("C:\dir\nul.txt" is NUL); CONIN$ and CONOUT$ only as the whole name. The result then
// carries `device`, and the caller maps it to a device instead of a file.
//
// Names keep their case; compare them with names_equal_ignoring_case.

#include <core/lib/ErrorOr.h>
#include <core/lib/Span.h>
#include <core/lib/String.h>
#include <core/lib/StringView.h>
#include <core/lib/Vector.h>

namespace halcyon::fs {

/// The longest path, in UTF-16 code units, that Windows accepts (UNICODE_STRING limit).
constexpr usize kMaxPathLength = 32767;
/// The longest single component, in UTF-16 code units (NTFS, FAT long names).
constexpr usize kMaxComponentLength = 255;

enum class DosDevice : u8 {
    None,
    /// CON: the console, read side or write side by the requested access.
    Console,
    /// CONIN$
    ConsoleInput,
    /// CONOUT$
    ConsoleOutput,
    /// NUL
    Null,
    /// PRN, AUX, COM1-9, LPT1-9: recognised so they never become files; not implemented.
    Unsupported,
};

/// A fully qualified, normalised path: a drive and the components below its root.
struct WindowsPath {
    /// 'A'..'Z', upper case.
    char drive{0};
    /// UTF-8 components, case preserved; none is empty, ".", or "..". Each is a valid file name
    /// (validate_component) unless `device` is set, in which case the last one is the device
    /// name as written.
    Vector<String> components;
    /// Set when the name denotes a DOS device rather than a file.
    DosDevice device{DosDevice::None};

    bool is_root() const { return components.is_empty(); }
    /// A deep copy.
    ErrorOr<WindowsPath> clone() const;
    /// Renders "C:\a\b" (the root as "C:\"), or "\\.\CON" for a device.
    ErrorOr<String> to_string() const;
};

/// Parses a UTF-8 name. `current_directory` resolves relative, rooted and drive-relative forms;
/// without one (null) they are ObjectPathSyntaxBad.
ErrorOr<WindowsPath> parse_windows_path(StringView name, const WindowsPath* current_directory);

/// Parses a UTF-16 name as user mode passes it; unpaired surrogates are ObjectNameInvalid.
ErrorOr<WindowsPath> parse_windows_path(Span<const u16> name, const WindowsPath* current_directory);

/// Folds a code point for name comparison: ASCII and Latin-1 letters to lower case.
constexpr u32 fold_case(u32 code_point) {
    if (code_point >= 'A' && code_point <= 'Z')
        return code_point + 0x20;
    if (code_point >= 0xC0 && code_point <= 0xDE && code_point != 0xD7)
        return code_point + 0x20;
    return code_point;
}

/// Case-insensitive name comparison with ASCII and Latin-1 folding.
// FIXME: NTFS compares with the volume's $UpCase table, which folds all of Unicode.
bool names_equal_ignoring_case(StringView a, StringView b);

/// The order of names in a directory listing: case folded as NTFS's upcase collation orders
/// them (ASCII only for now), shorter first on a common prefix. Negative, zero or positive like
/// strcmp. Every volume lists in this order.
int compare_for_listing(StringView a, StringView b);

/// ObjectNameInvalid when `component` could not be a Windows file name: empty, "." or "..",
/// characters < > : " | ? * / \ or control characters, malformed UTF-8, or longer than
/// kMaxComponentLength.
ErrorOr<void> validate_component(StringView component);

/// The DOS device a final path component denotes, by the Windows 10 rules above (CONIN$ and
/// CONOUT$ excluded: those count only as a whole name).
DosDevice dos_device_for_component(StringView component);

} // namespace halcyon::fs
