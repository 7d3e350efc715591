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
        let tmpNames = (JavaFileSystem.list(contents.snapDirectory) ?? []).filter {
            DataFileName.isSnapshotFileName($0) && $0.hasSuffix(".tmp")
        }
        // Every file is checked once, on every core, the costliest first; with at least as many
        // files as cores, each check runs on one thread (no read-ahead thread, no copy).
        let snapshotPaths = contents.snapshots.map(\.path) + tmpNames.sorted().map { contents.snapDirectory + "/" + $0 }
        let logPaths = contents.logs.map(\.path)
        let jobs = snapshotPaths.map(FileJob.snapshot) + logPaths.map(FileJob.log)
        let order = jobs.indices.sorted { jobs[$0].estimatedCost > jobs[$1].estimatedCost }
        let readAhead = jobs.count < ParallelJobs.processorCount
        let results = ParallelJobs.map(count: jobs.count, order: order) { jobs[$0].run(readAhead: readAhead) }
        var snapChecks: [String: SnapshotLoadCheck] = [:]
        var checked: [SnapshotLoadCheck] = []
        var logs: [TxnLogCheck] = []
        for result in results {
            switch result {
            case .snapshot(let check):
                snapChecks[check.path] = check
                checked.append(check)
            case .log(.success(let check)): logs.append(check)
            case .log(.failure(let error)): throw error
            }
        }
        let logChecks = Dictionary(zip(logPaths, logs), uniquingKeysWith: { a, _ in a })
        self.logs = logs
        snapshots = Array(checked.prefix(contents.snapshots.count))
        tmpSnapshots = Array(checked.dropFirst(contents.snapshots.count))
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

/// One file for doctor to check: a job of ``ParallelJobs``.
private enum FileJob {
    case snapshot(String)
    case log(String)

    enum Outcome {
        case snapshot(SnapshotLoadCheck)
        case log(Result<TxnLogCheck, ZKDataError>)
    }

    func run(readAhead: Bool) -> Outcome {
        switch self {
        case .snapshot(let path):
            return .snapshot(SnapshotLoadCheck(path: path, readAhead: readAhead))
        case .log(let path):
            do throws(ZKStorageError) {
                return .log(.success(try TxnLogCheck(path: path)))
            } catch {
                return .log(.failure(ZKDataError(error)))
            }
        }
    }

    /// Roughly the CPU time the check takes, in bytes of a plain snapshot: a byte of gzip
    /// inflates to ~3.4 and costs ~10 plain bytes, one of snappy ~6; a log byte ~0.8.
    var estimatedCost: Double {
        switch self {
        case .snapshot(let path):
            let size = Double(JavaFileSystem.length(path))
            switch SnapshotCodec(fileName: path) {
            case .gzip: return size * 10
            case .snappy: return size * 6
            case .plain: return size
            }
        case .log(let path):
            return Double(JavaFileSystem.length(path)) * 0.8
        }
    }
}
