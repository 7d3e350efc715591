internal import ZKToolSupport

/// Writes `zkdata`'s JSON records straight into a byte buffer: keys in the order they are
/// written, no pretty-printing, no per-value allocation (shared/docs/zkdata-spec.md, "Records").
///
/// - 64-bit ids and zxids are hex strings (`"0x1000018c8c10000"`): session ids exceed 2^53.
/// - Times are ISO-8601 UTC with milliseconds; callers add `time_ms` beside them.
/// - Node data is `{"len": N, "b64": "…"}` (`{"len": -1}` for null), plus `"utf8"` when asked
///   for and the bytes are valid UTF-8.
/// - Strings that are not valid UTF-8 (paths are Java strings, usually UTF-8) are written with
///   U+FFFD for each bad byte, so every line is valid JSON.
struct JSONWriter {
    /// The encoded bytes so far.
    var bytes: [UInt8] = []
    /// One bit per open container: set once it holds a member (a comma goes before the next).
    private var hasMember: UInt64 = 0
    private var depth = 0

    init(capacity: Int = 1 << 16) {
        bytes.reserveCapacity(capacity)
    }

    // MARK: Structure

    mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        push()
    }

    mutating func endObject() {
        pop()
        bytes.append(UInt8(ascii: "}"))
    }

    mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        push()
    }

    mutating func endArray() {
        pop()
        bytes.append(UInt8(ascii: "]"))
    }

    /// Drops everything after the first `count` bytes (a record taken back, or bytes handed to
    /// stdout). `count` must be a record boundary, where no container is open.
    mutating func truncate(to count: Int) {
        if count < bytes.count { bytes.removeSubrange(count...) }
        hasMember = 0
        depth = 0
    }

    /// Ends a top-level record (NDJSON: one object per line).
    mutating func endLine() {
        bytes.append(0x0A)
        hasMember = 0
        depth = 0
    }

    /// Writes `"name":`; the next value belongs to it.
    mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        // The value that follows must not get a comma of its own.
        if depth > 0 { hasMember &= ~(1 << UInt64(depth - 1)) }
    }

    // MARK: Values

    mutating func int(_ value: Int64) {
        separate()
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
        }
        appendDecimal(value.magnitude)
    }

    mutating func int(_ value: Int) { int(Int64(value)) }

    mutating func int(_ value: Int32) { int(Int64(value)) }

    /// A 64-bit id as a lowercase hex string, `"0x…"` (two's complement for negatives, as
    /// `Long.toHexString` prints them).
    mutating func hex(_ value: Int64) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        appendHexDigits(UInt64(bitPattern: value))
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func bool(_ value: Bool) {
        separate()
        value ? append("true") : append("false")
    }

    mutating func null() {
        separate()
        append("null")
    }

    /// An ISO-8601 UTC time with milliseconds.
    mutating func time(millis: Int64) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        ISOTime.append(millis: millis, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { string(UnsafeRawBufferPointer($0)) }
    }

    mutating func string(_ value: StaticString) {
        value.withUTF8Buffer { string(UnsafeRawBufferPointer($0)) }
    }

    /// A string from bytes that should be UTF-8 (bad bytes become U+FFFD).
    mutating func string(_ utf8: UnsafeRawBufferPointer) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        appendEscaped(utf8)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Node data: `{"len":N,"b64":"…"}`, `{"len":-1}` for null; with `utf8`, also
    /// `"utf8":"…"` when the bytes are valid UTF-8.
    mutating func data(_ data: UnsafeRawBufferPointer?, utf8: Bool) {
        beginObject()
        key("len")
        guard let data else {
            int(-1)
            endObject()
            return
        }
        int(data.count)
        key("b64")
        separate()
        bytes.append(UInt8(ascii: "\""))
        Base64.append(data, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
        if utf8, UTF8Check.isValid(data) {
            key("utf8")
            string(data)
        }
        endObject()
    }

    /// `"name":value`.
    mutating func member(_ name: StaticString, _ value: Int) {
        key(name)
        int(value)
    }

    /// `"name":"value"`.
    mutating func member(_ name: StaticString, _ value: String) {
        key(name)
        string(value)
    }

    // MARK: Internals

    private mutating func push() {
        depth += 1
        hasMember &= ~(1 << UInt64(depth - 1))
    }

    private mutating func pop() {
        depth -= 1
        if depth > 0 { hasMember |= 1 << UInt64(depth - 1) }
    }

    /// A comma before the second and later members of the open container.
    @inline(__always)
    private mutating func separate() {
        guard depth > 0 else { return }
        let bit: UInt64 = 1 << UInt64(depth - 1)
        if hasMember & bit != 0 {
            bytes.append(UInt8(ascii: ","))
        }
        hasMember |= bit
    }

    private mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private mutating func appendDecimal(_ value: UInt64) {
        var count = 1
        var rest = value / 10
        while rest > 0 {
            count += 1
            rest /= 10
        }
        let end = bytes.count + count
        for _ in 0..<count { bytes.append(0) }
        var v = value
        var i = end - 1
        repeat {
            bytes[i] = UInt8(ascii: "0") + UInt8(v % 10)
            v /= 10
            i -= 1
        } while v > 0
    }

    private mutating func appendHexDigits(_ value: UInt64) {
        bytes.append(UInt8(ascii: "0"))
        bytes.append(UInt8(ascii: "x"))
        var shift = 60
        while shift > 0, (value >> UInt64(shift)) & 0xF == 0 { shift -= 4 }
        while shift >= 0 {
            let nibble = UInt8((value >> UInt64(shift)) & 0xF)
            bytes.append(nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10)
            shift -= 4
        }
    }

    private mutating func appendEscaped(_ utf8: UnsafeRawBufferPointer) {
        var i = 0
        let n = utf8.count
        while i < n {
            // Copy the longest run of bytes that need no escape in one go.
            var j = i
            while j < n {
                let c = utf8[j]
                if c < 0x20 || c >= 0x80 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") { break }
                j += 1
            }
            if j > i {
                bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: utf8[i..<j]))
                i = j
                continue
            }
            let b = utf8[i]
            if b >= 0x20, b < 0x80, b != UInt8(ascii: "\""), b != UInt8(ascii: "\\") {
                bytes.append(b)
                i += 1
                continue
            }
            if b < 0x80 {
                bytes.append(UInt8(ascii: "\\"))
                switch b {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(b)
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                default:
                    append("u00")
                    bytes.append(Self.hexDigit(b >> 4))
                    bytes.append(Self.hexDigit(b & 0xF))
                }
                i += 1
                continue
            }
            let length = UTF8Check.sequenceLength(utf8, at: i)
            if length > 0 {
                for k in i..<(i + length) { bytes.append(utf8[k]) }
                i += length
            } else {
                bytes.append(contentsOf: [0xEF, 0xBF, 0xBD])
                i += 1
            }
        }
    }

    private static func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? 0x30 + v : 0x61 + v - 10 }
}

