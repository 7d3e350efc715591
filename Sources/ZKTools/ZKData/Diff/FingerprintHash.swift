/// A fast 64-bit hash of bytes for fingerprints (not cryptographic): 16 bytes per step, each step
/// a 64×64→128-bit multiply folded to 64 bits, chained through an odd multiplier so that block
/// order matters. Two different values collide with probability about 2^-64.
enum FingerprintHash {
    private static let p0: UInt64 = 0xa076_1d64_78bd_642f
    private static let p1: UInt64 = 0xe703_7ed1_a0b4_28db
    private static let p2: UInt64 = 0x8ebc_6af0_9c88_c6e3

    @inline(__always)
    private static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let r = a.multipliedFullWidth(by: b)
        return r.high ^ r.low
    }

    /// The hash of `bytes` (an empty buffer and a nil buffer hash alike; callers keep lengths).
    static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        let n = bytes.count
        var h = seed ^ p0 ^ UInt64(n)
        guard let base = bytes.baseAddress else { return mix(h, p1) }
        var i = 0
        while i + 16 <= n {
            let a = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let b = base.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)
            h = mix(a ^ p1, b ^ p2) &+ (h &* p0)
            i += 16
        }
        var a: UInt64 = 0
        var b: UInt64 = 0
        var k = 0
        while i < n {
            let byte = UInt64(base.load(fromByteOffset: i, as: UInt8.self))
            if k < 8 { a |= byte << UInt64(8 * k) } else { b |= byte << UInt64(8 * (k - 8)) }
            k += 1
            i += 1
        }
        h = mix(a ^ p1, b ^ p2) &+ (h &* p0)
        return mix(h ^ p2, p0 ^ UInt64(n))
    }

    /// Folds a 64-bit value into a running hash.
    @inline(__always)
    static func combine(_ h: UInt64, _ v: UInt64) -> UInt64 { mix(h ^ p1, v ^ p2) &+ (h &* p0) }
}
