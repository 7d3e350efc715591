/// Why a txn payload could not be decoded (or, for a multi with a null list, formatted) the
/// way ZooKeeper 3.8.0's `SerializeUtils.deserializeTxn` and `TxnLogToolkit.getFormattedTxnStr` do.
/// Offsets are relative to the payload's first byte.
enum DecodeFailure: Error {
    /// The payload ends inside a field: Java's `java.io.EOFException` (no message).
    case endOfData(offset: Int, reading: StaticString)
    /// A length outside `-1...2,097,150`: `java.io.IOException: Unreasonable length = <n>`.
    case unreasonableLength(Int32, offset: Int)
    /// A top-level type with no body record: `java.io.IOException: Unsupported Txn with type=%d<n>`
    /// (3.8.0's message has a literal `%d`).
    case unsupportedType(Int32)
    /// A multi whose txn list is null: a NullPointerException in `getFormattedTxnStr`.
    case nullMultiList(offset: Int)

    /// `Throwable.getMessage()` of the Java exception (LogChopper prints it after `Got exception: `).
    var javaMessage: String {
        switch self {
        case .endOfData: "null"
        case .unreasonableLength(let n, _): "Unreasonable length = \(n)"
        case .unsupportedType(let t): "Unsupported Txn with type=%d\(t)"
        case .nullMultiList: "Cannot invoke \"java.util.List.size()\" because \"txnList\" is null"
        }
    }

    /// The first line Java prints for it when uncaught.
    var javaException: String {
        switch self {
        case .endOfData: "java.io.EOFException"
        case .unreasonableLength, .unsupportedType: "java.io.IOException: \(javaMessage)"
        case .nullMultiList: "java.lang.NullPointerException: \(javaMessage)"
        }
    }

    /// A plain description for the one-line error message.
    var problem: String {
        switch self {
        case .endOfData(_, let what): "txn ends early while reading \(what)"
        case .unreasonableLength(let n, _): "unreasonable length \(n) (expected -1...2097150)"
        case .unsupportedType(let t): "txn type \(t) has no record ZooKeeper can decode"
        case .nullMultiList: "multi txn with a null txn list"
        }
    }

    /// Offset in the payload, when there is one.
    var offset: Int? {
        switch self {
        case .endOfData(let o, _), .unreasonableLength(_, let o), .nullMultiList(let o): o
        case .unsupportedType: 28
        }
    }
}

/// Big-endian jute reads over one txn payload, failing as `BinaryInputArchive` over a
/// `ByteArrayInputStream` does.
struct PayloadCursor {
    /// `jute.maxbuffer` + `zookeeper.jute.maxbuffer.extrasize` with Java's defaults.
    static let maxLength: Int32 = 2_097_150

    let bytes: UnsafeRawBufferPointer
    var position = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var remaining: Int { bytes.count &- position }

    @inline(__always)
    mutating func readInt(_ what: StaticString) throws(DecodeFailure) -> Int32 {
        guard remaining >= 4 else { throw .endOfData(offset: position, reading: what) }
        defer { position &+= 4 }
        return Int32(bigEndian: bytes.loadUnaligned(fromByteOffset: position, as: Int32.self))
    }

    @inline(__always)
    mutating func readLong(_ what: StaticString) throws(DecodeFailure) -> Int64 {
        guard remaining >= 8 else { throw .endOfData(offset: position, reading: what) }
        defer { position &+= 8 }
        return Int64(bigEndian: bytes.loadUnaligned(fromByteOffset: position, as: Int64.self))
    }

    /// `DataInputStream.readBoolean`: any non-zero byte is true.
    @inline(__always)
    mutating func readBool(_ what: StaticString) throws(DecodeFailure) -> Bool {
        guard remaining >= 1 else { throw .endOfData(offset: position, reading: what) }
        defer { position &+= 1 }
        return bytes[position] != 0
    }

    /// A jute `buffer` or `ustring`: nil for length -1; the length is checked before the bytes.
    @inline(__always)
    mutating func readBuffer(_ what: StaticString) throws(DecodeFailure) -> UnsafeRawBufferPointer? {
        let start = position
        let len = try readInt(what)
        if len == -1 { return nil }
        if len < 0 || len > PayloadCursor.maxLength {
            throw .unreasonableLength(len, offset: start)
        }
        let n = Int(len)
        guard remaining >= n else { throw .endOfData(offset: position, reading: what) }
        defer { position &+= n }
        return UnsafeRawBufferPointer(rebasing: bytes[position..<(position &+ n)])
    }

    /// A vector count: nil for -1 (null); other negative counts mean no elements, as in Java.
    @inline(__always)
    mutating func readVectorCount(_ what: StaticString) throws(DecodeFailure) -> Int32? {
        let n = try readInt(what)
        return n == -1 ? nil : n
    }
}
