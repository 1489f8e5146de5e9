#include <core/ob/HandleTable.h>
#include <tests/core/ob/KernelHeapForTests.h>

#include <gtest/gtest.h>

using namespace halcyon;
using namespace halcyon::ob;

namespace {

// Counts live instances so tests can see exactly when the last reference goes away.
int g_live_objects = 0;

class TestEvent final : public Object {
public:
    static constexpr ObjectType kType = ObjectType::Event;
    TestEvent() : Object(kType) { ++g_live_objects; }
    ~TestEvent() override { --g_live_objects; }
};

class TestSection final : public Object {
public:
    static constexpr ObjectType kType = ObjectType::Section;
    TestSection() : Object(kType) { ++g_live_objects; }
    ~TestSection() override { --g_live_objects; }
};

template <typename T>
RefPtr<Object> make() {
    auto result = make_object<T>();
    EXPECT_FALSE(result.is_error());
    return result.release_value();
}

u64 insert_ok(HandleTable& table, RefPtr<Object> object, u32 access = 0x1F0003, u32 attributes = 0) {
    auto handle = table.insert(move(object), access, attributes);
    EXPECT_FALSE(handle.is_error());
    return handle.is_error() ? 0 : handle.value();
}

class HandleTableTest : public ::testing::Test {
protected:
    void SetUp() override { g_live_objects = 0; }
    void TearDown() override { EXPECT_EQ(g_live_objects, 0) << "an object leaked"; }
};

} // namespace

TEST(HandleTable, HandlesAreMultiplesOfFourStartingAtFour) {
    HandleTable table;
    for (u64 i = 1; i <= 100; ++i) {
        u64 handle = insert_ok(table, make<TestEvent>());
        EXPECT_EQ(handle, i * 4);
    }
    EXPECT_EQ(table.count(), 100u);
}

TEST(HandleTable, ZeroAndPseudoHandlesAreInvalid) {
    HandleTable table;
    insert_ok(table, make<TestEvent>());
    EXPECT_EQ(table.lookup(0).error().status(), status::InvalidHandle);
    EXPECT_EQ(table.lookup(kCurrentProcessHandle).error().status(), status::InvalidHandle);
    EXPECT_EQ(table.lookup(kCurrentThreadHandle).error().status(), status::InvalidHandle);
    EXPECT_EQ(table.close(kCurrentProcessHandle).error().status(), status::InvalidHandle);
    EXPECT_EQ(table.lookup(8).error().status(), status::InvalidHandle);
}

TEST(HandleTable, LowTwoBitsAreIgnoredOnLookup) {
    HandleTable table;
    RefPtr<Object> event = make<TestEvent>();
    u64 handle = insert_ok(table, event);
    for (u64 tag = 0; tag < 4; ++tag) {
        auto found = table.lookup(handle | tag);
        ASSERT_FALSE(found.is_error());
        EXPECT_EQ(found.value().get(), event.get());
    }
    EXPECT_FALSE(table.close(handle | 3).is_error());
    EXPECT_EQ(table.count(), 0u);
}

TEST(HandleTable, ClosedHandleIsInvalid) {
    HandleTable table;
    u64 handle = insert_ok(table, make<TestEvent>());
    ASSERT_FALSE(table.close(handle).is_error());
    EXPECT_EQ(table.lookup(handle).error().status(), status::InvalidHandle);
    EXPECT_EQ(table.close(handle).error().status(), status::InvalidHandle);
}

TEST(HandleTable, CloseDropsReference) {
    g_live_objects = 0;
    HandleTable table;
    u64 handle = insert_ok(table, make<TestEvent>());
    EXPECT_EQ(g_live_objects, 1);
    {
        auto held = table.lookup(handle);
        ASSERT_FALSE(held.is_error());
        EXPECT_EQ(held.value()->ref_count(), 2u);
        ASSERT_FALSE(table.close(handle).is_error());
        // A service still holding the object keeps it alive past the close.
        EXPECT_EQ(g_live_objects, 1);
        EXPECT_EQ(held.value()->ref_count(), 1u);
    }
    EXPECT_EQ(g_live_objects, 0);
}

