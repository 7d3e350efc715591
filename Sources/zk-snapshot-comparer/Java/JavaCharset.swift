internal import Glibc
import ZKStorage

/// The JVM's default charset (`file.encoding`, `sun.jnu.encoding`) on JDK 17 / Linux.
///
/// The JVM calls `setlocale(LC_ALL, "")` and takes `nl_langinfo(CODESET)`: UTF-8 under
/// `C.UTF-8` or an installed `*.UTF-8` locale; US-ASCII under `C`, `POSIX`, an unset `LANG`, or a
/// locale that is not installed (glibc then stays in "C"). Other codesets are not emulated and
/// are treated as US-ASCII.
///
/// Text is carried around as Java strings in UTF-8 form (always valid UTF-8, since Java's decoder
/// replaces malformed input with U+FFFD and never produces lone surrogates here).
enum JavaCharset: Sendable {
    case utf8
    case ascii

    /// The charset of this process's locale, decided the way the JVM decides it.
    static func fromLocale() -> JavaCharset {
        _ = setlocale(LC_ALL, "")
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return .ascii }
        return String(cString: codeset) == "UTF-8" ? .utf8 : .ascii
    }

    /// A command-line argument as the JVM decodes it (`sun.jnu.encoding`): UTF-8 with Java's
    /// replacement rules, or ASCII with `?` for every byte above 0x7F.
    func decodeArgument(_ bytes: [UInt8]) -> [UInt8] {
        switch self {
        case .utf8: return JavaCharset.utf8Decode(bytes)
        case .ascii: return bytes.map { $0 < 0x80 ? $0 : UInt8(ascii: "?") }
        }
    }

    /// Bytes read from stdin as `InputStreamReader` decodes them: UTF-8 with Java's replacement
    /// rules, or ASCII with U+FFFD for every byte above 0x7F.
    func decodeInput(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        switch self {
        case .utf8:
            return JavaCharset.utf8Decode(bytes)
        case .ascii:
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            for b in bytes {
                if b < 0x80 { out.append(b) } else { out += [0xEF, 0xBF, 0xBD] }
            }
            return out
        }
    }

    /// The bytes the JVM uses to name a file (`getStringPlatformChars`): unchanged under UTF-8,
    /// `?` for every non-ASCII character under ASCII.
    func encodeFileName(_ javaString: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        javaString.withUnsafeBytes { JavaCharset.appendEncoded($0, ascii: self == .ascii, to: &out) }
        return out
    }

    /// Java's UTF-8 decoding (U+FFFD for malformed input), as valid UTF-8 bytes.
    static func utf8Decode(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var ascii = true
        for b in bytes where b >= 0x80 {
            ascii = false
            break
        }
        if ascii { return Array(bytes) }
        return Array(JavaUTF8.decode(bytes).utf8)
    }

    static func utf8Decode(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBytes { utf8Decode($0) }
    }

    /// Appends a Java string (valid UTF-8) as the output encoder writes it: unchanged, or with
    /// one `?` per non-ASCII character (a supplementary character is one `?` too).
    @inline(__always)
    static func appendEncoded(_ text: UnsafeRawBufferPointer, ascii: Bool, to out: inout [UInt8]) {
        if !ascii {
            out.append(contentsOf: text)
            return
        }
        for b in text {
            if b < 0x80 {
                out.append(b)
            } else if b >= 0xC0 {
                out.append(UInt8(ascii: "?"))
            }
        }
    }
}
