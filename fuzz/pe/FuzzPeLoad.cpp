// libFuzzer harness for the whole PE load pipeline, as ntdll's loader and the kernel run it:
// parse the file -> plan the mapping -> map -> rebase to a base other than the preferred one ->
// bind imports (and delay-load imports, eagerly) against a fake system of DLLs -> read TLS.
// The input is a PE file. The image under test also joins the fake system under its own export
// name, so its exports, forwarders and forwarder cycles take part in binding.
//
// Invariants checked (a violation traps, so libFuzzer reports it like a crash):
// - the mapping plan keeps headers read-only, regions inside the mapping and disjoint, and gives
//   a region write+execute only when its section asks for both;
// - a file that parses always maps, and the mapping parses as a mapped view;
// - rebasing either succeeds and the view reports the new base, or fails with a described error
//   (ConflictingAddresses only for an image whose relocations were stripped);
// - every IAT slot the binder writes lies inside the mapping, every bound address lies inside the
//   module that exports it, forwarder chains end (depth bound, cycles detected), and a binding
//   failure is one of the loader's statuses with a message;
// - TLS callbacks of the loaded image point into it at its new base.
//
// Built by fuzz/pe/CMakeLists.txt: `tools/halcyon fuzz fuzz_pe_load` runs it under libFuzzer;
// every other build replays fuzz/pe/corpus/load/ as a CTest test. Seeds: pe_make_load_seeds.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "fuzz/pe/FakeSystem.h"
#include "pe/ApiSet.h"
#include "pe/Exports.h"
#include "pe/Image.h"
#include "pe/Imports.h"
#include "pe/Mapper.h"
#include "pe/Relocations.h"
#include "pe/Tls.h"

using namespace halcyon;
using namespace halcyon::pe;
using namespace halcyon::pe::fuzz;

namespace {

/// Bounds the memory of one run: larger SizeOfImage values are valid but teach the fuzzer
/// nothing new and make each execution slow.
constexpr u32 kMaxMappedSize = 8 * MiB;
/// As ntdll: real forwarder chains are one or two hops.
constexpr int kMaxForwarderDepth = 16;

/// HALCYON_FUZZ_TRACE=1 prints what each input did (for checking that seeds reach what they
/// were written for); off while fuzzing.
bool tracing() {
    static bool const enabled = std::getenv("HALCYON_FUZZ_TRACE") != nullptr;
    return enabled;
}

#define FUZZ_CHECK(condition)                                                                          \
    do {                                                                                               \
        if (!(condition))                                                                              \
            __builtin_trap();                                                                          \
    } while (0)

template <typename T>
void check_error_is_described(const ErrorOr<T>& result) {
    if (result.is_error()) {
        FUZZ_CHECK(result.error().status().is_error());
        FUZZ_CHECK(result.error().has_message());
    }
}

/// W^X and layout: what the kernel will turn into page protections.
void check_mapping_plan(const Image& image) {
    MappingPlan const plan(image);
    u64 previous_end = 0;
    for (u32 i = 0; i < plan.region_count(); ++i) {
        MapRegion const region = plan.region(i);
        FUZZ_CHECK(region.raw_size <= region.virtual_size);
        FUZZ_CHECK(region.rva % kPageSize == 0);
        FUZZ_CHECK(static_cast<u64>(region.rva) + region.virtual_size <= plan.mapped_size());
        if (region.virtual_size != 0) {
            FUZZ_CHECK(region.rva >= previous_end);
            previous_end = static_cast<u64>(region.rva) + region.virtual_size;
        }
        if (plan.is_single_region())
            continue;
        if (i == 0) {
            FUZZ_CHECK(region.protection == protection::Read);
            continue;
        }
        u32 const characteristics = image.sections()[region.section_index].characteristics;
        bool const asks_for_both = (characteristics & section_characteristics::MemWrite) &&
                                   (characteristics & section_characteristics::MemExecute);
        if ((region.protection & protection::Write) && (region.protection & protection::Execute))
            FUZZ_CHECK(asks_for_both);
    }
}

/// The base a loader picks when the preferred one is taken: far away, so the delta crosses the
/// 4 GiB line and 32-bit relocation types see their high bits change.
u64 alternative_base(const Image& image) {
    constexpr u64 kHigh = 0x7FF600000000ull;
    constexpr u64 kLow = 0x10000000ull;
    return image.image_base() == kHigh ? kLow : kHigh;
}

class Binder {
public:
    Binder(Bytes memory, const LoadedModule& self) : m_memory(memory), m_self(self) {}

