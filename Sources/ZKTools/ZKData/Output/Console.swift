internal import Glibc
internal import ZKToolSupport

/// `zkdata`'s standard streams: ZKToolSupport's one buffered stream (``ToolOutput``), UTF-8
/// whatever the locale (records are JSON, which is UTF-8), SIGPIPE ignored so a closed pipe
/// is seen as a failed write (quiet for EPIPE, trouble otherwise: see ``ParsableCommand/runVerb(_:)``).
enum Console {
    nonisolated(unsafe) static let io: ToolIO = {
        _ = signal(SIGPIPE, SIG_IGN)
        return ToolIO.standard(charset: .utf8)
    }()

    /// Standard output.
    static var out: ToolOutput { io.out }

    /// One diagnostic line on stderr (stdout is flushed first), control characters escaped.
    static func errorLine(_ text: String) {
        io.diagnostic(text)
        io.err.flush()
    }
}

extension ToolOutput {
    /// Appends bytes (a rendered record or page).
    func write(_ bytes: [UInt8]) { append(bytes) }

    /// Appends the UTF-8 of `text`.
    func write(_ text: String) { append(string: text) }

    /// True once a write failed (later output is dropped).
    var isBroken: Bool { writeFailed }
}
