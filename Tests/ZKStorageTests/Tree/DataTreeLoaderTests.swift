import TestSupport
import Testing
import ZKStorage

/// Memory bounded by distinct nodes: repeated paths reuse their node (Java's `nodes.put`).
@Suite struct DataTreeLoaderTests {
    private static let records = 100_000

    /// A gzip snapshot: header, no sessions, no ACLs, then `body` writes node records.
    private func writeSnapshot(_ path: String, _ body: (SnapshotWriter) throws -> Void) throws {
        let writer = try SnapshotWriter(path: path, codec: .gzip)
        try writer.writeHeader()
        try writer.writeSessions([])
        try writer.writeACLCache([])
        try body(writer)
        try writer.finish()
    }

    /// The all-zero node record (84 bytes): path "", empty data, ACL 0, zero stat.
    private func zeroRecord(_ writer: SnapshotWriter) throws {
        let empty: [UInt8] = []
        try empty.withUnsafeBytes { e in
            try writer.writeNode(path: e, data: e, aclRef: 0, stat: StatPersisted())
        }
    }

    /// Zeros after the header (what a gzip of zeros decodes to past its header): endless root
    /// records, then the end of the data, where Java throws EOFException. The tree holds one
    /// node the whole time.
    @Test func endlessRootRecordsStayOneNode() throws {
        let dir = WorkDirectory()
        let path = dir.path + "/snapshot.1.gz"
        try writeSnapshot(path) { w in
            for _ in 0..<Self.records { try zeroRecord(w) }
        }
        var reader = try SnapshotReader(path: path)
        let tree = DataTree(options: .all)
        #expect(throws: ZKStorageError.self) { _ = try DataTreeLoader().load(&reader, into: tree) }
        #expect(tree.nodeCount == 1)
        #expect(tree.idLimit == 1)
        #expect(tree.root == 0)
    }

    /// Paths repeated out of pre-order (`/a`, `/a/x`, `/b`, again and again): one node each,
    /// and the last record of each path wins (its data); `/a`'s child set restarts with each
    /// `/a` record and gets `x` back from the next `/a/x`.
    @Test func repeatedPathsReuseTheirNodes() throws {
        let dir = WorkDirectory()
        let path = dir.path + "/snapshot.2.gz"
        try writeSnapshot(path) { w in
            try zeroRecord(w)
            for i in 0..<(Self.records / 3) {
                for p in ["/a", "/a/x", "/b"] {
                    let data = Array("\(p)-\(i)".utf8)
                    try Array(p.utf8).withUnsafeBytes { pb in
                        try data.withUnsafeBytes {
                            try w.writeNode(path: pb, data: $0, aclRef: 0, stat: StatPersisted())
                        }
                    }
                }
            }
            try w.writeTerminatorAndSeal()
        }
        let tree = try DataTree(snapshotAt: path)
        #expect(tree.nodeCount == 4)
        #expect(tree.idLimit == 4)
        let last = Self.records / 3 - 1
        let a = try #require(tree.node(atPath: Array("/a".utf8)))
        let x = try #require(tree.node(atPath: Array("/a/x".utf8)))
        #expect(tree.data(a) == Array("/a-\(last)".utf8))
        #expect(tree.data(x) == Array("/a/x-\(last)".utf8))
        #expect(tree.childrenInJavaOrder(of: a) == [x])
        #expect(tree.childrenInJavaOrder(of: tree.root).count == 2)
    }

    /// A record whose parent path holds no node: Java's "Invalid Datatree".
    @Test func orphanIsInvalidDatatree() throws {
        let dir = WorkDirectory()
        let path = dir.path + "/snapshot.3.gz"
        try writeSnapshot(path) { w in
            try zeroRecord(w)
            try Array("/a/b".utf8).withUnsafeBytes {
                try w.writeNode(path: $0, data: nil, aclRef: 0, stat: StatPersisted())
            }
            try w.writeTerminatorAndSeal()
        }
        do {
            _ = try DataTree(snapshotAt: path)
            Issue.record("loaded a tree with an orphan")
        } catch let error as ZKStorageError {
            #expect(
                error.javaException?.description
                    == "java.io.IOException: Invalid Datatree, unable to find parent /a of path /a/b"
            )
        }
    }
}