    ErrorOr<void> bind(const Image& image) {
        auto bind_module = [&](const ImportModule& import) -> ErrorOr<void> {
            FUZZ_CHECK(!import.dll_name.is_empty());
            LoadedModule const* dependency = find_module(import.dll_name);
            if (!dependency)
                return Error(status::DllNotFound, "imported DLL is not in the fake system");
            return for_each_imported_function(image, import, [&](const ImportedFunction& function) -> ErrorOr<void> {
                u64 const address = TRY(resolve(*dependency, function.by_ordinal, function.ordinal, function.name,
                                                function.hint, 0));
                // The walker bounds-checked the slot against SizeOfImage; the mapping is at least that.
                FUZZ_CHECK(static_cast<u64>(function.address_slot_rva) + sizeof(u64) <= m_memory.size());
                __builtin_memcpy(m_memory.data() + function.address_slot_rva, &address, sizeof(address));
                ++m_bound;
                return {};
            });
        };
        TRY(for_each_import_module(image, bind_module));
        // Delay-load imports are bound eagerly here; the lazy helper path resolves the same way.
        TRY(for_each_delay_import_module(image, bind_module));
        return {};
    }

    u32 bound() const { return m_bound; }

private:
    struct Hop {
        const LoadedModule* module;
        bool by_ordinal;
        u32 ordinal;
        StringView name;
    };

    const LoadedModule* find_module(StringView requested) const {
        StringView name = resolve_api_set(requested);
        if (name.ends_with_ignoring_case(".dll"))
            name = name.substring(0, name.length() - 4);
        auto matches = [&](const std::string& module_name) {
            StringView candidate(module_name.data(), module_name.size());
            if (candidate.ends_with_ignoring_case(".dll"))
                candidate = candidate.substring(0, candidate.length() - 4);
            return candidate.equals_ignoring_case(name);
        };
        // The image itself first: a module that names itself shadows a system DLL, as a loaded
        // module of the same base name does on Windows.
        if (!m_self.name.empty() && matches(m_self.name))
            return &m_self;
        for (LoadedModule const& module : fake_system_modules()) {
            if (matches(module.name))
                return &module;
        }
        return nullptr;
    }

    ErrorOr<u64> resolve(const LoadedModule& module, bool by_ordinal, u32 ordinal, StringView name, u32 hint,
                         int depth) {
        NtStatus const not_found = by_ordinal ? status::OrdinalNotFound : status::EntrypointNotFound;
        for (int i = 0; i < depth; ++i) {
            Hop const& hop = m_chain[i];
            if (hop.module == &module && hop.by_ordinal == by_ordinal &&
                (by_ordinal ? hop.ordinal == ordinal : hop.name == name))
                return Error(not_found, "forwarder cycle");
        }
        if (depth >= kMaxForwarderDepth)
            return Error(not_found, "forwarder chain too deep");
        m_chain[depth] = {&module, by_ordinal, ordinal, name};

        auto found = by_ordinal ? module.exports.find_by_ordinal(ordinal) : module.exports.find_by_name(name, hint);
        check_error_is_described(found);
        if (found.is_error())
            return Error(not_found, "export not found");
        ExportTarget const target = found.value();
        if (!target.is_forwarder()) {
            FUZZ_CHECK(target.rva < module.image.size_of_image());
            return module.base + target.rva;
        }
        auto forwarder = parse_forwarder(target.forwarder);
        check_error_is_described(forwarder);
        if (forwarder.is_error())
            return Error(status::InvalidImageFormat, "malformed forwarder");
        LoadedModule const* next = find_module(forwarder.value().module);
        if (!next)
            return Error(status::DllNotFound, "forwarder names a DLL that is not in the fake system");
        u64 const address = TRY(resolve(*next, forwarder.value().by_ordinal, forwarder.value().ordinal,
                                        forwarder.value().function, kNoHint, depth + 1));
        return address;
    }

