internal import ZKStorage

/// Damage met while reading a log: the spec's `error` record
/// (`{"kind":"error","file":…,"offset":…,"code":…,"detail":…}`).
struct LogDamage {
    var file: String
    var offset: Int
    /// A ``ZKStorageError/Code`` name, or `nonZeroTail` for bytes after the end of the entries.
    var code: String
    var detail: String
    /// Unreadable input (exit 2) rather than damage found in it (exit 1).
    var isTrouble = false

    init(file: String, offset: Int, code: String, detail: String, isTrouble: Bool = false) {
        self.file = file
        self.offset = offset
        self.code = code
        self.detail = detail
        self.isTrouble = isTrouble
    }

    init(_ error: ZKStorageError, file: String, offset: Int) {
        self.init(file: file, offset: error.offset ?? offset, code: error.code.rawValue, detail: error.detail)
        isTrouble = error.code == .io
    }
}

/// The txn-log files `log` and `history` read, oldest first, and the loop over their entries.
enum LogScan {
    /// The logs named by `paths` (files, `version-2` directories or data dirs), or those of the
    /// data dir of `options` when there are none; sorted by the zxid in their names (a file whose
    /// name has none keeps its place among the given paths).
    static func files(_ paths: [String], options: DataDirOptions) throws(ZKDataError) -> [String] {
        if paths.isEmpty { return try options.contents(dir: nil).logs.map { $0.path } }
        var files: [(zxid: Int64?, path: String)] = []
        for path in paths {
            if JavaFileSystem.isDirectory(path) {
                files += try options.contents(dir: path).logs.map { (zxid: $0.zxid, path: $0.path) }
            } else {
                let name = JavaFileSystem.name(path)
                files.append((zxid: DataFileName.parsedZxid(name, prefix: DataFileName.logPrefix), path: path))
            }
        }
        guard files.allSatisfy({ $0.zxid != nil }) else { return files.map { $0.path } }
        return files.enumerated().sorted { a, b in
            (a.element.zxid ?? 0, a.offset) < (b.element.zxid ?? 0, b.offset)
        }.map { $0.element.path }
    }

    /// Reads `files` in order, handing every entry to `entry` (with its file's index) and every
    /// problem to `damage`. A checksum mismatch is reported and the entry still handed on; a bad
    /// or missing end-of-record byte, a bad length, a truncation or a non-zero tail ends that
    /// file. The preallocated zero tail ends a file silently.
    static func read(
        _ files: [String],
        entry: (TxnLogEntry, Int) -> Void,
        damage: (LogDamage) -> Void
    ) {
        for (index, path) in files.enumerated() {
            let mapped: MappedFile
            do {
                mapped = try MappedFile(path: path)
            } catch {
                var problem = LogDamage(error, file: path, offset: 0)
                problem.isTrouble = true
                damage(problem)
                continue
            }
            var reader: TxnLogReader
            do {
                reader = try TxnLogReader(file: mapped)
            } catch {
                damage(LogDamage(error, file: path, offset: 0))
                continue
            }
            entries: while true {
                let step: TxnLogReader.Step
                do {
                    step = try reader.next()
                } catch {
                    damage(LogDamage(error, file: path, offset: reader.position))
                    break
                }
                switch step {
                case .entry(let e):
                    if !e.checksumMatches {
                        damage(
                            LogDamage(
                                file: path,
                                offset: e.offset,
                                code: ZKStorageError.Code.checksumMismatch.rawValue,
                                detail: "stored Adler-32 0x\(String(UInt64(bitPattern: e.storedChecksum), radix: 16)), "
                                    + "computed 0x\(String(e.computedChecksum, radix: 16)) (the txn follows as read)"
                            )
                        )
                    }
                    switch e.endOfRecord {
                    case .valid:
                        entry(e, index)
                    case .wrong(let byte):
                        damage(
                            LogDamage(
                                file: path,
                                offset: e.endOffset - 1,
                                code: ZKStorageError.Code.badEndOfRecord.rawValue,
                                detail: "end-of-record byte 0x\(String(byte, radix: 16)), expected 0x42 ('B'): "
                                    + "ZooKeeper takes this txn for partial and stops here"
                            )
                        )
                        break entries
                    case .missing:
                        damage(
                            LogDamage(
                                file: path,
                                offset: e.endOffset - 1,
                                code: ZKStorageError.Code.truncated.rawValue,
                                detail: "file ends before the end-of-record byte of the txn at offset \(e.offset)"
                            )
                        )
                        break entries
                    }
                case .end(.endOfFile):
                    break entries
                case .end(.zeroLength(let offset, let checksumZero)):
                    if !checksumZero || !reader.isZeroTail(from: offset) {
                        damage(
                            LogDamage(
                                file: path,
                                offset: offset,
                                code: "nonZeroTail",
                                detail: "a zero length ends the entries, but non-zero bytes follow "
                                    + "(ZooKeeper stops reading here)"
                            )
                        )
                    }
                    break entries
                case .end(.truncated(let offset, let expected)):
                    damage(
                        LogDamage(
                            file: path,
                            offset: offset,
                            code: ZKStorageError.Code.truncated.rawValue,
                            detail: "file ends inside an entry (expected \(expected))"
                        )
                    )
                    break entries
                }
            }
        }
    }
}
