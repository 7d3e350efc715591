import TestSupport
import Testing

@testable import ZKStorage

/// ``Column`` against `Array` doing the same: across the move from `malloc` memory to a mapping
/// (2 MiB) and through growth by `mremap`, with copies that must not see each other's changes.
@Suite struct ColumnTests {
    /// A pseudo-random sequence (the same every run).
    static func values(_ n: Int, seed: UInt64) -> [Int64] {
        var random = PseudoRandom(seed: seed)
        return (0..<n).map { _ in Int64(bitPattern: random.next()) }
    }

    @Test func appendsAndReadsLikeAnArrayPastTheMappingThreshold() {
        // 1.5M Int64 = 12 MiB: malloc, then a mapping, then several mremap growths.
        let expected = Self.values(1_500_000, seed: 7)
        var column = Column<Int64>()
        var capacities: Set<Int> = []
        for v in expected {
            column.append(v)
            capacities.insert(column.capacity)
        }
        #expect(capacities.count > 10)
        #expect(column.count == expected.count)
        #expect(column.withUnsafeBufferPointer { Array($0) } == expected)
        // Random reads and writes through the subscript.
        var array = expected
        for (k, i) in Self.values(10_000, seed: 3).map({ Int(UInt64(bitPattern: $0) % UInt64(expected.count)) })
            .enumerated()
        {
            #expect(column[i] == array[i])
            column[i] = Int64(k)
            array[i] = Int64(k)
        }
        #expect(column.withUnsafeBufferPointer { Array($0) } == array)
    }

    @Test func copiesAreIndependent() {
        var a = Column<Int32>(repeating: -1, count: 1_000_000)  // 4 MB: mapped
        let b = a
        a[5] = 42
        a.append(7)
        #expect(b[5] == -1)
        #expect(b.count == 1_000_000)
        #expect(a[5] == 42 && a[1_000_000] == 7)
        var small = Column<Int32>(repeating: 3, count: 10)  // malloc
        let smallCopy = small
        small[0] = 9
        #expect(smallCopy[0] == 3 && small[0] == 9)
        // A copy grown past the threshold keeps the original's elements.
        var c = b
        c.append(repeating: 5, count: 2_000_000)
        #expect(c.count == 3_000_000 && c[999_999] == -1 && c[2_999_999] == 5 && b.count == 1_000_000)
    }

    @Test func bytesAppendAndSlices() {
        var names = Column<UInt8>()
        var expected: [UInt8] = []
        for k in 0..<300_000 {
            let chunk = Array("node-\(k)".utf8)
            chunk.withUnsafeBytes { names.append(contentsOf: $0) }
            expected += chunk
        }
        #expect(names.count == expected.count)
        #expect(Array(names[100..<200]) == Array(expected[100..<200]))
        #expect(names.withUnsafeBytes { Array($0) } == expected)
        names.reserveCapacity(names.count * 3)
        #expect(names.capacity >= expected.count * 3)
        #expect(names.withUnsafeBytes { Array($0) } == expected)
    }
}
