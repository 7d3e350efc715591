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
        return s.withUTF8 { hashCode(utf8: UnsafeRawBufferPointer($0)) }
    }

    /// Java's `String.hashCode()` of the string whose valid UTF-8 encoding is `bytes`.
    ///
    /// Supplementary characters count as two UTF-16 units (a surrogate pair), as in Java.
    @inlinable
    public static func hashCode(utf8 bytes: UnsafeRawBufferPointer) -> Int32 {
        var h: UInt32 = 0
        var i = 0
        let n = bytes.count
        while i < n {
            let b0 = UInt32(bytes[i])
            if b0 < 0x80 {
                h = h &* 31 &+ b0
                i += 1
            } else {
                let (scalar, length) = decodeScalar(bytes, at: i, lead: b0)
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
            b.withUTF8 { ub in compare(utf8: UnsafeRawBufferPointer(ua), UnsafeRawBufferPointer(ub)) }
        }
    }

    /// Java's `compareTo` for two strings given as valid UTF-8; see ``compare(_:_:)``.
    @inlinable
    public static func compare(utf8 a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
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

    /// The first UTF-16 unit of the scalar at `offset`, and its second unit (0 for BMP scalars).
    @inlinable
    static func firstUTF16Unit(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> (first: UInt32, second: UInt32) {
        let b0 = UInt32(bytes[offset])
        if b0 < 0x80 {
            return (b0, 0)
        }
        let scalar = decodeScalar(bytes, at: offset, lead: b0).scalar
        if scalar < 0x1_0000 {
            return (scalar, 0)
        }
        let v = scalar - 0x1_0000
        return (0xD800 | (v >> 10), 0xDC00 | (v & 0x3FF))
    }

    /// Decodes the non-ASCII scalar of valid UTF-8 that starts at `offset` with lead byte `lead`.
    @inlinable
    static func decodeScalar(
        _ bytes: UnsafeRawBufferPointer,
        at offset: Int,
        lead: UInt32
    ) -> (scalar: UInt32, length: Int) {
        if lead < 0xE0 {
            return (((lead & 0x1F) << 6) | (UInt32(bytes[offset + 1]) & 0x3F), 2)
        }
        if lead < 0xF0 {
            let scalar =
                ((lead & 0x0F) << 12) | ((UInt32(bytes[offset + 1]) & 0x3F) << 6)
                | (UInt32(bytes[offset + 2]) & 0x3F)
            return (scalar, 3)
        }
        let scalar =
            ((lead & 0x07) << 18) | ((UInt32(bytes[offset + 1]) & 0x3F) << 12)
            | ((UInt32(bytes[offset + 2]) & 0x3F) << 6) | (UInt32(bytes[offset + 3]) & 0x3F)
        return (scalar, 4)
    }

    /// Whether `a` and `b` are the same Java string (the same code units, not Swift's `==`).
    @inlinable
    public static func equals(_ a: String, _ b: String) -> Bool {
        a.utf8.elementsEqual(b.utf8)
    }
}