    Bytes m_memory;
    const LoadedModule& m_self;
    Hop m_chain[kMaxForwarderDepth]{};
    u32 m_bound{0};
};

bool is_loader_status(NtStatus status) {
    return status == status::DllNotFound || status == status::EntrypointNotFound ||
           status == status::OrdinalNotFound || status == status::InvalidImageFormat;
}

void load(const Image& file) {
    if (file.size_of_image() > kMaxMappedSize)
        return;
    check_mapping_plan(file);

    std::vector<u8> memory(MappingPlan(file).mapped_size(), 0);
    Bytes const view(memory.data(), memory.size());
    auto mapped_result = map_into(file, view);
    FUZZ_CHECK(!mapped_result.is_error()); // A validated image always maps.
    auto mapped = Image::parse_mapped({memory.data(), memory.size()});
    FUZZ_CHECK(mapped.has_value());

    // Rebase, as when the preferred base is taken. An image without relocations stays at its
    // preferred base (Windows maps an EXE there or fails; here the base is always free).
    u64 base = alternative_base(mapped.value());
    auto relocated = apply_relocations(view, base);
    check_error_is_described(relocated);
    if (relocated.is_error()) {
        if (relocated.error().status() == status::ConflictingAddresses) {
            FUZZ_CHECK(mapped.value().relocations_stripped());
        } else {
            if (tracing())
                std::fprintf(stderr, "load: relocation refused: %s\n", relocated.error().message());
            return; // A corrupt relocation table is a load error.
        }
        base = mapped.value().image_base();
    }
    // Relocations may rewrite the headers themselves; a view that no longer parses is refused.
    auto loaded_result = Image::parse_mapped({memory.data(), memory.size()});
    check_error_is_described(loaded_result);
    if (loaded_result.is_error())
        return;
    Image const loaded = loaded_result.value();

    LoadedModule self;
    self.base = base;
    self.image = loaded;
    auto own_exports = ExportTable::open(loaded);
    check_error_is_described(own_exports);
    if (own_exports.has_value()) {
        self.exports = own_exports.value();
        StringView const own_name = self.exports.dll_name();
        self.name.assign(own_name.data(), own_name.length());
    }

    Binder binder(view, self);
    auto bound = binder.bind(loaded);
    check_error_is_described(bound);
    if (bound.is_error())
        FUZZ_CHECK(is_loader_status(bound.error().status()));
    if (tracing())
        std::fprintf(stderr, "load: base %#llx, %u slots bound, %s\n", static_cast<unsigned long long>(base),
                     binder.bound(), bound.is_error() ? bound.error().message() : "all imports bound");

    TlsInfo tls{};
    auto has_tls = read_tls(loaded, tls);
    check_error_is_described(has_tls);
    if (has_tls.has_value() && has_tls.value()) {
        check_error_is_described(for_each_tls_callback(loaded, tls, [&](u64 va) -> ErrorOr<void> {
            FUZZ_CHECK(va >= loaded.image_base() && va - loaded.image_base() < loaded.size_of_image());
            return {};
        }));
    }
}

} // namespace

// The fake DLLs are the same for every input: built once, before the first input, so that
// libFuzzer's per-input leak and timing checks never see their allocation.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
    (void)fake_system_modules();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    auto file = Image::parse({data, size});
    check_error_is_described(file);
    if (file.is_error() && tracing())
        std::fprintf(stderr, "load: not a loadable file: %s\n", file.error().message());
    if (file.has_value())
        load(file.value());
    return 0;
}
