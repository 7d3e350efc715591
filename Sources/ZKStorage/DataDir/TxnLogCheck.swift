/// One txn log read the way ZooKeeper 3.8's server reads it at startup
/// (`FileTxnLog.FileTxnIterator.next`, `Util.readTxnBytes`, `SerializeUtils.deserializeTxn`),
/// with the place and kind of the end of its data classified:
///
///     FileHeader (16)   EOF inside it: java.io.EOFException (startup dies: 3.8.0 does not
///                       delete an empty newest log); magic != "ZKLG": IOException
///     per entry         int64 crc | int32 len | payload | 'B'
///       len == 0                 end of this file (the preallocated zero tail)
///       EOF in crc/len/payload   end of this file (a torn entry)
///       byte after payload != B  end of this file ("Last transaction was partial.")
///       crc mismatch             IOException("CRC check failed"): startup dies
///       len -1                   NullPointerException: startup dies
///       len < -1 or > limit      IOException("Unreasonable length = N"): startup dies
///       body EOF                 end of this file (EOFException from deserializeTxn)
///       unknown type             IOException("Unsupported Txn with type=%dN"): startup dies
///
/// "End of this file" means the server silently goes on with the next log: entries after the
/// stop are never read. ``stop`` says which of these ended the data, ``entriesAfterStop``
/// whether intact entries follow it (data the server drops).
public struct TxnLogCheck: Sendable {
    /// How the file's readable data ends.
    public enum Stop: Equatable, Sendable {
        /// The file ends exactly after the last entry (a truncated log, e.g. after TRUNC).
        case endOfFile(offset: Int)
        /// A zero length field followed by zeros to the end: the preallocated tail. Normal.
        case zeroTail(offset: Int)
        /// A zero length field with non-zero bytes after it: the server stops there.
        case zeroLength(offset: Int)
        /// The file ends inside an entry (checksum, length, payload or end byte): torn write.
        case torn(offset: Int, expected: String)
        /// The byte after an entry's payload is not 'B': "Last transaction was partial.".
        case badEndOfRecord(offset: Int, byte: UInt8?)
        /// The payload's body ends early (deserializeTxn's EOFException): end of this file.
        case bodyTruncated(offset: Int, zxid: Int64?)
        /// Adler-32 of the payload does not match: `IOException: CRC check failed`.
        case checksumMismatch(offset: Int, zxid: Int64?, stored: Int64, computed: UInt32)
        /// Length -1: `NullPointerException` in `Util.readTxnBytes`.
        case nullEntry(offset: Int)
        /// Length below -1 or over the jute limit: `IOException: Unreasonable length = N`.
        case unreasonableLength(offset: Int, length: Int32)
        /// A txn type with no body record: `IOException: Unsupported Txn with type=%dN`.
        case unsupportedTxn(offset: Int, type: Int32)
        /// The file is shorter than its 16-byte header: `java.io.EOFException`.
        case headerTruncated(length: Int)
        /// The header's magic is not "ZKLG".
        case badMagic(magic: Int32)

        /// Byte offset of the stop in the file.
        public var offset: Int {
            switch self {
            case .endOfFile(let o), .zeroTail(let o), .zeroLength(let o), .torn(let o, _),
                .badEndOfRecord(let o, _), .bodyTruncated(let o, _), .checksumMismatch(let o, _, _, _),
                .nullEntry(let o), .unreasonableLength(let o, _), .unsupportedTxn(let o, _):
                return o
            case .headerTruncated(let length): return length
            case .badMagic: return 0
            }
        }

        /// True when the data ends the way ZooKeeper writes it (clean end or zero tail).
        public var isClean: Bool {
            switch self {
            case .endOfFile, .zeroTail: return true
            default: return false
            }
        }

        /// The exception that stops the server's startup when it reads this file, or nil when
        /// the server silently goes on with the next log.
        public func javaException(file: String) -> JavaException? {
            switch self {
            case .checksumMismatch: return JavaException("java.io.IOException", "CRC check failed")
            case .nullEntry: return JavaException("java.lang.NullPointerException")
            case .unreasonableLength(_, let len): return .unreasonableLength(len)
            case .unsupportedTxn(_, let type):
                return JavaException("java.io.IOException", "Unsupported Txn with type=%d\(type)")
            case .headerTruncated: return JavaException("java.io.EOFException")
            case .badMagic(let magic):
                return JavaException(
                    "java.io.IOException",
                    "Transaction log: \(file) has invalid magic number \(magic) != \(FileHeader.txnLogMagic)"
                )
            default: return nil
            }
        }

        /// A short code for reports (`zkdata doctor`'s finding codes build on it).
        public var code: String {
            switch self {
            case .endOfFile: return "end-of-file"
            case .zeroTail: return "zero-tail"
            case .zeroLength: return "zero-length"
            case .torn: return "torn-entry"
            case .badEndOfRecord: return "bad-end-of-record"
            case .bodyTruncated: return "body-truncated"
            case .checksumMismatch: return "crc-mismatch"
            case .nullEntry: return "null-entry"
            case .unreasonableLength: return "unreasonable-length"
            case .unsupportedTxn: return "unsupported-txn"
            case .headerTruncated: return "header-truncated"
            case .badMagic: return "bad-magic"
            }
        }

