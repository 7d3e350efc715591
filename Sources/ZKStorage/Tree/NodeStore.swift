/// The columns of a ``DataTree`` and its ``ChildIndex`` (layout in ``DataTree``'s
/// documentation), as a value: a loader fills a local copy and printers read one, without the
/// exclusivity checks every access to a class's stored property costs. The arrays are shared,
/// not copied, until someone writes to a copy.
///
/// Node ids are trusted: they come from this store, never from input data.
public struct NodeStore {
    public let keepsStats: Bool
    public let keepsData: Bool
    public let keepsACLs: Bool

    @usableFromInline var nameStart = Column<Int>()
    @usableFromInline var parentColumn = Column<Int32>()
    @usableFromInline var firstChild = Column<Int32>()
    @usableFromInline var nextSibling = Column<Int32>()
    /// Built on the first deletion (loading and reading never need it).
    @usableFromInline var prevSibling = Column<Int32>()
    @usableFromInline var dataLengthColumn = Column<Int32>()
    @usableFromInline var dataStart = Column<Int>()
    @usableFromInline var stats = Column<StatPersisted>()
    @usableFromInline var aclRefs = Column<Int64>()
    /// Names, each after its length byte(s).
    @usableFromInline var names = Column<UInt8>()
    /// Data bytes: node data, or only data set after loading when ``mappedData`` holds the rest.
    @usableFromInline var dataArena = Column<UInt8>()
    /// Data read in place from a mapped plain snapshot: `dataStart >= 0` is an offset in it,
    /// `dataStart < 0` is `~offset` in ``dataArena``.
    @usableFromInline var mappedData: MappedFile?

    @usableFromInline var index = ChildIndex()
    /// Child-set sizes reached before a deletion (sparse): Java's table keeps its capacity.
    @usableFromInline var childPeak: [Int32: Int32] = [:]
    /// Whether ``index`` holds every node. A loader leaves it unbuilt for a tree loaded in
    /// pre-order without repeated paths (lookups then walk child sets, see
    /// ``scanChildren(of:named:)``); mutations build it first.
    @usableFromInline var indexed = true
    /// The nodes whose path has no `/`, in creation order.
    @usableFromInline var rootNodes: [Int32] = []
    /// Freed ids, chained through `nextSibling`.
    @usableFromInline var freeHead: Int32 = -1
    /// The parent of a freed id.
    static let freedParent: Int32 = -2
    /// Whether every node with a parent is in its parent's child set, and every child set is
    /// linked newest first in descending ids (so ascending ids are the order the children were
    /// added in: ``ChildLists``). A reused id or a relinked or detached node ends it.
    var childSetsFollowIds = true
    /// Live nodes.
    public internal(set) var nodeCount = 0

    init(options: DataTree.Options) {
        keepsStats = options.keepsStats
        keepsData = options.keepsData
        keepsACLs = options.keepsACLs
    }

    /// The node's stat (zeros when stats are not kept).
    @inlinable
    public func stat(_ node: Int32) -> StatPersisted {
        keepsStats ? stats[Int(node)] : StatPersisted()
    }

    // MARK: - Names and paths

    /// The name's range in ``nameBytes``.
    @inlinable @inline(__always)
    public func nameRange(_ node: Int32) -> Range<Int> {
        let s = nameStart[Int(node)]
        let b = names[s]
        if b < 255 { return (s &+ 1)..<(s &+ 1 &+ Int(b)) }
        var n = 0
        for k in 0..<4 { n |= Int(names[s &+ 1 &+ k]) << (8 * k) }
        return (s &+ 5)..<(s &+ 5 &+ n)
    }

    /// The arena holding every name (see ``nameRange(_:)``).
    @inlinable
    public var nameBytes: Column<UInt8> { names }

    /// The node's name: its last path component (the whole path for a root).
    public func name(_ node: Int32) -> [UInt8] { Array(names[nameRange(node)]) }

