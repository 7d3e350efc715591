internal import Glibc

/// Java's `System.out` or `System.err` as the tools see it: one buffered byte stream with
/// Java's number text, written to a file descriptor or collected in memory (in-process tests).
///
/// - Bytes go into one buffer and out with few `write(2)` calls: when the buffer is full
///   (unless the stream holds whole lines, see ``init(fileDescriptor:capacity:flushesWhenFull:charset:flushingFirst:)``),
///   on ``flush()``, and at exit (``ToolMain`` flushes). Java flushes every `println`; the
///   only observable difference would be interleaving, so a stream given `flushingFirst`
///   (stderr) flushes that stream (stdout) before it writes anything, and ``ScannerInput``
///   flushes stdout before it blocks on a read.
/// - Java's `PrintStream` swallows write errors: `tool | head -1` runs to the end and exits
///   normally (SIGPIPE is ignored by ``ToolMain``). After the first failed write all further
///   output is dropped and ``writeFailed`` is set, so a tool can add a warning.
///
/// Two ways to append: *checked* (`append…`, `line`), which make room themselves, and the
/// hot-loop *unchecked* `put…`, which need a preceding ``reserve(_:)`` of enough bytes.
/// Single-threaded; not synchronised.
public final class ToolOutput {
    /// Where flushed bytes go: a file descriptor, or memory (`fd == -1`).
    let fileDescriptor: Int32
    /// The capacity at which a stream that flushes when full writes out.
    public let capacity: Int
    /// Whether ``reserve(_:)`` may write the buffer out; when false it grows instead, so a
    /// caller can take back a partly rendered line (``truncate(to:)``) and flushes itself.
    public var flushesWhenFull: Bool
    /// The charset of Java strings written with ``appendJavaString(_:)``.
    public let charset: JavaPlatformCharset
    /// The stream flushed before this one writes (stdout, for stderr).
    let flushingFirst: ToolOutput?
    /// The buffer's position, base and size. They live behind a pointer held in a `let`, so the
    /// hot `put` paths read and write them without the runtime exclusivity checks a class's
    /// stored `var`s get (about a fifth of the formatter's instructions otherwise), and can be
    /// inlined into other modules.
    @usableFromInline
    struct Buffer {
        @usableFromInline var base: UnsafeMutablePointer<UInt8>
        @usableFromInline var allocated: Int
        @usableFromInline var count: Int
    }

    @usableFromInline let buffer: UnsafeMutablePointer<Buffer>

    @usableFromInline var base: UnsafeMutablePointer<UInt8> {
        @inline(__always) get { buffer.pointee.base }
        @inline(__always) set { buffer.pointee.base = newValue }
    }

    @usableFromInline var allocated: Int {
        @inline(__always) get { buffer.pointee.allocated }
        @inline(__always) set { buffer.pointee.allocated = newValue }
    }

    /// Bytes in the buffer.
    public internal(set) var count: Int {
        @inlinable @inline(__always) get { buffer.pointee.count }
        @inlinable @inline(__always) set { buffer.pointee.count = newValue }
    }
    /// Set once a write failed; later output is dropped (Java's `PrintStream.checkError()`).
    public private(set) var writeFailed = false
    /// The `errno` of the failed write.
    public private(set) var writeErrno: Int32 = 0
    /// Everything a memory stream has flushed.
    public private(set) var written: [UInt8] = []

    /// A stream writing to `fileDescriptor`.
    /// - Parameters:
    ///   - flushesWhenFull: false for a stream whose caller renders whole lines and flushes
    ///     between them (the buffer then grows to hold a line).
    ///   - flushingFirst: a stream to flush before every write of this one.
    public init(
        fileDescriptor: Int32,
        capacity: Int = 1 << 20,
        flushesWhenFull: Bool = true,
        charset: JavaPlatformCharset = .utf8,
        flushingFirst: ToolOutput? = nil
    ) {
        self.fileDescriptor = fileDescriptor
        self.capacity = max(capacity, 256)
        self.flushesWhenFull = flushesWhenFull
        self.charset = charset
        self.flushingFirst = flushingFirst
        buffer = .allocate(capacity: 1)
        buffer.initialize(to: Buffer(base: .allocate(capacity: self.capacity), allocated: self.capacity, count: 0))
    }

