#include <gtest/gtest.h>

#include <deque>
#include <string>
#include <vector>

#include "drivers/ps2/I8042.h"
#include "drivers/ps2/ScanCodeSet1.h"

using namespace halcyon::drivers;
using namespace halcyon::drivers::ps2;

namespace {

std::string decode(ScanCodeSet1Decoder& decoder, std::initializer_list<uint8_t> codes) {
    std::string out;
    for (uint8_t code : codes)
        if (uint8_t c = decoder.feed(code))
            out += char(c);
    return out;
}

// A model of an i8042 with a keyboard: it answers the commands init() sends and records them.
struct FakeController {
    std::deque<uint8_t> output;   // bytes waiting at 0x60 for the driver
    std::vector<std::string> log; // "cmd xx" / "data xx" in the order received
    uint8_t configuration = 0x61; // firmware's: keyboard IRQ on, translation on, system flag
    bool expecting_configuration = false;
    bool self_test_fails = false;
    bool keyboard_missing = false;
    uint8_t aux_byte_status = 0;

    uint8_t read8(uint16_t port) {
        if (port == kStatusPort)
            return uint8_t((output.empty() ? 0 : 0x01) | aux_byte_status);
        if (output.empty())
            return 0;
        uint8_t byte = output.front();
        output.pop_front();
        return byte;
    }
    void write8(uint16_t port, uint8_t value) {
        char text[16];
        snprintf(text, sizeof text, "%s %02x", port == kCommandPort ? "cmd" : "data", value);
        log.push_back(text);
        if (port == kCommandPort) {
            switch (value) {
            case command::ReadConfiguration:
                output.push_back(configuration);
                break;
            case command::WriteConfiguration:
                expecting_configuration = true;
                break;
            case command::SelfTest:
                output.push_back(self_test_fails ? 0xfc : kSelfTestPassed);
                break;
            case command::TestKeyboardPort:
                output.push_back(kPortTestPassed);
                break;
            case command::DisableKeyboard:
                configuration |= 0x10;
                break;
            case command::EnableKeyboard:
                configuration &= ~0x10;
                break;
            default:
                break;
            }
            return;
        }
        if (expecting_configuration) {
            configuration = value;
            expecting_configuration = false;
        } else if (value == kKeyboardEnableScanning && !keyboard_missing) {
            output.push_back(kKeyboardAck);
        }
    }
};

} // namespace

TEST(ScanCodeSet1, LettersDigitsAndEnter) {
    ScanCodeSet1Decoder decoder;
    // h i space 4 2 enter, each press followed by its release.
    EXPECT_EQ(decode(decoder, {0x23, 0xa3, 0x17, 0x97, 0x39, 0xb9, 0x05, 0x85, 0x03, 0x83, 0x1c, 0x9c}),
              "hi 42\n");
}

TEST(ScanCodeSet1, ShiftSelectsTheUpperSymbolOnlyWhileHeld) {
    ScanCodeSet1Decoder decoder;
    EXPECT_EQ(decode(decoder, {0x2a, 0x23, 0x02, 0xaa, 0x23, 0x02}), "H!h1");
    EXPECT_EQ(decode(decoder, {0x36, 0x27, 0x28, 0xb6, 0x27}), ":\";");
}

TEST(ScanCodeSet1, CapsLockTogglesLettersOnlyAndShiftInvertsIt) {
    ScanCodeSet1Decoder decoder;
    EXPECT_EQ(decode(decoder, {0x3a, 0xba, 0x1e, 0x02, 0x2a, 0x1e, 0xaa, 0x3a, 0xba, 0x1e}), "A1aa");
    EXPECT_FALSE(decoder.caps_lock());
}

TEST(ScanCodeSet1, CtrlLettersBecomeControlCharactersIncludingCtrlC) {
    ScanCodeSet1Decoder decoder;
    EXPECT_EQ(decode(decoder, {0x1d, 0x2e, 0xae, 0x9d, 0x2e}), std::string("\x03") + "c");
    // Right Ctrl is E0 1D.
    EXPECT_EQ(decode(decoder, {0xe0, 0x1d, 0x1e, 0xe0, 0x9d, 0x1e}), std::string("\x01") + "a");
}

TEST(ScanCodeSet1, ExtendedKeysGiveKeypadEnterAndSlashAndNothingForArrows) {
    ScanCodeSet1Decoder decoder;
    EXPECT_EQ(decode(decoder, {0xe0, 0x48, 0xe0, 0xc8, 0xe0, 0x1c, 0xe0, 0x35, 0x35}), "\n//");
    // E0 2A (a fake shift) must not shift what follows.
    EXPECT_EQ(decode(decoder, {0xe0, 0x2a, 0x1e}), "a");
}

TEST(ScanCodeSet1, PauseSequenceProducesNothingAndDoesNotDesynchronise) {
    ScanCodeSet1Decoder decoder;
    EXPECT_EQ(decode(decoder, {0xe1, 0x1d, 0x45, 0xe1, 0x9d, 0xc5, 0x1e}), "a");
}

TEST(I8042, InitRunsTheStandardSequenceAndEnablesTheKeyboardInterrupt) {
    FakeController fake;
    I8042<FakeController> controller(fake);
    EXPECT_EQ(controller.init(), nullptr);
    std::vector<std::string> expected = {"cmd ad",  "cmd a7", "cmd 20",  "cmd 60", "data 70",
                                         "cmd aa",  "cmd 60", "data 70", "cmd ab", "cmd ae",
                                         "data f4", "cmd 60", "data 61"};
    EXPECT_EQ(fake.log, expected);
    Configuration final_config{fake.configuration};
    EXPECT_TRUE(final_config.keyboard_interrupt());
    EXPECT_FALSE(final_config.aux_interrupt());
    EXPECT_TRUE(final_config.translation());
    EXPECT_TRUE(fake.output.empty());
}

TEST(I8042, InitFlushesStaleOutputFirst) {
    FakeController fake;
    fake.output = {0x1e, 0x9e};
    I8042<FakeController> controller(fake);
    EXPECT_EQ(controller.init(), nullptr);
}

TEST(I8042, FailedSelfTestIsReported) {
    FakeController fake;
    fake.self_test_fails = true;
    I8042<FakeController> controller(fake);
    EXPECT_STREQ(controller.init(), "the controller self-test failed");
}

TEST(I8042, MissingKeyboardIsReportedNotWaitedForForever) {
    FakeController fake;
    fake.keyboard_missing = true;
    I8042<FakeController> controller(fake);
    EXPECT_STREQ(controller.init(), "the keyboard did not acknowledge enable-scanning");
}

TEST(I8042, DrainDecodesKeyboardBytesIntoTheQueueAndSkipsMouseBytes) {
    FakeController fake;
    I8042<FakeController> controller(fake);
    ScanCodeSet1Decoder decoder;
    input::InputQueue queue;
    fake.output = {0x23, 0xa3, 0x17, 0x97, 0x1d, 0x2e, 0xae, 0x9d};
    EXPECT_EQ(controller.drain(decoder, queue), 8u);
    uint8_t buffer[8];
    EXPECT_EQ(queue.pop(buffer, sizeof buffer), 2u);
    EXPECT_EQ(std::string(reinterpret_cast<char*>(buffer), 2), "hi");
    EXPECT_TRUE(queue.take_interrupt());

    fake.aux_byte_status = 0x20;
    fake.output = {0x23};
    EXPECT_EQ(controller.drain(decoder, queue), 1u);
    EXPECT_TRUE(queue.empty());
}
