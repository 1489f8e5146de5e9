// A minimal PE32 (i386) console image: no CRT, no imports. Halcyon runs PE32+ only and must reject
// it with "32-bit images are not supported".
int start(void)
{
    return 0;
}
