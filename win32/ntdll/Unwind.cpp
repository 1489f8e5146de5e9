// Finding and interpreting x64 unwind information ([ms-x64] "x64 exception handling"):
// RtlLookupFunctionEntry finds the RUNTIME_FUNCTION (.pdata) covering an address in a loaded
// module, RtlVirtualUnwind undoes one function's prologue on a CONTEXT, giving the caller's
// registers, and returns the function's language handler when it has one.
//
// Modules are found through the loader's list without taking the loader lock: an exception can
// happen while the lock is held, and the list only changes under it in ways a reader survives
// (entries are linked in fully built and unlinked before being freed).

#include "Loader.h"
#include "halcyon/ntrtlutil.h"

extern "C" char __ImageBase; // ntdll's own base, for lookups before the loader list exists

namespace halcyon::ntdll {

namespace {

// UNWIND_CODE operations.
enum : uint8_t {
    kPushNonvol = 0,
    kAllocLarge = 1,
    kAllocSmall = 2,
    kSetFpReg = 3,
    kSaveNonvol = 4,
    kSaveNonvolFar = 5,
    kEpilog = 6, // version 2: epilogue descriptors, no effect on unwinding from the body
    kSpareCode = 7,
    kSaveXmm128 = 8,
    kSaveXmm128Far = 9,
    kPushMachFrame = 10,
};

struct UnwindInfo {
    uint8_t version_and_flags;
    uint8_t size_of_prolog;
    uint8_t count_of_codes;
    uint8_t frame_register_and_offset;
    uint16_t codes[1]; // CodeOffset (low byte), UnwindOp (bits 8-11), OpInfo (bits 12-15)
};

uint8_t code_offset(uint16_t code) { return static_cast<uint8_t>(code & 0xFF); }
uint8_t code_op(uint16_t code) { return static_cast<uint8_t>((code >> 8) & 0xF); }
uint8_t code_info(uint16_t code) { return static_cast<uint8_t>(code >> 12); }

/// The number of 16-bit slots an unwind code occupies.
uint32_t code_slots(uint16_t code) {
    switch (code_op(code)) {
    case kAllocLarge:
        return code_info(code) == 0 ? 2 : 3;
    case kSaveNonvol:
    case kSaveXmm128:
    case kEpilog:
        return 2;
    case kSaveNonvolFar:
    case kSaveXmm128Far:
    case kSpareCode:
        return 3;
    default:
        return 1;
    }
}

/// Integer register n (UNWIND_CODE numbering: rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi, r8-r15).
ULONGLONG& integer_register(CONTEXT& context, uint32_t n) { return (&context.Rax)[n]; }

void set_integer(CONTEXT& context, PKNONVOLATILE_CONTEXT_POINTERS pointers, uint32_t n, ULONGLONG* slot) {
    integer_register(context, n) = *slot;
    if (pointers)
        pointers->IntegerContext[n] = slot;
}

void set_xmm(CONTEXT& context, PKNONVOLATILE_CONTEXT_POINTERS pointers, uint32_t n, M128A* slot) {
    context.FltSave.XmmRegisters[n] = *slot;
    if (pointers)
        pointers->FloatingContext[n] = slot;
}

const UnwindInfo* unwind_info(ULONGLONG image_base, const RUNTIME_FUNCTION* function) {
    return reinterpret_cast<const UnwindInfo*>(image_base + function->UnwindData);
}

/// The module (base and SizeOfImage) containing `pc`, or false.
bool find_module(ULONGLONG pc, ULONGLONG& base, ULONGLONG& size) {
    LIST_ENTRY* head = &g_loader_data.InLoadOrderModuleList;
    if (head->Flink) {
        for (LIST_ENTRY* link = head->Flink; link && link != head; link = link->Flink) {
            auto* entry = CONTAINING_RECORD(link, LDR_DATA_TABLE_ENTRY, InLoadOrderLinks);
            auto start = reinterpret_cast<ULONGLONG>(entry->DllBase);
            if (pc >= start && pc - start < entry->SizeOfImage) {
                base = start;
                size = entry->SizeOfImage;
                return true;
            }
        }
    }
    // Before the loader has listed anything, ntdll still knows itself.
    auto self = reinterpret_cast<ULONGLONG>(&__ImageBase);
    uint32_t nt_offset;
    __builtin_memcpy(&nt_offset, &__ImageBase + 0x3C, 4);
    uint32_t self_size;
    __builtin_memcpy(&self_size, &__ImageBase + nt_offset + 4 + 20 + 56, 4);
    if (pc >= self && pc - self < self_size) {
        base = self;
        size = self_size;
        return true;
    }
    return false;
}

/// The exception directory (.pdata) of the mapped image at `base`.
const RUNTIME_FUNCTION* exception_directory(ULONGLONG base, ULONGLONG image_size, uint32_t& count) {
    auto* bytes = reinterpret_cast<const unsigned char*>(base);
    uint32_t nt_offset;
    __builtin_memcpy(&nt_offset, bytes + 0x3C, 4);
    // Signature (4) + FileHeader (20) + PE32+ optional header: NumberOfRvaAndSizes at 108,
    // DataDirectory at 112; the exception directory is entry 3.
    const unsigned char* optional = bytes + nt_offset + 24;
    uint32_t directories;
    __builtin_memcpy(&directories, optional + 108, 4);
    if (directories <= 3)
        return nullptr;
    uint32_t rva, size;
    __builtin_memcpy(&rva, optional + 112 + 3 * 8, 4);
    __builtin_memcpy(&size, optional + 112 + 3 * 8 + 4, 4);
    if (!rva || size < sizeof(RUNTIME_FUNCTION) || rva >= image_size || size > image_size - rva)
        return nullptr;
    count = size / sizeof(RUNTIME_FUNCTION);
    return reinterpret_cast<const RUNTIME_FUNCTION*>(base + rva);
}

/// If `pc` sits in an epilogue (add/lea rsp, pops, then ret or a tail jump), finishes it on
/// `context` and returns true: the prologue's unwind codes no longer describe the stack.
bool unwind_epilogue(ULONGLONG pc, const RUNTIME_FUNCTION* function, ULONGLONG image_base, CONTEXT& context,
                     PKNONVOLATILE_CONTEXT_POINTERS pointers) {
    auto* code = reinterpret_cast<const uint8_t*>(pc);
    const uint8_t* p = code;
    ULONGLONG rsp = context.Rsp;
    // add rsp, imm8 / imm32
    if (p[0] == 0x48 && p[1] == 0x83 && p[2] == 0xC4) {
        rsp += static_cast<int8_t>(p[3]);
        p += 4;
    } else if (p[0] == 0x48 && p[1] == 0x81 && p[2] == 0xC4) {
        int32_t imm;
        __builtin_memcpy(&imm, p + 3, 4);
        rsp += imm;
        p += 7;
    } else if ((p[0] & 0xFE) == 0x48 && p[1] == 0x8D && ((p[2] >> 3) & 7) == 4) { // lea rsp, [base + disp]
        uint32_t base_register = (p[2] & 7) + ((p[0] & 1) ? 8 : 0);
        uint8_t mod = p[2] >> 6;
        if (mod == 1) {
            rsp = integer_register(context, base_register) + static_cast<int8_t>(p[3]);
            p += 4;
        } else if (mod == 2) {
            int32_t disp;
            __builtin_memcpy(&disp, p + 3, 4);
            rsp = integer_register(context, base_register) + disp;
            p += 7;
        } else {
            return false;
        }
    }
    // Pops of nonvolatile registers, then ret or jmp.
    const uint8_t* pops = p;
    while (true) {
        if (p[0] >= 0x58 && p[0] <= 0x5F) {
            p += 1;
        } else if (p[0] == 0x41 && p[1] >= 0x58 && p[1] <= 0x5F) {
            p += 2;
        } else {
            break;
        }
    }
    bool ends = p[0] == 0xC3 || p[0] == 0xC2 || (p[0] == 0xF3 && p[1] == 0xC3) || p[0] == 0xE9 ||
                (p[0] == 0xFF && p[1] == 0x25) || (p[0] == 0x48 && p[1] == 0xFF && p[2] == 0x25);
    if (!ends)
        return false;
    if (p[0] == 0xE9) { // a tail jump must leave the function to be an epilogue
        int32_t rel;
        __builtin_memcpy(&rel, p + 1, 4);
        ULONGLONG target = reinterpret_cast<ULONGLONG>(p + 5) + rel;
        ULONGLONG begin = image_base + function->BeginAddress, end = image_base + function->EndAddress;
        if (target >= begin && target < end)
            return false;
    }
    // It is an epilogue: replay it.
    context.Rsp = rsp;
    for (const uint8_t* q = pops; q < p;) {
        uint32_t reg = q[0] == 0x41 ? 8 + (q[1] - 0x58) : q[0] - 0x58;
        q += q[0] == 0x41 ? 2 : 1;
        set_integer(context, pointers, reg, reinterpret_cast<ULONGLONG*>(context.Rsp));
        context.Rsp += 8;
    }
    context.Rip = *reinterpret_cast<ULONGLONG*>(context.Rsp);
    context.Rsp += 8;
    return true;
}

} // namespace

} // namespace halcyon::ntdll

