internal import Glibc

/// An open-addressing hash table from a label (a node's path as a Java string in UTF-8 form) to
/// its node, the role of Java's `nodes` map (`DataTree`) and `nodesByName` (the comparer).
///
/// Each slot is one `UInt64`: the low 32 bits of the key's hash above, node index + 1 below
/// (0 = empty). The stored hash bits pick the slot again on growth, and they screen out almost
/// every non-matching probe without touching the label bytes. Linear probing, load ≤ 0.7:
/// 12–23 bytes per node.
struct LabelIndex {
    private var slots: UnsafeMutablePointer<UInt64>
    private var mask: Int
    private(set) var count = 0

    init() {
        mask = 1023
        slots = LabelIndex.allocate(mask + 1)
    }

    /// Frees the table (the struct is owned by a class that calls this from `deinit`).
    func release() {
        free(slots)
    }

    /// Zeroed slots. Big tables are 2 MiB aligned and asked for transparent huge pages: every
    /// probe is a random access, and with 4 KiB pages each one would also miss the TLB.
    private static func allocate(_ n: Int) -> UnsafeMutablePointer<UInt64> {
        let bytes = n * MemoryLayout<UInt64>.stride
        let huge = 2 << 20
        var raw: UnsafeMutableRawPointer?
        if bytes >= huge, posix_memalign(&raw, huge, bytes) == 0, let p = raw {
            _ = madvise(p, bytes, Int32(MADV_HUGEPAGE))
            memset(p, 0, bytes)
            return p.bindMemory(to: UInt64.self, capacity: n)
        }
        guard let p = calloc(n, MemoryLayout<UInt64>.stride) else { outOfMemory() }
        return p.bindMemory(to: UInt64.self, capacity: n)
    }

    /// Hash of a label. Any good 64-bit mix will do; this one reads eight bytes at a time.
    @inline(__always)
    static func hash(_ key: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: key.count)
        guard let p = key.baseAddress else { return mix(h) }
        let n = key.count
        var i = 0
        while i + 8 <= n {
            let w = p.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ w) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 31
            i += 8
        }
        if i < n {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < n {
                tail |= UInt64(p.load(fromByteOffset: i, as: UInt8.self)) << shift
                shift += 8
                i += 1
            }
            h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        }
        return mix(h)
    }

    @inline(__always)
    private static func mix(_ x: UInt64) -> UInt64 {
        var h = x
        h ^= h >> 33
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h = h &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
    }

    /// The node whose label is `key`, or nil. `label(node)` gives a node's label bytes.
    @inline(__always)
    func find(
        _ key: UnsafeRawBufferPointer,
        hash: UInt64,
        label: (Int32) -> UnsafeRawBufferPointer
    ) -> Int32? {
        let tag = UInt64(truncatingIfNeeded: UInt32(truncatingIfNeeded: hash))
        var i = Int(truncatingIfNeeded: tag) & mask
        while true {
            let s = slots[i]
            if s == 0 { return nil }
            if s >> 32 == tag {
                let node = Int32(truncatingIfNeeded: s & 0xFFFF_FFFF) - 1
                if LabelIndex.equal(label(node), key) { return node }
            }
            i = (i + 1) & mask
        }
    }

    /// The first slot `hash` probes (its value only matters as a memory access).
    @inline(__always)
    func peek(_ hash: UInt64) -> UInt64 {
        slots[Int(truncatingIfNeeded: UInt32(truncatingIfNeeded: hash)) & mask]
    }

    /// Adds `node` under `hash`; the caller has checked that its label is not present.
    mutating func insert(_ node: Int32, hash: UInt64) {
        if (count + 1) * 10 > (mask + 1) * 7 { grow() }
        let tag = UInt64(truncatingIfNeeded: UInt32(truncatingIfNeeded: hash))
        place(tag << 32 | UInt64(UInt32(bitPattern: node + 1)))
        count += 1
    }

    @inline(__always)
    private func place(_ entry: UInt64) {
        var i = Int(truncatingIfNeeded: entry >> 32) & mask
        while slots[i] != 0 { i = (i + 1) & mask }
        slots[i] = entry
    }

    private mutating func grow() {
        let old = slots
        let oldCount = mask + 1
        mask = oldCount * 2 - 1
        slots = LabelIndex.allocate(mask + 1)
        for i in 0..<oldCount where old[i] != 0 { place(old[i]) }
        free(old)
    }

    @inline(__always)
    static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        guard a.count > 0, let pa = a.baseAddress, let pb = b.baseAddress else { return true }
        return memcmp(pa, pb, a.count) == 0
    }
}
