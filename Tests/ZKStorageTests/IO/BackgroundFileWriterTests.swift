import TestSupport
import Testing
import ZKStorage

/// The second-thread writer used by txn log recovery: chunks land in order, mapped spans are
/// copied exactly, and nothing appears under the final name before the commit.
@Suite struct BackgroundFileWriterTests {
    @Test func writesMappedSpansAndOwnBytesInOrder() throws {
        guard let source = FixturePaths.serverLogs.first else {
            Issue.record("no server logs")
            return
        }
        let input = try MappedFile(path: source)
        let bytes = try FixturePaths.read(source)
        #expect(input.count == bytes.count && bytes.count > 300)
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path + "/out"
        let writer = BackgroundFileWriter(try AtomicFileWriter(path: path), pendingChunks: 2)
        // Header bytes of our own, then the input in uneven spans with a patch in between.
        try writer.submit(.bytes([1, 2, 3]))
        try writer.submit(.mapped(input, 0..<100))
        try writer.submit(.bytes([0xFF]))
        try writer.submit(.mapped(input, 100..<101))
        try writer.submit(.mapped(input, 101..<bytes.count))
        #expect(writer.position == 3 + 1 + bytes.count)
        #expect((try? FixturePaths.read(path)) == nil)
        try writer.commit(extendingTo: 3 + 1 + bytes.count + 10)
        let expected = [1, 2, 3] + bytes[0..<100] + [0xFF] + bytes[100...] + Array(repeating: 0, count: 10)
        #expect(try FixturePaths.read(path) == Array(expected))
    }

    @Test func queueHandsOverEveryElementInOrderAcrossThreads() {
        let queue = BoundedQueue<Int>(capacity: 3)
        let consumer = BackgroundJob { () -> [Int] in
            var seen: [Int] = []
            while let n = queue.take() { seen.append(n) }
            return seen
        }
        for n in 0..<10_000 { #expect(queue.put(n)) }
        queue.close()
        #expect(consumer.join() == Array(0..<10_000))
        #expect(!queue.put(1))
        #expect(queue.take() == nil)
    }
}
