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

    /// No limit beyond the 32-bit length field (for re-reading bytes already checked).
    public static let unlimited = JuteLimits(maxLength: Int(Int32.max))
}

/// Jute's binary reads (`BinaryInputArchive`) over a ``ByteCursor``: the one throwing layer
/// every record decoder uses.
///
/// Every read is bounds-checked and, as in swift-nio, a read that fails does not move the
/// cursor. Failures are ``ZKStorageError``s carrying the absolute offset (`baseOffset` is the
/// position in the file, or decoded stream, of the cursor's byte 0), Java's exception, and a
/// `StaticString` naming the field: nothing is built for a read that succeeds.
///
///     int      4 bytes, big-endian          long   8 bytes, big-endian
///     boolean  1 byte, non-zero = true      buffer / ustring   int32 length (-1 = null) | bytes
///     vector   int32 count (-1 = null) | elements
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

    @inlinable
    public init(_ bytes: UnsafeRawBufferPointer, baseOffset: Int = 0, limits: JuteLimits = .default) {
        self.init(ByteCursor(bytes), baseOffset: baseOffset, limits: limits)
    }

    /// The absolute offset of the next byte.
    @inlinable public var offset: Int { baseOffset &+ cursor.position }

    @inlinable public var remaining: Int { cursor.remaining }

    /// Java's `EOFException` at the current offset: the data ends inside `what`.
    @usableFromInline @inline(never)
    func eof(_ what: StaticString) -> ZKStorageError {
        ZKStorageError(.truncated, offset: offset, "unexpected end of data reading \(what)")
    }

    @inlinable
    public mutating func readInt(_ what: StaticString = "int") throws(ZKStorageError) -> Int32 {
        guard let v = cursor.readInt32() else { throw eof(what) }
        return v
    }

    @inlinable
    public mutating func readLong(_ what: StaticString = "long") throws(ZKStorageError) -> Int64 {
        guard let v = cursor.readInt64() else { throw eof(what) }
        return v
    }

    /// `DataInputStream.readBoolean`: any non-zero byte is true.
    @inlinable
    public mutating func readBool(_ what: StaticString = "boolean") throws(ZKStorageError) -> Bool {
        guard let v = cursor.readUInt8() else { throw eof(what) }
        return v != 0
    }

    /// Reads a length prefix and checks it as `BinaryInputArchive.checkLength` does.
    /// Returns nil for the null marker -1.
    @inlinable
    public mutating func readLength(_ what: StaticString) throws(ZKStorageError) -> Int? {
        guard let len = cursor.peekInt32() else { throw eof(what) }
        if len == -1 {
            cursor.position &+= 4
            return nil
        }
        if len < 0 || Int(len) > limits.maxLength { throw unreasonableLength(len, what) }
        cursor.position &+= 4
        return Int(len)
    }

    /// `java.io.IOException: Unreasonable length = <len>` at the length field.
    @usableFromInline @inline(never)
    func unreasonableLength(_ len: Int32, _ what: StaticString) -> ZKStorageError {
        ZKStorageError(
            .unreasonableLength,
            offset: offset,
            "unreasonable length \(len) for \(what) (expected -1...\(limits.maxLength))",
            java: .unreasonableLength(len)
        )
    }

    /// Reads a jute `buffer` or `ustring` as a view into the underlying bytes (nil for null).
    /// On failure the cursor stays before the length field; the error's offset is where the data
    /// ran out (after the length) or the length field itself.
    @inlinable
    public mutating func readBufferView(
        _ what: StaticString = "buffer"
    ) throws(ZKStorageError)
        -> UnsafeRawBufferPointer?
    {
        let start = cursor.position
        guard let len = try readLength(what) else { return nil }
        guard let bytes = cursor.readBytes(len) else {
            let error = eof(what)
            cursor.position = start
            throw error
        }
        return bytes
    }

    /// Reads a jute `buffer` (nil for null).
    @inlinable
    public mutating func readBuffer(_ what: StaticString = "buffer") throws(ZKStorageError) -> [UInt8]? {
        guard let view = try readBufferView(what) else { return nil }
        return Array(view)
    }

    /// Reads a jute `ustring` (nil for null).
    @inlinable
    public mutating func readString(_ what: StaticString = "string") throws(ZKStorageError) -> JuteString? {
        guard let view = try readBufferView(what) else { return nil }
        return JuteString(view)
    }

    /// Reads a vector count: nil for -1 (null); any other negative count reads as 0, as in Java.
    @inlinable
    public mutating func readVectorCount(_ what: StaticString) throws(ZKStorageError) -> Int? {
        let n = try readInt(what)
        if n == -1 { return nil }
        return n < 0 ? 0 : Int(n)
    }
}

/// An element type of a borrowed ``JuteVector``: how one element is read (as a view).
public protocol JuteVectorElement {
    static func read(from decoder: inout JuteDecoder) throws(ZKStorageError) -> Self
}

/// A `ustring` or `buffer` element, nil for null.
extension Optional: JuteVectorElement where Wrapped == UnsafeRawBufferPointer {
    @inlinable
    public static func read(from decoder: inout JuteDecoder) throws(ZKStorageError) -> Self {
        try decoder.readBufferView("vector element")
    }
}

/// A jute `vector<T>` borrowed from the bytes it was read from, every element already checked by
/// ``JuteDecoder/readVector(_:of:)``: iterating it cannot fail and allocates nothing.
public struct JuteVector<Element: JuteVectorElement>: Sequence {
    /// The number of elements.
    public let count: Int
    /// The elements' bytes, back to back.
    @usableFromInline let elements: UnsafeRawBufferPointer

    @inlinable
    init(count: Int, elements: UnsafeRawBufferPointer) {
        self.count = count
        self.elements = elements
    }

    /// No elements.
    @inlinable public static var empty: JuteVector {
        JuteVector(count: 0, elements: UnsafeRawBufferPointer(start: nil, count: 0))
    }

    public struct Iterator: IteratorProtocol {
        @usableFromInline var decoder: JuteDecoder
        @usableFromInline var left: Int

        @inlinable
        init(_ vector: JuteVector) {
            // The lengths were checked against the reader's limits already.
            decoder = JuteDecoder(vector.elements, limits: .unlimited)
            left = vector.count
        }

        @inlinable
        public mutating func next() -> Element? {
            guard left > 0 else { return nil }
            do throws(ZKStorageError) {
                let element = try Element.read(from: &decoder)
                left &-= 1
                return element
            } catch {
                return nil
            }
        }
    }

    @inlinable public func makeIterator() -> Iterator { Iterator(self) }
}

/// A `vector<ustring>` as a view (`CloseSessionTxn.paths2Delete`); elements are nil for null.
public typealias JuteStringList = JuteVector<UnsafeRawBufferPointer?>

extension JuteDecoder {
    /// Reads a `vector<T>` as a view: nil for count -1, no elements for another negative count.
    /// Every element is checked here (the count is not trusted for allocation: nothing is
    /// allocated). On failure the cursor does not move.
    @inlinable
    public mutating func readVector<Element>(
        _ what: StaticString,
        of: Element.Type = Element.self
    ) throws(ZKStorageError) -> JuteVector<Element>? {
        let start = cursor.position
        do throws(ZKStorageError) {
            guard let count = try readVectorCount(what) else { return nil }
            let first = cursor.position
            var i = 0
            while i < count {
                _ = try Element.read(from: &self)
                i &+= 1
            }
            return JuteVector(
                count: count,
                elements: UnsafeRawBufferPointer(rebasing: cursor.bytes[first..<cursor.position])
            )
        } catch {
            cursor.position = start
            throw error
        }
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
