/// What a ZooKeeper 3.8.0 server does with a data directory when it starts, modelled on
/// `FileTxnSnapLog.restore` (release-3.8.0):
///
/// 1. `FileSnap.deserialize`: every `snapshot.*` entry of the snapshot directory (also `.tmp`
///    leftovers), newest name first (a stable sort), that passes `isValidSnapshot`, up to 100;
///    each is read until one loads (``SnapshotLoadCheck``). None at all: with txn logs present
///    "No snapshot found, but there are log entries. Something is broken!", else an empty
///    database at zxid 0. Candidates but none loads: "Not able to find valid snapshots in …".
/// 2. `fastForwardFromEdits` through `FileTxnIterator(snapZxid + 1)`: the newest log whose name
///    zxid is below the start and every newer one, oldest first; entries below the start are
///    skipped (but read, and checked); each file ends at its first zero length, torn entry,
///    wrong end byte or body EOF and the next file follows; a CRC mismatch, an unreasonable or
///    -1 length, an unsupported type, an empty or bad-magic file stops startup.
/// 3. The server's zxid is the highest zxid replayed (or the snapshot's).
/// 4. With epoch files (a quorum member, `QuorumPeer.loadDataBase`): `currentEpoch` must not be
///    behind the zxid's epoch (unless `currentEpoch.tmp` exists), `acceptedEpoch` not behind
///    `currentEpoch`.
public struct ServerRestore: Sendable {
    /// Why a newer snapshot was passed over.
    public struct SkippedSnapshot: Sendable, Equatable {
        public var name: String
        public var path: String
        public var verdict: SnapshotLoadCheck.Verdict
    }

    /// A jump in the replayed zxids: txns between `after` and `next` are missing.
    public struct Gap: Sendable, Equatable {
        public var after: Int64
        public var next: Int64
        /// The log file whose entry `next` is.
        public var file: String
        public var offset: Int
    }

    /// Where a replayed log's data ends short of clean: later entries in that file are dropped.
    public struct ShortLog: Sendable, Equatable {
        public var file: String
        public var stop: TxnLogCheck.Stop
        /// Intact entries after the stop that the server never reads.
        public var droppedEntries: Int
        public var droppedZxids: ClosedRange<Int64>?
    }

    /// True when the server gets through `loadDataBase`.
    public var starts: Bool
    /// The zxid the server reports (`srvr`'s `Zxid:`) right after startup.
    public var zxid: Int64?
    /// The snapshot it loads (nil: none, or an empty database is created).
    public var snapshot: String?
    /// The path of that snapshot.
    public var snapshotPath: String?
    /// The exception startup dies with (`Class: message`).
    public var exception: String?
    /// The file that causes the failure, and the byte offset in it.
    public var failureFile: String?
    public var failureOffset: Int?
    /// One sentence: what happens and why.
    public var reason: String
    public var skippedSnapshots: [SkippedSnapshot] = []
    /// The logs the iterator opens, oldest first.
    public var replayedLogs: [String] = []
    /// The first zxid replay looks for (snapshot zxid + 1).
    public var replayFrom: Int64?
    /// Txns replayed after the snapshot.
    public var replayedTxns = 0
    public var gaps: [Gap] = []
    public var shortLogs: [ShortLog] = []

