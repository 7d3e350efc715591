internal import Glibc
internal import ZKStorage

/// What `diff` keeps of one znode: fixed size, no per-node heap object. Data and the ACL list
/// are kept as 64-bit hashes; the stat is kept whole so that each differing field can be named.
struct NodeFingerprint {
    var pathHash: UInt64
    /// Where the path's bytes are in the table's arena.
    var pathHandle: UInt64
    var pathLength: Int32
    /// Data length on side A (-1: null data).
    var dataLength: Int32
    /// Data length on side B (-1: null data).
    var otherDataLength: Int32
    var state: UInt32
    var dataHash: UInt64
    /// Hash of the resolved ACL list (not the snapshot-local reference).
    var aclHash: UInt64
    var stat: StatPersisted

    /// The node is present on side A.
    static let inA: UInt32 = 1 << 30
    /// The node is present on side B.
    static let inB: UInt32 = 1 << 29
    /// Low bits: the differing fields (``DiffField`` bits).
    static let fieldMask: UInt32 = (1 << 16) - 1
}

/// An open-addressing table of ``NodeFingerprint``s keyed by path, with the paths in an arena
/// (exact comparison, no per-path allocation). Entries live in fixed-size chunks, so growing never
/// copies them; the index (one 64-bit slot per bucket: 32 bits of the hash, 32 bits of entry
/// number) is rebuilt when it is half full.
final class FingerprintTable {
    private static let chunkShift = 14
    private static let chunkSize = 1 << chunkShift
    private static let arenaChunk = 1 << 20

    private var chunks: [UnsafeMutablePointer<NodeFingerprint>] = []
    private(set) var count = 0
    private var index: [UInt64]
    private var mask: Int
    private var arena: [UnsafeMutableRawPointer] = []
    private var arenaSizes: [Int] = []
    private var arenaUsed = 0

    init(expected: Int = 1 << 16) {
        var capacity = 1024
        while capacity < expected * 2 { capacity <<= 1 }
        index = [UInt64](repeating: 0, count: capacity)
        mask = capacity - 1
    }

    deinit {
        for c in chunks { c.deallocate() }
        for a in arena { a.deallocate() }
    }

    subscript(i: Int) -> NodeFingerprint {
        get { chunks[i >> Self.chunkShift][i & (Self.chunkSize - 1)] }
        set { chunks[i >> Self.chunkShift][i & (Self.chunkSize - 1)] = newValue }
    }

    /// The entry for `path`, if any.
    func find(_ path: UnsafeRawBufferPointer, hash: UInt64) -> Int? {
        let tag = hash >> 32
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let v = index[slot]
            if v == 0 { return nil }
            if v >> 32 == tag {
                let i = Int(v & 0xFFFF_FFFF) - 1
                let e = self[i]
                if e.pathHash == hash && Int(e.pathLength) == path.count && pathEquals(e, path) { return i }
            }
            slot = (slot + 1) & mask
        }
    }

    /// Adds an entry for `path` (which must not be in the table) with `entry`'s fields.
    @discardableResult
    func insert(_ path: UnsafeRawBufferPointer, hash: UInt64, _ entry: NodeFingerprint) -> Int {
        if (count + 1) * 2 > index.count { grow() }
        let i = count
        if i >> Self.chunkShift == chunks.count {
            chunks.append(UnsafeMutablePointer<NodeFingerprint>.allocate(capacity: Self.chunkSize))
        }
        var e = entry
        e.pathHash = hash
        e.pathHandle = store(path)
        e.pathLength = Int32(path.count)
        (chunks[i >> Self.chunkShift] + (i & (Self.chunkSize - 1))).initialize(to: e)
        count += 1
        place(hash: hash, entry: i)
        return i
    }

    /// The path bytes of an entry.
    func path(of e: NodeFingerprint) -> UnsafeRawBufferPointer {
        let chunk = Int(e.pathHandle >> 32)
        let offset = Int(e.pathHandle & 0xFFFF_FFFF)
        return UnsafeRawBufferPointer(start: arena[chunk] + offset, count: Int(e.pathLength))
    }

    // MARK: - Internals

    private func pathEquals(_ e: NodeFingerprint, _ path: UnsafeRawBufferPointer) -> Bool {
        let stored = self.path(of: e)
        guard let a = stored.baseAddress, let b = path.baseAddress else { return stored.count == path.count }
        return memcmp(a, b, path.count) == 0
    }

    private func place(hash: UInt64, entry i: Int) {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while index[slot] != 0 { slot = (slot + 1) & mask }
        index[slot] = (hash >> 32) << 32 | UInt64(i + 1)
    }

    private func grow() {
        index = [UInt64](repeating: 0, count: index.count * 2)
        mask = index.count - 1
        for i in 0..<count { place(hash: self[i].pathHash, entry: i) }
    }

    private func store(_ path: UnsafeRawBufferPointer) -> UInt64 {
        let n = path.count
        if arena.isEmpty || arenaUsed + n > arenaSizes[arena.count - 1] {
            let size = max(Self.arenaChunk, n)
            arena.append(UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 8))
            arenaSizes.append(size)
            arenaUsed = 0
        }
        let chunk = arena.count - 1
        if let src = path.baseAddress, n > 0 { (arena[chunk] + arenaUsed).copyMemory(from: src, byteCount: n) }
        let handle = UInt64(chunk) << 32 | UInt64(arenaUsed)
        arenaUsed += n
        return handle
    }
}