    /// Calls `body` with the node's name bytes.
    @inlinable
    public func withName<R>(_ node: Int32, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let range = nameRange(node)
        return try names.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[range])) }
    }

    /// The node's parent; -1 for a root.
    @inlinable
    public func parent(_ node: Int32) -> Int32 { parentColumn[Int(node)] }

    /// The node's full path as Java keys it (`""` for the root, never `"/"`).
    public func path(_ node: Int32) -> [UInt8] {
        var chain: [Int32] = []
        var p = node
        while p >= 0 {
            chain.append(p)
            p = parentColumn[Int(p)]
        }
        var path: [UInt8] = []
        for (k, n) in chain.reversed().enumerated() {
            if k > 0 { path.append(UInt8(ascii: "/")) }
            path.append(contentsOf: names[nameRange(n)])
        }
        return path
    }

    /// Calls `body` for every live node, in id order (load order for a loaded tree).
    public func forEachNode(_ body: (Int32) throws -> Void) rethrows {
        for i in 0..<parentColumn.count where parentColumn[i] != Self.freedParent {
            try body(Int32(truncatingIfNeeded: i))
        }
    }

    /// Whether `node` is a live node id.
    public func isLive(_ node: Int32) -> Bool {
        node >= 0 && Int(node) < parentColumn.count && parentColumn[Int(node)] != Self.freedParent
    }

    /// The child of `parent` (-1: the roots) named `name` (canonical bytes).
    @inlinable
    public func child(of parent: Int32, named name: UnsafeRawBufferPointer) -> Int32? {
        child(of: parent, named: name, nameHash: JavaString.hashCode(canonical: name))
    }

    @usableFromInline
    func child(of parent: Int32, named name: UnsafeRawBufferPointer, nameHash: Int32) -> Int32? {
        guard indexed else { return scanChildren(of: parent, named: name) }
        let hash = ChildIndex.hash(parent: parent, nameHash: nameHash)
        return names.withUnsafeBytes { arena in
            index.find(hash: hash) { n in
                parentColumn[Int(n)] == parent && nameEquals(n, name, arena)
            }
        }
    }

    /// The child named `name` found by walking the child set (or the roots): what lookups do
    /// before the index is built. Exact then, as every node is in its parent's child set.
    func scanChildren(of parent: Int32, named name: UnsafeRawBufferPointer) -> Int32? {
        names.withUnsafeBytes { arena in
            if parent < 0 {
                return rootNodes.last { nameEquals($0, name, arena) }
            }
            var c = firstChild[Int(parent)]
            while c >= 0 {
                if nameEquals(c, name, arena) { return c }
                c = nextSibling[Int(c)]
            }
            return nil
        }
    }

    /// Builds the index over every live node (a loaded tree's first mutation, or a load that
    /// leaves pre-order); from then on it is kept up to date.
    mutating func buildIndex() {
        guard !indexed else { return }
        index.release()
        index = ChildIndex(capacity: max(nodeCount, 16))
        for i in 0..<parentColumn.count where parentColumn[i] != Self.freedParent {
            let node = Int32(truncatingIfNeeded: i)
            index.insert(node, hash: keyHash(node))
        }
        indexed = true
    }

    @usableFromInline
    @inline(__always)
    func nameEquals(_ node: Int32, _ name: UnsafeRawBufferPointer, _ arena: UnsafeRawBufferPointer) -> Bool {
        let range = nameRange(node)
        guard range.count == name.count else { return false }
        guard let a = arena.baseAddress, let b = name.baseAddress, !range.isEmpty else { return true }
        return memcmpEqual(a + range.lowerBound, b, range.count)
    }

    /// The node of a canonical path, component by component from the roots (no `"/"` alias:
    /// the loader's `nodes.get`, before Java stores the root under `"/"`).
    public func resolve(_ path: UnsafeRawBufferPointer) -> Int32? {
        var start = 0
        var current: Int32 = -1
        while true {
            var end = start
            while end < path.count && path[end] != UInt8(ascii: "/") { end += 1 }
            guard let next = child(of: current, named: UnsafeRawBufferPointer(rebasing: path[start..<end])) else {
                return nil
            }
            current = next
            if end == path.count { return current }
            start = end + 1
        }
    }

    /// The number of nodes in the node's child set.
    public func childCount(_ node: Int32) -> Int {
        var n = 0
        var c = firstChild[Int(node)]
        while c >= 0 {
            n += 1
            c = nextSibling[Int(c)]
        }
        return n
    }

    /// Whether the node's child set is empty.
    @inlinable
    public func hasChildren(_ node: Int32) -> Bool { firstChild[Int(node)] >= 0 }

    /// Calls `body` for each child, newest first (use ``childrenInJavaOrder(of:)`` to print).
    @inlinable
    public func forEachChild(of node: Int32, _ body: (Int32) throws -> Void) rethrows {
        var c = firstChild[Int(node)]
        while c >= 0 {
            let next = nextSibling[Int(c)]
            try body(c)
            c = next
        }
    }

    /// Data length as Java counts it; -1 for null data.
    @inlinable
    public func dataLength(_ node: Int32) -> Int32 { dataLengthColumn[Int(node)] }

    /// Calls `body` with the node's data (empty for null data, or when data is not kept).
    @inlinable
    public func withData<R>(_ node: Int32, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let length = Int(dataLengthColumn[Int(node)])
        guard keepsData, length > 0 else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return try withData(start: dataStart[Int(node)], length: length, body)
    }

    @usableFromInline
    func withData<R>(start: Int, length: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        if start >= 0, let mappedData {
            return try body(UnsafeRawBufferPointer(rebasing: mappedData.bytes[start..<(start + length)]))
        }
        let s = start >= 0 ? start : ~start
        return try dataArena.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[s..<(s + length)])) }
    }

    @inline(__always)
    func keyHash(_ node: Int32) -> UInt64 {
        let range = nameRange(node)
        let h = names.withUnsafeBytes { JavaString.hashCode(canonical: UnsafeRawBufferPointer(rebasing: $0[range])) }
        return ChildIndex.hash(parent: parentColumn[Int(node)], nameHash: h)
    }

    /// A new id with its name and parent set and indexed; other columns to be set.
    @inline(__always)
    mutating func appendNode(parent: Int32, name: UnsafeRawBufferPointer, nameHash: Int32) -> Int32 {
        let start = names.count
        if name.count < 255 {
            names.append(UInt8(truncatingIfNeeded: name.count))
        } else {
            names.append(255)
            for k in 0..<4 { names.append(UInt8(truncatingIfNeeded: name.count >> (8 * k))) }
        }
        names.append(contentsOf: name)
        let node: Int32
        if freeHead >= 0 {
            node = freeHead
            freeHead = nextSibling[Int(node)]
            nameStart[Int(node)] = start
            parentColumn[Int(node)] = parent
            firstChild[Int(node)] = -1
            nextSibling[Int(node)] = -1
            if !prevSibling.isEmpty { prevSibling[Int(node)] = -1 }
        } else {
            node = Int32(truncatingIfNeeded: parentColumn.count)
            nameStart.append(start)
            parentColumn.append(parent)
            firstChild.append(-1)
            nextSibling.append(-1)
            if !prevSibling.isEmpty { prevSibling.append(-1) }
            dataLengthColumn.append(-1)
            if keepsData { dataStart.append(0) }
            if keepsStats { stats.append(StatPersisted()) }
            if keepsACLs { aclRefs.append(-1) }
        }
        if indexed { index.insert(node, hash: ChildIndex.hash(parent: parent, nameHash: nameHash)) }
        if parent < 0 { rootNodes.append(node) }
        nodeCount += 1
        return node
    }

    /// A loader's new node under `parent` with every column given, linked as its newest
    /// child: one append per column. Only for a tree without free ids and without the index.
    @inline(__always)
    mutating func appendLoadedNode(
        parent: Int32,
        name: UnsafeRawBufferPointer,
        dataLength: Int32,
        dataOffset: Int,
        stat: StatPersisted,
        aclRef: Int64
    ) -> Int32 {
        let node = Int32(truncatingIfNeeded: parentColumn.count)
        nameStart.append(names.count)
        if name.count < 255 {
            names.append(UInt8(truncatingIfNeeded: name.count))
        } else {
            names.append(255)
            for k in 0..<4 { names.append(UInt8(truncatingIfNeeded: name.count >> (8 * k))) }
        }
        if let p = name.baseAddress, name.count > 0 {
            names.append(
                contentsOf: UnsafeBufferPointer(start: p.assumingMemoryBound(to: UInt8.self), count: name.count)
            )
        }
        parentColumn.append(parent)
        firstChild.append(-1)
        nextSibling.append(firstChild[Int(parent)])
        if !prevSibling.isEmpty {
            prevSibling.append(-1)
            let head = firstChild[Int(parent)]
            if head >= 0 { prevSibling[Int(head)] = node }
        }
        firstChild[Int(parent)] = node
        dataLengthColumn.append(dataLength)
        if keepsData { dataStart.append(dataOffset) }
        if keepsStats { stats.append(stat) }
        if keepsACLs { aclRefs.append(aclRef) }
        nodeCount &+= 1
        return node
    }

    @inline(__always)
    mutating func setColumns(_ node: Int32, dataLength: Int32, stat: StatPersisted, aclRef: Int64) {
        dataLengthColumn[Int(node)] = dataLength
        if keepsStats { stats[Int(node)] = stat }
        if keepsACLs { aclRefs[Int(node)] = aclRef }
    }

    /// Adds `node` to `parent`'s child set (as the newest).
    @inline(__always)
    mutating func link(_ node: Int32, to parent: Int32) {
        let head = firstChild[Int(parent)]
        if head > node { childSetsFollowIds = false }
        nextSibling[Int(node)] = head
        if !prevSibling.isEmpty {
            prevSibling[Int(node)] = -1
            if head >= 0 { prevSibling[Int(head)] = node }
        }
        firstChild[Int(parent)] = node
    }

    /// Whether `node` is in its parent's child set (a replaced parent's old children are not).
    mutating func inChildSet(_ node: Int32) -> Bool {
        let parent = parentColumn[Int(node)]
        guard parent >= 0 else { return false }
        buildPrevSiblings()
        return firstChild[Int(parent)] == node || prevSibling[Int(node)] >= 0
    }

    private mutating func buildPrevSiblings() {
        guard prevSibling.isEmpty else { return }
        prevSibling = Column(repeating: -1, count: parentColumn.count)
        for p in 0..<parentColumn.count where parentColumn[p] != Self.freedParent {
            var c = firstChild[p]
            var previous: Int32 = -1
            while c >= 0 {
                prevSibling[Int(c)] = previous
                previous = c
                c = nextSibling[Int(c)]
            }
        }
    }

    mutating func unlink(_ node: Int32, from parent: Int32) {
        buildPrevSiblings()
        let prev = prevSibling[Int(node)]
        let next = nextSibling[Int(node)]
        if prev >= 0 { nextSibling[Int(prev)] = next } else { firstChild[Int(parent)] = next }
        if next >= 0 { prevSibling[Int(next)] = prev }
        nextSibling[Int(node)] = -1
        prevSibling[Int(node)] = -1
    }

    /// Empties the node's child set (a repeated path: Java's fresh `DataNode`). The children
    /// keep their parent link, so they stay reachable by path.
    mutating func detachChildren(_ node: Int32) {
        childSetsFollowIds = false
        var c = firstChild[Int(node)]
        firstChild[Int(node)] = -1
        while c >= 0 {
            let next = nextSibling[Int(c)]
            nextSibling[Int(c)] = -1
            if !prevSibling.isEmpty { prevSibling[Int(c)] = -1 }
            c = next
        }
    }

    /// Presizes the columns for about `nodes` nodes and `nameBytes` of names.
    mutating func reserve(nodes: Int, nameBytes: Int, dataBytes: Int) {
        nameStart.reserveCapacity(nodes)
        parentColumn.reserveCapacity(nodes)
        firstChild.reserveCapacity(nodes)
        nextSibling.reserveCapacity(nodes)
        dataLengthColumn.reserveCapacity(nodes)
        if keepsStats { stats.reserveCapacity(nodes) }
        if keepsACLs { aclRefs.reserveCapacity(nodes) }
        if keepsData {
            dataStart.reserveCapacity(nodes)
            dataArena.reserveCapacity(dataBytes)
        }
        names.reserveCapacity(nameBytes)
    }

    /// The children in the iteration order of the node's `HashSet<String>(8)`, into reused
    /// buffers (printers call it once per node).
    public func childrenInJavaOrder(of node: Int32, into kids: inout [Int32], hashes: inout [Int32]) {
        kids.removeAll(keepingCapacity: true)
        hashes.removeAll(keepingCapacity: true)
        var c = firstChild[Int(node)]
        guard c >= 0 else { return }
        guard nextSibling[Int(c)] >= 0 else {
            kids.append(c)
            return
        }
        // One pass collects the children and hashes their names: the name work overlaps the
        // wait for the next sibling link (siblings with subtrees are far apart in the columns).
        names.withUnsafeBytes { arena in
            nextSibling.withUnsafeBufferPointer { next in
                while c >= 0 {
                    kids.append(c)
                    hashes.append(JavaString.hashCode(canonical: UnsafeRawBufferPointer(rebasing: arena[nameRange(c)])))
                    c = next[Int(c)]
                }
            }
        }
        kids.reverse()
        hashes.reverse()
        orderInJava(node, kids: &kids, hashes: hashes)
    }

    /// Puts `kids`, the node's children in the order they were added (with their names' Java
    /// hashes), in the iteration order of its `HashSet`.
    func orderInJava(_ node: Int32, kids: inout [Int32], hashes: [Int32]) {
        var capacity = 8
        if !childPeak.isEmpty, let peak = childPeak[node] {
            capacity = JavaHashOrder.capacity(afterPuts: Int(peak), initialCapacity: 8)
        }
        let copy = kids
        let order = names.withUnsafeBytes { arena in
            hashes.withUnsafeBufferPointer { h in
                JavaHashOrder.order(
                    hashCodes: h,
                    initialCapacity: capacity,
                    isSameKey: { copy[$0] == copy[$1] },
                    compareKeys: {
                        JavaString.compare(
                            canonical: UnsafeRawBufferPointer(rebasing: arena[nameRange(copy[$0])]),
                            UnsafeRawBufferPointer(rebasing: arena[nameRange(copy[$1])])
                        )
                    }
                )
            }
        }
        for (k, i) in order.enumerated() { kids[k] = copy[i] }
    }

}
