import Foundation
import TestSupport
import Testing

/// One golden case: `cmd` (line 1 `comparer`, then one argument per line), `setup`, optional
/// `env` and `stdin`, and Java's `stdout`, `stderr`, `exit`.
///
/// The cases come from `Fixtures/goldens/comparer/` (captured by `Fixtures/generate/capture.py`
/// from the real 3.8.0 tool) and from `Tests/SnapshotComparerTests/Vectors/` (crafted snapshots
/// and sessions for corners the fixtures do not reach, captured from the same Java tool the
/// same way; see the README there).
struct ComparerGoldenCase: CustomTestStringConvertible, Sendable {
    let name: String
    let directory: String

    var testDescription: String { name }

    static var fixtureRoot: String { FixturePaths.fixtures + "/goldens/comparer" }
    static var vectorRoot: String { FixturePaths.root + "/Tests/SnapshotComparerTests/Vectors/cases" }

    static func cases(in root: String, prefix: String = "") -> [ComparerGoldenCase] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return names.sorted().compactMap { name in
            let dir = root + "/" + name
            return FileManager.default.fileExists(atPath: dir + "/cmd")
                ? ComparerGoldenCase(name: prefix + name, directory: dir) : nil
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

    /// Runs the case with the Swift tool in a fresh work directory.
    func run() throws -> ComparerHarness.Result {
        let work = Scratch()
        for line in lines("setup") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 3 else { throw HarnessError("bad setup line in \(name): \(line)") }
            try work.copy(FixturePaths.root + "/" + fields[0], to: fields[1], mtime: Int64(fields[2]) ?? 1_700_000_000)
        }
        var env = ComparerHarness.defaultEnvironment
        for line in lines("env") {
            if let eq = line.firstIndex(of: "=") { env[String(line[..<eq])] = String(line[line.index(after: eq)...]) }
        }
        let cmd = lines("cmd")
        guard cmd.first == "comparer" else { throw HarnessError("\(name): cmd does not start with 'comparer'") }
        return try ComparerHarness.run(Array(cmd.dropFirst()), cwd: work.path, environment: env, stdin: bytes("stdin"))
    }
}

@Suite struct ComparerGoldenTests {
    static let fixtureCases = ComparerGoldenCase.cases(in: ComparerGoldenCase.fixtureRoot)
    static let vectorCases = ComparerGoldenCase.cases(in: ComparerGoldenCase.vectorRoot, prefix: "vector-")

    @Test(
        .enabled(
            if: !fixtureCases.isEmpty,
            "no comparer goldens yet under Fixtures/goldens/comparer (Fixtures/generate/capture.py has not run)"
        ),
        arguments: fixtureCases
    )
    func fixtureGolden(_ golden: ComparerGoldenCase) throws {
        try check(golden)
    }

    @Test(arguments: vectorCases)
    func vectorGolden(_ golden: ComparerGoldenCase) throws {
        try check(golden)
    }

    /// Same stdout bytes (the two timing figures aside), same stderr, same exit code. Where Java
    /// dies with a stack trace: one line instead, naming the problem and quoting Java's
    /// exception (`zk-snapshot-comparer: error: <file>: <problem> at byte offset N (Java: <exception>)`).
    func check(_ golden: ComparerGoldenCase) throws {
        let result = try golden.run()
        let expectedOut = OutputText.normalisingTimes(golden.bytes("stdout") ?? [])
        let actualOut = OutputText.normalisingTimes(result.stdout)
        #expect(
            actualOut == expectedOut,
            "\(OutputText.diff(expected: expectedOut, actual: actualOut, label: "\(golden.name): stdout"))"
        )
        let javaStderr = golden.bytes("stderr") ?? []
        if let exception = OutputText.javaException(inStderr: javaStderr) {
            var lines = String(decoding: result.stderr, as: UTF8.self).split(
                separator: "\n",
                omittingEmptySubsequences: false
            )
            if lines.last == "" { lines.removeLast() }
            #expect(lines.count == 1, "\(golden.name): one stderr line instead of Java's stack trace, got \(lines)")
            let line = lines.first.map(String.init) ?? ""
            #expect(
                line.hasPrefix("zk-snapshot-comparer: error: ") && line.hasSuffix(" (Java: \(exception))"),
                "\(golden.name): the stderr line must quote Java's exception '\(exception)': \(line)"
            )
        } else {
            #expect(
                result.stderr == javaStderr,
                "\(OutputText.diff(expected: javaStderr, actual: result.stderr, label: "\(golden.name): stderr"))"
            )
        }
        let expectedExit = Int32(golden.lines("exit").first ?? "") ?? -1
        #expect(result.exit == expectedExit, "\(golden.name): exit \(result.exit), Java exits \(expectedExit)")
    }
}
