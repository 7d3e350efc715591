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
/// ``ChildIndex`` maps `(parent, name)` to the node. A path is its parent's path plus a name,
/// so this is Java's `nodes` map keyed by path, with O(1) lookup per component, O(1) amortised
/// create and delete. Names are kept *canonical*: the UTF-8 form of the Java string that
/// `new String(bytes, UTF_8)` makes of the stored bytes, so two byte strings are the same key
/// exactly when Java's `String.equals` says so.
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

    // MARK: Columns (see the type's documentation)

    @usableFromInline var nameStart: [Int] = []
    @usableFromInline var parentColumn: [Int32] = []
    @usableFromInline var firstChild: [Int32] = []
    @usableFromInline var nextSibling: [Int32] = []
    /// Built on the first deletion (loading and reading never need it).
    var prevSibling: [Int32] = []
    @usableFromInline var dataLengthColumn: [Int32] = []
    @usableFromInline var dataStart: [Int] = []
    @usableFromInline var stats: [StatPersisted] = []
    var aclRefs: [Int64] = []
    /// Names, each after its length byte(s).
    @usableFromInline var names: [UInt8] = []
    /// Data bytes: node data, or only data set after loading when ``mappedData`` holds the rest.
    @usableFromInline var dataArena: [UInt8] = []
    /// Data read in place from a mapped plain snapshot: `dataStart >= 0` is an offset in it,
    /// `dataStart < 0` is `~offset` in ``dataArena``.
    @usableFromInline var mappedData: MappedFile?

    var index: ChildIndex
    /// Freed ids, chained through `nextSibling`.
    private var freeHead: Int32 = -1
    /// Child-set sizes reached before a deletion (sparse): Java's table keeps its capacity.
    private var childPeak: [Int32: Int32] = [:]
    /// Nodes whose data `setupQuota` replaced: the data as stored (digest input).
    var storedBeforeQuota: [Int32: (start: Int, length: Int32)] = [:]

    /// Java's `DataTree.root`: the last node loaded whose path has no `/`; -1 when none.
    public var root: Int32 = -1
    /// Live nodes (Java's `getNodeCount()` is one more: `"/"` also names the root).
    public private(set) var nodeCount = 0
    /// Ids in use or free: node ids are below this.
    public var idLimit: Int { parentColumn.count }

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
        index = ChildIndex()
    }

    // MARK: - Names and paths

    /// The name's range in ``nameBytes``.
    @inlinable
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
    public var nameBytes: [UInt8] { names }

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
        for i in 0..<parentColumn.count where parentColumn[i] != -2 {
            try body(Int32(truncatingIfNeeded: i))
        }
    }

    /// Whether `node` is a live node id.
    public func isLive(_ node: Int32) -> Bool {
        node >= 0 && Int(node) < parentColumn.count && parentColumn[Int(node)] != -2
    }

    // MARK: - Lookup (Java's `getNode`)

    /// The child of `parent` (-1: the roots) named `name` (canonical bytes).
    @inlinable
    public func child(of parent: Int32, named name: UnsafeRawBufferPointer) -> Int32? {
        child(of: parent, named: name, nameHash: JavaString.hashCode(canonical: name))
    }

    @usableFromInline
    func child(of parent: Int32, named name: UnsafeRawBufferPointer, nameHash: Int32) -> Int32? {
        let hash = ChildIndex.hash(parent: parent, nameHash: nameHash)
        return names.withUnsafeBytes { arena in
            index.find(hash: hash) { n in
                parentColumn[Int(n)] == parent && nameEquals(n, name, arena)
            }
        }
    }

    @usableFromInline
    @inline(__always)
    func nameEquals(_ node: Int32, _ name: UnsafeRawBufferPointer, _ arena: UnsafeRawBufferPointer) -> Bool {
        let range = nameRange(node)
        guard range.count == name.count else { return false }
        guard let a = arena.baseAddress, let b = name.baseAddress, !range.isEmpty else { return true }
        return memcmpEqual(a + range.lowerBound, b, range.count)
    }

    /// Java's `getNode(path)` for a canonical path: `"/"` is the root; any other path is
    /// resolved from the root named by its first component (normally `""`).
    public func node(atPath path: UnsafeRawBufferPointer) -> Int32? {
        if path.count == 1 && path[0] == UInt8(ascii: "/") { return root >= 0 ? root : nil }
        return resolve(path)
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

    public func node(atPath path: [UInt8]) -> Int32? {
        path.withUnsafeBytes { node(atPath: $0) }
    }

    // MARK: - Children

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
        kids.removeAll(keepingCapacity: true)
        var c = firstChild[Int(node)]
        while c >= 0 {
            kids.append(c)
            c = nextSibling[Int(c)]
        }
        if kids.count < 2 { return }
        kids.reverse()
        var capacity = 8
        if !childPeak.isEmpty, let peak = childPeak[node] {
            capacity = JavaHashOrder.capacity(afterPuts: Int(peak), initialCapacity: 8)
        }
        hashes.removeAll(keepingCapacity: true)
        names.withUnsafeBytes { arena in
            for k in kids {
                hashes.append(JavaString.hashCode(canonical: UnsafeRawBufferPointer(rebasing: arena[nameRange(k)])))
            }
        }
        let order = names.withUnsafeBytes { arena in
            hashes.withUnsafeBufferPointer { h in
                JavaHashOrder.order(
                    hashCodes: h,
                    initialCapacity: capacity,
                    isSameKey: { kids[$0] == kids[$1] },
                    compareKeys: {
                        JavaString.compare(
                            canonical: UnsafeRawBufferPointer(rebasing: arena[nameRange(kids[$0])]),
                            UnsafeRawBufferPointer(rebasing: arena[nameRange(kids[$1])])
                        )
                    }
                )
            }
        }
        let copy = kids
        for (k, i) in order.enumerated() { kids[k] = copy[i] }
    }

    // MARK: - Data, stat, ACL

    /// Data length as Java counts it; -1 for null data.
    @inlinable
    public func dataLength(_ node: Int32) -> Int32 { dataLengthColumn[Int(node)] }

    /// Calls `body` with the node's data (empty for null data, or when data is not kept).
    @inlinable
    public func withData<R>(_ node: Int32, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let length = Int(dataLengthColumn[Int(node)])
        guard options.keepsData, length > 0 else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
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

    /// Calls `body` with the data as the snapshot stored it (before `setupQuota`); nil for
    /// null data or when data is not kept.
    public func withStoredData<R>(_ node: Int32, _ body: (UnsafeRawBufferPointer?) throws -> R) rethrows -> R {
        var start = options.keepsData ? dataStart[Int(node)] : 0
        var length = dataLengthColumn[Int(node)]
        if !storedBeforeQuota.isEmpty, let stored = storedBeforeQuota[node] { (start, length) = stored }
        guard options.keepsData, length >= 0 else { return try body(nil) }
        if length == 0 { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return try withData(start: start, length: Int(length)) { try body($0) }
    }

    /// Whether loaded data is read in place from a mapped snapshot (``DataTreeLoader/dataMapping``).
    public var readsDataInPlace: Bool { mappedData != nil }

    /// The node's data; nil for null data (or when data is not kept).
    public func data(_ node: Int32) -> [UInt8]? {
        guard options.keepsData, dataLengthColumn[Int(node)] >= 0 else { return nil }
        return withData(node) { Array($0) }
    }

    /// `DataNode.setData`: replaces the node's data (nil: null data).
    public func setData(_ node: Int32, _ data: UnsafeRawBufferPointer?) {
        storedBeforeQuota[node] = nil
        setDataKeepingDigest(node, data)
    }

    func setDataKeepingDigest(_ node: Int32, _ data: UnsafeRawBufferPointer?) {
        dataLengthColumn[Int(node)] = data.map { Int32(truncatingIfNeeded: $0.count) } ?? -1
        guard options.keepsData else { return }
        let start = dataArena.count
        if let data { dataArena.append(contentsOf: data) }
        dataStart[Int(node)] = mappedData == nil ? start : ~start
    }

    public func setData(_ node: Int32, _ data: [UInt8]?) {
        if let data {
            data.withUnsafeBytes { setData(node, $0) }
        } else {
            setData(node, nil as UnsafeRawBufferPointer?)
        }
    }

    /// The node's stat (zeros when stats are not kept).
    @inlinable
    public func stat(_ node: Int32) -> StatPersisted {
        options.keepsStats ? stats[Int(node)] : StatPersisted()
    }

    /// Changes the node's stat (parent `cversion`/`pzxid` bookkeeping is the caller's, as in
    /// `DataTree.createNode`). Keeps ``ephemerals`` in step with `ephemeralOwner`.
    public func updateStat(_ node: Int32, _ body: (inout StatPersisted) -> Void) {
        guard options.keepsStats else { return }
        let before = stats[Int(node)].ephemeralOwner
        body(&stats[Int(node)])
        let after = stats[Int(node)].ephemeralOwner
        if before != after {
            removeEphemeral(node, owner: before)
            addEphemeral(node, owner: after)
        }
    }

    /// The node's ACL reference in ``aclCache`` (-1, Java's `OPEN_UNSAFE_ACL_ID`, when not kept).
    public func aclRef(_ node: Int32) -> Int64 { options.keepsACLs ? aclRefs[Int(node)] : -1 }

    /// `DataTree.setACL`'s node part: the reference changes, and the cache's usage counts.
    public func setACLRef(_ node: Int32, _ ref: Int64) {
        guard options.keepsACLs else { return }
        aclCache.removeUsage(aclRefs[Int(node)])
        aclRefs[Int(node)] = ref
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
    /// owner in `stat` is recorded in ``ephemerals``; the ACL reference's usage is counted.
    @discardableResult
    public func createNode(
        parent: Int32,
        name: UnsafeRawBufferPointer,
        data: UnsafeRawBufferPointer?,
        aclRef: Int64 = -1,
        stat: StatPersisted
    ) throws(NodeError) -> Int32 {
        guard parent == -1 || isLive(parent) else { throw .noNode }
        let nameHash = JavaString.hashCode(canonical: name)
        if let existing = child(of: parent, named: name, nameHash: nameHash) { throw .nodeExists(existing) }
        let node = appendNode(parent: parent, name: name, nameHash: nameHash)
        setColumns(node, dataLength: data.map { Int32(truncatingIfNeeded: $0.count) } ?? -1, stat: stat, aclRef: aclRef)
        if options.keepsData {
            let start = dataArena.count
            if let data { dataArena.append(contentsOf: data) }
            dataStart[Int(node)] = mappedData == nil ? start : ~start
        }
        if options.keepsACLs { aclCache.addUsage(aclRef) }
        if options.keepsStats { addEphemeral(node, owner: stat.ephemeralOwner) }
        if parent >= 0 { link(node, to: parent) } else { root = node }
        return node
    }

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
        guard firstChild[Int(node)] < 0 else { throw .notEmpty }
        let parent = parentColumn[Int(node)]
        if parent >= 0 && inChildSet(node) {
            childPeak[parent] = max(childPeak[parent] ?? 0, Int32(truncatingIfNeeded: childCount(parent)))
            unlink(node, from: parent)
        }
        let hash = keyHash(node)
        index.remove(node, hash: hash, rehash: keyHash)
        if options.keepsStats { removeEphemeral(node, owner: stats[Int(node)].ephemeralOwner) }
        if options.keepsACLs { aclCache.removeUsage(aclRefs[Int(node)]) }
        storedBeforeQuota[node] = nil
        childPeak[node] = nil
        if root == node { root = -1 }
        parentColumn[Int(node)] = -2
        dataLengthColumn[Int(node)] = -1
        nextSibling[Int(node)] = freeHead
        freeHead = node
        nodeCount -= 1
    }

    // MARK: - Internals shared with the loader

    @inline(__always)
    func keyHash(_ node: Int32) -> UInt64 {
        let range = nameRange(node)
        let h = names.withUnsafeBytes { JavaString.hashCode(canonical: UnsafeRawBufferPointer(rebasing: $0[range])) }
        return ChildIndex.hash(parent: parentColumn[Int(node)], nameHash: h)
    }

    /// A new id with its name and parent set and indexed; other columns to be set.
    @inline(__always)
    func appendNode(parent: Int32, name: UnsafeRawBufferPointer, nameHash: Int32) -> Int32 {
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
            if options.keepsData { dataStart.append(0) }
            if options.keepsStats { stats.append(StatPersisted()) }
            if options.keepsACLs { aclRefs.append(-1) }
        }
        index.insert(node, hash: ChildIndex.hash(parent: parent, nameHash: nameHash), rehash: keyHash)
        nodeCount += 1
        return node
    }

    @inline(__always)
    func setColumns(_ node: Int32, dataLength: Int32, stat: StatPersisted, aclRef: Int64) {
        dataLengthColumn[Int(node)] = dataLength
        if options.keepsStats { stats[Int(node)] = stat }
        if options.keepsACLs { aclRefs[Int(node)] = aclRef }
    }

    /// Adds `node` to `parent`'s child set (as the newest).
    @inline(__always)
    func link(_ node: Int32, to parent: Int32) {
        let head = firstChild[Int(parent)]
        nextSibling[Int(node)] = head
        if !prevSibling.isEmpty {
            prevSibling[Int(node)] = -1
            if head >= 0 { prevSibling[Int(head)] = node }
        }
        firstChild[Int(parent)] = node
    }

    /// Whether `node` is in its parent's child set (a replaced parent's old children are not).
    func inChildSet(_ node: Int32) -> Bool {
        let parent = parentColumn[Int(node)]
        guard parent >= 0 else { return false }
        buildPrevSiblings()
        return firstChild[Int(parent)] == node || prevSibling[Int(node)] >= 0
    }

    private func buildPrevSiblings() {
        guard prevSibling.isEmpty else { return }
        prevSibling = [Int32](repeating: -1, count: parentColumn.count)
        for p in 0..<parentColumn.count where parentColumn[p] != -2 {
            var c = firstChild[p]
            var previous: Int32 = -1
            while c >= 0 {
                prevSibling[Int(c)] = previous
                previous = c
                c = nextSibling[Int(c)]
            }
        }
    }

    private func unlink(_ node: Int32, from parent: Int32) {
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
    func detachChildren(_ node: Int32) {
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
    func reserve(nodes: Int, nameBytes: Int, dataBytes: Int) {
        nameStart.reserveCapacity(nodes)
        parentColumn.reserveCapacity(nodes)
        firstChild.reserveCapacity(nodes)
        nextSibling.reserveCapacity(nodes)
        dataLengthColumn.reserveCapacity(nodes)
        if options.keepsStats { stats.reserveCapacity(nodes) }
        if options.keepsACLs { aclRefs.reserveCapacity(nodes) }
        if options.keepsData {
            dataStart.reserveCapacity(nodes)
            dataArena.reserveCapacity(dataBytes)
        }
        names.reserveCapacity(nameBytes)
    }
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
