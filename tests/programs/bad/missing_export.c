// Imports a function that kernel32.dll does not export. The loader must refuse to start the program
// (Windows: STATUS_ENTRYPOINT_NOT_FOUND, 0xC0000139) and name the DLL and the function.
#include <stdio.h>

__declspec(dllimport) int HalcyonNoSuchExport(void);

int main(void)
{
    printf("main ran\n");
    return HalcyonNoSuchExport();
}
