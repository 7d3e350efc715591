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
    /// The encoded bytes: a ``ToolOutput`` that grows rather than writes out, so a record can be
    /// taken back (``truncate(to:)``) until its owner hands the bytes on (``withBytes(_:)``, or
    /// the whole buffer, swapped for an empty one, to a ``BackgroundOutput``). Values are
    /// rendered straight into it (no per-value allocation or copy). A copy of the writer shares it.
    var buffer: ToolOutput
    /// One bit per open container: set once it holds a member (a comma goes before the next).
    private var hasMember: UInt64 = 0
    private var depth = 0
    /// The date part of the last ``time(millis:)`` (records mostly share their day).
    private var days = ISOTime.DayCache()

    init(capacity: Int = 1 << 16) {
        buffer = ToolOutput(fileDescriptor: -1, capacity: capacity, flushesWhenFull: false)
    }

    /// A writer rendering into `buffer` (a memory stream that does not flush when full).
    init(buffer: ToolOutput) {
        self.buffer = buffer
    }

    /// The encoded bytes so far (a copy).
    var bytes: [UInt8] { Array(buffer.pending) }

    /// How many bytes are encoded.
    var count: Int { buffer.count }

    /// The encoded bytes, valid during `body`.
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(buffer.pending)
    }

    // MARK: Structure

    mutating func beginObject() {
        separate()
        buffer.append(UInt8(ascii: "{"))
        push()
    }

    mutating func endObject() {
        pop()
        buffer.append(UInt8(ascii: "}"))
    }

    mutating func beginArray() {
        separate()
        buffer.append(UInt8(ascii: "["))
        push()
    }

    mutating func endArray() {
        pop()
        buffer.append(UInt8(ascii: "]"))
    }

    /// Drops everything after the first `count` bytes (a record taken back, or bytes handed
    /// on). `count` must be a record boundary, where no container is open.
    mutating func truncate(to count: Int) {
        buffer.truncate(to: count)
        hasMember = 0
        depth = 0
    }

    /// Ends a top-level record (NDJSON: one object per line).
    mutating func endLine() {
        buffer.append(0x0A)
        hasMember = 0
        depth = 0
    }

    /// Writes `"name":`; the next value belongs to it.
    mutating func key(_ name: StaticString) {
        let bit: UInt64 = depth > 0 ? 1 << UInt64(depth &- 1) : 0
        let comma = hasMember & bit != 0
        // The value that follows must not get a comma of its own (it marks the member).
        hasMember &= ~bit
        let n = name.utf8CodeUnitCount
        let source = name.utf8Start
        buffer.put(reserving: n &+ 4) { out in
            var o = 0
            if comma {
                out[0] = UInt8(ascii: ",")
                o = 1
            }
            out[o] = UInt8(ascii: "\"")
            for k in 0..<n { out[o &+ 1 &+ k] = source[k] }
            out[o &+ n &+ 1] = UInt8(ascii: "\"")
            out[o &+ n &+ 2] = UInt8(ascii: ":")
            return o &+ n &+ 3
        }
    }

    // MARK: Values

    mutating func int(_ value: Int64) {
        separate()
        buffer.reserve(20)
        buffer.putDecimal(value)
    }

    mutating func int(_ value: Int) { int(Int64(value)) }

    mutating func int(_ value: Int32) { int(Int64(value)) }

    /// A 64-bit id as a lowercase hex string, `"0x…"` (two's complement for negatives, as
    /// `Long.toHexString` prints them).
    mutating func hex(_ value: Int64) {
        separate()
        buffer.reserve(20)
        buffer.put(UInt8(ascii: "\""))
        buffer.put(UInt8(ascii: "0"))
        buffer.put(UInt8(ascii: "x"))
        buffer.putHex(value)
        buffer.put(UInt8(ascii: "\""))
    }

    mutating func bool(_ value: Bool) {
        separate()
        buffer.append(value ? "true" : "false")
    }

    mutating func null() {
        separate()
        buffer.append("null")
    }

    /// An ISO-8601 UTC time with milliseconds.
    mutating func time(millis: Int64) {
        separate()
        buffer.put(reserving: ISOTime.maxLength &+ 2) { out in
            out[0] = UInt8(ascii: "\"")
            let n = ISOTime.put(millis: millis, into: out + 1, cache: &days)
            out[n &+ 1] = UInt8(ascii: "\"")
            return n &+ 2
        }
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
        buffer.put(reserving: 6 &* utf8.count &+ 2) { out in
            out[0] = UInt8(ascii: "\"")
            let n = Self.escape(utf8, into: out + 1, strict: false) ?? 0
            out[n &+ 1] = UInt8(ascii: "\"")
            return n &+ 2
        }
    }

    /// Node data: `{"len":N,"b64":"…"}`, `{"len":-1}` for null; with `utf8`, also
    /// `"utf8":"…"` when the bytes are valid UTF-8.
    ///
    /// The hot path of `log`: base64 and (with `utf8`) the validated, escaped text are written
    /// in one pass each straight into the buffer.
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
        let room = 16 &+ Base64.encodedLength(n) &+ (utf8 ? 16 &+ 6 &* n : 0)
        buffer.put(reserving: room) { out in
            var o = Self.put("\"b64\":\"", at: out)
            o &+= Base64.encode(data, into: out + o)
            out[o] = UInt8(ascii: "\"")
            o &+= 1
            guard utf8 else { return o }
            let textStart = o &+ Self.put(",\"utf8\":\"", at: out + o)
            guard let textLength = Self.escape(data, into: out + textStart, strict: true) else { return o }
            out[textStart &+ textLength] = UInt8(ascii: "\"")
            return textStart &+ textLength &+ 1
        }
        endObject()
    }

    /// `"name":value`.
    mutating func member(_ name: StaticString, _ value: Int) {
        key(name)
        int(value)
    }

    /// `"name":value`.
    mutating func member(_ name: StaticString, _ value: Int64) {
        key(name)
        int(value)
    }

    /// `"name":value`.
    mutating func member(_ name: StaticString, _ value: Int32) {
        key(name)
        int(value)
    }

    /// `"name":true` or `false`.
    mutating func member(_ name: StaticString, _ value: Bool) {
        key(name)
        bool(value)
    }

    /// `"name":"0x…"` (``hex(_:)``).
    mutating func member(_ name: StaticString, hex value: Int64) {
        key(name)
        hex(value)
    }

    /// `"name":"…Z"` (``time(millis:)``).
    mutating func member(_ name: StaticString, millis: Int64) {
        key(name)
        time(millis: millis)
    }

    /// `"name":"value"`.
    mutating func member(_ name: StaticString, _ value: String) {
        key(name)
        string(value)
    }

    /// `"name":"value"`.
    mutating func member(_ name: StaticString, _ value: StaticString) {
        key(name)
        string(value)
    }

    /// `"name":"value"` from bytes that should be UTF-8 (``string(_:)``).
    mutating func member(_ name: StaticString, _ utf8: UnsafeRawBufferPointer) {
        key(name)
        string(utf8)
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
            buffer.append(UInt8(ascii: ","))
        }
        hasMember |= bit
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

    /// Writes `input` JSON-escaped to `out` in one pass (ASCII that needs no escape eight bytes
    /// at a time), validating it as UTF-8; returns the length written. A byte that starts no
    /// valid sequence makes a `strict` call return nil, and is written as U+FFFD otherwise.
    /// `out` must have room for `6 * input.count` bytes.
    @inline(__always)
    static func escape(_ input: UnsafeRawBufferPointer, into out: UnsafeMutablePointer<UInt8>, strict: Bool) -> Int? {
        let n = input.count
        var i = 0
        var o = 0
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        while i < n {
            if i &+ 8 <= n {
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
                i &+= clean
                o &+= clean
                if clean == 8 { continue }
            }
            let b = input[i]
            if b < 0x80 {
                if b >= 0x20, b != UInt8(ascii: "\""), b != UInt8(ascii: "\\") {
                    out[o] = b
                    o &+= 1
                } else {
                    out[o] = UInt8(ascii: "\\")
                    switch b {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                        out[o &+ 1] = b
                        o &+= 2
                    case 0x0A:
                        out[o &+ 1] = UInt8(ascii: "n")
                        o &+= 2
                    case 0x0D:
                        out[o &+ 1] = UInt8(ascii: "r")
                        o &+= 2
                    case 0x09:
                        out[o &+ 1] = UInt8(ascii: "t")
                        o &+= 2
                    default:
                        out[o &+ 1] = UInt8(ascii: "u")
                        out[o &+ 2] = UInt8(ascii: "0")
                        out[o &+ 3] = UInt8(ascii: "0")
                        out[o &+ 4] = hexDigit(b >> 4)
                        out[o &+ 5] = hexDigit(b & 0xF)
                        o &+= 6
                    }
                }
                i &+= 1
                continue
            }
            let length = UTF8Check.sequenceLength(input, at: i)
            if length > 0 {
                for k in 0..<length { out[o &+ k] = input[i &+ k] }
                i &+= length
                o &+= length
            } else {
                if strict { return nil }
                out[o] = 0xEF
                out[o &+ 1] = 0xBF
                out[o &+ 2] = 0xBD
                i &+= 1
                o &+= 3
            }
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
