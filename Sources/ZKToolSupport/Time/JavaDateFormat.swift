/// The three date formats the tools print, exactly as Java 17 (CLDR, en/en_US) prints them.
///
/// | function | Java | example |
/// |---|---|---|
/// | ``shortLong(millis:zone:)`` | `DateFormat.getDateTimeInstance(SHORT, LONG)` (`M/d/yy, h:mm:ss a z`) | `11/14/23, 10:13:20 PM UTC` |
/// | ``mediumMedium(millis:zone:)`` | `DateFormat.getDateTimeInstance()` (`MMM d, y, h:mm:ss a`) | `Nov 14, 2023, 10:13:20 PM` |
/// | ``dateToString(millis:zone:)`` | `new Date(millis).toString()` (`EEE MMM dd HH:mm:ss zzz yyyy`) | `Tue Nov 14 22:13:20 UTC 2023` |
///
/// Any `long` is accepted: dates before 1582-10-15 use the Julian calendar, years BC print
/// as their year of era (without an era), `yy` is the year of era modulo 100, and offsets and
/// zone names follow ``JavaTimeZone``. No Foundation, no allocation beyond the result; the
/// `append…(to:)` variants write into a caller's buffer.
public enum JavaDateFormat {
    /// `DateFormat.getDateTimeInstance(DateFormat.SHORT, DateFormat.LONG)`: `M/d/yy, h:mm:ss a z`.
    public static func shortLong(millis: Int64, zone: JavaTimeZone) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(32)
        appendShortLong(millis: millis, zone: zone, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `DateFormat.getDateTimeInstance()` (MEDIUM, MEDIUM): `MMM d, y, h:mm:ss a`.
    public static func mediumMedium(millis: Int64, zone: JavaTimeZone) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(32)
        appendMediumMedium(millis: millis, zone: zone, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `java.util.Date.toString()` with `zone` as the default zone: `EEE MMM dd HH:mm:ss zzz yyyy`.
    ///
    /// Like Java's default `TimeZone` object, `zone` keeps state between calls: the DST period
    /// its `SimpleTimeZone` rule computed last. It matters only after 2037 and only after an
    /// absurd timestamp (near `Long.MAX_VALUE`) was formatted; use one zone value per run, as
    /// the JVM has one default zone. The `DateFormat` functions start afresh every call, as a
    /// new `DateFormat` does.
    public static func dateToString(millis: Int64, zone: JavaTimeZone) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(32)
        appendDateToString(millis: millis, zone: zone, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the UTF-8 of ``shortLong(millis:zone:)`` to `out`.
    public static func appendShortLong(millis: Int64, zone: JavaTimeZone, to out: inout [UInt8]) {
        let f = Fields(millis: millis, zone: zone)
        appendNumber(f.day.month, to: &out)
        out.append(0x2F)
        appendNumber(f.day.day, to: &out)
        out.append(0x2F)
        appendTwoDigits(Int(f.day.yearOfEra % 100), to: &out)
        out.append(0x2C)
        out.append(0x20)
        appendTime12(f, to: &out)
        out.append(0x20)
        out.append(contentsOf: f.daylight != 0 ? zone.storage.daylightNameUTF8 : zone.storage.standardNameUTF8)
    }

    /// Appends the UTF-8 of ``mediumMedium(millis:zone:)`` to `out`.
    public static func appendMediumMedium(millis: Int64, zone: JavaTimeZone, to out: inout [UInt8]) {
        let f = Fields(millis: millis, zone: zone)
        appendName(monthNames, f.day.month - 1, to: &out)
        out.append(0x20)
        appendNumber(f.day.day, to: &out)
        out.append(0x2C)
        out.append(0x20)
        appendNumber(f.day.yearOfEra, to: &out)
        out.append(0x2C)
        out.append(0x20)
        appendTime12(f, to: &out)
    }

    /// Appends the UTF-8 of ``dateToString(millis:zone:)`` to `out`.
    public static func appendDateToString(millis: Int64, zone: JavaTimeZone, to out: inout [UInt8]) {
        let f = Fields(millis: millis, zone: zone, defaultZone: true)
        appendName(dayNames, f.day.dayOfWeek - 1, to: &out)
        out.append(0x20)
        appendName(monthNames, f.day.month - 1, to: &out)
        out.append(0x20)
        appendTwoDigits(f.day.day, to: &out)
        out.append(0x20)
        appendTwoDigits(f.hour, to: &out)
        out.append(0x3A)
        appendTwoDigits(f.minute, to: &out)
        out.append(0x3A)
        appendTwoDigits(f.second, to: &out)
        out.append(0x20)
        out.append(contentsOf: f.daylight != 0 ? zone.storage.daylightNameUTF8 : zone.storage.standardNameUTF8)
        out.append(0x20)
        appendNumber(f.day.yearOfEra, to: &out)
    }

    // MARK: - Fields

    static let monthNames: StaticString = "JanFebMarAprMayJunJulAugSepOctNovDec"
    static let dayNames: StaticString = "SunMonTueWedThuFriSat"

    /// Appends the `index`th three-letter name of `names`.
    static func appendName(_ names: StaticString, _ index: Int, to out: inout [UInt8]) {
        names.withUTF8Buffer { buffer in
            out.append(buffer[3 * index])
            out.append(buffer[3 * index + 1])
            out.append(buffer[3 * index + 2])
        }
    }

    /// The local calendar fields of an instant in a zone, as `GregorianCalendar` computes them.
    struct Fields {
        var day: JavaCalendar.Day
        var hour: Int
        var minute: Int
        var second: Int
        var daylight: Int32

        /// - Parameter defaultZone: Whether the zone is used as the JVM default zone by
        ///   `Date.toString()` (its rule cache persists) rather than by a new `DateFormat`.
        init(millis: Int64, zone: JavaTimeZone, defaultZone: Bool = false) {
            let (total, daylight) = zone.info.offsets(atMillis: millis, persistentCache: defaultZone)
            let (fixedDate, timeOfDay) = JavaCalendar.localDay(millis: millis, offset: total)
            day = JavaCalendar.day(fixedDate: fixedDate)
            let seconds = Int(timeOfDay / 1000)
            hour = seconds / 3600
            minute = seconds / 60 % 60
            second = seconds % 60
            self.daylight = daylight
        }
    }

    /// `h:mm:ss a`: the hour 1...12, then `AM`/`PM`.
    static func appendTime12(_ f: Fields, to out: inout [UInt8]) {
        let h = f.hour % 12
        appendNumber(h == 0 ? 12 : h, to: &out)
        out.append(0x3A)
        appendTwoDigits(f.minute, to: &out)
        out.append(0x3A)
        appendTwoDigits(f.second, to: &out)
        out.append(0x20)
        out.append(f.hour < 12 ? 0x41 : 0x50)
        out.append(0x4D)
    }

    static func appendTwoDigits(_ v: Int, to out: inout [UInt8]) {
        out.append(UInt8(0x30 + v / 10))
        out.append(UInt8(0x30 + v % 10))
    }

    static func appendNumber(_ v: Int, to out: inout [UInt8]) {
        if v >= 0 && v < 10 {
            out.append(UInt8(0x30 + v))
        } else if v >= 10 && v < 100 {
            appendTwoDigits(v, to: &out)
        } else {
            JavaFormat.appendDecimal(Int64(v), to: &out)
        }
    }

    static func appendNumber(_ v: Int64, to out: inout [UInt8]) {
        JavaFormat.appendDecimal(v, to: &out)
    }
}
