/// The calendar arithmetic of `sun.util.calendar` that `java.util.Date` and
/// `java.util.GregorianCalendar` use, on *fixed dates* (day 1 is 0001-01-01 Gregorian).
///
/// Instants from 1582-10-15 (local time) on use the Gregorian calendar, earlier ones the
/// Julian calendar, exactly as Java's defaults do. Year numbers are "normalized": Julian year
/// 0 is 1 BC. All arithmetic wraps like Java's `long` instead of trapping, so absurd
/// timestamps from corrupt files print (as Java prints them) rather than crash.
enum JavaCalendar {
    /// The fixed date of 1970-01-01.
    static let epochOffset: Int64 = 719_163
    static let dayMillis: Int64 = 86_400_000
    /// The fixed date of 1582-10-15, the first Gregorian day (`gregorianCutoverDate`).
    static let gregorianCutover: Int64 = 577_736

    /// Calendar fields of a day.
    struct Day: Equatable {
        /// The normalized year (Julian years `<= 0` are BC: 0 is 1 BC).
        var year: Int64
        /// 1 ... 12.
        var month: Int
        /// 1 ... 31.
        var day: Int
        /// 1 (Sunday) ... 7 (Saturday), `Calendar.DAY_OF_WEEK`.
        var dayOfWeek: Int

        /// The year of era, which Java prints (1 BC prints as 1).
        var yearOfEra: Int64 { year > 0 ? year : 1 &- year }
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    static func floorMod(_ a: Int64, _ b: Int64) -> Int64 {
        a &- floorDiv(a, b) &* b
    }

    /// Splits an instant plus a zone offset into a local fixed date and the milliseconds
    /// into that day, the way `AbstractCalendar.getCalendarDate` and
    /// `GregorianCalendar.computeFields` do (without overflowing `millis + offset`).
    static func localDay(millis: Int64, offset: Int32) -> (fixedDate: Int64, timeOfDay: Int64) {
        var days = Int64(offset) / dayMillis
        var ms = Int64(offset) % dayMillis
        days &+= millis / dayMillis
        ms += millis % dayMillis
        if ms >= dayMillis {
            ms -= dayMillis
            days &+= 1
        } else {
            while ms < 0 {
                ms += dayMillis
                days &-= 1
            }
        }
        return (days &+ epochOffset, ms)
    }

    /// The fields of a local fixed date: Gregorian from the cutover on, Julian before it.
    static func day(fixedDate: Int64) -> Day {
        fixedDate >= gregorianCutover ? gregorianDay(fixedDate: fixedDate) : julianDay(fixedDate: fixedDate)
    }

    static func dayOfWeek(fixedDate: Int64) -> Int {
        Int(floorMod(fixedDate, 7)) + 1
    }

    // MARK: Gregorian (proleptic)

    static func isGregorianLeapYear(_ year: Int64) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// `ACCUMULATED_DAYS_IN_MONTH`: days before the first of `month` (1...12) in a common year.
    static func accumulatedDays(_ month: Int) -> Int64 {
        // The Julian-style month formula, less the 2 days February lacks from March on.
        let days = Int64((367 * month - 362) / 12)
        return month > 2 ? days - 2 : days
    }

    /// `BaseCalendar.getFixedDate(year, month, dayOfMonth)`.
    static func gregorianFixedDate(year: Int64, month: Int, day: Int64) -> Int64 {
        let prev = year &- 1
        var days = day &+ 365 &* prev &+ floorDiv(prev, 4) &- floorDiv(prev, 100) &+ floorDiv(prev, 400)
        days &+= floorDiv(367 * Int64(month) - 362, 12)
        if month > 2 {
            days &-= isGregorianLeapYear(year) ? 1 : 2
        }
        return days
    }

    /// `BaseCalendar.getGregorianYearFromFixedDate`.
    static func gregorianYear(fixedDate: Int64) -> Int64 {
        let d0 = fixedDate &- 1
        let n400 = floorDiv(d0, 146_097)
        let d1 = floorMod(d0, 146_097)
        let n100 = floorDiv(d1, 36_524)
        let d2 = floorMod(d1, 36_524)
        let n4 = floorDiv(d2, 1461)
        let d3 = floorMod(d2, 1461)
        let n1 = floorDiv(d3, 365)
        var year = 400 &* n400 &+ 100 &* n100 &+ 4 &* n4 &+ n1
        if !(n100 == 4 || n1 == 4) {
            year &+= 1
        }
        return year
    }

    /// `BaseCalendar.getCalendarDateFromFixedDate`.
    static func gregorianDay(fixedDate: Int64) -> Day {
        let year = gregorianYear(fixedDate: fixedDate)
        let jan1 = gregorianFixedDate(year: year, month: 1, day: 1)
        let isLeap = isGregorianLeapYear(year)
        var priorDays = fixedDate &- jan1
        var mar1 = jan1 &+ 31 &+ 28
        if isLeap {
            mar1 &+= 1
        }
        if fixedDate >= mar1 {
            priorDays &+= isLeap ? 1 : 2
        }
        let month = Int(floorDiv(12 &* priorDays &+ 373, 367))
        var month1 = jan1 &+ accumulatedDays(month)
        if isLeap && month >= 3 {
            month1 &+= 1
        }
        let day = Int(fixedDate &- month1) + 1
        return Day(year: year, month: month, day: day, dayOfWeek: dayOfWeek(fixedDate: fixedDate))
    }

    static func gregorianMonthLength(year: Int64, month: Int) -> Int64 {
        switch month {
        case 2: return isGregorianLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // MARK: Julian

    static func isJulianLeapYear(_ year: Int64) -> Bool {
        floorMod(year, 4) == 0
    }

    /// `JulianCalendar.getFixedDate(jyear, month, dayOfMonth)`; `year` is normalized.
    static func julianFixedDate(year: Int64, month: Int, day: Int64) -> Int64 {
        var days = -2 &+ 365 &* (year &- 1) &+ day
        days &+= floorDiv(year &- 1, 4)
        days &+= floorDiv(367 * Int64(month) - 362, 12)
        if month > 2 {
            days &-= isJulianLeapYear(year) ? 1 : 2
        }
        return days
    }

    /// `JulianCalendar.getCalendarDateFromFixedDate`.
    static func julianDay(fixedDate: Int64) -> Day {
        let fd = 4 &* (fixedDate &+ 1) &+ 1464
        let year = floorDiv(fd, 1461)
        var priorDays = fixedDate &- julianFixedDate(year: year, month: 1, day: 1)
        let isLeap = isJulianLeapYear(year)
        if fixedDate >= julianFixedDate(year: year, month: 3, day: 1) {
            priorDays &+= isLeap ? 1 : 2
        }
        let month = Int(floorDiv(12 &* priorDays &+ 373, 367))
        let day = Int(fixedDate &- julianFixedDate(year: year, month: month, day: 1)) + 1
        return Day(year: year, month: month, day: day, dayOfWeek: dayOfWeek(fixedDate: fixedDate))
    }
}
