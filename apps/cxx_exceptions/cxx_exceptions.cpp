// C++ exceptions and iostreams with mingw-w64 g++ and its runtime DLLs (libstdc++-6.dll,
// libgcc_s_seh-1.dll): libgcc's SEH unwinder raises each exception with RaiseException and
// unwinds with ntdll's RtlUnwindEx, running destructors on the way; rethrow, catch by base class,
// exceptions thrown inside libstdc++ (vector::at) and formatted stream output.
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>
#include <iostream>
#include <sstream>

struct Tracer {
    const char* name;
    explicit Tracer(const char* n) : name(n) { printf("construct %s\n", name); }
    ~Tracer() { printf("destroy %s\n", name); }
};

static int depth_throw(int n) {
    Tracer t("frame");
    if (n == 0)
        throw std::runtime_error("bottom reached");
    return depth_throw(n - 1) + 1;
}

int main() {
    try {
        Tracer outer("outer");
        throw 42;
    } catch (int value) {
        printf("caught int %d\n", value);
    }
    try {
        depth_throw(3);
    } catch (const std::exception& e) {
        printf("caught std::exception: %s\n", e.what());
    }
    try {
        std::vector<int> v(3);
        v.at(10) = 1;
    } catch (const std::out_of_range& e) {
        printf("caught out_of_range\n");
    }
    try {
        try {
            throw std::string("inner");
        } catch (std::string& s) {
            printf("caught %s, rethrowing\n", s.c_str());
            throw;
        }
    } catch (const std::string& s) {
        printf("caught again %s\n", s.c_str());
    }
    std::ostringstream out;
    out << "iostream " << 3.5 << ' ' << std::hex << 255;
    std::cout << out.str() << std::endl;
    return 0;
}
