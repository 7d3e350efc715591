import TestSupport
import Testing

@testable import ZKToolSupport

@Suite struct JavaFormatTests {
    @Test func matchesJava() throws {
        var counts: [Character: Int] = [:]
        for line in try JavaVectors.lines("format.txt") {
            let f = line.split(separator: " ")
            let kind = f[0].first!
            counts[kind, default: 0] += 1
            switch kind {
            case "H":
                let v = Int64(f[1])!
                #expect(JavaFormat.hexPadded(v) == f[2])
                #expect(JavaFormat.toHexString(v) == f[3])
                #expect(JavaFormat.decimal(v) == f[4])
            case "D", "I", "X":
                let input = JavaVectors.unescape(f[1])
                let expected = JavaVectors.unescape(f[2])
                let got: String
                do {
                    switch kind {
                    case "D": got = String(try JavaFormat.checkedDecodeLong(input))
                    case "I": got = String(try JavaFormat.checkedParseInt(input))
                    default: got = String(try JavaFormat.checkedParseLong(input, radix: 16))
                    }
                } catch {
                    got = "!" + error.message
                }
                #expect(got == expected, "\(kind) \(f[1])")
            default:
                let v = Double(bitPattern: UInt64(f[1], radix: 16)!)
                #expect(JavaFormat.fixed(v) == f[2], "%f of \(f[1]) (\(v))")
            }
        }
        #expect(counts["H"]! > 200 && counts["D"]! > 50 && counts["F"]! > 300)
    }

    @Test func specExamples() {
        #expect(JavaFormat.hexPadded(0) == "0x00000000000000")
        #expect(JavaFormat.hexPadded(0x1_0000_0001) == "0x00000100000001")
        #expect(JavaFormat.hexPadded(0x100_0001_a2b3_0000) == "0x1000001a2b30000")
        #expect(JavaFormat.hexPadded(-1) == "0xffffffffffffffff")
        #expect(JavaFormat.decodeLong("zz") == nil)
        #expect(JavaFormat.decodeLong("010") == 8)
        #expect(JavaFormat.parseInt("+3") == 3)
        #expect(JavaFormat.parseInt(" 3") == nil)
        #expect(JavaFormat.fixed(0.0012345) == "0.001235")
        let error = #expect(throws: JavaNumberFormatException.self) { try JavaFormat.checkedDecodeLong("zz") }
        #expect(error?.description == "java.lang.NumberFormatException: For input string: \"zz\"")
    }
}