    /// A stream that collects its output in ``written`` (for in-process tests).
    public static func memory(
        charset: JavaPlatformCharset = .utf8,
        capacity: Int = 1 << 16,
        flushingFirst: ToolOutput? = nil
    ) -> ToolOutput {
        ToolOutput(fileDescriptor: -1, capacity: capacity, charset: charset, flushingFirst: flushingFirst)
    }

    deinit {
        buffer.pointee.base.deallocate()
        buffer.deinitialize(count: 1)
        buffer.deallocate()
    }

    /// The bytes buffered and not yet written.
    public var pending: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// The last buffered byte.
    public var last: UInt8? { count > 0 ? base[count &- 1] : nil }

    /// Drops everything buffered after the first `mark` bytes (a line that failed to render).
    public func truncate(to mark: Int) {
        if mark >= 0 && mark < count { count = mark }
    }

    /// Makes room for `n` more bytes: writes the buffer out when it is full (or grows it, for
    /// a stream that does not flush when full, or for `n` larger than the capacity).
    @inlinable @inline(__always)
    public func reserve(_ n: Int) {
        if count &+ n > allocated { makeRoom(n) }
    }

    @usableFromInline
    func makeRoom(_ n: Int) {
        if flushesWhenFull { flush() }
        guard count &+ n > allocated else { return }
        var newSize = allocated
        while newSize < count &+ n { newSize = newSize &* 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: newSize)
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        allocated = newSize
    }

    /// Writes the buffer out when it holds at least ``capacity`` bytes (between lines).
    @inlinable @inline(__always)
    public func flushIfFull() {
        if count >= capacity { flush() }
    }

    /// Writes everything buffered.
    public func flush() {
        guard count > 0 else { return }
        flushingFirst?.flush()
        if fileDescriptor < 0 {
            written.append(contentsOf: UnsafeBufferPointer(start: base, count: count))
        } else if !writeFailed && !Self.writeAll(fileDescriptor, UnsafeRawBufferPointer(start: base, count: count)) {
            writeFailed = true
            writeErrno = errno
        }
        count = 0
    }

    /// What went wrong writing this stream, for a `warning:` line: nil when all was written, or
    /// when the reader went away (EPIPE: `| head`, which Java and every tool here take quietly).
    public var writeProblem: String? {
        guard writeFailed, writeErrno != EPIPE else { return nil }
        let reason = strerror(writeErrno).map { String(cString: $0) } ?? "errno \(writeErrno)"
        return "standard output could not be written (\(reason)); the output is incomplete"
    }

