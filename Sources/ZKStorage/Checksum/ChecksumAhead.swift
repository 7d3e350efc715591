/// The running Adler-32 of a mapped file, computed on a second thread ahead of the reader.
///
/// The thread reads the file again with `pread` (into one buffer of its own, so the reader's
/// mapping and resident set are untouched) and records the Adler-32 of each complete block of
/// ``blockSize`` bytes. ``checksum(upTo:)`` combines the blocks before an offset
/// (`adler32_combine`) and checksums the rest of the way from the mapping itself; it waits only
/// if the thread has not got that far yet. A read error on the thread falls back to checksumming
/// from the mapping.
final class ChecksumAhead {
    static let blockSize = 4 << 20

    private let file: MappedFile
    private let progress = BlockProgress()
    private var worker: BackgroundJob<Void>?
    /// Blocks already folded into `prefix`.
    private var prefixBlocks = 0
    private var prefix = Adler32().value

    /// Starts the thread, or returns nil when `file` is not a mapping that can be read again
    /// or is too small to be worth it.
    init?(file: MappedFile) {
        guard file.canReadAgain, file.count >= 2 * ChecksumAhead.blockSize else { return nil }
        self.file = file
        let progress = progress
        guard let job = BackgroundJob.started({ ChecksumAhead.run(file, progress) }) else { return nil }
        worker = job
    }

    /// The thread: checksum every complete block until the end, a read error, or a stop.
    private static func run(_ file: MappedFile, _ progress: BlockProgress) {
        let size = blockSize
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 64)
        defer {
            buffer.deallocate()
            progress.finish()
        }
        var index = 0
        while (index + 1) * size <= file.count {
            guard file.read(into: buffer, at: index * size) == size else { return }
            guard progress.append(Adler32.checksum(UnsafeRawBufferPointer(buffer))) else { return }
            index += 1
        }
    }

    /// Adler-32 of the file's bytes `[0, offset)`.
    func checksum(upTo offset: Int) -> UInt32 {
        let size = ChecksumAhead.blockSize
        let end = max(min(offset, file.count), 0)
        let wanted = end / size
        if wanted < prefixBlocks {
            // Behind blocks already folded in (not how seals are checked): start over.
            return Adler32.checksum(UnsafeRawBufferPointer(rebasing: file.bytes[0..<end]))
        }
        if wanted > prefixBlocks {
            for value in progress.blocks(from: prefixBlocks, to: wanted) {
                prefix = Adler32.combine(prefix, value, secondLength: size)
                prefixBlocks += 1
            }
        }
        // The rest (a partial block, or what the thread could not read) from the mapping.
        let from = min(prefixBlocks * size, end)
        let rest = Adler32.checksum(UnsafeRawBufferPointer(rebasing: file.bytes[from..<end]))
        return Adler32.combine(prefix, rest, secondLength: end - from)
    }

    deinit {
        progress.requestStop()
        worker?.join()
    }
}

/// The block checksums shared between ``ChecksumAhead``'s thread and its reader.
private final class BlockProgress: @unchecked Sendable {
    private let lock = ConditionLock()
    private var values: [UInt32] = []
    private var finished = false
    private var stopRequested = false

    /// Records the next block's checksum; false when the reader has asked the thread to stop.
    func append(_ value: UInt32) -> Bool {
        lock.withLock {
            values.append(value)
            lock.broadcast()
            return !stopRequested
        }
    }

    func finish() {
        lock.withLock {
            finished = true
            lock.broadcast()
        }
    }

    func requestStop() {
        lock.withLock { stopRequested = true }
    }

    /// Checksums of blocks `start..<end`, waiting for them; fewer if the thread stopped early.
    func blocks(from start: Int, to end: Int) -> [UInt32] {
        lock.withLock {
            while values.count < end && !finished { lock.wait() }
            return Array(values[min(start, values.count)..<min(end, values.count)])
        }
    }
}
