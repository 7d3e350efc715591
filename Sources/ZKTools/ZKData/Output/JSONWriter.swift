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
    /// Room for one data value (``data(_:utf8:)``), reused from record to record.
    private var scratch: [UInt8] = []

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
    ///
    /// The hot path of `log`: base64 and (with `utf8`) the validated, escaped text are written
    /// in one pass each into ``scratch`` (grown once, then reused: no per-record allocation),
    /// then appended to ``bytes`` with one copy.
    mutating func data(_ data: UnsafeRawBufferPointer?, utf8: Bool) {
        beginObject()
        key("len")
        guard let data else {
            int(-1)
            endObject()
            return
        }
        int(data.count)
        separate()
        let n = data.count
        // `"b64":"` + 4/3 n + `","utf8":"` + at most 6 bytes per input byte (`\u00XX`) + `"`.
        let b64Length = (n + 2) / 3 * 4
        let room = 16 + b64Length + (utf8 ? 16 + 6 * n : 0)
        if scratch.count < room { scratch = [UInt8](repeating: 0, count: Swift.max(room, 2 * scratch.count)) }
        let used = scratch.withUnsafeMutableBufferPointer { buffer -> Int in
            guard let out = buffer.baseAddress else { return 0 }
            var o = Self.put("\"b64\":\"", at: out)
            Base64.encode(data, into: out + o)
            o += b64Length
            out[o] = UInt8(ascii: "\"")
            o += 1
            guard utf8 else { return o }
            let textStart = o + Self.put(",\"utf8\":\"", at: out + o)
            guard let textLength = Self.escapeValidUTF8(data, into: out + textStart) else { return o }
            out[textStart + textLength] = UInt8(ascii: "\"")
            return textStart + textLength + 1
        }
        scratch.withUnsafeBufferPointer { bytes.append(contentsOf: $0[0..<used]) }
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

    /// The digits are formed in a 20-byte stack buffer and appended with one copy.
    private mutating func appendDecimal(_ value: UInt64) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var v = value
            var i = 20
            repeat {
                i -= 1
                digits[i] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
            } while v > 0
            bytes.append(contentsOf: UnsafeMutableBufferPointer(rebasing: digits[i..<20]))
        }
    }

    /// `0x` and the lowercase digits without leading zeros, appended with one copy.
    private mutating func appendHexDigits(_ value: UInt64) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 18) { digits in
            var v = value
            var i = 18
            repeat {
                i -= 1
                digits[i] = Self.hexDigit(UInt8(v & 0xF))
                v >>= 4
            } while v > 0
            i -= 2
            digits[i] = UInt8(ascii: "0")
            digits[i + 1] = UInt8(ascii: "x")
            bytes.append(contentsOf: UnsafeMutableBufferPointer(rebasing: digits[i..<18]))
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

    /// Copies `text` to `out`; returns its length.
    @inline(__always)
    private static func put(_ text: StaticString, at out: UnsafeMutablePointer<UInt8>) -> Int {
        text.withUTF8Buffer { source in
            for k in 0..<source.count { out[k] = source[k] }
            return source.count
        }
    }

    /// Validates `input` as UTF-8 and writes it JSON-escaped to `out` in the same pass (ASCII
    /// that needs no escape eight bytes at a time); returns the length written, or nil when the
    /// input is not valid UTF-8. `out` must have room for `6 * input.count` bytes.
    @inline(__always)
    static func escapeValidUTF8(_ input: UnsafeRawBufferPointer, into out: UnsafeMutablePointer<UInt8>) -> Int? {
        let n = input.count
        var i = 0
        var o = 0
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        while i < n {
            if i + 8 <= n {
                let raw = input.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                // Bytes >= 0x80, < 0x20, == '"' or == '\\' (the classic SWAR zero-byte tests):
                // the lowest flagged byte is exact (borrows only run towards later bytes).
                let w = UInt64(littleEndian: raw)
                let quote = w ^ (ones &* 0x22)
                let backslash = w ^ (ones &* 0x5C)
                let special =
                    (w | ((w &- ones &* 0x20) & ~w)
                        | ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)) & highs
                // The clean bytes before the first special one are copied as a word (`out` has
                // room: `o <= 6 * i`).
                UnsafeMutableRawPointer(out + o).storeBytes(of: raw, as: UInt64.self)
                let clean = special == 0 ? 8 : special.trailingZeroBitCount >> 3
                i += clean
                o += clean
                if clean == 8 { continue }
            }
            let b = input[i]
            if b < 0x80 {
                if b >= 0x20, b != UInt8(ascii: "\""), b != UInt8(ascii: "\\") {
                    out[o] = b
                    o += 1
                } else {
                    out[o] = UInt8(ascii: "\\")
                    switch b {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                        out[o + 1] = b
                        o += 2
                    case 0x0A:
                        out[o + 1] = UInt8(ascii: "n")
                        o += 2
                    case 0x0D:
                        out[o + 1] = UInt8(ascii: "r")
                        o += 2
                    case 0x09:
                        out[o + 1] = UInt8(ascii: "t")
                        o += 2
                    default:
                        out[o + 1] = UInt8(ascii: "u")
                        out[o + 2] = UInt8(ascii: "0")
                        out[o + 3] = UInt8(ascii: "0")
                        out[o + 4] = hexDigit(b >> 4)
                        out[o + 5] = hexDigit(b & 0xF)
                        o += 6
                    }
                }
                i += 1
                continue
            }
            let length = UTF8Check.sequenceLength(input, at: i)
            guard length > 0 else { return nil }
            for k in 0..<length { out[o + k] = input[i + k] }
            i += length
            o += length
        }
        return o
    }
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
        let start = out.count
        out.append(contentsOf: repeatElement(UInt8(ascii: "="), count: (data.count + 2) / 3 * 4))
        out.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            encode(data, into: base + start)
        }
    }

    /// Two base64 characters for every 12-bit value, first character in the low byte.
    private static let pairs: [UInt16] = (0..<4096).map { v in
        UInt16(alphabet[v >> 6]) | UInt16(alphabet[v & 0x3F]) << 8
    }

    /// Writes the `(n + 2) / 3 * 4` base64 characters of `data` (with `=` padding) to `out`:
    /// three input bytes to four characters per step, with two look-ups of a 12-bit table and
    /// one 4-byte store.
    @inline(__always)
    static func encode(_ data: UnsafeRawBufferPointer, into out: UnsafeMutablePointer<UInt8>) {
        let n = data.count
        pairs.withUnsafeBufferPointer { pair in
            var o = 0
            var i = 0
            while i + 3 <= n {
                let v = Int(data[i]) << 16 | Int(data[i + 1]) << 8 | Int(data[i + 2])
                let four = UInt32(pair[v >> 12]) | UInt32(pair[v & 0xFFF]) << 16
                UnsafeMutableRawPointer(out + o).storeBytes(of: four.littleEndian, as: UInt32.self)
                i += 3
                o += 4
            }
        }
        alphabet.withUnsafeBufferPointer { table in
            let i = n - n % 3
            let o = i / 3 * 4
            if n - i == 1 {
                let v = UInt32(data[i]) << 16
                out[o] = table[Int(v >> 18)]
                out[o + 1] = table[Int(v >> 12 & 0x3F)]
                out[o + 2] = UInt8(ascii: "=")
                out[o + 3] = UInt8(ascii: "=")
            } else if n - i == 2 {
                let v = UInt32(data[i]) << 16 | UInt32(data[i + 1]) << 8
                out[o] = table[Int(v >> 18)]
                out[o + 1] = table[Int(v >> 12 & 0x3F)]
                out[o + 2] = table[Int(v >> 6 & 0x3F)]
                out[o + 3] = UInt8(ascii: "=")
            }
        }
    }
}
