#include "pe/Unwind.h"

namespace halcyon::pe {

namespace {

constexpr u32 kUnwindVersion1 = 1;
constexpr u32 kUnwindVersion2 = 2;

u16 slot_at(ReadonlyBytes codes, u32 index) {
    return static_cast<u16>(codes[index * 2] | (static_cast<u16>(codes[index * 2 + 1]) << 8));
}

/// Slots used by an operation. EPILOG and SPARE_CODE are undocumented beyond their sizes; these
/// are the sizes every x64 unwinder uses ([x64eh] lists ALLOC_LARGE, SAVE_* sizes).
ErrorOr<u8> slots_for(u8 op, u8 info) {
    switch (op) {
    case unwind_op::PushNonvolatile:
    case unwind_op::AllocSmall:
    case unwind_op::SetFramePointer:
    case unwind_op::PushMachineFrame:
        return static_cast<u8>(1);
    case unwind_op::AllocLarge:
        if (info > 1)
            return error(PeError::UnwindCodeUnknown);
        return static_cast<u8>(info == 0 ? 2 : 3);
    case unwind_op::SaveNonvolatile:
    case unwind_op::SaveXmm128:
    case unwind_op::Epilog:
        return static_cast<u8>(2);
    case unwind_op::SaveNonvolatileFar:
    case unwind_op::SaveXmm128Far:
    case unwind_op::SpareCode:
        return static_cast<u8>(3);
    default:
        return error(PeError::UnwindCodeUnknown);
    }
}

/// Decodes the operation starting at slot `index`; checks it fits in the array.
ErrorOr<UnwindCode> decode(ReadonlyBytes codes, u32 count, u32 index) {
    u16 const first = slot_at(codes, index);
    UnwindCode code{};
    code.prolog_offset = static_cast<u8>(first & 0xFF);
    code.op = static_cast<u8>((first >> 8) & 0xF);
    code.info = static_cast<u8>(first >> 12);
    code.slots = TRY(slots_for(code.op, code.info));
    if (code.slots > count - index)
        return error(PeError::UnwindCodeTruncated);
    u32 const next = code.slots >= 2 ? slot_at(codes, index + 1) : 0;
    u32 const far = code.slots == 3 ? (next | (static_cast<u32>(slot_at(codes, index + 2)) << 16)) : 0;
    switch (code.op) {
    case unwind_op::AllocSmall:
        code.operand = code.info * 8u + 8u;
        break;
    case unwind_op::AllocLarge:
        code.operand = code.info == 0 ? next * 8u : far;
        break;
    case unwind_op::SaveNonvolatile:
        code.operand = next * 8u;
        break;
    case unwind_op::SaveXmm128:
        code.operand = next * 16u;
        break;
    case unwind_op::SaveNonvolatileFar:
    case unwind_op::SaveXmm128Far:
        code.operand = far;
        break;
    case unwind_op::Epilog:
        code.operand = next;
        break;
    default:
        break;
    }
    return code;
}

ErrorOr<void> walk_codes(ReadonlyBytes codes, u32 count,
                         FunctionRef<ErrorOr<void>(const UnwindCode&)> callback) {
    for (u32 index = 0; index < count;) {
        UnwindCode const code = TRY(decode(codes, count, index));
        TRY(callback(code));
        index += code.slots;
    }
    return {};
}

} // namespace

ErrorOr<ExceptionTable> ExceptionTable::open(const Image& image) {
    ExceptionTable table;
    DataDirectory const directory = image.data_directory(directory::Exception);
    // x86 images have no table-based unwinding; their exception directory means nothing to us.
    if (directory.virtual_address == 0 || directory.size == 0 || !image.is_pe32_plus())
        return table;
    if (directory.size % sizeof(RuntimeFunction) != 0)
        return error(PeError::ExceptionTableSizeMisaligned);
    table.m_table =
        TRY(image.bytes_at_rva(directory.virtual_address, directory.size, PeError::ExceptionTableUnreadable));
    table.m_count = directory.size / sizeof(RuntimeFunction);
    u32 previous_end = 0;
    for (u32 index = 0; index < table.m_count; ++index) {
        RuntimeFunction const function = table.entry(index);
        // Empty entries (begin == end) occur in real images (llvm-mingw emits them for empty
        // functions in wine's DLLs); no address falls inside them, so they are harmless.
        if (function.end_rva < function.begin_rva)
            return error(PeError::ExceptionEntryReversed);
        if (function.end_rva > image.size_of_image() || function.unwind_info_rva >= image.size_of_image())
            return error(PeError::ExceptionEntryOutsideImage);
        if (function.begin_rva < previous_end)
            return error(PeError::ExceptionTableNotSorted);
        previous_end = function.end_rva;
    }
    return table;
}

RuntimeFunction ExceptionTable::entry(u32 index) const {
    RuntimeFunction function;
    __builtin_memcpy(&function, m_table.data() + static_cast<usize>(index) * sizeof(RuntimeFunction),
                     sizeof(function));
    return function;
}

ErrorOr<RuntimeFunction> ExceptionTable::lookup_function_entry(u32 rva) const {
    u32 low = 0;
    u32 high = m_count;
    while (low < high) {
        u32 const middle = low + (high - low) / 2;
        RuntimeFunction const function = entry(middle);
        if (rva < function.begin_rva)
            high = middle;
        else if (rva >= function.end_rva)
            low = middle + 1;
        else
            return function;
    }
    return error(PeError::FunctionEntryNotFound);
}

ErrorOr<UnwindInfo> read_unwind_info(const Image& image, u32 rva) {
    UnwindInfoHeader const header =
        TRY(image.object_at_rva<UnwindInfoHeader>(rva, PeError::UnwindInfoUnreadable));
    UnwindInfo info{};
    info.rva = rva;
    info.version = header.version_and_flags & 0x7;
    info.flags = header.version_and_flags >> 3;
    info.prolog_size = header.size_of_prolog;
    info.code_count = header.count_of_codes;
    info.frame_register = header.frame_register_and_offset & 0xF;
    info.frame_offset = (header.frame_register_and_offset >> 4) * 16u;
    if (info.version != kUnwindVersion1 && info.version != kUnwindVersion2)
        return error(PeError::UnwindInfoVersionUnknown);
    // [x64eh] "If this flag [CHAININFO] is set, then the UNW_FLAG_EHANDLER and
    // UNW_FLAG_UHANDLER flags must be cleared."
    if (info.is_chained() && info.has_handler())
        return error(PeError::UnwindInfoChainWithHandler);

    // rva is below SizeOfImage (object_at_rva succeeded), so none of these sums overflow a u64.
    u64 const codes_rva = static_cast<u64>(rva) + sizeof(UnwindInfoHeader);
    if (codes_rva > 0xFFFFFFFFull)
        return error(PeError::UnwindCodesUnreadable);
    if (info.code_count != 0)
        info.codes = TRY(image.bytes_at_rva(static_cast<u32>(codes_rva), info.code_count * 2u,
                                            PeError::UnwindCodesUnreadable));
    TRY(walk_codes(info.codes, info.code_count, [](const UnwindCode&) -> ErrorOr<void> { return {}; }));

    // The code array is padded to an even number of slots before what follows it.
    u64 const trailer_rva = codes_rva + ((info.code_count + 1u) & ~1u) * 2u;
    if (info.is_chained()) {
        if (trailer_rva > 0xFFFFFFFFull)
            return error(PeError::UnwindInfoUnreadable);
        info.chained = TRY(image.object_at_rva<RuntimeFunction>(static_cast<u32>(trailer_rva),
                                                                PeError::UnwindInfoUnreadable));
    } else if (info.has_handler()) {
        if (trailer_rva > 0xFFFFFFFFull - sizeof(u32))
            return error(PeError::UnwindHandlerUnreadable);
        info.handler_rva =
            TRY(image.object_at_rva<u32>(static_cast<u32>(trailer_rva), PeError::UnwindHandlerUnreadable));
        if (info.handler_rva >= image.size_of_image())
            return error(PeError::UnwindHandlerOutsideImage);
        info.handler_data_rva = static_cast<u32>(trailer_rva) + sizeof(u32);
    }
    return info;
}

ErrorOr<void> for_each_unwind_code(const UnwindInfo& info,
                                   FunctionRef<ErrorOr<void>(const UnwindCode&)> callback) {
    if (info.codes.size() < info.code_count * 2u)
        return error(PeError::UnwindCodesUnreadable);
    return walk_codes(info.codes, info.code_count, callback);
}

ErrorOr<void> for_each_unwind_info_in_chain(const Image& image, const RuntimeFunction& function,
                                            FunctionRef<ErrorOr<void>(const UnwindInfo&)> callback) {
    u32 rva = function.unwind_info_rva;
    for (u32 depth = 0;; ++depth) {
        if (depth >= kMaxUnwindChainDepth)
            return error(PeError::UnwindChainTooDeep);
        UnwindInfo const info = TRY(read_unwind_info(image, rva));
        TRY(callback(info));
        if (!info.is_chained())
            return {};
        rva = info.chained.unwind_info_rva;
    }
}

} // namespace halcyon::pe
