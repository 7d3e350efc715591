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
        try TxnLogWriter.writeEntry(checksum: checksum ?? Int64(Adler32.checksum(payload)), payload: payload, to: out)
        entryCount += 1
    }

    /// One entry as `FileTxnLog.append` lays it out (see ``TxnLogEntry``): `long crc`, `int len`,
    /// the payload, `'B'`.
    public static func entryBytes(checksum: Int64, payload: UnsafeRawBufferPointer) -> [UInt8] {
        var w = ByteWriter(capacity: payload.count + 13)
        w.writeInt64(checksum)
        w.writeInt32(Int32(truncatingIfNeeded: payload.count))
        w.writeBytes(payload)
        w.writeUInt8(0x42)
        return w.bytes
    }

    /// Writes one entry (``entryBytes(checksum:payload:)``'s layout) straight into `out`, the
    /// payload without a copy.
    public static func writeEntry(
        checksum: Int64,
        payload: UnsafeRawBufferPointer,
        to out: AtomicFileWriter
    ) throws(ZKStorageError) {
        // crc and len big-endian, then the end-of-record byte, laid out in order (12 + 1 bytes).
        var head: (Int64, Int32, UInt8) = (
            checksum.bigEndian, Int32(truncatingIfNeeded: payload.count).bigEndian, 0x42
        )
        var result: Result<Void, ZKStorageError> = .success(())
        withUnsafeBytes(of: &head) { raw in
            do throws(ZKStorageError) {
                try out.write(UnsafeRawBufferPointer(rebasing: raw[0..<12]))
                try out.write(payload)
                try out.write(UnsafeRawBufferPointer(rebasing: raw[12..<13]))
            } catch {
                result = .failure(error)
            }
        }
        try result.get()
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
