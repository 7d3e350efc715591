internal import TestSupport
import Testing
internal import ZKStorage

@testable import ZKData

/// `Fixtures/captured/acl-fallback`: a real server's data dir whose newest snapshot has a bad
/// seal (and the one before it a truncated tail). The server falls back to `snapshot.e1`, whose fuzzy window holds the create of a node
/// with a new ACL (reference 55, not in its cache). The failed read of `snapshot.110` left
/// `aclIndex` above 55, so replaying the create hands out another reference, and Debian's 3.8.0
/// server dies reading the node's ACL at its next setData; without `snapshot.110` the replay
/// gives 55 back and it starts. `server-startup.txt` is what real servers printed
/// (`Fixtures/captured/capture.sh`).
@Suite struct DoctorACLFallbackTests {
    static let folder = "captured"
    static let fixture = "acl-fallback"

    /// The line a real server printed for `label` (after "label: ").
    static func serverLine(_ label: String) throws -> String {
        let path = FixturePaths.fixtures + "/captured/acl-fallback/server-startup.txt"
        let text = String(decoding: try FixturePaths.read(path), as: UTF8.self)
        let line = text.split(separator: "\n").first { $0.hasPrefix(label + ": ") }
        return String(try #require(line).dropFirst(label.count + 2))
    }

    @Test func doctorPredictsTheServersDeathAfterTheFallback() throws {
        let copy = try DataDirCopy(Self.fixture, under: Self.folder)
        let startup = try copy.doctor().startup
        #expect(!startup.starts)
        #expect(startup.snapshot == "snapshot.e1")
        #expect(startup.exception == (try Self.serverLine("all files")))
        #expect(startup.failureFile?.hasSuffix("/version-2/log.e3") == true)
    }

    @Test func withoutTheFailedSnapshotTheServerStarts() throws {
        let copy = try DataDirCopy(Self.fixture, under: Self.folder)
        copy.remove("snapshot.110")
        let startup = try copy.doctor().startup
        let line = try Self.serverLine("without snapshot.110")
        let zxid = try #require(
            line.split(separator: " ").firstIndex(of: "is").map { line.split(separator: " ")[$0 + 1] }
        )
        #expect(startup.starts)
        #expect(startup.snapshot == "snapshot.e1")
        #expect(startup.exception == nil)
        #expect(startup.zxid.map { "0x" + String($0, radix: 16) + "," } == String(zxid))
    }
}
