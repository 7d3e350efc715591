internal import ZKStorage

/// What the formatter prints: the snapshot's node records as Java's `DataTree.deserialize` and
/// `SnapshotFormatter` see them, in compact arrays.
///
/// Every node record in the file is an *entry*, numbered in file order. Java keys its nodes by
/// path string, so a repeated path replaces the earlier node; the `root` field is the last
/// record whose path has no `/` (normally the `""` root); each node's children are a
/// `HashSet<String>(8)` filled in file order. Entries keep the canonical name (``JavaText``),
/// the parent entry, the data length, and (for text and `-d`) the stat and the data.
///
/// After loading, ``childStart``/``children`` hold each entry's children in Java's iteration
/// order as entry numbers (CSR layout). In the normal case these are simply the entries whose
/// parent is that entry. When paths repeat or the root is odd, ``GeneralTree`` resolves the
/// children by path as Java does, and a child may be *missing* (encoded as `-2 - nameEntry`).
final class SnapshotTree {
    enum Mode {
        case text
        case data
        case json

        var keepsStats: Bool { self != .json }
        var keepsData: Bool { self == .data }
    }

    let mode: Mode

    // MARK: Per entry

    /// The per-entry arrays (see ``Columns``).
    var columns = Columns()
    /// Data replaced on load (quota stats), `-d` mode.
    var replacedData: [Int32: [UInt8]] = [:]
    /// `-d` on a plain file: the data is read from the file's mapping (``Columns/dataStart``
    /// are file offsets) instead of being copied into ``Columns/data``.
    var mappedData: InputPages?

    // MARK: Tree

    /// Java's `DataTree.root`: the last entry whose path has no `/`; -1 when the file has no
    /// node records (Java then keeps the constructor's root, whose `zookeeper` child is gone).
    var rootEntry: Int32 = -1
    /// Children in Java iteration order: entry `e`'s are `children[childStart[e]..<childStart[e+1]]`.
    var childStart: [Int32] = []
    var children: [Int32] = []
    /// Set when the fast layout does not match Java's path-keyed view (repeated paths, or a
    /// root that is not the `""` node); then lookups and children follow Java by path.
    var general: GeneralTree?

    /// Sessions in file order.
    var sessions: [(id: Int64, timeout: Int32)] = []
    /// Offset just after the `"/"` terminator of the node records.
    var terminatorOffset = 0

    init(mode: Mode) {
        self.mode = mode
    }

    var entryCount: Int { columns.parent.count }

    /// Java's `DataTree.getNodeCount()`: distinct paths, plus the `"/"` alias of the root.
    var javaNodeCount: Int {
        if let general { return general.distinctPaths + 1 }
        return entryCount + 1
    }

    @inline(__always)
    func nameRange(_ e: Int32) -> Range<Int> { columns.nameRange(e) }

    func name(_ e: Int32) -> [UInt8] { Array(columns.names[columns.nameRange(e)]) }

    func storedPath(_ e: Int32) -> [UInt8] { columns.storedPath(e) }

    @inline(__always)
    func printedLength(_ e: Int32) -> Int32 { columns.printedLength(e) }

    /// Calls `body` with the entry's data (`-d` mode; empty for null data).
    func withData<R>(_ e: Int32, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        if !replacedData.isEmpty, let replaced = replacedData[e] { return try replaced.withUnsafeBytes(body) }
        let start = columns.dataStart[Int(e)]
        let length = Int(columns.printedLength(e))
        if let mappedData, let base = mappedData.base {
            return try body(UnsafeRawBufferPointer(start: base + start, count: length))
        }
        return try columns.data.withUnsafeBytes {
            try body(UnsafeRawBufferPointer(rebasing: $0[start..<(start + length)]))
        }
    }

    @inline(__always)
    func childRange(_ e: Int32) -> Range<Int> {
        Int(childStart[Int(e)])..<Int(childStart[Int(e) &+ 1])
    }

    // MARK: - Children in Java order

