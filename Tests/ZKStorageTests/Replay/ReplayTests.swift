internal import TestSupport
import Testing

@testable import ZKStorage

/// The replay engine on the real servers' data: every logged digest (a value the server
/// computed) must match the tree we rebuild, from an empty tree through every log.
@Suite struct ReplayTests {
    static let fixtureDirs = [
        "standalone", "standalone-gz", "standalone-snappy", "standalone-nodigest", "ensemble-server1",
        "ensemble-server2",
    ]

    static func contents(_ name: String) -> DataDirContents? {
        let dir = FixturePaths.fixtures + "/zk-3.8.0/" + name + "/version-2"
        return DataDirContents(snapDirectory: dir, logDirectory: dir)
    }

    @Test(arguments: fixtureDirs)
    func everyLoggedDigestMatchesFromAnEmptyTree(_ name: String) throws {
        guard let contents = Self.contents(name) else {
            Issue.record("missing fixture \(name)")
            return
        }
        let replayer = TxnReplayer(tree: DataTree.javaInitial(), lastProcessedZxid: 0)
        var withDigest = 0
        var matched = 0
        var mismatched: [Int64] = []
        var applied = 0
        try LoggedTxns(logs: contents.logs).forEach(after: 0) { txn, _ in
            if txn.digest != nil { withDigest += 1 }
            let outcome = try replayer.apply(txn)
            applied += 1
            switch outcome.logged {
            case .matched: matched += 1
            case .mismatched: mismatched.append(txn.header.zxid)
            case .notChecked: break
            }
            return true
        }
        #expect(applied > 50)
        #expect(mismatched.isEmpty, "digest mismatches at \(mismatched.map { String($0, radix: 16) })")
        #expect(matched == withDigest)
        if name == "standalone-nodigest" {
            #expect(withDigest == 0)
        } else {
            #expect(withDigest > 50)
        }
    }

    /// Every snapshot's digest trailer (the server's tree digest at that zxid) against the
    /// digest of the tree replayed from an empty tree up to that zxid.
    @Test(arguments: fixtureDirs)
    func snapshotTrailersMatchTheReplayedDigest(_ name: String) throws {
        guard let contents = Self.contents(name) else {
            Issue.record("missing fixture \(name)")
            return
        }
        var trailers: [Int64: Int64] = [:]
        for snap in contents.snapshots {
            let tree = try DataTree(snapshotAt: snap.path, options: .structure, readTail: true)
            if let d = tree.tail?.digest, d.zxid != 0 { trailers[d.zxid] = d.digest }
        }
        let replayer = TxnReplayer(tree: DataTree.javaInitial(), lastProcessedZxid: 0)
        var compared = 0
        try LoggedTxns(logs: contents.logs).forEach(after: 0) { txn, _ in
            _ = try replayer.apply(txn)
            if let want = trailers[txn.header.zxid] {
                #expect(replayer.treeDigest == want, "at 0x\(String(txn.header.zxid, radix: 16))")
                compared += 1
            }
            return true
        }
        if name != "standalone-nodigest" { #expect(compared > 0) }
    }

    @Test func anAlteredTxnIsReportedAtItsZxid() throws {
        let work = WorkDirectory()
        guard let source = Self.contents("standalone"),
            let altered = try AlteredTxn.copy(source.snapDirectory, into: work, fromZxid: 0x20)
        else {
            Issue.record("missing fixture or no setData txn in it")
            return
        }
        guard let contents = DataDirContents(snapDirectory: altered.directory, logDirectory: altered.directory) else {
            Issue.record("cannot list \(altered.directory)")
            return
        }
        let result = try PointInTimeReplay.run(contents, target: .zxid(altered.zxid))
        #expect(result.mismatches.first?.zxid == altered.zxid)
        #expect(
            result.mismatches.first?.file.hasSuffix(
                "/log." + String(contents.logs.last { $0.zxid <= altered.zxid }?.zxid ?? 0, radix: 16)
            ) == true
        )
    }

    /// The written snapshot reads back (seals valid) to the same tree: same digest, same
    /// trailer, same sessions.
    @Test(arguments: fixtureDirs)
    func theWrittenSnapshotReadsBack(_ name: String) throws {
        guard let contents = Self.contents(name) else {
            Issue.record("missing fixture \(name)")
            return
        }
        let result = try PointInTimeReplay.run(contents, target: .newest)
        #expect(result.mismatches.isEmpty)
        let work = WorkDirectory()
        for suffix in ["", ".gz", ".snappy"] {
            let path = work.path + "/snapshot." + String(result.zxid, radix: 16) + suffix
            try result.tree.writeSnapshot(to: path, digest: result.digest)
            let back = try DataTree(snapshotAt: path, options: .all, readTail: true)
            #expect(back.tail?.sealsValid == true)
            #expect(back.tail?.digest == result.digest)
            #expect(TreeDigest(tree: back).value == result.digest.digest)
            #expect(back.nodeCount == result.tree.nodeCount)
            #expect(back.sessionTimeouts == result.tree.sessionTimeouts)
        }
    }

    @Test func aZxidPastTheLogsCannotBeReached() throws {
        guard let contents = Self.contents("standalone") else {
            Issue.record("missing fixture")
            return
        }
        #expect(throws: PointInTimeReplay.Failure.self) {
            _ = try PointInTimeReplay.run(contents, target: .zxid(0x7FFF_0000))
        }
    }
}
