import Foundation
import TestSupport
import Testing

/// The goldens directory: `$PURGE_GOLDENS_DIR` if set, else `Fixtures/goldens/purge`; each
/// case captured from the real Java PurgeTxnLog by `Fixtures/generate/capture.py`.
private let purgeGoldensRoot =
    ProcessInfo.processInfo.environment["PURGE_GOLDENS_DIR"] ?? FixturePaths.fixtures + "/goldens/purge"

@Suite struct PurgeGoldenTests {
    static let cases = GoldenCase.all(in: purgeGoldensRoot, tool: "purge")

    /// Every purge golden: same stdout, stderr and exit code as Java, and the same files left.
    @Test(
        .enabled(if: !cases.isEmpty, "no purge goldens yet under \(purgeGoldensRoot) (capture.py has not run)"),
        arguments: cases
    )
    func golden(_ golden: GoldenCase) throws {
        try #require(golden.command.first == "purge", "cmd must start with 'purge'")
        try Self.rules.verify(golden, executable: PurgeHarness.binary)
    }

    /// Java under a Latin-1 locale (`Tests/Vectors/Latin1`): a data directory named `d\xE9`.
    @Test(arguments: GoldenCase.all(in: FixturePaths.root + "/Tests/Vectors/Latin1/purge", tool: "purge"))
    func latin1Golden(_ golden: GoldenCase) throws {
        try Self.rules.verify(golden, executable: PurgeHarness.binary)
    }

    @Test func latin1VectorsArePresent() {
        let cases = GoldenCase.all(in: FixturePaths.root + "/Tests/Vectors/Latin1/purge", tool: "purge")
        #expect(cases.count == 1, "Tests/Vectors/Latin1/purge is missing or incomplete")
    }

    /// The shared rules (`GoldenCheck`), with the one deliberate difference: a failed deletion
    /// exits 1 (Java exits 0).
    static let rules = GoldenCheck(
        tool: "zk-purge-txnlog",
        expectedExit: { golden, result in
            let failedDeletion = String(decoding: result.stderr, as: UTF8.self).contains("Failed to remove ")
            return failedDeletion && golden.expectedExit == 0 ? 1 : golden.expectedExit
        }
    )
}
