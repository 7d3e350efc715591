import Foundation
import TestSupport
import Testing

@testable import ZKToolSupport

/// ``Base64`` (its vector kernel, 8-byte and 3-byte steps, and padding) against Foundation's
/// independent RFC 4648 encoder, which `java.util.Base64.getEncoder()` matches.
@Suite struct Base64Tests {
    static func encoded(_ input: [UInt8]) -> String {
        var out = [UInt8](repeating: 0, count: Base64.encodedLength(input.count) + 1)
        let n = input.withUnsafeBytes { source in
            out.withUnsafeMutableBufferPointer { Base64.encode(source, into: $0.baseAddress!) }
        }
        #expect(n == Base64.encodedLength(input.count))
        return String(decoding: out[0..<n], as: UTF8.self)
    }

    @Test func everyLengthMatchesFoundation() {
        for count in Array(0...200) + [4095, 4096, 4097, 65_537] {
            let input = PseudoRandom.bytes(count, seed: UInt64(count))
            #expect(Self.encoded(input) == Data(input).base64EncodedString(), "length \(count)")
        }
    }

    @Test func allSixtyFourSymbolsAndEdges() {
        let input =
            (0..<48).map { i -> [UInt8] in
                // Each 6-bit value 0...63 once, packed into 3-byte groups, then all-zero and all-one.
                let v =
                    UInt32(i * 4 % 64) << 18 | UInt32((i * 4 + 1) % 64) << 12 | UInt32((i * 4 + 2) % 64) << 6
                    | UInt32((i * 4 + 3) % 64)
                return [UInt8(v >> 16), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)]
            }.flatMap { $0 } + [UInt8](repeating: 0, count: 24) + [UInt8](repeating: 0xFF, count: 25)
        #expect(Self.encoded(input) == Data(input).base64EncodedString())
    }

    @Test func appendedInChunksAcrossFlushes() {
        let input = PseudoRandom.bytes(10_000, seed: 7)
        let out = ToolOutput.memory(capacity: 256)
        input.withUnsafeBytes { out.appendBase64($0) }
        out.flush()
        #expect(String(decoding: out.written, as: UTF8.self) == Data(input).base64EncodedString())
    }
}
