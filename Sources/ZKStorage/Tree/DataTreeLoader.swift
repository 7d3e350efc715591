internal import Glibc

/// Fills a ``DataTree`` from a snapshot the way `FileSnap.deserialize` fills a fresh `DataTree`
/// (`SerializeUtils.deserializeSnapshot`, then `DataTree.deserialize`): sessions, the ACL
/// cache, then node records up to the `"/"` terminator. Quota statistics are the caller's next
/// step (``DataTree/setupQuota()``), as are the seals (``SnapshotReader/readTail()``).
///
/// Per record (Java's loop): the path is made canonical (``JavaString/canonical(_:)``);
/// `nodes.put(path, node)` (a repeated path replaces the node in place, see ``DataTree``); a
/// path without `/` becomes the root; otherwise the parent is `nodes.get(path before the last
/// "/")` or the load fails with Java's "Invalid Datatree"; the name joins the parent's child
/// set; a non-zero owner other than the container marker lists the node under its session.
///
/// Snapshots are written in pre-order, so the parent is nearly always on the previous
/// record's chain of ancestors (found with one `memcmp`); otherwise it is looked up by path.
/// Memory is bounded by the distinct paths: repeated records reuse their node.
public struct DataTreeLoader {
    public var options: DataTree.Options
    /// A plain snapshot's mapping: node data is then read in place, not copied (`keepsData`).
    public var dataMapping: MappedFile?
    /// The decoded snapshot's size, if known: the columns are presized to upper bounds (a node
    /// record takes at least 84 bytes) so they never grow by copying. Unused capacity costs no
    /// memory.
    public var decodedSizeHint: Int?
    /// Called with the current record's offset every ``progressStep`` decoded bytes (the
    /// formatter releases the input pages behind it).
    public var progress: ((Int) -> Void)?
    public var progressStep = 32 << 20

    public init(options: DataTree.Options = .all) {
        self.options = options
    }

    /// A cheap hint for ``decodedSizeHint``: a plain file's size, or a gzip file's `ISIZE`
    /// trailer (the decoded size mod 2^32); nil for snappy.
    public static func decodedSizeHint(file: MappedFile, codec: SnapshotCodec) -> Int? {
        let bytes = file.bytes
        switch codec {
        case .plain:
            return bytes.count
        case .gzip:
            guard bytes.count >= 18 else { return nil }
            var size = 0
            for k in 0..<4 { size |= Int(bytes[bytes.count - 4 + k]) << (8 * k) }
            return size
        case .snappy:
            return nil
        }
    }

    /// What a load leaves besides the tree.
    public struct Loaded {
        public var tree: DataTree
        /// Offset just after the `"/"` terminator (the tail starts there).
        public var terminatorEnd: Int
    }

    /// Reads sessions, the ACL cache and the node records from `reader` (positioned after the
    /// header).
    ///
    /// - Throws: the reader's errors (all with file and offset); `.malformedRecord` with Java's
    ///   `IOException: Invalid Datatree, unable to find parent <p> of path <path>` for a node
    ///   whose parent path holds no node; more than 2^31 distinct paths.
    public func load(_ reader: inout SnapshotReader) throws(ZKStorageError) -> Loaded {
        let tree = DataTree(options: options)
        let end = try load(&reader, into: tree)
        return Loaded(tree: tree, terminatorEnd: end)
    }

    /// ``load(_:)`` into an empty tree made with this loader's options; returns the offset
    /// just after the terminator.
    public func load(_ reader: inout SnapshotReader, into tree: DataTree) throws(ZKStorageError) -> Int {
        let keepsACLs = options.keepsACLs
        do {
            try reader.readSessions { tree.addSession($0, timeout: $1) }
            if keepsACLs {
                try reader.readACLCache { tree.aclCache.add(ref: $0, acls: $1) }
            } else {
                try reader.readACLCache { _, _ in }
            }
        } catch let error as ZKStorageError {
            throw error.inFile(reader.path)
        } catch {
            throw ZKStorageError(.malformedRecord, file: reader.path, offset: reader.offset, "\(error)")
        }
        let mapping = options.keepsData ? dataMapping : nil
        var builder = Builder(tree: tree, file: reader.path, mapping: mapping?.bytes.baseAddress)
        try tree.modifyStore { (store) throws(ZKStorageError) in
            store.mappedData = mapping
            // A tree loaded in pre-order needs no index (see `Builder`); one is built when the
            // file leaves pre-order or repeats a path with children, or on the first mutation.
            if store.nodeCount == 0 { store.indexed = false }
            if let size = decodedSizeHint {
                let nodes = min(size / 84 + 16, 1 << 26)
                store.reserve(
                    nodes: nodes,
                    nameBytes: min(size, 1 << 32),
                    dataBytes: mapping == nil ? min(size, 1 << 32) : 0
                )
            }
            var nextProgress = progress == nil ? Int.max : progressStep
            while let record = try reader.nextNode() {
                try builder.add(record, to: &store)
                if reader.offset >= nextProgress, let progress {
                    progress(record.offset)
                    nextProgress = reader.offset + progressStep
                }
            }
        }
        builder.finish()
        if keepsACLs { tree.aclCache.purgeUnused() }
        return reader.offset
    }
}

