import Foundation

/// Test vectors produced by the real Java 17 programs in `Tests/Vectors/Java/`.
public enum JavaVectors {
    /// The directory `Tests/Vectors/Java`.
    public static let directory: String = FixturePaths.root + "/Tests/Vectors/Java"

    /// The whole text of a vector file.
    public static func text(_ name: String) throws -> String {
        try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
    }

    /// The lines of a vector file, without comment lines (`#`) and empty lines.
    public static func lines(_ name: String) throws -> [Substring] {
        try text(name).split(separator: "\n").filter { !$0.hasPrefix("#") }
    }

    /// Undoes the generators' escaping: `\uXXXX` is a UTF-16 unit, everything else is itself.
    public static func unescape(_ s: Substring) -> String {
        if s == "\\u" {
            return ""  // the generators' mark for the empty string
        }
        var units: [UInt16] = []
        var it = s.utf16.makeIterator()
        while let u = it.next() {
            if u == 0x5C {  // backslash
                _ = it.next()  // "u"
                var v: UInt16 = 0
                for _ in 0..<4 {
                    guard let d = it.next(), let digit = UInt16(String(UnicodeScalar(d) ?? "0"), radix: 16) else {
                        break
                    }
                    v = v * 16 + digit
                }
                units.append(v)
            } else {
                units.append(u)
            }
        }
        return String(decoding: units, as: UTF16.self)
    }

    /// Parses space-separated hex bytes ("" for none).
    public static func hexBytes(_ s: Substring) -> [UInt8] {
        s.split(separator: " ").compactMap { UInt8($0, radix: 16) }
    }
}
