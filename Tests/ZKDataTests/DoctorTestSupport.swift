import ArgumentParser
internal import TestSupport
import Testing
internal import ZKStorage

@testable import ZKData

/// A copy of a fixture data dir's `version-2` in a work directory, to damage in tests.
struct DataDirCopy {
    let work = WorkDirectory(prefix: "zkdata-doctor")
    var v2: String { work.path + "/version-2" }

    /// - Parameter under: the folder of `Fixtures` holding the data dir.
    init(_ fixture: String, under folder: String = "zk-3.8.0") throws {
        let source = FixturePaths.fixtures + "/" + folder + "/" + fixture + "/version-2"
        guard let names = JavaFileSystem.list(source), !names.isEmpty else {
            Issue.record("missing fixture \(source)")
            return
        }
        for name in names.sorted() { try work.copy(source + "/" + name, to: "version-2/" + name) }
    }

    /// Replaces `name` with a damaged fixture file (`Fixtures/damaged/<case>/<file>`).
    func replace(_ name: String, withDamaged damagedCase: String, file: String? = nil) throws {
        let source = FixturePaths.fixtures + "/damaged/" + damagedCase + "/" + (file ?? name)
        guard JavaFileSystem.exists(source) else {
            Issue.record("missing fixture \(source)")
            return
        }
        try work.copy(source, to: "version-2/" + name)
    }

    func remove(_ name: String) {
        _ = JavaFileSystem.delete(v2 + "/" + name)
    }

    func write(_ name: String, _ bytes: [UInt8]) { work.write("version-2/" + name, bytes) }

    func doctor() throws -> DoctorReport {
        try DoctorReport(contents: DataDirOptions.parse([]).contents(dir: work.path))
    }

    /// sha256 of every file, to prove the verbs leave their inputs alone.
    func hashes() throws -> [String] {
        try (JavaFileSystem.list(v2) ?? []).sorted().map { try $0 + " " + WorkDirectory.sha256(v2 + "/" + $0) }
    }
}
