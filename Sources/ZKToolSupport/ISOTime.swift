/// ISO-8601 UTC timestamps with milliseconds (`2026-11-21T19:21:15.123Z`), the time format of
/// `zkdata`'s records and text (shared/docs/zkdata-spec.md, "Records"). Proleptic Gregorian, as
/// ISO-8601 is; years outside 0000...9999 print with a sign and more digits, as `java.time`
/// does, so a corrupt timestamp still prints instead of trapping.
public enum ISOTime {
    /// The most bytes ``put(millis:into:)`` writes (a year of up to 12 digits and a sign).
    public static let maxLength = 36

    /// Appends `millis` (since the epoch, UTC) as `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    public static func append(millis: Int64, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxLength) { buffer in
            guard let base = buffer.baseAddress else { return }
            let n = put(millis: millis, into: base)
            out.append(contentsOf: UnsafeBufferPointer(start: base, count: n))
        }
    }

    /// Writes `millis` (since the epoch, UTC) as `YYYY-MM-DDTHH:MM:SS.mmmZ` to `out` (room for
    /// ``maxLength`` bytes); returns the length written.
    public static func put(millis: Int64, into out: UnsafeMutablePointer<UInt8>) -> Int {
        var cache = DayCache()
        return put(millis: millis, into: out, cache: &cache)
    }

    /// The date part (`YYYY-MM-DD`) of the last day written, for a stream of times that mostly
    /// share their day (a txn log's): the calendar is then worked out once a day.
    public struct DayCache {
        /// The fixed date (`JavaCalendar`) of `date`, or nil.
        var fixedDate: Int64?
        /// `YYYY-MM-DD`, 10 bytes (only 4-digit years are kept).
        var date: (UInt64, UInt16) = (0, 0)

        public init() {}
    }

    /// ``put(millis:into:)``, taking the date part from `cache` when it is the same day.
    public static func put(millis: Int64, into out: UnsafeMutablePointer<UInt8>, cache: inout DayCache) -> Int {
        let (fixedDate, timeOfDay) = JavaCalendar.localDay(millis: millis, offset: 0)
        var o = 10
        if cache.fixedDate == fixedDate {
            UnsafeMutableRawPointer(out).storeBytes(of: cache.date.0, as: UInt64.self)
            UnsafeMutableRawPointer(out + 8).storeBytes(of: cache.date.1, as: UInt16.self)
        } else {
            let day = JavaCalendar.gregorianDay(fixedDate: fixedDate)
            if day.year < 0 || day.year > 9999 {
                out[0] = day.year < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+")
                o = 1 + putDigits(day.year.magnitude, width: 4, into: out + 1)
            } else {
                o = putDigits(UInt64(day.year), width: 4, into: out)
            }
            out[o] = UInt8(ascii: "-")
            o += 1 + putDigits(UInt64(day.month), width: 2, into: out + o + 1)
            out[o] = UInt8(ascii: "-")
            o += 1 + putDigits(UInt64(day.day), width: 2, into: out + o + 1)
            if o == 10 {
                cache.fixedDate = fixedDate
                cache.date = (
                    UnsafeRawPointer(out).loadUnaligned(as: UInt64.self),
                    UnsafeRawPointer(out + 8).loadUnaligned(as: UInt16.self)
                )
            }
        }
        let ms = UInt64(timeOfDay)
        func field(_ separator: Unicode.Scalar, _ value: UInt64, width: Int) {
            out[o] = UInt8(ascii: separator)
            o += 1 + putDigits(value, width: width, into: out + o + 1)
        }
        field("T", ms / 3_600_000, width: 2)
        field(":", ms / 60_000 % 60, width: 2)
        field(":", ms / 1000 % 60, width: 2)
        field(".", ms % 1000, width: 3)
        out[o] = UInt8(ascii: "Z")
        return o + 1
    }

    /// `millis` as an ISO-8601 UTC string.
    public static func string(millis: Int64) -> String {
        var out: [UInt8] = []
        append(millis: millis, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses `YYYY-MM-DD[THH:MM[:SS[.fff]]][Z|±HH:MM]` (a missing zone is UTC) or a plain
    /// integer (epoch milliseconds). Nil when the text is neither.
    public static func parse(_ text: String) -> Int64? {
        if let ms = Int64(text) { return ms }
        let b = Array(text.utf8)
        var i = 0
        func number(_ width: Int) -> Int64? {
            guard i + width <= b.count else { return nil }
            var v: Int64 = 0
            for k in i..<(i + width) {
                guard b[k] >= 0x30, b[k] <= 0x39 else { return nil }
                v = v * 10 + Int64(b[k] - 0x30)
            }
            i += width
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < b.count, b[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = number(4), expect(UInt8(ascii: "-")), let month = number(2), (1...12).contains(month),
            expect(UInt8(ascii: "-")), let dayOfMonth = number(2), (1...31).contains(dayOfMonth)
        else { return nil }
        var ms: Int64 = 0
        if i < b.count, b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: " ") {
            i += 1
            guard let h = number(2), h < 24, expect(UInt8(ascii: ":")), let m = number(2), m < 60 else { return nil }
            ms = (h * 60 + m) * 60_000
            if expect(UInt8(ascii: ":")) {
                guard let s = number(2), s < 61 else { return nil }
                ms += s * 1000
                if expect(UInt8(ascii: ".")) {
                    var scale: Int64 = 100
                    var digits = 0
                    while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
                        ms += Int64(b[i] - 0x30) * scale
                        scale /= 10
                        i += 1
                        digits += 1
                    }
                    guard digits > 0 else { return nil }
                }
            }
        }
        var offset: Int64 = 0
        if expect(UInt8(ascii: "Z")) {
        } else if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            let sign: Int64 = b[i] == UInt8(ascii: "-") ? -1 : 1
            i += 1
            guard let oh = number(2) else { return nil }
            _ = expect(UInt8(ascii: ":"))
            guard let om = number(2) else { return nil }
            offset = sign * (oh * 60 + om) * 60_000
        }
        guard i == b.count else { return nil }
        let fixed = JavaCalendar.gregorianFixedDate(year: year, month: Int(month), day: dayOfMonth)
        return (fixed - JavaCalendar.epochOffset) * JavaCalendar.dayMillis + ms - offset
    }

    /// Writes `value` in decimal, zero-padded to `width`; returns the length written.
    @inline(__always)
    private static func putDigits(_ value: UInt64, width: Int, into out: UnsafeMutablePointer<UInt8>) -> Int {
        var count = 1
        var rest = value / 10
        while rest > 0 {
            count += 1
            rest /= 10
        }
        let length = max(width, count)
        var v = value
        for i in stride(from: length - 1, through: 0, by: -1) {
            out[i] = UInt8(ascii: "0") + UInt8(v % 10)
            v /= 10
        }
        return length
    }
}
