import TestSupport

/// The built `zk-snapshot-formatter`, run through the shared `ToolRunner`, and the one
/// normalisation only the formatter's goldens need (the JSON timestamp).
enum FormatterHarness {
    static let executableName = "zk-snapshot-formatter"

    /// The executable, built next to the test bundle by `swift test`.
    static let binary = ToolRunner.executable(executableName)

    static let defaultEnvironment = ToolRunner.defaultEnvironment

    /// Runs the formatter (or `executable`) with `arguments` in `cwd`. With `mergeStreams`,
    /// stderr goes to the same file as stdout (`2>&1`) and `Result.stdout` holds both.
    static func run(
        _ arguments: [String],
        cwd: String,
        environment: [String: String] = defaultEnvironment,
        executable: String = binary,
        mergeStreams: Bool = false
    ) throws -> ToolRunner.Result {
        try ToolRunner.run(
            executable,
            arguments,
            cwd: cwd,
            environment: environment,
            output: mergeStreams ? .merged : .separate
        )
    }

    /// Replaces every `"timestamp":<digits>` with `"timestamp":0` (the only value that may differ).
    static func normalizeTimestamp(_ bytes: [UInt8]) -> [UInt8] {
        let key = Array("\"timestamp\":".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if i + key.count <= bytes.count && bytes[i..<(i + key.count)].elementsEqual(key) {
                out += key
                i += key.count
                var digits = false
                while i < bytes.count && bytes[i] >= 0x30 && bytes[i] <= 0x39 {
                    i += 1
                    digits = true
                }
                if digits { out.append(0x30) }
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }
}
