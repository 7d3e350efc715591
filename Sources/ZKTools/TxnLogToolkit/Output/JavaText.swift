internal import Glibc
internal import ZKStorage
internal import ZKToolSupport

/// Text the way Java produces it, written as bytes: numbers, hex, and byte arrays decoded with
/// `new String(bytes, UTF_8)` and printed in the output charset.
enum JavaText {
    /// Appends `new String(bytes, UTF_8)` in `charset`.
    ///
    /// Java's decoder replaces malformed input with U+FFFD by its own rules (spec Appendix B);
    /// valid sequences are copied as they are (the UTF-8 re-encoding of a correctly decoded
    /// character is the same bytes). With `juteEscapes`, the six characters jute's
    /// `ToStringOutputArchive` escapes (NUL, LF, CR, `,`, `}`, `%`) are written as `%XX`.
    static func appendDecoded(
        _ bytes: UnsafeRawBufferPointer,
        charset: JavaPlatformCharset,
        juteEscapes: Bool = false,
        to sink: inout ToolOutput
    ) {
        let n = bytes.count
        guard n > 0 else { return }
        sink.reserve(n)
        var i = 0
        while i < n {
            // Copy the longest run of bytes that print as themselves in one go.
            var j = i
            if juteEscapes {
                while j < n {
                    let b = bytes[j]
                    if b >= 0x80 || b == 0x00 || b == 0x0A || b == 0x0D || b == 0x2C || b == 0x7D || b == 0x25 { break }
                    j &+= 1
                }
            } else {
                while j &+ 8 <= n, bytes.loadUnaligned(fromByteOffset: j, as: UInt64.self) & 0x8080_8080_8080_8080 == 0
                {
                    j &+= 8
                }
                while j < n && bytes[j] < 0x80 { j &+= 1 }
            }
            if j > i {
                sink.append(UnsafeRawBufferPointer(rebasing: bytes[i..<j]))
                i = j
                continue
            }
            let b1 = bytes[i]
            if b1 < 0x80 {
                if juteEscapes {
                    switch b1 {
                    case 0x00: sink.append("%00")
                    case 0x0A: sink.append("%0A")
                    case 0x0D: sink.append("%0D")
                    case 0x2C: sink.append("%2C")
                    case 0x7D: sink.append("%7D")
                    case 0x25: sink.append("%25")
                    default: sink.append(b1)
                    }
                } else {
                    sink.append(b1)
                }
                i &+= 1
                continue
            }
            let step = JavaUTF8.step(bytes, at: i)
            if charset != .utf8 {
                // One character, mapped or `?`: only a valid two-byte sequence can be Latin-1.
                var scalar: UInt32 = 0xFFFD
                if step.valid && step.length == 2 {
                    scalar = UInt32(b1 & 0x1F) << 6 | UInt32(bytes[i &+ 1] & 0x3F)
                }
                sink.append(charset.byte(for: scalar) ?? 0x3F)
            } else if step.valid {
                sink.append(UnsafeRawBufferPointer(rebasing: bytes[i..<(i &+ step.length)]))
            } else {
                sink.append(0xEF)
                sink.append(0xBF)
                sink.append(0xBD)
            }
            i &+= step.length
        }
    }
}
