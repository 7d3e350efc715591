/// What ZooKeeper 3.8's `FileSnap.deserialize` does with one snapshot file at startup:
///
/// 1. `SnapStream.isValidSnapshot` (name, last 5 bytes / gzip / snappy magic): a file that fails
///    is not even tried (``Verdict/notCandidate``).
/// 2. The file is read: header magic, sessions, ACL cache, every node (a node whose parent has
///    not been seen is "Invalid Datatree"), seal #1, then the `ZxidDigest` (EOF there is fine:
///    an older snapshot) and, if it was read, seal #2. Any `IOException` (EOF, CRC corruption,
///    unreasonable length, corrupt gzip/snappy, invalid tree) makes the server log "problem
///    reading snap file" and try the next older snapshot (``Verdict/skipped``).
/// 3. A `RuntimeException` (an ACL vector of -1, a null path) is not caught: startup dies
///    (``Verdict/aborts``).
///
/// Seals are always verified here, although the 3.8 server's `isValidSnapshot` does not look
/// at them: the server does, when it loads the file.
public struct SnapshotLoadCheck: Sendable {
    public enum Verdict: Sendable, Equatable {
        /// The server loads this snapshot.
        case loads
        /// `isValidSnapshot` says no: the server never opens it.
        case notCandidate(reason: String)
        /// The server opens it, fails with an IOException and tries the next older one.
        case skipped(code: String, offset: Int?, detail: String, java: String)
        /// The server dies reading it (a RuntimeException).
        case aborts(code: String, offset: Int?, detail: String, java: String)
    }

    public var path: String
    public var codec: SnapshotCodec
    /// The file's size in bytes.
    public var size: Int
    public var verdict: Verdict
    /// Nodes read (the whole tree when it loads).
    public var nodeCount: Int
    public var sessionCount: Int
    /// The `ZxidDigest` after seal #1, when present.
    public var digest: SnapshotDigest?
    /// Damage after the last seal that 3.8.0 never reads (a bad gzip trailer): the server loads
    /// the file, but 3.9's reader, which probes past the seals, rejects it.
    public var damageBeyondSeals: String?
    /// The largest reference of the ACL cache, once the whole cache was read (nil before, or
    /// for an empty cache): `ReferenceCountedACLCache.aclIndex` after this file's
    /// `deserialize`, which a later `clear()` does not reset, so a snapshot that fails after
    /// its cache leaves it to the next one tried.
    public var aclIndex: Int64?
    /// Whether a node refers to an ACL the cache does not hold: a node created with a new ACL
    /// inside the fuzzy window (the cache is written before the nodes). Only a replay can tell
    /// whether the server gets the reference back before it needs it (see ``ServerRestore``).
    /// False when the file was not read in pre-order.
    public var hasDanglingACLRefs = false

    public var loads: Bool { verdict == .loads }

    /// Checks the snapshot at `path` (codec from its name). `readAhead`: decode (or checksum)
    /// on a second thread ahead of the parser (``SnapshotReader``'s option); leave it off when
    /// the caller already keeps every core busy.
    public init(path: String, limits: JuteLimits = .default, readAhead: Bool = true) {
        self.path = path
        codec = SnapshotCodec(fileName: path)
        size = Int(clamping: JavaFileSystem.length(path))
        nodeCount = 0
        sessionCount = 0
        digest = nil
        var acls = ACLReferences()
        defer {
            aclIndex = acls.index
            hasDanglingACLRefs = acls.dangling
        }
        guard SnapshotValidity.isValidSnapshot(path: path) else {
            verdict = .notCandidate(reason: Self.cheapCheckReason(codec: codec, size: size))
            return
        }
        do {
            let loaded = try Self.loadTree(
                path: path,
                codec: codec,
                limits: limits,
                readAhead: readAhead,
                acls: &acls
            )
            nodeCount = loaded.nodes
            sessionCount = loaded.sessions
            verdict = Self.judge(loaded.tail)
            digest = loaded.tail?.digest
            damageBeyondSeals = loaded.beyondSeals
        } catch let error as ZKStorageError {
            verdict = Self.verdict(for: error)
        } catch {
            verdict = .skipped(code: "unreadable", offset: nil, detail: "\(error)", java: "java.io.IOException")
        }
    }

    /// Reads sessions, ACL cache, every node (with the parent check of `DataTree.deserialize`)
    /// and the tail. Nil tail: it ended inside the digest (which Java reads as "an older
    /// snapshot" and accepts).
    ///
    /// One streaming pass (``PreorderPathCheck``) settles every snapshot ZooKeeper writes; one
    /// it cannot settle (out of pre-order, repeated paths, a missing parent) is read again into
    /// a ``DataTree`` by ``DataTreeLoader``, called from this one place.
    static func loadTree(
        path: String,
        codec: SnapshotCodec,
        limits: JuteLimits,
        readAhead: Bool = true,
        acls: inout ACLReferences
    ) throws -> (nodes: Int, sessions: Int, tail: SnapshotTail?, beyondSeals: String?) {
        var reader = try SnapshotReader(path: path, codec: codec, limits: limits, readAhead: readAhead)
        var sessions = Set<Int64>()
        var cached = Set<Int64>()
        do {
            try reader.readSessions { id, _ in sessions.insert(id) }
            try reader.readACLCache { ref, _ in cached.insert(ref) }
        } catch let error as ZKStorageError {
            throw error.inFile(reader.path)
        } catch {
            throw ZKStorageError(.malformedRecord, file: reader.path, offset: reader.offset, "\(error)")
        }
        acls.index = cached.max()
        var paths = PreorderPathCheck()
        while case .regular = paths.outcome, let node = try reader.nextNodePathAndACL() {
            paths.add(path: node.path)
            if node.aclRef != ACLCache.openUnsafeACLID && !cached.contains(node.aclRef) { acls.dangling = true }
        }
        if case .irregular = paths.outcome {
            acls.dangling = false
            reader = try SnapshotReader(path: path, codec: codec, limits: limits, readAhead: readAhead)
            let tree = try DataTreeLoader(options: .structure).load(&reader).tree
            return try finish(&reader, nodes: tree.nodeCount, sessions: tree.sessionTimeouts.count)
        }
        return try finish(&reader, nodes: paths.nodeCount, sessions: sessions.count)
    }

