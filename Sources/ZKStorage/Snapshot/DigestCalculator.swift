/// ZooKeeper's data-tree digest, version 2 (`server/DigestCalculator.java`, `AdHash`).
///
/// Per node: CRC-32 of `pathBytes ‖ data ‖ statBlock`, where the root's path is "" and the
/// 60-byte stat block is, big-endian:
///
///     int64 czxid | int64 mzxid | int64 pzxid | int64 ctime | int64 mtime
///     | int32 version | int32 cversion | int32 aversion | int64 ephemeralOwner
///
/// (note: a different order from `StatPersisted`). Nodes under "/zookeeper/" count 0;
/// "/zookeeper" itself counts. The tree digest is the sum of node digests modulo 2^64.
public enum DigestCalculator {
    public static let version: Int32 = 2

    /// The digest of one node.
    public static func nodeDigest(
        path: UnsafeRawBufferPointer,
        data: UnsafeRawBufferPointer?,
        stat: StatPersisted
    ) -> Int64 {
        guard counts(path) else { return 0 }
        var crc = CRC32()
        if !(path.count == 1 && path[0] == UInt8(ascii: "/")) { crc.update(path) }
        if let data { crc.update(data) }
        return nodeDigest(continuing: crc, stat: stat)
    }

    /// Whether a node under `path` counts (nodes under `/zookeeper/` count 0).
    @inline(__always)
    static func counts(_ path: UnsafeRawBufferPointer) -> Bool {
        let prefix: StaticString = "/zookeeper/"
        guard path.count > prefix.utf8CodeUnitCount, let base = path.baseAddress else { return true }
        return !memcmpEqual(base, UnsafeRawPointer(prefix.utf8Start), prefix.utf8CodeUnitCount)
    }

    /// The digest of a node from the CRC-32 of its path and data (``nodeDigest(path:data:stat:)``
    /// without its first part): the stat's fields follow.
    static func nodeDigest(continuing crc: CRC32, stat: StatPersisted) -> Int64 {
        var crc = crc
        // The stat block on the stack: this runs for every node a replay adds or changes.
        withUnsafeTemporaryAllocation(byteCount: 60, alignment: 8) { block in
            block.storeBytes(of: UInt64(bitPattern: stat.czxid).bigEndian, toByteOffset: 0, as: UInt64.self)
            block.storeBytes(of: UInt64(bitPattern: stat.mzxid).bigEndian, toByteOffset: 8, as: UInt64.self)
            block.storeBytes(of: UInt64(bitPattern: stat.pzxid).bigEndian, toByteOffset: 16, as: UInt64.self)
            block.storeBytes(of: UInt64(bitPattern: stat.ctime).bigEndian, toByteOffset: 24, as: UInt64.self)
            block.storeBytes(of: UInt64(bitPattern: stat.mtime).bigEndian, toByteOffset: 32, as: UInt64.self)
            block.storeBytes(of: UInt32(bitPattern: stat.version).bigEndian, toByteOffset: 40, as: UInt32.self)
            block.storeBytes(of: UInt32(bitPattern: stat.cversion).bigEndian, toByteOffset: 44, as: UInt32.self)
            block.storeBytes(of: UInt32(bitPattern: stat.aversion).bigEndian, toByteOffset: 48, as: UInt32.self)
            block.storeBytes(of: UInt64(bitPattern: stat.ephemeralOwner).bigEndian, toByteOffset: 52, as: UInt64.self)
            crc.update(UnsafeRawBufferPointer(block))
        }
        return Int64(crc.value)
    }

    /// The digest of a whole tree: every node Java's `nodes` map holds (under its full path;
    /// the root as ""), with the data as stored, before `setupQuota` rewrote quota stats.
    /// Needs a tree with stats and data kept.
    public static func treeDigest(_ tree: DataTree) -> Int64 {
        var sum: Int64 = 0
        for i in 0..<tree.idLimit {
            let node = Int32(truncatingIfNeeded: i)
            guard tree.isLive(node) else { continue }
            let path = tree.path(node)
            let stat = tree.stat(node)
            let d: Int64 = path.withUnsafeBytes { p in
                tree.withStoredData(node) { nodeDigest(path: p, data: $0, stat: stat) }
            }
            sum = sum &+ d
        }
        return sum
    }
}
