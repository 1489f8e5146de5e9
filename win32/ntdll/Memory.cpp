// The Rtl memory helpers. RtlZeroMemory & co. are macros in the Windows SDK but real exports
// of ntdll that some programs and runtimes import by name.

#include "Ntdll.h"

extern "C" {

SIZE_T NTAPI RtlCompareMemory(const void* a, const void* b, SIZE_T length) {
    auto* x = static_cast<const unsigned char*>(a);
    auto* y = static_cast<const unsigned char*>(b);
    SIZE_T i = 0;
    while (i < length && x[i] == y[i])
        ++i;
    return i; // the number of leading bytes that match
}

void NTAPI RtlZeroMemory(void* destination, SIZE_T length) {
    __builtin_memset(destination, 0, length);
}

void NTAPI RtlFillMemory(void* destination, SIZE_T length, UCHAR fill) {
    __builtin_memset(destination, fill, length);
}

void NTAPI RtlMoveMemory(void* destination, const void* source, SIZE_T length) {
    __builtin_memmove(destination, source, length);
}

void NTAPI RtlCopyMemory(void* destination, const void* source, SIZE_T length) {
    __builtin_memmove(destination, source, length);
}

} // extern "C"
