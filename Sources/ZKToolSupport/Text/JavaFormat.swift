internal import ZKStorage

/// Java's number formatting and parsing as the tools use them (Locale en/en_US, JDK 17).
///
/// - ``hexPadded(_:)`` is `String.format("%#016x", long)`; ``toHexString(_:)`` is
///   `Long.toHexString`; ``decimal(_:)`` is `%d` (and string concatenation of a number).
/// - ``fixed(_:)`` is `%f`: six decimals, rounded half-up from the shortest decimal form of the
///   double (not from its exact binary value, as C's `printf` does).
/// - ``decodeLong(_:)``, ``parseInt(_:)`` and ``parseLong(_:radix:)`` accept exactly what
///   `Long.decode`, `Integer.parseInt` and `Long.parseLong` accept (including non-ASCII decimal
///   digits); the `checked…` variants throw Java's `NumberFormatException` message.
public enum JavaFormat {
    /// The lowercase hex digit for `v & 0xF`.
    @inline(__always)
    static func hexDigit(_ v: UInt64) -> UInt8 {
        let d = UInt8(truncatingIfNeeded: v & 0xF)
        return d < 10 ? 0x30 + d : 0x57 + d
    }

    // MARK: - Formatting

    /// `String.format("%#016x", v)`: `0x` and at least 14 lowercase hex digits (the width 16
    /// includes the `0x`); negative values print all 16 digits of their two's complement.
    public static func hexPadded(_ v: Int64) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(18)
        appendHexPadded(v, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the UTF-8 of ``hexPadded(_:)`` to `out`.
    public static func appendHexPadded(_ v: Int64, to out: inout [UInt8]) {
        out.append(0x30)
        out.append(0x78)
        let u = UInt64(bitPattern: v)
        let digits = max(14, (u.bitWidth - u.leadingZeroBitCount + 3) / 4)
        for i in stride(from: digits - 1, through: 0, by: -1) {
            out.append(hexDigit(u >> UInt64(4 * i)))
        }
    }

    /// `Long.toHexString(v)`: lowercase two's complement without leading zeros (`0` for 0).
    public static func toHexString(_ v: Int64) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(16)
        appendHex(v, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the UTF-8 of ``toHexString(_:)`` to `out`.
    public static func appendHex(_ v: Int64, to out: inout [UInt8]) {
        let u = UInt64(bitPattern: v)
        let digits = max(1, (u.bitWidth - u.leadingZeroBitCount + 3) / 4)
        for i in stride(from: digits - 1, through: 0, by: -1) {
            out.append(hexDigit(u >> UInt64(4 * i)))
        }
    }

    /// `%d` (and `"" + v`): the decimal form of `v`.
    public static func decimal(_ v: Int64) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(20)
        appendDecimal(v, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the UTF-8 of ``decimal(_:)`` to `out`.
    public static func appendDecimal(_ v: Int64, to out: inout [UInt8]) {
        if v < 0 {
            out.append(0x2D)
        }
        var u = v.magnitude
        if u < 10 {
            out.append(UInt8(0x30 + u))
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            var i = 20
            while u > 0 {
                i -= 1
                buffer[i] = UInt8(0x30 + u % 10)
                u /= 10
            }
            out.append(contentsOf: buffer[i..<20])
        }
    }

    /// `String.format("%f", v)` (`%.6f`); `precision` digits after the point.
    ///
    /// Java rounds the *shortest* decimal representation of `v` half-up, so `0.0000005`
    /// gives `0.000001` and `1.0000005` gives `1.000001`, where C would print `…000` when the
    /// binary value lies just below the half.
    public static func fixed(_ v: Double, precision: Int = 6) -> String {
        if v.isNaN {
            return "NaN"
        }
        if v.isInfinite {
            return v < 0 ? "-Infinity" : "Infinity"
        }
        // The shortest round-trip digits and decimal exponent of |v|.
        var (digits, exponent) = shortestDigits(v.magnitude)
        // digits d1 d2 ... dn represent 0.d1d2...dn × 10^exponent.
        var intPart: [UInt8]
        var fracPart: [UInt8]
        if exponent > 0 {
            if digits.count <= exponent {
                intPart = digits + [UInt8](repeating: 0x30, count: exponent - digits.count)
                fracPart = []
            } else {
                intPart = Array(digits[..<exponent])
                fracPart = Array(digits[exponent...])
            }
        } else {
            intPart = [0x30]
            fracPart = [UInt8](repeating: 0x30, count: -exponent) + digits
        }
        if fracPart.count > precision {
            let roundUp = fracPart[precision] >= 0x35
            fracPart.removeLast(fracPart.count - precision)
            if roundUp {
                // Propagate the carry through the fraction and the integer part.
                var carry = true
                for i in stride(from: fracPart.count - 1, through: 0, by: -1) where carry {
                    if fracPart[i] == 0x39 {
                        fracPart[i] = 0x30
                    } else {
                        fracPart[i] += 1
                        carry = false
                    }
                }
                for i in stride(from: intPart.count - 1, through: 0, by: -1) where carry {
                    if intPart[i] == 0x39 {
                        intPart[i] = 0x30
                    } else {
                        intPart[i] += 1
                        carry = false
                    }
                }
                if carry {
                    intPart.insert(0x31, at: 0)
                }
            }
        }
        while fracPart.count < precision {
            fracPart.append(0x30)
        }
        // Drop leading zeros of the integer part (keep one).
        while intPart.count > 1 && intPart[0] == 0x30 {
            intPart.removeFirst()
        }
        digits = (v.sign == .minus ? [0x2D] : []) + intPart
        if precision > 0 {
            digits += [0x2E] + fracPart
        }
        exponent = 0
        return String(decoding: digits, as: UTF8.self)
    }

    /// `FloatingDecimal.insignificantDigitsNumber` (the entries reachable below 2^63).
    static let insignificantDigits = [0, 0, 0, 0, 1, 1, 1, 2, 2]

    /// The decimal digits JDK 17's `FloatingDecimal` produces for `v` (>= 0), as
    /// `0.d1d2… × 10^exponent`: integers below 2^63 exactly (the low digits rounded off above
    /// 2^57), anything else the shortest digits that round-trip.
    static func shortestDigits(_ v: Double) -> (digits: [UInt8], exponent: Int) {
        if v == 0 {
            return ([0x30], 1)
        }
        if v >= 1 && v < 9_223_372_036_854_775_808.0 && v == v.rounded(.towardZero) {
            // dtoa's "easy case": an integer that fits in a long (developLongDigits).
            var value = Int64(v)
            let binExp = Int(v.exponent)
            var dropped = 0
            if binExp > 53 {
                let p2 = binExp - 54
                dropped = p2 > 1 && p2 < insignificantDigits.count ? insignificantDigits[p2] : 0
            }
            if dropped > 0 {
                var pow10: Int64 = 1
                for _ in 0..<dropped { pow10 *= 10 }
                let residue = value % pow10
                value /= pow10
                if residue >= pow10 >> 1 {
                    value += 1
                }
            }
            var digits = Array(String(value).utf8)
            let exponent = digits.count + dropped
            while digits.count > 1 && digits[digits.count - 1] == 0x30 {
                digits.removeLast()
            }
            return (digits, exponent)
        }
        // Swift's description is the shortest round-trip form: "1.25", "1e-05", "1.5e+20".
        let text = Array(v.description.utf8)
        var mantissa: [UInt8] = []
        var pointPosition: Int?
        var exp10 = 0
        var i = 0
        while i < text.count {
            let c = text[i]
            if c == 0x2E {
                pointPosition = mantissa.count
            } else if c == 0x65 || c == 0x45 {
                exp10 = Int(String(decoding: text[(i + 1)...], as: UTF8.self)) ?? 0
                break
            } else {
                mantissa.append(c)
            }
            i += 1
        }
        var exponent = (pointPosition ?? mantissa.count) + exp10
        // Normalise: strip leading zeros (adjusting the exponent) and trailing zeros.
        while mantissa.count > 1 && mantissa[0] == 0x30 {
            mantissa.removeFirst()
            exponent -= 1
        }
        while mantissa.count > 1 && mantissa[mantissa.count - 1] == 0x30 {
            mantissa.removeLast()
        }
        return (mantissa, exponent)
    }

    // MARK: - Parsing

    /// `Long.decode(s)`, or nil where Java throws `NumberFormatException`.
    ///
    /// An optional sign, then `0x`, `0X` or `#` for hexadecimal, a leading `0` for octal, or
    /// decimal.
    public static func decodeLong(_ s: String) -> Int64? {
        try? checkedDecodeLong(s)
    }

    /// `Long.decode(s)`, throwing the message Java's `NumberFormatException` would carry.
    public static func checkedDecodeLong(_ s: String) throws(JavaNumberFormatException) -> Int64 {
        let units = Array(s.utf16)
        if units.isEmpty {
            throw JavaNumberFormatException(message: "Zero length string")
        }
        var index = 0
        var negative = false
        if units[0] == 0x2D {
            negative = true
            index += 1
        } else if units[0] == 0x2B {
            index += 1
        }
        var radix = 10
        func startsWith(_ prefix: String, at i: Int) -> Bool {
            let p = Array(prefix.utf16)
            return units.count >= i + p.count && Array(units[i..<(i + p.count)]) == p
        }
        if startsWith("0x", at: index) || startsWith("0X", at: index) {
            index += 2
            radix = 16
        } else if startsWith("#", at: index) {
            index += 1
            radix = 16
        } else if startsWith("0", at: index) && units.count > 1 + index {
            index += 1
            radix = 8
        }
        if startsWith("-", at: index) || startsWith("+", at: index) {
            throw JavaNumberFormatException(message: "Sign character in wrong position")
        }
        let rest = Array(units[index...])
        if let value = parse(rest, radix: radix, bound: Int64.max), let magnitude = value {
            return negative ? 0 &- magnitude : magnitude
        }
        // Long.MIN_VALUE (or a real error): Java retries with the sign attached.
        let constant = negative ? [0x2D] + rest : rest
        return try checkedParse(constant, radix: radix)
    }

    /// `Integer.parseInt(s)`, or nil where Java throws.
    public static func parseInt(_ s: String) -> Int32? {
        try? checkedParseInt(s)
    }

    /// `Integer.parseInt(s)`, throwing Java's `NumberFormatException` message
    /// (`For input string: "<s>"`).
    public static func checkedParseInt(_ s: String) throws(JavaNumberFormatException) -> Int32 {
        let units = Array(s.utf16)
        let value = try checkedParse(units, radix: 10, min: Int64(Int32.min), max: Int64(Int32.max))
        return Int32(value)
    }

    /// `Long.parseLong(s, radix)`, or nil where Java throws.
    public static func parseLong(_ s: String, radix: Int = 10) -> Int64? {
        try? checkedParseLong(s, radix: radix)
    }

    /// `Long.parseLong(s, radix)`, throwing Java's `NumberFormatException` message.
    public static func checkedParseLong(_ s: String, radix: Int = 10) throws(JavaNumberFormatException) -> Int64 {
        try checkedParse(Array(s.utf16), radix: radix)
    }

    /// Parses `units` as `Long.parseLong`/`Integer.parseInt` do within `[min, max]`
    /// (ZKStorage's `JavaNumber`), throwing Java's message.
    static func checkedParse(
        _ units: [UInt16],
        radix: Int,
        min: Int64 = .min,
        max: Int64 = .max
    ) throws(JavaNumberFormatException) -> Int64 {
        guard let value = JavaNumber.parse(String(decoding: units, as: UTF16.self), radix: radix, min: min, max: max)
        else { throw JavaNumberFormatException.forInputString(units, radix: radix) }
        return value
    }

    /// Digits only (no sign) of at most `bound`; nil for bad syntax, `.some(nil)` on overflow.
    static func parse(_ units: [UInt16], radix: Int, bound: Int64) -> Int64?? {
        guard !units.isEmpty, units[0] >= 0x30 else {
            return nil
        }
        var result: Int64 = 0
        for u in units {
            let digit = JavaNumber.digit(u, radix: radix)
            guard digit >= 0 else {
                return nil
            }
            let (m, o1) = result.multipliedReportingOverflow(by: Int64(radix))
            let (a, o2) = m.addingReportingOverflow(Int64(digit))
            if o1 || o2 || a > bound {
                return .some(nil)
            }
            result = a
        }
        return .some(result)
    }
}

/// Java's `java.lang.NumberFormatException`, with the message Java would give it.
public struct JavaNumberFormatException: Error, Equatable, Sendable, CustomStringConvertible {
    /// `getMessage()`, e.g. `For input string: "zz"`.
    public var message: String

    /// An exception with `getMessage()` = `message`.
    public init(message: String) {
        self.message = message
    }

    /// The first line of Java's uncaught-exception report:
    /// `java.lang.NumberFormatException: <message>`.
    public var description: String { "java.lang.NumberFormatException: " + message }

    /// `NumberFormatException.forInputString(s, radix)` (JDK 17).
    static func forInputString(_ units: [UInt16], radix: Int) -> JavaNumberFormatException {
        let text = String(decoding: units, as: UTF16.self)
        return JavaNumberFormatException(
            message: "For input string: \"\(text)\"" + (radix == 10 ? "" : " under radix \(radix)")
        )
    }
}
