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

    @Test func latin1VectorsArePresent() {
        let cases = GoldenCase.all(in: FixturePaths.root + "/Tests/Vectors/Latin1/comparer", tool: "comparer")
        #expect(cases.count == 3, "Tests/Vectors/Latin1/comparer is missing or incomplete")
    }

    /// The shared rules (`GoldenCheck`), the two timing figures aside; Java also dies on
    /// options and on stdin, where no file is named.
    static let rules = GoldenCheck(
        tool: "zk-snapshot-comparer",
        normalize: OutputText.normalisingTimes,
        errorNamesInput: false
    )

    func check(_ golden: GoldenCase) throws {
        try Self.rules.verify(golden, executable: ComparerHarness.binary)
    }
}
