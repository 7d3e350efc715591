internal import ZKToolSupport

/// Standard output and standard error the way the JVM treats them for this tool.
///
/// Lines are rendered into ``out`` (a line can be taken back if its txn fails to decode) and
/// handed to ZKToolSupport's `StandardOutput` in large chunks. `StandardOutput` ignores SIGPIPE
/// and write errors (Java ignores them on `System.out`: a closed pipe drops the output and the
/// tool finishes with its usual exit code). Everything is flushed before stderr is written and
/// before stdin is read, so `2>&1` interleaving and the recovery prompt come out as with Java,
/// which flushes every print.
struct Console: ~Copyable {
    var out = ByteSink(capacity: 1 << 18)
    let flushThreshold = 1 << 17
    /// The charset of Java's `System.out`/`System.err` for this environment.
    let charset: JavaPlatformCharset

    init(charset: JavaPlatformCharset) {
        self.charset = charset
        // Creating the shared stdout ignores SIGPIPE, before anything can be written.
        _ = StandardOutput.shared
    }

    /// Hands the rendered bytes over once there are enough of them.
    @inline(__always)
    mutating func flushIfFull() {
        if out.count >= flushThreshold { flush() }
    }

    /// Writes everything rendered so far to stdout.
    mutating func flush() {
        if out.count > 0 {
            StandardOutput.shared.write(out.bytes)
            out.removeAll()
        }
        StandardOutput.shared.flush()
    }

    /// `System.err.println(text)`, after flushing stdout.
    mutating func errorLine(_ text: String) {
        flush()
        StandardError.writeLine(charset.encode(text))
    }
}
