import Foundation
import TestSupport

/// Runs the built `zk-snapshot-comparer` through the shared `ToolRunner`.
enum ComparerHarness {
    /// The executable, built next to the test bundle.
    static let binary = ToolRunner.executable("zk-snapshot-comparer")

    /// The environment of the Java captures (`Fixtures/README.md`), PATH added.
    static var defaultEnvironment: [String: String] {
        ToolRunner.defaultEnvironment.merging(["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
        {
            $1
        }
    }

    /// Runs `executable` (default: the comparer) with `arguments` in `cwd`, with exactly
    /// `environment`, stdin from the given bytes (nil: /dev/null).
    static func run(
        executable: String = binary,
        _ arguments: [String],
        cwd: String,
        environment: [String: String] = defaultEnvironment,
        stdin: [UInt8]? = nil
    ) throws -> ToolRunner.Result {
        try ToolRunner.run(executable, arguments, cwd: cwd, environment: environment, stdin: stdin)
    }

    /// Runs a shell command line (pipes, `head`, ...) in `cwd`; `$ZKC` names the comparer.
    static func shell(_ script: String, cwd: String) throws -> ToolRunner.Result {
        var env = defaultEnvironment
        env["ZKC"] = binary
        return try run(executable: "/bin/sh", ["-c", script], cwd: cwd, environment: env)
    }
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
}
