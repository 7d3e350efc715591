/// What `PurgeTxnLog.purge(dataLogDir, snapDir, n)` keeps and removes, decided from two
/// directory listings without touching the disk (apart from what `isValidSnapshot` reads).
///
/// The rule (ZooKeeper 3.8.0, identical in 3.9 and HEAD):
///
/// 1. Sort the snapshot directory newest first and take the first `n` valid snapshots
///    (``SnapshotValidity/findNValidSnapshots(_:count:isValid:)``). None → nothing is removed.
/// 2. `least` = the zxid of the oldest of them (even if fewer than `n` were found).
/// 3. Retained logs = ``DataDirSort/logFiles(_:zxid:)`` of the log directory for `least`: the
///    log that contains `least` and everything after it.
/// 4. Remove, in the log directory's listing order, every `log.*` name that is not retained
///    and whose zxid is < `least`; then, in the snapshot directory's listing order, every
///    `snapshot.*` name whose zxid is < `least` (invalid and `.tmp` snapshots included).
///
/// **Unparsable names.** `log.xyz` or `snapshot.foo` parse as zxid -1, which is below any
/// real `least`, so upstream removes them. ``Mode/upstream`` does the same (byte-identical
/// decisions); ``Mode/strict`` keeps every name whose zxid is negative, since nothing proves
/// such a file older than what is kept, and never counts or removes the outputs of the txn log
/// tool (`log.N.fixed`, `log.N.choppedZ`), which ZooKeeper parses as logs of zxid `N`.
///
/// Files without the `log.`/`snapshot.` prefixes (`acceptedEpoch`, `currentEpoch`, ...) are
/// never touched.
public struct RetentionPlan: Sendable, Equatable {
    /// How strictly to decide.
    public enum Mode: Sendable, Equatable {
        /// Exactly ZooKeeper's decisions.
        case upstream
        /// ZooKeeper's decisions, except that names whose zxid does not parse (or is negative)
        /// and the txn log tool's outputs (``RetentionPlan/isToolOutput(_:)``) are kept, and
        /// the latter are never counted.
        case strict
    }

    /// Why a file is kept.
    public enum KeepReason: Sendable, Equatable {
        /// One of the `n` newest valid snapshots; `rank` 1 is the newest.
        case retainedSnapshot(rank: Int)
        /// Its zxid is not below the oldest retained snapshot's zxid.
        case notOlderThanRetainedSnapshots
        /// A txn log needed to replay from the oldest retained snapshot: the log starting at
        /// or before it (`base`) or any later one.
        case neededLog(base: Int64)
        /// ``Mode/strict`` only: its name gives no usable zxid (it does not parse, or is negative).
        case noUsableZxid
        /// No valid snapshot was found, so nothing is removed.
        case noValidSnapshot
        /// ``Mode/strict`` only: an output of the txn log tool (`*.fixed`, `*.chopped*`).
        case toolOutput
    }

    /// Whether `name` is an output of `zk-txnlog-toolkit` (TxnLogToolkit): a recovered
    /// `<log>.fixed` or a chopped `<log>.chopped<zxid>`.
    public static func isToolOutput(_ name: String) -> Bool {
        name.hasSuffix(".fixed") || name.contains(".chopped")
    }

    /// Why a file is removed.
    public enum RemoveReason: Sendable, Equatable {
        /// Its zxid is below the oldest retained snapshot's zxid (and, for a log, it is not
        /// needed to replay from that snapshot).
        case olderThanRetainedSnapshots
        /// Its zxid does not parse (counts as -1, below every real zxid). ``Mode/upstream`` only.
        case unparsableName
    }

    /// Which directory a file lives in.
    public enum Location: Sendable, Equatable {
        case logDirectory
        case snapDirectory
    }

    /// One `log.*` or `snapshot.*` file and the decision about it.
    public struct File: Sendable, Equatable {
        /// Which directory it is in.
        public var location: Location
        /// The file name.
        public var name: String
        /// Java's `getPath()`: `<dir>/version-2/<name>`, as printed in `Removing file:` lines.
        public var path: String
        /// The zxid parsed from the name with the directory's prefix (-1 when it does not parse).
        public var zxid: Int64
    }

    /// A kept file and why.
    public struct Kept: Sendable, Equatable {
        public var file: File
        public var reason: KeepReason
    }

    /// A file to remove and why.
    public struct Removal: Sendable, Equatable {
        public var file: File
        public var reason: RemoveReason
    }

    /// The decision about one file.
    public enum Decision: Sendable, Equatable {
        case keep(KeepReason)
        case remove(RemoveReason)
    }

    /// One `log.*` or `snapshot.*` file with its decision.
    public struct Entry: Sendable, Equatable {
        public var file: File
        public var decision: Decision
    }