    /// Writes all of `bytes` to `fd`, retrying short writes, `EINTR` and `EAGAIN`; false on any
    /// other error.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        guard var p = bytes.baseAddress else { return true }
        var left = bytes.count
        while left > 0 {
            let n = write(fd, p, left)
            if n > 0 {
                p += n
                left -= n
            } else if n < 0 && errno == EINTR {
                continue
            } else if n < 0 && errno == EAGAIN {
                var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                _ = poll(&pfd, 1, -1)
            } else {
                return false
            }
        }
        return true
    }

    // MARK: - Unchecked appends (call `reserve` first)

    @inlinable @inline(__always)
    public func put(_ byte: UInt8) {
        base[count] = byte
        count &+= 1
    }

    @inlinable @inline(__always)
    public func put(_ bytes: UnsafeRawBufferPointer) {
        guard let src = bytes.baseAddress, bytes.count > 0 else { return }
        UnsafeMutableRawPointer(base + count).copyMemory(from: src, byteCount: bytes.count)
        count &+= bytes.count
    }

    @inlinable @inline(__always)
    public func put(_ text: StaticString) {
        put(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// `String.valueOf(long)`, `"" + n` and `%d` in en/C locales (at most 20 bytes).
    @inlinable @inline(__always)
    public func putDecimal(_ value: Int64) {
        var magnitude = value.magnitude
        if value < 0 { put(UInt8(ascii: "-")) }
        if magnitude < 10 {
            put(UInt8(truncatingIfNeeded: magnitude) &+ 0x30)
            return
        }
        var digits = 0
        var probe = magnitude
        while probe > 0 {
            digits &+= 1
            probe /= 10
        }
        var position = count &+ digits
        count = position
        while magnitude > 0 {
            position &-= 1
            base[position] = UInt8(truncatingIfNeeded: magnitude % 10) &+ 0x30
            magnitude /= 10
        }
    }

    @inlinable @inline(__always)
    public func putDecimal(_ value: Int32) { putDecimal(Int64(value)) }

    /// `String.format("%#016x", v)`: `0x` and lowercase hex digits, zero-padded to a total width
    /// of 16 (at least 14 digits); negative values show all 16 digits of two's complement.
    @inlinable @inline(__always)
    public func putHexPadded(_ value: Int64) {
        put(UInt8(ascii: "0"))
        put(UInt8(ascii: "x"))
        let bits = UInt64(bitPattern: value)
        putHexDigits(bits, count: max((64 &- bits.leadingZeroBitCount &+ 3) / 4, 14))
    }

    /// `Long.toHexString(v)`: lowercase two's complement hex without leading zeros.
    @inlinable @inline(__always)
    public func putHex(_ value: Int64) {
        let bits = UInt64(bitPattern: value)
        putHexDigits(bits, count: max((64 &- bits.leadingZeroBitCount &+ 3) / 4, 1))
    }

    @inlinable @inline(__always)
    func putHexDigits(_ bits: UInt64, count digits: Int) {
        var position = count &+ digits
        count = position
        var rest = bits
        for _ in 0..<digits {
            position &-= 1
            let nibble = UInt8(truncatingIfNeeded: rest & 0xF)
            base[position] = nibble < 10 ? nibble &+ 0x30 : nibble &+ 0x57
            rest >>= 4
        }
    }

    // MARK: - Checked appends

    /// Appends one byte.
    @inlinable @inline(__always)
    public func append(_ byte: UInt8) {
        reserve(1)
        put(byte)
    }

    /// Appends any number of bytes.
    public func append(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        if bytes.count <= capacity || !flushesWhenFull {
            reserve(bytes.count)
            put(bytes)
            return
        }
        flush()
        var offset = 0
        while offset < bytes.count {
            let n = min(capacity, bytes.count - offset)
            reserve(n)
            put(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + n)]))
            offset += n
        }
    }

    public func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    public func append(_ text: StaticString) {
        append(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends a Swift string's UTF-8 bytes as they are (text of our own, already in the
    /// output's form).
    public func append(string: String) {
        var text = string
        text.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// Appends a Java string held as valid UTF-8, encoded in the stream's charset (`print(s)`).
    public func appendJavaString(_ text: UnsafeRawBufferPointer) {
        if charset == .utf8 {
            append(text)
        } else {
            append(charset.encode(text))
        }
    }

    public func appendJavaString(_ text: [UInt8]) {
        text.withUnsafeBytes { appendJavaString($0) }
    }

    public func appendJavaString(_ text: String) {
        var text = text
        text.withUTF8 { appendJavaString(UnsafeRawBufferPointer($0)) }
    }

    /// `print(long)`.
    public func appendDecimal(_ value: Int64) {
        reserve(20)
        putDecimal(value)
    }

    /// `Long.toHexString(v)`.
    public func appendHex(_ value: Int64) {
        reserve(16)
        putHex(value)
    }

    /// `String.format("%f", v)`: six decimals, rounded half up, English locale.
    public func appendFixed(_ value: Double) {
        append(string: JavaFormat.fixed(value))
    }

    /// `println(s)` for a Java string: the text in the stream's charset and `\n`; a stream
    /// that writes after flushing another (stderr) writes the line at once.
    public func line(_ text: String) {
        appendJavaString(text)
        endLine()
    }

    /// Writes `bytes` (already in the output charset) and `\n`.
    public func line(bytes: [UInt8]) {
        append(bytes)
        endLine()
    }

    /// `println()`: `\n`, written at once on stderr.
    public func endLine() {
        append(UInt8(ascii: "\n"))
        if flushingFirst != nil { flush() }
    }

    /// `java.util.Base64.getEncoder().encodeToString(data)`: RFC 4648 alphabet, `=` padding,
    /// no line breaks. Any size; flushes as needed.
    public func appendBase64(_ data: UnsafeRawBufferPointer) {
        guard let src = data.baseAddress?.assumingMemoryBound(to: UInt8.self), data.count > 0 else { return }
        let total = data.count
        var offset = 0
        // 3 input bytes -> 4 output bytes; work in chunks that fit the buffer.
        let chunk = max((capacity / 4) * 3 - 3, 3)
        while offset < total {
            let n = min(chunk, total - offset)
            reserve((n + 2) / 3 * 4)
            encodeBase64(src + offset, n)
            offset += n
        }
    }

    /// The buffer and the table are read once: a store through `base[…]` may alias the
    /// buffer's position and base (behind ``buffer``), so they would be reloaded per byte.
    @inline(__always)
    private func encodeBase64(_ src: UnsafePointer<UInt8>, _ n: Int) {
        let start = count
        let dst = base + start
        Self.base64Table.withUnsafeBufferPointer { table in
            var i = 0
            var o = 0
            @inline(__always) func symbol(_ v: UInt32) -> UInt8 { table[Int(v & 0x3F)] }
            while i &+ 3 <= n {
                let v = UInt32(src[i]) << 16 | UInt32(src[i &+ 1]) << 8 | UInt32(src[i &+ 2])
                dst[o] = symbol(v >> 18)
                dst[o &+ 1] = symbol(v >> 12)
                dst[o &+ 2] = symbol(v >> 6)
                dst[o &+ 3] = symbol(v)
                o &+= 4
                i &+= 3
            }
            let rest = n &- i
            if rest > 0 {
                let v = UInt32(src[i]) << 16 | (rest == 2 ? UInt32(src[i &+ 1]) << 8 : 0)
                dst[o] = symbol(v >> 18)
                dst[o &+ 1] = symbol(v >> 12)
                dst[o &+ 2] = rest == 2 ? symbol(v >> 6) : UInt8(ascii: "=")
                dst[o &+ 3] = UInt8(ascii: "=")
                o &+= 4
            }
            count = start &+ o
        }
    }

    private static let base64Table: [UInt8] = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8
    )
}

/// The standard streams of one tool run: Java's `System.out`, `System.err` (which flushes
/// `out` before it writes) and `System.in`, and the JVM's platform charset.
public struct ToolIO {
    public let out: ToolOutput
    public let err: ToolOutput
    public let input: ScannerInput
    public let charset: JavaPlatformCharset

    public init(out: ToolOutput, err: ToolOutput, input: ScannerInput, charset: JavaPlatformCharset) {
        self.out = out
        self.err = err
        self.input = input
        self.charset = charset
    }

    /// The process's descriptors 0, 1 and 2 in `charset`.
    public static func standard(charset: JavaPlatformCharset) -> ToolIO {
        let out = ToolOutput(fileDescriptor: 1, charset: charset)
        let err = ToolOutput(fileDescriptor: 2, capacity: 4096, charset: charset, flushingFirst: out)
        return ToolIO(
            out: out,
            err: err,
            input: ScannerInput(fileDescriptor: 0, charset: charset, flushing: out),
            charset: charset
        )
    }

    /// Memory streams (``ToolOutput/written``) and `stdin` as the input, for in-process runs.
    public static func memory(stdin: [UInt8] = [], charset: JavaPlatformCharset = .utf8) -> ToolIO {
        let out = ToolOutput.memory(charset: charset)
        let err = ToolOutput.memory(charset: charset, capacity: 4096, flushingFirst: out)
        return ToolIO(
            out: out,
            err: err,
            input: ScannerInput(bytes: stdin, charset: charset, flushing: out),
            charset: charset
        )
    }

    /// Writes one diagnostic line of the tool's own (an error or a `warning:`) on stderr,
    /// control characters escaped so that it stays one line.
    public func diagnostic(_ text: String) {
        err.line(ToolError.escapingControls(text))
    }

    /// Flushes both streams.
    public func flush() {
        out.flush()
        err.flush()
    }
}
