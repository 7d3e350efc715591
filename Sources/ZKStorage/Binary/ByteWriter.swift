/// A growable byte buffer with big-endian writes: the encoding side of ``ByteCursor``.
public struct ByteWriter {
    public var bytes: [UInt8]

    @inlinable
    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    @inlinable public var count: Int { bytes.count }

    @inlinable
    public mutating func writeUInt8(_ v: UInt8) { bytes.append(v) }

    @inlinable
    public mutating func writeInt32(_ v: Int32) {
        let u = UInt32(bitPattern: v)
        bytes.append(UInt8(truncatingIfNeeded: u >> 24))
        bytes.append(UInt8(truncatingIfNeeded: u >> 16))
        bytes.append(UInt8(truncatingIfNeeded: u >> 8))
        bytes.append(UInt8(truncatingIfNeeded: u))
    }

    @inlinable
    public mutating func writeInt64(_ v: Int64) {
        writeInt32(Int32(truncatingIfNeeded: v >> 32))
        writeInt32(Int32(truncatingIfNeeded: v))
    }

    @inlinable
    public mutating func writeBytes(_ b: some Sequence<UInt8>) { bytes.append(contentsOf: b) }

    @inlinable
    public mutating func writeBytes(_ b: UnsafeRawBufferPointer) { bytes.append(contentsOf: b) }

    /// Appends `count` bytes that `fill` writes in place (given their start): one append for a
    /// whole record instead of one per field.
    @inlinable
    public mutating func append(count: Int, fill: (UnsafeMutableRawPointer) -> Void) {
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: count))
        bytes.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            fill(base + start)
        }
    }

    @inlinable
    public mutating func removeAll(keepingCapacity: Bool = true) {
        bytes.removeAll(keepingCapacity: keepingCapacity)
    }
}

extension UnsafeMutableRawPointer {
    /// Stores `value` big-endian at byte `offset` (any alignment) and moves `offset` past it:
    /// the in-place counterpart of ``ByteWriter``'s writes, for a record filled in one piece
    /// (``ByteWriter/append(count:fill:)``).
    @inlinable @inline(__always)
    public func storeBigEndian<T: FixedWidthInteger>(_ value: T, at offset: inout Int) {
        storeBytes(of: value.bigEndian, toByteOffset: offset, as: T.self)
        offset &+= MemoryLayout<T>.size
    }
}

/// `withUnsafeBytes` for a body that throws ``ZKStorageError`` (the standard one rethrows
/// untyped errors).
@inlinable
func withBytes<R>(
    _ array: [UInt8],
    _ body: (UnsafeRawBufferPointer) throws(ZKStorageError) -> R
) throws(ZKStorageError) -> R {
    let result: Result<R, ZKStorageError> = array.withUnsafeBytes { raw in
        do throws(ZKStorageError) { return .success(try body(raw)) } catch { return .failure(error) }
    }
    return try result.get()
}
