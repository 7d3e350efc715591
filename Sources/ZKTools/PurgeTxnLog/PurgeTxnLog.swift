internal import Glibc
internal import ZKStorage

/// `org.apache.zookeeper.server.PurgeTxnLog` (ZooKeeper 3.8.0): keeps the newest `count`
/// valid snapshots and the txn logs needed to recover them, and deletes older ones.
///
///     zk-purge-txnlog dataLogDir [snapDir] -n count [--dry-run] [--verify] [--lock-timeout=SECONDS]
///
/// Without the `--` options, arguments, validation order, messages, output and exit codes
/// are Java's (spec-tools §5), with one deliberate difference: a failed deletion makes the
/// exit status 1 (Java prints `Failed to remove <path>` and still exits 0).
///
/// Additions (recognised anywhere on the command line; a directory literally named like one
/// of them must be written `./--dry-run`):
///
/// - `--dry-run`: print the plan (what is kept and why, what would be removed) and change
///   nothing: no file is deleted and no `version-2` directory is created.
/// - `--verify`: a snapshot counts toward `count` only if it decodes completely and its
///   Adler-32 seals verify (ZooKeeper only looks at its first or last bytes), and files whose
///   names give no usable zxid (`log.xyz`, which ZooKeeper deletes as zxid -1) are kept.
///   Snapshots that fail are reported on stderr.
/// - `--lock-timeout=SECONDS`: how long to wait for another purge of the same directories
///   to finish (default 60; 0 fails at once). Every run that deletes takes an exclusive
///   `flock` on the `version-2` directories, so two purges never interleave.
struct PurgeTxnLog {
    /// ZooKeeper's `ExitCode`.
    enum Exit: Int32, Error {
        case finished = 0
        case unexpectedError = 1
        case invalidInvocation = 2
    }

    /// The additions beyond upstream.
    struct Extensions {
        var dryRun = false
        var verify = false
        var lockTimeout: Double = 60
    }

    static let usage = [
        "Usage:",
        "PurgeTxnLog dataLogDir [snapDir] -n count",
        "\tdataLogDir -- path to the txn log directory",
        "\tsnapDir -- path to the snapshot directory",
        "\tcount -- the number of old snaps/logs you want to keep, value should be greater than or equal to 3",
    ]

    static let countError = "count should be greater than or equal to 3"
    static let toolName = "zk-purge-txnlog"

    /// Runs the tool on `arguments` (without the program name) and returns the exit status.
    static func run(_ arguments: [String]) -> Int32 {
        var extensions = Extensions()
        var args: [String] = []
        for argument in arguments {
            switch argument {
            case "--dry-run":
                extensions.dryRun = true
            case "--verify":
                extensions.verify = true
            default:
                if DataFileName.hasPrefix(argument, "--lock-timeout=") {
                    let value = String(argument.dropFirst("--lock-timeout=".count))
                    guard let seconds = Double(value), seconds >= 0, seconds.isFinite else {
                        Console.err("\(toolName): invalid --lock-timeout value '\(value)' (expected seconds ≥ 0)")
                        return Exit.invalidInvocation.rawValue
                    }
                    extensions.lockTimeout = seconds
                } else {
                    args.append(argument)
                }
            }
        }
        switch parse(args) {
        case .failure(let exit):
            return exit.rawValue
        case .success(let (dataLogDir, snapDir, count)):
            return purge(dataLogDir: dataLogDir, snapDir: snapDir, count: count, extensions).rawValue
        }
    }

    /// `PurgeTxnLog.main`'s validation, in its order: argument count, `args[0]` exists,
    /// (4-argument form) `args[1]` exists, the count parses and is ≥ 3, and only then the flag
    /// is `-n`. Every failure prints the usage on stdout and exits 1.
    static func parse(_ args: [String]) -> Result<(String, String, Int), Exit> {
        guard args.count == 3 || args.count == 4 else { return .failure(usageThenExit()) }
        guard exists(args[0]) else { return .failure(usageThenExit()) }
        let dataLogDir = args[0]
        var snapDir = dataLogDir
        let flag: String
        let countText: String
        if args.count == 3 {
            flag = args[1]
            countText = args[2]
        } else {
            guard exists(args[1]) else { return .failure(usageThenExit()) }
            snapDir = args[1]
            flag = args[2]
            countText = args[3]
        }
        guard let count = JavaNumber.parseInt(countText) else {
            Console.err("'\(countText)' can not be parsed to integer.")
            return .failure(usageThenExit())
        }
        guard count >= 3 else {
            Console.err(countError)
            return .failure(usageThenExit())
        }
        guard flag.utf8.elementsEqual("-n".utf8) else { return .failure(usageThenExit()) }
        return .success((dataLogDir, snapDir, Int(count)))
    }

