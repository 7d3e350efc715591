internal import ZKStorage

/// Writes the buffers a renderer fills to a ``ToolOutput`` on a second thread, so the kernel's
/// copy of the bytes (into the page cache, or a pipe) overlaps the rendering of the next ones on
/// the other core (`zkdata log`, whose records are larger than the log it reads).
///
/// The renderer fills a buffer (a memory ``ToolOutput`` that grows rather than flushes, see
/// ``makeBuffer()``), hands it over with ``submit(_:)`` and gets an empty one back to go on
/// with; at most `buffers` are in flight. ``finish()`` waits until everything is written.
/// Buffers are written in the order they are submitted, with ``ToolOutput/writeThrough(_:)``
/// (a failed write is the target's ``ToolOutput/writeFailed``, to be read after ``finish()``).
/// Until ``finish()`` returns nothing else may write to the target; a stream that flushes it
/// first (stderr, for stdout) may still write, as the target then has nothing buffered. Where
/// no thread can be started, buffers are written as they are submitted.
public final class BackgroundOutput {
    private let target: ToolOutput
    private let capacity: Int
    /// Filled buffers, oldest first, on their way to the thread.
    private let filled: BoundedQueue<ToolOutput>
    /// Written buffers, emptied, on their way back.
    private let emptied: BoundedQueue<ToolOutput>
    /// Buffers made so far (at most `buffers`, then the renderer waits for an emptied one).
    private var made = 0
    private let buffers: Int
    private var worker: BackgroundJob<Void>?

    /// Starts the writing thread for `target`, whose buffered bytes are written first.
    ///
    /// - Parameters:
    ///   - buffers: how many buffers exist at once (one being filled, the others written or
    ///     waiting); at least 2.
    ///   - capacity: the initial size of each buffer.
    public init(target: ToolOutput, buffers: Int = 3, capacity: Int = 1 << 20) {
        target.flush()
        self.target = target
        self.capacity = capacity
        self.buffers = max(buffers, 2)
        let filled = BoundedQueue<ToolOutput>(capacity: self.buffers)
        let emptied = BoundedQueue<ToolOutput>(capacity: self.buffers)
        self.filled = filled
        self.emptied = emptied
        worker = BackgroundJob.started {
            while let buffer = filled.take() {
                target.writeThrough(buffer.pending)
                buffer.truncate(to: 0)
                emptied.put(buffer)
            }
        }
    }

    /// A new empty buffer to render into (the first, or one more while fewer than `buffers`
    /// exist).
    public func makeBuffer() -> ToolOutput {
        made += 1
        return ToolOutput(fileDescriptor: -1, capacity: capacity, flushesWhenFull: false)
    }

    /// Queues `buffer` for writing and returns an empty buffer, waiting for one to be written
    /// when all `buffers` are in use.
    public func submit(_ buffer: ToolOutput) -> ToolOutput {
        guard worker != nil else {
            target.writeThrough(buffer.pending)
            buffer.truncate(to: 0)
            return buffer
        }
        filled.put(buffer)
        if made < buffers { return makeBuffer() }
        return emptied.take() ?? makeBuffer()
    }

    /// Waits until every submitted buffer is written; later submits write at once.
    public func finish() {
        filled.close()
        worker?.join()
        worker = nil
    }

    deinit { finish() }
}