    /// Builds ``childStart``/``children`` from the parent links (children in file order), then
    /// sorts each set into `HashSet<String>(8)` iteration order. Returns false when some node has
    /// two children with the same name (a repeated path): then the caller switches to
    /// ``GeneralTree``.
    func buildChildren() -> Bool {
        let n = entryCount
        let parent = columns.parent
        var start = [Int32](repeating: 0, count: n &+ 1)
        for p in parent where p >= 0 {
            start[Int(p) &+ 1] &+= 1
        }
        for i in 0..<n {
            start[i &+ 1] &+= start[i]
        }
        var fill = start
        var kids = [Int32](repeating: 0, count: Int(start[n]))
        for i in 0..<n {
            let p = parent[i]
            if p >= 0 {
                kids[Int(fill[Int(p)])] = Int32(truncatingIfNeeded: i)
                fill[Int(p)] &+= 1
            }
        }
        fill = []
        childStart = start
        var distinct = true
        var hashes: [Int32] = []
        for e in 0..<n {
            let lo = Int(start[e])
            let hi = Int(start[e &+ 1])
            if hi &- lo < 2 { continue }
            let segment = Array(kids[lo..<hi])
            let order = javaSetOrder(segment, hashes: &hashes)
            if order.count != segment.count { distinct = false }
            for (k, index) in order.enumerated() {
                kids[lo &+ k] = segment[index]
            }
        }
        children = kids
        return distinct
    }

    /// The iteration order of `new HashSet<String>(8)` after adding the names of `entries` in
    /// order: indices into `entries`, one per distinct name (its first insertion).
    func javaSetOrder(_ entries: [Int32], hashes: inout [Int32]) -> [Int] {
        if entries.count <= 1 { return Array(entries.indices) }
        let names = columns.names
        let nameEnd = columns.nameEnd
        @inline(__always) func nameRange(_ e: Int32) -> Range<Int> {
            let i = Int(e)
            return (i == 0 ? 0 : nameEnd[i &- 1])..<nameEnd[i]
        }
        hashes.removeAll(keepingCapacity: true)
        names.withUnsafeBytes { arena in
            for e in entries {
                hashes.append(JavaText.hashCode(UnsafeRawBufferPointer(rebasing: arena[nameRange(e)])))
            }
        }
        return names.withUnsafeBytes { arena in
            hashes.withUnsafeBufferPointer { h in
                JavaHashOrder.order(
                    hashCodes: h,
                    initialCapacity: 8,
                    isSameKey: {
                        arena[nameRange(entries[$0])].elementsEqual(arena[nameRange(entries[$1])])
                    },
                    compareKeys: {
                        JavaString.compare(
                            utf8: UnsafeRawBufferPointer(rebasing: arena[nameRange(entries[$0])]),
                            UnsafeRawBufferPointer(rebasing: arena[nameRange(entries[$1])])
                        )
                    }
                )
            }
        }
    }

    // MARK: - Lookups by path (Java's `DataTree.getNode`)

    /// The entry Java's `getNode(path)` returns, for a canonical path; nil when absent.
    func node(at path: [UInt8]) -> Int32? {
        if path == [UInt8(ascii: "/")] { return rootEntry >= 0 ? rootEntry : nil }
        if let general { return general.latest[path] }
        // Fast layout: paths are unique and the root is the "" entry; walk down by name.
        guard rootEntry >= 0 else { return nil }
        if path.isEmpty { return rootEntry }
        guard path.first == UInt8(ascii: "/") else { return nil }
        let names = columns.names
        var current = rootEntry
        var start = 1
        while true {
            var end = start
            while end < path.count && path[end] != UInt8(ascii: "/") { end += 1 }
            let component = path[start..<end]
            var found: Int32 = -1
            for k in childRange(current) {
                let c = children[k]
                if names[nameRange(c)].elementsEqual(component) {
                    found = c
                    break
                }
            }
            guard found >= 0 else { return nil }
            current = found
            if end == path.count { return current }
            start = end + 1
        }
    }
}

