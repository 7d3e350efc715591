/// Java's two UTF-8 codecs as jute uses them.
///
/// - ``decode(_:)`` is `new String(bytes, StandardCharsets.UTF_8)` on JDK 17: malformed input
///   becomes U+FFFD by Java's rules, which differ from Swift's `String(decoding:as:)` ("maximal
///   subpart"). Java emits one U+FFFD for a 3-byte surrogate encoding (`ED A0 80`) and for a
///   truncated sequence at the end of the input, for example.
/// - ``encode(_:)`` is `BinaryOutputArchive.writeString`'s encoder: each UTF-16 code unit on
///   its own, in 1, 2 or 3 bytes, U+0000 as a single `0x00`, and a supplementary character as
///   two 3-byte surrogate encodings (CESU-8 style, 6 bytes).
///
/// ```
/// decode(ed a0 bd ed b8 80) == "\u{FFFD}\u{FFFD}"
/// encode("A\u{0}é€😀")        == 41 00 c3 a9 e2 82 ac ed a0 bd ed b8 80
/// ```
public enum JavaUTF8 {
    /// Decodes `bytes` exactly as Java 17's `new String(bytes, UTF_8)` does.
    ///
    /// Valid UTF-8 (which excludes surrogate encodings and overlong forms) takes a fast path;
    /// anything else is decoded by Java's replacement rules.
    @inlinable
    public static func decode(_ bytes: UnsafeRawBufferPointer) -> String {
        if let valid = String(validating: bytes, as: UTF8.self) {
            return valid
        }
        return decodeWithReplacement(bytes)
    }

    /// Decodes `bytes` exactly as Java 17's `new String(bytes, UTF_8)` does.
    @inlinable
    public static func decode(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { decode($0) }
    }

