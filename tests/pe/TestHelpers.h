#pragma once

// Shared helpers for the pe/ tests: turn byte vectors into spans and check errors precisely.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/lib/ErrorOr.h"
#include "core/lib/Span.h"
#include "core/lib/StringView.h"
#include "pe/Errors.h"

namespace halcyon::pe::test {

inline ReadonlyBytes view(const std::vector<u8>& bytes) {
    return {bytes.data(), bytes.size()};
}
inline Bytes mutable_view(std::vector<u8>& bytes) {
    return {bytes.data(), bytes.size()};
}
inline std::string str(StringView s) {
    return std::string(s.data(), s.length());
}

template <typename T>
::testing::AssertionResult fails_with(const ErrorOr<T>& result, NtStatus status, const std::string& message) {
    if (!result.is_error())
        return ::testing::AssertionFailure() << "expected error \"" << message << "\" but succeeded";
    Error const error = result.error();
    if (error.status() != status || message != error.message())
        return ::testing::AssertionFailure() << "expected " << status.name() << " \"" << message << "\", got "
                                             << error.status().name() << " \"" << error.message() << "\"";
    return ::testing::AssertionSuccess();
}

/// Checks that `result` failed with exactly the named pe/ error.
template <typename T>
::testing::AssertionResult fails_with(const ErrorOr<T>& result, PeError expected) {
    if (!result.is_error())
        return ::testing::AssertionFailure() << "expected " << error_name(expected) << " but succeeded";
    PeError actual;
    if (!classify(result.error(), actual))
        return ::testing::AssertionFailure()
               << "expected " << error_name(expected) << ", got a non-pe/ error \""
               << result.error().message() << "\"";
    if (actual != expected)
        return ::testing::AssertionFailure()
               << "expected " << error_name(expected) << ", got " << error_name(actual) << " (\""
               << result.error().message() << "\")";
    return ::testing::AssertionSuccess();
}

template <typename T>
::testing::AssertionResult succeeds(const ErrorOr<T>& result) {
    if (result.is_error())
        return ::testing::AssertionFailure()
               << "failed: " << result.error().status().name() << " \"" << result.error().message() << "\"";
    return ::testing::AssertionSuccess();
}

} // namespace halcyon::pe::test
