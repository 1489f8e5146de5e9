#include <gtest/gtest.h>

#include <set>
#include <string>

#include "pe/Errors.h"
#include "tests/pe/TestHelpers.h"

using namespace halcyon;
using namespace halcyon::pe;

TEST(PeErrors, EveryErrorHasAUniqueNameAndMessage) {
    std::set<std::string> names;
    std::set<std::string> messages;
    for (u32 i = 0; i < static_cast<u32>(PeError::Count); ++i) {
        auto const code = static_cast<PeError>(i);
        EXPECT_TRUE(names.insert(error_name(code)).second) << error_name(code);
        // Distinct texts keep classify() exact: identical literals may share one address.
        EXPECT_TRUE(messages.insert(error_message(code)).second) << error_message(code);
    }
}

TEST(PeErrors, ClassifyRecoversTheNameFromAnError) {
    for (u32 i = 0; i < static_cast<u32>(PeError::Count); ++i) {
        auto const code = static_cast<PeError>(i);
        Error const made = error(code);
        EXPECT_TRUE(made.status().is_error());
        PeError back = PeError::Count;
        ASSERT_TRUE(classify(made, back));
        EXPECT_EQ(back, code);
    }
}

TEST(PeErrors, ClassifyRejectsErrorsFromElsewhere) {
    PeError code;
    EXPECT_FALSE(classify(Error(status::InvalidImageFormat, "not from pe/"), code));
    EXPECT_FALSE(classify(Error(status::NoMemory), code));
}

TEST(PeErrors, KeepsTheStatusesTheLoaderReports) {
    EXPECT_EQ(error(PeError::NotMz).status(), status::InvalidImageNotMz);
    EXPECT_EQ(error(PeError::Pe32NotSupported).status(), status::InvalidImageWin64);
    EXPECT_EQ(error(PeError::ExportNameNotFound).status(), status::EntrypointNotFound);
    EXPECT_STREQ(error_name(PeError::SectionsOverlap), "SectionsOverlap");
}