TEST(HandleTable, LookupWithWrongTypeFails) {
    HandleTable table;
    u64 handle = insert_ok(table, make<TestEvent>());
    EXPECT_EQ(table.lookup(handle, ObjectType::Section).error().status(), status::ObjectTypeMismatch);
    EXPECT_FALSE(table.lookup(handle, ObjectType::Event).is_error());
    EXPECT_FALSE(table.lookup(handle, ObjectType::Any).is_error());

    auto section = table.lookup_as<TestSection>(handle);
    EXPECT_EQ(section.error().status(), status::ObjectTypeMismatch);
    auto event = table.lookup_as<TestEvent>(handle);
    ASSERT_FALSE(event.is_error());
    EXPECT_EQ(event.value()->type(), ObjectType::Event);
    EXPECT_STREQ(event.value()->type_name(), "Event");

    EXPECT_EQ(table.lookup_as<TestEvent>(handle + 4).error().status(), status::InvalidHandle);
}

TEST(HandleTable, LookupChecksGrantedAccess) {
    HandleTable table;
    u64 handle = insert_ok(table, make<TestEvent>(), /*access=*/0x1);
    EXPECT_FALSE(table.lookup_as<TestEvent>(handle, 0x1).is_error());
    EXPECT_EQ(table.lookup_as<TestEvent>(handle, 0x3).error().status(), status::AccessDenied);
    auto info = table.query(handle);
    ASSERT_FALSE(info.is_error());
    EXPECT_EQ(info.value().granted_access, 0x1u);
}

TEST(HandleTable, ObjectCastChecksType) {
    RefPtr<Object> event = make<TestEvent>();
    EXPECT_FALSE(object_cast<TestSection>(event));
    RefPtr<TestEvent> typed = object_cast<TestEvent>(event);
    ASSERT_TRUE(typed);
    EXPECT_EQ(typed->ref_count(), 2u);
    EXPECT_FALSE(object_cast<TestEvent>(RefPtr<Object>()));
}

TEST(HandleTable, SlotsAreReused) {
    HandleTable table;
    u64 a = insert_ok(table, make<TestEvent>());
    u64 b = insert_ok(table, make<TestEvent>());
    u64 c = insert_ok(table, make<TestEvent>());
    EXPECT_EQ(c, 12u);
    ASSERT_FALSE(table.close(b).is_error());
    ASSERT_FALSE(table.close(a).is_error());
    // Most recently freed first, then fresh slots.
    EXPECT_EQ(insert_ok(table, make<TestEvent>()), a);
    EXPECT_EQ(insert_ok(table, make<TestEvent>()), b);
    EXPECT_EQ(insert_ok(table, make<TestEvent>()), 16u);
    EXPECT_EQ(table.count(), 4u);
}

TEST(HandleTable, CloseAllReleasesEveryObject) {
    g_live_objects = 0;
    HandleTable table;
    for (int i = 0; i < 50; ++i)
        insert_ok(table, make<TestEvent>(), 0, i % 2 ? handle_attribute::ProtectFromClose : 0);
    EXPECT_EQ(g_live_objects, 50);
    table.close_all();
    EXPECT_EQ(g_live_objects, 0);
    EXPECT_EQ(table.count(), 0u);
    // The table is usable again and starts over at 4.
    EXPECT_EQ(insert_ok(table, make<TestEvent>()), 4u);
    table.close_all();
    EXPECT_EQ(g_live_objects, 0);
}

TEST(HandleTable, DestructorReleasesEveryObject) {
    g_live_objects = 0;
    {
        HandleTable table;
        insert_ok(table, make<TestEvent>());
        insert_ok(table, make<TestSection>());
    }
    EXPECT_EQ(g_live_objects, 0);
}

