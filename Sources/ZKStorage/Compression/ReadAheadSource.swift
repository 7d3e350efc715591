internal import Glibc

/// Decodes a compressed snapshot on a second thread, ahead of the parser: a `DecodedByteSource`
/// over another one, whose `read` calls all happen on that thread.
///
/// Decoded bytes travel in chunks (``chunkSize`` each, a few in flight, recycled): the decoder
/// fills an empty chunk and queues it; `read(into:)` copies out of the oldest queued chunk.
/// The bytes and their order are exactly the inner source's. An error thrown by the inner
/// source reaches the reader after every byte decoded before it. Dropping the reader early
/// (the snapshot ended before the compressed stream) stops the decoder.
final class ReadAheadSource: DecodedByteSource, @unchecked Sendable {
    static let chunkSize = 1 << 20

    private enum Item {
        case chunk(UnsafeMutableRawBufferPointer, count: Int)
        case end(ZKStorageError?)
    }

    private let inner: any DecodedByteSource
    /// The mapping `inner` decodes from: kept alive until the decoding thread has stopped.
    private let file: MappedFile
    private let filled: BoundedQueue<Item>
    private let empty: BoundedQueue<UnsafeMutableRawBufferPointer>
    private let buffers: [UnsafeMutableRawBufferPointer]
    private var worker: BackgroundJob<Void>?
    /// The chunk being read and the read position in it.
    private var current: (buffer: UnsafeMutableRawBufferPointer, count: Int)?
    private var position = 0
    private var ended = false
    private var thrown: ZKStorageError?

    /// True when a second thread can run alongside the reader (more than one CPU online).
    static var isWorthwhile: Bool { sysconf(Int32(_SC_NPROCESSORS_ONLN)) > 1 }

    /// Starts decoding `inner` (which reads from `file`) on a thread of its own; nil if no
    /// thread can be started (the caller then reads `inner` directly).
    init?(_ inner: any DecodedByteSource, file: MappedFile, chunks: Int = 4) {
        self.inner = inner
        self.file = file
        let count = max(chunks, 2)
        buffers = (0..<count).map { _ in .allocate(byteCount: ReadAheadSource.chunkSize, alignment: 64) }
        filled = BoundedQueue(capacity: count + 1)
        empty = BoundedQueue(capacity: count)
        for b in buffers { empty.put(b) }
        let (filled, empty) = (filled, empty)
        worker = BackgroundJob.started {
            ReadAheadSource.decode(inner, of: file, from: empty, to: filled)
        }
        if worker == nil {
            for b in buffers { b.deallocate() }
            return nil
        }
    }

    /// The decoding thread: fill empty chunks until the inner source ends, fails, or the reader
    /// goes away (a queue closes). The compressed pages already decoded go back to the kernel
    /// as it goes (this thread is the only one that releases `file`'s pages).
    private static func decode(
        _ inner: any DecodedByteSource,
        of file: MappedFile,
        from empty: BoundedQueue<UnsafeMutableRawBufferPointer>,
        to filled: BoundedQueue<Item>
    ) {
        while let buffer = empty.take() {
            do throws(ZKStorageError) {
                let n = try inner.read(into: buffer)
                file.release(before: inner.inputOffset)
                if n == 0 {
                    filled.put(.end(nil))
                    return
                }
                if !filled.put(.chunk(buffer, count: n)) { return }
            } catch {
                filled.put(.end(error))
                return
            }
        }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ZKStorageError) -> Int {
        guard let destination = buffer.baseAddress else { return 0 }
        var produced = 0
        while produced < buffer.count {
            guard let chunk = current ?? nextChunk() else { break }
            current = chunk
            let n = min(chunk.count - position, buffer.count - produced)
            if let source = chunk.buffer.baseAddress {
                (destination + produced).copyMemory(from: source + position, byteCount: n)
            }
            produced += n
            position += n
            if position == chunk.count {
                current = nil
                position = 0
                empty.put(chunk.buffer)
            }
        }
        // Like the inner source, keep failing once it has failed.
        if produced == 0, let thrown { throw thrown }
        return produced
    }

    /// The next decoded chunk, or nil once the inner source has ended (its error kept in `thrown`).
    private func nextChunk() -> (buffer: UnsafeMutableRawBufferPointer, count: Int)? {
        guard !ended, let item = filled.take() else { return nil }
        switch item {
        case .chunk(let buffer, let count):
            return (buffer, count)
        case .end(let error):
            ended = true
            thrown = error
            stopDecoder()
            return nil
        }
    }

    private func stopDecoder() {
        empty.close()
        filled.close()
        worker?.join()
        worker = nil
    }

    var deferredError: ZKStorageError? {
        guard ended else { return nil }
        return inner.deferredError
    }

    deinit {
        stopDecoder()
        for b in buffers { b.deallocate() }
    }
}
