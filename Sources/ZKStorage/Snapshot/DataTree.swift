/// A snapshot loaded into memory the way ZooKeeper's `DataTree.deserialize` loads it, so that
/// tools can walk it in Java's order:
///
/// - each node's children iterate in the order of the `HashSet<String>(8)` the loader fills in
///   file order (``children(of:)``, via ``JavaHashOrder``, tree bins included);
/// - sessions iterate in `HashMap<Long,Integer>` order (``sessionsInJavaOrder``);
/// - the data of every `zookeeper_stats` quota node is replaced by the recomputed
///   `count=N,bytes=M`, as `DataTree.setupQuota` does on load.
///
/// Storage is compact: paths (and, if asked for, data) live in two byte arenas and each node is
/// a fixed-size struct, so a million-node snapshot costs a few hundred bytes per node.
public final class DataTree {
    /// One znode.
    public struct Node: Sendable {
        /// Range of the full path in `pathArena` (the root's path is empty).
        public var pathStart: Int
        public var pathLength: Int32
        /// Offset of the last path component within the path.
        public var nameOffset: Int32
        /// Data length; -1 for null data.
        public var dataLength: Int32
        /// Range of the data in `dataArena` when data is kept.
        public var dataStart: Int
        public var aclRef: Int64
        public var stat: StatPersisted
        public var parent: Int32
        var firstChild: Int32 = -1
        var lastChild: Int32 = -1
        var nextSibling: Int32 = -1
        public internal(set) var childCount: Int32 = 0
    }

    public private(set) var nodes: [Node] = []
    public private(set) var pathArena: [UInt8] = []
    public private(set) var dataArena: [UInt8] = []
    /// Whether node data was kept (otherwise only lengths are known).
    public let keepsData: Bool
    /// Sessions in file order.
    public private(set) var sessions: [(id: Int64, timeout: Int32)] = []
    /// The ACL cache in file order.
    public private(set) var aclCache: [(ref: Int64, acls: [ACL])] = []
    public let header: FileHeader
    /// The tail (seals, digest), when `readTail` was requested.
    public private(set) var tail: SnapshotTail?
    /// Data replaced on load (quota stats), by node index.
    public private(set) var replacedData: [Int32: [UInt8]] = [:]
    /// Index of the root node (-1 if the snapshot has none).
    public private(set) var root: Int32 = -1

    /// Loads a snapshot.
    ///
    /// - Parameters:
    ///   - keepData: keep node data (needed to print or compare data; lengths are always kept).
    ///   - readTail: also read and verify the seals after the nodes. Java's formatter and
    ///     comparer stop at the terminator and never look at the tail.
    /// - Throws: the reader's errors; `.malformedRecord` for a node whose parent has not been
    ///   seen (Java: "Invalid Datatree, unable to find parent").
    public init(reader: inout SnapshotReader, keepData: Bool = true, readTail: Bool = false) throws {
        keepsData = keepData
        header = reader.header
        var sessions: [(id: Int64, timeout: Int32)] = []
        try reader.readSessions { sessions.append((id: $0, timeout: $1)) }
        self.sessions = sessions
        var cache: [(ref: Int64, acls: [ACL])] = []
        try reader.readACLCache { cache.append((ref: $0, acls: $1)) }
        aclCache = cache
        while let record = try reader.nextNode() {
            try add(record, file: reader.path)
        }
        index = [:]
        collisions = [:]
        if readTail { tail = try reader.readTail() }
        setupQuota()
    }

    /// Loads the snapshot at `path` (codec from its suffix).
    public convenience init(path: String, keepData: Bool = true, readTail: Bool = false) throws {
        var reader = try SnapshotReader(path: path)
        try self.init(reader: &reader, keepData: keepData, readTail: readTail)
    }

    // MARK: - Loading

    /// Path hash (FNV-1a over the canonical path bytes) → node index; `collisions` holds the
    /// rare second path with the same hash.
    private var index: [UInt64: Int32] = [:]
    private var collisions: [UInt64: [Int32]] = [:]

