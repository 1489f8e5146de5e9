#pragma once

// Minimal concept helpers so hal/ contracts do not need <concepts> (unavailable freestanding).

namespace halcyon::hal {

template <typename A, typename B>
concept SameAs = __is_same(A, B) && __is_same(B, A);

} // namespace halcyon::hal
