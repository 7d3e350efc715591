internal import TestSupport
import Testing
internal import ZKStorage

@testable import ZKData

/// `zkdata status` rows for real and damaged files. Counts and offsets were checked with the
/// fixture generator's own parser (Fixtures/generate/zkfiles.py) and MANIFEST.tsv.
@Suite struct StatusTests {
    private let standalone = FixturePaths.fixtures + "/zk-3.8.0/standalone"

    @Test func directoryRowsCarryZxidsCountsAndDigests() throws {
        let rows = try StatusOperation.run(paths: [standalone])
        #expect(rows.count == 12)
        let log1 = try #require(rows.first { $0.path.hasSuffix("/log.1") })
        #expect(log1.kind == .log)
        #expect(log1.firstZxid == 0x1)
        #expect(log1.lastZxid == 0x1d)
        #expect(log1.count == 29)
        #expect(log1.bytes == 8208)
        #expect(log1.digest)
        #expect(log1.verdict == "ok")
        let snap = try #require(rows.first { $0.path.hasSuffix("/snapshot.8e") })
        #expect(snap.kind == .snapshot)
        #expect(snap.firstZxid == 0x8e)
        #expect(snap.bytes == 7130)
        #expect(snap.digest)
        #expect(snap.count > 0)
        #expect(rows.allSatisfy { $0.damage == nil })
    }

    @Test(arguments: [
        ("log-crc1", "crc-mismatch", 3526),
        ("log-bad-eor", "bad-end-of-record", 341),
        ("log-len-int-max", "unreasonable-length", 341),
        ("log-len-minus1", "null-entry", 341),
        ("log-len-zero", "zero-length", 341),
        ("log-unknown-type", "unsupported-txn", 341),
        ("log-trunc-mid-payload", "torn-entry", 341),
        ("log-empty", "header-truncated", 0),
        ("log-bad-magic", "bad-magic", 0),
    ])
    func damagedLogsNameTheirFirstDamage(damaged: String, code: String, offset: Int) throws {
        let path = FixturePaths.fixtures + "/damaged/" + damaged + "/log.1e"
        guard JavaFileSystem.exists(path) else {
            Issue.record("missing fixture \(path)")
            return
        }
        let row = try StatusOperation.row(file: path)
        #expect(row.damage?.code == code)
        #expect(row.damage?.offset == offset)
        // "entry 3" (offset 341) follows 0x1e, 0x1f, 0x20.
        if offset == 341 { #expect(row.count == 3 && row.lastZxid == 0x20) }
    }

    @Test(arguments: [
        ("snap-seal-altered", "snapshot.8e", "seal-mismatch"),
        ("snap-empty", "snapshot.8e", "not-valid"),
        ("snap-missing-parent", "snapshot.8e", "invalid-tree"),
        ("snap-trunc-mid-tree", "snapshot.8e", "not-valid"),
        // The flipped deflate byte inflates to garbage: Java's formatter also dies with
        // "Invalid Datatree" on it (Fixtures/goldens/formatter/damaged-snap-gz-bad-stream).
        ("snap-gz-bad-stream", "snapshot.8a.gz", "invalid-tree"),
        ("snap-gz-bad-trailer", "snapshot.8a.gz", "beyond-seals"),
    ])
    func damagedSnapshotsNameTheirDamage(damaged: String, file: String, code: String) throws {
        let path = FixturePaths.fixtures + "/damaged/" + damaged + "/" + file
        guard JavaFileSystem.exists(path) else {
            Issue.record("missing fixture \(path)")
            return
        }
        let row = try StatusOperation.row(file: path)
        #expect(row.damage?.code == code)
    }

    @Test func jsonRowsUseHexZxids() throws {
        let rows = try StatusOperation.run(paths: [standalone + "/version-2/log.90"])
        let text = String(decoding: StatusPrinter.json(rows), as: UTF8.self)
        #expect(
            text.contains(
                #""kind":"log","codec":"plain","first_zxid":"0x90","last_zxid":"0x91","txns":2,"bytes":8208,"digest":true,"verdict":"ok","damage":null}"#
            )
        )
    }
}