/// Strict UTF-8 validation (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF).
enum UTF8Check {
    /// True when all of `bytes` is valid UTF-8.
    static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        while i < bytes.count {
            // ASCII eight bytes at a time.
            if i + 8 <= bytes.count,
                bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0
            {
                i += 8
                continue
            }
            if bytes[i] < 0x80 {
                i += 1
                continue
            }
            let length = sequenceLength(bytes, at: i)
            guard length > 0 else { return false }
            i += length
        }
        return true
    }

    /// The length of the valid multi-byte sequence starting at `i`, or 0.
    static func sequenceLength(_ b: UnsafeRawBufferPointer, at i: Int) -> Int {
        let lead = b[i]
        let n = b.count
        func cont(_ k: Int) -> Bool { k < n && b[k] & 0xC0 == 0x80 }
        switch lead {
        case 0xC2...0xDF:
            return cont(i + 1) ? 2 : 0
        case 0xE0...0xEF:
            guard cont(i + 1), cont(i + 2) else { return 0 }
            let second = b[i + 1]
            if lead == 0xE0, second < 0xA0 { return 0 }
            if lead == 0xED, second > 0x9F { return 0 }
            return 3
        case 0xF0...0xF4:
            guard cont(i + 1), cont(i + 2), cont(i + 3) else { return 0 }
            let second = b[i + 1]
            if lead == 0xF0, second < 0x90 { return 0 }
            if lead == 0xF4, second > 0x8F { return 0 }
            return 4
        default:
            return 0
        }
    }
}

/// RFC 4648 base64 with padding.
enum Base64 {
    private static let alphabet: [UInt8] = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8
    )

    static func append(_ data: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        let n = data.count
        let start = out.count
        let length = (n + 2) / 3 * 4
        out.append(contentsOf: repeatElement(UInt8(ascii: "="), count: length))
        alphabet.withUnsafeBufferPointer { table in
            out.withUnsafeMutableBufferPointer { buffer in
                var o = start
                var i = 0
                while i + 3 <= n {
                    let v = UInt32(data[i]) << 16 | UInt32(data[i + 1]) << 8 | UInt32(data[i + 2])
                    buffer[o] = table[Int(v >> 18)]
                    buffer[o + 1] = table[Int(v >> 12 & 0x3F)]
                    buffer[o + 2] = table[Int(v >> 6 & 0x3F)]
                    buffer[o + 3] = table[Int(v & 0x3F)]
                    i += 3
                    o += 4
                }
                if n - i == 1 {
                    let v = UInt32(data[i]) << 16
                    buffer[o] = table[Int(v >> 18)]
                    buffer[o + 1] = table[Int(v >> 12 & 0x3F)]
                } else if n - i == 2 {
                    let v = UInt32(data[i]) << 16 | UInt32(data[i + 1]) << 8
                    buffer[o] = table[Int(v >> 18)]
                    buffer[o + 1] = table[Int(v >> 12 & 0x3F)]
                    buffer[o + 2] = table[Int(v >> 6 & 0x3F)]
                }
            }
        }
    }
}
