#include <core/lib/Vector.h>
#include <core/ob/Namespace.h>
#include <tests/core/ob/KernelHeapForTests.h>

#include <gtest/gtest.h>

#include <cstdio>

using namespace halcyon;
using namespace halcyon::ob;

namespace {

class NamedEvent final : public Object {
public:
    static constexpr ObjectType kType = ObjectType::Event;
    NamedEvent() : Object(kType) {}
};

class NamedMutant final : public Object {
public:
    static constexpr ObjectType kType = ObjectType::Mutant;
    NamedMutant() : Object(kType) {}
};

class NamedDataSection final : public Object {
public:
    static constexpr ObjectType kType = ObjectType::DataSection;
    NamedDataSection() : Object(kType) {}
};

template <typename T>
RefPtr<Object> make() {
    auto result = make_object<T>();
    EXPECT_FALSE(result.is_error());
    return result.release_value();
}

NtStatus status_of(const ErrorOr<RefPtr<Object>>& result) {
    return result.is_error() ? result.error().status() : status::Success;
}

} // namespace

TEST(Namespace, InsertThenOpenYieldsTheSameObject) {
    RefPtr<Object> event = make<NamedEvent>();
    auto inserted = insert_named("\\BaseNamedObjects\\ns_same", event, false);
    ASSERT_FALSE(inserted.is_error());
    EXPECT_FALSE(inserted.value().existed);
    EXPECT_EQ(inserted.value().object.get(), event.get());
    auto opened = open_named("\\BaseNamedObjects\\ns_same", ObjectType::Event, false);
    ASSERT_FALSE(opened.is_error());
    EXPECT_EQ(opened.value().get(), event.get());
    EXPECT_TRUE(event->is_named());
}

TEST(Namespace, SecondInsertOfTheSameTypeFindsTheExistingObject) {
    RefPtr<Object> first = make<NamedEvent>();
    RefPtr<Object> second = make<NamedEvent>();
    ASSERT_FALSE(insert_named("\\BaseNamedObjects\\ns_twice", first, false).is_error());
    auto again = insert_named("\\BaseNamedObjects\\ns_twice", second, false);
    ASSERT_FALSE(again.is_error());
    EXPECT_TRUE(again.value().existed);
    EXPECT_EQ(again.value().object.get(), first.get());
    EXPECT_FALSE(second->is_named());
}

TEST(Namespace, NameTakenByAnotherTypeIsATypeMismatch) {
    RefPtr<Object> event = make<NamedEvent>();
    ASSERT_FALSE(insert_named("\\BaseNamedObjects\\ns_mismatch", event, false).is_error());
    auto mutant = insert_named("\\BaseNamedObjects\\ns_mismatch", make<NamedMutant>(), false);
    ASSERT_TRUE(mutant.is_error());
    EXPECT_EQ(mutant.error().status(), status::ObjectTypeMismatch);
    EXPECT_EQ(status_of(open_named("\\BaseNamedObjects\\ns_mismatch", ObjectType::Mutant, false)),
              status::ObjectTypeMismatch);
    EXPECT_EQ(status_of(open_named("\\BaseNamedObjects\\ns_mismatch", ObjectType::Any, false)), status::Success);
}

TEST(Namespace, NameGoesWithTheLastReference) {
    usize before = named_object_count();
    {
        RefPtr<Object> event = make<NamedEvent>();
        ASSERT_FALSE(insert_named("\\BaseNamedObjects\\ns_temporary", event, false).is_error());
        EXPECT_EQ(named_object_count(), before + 1);
        auto opened = open_named("\\BaseNamedObjects\\ns_temporary", ObjectType::Event, false);
        ASSERT_FALSE(opened.is_error());
    }
    EXPECT_EQ(named_object_count(), before);
    EXPECT_EQ(status_of(open_named("\\BaseNamedObjects\\ns_temporary", ObjectType::Event, false)),
              status::ObjectNameNotFound);
}

