/// Numbers in text output for people: counts with thousands separators, sizes in binary units.
enum Quantities {
    /// 1234567 → "1,234,567".
    static func count(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = n < 0 ? "-" : ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }

    /// 1536 → "1.5 KiB"; below 1 KiB in bytes ("512 B").
    static func bytes(_ n: Int) -> String {
        let units = ["KiB", "MiB", "GiB", "TiB"]
        var value = Double(n.magnitude)
        guard value >= 1024 else { return "\(n) B" }
        var unit = -1
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        let tenths = Int((value * 10).rounded())
        return "\(n < 0 ? "-" : "")\(tenths / 10).\(tenths % 10) \(units[unit])"
    }

    /// A signed size change: "+1.5 KiB", "-512 B", "0 B".
    static func delta(_ n: Int) -> String { n > 0 ? "+" + bytes(n) : bytes(n) }

    /// `text` padded with spaces on the left to `width` characters.
    static func right(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }

    /// `text` padded with spaces on the right to `width` characters.
    static func left(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    /// A 64-bit id as `0x…` in lowercase hex (two's complement for negatives).
    static func hex(_ value: Int64) -> String { "0x" + String(UInt64(bitPattern: value), radix: 16) }
}
