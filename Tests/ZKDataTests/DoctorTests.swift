import ArgumentParser
internal import TestSupport
import Testing
internal import ZKStorage

@testable import ZKData

/// `zkdata doctor` on real 3.8.0 data dirs and damaged copies. Expected values come from the
/// fixtures themselves (file names, Fixtures/damaged/MANIFEST.tsv, zkfiles.py offsets) and
/// from what a real 3.8.0 server did on the same damage (Conformance/doctor_startup.py).
@Suite struct DoctorTests {
    @Test func cleanStandaloneDirPredictsTheServersZxid() throws {
        let dir = try DataDirCopy("standalone")
        let before = try dir.hashes()
        let report = try dir.doctor()
        #expect(report.startup.starts)
        #expect(report.startup.snapshot == "snapshot.8e")
        #expect(report.startup.zxid == 0x91)
        #expect(report.startup.replayFrom == 0x8f)
        // log.75 holds 0x8f (0x75..0x8f), log.90 holds 0x90..0x91.
        #expect(report.startup.replayedLogs == ["log.75", "log.90"])
        #expect(report.startup.replayedTxns == 3)
        #expect(report.findings.isEmpty)
        #expect(report.exitCode == 0)
        #expect(report.logs.map(\.entryCount) == [29, 36, 32, 19, 27, 2])
        #expect(try dir.hashes() == before)
    }

    @Test func cleanEnsembleDirsAndOtherCodecsAreClean() throws {
        for (fixture, zxid, snapshot) in [
            ("ensemble-server1", Int64(0x2_0000_0027), "snapshot.200000008"),
            ("standalone-gz", 0x93, "snapshot.8a.gz"),
            ("standalone-snappy", 0x93, "snapshot.89.snappy"),
            ("standalone-nodigest", 0x91, "snapshot.74"),
        ] {
            let report = try DataDirCopy(fixture).doctor()
            #expect(report.startup.zxid == zxid, "\(fixture)")
            #expect(report.startup.snapshot == snapshot, "\(fixture)")
            #expect(report.findings.isEmpty, "\(fixture): \(report.findings.map(\.code))")
            #expect(report.exitCode == 0)
        }
    }

    @Test func crcErrorInAnOldLogIsAWarningAndTheServerStillStarts() throws {
        let dir = try DataDirCopy("standalone")
        try dir.replace("log.1e", withDamaged: "log-crc1")
        let report = try dir.doctor()
        #expect(report.startup.starts)
        #expect(report.startup.zxid == 0x91)
        let finding = try #require(report.findings.first)
        #expect(finding.code == "log-crc-mismatch")
        #expect(finding.severity == .warning)
        // MANIFEST: the setData at zxid 0x3e; zkfiles.log_entries puts it at offset 3526.
        #expect(finding.offset == 3526)
        #expect(finding.file.hasSuffix("/version-2/log.1e"))
        #expect(finding.fix.contains("zkdata repair"))
        #expect(finding.fix.contains("--salvage"))
        #expect(report.exitCode == 1)
    }

    @Test func crcErrorInANeededLogStopsStartup() throws {
        let dir = try DataDirCopy("standalone")
        try dir.replace("log.1e", withDamaged: "log-crc1")
        for name in ["snapshot.40", "snapshot.60", "snapshot.74", "snapshot.8e"] { dir.remove(name) }
        let report = try dir.doctor()
        #expect(!report.startup.starts)
        #expect(report.startup.zxid == nil)
        #expect(report.startup.snapshot == "snapshot.1c")
        #expect(report.startup.exception == "java.io.IOException: CRC check failed")
        #expect(report.startup.failureOffset == 3526)
        #expect(report.findings.map(\.code).contains("startup-fails"))
        #expect(report.findings.first { $0.code == "log-crc-mismatch" }?.severity == .error)
    }

    @Test func badEndOfRecordInANeededLogDropsLaterTxnsSilently() throws {
        let dir = try DataDirCopy("standalone")
        try dir.replace("log.1e", withDamaged: "log-bad-eor")
        for name in ["snapshot.40", "snapshot.60", "snapshot.74", "snapshot.8e"] { dir.remove(name) }
        let report = try dir.doctor()
        // The server reads log.1e up to 0x20, stops at the 'X' of entry 3 (offset 341), goes on
        // with log.42: 0x21..0x41 are skipped, and it still ends at 0x91.
        #expect(report.startup.starts)
        #expect(report.startup.zxid == 0x91)
        #expect(report.startup.gaps.map { [$0.after, $0.next] } == [[0x20, 0x42]])
        let eor = try #require(report.findings.first { $0.code == "log-bad-end-of-record" })
        #expect(eor.severity == .error)
        #expect(eor.offset == 341)
        #expect(report.findings.contains { $0.code == "log-gap" && $0.severity == .error })
    }

