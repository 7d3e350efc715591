internal import ZKStorage

/// The `<log>.fixed` file of recovery mode, written through the library's `AtomicFileWriter`
/// (a temporary file, fsynced and renamed into place by ``finish()``).
///
/// Java creates the file before reading the log and leaves whatever it wrote when it stops, so
/// ``finish()`` is called on every way out, including failures: a bad magic number leaves an
/// empty file, an abort a partial one. The layout is `FileTxnLog`'s: the input's 16 header
/// bytes, then per entry the preallocation check (`FilePadding`, 64 MiB), crc, length, payload,
/// `'B'`. The zero tail of the last preallocation is part of the file.
final class RecoveryWriter {
    let file: JavaFile
    private let out: AtomicFileWriter
    private var padding = FilePadding()
    private var entries = 0

    /// Creates the (temporary) file, as `new FileOutputStream(recoveryLogFile)` does up front.
    init(file: JavaFile) throws(ZKStorageError) {
        self.file = file
        out = try AtomicFileWriter(path: file.path, overwrite: true)
    }

    func writeHeader(_ header: FileHeader) throws(ZKStorageError) {
        var w = ByteWriter(capacity: FileHeader.byteCount)
        header.encode(to: &w)
        try out.write(w.bytes)
        padding = FilePadding(currentSize: out.position)
    }

    func append(checksum: Int64, payload: UnsafeRawBufferPointer) throws(ZKStorageError) {
        _ = padding.pad(position: out.position)
        try RecoveryWriter.writeEntry(checksum: checksum, payload: payload, to: out)
        entries += 1
    }

    /// Writes one entry as `FileTxnLog` does: `long crc`, `int len`, the payload, `'B'`.
    static func writeEntry(
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

    /// Publishes the file with what was written so far, extended to the last padded size.
    func finish() throws(ZKStorageError) {
        try out.commit(extendingTo: entries > 0 ? padding.currentSize : nil)
    }
}
