internal import ZKStorage

/// One snapshot as `SnapshotComparer` sees it: the ``DataTree`` Java's loader builds (names and
/// data sizes only, quota stats recomputed), and, once ``finish()`` has run, the comparer's
/// `TreeInfo`: the nodes reachable from the root `""`, their full paths (labels, the Java
/// strings in UTF-8 form), descendant size and count, and the nodes of each depth.
///
/// Storage per reachable node: the label's bytes, 12 bytes to find them, 16 bytes of
/// statistics and 8 of depth and level lists, on top of the tree.
final class SnapshotTree {
    let tree: DataTree

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
    /// Each reachable node's full path in ``labels``.
    private var labelStart: [Int] = []
    private var labelLength: [Int32] = []
    private var labels = UnsafeMutableRawBufferPointer(start: nil, count: 0)

    init(_ tree: DataTree) {
        self.tree = tree
    }

    deinit {
        labels.deallocate()
    }

    /// Number of depths (`nodesAtDepths.size()`).
    var levelCount: Int { levelOffsets.count - 1 }

    /// The full path of a reachable node.
    @inline(__always)
    func label(_ node: Int32) -> UnsafeRawBufferPointer {
        let start = labelStart[Int(node)]
        let count = Int(labelLength[Int(node)])
        return UnsafeRawBufferPointer(rebasing: labels[start..<(start + count)])
    }

    /// The comparer's `nodesByName.get(path)`: only nodes of the tree built from the root.
    func reachableNode(_ path: [UInt8]) -> Int32? {
        guard let node = path.withUnsafeBytes({ tree.resolve($0) }), depth[Int(node)] >= 0 else { return nil }
        return node
    }

    /// Builds the comparer's view (`new TreeInfo(...)` after the load): walks the tree from the
    /// node of path "" and computes depths, labels, descendant sizes and counts, and the levels.
    ///
    /// - Returns: false when there is no node "" (Java dies with a NullPointerException).
    func finish() -> Bool {
        guard let root = tree.resolve(UnsafeRawBufferPointer(start: nil, count: 0)) else { return false }
        self.root = root
        let n = tree.idLimit
        let nodes = tree.nodes
        var depth = [Int32](repeating: -1, count: n)
        var order: [Int32] = []
        order.reserveCapacity(tree.nodeCount)
        var stack: [Int32] = [root]
        depth[Int(root)] = 0
        var levelSizes: [Int] = []
        var labelLength = [Int32](repeating: 0, count: n)
        var labelBytes = 0
        while let node = stack.popLast() {
            order.append(node)
            let d = Int(depth[Int(node)])
            if d == levelSizes.count { levelSizes.append(0) }
            levelSizes[d] += 1
            let length = labelLength[Int(node)]
            labelBytes += Int(length)
            nodes.forEachChild(of: node) { c in
                depth[Int(c)] = Int32(d + 1)
                labelLength[Int(c)] = length &+ 1 &+ Int32(truncatingIfNeeded: nodes.nameRange(c).count)
                stack.append(c)
            }
        }
        // Labels in visiting order: a parent's label is written before its children's.
        var labelStart = [Int](repeating: 0, count: n)
        let labels = UnsafeMutableRawBufferPointer.allocate(byteCount: labelBytes, alignment: 8)
        var end = 0
        if let base = labels.baseAddress {
            tree.nameBytes.withUnsafeBytes { names in
                for node in order where node != root {
                    let parentStart = labelStart[Int(nodes.parent(node))]
                    let parentLength = Int(labelLength[Int(nodes.parent(node))])
                    let name = UnsafeRawBufferPointer(rebasing: names[nodes.nameRange(node)])
                    labelStart[Int(node)] = end
                    (base + end).copyMemory(from: base + parentStart, byteCount: parentLength)
                    base.storeBytes(of: UInt8(ascii: "/"), toByteOffset: end + parentLength, as: UInt8.self)
                    if let from = name.baseAddress {
                        (base + end + parentLength + 1).copyMemory(from: from, byteCount: name.count)
                    }
                    end += parentLength + 1 + name.count
                }
            }
        }
        var size = [Int64](repeating: 0, count: n)
        var count = [Int32](repeating: 0, count: n)
        for node in order.reversed() {
            let i = Int(node)
            size[i] += Int64(max(nodes.dataLength(node), 0))
            if node != root {
                let p = Int(nodes.parent(node))
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
        self.labelStart = labelStart
        self.labelLength = labelLength
        self.labels = labels
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
        var kids: [Int32] = []
        tree.forEachChild(of: node) { kids.append($0) }
        kids.withUnsafeMutableBufferPointer { LabelSorter.sort($0, in: self) }
        return kids
    }
}