    /// Predicts startup. `snapshot(path)` and `log(path)` give the per-file checks (the caller
    /// caches them); `nil` from `log` means the file cannot be opened (an IOException).
    public init(
        snapDirectory: String,
        logDirectory: String,
        snapshot: (String) -> SnapshotLoadCheck,
        log: (String) -> TxnLogCheck?
    ) {
        starts = false
        reason = ""
        let snapNames = JavaFileSystem.list(snapDirectory) ?? []
        let logNames = logDirectory == snapDirectory ? snapNames : (JavaFileSystem.list(logDirectory) ?? [])
        // FileTxnSnapLog's constructor (ZOOKEEPER-2967).
        if logDirectory != snapDirectory {
            // checkLogDir, then checkSnapDir.
            let exceptions = "org.apache.zookeeper.server.persistence.FileTxnSnapLog$"
            if logNames.contains(where: DataFileName.isSnapshotFileName) {
                fail(
                    exceptions + "LogDirContentCheckException: Log directory has snapshot files. "
                        + "Check if dataLogDir and dataDir configuration is correct.",
                    file: logDirectory,
                    offset: nil,
                    "the log directory holds snapshot.* files"
                )
                return
            }
            if snapNames.contains(where: DataFileName.isLogFileName) {
                fail(
                    exceptions + "SnapDirContentCheckException: Snapshot directory has log files. "
                        + "Check if dataLogDir and dataDir configuration is correct.",
                    file: snapDirectory,
                    offset: nil,
                    "the snapshot directory holds log.* files"
                )
                return
            }
        }
        let snapshotNames = snapNames.filter(DataFileName.isSnapshotFileName)
        let candidates = SnapshotValidity.findNValidSnapshots(snapshotNames, count: 100) {
            SnapshotValidity.isValidSnapshot(path: snapDirectory + "/" + $0)
        }
        // Names that fail the cheap check, newer than what loads, are reported as skipped too.
        var chosen: (name: String, zxid: Int64)?
        var chosenCheck: SnapshotLoadCheck?
        // `ReferenceCountedACLCache.aclIndex` as the snapshots tried before leave it.
        var aclIndex: Int64?
        for name in candidates {
            let path = snapDirectory + "/" + name
            let check = snapshot(path)
            switch check.verdict {
            case .loads:
                chosen = (name, DataFileName.zxid(name, prefix: DataFileName.snapshotPrefix))
                chosenCheck = check
            case .aborts(_, let offset, let detail, let java):
                skippedSnapshots.append(SkippedSnapshot(name: name, path: path, verdict: check.verdict))
                fail(java, file: path, offset: offset, "reading \(name) throws (\(detail)), which is not caught")
                return
            default:
                skippedSnapshots.append(SkippedSnapshot(name: name, path: path, verdict: check.verdict))
                if let index = check.aclIndex { aclIndex = max(aclIndex ?? index, index) }
            }
            if chosen != nil { break }
        }
        let logFiles = DataDirSort.logFiles(logNames, zxid: 0)
        if chosen == nil {
            if candidates.isEmpty {
                if !logFiles.isEmpty {
                    fail(
                        "java.io.IOException: No snapshot found, but there are log entries. Something is broken!",
                        file: snapDirectory,
                        offset: nil,
                        "no snapshot passes isValidSnapshot, but there are txn logs"
                    )
                } else {
                    starts = true
                    zxid = 0
                    reason = "no snapshot and no txn log: the server creates an empty database (snapshot.0)"
                }
            } else {
                fail(
                    "java.io.IOException: Not able to find valid snapshots in \(snapDirectory)",
                    file: snapDirectory,
                    offset: nil,
                    "none of the \(candidates.count) candidate snapshots loads"
                )
            }
            return
        }
        guard let chosen else { return }
        self.snapshot = chosen.name
        snapshotPath = snapDirectory + "/" + chosen.name
        replay(from: chosen.zxid, logFiles: logFiles, logDirectory: logDirectory, log: log)
        if !starts { return }
        if chosenCheck?.hasDanglingACLRefs == true, let snapshotPath, let end = zxid,
            let missing = Self.firstMissingACL(
                snapshotPath: snapshotPath,
                snapZxid: chosen.zxid,
                aclIndex: aclIndex,
                logs: replayedLogs.map { logDirectory + "/" + $0 },
                through: end
            )
        {
            fail(
                "java.lang.RuntimeException: Failed to fetch acls for \(missing.ref)",
                file: missing.file,
                offset: missing.offset,
                "replaying txn \(missing.zxid.zxidHex), Debian's 3.8.0 server reads the ACL of a node that "
                    + "\(chosen.name) holds with a reference its ACL cache lacks (created in its fuzzy window with a new ACL, "
                    + "which the replay gives another reference): \(missing.reason)"
            )
            return
        }
        checkEpochs(snapDirectory: snapDirectory, names: snapNames)
    }

    private mutating func fail(_ java: String, file: String, offset: Int?, _ why: String) {
        starts = false
        zxid = nil
        exception = java
        failureFile = file
        failureOffset = offset
        reason = "startup fails: \(why) (\(java))"
    }

