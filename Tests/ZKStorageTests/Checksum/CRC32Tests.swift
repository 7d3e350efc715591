import TestSupport
import Testing
import ZKStorage

@Suite struct CRC32Tests {
    /// ISA-L's `crc32_gzip_refl` gives zlib's `crc32_z` (and so `java.util.zip.CRC32`) on every
    /// length from 0 to 3000, whole and fed in pieces of 1 to 13 bytes.
    @Test func agreesWithZlib() {
        let bytes = PseudoRandom.bytes(3000, seed: 0x243F_6A88_85A3_08D3)
        bytes.withUnsafeBytes { all in
            for n in 0...3000 {
                let part = UnsafeRawBufferPointer(rebasing: all[0..<n])
                var whole = CRC32()
                whole.update(part)
                var pieces = CRC32()
                var i = 0
                while i < n {
                    let k = min(1 + i % 13, n - i)
                    pieces.update(UnsafeRawBufferPointer(rebasing: part[i..<(i + k)]))
                    i += k
                }
                let reference = CRC32.zlibChecksum(part)
                guard whole.value == reference, pieces.value == reference else {
                    Issue.record("length \(n): \(whole.value), \(pieces.value) != zlib's \(reference)")
                    return
                }
            }
        }
    }

    /// The CRC-32 check value of the catalogue of parametrised CRCs (CRC-32/ISO-HDLC, the one
    /// `java.util.zip.CRC32` computes): "123456789" gives 0xCBF43926.
    @Test func checkValue() {
        var crc = CRC32()
        crc.update(Array("123456789".utf8))
        #expect(crc.value == 0xCBF4_3926)
    }
}
