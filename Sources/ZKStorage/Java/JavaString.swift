/// `java.lang.String` and `java.lang.Long` semantics that decide output order.
///
/// Java strings are sequences of UTF-16 code units. Swift strings are sequences of Unicode
/// scalars stored as UTF-8, and Swift's `==`/`<` use canonical equivalence. Everything here
/// works on the UTF-8 bytes for speed but gives the UTF-16 answer Java gives:
///
/// - ``hashCode(_:)`` is `String.hashCode()`: `h = 31 * h + unit` over UTF-16 units, wrapping.
/// - ``compare(_:_:)`` is `String.compareTo`: the first differing UTF-16 unit, else the length.
/// - ``longHashCode(_:)`` is `Long.hashCode(v)`: `(int) (v ^ (v >>> 32))`.
///
/// Equality of keys is plain code-unit equality (`a.utf8.elementsEqual(b.utf8)`), never
/// Swift's `==`: Java treats `"é"` and `"e\u{301}"` as different strings.
public enum JavaString {
    /// Java's `String.hashCode()` of `s`: `31 * h + unit` over its UTF-16 code units, wrapping at 32 bits.
    @inlinable
    public static func hashCode(_ s: String) -> Int32 {
        var s = s
        // A Swift string's UTF-8 is always well formed.
        return s.withUTF8 { hashCode(wellFormed: UnsafeRawBufferPointer($0)) ?? 0 }
    }

    /// Java's `String.hashCode()` of `new String(bytes, UTF_8)`.
    ///
    /// Well-formed UTF-8 is hashed directly (a supplementary character counts as its two
    /// UTF-16 units); anything else is first decoded with Java's replacement rules.
    @inlinable
    public static func hashCode(utf8 bytes: UnsafeRawBufferPointer) -> Int32 {
        hashCode(wellFormed: bytes) ?? hashCode(JavaUTF8.decode(bytes))
    }

    /// The hash of well-formed UTF-8, or nil at the first malformed sequence.
    @inlinable
    static func hashCode(wellFormed bytes: UnsafeRawBufferPointer) -> Int32? {
        var h: UInt32 = 0
        var i = 0
        let n = bytes.count
        while i < n {
            let b0 = UInt32(bytes[i])
            if b0 < 0x80 {
                h = h &* 31 &+ b0
                i += 1
            } else {
                guard let (scalar, length) = decodeScalar(bytes, at: i, lead: b0) else {
                    return nil
                }
                if scalar < 0x1_0000 {
                    h = h &* 31 &+ scalar
                } else {
                    let v = scalar - 0x1_0000
                    h = h &* 31 &+ (0xD800 | (v >> 10))
                    h = h &* 31 &+ (0xDC00 | (v & 0x3FF))
                }
                i += length
            }
        }
        return Int32(bitPattern: h)
    }

    /// Java's `Long.hashCode(v)`: `(int) (v ^ (v >>> 32))`.
    @inlinable
    public static func longHashCode(_ v: Int64) -> Int32 {
        let u = UInt64(bitPattern: v)
        return Int32(truncatingIfNeeded: u ^ (u >> 32))
    }

    /// Java's `a.compareTo(b)`: lexicographic over UTF-16 code units, then by length.
    ///
    /// The value is exactly Java's: the difference of the first differing UTF-16 units, or
    /// the difference of the lengths in UTF-16 units. Callers that sort need only its sign.
    @inlinable
    public static func compare(_ a: String, _ b: String) -> Int {
        var a = a
        var b = b
        return a.withUTF8 { ua in
            b.withUTF8 { ub in compare(wellFormed: UnsafeRawBufferPointer(ua), UnsafeRawBufferPointer(ub)) }
        }
    }

    /// Java's `compareTo` of `new String(a, UTF_8)` and `new String(b, UTF_8)`; see
    /// ``compare(_:_:)``. Malformed input is decoded with Java's replacement rules first.
    @inlinable
    public static func compare(utf8 a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        if isCanonical(a) && isCanonical(b) {
            return compare(wellFormed: a, b)
        }
        return compare(JavaUTF8.decode(a), JavaUTF8.decode(b))
    }

