// MSVC-compatible compilers reference _fltused from any object that uses floating point; the
// CRT defines it to tell old linkers to pull in floating-point support. The value is the
// traditional one.
extern "C" int _fltused = 0x9875;
