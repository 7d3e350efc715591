/// `Fixtures/damaged/MANIFEST.tsv`: for each damaged case, the damaged file, the original it was
/// made from, and the change in words (which names the entry index or zxid it touched).
public struct DamagedCase: Sendable {
    public var name: String
    /// Absolute path of the damaged file.
    public var path: String
    /// Absolute path of the undamaged original.
    public var base: String
    public var change: String

    /// The "0x…" values the change mentions (zxids), in order, except xor masks.
    public var zxids: [Int64] {
        var result: [Int64] = []
        let chars = Array(change)
        var i = 0
        while i + 1 < chars.count {
            let afterXor = i >= 4 && String(chars[(i - 4)..<i]) == "xor "
            if chars[i] == "0" && chars[i + 1] == "x" && !afterXor {
                let hex = String(chars[(i + 2)...].prefix { $0.isHexDigit })
                if let v = Int64(hex, radix: 16) { result.append(v) }
                i += 2
            } else {
                i += 1
            }
        }
        return result
    }

    /// The number after "entry " in the change, if any.
    public var entryIndex: Int? {
        let words = change.split(separator: " ")
        guard let i = words.firstIndex(of: "entry"), i + 1 < words.count else { return nil }
        return Int(words[i + 1].prefix { $0.isNumber })
    }

    public static let all: [String: DamagedCase] = {
        guard let bytes = try? FixturePaths.read(FixturePaths.fixtures + "/damaged/MANIFEST.tsv") else { return [:] }
        var cases: [String: DamagedCase] = [:]
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n").dropFirst() {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 4 else { continue }
            cases[f[0]] = DamagedCase(
                name: f[0],
                path: FixturePaths.fixtures + "/damaged/\(f[0])/\(f[1])",
                base: FixturePaths.root + "/" + f[2],
                change: f[3]
            )
        }
        return cases
    }()

    /// The case, or a placeholder whose paths do not exist (the test then fails on opening it).
    public static func named(_ name: String) -> DamagedCase {
        all[name] ?? DamagedCase(name: name, path: "/nonexistent/\(name)", base: "/nonexistent", change: "")
    }
}
