public import ZKStorage

/// Why a tool run stops where the Java tool dies with an uncaught exception (or fails in a way
/// of our own), printed as the one line every tool prints:
///
///     <tool>: error: [<file>: ]<problem>[ at <location>] (Java: <exception>)
///
/// for example `zk-snapshot-formatter: error: snapshot.8e: snapshot ends inside node record at
/// byte offset 5123 (Java: java.io.EOFException)`. The exception is Java's first stack-trace line
/// without `Exception in thread "main" `. Control characters are shown escaped (`\n`, `\r`, `\t`,
/// `\xNN`), so bytes from a damaged file can neither split the line nor drive the terminal.
public struct ToolError: Error, Sendable {
    /// The file concerned, as the tool names it (a Java string), if any.
    public var file: String?
    /// What went wrong, in words.
    public var problem: String
    /// Where, e.g. `byte offset 1234`.
    public var location: String?
    /// Java's exception (`java.io.EOFException`, `java.io.IOException: Unreasonable length = 7`).
    public var javaException: String?
    /// The exit status (1 where the JVM dies with an uncaught exception).
    public var exitCode: ExitCode

    public init(
        file: String?,
        problem: String,
        location: String? = nil,
        javaException: String?,
        exitCode: ExitCode = .unexpectedError
    ) {
        self.file = file
        self.problem = problem
        self.location = location
        self.javaException = javaException
        self.exitCode = exitCode
    }

    /// A storage error in `file`: its detail, its byte offset (decoded, or in the compressed
    /// stream) and its Java exception.
    public init(_ error: ZKStorageError, file: String) {
        var detail = error.detail
        var whereText = "byte offset"
        let compressed = " (compressed offset)"
        if detail.hasSuffix(compressed) {
            detail.removeLast(compressed.count)
            whereText = "compressed byte offset"
        }
        self.init(
            file: file,
            problem: detail,
            location: error.offset.map { "\(whereText) \($0)" },
            javaException: error.javaException?.description
        )
    }

    /// The line `tool` prints (without the newline), control characters escaped.
    public func line(tool: String) -> String {
        Self.text(tool: tool, file: file, problem: problem, location: location, javaException: javaException)
    }

    /// The one line for these parts.
    public static func text(
        tool: String,
        file: String?,
        problem: String,
        location: String? = nil,
        javaException: String?
    ) -> String {
        var text = "\(tool): error: "
        if let file { text += "\(file): " }
        text += problem
        if let location { text += " at \(location)" }
        if let javaException { text += " (Java: \(javaException))" }
        return escapingControls(text)
    }

    /// `text` with every control character escaped.
    public static func escapingControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0..<0x20, 0x7F:
                out += "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

extension ToolIO {
    /// Prints `error`'s line for `tool` on stderr and returns its exit status.
    public func fail(_ error: ToolError, tool: String) -> Int32 {
        out.flush()
        diagnostic(error.line(tool: tool))
        return error.exitCode.rawValue
    }

    /// Prints `<tool>: warning: <text>` on stderr: something went wrong where Java exits 0
    /// (the exit status and stdout stay Java's).
    public func warning(_ text: String, tool: String) {
        diagnostic("\(tool): warning: \(text)")
    }
}