extension DataTree {
    /// Loads the snapshot at `path` (codec from its suffix), runs `setupQuota`, and optionally
    /// reads the tail.
    public convenience init(
        snapshotAt path: String,
        options: Options = .all,
        readTail: Bool = false
    ) throws {
        var reader = try SnapshotReader(path: path)
        try self.init(reader: &reader, options: options, readTail: readTail)
    }

    /// Loads from an open reader, runs `setupQuota`, and optionally reads the tail (``tail``).
    public convenience init(reader: inout SnapshotReader, options: Options = .all, readTail: Bool = false) throws {
        self.init(options: options)
        _ = try DataTreeLoader(options: options).load(&reader, into: self)
        if readTail { tail = try reader.readTail() }
        try setupQuota()
    }
}

/// Adds node records to a tree.
private struct Builder {
    let tree: DataTree
    let file: String
    let keepsStats: Bool
    let keepsData: Bool
    let keepsACLs: Bool
    /// Start of the mapping that data is read from in place, if any.
    let mapping: UnsafeRawPointer?
    /// The previous record's canonical path (its first `previousLength` bytes), and its
    /// ancestors' nodes and path lengths (the first `chainCount` entries; the arrays only
    /// grow, so pushing and popping levels allocates nothing).
    var previous: [UInt8] = []
    var previousLength = 0
    var chain: [(node: Int32, length: Int)] = []
    var chainCount = 0
    /// For each chain level, the screen hashes (``NameHashSet/hash(_:)``) of the names of the
    /// children added to its node since it came onto the chain (used until the index is built).
    var childHashes: [NameHashSet] = []
    /// Ephemeral nodes with their owners, added to the tree's sets at the end (``finish()``):
    /// a load only adds to them, and a set built at once from its members is cheaper.
    var ephemerals: [(owner: Int64, node: Int32)] = []

    init(tree: DataTree, file: String, mapping: UnsafeRawPointer?) {
        self.tree = tree
        self.file = file
        self.mapping = mapping
        keepsStats = tree.options.keepsStats
        keepsData = tree.options.keepsData
        keepsACLs = tree.options.keepsACLs
        previous = [UInt8](repeating: 0, count: 4096)
    }

    mutating func add(_ record: SnapshotNodeRecord, to store: inout NodeStore) throws(ZKStorageError) {
        if JavaString.isCanonical(record.path) {
            try add(record, path: record.path, to: &store)
        } else {
            let canonical = JavaString.canonical(record.path)
            var result: Result<Void, ZKStorageError> = .success(())
            canonical.withUnsafeBytes { path in
                result = Result { () throws(ZKStorageError) in try add(record, path: path, to: &store) }
            }
            try result.get()
        }
    }

