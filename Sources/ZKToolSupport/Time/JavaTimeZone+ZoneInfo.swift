import Synchronization

extension JavaTimeZone {
    /// The data of a `sun.util.calendar.ZoneInfo`: the transition table (1900 to 2037) and the
    /// `SimpleTimeZone` rule that takes over after it.
    final class ZoneInfo: Sendable {
        /// `getLastRawOffset()`: used before the table and by fixed zones (milliseconds).
        let rawOffset: Int32
        /// Transition instants in milliseconds, ascending.
        let transitions: [Int64]
        /// The total offset from each transition on (milliseconds).
        let totals: [Int32]
        /// The DST part of it (milliseconds, 0 for standard time).
        let savings: [Int32]
        /// The rule after the last transition, if any.
        let rule: SimpleTimeZoneRule?
        /// The rule's cache when this zone is the JVM's default zone, which `Date.toString()`
        /// uses for the whole run (`TimeZone.getDefaultRef()`). `SimpleTimeZone` caches the last
        /// DST period it computed, and absurd instants (near `Long.MAX_VALUE`) leave a bogus
        /// period behind that changes later answers; Java's output depends on that, so it is
        /// kept. `DateFormat` instances work on a fresh clone each (an empty cache).
        let defaultZoneCache = Mutex(RuleCache())

        init(rawOffset: Int32, transitions: [Int64], totals: [Int32], savings: [Int32], rule: SimpleTimeZoneRule?) {
            self.rawOffset = rawOffset
            self.transitions = transitions
            self.totals = totals
            self.savings = savings
            self.rule = rule
        }

        func hasSameRules(as other: ZoneInfo) -> Bool {
            rawOffset == other.rawOffset && transitions == other.transitions && totals == other.totals
                && savings == other.savings && rule == other.rule
        }

        /// A zone with one offset and no DST (custom `GMT±hh:mm` IDs and the like).
        static func fixed(_ offset: Int32) -> ZoneInfo {
            ZoneInfo(rawOffset: offset, transitions: [], totals: [], savings: [], rule: nil)
        }

        /// Parses one line of `tableData` (see `JavaTimeZone+Table.swift` for the format).
        convenience init?(tableLine line: Substring) {
            let fields = line.split(separator: " ")
            guard fields.count == 5, let raw = Int32(fields[0]) else {
                return nil
            }
            var transitions: [Int64] = []
            var totals: [Int32] = []
            var savings: [Int32] = []
            if fields[2] != "-" && fields[3] != "-" {
                let offsets = fields[2].split(separator: ",").compactMap { Int32($0) }
                guard let colon = fields[3].firstIndex(of: ":"), var time = Int64(fields[3][..<colon]) else {
                    return nil
                }
                let entries = fields[3][fields[3].index(after: colon)...].split(separator: ",")
                for (n, entry) in entries.enumerated() {
                    let utf8 = Array(entry.utf8)
                    guard utf8.count >= 2,
                        let dst = Int(
                            String(decoding: utf8[utf8.count - 2..<utf8.count - 1], as: UTF8.self),
                            radix: 16
                        ),
                        let idx = Int(String(decoding: utf8[(utf8.count - 1)...], as: UTF8.self), radix: 16),
                        idx < offsets.count, dst < offsets.count
                    else {
                        return nil
                    }
                    if n > 0 {
                        guard let delta = Int64(String(decoding: utf8[..<(utf8.count - 2)], as: UTF8.self), radix: 36)
                        else {
                            return nil
                        }
                        time += delta
                    }
                    transitions.append(time * 1000)
                    totals.append(offsets[idx] * 1000)
                    savings.append(dst == 0 ? 0 : offsets[dst] * 1000)
                }
            }
            var rule: SimpleTimeZoneRule?
            if fields[4] != "-" {
                let v = fields[4].split(separator: ",").compactMap { Int32($0) }
                guard v.count == 16 else {
                    return nil
                }
                rule = SimpleTimeZoneRule(
                    startMode: v[0],
                    startMonth: v[1],
                    startDay: v[2],
                    startDayOfWeek: v[3],
                    startTime: v[4],
                    startTimeMode: v[5],
                    endMode: v[6],
                    endMonth: v[7],
                    endDay: v[8],
                    endDayOfWeek: v[9],
                    endTime: v[10],
                    endTimeMode: v[11],
                    dstSavings: v[12],
                    rawOffset: v[13],
                    startYear: v[14],
                    useDaylight: v[15] != 0
                )
            }
            self.init(rawOffset: raw * 1000, transitions: transitions, totals: totals, savings: savings, rule: rule)
        }

