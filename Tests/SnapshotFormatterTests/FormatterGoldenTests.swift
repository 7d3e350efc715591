import Foundation
import TestSupport
import Testing

/// The cases come from `Fixtures/goldens/formatter/` (captured by `Fixtures/generate/capture.py`
/// from the real 3.8.0 tool) and from `Tests/SnapshotFormatterTests/.vectors/` (odd snapshots
/// made for this tool, captured from the same Java tool the same way; see the README there).
@Suite struct FormatterGoldenTests {
    static let fixtureCases = GoldenCase.all(tool: "formatter")
    static let vectorCases = GoldenCase.all(
        in: FixturePaths.root + "/Tests/SnapshotFormatterTests/.vectors",
        tool: "formatter",
        prefix: "vector-"
    )

    /// The warning this tool adds for seals that do not verify (Java prints nothing).
    static let warningPrefix = "zk-snapshot-formatter: warning: "

    @Test(
        .enabled(
            if: !fixtureCases.isEmpty,
            "no formatter goldens yet under Fixtures/goldens/formatter (Fixtures/generate/capture.py has not run)"
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

    /// Java under a Latin-1 locale (`Tests/Vectors/Latin1`): non-ASCII as Latin-1 bytes or `?`.
    @Test(arguments: GoldenCase.all(in: FixturePaths.root + "/Tests/Vectors/Latin1/formatter", tool: "formatter"))
    func latin1Golden(_ golden: GoldenCase) throws {
        try check(golden)
    }

    /// Same stdout bytes (JSON timestamp aside), same exit code, same stderr; where Java dies
    /// with a stack trace, exactly one stderr line that names the file instead.
    func check(_ golden: GoldenCase) throws {
        let cmd = golden.lines("cmd")
        try #require(cmd.first == "formatter", "cmd of \(golden.name) must start with 'formatter'")
        let (result, work) = try golden.run(FormatterHarness.binary)
        let stdout = FormatterHarness.normalizeTimestamp(work.masked(result.stdout))
        let stderr = work.masked(result.stderr)
        let expectedStdout = FormatterHarness.normalizeTimestamp(golden.bytes("stdout") ?? [])
        let expectedStderr = golden.bytes("stderr") ?? []
        let expectedExit = golden.expectedExit

        let sameStdout = stdout == expectedStdout
        #expect(
            sameStdout,
            "stdout of \(golden.name):\n\(lineDiff(expected: expectedStdout, actual: stdout))"
        )
        #expect(result.exit == expectedExit, "exit code of \(golden.name)")

        let stackTrace = golden.expectsStackTrace
        let ours = textLines(stderr)
        if stackTrace {
            let file = cmd.last ?? ""
            #expect(ours.count == 1, "\(golden.name): one stderr line instead of Java's stack trace, got \(ours)")
            #expect(
                ours.first?.contains(file) == true,
                "\(golden.name): the stderr line must name the file '\(file)': \(ours)"
            )
            if let exception = golden.javaExceptionAsQuoted {
                #expect(
                    ours.first?.hasSuffix(" (Java: \(exception))") == true,
                    "\(golden.name): the stderr line must quote Java's exception '\(exception)': \(ours)"
                )
            }
        } else {
            // At most one added warning line (seals that do not verify), nothing else.
            let warnings = ours.filter { $0.hasPrefix(Self.warningPrefix) }
            #expect(warnings.count <= 1, "\(golden.name): more than one warning: \(warnings)")
            let rest = ours.filter { !$0.hasPrefix(Self.warningPrefix) }
            let restBytes = Array(rest.map { $0 + "\n" }.joined().utf8)
            let sameStderr = restBytes == expectedStderr
            #expect(
                sameStderr,
                "stderr of \(golden.name):\n\(lineDiff(expected: expectedStderr, actual: restBytes))"
            )
        }

        // `2>&1`: Java's output is unbuffered, so stderr lines sit between stdout bytes exactly
        // where Java wrote them; ours must too (stdout is flushed before every stderr line).
        if let merged = golden.bytes("merged"), !stackTrace {
            let (both, bothWork) = try golden.run(FormatterHarness.binary, output: .merged)
            let actual = FormatterHarness.normalizeTimestamp(bothWork.masked(both.stdout))
            let expected = FormatterHarness.normalizeTimestamp(merged)
            let sameMerged = actual == expected
            #expect(
                sameMerged,
                "2>&1 output of \(golden.name):\n\(lineDiff(expected: expected, actual: actual))"
            )
        }
    }
}