    /// Reads the tail after the node records.
    private static func finish(
        _ reader: inout SnapshotReader,
        nodes: Int,
        sessions: Int
    ) throws -> (nodes: Int, sessions: Int, tail: SnapshotTail?, beyondSeals: String?) {
        let result: Result<SnapshotTail, ZKStorageError>
        do {
            result = .success(try reader.readTail())
        } catch {
            result = .failure(error)
        }
        switch result {
        case .success(let tail):
            return (nodes, sessions, tail, nil)
        case .failure(let error) where error.code == .truncated && error.detail.contains("digest"):
            // EOF inside the ZxidDigest: Java takes it for an older snapshot without one.
            return (nodes, sessions, nil, nil)
        case .failure(let error) where error.code == .corruptCompressedStream && error.detail.contains("trailer"):
            // 3.8.0 stops reading after the last seal and never sees the gzip trailer.
            return (nodes, sessions, nil, error.description)
        case .failure(let error):
            throw error
        }
    }

    private static func judge(_ tail: SnapshotTail?) -> Verdict {
        guard let tail else { return .loads }
        let crc = "java.io.IOException: CRC corruption"
        guard let first = tail.seals.first else {
            return .skipped(code: "truncated", offset: nil, detail: "no checksum seal", java: "java.io.EOFException")
        }
        if !first.isValid {
            return .skipped(code: "seal-mismatch", offset: first.offset, detail: sealDetail(first, 1), java: crc)
        }
        if tail.digest == nil, tail.lastProcessedZxid != nil {
            // A 3.9 tail without a digest: 3.8 reads lastProcessedZxid + checksum as a ZxidDigest
            // of version 0, whose digest string length is the checksum: unreasonable.
            return .skipped(
                code: "tail-3.9-nodigest",
                offset: first.offset + 13,
                detail: "3.9 lastProcessedZxid tail without a digest, which 3.8 misreads as a ZxidDigest",
                java: "java.io.IOException: Unreasonable length"
            )
        }
        if tail.digest != nil {
            guard tail.seals.count >= 2 else {
                return .skipped(
                    code: "truncated",
                    offset: first.offset + 13,
                    detail: "the file ends after the digest, before seal #2",
                    java: "java.io.EOFException"
                )
            }
            if !tail.seals[1].isValid {
                return .skipped(
                    code: "seal-mismatch",
                    offset: tail.seals[1].offset,
                    detail: sealDetail(tail.seals[1], 2),
                    java: crc
                )
            }
        }
        return .loads
    }

    private static func sealDetail(_ seal: SnapshotSeal, _ n: Int) -> String {
        "seal #\(n) mismatch: stored \(seal.stored.zxidHex), computed \(Int64(seal.computed).zxidHex)"
    }

    static func verdict(for error: ZKStorageError) -> Verdict {
        let java = error.javaException?.description ?? javaName(error.code)
        let className = error.javaException?.className ?? ""
        let code: String
        switch error.code {
        case .truncated: code = "truncated"
        case .badMagic: code = "bad-magic"
        case .checksumMismatch: code = "seal-mismatch"
        case .unreasonableLength: code = "unreasonable-length"
        case .malformedRecord: code = error.detail.contains("parent") ? "invalid-tree" : "malformed"
        case .corruptCompressedStream: code = "corrupt-stream"
        default: code = error.code.rawValue
        }
        if className == "java.lang.RuntimeException" || className == "java.lang.NullPointerException" {
            return .aborts(code: code, offset: error.offset, detail: error.detail, java: java)
        }
        return .skipped(code: code, offset: error.offset, detail: error.detail, java: java)
    }

    private static func javaName(_ code: ZKStorageError.Code) -> String {
        switch code {
        case .truncated: return "java.io.EOFException"
        case .corruptCompressedStream: return "java.util.zip.ZipException"
        default: return "java.io.IOException"
        }
    }

    private static func cheapCheckReason(codec: SnapshotCodec, size: Int) -> String {
        switch codec {
        case .plain:
            return size == 0
                ? "empty file"
                : size < 10
                    ? "only \(size) bytes" : "its last 5 bytes are not 00 00 00 01 2F (the end of a seal): truncated"
        case .gzip: return "it does not start with the gzip magic 1F 8B"
        case .snappy: return "it does not start with snappy-java's magic"
        }
    }
}

/// What ``SnapshotLoadCheck/loadTree(path:codec:limits:readAhead:acls:)`` learns of the ACL
/// references, kept when the load fails later.
struct ACLReferences {
    var index: Int64?
    var dangling = false
}
