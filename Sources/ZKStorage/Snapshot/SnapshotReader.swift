/// One znode record as it streams out of a snapshot. `path` and `data` are views into the
/// reader's window, valid until the next call on the reader.
///
///     ustring path | buffer data (-1 = null) | int64 aclRef (-1 = open ACL) | StatPersisted (60)
public struct SnapshotNodeRecord {
    /// Offset of the record in the decoded stream.
    public var offset: Int
    /// The path bytes; the root's path is empty.
    public var path: UnsafeRawBufferPointer
    /// The data, or nil for a null buffer.
    public var data: UnsafeRawBufferPointer?
    public var aclRef: Int64
    public var stat: StatPersisted
}

/// A checksum seal: `int64 checksum | ustring "/"`, where the checksum is the running Adler-32
/// of every decoded byte before it.
public struct SnapshotSeal: Equatable, Sendable {
    /// Offset of the seal in the decoded stream.
    public var offset: Int
    public var stored: Int64
    public var computed: UInt32
    /// True when the string after the checksum is "/" (Java does not check it).
    public var slashPresent: Bool

    public var isValid: Bool { stored == Int64(computed) }
}

/// The digest written after seal #1 since 3.6.0 (`ZxidDigest`):
/// `int64 zxid | int32 digestVersion | int64 digest` (a hex ustring when digestVersion < 2).
public struct SnapshotDigest: Equatable, Sendable {
    public var zxid: Int64
    public var version: Int32
    public var digest: Int64

    public init(zxid: Int64, version: Int32 = 2, digest: Int64) {
        self.zxid = zxid
        self.version = version
        self.digest = digest
    }
}

/// Everything after the node terminator.
///
///     seal #1                                    always
///     ZxidDigest + seal #2                       3.6+ with zookeeper.digest.enabled (default)
///     int64 lastProcessedZxid + seal #3          3.9+ (default)
public struct SnapshotTail: Equatable, Sendable {
    public var seals: [SnapshotSeal]
    public var digest: SnapshotDigest?
    public var lastProcessedZxid: Int64?
    /// Decoded bytes after the last recognised part (Java ignores them).
    public var trailingBytes: Int

    /// True when every seal verifies.
    public var sealsValid: Bool { !seals.isEmpty && seals.allSatisfy(\.isValid) }
}

/// Streams a snapshot: header, sessions, ACL cache, nodes, tail, in file order, in plain, gzip
/// or snappy form. Memory stays flat: only the current record is held.
///
///     FileHeader            "ZKSN", version 2, dbid -1
///     int32 sessionCount    then { int64 id | int32 timeoutMs } × count
///     int32 aclCount        then { int64 aclRef | vector<ACL> } × count
///     node records          pre-order, until the terminator path "/"
///     tail                  see ``SnapshotTail``
///
/// Call the methods in that order: `readSessions`, `readACLCache`, `nextNode` until nil, `readTail`.
public struct SnapshotReader {
    public let path: String
    public let codec: SnapshotCodec
    public let header: FileHeader
    public var limits: JuteLimits
    let stream: DecodedStream

    /// Opens a snapshot; the codec comes from the file name unless given.
    ///
    /// - Parameters:
    ///   - checkMagic: when true, a header that is not "ZKSN" throws `.badMagic`.
    ///   - readAhead: work ahead of the parser on a second thread: decompress gzip or snappy
    ///     (when more than one CPU is online), or compute a plain file's Adler-32 for the seals.
    ///     Same bytes, same results, same errors; leave it off when the caller already keeps
    ///     both cores busy.
    public init(
        path: String,
        codec: SnapshotCodec? = nil,
        checkMagic: Bool = true,
        limits: JuteLimits = .default,
        gzipBackend: GzipBackend = .isal,
        readAhead: Bool = true
    ) throws(ZKStorageError) {
        try self.init(
            file: MappedFile(path: path),
            codec: codec ?? SnapshotCodec(fileName: path),
            checkMagic: checkMagic,
            limits: limits,
            gzipBackend: gzipBackend,
            readAhead: readAhead
        )
    }

