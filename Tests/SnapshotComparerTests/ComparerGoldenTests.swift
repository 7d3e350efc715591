import Foundation
import TestSupport
import Testing

/// Golden cases: `cmd` (line 1 `comparer`, then one argument per line), `setup`, optional
/// `env` and `stdin`, and Java's `stdout`, `stderr`, `exit`.
///
/// The cases come from `Fixtures/goldens/comparer/` (captured by `Fixtures/generate/capture.py`
/// from the real 3.8.0 tool) and from `Tests/SnapshotComparerTests/Vectors/` (crafted snapshots
/// and sessions for corners the fixtures do not reach, captured from the same Java tool the
/// same way; see the README there).
@Suite struct ComparerGoldenTests {
    static let fixtureCases = GoldenCase.all(tool: "comparer")
    static let vectorCases = GoldenCase.all(
        in: FixturePaths.root + "/Tests/SnapshotComparerTests/Vectors/cases",
        tool: "comparer",
        prefix: "vector-"
    )

    @Test(
        .enabled(
            if: !fixtureCases.isEmpty,
            "no comparer goldens yet under Fixtures/goldens/comparer (Fixtures/generate/capture.py has not run)"
        ),
        arguments: fixtureCases
    )
    func fixtureGolden(_ golden: GoldenCase) throws {
        try check(golden)
    }

    @Test(arguments: vectorCases)
    func vectorGolden(_ golden: GoldenCase) throws {
        try check(golden)
    }

    /// Java under a Latin-1 locale (`Tests/Vectors/Latin1`): Latin-1 output, 0x85 ends a line.
    @Test(arguments: GoldenCase.all(in: FixturePaths.root + "/Tests/Vectors/Latin1/comparer", tool: "comparer"))
    func latin1Golden(_ golden: GoldenCase) throws {
        try check(golden)
    }

    /// Same stdout bytes (the two timing figures aside), same stderr, same exit code. Where Java
    /// dies with a stack trace: one line instead, naming the problem and quoting Java's
    /// exception (`zk-snapshot-comparer: error: <file>: <problem> at byte offset N (Java: <exception>)`).
    func check(_ golden: GoldenCase) throws {
        let (result, _) = try golden.run(ComparerHarness.binary)
        let expectedOut = OutputText.normalisingTimes(golden.bytes("stdout") ?? [])
        let actualOut = OutputText.normalisingTimes(result.stdout)
        #expect(
            actualOut == expectedOut,
            "\(OutputText.diff(expected: expectedOut, actual: actualOut, label: "\(golden.name): stdout"))"
        )
        let javaStderr = golden.bytes("stderr") ?? []
        if let exception = golden.javaExceptionAsQuoted {
            let lines = textLines(result.stderr)
            #expect(lines.count == 1, "\(golden.name): one stderr line instead of Java's stack trace, got \(lines)")
            let line = lines.first ?? ""
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
        let expectedExit = golden.expectedExit
        #expect(result.exit == expectedExit, "\(golden.name): exit \(result.exit), Java exits \(expectedExit)")
    }
}