/// Java's path-keyed view of a tree in which paths repeat or the root is not the `""` node:
/// `latest` maps each canonical path to the entry stored last under it (`nodes.put`), and the
/// children are re-resolved by path (`getNode(parentPath + "/" + name)`).
struct GeneralTree {
    var latest: [[UInt8]: Int32]
    var distinctPaths: Int { latest.count }

    /// Builds the path map and replaces the tree's children with Java's resolved ones.
    init(tree: SnapshotTree) {
        let n = tree.entryCount
        var paths: [[UInt8]] = []
        paths.reserveCapacity(n)
        var latest: [[UInt8]: Int32] = [:]
        for i in 0..<n {
            let p = tree.columns.parent[i]
            var path: [UInt8] = p >= 0 ? paths[Int(p)] + [UInt8(ascii: "/")] : []
            path.append(contentsOf: tree.columns.names[tree.nameRange(Int32(truncatingIfNeeded: i))])
            latest[path] = Int32(truncatingIfNeeded: i)
            paths.append(path)
        }
        self.latest = latest
        // Children of each entry in file order (the parent links), then Java's set order, then
        // resolution of each distinct name by path.
        var byParent = [[Int32]](repeating: [], count: n)
        for i in 0..<n where tree.columns.parent[i] >= 0 {
            byParent[Int(tree.columns.parent[i])].append(Int32(truncatingIfNeeded: i))
        }
        var start: [Int32] = [0]
        start.reserveCapacity(n + 1)
        var kids: [Int32] = []
        var hashes: [Int32] = []
        for e in 0..<n {
            let attached = byParent[e]
            let order = tree.javaSetOrder(attached, hashes: &hashes)
            let base: [UInt8] = Int32(truncatingIfNeeded: e) == tree.rootEntry ? [UInt8(ascii: "/")] : paths[e]
            for index in order {
                let nameEntry = attached[index]
                var childPath = base == [UInt8(ascii: "/")] ? [] : base
                childPath.append(UInt8(ascii: "/"))
                childPath.append(contentsOf: tree.columns.names[tree.nameRange(nameEntry)])
                if let target = latest[childPath] {
                    kids.append(target)
                } else {
                    kids.append(-2 - nameEntry)
                }
            }
            start.append(Int32(truncatingIfNeeded: kids.count))
        }
        tree.childStart = start
        tree.children = kids
    }
}

/// The per-entry arrays, in file order.
struct Columns {
    /// End offset of each entry's name in ``names`` (the start is the previous entry's end).
    var nameEnd: [Int] = []
    /// The entry of the node's parent at load time; -1 for entries whose path has no `/`.
    var parent: [Int32] = []
    /// Data length; -1 for null data. Quota `zookeeper_stats` nodes get their recomputed length.
    var dataLength: [Int32] = []
    /// Stats (text and `-d` modes).
    var stats: [StatPersisted] = []
    /// Start of each entry's data (`-d` mode): an offset in ``data``, or in the file when the
    /// tree reads data from a plain file's mapping (``SnapshotTree/mappedData``).
    var dataStart: [Int] = []
    var names: [UInt8] = []
    var data: [UInt8] = []

    @inline(__always)
    func nameRange(_ e: Int32) -> Range<Int> {
        let i = Int(e)
        return (i == 0 ? 0 : nameEnd[i &- 1])..<nameEnd[i]
    }

    /// Data length as Java prints it (`n.data == null ? 0 : n.data.length`).
    @inline(__always)
    func printedLength(_ e: Int32) -> Int32 { max(dataLength[Int(e)], 0) }

    /// The entry's full path as stored (canonical), rebuilt from the names.
    func storedPath(_ e: Int32) -> [UInt8] {
        var chain: [Int32] = []
        var p = e
        while p >= 0 {
            chain.append(p)
            p = parent[Int(p)]
        }
        var path: [UInt8] = []
        for (k, node) in chain.reversed().enumerated() {
            if k > 0 { path.append(UInt8(ascii: "/")) }
            path.append(contentsOf: names[nameRange(node)])
        }
        return path
    }
}