    private mutating func add(
        _ record: SnapshotNodeRecord,
        path: UnsafeRawBufferPointer,
        to store: inout NodeStore
    ) throws(ZKStorageError) {
        var lastSlash = path.count - 1
        while lastSlash >= 0 && path[lastSlash] != UInt8(ascii: "/") { lastSlash -= 1 }
        var parent: Int32 = -1
        // The chain level of the parent when it was found there (its child names so far are
        // in `childHashes[level]`), or -1.
        var level = -1
        if lastSlash < 0 {
            truncateChain(to: 0)
            // Roots are few; a file with many is not what Java writes: use the index.
            if store.rootNodes.count > 64 { store.buildIndex() }
        } else {
            level = findOnChain(path, parentLength: lastSlash)
            if level >= 0 {
                parent = chain[level].node
                truncateChain(to: level + 1)
            } else {
                // Not in pre-order: earlier children of the parent may be off the chain, so
                // repeated paths are found through the index from now on.
                store.buildIndex()
                let parentPath = UnsafeRawBufferPointer(rebasing: path[0..<lastSlash])
                guard let found = store.resolve(parentPath) else {
                    throw ZKStorageError(
                        .malformedRecord,
                        file: file,
                        offset: record.offset,
                        "invalid data tree: the parent \"\(text(parentPath))\" of node \"\(text(path))\" "
                            + "was not stored before it",
                        java: JavaException(
                            "java.io.IOException",
                            "Invalid Datatree, unable to find parent \(text(parentPath)) of path \(text(path))"
                        )
                    )
                }
                parent = found
                truncateChain(to: 0)
                pushChain(parent, length: lastSlash)
            }
        }
        let name = UnsafeRawBufferPointer(rebasing: path[(lastSlash + 1)...])
        let dataLength = record.data.map { Int32(truncatingIfNeeded: $0.count) } ?? -1
        // Is the path new? With the index, ask it (Java's hash of the name is then needed).
        // Without, the parent has been on the chain since its record, so all its children were
        // added since and their screen hashes are in its set: only a hash seen before needs a
        // look at the child set.
        var existing: Int32?
        var nameHash: Int32 = 0
        if store.indexed || parent < 0 {
            nameHash = JavaString.hashCode(canonical: name)
            existing = store.child(of: parent, named: name, nameHash: nameHash)
        } else if !childHashes[level].insert(NameHashSet.hash(name)) {
            existing = store.scanChildren(of: parent, named: name)
        }
        if existing == nil && store.freeHead < 0 && parent >= 0 && !store.indexed {
            // The common case, a new node in a fresh tree: every column appended at once.
            guard store.parentColumn.count < Int(Int32.max) - 2 else {
                throw ZKStorageError(.malformedRecord, file: file, offset: record.offset, "more than 2^31 nodes")
            }
            var dataOffset = 0
            if keepsData {
                if let mapping, let start = record.data?.baseAddress {
                    dataOffset = start - mapping
                } else {
                    dataOffset = store.dataArena.count
                    if let data = record.data { store.dataArena.append(contentsOf: data) }
                }
            }
            let node = store.appendLoadedNode(
                parent: parent,
                name: name,
                dataLength: dataLength,
                dataOffset: dataOffset,
                stat: record.stat,
                aclRef: record.aclRef
            )
            if keepsACLs { tree.aclCache.addUsage(record.aclRef) }
            if keepsStats && DataTree.isEphemeralOwner(record.stat.ephemeralOwner) {
                ephemerals.append((owner: record.stat.ephemeralOwner, node: node))
            }
            pushChain(node, length: path.count)
            remember(path)
            return
        }
        if nameHash == 0 { nameHash = JavaString.hashCode(canonical: name) }
        let node: Int32
        if let existing {
            // A repeated path: Java's fresh DataNode, with an empty child set. Its old children
            // stay reachable by path only, which needs the index.
            node = existing
            if store.hasChildren(node) {
                store.buildIndex()
                store.detachChildren(node)
            }
            if parent >= 0 && !store.inChildSet(node) { store.link(node, to: parent) }
        } else {
            guard store.parentColumn.count < Int(Int32.max) - 2 else {
                throw ZKStorageError(.malformedRecord, file: file, offset: record.offset, "more than 2^31 nodes")
            }
            node = store.appendNode(parent: parent, name: name, nameHash: nameHash)
            if parent >= 0 { store.link(node, to: parent) }
        }
        store.setColumns(node, dataLength: dataLength, stat: record.stat, aclRef: record.aclRef)
        if keepsData {
            if let mapping, let start = record.data?.baseAddress {
                store.dataStart[Int(node)] = start - mapping
            } else {
                store.dataStart[Int(node)] = store.dataArena.count
                if let data = record.data { store.dataArena.append(contentsOf: data) }
            }
        }
        if keepsACLs { tree.aclCache.addUsage(record.aclRef) }
        if parent < 0 {
            tree.root = node
        } else if keepsStats && DataTree.isEphemeralOwner(record.stat.ephemeralOwner) {
            ephemerals.append((owner: record.stat.ephemeralOwner, node: node))
        }
        pushChain(node, length: path.count)
        remember(path)
    }

    /// Adds the ephemeral nodes to the tree's per-session sets.
    mutating func finish() {
        guard !ephemerals.isEmpty else { return }
        ephemerals.sort { $0.owner < $1.owner }
        var k = 0
        while k < ephemerals.count {
            let owner = ephemerals[k].owner
            var end = k
            while end < ephemerals.count && ephemerals[end].owner == owner { end += 1 }
            var members = Set<Int32>(minimumCapacity: end - k)
            for j in k..<end { members.insert(ephemerals[j].node) }
            tree.addEphemerals(members, owner: owner)
            k = end
        }
        ephemerals = []
    }