using namespace halcyon::ntdll;

extern "C" {

PRUNTIME_FUNCTION NTAPI RtlLookupFunctionEntry(ULONGLONG control_pc, PULONGLONG image_base,
                                              PUNWIND_HISTORY_TABLE history) {
    (void)history;
    ULONGLONG base = 0, size = 0;
    if (!find_module(control_pc, base, size))
        return halcyon_lookup_dynamic_function(control_pc, image_base); // JIT code (FunctionTables.cpp)
    uint32_t count = 0;
    const RUNTIME_FUNCTION* table = exception_directory(base, size, count);
    if (!table)
        return nullptr;
    auto rva = static_cast<uint32_t>(control_pc - base);
    uint32_t low = 0, high = count;
    while (low < high) {
        uint32_t middle = low + (high - low) / 2;
        const RUNTIME_FUNCTION& entry = table[middle];
        if (rva < entry.BeginAddress) {
            high = middle;
        } else if (rva >= entry.EndAddress) {
            low = middle + 1;
        } else {
            const RUNTIME_FUNCTION* found = &entry;
            // An odd UnwindData points at the primary entry this one shares its unwind data with.
            if (found->UnwindData & 1)
                found = reinterpret_cast<const RUNTIME_FUNCTION*>(base + (found->UnwindData & ~1u));
            *image_base = base;
            return const_cast<PRUNTIME_FUNCTION>(found);
        }
    }
    return nullptr;
}

PEXCEPTION_ROUTINE NTAPI RtlVirtualUnwind(ULONG handler_type, ULONGLONG image_base, ULONGLONG control_pc,
                                          PRUNTIME_FUNCTION function, PCONTEXT context, PVOID* handler_data,
                                          PULONGLONG establisher_frame, PKNONVOLATILE_CONTEXT_POINTERS pointers) {
    const UnwindInfo* info = unwind_info(image_base, function);
    uint32_t frame_register = info->frame_register_and_offset & 0xF;
    uint32_t frame_offset = (info->frame_register_and_offset >> 4) * 16;
    ULONGLONG offset_in_function = control_pc - (image_base + function->BeginAddress);

    // The establishing frame: the frame pointer (less its offset) once the prologue set it,
    // otherwise rsp.
    *establisher_frame = context->Rsp;
    if (frame_register) {
        bool fp_set = offset_in_function >= info->size_of_prolog;
        for (uint32_t i = 0; !fp_set && i < info->count_of_codes; i += code_slots(info->codes[i]))
            if (code_op(info->codes[i]) == kSetFpReg && code_offset(info->codes[i]) <= offset_in_function)
                fp_set = true;
        if (fp_set)
            *establisher_frame = integer_register(*context, frame_register) - frame_offset;
    }
    *handler_data = nullptr;

    if (offset_in_function >= info->size_of_prolog &&
        unwind_epilogue(control_pc, function, image_base, *context, pointers))
        return nullptr;

    bool rip_from_machine_frame = false;
    const UnwindInfo* current = info;
    bool primary = true;
    for (;;) {
        for (uint32_t i = 0; i < current->count_of_codes; i += code_slots(current->codes[i])) {
            uint16_t code = current->codes[i];
            // In the prologue only the operations already executed are undone; chained entries
            // describe a prologue that has run completely.
            if (primary && offset_in_function < current->size_of_prolog && code_offset(code) > offset_in_function)
                continue;
            uint32_t op_info = code_info(code);
            switch (code_op(code)) {
            case kPushNonvol:
                set_integer(*context, pointers, op_info, reinterpret_cast<ULONGLONG*>(context->Rsp));
                context->Rsp += 8;
                break;
            case kAllocLarge:
                if (op_info == 0) {
                    context->Rsp += static_cast<ULONGLONG>(current->codes[i + 1]) * 8;
                } else {
                    context->Rsp += current->codes[i + 1] | (static_cast<ULONGLONG>(current->codes[i + 2]) << 16);
                }
                break;
            case kAllocSmall:
                context->Rsp += op_info * 8 + 8;
                break;
            case kSetFpReg:
                context->Rsp = integer_register(*context, frame_register) - frame_offset;
                break;
            case kSaveNonvol:
                set_integer(*context, pointers, op_info,
                            reinterpret_cast<ULONGLONG*>(*establisher_frame + current->codes[i + 1] * 8ull));
                break;
            case kSaveNonvolFar:
                set_integer(*context, pointers, op_info,
                            reinterpret_cast<ULONGLONG*>(*establisher_frame + (current->codes[i + 1] |
                                                                               (static_cast<ULONGLONG>(current->codes[i + 2]) << 16))));
                break;
            case kSaveXmm128:
                set_xmm(*context, pointers, op_info,
                        reinterpret_cast<M128A*>(*establisher_frame + current->codes[i + 1] * 16ull));
                break;
            case kSaveXmm128Far:
                set_xmm(*context, pointers, op_info,
                        reinterpret_cast<M128A*>(*establisher_frame + (current->codes[i + 1] |
                                                                       (static_cast<ULONGLONG>(current->codes[i + 2]) << 16))));
                break;
            case kPushMachFrame:
                if (op_info)
                    context->Rsp += 8; // the error code
                context->Rip = *reinterpret_cast<ULONGLONG*>(context->Rsp);
                context->Rsp = *reinterpret_cast<ULONGLONG*>(context->Rsp + 24);
                rip_from_machine_frame = true;
                break;
            default: // kEpilog, kSpareCode: nothing to undo from the body
                break;
            }
        }
        if (!((current->version_and_flags >> 3) & UNW_FLAG_CHAININFO))
            break;
        // The chained RUNTIME_FUNCTION follows the (even-padded) codes.
        uint32_t slots = (current->count_of_codes + 1u) & ~1u;
        auto* chained = reinterpret_cast<const RUNTIME_FUNCTION*>(&current->codes[slots]);
        current = unwind_info(image_base, chained);
        primary = false;
    }
    if (!rip_from_machine_frame) {
        context->Rip = *reinterpret_cast<ULONGLONG*>(context->Rsp);
        context->Rsp += 8;
    }

    uint32_t flags = info->version_and_flags >> 3;
    // No handler for a frame still in its prologue: its body (and its scopes) never started.
    if (!(flags & handler_type) || (flags & UNW_FLAG_CHAININFO) || offset_in_function < info->size_of_prolog)
        return nullptr;
    // The handler's RVA follows the codes; its data follows the RVA.
    uint32_t slots = (info->count_of_codes + 1u) & ~1u;
    const uint32_t* handler_rva = reinterpret_cast<const uint32_t*>(&info->codes[slots]);
    *handler_data = const_cast<uint32_t*>(handler_rva + 1);
    return reinterpret_cast<PEXCEPTION_ROUTINE>(image_base + *handler_rva);
}

} // extern "C"
