import TestSupport
import Testing

@testable import ZKStorage

@Suite struct JavaUTF8Tests {
    static func units(_ s: Substring) -> [UInt16] {
        s.split(separator: " ").map { UInt16($0, radix: 16)! }
    }

    static func decodedUnits(_ bytes: [UInt8]) -> [UInt16] {
        Array(JavaUTF8.decode(bytes).utf16)
    }

    @Test func decodesLikeJavaOnListedInputs() throws {
        var count = 0
        for line in try JavaVectors.lines("utf8-decode.txt") where line.hasPrefix("D ") {
            let parts = line.dropFirst(2).split(separator: ";", omittingEmptySubsequences: false)
            let input = JavaVectors.hexBytes(parts[0])
            let expected = Self.units(parts[1])
            #expect(Self.decodedUnits(input) == expected, "input \(parts[0])")
            count += 1
        }
        #expect(count > 3000)
    }

    @Test func decodesLikeJavaOnEveryThreeAndFourByteBoundarySequence() throws {
        let lines = try JavaVectors.lines("utf8-decode.txt")
        let boundary = JavaVectors.hexBytes(lines.first { $0.hasPrefix("B ") }!.dropFirst(2))
        let leads4 = Set(JavaVectors.hexBytes(lines.first { $0.hasPrefix("L ") }!.dropFirst(2)))
        for line in lines where line.hasPrefix("X ") {
            let fields = line.split(separator: " ")
            let length = Int(fields[1])!
            let expected = UInt64(fields[2], radix: 16)!
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            func feed(_ b: UInt8) { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
            var idx = [Int](repeating: 0, count: length)
            var input = [UInt8](repeating: 0, count: length)
            outer: while true {
                for j in 0..<length { input[j] = boundary[idx[j]] }
                if length == 4 && !leads4.contains(input[0]) {
                    var k = length - 1
                    while k >= 0 {
                        idx[k] += 1
                        if idx[k] < boundary.count { continue outer }
                        idx[k] = 0
                        k -= 1
                    }
                    break
                }
                for u in input.withUnsafeBytes({ JavaUTF8.decode($0) }).utf16 {
                    feed(UInt8(u >> 8))
                    feed(UInt8(u & 0xFF))
                }
                feed(0xFF)
                feed(0xFF)
                var k = length - 1
                while k >= 0 {
                    idx[k] += 1
                    if idx[k] < boundary.count { continue outer }
                    idx[k] = 0
                    k -= 1
                }
                break
            }
            #expect(h == expected, "all \(length)-byte sequences (4: with the listed leads)")
        }
    }

    @Test func specExamples() {
        let r = "\u{FFFD}"
        #expect(JavaUTF8.decode([0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80]) == r + r)
        #expect(JavaUTF8.decode([0xF0, 0x9F, 0x98]) == r)
        #expect(JavaUTF8.decode([0xE2, 0x82, 0x41]) == r + "A")
        #expect(JavaUTF8.decode([0xC0, 0x80]) == r + r)
        #expect(JavaUTF8.decode([0xF4, 0x90, 0x80, 0x80]) == r + r + r + r)
        #expect(JavaUTF8.decode([0xF0, 0x9F, 0x98, 0x80]) == "😀")
        #expect(JavaUTF8.decode([]) == "")
    }

    @Test func encodesLikeBinaryOutputArchive() throws {
        var count = 0
        for line in try JavaVectors.lines("jute-encode.txt") {
            let parts = line.dropFirst(2).split(separator: ";", omittingEmptySubsequences: false)
            let s = String(decoding: Self.units(parts[0]), as: UTF16.self)
            let expected = JavaVectors.hexBytes(parts[1])
            #expect(JavaUTF8.encode(s) == expected, "units \(parts[0])")
            #expect(JavaUTF8.encodedLength(s) == expected.count)
            var appended: [UInt8] = [1, 2]
            JavaUTF8.encode(s, into: &appended)
            #expect(appended == [1, 2] + expected)
            count += 1
        }
        #expect(count > 500)
    }
}
