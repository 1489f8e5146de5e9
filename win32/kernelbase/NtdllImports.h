#pragma once

// The ntdll interface kernelbase is built on: the Rtl*/Ldr* exports (declared by the ntdll
// headers, with their Windows prototypes) and the generated Nt* system-call prototypes.

#include "halcyon/ntdef.h"
#include "halcyon/ntldr.h"
#include "halcyon/ntrtl.h"
#include "halcyon/ntrtlutil.h"
#include "halcyon/ntsyscalls.gen.h"
