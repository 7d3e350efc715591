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

    @Test func latin1VectorsArePresent() {
        let cases = GoldenCase.all(in: FixturePaths.root + "/Tests/Vectors/Latin1/formatter", tool: "formatter")
        #expect(cases.count == 5, "Tests/Vectors/Latin1/formatter is missing or incomplete")
    }

    /// The shared rules (`GoldenCheck`), the JSON timestamp aside.
    static let rules = GoldenCheck(tool: "zk-snapshot-formatter", normalize: FormatterHarness.normalizeTimestamp)

    func check(_ golden: GoldenCase) throws {
        try #require(golden.command.first == "formatter", "cmd of \(golden.name) must start with 'formatter'")
        try Self.rules.verify(golden, executable: FormatterHarness.binary)
    }
}
