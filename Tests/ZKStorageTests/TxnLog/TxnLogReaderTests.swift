import TestSupport
import Testing
import ZKStorage

@Suite struct TxnLogReaderTests {
    /// Every log ZooKeeper wrote: checksums verify, every entry ends in 'B', the data ends at the
    /// zero preallocation, zxids increase, and the first zxid is the one in the file's name.
    @Test(arguments: FixturePaths.serverLogs)
    func readsServerLog(_ path: String) throws {
        var reader = try TxnLogReader(path: path)
        #expect(reader.header == FileHeader.txnLog)
        var zxids: [Int64] = []
        loop: while true {
            switch try reader.next() {
            case .entry(let entry):
                #expect(entry.checksumMatches, "\(FixturePaths.relative(path)) entry at \(entry.offset)")
                #expect(entry.endOfRecord == .valid)
                let txn = try entry.decode()
                zxids.append(txn.header.zxid)
            case .end(let end):
                if case .zeroLength(let offset, let zero) = end {
                    #expect(zero)
                    #expect(reader.isZeroTail(from: offset))
                } else {
                    #expect(Bool(false), "\(FixturePaths.relative(path)) ended with \(end)")
                }
                break loop
            }
        }
        #expect(!zxids.isEmpty)
        let name = path.split(separator: "/").last.map(String.init) ?? ""
        #expect(zxids.first == Int64(name.dropFirst(4), radix: 16))
        #expect(zip(zxids, zxids.dropFirst()).allSatisfy { $0 < $1 })
    }

    /// Decoding then encoding every entry, and writing with ZooKeeper's preallocation rule
    /// (the fixtures were written with zookeeper.preAllocSize=8 KiB), gives the original file.
    @Test(arguments: FixturePaths.serverLogs)
    func roundTripsServerLog(_ path: String) throws {
        let original = try FixturePaths.read(path)
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let out = dir.path + "/log.copy"
        var reader = try TxnLogReader(path: path)
        let writer = try TxnLogWriter(path: out, preAllocSize: 8192)
        while case .entry(let entry) = try reader.next() {
            try writer.append(try entry.decode())
        }
        try writer.finish()
        let copy = try FixturePaths.read(out)
        #expect(copy.count == original.count, "\(FixturePaths.relative(path))")
        #expect(copy == original, "\(FixturePaths.relative(path))")
    }
}
