import Foundation
import Testing
import ZKStorage

/// The job spreader doctor checks files with: every job runs exactly once, results come back
/// by index whatever the thread count and start order, and the start order is the one given.
@Suite struct ParallelJobsTests {
    @Test(arguments: [1, 2, 3, 8])
    func everyJobRunsOnceAndResultsComeBackByIndex(threads: Int) {
        let runs = RunLog()
        let results = ParallelJobs.map(count: 50, threads: threads, order: [7, 3, 3, 99, -1]) { i -> Int in
            runs.record(i)
            return i * i
        }
        #expect(results == (0..<50).map { $0 * $0 })
        #expect(runs.started.sorted() == Array(0..<50))
    }

    @Test func oneThreadStartsJobsInTheGivenOrder() {
        let runs = RunLog()
        _ = ParallelJobs.map(count: 5, threads: 1, order: [4, 2]) { runs.record($0) }
        #expect(runs.started == [4, 2, 0, 1, 3])
    }

    @Test func noJobsNoResults() {
        #expect(ParallelJobs.map(count: 0) { $0 }.isEmpty)
    }
}

/// The jobs that started, in start order (jobs run on several threads).
private final class RunLog: @unchecked Sendable {
    private let lock = NSLock()
    private var indices: [Int] = []

    func record(_ i: Int) {
        lock.withLock { indices.append(i) }
    }

    var started: [Int] { lock.withLock { indices } }
}
