#pragma once

// The process's time zone (TimeZone.cpp), for the local-time functions of Time.cpp.

#include "win32/kernelbase/TimeZoneRules.h"

namespace halcyon::kernelbase {

/// The zone from the TZ environment variable, or UTC (see TimeZoneRules.h).
void current_zone(win32::time::ZoneRule& rule);

/// The bias (minutes, UTC = local + bias) in effect now, as FileTimeToLocalFileTime uses it.
int32_t current_bias();

} // namespace halcyon::kernelbase
