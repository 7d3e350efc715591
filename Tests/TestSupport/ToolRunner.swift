import Foundation

/// Runs the package's built executables (found next to the test bundle, where `swift test`
/// builds them) with a given working directory, environment and stdin.
public enum ToolRunner {
    /// The directory holding the built executables.
    public static let binDirectory: String = {
        let dir = Bundle.main.bundleURL.path
        if FileManager.default.isExecutableFile(atPath: dir + "/zk-txnlog-toolkit") { return dir }
        return URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().path
    }()

    /// The outcome of one run.
    public struct Result: Sendable {
        /// The exit status, or 128 + the signal number when a signal ended the process.
        public var exit: Int32
        public var signaled: Bool
        public var stdout: [UInt8]
        public var stderr: [UInt8]
        public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
        public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
        /// The non-empty lines written to stderr.
        public var stderrLines: [Substring] { stderrText.split(separator: "\n") }
    }

    /// Runs `tool` (an executable name such as `zk-txnlog-toolkit`, or an absolute path).
    public static func run(
        _ tool: String,
        _ arguments: [String],
        cwd: String,
        environment: [String: String] = ["TZ": "UTC", "LANG": "C.UTF-8"],
        stdin: [UInt8]? = nil
    ) throws -> Result {
        let scratch = TemporaryDirectory()
        defer { scratch.remove() }
        let outPath = scratch.path + "/stdout"
        let errPath = scratch.path + "/stderr"
        let inPath = scratch.path + "/stdin"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        _ = FileManager.default.createFile(atPath: inPath, contents: Data(stdin ?? []))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool.hasPrefix("/") ? tool : binDirectory + "/" + tool)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: cwd)
        var env = environment
        if env["PATH"] == nil { env["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin" }
        process.environment = env
        guard let out = FileHandle(forWritingAtPath: outPath), let err = FileHandle(forWritingAtPath: errPath),
            let input = FileHandle(forReadingAtPath: stdin == nil ? "/dev/null" : inPath)
        else { throw CocoaError(.fileNoSuchFile) }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        try input.close()
        let signaled = process.terminationReason == .uncaughtSignal
        return Result(
            exit: signaled ? 128 + process.terminationStatus : process.terminationStatus,
            signaled: signaled,
            stdout: try FixturePaths.read(outPath),
            stderr: try FixturePaths.read(errPath)
        )
    }
}
