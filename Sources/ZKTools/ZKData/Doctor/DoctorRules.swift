internal import ZKStorage

/// Turns the per-file checks and the startup prediction into ``Finding``s, each with its fix.
///
/// Severity: `error` when the server will not start, or starts and silently loses or invents
/// data; `warning` when data is at risk or history is broken but startup is unaffected; `info`
/// for oddities the server ignores.
struct DoctorRules {
    let report: DoctorReport
    let contents: DataDirContents
    var findings: [Finding] = []

    init(report: DoctorReport, contents: DataDirContents) {
        self.report = report
        self.contents = contents
    }

    private var startup: ServerRestore { report.startup }

    mutating func run() {
        for log in report.logs { checkLog(log) }
        for snapshot in report.snapshots { checkSnapshot(snapshot) }
        for tmp in report.tmpSnapshots { checkTemporarySnapshot(tmp) }
        checkGaps()
        checkSnapshotBeyondLogs()
        checkEpochs()
        for name in contents.unparsable {
            findings.append(
                Finding(
                    severity: .info,
                    code: "unparsable-name",
                    file: contents.snapDirectory + "/" + name,
                    offset: nil,
                    message:
                        "\(name): the zxid in the name does not parse; the server ignores the file (PurgeTxnLog deletes it)",
                    fix: Fix.moveAside(contents.snapDirectory + "/" + name)
                )
            )
        }
        checkStartup()
    }

    // MARK: Logs

    private mutating func checkLog(_ log: TxnLogCheck) {
        let stop = log.stop
        if stop.isClean { return }
        let name = JavaFileSystem.name(log.path)
        let inChain = startup.replayedLogs.contains(name)
        let kept =
            log.entryCount == 0
            ? "no txn before it" : "\(log.entryCount) txns before it (up to \(log.lastZxid?.zxidHex ?? "?"))"
        let after =
            log.entriesAfterStop == 0
            ? ""
            : "; \(log.entriesAfterStop) intact txns after it (\(rangeText(log.zxidsAfterStop)))"
        let repair = Fix.repair(log.path, salvage: log.entriesAfterStop > 0)
        switch stop {
        case .headerTruncated(let length):
            let code = length == 0 ? "log-empty" : "log-header-truncated"
            let what = length == 0 ? "empty file (what a full disk leaves)" : stop.detail
            add(
                inChain ? .error : .warning,
                code,
                log.path,
                stop.offset,
                "\(name): \(what); "
                    + (inChain
                        ? "the 3.8 server dies reading it with java.io.EOFException (3.9 deletes an empty newest log)"
                        : "not read at startup, but every reader of this directory stops at it"),
                Fix.moveAside(log.path)
            )
        case .badMagic:
            add(
                inChain ? .error : .warning,
                "log-bad-magic",
                log.path,
                0,
                "\(name): \(stop.detail)"
                    + (inChain ? "; startup dies with this IOException" : "; not read at startup"),
                Fix.repair(log.path, salvage: true)
            )
        case .checksumMismatch, .unreasonableLength, .nullEntry, .unsupportedTxn:
            let java = stop.javaException(file: log.path)?.description ?? ""
            let message =
                "\(name): \(stop.detail) at offset \(stop.offset); \(kept)\(after); "
                + (inChain
                    ? "the server reads this log at startup and dies with \(java)"
                    : "an older log the server does not replay: history and point-in-time restore stop here")
            add(inChain ? .error : .warning, "log-" + stop.code, log.path, stop.offset, message, repair)
        case .torn, .badEndOfRecord, .zeroLength, .bodyTruncated:
            var message = "\(name): \(stop.detail) at offset \(stop.offset); \(kept)\(after)"
            let severity: Finding.Severity
            if log.entriesAfterStop > 0 {
                severity = inChain ? .error : .warning
                message +=
                    inChain
                    ? "; the server stops reading this log there without an error and silently drops those \(log.entriesAfterStop) txns"
                    : "; readers stop there: those txns are lost to history"
            } else {
                severity = .warning
                message +=
                    inChain
                    ? "; a partial last txn: the server ignores it and starts without it"
                    : "; a partial last txn in an older log"
            }
            add(severity, "log-" + stop.code, log.path, stop.offset, message, repair)
        case .endOfFile, .zeroTail:
            break
        }
    }

    // MARK: Snapshots

