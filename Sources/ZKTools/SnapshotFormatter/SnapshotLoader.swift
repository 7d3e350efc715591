internal import Glibc
internal import ZKStorage

/// What the formatter prints, and so what its tree keeps.
enum OutputMode {
    case text
    case data
    case json

    var keepsData: Bool { self == .data }

    /// Stats for text and `-d`, data for `-d`; never ACLs.
    var treeOptions: DataTree.Options {
        DataTree.Options(keepsStats: self != .json, keepsData: self == .data, keepsACLs: false)
    }
}

/// Loads a snapshot with ``DataTreeLoader`` (magic checked) the way `FileSnap.deserialize` does,
/// with the formatter's policy around it: the input's pages are released behind the parser
/// (``InputPages``), damage in a compressed stream that Java would never reach is tolerated,
/// and the seals after the terminator are checked only to warn (``SealCheck``).
struct SnapshotLoader {
    /// The path to open.
    let path: String
    /// The file as the user named it (for warnings).
    let displayName: String
    let mode: OutputMode

    /// The result of a load: the tree, and what the seal check found (nil when all is well).
    struct Result {
        var tree: DataTree
        /// Offset just after the node terminator.
        var terminatorOffset: Int
        /// The input's pages (`-d` on a plain file reads node data from them).
        var pages: InputPages
        var warning: String?
    }

    /// ISA-L (about twice as fast as zlib here). Until `GzipInflater.read` computed the bytes
    /// consumed without `UInt32` underflow it trapped on some corrupt input; `.zlib` is the
    /// fallback if that ever comes back.
    static let gzipBackend = GzipBackend.isal

    func load() throws(ZKStorageError) -> Result {
        let file = try MappedFile(path: path)
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
        var reader = try SnapshotReader(file: file, codec: codec, gzipBackend: backend)
        let pages = InputPages(file: file, codec: codec)
        var loader = DataTreeLoader(options: mode.treeOptions)
        if pages.dataByReference(mode: mode) { loader.dataMapping = file }
        loader.decodedSizeHint = pages.decodedSizeEstimate
        loader.progressStep = InputPages.step
        loader.progress = { pages.release(decodedOffset: $0) }
        let loaded = try loader.load(&reader)
        var warning: String?
        if checkSeals {
            if codec == .plain {
                warning = pages.checkSeals(terminatorEnd: reader.offset, file: displayName)
            } else {
                warning = SealCheck.check(reader: &reader, file: displayName)
            }
        }
        return Result(tree: loaded.tree, terminatorOffset: loaded.terminatorEnd, pages: pages, warning: warning)
    }
}
