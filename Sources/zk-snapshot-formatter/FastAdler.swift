internal import CIsal

/// Adler-32 with ISA-L's vectorised `isal_adler32` (several times faster than zlib's on the
/// large plain snapshots whose every byte the seal check covers).
struct FastAdler32 {
    private(set) var value: UInt32 = 1

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        value = isal_adler32(value, base.assumingMemoryBound(to: UInt8.self), UInt64(bytes.count))
    }
}
