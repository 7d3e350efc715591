/// `Character.digit`, `Long.parseLong` and `Integer.parseInt` as OpenJDK 17 implements them.
///
/// ZooKeeper parses the zxid in a data file name with `Long.parseLong(part, 16)` and
/// PurgeTxnLog parses its count with `Integer.parseInt(text)`. Both:
///
/// - accept one optional leading `+` or `-` (but not a lone sign),
/// - accept any character `Character.digit(char, radix)` accepts: ASCII digits and letters, the
///   other Unicode decimal digits of the BMP (Arabic-Indic, Devanagari, fullwidth, ...) and the
///   fullwidth Latin letters,
/// - reject everything else, including whitespace, `0x` prefixes, the empty string and values
///   outside the type's range.
///
/// The input is walked as UTF-16 code units, as Java does, so a supplementary character (a
/// surrogate pair) is never a digit.
///
/// ```
/// JavaNumber.parseLong("1a", radix: 16)   == 26
/// JavaNumber.parseLong("+10", radix: 16)  == 16
/// JavaNumber.parseLong("-5", radix: 16)   == -5
/// JavaNumber.parseLong("0x5", radix: 16)  == nil
/// JavaNumber.parseInt("٣")                 == 3      // U+0663 ARABIC-INDIC DIGIT THREE
/// ```
public enum JavaNumber {
    /// The BMP ranges for which `Character.digit(ch, 36)` is not -1, each run of consecutive
    /// code units with consecutive values: (first unit, last unit, value of the first unit).
    /// Generated from OpenJDK 17.0.15 by enumerating every `char`.
    static let digitRanges: [(first: UInt16, last: UInt16, value: Int)] = [
        (0x0030, 0x0039, 0),
        (0x0041, 0x005A, 10),
        (0x0061, 0x007A, 10),
        (0x0660, 0x0669, 0),
        (0x06F0, 0x06F9, 0),
        (0x07C0, 0x07C9, 0),
        (0x0966, 0x096F, 0),
        (0x09E6, 0x09EF, 0),
        (0x0A66, 0x0A6F, 0),
        (0x0AE6, 0x0AEF, 0),
        (0x0B66, 0x0B6F, 0),
        (0x0BE6, 0x0BEF, 0),
        (0x0C66, 0x0C6F, 0),
        (0x0CE6, 0x0CEF, 0),
        (0x0D66, 0x0D6F, 0),
        (0x0DE6, 0x0DEF, 0),
        (0x0E50, 0x0E59, 0),
        (0x0ED0, 0x0ED9, 0),
        (0x0F20, 0x0F29, 0),
        (0x1040, 0x1049, 0),
        (0x1090, 0x1099, 0),
        (0x17E0, 0x17E9, 0),
        (0x1810, 0x1819, 0),
        (0x1946, 0x194F, 0),
        (0x19D0, 0x19D9, 0),
        (0x1A80, 0x1A89, 0),
        (0x1A90, 0x1A99, 0),
        (0x1B50, 0x1B59, 0),
        (0x1BB0, 0x1BB9, 0),
        (0x1C40, 0x1C49, 0),
        (0x1C50, 0x1C59, 0),
        (0xA620, 0xA629, 0),
        (0xA8D0, 0xA8D9, 0),
        (0xA900, 0xA909, 0),
        (0xA9D0, 0xA9D9, 0),
        (0xA9F0, 0xA9F9, 0),
        (0xAA50, 0xAA59, 0),
        (0xABF0, 0xABF9, 0),
        (0xFF10, 0xFF19, 0),
        (0xFF21, 0xFF3A, 10),
        (0xFF41, 0xFF5A, 10),
    ]

    /// `Character.digit(ch, radix)` for one UTF-16 code unit: its value, or -1 when it is not
    /// a digit in `radix` (2...36).
    public static func digit(_ unit: UInt16, radix: Int) -> Int {
        guard radix >= 2 && radix <= 36 else { return -1 }
        if unit < 0x80 {
            let value: Int
            switch unit {
            case 0x30...0x39: value = Int(unit) - 0x30
            case 0x41...0x5A: value = Int(unit) - 0x41 + 10
            case 0x61...0x7A: value = Int(unit) - 0x61 + 10
            default: return -1
            }
            return value < radix ? value : -1
        }
        for range in digitRanges where unit >= range.first && unit <= range.last {
            let value = range.value + Int(unit - range.first)
            return value < radix ? value : -1
        }
        return -1
    }

    /// `Long.parseLong(s, radix)`: the value, or nil where Java throws `NumberFormatException`.
    public static func parseLong(_ s: String, radix: Int = 10) -> Int64? {
        parse(s, radix: radix, min: Int64.min, max: Int64.max)
    }

    /// `Integer.parseInt(s, radix)`: the value, or nil where Java throws `NumberFormatException`.
    public static func parseInt(_ s: String, radix: Int = 10) -> Int32? {
        parse(s, radix: radix, min: Int64(Int32.min), max: Int64(Int32.max)).map { Int32($0) }
    }

    /// `Long.parseLong`'s algorithm within `[min, max]`: accumulate negatively so that the
    /// minimum value parses, and reject a lone sign, a non-digit or an overflow (nil).
    public static func parse(_ s: String, radix: Int, min: Int64, max: Int64) -> Int64? {
        guard radix >= 2 && radix <= 36 else { return nil }
        var units = s.utf16.makeIterator()
        guard var unit = units.next() else { return nil }
        var negative = false
        var limit = -max
        if unit < 0x30 {
            if unit == 0x2D {
                negative = true
                limit = min
            } else if unit != 0x2B {
                return nil
            }
            guard let next = units.next() else { return nil }
            unit = next
        }
        let r = Int64(radix)
        let multmin = limit / r
        var result: Int64 = 0
        while true {
            let d = Int64(digit(unit, radix: radix))
            if d < 0 || result < multmin { return nil }
            result *= r
            if result < limit + d { return nil }
            result -= d
            guard let next = units.next() else { break }
            unit = next
        }
        return negative ? result : -result
    }
}
