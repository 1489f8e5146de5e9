#pragma once

// Builds ustar archives byte by byte for the ramdisk tests and the fuzzer's seeds: each header is
// laid out here (not by a library), so a test can also break any one field on purpose.

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace halcyon::boot::testing {

class UstarBuilder {
public:
    /// Appends a header (and the data, padded to 512 bytes). `type` is the typeflag byte.
    /// Returns the header's offset in the archive.
    size_t add(const std::string& name, const std::string& data, char type = '0', const std::string& prefix = "",
               uint64_t mtime = 1700000000) {
        size_t at = bytes.size();
        bytes.resize(at + 512, 0);
        uint8_t* header = bytes.data() + at;
        std::memcpy(header, name.data(), std::min<size_t>(name.size(), 100));
        octal(header + 100, 8, type == '5' ? 0755 : 0644);
        octal(header + 108, 8, 0);
        octal(header + 116, 8, 0);
        octal(header + 124, 12, data.size());
        octal(header + 136, 12, mtime);
        header[156] = static_cast<uint8_t>(type);
        std::memcpy(header + 257, "ustar\0" "00", 8);
        std::memcpy(header + 345, prefix.data(), std::min<size_t>(prefix.size(), 155));
        seal(at);
        bytes.insert(bytes.end(), data.begin(), data.end());
        bytes.resize((bytes.size() + 511) / 512 * 512, 0);
        return at;
    }
    size_t directory(const std::string& name) { return add(name, "", '5'); }
    /// Recomputes the checksum of the header at `at` (after a test changed a field).
    void seal(size_t at) {
        uint8_t* header = bytes.data() + at;
        std::memset(header + 148, ' ', 8);
        unsigned sum = 0;
        for (size_t i = 0; i < 512; ++i)
            sum += header[i];
        char text[8];
        std::snprintf(text, sizeof text, "%06o", sum);
        std::memcpy(header + 148, text, 7);
        header[155] = ' ';
    }
    /// The two zero blocks that end an archive.
    std::vector<uint8_t> finish() const {
        std::vector<uint8_t> out = bytes;
        out.resize(out.size() + 1024, 0);
        return out;
    }

    std::vector<uint8_t> bytes;

private:
    static void octal(uint8_t* field, size_t size, uint64_t value) {
        char text[24];
        std::snprintf(text, sizeof text, "%0*llo", static_cast<int>(size - 1), static_cast<unsigned long long>(value));
        std::memcpy(field, text, size - 1);
        field[size - 1] = 0;
    }
};

} // namespace halcyon::boot::testing
