internal import CSnappy
internal import CZlib

/// Where a snapshot writer's uncompressed bytes go.
protocol SnapshotSink: AnyObject {
    func write(_ bytes: UnsafeRawBufferPointer) throws(ZKStorageError)
    /// Flushes the codec and publishes the file.
    func finish() throws(ZKStorageError)
    func abandon()
}

/// Uncompressed output.
final class PlainSink: SnapshotSink {
    let out: AtomicFileWriter
    init(_ out: AtomicFileWriter) { self.out = out }
    func write(_ bytes: UnsafeRawBufferPointer) throws(ZKStorageError) { try out.write(bytes) }
    func finish() throws(ZKStorageError) { try out.commit() }
    func abandon() { out.abandon() }
}

/// gzip output byte-identical to Java 17's `GZIPOutputStream`: header `1f 8b 08 00 00000000 00 ff`,
/// raw deflate at level 6 (zlib `deflateInit2(6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY)`), then
/// CRC-32 and length mod 2^32, little-endian.
final class GzipSink: SnapshotSink {
    let out: AtomicFileWriter
    private let stream: UnsafeMutablePointer<z_stream>
    private var crc = CRC32()
    private var total: UInt32 = 0
    private var chunk = [UInt8](repeating: 0, count: 1 << 16)

    init(_ out: AtomicFileWriter) throws(ZKStorageError) {
        self.out = out
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let rc = czlib_deflateInit2(stream, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY)
        guard rc == Z_OK else {
            stream.deallocate()
            throw ZKStorageError(.io, file: out.path, "zlib deflateInit2 failed (\(rc))")
        }
        try out.write(SnapshotCodec.gzipHeader)
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws(ZKStorageError) {
        guard bytes.count > 0 else { return }
        crc.update(bytes)
        total = total &+ UInt32(truncatingIfNeeded: bytes.count)
        stream.pointee.next_in = UnsafeMutablePointer(mutating: bytes.baseAddress!.assumingMemoryBound(to: UInt8.self))
        stream.pointee.avail_in = UInt32(bytes.count)
        try pump(flush: Z_NO_FLUSH)
    }

    private func pump(flush: Int32) throws(ZKStorageError) {
        while true {
            let (rc, produced) = chunk.withUnsafeMutableBytes { buf -> (Int32, Int) in
                stream.pointee.next_out = buf.baseAddress!.assumingMemoryBound(to: UInt8.self)
                stream.pointee.avail_out = UInt32(buf.count)
                let rc = deflate(stream, flush)
                return (rc, buf.count - Int(stream.pointee.avail_out))
            }
            if rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR {
                throw ZKStorageError(.io, file: out.path, "zlib deflate failed (\(rc))")
            }
            if produced > 0 {
                try withBytes(chunk) { (b) throws(ZKStorageError) in
                    try out.write(UnsafeRawBufferPointer(rebasing: b[0..<produced]))
                }
            }
            if flush == Z_FINISH {
                if rc == Z_STREAM_END { return }
            } else if stream.pointee.avail_in == 0 && produced < chunk.count {
                return
            }
        }
    }

    func finish() throws(ZKStorageError) {
        stream.pointee.next_in = nil
        stream.pointee.avail_in = 0
        try pump(flush: Z_FINISH)
        var trailer = [UInt8]()
        for v in [crc.value, total] {
            trailer += [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF), UInt8((v >> 16) & 0xFF), UInt8(v >> 24)]
        }
        try out.write(trailer)
        try out.commit()
    }

    func abandon() { out.abandon() }
}

/// snappy-java stream output: the 16-byte header, then each 32 KiB of input as
/// `int32 compressedLength | raw snappy block` (`snappy_compress`, libsnappy).
final class SnappySink: SnapshotSink {
    let out: AtomicFileWriter
    private var pending: [UInt8] = []
    private var compressed: [UInt8]

    init(_ out: AtomicFileWriter) throws(ZKStorageError) {
        self.out = out
        compressed = [UInt8](repeating: 0, count: snappy_max_compressed_length(SnapshotCodec.snappyBlockSize) + 4)
        pending.reserveCapacity(SnapshotCodec.snappyBlockSize)
        try out.write(SnapshotCodec.snappyHeader)
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws(ZKStorageError) {
        var rest = bytes
        while !rest.isEmpty {
            let n = min(SnapshotCodec.snappyBlockSize - pending.count, rest.count)
            pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: rest[0..<n]))
            rest = UnsafeRawBufferPointer(rebasing: rest[n...])
            if pending.count == SnapshotCodec.snappyBlockSize { try emitBlock() }
        }
    }

    private func emitBlock() throws(ZKStorageError) {
        guard !pending.isEmpty else { return }
        var length = compressed.count - 4
        let rc = pending.withUnsafeBytes { src in
            compressed.withUnsafeMutableBytes { dst in
                snappy_compress(
                    src.baseAddress!.assumingMemoryBound(to: CChar.self),
                    src.count,
                    dst.baseAddress!.advanced(by: 4).assumingMemoryBound(to: CChar.self),
                    &length
                )
            }
        }
        guard rc == SNAPPY_OK else { throw ZKStorageError(.io, file: out.path, "snappy_compress failed") }
        let l = UInt32(length)
        compressed[0] = UInt8(l >> 24)
        compressed[1] = UInt8((l >> 16) & 0xFF)
        compressed[2] = UInt8((l >> 8) & 0xFF)
        compressed[3] = UInt8(l & 0xFF)
        try withBytes(compressed) { (b) throws(ZKStorageError) in
            try out.write(UnsafeRawBufferPointer(rebasing: b[0..<(length + 4)]))
        }
        pending.removeAll(keepingCapacity: true)
    }

    func finish() throws(ZKStorageError) {
        try emitBlock()
        try out.commit()
    }

    func abandon() { out.abandon() }
}
