#include <gtest/gtest.h>

#include "pe/ApiSet.h"
#include "tests/pe/TestHelpers.h"

using namespace halcyon;
using namespace halcyon::pe;
using namespace halcyon::pe::test;

TEST(PeApiSet, MapsCrtSetsToUcrtbase) {
    EXPECT_EQ(str(resolve_api_set("api-ms-win-crt-runtime-l1-1-0.dll")), "ucrtbase.dll");
    EXPECT_EQ(str(resolve_api_set("api-ms-win-crt-stdio-l1-1-0")), "ucrtbase.dll");
}

TEST(PeApiSet, MapsCoreSetsToKernelbase) {
    EXPECT_EQ(str(resolve_api_set("api-ms-win-core-synch-l1-2-0.dll")), "kernelbase.dll");
    EXPECT_EQ(str(resolve_api_set("api-ms-win-core-processthreads-l1-1-1")), "kernelbase.dll");
}

TEST(PeApiSet, IgnoresCase) {
    EXPECT_EQ(str(resolve_api_set("API-MS-WIN-CRT-HEAP-L1-1-0.DLL")), "ucrtbase.dll");
    EXPECT_EQ(str(resolve_api_set("Api-Ms-Win-Core-File-L1-2-0.Dll")), "kernelbase.dll");
}

TEST(PeApiSet, LeavesOtherNamesUnchanged) {
    EXPECT_EQ(str(resolve_api_set("KERNEL32.dll")), "KERNEL32.dll");
    EXPECT_EQ(str(resolve_api_set("api-ms-win-security-base-l1-1-0.dll")), "api-ms-win-security-base-l1-1-0.dll");
    EXPECT_EQ(str(resolve_api_set("api-ms-win-cr")), "api-ms-win-cr");
    EXPECT_EQ(str(resolve_api_set("")), "");
}

TEST(PeApiSet, RecognisesApiSetNames) {
    EXPECT_TRUE(is_api_set_name("api-ms-win-core-synch-l1-2-0.dll"));
    EXPECT_TRUE(is_api_set_name("EXT-MS-win-ntuser-window-l1-1-0"));
    EXPECT_FALSE(is_api_set_name("kernel32.dll"));
}
