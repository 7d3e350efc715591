internal import CZlib

/// Streams the decompressed bytes of a gzip file with zlib (`inflateInit2` with window bits
/// 15 + 16: gzip only). The fallback to ``GzipInflater``; selected with
/// `GzipBackend.zlib`. Concatenated members are accepted and the trailer is checked.
final class ZlibInflater: DecodedByteSource {
    private let input: UnsafeRawBufferPointer
    private let file: String
    private let stream: UnsafeMutablePointer<z_stream>
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
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        guard czlib_inflateInit2(stream, 15 + 16) == Z_OK else {
            stream.deallocate()
            throw ZKStorageError(.io, file: file, "zlib inflateInit2 failed")
        }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self))
        stream.pointee.avail_in = UInt32(clamping: input.count)
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    var inputOffset: Int { input.count - Int(stream.pointee.avail_in) }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ZKStorageError) -> Int {
        if let failure { throw failure }
        guard !finished, let out = buffer.baseAddress, buffer.count > 0 else { return 0 }
        stream.pointee.next_out = out.assumingMemoryBound(to: UInt8.self)
        stream.pointee.avail_out = UInt32(clamping: buffer.count)
        while true {
            let rc = inflate(stream, Z_NO_FLUSH)
            let produced = buffer.count - Int(stream.pointee.avail_out)
            if rc == Z_STREAM_END {
                let rest = Int(stream.pointee.avail_in)
                if rest >= 2, input[inputOffset] == 0x1F, input[inputOffset + 1] == 0x8B {
                    inflateReset(stream)
                    if produced == buffer.count { return produced }
                    continue
                }
                finished = true
                return produced
            }
            let message0 = stream.pointee.msg.map { String(cString: $0) } ?? ""
            if rc == Z_DATA_ERROR && (message0 == "incorrect data check" || message0 == "incorrect length check") {
                // All data is out; only the trailer is wrong. Report it if anyone reads that far.
                deferredError = ZKStorageError(
                    .corruptCompressedStream,
                    file: file,
                    location: .compressed(inputOffset),
                    "gzip trailer does not match the data: \(message0)",
                    java: .corruptGzipTrailer
                )
                finished = true
                return produced
            }
            if rc != Z_OK && rc != Z_BUF_ERROR {
                let message = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(rc)"
                let error = ZKStorageError(
                    .corruptCompressedStream,
                    file: file,
                    location: .compressed(inputOffset),
                    "corrupt gzip data: \(message)",
                    java: ZlibInflater.javaException(zlibMessage: message)
                )
                failure = error
                if produced == 0 { throw error }
                return produced
            }
            if produced > 0 { return produced }
            if stream.pointee.avail_in == 0 {
                deferredError = .gzipEndsEarly(file: file, offset: input.count)
                finished = true
                return 0
            }
        }
    }
}

extension ZlibInflater {
    /// What `GZIPInputStream` throws for zlib's error `message`: Java reads the gzip header
    /// itself and inflates raw deflate data with zlib, whose message it passes on.
    static func javaException(zlibMessage message: String) -> JavaException {
        switch message {
        case "incorrect header check": return .notInGzipFormat
        case "unknown compression method":
            return JavaException("java.util.zip.ZipException", "Unsupported compression method")
        case "header crc mismatch": return JavaException("java.util.zip.ZipException", "Corrupt GZIP header")
        default: return JavaException("java.util.zip.ZipException", message)
        }
    }

    /// The exception Java meets inflating `input`, found by inflating it with zlib; nil if zlib
    /// reads it to the end without complaint.
    static func javaException(decoding input: UnsafeRawBufferPointer) -> JavaException? {
        do throws(ZKStorageError) {
            let inflater = try ZlibInflater(input: input, file: "")
            let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
            defer { scratch.deallocate() }
            while try inflater.read(into: scratch) > 0 {}
            return inflater.deferredError?.javaException
        } catch {
            return error.javaException
        }
    }
}

/// Which library inflates gzip snapshots.
public enum GzipBackend: Sendable {
    /// Intel ISA-L's `isal_inflate` (default; several times faster).
    case isal
    /// zlib's `inflate`.
    case zlib
}
