// errno, _doserrno and the Win32 -> errno mapping (the table of the CRT's dosmap.c).

#include "win32/crt/Errno.h"
#include "win32/crt/ThreadData.h"

namespace crt {

void set_errno(int value) { thread_data().error_number = value; }
int get_errno() { return thread_data().error_number; }

int errno_for_win32(uint32_t error) {
    struct Entry {
        uint16_t win32;
        uint8_t errno_value;
    };
    static constexpr Entry kTable[] = {
        {1, kEINVAL},    {2, kENOENT},   {3, kENOENT},   {4, kEMFILE},   {5, kEACCES},
        {6, kEBADF},     {7, kENOMEM},   {8, kENOMEM},   {9, kENOMEM},   {10, kE2BIG},
        {11, kENOEXEC},  {12, kEINVAL},  {13, kEINVAL},  {15, kENOENT},  {16, kEACCES},
        {17, kEXDEV},    {18, kENOENT},  {19, kEACCES},  {32, kEACCES},  {33, kEACCES},
        {53, kENOENT},   {65, kEACCES},  {67, kENOENT},  {80, kEEXIST},  {82, kEACCES},
        {83, kEACCES},   {87, kEINVAL},  {89, kEAGAIN},  {108, kEACCES}, {109, kEPIPE},
        {112, kENOSPC},  {114, kEBADF},  {128, kECHILD}, {129, kECHILD}, {130, kEBADF},
        {131, kEINVAL},  {132, kEACCES}, {145, kENOTEMPTY}, {158, kEACCES}, {161, kENOENT},
        {164, kEAGAIN},  {167, kEACCES}, {183, kEEXIST}, {206, kENOENT}, {215, kEAGAIN},
        {1816, kENOMEM},
    };
    for (const Entry& entry : kTable)
        if (entry.win32 == error)
            return entry.errno_value;
    // Ranges the CRT maps wholesale.
    if (error >= 19 && error <= 36)
        return kEACCES; // write-protect .. sharing-buffer-exceeded
    if (error >= 188 && error <= 202)
        return kENOEXEC; // invalid EXE signature .. infloop in reloc chain
    return kEINVAL;
}

void set_errno_from_win32(uint32_t error) {
    ThreadData& data = thread_data();
    data.dos_error = error;
    data.error_number = errno_for_win32(error);
}

} // namespace crt

CRT_EXPORT int* _errno() { return &crt::thread_data().error_number; }
CRT_EXPORT unsigned long* __doserrno() {
    return reinterpret_cast<unsigned long*>(&crt::thread_data().dos_error);
}
CRT_EXPORT int _set_errno(int value) {
    crt::set_errno(value);
    return 0;
}
CRT_EXPORT int _get_errno(int* value) {
    if (!value)
        return crt::kEINVAL;
    *value = crt::get_errno();
    return 0;
}
CRT_EXPORT int _set_doserrno(unsigned long value) {
    crt::thread_data().dos_error = static_cast<uint32_t>(value);
    return 0;
}
CRT_EXPORT int _get_doserrno(unsigned long* value) {
    if (!value)
        return crt::kEINVAL;
    *value = crt::thread_data().dos_error;
    return 0;
}
