/// One snapshot as `SnapshotComparer` sees it: every znode path Java's `DataTree` would hold,
/// with its data length (sizes only; data is never kept), the child sets, and, once
/// ``finish()`` has run, the comparer's `TreeInfo`: the nodes reachable from the root `""`, their
/// descendant size and count, and the nodes of each depth.
///
/// Java keys everything by the path decoded as a Java string, so labels here are decoded paths
/// (UTF-8 form). A path seen twice replaces the node: same label, new size, an empty child set
/// (Java's `nodes.put` of a fresh `DataNode`); the name stays in its parent's child set.
///
/// Storage per node: 32 bytes of links, 12–23 bytes of index, 16 bytes of statistics and
/// 4 bytes of level list, plus the label bytes.
final class SnapshotTree {
    struct Node {
        var labelStart: Int
        var labelLength: Int32
        /// Data length; null data counts as 0 (`data == null ? 0 : data.length`).
        var size: Int32
        /// The node whose current child set holds this one (-1: none).
        var parent: Int32 = -1
        var firstChild: Int32 = -1
        var lastChild: Int32 = -1
        var nextSibling: Int32 = -1
    }

    let labels = GrowableBuffer<UInt8>(capacity: 1 << 16)
    let nodes = GrowableBuffer<Node>(capacity: 1 << 12)
    private var index = LabelIndex()
    /// The last node put whose path has no `/` (Java's `root` field, also stored under "/").
    private(set) var rootAlias: Int32 = -1
    /// The node put last (the loader's parent search starts there).
    private var lastPut: Int32 = -1

    // MARK: - TreeInfo (after finish())

    /// The node of path "" (`dataTree.getNode("")`), or -1.
    private(set) var root: Int32 = -1
    /// Depth of each node reachable from the root; -1 for the others.
    private(set) var depth: [Int32] = []
    /// Own size plus the descendants' sizes.
    private(set) var descendantSize: [Int64] = []
    /// Number of strict descendants.
    private(set) var descendantCount: [Int32] = []
    /// `levelNodes[levelOffsets[d]..<levelOffsets[d + 1]]` are the nodes at depth `d`.
    private(set) var levelOffsets: [Int] = [0]
    private(set) var levelNodes: [Int32] = []
    private var levelSorted: [Bool] = []
    /// Nodes reachable from the root (`TreeInfo.count`).
    private(set) var reachableCount = 0

    init() {}

    deinit {
        index.release()
    }

    var nodeCount: Int { nodes.count }

    /// Number of depths (`nodesAtDepths.size()`).
    var levelCount: Int { levelOffsets.count - 1 }

    @inline(__always)
    func label(_ node: Int32) -> UnsafeRawBufferPointer {
        let n = nodes[Int(node)]
        return labels.view(n.labelStart, Int(n.labelLength))
    }

    /// The node stored under `path` (Java `nodes.get(path)`), reachable or not.
    func lookup(_ path: UnsafeRawBufferPointer) -> Int32? {
        index.find(path, hash: LabelIndex.hash(path), label: label)
    }

    func lookup(_ path: [UInt8]) -> Int32? {
        path.withUnsafeBytes { lookup($0) }
    }

    /// The comparer's `nodesByName.get(path)`: only nodes of the tree built from the root.
    func reachableNode(_ path: [UInt8]) -> Int32? {
        guard let node = lookup(path), depth[Int(node)] >= 0 else { return nil }
        return node
    }

    /// The node's current children, in insertion order.
    func children(of node: Int32) -> [Int32] {
        var result: [Int32] = []
        var c = nodes[Int(node)].firstChild
        while c >= 0 {
            result.append(c)
            c = nodes[Int(c)].nextSibling
        }
        return result
    }

    // MARK: - Loading (DataTree.deserialize)

    /// Where `put` can fail: a node whose parent path holds no node.
    struct MissingParent: Error {
        var parentPath: [UInt8]
        var path: [UInt8]
    }

    /// `nodes.put(path, node)`, then `parent.addChild(name)` as `DataTree.deserialize` does.
    ///
    /// - Parameter path: the decoded path.
    func put(_ path: UnsafeRawBufferPointer, size: Int32) throws(MissingParent) {
        let start = appendLabel(path)
        try put(labelAt: start, length: path.count, size: size, hash: LabelIndex.hash(path))
    }

    /// Stores a decoded path in the label arena ahead of ``put(labelAt:length:size:hash:)``.
    func appendLabel(_ path: UnsafeRawBufferPointer) -> Int {
        labels.append(bytes: path)
    }

    /// Where ``touch(_:)`` results go, so the loads are not optimised away.
    var touchedSlots: UInt64 = 0

    /// Loads the index slot of `hash` (a prefetch: the loader touches the slots of a batch of
    /// records before it puts them, so their cache misses overlap).
    @inline(__always)
    func touch(_ hash: UInt64) -> UInt64 {
        index.peek(hash)
    }

    /// `put` for a path already appended to the label arena at `start` (by ``appendLabel(_:)``);
    /// if the path is already known those bytes are simply left unused.
    func put(labelAt start: Int, length: Int, size: Int32, hash: UInt64) throws(MissingParent) {
        let path = labels.view(start, length)
        let node: Int32
        if let existing = index.find(path, hash: hash, label: label) {
            node = existing
            reset(node, size: size)
        } else {
            node = Int32(truncatingIfNeeded: nodes.count)
            nodes.append(Node(labelStart: start, labelLength: Int32(truncatingIfNeeded: length), size: size))
            index.insert(node, hash: hash)
        }
        guard let lastSlash = lastSlash(path) else {
            rootAlias = node
            lastPut = node
            return
        }
        let parentPath = UnsafeRawBufferPointer(rebasing: path[0..<lastSlash])
        guard let parent = findParent(parentPath) else {
            throw MissingParent(parentPath: Array(parentPath), path: Array(path))
        }
        if nodes[Int(node)].parent != parent { link(node, to: parent) }
        lastPut = node
    }

