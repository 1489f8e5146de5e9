#pragma once

#include "Types.h"

namespace halcyon {

/// A link embedded in the object it chains; an object may sit on several lists via several nodes.
struct ListNode {
    ListNode* prev{nullptr};
    ListNode* next{nullptr};
    bool is_linked() const { return next != nullptr; }
};

/// A doubly linked list of T threaded through the member `Node`. The list never owns its items.
template <typename T, ListNode T::*Node>
class IntrusiveList {
public:
    IntrusiveList() { m_head.prev = m_head.next = &m_head; }
    IntrusiveList(const IntrusiveList&) = delete;
    IntrusiveList& operator=(const IntrusiveList&) = delete;

    bool is_empty() const { return m_head.next == &m_head; }

    void append(T& item) { insert_before(&m_head, &(item.*Node)); }
    void prepend(T& item) { insert_before(m_head.next, &(item.*Node)); }

    static void remove(T& item) {
        ListNode& node = item.*Node;
        if (!node.is_linked())
            return;
        node.prev->next = node.next;
        node.next->prev = node.prev;
        node.prev = node.next = nullptr;
    }

    T* first() const { return is_empty() ? nullptr : owner(m_head.next); }
    T* take_first() {
        T* item = first();
        if (item)
            remove(*item);
        return item;
    }

    usize size_slow() const {
        usize n = 0;
        for (ListNode* node = m_head.next; node != &m_head; node = node->next)
            ++n;
        return n;
    }

    class Iterator {
    public:
        Iterator(ListNode* node) : m_node(node) {}
        T& operator*() const { return *owner(m_node); }
        Iterator& operator++() {
            m_node = m_node->next;
            return *this;
        }
        bool operator!=(const Iterator& other) const { return m_node != other.m_node; }

    private:
        ListNode* m_node;
    };
    Iterator begin() const { return Iterator(m_head.next); }
    Iterator end() const { return Iterator(const_cast<ListNode*>(&m_head)); }

private:
    static T* owner(ListNode* node) {
        // Offset of the member within T, computed without offsetof on a non-standard-layout type.
        auto offset = reinterpret_cast<uptr>(&(static_cast<T*>(nullptr)->*Node));
        return reinterpret_cast<T*>(reinterpret_cast<uptr>(node) - offset);
    }
    static void insert_before(ListNode* position, ListNode* node) {
        node->next = position;
        node->prev = position->prev;
        position->prev->next = node;
        position->prev = node;
    }

    ListNode m_head;
};

} // namespace halcyon
