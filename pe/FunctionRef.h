#pragma once

// A non-owning reference to a callable, so the iteration APIs in pe/ can take lambdas without
// templates in every header and without std::function (which allocates and needs the standard
// library, neither of which exists inside ntdll). The referenced callable must outlive the call
// it is passed to; every pe/ API only uses it for the duration of that call.

#include "core/lib/Utility.h"

namespace halcyon::pe {

template <typename Signature>
class FunctionRef;

template <typename Return, typename... Args>
class FunctionRef<Return(Args...)> {
public:
    template <typename Callable>
    requires(!IsSame<typename RemoveReference<Callable>::Type, FunctionRef>)
    FunctionRef(Callable&& callable)
        : m_object(const_cast<void*>(static_cast<const void*>(&callable))),
          m_trampoline([](void* object, Args... args) -> Return {
              return (*static_cast<typename RemoveReference<Callable>::Type*>(object))(
                  forward<Args>(args)...);
          }) {}

    Return operator()(Args... args) const { return m_trampoline(m_object, forward<Args>(args)...); }

private:
    void* m_object;
    Return (*m_trampoline)(void*, Args...);
};

} // namespace halcyon::pe
