import Foundation

/// Runs the package's built executables (found next to the test bundle, where `swift test`
/// builds them) with a given working directory, environment and stdin, the way the Java
/// goldens were captured: environment `PATH`, `TZ=UTC`, `LANG=C.UTF-8` plus additions.
public enum ToolRunner {
    /// The directory holding the built executables.
    public static let binDirectory: String = {
        let candidates = [
            Bundle.main.bundleURL.path,
            Bundle.main.bundleURL.deletingLastPathComponent().path,
        ]
        for dir in candidates where FileManager.default.isExecutableFile(atPath: dir + "/zk-txnlog-toolkit") {
            return dir
        }
        return URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().path
    }()

    /// The environment of the Java captures (`PATH` is added by `run` when missing).
    public static let defaultEnvironment = ["TZ": "UTC", "LANG": "C.UTF-8"]

    /// The path of `tool`: an executable name such as `zk-txnlog-toolkit`, or an absolute path.
    public static func executable(_ tool: String) -> String {
        tool.hasPrefix("/") ? tool : binDirectory + "/" + tool
    }

    /// Where the child's stdout and stderr go.
    public enum Output: Sendable {
        /// stdout and stderr to separate files.
        case separate
        /// stderr to the same file as stdout (`2>&1`); `Result.stdout` holds both.
        case merged
        /// stdout to a pipe whose reading end is already closed (`| head -0`).
        case closedPipe
    }

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
        /// Every stderr line, empty ones included (without the final empty one).
        public var stderrTextLines: [String] { textLines(stderr) }
    }

    /// Runs `tool` (an executable name such as `zk-txnlog-toolkit`, or an absolute path) with
    /// `arguments` in `cwd`, with `environment` (plus `PATH` when it has none), stdin from the
    /// given bytes (nil: `/dev/null`).
    public static func run(
        _ tool: String,
        _ arguments: [String],
        cwd: String,
        environment: [String: String] = defaultEnvironment,
        stdin: [UInt8]? = nil,
        output: Output = .separate
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
        process.executableURL = URL(fileURLWithPath: executable(tool))
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: cwd)
        var env = environment
        if env["PATH"] == nil { env["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin" }
        process.environment = env
        guard let out = FileHandle(forWritingAtPath: outPath), let err = FileHandle(forWritingAtPath: errPath),
            let input = FileHandle(forReadingAtPath: stdin == nil ? "/dev/null" : inPath)
        else { throw HarnessError("cannot open the scratch files in \(scratch.path)") }
        defer {
            try? out.close()
            try? err.close()
            try? input.close()
        }
        var pipe: Pipe?
        switch output {
        case .separate:
            process.standardOutput = out
            process.standardError = err
        case .merged:
            process.standardOutput = out
            process.standardError = out
        case .closedPipe:
            let p = Pipe()
            pipe = p
            process.standardOutput = p
            process.standardError = err
        }
        process.standardInput = input
        try process.run()
        if let pipe {
            try pipe.fileHandleForReading.close()
        }
        process.waitUntilExit()
        let signaled = process.terminationReason == .uncaughtSignal
        return Result(
            exit: signaled ? 128 + process.terminationStatus : process.terminationStatus,
            signaled: signaled,
            stdout: try FixturePaths.read(outPath),
            stderr: try FixturePaths.read(errPath)
        )
    }
}

/// A failure of the test harness itself (not of the tool under test).
public struct HarnessError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// The text's lines without their LF (an empty line is an empty string; no final empty line).
public func textLines(_ bytes: [UInt8]) -> [String] {
    var lines = String(decoding: bytes, as: UTF8.self)
        .split(separator: "\n", omittingEmptySubsequences: false)
        .map(String.init)
    if lines.last == "" { lines.removeLast() }
    return lines
}

/// A compact line diff for failure messages (the first differing lines only).
public func lineDiff(expected: [UInt8], actual: [UInt8], limit: Int = 12) -> String {
    let e = String(decoding: expected, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    let a = String(decoding: actual, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    var out: [String] = []
    var i = 0
    while i < max(e.count, a.count) && out.count < limit * 3 {
        let el = i < e.count ? String(e[i]) : nil
        let al = i < a.count ? String(a[i]) : nil
        if el.map({ Array($0.utf8) }) != al.map({ Array($0.utf8) }) {
            out.append("line \(i + 1):")
            out.append("  - java:  \(el.map { String($0.prefix(300)).debugDescription } ?? "<none>")")
            out.append("  + swift: \(al.map { String($0.prefix(300)).debugDescription } ?? "<none>")")
        }
        i += 1
    }
    if out.isEmpty && expected != actual { out.append("(bytes differ: \(expected.count) vs \(actual.count))") }
    return out.joined(separator: "\n")
}
