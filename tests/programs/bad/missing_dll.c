// Imports a function from a DLL that does not exist. The loader must refuse to start the program
// (Windows: STATUS_DLL_NOT_FOUND, 0xC0000135) and name the DLL; main never runs.
#include <stdio.h>

__declspec(dllimport) int halcyon_missing_function(void);

int main(void)
{
    printf("main ran\n");
    return halcyon_missing_function();
}