TEST(Namespace, LocalGlobalAndSessionLinksLeadToBaseNamedObjects) {
    RefPtr<Object> event = make<NamedEvent>();
    ASSERT_FALSE(insert_named("\\BaseNamedObjects\\Local\\ns_linked", event, false).is_error());
    for (const char* path : {"\\BaseNamedObjects\\ns_linked", "\\BaseNamedObjects\\Global\\ns_linked",
                             "\\Sessions\\1\\BaseNamedObjects\\ns_linked", "\\BaseNamedObjects\\Session\\1\\BaseNamedObjects\\ns_linked",
                             "\\basenamedobjects\\LOCAL\\ns_linked"}) {
        auto opened = open_named(path, ObjectType::Event, false);
        ASSERT_FALSE(opened.is_error()) << path;
        EXPECT_EQ(opened.value().get(), event.get()) << path;
    }
}

TEST(Namespace, ObjectNamesAreCaseSensitiveUnlessAskedOtherwise) {
    RefPtr<Object> event = make<NamedEvent>();
    ASSERT_FALSE(insert_named("\\BaseNamedObjects\\ns_Case", event, false).is_error());
    EXPECT_EQ(status_of(open_named("\\BaseNamedObjects\\NS_CASE", ObjectType::Event, false)),
              status::ObjectNameNotFound);
    EXPECT_EQ(status_of(open_named("\\BaseNamedObjects\\NS_CASE", ObjectType::Event, true)), status::Success);
}

TEST(Namespace, PathErrorsAreReportedAsNtDoes) {
    EXPECT_EQ(status_of(open_named("relative", ObjectType::Event, false)), status::ObjectPathSyntaxBad);
    EXPECT_EQ(status_of(open_named("", ObjectType::Event, false)), status::ObjectPathSyntaxBad);
    EXPECT_EQ(status_of(open_named("\\NoSuchDirectory\\x", ObjectType::Event, false)), status::ObjectPathNotFound);
    EXPECT_EQ(status_of(open_named("\\BaseNamedObjects\\missing\\x", ObjectType::Event, false)),
              status::ObjectPathNotFound);
    EXPECT_EQ(status_of(open_named("\\BaseNamedObjects\\", ObjectType::Event, false)), status::ObjectNameInvalid);
    EXPECT_EQ(status_of(open_named("\\BaseNamedObjects\\\\x", ObjectType::Event, false)), status::ObjectNameInvalid);
    EXPECT_EQ(status_of(open_named("\\BaseNamedObjects", ObjectType::Event, false)), status::ObjectTypeMismatch);
    auto onto_directory = insert_named("\\BaseNamedObjects", make<NamedEvent>(), false);
    ASSERT_TRUE(onto_directory.is_error());
    EXPECT_EQ(onto_directory.error().status(), status::ObjectTypeMismatch);
    // A name below an object (not a directory) does not exist.
    RefPtr<Object> event = make<NamedEvent>();
    ASSERT_FALSE(insert_named("\\BaseNamedObjects\\ns_leaf", event, false).is_error());
    EXPECT_EQ(status_of(open_named("\\BaseNamedObjects\\ns_leaf\\below", ObjectType::Event, false)),
              status::ObjectPathNotFound);
}

TEST(Namespace, SectionLookupsAcceptDataSections) {
    RefPtr<Object> section = make<NamedDataSection>();
    ASSERT_FALSE(insert_named("\\BaseNamedObjects\\ns_section", section, false).is_error());
    EXPECT_EQ(status_of(open_named("\\BaseNamedObjects\\ns_section", ObjectType::Section, false)), status::Success);
    EXPECT_EQ(status_of(open_named("\\BaseNamedObjects\\ns_section", ObjectType::DataSection, false)),
              status::Success);
}

TEST(Namespace, AnAlreadyNamedObjectCannotBeNamedAgain) {
    RefPtr<Object> event = make<NamedEvent>();
    ASSERT_FALSE(insert_named("\\BaseNamedObjects\\ns_once", event, false).is_error());
    auto again = insert_named("\\BaseNamedObjects\\ns_other", event, false);
    ASSERT_TRUE(again.is_error());
    EXPECT_EQ(again.error().status(), status::InvalidParameter);
}

