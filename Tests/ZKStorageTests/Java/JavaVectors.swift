import Foundation

/// Test vectors produced by the real Java 17 programs in `Tests/Vectors/Java/`.
enum JavaVectors {
    /// The directory `Tests/Vectors/Java`, found from this source file's path.
    static let directory: String = {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)  // Java/JavaVectors.swift, ZKStorageTests
        return parts.joined(separator: "/") + "/Vectors/Java"
    }()

    /// The lines of a vector file, without comment lines (`#`) and empty lines.
    static func lines(_ name: String) throws -> [Substring] {
        let text = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }
    }

    /// Undoes the generators' escaping: `\uXXXX` is a UTF-16 unit, everything else is itself.
    static func unescape(_ s: Substring) -> String {
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
                    let d = it.next()!
                    v = v * 16 + UInt16(Int(String(UnicodeScalar(d)!), radix: 16)!)
                }
                units.append(v)
            } else {
                units.append(u)
            }
        }
        return String(decoding: units, as: UTF16.self)
    }

    /// Parses space-separated hex bytes ("" for none).
    static func hexBytes(_ s: Substring) -> [UInt8] {
        s.split(separator: " ").map { UInt8($0, radix: 16)! }
    }
}