        /// `ZoneInfo.getOffsets(utc, offsets)`: the total offset and its DST part (milliseconds).
        ///
        /// - Parameter persistentCache: Whether to use (and update) ``defaultZoneCache``, as
        ///   `Date.toString()` does, rather than a fresh cache, as a new `DateFormat` does.
        func offsets(atMillis millis: Int64, persistentCache: Bool = false) -> (total: Int32, daylight: Int32) {
            if transitions.isEmpty {
                return (rawOffset, 0)
            }
            // The last transition at or before `millis` (Java's getTransitionIndex).
            var low = 0
            var high = transitions.count - 1
            while low <= high {
                let mid = (low + high) >> 1
                let t = transitions[mid]
                if t < millis {
                    low = mid + 1
                } else if t > millis {
                    high = mid - 1
                } else {
                    return (totals[mid], savings[mid])
                }
            }
            let index = low - 1
            if index < 0 {
                // "prior to the transition table, returns the raw offset"
                return (rawOffset, 0)
            }
            if index < transitions.count - 1 || rule == nil {
                return (totals[index], savings[index])
            }
            // Past the table: the SimpleTimeZone rule.
            let rule = rule!
            func ruleOffsets(_ cache: inout RuleCache) -> (total: Int32, daylight: Int32) {
                let dst = rule.offset(atMillis: millis, cache: &cache) &- rawOffset
                if dst > 0 {
                    // Java evaluates `tz.getOffset(msec - dstoffset) == rawoffset` before it checks
                    // the (UTC) time type, for its side effect on the cache only.
                    _ = rule.offset(atMillis: millis &- Int64(dst), cache: &cache)
                }
                return (rule.rawOffset &+ dst, dst)
            }
            if persistentCache {
                return defaultZoneCache.withLock { ruleOffsets(&$0) }
            }
            var fresh = RuleCache()
            return ruleOffsets(&fresh)
        }
    }

    /// `SimpleTimeZone`'s cache of the last DST period (JDK 17: `cacheYear`, `cacheStart`,
    /// `cacheEnd`; `cacheStart == 0` means empty).
    struct RuleCache: Sendable {
        var year: Int64 = 0
        var start: Int64 = 0
        var end: Int64 = 0
    }

    /// The fields of a `java.util.SimpleTimeZone` and its `getOffset(long)`, cache included
    /// (`ZoneInfo` uses it for instants after its table, that is after 2037).
    struct SimpleTimeZoneRule: Sendable, Equatable {
        var startMode: Int32
        var startMonth: Int32
        var startDay: Int32
        var startDayOfWeek: Int32
        var startTime: Int32
        var startTimeMode: Int32
        var endMode: Int32
        var endMonth: Int32
        var endDay: Int32
        var endDayOfWeek: Int32
        var endTime: Int32
        var endTimeMode: Int32
        var dstSavings: Int32
        var rawOffset: Int32
        var startYear: Int32
        var useDaylight: Bool

        static let domMode: Int32 = 1
        static let dowInMonthMode: Int32 = 2
        static let dowGEDomMode: Int32 = 3
        static let dowLEDomMode: Int32 = 4
        static let wallTime: Int32 = 0
        static let utcTime: Int32 = 2
        /// `GregorianCalendar.DEFAULT_GREGORIAN_CUTOVER`.
        static let cutoverMillis: Int64 = -12_219_292_800_000

        /// `SimpleTimeZone.getOffset(long date)`.
        func offset(atMillis date: Int64, cache: inout RuleCache) -> Int32 {
            guard useDaylight else {
                return rawOffset
            }
            if cache.start != 0 && date >= cache.start && date < cache.end {
                return rawOffset &+ dstSavings
            }
            let gregorian = date >= Self.cutoverMillis
            let local = JavaCalendar.localDay(millis: date &+ Int64(rawOffset), offset: 0).fixedDate
            let year =
                gregorian
                ? JavaCalendar.gregorianYear(fixedDate: local) : JavaCalendar.julianDay(fixedDate: local).year
            guard year >= Int64(startYear) else {
                return rawOffset
            }
            return offset(year: year, gregorian: gregorian, time: date, cache: &cache)
        }

