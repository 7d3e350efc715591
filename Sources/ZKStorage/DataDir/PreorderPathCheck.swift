internal import Glibc

/// `DataTree.deserialize`'s parent check ("Invalid Datatree") and its node count, for a
/// snapshot read as a stream, without building the tree.
///
/// ZooKeeper writes nodes in pre-order, each path once. While the records keep to that, the
/// paths seen so far form a tree, and a record's parent has been seen exactly when its path is
/// on the previous record's chain of ancestors (one `memcmp`). A path repeated under the same
/// parent is caught by the parent's set of 64-bit child-name hashes: the parent has been on the
/// chain since its own record, so all its children so far are in the set.
///
/// Anything else — a parent off the chain (out of order, or missing), a second root, a repeated
/// child name (or a hash collision), a path that is not canonical UTF-8 — makes the check
/// ``Outcome/irregular``: the caller then loads the file into a ``DataTree``
/// (``DataTreeLoader``), whose answer is exact in every case. A snapshot the check accepts
/// loads in Java with `nodeCount` distinct paths.
struct PreorderPathCheck {
    enum Outcome {
        /// Every record so far has its parent; `nodeCount` distinct paths.
        case regular
        /// Only a full tree load can tell.
        case irregular
    }

    /// Records accepted so far (all distinct paths).
    private(set) var nodeCount = 0
    private(set) var outcome = Outcome.regular
    /// The previous record's path; `chain` holds the lengths of its ancestors' paths and its own
    /// (level 0: the root).
    private var previous: [UInt8] = []
    private var chain: [Int] = []
    /// For each chain level, the hashes of the child names added to that node.
    private var children: [ChildNameSet] = []

    init() {
        previous.reserveCapacity(4096)
    }

    /// Checks one record's path; once irregular, further records are ignored.
    mutating func add(path: UnsafeRawBufferPointer) {
        guard case .regular = outcome else { return }
        guard JavaString.isCanonical(path), nodeCount < Int(Int32.max) - 3 else {
            outcome = .irregular
            return
        }
        var lastSlash = path.count - 1
        while lastSlash >= 0 && path[lastSlash] != UInt8(ascii: "/") { lastSlash -= 1 }
        if lastSlash < 0 {
            // The root (Java: a path without "/"); a second one is not what ZooKeeper writes.
            guard nodeCount == 0 else {
                outcome = .irregular
                return
            }
            truncateChain(to: 0)
        } else {
            let level = parentLevel(path, parentLength: lastSlash)
            guard level >= 0 else {
                outcome = .irregular
                return
            }
            truncateChain(to: level + 1)
            let name = UnsafeRawBufferPointer(rebasing: path[(lastSlash + 1)...])
            guard children[level].insert(NameHash.of(name)) else {
                outcome = .irregular
                return
            }
        }
        chain.append(path.count)
        if children.count < chain.count { children.append(ChildNameSet()) }
        previous.removeAll(keepingCapacity: true)
        previous.append(contentsOf: path)
        nodeCount += 1
    }

    /// The chain level whose path is `path`'s first `parentLength` bytes, or -1.
    @inline(__always)
    private func parentLevel(_ path: UnsafeRawBufferPointer, parentLength: Int) -> Int {
        guard parentLength <= previous.count else { return -1 }
        var j = chain.count - 1
        while j >= 0 && chain[j] > parentLength { j -= 1 }
        guard j >= 0, chain[j] == parentLength else { return -1 }
        let same = previous.withUnsafeBytes { prev in
            guard parentLength > 0, let a = prev.baseAddress, let b = path.baseAddress else { return true }
            return memcmp(a, b, parentLength) == 0
        }
        return same ? j : -1
    }

    @inline(__always)
    private mutating func truncateChain(to count: Int) {
        guard chain.count > count else { return }
        for k in count..<chain.count { children[k].clear() }
        chain.removeLast(chain.count - count)
    }
}

/// One node's child-name hashes: open addressing over `UInt64`s, 0 meaning empty (a hash of 0
/// is stored as 1).
private struct ChildNameSet {
    private var slots = [UInt64](repeating: 0, count: 16)
    private var count = 0

    /// Adds `hash`; false when it was there already.
    @inline(__always)
    mutating func insert(_ hash: UInt64) -> Bool {
        let key = hash == 0 ? 1 : hash
        if (count &+ 1) &* 2 > slots.count { grow() }
        let mask = slots.count &- 1
        var i = Int(truncatingIfNeeded: key >> 7) & mask
        while slots[i] != 0 {
            if slots[i] == key { return false }
            i = (i &+ 1) & mask
        }
        slots[i] = key
        count &+= 1
        return true
    }

    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: old.count * 2)
        count = 0
        for key in old where key != 0 { _ = insert(key) }
    }

    /// Empties the set; a large table is dropped rather than cleared slot by slot.
    @inline(__always)
    mutating func clear() {
        guard count > 0 else { return }
        if slots.count <= 64 {
            for i in slots.indices { slots[i] = 0 }
        } else {
            slots = [UInt64](repeating: 0, count: 16)
        }
        count = 0
    }
}
