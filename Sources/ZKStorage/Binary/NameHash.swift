/// A fast 64-bit hash of a name's bytes, for screening repeated names in sets (not Java's
/// `hashCode`): 8 bytes at a time with multiply-xorshift mixing, then a final mix. A collision
/// among a million siblings is a one-in-ten-million event; its users fall back to comparing
/// the names then.
enum NameHash {
    @inline(__always)
    static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: bytes.count)
        guard let base = bytes.baseAddress else { return mix(h) }
        let n = bytes.count
        var i = 0
        while i &+ 8 <= n {
            let word = UInt64(littleEndian: (base + i).loadUnaligned(as: UInt64.self))
            h = (h ^ word) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 29
            i &+= 8
        }
        var last: UInt64 = 0
        var shift: UInt64 = 0
        while i < n {
            last |= UInt64(base.load(fromByteOffset: i, as: UInt8.self)) << shift
            shift &+= 8
            i &+= 1
        }
        return mix((h ^ last) &* 0xFF51_AFD7_ED55_8CCD)
    }

    @inline(__always)
    private static func mix(_ x: UInt64) -> UInt64 {
        var h = x
        h ^= h >> 33
        h = h &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
    }
}
