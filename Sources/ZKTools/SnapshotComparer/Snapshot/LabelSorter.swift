internal import ZKStorage

/// Sorts nodes by label in `String.compareTo` order (`Collections.sort` with the comparer's
/// `AlphabeticComparator`; labels are unique, so stability does not matter).
///
/// Labels at one depth share long prefixes (`/services/svc-17/instances/...`), and comparing
/// whole labels would chase a pointer per comparison. Instead this is a most-significant-first
/// radix refinement: for a group of nodes, skip the bytes all of them share, sort
/// (next 8 bytes as a big-endian key, remaining length) pairs held in one contiguous array, and
/// refine each run of equal keys the same way further on.
enum LabelSorter {
    private struct Entry {
        var key: UInt64
        /// Bytes left at the key's offset, capped at 9 (9: the label continues past the key).
        var tail: UInt32
        var node: Int32
    }

    static func sort(_ ids: UnsafeMutableBufferPointer<Int32>, in tree: SnapshotTree) {
        let n = ids.count
        guard n > 1 else { return }
        let entries = UnsafeMutableBufferPointer<Entry>.allocate(capacity: n)
        defer { entries.deallocate() }
        for i in 0..<n { entries[i] = Entry(key: 0, tail: 0, node: ids[i]) }
        var work: [(start: Int, end: Int, offset: Int)] = [(0, n, 0)]
        while let (start, end, offset) = work.popLast() {
            var group = UnsafeMutableBufferPointer(rebasing: entries[start..<end])
            if group.count <= 12 {
                insertionSort(group, offset: offset, tree: tree)
                continue
            }
            let at = offset + commonPrefix(group, from: offset, tree: tree)
            for i in group.indices {
                let label = tree.label(group[i].node)
                group[i].key = key(label, at: at)
                group[i].tail = UInt32(min(max(label.count - at, 0), 9))
            }
            group.sort { $0.key != $1.key ? $0.key < $1.key : $0.tail < $1.tail }
            var i = 0
            while i < group.count {
                var j = i + 1
                while j < group.count && group[j].key == group[i].key && group[j].tail == group[i].tail { j += 1 }
                if j - i > 1 && group[i].tail == 9 { work.append((start + i, start + j, at + 8)) }
                i = j
            }
        }
        for i in 0..<n { ids[i] = entries[i].node }
    }

    /// How many bytes from `offset` on all labels of the group share.
    private static func commonPrefix(
        _ group: UnsafeMutableBufferPointer<Entry>,
        from offset: Int,
        tree: SnapshotTree
    )
        -> Int
    {
        let first = tree.label(group[0].node)
        guard first.count > offset, let pf = first.baseAddress else { return 0 }
        var lcp = first.count - offset
        for i in 1..<group.count where lcp > 0 {
            let other = tree.label(group[i].node)
            guard other.count > offset, let po = other.baseAddress else { return 0 }
            let limit = min(lcp, other.count - offset)
            var k = 0
            while k + 8 <= limit
                && pf.loadUnaligned(fromByteOffset: offset + k, as: UInt64.self)
                    == po.loadUnaligned(fromByteOffset: offset + k, as: UInt64.self)
            {
                k += 8
            }
            while k < limit
                && pf.load(fromByteOffset: offset + k, as: UInt8.self)
                    == po.load(fromByteOffset: offset + k, as: UInt8.self)
            {
                k += 1
            }
            lcp = k
        }
        return lcp
    }

    /// Up to 8 label bytes from `offset`, zero-padded, as a big-endian number in Java's order.
    @inline(__always)
    private static func key(_ label: UnsafeRawBufferPointer, at offset: Int) -> UInt64 {
        let available = label.count - offset
        guard available > 0, let p = label.baseAddress else { return 0 }
        var raw: UInt64 = 0
        if available >= 8 {
            raw = p.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        } else {
            withUnsafeMutableBytes(of: &raw) { dst in
                dst.baseAddress?.copyMemory(from: p + offset, byteCount: available)
            }
        }
        var key = UInt64(bigEndian: raw)
        if key & 0x8080_8080_8080_8080 != 0 {
            // Non-ASCII bytes: re-rank the lead bytes EE...F4 (rare).
            var ranked: UInt64 = 0
            for shift in stride(from: 56, through: 0, by: -8) {
                let b = UInt8(truncatingIfNeeded: key >> UInt64(shift))
                ranked |= UInt64(JavaString.compareRank(b)) << UInt64(shift)
            }
            key = ranked
        }
        return key
    }

    private static func insertionSort(
        _ group: UnsafeMutableBufferPointer<Entry>,
        offset: Int,
        tree: SnapshotTree
    ) {
        guard group.count > 1 else { return }
        for i in 1..<group.count {
            let e = group[i]
            let label = suffix(tree.label(e.node), offset)
            var j = i
            while j > 0 && JavaString.compare(canonical: label, suffix(tree.label(group[j - 1].node), offset)) < 0 {
                group[j] = group[j - 1]
                j -= 1
            }
            group[j] = e
        }
    }

    @inline(__always)
    private static func suffix(_ label: UnsafeRawBufferPointer, _ offset: Int) -> UnsafeRawBufferPointer {
        offset >= label.count
            ? UnsafeRawBufferPointer(start: nil, count: 0) : UnsafeRawBufferPointer(rebasing: label[offset...])
    }
}
