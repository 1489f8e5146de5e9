#pragma once

// The CRT's copy of the process environment (_environ / _wenviron), built at start-up from
// GetEnvironmentStringsW and kept in step by _putenv.

#include "win32/crt/CrtTypes.h"

namespace crt {

/// Builds _environ, _wenviron, __initenv and __winitenv. Returns false when out of memory.
bool initialize_environment();

} // namespace crt
