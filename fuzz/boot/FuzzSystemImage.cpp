// The system image the loader passes to the kernel (a ustar archive, core/fs/Ustar.h) and the
// ramdisk volume built from it (core/fs/RamdiskFs.h): any bytes are read or refused with
// InvalidImageFormat, never read outside the buffer; every accepted file opens by its path and
// reads back exactly its bytes from the archive.

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <core/fs/RamdiskFs.h>
#include <core/fs/Ustar.h>

using namespace halcyon;
using namespace halcyon::fs;

namespace {

// Opens `path` ('/'-separated) on `volume` and checks its contents equal `expected`.
void check_file(RamdiskFileSystem& volume, StringView path, ReadonlyBytes expected) {
    String components[ustar::kMaxPathLength / 2 + 1];
    usize count = 0;
    ustar::for_each_component(path, [&](StringView component) {
        components[count++] = String::from(component).release_value();
        return true;
    });
    OpenRequest request;
    request.desired_access = file_access::ReadData;
    request.share_access = file_share::Read;
    auto opened = volume.open(Span<const String>(components, count), request);
    if (opened.is_error()) {
        // Only a later entry of the same name in another case could hide it, which create()
        // refuses; a sharing conflict is impossible (every open here shares reading).
        abort();
    }
    static u8 buffer[1 << 16];
    if (expected.size() > sizeof buffer)
        return;
    auto read = opened.value().node->read(0, Bytes(buffer, sizeof buffer));
    if (read.is_error() || read.value() != expected.size() || memcmp(buffer, expected.data(), expected.size()) != 0)
        abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    ReadonlyBytes archive(data, size);
    ustar::Reader reader(archive);
    ustar::Entry entry;
    usize entries = 0;
    for (;;) {
        auto next = reader.next(entry);
        if (next.is_error()) {
            if (next.error().status() != status::InvalidImageFormat)
                abort();
            break;
        }
        if (!next.value())
            break;
        ++entries;
        if (entry.path_length == 0 || entry.path_length > ustar::kMaxPathLength ||
            (entry.data.size() && (entry.data.data() < data || entry.data.data() + entry.data.size() > data + size)))
            abort();
    }
    auto volume = RamdiskFileSystem::create(archive, 1, 0);
    if (volume.is_error()) {
        if (volume.error().status() != status::InvalidImageFormat && volume.error().status() != status::NoMemory)
            abort();
        return 0;
    }
    ustar::Reader again(archive);
    while (true) {
        auto next = again.next(entry);
        if (next.is_error() || !next.value())
            break;
        if (entry.type == ustar::EntryType::File)
            check_file(*volume.value(), entry.path(), entry.data);
    }
    (void)entries;
    return 0;
}
