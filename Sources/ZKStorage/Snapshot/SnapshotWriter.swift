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
    /// The small parts (header, sessions, ACLs, seals), encoded here and moved to ``pending``.
    private var buffer = ByteWriter(capacity: 256)
    /// The bytes not yet handed to the sink: one block, records filled in place (an array
    /// would zero the bytes first), grown by doubling for a record larger than it.
    private var pending: UnsafeMutableRawPointer
    private var pendingCapacity = SnapshotWriter.flushSize
    private var pendingCount = 0
    private static let flushSize = 1 << 16

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
        pending = .allocate(byteCount: pendingCapacity, alignment: 16)
    }

    deinit { pending.deallocate() }

    /// Makes room for `count` more pending bytes and lets `fill` write them (given their start).
    private func appendPending(count: Int, fill: (UnsafeMutableRawPointer) -> Void) {
        let (needed, overflow) = pendingCount.addingReportingOverflow(count)
        precondition(!overflow, "snapshot record too large")
        if needed > pendingCapacity {
            var capacity = pendingCapacity
            while capacity < needed {
                capacity = capacity.multipliedReportingOverflow(by: 2).overflow ? needed : capacity * 2
            }
            let grown = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
            grown.copyMemory(from: pending, byteCount: pendingCount)
            pending.deallocate()
            pending = grown
            pendingCapacity = capacity
        }
        fill(pending + pendingCount)
        pendingCount = needed
    }

    /// Moves what ``buffer`` holds to the pending bytes.
    private func takeSmallWrites() {
        guard buffer.count > 0 else { return }
        buffer.bytes.withUnsafeBytes { raw in
            guard let source = raw.baseAddress else { return }
            appendPending(count: raw.count) { $0.copyMemory(from: source, byteCount: raw.count) }
        }
        buffer.removeAll()
    }

    private func flushIfLarge() throws(ZKStorageError) {
        takeSmallWrites()
        if pendingCount >= Self.flushSize { try flush() }
    }

    private func flush() throws(ZKStorageError) {
        takeSmallWrites()
        guard pendingCount > 0 else { return }
        let raw = UnsafeRawBufferPointer(start: pending, count: pendingCount)
        adler.update(raw)
        pendingCount = 0
        try sink.write(raw)
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
        takeSmallWrites()
        appendPending(count: count) { p in
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
