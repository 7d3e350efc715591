internal import Glibc
internal import ZKToolSupport

/// How a run ends.
enum Outcome {
    /// Exit with this code; everything was printed already.
    case exit(Int32)
    /// A `TxnLogToolkitException`: Java prints the message on stderr and exits with the code.
    case message(String, code: Int32)
    /// An exception Java does not catch: it prints a stack trace and exits 1. We print one line.
    case crash(Crash)
}

/// An uncaught Java exception, reported as one line naming the file, the byte offset and the
/// problem, and the exception Java would show (`Exception in thread "main" ...`).
struct Crash: Error {
    var file: String
    var offset: Int?
    var problem: String
    var javaException: String

    init(file: String, offset: Int? = nil, problem: String, javaException: String) {
        self.file = file
        self.offset = offset
        self.problem = problem
        self.javaException = javaException
    }

    /// `new FileInputStream`/`FileOutputStream` failing on `path`: `<what>: <reason>`.
    static func fileNotFound(_ path: String, _ what: String, errno: Int32?) -> Crash {
        let reason = JavaFile.reason(errno: errno ?? EIO)
        return Crash(
            file: path,
            problem: "\(what): \(reason)",
            javaException: "java.io.FileNotFoundException: \(path) (\(reason))"
        )
    }

    var line: String {
        ToolError.text(
            tool: "zk-txnlog-toolkit",
            file: file.isEmpty ? nil : file,
            problem: problem,
            location: offset.map { "byte offset \($0)" },
            javaException: javaException
        )
    }
}
