/// ZooKeeper's `DataTree`: the znodes of a snapshot (or of a live server), with the node
/// operations the server applies to it, in a compact, mutable form.
///
/// **Design.** A node is an `Int32` id into parallel columns (no heap object per node):
///
///     nameStart   Int     where the name sits in `names`: a 1-byte length (255: a 4-byte
///                         little-endian length follows), then the name's bytes
///     parent      Int32   the parent node; -1 for a node whose path has no `/` (the root "");
///                         -2 for a free id
///     firstChild  Int32   the current child set as a list, newest first, through
///     nextSibling Int32   `nextSibling` (and `prevSibling`, built on the first deletion)
///     dataLength  Int32   -1 for null data
///     dataStart   Int     (option `keepsData`) the data's offset, see ``withData(_:_:)``
///     stats       StatPersisted  (option `keepsStats`)
///     aclRef      Int64   (option `keepsACLs`)
///
/// The columns live in a ``NodeStore`` value (loops read a copy without per-access exclusivity
/// checks), each a ``Column``: from 2 MiB on, in a mapping of its own backed by huge pages, so
/// that reading nodes at random (a replay, a printer) does not also miss the TLB.
/// ``ChildIndex`` maps `(parent, name)` to the node: a path is its parent's path plus a
/// name, so this is Java's `nodes` map keyed by path, with O(1) lookup per component and O(1)
/// amortised create and delete. A snapshot loaded in pre-order (as Java writes them) needs no
/// index: the loader finds parents on the previous record's ancestor chain and repeated names
/// through the chain's per-node name hashes, and lookups walk child sets; the index is built
/// (once, O(n)) when a file leaves pre-order or repeats a path that has children, and before
/// the first create or delete. Names are kept *canonical*: the UTF-8 form of the Java string
/// that `new String(bytes, UTF_8)` makes of the stored bytes, so two byte strings are the same
/// key exactly when Java's `String.equals` says so. Memory is bounded by the distinct paths:
/// a repeated record reuses its node, and deleted ids are reused.
///
/// Java corner cases kept:
/// - a node whose path has no `/` is a root (normally only `""`); ``root`` is the last one
///   loaded, which Java also stores under `"/"` (``node(atPath:)``);
/// - a repeated path replaces the node in place (`nodes.put` of a fresh `DataNode`): new data and
///   stat, an empty child set; the old children stay reachable by path, as in Java's map, and
///   come back into the set if their path is loaded again;
/// - children iterate in the order of the `HashSet<String>(8)` filled in insertion order
///   (``childrenInJavaOrder(of:)``; after deletions the table keeps the capacity it had, as
///   Java's never shrinks); sessions in `HashMap<Long,Integer>` order (``sessionsInJavaOrder``).
public final class DataTree {
    /// What the tree keeps besides names, links and data lengths.
    public struct Options: Sendable, Equatable {
        /// Each node's `StatPersisted`, and the ephemerals per session.
        public var keepsStats: Bool
        /// Each node's data (otherwise only its length).
        public var keepsData: Bool
        /// Each node's ACL reference and the ACL cache.
        public var keepsACLs: Bool

        public init(keepsStats: Bool = true, keepsData: Bool = true, keepsACLs: Bool = true) {
            self.keepsStats = keepsStats
            self.keepsData = keepsData
            self.keepsACLs = keepsACLs
        }

        /// Everything: what a server (or a replay) needs.
        public static let all = Options()
        /// Names, links and data lengths only.
        public static let structure = Options(keepsStats: false, keepsData: false, keepsACLs: false)
    }

    public let options: Options

    /// The columns and the index.
    @usableFromInline var store: NodeStore

    /// Nodes whose data `setupQuota` replaced: the data as stored (digest input).
    var storedBeforeQuota: [Int32: (start: Int, length: Int32)] = [:]

    /// Java's `DataTree.root`: the last node loaded whose path has no `/`; -1 when none.
    public var root: Int32 = -1
    /// Live nodes (Java's `getNodeCount()` is one more: `"/"` also names the root).
    public var nodeCount: Int { store.nodeCount }
    /// Ids in use or free: node ids are below this.
    public var idLimit: Int { store.parentColumn.count }

