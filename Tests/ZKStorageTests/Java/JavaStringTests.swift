import TestSupport
import Testing

@testable import ZKStorage

@Suite struct JavaStringTests {
    @Test func hashCodeAndCompareToMatchJava() throws {
        var count = 0
        for line in try JavaVectors.lines("string-compare.txt") {
            let parts = line.dropFirst(2).split(separator: ";", omittingEmptySubsequences: false)
            let a = String(decoding: JavaUTF8Tests.units(parts[0]), as: UTF16.self)
            let b = String(decoding: JavaUTF8Tests.units(parts[1]), as: UTF16.self)
            let numbers = parts[2].split(separator: " ").map { Int($0)! }
            #expect(Int(JavaString.hashCode(a)) == numbers[0])
            #expect(Int(JavaString.hashCode(b)) == numbers[1])
            #expect(JavaString.compare(a, b) == numbers[2], "\(parts[0]) vs \(parts[1])")
            count += 1
        }
        #expect(count > 1000)
    }

    /// `hashCode`/`compareTo` of Java's decoding of arbitrary bytes, from the decoded units Java gave.
    @Test func hashAndCompareOfRawBytesFollowJavasDecoding() throws {
        var previous: (bytes: [UInt8], units: [UInt16])?
        var count = 0
        for line in try JavaVectors.lines("utf8-decode.txt") where line.hasPrefix("D ") {
            let parts = line.dropFirst(2).split(separator: ";", omittingEmptySubsequences: false)
            let bytes = JavaVectors.hexBytes(parts[0])
            let units = JavaUTF8Tests.units(parts[1])
            let expectedHash = units.reduce(UInt32(0)) { $0 &* 31 &+ UInt32($1) }
            #expect(bytes.withUnsafeBytes { JavaString.hashCode(utf8: $0) } == Int32(bitPattern: expectedHash))
            if let previous {
                var expected = previous.units.count - units.count
                for (x, y) in zip(previous.units, units) where x != y {
                    expected = Int(x) - Int(y)
                    break
                }
                let got = previous.bytes.withUnsafeBytes { a in
                    bytes.withUnsafeBytes { b in JavaString.compare(utf8: a, b) }
                }
                #expect(got == expected, "\(previous.bytes) vs \(bytes)")
            }
            previous = (bytes, units)
            count += 1
        }
        #expect(count > 3000)
    }

    @Test func longHashCode() {
        #expect(JavaString.longHashCode(0) == 0)
        #expect(JavaString.longHashCode(-1) == 0)
        #expect(JavaString.longHashCode(1 << 32) == 1)
        #expect(JavaString.longHashCode(0x1_0000_0002) == 3)
        #expect(JavaString.longHashCode(Int64.min) == Int32.min)
    }

    @Test func equalityIsByCodeUnits() {
        #expect(!JavaString.equals("\u{E9}", "e\u{301}"))
        #expect(JavaString.equals("abc", "abc"))
        #expect(JavaString.compare("\u{E9}", "e\u{301}") == 0xE9 - 0x65)
    }
}
