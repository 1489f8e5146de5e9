#pragma once

// Helpers for the registry unit tests: UTF-16 names from ASCII literals.

#include "core/registry/Key.h"

#include <string>
#include <vector>

namespace halcyon::registry::test {

inline std::u16string w(const char* text) {
    std::u16string out;
    for (; *text; ++text)
        out.push_back(static_cast<char16_t>(static_cast<unsigned char>(*text)));
    return out;
}

inline Span<const u16> span(const std::u16string& text) {
    return {reinterpret_cast<const u16*>(text.data()), text.size()};
}

inline std::string ascii(Span<const u16> text) {
    std::string out;
    for (u16 c : text)
        out.push_back(static_cast<char>(c));
    return out;
}

inline Span<const u8> bytes(const std::vector<u8>& data) {
    return {data.data(), data.size()};
}

} // namespace halcyon::registry::test
