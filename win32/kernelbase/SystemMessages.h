#pragma once

// The system message table behind FormatMessage(FORMAT_MESSAGE_FROM_SYSTEM).

#include "halcyon/win32.h"

namespace halcyon::kernelbase {

/// The English text of Win32 error `code` (ASCII, ending in "\r\n", inserts as %1...), or null
/// when the table has none.
const char* system_message(DWORD code);

} // namespace halcyon::kernelbase