    /// The directories the plan is for.
    public let layout: DataDirLayout
    /// The number of snapshots asked for.
    public let count: Int
    /// The mode the plan was made in.
    public let mode: Mode
    /// The retained snapshots, newest first (at most `count`).
    public let retainedSnapshots: [String]
    /// The zxid of the oldest retained snapshot; nil when no valid snapshot was found.
    public let leastZxid: Int64?
    /// The zxid of the oldest retained log (`getLogFiles`' base); nil when nothing is removed.
    public let baseLogZxid: Int64?
    /// The retained logs (`getLogFiles`), ascending.
    public let retainedLogs: [String]
    /// Every `log.*` file of the log directory and every `snapshot.*` file of the snapshot
    /// directory with its decision, in ZooKeeper's order: log-directory listing order, then
    /// snapshot-directory listing order.
    public let entries: [Entry]

    /// What to remove, in ZooKeeper's order (the order of the `Removing file:` lines).
    public var removals: [Removal] {
        entries.compactMap { entry in
            if case .remove(let reason) = entry.decision { return Removal(file: entry.file, reason: reason) }
            return nil
        }
    }

    /// Every other file of ``entries``, in the same order.
    public var kept: [Kept] {
        entries.compactMap { entry in
            if case .keep(let reason) = entry.decision { return Kept(file: entry.file, reason: reason) }
            return nil
        }
    }

    /// Makes the plan.
    ///
    /// - Parameters:
    ///   - layout: the two `version-2` directories (their paths prefix every printed path).
    ///   - logNames: the log directory's listing, in `readdir` order.
    ///   - snapNames: the snapshot directory's listing, in `readdir` order (the same array when
    ///     the layout is a single directory).
    ///   - count: how many snapshots to keep (ZooKeeper requires ≥ 3; must be ≥ 1 here).
    ///   - mode: ``Mode/upstream`` for ZooKeeper's exact decisions.
    ///   - isValidSnapshot: called with a snapshot-directory name, newest first, until `count`
    ///     snapshots passed. Use ``SnapshotValidity/isValidSnapshot(path:)`` for ZooKeeper's
    ///     check or ``SnapshotValidity/verify(path:)`` for a full one.
    public init(
        layout: DataDirLayout,
        logNames: [String],
        snapNames: [String],
        count: Int,
        mode: Mode = .upstream,
        isValidSnapshot: (String) -> Bool
    ) {
        precondition(count >= 1, "the number of snapshots to keep must be at least 1")
        self.layout = layout
        self.count = count
        self.mode = mode
        let logPrefix = DataFileName.logPrefix
        let snapPrefix = DataFileName.snapshotPrefix
        // --verify never counts the txn log tool's outputs as logs or snapshots.
        let counted = { (name: String) in mode != .strict || !Self.isToolOutput(name) }
        retainedSnapshots = SnapshotValidity.findNValidSnapshots(
            snapNames.filter(counted),
            count: count,
            isValid: isValidSnapshot
        )
        let logFile = { (name: String) in
            File(
                location: .logDirectory,
                name: name,
                path: layout.logFilePath(name),
                zxid: DataFileName.zxid(name, prefix: logPrefix)
            )
        }
        let snapFile = { (name: String) in
            File(
                location: .snapDirectory,
                name: name,
                path: layout.snapFilePath(name),
                zxid: DataFileName.zxid(name, prefix: snapPrefix)
            )
        }
        let logs = logNames.filter(DataFileName.isLogFileName).map(logFile)
        let snaps = snapNames.filter(DataFileName.isSnapshotFileName).map(snapFile)

        guard let oldest = retainedSnapshots.last else {
            leastZxid = nil
            baseLogZxid = nil
            retainedLogs = []
            entries = (logs + snaps).map { Entry(file: $0, decision: .keep(.noValidSnapshot)) }
            return
        }
        let least = DataFileName.zxid(oldest, prefix: snapPrefix)
        leastZxid = least
        let (needed, base) = DataDirSort.logFilesAndBase(logNames.filter(counted), zxid: least)
        retainedLogs = needed
        baseLogZxid = base
        // Java keeps the retained logs in a HashSet<File>, compared by path. Keys are the
        // UTF-8 bytes: Swift's String equality would merge canonically equivalent names.
        let retainedPaths = Set(needed.map { Array(layout.logFilePath($0).utf8) })
        let rank = Dictionary(
            retainedSnapshots.enumerated().map { (Array(layout.snapFilePath($0.element).utf8), $0.offset + 1) },
            uniquingKeysWith: { first, _ in first }
        )

        var entries: [Entry] = []
        entries.reserveCapacity(logs.count + snaps.count)
        for file in logs + snaps {
            let decision: Decision
            let key = Array(file.path.utf8)
            if !counted(file.name) {
                decision = .keep(.toolOutput)
            } else if let r = rank[key], file.location == .snapDirectory {
                decision = .keep(.retainedSnapshot(rank: r))
            } else if retainedPaths.contains(key) {
                decision = .keep(.neededLog(base: base))
            } else if file.zxid >= least {
                decision = .keep(.notOlderThanRetainedSnapshots)
            } else if mode == .strict && file.zxid < 0 {
                decision = .keep(.noUsableZxid)
            } else {
                let prefix = file.location == .logDirectory ? logPrefix : snapPrefix
                let parses = DataFileName.parsedZxid(file.name, prefix: prefix) != nil
                decision = .remove(parses ? .olderThanRetainedSnapshots : .unparsableName)
            }
            entries.append(Entry(file: file, decision: decision))
        }
        self.entries = entries
    }
}
