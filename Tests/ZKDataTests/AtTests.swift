import ArgumentParser
import Foundation
internal import TestSupport
import Testing
internal import ZKStorage

@testable import ZKData

@Suite struct AtTests {
    static let standalone = FixturePaths.fixtures + "/zk-3.8.0/standalone"

    @Test func anUnreachableZxidIsExitTwo() throws {
        let work = WorkDirectory()
        do {
            try AtCommand.parse(["--zxid", "0x7fff0000", Self.standalone, "--output", work.path + "/snapshot.x"]).run()
            Issue.record("at did not fail")
        } catch let exit as ExitCode {
            #expect(exit.rawValue == 2)
        }
        #expect(work.list("").isEmpty)
    }

    @Test func zxidOrTimeIsRequired() {
        #expect(throws: (any Error).self) { try AtCommand.parse([Self.standalone, "--output", "/tmp/x"]) }
        #expect(throws: (any Error).self) {
            try AtCommand.parse(["--zxid", "nope", Self.standalone, "--output", "/tmp/x"])
        }
    }

    /// --bump-epoch into a directory: the snapshot is named after the next epoch's first zxid,
    /// and its digest trailer still says the zxid whose tree it holds.
    @Test func bumpEpochNamesTheSnapshotAfterTheNextEpoch() throws {
        let work = WorkDirectory()
        try AtCommand.parse(["--zxid", "0x60", Self.standalone, "--output", work.path, "--bump-epoch"]).run()
        #expect(work.list("") == ["snapshot.100000000"])
        let tree = try DataTree(snapshotAt: work.path + "/snapshot.100000000", options: .structure, readTail: true)
        #expect(tree.tail?.digest?.zxid == 0x60)
        #expect(tree.tail?.sealsValid == true)
    }

    /// Damage in a log matters only to a point whose replay passes it: with the setData at
    /// 0x3e altered (Fixtures/damaged/log-crc1), points before it and points reached from a
    /// later snapshot give the undamaged directory's snapshot byte for byte; 0x3e itself, which
    /// only that log holds, is exit 2 naming the file, the offset and what is reachable.
    @Test func damageAfterThePointOrBeforeTheStartDoesNotMatter() throws {
        let work = WorkDirectory()
        let dir = work.path + "/version-2"
        for name in try FileManager.default.contentsOfDirectory(atPath: Self.standalone + "/version-2") {
            try work.copy(Self.standalone + "/version-2/" + name, to: "version-2/" + name)
        }
        try work.copy(FixturePaths.fixtures + "/damaged/log-crc1/log.1e", to: "version-2/log.1e")
        for z in ["0x30", "0x3d", "0x50", "0x80"] {
            try AtCommand.parse(["--zxid", z, work.path, "--output", work.path + "/damaged." + z]).run()
            try AtCommand.parse(["--zxid", z, Self.standalone, "--output", work.path + "/clean." + z]).run()
            let damaged = FileManager.default.contents(atPath: work.path + "/damaged." + z)
            #expect(
                damaged != nil && damaged == FileManager.default.contents(atPath: work.path + "/clean." + z),
                "\(z)"
            )
        }
        let contents = try #require(DataDirContents(snapDirectory: dir, logDirectory: dir))
        #expect {
            _ = try PointInTimeReplay.run(contents, target: .zxid(0x3e))
        } throws: { error in
            "\(error)".hasPrefix(dir + "/log.1e: txn checksum ")
                && "\(error)".hasSuffix("at byte offset 3526; the tree can be rebuilt only up to 0x3d, not 0x3e")
        }
    }

    /// --time picks the last txn at or before T: the time of txn 0x60 gives 0x60.
    @Test func timePicksTheLastTxnAtOrBefore() throws {
        let dir = Self.standalone + "/version-2"
        guard let contents = DataDirContents(snapDirectory: dir, logDirectory: dir) else {
            Issue.record("missing fixture")
            return
        }
        var time: Int64?
        try LoggedTxns(logs: contents.logs).forEach(after: 0x5F, headersOnly: true) { txn, _ in
            time = txn.header.time
            return false
        }
        guard let time else {
            Issue.record("no txn 0x60")
            return
        }
        let result = try PointInTimeReplay.run(contents, target: .time(time))
        #expect(result.zxid >= 0x60)
        var next: Int64?
        try LoggedTxns(logs: contents.logs).forEach(after: result.zxid, headersOnly: true) { txn, _ in
            next = txn.header.time
            return false
        }
        if let next { #expect(next > time) }
    }
}
