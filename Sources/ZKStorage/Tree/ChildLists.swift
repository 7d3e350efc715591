/// Every node's children, in the order they joined the child set, with each node's name
/// length and Java hash: what the snapshot order reads for every node, gathered in two
/// sequential passes over the columns instead of one sibling link after another (each a cache
/// miss that waits for the one before).
///
/// Valid only while the store's child sets follow the ids (``NodeStore/childSetsFollowIds``):
/// a node's children are then the nodes whose parent it is, and ascending ids are the order
/// they were added in.
struct ChildLists {
    /// `children[start[n]..<start[n + 1]]` are node `n`'s children, oldest first.
    private var start: [Int32]
    private var children: [Int32]
    private var nameLengths: [Int32]
    private var nameHashes: [Int32]

    init?(_ store: NodeStore) {
        guard store.childSetsFollowIds else { return nil }
        let n = store.parentColumn.count
        var start = [Int32](repeating: 0, count: n + 1)
        var children = [Int32](repeating: 0, count: n)
        var nameLengths = [Int32](repeating: 0, count: n)
        var nameHashes = [Int32](repeating: 0, count: n)
        store.parentColumn.withUnsafeBufferPointer { parents in
            for i in 0..<n where parents[i] >= 0 { start[Int(parents[i]) + 1] &+= 1 }
            for i in 0..<n { start[i + 1] &+= start[i] }
            var next = start
            for i in 0..<n where parents[i] >= 0 {
                let p = Int(parents[i])
                children[Int(next[p])] = Int32(truncatingIfNeeded: i)
                next[p] &+= 1
            }
            store.names.withUnsafeBytes { arena in
                for i in 0..<n where parents[i] != NodeStore.freedParent {
                    let range = store.nameRange(Int32(truncatingIfNeeded: i))
                    nameLengths[i] = Int32(truncatingIfNeeded: range.count)
                    nameHashes[i] = JavaString.hashCode(canonical: UnsafeRawBufferPointer(rebasing: arena[range]))
                }
            }
        }
        self.start = start
        self.children = children
        self.nameLengths = nameLengths
        self.nameHashes = nameHashes
    }

    /// The length of the node's name.
    @inline(__always)
    func nameLength(_ node: Int32) -> Int { Int(nameLengths[Int(node)]) }

    /// ``NodeStore/childrenInJavaOrder(of:into:hashes:)`` from the lists.
    func childrenInJavaOrder(of node: Int32, in store: NodeStore, into kids: inout [Int32], hashes: inout [Int32]) {
        kids.removeAll(keepingCapacity: true)
        hashes.removeAll(keepingCapacity: true)
        let range = Int(start[Int(node)])..<Int(start[Int(node) + 1])
        guard !range.isEmpty else { return }
        guard range.count > 1 else {
            kids.append(children[range.lowerBound])
            return
        }
        for k in range {
            let child = children[k]
            kids.append(child)
            hashes.append(nameHashes[Int(child)])
        }
        store.orderInJava(node, kids: &kids, hashes: hashes)
    }
}