    private mutating func checkSnapshot(_ check: SnapshotLoadCheck) {
        let name = JavaFileSystem.name(check.path)
        let tried = startup.skippedSnapshots.contains { $0.path == check.path }
        let zxid = DataFileName.zxid(name, prefix: DataFileName.snapshotPrefix)
        let loadedZxid = startup.snapshot.map { DataFileName.zxid($0, prefix: DataFileName.snapshotPrefix) }
        let newer = loadedZxid.map { zxid > $0 } ?? true
        let consequence =
            newer
            ? (startup.snapshot.map { "the server falls back to \($0), replaying more log" }
                ?? "the server has no other snapshot to fall back to")
            : "older than the snapshot the server loads: only point-in-time restore from it is lost"
        switch check.verdict {
        case .loads:
            if let beyond = check.damageBeyondSeals {
                add(
                    .warning,
                    "snapshot-damage-beyond-seals",
                    check.path,
                    nil,
                    "\(name): \(beyond); 3.8.0 never reads past the last seal and loads it, a 3.9 server rejects it",
                    Fix.moveAside(check.path)
                )
            }
            return
        case .notCandidate(let reason):
            let code =
                check.size == 0 ? "snapshot-empty" : check.codec == .plain ? "snapshot-truncated" : "snapshot-bad-magic"
            add(.warning, code, check.path, nil, "\(name): \(reason); \(consequence)", Fix.moveAside(check.path))
        case .skipped(let code, let offset, let detail, let java):
            let how = tried ? "the server reads it and fails with \(java); " : ""
            add(
                .warning,
                "snapshot-" + code,
                check.path,
                offset,
                "\(name): \(detail); \(how)\(consequence)",
                Fix.moveAside(check.path)
            )
        case .aborts(let code, let offset, let detail, let java):
            add(
                tried ? .error : .warning,
                "snapshot-" + code,
                check.path,
                offset,
                "\(name): \(detail); "
                    + (tried ? "the server dies reading it with \(java)" : "readers die on it with \(java)"),
                Fix.moveAside(check.path)
            )
        }
    }

    private mutating func checkTemporarySnapshot(_ check: SnapshotLoadCheck) {
        let name = JavaFileSystem.name(check.path)
        let loaded = startup.snapshotPath == check.path
        add(
            .warning,
            "snapshot-tmp-leftover",
            check.path,
            nil,
            "\(name): left over from an interrupted snapshot write; the server treats it as a snapshot of the zxid in its name"
                + (loaded
                    ? " and loads it"
                    : check.loads
                        ? " and would load it if it were the newest"
                        : " but skips it (\(DoctorPrinter.verdictText(check.verdict)))"),
            Fix.moveAside(check.path)
        )
    }

    // MARK: Continuity

    private mutating func checkGaps() {
        for gap in startup.gaps {
            let missing = "\((gap.after &+ 1).zxidHex)..\((gap.next &- 1).zxidHex)"
            let from =
                gap.after == startup.replayFrom.map({ $0 &- 1 })
                ? "after \(startup.snapshot ?? "the snapshot")" : "after txn \(gap.after.zxidHex)"
            add(
                .error,
                "log-gap",
                contents.logDirectory + "/" + gap.file,
                gap.offset >= 0 ? gap.offset : nil,
                "txns \(missing) are missing \(from) (next: \(gap.next.zxidHex) in \(gap.file)): the server starts, skips them without an error and ends at \(startup.zxid?.zxidHex ?? "?")",
                "copy the log holding txns \(missing) from a backup or another ensemble member into \(contents.logDirectory); no local file has them"
            )
        }
        // Gaps in the whole log history (outside what startup replays).
        var previous: (zxid: Int64, file: String)?
        for log in report.logs {
            let name = JavaFileSystem.name(log.path)
            for run in log.runs {
                if let p = previous, ServerRestore.isGap(after: p.zxid, next: run.first),
                    !startup.gaps.contains(where: { $0.after == p.zxid && $0.next == run.first })
                {
                    let covered = contents.snapshots.contains { $0.zxid >= p.zxid && $0.zxid < run.first }
                    add(
                        covered ? .info : .warning,
                        "log-history-gap",
                        log.path,
                        run.offset,
                        "txns \((p.zxid &+ 1).zxidHex)..\((run.first &- 1).zxidHex) are in no log (between \(p.file) and \(name))"
                            + (covered
                                ? "; a snapshot covers them" : "; history and point-in-time restore cannot cross them"),
                        "copy the missing log from a backup or another ensemble member, if one has it"
                    )
                }
                if previous == nil || run.last > previous?.zxid ?? .min { previous = (run.last, name) }
            }
            // Txns after damage are still in the file (repair --salvage keeps them).
            if let after = log.zxidsAfterStop?.upperBound, after > previous?.zxid ?? .min { previous = (after, name) }
        }
    }