    public init(
        file: MappedFile,
        codec: SnapshotCodec,
        checkMagic: Bool = true,
        limits: JuteLimits = .default,
        gzipBackend: GzipBackend = .isal,
        readAhead: Bool = true
    ) throws(ZKStorageError) {
        do {
            try self.init(
                unguarded: file,
                codec: codec,
                checkMagic: checkMagic,
                limits: limits,
                gzipBackend: gzipBackend,
                readAhead: readAhead
            )
        } catch {
            throw Self.trusted(error, file)
        }
    }

    /// `error`, unless the file shrank (or could not be read) while it was read: then that
    /// error, since the zeros that replaced the lost bytes are no damage of the snapshot's own.
    static func trusted(_ error: ZKStorageError, _ file: MappedFile) -> ZKStorageError {
        file.lostOffset.map { ZKStorageError.inputLost(file.path, at: $0) } ?? error
    }

    /// Any error of a public step, through ``trusted(_:_:)``.
    private func trusted(_ error: any Error) -> any Error {
        guard let error = error as? ZKStorageError else { return error }
        return Self.trusted(error, stream.file)
    }

    private init(
        unguarded file: MappedFile,
        codec: SnapshotCodec,
        checkMagic: Bool,
        limits: JuteLimits,
        gzipBackend: GzipBackend,
        readAhead: Bool
    ) throws(ZKStorageError) {
        self.path = file.path
        self.codec = codec
        self.limits = limits
        stream = try DecodedStream(file: file, codec: codec, gzipBackend: gzipBackend, readAhead: readAhead)
        guard try stream.ensure(FileHeader.byteCount) else {
            throw ZKStorageError(
                .truncated,
                file: file.path,
                offset: stream.offset + stream.available,
                "snapshot ends before its 16-byte header"
            )
        }
        var c = stream.cursor
        let magic = c.readInt32()!
        let version = c.readInt32()!
        let dbid = c.readInt64()!
        stream.advance(by: 16)
        header = FileHeader(magic: magic, version: version, dbid: dbid)
        if checkMagic && magic != FileHeader.snapshotMagic {
            throw ZKStorageError(
                .badMagic,
                file: file.path,
                offset: 0,
                "mismatching magic header \(magic), expected \(FileHeader.snapshotMagic) (\"ZKSN\")",
                java: JavaException(
                    "java.io.IOException",
                    "mismatching magic headers \(magic) !=  \(FileHeader.snapshotMagic)"
                )
            )
        }
    }

    private func eof(_ what: String) -> ZKStorageError {
        ZKStorageError(.truncated, file: path, offset: stream.offset, "snapshot ends inside \(what)")
    }

    private func need(_ n: Int, _ what: @autoclosure () -> String) throws(ZKStorageError) {
        guard try stream.ensure(n) else { throw eof(what()) }
    }

    private func readInt(_ what: @autoclosure () -> String) throws(ZKStorageError) -> Int32 {
        try need(4, what())
        var c = stream.cursor
        stream.advance(by: 4)
        return c.readInt32()!
    }

    private func readLong(_ what: @autoclosure () -> String) throws(ZKStorageError) -> Int64 {
        try need(8, what())
        var c = stream.cursor
        stream.advance(by: 8)
        return c.readInt64()!
    }

    /// Reads the session table, calling `body(sessionId, timeoutMs)` for each in file order.
    /// A count ≤ 0 means none (as in Java).
    public mutating func readSessions(_ body: (Int64, Int32) throws -> Void) throws {
        do { try sessions(body) } catch { throw trusted(error) }
    }

    private mutating func sessions(_ body: (Int64, Int32) throws -> Void) throws {
        let count = try readInt("session count")
        var i: Int32 = 0
        while i < count {
            try need(12, "session entry \(i)")
            var c = stream.cursor
            let id = c.readInt64()!
            let timeout = c.readInt32()!
            stream.advance(by: 12)
            try body(id, timeout)
            i += 1
        }
    }

    /// Reads the ACL cache, calling `body(aclRef, acls)` for each entry in file order.
    /// - Throws: `.malformedRecord` for a null ACL vector (Java: "... - missing acls").
    public mutating func readACLCache(_ body: (Int64, [ACL]) throws -> Void) throws {
        do { try aclCache(body) } catch { throw trusted(error) }
    }

