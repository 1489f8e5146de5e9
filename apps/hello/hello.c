// The smallest console program: what every Windows tutorial starts with.
#include <stdio.h>

int main(void)
{
    printf("Hello, world!\n");
    return 0;
}
