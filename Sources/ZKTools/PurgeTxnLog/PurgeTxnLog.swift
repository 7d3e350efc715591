internal import Glibc
internal import ZKStorage
public import ZKToolSupport

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
public struct PurgeTxnLog: Tool {
    /// ZooKeeper's `ExitCode`.
    typealias Exit = ExitCode

    public static let name = "zk-purge-txnlog"

    /// The streams of this run.
    let io: ToolIO
    /// Java's default zone (`TZ`, else `/etc/localtime`), resolved once.
    let zone = JavaTimeZone.systemDefault()

    /// Runs the tool on `arguments` (raw argv without the program name).
    public static func run(arguments: [[UInt8]], io: ToolIO) -> Int32 {
        let status = PurgeTxnLog(io: io).run(arguments.map { io.charset.decodeArgument($0) })
        if let problem = io.out.writeProblem {
            io.warning(problem, tool: name)
        }
        return status
    }

    /// `System.out.println(line)`: written at once (a `Removing file:` line is out before the
    /// file goes).
    func say(_ line: String) {
        io.out.line(line)
        io.out.flush()
    }

    /// `System.err.println(line)`.
    func complain(_ line: String) { io.err.line(line) }

    /// `DateFormat.getDateTimeInstance().format(millis)` in the default zone: en/en_US on JDK 17,
    /// `MMM d, y, h:mm:ss a` (`Nov 14, 2023, 10:13:20 PM`).
    func mediumDate(_ millis: Int64) -> String { JavaDateFormat.mediumMedium(millis: millis, zone: zone) }

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

    /// What `--help` lists after Java's usage.
    static let additions = ToolHelp.additions(
        tool: name,
        javaTool: "PurgeTxnLog",
        [
            "--dry-run                 print the plan (what is kept and why, what would go); change nothing",
            "--verify                  count a snapshot only if it decodes completely and its seals verify;",
            "                          keep names without a usable zxid and never count or remove *.fixed, *.chopped*",
            "--lock-timeout=SECONDS    wait this long for another purge of the same directories (default 60)",
            "--help                    this text",
            "A failed deletion exits 1 (Java prints 'Failed to remove <path>' and exits 0).",
        ] + ToolHelp.common(tool: name)
    )
    static let toolName = name

