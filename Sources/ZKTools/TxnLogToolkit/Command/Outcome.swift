internal import Glibc
internal import ZKToolSupport

/// How a run ends.
enum Outcome {
    /// Exit with this code; everything was printed already.
    case exit(Int32)
    /// A `TxnLogToolkitException`: Java prints the message on stderr and exits with the code.
    case message(String, code: Int32)
    /// An exception Java does not catch: it prints a stack trace and exits 1. We print one line,
    /// ZKToolSupport's `ToolError`, naming the file, the byte offset and the problem.
    case crash(ToolError)
}

extension ToolError {
    init(file: String, offset: Int? = nil, problem: String, javaException: String) {
        self.init(
            file: file.isEmpty ? nil : file,
            problem: problem,
            location: offset.map { "byte offset \($0)" },
            javaException: javaException
        )
    }

    /// `new FileInputStream`/`FileOutputStream` failing on `path`: `<what>: <reason>`.
    static func fileNotFound(_ path: String, _ what: String, errno: Int32?) -> ToolError {
        let reason = JavaFile.reason(errno: errno ?? EIO)
        return ToolError(
            file: path,
            problem: "\(what): \(reason)",
            javaException: "java.io.FileNotFoundException: \(path) (\(reason))"
        )
    }

    /// The line this tool prints.
    var line: String { line(tool: TxnLogToolkitTool.name) }
}
