/// Writes a snapshot in ZooKeeper 3.8's layout (see ``SnapshotReader``) through the chosen codec,
/// keeping the running Adler-32 of the uncompressed bytes for the seals. The file is written under
/// a temporary name and renamed by `finish()`.
///
/// Order of calls: `writeHeader`, `writeSessions`, `writeACLCache`, `writeNode`…,
/// `writeTerminatorAndSeal`, optionally `writeDigest` and `writeLastProcessedZxid`, `finish`.
public final class SnapshotWriter {
    public let path: String
    public let codec: SnapshotCodec
    private let sink: any SnapshotSink
    private var adler = Adler32()
    private var buffer = ByteWriter(capacity: 1 << 16)

    /// - Parameter codec: defaults to the codec ZooKeeper derives from `path`'s suffix.
    public init(path: String, codec: SnapshotCodec? = nil, overwrite: Bool = true) throws(ZKStorageError) {
        self.path = path
        let codec = codec ?? SnapshotCodec(fileName: path)
        self.codec = codec
        let out = try AtomicFileWriter(path: path, overwrite: overwrite)
        switch codec {
        case .plain: sink = PlainSink(out)
        case .gzip: sink = try GzipSink(out)
        case .snappy: sink = try SnappySink(out)
        }
    }

    private func flushIfLarge() throws(ZKStorageError) {
        if buffer.count >= 1 << 16 { try flush() }
    }

    private func flush() throws(ZKStorageError) {
        guard buffer.count > 0 else { return }
        var result: Result<Void, ZKStorageError> = .success(())
        // Read in place: a copy of the array held across `removeAll` would make it allocate anew.
        buffer.bytes.withUnsafeBytes { raw in
            adler.update(raw)
            do throws(ZKStorageError) { try sink.write(raw) } catch { result = .failure(error) }
        }
        buffer.removeAll()
        try result.get()
    }

    public func writeHeader(_ header: FileHeader = .snapshot) throws(ZKStorageError) {
        header.encode(to: &buffer)
    }

    /// Writes the session count and the sessions in the given order.
    public func writeSessions(_ sessions: [(id: Int64, timeout: Int32)]) throws(ZKStorageError) {
        buffer.writeInt32(Int32(truncatingIfNeeded: sessions.count))
        for s in sessions {
            buffer.writeInt64(s.id)
            buffer.writeInt32(s.timeout)
            try flushIfLarge()
        }
    }

    /// Writes the ACL cache in the given order.
    public func writeACLCache(_ entries: [(ref: Int64, acls: [ACL])]) throws(ZKStorageError) {
        buffer.writeInt32(Int32(truncatingIfNeeded: entries.count))
        for e in entries {
            buffer.writeInt64(e.ref)
            buffer.writeACLList(e.acls)
            try flushIfLarge()
        }
    }

    /// Writes one node record. The root's path is empty.
    public func writeNode(
        path: UnsafeRawBufferPointer,
        data: UnsafeRawBufferPointer?,
        aclRef: Int64,
        stat: StatPersisted
    ) throws(ZKStorageError) {
        // One append per record: path and data are at most what memory holds, no overflow.
        let dataCount = data?.count ?? 0
        let count = 4 + path.count + 4 + dataCount + 8 + StatPersisted.byteCount
        buffer.append(count: count) { p in
            var at = 0
            p.storeBigEndian(Int32(truncatingIfNeeded: path.count), at: &at)
            if let source = path.baseAddress, path.count > 0 {
                (p + at).copyMemory(from: source, byteCount: path.count)
            }
            at += path.count
            if let data {
                p.storeBigEndian(Int32(truncatingIfNeeded: data.count), at: &at)
                if let source = data.baseAddress, dataCount > 0 {
                    (p + at).copyMemory(from: source, byteCount: dataCount)
                }
                at += dataCount
            } else {
                p.storeBigEndian(Int32(-1), at: &at)
            }
            p.storeBigEndian(aclRef, at: &at)
            stat.encode(into: p, at: &at)
        }
        try flushIfLarge()
    }

    private func seal() throws(ZKStorageError) {
        try flush()
        buffer.writeInt64(Int64(adler.value))
        buffer.writeString(JuteString(bytes: [UInt8(ascii: "/")]))
    }

    /// Writes the terminator path "/" and seal #1.
    public func writeTerminatorAndSeal() throws(ZKStorageError) {
        buffer.writeString(JuteString(bytes: [UInt8(ascii: "/")]))
        try seal()
    }

    /// Writes the ZxidDigest and seal #2 (3.6+ with digests enabled).
    public func writeDigest(_ digest: SnapshotDigest) throws(ZKStorageError) {
        buffer.writeInt64(digest.zxid)
        buffer.writeInt32(digest.version)
        buffer.writeInt64(digest.digest)
        try seal()
    }

    /// Writes lastProcessedZxid and seal #3 (3.9+).
    public func writeLastProcessedZxid(_ zxid: Int64) throws(ZKStorageError) {
        buffer.writeInt64(zxid)
        try seal()
    }

    /// Flushes the codec, fsyncs and renames the file into place.
    public func finish() throws(ZKStorageError) {
        try flush()
        try sink.finish()
    }

    public func abandon() { sink.abandon() }
}