    /// The slow path of ``decode(_:)``: Java's rules for malformed input, one ``step(_:at:)``
    /// at a time (a valid sequence's UTF-8 is its own bytes; anything else is one U+FFFD).
    @usableFromInline
    static func decodeWithReplacement(_ data: UnsafeRawBufferPointer) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(data.count + data.count / 2)
        var i = 0
        while i < data.count {
            let b = data[i]
            if b < 0x80 {
                out.append(b)
                i += 1
                continue
            }
            let (length, valid) = step(data, at: i)
            if valid {
                out.append(contentsOf: UnsafeRawBufferPointer(rebasing: data[i..<(i + length)]))
            } else {
                out.append(contentsOf: [0xEF, 0xBF, 0xBD])
            }
            i += length
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `bytes` is well-formed UTF-8 (no overlong forms, no surrogates, at most
    /// U+10FFFF): Java decodes it without replacements, and its UTF-8 is itself.
    @inlinable
    public static func isWellFormed(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let n = bytes.count
        var i = 0
        // ASCII fast path, 8 bytes at a time.
        while i &+ 8 <= n, bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
            i &+= 8
        }
        while i < n {
            if bytes[i] < 0x80 {
                i &+= 1
                continue
            }
            let (length, valid) = step(bytes, at: i)
            guard valid else { return false }
            i &+= length
        }
        return true
    }

    /// One step of Java 17's UTF-8 decoder (`sun.nio.cs.UTF_8.Decoder` with REPLACE) at the
    /// non-ASCII lead byte `data[i]`: how many bytes it consumes, and whether they form a
    /// character (`valid`) or one U+FFFD.
    @inlinable @inline(__always)
    public static func step(_ data: UnsafeRawBufferPointer, at i: Int) -> (length: Int, valid: Bool) {
        @inline(__always) func isCont(_ b: UInt8) -> Bool { b & 0xC0 == 0x80 }
        let n = data.count
        let b1 = data[i]
        switch b1 {
        case 0xC2...0xDF:
            if i &+ 1 < n { return isCont(data[i &+ 1]) ? (2, true) : (1, false) }
            return (n &- i, false)
        case 0xE0...0xEF:
            if i &+ 2 < n {
                let b2 = data[i &+ 1]
                let b3 = data[i &+ 2]
                if (b1 == 0xE0 && b2 & 0xE0 == 0x80) || !isCont(b2) { return (1, false) }
                if !isCont(b3) { return (2, false) }
                // A surrogate code point (ED A0..BF xx) is one U+FFFD for all three bytes.
                if b1 == 0xED && b2 >= 0xA0 { return (3, false) }
                return (3, true)
            }
            if i &+ 1 < n {
                let b2 = data[i &+ 1]
                if (b1 == 0xE0 && b2 & 0xE0 == 0x80) || !isCont(b2) { return (1, false) }
            }
            return (n &- i, false)
        case 0xF0...0xF7:
            func isBadSecond(_ b2: UInt8) -> Bool {
                b1 > 0xF4 || (b1 == 0xF0 && !(0x90...0xBF).contains(b2)) || (b1 == 0xF4 && b2 & 0xF0 != 0x80)
                    || !isCont(b2)
            }
            if i &+ 3 < n {
                let b2 = data[i &+ 1]
                let b3 = data[i &+ 2]
                let b4 = data[i &+ 3]
                let uc =
                    (UInt32(b1 & 0x07) << 18) | (UInt32(b2 & 0x3F) << 12) | (UInt32(b3 & 0x3F) << 6)
                    | UInt32(b4 & 0x3F)
                if !isCont(b2) || !isCont(b3) || !isCont(b4) || !(0x1_0000...0x10_FFFF).contains(uc) {
                    if isBadSecond(b2) { return (1, false) }
                    if !isCont(b3) { return (2, false) }
                    return (3, false)
                }
                return (4, true)
            }
            if b1 > 0xF4 || (i &+ 1 < n && isBadSecond(data[i &+ 1])) { return (1, false) }
            if i &+ 2 < n && !isCont(data[i &+ 2]) { return (2, false) }
            return (n &- i, false)
        default:
            // 80...C1 and F8...FF
            return (1, false)
        }
    }

    /// The number of bytes ``encode(_:)`` produces for `s` (jute's length prefix).
    ///
    /// That is the UTF-8 length plus 2 for every supplementary character (6 bytes instead of 4).
    @inlinable
    public static func encodedLength(_ s: String) -> Int {
        var extra = 0
        for b in s.utf8 where b >= 0xF0 {
            extra += 2
        }
        return s.utf8.count + extra
    }

    /// Encodes `s` as jute's `BinaryOutputArchive` does: each UTF-16 unit separately.
    @inlinable
    public static func encode(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(encodedLength(s))
        encode(s, into: &out)
        return out
    }

    /// Appends jute's encoding of `s` (see ``encode(_:)``) to `out`, without a length prefix.
    @inlinable
    public static func encode(_ s: String, into out: inout [UInt8]) {
        let utf8 = s.utf8
        var i = utf8.startIndex
        while i != utf8.endIndex {
            let b = utf8[i]
            if b < 0xF0 {
                // ASCII, and 2- and 3-byte sequences, are the same bytes in both encodings.
                out.append(b)
                utf8.formIndex(after: &i)
                continue
            }
            // A 4-byte sequence: re-encode as two 3-byte surrogate encodings.
            var scalar = UInt32(b & 0x07)
            for _ in 0..<3 {
                utf8.formIndex(after: &i)
                scalar = (scalar << 6) | UInt32(utf8[i] & 0x3F)
            }
            utf8.formIndex(after: &i)
            let v = scalar - 0x1_0000
            let high = 0xD800 | (v >> 10)
            let low = 0xDC00 | (v & 0x3FF)
            out.append(UInt8(0xE0 | (high >> 12)))
            out.append(UInt8(0x80 | ((high >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (high & 0x3F)))
            out.append(UInt8(0xE0 | (low >> 12)))
            out.append(UInt8(0x80 | ((low >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (low & 0x3F)))
        }
    }
}
