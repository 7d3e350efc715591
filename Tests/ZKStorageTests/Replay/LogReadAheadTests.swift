internal import TestSupport
import Testing

@testable import ZKStorage

/// The logs read on a second thread (``LoggedTxns/forEachPayload(after:prepare:_:)``) against
/// the one-thread loop, and a replay from prepared txns against one that decodes each txn
/// itself: the same entries, the same damage at the same place, the same tree and digests.
@Suite struct LogReadAheadTests {
    /// Real servers' logs, and damaged copies of the standalone log.
    static let logDirs =
        ["standalone", "standalone-gz", "ensemble-server1", "ensemble-server2"].map {
            "zk-3.8.0/\($0)/version-2"
        }
        + [
            "log-crc1", "log-crc2", "log-bad-eor", "log-body-cut", "log-len-minus1", "log-len-int-max",
            "log-trunc-mid-payload", "log-trunc-before-eor", "log-bad-magic", "log-header-only",
        ].map { "damaged/\($0)" }

    static func logged(_ dir: String) -> LoggedTxns? {
        let path = FixturePaths.fixtures + "/" + dir
        return DataDirContents(snapDirectory: path, logDirectory: path).map { LoggedTxns(logs: $0.logs) }
    }

    /// What a read hands over: each entry's zxid, file, offset and payload size, then the error.
    static func read(
        _ logged: LoggedTxns,
        after zxid: Int64,
        stopAt stop: Int?,
        onThisThread: Bool
    ) -> [String] {
        var seen: [String] = []
        let body = { (header: TxnHeader, payload: UnsafeRawBufferPointer, location: LoggedTxns.Location) -> Bool in
            seen.append("\(header.zxid) \(location.file) \(location.offset) \(payload.count)")
            return seen.count != stop
        }
        do {
            if onThisThread {
                try logged.forEachPayloadOnThisThread(after: zxid, body)
            } else {
                try logged.forEachPayload(after: zxid, body)
            }
        } catch {
            seen.append("error: \(error)")
        }
        return seen
    }

    @Test(arguments: logDirs)
    func readingAheadHandsOverWhatTheOneThreadLoopReads(_ dir: String) throws {
        let logged = try #require(Self.logged(dir))
        let whole = Self.read(logged, after: 0, stopAt: nil, onThisThread: true)
        #expect(!whole.isEmpty || dir == "damaged/log-header-only")
        #expect(Self.read(logged, after: 0, stopAt: nil, onThisThread: false) == whole)
        // Stopping early, and starting after a zxid inside the logs.
        for stop in [1, 2, whole.count / 2, LoggedTxns.readAheadBatch] where stop > 0 {
            #expect(
                Self.read(logged, after: 0, stopAt: stop, onThisThread: false)
                    == Self.read(logged, after: 0, stopAt: stop, onThisThread: true)
            )
        }
        #expect(
            Self.read(logged, after: 0x40, stopAt: nil, onThisThread: false)
                == Self.read(logged, after: 0x40, stopAt: nil, onThisThread: true)
        )
    }

    /// Damage is reported where the one-thread loop reports it (a file the reading thread got
    /// past first does not change that).
    @Test func damageComesAfterTheEntriesBeforeIt() throws {
        let logged = try #require(Self.logged("damaged/log-crc1"))
        let seen = Self.read(logged, after: 0, stopAt: nil, onThisThread: false)
        let last = try #require(seen.last)
        #expect(last.hasPrefix("error: "))
        #expect(last.contains("log.1e"))
        #expect(last.contains("does not match the payload's Adler-32"))
        #expect(seen.dropLast().allSatisfy { !$0.hasPrefix("error") })
    }

    /// Replayed from prepared txns (decoded, digest CRC begun, on the reading thread), every
    /// outcome and the final digest and tree equal a replay that decodes each payload itself.
    @Test(arguments: ["standalone", "standalone-gz", "standalone-snappy", "ensemble-server1", "ensemble-server2"])
    func preparedTxnsReplayAsDecodedOnes(_ name: String) throws {
        let logged = try #require(Self.logged("zk-3.8.0/\(name)/version-2"))
        let plain = TxnReplayer(tree: DataTree.javaInitial(), lastProcessedZxid: 0)
        let prepared = TxnReplayer(tree: DataTree.javaInitial(), lastProcessedZxid: 0)
        var compared = 0
        var direct = 0
        try logged.forEachPayload(after: 0, prepare: TxnReplayer.prepare) { _, payload, location, ahead in
            if ahead?.pathAndData != nil { direct += 1 }
            let a = try plain.apply(payload: payload, baseOffset: location.offset + 12)
            let b = try prepared.apply(payload: payload, baseOffset: location.offset + 12, prepared: ahead)
            #expect(a.err == b.err)
            #expect(a.logged == b.logged)
            if case .mismatched = b.logged { Issue.record("digest mismatch at \(location.offset)") }
            compared += 1
            return true
        }
        #expect(compared > 50)
        #expect(direct > 20)
        #expect(plain.treeDigest == prepared.treeDigest)
        #expect(DigestCalculator.treeDigest(prepared.tree) == prepared.treeDigest)
    }
}