    /// A repeated path: a fresh `DataNode` with an empty child set takes the label.
    private func reset(_ node: Int32, size: Int32) {
        var c = nodes[Int(node)].firstChild
        while c >= 0 {
            let next = nodes[Int(c)].nextSibling
            nodes[Int(c)].parent = -1
            c = next
        }
        nodes[Int(node)].size = size
        nodes[Int(node)].firstChild = -1
        nodes[Int(node)].lastChild = -1
    }

    private func link(_ node: Int32, to parent: Int32) {
        nodes[Int(node)].parent = parent
        nodes[Int(node)].nextSibling = -1
        let last = nodes[Int(parent)].lastChild
        if last >= 0 {
            nodes[Int(last)].nextSibling = node
        } else {
            nodes[Int(parent)].firstChild = node
        }
        nodes[Int(parent)].lastChild = node
    }

    @inline(__always)
    private func lastSlash(_ path: UnsafeRawBufferPointer) -> Int? {
        var i = path.count - 1
        while i >= 0 {
            if path[i] == UInt8(ascii: "/") { return i }
            i -= 1
        }
        return nil
    }

    /// Snapshots are written in pre-order, so the parent is nearly always the node put last or
    /// one of its ancestors; otherwise ask the index.
    private func findParent(_ parentPath: UnsafeRawBufferPointer) -> Int32? {
        var candidate = lastPut
        while candidate >= 0 {
            let n = nodes[Int(candidate)]
            if Int(n.labelLength) < parentPath.count { break }
            if Int(n.labelLength) == parentPath.count {
                if LabelIndex.equal(labels.view(n.labelStart, Int(n.labelLength)), parentPath) { return candidate }
                break
            }
            candidate = n.parent
        }
        return lookup(parentPath)
    }

    /// Sets a node's size (quota statistics recomputed on load).
    func setSize(_ node: Int32, _ size: Int32) {
        nodes[Int(node)].size = size
    }

    // MARK: - TreeInfo

    /// Builds the comparer's view (`new TreeInfo(...)` after the load): walks the tree from the
    /// node of path "" and computes depths, descendant sizes and counts, and the level lists.
    ///
    /// - Returns: false when there is no node "" (Java dies with a NullPointerException).
    func finish() -> Bool {
        labels.shrinkToFit()
        nodes.shrinkToFit()
        guard let root = lookup(UnsafeRawBufferPointer(start: nil, count: 0)) else { return false }
        self.root = root
        let n = nodes.count
        var depth = [Int32](repeating: -1, count: n)
        var order: [Int32] = []
        order.reserveCapacity(n)
        var stack: [Int32] = [root]
        depth[Int(root)] = 0
        var levelSizes: [Int] = []
        while let node = stack.popLast() {
            order.append(node)
            let d = Int(depth[Int(node)])
            if d == levelSizes.count { levelSizes.append(0) }
            levelSizes[d] += 1
            var c = nodes[Int(node)].firstChild
            while c >= 0 {
                depth[Int(c)] = Int32(d + 1)
                stack.append(c)
                c = nodes[Int(c)].nextSibling
            }
        }
        var size = [Int64](repeating: 0, count: n)
        var count = [Int32](repeating: 0, count: n)
        for node in order.reversed() {
            let i = Int(node)
            size[i] += Int64(nodes[i].size)
            if node != root {
                let p = Int(nodes[i].parent)
                size[p] += size[i]
                count[p] += count[i] + 1
            }
        }
        var offsets = [Int](repeating: 0, count: levelSizes.count + 1)
        for d in levelSizes.indices { offsets[d + 1] = offsets[d] + levelSizes[d] }
        var fill = Array(offsets.dropLast())
        var levels = [Int32](repeating: 0, count: order.count)
        for node in order {
            let d = Int(depth[Int(node)])
            levels[fill[d]] = node
            fill[d] += 1
        }
        self.depth = depth
        descendantSize = size
        descendantCount = count
        levelOffsets = offsets
        levelNodes = levels
        levelSorted = [Bool](repeating: false, count: levelSizes.count)
        reachableCount = order.count
        return true
    }

    /// Sorts every level now (ahead of a full comparison, on another thread).
    func sortAllLevels() {
        for d in 0..<levelCount { sortLevel(d) }
    }

    private func sortLevel(_ d: Int) {
        guard !levelSorted[d] else { return }
        let range = levelOffsets[d]..<levelOffsets[d + 1]
        levelNodes.withUnsafeMutableBufferPointer { all in
            LabelSorter.sort(UnsafeMutableBufferPointer(rebasing: all[range]), in: self)
        }
        levelSorted[d] = true
    }

    /// The nodes at depth `d`, sorted by label (`Collections.sort` with `compareTo`); empty past
    /// the deepest level.
    func sortedLevel(_ d: Int) -> [Int32] {
        guard d >= 0 && d < levelCount else { return [] }
        sortLevel(d)
        return Array(levelNodes[levelOffsets[d]..<levelOffsets[d + 1]])
    }

    /// The children of `node` in the comparer's tree, sorted by label.
    func sortedChildren(of node: Int32) -> [Int32] {
        var kids = children(of: node)
        kids.withUnsafeMutableBufferPointer { LabelSorter.sort($0, in: self) }
        return kids
    }
}