    /// `FileTxnIterator(start)` + `fastForwardFromEdits`.
    private mutating func replay(
        from snapZxid: Int64,
        logFiles: [String],
        logDirectory: String,
        log: (String) -> TxnLogCheck?
    ) {
        let start = snapZxid &+ 1
        replayFrom = start
        // init(): descending; every file ≥ start, then the first one below it.
        var stored: [String] = []
        for name in logFiles.reversed() {
            let z = DataFileName.zxid(name, prefix: DataFileName.logPrefix)
            stored.append(name)
            if z < start { break }
        }
        var highest = snapZxid
        var fastForwarding = true
        var previous: Int64? = snapZxid
        for name in stored.reversed() {
            let path = logDirectory + "/" + name
            replayedLogs.append(name)
            guard let check = log(path) else {
                fail("java.io.FileNotFoundException: \(path)", file: path, offset: nil, "\(name) cannot be opened")
                return
            }
            if !check.stop.isEntryDamage, let java = check.stop.javaException(file: path) {
                fail(java.description, file: path, offset: check.stop.offset, "\(name): \(check.stop.detail)")
                return
            }
            for run in check.runs {
                var first = run.first
                var offset = run.offset
                if fastForwarding {
                    if run.last < start { continue }
                    if first < start {
                        offset = -1
                        first = start
                    }
                    fastForwarding = false
                }
                if let p = previous, Self.isGap(after: p, next: first) {
                    gaps.append(Gap(after: p, next: first, file: name, offset: offset))
                }
                replayedTxns += Int(run.last &- first &+ 1)
                highest = max(highest, run.last)
                previous = run.last
            }
            if let java = check.stop.javaException(file: path) {
                fail(java.description, file: path, offset: check.stop.offset, "\(name): \(check.stop.detail)")
                return
            }
            if !check.stop.isClean {
                shortLogs.append(
                    ShortLog(
                        file: name,
                        stop: check.stop,
                        droppedEntries: check.entriesAfterStop,
                        droppedZxids: check.zxidsAfterStop
                    )
                )
            }
        }
        starts = true
        zxid = highest
        var text = "loads \(snapshot ?? "?")"
        if !skippedSnapshots.isEmpty {
            text += " (skipping " + skippedSnapshots.map(\.name).joined(separator: ", ") + ")"
        }
        if replayedTxns > 0 {
            text += ", replays \(replayedTxns) txns from " + replayedLogs.joined(separator: ", ")
        } else {
            text += ", no txn to replay"
        }
        text += ", ends at \(highest.zxidHex)"
        if !shortLogs.isEmpty {
            text +=
                "; stops early in "
                + shortLogs.map { "\($0.file) at offset \($0.stop.offset) (\($0.stop.code))" }
                .joined(separator: ", ")
        }
        if !gaps.isEmpty {
            text +=
                "; skips missing txns "
                + gaps.map { "\(($0.after &+ 1).zxidHex)..\(($0.next &- 1).zxidHex)" }
                .joined(separator: ", ")
        }
        reason = text
    }

    /// Txns are missing between `after` and `next` unless `next` follows `after`, or opens a new
    /// epoch (counter 1 in a higher epoch).
    public static func isGap(after: Int64, next: Int64) -> Bool {
        if next <= after &+ 1 { return false }
        let newEpoch = (next >> 32) > (after >> 32)
        return !(newEpoch && (next & 0xffff_ffff) <= 1)
    }

    private mutating func checkEpochs(snapDirectory: String, names: [String]) {
        guard let zxid else { return }
        let epochOfZxid = zxid >> 32
        guard names.contains("currentEpoch") || names.contains("acceptedEpoch") else { return }
        var current = Self.readEpoch(snapDirectory + "/currentEpoch") ?? epochOfZxid
        if epochOfZxid > current {
            if let tmp = Self.readEpoch(snapDirectory + "/currentEpoch.tmp") {
                current = tmp
            } else {
                fail(
                    "java.io.IOException: The current epoch, \(Self.zxidToString(current)), is older than the last zxid, \(zxid)",
                    file: snapDirectory + "/currentEpoch",
                    offset: nil,
                    "currentEpoch \(current) is behind the epoch \(epochOfZxid) of the last zxid \(zxid.zxidHex)"
                )
                return
            }
        }
        let accepted = Self.readEpoch(snapDirectory + "/acceptedEpoch") ?? epochOfZxid
        if accepted < current {
            fail(
                "java.io.IOException: The accepted epoch, \(Self.zxidToString(accepted)) is less than the current epoch, \(Self.zxidToString(current))",
                file: snapDirectory + "/acceptedEpoch",
                offset: nil,
                "acceptedEpoch \(accepted) is behind currentEpoch \(current)"
            )
        }
    }

    /// `ZxidUtils.zxidToString`: `%x.%x` of epoch and counter.
    static func zxidToString(_ z: Int64) -> String {
        String(UInt64(bitPattern: z >> 32) & 0xffff_ffff, radix: 16) + "."
            + String(UInt64(bitPattern: z) & 0xffff_ffff, radix: 16)
    }

    /// An epoch file: decimal text (`BufferedReader.readLine` + `Long.parseLong`).
    public static func readEpoch(_ path: String) -> Int64? {
        guard let file = try? MappedFile(path: path) else { return nil }
        let text = String(decoding: file.bytes, as: UTF8.self)
        let line =
            text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" }).first ?? ""
        return Int64(line)
    }
}

extension TxnLogCheck.Stop {
    /// True for damage found at an entry (after some entries may have been read), false for a
    /// header problem (nothing is read from the file).
    var isEntryDamage: Bool {
        switch self {
        case .headerTruncated, .badMagic: return false
        default: return true
        }
    }
}
