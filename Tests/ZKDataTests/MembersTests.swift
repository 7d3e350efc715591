import ArgumentParser
internal import TestSupport
import Testing
internal import ZKStorage

@testable import ZKData

@Suite struct MembersTests {
    static let server1 = FixturePaths.fixtures + "/zk-3.8.0/ensemble-server1/version-2"
    static let server2 = FixturePaths.fixtures + "/zk-3.8.0/ensemble-server2/version-2"

    static func member(_ dir: String) -> EnsembleComparison.Member? {
        DataDirContents(snapDirectory: dir, logDirectory: dir).map { .init(name: dir, contents: $0) }
    }

    @Test func theEnsembleFixturesAgree() throws {
        guard let a = Self.member(Self.server1), let b = Self.member(Self.server2) else {
            Issue.record("missing ensemble fixtures")
            return
        }
        let report = EnsembleComparison.compare([a, b])
        #expect(report.divergence == nil)
        #expect(report.readErrors.isEmpty)
        #expect(report.compared > 20)
        #expect(report.commonUpTo == report.ranges.compactMap(\.last).min())
    }

    @Test func oneAlteredTxnIsReportedAtItsZxid() throws {
        let work = WorkDirectory()
        guard let a = Self.member(Self.server1),
            let altered = try AlteredTxn.copy(Self.server2, into: work, fromZxid: 0x1_0000_0001),
            let b = Self.member(altered.directory)
        else {
            Issue.record("missing ensemble fixtures or no setData txn")
            return
        }
        let report = EnsembleComparison.compare([a, b])
        #expect(report.divergence?.zxid == altered.zxid)
        #expect(report.divergence?.entries.count == 2)
    }

    @Test func theVerbExitsOneOnDivergenceAndZeroOnAgreement() throws {
        let work = WorkDirectory()
        guard let altered = try AlteredTxn.copy(Self.server2, into: work, fromZxid: 0x1_0000_0001) else {
            Issue.record("no setData txn")
            return
        }
        #expect(throws: Never.self) { try MembersCommand.parse([Self.server1, Self.server2]).run() }
        do {
            try MembersCommand.parse([Self.server1, altered.directory]).run()
            Issue.record("members did not report the altered txn")
        } catch let exit as ExitCode {
            #expect(exit.rawValue == 1)
        }
    }
}
