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
    /// Per node id: its digest, and the CRC-32 of its path and data it started from.
    private var nodeDigests = Column<NodeDigest>()

    /// A node's entry: 16 bytes, so a change reads and writes one cache line.
    struct NodeDigest: BitwiseCopyable {
        /// The digest, or -1 when not counted (CRC-32 values are never negative).
        var digest: Int64 = -1
        /// The CRC-32 state after the path and data (``pathAndDataKnown``): a change of the
        /// stat alone (a parent's `cversion`, `pzxid`) adds only the stat to it.
        var pathAndData: UInt32 = 0
        var pathAndDataKnown = false
    }

    /// Counts every live node of `tree` (pre-order from the root, with the paths as Java keys
    /// them).
    init(tree: DataTree) {
        nodeDigests = Column(repeating: NodeDigest(), count: tree.idLimit)
        for node in 0..<tree.idLimit {
            let id = Int32(truncatingIfNeeded: node)
            guard tree.isLive(id) else { continue }
            let path = tree.path(id)
            path.withUnsafeBytes { add(id, path: $0, tree: tree) }
        }
    }

    /// `nodes.put` / `postChange`: counts the node as it is now, under `path` (canonical;
    /// `"/"` or `""` for the root).
    ///
    /// - Parameter pathAndData: when given, the CRC-32 of `path` and the node's data, worked out
    ///   ahead (``TxnReplayer/PreparedTxn``): only the stat is left to add.
    mutating func add(_ node: Int32, path: UnsafeRawBufferPointer, tree: DataTree, pathAndData: CRC32? = nil) {
        let index = Int(node)
        if index >= nodeDigests.count {
            nodeDigests.append(repeating: NodeDigest(), count: index + 1 - nodeDigests.count)
        }
        var crc: CRC32
        if let pathAndData {
            crc = pathAndData
        } else {
            let rootAlias = path.count == 1 && path[0] == UInt8(ascii: "/")
            let keyPath = rootAlias ? UnsafeRawBufferPointer(start: nil, count: 0) : path
            guard DigestCalculator.counts(keyPath) else {
                count(index, NodeDigest(digest: 0))
                return
            }
            crc = CRC32()
            crc.update(keyPath)
            tree.withNodeData(node) { if let data = $0 { crc.update(data) } }
        }
        let d = DigestCalculator.nodeDigest(continuing: crc, stat: tree.stat(node))
        count(index, NodeDigest(digest: d, pathAndData: crc.value, pathAndDataKnown: true))
    }

    /// ``add(_:path:tree:pathAndData:)`` after a change of the node's stat alone, since the
    /// node was last added: its path and data, so their CRC-32, are as they were then.
    mutating func addAfterStatChange(_ node: Int32, path: UnsafeRawBufferPointer, tree: DataTree) {
        let index = Int(node)
        guard index < nodeDigests.count, nodeDigests[index].pathAndDataKnown else {
            add(node, path: path, tree: tree)
            return
        }
        let crc = CRC32(continuing: nodeDigests[index].pathAndData)
        let d = DigestCalculator.nodeDigest(continuing: crc, stat: tree.stat(node))
        count(index, NodeDigest(digest: d, pathAndData: crc.value, pathAndDataKnown: true))
    }

    @inline(__always)
    private mutating func count(_ index: Int, _ entry: NodeDigest) {
        if nodeDigests[index].digest >= 0 { value = value &- nodeDigests[index].digest }
        nodeDigests[index] = entry
        value = value &+ entry.digest
    }

    /// Asks the cache for the node's entry (the replay is about to change the node).
    @inline(__always)
    func prefetch(_ node: Int32) {
        guard Int(node) < nodeDigests.count else { return }
        nodeDigests.withUnsafeBufferPointer { DataTree.prefetch($0, Int(node)) }
    }

    /// `nodes.remove` / `preChange`: stops counting the node (its path and data CRC stays, for
    /// ``addAfterStatChange(_:path:tree:)``).
    mutating func remove(_ node: Int32) {
        let index = Int(node)
        guard index < nodeDigests.count, nodeDigests[index].digest >= 0 else { return }
        value = value &- nodeDigests[index].digest
        nodeDigests[index].digest = -1
    }

    /// Stops counting a node that is deleted: nothing of it is kept (its id may be reused).
    mutating func forget(_ node: Int32) {
        remove(node)
        guard Int(node) < nodeDigests.count else { return }
        nodeDigests[Int(node)] = NodeDigest()
    }
}

extension DataTree {
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
