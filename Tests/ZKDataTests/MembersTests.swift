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

    /// `Fixtures/captured/members-surrogates`: a 3.8.0 ensemble (`bin/conformance --seed 1`, full
    /// run) whose epoch-1 leader logged a createTTL with an emoji in an ACL id as jute writes it
    /// (`ED A0 BD ED B8 80`) and whose followers logged it as they decoded it (`EF BF BD EF BF
    /// BD`); a later multi was logged with a sub-op retyped to error by one member only.
    @Test func membersThatLoggedTheSameProposalDifferentlyAgree() throws {
        let root = FixturePaths.fixtures + "/captured/members-surrogates/"
        let dirs = ["ens-server1", "ens-server2", "ens-server3-oldleader"].map { root + $0 + "/version-2" }
        let members = try dirs.map { try #require(Self.member($0)) }
        // The bytes differ where the leader's surrogates stand.
        var payloads: [[UInt8]] = []
        for member in members {
            try LoggedTxns(logs: member.contents.logs).forEachPayload(after: 0x1_0000_005a) { header, payload, _ in
                if header.zxid == 0x1_0000_005b { payloads.append(Array(payload)) }
                return header.zxid < 0x1_0000_005b
            }
        }
        #expect(payloads.count == 3)
        #expect(payloads[0] == payloads[1])
        #expect(payloads[0] != payloads[2])
        #expect(payloads[2].indices.contains { payloads[2][$0...].starts(with: [0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80]) })
        let report = EnsembleComparison.compare(members)
        #expect(report.divergence == nil)
        #expect(report.readErrors.isEmpty)
        #expect(report.compared == 351)
        #expect(report.commonUpTo == 0x2_0000_00d1)
    }
}
