internal import CIsal
internal import CZlib

/// Adler-32 as zlib defines it (initial value 1), the checksum of txn entries and snapshot seals.
///
/// Computed with ISA-L's vectorised `isal_adler32`, which gives zlib's values about three times
/// faster than zlib 1.2.13's `adler32_z` (the seals and every txn entry go through it).
public struct Adler32: Sendable {
    public private(set) var value: UInt32 = 1

    public init() {}

    /// Continues the checksum over `bytes`. The corresponding C function is `isal_adler32`.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        value = isal_adler32(value, base.assumingMemoryBound(to: UInt8.self), UInt64(bytes.count))
    }

    /// zlib's `adler32_z` over `bytes`, the reference the fast path must agree with.
    public static func zlibChecksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return 1 }
        return UInt32(truncatingIfNeeded: adler32_z(1, base.assumingMemoryBound(to: UInt8.self), bytes.count))
    }

    public mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }

    /// Adler-32 of `bytes` alone.
    public static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var a = Adler32()
        a.update(bytes)
        return a.value
    }

    /// The Adler-32 of two byte strings one after the other, from the checksum of each and the
    /// length of the second (zlib's `adler32_combine`).
    public static func combine(_ first: UInt32, _ second: UInt32, secondLength: Int) -> UInt32 {
        UInt32(truncatingIfNeeded: adler32_combine(UInt(first), UInt(second), secondLength))
    }
}

/// CRC-32 (IEEE, reflected, as zlib's `crc32_z` and `java.util.zip.CRC32`): the per-node digest
/// and the gzip trailer use it.
///
/// Computed with ISA-L's `crc32_gzip_refl` (folding with carry-less multiplies), which takes
/// and returns the same pre/post-inverted value as zlib's `crc32_z`, so checksums chain the
/// same way; ``zlibChecksum(_:)`` is the reference it must agree with.
public struct CRC32: Sendable {
    public private(set) var value: UInt32 = 0

    public init() {}

    /// The checksum continued from `value` (a ``value`` saved earlier).
    public init(continuing value: UInt32) { self.value = value }

    /// Continues the checksum over `bytes`. The corresponding C function is `crc32_gzip_refl`.
    @inline(__always)
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        value = crc32_gzip_refl(value, base.assumingMemoryBound(to: UInt8.self), UInt64(bytes.count))
    }

    public mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }

    /// zlib's `crc32_z` over `bytes` (initial value 0), the reference the fast path must agree with.
    public static func zlibChecksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return 0 }
        return UInt32(truncatingIfNeeded: crc32_z(0, base.assumingMemoryBound(to: UInt8.self), bytes.count))
    }
}
