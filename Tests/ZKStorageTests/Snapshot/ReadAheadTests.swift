import TestSupport
import Testing
import ZKStorage

/// Working ahead on a second thread (`readAhead`: decoding gzip and snappy, checksumming plain
/// files) changes nothing a reader sees: the same records, seals and tail, or the same error at
/// the same offset.
@Suite struct ReadAheadTests {
    /// A multi-megabyte snapshot (many 1 MiB read-ahead chunks and 4 MiB checksum blocks,
    /// records across their edges), written by the library in all three codecs, then cut short,
    /// and (plain) with one byte changed in the middle.
    @Test(arguments: ["", ".gz", ".snappy"])
    func largeSnapshotReadsTheSameBothWays(_ suffix: String) throws {
        let dir = WorkDirectory()
        let path = dir.path + "/snapshot.100" + suffix
        let writer = try SnapshotWriter(path: path)
        try writer.writeHeader()
        try writer.writeSessions([(id: 0x100, timeout: 30_000)])
        try writer.writeACLCache([(ref: 1, acls: [])])
        var random = PseudoRandom(seed: 0x9E37_79B9_7F4A_7C15)
        for i in 0..<4000 {
            // Pseudo-random bytes (little compression) of varying length, up to 5 KiB.
            let data = (0..<(i * 37 % 5000)).map { _ in random.nextByte() }
            let name = Array("/node\(i)".utf8)
            var stat = StatPersisted()
            stat.mzxid = Int64(i)
            try name.withUnsafeBytes { p in
                try data.withUnsafeBytes { d in try writer.writeNode(path: p, data: d, aclRef: 1, stat: stat) }
            }
        }
        try writer.writeTerminatorAndSeal()
        try writer.finish()
        let whole = try Self.outcome(path, readAhead: false)
        #expect(whole.hasPrefix("ok 4000 nodes"))
        #expect(try Self.outcome(path, readAhead: true) == whole)

        // The same file cut in the middle: the same error, at the same offset.
        let bytes = try FixturePaths.read(path)
        #expect(bytes.count > 8 << 20)
        let cut = dir.path + "/cut.100" + suffix
        dir.write("cut.100" + suffix, Array(bytes[0..<(bytes.count / 2)]))
        let broken = try Self.outcome(cut, readAhead: false)
        #expect(broken.hasPrefix("error "))
        #expect(try Self.outcome(cut, readAhead: true) == broken)

        if suffix.isEmpty {
            // A changed data byte 5 MB in (inside the second checksum block): the seal fails.
            var changed = bytes
            changed[5_000_000] ^= 0x01
            dir.write("changed.100", changed)
            let flipped = try Self.outcome(dir.path + "/changed.100", readAhead: false)
            #expect(flipped.contains(" false "))
            #expect(try Self.outcome(dir.path + "/changed.100", readAhead: true) == flipped)
            #expect(whole.contains(" true "))
        }
    }

    /// Every compressed server snapshot and every damaged compressed fixture.
    @Test func fixturesReadTheSameBothWays() throws {
        let damaged = DamagedCase.all.values.map(\.path).filter { $0.contains("snap-gz") || $0.contains("snap-snappy") }
        let compressed = FixturePaths.serverSnapshots.filter { $0.hasSuffix(".gz") || $0.hasSuffix(".snappy") }
        #expect(damaged.count >= 8 && compressed.count >= 2)
        for path in compressed + damaged {
            let ahead = try Self.outcome(path, readAhead: true)
            #expect(ahead == (try Self.outcome(path, readAhead: false)), "\(FixturePaths.relative(path))")
        }
    }

    /// Everything the reader reports, or its error, as text.
    static func outcome(_ path: String, readAhead: Bool) throws -> String {
        do {
            var reader = try SnapshotReader(path: path, readAhead: readAhead)
            var text: [String] = []
            try reader.readSessions { text.append("s \($0) \($1)") }
            try reader.readACLCache { text.append("a \($0) \($1.count)") }
            var nodes = 0
            var checksum: UInt32 = 0
            while let node = try reader.nextNode() {
                nodes += 1
                checksum = checksum &* 31 &+ Adler32.checksum(node.data ?? UnsafeRawBufferPointer(start: nil, count: 0))
                text.append("n \(node.path.count) \(node.data?.count ?? -1) \(node.stat.mzxid)")
            }
            let tail = try reader.readTail()
            return "ok \(nodes) nodes \(checksum) seals \(tail.seals.map(\.stored)) \(tail.sealsValid) "
                + text.joined(separator: ",")
        } catch let error as ZKStorageError {
            return "error \(error.code) \(error.offset ?? -1) \(error.detail)"
        }
    }
}

/// A reader that stops early while the decoding thread is still busy.
@Suite struct ReadAheadEarlyStopTests {
    /// A gzip snapshot whose first node record is bad, followed by 24 MB that the decoding
    /// thread is still inflating when the parser gives up: the error comes back every time, and
    /// dropping the reader (the last owner of the mapping) neither hangs nor touches unmapped
    /// memory.
    @Test func badFirstNodeInABigGzipSnapshot() throws {
        var plain: [UInt8] = []
        plain += [0x5A, 0x4B, 0x53, 0x4E, 0, 0, 0, 2] + Array(repeating: 0xFF, count: 8)  // header
        plain += [0, 0, 0, 0, 0, 0, 0, 0]  // no sessions, no ACL lists
        plain += [0xFF, 0xFF, 0xFF, 0xFB]  // node path length -5
        plain += (0..<(24 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31 >> 3) }
        let dir = WorkDirectory()
        dir.write("snapshot.5.gz", StoredGzip.encode(plain))
        for _ in 0..<10 {
            do {
                _ = try DataTree(snapshotAt: dir.path + "/snapshot.5.gz")
                Issue.record("a path length of -5 must fail")
            } catch let error as ZKStorageError {
                #expect(error.code == .unreasonableLength)
                #expect(error.offset == 24)
                #expect(error.javaException == .unreasonableLength(-5))
            }
        }
    }
}

/// gzip with stored (uncompressed) deflate blocks: a valid stream any inflater reads.
enum StoredGzip {
    static func encode(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF]
        var i = 0
        repeat {
            let n = min(65_535, data.count - i)
            let last: UInt8 = i + n == data.count ? 1 : 0
            out += [last, UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8((~n >> 8) & 0xFF)]
            out += data[i..<(i + n)]
            i += n
        } while i < data.count
        var crc = CRC32()
        crc.update(data)
        for v in [crc.value, UInt32(truncatingIfNeeded: data.count)] {
            out += [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF), UInt8((v >> 16) & 0xFF), UInt8(v >> 24)]
        }
        return out
    }
}