    private mutating func aclCache(_ body: (Int64, [ACL]) throws -> Void) throws {
        let count = try readInt("ACL cache count")
        var i: Int32 = 0
        while i < count {
            let ref = try readLong("ACL cache key")
            let vectorOffset = stream.offset
            let n = try readInt("ACL vector count")
            if n == -1 {
                throw ZKStorageError(
                    .malformedRecord,
                    file: path,
                    offset: vectorOffset,
                    "null ACL vector in the ACL cache",
                    java: JavaException(
                        "java.lang.RuntimeException",
                        "Incorrent format of InputArchive when deserialize DataTree - missing acls"
                    )
                )
            }
            var acls: [ACL] = []
            var k: Int32 = 0
            while k < n {
                acls.append(try readRecord { (d: inout JuteDecoder) throws(ZKStorageError) in try ACL(from: &d) })
                k += 1
            }
            try body(ref, acls)
            i += 1
        }
    }

    /// Decodes one jute record from the stream, growing the window until it fits.
    private func readRecord<T>(_ decode: (inout JuteDecoder) throws(ZKStorageError) -> T) throws(ZKStorageError) -> T {
        var want = 256
        while true {
            let complete = try stream.ensure(want)
            var d = JuteDecoder(stream.cursor, baseOffset: stream.offset, limits: limits)
            do throws(ZKStorageError) {
                let value = try decode(&d)
                stream.advance(by: d.cursor.position)
                return value
            } catch  where error.code == .truncated && complete {
                want *= 4
            } catch {
                throw error.inFile(path)
            }
        }
    }

    /// Reads the next node; nil when the terminator path "/" is reached.
    public mutating func nextNode() throws(ZKStorageError) -> SnapshotNodeRecord? {
        do { return try node() } catch { throw Self.trusted(error, stream.file) }
    }

    /// Reads the next node's path only, with every check of ``nextNode()`` (same errors); the
    /// rest of the record is skipped, not decoded. The view is valid until the next call on
    /// the reader. Nil when the terminator path "/" is reached.
    public mutating func nextNodePath() throws(ZKStorageError) -> UnsafeRawBufferPointer? {
        try nextNodePathAndACL()?.path
    }

    /// ``nextNodePath()`` with the node's ACL reference (the record's `long acl`, after the
    /// path and data).
    public mutating func nextNodePathAndACL() throws(ZKStorageError) -> (
        path: UnsafeRawBufferPointer, aclRef: Int64
    )? {
        do {
            guard let frame = try nodeFrame() else { return nil }
            let bytes = stream.cursor.bytes
            let path = UnsafeRawBufferPointer(rebasing: bytes[4..<(4 + frame.pathLength)])
            let at = 8 + frame.pathLength + Int(max(frame.dataLength, 0))
            let aclRef = Int64(bigEndian: bytes.loadUnaligned(fromByteOffset: at, as: Int64.self))
            stream.advance(by: frame.total)
            return (path, aclRef)
        } catch {
            throw Self.trusted(error, stream.file)
        }
    }

    @inline(__always)
    private mutating func node() throws(ZKStorageError) -> SnapshotNodeRecord? {
        guard let frame = try nodeFrame() else { return nil }
        let p = frame.pathLength
        var c = stream.cursor
        c.position = 4
        let pathView = c.readBytes(p)!
        c.position += 4
        let dataView = frame.dataLength == -1 ? nil : c.readBytes(Int(frame.dataLength))!
        let aclRef = c.readInt64()!
        let stat = StatPersisted(cursor: &c)!
        stream.advance(by: frame.total)
        return SnapshotNodeRecord(offset: frame.offset, path: pathView, data: dataView, aclRef: aclRef, stat: stat)
    }

