import Foundation
import ZKToolSupport

/// One captured run of a Java tool: `Fixtures/goldens/<tool>/<case>/` (or a tool's own vectors).
///
///     cmd     line 1: the tool (txnlog, formatter, comparer, purge); each further line is one argument
///     env     optional KEY=VALUE lines added to TZ=UTC LANG=C.UTF-8
///     setup   "<repo-relative source>\t<destination in the work dir>\t<mtime epoch s>" per line
///     stdin   optional: the bytes fed to stdin (absent: /dev/null)
///     stdout, stderr, exit   what Java produced
///     after   optional: "<sha256>  <size>  <relative path>" for every file left in the work dir
///     names   optional: `ISO-8859-1`: the `cmd` arguments and `setup` destinations are stored as
///             UTF-8 text, and the OS (the files, the tool's argv) sees each character as one
///             ISO-8859-1 byte (`snap\xE9.1c`)
///
/// Loading and running are shared; how a tool's output is normalised and compared (JSON
/// timestamps, timing figures, stack traces) stays with that tool's tests.
public struct GoldenCase: CustomStringConvertible, Sendable {
    /// The first line of `cmd`.
    public let tool: String
    public let name: String
    public let directory: String

    public var description: String { name }

    public static func root(tool: String) -> String { FixturePaths.fixtures + "/goldens/" + tool }

    /// Every case of `tool` under `Fixtures/goldens`, sorted by name.
    public static func all(tool: String) -> [GoldenCase] {
        all(in: root(tool: tool), tool: tool)
    }

    /// Every case directory (one with a `cmd` file) under `root`, sorted by name, each named
    /// `prefix` + its directory name.
    public static func all(in root: String, tool: String, prefix: String = "") -> [GoldenCase] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return names.sorted().compactMap { name in
            let dir = root + "/" + name
            return FileManager.default.fileExists(atPath: dir + "/cmd")
                ? GoldenCase(tool: tool, name: prefix + name, directory: dir) : nil
        }
    }

    /// The file's bytes, nil when the case has no such file.
    public func bytes(_ file: String) -> [UInt8]? {
        guard FileManager.default.fileExists(atPath: directory + "/" + file) else { return nil }
        return try? FixturePaths.read(directory + "/" + file)
    }

    public func text(_ file: String) -> String? {
        bytes(file).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The file's lines without their LF (an empty line is an empty string).
    public func lines(_ file: String) -> [String] {
        bytes(file).map(textLines) ?? []
    }

    public var command: [String] { lines("cmd") }

    public var arguments: [String] { Array(command.dropFirst()) }

    public var environment: [String: String] {
        var env = ToolRunner.defaultEnvironment
        for line in lines("env") {
            if let eq = line.firstIndex(of: "=") { env[String(line[..<eq])] = String(line[line.index(after: eq)...]) }
        }
        return env
    }

    /// (repo-relative source, destination, mtime) for each file to copy in.
    public func setup() throws -> [(source: String, destination: String, mtime: Int64)] {
        try lines("setup").map { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 3 else { throw HarnessError("bad setup line in \(name): \(line)") }
            return (f[0], f[1], Int64(f[2]) ?? 1_700_000_000)
        }
    }

    public var expectedExit: Int32 { Int32(lines("exit").first ?? "") ?? -1 }

    /// Java printed an uncaught exception with its stack trace.
    public var expectsStackTrace: Bool {
        lines("stderr").contains { $0.hasPrefix("\tat ") }
    }

    /// ``javaException`` as our one-line errors quote it (control characters escaped).
    public var javaExceptionAsQuoted: String? {
        javaException.map(ToolError.escapingControls)
    }

    /// The exception of Java's stack trace (`<class>[: <message>]`), if Java died with one.
    public var javaException: String? {
        let lines = lines("stderr")
        guard lines.contains(where: { $0.hasPrefix("\tat ") }) else { return nil }
        let prefix = "Exception in thread \"main\" "
        guard let top = lines.first(where: { $0.hasPrefix(prefix) }) ?? lines.first else { return nil }
        return top.hasPrefix(prefix) ? String(top.dropFirst(prefix.count)) : top
    }

    /// Whether the case names files in ISO-8859-1 (a `names` file).
    public var latin1Names: Bool { bytes("names") != nil }

    /// The bytes the OS sees for `text` in this case: its UTF-8, or (``latin1Names``) one
    /// ISO-8859-1 byte per character.
    public func osBytes(_ text: String) -> [UInt8] {
        latin1Names ? text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) } : Array(text.utf8)
    }

    /// A fresh work directory holding the case's `setup` files with their mtimes.
    public func prepare() throws -> WorkDirectory {
        let work = WorkDirectory()
        for file in try setup() {
            let contents = try FixturePaths.read(FixturePaths.root + "/" + file.source)
            try work.write(osPath: osBytes(file.destination), contents, mtime: file.mtime)
        }
        return work
    }

    /// Prepares a fresh work directory, runs `executable` (a built tool's name or a path) there
    /// with the case's arguments, environment and stdin, and returns the result and directory.
    public func run(
        _ executable: String,
        output: ToolRunner.Output = .separate
    ) throws -> (result: ToolRunner.Result, work: WorkDirectory) {
        guard command.first == tool else { throw HarnessError("\(name): cmd does not start with '\(tool)'") }
        if environment["LOCPATH"] == TestLocales.path { try TestLocales.ensureLatin1() }
        let work = try prepare()
        if latin1Names {
            // Foundation passes arguments as UTF-8; the shell builds the Latin-1 bytes instead.
            var env = environment
            env["ZK_TOOL"] = ToolRunner.executable(executable)
            let script =
                "exec \"$ZK_TOOL\""
                + arguments.map { " \"$(printf '" + osBytes($0).map { "\\" + String($0, radix: 8) }.joined() + "')\"" }
                .joined()
            let result = try ToolRunner.run(
                "/bin/sh",
                ["-c", script],
                cwd: work.path,
                environment: env,
                stdin: bytes("stdin"),
                output: output
            )
            return (result, work)
        }
        let result = try ToolRunner.run(
            executable,
            arguments,
            cwd: work.path,
            environment: environment,
            stdin: bytes("stdin"),
            output: output
        )
        return (result, work)
    }
}
