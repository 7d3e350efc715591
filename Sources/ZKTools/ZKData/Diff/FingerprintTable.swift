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
/// copies them; their order is the order they were added in (file order). The index holds one 64-bit slot per bucket, `hash >> 32` (which also picks the
/// bucket) beside the entry number + 1, so a lookup that misses touches only the index and a
/// rebuild (when half full) needs nothing else.
final class FingerprintTable {
    private static let chunkShift = 14
    private static let chunkSize = 1 << chunkShift
    private static let arenaChunk = 1 << 20

    private var chunks: [UnsafeMutablePointer<NodeFingerprint>] = []
    private(set) var count = 0
    private var index: UnsafeMutablePointer<UInt64>
    private var capacity: Int
    private var arena: [UnsafeMutableRawPointer] = []
    private var arenaSizes: [Int] = []
    private var arenaUsed = 0

    init(expected: Int = 1 << 16) {
        var capacity = 1024
        while capacity < expected * 2 { capacity <<= 1 }
        self.capacity = capacity
        index = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
        index.initialize(repeating: 0, count: capacity)
    }

    deinit {
        index.deallocate()
        for c in chunks { c.deallocate() }
        for a in arena { a.deallocate() }
    }

    subscript(i: Int) -> NodeFingerprint {
        get { chunks[i >> Self.chunkShift][i & (Self.chunkSize - 1)] }
        set { chunks[i >> Self.chunkShift][i & (Self.chunkSize - 1)] = newValue }
    }

    /// The entry for `path`, if any.
    func find(_ path: UnsafeRawBufferPointer, hash: UInt64) -> Int? { probe(path, hash: hash).entry }

    /// Where `path` is in the index: its slot and entry, or the empty slot it would take.
    private func probe(_ path: UnsafeRawBufferPointer, hash: UInt64) -> (slot: Int, entry: Int?) {
        let tag = hash >> 32
        let mask = capacity - 1
        var slot = Int(truncatingIfNeeded: tag) & mask
        while true {
            let v = index[slot]
            if v == 0 { return (slot, nil) }
            if v >> 32 == tag {
                let i = Int(v & 0xFFFF_FFFF) - 1
                if matches(i, path, hash) { return (slot, i) }
            }
            slot = (slot + 1) & mask
        }
    }

    /// Appends an entry for `path` without indexing it (a whole side is read first, then
    /// ``buildIndex()`` indexes it in one pass).
    func append(_ path: UnsafeRawBufferPointer, hash: UInt64, _ entry: NodeFingerprint) {
        _ = add(path, hash: hash, entry)
    }

    /// Indexes every entry appended so far. A path that occurs more than once keeps its last
    /// entry (as Java's map keeps the last record); `overruled` is called with each earlier one.
    func buildIndex(overruled: (Int) -> Void) {
        var needed = 1024
        while needed < count * 2 + 2 { needed <<= 1 }
        if needed > capacity {
            index.deallocate()
            capacity = needed
            index = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
        }
        index.initialize(repeating: 0, count: capacity)
        for i in 0..<count {
            let e = self[i]
            let (slot, earlier) = probe(path(of: e), hash: e.pathHash)
            if let earlier { overruled(earlier) }
            index[slot] = (e.pathHash >> 32) << 32 | UInt64(i + 1)
        }
    }

    /// The entry for `path`; when there is none, one is added with `entry`'s fields.
    /// - Returns: the entry number and whether it was added.
    func findOrInsert(_ path: UnsafeRawBufferPointer, hash: UInt64, _ entry: NodeFingerprint) -> (Int, Bool) {
        if (count + 1) * 2 > capacity { grow() }
        let (slot, existing) = probe(path, hash: hash)
        if let existing { return (existing, false) }
        let i = add(path, hash: hash, entry)
        index[slot] = (hash >> 32) << 32 | UInt64(i + 1)
        return (i, true)
    }

    /// True when entry `i` is `path`'s.
    @inline(__always)
    func matches(_ i: Int, _ path: UnsafeRawBufferPointer, _ hash: UInt64) -> Bool {
        let e = self[i]
        guard e.pathHash == hash, Int(e.pathLength) == path.count else { return false }
        let stored = self.path(of: e)
        guard let a = stored.baseAddress, let b = path.baseAddress else { return true }
        return memcmp(a, b, path.count) == 0
    }

    /// The path bytes of an entry.
    func path(of e: NodeFingerprint) -> UnsafeRawBufferPointer {
        let chunk = Int(e.pathHandle >> 32)
        let offset = Int(e.pathHandle & 0xFFFF_FFFF)
        return UnsafeRawBufferPointer(start: arena[chunk] + offset, count: Int(e.pathLength))
    }

    // MARK: - Internals

    private func add(_ path: UnsafeRawBufferPointer, hash: UInt64, _ entry: NodeFingerprint) -> Int {
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
        return i
    }

    /// Doubles the index, placing each slot by its tag alone.
    private func grow() {
        let old = index
        let oldCapacity = capacity
        capacity *= 2
        index = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
        index.initialize(repeating: 0, count: capacity)
        let mask = capacity - 1
        for k in 0..<oldCapacity {
            let v = old[k]
            if v == 0 { continue }
            var slot = Int(truncatingIfNeeded: v >> 32) & mask
            while index[slot] != 0 { slot = (slot + 1) & mask }
            index[slot] = v
        }
        old.deallocate()
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
