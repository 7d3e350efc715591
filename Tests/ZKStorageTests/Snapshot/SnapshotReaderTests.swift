import TestSupport
import Testing
import ZKStorage

@Suite struct SnapshotReaderTests {
    /// spec-formats §5.3: the 457-byte snapshot.0 of an empty tree, seal values included.
    @Test func emptyTreeSnapshotMatchesSpecLayout() throws {
        guard let path = FixturePaths.serverSnapshots.first(where: { $0.hasSuffix("/standalone/version-2/snapshot.0") })
        else {
            Issue.record("fixture standalone/version-2/snapshot.0 missing")
            return
        }
        var reader = try SnapshotReader(path: path)
        #expect(reader.header == FileHeader.snapshot)
        var sessions = 0
        try reader.readSessions { _, _ in sessions += 1 }
        var acl: [(Int64, [ACL])] = []
        try reader.readACLCache { acl.append(($0, $1)) }
        #expect(sessions == 0)
        #expect(acl.count == 1 && acl[0].0 == 1)
        #expect(acl[0].1 == [ACL(perms: 1, id: Id(scheme: JuteString("world"), id: JuteString("anyone")))])
        var paths: [String] = []
        var aversions: [Int32] = []
        while let node = try reader.nextNode() {
            paths.append(JavaUTF8.decode(node.path))
            aversions.append(node.stat.aversion)
        }
        #expect(paths == ["", "/zookeeper", "/zookeeper/config", "/zookeeper/quota"])
        #expect(aversions == [0, 0, -1, 0])
        let tail = try reader.readTail()
        #expect(tail.seals.map(\.stored) == [0xb8a2_3b49, 0x95b9_3d59])
        #expect(tail.sealsValid)
        #expect(tail.digest == SnapshotDigest(zxid: 0, version: 2, digest: 0))
        #expect(tail.trailingBytes == 0)
    }

    /// Every snapshot ZooKeeper wrote, in every codec, decodes to the end with valid seals.
    @Test(arguments: FixturePaths.serverSnapshots)
    func readsServerSnapshot(_ path: String) throws {
        var reader = try SnapshotReader(path: path)
        try reader.readSessions { _, _ in }
        try reader.readACLCache { _, _ in }
        var count = 0
        while try reader.nextNode() != nil { count += 1 }
        let tail = try reader.readTail()
        #expect(count >= 4)
        #expect(tail.sealsValid, "\(FixturePaths.relative(path)): \(tail.seals)")
        #expect(tail.trailingBytes == 0)
    }

    /// `nextNodePath` (the path-only scan doctor's check uses) walks the same records as
    /// `nextNode` and stops with the same error, at the same offset, on every server snapshot
    /// and every damaged one.
    @Test(
        arguments: FixturePaths.serverSnapshots
            + DamagedCase.all.keys.sorted().filter { $0.hasPrefix("snap-") }.map {
                DamagedCase.named($0).path
            }
    )
    func pathScanMatchesFullRecords(_ path: String) {
        func scan(full: Bool) -> (paths: [[UInt8]], offsets: [Int], end: String) {
            var paths: [[UInt8]] = []
            var offsets: [Int] = []
            do {
                var reader = try SnapshotReader(path: path)
                try reader.readSessions { _, _ in }
                try reader.readACLCache { _, _ in }
                while true {
                    offsets.append(reader.offset)
                    if full {
                        guard let node = try reader.nextNode() else { break }
                        paths.append(Array(node.path))
                    } else {
                        guard let p = try reader.nextNodePath() else { break }
                        paths.append(Array(p))
                    }
                }
                let tail = try reader.readTail()
                return (paths, offsets, "tail \(tail)")
            } catch let error as ZKStorageError {
                return (paths, offsets, "\(error.code) at \(String(describing: error.offset)): \(error.detail)")
            } catch {
                return (paths, offsets, "\(error)")
            }
        }
        let full = scan(full: true)
        let pathsOnly = scan(full: false)
        #expect(full.paths == pathsOnly.paths, "\(FixturePaths.relative(path))")
        #expect(full.offsets == pathsOnly.offsets, "\(FixturePaths.relative(path))")
        #expect(full.end == pathsOnly.end, "\(FixturePaths.relative(path))")
    }

    /// Reading a snapshot and writing it again in the same codec gives the same bytes
    /// (gzip as Java's GZIPOutputStream writes it, snappy as snappy-java over libsnappy does).
    @Test(arguments: FixturePaths.serverSnapshots)
    func roundTripsServerSnapshot(_ path: String) throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let codec = SnapshotCodec(fileName: path)
        let out = dir.path + "/snapshot.copy" + codec.suffix
        try SnapshotCopy.copy(from: path, to: out)
        #expect(try FixturePaths.read(out) == FixturePaths.read(path), "\(FixturePaths.relative(path))")
    }

    /// gzip → snappy → gzip gives back the original gzip bytes; the plain content is preserved.
    @Test func reencodesGzipThroughSnappy() throws {
        let gz = FixturePaths.serverSnapshots.filter { $0.hasSuffix(".gz") }
        #expect(!gz.isEmpty)
        for path in gz {
            let dir = TemporaryDirectory()
            defer { dir.remove() }
            try SnapshotCopy.copy(from: path, to: dir.path + "/s.snappy")
            try SnapshotCopy.copy(from: dir.path + "/s.snappy", to: dir.path + "/s.gz")
            try SnapshotCopy.copy(from: dir.path + "/s.gz", to: dir.path + "/s")
            try SnapshotCopy.copy(from: path, to: dir.path + "/direct")
            #expect(try FixturePaths.read(dir.path + "/s.gz") == FixturePaths.read(path))
            #expect(try FixturePaths.read(dir.path + "/s") == FixturePaths.read(dir.path + "/direct"))
        }
    }
}

/// Streams one snapshot into a writer, part by part, preserving order.
enum SnapshotCopy {
    static func copy(from source: String, to target: String) throws {
        var reader = try SnapshotReader(path: source)
        let writer = try SnapshotWriter(path: target)
        try writer.writeHeader(reader.header)
        var sessions: [(id: Int64, timeout: Int32)] = []
        try reader.readSessions { sessions.append((id: $0, timeout: $1)) }
        try writer.writeSessions(sessions)
        var acls: [(ref: Int64, acls: [ACL])] = []
        try reader.readACLCache { acls.append((ref: $0, acls: $1)) }
        try writer.writeACLCache(acls)
        while let node = try reader.nextNode() {
            try writer.writeNode(path: node.path, data: node.data, aclRef: node.aclRef, stat: node.stat)
        }
        try writer.writeTerminatorAndSeal()
        let tail = try reader.readTail()
        if let digest = tail.digest { try writer.writeDigest(digest) }
        if let zxid = tail.lastProcessedZxid { try writer.writeLastProcessedZxid(zxid) }
        try writer.finish()
    }
}
