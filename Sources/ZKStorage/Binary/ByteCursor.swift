/// A read position over borrowed bytes, with big-endian reads in the style of swift-nio's `ByteBuffer`.
///
/// Every read is bounds-checked: a read that needs more bytes than remain returns `nil` and leaves
/// the cursor where it was. The cursor never owns its bytes; it is valid only while the memory it
/// was made from (a mapping, a decompression window) is.
public struct ByteCursor {
    @usableFromInline let base: UnsafeRawBufferPointer
    /// Offset of the next byte to read, from the start of `base`.
    public var position: Int

    @inlinable
    public init(_ bytes: UnsafeRawBufferPointer, position: Int = 0) {
        self.base = bytes
        self.position = position
    }

    /// The whole underlying buffer.
    @inlinable public var bytes: UnsafeRawBufferPointer { base }

    /// Bytes left to read.
    @inlinable public var remaining: Int { base.count &- position }

    @inlinable public var isAtEnd: Bool { position >= base.count }

    @inlinable
    public mutating func readUInt8() -> UInt8? {
        guard position < base.count else { return nil }
        defer { position &+= 1 }
        return base[position]
    }

    @inlinable
    public mutating func readInt32() -> Int32? {
        guard remaining >= 4 else { return nil }
        defer { position &+= 4 }
        return Int32(bigEndian: base.loadUnaligned(fromByteOffset: position, as: Int32.self))
    }

    @inlinable
    public mutating func readInt64() -> Int64? {
        guard remaining >= 8 else { return nil }
        defer { position &+= 8 }
        return Int64(bigEndian: base.loadUnaligned(fromByteOffset: position, as: Int64.self))
    }

    /// Reads `count` bytes as a view into the underlying memory (no copy).
    @inlinable
    public mutating func readBytes(_ count: Int) -> UnsafeRawBufferPointer? {
        guard count >= 0, remaining >= count else { return nil }
        defer { position &+= count }
        return UnsafeRawBufferPointer(rebasing: base[position..<(position &+ count)])
    }

    /// Peeks at an Int32 `offset` bytes ahead without moving.
    @inlinable
    public func peekInt32(at offset: Int = 0) -> Int32? {
        guard offset >= 0, remaining >= offset &+ 4 else { return nil }
        return Int32(bigEndian: base.loadUnaligned(fromByteOffset: position &+ offset, as: Int32.self))
    }
}
