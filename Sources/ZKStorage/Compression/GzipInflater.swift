internal import CIsal

/// Streams the decompressed bytes of a gzip file with ISA-L's `isal_inflate` (several times
/// faster than zlib here). Concatenated members are accepted, as Java's `GZIPInputStream` does;
/// the trailer CRC-32 is checked.
final class GzipInflater: DecodedByteSource {
    private let input: UnsafeRawBufferPointer
    private let file: String
    private let state: UnsafeMutablePointer<inflate_state>
    private(set) var inputOffset = 0
    private var finished = false
    private(set) var deferredError: ZKStorageError?
    /// Damage found after some bytes were decoded in the same `read`: those bytes are returned
    /// first, the error on the next call (and every one after).
    private var failure: ZKStorageError?

    init(input: UnsafeRawBufferPointer, file: String) throws(ZKStorageError) {
        guard input.count >= 2, input[0] == 0x1F, input[1] == 0x8B else {
            throw input.count < 2 ? .gzipMagicCutShort(file: file, length: input.count) : .notGzip(file: file)
        }
        self.input = input
        self.file = file
        state = .allocate(capacity: 1)
        startMember()
    }

    private func startMember() {
        isal_inflate_init(state)
        state.pointee.crc_flag = UInt32(ISAL_GZIP)
        let rest = input.count - inputOffset
        state.pointee.next_in = UnsafeMutablePointer(
            mutating: input.baseAddress!.advanced(by: inputOffset).assumingMemoryBound(to: UInt8.self)
        )
        state.pointee.avail_in = UInt32(clamping: rest)
    }

    deinit { state.deallocate() }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ZKStorageError) -> Int {
        if let failure { throw failure }
        guard !finished, let out = buffer.baseAddress, buffer.count > 0 else { return 0 }
        state.pointee.next_out = out.assumingMemoryBound(to: UInt8.self)
        state.pointee.avail_out = UInt32(clamping: buffer.count)
        while true {
            let before = state.pointee.avail_in
            let rc = isal_inflate(state)
            let consumed = max(0, Int(before) - Int(state.pointee.avail_in))
            inputOffset += consumed
            let produced = buffer.count - Int(state.pointee.avail_out)
            if rc == ISAL_INCORRECT_CHECKSUM && state.pointee.block_state == ISAL_BLOCK_FINISH {
                // All data is out; only the trailer is wrong. Report it if anyone reads that far.
                deferredError = ZKStorageError(
                    .corruptCompressedStream,
                    file: file,
                    location: .compressed(inputOffset),
                    "gzip trailer CRC-32 does not match the data",
                    java: .corruptGzipTrailer
                )
                finished = true
                return produced
            }
            if rc < 0 {
                let what: String
                let java: JavaException
                switch rc {
                case ISAL_INCORRECT_CHECKSUM:
                    what = "gzip trailer CRC-32 does not match the data"
                    java = .corruptGzipTrailer
                case ISAL_INVALID_WRAPPER:
                    what = "invalid gzip header"
                    java = .notInGzipFormat
                default:
                    what = "corrupt deflate data (isal_inflate error \(rc))"
                    // Java's message is zlib's own text: ask zlib (only ever on damaged input).
                    java =
                        ZlibInflater.javaException(decoding: input) ?? JavaException("java.util.zip.ZipException", what)
                }
                let error = ZKStorageError(
                    .corruptCompressedStream,
                    file: file,
                    location: .compressed(inputOffset),
                    what + "",
                    java: java
                )
                failure = error
                if produced == 0 { throw error }
                return produced
            }
            if state.pointee.block_state == ISAL_BLOCK_FINISH {
                // Another member may follow (GZIPInputStream reads concatenated members).
                if input.count - inputOffset >= 2, input[inputOffset] == 0x1F, input[inputOffset + 1] == 0x8B {
                    startMember()
                    state.pointee.next_out = out.assumingMemoryBound(to: UInt8.self) + produced
                    state.pointee.avail_out = UInt32(clamping: buffer.count - produced)
                    if produced == buffer.count { return produced }
                    continue
                }
                finished = true
                return produced
            }
            if produced > 0 { return produced }
            if state.pointee.avail_in == 0 {
                // The input ends before the stream does: whatever was decoded stands.
                deferredError = .gzipEndsEarly(file: file, offset: input.count)
                finished = true
                return 0
            }
        }
    }
}

extension ZKStorageError {
    /// The compressed input ends before the gzip stream does (both inflaters report it alike).
    static func gzipEndsEarly(file: String, offset: Int) -> ZKStorageError {
        ZKStorageError(
            .corruptCompressedStream,
            file: file,
            location: .compressed(offset),
            "gzip stream ends early",
            java: JavaException("java.io.EOFException", "Unexpected end of ZLIB input stream")
        )
    }

    /// The file ends inside the gzip magic bytes (`GZIPInputStream.readUShort` meets the end:
    /// `EOFException`, for an empty file too).
    static func gzipMagicCutShort(file: String, length: Int) -> ZKStorageError {
        ZKStorageError(
            .truncated,
            file: file,
            offset: length,
            "gzip stream ends inside its magic bytes (expected 1f 8b)",
            java: JavaException("java.io.EOFException")
        )
    }

    /// The file does not start with the gzip magic bytes.
    static func notGzip(file: String) -> ZKStorageError {
        ZKStorageError(
            .corruptCompressedStream,
            file: file,
            offset: 0,
            "not in GZIP format (expected 1f 8b)",
            java: .notInGzipFormat
        )
    }
}

extension JavaException {
    /// `GZIPInputStream.readHeader` on a bad header.
    static let notInGzipFormat = JavaException("java.util.zip.ZipException", "Not in GZIP format")
    /// `GZIPInputStream.readTrailer` when the CRC-32 or the size does not match.
    static let corruptGzipTrailer = JavaException("java.util.zip.ZipException", "Corrupt GZIP trailer")
}
