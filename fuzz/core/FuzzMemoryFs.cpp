// libFuzzer harness for the writable in-memory volume (core/fs/MemoryFs.cpp): random sequences of
// creates, directory creates, writes, size changes, deletes, renames and read-only changes on a
// small namespace (three names, any case, up to three levels), through the VFS, each checked
// against a plain model (a map from folded path to contents), with kernel-heap failures injected
// into some operations.
//
// Built by fuzz/core/CMakeLists.txt: `tools/halcyon fuzz fuzz_memory_fs` runs it under libFuzzer;
// every other build replays fuzz/core/corpus/memory_fs/ as a CTest test.
//
// Invariants checked after every step:
// - every operation succeeds or fails exactly as the model predicts (status for status),
// - an operation that fails for lack of memory (NoMemory) changes nothing,
// - the volume holds exactly the model's files and directories, with the model's contents,
//   read-only bits and listing order, and charges exactly the model's clusters.

#include <core/fs/FileObject.h>
#include <core/fs/MemoryFs.h>
#include <core/fs/Vfs.h>
#include <tests/support/KernelHeapForTests.h>

#include <fuzzer/FuzzedDataProvider.h>

#include <stdio.h>
#include <stdlib.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

using namespace halcyon;
using namespace halcyon::fs;

namespace {

void check(bool condition, const char* what) {
    if (!condition) {
        fprintf(stderr, "FuzzMemoryFs invariant failed: %s\n", what);
        abort();
    }
}

constexpr u64 kCapacity = 32 * 1024;
constexpr u32 kShareAll = file_share::Read | file_share::Write | file_share::Delete;
constexpr u64 kCluster = MemoryFileSystem::kClusterSize;

u64 fake_clock() {
    return 1;
}

struct ModelNode {
    bool is_directory{false};
    bool read_only{false};
    std::string data;
    /// The name as last given (case preserved).
    std::string name;
};

std::string fold(const std::string& text) {
    std::string out = text;
    for (char& c : out)
        c = (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
    return out;
}

// The model: folded paths ("a\\b") to nodes; the root is "".
struct Model {
    std::map<std::string, ModelNode> nodes;

    static std::string parent_of(const std::string& key) {
        usize slash = key.rfind('\\');
        return slash == std::string::npos ? std::string() : key.substr(0, slash);
    }
    bool is_directory(const std::string& key) const {
        if (key.empty())
            return true;
        auto it = nodes.find(key);
        return it != nodes.end() && it->second.is_directory;
    }
    bool exists(const std::string& key) const { return nodes.count(key) != 0; }
    bool has_children(const std::string& key) const {
        for (auto& [path, node] : nodes) {
            if (parent_of(path) == key)
                return true;
        }
        return false;
    }
    u64 used() const {
        u64 total = 0;
        for (auto& [path, node] : nodes)
            total += (node.data.size() + kCluster - 1) / kCluster * kCluster;
        return total;
    }
    // What opening `key` says about a missing parent.
    bool parent_ok(const std::string& key) const { return is_directory(parent_of(key)); }
};

struct Harness {
    RefPtr<MemoryFileSystem> fs;
    Vfs vfs;
    Model model;

    ErrorOr<OpenResult> open(const std::string& name, u32 disposition, u32 options, u32 access) {
        std::string full = "D:\\" + name;
        WindowsPath path = TRY(parse_windows_path(StringView(full.data(), full.size()), nullptr));
        OpenRequest request;
        request.desired_access = access;
        request.disposition = disposition;
        request.options = options;
        request.share_access = kShareAll;
        return vfs.open(path, request);
    }

    static NtStatus status_of(const ErrorOr<void>& result) {
        return result.is_error() ? result.error().status() : status::Success;
    }

    // Compares the whole volume with the model, directory by directory.
    void verify_directory(const std::string& key) {
        ErrorOr<OpenResult> opened =
            open(key, disposition::Open, create_option::DirectoryFile, file_access::ListDirectory);
        check(!opened.is_error(), "a model directory does not open");
        auto entries = opened.value().node->list_directory();
        check(!entries.is_error(), "a directory does not list");
        std::vector<std::pair<std::string, std::string>> expected; // folded, as given
        for (auto& [path, node] : model.nodes) {
            if (Model::parent_of(path) == key)
                expected.emplace_back(fold(node.name), node.name);
        }
        std::sort(expected.begin(), expected.end());
        usize first = key.empty() ? 0 : 2;
        check(entries.value().size() == expected.size() + first, "a listing has the wrong number of entries");
        for (usize i = 0; i < expected.size(); ++i) {
            DirectoryEntry& entry = entries.value()[first + i];
            std::string name(entry.name.view().data(), entry.name.view().length());
            check(name == expected[i].second, "a listing differs from the model (names, case or order)");
            std::string child = key.empty() ? name : key + "\\" + name;
            const ModelNode& node = model.nodes[fold(child)];
            check(entry.stat.is_directory == node.is_directory, "a node's type differs from the model");
            check(bool(entry.stat.attributes & file_attribute::ReadOnly) == node.read_only,
                  "a read-only bit differs from the model");
            if (node.is_directory) {
                verify_directory(fold(child));
                continue;
            }
            check(entry.stat.size == node.data.size(), "a file's size differs from the model");
            ErrorOr<OpenResult> file = open(child, disposition::Open, 0, file_access::ReadData);
            check(!file.is_error(), "a model file does not open for reading");
            std::string contents(node.data.size() + 1, '\0');
            auto count =
                file.value().node->read(0, Bytes(reinterpret_cast<u8*>(contents.data()), contents.size()));
            check(!count.is_error() && count.value() == node.data.size(),
                  "a file reads back the wrong length");
            contents.resize(count.value());
            check(contents == node.data, "a file's contents differ from the model");
        }
    }

    void verify() {
        verify_directory("");
        check(fs->used_bytes() == model.used(), "the volume charges other clusters than the model");
    }
};

std::string random_path(FuzzedDataProvider& input) {
    static const char* const kNames[] = {"a", "b", "c"};
    usize depth = input.ConsumeIntegralInRange<usize>(1, 3);
    std::string path;
    for (usize i = 0; i < depth; ++i) {
        std::string name = kNames[input.ConsumeIntegralInRange<usize>(0, 2)];
        if (input.ConsumeBool())
            name[0] = char(name[0] - 'a' + 'A');
        path += (i ? "\\" : "") + name;
    }
    return path;
}

std::string last_name(const std::string& path) {
    usize slash = path.rfind('\\');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Allocations fail after `allowed` more in the scope when `inject`.
struct MaybeFailing {
    MaybeFailing(bool inject, long allowed) : inject(inject) {
        if (inject)
            test_support::fail_allocations_after(allowed);
    }
    ~MaybeFailing() {
        if (inject)
            test_support::stop_failing_allocations();
    }
    bool inject;
};

void create(Harness& h, FuzzedDataProvider& input, bool directory, bool inject, long allowed) {
    std::string path = random_path(input);
    std::string key = fold(path);
    static const u32 kDispositions[] = {disposition::Supersede, disposition::Open,
                                        disposition::Create,    disposition::OpenIf,
                                        disposition::Overwrite, disposition::OverwriteIf};
    u32 disp = directory ? disposition::Create : kDispositions[input.ConsumeIntegralInRange<usize>(0, 5)];
    u32 access = file_access::GenericRead | (input.ConsumeBool() ? file_access::GenericWrite : 0);
    bool exists = h.model.exists(key);
    bool existing_directory = exists && h.model.nodes[key].is_directory;
    bool truncates =
        disp == disposition::Supersede || disp == disposition::Overwrite || disp == disposition::OverwriteIf;
    NtStatus expected = status::Success;
    if (!h.model.parent_ok(key))
        expected = status::ObjectPathNotFound;
    else if (!exists && (disp == disposition::Open || disp == disposition::Overwrite))
        expected = status::ObjectNameNotFound;
    else if (exists && disp == disposition::Create)
        expected = status::ObjectNameCollision;
    else if (existing_directory && truncates)
        expected = status::FileIsADirectory;
    else if (exists && !existing_directory && h.model.nodes[key].read_only &&
             ((access & file_access::GenericWrite) || truncates))
        expected = status::AccessDenied;

    ErrorOr<OpenResult> opened = [&] {
        MaybeFailing failing(inject, allowed);
        return h.open(path, disp, directory ? create_option::DirectoryFile : 0, access);
    }();
    NtStatus got = opened.is_error() ? opened.error().status() : status::Success;
    if (got == status::NoMemory && inject)
        return;
    check(got == expected, "a create's status differs from the model");
    if (got != status::Success)
        return;
    if (!exists) {
        ModelNode node;
        node.is_directory = directory;
        node.name = last_name(path);
        h.model.nodes[key] = node;
    } else if (truncates) {
        h.model.nodes[key].data.clear();
    }
}

// Writes or resizes an existing file through an open made without injected failures.
void change_data(Harness& h, FuzzedDataProvider& input, bool resize, bool inject, long allowed) {
    std::string path = random_path(input);
    std::string key = fold(path);
    if (!h.model.exists(key) || h.model.nodes[key].is_directory || h.model.nodes[key].read_only)
        return;
    ErrorOr<OpenResult> opened =
        h.open(path, disposition::Open, 0, file_access::GenericRead | file_access::GenericWrite);
    check(!opened.is_error(), "a writable model file does not open for writing");
    ModelNode& node = h.model.nodes[key];
    u64 offset = input.ConsumeIntegralInRange<u64>(0, 40000);
    std::string data = resize ? std::string() : input.ConsumeRandomLengthString(6000);
    u64 new_size = resize ? offset : std::max<u64>(node.data.size(), data.empty() ? 0 : offset + data.size());
    u64 used_after = h.model.used() - (node.data.size() + kCluster - 1) / kCluster * kCluster +
                     (new_size + kCluster - 1) / kCluster * kCluster;
    NtStatus expected = used_after > kCapacity ? status::DiskFull : status::Success;
    NtStatus got;
    {
        MaybeFailing failing(inject, allowed);
        if (resize) {
            got = Harness::status_of(opened.value().node->set_size(offset));
        } else {
            auto written = opened.value().node->write(
                offset, ReadonlyBytes(reinterpret_cast<const u8*>(data.data()), data.size()));
            got = written.is_error() ? written.error().status() : status::Success;
            check(written.is_error() || written.value() == data.size(), "a write was short");
        }
    }
    if (got == status::NoMemory && inject)
        return;
    check(got == expected, "a write or resize status differs from the model");
    if (got != status::Success)
        return;
    if (resize) {
        node.data.resize(offset, '\0');
    } else if (!data.empty()) {
        if (node.data.size() < offset + data.size())
            node.data.resize(offset + data.size(), '\0');
        node.data.replace(offset, data.size(), data);
    }
}

void remove(Harness& h, FuzzedDataProvider& input) {
    std::string path = random_path(input);
    std::string key = fold(path);
    NtStatus expected = status::Success;
    if (!h.model.parent_ok(key))
        expected = status::ObjectPathNotFound;
    else if (!h.model.exists(key))
        expected = status::ObjectNameNotFound;
    else if (h.model.nodes[key].read_only)
        expected = status::AccessDenied;
    else if (h.model.has_children(key))
        expected = status::DirectoryNotEmpty;
    std::string full = "D:\\" + path;
    auto parsed = parse_windows_path(StringView(full.data(), full.size()), nullptr);
    check(!parsed.is_error(), "a generated path does not parse");
    NtStatus got = Harness::status_of(h.vfs.remove(parsed.value()));
    check(got == expected, "a delete's status differs from the model");
    if (got == status::Success)
        h.model.nodes.erase(key);
}

void rename(Harness& h, FuzzedDataProvider& input, bool inject, long allowed) {
    std::string from = random_path(input);
    std::string to = random_path(input);
    bool replace = input.ConsumeBool();
    std::string from_key = fold(from), to_key = fold(to);
    if (!h.model.exists(from_key))
        return;
    ErrorOr<OpenResult> opened = h.open(from, disposition::Open, 0, file_access::Delete);
    check(!opened.is_error(), "a model node does not open for DELETE");
    bool into_itself = h.model.nodes[from_key].is_directory && (to_key.rfind(from_key + "\\", 0) == 0);
    bool target_exists = h.model.exists(to_key) && to_key != from_key;
    NtStatus expected = status::Success;
    if (!h.model.parent_ok(to_key))
        expected = status::ObjectPathNotFound;
    else if (into_itself)
        expected = status::InvalidParameter;
    else if (target_exists && !replace)
        expected = status::ObjectNameCollision;
    else if (target_exists && (h.model.nodes[to_key].is_directory || h.model.nodes[to_key].read_only))
        expected = status::AccessDenied;
    std::string full = "D:\\" + to;
    auto parsed = parse_windows_path(StringView(full.data(), full.size()), nullptr);
    check(!parsed.is_error(), "a generated path does not parse");
    NtStatus got;
    {
        MaybeFailing failing(inject, allowed);
        got =
            Harness::status_of(opened.value().node->rename(*h.fs, parsed.value().components.span(), replace));
    }
    if (got == status::NoMemory && inject)
        return;
    check(got == expected, "a rename's status differs from the model");
    if (got != status::Success)
        return;
    // Move the node and everything below it.
    std::map<std::string, ModelNode> moved;
    for (auto it = h.model.nodes.begin(); it != h.model.nodes.end();) {
        if (it->first == from_key || it->first.rfind(from_key + "\\", 0) == 0) {
            moved[to_key + it->first.substr(from_key.size())] = it->second;
            it = h.model.nodes.erase(it);
        } else {
            ++it;
        }
    }
    if (target_exists)
        h.model.nodes.erase(to_key);
    moved[to_key].name = last_name(to);
    for (auto& [path, node] : moved)
        h.model.nodes[path] = node;
}

void set_read_only(Harness& h, FuzzedDataProvider& input) {
    std::string path = random_path(input);
    std::string key = fold(path);
    if (!h.model.exists(key))
        return;
    bool read_only = input.ConsumeBool();
    ErrorOr<OpenResult> opened =
        h.open(path, disposition::Open, 0, file_access::ReadAttributes | file_access::WriteAttributes);
    check(!opened.is_error(), "a model node does not open for attributes");
    check(!opened.value().node->set_read_only(read_only).is_error(), "set_read_only failed");
    h.model.nodes[key].read_only = read_only;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider input(data, size);
    Harness h;
    auto fs = MemoryFileSystem::create(kCapacity, 0x5eed, fake_clock);
    check(!fs.is_error(), "the volume cannot be created");
    h.fs = fs.release_value();
    check(!h.vfs.mount('D', h.fs).is_error(), "the volume cannot be mounted");
    for (int step = 0; step < 64 && input.remaining_bytes() > 0; ++step) {
        u8 op = input.ConsumeIntegral<u8>();
        bool inject = (op & 0x80) != 0;
        long allowed = inject ? input.ConsumeIntegralInRange<long>(0, 8) : 0;
        switch (op & 0x7f) {
        case 0:
        case 1:
        case 2:
            create(h, input, false, inject, allowed);
            break;
        case 3:
            create(h, input, true, inject, allowed);
            break;
        case 4:
        case 5:
        case 6:
            change_data(h, input, false, inject, allowed);
            break;
        case 7:
            change_data(h, input, true, inject, allowed);
            break;
        case 8:
            remove(h, input);
            break;
        case 9:
        case 10:
            rename(h, input, inject, allowed);
            break;
        case 11:
            set_read_only(h, input);
            break;
        default:
            break;
        }
        h.verify();
    }
    return 0;
}
