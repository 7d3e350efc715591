internal import Glibc

/// Independent jobs spread over a few threads, for work whose results do not depend on the
/// order it runs in (`zkdata doctor` checks every file of a data dir this way).
///
/// The calling thread is one of the workers; the others are ``BackgroundJob``s. Each worker
/// takes the next job not yet started, in the order given (longest first keeps both cores busy
/// to the end), so the results are the same whatever the thread count.
public enum ParallelJobs {
    /// Processors online (at least 1).
    public static var processorCount: Int { max(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), 1) }

    /// `body(i)` for every `i` in `0..<count`, on up to `threads` threads (the caller's among
    /// them), started in the order of `order` (indices not in it follow in index order).
    /// Returns the results by index.
    public static func map<Result>(
        count: Int,
        threads: Int = processorCount,
        order: [Int] = [],
        _ body: @escaping (Int) -> Result
    ) -> [Result] {
        var sequence = order.filter { $0 >= 0 && $0 < count }
        var listed = [Bool](repeating: false, count: count)
        sequence = sequence.filter { i in
            defer { listed[i] = true }
            return !listed[i]
        }
        sequence += (0..<count).filter { !listed[$0] }
        let board = JobBoard<Result>(sequence: sequence)
        let helpers = (1..<max(min(threads, count), 1)).map { _ in
            BackgroundJob { board.work(body) }
        }
        board.work(body)
        for helper in helpers { helper.join() }
        return board.results()
    }
}

/// The shared state of ``ParallelJobs/map(count:threads:order:_:)``: the next job to start and
/// the results so far, behind one lock.
private final class JobBoard<Result>: @unchecked Sendable {
    private let lock = ConditionLock()
    private let sequence: [Int]
    private var next = 0
    private var slots: [Result?]

    init(sequence: [Int]) {
        self.sequence = sequence
        slots = Array(repeating: nil, count: sequence.count)
    }

    /// Runs jobs until none is left.
    func work(_ body: (Int) -> Result) {
        while let index = take() {
            let result = body(index)
            lock.withLock { slots[index] = result }
        }
    }

    private func take() -> Int? {
        lock.withLock {
            guard next < sequence.count else { return nil }
            defer { next += 1 }
            return sequence[next]
        }
    }

    /// Every result, by index (call once every worker has returned: each job has run).
    func results() -> [Result] {
        lock.withLock { slots.compactMap { $0 } }
    }
}
