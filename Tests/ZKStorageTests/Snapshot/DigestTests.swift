import TestSupport
import Testing
import ZKStorage

@Suite struct DigestTests {
    /// The digest a 3.8.0 server stored in each snapshot's tail equals the digest of the tree in
    /// that snapshot whenever the snapshot was not fuzzy (the digest's zxid is the newest zxid
    /// in the tree). At least one fixture snapshot must be such a case.
    @Test func treeDigestMatchesServerDigests() throws {
        var compared = 0
        for path in FixturePaths.serverSnapshots {
            var reader = try SnapshotReader(path: path)
            let tree = try DataTree(reader: &reader, readTail: true)
            guard let digest = tree.tail?.digest, digest.zxid != 0 else { continue }
            var newest: Int64 = 0
            tree.forEachNode { n in
                let stat = tree.stat(n)
                newest = max(newest, stat.mzxid, stat.pzxid, stat.czxid)
            }
            guard newest == digest.zxid else { continue }
            #expect(DigestCalculator.treeDigest(tree) == digest.digest, "\(FixturePaths.relative(path))")
            compared += 1
        }
        #expect(compared > 0)
    }

    /// spec-formats §3.6: the empty tree (root, /zookeeper, /zookeeper/quota, /zookeeper/config).
    @Test func emptyTreeDigest() throws {
        guard let path = FixturePaths.serverSnapshots.first(where: { $0.hasSuffix("/standalone/version-2/snapshot.0") })
        else {
            Issue.record("fixture standalone/version-2/snapshot.0 missing")
            return
        }
        let tree = try DataTree(snapshotAt: path)
        #expect(DigestCalculator.treeDigest(tree) == 0x51c6_d660)
    }
}
