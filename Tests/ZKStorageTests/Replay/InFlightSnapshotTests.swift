internal import TestSupport
import Testing

@testable import ZKStorage

/// Snapshots a real 3.8.0 server wrote while it was applying the txn after the zxid of their
/// digest trailer (`Fixtures/captured/`): the nodes hold that txn's changes. The tree at the
/// trailer's zxid must come from an older start; the tree one txn later may come from the
/// snapshot. Each expected tree is the snapshot ZooKeeper's own classes wrote after replaying
/// from the oldest snapshot (`Fixtures/captured/capture.sh`).
@Suite struct InFlightSnapshotTests {
    struct Case: Sendable, CustomStringConvertible {
        var dir: String
        var zxid: Int64
        var inFlightSnapshot: String
        /// The zxid of the snapshot's digest trailer (where its fuzzy window closes).
        var trailer: Int64
        var description: String { "\(dir) at 0x\(String(zxid, radix: 16))" }
    }

    static let cases = [
        Case(dir: "inflight-create", zxid: 0x37, inFlightSnapshot: "snapshot.37.gz", trailer: 0x37),
        Case(dir: "inflight-create", zxid: 0x38, inFlightSnapshot: "snapshot.37.gz", trailer: 0x37),
        Case(dir: "inflight-close", zxid: 0x39, inFlightSnapshot: "snapshot.39.gz", trailer: 0x39),
        Case(dir: "inflight-close", zxid: 0x3a, inFlightSnapshot: "snapshot.39.gz", trailer: 0x39),
        // The window spans a txn: 0x1b7 is replayed onto nodes that hold 0x1b8's create, so its
        // logged digest cannot match; 0x1b8's does.
        Case(dir: "inflight-window", zxid: 0x1b7, inFlightSnapshot: "snapshot.1b6", trailer: 0x1b7),
        Case(dir: "inflight-window", zxid: 0x1b8, inFlightSnapshot: "snapshot.1b6", trailer: 0x1b7),
        Case(dir: "inflight-window", zxid: 0x1d1, inFlightSnapshot: "snapshot.1b6", trailer: 0x1b7),
        // The in-flight txn (0x1c4) creates a quota node, which the digest leaves out: only its
        // czxid gives it away.
        Case(dir: "inflight-quota", zxid: 0x1c3, inFlightSnapshot: "snapshot.1c3", trailer: 0x1c3),
        Case(dir: "inflight-quota", zxid: 0x1c4, inFlightSnapshot: "snapshot.1c3", trailer: 0x1c3),
    ]

    static func root(_ dir: String) -> String { FixturePaths.fixtures + "/captured/" + dir }

    /// One line per node (path, data, stat, ACL) and per session, sorted: the tree's content
    /// without the order it was stored in.
    static func content(_ tree: DataTree) -> [String] {
        var lines: [String] = []
        tree.forEachNode { node in
            let s = tree.stat(node)
            let data = tree.data(node).map { $0.map { String($0, radix: 16) }.joined(separator: ",") } ?? "null"
            let acl = tree.aclCache[tree.aclRef(node)].map { "\($0)" } ?? "ref \(tree.aclRef(node))"
            lines.append(
                "\(String(decoding: tree.path(node), as: UTF8.self)) [\(data)] czxid \(s.czxid) mzxid \(s.mzxid) "
                    + "pzxid \(s.pzxid) ctime \(s.ctime) mtime \(s.mtime) version \(s.version) cversion \(s.cversion) "
                    + "aversion \(s.aversion) owner \(s.ephemeralOwner) acl \(acl)"
            )
        }
        for session in tree.sessionsInJavaOrder { lines.append("session \(session.id) \(session.timeout)") }
        return lines.sorted()
    }

    /// `PointInTimeReplay` of the case's data dir at its zxid (nil, recorded, when the fixture
    /// is missing).
    static func replay(_ c: Case) throws -> PointInTimeReplay.Result? {
        let dir = root(c.dir) + "/version-2"
        guard let contents = DataDirContents(snapDirectory: dir, logDirectory: dir) else {
            Issue.record("missing fixture \(c.dir)")
            return nil
        }
        return try PointInTimeReplay.run(contents, target: .zxid(c.zxid))
    }

    @Test(arguments: cases)
    func theTreeEqualsZooKeepersReplayFromTheFirstSnapshot(_ c: Case) throws {
        guard let result = try Self.replay(c) else { return }
        let java = try DataTree(
            snapshotAt: Self.root(c.dir) + "/java-at-0x\(String(c.zxid, radix: 16)).snapshot",
            options: .all,
            readTail: true
        )
        #expect(result.zxid == c.zxid)
        #expect(result.mismatches.isEmpty)
        let ours = Self.content(result.tree)
        let theirs = Self.content(java)
        #expect(ours.count == theirs.count)
        #expect(ours.filter { !theirs.contains($0) } == [], "only in ours")
        #expect(theirs.filter { !ours.contains($0) } == [], "only in ZooKeeper's")
        #expect(java.tail?.digest?.digest == result.digest.digest)
    }

    /// The point at the trailer's zxid passes over the snapshot that holds the next txn, and
    /// says why; one txn later the snapshot is the start.
    @Test(arguments: cases)
    func theInFlightSnapshotIsTheStartOnlyAfterItsTrailer(_ c: Case) throws {
        guard let result = try Self.replay(c) else { return }
        guard case .snapshot(let path, let name, _) = result.start else {
            Issue.record("started from an empty tree")
            return
        }
        if c.zxid == c.trailer {
            #expect(!path.hasSuffix("/" + c.inFlightSnapshot))
            #expect(name < c.zxid)
            #expect(
                result.skipped.contains {
                    $0.hasPrefix(c.inFlightSnapshot + ": its digest trailer does not match")
                        || ($0.hasPrefix(c.inFlightSnapshot + ": ") && $0.hasSuffix("in flight as it was written"))
                }
            )
        } else {
            #expect(path.hasSuffix("/" + c.inFlightSnapshot))
            #expect(result.skipped.isEmpty)
        }
    }
}
