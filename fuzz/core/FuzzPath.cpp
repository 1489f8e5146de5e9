// libFuzzer harness for the Windows path parser (core/fs/Path.cpp) and the UTF converters.
//
// Built by fuzz/core/CMakeLists.txt: `tools/halcyon fuzz fuzz_path` runs it under libFuzzer; every other
// build replays fuzz/core/corpus/path/ as a CTest test.
//
// Invariants checked on every input:
// - a successful parse yields a drive A-Z and valid components (unless a DOS device was named),
// - the rendered path, re-parsed verbatim (\\?\ prefix), gives back exactly the same components,
// - re-parsing the rendered path normally never grows it,
// - UTF-16 -> UTF-8 -> UTF-16 round-trips whenever the first step succeeds.

#include <core/fs/Path.h>
#include <core/fs/Utf.h>

#include <fuzzer/FuzzedDataProvider.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

using namespace halcyon;
using namespace halcyon::fs;

namespace {

void check(bool condition, const char* what) {
    if (!condition) {
        fprintf(stderr, "FuzzPath invariant failed: %s\n", what);
        abort();
    }
}

void check_parsed(const WindowsPath& path) {
    if (path.device != DosDevice::None)
        return;
    check(path.drive >= 'A' && path.drive <= 'Z', "drive letter");
    for (auto& component : path.components)
        check(!validate_component(component.view()).is_error(), "component is a valid name");

    auto rendered = path.to_string();
    if (rendered.is_error())
        return; // Out of memory is allowed.
    StringView text = rendered.value().view();

    // Verbatim re-parse must reproduce the components exactly.
    static char verbatim[4 * kMaxPathLength + 8];
    if (text.length() + 4 < sizeof(verbatim)) {
        memcpy(verbatim, "\\\\?\\", 4);
        memcpy(verbatim + 4, text.data(), text.length());
        auto again = parse_windows_path(StringView(verbatim, text.length() + 4), nullptr);
        check(!again.is_error(), "verbatim re-parse of a rendered path succeeds");
        check(again.value().drive == path.drive, "verbatim re-parse keeps the drive");
        check(again.value().components.size() == path.components.size(), "verbatim re-parse keeps the depth");
        for (usize i = 0; i < path.components.size(); ++i)
            check(again.value().components[i].view() == path.components[i].view(), "verbatim re-parse keeps names");
    }

    // Normal re-parse may strip trailing dots again or name a device, but never adds components.
    auto normal = parse_windows_path(text, nullptr);
    if (!normal.is_error())
        check(normal.value().components.size() <= path.components.size(), "normal re-parse does not grow");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider provider(data, size);
    bool as_utf16 = provider.ConsumeBool();
    bool with_current_directory = provider.ConsumeBool();
    std::string cwd_text = provider.ConsumeRandomLengthString(64);

    WindowsPath cwd_storage;
    const WindowsPath* cwd = nullptr;
    if (with_current_directory) {
        auto parsed = parse_windows_path(StringView(cwd_text.data(), cwd_text.size()), nullptr);
        if (!parsed.is_error() && parsed.value().device == DosDevice::None) {
            cwd_storage = parsed.release_value();
            cwd = &cwd_storage;
        }
    }

    if (as_utf16) {
        std::vector<uint8_t> bytes = provider.ConsumeRemainingBytes<uint8_t>();
        std::vector<u16> units(bytes.size() / 2);
        if (!units.empty()) // memcpy's pointers must not be null, even for zero bytes.
            memcpy(units.data(), bytes.data(), units.size() * 2);
        Span<const u16> name(units.data(), units.size());

        auto utf8 = utf16_to_utf8(name);
        if (!utf8.is_error()) {
            auto back = utf8_to_utf16(utf8.value().view());
            check(!back.is_error(), "UTF-8 produced from UTF-16 converts back");
            check(back.value().size() == units.size(), "UTF-16 round trip keeps the length");
            for (usize i = 0; i < units.size(); ++i)
                check(back.value()[i] == units[i], "UTF-16 round trip keeps the units");
        }
        auto path = parse_windows_path(name, cwd);
        if (!path.is_error())
            check_parsed(path.value());
    } else {
        std::string text = provider.ConsumeRemainingBytesAsString();
        StringView name(text.data(), text.size());
        auto path = parse_windows_path(name, cwd);
        if (!path.is_error())
            check_parsed(path.value());
        check(names_equal_ignoring_case(name, name), "a name equals itself");
    }
    return 0;
}
