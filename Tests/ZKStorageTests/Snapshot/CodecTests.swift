import TestSupport
import Testing
import ZKStorage

@Suite struct CodecTests {
    /// ISA-L and zlib inflate every gzip fixture to the same records and seals.
    @Test(arguments: FixturePaths.serverSnapshots.filter { $0.hasSuffix(".gz") })
    func gzipBackendsAgree(_ path: String) throws {
        var summaries: [[Int64]] = []
        for backend in [GzipBackend.isal, .zlib] {
            var reader = try SnapshotReader(path: path, gzipBackend: backend)
            var summary: [Int64] = []
            try reader.readSessions { id, timeout in summary += [id, Int64(timeout)] }
            try reader.readACLCache { ref, acls in summary += [ref, Int64(acls.count)] }
            while let node = try reader.nextNode() {
                summary += [Int64(node.path.count), Int64(node.data?.count ?? -1), node.stat.mzxid]
            }
            let tail = try reader.readTail()
            summary += tail.seals.map(\.stored)
            #expect(tail.sealsValid)
            summaries.append(summary)
        }
        #expect(summaries[0] == summaries[1])
    }

    @Test func codecFollowsTheLastNameComponent() {
        #expect(SnapshotCodec(fileName: "snapshot.1a") == .plain)
        #expect(SnapshotCodec(fileName: "snapshot.1a.GZ") == .gzip)
        #expect(SnapshotCodec(fileName: "/d/version-2/snapshot.1a.snappy") == .snappy)
        #expect(SnapshotCodec(fileName: "snapshot.1a.tmp") == .plain)
        #expect(SnapshotCodec(fileName: "snapshot.1a.gz.tmp") == .plain)
        #expect(SnapshotCodec(fileName: "gz") == .plain)
    }
}