    /// Runs the tool on `arguments` (decoded, without the program name) and returns the exit status.
    func run(_ arguments: [String]) -> Int32 {
        var extensions = Extensions()
        var args: [String] = []
        for argument in arguments {
            switch argument {
            case "--dry-run":
                extensions.dryRun = true
            case "--verify":
                extensions.verify = true
            case "--help":
                for line in Self.usage { say(line) }
                io.out.appendJavaString(Self.additions)
                return Exit.finished.rawValue
            default:
                if DataFileName.hasPrefix(argument, "--lock-timeout=") {
                    let value = String(argument.dropFirst("--lock-timeout=".count))
                    guard let seconds = Double(value), seconds >= 0, seconds.isFinite else {
                        complain("\(Self.toolName): invalid --lock-timeout value '\(value)' (expected seconds ≥ 0)")
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
    func parse(_ args: [String]) -> Result<(String, String, Int), Exit> {
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
            complain("'\(countText)' can not be parsed to integer.")
            return .failure(usageThenExit())
        }
        guard count >= 3 else {
            complain(Self.countError)
            return .failure(usageThenExit())
        }
        guard flag.utf8.elementsEqual("-n".utf8) else { return .failure(usageThenExit()) }
        return .success((dataLogDir, snapDir, Int(count)))
    }

    /// `validateAndGetFile`: the path must exist; otherwise
    /// `Path '<absolute path>' does not exist. ` (with the trailing space) on stderr.
    func exists(_ path: String) -> Bool {
        if JavaFileSystem.exists(path) { return true }
        let cwd = JavaFileSystem.currentDirectory() ?? ""
        complain("Path '\(JavaFileSystem.absolutePath(path, cwd: cwd))' does not exist. ")
        return false
    }

    func usageThenExit() -> Exit {
        for line in Self.usage { say(line) }
        return .unexpectedError
    }

    /// `PurgeTxnLog.purge` plus the extensions.
    func purge(dataLogDir: String, snapDir: String, count: Int, _ ext: Extensions) -> Exit {
        let layout = DataDirLayout(dataLogDir: dataLogDir, snapDir: snapDir)
        if let problem = layout.prepare(create: !ext.dryRun) {
            complain(JavaException.error(for: problem).line(tool: Self.name))
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
                complain("Keeping \(kept.file.path): its name gives no usable zxid (--verify)")
            }
        }
        var failed = false
        for removal in plan.removals {
            let path = removal.file.path
            say("Removing file: \(mediumDate(JavaFileSystem.lastModified(path)))\t\(path)")
            if !JavaFileSystem.delete(path).deleted {
                complain("Failed to remove \(path)")
                failed = true
            }
        }
        return failed ? .unexpectedError : .finished
    }

    /// ZooKeeper's cheap check, or (with `--verify`) a full decode with seal verification.
    func isValid(_ path: String, verify: Bool) -> Bool {
        guard SnapshotValidity.isValidSnapshot(path: path) else { return false }
        guard verify else { return true }
        do {
            try SnapshotValidity.verify(path: path)
            return true
        } catch {
            complain(
                "Not counting snapshot \(path): \(error.detail)\(error.location.map { " at \($0.description)" } ?? "")"
            )
            return false
        }
    }

    /// Takes the purge lock, waiting up to `timeout` seconds (with a note on stderr) when
    /// another purge holds it.
    func acquireLock(_ layout: DataDirLayout, timeout: Double) -> Result<DataDirLock, Exit> {
        let directories = [layout.snapDirectory, layout.logDirectory]
        do {
            switch try DataDirLock.tryAcquire(directories) {
            case .acquired(let lock):
                return .success(lock)
            case .busy(let directory):
                guard timeout > 0 else {
                    complain(
                        "\(Self.toolName): another purge is running on \(directory); not waiting (--lock-timeout=0)"
                    )
                    return .failure(.unexpectedError)
                }
                complain(
                    "\(Self.toolName): another purge is running on \(directory); waiting up to \(Self.seconds(timeout))"
                )
                if let lock = try DataDirLock.acquire(directories, timeout: timeout) { return .success(lock) }
                complain(
                    "\(Self.toolName): gave up after \(Self.seconds(timeout)): another purge still holds the lock on \(directory)"
                )
                return .failure(.unexpectedError)
            }
        } catch {
            complain(
                "\(Self.toolName): cannot lock \(error.file): \(error.detail)\(error.errno.map { " (\(Self.errorText($0)))" } ?? "")"
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
    func printDryRun(_ plan: RetentionPlan) {
        say("Dry run: nothing is deleted or created.")
        if let least = plan.leastZxid {
            let found = plan.retainedSnapshots.count
            say(
                "Retaining \(found) of \(plan.count) requested snapshots; the oldest retained is 0x\(Self.hex(least)),"
                    + " so files older than it are removed, except txn logs from 0x\(Self.hex(plan.baseLogZxid ?? 0)) on."
            )
        } else {
            say("No valid snapshot found: nothing would be removed.")
        }
        for entry in plan.entries {
            let path = entry.file.path
            switch entry.decision {
            case .keep(let reason):
                say("Keeping: \(path)\t(\(Self.text(reason, plan)))")
            case .remove(let reason):
                let date = mediumDate(JavaFileSystem.lastModified(path))
                say("Would remove file: \(date)\t\(path)\t(\(Self.text(reason, plan)))")
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
        case .toolOutput: "an output of zk-txnlog-toolkit; --verify never counts or removes it"
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

/// The uncaught exceptions `new FileTxnSnapLog(...)` throws in PurgeTxnLog (then the JVM exits
/// 1), as the one-line error every tool prints.
enum JavaException {
    static let persistence = "org.apache.zookeeper.server.persistence.FileTxnSnapLog"

    static func error(for problem: DataDirLayout.Problem) -> ToolError {
        let datadir = "\(persistence)$DatadirException: "
        switch problem {
        case .missing(let role, let path):
            // Only with -Dzookeeper.datadir.autocreate=false, which this tool has no way to set.
            let what = role == .log ? "data" : "snap"
            return ToolError(
                file: path,
                problem: "the \(what) directory does not exist",
                javaException: "\(datadir)Missing \(what) directory \(path)"
            )
        case .unableToCreate(let role, let path):
            let what = role == .log ? "data" : "snap"
            return ToolError(
                file: path,
                problem: "cannot create the \(what) directory",
                javaException: "\(datadir)Unable to create \(what) directory \(path)"
            )
        case .cannotWrite(let role, let path):
            let what = role == .log ? "data" : "snap"
            return ToolError(
                file: path,
                problem: "the \(what) directory is not writable",
                javaException: "\(datadir)Cannot write to \(what) directory \(path)"
            )
        case .logDirectoryHasSnapshots:
            return ToolError(
                file: nil,
                problem: "the txn log directory holds snapshot files; check dataLogDir and dataDir",
                javaException: "\(persistence)$LogDirContentCheckException: Log directory has snapshot files."
                    + " Check if dataLogDir and dataDir configuration is correct."
            )
        case .snapDirectoryHasLogs:
            return ToolError(
                file: nil,
                problem: "the snapshot directory holds txn log files; check dataLogDir and dataDir",
                javaException: "\(persistence)$SnapDirContentCheckException: Snapshot directory has log files."
                    + " Check if dataLogDir and dataDir configuration is correct."
            )
        }
    }
}
