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
        if options.keepsData, let dataMapping { tree.mappedData = dataMapping }
        if let size = decodedSizeHint {
            let nodes = min(size / 84 + 16, 1 << 26)
            tree.reserve(
                nodes: nodes,
                nameBytes: min(size, 1 << 32),
                dataBytes: dataMapping == nil ? min(size, 1 << 32) : 0
            )
        }
        var builder = Builder(tree: tree, file: reader.path, mapping: tree.mappedData?.bytes.baseAddress)
        var nextProgress = progress == nil ? Int.max : progressStep
        while let record = try reader.nextNode() {
            try builder.add(record)
            if reader.offset >= nextProgress, let progress {
                progress(record.offset)
                nextProgress = reader.offset + progressStep
            }
        }
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
    /// The previous record's canonical path, and its ancestors' nodes and path lengths.
    var previous: [UInt8] = []
    var chain: [(node: Int32, length: Int)] = []

    init(tree: DataTree, file: String, mapping: UnsafeRawPointer?) {
        self.tree = tree
        self.file = file
        self.mapping = mapping
        keepsStats = tree.options.keepsStats
        keepsData = tree.options.keepsData
        keepsACLs = tree.options.keepsACLs
        previous.reserveCapacity(4096)
    }

    mutating func add(_ record: SnapshotNodeRecord) throws(ZKStorageError) {
        if JavaString.isCanonical(record.path) {
            try add(record, path: record.path)
        } else {
            let canonical = JavaString.canonical(record.path)
            var result: Result<Void, ZKStorageError> = .success(())
            canonical.withUnsafeBytes { path in
                result = Result { () throws(ZKStorageError) in try add(record, path: path) }
            }
            try result.get()
        }
    }

    private mutating func add(_ record: SnapshotNodeRecord, path: UnsafeRawBufferPointer) throws(ZKStorageError) {
        var lastSlash = path.count - 1
        while lastSlash >= 0 && path[lastSlash] != UInt8(ascii: "/") { lastSlash -= 1 }
        var parent: Int32 = -1
        if lastSlash < 0 {
            chain.removeAll(keepingCapacity: true)
        } else {
            parent = findOnChain(path, parentLength: lastSlash)
            if parent < 0 {
                let parentPath = UnsafeRawBufferPointer(rebasing: path[0..<lastSlash])
                guard let found = tree.resolve(parentPath) else {
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
                chain.removeAll(keepingCapacity: true)
                chain.append((node: parent, length: lastSlash))
            }
        }
        let name = UnsafeRawBufferPointer(rebasing: path[(lastSlash + 1)...])
        let nameHash = JavaString.hashCode(canonical: name)
        let dataLength = record.data.map { Int32(truncatingIfNeeded: $0.count) } ?? -1
        let node: Int32
        if let existing = tree.child(of: parent, named: name, nameHash: nameHash) {
            // A repeated path: Java's fresh DataNode, with an empty child set.
            node = existing
            tree.detachChildren(node)
            if parent >= 0 && !tree.inChildSet(node) { tree.link(node, to: parent) }
        } else {
            guard tree.idLimit < Int(Int32.max) - 2 else {
                throw ZKStorageError(.malformedRecord, file: file, offset: record.offset, "more than 2^31 nodes")
            }
            node = tree.appendNode(parent: parent, name: name, nameHash: nameHash)
            if parent >= 0 { tree.link(node, to: parent) }
        }
        tree.setColumns(node, dataLength: dataLength, stat: record.stat, aclRef: record.aclRef)
        if keepsData {
            if let mapping, let start = record.data?.baseAddress {
                tree.dataStart[Int(node)] = start - mapping
            } else {
                tree.dataStart[Int(node)] = tree.dataArena.count
                if let data = record.data { tree.dataArena.append(contentsOf: data) }
            }
        }
        if keepsACLs { tree.aclCache.addUsage(record.aclRef) }
        if parent < 0 {
            tree.root = node
        } else if keepsStats {
            tree.addEphemeral(node, owner: record.stat.ephemeralOwner)
        }
        chain.append((node: node, length: path.count))
        previous.removeAll(keepingCapacity: true)
        previous.append(contentsOf: path)
    }

    /// The parent on the previous record's ancestor chain, or -1.
    @inline(__always)
    private mutating func findOnChain(_ path: UnsafeRawBufferPointer, parentLength: Int) -> Int32 {
        guard parentLength <= previous.count else { return -1 }
        var j = chain.count - 1
        while j >= 0 && chain[j].length > parentLength { j -= 1 }
        guard j >= 0, chain[j].length == parentLength else { return -1 }
        let same = previous.withUnsafeBytes { prev in
            guard parentLength > 0, let a = prev.baseAddress, let b = path.baseAddress else { return true }
            return memcmp(a, b, parentLength) == 0
        }
        guard same else { return -1 }
        let parent = chain[j].node
        chain.removeLast(chain.count - j - 1)
        return parent
    }

    private func text(_ bytes: UnsafeRawBufferPointer) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
