internal import Glibc

/// Feeds an ``AtomicFileWriter`` from a second thread, so the kernel's copy of the bytes into
/// the page cache overlaps the caller's own work (checksums, decoding) on the other core.
///
/// Chunks are written in the order they are submitted. A chunk of a ``MappedFile`` is written
/// straight from the mapping, and the pages before its end are then released, so a caller that
/// copies most of an input unchanged (txn log recovery) neither copies it through a buffer nor
/// grows its resident set. The first write error stops the writing and is thrown by the next
/// ``submit(_:)`` or by ``commit(extendingTo:)``. Where no thread can be started, chunks are
/// written as they are submitted.
///
/// A file copied from a mapped input is never published if that input shrank while it was read
/// (``MappedFile/lostOffset``, or `write(2)` failing with `EFAULT` on its lost pages): the
/// error is then `the file shrank or could not be read at byte offset N`, naming the input.
public final class BackgroundFileWriter: @unchecked Sendable {
    public enum Chunk {
        /// Bytes `range` of a mapped input; pages before `range.upperBound` are released after.
        case mapped(MappedFile, Range<Int>)
        /// Bytes of their own.
        case bytes([UInt8])
        /// No bytes: the pages of the mapped input before `offset` are no longer needed.
        case release(MappedFile, before: Int)
    }

    private let out: AtomicFileWriter
    private let queue: BoundedQueue<Chunk>
    /// Nil when no thread could be started: chunks are then written as they are submitted.
    private let worker: BackgroundJob<ZKStorageError?>?
    /// Bytes submitted so far (the file position once they are written).
    public private(set) var position: Int
    private var finished = false
    /// The mapped inputs chunks were copied from, checked before the file is published.
    private var sources: [MappedFile] = []

    /// Starts the writing thread. At most `pendingChunks` chunks wait for it.
    public init(_ out: AtomicFileWriter, pendingChunks: Int = 4) {
        self.out = out
        position = out.position
        let queue = BoundedQueue<Chunk>(capacity: pendingChunks)
        self.queue = queue
        worker = BackgroundJob.started { BackgroundFileWriter.drain(queue, into: out) }
    }

    /// Writes chunks until the queue closes; returns the first error (the queue is then closed,
    /// so the producer's next `put` fails and it asks for the error).
    private static func drain(_ queue: BoundedQueue<Chunk>, into out: AtomicFileWriter) -> ZKStorageError? {
        while let chunk = queue.take() {
            do throws(ZKStorageError) {
                try write(chunk, to: out)
            } catch {
                queue.close()
                return error
            }
        }
        return nil
    }

    private static func write(_ chunk: Chunk, to out: AtomicFileWriter) throws(ZKStorageError) {
        switch chunk {
        case .mapped(let file, let range):
            do {
                try out.write(UnsafeRawBufferPointer(rebasing: file.bytes[range]))
            } catch {
                // write(2) refuses pages of the mapping past the file's new end with EFAULT.
                if error.errno == EFAULT, let lost = file.lostOffset {
                    throw ZKStorageError.inputLost(file.path, at: lost)
                }
                throw error
            }
            file.release(before: range.upperBound)
        case .bytes(let bytes):
            try out.write(bytes)
        case .release(let file, let offset):
            file.release(before: offset)
        }
    }

    /// Queues `chunk`, waiting while the writer is `pendingChunks` behind.
    ///
    /// - Throws: the writer's error, once a write has failed.
    public func submit(_ chunk: Chunk) throws(ZKStorageError) {
        switch chunk {
        case .mapped(let file, let range):
            position += range.count
            if !sources.contains(where: { $0 === file }) { sources.append(file) }
        case .bytes(let bytes): position += bytes.count
        case .release: break
        }
        guard worker != nil else { return try BackgroundFileWriter.write(chunk, to: out) }
        if !queue.put(chunk) {
            throw finishWriting() ?? ZKStorageError(.io, file: out.path, "writer already finished")
        }
    }

    /// Waits for every queued chunk to be written and returns the first error, if any.
    private func finishWriting() -> ZKStorageError? {
        queue.close()
        finished = true
        return worker?.join() ?? nil
    }

    /// Waits for the writes and commits the file (``AtomicFileWriter/commit(extendingTo:)``).
    public func commit(extendingTo size: Int? = nil) throws(ZKStorageError) {
        if let error = finishWriting() { throw error }
        for file in sources {
            if let lost = file.lostOffset {
                out.abandon()
                throw ZKStorageError.inputLost(file.path, at: lost)
            }
        }
        try out.commit(extendingTo: size)
    }

    deinit {
        if !finished { _ = finishWriting() }
    }
}
