import Dispatch
import Glibc
import TestSupport
import Testing
import ZKStorage

/// A log that a server is still appending to: every read stops cleanly at the last complete
/// entry, whatever byte the writer has reached.
@Suite struct LiveAppendTests {
    @Test func readerStopsAtLastCompleteEntryWhileAFileGrows() throws {
        // The entries (without padding) of the largest server log, written 7 bytes at a time.
        guard
            let source = FixturePaths.serverLogs.max(by: { a, b in
                ((try? FixturePaths.read(a).count) ?? 0) < ((try? FixturePaths.read(b).count) ?? 0)
            })
        else {
            Issue.record("no server logs")
            return
        }
        var reader = try TxnLogReader(path: source)
        var end = 16
        var total = 0
        while case .entry(let e) = try reader.next() {
            end = e.endOffset
            total += 1
        }
        let bytes = Array(try FixturePaths.read(source)[0..<end])
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path + "/log.live"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        #expect(fd >= 0)
        let done = DispatchSemaphore(value: 0)
        let writer = SlowAppender(bytes: bytes, fd: fd, done: done)
        DispatchQueue.global().async { writer.run() }
        var lastCount = 0
        var reads = 0
        while true {
            let finished = done.wait(timeout: .now()) == .success
            if let r = try? TxnLogReader(path: path) {
                var live = r
                var count = 0
                loop: while true {
                    switch try live.next() {
                    case .entry(let e):
                        guard e.endOfRecord == .valid else {
                            #expect(e.endOfRecord == .missing)
                            break loop
                        }
                        #expect(e.checksumMatches)
                        count += 1
                    case .end(let how):
                        if case .zeroLength = how { Issue.record("no zero length expected in a growing file") }
                        break loop
                    }
                }
                #expect(count >= lastCount)
                lastCount = count
                reads += 1
            }
            if finished { break }
        }
        close(fd)
        #expect(lastCount == total)
        #expect(reads > 1)
    }
}

/// Appends `bytes` to `fd` a few bytes at a time.
private final class SlowAppender: @unchecked Sendable {
    let bytes: [UInt8]
    let fd: Int32
    let done: DispatchSemaphore

    init(bytes: [UInt8], fd: Int32, done: DispatchSemaphore) {
        self.bytes = bytes
        self.fd = fd
        self.done = done
    }

    func run() {
        var offset = 0
        bytes.withUnsafeBytes { raw in
            while offset < raw.count {
                let n = min(7, raw.count - offset)
                _ = write(fd, raw.baseAddress! + offset, n)
                offset += n
                if offset % 70 == 0 { usleep(50) }
            }
        }
        done.signal()
    }
}
