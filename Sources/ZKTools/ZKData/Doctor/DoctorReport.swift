internal import ZKStorage

/// `zkdata doctor`: every file of a data dir checked, the server's startup predicted
/// (``ServerRestore``), and the findings that follow from both. The operation is
/// ``DoctorReport/init(contents:)``; printing is ``DoctorPrinter``'s.
struct DoctorReport {
    var snapDirectory: String
    var logDirectory: String
    var logs: [TxnLogCheck]
    var snapshots: [SnapshotLoadCheck]
    /// `snapshot.*.tmp` leftovers of interrupted writes: the server sorts them with the
    /// snapshots (by the zxid in the name) and loads one if it is complete.
    var tmpSnapshots: [SnapshotLoadCheck]
    var startup: ServerRestore
    var findings: [Finding] = []
    /// Files in the table, snapshots then logs, each oldest first.
    var files: [FileStatus]

    /// Exit 0 when nothing is wrong, 1 with any error or warning.
    var exitCode: Int32 {
        findings.contains { $0.severity != .info } ? ZKDataExit.findings : ZKDataExit.clean
    }

    init(contents: DataDirContents) throws(ZKDataError) {
        snapDirectory = contents.snapDirectory
        logDirectory = contents.logDirectory
        var logChecks: [String: TxnLogCheck] = [:]
        var logs: [TxnLogCheck] = []
        for file in contents.logs {
            do {
                let check = try TxnLogCheck(path: file.path)
                logChecks[file.path] = check
                logs.append(check)
            } catch {
                throw ZKDataError(error)
            }
        }
        var snapChecks: [String: SnapshotLoadCheck] = [:]
        let snapshots = contents.snapshots.map { file in
            let check = SnapshotLoadCheck(path: file.path)
            snapChecks[file.path] = check
            return check
        }
        self.logs = logs
        self.snapshots = snapshots
        let tmpNames = (JavaFileSystem.list(contents.snapDirectory) ?? []).filter {
            DataFileName.isSnapshotFileName($0) && $0.hasSuffix(".tmp")
        }
        tmpSnapshots = tmpNames.sorted().map { name in
            let check = SnapshotLoadCheck(path: contents.snapDirectory + "/" + name)
            snapChecks[check.path] = check
            return check
        }
        startup = ServerRestore(
            snapDirectory: contents.snapDirectory,
            logDirectory: contents.logDirectory,
            snapshot: { path in snapChecks[path] ?? SnapshotLoadCheck(path: path) },
            log: { path in logChecks[path] ?? (try? TxnLogCheck(path: path)) }
        )
        files = snapshots.map(FileStatus.init(snapshot:)) + logs.map(FileStatus.init(log:))
        var rules = DoctorRules(report: self, contents: contents)
        rules.run()
        findings = rules.findings.sorted { $0.severity < $1.severity }
    }
}
