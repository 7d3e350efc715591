/// An error reading or writing a ZooKeeper data file.
///
/// Every error carries the file it concerns and, where it makes sense, the ``Location`` of the
/// problem: a byte offset in the decoded stream (for compressed snapshots: the offset in the
/// uncompressed bytes) or, for damage in a gzip or snappy stream, in the compressed file.
/// `description` is one line meant for an operator, e.g.
/// `log.100000001: checksum mismatch (zxid 0x100000039): stored 0x1234abcd, computed 0x99887766 at byte offset 1234`.
public struct ZKStorageError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, independent of where.
    public enum Code: String, Sendable, Hashable {
        /// The input ended inside a structure.
        case truncated
        /// The file header's magic number is not the expected one.
        case badMagic
        /// A stored Adler-32 (txn entry or snapshot seal) does not match the data.
        case checksumMismatch
        /// A txn-log entry is not followed by the end-of-record byte `0x42` ('B').
        case badEndOfRecord
        /// A length field is negative or larger than the jute limit.
        case unreasonableLength
        /// A txn-log entry has a length of -1 (Java dies with a NullPointerException there).
        case nullEntry
        /// A txn (or sub-txn of a multi) has an op type with no known body record.
        case unsupportedTxnType
        /// The bytes do not form a valid record (e.g. a missing ACL vector, an orphan node).
        case malformedRecord
        /// A gzip or snappy stream is damaged.
        case corruptCompressedStream
        /// The operating system refused an operation (open, read, write, rename, ...).
        case io
    }

    /// Where in the file a problem lies.
    public enum Location: Sendable, Hashable {
        /// A byte offset in the decoded stream: the file itself, or a compressed snapshot's
        /// uncompressed bytes.
        case decoded(Int)
        /// A byte offset in a compressed (gzip or snappy) file.
        case compressed(Int)

        /// The offset, whichever stream it counts in.
        public var offset: Int {
            switch self {
            case .decoded(let offset), .compressed(let offset): offset
            }
        }

        /// `byte offset N` or `compressed byte offset N`, for messages.
        public var description: String {
            switch self {
            case .decoded(let offset): "byte offset \(offset)"
            case .compressed(let offset): "compressed byte offset \(offset)"
            }
        }
    }

    public var code: Code
    /// The file the error concerns (as given by the caller), or "" when not file-related.
    public var file: String
    /// Where the problem lies, when known.
    public var location: Location?
    /// What was expected and what was found, in words.
    public var detail: String
    /// `errno` for `.io` errors.
    public var errno: Int32?
    /// What ZooKeeper's own Java reader (`FileSnap`/`SnapStream`, jute's `BinaryInputArchive`,
    /// `GZIPInputStream`, snappy-java) throws at the same point, where the library knows it.
    public var javaException: JavaException?

    public init(
        _ code: Code,
        file: String = "",
        offset: Int? = nil,
        _ detail: String,
        errno: Int32? = nil,
        java: JavaException? = nil
    ) {
        self.init(code, file: file, location: offset.map(Location.decoded), detail, errno: errno, java: java)
    }

    public init(
        _ code: Code,
        file: String = "",
        location: Location?,
        _ detail: String,
        errno: Int32? = nil,
        java: JavaException? = nil
    ) {
        self.code = code
        self.file = file
        self.location = location
        self.detail = detail
        self.errno = errno
        self.javaException = java ?? (code == .truncated ? JavaException("java.io.EOFException") : nil)
    }

    /// A copy of this error that names `file` (used when a lower layer did not know the name).
    public func inFile(_ file: String) -> ZKStorageError {
        var copy = self
        if copy.file.isEmpty { copy.file = file }
        return copy
    }

    /// The byte offset of the problem (see ``location`` for which stream it counts in).
    public var offset: Int? { location?.offset }

    /// True when ``offset`` counts in a compressed file.
    public var isCompressedOffset: Bool {
        if case .compressed = location { return true }
        return false
    }

    public var description: String {
        var text = file.isEmpty ? "" : "\(file): "
        text += detail
        if let location { text += " at \(location.description)" }
        return text
    }
}

/// A Java exception: its class and message, as `Throwable.toString()` prints them.
public struct JavaException: Sendable, Equatable, CustomStringConvertible {
    public var className: String
    public var message: String?

    public init(_ className: String, _ message: String? = nil) {
        self.className = className
        self.message = message
    }

    /// `java.io.IOException: Unreasonable length = N` (jute's `BinaryInputArchive.checkLength`).
    public static func unreasonableLength(_ length: Int32) -> JavaException {
        JavaException("java.io.IOException", "Unreasonable length = \(length)")
    }

    public var description: String { message.map { "\(className): \($0)" } ?? className }
}