    /// `compareTo` of two well-formed UTF-8 strings.
    @inlinable
    static func compare(wellFormed a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let n = min(a.count, b.count)
        var i = 0
        while i < n && a[i] == b[i] {
            i += 1
        }
        if i == n {
            // One is a prefix of the other (ending on a scalar boundary): compare UTF-16 lengths.
            if a.count == b.count {
                return 0
            }
            return a.count > b.count ? utf16Count(a, from: i) : -utf16Count(b, from: i)
        }
        // Back up to the start of the scalar that holds the first differing byte; it starts
        // at the same offset in both strings because the prefix is identical.
        var start = i
        while start > 0 && a[start] & 0xC0 == 0x80 {
            start -= 1
        }
        let ua = firstUTF16Unit(a, at: start)
        let ub = firstUTF16Unit(b, at: start)
        if ua.first != ub.first {
            return Int(ua.first) - Int(ub.first)
        }
        // Both are supplementary with the same high surrogate.
        return Int(ua.second) - Int(ub.second)
    }

    /// The number of UTF-16 code units in the valid UTF-8 `bytes[from...]`.
    @inlinable
    static func utf16Count(_ bytes: UnsafeRawBufferPointer, from: Int) -> Int {
        var count = 0
        for i in from..<bytes.count {
            let b = bytes[i]
            if b & 0xC0 != 0x80 {
                count += b >= 0xF0 ? 2 : 1
            }
        }
        return count
    }

    /// The first UTF-16 unit of the scalar at `offset` in well-formed UTF-8, and its second unit
    /// (0 for BMP scalars).
    @inlinable
    static func firstUTF16Unit(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> (first: UInt32, second: UInt32) {
        let b0 = UInt32(bytes[offset])
        if b0 < 0x80 {
            return (b0, 0)
        }
        let scalar = decodeScalar(bytes, at: offset, lead: b0)?.scalar ?? 0xFFFD
        if scalar < 0x1_0000 {
            return (scalar, 0)
        }
        let v = scalar - 0x1_0000
        return (0xD800 | (v >> 10), 0xDC00 | (v & 0x3FF))
    }

    /// Decodes the non-ASCII scalar that starts at `offset` with lead byte `lead`, or nil if the
    /// sequence there is not well formed (truncated, overlong, a surrogate, beyond U+10FFFF).
    @inlinable
    static func decodeScalar(
        _ bytes: UnsafeRawBufferPointer,
        at offset: Int,
        lead: UInt32
    ) -> (scalar: UInt32, length: Int)? {
        let n = bytes.count
        @inline(__always) func cont(_ i: Int) -> UInt32? {
            guard i < n else { return nil }
            let b = UInt32(bytes[i])
            return b & 0xC0 == 0x80 ? b & 0x3F : nil
        }
        switch lead {
        case 0xC2...0xDF:
            guard let c1 = cont(offset + 1) else { return nil }
            return (((lead & 0x1F) << 6) | c1, 2)
        case 0xE0...0xEF:
            guard let c1 = cont(offset + 1), let c2 = cont(offset + 2) else { return nil }
            let scalar = ((lead & 0x0F) << 12) | (c1 << 6) | c2
            guard scalar >= 0x800 && !(0xD800...0xDFFF).contains(scalar) else { return nil }
            return (scalar, 3)
        case 0xF0...0xF4:
            guard let c1 = cont(offset + 1), let c2 = cont(offset + 2), let c3 = cont(offset + 3) else { return nil }
            let scalar = ((lead & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3
            guard (0x1_0000...0x10_FFFF).contains(scalar) else { return nil }
            return (scalar, 4)
        default:
            return nil
        }
    }

    /// Whether `a` and `b` are the same Java string (the same code units, not Swift's `==`).
    @inlinable
    public static func equals(_ a: String, _ b: String) -> Bool {
        a.utf8.elementsEqual(b.utf8)
    }
}