    /// The seals and digest after the nodes, when a loader read them.
    public internal(set) var tail: SnapshotTail?

    /// `ReferenceCountedACLCache` (option `keepsACLs`).
    public var aclCache = ACLCache()
    /// Session id → timeout, and the distinct ids in first-insertion order.
    public private(set) var sessionTimeouts: [Int64: Int32] = [:]
    private var sessionOrder: [Int64] = []
    private var sessionPeak = 0
    /// `DataTree.ephemerals`: session → its ephemeral nodes (option `keepsStats`).
    public private(set) var ephemerals: [Int64: Set<Int32>] = [:]

    /// An empty tree (no root).
    public init(options: Options = .all) {
        self.options = options
        store = NodeStore(options: options)
    }

    deinit {
        store.index.release()
    }

    // MARK: - Reading (see ``NodeStore``)

    /// The columns as a value, for loops that read many nodes (no exclusivity check per access).
    @inlinable
    public var nodes: NodeStore { store }

    /// The name's range in ``nameBytes``.
    @inlinable
    public func nameRange(_ node: Int32) -> Range<Int> { store.nameRange(node) }

    /// The arena holding every name (see ``nameRange(_:)``).
    @inlinable
    public var nameBytes: Column<UInt8> { store.names }

    /// The node's name: its last path component (the whole path for a root).
    public func name(_ node: Int32) -> [UInt8] { store.name(node) }

    /// Calls `body` with the node's name bytes.
    public func withName<R>(_ node: Int32, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try store.withName(node, body)
    }

    /// The node's parent; -1 for a root.
    @inlinable
    public func parent(_ node: Int32) -> Int32 { store.parent(node) }

    /// The node's full path as Java keys it (`""` for the root, never `"/"`).
    public func path(_ node: Int32) -> [UInt8] { store.path(node) }

    /// Calls `body` for every live node, in id order (load order for a loaded tree).
    public func forEachNode(_ body: (Int32) throws -> Void) rethrows { try store.forEachNode(body) }

    /// Whether `node` is a live node id.
    public func isLive(_ node: Int32) -> Bool { store.isLive(node) }

    /// The child of `parent` (-1: the roots) named `name` (canonical bytes).
    public func child(of parent: Int32, named name: UnsafeRawBufferPointer) -> Int32? {
        store.child(of: parent, named: name)
    }

    /// The node of a canonical path, component by component from the roots (no `"/"` alias:
    /// the loader's `nodes.get`, before Java stores the root under `"/"`).
    public func resolve(_ path: UnsafeRawBufferPointer) -> Int32? { store.resolve(path) }

    /// The number of nodes in the node's child set.
    public func childCount(_ node: Int32) -> Int { store.childCount(node) }

    /// Whether the node's child set is empty.
    @inlinable
    public func hasChildren(_ node: Int32) -> Bool { store.hasChildren(node) }

    /// Calls `body` for each child, newest first (use ``childrenInJavaOrder(of:)`` to print).
    public func forEachChild(of node: Int32, _ body: (Int32) throws -> Void) rethrows {
        try store.forEachChild(of: node, body)
    }

    /// Data length as Java counts it; -1 for null data.
    @inlinable
    public func dataLength(_ node: Int32) -> Int32 { store.dataLength(node) }

    /// Calls `body` with the node's data (empty for null data, or when data is not kept).
    public func withData<R>(_ node: Int32, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try store.withData(node, body)
    }

    /// The node's stat (zeros when stats are not kept).
    @inlinable
    public func stat(_ node: Int32) -> StatPersisted { store.stat(node) }

    /// Runs `body` on the columns in place (a loader's loop).
    func modifyStore<R, E: Error>(_ body: (inout NodeStore) throws(E) -> R) throws(E) -> R {
        try body(&store)
    }

    // MARK: - Lookup (Java's `getNode`)

    /// Java's `getNode(path)` for a canonical path: `"/"` is the root; any other path is
    /// resolved from the root named by its first component (normally `""`).
    public func node(atPath path: UnsafeRawBufferPointer) -> Int32? {
        if path.count == 1 && path[0] == UInt8(ascii: "/") { return root >= 0 ? root : nil }
        return resolve(path)
    }

