import Foundation
import TestSupport
import Testing

/// One golden case: `cmd`, `setup`, optional `env`, and Java's `stdout`, `stderr`, `exit`.
///
/// The cases come from `Fixtures/goldens/formatter/` (captured by `Fixtures/generate/capture.py`
/// from the real 3.8.0 tool) and from `Tests/SnapshotFormatterTests/.vectors/` (odd snapshots
/// made for this tool, captured from the same Java tool the same way; see the README there).
struct FormatterGoldenCase: CustomTestStringConvertible, Sendable {
    let name: String
    let directory: String

    var testDescription: String { name }

    static var fixtureRoot: String { FixturePaths.fixtures + "/goldens/formatter" }
    static var vectorRoot: String { FixturePaths.root + "/Tests/SnapshotFormatterTests/.vectors" }

    static func cases(in root: String, prefix: String = "") -> [FormatterGoldenCase] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return names.sorted().compactMap { name in
            let dir = root + "/" + name
            return FileManager.default.fileExists(atPath: dir + "/cmd")
                ? FormatterGoldenCase(name: prefix + name, directory: dir) : nil
        }
    }

    func bytes(_ file: String) -> [UInt8]? { try? FixturePaths.read(directory + "/" + file) }

    func lines(_ file: String) -> [String] {
        guard let bytes = bytes(file) else { return [] }
        var lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// Runs the case with the Swift tool (with `mergeStreams`: stdout and stderr in one file).
    func run(mergeStreams: Bool = false) throws -> (result: FormatterHarness.Result, workDir: String) {
        let work = Scratch()
        for line in lines("setup") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 3 else { throw HarnessError("bad setup line in \(name): \(line)") }
            try work.copy(FixturePaths.root + "/" + fields[0], to: fields[1], mtime: Int64(fields[2]) ?? 1_700_000_000)
        }
        var env = FormatterHarness.defaultEnvironment
        for line in lines("env") {
            if let eq = line.firstIndex(of: "=") { env[String(line[..<eq])] = String(line[line.index(after: eq)...]) }
        }
        let result = try FormatterHarness.run(
            Array(lines("cmd").dropFirst()),
            cwd: work.path,
            environment: env,
            mergeStreams: mergeStreams
        )
        return (result, work.path)
    }
}

@Suite struct FormatterGoldenTests {
    static let fixtureCases = FormatterGoldenCase.cases(in: FormatterGoldenCase.fixtureRoot)
    static let vectorCases = FormatterGoldenCase.cases(in: FormatterGoldenCase.vectorRoot, prefix: "vector-")

    /// The warning this tool adds for seals that do not verify (Java prints nothing).
    static let warningPrefix = "zk-snapshot-formatter: warning: "

    @Test(
        .enabled(
            if: !fixtureCases.isEmpty,
            "no formatter goldens yet under Fixtures/goldens/formatter (Fixtures/generate/capture.py has not run)"
        ),
        arguments: fixtureCases
    )
    func fixtureGolden(_ golden: FormatterGoldenCase) throws {
        try check(golden)
    }

    @Test(arguments: vectorCases)
    func vectorGolden(_ golden: FormatterGoldenCase) throws {
        try check(golden)
    }

    /// Same stdout bytes (JSON timestamp aside), same exit code, same stderr; where Java dies
    /// with a stack trace, exactly one stderr line that names the file instead.
    func check(_ golden: FormatterGoldenCase) throws {
        let cmd = golden.lines("cmd")
        try #require(cmd.first == "formatter", "cmd of \(golden.name) must start with 'formatter'")
        let (result, workDir) = try golden.run()
        let token = Array("@WORKDIR@".utf8)
        let stdout = FormatterHarness.normalizeTimestamp(
            FormatterHarness.replace(result.stdout, Array(workDir.utf8), with: token)
        )
        let stderr = FormatterHarness.replace(result.stderr, Array(workDir.utf8), with: token)
        let expectedStdout = FormatterHarness.normalizeTimestamp(golden.bytes("stdout") ?? [])
        let expectedStderr = golden.bytes("stderr") ?? []
        let expectedExit = Int32(golden.lines("exit").first ?? "") ?? -1

        let sameStdout = stdout == expectedStdout
        #expect(
            sameStdout,
            "stdout of \(golden.name):\n\(FormatterHarness.diff(expected: expectedStdout, actual: stdout))"
        )
        #expect(result.exit == expectedExit, "exit code of \(golden.name)")

        let javaStderr = String(decoding: expectedStderr, as: UTF8.self)
        let stackTrace = javaStderr.hasPrefix("\tat ") || javaStderr.contains("\n\tat ")
        var ours = String(decoding: stderr, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
        if ours.last == "" { ours.removeLast() }
        if stackTrace {
            let file = cmd.last ?? ""
            #expect(ours.count == 1, "\(golden.name): one stderr line instead of Java's stack trace, got \(ours)")
            #expect(
                ours.first?.contains(file) == true,
                "\(golden.name): the stderr line must name the file '\(file)': \(ours)"
            )
        } else {
            // At most one added warning line (seals that do not verify), nothing else.
            let warnings = ours.filter { $0.hasPrefix(Self.warningPrefix) }
            #expect(warnings.count <= 1, "\(golden.name): more than one warning: \(warnings)")
            let rest = ours.filter { !$0.hasPrefix(Self.warningPrefix) }
            let restBytes = Array(rest.map { $0 + "\n" }.joined().utf8)
            let sameStderr = restBytes == expectedStderr
            #expect(
                sameStderr,
                "stderr of \(golden.name):\n\(FormatterHarness.diff(expected: expectedStderr, actual: restBytes))"
            )
        }

        // `2>&1`: Java's output is unbuffered, so stderr lines sit between stdout bytes exactly
        // where Java wrote them; ours must too (stdout is flushed before every stderr line).
        if let merged = golden.bytes("merged"), !stackTrace {
            let (both, dir) = try golden.run(mergeStreams: true)
            let actual = FormatterHarness.normalizeTimestamp(
                FormatterHarness.replace(both.stdout, Array(dir.utf8), with: token)
            )
            let expected = FormatterHarness.normalizeTimestamp(merged)
            let sameMerged = actual == expected
            #expect(
                sameMerged,
                "2>&1 output of \(golden.name):\n\(FormatterHarness.diff(expected: expected, actual: actual))"
            )
        }
    }
}
