internal import Glibc
internal import ZKStorage

/// Reads a snapshot into a ``SnapshotTree`` the way `FileSnap.deserialize` fills a fresh
/// `DataTree` and session map: header (magic checked), sessions, ACL cache (parsed, not kept),
/// node records up to the `"/"` terminator. Nothing after the terminator matters to Java; the
/// seals are checked only to warn (``SealCheck``).
///
/// Java semantics kept here:
/// - a node's parent is `nodes.get(path.substring(0, lastSlash))`: the entry stored last under
///   that path, found in O(1) on the chain of the previous record's ancestors (pre-order), or
///   by a path map for files that are not in pre-order;
/// - a record without `/` in its path becomes the root (normally only `""`);
/// - paths are compared as Java strings (canonical bytes, see ``JavaText``).
struct SnapshotLoader {
    /// The path to open (a Java string, for messages).
    let path: String
    /// The bytes the OS knows the file by.
    let pathBytes: [UInt8]
    /// The file as the user named it (for warnings).
    let displayName: String
    let mode: SnapshotTree.Mode

    /// The result of a load: the tree, and what the seal check found (nil when all is well).
    struct Result {
        var tree: SnapshotTree
        var warning: String?
    }

    /// ISA-L (about twice as fast as zlib here). Until `GzipInflater.read` computed the bytes
    /// consumed without `UInt32` underflow it trapped on some corrupt input; `.zlib` is the
    /// fallback if that ever comes back.
    static let gzipBackend = GzipBackend.isal

    func load() throws(ZKStorageError) -> Result {
        let file = try MappedFile(pathBytes: pathBytes, name: path)
        let codec = SnapshotCodec(fileName: path)
        do {
            return try load(file: file, codec: codec)
        } catch {
            guard codec != .plain, error.code == .corruptCompressedStream else { throw error }
            return try withExtendedLifetime(file) { () throws(ZKStorageError) -> Result in
                var damage = error
                if codec == .gzip && Self.gzipBackend != .zlib {
                    // zlib says precisely where the damage is (ISA-L may not); it is also the
                    // library Java's inflater uses.
                    do throws(ZKStorageError) {
                        return try load(file: file, codec: codec, backend: .zlib)
                    } catch let zlibError {
                        guard zlibError.code == .corruptCompressedStream else { throw zlibError }
                        damage = zlibError
                    }
                }
                guard let offset = damage.offset else { throw damage }
                return try loadBeforeDamage(file: file, codec: codec, damage: damage, at: offset)
            }
        }
    }

    /// Java inflates only as far as it reads and stops at the node terminator, while the
    /// decoders here work ahead in large blocks and report damage that Java may never reach.
    /// So load again from the input cut just before the damage: if the node records end
    /// before it, print them (with a warning); if parsing fails on the decodable bytes before
    /// it, that is Java's failure too; if the data runs out, Java would have hit the damage.
    ///
    /// zlib may notice a bad symbol a few bytes after it starts, so gzip input is cut back
    /// byte by byte until the damage is no longer seen; snappy damage is reported at the
    /// start of its block.
    private func loadBeforeDamage(
        file: MappedFile,
        codec: SnapshotCodec,
        damage: ZKStorageError,
        at offset: Int
    ) throws(ZKStorageError) -> Result {
        var cut = min(offset, file.count - 1)
        for _ in 0..<12 where cut > 0 {
            let prefix = MappedFile(bytes: Array(file.bytes[0..<cut]))
            do {
                var result = try load(file: prefix, codec: codec, backend: .zlib, checkSeals: false)
                var detail = damage.detail
                let compressed = " (compressed offset)"
                if detail.hasSuffix(compressed) { detail.removeLast(compressed.count) }
                result.warning =
                    "\(displayName): \(detail) at compressed byte offset \(offset), after the node records; "
                    + "printed anyway, as Java stops reading before it"
                return result
            } catch {
                switch error.code {
                case .corruptCompressedStream:
                    // The same damage again: cut further back. Anything else means the data
                    // ran out at the cut, so Java would have reached the damage.
                    guard codec == .gzip, error.detail == damage.detail else { throw damage }
                    cut = min(cut, error.offset ?? cut) - 1
                case .truncated:
                    throw damage
                default:
                    throw error
                }
            }
        }
        throw damage
    }

