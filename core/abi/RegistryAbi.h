#pragma once

// The registry's user-mode ABI, shared by the kernel (core/syscall/services/Registry.cpp) and
// kernelbase: the NT key paths of the predefined keys and the layouts of the information
// classes of NtQueryKey / NtEnumerateKey / NtQueryValueKey / NtEnumerateValueKey (wdm.h).
// Freestanding: includes only core/lib/Types.h.

#include "core/lib/Types.h"

namespace halcyon::abi::registry {

/// HKEY_LOCAL_MACHINE and HKEY_USERS.
constexpr const char* kMachinePath = "\\Registry\\Machine";
constexpr const char* kUsersPath = "\\Registry\\User";
/// The one user Halcyon has. NT names a user's hive by the user's SID; Halcyon has no tokens
/// yet, so every process runs as this made-up local account (FIXME: tokens, one hive per user).
constexpr const char* kCurrentUserSid = "S-1-5-21-1000-1000-1000-1000";
constexpr const char* kCurrentUserPath = "\\Registry\\User\\S-1-5-21-1000-1000-1000-1000";
/// HKEY_CLASSES_ROOT. FIXME: on Windows it merges HKCU\Software\Classes over this machine-wide
/// key; Halcyon shows the machine-wide key alone.
constexpr const char* kClassesRootPath = "\\Registry\\Machine\\Software\\Classes";

/// KEY_INFORMATION_CLASS and KEY_VALUE_INFORMATION_CLASS values Halcyon implements.
constexpr u32 kKeyBasicInformation = 0;
constexpr u32 kKeyNodeInformation = 1;
constexpr u32 kKeyFullInformation = 2;
constexpr u32 kKeyNameInformation = 3;
constexpr u32 kKeyValueBasicInformation = 0;
constexpr u32 kKeyValueFullInformation = 1;
constexpr u32 kKeyValuePartialInformation = 2;

/// Fixed parts (the offset of the first variable-length member), as in wdm.h.
constexpr u32 kKeyBasicFixed = 16; // LastWriteTime, TitleIndex, NameLength | Name
constexpr u32 kKeyNodeFixed = 24;  // LastWriteTime, TitleIndex, ClassOffset, ClassLength, NameLength | Name
constexpr u32 kKeyFullFixed =
    44; // ..., SubKeys, MaxNameLen, MaxClassLen, Values, MaxValueNameLen, MaxValueDataLen | Class
constexpr u32 kKeyNameFixed = 4;       // NameLength | Name
constexpr u32 kValueBasicFixed = 12;   // TitleIndex, Type, NameLength | Name
constexpr u32 kValueFullFixed = 20;    // TitleIndex, Type, DataOffset, DataLength, NameLength | Name
constexpr u32 kValuePartialFixed = 12; // TitleIndex, Type, DataLength | Data

/// NtCreateKey CreateOptions and dispositions.
constexpr u32 kRegOptionVolatile = 0x1;
constexpr u32 kRegCreatedNewKey = 1;
constexpr u32 kRegOpenedExistingKey = 2;

} // namespace halcyon::abi::registry
