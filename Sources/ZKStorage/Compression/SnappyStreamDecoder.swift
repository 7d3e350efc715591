internal import CSnappy

/// Decodes xerial snappy-java's stream format (not Google's framing format):
///
///     16-byte header: 82 53 4E 41 50 50 59 00 | int32 version (1) | int32 compatible (1)
///     blocks: int32 compressedLength (big-endian) | raw snappy block (varint length, elements)
///
/// A block length equal to the magic's first int starts a concatenated stream (another header).
/// Without the magic, snappy-java reads the whole input as one raw block; so do we.
final class SnappyStreamDecoder: DecodedByteSource {
    private let input: UnsafeRawBufferPointer
    private let file: String
    private var offset: Int
    var inputOffset: Int { offset }
    private var pending: [UInt8] = []
    private var pendingOffset = 0
    private var rawWhole: Bool
    /// A damaged block found after some bytes were already decoded in the same `read`: those
    /// bytes are returned first, the error on the next call (and every one after).
    private var failure: ZKStorageError?

    init(input: UnsafeRawBufferPointer, file: String) {
        self.input = input
        self.file = file
        let hasMagic = input.count >= 16 && Array(input[0..<8]) == Array(SnapshotCodec.snappyHeader[0..<8])
        offset = hasMagic ? 16 : 0
        rawWhole = !hasMagic
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ZKStorageError) -> Int {
        if let failure { throw failure }
        if input.isEmpty {
            // `SnappyInputStream.readHeader` reads nothing at all.
            throw ZKStorageError(.truncated, file: file, offset: 0, "empty snappy stream", java: .snappyEmptyInput)
        }
        var produced = 0
        while produced < buffer.count {
            if pendingOffset < pending.count {
                let n = min(pending.count - pendingOffset, buffer.count - produced)
                pending.withUnsafeBytes { src in
                    buffer.baseAddress!.advanced(by: produced).copyMemory(
                        from: src.baseAddress!.advanced(by: pendingOffset),
                        byteCount: n
                    )
                }
                pendingOffset += n
                produced += n
                continue
            }
            let rest = UnsafeMutableRawBufferPointer(rebasing: buffer[produced...])
            let direct: Int?
            do throws(ZKStorageError) {
                direct = try decodeNextBlock(direct: rest)
            } catch {
                failure = error
                if produced == 0 { throw error }
                return produced
            }
            guard let direct else { break }
            produced += direct
        }
        return produced
    }

    /// Decodes the next block, straight into `direct` when it fits there (returns the byte
    /// count written to it), otherwise into `pending` (returns 0). Nil at the end of the stream.
    private func decodeNextBlock(direct: UnsafeMutableRawBufferPointer) throws(ZKStorageError) -> Int? {
        let blockStart: Int
        let blockLength: Int
        if rawWhole {
            guard offset < input.count else { return nil }
            blockStart = 0
            blockLength = input.count
            rawWhole = false
        } else {
            // snappy-java reads a chunk length with readFully into a 4-byte buffer and treats
            // fewer than 4 bytes as the end of the stream.
            guard input.count - offset >= 4 else { return nil }
            var c = ByteCursor(input, position: offset)
            guard let len = c.readInt32() else { return nil }
            if UInt32(bitPattern: len) == 0x8253_4E41 {
                // A concatenated stream: skip the rest of its 16-byte header.
                guard input.count - offset >= 16 else {
                    throw corrupt(at: offset, "snappy stream header cut short", java: .snappyFailedToUncompress)
                }
                offset += 16
                return try decodeNextBlock(direct: direct)
            }
            guard len >= 0, Int(len) <= c.remaining else {
                throw corrupt(
                    at: offset,
                    "snappy block length \(len) exceeds the \(c.remaining) bytes left",
                    java: JavaException("java.io.IOException", "failed to read chunk")
                )
            }
            blockStart = offset + 4
            blockLength = Int(len)
        }
        let block = UnsafeRawBufferPointer(rebasing: input[blockStart..<(blockStart + blockLength)])
        var outLength = 0
        guard let src = block.baseAddress?.assumingMemoryBound(to: CChar.self),
            snappy_uncompressed_length(src, blockLength, &outLength) == SNAPPY_OK,
            // A raw snappy block expands at most ~21× (a 3-byte copy of 64 bytes), so a length
            // beyond that is a lie: never let it drive an allocation.
            outLength <= min(1 << 30, blockLength &* 24 &+ 64)
        else {
            throw corrupt(
                at: blockStart,
                "corrupt snappy block (bad uncompressed length)",
                java: .snappyFailedToUncompress
            )
        }
        offset = blockStart + blockLength
        if outLength <= direct.count, let dst = direct.baseAddress {
            guard snappy_uncompress(src, blockLength, dst.assumingMemoryBound(to: CChar.self), &outLength) == SNAPPY_OK
            else { throw corrupt(at: blockStart, "corrupt snappy block", java: .snappyFailedToUncompress) }
            return outLength
        }
        pending.removeAll(keepingCapacity: true)
        pending.append(contentsOf: repeatElement(0, count: outLength))
        let status = pending.withUnsafeMutableBytes { dst in
            snappy_uncompress(src, blockLength, dst.baseAddress!.assumingMemoryBound(to: CChar.self), &outLength)
        }
        guard status == SNAPPY_OK else {
            throw corrupt(at: blockStart, "corrupt snappy block", java: .snappyFailedToUncompress)
        }
        pending.removeSubrange(outLength...)
        pendingOffset = 0
        return 0
    }

    private func corrupt(at offset: Int, _ what: String, java: JavaException) -> ZKStorageError {
        ZKStorageError(.corruptCompressedStream, file: file, location: .compressed(offset), what, java: java)
    }
}

extension JavaException {
    /// snappy-java's `SnappyInputStream` on a block it cannot decode.
    static let snappyFailedToUncompress = JavaException("java.io.IOException", "FAILED_TO_UNCOMPRESS(5)")
    /// snappy-java's `SnappyInputStream` on an empty input.
    static let snappyEmptyInput = JavaException(
        "org.xerial.snappy.SnappyIOException",
        "[EMPTY_INPUT] Cannot decompress empty stream"
    )
}
