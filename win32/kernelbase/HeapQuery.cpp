// HeapValidate: ntdll's heap checks, with the BOOLEAN widened to a BOOL. (GetProcessHeaps is a
// forwarder to ntdll's RtlGetProcessHeaps, whose contract is already Win32's.)
// FIXME: HeapWalk (RtlWalkHeap) is not implemented yet.

#include "win32/kernelbase/KernelBase.h"

extern "C" {

BOOL WINAPI HeapValidate(HANDLE heap, DWORD flags, LPCVOID pointer) {
    return RtlValidateHeap(heap, flags, pointer) ? TRUE : FALSE;
}

} // extern "C"
