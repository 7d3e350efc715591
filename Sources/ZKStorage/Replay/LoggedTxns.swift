/// The txns of a directory's logs in zxid order, as a restore reads them: from the log that
/// holds the first txn after a start zxid (`FileTxnLog.getLogFiles`: the newest log named at or
/// before it, then every later one), entry by entry, each one after the start checked
/// (Adler-32, end-of-record byte, decoding). A file that ends inside an entry is left at that point (the server's
/// reader stops there too); the caller's zxid continuity check tells whether anything is
/// missing.
public struct LoggedTxns {
    /// Where a txn was read.
    public struct Location: Sendable, Equatable {
        public var file: String
        public var offset: Int
    }

    public let logs: [DataDirContents.File]

    public init(logs: [DataDirContents.File]) {
        self.logs = logs
    }

    /// The logs a restore from `zxid` reads.
    public func files(after zxid: Int64) -> ArraySlice<DataDirContents.File> {
        var first = 0
        for (i, log) in logs.enumerated() where log.zxid <= zxid { first = i }
        return logs[first...]
    }

    /// Calls `body` with each txn whose zxid is above `after`, in file order, until it returns
    /// false.
    ///
    /// - Throws: the first damaged entry (checksum, end-of-record byte, length, decoding), with
    ///   its file and offset; whatever `body` throws.
    public func forEach(
        after zxid: Int64,
        headersOnly: Bool = false,
        _ body: (Txn, Location) throws -> Bool
    ) throws {
        try forEachPayload(after: zxid) { header, payload, location in
            if headersOnly { return try body(Txn(header: header, body: .none), location) }
            let txn: Txn
            do throws(ZKStorageError) {
                txn = try Txn.decode(payload: payload, baseOffset: location.offset + 12)
            } catch {
                throw error.inFile(location.file)
            }
            return try body(txn, location)
        }
    }

    /// Calls `body` with the header of every txn that reads cleanly, file by file, each file up
    /// to its first damaged entry (checksum, end-of-record byte, length; a file that cannot be
    /// opened gives none): what the logs hold, for choosing a point. Never throws: damage
    /// matters only to a replay that has to pass it.
    public func forEachReadableHeader(_ body: (TxnHeader) -> Void) {
        Self.forEachReadableEntry(in: logs.map(\.path)) { header, _, _ in
            body(header)
            return true
        }
    }

    /// ``forEachReadableHeader(_:)`` over the files at `paths`, with each entry's payload (valid
    /// during the call; its file offset is `location.offset + 12`), until `body` returns false.
    public static func forEachReadableEntry(
        in paths: [String],
        _ body: (TxnHeader, UnsafeRawBufferPointer, Location) -> Bool
    ) {
        for path in paths {
            guard var reader = try? TxnLogReader(path: path) else { continue }
            reading: while true {
                guard case .entry(let entry)? = try? reader.next(),
                    entry.storedChecksum == Int64(entry.computedChecksum), entry.endOfRecord == .valid
                else { break reading }
                var cursor = ByteCursor(entry.payload)
                guard let header = TxnHeader(cursor: &cursor) else { break reading }
                guard body(header, entry.payload, Location(file: path, offset: entry.offset)) else { return }
            }
        }
    }

    /// ``forEach(after:headersOnly:_:)`` without decoding: `body` gets each checked entry's
    /// header and payload (valid during the call; the payload's file offset is
    /// `location.offset + 12`). The logs are read on a second thread
    /// (``forEachPayloadReadingAhead(after:prepare:_:)``), with the same result.
    public func forEachPayload(
        after zxid: Int64,
        _ body: (TxnHeader, UnsafeRawBufferPointer, Location) throws -> Bool
    ) throws {
        let nothing: (TxnHeader, UnsafeRawBufferPointer, Int) -> Void = { _, _, _ in }
        try forEachPayload(after: zxid, prepare: nothing) { header, payload, location, _ in
            try body(header, payload, location)
        }
    }

