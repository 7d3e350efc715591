internal import Glibc
internal import ZKToolSupport

/// Receives the bytes an output stream produces.
protocol ByteSink: AnyObject {
    func write(_ bytes: UnsafeRawBufferPointer)
}

/// Writes to a file descriptor the way Java's `System.out` does: errors, EPIPE included, are
/// ignored (the tool keeps running and exits 0 after `| head`). SIGPIPE must be ignored by the
/// process for that; ``ComparerProcess`` does so.
final class FileDescriptorSink: ByteSink {
    let fd: Int32
    private var failed = false

    init(fd: Int32) {
        self.fd = fd
    }

    func write(_ bytes: UnsafeRawBufferPointer) {
        guard !failed, var p = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            let n = Glibc.write(fd, p, left)
            if n > 0 {
                p += n
                left -= n
            } else if n < 0 && errno == EINTR {
                continue
            } else if n < 0 && errno == EAGAIN {
                var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                _ = poll(&pfd, 1, -1)
            } else {
                // Java's PrintStream swallows the IOException; so do we, and stop trying.
                failed = true
                return
            }
        }
    }
}

/// Collects everything written (tests, and anything that wants the text in memory).
final class MemorySink: ByteSink {
    private(set) var bytes: [UInt8] = []

    init() {}

    func write(_ bytes: UnsafeRawBufferPointer) {
        self.bytes.append(contentsOf: bytes)
    }
}

/// Java's `PrintStream` as `System.out`/`System.err` use it: text is Java strings in UTF-8 form,
/// encoded on the way out by the JVM's default charset; `println` ends lines with `\n`.
///
/// Java flushes on every `println`. Here output is buffered and flushed when the buffer is full,
/// before anything is written to the other stream and before stdin is read; the bytes and their
/// interleaving with stderr and with prompts are the same.
final class JavaPrintStream {
    private let sink: any ByteSink
    private let charset: JavaPlatformCharset
    private var buffer: [UInt8] = []
    private let limit: Int

    init(sink: any ByteSink, charset: JavaPlatformCharset, bufferSize: Int = 1 << 16) {
        self.sink = sink
        self.charset = charset
        self.limit = bufferSize
        buffer.reserveCapacity(bufferSize + 256)
    }

    /// Appends ASCII text.
    func print(_ text: StaticString) {
        text.withUTF8Buffer { buffer.append(contentsOf: $0) }
        flushIfFull()
    }

    /// Appends a Java string (valid UTF-8), encoded for the output charset.
    func print(javaString text: UnsafeRawBufferPointer) {
        charset.appendEncoded(text, to: &buffer)
        flushIfFull()
    }

    func print(javaString text: [UInt8]) {
        text.withUnsafeBytes { print(javaString: $0) }
    }

    /// Appends `String.format("%d", value)` in an English locale.
    func print(_ value: Int64) {
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        let start = buffer.count
        repeat {
            buffer.append(UInt8(truncatingIfNeeded: magnitude % 10) &+ 0x30)
            magnitude /= 10
        } while magnitude > 0
        buffer[start...].reverse()
    }

    func print(_ value: Int) { print(Int64(value)) }

    func print(_ value: Int32) { print(Int64(value)) }

    /// Appends `String.format("%f", seconds)`: six decimals, rounded half up, English locale.
    func printSeconds(_ seconds: Double) {
        let micros = Int64((max(seconds, 0) * 1_000_000).rounded(.toNearestOrAwayFromZero))
        print(micros / 1_000_000)
        buffer.append(UInt8(ascii: "."))
        let fraction = micros % 1_000_000
        var divisor: Int64 = 100_000
        while divisor > 0 {
            buffer.append(UInt8(truncatingIfNeeded: (fraction / divisor) % 10) &+ 0x30)
            divisor /= 10
        }
    }

    /// Ends the line (`println`).
    func newline() {
        buffer.append(0x0A)
        flushIfFull()
    }

    func println(_ text: StaticString) {
        print(text)
        newline()
    }

    @inline(__always)
    private func flushIfFull() {
        if buffer.count >= limit { flush() }
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { sink.write($0) }
        buffer.removeAll(keepingCapacity: true)
    }
}
