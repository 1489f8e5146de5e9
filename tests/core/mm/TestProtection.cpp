#include "core/mm/Protection.h"
#include "tests/core/mm/MmTestSupport.h"

using namespace halcyon;
using namespace halcyon::mm;

TEST(Protection, ExactlyOneBaseProtectionIsRequired) {
    // Mirrors Wine's test_VirtualAlloc_protection table: any byte with more or fewer than one bit
    // set is invalid.
    for (u32 value = 0; value <= 0xFF; ++value) {
        bool single = value && !(value & (value - 1));
        bool expected = single && value != PAGE_WRITECOPY && value != PAGE_EXECUTE_WRITECOPY;
        EXPECT_EQ(!validate_protection(value, RegionType::Private).is_error(), expected) << std::hex << value;
        EXPECT_EQ(!validate_protection(value, RegionType::Image).is_error(), single) << std::hex << value;
    }
}

TEST(Protection, WriteCopyIsOnlyForViews) {
    EXPECT_STATUS(validate_protection(PAGE_WRITECOPY, RegionType::Private), status::InvalidPageProtection);
    EXPECT_STATUS(validate_protection(PAGE_EXECUTE_WRITECOPY, RegionType::Private),
                  status::InvalidPageProtection);
    EXPECT_OK(validate_protection(PAGE_WRITECOPY, RegionType::Image));
    EXPECT_OK(validate_protection(PAGE_EXECUTE_WRITECOPY, RegionType::Mapped));
}

TEST(Protection, ModifiersAreExclusiveAndNeverAccompanyNoAccess) {
    EXPECT_OK(validate_protection(PAGE_READWRITE | PAGE_GUARD, RegionType::Private));
    EXPECT_OK(validate_protection(PAGE_READONLY | PAGE_NOCACHE, RegionType::Private));
    EXPECT_OK(validate_protection(PAGE_EXECUTE_READ | PAGE_WRITECOMBINE, RegionType::Private));
    EXPECT_STATUS(validate_protection(PAGE_READWRITE | PAGE_GUARD | PAGE_NOCACHE, RegionType::Private),
                  status::InvalidPageProtection);
    EXPECT_STATUS(validate_protection(PAGE_NOCACHE | PAGE_WRITECOMBINE | PAGE_READONLY, RegionType::Private),
                  status::InvalidPageProtection);
    EXPECT_STATUS(validate_protection(PAGE_NOACCESS | PAGE_GUARD, RegionType::Private),
                  status::InvalidPageProtection);
    EXPECT_STATUS(validate_protection(PAGE_GUARD, RegionType::Private), status::InvalidPageProtection);
    EXPECT_STATUS(validate_protection(PAGE_READWRITE | 0x800, RegionType::Private),
                  status::InvalidPageProtection);
    EXPECT_STATUS(validate_protection(PAGE_READWRITE | 0x4000'0000, RegionType::Private),
                  status::InvalidPageProtection);
}

TEST(Protection, AccessTableMatchesWindows) {
    struct Row {
        u32 protection;
        bool read, write, execute;
    };
    const Row rows[] = {
        {PAGE_NOACCESS, false, false, false},       {PAGE_READONLY, true, false, false},
        {PAGE_READWRITE, true, true, false},        {PAGE_WRITECOPY, true, true, false},
        {PAGE_EXECUTE, true, false, true},          {PAGE_EXECUTE_READ, true, false, true},
        {PAGE_EXECUTE_READWRITE, true, true, true}, {PAGE_EXECUTE_WRITECOPY, true, true, true},
    };
    for (const Row& row : rows) {
        EXPECT_EQ(protection_allows(row.protection, AccessKind::Read), row.read) << row.protection;
        EXPECT_EQ(protection_allows(row.protection, AccessKind::Write), row.write) << row.protection;
        EXPECT_EQ(protection_allows(row.protection, AccessKind::Execute), row.execute) << row.protection;
        // Modifiers do not change what the base protection permits.
        EXPECT_EQ(protection_allows(row.protection | PAGE_NOCACHE, AccessKind::Write), row.write);
    }
}

TEST(Protection, CopyOnWriteBecomesReadWriteKeepingModifiers) {
    EXPECT_EQ(protection_after_copy(PAGE_WRITECOPY), PAGE_READWRITE);
    EXPECT_EQ(protection_after_copy(PAGE_EXECUTE_WRITECOPY), PAGE_EXECUTE_READWRITE);
    EXPECT_EQ(protection_after_copy(PAGE_WRITECOPY | PAGE_NOCACHE), PAGE_READWRITE | PAGE_NOCACHE);
    EXPECT_EQ(protection_after_copy(PAGE_READONLY), PAGE_READONLY);
    EXPECT_TRUE(is_copy_on_write(PAGE_EXECUTE_WRITECOPY | PAGE_GUARD));
    EXPECT_FALSE(is_copy_on_write(PAGE_READWRITE));
}
