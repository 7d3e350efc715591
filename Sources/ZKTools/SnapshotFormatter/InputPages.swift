internal import Glibc
internal import ZKStorage

/// The input file's mapping, kept out of the resident set.
///
/// The whole file is mapped, and every page the decoder has read would otherwise stay resident
/// until exit. Pages that are behind the parse position are dropped from this process with
/// `MADV_DONTNEED` (the kernel keeps them in its page cache; touching them again only costs a
/// minor fault, so a page dropped too early is never a correctness problem):
///
/// - plain files: everything before the current record (and its Adler-32 is kept for the
///   seal check, so the seal check never touches those pages again);
/// - snappy: every block whose decoded bytes lie before the parse position (the block table is
///   walked alongside: `int32 length`, then the block's varint uncompressed length);
/// - gzip: an estimate from the decoded position and the trailer's `ISIZE` (uncompressed size
///   mod 2^32), with a safety margin.
///
/// With `-d` on a plain file the node data is read from here during printing (no copy), and
/// ``noteRead(_:)`` drops the pages again every few tens of megabytes.
final class InputPages {
    /// Keeps the mapping alive.
    let file: MappedFile
    let base: UnsafeRawPointer?
    let count: Int
    let codec: SnapshotCodec
    private let canRelease: Bool
    private var released = 0
    /// The decoded offset at which ``release(decodedOffset:)`` is worth calling next.
    private(set) var nextRelease: Int
    static let step = 8 << 20

    // Plain: the running Adler-32 of the bytes before `adlerEnd`.
    private var adler = Adler32()
    private var adlerEnd = 0

    // Snappy: the next block header's offset, and the decoded offset at its start.
    private var snappyBlock = 16
    private var snappyDecoded = 0
    private var snappyValid: Bool

    // Gzip: compressed bytes per decoded byte.
    private let gzipRatio: Double?

    // `-d` reads after loading.
    private var readSinceRelease = 0
    private var nodesSinceRelease = 0

    init(file: MappedFile, codec: SnapshotCodec) {
        self.file = file
        self.codec = codec
        let bytes = file.bytes
        base = bytes.baseAddress
        count = bytes.count
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        // Only a real mapping (page-aligned) may be released; a read-in copy must stay.
        canRelease = base.map { Int(bitPattern: $0) % max(page, 1) == 0 } ?? false
        nextRelease = Self.step
        snappyValid =
            codec == .snappy && bytes.count >= 16
            && bytes.prefix(8).elementsEqual(SnapshotCodec.snappyHeader.prefix(8))
        if codec == .gzip && bytes.count >= 18 {
            var size: UInt32 = 0
            for k in 0..<4 { size |= UInt32(bytes[bytes.count - 4 + k]) << (8 * k) }
            gzipRatio = size > 0 ? Double(bytes.count) / Double(size) : nil
        } else {
            gzipRatio = nil
        }
    }

    /// The size of the decoded stream, if it can be told cheaply: the file size (plain), the
    /// trailer's ISIZE (gzip; mod 2^32, so only a hint), the sum of the blocks' uncompressed
    /// lengths (snappy).
    var decodedSizeEstimate: Int? {
        switch codec {
        case .plain:
            return count
        case .gzip:
            return gzipRatio.map { Int(min(Double(count) / $0, Double(1 << 40))) }
        case .snappy:
            guard snappyValid, let base else { return nil }
            var total = 0
            var block = 16
            var dropped = 0
            while block + 4 <= count {
                // The walk faults in pages all over the file: drop them as it goes.
                if canRelease && block - dropped >= 8 << 20 {
                    let end = block & ~0xFFFFF
                    _ = madvise(UnsafeMutableRawPointer(mutating: base + dropped), end - dropped, MADV_DONTNEED)
                    dropped = end
                }
                let length = Int32(bigEndian: base.loadUnaligned(fromByteOffset: block, as: Int32.self))
                if UInt32(bitPattern: length) == 0x8253_4E41 {
                    block += 16
                    continue
                }
                guard length > 0, Int(length) <= count - block - 4 else { break }
                total += Self.varint(base, at: block + 4, limit: block + 4 + Int(length))
                block += 4 + Int(length)
            }
            if canRelease { _ = madvise(UnsafeMutableRawPointer(mutating: base), count, MADV_DONTNEED) }
            return total
        }
    }

