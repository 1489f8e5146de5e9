#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <vector>

#include "drivers/input/InputQueue.h"
#include "drivers/uart/Uart16550Input.h"

using namespace halcyon::drivers;

namespace {

constexpr uint16_t kBase = 0x3f8;

// A 16550 whose receiver FIFO holds `received`; LSR reports data ready while it is not empty.
struct FakeUart {
    std::deque<uint8_t> received;
    std::map<uint16_t, uint8_t> written;
    std::vector<uint16_t> reads;
    bool absent = false; // an empty ISA slot reads as 0xff

    uint8_t read8(uint16_t port) {
        reads.push_back(port);
        if (absent)
            return 0xff;
        if (port == kBase + uart::kLineStatus)
            return received.empty() ? 0x60 : 0x61;
        if (port == kBase + uart::kReceiveBuffer && !received.empty()) {
            uint8_t c = received.front();
            received.pop_front();
            return c;
        }
        return 0;
    }
    void write8(uint16_t port, uint8_t value) { written[port] = value; }
};

std::string pop_all(input::InputQueue& queue) {
    uint8_t buffer[512];
    size_t n = queue.pop(buffer, sizeof buffer);
    return std::string(reinterpret_cast<char*>(buffer), n);
}

} // namespace

TEST(InputQueue, KeepsOrderAndTurnsCarriageReturnIntoNewline) {
    input::InputQueue queue;
    for (char c : std::string("ab\rc\n"))
        queue.push(uint8_t(c));
    EXPECT_EQ(pop_all(queue), "ab\nc\n");
    EXPECT_TRUE(queue.empty());
}

TEST(InputQueue, CtrlCBecomesOnePendingInterruptNotACharacter) {
    input::InputQueue queue;
    queue.push('x');
    queue.push(input::kCtrlC);
    EXPECT_EQ(queue.size(), 1u);
    EXPECT_TRUE(queue.take_interrupt());
    EXPECT_FALSE(queue.take_interrupt());
}

TEST(InputQueue, FullQueueDropsAndCountsNewCharacters) {
    input::InputQueue queue;
    for (size_t i = 0; i < input::InputQueue::kCapacity + 5; ++i)
        queue.push(uint8_t('a' + i % 26));
    EXPECT_EQ(queue.size(), input::InputQueue::kCapacity);
    EXPECT_EQ(queue.dropped(), 5u);
    std::string all = pop_all(queue);
    EXPECT_EQ(all.size(), input::InputQueue::kCapacity);
    EXPECT_EQ(all[0], 'a');
}

TEST(InputQueue, PartialPopsWrapAroundTheRing) {
    input::InputQueue queue;
    uint8_t buffer[200];
    for (int round = 0; round < 5; ++round) {
        for (int i = 0; i < 200; ++i)
            queue.push(uint8_t('0' + (i % 10)));
        ASSERT_EQ(queue.pop(buffer, 200), 200u);
        EXPECT_EQ(buffer[199], '9');
    }
    EXPECT_EQ(queue.dropped(), 0u);
}

TEST(Uart16550Input, EnablingInterruptsSetsIerAndOut2AndDrainsTheFifo) {
    FakeUart fake;
    fake.received = {'h', 'i'};
    uart::Uart16550Input<FakeUart> com1(fake, kBase);
    input::InputQueue queue;
    com1.enable_receive_interrupts(queue);
    EXPECT_EQ(fake.written[kBase + uart::kInterruptEnable], 0x01);
    EXPECT_EQ(fake.written[kBase + uart::kModemControl], 0x0b); // DTR, RTS, OUT2
    EXPECT_EQ(pop_all(queue), "hi");
}

TEST(Uart16550Input, DrainMovesEveryReceivedByte) {
    FakeUart fake;
    uart::Uart16550Input<FakeUart> com1(fake, kBase);
    input::InputQueue queue;
    fake.received = {'o', 'k', '\r', input::kCtrlC};
    EXPECT_EQ(com1.drain(queue), 4u);
    EXPECT_EQ(pop_all(queue), "ok\n");
    EXPECT_TRUE(queue.take_interrupt());
    EXPECT_EQ(com1.drain(queue), 0u);
}

TEST(Uart16550Input, AbsentUartCannotHangTheDrain) {
    FakeUart fake;
    fake.absent = true;
    uart::Uart16550Input<FakeUart> com1(fake, kBase);
    input::InputQueue queue;
    EXPECT_EQ(com1.drain(queue), uart::Uart16550Input<FakeUart>::kMaxBytesPerDrain);
}
