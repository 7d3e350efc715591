/// `java.util.Date.toString()` (``JavaDateFormat/dateToString(millis:zone:)``) for many
/// timestamps, cached per local day: the day's `EEE MMM dd ` and ` zzz yyyy` are formatted once
/// by the shared implementation, and only `HH:mm:ss` is written per call. A snapshot holds
/// millions of timestamps on few days.
public struct JavaDateCache {
    /// Java's default zone.
    public let zone: JavaTimeZone
    private var cachedDay = Int64.min
    private var cachedDaylight = false
    private var prefix: [UInt8] = []
    private var suffix: [UInt8] = []

    /// The most bytes one date takes (reserve it before ``put(_:to:)``).
    public let maximumLength: Int

    static let dayInMillis: Int64 = 86_400_000

    public init(zone: JavaTimeZone) {
        self.zone = zone
        maximumLength = 32 + max(zone.standardName.utf8.count, zone.daylightName.utf8.count)
    }

    /// Appends the date; the caller has reserved ``maximumLength`` bytes.
    @inline(__always)
    public mutating func put(_ millis: Int64, to out: ToolOutput) {
        let (total, daylight) = zone.offsetsAsDefaultZone(atMillis: millis)
        let local = millis.addingReportingOverflow(Int64(total))
        guard !local.overflow else { return putUncached(millis, to: out) }
        var days = local.partialValue / Self.dayInMillis
        var ms = local.partialValue % Self.dayInMillis
        if ms < 0 {
            ms += Self.dayInMillis
            days -= 1
        }
        let isDaylight = daylight != 0
        if days != cachedDay || isDaylight != cachedDaylight {
            // `EEE MMM dd HH:mm:ss zzz yyyy`: the time is bytes 11..<19.
            var text: [UInt8] = []
            JavaDateFormat.appendDateToString(millis: millis, zone: zone, to: &text)
            guard text.count > 19 else { return putUncached(millis, to: out) }
            prefix = Array(text[0..<11])
            suffix = Array(text[19...])
            cachedDay = days
            cachedDaylight = isDaylight
        }
        prefix.withUnsafeBytes { out.put($0) }
        let seconds = Int(ms / 1000)
        put2(seconds / 3600, to: out)
        out.put(UInt8(ascii: ":"))
        put2((seconds / 60) % 60, to: out)
        out.put(UInt8(ascii: ":"))
        put2(seconds % 60, to: out)
        suffix.withUnsafeBytes { out.put($0) }
    }

    private func putUncached(_ millis: Int64, to out: ToolOutput) {
        var text: [UInt8] = []
        JavaDateFormat.appendDateToString(millis: millis, zone: zone, to: &text)
        text.withUnsafeBytes { out.put($0) }
    }

    @inline(__always)
    private func put2(_ value: Int, to out: ToolOutput) {
        out.put(UInt8(truncatingIfNeeded: value / 10) &+ 0x30)
        out.put(UInt8(truncatingIfNeeded: value % 10) &+ 0x30)
    }
}
