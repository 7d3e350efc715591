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
    /// Whether `bytes` is its own canonical form (``JavaUTF8/isWellFormed(_:)``).
    @inline(__always)
    static func isWellFormed(_ bytes: UnsafeRawBufferPointer) -> Bool { JavaUTF8.isWellFormed(bytes) }

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
