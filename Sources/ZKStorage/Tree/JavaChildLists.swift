/// Every node's child set in `HashSet<String>(8)` iteration order, built in bulk (what a printer
/// of the whole tree needs): the lists ``NodeStore/childrenInJavaOrder(of:into:hashes:)`` gives
/// node by node, in one compressed-sparse-row layout:
///
///     start  [Int32]  idLimit + 1 entries: node n's children are children[start[n]..<start[n+1]]
///     children [Int32]  every child set, one after the other, each in Java order
///
/// Building is two sequential passes over the parent column when each child set lists its
/// children in id order (a tree as loaded, or grown by appends only), else one walk of each
/// set; then each list of two or more is put in Java order. A snapshot of the tree: it does not
/// follow later mutations.
public struct JavaChildLists {
    @usableFromInline let start: [Int32]
    @usableFromInline let children: [Int32]

    /// The children of `node` in Java iteration order.
    @inlinable
    public func children(of node: Int32) -> ArraySlice<Int32> {
        children[Int(start[Int(node)])..<Int(start[Int(node) &+ 1])]
    }

    /// The range of `node`'s children in ``all``.
    @inlinable
    public func range(of node: Int32) -> Range<Int> {
        Int(start[Int(node)])..<Int(start[Int(node) &+ 1])
    }

    /// Every child list, one after the other (see ``range(of:)``).
    @inlinable
    public var all: [Int32] { children }

    init(_ store: NodeStore) {
        let n = store.parentColumn.count
        var start = [Int32](repeating: 0, count: n &+ 1)
        var children: [Int32]
        if store.childLinksFollowIds {
            // Counting sort of the live non-root ids by parent; ids ascend within each list.
            store.parentColumn.withUnsafeBufferPointer { parent in
                start.withUnsafeMutableBufferPointer { start in
                    for p in parent where p >= 0 { start[Int(p) &+ 1] &+= 1 }
                    for i in 0..<n { start[i &+ 1] &+= start[i] }
                }
            }
            let total = Int(start[n])
            children = [Int32](unsafeUninitializedCapacity: total) { out, initialized in
                store.parentColumn.withUnsafeBufferPointer { parent in
                    start.withUnsafeMutableBufferPointer { start in
                        // start[p] serves as p's fill cursor, then is shifted back.
                        for i in 0..<n {
                            let p = Int(parent[i])
                            if p >= 0 {
                                out[Int(start[p])] = Int32(truncatingIfNeeded: i)
                                start[p] &+= 1
                            }
                        }
                        var k = n
                        while k > 0 {
                            start[k] = start[k &- 1]
                            k &-= 1
                        }
                        start[0] = 0
                    }
                }
                initialized = total
            }
        } else {
            children = []
            children.reserveCapacity(store.nodeCount)
            for p in 0..<n {
                start[p] = Int32(truncatingIfNeeded: children.count)
                guard store.parentColumn[p] != -2 else { continue }
                let first = children.count
                var c = store.firstChild[p]
                while c >= 0 {
                    children.append(c)
                    c = store.nextSibling[Int(c)]
                }
                children[first...].reverse()
            }
            start[n] = Int32(truncatingIfNeeded: children.count)
        }
        Self.order(&children, start: start, store: store)
        self.start = start
        self.children = children
    }

    /// A set of at most 8 distinct names in a fresh `HashSet(8)`: no bucket can reach the
    /// treeify threshold, so the order is a stable sort by bucket in the final capacity (8,
    /// or 16 after the resize at the 7th put) — ``JavaHashOrder``'s fast path, without its
    /// allocations.
    @inline(__always)
    private static func smallOrder(
        _ children: UnsafeMutableBufferPointer<Int32>,
        _ lo: Int,
        _ hi: Int,
        _ arena: UnsafeRawBufferPointer,
        _ store: NodeStore
    ) {
        let mask: UInt32 = hi &- lo <= 6 ? 7 : 15
        var buckets: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &buckets) { raw in
            let bucket = raw.bindMemory(to: UInt32.self)
            for k in lo..<hi {
                let h = UInt32(
                    bitPattern: JavaString.hashCode(
                        canonical: UnsafeRawBufferPointer(rebasing: arena[store.nameRange(children[k])])
                    )
                )
                let b = (h ^ (h >> 16)) & mask
                let c = children[k]
                var j = k &- lo
                while j > 0 && bucket[j &- 1] > b {
                    bucket[j] = bucket[j &- 1]
                    children[lo &+ j] = children[lo &+ j &- 1]
                    j &-= 1
                }
                bucket[j] = b
                children[lo &+ j] = c
            }
        }
    }

    /// Puts each list (in insertion order) into Java order, in place.
    private static func order(_ children: inout [Int32], start: [Int32], store: NodeStore) {
        var hashes: [Int32] = []
        var segment: [Int32] = []
        store.names.withUnsafeBytes { arena in
            children.withUnsafeMutableBufferPointer { children in
                for p in 0..<(start.count &- 1) {
                    let lo = Int(start[p])
                    let hi = Int(start[p &+ 1])
                    if hi &- lo < 2 { continue }
                    var capacity = 8
                    if !store.childPeak.isEmpty, let peak = store.childPeak[Int32(truncatingIfNeeded: p)] {
                        capacity = JavaHashOrder.capacity(afterPuts: Int(peak), initialCapacity: 8)
                    }
                    if capacity == 8 && hi &- lo <= 8 {
                        smallOrder(children, lo, hi, arena, store)
                        continue
                    }
                    segment.removeAll(keepingCapacity: true)
                    hashes.removeAll(keepingCapacity: true)
                    for k in lo..<hi {
                        let c = children[k]
                        segment.append(c)
                        hashes.append(
                            JavaString.hashCode(canonical: UnsafeRawBufferPointer(rebasing: arena[store.nameRange(c)]))
                        )
                    }
                    let order = hashes.withUnsafeBufferPointer { h in
                        JavaHashOrder.order(
                            hashCodes: h,
                            initialCapacity: capacity,
                            isSameKey: { segment[$0] == segment[$1] },
                            compareKeys: {
                                JavaString.compare(
                                    canonical: UnsafeRawBufferPointer(rebasing: arena[store.nameRange(segment[$0])]),
                                    UnsafeRawBufferPointer(rebasing: arena[store.nameRange(segment[$1])])
                                )
                            }
                        )
                    }
                    for (k, i) in order.enumerated() { children[lo &+ k] = segment[i] }
                }
            }
        }
    }
}