    private func load(
        file: MappedFile,
        codec: SnapshotCodec,
        backend: GzipBackend = gzipBackend,
        checkSeals: Bool = true
    ) throws(ZKStorageError) -> Result {
        let tree = SnapshotTree(mode: mode)
        var reader = try SnapshotReader(file: file, codec: codec, gzipBackend: backend)
        do {
            var sessions: [(id: Int64, timeout: Int32)] = []
            try reader.readSessions { sessions.append((id: $0, timeout: $1)) }
            tree.sessions = sessions
            try reader.readACLCache { _, _ in }
        } catch let error as ZKStorageError {
            throw error.inFile(path)
        } catch {
            throw ZKStorageError(.malformedRecord, file: path, offset: reader.offset, "\(error)")
        }
        let pages = InputPages(file: file, codec: codec)
        var builder = Builder(tree: tree, file: path, mapping: pages.dataByReference(mode: mode) ? pages.base : nil)
        if let size = pages.decodedSizeEstimate { builder.reserve(forDecodedSize: size) }
        var releaseAt = pages.nextRelease
        while let record = try reader.nextNode() {
            try builder.add(record)
            if reader.offset >= releaseAt {
                pages.release(decodedOffset: record.offset)
                releaseAt = pages.nextRelease
            }
        }
        builder.finish()
        tree.terminatorOffset = reader.offset
        if builder.mapping != nil { tree.mappedData = pages }
        var warning: String?
        if checkSeals {
            if codec == .plain {
                warning = pages.checkSeals(terminatorEnd: reader.offset, file: displayName)
            } else {
                warning = SealCheck.check(reader: &reader, file: displayName)
            }
        }
        return Result(tree: tree, warning: warning)
    }
}

/// Builds the per-entry arrays record by record.
private struct Builder {
    let tree: SnapshotTree
    let file: String
    let keepsStats: Bool
    let keepsData: Bool
    /// The previous record's canonical path, and its ancestors' entries and path lengths.
    var previous: [UInt8] = []
    var chain: [(entry: Int32, length: Int)] = []
    /// Path -> latest entry; built only when a parent is not on the chain.
    var pathMap: [[UInt8]: Int32]?
    /// Entries whose path has no `/`.
    var rootLike: [Int32] = []
    /// The arrays being filled (moved into the tree by `finish`).
    var columns = Columns()

    /// Start of a plain file's mapping when `-d` data is read from it rather than copied.
    let mapping: UnsafeRawPointer?

    init(tree: SnapshotTree, file: String, mapping: UnsafeRawPointer?) {
        self.tree = tree
        self.file = file
        self.mapping = mapping
        keepsStats = tree.mode.keepsStats
        keepsData = tree.mode.keepsData
        previous.reserveCapacity(4096)
    }

    /// Presizes the arrays for a decoded snapshot of about `size` bytes, to upper bounds (a node
    /// record takes at least 76 bytes), so that they never grow by copying: a copy would hold
    /// the old and the new buffer at once. Capacity that is never written costs no memory.
    mutating func reserve(forDecodedSize size: Int) {
        let cap = 1 << 32
        let entries = min(size / 76 + 16, cap / 64)
        columns.nameEnd.reserveCapacity(entries)
        columns.parent.reserveCapacity(entries)
        columns.dataLength.reserveCapacity(entries)
        if keepsStats { columns.stats.reserveCapacity(entries) }
        if keepsData {
            columns.dataStart.reserveCapacity(entries)
            if mapping == nil { columns.data.reserveCapacity(min(size, cap)) }
        }
        columns.names.reserveCapacity(min(size, cap))
    }

    mutating func add(_ record: SnapshotNodeRecord) throws(ZKStorageError) {
        guard columns.parent.count < Int(Int32.max) - 2 else {
            throw ZKStorageError(.malformedRecord, file: file, offset: record.offset, "more than 2^31 nodes")
        }
        if JavaText.isWellFormed(record.path) {
            try add(record, path: record.path)
        } else {
            let canonical = JavaText.canonical(ofMalformed: record.path)
            do {
                try canonical.withUnsafeBytes { try add(record, path: $0) }
            } catch let error as ZKStorageError {
                throw error
            } catch {
                throw ZKStorageError(.malformedRecord, file: file, offset: record.offset, "\(error)")
            }
        }
    }

