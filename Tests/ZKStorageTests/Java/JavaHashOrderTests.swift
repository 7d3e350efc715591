import TestSupport
import Testing

@testable import ZKStorage

@Suite struct JavaHashOrderTests {
    struct Case {
        var kind: Character
        var capacity: Int
        var keys: [Substring]
        var expected: [Int]
    }

    static func cases() throws -> [Case] {
        let lines = try JavaVectors.lines("hash-order.txt")
        var out: [Case] = []
        var i = 0
        while i + 1 < lines.count {
            var fields = lines[i].split(separator: " ", omittingEmptySubsequences: false)
            let kind = fields.removeFirst().first!
            var capacity = 0
            if kind != "C" {
                capacity = Int(fields.removeFirst())!
            }
            let expected = lines[i + 1].split(separator: " ").dropFirst().map { Int($0)! }
            out.append(Case(kind: kind, capacity: capacity, keys: fields, expected: expected))
            i += 2
        }
        return out
    }

    @Test func matchesJavaOnAllVectors() throws {
        let cases = try Self.cases()
        #expect(cases.count > 250)
        var slowPath = 0
        for (n, c) in cases.enumerated() {
            let got: [Int]
            switch c.kind {
            case "S":
                let keys = c.keys.map(JavaVectors.unescape)
                got = JavaHashOrder.stringSetOrder(keys, initialCapacity: c.capacity)
                let spreads = keys.map { k -> UInt32 in
                    let h = UInt32(bitPattern: JavaString.hashCode(k))
                    return h ^ (h >> 16)
                }
                if spreads.withUnsafeBufferPointer({ JavaHashOrder.fastOrder(spreads: $0, initialCapacity: c.capacity) }
                )
                    == nil
                {
                    slowPath += 1
                }
            case "L":
                got = JavaHashOrder.longMapOrder(c.keys.map { Int64($0)! }, initialCapacity: c.capacity)
            default:
                got = JavaHashOrder.longMapCopyOrder(c.keys.map { Int64($0)! })
            }
            #expect(got == c.expected, "case \(n) (\(c.kind), \(c.keys.count) keys)")
        }
        // The vectors must exercise tree bins and early resizes, not only the counting sort.
        #expect(slowPath >= 50)
    }

    @Test func specExamples() {
        #expect(JavaHashOrder.stringSetOrder(["k0", "k1", "k2", "k3", "k4", "Aa", "BB"]) == [5, 6, 0, 1, 2, 3, 4])
        #expect(JavaHashOrder.longMapCopyOrder([1, 4, 5]) == [0, 1, 2])
        #expect(JavaHashOrder.stringSetOrder([]) == [])
        #expect(JavaHashOrder.stringSetOrder(["a", "a"]) == [0])
    }

    @Test func copyConstructorCapacityIsJDK17s() {
        // (int) (s / 0.75f + 1.0f): 3 -> 5 (table 8); JDK 19+ would give 4 (table 4).
        #expect(JavaHashOrder.copyConstructorCapacity(count: 3) == 5)
        #expect(JavaHashOrder.copyConstructorCapacity(count: 12) == 17)
    }

    @Test func distinguishesCanonicallyEquivalentStrings() {
        // Swift's == says these are equal; Java's equals does not.
        let order = JavaHashOrder.stringSetOrder(["\u{E9}", "e\u{301}"])
        #expect(order.sorted() == [0, 1])
    }

    /// A million children (table grown from 8 to 2^21 buckets): every child comes exactly once,
    /// bucket by bucket (`(h ^ h >>> 16) & (2^21 - 1)`), as Java's HashSet iterates.
    @Test func orderOfAMillionChildrenGoesBucketByBucket() {
        let keys = (0..<1_000_000).map { "n\($0)" }
        let order = JavaHashOrder.stringSetOrder(keys)
        #expect(order.sorted() == Array(keys.indices))
        func bucket(_ i: Int) -> UInt32 {
            let h = UInt32(bitPattern: JavaString.hashCode(keys[i]))
            return (h ^ (h >> 16)) & ((1 << 21) - 1)
        }
        let outOfOrder = zip(order, order.dropFirst()).first { bucket($0.0) > bucket($0.1) }
        #expect(outOfOrder == nil)
    }
}
