internal import Glibc
internal import ZKToolSupport

/// Java's `System.out` as this tool sees it, but buffered: bytes are collected in one large
/// buffer and written with few `write(2)` calls.
///
/// Java flushes after every `println`; the only observable difference is interleaving with
/// stderr, so everything that writes to stderr calls ``flush()`` first (see ``ErrorOutput``).
/// Write errors are ignored, as `PrintStream` ignores them: with a closed pipe (`| head`) the
/// tool keeps going and exits 0 (SIGPIPE is ignored in `main`).
final class OutputSink {
    let fd: Int32
    let capacity: Int
    private(set) var base: UnsafeMutablePointer<UInt8>
    /// Bytes in the buffer.
    var count = 0
    /// Set once a write fails; later output is dropped.
    private(set) var failed = false

    init(fd: Int32, capacity: Int = 1 << 20) {
        self.fd = fd
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    /// Makes room for `n` more bytes (`n` must not exceed `capacity`).
    @inline(__always)
    func reserve(_ n: Int) {
        if count &+ n > capacity { flush() }
    }

    /// Writes the buffer out.
    func flush() {
        var offset = 0
        while offset < count && !failed {
            let n = write(fd, base + offset, count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                failed = true
                break
            }
            offset += n
        }
        count = 0
    }

    // MARK: - Unchecked appends (call `reserve` first)

    @inline(__always)
    func put(_ byte: UInt8) {
        base[count] = byte
        count &+= 1
    }

    @inline(__always)
    func put(_ bytes: UnsafeRawBufferPointer) {
        guard let src = bytes.baseAddress, bytes.count > 0 else { return }
        UnsafeMutableRawPointer(base + count).copyMemory(from: src, byteCount: bytes.count)
        count &+= bytes.count
    }

    @inline(__always)
    func put(_ text: StaticString) {
        put(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Decimal, with a leading `-` for negative values (Java's `"" + n` and `%d` in en/C locales).
    @inline(__always)
    func putDecimal(_ value: Int64) {
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

    @inline(__always)
    func putDecimal(_ value: Int32) { putDecimal(Int64(value)) }

    /// `String.format("%#016x", v)`: `0x` and lowercase hex digits, zero-padded to a total width
    /// of 16 (at least 14 digits); negative values show all 16 digits of two's complement.
    @inline(__always)
    func putHexPadded(_ value: Int64) {
        put(UInt8(ascii: "0"))
        put(UInt8(ascii: "x"))
        let bits = UInt64(bitPattern: value)
        let significant = max((64 &- bits.leadingZeroBitCount &+ 3) / 4, 14)
        putHexDigits(bits, count: significant)
    }

    /// `Long.toHexString(v)`: lowercase two's complement hex without leading zeros.
    @inline(__always)
    func putHex(_ value: Int64) {
        let bits = UInt64(bitPattern: value)
        putHexDigits(bits, count: max((64 &- bits.leadingZeroBitCount &+ 3) / 4, 1))
    }

    @inline(__always)
    private func putHexDigits(_ bits: UInt64, count digits: Int) {
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

    /// Appends any number of bytes, flushing as needed.
    func append(_ bytes: UnsafeRawBufferPointer) {
        var offset = 0
        while offset < bytes.count {
            if count == capacity { flush() }
            let n = min(capacity - count, bytes.count - offset)
            put(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + n)]))
            offset += n
        }
    }

    func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    func append(_ text: StaticString) {
        append(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// `java.util.Base64.getEncoder().encodeToString(data)`: RFC 4648 alphabet, `=` padding,
    /// no line breaks. Any size; flushes as needed.
    func appendBase64(_ data: UnsafeRawBufferPointer) {
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

    @inline(__always)
    private func encodeBase64(_ src: UnsafePointer<UInt8>, _ n: Int) {
        Base64Alphabet.table.withUnsafeBufferPointer { table in
            var i = 0
            var out = count
            while i &+ 3 <= n {
                let v = UInt32(src[i]) << 16 | UInt32(src[i &+ 1]) << 8 | UInt32(src[i &+ 2])
                base[out] = table[Int(v >> 18)]
                base[out &+ 1] = table[Int((v >> 12) & 0x3F)]
                base[out &+ 2] = table[Int((v >> 6) & 0x3F)]
                base[out &+ 3] = table[Int(v & 0x3F)]
                out &+= 4
                i &+= 3
            }
            let rest = n &- i
            if rest == 1 {
                let v = UInt32(src[i]) << 16
                base[out] = table[Int(v >> 18)]
                base[out &+ 1] = table[Int((v >> 12) & 0x3F)]
                base[out &+ 2] = UInt8(ascii: "=")
                base[out &+ 3] = UInt8(ascii: "=")
                out &+= 4
            } else if rest == 2 {
                let v = UInt32(src[i]) << 16 | UInt32(src[i &+ 1]) << 8
                base[out] = table[Int(v >> 18)]
                base[out &+ 1] = table[Int((v >> 12) & 0x3F)]
                base[out &+ 2] = table[Int((v >> 6) & 0x3F)]
                base[out &+ 3] = UInt8(ascii: "=")
                out &+= 4
            }
            count = out
        }
    }
}

private enum Base64Alphabet {
    static let table: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
}

/// Java's `System.err`: one line at a time, after flushing stdout so that `2>&1` shows the
/// same interleaving as Java's unbuffered output.
struct ErrorOutput {
    let stdout: OutputSink

    /// Writes one diagnostic line of this tool's own (an error or warning): control
    /// characters from file names and node paths are escaped so that it stays one line.
    func diagnostic(_ text: String) {
        line(Array(OneLineError.escapingControls(text).utf8))
    }

    /// Writes `bytes` and a newline to stderr.
    func line(_ bytes: [UInt8]) {
        stdout.flush()
        var bytes = bytes
        bytes.append(0x0A)
        bytes.withUnsafeBytes { raw in
            guard let start = raw.baseAddress else { return }
            var offset = 0
            while offset < raw.count {
                let n = write(2, start + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += n
            }
        }
    }
}
