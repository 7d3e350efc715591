internal import Glibc

/// Runs one closure on its own POSIX thread; `join()` waits for it and returns its result.
///
/// For work that overlaps on two cores without changing what is produced: the comparer loads
/// its two snapshots at once, recovery writes the `.fixed` file while it checks checksums, the
/// snappy decoder inflates blocks ahead of the parser.
public final class BackgroundJob<Result>: @unchecked Sendable {
    private let box: ResultBox<Result>
    private var thread: pthread_t?

    /// Starts `work` now, or runs it on the first `join()` if no thread can be created.
    public init(_ work: @escaping () -> Result) {
        box = ResultBox(work)
        thread = ThreadLauncher.start(box)
    }

    private init(box: ResultBox<Result>, thread: pthread_t?) {
        self.box = box
        self.thread = thread
    }

    /// Starts `work` on a thread of its own; nil if no thread can be created (a process or
    /// thread limit). For work that another thread waits on while it runs — a producer or a
    /// consumer — which must not be put off until `join()`.
    public static func started(_ work: @escaping () -> Result) -> BackgroundJob? {
        let box = ResultBox(work)
        guard let thread = ThreadLauncher.start(box) else { return nil }
        return BackgroundJob(box: box, thread: thread)
    }

    /// A job already done: `join()` returns `value` (for a caller that runs work on a thread
    /// only in some cases).
    public static func finished(_ value: Result) -> BackgroundJob {
        BackgroundJob(box: ResultBox { value }, thread: nil)
    }

    /// Waits for the job and returns what it produced.
    public func join() -> Result {
        if let thread {
            pthread_join(thread, nil)
            self.thread = nil
        }
        return box.value()
    }

    /// A job never joined is waited for here, so its thread never outlives what it uses.
    deinit {
        if let thread { pthread_join(thread, nil) }
    }
}

/// Something a thread can run.
private protocol ThreadBody: AnyObject {
    func run()
}

private final class ResultBox<Result>: ThreadBody, @unchecked Sendable {
    private let work: () -> Result
    private var result: Result?

    init(_ work: @escaping () -> Result) {
        self.work = work
    }

    func run() {
        result = work()
    }

    /// The result; computed here if the thread never ran.
    func value() -> Result {
        if let result { return result }
        let value = work()
        result = value
        return value
    }
}

private enum ThreadLauncher {
    /// Holds the body while the thread starts.
    private final class Context {
        let body: any ThreadBody
        init(_ body: any ThreadBody) { self.body = body }
    }

    static func start(_ body: any ThreadBody) -> pthread_t? {
        // A trivial C type: initialised by pthread_attr_init, not by Swift.
        let attributes = UnsafeMutablePointer<pthread_attr_t>.allocate(capacity: 1)
        pthread_attr_init(attributes)
        defer {
            pthread_attr_destroy(attributes)
            attributes.deallocate()
        }
        pthread_attr_setstacksize(attributes, 8 << 20)
        let context = Unmanaged.passRetained(Context(body)).toOpaque()
        var handle: pthread_t = 0
        guard pthread_create(&handle, attributes, entry, context) == 0 else {
            Unmanaged<Context>.fromOpaque(context).release()
            return nil
        }
        return handle
    }

    private static let entry: @convention(c) (UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? = { context in
        guard let context else { return nil }
        Unmanaged<Context>.fromOpaque(context).takeRetainedValue().body.run()
        return nil
    }
}
