internal import Glibc
import ZKStorage

/// Reads standard input the way the tools' `java.util.Scanner(System.in)` does.
///
/// - ``next()`` is `Scanner.next()`: skips Java whitespace (`Character.isWhitespace`: space,
///   tab, line breaks, `\u{1C}`…`\u{1F}`, and the Unicode space separators except no-break
///   spaces), then returns the token up to the next whitespace. `yes please` is two tokens;
///   blank lines are skipped.
/// - ``nextLine()`` is `Scanner.nextLine()`: the rest of the current line without its
///   terminator (`\n`, `\r\n`, `\r`, U+0085, U+2028, U+2029).
/// - ``readLine()`` is `BufferedReader.readLine()`: terminators `\n`, `\r\n` and `\r` only.
///
/// All return nil at end of input where Java throws `NoSuchElementException` (or returns
/// null). Standard output is flushed before every blocking read, so prompts appear first.
/// Bytes are decoded as UTF-8 with Java's replacement rules.
public final class StandardInput {
    let fileDescriptor: Int32
    var buffer: [UInt8] = []
    var position = 0
    var atEOF = false

    /// A reader of file descriptor `fileDescriptor` (0, standard input, by default).
    public init(fileDescriptor: Int32 = 0) {
        self.fileDescriptor = fileDescriptor
    }

    /// `Scanner.next()`: the next whitespace-delimited token, or nil at end of input.
    public func next() -> String? {
        compact()
        // Skip delimiters.
        while true {
            if position == buffer.count && !fill() {
                return nil
            }
            guard let length = whitespaceLength(at: position) else {
                // A possibly incomplete multi-byte sequence at the end: read more first.
                if !fill() {
                    break
                }
                continue
            }
            if length == 0 {
                break
            }
            position += length
        }
        if position == buffer.count {
            return nil
        }
        // The token runs to the next delimiter or the end of input.
        var end = position
        while true {
            if end == buffer.count {
                if !fill() {
                    break
                }
                continue
            }
            guard let length = whitespaceLength(at: end) else {
                if !fill() {
                    end = buffer.count
                    break
                }
                continue
            }
            if length > 0 {
                break
            }
            end += 1
        }
        let token = buffer[position..<end].withUnsafeBytes { JavaUTF8.decode($0) }
        position = end
        return token
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
        if position == buffer.count && !fill() {
            return nil
        }
        var end = position
        while true {
            if end == buffer.count {
                if !fill() {
                    // The last line has no terminator.
                    let text = buffer[position..<end].withUnsafeBytes { JavaUTF8.decode($0) }
                    position = end
                    return text
                }
                continue
            }
            let b = buffer[end]
            var terminator = 0
            if b == 0x0A {
                terminator = 1
            } else if b == 0x0D {
                // "\r\n" is one terminator; look ahead (reading more if needed).
                if end + 1 == buffer.count && !atEOF {
                    _ = fill()
                }
                terminator = end + 1 < buffer.count && buffer[end + 1] == 0x0A ? 2 : 1
            } else if unicodeTerminators && (b == 0xC2 || b == 0xE2) {
                let needed = b == 0xC2 ? 2 : 3
                while end + needed > buffer.count && fill() {}
                if b == 0xC2 && end + 1 < buffer.count && buffer[end + 1] == 0x85 {
                    terminator = 2
                } else if b == 0xE2 && end + 2 < buffer.count && buffer[end + 1] == 0x80
                    && (buffer[end + 2] == 0xA8 || buffer[end + 2] == 0xA9)
                {
                    terminator = 3
                }
            }
            if terminator > 0 {
                let text = buffer[position..<end].withUnsafeBytes { JavaUTF8.decode($0) }
                position = end + terminator
                return text
            }
            end += 1
        }
    }

    /// The byte length of the Java whitespace character at `i` (0 if none), or nil if the
    /// buffered bytes end inside a sequence that might be one.
    func whitespaceLength(at i: Int) -> Int? {
        let b = buffer[i]
        switch b {
        case 0x09...0x0D, 0x1C...0x20:
            return 1
        case 0xE1, 0xE2, 0xE3:
            if i + 3 > buffer.count {
                return atEOF ? 0 : nil
            }
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

    /// Drops the consumed bytes.
    func compact() {
        if position > 0 {
            buffer.removeFirst(position)
            position = 0
        }
    }

    /// Reads more input into the buffer; false at end of input.
    func fill() -> Bool {
        if atEOF {
            return false
        }
        StandardOutput.shared.flush()
        var chunk = [UInt8](repeating: 0, count: 8192)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fileDescriptor, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR {
                continue
            }
            if n <= 0 {
                atEOF = true
                return false
            }
            buffer.append(contentsOf: chunk[0..<n])
            return true
        }
    }
}
