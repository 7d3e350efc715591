/// The running digest of a ``DataTree`` as ZooKeeper 3.8's `NodeHashMapImpl` keeps it: the sum
/// (mod 2^64) of every node's ``DigestCalculator/nodeDigest(path:data:stat:)``, updated as nodes
/// are added, changed and removed, with each node's digest cached (Java caches it in
/// `DataNode.digest`), so a change costs one CRC of the changed node only.
///
/// The root's digest uses the path `""` (Java maps `"/"` to `""`); nodes under `/zookeeper/`
/// count 0. Data is the node's current data.
struct TreeDigest {
    /// The tree digest.
    private(set) var value: Int64 = 0
    /// Per node id: its digest, or -1 when not counted (CRC-32 values are never negative).
    private var nodeDigests = Column<Int64>()

    /// Counts every live node of `tree` (pre-order from the root, with the paths as Java keys
    /// them).
    init(tree: DataTree) {
        nodeDigests = Column(repeating: -1, count: tree.idLimit)
        for node in 0..<tree.idLimit {
            let id = Int32(truncatingIfNeeded: node)
            guard tree.isLive(id) else { continue }
            let path = tree.path(id)
            path.withUnsafeBytes { add(id, path: $0, tree: tree) }
        }
    }

    /// The digest of `node` as it is now, under `path` (canonical; `"/"` or `""` for the root).
    static func digest(of node: Int32, path: UnsafeRawBufferPointer, tree: DataTree) -> Int64 {
        let rootAlias = path.count == 1 && path[0] == UInt8(ascii: "/")
        let keyPath = rootAlias ? UnsafeRawBufferPointer(start: nil, count: 0) : path
        return tree.nodeDigest(node, path: keyPath)
    }

    /// `nodes.put` / `postChange`: counts the node as it is now.
    ///
    /// - Parameter pathAndData: when given, the CRC-32 of `path` and the node's data, worked out
    ///   ahead (``TxnReplayer/PreparedTxn``): only the stat is left to add.
    mutating func add(_ node: Int32, path: UnsafeRawBufferPointer, tree: DataTree, pathAndData: CRC32? = nil) {
        let index = Int(node)
        if index >= nodeDigests.count {
            nodeDigests.append(repeating: -1, count: index + 1 - nodeDigests.count)
        }
        if nodeDigests[index] >= 0 { value = value &- nodeDigests[index] }
        let d: Int64
        if let pathAndData {
            d = DigestCalculator.nodeDigest(continuing: pathAndData, stat: tree.stat(node))
        } else {
            d = Self.digest(of: node, path: path, tree: tree)
        }
        nodeDigests[index] = d
        value = value &+ d
    }

    /// Asks the cache for the node's entry (the replay is about to change the node).
    @inline(__always)
    func prefetch(_ node: Int32) {
        guard Int(node) < nodeDigests.count else { return }
        nodeDigests.withUnsafeBufferPointer { DataTree.prefetch($0, Int(node)) }
    }

    /// `nodes.remove` / `preChange`: stops counting the node.
    mutating func remove(_ node: Int32) {
        let index = Int(node)
        guard index < nodeDigests.count, nodeDigests[index] >= 0 else { return }
        value = value &- nodeDigests[index]
        nodeDigests[index] = -1
    }
}

extension DataTree {
    /// ``DigestCalculator/nodeDigest(path:data:stat:)`` of the node as it is now.
    func nodeDigest(_ node: Int32, path: UnsafeRawBufferPointer) -> Int64 {
        let stat = store.stat(node)
        return withNodeData(node) { DigestCalculator.nodeDigest(path: path, data: $0, stat: stat) }
    }

    /// Calls `body` with the node's data, nil for null data (empty when data is not kept): what
    /// ``withData(_:_:)`` passes, read from the columns in place. The replay and the snapshot
    /// writer call it for every node they touch; the closure-taking accessors of ``NodeStore``
    /// copy the whole store (a retain per column) on each call.
    func withNodeData<R>(_ node: Int32, _ body: (UnsafeRawBufferPointer?) -> R) -> R {
        let i = Int(node)
        let length = Int(store.dataLengthColumn[i])
        if length < 0 { return body(nil) }
        guard options.keepsData, length > 0 else { return body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        let start = store.dataStart[i]
        if start >= 0, let mapped = store.mappedData {
            return body(UnsafeRawBufferPointer(rebasing: mapped.bytes[start..<(start + length)]))
        }
        let s = start >= 0 ? start : ~start
        return store.dataArena.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[s..<(s + length)])) }
    }
}