    private var lastLoggedZxid: Int64? {
        report.logs.compactMap { log in [log.lastZxid, log.zxidsAfterStop?.upperBound].compactMap { $0 }.max() }.max()
    }

    private mutating func checkSnapshotBeyondLogs() {
        guard let name = startup.snapshot, let path = startup.snapshotPath, let last = lastLoggedZxid else { return }
        let zxid = DataFileName.zxid(name, prefix: DataFileName.snapshotPrefix)
        guard zxid > last, zxid & 0xffff_ffff != 0 else { return }
        add(
            .error,
            "snapshot-beyond-logs",
            path,
            nil,
            "\(name) is named after zxid \(zxid.zxidHex), but the newest logged txn is \(last.zxidHex): the server loads it and starts at \(zxid.zxidHex), a zxid no log has; if it was copied in from elsewhere, clients see a state that never existed here",
            "if \(name) does not belong to this server: " + Fix.moveAside(path)
        )
    }

    private mutating func checkEpochs() {
        let dir = contents.snapDirectory
        guard let current = ServerRestore.readEpoch(dir + "/currentEpoch") else { return }
        if let last = lastLoggedZxid, (last >> 32) > current, ServerRestore.readEpoch(dir + "/currentEpoch.tmp") == nil
        {
            add(
                .error,
                "epoch-behind",
                dir + "/currentEpoch",
                nil,
                "currentEpoch is \(current), but the logs reach epoch \(last >> 32) (txn \(last.zxidHex)): a quorum server refuses to start",
                "printf %s \(last >> 32) > '\(dir)/currentEpoch'"
            )
        }
        if let accepted = ServerRestore.readEpoch(dir + "/acceptedEpoch"), accepted < current {
            add(
                .error,
                "accepted-epoch-behind",
                dir + "/acceptedEpoch",
                nil,
                "acceptedEpoch \(accepted) is less than currentEpoch \(current): a quorum server refuses to start",
                "printf %s \(current) > '\(dir)/acceptedEpoch'"
            )
        }
    }

    // MARK: Startup

    private mutating func checkStartup() {
        guard !startup.starts else { return }
        let file = startup.failureFile ?? contents.snapDirectory
        var fix = findings.first { $0.file == file && $0.severity == .error }?.fix
        if fix == nil,
            startup.exception?.contains("No snapshot found") == true
                || startup.exception?.contains("Not able to find valid snapshots") == true
        {
            let last = lastLoggedZxid ?? 0
            fix =
                "zkdata seal '\(parent(contents.snapDirectory))' --output '\(contents.snapDirectory)/\(DataFileName.snapshotFileName(zxid: last))'"
        }
        add(.error, "startup-fails", file, startup.failureOffset, startup.reason, fix ?? "see the other findings")
    }

    private mutating func add(
        _ severity: Finding.Severity,
        _ code: String,
        _ file: String,
        _ offset: Int?,
        _ message: String,
        _ fix: String
    ) {
        findings.append(Finding(severity: severity, code: code, file: file, offset: offset, message: message, fix: fix))
    }

    private func rangeText(_ r: ClosedRange<Int64>?) -> String {
        guard let r else { return "?" }
        return r.lowerBound == r.upperBound ? r.lowerBound.zxidHex : "\(r.lowerBound.zxidHex)..\(r.upperBound.zxidHex)"
    }

    private func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}

/// The exact commands doctor proposes. Nothing is edited in place: a damaged file is first
/// moved to `zkdata-aside/` next to `version-2`, where the server does not look.
enum Fix {
    static func aside(_ path: String) -> String {
        var dir = path
        if let slash = dir.lastIndex(of: "/") { dir = String(dir[..<slash]) } else { dir = "." }
        if let slash = dir.lastIndex(of: "/") { dir = String(dir[..<slash]) } else { dir = "." }
        return dir + "/zkdata-aside"
    }

    static func quote(_ s: String) -> String {
        "'" + s.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }

    static func moveAside(_ path: String) -> String {
        "mkdir -p \(quote(aside(path))) && mv \(quote(path)) \(quote(aside(path)))/"
    }

    static func repair(_ path: String, salvage: Bool) -> String {
        let moved = aside(path) + "/" + JavaFileSystem.name(path)
        return moveAside(path) + " && zkdata repair \(quote(moved)) --output \(quote(path))"
            + (salvage ? " --salvage" : "")
    }
}
