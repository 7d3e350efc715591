import ArgumentParser
internal import TestSupport
import Testing
internal import ZKStorage

@testable import ZKData

@Suite struct DataDirOptionsTests {
    private let standalone = FixturePaths.fixtures + "/zk-3.8.0/standalone"

    @Test func dataDirAndVersionDirectoryResolveToTheSameFiles() throws {
        let options = try DataDirOptions.parse([])
        let fromParent = try options.contents(dir: standalone)
        let fromVersion = try options.contents(dir: standalone + "/version-2/")
        #expect(fromParent.snapDirectory == standalone + "/version-2")
        #expect(fromVersion.snapDirectory == standalone + "/version-2")
        #expect(fromParent.logs.map { $0.name } == fromVersion.logs.map { $0.name })
        // Sorted by the zxid in the name, as FileTxnLog.getLogFiles sorts.
        #expect(fromParent.logs.map { $0.zxid } == fromParent.logs.map { $0.zxid }.sorted())
        #expect(fromParent.logs.first?.name == "log.1")
        #expect(!fromParent.snapshots.isEmpty)
    }

    @Test func configFileGivesDataDirAndDataLogDir() throws {
        let work = WorkDirectory()
        let text = "# comment\ntickTime=2000\ndataDir = \(standalone)\ndataLogDir=\(standalone)\n"
        work.write("zoo.cfg", Array(text.utf8))
        let cfg = work.path + "/zoo.cfg"
        let options = try DataDirOptions.parse(["--config", cfg])
        let contents = try options.contents(dir: nil)
        #expect(contents.logDirectory == standalone + "/version-2")
        #expect(contents.snapDirectory == standalone + "/version-2")
    }

    @Test func aDirectoryWithoutZooKeeperFilesIsTrouble() throws {
        let work = WorkDirectory()
        #expect(throws: ZKDataError.self) { try DataDirOptions.parse([]).contents(dir: work.path) }
        #expect(throws: ZKDataError.self) { try DataDirOptions.parse([]).contents(dir: work.path + "/missing") }
    }
}