        /// What was found, in words.
        public var detail: String {
            switch self {
            case .endOfFile: return "the file ends after the last entry (no preallocated zero tail)"
            case .zeroTail: return "zero tail (preallocation)"
            case .zeroLength: return "a zero entry length with non-zero bytes after it"
            case .torn(_, let expected): return "the file ends inside an entry (expected \(expected))"
            case .badEndOfRecord(_, let byte):
                return byte.map { "end-of-record byte 0x\(String($0, radix: 16)), expected 0x42 'B'" }
                    ?? "the file ends before the end-of-record byte 'B'"
            case .bodyTruncated(_, let zxid):
                return "txn \(zxid?.zxidHex ?? "?") ends inside its body (EOF in deserializeTxn)"
            case .checksumMismatch(_, let zxid, let stored, let computed):
                return
                    "CRC mismatch in txn \(zxid?.zxidHex ?? "?"): stored \(stored.zxidHex), computed \(Int64(computed).zxidHex)"
            case .nullEntry: return "entry length -1 (null txn)"
            case .unreasonableLength(_, let len): return "unreasonable entry length \(len)"
            case .unsupportedTxn(_, let type): return "unsupported txn type \(type)"
            case .headerTruncated(let length): return "file too short for a txn log header (\(length) of 16 bytes)"
            case .badMagic(let magic):
                return "invalid magic number \(magic), expected \(FileHeader.txnLogMagic) (\"ZKLG\")"
            }
        }
    }

    /// A run of consecutive zxids (each one more than the last) and the offset of its first entry.
    public struct ZxidRun: Equatable, Sendable {
        public var first: Int64
        public var count: Int
        public var offset: Int
        public var last: Int64 { first &+ Int64(count - 1) }
    }

    public var path: String
    /// The file's size in bytes.
    public var size: Int
    /// The zxids of the entries the server reads, in file order, as runs of consecutive values.
    public var runs: [ZxidRun]
    /// Entries the server reads.
    public var entryCount: Int
    /// Entries that carry a `TxnDigest`.
    public var digestCount: Int
    /// Where and why the readable data ends.
    public var stop: Stop
    /// File offset of the byte after the last entry the server reads.
    public var goodEnd: Int
    /// Intact entries found after ``stop`` (checksum, length and end byte agree): what the server
    /// never reads and `--salvage` can keep. Only counted when the stop is not clean.
    public var entriesAfterStop: Int
    /// Zxid range of those entries.
    public var zxidsAfterStop: ClosedRange<Int64>?

    public var firstZxid: Int64? { runs.first?.first }
    public var lastZxid: Int64? { runs.last?.last }

    /// Reads `path` as the server would; never throws for damage (it is the result), only for a
    /// file that cannot be opened.
    public init(path: String, limits: JuteLimits = .default) throws(ZKStorageError) {
        let file = try MappedFile(path: path)
        self.init(file: file, limits: limits)
    }

    public init(file: MappedFile, limits: JuteLimits = .default) {
        path = file.path
        size = file.count
        runs = []
        entryCount = 0
        digestCount = 0
        entriesAfterStop = 0
        zxidsAfterStop = nil
        goodEnd = FileHeader.byteCount
        let reader: TxnLogReader
        do {
            reader = try TxnLogReader(file: file, checkMagic: false, limits: limits)
        } catch {
            stop = .headerTruncated(length: file.count)
            goodEnd = 0
            return
        }
        if reader.header.magic != FileHeader.txnLogMagic {
            stop = .badMagic(magic: reader.header.magic)
            goodEnd = 0
            return
        }
        var r = reader
        stop = .endOfFile(offset: FileHeader.byteCount)
        stop = Self.scan(&r, limits: limits, into: &self)
        if !stop.isClean, case .entries(let n, let range) = Self.salvageCount(file: file, from: stop, limits: limits) {
            entriesAfterStop = n
            zxidsAfterStop = range
        }
    }

    private enum Salvage { case entries(Int, ClosedRange<Int64>?) }

