#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "BootConfig.h"

using namespace halcyon::boot;

namespace {

BootConfigError parse(const std::string& text, BootConfig& config, size_t& line) {
    return parse_boot_config(text.data(), text.size(), config, line);
}

} // namespace

TEST(BootConfig, EmptyFileKeepsDefaults) {
    BootConfig config;
    size_t line = 99;
    EXPECT_EQ(parse("", config, line), BootConfigError::None);
    EXPECT_STREQ(config.kernel_path, "\\halcyon\\kernel.elf");
    EXPECT_STREQ(config.command_line, "");
}

TEST(BootConfig, ReadsKernelAndCommandLineIgnoringCommentsBlanksAndUnknownKeys) {
    BootConfig config;
    size_t line = 0;
    EXPECT_EQ(parse("# comment\r\n\n  kernel = \\k\\other.elf \r\nfuture=1\ncmdline=a b=c  debug.panic=1\n",
                    config, line),
              BootConfigError::None);
    EXPECT_STREQ(config.kernel_path, "\\k\\other.elf");
    EXPECT_STREQ(config.command_line, "a b=c  debug.panic=1");
}

TEST(BootConfig, LineWithoutEqualsIsAnErrorWithItsLineNumber) {
    BootConfig config;
    size_t line = 0;
    EXPECT_EQ(parse("cmdline=x\nkernel\n", config, line), BootConfigError::MissingEquals);
    EXPECT_EQ(line, 2u);
}

TEST(BootConfig, ValueThatDoesNotFitIsRejectedNotTruncated) {
    BootConfig config;
    size_t line = 0;
    EXPECT_EQ(parse("cmdline=" + std::string(300, 'x'), config, line), BootConfigError::ValueTooLong);
    EXPECT_STREQ(config.command_line, "");
    EXPECT_EQ(parse(std::string(600, '#'), config, line), BootConfigError::LineTooLong);
}

TEST(BootConfig, DebugHookIsOnlyTheExactValue) {
    BootConfig config;
    size_t line = 0;
    EXPECT_EQ(parse("debug=stale-map-key\n", config, line), BootConfigError::None);
    EXPECT_TRUE(config.debug_stale_map_key);
    BootConfig other;
    EXPECT_EQ(parse("debug=stale-map-keys\n", other, line), BootConfigError::None);
    EXPECT_FALSE(other.debug_stale_map_key);
}

TEST(BootConfig, AKeyWithANulByteIsAnUnknownKeyNotAReadPastTheKnownOne) {
    // "kernel\0x=..." once compared equal to "kernel" up to the NUL and then read past the end
    // of the literal (found by fuzz_boot_config).
    BootConfig config;
    size_t line = 0;
    std::string text("kernel\0x=\\other.elf\n", 20);
    EXPECT_EQ(parse(text, config, line), BootConfigError::None);
    EXPECT_STREQ(config.kernel_path, "\\halcyon\\kernel.elf");
}

TEST(BootConfig, TheSystemImageDefaultsToSystemTarAndCanBeRenamed) {
    BootConfig config;
    size_t line = 0;
    EXPECT_STREQ(config.ramdisk_path, "\\halcyon\\system.tar");
    EXPECT_EQ(parse("ramdisk = \\halcyon\\other.tar\n", config, line), BootConfigError::None);
    EXPECT_STREQ(config.ramdisk_path, "\\halcyon\\other.tar");
    EXPECT_EQ(parse("ramdisk=" + std::string(200, 'x'), config, line), BootConfigError::ValueTooLong);
    EXPECT_STREQ(config.ramdisk_path, "\\halcyon\\other.tar");
}