    private func add(_ r: SnapshotNodeRecord, file: String) throws {
        // Java keys nodes by the decoded string: invalid UTF-8 is replaced first, so two byte
        // sequences that decode alike are one path. Valid UTF-8 is its own canonical form.
        var canonical: [UInt8]? = nil
        if r.path.contains(where: { $0 >= 0x80 }) {
            canonical = Array(JavaUTF8.decode(r.path).utf8)
        }
        try withOptionalBytes(canonical, or: r.path) { path in try add(r, path: path, file: file) }
    }

    private func withOptionalBytes(
        _ bytes: [UInt8]?,
        or fallback: UnsafeRawBufferPointer,
        _ body: (UnsafeRawBufferPointer) throws -> Void
    ) rethrows {
        if let bytes { try bytes.withUnsafeBytes(body) } else { try body(fallback) }
    }

    private func add(_ r: SnapshotNodeRecord, path: UnsafeRawBufferPointer, file: String) throws {
        // Java: lastIndexOf('/') == -1 makes the node the root; otherwise the parent must exist.
        var lastSlash = -1
        var i = path.count - 1
        while i >= 0 {
            if path[i] == UInt8(ascii: "/") {
                lastSlash = i
                break
            }
            i -= 1
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var parentHash = hash
        for (k, b) in path.enumerated() {
            if k == lastSlash { parentHash = hash }
            hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3
        }
        var parent: Int32 = -1
        if lastSlash >= 0 {
            let parentPath = UnsafeRawBufferPointer(rebasing: path[0..<lastSlash])
            guard let p = lookup(parentPath, hash: parentHash) else {
                throw ZKStorageError(
                    .malformedRecord,
                    file: file,
                    offset: r.offset,
                    "invalid data tree: no parent \(JavaUTF8.decode(parentPath)) for path \(JavaUTF8.decode(path))",
                    java: JavaException(
                        "java.io.IOException",
                        "Invalid Datatree, unable to find parent \(JavaUTF8.decode(parentPath)) of path \(JavaUTF8.decode(path))"
                    )
                )
            }
            parent = p
        }
        if let existing = lookup(path, hash: hash) {
            // A repeated path replaces the node (Java's nodes.put); its children start over.
            let e = Int(existing)
            nodes[e].dataLength = r.data.map { Int32($0.count) } ?? -1
            nodes[e].dataStart = appendData(r.data)
            nodes[e].aclRef = r.aclRef
            nodes[e].stat = r.stat
            nodes[e].firstChild = -1
            nodes[e].lastChild = -1
            nodes[e].childCount = 0
            if parent < 0 { root = existing }
            return
        }
        let newIndex = Int32(nodes.count)
        nodes.append(
            Node(
                pathStart: pathArena.count,
                pathLength: Int32(path.count),
                nameOffset: Int32(lastSlash + 1),
                dataLength: r.data.map { Int32($0.count) } ?? -1,
                dataStart: appendData(r.data),
                aclRef: r.aclRef,
                stat: r.stat,
                parent: parent
            )
        )
        pathArena.append(contentsOf: path)
        if index[hash] == nil {
            index[hash] = newIndex
        } else {
            // A different path with the same hash (lookup above found no equal path).
            collisions[hash, default: []].append(newIndex)
        }
        if parent >= 0 {
            let p = Int(parent)
            if nodes[p].lastChild >= 0 {
                nodes[Int(nodes[p].lastChild)].nextSibling = newIndex
            } else {
                nodes[p].firstChild = newIndex
            }
            nodes[p].lastChild = newIndex
            nodes[p].childCount += 1
        } else {
            root = newIndex
        }
    }

    private func lookup(_ path: UnsafeRawBufferPointer, hash: UInt64) -> Int32? {
        if let i = index[hash], pathEquals(i, path) { return i }
        for i in collisions[hash] ?? [] where pathEquals(i, path) { return i }
        return nil
    }

    private func appendData(_ data: UnsafeRawBufferPointer?) -> Int {
        let start = dataArena.count
        if keepsData, let data { dataArena.append(contentsOf: data) }
        return start
    }

    private func pathEquals(_ index: Int32, _ path: UnsafeRawBufferPointer) -> Bool {
        let n = nodes[Int(index)]
        guard Int(n.pathLength) == path.count else { return false }
        return pathArena.withUnsafeBytes { arena in
            guard path.count > 0 else { return true }
            return memcmpBytes(arena.baseAddress! + n.pathStart, path.baseAddress!, path.count)
        }
    }

    // MARK: - Access

    /// The node's full path bytes ("" for the root).
    public func path(bytesOf index: Int32) -> [UInt8] {
        let n = nodes[Int(index)]
        return Array(pathArena[n.pathStart..<(n.pathStart + Int(n.pathLength))])
    }

    /// The node's path as Java prints it ("/" for the root).
    public func pathString(_ index: Int32) -> String {
        let bytes = path(bytesOf: index)
        return bytes.isEmpty ? "/" : JavaUTF8.decode(bytes)
    }

    /// The last path component's bytes ("" for the root).
    public func name(bytesOf index: Int32) -> ArraySlice<UInt8> {
        let n = nodes[Int(index)]
        return pathArena[(n.pathStart + Int(n.nameOffset))..<(n.pathStart + Int(n.pathLength))]
    }

    /// Data length as the tools see it after quota recomputation; null data counts as 0.
    public func dataLength(_ index: Int32) -> Int {
        if let replaced = replacedData[index] { return replaced.count }
        return max(Int(nodes[Int(index)].dataLength), 0)
    }

    /// The node's data after quota recomputation (nil for null data); nil if data was not kept.
    public func data(_ index: Int32) -> [UInt8]? {
        if let replaced = replacedData[index] { return replaced }
        let n = nodes[Int(index)]
        guard keepsData, n.dataLength >= 0 else { return nil }
        return Array(dataArena[n.dataStart..<(n.dataStart + Int(n.dataLength))])
    }

    /// Calls `body` with the node's data bytes without copying (empty for null data).
    public func withData<R>(_ index: Int32, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        if let replaced = replacedData[index] { return try replaced.withUnsafeBytes(body) }
        let n = nodes[Int(index)]
        guard keepsData, n.dataLength > 0 else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return try dataArena.withUnsafeBytes {
            try body(UnsafeRawBufferPointer(rebasing: $0[n.dataStart..<(n.dataStart + Int(n.dataLength))]))
        }
    }

    /// Calls `body` with the data as stored in the snapshot (before quota recomputation).
    public func withStoredData<R>(_ index: Int32, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let n = nodes[Int(index)]
        guard keepsData, n.dataLength > 0 else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return try dataArena.withUnsafeBytes {
            try body(UnsafeRawBufferPointer(rebasing: $0[n.dataStart..<(n.dataStart + Int(n.dataLength))]))
        }
    }

    /// Children in file (insertion) order.
    public func childrenInFileOrder(of index: Int32) -> [Int32] {
        var result: [Int32] = []
        result.reserveCapacity(Int(nodes[Int(index)].childCount))
        var c = nodes[Int(index)].firstChild
        while c >= 0 {
            result.append(c)
            c = nodes[Int(c)].nextSibling
        }
        return result
    }

    /// Children in the iteration order of Java's `HashSet<String>(8)` filled in file order.
    public func children(of index: Int32) -> [Int32] {
        let inserted = childrenInFileOrder(of: index)
        if inserted.count <= 1 { return inserted }
        var hashes = [Int32](repeating: 0, count: inserted.count)
        pathArena.withUnsafeBytes { arena in
            for (k, c) in inserted.enumerated() {
                let n = nodes[Int(c)]
                let name = UnsafeRawBufferPointer(
                    rebasing: arena[(n.pathStart + Int(n.nameOffset))..<(n.pathStart + Int(n.pathLength))]
                )
                hashes[k] = DataTree.javaHash(name)
            }
        }
        let order = hashes.withUnsafeBufferPointer { h in
            JavaHashOrder.order(
                hashCodes: h,
                initialCapacity: 8,
                isSameKey: { self.name(bytesOf: inserted[$0]) == self.name(bytesOf: inserted[$1]) },
                compareKeys: {
                    JavaString.compare(
                        JavaUTF8.decode(Array(self.name(bytesOf: inserted[$0]))),
                        JavaUTF8.decode(Array(self.name(bytesOf: inserted[$1])))
                    )
                }
            )
        }
        return order.map { inserted[$0] }
    }

    /// `String.hashCode()` of the Java string these bytes decode to.
    static func javaHash(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        var h: UInt32 = 0
        for b in bytes {
            if b >= 0x80 { return JavaString.hashCode(JavaUTF8.decode(bytes)) }
            h = h &* 31 &+ UInt32(b)
        }
        return Int32(bitPattern: h)
    }

    /// Sessions in the iteration order of `HashMap<Long,Integer>()` filled in file order.
    public var sessionsInJavaOrder: [(id: Int64, timeout: Int32)] {
        // A repeated id keeps its first position but takes the last timeout (HashMap.put).
        var latest: [Int64: Int32] = [:]
        for s in sessions { latest[s.id] = s.timeout }
        let order = JavaHashOrder.longMapOrder(sessions.map(\.id))
        return order.map { (id: sessions[$0].id, timeout: latest[sessions[$0].id] ?? sessions[$0].timeout) }
    }

    /// Number of znodes (Java's `DataTree.getNodeCount()` is this + 1: the root is stored twice).
    public var nodeCount: Int { nodes.count }

    // MARK: - Quota (DataTree.setupQuota)

    private static let quotaPath = Array("/zookeeper/quota".utf8)
    private static let limitsSuffix = Array("/zookeeper_limits".utf8)

    private func setupQuota() {
        guard let quota = lookupPath(DataTree.quotaPath) else { return }
        traverseQuota(quota)
    }

    /// Looks a path up by walking down from the root (no index needed).
    public func lookupPath(_ path: [UInt8]) -> Int32? {
        guard root >= 0 else { return nil }
        if path.isEmpty || path == [UInt8(ascii: "/")] { return root }
        var current = root
        var start = 1
        guard path.first == UInt8(ascii: "/") else { return nil }
        while start <= path.count {
            var end = start
            while end < path.count && path[end] != UInt8(ascii: "/") { end += 1 }
            let component = path[start..<end]
            var c = nodes[Int(current)].firstChild
            var found: Int32 = -1
            while c >= 0 {
                if name(bytesOf: c).elementsEqual(component) { found = c }
                c = nodes[Int(c)].nextSibling
            }
            guard found >= 0 else { return nil }
            current = found
            start = end + 1
        }
        return current
    }

    private func traverseQuota(_ index: Int32) {
        let kids = children(of: index)
        if kids.isEmpty {
            let path = self.path(bytesOf: index)
            guard let at = firstRange(of: DataTree.limitsSuffix, in: path),
                path.count >= DataTree.limitsSuffix.count,
                Array(path.suffix(DataTree.limitsSuffix.count)) == DataTree.limitsSuffix,
                at >= DataTree.quotaPath.count
            else { return }
            let realPath = Array(path[DataTree.quotaPath.count..<at])
            updateQuota(realPath)
            return
        }
        for k in kids { traverseQuota(k) }
    }

    private func firstRange(of needle: [UInt8], in hay: [UInt8]) -> Int? {
        guard hay.count >= needle.count else { return nil }
        var i = 0
        while i + needle.count <= hay.count {
            if hay[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    private func updateQuota(_ realPath: [UInt8]) {
        var count = 0
        var bytes = 0
        if let start = lookupPath(realPath) {
            var stack = [start]
            while let n = stack.popLast() {
                count += 1
                bytes += dataLength(n)
                stack.append(contentsOf: childrenInFileOrder(of: n))
            }
        }
        let statPath = DataTree.quotaPath + realPath + Array("/zookeeper_stats".utf8)
        guard let stat = lookupPath(statPath) else { return }
        replacedData[stat] = Array("count=\(count),bytes=\(bytes)".utf8)
    }
}

@inline(__always)
private func memcmpBytes(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ n: Int) -> Bool {
    var i = 0
    while i + 8 <= n {
        if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
            return false
        }
        i += 8
    }
    while i < n {
        if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
        i += 1
    }
    return true
}
