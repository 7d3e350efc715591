internal import ZKStorage
internal import ZKToolSupport

/// What the comparer reads through the JVM's platform charset (ZKToolSupport's
/// `JavaPlatformCharset`, which also encodes its output). Text is carried as Java strings in
/// UTF-8 form: always valid UTF-8, since Java's decoders replace malformed input with U+FFFD.
extension JavaPlatformCharset {
    /// Bytes read from stdin as `InputStreamReader` decodes them: UTF-8 with Java's replacement
    /// rules, Latin-1 byte for byte, or US-ASCII with U+FFFD for every byte above 0x7F.
    func decodeInput(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        switch self {
        case .utf8:
            for b in bytes where b >= 0x80 { return Array(JavaUTF8.decode(bytes).utf8) }
            return Array(bytes)
        case .latin1:
            return Array(String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) })).utf8)
        case .ascii:
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            for b in bytes {
                if b < 0x80 { out.append(b) } else { out += [0xEF, 0xBF, 0xBD] }
            }
            return out
        }
    }

    /// The bytes the JVM uses to name a file (`getStringPlatformChars`): the Java string
    /// encoded in this charset.
    func encodeFileName(_ javaString: [UInt8]) -> [UInt8] {
        javaString.withUnsafeBytes { encode($0) }
    }
}
