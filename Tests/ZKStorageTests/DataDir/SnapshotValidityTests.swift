import Glibc
import TestSupport
import Testing
import ZKStorage

/// A scratch directory for one test, removed with everything in it.
private struct DataDirScratch: ~Copyable {
    let path: String

    init() {
        var template = Array("/tmp/zk-datadir-XXXXXX".utf8CString)
        let p = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        path = p.map { String(cString: $0) } ?? "/tmp"
    }

    deinit { Self.removeTree(path) }

    func write(_ name: String, _ bytes: [UInt8]) {
        let fd = open(path + "/" + name, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        precondition(fd >= 0, "cannot create \(name)")
        bytes.withUnsafeBytes { _ = Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    static func removeTree(_ path: String) {
        if let dir = opendir(path) {
            var names: [String] = []
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
                }
                if name != "." && name != ".." { names.append(name) }
            }
            closedir(dir)
            for name in names { removeTree(path + "/" + name) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }
}

/// `SnapStream.isValidSnapshot` (spec-formats §5.6) and the full verification.
@Suite struct DataDirSnapshotValidityTests {
    static let seal: [UInt8] = [0, 0, 0, 1, UInt8(ascii: "/")]

    @Test func plainSnapshotsAreJudgedByTheirLastFiveBytes() {
        let dir = DataDirScratch()
        dir.write("snapshot.1", [UInt8](repeating: 7, count: 5) + Self.seal)
        dir.write("snapshot.2", [UInt8](repeating: 7, count: 4) + Self.seal)  // 9 bytes: too short
        dir.write("snapshot.3", [UInt8](repeating: 7, count: 20))
        dir.write("snapshot.4", [UInt8](repeating: 7, count: 5) + [0, 0, 0, 1, UInt8(ascii: "x")])
        dir.write("snapshot.5", [])
        dir.write("snapshot.xyz", [UInt8](repeating: 7, count: 5) + Self.seal)  // the name must parse
        dir.write("snapshot.6.tmp", [UInt8](repeating: 7, count: 5) + Self.seal)
        dir.write("snapshot.7.gz.tmp", [0x1F, 0x8B] + [UInt8](repeating: 0, count: 20))  // plain by name
        dir.write("other.8", [UInt8](repeating: 7, count: 5) + Self.seal)
        let valid = ["snapshot.1", "snapshot.6.tmp"]
        for name in [
            "snapshot.1", "snapshot.2", "snapshot.3", "snapshot.4", "snapshot.5", "snapshot.xyz", "snapshot.6.tmp",
            "snapshot.7.gz.tmp", "other.8",
        ] {
            #expect(SnapshotValidity.isValidSnapshot(path: dir.path + "/" + name) == valid.contains(name), "\(name)")
        }
    }

    @Test func compressedSnapshotsAreJudgedByTheirMagic() {
        let dir = DataDirScratch()
        dir.write("snapshot.1.gz", [0x1F, 0x8B])
        dir.write("snapshot.2.GZ", [0x1F, 0x8B, 8, 0])
        dir.write("snapshot.3.gz", [0x1F])
        dir.write("snapshot.4.gz", [0x8B, 0x1F, 0, 0])
        dir.write("snapshot.5.snappy", SnapshotCodec.snappyHeader)
        dir.write("snapshot.6.snappy", Array(SnapshotCodec.snappyHeader.prefix(8)))
        dir.write("snapshot.7.snappy", Array(SnapshotCodec.snappyHeader.prefix(7)))
        dir.write("snapshot.8.SNAPPY", [0x82] + [UInt8](repeating: 0, count: 15))
        let valid = ["snapshot.1.gz", "snapshot.2.GZ", "snapshot.5.snappy", "snapshot.6.snappy"]
        for name in [
            "snapshot.1.gz", "snapshot.2.GZ", "snapshot.3.gz", "snapshot.4.gz", "snapshot.5.snappy",
            "snapshot.6.snappy", "snapshot.7.snappy", "snapshot.8.SNAPPY",
        ] {
            #expect(SnapshotValidity.isValidSnapshot(path: dir.path + "/" + name) == valid.contains(name), "\(name)")
        }
    }

    @Test func unreadableThingsAreInvalid() {
        let dir = DataDirScratch()
        mkdir(dir.path + "/snapshot.9", 0o755)
        #expect(!SnapshotValidity.isValidSnapshot(path: dir.path + "/snapshot.9"))
        #expect(!SnapshotValidity.isValidSnapshot(path: dir.path + "/snapshot.10"))
        mkfifo(dir.path + "/snapshot.11", 0o644)
        #expect(!SnapshotValidity.isValidSnapshot(path: dir.path + "/snapshot.11"))
    }

    @Test func findNValidSnapshotsSkipsInvalidOnes() {
        let names = ["snapshot.1", "snapshot.19", "snapshot.f", "x", "snapshot.a", "snapshot.14"]
        let found = SnapshotValidity.findNValidSnapshots(names, count: 3) { $0 != "snapshot.19" && $0 != "x" }
        #expect(found == ["snapshot.14", "snapshot.f", "snapshot.a"])
        #expect(SnapshotValidity.findNValidSnapshots(names, count: 10) { $0.hasPrefix("snapshot.1") }.count == 3)
    }

    static var serverSnapshots: [String] { FixturePaths.serverSnapshots.filter { !$0.hasSuffix(".tmp") } }

    @Test(arguments: serverSnapshots)
    func serverSnapshotsVerify(_ path: String) throws {
        #expect(SnapshotValidity.isValidSnapshot(path: path))
        let tail = try SnapshotValidity.verify(path: path)
        #expect(tail.sealsValid)
    }

    @Test(arguments: serverSnapshots.prefix(6))
    func damagedSnapshotsFailVerification(_ path: String) throws {
        var bytes = try FixturePaths.read(path)
        let dir = DataDirScratch()
        let name = JavaFileSystem.name(path)
        // Flip a byte in the middle; the first and last bytes stay, so the cheap check passes.
        bytes[bytes.count / 2] ^= 0x5A
        dir.write(name, bytes)
        let copy = dir.path + "/" + name
        #expect(SnapshotValidity.isValidSnapshot(path: copy))
        #expect(throws: ZKStorageError.self) { try SnapshotValidity.verify(path: copy) }
        // Cut off the end: a plain one fails both checks, a compressed one only the full one.
        dir.write(name, Array(bytes.prefix(bytes.count - 7)))
        #expect(throws: ZKStorageError.self) { try SnapshotValidity.verify(path: copy) }
    }
}

/// `DataDirLock`: exclusive between open file descriptions, released on deinit.
@Suite struct DataDirLockTests {
    @Test func secondLockerIsTurnedAway() throws {
        let dir = DataDirScratch()
        mkdir(dir.path + "/a", 0o755)
        mkdir(dir.path + "/b", 0o755)
        let a = dir.path + "/a"
        let b = dir.path + "/b"
        do {
            guard case .acquired(let first) = try DataDirLock.tryAcquire([a, b, a]) else {
                Issue.record("the first lock should succeed")
                return
            }
            guard case .busy = try DataDirLock.tryAcquire([b]) else {
                Issue.record("the second lock should be refused")
                return
            }
            #expect(try DataDirLock.acquire([a], timeout: 0.1) == nil)
            withExtendedLifetime(first) {}
        }
        guard case .acquired = try DataDirLock.tryAcquire([b, a]) else {
            Issue.record("the lock should be free again")
            return
        }
        // No lock file is left behind.
        #expect(JavaFileSystem.list(a) == [])
        // A missing directory is skipped.
        guard case .acquired = try DataDirLock.tryAcquire([dir.path + "/missing"]) else {
            Issue.record("a missing directory has nothing to lock")
            return
        }
    }

    @Test func prepareCreatesVersion2AndReportsProblems() {
        let dir = DataDirScratch()
        let root = dir.path
        mkdir(root + "/A", 0o755)
        let layout = DataDirLayout(dataLogDir: root + "/A", snapDir: root + "/A")
        #expect(layout.prepare(create: false) == nil)
        #expect(!JavaFileSystem.exists(root + "/A/version-2"))
        #expect(layout.prepare() == nil)
        #expect(JavaFileSystem.isDirectory(root + "/A/version-2"))

        dir.write("F", [1])
        let onFile = DataDirLayout(dataLogDir: root + "/F", snapDir: root + "/A")
        #expect(onFile.prepare() == .unableToCreate(.log, path: root + "/F/version-2"))
        #expect(onFile.prepare(create: false) == .unableToCreate(.log, path: root + "/F/version-2"))
        let snapOnFile = DataDirLayout(dataLogDir: root + "/A", snapDir: root + "/F/")
        #expect(snapOnFile.prepare() == .unableToCreate(.snap, path: root + "/F/version-2"))

        mkdir(root + "/B", 0o755)
        mkdir(root + "/B/version-2", 0o755)
        dir.write("A/version-2/snapshot.1", [])
        #expect(DataDirLayout(dataLogDir: root + "/A", snapDir: root + "/B").prepare() == .logDirectoryHasSnapshots)
        #expect(DataDirLayout(dataLogDir: root + "/A", snapDir: root + "/A/").prepare() == nil)
        dir.write("B/version-2/log.1", [])
        mkdir(root + "/C", 0o755)
        #expect(DataDirLayout(dataLogDir: root + "/C", snapDir: root + "/B").prepare() == .snapDirectoryHasLogs)
    }

    @Test func listingKeepsReaddirOrderAndJavaDecoding() {
        let dir = DataDirScratch()
        dir.write("log.1", [])
        let raw: [UInt8] = Array("log.2".utf8) + [0xFF]
        let fd = raw.withUnsafeBufferPointer { buffer -> Int32 in
            var cPath = Array((dir.path + "/").utf8) + Array(buffer) + [0]
            return cPath.withUnsafeMutableBufferPointer { p in
                p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: p.count) {
                    open($0, O_CREAT | O_WRONLY, 0o644)
                }
            }
        }
        close(fd)
        let names = JavaFileSystem.list(dir.path) ?? []
        #expect(Set(names) == ["log.1", "log.2\u{FFFD}"])
        // Java cannot reach the file through the decoded name, and neither can we.
        #expect(JavaFileSystem.lastModified(dir.path + "/log.2\u{FFFD}") == 0)
        #expect(!JavaFileSystem.delete(dir.path + "/log.2\u{FFFD}").deleted)
        #expect(JavaFileSystem.list(dir.path + "/missing") == nil)
    }
}
