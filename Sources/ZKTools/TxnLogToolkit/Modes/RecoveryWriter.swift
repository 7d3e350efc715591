internal import ZKStorage
internal import ZKToolSupport

/// The `<log>.fixed` file of recovery mode, written through the library's `AtomicFileWriter`
/// (a temporary file, fsynced and renamed into place by ``finish()``).
///
/// Java creates the file before reading the log and leaves whatever it wrote when it stops, so
/// ``finish()`` is called on every way out, including failures: a bad magic number leaves an
/// empty file, an abort a partial one. The layout is `FileTxnLog`'s: the input's 16 header
/// bytes, then per entry the preallocation check (`FilePadding`, 64 MiB), crc, length, payload,
/// `'B'`. The zero tail of the last preallocation is part of the file.
///
/// An entry written with its stored checksum is byte for byte the input's entry, so runs of such
/// entries are handed on as one span of the mapped input; only entries whose checksum changes
/// are laid out anew. A `BackgroundFileWriter` writes the spans on the second core while the
/// reader checks the next entries, and releases the input's pages once they are written (the
/// reader leaves that to it).
final class RecoveryWriter {
    let file: JavaFile
    private let out: BackgroundFileWriter
    private let input: MappedFile
    private var padding = FilePadding()
    private var entries = 0
    /// Input bytes not yet submitted: file offsets `[spanStart, spanEnd)` of `input`.
    private var spanStart = 0
    private var spanEnd = 0
    /// Input offset before which page release has been requested for fixed entries.
    private var releaseSubmitted = 0
    /// Spans are handed on once this large; a few of them are all the writer lets wait.
    private static let spanLimit = 1 << 20

    /// Creates the (temporary) file, as `new FileOutputStream(recoveryLogFile)` does up front.
    init(file: JavaFile, input: MappedFile) throws(ZKStorageError) {
        self.file = file
        self.input = input
        out = BackgroundFileWriter(try AtomicFileWriter(path: file.path, overwrite: true), pendingChunks: 3)
    }

    /// The file position Java's channel would report: submitted bytes plus the pending span.
    private var position: Int { out.position + (spanEnd - spanStart) }

    func writeHeader(_ header: FileHeader) throws(ZKStorageError) {
        var w = ByteWriter(capacity: FileHeader.byteCount)
        header.encode(to: &w)
        try out.submit(.bytes(w.bytes))
        padding = FilePadding(currentSize: out.position)
    }

    /// Appends `entry` of `input` (its end-of-record byte valid) with `checksum`.
    func append(_ entry: TxnLogEntry, checksum: Int64) throws(ZKStorageError) {
        _ = padding.pad(position: position)
        entries += 1
        // The entry's crc (8), length (4), payload and 'B' as they lie in the input.
        let start = entry.offset
        let end = entry.endOffset
        guard checksum == entry.storedChecksum, start >= 0, start <= end, end <= input.count else {
            try flushSpan()
            try out.submit(.bytes(RecoveryWriter.entryBytes(checksum: checksum, payload: entry.payload)))
            // Many fixed entries in a row: still hand the input's pages back as they are passed.
            if end - releaseSubmitted >= RecoveryWriter.spanLimit {
                releaseSubmitted = end
                try out.submit(.release(input, before: end))
            }
            return
        }
        if spanEnd != start {
            try flushSpan()
            spanStart = start
        }
        spanEnd = end
        if spanEnd - spanStart >= RecoveryWriter.spanLimit { try flushSpan() }
    }

    private func flushSpan() throws(ZKStorageError) {
        guard spanEnd > spanStart else { return }
        let range = spanStart..<spanEnd
        spanStart = spanEnd
        try out.submit(.mapped(input, range))
    }

    /// One entry as `FileTxnLog` writes it: `long crc`, `int len`, the payload, `'B'`.
    static func entryBytes(checksum: Int64, payload: UnsafeRawBufferPointer) -> [UInt8] {
        var w = ByteWriter(capacity: payload.count + 13)
        w.writeInt64(checksum)
        w.writeInt32(Int32(truncatingIfNeeded: payload.count))
        w.writeBytes(payload)
        w.writeUInt8(0x42)
        return w.bytes
    }

    /// Writes one entry as `FileTxnLog` does, straight into `out` (chop mode).
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
        try flushSpan()
        try out.commit(extendingTo: entries > 0 ? padding.currentSize : nil)
    }
}