    /// Checks the next node record's lengths and makes the whole record available at the read
    /// position (not consumed): `pathLength`, `dataLength` (-1: null) and the record's `total`
    /// size. Nil at the terminator path "/" (consumed).
    @inline(__always)
    private mutating func nodeFrame() throws(ZKStorageError) -> (
        offset: Int, pathLength: Int, dataLength: Int32, total: Int
    )? {
        let recordOffset = stream.offset
        // Path length, then path, then data length: grow the window as needed.
        try need(4, "node path length")
        var c = stream.cursor
        let pathLen = c.readInt32()!
        if pathLen == -1 {
            // DataTree.deserialize puts the null path into a ConcurrentHashMap.
            throw ZKStorageError(
                .malformedRecord,
                file: path,
                offset: recordOffset,
                "null node path (expected a path)",
                java: JavaException("java.lang.NullPointerException")
            )
        }
        guard pathLen >= 0, Int(pathLen) <= limits.maxLength else {
            throw ZKStorageError(
                .unreasonableLength,
                file: path,
                offset: recordOffset,
                "unreasonable path length \(pathLen) (expected 0...\(limits.maxLength))",
                java: .unreasonableLength(pathLen)
            )
        }
        let p = Int(pathLen)
        try need(4 + p, "node path")
        if p == 1 && stream.cursor.bytes[4] == UInt8(ascii: "/") {
            stream.advance(by: 5)
            return nil
        }
        try need(4 + p + 4, "node data length")
        c = ByteCursor(stream.cursor.bytes, position: 4 + p)
        let dataLen = c.readInt32()!
        let d: Int
        if dataLen == -1 {
            d = 0
        } else {
            guard dataLen >= 0, Int(dataLen) <= limits.maxLength else {
                throw ZKStorageError(
                    .unreasonableLength,
                    file: path,
                    offset: recordOffset + 4 + p,
                    "unreasonable data length \(dataLen) for node (expected 0...\(limits.maxLength))",
                    java: .unreasonableLength(dataLen)
                )
            }
            d = Int(dataLen)
        }
        let total = 4 + p + 4 + d + 8 + StatPersisted.byteCount
        try need(total, "node record")
        return (recordOffset, p, dataLen, total)
    }

    /// Reads and verifies the seals and the digest/last-zxid tail. Never throws for a bad seal;
    /// it reports it. Throws `.truncated` when seal #1 is missing.
    public mutating func readTail() throws(ZKStorageError) -> SnapshotTail {
        do { return try tail() } catch { throw Self.trusted(error, stream.file) }
    }

    private mutating func tail() throws(ZKStorageError) -> SnapshotTail {
        var seals: [SnapshotSeal] = []
        seals.append(try readSeal())
        let rest = try stream.readToEnd()
        if let damage = stream.deferredError { throw damage }
        var digest: SnapshotDigest?
        var lastZxid: Int64?
        if rest == 21 {
            // 3.9+ with the digest disabled: lastProcessedZxid + seal.
            lastZxid = try readLong("lastProcessedZxid")
            seals.append(try readSeal())
        } else if rest >= 12 {
            let zxid = try readLong("digest zxid")
            let version = try readInt("digest version")
            let value: Int64
            if version >= 2 {
                value = try readLong("digest")
            } else {
                // Pre-release format: the digest as a hex string.
                let text = try readRecord { (d: inout JuteDecoder) throws(ZKStorageError) in try d.readString("digest")
                }
                value = Int64(bitPattern: UInt64(text?.string ?? "", radix: 16) ?? 0)
            }
            digest = SnapshotDigest(zxid: zxid, version: version, digest: value)
            if stream.available >= 13 { seals.append(try readSeal()) }
            // A 3.9+ lastProcessedZxid, recognised only if its seal verifies (otherwise the
            // bytes are trailing garbage, which Java ignores).
            if stream.available >= 21 && stream.sealVerifies(at: 8) {
                lastZxid = try readLong("lastProcessedZxid")
                seals.append(try readSeal())
            }
        }
        return SnapshotTail(seals: seals, digest: digest, lastProcessedZxid: lastZxid, trailingBytes: stream.available)
    }

    private mutating func readSeal() throws(ZKStorageError) -> SnapshotSeal {
        let at = stream.offset
        let computed = stream.checksum(upTo: at)
        let stored = try readLong("checksum seal")
        try need(5, "seal terminator \"/\"")
        var c = stream.cursor
        let slash = c.readInt32() == 1 && c.readUInt8() == UInt8(ascii: "/")
        stream.advance(by: 5)
        return SnapshotSeal(offset: at, stored: stored, computed: computed, slashPresent: slash)
    }

    /// Offset of the next byte in the decoded stream.
    public var offset: Int { stream.offset }
}
