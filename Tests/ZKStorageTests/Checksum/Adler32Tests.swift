import TestSupport
import Testing
import ZKStorage

@Suite struct Adler32Tests {
    /// ISA-L's Adler-32 equals zlib's on every length from 0 to 5000 and on whole fixture files,
    /// also when fed in pieces.
    @Test func agreesWithZlib() throws {
        let bytes = PseudoRandom.bytes(5000, seed: 0x9E37_79B9_7F4A_7C15)
        try bytes.withUnsafeBytes { all in
            for n in 0...5000 {
                let part = UnsafeRawBufferPointer(rebasing: all[0..<n])
                let fast = Adler32.checksum(part)
                let reference = Adler32.zlibChecksum(part)
                guard fast == reference else {
                    Issue.record("length \(n): \(fast) != \(reference)")
                    return
                }
            }
            for path in FixturePaths.serverSnapshots.prefix(5) {
                let file = try FixturePaths.read(path)
                var pieces = Adler32()
                file.withUnsafeBytes { raw in
                    var i = 0
                    while i < raw.count {
                        let n = min(777, raw.count - i)
                        pieces.update(UnsafeRawBufferPointer(rebasing: raw[i..<(i + n)]))
                        i += n
                    }
                    #expect(pieces.value == Adler32.zlibChecksum(raw))
                }
            }
        }
        // spec-formats §4.3: the Adler-32 of the first entry's payload.
        let payload: [UInt8] = [
            0x00, 0x10, 0x00, 0x00, 0xAB, 0xCD, 0xEF, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
            0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x01, 0x8B, 0xCF, 0xE5, 0x68, 0x00, 0xFF, 0xFF, 0xFF, 0xF6,
            0x00, 0x00, 0x75, 0x30, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x51, 0xC6, 0xD6, 0x60,
        ]
        #expect(payload.withUnsafeBytes { Adler32.checksum($0) } == 0x00de_0c0a)
    }

    /// Combining the checksums of two pieces gives zlib's checksum of the whole, at every split
    /// (the plain-snapshot seals are combined from 4 MiB blocks this way).
    @Test func combineEqualsTheChecksumOfTheWhole() {
        let bytes = (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }
        bytes.withUnsafeBytes { raw in
            for split in [0, 1, 5551, 5552, 33_333, 69_999, 70_000] {
                let a = Adler32.checksum(UnsafeRawBufferPointer(rebasing: raw[0..<split]))
                let b = Adler32.checksum(UnsafeRawBufferPointer(rebasing: raw[split...]))
                #expect(Adler32.combine(a, b, secondLength: raw.count - split) == Adler32.zlibChecksum(raw))
            }
        }
    }
}
