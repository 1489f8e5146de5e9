#pragma once

#include "core/lib/StringView.h"
#include "core/lib/ErrorOr.h"
#include "core/lib/Span.h"
#include "hal/concepts.h"

namespace halcyon::hal {

/// The console's byte streams as the backend provides them: the terminal of the `halcyon`
/// process when hosted, the serial line / framebuffer on bare metal.
enum class ConsoleStream { Input = 0, Output = 1, Error = 2 };

/// What a console stream is connected to. Hosted, the `halcyon` process's own standard streams
/// may be redirected; programs see a redirected stream as the file, pipe or device it is (as on
/// Windows and Wine), not as a console. Bare metal streams are always Terminal.
enum class ConsoleStreamKind { Terminal, File, Pipe, CharacterDevice };

template <typename T>
concept ConsoleContract = requires(StringView text, ConsoleStream stream, ReadonlyBytes in, Bytes out) {
    /// Writes a kernel log line (no newline added). Never fails, never blocks for long.
    { T::log(text) } -> SameAs<void>;
    /// Writes bytes to a console stream; returns the number written.
    { T::write(stream, in) } -> SameAs<ErrorOr<usize>>;
    /// Reads up to out.size() bytes from the console input; 0 means end of input.
    { T::read(out) } -> SameAs<ErrorOr<usize>>;
    /// Whether a read of the console input would return at once (data or end of input is
    /// there). Lets the kernel wait for input in its scheduler rather than inside the backend.
    { T::input_ready() } -> SameAs<bool>;
    /// Whether a stream is an interactive terminal (affects buffering decisions in user mode).
    { T::is_terminal(stream) } -> SameAs<bool>;
    /// What the stream is connected to (Terminal exactly when is_terminal).
    { T::stream_kind(stream) } -> SameAs<ConsoleStreamKind>;
    /// Takes a pending console interrupt (Ctrl+C at the console; SIGINT to the `halcyon` process
    /// when hosted): true once per interrupt. The kernel turns it into a console control event.
    { T::take_interrupt() } -> SameAs<bool>;
};

} // namespace halcyon::hal
