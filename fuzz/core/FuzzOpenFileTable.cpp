// libFuzzer harness for NT share access and the open-file table (core/fs/ShareAccess.h,
// core/fs/OpenFileTable.cpp): random claims, releases, narrowing and deletion marks on a few file
// identities, checked against a plain model after every step.
//
// Built by fuzz/core/CMakeLists.txt: `tools/halcyon fuzz fuzz_open_file_table` runs it under libFuzzer; every other
// build replays fuzz/core/corpus/open_file_table/ as a CTest test.
//
// Invariants checked on every step:
// - a claim succeeds exactly when the model says: DeletePending on a marked file, else
//   SharingViolation when some live open of the file conflicts with it pairwise (the
//   "Creating and Opening Files" rule, which the counts in ShareAccess must agree with),
// - the table holds exactly the files that have live claims,
// - a marked file is removed once, when its last claim goes, and never otherwise.

#include <core/fs/OpenFileTable.h>

#include <fuzzer/FuzzedDataProvider.h>

#include <stdio.h>
#include <stdlib.h>

#include <vector>

using namespace halcyon;
using namespace halcyon::fs;

namespace {

void check(bool condition, const char* what) {
    if (!condition) {
        fprintf(stderr, "FuzzOpenFileTable invariant failed: %s\n", what);
        abort();
    }
}

constexpr usize kFileCount = 3;
constexpr usize kMaxClaims = 12;

class CountingNode final : public Vnode {
public:
    bool is_directory() const override { return false; }
    ErrorOr<usize> read(u64, Bytes) override { return usize{0}; }
    ErrorOr<usize> write(u64, ReadonlyBytes data) override { return data.size(); }
    ErrorOr<void> set_size(u64) override { return {}; }
    ErrorOr<FileStat> stat() override { return FileStat{}; }
    ErrorOr<void> flush() override { return {}; }
    ErrorOr<Vector<DirectoryEntry>> list_directory() override { return Error(status::NotADirectory); }
    ErrorOr<void> remove() override {
        ++removals;
        return {};
    }
    int removals{0};
};

struct LiveClaim {
    usize file;
    ShareMode mode;
    ShareClaim claim;
};

struct Model {
    std::vector<LiveClaim> claims;
    bool marked[kFileCount]{};
    int expected_removals[kFileCount]{};
};

bool conflicts(const ShareMode& existing, const ShareMode& wanted) {
    if (!existing.takes_part() || !wanted.takes_part())
        return false;
    return (wanted.reads && !existing.shares_read) || (wanted.writes && !existing.shares_write) ||
           (wanted.deletes && !existing.shares_delete) || (existing.reads && !wanted.shares_read) ||
           (existing.writes && !wanted.shares_write) || (existing.deletes && !wanted.shares_delete);
}

u32 consume_access(FuzzedDataProvider& provider) {
    constexpr u32 kBits[] = {file_access::ReadData,        file_access::WriteData,
                             file_access::AppendData,      file_access::Execute,
                             file_access::Delete,          file_access::ReadAttributes,
                             file_access::WriteAttributes, file_access::Synchronize};
    u32 access = 0;
    u8 mask = provider.ConsumeIntegral<u8>();
    for (usize i = 0; i < sizeof(kBits) / sizeof(kBits[0]); ++i) {
        if (mask & (1u << i))
            access |= kBits[i];
    }
    return access;
}

void check_table(const OpenFileTable& table, const Model& model) {
    usize open_files = 0;
    for (usize file = 0; file < kFileCount; ++file) {
        for (auto& live : model.claims) {
            if (live.file == file) {
                ++open_files;
                break;
            }
        }
    }
    check(table.open_file_count() == open_files, "the table holds exactly the files with live claims");
}

void forget_claim(Model& model, usize index, CountingNode* nodes[]) {
    usize file = model.claims[index].file;
    bool last = true;
    for (usize i = 0; i < model.claims.size(); ++i) {
        if (i != index && model.claims[i].file == file)
            last = false;
    }
    if (last && model.marked[file]) {
        ++model.expected_removals[file];
        model.marked[file] = false;
    }
    ShareClaim claim = move(model.claims[index].claim);
    model.claims.erase(model.claims.begin() + static_cast<long>(index));
    check(!claim.release().is_error(), "release succeeds");
    check(nodes[file]->removals == model.expected_removals[file],
          "removal happens exactly at the last close");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider provider(data, size);
    OpenFileTable table;
    RefPtr<CountingNode> nodes[kFileCount];
    CountingNode* raw_nodes[kFileCount];
    for (usize i = 0; i < kFileCount; ++i) {
        nodes[i] = RefPtr<CountingNode>(try_make<CountingNode>().release_value());
        raw_nodes[i] = nodes[i].get();
    }
    Model model;

    while (provider.remaining_bytes() > 0) {
        switch (provider.ConsumeIntegralInRange<int>(0, 4)) {
        case 0: { // Open.
            usize file = provider.ConsumeIntegralInRange<usize>(0, kFileCount - 1);
            u32 access = consume_access(provider);
            u32 share = provider.ConsumeIntegralInRange<u32>(0, 7);
            ShareMode mode = ShareMode::from(access, share);
            bool conflict = false;
            for (auto& live : model.claims)
                conflict |= live.file == file && conflicts(live.mode, mode);
            auto claimed = table.claim(FileIdentity{7, file}, access, share);
            if (model.marked[file]) {
                check(claimed.is_error() && claimed.error().status() == status::DeletePending,
                      "a marked file refuses opens");
            } else if (conflict) {
                check(claimed.is_error() && claimed.error().status() == status::SharingViolation,
                      "a conflicting open is refused");
            } else {
                check(!claimed.is_error(), "a compatible open is admitted");
                if (model.claims.size() < kMaxClaims)
                    model.claims.push_back(LiveClaim{file, mode, claimed.release_value()});
            }
            break;
        }
        case 1: // Close.
            if (!model.claims.empty())
                forget_claim(model, provider.ConsumeIntegralInRange<usize>(0, model.claims.size() - 1),
                             raw_nodes);
            break;
        case 2: { // Narrow to a subset of the access.
            if (model.claims.empty())
                break;
            LiveClaim& live =
                model.claims[provider.ConsumeIntegralInRange<usize>(0, model.claims.size() - 1)];
            u32 keep = (live.mode.reads ? file_access::ReadData : 0) |
                       (live.mode.writes ? file_access::WriteData : 0) |
                       (live.mode.deletes ? file_access::Delete : 0);
            keep &= consume_access(provider);
            live.claim.narrow_access(keep);
            ShareMode narrowed = ShareMode::from(keep, 0);
            narrowed.shares_read = live.mode.shares_read;
            narrowed.shares_write = live.mode.shares_write;
            narrowed.shares_delete = live.mode.shares_delete;
            live.mode = narrowed;
            break;
        }
        case 3: { // Mark or unmark for deletion.
            if (model.claims.empty())
                break;
            LiveClaim& live =
                model.claims[provider.ConsumeIntegralInRange<usize>(0, model.claims.size() - 1)];
            bool mark = provider.ConsumeBool();
            live.claim.set_delete_pending(mark ? RefPtr<Vnode>(nodes[live.file]) : RefPtr<Vnode>());
            model.marked[live.file] = mark;
            break;
        }
        case 4: // Query the mark.
            if (!model.claims.empty()) {
                LiveClaim& live =
                    model.claims[provider.ConsumeIntegralInRange<usize>(0, model.claims.size() - 1)];
                check(live.claim.is_delete_pending() == model.marked[live.file],
                      "every open sees the file's mark");
            }
            break;
        }
        check_table(table, model);
    }
    while (!model.claims.empty())
        forget_claim(model, model.claims.size() - 1, raw_nodes);
    check(table.open_file_count() == 0, "closing everything empties the table");
    return 0;
}