    /// A snappy block's leading varint (its uncompressed length).
    private static func varint(_ base: UnsafeRawPointer, at start: Int, limit: Int) -> Int {
        var value = 0
        var shift = 0
        var p = start
        while p < limit && shift < 35 {
            let b = base.load(fromByteOffset: p, as: UInt8.self)
            value |= Int(b & 0x7F) << shift
            shift += 7
            p += 1
            if b < 0x80 { break }
        }
        return value
    }

    /// `-d` on plain files reads node data from the mapping instead of copying it.
    func dataByReference(mode: OutputMode) -> Bool {
        mode.keepsData && codec == .plain && base != nil
    }

    /// Called with the parse position (the start of the current record) every ``nextRelease``.
    func release(decodedOffset offset: Int) {
        nextRelease = offset + Self.step
        guard let base else { return }
        let consumed: Int
        switch codec {
        case .plain:
            // Checksum first: the seal check must not touch these pages again.
            let end = offset & ~0xFFFFF
            if end > adlerEnd {
                adler.update(UnsafeRawBufferPointer(start: base + adlerEnd, count: end - adlerEnd))
                adlerEnd = end
            }
            consumed = adlerEnd
        case .snappy:
            consumed = snappyConsumed(decodedOffset: offset)
        case .gzip:
            guard let gzipRatio else { return }
            consumed = Int(min(Double(offset) * gzipRatio * 0.8, Double(count)))
        }
        dropPages(upTo: min(consumed, count))
    }

    /// The end of the last snappy block whose decoded bytes all lie before `offset`.
    private func snappyConsumed(decodedOffset offset: Int) -> Int {
        guard snappyValid, let base else { return 0 }
        while snappyBlock + 4 <= count {
            let length = Int32(bigEndian: base.loadUnaligned(fromByteOffset: snappyBlock, as: Int32.self))
            if UInt32(bitPattern: length) == 0x8253_4E41 {
                snappyBlock += 16  // a concatenated stream's header
                continue
            }
            guard length > 0, Int(length) <= count - snappyBlock - 4 else {
                snappyValid = false
                break
            }
            // The raw block starts with its uncompressed length as a varint.
            let decoded = Self.varint(base, at: snappyBlock + 4, limit: snappyBlock + 4 + Int(length))
            guard snappyDecoded + decoded <= offset else { break }
            snappyDecoded += decoded
            snappyBlock += 4 + Int(length)
        }
        return snappyBlock
    }

    private func dropPages(upTo end: Int) {
        let aligned = end & ~0xFFFFF
        guard canRelease, aligned > released, let base else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base + released), aligned - released, MADV_DONTNEED)
        released = aligned
    }

    /// `-d` printing: one node's `bytes` of data were read from the mapping. Every few thousand
    /// nodes (or 16 MiB) the mapping is dropped again; printing goes roughly in file order, so
    /// few pages are faulted in twice.
    func noteRead(_ bytes: Int) {
        readSinceRelease &+= bytes
        nodesSinceRelease &+= 1
        guard readSinceRelease >= 16 << 20 || nodesSinceRelease >= 4096, canRelease, let base else { return }
        readSinceRelease = 0
        nodesSinceRelease = 0
        _ = madvise(UnsafeMutableRawPointer(mutating: base), count, MADV_DONTNEED)
    }

    /// Plain files: checks the seals after the terminator, which ends at `terminatorEnd`.
    func checkSeals(terminatorEnd: Int, file: String) -> String? {
        guard let base, terminatorEnd >= adlerEnd else { return nil }
        adler.update(UnsafeRawBufferPointer(start: base + adlerEnd, count: terminatorEnd - adlerEnd))
        adlerEnd = terminatorEnd
        let tail = UnsafeRawBufferPointer(start: base + terminatorEnd, count: min(count - terminatorEnd, 1 << 16))
        return SealCheck.check(adler: adler.value, tail: tail, at: terminatorEnd, file: file)
    }
}