TEST(Namespace, ManyNamesComeAndGo) {
    usize before = named_object_count();
    Vector<RefPtr<Object>> objects;
    char name[64];
    for (int i = 0; i < 200; ++i) {
        snprintf(name, sizeof name, "\\BaseNamedObjects\\ns_many_%d", i);
        RefPtr<Object> event = make<NamedEvent>();
        ASSERT_FALSE(insert_named(name, event, false).is_error());
        ASSERT_FALSE(objects.try_append(move(event)).is_error());
    }
    EXPECT_EQ(named_object_count(), before + 200);
    for (int i = 0; i < 200; i += 2)
        objects.data()[i] = nullptr;
    EXPECT_EQ(named_object_count(), before + 100);
    for (int i = 0; i < 200; ++i) {
        snprintf(name, sizeof name, "\\BaseNamedObjects\\ns_many_%d", i);
        EXPECT_EQ(status_of(open_named(name, ObjectType::Event, false)),
                  i % 2 ? status::Success : status::ObjectNameNotFound)
            << name;
    }
    objects.clear();
    EXPECT_EQ(named_object_count(), before);
}

TEST(Namespace, AllocationFailureLeavesTheNamespaceConsistent) {
    // The fixed directories are built on first use; build them before failing allocations.
    (void)open_named("\\BaseNamedObjects\\ns_oom", ObjectType::Any, false);
    usize before = named_object_count();
    for (long budget = 0; budget < 8; ++budget) {
        RefPtr<Object> event = make<NamedEvent>();
        {
            test_support::fail_allocations_after(budget);
            auto inserted = insert_named("\\BaseNamedObjects\\ns_oom", event, false);
            test_support::stop_failing_allocations();
            if (inserted.is_error()) {
                EXPECT_EQ(inserted.error().status(), status::NoMemory);
                EXPECT_FALSE(event->is_named());
                EXPECT_EQ(named_object_count(), before);
            } else {
                EXPECT_EQ(named_object_count(), before + 1);
            }
        }
        event = nullptr;
        EXPECT_EQ(named_object_count(), before);
    }
}

TEST(Namespace, DirectoryHandlesResolveLinksAndJoinRelativeNames) {
    auto root = DirectoryObject::open("\\");
    ASSERT_FALSE(root.is_error());
    auto from_root = root.value()->join("BaseNamedObjects");
    ASSERT_FALSE(from_root.is_error());
    EXPECT_TRUE(from_root.value().view() == "\\BaseNamedObjects");

    auto linked = DirectoryObject::open("\\Sessions\\1\\BaseNamedObjects");
    ASSERT_FALSE(linked.is_error());
    EXPECT_TRUE(linked.value()->path() == "\\BaseNamedObjects");
    auto joined = linked.value()->join("ns_relative");
    ASSERT_FALSE(joined.is_error());
    EXPECT_TRUE(joined.value().view() == "\\BaseNamedObjects\\ns_relative");
    auto absolute = linked.value()->join("\\ns_relative");
    ASSERT_TRUE(absolute.is_error());
    EXPECT_EQ(absolute.error().status(), status::ObjectPathSyntaxBad);
}

TEST(Namespace, OnlyDirectoriesOpenAsDirectories) {
    auto missing = DirectoryObject::open("\\NoSuchDirectory");
    ASSERT_TRUE(missing.is_error());
    EXPECT_EQ(missing.error().status(), status::ObjectNameNotFound);
    RefPtr<Object> event = make<NamedEvent>();
    ASSERT_FALSE(insert_named("\\BaseNamedObjects\\ns_not_a_directory", event, false).is_error());
    auto not_directory = DirectoryObject::open("\\BaseNamedObjects\\ns_not_a_directory");
    ASSERT_TRUE(not_directory.is_error());
    EXPECT_EQ(not_directory.error().status(), status::ObjectTypeMismatch);
    usize live = Object::live_count();
    {
        auto opened = DirectoryObject::open("\\BaseNamedObjects");
        ASSERT_FALSE(opened.is_error());
        EXPECT_EQ(Object::live_count(), live + 1);
    }
    EXPECT_EQ(Object::live_count(), live);
}