        /// `SimpleTimeZone.getOffset(cal, cdate, year, time)`.
        func offset(year: Int64, gregorian: Bool, time: Int64, cache: inout RuleCache) -> Int32 {
            if cache.start != 0 {
                if time >= cache.start && time < cache.end {
                    return rawOffset &+ dstSavings
                }
                if year == cache.year {
                    return rawOffset
                }
            }
            var start = self.start(year: year, gregorian: gregorian)
            var end = self.end(year: year, gregorian: gregorian)
            var offset = rawOffset
            if start <= end {
                if time >= start && time < end {
                    offset &+= dstSavings
                }
                cache = RuleCache(year: year, start: start, end: end)
            } else {
                if time < end {
                    start = self.start(year: year &- 1, gregorian: gregorian)
                    if time >= start {
                        offset &+= dstSavings
                    }
                } else if time >= start {
                    end = self.end(year: year &+ 1, gregorian: gregorian)
                    if time < end {
                        offset &+= dstSavings
                    }
                }
                if start <= end {
                    cache = RuleCache(year: Int64(startYear) &- 1, start: start, end: end)
                }
            }
            return offset
        }

        func start(year: Int64, gregorian: Bool) -> Int64 {
            var time = startTime
            if startTimeMode != Self.utcTime {
                time &-= rawOffset
            }
            return transition(
                gregorian: gregorian,
                mode: startMode,
                year: year,
                month: startMonth,
                dayOfMonth: startDay,
                dayOfWeek: startDayOfWeek,
                timeOfDay: time
            )
        }

        func end(year: Int64, gregorian: Bool) -> Int64 {
            var time = endTime
            if endTimeMode != Self.utcTime {
                time &-= rawOffset
            }
            if endTimeMode == Self.wallTime {
                time &-= dstSavings
            }
            return transition(
                gregorian: gregorian,
                mode: endMode,
                year: year,
                month: endMonth,
                dayOfMonth: endDay,
                dayOfWeek: endDayOfWeek,
                timeOfDay: time
            )
        }

        /// `SimpleTimeZone.getTransition`: the instant (UTC millis) of a rule's day plus `timeOfDay`.
        func transition(
            gregorian: Bool,
            mode: Int32,
            year: Int64,
            month: Int32,
            dayOfMonth: Int32,
            dayOfWeek: Int32,
            timeOfDay: Int32
        ) -> Int64 {
            let m = Int(month) + 1
            func fixed(_ day: Int64) -> Int64 {
                gregorian
                    ? JavaCalendar.gregorianFixedDate(year: year, month: m, day: day)
                    : JavaCalendar.julianFixedDate(year: year, month: m, day: day)
            }
            var fixedDate: Int64
            switch mode {
            case Self.domMode:
                fixedDate = fixed(Int64(dayOfMonth))
            case Self.dowInMonthMode:
                var day: Int64 = 1
                if dayOfMonth < 0 {
                    day =
                        gregorian
                        ? JavaCalendar.gregorianMonthLength(year: year, month: m)
                        : (m == 2
                            ? (JavaCalendar.isJulianLeapYear(year) ? 29 : 28)
                            : JavaCalendar.gregorianMonthLength(year: 1, month: m))
                }
                fixedDate = Self.nthDayOfWeek(Int64(dayOfMonth), Int64(dayOfWeek), fixed(day))
            case Self.dowGEDomMode:
                fixedDate = Self.nthDayOfWeek(1, Int64(dayOfWeek), fixed(Int64(dayOfMonth)))
            case Self.dowLEDomMode:
                fixedDate = Self.nthDayOfWeek(-1, Int64(dayOfWeek), fixed(Int64(dayOfMonth)))
            default:
                fixedDate = fixed(1)
            }
            return (fixedDate &- JavaCalendar.epochOffset) &* JavaCalendar.dayMillis &+ Int64(timeOfDay)
        }

        /// `AbstractCalendar.getNthDayOfWeek` on fixed dates.
        static func nthDayOfWeek(_ nth: Int64, _ dayOfWeek: Int64, _ fixedDate: Int64) -> Int64 {
            if nth > 0 {
                return 7 &* nth &+ dayOfWeekOnOrBefore(fixedDate &- 1, dayOfWeek)
            }
            return 7 &* nth &+ dayOfWeekOnOrBefore(fixedDate &+ 7, dayOfWeek)
        }

        /// `AbstractCalendar.getDayOfWeekDateOnOrBefore`.
        static func dayOfWeekOnOrBefore(_ fixedDate: Int64, _ dayOfWeek: Int64) -> Int64 {
            let fd = fixedDate &- (dayOfWeek - 1)
            return fixedDate &- JavaCalendar.floorMod(fd, 7)
        }
    }
}