    @Test func newestSnapshotWithABadSealIsSkipped() throws {
        let dir = try DataDirCopy("standalone")
        try dir.replace("snapshot.8e", withDamaged: "snap-seal-altered")
        let report = try dir.doctor()
        #expect(report.startup.snapshot == "snapshot.74")
        #expect(report.startup.skippedSnapshots.map(\.name) == ["snapshot.8e"])
        #expect(report.startup.zxid == 0x91)
        #expect(report.startup.replayedLogs == ["log.62", "log.75", "log.90"])
        let finding = try #require(report.findings.first)
        #expect(finding.code == "snapshot-seal-mismatch")
        #expect(finding.fix.contains("mv"))
        #expect(report.exitCode == 1)
    }

    @Test func snapshotWithAnOrphanNodeIsAnInvalidTree() throws {
        let dir = try DataDirCopy("standalone")
        try dir.replace("snapshot.8e", withDamaged: "snap-missing-parent")
        let report = try dir.doctor()
        #expect(report.startup.snapshot == "snapshot.74")
        #expect(report.findings.map(\.code) == ["snapshot-invalid-tree"])
    }

    @Test func noSnapshotButLogsFailsWithTheServersMessage() throws {
        let dir = try DataDirCopy("standalone")
        for name in ["snapshot.0", "snapshot.1c", "snapshot.40", "snapshot.60", "snapshot.74", "snapshot.8e"] {
            dir.remove(name)
        }
        let report = try dir.doctor()
        #expect(!report.startup.starts)
        #expect(
            report.startup.exception
                == "java.io.IOException: No snapshot found, but there are log entries. Something is broken!"
        )
        let finding = try #require(report.findings.first { $0.code == "startup-fails" })
        #expect(finding.fix.hasPrefix("zkdata seal "))
        #expect(finding.fix.hasSuffix("/version-2/snapshot.91'"))
    }

    @Test func emptyNewestLogKillsThe38Server() throws {
        let dir = try DataDirCopy("standalone")
        try dir.replace("log.90", withDamaged: "log-empty", file: "log.1e")
        let report = try dir.doctor()
        #expect(!report.startup.starts)
        #expect(report.startup.exception == "java.io.EOFException")
        #expect(report.findings.first { $0.code == "log-empty" }?.severity == .error)
    }

    @Test func missingLogInTheNeededChainIsAGap() throws {
        let dir = try DataDirCopy("standalone")
        for name in ["snapshot.74", "snapshot.8e"] { dir.remove(name) }
        dir.remove("log.75")
        let report = try dir.doctor()
        #expect(report.startup.snapshot == "snapshot.60")
        #expect(report.startup.starts)
        #expect(report.startup.zxid == 0x91)
        #expect(report.startup.gaps.map { [$0.after, $0.next] } == [[0x74, 0x90]])
        #expect(report.findings.map(\.code) == ["log-gap"])
    }

    @Test func strayNewerSnapshotMakesTheServerStartAtAZxidNoLogHas() throws {
        let dir = try DataDirCopy("standalone")
        try dir.work.copy(dir.v2 + "/snapshot.8e", to: "version-2/snapshot.191")
        let report = try dir.doctor()
        #expect(report.startup.zxid == 0x191)
        #expect(report.findings.map(\.code) == ["snapshot-beyond-logs"])
    }

    @Test func currentEpochBehindTheLogsStopsAQuorumServer() throws {
        let dir = try DataDirCopy("ensemble-server1")
        dir.write("currentEpoch", Array("1".utf8))
        dir.write("acceptedEpoch", Array("1".utf8))
        let report = try dir.doctor()
        #expect(!report.startup.starts)
        #expect(
            report.startup.exception?.hasPrefix(
                "java.io.IOException: The current epoch, 0.1, is older than the last zxid"
            ) == true
        )
        #expect(report.findings.contains { $0.code == "epoch-behind" && $0.fix.contains("printf %s 2") })
    }

    @Test func jsonHasTheSpecsStartupAndFindings() throws {
        let dir = try DataDirCopy("standalone")
        try dir.replace("log.1e", withDamaged: "log-crc1")
        let text = String(decoding: DoctorPrinter.json(try dir.doctor()), as: UTF8.self)
        #expect(text.contains(#""startup":{"starts":true,"zxid":"0x91","snapshot":"snapshot.8e","reason":"#))
        #expect(text.contains(#""severity":"warning","code":"log-crc-mismatch","file":""#))
        #expect(text.contains(#""offset":3526,"message":"#))
        #expect(text.hasSuffix("}\n"))
    }

    @Test func separateLogDirWithASnapshotInItIsRefused() throws {
        let dir = try DataDirCopy("standalone")
        let logs = WorkDirectory(prefix: "zkdata-logs")
        try logs.copy(dir.v2 + "/log.90", to: "version-2/log.90")
        try logs.copy(dir.v2 + "/snapshot.8e", to: "version-2/snapshot.8e")
        let contents = try DataDirOptions.parse(["--data-log-dir", logs.path]).contents(dir: dir.work.path)
        let report = try DoctorReport(contents: contents)
        #expect(!report.startup.starts)
        // FileTxnSnapLog's constructor (ZOOKEEPER-2967), checkLogDir before checkSnapDir.
        #expect(
            report.startup.exception
                == "org.apache.zookeeper.server.persistence.FileTxnSnapLog$LogDirContentCheckException: Log directory has snapshot files. Check if dataLogDir and dataDir configuration is correct."
        )
    }
}
