internal import ZKToolSupport

/// Why a run stops where the Java tool dies with an uncaught exception. The JVM prints
/// `Exception in thread "main" <class>[: <message>]` and a stack trace, and exits 1; this tool
/// exits 1 too, with one line that names the file, the problem and where, and quotes Java's
/// exception:
///
///     zk-snapshot-comparer: error: bad/snapshot.8c: snapshot ends inside node record at byte offset 5123 (Java: java.io.EOFException)
struct JavaThrowable: Error {
    /// The Java exception's class, e.g. `java.io.EOFException`.
    var className: String
    /// Its message as a Java string (UTF-8 form), or nil when it has none.
    var message: [UInt8]?
    /// The file concerned, as given on the command line (a Java string), if any.
    var file: [UInt8]?
    /// What went wrong, in words.
    var problem: String
    /// Where, e.g. `byte offset 1234`.
    var location: String?

    init(_ className: String, message: [UInt8]?, file: [UInt8]? = nil, problem: String, location: String? = nil) {
        self.className = className
        self.message = message
        self.file = file
        self.problem = problem
        self.location = location
    }

    init(_ className: String, _ message: String? = nil, file: [UInt8]? = nil, problem: String, location: String? = nil)
    {
        self.init(className, message: message.map { Array($0.utf8) }, file: file, problem: problem, location: location)
    }

    /// `Integer.parseInt` failing on a threshold (`NumberFormatException.forInputString`).
    static func numberFormat(_ input: String, option: String) -> JavaThrowable {
        JavaThrowable(
            "java.lang.NumberFormatException",
            "For input string: \"\(input)\"",
            problem: "the \(option) threshold \"\(input)\" is not an int"
        )
    }

    /// What `Scanner.nextLine()` throws when the input has no further line.
    static let noLineFound = JavaThrowable(
        "java.util.NoSuchElementException",
        "No line found",
        problem: "standard input ended before the last depth was compared"
    )

    /// `<class>[: <message>]`, the first line of Java's stack trace without its
    /// `Exception in thread "main" ` prefix.
    var javaText: [UInt8] {
        var text = Array(className.utf8)
        if let message { text += Array(": ".utf8) + message }
        return text
    }

    /// The line this tool prints (without the newline).
    var line: [UInt8] {
        let text = ToolError.text(
            tool: SnapshotComparerTool.name,
            file: file.map { String(decoding: $0, as: UTF8.self) },
            problem: problem,
            location: location,
            javaException: String(decoding: javaText, as: UTF8.self)
        )
        return Array(text.utf8)
    }
}
