internal import ZKToolSupport

/// `java.util.Date.toString()` (JDK 17): `EEE MMM dd HH:mm:ss zzz yyyy`, always English, in the
/// default time zone, written straight into the output buffer.
///
/// - The calendar is Gregorian from the 1582-10-15 cutover on and Julian before it (as
///   `Date.normalize` picks it); Julian years before year 1 print as era years (`1 - y`).
/// - The local time is `millis` plus the zone's total offset, split into days and time of day
///   without overflow, as `AbstractCalendar.getCalendarDate` does.
/// - The zone name is Java's short name for standard or daylight time (`JavaTimeZone`).
///
/// The date part (`EEE MMM dd ` and ` zzz yyyy`) is cached per local day, so formatting is a
/// zone-offset lookup plus eight digits for most nodes.
struct JavaDateFormatter {
    let zone: JavaTimeZone
    private let standardName: [UInt8]
    private let daylightName: [UInt8]
    private var cachedDay: Int64 = .min
    private var cachedDaylight = false
    private var prefix: [UInt8] = []
    private var suffix: [UInt8] = []

    /// Longest output: 4 + 4 + 3 + 9 + zone name + 1 + 10-digit year.
    let maximumLength: Int

    static let dayInMillis: Int64 = 86_400_000
    /// `GregorianCalendar.DEFAULT_GREGORIAN_CUTOVER`: 1582-10-15T00:00:00Z.
    static let gregorianCutover: Int64 = -12_219_292_800_000
    /// Fixed date (days since 0001-01-01 Gregorian, which is day 1) of 1970-01-01.
    static let epochOffset: Int64 = 719_163

    init(zone: JavaTimeZone) {
        self.zone = zone
        standardName = Array(zone.shortName(daylight: false).utf8)
        daylightName = Array(zone.shortName(daylight: true).utf8)
        maximumLength = 32 + max(standardName.count, daylightName.count)
    }

    /// Appends the date; the caller has reserved ``maximumLength`` bytes.
    @inline(__always)
    mutating func put(_ millis: Int64, to sink: OutputSink) {
        let (total, daylight) = zone.offsets(atMillis: millis)
        let offset = Int64(total)
        var days = offset / Self.dayInMillis + millis / Self.dayInMillis
        var ms = offset % Self.dayInMillis + millis % Self.dayInMillis
        if ms >= Self.dayInMillis {
            ms -= Self.dayInMillis
            days += 1
        } else {
            while ms < 0 {
                ms += Self.dayInMillis
                days -= 1
            }
        }
        let isDaylight = daylight != 0
        if days != cachedDay || isDaylight != cachedDaylight {
            let julian = millis < 0 && millis < Self.gregorianCutover &- offset
            fillCache(days: days, daylight: isDaylight, julian: julian)
        }
        prefix.withUnsafeBytes { sink.put($0) }
        let seconds = Int(ms / 1000)
        put2(seconds / 3600, to: sink)
        sink.put(UInt8(ascii: ":"))
        put2((seconds / 60) % 60, to: sink)
        sink.put(UInt8(ascii: ":"))
        put2(seconds % 60, to: sink)
        suffix.withUnsafeBytes { sink.put($0) }
    }

    @inline(__always)
    private func put2(_ value: Int, to sink: OutputSink) {
        sink.put(UInt8(truncatingIfNeeded: value / 10) &+ 0x30)
        sink.put(UInt8(truncatingIfNeeded: value % 10) &+ 0x30)
    }

    private mutating func fillCache(days: Int64, daylight: Bool, julian: Bool) {
        cachedDay = days
        cachedDaylight = daylight
        let (year, month, day) = julian ? Self.julianDate(days: days) : Self.gregorianDate(days: days)
        let weekday = Int(floorMod(days + Self.epochOffset, 7))  // 0 = Sunday
        let weekdayNames: [StaticString] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let monthNames: [StaticString] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ]
        var p: [UInt8] = []
        p.append(contentsOf: bytes(weekdayNames[weekday]))
        p.append(0x20)
        p.append(contentsOf: bytes(monthNames[month - 1]))
        p.append(0x20)
        p.append(UInt8(day / 10) + 0x30)
        p.append(UInt8(day % 10) + 0x30)
        p.append(0x20)
        prefix = p
        // Julian years before 1 CE are era years (1 BCE = normalized year 0).
        let printedYear = julian && year <= 0 ? 1 - year : year
        var s: [UInt8] = [0x20]
        s.append(contentsOf: daylight ? daylightName : standardName)
        s.append(0x20)
        s.append(contentsOf: Array(String(Int32(truncatingIfNeeded: printedYear)).utf8))
        suffix = s
    }

    private func bytes(_ text: StaticString) -> [UInt8] {
        Array(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Proleptic Gregorian date of a day count relative to 1970-01-01.
    static func gregorianDate(days: Int64) -> (year: Int64, month: Int, day: Int) {
        let z = days + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = Int(doy - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// Proleptic Julian date (astronomical year numbering) of a day count relative to 1970-01-01.
    static func julianDate(days: Int64) -> (year: Int64, month: Int, day: Int) {
        // Julian day number, then the standard Julian-calendar conversion.
        let c = days + 2_440_588 + 32_082
        let d = floorDiv(4 * c + 3, 1461)
        let e = c - floorDiv(1461 * d, 4)
        let m = floorDiv(5 * e + 2, 153)
        let day = Int(e - floorDiv(153 * m + 2, 5) + 1)
        let month = Int(m + 3 - 12 * floorDiv(m, 10))
        let year = d - 4800 + floorDiv(m, 10)
        return (year, month, day)
    }
}

@inline(__always)
private func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}

@inline(__always)
private func floorMod(_ a: Int64, _ b: Int64) -> Int64 {
    a - floorDiv(a, b) * b
}
