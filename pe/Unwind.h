#pragma once

// The x64 exception directory ([pecoff] 6.5 ".pdata"): a sorted table of RUNTIME_FUNCTION
// entries, each pointing at the UNWIND_INFO that describes how its prolog changed the stack
// ([x64eh] = Microsoft's "x64 exception handling" page). This is the table-driven half of SEH:
// RtlLookupFunctionEntry is lookup_function_entry(), and RtlVirtualUnwind walks the unwind
// codes of read_unwind_info() and follows the chain with for_each_unwind_info_in_chain().
//
// Everything is bounds-checked against the image; the chain walk is bounded by
// kMaxUnwindChainDepth, so a cycle of chained entries is a named error, not a hang.

#include "core/lib/ErrorOr.h"
#include "core/lib/Span.h"
#include "pe/FunctionRef.h"
#include "pe/Image.h"

namespace halcyon::pe {

/// Real chains are one or two links long (a function split into hot and cold parts).
constexpr u32 kMaxUnwindChainDepth = 32;

/// One decoded unwind operation ([x64eh] "Unwind operation code").
struct UnwindCode {
    /// Offset from the start of the prolog of the end of the instruction this undoes.
    u8 prolog_offset;
    /// unwind_op::*.
    u8 op;
    /// The operation's 4-bit info: a register number, ALLOC_LARGE's form, MACHFRAME's error code.
    u8 info;
    /// How many 16-bit slots the operation occupies (1..3).
    u8 slots;
    /// The decoded operand: the allocation size in bytes (ALLOC_*), the save offset from RSP in
    /// bytes (SAVE_*), the raw second slot for EPILOG; 0 otherwise.
    u32 operand;
};

struct UnwindInfo {
    /// RVA of the UNWIND_INFO itself.
    u32 rva;
    u8 version;
    /// unwind_flags::*.
    u8 flags;
    u8 prolog_size;
    /// Slots in the code array.
    u8 code_count;
    /// 0 = none (RSP-based frame), else the frame pointer register number.
    u8 frame_register;
    /// Offset of the frame pointer from RSP at the time it was set, in bytes (a multiple of 16).
    u32 frame_offset;
    /// code_count 16-bit slots.
    ReadonlyBytes codes;
    /// When flags has ExceptionHandler or TerminationHandler: the handler's RVA, and the RVA of
    /// its language-specific data (which follows the handler RVA).
    u32 handler_rva;
    u32 handler_data_rva;
    /// When flags has ChainInfo: the entry whose unwind info continues this one.
    RuntimeFunction chained;

    bool has_handler() const {
        return (flags & (unwind_flags::ExceptionHandler | unwind_flags::TerminationHandler)) != 0;
    }
    bool is_chained() const { return (flags & unwind_flags::ChainInfo) != 0; }
};

class ExceptionTable {
public:
    /// Validates the whole table: size a multiple of 12, every range inside the image, entries
    /// sorted and disjoint (lookup is a binary search, as in Windows). An image without an
    /// exception directory, and every PE32 image (x86 has no .pdata), gives an empty table.
    static ErrorOr<ExceptionTable> open(const Image& image);

    ExceptionTable() = default;

    u32 count() const { return m_count; }
    /// Precondition: index < count().
    RuntimeFunction entry(u32 index) const;
    /// The entry whose [begin, end) contains `rva`; PeError::FunctionEntryNotFound for a leaf
    /// function or an address outside any function.
    ErrorOr<RuntimeFunction> lookup_function_entry(u32 rva) const;

private:
    ReadonlyBytes m_table;
    u32 m_count{0};
};

/// Reads and checks the UNWIND_INFO at `rva`: version 1 or 2, code array, handler or chained
/// entry all inside image data, and every unwind code well formed.
ErrorOr<UnwindInfo> read_unwind_info(const Image& image, u32 rva);

/// Decodes the code array of `info` in order (the reverse of the prolog's order, which is the
/// order an unwinder applies them). `info` comes from read_unwind_info, which already checked
/// that the array decodes.
ErrorOr<void> for_each_unwind_code(const UnwindInfo& info,
                                   FunctionRef<ErrorOr<void>(const UnwindCode&)> callback);

/// Calls `callback` with the unwind info of `function`, then with each chained one in turn
/// (what RtlVirtualUnwind processes for a frame). PeError::UnwindChainTooDeep after
/// kMaxUnwindChainDepth links.
ErrorOr<void> for_each_unwind_info_in_chain(const Image& image, const RuntimeFunction& function,
                                            FunctionRef<ErrorOr<void>(const UnwindInfo&)> callback);

} // namespace halcyon::pe
