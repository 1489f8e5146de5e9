#pragma once

// errno values (Microsoft's errno.h) and the mapping from Win32 errors (the CRT's _dosmaperr).

#include "win32/crt/CrtTypes.h"

namespace crt {

enum Errno : int {
    kEPERM = 1, kENOENT = 2, kESRCH = 3, kEINTR = 4, kEIO = 5, kENXIO = 6, kE2BIG = 7,
    kENOEXEC = 8, kEBADF = 9, kECHILD = 10, kEAGAIN = 11, kENOMEM = 12, kEACCES = 13,
    kEFAULT = 14, kEBUSY = 16, kEEXIST = 17, kEXDEV = 18, kENODEV = 19, kENOTDIR = 20,
    kEISDIR = 21, kEINVAL = 22, kENFILE = 23, kEMFILE = 24, kENOTTY = 25, kEFBIG = 27,
    kENOSPC = 28, kESPIPE = 29, kEROFS = 30, kEMLINK = 31, kEPIPE = 32, kEDOM = 33,
    kERANGE = 34, kEDEADLK = 36, kENAMETOOLONG = 38, kENOLCK = 39, kENOSYS = 40,
    kENOTEMPTY = 41, kEILSEQ = 42, kSTRUNCATE = 80,
};

void set_errno(int value);
int get_errno();
/// Sets errno and _doserrno from a Win32 error code, like the CRT's _dosmaperr.
void set_errno_from_win32(uint32_t win32_error);
/// errno for a Win32 error code.
int errno_for_win32(uint32_t win32_error);

} // namespace crt
