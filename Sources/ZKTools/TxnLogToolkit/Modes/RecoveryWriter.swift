internal import Glibc
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
            try out.submit(.bytes(TxnLogWriter.entryBytes(checksum: checksum, payload: entry.payload)))
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

    /// The number of fixed CRC errors, set when the whole log was read.
    var fixedChecksums: Int64?

    /// Publishes the file with what was written so far, extended to the last padded size.
    /// Nothing is published if writing failed or the input shrank (the error says which).
    func finish() throws(ZKStorageError) {
        try flushSpan()
        try out.commit(extendingTo: entries > 0 ? padding.currentSize : nil)
    }

    /// `Recovery file <path> has been written with <n> fixed CRC error(s)`, once the whole log
    /// was read and the file published.
    func appendSummary(to console: inout Console) {
        guard let fixedChecksums else { return }
        console.out.append("Recovery file ")
        console.out.append(console.charset.encode(file.path))
        console.out.append(" has been written with ")
        console.out.appendDecimal(Int64(fixedChecksums))
        console.out.append(" fixed CRC error(s)\n")
    }
}

extension ToolError {
    /// The input shrank (or could not be read) while it was read. Java's streams would take it
    /// for the end of the log; the zero pages that replace the lost ones are never trusted.
    static func inputLost(_ path: String, at offset: Int) -> ToolError {
        ToolError(
            file: path,
            offset: offset,
            problem: "the file shrank or could not be read",
            javaException: "none, its streams would take this for the end of the log"
        )
    }

    /// An input refused before it was read (a device, a FIFO over the limit): Java would read it.
    static func refused(_ error: ZKStorageError) -> ToolError {
        ToolError(
            file: error.file,
            offset: error.offset,
            problem: error.detail,
            javaException: "none, it would read it"
        )
    }

    /// Writing `what` failed (or its input shrank): nothing was published.
    static func writeFailure(_ error: ZKStorageError, writing what: String) -> ToolError {
        if let offset = error.offset { return inputLost(error.file, at: offset) }
        return ToolError(
            file: error.file,
            problem: "cannot write \(what): \(error.detail)",
            javaException: "java.io.IOException: \(JavaFile.reason(errno: error.errno ?? EIO))"
        )
    }
}