    /// Keeps `path` as the previous record's.
    @inline(__always)
    private mutating func remember(_ path: UnsafeRawBufferPointer) {
        if previous.count < path.count { previous = [UInt8](repeating: 0, count: max(path.count, 2 * previous.count)) }
        previousLength = path.count
        guard let src = path.baseAddress, path.count > 0 else { return }
        previous.withUnsafeMutableBytes { $0.baseAddress?.copyMemory(from: src, byteCount: path.count) }
    }

    /// The chain level holding the parent (the previous record's ancestor whose path is
    /// `path`'s first `parentLength` bytes), or -1.
    @inline(__always)
    private func findOnChain(_ path: UnsafeRawBufferPointer, parentLength: Int) -> Int {
        guard parentLength <= previousLength else { return -1 }
        var j = chainCount - 1
        while j >= 0 && chain[j].length > parentLength { j -= 1 }
        guard j >= 0, chain[j].length == parentLength else { return -1 }
        let same = previous.withUnsafeBytes { prev in
            guard parentLength > 0, let a = prev.baseAddress, let b = path.baseAddress else { return true }
            return memcmp(a, b, parentLength) == 0
        }
        return same ? j : -1
    }

    /// Drops the chain's levels from `count` on, with their child-name sets.
    @inline(__always)
    private mutating func truncateChain(to count: Int) {
        guard chainCount > count else { return }
        for k in count..<chainCount { childHashes[k].clear() }
        chainCount = count
    }

    @inline(__always)
    private mutating func pushChain(_ node: Int32, length: Int) {
        if chainCount < chain.count {
            chain[chainCount] = (node: node, length: length)
        } else {
            chain.append((node: node, length: length))
            childHashes.append(NameHashSet())
        }
        chainCount &+= 1
    }

    private func text(_ bytes: UnsafeRawBufferPointer) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}

/// The names of one node's children as screen hashes (the loader's repeated-path check):
/// open addressing over the first `size` of `UInt64` slots, each holding a generation stamp
/// above and the hash below; a slot of an older generation is empty. Emptying the set is a new
/// stamp and a size of 16 again, so a level of the chain reuses its table for every node that
/// comes onto it without allocating, and a small set stays in the table's first cache lines
/// even after a big one. A false "seen" only costs a look at the child set.
struct NameHashSet {
    private var slots = [UInt64](repeating: 0, count: 16)
    private var size = 16
    private var stamp: UInt64 = 1
    private var count = 0
    /// The entries being moved by ``grow()``.
    private var moving: [UInt64] = []

    /// A name's screen hash (``NameHash``, 32 bits of it).
    @inline(__always)
    static func hash(_ name: UnsafeRawBufferPointer) -> UInt32 { UInt32(truncatingIfNeeded: NameHash.of(name)) }

    /// Adds `hash`; false when it was there already.
    @inline(__always)
    mutating func insert(_ hash: UInt32) -> Bool {
        if (count &+ 1) &* 2 > size { grow() }
        let entry = stamp << 32 | UInt64(hash)
        let mask = size &- 1
        let current = stamp
        return slots.withUnsafeMutableBufferPointer { table in
            var i = Int(truncatingIfNeeded: (hash &* 0x9E37_79B9) >> 7) & mask
            while true {
                let slot = table[i]
                if slot >> 32 != current {
                    table[i] = entry
                    count &+= 1
                    return true
                }
                if slot == entry { return false }
                i = (i &+ 1) & mask
            }
        }
    }

    /// Doubles `size`: the entries move under a new stamp.
    private mutating func grow() {
        moving.removeAll(keepingCapacity: true)
        for i in 0..<size where slots[i] >> 32 == stamp { moving.append(slots[i]) }
        size *= 2
        if slots.count < size { slots.append(contentsOf: repeatElement(0, count: size - slots.count)) }
        newStamp()
        count = 0
        for entry in moving { _ = insert(UInt32(truncatingIfNeeded: entry)) }
    }

    private mutating func newStamp() {
        stamp &+= 1
        if stamp > UInt64(UInt32.max) {
            stamp = 1
            for i in slots.indices { slots[i] = 0 }
        }
    }

    /// Empties the set.
    @inline(__always)
    mutating func clear() {
        guard count > 0 else { return }
        count = 0
        size = 16
        newStamp()
    }
}
