import Foundation
import Glibc
import TestSupport

/// Runs the built `zk-snapshot-formatter` the way the goldens were captured: in a fresh work
/// directory, with exactly `PATH`, `TZ=UTC`, `LANG=C.UTF-8` and the case's additions.
enum FormatterHarness {
    static let executableName = "zk-snapshot-formatter"

    /// The executable, built next to the test bundle by `swift test`.
    static let binary: String = {
        var dir = Bundle.main.bundleURL.path
        if !FileManager.default.isExecutableFile(atPath: dir + "/" + executableName) {
            dir = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().path
        }
        return dir + "/" + executableName
    }()

    static let defaultEnvironment = ["TZ": "UTC", "LANG": "C.UTF-8"]

    struct Result {
        var exit: Int32
        var stdout: [UInt8]
        var stderr: [UInt8]
        var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
        var stderrText: String { String(decoding: stderr, as: UTF8.self) }
        /// stderr split into lines (without the final empty one).
        var stderrLines: [String] {
            var lines = stderrText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if lines.last == "" { lines.removeLast() }
            return lines
        }
    }

    /// Runs the formatter with `arguments` in `cwd`. With `mergeStreams`, stderr goes to the
    /// same file as stdout (`2>&1`) and `Result.stdout` holds both, interleaved.
    static func run(
        _ arguments: [String],
        cwd: String,
        environment: [String: String] = defaultEnvironment,
        executable: String = binary,
        mergeStreams: Bool = false
    ) throws -> Result {
        let scratch = Scratch()
        let outPath = scratch.path + "/stdout"
        let errPath = scratch.path + "/stderr"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: cwd)
        var env = environment
        if env["PATH"] == nil { env["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin" }
        process.environment = env
        guard let out = FileHandle(forWritingAtPath: outPath), let err = FileHandle(forWritingAtPath: errPath),
            let input = FileHandle(forReadingAtPath: "/dev/null")
        else { throw HarnessError("cannot open scratch files") }
        process.standardOutput = out
        process.standardError = mergeStreams ? out : err
        process.standardInput = input
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        try input.close()
        let status = process.terminationReason == .exit ? process.terminationStatus : 128 + process.terminationStatus
        return Result(exit: status, stdout: try FixturePaths.read(outPath), stderr: try FixturePaths.read(errPath))
    }

    /// A compact line diff of two texts (first differences only).
    static func diff(expected: [UInt8], actual: [UInt8], limit: Int = 12) -> String {
        let e = String(decoding: expected, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let a = String(decoding: actual, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        var out: [String] = []
        var i = 0
        while i < max(e.count, a.count) && out.count < limit {
            let el = i < e.count ? String(e[i]) : nil
            let al = i < a.count ? String(a[i]) : nil
            if el != al {
                out.append("line \(i + 1):")
                out.append("  - java:  \(el.map { String($0.prefix(300)) } ?? "<none>")")
                out.append("  + swift: \(al.map { String($0.prefix(300)) } ?? "<none>")")
            }
            i += 1
        }
        if out.isEmpty && expected != actual { out.append("(bytes differ: \(expected.count) vs \(actual.count))") }
        return out.joined(separator: "\n")
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

    static func replace(_ bytes: [UInt8], _ pattern: [UInt8], with replacement: [UInt8]) -> [UInt8] {
        guard !pattern.isEmpty, bytes.count >= pattern.count else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if i + pattern.count <= bytes.count && bytes[i..<(i + pattern.count)].elementsEqual(pattern) {
                out += replacement
                i += pattern.count
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A fresh directory under /tmp (its real path, as `getcwd` reports it), removed on deinit.
final class Scratch {
    let path: String

    init() {
        var template = Array("/tmp/zk-formatter-test-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }
        let raw = made.map { String(cString: $0) } ?? "/tmp"
        path = URL(fileURLWithPath: raw).resolvingSymlinksInPath().path
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Copies `source` to `relative` (creating directories) and sets its mtime.
    func copy(_ source: String, to relative: String, mtime: Int64 = 1_700_000_000) throws {
        try write(relative, FixturePaths.read(source), mtime: mtime)
    }

    func write(_ relative: String, _ bytes: [UInt8], mtime: Int64 = 1_700_000_000) throws {
        let full = path + "/" + relative
        let dir = (full as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: full, contents: Data(bytes)) else {
            throw HarnessError("cannot create \(full)")
        }
        let t = timespec(tv_sec: Int(mtime), tv_nsec: 0)
        _ = utimensat(AT_FDCWD, full, [t, t], 0)
    }
}
