internal import CZlib

/// Adler-32 as zlib computes it (initial value 1), the checksum of txn entries and snapshot seals.
public struct Adler32: Sendable {
    public private(set) var value: UInt32 = 1

    public init() {}

    /// Continues the checksum over `bytes`. The corresponding C function is `adler32_z`.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        value = UInt32(
            truncatingIfNeeded: adler32_z(UInt(value), base.assumingMemoryBound(to: UInt8.self), bytes.count)
        )
    }

    public mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }

    /// Adler-32 of `bytes` alone.
    public static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var a = Adler32()
        a.update(bytes)
        return a.value
    }
}

/// CRC-32 (IEEE, as zlib's `crc32_z`): the per-node digest and the gzip trailer use it.
public struct CRC32: Sendable {
    public private(set) var value: UInt32 = 0

    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        value = UInt32(truncatingIfNeeded: crc32_z(UInt(value), base.assumingMemoryBound(to: UInt8.self), bytes.count))
    }

    public mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }
}
