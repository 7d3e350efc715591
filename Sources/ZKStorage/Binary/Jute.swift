/// A jute `ustring` as stored: the raw bytes, kept so that a rewrite is byte-identical.
///
/// Java decodes these bytes with its own UTF-8 replacement rules (see ``JavaUTF8``) and encodes
/// strings one UTF-16 unit at a time, so bytes do not always survive a Java round trip; we keep
/// them as they are and decode only for display.
///
///     int32 length (big-endian, -1 = null)  |  length bytes
public struct JuteString: Hashable, Sendable, CustomStringConvertible {
    public var bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    public init(_ bytes: UnsafeRawBufferPointer) { self.bytes = Array(bytes) }

    /// Encodes `string` the way jute's `BinaryOutputArchive.writeString` does.
    public init(_ string: String) { self.bytes = JavaUTF8.encode(string) }

    /// The text as Java sees it (`new String(bytes, UTF_8)`).
    public var string: String { bytes.withUnsafeBytes { JavaUTF8.decode($0) } }

    public var description: String { string }
}

/// Limits applied while decoding, as `BinaryInputArchive` does.
public struct JuteLimits: Sendable {
    /// Largest accepted string or buffer length (and txn entry length). Java's default is
    /// `jute.maxbuffer` (1,048,575) plus `zookeeper.jute.maxbuffer.extrasize` (the same) = 2,097,150.
    public var maxLength: Int

    public init(maxLength: Int = 2_097_150) { self.maxLength = maxLength }

    public static let `default` = JuteLimits()
}

/// Decodes jute binary records from a ``ByteCursor``.
///
/// Errors carry the absolute offset: `baseOffset` is the position in the file (or decoded stream)
/// of the cursor's byte 0.
public struct JuteDecoder {
    public var cursor: ByteCursor
    public var baseOffset: Int
    public var limits: JuteLimits

    @inlinable
    public init(_ cursor: ByteCursor, baseOffset: Int = 0, limits: JuteLimits = .default) {
        self.cursor = cursor
        self.baseOffset = baseOffset
        self.limits = limits
    }

    /// The absolute offset of the next byte.
    @inlinable public var offset: Int { baseOffset &+ cursor.position }

    @inlinable public var remaining: Int { cursor.remaining }

    @usableFromInline
    func eof(_ what: String) -> ZKStorageError {
        ZKStorageError(.truncated, offset: offset, "unexpected end of data reading \(what)")
    }

    @inlinable
    public mutating func readInt(_ what: @autoclosure () -> String = "int") throws(ZKStorageError) -> Int32 {
        guard let v = cursor.readInt32() else { throw eof(what()) }
        return v
    }

    @inlinable
    public mutating func readLong(_ what: @autoclosure () -> String = "long") throws(ZKStorageError) -> Int64 {
        guard let v = cursor.readInt64() else { throw eof(what()) }
        return v
    }

    @inlinable
    public mutating func readBool(_ what: @autoclosure () -> String = "boolean") throws(ZKStorageError) -> Bool {
        guard let v = cursor.readUInt8() else { throw eof(what()) }
        return v != 0
    }

    /// Reads a length prefix and checks it as `BinaryInputArchive.checkLength` does.
    /// Returns nil for the null marker -1.
    @inlinable
    public mutating func readLength(_ what: String) throws(ZKStorageError) -> Int? {
        let start = offset
        let len = try readInt("\(what) length")
        if len == -1 { return nil }
        if len < 0 || Int(len) > limits.maxLength {
            throw ZKStorageError(
                .unreasonableLength,
                offset: start,
                "unreasonable length \(len) for \(what) (expected 0...\(limits.maxLength))",
                java: .unreasonableLength(len)
            )
        }
        return Int(len)
    }

    /// Reads a jute `buffer` as a view (nil for null).
    @inlinable
    public mutating func readBufferView(_ what: String = "buffer") throws(ZKStorageError) -> UnsafeRawBufferPointer? {
        guard let len = try readLength(what) else { return nil }
        guard let bytes = cursor.readBytes(len) else { throw eof(what) }
        return bytes
    }

    /// Reads a jute `buffer` (nil for null).
    @inlinable
    public mutating func readBuffer(_ what: String = "buffer") throws(ZKStorageError) -> [UInt8]? {
        guard let view = try readBufferView(what) else { return nil }
        return Array(view)
    }

    /// Reads a jute `ustring` (nil for null).
    @inlinable
    public mutating func readString(_ what: String = "string") throws(ZKStorageError) -> JuteString? {
        guard let view = try readBufferView(what) else { return nil }
        return JuteString(view)
    }

    /// Reads a vector count: nil for -1 (null); any other negative count reads as 0, as in Java.
    @inlinable
    public mutating func readVectorCount(_ what: String) throws(ZKStorageError) -> Int? {
        let n = try readInt("\(what) count")
        if n == -1 { return nil }
        return n < 0 ? 0 : Int(n)
    }
}

/// Encodes jute binary records into a ``ByteWriter``.
extension ByteWriter {
    @inlinable
    public mutating func writeBool(_ v: Bool) { writeUInt8(v ? 1 : 0) }

    @inlinable
    public mutating func writeBuffer(_ b: [UInt8]?) {
        guard let b else { return writeInt32(-1) }
        writeInt32(Int32(truncatingIfNeeded: b.count))
        writeBytes(b)
    }

    @inlinable
    public mutating func writeString(_ s: JuteString?) { writeBuffer(s?.bytes) }

    @inlinable
    public mutating func writeVectorCount(_ count: Int?) {
        writeInt32(count.map { Int32(truncatingIfNeeded: $0) } ?? -1)
    }
}
