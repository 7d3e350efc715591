import ZKStorage
internal import ZKToolSupport

/// Translates ZKStorage's errors into this tool's one-line report and the exception the Java
/// loader throws at the same point.
enum StorageErrorMapping {
    static func javaException(for error: ZKStorageError, file: [UInt8]) -> ToolError {
        let line = ToolError(error, file: "")
        // The library names the exception where it knows Java's readers; otherwise an
        // IOException with the library's text.
        let java = error.javaException ?? JavaException("java.io.IOException", error.detail)
        return ToolError(java.className, java.message, file: file, problem: line.problem, location: line.location)
    }
}
