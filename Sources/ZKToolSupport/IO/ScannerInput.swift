internal import Glibc

/// Standard input the way the tools' `java.util.Scanner(System.in)` reads it, decoded with the
/// JVM's platform charset.
///
/// - ``next()`` is `Scanner.next()`: skips Java whitespace (`Character.isWhitespace`: space,
///   tab, line breaks, `\u{1C}`…`\u{1F}`, and the Unicode space separators except no-break
///   spaces), then returns the token up to the next whitespace. `yes please` is two tokens;
///   blank lines are skipped.
/// - ``nextLine()`` is `Scanner.nextLine()`: the rest of the current line without its
///   terminator (`\n`, `\r\n`, `\r`, U+0085, U+2028, U+2029; in Latin-1 U+0085 is byte 0x85,
///   in US-ASCII only the first three exist). A `\r` at the end of what has been read waits
///   for the next byte, as Scanner does, to see whether `\n` follows.
/// - ``readLine()`` is `BufferedReader.readLine()`: terminators `\n`, `\r\n` and `\r` only.
///
/// All return nil at end of input where Java throws `NoSuchElementException` (or returns null).
/// The stream given as `flushing` (stdout) is flushed before every blocking read, so prompts
/// appear first. Boundaries are found in the raw bytes: Java's UTF-8 decoder never folds a lead
/// byte or an ASCII byte into a preceding malformed sequence, so raw and decoded positions agree.
///
/// A token or line is bounded by ``maximumLength`` bytes: past it (`/dev/zero` on stdin) the
/// input counts as ended (the token or line is returned cut there) and ``overflowed`` is set,
/// where Java would grow its buffer until `OutOfMemoryError`.
public final class ScannerInput {
    /// The longest token or line kept, in bytes.
    public static let maximumLength = 1 << 20

    let fileDescriptor: Int32
    let charset: JavaPlatformCharset
    let flushing: ToolOutput?
    var buffer: [UInt8]
    var position = 0
    var atEOF: Bool
    /// Set when a token or line exceeded ``maximumLength``.
    public private(set) var overflowed = false

    /// A reader of `fileDescriptor` (0, standard input, by default).
    public init(fileDescriptor: Int32 = 0, charset: JavaPlatformCharset = .utf8, flushing: ToolOutput? = nil) {
        self.fileDescriptor = fileDescriptor
        self.charset = charset
        self.flushing = flushing
        buffer = []
        atEOF = false
    }

    /// A reader of fixed bytes (in-process runs and tests).
    public init(bytes: [UInt8], charset: JavaPlatformCharset = .utf8, flushing: ToolOutput? = nil) {
        fileDescriptor = -1
        self.charset = charset
        self.flushing = flushing
        buffer = bytes
        atEOF = true
    }

    /// `Scanner.next()`: the next whitespace-delimited token, or nil at end of input.
    public func next() -> String? {
        compact()
        // Skip delimiters.
        while true {
            if position == buffer.count && !fill() { return nil }
            guard let length = whitespaceLength(at: position) else {
                // A possibly incomplete multi-byte sequence at the end: read more first.
                if !fill() { break }
                continue
            }
            if length == 0 { break }
            position += length
            compact()
        }
        if position == buffer.count { return nil }
        // The token runs to the next delimiter or the end of input.
        var end = position
        while true {
            if end == buffer.count {
                if !fill() { break }
                continue
            }
            guard let length = whitespaceLength(at: end) else {
                if !fill() {
                    end = buffer.count
                    break
                }
                continue
            }
            if length > 0 { break }
            end += 1
        }
        return take(upTo: end, skipping: 0)
    }

    /// `Scanner.nextLine()`: the rest of the line, or nil at end of input.
    public func nextLine() -> String? {
        line(unicodeTerminators: true)
    }

    /// `BufferedReader.readLine()`: the next line, or nil at end of input.
    public func readLine() -> String? {
        line(unicodeTerminators: false)
    }

    func line(unicodeTerminators: Bool) -> String? {
        compact()
        if position == buffer.count && !fill() { return nil }
        var end = position
        while true {
            if end == buffer.count {
                if !fill() { return take(upTo: end, skipping: 0) }  // the last line, unterminated
                continue
            }
            guard let length = terminatorLength(at: end, unicode: unicodeTerminators) else {
                if !fill() { atEOF = true }
                continue
            }
            if length > 0 { return take(upTo: end, skipping: length) }
            end += 1
        }
    }

    /// The length of the line terminator at `i`, 0 if there is none, nil if more input is
    /// needed to tell.
    func terminatorLength(at i: Int, unicode: Bool) -> Int? {
        let available = buffer.count - i
        switch buffer[i] {
        case 0x0A:
            return 1
        case 0x0D:
            if available >= 2 { return buffer[i + 1] == 0x0A ? 2 : 1 }
            return atEOF ? 1 : nil
        case 0x85 where unicode && charset == .latin1:
            return 1
        case 0xC2 where unicode && charset == .utf8:
            if available >= 2 { return buffer[i + 1] == 0x85 ? 2 : 0 }
            return atEOF ? 0 : nil
        case 0xE2 where unicode && charset == .utf8:
            if available >= 3 {
                return buffer[i + 1] == 0x80 && (buffer[i + 2] == 0xA8 || buffer[i + 2] == 0xA9) ? 3 : 0
            }
            if available == 2 && buffer[i + 1] != 0x80 { return 0 }
            return atEOF ? 0 : nil
        default:
            return 0
        }
    }

    /// The byte length of the Java whitespace character at `i` (0 if none), or nil if the
    /// buffered bytes end inside a sequence that might be one.
    func whitespaceLength(at i: Int) -> Int? {
        let b = buffer[i]
        switch b {
        case 0x09...0x0D, 0x1C...0x20:
            return 1
        case 0xE1...0xE3 where charset == .utf8:
            if i + 3 > buffer.count { return atEOF ? 0 : nil }
            let b1 = buffer[i + 1]
            let b2 = buffer[i + 2]
            switch (b, b1) {
            case (0xE1, 0x9A): return b2 == 0x80 ? 3 : 0  // U+1680
            case (0xE2, 0x80):
                // U+2000...U+2006, U+2008...U+200A, U+2028, U+2029
                return (0x80...0x86).contains(b2) || (0x88...0x8A).contains(b2) || b2 == 0xA8 || b2 == 0xA9 ? 3 : 0
            case (0xE2, 0x81): return b2 == 0x9F ? 3 : 0  // U+205F
            case (0xE3, 0x80): return b2 == 0x80 ? 3 : 0  // U+3000
            default: return 0
            }
        default:
            return 0
        }
    }

    private func take(upTo end: Int, skipping terminator: Int) -> String {
        let text = buffer.withUnsafeBytes { charset.decodeInput(UnsafeRawBufferPointer(rebasing: $0[position..<end])) }
        position = end + terminator
        return text
    }

    /// Drops the consumed bytes.
    func compact() {
        if position > 0 {
            buffer.removeFirst(position)
            position = 0
        }
    }

    /// Reads more input into the buffer; false at end of input (or when the pending token or
    /// line has grown past ``maximumLength``).
    func fill() -> Bool {
        if atEOF { return false }
        if buffer.count - position > Self.maximumLength {
            overflowed = true
            atEOF = true
            return false
        }
        flushing?.flush()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fileDescriptor, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 {
                // A read error ends the input, as Scanner treats its source's IOException.
                atEOF = true
                return false
            }
            buffer.append(contentsOf: chunk[0..<n])
            return true
        }
    }
}