    private static func scan(_ r: inout TxnLogReader, limits: JuteLimits, into check: inout TxnLogCheck) -> Stop {
        while true {
            let step: TxnLogReader.Step
            do {
                step = try r.next()
            } catch {
                let at = r.position
                if error.code == .nullEntry { return .nullEntry(offset: at) }
                var c = ByteCursor(r.file.bytes, position: at + 8)
                return .unreasonableLength(offset: at, length: c.readInt32() ?? 0)
            }
            switch step {
            case .end(.endOfFile(let offset)):
                return .endOfFile(offset: offset)
            case .end(.zeroLength(let offset, _)):
                return r.isZeroTail(from: offset) ? .zeroTail(offset: offset) : .zeroLength(offset: offset)
            case .end(.truncated(_, let expected)):
                // The offset of the torn entry itself (the reader does not move on an end).
                return .torn(offset: r.position, expected: expected)
            case .entry(let entry):
                switch entry.endOfRecord {
                case .valid: break
                case .wrong(let b): return .badEndOfRecord(offset: entry.offset, byte: b)
                case .missing: return .torn(offset: entry.offset, expected: "end-of-record byte 'B'")
                }
                let zxid = entry.header?.zxid
                if !entry.checksumMatches {
                    return .checksumMismatch(
                        offset: entry.offset,
                        zxid: zxid,
                        stored: entry.storedChecksum,
                        computed: entry.computedChecksum
                    )
                }
                guard let header = entry.header else { return .bodyTruncated(offset: entry.offset, zxid: nil) }
                do {
                    let txn = try entry.decode(limits: limits)
                    if txn.digest != nil { check.digestCount += 1 }
                } catch {
                    switch error.code {
                    case .unsupportedTxnType: return .unsupportedTxn(offset: entry.offset, type: header.type)
                    case .unreasonableLength:
                        return .unreasonableLength(offset: entry.offset, length: Int32(clamping: entry.payload.count))
                    default: return .bodyTruncated(offset: entry.offset, zxid: header.zxid)
                    }
                }
                check.append(zxid: header.zxid, offset: entry.offset)
                check.goodEnd = entry.endOffset
            }
        }
    }

    private mutating func append(zxid: Int64, offset: Int) {
        entryCount += 1
        if let last = runs.last, last.last &+ 1 == zxid {
            runs[runs.count - 1].count += 1
        } else {
            runs.append(ZxidRun(first: zxid, count: 1, offset: offset))
        }
    }

    /// Counts the intact entries after a damaged stop, resynchronising byte by byte.
    private static func salvageCount(file: MappedFile, from stop: Stop, limits: JuteLimits) -> Salvage {
        var n = 0
        var lo: Int64?
        var hi: Int64?
        TxnLogSalvage.forEachIntactEntry(in: file, after: stop, limits: limits) { entry in
            n += 1
            if let z = entry.header?.zxid {
                lo = min(lo ?? z, z)
                hi = max(hi ?? z, z)
            }
        }
        if let lo, let hi { return .entries(n, lo...hi) }
        return .entries(n, nil)
    }
}

/// Finds the intact entries of a damaged txn log after its damage: from the damaged entry's
/// offset + 1, each byte offset is tried as the start of an entry whose length is within the
/// jute limit, whose end byte is 'B', whose Adler-32 matches and whose body decodes; after a
/// hit, reading continues right after it. A clean zero tail ends the search.
public enum TxnLogSalvage {
    /// Calls `body` for every intact entry after `stop`, in file order.
    public static func forEachIntactEntry(
        in file: MappedFile,
        after stop: TxnLogCheck.Stop,
        limits: JuteLimits = .default,
        _ body: (TxnLogEntry) -> Void
    ) {
        switch stop {
        case .endOfFile, .zeroTail, .headerTruncated, .badMagic: return
        default: break
        }
        let bytes = file.bytes
        guard let reader = try? TxnLogReader(file: file, checkMagic: false, limits: limits) else { return }
        var at = stop.offset + 1
        var lastZxid = Int64.min
        while at + 13 <= bytes.count {
            if let entry = intactEntry(bytes, at: at, limits: limits), let zxid = entry.header?.zxid, zxid > lastZxid {
                body(entry)
                lastZxid = zxid
                at = entry.endOffset
                continue
            }
            // A zero length field with only zeros after it is the preallocated tail.
            if bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self) == 0, reader.isZeroTail(from: at) { return }
            at += 1
        }
    }

    /// The entry at `at` if it is intact (length in range, 'B', checksum, decodable body).
    public static func intactEntry(_ bytes: UnsafeRawBufferPointer, at: Int, limits: JuteLimits) -> TxnLogEntry? {
        var c = ByteCursor(bytes, position: at)
        guard let crc = c.readInt64(), crc >> 32 == 0, let len = c.readInt32(), len >= TxnHeader.byteCount,
            Int(len) <= limits.maxLength, let payload = c.readBytes(Int(len)), c.readUInt8() == 0x42
        else { return nil }
        let computed = Adler32.checksum(payload)
        guard Int64(computed) == crc else { return nil }
        let entry = TxnLogEntry(
            offset: at,
            storedChecksum: crc,
            payload: payload,
            computedChecksum: computed,
            endOfRecord: .valid
        )
        guard (try? entry.decode(limits: limits)) != nil else { return nil }
        return entry
    }
}

extension Int64 {
    /// `0x` + `Long.toHexString`: how reports print a zxid.
    public var zxidHex: String { "0x" + String(UInt64(bitPattern: self), radix: 16) }
}
