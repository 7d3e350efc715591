import Foundation
import Glibc
import TestSupport

/// Runs the built `zk-snapshot-comparer` in scratch directories.
enum ComparerHarness {
    /// The executable, built next to the test bundle.
    static let binary: String = {
        var dir = Bundle.main.bundleURL.path
        if !FileManager.default.isExecutableFile(atPath: dir + "/zk-snapshot-comparer") {
            dir = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().path
        }
        return dir + "/zk-snapshot-comparer"
    }()

    /// The environment of the Java captures (`Fixtures/README.md`), PATH added.
    static var defaultEnvironment: [String: String] {
        ["TZ": "UTC", "LANG": "C.UTF-8", "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
    }

    struct Result {
        var exit: Int32
        var stdout: [UInt8]
        var stderr: [UInt8]
    }

    /// Runs `executable` (default: the comparer) with `arguments` in `cwd`, with exactly
    /// `environment`, stdin from the given bytes (nil: /dev/null).
    static func run(
        executable: String = binary,
        _ arguments: [String],
        cwd: String,
        environment: [String: String] = defaultEnvironment,
        stdin: [UInt8]? = nil
    ) throws -> Result {
        let scratch = Scratch()
        let outPath = scratch.path + "/.stdout"
        let errPath = scratch.path + "/.stderr"
        let inPath = scratch.path + "/.stdin"
        scratch.write(".stdout", [])
        scratch.write(".stderr", [])
        scratch.write(".stdin", stdin ?? [])
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: cwd)
        process.environment = environment
        guard let out = FileHandle(forWritingAtPath: outPath), let err = FileHandle(forWritingAtPath: errPath),
            let input = FileHandle(forReadingAtPath: stdin == nil ? "/dev/null" : inPath)
        else { throw HarnessError("cannot open the scratch files in \(scratch.path)") }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        try input.close()
        let status = process.terminationReason == .exit ? process.terminationStatus : 128 + process.terminationStatus
        return Result(exit: status, stdout: try FixturePaths.read(outPath), stderr: try FixturePaths.read(errPath))
    }

    /// Runs a shell command line (pipes, `head`, ...) in `cwd`; `$ZKC` names the comparer.
    static func shell(_ script: String, cwd: String) throws -> Result {
        var env = defaultEnvironment
        env["ZKC"] = binary
        return try run(executable: "/bin/sh", ["-c", script], cwd: cwd, environment: env)
    }
}

/// A fresh directory under /tmp, removed with its contents when released.
final class Scratch {
    let path: String

    init() {
        var template = Array("/tmp/zk-comparer-test-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        path = made.map { String(cString: $0) } ?? "/tmp"
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `bytes` to `relative` (parent directories created) and sets its mtime.
    func write(_ relative: String, _ bytes: [UInt8], mtime: Int64 = 1_700_000_000) {
        let full = path + "/" + relative
        if let slash = full.lastIndex(of: "/") {
            try? FileManager.default.createDirectory(
                atPath: String(full[..<slash]),
                withIntermediateDirectories: true
            )
        }
        _ = FileManager.default.createFile(atPath: full, contents: Data(bytes))
        let t = timespec(tv_sec: Int(mtime), tv_nsec: 0)
        _ = utimensat(AT_FDCWD, full, [t, t], 0)
    }

    func copy(_ source: String, to relative: String, mtime: Int64) throws {
        write(relative, try FixturePaths.read(source), mtime: mtime)
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Output comparison helpers.
enum OutputText {
    /// Replaces the two wall-clock figures (`Deserialized snapshot in <name> in <%f> seconds`,
    /// `Processed data tree in <%f> seconds`) with `<T>`; everything else is kept byte for byte.
    static func normalisingTimes(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            if line.offset > 0 { out.append(0x0A) }
            out += normalisedLine(Array(line.element))
        }
        return out
    }

    private static func normalisedLine(_ line: [UInt8]) -> [UInt8] {
        let prefixes = [Array("Deserialized snapshot in ".utf8), Array("Processed data tree in ".utf8)]
        let suffix = Array(" seconds".utf8)
        guard prefixes.contains(where: { line.starts(with: $0) }), line.count > suffix.count,
            Array(line.suffix(suffix.count)) == suffix
        else { return line }
        // The figure runs back from " seconds" to the preceding " in ".
        var start = line.count - suffix.count
        while start > 0 && line[start - 1] != UInt8(ascii: " ") { start -= 1 }
        let figure = line[start..<(line.count - suffix.count)]
        guard !figure.isEmpty, figure.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2C }) else {
            return line
        }
        return Array(line[..<start]) + Array("<T>".utf8) + suffix
    }

    /// The first line of a Java stack trace without its `Exception in thread "main" ` prefix, or
    /// nil when Java's stderr holds no stack trace.
    static func javaException(inStderr bytes: [UInt8]) -> String? {
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.contains(where: { $0.hasPrefix("\tat ") }), let first = lines.first else { return nil }
        let prefix = "Exception in thread \"main\" "
        return first.hasPrefix(prefix) ? String(first.dropFirst(prefix.count)) : String(first)
    }

    /// A short line diff: the first differing line with a little context from both sides.
    static func diff(expected: [UInt8], actual: [UInt8], label: String) -> String {
        let e = String(decoding: expected, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let a = String(decoding: actual, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        var i = 0
        while i < e.count && i < a.count && e[i] == a[i] { i += 1 }
        var text = "\(label) differs at line \(i + 1) (expected \(e.count) lines, got \(a.count)):\n"
        for k in max(0, i - 3)..<min(max(e.count, a.count), i + 6) {
            let el = k < e.count ? String(e[k]) : "<none>"
            let al = k < a.count ? String(a[k]) : "<none>"
            if el == al {
                text += "    \(el)\n"
            } else {
                text += "  - \(el.debugDescription)\n  + \(al.debugDescription)\n"
            }
        }
        return text
    }
}
