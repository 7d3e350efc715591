internal import ZKToolSupport

/// Why a run stops where the Java tool dies with an uncaught exception. The JVM prints
/// `Exception in thread "main" <class>[: <message>]` and a stack trace, and exits 1; this tool
/// exits 1 too, with ZKToolSupport's one error line that names the file, the problem and where,
/// and quotes Java's exception:
///
///     zk-snapshot-comparer: error: bad/snapshot.8c: snapshot ends inside node record at byte offset 5123 (Java: java.io.EOFException)
extension ToolError {
    /// `<className>[: <message>]`, the message a Java string in UTF-8 form; `file` as given.
    init(_ className: String, message: [UInt8]?, file: [UInt8]? = nil, problem: String, location: String? = nil) {
        self.init(
            file: file.map { String(decoding: $0, as: UTF8.self) },
            problem: problem,
            location: location,
            javaException: className + (message.map { ": " + String(decoding: $0, as: UTF8.self) } ?? "")
        )
    }

    init(_ className: String, _ message: String? = nil, file: [UInt8]? = nil, problem: String, location: String? = nil)
    {
        self.init(className, message: message.map { Array($0.utf8) }, file: file, problem: problem, location: location)
    }

    /// `Integer.parseInt` failing on a threshold (`NumberFormatException.forInputString`).
    static func numberFormat(_ input: String, option: String) -> ToolError {
        ToolError(
            "java.lang.NumberFormatException",
            "For input string: \"\(input)\"",
            problem: "the \(option) threshold \"\(input)\" is not an int"
        )
    }

    /// What `Scanner.nextLine()` throws when the input has no further line.
    static let noLineFound = ToolError(
        "java.util.NoSuchElementException",
        "No line found",
        problem: "standard input ended before the last depth was compared"
    )

    /// The line this tool prints (without the newline), as the bytes of a Java string.
    var line: [UInt8] { Array(line(tool: SnapshotComparerTool.name).utf8) }
}