    private mutating func add(_ record: SnapshotNodeRecord, path: UnsafeRawBufferPointer) throws(ZKStorageError) {
        let entry = Int32(truncatingIfNeeded: columns.parent.count)
        var lastSlash = path.count - 1
        while lastSlash >= 0 && path[lastSlash] != UInt8(ascii: "/") { lastSlash -= 1 }
        var parent: Int32 = -1
        if lastSlash < 0 {
            rootLike.append(entry)
            tree.rootEntry = entry
            chain.removeAll(keepingCapacity: true)
        } else {
            parent = findOnChain(path, parentLength: lastSlash)
            if parent < 0 {
                parent = lookUp(UnsafeRawBufferPointer(rebasing: path[0..<lastSlash]))
                guard parent >= 0 else {
                    throw ZKStorageError(
                        .malformedRecord,
                        file: file,
                        offset: record.offset,
                        "invalid data tree: the parent \"\(text(path[0..<lastSlash]))\" of node \"\(text(path[...]))\" "
                            + "was not stored before it",
                        java: JavaException(
                            "java.io.IOException",
                            "Invalid Datatree, unable to find parent \(text(path[0..<lastSlash])) of path \(text(path[...]))"
                        )
                    )
                }
                restartChain(at: parent, path: UnsafeRawBufferPointer(rebasing: path[0..<lastSlash]))
            }
        }
        chain.append((entry: entry, length: path.count))
        previous.removeAll(keepingCapacity: true)
        previous.append(contentsOf: path)
        if pathMap != nil { pathMap?[Array(path)] = entry }

        columns.names.append(contentsOf: UnsafeRawBufferPointer(rebasing: path[(lastSlash + 1)...]))
        columns.nameEnd.append(columns.names.count)
        columns.parent.append(parent)
        columns.dataLength.append(record.data.map { Int32(truncatingIfNeeded: $0.count) } ?? -1)
        if keepsStats { columns.stats.append(record.stat) }
        if keepsData {
            if let mapping, let start = record.data?.baseAddress {
                columns.dataStart.append(start - mapping)
            } else {
                columns.dataStart.append(columns.data.count)
                if let data = record.data { columns.data.append(contentsOf: data) }
            }
        }
    }

    /// The parent on the previous record's ancestor chain, or -1.
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
        let parent = chain[j].entry
        chain.removeLast(chain.count - j - 1)
        return parent
    }

    /// Java's `nodes.get(parentPath)` for a parent that is not on the chain.
    private mutating func lookUp(_ parentPath: UnsafeRawBufferPointer) -> Int32 {
        if pathMap == nil {
            var map: [[UInt8]: Int32] = [:]
            for i in 0..<columns.parent.count {
                map[columns.storedPath(Int32(truncatingIfNeeded: i))] = Int32(truncatingIfNeeded: i)
            }
            pathMap = map
        }
        return pathMap?[Array(parentPath)] ?? -1
    }

    /// Restarts the chain at `parent`, found by path. Its ancestors by parent link need not be
    /// the latest nodes of their paths any more, so they are left out: later records whose
    /// parent is off the chain are looked up by path again.
    private mutating func restartChain(at parent: Int32, path: UnsafeRawBufferPointer) {
        chain.removeAll(keepingCapacity: true)
        chain.append((entry: parent, length: path.count))
    }

    /// Finishes the tree: children in Java order, and Java's path-keyed view when needed.
    mutating func finish() {
        tree.columns = columns
        columns = Columns()
        let distinctChildren = tree.buildChildren()
        var distinctRoots = true
        var seen = Set<[UInt8]>()
        for e in rootLike where !seen.insert(tree.name(e)).inserted { distinctRoots = false }
        let rootIsEmptyPath = tree.rootEntry < 0 || tree.nameRange(tree.rootEntry).isEmpty
        if !(distinctChildren && distinctRoots && rootIsEmptyPath) {
            tree.general = GeneralTree(tree: tree)
        }
    }

    private func text(_ bytes: Slice<UnsafeRawBufferPointer>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes), as: UTF8.self)
    }
}
