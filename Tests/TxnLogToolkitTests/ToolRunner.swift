import Foundation
import Glibc
import TestSupport

/// Runs a built tool of this package as a separate process, the way the Java goldens were
/// captured: cwd = a fresh work directory, environment `PATH`, `TZ=UTC`, `LANG=C.UTF-8` plus
/// additions, stdin from given bytes (or `/dev/null`).
struct ToolRunner {
    let executableName: String

    /// The executable next to the test bundle (`swift test` builds every product of the package
    /// into the same directory), else next to the running test binary.
    var executable: String {
        let candidates = [
            Bundle.main.bundleURL.path,
            Bundle.main.bundleURL.deletingLastPathComponent().path,
            URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().path,
        ]
        for dir in candidates where FileManager.default.isExecutableFile(atPath: dir + "/" + executableName) {
            return dir + "/" + executableName
        }
        return candidates[0] + "/" + executableName
    }

    static let defaultEnvironment = ["TZ": "UTC", "LANG": "C.UTF-8"]

    struct Result {
        var exit: Int32
        /// True if the process died of a signal (`exit` is then 128 + the signal).
        var signalled: Bool
        var stdout: [UInt8]
        var stderr: [UInt8]

        var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    }

    enum Output {
        /// stdout and stderr to separate files.
        case separate
        /// stderr to the same file as stdout (`2>&1`); `Result.stdout` holds both.
        case merged
        /// stdout to a pipe whose reading end is already closed (`| head -0`).
        case closedPipe
    }

    /// Runs the tool with `arguments` in `cwd`.
    func run(
        _ arguments: [String],
        cwd: String,
        environment: [String: String] = ToolRunner.defaultEnvironment,
        stdin: [UInt8]? = nil,
        output: Output = .separate
    ) throws -> Result {
        let scratch = WorkDirectory(prefix: "zk-txnlog-run")
        let outPath = scratch.path + "/stdout"
        let errPath = scratch.path + "/stderr"
        let inPath = scratch.path + "/stdin"
        try scratch.write("stdout", [])
        try scratch.write("stderr", [])
        try scratch.write("stdin", stdin ?? [])

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: cwd)
        var env = environment
        if env["PATH"] == nil { env["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin" }
        process.environment = env

        guard let out = FileHandle(forWritingAtPath: outPath), let err = FileHandle(forWritingAtPath: errPath),
            let input = FileHandle(forReadingAtPath: stdin == nil ? "/dev/null" : inPath)
        else { throw RunnerError("cannot open the scratch files in \(scratch.path)") }
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
        let signalled = process.terminationReason == .uncaughtSignal
        return Result(
            exit: signalled ? 128 + process.terminationStatus : process.terminationStatus,
            signalled: signalled,
            stdout: try FixturePaths.read(outPath),
            stderr: try FixturePaths.read(errPath)
        )
    }
}

struct RunnerError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A fresh directory under /tmp (its real path), removed when the object goes away.
final class WorkDirectory {
    let path: String

    init(prefix: String = "zk-txnlog-test") {
        var template = Array("/tmp/\(prefix)-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }
        let raw = made.map { String(cString: $0) } ?? "/tmp"
        path = URL(fileURLWithPath: raw).resolvingSymlinksInPath().path
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Copies `source` (absolute) to `relative`, creating directories, and sets its mtime.
    func copy(_ source: String, to relative: String, mtime: Int64 = 1_700_000_000) throws {
        try write(relative, FixturePaths.read(source), mtime: mtime)
    }

    func write(_ relative: String, _ bytes: [UInt8], mtime: Int64 = 1_700_000_000) throws {
        let full = path + "/" + relative
        let dir = URL(fileURLWithPath: full).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: full, contents: Data(bytes)) else {
            throw RunnerError("cannot create \(full)")
        }
        let t = timespec(tv_sec: Int(mtime), tv_nsec: 0)
        _ = utimensat(AT_FDCWD, full, [t, t], 0)
    }

    /// Every regular file below the directory as `"<sha256>  <size>  <relative path>"`, sorted
    /// bytewise by path: the golden `after` format. Hashes come from `sha256sum` (the `.fixed`
    /// files are 64 MiB).
    func listing() throws -> [String] {
        var files: [String] = []
        let base = URL(fileURLWithPath: path)
        if let walker = FileManager.default.enumerator(atPath: path) {
            for case let relative as String in walker {
                var st = stat()
                let full = base.appendingPathComponent(relative).path
                if lstat(full, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG { files.append(relative) }
            }
        }
        files.sort { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        var lines: [String] = []
        for relative in files {
            let full = path + "/" + relative
            var st = stat()
            _ = stat(full, &st)
            lines.append("\(try WorkDirectory.sha256(full))  \(st.st_size)  \(relative)")
        }
        return lines
    }

    static func sha256(_ file: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [file]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard let hash = text.split(separator: " ").first, hash.count == 64 else {
            throw RunnerError("sha256sum failed for \(file)")
        }
        return String(hash)
    }
}

/// A compact line diff for failure messages (the first differing lines only).
func lineDiff(expected: [UInt8], actual: [UInt8], limit: Int = 12) -> String {
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