TEST(HandleTable, ProtectedHandleCannotBeClosed) {
    HandleTable table;
    u64 handle = insert_ok(table, make<TestEvent>(), 0, handle_attribute::ProtectFromClose);
    EXPECT_EQ(table.close(handle).error().status(), kStatusHandleNotClosable);
    EXPECT_FALSE(table.lookup(handle).is_error());
    ASSERT_FALSE(table.set_attributes(handle, handle_attribute::ProtectFromClose, 0).is_error());
    EXPECT_FALSE(table.close(handle).is_error());
}

TEST(HandleTable, UnknownAttributesAndNullObjectsAreRejected) {
    HandleTable table;
    EXPECT_EQ(table.insert(make<TestEvent>(), 0, 0x80).error().status(), status::InvalidParameter);
    EXPECT_EQ(table.insert(RefPtr<Object>(), 0, 0).error().status(), status::InvalidParameter);
    EXPECT_EQ(table.count(), 0u);
}

TEST(HandleTable, GrowthIsBounded) {
    HandleTable table(3);
    insert_ok(table, make<TestEvent>());
    insert_ok(table, make<TestEvent>());
    u64 third = insert_ok(table, make<TestEvent>());
    EXPECT_EQ(table.insert(make<TestEvent>(), 0, 0).error().status(), status::InsufficientResources);
    // Beyond the bound no handle value can name a slot.
    EXPECT_EQ(table.lookup(16).error().status(), status::InvalidHandle);
    ASSERT_FALSE(table.close(third).is_error());
    EXPECT_EQ(insert_ok(table, make<TestEvent>()), third);
}

TEST(HandleTable, AllocationFailureIsAnError) {
    HandleTable table;
    RefPtr<Object> event = make<TestEvent>();
    {
        test_support::ScopedAllocationFailure failure(0);
        auto handle = table.insert(event, 0, 0);
        ASSERT_TRUE(handle.is_error());
        EXPECT_EQ(handle.error().status(), status::NoMemory);
    }
    EXPECT_EQ(table.count(), 0u);
    EXPECT_EQ(event->ref_count(), 1u);
    EXPECT_EQ(insert_ok(table, event), 4u);
}

TEST(HandleTable, InheritableHandlesKeepTheirValuesInTheChild) {
    HandleTable parent;
    u64 a = insert_ok(parent, make<TestEvent>(), 0x1, handle_attribute::Inherit);
    u64 b = insert_ok(parent, make<TestEvent>(), 0x2, 0);
    u64 c = insert_ok(parent, make<TestSection>(), 0x4, handle_attribute::Inherit);
    HandleTable child;
    ASSERT_FALSE(parent.copy_inheritable_into(child).is_error());
    EXPECT_EQ(child.count(), 2u);
    EXPECT_EQ(child.lookup(a).value().get(), parent.lookup(a).value().get());
    EXPECT_EQ(child.lookup(b).error().status(), status::InvalidHandle);
    EXPECT_EQ(child.lookup(c, ObjectType::Section).value().get(), parent.lookup(c).value().get());
    EXPECT_EQ(child.query(c).value().granted_access, 0x4u);
    // The hole left by the non-inherited handle is handed out first.
    EXPECT_EQ(insert_ok(child, make<TestEvent>()), b);
    EXPECT_EQ(insert_ok(child, make<TestEvent>()), 16u);
    // A non-empty child is refused.
    EXPECT_EQ(parent.copy_inheritable_into(child).error().status(), status::InvalidParameter);
}

TEST_F(HandleTableTest, NothingLeaksAcrossInsertCloseCycles) {
    HandleTable table;
    u64 handles[64];
    for (int round = 0; round < 10; ++round) {
        for (auto& handle : handles)
            handle = insert_ok(table, make<TestEvent>());
        for (auto handle : handles)
            ASSERT_FALSE(table.close(handle).is_error());
    }
    EXPECT_EQ(table.count(), 0u);
}