    /// ``forEachPayload(after:_:)`` with `prepare(header, payload, payload's file offset)` run
    /// on each entry on the reading thread, ahead of `body`, which gets what it returned:
    /// `prepare` must use nothing but its arguments.
    ///
    /// `ahead(prepared, stage)` is called on entries still to come, before `body` gets the
    /// current one: stage 1 furthest ahead, then 2, then 3 nearest
    /// (``aheadDistances``; for prefetching). The one-thread fallback does not call it.
    public func forEachPayload<Prepared>(
        after zxid: Int64,
        prepare: @escaping (TxnHeader, UnsafeRawBufferPointer, Int) -> Prepared,
        ahead: (UnsafePointer<Prepared>, _ stage: Int) -> Void = { _, _ in },
        _ body: (TxnHeader, UnsafeRawBufferPointer, Location, Prepared) throws -> Bool
    ) throws {
        if try forEachPayloadReadingAhead(after: zxid, prepare: prepare, ahead: ahead, body) != nil { return }
        try forEachPayloadOnThisThread(after: zxid) { header, payload, location in
            try body(header, payload, location, prepare(header, payload, location.offset + 12))
        }
    }

    /// ``forEachPayload(after:_:)`` reading on the caller's thread.
    func forEachPayloadOnThisThread(
        after zxid: Int64,
        _ body: (TxnHeader, UnsafeRawBufferPointer, Location) throws -> Bool
    ) throws {
        for log in files(after: zxid) {
            var reader = try TxnLogReader(path: log.path)
            reading: while true {
                switch try reader.next() {
                case .end:
                    break reading
                case .entry(let entry):
                    switch Self.checked(entry, after: zxid, file: log.path) {
                    case .skip: continue
                    case .failure(let error): throw error
                    case .entry(let header):
                        if try !body(header, entry.payload, Location(file: log.path, offset: entry.offset)) { return }
                    }
                }
            }
        }
    }

    /// What ``forEachPayload(after:_:)`` makes of an entry.
    enum EntryCheck {
        /// At or before the start zxid: passed over unchecked.
        case skip
        case failure(ZKStorageError)
        case entry(TxnHeader)
    }

    static func checked(_ entry: TxnLogEntry, after zxid: Int64, file path: String) -> EntryCheck {
        var cursor = ByteCursor(entry.payload)
        let header = TxnHeader(cursor: &cursor)
        // A txn at or before the start is passed over unchecked, as it is not used (a restore
        // reads the log named at or before the start from its first entry). A damaged header
        // that only looks that old leaves a gap the caller's continuity check finds.
        if let header, header.zxid <= zxid { return .skip }
        guard entry.storedChecksum == Int64(entry.computedChecksum) else {
            return .failure(
                ZKStorageError(
                    .checksumMismatch,
                    file: path,
                    offset: entry.offset,
                    "txn checksum \(entry.storedChecksum) does not match the payload's Adler-32 \(entry.computedChecksum)"
                )
            )
        }
        guard entry.endOfRecord == .valid else {
            return .failure(
                ZKStorageError(
                    .badEndOfRecord,
                    file: path,
                    offset: entry.payloadOffset + entry.payload.count,
                    "expected the end-of-record byte 0x42 after the txn"
                )
            )
        }
        guard let header else {
            return .failure(
                ZKStorageError(.truncated, file: path, offset: entry.payloadOffset, "txn shorter than its header")
            )
        }
        return .entry(header)
    }

    /// Whether `next` may follow `previous` directly: the next counter of the same epoch, or
    /// the first txn (counter 1) of a later epoch.
    public static func follows(_ next: Int64, _ previous: Int64) -> Bool {
        if next == previous &+ 1 { return true }
        return next >> 32 > previous >> 32 && next & 0xFFFF_FFFF == 1
    }
}
