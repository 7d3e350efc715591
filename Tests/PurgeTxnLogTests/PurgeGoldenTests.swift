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
        let cmd = golden.lines("cmd")
        try #require(cmd.first == "purge", "cmd must start with 'purge'")
        let (result, work) = try golden.run(PurgeHarness.binary)
        let stdout = work.masked(result.stdout)
        let stderr = work.masked(result.stderr)
        let expectedExit = Int32(golden.text("exit")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? -1

        #expect(String(decoding: stdout, as: UTF8.self) == golden.text("stdout") ?? "", "stdout of \(golden.name)")
        #expect(String(decoding: stderr, as: UTF8.self) == golden.text("stderr") ?? "", "stderr of \(golden.name)")
        #expect(stdout == golden.bytes("stdout") ?? [], "stdout bytes of \(golden.name)")
        #expect(stderr == golden.bytes("stderr") ?? [], "stderr bytes of \(golden.name)")
        // The one deliberate difference: a failed deletion exits 1 (Java exits 0).
        let failedDeletion = String(decoding: stderr, as: UTF8.self).contains("Failed to remove ")
        if failedDeletion && expectedExit == 0 {
            #expect(result.exit == 1, "exit code of \(golden.name) (failed deletion)")
        } else {
            #expect(result.exit == expectedExit, "exit code of \(golden.name)")
        }
        if let after = golden.text("after") {
            #expect(try work.afterListing() == after, "files left by \(golden.name)")
        }
    }
}
