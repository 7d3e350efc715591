/// Writes a txn log the way ZooKeeper's `FileTxnLog.append` does: header, then for each entry
/// the preallocation check, checksum, length, payload and `'B'`; the file is extended with zeros
/// to the preallocated size. Written under a temporary name and renamed on `finish()`.
public final class TxnLogWriter {
    private let out: AtomicFileWriter
    private var padding: FilePadding
    public private(set) var entryCount = 0

    /// - Parameters:
    ///   - preAllocSize: bytes to preallocate (ZooKeeper's default 64 MiB); 0 or less disables it.
    ///   - overwrite: when false, `finish()` fails if `path` exists.
    public init(
        path: String,
        header: FileHeader = .txnLog,
        preAllocSize: Int = FilePadding.defaultPreAllocSize,
        overwrite: Bool = true
    ) throws(ZKStorageError) {
        out = try AtomicFileWriter(path: path, overwrite: overwrite)
        padding = FilePadding(preAllocSize: preAllocSize)
        var w = ByteWriter(capacity: 16)
        header.encode(to: &w)
        try out.write(w.bytes)
    }

    /// Appends one entry with the given payload. The checksum is computed unless `checksum` is
    /// given (recovery keeps a bad stored checksum when the user declines to fix it).
    public func append(payload: UnsafeRawBufferPointer, checksum: Int64? = nil) throws(ZKStorageError) {
        _ = padding.pad(position: out.position)
        var w = ByteWriter(capacity: 12)
        w.writeInt64(checksum ?? Int64(Adler32.checksum(payload)))
        w.writeInt32(Int32(truncatingIfNeeded: payload.count))
        try out.write(w.bytes)
        try out.write(payload)
        try out.write([0x42])
        entryCount += 1
    }

    public func append(_ txn: Txn) throws(ZKStorageError) {
        let bytes = txn.payload
        var result: Result<Void, ZKStorageError> = .success(())
        bytes.withUnsafeBytes { raw in
            do throws(ZKStorageError) { try append(payload: raw) } catch { result = .failure(error) }
        }
        try result.get()
    }

    /// Bytes written so far (without the preallocated tail).
    public var position: Int { out.position }

    /// Extends to the preallocated size, fsyncs and renames into place.
    public func finish() throws(ZKStorageError) {
        try out.commit(extendingTo: entryCount > 0 ? padding.currentSize : nil)
    }

    /// Drops the temporary file.
    public func abandon() { out.abandon() }
}
