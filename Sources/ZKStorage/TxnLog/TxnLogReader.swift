/// Streams the entries of one txn log file from a memory mapping: memory stays flat however
/// large the file is.
///
///     FileHeader (16 bytes: "ZKLG", version 2, dbid 0)
///     TxnLogEntry*                 back to back
///     zero padding                 preallocation; a zero length field ends the data
///
/// The reader reports every entry, including ones whose checksum does not match or whose
/// end-of-record byte is wrong, and says precisely why and where the data ended. Policy (stop,
/// skip, print) is the caller's.
public struct TxnLogReader {
    /// How the entries ended.
    public enum End: Equatable, Sendable {
        /// The file ends exactly after the last entry.
        case endOfFile(offset: Int)
        /// A zero length field: the preallocated zero tail (normally checksum 0 too).
        /// `checksumZero` is false when the 8 checksum bytes before it are not zero.
        case zeroLength(offset: Int, checksumZero: Bool)
        /// The file ends inside an entry's checksum, length or payload.
        case truncated(offset: Int, expected: String)
    }

    /// One step of the iteration.
    public enum Step {
        case entry(TxnLogEntry)
        case end(End)
    }

    public let file: MappedFile
    public let header: FileHeader
    public var limits: JuteLimits
    /// File offset of the next entry.
    public private(set) var position: Int
    /// When true (the default), pages before the entry being read are handed back to the kernel
    /// (`MappedFile.release(before:)`), keeping memory flat. A caller that still reads earlier
    /// entries' bytes from the mapping turns this off and releases them itself.
    public var releasesPassedPages = true

    /// Opens a txn log and reads its header.
    ///
    /// - Parameter checkMagic: when true, a header whose magic is not "ZKLG" throws `.badMagic`.
    /// - Throws: `.io` if the file cannot be read, `.truncated` if it is shorter than a header.
    public init(path: String, checkMagic: Bool = true, limits: JuteLimits = .default) throws(ZKStorageError) {
        try self.init(file: MappedFile(path: path), checkMagic: checkMagic, limits: limits)
    }

    public init(file: MappedFile, checkMagic: Bool = true, limits: JuteLimits = .default) throws(ZKStorageError) {
        self.file = file
        self.limits = limits
        var d = JuteDecoder(ByteCursor(file.bytes))
        do throws(ZKStorageError) {
            header = try FileHeader(from: &d)
        } catch {
            throw ZKStorageError(
                .truncated,
                file: file.path,
                offset: file.count,
                "file too short for a txn log header (\(file.count) of 16 bytes)"
            )
        }
        if checkMagic && header.magic != FileHeader.txnLogMagic {
            throw ZKStorageError(
                .badMagic,
                file: file.path,
                offset: 0,
                "invalid magic number \(header.magic), expected \(FileHeader.txnLogMagic) (\"ZKLG\")"
            )
        }
        position = FileHeader.byteCount
    }

    /// Reads the next entry, or how the data ends.
    ///
    /// - Throws: `.nullEntry` for a length of -1, `.unreasonableLength` for a negative or
    ///   over-limit length, each with the exception Java's `FileTxnLog` reader dies with there.
    ///   The position does not move on a throw.
    public mutating func next() throws(ZKStorageError) -> Step {
        var c = ByteCursor(file.bytes, position: position)
        let start = position
        guard let crc = c.readInt64() else {
            return .end(c.isAtEnd ? .endOfFile(offset: start) : .truncated(offset: start, expected: "8-byte checksum"))
        }
        guard let len = c.readInt32() else {
            return .end(.truncated(offset: start + 8, expected: "4-byte length"))
        }
        if len == 0 { return .end(.zeroLength(offset: start, checksumZero: crc == 0)) }
        if len == -1 {
            throw ZKStorageError(
                .nullEntry,
                file: file.path,
                offset: start + 8,
                "txn entry length is -1 (a null entry)",
                java: .nullEntry
            )
        }
        if len < 0 || Int(len) > limits.maxLength {
            throw ZKStorageError(
                .unreasonableLength,
                file: file.path,
                offset: start + 8,
                "unreasonable txn entry length \(len) (expected 0...\(limits.maxLength))",
                java: .unreasonableLength(len)
            )
        }
        guard let payload = c.readBytes(Int(len)) else {
            return .end(.truncated(offset: start + 12, expected: "\(len)-byte payload, \(c.remaining) bytes left"))
        }
        if releasesPassedPages { file.release(before: start) }
        let eor: TxnLogEntry.EndOfRecord
        if let b = c.readUInt8() {
            eor = b == 0x42 ? .valid : .wrong(b)
        } else {
            eor = .missing
        }
        position = c.position
        return .entry(
            TxnLogEntry(
                offset: start,
                storedChecksum: crc,
                payload: payload,
                computedChecksum: Adler32.checksum(payload),
                endOfRecord: eor
            )
        )
    }

    /// Continues at `offset` (an entry's start, e.g. where an earlier reader of the same file,
    /// still being written, stopped). Offsets inside the header read from its end.
    public mutating func seek(to offset: Int) {
        position = max(offset, FileHeader.byteCount)
    }

    /// True if every byte from `offset` to the end of the file is zero (a clean preallocated tail).
    public func isZeroTail(from offset: Int) -> Bool {
        let bytes = file.bytes
        guard offset < bytes.count else { return true }
        var i = max(offset, 0)
        // Compare 8 bytes at a time.
        while i + 8 <= bytes.count {
            if bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self) != 0 { return false }
            i += 8
        }
        while i < bytes.count {
            if bytes[i] != 0 { return false }
            i += 1
        }
        return true
    }
}

extension JavaException {
    /// `BinaryInputArchive.readBuffer` returns null for length -1 and `FileTxnLog`'s iterator
    /// then takes its length (3.8.0 on JDK 17's helpful message).
    public static let nullEntry = JavaException(
        "java.lang.NullPointerException",
        "Cannot read the array length because \"bytes\" is null"
    )
}
