internal import Glibc

/// The hash index of a ``DataTree``: `(parent node, child name)` → child node, the role of
/// Java's `DataTree.nodes` map (a path is its parent's path plus a name, so one key per path).
///
/// Open addressing with linear probing in one `calloc` block. Each slot is one `UInt64`: the
/// key's 32-bit hash above, node + 1 below (0 = empty). The hash picks the slot (so growing
/// and removing never recompute a key) and screens out almost every non-matching probe
/// without touching the tree's columns. Load ≤ 0.8; removal shifts the following run back (no
/// tombstones), so lookups stay O(1) under any mix of inserts and removals. 10–20 bytes per
/// node. The owner frees the table (``release()``): copies share it.
@usableFromInline
struct ChildIndex {
    @usableFromInline var slots: UnsafeMutablePointer<UInt64>
    @usableFromInline var mask: Int
    private(set) var count = 0

    init(capacity: Int = 16) {
        var size = 1024
        while size * 4 < capacity * 5 { size <<= 1 }
        mask = size - 1
        slots = ChildIndex.allocate(size)
    }

    /// Frees the table (called once, by the tree's `deinit`).
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
        guard let p = calloc(n, MemoryLayout<UInt64>.stride) else { fatalError("out of memory") }
        return p.bindMemory(to: UInt64.self, capacity: n)
    }

    /// The key's hash: the parent and the name's Java `hashCode`, mixed.
    @inline(__always)
    static func hash(parent: Int32, nameHash: Int32) -> UInt64 {
        var h = UInt64(UInt32(bitPattern: parent)) << 32 | UInt64(UInt32(bitPattern: nameHash))
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h &*= 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
    }

    @inline(__always)
    private func home(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: hash >> 32) & mask }

    @inline(__always)
    private static func tag(_ hash: UInt64) -> UInt64 { hash & 0xFFFF_FFFF_0000_0000 }

    /// The node stored under `hash` for which `matches` holds.
    @inline(__always)
    func find(hash: UInt64, matches: (Int32) -> Bool) -> Int32? {
        let tag = ChildIndex.tag(hash)
        var i = home(hash)
        while true {
            let slot = slots[i]
            if slot == 0 { return nil }
            if slot & 0xFFFF_FFFF_0000_0000 == tag {
                let node = Int32(truncatingIfNeeded: (slot & 0xFFFF_FFFF) &- 1)
                if matches(node) { return node }
            }
            i = (i &+ 1) & mask
        }
    }

    /// The address of the slot where a lookup of `hash` starts (to prefetch).
    @inline(__always)
    func homeSlot(_ hash: UInt64) -> UnsafeRawPointer { UnsafeRawPointer(slots + home(hash)) }

    /// The first node stored under `hash`'s tag in its probe run, unchecked (a guess, for
    /// prefetching): nil when the run has none.
    @inline(__always)
    func firstCandidate(_ hash: UInt64) -> Int32? {
        let tag = ChildIndex.tag(hash)
        var i = home(hash)
        while true {
            let slot = slots[i]
            if slot == 0 { return nil }
            if slot & 0xFFFF_FFFF_0000_0000 == tag { return Int32(truncatingIfNeeded: (slot & 0xFFFF_FFFF) &- 1) }
            i = (i &+ 1) & mask
        }
    }

    /// Adds `node` under `hash` (the caller knows the key is absent).
    @inline(__always)
    mutating func insert(_ node: Int32, hash: UInt64) {
        if (count &+ 1) * 5 > (mask &+ 1) * 4 { grow() }
        place(UInt64(UInt32(bitPattern: node)) &+ 1 | ChildIndex.tag(hash), hash: hash)
        count &+= 1
    }

    @inline(__always)
    private func place(_ slot: UInt64, hash: UInt64) {
        var i = home(hash)
        while slots[i] != 0 { i = (i &+ 1) & mask }
        slots[i] = slot
    }

    /// Makes room for `n` keys in all (a loader's hint).
    mutating func reserve(_ n: Int) {
        while n * 5 > (mask + 1) * 4 { grow() }
    }

    private mutating func grow() {
        let old = slots
        let oldSize = mask + 1
        mask = oldSize * 2 - 1
        slots = ChildIndex.allocate(oldSize * 2)
        for i in 0..<oldSize where old[i] != 0 {
            place(old[i], hash: old[i])
        }
        free(old)
    }

    /// Removes `node`, stored under `hash`; then moves later entries of the probe run back
    /// into the gap (backward-shift deletion).
    mutating func remove(_ node: Int32, hash: UInt64) {
        let wanted = UInt64(UInt32(bitPattern: node)) &+ 1
        var i = home(hash)
        while slots[i] != 0 && slots[i] & 0xFFFF_FFFF != wanted { i = (i &+ 1) & mask }
        guard slots[i] != 0 else { return }
        slots[i] = 0
        count -= 1
        var gap = i
        var j = (i + 1) & mask
        while slots[j] != 0 {
            let h = home(slots[j])
            // Move slot j into the gap unless its home lies cyclically in (gap, j].
            let inRange = gap <= j ? (h > gap && h <= j) : (h > gap || h <= j)
            if !inRange {
                slots[gap] = slots[j]
                slots[j] = 0
                gap = j
            }
            j = (j + 1) & mask
        }
    }
}
