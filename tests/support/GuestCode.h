#pragma once

// A tiny x86-64 emitter for raw guest code run by halcyon::embed::Kernel::run_guest_code: system
// calls through the gate exactly as ntdll's stubs make them (eax = number, r10/rdx/r8/r9 = the
// first four arguments, the rest on the stack above 32 bytes of home space), plus the few
// instructions kernel tests and the system-call fuzzer need.

#include <cstdint>
#include <initializer_list>
#include <vector>

namespace halcyon::test {

class GuestCode {
public:
    static constexpr std::uint32_t kGatePointer = 0x7FFE0F00; // SharedUserData.system_call_gate

    /// `number`(args...): the result lands in rax.
    GuestCode& system_call(std::uint32_t number, const std::vector<std::uint64_t>& arguments) {
        std::size_t stack_arguments = arguments.size() > 4 ? arguments.size() - 4 : 0;
        // ntdll's stub is itself called, so at its `call [gate]` argument 5 sits at [rsp+0x28]
        // (above the return address and 32 bytes of home space). Emitting the call inline, the
        // same layout needs an 8-byte pad in place of that return address. The frame keeps rsp
        // 16-byte aligned at the call (the entry rsp is 8 mod 16, as after a call).
        std::uint32_t frame = static_cast<std::uint32_t>(0x28 + 8 * stack_arguments);
        if (frame % 16 != 8)
            frame += 8;
        sub_rsp(frame);
        for (std::size_t i = 0; i < stack_arguments; ++i) {
            mov_imm(kRax, arguments[4 + i]);
            store_rax_at_rsp(static_cast<std::uint32_t>(0x28 + 8 * i));
        }
        static constexpr int kRegisters[4] = {kR10, kRdx, kR8, kR9};
        for (std::size_t i = 0; i < arguments.size() && i < 4; ++i)
            mov_imm(kRegisters[i], arguments[i]);
        if (!arguments.empty())
            mov_imm(kRcx, arguments[0]);
        emit({0xB8}); // mov eax, imm32
        emit32(number);
        emit({0xFF, 0x14, 0x25}); // call qword [abs32]
        emit32(kGatePointer);
        add_rsp(frame);
        return *this;
    }

    /// NtTerminateProcess(NtCurrentProcess(), status) with the number from the system-call table.
    GuestCode& terminate_process(std::uint32_t terminate_number, std::uint32_t exit_status) {
        return system_call(terminate_number, {~0ull, exit_status});
    }

    /// mov qword [address], 0: a write that faults when `address` is not writable.
    GuestCode& write_to(std::uint32_t address) {
        emit({0x48, 0xC7, 0x04, 0x25});
        emit32(address);
        emit32(0);
        return *this;
    }

    GuestCode& ud2() {
        emit({0x0F, 0x0B});
        return *this;
    }

    const std::vector<std::uint8_t>& bytes() const { return m_bytes; }

private:
    enum Register { kRax = 0, kRcx = 1, kRdx = 2, kR8 = 8, kR9 = 9, kR10 = 10 };

    void emit(std::initializer_list<std::uint8_t> bytes) { m_bytes.insert(m_bytes.end(), bytes); }
    void emit32(std::uint32_t value) {
        for (int i = 0; i < 4; ++i)
            m_bytes.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
    }
    void emit64(std::uint64_t value) {
        for (int i = 0; i < 8; ++i)
            m_bytes.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
    }
    void mov_imm(int reg, std::uint64_t value) { // mov r64, imm64
        emit({static_cast<std::uint8_t>(0x48 | (reg >= 8 ? 1 : 0)), static_cast<std::uint8_t>(0xB8 + (reg & 7))});
        emit64(value);
    }
    void store_rax_at_rsp(std::uint32_t offset) { // mov [rsp + disp32], rax
        emit({0x48, 0x89, 0x84, 0x24});
        emit32(offset);
    }
    void sub_rsp(std::uint32_t bytes) {
        emit({0x48, 0x81, 0xEC});
        emit32(bytes);
    }
    void add_rsp(std::uint32_t bytes) {
        emit({0x48, 0x81, 0xC4});
        emit32(bytes);
    }

    std::vector<std::uint8_t> m_bytes;
};

} // namespace halcyon::test