    /// `validateAndGetFile`: the path must exist; otherwise
    /// `Path '<absolute path>' does not exist. ` (with the trailing space) on stderr.
    static func exists(_ path: String) -> Bool {
        if JavaFileSystem.exists(path) { return true }
        let cwd = JavaFileSystem.currentDirectory() ?? ""
        Console.err("Path '\(JavaFileSystem.absolutePath(path, cwd: cwd))' does not exist. ")
        return false
    }

    static func usageThenExit() -> Exit {
        for line in usage { Console.out(line) }
        return .unexpectedError
    }

    /// `PurgeTxnLog.purge` plus the extensions.
    static func purge(dataLogDir: String, snapDir: String, count: Int, _ ext: Extensions) -> Exit {
        let layout = DataDirLayout(dataLogDir: dataLogDir, snapDir: snapDir)
        if let problem = layout.prepare(create: !ext.dryRun) {
            for line in JavaException.lines(for: problem) { Console.err(line) }
            return .unexpectedError
        }

        // Serialise against other purges of the same directories (not needed to only look).
        var lock: DataDirLock?
        if !ext.dryRun {
            switch acquireLock(layout, timeout: ext.lockTimeout) {
            case .success(let held): lock = held
            case .failure(let exit): return exit
            }
        }
        defer { withExtendedLifetime(lock) {} }

        let logNames = JavaFileSystem.list(layout.logDirectory) ?? []
        let snapNames = layout.isSingleDirectory ? logNames : (JavaFileSystem.list(layout.snapDirectory) ?? [])
        let plan = RetentionPlan(
            layout: layout,
            logNames: logNames,
            snapNames: snapNames,
            count: count,
            mode: ext.verify ? .strict : .upstream,
            isValidSnapshot: { name in isValid(layout.snapFilePath(name), verify: ext.verify) }
        )

        if ext.dryRun {
            printDryRun(plan)
            return .finished
        }
        if ext.verify {
            for kept in plan.kept where kept.reason == .noUsableZxid {
                Console.err("Keeping \(kept.file.path): its name gives no usable zxid (--verify)")
            }
        }
        var failed = false
        for removal in plan.removals {
            let path = removal.file.path
            Console.out("Removing file: \(MediumDate.format(millis: JavaFileSystem.lastModified(path)))\t\(path)")
            if !JavaFileSystem.delete(path).deleted {
                Console.err("Failed to remove \(path)")
                failed = true
            }
        }
        return failed ? .unexpectedError : .finished
    }

    /// ZooKeeper's cheap check, or (with `--verify`) a full decode with seal verification.
    static func isValid(_ path: String, verify: Bool) -> Bool {
        guard SnapshotValidity.isValidSnapshot(path: path) else { return false }
        guard verify else { return true }
        do {
            try SnapshotValidity.verify(path: path)
            return true
        } catch {
            Console.err(
                "Not counting snapshot \(path): \(error.detail)\(error.location.map { " at \($0.description)" } ?? "")"
            )
            return false
        }
    }

    /// Takes the purge lock, waiting up to `timeout` seconds (with a note on stderr) when
    /// another purge holds it.
    static func acquireLock(_ layout: DataDirLayout, timeout: Double) -> Result<DataDirLock, Exit> {
        let directories = [layout.snapDirectory, layout.logDirectory]
        do {
            switch try DataDirLock.tryAcquire(directories) {
            case .acquired(let lock):
                return .success(lock)
            case .busy(let directory):
                guard timeout > 0 else {
                    Console.err("\(toolName): another purge is running on \(directory); not waiting (--lock-timeout=0)")
                    return .failure(.unexpectedError)
                }
                Console.err("\(toolName): another purge is running on \(directory); waiting up to \(seconds(timeout))")
                if let lock = try DataDirLock.acquire(directories, timeout: timeout) { return .success(lock) }
                Console.err(
                    "\(toolName): gave up after \(seconds(timeout)): another purge still holds the lock on \(directory)"
                )
                return .failure(.unexpectedError)
            }
        } catch {
            Console.err(
                "\(toolName): cannot lock \(error.file): \(error.detail)\(error.errno.map { " (\(errorText($0)))" } ?? "")"
            )
            return .failure(.unexpectedError)
        }
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }

