internal import Glibc
internal import ZKToolSupport

/// Where input bytes come from.
protocol ByteSource: AnyObject {
    /// Reads up to `buffer.count` bytes; returns 0 at the end of the input (or on an error).
    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int
}

/// Reads a file descriptor. A read error counts as the end of the input, as `Scanner` treats
/// the `IOException` of its source.
final class FileDescriptorSource: ByteSource {
    let fd: Int32

    init(fd: Int32) {
        self.fd = fd
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        while true {
            let n = Glibc.read(fd, base, buffer.count)
            if n >= 0 { return n }
            if errno != EINTR { return 0 }
        }
    }
}

/// Serves fixed bytes (tests).
final class MemorySource: ByteSource {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let n = min(buffer.count, bytes.count - position)
        guard n > 0 else { return 0 }
        for k in 0..<n { buffer[k] = bytes[position + k] }
        position += n
        return n
    }
}

/// Something that hands out input lines.
protocol LineSource: AnyObject {
    /// The next line as a Java string (UTF-8 form, without its terminator), or nil when the
    /// input is exhausted (`NoSuchElementException: No line found`).
    func nextLine() -> [UInt8]?
}

/// `java.util.Scanner(System.in).nextLine()`.
///
/// Lines end at `\r\n`, `\n`, `\r`, U+0085, U+2028 or U+2029 (U+0085 is byte 0x85 in Latin-1;
/// in US-ASCII only the first three exist); the terminator is dropped. A last line without terminator is returned; at
/// the end of the input with nothing left there is no line. A `\r` at the end of what has been
/// read so far waits for the next byte, as Scanner does, to see whether `\n` follows.
///
/// The terminators are found in the raw bytes: Java's UTF-8 decoder never folds a lead byte
/// (C2, E2) or an ASCII byte into a preceding malformed sequence, so the raw positions agree
/// with the decoded ones.
final class ScannerLineReader: LineSource {
    private let source: any ByteSource
    private let charset: JavaPlatformCharset
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false
    private let chunk: Int

    init(source: any ByteSource, charset: JavaPlatformCharset, chunk: Int = 1 << 16) {
        self.source = source
        self.charset = charset
        self.chunk = chunk
    }

    func nextLine() -> [UInt8]? {
        var scan = position
        while true {
            while scan < buffer.count {
                guard let length = terminatorLength(at: scan) else { break }
                if length > 0 { return take(upTo: scan, skipping: length) }
                scan += 1
            }
            if scan >= buffer.count && atEnd {
                return position < buffer.count ? take(upTo: buffer.count, skipping: 0) : nil
            }
            // readMore may drop the consumed prefix; keep `scan` relative to the line start.
            let scanned = scan - position
            readMore()
            scan = position + scanned
        }
    }

    /// The length of the line terminator at `i`, 0 if there is none, nil if more input is needed
    /// to tell.
    private func terminatorLength(at i: Int) -> Int? {
        let b = buffer[i]
        let available = buffer.count - i
        switch b {
        case 0x0A:
            return 1
        case 0x0D:
            if available >= 2 { return buffer[i + 1] == 0x0A ? 2 : 1 }
            return atEnd ? 1 : nil
        case 0x85 where charset == .latin1:
            return 1
        case 0xC2 where charset == .utf8:
            if available >= 2 { return buffer[i + 1] == 0x85 ? 2 : 0 }
            return atEnd ? 0 : nil
        case 0xE2 where charset == .utf8:
            if available >= 3 {
                return buffer[i + 1] == 0x80 && (buffer[i + 2] == 0xA8 || buffer[i + 2] == 0xA9) ? 3 : 0
            }
            if available == 2 && buffer[i + 1] != 0x80 { return 0 }
            return atEnd ? 0 : nil
        default:
            return 0
        }
    }

    private func take(upTo end: Int, skipping terminator: Int) -> [UInt8] {
        let line = buffer.withUnsafeBytes { raw in
            charset.decodeInput(UnsafeRawBufferPointer(rebasing: raw[position..<end]))
        }
        position = end + terminator
        return line
    }

    private func readMore() {
        if position > 0 && position * 2 >= buffer.count {
            buffer.removeSubrange(0..<position)
            position = 0
        }
        let old = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: chunk))
        let n = buffer.withUnsafeMutableBytes { raw in
            source.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[old...]))
        }
        buffer.removeSubrange((old + n)...)
        if n == 0 { atEnd = true }
    }
}
