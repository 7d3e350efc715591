internal import Glibc
internal import ZKStorage
internal import ZKToolSupport

/// Java strings as bytes.
///
/// The loader keeps every path and name in *canonical* form: the UTF-8 encoding of the Java
/// string that `new String(bytes, UTF_8)` makes of the stored bytes. Valid UTF-8 is its own
/// canonical form; malformed input gets Java's U+FFFD replacements. Two stored byte strings
/// are the same Java string exactly when their canonical forms are equal, which is what
/// `HashMap<String, …>` lookups and `HashSet<String>` membership need.
enum JavaText {
    /// Whether `bytes` is well-formed UTF-8 (no overlong forms, no surrogates, at most
    /// U+10FFFF), i.e. Java decodes it without replacements.
    static func isWellFormed(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let start = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return true }
        let n = bytes.count
        var i = 0
        // ASCII fast path, 8 bytes at a time.
        while i &+ 8 <= n {
            let word = UnsafeRawPointer(start + i).loadUnaligned(as: UInt64.self)
            if word & 0x8080_8080_8080_8080 != 0 { break }
            i &+= 8
        }
        while i < n {
            let b0 = start[i]
            if b0 < 0x80 {
                i &+= 1
                continue
            }
            @inline(__always) func cont(_ k: Int) -> Bool { i &+ k < n && start[i &+ k] & 0xC0 == 0x80 }
            switch b0 {
            case 0xC2...0xDF:
                guard cont(1) else { return false }
                i &+= 2
            case 0xE0...0xEF:
                guard i &+ 2 < n else { return false }
                let b1 = start[i &+ 1]
                let low: UInt8 = b0 == 0xE0 ? 0xA0 : 0x80
                let high: UInt8 = b0 == 0xED ? 0x9F : 0xBF
                guard b1 >= low && b1 <= high, cont(2) else { return false }
                i &+= 3
            case 0xF0...0xF4:
                guard i &+ 3 < n else { return false }
                let b1 = start[i &+ 1]
                let low: UInt8 = b0 == 0xF0 ? 0x90 : 0x80
                let high: UInt8 = b0 == 0xF4 ? 0x8F : 0xBF
                guard b1 >= low && b1 <= high, cont(2), cont(3) else { return false }
                i &+= 4
            default:
                return false
            }
        }
        return true
    }

    /// The canonical form of malformed bytes: Java's decoding, re-encoded as UTF-8.
    static func canonical(ofMalformed bytes: UnsafeRawBufferPointer) -> [UInt8] {
        Array(JavaUTF8.decode(bytes).utf8)
    }

    /// `String.hashCode()` of a canonical (well-formed) string.
    @inline(__always)
    static func hashCode(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        var h: UInt32 = 0
        for b in bytes {
            if b >= 0x80 { return JavaString.hashCode(utf8: bytes) }
            h = h &* 31 &+ UInt32(b)
        }
        return Int32(bitPattern: h)
    }
}