    static func errorText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }

    /// `--dry-run`: every `log.*` and `snapshot.*` file in ZooKeeper's order with its decision.
    static func printDryRun(_ plan: RetentionPlan) {
        Console.out("Dry run: nothing is deleted or created.")
        if let least = plan.leastZxid {
            let found = plan.retainedSnapshots.count
            Console.out(
                "Retaining \(found) of \(plan.count) requested snapshots; the oldest retained is 0x\(hex(least)),"
                    + " so files older than it are removed, except txn logs from 0x\(hex(plan.baseLogZxid ?? 0)) on."
            )
        } else {
            Console.out("No valid snapshot found: nothing would be removed.")
        }
        for entry in plan.entries {
            let path = entry.file.path
            switch entry.decision {
            case .keep(let reason):
                Console.out("Keeping: \(path)\t(\(text(reason, plan)))")
            case .remove(let reason):
                let date = MediumDate.format(millis: JavaFileSystem.lastModified(path))
                Console.out("Would remove file: \(date)\t\(path)\t(\(text(reason, plan)))")
            }
        }
    }

    static func text(_ reason: RetentionPlan.KeepReason, _ plan: RetentionPlan) -> String {
        switch reason {
        case .retainedSnapshot(let rank): "retained snapshot \(rank) of \(plan.count)"
        case .notOlderThanRetainedSnapshots: "not older than the oldest retained snapshot"
        case .neededLog: "txn log needed to recover the retained snapshots"
        case .noUsableZxid: "no usable zxid in the name; --verify keeps it"
        case .noValidSnapshot: "no valid snapshot found"
        }
    }

    static func text(_ reason: RetentionPlan.RemoveReason, _ plan: RetentionPlan) -> String {
        switch reason {
        case .olderThanRetainedSnapshots: "older than the oldest retained snapshot"
        case .unparsableName: "no zxid can be parsed from the name; ZooKeeper counts it as -1"
        }
    }

    static func hex(_ v: Int64) -> String {
        String(UInt64(bitPattern: v), radix: 16)
    }
}

/// The uncaught exceptions `new FileTxnSnapLog(...)` throws in PurgeTxnLog, as the JVM
/// prints them on stderr (ZooKeeper 3.8.0 line numbers; then exit 1).
enum JavaException {
    static let persistence = "org.apache.zookeeper.server.persistence.FileTxnSnapLog"
    static let tail = [
        "\tat org.apache.zookeeper.server.PurgeTxnLog.purge(PurgeTxnLog.java:80)",
        "\tat org.apache.zookeeper.server.PurgeTxnLog.main(PurgeTxnLog.java:192)",
    ]

    static func lines(for problem: DataDirLayout.Problem) -> [String] {
        let datadir = "Exception in thread \"main\" \(persistence)$DatadirException: "
        let initFrame = { (line: Int) in "\tat \(persistence).<init>(FileTxnSnapLog.java:\(line))" }
        switch problem {
        case .missing(let role, let path):
            // Only with -Dzookeeper.datadir.autocreate=false, which this tool has no way to set.
            let what = role == .log ? "data" : "snap"
            return ["\(datadir)Missing \(what) directory \(path)", initFrame(role == .log ? 128 : 147)] + tail
        case .unableToCreate(let role, let path):
            let what = role == .log ? "data" : "snap"
            return ["\(datadir)Unable to create \(what) directory \(path)", initFrame(role == .log ? 136 : 155)] + tail
        case .cannotWrite(let role, let path):
            let what = role == .log ? "data" : "snap"
            return ["\(datadir)Cannot write to \(what) directory \(path)", initFrame(role == .log ? 140 : 159)] + tail
        case .logDirectoryHasSnapshots:
            return [
                "Exception in thread \"main\" \(persistence)$LogDirContentCheckException: Log directory has snapshot"
                    + " files. Check if dataLogDir and dataDir configuration is correct.",
                "\tat \(persistence).checkLogDir(FileTxnSnapLog.java:188)",
                initFrame(165),
            ] + tail
        case .snapDirectoryHasLogs:
            return [
                "Exception in thread \"main\" \(persistence)$SnapDirContentCheckException: Snapshot directory has log"
                    + " files. Check if dataLogDir and dataDir configuration is correct.",
                "\tat \(persistence).checkSnapDir(FileTxnSnapLog.java:201)",
                initFrame(166),
            ] + tail
        }
    }
}
