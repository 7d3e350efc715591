/// The decoded (uncompressed) bytes of a snapshot, served through a window so that records can be
/// read as contiguous views, with the running Adler-32 that the seals check.
///
/// Plain files are served straight from the mapping (no copy). Compressed files are decoded
/// into a window of 1 MiB that grows when a single record is larger. With `readAhead`, a second
/// thread works ahead of the caller: it decodes (``ReadAheadSource``), or for a plain file it
/// computes the Adler-32 (``ChecksumAhead``).
final class DecodedStream {
    let file: MappedFile
    private let source: (any DecodedByteSource)?
    private var window: UnsafeMutableRawBufferPointer
    /// Valid bytes are window[start..<end]; `start` is the read position.
    private(set) var start = 0
    private var end = 0
    /// Absolute stream offset of window[0].
    private var windowBase = 0
    private var sourceDone = false
    private var adler = Adler32()
    /// Absolute offset up to which `adler` has been computed.
    private var adlerOffset = 0
    /// A plain file's Adler-32, computed on a second thread (`adler` is then unused).
    private var checksumAhead: ChecksumAhead?

    init(
        file: MappedFile,
        codec: SnapshotCodec,
        gzipBackend: GzipBackend = .isal,
        readAhead: Bool = false
    ) throws(ZKStorageError) {
        self.file = file
        let inner: (any DecodedByteSource)?
        switch codec {
        case .plain:
            inner = nil
            window = UnsafeMutableRawBufferPointer(mutating: file.bytes)
            end = file.count
            sourceDone = true
            if readAhead { checksumAhead = ChecksumAhead(file: file) }
        case .gzip:
            switch gzipBackend {
            case .isal: inner = try GzipInflater(input: file.bytes, file: file.path)
            case .zlib: inner = try ZlibInflater(input: file.bytes, file: file.path)
            }
            window = .allocate(byteCount: 256 << 10, alignment: 16)
        case .snappy:
            inner = SnappyStreamDecoder(input: file.bytes, file: file.path)
            window = .allocate(byteCount: 256 << 10, alignment: 16)
        }
        if let inner, readAhead, ReadAheadSource.isWorthwhile, let ahead = ReadAheadSource(inner, file: file) {
            source = ahead
        } else {
            source = inner
        }
    }

    deinit {
        if source != nil { window.deallocate() }
    }

    /// Absolute offset of the read position.
    var offset: Int { windowBase + start }

    var available: Int { end - start }

    /// Makes at least `count` bytes available at the read position, unless the stream ends first.
    /// Returns false at the end of the stream.
    func ensure(_ count: Int) throws(ZKStorageError) -> Bool {
        if end - start >= count { return true }
        guard let source, !sourceDone else {
            // A file that shrank while it was read ends early (in zeros): that is not its end.
            try file.checkIntact()
            return false
        }
        // Account for the bytes about to be dropped, then move the unread tail to the front.
        updateChecksum(upTo: offset)
        if start > 0 {
            let tail = end - start
            if tail > 0 {
                window.baseAddress!.copyMemory(from: window.baseAddress! + start, byteCount: tail)
            }
            windowBase += start
            end = tail
            start = 0
        }
        if count > window.count {
            var size = window.count
            while size < count { size *= 2 }
            let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
            bigger.baseAddress!.copyMemory(from: window.baseAddress!, byteCount: end)
            window.deallocate()
            window = bigger
        }
        while end - start < count {
            let n: Int
            do {
                n = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: window[end...]))
            } catch {
                try file.checkIntact()  // zeros where the file shrank are no damage of its own
                throw error
            }
            if n == 0 {
                sourceDone = true
                try file.checkIntact()
                // The data ran out early because the container is damaged: say so.
                if let deferred = source.deferredError { throw deferred }
                return false
            }
            end += n
            // Compressed pages already decoded (a read-ahead source releases its own).
            file.release(before: source.inputOffset)
        }
        return true
    }

    /// A cursor over the available bytes; commit its progress with `advance(to:)`.
    var cursor: ByteCursor { ByteCursor(UnsafeRawBufferPointer(rebasing: window[start..<end])) }

    func advance(by n: Int) {
        start += n
        guard source == nil else { return }
        // Plain files: hand back the mapped pages already read and checksummed.
        if checksumAhead != nil {
            file.release(before: start)
            return
        }
        if start - adlerOffset > 16 << 20 { updateChecksum(upTo: start) }
        file.release(before: adlerOffset)
    }

    /// Adler-32 of every byte from offset 0 to `absolute` (which must be in the window or before).
    func checksum(upTo absolute: Int) -> UInt32 {
        if let checksumAhead { return checksumAhead.checksum(upTo: absolute) }
        updateChecksum(upTo: absolute)
        return adler.value
    }

    private func updateChecksum(upTo absolute: Int) {
        guard absolute > adlerOffset else { return }
        let from = adlerOffset - windowBase
        let to = absolute - windowBase
        adler.update(UnsafeRawBufferPointer(rebasing: window[from..<to]))
        adlerOffset = absolute
    }

    /// Damage after the last decoded byte (a bad gzip trailer), once the stream has ended.
    var deferredError: ZKStorageError? { sourceDone ? source?.deferredError : nil }

    /// True if the 8 bytes `distance` bytes ahead hold the running Adler-32 of everything
    /// before them (the bytes must be available).
    func sealVerifies(at distance: Int) -> Bool {
        guard available >= distance + 8 else { return false }
        var c = cursor
        c.position = distance
        guard let stored = c.readInt64() else { return false }
        return stored == Int64(checksum(upTo: offset + distance))
    }

    /// Reads everything that is left (used for the small snapshot tail).
    func readToEnd(limit: Int = 1 << 20) throws(ZKStorageError) -> Int {
        var want = max(available, 64)
        while try ensure(want) {
            if want >= limit { break }
            want *= 2
        }
        return available
    }
}
