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
        // The logs are checked on a second core while this one checks the snapshots.
        let logJob = BackgroundJob { () -> Result<[TxnLogCheck], ZKDataError> in
            var logs: [TxnLogCheck] = []
            for file in contents.logs {
                do throws(ZKStorageError) {
                    logs.append(try TxnLogCheck(path: file.path))
                } catch {
                    return .failure(ZKDataError(error))
                }
            }
            return .success(logs)
        }
        var snapChecks: [String: SnapshotLoadCheck] = [:]
        let snapshots = contents.snapshots.map { file in
            let check = SnapshotLoadCheck(path: file.path)
            snapChecks[file.path] = check
            return check
        }
        let logs = try logJob.join().get()
        let logChecks = Dictionary(zip(contents.logs.map(\.path), logs), uniquingKeysWith: { a, _ in a })
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
