import Foundation
import TestSupport
import Testing

/// Every `Fixtures/goldens/txnlog/*` case: ZooKeeper 3.8.0's TxnLogToolkit run by
/// `Fixtures/generate/capture.py`, replayed against the built `zk-txnlog-toolkit`.
@Suite struct TxnLogGoldenTests {
    static let tool = "zk-txnlog-toolkit"
    /// The shared rules (`GoldenCheck`); inputs must be left unchanged.
    static let rules = GoldenCheck(tool: tool, checksFilesLeft: true)
    static let cases = GoldenCase.all(tool: "txnlog")
    /// Java captures on crafted logs that the fixtures do not cover (`.vectors/README.md`).
    static let vectorCases = GoldenCase.all(
        in: FixturePaths.root + "/Tests/TxnLogToolkitTests/.vectors/cases",
        tool: "txnlog"
    )

    @Test(
        .enabled(
            if: !cases.isEmpty,
            "no txnlog goldens under Fixtures/goldens/txnlog yet (Fixtures/generate/capture.py has not run)"
        ),
        arguments: cases
    )
    func matchesJava(_ golden: GoldenCase) throws {
        try Self.rules.verify(golden, executable: Self.tool)
    }

    @Test(arguments: vectorCases)
    func vectorMatchesJava(_ golden: GoldenCase) throws {
        try Self.rules.verify(golden, executable: Self.tool)
    }

    /// Java under a Latin-1 locale (`Tests/Vectors/Latin1`): non-ASCII as Latin-1 bytes or `?`.
    @Test(arguments: GoldenCase.all(in: FixturePaths.root + "/Tests/Vectors/Latin1/txnlog", tool: "txnlog"))
    func latin1MatchesJava(_ golden: GoldenCase) throws {
        try Self.rules.verify(golden, executable: Self.tool)
    }

    @Test func latin1VectorsArePresent() {
        let cases = GoldenCase.all(in: FixturePaths.root + "/Tests/Vectors/Latin1/txnlog", tool: "txnlog")
        #expect(cases.count == 3, "Tests/Vectors/Latin1/txnlog is missing or incomplete")
    }

    @Test func vectorsArePresent() {
        #expect(Self.vectorCases.count >= 100, "Tests/TxnLogToolkitTests/.vectors/cases is missing or incomplete")
    }

    /// A golden directory that exists but yields no cases is a broken fixture, not a pass.
    @Test func goldenDirectoryIsNotSilentlyEmpty() throws {
        let root = GoldenCase.root(tool: "txnlog")
        try #require(FileManager.default.fileExists(atPath: root), "\(root) is missing")
        let entries = try FileManager.default.contentsOfDirectory(atPath: root)
        #expect(entries.isEmpty || !Self.cases.isEmpty, "\(root) has entries but no case with a cmd file")
    }

    @Test func executableIsBuilt() {
        #expect(
            FileManager.default.isExecutableFile(atPath: ToolRunner.executable(Self.tool)),
            "zk-txnlog-toolkit not found at \(ToolRunner.executable(Self.tool))"
        )
    }
}