    public func node(atPath path: [UInt8]) -> Int32? {
        path.withUnsafeBytes { node(atPath: $0) }
    }

    // MARK: - Children

    /// The children in insertion order.
    public func childrenInInsertionOrder(of node: Int32) -> [Int32] {
        var kids: [Int32] = []
        forEachChild(of: node) { kids.append($0) }
        kids.reverse()
        return kids
    }

    /// The children in the iteration order of the node's `HashSet<String>(8)`.
    public func childrenInJavaOrder(of node: Int32) -> [Int32] {
        var kids: [Int32] = []
        var hashes: [Int32] = []
        childrenInJavaOrder(of: node, into: &kids, hashes: &hashes)
        return kids
    }

    /// ``childrenInJavaOrder(of:)`` into reused buffers (printers call it once per node).
    public func childrenInJavaOrder(of node: Int32, into kids: inout [Int32], hashes: inout [Int32]) {
        store.childrenInJavaOrder(of: node, into: &kids, hashes: &hashes)
    }

    // MARK: - Data, stat, ACL

    /// Calls `body` with the data as the snapshot stored it (before `setupQuota`); nil for
    /// null data or when data is not kept.
    public func withStoredData<R>(_ node: Int32, _ body: (UnsafeRawBufferPointer?) throws -> R) rethrows -> R {
        var start = options.keepsData ? store.dataStart[Int(node)] : 0
        var length = store.dataLengthColumn[Int(node)]
        if !storedBeforeQuota.isEmpty, let stored = storedBeforeQuota[node] { (start, length) = stored }
        guard options.keepsData, length >= 0 else { return try body(nil) }
        if length == 0 { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return try store.withData(start: start, length: Int(length)) { try body($0) }
    }

    /// Whether loaded data is read in place from a mapped snapshot (``DataTreeLoader/dataMapping``).
    public var readsDataInPlace: Bool { store.mappedData != nil }

    /// The node's data; nil for null data (or when data is not kept).
    public func data(_ node: Int32) -> [UInt8]? {
        guard options.keepsData, store.dataLengthColumn[Int(node)] >= 0 else { return nil }
        return withData(node) { Array($0) }
    }

    /// `DataNode.setData`: replaces the node's data (nil: null data).
    public func setData(_ node: Int32, _ data: UnsafeRawBufferPointer?) {
        storedBeforeQuota[node] = nil
        // Data no longer than the old, which is in the arena, overwrites it there: a replay's
        // setData would otherwise leave every old value behind.
        if options.keepsData, let data, !data.isEmpty, data.count <= Int(store.dataLengthColumn[Int(node)]) {
            let start = store.dataStart[Int(node)]
            if (store.mappedData == nil) == (start >= 0) {
                let s = start >= 0 ? start : ~start
                store.dataArena.withUnsafeMutableBytes {
                    UnsafeMutableRawBufferPointer(rebasing: $0[s..<(s + data.count)]).copyMemory(from: data)
                }
                store.dataLengthColumn[Int(node)] = Int32(truncatingIfNeeded: data.count)
                return
            }
        }
        setDataKeepingDigest(node, data)
    }

    func setDataKeepingDigest(_ node: Int32, _ data: UnsafeRawBufferPointer?) {
        store.dataLengthColumn[Int(node)] = data.map { Int32(truncatingIfNeeded: $0.count) } ?? -1
        guard options.keepsData else { return }
        let start = store.dataArena.count
        if let data { store.dataArena.append(contentsOf: data) }
        store.dataStart[Int(node)] = store.mappedData == nil ? start : ~start
    }

    public func setData(_ node: Int32, _ data: [UInt8]?) {
        if let data {
            data.withUnsafeBytes { setData(node, $0) }
        } else {
            setData(node, nil as UnsafeRawBufferPointer?)
        }
    }

    /// Makes room for `nameBytes` and `dataBytes` more bytes of names and data
    /// (``TxnReplayer/reserve(forLogBytes:)``).
    func reserve(nameBytes: Int, dataBytes: Int) {
        store.names.reserveCapacity(store.names.count + nameBytes)
        if options.keepsData { store.dataArena.reserveCapacity(store.dataArena.count + dataBytes) }
    }

    /// Changes the node's stat (parent `cversion`/`pzxid` bookkeeping is the caller's, as in
    /// `DataTree.createNode`). Keeps ``ephemerals`` in step with `ephemeralOwner`.
    public func updateStat(_ node: Int32, _ body: (inout StatPersisted) -> Void) {
        guard options.keepsStats else { return }
        let before = store.stats[Int(node)].ephemeralOwner
        body(&store.stats[Int(node)])
        let after = store.stats[Int(node)].ephemeralOwner
        if before != after {
            removeEphemeral(node, owner: before)
            addEphemeral(node, owner: after)
        }
    }

    /// The node's ACL reference in ``aclCache`` (-1, Java's `OPEN_UNSAFE_ACL_ID`, when not kept).
    public func aclRef(_ node: Int32) -> Int64 { options.keepsACLs ? store.aclRefs[Int(node)] : -1 }

    /// `DataTree.setACL`'s node part: the reference changes, and the cache's usage counts.
    public func setACLRef(_ node: Int32, _ ref: Int64) {
        guard options.keepsACLs else { return }
        aclCache.removeUsage(store.aclRefs[Int(node)])
        store.aclRefs[Int(node)] = ref
        aclCache.addUsage(ref)
    }

    // MARK: - Ephemerals and sessions

    /// Ephemeral owners as `EphemeralType.get` sees them with extended types off (the tools'
    /// and a default server's setting): any owner but 0 and the container marker.
    @inlinable
    public static func isEphemeralOwner(_ owner: Int64) -> Bool { owner != 0 && owner != .min }

    func addEphemeral(_ node: Int32, owner: Int64) {
        guard DataTree.isEphemeralOwner(owner) else { return }
        ephemerals[owner, default: []].insert(node)
    }

    /// Adds `nodes` to the session's ephemerals (a loader's batch).
    func addEphemerals(_ nodes: Set<Int32>, owner: Int64) {
        guard DataTree.isEphemeralOwner(owner) else { return }
        if let existing = ephemerals[owner] {
            ephemerals[owner] = existing.union(nodes)
        } else {
            ephemerals[owner] = nodes
        }
    }

    private func removeEphemeral(_ node: Int32, owner: Int64) {
        guard DataTree.isEphemeralOwner(owner), ephemerals[owner] != nil else { return }
        ephemerals[owner]?.remove(node)
        if ephemerals[owner]?.isEmpty == true { ephemerals[owner] = nil }
    }

    /// `sessionsWithTimeouts.put(id, timeout)`: a known id keeps its position.
    public func addSession(_ id: Int64, timeout: Int32) {
        if sessionTimeouts.updateValue(timeout, forKey: id) == nil {
            sessionOrder.append(id)
            sessionPeak = max(sessionPeak, sessionOrder.count)
        }
    }

    /// Removes a session (its ephemeral nodes are the caller's to delete).
    public func removeSession(_ id: Int64) {
        guard sessionTimeouts.removeValue(forKey: id) != nil else { return }
        if let at = sessionOrder.firstIndex(of: id) { sessionOrder.remove(at: at) }
    }

    /// Sessions in the iteration order of `HashMap<Long,Integer>()`.
    public var sessionsInJavaOrder: [(id: Int64, timeout: Int32)] {
        let capacity = JavaHashOrder.capacity(afterPuts: sessionPeak, initialCapacity: 16)
        return JavaHashOrder.longMapOrder(sessionOrder, initialCapacity: capacity).map {
            (id: sessionOrder[$0], timeout: sessionTimeouts[sessionOrder[$0]] ?? 0)
        }
    }

    // MARK: - Mutation

    /// Why a node operation was refused.
    public enum NodeError: Error, Equatable, Sendable {
        /// `createNode` of a path that exists.
        case nodeExists(Int32)
        /// The node id is not a live node.
        case noNode
        /// `deleteNode` of a node that has children.
        case notEmpty
    }

    /// `DataTree.createNode`'s tree part: a new node `name` under `parent` (-1: a root). The
    /// parent's stat is not touched (its `cversion`/`pzxid` are the caller's); an ephemeral
    /// owner in `stat` is recorded in ``ephemerals``; the ACL reference's usage is counted
    /// unless `countingACLUsage` is false (the caller counted it when it converted the ACL).
    /// `nameHash`: the name's Java `hashCode`, when the caller has it.
    @discardableResult
    public func createNode(
        parent: Int32,
        name: UnsafeRawBufferPointer,
        data: UnsafeRawBufferPointer?,
        aclRef: Int64 = -1,
        countingACLUsage: Bool = true,
        nameHash: Int32? = nil,
        stat: StatPersisted
    ) throws(NodeError) -> Int32 {
        guard parent == -1 || isLive(parent) else { throw .noNode }
        store.buildIndex()
        let nameHash = nameHash ?? JavaString.hashCode(canonical: name)
        if let existing = store.child(of: parent, named: name, nameHash: nameHash) { throw .nodeExists(existing) }
        let node = store.appendNode(parent: parent, name: name, nameHash: nameHash)
        store.setColumns(
            node,
            dataLength: data.map { Int32(truncatingIfNeeded: $0.count) } ?? -1,
            stat: stat,
            aclRef: aclRef
        )
        if options.keepsData {
            let start = store.dataArena.count
            if let data { store.dataArena.append(contentsOf: data) }
            store.dataStart[Int(node)] = store.mappedData == nil ? start : ~start
        }
        if options.keepsACLs && countingACLUsage { aclCache.addUsage(aclRef) }
        if options.keepsStats { addEphemeral(node, owner: stat.ephemeralOwner) }
        if parent >= 0 { store.link(node, to: parent) } else { root = node }
        return node
    }

    @discardableResult
    public func createNode(
        parent: Int32,
        name: [UInt8],
        data: [UInt8]?,
        aclRef: Int64 = -1,
        stat: StatPersisted
    ) throws(NodeError) -> Int32 {
        var result: Result<Int32, NodeError> = .failure(.noNode)
        name.withUnsafeBytes { n in
            guard let data else {
                result = Result { () throws(NodeError) in
                    try createNode(parent: parent, name: n, data: nil, aclRef: aclRef, stat: stat)
                }
                return
            }
            data.withUnsafeBytes { d in
                result = Result { () throws(NodeError) in
                    try createNode(parent: parent, name: n, data: d, aclRef: aclRef, stat: stat)
                }
            }
        }
        return try result.get()
    }

    /// `DataTree.deleteNode`'s tree part: unlinks a leaf from its parent's child set and frees
    /// it (its ephemeral and ACL usage too). The parent's stat is the caller's.
    public func deleteNode(_ node: Int32) throws(NodeError) {
        guard isLive(node) else { throw .noNode }
        guard store.firstChild[Int(node)] < 0 else { throw .notEmpty }
        store.buildIndex()
        let parent = store.parentColumn[Int(node)]
        if parent >= 0 && store.inChildSet(node) {
            store.childPeak[parent] = max(store.childPeak[parent] ?? 0, Int32(truncatingIfNeeded: childCount(parent)))
            store.unlink(node, from: parent)
        }
        let hash = store.keyHash(node)
        store.index.remove(node, hash: hash)
        if options.keepsStats { removeEphemeral(node, owner: store.stats[Int(node)].ephemeralOwner) }
        if options.keepsACLs { aclCache.removeUsage(store.aclRefs[Int(node)]) }
        storedBeforeQuota[node] = nil
        store.childPeak[node] = nil
        if root == node { root = -1 }
        if parent < 0 { store.rootNodes.removeAll { $0 == node } }
        store.parentColumn[Int(node)] = NodeStore.freedParent
        store.dataLengthColumn[Int(node)] = -1
        store.nextSibling[Int(node)] = store.freeHead
        store.freeHead = node
        store.nodeCount -= 1
    }

    // MARK: - Internals shared with the loader

}

@usableFromInline
@inline(__always)
func memcmpEqual(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ n: Int) -> Bool {
    var i = 0
    while i &+ 8 <= n {
        if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
            return false
        }
        i &+= 8
    }
    while i < n {
        if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
        i &+= 1
    }
    return true
}

/// Whether two byte ranges hold the same bytes (an empty range may have no base address).
@inline(__always)
func bytesEqual(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
    guard a.count == b.count else { return false }
    guard let x = a.baseAddress, let y = b.baseAddress else { return true }
    return memcmpEqual(x, y, a.count)
}
