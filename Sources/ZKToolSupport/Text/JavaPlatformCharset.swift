internal import Glibc
internal import ZKStorage

/// The JVM's platform charset on Linux (JDK 17's `file.encoding` and `sun.jnu.encoding`, and so
/// the charset of `System.out`, `System.err` and of command-line arguments): the codeset of the
/// locale after `setlocale(LC_ALL, "")`, `nl_langinfo(CODESET)`.
///
/// UTF-8 under `C.UTF-8` or an installed `*.UTF-8` locale; ISO-8859-1 under a Latin-1 locale
/// such as Debian's `en_US`; US-ASCII under `C`, `POSIX`, no locale at all, or a locale that is
/// not installed (glibc then stays in "C"). Other codesets are not emulated and count as US-ASCII.
///
/// Java strings are carried as valid UTF-8 (Java's decoder replaces malformed input with U+FFFD);
/// on the way out every character the charset cannot map becomes one `?`, a supplementary
/// character (a surrogate pair in Java) included.
public enum JavaPlatformCharset: Sendable {
    case utf8
    case latin1
    case ascii

    /// What the JVM would pick in this process's environment. The C locale is restored after.
    public static func fromEnvironment() -> JavaPlatformCharset {
        let saved = setlocale(LC_ALL, nil).map { String(cString: $0) } ?? "C"
        defer { setlocale(LC_ALL, saved) }
        guard setlocale(LC_ALL, "") != nil, let raw = nl_langinfo(nl_item(CODESET)) else { return .ascii }
        return named(String(cString: raw))
    }

    /// The charset for a codeset name as glibc reports it (`UTF-8`, `ISO-8859-1`, `ANSI_X3.4-1968`).
    public static func named(_ codeset: String) -> JavaPlatformCharset {
        switch codeset.uppercased().filter({ $0 != "-" && $0 != "_" }) {
        case "UTF8": return .utf8
        case "ISO88591", "LATIN1": return .latin1
        default: return .ascii
        }
    }

    /// Appends a Java string held as valid UTF-8, encoded in this charset.
    @inlinable
    public func appendEncoded(_ text: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        if self == .utf8 {
            out.append(contentsOf: text)
            return
        }
        var i = 0
        while i < text.count {
            let b0 = text[i]
            if b0 < 0x80 {
                out.append(b0)
                i += 1
                continue
            }
            let length = b0 >= 0xF0 ? 4 : (b0 >= 0xE0 ? 3 : 2)
            if self == .latin1 && length == 2 && i + 1 < text.count {
                let scalar = (UInt32(b0 & 0x1F) << 6) | UInt32(text[i + 1] & 0x3F)
                out.append(scalar <= 0xFF ? UInt8(truncatingIfNeeded: scalar) : UInt8(ascii: "?"))
            } else {
                out.append(UInt8(ascii: "?"))
            }
            i += length
        }
    }

    /// A Java string held as valid UTF-8, encoded in this charset.
    public func encode(_ text: UnsafeRawBufferPointer) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        appendEncoded(text, to: &out)
        return out
    }

    public func encode(_ text: String) -> [UInt8] {
        var text = text
        return text.withUTF8 { encode(UnsafeRawBufferPointer($0)) }
    }

    /// The byte Java writes for one decoded character `scalar` (`?` when it cannot be mapped);
    /// nil in UTF-8, where the character's own UTF-8 bytes are written.
    @inlinable
    public func byte(for scalar: UInt32) -> UInt8? {
        switch self {
        case .utf8: return nil
        case .latin1: return scalar <= 0xFF ? UInt8(truncatingIfNeeded: scalar) : UInt8(ascii: "?")
        case .ascii: return scalar < 0x80 ? UInt8(truncatingIfNeeded: scalar) : UInt8(ascii: "?")
        }
    }

    /// A command-line argument as the JVM decodes it with `sun.jnu.encoding`: UTF-8 with Java's
    /// replacement rules, Latin-1 byte for byte, or US-ASCII with `?` for every byte above 0x7F.
    public func decodeArgument(_ bytes: UnsafeRawBufferPointer) -> String {
        decode(bytes, asciiReplacement: "?")
    }

    public func decodeArgument(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { decodeArgument($0) }
    }

    /// Bytes read from stdin as `InputStreamReader` decodes them: UTF-8 with Java's replacement
    /// rules, Latin-1 byte for byte, or US-ASCII with U+FFFD for every byte above 0x7F.
    public func decodeInput(_ bytes: UnsafeRawBufferPointer) -> String {
        decode(bytes, asciiReplacement: "\u{FFFD}")
    }

    /// `bytes` decoded in this charset; in US-ASCII every byte above 0x7F becomes `asciiReplacement`.
    func decode(_ bytes: UnsafeRawBufferPointer, asciiReplacement: Unicode.Scalar) -> String {
        switch self {
        case .utf8:
            return JavaUTF8.decode(bytes)
        case .latin1:
            return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
        case .ascii:
            return String(String.UnicodeScalarView(bytes.map { $0 < 0x80 ? Unicode.Scalar($0) : asciiReplacement }))
        }
    }

    /// The bytes the JVM gives the OS for a file name (`sun.jnu.encoding`): the Java string
    /// encoded in this charset.
    public func encodeFileName(_ path: String) -> [UInt8] { encode(path) }
}
