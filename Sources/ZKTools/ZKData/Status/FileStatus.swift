internal import ZKStorage

/// One row of `zkdata status` (and of `doctor`'s file table): what a ZooKeeper data file is and
/// whether it is whole. Built from the library's per-file checks (``TxnLogCheck``,
/// ``SnapshotLoadCheck``); nothing is decoded here.
struct FileStatus {
    enum Kind: String { case log, snapshot, unknown }

    var path: String
    var kind: Kind
    /// `plain`, `gzip` or `snappy` (logs are plain).
    var codec: String
    var bytes: Int
    /// Logs: the first and last zxid read; snapshots: the zxid in the name (both ends).
    var firstZxid: Int64?
    var lastZxid: Int64?
    /// Logs: entries; snapshots: nodes.
    var count: Int
    /// Logs: any entry carries a TxnDigest; snapshots: a ZxidDigest follows seal #1.
    var digest: Bool
    /// nil when the file is whole; else the first damage.
    var damage: Damage?

    struct Damage {
        var code: String
        var offset: Int?
        var detail: String
    }

    var verdict: String {
        guard let damage else { return "ok" }
        return damage.code + (damage.offset.map { " at offset \($0)" } ?? "") + ": " + damage.detail
    }

    init(log check: TxnLogCheck) {
        path = check.path
        kind = .log
        codec = "plain"
        bytes = check.size
        firstZxid = check.firstZxid
        lastZxid = check.lastZxid
        count = check.entryCount
        digest = check.digestCount > 0
        if !check.stop.isClean {
            var detail = check.stop.detail
            if check.entriesAfterStop > 0 {
                detail += "; \(check.entriesAfterStop) intact txns after it"
            }
            damage = Damage(code: check.stop.code, offset: check.stop.offset, detail: detail)
        }
    }

    init(snapshot check: SnapshotLoadCheck) {
        path = check.path
        kind = .snapshot
        codec = check.codec.rawValue
        bytes = check.size
        let zxid = DataFileName.parsedZxid(JavaFileSystem.name(check.path), prefix: DataFileName.snapshotPrefix)
        firstZxid = zxid
        lastZxid = zxid
        count = check.nodeCount
        digest = check.digest != nil
        switch check.verdict {
        case .loads:
            damage = check.damageBeyondSeals.map {
                Damage(
                    code: "beyond-seals",
                    offset: nil,
                    detail: $0 + " (3.8.0 does not read it and loads the file; 3.9 rejects it)"
                )
            }
        case .notCandidate(let reason): damage = Damage(code: "not-valid", offset: nil, detail: reason)
        case .skipped(let code, let offset, let detail, _), .aborts(let code, let offset, let detail, _):
            damage = Damage(code: code, offset: offset, detail: detail)
        }
    }

    /// A file that is neither a log nor a snapshot by name or magic.
    init(unknown path: String) {
        self.path = path
        kind = .unknown
        codec = "-"
        bytes = Int(clamping: JavaFileSystem.length(path))
        count = 0
        digest = false
        damage = Damage(code: "unknown", offset: 0, detail: "not a txn log or snapshot (by name or magic)")
    }
}

/// `zkdata status PATH…`: one ``FileStatus`` per file; a directory stands for the logs and
/// snapshots in it (or in its `version-2`).
enum StatusOperation {
    static func run(paths: [String]) throws(ZKDataError) -> [FileStatus] {
        var rows: [FileStatus] = []
        for path in paths {
            if JavaFileSystem.isDirectory(path) {
                let directory = try DataDirOptions.versionDirectory(path)
                guard let contents = DataDirContents(snapDirectory: directory, logDirectory: directory) else {
                    throw ZKDataError("\(path): cannot list the directory")
                }
                for file in contents.snapshots { rows.append(FileStatus(snapshot: SnapshotLoadCheck(path: file.path))) }
                for file in contents.logs { rows.append(try row(log: file.path)) }
            } else {
                guard JavaFileSystem.exists(path) else { throw ZKDataError("\(path): no such file") }
                rows.append(try row(file: path))
            }
        }
        return rows
    }

    static func row(log path: String) throws(ZKDataError) -> FileStatus {
        do {
            return FileStatus(log: try TxnLogCheck(path: path))
        } catch {
            throw ZKDataError(error)
        }
    }

    /// A single file: by name first, else by its magic.
    static func row(file path: String) throws(ZKDataError) -> FileStatus {
        let name = JavaFileSystem.name(path)
        if DataFileName.isLogFileName(name) { return try row(log: path) }
        if DataFileName.isSnapshotFileName(name) { return FileStatus(snapshot: SnapshotLoadCheck(path: path)) }
        let magic: Int32?
        do {
            let file = try MappedFile(path: path)
            var c = ByteCursor(file.bytes)
            magic = c.readInt32()
        } catch {
            throw ZKDataError(error)
        }
        switch magic {
        case FileHeader.txnLogMagic: return try row(log: path)
        case FileHeader.snapshotMagic: return FileStatus(snapshot: SnapshotLoadCheck(path: path))
        default: return FileStatus(unknown: path)
        }
    }
}
