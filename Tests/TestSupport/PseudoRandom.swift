/// A fixed pseudo-random sequence for tests (Knuth's MMIX linear congruential generator): the
/// same numbers on every run and machine, so a failure can be replayed.
public struct PseudoRandom {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// The next 64-bit value.
    public mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state
    }

    /// The next byte (the top byte of ``next()``: the low bits of this generator are weak).
    public mutating func nextByte() -> UInt8 { UInt8(truncatingIfNeeded: next() >> 56) }

    /// `count` bytes from a fresh sequence.
    public static func bytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var random = PseudoRandom(seed: seed)
        return (0..<count).map { _ in random.nextByte() }
    }
}
