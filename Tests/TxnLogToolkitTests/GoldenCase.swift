import Foundation
import TestSupport
import Testing

/// One captured run of a Java tool: `Fixtures/goldens/<tool>/<case>/`.
///
///     cmd     line 1: the tool (txnlog, formatter, ...); each further line is one argument
///     env     optional KEY=VALUE lines added to TZ=UTC LANG=C.UTF-8
///     setup   "<repo-relative source>\t<destination in the work dir>\t<mtime epoch s>" per line
///     stdin   optional: the bytes fed to stdin (absent: /dev/null)
///     stdout, stderr, exit   what Java produced
///     after   optional: "<sha256>  <size>  <relative path>" for every file left in the work dir
struct GoldenCase: CustomTestStringConvertible, Sendable {
    let tool: String
    let name: String
    let directory: String

    var testDescription: String { name }

    static func root(tool: String) -> String { FixturePaths.fixtures + "/goldens/" + tool }

    /// Every case of `tool` under `Fixtures/goldens`, sorted by name.
    static func all(tool: String) -> [GoldenCase] {
        all(in: root(tool: tool), tool: tool)
    }

    /// Every case directory (one with a `cmd` file) under `root`, sorted by name.
    static func all(in root: String, tool: String) -> [GoldenCase] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return names.sorted().compactMap { name in
            let dir = root + "/" + name
            return FileManager.default.fileExists(atPath: dir + "/cmd")
                ? GoldenCase(tool: tool, name: name, directory: dir) : nil
        }
    }

    func bytes(_ file: String) -> [UInt8]? {
        guard FileManager.default.fileExists(atPath: directory + "/" + file) else { return nil }
        return try? FixturePaths.read(directory + "/" + file)
    }

    /// The file's lines without their LF (an empty line is an empty string).
    func lines(_ file: String) -> [String] {
        guard let bytes = bytes(file) else { return [] }
        var lines = String(decoding: bytes, as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    var arguments: [String] { Array(lines("cmd").dropFirst()) }

    var environment: [String: String] {
        var env = ToolRunner.defaultEnvironment
        for line in lines("env") {
            if let eq = line.firstIndex(of: "=") { env[String(line[..<eq])] = String(line[line.index(after: eq)...]) }
        }
        return env
    }

    /// (repo-relative source, destination, mtime) for each file to copy in.
    var setup: [(source: String, destination: String, mtime: Int64)] {
        lines("setup").compactMap { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 3 else { return nil }
            return (f[0], f[1], Int64(f[2]) ?? 1_700_000_000)
        }
    }

    var expectedExit: Int32 { Int32(lines("exit").first ?? "") ?? -1 }

    /// Java printed an uncaught exception with its stack trace.
    var expectsStackTrace: Bool {
        lines("stderr").contains { $0.hasPrefix("\tat ") }
    }

    /// stderr up to the `Exception in thread "main"` line (what Java printed before dying).
    var stderrBeforeException: [UInt8] {
        let stderr = bytes("stderr") ?? []
        let marker = Array("Exception in thread \"main\"".utf8)
        var i = 0
        while i + marker.count <= stderr.count {
            if stderr[i..<(i + marker.count)].elementsEqual(marker) { return Array(stderr[..<i]) }
            i += 1
        }
        return stderr
    }

    /// Prepares a fresh work directory, runs the tool there, and returns the result and directory.
    func run(_ runner: ToolRunner, output: ToolRunner.Output = .separate) throws -> (ToolRunner.Result, WorkDirectory) {
        let work = WorkDirectory()
        for file in setup {
            try work.copy(FixturePaths.root + "/" + file.source, to: file.destination, mtime: file.mtime)
        }
        let result = try runner.run(
            arguments,
            cwd: work.path,
            environment: environment,
            stdin: bytes("stdin"),
            output: output
        )
        return (result, work)
    }

    /// Runs the case and records an issue for every difference from Java's capture: stdout,
    /// stderr and exit byte for byte, and the files left behind. Where Java died with a stack
    /// trace, the exit code must match and stderr must be one line that names the input file.
    func verify(_ runner: ToolRunner, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let (result, work) = try run(runner)
        #expect(!result.signalled, "\(name): killed by a signal (exit \(result.exit))", sourceLocation: sourceLocation)
        #expect(
            result.exit == expectedExit,
            "\(name): exit \(result.exit), Java \(expectedExit)",
            sourceLocation: sourceLocation
        )
        let stdout = bytes("stdout") ?? []
        #expect(
            result.stdout == stdout,
            "\(name): stdout differs\n\(lineDiff(expected: stdout, actual: result.stdout))",
            sourceLocation: sourceLocation
        )
        if expectsStackTrace {
            let prefix = stderrBeforeException
            let ours = result.stderr
            #expect(
                ours.starts(with: prefix),
                "\(name): stderr before the exception differs: \(result.stderrText.debugDescription)",
                sourceLocation: sourceLocation
            )
            let own = Array(ours.dropFirst(prefix.count))
            let ownText = String(decoding: own, as: UTF8.self)
            #expect(
                own.last == 0x0A && own.filter { $0 == 0x0A }.count == 1,
                "\(name): expected one stderr line instead of Java's stack trace, got \(ownText.debugDescription)",
                sourceLocation: sourceLocation
            )
            // The input file: a setup file's name or a non-option argument (a directory, say).
            let names =
                setup.map { URL(fileURLWithPath: $0.destination).lastPathComponent }
                + arguments.filter { !$0.hasPrefix("-") && !$0.isEmpty }
            if !names.isEmpty {
                #expect(
                    names.contains { ownText.contains($0) },
                    "\(name): the error line does not name the file (\(names)): \(ownText.debugDescription)",
                    sourceLocation: sourceLocation
                )
            }
        } else {
            let stderr = bytes("stderr") ?? []
            #expect(
                result.stderr == stderr,
                "\(name): stderr differs\n\(lineDiff(expected: stderr, actual: result.stderr))",
                sourceLocation: sourceLocation
            )
        }
        let actual = try work.listing()
        if bytes("after") != nil {
            let expected = lines("after")
            #expect(
                actual == expected,
                "\(name): files left differ\n  java:  \(expected)\n  swift: \(actual)",
                sourceLocation: sourceLocation
            )
        } else {
            // No capture of the files: the inputs must be there, unchanged, and nothing else.
            var expected: [String] = []
            for file in setup {
                let source = FixturePaths.root + "/" + file.source
                let size = (try? FileManager.default.attributesOfItem(atPath: source)[.size] as? Int) ?? -1
                expected.append("\(try WorkDirectory.sha256(source))  \(size)  \(file.destination)")
            }
            expected.sort { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            #expect(
                actual.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) } == expected,
                "\(name): the work directory changed\n  before: \(expected)\n  after:  \(actual)",
                sourceLocation: sourceLocation
            )
        }
    }
}
